//! The database survives what a training-room laptop goes through: the process killed with
//! -9 in the middle of writing (100 times), a read-only data folder, a full disk.
#![cfg(unix)]

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use liandong::playthrough::{Event, Transcript};
use liandong::store::{DB_FILE, RunFilter, Store};
use rand::{RngExt, SeedableRng};

const KILLS: usize = 100;

fn liandong(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_liandong"));
    command.arg("--data-dir").arg(data);
    command
}

fn contest_setup(name: &str) -> String {
    let teams: Vec<String> = (1..=12)
        .map(|t| format!(r#"(name: "{t}组", members: ["甲{t}", "乙{t}"])"#))
        .collect();
    let cases = [
        "complaint",
        "fx-rate-inquiry",
        "overseas-worker",
        "no-time-customer",
    ];
    let cases: Vec<String> = (0..15).map(|i| format!("\"{}\"", cases[i % 4])).collect();
    format!(
        "(name: \"{name}\", teams: [{}], cases: [{}], case_order: InOrder, roles: Rotating, seed: 7)",
        teams.join(", "),
        cases.join(", ")
    )
}

/// Every run in the database is whole: its transcript, every decision the transcript
/// records, its per-role sums; and SQLite's own check passes.
fn assert_every_run_whole(data: &Path) -> usize {
    let conn = rusqlite::Connection::open(data.join(DB_FILE)).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let (store, recovery) = Store::open(data).unwrap();
    assert!(recovery.is_none(), "never corrupt: {recovery:?}");
    let runs = store.runs(&RunFilter::default()).unwrap();
    for summary in &runs {
        let run = store
            .run(summary.id)
            .unwrap()
            .expect("listed runs read back");
        let transcript = Transcript::from_ron(&run.transcript).unwrap();
        let decided = transcript
            .events
            .iter()
            .filter(|e| matches!(e, Event::Decision { .. }))
            .count();
        assert_eq!(run.decisions.len(), decided, "run {} is whole", summary.id);
        assert!(!run.role_scores().is_empty());
    }
    let no_roles: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_roles x WHERE x.run_id = r.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(no_roles, 0);
    runs.len()
}

#[test]
fn killed_a_hundred_times_mid_contest_every_finished_run_is_there_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(2026);
    let mut contest = 0;
    let mut confirmed = 0; // turns the killed processes reported as saved
    let mut landed_mid_run = 0;
    for kill in 0..KILLS {
        // a fresh contest when the current one is over
        let name = format!("断电{contest}");
        let status = liandong(&data)
            .args(["contest", "show", &name])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        if !status.success() {
            let setup = dir.path().join(format!("{name}.ron"));
            std::fs::write(&setup, contest_setup(&name)).unwrap();
            let created = liandong(&data)
                .args(["contest", "new", setup.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(
                created.status.success(),
                "{}",
                String::from_utf8_lossy(&created.stderr)
            );
        }
        let mut child = liandong(&data)
            .args(["contest", "play", &name])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(20..400)));
        child.kill().unwrap();
        child.wait().unwrap();
        let mut printed = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut printed)
            .unwrap();
        if printed.contains("比赛结束") {
            contest += 1;
        }
        let reported = printed.lines().filter(|l| l.contains("得分")).count();
        confirmed += reported;
        let saved = assert_every_run_whole(&data);
        assert!(
            saved >= confirmed,
            "kill {kill}: {saved} saved, {confirmed} reported"
        );
        // a run committed but not yet reported shows the kill landed between the two
        landed_mid_run += usize::from(saved > confirmed);
        confirmed = saved;
    }
    eprintln!(
        "{KILLS} kills, {confirmed} finished turns kept, {landed_mid_run} kills between a commit and its report"
    );
    assert!(confirmed > 0);
}

/// Runs `liandong run … --save` as an unprivileged user when the tests run as root (root
/// ignores permissions), so a read-only folder really is read-only.
fn save_a_run(data: &Path, unprivileged: bool) -> Output {
    let mut command = liandong(data);
    command.args([
        "run",
        "scenarios/complaint.ron",
        "--trainee",
        "只读",
        "--save",
        "--format",
        "json",
    ]);
    if unprivileged && unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    command.output().unwrap()
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_data_folder_gives_a_clear_message_and_keeps_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let data = dir.path().join("data");
    let first = save_a_run(&data, false);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    chmod(&data, 0o555);
    chmod(&data.join(DB_FILE), 0o444);
    let refused = save_a_run(&data, true);
    let message = String::from_utf8_lossy(&refused.stderr);
    chmod(&data, 0o755);
    if refused.status.success() {
        // an unprivileged user could not be had (e.g. no permission to switch): say so
        eprintln!("skipped: the read-only folder could not be made read-only for the child");
        return;
    }
    assert!(message.contains("无法写入"), "a clear message: {message}");
    assert!(
        !refused.stdout.is_empty(),
        "the debrief is still printed: playing does not need the database"
    );
    assert_eq!(assert_every_run_whole(&data), 1, "the earlier run is kept");
}

#[test]
fn a_data_folder_that_cannot_be_created_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = save_a_run(&blocker.join("data"), false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法写入"));
}

#[test]
fn a_full_disk_loses_the_new_run_only_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for _ in 0..3 {
        assert!(save_a_run(&data, false).status.success());
    }
    // no file may grow past 32 KiB: room for SQLite's shared-memory index, none for the
    // write-ahead log of a whole run. The disk is full for this process.
    assert!(
        !data.join(format!("{DB_FILE}-wal")).exists(),
        "a clean close leaves no log"
    );
    let limit_kib = 32;
    let script = format!(
        "trap '' XFSZ; ulimit -f {limit_kib}; exec \"$0\" --data-dir \"$1\" run scenarios/overseas-worker.ron --pick worst --trainee 满盘 --save --format json"
    );
    let out = Command::new("bash")
        .args(["-c", &script, env!("CARGO_BIN_EXE_liandong")])
        .arg(&data)
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{message}");
    assert!(message.contains("磁盘已满"), "a clear message: {message}");
    assert_eq!(assert_every_run_whole(&data), 3, "what was saved is intact");
    let (store, _) = Store::open(&data).unwrap();
    let full = store
        .runs(&RunFilter {
            trainee: Some("满盘".into()),
            competition: None,
        })
        .unwrap();
    assert!(
        full.is_empty(),
        "the run that did not fit is absent, not half there"
    );
}

/// Runs liandong as an unprivileged user when the tests run as root (as `save_a_run` does).
fn as_nobody(command: &mut Command) -> &mut Command {
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    command
}

#[test]
fn a_read_only_database_can_still_be_read_by_history_and_export() {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let data = dir.path().join("data");
    let saved = save_a_run(&data, false);
    assert!(saved.status.success());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    chmod(&out, 0o777);
    chmod(&data, 0o555);
    chmod(&data.join(DB_FILE), 0o444);
    let before = std::fs::read(data.join(DB_FILE)).unwrap();
    let history = as_nobody(liandong(&data).args(["history", "只读"]))
        .output()
        .unwrap();
    let csv = out.join("runs.csv");
    let export = as_nobody(liandong(&data).args(["export", "--csv", csv.to_str().unwrap()]))
        .output()
        .unwrap();
    let contests = as_nobody(liandong(&data).args(["contest", "list"]))
        .output()
        .unwrap();
    let could_write = as_nobody(&mut Command::new("touch"))
        .arg(data.join("probe"))
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success();
    chmod(&data, 0o755);
    if could_write {
        eprintln!("skipped: the folder could not be made read-only for the child");
        return;
    }
    for (what, out) in [
        ("history", &history),
        ("export", &export),
        ("contest list", &contests),
    ] {
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(text.contains("只读的练习记录（1 次）"), "{text}");
    assert!(String::from_utf8_lossy(&export.stdout).contains("已导出 1 条记录"));
    assert!(std::fs::read_to_string(&csv).unwrap().contains("只读"));
    assert_eq!(
        std::fs::read(data.join(DB_FILE)).unwrap(),
        before,
        "nothing written"
    );
    assert!(!data.join(format!("{DB_FILE}-wal")).exists());
}
