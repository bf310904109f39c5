//! Scoring pinned on hand-picked paths through a small case whose numbers are easy to check:
//! five decisions of 10 points; weights 30 / 40 / 30; pass mark 70.

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use liandong::playthrough::pick;
use liandong::playthrough::{Playthrough, RoleChoice};
use liandong::scenario::ids::{ActionId, CueId, NeedId, RuleId};
use liandong::scenario::model::{CardField, Grade, Role, Step, Tier};
use liandong::scenario::{Case, load_case};
use liandong::scoring::{Answer, Debrief};

fn pinned() -> Arc<Case> {
    let report = load_case(Path::new("tests/fixtures/scoring/pinned.ron"));
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    report.case.expect("the pinned case loads")
}

fn ids<T: From<&'static str>>(list: &[&'static str]) -> Vec<T> {
    list.iter().map(|s| T::from(*s)).collect()
}

fn best_identify() -> Answer {
    Answer::Identify {
        tier: Some(Tier::MidEnd),
        cues: ids::<CueId>(&["idle"]),
        needs: ids::<NeedId>(&["yield"]),
    }
}

fn best_card() -> Answer {
    Answer::Card {
        fields: vec![0, 0, 0, 0, 0],
        route: 0,
    }
}

fn best_handoff() -> Answer {
    Answer::Handoff(ids::<ActionId>(&[
        "confirm",
        "brief",
        "intro-manager",
        "intro-customer",
    ]))
}

fn play(case: &Arc<Case>, role: RoleChoice, answers: Vec<Answer>) -> Debrief {
    let mut playthrough =
        Playthrough::start(Arc::clone(case), 7, role, Utc::now()).expect("role is in the case");
    for answer in answers {
        playthrough
            .answer(answer, Utc::now(), 1_000)
            .expect("answer fits its step");
    }
    assert!(
        playthrough.is_finished(),
        "the case ends after the last answer"
    );
    playthrough.debrief()
}

#[test]
fn the_model_answers_score_full_marks_and_pass() {
    let case = pinned();
    let debrief = play(
        &case,
        RoleChoice::All,
        vec![
            best_identify(),
            Answer::Line(0),
            best_card(),
            best_handoff(),
            Answer::Line(0),
        ],
    );
    assert_eq!(debrief.total, 100.0);
    assert!(debrief.passed);
    assert!(debrief.red_lines.is_empty());
}

#[test]
fn a_mixed_path_scores_the_pinned_partial_credit() {
    let case = pinned();
    let debrief = play(
        &case,
        RoleChoice::All,
        vec![
            // adjacent tier (half), both cues flagged (F1 2/3), the right need (1) → 7.22 / 10
            Answer::Identify {
                tier: Some(Tier::HighEnd),
                cues: ids::<CueId>(&["idle", "small-cash"]),
                needs: ids::<NeedId>(&["yield"]),
            },
            // quoting the balance: red line, 0 points
            Answer::Line(1),
            // contact left empty: 4 of 5 fields + best route → 5/6 of 10
            Answer::Card {
                fields: vec![0, 1, 0, 0, 0],
                route: 0,
            },
            // all required actions, customer introduced before the manager: coverage 1, order 1/2
            Answer::Handoff(ids::<ActionId>(&[
                "confirm",
                "intro-customer",
                "intro-manager",
                "brief",
            ])),
            // weak opening line: 3 points
            Answer::Line(1),
        ],
    );
    let scores: Vec<f64> = debrief
        .decisions
        .iter()
        .map(|d| (d.earned * 100.0).round() / 100.0)
        .collect();
    assert_eq!(scores, [7.22, 0.0, 8.33, 7.5, 3.0]);
    assert_eq!(debrief.dimensions.identification, Some(72.2));
    assert_eq!(debrief.dimensions.script, Some(15.0));
    assert_eq!(debrief.dimensions.handoff, Some(79.2));
    assert_eq!(debrief.total, 51.4);
    assert!(!debrief.passed);
    assert_eq!(debrief.red_lines, ids::<RuleId>(&["balance-unasked"]));
    let card = &debrief.decisions[2];
    assert_eq!(
        card.grade,
        Some(Grade::Wrong),
        "a card with a wrong field is no best card, whatever the route"
    );
    let handoff = &debrief.decisions[3];
    assert_eq!(
        handoff.violations,
        ["介绍了客户，但还没介绍理财经理（先介绍经理，再介绍客户）"]
    );
    // the broken constraint's own rule, not the first constraint's (before-walking)
    assert_eq!(
        handoff.rule.as_ref().map(|r| r.as_str()),
        Some("manager-first")
    );
    assert_eq!(handoff.broken, ids::<RuleId>(&["manager-first"]));
}

#[test]
fn card_handed_to_the_customer_fails_the_case_whatever_the_total() {
    let case = pinned();
    // everything right but handing the referral card to the customer
    let debrief = play(
        &case,
        RoleChoice::All,
        vec![
            best_identify(),
            Answer::Line(0),
            Answer::Card {
                fields: vec![0, 0, 0, 0, 0],
                route: 1,
            },
            best_handoff(),
            Answer::Line(0),
        ],
    );
    assert!(debrief.total >= 90.0, "total {}", debrief.total);
    assert!(!debrief.passed);
    assert_eq!(debrief.red_line_details.len(), 1);
    assert_eq!(debrief.red_line_details[0].rule.as_str(), "card-internal");
    assert!(!debrief.red_line_details[0].explanation.is_empty());
}

#[test]
fn a_weak_line_costs_points_but_still_passes_above_the_mark() {
    let case = pinned();
    let debrief = play(
        &case,
        RoleChoice::All,
        vec![
            best_identify(),
            Answer::Line(0),
            best_card(),
            best_handoff(),
            Answer::Line(1),
        ],
    );
    assert_eq!(debrief.dimensions.script, Some(65.0));
    assert_eq!(debrief.total, 86.0);
    assert!(debrief.passed);
}

#[test]
fn playing_one_role_scores_only_that_roles_decisions() {
    let case = pinned();
    let mut playthrough = Playthrough::start(
        Arc::clone(&case),
        7,
        RoleChoice::Only(vec![Role::LobbyManager]),
        Utc::now(),
    )
    .unwrap();
    // the teller's stage was played by the model answer before the lobby manager's turn
    let shown: Vec<_> = playthrough
        .transcript()
        .events
        .iter()
        .filter(|e| matches!(e, liandong::playthrough::Event::ModelAnswer { .. }))
        .collect();
    assert_eq!(shown.len(), 3);
    playthrough.answer(best_handoff(), Utc::now(), 500).unwrap();
    assert!(playthrough.is_finished());
    let debrief = playthrough.debrief();
    assert_eq!(debrief.decisions.len(), 1);
    assert_eq!(debrief.dimensions.identification, None);
    assert_eq!(debrief.dimensions.script, None);
    assert_eq!(debrief.total, 100.0);
}

#[test]
fn sending_the_customer_alone_is_a_red_line_in_the_handoff() {
    let case = pinned();
    let debrief = play(
        &case,
        RoleChoice::All,
        vec![
            best_identify(),
            Answer::Line(0),
            best_card(),
            Answer::Handoff(ids::<ActionId>(&["alone"])),
            Answer::Line(0),
        ],
    );
    assert_eq!(debrief.red_lines.len(), 1);
    assert_eq!(debrief.red_lines[0].as_str(), "never-alone");
    let handoff = &debrief.decisions[3];
    assert_eq!(handoff.earned, 0.0);
    assert!(handoff.violations.iter().any(|v| v.starts_with("漏了一步")));
}

#[test]
fn an_answer_that_does_not_fit_its_step_is_refused() {
    let case = pinned();
    let mut playthrough =
        Playthrough::start(Arc::clone(&case), 7, RoleChoice::All, Utc::now()).unwrap();
    assert!(playthrough.answer(Answer::Line(0), Utc::now(), 0).is_err());
    assert!(
        playthrough
            .answer(
                Answer::Identify {
                    tier: None,
                    cues: ids(&["nope"]),
                    needs: vec![]
                },
                Utc::now(),
                0
            )
            .is_err()
    );
    // the refused answers changed nothing
    assert_eq!(playthrough.scores().len(), 0);
    playthrough.answer(best_identify(), Utc::now(), 0).unwrap();
    assert_eq!(playthrough.scores().len(), 1);
}

#[test]
fn a_forbidden_phrasing_in_any_line_is_a_red_line() {
    let report = liandong::scenario::load_case(Path::new(
        "tests/fixtures/errors/W006-forbidden-phrase-in-best-line.ron",
    ));
    let case = report.case.expect("a warning does not stop the case");
    let debrief = play(
        &case,
        RoleChoice::All,
        vec![
            best_identify(),
            Answer::Line(0),
            best_card(),
            best_handoff(),
            Answer::Line(0),
        ],
    );
    assert_eq!(debrief.red_lines, ids::<RuleId>(&["no-guarantee"]));
    assert!(!debrief.passed);
    assert!(
        debrief.decisions[1]
            .feedback
            .iter()
            .any(|f| f.contains("零风险"))
    );
}

#[test]
fn playing_from_a_chosen_step_scores_only_what_follows_and_replays() {
    let case = pinned();
    let mut playthrough = Playthrough::start_from(
        Arc::clone(&case),
        7,
        RoleChoice::All,
        &"walk".into(),
        Utc::now(),
    )
    .unwrap();
    playthrough.answer(best_handoff(), Utc::now(), 0).unwrap();
    playthrough.answer(Answer::Line(1), Utc::now(), 0).unwrap();
    assert!(playthrough.is_finished());
    let debrief = playthrough.debrief();
    assert_eq!(debrief.decisions.len(), 2);
    assert_eq!(debrief.dimensions.identification, None);
    assert_eq!(debrief.dimensions.handoff, Some(100.0));
    assert_eq!(debrief.dimensions.script, Some(30.0));
    let replayed =
        Playthrough::replay(Arc::clone(&case), playthrough.transcript(), RoleChoice::All).unwrap();
    assert_eq!(replayed.debrief(), debrief);
    assert!(
        Playthrough::start_from(case, 7, RoleChoice::All, &"nowhere".into(), Utc::now()).is_err()
    );
}

/// Plays overseas-worker with the model answer everywhere except where `deviate` gives another
/// answer for the pending step; returns the debrief.
fn overseas_worker_with(seed: u64, deviate: impl Fn(&Step) -> Option<Answer>) -> Debrief {
    let case = liandong_case("scenarios/overseas-worker.ron");
    let mut playthrough =
        Playthrough::start(Arc::clone(&case), seed, RoleChoice::All, Utc::now()).unwrap();
    while let Some(pending) = playthrough.pending() {
        let step = case.graph.step(&case.scenario, pending.at);
        let answer = deviate(step).unwrap_or_else(|| pick::best(&case, pending.at));
        playthrough.answer(answer, Utc::now(), 1_000).unwrap();
    }
    playthrough.debrief()
}

fn liandong_case(path: &str) -> Arc<Case> {
    let report = load_case(Path::new(path));
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    report.case.unwrap()
}

/// The model card with the customer asked to write their own name on it.
fn customer_writes_on_the_card(step: &Step) -> Option<Answer> {
    let Step::ReferralCard(card) = step else {
        return None;
    };
    let fields = card
        .fields
        .iter()
        .map(|f| {
            let own = f.choices.iter().position(|c| c.text.contains("客户自己"));
            match (f.field, own) {
                (CardField::Name, Some(own)) => own,
                _ => f.choices.iter().position(|c| c.correct).unwrap_or(0),
            }
        })
        .collect();
    let route = card
        .route
        .iter()
        .position(|r| r.grade == Grade::Best)
        .unwrap_or(0);
    Some(Answer::Card { fields, route })
}

#[test]
fn a_customer_who_writes_on_the_referral_card_fails_the_case() {
    for seed in 1..=5 {
        let debrief = overseas_worker_with(seed, customer_writes_on_the_card);
        assert!(!debrief.passed, "seed {seed}: total {}", debrief.total);
        assert!(
            debrief
                .red_lines
                .iter()
                .any(|r| r.as_str() == "card-internal"),
            "seed {seed}: {:?}",
            debrief.red_lines
        );
        let card = debrief
            .decisions
            .iter()
            .find(|d| d.red_lines.iter().any(|r| r.as_str() == "card-internal"))
            .unwrap();
        assert_eq!(card.grade, Some(Grade::RedLine));
        assert!(
            !debrief.outcome.unwrap().is_success(),
            "seed {seed}: {:?}",
            debrief.outcome
        );
    }
}

#[test]
fn the_combined_breaches_fail_and_name_every_rule() {
    // the customer writes on the card, credit-card pitches on the walk, a precious-metals pitch
    // in the handoff, "一般不会亏的，您放心吧" and "权益终身免费"
    let said = ["信用卡", "一般不会亏", "终身免费"];
    for seed in 1..=10 {
        let debrief = overseas_worker_with(seed, |step| match step {
            Step::ReferralCard(_) => customer_writes_on_the_card(step),
            Step::Script(s) => s
                .options
                .iter()
                .position(|o| said.iter().any(|w| o.text.contains(w)))
                .map(Answer::Line),
            Step::Handoff(h) => {
                let mut sequence = pick::model_sequence(h);
                sequence.extend(
                    h.actions
                        .iter()
                        .filter(|a| a.text.contains("贵金属"))
                        .map(|a| a.id.clone()),
                );
                Some(Answer::Handoff(sequence))
            }
            _ => None,
        });
        assert!(!debrief.passed, "seed {seed}: total {}", debrief.total);
        for rule in ["card-internal", "no-guarantee"] {
            assert!(
                debrief.red_lines.iter().any(|r| r.as_str() == rule),
                "seed {seed}: {rule} not among {:?}",
                debrief.red_lines
            );
        }
        assert!(!debrief.outcome.unwrap().is_success());
        assert!(debrief.trust < 40, "seed {seed}: trust {}", debrief.trust);
    }
}
