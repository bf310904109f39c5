//! A case written as a workbook: every part on its own sheet, Chinese headers with a note on
//! each, drop-down lists for every closed choice, frozen header rows, widths and row heights
//! that fit Chinese text.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula,
    Note, Workbook, Worksheet, XlsxError,
};

use super::comments::Comments;
use super::grid::{Cell, FieldRow, Row, case_info, customer, tables};
use super::labels;
use super::sheets::{self, Column, FieldSheet, List, TableSheet, Value};
use crate::scenario::catalogue::Catalogue;
use crate::scenario::model::Scenario;

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
    write_how_to(book.add_worksheet(), scenario, &style)?;
    write_fields(book.add_worksheet(), &sheets::CASE_INFO, &info, &style)?;
    write_fields(book.add_worksheet(), &sheets::CUSTOMER, &customer, &style)?;
    for sheet in sheets::TABLES {
        let rows = tables.rows.get(sheet.name).map_or(&[][..], Vec::as_slice);
        write_table(book.add_worksheet(), sheet, rows, &style, catalogue)?;
    }
    write_rules(book.add_worksheet(), catalogue, &style)?;
    Ok(book.save_to_buffer()?)
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

/// Columns at least this wide wrap their text; narrower ones hold a word or a number.
const WRAPPED: f64 = 24.0;

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
    // a sheet whose first column names the row (its id, its step, its item) keeps that column
    // in view when scrolled right; the steps sheet starts with its narrow stage number
    let named_by_first = matches!(columns[0].key, "id" | "step" | "label");
    sheet.set_freeze_panes(1, u16::from(named_by_first))?;
    sheet.set_row_height(0, 22)?;
    print_setup(sheet, columns.iter().map(|c| c.width).sum())
}

/// The first sheet: what this workbook is and how to work in it, for whoever opens it without
/// the guide (a compliance officer, a colleague it was mailed to). The reader skips it.
fn write_how_to(
    sheet: &mut Worksheet,
    scenario: &Scenario,
    style: &Styles,
) -> Result<(), WriteError> {
    sheet.set_name(sheets::HOW_TO_SHEET)?;
    sheet.set_column_width(0, 110)?;
    let case = format!("本案例：{}（案例编号 {}）", scenario.title, scenario.id);
    let lines = [
        "这个工作簿是一个 liandong（岗位联动演练）案例",
        case.as_str(),
        "1. liandong 直接读这个文件：放进案例文件夹，桌面程序的案例库里就有它（程序开着时保存，案例库自动刷新）。也可以转换成 RON 文件：liandong case import 本文件.xlsx -o 案例.ron。",
        "2. 每张表写案例的一部分：案例信息、客户与资产、线索、需求、当班同事、步骤，以及挂在步骤上的选项、转介卡、跟进表格、交接动作、顺序约束、分支，最后是观察评分表。鼠标停在表头上，批注说明这一栏写什么；固定选项用下拉箭头选。",
        "3. “步骤”表从上到下就是演练的顺序，不要排序。其他表的每一行用“步骤编号”说明属于哪一步；“序号”从 1 起连续编号，分支条件“选了”“填了”按它数。",
        "4. 表名和表头不要改；可以加行，也可以加自己的栏或工作表（程序不读它们）。不要用公式、宏和外部链接：liandong 不读带这些内容的文件。",
        "5. 写完在命令行运行 liandong validate 本文件.xlsx：每个问题都写明工作表、行和列，并说明怎么改。",
        "6. “规则目录”列出 rules.ron 里的规则，供各表的“规则”一栏选用；改这张表不会改变规则。",
        "7. 完整的说明见 liandong 的《案例编写指南》（scenarios/README.md）第 1A 节“用电子表格写案例”。",
    ];
    for (r, line) in lines.iter().enumerate() {
        let format = if r == 0 {
            &style.header
        } else {
            &style.wrapped
        };
        sheet.write_string_with_format(r as u32, 0, *line, format)?;
        sheet.set_row_height(r as u32, fit_height(&[(110.0, line)]).max(22.0))?;
    }
    print_setup(sheet, 110.0)
}

/// Printed or saved as PDF for a compliance review: landscape, one page wide with the header
/// on every page; the wide sheets (steps, options) on A3 so their text stays readable.
fn print_setup(sheet: &mut Worksheet, width: f64) -> Result<(), WriteError> {
    const A4: u8 = 9;
    const A3: u8 = 8;
    sheet.set_landscape();
    sheet.set_paper_size(if width > 200.0 { A3 } else { A4 });
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
    let format = if column.width >= WRAPPED {
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
                if let Cell::Text(t) = cell
                    && column.width >= WRAPPED
                {
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
    print_setup(sheet, columns.iter().map(|(_, width, _)| width).sum())?;
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
