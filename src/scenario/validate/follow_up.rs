//! The steps after the handoff: the receiver's tracking sheet, the referrer's record and the
//! morning meeting. Each form has its own columns (E024); they come after the customer has
//! left and after a referral was made, and nothing facing the customer comes after them
//! (E025); each form is filled in by its own role (E026); and in every way the case can end
//! before it, each column has exactly one true entry (E027).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{Report, step_path};
use crate::scenario::diagnostic::Code;
use crate::scenario::graph::{StepGraph, Target};
use crate::scenario::model::{CardField, Form, Outcome, Role, Scenario, Step};

/// Where a walk through the case can be: the step, how the customer left (`None` while they
/// are still in the branch), and whether a referral (a card or a handoff) was made on the way.
type State = (usize, Option<Option<Outcome>>, bool);

/// Every state the walk from the first step reaches, by step.
fn reached(scenario: &Scenario, graph: &StepGraph) -> BTreeMap<usize, BTreeSet<State>> {
    let mut seen: BTreeSet<State> = BTreeSet::new();
    let mut by_step: BTreeMap<usize, BTreeSet<State>> = BTreeMap::new();
    if graph.is_empty() {
        return by_step;
    }
    let mut queue = VecDeque::from([(0usize, None, false)]);
    while let Some(state) = queue.pop_front() {
        if !seen.insert(state) {
            continue;
        }
        by_step.entry(state.0).or_default().insert(state);
        let (at, left, referred) = state;
        let step = graph.step(scenario, at);
        let left = match (step, left) {
            (Step::End(e), None) => Some(e.outcome),
            (_, left) => left,
        };
        let referred = referred || matches!(step, Step::ReferralCard(_) | Step::Handoff(_));
        for target in graph.successors(scenario, at) {
            if let Target::Step(next) = target {
                queue.push_back((next, left, referred));
            }
        }
    }
    by_step
}

/// The role that made the referral: the role of the first stage with a referral card, else of
/// the first stage (the referral points use the same chain).
fn referrer(scenario: &Scenario) -> Option<Role> {
    scenario
        .stages
        .iter()
        .find(|s| {
            s.steps
                .iter()
                .any(|step| matches!(step, Step::ReferralCard(_)))
        })
        .or(scenario.stages.first())
        .map(|s| s.role)
}

/// Ends reached only after the customer has left: they close the story and need no outcome.
pub(super) fn closing_ends(scenario: &Scenario, graph: &StepGraph) -> BTreeSet<usize> {
    reached(scenario, graph)
        .into_iter()
        .filter(|(at, states)| {
            matches!(graph.step(scenario, *at), Step::End(_))
                && states.iter().all(|(_, left, _)| left.is_some())
        })
        .map(|(at, _)| at)
        .collect()
}

pub(super) fn check(scenario: &Scenario, graph: &StepGraph, report: &mut Report) {
    columns(scenario, graph, report);
    roles(scenario, graph, report);
    let reached = reached(scenario, graph);
    for (&at, states) in &reached {
        let step = graph.step(scenario, at);
        let path = step_path(graph, at);
        let kind = kind_words(step);
        if step.is_follow_up() && states.iter().any(|(_, left, _)| left.is_none()) {
            report.push(
                Code::E025,
                &path,
                format!(
                    "{kind} “{}” 在客户离开之前就会走到：它要放在交接之后、结局之后",
                    step.id()
                ),
                "把它移到最后，并在交接之后的每个结局上写 next 指向它，例如 End(id: \"end-declined\", outcome: Declined, text: \"…\", next: \"wm-sheet\")。",
            );
        } else if matches!(step, Step::TrackingSheet(_) | Step::ReferralRecord(_))
            && states.iter().any(|(_, _, referred)| !referred)
        {
            report.push(
                Code::E025,
                &path,
                format!(
                    "{kind} “{}” 前面没有转介卡或交接：没有推荐，就没有这一行可填",
                    step.id()
                ),
                "只让推荐、交接之后的结局（End 的 next）通到这张表；在交接之前就离开的客户，结局不写 next。",
            );
        } else if !step.is_follow_up()
            && step.is_decision()
            && states.iter().any(|(_, left, _)| left.is_some())
        {
            report.push(
                Code::E025,
                &path,
                format!(
                    "客户已经离开，后面却还有面对客户的步骤 “{}”",
                    step.id()
                ),
                "结局的 next 只能通向追踪表（TrackingSheet）、推荐记录表（ReferralRecord）和晨会（MorningMeeting）。",
            );
        }
        if let Step::End(e) = step
            && e.outcome.is_some()
            && states.iter().all(|(_, left, _)| left.is_some())
        {
            report.push(
                Code::E025,
                &path.at("outcome"),
                format!(
                    "结局 “{}” 在客户离开之后才会走到，它的 outcome 不会算数",
                    e.id
                ),
                "客户怎么离开的由第一个结局决定；收尾的结局去掉 outcome。",
            );
        }
        if let Step::TrackingSheet(form) | Step::ReferralRecord(form) = step {
            let outcomes: BTreeSet<Option<Outcome>> =
                states.iter().filter_map(|(_, left, _)| *left).collect();
            true_entries(form, &outcomes, &path, report);
        }
    }
}

fn kind_words(step: &Step) -> &'static str {
    match step {
        Step::TrackingSheet(_) => "追踪表",
        Step::ReferralRecord(_) => "推荐记录表",
        Step::MorningMeeting(_) => "晨会",
        _ => "步骤",
    }
}

/// Each form takes only its own columns, once each; the card only its five fields.
fn columns(scenario: &Scenario, graph: &StepGraph, report: &mut Report) {
    for at in 0..graph.len() {
        let path = step_path(graph, at);
        let (fields, allowed, name): (Vec<CardField>, &[CardField], &str) =
            match graph.step(scenario, at) {
                Step::ReferralCard(c) => (
                    c.fields.iter().map(|f| f.field).collect(),
                    &CardField::CARD,
                    "转介卡",
                ),
                Step::TrackingSheet(f) => (
                    f.fields.iter().map(|f| f.field).collect(),
                    &CardField::TRACKING_SHEET,
                    "岗位联动客户追踪表",
                ),
                Step::ReferralRecord(f) => (
                    f.fields.iter().map(|f| f.field).collect(),
                    &CardField::REFERRAL_RECORD,
                    "客户推荐记录表",
                ),
                _ => continue,
            };
        let spelled = |f: &CardField| format!("{f:?}（{}）", f.label());
        let columns = allowed.iter().map(spelled).collect::<Vec<_>>().join("、");
        for (i, field) in fields.iter().enumerate() {
            let here = path.at("fields").at(i).at("field");
            if !allowed.contains(field) {
                report.push(
                    Code::E024,
                    &here,
                    format!("{name}上没有“{}”这一栏", field.label()),
                    format!("{name}的栏目是：{columns}。"),
                );
            } else if fields[..i].contains(field) {
                report.push(
                    Code::E024,
                    &here,
                    format!("{name}的“{}”栏写了不止一次", field.label()),
                    "每一栏只写一次：删掉重复的这一栏，把它的候选项并到前面那一栏里。",
                );
            }
        }
    }
}

/// The tracking sheet is the receiver's, the referral record the referrer's.
fn roles(scenario: &Scenario, graph: &StepGraph, report: &mut Report) {
    let referrer = referrer(scenario);
    let receivers = &scenario.customer.receivers;
    for at in 0..graph.len() {
        let role = graph.role(scenario, at);
        match graph.step(scenario, at) {
            Step::ReferralRecord(f) if Some(role) != referrer => report.push(
                Code::E026,
                &step_path(graph, at),
                format!(
                    "推荐记录表 “{}” 由{}填写，可这个案例的推荐人是{}",
                    f.id,
                    role.label(),
                    referrer.map_or("填转介卡的岗位", Role::label)
                ),
                format!(
                    "客户推荐记录表由推荐人填写，用来跟踪接收人的营销结果：把这一步移到{}的环节里。大堂经理自己标记的是潜在贵宾客户推荐表，写在交接动作里。",
                    referrer.map_or("推荐人", Role::label)
                ),
            ),
            Step::TrackingSheet(f) if !receivers.contains(&role) => report.push(
                Code::E026,
                &step_path(graph, at),
                format!(
                    "追踪表 “{}” 由{}填写，可它不是这位客户的接收岗位",
                    f.id,
                    role.label()
                ),
                format!(
                    "岗位联动客户追踪表由接收人填写：把这一步移到{}的环节里，或在 customer.receivers 里加上这个岗位。",
                    receivers
                        .iter()
                        .map(|r| r.label())
                        .collect::<Vec<_>>()
                        .join("或")
                ),
            ),
            _ => {}
        }
    }
}

/// In each way the customer can have left before the form, each column has exactly one true
/// entry (an entry conditioned on `when` counts as possibly true).
fn true_entries(
    form: &Form,
    outcomes: &BTreeSet<Option<Outcome>>,
    path: &crate::scenario::locate::ValuePath,
    report: &mut Report,
) {
    for (f, field) in form.fields.iter().enumerate() {
        let here = path.at("fields").at(f);
        for (c, choice) in field.choices.iter().enumerate() {
            if choice.correct && choice.is_conditional() {
                report.push(
                    Code::E027,
                    &here.at("choices").at(c).at("correct"),
                    "一个候选项不能既写 correct: true 又写 outcomes、when 或 unless",
                    "不论结果如何都对的写 correct: true；要看这一局怎么结束才对的只写 outcomes（或 when、unless）。",
                );
            }
        }
        for outcome in outcomes {
            let fits = |o: &Vec<Outcome>| o.is_empty() || outcome.is_some_and(|x| o.contains(&x));
            let sure = field
                .choices
                .iter()
                .filter(|c| {
                    c.correct
                        || (c.when.is_none()
                            && c.unless.is_none()
                            && !c.outcomes.is_empty()
                            && fits(&c.outcomes))
                })
                .count();
            let maybe = field
                .choices
                .iter()
                .filter(|c| (c.when.is_some() || c.unless.is_some()) && fits(&c.outcomes))
                .count();
            let ending = outcome.map_or("没有写 outcome 的结局", Outcome::label);
            if sure > 1 {
                report.push(
                    Code::E027,
                    &here,
                    format!(
                        "客户“{ending}”时，“{}”栏有 {sure} 个候选项都算对",
                        field.field.label()
                    ),
                    "每一种结局下只能有一个照实的填法：把多出来的那一项的 outcomes 改窄。",
                );
            } else if sure + maybe == 0 {
                report.push(
                    Code::E027,
                    &here,
                    format!(
                        "客户“{ending}”时，“{}”栏没有一个候选项是对的",
                        field.field.label()
                    ),
                    format!(
                        "加一项照实的填法，写上 outcomes: [{}]，或把已有一项的 outcomes 补上它。",
                        outcome.map_or_else(String::new, |o| format!("{o:?}"))
                    ),
                );
            }
        }
    }
}
