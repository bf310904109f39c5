//! The embedded database (SQLite): trainees, finished runs with every decision, competitions
//! and observer points. Every write is one transaction, so a run is either all there or not
//! there at all, whatever happens to the process.

mod competitions;
mod queries;
mod record;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use competitions::{CompetitionInfo, Resumable};
pub use queries::{BrokenRule, RunFilter, RunSummary};
pub use record::{CompetitionTurn, DecisionRecord, RedLineRecord, RunMode, RunRecord, case_hash};

pub const DB_FILE: &str = "liandong.db";

/// Why the store could not be opened; the app then plays on without saving and says so.
#[derive(Debug)]
pub enum StoreError {
    /// The data folder cannot be created or written (read-only, no permission, disk full).
    Unwritable {
        dir: PathBuf,
        reason: String,
    },
    /// The database was written by a newer liandong; it is left untouched.
    TooNew {
        found: i64,
        known: i64,
    },
    /// The disk (or the file size the system allows) is full; the write was rolled back.
    DiskFull(String),
    Sqlite(rusqlite::Error),
    /// Saved data that cannot be read back (a bug or a hand-edited database).
    Corrupt(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unwritable { dir, reason } => {
                write!(f, "数据文件夹 {} 无法写入：{reason}", dir.display())
            }
            StoreError::TooNew { found, known } => write!(
                f,
                "数据库来自更新版本的 liandong（结构版本 {found}，本程序只认识到 {known}），请升级程序"
            ),
            StoreError::DiskFull(reason) => write!(
                f,
                "磁盘已满（{reason}）：这次的成绩没有写入，已保存的成绩不受影响；清理出空间后再试"
            ),
            StoreError::Sqlite(e) => write!(f, "数据库出错：{e}"),
            StoreError::Corrupt(what) => write!(f, "数据库里的记录无法读取：{what}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A database that could not be read and was moved aside before a fresh one was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub moved_to: PathBuf,
    pub reason: String,
}

impl Recovery {
    pub fn message(&self) -> String {
        format!(
            "数据库无法读取（{}），已移到 {} 并新建了一个空数据库",
            self.reason,
            self.moved_to.display()
        )
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the database in `dir`. A corrupt database is moved aside with a
    /// timestamp and replaced by a fresh one; the returned [`Recovery`] says so.
    pub fn open(dir: &Path) -> StoreResult<(Store, Option<Recovery>)> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Unwritable {
            dir: dir.to_owned(),
            reason: e.to_string(),
        })?;
        let path = dir.join(DB_FILE);
        match Store::open_file(&path) {
            Ok(store) => Ok((store, None)),
            Err(StoreError::Sqlite(e)) if is_corruption(&e) => {
                let moved_to = move_aside(&path)?;
                let store = Store::open_file(&path)?;
                Ok((
                    store,
                    Some(Recovery {
                        moved_to,
                        reason: e.to_string(),
                    }),
                ))
            }
            Err(StoreError::Sqlite(e)) if is_unwritable(&e) => Err(StoreError::Unwritable {
                dir: dir.to_owned(),
                reason: e.to_string(),
            }),
            Err(StoreError::DiskFull(reason)) => Err(StoreError::Unwritable {
                dir: dir.to_owned(),
                reason,
            }),
            Err(e) => Err(e),
        }
    }

    fn open_file(path: &Path) -> StoreResult<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // another instance may hold the write lock for a moment: wait rather than fail
        conn.busy_timeout(Duration::from_secs(10))?;
        // WAL lets a second instance read while one writes; FULL makes a commit survive
        // power loss, not only a crash
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(check),
            )));
        }
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> StoreResult<()> {
        let known = schema::MIGRATIONS.len() as i64;
        // IMMEDIATE: two instances starting together must not both run a migration
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        for sql in &schema::MIGRATIONS[version as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", known)?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version (the number of migrations applied).
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// SQLite reports a full disk (ENOSPC) as such, but a file-size limit or a quota as a
    /// generic I/O error: the system's own error number tells them apart.
    pub(crate) fn explain_write_error(&self, error: StoreError) -> StoreError {
        #[cfg(unix)]
        if let StoreError::Sqlite(inner) = &error
            && inner.sqlite_error_code() == Some(ErrorCode::SystemIoFailure)
        {
            // SAFETY: the handle belongs to this open connection and is only read here
            let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(self.conn.handle()) };
            if [libc::ENOSPC, libc::EFBIG, libc::EDQUOT].contains(&errno) {
                let why = std::io::Error::from_raw_os_error(errno);
                return StoreError::DiskFull(format!("{inner}：{why}"));
            }
        }
        error
    }

    /// Signs a trainee in by name, creating them on first use. Names are trimmed.
    pub fn sign_in(&mut self, name: &str) -> StoreResult<i64> {
        let name = name.trim();
        self.conn.execute(
            "INSERT INTO trainees (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            (name, timestamp(Utc::now())),
        )?;
        Ok(self
            .conn
            .query_row("SELECT id FROM trainees WHERE name = ?1", [name], |r| {
                r.get(0)
            })?)
    }

    /// Every trainee's name, most recently active first.
    pub fn trainees(&self) -> StoreResult<Vec<String>> {
        let mut statement = self.conn.prepare(
            "SELECT t.name FROM trainees t LEFT JOIN runs r ON r.trainee_id = t.id
             GROUP BY t.id ORDER BY MAX(COALESCE(r.finished_at, t.created_at)) DESC",
        )?;
        let names = statement.query_map([], |r| r.get(0))?;
        Ok(names.collect::<Result<_, _>>()?)
    }
}

/// Timestamps are stored as RFC 3339 text in UTC, with as many fraction digits as needed.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub(crate) fn parse_timestamp(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

fn is_unwritable(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::PermissionDenied
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
        )
    )
}

/// Renames the database and its journal files to `liandong.db.corrupt-<time>`.
fn move_aside(path: &Path) -> StoreResult<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let moved_to = path.with_file_name(format!("{DB_FILE}.corrupt-{stamp}"));
    let unwritable = |e: std::io::Error| StoreError::Unwritable {
        dir: path.parent().unwrap_or(path).to_owned(),
        reason: e.to_string(),
    };
    std::fs::rename(path, &moved_to).map_err(unwritable)?;
    for suffix in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", path.display()));
        if journal.exists() {
            let target = PathBuf::from(format!("{}{suffix}", moved_to.display()));
            std::fs::rename(&journal, target).map_err(unwritable)?;
        }
    }
    Ok(moved_to)
}
