//! Identification: the tier (with credit for an adjacent tier), then cues and needs by
//! precision and recall, so flagging everything earns no more than flagging nothing.

use std::collections::BTreeSet;

use super::{AnswerError, DecisionScore};
use crate::scenario::ids::{CueId, NeedId, StepId};
use crate::scenario::model::{Identify, Tier};
use crate::scenario::{Case, Variant};

pub(super) fn score(
    case: &Case,
    variant: &Variant,
    step: &Identify,
    tier: Option<Tier>,
    cues: &[CueId],
    needs: &[NeedId],
    score: &mut DecisionScore,
) -> Result<(), AnswerError> {
    let customer = &case.scenario.customer;
    let mut parts = Vec::new();
    let mut said = Vec::new();

    if step.tier {
        let truth = customer.tier;
        let credit = match tier {
            Some(t) if t == truth => 1.0,
            Some(t) if t.rank().abs_diff(truth.rank()) == 1 => case.catalogue.adjacent_tier_credit,
            _ => 0.0,
        };
        said.push(format!("层级：{}", tier.map_or("未选", Tier::label)));
        if credit < 1.0 {
            let band = case
                .catalogue
                .band(truth)
                .map(|b| format!("（{}）", b.note))
                .unwrap_or_default();
            score.feedback.push(format!(
                "客户层级应判断为“{}”{band}{}",
                truth.label(),
                if credit > 0.0 {
                    "，你的判断只差一级，得一半分"
                } else {
                    ""
                }
            ));
        }
        parts.push(credit);
    }

    if !step.cues.is_empty() {
        let items: Vec<Pickable<'_, CueId>> = customer
            .cues
            .iter()
            .filter(|c| step.cues.contains(&c.id))
            .map(|c| Pickable {
                id: &c.id,
                text: &c.text,
                why: &c.why,
                wanted: c.significant,
            })
            .collect();
        let wording = Wording {
            kind: "线索",
            not_shown: |step: &StepId, cue: &CueId| AnswerError::CueNotShown {
                step: step.clone(),
                cue: cue.clone(),
            },
            missed: "漏看了线索",
            extra: "这条不是关键线索",
        };
        let (share, names) =
            score_picks(&step.id, &step.cues, cues, &items, &wording, variant, score)?;
        parts.push(share);
        said.push(names);
    }

    if !step.needs.is_empty() {
        let items: Vec<Pickable<'_, NeedId>> = customer
            .needs
            .iter()
            .filter(|n| step.needs.contains(&n.id))
            .map(|n| Pickable {
                id: &n.id,
                text: &n.text,
                why: &n.why,
                wanted: n.real,
            })
            .collect();
        let wording = Wording {
            kind: "需求",
            not_shown: |step: &StepId, need: &NeedId| AnswerError::NeedNotShown {
                step: step.clone(),
                need: need.clone(),
            },
            missed: "漏掉了需求",
            extra: "客户并没有这个需求",
        };
        let (share, names) = score_picks(
            &step.id,
            &step.needs,
            needs,
            &items,
            &wording,
            variant,
            score,
        )?;
        parts.push(share);
        said.push(names);
    }

    score.answer = said.join("；");
    let share = if parts.is_empty() {
        0.0
    } else {
        parts.iter().sum::<f64>() / parts.len() as f64
    };
    score.earned = score.max * share;
    if share >= 1.0 {
        score
            .feedback
            .push("识别准确：层级、线索和需求都看到了。".to_owned());
    }
    Ok(())
}

/// A cue or need as the trainee saw it.
struct Pickable<'a, Id> {
    id: &'a Id,
    text: &'a str,
    why: &'a str,
    /// A significant cue, or a real need.
    wanted: bool,
}

/// How feedback names one kind of pick, and the error for a pick that was not shown.
struct Wording<Id> {
    kind: &'static str,
    not_shown: fn(&StepId, &Id) -> AnswerError,
    missed: &'static str,
    extra: &'static str,
}

/// Scores one multi-choice part (cues or needs): the F1 share, and the picks in words.
/// Every miss and every wrong pick gets its `why` as feedback.
fn score_picks<Id: Ord + std::fmt::Display>(
    step: &StepId,
    shown: &[Id],
    picked: &[Id],
    items: &[Pickable<'_, Id>],
    wording: &Wording<Id>,
    variant: &Variant,
    score: &mut DecisionScore,
) -> Result<(f64, String), AnswerError> {
    if let Some(stray) = picked.iter().find(|id| !shown.contains(id)) {
        return Err((wording.not_shown)(step, stray));
    }
    let chosen: BTreeSet<&Id> = picked.iter().collect();
    let wanted: BTreeSet<&Id> = items.iter().filter(|i| i.wanted).map(|i| i.id).collect();
    let mut names = Vec::new();
    for item in items {
        let was_chosen = chosen.contains(item.id);
        if was_chosen {
            names.push(variant.render(item.text));
        }
        if was_chosen != item.wanted {
            let lead = if item.wanted {
                wording.missed
            } else {
                wording.extra
            };
            score.feedback.push(explained(
                lead,
                &variant.render(item.text),
                &variant.render(item.why),
            ));
        }
    }
    Ok((
        f1(&chosen, &wanted),
        format!("{}：{}", wording.kind, joined(&names)),
    ))
}

/// Harmonic mean of precision and recall; choosing nothing when nothing matters is perfect.
fn f1<T: Ord>(picked: &BTreeSet<T>, wanted: &BTreeSet<T>) -> f64 {
    if wanted.is_empty() {
        return if picked.is_empty() { 1.0 } else { 0.0 };
    }
    let hits = picked.intersection(wanted).count() as f64;
    if hits == 0.0 {
        return 0.0;
    }
    let precision = hits / picked.len() as f64;
    let recall = hits / wanted.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

fn explained(lead: &str, text: &str, why: &str) -> String {
    if why.is_empty() {
        format!("{lead}：{text}")
    } else {
        format!("{lead}：{text}。{why}")
    }
}

fn joined(items: &[String]) -> String {
    if items.is_empty() {
        "（无）".to_owned()
    } else {
        items.join("、")
    }
}
