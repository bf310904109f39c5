//! Semantic checks of a parsed case: every problem, each with a code and a place.

use std::cell::OnceCell;

pub mod catalogue;
mod flow;
mod references;
mod structure;
mod teaching;

use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic, Location};
use super::graph::StepGraph;
use super::locate::{SourceMap, ValuePath};
use super::model::Scenario;

/// Collects diagnostics, locating each path in the source.
pub(crate) struct Report<'a> {
    file: &'a str,
    source: &'a str,
    /// Built on the first problem only: a clean file never pays for locating.
    map: OnceCell<SourceMap>,
    found: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    pub(crate) fn new(file: &'a str, source: &'a str) -> Self {
        Report {
            file,
            source,
            map: OnceCell::new(),
            found: Vec::new(),
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
        let location = self.locate(at);
        self.found
            .push(Diagnostic::new(self.file, location, code, message, hint));
    }

    /// Like `push`, but `chars` characters into the string literal at `at`.
    pub(crate) fn push_inside(
        &mut self,
        code: Code,
        at: &ValuePath,
        chars: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let literal = self.locate(at);
        let offset = offset_in_literal(self.source, literal.offset, chars);
        let location = Location::at_offset(self.source, offset);
        self.found
            .push(Diagnostic::new(self.file, location, code, message, hint));
    }

    pub(crate) fn has(&self, code: Code) -> bool {
        self.found.iter().any(|d| d.code == code)
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found
    }
}

/// Byte offset of the `chars`-th character of the text of the string literal that starts at
/// `literal`, reading escapes and raw strings the way ron does.
fn offset_in_literal(source: &str, literal: usize, chars: usize) -> usize {
    let rest = &source[literal.min(source.len())..];
    if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.chars().take_while(|c| *c == '#').count();
        let body = 1 + hashes + 1;
        let text = rest.get(body..).unwrap_or("");
        return literal
            + body
            + text
                .char_indices()
                .nth(chars)
                .map_or(text.len(), |(i, _)| i);
    }
    let text = rest.get(1..).unwrap_or("");
    let mut counted = 0;
    let mut characters = text.char_indices();
    while let Some((i, c)) = characters.next() {
        if counted == chars {
            return literal + 1 + i;
        }
        if c == '\\' && matches!(characters.next(), Some((_, 'u'))) {
            // \u{…}: one character written as several
            for (_, c) in characters.by_ref() {
                if c == '}' {
                    break;
                }
            }
        }
        counted += 1;
    }
    literal + 1 + text.len()
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
    let graph = StepGraph::build(scenario);
    structure::check(scenario, catalogue, &mut report);
    references::check(scenario, catalogue, &graph, &mut report);
    // a mistyped `next` would also make every later step unreachable: report only its cause
    let targets_known = !report.has(Code::E004);
    flow::check(scenario, catalogue, &graph, targets_known, &mut report);
    teaching::check(scenario, catalogue, &mut report);
    report.into_diagnostics()
}
