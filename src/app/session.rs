//! The case being played: starts it, takes the trainee's answers as messages, scores them with
//! the core, and moves to the debrief when the case ends.

use std::collections::BTreeSet;

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use super::contest::ActiveContest;
use super::library::Library;
use super::storage::RunFinished;
use crate::app::screen::Screen;
use crate::playthrough::{Playthrough, RoleChoice};
use crate::scenario::ids::{ActionId, CueId, NeedId, StepId};
use crate::scenario::model::Tier;
use crate::scoring::{Answer, DecisionScore};

/// Practice shows each decision's feedback at once; exam keeps it for the debrief.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlayMode {
    #[default]
    Practice,
    Exam,
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
}

/// The trainee's answer to the pending decision.
#[derive(Message, Debug, Clone)]
pub struct SubmitAnswer(pub Answer);

/// The case in play.
#[derive(Resource)]
pub struct Session {
    pub playthrough: Playthrough,
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
}

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
        .add_systems(
            Update,
            (
                start_cases,
                apply_answers.run_if(resource_exists::<Session>),
            )
                .chain(),
        );
}

fn start_cases(
    mut starts: MessageReader<StartCase>,
    library: Res<Library>,
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
                commands.insert_resource(Session {
                    playthrough,
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
    contest: Option<Res<ActiveContest>>,
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
                    let turn = contest.as_ref().and_then(|c| c.playing_turn());
                    screen.set(if turn.is_some() {
                        Screen::Scoreboard
                    } else {
                        Screen::Debrief
                    });
                    finished.write(RunFinished { competition: turn });
                }
            }
            Err(e) => warn!("answer refused: {e}"),
        }
    }
}
