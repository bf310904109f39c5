//! Exports of saved runs for people and systems outside the simulator: CSV for a trainer's
//! spreadsheet ([`csv`]) and xAPI statements for a learning-record store ([`xapi`]).
//!
//! Everything here turns store rows into bytes and nothing else; writing them to disk goes
//! through [`write_atomically`], so a spreadsheet or LRS importer watching the folder never
//! picks up half a file.

pub mod csv;
pub mod xapi;

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that readers see either the old file or the whole new one:
/// the bytes go to a temporary file in the same folder (a rename is only atomic within one
/// file system), are flushed to disk, and the temporary file is then renamed over `path`.
///
/// Only a regular file is ever replaced: a symlink, a device, a FIFO or a folder at `path` is
/// refused (the rename would put a regular file in place of `/dev/…` or of the link itself).
/// One observer's checklist on one line, in `lang`: the round, the observer, the points, and
/// each item's mark with its comment. The scoreboard's comments, the CLI and the CSV use it.
pub fn sheet_text(sheet: &crate::competition::ObserverSheet, lang: crate::lang::Lang) -> String {
    let (round, text) = (sheet.round + 1, sheet_marks_text(sheet, lang));
    match lang {
        crate::lang::Lang::Zh => format!("第{round}轮：{text}"),
        crate::lang::Lang::En => format!("Round {round}: {text}"),
    }
}

/// [`sheet_text`] without the round: the observer, the points and each item's mark.
pub fn sheet_marks_text(
    sheet: &crate::competition::ObserverSheet,
    lang: crate::lang::Lang,
) -> String {
    use crate::lang::Lang;
    let marks: Vec<String> = sheet
        .marks
        .iter()
        .map(|m| {
            let (title, mark, comment) = (m.title_in(lang), m.mark, &m.comment);
            match (comment.is_empty(), lang) {
                (true, _) => format!("{title} {mark}"),
                (false, Lang::Zh) => format!("{title} {mark}：{comment}"),
                (false, Lang::En) => format!("{title} {mark}: {comment}"),
            }
        })
        .collect();
    let (observer, points) = (&sheet.observer, sheet.points);
    match lang {
        Lang::Zh => format!("{observer} {points:.1} 分（{}）", marks.join("；")),
        Lang::En => format!("{observer} {points:.1} ({})", marks.join("; ")),
    }
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    refuse_unless_regular(path)?;
    let parent = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // hidden while being written, so a folder listing shows no stray file
    builder.prefix(".liandong-export-");
    // a temporary file is private (0600) by default; an export is meant to be shared, so ask
    // for what `File::create` would give (0666 less the umask)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(parent)?;
    temporary.write_all(bytes)?;
    // without this a power cut right after the rename can leave an empty file behind
    temporary.as_file().sync_all()?;
    // on failure the temporary file is dropped, and dropping it deletes it
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// An error unless `path` is absent or a regular file (a symlink counts as not regular, even to
/// a regular file: replacing it would silently cut the link).
fn refuse_unless_regular(path: &Path) -> std::io::Result<()> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_symlink() {
        NotAFile::Symlink
    } else if kind.is_dir() {
        NotAFile::Folder
    } else {
        special_kind(&kind)
    };
    Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, what))
}

/// What stands where an export would go, instead of a regular file: the error inside the
/// `io::Error` of [`write_atomically`] (the interface words it; `lang::ErrorText::io`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
pub enum NotAFile {
    Symlink,
    Folder,
    Device,
    Fifo,
    Socket,
    /// Anything else that is not a regular file.
    Special,
}

impl std::fmt::Display for NotAFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self {
            NotAFile::Symlink => "a symbolic link",
            NotAFile::Folder => "a folder",
            NotAFile::Device => "a device",
            NotAFile::Fifo => "a named pipe (FIFO)",
            NotAFile::Socket => "a socket",
            NotAFile::Special => "a special file",
        };
        write!(f, "{what} is there, not a regular file: it is not replaced")
    }
}

impl std::error::Error for NotAFile {}

impl NotAFile {
    pub const ALL: [NotAFile; 6] = [
        NotAFile::Symlink,
        NotAFile::Folder,
        NotAFile::Device,
        NotAFile::Fifo,
        NotAFile::Socket,
        NotAFile::Special,
    ];
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> NotAFile {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() || kind.is_block_device() {
        NotAFile::Device
    } else if kind.is_fifo() {
        NotAFile::Fifo
    } else if kind.is_socket() {
        NotAFile::Socket
    } else {
        NotAFile::Special
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> NotAFile {
    NotAFile::Special
}

/// Why a competition's exports were not written.
#[derive(Debug)]
pub enum ExportError {
    /// The runs or the scoreboard could not be read.
    Store(crate::store::StoreError),
    /// A folder or file could not be written.
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Store(e) => write!(f, "{e}"),
            ExportError::Write { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Store(e) => Some(e),
            ExportError::Write { source, .. } => Some(source),
        }
    }
}

/// Writes a competition's three exports into `dir`: every run (CSV), the team summary (CSV)
/// and the xAPI statements, named after the contest and the time; the CSVs in `lang`.
/// Returns the paths written.
pub fn competition_files(
    store: &crate::store::Store,
    info: &crate::store::CompetitionInfo,
    dir: &Path,
    lang: crate::lang::Lang,
) -> Result<Vec<std::path::PathBuf>, ExportError> {
    let mut runs = store
        .runs(&crate::store::RunFilter {
            trainee: None,
            competition: Some(info.setup.name.clone()),
        })
        .map_err(ExportError::Store)?;
    store
        .fill_missed_rules(&mut runs)
        .map_err(ExportError::Store)?;
    let board = store.scoreboard(info).map_err(ExportError::Store)?;
    let home_page = store.xapi_home_page().map_err(ExportError::Store)?;
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
        path: dir.to_owned(),
        source,
    })?;
    // names typed by a trainer may hold characters no file system accepts
    let stem: String = info
        .setup
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let files = [
        (
            format!("{stem}-{stamp}-runs.csv"),
            csv::runs_csv(&runs, lang),
        ),
        (
            format!("{stem}-{stamp}-summary.csv"),
            csv::scoreboard_csv(&info.setup.name, &board, lang),
        ),
        (
            format!("{stem}-{stamp}-xapi.json"),
            xapi::statements_json_for(&runs, &home_page),
        ),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Err(source) = write_atomically(&path, &bytes) {
            return Err(ExportError::Write { path, source });
        }
        written.push(path);
    }
    Ok(written)
}
