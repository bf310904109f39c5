//! One playthrough as a state machine, no I/O: the trainee answers the decisions of the roles
//! they play; the model answer plays the other roles' stages and shows them as narration.
//!
//! Deterministic given (case, seed, role, answers): replaying a saved transcript gives the same
//! debrief.

pub mod explore;
pub mod pick;
pub mod shown;
mod transcript;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use shown::{Choice, Choices, Shown, ShownField};
pub use transcript::{Event, Transcript};

use crate::scenario::graph::Target;
use crate::scenario::ids::StepId;
use crate::scenario::limits::MAX_VISITS;
use crate::scenario::model::{ActionKind, Condition, Outcome, Role, Step};
use crate::scenario::{Case, Variant};
use crate::scoring::{
    Answer, AnswerError, ChainFacts, CustomerMood, Debrief, DecisionScore, Ending, ReferralPoints,
    RunFacts, debrief, referral_points, score_in_run,
};

/// Which roles the trainee plays; the rest are played by the model answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleChoice {
    All,
    Only(Vec<Role>),
}

impl RoleChoice {
    pub fn plays(&self, role: Role) -> bool {
        match self {
            RoleChoice::All => true,
            RoleChoice::Only(roles) => roles.contains(&role),
        }
    }

    /// Reads back a [`RoleChoice::label`].
    pub fn from_label(label: &str) -> Option<RoleChoice> {
        if label == "all" {
            return Some(RoleChoice::All);
        }
        let roles: Option<Vec<Role>> = label
            .split('+')
            .map(|name| ron::from_str::<Role>(name).ok())
            .collect();
        roles.filter(|r| !r.is_empty()).map(RoleChoice::Only)
    }

    /// The name used on the command line and in saved runs.
    pub fn label(&self) -> String {
        match self {
            RoleChoice::All => "all".to_owned(),
            RoleChoice::Only(roles) => roles
                .iter()
                .map(|r| format!("{r:?}"))
                .collect::<Vec<_>>()
                .join("+"),
        }
    }
}

/// A decision waiting for the trainee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// The step's number in the case graph.
    pub at: usize,
}

/// A case being played.
#[derive(Debug, Clone)]
pub struct Playthrough {
    case: Arc<Case>,
    variant: Variant,
    role: RoleChoice,
    current: Option<usize>,
    last_stage: Option<usize>,
    visits: usize,
    scores: Vec<DecisionScore>,
    transcript: Transcript,
    /// The customer's trust and patience now.
    mood: CustomerMood,
    start_mood: CustomerMood,
    /// Every answer given so far, the model's included, for the branches that ask what was done.
    answers: Vec<(usize, Answer)>,
    /// Rules broken and red lines crossed so far, by the trainee or the model.
    crossed_red_line: bool,
    broken: Vec<crate::scenario::ids::RuleId>,
    /// The End step reached.
    ending: Option<usize>,
}

/// Why a playthrough cannot start.
#[derive(Debug, Clone, PartialEq)]
pub enum StartError {
    /// The case has no stage for the chosen role.
    RoleNotInCase(RoleChoice),
    /// "Play from this step" named a step the case does not have.
    UnknownStep(StepId),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::RoleNotInCase(role) => {
                write!(f, "the case has no stage for role {}", role.label())
            }
            StartError::UnknownStep(step) => write!(f, "the case has no step {step}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Why an automatic run (or a walk through every path) stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayError {
    Start(StartError),
    Answer(AnswerError),
}

impl From<StartError> for PlayError {
    fn from(e: StartError) -> Self {
        PlayError::Start(e)
    }
}

impl From<AnswerError> for PlayError {
    fn from(e: AnswerError) -> Self {
        PlayError::Answer(e)
    }
}

impl std::fmt::Display for PlayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlayError::Start(e) => write!(f, "{e}"),
            PlayError::Answer(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PlayError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlayError::Start(e) => Some(e),
            PlayError::Answer(e) => Some(e),
        }
    }
}

/// Why a saved transcript cannot be replayed against the case as it is now.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplayError {
    /// The transcript's start (its role, its first step) does not fit the case.
    Start(StartError),
    /// An answer in the transcript does not fit its step.
    Answer(AnswerError),
    /// The transcript answered `step` where the case now asks another (the case changed).
    StepMismatch { step: StepId },
    /// After `step` the customer's trust and patience differ from the transcript's (the case
    /// or the rule catalogue changed).
    MoodMismatch { step: StepId },
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::Start(e) => write!(f, "the transcript cannot start: {e}"),
            ReplayError::Answer(e) => write!(f, "an answer in the transcript does not fit: {e}"),
            ReplayError::StepMismatch { step } => {
                write!(
                    f,
                    "the transcript answers step {step}, the case asks another"
                )
            }
            ReplayError::MoodMismatch { step } => write!(
                f,
                "after step {step} the customer's trust and patience differ from the transcript"
            ),
        }
    }
}

impl std::error::Error for ReplayError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReplayError::Start(e) => Some(e),
            ReplayError::Answer(e) => Some(e),
            _ => None,
        }
    }
}

impl Playthrough {
    /// Starts the case at its first step and plays on to the trainee's first decision.
    pub fn start(
        case: Arc<Case>,
        seed: u64,
        role: RoleChoice,
        at: DateTime<Utc>,
    ) -> Result<Self, StartError> {
        let variant = case.variant(seed);
        Playthrough::start_variant(case, variant, role, at)
    }

    /// Starts at the step `from` instead of the beginning, so a trainer can try one part of a
    /// case; the steps before it are neither played nor scored.
    pub fn start_from(
        case: Arc<Case>,
        seed: u64,
        role: RoleChoice,
        from: &StepId,
        at: DateTime<Utc>,
    ) -> Result<Self, StartError> {
        let Some(index) = case.graph.position(from) else {
            return Err(StartError::UnknownStep(from.clone()));
        };
        let variant = case.variant(seed);
        let mut playthrough = Playthrough::start_variant_at(case, variant, role, index, at)?;
        playthrough.transcript.start_step = Some(from.clone());
        Ok(playthrough)
    }

    /// Like [`Playthrough::start_from`], with the variant given.
    pub fn start_variant_from(
        case: Arc<Case>,
        variant: Variant,
        role: RoleChoice,
        from: &StepId,
        at: DateTime<Utc>,
    ) -> Result<Self, StartError> {
        let Some(index) = case.graph.position(from) else {
            return Err(StartError::UnknownStep(from.clone()));
        };
        let mut playthrough = Playthrough::start_variant_at(case, variant, role, index, at)?;
        playthrough.transcript.start_step = Some(from.clone());
        Ok(playthrough)
    }

    /// Like [`Playthrough::start`], with the variant given (e.g. a busy manager forced on).
    pub fn start_variant(
        case: Arc<Case>,
        variant: Variant,
        role: RoleChoice,
        at: DateTime<Utc>,
    ) -> Result<Self, StartError> {
        Playthrough::start_variant_at(case, variant, role, 0, at)
    }

    fn start_variant_at(
        case: Arc<Case>,
        variant: Variant,
        role: RoleChoice,
        first: usize,
        at: DateTime<Utc>,
    ) -> Result<Self, StartError> {
        if !case.scenario.stages.iter().any(|s| role.plays(s.role)) {
            return Err(StartError::RoleNotInCase(role));
        }
        let transcript = Transcript::new(&case.scenario.id, variant.seed, role.label(), at);
        let current = (first < case.graph.len()).then_some(first);
        let mood = CustomerMood::start(&case, &variant);
        let mut playthrough = Playthrough {
            case,
            transcript,
            variant,
            role,
            current,
            last_stage: None,
            visits: 0,
            scores: Vec::new(),
            mood,
            start_mood: mood,
            answers: Vec::new(),
            crossed_red_line: false,
            broken: Vec::new(),
            ending: None,
        };
        playthrough.advance(at);
        Ok(playthrough)
    }

    pub fn case(&self) -> &Arc<Case> {
        &self.case
    }

    pub fn variant(&self) -> &Variant {
        &self.variant
    }

    pub fn role(&self) -> &RoleChoice {
        &self.role
    }

    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    pub fn scores(&self) -> &[DecisionScore] {
        &self.scores
    }

    /// The customer's trust and patience now.
    pub fn mood(&self) -> CustomerMood {
        self.mood
    }

    /// The End step reached (its number in the case graph), once the case is over.
    pub fn ending_at(&self) -> Option<usize> {
        self.ending
    }

    /// How the customer left, once the case reached an ending.
    pub fn outcome(&self) -> Option<Outcome> {
        self.ending
            .and_then(|at| match self.case.graph.step(&self.case.scenario, at) {
                Step::End(e) => e.outcome,
                _ => None,
            })
    }

    /// Whether a branch condition holds now: the seed decides who is busy and whether the
    /// customer is hurried; the rest follow from what was answered so far.
    pub fn holds(&self, condition: &Condition) -> bool {
        // the latest answer at the step, with the step itself
        let answered = |step: &StepId| {
            let wanted = self.case.graph.position(step)?;
            let (_, answer) = self.answers.iter().rev().find(|(at, _)| *at == wanted)?;
            Some((self.case.graph.step(&self.case.scenario, wanted), answer))
        };
        match condition {
            Condition::StaffBusy(_) | Condition::CustomerHurried => self.variant.holds(condition),
            Condition::TrustBelow(n) => self.mood.trust < *n,
            Condition::TrustAtLeast(n) => self.mood.trust >= *n,
            Condition::PatienceBelow(n) => self.mood.patience < *n,
            Condition::PatienceAtLeast(n) => self.mood.patience >= *n,
            Condition::RedLineCrossed => self.crossed_red_line,
            Condition::RuleBroken(rule) => self.broken.contains(rule),
            Condition::Chose(step, n) => match answered(step) {
                Some((_, Answer::Line(i))) | Some((_, Answer::Card { route: i, .. })) => {
                    (*i as u64).saturating_add(1) == u64::from(*n)
                }
                _ => false,
            },
            Condition::Filled(step, field, n) => {
                let filled = |position: Option<usize>, row: &[usize]| {
                    position
                        .and_then(|i| row.get(i))
                        .is_some_and(|choice| (*choice as u64).saturating_add(1) == u64::from(*n))
                };
                match answered(step) {
                    Some((Step::ReferralCard(card), Answer::Card { fields, .. })) => {
                        filled(card.fields.iter().position(|f| f.field == *field), fields)
                    }
                    Some((
                        Step::TrackingSheet(form) | Step::ReferralRecord(form),
                        Answer::Form(row),
                    )) => filled(form.fields.iter().position(|f| f.field == *field), row),
                    _ => false,
                }
            }
            Condition::Did(step, action) => match answered(step) {
                Some((_, Answer::Handoff(sequence))) => sequence.contains(action),
                _ => false,
            },
        }
    }

    /// What the run has come to, for the step at `at`: how the customer left and which of the
    /// step's entry conditions hold. A follow-up form's right entries are computed from it.
    pub fn facts(&self, at: usize) -> RunFacts {
        let holding = match self.case.graph.step(&self.case.scenario, at) {
            Step::TrackingSheet(form) | Step::ReferralRecord(form) => form
                .fields
                .iter()
                .flat_map(|f| &f.choices)
                .flat_map(|c| c.conditions())
                .filter(|c| self.holds(c))
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        RunFacts {
            outcome: self.outcome(),
            holding: Some(holding),
        }
    }

    /// The model answer of the step at `at` in this run (a form's row as things turned out).
    pub fn model_answer(&self, at: usize) -> Answer {
        pick::best_with(&self.case, at, &self.facts(at))
    }

    /// The worst answer of the step at `at` in this run.
    pub fn worst_answer(&self, at: usize) -> Answer {
        pick::worst_with(&self.case, at, &self.facts(at))
    }

    /// Moves the customer and remembers what was done, for the trainee's answers and the
    /// model's alike.
    fn record(&mut self, step_at: usize, answer: &Answer, score: &mut DecisionScore) {
        score.before = self.mood;
        self.mood = self.mood.after(score.effect);
        score.mood = self.mood;
        self.crossed_red_line |= !score.red_lines.is_empty();
        for rule in &score.broken {
            if !self.broken.contains(rule) {
                self.broken.push(rule.clone());
            }
        }
        self.answers.push((step_at, answer.clone()));
    }

    /// Sets a time limit per decision (a competition rule): an answer that takes longer
    /// scores nothing, though a red line in it still counts.
    pub fn set_decision_limit(&mut self, limit_ms: Option<u64>) {
        self.transcript.decision_limit_ms = limit_ms;
    }

    pub fn decision_limit_ms(&self) -> Option<u64> {
        self.transcript.decision_limit_ms
    }

    /// The decision waiting for the trainee, or `None` once the case is over.
    pub fn pending(&self) -> Option<Pending> {
        self.current.map(|at| Pending { at })
    }

    /// What the pending decision shows for this seed, its choices in the order shown.
    pub fn shown(&self) -> Option<Shown> {
        self.current
            .and_then(|at| shown::shown(&self.case, &self.variant, at))
    }

    pub fn pending_step(&self) -> Option<&Step> {
        self.current
            .map(|at| self.case.graph.step(&self.case.scenario, at))
    }

    pub fn is_finished(&self) -> bool {
        self.current.is_none()
    }

    /// Index of the stage the case is in (or ended in), for a progress bar.
    pub fn stage_index(&self) -> usize {
        self.current
            .map(|at| self.case.graph.order[at].stage)
            .or(self.last_stage)
            .unwrap_or(0)
    }

    /// Answers the pending decision: scores it, records it, and plays on to the next one.
    pub fn answer(
        &mut self,
        answer: Answer,
        at: DateTime<Utc>,
        duration_ms: u64,
    ) -> Result<DecisionScore, AnswerError> {
        let Some(step_at) = self.current else {
            return Err(AnswerError::Finished);
        };
        let facts = self.facts(step_at);
        let mut score = score_in_run(&self.case, &self.variant, step_at, &answer, &facts)?;
        if let Some(limit) = self.transcript.decision_limit_ms
            && duration_ms > limit
        {
            score.earned = 0.0;
            score.feedback.insert(
                0,
                format!(
                    "超时：限时 {} 秒，用了 {} 秒，这一步不得分。",
                    limit / 1000,
                    duration_ms.div_ceil(1000)
                ),
            );
        }
        self.record(step_at, &answer, &mut score);
        self.transcript.events.push(Event::Decision {
            step: score.step.clone(),
            answer: answer.clone(),
            at,
            duration_ms,
            trust: Some(self.mood.trust),
            patience: Some(self.mood.patience),
        });
        self.scores.push(score.clone());
        self.current = self.after(step_at, &answer);
        self.advance(at);
        Ok(score)
    }

    /// Ends the playthrough where it stands (once): at the end of the case, at the visit limit,
    /// and for automatic play that would only go round the same loop again.
    pub(crate) fn stop(&mut self, at: DateTime<Utc>) {
        self.current = None;
        if !matches!(self.transcript.events.last(), Some(Event::Finished { .. })) {
            let outcome = self.outcome();
            self.transcript.events.push(Event::Finished { at, outcome });
        }
    }

    /// The debrief of what was scored so far (the whole run once finished).
    pub fn debrief(&self) -> Debrief {
        let ending = Ending {
            step: self
                .ending
                .map(|at| self.case.graph.step(&self.case.scenario, at).id().clone()),
            outcome: self.outcome(),
            start: self.start_mood,
            end: self.mood,
        };
        let mut debrief = debrief(
            &self.case,
            self.variant.seed,
            &self.role.label(),
            self.scores.clone(),
            ending,
        );
        debrief.referral = self.referral_points();
        debrief
    }

    /// The referral points each role of the chain earned so far (all of them once finished).
    pub fn referral_points(&self) -> ReferralPoints {
        let entered: Vec<Role> = self
            .transcript
            .events
            .iter()
            .filter_map(|e| match e {
                Event::StageEntered { role, .. } => Some(*role),
                _ => None,
            })
            .collect();
        let table = self.case.catalogue.referral_table();
        let scenario = &self.case.scenario;
        // walked over: a handoff action citing the accompany rule, that belongs in the handoff
        let accompanied = self.answers.iter().any(|(at, answer)| {
            match (self.case.graph.step(scenario, *at), answer) {
                (Step::Handoff(step), Answer::Handoff(sequence)) => sequence.iter().any(|id| {
                    step.actions.iter().any(|a| {
                        &a.id == id
                            && a.kind == ActionKind::Required
                            && a.rule.as_ref() == Some(&table.accompany_rule)
                    })
                }),
                _ => false,
            }
        });
        referral_points(
            &self.case,
            ChainFacts {
                entered: &entered,
                broken: &self.broken,
                accompanied,
                outcome: self.outcome(),
            },
        )
    }

    /// Replays a saved transcript: the same answers on the same seed give the same debrief.
    pub fn replay(
        case: Arc<Case>,
        transcript: &Transcript,
        role: RoleChoice,
    ) -> Result<Self, ReplayError> {
        let mut playthrough = match &transcript.start_step {
            Some(step) => {
                Playthrough::start_from(case, transcript.seed, role, step, transcript.started_at)
            }
            None => Playthrough::start(case, transcript.seed, role, transcript.started_at),
        }
        .map_err(ReplayError::Start)?;
        playthrough.set_decision_limit(transcript.decision_limit_ms);
        for event in &transcript.events {
            if let Event::Decision {
                step,
                answer,
                at,
                duration_ms,
                trust,
                patience,
            } = event
            {
                let expected = playthrough.pending_step().map(|s| s.id().clone());
                if expected.as_ref() != Some(step) {
                    return Err(ReplayError::StepMismatch { step: step.clone() });
                }
                let now = playthrough
                    .answer(answer.clone(), *at, *duration_ms)
                    .map_err(ReplayError::Answer)?
                    .mood;
                if trust.is_some_and(|t| t != now.trust)
                    || patience.is_some_and(|p| p != now.patience)
                {
                    return Err(ReplayError::MoodMismatch { step: step.clone() });
                }
            }
        }
        Ok(playthrough)
    }

    /// Where the step at `at` leads given the answer.
    fn after(&self, at: usize, answer: &Answer) -> Option<usize> {
        let scenario = &self.case.scenario;
        let step = self.case.graph.step(scenario, at);
        let next = match (step, answer) {
            (Step::Script(s) | Step::MorningMeeting(s), Answer::Line(i)) => s
                .options
                .get(*i)
                .and_then(|o| o.next.as_ref())
                .or(s.next.as_ref()),
            (Step::Branch(b), _) => Some(
                b.cases
                    .iter()
                    .find(|c| self.holds(&c.when))
                    .map_or(&b.otherwise, |c| &c.next),
            ),
            (other, _) => other.explicit_next(),
        };
        match self.case.graph.resolve(at, next) {
            Some(Target::Step(n)) => Some(n),
            _ => None,
        }
    }

    /// Plays on through narration, branches and the stages of roles the trainee does not play,
    /// stopping at the trainee's next decision or at the end.
    fn advance(&mut self, at: DateTime<Utc>) {
        while let Some(step_at) = self.current {
            self.visits += 1;
            if self.visits > MAX_VISITS {
                // a validated case cannot loop on the model path; this guards unvalidated input
                self.current = None;
                break;
            }
            let scenario = &self.case.scenario;
            let stage = self.case.graph.order[step_at].stage;
            // an ending placed in a later stage closes the story; it is not a handover
            let ending = matches!(self.case.graph.step(scenario, step_at), Step::End(_));
            if self.last_stage != Some(stage) && !(ending && self.last_stage.is_some()) {
                self.last_stage = Some(stage);
                let s = &scenario.stages[stage];
                self.transcript.events.push(Event::StageEntered {
                    role: s.role,
                    title: s.title.clone(),
                    played_by_trainee: self.role.plays(s.role),
                });
            }
            let step = self.case.graph.step(scenario, step_at);
            match step {
                Step::Narration(n) => {
                    self.transcript.events.push(Event::Narration {
                        step: n.id.clone(),
                        text: self.variant.render(&n.text),
                    });
                    self.current = self.after(step_at, &Answer::Line(usize::MAX));
                }
                Step::Branch(_) => self.current = self.after(step_at, &Answer::Line(usize::MAX)),
                Step::End(e) => {
                    self.transcript.events.push(Event::Narration {
                        step: e.id.clone(),
                        text: self.variant.render(&e.text),
                    });
                    // the customer's ending is the first one reached; the story may go on
                    // with the steps after the handoff, which end without a second outcome
                    if self.ending.is_none() {
                        self.ending = Some(step_at);
                    }
                    self.current = e.next.as_ref().and_then(|n| self.case.graph.position(n));
                }
                _ if self.role.plays(self.case.graph.role(scenario, step_at)) => break,
                _ => {
                    let facts = self.facts(step_at);
                    let model = pick::best_with(&self.case, step_at, &facts);
                    let role = self.case.graph.role(scenario, step_at);
                    let id = step.id().clone();
                    let shown =
                        match score_in_run(&self.case, &self.variant, step_at, &model, &facts) {
                            Ok(mut score) => {
                                self.record(step_at, &model, &mut score);
                                (score.answer, score.reaction)
                            }
                            Err(_) => Default::default(),
                        };
                    self.transcript.events.push(Event::ModelAnswer {
                        step: id,
                        role,
                        text: shown.0,
                        reaction: shown.1,
                    });
                    self.current = self.after(step_at, &model);
                }
            }
        }
        if self.current.is_none() {
            self.stop(at);
        }
    }
}
