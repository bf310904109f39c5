//! The core's integration tests in one test crate (one link instead of one per file): the
//! bundled cases, scoring, authoring and its diagnostics, the command line, storage, exports,
//! hostile input and the fuzzers' findings. Each module says what it covers.

mod common;
// the check behind "no internal names on screen", shared with the app's tests
#[path = "../shared/plain_words.rs"]
mod plain_words;

// the case fuzzer's own code (examples/fuzz_cases), so its findings replay here
#[allow(dead_code)]
#[path = "../../examples/fuzz_cases/mutate.rs"]
mod mutate;
#[allow(dead_code)]
#[path = "../../examples/fuzz_cases/pipeline.rs"]
mod pipeline;
#[allow(dead_code)]
#[path = "../../examples/fuzz_cases/targets.rs"]
mod targets;

mod after_handoff;
mod authoring;
mod cli;
mod contest_resume;
mod diagnostics;
mod drill;
mod error_text;
mod export;
mod fuzz_regressions;
mod hostile;
mod hostile_corpus;
mod identity;
mod lrs;
mod names;
mod paths;
mod referral;
mod review;
mod scenarios;
mod scoring;
mod shown;
mod spreadsheet;
mod store;
mod survival;
mod terminal;
mod workbook;
