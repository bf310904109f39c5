//! The customer who answers back: branch conditions that name real steps, answers and rules;
//! grades that agree with the severity of the rule they cite; endings with an outcome; and no
//! path that crosses a red line and still ends in a success.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Report, step_path};
use crate::scenario::Case;
use crate::scenario::catalogue::{Catalogue, Severity};
use crate::scenario::diagnostic::Code;
use crate::scenario::graph::{StepGraph, Target};
use crate::scenario::locate::ValuePath;
use crate::scenario::model::{ActionKind, Condition, Grade, Scenario, ScriptOption, Step};

/// Checks one branch condition's references and numbers.
pub(super) fn condition_refs(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    condition: &Condition,
    at: &ValuePath,
    report: &mut Report,
) {
    let step_of = |id| graph.position(id).map(|i| graph.step(scenario, i));
    let unknown_step = |id: &crate::scenario::ids::StepId, report: &mut Report| {
        report.push(
            Code::E004,
            at,
            format!("条件引用的步骤 “{id}” 不是本案例的步骤"),
            "写本案例里某个需要作答的步骤的 id。",
        );
    };
    let out_of_range = |what: String, n: u32, count: usize, report: &mut Report| {
        report.push(
            Code::E016,
            at,
            format!("{what}只有 {count} 项，没有第 {n} 项"),
            "选项从 1 开始数，按文件里的顺序。",
        );
    };
    match condition {
        Condition::TrustBelow(n)
        | Condition::TrustAtLeast(n)
        | Condition::PatienceBelow(n)
        | Condition::PatienceAtLeast(n)
            if *n > 100 =>
        {
            report.push(
                Code::E016,
                at,
                format!("信任和耐心在 0 到 100 之间，条件里的 {n} 永远不会成立或永远成立"),
                "写 0 到 100 之间的数。",
            );
        }
        Condition::RuleBroken(rule) if catalogue.rule(rule).is_none() => report.push(
            Code::E003,
            at,
            format!("条件引用的规则 “{rule}” 不在 rules.ron 里"),
            "写 rules.ron 里某条规则的 id。",
        ),
        Condition::Chose(id, n) => match step_of(id) {
            None => unknown_step(id, report),
            Some(Step::Script(s) | Step::MorningMeeting(s))
                if *n == 0 || *n as usize > s.options.len() =>
            {
                out_of_range(format!("步骤 “{id}” 的选项"), *n, s.options.len(), report)
            }
            Some(Step::ReferralCard(c)) if *n == 0 || *n as usize > c.route.len() => {
                out_of_range(format!("转介卡 “{id}” 的去向"), *n, c.route.len(), report)
            }
            Some(Step::Script(_) | Step::MorningMeeting(_) | Step::ReferralCard(_)) => {}
            Some(other) => report.push(
                Code::E014,
                at,
                format!(
                    "Chose 只能问话术步骤或转介卡，“{id}” 是 {}",
                    other.kind_name()
                ),
                "改用 Filled（转介卡各栏）或 Did（交接动作）。",
            ),
        },
        Condition::Filled(id, field, n) => match step_of(id) {
            None => unknown_step(id, report),
            Some(Step::ReferralCard(c)) => match c.fields.iter().find(|f| f.field == *field) {
                None => report.push(
                    Code::E014,
                    at,
                    format!("转介卡 “{id}” 没有“{}”这一栏", field.label()),
                    "写这张卡上有的一栏。",
                ),
                Some(f) if *n == 0 || *n as usize > f.choices.len() => out_of_range(
                    format!("“{}”栏的选项", field.label()),
                    *n,
                    f.choices.len(),
                    report,
                ),
                Some(_) => {}
            },
            Some(Step::TrackingSheet(form) | Step::ReferralRecord(form)) => {
                match form.fields.iter().find(|f| f.field == *field) {
                    None => report.push(
                        Code::E014,
                        at,
                        format!("表格 “{id}” 没有“{}”这一栏", field.label()),
                        "写这张表上有的一栏。",
                    ),
                    Some(f) if *n == 0 || *n as usize > f.choices.len() => out_of_range(
                        format!("“{}”栏的选项", field.label()),
                        *n,
                        f.choices.len(),
                        report,
                    ),
                    Some(_) => {}
                }
            }
            Some(other) => report.push(
                Code::E014,
                at,
                format!("Filled 只能问转介卡或表格，“{id}” 是 {}", other.kind_name()),
                "写一个 ReferralCard、TrackingSheet 或 ReferralRecord 步骤的 id。",
            ),
        },
        Condition::Did(id, action) => match step_of(id) {
            None => unknown_step(id, report),
            Some(Step::Handoff(h)) if !h.actions.iter().any(|a| &a.id == action) => report.push(
                Code::E014,
                at,
                format!("交接步骤 “{id}” 没有动作 “{action}”"),
                "写这个交接步骤动作池里的动作 id。",
            ),
            Some(Step::Handoff(_)) => {}
            Some(other) => report.push(
                Code::E014,
                at,
                format!("Did 只能问交接步骤，“{id}” 是 {}", other.kind_name()),
                "写一个 Handoff 步骤的 id。",
            ),
        },
        _ => {}
    }
}

/// A Weak or Wrong answer that cites a red-line rule claims a breach that does not fail the
/// case; a red-line answer that cites a guideline fails it for a rule that says it should not.
pub(super) fn severities_agree(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    report: &mut Report,
) {
    let severity = |rule: Option<&crate::scenario::ids::RuleId>| {
        rule.and_then(|r| catalogue.rule(r)).map(|r| r.severity)
    };
    let option = |o: &ScriptOption, at: ValuePath, report: &mut Report| match (
        o.grade,
        severity(o.rule.as_ref()),
    ) {
        (Grade::Weak | Grade::Wrong, Some(Severity::RedLine)) => report.push(
            Code::E022,
            &at.at("grade"),
            format!(
                "评级是 {:?}，引用的却是红线规则 “{}”：违反红线的回答必须判为 RedLine",
                o.grade,
                o.rule.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
            "这句话真的越过了红线就写 grade: RedLine；只是不够好就引用一条 Guideline 规则。",
        ),
        (Grade::RedLine, Some(Severity::Guideline)) => report.push(
            Code::E022,
            &at.at("grade"),
            format!(
                "红线选项引用的规则 “{}” 不是红线规则",
                o.rule.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
            "要么引用一条 severity: RedLine 的规则，要么把评级改为 Wrong。",
        ),
        _ => {}
    };
    for at in 0..graph.len() {
        let path = step_path(graph, at);
        match graph.step(scenario, at) {
            Step::Script(s) | Step::MorningMeeting(s) => {
                for (i, o) in s.options.iter().enumerate() {
                    option(o, path.at("options").at(i), report);
                }
            }
            Step::ReferralCard(c) => {
                for (i, o) in c.route.iter().enumerate() {
                    option(o, path.at("route").at(i), report);
                }
                for (f, field) in c.fields.iter().enumerate() {
                    for (i, choice) in field.choices.iter().enumerate() {
                        if choice.correct
                            && severity(choice.rule.as_ref()) == Some(Severity::RedLine)
                        {
                            report.push(
                                Code::E022,
                                &path.at("fields").at(f).at("choices").at(i),
                                "正确的填法引用了红线规则：写在错误填法上的红线规则才会让学员不通过",
                                "把 rule 移到违反这条规则的那个错误选项上。",
                            );
                        }
                    }
                }
            }
            Step::Handoff(h) => {
                for (i, action) in h.actions.iter().enumerate() {
                    let here = path.at("actions").at(i).at("kind");
                    match (action.kind, severity(action.rule.as_ref())) {
                        (ActionKind::Distractor, Some(Severity::RedLine)) => report.push(
                            Code::E022,
                            &here,
                            format!(
                                "干扰动作 “{}” 引用的是红线规则：违反红线的动作必须是 kind: RedLine",
                                action.id
                            ),
                            "真的越过红线就写 kind: RedLine；只是多余就引用一条 Guideline 规则。",
                        ),
                        (ActionKind::RedLine, Some(Severity::Guideline)) => report.push(
                            Code::E022,
                            &here,
                            format!("红线动作 “{}” 引用的规则不是红线规则", action.id),
                            "引用一条 severity: RedLine 的规则，或改为 kind: Distractor。",
                        ),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every End says how the customer left.
pub(super) fn endings_have_outcomes(
    scenario: &Scenario,
    graph: &StepGraph,
    closing: &BTreeSet<usize>,
    report: &mut Report,
) {
    for at in 0..graph.len() {
        // an ending after the customer has left (after the morning meeting) closes the story
        if let Step::End(e) = graph.step(scenario, at)
            && e.outcome.is_none()
            && !closing.contains(&at)
        {
            report.push(
                Code::W007,
                &step_path(graph, at),
                format!("结局 “{}” 没有写 outcome", e.id),
                "写 outcome: Converted（当场办理）、Appointment（约定面谈）、ContactKept（留下联系方式）、Declined（婉拒）、WalkedOut（转身离开）或 Complaint（投诉）。",
            );
        }
    }
}

/// Whether answering at this step can cross a red line, and where each answer leads.
fn answers(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    at: usize,
) -> Vec<(bool, Option<Target>)> {
    let red_option =
        |o: &ScriptOption| o.grade == Grade::RedLine || catalogue.forbidden_in(&o.text).is_some();
    match graph.step(scenario, at) {
        Step::Script(s) | Step::MorningMeeting(s) => s
            .options
            .iter()
            .map(|o| {
                let next = o.next.as_ref().or(s.next.as_ref());
                (red_option(o), graph.resolve(at, next))
            })
            .collect(),
        step => {
            let can_cross = match step {
                Step::ReferralCard(c) => {
                    c.route.iter().any(red_option)
                        || c.fields.iter().flat_map(|f| &f.choices).any(|choice| {
                            !choice.correct
                                && choice
                                    .rule
                                    .as_ref()
                                    .is_some_and(|r| catalogue.is_red_line(r))
                        })
                }
                Step::Handoff(h) => h.actions.iter().any(|a| a.kind == ActionKind::RedLine),
                _ => false,
            };
            let next = graph.resolve(at, step.explicit_next());
            let mut ways = vec![(false, next)];
            if can_cross {
                ways.push((true, next));
            }
            ways
        }
    }
}

/// What a branch condition is known to be, given only whether a red line was crossed.
fn decided(catalogue: &Catalogue, condition: &Condition, crossed: bool) -> Option<bool> {
    match condition {
        Condition::RedLineCrossed => Some(crossed),
        Condition::RuleBroken(rule) if !crossed && catalogue.is_red_line(rule) => Some(false),
        _ => None,
    }
}

/// A search over (step, red line crossed yet): every success ending reachable with a red line
/// behind it is reported. Conditions it cannot decide count as either way, so a case passes
/// only when each route to a success ending is guarded by `RedLineCrossed`.
pub(super) fn red_lines_never_succeed(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    report: &mut Report,
) {
    if graph.is_empty() {
        return;
    }
    let mut seen = vec![[false; 2]; graph.len()];
    let mut stack = vec![(0usize, false)];
    seen[0][0] = true;
    let mut reported = BTreeSet::new();
    while let Some((at, crossed)) = stack.pop() {
        let mut go = |target: Option<Target>, crossed: bool, stack: &mut Vec<(usize, bool)>| {
            if let Some(Target::Step(next)) = target
                && !seen[next][usize::from(crossed)]
            {
                seen[next][usize::from(crossed)] = true;
                stack.push((next, crossed));
            }
        };
        match graph.step(scenario, at) {
            Step::End(e) => {
                if crossed && e.outcome.is_some_and(|o| o.is_success()) && reported.insert(at) {
                    report.push(
                        Code::E023,
                        &step_path(graph, at).at("outcome"),
                        format!(
                            "越过红线的学员也能走到结局 “{}”（{}）",
                            e.id,
                            e.outcome.map(|o| o.label()).unwrap_or_default()
                        ),
                        "在通往成功结局的分支里先写 (when: RedLineCrossed, next: \"…\")，把越过红线的路径引到婉拒、转身离开或投诉的结局。",
                    );
                }
            }
            Step::Branch(b) => {
                let mut settled = false;
                for case in &b.cases {
                    match decided(catalogue, &case.when, crossed) {
                        Some(true) => {
                            go(graph.resolve(at, Some(&case.next)), crossed, &mut stack);
                            settled = true;
                            break;
                        }
                        Some(false) => {}
                        None => go(graph.resolve(at, Some(&case.next)), crossed, &mut stack),
                    }
                }
                if !settled {
                    go(graph.resolve(at, Some(&b.otherwise)), crossed, &mut stack);
                }
            }
            _ => {
                for (red, target) in answers(scenario, catalogue, graph, at) {
                    go(target, crossed || red, &mut stack);
                }
            }
        }
    }
}

/// Plays the model answer on every seeded variant, the customer's state included: it must reach
/// an ending, and the best ending the case has.
pub(super) fn model_path_reaches_best_outcome(
    scenario: &Scenario,
    catalogue: &Catalogue,
    report: &mut Report,
) {
    use crate::playthrough::{RoleChoice, pick};
    let Some(best) = scenario.best_outcome() else {
        return;
    };
    let case = Arc::new(Case::new(scenario.clone(), Arc::new(catalogue.clone())));
    let conditions = scenario.branch_conditions();
    let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let mut reported = BTreeSet::new();
    for variant in crate::playthrough::explore::variants(&case) {
        // the seeded conditions that hold in this variant, for the message
        let described = conditions
            .iter()
            .filter(|c| variant.holds(c))
            .map(|c| match c {
                Condition::StaffBusy(id) => format!("同事 {id} 正忙"),
                _ => "客户赶时间".to_owned(),
            })
            .collect::<Vec<_>>();
        let Ok(mut playthrough) = crate::playthrough::Playthrough::start_variant(
            Arc::clone(&case),
            variant,
            RoleChoice::All,
            epoch,
        ) else {
            return;
        };
        let mut answered = BTreeSet::new();
        while let Some(pending) = playthrough.pending() {
            // a loop on the model path is reported by the graph walk
            if !answered.insert(pending.at)
                || playthrough
                    .answer(pick::best(&case, pending.at), epoch, 0)
                    .is_err()
            {
                return;
            }
        }
        let reached = playthrough.outcome();
        if reached != Some(best) && reported.insert(reached) {
            let at = playthrough
                .ending_at()
                .map_or_else(ValuePath::root, |at| step_path(&case.graph, at));
            report.push(
                Code::W008,
                &at,
                format!(
                    "按最佳选项走{}，结局是“{}”，而案例里最好的结局是“{}”",
                    if described.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", described.join("、"))
                    },
                    reached.map_or("没有结局", |o| o.label()),
                    best.label()
                ),
                "检查结局分支的门槛：每一步都答最佳时，客户的信任和耐心应当走到最好的结局。",
            );
        }
    }
}
