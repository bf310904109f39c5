//! What each sheet of a case's workbook holds, row by row: the scenario laid out as a trainer
//! reads it (labels, not RON names; conditions in words; notes from the file's comments).

use std::collections::HashMap;

use super::comments::Comments;
use super::conditions;
use super::labels::{self, step_kind_label};
use super::sheets::{self, List, TableSheet};
use crate::path;
use crate::scenario::locate::ValuePath;
use crate::scenario::model::{Scenario, Step};

/// A cell to write.
#[derive(Debug, Clone)]
pub(super) enum Cell {
    Text(String),
    Number(f64),
}

pub(super) type Row = HashMap<&'static str, Cell>;

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
pub(super) struct Tables {
    pub(super) rows: HashMap<&'static str, Vec<Row>>,
}

impl Tables {
    fn add(&mut self, sheet: &TableSheet, row: Row) {
        self.rows.entry(sheet.name).or_default().push(row);
    }
}

/// `(field key, 内容 or 下限/上限, note)` rows of a field sheet, repeated fields once per row.
pub(super) struct FieldRow {
    pub(super) key: &'static str,
    pub(super) value: Option<Cell>,
    pub(super) range: Option<(u64, u64)>,
    pub(super) note: Option<String>,
}

fn field_row(key: &'static str, value: Option<Cell>, note: Option<String>) -> FieldRow {
    FieldRow {
        key,
        value,
        range: None,
        note,
    }
}

pub(super) fn case_info(s: &Scenario, c: &Comments) -> Vec<FieldRow> {
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

pub(super) fn customer(s: &Scenario, c: &Comments) -> Vec<FieldRow> {
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
    sentences(
        &mut rows,
        "arrival",
        &p.arrival,
        &path!["customer", "arrival"],
        c,
    );
    rows.push(field_row("card", text(&p.system.card), note("system")));
    rows.push(range(
        "balance",
        Some(p.system.balance),
        c.above(&path!["customer", "system", "balance"]),
    ));
    sentences(
        &mut rows,
        "transactions",
        &p.system.transactions,
        &path!["customer", "system", "transactions"],
        c,
    );
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
    sentences(
        &mut rows,
        "company_accounts",
        company.map_or(&[][..], |co| &co.accounts),
        &path!["customer", "company", "accounts"],
        c,
    );
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

/// A field of several sentences, a row each with the comment above it as its note; one empty
/// row when there are none, so the sheet still shows where they go.
fn sentences(
    rows: &mut Vec<FieldRow>,
    key: &'static str,
    lines: &[String],
    at: &ValuePath,
    c: &Comments,
) {
    for (i, line) in lines.iter().enumerate() {
        rows.push(field_row(key, text(line), c.above(&at.at(i))));
    }
    if lines.is_empty() {
        rows.push(field_row(key, None, None));
    }
}

fn note_cell(note: Option<String>) -> Option<Cell> {
    note.and_then(text)
}

pub(super) fn tables(s: &Scenario, c: &Comments) -> Tables {
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
