//! Every path through a case (or a sample when there are too many), so a trainer sees that
//! the scoring is fair: the best path earns full marks, the worst fails, and the rest spread
//! between them.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;

use super::pick::{best, random, worst};
use super::{Playthrough, RoleChoice};
use crate::scenario::Case;
use crate::scenario::limits::MAX_CONDITIONS;
use crate::scenario::model::{Condition, Step};
use crate::scoring::{Answer, Debrief};

/// Decisions held by the paths waiting on the exhaustive walk's stack before it gives up and
/// samples (each waiting path keeps its own copy of the decisions before it).
const MAX_HELD_DECISIONS: usize = 200_000;

/// What the exploration found.
#[derive(Debug, Clone, Serialize)]
pub struct PathSummary {
    pub paths: usize,
    /// False when there were too many paths and these are a random sample.
    pub exhaustive: bool,
    pub best: f64,
    pub worst: f64,
    pub passed: usize,
    pub with_red_lines: usize,
    /// Paths per band of 10 points: 0–9, 10–19, …, 90–99, 100.
    pub histogram: [usize; 11],
    /// The answers of the lowest-scoring path, in words.
    pub worst_path: Vec<String>,
}

/// Explores up to `limit` paths: every line of every script step, the model and the worst
/// answer of the other decisions, under every combination of branch conditions. Past the
/// limit it samples `limit` random playthroughs instead.
///
/// A case whose answers can lead back to an earlier step has endless paths, and a very long
/// case needs memory growing with the square of its length to walk: both are sampled.
pub fn explore(case: &Arc<Case>, role: &RoleChoice, limit: usize) -> Result<PathSummary, String> {
    let at = DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default();
    let mut finished = Vec::new();
    let mut exhaustive = true;
    'variants: for variant in variants(case) {
        let start = Playthrough::start_variant(Arc::clone(case), variant, role.clone(), at)
            .map_err(|e| e.to_string())?;
        // depth first, so the stack holds one path's alternatives at a time
        let mut held = start.scores().len();
        let mut stack = vec![start];
        while let Some(playthrough) = stack.pop() {
            held -= playthrough.scores().len();
            let Some(pending) = playthrough.pending() else {
                finished.push(playthrough.debrief());
                if finished.len() > limit {
                    exhaustive = false;
                    break 'variants;
                }
                continue;
            };
            // a path without loops makes at most one decision per step
            if playthrough.scores().len() >= case.graph.len() || held > MAX_HELD_DECISIONS {
                exhaustive = false;
                break 'variants;
            }
            for answer in alternatives(case, pending.at) {
                let mut next = playthrough.clone();
                next.answer(answer, at, 0).map_err(|e| e.to_string())?;
                held += next.scores().len();
                stack.push(next);
            }
        }
    }
    if !exhaustive {
        finished = sample(case, role, limit, at)?;
    }
    Ok(summarise(finished, exhaustive))
}

/// One variant per combination of the conditions the case branches on.
fn variants(case: &Case) -> Vec<crate::scenario::Variant> {
    let conditions = case.scenario.branch_conditions();
    (0u32..(1 << conditions.len().min(MAX_CONDITIONS)))
        .map(|mask| {
            let forced: Vec<(Condition, bool)> = conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), mask & (1 << i) != 0))
                .collect();
            case.variant(1).with_conditions(&forced)
        })
        .collect()
}

fn alternatives(case: &Case, at: usize) -> Vec<Answer> {
    let mut answers = match case.graph.step(&case.scenario, at) {
        Step::Script(s) => (0..s.options.len()).map(Answer::Line).collect(),
        _ => vec![best(case, at), worst(case, at)],
    };
    answers.dedup();
    answers
}

fn sample(
    case: &Arc<Case>,
    role: &RoleChoice,
    count: usize,
    at: DateTime<Utc>,
) -> Result<Vec<Debrief>, String> {
    let variants = variants(case);
    let mut rng = ChaCha8Rng::seed_from_u64(0x7061_7468);
    let mut found = Vec::with_capacity(count + 2 * variants.len());
    // the model and the worst answers always belong to the sample: they bound the spread
    for variant in &variants {
        for pick in [best, worst] {
            found.push(play_out(case, variant, role, at, |step| pick(case, step))?);
        }
    }
    for i in 0..count {
        let variant = &variants[i % variants.len()];
        found.push(play_out(case, variant, role, at, |step| {
            random(case, step, &mut rng)
        })?);
    }
    Ok(found)
}

fn play_out(
    case: &Arc<Case>,
    variant: &crate::scenario::Variant,
    role: &RoleChoice,
    at: DateTime<Utc>,
    mut choose: impl FnMut(usize) -> Answer,
) -> Result<Debrief, String> {
    let mut playthrough =
        Playthrough::start_variant(Arc::clone(case), variant.clone(), role.clone(), at)
            .map_err(|e| e.to_string())?;
    // a sampled path that keeps looping is cut off; its debrief covers what it answered
    let longest = 2 * case.graph.len() + 2;
    while let Some(pending) = playthrough.pending()
        && playthrough.scores().len() < longest
    {
        let answer = choose(pending.at);
        playthrough
            .answer(answer, at, 0)
            .map_err(|e| e.to_string())?;
    }
    Ok(playthrough.debrief())
}

fn summarise(debriefs: Vec<Debrief>, exhaustive: bool) -> PathSummary {
    let mut histogram = [0; 11];
    for d in &debriefs {
        histogram[((d.total / 10.0).floor() as usize).min(10)] += 1;
    }
    let worst = debriefs.iter().min_by(|a, b| a.total.total_cmp(&b.total));
    PathSummary {
        paths: debriefs.len(),
        exhaustive,
        best: debriefs.iter().map(|d| d.total).fold(0.0, f64::max),
        worst: worst.map_or(0.0, |d| d.total),
        passed: debriefs.iter().filter(|d| d.passed).count(),
        with_red_lines: debriefs.iter().filter(|d| !d.red_lines.is_empty()).count(),
        histogram,
        worst_path: worst
            .map(|d| {
                d.decisions
                    .iter()
                    .map(|s| format!("{}:{}", s.step, s.answer))
                    .collect()
            })
            .unwrap_or_default(),
    }
}
