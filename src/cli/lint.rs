//! `liandong lint`: teaching advice on valid cases (codes L001…).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Format, outln, tr};
use crate::scenario::lint::lint;
use crate::scenario::validate_paths;

pub fn run(paths: Vec<PathBuf>, format: Format) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        paths
    };
    let reports = validate_paths(&paths);
    let mut all = Vec::new();
    let mut broken = 0;
    for report in &reports {
        match (&report.case, &report.source) {
            (Some(case), Some(source)) => {
                for finding in lint(case, source) {
                    // a workbook's finding is named by its cell, not by the RON it became
                    let place = match report.cell_of(finding.offset) {
                        Some(cell) => format!("{} {cell}", report.path.display()),
                        None => format!(
                            "{}:{}:{}",
                            report.path.display(),
                            finding.line,
                            finding.column
                        ),
                    };
                    all.push((report.path.display().to_string(), place, finding));
                }
            }
            _ if report.has_errors() => broken += 1,
            _ => {}
        }
    }
    match format {
        Format::Json => {
            let rows: Vec<_> = all
                .iter()
                .map(|(file, _, f)| {
                    serde_json::json!({
                        "file": file, "line": f.line, "column": f.column,
                        "code": format!("{:?}", f.code), "message": f.message, "hint": f.hint,
                    })
                })
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
            );
        }
        Format::Text => {
            for (_, place, f) in &all {
                outln!("{place}: {:?} {}", f.code, f.message);
                let hint = &f.hint;
                outln!("  {}", tr!("建议：{hint}", "Advice: {hint}"));
            }
            if broken > 0 {
                eprintln!(
                    "{}",
                    tr!(
                        "{broken} 个文件有错误，先用 liandong validate 修好再检查教学问题。",
                        "{broken} files have errors: fix them with liandong validate first."
                    )
                );
            }
            let (files, advice) = (reports.len(), all.len());
            eprintln!(
                "{}",
                tr!(
                    "检查了 {files} 个文件：{advice} 条教学建议。",
                    "Checked {files} files: {advice} pieces of teaching advice."
                )
            );
        }
    }
    if all.is_empty() && broken == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
