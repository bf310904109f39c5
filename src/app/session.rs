//! The case being played: starts it, takes the trainee's answers as messages, scores them with
//! the core, and moves to the debrief when the case ends.

use std::collections::BTreeSet;

use bevy::picking::PickingSystems;
use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::app::library::Library;
use crate::app::screen::Screen;
use crate::playthrough::{Playthrough, RoleChoice};
use crate::scenario::ids::{ActionId, CueId, NeedId, StepId};
use crate::scenario::model::Tier;
use crate::scoring::{Answer, DecisionScore};
use crate::store::CompetitionTurn;

/// The mode the trainee picked on the title screen: practice shows each decision's feedback at
/// once; exam keeps it for the debrief.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlayMode {
    #[default]
    Practice,
    Exam,
}

/// How the case in play is played, fixed when it starts: the title's mode, or a team's turn in a
/// competition (judged like an exam, saved under the team).
#[derive(Debug, Clone, PartialEq)]
pub enum SessionMode {
    Practice,
    Exam,
    Contest(CompetitionTurn),
}

/// Start (or restart) a case: the library id, the roles played and the seed of the customer.
#[derive(Message, Debug, Clone)]
pub struct StartCase {
    pub case_id: String,
    pub role: RoleChoice,
    pub seed: u64,
    /// Start from this step instead of the beginning (the trainer's case map).
    pub from: Option<StepId>,
    /// A competition's time limit per decision.
    pub decision_limit_ms: Option<u64>,
    /// Set when a team goes on stage: the run is this turn of a competition.
    pub contest: Option<CompetitionTurn>,
}

/// The trainee's answer to the pending decision.
#[derive(Message, Debug, Clone)]
pub struct SubmitAnswer(pub Answer);

/// The case in play: the one owner of a run, from `StartCase` to `RunFinished`.
#[derive(Resource)]
pub struct Session {
    pub playthrough: Playthrough,
    pub mode: SessionMode,
    /// Feedback of the latest decision, shown in practice mode.
    pub last: Option<DecisionScore>,
    /// A one-off message for the trainee, e.g. that the case file changed.
    pub notice: Option<String>,
    pub decision_started: DateTime<Utc>,
}

impl Session {
    pub fn case_id(&self) -> &str {
        &self.playthrough.case().scenario.id
    }

    /// The competition turn this run is, if a team is playing it.
    pub fn contest_turn(&self) -> Option<&CompetitionTurn> {
        match &self.mode {
            SessionMode::Contest(turn) => Some(turn),
            _ => None,
        }
    }

    /// Whether a team is on stage: a contest turn not yet finished (its play screen is shown;
    /// leaving it abandons the turn, and the scoreboard offers the same team again).
    pub fn contest_on_stage(&self) -> bool {
        self.contest_turn().is_some() && !self.playthrough.is_finished()
    }

    /// Practice alone shows each decision's feedback: in an exam it waits for the debrief, and
    /// in a contest it would tell the teams still to come the answers to the same customer.
    pub fn shows_feedback(&self) -> bool {
        self.mode == SessionMode::Practice
    }
}

/// Sent once when the case in play has ended; storage saves the run and answers `RunSaved`.
#[derive(Message, Debug, Clone, Copy)]
pub struct RunFinished;

/// The parts of an answer being put together on screen (several clicks make one answer).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub tier: Option<Tier>,
    pub cues: BTreeSet<CueId>,
    pub needs: BTreeSet<NeedId>,
    pub card: Vec<Option<usize>>,
    pub route: Option<usize>,
    pub handoff: Vec<ActionId>,
}

/// A fresh seed for "a new customer".
pub fn fresh_seed() -> u64 {
    Utc::now()
        .timestamp_nanos_opt()
        .unwrap_or_default()
        .unsigned_abs()
        % 1_000_000
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlayMode>()
        .init_resource::<Draft>()
        .add_message::<StartCase>()
        .add_message::<SubmitAnswer>()
        .add_message::<RunFinished>()
        // a case started by a click starts in the click's own frame: picking runs its
        // observers in PreUpdate, and the screen changes in StateTransition right after
        .add_systems(PreUpdate, start_cases.after(PickingSystems::Last))
        .add_systems(Update, apply_answers.run_if(resource_exists::<Session>));
}

fn start_cases(
    mut starts: MessageReader<StartCase>,
    library: Res<Library>,
    play_mode: Res<PlayMode>,
    mut commands: Commands,
    mut draft: ResMut<Draft>,
    mut screen: ResMut<NextState<Screen>>,
) {
    for start in starts.read() {
        let Some(case) = library.case(&start.case_id) else {
            warn!("case {} is not in the library", start.case_id);
            continue;
        };
        let now = Utc::now();
        let started = match &start.from {
            Some(step) => Playthrough::start_from(case, start.seed, start.role.clone(), step, now),
            None => Playthrough::start(case, start.seed, start.role.clone(), now),
        };
        match started {
            Ok(mut playthrough) => {
                playthrough.set_decision_limit(start.decision_limit_ms);
                let mode = match (&start.contest, *play_mode) {
                    (Some(turn), _) => SessionMode::Contest(turn.clone()),
                    (None, PlayMode::Practice) => SessionMode::Practice,
                    (None, PlayMode::Exam) => SessionMode::Exam,
                };
                commands.insert_resource(Session {
                    playthrough,
                    mode,
                    last: None,
                    notice: None,
                    decision_started: now,
                });
                *draft = Draft::default();
                screen.set(Screen::Play);
            }
            Err(e) => warn!("{e}"),
        }
    }
}

pub(crate) fn apply_answers(
    mut answers: MessageReader<SubmitAnswer>,
    mut session: ResMut<Session>,
    mut draft: ResMut<Draft>,
    mut screen: ResMut<NextState<Screen>>,
    mut finished: MessageWriter<RunFinished>,
) {
    for SubmitAnswer(answer) in answers.read() {
        let now = Utc::now();
        let took = (now - session.decision_started).num_milliseconds().max(0) as u64;
        match session.playthrough.answer(answer.clone(), now, took) {
            Ok(score) => {
                session.last = Some(score);
                session.notice = None;
                session.decision_started = now;
                *draft = Draft::default();
                if session.playthrough.is_finished() {
                    // a competition turn goes back to the trainer's scoreboard
                    screen.set(if session.contest_turn().is_some() {
                        Screen::Scoreboard
                    } else {
                        Screen::Debrief
                    });
                    finished.write(RunFinished);
                }
            }
            Err(e) => warn!("answer refused: {e}"),
        }
    }
}
