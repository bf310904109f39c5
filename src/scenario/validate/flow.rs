//! The step graph as a whole: every step reachable, every path ending, full marks reachable on
//! every branch outcome, handoff constraints free of cycles.

use std::collections::{BTreeSet, VecDeque};

use super::{Report, step_path};
use crate::scenario::catalogue::Catalogue;
use crate::scenario::diagnostic::Code;
use crate::scenario::graph::{StepGraph, Target};
use crate::scenario::limits::MAX_CONDITIONS;
use crate::scenario::model::{ActionKind, Condition, Handoff, Scenario, Step};
use crate::scenario::points::{best_option, is_full_marks, option_points};

pub(super) fn check(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    targets_known: bool,
    report: &mut Report,
) {
    if graph.is_empty() {
        return;
    }
    let successors: Vec<Vec<Target>> = (0..graph.len())
        .map(|at| graph.successors(scenario, at))
        .collect();
    let reachable = reachable_from_start(&successors);
    let finishing = can_finish(&successors);
    for at in (0..graph.len()).filter(|_| targets_known) {
        let path = step_path(graph, at);
        let id = graph.step(scenario, at).id();
        if !reachable[at] {
            report.push(
                Code::E006,
                &path,
                format!("步骤 “{id}” 从开头走不到"),
                "让前面某一步的 next（或选项的 next、分支的目标）指向它，或删掉它。",
            );
        } else if !finishing[at] {
            report.push(
                Code::E007,
                &path,
                format!("从步骤 “{id}” 出发永远走不到结尾"),
                "检查 next 是否形成了死循环；每条路径最后都要到达 End 步骤或最后一个环节的末尾。",
            );
        }
    }
    for at in (0..graph.len()).filter(|at| reachable[*at]) {
        full_marks_possible(scenario, catalogue, graph, at, report);
        if let Step::Handoff(h) = graph.step(scenario, at) {
            constraint_cycles(h, &step_path(graph, at), report);
        }
    }
    best_path_ends(scenario, catalogue, graph, report);
}

fn reachable_from_start(successors: &[Vec<Target>]) -> Vec<bool> {
    let mut seen = vec![false; successors.len()];
    let mut queue = VecDeque::from([0]);
    seen[0] = true;
    while let Some(at) = queue.pop_front() {
        for target in &successors[at] {
            if let Target::Step(next) = *target
                && !seen[next]
            {
                seen[next] = true;
                queue.push_back(next);
            }
        }
    }
    seen
}

/// Steps from which some path reaches the end (a backwards search from the finishing steps).
fn can_finish(successors: &[Vec<Target>]) -> Vec<bool> {
    let mut predecessors = vec![Vec::new(); successors.len()];
    let mut done = vec![false; successors.len()];
    let mut queue = VecDeque::new();
    for (at, targets) in successors.iter().enumerate() {
        for target in targets {
            match *target {
                Target::Step(next) => predecessors[next].push(at),
                Target::Finish if !done[at] => {
                    done[at] = true;
                    queue.push_back(at);
                }
                Target::Finish => {}
            }
        }
    }
    while let Some(at) = queue.pop_front() {
        for &before in &predecessors[at] {
            if !done[before] {
                done[before] = true;
                queue.push_back(before);
            }
        }
    }
    done
}

fn full_marks_possible(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    at: usize,
    report: &mut Report,
) {
    let path = step_path(graph, at);
    let hint = "把最好的那个选项标为 grade: Best（不写 points），学员才有可能拿满分。";
    match graph.step(scenario, at) {
        Step::Script(s) | Step::MorningMeeting(s)
            if !s.options.is_empty()
                && !s
                    .options
                    .iter()
                    .any(|o| is_full_marks(catalogue, s.points, o)) =>
        {
            let top = s
                .options
                .iter()
                .map(|o| option_points(catalogue, s.points, o))
                .fold(0.0, f64::max);
            report.push(
                Code::E008,
                &path.at("options"),
                format!(
                    "步骤 “{}” 没有满分选项：最高 {top} 分，满分 {} 分",
                    s.id, s.points
                ),
                hint,
            );
        }
        Step::ReferralCard(c) => {
            for (f, field) in c.fields.iter().enumerate() {
                if !field.choices.is_empty() && !field.choices.iter().any(|ch| ch.correct) {
                    report.push(
                        Code::E008,
                        &path.at("fields").at(f),
                        format!("转介卡“{}”栏没有正确选项", field.field.label()),
                        "给正确的那一项写上 `correct: true`。",
                    );
                }
            }
            if !c.route.is_empty()
                && !c
                    .route
                    .iter()
                    .any(|o| is_full_marks(catalogue, c.points, o))
            {
                report.push(
                    Code::E008,
                    &path.at("route"),
                    format!("转介卡 “{}” 的去向没有满分选项", c.id),
                    hint,
                );
            }
        }
        Step::Handoff(h)
            if !h.actions.is_empty()
                && !h.actions.iter().any(|a| a.kind == ActionKind::Required) =>
        {
            report.push(
                Code::E008,
                &path.at("actions"),
                format!("交接步骤 “{}” 没有必做动作，无法给出标准答案", h.id),
                "把标准流程里的动作标为 kind: Required。",
            );
        }
        _ => {}
    }
}

/// Kahn's algorithm: whatever cannot be ordered lies on a cycle or after one. One cycle is then
/// followed back through the constraints and reported at the constraint that closes it (the
/// last one written), which is where a trainer looks for the one written the wrong way round.
fn constraint_cycles(
    handoff: &Handoff,
    path: &crate::scenario::locate::ValuePath,
    report: &mut Report,
) {
    let ids: Vec<_> = handoff.actions.iter().map(|a| &a.id).collect();
    let index = |id| ids.iter().position(|x| *x == id);
    let mut indegree = vec![0usize; ids.len()];
    let mut edges = vec![Vec::new(); ids.len()];
    // for each action, the constraints that put another before it: (that action, constraint)
    let mut into: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ids.len()];
    for (c, constraint) in handoff.order.iter().enumerate() {
        if let (Some(b), Some(a)) = (index(&constraint.before), index(&constraint.after)) {
            edges[b].push(a);
            indegree[a] += 1;
            into[a].push((b, c));
        }
    }
    let mut queue: VecDeque<usize> = (0..ids.len()).filter(|i| indegree[*i] == 0).collect();
    let mut ordered = 0;
    while let Some(i) = queue.pop_front() {
        ordered += 1;
        for &j in &edges[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                queue.push_back(j);
            }
        }
    }
    if ordered == ids.len() {
        return;
    }
    // every action left has a constraint from another one left: walking back along them must
    // come round to an action already met, and that stretch is a cycle
    let left = |i: usize| indegree[i] > 0;
    let Some(start) = (0..ids.len()).find(|i| left(*i)) else {
        return;
    };
    let mut met = vec![usize::MAX; ids.len()];
    let mut walk: Vec<(usize, usize)> = Vec::new();
    let mut at = start;
    while met[at] == usize::MAX {
        met[at] = walk.len();
        let Some(&(from, constraint)) = into[at].iter().find(|(from, _)| left(*from)) else {
            return;
        };
        walk.push((at, constraint));
        at = from;
    }
    // walked backwards: `walk[k]` is an action and the constraint putting the next one before it
    let mut cycle: Vec<(usize, usize)> = walk[met[at]..].to_vec();
    cycle.reverse();
    // told in the cycle's order, ending with the constraint that closes it
    let last = (0..cycle.len()).max_by_key(|k| cycle[*k].1).unwrap_or(0);
    cycle.rotate_left(last + 1);
    let closing = cycle.last().map_or(0, |(_, c)| *c);
    let said = |c: usize, again: &str| {
        let constraint = &handoff.order[c];
        format!("“{}”{again}在“{}”前", constraint.before, constraint.after)
    };
    let before_last: Vec<String> = cycle[..cycle.len() - 1]
        .iter()
        .map(|(_, c)| said(*c, ""))
        .collect();
    let chain = if before_last.is_empty() {
        // an action put before itself
        said(closing, "")
    } else {
        format!("{}，{}", before_last.join("、"), said(closing, "又"))
    };
    report.push(
        Code::E010,
        &path.at("order").at(closing),
        format!("顺序约束成环，无法排出先后：{chain}（这一条让它们首尾相接）"),
        "检查 before/after 是否写反了：A 在 B 前、B 又在 A 前是做不到的。",
    );
}

/// Follows the model answer on every combination of branch outcomes; it must reach the end.
fn best_path_ends(
    scenario: &Scenario,
    catalogue: &Catalogue,
    graph: &StepGraph,
    report: &mut Report,
) {
    let conditions = scenario.branch_conditions();
    if conditions.len() > MAX_CONDITIONS {
        report.push(
            Code::E020,
            &crate::path!["stages"],
            format!(
                "分支条件有 {} 种，超过上限 {MAX_CONDITIONS}",
                conditions.len()
            ),
            "减少 StaffBusy 涉及的同事，或把案例拆开。",
        );
        return;
    }
    let mut reported = BTreeSet::new();
    for mask in 0u32..(1 << conditions.len()) {
        let holds = |c: &Condition| {
            conditions
                .iter()
                .position(|k| k == c)
                .is_some_and(|i| mask & (1 << i) != 0)
        };
        let mut visited = vec![false; graph.len()];
        let mut at = 0;
        loop {
            if visited[at] {
                if reported.insert(at) {
                    report.push(
                        Code::E007,
                        &step_path(graph, at),
                        format!(
                            "按最佳选项走，会在步骤 “{}” 处无限循环",
                            graph.step(scenario, at).id()
                        ),
                        "最佳选项的 next 不能把学员带回已经走过的步骤。",
                    );
                }
                break;
            }
            visited[at] = true;
            let next = match graph.step(scenario, at) {
                Step::End(e) if e.next.is_none() => break,
                Step::End(e) => e.next.as_ref(),
                Step::Branch(b) => Some(
                    b.cases
                        .iter()
                        .find(|c| holds(&c.when))
                        .map_or(&b.otherwise, |c| &c.next),
                ),
                Step::Script(s) | Step::MorningMeeting(s) => {
                    best_option(catalogue, s.points, &s.options)
                        .and_then(|i| s.options[i].next.as_ref())
                        .or(s.next.as_ref())
                }
                other => other.explicit_next(),
            };
            match graph.resolve(at, next) {
                Some(Target::Step(n)) => at = n,
                _ => break,
            }
        }
    }
}
