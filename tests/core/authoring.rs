//! Tools for trainers: lint finds teaching gaps, paths shows the scoring is fair.

use crate::common;

use std::path::Path;
use std::sync::Arc;

use liandong::playthrough::RoleChoice;
use liandong::playthrough::explore::explore;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::lint::{LintCode, lint};
use liandong::scenario::model::Outcome;
use liandong::scenario::{bundled_catalogue, load_case, parse_case};

fn lint_file(path: &str) -> Vec<(LintCode, usize)> {
    let report = load_case(Path::new(path));
    let case = report.case.expect("the case is valid");
    lint(&case, report.source.as_deref().unwrap())
        .iter()
        .map(|f| (f.code, f.line))
        .collect()
}

#[test]
fn the_bundled_cases_and_the_template_are_lint_clean() {
    for file in common::bundled_case_files() {
        assert_eq!(lint_file(file.to_str().unwrap()), [], "{}", file.display());
    }
    let template = std::fs::read_to_string("src/cli/template.ron")
        .unwrap()
        .replace("__ID__", "template");
    let (case, diagnostics) = parse_case("template.ron", &template, bundled_catalogue());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(lint(&case.unwrap(), &template).is_empty());
}

#[test]
fn each_teaching_gap_is_found_where_it_is() {
    let found = lint_file("tests/fixtures/lint/teaching-gaps.ron");
    assert_eq!(
        found,
        [
            (LintCode::L003, 8),
            // the best line is the longest in most steps of this case
            (LintCode::L005, 8),
            (LintCode::L001, 65),
            // "先确认…" tells where the action goes
            (LintCode::L006, 104),
            (LintCode::L004, 119),
            (LintCode::L002, 135)
        ]
    );
}

#[test]
fn every_path_of_a_small_case_is_explored_and_the_spread_is_pinned() {
    let case = common::load_valid(Path::new("tests/fixtures/scoring/pinned.ron"));
    let summary = explore(&case, &RoleChoice::All, 1_000, None).unwrap();
    assert!(summary.exhaustive);
    // two answers at each of five decisions
    assert_eq!(summary.paths, 32);
    assert_eq!(summary.best, 100.0);
    assert_eq!(summary.worst, 11.6);
    assert_eq!(summary.histogram.iter().sum::<usize>(), 32);
    assert_eq!(summary.histogram[10], 1);
    assert!(summary.with_red_lines > 0 && summary.passed > 0);
}

#[test]
fn too_many_paths_are_sampled_but_keep_the_best_and_the_worst() {
    let case: Arc<_> = common::load_valid(Path::new("scenarios/overseas-worker.ron"));
    let summary = explore(&case, &RoleChoice::All, 300, None).unwrap();
    assert!(!summary.exhaustive);
    assert_eq!(summary.best, 100.0);
    assert!(summary.worst < 20.0);
    assert!(summary.paths >= 300);
}

#[test]
fn the_authoring_guide_quotes_its_example_file_exactly() {
    let guide = std::fs::read_to_string("scenarios/README.md").unwrap();
    let example = std::fs::read_to_string("scenarios/examples/first-case.ron").unwrap();
    assert!(
        guide.contains(example.trim_end()),
        "scenarios/README.md must quote scenarios/examples/first-case.ron as it is"
    );
    let report = load_case(Path::new("scenarios/examples/first-case.ron"));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn the_guide_quotes_its_customer_state_example_exactly_and_it_plays_as_described() {
    let path = "scenarios/examples/customer-reacts.ron";
    let guide = std::fs::read_to_string("scenarios/README.md").unwrap();
    let example = std::fs::read_to_string(path).unwrap();
    assert!(
        guide.contains(example.trim_end()),
        "scenarios/README.md must quote {path} as it is"
    );
    let report = load_case(Path::new(path));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(lint_file(path), []);
    let case = report.case.unwrap();
    let best = case
        .scenario
        .best_outcome()
        .expect("the example has endings");
    for seed in 1..=20 {
        let model = autoplay(&case, seed, Strategy::Best, RoleChoice::All).unwrap();
        assert_eq!(model.outcome(), Some(best), "seed {seed}");
        let worst = autoplay(&case, seed, Strategy::Worst, RoleChoice::All).unwrap();
        assert!(
            matches!(
                worst.outcome(),
                Some(Outcome::Declined | Outcome::WalkedOut | Outcome::Complaint)
            ),
            "seed {seed}: {:?}",
            worst.outcome()
        );
    }
}
