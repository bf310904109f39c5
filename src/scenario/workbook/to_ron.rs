//! A workbook's sheets turned into the RON a person would write: the fields in the order of
//! the bundled cases, notes as comments above what they are about, and the cell behind every
//! value remembered so the validator's findings come back to the cell.

use std::collections::HashMap;

use super::read::{Book, Value};
use super::ron_text::{Field, RonText, string, strings};
use super::sheets::{self, FieldSheet, List};
use super::step_rows::{Steps, write_stage};
use super::table::{Line, Problems, push_closed, push_text, push_yes, table};
use super::{CellRef, Converted, at_file};
use crate::scenario::diagnostic::{Code, Diagnostic};

/// Converts the workbook's cells to case text, or lists every problem that kept it from it.
pub fn to_ron(file: &str, book: &Book) -> Result<Converted, Vec<Diagnostic>> {
    let mut problems = Problems {
        file,
        found: Vec::new(),
    };
    refuse_invisible(book, &mut problems);
    let mut missing = Vec::new();
    for name in [
        sheets::CASE_INFO.name,
        sheets::CUSTOMER.name,
        sheets::STEPS.name,
    ] {
        if book.sheet(name).is_none() {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        problems.found.push(at_file(
            file,
            Code::E002,
            format!("工作簿里没有工作表“{}”", missing.join("”“")),
            "案例工作簿至少要有“案例信息”“客户与资产”“步骤”三张表，表名不能改：用 liandong new 编号 --xlsx 生成一个模板，对照着补上。",
        ));
        return Err(problems.found);
    }
    check_headers(book, &mut problems);
    if !problems.found.is_empty() {
        return Err(problems.found);
    }
    let mut out = RonText::default();
    let info = fields(book, &sheets::CASE_INFO, &mut problems);
    let customer = fields(book, &sheets::CUSTOMER, &mut problems);
    let steps = Steps::read(book, &mut problems);
    if problems.found.is_empty() {
        write_case(&mut out, &info, &customer, &steps, book, &mut problems);
    }
    if problems.found.is_empty() {
        Ok(Converted {
            ron: out.text,
            cells: out.cells,
        })
    } else {
        Err(problems.found)
    }
}

/// Each sheet's first row must be its header: columns are found by it, and a sheet whose
/// header was deleted or moved down would otherwise read as empty.
fn check_headers(book: &Book, problems: &mut Problems) {
    let sheets = sheets::TABLES.iter().map(|t| (t.name, t.columns)).chain(
        [sheets::CASE_INFO.name, sheets::CUSTOMER.name].map(|n| (n, &sheets::FIELD_COLUMNS[..])),
    );
    for (name, columns) in sheets {
        let Some(sheet) = book.sheet(name) else {
            continue;
        };
        let Some(first) = sheet.rows.first() else {
            continue;
        };
        let key = columns[0].header;
        let has_key = first.number == 1 && first.cells.values().any(|v| v.as_text().trim() == key);
        if !has_key {
            let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
            problems.at(
                CellRef::new(name, 1, 0),
                Code::E002,
                format!("工作表“{name}”的第 1 行不是表头（找不到“{key}”这一栏）"),
                &format!(
                    "第 1 行要写各栏的标题：{}。标题被删掉或改掉时，从 liandong new 编号 --xlsx 生成的模板里复制过来。",
                    headers.join("、")
                ),
            );
        }
    }
}

fn refuse_invisible(book: &Book, problems: &mut Problems) {
    for sheet in &book.sheets {
        for row in &sheet.rows {
            for (column, value) in &row.cells {
                let Value::Text(text) = value else { continue };
                if let Some(c) = text
                    .chars()
                    .find(|c| crate::scenario::load::is_invisible(*c))
                {
                    problems.at(
                        CellRef::new(&sheet.name, row.number, *column),
                        Code::E001,
                        format!("这个单元格里有一个看不见的控制字符 U+{:04X}", u32::from(c)),
                        "删掉它：这类字符多半是从网页、聊天软件里复制进来的，会让文字显示错乱、和实际内容不一致。重新输入这段文字最稳妥；单元格内换行用 Alt+Enter。",
                    );
                }
            }
        }
    }
}

/// The rows of a sheet of fields, by field key (a repeated field keeps every row).
struct Fields {
    rows: HashMap<&'static str, Vec<Line>>,
}

impl Fields {
    fn one(&self, key: &str) -> Option<&Line> {
        self.rows.get(key).and_then(|r| r.first())
    }

    fn all(&self, key: &str) -> &[Line] {
        self.rows.get(key).map_or(&[], Vec::as_slice)
    }

    fn has(&self, key: &str) -> bool {
        self.rows.contains_key(key)
    }

    fn note(&self, key: &str) -> Option<String> {
        self.one(key).and_then(|l| l.text("note")).map(|(_, t)| t)
    }
}

fn fields(book: &Book, sheet: &'static FieldSheet, problems: &mut Problems) -> Fields {
    let mut rows: HashMap<&'static str, Vec<Line>> = HashMap::new();
    let Some(cells) = book.sheet(sheet.name) else {
        return Fields { rows };
    };
    for line in super::table::lines(sheet.name, &sheets::FIELD_COLUMNS, cells) {
        let Some((cell, label)) = line.text("label") else {
            continue;
        };
        let Some(field) = sheet.field(&label) else {
            let known: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
            problems.at(
                cell,
                Code::E002,
                format!("“{}”表里没有“{label}”这一项", sheet.name),
                &format!("“项目”一栏只能写：{}。", known.join("、")),
            );
            continue;
        };
        let empty = !line.has("value") && !line.has("min") && !line.has("max");
        if empty {
            continue;
        }
        let same = rows.entry(field.key).or_default();
        if !same.is_empty() && !field.repeats {
            problems.at(
                cell,
                Code::E005,
                format!("“{label}”写了两次（第 {} 行已经有了）", same[0].number),
                "这一项只能写一行：删掉多余的一行。",
            );
            continue;
        }
        same.push(line);
    }
    Fields { rows }
}

fn write_case(
    out: &mut RonText,
    info: &Fields,
    customer: &Fields,
    steps: &Steps,
    book: &Book,
    problems: &mut Problems,
) {
    if let Some(header) = info.one("header").and_then(|l| l.text("value")) {
        out.comment(0, Some(&header.1));
    }
    let root = CellRef::new(sheets::CASE_INFO.name, 1, 0);
    let case = out.open(0, "Scenario(", &root);
    let format = info
        .one("format")
        .and_then(|l| l.whole("value", problems))
        .map_or_else(
            || ("1".to_owned(), root.clone()),
            |(c, n)| (n.to_string(), c),
        );
    out.field(
        1,
        &Field {
            key: "format",
            ron: format.0,
            cell: format.1,
        },
    );
    for (key, kind) in [
        ("id", Written::Text),
        ("title", Written::Text),
        ("summary", Written::Text),
        ("difficulty", Written::Closed(List::Difficulty)),
        ("minutes", Written::Whole),
        ("tags", Written::Names),
        ("author", Written::Text),
    ] {
        if let Some(field) = value_field(info, key, key, kind, problems) {
            out.comment(1, info.note(key).as_deref());
            out.field(1, &field);
        }
    }
    out.blank();
    write_customer(out, customer, book, problems);
    out.blank();
    write_staff(out, book, problems);
    write_rubric(out, info, problems);
    out.blank();
    let stages = out.open(1, "stages: [", &root);
    for stage in &steps.stages {
        write_stage(out, stage, steps, problems);
    }
    out.close(1, "],", stages);
    write_checklist(out, book);
    out.close(0, ")", case);
}

/// How a field-sheet value is written.
#[derive(Clone, Copy)]
enum Written {
    Text,
    Names,
    Whole,
    Fraction,
    Closed(List),
}

/// `key: value` from the 内容 cell of a field sheet's row.
fn value_field(
    fields: &Fields,
    from: &str,
    key: &'static str,
    kind: Written,
    problems: &mut Problems,
) -> Option<Field> {
    let line = fields.one(from)?;
    ron_value(line, "value", kind, problems).map(|(cell, ron)| Field { key, ron, cell })
}

fn ron_value(
    line: &Line,
    column: &str,
    kind: Written,
    problems: &mut Problems,
) -> Option<(CellRef, String)> {
    match kind {
        Written::Text => line.text(column).map(|(c, t)| (c, string(&t))),
        Written::Names => line.names(column).map(|(c, n)| (c, strings(&n))),
        Written::Whole => line
            .whole(column, problems)
            .map(|(c, n)| (c, n.to_string())),
        Written::Fraction => line
            .fraction(column, problems)
            .map(|(c, n)| (c, format!("{n:?}"))),
        Written::Closed(list) => line.closed(column, list, problems),
    }
}

/// `(min: 1, max: 2)` from the 下限 and 上限 cells.
fn range(line: &Line, problems: &mut Problems) -> Option<(CellRef, String)> {
    let min = line.whole("min", problems);
    let max = line.whole("max", problems);
    let cell = min
        .as_ref()
        .map_or_else(|| line.cell("min"), |(c, _)| c.clone());
    match (min, max) {
        (Some((_, min)), Some((_, max))) => Some((cell, format!("(min: {min}, max: {max})"))),
        (None, None) => {
            problems.at(
                line.cell("min"),
                Code::E002,
                "金额范围没有写".to_owned(),
                "在“下限”“上限”两栏写数字（元），如 700000 和 790000；金额固定时两栏写一样的数。",
            );
            None
        }
        _ => {
            problems.at(
                cell,
                Code::E002,
                "金额范围只写了一头".to_owned(),
                "“下限”“上限”两栏都要写；金额固定时写一样的数。",
            );
            None
        }
    }
}

/// `key: (min: .., max: ..)` from a field sheet's row, its note above it.
fn range_field(
    out: &mut RonText,
    indent: usize,
    f: &Fields,
    from: &str,
    key: &'static str,
    problems: &mut Problems,
) {
    let Some(line) = f.one(from) else {
        return;
    };
    out.comment(indent, f.note(from).as_deref());
    if let Some((cell, ron)) = range(line, problems) {
        out.field(indent, &Field { key, ron, cell });
    }
}

fn write_customer(out: &mut RonText, f: &Fields, book: &Book, problems: &mut Problems) {
    let anchor = f.one("names").map_or_else(
        || CellRef::new(sheets::CUSTOMER.name, 1, 0),
        |l| l.first.clone(),
    );
    let customer = out.open(1, "customer: (", &anchor);
    let plain = |out: &mut RonText, problems: &mut Problems, key: &'static str, kind| {
        if let Some(field) = value_field(f, key, key, kind, problems) {
            out.comment(2, f.note(key).as_deref());
            out.field(2, &field);
        }
    };
    plain(out, problems, "names", Written::Names);
    plain(
        out,
        problems,
        "salutation",
        Written::Closed(List::Salutation),
    );
    plain(out, problems, "age", Written::Whole);
    plain(out, problems, "occupation", Written::Text);
    sentences(out, f, "arrival", "arrival", 2);
    // the system view: card, balance, transactions
    let card = f
        .one("card")
        .map_or_else(|| anchor.clone(), |l| l.first.clone());
    out.comment(2, f.note("card").as_deref());
    let system = out.open(2, "system: (", &card);
    if let Some(field) = value_field(f, "card", "card", Written::Text, problems) {
        out.field(3, &field);
    }
    range_field(out, 3, f, "balance", "balance", problems);
    sentences(out, f, "transactions", "transactions", 3);
    out.close(2, "),", system);
    plain(out, problems, "tier", Written::Closed(List::Tier));
    range_field(out, 2, f, "assets", "assets", problems);
    if f.has("amounts") {
        let first = f.all("amounts")[0].first.clone();
        let amounts = out.open(2, "amounts: {", &first);
        for line in f.all("amounts") {
            out.comment(3, line.text("note").map(|(_, t)| t).as_deref());
            let Some((name_cell, name)) = line.text("value") else {
                problems.at(
                    line.cell("value"),
                    Code::E002,
                    "金额没有写名字".to_owned(),
                    "在“内容”一栏写这笔金额的名字（小写英文），如 cash；文字里用 {amount.cash} 引用它。",
                );
                continue;
            };
            if let Some((cell, ron)) = range(line, problems) {
                out.entry(3, &string(&name), &name_cell, &ron, &cell);
            }
        }
        out.close(2, "},", amounts);
    }
    plain(out, problems, "hurried", Written::Fraction);
    write_cues(out, book, problems);
    if let Some(line) = f.one("receivers") {
        out.comment(2, f.note("receivers").as_deref());
        if let Some((cell, ron)) = line.closed_names("value", List::Role, "岗位", problems) {
            out.field(
                2,
                &Field {
                    key: "receivers",
                    ron,
                    cell,
                },
            );
        }
    }
    plain(out, problems, "trust", Written::Whole);
    plain(out, problems, "patience", Written::Whole);
    write_company(out, f, problems);
    out.close(1, "),", customer);
}

/// A list of sentences, one row each: `arrival: ["…", "…"]`.
fn sentences(out: &mut RonText, f: &Fields, from: &str, key: &str, indent: usize) {
    let rows = f.all(from);
    let Some(first) = rows.first() else {
        return;
    };
    let list = out.open(indent, &format!("{key}: ["), &first.first);
    for line in rows {
        out.comment(indent + 1, line.text("note").map(|(_, t)| t).as_deref());
        if let Some((cell, text)) = line.text("value") {
            out.element(indent + 1, &string(&text), &cell);
        }
    }
    out.close(indent, "],", list);
}

fn write_cues(out: &mut RonText, book: &Book, problems: &mut Problems) {
    for (key, sheet) in [("cues", &sheets::CUES), ("needs", &sheets::NEEDS)] {
        let rows = table(book, sheet);
        let anchor = CellRef::new(sheet.name, 1, 0);
        let list = out.open(2, &format!("{key}: ["), &anchor);
        for line in &rows {
            out.comment(3, line.text("note").map(|(_, t)| t).as_deref());
            let mut fields = Vec::new();
            push_text(&mut fields, line, "id", "id");
            push_text(&mut fields, line, "text", "text");
            if key == "cues" {
                push_closed(
                    &mut fields,
                    line,
                    "moment",
                    "moment",
                    List::Moment,
                    problems,
                );
                push_yes(&mut fields, line, "significant", "significant", problems);
            } else {
                push_closed(&mut fields, line, "kind", "kind", List::NeedKind, problems);
                push_yes(&mut fields, line, "real", "real", problems);
            }
            push_text(&mut fields, line, "why", "why");
            out.compact(3, &fields, &line.first);
        }
        out.close(2, "],", list);
    }
}

fn write_company(out: &mut RonText, f: &Fields, problems: &mut Problems) {
    let keys = [
        "company_names",
        "company_industry",
        "company_accounts",
        "company_turnover",
        "company_payroll",
        "company_person",
        "company_tier_note",
    ];
    let Some(first) = keys.iter().find_map(|k| f.one(k)).map(|l| l.first.clone()) else {
        return;
    };
    let company = out.open(2, "company: (", &first);
    let plain =
        |out: &mut RonText, problems: &mut Problems, from: &str, key: &'static str, kind| {
            if let Some(field) = value_field(f, from, key, kind, problems) {
                out.comment(3, f.note(from).as_deref());
                out.field(3, &field);
            }
        };
    plain(out, problems, "company_names", "names", Written::Names);
    plain(out, problems, "company_industry", "industry", Written::Text);
    sentences(out, f, "company_accounts", "accounts", 3);
    range_field(out, 3, f, "company_turnover", "turnover", problems);
    plain(out, problems, "company_payroll", "payroll", Written::Whole);
    plain(out, problems, "company_person", "person", Written::Text);
    plain(
        out,
        problems,
        "company_tier_note",
        "tier_note",
        Written::Text,
    );
    out.close(2, "),", company);
}

fn write_staff(out: &mut RonText, book: &Book, problems: &mut Problems) {
    let anchor = CellRef::new(sheets::STAFF.name, 1, 0);
    let list = out.open(1, "staff: [", &anchor);
    for line in table(book, &sheets::STAFF) {
        out.comment(2, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, &line, "id", "id");
        push_closed(&mut fields, &line, "role", "role", List::Role, problems);
        if let Some((cell, names)) = line.names("names") {
            fields.push(Field {
                key: "names",
                ron: strings(&names),
                cell,
            });
        }
        push_text(&mut fields, &line, "credentials", "credentials");
        if let Some((cell, n)) = line.fraction("busy", problems) {
            fields.push(Field {
                key: "busy",
                ron: format!("{n:?}"),
                cell,
            });
        }
        out.compact(2, &fields, &line.first);
    }
    out.close(1, "],", list);
}

fn write_rubric(out: &mut RonText, info: &Fields, problems: &mut Problems) {
    let keys = [
        ("w_identification", "identification"),
        ("w_script", "script"),
        ("w_handoff", "handoff"),
        ("pass_mark", "pass_mark"),
    ];
    let Some(first) = keys
        .iter()
        .find_map(|(k, _)| info.one(k))
        .map(|l| l.first.clone())
    else {
        return;
    };
    out.blank();
    let rubric = out.open(1, "rubric: (", &first);
    for (from, key) in keys {
        if let Some(field) = value_field(info, from, key, Written::Whole, problems) {
            out.field(2, &field);
        }
    }
    out.close(1, "),", rubric);
}

fn write_checklist(out: &mut RonText, book: &Book) {
    let rows = table(book, &sheets::CHECKLIST);
    if rows.is_empty() {
        return;
    }
    out.blank();
    let list = out.open(1, "checklist: [", &rows[0].first);
    for line in &rows {
        out.comment(2, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        for key in ["id", "title", "about", "title_en", "about_en"] {
            push_text(&mut fields, line, key, key);
        }
        out.compact(2, &fields, &line.first);
    }
    out.close(1, "],", list);
}
