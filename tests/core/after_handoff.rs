//! After the handoff: the receiver's tracking sheet and the referrer's record are graded
//! column by column against how this run ended, and the morning meeting teaches its rule.
//! The bundled cases that have these steps keep a full-marks path through them.

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use liandong::playthrough::pick::{self, Strategy, autoplay};
use liandong::playthrough::{Playthrough, RoleChoice};
use liandong::scenario::Case;
use liandong::scenario::lint::lint;
use liandong::scenario::load_case;
use liandong::scenario::model::{CardField, Outcome, Role, Step, StepKind};
use liandong::scoring::{Answer, DecisionScore};

use crate::common::{bundled_case_files, load_valid};

/// The cases whose steps include the ones after the handoff.
fn cases_with_follow_up() -> Vec<Arc<Case>> {
    bundled_case_files()
        .iter()
        .map(|f| load_valid(f))
        .filter(|case| {
            case.scenario
                .stages
                .iter()
                .flat_map(|s| &s.steps)
                .any(Step::is_follow_up)
        })
        .collect()
}

fn kind_of(case: &Case, score: &DecisionScore) -> StepKind {
    let at = case
        .graph
        .position(&score.step)
        .expect("a step of the case");
    case.graph.step(&case.scenario, at).kind()
}

/// Plays with the model answer everywhere except where `deviate` gives another.
fn play(case: &Arc<Case>, seed: u64, deviate: impl Fn(&Step) -> Option<Answer>) -> Playthrough {
    let mut run = Playthrough::start(Arc::clone(case), seed, RoleChoice::All, Utc::now())
        .expect("the case starts");
    while let Some(pending) = run.pending() {
        let step = case.graph.step(&case.scenario, pending.at);
        let answer = deviate(step).unwrap_or_else(|| run.model_answer(pending.at));
        run.answer(answer, Utc::now(), 0).expect("the answer fits");
    }
    run
}

#[test]
fn the_showcases_and_at_least_four_more_cases_have_the_steps_after_the_handoff() {
    let cases = cases_with_follow_up();
    let ids: Vec<&str> = cases.iter().map(|c| c.scenario.id.as_str()).collect();
    for showcase in ["overseas-worker", "dividend-transfer"] {
        assert!(ids.contains(&showcase), "{showcase} lacks them: {ids:?}");
    }
    assert!(cases.len() >= 6, "only {ids:?}");
    for case in &cases {
        let kinds: Vec<StepKind> = case
            .scenario
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .map(Step::kind)
            .collect();
        for wanted in [
            StepKind::TrackingSheet,
            StepKind::ReferralRecord,
            StepKind::MorningMeeting,
        ] {
            assert!(
                kinds.contains(&wanted),
                "{} has no {wanted:?}",
                case.scenario.id
            );
        }
    }
}

#[test]
fn the_best_path_scores_full_marks_through_the_sheet_the_record_and_the_meeting() {
    for case in cases_with_follow_up() {
        // seeds enough to meet the busy receivers and hurried customers of these cases
        for seed in 1..=12 {
            let run = autoplay(&case, seed, Strategy::Best, RoleChoice::All).expect("it plays");
            let debrief = run.debrief();
            let id = &case.scenario.id;
            assert!(
                (debrief.total - 100.0).abs() < 1e-6,
                "{id} seed {seed}: {}",
                debrief.total
            );
            assert!(debrief.passed, "{id} seed {seed}");
            let follow_up: Vec<&DecisionScore> = run
                .scores()
                .iter()
                .filter(|s| kind_of(&case, s).is_follow_up())
                .collect();
            assert_eq!(follow_up.len(), 3, "{id} seed {seed}: {follow_up:?}");
            for score in follow_up {
                assert!(score.is_full_marks(), "{id} seed {seed}: {score:?}");
            }
        }
    }
}

#[test]
fn a_declined_customer_gets_a_row_graded_against_the_decline() {
    let case = load_valid(Path::new("scenarios/overseas-worker.ron"));
    // pressing him to sign at the close makes him decline
    let pushy = |step: &Step| match step {
        Step::Script(s) if s.id.as_str() == "wm-close" => Some(Answer::Line(3)),
        _ => None,
    };
    let run = play(&case, 2, pushy);
    assert_eq!(run.outcome(), Some(Outcome::Declined));
    let sheet = run
        .scores()
        .iter()
        .find(|s| kind_of(&case, s) == StepKind::TrackingSheet)
        .expect("a declined customer still gets a row");
    assert!(sheet.is_full_marks(), "{sheet:?}");
    assert!(
        sheet.answer.contains("是否现场达成：否"),
        "{}",
        sheet.answer
    );
    assert!(
        sheet.answer.contains("达成产品：暂未达成"),
        "{}",
        sheet.answer
    );
    assert!(sheet.answer.contains("金额或数量：无"), "{}", sheet.answer);

    // the row of a customer served on the spot is wrong for this run, column by column
    let at = case.graph.position(&sheet.step).unwrap();
    let as_if_converted = pick::best(&case, at);
    let again = play(&case, 2, |step| match step {
        Step::TrackingSheet(_) => Some(as_if_converted.clone()),
        other => pushy(other),
    });
    let wrong = again
        .scores()
        .iter()
        .find(|s| s.step == sheet.step)
        .unwrap();
    assert!(wrong.earned < wrong.max, "{wrong:?}");
    assert!(
        wrong.feedback.iter().any(|f| f.contains("是否现场达成")
            && f.contains("照实应为：否")
            && f.contains("婉拒")),
        "{:?}",
        wrong.feedback
    );
    // the referrer's record of the same run says the customer declined
    let record = again
        .scores()
        .iter()
        .find(|s| kind_of(&case, s) == StepKind::ReferralRecord)
        .unwrap();
    assert_eq!(record.role, Role::Teller);
    assert!(record.answer.contains("客户婉拒"), "{}", record.answer);
}

#[test]
fn the_wrong_follow_up_at_the_morning_meeting_teaches_its_rule() {
    let case = load_valid(Path::new("scenarios/overseas-worker.ron"));
    let meeting = case
        .scenario
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .find_map(|s| match s {
            Step::MorningMeeting(m) => Some(m),
            _ => None,
        })
        .unwrap();
    let drop_them = meeting
        .options
        .iter()
        .position(|o| o.text.contains("只推荐主动问理财"))
        .unwrap();
    let run = play(&case, 4, |step| match step {
        Step::MorningMeeting(_) => Some(Answer::Line(drop_them)),
        _ => None,
    });
    let score = run.scores().last().unwrap();
    assert_eq!(score.step, meeting.id);
    assert_eq!(score.earned, 0.0);
    let rule = score.rule.as_ref().expect("a rule");
    let title = &case.catalogue.rule(rule).unwrap().title;
    assert_eq!(title, "晨会反馈结果，修正推荐方向");
    assert!(
        score
            .feedback
            .iter()
            .any(|f| f.contains("一单的成败不能决定推荐方向")),
        "{:?}",
        score.feedback
    );
    // the customer has left: the meeting moves nobody
    assert_eq!(score.before, score.mood);
}

#[test]
fn a_referral_record_filled_by_the_wrong_role_is_an_error_at_its_line() {
    let base = std::fs::read_to_string("tests/fixtures/follow-up/base.ron").unwrap();
    let moved = base.replace(
        "            role: Teller,\n            title: \"推荐记录与晨会\",",
        "            role: LobbyManager,\n            title: \"推荐记录与晨会\",",
    );
    assert_ne!(moved, base);
    let dir = std::env::temp_dir().join(format!("liandong-after-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("moved.ron");
    std::fs::write(&file, &moved).unwrap();
    let report = load_case(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    let line = moved
        .lines()
        .position(|l| l.trim_start().starts_with("ReferralRecord("))
        .unwrap()
        + 1;
    let found = report
        .diagnostics
        .iter()
        .find(|d| d.code.to_string() == "E026")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(found.line, line);
    assert!(found.message.contains("大堂经理"), "{}", found.message);
    assert!(found.hint.contains("柜员"), "{}", found.hint);
}

#[test]
fn the_base_fixture_plays_every_ending_through_the_forms() {
    let case = load_valid(Path::new("tests/fixtures/follow-up/base.ron"));
    for seed in 1..=4 {
        for strategy in [Strategy::Best, Strategy::Worst, Strategy::Random] {
            let run = autoplay(&case, seed, strategy, RoleChoice::All).unwrap();
            let kinds: Vec<StepKind> = run.scores().iter().map(|s| kind_of(&case, s)).collect();
            assert!(
                kinds.ends_with(&[
                    StepKind::TrackingSheet,
                    StepKind::ReferralRecord,
                    StepKind::MorningMeeting
                ]),
                "{strategy:?} {kinds:?}"
            );
            // the model row is right for whatever ending the run reached
            let sheet_at = case.graph.position(&"sheet".into()).unwrap();
            let Answer::Form(row) = run.model_answer(sheet_at) else {
                panic!("a row")
            };
            let Step::TrackingSheet(form) = case.graph.step(&case.scenario, sheet_at) else {
                panic!("a sheet")
            };
            let facts = run.facts(sheet_at);
            for (field, choice) in form.fields.iter().zip(row) {
                assert!(facts.is_right(&field.choices[choice]), "{:?}", field.field);
            }
            let converted = form
                .fields
                .iter()
                .find(|f| f.field == CardField::ConvertedOnSite)
                .unwrap();
            assert!(!facts.is_right(&converted.choices[1]));
        }
    }
}

#[test]
fn every_bundled_case_validates_and_lints_clean() {
    for file in bundled_case_files() {
        let report = load_case(&file);
        assert!(
            report.diagnostics.is_empty(),
            "{}: {:#?}",
            file.display(),
            report.diagnostics
        );
        let case = report.case.as_ref().unwrap();
        let findings = lint(case, report.source.as_deref().unwrap());
        assert!(findings.is_empty(), "{}: {findings:#?}", file.display());
    }
}
