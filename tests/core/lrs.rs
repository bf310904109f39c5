//! Live sync against a real learning record store: ralph 5.1 with its file backend, started
//! by scripts/ralph-lrs.sh (scripts/test.sh and .ci/run do it), found through
//! LIANDONG_TEST_LRS=http://KEY:SECRET@127.0.0.1:PORT/xAPI; the test that kills the LRS starts
//! its own with the python of LIANDONG_TEST_RALPH. Without them the tests fail under CI
//! (LIANDONG_CI) and say they checked nothing elsewhere.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use liandong::export::xapi;
use liandong::lang::Lang;
use liandong::lrs::{LrsConfig, Sender, SyncError, fetch_statements, sync_once};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::Case;
use liandong::store::{Identity, RunFilter, RunRecord, Store};
use serde_json::Value;

use crate::common;

/// The shared LRS's settings, or `None` (after saying so) when none is given.
fn shared_lrs() -> Option<LrsConfig> {
    let Ok(url) = std::env::var("LIANDONG_TEST_LRS") else {
        common::missing_tool(
            "LIANDONG_TEST_LRS is not set: run the tests with scripts/test.sh, which starts ralph",
        );
        return None;
    };
    let rest = url
        .strip_prefix("http://")
        .expect("http://KEY:SECRET@HOST:PORT/xAPI");
    let (credentials, host) = rest.split_once('@').expect("KEY:SECRET@ in the URL");
    let (key, secret) = credentials.split_once(':').expect("KEY:SECRET");
    Some(LrsConfig::new(&format!("http://{host}"), key, secret).expect("valid settings"))
}

fn case(file: &str) -> Arc<Case> {
    common::load_valid(&Path::new("scenarios").join(file))
}

/// `n` runs of a few cases, best and worst, all of one branch named for this test alone, so
/// their statements can be told apart from other tests' in the shared LRS.
fn save_runs(store: &mut Store, n: usize, branch: &str) -> Vec<RunRecord> {
    let cases = [
        case("large-remittance.ron"),
        case("overseas-worker.ron"),
        case("complaint.ron"),
    ];
    (0..n)
        .map(|i| {
            let strategy = if i % 3 == 0 {
                Strategy::Worst
            } else {
                Strategy::Best
            };
            let played = autoplay(&cases[i % 3], i as u64, strategy, RoleChoice::All)
                .expect("the case plays");
            let staff_no = format!("08{:05}", i % 17);
            let run = RunRecord::from_playthrough(&played, &format!("学员{}", i % 17), None)
                .with_identity(Identity::new(Some(&staff_no), Some(branch)));
            store.save_run(&run).expect("saved");
            run
        })
        .collect()
}

/// What the export writes for every run in the store: the statements that should arrive.
fn expected_statements(store: &Store) -> Vec<Value> {
    let mut runs = store.runs(&RunFilter::default()).expect("listed");
    store.fill_missed_rules(&mut runs).expect("read");
    let home_page = store.xapi_home_page().expect("read");
    xapi::statements_for(&runs, &home_page)
        .as_array()
        .expect("an array")
        .clone()
}

fn of_branch(statements: Vec<Value>, branch: &str) -> Vec<Value> {
    statements
        .into_iter()
        .filter(|s| s["context"]["extensions"][xapi::EXTENSION_BRANCH] == branch)
        .collect()
}

fn unique_branch(test: &str) -> String {
    format!("{test}网点-{}", uuid::Uuid::new_v4().simple())
}

#[test]
fn two_hundred_runs_are_synced_and_read_back_field_for_field() {
    let Some(config) = shared_lrs() else { return };
    let dir = tempfile::tempdir().expect("a folder");
    let (mut store, _) = Store::open(dir.path()).expect("opens");
    let branch = unique_branch("二百");
    save_runs(&mut store, 200, &branch);
    assert_eq!(store.outbox_counts().expect("counted").pending, 200);

    let started = Instant::now();
    let report = sync_once(&store, &config);
    let took = started.elapsed();
    assert_eq!(report.error, None);
    assert_eq!((report.sent, report.pending, report.rejected), (200, 0, 0));
    eprintln!(
        "FIGURE: 200 statements synced to ralph (file backend) in {:.0} ms: {:.0} statements/s",
        took.as_secs_f64() * 1000.0,
        200.0 / took.as_secs_f64()
    );
    let counts = store.outbox_counts().expect("counted");
    assert_eq!((counts.sent, counts.pending), (200, 0));

    let read_back = of_branch(
        fetch_statements(&config, &Default::default()).expect("read back"),
        &branch,
    );
    assert_eq!(read_back.len(), 200);
    let by_id: HashMap<&str, &Value> = read_back
        .iter()
        .map(|s| (s["id"].as_str().expect("an id"), s))
        .collect();
    for expected in expected_statements(&store) {
        let id = expected["id"].as_str().expect("an id");
        let back = by_id
            .get(id)
            .unwrap_or_else(|| panic!("{id} is not in the LRS"));
        // every field sent comes back as sent; the LRS adds only its own (stored, authority)
        for (field, value) in expected.as_object().expect("an object") {
            assert_eq!(&back[field], value, "{field} of {id}");
        }
    }
    // a second sync sends nothing
    assert_eq!(sync_once(&store, &config).sent, 0);

    // what the terminal prints of it names nothing internal, in either language: the rules
    // by their titles, full-width punctuation beside Chinese
    config.save(dir.path()).expect("saved");
    let names = crate::plain_words::InternalNames::of_bundled_cases();
    for lang in [Lang::Zh, Lang::En] {
        let code = if lang == Lang::Zh { "zh" } else { "en" };
        let mut texts = Vec::new();
        for args in [
            vec!["lrs", "status"],
            vec!["report", "--from-lrs", "--branch", branch.as_str()],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_liandong"))
                .args(["--lang", code, "--data-dir"])
                .arg(dir.path())
                .args(&args)
                .output()
                .expect("runs");
            assert!(out.status.success(), "{out:?}");
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
                // the LRS's address and the unique branch name are data, not words
                let line = line
                    .replace(&config.endpoint, "")
                    .replace(branch.as_str(), "网点");
                texts.push((args.join(" "), line));
            }
        }
        let report_has = |word: &str| texts.iter().any(|(_, t)| t.contains(word));
        match lang {
            Lang::Zh => {
                assert!(report_has("已同步 200 条，待同步 0 条") && report_has("共 200 次演练"))
            }
            Lang::En => assert!(report_has("Sent: 200; waiting: 0") && report_has("200 runs")),
        }
        let problems = crate::plain_words::report(&names, &texts, lang);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[test]
fn wrong_credentials_say_so_and_keep_every_statement() {
    let Some(config) = shared_lrs() else { return };
    let dir = tempfile::tempdir().expect("a folder");
    let (mut store, _) = Store::open(dir.path()).expect("opens");
    let branch = unique_branch("密钥");
    save_runs(&mut store, 3, &branch);
    let wrong = LrsConfig::new(&config.endpoint, &config.key, "not-the-secret").expect("valid");
    let report = sync_once(&store, &wrong);
    assert_eq!(report.error, Some(SyncError::Credentials { status: 401 }));
    assert_eq!((report.sent, report.pending), (0, 3));
    drop(store);

    // the terminal says what is wrong, what to do, and that nothing is lost
    wrong.save(dir.path()).expect("saved");
    for (lang, words) in [
        (
            "zh",
            [
                "不接受这个用户名和密钥",
                "liandong lrs set",
                "待同步的 3 条都还保存在本机",
            ],
        ),
        (
            "en",
            [
                "refused the key and secret",
                "liandong lrs set",
                "the 3 waiting are kept",
            ],
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_liandong"))
            .args(["--lang", lang, "--data-dir"])
            .arg(dir.path())
            .args(["lrs", "sync"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        for word in words {
            assert!(stderr.contains(word), "{lang}: {stderr}");
        }
        assert!(
            !stderr.contains("not-the-secret"),
            "the secret is never printed"
        );
        let status = Command::new(env!("CARGO_BIN_EXE_liandong"))
            .args(["--lang", lang, "--data-dir"])
            .arg(dir.path())
            .args(["lrs", "status"])
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&status.stdout);
        assert!(!stdout.contains("not-the-secret"));
        assert!(
            stdout.contains(if lang == "zh" {
                "已同步 0 条，待同步 3 条"
            } else {
                "Sent: 0; waiting: 3"
            }),
            "{stdout}"
        );
    }
    // the settings are the owner's alone
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(liandong::lrs::CONFIG_FILE))
            .expect("kept")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // with the right secret everything waiting goes
    let (store, _) = Store::open(dir.path()).expect("opens");
    let report = sync_once(&store, &config);
    assert_eq!((report.sent, report.pending, report.error), (3, 0, None));
}

#[test]
fn the_background_sender_empties_the_outbox_after_each_save() {
    let Some(config) = shared_lrs() else { return };
    let dir = tempfile::tempdir().expect("a folder");
    config.save(dir.path()).expect("saved");
    let sender = Sender::start(dir.path().to_owned(), Duration::from_secs(60));
    let (mut store, _) = Store::open(dir.path()).expect("opens");
    let branch = unique_branch("后台");
    save_runs(&mut store, 5, &branch);
    sender.wake();
    let deadline = Instant::now() + Duration::from_secs(30);
    while sender.status().counts.sent < 5 {
        assert!(Instant::now() < deadline, "{:?}", sender.status());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(sender.status().last_error, None);
    assert_eq!(store.outbox_counts().expect("counted").pending, 0);
    let started = Instant::now();
    sender.stop();
    assert!(started.elapsed() < Duration::from_secs(2), "stops at once");
}

/// A ralph of this test's own, on `port`, with its data in `dir`.
fn start_ralph(python: &Path, port: u16, dir: &Path) -> Child {
    let child = Command::new(python)
        .arg("scripts/ralph_lrs.py")
        .args(["--port", &port.to_string(), "--dir"])
        .arg(dir)
        .args(["--user", "k", "--password", "s"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ralph starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "ralph did not start on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    child
}

/// Every statement id in ralph's file, with how many times it is stored.
fn stored_ids(dir: &Path) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    let text =
        std::fs::read_to_string(dir.join("statements").join("fs_lrs.jsonl")).unwrap_or_default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let statement: Value = serde_json::from_str(line).expect("a whole statement per line");
        *ids.entry(statement["id"].as_str().expect("an id").to_owned())
            .or_default() += 1;
    }
    ids
}

#[test]
fn an_lrs_killed_in_the_middle_of_a_sync_gets_every_statement_exactly_once() {
    let Some(python) = std::env::var_os("LIANDONG_TEST_RALPH").map(PathBuf::from) else {
        common::missing_tool(
            "LIANDONG_TEST_RALPH is not set: run the tests with scripts/test.sh, which installs ralph",
        );
        return;
    };
    let dir = tempfile::tempdir().expect("a folder");
    let lrs_dir = dir.path().join("ralph");
    let data = dir.path().join("data");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let config = LrsConfig::new(&format!("http://127.0.0.1:{port}/xAPI"), "k", "s").expect("ok");
    let (mut store, _) = Store::open(&data).expect("opens");
    let n = 1500;
    save_runs(&mut store, n, "断线网点");
    drop(store);
    let mut ralph = start_ralph(&python, port, &lrs_dir);

    // sync on another thread; kill the LRS once a few batches are in
    let syncing = {
        let (data, config) = (data.clone(), config.clone());
        std::thread::spawn(move || {
            let (store, _) = Store::open(&data).expect("opens");
            sync_once(&store, &config)
        })
    };
    let (watch, _) = Store::open(&data).expect("opens");
    let deadline = Instant::now() + Duration::from_secs(120);
    while watch.outbox_counts().expect("counted").sent < 300 {
        assert!(Instant::now() < deadline, "nothing was sent");
        std::thread::sleep(Duration::from_millis(2));
    }
    ralph.kill().expect("killed");
    ralph.wait().expect("gone");
    let report = syncing.join().expect("the sync ends");
    assert!(
        matches!(report.error, Some(SyncError::Unreachable { .. })),
        "the sync was cut off: {report:?}"
    );
    let counts = watch.outbox_counts().expect("counted");
    assert!(counts.pending > 0, "{counts:?}");
    assert_eq!(counts.sent + counts.pending, n);

    // while it is away, tries fail and lose nothing
    let report = sync_once(&watch, &config);
    assert!(matches!(report.error, Some(SyncError::Unreachable { .. })));
    assert_eq!(report.pending, counts.pending);

    let mut ralph = start_ralph(&python, port, &lrs_dir);
    let report = sync_once(&watch, &config);
    assert_eq!((report.pending, report.error), (0, None));
    let stored = stored_ids(&lrs_dir);
    let expected = expected_statements(&watch);
    assert_eq!(expected.len(), n);
    for statement in &expected {
        let id = statement["id"].as_str().expect("an id");
        assert_eq!(stored.get(id), Some(&1), "{id} is stored exactly once");
    }
    assert_eq!(stored.len(), n, "nothing else is stored");
    let _ = ralph.kill();
    let _ = ralph.wait();
}

#[test]
fn runs_saved_before_the_outbox_are_queued_once_at_the_first_sync() {
    let dir = tempfile::tempdir().expect("a folder");
    {
        let (mut store, _) = Store::open(dir.path()).expect("opens");
        save_runs(&mut store, 4, "旧网点");
    }
    // what a database of schema 5 held: no outbox
    let conn = rusqlite::Connection::open(dir.path().join(liandong::store::DB_FILE)).unwrap();
    conn.execute_batch("DROP TABLE outbox; PRAGMA user_version = 5;")
        .unwrap();
    drop(conn);
    let (mut store, _) = Store::open(dir.path()).expect("opens");
    assert_eq!(store.outbox_counts().expect("counted").pending, 0);
    save_runs(&mut store, 1, "新网点");
    assert_eq!(store.outbox_counts().expect("counted").pending, 1);
    // an LRS that is not there: the runs of before are queued all the same, and kept
    let nowhere = LrsConfig::new("http://127.0.0.1:9/xAPI", "k", "s").expect("valid");
    let report = sync_once(&store, &nowhere);
    assert!(matches!(report.error, Some(SyncError::Unreachable { .. })));
    assert_eq!(report.pending, 5);
    assert_eq!(
        store.outbox_queue_missing().expect("queued"),
        0,
        "only once"
    );
    let queued: Vec<Value> = store
        .outbox_pending(100)
        .expect("read")
        .iter()
        .map(|q| serde_json::from_str(&q.body).expect("JSON"))
        .collect();
    let mut expected = expected_statements(&store);
    let key = |s: &Value| s["id"].as_str().unwrap_or_default().to_owned();
    expected.sort_by_key(key);
    let mut queued = queued;
    queued.sort_by_key(key);
    assert_eq!(queued, expected, "the same statements as an export");
}
