//! Every path through a case (or a sample when there are too many), so a trainer sees that
//! the scoring is fair: the best path earns full marks, the worst fails, and the rest spread
//! between them.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;

use super::pick::random;
use super::{Event, PlayError, Playthrough, RoleChoice};
use crate::scenario::Case;
use crate::scenario::limits::MAX_CONDITIONS;
use std::collections::BTreeMap;

use crate::scenario::ids::StepId;
use crate::scenario::model::{Condition, Outcome, Step};
use crate::scoring::{Answer, Debrief};

/// Bytes (roughly) held by the paths waiting on the exhaustive walk's stack before it gives up
/// and samples: each waiting path keeps its own copy of everything before it.
const MAX_HELD_BYTES: usize = 64 << 20;

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
    /// Paths per ending, from the best for the branch to the worst.
    pub outcomes: BTreeMap<Outcome, usize>,
    /// Paths that stopped before any ending.
    pub no_outcome: usize,
    /// Paths that crossed a red line and still ended in a success (must be none).
    pub red_line_successes: usize,
    /// The answers of the lowest-scoring path, in words, one per decision.
    pub worst_path: Vec<String>,
}

/// Explores up to `limit` paths: every line of every script step, the model and the worst
/// answer of the other decisions, under every combination of branch conditions. Past the
/// limit it samples `limit` random playthroughs instead.
///
/// A case whose answers can lead back to an earlier step has endless paths, and a very long
/// case needs memory growing with the square of its length to walk: both are sampled.
pub fn explore(
    case: &Arc<Case>,
    role: &RoleChoice,
    limit: usize,
    from: Option<&StepId>,
) -> Result<PathSummary, PlayError> {
    let at = DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default();
    let mut tally = Tally::default();
    let mut exhaustive = true;
    'variants: for variant in variants(case) {
        let start = begin(case, variant, role, from, at)?;
        // depth first, so the stack holds one path's alternatives at a time
        let mut held = bytes(&start, 0, 0);
        let mut stack = vec![(held, start)];
        while let Some((size, playthrough)) = stack.pop() {
            held -= size;
            let Some(pending) = playthrough.pending() else {
                tally.add(&playthrough.debrief());
                if tally.paths > limit {
                    exhaustive = false;
                    break 'variants;
                }
                continue;
            };
            // a path without loops makes at most one decision per step
            if playthrough.scores().len() >= case.graph.len() || held > MAX_HELD_BYTES {
                exhaustive = false;
                break 'variants;
            }
            let (scores, events) = (
                playthrough.scores.len(),
                playthrough.transcript.events.len(),
            );
            for answer in alternatives(&playthrough, pending.at) {
                let mut next = playthrough.clone();
                next.answer(answer, at, 0).map_err(PlayError::from)?;
                let size = size + bytes(&next, scores, events);
                held += size;
                stack.push((size, next));
            }
        }
    }
    if !exhaustive {
        tally = sample(case, role, limit, from, at)?;
    }
    Ok(tally.summary(exhaustive))
}

/// A playthrough of one variant from the beginning or from the step `from`.
fn begin(
    case: &Arc<Case>,
    variant: crate::scenario::Variant,
    role: &RoleChoice,
    from: Option<&StepId>,
    at: DateTime<Utc>,
) -> Result<Playthrough, PlayError> {
    match from {
        Some(step) => {
            Playthrough::start_variant_from(Arc::clone(case), variant, role.clone(), step, at)
        }
        None => Playthrough::start_variant(Arc::clone(case), variant, role.clone(), at),
    }
    .map_err(PlayError::from)
}

/// Roughly the heap a playthrough's scores and events from the given counts on take.
fn bytes(playthrough: &Playthrough, from_scores: usize, from_events: usize) -> usize {
    let texts = |list: &[String]| list.iter().map(|t| t.len() + 24).sum::<usize>();
    let answer = |answer: &Answer| match answer {
        Answer::Identify { cues, needs, .. } => {
            cues.iter().map(|c| c.as_str().len() + 24).sum::<usize>()
                + needs.iter().map(|n| n.as_str().len() + 24).sum::<usize>()
        }
        Answer::Line(_) => 0,
        Answer::Card { fields, .. } => fields.len() * 8,
        Answer::Handoff(ids) => ids.iter().map(|a| a.as_str().len() + 24).sum(),
        Answer::Form(row) => row.len() * 8,
    };
    let scored: usize = playthrough.scores[from_scores.min(playthrough.scores.len())..]
        .iter()
        .map(|d| {
            std::mem::size_of_val(d)
                + d.step.as_str().len()
                + d.prompt.len()
                + d.answer.len()
                + d.reaction.len()
                + texts(&d.feedback)
                + texts(&d.violations)
                + d.red_lines
                    .iter()
                    .map(|r| r.as_str().len() + 24)
                    .sum::<usize>()
        })
        .sum();
    let events = &playthrough.transcript.events;
    let happened: usize = events[from_events.min(events.len())..]
        .iter()
        .map(|e| {
            std::mem::size_of_val(e)
                + match e {
                    Event::StageEntered { title, .. } => title.len(),
                    Event::Narration { step, text } => step.as_str().len() + text.len(),
                    Event::ModelAnswer {
                        step,
                        text,
                        reaction,
                        ..
                    } => step.as_str().len() + text.len() + reaction.len(),
                    Event::Decision {
                        step, answer: a, ..
                    } => step.as_str().len() + answer(a),
                    Event::Finished { .. } => 0,
                }
        })
        .sum();
    scored + happened
}

/// One variant per combination of the seeded conditions the case branches on.
pub(crate) fn variants(case: &Case) -> Vec<crate::scenario::Variant> {
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

fn alternatives(playthrough: &Playthrough, at: usize) -> Vec<Answer> {
    let case = playthrough.case();
    let mut answers = match case.graph.step(&case.scenario, at) {
        Step::Script(s) | Step::MorningMeeting(s) => {
            (0..s.options.len()).map(Answer::Line).collect()
        }
        _ => vec![playthrough.model_answer(at), playthrough.worst_answer(at)],
    };
    answers.dedup();
    answers
}

fn sample(
    case: &Arc<Case>,
    role: &RoleChoice,
    count: usize,
    from: Option<&StepId>,
    at: DateTime<Utc>,
) -> Result<Tally, PlayError> {
    let variants = variants(case);
    let mut rng = ChaCha8Rng::seed_from_u64(0x7061_7468);
    let mut tally = Tally::default();
    // the model and the worst answers always belong to the sample: they bound the spread
    for variant in &variants {
        tally.add(&play_out(case, variant, role, from, at, |p, step| {
            p.model_answer(step)
        })?);
        tally.add(&play_out(case, variant, role, from, at, |p, step| {
            p.worst_answer(step)
        })?);
    }
    for i in 0..count {
        let variant = &variants[i % variants.len()];
        tally.add(&play_out(case, variant, role, from, at, |_, step| {
            random(case, step, &mut rng)
        })?);
    }
    Ok(tally)
}

fn play_out(
    case: &Arc<Case>,
    variant: &crate::scenario::Variant,
    role: &RoleChoice,
    from: Option<&StepId>,
    at: DateTime<Utc>,
    mut choose: impl FnMut(&Playthrough, usize) -> Answer,
) -> Result<Debrief, PlayError> {
    let mut playthrough = begin(case, variant.clone(), role, from, at)?;
    // a sampled path that keeps looping is cut off; its debrief covers what it answered
    let longest = 2 * case.graph.len() + 2;
    while let Some(pending) = playthrough.pending()
        && playthrough.scores().len() < longest
    {
        let answer = choose(&playthrough, pending.at);
        playthrough.answer(answer, at, 0).map_err(PlayError::from)?;
    }
    Ok(playthrough.debrief())
}

/// The figures of the paths seen so far; only the worst path is kept whole, so the memory
/// does not grow with the number of paths.
#[derive(Default)]
struct Tally {
    paths: usize,
    best: f64,
    worst: Option<(f64, Vec<String>)>,
    passed: usize,
    with_red_lines: usize,
    histogram: [usize; 11],
    outcomes: BTreeMap<Outcome, usize>,
    no_outcome: usize,
    red_line_successes: usize,
}

impl Tally {
    fn add(&mut self, d: &Debrief) {
        self.paths += 1;
        match d.outcome {
            Some(outcome) => *self.outcomes.entry(outcome).or_default() += 1,
            None => self.no_outcome += 1,
        }
        self.red_line_successes +=
            usize::from(!d.red_lines.is_empty() && d.outcome.is_some_and(Outcome::is_success));
        self.histogram[((d.total / 10.0).floor() as usize).min(10)] += 1;
        self.best = self.best.max(d.total);
        self.passed += usize::from(d.passed);
        self.with_red_lines += usize::from(!d.red_lines.is_empty());
        // the first of equally low paths stays
        if self
            .worst
            .as_ref()
            .is_none_or(|(w, _)| d.total.total_cmp(w).is_lt())
        {
            // the answers in the trainee's words; a trainer reads them, not the step ids
            let path = d.decisions.iter().map(|s| s.answer.clone()).collect();
            self.worst = Some((d.total, path));
        }
    }

    fn summary(self, exhaustive: bool) -> PathSummary {
        let (worst, worst_path) = self.worst.unwrap_or_default();
        PathSummary {
            paths: self.paths,
            exhaustive,
            best: self.best,
            worst,
            passed: self.passed,
            with_red_lines: self.with_red_lines,
            histogram: self.histogram,
            outcomes: self.outcomes,
            no_outcome: self.no_outcome,
            red_line_successes: self.red_line_successes,
            worst_path,
        }
    }
}
