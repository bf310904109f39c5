//! A trainee's progress over time: the per-dimension trend, the rules most often missed (错题集)
//! and the case to play next to train the weakest dimension.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::scenario::Case;
use crate::scenario::catalogue::Catalogue;
use crate::scenario::ids::RuleId;
use crate::scoring::Dimension;
use crate::store::{BrokenRule, RunMode, RunSummary};

/// How many recent runs decide the weakest dimension: old habits should not outweigh
/// this month's practice.
pub const RECENT_RUNS: usize = 10;

/// A rule from the 错题集 with its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedRule {
    pub rule: String,
    pub title: String,
    pub explanation: String,
    pub misses: usize,
    pub red_lines: usize,
}

/// The case suggested next, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub case_id: String,
    pub title: String,
    pub dimension: Dimension,
    /// Why, in Chinese ([`Suggestion::reason_in`] says it in either language).
    pub reason: String,
    /// The facts behind the reason.
    #[serde(default)]
    pub grounds: Grounds,
}

/// What a suggestion rests on.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Grounds {
    /// The runs the averages were taken over (at most [`RECENT_RUNS`]).
    pub recent_runs: usize,
    /// The weakest dimension's recent average, when one trails the others.
    pub mean: Option<f64>,
    /// Percent of the case's points in the dimension.
    pub share: f64,
    /// The trainee's runs of this case, and whether one passed.
    pub attempts: usize,
    pub passed: bool,
}

impl Suggestion {
    /// Why this case, in `lang`.
    pub fn reason_in(&self, lang: Lang) -> String {
        let g = self.grounds;
        let (share, attempts) = (g.share, g.attempts);
        let dimension = crate::lang::names(lang).dimension(self.dimension);
        match (g.mean, lang) {
            (Some(mean), Lang::Zh) => format!(
                "你最近 {} 次练习里“{dimension}”平均 {mean} 分，是最弱的一项；这个案例 {share}% 的分值在这一项上，{}。",
                g.recent_runs,
                match (g.passed, attempts) {
                    (_, 0) => "你还没练过它".to_owned(),
                    (false, n) => format!("你练过 {n} 次还没通过"),
                    (true, n) => format!("你练过 {n} 次"),
                }
            ),
            (Some(mean), Lang::En) => format!(
                "Over your recent practice runs ({}) you averaged {mean} in \"{dimension}\", your weakest dimension; {share}% of this case's points are there, and {}.",
                g.recent_runs,
                match (g.passed, attempts) {
                    (_, 0) => "you have not played it yet".to_owned(),
                    (false, n) => format!("you have not passed it yet (tries: {n})"),
                    (true, n) => format!("you have played it before (tries: {n})"),
                }
            ),
            (None, Lang::Zh) if g.recent_runs == 0 => {
                format!("从识别客户练起：这个案例 {share}% 的分值在“{dimension}”上。")
            }
            (None, Lang::En) if g.recent_runs == 0 => format!(
                "Start with spotting the customer: {share}% of this case's points are in \"{dimension}\"."
            ),
            (None, Lang::Zh) => format!(
                "三项得分一样稳；换一个{}的案例，从识别客户再练一遍：这个案例 {share}% 的分值在“{dimension}”上。",
                if attempts == 0 {
                    "没练过"
                } else {
                    "练得少"
                },
            ),
            (None, Lang::En) => format!(
                "Your three scores are even; try a case you have {} and practise spotting the customer again: {share}% of this case's points are in \"{dimension}\".",
                if attempts == 0 {
                    "not played yet"
                } else {
                    "played least"
                },
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub trainee: String,
    /// Practice runs, oldest first.
    pub runs: Vec<RunSummary>,
    pub missed: Vec<MissedRule>,
    /// Average of each dimension over the recent runs, `None` where never played.
    pub recent: Vec<(Dimension, Option<f64>)>,
    pub weakest: Option<Dimension>,
    pub suggestion: Option<Suggestion>,
    /// The contest turns in which the trainee acted a role, with that role's score, oldest
    /// first (see [`History::with_contest_turns`]).
    #[serde(default)]
    pub contest_turns: Vec<crate::store::MemberTurn>,
}

impl History {
    /// Builds a trainee's history from their runs and missed rules; `cases` are the playable
    /// cases a suggestion may come from.
    pub fn build(
        trainee: &str,
        runs: Vec<RunSummary>,
        broken: Vec<BrokenRule>,
        catalogue: &Catalogue,
        cases: &[Arc<Case>],
    ) -> History {
        let runs: Vec<RunSummary> = runs
            .into_iter()
            .filter(|r| r.mode == RunMode::Practice)
            .collect();
        let recent_runs = &runs[runs.len().saturating_sub(RECENT_RUNS)..];
        let recent: Vec<(Dimension, Option<f64>)> = Dimension::ALL
            .iter()
            .map(|d| {
                let scores: Vec<f64> = recent_runs
                    .iter()
                    .filter_map(|r| r.dimensions.get(*d))
                    .collect();
                let mean = (!scores.is_empty()).then(|| {
                    crate::scoring::round1(scores.iter().sum::<f64>() / scores.len() as f64)
                });
                (*d, mean)
            })
            .collect();
        let means: Vec<(Dimension, f64)> = recent
            .iter()
            .filter_map(|(d, mean)| mean.map(|m| (*d, m)))
            .collect();
        let best = means.iter().map(|m| m.1).fold(f64::MIN, f64::max);
        // a dimension is the weakest only when it trails another one
        let weakest = means
            .iter()
            .filter(|m| m.1 < best)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(d, _)| *d);
        let missed = broken
            .into_iter()
            .map(|b| {
                let rule = catalogue.rule(&RuleId::from(b.rule.as_str()));
                MissedRule {
                    title: rule.map_or_else(|| b.rule.clone(), |r| r.title.clone()),
                    explanation: rule.map(|r| r.explanation.clone()).unwrap_or_default(),
                    rule: b.rule,
                    misses: b.misses,
                    red_lines: b.red_lines,
                }
            })
            .collect();
        let suggestion = suggest(&runs, &recent, weakest, cases);
        History {
            trainee: trainee.to_owned(),
            runs,
            missed,
            recent,
            weakest,
            suggestion,
            contest_turns: Vec::new(),
        }
    }

    /// This history with the contest turns in which the trainee acted
    /// ([`crate::store::Store::member_turns`]).
    pub fn with_contest_turns(mut self, turns: Vec<crate::store::MemberTurn>) -> History {
        self.contest_turns = turns;
        self
    }
}

/// Share of a case's points at stake in one dimension, on the model path's steps.
pub fn dimension_share(case: &Case, dimension: Dimension) -> f64 {
    let (in_dimension, all) =
        case.scenario
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .fold((0u32, 0u32), |(d, a), step| {
                let points = step.points();
                let matches = Dimension::of(step) == Some(dimension);
                (d + if matches { points } else { 0 }, a + points)
            });
    if all == 0 {
        0.0
    } else {
        f64::from(in_dimension) / f64::from(all)
    }
}

/// The case that trains the weakest dimension best: one not yet passed before one passed,
/// fewer attempts before more, then the largest share of points in that dimension. A new
/// trainee (no runs) is pointed at the case with the most identification, where the chain
/// starts.
fn suggest(
    runs: &[RunSummary],
    recent: &[(Dimension, Option<f64>)],
    weakest: Option<Dimension>,
    cases: &[Arc<Case>],
) -> Option<Suggestion> {
    let dimension = weakest.unwrap_or(Dimension::Identification);
    let best = cases
        .iter()
        .map(|case| {
            let id = &case.scenario.id;
            let attempts = runs.iter().filter(|r| &r.case_id == id).count();
            let passed = runs.iter().any(|r| &r.case_id == id && r.passed);
            (case, passed, attempts, dimension_share(case, dimension))
        })
        .min_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.2.cmp(&b.2))
                .then(b.3.total_cmp(&a.3))
                .then(a.0.scenario.id.cmp(&b.0.scenario.id))
        })?;
    let (case, passed, attempts, share) = best;
    let share = (share * 100.0).round();
    let mean = weakest.and_then(|weakest| {
        recent
            .iter()
            .find(|(d, _)| *d == weakest)
            .and_then(|(_, m)| *m)
    });
    let grounds = Grounds {
        recent_runs: runs.len().min(RECENT_RUNS),
        mean,
        share,
        attempts,
        passed,
    };
    let mut suggestion = Suggestion {
        case_id: case.scenario.id.clone(),
        title: case.scenario.title.clone(),
        dimension,
        reason: String::new(),
        grounds,
    };
    suggestion.reason = suggestion.reason_in(Lang::Zh);
    Some(suggestion)
}
