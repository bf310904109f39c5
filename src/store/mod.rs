//! The embedded database (SQLite): trainees, finished runs with every decision, competitions
//! and observer points. Every write is one transaction, so a run is either all there or not
//! there at all, whatever happens to the process.

mod competitions;
mod outbox;
mod queries;
mod record;
mod salvage;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use competitions::{CompetitionInfo, MemberTurn, Resumable};
pub use outbox::{OutboxCounts, Queued};
pub use queries::{BrokenRule, RunFilter, RunSummary};
pub use record::{
    CompetitionTurn, DecisionRecord, Identity, RedLineRecord, RunMode, RunRecord, case_hash,
};

pub const DB_FILE: &str = "liandong.db";

/// The trainee name the runs of nobody signed in are saved under. Data, not interface text:
/// the databases in use hold the guest's runs under this name; the app shows its own word.
pub const GUEST: &str = "访客";

/// Why the store could not be opened or written; the app then plays on without saving and
/// says so, in the words of its text tables (`lang::ErrorText`).
#[derive(Debug)]
pub enum StoreError {
    /// The data folder cannot be created or written (read-only, no permission, disk full);
    /// `source` is what the system or SQLite said.
    Unwritable {
        dir: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A folder opened only to be read holds no database.
    NoDatabase {
        dir: PathBuf,
    },
    /// The database was written by a newer liandong; it is left untouched.
    TooNew {
        found: i64,
        known: i64,
    },
    /// The disk (or the file size the system allows) is full; the write was rolled back.
    /// `os` is the system's own error when SQLite reported only a generic I/O failure.
    DiskFull {
        source: rusqlite::Error,
        os: Option<std::io::Error>,
    },
    Sqlite(rusqlite::Error),
    /// The database file cannot be used as it is: [`Store::open`] moves it aside and
    /// salvages what it can (see [`Recovery`]).
    Damaged(Damage),
    /// Saved data that cannot be read back (a bug or a hand-edited database).
    Corrupt(Corruption),
    /// This contest turn is already saved (another window or command played it meanwhile);
    /// the new result was not saved a second time. `round` counts from 0.
    TurnPlayed {
        round: usize,
        team: String,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unwritable { dir, source } => {
                write!(
                    f,
                    "the data folder {} cannot be written: {source}",
                    dir.display()
                )
            }
            StoreError::NoDatabase { dir } => {
                write!(f, "{} holds no {DB_FILE}", dir.display())
            }
            StoreError::TooNew { found, known } => write!(
                f,
                "the database comes from a newer liandong (schema {found}, this one knows {known})"
            ),
            StoreError::DiskFull { source, os } => match os {
                Some(os) => write!(f, "the disk is full: {source} ({os})"),
                None => write!(f, "the disk is full: {source}"),
            },
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::Damaged(damage) => write!(f, "the database is damaged: {damage}"),
            StoreError::Corrupt(what) => write!(f, "a saved record cannot be read: {what}"),
            StoreError::TurnPlayed { round, team } => write!(
                f,
                "round {} of \"{team}\" is already saved; this result was not saved again",
                round + 1
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Unwritable { source, .. } => Some(source.as_ref()),
            StoreError::DiskFull { source, .. } => Some(source),
            StoreError::Sqlite(e) => Some(e),
            StoreError::Corrupt(what) => Some(what),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull {
                source: e,
                os: None,
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Why a database file cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// SQLite cannot read it (its own words: "file is not a database", "malformed").
    Unreadable(String),
    /// SQLite's integrity check found faults (its report).
    CheckFailed(String),
    /// The database file is empty but a log (`-wal`) lies beside it.
    LogWithoutDatabase,
    /// The log beside the database belongs to another database.
    ForeignLog,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::Unreadable(why) | Damage::CheckFailed(why) => f.write_str(why),
            Damage::LogWithoutDatabase => {
                write!(f, "the database file is empty, with a log (-wal) beside it")
            }
            Damage::ForeignLog => write!(f, "the log {DB_FILE}-wal belongs to another database"),
        }
    }
}

/// A saved record that cannot be read back, or data that cannot be written as a record.
#[derive(Debug)]
pub enum Corruption {
    /// A value could not be encoded as JSON to be stored (a bug).
    Encode(serde_json::Error),
    /// The setup stored with contest `id` cannot be read.
    ContestSetup { id: i64, source: serde_json::Error },
    /// A role stored with a turn's score is not one this liandong knows.
    Role {
        text: String,
        source: Box<ron::error::SpannedError>,
    },
    /// Run `id` has no trainee.
    RunWithoutTrainee { id: i64 },
}

impl std::fmt::Display for Corruption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Corruption::Encode(e) => write!(f, "cannot encode: {e}"),
            Corruption::ContestSetup { id, source } => {
                write!(f, "the setup of contest {id}: {source}")
            }
            Corruption::Role { text, source } => write!(f, "role {text:?}: {source}"),
            Corruption::RunWithoutTrainee { id } => write!(f, "run {id} has no trainee"),
        }
    }
}

impl std::error::Error for Corruption {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Corruption::Encode(e) | Corruption::ContestSetup { source: e, .. } => Some(e),
            Corruption::Role { source, .. } => Some(source.as_ref()),
            Corruption::RunWithoutTrainee { .. } => None,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A database that could not be read and was moved aside (with its `-wal` and `-shm` files,
/// byte for byte as they were) before a fresh one was made with every run that could still be
/// read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub moved_to: PathBuf,
    pub reason: Damage,
    /// Runs copied whole into the fresh database.
    pub saved: usize,
    /// Runs known to be in the damaged database that could not be read whole; they stay in
    /// the file moved aside.
    pub lost: usize,
    /// The log (`-wal`) beside the database belonged to another database, or to an older or
    /// newer copy of this one, and was not read (it is moved aside with the rest).
    pub foreign_log: bool,
    /// Why nothing could be copied at all (the fresh database is then empty): the system's
    /// or SQLite's words.
    pub salvage_failed: Option<String>,
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
            source: Box::new(e),
        })?;
        let path = dir.join(DB_FILE);
        // the journal files as they were: if the database has to be moved aside, the user's
        // files are kept exactly as they were, although opening makes or rewrites them
        let before = Journals::look(&path);
        let opened = if holds_only_a_log(&path) {
            // SQLite would delete the log of an empty database file: keep it instead
            Err(StoreError::Damaged(Damage::LogWithoutDatabase))
        } else {
            Store::open_file(&path)
        };
        match opened {
            Ok(store) => Ok((store, None)),
            Err(StoreError::Damaged(damage)) => {
                let recovery = salvage::recover(&path, damage, &before)?;
                let store = Store::open_file(&path)?;
                Ok((store, Some(recovery)))
            }
            Err(StoreError::Sqlite(e)) if is_corruption(&e) => {
                let recovery = salvage::recover(&path, Damage::Unreadable(e.to_string()), &before)?;
                let store = Store::open_file(&path)?;
                Ok((store, Some(recovery)))
            }
            Err(StoreError::Sqlite(e)) if is_unwritable(&e) => Err(StoreError::Unwritable {
                dir: dir.to_owned(),
                source: Box::new(e),
            }),
            Err(StoreError::DiskFull { source, .. }) => Err(StoreError::Unwritable {
                dir: dir.to_owned(),
                source: Box::new(source),
            }),
            Err(e) => Err(e),
        }
    }

    fn open_file(path: &Path) -> StoreResult<Store> {
        // the identity written in the main file itself, before SQLite reads the log beside it
        let identity_on_disk = identity_on_disk(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Until the database is known to be sound and its log its own, closing must not copy
        // the log into the main file: a stale or foreign log (a copied or restored folder)
        // would overwrite intact pages, and the file moved aside would be unreadable.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        // another instance may hold the write lock for a moment: wait rather than fail
        conn.busy_timeout(Duration::from_secs(10))?;
        // nothing is written before these checks (switching the journal mode would be)
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Damaged(Damage::CheckFailed(check)));
        }
        // a log from another database can still read as a sound one (a young database lives
        // wholly in its log): then the identity seen through it differs from the file's own
        let identity: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if let Some(own) = identity_on_disk
            && own != 0
            && own != identity
        {
            return Err(StoreError::Damaged(Damage::ForeignLog));
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        // WAL lets a second instance read while one writes; FULL makes a commit survive
        // power loss, not only a crash
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens the database in `dir` only to read it, changing nothing: for a data folder or a
    /// database file that cannot be written (a read-only share, a copy on a CD). Saving
    /// through this store fails with SQLite's "read-only" error.
    pub fn open_read_only(dir: &Path) -> StoreResult<Store> {
        let path = dir.join(DB_FILE);
        if !path.is_file() {
            return Err(StoreError::NoDatabase {
                dir: dir.to_owned(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let read = |uri: &str| -> StoreResult<Connection> {
            let conn = Connection::open_with_flags(uri, flags)?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            conn.busy_timeout(Duration::from_secs(10))?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let known = schema::MIGRATIONS.len() as i64;
            if version > known {
                return Err(StoreError::TooNew {
                    found: version,
                    known,
                });
            }
            Ok(conn)
        };
        let conn = match read(&file_uri(&path, "")) {
            Ok(conn) => conn,
            // A log-mode database needs its shared-memory file, which a read-only folder
            // cannot hold. With no log to read, the main file alone is the whole database.
            Err(StoreError::Sqlite(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
                ) && !has_log(&path) =>
            {
                read(&file_uri(&path, "immutable=1"))?
            }
            Err(e) => return Err(e),
        };
        Ok(Store { conn, path })
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
        // Each database gets an identity in its header, so a log left beside it by another
        // database is recognised (see `open_file`).
        let identity: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let stamped = identity == 0;
        if stamped {
            tx.pragma_update(None, "application_id", new_identity())?;
        }
        tx.commit()?;
        if stamped {
            // into the main file now, where the next start compares it; a passive checkpoint
            // waits for no one, and another instance's close or checkpoint copies it too
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
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
                let StoreError::Sqlite(source) = error else {
                    unreachable!("matched above")
                };
                return StoreError::DiskFull {
                    source,
                    os: Some(std::io::Error::from_raw_os_error(errno)),
                };
            }
        }
        error
    }

    /// Remembers who is signed in at the app, so a restart keeps them signed in; `None` signs
    /// out. Creates the trainee on first use.
    pub fn remember_signed_in(&mut self, name: Option<&str>) -> StoreResult<()> {
        self.remember_signed_in_as(name, &Identity::default())
    }

    /// [`Store::remember_signed_in`] with the staff number and branch given at sign-in, kept
    /// with the trainee (what was given before stays where nothing new is given).
    pub fn remember_signed_in_as(
        &mut self,
        name: Option<&str>,
        identity: &Identity,
    ) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        match name.map(str::trim) {
            Some(name) => {
                tx.execute(
                    "INSERT INTO trainees (name, created_at, staff_no, branch) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (name) DO UPDATE SET
                        staff_no = COALESCE(excluded.staff_no, staff_no),
                        branch = COALESCE(excluded.branch, branch)",
                    (
                        name,
                        timestamp(Utc::now()),
                        &identity.staff_no,
                        &identity.branch,
                    ),
                )?;
                set_app_state(&tx, "signed_in", Some(name))?;
            }
            None => set_app_state(&tx, "signed_in", None)?,
        }
        tx.commit()?;
        Ok(())
    }

    /// The staff number and branch kept with a trainee (none for one never given them).
    pub fn trainee_identity(&self, name: &str) -> StoreResult<Identity> {
        use rusqlite::OptionalExtension as _;
        let found: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT staff_no, branch FROM trainees WHERE name = ?1",
                [name.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(
            found.map_or_else(Identity::default, |(staff_no, branch)| Identity {
                staff_no,
                branch,
            }),
        )
    }

    /// Who was signed in at the app when it last closed.
    pub fn signed_in(&self) -> StoreResult<Option<String>> {
        Ok(app_state(&self.conn, "signed_in")?)
    }

    /// The home page of the xAPI accounts of trainees and teams: the bank's own once set
    /// ([`Store::set_xapi_home_page`]), else [`crate::export::xapi::DEFAULT_HOME_PAGE`].
    pub fn xapi_home_page(&self) -> StoreResult<String> {
        outbox::home_page(&self.conn)
    }

    /// Sets the home page of the xAPI accounts (`None`: back to the default). Statements
    /// already waiting to be sent keep the one they were made with.
    pub fn set_xapi_home_page(&mut self, url: Option<&str>) -> StoreResult<()> {
        Ok(set_app_state(&self.conn, "xapi_home_page", url)?)
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
/// A value the app keeps between runs in `app_state` (who was signed in, the xAPI home page,
/// the LRS's last error).
fn app_state(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension as _;
    conn.prepare_cached("SELECT value FROM app_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// Keeps a value in `app_state`, or with `None` forgets it.
fn set_app_state(conn: &Connection, key: &str, value: Option<&str>) -> rusqlite::Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO app_state (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?,
        None => conn.execute("DELETE FROM app_state WHERE key = ?1", [key])?,
    };
    Ok(())
}

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

/// A random non-zero identity for a new database's header (`PRAGMA application_id`).
fn new_identity() -> i32 {
    let id = uuid::Uuid::new_v4().as_u128() as u32 as i32;
    if id == 0 { 1 } else { id }
}

/// The identity in the header of the main file on disk (bytes 68..72), read without SQLite,
/// so without the log beside it. `None` for a file that is missing, short or not SQLite's.
fn identity_on_disk(path: &Path) -> Option<i32> {
    use std::io::Read;
    let mut header = [0u8; 100];
    std::fs::File::open(path)
        .ok()?
        .read_exact(&mut header)
        .ok()?;
    if !header.starts_with(b"SQLite format 3\0") {
        return None;
    }
    Some(i32::from_be_bytes(
        header[68..72].try_into().expect("four bytes"),
    ))
}

/// `liandong.db-wal` beside `liandong.db`, and so on.
fn journal(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A log (`-wal`) with at least one frame beyond its 32-byte header.
fn has_log(path: &Path) -> bool {
    std::fs::metadata(journal(path, "-wal")).is_ok_and(|m| m.len() > 32)
}

/// An empty main file with a log beside it: SQLite would delete the log on opening.
fn holds_only_a_log(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) && has_log(path)
}

/// A small file's bytes (the shared-memory index is 32 KiB per 4,096 log frames); `None` when
/// it is missing or larger than 16 MiB.
fn read_small(path: &Path) -> Option<Vec<u8>> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > 16 << 20 {
        return None;
    }
    std::fs::read(path).ok()
}

/// An SQLite `file:` URI for a path, every byte outside the plain ones percent-encoded, so a
/// folder named with `?`, `#` or `%` is still that folder.
fn file_uri(path: &Path, query: &str) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = {
        let text = path.to_string_lossy().replace('\\', "/");
        // C:/x becomes /C:/x, as SQLite's URIs on Windows expect
        if text.starts_with('/') {
            text.into_bytes()
        } else {
            format!("/{text}").into_bytes()
        }
    };
    let mut uri = String::from("file:");
    for byte in bytes {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query);
    }
    uri
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

/// The journal files beside a database before this process opened it: opening creates an
/// empty log and a shared-memory file, and rewrites the latter.
struct Journals {
    wal: bool,
    shm: bool,
    /// The shared-memory file's bytes (unless it was over 16 MiB).
    shm_bytes: Option<Vec<u8>>,
}

impl Journals {
    fn look(path: &Path) -> Journals {
        let shm = journal(path, "-shm");
        Journals {
            wal: journal(path, "-wal").exists(),
            shm: shm.exists(),
            shm_bytes: read_small(&shm),
        }
    }
}

/// Renames the database and its journal files to `liandong.db.corrupt-<time>` (and `-wal`,
/// `-shm`), all three as the user had them: the shared-memory file gets its bytes of before
/// back, and the empty files SQLite made on opening are removed instead of moved.
fn move_aside(path: &Path, before: &Journals) -> StoreResult<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let moved_to = path.with_file_name(format!("{DB_FILE}.corrupt-{stamp}"));
    let unwritable = |e: std::io::Error| StoreError::Unwritable {
        dir: path.parent().unwrap_or(path).to_owned(),
        source: Box::new(e),
    };
    std::fs::rename(path, &moved_to).map_err(unwritable)?;
    let wal = journal(path, "-wal");
    if before.wal || std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        if wal.exists() {
            std::fs::rename(&wal, journal(&moved_to, "-wal")).map_err(unwritable)?;
        }
    } else {
        let _ = std::fs::remove_file(&wal);
    }
    let shm = journal(path, "-shm");
    if before.shm {
        let target = journal(&moved_to, "-shm");
        match &before.shm_bytes {
            Some(bytes) => {
                std::fs::write(&target, bytes).map_err(unwritable)?;
                let _ = std::fs::remove_file(&shm);
            }
            None => std::fs::rename(&shm, target).map_err(unwritable)?,
        }
    } else {
        // only an index of the log, rebuilt from it whenever needed
        let _ = std::fs::remove_file(&shm);
    }
    Ok(moved_to)
}
