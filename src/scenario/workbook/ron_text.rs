//! Writing RON the way a person writes a case file, remembering the cell behind each piece.

use super::{CellMap, CellRef};

/// RON text being written, with the cells its pieces came from.
#[derive(Default)]
pub struct RonText {
    pub text: String,
    pub cells: CellMap,
}

/// A field of an item: its key, its value as RON, the cell it came from.
pub struct Field {
    pub key: &'static str,
    pub ron: String,
    pub cell: CellRef,
}

impl RonText {
    pub fn blank(&mut self) {
        self.text.push('\n');
    }

    fn indent(&mut self, indent: usize) {
        for _ in 0..indent {
            self.text.push_str("    ");
        }
    }

    /// A trainer's note as `//` lines above what it is about.
    pub fn comment(&mut self, indent: usize, note: Option<&str>) {
        for line in note.unwrap_or_default().lines() {
            let line = line.trim_end();
            self.indent(indent);
            if line.is_empty() {
                self.text.push_str("//\n");
            } else {
                self.text.push_str("// ");
                self.text.push_str(line);
                self.text.push('\n');
            }
        }
    }

    /// `key: value,` on its own line, the value mapped to its cell.
    pub fn field(&mut self, indent: usize, field: &Field) {
        self.indent(indent);
        let start = self.text.len();
        self.text.push_str(field.key);
        self.text.push_str(": ");
        self.text.push_str(&field.ron);
        self.cells.push(start, self.text.len(), field.cell.clone());
        self.text.push_str(",\n");
    }

    /// An element of a list on its own line, `value,`, mapped to its cell.
    pub fn element(&mut self, indent: usize, ron: &str, cell: &CellRef) {
        self.indent(indent);
        let start = self.text.len();
        self.text.push_str(ron);
        self.cells.push(start, self.text.len(), cell.clone());
        self.text.push_str(",\n");
    }

    /// A map entry `"key": value,`, the key and the value each mapped to their cell.
    pub fn entry(
        &mut self,
        indent: usize,
        key: &str,
        key_cell: &CellRef,
        ron: &str,
        cell: &CellRef,
    ) {
        self.indent(indent);
        let start = self.text.len();
        self.text.push_str(key);
        self.cells.push(start, self.text.len(), key_cell.clone());
        self.text.push_str(": ");
        let start = self.text.len();
        self.text.push_str(ron);
        self.cells.push(start, self.text.len(), cell.clone());
        self.text.push_str(",\n");
    }

    /// Opens an item that spans rows of text (`Script(`, `(`) for the row at `cell`; the
    /// returned mark closes it.
    pub fn open(&mut self, indent: usize, opening: &str, cell: &CellRef) -> usize {
        self.indent(indent);
        let start = self.text.len();
        self.text.push_str(opening);
        self.text.push('\n');
        self.cells.push(start, start, cell.clone())
    }

    pub fn close(&mut self, indent: usize, closing: &str, mark: usize) {
        self.indent(indent);
        self.text.push_str(closing);
        let end = self.text.len();
        self.text.push('\n');
        self.cells.close(mark, end);
    }

    /// A short item on as few lines as reads well: the short fields together after `(`, each
    /// long text on a line of its own, as the bundled cases lay out cues and options.
    pub fn compact(&mut self, indent: usize, fields: &[Field], row: &CellRef) {
        self.indent(indent);
        let start = self.text.len();
        let mark = self.cells.push(start, start, row.clone());
        self.text.push('(');
        let mut on_line = 0;
        for (i, field) in fields.iter().enumerate() {
            let long = field.ron.chars().count() > 40;
            if i > 0 {
                self.text.push(',');
                if long || on_line >= 4 {
                    self.text.push('\n');
                    self.indent(indent);
                    self.text.push(' ');
                    on_line = 0;
                } else {
                    self.text.push(' ');
                }
            }
            let field_start = self.text.len();
            self.text.push_str(field.key);
            self.text.push_str(": ");
            self.text.push_str(&field.ron);
            self.cells
                .push(field_start, self.text.len(), field.cell.clone());
            on_line = if long { 4 } else { on_line + 1 };
        }
        self.text.push(')');
        self.cells.close(mark, self.text.len());
        self.text.push_str(",\n");
    }
}

/// A RON string literal. Line breaks in a cell become `\n`; every other character is written as
/// it is, so the loader's checks (control characters, bidi overrides) see the cell's own text.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]`.
pub fn strings(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", inner.join(", "))
}
