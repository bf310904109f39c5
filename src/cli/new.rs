//! `liandong new ID`: a commented template case that validates as written.

use std::path::PathBuf;
use std::process::ExitCode;

use super::outln;

/// The template; `__ID__` becomes the new case's id.
pub const TEMPLATE: &str = include_str!("template.ron");

pub fn template_for(id: &str) -> String {
    TEMPLATE.replace("__ID__", id)
}

/// The template as a workbook: one worked example row on every sheet, notes on every header.
pub fn workbook_template(id: &str) -> Result<Vec<u8>, String> {
    let source = template_for(id);
    let scenario: crate::scenario::Scenario =
        crate::scenario::load::parse_ron("template.ron", &source).map_err(|d| d.to_string())?;
    let catalogue = crate::scenario::bundled_catalogue();
    crate::scenario::workbook::write_workbook(&scenario, Some(&source), &catalogue)
        .map_err(|e| e.to_string())
}

pub fn run(id: &str, dir: Option<PathBuf>, xlsx: bool) -> ExitCode {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        eprintln!("案例 id 只能用小写英文字母、数字和连字符，例如 large-deposit");
        return ExitCode::FAILURE;
    }
    let dir = dir.unwrap_or_else(|| {
        let bundled = PathBuf::from("scenarios");
        if bundled.is_dir() {
            bundled
        } else {
            PathBuf::from(".")
        }
    });
    let path = dir.join(format!("{id}.{}", if xlsx { "xlsx" } else { "ron" }));
    if path.exists() {
        eprintln!("{} 已经存在，不会覆盖", path.display());
        return ExitCode::FAILURE;
    }
    let contents = if xlsx {
        match workbook_template(id) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("无法生成工作簿：{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        template_for(id).into_bytes()
    };
    match std::fs::write(&path, contents) {
        Ok(()) => {
            outln!("已生成 {}", path.display());
            outln!(
                "下一步：编辑它，然后运行 liandong validate {}",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("无法写入 {}:{e}", path.display());
            ExitCode::FAILURE
        }
    }
}
