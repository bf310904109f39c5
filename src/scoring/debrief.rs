//! From scored decisions to the debrief: per-dimension scores, weighted total, red lines, pass.

use serde::{Deserialize, Serialize};

use super::{CustomerMood, DecisionScore, Dimension};
use crate::scenario::Case;
use crate::scenario::ids::{RuleId, StepId};
use crate::scenario::model::Outcome;

/// Where the case ended: the End step reached and the customer's state there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ending {
    pub step: Option<StepId>,
    pub outcome: Option<Outcome>,
    /// The customer's state when the case began and when it ended.
    pub start: CustomerMood,
    pub end: CustomerMood,
}

/// The moment that decided the ending, so the debrief can say why the customer turned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TurningPoint {
    /// A red line crossed at this decision (1 = the first decision of the run).
    RedLine { decision: usize, rule: RuleId },
    /// Trust fell to its lowest here.
    TrustFell { decision: usize, trust: u32 },
    /// Patience ran lowest here.
    PatienceRanOut { decision: usize, patience: u32 },
    /// Trust rose highest here.
    TrustRose { decision: usize, trust: u32 },
}

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
    /// How the customer left (none for a case stopped before any ending).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The customer's trust and patience at the end.
    #[serde(default)]
    pub trust: u32,
    #[serde(default)]
    pub patience: u32,
    /// Trust and patience when the case began, the curve's first point.
    #[serde(default)]
    pub start: CustomerMood,
    #[serde(default)]
    pub turning_point: Option<TurningPoint>,
    /// The referral points (转介积分) each role of the chain earned (set by the playthrough,
    /// which knows the whole run, the model's part included).
    #[serde(default)]
    pub referral: super::ReferralPoints,
}

impl Debrief {
    /// Why the customer ended the way they did, in a sentence ("信任在第 3 步降到 25，客户婉拒了").
    pub fn outcome_reason(&self, english: bool) -> String {
        let Some(outcome) = self.outcome else {
            return String::new();
        };
        let title = |rule: &RuleId| {
            self.red_line_details
                .iter()
                .find(|h| &h.rule == rule)
                .map_or_else(|| rule.to_string(), |h| h.title.clone())
        };
        let trust_after = |decision: usize| {
            self.decisions
                .get(decision - 1)
                .map_or(self.trust, |d| d.mood.trust)
        };
        // what turned the customer, in the interface's language; the ending follows it
        let lead = match (&self.turning_point, english) {
            (Some(TurningPoint::RedLine { decision, rule }), false) => format!(
                "第 {decision} 步触犯红线“{}”，信任跌到 {}",
                title(rule),
                trust_after(*decision)
            ),
            (Some(TurningPoint::RedLine { decision, rule }), true) => format!(
                "A red line at decision {decision} (“{}”) broke the customer's trust ({})",
                title(rule),
                trust_after(*decision)
            ),
            (Some(TurningPoint::TrustFell { decision, trust }), false) => {
                format!("信任在第 {decision} 步降到 {trust}")
            }
            (Some(TurningPoint::TrustFell { decision, trust }), true) => {
                format!("Trust fell to {trust} at decision {decision}")
            }
            (Some(TurningPoint::PatienceRanOut { decision, patience }), false) => {
                format!("耐心在第 {decision} 步只剩 {patience}")
            }
            (Some(TurningPoint::PatienceRanOut { decision, patience }), true) => {
                format!("Patience was down to {patience} at decision {decision}")
            }
            (Some(TurningPoint::TrustRose { decision, trust }), false) => {
                format!("信任在第 {decision} 步升到 {trust}")
            }
            (Some(TurningPoint::TrustRose { decision, trust }), true) => {
                format!("Trust rose to {trust} at decision {decision}")
            }
            (None, false) => format!("信任 {}、耐心 {}", self.trust, self.patience),
            (None, true) => format!("Trust {}, patience {}", self.trust, self.patience),
        };
        if english {
            format!("{lead}; in the end the customer {}.", outcome.label_en())
        } else {
            format!("{lead}，最终客户{}。", outcome.label())
        }
    }
}

/// The decision that explains the ending: the first red line; else, for a customer who did not
/// say yes, where trust or patience fell lowest; else where trust rose highest.
fn turning_point(decisions: &[DecisionScore], outcome: Option<Outcome>) -> Option<TurningPoint> {
    if let Some((i, d)) = decisions
        .iter()
        .enumerate()
        .find(|(_, d)| !d.red_lines.is_empty())
    {
        return Some(TurningPoint::RedLine {
            decision: i + 1,
            rule: d.red_lines[0].clone(),
        });
    }
    let numbered = || decisions.iter().enumerate().map(|(i, d)| (i + 1, d));
    if outcome.is_some_and(|o| !o.is_success()) {
        let lowest_trust = numbered().min_by_key(|(i, d)| (d.mood.trust, *i));
        let lowest_patience = numbered().min_by_key(|(i, d)| (d.mood.patience, *i));
        return match (lowest_trust, lowest_patience) {
            (Some((_, t)), Some((pi, p))) if p.mood.patience < t.mood.trust => {
                Some(TurningPoint::PatienceRanOut {
                    decision: pi,
                    patience: p.mood.patience,
                })
            }
            (Some((ti, t)), _) => Some(TurningPoint::TrustFell {
                decision: ti,
                trust: t.mood.trust,
            }),
            _ => None,
        };
    }
    numbered()
        .filter(|(_, d)| d.effect.trust > 0)
        .max_by_key(|(i, d)| (d.mood.trust, std::cmp::Reverse(*i)))
        .map(|(i, d)| TurningPoint::TrustRose {
            decision: i,
            trust: d.mood.trust,
        })
}

/// Rounds to one decimal, the precision the debrief shows.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Weighs the dimensions by the case's rubric (renormalised over the dimensions that were
/// played) and fails the case on any red line, whatever the total.
pub fn debrief(
    case: &Case,
    seed: u64,
    role: &str,
    decisions: Vec<DecisionScore>,
    ending: Ending,
) -> Debrief {
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
    let turning_point = turning_point(&decisions, ending.outcome);
    Debrief {
        outcome: ending.outcome,
        trust: ending.end.trust,
        patience: ending.end.patience,
        start: ending.start,
        turning_point,
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
        referral: super::ReferralPoints::default(),
    }
}
