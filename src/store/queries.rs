//! Writing a finished run (one transaction) and reading runs back.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::record::{DecisionRecord, RedLineRecord, RunMode, RunRecord};
use super::{Corruption, Store, StoreError, StoreResult, parse_timestamp, timestamp};
use crate::competition::Turn;
use crate::scenario::model::Role;
use crate::scoring::DimensionScores;

/// Which runs to list.
#[derive(Debug, Clone, Default)]
pub struct RunFilter {
    pub trainee: Option<String>,
    pub competition: Option<String>,
}

/// A run without its decisions: what lists, charts and exports need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub registration: String,
    /// The trainee, or the team in a competition.
    pub trainee: String,
    pub case_id: String,
    pub case_title: String,
    pub case_hash: String,
    pub seed: u64,
    pub role: String,
    pub mode: RunMode,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: chrono::DateTime<chrono::Utc>,
    pub time_ms: u64,
    pub total: f64,
    pub dimensions: DimensionScores,
    pub passed: bool,
    pub red_line_count: usize,
    pub competition: Option<String>,
    pub turn: Option<Turn>,
    /// "柜员：张三；大堂经理：李四" in a competition.
    pub lineup: Vec<(Role, String)>,
    /// The referral points (转介积分) each role of the chain earned (none for a run saved
    /// before they were kept).
    #[serde(default)]
    pub referral: Vec<(Role, f64)>,
    /// The trainee's staff number and branch as given for this run.
    #[serde(default)]
    pub identity: super::Identity,
    /// The rules the run's decisions lost points against, once per miss, in decision order.
    /// Left empty by [`Store::runs`] (lists need them not); [`Store::fill_missed_rules`]
    /// reads them for an export.
    #[serde(default)]
    pub missed_rules: Vec<String>,
}

impl RunSummary {
    /// The summary of a run just saved as `id`, in contest `competition` (its name).
    pub(super) fn from_record(id: i64, run: &RunRecord, competition: Option<String>) -> RunSummary {
        RunSummary {
            id,
            registration: run.registration.clone(),
            trainee: match &run.competition {
                Some(turn) => turn.team_name.clone(),
                None => run.trainee.trim().to_owned(),
            },
            case_id: run.case_id.clone(),
            case_title: run.case_title.clone(),
            case_hash: run.case_hash.clone(),
            seed: run.seed,
            role: run.role.clone(),
            mode: run.mode(),
            started_at: run.started_at,
            finished_at: run.finished_at,
            time_ms: run.time_ms,
            total: run.total,
            dimensions: run.dimensions,
            passed: run.passed,
            red_line_count: run.red_lines.len(),
            competition,
            turn: run.competition.as_ref().map(|c| c.turn),
            lineup: run
                .competition
                .as_ref()
                .map(|c| c.lineup.clone())
                .unwrap_or_default(),
            referral: run.referral.clone(),
            identity: run.identity.clone(),
            missed_rules: run
                .decisions
                .iter()
                .filter(|d| d.earned < d.max - 1e-9)
                .filter_map(|d| d.rule.clone())
                .collect(),
        }
    }

    /// The referral points earned by whoever played (see [`super::record::referral_earned`]).
    pub fn referral_earned(&self) -> f64 {
        super::record::referral_earned(
            &self.role,
            self.mode == RunMode::Competition,
            &self.referral,
        )
    }
}

/// A rule a trainee keeps missing: how often they chose against it, and how often that was a
/// red line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrokenRule {
    pub rule: String,
    pub misses: usize,
    pub red_lines: usize,
}

const SUMMARY_COLUMNS: &str = "r.id, r.registration, COALESCE(t.name, r.team_name), r.case_id,
    r.case_title, r.case_hash, r.seed, r.role, r.mode, r.started_at, r.finished_at, r.time_ms,
    r.total, r.identification, r.script, r.handoff, r.passed, r.red_line_count, c.name,
    r.round, r.team, r.lineup, r.staff_no, r.branch";

fn summary_from_row(row: &Row) -> rusqlite::Result<RunSummary> {
    let mode: String = row.get(8)?;
    let round: Option<i64> = row.get(19)?;
    let team: Option<i64> = row.get(20)?;
    let lineup: Option<String> = row.get(21)?;
    Ok(RunSummary {
        id: row.get(0)?,
        registration: row.get(1)?,
        trainee: row.get(2)?,
        case_id: row.get(3)?,
        case_title: row.get(4)?,
        case_hash: row.get(5)?,
        seed: row.get::<_, i64>(6)? as u64,
        role: row.get(7)?,
        mode: if mode == "competition" {
            RunMode::Competition
        } else {
            RunMode::Practice
        },
        started_at: parse_timestamp(&row.get::<_, String>(9)?)?,
        finished_at: parse_timestamp(&row.get::<_, String>(10)?)?,
        time_ms: row.get::<_, i64>(11)? as u64,
        total: row.get(12)?,
        dimensions: DimensionScores {
            identification: row.get(13)?,
            script: row.get(14)?,
            handoff: row.get(15)?,
        },
        passed: row.get(16)?,
        red_line_count: row.get::<_, i64>(17)? as usize,
        competition: row.get(18)?,
        turn: round.zip(team).map(|(round, team)| Turn {
            round: round as usize,
            team: team as usize,
        }),
        lineup: lineup
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default(),
        // filled in by the caller, from the referral_points table
        referral: Vec::new(),
        identity: super::Identity {
            staff_no: row.get(22)?,
            branch: row.get(23)?,
        },
        missed_rules: Vec::new(),
    })
}

impl Store {
    /// Writes a finished run, its decisions and red lines in one transaction, and returns its
    /// id. A practice run signs its trainee in if needed.
    pub fn save_run(&mut self, run: &RunRecord) -> StoreResult<i64> {
        self.write_run(run).map_err(|e| self.explain_write_error(e))
    }

    fn write_run(&mut self, run: &RunRecord) -> StoreResult<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = insert_run(&tx, run)?;
        tx.commit()?;
        Ok(id)
    }

    /// Runs matching the filter, oldest first.
    pub fn runs(&self, filter: &RunFilter) -> StoreResult<Vec<RunSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM runs r
               LEFT JOIN trainees t ON t.id = r.trainee_id
               LEFT JOIN competitions c ON c.id = r.competition_id
             WHERE (?1 IS NULL OR t.name = ?1) AND (?2 IS NULL OR c.name = ?2)
             ORDER BY r.finished_at, r.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(
            (filter.trainee.as_deref(), filter.competition.as_deref()),
            summary_from_row,
        )?;
        let mut runs: Vec<RunSummary> = rows.collect::<Result<_, _>>()?;
        // one pass over the points table between the first and the last run listed, in its
        // own order (a subquery per run, or a join back to the runs, cost several times more)
        let at: std::collections::HashMap<i64, usize> =
            runs.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let (Some(first), Some(last)) = (at.keys().min(), at.keys().max()) else {
            return Ok(runs);
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT run_id, role, points FROM referral_points
             WHERE run_id BETWEEN ?1 AND ?2 ORDER BY run_id, seq",
        )?;
        let mut rows = statement.query((first, last))?;
        // a handful of role names over tens of thousands of rows: read each name once
        let mut names: Vec<(String, Option<Role>)> = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(&i) = at.get(&row.get::<_, i64>(0)?) else {
                continue;
            };
            let name = row.get_ref(1)?.as_str().unwrap_or_default();
            let role = match names.iter().find(|(n, _)| n == name) {
                Some((_, role)) => *role,
                None => {
                    let role = ron::from_str(name).ok();
                    names.push((name.to_owned(), role));
                    role
                }
            };
            if let Some(role) = role {
                runs[i].referral.push((role, row.get(2)?));
            }
        }
        Ok(runs)
    }

    /// Fills in each run's [`RunSummary::missed_rules`], in one pass over the decisions that
    /// lost points.
    pub fn fill_missed_rules(&self, runs: &mut [RunSummary]) -> StoreResult<()> {
        let at: std::collections::HashMap<i64, usize> =
            runs.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let (Some(first), Some(last)) = (at.keys().min(), at.keys().max()) else {
            return Ok(());
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT run_id, rule FROM decisions INDEXED BY decisions_missed
             WHERE run_id BETWEEN ?1 AND ?2 AND rule IS NOT NULL AND earned < max - 1e-9
             ORDER BY run_id, seq",
        )?;
        let mut rows = statement.query((first, last))?;
        while let Some(row) = rows.next()? {
            if let Some(&i) = at.get(&row.get::<_, i64>(0)?) {
                runs[i].missed_rules.push(row.get(1)?);
            }
        }
        Ok(())
    }

    /// One run with its decisions and red lines, as it was saved.
    pub fn run(&self, id: i64) -> StoreResult<Option<RunRecord>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, r.pass_mark, x.ron, r.competition_id
             FROM runs r JOIN transcripts x ON x.run_id = r.id
               LEFT JOIN trainees t ON t.id = r.trainee_id
               LEFT JOIN competitions c ON c.id = r.competition_id WHERE r.id = ?1"
        );
        let found = self
            .conn
            .query_row(&sql, [id], |row| {
                Ok((
                    summary_from_row(row)?,
                    row.get::<_, u32>(24)?,
                    row.get::<_, String>(25)?,
                    row.get::<_, Option<i64>>(26)?,
                ))
            })
            .optional()?;
        let Some((summary, pass_mark, transcript, competition_id)) = found else {
            return Ok(None);
        };
        let decisions = decisions_of(&self.conn, id)?;
        let red_lines = red_lines_of(&self.conn, id)?;
        let competition = match (competition_id, summary.turn) {
            (Some(competition), Some(turn)) => Some(super::CompetitionTurn {
                competition,
                turn,
                team_name: summary.trainee.clone(),
                lineup: summary.lineup.clone(),
            }),
            _ => None,
        };
        let referral = referral_of(&self.conn, id)?;
        Ok(Some(RunRecord {
            referral,
            identity: summary.identity,
            registration: summary.registration,
            trainee: summary.trainee,
            case_id: summary.case_id,
            case_title: summary.case_title,
            case_hash: summary.case_hash,
            seed: summary.seed,
            role: summary.role,
            started_at: summary.started_at,
            finished_at: summary.finished_at,
            time_ms: summary.time_ms,
            total: summary.total,
            dimensions: summary.dimensions,
            passed: summary.passed,
            pass_mark,
            red_lines,
            decisions,
            transcript,
            competition,
        }))
    }

    /// The transcript (RON) a run was saved with, to replay or review it.
    pub fn transcript(&self, id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT ron FROM transcripts WHERE run_id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The rules a trainee chose against most often (their 错题集), most missed first.
    pub fn broken_rules(&self, trainee: &str) -> StoreResult<Vec<BrokenRule>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT d.rule, COUNT(*), SUM(d.red_line)
             FROM runs r JOIN decisions d INDEXED BY decisions_missed ON d.run_id = r.id
             WHERE r.trainee_id = (SELECT id FROM trainees WHERE name = ?1)
               AND d.rule IS NOT NULL AND d.earned < d.max - 1e-9
             GROUP BY d.rule ORDER BY COUNT(*) DESC, d.rule",
        )?;
        let rows = statement.query_map([trainee], |row| {
            Ok(BrokenRule {
                rule: row.get(0)?,
                misses: row.get::<_, i64>(1)? as usize,
                red_lines: row.get::<_, i64>(2)? as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Inserts a run with its transcript, decisions, per-role sums and red lines, inside the
/// caller's transaction. A contest turn already saved is refused with
/// [`StoreError::TurnPlayed`] rather than SQLite's bare constraint error.
pub(super) fn insert_run(tx: &Connection, run: &RunRecord) -> StoreResult<i64> {
    let trainee_id: Option<i64> = if run.competition.is_none() {
        let name = run.trainee.trim();
        let (staff_no, branch) = (&run.identity.staff_no, &run.identity.branch);
        // the staff number and branch given last are the trainee's; a run without them
        // leaves what is known
        tx.execute(
            "INSERT INTO trainees (name, created_at, staff_no, branch) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET
                staff_no = COALESCE(excluded.staff_no, staff_no),
                branch = COALESCE(excluded.branch, branch)",
            (name, timestamp(run.started_at), staff_no, branch),
        )?;
        Some(
            tx.query_row("SELECT id FROM trainees WHERE name = ?1", [name], |r| {
                r.get(0)
            })?,
        )
    } else {
        None
    };
    let competition = run.competition.as_ref();
    if let Some(turn) = competition {
        let taken = tx
            .query_row(
                "SELECT 1 FROM runs WHERE competition_id = ?1 AND round = ?2 AND team = ?3",
                params![
                    turn.competition,
                    turn.turn.round as i64,
                    turn.turn.team as i64
                ],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if taken {
            return Err(StoreError::TurnPlayed {
                round: turn.turn.round,
                team: turn.team_name.clone(),
            });
        }
    }
    let lineup = competition
        .map(|c| serde_json::to_string(&c.lineup))
        .transpose()
        .map_err(|e| StoreError::Corrupt(Corruption::Encode(e)))?;
    tx.execute(
        "INSERT INTO runs (registration, trainee_id, case_id, case_title, case_hash, seed,
            role, mode, started_at, finished_at, time_ms, total, identification, script,
            handoff, passed, pass_mark, red_line_count, competition_id, round, team,
            team_name, lineup, staff_no, branch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
        params![
            run.registration,
            trainee_id,
            run.case_id,
            run.case_title,
            run.case_hash,
            run.seed as i64,
            run.role,
            run.mode().as_str(),
            timestamp(run.started_at),
            timestamp(run.finished_at),
            run.time_ms as i64,
            run.total,
            run.dimensions.identification,
            run.dimensions.script,
            run.dimensions.handoff,
            run.passed,
            run.pass_mark,
            run.red_lines.len() as i64,
            competition.map(|c| c.competition),
            competition.map(|c| c.turn.round as i64),
            competition.map(|c| c.turn.team as i64),
            competition.map(|c| c.team_name.as_str()),
            lineup,
            run.identity.staff_no,
            run.identity.branch,
        ],
    )?;
    let id = tx.last_insert_rowid();
    super::outbox::queue_run(tx, id, run)?;
    tx.execute(
        "INSERT INTO transcripts (run_id, ron) VALUES (?1, ?2)",
        (id, &run.transcript),
    )?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO decisions (run_id, seq, step, role, dimension, answer, earned, max,
                grade, rule, at, duration_ms, red_line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for (seq, d) in run.decisions.iter().enumerate() {
            insert.execute(params![
                id,
                seq as i64,
                d.step,
                format!("{:?}", d.role),
                serde_json::to_string(&d.dimension).unwrap_or_default(),
                d.answer,
                d.earned,
                d.max,
                d.grade,
                d.rule,
                timestamp(d.at),
                d.duration_ms as i64,
                run.red_lines.iter().any(|r| r.step == d.step),
            ])?;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO run_roles (run_id, role, first, earned, max) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (first, score) in run.role_scores().iter().enumerate() {
            insert.execute(params![
                id,
                format!("{:?}", score.role),
                first as i64,
                score.earned,
                score.max
            ])?;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO red_lines (run_id, seq, rule, title, step) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (seq, r) in run.red_lines.iter().enumerate() {
            insert.execute(params![id, seq as i64, r.rule, r.title, r.step])?;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO referral_points (run_id, seq, role, points) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (seq, (role, points)) in run.referral.iter().enumerate() {
            insert.execute(params![id, seq as i64, format!("{role:?}"), points])?;
        }
    }
    Ok(id)
}

/// A run's decisions in the order they were made.
pub(super) fn decisions_of(conn: &Connection, id: i64) -> StoreResult<Vec<DecisionRecord>> {
    let mut statement = conn.prepare_cached(
        "SELECT step, role, dimension, answer, earned, max, grade, rule, at, duration_ms
         FROM decisions WHERE run_id = ?1 ORDER BY seq",
    )?;
    let decisions = statement
        .query_map([id], |row| {
            let role: String = row.get(1)?;
            let dimension: String = row.get(2)?;
            Ok(DecisionRecord {
                step: row.get(0)?,
                role: ron::from_str(&role).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
                dimension: serde_json::from_str(&dimension).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
                answer: row.get(3)?,
                earned: row.get(4)?,
                max: row.get(5)?,
                grade: row.get(6)?,
                rule: row.get(7)?,
                at: parse_timestamp(&row.get::<_, String>(8)?)?,
                duration_ms: row.get::<_, i64>(9)? as u64,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(decisions)
}

/// A run's red lines in the order they were crossed.
pub(super) fn red_lines_of(conn: &Connection, id: i64) -> StoreResult<Vec<RedLineRecord>> {
    let mut statement = conn
        .prepare_cached("SELECT rule, title, step FROM red_lines WHERE run_id = ?1 ORDER BY seq")?;
    let red_lines = statement
        .query_map([id], |row| {
            Ok(RedLineRecord {
                rule: row.get(0)?,
                title: row.get(1)?,
                step: row.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(red_lines)
}

/// The referral points of a run, per role.
pub(super) fn referral_of(conn: &Connection, id: i64) -> StoreResult<Vec<(Role, f64)>> {
    let mut statement = conn.prepare_cached(
        "SELECT role, points FROM referral_points WHERE run_id = ?1 ORDER BY seq",
    )?;
    let rows = statement
        .query_map([id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, f64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, points)| Some((ron::from_str(&role).ok()?, points)))
        .collect())
}
