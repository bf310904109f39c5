//! The group drill around a contest (004's 分组演练): each team its own scene, the preparation
//! and performance timers, observers' checklists averaged into the turn's observer points, a
//! member's contest turns in their own history, and a database scored with free observer
//! points before the checklist still showing them.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use liandong::competition::{
    CaseOrder, ContestSetup, DrillPhase, DrillTimers, ObserverPoints, ObserverSheet,
    RoleAssignment, Scenes, SheetError, TeamSetup, Turn,
};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::catalogue::ObserverChecklist;
use liandong::scenario::model::Role;
use liandong::store::{CompetitionTurn, RunFilter, RunRecord, Store};
use serde_json::Value;

use crate::common;

fn liandong(data: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "liandong {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn setup(name: &str, teams: &[(&str, &[&str])], cases: &[&str], scenes: Scenes) -> ContestSetup {
    ContestSetup {
        name: name.into(),
        teams: teams
            .iter()
            .map(|(name, members)| TeamSetup {
                name: (*name).into(),
                members: members.iter().map(|m| (*m).to_owned()).collect(),
            })
            .collect(),
        cases: cases.iter().map(|c| (*c).to_owned()).collect(),
        case_order: CaseOrder::InOrder,
        roles: RoleAssignment::Fixed,
        seed: 5,
        decision_limit_secs: None,
        podium: 3,
        red_line_penalty: Default::default(),
        scenes,
        timers: DrillTimers::default(),
    }
}

/// Plays one turn of a contest with the best answers and saves it.
fn play_turn(store: &mut Store, id: i64, setup: &ContestSetup, turn: Turn) -> RunRecord {
    let case_id = setup.case_of(turn).expect("the turn has a case");
    let case = common::load_valid(&Path::new("scenarios").join(format!("{case_id}.ron")));
    let played = autoplay(&case, setup.seed, Strategy::Best, RoleChoice::All).unwrap();
    let team = &setup.teams[turn.team];
    let record = RunRecord::from_playthrough(
        &played,
        &team.name,
        Some(CompetitionTurn {
            competition: id,
            turn,
            team_name: team.name.clone(),
            lineup: setup.lineup(turn, &case),
        }),
    );
    store.save_run(&record).unwrap();
    record
}

/// Every item of `checklist` marked `mark`, the first with a comment.
fn marks(checklist: &ObserverChecklist, mark: u8) -> Vec<(usize, u8, String)> {
    (0..checklist.items.len())
        .map(|i| {
            (
                i,
                mark,
                if i == 0 {
                    "起身相迎".into()
                } else {
                    String::new()
                },
            )
        })
        .collect()
}

#[test]
fn two_observers_checklists_give_the_turn_their_mean() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let setup = setup(
        "观察PK",
        &[
            ("城东", &["甲", "乙", "丙"]),
            ("高新区", &["丁", "戊", "己"]),
        ],
        &["overseas-worker"],
        Scenes::Same,
    );
    let id = store.create_competition(&setup).unwrap();
    for team in 0..2 {
        play_turn(&mut store, id, &setup, Turn { round: 0, team });
    }
    let case = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    let checklist = case.checklist();
    assert_eq!(checklist.items.len(), 5, "the items of rules.ron");
    assert_eq!(checklist.items[0].title, "礼仪与仪容");
    // every item 2 from one observer, every item 1 from another: 10 and 5, mean 7.5
    let full = ObserverSheet::fill(&checklist, 1, 0, "观察员甲", &marks(&checklist, 2)).unwrap();
    let half = ObserverSheet::fill(&checklist, 1, 0, "观察员乙", &marks(&checklist, 1)).unwrap();
    assert_eq!((full.points, half.points), (10.0, 5.0));
    store.add_observer_sheet(id, &full).unwrap();
    store.add_observer_sheet(id, &half).unwrap();

    let info = store.competition("观察PK").unwrap().unwrap();
    let board = store.scoreboard(&info).unwrap();
    let observed = board.standings.iter().find(|s| s.name == "高新区").unwrap();
    assert_eq!(observed.checklist_points, 7.5);
    assert_eq!(observed.observations[0].sheets.len(), 2);
    assert_eq!(
        observed.observations[0].sheets[0].marks[0].comment,
        "起身相迎"
    );
    let other = board.standings.iter().find(|s| s.name == "城东").unwrap();
    assert_eq!(other.checklist_points, 0.0);
    // the same case points, so the observers' mean decides the ranking
    assert_eq!(observed.case_points, other.case_points);
    assert_eq!(observed.total, observed.case_points + 7.5);
    assert_eq!(board.standings[0].name, "高新区");

    // the same observer again corrects their sheet rather than voting twice
    let again = ObserverSheet::fill(&checklist, 1, 0, "观察员乙", &marks(&checklist, 2)).unwrap();
    store.add_observer_sheet(id, &again).unwrap();
    let board = store.scoreboard(&info).unwrap();
    let observed = board.standings.iter().find(|s| s.name == "高新区").unwrap();
    assert_eq!(observed.observations[0].sheets.len(), 2);
    assert_eq!(observed.checklist_points, 10.0);

    // a sheet must mark every item, each 0–2
    let mut short = marks(&checklist, 2);
    short.pop();
    assert!(matches!(
        ObserverSheet::fill(&checklist, 1, 0, "观察员丙", &short),
        Err(SheetError::Missing { items }) if items == [4]
    ));
    let mut over = marks(&checklist, 2);
    over[2].1 = 3;
    assert!(ObserverSheet::fill(&checklist, 1, 0, "观察员丙", &over).is_err());
    let mut hidden = marks(&checklist, 2);
    hidden[1].2 = "好\u{1b}[2J".into();
    assert!(matches!(
        ObserverSheet::fill(&checklist, 1, 0, "观察员丙", &hidden),
        Err(SheetError::Comment { item: 1, .. })
    ));
}

#[test]
fn observers_score_from_the_terminal_and_the_standings_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data.join("setup.ron");
    std::fs::write(
        &file,
        r#"(name: "春季PK", teams: [(name: "城东", members: ["甲", "乙", "丙"]), (name: "高新区", members: ["丁", "戊", "己"])],
            cases: ["overseas-worker"], case_order: InOrder, roles: Fixed, seed: 3,
            timers: (preparation_secs: 300))"#,
    )
    .unwrap();
    liandong(data, &["contest", "new", file.to_str().unwrap()]);
    liandong(data, &["contest", "play", "春季PK"]);
    let list = text(&liandong(
        data,
        &[
            "contest", "observe", "春季PK", "--round", "1", "--team", "2",
        ],
    ));
    assert!(list.contains("1. 礼仪与仪容："), "{list}");
    for (observer, mark) in [("观察员甲", "2"), ("观察员乙", "1")] {
        let item = |n: usize| format!("{n}={mark}");
        liandong(
            data,
            &[
                "contest",
                "observe",
                "春季PK",
                "--round",
                "1",
                "--team",
                "高新区",
                "--observer",
                observer,
                "--item",
                &format!("礼仪与仪容={mark} 起身相迎，微笑自然"),
                "--item",
                &item(2),
                "--item",
                &item(3),
                "--item",
                &item(4),
                "--item",
                &item(5),
            ],
        );
    }
    let shown = text(&liandong(data, &["contest", "show", "春季PK"]));
    assert!(shown.contains("准备 5 分钟，表演 2 分钟"), "{shown}");
    assert!(
        shown.contains("高新区 · 第 1 轮：观察员评分 7.5（2 位观察员的平均）"),
        "{shown}"
    );
    assert!(
        shown.contains("礼仪与仪容 2：起身相迎，微笑自然"),
        "{shown}"
    );
    let json: Value = serde_json::from_slice(
        &liandong(data, &["contest", "show", "春季PK", "--format", "json"]).stdout,
    )
    .unwrap();
    let rows = json["standings"].as_array().unwrap();
    let observed = rows.iter().find(|r| r["name"] == "高新区").unwrap();
    assert_eq!(observed["checklist_points"], 7.5);
    // an item marked outside 0–2 is refused, saying which
    let refused = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("--data-dir")
        .arg(data)
        .args([
            "contest",
            "observe",
            "春季PK",
            "--round",
            "1",
            "--team",
            "1",
            "--observer",
            "观察员丙",
            "--item",
            "1=3",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("礼仪与仪容"));
}

#[test]
fn a_contest_with_a_scene_per_team_plays_each_team_its_own_case() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data.join("setup.ron");
    std::fs::write(
        &file,
        r#"(name: "分场景PK", teams: [(name: "一组", members: ["甲"]), (name: "二组", members: ["乙"]),
               (name: "三组", members: ["丙"]), (name: "四组", members: ["丁"])],
            cases: ["overseas-worker", "dividend-transfer"], case_order: InOrder, roles: Fixed,
            seed: 3, scenes: PerTeam)"#,
    )
    .unwrap();
    let created = text(&liandong(data, &["contest", "new", file.to_str().unwrap()]));
    assert!(created.contains("4 个小组，1 轮"), "{created}");
    liandong(data, &["contest", "play", "分场景PK"]);
    let (store, _) = Store::open(data).unwrap();
    let runs = store
        .runs(&RunFilter {
            trainee: None,
            competition: Some("分场景PK".into()),
        })
        .unwrap();
    let mut played: Vec<(usize, String)> = runs
        .iter()
        .map(|r| (r.turn.unwrap().team, r.case_id.clone()))
        .collect();
    played.sort();
    // teams 1–2 the first scene, 3–4 the second, as 004 pairs its groups
    assert_eq!(
        played,
        [
            (0, "overseas-worker".to_owned()),
            (1, "overseas-worker".to_owned()),
            (2, "dividend-transfer".to_owned()),
            (3, "dividend-transfer".to_owned()),
        ]
    );
    let info = store.competition("分场景PK").unwrap().unwrap();
    assert!(info.finished);
    // the review has a section for each scene of the round
    let review: Value = serde_json::from_slice(
        &liandong(
            data,
            &["review", "--competition", "分场景PK", "--format", "json"],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(review["sections"].as_array().unwrap().len(), 2);
}

#[test]
fn the_timers_say_the_phase_the_time_left_and_when_time_is_up() {
    let timers = DrillTimers::default();
    assert_eq!(
        (timers.preparation_secs, timers.performance_secs),
        (240, 120)
    );
    let start = Instant::now();
    let at = |secs: u64| timers.clock(start, start + Duration::from_secs(secs));
    assert_eq!(at(0).phase, DrillPhase::Preparation);
    assert_eq!(at(90).remaining, Duration::from_secs(150));
    assert!(!at(239).time_up);
    assert_eq!(at(240).phase, DrillPhase::Performance);
    assert_eq!(at(240).remaining, Duration::from_secs(120));
    assert!(!at(359).time_up);
    let up = at(365);
    assert!(up.time_up);
    assert_eq!(
        (up.remaining, up.over),
        (Duration::ZERO, Duration::from_secs(5))
    );
    // the performance timed from when the trainer starts it
    let go = start + Duration::from_secs(400);
    let performing = timers.phase_clock(DrillPhase::Performance, go, go + Duration::from_secs(30));
    assert_eq!(performing.remaining, Duration::from_secs(90));
    assert!(!performing.time_up);
    // a setup file without timers gets the defaults; a performance of no time is refused
    let setup: ContestSetup = ron::from_str(
        r#"(name: "PK", teams: [], cases: [], case_order: InOrder, roles: Fixed, seed: 1)"#,
    )
    .unwrap();
    assert_eq!(setup.timers, DrillTimers::default());
    assert_eq!(setup.scenes, Scenes::Same);
    let silent = DrillTimers {
        preparation_secs: 60,
        performance_secs: 0,
    };
    assert!(silent.check().is_err());
}

#[test]
fn a_members_history_lists_the_contest_turns_their_role_acted_with_its_score() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    let setup = setup(
        "履历PK",
        &[
            ("城东", &["张三", "李四", "王五"]),
            ("高新区", &["赵六", "钱七", "孙八"]),
        ],
        &["overseas-worker"],
        Scenes::Same,
    );
    let id = store.create_competition(&setup).unwrap();
    let record = play_turn(&mut store, id, &setup, Turn { round: 0, team: 1 });
    let lineup = &record.competition.as_ref().unwrap().lineup;
    let (role, member) = lineup[1].clone();
    assert_eq!(role, Role::LobbyManager);
    let turns = store.member_turns(&member).unwrap();
    assert_eq!(turns.len(), 1);
    let turn = &turns[0];
    assert_eq!(
        (turn.competition.as_str(), turn.team.as_str()),
        ("履历PK", "高新区")
    );
    assert_eq!(turn.roles.len(), 1);
    assert_eq!(turn.roles[0].role, Role::LobbyManager);
    let expected = record
        .role_scores()
        .into_iter()
        .find(|s| s.role == Role::LobbyManager)
        .unwrap();
    assert_eq!(turn.roles[0].earned, expected.earned);
    assert!(
        store.member_turns("城东").unwrap().is_empty(),
        "a team is no member"
    );
    assert!(
        store.member_turns("张三").unwrap().is_empty(),
        "张三's team did not play"
    );
    drop(store);

    let shown = text(&liandong(dir.path(), &["history", &member]));
    assert!(shown.contains("在比赛中的轮次（1 轮）"), "{shown}");
    let percent = expected.percent().unwrap();
    assert!(shown.contains(&format!("大堂经理 {percent:.1}")), "{shown}");
    let json: Value = serde_json::from_slice(
        &liandong(dir.path(), &["history", &member, "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(json["contest_turns"][0]["competition"], "履历PK");
}

#[test]
fn a_database_with_free_observer_points_from_before_the_checklist_still_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        let setup = setup(
            "旧PK",
            &[("城东", &["甲"]), ("高新区", &["乙"])],
            &["overseas-worker"],
            Scenes::Same,
        );
        let id = store.create_competition(&setup).unwrap();
        play_turn(&mut store, id, &setup, Turn { round: 0, team: 0 });
        store
            .add_observer_points(
                id,
                &ObserverPoints {
                    team: 0,
                    round: 0,
                    points: 5,
                    comment: "礼仪到位".into(),
                },
            )
            .unwrap();
    }
    // what a database of schema 3 held: free points, no checklists, and a setup saved
    // without scenes or timers
    let conn = rusqlite::Connection::open(dir.path().join(liandong::store::DB_FILE)).unwrap();
    conn.execute_batch(
        "DROP TABLE observer_marks; DROP TABLE observer_sheets;
         ALTER TABLE trainees DROP COLUMN staff_no; ALTER TABLE trainees DROP COLUMN branch;
         ALTER TABLE runs DROP COLUMN staff_no; ALTER TABLE runs DROP COLUMN branch;
         DROP TABLE outbox;
         UPDATE competitions SET setup = json_remove(setup, '$.scenes', '$.timers');
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);

    let (store, recovery) = Store::open(dir.path()).unwrap();
    assert!(recovery.is_none(), "{recovery:?}");
    assert_eq!(store.schema_version().unwrap(), 6);
    let info = store.competition("旧PK").unwrap().unwrap();
    assert_eq!(info.setup.timers, DrillTimers::default());
    let board = store.scoreboard(&info).unwrap();
    let team = board.standings.iter().find(|s| s.name == "城东").unwrap();
    assert_eq!((team.observer_points, team.checklist_points), (5, 0.0));
    assert_eq!(team.total, team.case_points + 5.0);
    drop(store);
    let shown = text(&liandong(dir.path(), &["contest", "show", "旧PK"]));
    assert!(shown.contains("观察员加减分"), "{shown}");
    assert!(
        shown.contains("城东 · 第 1 轮：观察员加减分 +5，礼仪到位"),
        "{shown}"
    );
}

#[test]
fn a_red_line_turn_scores_no_case_points_and_its_row_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data.join("setup.ron");
    std::fs::write(
        &file,
        r#"(name: "红线PK", teams: [(name: "城东", members: ["甲"]), (name: "高新区", members: ["乙"])],
            cases: ["overseas-worker"], case_order: InOrder, roles: Fixed, seed: 3)"#,
    )
    .unwrap();
    liandong(data, &["contest", "new", file.to_str().unwrap()]);
    liandong(
        data,
        &[
            "contest", "play", "红线PK", "--pick", "worst", "--turns", "1",
        ],
    );
    liandong(data, &["contest", "play", "红线PK", "--pick", "best"]);
    let json: Value = serde_json::from_slice(
        &liandong(data, &["contest", "show", "红线PK", "--format", "json"]).stdout,
    )
    .unwrap();
    let rows = json["standings"].as_array().unwrap();
    assert_eq!(rows[0]["name"], "高新区");
    assert_eq!(rows[1]["name"], "城东");
    assert_eq!(
        (
            rows[1]["case_points"].as_f64(),
            rows[1]["red_line_turns"].as_u64()
        ),
        (Some(0.0), Some(1))
    );
    let shown = text(&liandong(data, &["contest", "show", "红线PK"]));
    let row = shown.lines().find(|l| l.contains("城东")).unwrap();
    assert!(row.contains("（1 轮不计案例得分）"), "{shown}");
    let shown = text(&liandong(
        data,
        &["--lang", "en", "contest", "show", "红线PK"],
    ));
    let row = shown.lines().find(|l| l.contains("城东")).unwrap();
    assert!(row.contains("(turns with no case points: 1)"), "{shown}");
}
