//! Competitions in the store: the setup, the turns played (as runs), observer points, and
//! which contest to offer for resumption after a crash.

use chrono::Utc;
use rusqlite::{OptionalExtension, params};

use super::{Corruption, Store, StoreError, StoreResult, timestamp};
use crate::competition::{
    ChecklistMark, ContestSetup, ObserverPoints, ObserverSheet, RoleScore, Scoreboard, Turn,
    TurnResult,
};
use crate::scenario::model::Role;

/// A contest turn in which a member acted, for their own history: the roles they played
/// in it and each role's score.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MemberTurn {
    pub competition: String,
    pub turn: Turn,
    pub team: String,
    pub case_id: String,
    pub case_title: String,
    pub finished_at: chrono::DateTime<Utc>,
    /// The roles the member acted, each with what it earned in this turn.
    pub roles: Vec<RoleScore>,
    /// Red lines crossed in the decisions of the member's roles.
    pub red_lines: usize,
    /// The team's case total for the turn and whether the case was passed.
    pub team_total: f64,
    pub passed: bool,
}

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

    /// Records an observer's checklist for a turn, in place of any sheet the same observer
    /// gave that turn before (a corrected sheet, not a second vote).
    pub fn add_observer_sheet(
        &mut self,
        competition: i64,
        sheet: &ObserverSheet,
    ) -> StoreResult<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let key = params![
            competition,
            sheet.round as i64,
            sheet.team as i64,
            sheet.observer
        ];
        tx.execute(
            "DELETE FROM observer_marks WHERE sheet_id IN (SELECT id FROM observer_sheets
             WHERE competition_id = ?1 AND round = ?2 AND team = ?3 AND observer = ?4)",
            key,
        )?;
        tx.execute(
            "DELETE FROM observer_sheets
             WHERE competition_id = ?1 AND round = ?2 AND team = ?3 AND observer = ?4",
            key,
        )?;
        tx.execute(
            "INSERT INTO observer_sheets (competition_id, round, team, observer, points, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                competition,
                sheet.round as i64,
                sheet.team as i64,
                sheet.observer,
                sheet.points,
                timestamp(Utc::now())
            ],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO observer_marks (sheet_id, seq, item, title, title_en, mark, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (seq, mark) in sheet.marks.iter().enumerate() {
                insert.execute(params![
                    id,
                    seq as i64,
                    mark.item,
                    mark.title,
                    mark.title_en,
                    mark.mark,
                    mark.comment
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every observer's checklist of a competition, in the order they were entered.
    pub fn observer_sheets(&self, competition: i64) -> StoreResult<Vec<ObserverSheet>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.id, s.team, s.round, s.observer, s.points,
                    m.item, m.title, m.title_en, m.mark, m.comment
             FROM observer_sheets s LEFT JOIN observer_marks m ON m.sheet_id = s.id
             WHERE s.competition_id = ?1 ORDER BY s.id, m.seq",
        )?;
        let mut sheets: Vec<(i64, ObserverSheet)> = Vec::new();
        let mut rows = statement.query([competition])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if sheets.last().is_none_or(|(last, _)| *last != id) {
                sheets.push((
                    id,
                    ObserverSheet {
                        team: r.get::<_, i64>(1)? as usize,
                        round: r.get::<_, i64>(2)? as usize,
                        observer: r.get(3)?,
                        points: r.get(4)?,
                        marks: Vec::new(),
                    },
                ));
            }
            if let Some(item) = r.get::<_, Option<String>>(5)? {
                let sheet = &mut sheets.last_mut().expect("pushed above").1;
                sheet.marks.push(ChecklistMark {
                    item,
                    title: r.get(6)?,
                    title_en: r.get(7)?,
                    mark: r.get(8)?,
                    comment: r.get(9)?,
                });
            }
        }
        Ok(sheets.into_iter().map(|(_, s)| s).collect())
    }

    /// The contest turns in which `member` acted a role (as named in a team's lineup), oldest
    /// first, with their roles' scores.
    pub fn member_turns(&self, member: &str) -> StoreResult<Vec<MemberTurn>> {
        let member = member.trim();
        let mut statement = self.conn.prepare_cached(
            "SELECT r.id, c.name, r.round, r.team, r.team_name, r.case_id, r.case_title,
                    r.finished_at, r.lineup, r.total, r.passed
             FROM runs r JOIN competitions c ON c.id = r.competition_id
             WHERE r.lineup IS NOT NULL AND EXISTS (
                SELECT 1 FROM json_each(r.lineup) j WHERE json_extract(j.value, '$[1]') = ?1)
             ORDER BY r.finished_at, r.id",
        )?;
        let rows = statement
            .query_map([member], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    Turn {
                        round: r.get::<_, i64>(2)? as usize,
                        team: r.get::<_, i64>(3)? as usize,
                    },
                    r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, f64>(9)?,
                    r.get::<_, bool>(10)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut turns = Vec::with_capacity(rows.len());
        for (id, competition, turn, team, case_id, case_title, at, lineup, total, passed) in rows {
            let lineup: Vec<(Role, String)> = serde_json::from_str(&lineup).unwrap_or_default();
            let acted: Vec<Role> = lineup
                .iter()
                .filter(|(_, name)| name.trim() == member)
                .map(|(role, _)| *role)
                .collect();
            let mut roles = Vec::new();
            let mut red_lines = 0;
            for role in &acted {
                let key = format!("{role:?}");
                let score = self
                    .conn
                    .query_row(
                        "SELECT earned, max FROM run_roles WHERE run_id = ?1 AND role = ?2",
                        params![id, key],
                        |r| Ok((r.get::<_, f64>(0)?, r.get::<_, f64>(1)?)),
                    )
                    .optional()?
                    .unwrap_or((0.0, 0.0));
                roles.push(RoleScore {
                    role: *role,
                    earned: score.0,
                    max: score.1,
                });
                red_lines += self.conn.query_row(
                    "SELECT COUNT(*) FROM decisions
                     WHERE run_id = ?1 AND role = ?2 AND red_line != 0",
                    params![id, key],
                    |r| r.get::<_, i64>(0),
                )? as usize;
            }
            turns.push(MemberTurn {
                competition,
                turn,
                team,
                case_id,
                case_title,
                finished_at: super::parse_timestamp(&at)?,
                roles,
                red_lines,
                team_total: total,
                passed,
            });
        }
        Ok(turns)
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
        let sheets = self.observer_sheets(info.id)?;
        Ok(Scoreboard::build_with_sheets(
            &info.setup,
            &results,
            &observers,
            &sheets,
        ))
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
