//! The handoff builder: which actions were chosen (coverage) and in what order (precedence),
//! with every violated constraint said in words.

use super::{AnswerError, DecisionScore, push_once};
use crate::scenario::catalogue::MoodChange;
use crate::scenario::ids::{ActionId, RuleId};
use crate::scenario::model::{ActionKind, Grade, Handoff};
use crate::scenario::{Case, Variant};

pub(super) fn score(
    case: &Case,
    variant: &Variant,
    step: &Handoff,
    sequence: &[ActionId],
    score: &mut DecisionScore,
) -> Result<(), AnswerError> {
    let mut chosen = Vec::with_capacity(sequence.len());
    for id in sequence {
        let action =
            step.actions
                .iter()
                .find(|a| &a.id == id)
                .ok_or_else(|| AnswerError::NoSuchAction {
                    step: step.id.clone(),
                    action: id.clone(),
                })?;
        if chosen
            .iter()
            .any(|c: &&crate::scenario::model::HandoffAction| c.id == *id)
        {
            return Err(AnswerError::ActionTwice {
                step: step.id.clone(),
                action: id.clone(),
            });
        }
        chosen.push(action);
    }
    let position = |id: &ActionId| chosen.iter().position(|a| &a.id == id);
    let text = |id: &ActionId| {
        step.actions
            .iter()
            .find(|a| &a.id == id)
            .map(|a| variant.render(&a.text))
            .unwrap_or_else(|| id.to_string())
    };

    let required: Vec<_> = step
        .actions
        .iter()
        .filter(|a| a.kind == ActionKind::Required)
        .collect();
    let present = required
        .iter()
        .filter(|a| position(&a.id).is_some())
        .count();
    let extras = chosen
        .iter()
        .filter(|a| a.kind != ActionKind::Required)
        .count();
    let coverage = if required.is_empty() {
        1.0
    } else {
        ((present as f64 - extras as f64) / required.len() as f64).max(0.0)
    };

    // each problem names the rule it breaks, so the debrief and the 错题集 cite that rule
    let rule_title = |rule: Option<&RuleId>| {
        rule.and_then(|r| case.catalogue.rule(r))
            .map(|r| format!("（{}）", r.title))
            .unwrap_or_default()
    };
    let mut missing_rules = Vec::new();
    for action in &required {
        if position(&action.id).is_none() {
            score.violations.push(format!(
                "漏了一步：{}{}",
                variant.render(&action.text),
                rule_title(action.rule.as_ref())
            ));
            missing_rules.extend(action.rule.clone());
        }
    }
    let moods = &case.catalogue.customer_state;
    let mut effect = MoodChange::default();
    let mut extra_rules = Vec::new();
    let mut thoughts = Vec::new();
    for action in &chosen {
        if !action.thought.is_empty() {
            thoughts.push(variant.render(&action.thought));
        }
        // a required action moves the customer only when its author says so, and a red-line
        // one weighs through the step's grade below; an extra action costs on its own
        let default = match action.kind {
            ActionKind::Distractor => moods.extra_action,
            ActionKind::Required | ActionKind::RedLine => MoodChange::default(),
        };
        effect += default.overridden(action.trust, action.patience);
    }
    for action in chosen.iter().filter(|a| a.kind != ActionKind::Required) {
        let mut note = format!("多做了一步：{}", variant.render(&action.text));
        if !action.feedback.is_empty() {
            note.push_str(&format!("。{}", variant.render(&action.feedback)));
        }
        note.push_str(&rule_title(action.rule.as_ref()));
        score.violations.push(note);
        if let Some(rule) = &action.rule {
            extra_rules.push(rule.clone());
            if action.kind == ActionKind::RedLine {
                push_once(&mut score.red_lines, rule);
            }
        }
    }

    let mut satisfied = 0;
    let mut order_rules = Vec::new();
    for constraint in &step.order {
        match (position(&constraint.before), position(&constraint.after)) {
            (Some(b), Some(a)) if b < a => satisfied += 1,
            (_, Some(_)) => {
                let said = if constraint.message.is_empty() {
                    format!(
                        "“{}”应在“{}”之前",
                        text(&constraint.before),
                        text(&constraint.after)
                    )
                } else {
                    variant.render(&constraint.message)
                };
                score
                    .violations
                    .push(format!("{said}{}", rule_title(constraint.rule.as_ref())));
                effect += moods.order_slip;
                order_rules.extend(constraint.rule.clone());
            }
            // the missing `after` step is already reported above
            (_, None) => {}
        }
    }
    let share = if step.order.is_empty() {
        coverage
    } else {
        (coverage + satisfied as f64 / step.order.len() as f64) / 2.0
    };
    score.earned = score.max * share;
    score.answer = chosen
        .iter()
        .map(|a| variant.render(&a.text))
        .collect::<Vec<_>>()
        .join(" → ");
    score.grade = Some(if !score.red_lines.is_empty() {
        Grade::RedLine
    } else if share >= 1.0 {
        Grade::Best
    } else if share >= 0.6 {
        Grade::Acceptable
    } else if share > 0.0 {
        Grade::Weak
    } else {
        Grade::Wrong
    });
    score.effect = effect + moods.grades.of(score.grade.unwrap_or(Grade::Wrong));
    score.thought = thoughts.join("");
    // the rule to learn: the red line crossed, else the first rule actually broken; a perfect
    // handoff teaches the rule of its first constraint
    let red_line_rule = chosen
        .iter()
        .find(|a| a.kind == ActionKind::RedLine)
        .and_then(|a| a.rule.clone());
    for rule in red_line_rule
        .iter()
        .chain(&order_rules)
        .chain(&missing_rules)
        .chain(&extra_rules)
    {
        push_once(&mut score.broken, rule);
    }
    score.rule = score
        .broken
        .first()
        .cloned()
        .or_else(|| step.order.iter().find_map(|c| c.rule.clone()));
    if share >= 1.0 {
        score
            .feedback
            .push("交接完整，顺序正确：人、信息、信任都交到了。".to_owned());
    }
    Ok(())
}
