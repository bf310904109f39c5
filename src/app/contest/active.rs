//! The competition being run, as the store has it, and the message that puts a team on stage.

use std::sync::Arc;

use bevy::prelude::*;

use crate::app::i18n::UiText;
use crate::app::library::Library;
use crate::app::storage::Storage;
use crate::competition::{Scoreboard, Turn, TurnResult};
use crate::scenario::model::Role;
use crate::store::{CompetitionInfo, CompetitionTurn, StoreError};

/// Why the contest's state could not be read from the store.
#[derive(Debug, Clone)]
pub enum ContestError {
    /// There is no database: the contest cannot be scored.
    NoStore,
    /// The database could not be read.
    Store(Arc<StoreError>),
}

impl ContestError {
    pub fn text(&self, ui: &UiText) -> String {
        match self {
            ContestError::NoStore => ui.contest.no_db.clone(),
            ContestError::Store(e) => ui.errors.store(e),
        }
    }
}

impl std::fmt::Display for ContestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContestError::NoStore => write!(f, "no database: the contest cannot be scored"),
            ContestError::Store(e) => write!(f, "{e}"),
        }
    }
}

/// The competition being run.
#[derive(Resource, Debug, Clone)]
pub struct ActiveContest {
    pub info: CompetitionInfo,
    /// The turn saved last, which observer points go to.
    pub last_result: Option<TurnResult>,
    /// The live scoreboard, rebuilt from the store after every change.
    pub board: Scoreboard,
}

impl ActiveContest {
    /// Loads a contest's state from the store: what is played, the scoreboard.
    pub fn load(info: CompetitionInfo, storage: &Storage) -> Result<ActiveContest, ContestError> {
        let mut contest = ActiveContest {
            last_result: None,
            board: Scoreboard::build(&info.setup, &[], &[]),
            info,
        };
        contest.refresh(storage)?;
        Ok(contest)
    }

    /// A turn as the store records it: the competition, the team and who acts which role.
    pub fn turn_record(&self, turn: Turn, lineup: Vec<(Role, String)>) -> CompetitionTurn {
        CompetitionTurn {
            competition: self.info.id,
            turn,
            team_name: self.info.setup.teams[turn.team].name.clone(),
            lineup,
        }
    }

    /// The next turn to play, from the store (not from memory: another instance or a crash
    /// may have changed it).
    pub fn next_turn(&self, storage: &Storage) -> Option<Turn> {
        let played = storage
            .with(|store| store.played_turns(self.info.id))
            .and_then(Result::ok)
            .unwrap_or_default();
        self.info.setup.next_turn(&played)
    }

    /// Rebuilds the scoreboard from the store after a turn or observer points.
    pub fn refresh(&mut self, storage: &Storage) -> Result<(), ContestError> {
        let id = self.info.id;
        let info = &self.info;
        let (results, board) = storage
            .with(|store| Ok::<_, StoreError>((store.turn_results(id)?, store.scoreboard(info)?)))
            .ok_or(ContestError::NoStore)?
            .map_err(|e| ContestError::Store(Arc::new(e)))?;
        self.board = board;
        // results come in the order they were saved
        self.last_result = results.last().cloned();
        Ok(())
    }

    /// The lineup of a turn, if its case is in the library.
    pub fn lineup_of(&self, turn: Turn, library: &Library) -> Option<Vec<(Role, String)>> {
        let case = library.case(&self.info.setup.case_of(turn)?)?;
        Some(self.info.setup.lineup(turn, &case))
    }
}

/// Put the next team on stage.
#[derive(Message, Debug, Clone, Copy)]
pub struct StartTurn(pub Turn);
