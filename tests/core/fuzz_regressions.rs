//! What the case fuzzer (`examples/fuzz_cases`, run by `scripts/fuzz.sh`) found stays fixed, and
//! the fuzzer itself keeps working: every file in `tests/fixtures/fuzz/` goes through the fuzzer's
//! own pipeline (parse, validate, lint, autoplay, explore), then a short seeded fuzz run does.
//!
//! The two other targets (transcripts, contest setups) get the same: their seeds go through
//! cleanly and a short seeded run neither panics nor misbehaves.
//!
//! Each fixture's first line says what it must give: `// expect: clean` (it validates and plays)
//! or `// expect: E015` (that diagnostic, among others).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::mutate::Mutator;
use crate::pipeline::{Pipeline, Route, ron_files};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::explore::explore;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::{Code, load_case};

/// Far above what any fixture needs in a debug build; the bugs they record took minutes.
const BOUNDED: Duration = Duration::from_secs(10);
/// Mutated inputs in the smoke run.
const SMOKE_RUNS: usize = 300;
/// Seeds larger than this are left out of the smoke run, to keep it quick in a debug build.
const SMOKE_SEED_BYTES: usize = 64 * 1024;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<PathBuf> {
    let found = ron_files(&root().join("tests/fixtures/fuzz"));
    assert!(!found.is_empty(), "no fixtures in tests/fixtures/fuzz");
    found
}

/// `clean`, or the code a fixture must report, from its first line.
fn expectation(file: &Path, input: &[u8]) -> String {
    let first = input.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first
        .trim()
        .strip_prefix("// expect:")
        .map(|e| e.trim().to_owned())
        .unwrap_or_else(|| {
            panic!(
                "{}: the first line must be `// expect: clean` or `// expect: CODE`",
                file.display()
            )
        })
}

#[test]
fn every_fuzz_finding_gives_a_sensible_result_in_bounded_time() {
    let pipeline = Pipeline::new(Vec::new()).unwrap();
    for file in fixtures() {
        let input = std::fs::read(&file).unwrap();
        let expect = expectation(&file, &input);
        let name = file.display();
        for route in [Route::Text, Route::File] {
            let began = Instant::now();
            let outcome = pipeline.run(&input, route);
            let took = began.elapsed();
            assert!(took < BOUNDED, "{name} ({route:?}) took {took:?}");
            assert!(
                outcome.oddities.is_empty(),
                "{name} ({route:?}): {:#?}",
                outcome.oddities
            );
            if expect == "clean" {
                assert!(outcome.usable, "{name} ({route:?}): {:?}", outcome.codes);
            } else {
                let codes: Vec<String> = outcome.codes.iter().map(Code::to_string).collect();
                assert!(!outcome.usable, "{name} ({route:?}) validated");
                assert!(
                    codes.contains(&expect),
                    "{name} ({route:?}): expected {expect}, got {codes:?}"
                );
            }
        }
    }
}

#[test]
fn an_answer_that_leads_back_is_sampled_not_walked_forever() {
    let report = load_case(&root().join("tests/fixtures/fuzz/explore-option-loop.ron"));
    let case = report.case.expect("the looping case is valid");
    let summary = explore(&case, &RoleChoice::All, 1_000, None).unwrap();
    assert!(!summary.exhaustive);
    assert_eq!(summary.best, 100.0);
    assert!(summary.paths >= 1_000);
}

#[test]
fn the_worst_answer_going_round_a_loop_ends_after_one_round() {
    let report = load_case(&root().join("tests/fixtures/fuzz/worst-answer-loop-long-texts.ron"));
    let case = report.case.expect("the looping case is valid");
    let playthrough = autoplay(&case, 1, Strategy::Worst, RoleChoice::All).unwrap();
    assert!(playthrough.is_finished());
    // it went round once (two answers), not until the visit limit
    assert_eq!(playthrough.scores().len(), 1);
    assert!(playthrough.transcript().events.len() < 10);
}

#[test]
fn thirty_thousand_unknown_placeholders_are_each_located() {
    let report = load_case(&root().join("tests/fixtures/fuzz/many-placeholders.ron"));
    let found: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::E015)
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(found.len(), 30_000);
    // 25 lines of `"{x}{x}…",`: 1,200 on each, three characters apart
    for line in found.chunk_by(|a, b| a.0 == b.0) {
        assert_eq!(line.len(), 1_200);
        assert_eq!(line[0].1, 14);
        assert!(line.windows(2).all(|w| w[1].1 == w[0].1 + 3), "{line:?}");
    }
}

#[test]
fn problems_on_one_long_line_are_located_by_column() {
    let path = root().join("tests/fixtures/fuzz/one-long-line.ron");
    let source = std::fs::read_to_string(&path).unwrap();
    let report = load_case(&path);
    let duplicates: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::E005)
        .collect();
    assert_eq!(duplicates.len(), 1_999);
    let line = source.lines().nth(3).unwrap();
    for d in duplicates {
        assert_eq!(d.line, 4);
        let prefix: String = line.chars().take(d.column - 1).collect();
        assert!(prefix.ends_with("End(id: "), "column {}", d.column);
    }
}

#[test]
fn a_short_seeded_fuzz_run_neither_panics_nor_misbehaves() {
    let mut seeds = ron_files(&root().join("scenarios"));
    let probes: Vec<String> = seeds
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "rules.ron"))
        .take(1)
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    seeds.extend(ron_files(&root().join("tests/fixtures")));
    let corpus: Vec<Vec<u8>> = seeds
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .filter(|input| input.len() <= SMOKE_SEED_BYTES)
        .collect();
    let pipeline = Pipeline::new(probes).unwrap();
    let mut mutator = Mutator::new(0x6675_7a7a);
    let mut usable = 0;
    for run in 0..SMOKE_RUNS {
        let (input, applied) = mutator.mutate(&corpus);
        let route = if run % 10 == 0 {
            Route::File
        } else {
            Route::Text
        };
        let input = Arc::new(input);
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.run(&input, route)))
                .unwrap_or_else(|panic| {
                    let saved = root().join(format!("target/fuzz-smoke-{run}.ron"));
                    let _ = std::fs::write(&saved, input.as_slice());
                    eprintln!(
                        "run {run} ({applied:?}) panicked; input in {}",
                        saved.display()
                    );
                    std::panic::resume_unwind(panic)
                });
        assert!(
            outcome.oddities.is_empty(),
            "run {run} ({applied:?}): {:#?}",
            outcome.oddities
        );
        usable += usize::from(outcome.usable);
    }
    // the mutations must leave some cases playable, or autoplay and explore go untested
    assert!(usable > 0, "no mutated case validated");
}

/// Runs `runs` mutations of `corpus` through `run` (one in ten through a file): no panic, no
/// oddity; returns how many were usable.
fn smoke(
    corpus: &[Vec<u8>],
    seed: u64,
    runs: usize,
    run: impl Fn(&[u8], Route) -> crate::pipeline::Outcome,
) -> usize {
    let mut mutator = Mutator::new(seed);
    let mut usable = 0;
    for n in 0..runs {
        let (input, applied) = mutator.mutate(corpus);
        let route = if n % 10 == 0 {
            Route::File
        } else {
            Route::Text
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&input, route)))
            .unwrap_or_else(|panic| {
                let saved = root().join(format!("target/fuzz-smoke-{seed}-{n}.ron"));
                let _ = std::fs::write(&saved, &input);
                eprintln!(
                    "run {n} ({applied:?}) panicked; input in {}",
                    saved.display()
                );
                std::panic::resume_unwind(panic)
            });
        assert!(
            outcome.oddities.is_empty(),
            "run {n} ({applied:?}): {:#?}",
            outcome.oddities
        );
        usable += usize::from(outcome.usable);
    }
    usable
}

#[test]
fn the_transcript_target_replays_its_seeds_and_survives_a_short_run() {
    let pipeline = crate::targets::TranscriptPipeline::new(root()).unwrap();
    let seeds = pipeline.seeds();
    assert!(seeds.len() >= 50, "{} seed transcripts", seeds.len());
    for (n, seed) in seeds.iter().enumerate() {
        for route in [Route::Text, Route::File] {
            let outcome = pipeline.run(seed, route);
            assert!(
                outcome.usable && outcome.oddities.is_empty(),
                "seed {n} {route:?}: {} {:?}",
                outcome.kind,
                outcome.oddities
            );
        }
    }
    let usable = smoke(&seeds, 0x7472_616e, 200, |input, route| {
        pipeline.run(input, route)
    });
    assert!(usable > 0, "no mutated transcript replayed");
}

#[test]
fn the_contest_target_accepts_its_seeds_and_survives_a_short_run() {
    let pipeline = crate::targets::ContestPipeline::new(root()).unwrap();
    let seeds = pipeline.seeds();
    assert_eq!(seeds.len(), 8);
    for (n, seed) in seeds.iter().enumerate() {
        for route in [Route::Text, Route::File] {
            let outcome = pipeline.run(seed, route);
            assert!(
                outcome.usable && outcome.oddities.is_empty(),
                "seed {n} {route:?}: {} {:?}",
                outcome.kind,
                outcome.oddities
            );
        }
    }
    let usable = smoke(&seeds, 0x636f_6e74, 300, |input, route| {
        pipeline.run(input, route)
    });
    assert!(usable > 0, "no mutated setup was accepted");
}
