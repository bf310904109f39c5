//! A sheet's rows as fields: columns found by their headers, each value read as the column
//! asks (a word from a closed list, a whole number, 是/否), every problem kept with its cell.

use std::collections::HashMap;
use std::rc::Rc;

use super::conditions;
use super::labels;
use super::read::{Row, Sheet, Value};
use super::ron_text::{Field, string};
use super::sheets::{Column, List, TableSheet};
use super::{CellRef, at_cell};
use crate::scenario::diagnostic::{Code, Diagnostic};

/// Problems found while reading cells, for one file.
pub struct Problems<'a> {
    pub file: &'a str,
    pub found: Vec<Diagnostic>,
}

impl Problems<'_> {
    pub fn at(&mut self, cell: CellRef, code: Code, message: String, hint: &str) {
        self.found
            .push(at_cell(self.file, cell, code, message, hint));
    }
}

/// One row of a table sheet, its values by column key.
#[derive(Debug, Clone)]
pub struct Line {
    pub sheet: &'static str,
    pub number: u32,
    /// The row's first cell, for problems of the row as a whole.
    pub first: CellRef,
    pub values: HashMap<&'static str, (CellRef, Value)>,
    /// Where each column of the sheet is, for a value that is missing.
    /// Shared by every row of the sheet.
    columns: Rc<HashMap<&'static str, u32>>,
}

impl Line {
    pub fn cell(&self, key: &str) -> CellRef {
        match self.values.get(key) {
            Some((cell, _)) => cell.clone(),
            None => match self.columns.get(key) {
                Some(column) => CellRef::new(self.sheet, self.number, *column),
                None => self.first.clone(),
            },
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    /// The text of a cell, trimmed; `None` when empty.
    pub fn text(&self, key: &str) -> Option<(CellRef, String)> {
        self.values.get(key).map(|(cell, value)| {
            let text = value.as_text().replace("\r\n", "\n").replace('\r', "\n");
            (cell.clone(), text.trim().to_owned())
        })
    }

    /// A list written in one cell, separated by 、 (or commas, semicolons, line breaks).
    pub fn names(&self, key: &str) -> Option<(CellRef, Vec<String>)> {
        self.text(key)
            .map(|(cell, text)| (cell, split_names(&text)))
    }

    /// A whole number (a count, points, a percentage); a problem when it is not one.
    pub fn whole(&self, key: &str, problems: &mut Problems) -> Option<(CellRef, i64)> {
        let (cell, value) = self.values.get(key)?;
        let number = match value {
            Value::Number(n) => Some(*n),
            Value::Text(t) => t
                .trim()
                .replace('＋', "+")
                .replace('－', "-")
                .parse::<f64>()
                .ok(),
            Value::Bool(_) => None,
        };
        match number {
            Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some((cell.clone(), n as i64)),
            _ => {
                problems.at(
                    cell.clone(),
                    Code::E016,
                    format!(
                        "“{}”应当是整数，这里写的是“{}”",
                        self.header(key),
                        value.as_text()
                    ),
                    "只写阿拉伯数字，如 20 或 -5；不要带单位或文字。",
                );
                None
            }
        }
    }

    /// A number between 0 and 1 (a chance).
    pub fn fraction(&self, key: &str, problems: &mut Problems) -> Option<(CellRef, f64)> {
        let (cell, value) = self.values.get(key)?;
        let number = match value {
            Value::Number(n) => Some(*n),
            Value::Text(t) => {
                let t = t.trim();
                match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
                    Some(percent) => percent.trim().parse::<f64>().ok().map(|p| p / 100.0),
                    None => t.parse::<f64>().ok(),
                }
            }
            Value::Bool(_) => None,
        };
        match number {
            Some(n) if n.is_finite() => Some((cell.clone(), n)),
            _ => {
                problems.at(
                    cell.clone(),
                    Code::E016,
                    format!(
                        "“{}”应当是 0 到 1 之间的小数，这里写的是“{}”",
                        self.header(key),
                        value.as_text()
                    ),
                    "写成 0.4 或 40%。",
                );
                None
            }
        }
    }

    /// 是 / 否 (or TRUE / FALSE).
    pub fn yes(&self, key: &str, problems: &mut Problems) -> Option<(CellRef, bool)> {
        let (cell, value) = self.values.get(key)?;
        match value {
            Value::Bool(b) => Some((cell.clone(), *b)),
            _ => self
                .closed(key, List::YesNo, problems)
                .map(|(cell, name)| (cell, name == "true")),
        }
    }

    /// A word of a closed list, as its RON name; a problem naming the accepted words when the
    /// cell holds another.
    pub fn closed(
        &self,
        key: &str,
        list: List,
        problems: &mut Problems,
    ) -> Option<(CellRef, String)> {
        let (cell, text) = self.text(key)?;
        match labels::name_of(list, &text) {
            Some(name) => Some((cell, name)),
            None => {
                problems.at(
                    cell,
                    Code::E002,
                    format!("“{}”这一栏不能写“{text}”", self.header(key)),
                    &format!("只能写：{}（用下拉箭头选）。", labels::accepted(list)),
                );
                None
            }
        }
    }

    /// Several words of a closed list in one cell (大堂经理、理财经理), as a RON list of their
    /// names; each word not in the list is a problem naming the words accepted. `what` says
    /// what a word should be (岗位, 结局).
    pub fn closed_names(
        &self,
        key: &str,
        list: List,
        what: &str,
        problems: &mut Problems,
    ) -> Option<(CellRef, String)> {
        let (cell, words) = self.names(key)?;
        let mut names = Vec::new();
        for word in words {
            match labels::name_of(list, &word) {
                Some(name) => names.push(name),
                None => problems.at(
                    cell.clone(),
                    Code::E002,
                    format!("“{word}”不是{what}"),
                    &format!("只能写：{}，用顿号隔开。", labels::accepted(list)),
                ),
            }
        }
        Some((cell, format!("[{}]", names.join(", "))))
    }

    fn header(&self, key: &str) -> &'static str {
        header_of(self.sheet, key)
    }
}

fn header_of(sheet: &str, key: &str) -> &'static str {
    super::sheets::TABLES
        .iter()
        .filter(|t| t.name == sheet)
        .flat_map(|t| t.columns.iter())
        .chain(super::sheets::FIELD_COLUMNS.iter())
        .find(|c| c.key == key)
        .map_or("", |c| c.header)
}

/// Splits a cell of names: 王淼、王磊 (also commas, semicolons and line breaks).
pub fn split_names(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The rows of a sheet below its header, with their values keyed by the sheet's columns.
/// Columns are found by their header text; a column the trainer added is left alone.
pub fn lines(sheet: &'static str, columns: &'static [Column], rows: &Sheet) -> Vec<Line> {
    let mut rows = rows.rows.iter();
    let Some(header) = rows.next() else {
        return Vec::new();
    };
    let found: Rc<HashMap<&'static str, u32>> = Rc::new(
        header
            .cells
            .iter()
            .filter_map(|(column, value)| {
                let text = value.as_text();
                columns
                    .iter()
                    .find(|c| c.header == text.trim())
                    .map(|c| (c.key, *column))
            })
            .collect(),
    );
    rows.map(|row| line(sheet, row, &found))
        // a row holding only a note (or nothing this sheet reads) is not an item
        .filter(|l| l.values.keys().any(|k| !matches!(*k, "note" | "help")))
        .collect()
}

fn line(sheet: &'static str, row: &Row, columns: &Rc<HashMap<&'static str, u32>>) -> Line {
    let values = columns
        .iter()
        .filter_map(|(key, column)| {
            row.cells
                .get(column)
                .map(|v| (*key, (CellRef::new(sheet, row.number, *column), v.clone())))
        })
        .collect();
    let first_column = row.cells.keys().next().copied().unwrap_or(0);
    Line {
        sheet,
        number: row.number,
        first: CellRef::new(sheet, row.number, first_column),
        values,
        columns: Rc::clone(columns),
    }
}

/// The rows of a table sheet, or none when the workbook lacks it.
pub fn table(book: &super::read::Book, sheet: &'static TableSheet) -> Vec<Line> {
    book.sheet(sheet.name)
        .map(|s| lines(sheet.name, sheet.columns, s))
        .unwrap_or_default()
}

pub fn push_text(fields: &mut Vec<Field>, line: &Line, column: &str, key: &'static str) {
    if let Some((cell, text)) = line.text(column) {
        fields.push(Field {
            key,
            ron: string(&text),
            cell,
        });
    }
}

pub fn push_closed(
    fields: &mut Vec<Field>,
    line: &Line,
    column: &str,
    key: &'static str,
    list: List,
    problems: &mut Problems,
) {
    if let Some((cell, name)) = line.closed(column, list, problems) {
        fields.push(Field {
            key,
            ron: name,
            cell,
        });
    }
}

pub fn push_yes(
    fields: &mut Vec<Field>,
    line: &Line,
    column: &str,
    key: &'static str,
    problems: &mut Problems,
) {
    if let Some((cell, yes)) = line.yes(column, problems) {
        fields.push(Field {
            key,
            ron: yes.to_string(),
            cell,
        });
    }
}

pub fn push_whole(
    fields: &mut Vec<Field>,
    line: &Line,
    column: &str,
    key: &'static str,
    problems: &mut Problems,
) {
    if let Some((cell, n)) = line.whole(column, problems) {
        fields.push(Field {
            key,
            ron: n.to_string(),
            cell,
        });
    }
}

pub fn push_condition(
    fields: &mut Vec<Field>,
    line: &Line,
    column: &str,
    key: &'static str,
    problems: &mut Problems,
) {
    let Some((cell, text)) = line.text(column) else {
        return;
    };
    match conditions::ron_of(&text) {
        Ok(ron) => fields.push(Field { key, ron, cell }),
        Err(why) => problems.at(
            cell,
            Code::E002,
            format!("条件“{text}”写得不对：{why}"),
            conditions::HOW,
        ),
    }
}
