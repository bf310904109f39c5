//! The handoff builder: which actions were chosen (coverage) and in what order (precedence),
//! with every violated constraint said in words.

use super::{AnswerError, DecisionScore};
use crate::scenario::Variant;
use crate::scenario::ids::ActionId;
use crate::scenario::model::{ActionKind, Grade, Handoff};

pub(super) fn score(
    variant: &Variant,
    step: &Handoff,
    sequence: &[ActionId],
    score: &mut DecisionScore,
) -> Result<(), AnswerError> {
    let mut chosen = Vec::with_capacity(sequence.len());
    for id in sequence {
        let action = step
            .actions
            .iter()
            .find(|a| &a.id == id)
            .ok_or_else(|| AnswerError(format!("交接步骤 {} 没有动作 {id}", step.id)))?;
        if chosen
            .iter()
            .any(|c: &&crate::scenario::model::HandoffAction| c.id == *id)
        {
            return Err(AnswerError(format!("动作 {id} 选了两次")));
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

    for action in &required {
        if position(&action.id).is_none() {
            score
                .violations
                .push(format!("漏了一步：{}", variant.render(&action.text)));
        }
    }
    for action in chosen.iter().filter(|a| a.kind != ActionKind::Required) {
        let mut note = format!("多做了一步：{}", variant.render(&action.text));
        if !action.feedback.is_empty() {
            note.push_str(&format!("。{}", variant.render(&action.feedback)));
        }
        score.violations.push(note);
        if action.kind == ActionKind::RedLine
            && let Some(rule) = &action.rule
        {
            score.red_lines.push(rule.clone());
        }
    }

    let mut satisfied = 0;
    for constraint in &step.order {
        match (position(&constraint.before), position(&constraint.after)) {
            (Some(b), Some(a)) if b < a => satisfied += 1,
            (_, Some(_)) => score.violations.push(if constraint.message.is_empty() {
                format!(
                    "“{}”应在“{}”之前",
                    text(&constraint.before),
                    text(&constraint.after)
                )
            } else {
                variant.render(&constraint.message)
            }),
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
    score.rule = chosen
        .iter()
        .find(|a| a.kind == ActionKind::RedLine)
        .and_then(|a| a.rule.clone())
        .or_else(|| step.order.iter().find_map(|c| c.rule.clone()));
    if share >= 1.0 {
        score
            .feedback
            .push("交接完整，顺序正确：人、信息、信任都交到了。".to_owned());
    }
    Ok(())
}
