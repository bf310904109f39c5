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
