//! Automatic answers: the model answer (best), the worst one, and a seeded random one.
//! Used to play the roles a trainee does not take, by `liandong run`, and by tests.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{PlayError, Playthrough, RoleChoice};

use crate::scenario::Case;
use crate::scenario::ids::ActionId;
use crate::scenario::model::{ActionKind, Grade, Handoff, ScriptOption, Step, Tier};
use crate::scenario::points::{best_option, option_points};
use crate::scoring::{Answer, RunFacts};

/// How `liandong run` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Best,
    Worst,
    Random,
}

/// Simulated clock for automatic runs, so the same seed gives byte-identical output.
const SIMULATED_START: i64 = 1_767_600_000;
const SIMULATED_THINK_MS: u64 = 20_000;

/// Keeps the random answers apart from the variant's draws.
pub const RANDOM_PICK_SALT: u64 = 0x6c69_616e_646f_6e67;

/// Plays the whole case with one strategy on a simulated clock; random answers are drawn
/// from the seed too, so one seed gives one exact run. A run to be saved plays on
/// [`Clock::Wall`] instead ([`autoplay_on`]).
pub fn autoplay(
    case: &Arc<Case>,
    seed: u64,
    strategy: Strategy,
    role: RoleChoice,
) -> Result<Playthrough, PlayError> {
    autoplay_with(case, seed, strategy, role, seed ^ RANDOM_PICK_SALT)
}

/// Like [`autoplay`], with the random answers drawn from their own seed.
pub fn autoplay_with(
    case: &Arc<Case>,
    seed: u64,
    strategy: Strategy,
    role: RoleChoice,
    answer_seed: u64,
) -> Result<Playthrough, PlayError> {
    autoplay_on(case, seed, strategy, role, answer_seed, Clock::Simulated)
}

/// Which time an automatic run records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// A fixed start and 20 s a decision: the same seed prints byte-identical output. Only for
    /// output that is never stored.
    Simulated,
    /// The time it is, and the time each answer really took: for a run that is saved.
    Wall,
}

/// Like [`autoplay_with`], on the given clock.
pub fn autoplay_on(
    case: &Arc<Case>,
    seed: u64,
    strategy: Strategy,
    role: RoleChoice,
    answer_seed: u64,
    time: Clock,
) -> Result<Playthrough, PlayError> {
    let start = match time {
        Clock::Simulated => DateTime::<Utc>::from_timestamp(SIMULATED_START, 0).unwrap_or_default(),
        Clock::Wall => Utc::now(),
    };
    let mut playthrough =
        Playthrough::start(Arc::clone(case), seed, role, start).map_err(PlayError::from)?;
    let mut rng = ChaCha8Rng::seed_from_u64(answer_seed);
    let mut clock = start;
    // the model and the worst answer of a step never change: meeting a step again would go
    // round the same loop until the visit limit, recording every round
    let mut answered = vec![false; case.graph.len()];
    while let Some(pending) = playthrough.pending() {
        if strategy != Strategy::Random && std::mem::replace(&mut answered[pending.at], true) {
            playthrough.stop(clock);
            break;
        }
        let answer = match strategy {
            Strategy::Best => playthrough.model_answer(pending.at),
            Strategy::Worst => playthrough.worst_answer(pending.at),
            Strategy::Random => random(case, pending.at, &mut rng),
        };
        let took_ms = match time {
            Clock::Simulated => {
                clock += Duration::milliseconds(SIMULATED_THINK_MS as i64);
                SIMULATED_THINK_MS
            }
            Clock::Wall => {
                let now = Utc::now();
                let took = (now - clock).num_milliseconds().max(0) as u64;
                clock = now;
                took
            }
        };
        playthrough
            .answer(answer, clock, took_ms)
            .map_err(PlayError::from)?;
    }
    Ok(playthrough)
}

/// The model answer of the decision step numbered `at`. A follow-up form gets the row of the
/// case's best ending; a playthrough gives the row of its own run
/// ([`Playthrough::model_answer`]).
pub fn best(case: &Case, at: usize) -> Answer {
    best_with(case, at, &RunFacts::assumed(case))
}

/// The model answer of the step numbered `at`, a follow-up form's as the run `facts` came to.
pub fn best_with(case: &Case, at: usize, facts: &RunFacts) -> Answer {
    let customer = &case.scenario.customer;
    match case.graph.step(&case.scenario, at) {
        Step::Identify(s) => Answer::Identify {
            tier: s.tier.then_some(customer.tier),
            cues: s
                .cues
                .iter()
                .filter(|id| customer.cues.iter().any(|c| &c.id == *id && c.significant))
                .cloned()
                .collect(),
            needs: s
                .needs
                .iter()
                .filter(|id| customer.needs.iter().any(|n| &n.id == *id && n.real))
                .cloned()
                .collect(),
        },
        Step::Script(s) | Step::MorningMeeting(s) => {
            Answer::Line(best_option(&case.catalogue, s.points, &s.options).unwrap_or(0))
        }
        Step::TrackingSheet(f) | Step::ReferralRecord(f) => Answer::Form(facts.model_row(f)),
        Step::ReferralCard(c) => Answer::Card {
            fields: c
                .fields
                .iter()
                .map(|f| f.choices.iter().position(|ch| ch.correct).unwrap_or(0))
                .collect(),
            route: best_option(&case.catalogue, c.points, &c.route).unwrap_or(0),
        },
        Step::Handoff(h) => Answer::Handoff(model_sequence(h)),
        _ => Answer::Line(0),
    }
}

/// The worst answer: a red line where one is offered, otherwise the fewest points.
pub fn worst(case: &Case, at: usize) -> Answer {
    worst_with(case, at, &RunFacts::assumed(case))
}

/// The worst answer of the step numbered `at`, a follow-up form's as the run `facts` came to.
pub fn worst_with(case: &Case, at: usize, facts: &RunFacts) -> Answer {
    let customer = &case.scenario.customer;
    match case.graph.step(&case.scenario, at) {
        Step::Identify(s) => Answer::Identify {
            tier: s.tier.then(|| {
                *Tier::ALL
                    .iter()
                    .max_by_key(|t| t.rank().abs_diff(customer.tier.rank()))
                    .unwrap_or(&Tier::Ordinary)
            }),
            cues: s
                .cues
                .iter()
                .filter(|id| customer.cues.iter().any(|c| &c.id == *id && !c.significant))
                .cloned()
                .collect(),
            needs: s
                .needs
                .iter()
                .filter(|id| customer.needs.iter().any(|n| &n.id == *id && !n.real))
                .cloned()
                .collect(),
        },
        Step::Script(s) | Step::MorningMeeting(s) => {
            Answer::Line(worst_option(case, s.points, &s.options))
        }
        Step::TrackingSheet(f) | Step::ReferralRecord(f) => Answer::Form(facts.worst_row(f)),
        Step::ReferralCard(c) => Answer::Card {
            fields: c
                .fields
                .iter()
                .map(|f| f.choices.iter().position(|ch| !ch.correct).unwrap_or(0))
                .collect(),
            route: worst_option(case, c.points, &c.route),
        },
        Step::Handoff(h) => {
            // everything harmful first, then the right steps backwards
            let mut sequence: Vec<ActionId> = h
                .actions
                .iter()
                .filter(|a| a.kind != ActionKind::Required)
                .map(|a| a.id.clone())
                .collect();
            sequence.extend(model_sequence(h).into_iter().rev());
            Answer::Handoff(sequence)
        }
        _ => Answer::Line(0),
    }
}

/// A uniformly random valid answer.
pub fn random(case: &Case, at: usize, rng: &mut ChaCha8Rng) -> Answer {
    let mut subset = |ids: &[_]| -> Vec<_> {
        ids.iter()
            .filter(|_| rng.random_bool(0.5))
            .cloned()
            .collect()
    };
    match case.graph.step(&case.scenario, at) {
        Step::Identify(s) => {
            let cues = subset(&s.cues);
            let needs = s
                .needs
                .iter()
                .filter(|_| rng.random_bool(0.5))
                .cloned()
                .collect();
            Answer::Identify {
                tier: s
                    .tier
                    .then(|| Tier::ALL[rng.random_range(0..Tier::ALL.len())]),
                cues,
                needs,
            }
        }
        Step::Script(s) | Step::MorningMeeting(s) => {
            Answer::Line(rng.random_range(0..s.options.len().max(1)))
        }
        Step::TrackingSheet(f) | Step::ReferralRecord(f) => Answer::Form(
            f.fields
                .iter()
                .map(|field| rng.random_range(0..field.choices.len().max(1)))
                .collect(),
        ),
        Step::ReferralCard(c) => Answer::Card {
            fields: c
                .fields
                .iter()
                .map(|f| rng.random_range(0..f.choices.len().max(1)))
                .collect(),
            route: rng.random_range(0..c.route.len().max(1)),
        },
        Step::Handoff(h) => {
            let mut sequence: Vec<ActionId> = h
                .actions
                .iter()
                .filter(|_| rng.random_bool(0.6))
                .map(|a| a.id.clone())
                .collect();
            sequence.shuffle(rng);
            Answer::Handoff(sequence)
        }
        _ => Answer::Line(0),
    }
}

fn worst_option(case: &Case, points: u32, options: &[ScriptOption]) -> usize {
    if let Some(i) = options.iter().position(|o| o.grade == Grade::RedLine) {
        return i;
    }
    options
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| {
            option_points(&case.catalogue, points, a).total_cmp(&option_points(
                &case.catalogue,
                points,
                b,
            ))
        })
        .map_or(0, |(i, _)| i)
}

/// The required actions in an order that satisfies every constraint (listing order breaks ties).
pub fn model_sequence(handoff: &Handoff) -> Vec<ActionId> {
    let required: Vec<&ActionId> = handoff
        .actions
        .iter()
        .filter(|a| a.kind == ActionKind::Required)
        .map(|a| &a.id)
        .collect();
    let index = |id: &ActionId| required.iter().position(|r| *r == id);
    let mut indegree = vec![0usize; required.len()];
    let mut edges = vec![Vec::new(); required.len()];
    for c in &handoff.order {
        if let (Some(b), Some(a)) = (index(&c.before), index(&c.after)) {
            edges[b].push(a);
            indegree[a] += 1;
        }
    }
    let mut ready: BTreeSet<usize> = (0..required.len()).filter(|i| indegree[*i] == 0).collect();
    let mut sequence = Vec::with_capacity(required.len());
    let mut queue = VecDeque::new();
    while let Some(&first) = ready.iter().next() {
        ready.remove(&first);
        queue.push_back(first);
        while let Some(i) = queue.pop_front() {
            sequence.push(required[i].clone());
            for &j in &edges[i] {
                indegree[j] -= 1;
                if indegree[j] == 0 {
                    ready.insert(j);
                }
            }
        }
    }
    sequence
}
