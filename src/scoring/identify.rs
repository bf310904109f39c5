//! Identification: the tier (with credit for an adjacent tier), then cues and needs by
//! precision and recall, so flagging everything earns no more than flagging nothing.

use std::collections::BTreeSet;

use super::{AnswerError, DecisionScore};
use crate::scenario::ids::{CueId, NeedId};
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
        for id in cues {
            if !step.cues.contains(id) {
                return Err(AnswerError(format!("步骤 {} 没有展示线索 {id}", step.id)));
            }
        }
        let picked: BTreeSet<&CueId> = cues.iter().collect();
        let wanted: BTreeSet<&CueId> = step
            .cues
            .iter()
            .filter(|id| customer.cues.iter().any(|c| &c.id == *id && c.significant))
            .collect();
        parts.push(f1(&picked, &wanted));
        let mut names = Vec::new();
        for cue in customer.cues.iter().filter(|c| step.cues.contains(&c.id)) {
            let chosen = picked.contains(&cue.id);
            if chosen {
                names.push(variant.render(&cue.text));
            }
            if chosen != cue.significant {
                let lead = if cue.significant {
                    "漏看了线索"
                } else {
                    "这条不是关键线索"
                };
                score.feedback.push(explained(
                    lead,
                    &variant.render(&cue.text),
                    &variant.render(&cue.why),
                ));
            }
        }
        said.push(format!("线索：{}", joined(&names)));
    }

    if !step.needs.is_empty() {
        for id in needs {
            if !step.needs.contains(id) {
                return Err(AnswerError(format!("步骤 {} 没有列出需求 {id}", step.id)));
            }
        }
        let picked: BTreeSet<&NeedId> = needs.iter().collect();
        let wanted: BTreeSet<&NeedId> = step
            .needs
            .iter()
            .filter(|id| customer.needs.iter().any(|n| &n.id == *id && n.real))
            .collect();
        parts.push(f1(&picked, &wanted));
        let mut names = Vec::new();
        for need in customer.needs.iter().filter(|n| step.needs.contains(&n.id)) {
            let chosen = picked.contains(&need.id);
            if chosen {
                names.push(variant.render(&need.text));
            }
            if chosen != need.real {
                let lead = if need.real {
                    "漏掉了需求"
                } else {
                    "客户并没有这个需求"
                };
                score.feedback.push(explained(
                    lead,
                    &variant.render(&need.text),
                    &variant.render(&need.why),
                ));
            }
        }
        said.push(format!("需求：{}", joined(&names)));
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
