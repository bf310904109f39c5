//! A row of a follow-up form (the receiver's tracking sheet, the referrer's record), graded
//! column by column against what happened in this run: a customer who declined gets a row
//! too, and its right entries are those of a decline.

use super::{AnswerError, DecisionScore, push_once};
use crate::scenario::model::{Condition, Form, FormChoice, Grade, Outcome};
use crate::scenario::{Case, Variant};

/// What a run had come to when a form is filled in: how the customer left and which of the
/// form's conditions hold. The right entry of a column is computed from these.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunFacts {
    pub outcome: Option<Outcome>,
    /// The conditions that hold in the run; `None` assumes every one holds (a form judged
    /// outside a run, e.g. the model answer of the case review).
    pub holding: Option<Vec<Condition>>,
}

impl RunFacts {
    /// Outside a run: the case's best ending, every condition holding (what the model path
    /// of a well-written case comes to).
    pub fn assumed(case: &Case) -> RunFacts {
        RunFacts {
            outcome: case.scenario.best_outcome(),
            holding: None,
        }
    }

    /// Whether `choice` is the true entry for this run.
    pub fn is_right(&self, choice: &FormChoice) -> bool {
        if choice.correct {
            return true;
        }
        if !choice.is_conditional() {
            return false;
        }
        let outcome = choice.outcomes.is_empty()
            || self.outcome.is_some_and(|o| choice.outcomes.contains(&o));
        let holds = |c: &Condition| {
            self.holding
                .as_ref()
                .is_none_or(|holding| holding.contains(c))
        };
        // outside a run every condition counts as holding, so an `unless` entry counts as not
        let unless = choice.unless.as_ref().is_none_or(|c| {
            self.holding
                .as_ref()
                .is_some_and(|holding| !holding.contains(c))
        });
        outcome && choice.when.as_ref().is_none_or(holds) && unless
    }

    /// The first right entry of each column (the model answer), 0 where none is right.
    pub fn model_row(&self, form: &Form) -> Vec<usize> {
        form.fields
            .iter()
            .map(|f| f.choices.iter().position(|c| self.is_right(c)).unwrap_or(0))
            .collect()
    }

    /// The first wrong entry of each column (the worst answer), 0 where every one is right.
    pub fn worst_row(&self, form: &Form) -> Vec<usize> {
        form.fields
            .iter()
            .map(|f| {
                f.choices
                    .iter()
                    .position(|c| !self.is_right(c))
                    .unwrap_or(0)
            })
            .collect()
    }
}

pub(super) fn score(
    case: &Case,
    variant: &Variant,
    form: &Form,
    row: &[usize],
    facts: &RunFacts,
    score: &mut DecisionScore,
) -> Result<(), AnswerError> {
    if row.len() != form.fields.len() {
        return Err(AnswerError::CardFields {
            step: form.id.clone(),
            fields: form.fields.len(),
            given: row.len(),
        });
    }
    let mut right = 0usize;
    let mut filled = Vec::new();
    let mut wrong = false;
    for (field, &choice) in form.fields.iter().zip(row) {
        let picked = field
            .choices
            .get(choice)
            .ok_or_else(|| AnswerError::NoSuchChoice {
                step: form.id.clone(),
                field: field.field,
                choice: choice.saturating_add(1),
            })?;
        filled.push(format!(
            "{}：{}",
            field.field.label(),
            variant.render(&picked.text)
        ));
        if facts.is_right(picked) {
            right += 1;
            continue;
        }
        wrong = true;
        if let Some(rule) = picked.rule.as_ref().or(form.rule.as_ref()) {
            push_once(&mut score.broken, rule);
            if case.catalogue.is_red_line(rule) {
                push_once(&mut score.red_lines, rule);
            }
        }
        let mut note = format!("“{}”栏填得不对", field.field.label());
        if let Some(true_entry) = field.choices.iter().find(|c| facts.is_right(c)) {
            note.push_str(&format!("，照实应为：{}", variant.render(&true_entry.text)));
            // an entry true for this run only: say which run it was
            if let (true, Some(outcome)) = (true_entry.is_conditional(), facts.outcome) {
                note.push_str(&format!("（这一单客户{}）", outcome.label()));
            }
        }
        if !picked.feedback.is_empty() {
            note.push_str(&format!("。{}", variant.render(&picked.feedback)));
        }
        score.feedback.push(note);
    }
    score.answer = filled.join("；");
    score.earned = f64::from(form.points) * right as f64 / form.fields.len().max(1) as f64;
    score.grade = Some(if !score.red_lines.is_empty() {
        Grade::RedLine
    } else if !wrong {
        Grade::Best
    } else if right * 2 >= form.fields.len() {
        Grade::Weak
    } else {
        Grade::Wrong
    });
    let broke = score.broken.first().cloned();
    score.rule = broke.or_else(|| form.rule.clone());
    Ok(())
}
