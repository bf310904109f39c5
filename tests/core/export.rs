//! Exports read back the way their users read them: CSV through a CSV parser (as Excel or a
//! script would), xAPI statements checked against the shape an LRS requires, and files
//! replaced whole.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use liandong::competition::{
    CaseOrder, ContestSetup, ObserverPoints, RoleAssignment, TeamSetup, Turn,
};
use liandong::export::{csv, write_atomically, xapi};
use liandong::lang::{Lang, names};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::model::Role;
use liandong::scoring::{Dimension, DimensionScores};
use liandong::store::{
    CompetitionTurn, DecisionRecord, RedLineRecord, RunFilter, RunMode, RunRecord, RunSummary,
    Store,
};
use serde_json::Value;

const RUN_HEADER: [&str; 26] = [
    "记录编号 (id)",
    "学员/小组 (trainee)",
    "案例编号 (case_id)",
    "案例名称 (case_title)",
    "角色 (role)",
    "模式 (mode)",
    "比赛 (competition)",
    "轮次 (round)",
    "小组序号 (team)",
    "分工 (lineup)",
    "开始时间（UTC+08:00） (started_at)",
    "结束时间（UTC+08:00） (finished_at)",
    "用时（秒） (seconds)",
    "总分 (total)",
    "客户识别 (identification)",
    "话术选择 (script)",
    "交接流程 (handoff)",
    "是否通过 (passed)",
    "红线次数 (red_lines)",
    "种子 (seed)",
    "案例文件哈希 (case_hash)",
    "登记编号 (registration)",
    "转介积分 (referral_points)",
    "各岗位转介积分 (referral_by_role)",
    "工号 (staff_no)",
    "网点 (branch)",
];

/// Names a spreadsheet export can get wrong: a comma, quotes, a line break, full-width
/// letters and an ideographic space.
const AWKWARD_NAMES: [&str; 5] = [
    "王,小明",
    "\"老李\"",
    "张\n三",
    "Ｏ'Brien　李",
    "=HYPERLINK(\"http://x\")",
];

fn time(seconds: i64, nanos: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000 + seconds, nanos).expect("a valid time")
}

fn decision(role: Role, earned: f64, max: f64) -> DecisionRecord {
    DecisionRecord {
        step: "greet".into(),
        role,
        dimension: Dimension::Identification,
        answer: "问候客户".into(),
        earned,
        max,
        grade: None,
        rule: None,
        at: time(0, 0),
        duration_ms: 1000,
    }
}

/// A saved-looking run; `n` spreads the times so runs list in the order they are made.
fn record(n: i64, trainee: &str, competition: Option<CompetitionTurn>) -> RunRecord {
    RunRecord {
        registration: uuid::Uuid::new_v4().to_string(),
        trainee: trainee.into(),
        case_id: "large-remittance".into(),
        case_title: "大额汇款，\"防诈\"提醒".into(),
        case_hash: "0f1e2d3c".into(),
        seed: 42 + n as u64,
        role: "all".into(),
        started_at: time(600 * n, 123_456_789),
        finished_at: time(600 * n + 65, 987_000_000),
        time_ms: 65_250,
        total: 72.5,
        dimensions: DimensionScores {
            identification: Some(80.0),
            script: Some(66.7),
            handoff: None,
        },
        passed: true,
        pass_mark: 60,
        red_lines: Vec::new(),
        decisions: vec![decision(Role::Teller, 7.0, 10.0)],
        transcript: "()".into(),
        competition,
        referral: Vec::new(),
        identity: Default::default(),
    }
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

fn open(dir: &Path) -> Store {
    let (store, recovery) = Store::open(dir).expect("the store opens");
    assert!(recovery.is_none());
    store
}

/// Parses an export as a spreadsheet would, after checking and removing the BOM.
fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the export starts with a UTF-8 BOM for Excel");
    let mut reader = ::csv::Reader::from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|row| {
            let row = row.expect("a well-formed row");
            assert_eq!(row.len(), header.len(), "every row fills every column");
            header
                .iter()
                .cloned()
                .zip(row.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn optional(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[test]
fn runs_csv_round_trips_awkward_names_and_every_field() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = open(dir.path());
    let mut saved = Vec::new();
    for (n, name) in AWKWARD_NAMES.iter().enumerate() {
        let mut run = record(n as i64, name, None);
        if n % 2 == 1 {
            run.passed = false;
            run.dimensions.handoff = Some(0.0);
            run.red_lines = vec![RedLineRecord {
                rule: "no-split".into(),
                title: "拆分交易".into(),
                step: "counter".into(),
            }];
            run.seed = u64::MAX;
            run.time_ms = 1250;
        }
        store.save_run(&run).expect("saved");
        saved.push(run);
    }
    let competition = store
        .create_competition(&contest("春季PK，第一场", &["一组", "二组"]))
        .expect("created");
    let turn = CompetitionTurn {
        competition,
        turn: Turn { round: 0, team: 1 },
        team_name: "二组".into(),
        lineup: vec![
            (Role::Teller, "张,三".into()),
            (Role::LobbyManager, "李四".into()),
        ],
    };
    let team_run = record(10, "二组", Some(turn));
    store.save_run(&team_run).expect("saved");
    saved.push(team_run);

    let runs = store.runs(&RunFilter::default()).expect("listed");
    assert_eq!(runs.len(), saved.len());
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("a zone");
    let (header, rows) = parse_csv(&csv::runs_csv_in(&runs, Lang::Zh, beijing));
    assert_eq!(header, RUN_HEADER);
    assert_eq!(rows.len(), saved.len());

    for ((row, run), original) in rows.iter().zip(&runs).zip(&saved) {
        let cell = |column: &str| row[column].as_str();
        // as typed, except that what a spreadsheet would run as a formula starts with '
        assert_eq!(cell("学员/小组 (trainee)"), csv::as_text(&original.trainee));
        if original.trainee.starts_with('=') {
            assert_eq!(cell("学员/小组 (trainee)"), "'=HYPERLINK(\"http://x\")");
        }
        assert_eq!(cell("记录编号 (id)"), run.id.to_string());
        assert_eq!(cell("案例编号 (case_id)"), original.case_id);
        assert_eq!(cell("案例名称 (case_title)"), original.case_title);
        // the roles' names, not the simulator's spelling of them
        assert_eq!(
            cell("角色 (role)"),
            names(Lang::Zh).role_label(&original.role)
        );
        // Beijing time to the second, as a spreadsheet reads a date and time
        let local = |at: DateTime<Utc>| {
            at.with_timezone(&beijing)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        assert_eq!(
            (
                cell("开始时间（UTC+08:00） (started_at)"),
                cell("结束时间（UTC+08:00） (finished_at)")
            ),
            (
                local(original.started_at).as_str(),
                local(original.finished_at).as_str()
            )
        );
        assert!(
            chrono::NaiveDateTime::parse_from_str(
                cell("开始时间（UTC+08:00） (started_at)"),
                "%Y-%m-%d %H:%M:%S"
            )
            .is_ok()
        );
        let seconds = if original.time_ms == 1250 {
            "1.3"
        } else {
            "65.3"
        };
        assert_eq!(cell("用时（秒） (seconds)"), seconds);
        let total: f64 = cell("总分 (total)").parse().expect("a number");
        assert_eq!(total, original.total);
        assert_eq!(
            cell("客户识别 (identification)"),
            optional(original.dimensions.identification)
        );
        assert_eq!(
            cell("话术选择 (script)"),
            optional(original.dimensions.script)
        );
        assert_eq!(
            cell("交接流程 (handoff)"),
            optional(original.dimensions.handoff)
        );
        assert_eq!(
            cell("是否通过 (passed)"),
            if original.passed { "是" } else { "否" }
        );
        assert_eq!(
            cell("红线次数 (red_lines)"),
            original.red_lines.len().to_string()
        );
        // kept as text: a spreadsheet would show 18446744073709551615 as 1.84E+19
        assert_eq!(cell("种子 (seed)"), format!("=\"{}\"", original.seed));
        assert_eq!(cell("案例文件哈希 (case_hash)"), original.case_hash);
        assert_eq!(cell("登记编号 (registration)"), original.registration);
        match &original.competition {
            None => {
                assert_eq!(cell("模式 (mode)"), "练习");
                for column in [
                    "比赛 (competition)",
                    "轮次 (round)",
                    "小组序号 (team)",
                    "分工 (lineup)",
                ] {
                    assert_eq!(cell(column), "", "{column} is empty for practice");
                }
            }
            Some(turn) => {
                assert_eq!(cell("模式 (mode)"), "比赛");
                assert_eq!(cell("比赛 (competition)"), "春季PK，第一场");
                assert_eq!(cell("轮次 (round)"), (turn.turn.round + 1).to_string());
                assert_eq!(cell("小组序号 (team)"), (turn.turn.team + 1).to_string());
                assert_eq!(cell("分工 (lineup)"), "柜员：张,三；大堂经理：李四");
            }
        }
    }
}

#[test]
fn scoreboard_csv_lists_teams_in_rank_order_with_roles_and_comments() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = open(dir.path());
    let setup = contest("季度PK", &["一组", "二组", "三组"]);
    let competition = store.create_competition(&setup).expect("created");
    // case points 70, 80, 60; with the observers' points the order is 二组, 一组, 三组
    for (team, total) in [70.0, 80.0, 60.0].into_iter().enumerate() {
        let mut run = record(
            team as i64,
            &setup.teams[team].name,
            Some(CompetitionTurn {
                competition,
                turn: Turn { round: 0, team },
                team_name: setup.teams[team].name.clone(),
                lineup: vec![
                    (Role::Teller, "甲".into()),
                    (Role::LobbyManager, "乙".into()),
                ],
            }),
        );
        run.total = total;
        run.time_ms = 30_000 + team as u64 * 1000;
        // 三组's lobby manager never had to decide: their column stays empty
        if team != 2 {
            run.decisions.push(decision(Role::LobbyManager, 4.0, 8.0));
        }
        store.save_run(&run).expect("saved");
    }
    let comment = "礼仪到位，\"微笑\"服务";
    store
        .add_observer_points(
            competition,
            &ObserverPoints {
                team: 0,
                round: 0,
                points: 5,
                comment: comment.into(),
            },
        )
        .expect("saved");
    store
        .add_observer_points(
            competition,
            &ObserverPoints {
                team: 2,
                round: 0,
                points: -3,
                comment: "节奏慢".into(),
            },
        )
        .expect("saved");
    store
        .add_observer_points(
            competition,
            &ObserverPoints {
                team: 2,
                round: 0,
                points: 1,
                comment: "补救及时".into(),
            },
        )
        .expect("saved");
    let info = store.competition("季度PK").expect("read").expect("exists");
    let board = store.scoreboard(&info).expect("built");

    let (header, rows) = parse_csv(&csv::scoreboard_csv("季度PK", &board, Lang::Zh));
    assert_eq!(
        header,
        [
            "比赛",
            "名次",
            "小组",
            "案例得分",
            "观察员加减分",
            "观察员评分表得分",
            "总分",
            "红线次数",
            "触犯红线的轮次",
            "用时（秒）",
            "已完成轮次",
            "通过轮次",
            "柜员得分",
            "大堂经理得分",
            "观察员评语",
        ]
    );
    let column = |name: &str| -> Vec<&str> { rows.iter().map(|r| r[name].as_str()).collect() };
    assert_eq!(column("比赛"), ["季度PK"; 3]);
    assert_eq!(column("名次"), ["1", "2", "3"]);
    assert_eq!(column("小组"), ["二组", "一组", "三组"]);
    assert_eq!(column("案例得分"), ["80", "70", "60"]);
    assert_eq!(column("观察员加减分"), ["0", "5", "-2"]);
    assert_eq!(column("总分"), ["80", "75", "58"]);
    assert_eq!(column("用时（秒）"), ["31.0", "30.0", "32.0"]);
    assert_eq!(column("已完成轮次"), ["1", "1", "1"]);
    assert_eq!(column("通过轮次"), ["1", "1", "1"]);
    assert_eq!(column("柜员得分"), ["70", "70", "70"]);
    assert_eq!(column("大堂经理得分"), ["50", "50", ""]);
    assert_eq!(
        column("观察员评语"),
        [
            "",
            "第1轮 +5：礼仪到位，\"微笑\"服务",
            "第1轮 -3：节奏慢；第1轮 +1：补救及时",
        ]
    );
}

/// Every IRI in a statement: ids, home pages, types and extension keys.
fn iris(statement: &Value) -> Vec<String> {
    let mut found = Vec::new();
    fn walk(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if key.starts_with("http") {
                        found.push(key.clone());
                    }
                    if matches!(key.as_str(), "homePage" | "type")
                        || (key == "id" && value.as_str().is_some_and(|v| v.starts_with("http")))
                    {
                        found.extend(value.as_str().map(str::to_owned));
                    }
                    walk(value, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    walk(statement, &mut found);
    found
}

/// `^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$`, without a regex engine.
fn is_xapi_duration(text: &str) -> bool {
    let Some(mut rest) = text.strip_prefix("PT") else {
        return false;
    };
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    for unit in ['H', 'M'] {
        let n = digits(rest);
        if n > 0 && rest[n..].starts_with(unit) {
            rest = &rest[n + 1..];
        }
    }
    if rest.is_empty() {
        return true;
    }
    let whole = digits(rest);
    if whole == 0 {
        return false;
    }
    rest = &rest[whole..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    rest == "S"
}

#[test]
fn the_duration_check_accepts_exactly_the_xapi_shape() {
    for good in [
        "PT0S", "PT12S", "PT1M5.2S", "PT1H2M3S", "PT1H", "PT2M", "PT0.007S",
    ] {
        assert!(is_xapi_duration(good), "{good}");
    }
    for bad in [
        "P1D", "PT5.S", "PT.5S", "PT1S2M", "PT1M1H", "PT1HS", "1S", "PT1X",
    ] {
        assert!(!is_xapi_duration(bad), "{bad}");
    }
}

fn is_uuid(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())
}

/// Every rule an LRS checks on a statement, for the run it came from.
fn assert_statement_shape(statement: &Value, run: &RunSummary) {
    assert!(is_uuid(&statement["id"]), "id: {}", statement["id"]);
    let actor = &statement["actor"];
    assert!(actor["objectType"].is_string());
    assert!(actor["name"].is_string());
    assert!(
        actor["account"]["homePage"]
            .as_str()
            .is_some_and(|h| h.starts_with("https://"))
    );
    assert!(actor["account"]["name"].is_string());
    assert_eq!(
        statement["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/completed"
    );
    assert_eq!(statement["verb"]["display"]["zh-CN"], "完成");
    assert_eq!(statement["object"]["objectType"], "Activity");
    assert_eq!(
        statement["object"]["id"],
        format!("https://liandong.local/cases/{}", run.case_id)
    );
    assert_eq!(
        statement["object"]["definition"]["name"]["zh-CN"],
        run.case_title.as_str()
    );
    let score = &statement["result"]["score"];
    let scaled = score["scaled"].as_f64().expect("a scaled score");
    assert!((0.0..=1.0).contains(&scaled));
    assert_eq!(score["raw"].as_f64(), Some(run.total));
    assert_eq!(score["min"].as_f64(), Some(0.0));
    assert_eq!(score["max"].as_f64(), Some(100.0));
    assert_eq!(statement["result"]["success"].as_bool(), Some(run.passed));
    assert_eq!(statement["result"]["completion"].as_bool(), Some(true));
    let duration = statement["result"]["duration"]
        .as_str()
        .expect("a duration");
    assert!(is_xapi_duration(duration) && duration != "PT", "{duration}");
    let context = &statement["context"];
    assert!(is_uuid(&context["registration"]));
    assert_eq!(context["registration"], run.registration.as_str());
    let extensions = &context["extensions"];
    assert_eq!(
        extensions["https://liandong.local/xapi/role"],
        serde_json::json!({
            "zh-CN": names(Lang::Zh).role_label(&run.role),
            "en-US": names(Lang::En).role_label(&run.role),
        })
    );
    assert_eq!(
        extensions["https://liandong.local/xapi/seed"],
        run.seed.to_string()
    );
    assert_eq!(
        extensions["https://liandong.local/xapi/case-hash"],
        run.case_hash.as_str()
    );
    assert_eq!(
        extensions["https://liandong.local/xapi/red-lines"].as_u64(),
        Some(run.red_line_count as u64)
    );
    let timestamp = statement["timestamp"].as_str().expect("a timestamp");
    let timestamp: DateTime<Utc> = timestamp.parse().expect("RFC 3339");
    assert_eq!(timestamp, run.finished_at);
    assert_eq!(statement["version"], "1.0.3");
}

#[test]
fn xapi_statements_have_the_shape_an_lrs_accepts() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = open(dir.path());

    // a real playthrough, so the shape holds for what the app actually saves
    let case_file = Path::new("scenarios/large-remittance.ron");
    let case = common::load_valid(case_file);
    let playthrough = autoplay(&case, 3, Strategy::Worst, RoleChoice::All).expect("the case plays");
    let played = RunRecord::from_playthrough(&playthrough, "王,小明", None);
    store.save_run(&played).expect("saved");

    let competition = store
        .create_competition(&contest("春季 PK/决赛", &["一组", "二组"]))
        .expect("created");
    // 甲 acts two roles: one statement for them, not two
    let lineup = vec![
        (Role::Teller, "甲".to_owned()),
        (Role::LobbyManager, "乙".to_owned()),
        (Role::WealthManager, "甲".to_owned()),
    ];
    let team_run = record(
        1,
        "一组",
        Some(CompetitionTurn {
            competition,
            turn: Turn { round: 0, team: 0 },
            team_name: "一组".into(),
            lineup,
        }),
    );
    store.save_run(&team_run).expect("saved");

    let runs = store.runs(&RunFilter::default()).expect("listed");
    assert_eq!(runs.len(), 2);
    let exported = xapi::statements(&runs);
    let statements = exported.as_array().expect("an array of statements");
    assert_eq!(statements.len(), 1 + 2);

    // runs list oldest first, and the autoplayed run has a simulated clock: find by run
    let practice_run = runs
        .iter()
        .find(|r| r.mode == RunMode::Practice)
        .expect("saved");
    let team_run = runs
        .iter()
        .find(|r| r.mode == RunMode::Competition)
        .expect("saved");
    let for_run = |run: &RunSummary| -> Vec<&Value> {
        statements
            .iter()
            .filter(|s| s["context"]["registration"] == run.registration.as_str())
            .collect()
    };

    let practice = for_run(practice_run);
    assert_eq!(practice.len(), 1);
    let practice = practice[0];
    assert_statement_shape(practice, practice_run);
    assert_eq!(practice["actor"]["objectType"], "Agent");
    assert_eq!(practice["actor"]["name"], "王,小明");
    // an account at the organisation's home page, named by the staff number when there is
    // one (this trainee gave none: the name stands in)
    assert_eq!(
        practice["actor"]["account"],
        serde_json::json!({"homePage": "https://liandong.local", "name": "王,小明"})
    );
    assert!(practice["context"].get("team").is_none());

    let members = for_run(team_run);
    for statement in &members {
        assert_statement_shape(statement, team_run);
        assert_eq!(statement["actor"]["objectType"], "Agent");
        let team = &statement["context"]["team"];
        assert_eq!(team["objectType"], "Group");
        assert_eq!(team["name"], "一组");
        // the team is an account with a short ASCII id; its Chinese name only in `name`
        assert_eq!(
            team["account"],
            serde_json::json!({
                "homePage": "https://liandong.local",
                "name": xapi::team_id("春季 PK/决赛", "一组"),
            })
        );
        let names: Vec<&str> = team["member"]
            .as_array()
            .expect("the team's members")
            .iter()
            .map(|m| {
                assert_eq!(m["objectType"], "Agent");
                m["name"].as_str().expect("a member name")
            })
            .collect();
        assert_eq!(names, ["甲", "乙"]);
        assert!(
            team["member"]
                .as_array()
                .expect("members")
                .contains(&statement["actor"])
        );
        assert_eq!(
            statement["context"]["extensions"]["https://liandong.local/xapi/competition"],
            "春季 PK/决赛"
        );
    }
    let actors: Vec<&str> = members
        .iter()
        .map(|s| s["actor"]["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(actors, ["甲", "乙"]);
    let acted =
        |s: &Value| s["context"]["extensions"]["https://liandong.local/xapi/acted-roles"].clone();
    assert_eq!(
        acted(members[0]),
        serde_json::json!([
            {"zh-CN": "柜员", "en-US": "Teller"},
            {"zh-CN": "理财经理", "en-US": "Wealth manager"},
        ])
    );
    assert_eq!(
        acted(members[1]),
        serde_json::json!([{"zh-CN": "大堂经理", "en-US": "Lobby manager"}])
    );
    // the competition's name has a space, a slash and Chinese: no IRI holds any of it
    for statement in statements {
        for iri in iris(statement) {
            assert!(
                iri.is_ascii() && !iri.contains(' ') && !iri.contains('%'),
                "{iri}"
            );
        }
    }

    // ids: unique per statement, and the same on a second export, so an LRS keeps one copy
    let ids: Vec<&Value> = statements.iter().map(|s| &s["id"]).collect();
    for (i, id) in ids.iter().enumerate() {
        assert!(!ids[..i].contains(id), "duplicate id {id}");
    }
    let again = xapi::statements(&store.runs(&RunFilter::default()).expect("listed"));
    let ids_again: Vec<&Value> = again
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| &s["id"])
        .collect();
    assert_eq!(ids, ids_again);

    let file = xapi::statements_json(&runs);
    let parsed: Value = serde_json::from_slice(&file).expect("the file is valid JSON");
    assert_eq!(parsed.as_array().map(Vec::len), Some(statements.len()));
    assert_eq!(
        file,
        serde_json::to_vec_pretty(&exported).expect("serialises")
    );
}

#[test]
fn an_atomic_write_replaces_the_file_whole_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("成绩.csv");
    std::fs::write(&path, "old contents that are longer than the new ones\n").expect("written");

    write_atomically(&path, "新内容".as_bytes()).expect("replaced");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "新内容");
    write_atomically(&path, b"").expect("replaced");
    assert_eq!(std::fs::read(&path).expect("read"), b"");

    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listed")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert_eq!(entries, [std::ffi::OsString::from("成绩.csv")]);

    // an export can be opened by the colleague it is for, like any file this user creates
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").expect("written");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode();
        let fresh = dir.path().join("fresh.json");
        write_atomically(&fresh, b"[]").expect("written");
        assert_eq!(mode(&fresh) & 0o777, mode(&plain) & 0o777);
    }

    // a folder that does not exist is an error, and creates nothing
    let missing = dir.path().join("missing").join("x.csv");
    assert!(write_atomically(&missing, b"x").is_err());
    assert!(!dir.path().join("missing").exists());
}
