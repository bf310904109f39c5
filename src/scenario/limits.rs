//! Size limits that keep a hostile or mistaken file from hanging or exhausting the machine.
//! Documented for trainers in `scenarios/README.md`.

/// Largest case or catalogue file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Largest transcript read by `liandong replay`: a transcript holds the texts a run showed, so
/// it may outgrow its case, but never by this much.
pub const MAX_TRANSCRIPT_BYTES: u64 = 4 * MAX_FILE_BYTES;
/// Largest contest setup read by `liandong contest new`: names of at most 12 teams of 32
/// members and a list of case ids.
pub const MAX_SETUP_BYTES: u64 = 1024 * 1024;
/// Most steps in one case (all stages together).
pub const MAX_STEPS: usize = 10_000;
/// Deepest nesting of brackets the RON parser follows before it gives up.
pub const MAX_NESTING: usize = 64;
/// Longest single text, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Longest text once its placeholders are filled in with the longest values they can take:
/// every check of the filled-in text (forbidden phrasing above all) grows with it.
pub const MAX_RENDERED_CHARS: usize = 2 * MAX_TEXT_CHARS;
/// Most characters of all the texts of a case together, each filled in as for
/// `MAX_RENDERED_CHARS`: a small file whose texts each repeat a long placeholder would otherwise
/// fill hundreds of megabytes when played, printed and saved.
pub const MAX_CASE_RENDERED_CHARS: usize = 500_000;
/// Longest id (of a case, step, cue, need, colleague, action or rule), in characters: an id is
/// a short name, stored with every decision of every saved run.
pub const MAX_ID_CHARS: usize = 64;
/// Most problems listed for one file: a mangled file can have one on every line, and each
/// listed problem holds its message in memory.
pub const MAX_DIAGNOSTICS: usize = 50_000;
/// Most case files validated from one folder tree.
pub const MAX_FILES: usize = 10_000;
/// Folder depth searched below a path given to `validate`.
pub const MAX_FOLDER_DEPTH: usize = 8;
/// Most distinct branch conditions; each doubles the variants the validator walks.
pub const MAX_CONDITIONS: usize = 8;
/// Most steps a single playthrough visits before it is stopped as a loop.
pub const MAX_VISITS: usize = 20_000;
