//! A workbook's sheets turned into the RON a person would write: the fields in the order of
//! the bundled cases, notes as comments above what they are about, and the cell behind every
//! value remembered so the validator's findings come back to the cell.

use std::collections::HashMap;

use super::conditions;
use super::read::{Book, Value};
use super::ron_text::{Field, RonText, string, strings};
use super::sheets::{self, FieldSheet, List};
use super::table::{Line, Problems, split_names, table};
use super::{CellRef, Converted, at_file, labels};
use crate::scenario::diagnostic::{Code, Diagnostic};
use crate::scenario::model::StepKind;

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

/// The 步骤 sheet grouped into stages, and the other sheets' rows by the step they belong to.
struct Steps {
    stages: Vec<Stage>,
    kinds: HashMap<String, StepKind>,
    details: HashMap<(&'static str, String), Vec<Line>>,
}

struct Stage {
    number: String,
    rows: Vec<(Line, StepKind)>,
}

impl Steps {
    fn read(book: &Book, problems: &mut Problems) -> Steps {
        let mut stages: Vec<Stage> = Vec::new();
        let mut kinds = HashMap::new();
        for line in table(book, &sheets::STEPS) {
            let Some((id_cell, id)) = line.text("id") else {
                problems.at(
                    line.cell("id"),
                    Code::E002,
                    "这一行没有写步骤编号".to_owned(),
                    "每一步都要有编号（小写英文字母、数字和连字符），其他表按它找到这一步。",
                );
                continue;
            };
            let Some((_, kind)) = line.closed("kind", List::StepKind, problems) else {
                if !line.has("kind") {
                    problems.at(
                        line.cell("kind"),
                        Code::E002,
                        format!("步骤“{id}”没有写类型"),
                        &format!("“类型”一栏写：{}。", labels::accepted(List::StepKind)),
                    );
                }
                continue;
            };
            let kind = StepKind::ALL
                .into_iter()
                .find(|k| k.name() == kind)
                .unwrap_or(StepKind::Narration);
            if kinds.insert(id.clone(), kind).is_some() {
                problems.at(
                    id_cell,
                    Code::E005,
                    format!("步骤编号“{id}”重复了"),
                    "整个案例里每一步的编号都不能重复：改掉其中一个（别的表里引用它的地方也要改）。",
                );
                continue;
            }
            let number = line
                .text("stage")
                .map(|(_, n)| n)
                .or_else(|| stages.last().map(|s| s.number.clone()))
                .unwrap_or_else(|| "1".to_owned());
            match stages.iter_mut().find(|s| s.number == number) {
                Some(stage) => stage.rows.push((line, kind)),
                None => stages.push(Stage {
                    number,
                    rows: vec![(line, kind)],
                }),
            }
        }
        let mut steps = Steps {
            stages,
            kinds,
            details: HashMap::new(),
        };
        for sheet in [
            &sheets::OPTIONS,
            &sheets::CARD,
            &sheets::FORMS,
            &sheets::ACTIONS,
            &sheets::ORDER,
            &sheets::BRANCHES,
        ] {
            for line in table(book, sheet) {
                steps.add_detail(sheet.name, line, problems);
            }
        }
        steps
    }

    /// Files a row of a detail sheet under its step, if the step takes such rows.
    fn add_detail(&mut self, sheet: &'static str, line: Line, problems: &mut Problems) {
        let Some((cell, step)) = line.text("step") else {
            problems.at(
                line.cell("step"),
                Code::E002,
                "这一行没有写步骤编号".to_owned(),
                "写上它属于哪一步（“步骤”表里的编号）。",
            );
            return;
        };
        let Some(kind) = self.kinds.get(&step) else {
            problems.at(
                cell,
                Code::E004,
                format!("“步骤”表里没有编号为“{step}”的步骤"),
                "检查拼写，或者先在“步骤”表里加上这一步。",
            );
            return;
        };
        let takes = match sheet {
            "选项" => matches!(
                kind,
                StepKind::Script | StepKind::MorningMeeting | StepKind::ReferralCard
            ),
            "转介卡" => *kind == StepKind::ReferralCard,
            "跟进表格" => matches!(kind, StepKind::TrackingSheet | StepKind::ReferralRecord),
            "交接动作" | "顺序约束" => *kind == StepKind::Handoff,
            "分支" => *kind == StepKind::Branch,
            _ => false,
        };
        if !takes {
            problems.at(
                cell,
                Code::E002,
                format!(
                    "步骤“{step}”是{}步骤，“{sheet}”表里的行不属于它",
                    labels::step_kind_label(*kind)
                ),
                "选项属于话术、晨会和转介卡（去向）；转介卡表属于转介卡步骤；跟进表格属于追踪表和推荐记录表；交接动作和顺序约束属于交接步骤；分支表属于分支步骤。",
            );
            return;
        }
        self.details.entry((sheet, step)).or_default().push(line);
    }

    /// The rows of `sheet` for `step`, ordered by their 序号 where written.
    fn of(&self, sheet: &'static str, step: &str) -> Vec<&Line> {
        let mut rows: Vec<&Line> = self
            .details
            .get(&(sheet, step.to_owned()))
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        rows.sort_by_key(|l| order_of(l));
        rows
    }
}

fn order_of(line: &Line) -> u64 {
    line.text("order")
        .and_then(|(_, t)| t.parse::<u64>().ok())
        .unwrap_or(u64::MAX)
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
        ("id", Value0::Text),
        ("title", Value0::Text),
        ("summary", Value0::Text),
        ("difficulty", Value0::Closed(List::Difficulty)),
        ("minutes", Value0::Whole),
        ("tags", Value0::Names),
        ("author", Value0::Text),
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
enum Value0 {
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
    kind: Value0,
    problems: &mut Problems,
) -> Option<Field> {
    let line = fields.one(from)?;
    ron_value(line, "value", kind, problems).map(|(cell, ron)| Field { key, ron, cell })
}

fn ron_value(
    line: &Line,
    column: &str,
    kind: Value0,
    problems: &mut Problems,
) -> Option<(CellRef, String)> {
    match kind {
        Value0::Text => line.text(column).map(|(c, t)| (c, string(&t))),
        Value0::Names => line.names(column).map(|(c, n)| (c, strings(&n))),
        Value0::Whole => line
            .whole(column, problems)
            .map(|(c, n)| (c, n.to_string())),
        Value0::Fraction => line
            .fraction(column, problems)
            .map(|(c, n)| (c, format!("{n:?}"))),
        Value0::Closed(list) => line.closed(column, list, problems),
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
    plain(out, problems, "names", Value0::Names);
    plain(
        out,
        problems,
        "salutation",
        Value0::Closed(List::Salutation),
    );
    plain(out, problems, "age", Value0::Whole);
    plain(out, problems, "occupation", Value0::Text);
    sentences(out, f, "arrival", "arrival", 2, &anchor);
    // the system view: card, balance, transactions
    let card = f
        .one("card")
        .map_or_else(|| anchor.clone(), |l| l.first.clone());
    out.comment(2, f.note("card").as_deref());
    let system = out.open(2, "system: (", &card);
    if let Some(field) = value_field(f, "card", "card", Value0::Text, problems) {
        out.field(3, &field);
    }
    if let Some(line) = f.one("balance") {
        out.comment(3, f.note("balance").as_deref());
        if let Some((cell, ron)) = range(line, problems) {
            out.field(
                3,
                &Field {
                    key: "balance",
                    ron,
                    cell,
                },
            );
        }
    }
    sentences(out, f, "transactions", "transactions", 3, &anchor);
    out.close(2, "),", system);
    plain(out, problems, "tier", Value0::Closed(List::Tier));
    if let Some(line) = f.one("assets") {
        out.comment(2, f.note("assets").as_deref());
        if let Some((cell, ron)) = range(line, problems) {
            out.field(
                2,
                &Field {
                    key: "assets",
                    ron,
                    cell,
                },
            );
        }
    }
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
    plain(out, problems, "hurried", Value0::Fraction);
    write_cues(out, book, problems);
    if let Some(line) = f.one("receivers") {
        out.comment(2, f.note("receivers").as_deref());
        if let Some((cell, names)) = line.names("value") {
            let mut roles = Vec::new();
            for name in names {
                match labels::name_of(List::Role, &name) {
                    Some(role) => roles.push(role),
                    None => problems.at(
                        cell.clone(),
                        Code::E002,
                        format!("“{name}”不是岗位"),
                        &format!("只能写：{}，用顿号隔开。", labels::accepted(List::Role)),
                    ),
                }
            }
            out.field(
                2,
                &Field {
                    key: "receivers",
                    ron: format!("[{}]", roles.join(", ")),
                    cell,
                },
            );
        }
    }
    plain(out, problems, "trust", Value0::Whole);
    plain(out, problems, "patience", Value0::Whole);
    write_company(out, f, problems);
    out.close(1, "),", customer);
}

/// A list of sentences, one row each: `arrival: ["…", "…"]`.
fn sentences(
    out: &mut RonText,
    f: &Fields,
    from: &str,
    key: &str,
    indent: usize,
    anchor: &CellRef,
) {
    let rows = f.all(from);
    let first = rows
        .first()
        .map_or_else(|| anchor.clone(), |l| l.first.clone());
    if rows.is_empty() {
        return;
    }
    let list = out.open(indent, &format!("{key}: ["), &first);
    for line in rows {
        out.comment(indent + 1, line.text("note").map(|(_, t)| t).as_deref());
        if let Some((cell, text)) = line.text("value") {
            let start = out.text.len() + 4 * (indent + 1);
            out.line(indent + 1, &format!("{},", string(&text)));
            out.cells.push(start, out.text.len() - 2, cell);
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
    plain(out, problems, "company_names", "names", Value0::Names);
    plain(out, problems, "company_industry", "industry", Value0::Text);
    sentences(out, f, "company_accounts", "accounts", 3, &first);
    if let Some(line) = f.one("company_turnover") {
        if let Some((cell, ron)) = range(line, problems) {
            out.field(
                3,
                &Field {
                    key: "turnover",
                    ron,
                    cell,
                },
            );
        }
    }
    plain(out, problems, "company_payroll", "payroll", Value0::Whole);
    plain(out, problems, "company_person", "person", Value0::Text);
    plain(
        out,
        problems,
        "company_tier_note",
        "tier_note",
        Value0::Text,
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
        if let Some(field) = value_field(info, from, key, Value0::Whole, problems) {
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

fn push_text(fields: &mut Vec<Field>, line: &Line, column: &str, key: &'static str) {
    if let Some((cell, text)) = line.text(column) {
        fields.push(Field {
            key,
            ron: string(&text),
            cell,
        });
    }
}

fn push_closed(
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

fn push_yes(
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

fn push_whole(
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

fn push_condition(
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

/// The columns of the 步骤 sheet each kind of step reads; a filled cell outside them is a
/// mistake worth saying (a 分值 on a narration), not something to drop silently.
fn reads(kind: StepKind) -> &'static [&'static str] {
    match kind {
        StepKind::Narration => &["text", "next"],
        StepKind::Identify => &["text", "points", "tier", "cues", "needs", "next"],
        StepKind::Script | StepKind::MorningMeeting => &["text", "points", "next"],
        StepKind::ReferralCard | StepKind::TrackingSheet | StepKind::ReferralRecord => {
            &["text", "points", "rule", "next"]
        }
        StepKind::Handoff => &["text", "points", "next"],
        StepKind::Branch => &["next"],
        StepKind::End => &["text", "outcome", "next"],
    }
}

fn write_stage(out: &mut RonText, stage: &Stage, steps: &Steps, problems: &mut Problems) {
    let first = &stage.rows[0].0;
    out.comment(2, first.text("stage_note").map(|(_, t)| t).as_deref());
    let mark = out.open(2, "(", &first.first);
    let role = stage.rows.iter().find(|(l, _)| l.has("role"));
    match role {
        Some((line, _)) => {
            if let Some((cell, name)) = line.closed("role", List::Role, problems) {
                out.field(
                    3,
                    &Field {
                        key: "role",
                        ron: name,
                        cell,
                    },
                );
            }
        }
        None => problems.at(
            first.cell("role"),
            Code::E002,
            format!("第 {} 环节没有写岗位", stage.number),
            "在这个环节第一行的“岗位”一栏选一个岗位。",
        ),
    }
    let title = stage.rows.iter().find_map(|(l, _)| l.text("stage_title"));
    if let Some((cell, title)) = title {
        out.field(
            3,
            &Field {
                key: "title",
                ron: string(&title),
                cell,
            },
        );
    } else {
        problems.at(
            first.cell("stage_title"),
            Code::E002,
            format!("第 {} 环节没有写标题", stage.number),
            "在这个环节第一行的“环节标题”一栏写一个标题。",
        );
    }
    let list = out.open(3, "steps: [", &first.first);
    for (line, kind) in &stage.rows {
        write_step(out, line, *kind, steps, problems);
    }
    out.close(3, "],", list);
    out.close(2, "),", mark);
}

fn write_step(
    out: &mut RonText,
    line: &Line,
    kind: StepKind,
    steps: &Steps,
    problems: &mut Problems,
) {
    for (key, (cell, _)) in &line.values {
        let step_column = matches!(
            *key,
            "stage" | "role" | "stage_title" | "id" | "kind" | "stage_note" | "note"
        );
        if !step_column && !reads(kind).contains(key) {
            problems.at(
                cell.clone(),
                Code::E002,
                format!("{}步骤不用写这一栏", labels::step_kind_label(kind)),
                "清空这个单元格；每种步骤用哪些栏见各栏标题上的批注。",
            );
        }
    }
    let id = line.text("id").map(|(_, t)| t).unwrap_or_default();
    out.comment(4, line.text("note").map(|(_, t)| t).as_deref());
    let mark = out.open(4, &format!("{}(", kind.name()), &line.first);
    let mut fields = Vec::new();
    push_text(&mut fields, line, "id", "id");
    let text_key = match kind {
        StepKind::Narration | StepKind::End => "text",
        _ => "prompt",
    };
    if kind == StepKind::End {
        push_closed(
            &mut fields,
            line,
            "outcome",
            "outcome",
            List::Outcome,
            problems,
        );
    }
    if kind != StepKind::Branch {
        push_text(&mut fields, line, "text", text_key);
    }
    push_whole(&mut fields, line, "points", "points", problems);
    if kind == StepKind::Identify {
        push_yes(&mut fields, line, "tier", "tier", problems);
        for key in ["cues", "needs"] {
            if let Some((cell, ids)) = line.names(key) {
                fields.push(Field {
                    key: if key == "cues" { "cues" } else { "needs" },
                    ron: strings(&ids),
                    cell,
                });
            }
        }
    }
    if matches!(
        kind,
        StepKind::ReferralCard | StepKind::TrackingSheet | StepKind::ReferralRecord
    ) {
        push_text(&mut fields, line, "rule", "rule");
    }
    if kind != StepKind::Branch {
        push_text(&mut fields, line, "next", "next");
    }
    for field in &fields {
        out.field(5, field);
    }
    match kind {
        StepKind::Script | StepKind::MorningMeeting => {
            write_options(out, "options", &steps.of("选项", &id), line, problems)
        }
        StepKind::ReferralCard => {
            write_card(out, &steps.of("转介卡", &id), line, problems);
            write_options(out, "route", &steps.of("选项", &id), line, problems);
        }
        StepKind::TrackingSheet | StepKind::ReferralRecord => {
            write_forms(out, &steps.of("跟进表格", &id), line, problems)
        }
        StepKind::Handoff => write_handoff(
            out,
            &steps.of("交接动作", &id),
            &steps.of("顺序约束", &id),
            line,
            problems,
        ),
        StepKind::Branch => {
            let list = out.open(5, "cases: [", &line.first);
            for case in steps.of("分支", &id) {
                out.comment(6, case.text("note").map(|(_, t)| t).as_deref());
                let mut fields = Vec::new();
                push_condition(&mut fields, case, "when", "when", problems);
                push_text(&mut fields, case, "next", "next");
                out.compact(6, &fields, &case.first);
            }
            out.close(5, "],", list);
            if let Some((cell, next)) = line.text("next") {
                out.field(
                    5,
                    &Field {
                        key: "otherwise",
                        ron: string(&next),
                        cell,
                    },
                );
            }
        }
        _ => {}
    }
    out.close(4, "),", mark);
}

fn write_options(
    out: &mut RonText,
    key: &str,
    rows: &[&Line],
    step: &Line,
    problems: &mut Problems,
) {
    let list = out.open(5, &format!("{key}: ["), &step.first);
    for line in rows {
        out.comment(6, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, line, "text", "text");
        push_closed(&mut fields, line, "grade", "grade", List::Grade, problems);
        push_whole(&mut fields, line, "points", "points", problems);
        push_text(&mut fields, line, "rule", "rule");
        push_text(&mut fields, line, "feedback", "feedback");
        push_text(&mut fields, line, "reaction", "reaction");
        push_text(&mut fields, line, "thought", "thought");
        push_whole(&mut fields, line, "trust", "trust", problems);
        push_whole(&mut fields, line, "patience", "patience", problems);
        push_text(&mut fields, line, "next", "next");
        out.compact(6, &fields, &line.first);
    }
    out.close(5, "],", list);
}

/// Rows grouped by their 栏目, in the order the columns first appear.
fn by_field<'a>(
    rows: &[&'a Line],
    list: List,
    problems: &mut Problems,
) -> Vec<(String, CellRef, Vec<&'a Line>)> {
    let mut groups: Vec<(String, CellRef, Vec<&'a Line>)> = Vec::new();
    for line in rows {
        let Some((cell, field)) = line.closed("field", list, problems) else {
            if !line.has("field") {
                problems.at(
                    line.cell("field"),
                    Code::E002,
                    "这一行没有写栏目".to_owned(),
                    &format!("“栏目”写：{}。", labels::accepted(list)),
                );
            }
            continue;
        };
        match groups.iter_mut().find(|(f, _, _)| *f == field) {
            Some(group) => group.2.push(line),
            None => groups.push((field, cell, vec![line])),
        }
    }
    groups
}

fn write_card(out: &mut RonText, rows: &[&Line], step: &Line, problems: &mut Problems) {
    let list = out.open(5, "fields: [", &step.first);
    for (field, cell, choices) in by_field(rows, List::CardField, problems) {
        let group = out.open(6, "(", &cell);
        out.field(
            7,
            &Field {
                key: "field",
                ron: field,
                cell,
            },
        );
        let inner = out.open(7, "choices: [", &choices[0].first);
        for line in choices {
            out.comment(8, line.text("note").map(|(_, t)| t).as_deref());
            let mut fields = Vec::new();
            push_text(&mut fields, line, "text", "text");
            push_yes(&mut fields, line, "correct", "correct", problems);
            push_text(&mut fields, line, "rule", "rule");
            push_text(&mut fields, line, "feedback", "feedback");
            push_whole(&mut fields, line, "trust", "trust", problems);
            push_whole(&mut fields, line, "patience", "patience", problems);
            push_text(&mut fields, line, "thought", "thought");
            out.compact(8, &fields, &line.first);
        }
        out.close(7, "],", inner);
        out.close(6, "),", group);
    }
    out.close(5, "],", list);
}

fn write_forms(out: &mut RonText, rows: &[&Line], step: &Line, problems: &mut Problems) {
    let list = out.open(5, "fields: [", &step.first);
    for (field, cell, choices) in by_field(rows, List::FormField, problems) {
        let group = out.open(6, "(", &cell);
        out.field(
            7,
            &Field {
                key: "field",
                ron: field,
                cell,
            },
        );
        let inner = out.open(7, "choices: [", &choices[0].first);
        for line in choices {
            out.comment(8, line.text("note").map(|(_, t)| t).as_deref());
            let mut fields = Vec::new();
            push_text(&mut fields, line, "text", "text");
            push_yes(&mut fields, line, "correct", "correct", problems);
            if let Some((cell, names)) = line.text("outcomes").map(|(c, t)| (c, split_names(&t))) {
                let mut outcomes = Vec::new();
                for name in names {
                    match labels::name_of(List::Outcome, &name) {
                        Some(o) => outcomes.push(o),
                        None => problems.at(
                            cell.clone(),
                            Code::E002,
                            format!("“{name}”不是结局"),
                            &format!("只能写：{}，用顿号隔开。", labels::accepted(List::Outcome)),
                        ),
                    }
                }
                fields.push(Field {
                    key: "outcomes",
                    ron: format!("[{}]", outcomes.join(", ")),
                    cell,
                });
            }
            push_condition(&mut fields, line, "when", "when", problems);
            push_condition(&mut fields, line, "unless", "unless", problems);
            push_text(&mut fields, line, "rule", "rule");
            push_text(&mut fields, line, "feedback", "feedback");
            out.compact(8, &fields, &line.first);
        }
        out.close(7, "],", inner);
        out.close(6, "),", group);
    }
    out.close(5, "],", list);
}

fn write_handoff(
    out: &mut RonText,
    actions: &[&Line],
    order: &[&Line],
    step: &Line,
    problems: &mut Problems,
) {
    let list = out.open(5, "actions: [", &step.first);
    for line in actions {
        out.comment(6, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, line, "id", "id");
        push_text(&mut fields, line, "text", "text");
        push_closed(
            &mut fields,
            line,
            "kind",
            "kind",
            List::ActionKind,
            problems,
        );
        push_text(&mut fields, line, "rule", "rule");
        push_text(&mut fields, line, "feedback", "feedback");
        push_whole(&mut fields, line, "trust", "trust", problems);
        push_whole(&mut fields, line, "patience", "patience", problems);
        push_text(&mut fields, line, "thought", "thought");
        out.compact(6, &fields, &line.first);
    }
    out.close(5, "],", list);
    if order.is_empty() {
        return;
    }
    let list = out.open(5, "order: [", &order[0].first);
    for line in order {
        out.comment(6, line.text("note").map(|(_, t)| t).as_deref());
        let mut fields = Vec::new();
        push_text(&mut fields, line, "before", "before");
        push_text(&mut fields, line, "after", "after");
        push_text(&mut fields, line, "message", "message");
        push_text(&mut fields, line, "rule", "rule");
        out.compact(6, &fields, &line.first);
    }
    out.close(5, "],", list);
}
