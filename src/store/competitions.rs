//! Competitions in the store: the setup, the turns played (as runs), observer points, and
//! which contest to offer for resumption after a crash.

use chrono::Utc;
use rusqlite::{OptionalExtension, params};

use super::{Corruption, Store, StoreError, StoreResult, timestamp};
use crate::competition::{ContestSetup, ObserverPoints, RoleScore, Scoreboard, Turn, TurnResult};

#[derive(Debug, Clone, PartialEq)]
pub struct CompetitionInfo {
    pub id: i64,
    pub setup: ContestSetup,
    pub finished: bool,
}

/// An unfinished competition and the exact turn where it stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Resumable {
    pub info: CompetitionInfo,
    pub next: Turn,
    pub played: usize,
}

impl Store {
    /// Saves a new competition. Names are unique, so a contest can be named on the CLI.
    pub fn create_competition(&mut self, setup: &ContestSetup) -> StoreResult<i64> {
        let json =
            serde_json::to_string(setup).map_err(|e| StoreError::Corrupt(Corruption::Encode(e)))?;
        self.conn.execute(
            "INSERT INTO competitions (name, setup, created_at) VALUES (?1, ?2, ?3)",
            (&setup.name, json, timestamp(Utc::now())),
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn competition(&self, name: &str) -> StoreResult<Option<CompetitionInfo>> {
        self.conn
            .query_row(
                "SELECT id, setup, finished_at IS NOT NULL FROM competitions WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?)),
            )
            .optional()?
            .map(info_from)
            .transpose()
    }

    /// Every competition, newest first.
    pub fn competitions(&self) -> StoreResult<Vec<CompetitionInfo>> {
        let mut statement = self.conn.prepare(
            "SELECT id, setup, finished_at IS NOT NULL FROM competitions ORDER BY id DESC",
        )?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(info_from).collect()
    }

    /// The turns of a competition already played.
    pub fn played_turns(&self, competition: i64) -> StoreResult<Vec<Turn>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT round, team FROM runs WHERE competition_id = ?1 ORDER BY round, team",
        )?;
        let rows = statement.query_map([competition], |r| {
            Ok(Turn {
                round: r.get::<_, i64>(0)? as usize,
                team: r.get::<_, i64>(1)? as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest competition that has turns left, with the turn to play next.
    pub fn resumable(&self) -> StoreResult<Option<Resumable>> {
        for info in self.competitions()? {
            if info.finished {
                continue;
            }
            let played = self.played_turns(info.id)?;
            if let Some(next) = info.setup.next_turn(&played) {
                return Ok(Some(Resumable {
                    next,
                    played: played.len(),
                    info,
                }));
            }
        }
        Ok(None)
    }

    /// Marks a competition over (all turns played, or abandoned by the trainer).
    pub fn finish_competition(&mut self, competition: i64) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE competitions SET finished_at = ?2 WHERE id = ?1 AND finished_at IS NULL",
            (competition, timestamp(Utc::now())),
        )?;
        Ok(())
    }

    pub fn add_observer_points(
        &mut self,
        competition: i64,
        points: &ObserverPoints,
    ) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO observer_points (competition_id, round, team, points, comment, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                competition,
                points.round as i64,
                points.team as i64,
                points.points,
                points.comment,
                timestamp(Utc::now())
            ],
        )?;
        Ok(())
    }

    pub fn observer_points(&self, competition: i64) -> StoreResult<Vec<ObserverPoints>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT team, round, points, comment FROM observer_points
             WHERE competition_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([competition], |r| {
            Ok(ObserverPoints {
                team: r.get::<_, i64>(0)? as usize,
                round: r.get::<_, i64>(1)? as usize,
                points: r.get(2)?,
                comment: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every finished turn with its per-role scores, for the scoreboard.
    pub fn turn_results(&self, competition: i64) -> StoreResult<Vec<TurnResult>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT r.id, r.round, r.team, r.total, r.red_line_count, r.time_ms, r.passed,
                    x.role, x.earned, x.max
             FROM runs r LEFT JOIN run_roles x ON x.run_id = r.id
             WHERE r.competition_id = ?1
             ORDER BY r.id, x.first",
        )?;
        let mut results: Vec<(i64, TurnResult)> = Vec::new();
        let mut rows = statement.query([competition])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if results.last().is_none_or(|(last, _)| *last != id) {
                results.push((
                    id,
                    TurnResult {
                        turn: Turn {
                            round: r.get::<_, i64>(1)? as usize,
                            team: r.get::<_, i64>(2)? as usize,
                        },
                        total: r.get(3)?,
                        red_lines: r.get::<_, i64>(4)? as usize,
                        time_ms: r.get::<_, i64>(5)? as u64,
                        passed: r.get(6)?,
                        roles: Vec::new(),
                    },
                ));
            }
            if let Some(role) = r.get::<_, Option<String>>(7)? {
                let role = ron::from_str(&role).map_err(|source| {
                    StoreError::Corrupt(Corruption::Role {
                        text: role.clone(),
                        source: Box::new(source),
                    })
                })?;
                let turn = &mut results.last_mut().expect("pushed above").1;
                turn.roles.push(RoleScore {
                    role,
                    earned: r.get(8)?,
                    max: r.get(9)?,
                });
            }
        }
        Ok(results.into_iter().map(|(_, t)| t).collect())
    }

    /// The live scoreboard of a competition.
    pub fn scoreboard(&self, info: &CompetitionInfo) -> StoreResult<Scoreboard> {
        let results = self.turn_results(info.id)?;
        let observers = self.observer_points(info.id)?;
        Ok(Scoreboard::build(&info.setup, &results, &observers))
    }
}

fn info_from((id, setup, finished): (i64, String, bool)) -> StoreResult<CompetitionInfo> {
    let setup = serde_json::from_str(&setup)
        .map_err(|source| StoreError::Corrupt(Corruption::ContestSetup { id, source }))?;
    Ok(CompetitionInfo {
        id,
        setup,
        finished,
    })
}
