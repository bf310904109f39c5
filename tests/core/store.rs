//! The results database: a run comes back exactly as saved, a corrupt file is moved aside,
//! two writers at once lose nothing, and a trainee's history is built from what was saved.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use liandong::competition::{CaseOrder, ContestSetup, ObserverPoints, RoleAssignment, TeamSetup};
use liandong::lang::{Lang, Words};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::progress::History;
use liandong::scenario::Case;
use liandong::store::{CompetitionTurn, DB_FILE, Damage, RunFilter, RunRecord, Store, case_hash};

fn case(file: &str) -> Arc<Case> {
    common::load_valid(&PathBuf::from("scenarios").join(file))
}

fn record(file: &str, seed: u64, strategy: Strategy, trainee: &str) -> RunRecord {
    let case = case(file);
    let playthrough = autoplay(&case, seed, strategy, RoleChoice::All).unwrap();
    RunRecord::from_playthrough(&playthrough, trainee, None)
}

fn open(dir: &Path) -> Store {
    let (store, recovery) = Store::open(dir).expect("the store opens");
    assert!(recovery.is_none(), "{recovery:?}");
    store
}

#[test]
fn a_saved_run_reads_back_exactly_with_every_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    // 1: results and contests; 2: who is signed in at the app; 3: referral points;
    // 4: observers' checklists; 5: staff numbers and branches; 6: the outbox of statements
    assert_eq!(store.schema_version().unwrap(), 6);
    let run = record("overseas-worker.ron", 3, Strategy::Worst, "王小明");
    assert!(!run.red_lines.is_empty() && !run.passed);
    assert!(run.decisions.len() >= 10);
    assert!(run.decisions.iter().all(|d| d.at >= run.started_at));
    let id = store.save_run(&run).unwrap();
    drop(store);

    // a fresh connection, as after a restart
    let store = open(dir.path());
    let back = store.run(id).unwrap().expect("the run is there");
    assert_eq!(back, run);
    // the saved transcript replays to the same result
    let transcript = liandong::playthrough::Transcript::from_ron(&back.transcript).unwrap();
    let case = case("overseas-worker.ron");
    let replayed =
        liandong::playthrough::Playthrough::replay(case, &transcript, RoleChoice::All).unwrap();
    assert_eq!(replayed.debrief().total, run.total);
    assert_eq!(
        replayed.debrief().red_lines.len(),
        run.red_lines
            .iter()
            .map(|r| &r.rule)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    assert_eq!(
        back.case_hash,
        case_hash(&std::fs::read_to_string("scenarios/overseas-worker.ron").unwrap())
    );
    let listed = store
        .runs(&RunFilter {
            trainee: Some("王小明".into()),
            competition: None,
        })
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].total, run.total);
    assert_eq!(listed[0].red_line_count, run.red_lines.len());
}

#[test]
fn a_corrupt_database_is_moved_aside_and_a_fresh_one_made() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(DB_FILE),
        b"this is not a database, it is a shopping list\n".repeat(200),
    )
    .unwrap();
    let (mut store, recovery) = Store::open(dir.path()).expect("opens anyway");
    let recovery = recovery.expect("the user is told");
    assert!(
        recovery.moved_to.exists(),
        "the old file is kept for a look"
    );
    let moved = recovery
        .moved_to
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    assert!(moved.starts_with("liandong.db.corrupt-"), "{moved}");
    assert!(
        std::fs::read(&recovery.moved_to)
            .unwrap()
            .starts_with(b"this is not")
    );
    assert!(said(&recovery).contains("已移到"));
    // the fresh database works
    store
        .save_run(&record("complaint.ron", 1, Strategy::Best, "甲"))
        .unwrap();
    assert_eq!(store.runs(&RunFilter::default()).unwrap().len(), 1);
}

#[test]
fn a_database_from_a_newer_version_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let error = Store::open(dir.path()).err().expect("refused");
    let message = Words::load(Lang::Zh).unwrap().errors.store(&error);
    assert!(message.contains("更新版本"), "{message}");
    assert!(dir.path().join(DB_FILE).exists());
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    let runs: Vec<RunRecord> = (0..20)
        .map(|seed| record("fx-rate-inquiry.ron", seed, Strategy::Random, "并发"))
        .collect();
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let dir = dir.path().to_owned();
            let mut runs = runs.clone();
            std::thread::spawn(move || {
                // each writer is its own connection, as two app windows would be
                let (mut store, _) = Store::open(&dir).unwrap();
                for run in &mut runs {
                    run.registration = format!("{writer}-{}", run.registration);
                    store.save_run(run).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let store = open(dir.path());
    let saved = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(saved.len(), 40);
    for summary in saved {
        let run = store.run(summary.id).unwrap().unwrap();
        assert!(!run.decisions.is_empty());
    }
}

#[test]
fn history_names_the_missed_rules_and_suggests_the_weakest_dimension() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    for seed in 1..=3 {
        store
            .save_run(&record(
                "overseas-worker.ron",
                seed,
                Strategy::Worst,
                "李娜",
            ))
            .unwrap();
    }
    store
        .save_run(&record("complaint.ron", 1, Strategy::Best, "李娜"))
        .unwrap();
    store
        .save_run(&record("complaint.ron", 1, Strategy::Worst, "别人"))
        .unwrap();
    let runs = store
        .runs(&RunFilter {
            trainee: Some("李娜".into()),
            competition: None,
        })
        .unwrap();
    assert_eq!(runs.len(), 4, "only her runs");
    let broken = store.broken_rules("李娜").unwrap();
    assert!(!broken.is_empty());
    assert!(
        broken[0].misses >= 3,
        "three worst runs repeat the same mistakes"
    );
    assert!(broken.iter().any(|b| b.red_lines > 0));

    let cases: Vec<Arc<Case>> = common::bundled_case_files()
        .iter()
        .map(|f| common::load_valid(f))
        .collect();
    let catalogue = cases[0].catalogue.clone();
    let history = History::build("李娜", runs, broken, &catalogue, &cases);
    let weakest = history.weakest.expect("she has scores");
    let lowest = history
        .recent
        .iter()
        .filter_map(|(_, mean)| *mean)
        .fold(f64::MAX, f64::min);
    assert_eq!(
        history
            .recent
            .iter()
            .find(|(d, _)| *d == weakest)
            .unwrap()
            .1,
        Some(lowest)
    );
    let next = history.suggestion.expect("a case to play next");
    assert_ne!(
        next.case_id, "overseas-worker",
        "a case she has not failed three times"
    );
    assert_eq!(next.dimension, weakest);
    assert!(!history.missed[0].title.is_empty());
}

fn contest(name: &str, teams: usize) -> ContestSetup {
    ContestSetup {
        name: name.into(),
        teams: (1..=teams)
            .map(|t| TeamSetup {
                name: format!("第{t}组"),
                members: vec![format!("{t}号甲"), format!("{t}号乙")],
            })
            .collect(),
        cases: vec!["overseas-worker".into(), "complaint".into()],
        case_order: CaseOrder::InOrder,
        roles: RoleAssignment::Rotating,
        seed: 2,
        decision_limit_secs: Some(60),
        podium: 3,
        red_line_penalty: Default::default(),
        scenes: Default::default(),
        timers: Default::default(),
    }
}

#[test]
fn a_competition_scores_turns_and_observer_points_and_resumes_at_the_next_turn() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let setup = contest("春季PK", 3);
    let id = store.create_competition(&setup).unwrap();
    let rounds = setup.rounds();
    let turns = setup.turns();
    for (i, turn) in turns.iter().take(4).enumerate() {
        let file = format!("{}.ron", rounds[turn.round]);
        let case = case(&file);
        let strategy = if i == 1 {
            Strategy::Worst
        } else {
            Strategy::Best
        };
        let playthrough = autoplay(&case, setup.seed, strategy, RoleChoice::All).unwrap();
        let run = RunRecord::from_playthrough(
            &playthrough,
            &setup.teams[turn.team].name,
            Some(CompetitionTurn {
                competition: id,
                turn: *turn,
                team_name: setup.teams[turn.team].name.clone(),
                lineup: setup.lineup(*turn, &case),
            }),
        );
        store.save_run(&run).unwrap();
    }
    store
        .add_observer_points(
            id,
            &ObserverPoints {
                team: 1,
                round: 0,
                points: -3,
                comment: "没有起身引导".into(),
            },
        )
        .unwrap();
    let resumable = store.resumable().unwrap().expect("unfinished");
    assert_eq!(resumable.next, turns[4]);
    assert_eq!(resumable.played, 4);

    let info = store.competition("春季PK").unwrap().unwrap();
    let board = store.scoreboard(&info).unwrap();
    assert_eq!(board.turns_played, 4);
    assert_eq!(board.turns_total, 6);
    let second = board.standings.iter().find(|s| s.team == 1).unwrap();
    assert_eq!(second.observer_points, -3);
    assert!(second.red_lines > 0, "the worst turn crossed red lines");
    assert_eq!(board.standings.last().unwrap().team, 1);
    assert!(!second.roles.is_empty(), "per-role breakdown");
    // a team cannot play the same turn twice
    let again = store.runs(&RunFilter {
        trainee: None,
        competition: Some("春季PK".into()),
    });
    assert_eq!(again.unwrap().len(), 4);
}

#[test]
fn a_late_answer_scores_nothing_but_still_counts_its_red_line() {
    let case = case("overseas-worker.ron");
    let mut playthrough = liandong::playthrough::Playthrough::start(
        case.clone(),
        1,
        RoleChoice::All,
        chrono::Utc::now(),
    )
    .unwrap();
    playthrough.set_decision_limit(Some(30_000));
    let at = playthrough.pending().unwrap().at;
    let best = liandong::playthrough::pick::best(&case, at);
    let score = playthrough
        .answer(best, chrono::Utc::now(), 31_000)
        .unwrap();
    assert_eq!(score.earned, 0.0);
    assert!(score.feedback[0].contains("超时"), "{:?}", score.feedback);
    let replayed =
        liandong::playthrough::Playthrough::replay(case, playthrough.transcript(), RoleChoice::All)
            .unwrap();
    assert_eq!(
        replayed.debrief(),
        playthrough.debrief(),
        "the limit is part of the record"
    );
}

/// A digest of each of a database's three files (main, `-wal`, `-shm`; `None` where one is
/// missing), to compare them byte for byte.
fn files(db: &Path) -> [Option<String>; 3] {
    use sha2::Digest;
    ["", "-wal", "-shm"].map(|suffix| {
        let bytes = std::fs::read(format!("{}{suffix}", db.display())).ok()?;
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(format!("{} bytes, {digest}", bytes.len()))
    })
}

/// A database with three finished runs, closed cleanly (no log beside it).
fn intact_database(dir: &Path) -> Vec<RunRecord> {
    let mut store = open(dir);
    let runs: Vec<RunRecord> = [
        ("complaint.ron", Strategy::Best, "甲"),
        ("overseas-worker.ron", Strategy::Worst, "乙"),
        ("fx-rate-inquiry.ron", Strategy::Random, "甲"),
    ]
    .iter()
    .map(|(file, strategy, who)| record(file, 1, *strategy, who))
    .collect();
    for run in &runs {
        store.save_run(run).unwrap();
    }
    drop(store);
    assert!(!dir.join(format!("{DB_FILE}-wal")).exists());
    runs
}

/// Every run in the store, read back whole, by registration.
fn saved_runs(store: &Store) -> std::collections::BTreeMap<String, RunRecord> {
    store
        .runs(&RunFilter::default())
        .unwrap()
        .iter()
        .map(|s| {
            let run = store.run(s.id).unwrap().expect("listed runs read back");
            (run.registration.clone(), run)
        })
        .collect()
}

fn assert_holds_exactly(store: &Store, runs: &[RunRecord]) {
    let saved = saved_runs(store);
    assert_eq!(saved.len(), runs.len());
    for run in runs {
        assert_eq!(saved.get(&run.registration), Some(run), "kept as saved");
    }
}

/// Writes into a database through SQLite directly and leaves its log (`-wal`, `-shm`) beside
/// it, as a process killed before closing would; `VACUUM` puts every page in the log.
fn leave_a_log(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    assert!(
        std::fs::metadata(format!("{}-wal", db.display()))
            .unwrap()
            .len()
            > 32
    );
}

#[test]
fn a_stale_log_from_another_database_never_overwrites_an_intact_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mine, other) = (dir.path().join("mine"), dir.path().join("other"));
    let runs = intact_database(&mine);
    // another database, left with a log of recent changes (a copied or restored folder)
    let mut store = open(&other);
    store
        .save_run(&record("complaint.ron", 2, Strategy::Worst, "丙"))
        .unwrap();
    drop(store);
    let foreign = other.join(DB_FILE);
    leave_a_log(
        &foreign,
        "UPDATE runs SET case_title = case_title || '（改）';
         INSERT INTO trainees (name, created_at) VALUES ('丁', '2026-01-01T00:00:00Z');",
    );
    let db = mine.join(DB_FILE);
    for suffix in ["-wal", "-shm"] {
        std::fs::copy(
            format!("{}{suffix}", foreign.display()),
            format!("{}{suffix}", db.display()),
        )
        .unwrap();
    }
    let before = files(&db);

    let (store, recovery) = Store::open(&mine).expect("opens");
    let recovery = recovery.expect("the foreign log is noticed");
    assert_eq!(
        files(&recovery.moved_to),
        before,
        "all three files are kept byte for byte"
    );
    assert_eq!((recovery.saved, recovery.lost), (3, 0), "{recovery:?}");
    let message = said(&recovery);
    assert!(message.contains("救回了 3 次演练"), "{message}");
    assert!(
        message.contains("日志文件 liandong.db-wal 不属于"),
        "{message}"
    );
    assert_holds_exactly(&store, &runs);
    assert!(!store.trainees().unwrap().contains(&"丁".to_string()));
}

#[test]
fn a_log_that_reads_as_another_whole_database_is_not_taken_for_this_one() {
    // a young database lives wholly in its log: beside another file it reads as sound
    let dir = tempfile::tempdir().unwrap();
    let (mine, other) = (dir.path().join("mine"), dir.path().join("other"));
    let runs = intact_database(&mine);
    let mut store = open(&other);
    store
        .save_run(&record("complaint.ron", 2, Strategy::Worst, "丙"))
        .unwrap();
    drop(store);
    let foreign = other.join(DB_FILE);
    leave_a_log(&foreign, "VACUUM;");
    let db = mine.join(DB_FILE);
    for suffix in ["-wal", "-shm"] {
        std::fs::copy(
            format!("{}{suffix}", foreign.display()),
            format!("{}{suffix}", db.display()),
        )
        .unwrap();
    }
    let before = files(&db);

    let (store, recovery) = Store::open(&mine).expect("opens");
    let recovery = recovery.expect("the log belongs to another database");
    assert_eq!(recovery.reason, Damage::ForeignLog);
    assert!(recovery.foreign_log);
    assert_eq!(files(&recovery.moved_to), before);
    assert_eq!((recovery.saved, recovery.lost), (3, 0), "{recovery:?}");
    assert_holds_exactly(&store, &runs);
    assert_eq!(store.trainees().unwrap().len(), 2, "甲 and 乙, not 丙");
    drop(store);
    // and the next start finds a sound database of its own
    let (store, recovery) = Store::open(&mine).unwrap();
    assert!(recovery.is_none(), "{recovery:?}");
    assert_holds_exactly(&store, &runs);
}

#[test]
fn a_log_of_its_own_is_replayed_as_always() {
    let dir = tempfile::tempdir().unwrap();
    let runs = intact_database(dir.path());
    // a process killed after writing: its last changes are in the log only
    leave_a_log(
        &dir.path().join(DB_FILE),
        "INSERT INTO trainees (name, created_at) VALUES ('戊', '2026-01-01T00:00:00Z'); VACUUM;",
    );
    let (store, recovery) = Store::open(dir.path()).unwrap();
    assert!(recovery.is_none(), "{recovery:?}");
    assert!(store.trainees().unwrap().contains(&"戊".to_string()));
    assert_holds_exactly(&store, &runs);
}

/// Flips 64 bytes at the start of a page of `table` (its root page, or the `nth` leaf).
fn damage_page(db: &Path, table: &str, nth: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    let pages: Vec<i64> = conn
        .prepare("SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    let page = pages[nth.min(pages.len() - 1)];
    let mut bytes = std::fs::read(db).unwrap();
    let at = ((page - 1) * page_size) as usize;
    for byte in &mut bytes[at..at + 64] {
        *byte ^= 0xa5;
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn one_bad_page_of_a_derived_table_loses_no_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut runs = intact_database(dir.path());
    // a contest turn with observer points too
    let mut store = open(dir.path());
    let setup = contest("夏季PK", 2);
    let id = store.create_competition(&setup).unwrap();
    let turn = setup.turns()[0];
    let case = case("overseas-worker.ron");
    let playthrough = autoplay(&case, setup.seed, Strategy::Best, RoleChoice::All).unwrap();
    let turn_run = RunRecord::from_playthrough(
        &playthrough,
        &setup.teams[0].name,
        Some(CompetitionTurn {
            competition: id,
            turn,
            team_name: setup.teams[0].name.clone(),
            lineup: setup.lineup(turn, &case),
        }),
    );
    store.save_run(&turn_run).unwrap();
    runs.push(turn_run);
    let points = ObserverPoints {
        team: 0,
        round: 0,
        points: 2,
        comment: "主动起身".into(),
    };
    store.add_observer_points(id, &points).unwrap();
    let board_before = store
        .scoreboard(&store.competition("夏季PK").unwrap().unwrap())
        .unwrap();
    drop(store);
    let db = dir.path().join(DB_FILE);
    damage_page(&db, "run_roles", 0);
    let damaged = files(&db);

    let (store, recovery) = Store::open(dir.path()).expect("opens");
    let recovery = recovery.expect("the damage is found");
    assert!(!recovery.foreign_log);
    assert_eq!(files(&recovery.moved_to), damaged, "kept as it was");
    assert_eq!((recovery.saved, recovery.lost), (4, 0), "{recovery:?}");
    assert!(
        said(&recovery).contains("救回了 4 次演练"),
        "{}",
        said(&recovery)
    );
    assert_holds_exactly(&store, &runs);
    // the per-role sums are rebuilt from the decisions: the scoreboard is as it was
    let info = store
        .competition("夏季PK")
        .unwrap()
        .expect("the contest is kept");
    assert_eq!(store.observer_points(info.id).unwrap(), [points]);
    assert_eq!(store.scoreboard(&info).unwrap(), board_before);
    assert!(!store.broken_rules("乙").unwrap().is_empty());
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_bad_page_of_transcripts_loses_only_the_runs_on_it_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let runs: Vec<RunRecord> = (0..30)
        .map(|seed| record("overseas-worker.ron", seed, Strategy::Random, "己"))
        .collect();
    for run in &runs {
        store.save_run(run).unwrap();
    }
    drop(store);
    damage_page(&dir.path().join(DB_FILE), "transcripts", 3);

    let (store, recovery) = Store::open(dir.path()).expect("opens");
    let recovery = recovery.expect("the damage is found");
    assert!(recovery.lost > 0, "{recovery:?}");
    assert!(recovery.saved > 0, "{recovery:?}");
    assert_eq!(recovery.saved + recovery.lost, runs.len(), "{recovery:?}");
    let message = said(&recovery);
    assert!(
        message.contains(&format!("救回了 {} 次演练", recovery.saved))
            && message.contains(&format!("另有 {} 次无法完整读出", recovery.lost)),
        "{message}"
    );
    let saved = saved_runs(&store);
    assert_eq!(saved.len(), recovery.saved);
    for run in &runs {
        if let Some(back) = saved.get(&run.registration) {
            assert_eq!(back, run, "a salvaged run is whole");
        }
    }
}

#[test]
fn a_turn_saved_twice_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let setup = contest("秋季PK", 2);
    let id = store.create_competition(&setup).unwrap();
    let turn = setup.turns()[1];
    let case = case("overseas-worker.ron");
    let playthrough = autoplay(&case, setup.seed, Strategy::Best, RoleChoice::All).unwrap();
    let play = || {
        RunRecord::from_playthrough(
            &playthrough,
            &setup.teams[1].name,
            Some(CompetitionTurn {
                competition: id,
                turn,
                team_name: setup.teams[1].name.clone(),
                lineup: setup.lineup(turn, &case),
            }),
        )
    };
    store.save_run(&play()).unwrap();
    // the same turn played again elsewhere (another window, a second `contest play`)
    let (mut other, _) = Store::open(dir.path()).unwrap();
    let refused = other.save_run(&play()).expect_err("one result per turn");
    let message = Words::load(Lang::Zh).unwrap().errors.store(&refused);
    assert!(
        message.contains("第 1 轮“第2组”") && message.contains("已经演过"),
        "{message}"
    );
    assert!(!message.contains("UNIQUE"), "{message}");
    assert_eq!(store.played_turns(id).unwrap(), [turn]);
}

/// What the user is told about a recovery, in Chinese.
fn said(recovery: &liandong::store::Recovery) -> String {
    Words::load(Lang::Zh).unwrap().errors.recovery(recovery)
}
