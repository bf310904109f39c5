//! A contest killed mid-way (kill -9) keeps every finished turn and resumes at the exact turn
//! where it stopped: from the command line, and offered on the app's title screen.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use liandong::store::{RunFilter, Store};

const SETUP: &str = r#"(
    name: "断电演练",
    teams: [
        (name: "一组", members: ["张三", "李四"]),
        (name: "二组", members: ["王五", "赵六"]),
        (name: "三组", members: ["孙七", "周八"]),
    ],
    cases: ["overseas-worker", "complaint"],
    case_order: InOrder,
    roles: Rotating,
    seed: 2,
)"#;

fn liandong(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("liandong runs")
}

fn played(data: &Path) -> usize {
    let Ok((store, _)) = Store::open(data) else {
        return 0;
    };
    store
        .runs(&RunFilter::default())
        .map(|r| r.len())
        .unwrap_or(0)
}

#[test]
fn a_contest_killed_mid_way_keeps_its_turns_and_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let setup = dir.path().join("contest.ron");
    std::fs::write(&setup, SETUP).unwrap();
    let created = liandong(&data, &["contest", "new", setup.to_str().unwrap()]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .arg("--data-dir")
        .arg(&data)
        .args(["contest", "play", "断电演练", "--delay-ms", "400"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while played(&data) < 2 {
        assert!(Instant::now() < deadline, "the contest never got going");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no clean-up, like pulling the plug
    child.wait().unwrap();

    let (store, recovery) = Store::open(&data).unwrap();
    assert!(recovery.is_none());
    let finished = store.runs(&RunFilter::default()).unwrap();
    assert!((2..6).contains(&finished.len()), "{} turns", finished.len());
    for summary in &finished {
        let run = store.run(summary.id).unwrap().unwrap();
        assert!(!run.decisions.is_empty(), "every saved turn is whole");
        let turn = run.competition.expect("a competition turn");
        assert!(turn.lineup.len() >= 2, "who played which role is kept");
    }
    let resumable = store.resumable().unwrap().expect("offered for resumption");
    let turns = resumable.info.setup.turns();
    assert_eq!(resumable.played, finished.len());
    assert_eq!(resumable.next, turns[finished.len()], "the exact next turn");
    drop(store);

    let resumed = liandong(&data, &["contest", "play", "断电演练"]);
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    assert_eq!(played(&data), 6, "each turn exactly once");
    let shown = liandong(&data, &["contest", "show", "断电演练", "--format", "json"]);
    let board: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(board["turns_played"], 6);
    assert_eq!(board["standings"].as_array().unwrap().len(), 3);
    let (store, _) = Store::open(&data).unwrap();
    assert!(
        store.resumable().unwrap().is_none(),
        "a finished contest is not offered"
    );
}

#[test]
fn run_save_records_a_run_and_history_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for pick in ["best", "worst"] {
        let out = liandong(
            data,
            &[
                "run",
                "scenarios/dividend-transfer.ron",
                "--pick",
                pick,
                "--trainee",
                "Ｏ'Brien 李",
                "--save",
                "--format",
                "json",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let history = liandong(data, &["history", "Ｏ'Brien 李"]);
    assert!(history.status.success());
    let text = String::from_utf8(history.stdout).unwrap();
    assert!(text.contains("（2 次）"), "{text}");
    assert!(text.contains("错题集"), "{text}");
    assert!(text.contains("建议下一个案例"), "{text}");
    // saved runs carry the time they were played, not the printed runs' simulated clock
    let json = liandong(data, &["history", "Ｏ'Brien 李", "--format", "json"]);
    let history: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let today = chrono::Utc::now().date_naive();
    for run in history["runs"].as_array().unwrap() {
        let started: chrono::DateTime<chrono::Utc> =
            run["started_at"].as_str().unwrap().parse().unwrap();
        assert!(
            (started.date_naive() - today).num_days().abs() <= 1,
            "a run saved today is dated {started}"
        );
    }
    let nobody = liandong(data, &["history", "没练过的人"]);
    assert_eq!(nobody.status.code(), Some(2));

    // a pasted paragraph is not a name: refused before the case is played, nothing stored
    let paragraph = "李".repeat(33);
    let refused = liandong(
        data,
        &[
            "run",
            "scenarios/dividend-transfer.ron",
            "--pick",
            "best",
            "--trainee",
            &paragraph,
            "--save",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("最多 32 个"));
    let (store, _) = Store::open(data).unwrap();
    assert_eq!(store.trainees().unwrap(), ["Ｏ'Brien 李"]);
}

/// A contest of 12 teams over `rounds` rounds of one quick case, created from the command line.
fn long_contest(data: &Path, name: &str, rounds: usize) {
    let teams: Vec<String> = (1..=12)
        .map(|t| format!(r#"(name: "{t}组", members: ["甲{t}", "乙{t}"])"#))
        .collect();
    let cases = vec!["\"complaint\""; rounds].join(", ");
    let setup = format!(
        "(name: \"{name}\", teams: [{}], cases: [{cases}], case_order: InOrder, roles: Fixed, seed: 7)",
        teams.join(", ")
    );
    std::fs::create_dir_all(data).unwrap();
    let file = data.join(format!("{name}.ron"));
    std::fs::write(&file, setup).unwrap();
    let created = liandong(data, &["contest", "new", file.to_str().unwrap()]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
}

/// Marks the first `turns` turns of a contest as played, in one transaction (saving them one
/// by one through the command line would take minutes).
fn mark_played(data: &Path, name: &str, turns: usize) {
    let mut conn = rusqlite::Connection::open(data.join(liandong::store::DB_FILE)).unwrap();
    let tx = conn.transaction().unwrap();
    let id: i64 = tx
        .query_row("SELECT id FROM competitions WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap();
    tx.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
         INSERT INTO runs (registration, case_id, case_title, case_hash, seed, role, mode,
             started_at, finished_at, time_ms, total, passed, pass_mark, red_line_count,
             competition_id, round, team, team_name, lineup)
         SELECT 'turn-' || i, 'complaint', '投诉', '', 7, '全部', 'competition',
             '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 1000, 80.0, 1, 60, 0,
             ?1, i / 12, i % 12, (i % 12 + 1) || '组', '[]' FROM n",
        (id, turns as i64),
    )
    .unwrap();
    tx.commit().unwrap();
}

/// Plays the rest of a contest from the command line; returns how long it took.
fn play_rest(data: &Path, name: &str) -> Duration {
    let started = Instant::now();
    let out = liandong(data, &["contest", "play", name]);
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("比赛结束"));
    took
}

#[test]
fn the_last_turns_of_a_long_contest_cost_what_the_first_ones_do() {
    // 40 turns to play, once at the start of a 12,000-turn contest and once at its end: each
    // turn used to read back and search every turn saved before it (98 s for 7,200 turns)
    let dir = tempfile::tempdir().unwrap();
    let (early, late) = (dir.path().join("early"), dir.path().join("late"));
    const LEFT: usize = 40;
    long_contest(&early, "短赛", LEFT / 12 + 1);
    mark_played(&early, "短赛", (LEFT / 12 + 1) * 12 - LEFT);
    long_contest(&late, "长赛", 1000);
    mark_played(&late, "长赛", 12_000 - LEFT);
    let first = play_rest(&early, "短赛");
    let last = play_rest(&late, "长赛");
    for (data, total) in [(&early, (LEFT / 12 + 1) * 12), (&late, 12_000)] {
        let (store, _) = Store::open(data).unwrap();
        assert_eq!(store.runs(&RunFilter::default()).unwrap().len(), total);
    }
    eprintln!("{LEFT} turns: {first:?} at the start, {last:?} at the end");
    assert!(
        last < first * 3 + Duration::from_secs(2),
        "{LEFT} turns took {last:?} at the end of a long contest, {first:?} at the start"
    );
}

#[test]
fn two_plays_of_one_contest_at_once_save_each_turn_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    long_contest(&data, "同时", 4);
    let players: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_liandong"))
                .arg("--data-dir")
                .arg(&data)
                .args(["contest", "play", "同时"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut played = 0;
    for player in players {
        let out = player.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("UNIQUE"), "{stderr}");
        played += String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains("得分"))
            .count();
    }
    assert_eq!(played, 48, "every turn reported once, by one of the two");
    let (store, _) = Store::open(&data).unwrap();
    let mut turns: Vec<_> = store
        .runs(&RunFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| r.turn.expect("a contest turn"))
        .collect();
    turns.sort();
    turns.dedup();
    assert_eq!(turns.len(), 48);
    assert!(store.resumable().unwrap().is_none());
}
