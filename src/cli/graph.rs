//! `liandong graph FILE`: the step graph as Graphviz DOT, one cluster per stage.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{load_playable, out};
use crate::scenario::Case;
use crate::scenario::graph::Target;
use crate::scenario::model::Step;

pub fn run(file: &Path) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    out!("{}", dot(&case));
    ExitCode::SUCCESS
}

fn quote(text: &str) -> String {
    let short: String = text.chars().take(24).collect();
    let more = if text.chars().count() > 24 { "…" } else { "" };
    format!(
        "\"{}{more}\"",
        short.replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// Renders the graph; edges are labelled with the option number or branch condition.
pub fn dot(case: &Case) -> String {
    let scenario = &case.scenario;
    let graph = &case.graph;
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&scenario.id));
    let _ = writeln!(
        out,
        "  rankdir=TB; node [shape=box, fontname=\"Noto Sans CJK SC\"];"
    );
    for (s, stage) in scenario.stages.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph cluster_{s} {{ label={};",
            quote(&format!("{} · {}", stage.role.label(), stage.title))
        );
        for step in &stage.steps {
            let shape = match step {
                Step::Branch(_) => "diamond",
                Step::End(_) => "doublecircle",
                Step::Narration(_) => "note",
                _ => "box",
            };
            let label = format!("{}\\n{}", step.id(), step.kind_name());
            let _ = writeln!(
                out,
                "    \"{}\" [label=\"{label}\", shape={shape}];",
                step.id()
            );
        }
        let _ = writeln!(out, "  }}");
    }
    let _ = writeln!(out, "  \"__finish\" [label=\"结束\", shape=circle];");
    for at in 0..graph.len() {
        let step = graph.step(scenario, at);
        let from = step.id();
        let target_name = |t: Target| match t {
            Target::Step(n) => graph.step(scenario, n).id().to_string(),
            Target::Finish => "__finish".to_owned(),
        };
        match step {
            Step::Script(s) => {
                for (i, option) in s.options.iter().enumerate() {
                    if let Some(t) = graph.resolve(at, option.next.as_ref().or(s.next.as_ref())) {
                        let _ = writeln!(
                            out,
                            "  \"{from}\" -> \"{}\" [label=\"{} {}\"];",
                            target_name(t),
                            i + 1,
                            option.grade.label()
                        );
                    }
                }
            }
            Step::Branch(b) => {
                for case in &b.cases {
                    if let Some(t) = graph.resolve(at, Some(&case.next)) {
                        let _ = writeln!(
                            out,
                            "  \"{from}\" -> \"{}\" [label={}];",
                            target_name(t),
                            quote(&format!("{:?}", case.when))
                        );
                    }
                }
                if let Some(t) = graph.resolve(at, Some(&b.otherwise)) {
                    let _ = writeln!(
                        out,
                        "  \"{from}\" -> \"{}\" [label=\"否则\"];",
                        target_name(t)
                    );
                }
            }
            _ => {
                for t in graph.successors(scenario, at) {
                    let _ = writeln!(out, "  \"{from}\" -> \"{}\";", target_name(t));
                }
            }
        }
    }
    let _ = writeln!(out, "}}");
    out
}
