//! The cells of a workbook, after its package was checked: each sheet's rows with their
//! values as text, numbers or yes/no. Formulas are refused, never evaluated; a sheet is read
//! cell by cell, so a sheet that claims a million rows costs nothing before it is refused.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use super::{CellRef, at_cell, at_file, guard};
use crate::scenario::diagnostic::{Code, Diagnostic};

/// Most rows read from one sheet: a case's largest sheet (its options) has a few hundred.
pub const MAX_SHEET_ROWS: u32 = 20_000;
/// Formulas listed for one sheet; past them the sheet has more, which a second check shows.
const MAX_FORMULAS_LISTED: usize = 100;
/// Columns past this one are not read (a sheet's own columns end long before).
pub const MAX_SHEET_COLUMNS: u32 = 64;

/// A cell's value as the sheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Value {
    /// The value as a trainer would read it: a whole number without ".0".
    pub fn as_text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Bool(true) => "是".to_owned(),
            Value::Bool(false) => "否".to_owned(),
        }
    }
}

/// One row with at least one value; cells by 0-based column.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// 1-based, as the spreadsheet shows it.
    pub number: u32,
    pub cells: BTreeMap<u32, Value>,
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// Every sheet of a workbook, in its order.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
}

impl Book {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Reads a workbook's cells, or why it cannot be read.
pub fn read_workbook(file: &str, bytes: &[u8]) -> Result<Book, Vec<Diagnostic>> {
    guard::check(file, bytes).map_err(|d| vec![d])?;
    let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        vec![at_file(
            file,
            Code::E017,
            format!("工作簿无法读取：{e}"),
            "在表格软件里打开它，另存为“Excel 工作簿（*.xlsx）”，再检查新文件。",
        )]
    })?;
    let mut book = Book::default();
    let mut problems = Vec::new();
    for name in xlsx.sheet_names() {
        match read_sheet(file, &mut xlsx, &name) {
            Ok(sheet) => book.sheets.push(sheet),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(book)
    } else {
        Err(problems)
    }
}

fn read_sheet(
    file: &str,
    xlsx: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Sheet, Vec<Diagnostic>> {
    let unreadable = |e: calamine::XlsxError| {
        vec![at_file(
            file,
            Code::E017,
            format!("工作表“{name}”无法读取：{e}"),
            "在表格软件里打开它，另存为“Excel 工作簿（*.xlsx）”，再检查新文件。",
        )]
    };
    // every formula is listed (up to a bound), so one pass of “paste as values” mends them all
    let mut found = Vec::new();
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: BTreeMap<u32, Row> = BTreeMap::new();
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(unreadable)?
    {
        let (row, column) = cell.pos;
        let at = CellRef::new(name, row + 1, column);
        if cell.formula.is_some() {
            if found.len() < MAX_FORMULAS_LISTED {
                found.push(at_cell(
                    file,
                    at,
                    Code::E028,
                    "这个单元格是公式；liandong 不计算公式",
                    "把公式换成它的结果：复制这个单元格，再“选择性粘贴 › 数值”。以等号 = 开头的文字前面加一个单引号 ' 就不会变成公式。",
                ));
            }
            continue;
        }
        if column >= MAX_SHEET_COLUMNS {
            continue;
        }
        let Some(value) = value_of(&cell.value) else {
            continue;
        };
        if row >= MAX_SHEET_ROWS {
            found.push(at_cell(
                file,
                at,
                Code::E020,
                format!(
                    "工作表“{name}”写到了第 {} 行，超过上限 {MAX_SHEET_ROWS} 行（没有继续读）",
                    row + 1
                ),
                "一个案例的每张表只有几十到几百行：删掉表格下方多余的内容（选中这些行 › 删除行），再保存。",
            ));
            return Err(found);
        }
        rows.entry(row)
            .or_insert_with(|| Row {
                number: row + 1,
                cells: BTreeMap::new(),
            })
            .cells
            .insert(column, value);
    }
    if !found.is_empty() {
        return Err(found);
    }
    Ok(Sheet {
        name: name.to_owned(),
        rows: rows.into_values().collect(),
    })
}

/// A cell's value; `None` for an empty cell (or one holding only spaces).
fn value_of(data: &DataRef<'_>) -> Option<Value> {
    let value = match data {
        DataRef::Empty => return None,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_owned()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        // a date a spreadsheet program recognised in what was typed (下次联系时间 "12/5")
        DataRef::DateTime(d) => Value::Text(match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => d.to_string(),
        }),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Text(format!("#{e:?}")),
    };
    match &value {
        Value::Text(t) if t.trim().is_empty() => None,
        _ => Some(value),
    }
}
