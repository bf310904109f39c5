//! A case written as a workbook: every part on its own sheet, Chinese headers with a note on
//! each, drop-down lists for every closed choice, frozen header rows, widths and row heights
//! that fit Chinese text.

use std::collections::HashMap;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula,
    Note, Workbook, Worksheet, XlsxError,
};

use super::comments::Comments;
use super::conditions;
use super::labels::{self, step_kind_label};
use super::sheets::{self, Column, FieldSheet, List, TableSheet, Value};
use crate::path;
use crate::scenario::catalogue::Catalogue;
use crate::scenario::locate::ValuePath;
use crate::scenario::model::{Scenario, Step};

/// Why a workbook could not be written (the library's own reason, in its words).
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError(e.to_string())
    }
}

/// A cell to write.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
}

type Row = HashMap<&'static str, Cell>;

fn text(s: impl Into<String>) -> Option<Cell> {
    let s = s.into();
    (!s.is_empty()).then_some(Cell::Text(s))
}

fn number(n: impl Into<f64>) -> Option<Cell> {
    Some(Cell::Number(n.into()))
}

fn yes_no(b: bool) -> Option<Cell> {
    text(if b { "是" } else { "否" })
}

fn row(pairs: Vec<(&'static str, Option<Cell>)>) -> Row {
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// Rows written below a table sheet's header, for each table sheet.
#[derive(Default)]
struct Tables {
    rows: HashMap<&'static str, Vec<Row>>,
}

impl Tables {
    fn add(&mut self, sheet: &TableSheet, row: Row) {
        self.rows.entry(sheet.name).or_default().push(row);
    }
}

/// Writes `scenario` as a workbook. `source` is the case file's text, whose comments become
/// notes; the catalogue gives the rules sheet and the rule drop-downs.
pub fn write_workbook(
    scenario: &Scenario,
    source: Option<&str>,
    catalogue: &Catalogue,
) -> Result<Vec<u8>, WriteError> {
    let comments = Comments::new(source);
    let mut book = Workbook::new();
    let info = case_info(scenario, &comments);
    let customer = customer(scenario, &comments);
    let tables = tables(scenario, &comments);
    let style = Styles::new();
    write_fields(book.add_worksheet(), &sheets::CASE_INFO, &info, &style)?;
    write_fields(book.add_worksheet(), &sheets::CUSTOMER, &customer, &style)?;
    for sheet in sheets::TABLES {
        let rows = tables.rows.get(sheet.name).map_or(&[][..], Vec::as_slice);
        write_table(book.add_worksheet(), sheet, rows, &style, catalogue)?;
    }
    write_rules(book.add_worksheet(), catalogue, &style)?;
    Ok(book.save_to_buffer()?)
}

/// `(field key, 内容 or 下限/上限, note)` rows of a field sheet, repeated fields once per row.
struct FieldRow {
    key: &'static str,
    value: Option<Cell>,
    range: Option<(u64, u64)>,
    note: Option<String>,
}

fn field_row(key: &'static str, value: Option<Cell>, note: Option<String>) -> FieldRow {
    FieldRow {
        key,
        value,
        range: None,
        note,
    }
}

fn case_info(s: &Scenario, c: &Comments) -> Vec<FieldRow> {
    let note = |key: &str| c.above(&path![key]);
    let mut rows = vec![
        field_row("header", text(c.header().unwrap_or_default()), None),
        field_row("id", text(&s.id), note("id")),
        field_row("title", text(&s.title), note("title")),
        field_row("summary", text(&s.summary), note("summary")),
        field_row("difficulty", text(s.difficulty.label()), note("difficulty")),
        field_row("minutes", number(s.minutes), note("minutes")),
        field_row("tags", text(s.tags.join("、")), note("tags")),
        field_row("author", text(&s.author), note("author")),
        field_row("format", number(s.format), None),
    ];
    let rubric = s.rubric;
    for (key, value) in [
        ("w_identification", rubric.map(|r| r.identification)),
        ("w_script", rubric.map(|r| r.script)),
        ("w_handoff", rubric.map(|r| r.handoff)),
        ("pass_mark", rubric.map(|r| r.pass_mark)),
    ] {
        rows.push(field_row(key, value.and_then(number), None));
    }
    rows
}

fn customer(s: &Scenario, c: &Comments) -> Vec<FieldRow> {
    let p = s.customer.clone();
    let note = |key: &str| c.above(&path!["customer", key]);
    let range = |key: &'static str, r: Option<crate::scenario::model::AmountRange>, n| FieldRow {
        key,
        value: None,
        range: r.map(|r| (r.min, r.max)),
        note: n,
    };
    let mut rows = vec![
        field_row("names", text(p.names.join("、")), note("names")),
        field_row("salutation", text(p.salutation.label()), note("salutation")),
        field_row("age", number(p.age), note("age")),
        field_row("occupation", text(&p.occupation), note("occupation")),
    ];
    for (i, line) in p.arrival.iter().enumerate() {
        rows.push(field_row(
            "arrival",
            text(line),
            c.above(&path!["customer", "arrival", i]),
        ));
    }
    if p.arrival.is_empty() {
        rows.push(field_row("arrival", None, None));
    }
    rows.push(field_row("card", text(&p.system.card), note("system")));
    rows.push(range(
        "balance",
        Some(p.system.balance),
        c.above(&path!["customer", "system", "balance"]),
    ));
    for (i, line) in p.system.transactions.iter().enumerate() {
        rows.push(field_row(
            "transactions",
            text(line),
            c.above(&path!["customer", "system", "transactions", i]),
        ));
    }
    if p.system.transactions.is_empty() {
        rows.push(field_row("transactions", None, None));
    }
    rows.push(field_row("tier", text(p.tier.label()), note("tier")));
    rows.push(range("assets", p.assets, note("assets")));
    for (name, amount) in &p.amounts {
        rows.push(FieldRow {
            key: "amounts",
            value: text(name),
            range: Some((amount.min, amount.max)),
            note: c.above(&path!["customer", "amounts", name.as_str()]),
        });
    }
    if p.amounts.is_empty() {
        rows.push(field_row("amounts", None, None));
    }
    rows.push(field_row(
        "hurried",
        (p.hurried != 0.0).then_some(Cell::Number(p.hurried)),
        note("hurried"),
    ));
    let receivers: Vec<&str> = p.receivers.iter().map(|r| r.label()).collect();
    rows.push(field_row(
        "receivers",
        text(receivers.join("、")),
        note("receivers"),
    ));
    rows.push(field_row("trust", p.trust.and_then(number), note("trust")));
    rows.push(field_row(
        "patience",
        p.patience.and_then(number),
        note("patience"),
    ));
    let company = p.company.as_ref();
    rows.push(field_row(
        "company_names",
        company.and_then(|co| text(co.names.join("、"))),
        // a note on the company sits above `company: (`, or above its names inside it
        note("company").or_else(|| c.above(&path!["customer", "company", "names"])),
    ));
    rows.push(field_row(
        "company_industry",
        company.and_then(|co| text(&co.industry)),
        None,
    ));
    match company {
        Some(co) if !co.accounts.is_empty() => {
            for line in &co.accounts {
                rows.push(field_row("company_accounts", text(line), None));
            }
        }
        _ => rows.push(field_row("company_accounts", None, None)),
    }
    rows.push(range(
        "company_turnover",
        company.map(|co| co.turnover),
        None,
    ));
    rows.push(field_row(
        "company_payroll",
        company.and_then(|co| number(co.payroll)),
        None,
    ));
    rows.push(field_row(
        "company_person",
        company.and_then(|co| text(&co.person)),
        None,
    ));
    rows.push(field_row(
        "company_tier_note",
        company.and_then(|co| text(&co.tier_note)),
        None,
    ));
    rows
}

fn note_cell(note: Option<String>) -> Option<Cell> {
    note.and_then(text)
}

fn tables(s: &Scenario, c: &Comments) -> Tables {
    let mut t = Tables::default();
    for (i, cue) in s.customer.cues.iter().enumerate() {
        t.add(
            &sheets::CUES,
            row(vec![
                ("id", text(cue.id.as_str())),
                ("text", text(&cue.text)),
                (
                    "moment",
                    text(labels::label_of(List::Moment, &format!("{:?}", cue.moment))),
                ),
                ("significant", yes_no(cue.significant)),
                ("why", text(&cue.why)),
                ("note", note_cell(c.above(&path!["customer", "cues", i]))),
            ]),
        );
    }
    for (i, need) in s.customer.needs.iter().enumerate() {
        t.add(
            &sheets::NEEDS,
            row(vec![
                ("id", text(need.id.as_str())),
                ("text", text(&need.text)),
                (
                    "kind",
                    text(labels::label_of(
                        List::NeedKind,
                        &format!("{:?}", need.kind),
                    )),
                ),
                ("real", yes_no(need.real)),
                ("why", text(&need.why)),
                ("note", note_cell(c.above(&path!["customer", "needs", i]))),
            ]),
        );
    }
    for (i, staff) in s.staff.iter().enumerate() {
        t.add(
            &sheets::STAFF,
            row(vec![
                ("id", text(staff.id.as_str())),
                ("role", text(staff.role.label())),
                ("names", text(staff.names.join("、"))),
                ("credentials", text(&staff.credentials)),
                (
                    "busy",
                    (staff.busy != 0.0).then_some(Cell::Number(staff.busy)),
                ),
                ("note", note_cell(c.above(&path!["staff", i]))),
            ]),
        );
    }
    for (si, stage) in s.stages.iter().enumerate() {
        for (i, step) in stage.steps.iter().enumerate() {
            let at = path!["stages", si, "steps", i];
            let first = i == 0;
            let mut r = row(vec![
                ("stage", number(si as f64 + 1.0)),
                ("role", text(stage.role.label())),
                ("stage_title", text(&stage.title)),
                ("id", text(step.id().as_str())),
                ("kind", text(step_kind_label(step.kind()))),
                (
                    "stage_note",
                    if first {
                        note_cell(c.above(&path!["stages", si]))
                    } else {
                        None
                    },
                ),
                ("note", note_cell(c.above(&at))),
            ]);
            step_row(&mut r, step);
            t.add(&sheets::STEPS, r);
            step_details(&mut t, step, &at, c);
        }
    }
    for (i, item) in s.checklist.iter().enumerate() {
        t.add(
            &sheets::CHECKLIST,
            row(vec![
                ("id", text(&item.id)),
                ("title", text(&item.title)),
                ("about", text(&item.about)),
                ("title_en", text(&item.title_en)),
                ("about_en", text(&item.about_en)),
                ("note", note_cell(c.above(&path!["checklist", i]))),
            ]),
        );
    }
    t
}

/// The 步骤 sheet's cells a step fills beyond its id and kind.
fn step_row(r: &mut Row, step: &Step) {
    let mut put = |key: &'static str, cell: Option<Cell>| {
        if let Some(cell) = cell {
            r.insert(key, cell);
        }
    };
    put(
        "points",
        (step.is_decision()).then(|| Cell::Number(step.points().into())),
    );
    put("next", step.explicit_next().and_then(|n| text(n.as_str())));
    match step {
        Step::Narration(n) => put("text", text(&n.text)),
        Step::Identify(s) => {
            put("text", text(&s.prompt));
            put("tier", yes_no(s.tier));
            put("cues", text(join_ids(s.cues.iter().map(|c| c.as_str()))));
            put("needs", text(join_ids(s.needs.iter().map(|n| n.as_str()))));
        }
        Step::Script(s) | Step::MorningMeeting(s) => put("text", text(&s.prompt)),
        Step::ReferralCard(s) => {
            put("text", text(&s.prompt));
            put("rule", s.rule.as_ref().and_then(|r| text(r.as_str())));
        }
        Step::Handoff(s) => put("text", text(&s.prompt)),
        Step::TrackingSheet(f) | Step::ReferralRecord(f) => {
            put("text", text(&f.prompt));
            put("rule", f.rule.as_ref().and_then(|r| text(r.as_str())));
        }
        Step::Branch(b) => put("next", text(b.otherwise.as_str())),
        Step::End(e) => {
            put("text", text(&e.text));
            put("outcome", e.outcome.and_then(|o| text(o.label())));
        }
    }
}

fn join_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join("、")
}

/// The rows a step adds to the other sheets: options, card entries, actions, branches.
fn step_details(t: &mut Tables, step: &Step, at: &ValuePath, c: &Comments) {
    let id = step.id().as_str();
    let option = |o: &crate::scenario::model::ScriptOption, n: usize, note| {
        row(vec![
            ("step", text(id)),
            ("order", number(n as f64 + 1.0)),
            ("text", text(&o.text)),
            ("grade", text(o.grade.label())),
            ("points", o.points.and_then(number)),
            ("feedback", text(&o.feedback)),
            ("rule", o.rule.as_ref().and_then(|r| text(r.as_str()))),
            ("reaction", text(&o.reaction)),
            ("thought", text(&o.thought)),
            ("trust", o.trust.and_then(number)),
            ("patience", o.patience.and_then(number)),
            ("next", o.next.as_ref().and_then(|n| text(n.as_str()))),
            ("note", note_cell(note)),
        ])
    };
    match step {
        Step::Script(s) | Step::MorningMeeting(s) => {
            for (n, o) in s.options.iter().enumerate() {
                t.add(
                    &sheets::OPTIONS,
                    option(o, n, c.above(&at.at("options").at(n))),
                );
            }
        }
        Step::ReferralCard(card) => {
            for (fi, field) in card.fields.iter().enumerate() {
                for (n, choice) in field.choices.iter().enumerate() {
                    t.add(
                        &sheets::CARD,
                        row(vec![
                            ("step", text(id)),
                            ("field", text(field.field.label())),
                            ("order", number(n as f64 + 1.0)),
                            ("text", text(&choice.text)),
                            ("correct", yes_no(choice.correct)),
                            ("feedback", text(&choice.feedback)),
                            ("rule", choice.rule.as_ref().and_then(|r| text(r.as_str()))),
                            ("trust", choice.trust.and_then(number)),
                            ("patience", choice.patience.and_then(number)),
                            ("thought", text(&choice.thought)),
                            (
                                "note",
                                note_cell(c.above(&at.at("fields").at(fi).at("choices").at(n))),
                            ),
                        ]),
                    );
                }
            }
            for (n, o) in card.route.iter().enumerate() {
                t.add(
                    &sheets::OPTIONS,
                    option(o, n, c.above(&at.at("route").at(n))),
                );
            }
        }
        Step::TrackingSheet(form) | Step::ReferralRecord(form) => {
            for (fi, field) in form.fields.iter().enumerate() {
                for (n, choice) in field.choices.iter().enumerate() {
                    let outcomes: Vec<&str> = choice.outcomes.iter().map(|o| o.label()).collect();
                    t.add(
                        &sheets::FORMS,
                        row(vec![
                            ("step", text(id)),
                            ("field", text(field.field.label())),
                            ("order", number(n as f64 + 1.0)),
                            ("text", text(&choice.text)),
                            ("correct", yes_no(choice.correct)),
                            ("outcomes", text(outcomes.join("、"))),
                            (
                                "when",
                                choice
                                    .when
                                    .as_ref()
                                    .and_then(|w| text(conditions::text_of(w))),
                            ),
                            (
                                "unless",
                                choice
                                    .unless
                                    .as_ref()
                                    .and_then(|w| text(conditions::text_of(w))),
                            ),
                            ("feedback", text(&choice.feedback)),
                            ("rule", choice.rule.as_ref().and_then(|r| text(r.as_str()))),
                            (
                                "note",
                                note_cell(c.above(&at.at("fields").at(fi).at("choices").at(n))),
                            ),
                        ]),
                    );
                }
            }
        }
        Step::Handoff(h) => {
            for (n, a) in h.actions.iter().enumerate() {
                t.add(
                    &sheets::ACTIONS,
                    row(vec![
                        ("step", text(id)),
                        ("id", text(a.id.as_str())),
                        ("text", text(&a.text)),
                        (
                            "kind",
                            text(labels::label_of(List::ActionKind, &format!("{:?}", a.kind))),
                        ),
                        ("rule", a.rule.as_ref().and_then(|r| text(r.as_str()))),
                        ("feedback", text(&a.feedback)),
                        ("trust", a.trust.and_then(number)),
                        ("patience", a.patience.and_then(number)),
                        ("thought", text(&a.thought)),
                        ("note", note_cell(c.above(&at.at("actions").at(n)))),
                    ]),
                );
            }
            for (n, p) in h.order.iter().enumerate() {
                t.add(
                    &sheets::ORDER,
                    row(vec![
                        ("step", text(id)),
                        ("before", text(p.before.as_str())),
                        ("after", text(p.after.as_str())),
                        ("message", text(&p.message)),
                        ("rule", p.rule.as_ref().and_then(|r| text(r.as_str()))),
                        ("note", note_cell(c.above(&at.at("order").at(n)))),
                    ]),
                );
            }
        }
        Step::Branch(b) => {
            for (n, case) in b.cases.iter().enumerate() {
                t.add(
                    &sheets::BRANCHES,
                    row(vec![
                        ("step", text(id)),
                        ("when", text(conditions::text_of(&case.when))),
                        ("next", text(case.next.as_str())),
                        ("note", note_cell(c.above(&at.at("cases").at(n)))),
                    ]),
                );
            }
        }
        Step::Narration(_) | Step::Identify(_) | Step::End(_) => {}
    }
}

/// The formats every sheet shares.
struct Styles {
    header: Format,
    wrapped: Format,
    plain: Format,
    help: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            wrapped: base.clone().set_text_wrap(),
            plain: base.clone(),
            help: base.set_text_wrap().set_font_color(Color::RGB(0x666666)),
        }
    }
}

/// Rows below the header that carry the drop-downs (room for a trainer's new rows).
const LIST_ROWS: u32 = 2000;

fn header(sheet: &mut Worksheet, columns: &[Column], style: &Styles) -> Result<(), WriteError> {
    for (i, column) in columns.iter().enumerate() {
        let c = i as u16;
        sheet.write_string_with_format(0, c, column.header, &style.header)?;
        sheet.set_column_width(c, column.width)?;
        let note = Note::new(column.note)
            .set_author("liandong")
            .set_width(300)
            .set_height(120);
        sheet.insert_note(0, c, &note)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_row_height(0, 22)?;
    // printed or saved as PDF for a compliance review: landscape, one page wide, headers on
    // every page
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: &Column,
    at: u16,
    cell: &Cell,
    style: &Styles,
) -> Result<(), WriteError> {
    let format = if column.width >= 24.0 {
        &style.wrapped
    } else {
        &style.plain
    };
    match cell {
        // text stays text: a spreadsheet program must not read "1/2" as a date
        Cell::Text(t) => sheet.write_string_with_format(row, at, t, format)?,
        Cell::Number(n) => sheet.write_number_with_format(row, at, *n, format)?,
    };
    Ok(())
}

/// The height a row needs for its wrapped text: Excel keeps the height a file gives.
fn fit_height(cells: &[(f64, &str)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(width, text)| {
            text.split('\n')
                .map(|line| {
                    let units: f64 = line
                        .chars()
                        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
                        .sum();
                    (units / (width - 1.0).max(4.0)).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 15.0 + 3.0).min(400.0)
}

fn write_table(
    sheet: &mut Worksheet,
    def: &TableSheet,
    rows: &[Row],
    style: &Styles,
    catalogue: &Catalogue,
) -> Result<(), WriteError> {
    sheet.set_name(def.name)?;
    header(sheet, def.columns, style)?;
    for (r, values) in rows.iter().enumerate() {
        let at = r as u32 + 1;
        let mut wrapped = Vec::new();
        for (c, column) in def.columns.iter().enumerate() {
            if let Some(cell) = values.get(column.key) {
                write_cell(sheet, at, column, c as u16, cell, style)?;
                if let Cell::Text(t) = cell {
                    wrapped.push((column.width, t.as_str()));
                }
            }
        }
        sheet.set_row_height(at, fit_height(&wrapped))?;
    }
    for (c, column) in def.columns.iter().enumerate() {
        if let Some(list) = column.list {
            let validation = drop_down(list, catalogue)?;
            sheet.add_data_validation(1, c as u16, LIST_ROWS, c as u16, &validation)?;
        }
    }
    Ok(())
}

/// A drop-down for a closed list: the words themselves, or a range of the sheet that holds
/// them (the rules, this case's steps and actions, which grow as the trainer adds rows).
fn drop_down(list: List, catalogue: &Catalogue) -> Result<DataValidation, WriteError> {
    let range = |sheet: &TableSheet, key: &str| {
        let column = sheet.column(key).map_or(0, |(i, _)| i as u32);
        let letters = super::column_letters(column);
        format!(
            "='{}'!${letters}$2:${letters}${}",
            sheet.name,
            LIST_ROWS + 1
        )
    };
    let validation = match list {
        List::Rule => DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='{}'!$A$2:$A${}",
                sheets::RULES_SHEET,
                catalogue.rules.len() + 1
            )))
            .set_error_title("规则编号")?
            .set_error_message("请从下拉列表里选一条规则；要新增规则，先写进 rules.ron。")?,
        // a step or action may be written before its own row: warn, do not refuse
        List::Step => DataValidation::new()
            .allow_list_formula(Formula::new(range(&sheets::STEPS, "id")))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("步骤编号")?
            .set_error_message("“步骤”表里还没有这个编号：记得加上这一步。")?,
        List::Action => DataValidation::new()
            .allow_list_formula(Formula::new(range(&sheets::ACTIONS, "id")))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("动作编号")?
            .set_error_message("“交接动作”表里还没有这个编号。")?,
        closed => {
            let words: Vec<&str> = labels::entries(closed)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, label)| label)
                .collect();
            DataValidation::new()
                .allow_list_strings(&words)?
                .set_error_title("只能从列表里选")?
                .set_error_message(format!("可以写：{}", words.join("、")))?
        }
    };
    Ok(validation)
}

fn write_fields(
    sheet: &mut Worksheet,
    def: &FieldSheet,
    rows: &[FieldRow],
    style: &Styles,
) -> Result<(), WriteError> {
    sheet.set_name(def.name)?;
    header(sheet, &sheets::FIELD_COLUMNS, style)?;
    let columns = &sheets::FIELD_COLUMNS;
    for (r, values) in rows.iter().enumerate() {
        let at = r as u32 + 1;
        let Some(field) = def.fields.iter().find(|f| f.key == values.key) else {
            continue;
        };
        sheet.write_string_with_format(at, 0, field.label, &style.plain)?;
        let mut wrapped = vec![(columns[5].width, field.note)];
        if let Some(value) = &values.value {
            write_cell(sheet, at, &columns[1], 1, value, style)?;
            if let Cell::Text(t) = value {
                wrapped.push((columns[1].width, t.as_str()));
            }
        }
        if let Some((min, max)) = values.range {
            sheet.write_number_with_format(at, 2, min as f64, &style.plain)?;
            sheet.write_number_with_format(at, 3, max as f64, &style.plain)?;
        }
        if let Some(note) = &values.note {
            sheet.write_string_with_format(at, 4, note, &style.wrapped)?;
            wrapped.push((columns[4].width, note.as_str()));
        }
        sheet.write_string_with_format(at, 5, field.note, &style.help)?;
        sheet.set_row_height(at, fit_height(&wrapped))?;
        if let Value::Closed(list) = field.value {
            let words: Vec<String> = labels::entries(list)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, l)| l.to_owned())
                .collect();
            let validation = DataValidation::new()
                .allow_list_strings(&words)?
                .set_error_title("只能从列表里选")?
                .set_error_message(format!("可以写：{}", words.join("、")))?;
            sheet.add_data_validation(at, 1, at, 1, &validation)?;
        }
    }
    Ok(())
}

fn write_rules(
    sheet: &mut Worksheet,
    catalogue: &Catalogue,
    style: &Styles,
) -> Result<(), WriteError> {
    sheet.set_name(sheets::RULES_SHEET)?;
    let columns = [
        (
            "规则编号",
            22.0,
            "在各表的“规则”一栏选这里的编号。规则本身写在 rules.ron 里，改这张表不会改变规则。",
        ),
        ("标题", 30.0, "学员在讲评里看到的规则标题。"),
        ("严重程度", 10.0, "红线：越过就不及格；规范：扣分。"),
        ("说明", 60.0, "这条规则讲的道理。"),
        ("出处", 24.0, "培训资料里的出处。"),
    ];
    for (i, (title, width, note)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *title, &style.header)?;
        sheet.set_column_width(i as u16, *width)?;
        sheet.insert_note(
            0,
            i as u16,
            &Note::new(*note).set_author("liandong").set_width(300),
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, rule) in catalogue.rules.iter().enumerate() {
        let at = r as u32 + 1;
        let severity = if catalogue.is_red_line(&rule.id) {
            "红线"
        } else {
            "规范"
        };
        sheet.write_string_with_format(at, 0, rule.id.as_str(), &style.plain)?;
        sheet.write_string_with_format(at, 1, &rule.title, &style.wrapped)?;
        sheet.write_string_with_format(at, 2, severity, &style.plain)?;
        sheet.write_string_with_format(at, 3, &rule.explanation, &style.wrapped)?;
        sheet.write_string_with_format(at, 4, &rule.source, &style.wrapped)?;
        sheet.set_row_height(
            at,
            fit_height(&[(30.0, &rule.title), (60.0, &rule.explanation)]),
        )?;
    }
    Ok(())
}
