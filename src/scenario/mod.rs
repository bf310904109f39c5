//! The case format: model, loading, validation, seeded variants.

pub mod bundled;
pub mod catalogue;
pub mod diagnostic;
mod escapes;
pub mod graph;
pub mod ids;
pub mod library;
pub mod limits;
pub mod lint;
pub mod load;
pub mod locate;
pub mod model;
pub mod points;
pub mod texts;
pub mod validate;
pub mod variant;
pub mod workbook;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use catalogue::Catalogue;
pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use graph::StepGraph;
pub use model::{Rubric, Scenario};
pub use variant::Variant;

use catalogue::BUNDLED_CATALOGUE;
use load::{CATALOGUE_FILE, folder_of, parse_ron, read_text_within};
use locate::SourceMap;

/// A case that passed validation, ready to play.
#[derive(Debug, Clone)]
pub struct Case {
    pub scenario: Scenario,
    pub catalogue: Arc<Catalogue>,
    pub graph: StepGraph,
    /// The case's own rubric, or the catalogue's default.
    pub rubric: Rubric,
    /// SHA-256 (hex) of the exact text this case was read from, so a run is stored with the
    /// version it was played on even if the file changes meanwhile; empty for a case built in
    /// memory.
    pub source_hash: String,
}

impl Case {
    /// The observers' checklist for this case: its own items, or those of `rules.ron`, with
    /// the catalogue's points per mark.
    pub fn checklist(&self) -> catalogue::ObserverChecklist {
        let mut list = self.catalogue.checklist().into_owned();
        if !self.scenario.checklist.is_empty() {
            list.items = self.scenario.checklist.clone();
        }
        list
    }

    /// Builds a case from a scenario the validator accepted.
    pub fn new(scenario: Scenario, catalogue: Arc<Catalogue>) -> Case {
        let graph = StepGraph::build(&scenario);
        let rubric = scenario.rubric.unwrap_or(catalogue.rubric);
        Case {
            scenario,
            catalogue,
            graph,
            rubric,
            source_hash: String::new(),
        }
    }

    /// A case read from `source`, carrying the hash of that text.
    pub fn from_source(scenario: Scenario, catalogue: Arc<Catalogue>, source: &str) -> Case {
        Case {
            source_hash: source_hash(source),
            ..Case::new(scenario, catalogue)
        }
    }

    pub fn variant(&self, seed: u64) -> Variant {
        Variant::draw(&self.scenario, seed)
    }
}

/// What loading one file gave: the case if it is usable, and every problem found.
#[derive(Debug, Clone)]
pub struct CaseReport {
    pub path: PathBuf,
    /// The text, kept so diagnostics can show a snippet.
    pub source: Option<String>,
    pub case: Option<Arc<Case>>,
    pub diagnostics: Vec<Diagnostic>,
    /// For a case read from a workbook: the cell behind each piece of `source` (the RON it
    /// was turned into), so every problem is shown at its cell.
    pub cells: Option<Arc<workbook::CellMap>>,
}

impl CaseReport {
    /// A report on `path` with nothing found yet.
    fn empty(path: &Path) -> Self {
        CaseReport {
            path: path.to_owned(),
            source: None,
            case: None,
            diagnostics: Vec::new(),
            cells: None,
        }
    }

    /// Adds a problem found after loading (a duplicate id, a line graded differently in
    /// another case), at its cell for a case read from a workbook.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let placed = self.place(diagnostic);
        self.diagnostics.push(placed);
    }

    /// Puts a problem found in the case text at its cell, for a case read from a workbook.
    fn place(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if let (Some(cells), None) = (&self.cells, &diagnostic.cell)
            && let Some(cell) = cells.cell_at(diagnostic.offset)
        {
            diagnostic.line = cell.row as usize;
            diagnostic.column = cell.column as usize + 1;
            diagnostic.cell = Some(Box::new(cell.clone()));
        }
        diagnostic
    }

    /// Where a value of the case is, as [`Diagnostic`] reports it: a cell of the workbook, or
    /// a line and column of the file.
    pub fn cell_of(&self, offset: usize) -> Option<&workbook::CellRef> {
        self.cells.as_ref().and_then(|c| c.cell_at(offset))
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

/// SHA-256 of a case file's text, in hex: which version of a case a run was played on.
pub fn source_hash(source: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(source.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses and validates case text. Never panics; every problem becomes a diagnostic.
pub fn parse_case(
    name: &str,
    source: &str,
    catalogue: Arc<Catalogue>,
) -> (Option<Case>, Vec<Diagnostic>) {
    let scenario: Scenario = match parse_ron(name, source) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let mut diagnostics = validate::validate(&scenario, &catalogue, source, name);
    diagnostics.sort_by_key(|d| (d.severity, d.line, d.column, d.code));
    let usable = !diagnostics.iter().any(Diagnostic::is_error);
    (
        usable.then(|| Case::from_source(scenario, catalogue, source)),
        diagnostics,
    )
}

/// Loads one case file against the catalogue found beside it. A symlink must stay inside the
/// folder the file sits in.
pub fn load_case(path: &Path) -> CaseReport {
    let catalogue = CatalogueCache::default().for_case(path);
    load_case_with(path, folder_of(path), catalogue)
}

/// Catalogues already read, keyed by the file they came from (`None` = bundled).
#[derive(Default)]
struct CatalogueCache {
    loaded: HashMap<Option<PathBuf>, Result<Arc<Catalogue>, Diagnostic>>,
}

impl CatalogueCache {
    /// The checked catalogue that serves the case at `case_path`, read once per file.
    fn for_case(&mut self, case_path: &Path) -> Result<Arc<Catalogue>, Diagnostic> {
        self.loaded
            .entry(catalogue_path(case_path))
            .or_insert_with_key(|file| load_checked_catalogue(file.as_deref()))
            .clone()
    }
}

/// Loads one case file, found in `folder`, against an already loaded catalogue (or the reason
/// it is unusable).
fn load_case_with(
    path: &Path,
    folder: &Path,
    catalogue: Result<Arc<Catalogue>, Diagnostic>,
) -> CaseReport {
    let name = path.display().to_string();
    let mut report = CaseReport::empty(path);
    let source = if workbook::is_workbook(path) {
        match read_workbook_within(path, folder, &name) {
            Ok(converted) => {
                report.cells = Some(Arc::new(converted.cells));
                converted.ron
            }
            Err(found) => {
                report.diagnostics = found;
                return report;
            }
        }
    } else {
        match read_text_within(path, folder) {
            Ok(s) => s,
            Err(d) => {
                report.diagnostics.push(d);
                return report;
            }
        }
    };
    match catalogue {
        Ok(catalogue) => {
            let (case, diagnostics) = parse_case(&name, &source, catalogue);
            report.case = case.map(Arc::new);
            report.diagnostics = diagnostics;
        }
        Err(problem) => report.diagnostics.push(Diagnostic::new(
            &name,
            Location::at_offset(&source, 0),
            Code::E019,
            format!("案例依赖的规则目录有误：{problem}"),
            "先修复 rules.ron，再检查这个案例。",
        )),
    }
    let found = std::mem::take(&mut report.diagnostics);
    report.diagnostics = found.into_iter().map(|d| report.place(d)).collect();
    report.source = Some(source);
    report
}

/// A workbook in `folder` turned into case text, with the same limits as a case file.
fn read_workbook_within(
    path: &Path,
    folder: &Path,
    name: &str,
) -> Result<workbook::Converted, Vec<Diagnostic>> {
    let bytes = load::read_bytes_within(path, folder).map_err(|d| vec![d])?;
    let converted = workbook::convert(name, &bytes)?;
    if converted.ron.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(vec![Diagnostic::new(
            name,
            load::FIRST_CHARACTER,
            Code::E020,
            format!(
                "工作簿里的文字合计超过 {} 字节的上限",
                limits::MAX_FILE_BYTES
            ),
            "一个案例不应这么大：把它拆成几个案例，或检查是否误贴了大段文字。",
        )]);
    }
    Ok(converted)
}

/// The checked catalogue that serves the case at `case_path`: the `rules.ron` beside it (or up
/// to three folders above), else the bundled one.
pub fn catalogue_for(case_path: &Path) -> Result<Arc<Catalogue>, Diagnostic> {
    load_checked_catalogue(catalogue_path(case_path).as_deref())
}

fn catalogue_path(case_path: &Path) -> Option<PathBuf> {
    let mut folder = case_path.parent();
    for _ in 0..4 {
        let dir = folder?;
        let candidate = dir.join(CATALOGUE_FILE);
        // anything named rules.ron is the catalogue: a folder of that name is reported as
        // unreadable instead of silently falling back to the built-in rules
        if candidate.symlink_metadata().is_ok() {
            return Some(candidate);
        }
        folder = dir.parent();
    }
    None
}

/// The case files under the given paths: `.ron` files other than `rules.ron`, folders searched
/// recursively (bounded in depth and count), sorted so reports come in a stable order.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let found = find(paths);
    let cases = found.cases.into_iter().map(|c| c.path).collect();
    (cases, found.catalogues)
}

/// A file to check and the folder it must not lead out of: the folder being searched, or for
/// a file named on its own, the folder it sits in.
struct FoundCase {
    path: PathBuf,
    folder: PathBuf,
}

struct Found {
    cases: Vec<FoundCase>,
    catalogues: Vec<PathBuf>,
    /// Folders that could not be listed, with the reason: their cases were not checked.
    unreadable: Vec<(PathBuf, String)>,
}

fn find(paths: &[PathBuf]) -> Found {
    let mut found = Found {
        cases: Vec::new(),
        catalogues: Vec::new(),
        unreadable: Vec::new(),
    };
    for path in paths {
        // a folder named like a case file was meant as one: reported as not a file, never
        // searched as if it were an empty case folder
        let named_as_file =
            path.extension().is_some_and(|e| e == "ron") || workbook::is_workbook(path);
        if path.is_dir() && !named_as_file {
            let Ok(root) = path.canonicalize() else {
                continue;
            };
            let mut walk = Walk {
                root: path,
                real_root: &root,
                visited: HashSet::from([root.clone()]),
                found: &mut found,
            };
            walk.folder(path, 0);
        } else if path.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
            found.catalogues.push(path.clone());
        } else {
            found.cases.push(FoundCase {
                path: path.clone(),
                folder: folder_of(path).to_owned(),
            });
        }
    }
    found.cases.sort_by(|a, b| a.path.cmp(&b.path));
    found.cases.dedup_by(|a, b| a.path == b.path);
    found.catalogues.sort();
    found.catalogues.dedup();
    found.unreadable.sort();
    found.unreadable.dedup();
    found
}

/// One search of a folder tree. A folder is entered once however many links lead to it, and a
/// link to a folder outside the tree is never followed: it is reported as a case (E021) instead.
struct Walk<'a> {
    root: &'a Path,
    real_root: &'a Path,
    visited: HashSet<PathBuf>,
    found: &'a mut Found,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path, depth: usize) {
        if depth > limits::MAX_FOLDER_DEPTH || self.is_full() {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.found.unreadable.push((dir.to_owned(), e.to_string()));
                return;
            }
        };
        let mut entries: Vec<(bool, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| (e.file_type().is_ok_and(|t| t.is_symlink()), e.path()))
            .collect();
        // real folders before links, so a file is reported under its own path when both lead to it
        entries.sort();
        for (_, path) in entries {
            if path.is_dir() {
                let Ok(real) = path.canonicalize() else {
                    continue;
                };
                if !real.starts_with(self.real_root) {
                    self.add_case(path);
                } else if self.visited.insert(real) {
                    self.folder(&path, depth + 1);
                }
            } else if workbook::is_workbook(&path) {
                if !workbook::is_lock_file(&path) {
                    self.add_case(path);
                }
            } else if path.extension().is_some_and(|e| e == "ron") {
                if path.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
                    self.found.catalogues.push(path);
                } else {
                    self.add_case(path);
                }
            }
        }
    }

    fn is_full(&self) -> bool {
        self.found.cases.len() >= limits::MAX_FILES
    }

    fn add_case(&mut self, path: PathBuf) {
        if !self.is_full() {
            self.found.cases.push(FoundCase {
                path,
                folder: self.root.to_owned(),
            });
        }
    }
}

/// Validates every case (and catalogue) under the given paths; one bad file never hides the
/// others.
pub fn validate_paths(paths: &[PathBuf]) -> Vec<CaseReport> {
    let found = find(paths);
    let mut catalogues = CatalogueCache::default();
    let mut reports = Vec::new();
    for (folder, why) in &found.unreadable {
        reports.push(unreadable_folder(folder, why));
    }
    for path in found.catalogues {
        reports.push(check_catalogue_file(&path));
    }
    let jobs: Vec<(FoundCase, Result<Arc<Catalogue>, Diagnostic>)> = found
        .cases
        .into_iter()
        .map(|case| {
            let catalogue = catalogues.for_case(&case.path);
            (case, catalogue)
        })
        .collect();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for mut report in load_in_parallel(jobs) {
        let path = report.path.clone();
        if let (Some(case), Some(source)) = (&report.case, &report.source) {
            let id = case.scenario.id.clone();
            if let Some(first) = ids.get(&id) {
                let at = SourceMap::build(source).locate(&crate::path!["id"]);
                report.push(Diagnostic::new(
                    &path.display().to_string(),
                    at,
                    Code::E005,
                    format!("案例 id “{id}” 与 {} 重复", first.display()),
                    "每个案例的 id 在案例库里必须唯一：成绩按 id 记录。",
                ));
                report.case = None;
            } else {
                ids.insert(id, path.clone());
            }
        }
        reports.push(report);
    }
    reports
}

/// A folder of the tree that could not be listed: its cases were not checked, which must not
/// pass for "all passed".
fn unreadable_folder(folder: &Path, why: &str) -> CaseReport {
    CaseReport {
        diagnostics: vec![Diagnostic::new(
            &folder.display().to_string(),
            load::FIRST_CHARACTER,
            Code::E017,
            format!("无法读取文件夹：{why}（里面的案例都没有检查）"),
            "给这个文件夹读取权限，或者把它移出案例文件夹。",
        )],
        ..CaseReport::empty(folder)
    }
}

/// Loads one case; a bug that panics costs that file's report only, never the others'.
fn load_guarded(case: &FoundCase, catalogue: Result<Arc<Catalogue>, Diagnostic>) -> CaseReport {
    let path = case.path.as_path();
    std::panic::catch_unwind(|| load_case_with(path, &case.folder, catalogue)).unwrap_or_else(
        |_| CaseReport {
            diagnostics: vec![Diagnostic::new(
                &path.display().to_string(),
                Location {
                    line: 1,
                    column: 1,
                    offset: 0,
                },
                Code::E017,
                "liandong 处理这个文件时出错了",
                "这是程序的问题，不是案例的问题：请把这个文件发给开发者。",
            )],
            ..CaseReport::empty(path)
        },
    )
}

/// Loads cases on every core; reports come back in the order of `jobs`.
fn load_in_parallel(jobs: Vec<(FoundCase, Result<Arc<Catalogue>, Diagnostic>)>) -> Vec<CaseReport> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, CaseReport)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((case, catalogue)) = jobs.get(i) else {
                            break;
                        };
                        mine.push((i, load_guarded(case, catalogue.clone())));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, report)| report).collect()
}

/// Reads and checks one `rules.ron`; a symlink must stay inside the folder it sits in.
pub fn check_catalogue_file(path: &Path) -> CaseReport {
    let name = path.display().to_string();
    let mut report = CaseReport::empty(path);
    match read_text_within(path, folder_of(path)) {
        Err(d) => report.diagnostics.push(d),
        Ok(source) => {
            report.diagnostics = match parse_catalogue(&name, &source) {
                Ok((_, problems)) => problems,
                Err(d) => vec![d],
            };
            report.source = Some(source);
        }
    }
    report
}

/// Parses catalogue text and checks it; the catalogue comes back even with problems.
pub fn parse_catalogue(
    name: &str,
    source: &str,
) -> Result<(Catalogue, Vec<Diagnostic>), Diagnostic> {
    let catalogue: Catalogue = parse_ron(name, source)?;
    let problems = validate::catalogue::check(&catalogue, name, source);
    Ok((catalogue, problems))
}

/// The catalogue in `file`, or the bundled one; refused when it has any problem or is a
/// symlink out of its folder.
pub fn load_checked_catalogue(file: Option<&Path>) -> Result<Arc<Catalogue>, Diagnostic> {
    let (name, source) = match file {
        Some(path) => (
            path.display().to_string(),
            read_text_within(path, folder_of(path))?,
        ),
        None => ("<内置 rules.ron>".to_owned(), BUNDLED_CATALOGUE.to_owned()),
    };
    let (catalogue, problems) = parse_catalogue(&name, &source)?;
    match problems.into_iter().find(Diagnostic::is_error) {
        Some(first) => Err(first),
        None => Ok(Arc::new(catalogue)),
    }
}

/// The bundled catalogue, for tests and tools that work on text rather than files.
pub fn bundled_catalogue() -> Arc<Catalogue> {
    load_checked_catalogue(None).expect("the bundled rules.ron is checked by the test suite")
}
