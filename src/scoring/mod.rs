//! Pure scoring: a step and the trainee's answer in, points and teaching feedback out;
//! a list of scored decisions in, a debrief out.

mod card;
mod debrief;
mod form;
mod handoff;
mod identify;
mod mood;
mod referral;

use serde::{Deserialize, Serialize};

pub use debrief::{Debrief, DimensionScores, Ending, RedLineHit, TurningPoint, debrief, round1};
pub use form::RunFacts;
pub use mood::CustomerMood;
pub use referral::{
    ChainBreak, ChainFacts, ChainPart, ReferralPoints, RolePoints, referral_points,
};

use crate::scenario::catalogue::MoodChange;
use crate::scenario::ids::{ActionId, CueId, NeedId, RuleId, StepId};
use crate::scenario::model::{CardField, Grade, Role, ScriptOption, Step, StepKind, Tier};
use crate::scenario::points::option_points;
use crate::scenario::{Case, Variant};

/// The three things liandong scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    Identification,
    Script,
    Handoff,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [
        Dimension::Identification,
        Dimension::Script,
        Dimension::Handoff,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Identification => "客户识别",
            Dimension::Script => "话术选择",
            Dimension::Handoff => "交接流程",
        }
    }

    pub fn of(step: &Step) -> Option<Dimension> {
        match step {
            Step::Identify(_) => Some(Dimension::Identification),
            Step::Script(_) => Some(Dimension::Script),
            // the forms and the morning meeting close the loop the handoff opened
            Step::ReferralCard(_)
            | Step::Handoff(_)
            | Step::TrackingSheet(_)
            | Step::ReferralRecord(_)
            | Step::MorningMeeting(_) => Some(Dimension::Handoff),
            _ => None,
        }
    }
}

/// What a trainee answered at one decision step. Indexes count options in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Identify {
        tier: Option<Tier>,
        cues: Vec<CueId>,
        needs: Vec<NeedId>,
    },
    Line(usize),
    Card {
        fields: Vec<usize>,
        route: usize,
    },
    Handoff(Vec<ActionId>),
    /// A follow-up form's row: the entry chosen in each column, in the form's order.
    Form(Vec<usize>),
}

/// An answer that does not fit its step (a bug in the caller, or a stale saved run). Numbers
/// count from 1, as a person would say them; the interface words it (`lang::ErrorText`).
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerError {
    /// The case has ended: nothing waits for an answer.
    Finished,
    /// The step asks nothing (a narration, a branch, an ending).
    NotADecision { step: StepId },
    /// The answer is of another kind than the step asks for (a line for a handoff).
    WrongKind { step: StepId, kind: StepKind },
    /// A script step has no line with this number.
    NoSuchLine { step: StepId, line: usize },
    /// An identify step did not show this cue.
    CueNotShown { step: StepId, cue: CueId },
    /// An identify step did not show this need.
    NeedNotShown { step: StepId, need: NeedId },
    /// A referral card has `fields` fields; the answer filled `given`.
    CardFields {
        step: StepId,
        fields: usize,
        given: usize,
    },
    /// A card field has no choice with this number.
    NoSuchChoice {
        step: StepId,
        field: CardField,
        choice: usize,
    },
    /// A referral card has no route with this number.
    NoSuchRoute { step: StepId, route: usize },
    /// A handoff step has no such action.
    NoSuchAction { step: StepId, action: ActionId },
    /// A handoff answer names the same action twice.
    ActionTwice { step: StepId, action: ActionId },
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::Finished => write!(f, "the case has ended"),
            AnswerError::NotADecision { step } => write!(f, "step {step} asks for no answer"),
            AnswerError::WrongKind { step, kind } => {
                write!(
                    f,
                    "step {step} is a {} step: the answer does not fit",
                    kind.name()
                )
            }
            AnswerError::NoSuchLine { step, line } => write!(f, "step {step} has no line {line}"),
            AnswerError::CueNotShown { step, cue } => {
                write!(f, "step {step} does not show cue {cue}")
            }
            AnswerError::NeedNotShown { step, need } => {
                write!(f, "step {step} does not show need {need}")
            }
            AnswerError::CardFields {
                step,
                fields,
                given,
            } => write!(
                f,
                "card {step} has {fields} fields, the answer fills {given}"
            ),
            AnswerError::NoSuchChoice {
                step,
                field,
                choice,
            } => write!(f, "card {step} has no choice {choice} for {field:?}"),
            AnswerError::NoSuchRoute { step, route } => {
                write!(f, "card {step} has no route {route}")
            }
            AnswerError::NoSuchAction { step, action } => {
                write!(f, "handoff {step} has no action {action}")
            }
            AnswerError::ActionTwice { step, action } => {
                write!(f, "handoff {step}: action {action} is chosen twice")
            }
        }
    }
}

impl std::error::Error for AnswerError {}

/// One scored decision with everything the debrief shows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionScore {
    pub step: StepId,
    pub role: Role,
    pub dimension: Dimension,
    pub prompt: String,
    /// The answer in words.
    pub answer: String,
    pub earned: f64,
    pub max: f64,
    pub grade: Option<Grade>,
    pub rule: Option<RuleId>,
    pub feedback: Vec<String>,
    /// Handoff order problems, in words.
    pub violations: Vec<String>,
    pub red_lines: Vec<RuleId>,
    /// What the customer said or did.
    pub reaction: String,
    /// What the customer thought of it and did not say (内心独白).
    #[serde(default)]
    pub thought: String,
    /// Every rule this answer broke (a handoff can break several).
    #[serde(default)]
    pub broken: Vec<RuleId>,
    /// How the answer moved the customer.
    #[serde(default)]
    pub effect: MoodChange,
    /// The customer's state before and after the answer (set by the playthrough).
    #[serde(default)]
    pub before: CustomerMood,
    #[serde(default)]
    pub mood: CustomerMood,
}

impl DecisionScore {
    pub fn is_full_marks(&self) -> bool {
        self.earned >= self.max - 1e-9
    }
}

/// Scores one answer at the step numbered `at` in the case's graph. A follow-up form is
/// judged as on the case's best ending ([`RunFacts::assumed`]); a playthrough judges it
/// against its own run with [`score_in_run`].
pub fn score_decision(
    case: &Case,
    variant: &Variant,
    at: usize,
    answer: &Answer,
) -> Result<DecisionScore, AnswerError> {
    score_in_run(case, variant, at, answer, &RunFacts::assumed(case))
}

/// Scores one answer at the step numbered `at`, a follow-up form against what the run came to.
pub fn score_in_run(
    case: &Case,
    variant: &Variant,
    at: usize,
    answer: &Answer,
    facts: &RunFacts,
) -> Result<DecisionScore, AnswerError> {
    let step = case.graph.step(&case.scenario, at);
    let role = case.graph.role(&case.scenario, at);
    let dimension = Dimension::of(step).ok_or_else(|| AnswerError::NotADecision {
        step: step.id().clone(),
    })?;
    let mut score = DecisionScore {
        step: step.id().clone(),
        role,
        dimension,
        prompt: String::new(),
        answer: String::new(),
        earned: 0.0,
        max: f64::from(step.points()),
        grade: None,
        rule: None,
        feedback: Vec::new(),
        violations: Vec::new(),
        red_lines: Vec::new(),
        reaction: String::new(),
        thought: String::new(),
        broken: Vec::new(),
        effect: MoodChange::default(),
        before: CustomerMood::default(),
        mood: CustomerMood::default(),
    };
    match (step, answer) {
        (Step::Identify(s), Answer::Identify { tier, cues, needs }) => {
            score.prompt = variant.render(&s.prompt);
            identify::score(case, variant, s, *tier, cues, needs, &mut score)?;
        }
        (Step::Script(s) | Step::MorningMeeting(s), Answer::Line(choice)) => {
            score.prompt = variant.render(&s.prompt);
            let option = s
                .options
                .get(*choice)
                .ok_or_else(|| AnswerError::NoSuchLine {
                    step: s.id.clone(),
                    line: choice.saturating_add(1),
                })?;
            score.answer = variant.render(&option.text);
            score.reaction = variant.render(&option.reaction);
            score.earned = option_points(&case.catalogue, s.points, option);
            apply_option(case, variant, option, &mut score);
            // the customer has left by the morning meeting: the answer moves nobody
            if matches!(step, Step::Script(_)) {
                score.effect = option_effect(case, option, score.grade);
            }
        }
        (Step::ReferralCard(s), Answer::Card { fields, route }) => {
            score.prompt = variant.render(&s.prompt);
            card::score(case, variant, s, fields, *route, &mut score)?;
        }
        (Step::Handoff(s), Answer::Handoff(sequence)) => {
            score.prompt = variant.render(&s.prompt);
            handoff::score(case, variant, s, sequence, &mut score)?;
        }
        (Step::TrackingSheet(s) | Step::ReferralRecord(s), Answer::Form(row)) => {
            score.prompt = variant.render(&s.prompt);
            form::score(case, variant, s, row, facts, &mut score)?;
        }
        _ => {
            return Err(AnswerError::WrongKind {
                step: step.id().clone(),
                kind: step.kind(),
            });
        }
    }
    score.earned = score.earned.clamp(0.0, score.max);
    Ok(score)
}

fn push_once(list: &mut Vec<RuleId>, rule: &RuleId) {
    if !list.contains(rule) {
        list.push(rule.clone());
    }
}

/// Grades a line or a card route: its own grade, or a red line when it says a forbidden
/// phrasing, whatever its grade.
fn apply_option(case: &Case, variant: &Variant, option: &ScriptOption, score: &mut DecisionScore) {
    score.grade = Some(option.grade);
    score.rule = option.rule.clone();
    score.thought = variant.render(&option.thought);
    if !option.feedback.is_empty() {
        score.feedback.push(variant.render(&option.feedback));
    }
    if matches!(option.grade, Grade::Weak | Grade::Wrong | Grade::RedLine)
        && let Some(rule) = &option.rule
    {
        push_once(&mut score.broken, rule);
        if option.grade == Grade::RedLine {
            push_once(&mut score.red_lines, rule);
        }
    }
    // saying a forbidden phrasing to a customer is a red line whatever the option's grade
    let said = variant.render(&option.text);
    if let Some(found) = case.catalogue.forbidden_in(&said) {
        push_once(&mut score.broken, &found.rule);
        if !score.red_lines.contains(&found.rule) {
            score.red_lines.push(found.rule.clone());
            score.feedback.push(format!(
                "这句话用了违规说法“{}”，按红线处理。",
                found.phrase
            ));
        }
        // the points stay those of its grade (a validated case keeps a full-marks path; W006
        // warns the author), but the answer shows as the red line it is
        score.grade = Some(Grade::RedLine);
        score.rule = Some(found.rule.clone());
    }
}

/// How a line or a card route moves the customer: its own numbers, else its grade's.
fn option_effect(case: &Case, option: &ScriptOption, grade: Option<Grade>) -> MoodChange {
    case.catalogue
        .customer_state
        .grades
        .of(grade.unwrap_or(option.grade))
        .overridden(option.trust, option.patience)
}
