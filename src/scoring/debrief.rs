//! From scored decisions to the debrief: per-dimension scores, weighted total, red lines, pass.

use serde::{Deserialize, Serialize};

use super::{DecisionScore, Dimension};
use crate::scenario::Case;
use crate::scenario::ids::{RuleId, StepId};

/// Per-dimension scores, 0–100; `None` where the played role made no such decision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DimensionScores {
    pub identification: Option<f64>,
    pub script: Option<f64>,
    pub handoff: Option<f64>,
}

impl DimensionScores {
    pub fn get(&self, dimension: Dimension) -> Option<f64> {
        match dimension {
            Dimension::Identification => self.identification,
            Dimension::Script => self.script,
            Dimension::Handoff => self.handoff,
        }
    }
}

/// A red line crossed, with the rule that explains it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedLineHit {
    pub rule: RuleId,
    pub title: String,
    pub explanation: String,
    pub step: StepId,
}

/// The scored, explained result of one playthrough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub scenario: String,
    pub title: String,
    pub seed: u64,
    pub role: String,
    pub total: f64,
    pub passed: bool,
    pub pass_mark: u32,
    pub dimensions: DimensionScores,
    /// Rule ids of the red lines crossed.
    pub red_lines: Vec<RuleId>,
    pub red_line_details: Vec<RedLineHit>,
    pub decisions: Vec<DecisionScore>,
}

/// Rounds to one decimal, the precision the debrief shows.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Weighs the dimensions by the case's rubric (renormalised over the dimensions that were
/// played) and fails the case on any red line, whatever the total.
pub fn debrief(case: &Case, seed: u64, role: &str, decisions: Vec<DecisionScore>) -> Debrief {
    let dimension_score = |dimension: Dimension| {
        let (earned, max) = decisions
            .iter()
            .filter(|d| d.dimension == dimension)
            .fold((0.0, 0.0), |(e, m), d| (e + d.earned, m + d.max));
        (max > 0.0).then(|| round1(100.0 * earned / max))
    };
    let dimensions = DimensionScores {
        identification: dimension_score(Dimension::Identification),
        script: dimension_score(Dimension::Script),
        handoff: dimension_score(Dimension::Handoff),
    };
    let rubric = case.rubric;
    let weight = |d: Dimension| {
        f64::from(match d {
            Dimension::Identification => rubric.identification,
            Dimension::Script => rubric.script,
            Dimension::Handoff => rubric.handoff,
        })
    };
    let (weighted, weights) = Dimension::ALL
        .iter()
        .filter_map(|d| dimensions.get(*d).map(|s| (s * weight(*d), weight(*d))))
        .fold((0.0, 0.0), |(a, b), (s, w)| (a + s, b + w));
    let total = if weights > 0.0 {
        round1(weighted / weights)
    } else {
        0.0
    };

    let mut red_lines = Vec::new();
    let mut red_line_details = Vec::new();
    for decision in &decisions {
        for rule_id in &decision.red_lines {
            if !red_lines.contains(rule_id) {
                red_lines.push(rule_id.clone());
            }
            let rule = case.catalogue.rule(rule_id);
            red_line_details.push(RedLineHit {
                rule: rule_id.clone(),
                title: rule.map(|r| r.title.clone()).unwrap_or_default(),
                explanation: rule.map(|r| r.explanation.clone()).unwrap_or_default(),
                step: decision.step.clone(),
            });
        }
    }
    Debrief {
        scenario: case.scenario.id.clone(),
        title: case.scenario.title.clone(),
        seed,
        role: role.to_owned(),
        total,
        passed: red_lines.is_empty() && total >= f64::from(rubric.pass_mark),
        pass_mark: rubric.pass_mark,
        dimensions,
        red_lines,
        red_line_details,
        decisions,
    }
}
