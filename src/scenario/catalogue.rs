//! The shared catalogue `scenarios/rules.ron`: rules, tier thresholds, grade shares, default rubric.
//!
//! One rule is written once here and referenced by id from every case.

use serde::{Deserialize, Serialize};

use super::ids::RuleId;
use super::model::{Grade, Rubric, Tier};

/// The bundled catalogue, used when no `rules.ron` sits beside or above a case file.
pub const BUNDLED_CATALOGUE: &str = include_str!("../../scenarios/rules.ron");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub tiers: Vec<TierBand>,
    pub grades: GradeShares,
    /// Share of the tier part earned for naming the tier next to the true one.
    pub adjacent_tier_credit: f64,
    pub rubric: Rubric,
    pub rules: Vec<Rule>,
}

/// Assets from `min` (inclusive) to `max` (exclusive, none = no ceiling) belong to `tier`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierBand {
    pub tier: Tier,
    pub min: u64,
    #[serde(default)]
    pub max: Option<u64>,
    #[serde(default)]
    pub note: String,
}

/// Share (0..1) of a step's points that each grade earns when an option gives no points.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradeShares {
    pub best: f64,
    pub acceptable: f64,
    pub weak: f64,
    pub wrong: f64,
}

impl GradeShares {
    pub fn share(&self, grade: Grade) -> f64 {
        match grade {
            Grade::Best => self.best,
            Grade::Acceptable => self.acceptable,
            Grade::Weak => self.weak,
            Grade::Wrong => self.wrong,
            Grade::RedLine => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Severity {
    /// Breaking it fails the case whatever the total.
    RedLine,
    /// Good practice: breaking it costs points.
    Guideline,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: RuleId,
    pub title: String,
    pub explanation: String,
    /// The source document in `shared/reference`, e.g. "000 粗谈岗位联动机制".
    pub source: String,
    pub severity: Severity,
}

impl Catalogue {
    pub fn rule(&self, id: &RuleId) -> Option<&Rule> {
        self.rules.iter().find(|r| &r.id == id)
    }

    pub fn band(&self, tier: Tier) -> Option<&TierBand> {
        self.tiers.iter().find(|b| b.tier == tier)
    }
}
