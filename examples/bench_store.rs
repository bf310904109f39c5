//! Prints how long the store takes with 10,000 runs: saving them (one transaction each, as
//! the app saves), then building a 12-team scoreboard and a trainee's history from them.
//! Run by `scripts/bench-store.sh` (release build); prints figures, asserts nothing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use liandong::competition::{CaseOrder, ContestSetup, RoleAssignment, TeamSetup};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::progress::History;
use liandong::scenario::{Case, validate_paths};
use liandong::store::{CompetitionTurn, RunFilter, RunRecord, Store};

const RUNS: usize = 10_000;
const TEAMS: usize = 12;
const TRAINEE: &str = "王小明";

fn main() {
    let cases: Vec<Arc<Case>> = validate_paths(&[PathBuf::from("scenarios")])
        .into_iter()
        .filter(|r| !r.has_errors())
        .filter_map(|r| r.case)
        .collect();
    // a pool of real runs of every case, good and bad, reused with fresh registrations
    let strategies = [Strategy::Best, Strategy::Worst, Strategy::Random];
    let pool: Vec<RunRecord> = cases
        .iter()
        .flat_map(|case| {
            strategies.iter().enumerate().map(move |(i, strategy)| {
                let playthrough = autoplay(case, i as u64 + 1, *strategy, RoleChoice::All)
                    .expect("bundled cases play");
                RunRecord::from_playthrough(&playthrough, TRAINEE, None)
            })
        })
        .collect();
    let decisions: usize = pool.iter().map(|r| r.decisions.len()).sum();
    println!(
        "pool: {} distinct runs, {:.1} decisions per run on average",
        pool.len(),
        decisions as f64 / pool.len() as f64
    );

    let dir = tempfile::tempdir().expect("temporary folder");
    let (mut store, _) = Store::open(dir.path()).expect("store opens");

    // practice: one trainee's 10,000 runs (the worst case for a history screen)
    let mut latencies = Vec::with_capacity(RUNS);
    let started = Instant::now();
    for i in 0..RUNS {
        let mut run = pool[i % pool.len()].clone();
        run.registration = format!("practice-{i}");
        let one = Instant::now();
        store.save_run(&run).expect("saved");
        latencies.push(one.elapsed());
    }
    report(
        "store 10,000 practice runs",
        started.elapsed(),
        &mut latencies,
    );

    let case_list: Vec<Arc<Case>> = cases.clone();
    let catalogue = case_list[0].catalogue.clone();
    let history = time_best_of(5, || {
        let runs = store
            .runs(&RunFilter {
                trainee: Some(TRAINEE.into()),
                competition: None,
            })
            .expect("runs");
        let broken = store.broken_rules(TRAINEE).expect("missed rules");
        History::build(TRAINEE, runs, broken, &catalogue, &case_list)
    });
    println!(
        "history of a trainee with {} runs: {:.1} ms (best of 5); suggests {}",
        history.1.runs.len(),
        ms(history.0),
        history.1.suggestion.map(|s| s.case_id).unwrap_or_default()
    );

    // a competition of 12 teams with 10,008 turns (834 rounds)
    let rounds = RUNS.div_ceil(TEAMS);
    let setup = ContestSetup {
        name: "基准测试".into(),
        teams: (1..=TEAMS)
            .map(|t| TeamSetup {
                name: format!("第{t}组"),
                members: vec!["甲".into(), "乙".into(), "丙".into()],
            })
            .collect(),
        cases: (0..rounds)
            .map(|r| cases[r % cases.len()].scenario.id.clone())
            .collect(),
        case_order: CaseOrder::InOrder,
        roles: RoleAssignment::Rotating,
        seed: 1,
        decision_limit_secs: None,
        podium: 3,
        red_line_penalty: Default::default(),
        scenes: Default::default(),
        timers: Default::default(),
    };
    let id = store.create_competition(&setup).expect("contest");
    let mut latencies = Vec::with_capacity(RUNS);
    let started = Instant::now();
    for (i, turn) in setup.turns().into_iter().enumerate() {
        let mut run = pool[i % pool.len()].clone();
        run.registration = format!("contest-{i}");
        run.trainee = setup.teams[turn.team].name.clone();
        run.competition = Some(CompetitionTurn {
            competition: id,
            turn,
            team_name: run.trainee.clone(),
            lineup: Vec::new(),
        });
        let one = Instant::now();
        store.save_run(&run).expect("saved");
        latencies.push(one.elapsed());
    }
    report(
        "store 10,008 competition turns",
        started.elapsed(),
        &mut latencies,
    );

    let info = store
        .competition("基准测试")
        .expect("query")
        .expect("contest");
    let board = time_best_of(5, || store.scoreboard(&info).expect("scoreboard"));
    println!(
        "12-team scoreboard over {} turns: {:.1} ms (best of 5); leader {} with {:.1}",
        board.1.turns_played,
        ms(board.0),
        board.1.standings[0].name,
        board.1.standings[0].total
    );
    let size = std::fs::metadata(store.path())
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "database: {:.1} MiB for 20,008 runs",
        size as f64 / 1048576.0
    );

    // with LIANDONG_TEST_LRS=http://KEY:SECRET@HOST:PORT/xAPI (scripts/ralph-lrs.sh start
    // prints one): the outbox of the first SYNC_RUNS practice runs sent to that LRS
    if let Ok(url) = std::env::var("LIANDONG_TEST_LRS") {
        sync_figure(&dir, &pool, &url);
    }
}

/// Runs saved in a fresh database and then synced, for statements per second.
const SYNC_RUNS: usize = 2_000;

fn sync_figure(dir: &tempfile::TempDir, pool: &[RunRecord], url: &str) {
    let rest = url
        .strip_prefix("http://")
        .expect("http://KEY:SECRET@HOST:PORT/xAPI");
    let (credentials, host) = rest.split_once('@').expect("KEY:SECRET@ in the URL");
    let (key, secret) = credentials.split_once(':').expect("KEY:SECRET");
    let config = liandong::lrs::LrsConfig::new(&format!("http://{host}"), key, secret)
        .expect("valid settings");
    let (mut store, _) = Store::open(&dir.path().join("sync")).expect("store opens");
    let batch = uuid::Uuid::new_v4().simple().to_string();
    for i in 0..SYNC_RUNS {
        let mut run = pool[i % pool.len()].clone();
        run.registration = format!("sync-{batch}-{i}");
        store.save_run(&run).expect("saved");
    }
    let started = Instant::now();
    let report = liandong::lrs::sync_once(&store, &config);
    let took = started.elapsed();
    assert_eq!(report.error, None, "the sync failed");
    println!(
        "sync {} statements to {host}: {:.2} s, {:.0} statements/s (batches of {})",
        report.sent,
        took.as_secs_f64(),
        report.sent as f64 / took.as_secs_f64(),
        liandong::lrs::BATCH
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, total: Duration, latencies: &mut [Duration]) {
    latencies.sort();
    let pick = |q: f64| ms(latencies[((latencies.len() - 1) as f64 * q) as usize]);
    println!(
        "{what}: {:.2} s in all, one transaction each: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        total.as_secs_f64(),
        pick(0.5),
        pick(0.99),
        pick(1.0)
    );
}

fn time_best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..n {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        last = Some(value);
    }
    (best, last.expect("n > 0"))
}
