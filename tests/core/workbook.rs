//! Cases as workbooks: every bundled case goes RON → xlsx → RON and plays the same; a problem
//! in a workbook is named by its sheet, row and column; what a hostile workbook carries is
//! refused with the same limits as a case file; a workbook saved again by LibreOffice still
//! reads.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::scenario::load::parse_ron;
use liandong::scenario::workbook::{convert, write_workbook};
use liandong::scenario::{
    Case, CaseReport, Code, Scenario, bundled_catalogue, discover, load_case,
};

use crate::common;

/// Writes `scenario` (read from `source`) as a workbook in `dir`, beside a copy of the rules.
fn export_to(dir: &Path, name: &str, source: &str) -> PathBuf {
    let scenario: Scenario = parse_ron(name, source).expect("a bundled case parses");
    let bytes = write_workbook(&scenario, Some(source), &bundled_catalogue()).expect("written");
    let path = dir.join(format!("{name}.xlsx"));
    std::fs::write(&path, bytes).expect("saved");
    path
}

fn with_rules(dir: &Path) {
    std::fs::copy("scenarios/rules.ron", dir.join("rules.ron")).expect("rules copied");
}

/// What `liandong run --pick P --seed S --format json` prints, for every pick and seeds 1..5.
fn plays(case: &Arc<Case>) -> Vec<String> {
    let mut out = Vec::new();
    for strategy in [Strategy::Best, Strategy::Worst, Strategy::Random] {
        for seed in 1..=5 {
            let run = autoplay(case, seed, strategy, RoleChoice::All).expect("plays");
            out.push(serde_json::to_string_pretty(&run.debrief()).expect("json"));
        }
    }
    out
}

fn ron_cases() -> Vec<PathBuf> {
    let (cases, _) = discover(&[PathBuf::from("scenarios")]);
    cases
        .into_iter()
        .filter(|c| c.extension().is_some_and(|e| e == "ron"))
        .collect()
}

#[test]
fn every_bundled_case_goes_to_a_workbook_and_back_and_plays_the_same() {
    let dir = tempfile::tempdir().expect("a folder");
    with_rules(dir.path());
    for file in ron_cases() {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&file).expect("read");
        let from_ron = common::load_valid(&file);
        let book = export_to(dir.path(), &name, &source);
        let report = load_case(&book);
        assert!(
            !report.has_errors() && report.diagnostics.is_empty(),
            "{name}.xlsx: {:#?}",
            report.diagnostics
        );
        let from_book = report.case.clone().expect("playable");
        assert_eq!(
            plays(&from_ron),
            plays(&from_book),
            "{name} plays differently"
        );
        // the RON it converts back to converts the same way again: nothing drifts per trip
        let ron = report.source.clone().expect("the RON it became");
        let again = export_to(dir.path(), &format!("{name}-again"), &ron);
        let second = load_case(&again).source.expect("read again");
        assert_eq!(
            ron.replace(&name, "·"),
            second
                .replace(&format!("{name}-again"), "·")
                .replace(&name, "·"),
            "{name}: a second trip changes the RON"
        );
    }
}

#[test]
fn the_ron_from_a_workbook_keeps_the_house_style_and_the_comments() {
    let dir = tempfile::tempdir().expect("a folder");
    with_rules(dir.path());
    let source = std::fs::read_to_string("scenarios/overseas-worker.ron").expect("read");
    let book = export_to(dir.path(), "overseas-worker", &source);
    let ron = load_case(&book).source.expect("converted");
    assert!(
        ron.starts_with("// 示范案例"),
        "the file's opening comment leads"
    );
    assert!(
        ron.contains("        // 客户在他行还有一笔定期"),
        "a comment above a field stays above it"
    );
    assert!(
        ron.contains("\n    stages: [\n"),
        "four-space indents, one key a line"
    );
    assert!(
        ron.contains("(id: \"idle-balance\", text: "),
        "short items keep their fields on one line, as people write them"
    );
    let first = ron.find("id: \"t-arrive\"").expect("the first step");
    let pitch = ron.find("id: \"t-pitch\"").expect("a later step");
    assert!(first < pitch, "steps keep their order");
}

/// Reads every sheet's cells as text or numbers.
fn grid(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// A copy of a workbook with one cell changed: how a trainer's mistake looks on disk.
fn edited(bytes: &[u8], sheet: &str, row: u32, column: u16, value: &str) -> Vec<u8> {
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, rows) in grid(bytes) {
        let ws = out.add_worksheet();
        ws.set_name(&name).expect("named");
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                match cell {
                    Data::String(s) => ws.write_string(r as u32, c as u16, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r as u32, c as u16, *f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r as u32, c as u16, *i as f64).map(|_| ()),
                    _ => Ok(()),
                }
                .expect("copied");
            }
        }
        if name == sheet {
            ws.write_string(row - 1, column, value).expect("changed");
        }
    }
    out.save_to_buffer().expect("saved")
}

fn overseas_book() -> Vec<u8> {
    let source = std::fs::read_to_string("scenarios/overseas-worker.ron").expect("read");
    let scenario: Scenario = parse_ron("overseas-worker.ron", &source).expect("parses");
    write_workbook(&scenario, Some(&source), &bundled_catalogue()).expect("written")
}

fn check(dir: &Path, file: &str, bytes: &[u8]) -> CaseReport {
    let path = dir.join(file);
    std::fs::write(&path, bytes).expect("saved");
    load_case(&path)
}

/// The problem with `code` and the cell (sheet, row, column letters) it is shown at.
fn problem_at(report: &CaseReport, code: Code) -> (String, u32, String) {
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}: {:#?}", report.diagnostics));
    let cell = d
        .cell
        .as_ref()
        .unwrap_or_else(|| panic!("{code} has no cell: {d:#?}"));
    (cell.sheet.clone(), cell.row, cell.column_letters())
}

#[test]
fn a_problem_in_a_workbook_is_named_by_its_sheet_row_and_column() {
    let dir = tempfile::tempdir().expect("a folder");
    with_rules(dir.path());
    let book = overseas_book();
    // columns of 选项: A 步骤编号, B 序号, C 选项文字, D 评级, E 得分, F 反馈, G 规则
    let unknown_rule = check(
        dir.path(),
        "rule.xlsx",
        &edited(&book, "选项", 12, 6, "no-such-rule"),
    );
    assert_eq!(
        problem_at(&unknown_rule, Code::E003),
        ("选项".into(), 12, "G".into())
    );
    let shown = unknown_rule.diagnostics[0].to_string();
    assert!(shown.contains("工作表“选项” 第 12 行 G 列"), "{shown}");

    let bad_grade = check(
        dir.path(),
        "grade.xlsx",
        &edited(&book, "选项", 5, 3, "超好"),
    );
    assert_eq!(
        problem_at(&bad_grade, Code::E002),
        ("选项".into(), 5, "D".into())
    );
    assert!(
        bad_grade.diagnostics[0]
            .hint
            .contains("最佳、可接受、欠佳、错误、红线")
    );

    let missing_step = check(
        dir.path(),
        "step.xlsx",
        &edited(&book, "选项", 3, 0, "t-nowhere"),
    );
    assert_eq!(
        problem_at(&missing_step, Code::E004),
        ("选项".into(), 3, "A".into())
    );

    let jump = check(
        dir.path(),
        "jump.xlsx",
        &edited(&book, "选项", 4, 11, "t-nowhere"),
    );
    assert_eq!(
        problem_at(&jump, Code::E004),
        ("选项".into(), 4, "L".into())
    );

    let condition = check(
        dir.path(),
        "when.xlsx",
        &edited(&book, "分支", 2, 1, "信任低于(很多)"),
    );
    assert_eq!(
        problem_at(&condition, Code::E002),
        ("分支".into(), 2, "B".into())
    );

    let not_a_number = check(
        dir.path(),
        "points.xlsx",
        &edited(&book, "步骤", 3, 6, "二十"),
    );
    assert_eq!(
        problem_at(&not_a_number, Code::E016),
        ("步骤".into(), 3, "G".into())
    );

    // a placeholder the case does not know, found by the validator in the text
    let placeholder = check(
        dir.path(),
        "text.xlsx",
        &edited(&book, "线索", 2, 1, "卡里有{nothing}"),
    );
    assert_eq!(
        problem_at(&placeholder, Code::E015),
        ("线索".into(), 2, "B".into())
    );
}

#[test]
fn an_order_number_out_of_its_run_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().expect("a folder");
    with_rules(dir.path());
    // 选项 rows 2–5 are the four lines of t-pitch, numbered 1–4
    let gap = check(
        dir.path(),
        "gap.xlsx",
        &edited(&overseas_book(), "选项", 3, 1, "7"),
    );
    assert_eq!(problem_at(&gap, Code::E016), ("选项".into(), 3, "B".into()));
    let twice = check(
        dir.path(),
        "twice.xlsx",
        &edited(&overseas_book(), "选项", 3, 1, "1"),
    );
    assert_eq!(problem_at(&twice, Code::E016).0, "选项");
    // renumbered in another order, the lines are read in that order
    let mut book = overseas_book();
    for (row, number) in [(2, "2"), (3, "1")] {
        book = edited(&book, "选项", row, 1, number);
    }
    let swapped = check(dir.path(), "swapped.xlsx", &book);
    let case = swapped.case.expect("still valid");
    let liandong::scenario::model::Step::Script(pitch) = &case.scenario.stages[0].steps[2] else {
        panic!("t-pitch is the third step");
    };
    assert_eq!(
        pitch.options[0].grade,
        liandong::scenario::model::Grade::RedLine
    );
}

#[test]
fn an_excel_file_with_a_password_or_in_the_old_format_says_so() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let report = check(dir.path(), "locked.xlsx", &ole);
    assert_eq!(report.diagnostics[0].code, Code::E017);
    assert!(report.diagnostics[0].message.contains("密码"));
}

#[test]
fn export_never_replaces_a_workbook_unless_told_to() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("case.xlsx");
    let export = |force: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_liandong"));
        command
            .args(["case", "export", "scenarios/overseas-worker.ron", "--xlsx"])
            .arg(&out);
        if force {
            command.arg("--force");
        }
        command.output().expect("runs")
    };
    assert!(export(false).status.success());
    std::fs::write(&out, b"a trainer's edits").expect("saved");
    let refused = export(false);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read(&out).expect("read"), b"a trainer's edits");
    assert!(export(true).status.success());
    assert!(load_case(&out).diagnostics.is_empty());
}

#[test]
fn a_sheet_whose_header_was_deleted_says_so_at_its_first_row() {
    let dir = tempfile::tempdir().expect("a folder");
    let book = edited(&overseas_book(), "线索", 1, 0, "线索的编号");
    let report = check(dir.path(), "header.xlsx", &book);
    assert_eq!(
        problem_at(&report, Code::E002),
        ("线索".into(), 1, "A".into())
    );
    assert!(report.diagnostics[0].message.contains("表头"));
}

#[test]
fn a_workbook_without_its_main_sheets_says_which_are_missing() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut out = rust_xlsxwriter::Workbook::new();
    out.add_worksheet().set_name("Sheet1").expect("named");
    let report = check(
        dir.path(),
        "empty.xlsx",
        &out.save_to_buffer().expect("saved"),
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.code, Code::E002);
    assert!(
        d.message.contains("案例信息") && d.message.contains("步骤"),
        "{}",
        d.message
    );
}

/// A copy of a workbook's package with `extra` entries added (name, contents).
fn repackaged(bytes: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut source = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("an entry");
        let name = entry.name().expect("named").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        out.start_file(name, options).expect("started");
        out.write_all(&data).expect("written");
    }
    for (name, data) in extra {
        out.start_file(*name, options).expect("started");
        out.write_all(data).expect("written");
    }
    out.finish().expect("finished").into_inner()
}

#[test]
fn a_zip_bomb_is_refused_at_the_limit_without_unpacking_it() {
    let dir = tempfile::tempdir().expect("a folder");
    let zeros = vec![b' '; 80 * 1024 * 1024];
    let bomb = repackaged(&overseas_book(), &[("xl/media/big.xml", &zeros)]);
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb is small on disk: {}",
        bomb.len()
    );
    let report = check(dir.path(), "bomb.xlsx", &bomb);
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(report.diagnostics[0].code, Code::E020);
    assert!(report.case.is_none());
}

#[test]
fn a_sheet_written_down_to_row_a_million_is_refused_at_that_row() {
    let dir = tempfile::tempdir().expect("a folder");
    let book = edited(&overseas_book(), "选项", 1_000_000, 2, "最后一行");
    let report = check(dir.path(), "rows.xlsx", &book);
    assert_eq!(
        problem_at(&report, Code::E020),
        ("选项".into(), 1_000_000, "C".into())
    );
}

#[test]
fn a_formula_is_refused_at_its_cell_and_never_evaluated() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, rows) in grid(&overseas_book()) {
        let ws = out.add_worksheet();
        ws.set_name(&name).expect("named");
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                if let Data::String(s) = cell {
                    ws.write_string(r as u32, c as u16, s).expect("copied");
                } else if let Data::Float(f) = cell {
                    ws.write_number(r as u32, c as u16, *f).expect("copied");
                }
            }
        }
        if name == "步骤" {
            ws.write_formula(
                2,
                6,
                rust_xlsxwriter::Formula::new("=10+10").set_result("20"),
            )
            .expect("a formula");
        }
    }
    let report = check(
        dir.path(),
        "formula.xlsx",
        &out.save_to_buffer().expect("saved"),
    );
    assert_eq!(
        problem_at(&report, Code::E028),
        ("步骤".into(), 3, "G".into())
    );
    assert!(report.diagnostics[0].hint.contains("选择性粘贴"));
}

#[test]
fn external_links_and_data_connections_are_refused() {
    let dir = tempfile::tempdir().expect("a folder");
    let book = overseas_book();
    let linked = repackaged(
        &book,
        &[("xl/externalLinks/externalLink1.xml", b"<externalLink/>")],
    );
    let report = check(dir.path(), "linked.xlsx", &linked);
    assert_eq!(
        report.diagnostics[0].code,
        Code::E028,
        "{:#?}",
        report.diagnostics
    );
    assert!(report.diagnostics[0].message.contains("外部链接"));
    let rels = br#"<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="file:///etc/passwd" TargetMode="External"/></Relationships>"#;
    let ole = repackaged(&book, &[("xl/worksheets/_rels/sheet99.xml.rels", rels)]);
    assert_eq!(
        check(dir.path(), "ole.xlsx", &ole).diagnostics[0].code,
        Code::E028
    );
    let connected = repackaged(&book, &[("xl/connections.xml", b"<connections/>")]);
    assert_eq!(
        check(dir.path(), "db.xlsx", &connected).diagnostics[0].code,
        Code::E028
    );
}

#[test]
fn macros_are_refused_by_name_and_by_content() {
    let dir = tempfile::tempdir().expect("a folder");
    let book = overseas_book();
    let xlsm = check(dir.path(), "case.xlsm", &book);
    assert_eq!(xlsm.diagnostics[0].code, Code::E028);
    assert!(xlsm.diagnostics[0].message.contains("宏"));
    let hidden = repackaged(&book, &[("xl/vbaProject.bin", b"Attribute VB_Name")]);
    assert_eq!(
        check(dir.path(), "hidden.xlsx", &hidden).diagnostics[0].code,
        Code::E028
    );
}

#[test]
fn control_and_bidi_characters_in_a_cell_are_refused_at_the_cell() {
    let dir = tempfile::tempdir().expect("a folder");
    with_rules(dir.path());
    let book = overseas_book();
    for (file, text) in [
        ("bidi.xlsx", "余额\u{202E}万十七"),
        ("bell.xlsx", "余额\u{7}"),
    ] {
        let report = check(dir.path(), file, &edited(&book, "线索", 3, 1, text));
        assert_eq!(
            problem_at(&report, Code::E001),
            ("线索".into(), 3, "B".into())
        );
        assert!(report.case.is_none());
    }
}

#[test]
fn a_file_that_only_looks_like_a_workbook_is_unreadable_and_lock_files_are_no_cases() {
    let dir = tempfile::tempdir().expect("a folder");
    with_rules(dir.path());
    let report = check(dir.path(), "renamed.xlsx", "Scenario(format: 1)".as_bytes());
    assert_eq!(report.diagnostics[0].code, Code::E017);
    std::fs::write(dir.path().join("~$case.xlsx"), b"owner").expect("saved");
    std::fs::write(dir.path().join(".~lock.case.xlsx#"), b"lock").expect("saved");
    let (cases, _) = discover(&[dir.path().to_path_buf()]);
    assert_eq!(cases, vec![dir.path().join("renamed.xlsx")]);
}

#[test]
fn the_workbook_template_validates_and_shows_an_example_on_every_sheet() {
    let dir = tempfile::tempdir().expect("a folder");
    let made = Command::new(env!("CARGO_BIN_EXE_liandong"))
        .args(["new", "my-case", "--xlsx", "--dir"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(made.status.success(), "{made:?}");
    let path = dir.path().join("my-case.xlsx");
    let report = load_case(&path);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let case = report.case.expect("playable");
    assert_eq!(case.scenario.id, "my-case");
    let best = autoplay(&case, 1, Strategy::Best, RoleChoice::All).expect("plays");
    assert_eq!(
        best.debrief().total,
        100.0,
        "the template's best path earns full marks"
    );
    let bytes = std::fs::read(&path).expect("read");
    for (sheet, rows) in grid(&bytes) {
        assert!(rows.len() >= 2, "sheet {sheet} has no example row");
    }
}

/// Converts `file` with LibreOffice headless into `format` in `out`.
fn soffice(file: &Path, format: &str, out: &Path, profile: &Path) -> bool {
    Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn validations(bytes: &[u8]) -> usize {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let mut count = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("an entry");
        if entry
            .name()
            .is_ok_and(|n| n.starts_with("xl/worksheets/sheet"))
        {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).expect("xml");
            count += xml.matches("<dataValidation ").count();
        }
    }
    count
}

#[test]
fn a_workbook_saved_again_by_libreoffice_still_reads_and_keeps_its_drop_downs() {
    if Command::new("soffice").arg("--version").output().is_err() {
        common::missing_tool(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
        );
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let edited_dir = dir.path().join("saved");
    std::fs::create_dir_all(&edited_dir).expect("a folder");
    with_rules(&edited_dir);
    let source = std::fs::read_to_string("scenarios/dividend-transfer.ron").expect("read");
    let exported = export_to(dir.path(), "dividend-transfer", &source);
    assert!(soffice(
        &exported,
        "xlsx",
        &edited_dir,
        &dir.path().join("profile")
    ));
    let saved = edited_dir.join("dividend-transfer.xlsx");
    let report = load_case(&saved);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let from_ron = common::load_valid(Path::new("scenarios/dividend-transfer.ron"));
    assert_eq!(plays(&from_ron), plays(&report.case.expect("playable")));
    let before = validations(&std::fs::read(&exported).expect("read"));
    let after = validations(&std::fs::read(&saved).expect("read"));
    assert!(before > 20, "the export has drop-downs: {before}");
    assert!(
        after >= before,
        "LibreOffice kept the drop-downs: {before} → {after}"
    );
}

#[test]
fn conversion_reports_every_problem_of_a_workbook_at_once() {
    let book = edited(
        &edited(&overseas_book(), "选项", 5, 3, "超好"),
        "线索",
        2,
        2,
        "半夜",
    );
    let found = convert("two.xlsx", &book).expect_err("two problems");
    let cells: Vec<String> = found
        .iter()
        .filter_map(|d| {
            d.cell
                .as_ref()
                .map(|c| format!("{}{}{}", c.sheet, c.column_letters(), c.row))
        })
        .collect();
    assert!(cells.contains(&"选项D5".to_owned()), "{cells:?}");
    assert!(cells.contains(&"线索C2".to_owned()), "{cells:?}");
}
