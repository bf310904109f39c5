//! The other two kinds of file a trainer hands liandong, each taken the way its command takes
//! it: transcripts as `liandong replay` reads and replays them, contest setups as
//! `liandong contest new` reads and checks them (then the turn plan an accepted setup gives).
//! Shared by `examples/fuzz_cases` and `tests/core/fuzz_regressions.rs`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use liandong::competition::{
    CaseOrder, ContestSetup, MAX_MEMBERS, MAX_TEAMS, RoleAssignment, Scenes, Scoreboard, TeamSetup,
};
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::playthrough::{Playthrough, RoleChoice, Transcript};
use liandong::scenario::limits::{MAX_SETUP_BYTES, MAX_TRANSCRIPT_BYTES};
use liandong::scenario::load::{read_user_text, ron_options};
use liandong::scenario::{Case, validate_paths};

use crate::pipeline::{Outcome, Route};

/// What is fuzzed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Case files and `rules.ron` (the pipeline in `pipeline.rs`).
    Cases,
    /// Transcripts, replayed against the bundled cases.
    Transcripts,
    /// Contest setups, checked against the bundled cases' ids.
    Contests,
}

impl Target {
    pub fn parse(name: &str) -> Option<Target> {
        match name {
            "cases" => Some(Target::Cases),
            "transcripts" => Some(Target::Transcripts),
            "contests" => Some(Target::Contests),
            _ => None,
        }
    }
}

/// The playable bundled cases, by id, in a stable order.
fn bundled_cases(root: &Path) -> Vec<Arc<Case>> {
    let mut cases: Vec<Arc<Case>> = validate_paths(&[root.join("scenarios")])
        .into_iter()
        .filter(|r| !r.has_errors())
        .filter_map(|r| r.case)
        .collect();
    cases.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
    cases
}

/// The text of an input as the command would have it: read from a file through the same
/// bounded reader (BOM dropped, UTF-8 checked, size capped) when the route says so.
fn text_of(
    input: &[u8],
    route: Route,
    dir: &Path,
    limit: u64,
    out: &mut Outcome,
) -> Option<String> {
    if route == Route::Text {
        let text = std::str::from_utf8(input).ok().map(str::to_owned);
        if text.is_none() {
            out.kind = "not utf-8".into();
        }
        return text;
    }
    let path = dir.join("input.ron");
    std::fs::write(&path, input).ok()?;
    match read_user_text(&path, limit) {
        Ok(text) => Some(text),
        Err(e) => {
            let said_why = e.contains("超过上限") || e.contains("UTF-8");
            if !said_why {
                out.oddities
                    .push(format!("a regular file could not be read: {e}"));
            }
            out.kind = "unreadable".into();
            None
        }
    }
}

/// ron's error kind without its details, so that outcomes group by kind.
fn error_kind(error: &ron::error::SpannedError) -> String {
    let text = format!("{:?}", error.code);
    let end = text.find(['(', ' ', '{']).unwrap_or(text.len());
    format!("ron {}", &text[..end])
}

pub struct TranscriptPipeline {
    cases: HashMap<String, Arc<Case>>,
    /// Against which a transcript of an unknown case is replayed (and refused, as the command
    /// refuses a transcript of another case).
    fallback: Arc<Case>,
    dir: tempfile::TempDir,
}

impl TranscriptPipeline {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        let cases = bundled_cases(root);
        let fallback = cases
            .first()
            .cloned()
            .ok_or_else(|| std::io::Error::other("no playable bundled case"))?;
        Ok(TranscriptPipeline {
            cases: cases
                .into_iter()
                .map(|c| (c.scenario.id.clone(), c))
                .collect(),
            fallback,
            dir: tempfile::Builder::new()
                .prefix("liandong-fuzz-transcripts")
                .tempdir()?,
        })
    }

    /// Transcripts of every bundled case: three ways of answering on two seeds, all roles and
    /// each role alone.
    pub fn seeds(&self) -> Vec<Vec<u8>> {
        let mut ids: Vec<&String> = self.cases.keys().collect();
        ids.sort();
        let mut seeds = Vec::new();
        for id in ids {
            let case = &self.cases[id];
            let mut roles = vec![RoleChoice::All];
            for stage in &case.scenario.stages {
                let only = RoleChoice::Only(vec![stage.role]);
                if !roles.contains(&only) {
                    roles.push(only);
                }
            }
            for (n, role) in roles.into_iter().enumerate() {
                for seed in [1, 2] {
                    for strategy in [Strategy::Best, Strategy::Worst, Strategy::Random] {
                        // every role alone once, all roles every way
                        if n > 0 && (seed, strategy) != (1, Strategy::Random) {
                            continue;
                        }
                        if let Ok(played) = autoplay(case, seed, strategy, role.clone()) {
                            seeds.push(played.transcript().to_ron().into_bytes());
                        }
                    }
                }
            }
        }
        seeds
    }

    pub fn run(&self, input: &[u8], route: Route) -> Outcome {
        let mut out = Outcome::default();
        let Some(text) = text_of(
            input,
            route,
            self.dir.path(),
            MAX_TRANSCRIPT_BYTES,
            &mut out,
        ) else {
            return out;
        };
        let saved = match Transcript::from_ron(&text) {
            Ok(saved) => saved,
            Err(e) => {
                out.kind = error_kind(&e);
                return out;
            }
        };
        let Some(case) = self.cases.get(&saved.scenario) else {
            // `replay` refuses a transcript of another case before replaying it
            out.kind = "another case".into();
            let _ = &self.fallback;
            return out;
        };
        let Some(role) = RoleChoice::from_label(&saved.role) else {
            out.kind = "unknown role".into();
            return out;
        };
        let replayed = match Playthrough::replay(Arc::clone(case), &saved, role.clone()) {
            Ok(replayed) => replayed,
            Err(e) => {
                out.kind = format!(
                    "refused: {}",
                    e.to_string().chars().take(6).collect::<String>()
                );
                return out;
            }
        };
        out.usable = true;
        out.kind = if replayed.is_finished() {
            "replayed".into()
        } else {
            "replayed, unfinished".into()
        };
        let debrief = replayed.debrief();
        if !(0.0..=100.0).contains(&debrief.total) {
            out.oddities
                .push(format!("replayed total {} outside 0–100", debrief.total));
        }
        if let Err(e) = serde_json::to_string(&debrief) {
            out.oddities
                .push(format!("the debrief cannot be printed as JSON: {e}"));
        }
        // what a replay saves must replay again to the same debrief
        let again = replayed.transcript().to_ron();
        match Transcript::from_ron(&again) {
            Err(e) => out
                .oddities
                .push(format!("a replayed transcript cannot be read back: {e}")),
            Ok(back) => match Playthrough::replay(Arc::clone(case), &back, role) {
                Err(e) => out
                    .oddities
                    .push(format!("a replayed transcript does not replay again: {e}")),
                Ok(twice) if twice.debrief().total != debrief.total => out.oddities.push(format!(
                    "replayed twice: total {} then {}",
                    debrief.total,
                    twice.debrief().total
                )),
                Ok(_) => {}
            },
        }
        out
    }
}

pub struct ContestPipeline {
    ids: Vec<String>,
    cases: HashMap<String, Arc<Case>>,
    dir: tempfile::TempDir,
}

impl ContestPipeline {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        let cases = bundled_cases(root);
        Ok(ContestPipeline {
            ids: cases.iter().map(|c| c.scenario.id.clone()).collect(),
            cases: cases
                .into_iter()
                .map(|c| (c.scenario.id.clone(), c))
                .collect(),
            dir: tempfile::Builder::new()
                .prefix("liandong-fuzz-contests")
                .tempdir()?,
        })
    }

    /// Setups from the smallest to the largest the rules allow, both orders and both role
    /// assignments, with and without the optional fields, written with and without the struct
    /// name.
    pub fn seeds(&self) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        let names = ["春季PK", "=SUM(A1)", "Team 甲", "新员工岗位联动大赛第一场"];
        let shapes = [(2, 1), (3, 3), (6, 4), (MAX_TEAMS, MAX_MEMBERS)];
        for (n, (teams, members)) in shapes.into_iter().enumerate() {
            let rounds = (n * 3 + 1).min(self.ids.len());
            let setup = ContestSetup {
                name: names[n].to_owned(),
                teams: (0..teams)
                    .map(|t| TeamSetup {
                        name: format!("第{}组", t + 1),
                        members: (0..members).map(|m| format!("学员{t}-{m}")).collect(),
                    })
                    .collect(),
                cases: self
                    .ids
                    .iter()
                    .cycle()
                    .skip(n)
                    .take(rounds)
                    .cloned()
                    .collect(),
                case_order: if n % 2 == 0 {
                    CaseOrder::InOrder
                } else {
                    CaseOrder::Drawn
                },
                roles: if n < 2 {
                    RoleAssignment::Fixed
                } else {
                    RoleAssignment::Rotating
                },
                seed: 20_261_123 + n as u64,
                decision_limit_secs: (n % 2 == 1).then_some(30),
                podium: 1 + n,
                red_line_penalty: Default::default(),
                scenes: if n == 2 {
                    Scenes::PerTeam
                } else {
                    Scenes::Same
                },
                timers: Default::default(),
            };
            for names in [false, true] {
                let config = ron::ser::PrettyConfig::default().struct_names(names);
                if let Ok(text) = ron::ser::to_string_pretty(&setup, config) {
                    seeds.push(text.into_bytes());
                }
            }
        }
        seeds
    }

    pub fn run(&self, input: &[u8], route: Route) -> Outcome {
        let mut out = Outcome::default();
        let Some(text) = text_of(input, route, self.dir.path(), MAX_SETUP_BYTES, &mut out) else {
            return out;
        };
        let setup: ContestSetup = match ron_options().from_str(&text) {
            Ok(setup) => setup,
            Err(e) => {
                out.kind = error_kind(&e);
                return out;
            }
        };
        if let Err(e) = setup.check(|id| self.cases.contains_key(id)) {
            // the kind of refusal: the error's variant
            let variant = format!("{e:?}");
            let variant = variant.split([' ', '(', '{']).next().unwrap_or_default();
            out.kind = format!("refused: {variant}");
            return out;
        }
        out.usable = true;
        out.kind = "accepted".into();
        let odd = &mut out.oddities;
        // the plan an accepted setup gives: every case played (once per round with one scene
        // for all, dealt to the teams with a scene each), every member on stage
        let mut dealt: Vec<String> = setup.scene_table().into_iter().flatten().collect();
        let mut listed = setup.cases.clone();
        dealt.sort();
        dealt.dedup();
        listed.sort();
        listed.dedup();
        if dealt != listed {
            odd.push("the scenes played are not the listed cases".into());
        }
        let turns = setup.turns();
        if turns.len() != setup.round_count() * setup.teams.len() {
            odd.push(format!(
                "{} turns for {} rounds of {} teams",
                turns.len(),
                setup.round_count(),
                setup.teams.len()
            ));
        }
        if setup.next_turn(&[]) != turns.first().copied() || setup.next_turn(&turns).is_some() {
            odd.push("the next turn is not the first, or the contest does not end".into());
        }
        for turn in turns.iter().take(3 * setup.teams.len()) {
            let Some(case) = setup.case_of(*turn).and_then(|id| self.cases.get(&id)) else {
                odd.push(format!("round {} has no case", turn.round));
                continue;
            };
            for (role, member) in setup.lineup(*turn, case) {
                if !setup.teams[turn.team].members.contains(&member) {
                    odd.push(format!(
                        "{member} plays {role:?} for a team they are not in"
                    ));
                }
            }
        }
        let board = Scoreboard::build(&setup, &[], &[]);
        if board.standings.len() != setup.teams.len() {
            odd.push("the scoreboard does not list every team".into());
        }
        let _ = board.podium(setup.podium);
        out
    }
}
