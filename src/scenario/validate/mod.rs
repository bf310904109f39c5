//! Semantic checks of a parsed case: every problem, each with a code and a place.

use std::cell::OnceCell;

pub mod catalogue;
mod flow;
mod references;
mod structure;
mod teaching;

use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic};
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

    fn locate(&self, at: &ValuePath) -> crate::scenario::diagnostic::Location {
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
        let mut location = self.locate(at);
        location.column += chars + 1;
        self.found
            .push(Diagnostic::new(self.file, location, code, message, hint));
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found
    }
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
    flow::check(scenario, catalogue, &graph, &mut report);
    teaching::check(scenario, catalogue, &mut report);
    report.into_diagnostics()
}
