//! Who a trainee is beyond a typed name: a staff number (工号) and a branch, given on the
//! command line, kept with the run, and the xAPI actor an LMS recognises; and every statement
//! accepted by Learning Locker's validator (quickly) and by ralph's model.

use std::path::Path;
use std::process::{Command, Output};

use liandong::competition::{CaseOrder, ContestSetup, RoleAssignment, TeamSetup, Turn};
use liandong::export::xapi;
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::model::Role;
use liandong::store::{CompetitionTurn, Identity, RunFilter, RunRecord, Store};
use serde_json::Value;

use crate::common;

fn liandong(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn save(data: &Path, name: &str, staff_no: &str, branch: &str) {
    let out = liandong(
        data,
        &[
            "run",
            "scenarios/large-remittance.ron",
            "--seed",
            "3",
            "--trainee",
            name,
            "--staff-no",
            staff_no,
            "--branch",
            branch,
            "--save",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_staff_number_and_branch_make_two_namesakes_two_learners() {
    let dir = tempfile::tempdir().expect("a folder");
    save(dir.path(), "张三", "0801234", "城东支行");
    save(dir.path(), "张三", "0905678", "城西支行");
    let xapi_file = dir.path().join("x.json");
    let csv_file = dir.path().join("runs.csv");
    let out = liandong(
        dir.path(),
        &[
            "export",
            "--xapi",
            xapi_file.to_str().expect("a path"),
            "--csv",
            csv_file.to_str().expect("a path"),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let statements: Value =
        serde_json::from_slice(&std::fs::read(&xapi_file).expect("written")).expect("JSON");
    let statements = statements.as_array().expect("an array");
    assert_eq!(statements.len(), 2);
    let actors: Vec<&Value> = statements.iter().map(|s| &s["actor"]).collect();
    assert_eq!(
        *actors[0],
        serde_json::json!({
            "objectType": "Agent",
            "name": "张三",
            "account": {"homePage": "https://liandong.local", "name": "0801234"},
        })
    );
    assert_eq!(actors[1]["account"]["name"], "0905678");
    let branches: Vec<&Value> = statements
        .iter()
        .map(|s| &s["context"]["extensions"][xapi::EXTENSION_BRANCH])
        .collect();
    assert_eq!(branches, ["城东支行", "城西支行"]);

    // the spreadsheet keeps the staff number's leading zero
    let csv = std::fs::read_to_string(&csv_file).expect("written");
    assert!(csv.contains(",\"=\"\"0801234\"\"\",城东支行\r\n"), "{csv}");

    // a bad staff number is refused before anything is played or saved
    let out = liandong(
        dir.path(),
        &[
            "run",
            "scenarios/large-remittance.ron",
            "--trainee",
            "李四",
            "--staff-no",
            "08\n01",
            "--save",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--staff-no"));
}

fn contest(name: &str, teams: &[&str]) -> ContestSetup {
    ContestSetup {
        name: name.into(),
        teams: teams
            .iter()
            .map(|t| TeamSetup {
                name: (*t).into(),
                members: vec!["甲".into(), "乙".into()],
            })
            .collect(),
        cases: vec!["large-remittance".into()],
        case_order: CaseOrder::InOrder,
        roles: RoleAssignment::Fixed,
        seed: 7,
        decision_limit_secs: None,
        podium: 3,
        red_line_penalty: Default::default(),
        scenes: Default::default(),
        timers: Default::default(),
    }
}

/// Practice runs with and without a staff number, and contest turns of a contest and teams
/// with the longest Chinese names allowed: their statements, at a bank's own home page.
pub fn sample_statements(dir: &Path) -> Vec<Value> {
    let (mut store, _) = Store::open(dir).expect("opens");
    let case = common::load_valid(Path::new("scenarios/large-remittance.ron"));
    let played = autoplay(&case, 5, Strategy::Worst, RoleChoice::All).expect("plays");
    let practice = RunRecord::from_playthrough(&played, "王小明", None);
    store.save_run(&practice).expect("saved");
    let with_id = RunRecord::from_playthrough(&played, "张三", None)
        .with_identity(Identity::new(Some("0801234"), Some("城东支行营业部")));
    store.save_run(&with_id).expect("saved");
    let name = "二〇二六年春季全省农村商业银行网点岗位联动转介技能大比武决赛第一场次";
    assert_eq!(name.chars().count(), 34);
    let teams = [
        "城东支行营业部第一代表队伍联队",
        "城西支行营业部第二代表队伍联队",
    ];
    let competition = store
        .create_competition(&contest(name, &teams))
        .expect("created");
    for (team, team_name) in teams.iter().enumerate() {
        let lineup = vec![
            (Role::Teller, "欧阳明月".to_owned()),
            (Role::LobbyManager, "司马长风".to_owned()),
            (Role::WealthManager, "欧阳明月".to_owned()),
        ];
        let run = RunRecord::from_playthrough(
            &played,
            team_name,
            Some(CompetitionTurn {
                competition,
                turn: Turn { round: 0, team },
                team_name: (*team_name).into(),
                lineup,
            }),
        );
        store.save_run(&run).expect("saved");
    }
    let runs = store.runs(&RunFilter::default()).expect("listed");
    let statements = xapi::statements_for(&runs, "https://hr.example-bank.cn/staff");
    statements.as_array().expect("an array").clone()
}

#[test]
fn every_statement_passes_learning_lockers_validator_in_under_a_second() {
    if Command::new("node").arg("--version").output().is_err() {
        common::missing_tool("node is not installed: Learning Locker's validator runs on it");
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let statements = sample_statements(dir.path());
    assert_eq!(statements.len(), 2 + 2 * 2);
    let file = dir.path().join("statements.json");
    std::fs::write(&file, serde_json::to_vec(&statements).expect("JSON")).expect("written");
    let out = Command::new("scripts/xapi-validate.sh")
        .arg(&file)
        .output()
        .expect("the script runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(report.trim()).expect("the validator's report");
    assert_eq!(report["failed"], 0);
    assert_eq!(report["statements"], statements.len());
    let worst = report["worst_ms"].as_f64().expect("a time");
    assert!(worst < 1000.0, "the slowest statement took {worst} ms");
}

#[test]
fn every_statement_fits_ralphs_model() {
    let Some(python) = std::env::var_os("LIANDONG_TEST_RALPH") else {
        common::missing_tool(
            "LIANDONG_TEST_RALPH is not set: run the tests with scripts/test.sh, which installs ralph",
        );
        return;
    };
    let dir = tempfile::tempdir().expect("a folder");
    let statements = sample_statements(dir.path());
    let file = dir.path().join("statements.json");
    std::fs::write(&file, serde_json::to_vec(&statements).expect("JSON")).expect("written");
    let out = Command::new(python)
        .arg("scripts/ralph_validate.py")
        .arg(&file)
        .output()
        .expect("ralph's python runs");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
