//! Warnings for teaching gaps: the case works, but a trainee learns less from it.

use super::Report;
use crate::path;
use crate::scenario::catalogue::Catalogue;
use crate::scenario::diagnostic::Code;
use crate::scenario::locate::ValuePath;
use crate::scenario::model::{ActionKind, Grade, Role, Scenario, ScriptOption, Step};

pub(super) fn check(scenario: &Scenario, catalogue: &Catalogue, report: &mut Report) {
    let mut has_red_line = false;
    for (s, stage) in scenario.stages.iter().enumerate() {
        for (k, step) in stage.steps.iter().enumerate() {
            let at = path!["stages", s, "steps", k];
            let mut options = |list: &[ScriptOption], key: &str, report: &mut Report| {
                for (i, option) in list.iter().enumerate() {
                    let here = at.at(key).at(i);
                    has_red_line |= option.grade == Grade::RedLine;
                    if option.feedback.trim().is_empty() {
                        no_feedback(&here, report);
                    }
                    forbidden_in_good_line(catalogue, option, &here, report);
                }
            };
            match step {
                Step::Script(script) | Step::MorningMeeting(script) => {
                    options(&script.options, "options", report)
                }
                Step::TrackingSheet(form) | Step::ReferralRecord(form) => {
                    // an entry that is wrong whatever happened says why; one that depends on
                    // the run is answered by the true entry of that run
                    for (f, field) in form.fields.iter().enumerate() {
                        for (i, choice) in field.choices.iter().enumerate() {
                            if !choice.correct
                                && !choice.is_conditional()
                                && choice.feedback.trim().is_empty()
                            {
                                no_feedback(&at.at("fields").at(f).at("choices").at(i), report);
                            }
                        }
                    }
                }
                Step::ReferralCard(card) => {
                    options(&card.route, "route", report);
                    has_red_line |= card.fields.iter().flat_map(|f| &f.choices).any(|c| {
                        !c.correct && c.rule.as_ref().is_some_and(|r| catalogue.is_red_line(r))
                    });
                }
                Step::Handoff(h) => {
                    for (i, action) in h.actions.iter().enumerate() {
                        has_red_line |= action.kind == ActionKind::RedLine;
                        if action.kind != ActionKind::Required && action.feedback.trim().is_empty()
                        {
                            no_feedback(&at.at("actions").at(i), report);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if !has_red_line {
        report.push(
            Code::W002,
            &ValuePath::root(),
            "这个案例没有任何红线陷阱",
            "至少放一个 grade: RedLine 的选项（如未经询问报出余额、把转介卡交给客户），学员才会在安全的环境里见识红线。",
        );
    }
    for receiver in &scenario.customer.receivers {
        if !scenario.stages.iter().any(|s| s.role == *receiver) {
            report.push(
                Code::W004,
                &path!["customer", "receivers"],
                format!("适合的接收岗位“{}”没有对应的环节", receiver.label()),
                "为它加一个环节，或从 receivers 里去掉。",
            );
        }
    }
    let receivers_known = scenario.customer.receivers.iter().all(|r| {
        matches!(
            r,
            Role::WealthManager | Role::CorporateManager | Role::OpenCounterTeller
        )
    });
    if !receivers_known {
        report.push(
            Code::W004,
            &path!["customer", "receivers"],
            "receivers 里有不负责接收客户的岗位",
            "接收人通常是理财经理、对公客户经理或低柜柜员。",
        );
    }
    for (i, cue) in scenario.customer.cues.iter().enumerate() {
        if cue.why.trim().is_empty() {
            no_why(&path!["customer", "cues", i], report);
        }
    }
    for (i, need) in scenario.customer.needs.iter().enumerate() {
        if need.why.trim().is_empty() {
            no_why(&path!["customer", "needs", i], report);
        }
    }
}

fn no_feedback(at: &ValuePath, report: &mut Report) {
    report.push(
        Code::W001,
        at,
        "这个选项没有反馈",
        "写一句 feedback，说明好在哪里或错在哪里，学员才知道背后的规则。",
    );
}

fn no_why(at: &ValuePath, report: &mut Report) {
    report.push(
        Code::W005,
        at,
        "这条线索或需求没有说明 why",
        "写一句 why：为什么它重要（或为什么它只是干扰项）。",
    );
}

/// A line the model answer could use must not contain a forbidden marketing phrasing.
fn forbidden_in_good_line(
    catalogue: &Catalogue,
    option: &ScriptOption,
    at: &ValuePath,
    report: &mut Report,
) {
    if !matches!(option.grade, Grade::Best | Grade::Acceptable) {
        return;
    }
    if let Some(found) = catalogue.forbidden_in(&option.text) {
        report.push(
            Code::W006,
            &at.at("text"),
            format!(
                "评为 {:?} 的选项用了违规说法“{}”",
                option.grade, found.phrase
            ),
            "换一种如实的说法；学员在演练中选了这句话，会按红线处理。",
        );
    }
}
