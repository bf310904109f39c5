//! Driving `liandong play` through stdin: what a decision shows as the terminal numbers it,
//! what to type for an answer, and the lists the terminal printed. Shared by the core's test of
//! the terminal (tests/core/shown.rs) and the app's (tests/app/shown.rs), which includes this
//! file by path.
#![allow(
    dead_code,
    reason = "each test crate uses a different part of these helpers"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use chrono::Utc;
use liandong::playthrough::pick;
use liandong::playthrough::{Choice, Choices, Playthrough, RoleChoice, Shown, Transcript};
use liandong::scenario::Case;
use liandong::scoring::Answer;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// Every choice a step shows, as the terminal numbers it: (number, words) list after list.
pub fn listed(shown: &Shown) -> Vec<(usize, String)> {
    let numbered = |choices: &[Choice]| -> Vec<(usize, String)> {
        choices
            .iter()
            .enumerate()
            .map(|(n, c)| (n + 1, c.text.clone()))
            .collect()
    };
    match &shown.choices {
        Choices::Script { lines } => numbered(lines),
        Choices::Identify { tiers, cues, needs } => tiers
            .iter()
            .enumerate()
            .map(|(n, t)| (n + 1, t.label().to_owned()))
            .chain(numbered(cues))
            .chain(numbered(needs))
            .collect(),
        Choices::Card { fields, route } => fields
            .iter()
            .flat_map(|f| numbered(&f.choices))
            .chain(numbered(route))
            .collect(),
        Choices::Handoff { actions } => numbered(actions),
        Choices::Form { fields } => fields.iter().flat_map(|f| numbered(&f.choices)).collect(),
    }
}

/// What a trainee types in the terminal to give `answer` at the step showing `shown`: the
/// position shown of each choice, 1-based, one line per question.
pub fn typed(case: &Case, shown: &Shown, answer: &Answer) -> String {
    use liandong::scenario::model::Step;
    let position = |choices: &[Choice], index: usize| {
        let at = choices.iter().position(|c| c.index == index);
        at.expect("the answer's choice is shown") + 1
    };
    let positions = |choices: &[Choice], indexes: Vec<usize>| {
        let typed: Vec<String> = indexes
            .into_iter()
            .map(|i| position(choices, i).to_string())
            .collect();
        typed.join(" ")
    };
    let step = case.graph.step(&case.scenario, shown.at);
    let mut lines = Vec::new();
    match (step, &shown.choices, answer) {
        (
            Step::Script(_) | Step::MorningMeeting(_),
            Choices::Script { lines: shown },
            Answer::Line(i),
        ) => {
            lines.push(position(shown, *i).to_string());
        }
        (Step::Identify(s), Choices::Identify { tiers, cues, needs }, answer) => {
            let Answer::Identify {
                tier,
                cues: picked_cues,
                needs: picked_needs,
            } = answer
            else {
                panic!("an identification answers an identification")
            };
            if let Some(tier) = tier {
                let at = tiers.iter().position(|t| t == tier).expect("tier shown");
                lines.push((at + 1).to_string());
            }
            if !cues.is_empty() {
                let indexes = picked_cues
                    .iter()
                    .map(|c| s.cues.iter().position(|x| x == c).unwrap())
                    .collect();
                lines.push(positions(cues, indexes));
            }
            if !needs.is_empty() {
                let indexes = picked_needs
                    .iter()
                    .map(|n| s.needs.iter().position(|x| x == n).unwrap())
                    .collect();
                lines.push(positions(needs, indexes));
            }
        }
        (
            Step::ReferralCard(_),
            Choices::Card { fields, route },
            Answer::Card {
                fields: f,
                route: r,
            },
        ) => {
            for (field, choice) in fields.iter().zip(f) {
                lines.push(position(&field.choices, *choice).to_string());
            }
            lines.push(position(route, *r).to_string());
        }
        (
            Step::TrackingSheet(_) | Step::ReferralRecord(_),
            Choices::Form { fields },
            Answer::Form(row),
        ) => {
            for (field, choice) in fields.iter().zip(row) {
                lines.push(position(&field.choices, *choice).to_string());
            }
        }
        (Step::Handoff(h), Choices::Handoff { actions }, Answer::Handoff(sequence)) => {
            let indexes = sequence
                .iter()
                .map(|id| h.actions.iter().position(|a| &a.id == id).unwrap())
                .collect();
            lines.push(positions(actions, indexes));
        }
        other => panic!("an answer that does not fit its step: {other:?}"),
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A run decided ahead: what each decision shows and the answer given to it.
pub struct Planned {
    pub shown: Vec<Shown>,
    pub answers: Vec<Answer>,
}

/// Plays `case` in the engine with answers drawn from `answer_seed` (the model answer when it
/// is 0), recording what each decision shows.
pub fn plan(case: &Arc<Case>, seed: u64, answer_seed: u64) -> Planned {
    let mut engine =
        Playthrough::start(Arc::clone(case), seed, RoleChoice::All, Utc::now()).expect("starts");
    let mut rng = ChaCha8Rng::seed_from_u64(answer_seed);
    let mut planned = Planned {
        shown: Vec::new(),
        answers: Vec::new(),
    };
    while let Some(pending) = engine.pending() {
        let shown = engine
            .shown()
            .expect("a pending decision shows its choices");
        assert_eq!(shown.at, pending.at);
        let answer = if answer_seed == 0 {
            engine.model_answer(pending.at)
        } else {
            pick::random(case, pending.at, &mut rng)
        };
        engine
            .answer(answer.clone(), Utc::now(), 0)
            .expect("answer fits");
        planned.shown.push(shown);
        planned.answers.push(answer);
        assert!(planned.answers.len() < 200, "the run ends");
    }
    planned
}

/// Runs `liandong play FILE --seed SEED` with `input`, saving the transcript; its stdout and
/// the transcript.
pub fn play_in_terminal(file: &Path, seed: u64, input: &str, save: &Path) -> (String, Transcript) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("play")
        .arg(file)
        .args(["--seed", &seed.to_string(), "--transcript"])
        .arg(save)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("liandong runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} seed {seed}: {stdout}\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = std::fs::read_to_string(save).expect("transcript saved");
    (
        stdout,
        Transcript::from_ron(&saved).expect("transcript reads"),
    )
}

/// The numbered choices the terminal printed for each decision, in the order printed: a
/// decision starts at a line beginning with "【", and the debrief at the end at one beginning
/// with "════".
pub fn terminal_lists(stdout: &str, decisions: usize) -> Vec<Vec<(usize, String)>> {
    let mut lists: Vec<Vec<(usize, String)>> = Vec::new();
    for line in stdout.lines() {
        if line.starts_with("════") && !lists.is_empty() {
            break;
        }
        if line.starts_with('【') {
            if lists.len() == decisions {
                break;
            }
            lists.push(Vec::new());
            continue;
        }
        let Some(list) = lists.last_mut() else {
            continue;
        };
        let trimmed = line.trim_start();
        if trimmed.len() == line.len() {
            continue;
        }
        if let Some((number, text)) = trimmed.split_once(". ")
            && let Ok(number) = number.parse::<usize>()
        {
            list.push((number, text.to_owned()));
        }
    }
    lists
}
