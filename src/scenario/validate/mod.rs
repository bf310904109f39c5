//! Semantic checks of a parsed case: every problem, each with a code and a place.

use std::cell::OnceCell;

pub mod catalogue;
mod flow;
mod follow_up;
mod reactions;
mod references;
mod structure;
mod teaching;

use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic, Location};
use super::graph::StepGraph;
use super::limits::MAX_DIAGNOSTICS;
use super::load::FIRST_CHARACTER;
use super::locate::{SourceMap, TextIndex, ValuePath};
use super::model::Scenario;

/// Collects diagnostics, locating each path in the source.
pub(crate) struct Report<'a> {
    file: &'a str,
    source: &'a str,
    /// Built on the first problem only: a clean file never pays for locating.
    map: OnceCell<SourceMap>,
    index: OnceCell<TextIndex<'a>>,
    found: Vec<Diagnostic>,
    /// Problems past `MAX_DIAGNOSTICS`, counted but neither located nor kept.
    left_out: usize,
}

impl<'a> Report<'a> {
    pub(crate) fn new(file: &'a str, source: &'a str) -> Self {
        Report {
            file,
            source,
            map: OnceCell::new(),
            index: OnceCell::new(),
            found: Vec::new(),
            left_out: 0,
        }
    }

    fn locate(&self, at: &ValuePath) -> Location {
        self.map
            .get_or_init(|| SourceMap::build(self.source))
            .locate(at)
    }

    pub(crate) fn push(
        &mut self,
        code: Code,
        at: &ValuePath,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if self.found.len() >= MAX_DIAGNOSTICS {
            self.left_out += 1;
            return;
        }
        let location = self.locate(at);
        self.found
            .push(Diagnostic::new(self.file, location, code, message, hint));
    }

    /// Like `push`, at a byte offset of the source instead of a value's path.
    pub(crate) fn push_at_offset(
        &mut self,
        code: Code,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if self.found.len() >= MAX_DIAGNOSTICS {
            self.left_out += 1;
            return;
        }
        let location = self.text_index().locate(offset);
        self.found
            .push(Diagnostic::new(self.file, location, code, message, hint));
    }

    /// Line and column of any offset of the source, built on first use.
    pub(crate) fn text_index(&self) -> &TextIndex<'a> {
        self.index.get_or_init(|| TextIndex::new(self.source))
    }

    /// The source being checked.
    pub(crate) fn source(&self) -> &'a str {
        self.source
    }

    /// Where the value at `at` is written.
    pub(crate) fn location(&self, at: &ValuePath) -> Location {
        self.locate(at)
    }

    /// Like `push`, once for each `(chars, message)`: `chars` characters into the string literal
    /// at `at`. The positions must come in increasing order; the literal is read once for all.
    pub(crate) fn push_inside(
        &mut self,
        code: Code,
        at: &ValuePath,
        mut found: Vec<(usize, String)>,
        hint: &str,
    ) {
        let room = MAX_DIAGNOSTICS.saturating_sub(self.found.len());
        self.left_out += found.len().saturating_sub(room);
        found.truncate(room);
        if found.is_empty() {
            return;
        }
        let literal = self.locate(at);
        let wanted: Vec<usize> = found.iter().map(|(chars, _)| *chars).collect();
        let offsets = offsets_in_literal(self.source, literal.offset, &wanted);
        let index = self.index.get_or_init(|| TextIndex::new(self.source));
        for ((_, message), offset) in found.into_iter().zip(offsets) {
            self.found.push(Diagnostic::new(
                self.file,
                index.locate(offset),
                code,
                message,
                hint,
            ));
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.left_out > 0
            || self
                .found
                .iter()
                .any(|d| d.severity == super::diagnostic::Severity::Error)
    }

    pub(crate) fn has(&self, code: Code) -> bool {
        self.found.iter().any(|d| d.code == code)
    }

    pub(crate) fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        if self.left_out > 0 {
            self.found.push(Diagnostic::new(
                self.file,
                FIRST_CHARACTER,
                Code::E020,
                format!(
                    "问题太多：列出了前 {MAX_DIAGNOSTICS} 个，另有 {} 个没有列出",
                    self.left_out
                ),
                "先改正列出的问题再检查；这么多问题多半说明它不是一个写好的案例文件。",
            ));
        }
        self.found
    }
}

/// Byte offsets of the `wanted`-th characters (in increasing order) of the text of the string
/// literal that starts at `literal`, reading escapes and raw strings the way ron does.
fn offsets_in_literal(source: &str, literal: usize, wanted: &[usize]) -> Vec<usize> {
    let rest = source.get(literal.min(source.len())..).unwrap_or("");
    if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.chars().take_while(|c| *c == '#').count();
        let base = literal + 1 + hashes + 1;
        let text = rest.get(1 + hashes + 1..).unwrap_or("");
        let starts = text.char_indices().map(|(i, _)| base + i);
        return nth_starts(starts, base + text.len(), wanted);
    }
    let base = literal + 1;
    let text = rest.get(1..).unwrap_or("");
    let mut characters = text.char_indices();
    let starts = std::iter::from_fn(move || {
        let (i, c) = characters.next()?;
        if c == '\\' && matches!(characters.next(), Some((_, 'u'))) {
            // \u{…}: one character written as several
            for (_, c) in characters.by_ref() {
                if c == '}' {
                    break;
                }
            }
        }
        Some(base + i)
    });
    nth_starts(starts, base + text.len(), wanted)
}

/// For each of the increasing `wanted`, the `wanted`-th of `starts`, or `end` past the last.
fn nth_starts(mut starts: impl Iterator<Item = usize>, end: usize, wanted: &[usize]) -> Vec<usize> {
    let mut counted = 0;
    let mut current = starts.next();
    wanted
        .iter()
        .map(|&n| {
            while counted < n && current.is_some() {
                current = starts.next();
                counted += 1;
            }
            current.unwrap_or(end)
        })
        .collect()
}

/// The path of the step numbered `at` in the graph.
pub(crate) fn step_path(graph: &StepGraph, at: usize) -> ValuePath {
    let r = graph.order[at];
    crate::path!["stages", r.stage, "steps", r.index]
}

/// Runs every check on a scenario parsed from the file `file`.
pub fn validate(
    scenario: &Scenario,
    catalogue: &Catalogue,
    source: &str,
    file: &str,
) -> Vec<Diagnostic> {
    let mut report = Report::new(file, source);
    structure::check(scenario, catalogue, &mut report);
    // a case over a size limit is refused as it is: walking a graph of 100,000 steps would
    // cost seconds and hundreds of megabytes to say nothing more useful
    if report.has(Code::E020) {
        return report.into_diagnostics();
    }
    let graph = StepGraph::build(scenario);
    references::check(scenario, catalogue, &graph, &mut report);
    // a mistyped `next` would also make every later step unreachable: report only its cause
    let targets_known = !report.has(Code::E004);
    flow::check(scenario, catalogue, &graph, targets_known, &mut report);
    reactions::severities_agree(scenario, catalogue, &graph, &mut report);
    if targets_known {
        follow_up::check(scenario, &graph, &mut report);
    }
    let closing = follow_up::closing_ends(scenario, &graph);
    reactions::endings_have_outcomes(scenario, &graph, &closing, &mut report);
    if targets_known {
        reactions::red_lines_never_succeed(scenario, catalogue, &graph, &mut report);
    }
    teaching::check(scenario, catalogue, &mut report);
    // playing the case needs it whole: only a case without errors is played
    if !report.has_errors() {
        reactions::model_path_reaches_best_outcome(scenario, catalogue, &mut report);
    }
    report.into_diagnostics()
}
