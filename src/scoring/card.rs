//! The referral card: four fields filled, one choice made, and where the card goes. The card
//! is only as good as its worst part, and a field that lets the customer write on it or take
//! it is a red line.

use super::{AnswerError, DecisionScore, apply_option, option_effect, push_once};
use crate::scenario::catalogue::MoodChange;
use crate::scenario::model::{Grade, ReferralCard};
use crate::scenario::points::option_points;
use crate::scenario::{Case, Variant};

pub(super) fn score(
    case: &Case,
    variant: &Variant,
    card: &ReferralCard,
    fields: &[usize],
    route: usize,
    score: &mut DecisionScore,
) -> Result<(), AnswerError> {
    if fields.len() != card.fields.len() {
        return Err(AnswerError::CardFields {
            step: card.id.clone(),
            fields: card.fields.len(),
            given: fields.len(),
        });
    }
    let moods = &case.catalogue.customer_state;
    let parts = (card.fields.len() + 1) as f64;
    let mut correct = 0.0;
    let mut filled = Vec::new();
    let mut worst_field = Grade::Best;
    let mut field_effect = MoodChange::default();
    let mut thoughts = Vec::new();
    for (field, &choice) in card.fields.iter().zip(fields) {
        let picked = field
            .choices
            .get(choice)
            .ok_or_else(|| AnswerError::NoSuchChoice {
                step: card.id.clone(),
                field: field.field,
                choice: choice.saturating_add(1),
            })?;
        filled.push(format!(
            "{}：{}",
            field.field.label(),
            variant.render(&picked.text)
        ));
        if !picked.thought.is_empty() {
            thoughts.push(variant.render(&picked.thought));
        }
        let red = !picked.correct
            && picked
                .rule
                .as_ref()
                .is_some_and(|r| case.catalogue.is_red_line(r));
        let default = if red {
            moods.grades.red_line
        } else {
            MoodChange::default()
        };
        field_effect += default.overridden(picked.trust, picked.patience);
        if picked.correct {
            correct += 1.0;
            continue;
        }
        worst_field = worst_field.max(if red { Grade::RedLine } else { Grade::Wrong });
        if let Some(rule) = picked.rule.as_ref().or(card.rule.as_ref()) {
            push_once(&mut score.broken, rule);
            if red {
                push_once(&mut score.red_lines, rule);
            }
        }
        let right = field.choices.iter().find(|c| c.correct);
        let mut note = format!("“{}”栏填得不对", field.field.label());
        if let Some(right) = right {
            note.push_str(&format!("，应为：{}", variant.render(&right.text)));
        }
        if !picked.feedback.is_empty() {
            note.push_str(&format!("。{}", variant.render(&picked.feedback)));
        }
        score.feedback.push(note);
    }
    let option = card
        .route
        .get(route)
        .ok_or_else(|| AnswerError::NoSuchRoute {
            step: card.id.clone(),
            route: route.saturating_add(1),
        })?;
    filled.push(format!("卡片去向：{}", variant.render(&option.text)));
    score.answer = filled.join("；");
    score.reaction = variant.render(&option.reaction);
    let route_share =
        option_points(&case.catalogue, card.points, option) / f64::from(card.points.max(1));
    score.earned = f64::from(card.points) * (correct + route_share) / parts;
    // the fields' red lines come first; the route's are added after them
    let field_red_line = score.red_lines.first().cloned();
    apply_option(case, variant, option, score);
    score.effect = option_effect(case, option, score.grade) + field_effect;
    thoughts.extend((!score.thought.is_empty()).then(|| std::mem::take(&mut score.thought)));
    score.thought = thoughts.join("");
    let route_grade = score.grade.unwrap_or(Grade::Best);
    score.grade = Some(route_grade.max(worst_field));
    if let Some(red_rule) = field_red_line {
        score.rule = Some(red_rule);
    } else if route_grade == Grade::Best || option.rule.is_none() {
        // a good route teaches the card rule; a bad one teaches the rule it broke
        score.rule = card.rule.clone().or(score.rule.take());
    }
    Ok(())
}
