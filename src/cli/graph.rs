//! `liandong graph FILE`: the step graph as Graphviz DOT, one cluster per stage. Nodes are
//! named by step id (DOT needs a name); what a reader sees are the labels: each step's kind
//! and its own words, each edge's option or condition in words.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{lang, load_playable, out, render, tr, words};
use crate::lang::Lang;
use crate::scenario::graph::Target;
use crate::scenario::model::{Condition, Step};
use crate::scenario::{Case, Variant};

pub fn run(file: &Path) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    out!("{}", dot(&case));
    ExitCode::SUCCESS
}

/// A step's kind in words: "话术" / "script".
fn kind(step: &Step) -> String {
    let (zh, en) = match step {
        Step::Narration(_) => ("叙述", "narration"),
        Step::Identify(_) => ("识别", "identification"),
        Step::Script(_) => ("话术", "script"),
        Step::ReferralCard(_) => ("转介卡", "referral card"),
        Step::Handoff(_) => ("交接", "handoff"),
        Step::TrackingSheet(_) => ("追踪表", "tracking sheet"),
        Step::ReferralRecord(_) => ("推荐记录表", "referral record"),
        Step::MorningMeeting(_) => ("晨会", "morning meeting"),
        Step::Branch(_) => ("分支", "branch"),
        Step::End(_) => ("结束", "ending"),
    };
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_owned()
}

/// The step's own words: what the trainee is asked, or what is told.
fn step_words(step: &Step, variant: &Variant) -> String {
    let text = match step {
        Step::Narration(n) => &n.text,
        Step::End(e) => &e.text,
        Step::Identify(s) => &s.prompt,
        Step::Script(s) => &s.prompt,
        Step::ReferralCard(s) => &s.prompt,
        Step::Handoff(s) => &s.prompt,
        Step::TrackingSheet(s) | Step::ReferralRecord(s) => &s.prompt,
        Step::MorningMeeting(s) => &s.prompt,
        Step::Branch(_) => return String::new(),
    };
    variant.render(text)
}

/// A branch condition in words, as the case map says it.
fn condition(case: &Case, variant: &Variant, when: &Condition) -> String {
    let step_words = |step: &crate::scenario::ids::StepId| {
        case.graph
            .position(step)
            .map(|at| step_words(case.graph.step(&case.scenario, at), variant))
            .unwrap_or_default()
    };
    match when {
        Condition::StaffBusy(id) => {
            let name = variant.staff_names.get(id).cloned().unwrap_or_default();
            tr!("{name}正忙", "{name} is busy")
        }
        Condition::CustomerHurried => tr!("客户赶时间", "customer in a hurry"),
        Condition::TrustBelow(n) => tr!("信任低于 {n}", "trust below {n}"),
        Condition::TrustAtLeast(n) => tr!("信任不低于 {n}", "trust at least {n}"),
        Condition::PatienceBelow(n) => tr!("耐心低于 {n}", "patience below {n}"),
        Condition::PatienceAtLeast(n) => tr!("耐心不低于 {n}", "patience at least {n}"),
        Condition::RedLineCrossed => tr!("已触犯红线", "a red line was crossed"),
        Condition::RuleBroken(rule) => {
            let title = render::rule_title(case, rule);
            tr!("违反了“{title}”", "“{title}” was broken")
        }
        Condition::Chose(step, n) => {
            let step = step_words(step);
            tr!("“{step}”选了第 {n} 项", "chose option {n} at “{step}”")
        }
        Condition::Filled(_, field, n) => {
            let field = words().names.card_field(*field);
            tr!(
                "转介卡“{field}”选了第 {n} 项",
                "card field “{field}”: choice {n}"
            )
        }
        Condition::Did(step, action) => {
            let text = case
                .graph
                .position(step)
                .and_then(|at| match case.graph.step(&case.scenario, at) {
                    Step::Handoff(h) => h.actions.iter().find(|a| &a.id == action),
                    _ => None,
                })
                .map(|a| variant.render(&a.text))
                .unwrap_or_default();
            tr!("交接时做了“{text}”", "the handoff included “{text}”")
        }
    }
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
    let variant = case.variant(1);
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
            quote(&format!(
                "{} · {}",
                words().names.role(stage.role),
                stage.title
            ))
        );
        for step in &stage.steps {
            let shape = match step {
                Step::Branch(_) => "diamond",
                Step::End(_) => "doublecircle",
                Step::Narration(_) => "note",
                _ => "box",
            };
            let said = step_words(step, &variant);
            let label = if said.is_empty() {
                kind(step)
            } else {
                match lang() {
                    Lang::Zh => format!("{}：{said}", kind(step)),
                    Lang::En => format!("{}: {said}", kind(step)),
                }
            };
            let _ = writeln!(
                out,
                "    \"{}\" [label={}, shape={shape}];",
                step.id(),
                quote(&label)
            );
        }
        let _ = writeln!(out, "  }}");
    }
    let _ = writeln!(
        out,
        "  \"__finish\" [label={}, shape=circle];",
        quote(&tr!("结束", "finish"))
    );
    for at in 0..graph.len() {
        let step = graph.step(scenario, at);
        let from = step.id();
        let target_name = |t: Target| match t {
            Target::Step(n) => graph.step(scenario, n).id().to_string(),
            Target::Finish => "__finish".to_owned(),
        };
        match step {
            Step::Script(s) | Step::MorningMeeting(s) => {
                for (i, option) in s.options.iter().enumerate() {
                    if let Some(t) = graph.resolve(at, option.next.as_ref().or(s.next.as_ref())) {
                        let _ = writeln!(
                            out,
                            "  \"{from}\" -> \"{}\" [label=\"{} {}\"];",
                            target_name(t),
                            i + 1,
                            words().names.grade(option.grade)
                        );
                    }
                }
            }
            Step::Branch(b) => {
                for arm in &b.cases {
                    if let Some(t) = graph.resolve(at, Some(&arm.next)) {
                        let _ = writeln!(
                            out,
                            "  \"{from}\" -> \"{}\" [label={}];",
                            target_name(t),
                            quote(&condition(case, &variant, &arm.when))
                        );
                    }
                }
                if let Some(t) = graph.resolve(at, Some(&b.otherwise)) {
                    let _ = writeln!(
                        out,
                        "  \"{from}\" -> \"{}\" [label={}];",
                        target_name(t),
                        quote(&tr!("否则", "otherwise"))
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
