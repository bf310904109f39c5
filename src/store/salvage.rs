//! What happens to a database that cannot be used as it is: every run that can still be read
//! is copied, row by row, into a fresh database, which then takes the old one's place; the
//! old files are moved aside exactly as they were.
//!
//! The damaged files are first copied into a working folder beside them and only the copies
//! are opened, so nothing here writes to the user's files. Two views of the copy are read:
//! the main file alone (SQLite's `immutable`, which ignores the log beside it) and the main
//! file with its log (`-wal`), as SQLite would normally see it. The log is left out when it
//! belongs to another database: its identity differs from the main file's, or, for a
//! database without one, the main file alone is sound while the log makes it unreadable
//! (a stale log from a copied or restored folder). Runs are matched across the views by
//! their registration, so none is copied twice.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::queries::{decisions_of, insert_run, red_lines_of, referral_of};
use super::record::{CompetitionTurn, RunRecord};
use super::{
    Corruption, DB_FILE, Damage, Journals, Recovery, Store, StoreError, StoreResult, file_uri,
    has_log, journal, move_aside, parse_timestamp,
};
use crate::competition::Turn;
use crate::scoring::DimensionScores;

/// How many runs were copied and how many were found but could not be read whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Salvaged {
    pub saved: usize,
    pub lost: usize,
    /// The log beside the database was left out as another database's (or a stale one).
    pub foreign_log: bool,
}

/// Replaces the database at `path`, which could not be opened for `reason`, by a fresh one
/// holding every run that can still be read from it, and moves the old files aside (as they
/// were `before` this process opened them).
pub(super) fn recover(path: &Path, reason: Damage, before: &Journals) -> StoreResult<Recovery> {
    let attempt = salvage_beside(path);
    let moved_to = move_aside(path, before)?;
    let (salvaged, salvage_failed) = match attempt {
        Ok((work, fresh, salvaged)) => {
            let placed = std::fs::rename(&fresh, path);
            drop(work);
            match placed {
                Ok(()) => {
                    sync_folder(path);
                    (salvaged, None)
                }
                Err(e) => (Salvaged::default(), Some(e.to_string())),
            }
        }
        Err(why) => (Salvaged::default(), Some(why)),
    };
    Ok(Recovery {
        moved_to,
        reason,
        saved: salvaged.saved,
        lost: salvaged.lost,
        foreign_log: salvaged.foreign_log,
        salvage_failed,
    })
}

/// Copies the damaged files into a working folder beside them and builds the fresh database
/// there; returns the folder (removed when dropped), the fresh file and the counts.
fn salvage_beside(path: &Path) -> Result<(tempfile::TempDir, PathBuf, Salvaged), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let work = tempfile::Builder::new()
        .prefix(".liandong-salvage-")
        .tempdir_in(dir)
        .map_err(|e| e.to_string())?;
    let copy = work.path().join(DB_FILE);
    std::fs::copy(path, &copy).map_err(|e| e.to_string())?;
    let wal = journal(path, "-wal");
    if wal.exists() {
        std::fs::copy(&wal, journal(&copy, "-wal")).map_err(|e| e.to_string())?;
    }
    // no `-shm`: SQLite rebuilds its index from the log itself, the one source of truth
    let fresh = work.path().join("salvaged.db");
    let salvaged = salvage(&copy, &fresh).map_err(|e| e.to_string())?;
    Ok((work, fresh, salvaged))
}

/// Builds a fresh database at `fresh` from whatever can be read of `damaged` (a copy).
pub(super) fn salvage(damaged: &Path, fresh: &Path) -> StoreResult<Salvaged> {
    let alone = open_view(damaged, true);
    let logged = has_log(damaged).then(|| open_view(damaged, false));
    let alone_sound = alone.as_ref().is_some_and(sound);
    let logged_sound = logged
        .as_ref()
        .is_some_and(|c| c.as_ref().is_some_and(sound));
    let log_belongs = match (
        alone.as_ref().and_then(identity),
        logged.as_ref().and_then(|c| c.as_ref().and_then(identity)),
    ) {
        (Some(own), Some(seen)) if own != 0 && seen != 0 => own == seen,
        // a database without an identity: a log that spoils a sound main file is not its own
        _ => !alone_sound || logged_sound,
    };
    let mut views: Vec<&Connection> = Vec::new();
    if log_belongs && let Some(Some(logged)) = &logged {
        views.push(logged);
    }
    if let Some(alone) = &alone {
        views.push(alone);
    }

    let mut store = Store::open_file(fresh)?;
    let mut tally = Tally::default();
    {
        let tx = store.conn.transaction()?;
        for view in views {
            copy_view(view, &tx, &mut tally);
        }
        tx.commit()?;
    }
    // one self-contained file, ready to be renamed into place
    store.conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(Salvaged {
        saved: tally.saved,
        lost: tally.failed.difference(&tally.read).count(),
        foreign_log: logged.is_some() && !log_belongs,
    })
}

/// A read-only view of a copy: the main file alone (`immutable`: SQLite ignores the log and
/// takes no locks), or with its log.
fn open_view(path: &Path, alone: bool) -> Option<Connection> {
    let flags = if alone {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        // the copy's log needs its index rebuilt, which a read-only connection cannot do
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = file_uri(path, if alone { "immutable=1" } else { "" });
    let conn = Connection::open_with_flags(uri, flags).ok()?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .ok()?;
    Some(conn)
}

fn sound(conn: &Connection) -> bool {
    conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
        .is_ok_and(|check| check == "ok")
}

fn identity(conn: &Connection) -> Option<i32> {
    conn.query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()
}

/// Run ids (of the damaged views) copied or already present, and those that could not be read
/// whole or written.
#[derive(Default)]
struct Tally {
    saved: usize,
    read: HashSet<i64>,
    failed: HashSet<i64>,
}

/// Copies trainees, contests, observer points and runs from one view, each row on its own:
/// a row that cannot be read is skipped, and the rows after it are still tried.
fn copy_view(view: &Connection, to: &Connection, tally: &mut Tally) {
    let names = copy_trainees(view, to);
    copy_competitions(view, to);
    copy_observer_points(view, to);
    copy_observer_sheets(view, to);
    for id in row_ids(view, "runs", Some("sqlite_autoindex_runs_1")) {
        match read_run(view, id, &names) {
            Ok(run) => match copy_run(to, &run) {
                Ok(inserted) => {
                    tally.saved += usize::from(inserted);
                    tally.read.insert(id);
                }
                Err(_) => {
                    tally.failed.insert(id);
                }
            },
            Err(_) => {
                tally.failed.insert(id);
            }
        }
    }
}

/// Writes one run unless a run with its registration is already there (read from another
/// view); the per-role sums are rebuilt from its decisions. A savepoint keeps a failed run
/// from undoing the others.
fn copy_run(to: &Connection, run: &RunRecord) -> StoreResult<bool> {
    let present = to
        .query_row(
            "SELECT 1 FROM runs WHERE registration = ?1",
            [&run.registration],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if present {
        return Ok(false);
    }
    to.execute_batch("SAVEPOINT salvage_run")?;
    match insert_run(to, run) {
        Ok(_) => {
            to.execute_batch("RELEASE salvage_run")?;
            Ok(true)
        }
        Err(e) => {
            to.execute_batch("ROLLBACK TO salvage_run; RELEASE salvage_run")?;
            Err(e)
        }
    }
}

/// Every row id of `table` that can be found: by a scan from each end of the table (a bad
/// page stops a scan, not the other one), and through `index` when given, whose entries
/// name the rows of a damaged table page.
fn row_ids(view: &Connection, table: &str, index: Option<&str>) -> BTreeSet<i64> {
    // a bound, so that no damaged page can make a scan endless
    const MOST: usize = 10_000_000;
    let mut ids = BTreeSet::new();
    let mut scan = |sql: String| {
        let Ok(mut statement) = view.prepare(&sql) else {
            return;
        };
        let Ok(mut rows) = statement.query([]) else {
            return;
        };
        let mut seen = 0;
        while let Ok(Some(row)) = rows.next() {
            if let Ok(id) = row.get::<_, i64>(0) {
                ids.insert(id);
            }
            seen += 1;
            if seen >= MOST {
                break;
            }
        }
    };
    scan(format!("SELECT rowid FROM {table} ORDER BY rowid"));
    scan(format!("SELECT rowid FROM {table} ORDER BY rowid DESC"));
    if let Some(index) = index {
        scan(format!("SELECT rowid FROM {table} INDEXED BY {index}"));
    }
    ids
}

/// Copies the trainees that can be read (their names are unique) and returns each one's name
/// by their id in this view.
fn copy_trainees(view: &Connection, to: &Connection) -> HashMap<i64, String> {
    let mut names = HashMap::new();
    for id in row_ids(view, "trainees", Some("sqlite_autoindex_trainees_1")) {
        let Ok((name, created_at)) = view.query_row(
            "SELECT name, created_at FROM trainees WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        ) else {
            continue;
        };
        let copied = to.execute(
            "INSERT INTO trainees (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            (&name, &created_at),
        );
        if copied.is_ok() {
            names.insert(id, name);
        }
    }
    names
}

/// Copies contests with their ids, which their turns refer to.
fn copy_competitions(view: &Connection, to: &Connection) {
    for id in row_ids(
        view,
        "competitions",
        Some("sqlite_autoindex_competitions_1"),
    ) {
        let Ok(row) = view.query_row(
            "SELECT name, setup, created_at, finished_at FROM competitions WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        ) else {
            continue;
        };
        let _ = to.execute(
            "INSERT OR IGNORE INTO competitions (id, name, setup, created_at, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, row.0, row.1, row.2, row.3],
        );
    }
}

fn copy_observer_points(view: &Connection, to: &Connection) {
    for id in row_ids(view, "observer_points", None) {
        let Ok(row) = view.query_row(
            "SELECT competition_id, round, team, points, comment, at FROM observer_points
             WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        ) else {
            continue;
        };
        // a contest that could not be read takes its points with it (the foreign key)
        let _ = to.execute(
            "INSERT OR IGNORE INTO observer_points
                (id, competition_id, round, team, points, comment, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, row.0, row.1, row.2, row.3, row.4, row.5],
        );
    }
}

/// Observers' checklists, each sheet with its marks or not at all (a database from before the
/// checklist has none to copy).
fn copy_observer_sheets(view: &Connection, to: &Connection) {
    for id in row_ids(view, "observer_sheets", None) {
        let Ok(sheet) = view.query_row(
            "SELECT competition_id, round, team, observer, points, at FROM observer_sheets
             WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, f64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        ) else {
            continue;
        };
        let marks = view
            .prepare(
                "SELECT seq, item, title, title_en, mark, comment FROM observer_marks
                 WHERE sheet_id = ?1 ORDER BY seq",
            )
            .and_then(|mut statement| {
                statement
                    .query_map([id], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, i64>(4)?,
                            r.get::<_, String>(5)?,
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()
            });
        let Ok(marks) = marks else {
            continue;
        };
        // a contest that could not be read takes its sheets with it (the foreign key)
        let inserted = to.execute(
            "INSERT OR IGNORE INTO observer_sheets
                (id, competition_id, round, team, observer, points, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, sheet.0, sheet.1, sheet.2, sheet.3, sheet.4, sheet.5],
        );
        if inserted != Ok(1) {
            continue;
        }
        for mark in marks {
            let _ = to.execute(
                "INSERT OR IGNORE INTO observer_marks
                    (sheet_id, seq, item, title, title_en, mark, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, mark.0, mark.1, mark.2, mark.3, mark.4, mark.5],
            );
        }
    }
}

/// One run as saved, read by its id alone (no join, so a damaged page of another table does
/// not hide it); `names` gives trainees' names by id.
fn read_run(view: &Connection, id: i64, names: &HashMap<i64, String>) -> StoreResult<RunRecord> {
    let mut run = view.query_row(
        "SELECT registration, trainee_id, case_id, case_title, case_hash, seed, role,
                started_at, finished_at, time_ms, total, identification, script, handoff,
                passed, pass_mark, competition_id, round, team, team_name, lineup
         FROM runs WHERE id = ?1",
        [id],
        |r| {
            let trainee_id: Option<i64> = r.get(1)?;
            let competition: Option<i64> = r.get(16)?;
            let round: Option<i64> = r.get(17)?;
            let team: Option<i64> = r.get(18)?;
            let team_name: Option<String> = r.get(19)?;
            let lineup: Option<String> = r.get(20)?;
            let competition = match (competition, round, team) {
                (Some(competition), Some(round), Some(team)) => Some(CompetitionTurn {
                    competition,
                    turn: Turn {
                        round: round as usize,
                        team: team as usize,
                    },
                    team_name: team_name.clone().unwrap_or_default(),
                    lineup: lineup
                        .and_then(|text| serde_json::from_str(&text).ok())
                        .unwrap_or_default(),
                }),
                _ => None,
            };
            let trainee = match (&competition, trainee_id) {
                (Some(_), _) => team_name.unwrap_or_default(),
                (None, Some(trainee)) => match names.get(&trainee) {
                    Some(name) => name.clone(),
                    None => trainee_name(view, trainee),
                },
                (None, None) => String::new(),
            };
            Ok(RunRecord {
                registration: r.get(0)?,
                trainee,
                case_id: r.get(2)?,
                case_title: r.get(3)?,
                case_hash: r.get(4)?,
                seed: r.get::<_, i64>(5)? as u64,
                role: r.get(6)?,
                started_at: parse_timestamp(&r.get::<_, String>(7)?)?,
                finished_at: parse_timestamp(&r.get::<_, String>(8)?)?,
                time_ms: r.get::<_, i64>(9)? as u64,
                total: r.get(10)?,
                dimensions: DimensionScores {
                    identification: r.get(11)?,
                    script: r.get(12)?,
                    handoff: r.get(13)?,
                },
                passed: r.get(14)?,
                pass_mark: r.get(15)?,
                red_lines: Vec::new(),
                decisions: Vec::new(),
                transcript: String::new(),
                competition,
                referral: Vec::new(),
                identity: Default::default(),
            })
        },
    )?;
    if run.competition.is_none() && run.trainee.trim().is_empty() {
        return Err(StoreError::Corrupt(Corruption::RunWithoutTrainee { id }));
    }
    run.transcript =
        view.query_row("SELECT ron FROM transcripts WHERE run_id = ?1", [id], |r| {
            r.get(0)
        })?;
    run.decisions = decisions_of(view, id)?;
    run.red_lines = red_lines_of(view, id)?;
    // a database from before referral points (or with that table damaged) keeps the run
    // without them
    run.referral = referral_of(view, id).unwrap_or_default();
    // likewise before staff numbers and branches
    run.identity = view
        .query_row(
            "SELECT staff_no, branch FROM runs WHERE id = ?1",
            [id],
            |r| {
                Ok(super::Identity {
                    staff_no: r.get(0)?,
                    branch: r.get(1)?,
                })
            },
        )
        .unwrap_or_default();
    Ok(run)
}

/// A trainee's name read on its own; when even that fails the run is kept under a name that
/// says so, rather than lost or given to someone else.
fn trainee_name(view: &Connection, id: i64) -> String {
    view.query_row("SELECT name FROM trainees WHERE id = ?1", [id], |r| {
        r.get::<_, String>(0)
    })
    .unwrap_or_else(|_| format!("学员{id}（名字无法读取）"))
}

/// Makes the renames in the data folder durable (a no-op where folders cannot be synced).
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent()
        && let Ok(folder) = std::fs::File::open(dir)
    {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}
