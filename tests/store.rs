//! The results database: a run comes back exactly as saved, a corrupt file is moved aside,
//! two writers at once lose nothing, and a trainee's history is built from what was saved.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use liandong::competition::{CaseOrder, ContestSetup, ObserverPoints, RoleAssignment, TeamSetup};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::progress::History;
use liandong::scenario::Case;
use liandong::store::{CompetitionTurn, DB_FILE, RunFilter, RunRecord, Store, case_hash};

fn case(file: &str) -> (Arc<Case>, String) {
    let path = PathBuf::from("scenarios").join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    (common::load_valid(&path), source)
}

fn record(file: &str, seed: u64, strategy: Strategy, trainee: &str) -> RunRecord {
    let (case, source) = case(file);
    let playthrough = autoplay(&case, seed, strategy, RoleChoice::All).unwrap();
    RunRecord::from_playthrough(&playthrough, trainee, &source, None)
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
    assert_eq!(store.schema_version().unwrap(), 1);
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
    let (case, _) = case("overseas-worker.ron");
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
    assert!(recovery.message().contains("已移到"));
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
    assert!(error.to_string().contains("更新版本"), "{error}");
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
        let (case, source) = case(&file);
        let strategy = if i == 1 {
            Strategy::Worst
        } else {
            Strategy::Best
        };
        let playthrough = autoplay(&case, setup.seed, strategy, RoleChoice::All).unwrap();
        let run = RunRecord::from_playthrough(
            &playthrough,
            &setup.teams[turn.team].name,
            &source,
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
    let (case, _) = case("overseas-worker.ron");
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
