//! `liandong case export` and `liandong case import`: a case as a workbook for trainers who
//! write in Excel or WPS, and back to the RON a programmer would write.

use std::path::Path;
use std::process::ExitCode;

use super::{out, outln, tr, validate, words};
use crate::scenario::load::{folder_of, parse_ron, read_text_within};
use crate::scenario::workbook::write_workbook;
use crate::scenario::{Scenario, catalogue_for, load_case};

pub fn export(file: &Path, out: &Path, force: bool) -> ExitCode {
    // a workbook a trainer has been editing is never replaced by accident
    if out.exists() && !force {
        let shown = out.display();
        eprintln!(
            "{}",
            tr!(
                "{shown} 已经存在，不会覆盖（确实要替换它就加上 --force）",
                "{shown} exists and is left alone (add --force to replace it)"
            )
        );
        return ExitCode::FAILURE;
    }
    if crate::scenario::workbook::is_workbook(file) {
        let shown = file.display();
        eprintln!(
            "{}",
            tr!(
                "{shown} 已经是工作簿：export 读的是 .ron 案例文件",
                "{shown} is already a workbook: export reads a .ron case file"
            )
        );
        return ExitCode::FAILURE;
    }
    let name = file.display().to_string();
    let parsed = read_text_within(file, folder_of(file))
        .and_then(|source| parse_ron::<Scenario>(&name, &source).map(|s| (s, source)));
    let (scenario, source) = match parsed {
        Ok(parsed) => parsed,
        Err(_) => {
            // a case that does not parse is shown as validate shows it
            validate::print_text(&[load_case(file)]);
            return ExitCode::FAILURE;
        }
    };
    let catalogue = match catalogue_for(file) {
        Ok(c) => c,
        Err(problem) => {
            eprintln!("{problem}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = match write_workbook(&scenario, Some(&source), &catalogue) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!(
                "{}",
                tr!("无法生成工作簿：{e}", "Could not build the workbook: {e}")
            );
            return ExitCode::FAILURE;
        }
    };
    if !save(out, &bytes) {
        return ExitCode::FAILURE;
    }
    let path = out.display();
    outln!("{}", tr!("已生成 {path}", "Wrote {path}"));
    // a broken case still exports (a trainer may mend it in the workbook), but says so; the
    // case already read is checked, not the file read again
    let count = crate::scenario::validate::validate(&scenario, &catalogue, &source, &name)
        .iter()
        .filter(|d| d.is_error())
        .count();
    if count > 0 {
        eprintln!(
            "{}",
            tr!(
                "注意：这个案例有 {count} 个错误，改好之前不能演练（liandong validate 列出它们）。",
                "Note: this case has {count} errors and cannot be played until they are fixed (liandong validate lists them)."
            )
        );
    }
    ExitCode::SUCCESS
}

pub fn import(file: &Path, output: Option<&Path>) -> ExitCode {
    let report = load_case(file);
    let Some(ron) = report.source.clone() else {
        // the workbook could not be turned into a case at all: every problem at its cell
        validate::print_text(std::slice::from_ref(&report));
        return ExitCode::FAILURE;
    };
    if !report.diagnostics.is_empty() {
        validate::print_text(std::slice::from_ref(&report));
    }
    match output {
        None => out!("{ron}"),
        Some(path) => {
            if !save(path, ron.as_bytes()) {
                return ExitCode::FAILURE;
            }
            let shown = path.display();
            eprintln!("{}", tr!("已生成 {shown}", "Wrote {shown}"));
        }
    }
    if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a file the way exports are written (a temporary file renamed into place): a workbook
/// replaced with --force is never left half-written, and the app's watcher never reads one
/// mid-write. Says why when it cannot.
fn save(path: &Path, bytes: &[u8]) -> bool {
    match crate::export::write_atomically(path, bytes) {
        Ok(()) => true,
        Err(e) => {
            let (shown, why) = (path.display(), words().errors.io(&e));
            eprintln!(
                "{}",
                tr!(
                    "无法写入 {shown}：{why}",
                    "{shown} cannot be written: {why}"
                )
            );
            false
        }
    }
}
