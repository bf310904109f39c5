//! Criterion benchmarks of the core (no app): load and validate 1,000 case files, score
//! 100,000 runs, build a 12-team scoreboard (in memory, and from a database of 10,008 turns),
//! write the largest case as a workbook and read it back.
//! Run: `cargo bench --no-default-features --bench core` (or `scripts/bench.sh`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use liandong::competition::{
    CaseOrder, ContestSetup, RoleAssignment, RoleScore, Scoreboard, TeamSetup, Turn, TurnResult,
};
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::playthrough::{Event, Playthrough, RoleChoice};
use liandong::scenario::model::Role;
use liandong::scenario::{Case, validate_paths};
use liandong::scoring::Answer;
use liandong::store::{CompetitionTurn, RunRecord, Store};

const COPIES: usize = 1_000;
const RUNS: usize = 100_000;

fn bundled() -> Vec<(Arc<Case>, String)> {
    validate_paths(&[PathBuf::from("scenarios")])
        .into_iter()
        .filter(|r| !r.has_errors())
        .filter_map(|r| Some((r.case?, r.source?)))
        .collect()
}

/// 1,000 case files: the bundled cases copied with fresh ids, as `bench-validate.sh` does.
fn thousand_cases() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy("scenarios/rules.ron", dir.path().join("rules.ron")).expect("catalogue");
    let cases = bundled();
    for i in 0..COPIES {
        let (case, source) = &cases[i % cases.len()];
        let id = &case.scenario.id;
        let copy = source.replacen(
            &format!("id: \"{id}\""),
            &format!("id: \"{id}-copy-{i}\""),
            1,
        );
        std::fs::write(dir.path().join(format!("case-{i}.ron")), copy).expect("copy");
    }
    dir
}

fn load_and_validate(c: &mut Criterion) {
    let dir = thousand_cases();
    let paths = [dir.path().to_owned()];
    let mut group = c.benchmark_group("load+validate");
    group.sample_size(10);
    group.bench_function("1,000 case files", |b| {
        b.iter(|| {
            let reports = validate_paths(&paths);
            assert_eq!(reports.iter().filter(|r| r.has_errors()).count(), 0);
            reports
        })
    });
    group.finish();
}

/// The decisions of real runs (best, worst, random of every case), to be played again.
fn recorded_runs() -> Vec<(Arc<Case>, u64, Vec<Answer>)> {
    let strategies = [Strategy::Best, Strategy::Worst, Strategy::Random];
    bundled()
        .into_iter()
        .flat_map(|(case, _)| {
            strategies.iter().enumerate().map(move |(i, strategy)| {
                let seed = i as u64 + 1;
                let played = autoplay(&case, seed, *strategy, RoleChoice::All).expect("plays");
                let answers = played
                    .transcript()
                    .events
                    .iter()
                    .filter_map(|e| match e {
                        Event::Decision { answer, .. } => Some(answer.clone()),
                        _ => None,
                    })
                    .collect();
                (case.clone(), seed, answers)
            })
        })
        .collect()
}

fn score_runs(c: &mut Criterion) {
    let runs = recorded_runs();
    let at = chrono::Utc::now();
    let mut group = c.benchmark_group("scoring");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function("100,000 runs played and scored", |b| {
        b.iter(|| {
            let mut total = 0.0;
            for i in 0..RUNS {
                let (case, seed, answers) = &runs[i % runs.len()];
                let mut playthrough =
                    Playthrough::start(case.clone(), *seed, RoleChoice::All, at).expect("starts");
                for answer in answers {
                    playthrough.answer(answer.clone(), at, 0).expect("valid");
                }
                total += playthrough.debrief().total;
            }
            total
        })
    });
    group.finish();
}

fn twelve_teams() -> ContestSetup {
    ContestSetup {
        name: "基准".into(),
        teams: (1..=12)
            .map(|t| TeamSetup {
                name: format!("第{t}组"),
                members: vec!["甲".into(), "乙".into(), "丙".into()],
            })
            .collect(),
        cases: (0..834).map(|r| format!("case-{}", r % 14)).collect(),
        case_order: CaseOrder::InOrder,
        roles: RoleAssignment::Rotating,
        seed: 1,
        decision_limit_secs: None,
        podium: 3,
        red_line_penalty: Default::default(),
        scenes: Default::default(),
        timers: Default::default(),
    }
}

fn scoreboard(c: &mut Criterion) {
    let setup = twelve_teams();
    let results: Vec<TurnResult> = setup
        .turns()
        .into_iter()
        .enumerate()
        .map(|(i, turn): (usize, Turn)| TurnResult {
            turn,
            total: (i * 37 % 101) as f64,
            red_lines: i % 3,
            time_ms: 60_000 + i as u64,
            passed: i % 3 == 0,
            roles: [Role::Teller, Role::LobbyManager, Role::WealthManager]
                .iter()
                .map(|role| RoleScore {
                    role: *role,
                    earned: (i % 10) as f64,
                    max: 10.0,
                })
                .collect(),
        })
        .collect();
    let mut group = c.benchmark_group("scoreboard");
    group.bench_function("12 teams, 10,008 turns, in memory", |b| {
        b.iter(|| Scoreboard::build(&setup, &results, &[]))
    });

    // the same from the database, as the app's scoreboard screen reads it
    let dir = tempfile::tempdir().expect("temporary folder");
    let (mut store, _) = Store::open(dir.path()).expect("store");
    let (case, _) = bundled().remove(0);
    let played = autoplay(&case, 1, Strategy::Random, RoleChoice::All).expect("plays");
    let template = RunRecord::from_playthrough(&played, "", None);
    let mut from_store = setup.clone();
    from_store.cases = vec![case.scenario.id.clone(); setup.cases.len()];
    let id = store.create_competition(&from_store).expect("contest");
    for (i, turn) in from_store.turns().into_iter().enumerate() {
        let mut run = template.clone();
        run.registration = format!("bench-{i}");
        run.competition = Some(CompetitionTurn {
            competition: id,
            turn,
            team_name: from_store.teams[turn.team].name.clone(),
            lineup: Vec::new(),
        });
        store.save_run(&run).expect("saved");
    }
    let info = store.competition("基准").expect("query").expect("contest");
    group.sample_size(20);
    group.bench_function("12 teams, 10,008 turns, from the database", |b| {
        b.iter(|| store.scoreboard(&info).expect("scoreboard"))
    });
    group.finish();
}

/// The largest bundled case as a workbook: written, read back into case text, and a folder of
/// 100 workbooks validated as the app's library reads it.
fn workbooks(c: &mut Criterion) {
    use liandong::scenario::workbook::{convert, write_workbook};
    use liandong::scenario::{Scenario, bundled_catalogue, load::parse_ron};
    let source = std::fs::read_to_string("scenarios/dividend-transfer.ron").expect("the case");
    let scenario: Scenario = parse_ron("dividend-transfer.ron", &source).expect("parses");
    let catalogue = bundled_catalogue();
    let bytes = write_workbook(&scenario, Some(&source), &catalogue).expect("written");
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy("scenarios/rules.ron", dir.path().join("rules.ron")).expect("catalogue");
    for i in 0..100 {
        let copy = source.replacen("id: \"dividend-transfer\"", &format!("id: \"dt-{i}\""), 1);
        let scenario: Scenario = parse_ron("copy.ron", &copy).expect("parses");
        let book = write_workbook(&scenario, Some(&copy), &catalogue).expect("written");
        std::fs::write(dir.path().join(format!("case-{i}.xlsx")), book).expect("saved");
    }
    let paths = [dir.path().to_owned()];
    let mut group = c.benchmark_group("workbook");
    group.sample_size(10);
    group.bench_function("write the largest case (1,005 lines of RON)", |b| {
        b.iter(|| write_workbook(&scenario, Some(&source), &catalogue).expect("written"))
    });
    group.bench_function("read it back into case text", |b| {
        b.iter(|| convert("dividend-transfer.xlsx", &bytes).expect("converts"))
    });
    group.bench_function("load + validate 100 workbooks", |b| {
        b.iter(|| {
            let reports = validate_paths(&paths);
            assert_eq!(reports.iter().filter(|r| r.has_errors()).count(), 0);
            reports
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    load_and_validate,
    score_runs,
    scoreboard,
    workbooks
);
criterion_main!(benches);
