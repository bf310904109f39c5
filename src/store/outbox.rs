//! The outbox: each saved run's xAPI statements, waiting to be sent to a learning record store
//! (LRS). A run's statements are written in the run's own transaction, so a run is never saved
//! without them; `crate::lrs` sends them and marks them sent. Statement ids are derived from
//! the run and the person, so sending one twice adds nothing at the LRS.

use rusqlite::{Connection, OptionalExtension, params};

use super::queries::RunSummary;
use super::record::RunRecord;
use super::{Store, StoreResult, timestamp};
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

/// A statement waiting to be sent: its id and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: String,
    pub body: String,
}

/// Queues the statements of run `id` (just inserted) inside the caller's transaction, with
/// accounts at the home page set now.
pub(super) fn queue_run(tx: &Connection, id: i64, run: &RunRecord) -> StoreResult<()> {
    let competition: Option<String> = match &run.competition {
        Some(turn) => tx
            .query_row(
                "SELECT name FROM competitions WHERE id = ?1",
                [turn.competition],
                |r| r.get(0),
            )
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
        "INSERT INTO outbox (statement_id, run_id, body, queued_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (statement_id) DO NOTHING",
    )?;
    for statement in xapi::run_statements(summary, &home_page) {
        let statement_id = statement["id"].as_str().unwrap_or_default().to_owned();
        insert.execute(params![statement_id, id, statement.to_string(), now])?;
    }
    Ok(())
}

fn home_page(conn: &Connection) -> StoreResult<String> {
    let set: Option<String> = conn
        .query_row(
            "SELECT value FROM app_state WHERE key = 'xapi_home_page'",
            [],
            |r| r.get(0),
        )
        .optional()?;
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
            "SELECT statement_id, body FROM outbox INDEXED BY outbox_pending
             WHERE sent_at IS NULL AND rejected IS NULL ORDER BY queued_at, rowid LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |r| {
            Ok(Queued {
                id: r.get(0)?,
                body: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks these statements as accepted by the LRS.
    pub fn outbox_mark_sent(&self, ids: &[String]) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let now = timestamp(chrono::Utc::now());
            let mut update =
                tx.prepare_cached("UPDATE outbox SET sent_at = ?2 WHERE statement_id = ?1")?;
            for id in ids {
                update.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks a statement the LRS refused as malformed, with what it said; it is not sent again.
    pub fn outbox_mark_rejected(&self, id: &str, reason: &str) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE outbox SET rejected = ?2 WHERE statement_id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// Queues the statements of runs that have none in the outbox: runs saved before there was
    /// one (a database from an older liandong). Returns how many statements were queued.
    pub fn outbox_queue_missing(&self) -> StoreResult<usize> {
        let before: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
        let missing: Vec<i64> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT id FROM runs r WHERE NOT EXISTS
                    (SELECT 1 FROM outbox o INDEXED BY outbox_by_run WHERE o.run_id = r.id)",
            )?;
            let rows = statement.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        if missing.is_empty() {
            return Ok(0);
        }
        let missing: std::collections::HashSet<i64> = missing.into_iter().collect();
        let mut runs = self.runs(&super::RunFilter::default())?;
        runs.retain(|r| missing.contains(&r.id));
        self.fill_missed_rules(&mut runs)?;
        let tx = self.conn.unchecked_transaction()?;
        for run in runs.iter().filter(|r| missing.contains(&r.id)) {
            queue_statements(&tx, run.id, run)?;
        }
        tx.commit()?;
        let after: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
        Ok((after - before) as usize)
    }

    /// Remembers what went wrong when statements were last sent (`None`: the last try went
    /// well), as the JSON the caller gives.
    pub fn set_sync_error(&self, error: Option<&str>) -> StoreResult<()> {
        match error {
            Some(error) => self.conn.execute(
                "INSERT INTO app_state (key, value) VALUES ('lrs_last_error', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [error],
            )?,
            None => self
                .conn
                .execute("DELETE FROM app_state WHERE key = 'lrs_last_error'", [])?,
        };
        Ok(())
    }

    /// What [`Store::set_sync_error`] last kept.
    pub fn sync_error(&self) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM app_state WHERE key = 'lrs_last_error'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}
