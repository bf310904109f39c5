//! Cases in a spreadsheet: a workbook a trainer reads and edits in Excel, WPS or LibreOffice,
//! one sheet per part of the case, converted to and from the RON case format.
//!
//! Reading a workbook writes the RON a person would write and records which cell each piece
//! came from; the RON then goes through the same loader and validator as a case file, and every
//! problem found in it is carried back to the cell (工作表“选项” 第 12 行 D 列).

mod comments;
mod conditions;
mod grid;
mod guard;
mod labels;
mod read;
mod ron_text;
pub mod sheets;
mod step_rows;
mod table;
mod to_ron;
mod write;

pub use read::read_workbook;
pub use to_ron::to_ron;
pub use write::{WriteError, write_workbook};

pub use super::diagnostic::{CellRef, column_letters};
use super::diagnostic::{Code, Diagnostic, Location};

/// Whether a path names a workbook liandong reads (or refuses with a reason: `.xlsm` carries
/// macros), by its extension.
pub fn is_workbook(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// The owner or lock file a spreadsheet program keeps beside a workbook it has open
/// (`~$案例.xlsx`, `.~lock.案例.xlsx#`): never a case.
pub fn is_lock_file(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$") || n.starts_with(".~lock."))
}

/// Which cell each piece of the written RON came from: byte ranges of the RON text in the order
/// they were written, the narrower inside the wider (a row's whole item, then each of its
/// values).
#[derive(Debug, Clone, Default)]
pub struct CellMap {
    spans: Vec<(usize, usize, CellRef)>,
    /// The span each span lies in, worked out at the first lookup (when every span is closed):
    /// a lookup climbs a few levels instead of scanning every span, which a hostile workbook's
    /// thousands of problems would make quadratic.
    parents: std::sync::OnceLock<Vec<Option<usize>>>,
}

impl CellMap {
    pub(crate) fn push(&mut self, start: usize, end: usize, cell: CellRef) -> usize {
        self.spans.push((start, end, cell));
        self.spans.len() - 1
    }

    pub(crate) fn close(&mut self, index: usize, end: usize) {
        if let Some(span) = self.spans.get_mut(index) {
            span.1 = end;
        }
    }

    /// The cell the RON at `offset` came from: the narrowest span holding it, else the last one
    /// that starts before it (a closing bracket belongs to the item above).
    pub fn cell_at(&self, offset: usize) -> Option<&CellRef> {
        let last = self
            .spans
            .partition_point(|(start, _, _)| *start <= offset)
            .checked_sub(1)?;
        let parents = self.parents.get_or_init(|| self.parents());
        let mut at = Some(last);
        while let Some(index) = at {
            let (_, end, cell) = &self.spans[index];
            if offset < *end {
                return Some(cell);
            }
            at = parents[index];
        }
        Some(&self.spans[last].2)
    }

    /// Spans are written in order and nest: each one lies in the nearest earlier span that has
    /// not ended when it starts.
    fn parents(&self) -> Vec<Option<usize>> {
        let mut open: Vec<usize> = Vec::new();
        let mut parents = Vec::with_capacity(self.spans.len());
        for (index, (start, _, _)) in self.spans.iter().enumerate() {
            while open.last().is_some_and(|&o| self.spans[o].1 <= *start) {
                open.pop();
            }
            parents.push(open.last().copied());
            open.push(index);
        }
        parents
    }
}

/// A workbook read and turned into case text.
#[derive(Debug, Clone)]
pub struct Converted {
    pub ron: String,
    pub cells: CellMap,
}

/// A problem found in a cell before any RON was written (an unknown label, a number where a
/// word belongs, a condition that does not parse).
pub(crate) fn at_cell(
    file: &str,
    cell: CellRef,
    code: Code,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Diagnostic {
    let mut d = Diagnostic::new(file, Location::default(), code, message, hint);
    d.line = cell.row as usize;
    d.column = cell.column as usize + 1;
    d.cell = Some(Box::new(cell));
    d
}

/// A problem with the workbook as a whole (not a zip file, macros, a sheet missing).
pub(crate) fn at_file(
    file: &str,
    code: Code,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(
        file,
        Location {
            line: 1,
            column: 1,
            offset: 0,
        },
        code,
        message,
        hint,
    )
}

/// Reads a workbook's bytes into case text, or every problem that kept it from being read.
pub fn convert(file: &str, bytes: &[u8]) -> Result<Converted, Vec<Diagnostic>> {
    let book = read_workbook(file, bytes)?;
    to_ron(file, &book)
}
