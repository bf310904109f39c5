//! The outbox: each saved run's xAPI statements, waiting to be sent to a learning record store
//! (LRS). A run's statements are written in the run's own transaction, so a run is never saved
//! without them; `crate::lrs` sends them and marks them sent. Statement ids are derived from
//! the run and the person, so sending one twice adds nothing at the LRS.

use rusqlite::{Connection, OptionalExtension, params};

use super::queries::RunSummary;
use super::record::RunRecord;
use super::{Store, StoreResult, app_state, set_app_state, timestamp};
use crate::export::xapi;

/// How many statements have been sent, wait to be sent, or were refused by the LRS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// 已同步: accepted by the LRS.
    pub sent: usize,
    /// 待同步: waiting to be sent.
    pub pending: usize,
    /// Refused by the LRS as malformed; kept, with its reason, and not sent again.
    pub rejected: usize,
}

/// A statement waiting to be sent: its row in the outbox, its statement id and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub row: i64,
    pub id: String,
    pub body: String,
}

/// Queues the statements of run `id` (just inserted) inside the caller's transaction, with
/// accounts at the home page set now.
pub(super) fn queue_run(tx: &Connection, id: i64, run: &RunRecord) -> StoreResult<()> {
    let competition: Option<String> = match &run.competition {
        Some(turn) => tx
            .prepare_cached("SELECT name FROM competitions WHERE id = ?1")?
            .query_row([turn.competition], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let summary = RunSummary::from_record(id, run, competition);
    queue_statements(tx, id, &summary)
}

fn queue_statements(tx: &Connection, id: i64, summary: &RunSummary) -> StoreResult<()> {
    let home_page = home_page(tx)?;
    let now = timestamp(chrono::Utc::now());
    let mut insert = tx.prepare_cached(
        "INSERT INTO outbox (run_id, statement_id, body, queued_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for statement in xapi::run_statements(summary, &home_page) {
        let statement_id = statement["id"].as_str().unwrap_or_default().to_owned();
        insert.execute(params![id, statement_id, statement.to_string(), now])?;
    }
    Ok(())
}

/// The home page of the xAPI accounts: the bank's own once set, else the default.
pub(super) fn home_page(conn: &Connection) -> StoreResult<String> {
    let set = app_state(conn, "xapi_home_page")?;
    Ok(set.unwrap_or_else(|| xapi::DEFAULT_HOME_PAGE.to_owned()))
}

impl Store {
    /// How many statements are sent, waiting, or refused.
    pub fn outbox_counts(&self) -> StoreResult<OutboxCounts> {
        Ok(self.conn.query_row(
            "SELECT COUNT(sent_at), COUNT(*) - COUNT(sent_at) - COUNT(rejected), COUNT(rejected)
             FROM outbox",
            [],
            |r| {
                Ok(OutboxCounts {
                    sent: r.get::<_, i64>(0)? as usize,
                    pending: r.get::<_, i64>(1)? as usize,
                    rejected: r.get::<_, i64>(2)? as usize,
                })
            },
        )?)
    }

    /// Up to `limit` statements waiting to be sent, oldest first.
    pub fn outbox_pending(&self, limit: usize) -> StoreResult<Vec<Queued>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, statement_id, body FROM outbox INDEXED BY outbox_pending
             WHERE sent_at IS NULL AND rejected IS NULL ORDER BY id LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |r| {
            Ok(Queued {
                row: r.get(0)?,
                id: r.get(1)?,
                body: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks these statements (their [`Queued::row`]) as accepted by the LRS.
    pub fn outbox_mark_sent(&self, rows: &[i64]) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let now = timestamp(chrono::Utc::now());
            let mut update = tx.prepare_cached("UPDATE outbox SET sent_at = ?2 WHERE id = ?1")?;
            for row in rows {
                update.execute(params![row, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks a statement the LRS refused as malformed, with what it said; it is not sent again.
    pub fn outbox_mark_rejected(&self, row: i64, reason: &str) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE outbox SET rejected = ?2 WHERE id = ?1",
            params![row, reason],
        )?;
        Ok(())
    }

    /// Queues the statements of the runs saved before there was an outbox (a database from
    /// an older liandong), once. Returns how many statements were queued.
    pub fn outbox_queue_missing(&self) -> StoreResult<usize> {
        let before: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT CAST(value AS INTEGER) FROM app_state WHERE key = 'outbox_runs_before'",
            )?
            .query_row([], |r| r.get(0))
            .optional()?;
        let Some(before) = before else {
            return Ok(0);
        };
        let mut runs = self.runs(&super::RunFilter::default())?;
        runs.retain(|r| r.id <= before);
        self.fill_missed_rules(&mut runs)?;
        let tx = self.conn.unchecked_transaction()?;
        let count: i64 = tx.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
        for run in &runs {
            queue_statements(&tx, run.id, run)?;
        }
        tx.execute("DELETE FROM app_state WHERE key = 'outbox_runs_before'", [])?;
        let queued: i64 = tx.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
        tx.commit()?;
        Ok((queued - count) as usize)
    }

    /// Remembers what went wrong when statements were last sent (`None`: the last try went
    /// well), as the JSON the caller gives.
    pub fn set_sync_error(&self, error: Option<&str>) -> StoreResult<()> {
        Ok(set_app_state(&self.conn, "lrs_last_error", error)?)
    }

    /// What [`Store::set_sync_error`] last kept.
    pub fn sync_error(&self) -> StoreResult<Option<String>> {
        Ok(app_state(&self.conn, "lrs_last_error")?)
    }
}
