//! `liandong lint`: teaching advice beyond validity. A case can be valid and still teach
//! little: a choice with one sensible answer, feedback that does not say why, a red line it
//! names but never lets a trainee cross.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Case;
use super::catalogue::Severity;
use super::diagnostic::Location;
use super::locate::{SourceMap, ValuePath};
use super::model::{ActionKind, Grade, ScriptOption, Step};
use crate::path;

/// Stable codes of the teaching advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum LintCode {
    /// Every alternative to the model answer is a red line: no plausible distractor.
    L001,
    /// Feedback too short to say why.
    L002,
    /// A red-line rule the case cites but never lets a trainee break.
    L003,
    /// A stage without any scored decision: its role cannot be practised alone.
    L004,
    /// The best line is the longest in most steps: length gives the answer away.
    L005,
    /// A handoff action's words give its place in the order away (先…, 再…, 最后…).
    L006,
}

/// Words that tell where an action goes in a sequence; 先生 is a form of address, not an order.
const ORDER_WORDS: [&str; 11] = [
    "先", "再", "然后", "最后", "接着", "随后", "之后", "首先", "第一", "第二", "第三",
];

/// The order word a text uses, if any.
fn order_word(text: &str) -> Option<&'static str> {
    let plain = text.replace("先生", "");
    ORDER_WORDS.iter().copied().find(|w| plain.contains(w))
}

/// Feedback shorter than this (in characters) cannot explain a rule.
const MIN_FEEDBACK_CHARS: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: LintCode,
    pub line: usize,
    pub column: usize,
    /// Byte offset in the case text, to find the cell of a case read from a workbook.
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// Lints a valid case; `source` is its text, for locations.
pub fn lint(case: &Case, source: &str) -> Vec<Finding> {
    let map = SourceMap::build(source);
    let mut found = Vec::new();
    let mut push = |code, at: &ValuePath, message: String, hint: &str| {
        let Location {
            line,
            column,
            offset,
        } = map.locate(at);
        found.push(Finding {
            code,
            line,
            column,
            offset,
            message,
            hint: hint.to_owned(),
        });
    };
    let scenario = &case.scenario;
    let mut cited = BTreeSet::new();
    let mut tested = BTreeSet::new();
    // script steps with two or more lines, and those whose best line is strictly the longest
    let (mut compared, mut best_longest) = (0usize, 0usize);
    for (s, stage) in scenario.stages.iter().enumerate() {
        if !stage.steps.iter().any(Step::is_decision) {
            push(
                LintCode::L004,
                &path!["stages", s],
                format!("“{}”环节没有计分的决定", stage.title),
                "单独演练这个岗位时学员无事可做：加一个识别或话术步骤，或把叙述并入相邻环节。",
            );
        }
        for (k, step) in stage.steps.iter().enumerate() {
            let at = path!["stages", s, "steps", k];
            let mut options = |list: &[ScriptOption], key: &str| {
                for (i, option) in list.iter().enumerate() {
                    cited.extend(option.rule.clone());
                    if option.grade == Grade::RedLine {
                        tested.extend(option.rule.clone());
                    }
                    let short = option.feedback.chars().count() < MIN_FEEDBACK_CHARS;
                    if short && !option.feedback.is_empty() {
                        push(
                            LintCode::L002,
                            &at.at(key).at(i).at("feedback"),
                            format!("反馈“{}”太短，说不清为什么", option.feedback),
                            "写出背后的规则或后果，例如“……客户会觉得被盯着，也泄露了隐私”。",
                        );
                    }
                }
            };
            match step {
                Step::Script(script) => {
                    options(&script.options, "options");
                    let length = |o: &ScriptOption| o.text.chars().count();
                    if script.options.len() >= 2
                        && let Some(best) = script.options.iter().find(|o| o.grade == Grade::Best)
                    {
                        compared += 1;
                        let others = script
                            .options
                            .iter()
                            .filter(|o| !std::ptr::eq(*o, best))
                            .map(length)
                            .max()
                            .unwrap_or(0);
                        best_longest += usize::from(length(best) > others);
                    }
                    let plausible = script
                        .options
                        .iter()
                        .filter(|o| o.grade != Grade::RedLine)
                        .count();
                    if plausible <= 1 {
                        push(
                            LintCode::L001,
                            &at,
                            format!("步骤 “{}” 除了标准答案都是红线", script.id),
                            "加一个说得通但不够好的选项（Acceptable 或 Weak），学员才需要真正比较。",
                        );
                    }
                }
                Step::MorningMeeting(meeting) => options(&meeting.options, "options"),
                Step::TrackingSheet(form) | Step::ReferralRecord(form) => {
                    cited.extend(form.rule.clone());
                    for choice in form.fields.iter().flat_map(|f| &f.choices) {
                        cited.extend(choice.rule.clone());
                        if !choice.correct {
                            tested.extend(choice.rule.clone());
                        }
                    }
                }
                Step::ReferralCard(card) => {
                    options(&card.route, "route");
                    cited.extend(card.rule.clone());
                    for choice in card.fields.iter().flat_map(|f| &f.choices) {
                        cited.extend(choice.rule.clone());
                        if !choice.correct {
                            tested.extend(choice.rule.clone());
                        }
                    }
                }
                Step::Handoff(handoff) => {
                    for (i, action) in handoff.actions.iter().enumerate() {
                        if let Some(word) = order_word(&action.text) {
                            push(
                                LintCode::L006,
                                &at.at("actions").at(i).at("text"),
                                format!("动作“{}”里的“{word}”泄露了它的先后位置", action.text),
                                "动作只写做什么，不写第几步：排顺序正是学员要练的。",
                            );
                        }
                        cited.extend(action.rule.clone());
                        if action.kind == ActionKind::RedLine {
                            tested.extend(action.rule.clone());
                        }
                    }
                    for constraint in &handoff.order {
                        cited.extend(constraint.rule.clone());
                    }
                }
                _ => {}
            }
        }
    }
    if compared >= 2 && best_longest * 2 > compared {
        push(
            LintCode::L005,
            &ValuePath::root(),
            format!("{compared} 个话术步骤里有 {best_longest} 个的最佳选项是最长的一句"),
            "学员会学会“挑最长的”：把一些最佳选项写得精炼，把一些欠佳或错误的选项写得啰嗦。",
        );
    }
    for rule in cited.difference(&tested) {
        let red = case
            .catalogue
            .rule(rule)
            .is_some_and(|r| r.severity == Severity::RedLine);
        if red {
            push(
                LintCode::L003,
                &ValuePath::root(),
                format!("案例引用了红线规则 “{rule}”，却没有一个能触犯它的选项"),
                "加一个评为 RedLine、引用这条规则的选项，让学员在安全的环境里见识这条红线。",
            );
        }
    }
    found.sort_by_key(|f| (f.line, f.column, f.code));
    found
}
