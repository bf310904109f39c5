//! Every id a case refers to must exist: rules, steps, cues, needs, staff, actions,
//! placeholders; and a red-line option must name the rule it breaks.

use std::collections::HashMap;

use super::{Report, step_path};
use crate::scenario::catalogue::Catalogue;
use crate::scenario::diagnostic::Code;
use crate::scenario::graph::StepGraph;
use crate::scenario::ids::{RuleId, StepId};
use crate::scenario::locate::ValuePath;
use crate::scenario::model::{ActionKind, Condition, Grade, Scenario, ScriptOption, Step};
use crate::scenario::texts::for_each_text;
use crate::scenario::variant::{longest_values, placeholder_known, placeholders};

pub(super) fn check(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    report: &mut Report,
) {
    for at in 0..graph.len() {
        let path = step_path(graph, at);
        let step = graph.step(scenario, at);
        if let Some(next) = step.explicit_next() {
            step_exists(graph, next, &path.at("next"), report);
        }
        match step {
            Step::Script(s) | Step::MorningMeeting(s) => {
                for (i, option) in s.options.iter().enumerate() {
                    option_refs(catalogue, graph, option, &path.at("options").at(i), report);
                }
            }
            Step::ReferralCard(c) => {
                rule_exists(catalogue, c.rule.as_ref(), &path.at("rule"), report);
                for (i, option) in c.route.iter().enumerate() {
                    option_refs(catalogue, graph, option, &path.at("route").at(i), report);
                }
            }
            Step::Handoff(h) => {
                for (i, action) in h.actions.iter().enumerate() {
                    let at = path.at("actions").at(i);
                    rule_exists(catalogue, action.rule.as_ref(), &at.at("rule"), report);
                    if action.kind == ActionKind::RedLine && action.rule.is_none() {
                        missing_red_line_rule(&at, report);
                    }
                }
                for (i, constraint) in h.order.iter().enumerate() {
                    let at = path.at("order").at(i);
                    rule_exists(catalogue, constraint.rule.as_ref(), &at.at("rule"), report);
                    for (end, id) in [("before", &constraint.before), ("after", &constraint.after)]
                    {
                        if !h.actions.iter().any(|a| &a.id == id) {
                            report.push(
                                Code::E014,
                                &at.at(end),
                                format!("顺序约束引用的动作 “{id}” 不在本步的动作池里"),
                                "检查拼写，或先在 actions 里加上这个动作。",
                            );
                        }
                    }
                }
            }
            Step::Identify(s) => {
                for (i, id) in s.cues.iter().enumerate() {
                    if !scenario.customer.cues.iter().any(|c| &c.id == id) {
                        report.push(
                            Code::E014,
                            &path.at("cues").at(i),
                            format!("线索 “{id}” 没有在 customer.cues 里定义"),
                            "在 customer.cues 里加上它，或改成已有的线索 id。",
                        );
                    }
                }
                for (i, id) in s.needs.iter().enumerate() {
                    if !scenario.customer.needs.iter().any(|n| &n.id == id) {
                        report.push(
                            Code::E014,
                            &path.at("needs").at(i),
                            format!("需求 “{id}” 没有在 customer.needs 里定义"),
                            "在 customer.needs 里加上它，或改成已有的需求 id。",
                        );
                    }
                }
            }
            Step::Branch(b) => {
                for (i, case) in b.cases.iter().enumerate() {
                    let at = path.at("cases").at(i);
                    step_exists(graph, &case.next, &at.at("next"), report);
                    super::reactions::condition_refs(
                        scenario,
                        catalogue,
                        graph,
                        &case.when,
                        &at.at("when"),
                        report,
                    );
                    if let Condition::StaffBusy(id) = &case.when
                        && !scenario.staff.iter().any(|m| &m.id == id)
                    {
                        report.push(
                            Code::E014,
                            &at.at("when"),
                            format!("同事 “{id}” 不在 staff 名单里"),
                            "StaffBusy 的参数是 staff 里某位同事的 id。",
                        );
                    }
                }
                step_exists(graph, &b.otherwise, &path.at("otherwise"), report);
            }
            Step::TrackingSheet(f) | Step::ReferralRecord(f) => {
                rule_exists(catalogue, f.rule.as_ref(), &path.at("rule"), report);
                for (k, field) in f.fields.iter().enumerate() {
                    for (c, choice) in field.choices.iter().enumerate() {
                        let at = path.at("fields").at(k).at("choices").at(c);
                        rule_exists(catalogue, choice.rule.as_ref(), &at.at("rule"), report);
                        for (key, when) in [("when", &choice.when), ("unless", &choice.unless)] {
                            let Some(when) = when else { continue };
                            super::reactions::condition_refs(
                                scenario,
                                catalogue,
                                graph,
                                when,
                                &at.at(key),
                                report,
                            );
                            if let Condition::StaffBusy(id) = when
                                && !scenario.staff.iter().any(|m| &m.id == id)
                            {
                                report.push(
                                    Code::E014,
                                    &at.at(key),
                                    format!("同事 “{id}” 不在 staff 名单里"),
                                    "StaffBusy 的参数是 staff 里某位同事的 id。",
                                );
                            }
                        }
                    }
                }
            }
            Step::Narration(_) | Step::End(_) => {}
        }
    }
    // every placeholder the case can fill, for "did you mean"
    let mut known: Vec<String> = longest_values(scenario).into_keys().collect();
    known.sort();
    // a hostile file can misspell thousands of different placeholders: suggest for the first few
    let mut suggested: HashMap<String, Option<String>> = HashMap::new();
    let mut suggest = |key: &str| -> Option<String> {
        if let Some(near) = suggested.get(key) {
            return near.clone();
        }
        if suggested.len() >= MAX_SUGGESTED {
            return None;
        }
        let near = closest(key, known.iter().map(String::as_str)).map(str::to_owned);
        suggested.insert(key.to_owned(), near.clone());
        near
    };
    for_each_text(scenario, |at, text| {
        let (mut chars, mut counted_to) = (0, 0);
        let mut unknown = Vec::new();
        for (key, offset) in placeholders(text) {
            if !placeholder_known(scenario, &key) {
                // counted on from the previous one: a text full of placeholders stays linear
                chars += text[counted_to..offset].chars().count();
                counted_to = offset;
                let company = key == "company" || key.starts_with("company.");
                let message = match suggest(&key) {
                    Some(near) => format!("占位符 {{{key}}} 无法识别：是不是想写 {{{near}}}？"),
                    None if company && scenario.customer.company.is_none() => format!(
                        "占位符 {{{key}}} 无法识别：这个案例的 customer 里没有写企业 company"
                    ),
                    None => format!("占位符 {{{key}}} 无法识别"),
                };
                unknown.push((chars, message));
            }
        }
        report.push_inside(
            Code::E015,
            &at,
            unknown,
            "可用：{customer} {customer.call} {customer.surname} {balance} {assets} {amount.名称} {staff.同事id} {staff.同事id.surname} {staff.同事id.credentials}；写了 customer.company 时还有 {company} {company.turnover} {company.payroll}。",
        );
    });
}

/// Distinct misspelt placeholders given a "did you mean" per case.
const MAX_SUGGESTED: usize = 200;

fn option_refs(
    catalogue: &Catalogue,
    graph: &StepGraph,
    option: &ScriptOption,
    at: &ValuePath,
    report: &mut Report,
) {
    rule_exists(catalogue, option.rule.as_ref(), &at.at("rule"), report);
    if let Some(next) = &option.next {
        step_exists(graph, next, &at.at("next"), report);
    }
    if option.grade == Grade::RedLine && option.rule.is_none() {
        missing_red_line_rule(at, report);
    }
}

fn missing_red_line_rule(at: &ValuePath, report: &mut Report) {
    report.push(
        Code::E009,
        at,
        "红线选项没有写触犯的规则",
        "加上 `rule: \"规则id\"`（见 rules.ron），讲评时要说清楚为什么不能这么做。",
    );
}

fn rule_exists(catalogue: &Catalogue, rule: Option<&RuleId>, at: &ValuePath, report: &mut Report) {
    if let Some(rule) = rule
        && catalogue.rule(rule).is_none()
    {
        let near = closest(rule.as_str(), catalogue.rules.iter().map(|r| r.id.as_str()));
        report.push(
            Code::E003,
            at,
            format!("规则 “{rule}” 不在 rules.ron 里"),
            match near {
                Some(near) => format!("是不是想写 “{near}”？新规则请先加到 rules.ron。"),
                None => "新规则请先加到 rules.ron。".to_owned(),
            },
        );
    }
}

fn step_exists(graph: &StepGraph, id: &StepId, at: &ValuePath, report: &mut Report) {
    if graph.position(id).is_none() {
        report.push(
            Code::E004,
            at,
            format!("跳转目标 “{id}” 不是本案例的步骤"),
            "检查拼写；步骤 id 在整个案例里通用，可以跳到其他环节的步骤。",
        );
    }
}

/// The known id nearest to a misspelt one, when it is close enough to be a typo.
fn closest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let length = wanted.chars().count();
    known
        // the distance is at least the difference in length: skip the hopeless ones unmeasured
        .filter(|k| length.abs_diff(k.chars().count()) <= 2.max(k.len() / 4))
        .map(|k| (edit_distance(wanted, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}
