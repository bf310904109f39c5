//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    reason = "each test crate uses a different part of these helpers"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use liandong::scenario::{Case, discover, load_case};

/// Every bundled case file under `scenarios/` (examples included).
pub fn bundled_case_files() -> Vec<PathBuf> {
    let (cases, _) = discover(&[PathBuf::from("scenarios")]);
    cases
}

/// Loads a case that must be valid.
pub fn load_valid(path: &Path) -> Arc<Case> {
    let report = load_case(path);
    assert!(
        !report.has_errors(),
        "{} does not validate: {:#?}",
        path.display(),
        report.diagnostics
    );
    report.case.expect("a valid case loads")
}

/// The bundled cases plus the pinned scoring fixture, loaded.
pub fn all_playable_cases() -> Vec<Arc<Case>> {
    let mut files = bundled_case_files();
    files.push(PathBuf::from("tests/fixtures/scoring/pinned.ron"));
    files.iter().map(|f| load_valid(f)).collect()
}

/// A tool a test needs (LibreOffice, a learning record store) is missing. Under CI
/// (`LIANDONG_CI` set, as `.ci/run` does) that is a failure with `why`; on a developer's
/// machine the test says so on stderr and passes without checking anything.
pub fn missing_tool(why: &str) {
    if std::env::var_os("LIANDONG_CI").is_some() {
        panic!("{why} (LIANDONG_CI is set: CI must provide it)");
    }
    eprintln!("NOT CHECKED: {why}");
}
