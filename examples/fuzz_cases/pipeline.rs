//! What every fuzz input goes through, as liandong itself does it: read (from a file when the
//! route says so, or when the bytes are not text or too large), parse and validate, lint, and
//! for a usable case autoplay and explore. A usable mutated `rules.ron` is tried with real
//! cases. Shared by `examples/fuzz_cases` and `tests/core/fuzz_regressions.rs`.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use liandong::playthrough::RoleChoice;
use liandong::playthrough::explore::explore;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::limits::MAX_FILE_BYTES;
use liandong::scenario::lint::lint;
use liandong::scenario::{
    Case, CaseReport, Catalogue, Code, Diagnostic, bundled_catalogue, load_case, parse_case,
    parse_catalogue, validate_paths,
};

/// How the input reaches the validator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `parse_case` on the text.
    Text,
    /// Written to a file, then `load_case`.
    File,
    /// Written to a folder, then `validate_paths` on the folder.
    Folder,
}

/// Paths `explore` may walk per input.
pub const EXPLORE_LIMIT: usize = 16;

#[derive(Debug, Default)]
pub struct Outcome {
    /// Every diagnostic code reported.
    pub codes: BTreeSet<Code>,
    /// The case validated without errors (and was played).
    pub usable: bool,
    /// The input was a catalogue without errors.
    pub catalogue: bool,
    /// Results that are wrong without being a crash: a diagnostic pointing outside the text,
    /// a validated case that cannot be played, a total outside 0–100.
    pub oddities: Vec<String>,
    /// For the targets without diagnostic codes (transcripts, contest setups): how the input
    /// ended, in a few words, so that inputs reaching a new ending join the corpus.
    pub kind: String,
}

pub struct Pipeline {
    catalogue: Arc<Catalogue>,
    dir: tempfile::TempDir,
    /// Valid case texts to play against a mutated catalogue.
    probes: Vec<String>,
}

impl Pipeline {
    pub fn new(probes: Vec<String>) -> std::io::Result<Self> {
        Ok(Pipeline {
            catalogue: bundled_catalogue(),
            dir: tempfile::Builder::new().prefix("liandong-fuzz").tempdir()?,
            probes,
        })
    }

    pub fn run(&self, input: &[u8], route: Route) -> Outcome {
        let mut out = Outcome::default();
        let text = std::str::from_utf8(input).ok();
        let too_large = input.len() as u64 > MAX_FILE_BYTES;
        match (text, route) {
            (Some(text), Route::Text) if !too_large => {
                let (case, diagnostics) = parse_case("fuzz.ron", text, Arc::clone(&self.catalogue));
                self.check_diagnostics(&diagnostics, Some(text), &mut out);
                if let Some(case) = case {
                    out.usable = true;
                    self.play(&Arc::new(case), text, &mut out);
                }
            }
            (_, Route::Folder) => {
                let path = self.dir.path().join("case.ron");
                if std::fs::write(&path, input).is_ok() {
                    for report in validate_paths(&[self.dir.path().to_owned()]) {
                        self.report(&report, &mut out);
                    }
                }
            }
            _ => {
                let path = self.dir.path().join("case.ron");
                if std::fs::write(&path, input).is_ok() {
                    self.report(&load_case(&path), &mut out);
                }
            }
        }
        if let Some(text) = text.filter(|_| !too_large) {
            self.catalogue_input(text, &mut out);
        }
        out
    }

    fn report(&self, report: &CaseReport, out: &mut Outcome) {
        self.check_diagnostics(&report.diagnostics, report.source.as_deref(), out);
        if let (Some(case), Some(source)) = (&report.case, &report.source) {
            out.usable = true;
            self.play(case, source, out);
        }
    }

    /// The input read as a `rules.ron`; a usable one serves the probe cases.
    fn catalogue_input(&self, text: &str, out: &mut Outcome) {
        let Ok((catalogue, problems)) = parse_catalogue("rules.ron", text) else {
            return;
        };
        self.check_diagnostics(&problems, Some(text), out);
        if problems.iter().any(Diagnostic::is_error) {
            return;
        }
        out.catalogue = true;
        let catalogue = Arc::new(catalogue);
        for probe in &self.probes {
            let (case, diagnostics) = parse_case("probe.ron", probe, Arc::clone(&catalogue));
            self.check_diagnostics(&diagnostics, Some(probe), out);
            if let Some(case) = case {
                self.play(&Arc::new(case), probe, out);
            }
        }
    }

    fn check_diagnostics(&self, found: &[Diagnostic], source: Option<&str>, out: &mut Outcome) {
        for d in found {
            out.codes.insert(d.code);
            let mut bad = d.line == 0 || d.column == 0 || d.message.is_empty();
            if let Some(source) = source {
                bad |= d.offset > source.len() || !source.is_char_boundary(d.offset);
            }
            if bad {
                out.oddities.push(format!(
                    "diagnostic {} at line {} column {} offset {}: {}",
                    d.code, d.line, d.column, d.offset, d.message
                ));
            }
        }
    }

    /// Lint, autoplay best/worst/random on two seeds (and once as the first stage's role only),
    /// explore a few paths.
    fn play(&self, case: &Arc<Case>, source: &str, out: &mut Outcome) {
        let _ = lint(case, source);
        let mut odd = |what: String| out.oddities.push(what);
        let mut runs = Vec::new();
        for seed in [1, 2] {
            for strategy in [Strategy::Best, Strategy::Worst, Strategy::Random] {
                runs.push((seed, strategy, RoleChoice::All));
            }
        }
        if let Some(first) = case.scenario.stages.first() {
            runs.push((3, Strategy::Random, RoleChoice::Only(vec![first.role])));
        }
        for (seed, strategy, role) in runs {
            let all = role == RoleChoice::All;
            match autoplay(case, seed, strategy, role) {
                Ok(playthrough) => {
                    let debrief = playthrough.debrief();
                    let total = debrief.total;
                    // a case without scored decisions scores 0 whatever is answered
                    let scored = !debrief.decisions.is_empty();
                    if !(0.0..=100.0).contains(&total) {
                        odd(format!("{strategy:?} seed {seed}: total {total}"));
                    } else if all && scored && strategy == Strategy::Best && total < 100.0 {
                        odd(format!(
                            "{strategy:?} seed {seed}: the model answer scored {total}"
                        ));
                    }
                    if !playthrough.is_finished() {
                        odd(format!(
                            "{strategy:?} seed {seed}: autoplay stopped unfinished"
                        ));
                    }
                }
                Err(e) => odd(format!(
                    "{strategy:?} seed {seed}: a validated case failed: {e}"
                )),
            }
        }
        match explore(case, &RoleChoice::All, EXPLORE_LIMIT, None) {
            Ok(summary) if summary.best < summary.worst || !summary.best.is_finite() => {
                odd(format!(
                    "explore: best {} < worst {}",
                    summary.best, summary.worst
                ));
            }
            Ok(_) => {}
            Err(e) => odd(format!("explore: {e}")),
        }
    }
}

/// Every regular `.ron` file under `dir`, recursively (symbolic links are not followed), sorted.
pub fn ron_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let (path, Ok(kind)) = (entry.path(), entry.file_type()) else {
                continue;
            };
            if kind.is_dir() {
                todo.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "ron") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
