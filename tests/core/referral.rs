//! Referral points (转介积分): the catalogue's table, what a run earns per role (only where the
//! chain held, in proportion to the outcome), a trainer's own table, a broken table reported at
//! its line, and the points carried into the store, the exports and the leaderboard.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use chrono::Utc;
use liandong::playthrough::pick::{self, Strategy, autoplay};
use liandong::playthrough::{Playthrough, RoleChoice};
use liandong::scenario::Case;
use liandong::scenario::catalogue::ReferralTable;
use liandong::scenario::model::{ActionKind, Grade, Outcome, Role, Step};
use liandong::scoring::{Answer, ChainPart, Debrief};
use liandong::store::{RunFilter, RunRecord, Store};
use serde_json::Value;

fn liandong(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(args)
        .output()
        .expect("liandong runs")
}

fn ok(args: &[&str]) -> Output {
    let out = liandong(args);
    assert!(
        out.status.success(),
        "liandong {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Plays a case with the model answer except where `deviate` answers the pending step.
fn play_with(case: &Arc<Case>, seed: u64, deviate: impl Fn(&Step) -> Option<Answer>) -> Debrief {
    let mut playthrough =
        Playthrough::start(Arc::clone(case), seed, RoleChoice::All, Utc::now()).unwrap();
    while let Some(pending) = playthrough.pending() {
        let step = case.graph.step(&case.scenario, pending.at);
        let answer = deviate(step).unwrap_or_else(|| pick::best(case, pending.at));
        playthrough.answer(answer, Utc::now(), 1_000).unwrap();
    }
    playthrough.debrief()
}

/// (role, parts, points) of a debrief, for comparing.
fn earned(debrief: &Debrief) -> Vec<(Role, Vec<ChainPart>, f64)> {
    debrief
        .referral
        .roles
        .iter()
        .map(|r| (r.role, r.parts.clone(), r.points))
        .collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[test]
fn the_bundled_table_is_the_default_and_says_it_is_illustrative() {
    let catalogue = liandong::scenario::bundled_catalogue();
    let table = catalogue
        .referral_points
        .clone()
        .expect("rules.ron has a table");
    assert_eq!(table, ReferralTable::default());
    assert!(table.note.contains("示例"), "{}", table.note);
    let text = std::fs::read_to_string("scenarios/rules.ron").unwrap();
    assert!(text.contains("illustrative"));
}

#[test]
fn the_best_path_of_a_converting_case_earns_the_tables_points_for_each_role() {
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    let debrief = autoplay(&case, 1, Strategy::Best, RoleChoice::All)
        .unwrap()
        .debrief();
    assert_eq!(debrief.outcome, Some(Outcome::Converted));
    let points = &debrief.referral;
    assert!(
        points.held && points.on_site && points.share == 100,
        "{points:?}"
    );
    let table = case.catalogue.referral_table();
    let converted = f64::from(table.converted_points(case.scenario.customer.tier));
    let share = |percent: u32| converted * f64::from(percent) / 100.0;
    assert_eq!(
        earned(&debrief),
        [
            (
                Role::Teller,
                vec![ChainPart::Referrer],
                round1(f64::from(table.made) + share(table.split.referrer))
            ),
            (
                Role::LobbyManager,
                vec![ChainPart::Handover],
                round1(f64::from(table.handover) + share(table.split.handover))
            ),
            (
                Role::WealthManager,
                vec![ChainPart::Receiver],
                round1(f64::from(table.received) + share(table.split.receiver))
            ),
        ]
    );
    // with the bundled numbers: 2 + 8 × 50 %, 1 + 8 × 20 %, 1 + 8 × 30 %
    assert_eq!(
        points.roles.iter().map(|r| r.points).collect::<Vec<_>>(),
        [6.0, 2.6, 3.4]
    );
    assert_eq!(points.total, 12.0);

    // the command line prints the same, in text and JSON
    let json = ok(&[
        "run",
        "scenarios/overseas-worker.ron",
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["referral"]["total"], 12.0);
    assert_eq!(json["referral"]["roles"][0]["role"], "Teller");
    assert_eq!(json["referral"]["roles"][0]["points"], 6.0);
    let text =
        String::from_utf8(ok(&["run", "scenarios/overseas-worker.ron", "--seed", "1"]).stdout)
            .unwrap();
    assert!(text.contains("转介积分（示例数值"), "{text}");
    assert!(text.contains("柜员（推荐人） 6.0"));
    assert!(text.contains("理财经理（接收人） 3.4"));
    assert!(text.contains("合计 12.0"));
}

#[test]
fn an_appointment_pays_its_share_and_a_customer_not_walked_over_is_not_received_on_site() {
    // the hurried customer of no-time-customer books a call: 50 %, and nobody walked him over
    let case = common::load_valid(Path::new("scenarios/no-time-customer.ron"));
    let debrief = autoplay(&case, 1, Strategy::Best, RoleChoice::All)
        .unwrap()
        .debrief();
    assert_eq!(debrief.outcome, Some(Outcome::Appointment));
    let points = &debrief.referral;
    assert!(points.held && !points.on_site, "{points:?}");
    assert_eq!(points.share, 50);
    // (2 + 8 × 50 %) / 2, (1 + 8 × 20 %) / 2, (0 + 8 × 30 %) / 2
    assert_eq!(
        points.roles.iter().map(|r| r.points).collect::<Vec<_>>(),
        [3.0, 1.3, 1.2]
    );
    // a customer who complained pays nothing, though nothing broke the chain
    let complaint = common::load_valid(Path::new("scenarios/complaint.ron"));
    let debrief = autoplay(&complaint, 1, Strategy::Worst, RoleChoice::All)
        .unwrap()
        .debrief();
    assert_eq!(debrief.outcome, Some(Outcome::Complaint));
    assert_eq!(debrief.referral.total, 0.0);
}

#[test]
fn a_leaked_card_or_a_customer_sent_alone_earns_no_referral_points() {
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    // the card handed to the customer, everything else the model answer
    let leaked = play_with(&case, 1, |step| match step {
        Step::ReferralCard(card) => Some(Answer::Card {
            fields: card
                .fields
                .iter()
                .map(|f| f.choices.iter().position(|c| c.correct).unwrap())
                .collect(),
            route: card
                .route
                .iter()
                .position(|r| r.grade == Grade::RedLine)
                .unwrap(),
        }),
        _ => None,
    });
    assert!(!leaked.referral.held);
    assert_eq!(leaked.referral.broken[0].title, "转介卡只在行内流转");
    assert_eq!(leaked.referral.total, 0.0);
    assert!(leaked.referral.roles.iter().all(|r| r.points == 0.0));

    // the lobby manager points the way instead of walking the customer over
    let alone = play_with(&case, 1, |step| match step {
        Step::Handoff(handoff) => {
            let walk = handoff.actions.iter().find(|a| {
                a.kind == ActionKind::Required
                    && a.rule.as_ref().map(|r| r.as_str()) == Some("never-alone")
            })?;
            let send_alone = handoff.actions.iter().find(|a| {
                a.kind == ActionKind::RedLine
                    && a.rule.as_ref().map(|r| r.as_str()) == Some("never-alone")
            })?;
            Some(Answer::Handoff(
                pick::model_sequence(handoff)
                    .into_iter()
                    .map(|id| {
                        if id == walk.id {
                            send_alone.id.clone()
                        } else {
                            id
                        }
                    })
                    .collect(),
            ))
        }
        _ => None,
    });
    assert!(!alone.referral.held);
    assert!(
        alone
            .referral
            .broken
            .iter()
            .any(|b| b.title == "不让客户自己去找接收人")
    );
    assert_eq!(alone.referral.total, 0.0);
    let text =
        String::from_utf8(ok(&["run", "scenarios/overseas-worker.ron", "--pick", "worst"]).stdout)
            .unwrap();
    assert!(text.contains("推荐链断了"), "{text}");
}

/// A case folder with the overseas-worker case and a copy of rules.ron edited by `edit`.
fn folder_with_rules(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string("scenarios/rules.ron").unwrap();
    let edited = edit(&rules);
    assert_ne!(edited, rules, "the edit changed nothing");
    std::fs::write(dir.path().join("rules.ron"), &edited).unwrap();
    std::fs::copy(
        "scenarios/overseas-worker.ron",
        dir.path().join("overseas-worker.ron"),
    )
    .unwrap();
    (dir, edited)
}

#[test]
fn a_trainer_who_edits_the_table_changes_the_figures() {
    let (dir, _) = folder_with_rules(|rules| {
        rules
            .replace("made: 2,", "made: 5,")
            .replace("(tier: MidEnd, points: 8)", "(tier: MidEnd, points: 20)")
            .replace(
                "note: \"示例数值，请按本行的积分和分润办法修改\"",
                "note: \"本行 2026 年办法\"",
            )
    });
    let case = dir.path().join("overseas-worker.ron");
    let out = ok(&[
        "run",
        case.to_str().unwrap(),
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let points: Vec<f64> = json["referral"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_f64().unwrap())
        .collect();
    // 5 + 20 × 50 %, 1 + 20 × 20 %, 1 + 20 × 30 %
    assert_eq!(points, [15.0, 5.0, 7.0]);
    assert_eq!(json["referral"]["note"], "本行 2026 年办法");
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

/// `liandong validate` of a folder as JSON diagnostics.
fn diagnostics(dir: &Path) -> Vec<Value> {
    let out = liandong(&["validate", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "a broken table is an error");
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_broken_table_gives_its_error_at_the_line() {
    // a split that does not add up to 100
    let (dir, edited) = folder_with_rules(|rules| {
        rules.replace(
            "split: (referrer: 50, handover: 20, receiver: 30)",
            "split: (referrer: 50, handover: 20, receiver: 20)",
        )
    });
    let found = diagnostics(dir.path());
    let split = found
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("rules.ron"))
        .expect("the catalogue's own diagnostic");
    assert_eq!(split["code"], "E019");
    assert_eq!(split["line"], line_of(&edited, "split: (referrer"));
    assert!(split["message"].as_str().unwrap().contains("合计 90"));
    // the case that depends on it is refused too, naming the catalogue's problem
    assert!(
        found
            .iter()
            .any(|d| d["file"].as_str().unwrap().ends_with("overseas-worker.ron"))
    );

    // a rule the catalogue does not define
    let (dir, edited) = folder_with_rules(|rules| {
        rules.replace("card_rule: \"card-internal\"", "card_rule: \"card-lost\"")
    });
    let found = diagnostics(dir.path());
    let unknown = found.iter().find(|d| d["code"] == "E003").unwrap();
    assert_eq!(unknown["line"], line_of(&edited, "card_rule:"));

    // a tier priced twice, another left out
    let (dir, edited) = folder_with_rules(|rules| {
        rules.replace(
            "(tier: Ordinary, points: 2),",
            "(tier: Potential, points: 2),",
        )
    });
    let found = diagnostics(dir.path());
    let tiers = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("Ordinary"))
        .unwrap();
    assert_eq!(tiers["line"], line_of(&edited, "converted: ["));

    // outcomes out of order, and a negative number RON cannot read as points
    let (dir, edited) = folder_with_rules(|rules| {
        rules.replace(
            "appointment: 50, contact_kept: 20",
            "appointment: 50, contact_kept: 60",
        )
    });
    let found = diagnostics(dir.path());
    let order = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("contact_kept"))
        .unwrap();
    assert_eq!(order["line"], line_of(&edited, "outcomes: ("));
    let (dir, edited) = folder_with_rules(|rules| rules.replace("made: 2,", "made: -2,"));
    let found = diagnostics(dir.path());
    let negative = found
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("rules.ron"))
        .unwrap();
    assert_eq!(negative["line"], line_of(&edited, "made: -2"));
}

#[test]
fn points_are_stored_exported_and_ranked_on_the_leaderboard() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let save = |trainee: &str, case: &str, pick: &str, role: &str| {
        ok(&[
            "--data-dir",
            data_arg,
            "run",
            case,
            "--pick",
            pick,
            "--role",
            role,
            "--trainee",
            trainee,
            "--save",
        ]);
    };
    save("小王", "scenarios/overseas-worker.ron", "best", "all");
    save("小李", "scenarios/overseas-worker.ron", "worst", "all");
    // the lobby manager refers and walks the customer over herself: both parts are hers
    save("小张", "scenarios/brochure-reader.ron", "best", "lobby");
    let setup = dir.path().join("contest.ron");
    std::fs::write(
        &setup,
        r#"(name: "积分赛", teams: [(name: "一组", members: ["甲", "乙", "丙"]),
            (name: "二组", members: ["丁", "戊", "己"])],
            cases: ["overseas-worker"], case_order: InOrder, roles: Fixed, seed: 1)"#,
    )
    .unwrap();
    ok(&[
        "--data-dir",
        data_arg,
        "contest",
        "new",
        setup.to_str().unwrap(),
    ]);
    ok(&["--data-dir", data_arg, "contest", "play", "积分赛"]);

    // the store keeps each role's points with the run
    let (store, _) = Store::open(&data).unwrap();
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs.len(), 5);
    let wang = &runs[0];
    assert_eq!(
        wang.referral,
        [
            (Role::Teller, 6.0),
            (Role::LobbyManager, 2.6),
            (Role::WealthManager, 3.4)
        ]
    );
    assert_eq!(wang.referral_earned(), 12.0);
    assert_eq!(runs[1].referral_earned(), 0.0);
    // 小张 played the lobby manager only: the model's wealth manager earns her nothing
    assert_eq!(runs[2].referral_earned(), 8.6);
    let record: RunRecord = store.run(wang.id).unwrap().unwrap();
    assert_eq!(record.referral, wang.referral);
    drop(store);

    let board = ok(&["--data-dir", data_arg, "leaderboard", "--format", "json"]);
    let board: Value = serde_json::from_slice(&board.stdout).unwrap();
    let rows = board["rows"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["trainee"] == name).unwrap().clone();
    assert_eq!(rows[0]["trainee"], "小王");
    assert_eq!(rows[0]["rank"], 1);
    assert_eq!(row("小王")["points"], 12.0);
    assert_eq!(row("小张")["points"], 8.6);
    assert_eq!(row("小张")["roles"][0]["role_label"], "大堂经理");
    assert_eq!(row("小李")["points"], 0.0);
    assert_eq!(row("小李")["runs"], 1);
    // contest members earn their own role's points: the tellers 6, the lobby managers 2.6
    assert_eq!(row("甲")["points"], 6.0);
    assert_eq!(row("丁")["points"], 6.0);
    assert_eq!(row("甲")["rank"], row("丁")["rank"]);
    assert_eq!(row("乙")["points"], 2.6);
    assert_eq!(row("丙")["roles"][0]["role_label"], "理财经理");
    let text = String::from_utf8(ok(&["--data-dir", data_arg, "leaderboard"]).stdout).unwrap();
    assert!(text.starts_with("转介积分排行榜（全部记录）"), "{text}");
    assert!(text.contains("示例数值"));
    assert!(!text.contains("Teller") && !text.contains("LobbyManager"));

    let tomorrow = (chrono::Local::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let later = ok(&[
        "--data-dir",
        data_arg,
        "leaderboard",
        "--since",
        &tomorrow,
        "--format",
        "json",
    ]);
    let later: Value = serde_json::from_slice(&later.stdout).unwrap();
    assert!(later["rows"].as_array().unwrap().is_empty());

    // the CSV export has the points; xAPI statements carry each actor's own
    let csv_file = dir.path().join("runs.csv");
    let xapi_file = dir.path().join("xapi.json");
    ok(&[
        "--data-dir",
        data_arg,
        "export",
        "--csv",
        csv_file.to_str().unwrap(),
        "--xapi",
        xapi_file.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&csv_file).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let at = header
        .iter()
        .position(|h| h == "转介积分 (referral_points)")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][at], "12");
    assert_eq!(&rows[0][at + 1], "柜员 6；大堂经理 2.6；理财经理 3.4");
    assert_eq!(&rows[2][at], "8.6");
    assert!(rows[2][at + 1].contains("理财经理 3.4（示范）"));
    let statements: Value = serde_json::from_slice(&std::fs::read(&xapi_file).unwrap()).unwrap();
    let extension = "https://liandong.local/xapi/referral-points";
    let of = |name: &str| {
        statements
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["actor"]["name"] == name)
            .unwrap()["context"]["extensions"][extension]
            .clone()
    };
    assert_eq!(of("小王"), 12.0);
    assert_eq!(of("乙"), 2.6);

    // a trainee's history shows the points of each run
    let history = ok(&[
        "--data-dir",
        data_arg,
        "history",
        "小王",
        "--format",
        "json",
    ]);
    let history: Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(history["runs"][0]["referral"][0][1], 6.0);
}

#[test]
fn a_database_from_before_referral_points_upgrades_and_keeps_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    let record = |trainee: &str| {
        let played = autoplay(&case, 1, Strategy::Best, RoleChoice::All).unwrap();
        RunRecord::from_playthrough(&played, trainee, None)
    };
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        store.save_run(&record("老张")).unwrap();
    }
    // what a database of schema 2 held: no referral points table
    let conn = rusqlite::Connection::open(dir.path().join(liandong::store::DB_FILE)).unwrap();
    // (and none of the columns and tables of later migrations)
    conn.execute_batch(
        "DROP TABLE referral_points; DROP TABLE observer_marks; DROP TABLE observer_sheets;
         ALTER TABLE trainees DROP COLUMN staff_no; ALTER TABLE trainees DROP COLUMN branch;
         ALTER TABLE runs DROP COLUMN staff_no; ALTER TABLE runs DROP COLUMN branch;
         DROP TABLE outbox;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);

    let (mut store, recovery) = Store::open(dir.path()).unwrap();
    assert!(recovery.is_none(), "{recovery:?}");
    assert_eq!(store.schema_version().unwrap(), 6);
    let old = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(old.len(), 1);
    assert!(old[0].referral.is_empty());
    assert_eq!(old[0].referral_earned(), 0.0);
    store.save_run(&record("老张")).unwrap();
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs[1].referral_earned(), 12.0);
}
