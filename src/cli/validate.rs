//! `liandong validate`: every problem of every case file, for people (located snippets) or for
//! tools (JSON).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use serde::Serialize;

use super::{Format, tr};
use crate::scenario::{CaseReport, Diagnostic, Severity, validate_paths};

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    code: String,
    severity: Severity,
    message: &'a str,
    hint: &'a str,
    /// For a workbook: the sheet, and the cell as a spreadsheet names it (D12); `line` is
    /// then the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
}

pub fn run(paths: Vec<PathBuf>, format: Format) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        paths
    };
    // a dangling link is not "missing": it is reported as unreadable, with its code
    let missing: Vec<_> = paths
        .iter()
        .filter(|p| p.symlink_metadata().is_err())
        .collect();
    for path in &missing {
        let path = path.display();
        eprintln!("{}", tr!("找不到 {path}", "{path} does not exist"));
    }
    let mut reports = validate_paths(&paths);
    for (r, diagnostic) in crate::scenario::library::differently_graded_lines(&reports) {
        reports[r].push(diagnostic);
    }
    match format {
        Format::Json => {
            let all: Vec<JsonDiagnostic> = reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .map(|d| JsonDiagnostic {
                    file: &d.file,
                    line: d.line,
                    column: d.column,
                    code: d.code.to_string(),
                    severity: d.severity,
                    message: &d.message,
                    hint: &d.hint,
                    sheet: d.cell.as_ref().map(|c| c.sheet.as_str()),
                    cell: d
                        .cell
                        .as_ref()
                        .map(|c| format!("{}{}", c.column_letters(), c.row)),
                })
                .collect();
            super::outln!(
                "{}",
                serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into())
            );
        }
        Format::Text if reports.is_empty() => {}
        Format::Text => {
            // the report is the command's result: on standard output, so `> 报告.txt` keeps it
            let summary = {
                let mut stdout = super::Out;
                write_text(&reports, &mut stdout)
            };
            // with the report in a file, the terminal still learns how it went
            if !std::io::stdout().is_terminal() {
                eprintln!("{summary}");
            }
        }
    }
    // an empty folder, or one whose files are all named otherwise, must not pass for clean
    let nothing_found = reports.is_empty() && missing.is_empty();
    if nothing_found {
        eprintln!(
            "{}",
            tr!(
                "没有找到案例文件（.ron 或 .xlsx）：检查路径是否正确。",
                "No case files (.ron or .xlsx) found: check the path."
            )
        );
    }
    if missing.is_empty() && !nothing_found && !reports.iter().any(CaseReport::has_errors) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints each diagnostic with its snippet and caret, then a one-line summary, to standard
/// error: for the commands whose standard output is a debrief, a graph or JSON.
pub fn print_text(reports: &[CaseReport]) {
    let mut stderr = std::io::stderr().lock();
    write_text(reports, &mut stderr);
}

/// Writes each diagnostic with its snippet and caret, then a one-line summary, which comes back
/// too. A failure to write is left to the writer (standard output keeps it for the exit code).
fn write_text(reports: &[CaseReport], to: &mut dyn Write) -> String {
    let handler = GraphicalReportHandler::new_themed(if std::env::var_os("NO_COLOR").is_some() {
        GraphicalTheme::unicode_nocolor()
    } else {
        GraphicalTheme::default()
    });
    let (mut errors, mut warnings) = (0, 0);
    for report in reports {
        for (shown, diagnostic) in report.diagnostics.iter().enumerate() {
            match diagnostic.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            // a hostile file can carry thousands of problems: list enough to act on
            if shown == MAX_SHOWN_PER_FILE {
                let (path, more) = (
                    report.path.display(),
                    report.diagnostics.len() - MAX_SHOWN_PER_FILE,
                );
                let _ = writeln!(
                    to,
                    "{}",
                    tr!(
                        "{path}：还有 {more} 个问题没有列出（--format json 列出全部）",
                        "{path}: {more} more problems not listed (--format json lists them all)"
                    )
                );
            }
            if shown >= MAX_SHOWN_PER_FILE {
                continue;
            }
            let mut out = String::new();
            // a workbook's problem is shown at its cell, never as the RON it became
            let source = match diagnostic.cell {
                Some(_) => None,
                None => report.source.as_deref(),
            };
            let rendered = render(diagnostic, source);
            if handler.render_report(&mut out, rendered.as_ref()).is_err() {
                out = diagnostic.to_string();
            }
            let _ = writeln!(to, "{diagnostic}\n{out}");
        }
    }
    let files = reports.len();
    let summary = if errors == 0 && warnings == 0 {
        tr!(
            "检查了 {files} 个文件，全部通过。",
            "Checked {files} files: all valid."
        )
    } else {
        tr!(
            "检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。",
            "Checked {files} files: {errors} errors, {warnings} warnings."
        )
    };
    let _ = writeln!(to, "{summary}");
    summary
}

fn render(d: &Diagnostic, source: Option<&str>) -> Box<dyn miette::Diagnostic + Send + Sync> {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let mut diagnostic = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{} {}", d.code, d.code.title()))
        .with_severity(severity)
        .with_help(d.hint.clone());
    let Some(source) = source else {
        return Box::new(diagnostic);
    };
    let width = source[d.offset.min(source.len())..]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    let window = Window::around(source, d.offset, d.line, d.column);
    let start = d.offset.min(source.len()) - window.start;
    let here = tr!("这里", "here");
    diagnostic = diagnostic.with_label(LabeledSpan::at(start..start + width, here));
    let report =
        miette::Report::new(diagnostic).with_source_code(NamedSource::new(d.file.clone(), window));
    report.into()
}

/// Problems printed per file in text; JSON lists them all.
const MAX_SHOWN_PER_FILE: usize = 50;
/// Bytes of source kept on either side of a problem for its snippet.
const WINDOW_BYTES: usize = 400;

/// The few lines around a problem, not the whole file: rendering a snippet costs the size of
/// what it is given, and a hostile file can be megabytes with thousands of problems. Line
/// numbers stay those of the file.
struct Window {
    text: String,
    /// Byte offset of the window in the file.
    start: usize,
    /// Zero-based line of the window's first line in the file.
    first_line: usize,
    /// Characters on the file's line before the window's start (0 when it starts a line).
    first_column: usize,
}

impl Window {
    /// The window around `offset`, which is at 1-based `line` and character `column`.
    fn around(source: &str, offset: usize, line: usize, column: usize) -> Window {
        let offset = offset.min(source.len());
        let mut start = offset.saturating_sub(WINDOW_BYTES);
        while !source.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (offset + WINDOW_BYTES).min(source.len());
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let text = &source[start..end];
        // snap to whole lines where the window holds line breaks
        let cut_front = text[..offset - start].find('\n').map_or(0, |i| i + 1);
        let cut_back = text[offset - start..]
            .rfind('\n')
            .map_or(text.len(), |i| offset - start + i);
        let lines_before = text[cut_front..offset - start].matches('\n').count();
        // a window inside one long line starts mid-line: count back from the problem's column
        let first_column = if lines_before == 0 {
            let chars_to_offset = text[cut_front..offset - start].chars().count();
            column.saturating_sub(1 + chars_to_offset)
        } else {
            0
        };
        Window {
            text: text[cut_front..cut_back].to_owned(),
            start: start + cut_front,
            first_line: line.saturating_sub(1 + lines_before),
            first_column,
        }
    }
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = self.text.read_span(span, before, after)?;
        // miette counts the column in bytes; the headline counts characters, as editors do
        let column = if before == 0 {
            let at = span.offset().min(self.text.len());
            let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
            let from_window_start = if line_start == 0 {
                self.first_column
            } else {
                0
            };
            from_window_start
                + self
                    .text
                    .get(line_start..at)
                    .map_or(0, |t| t.chars().count())
        } else {
            contents.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line() + self.first_line,
            column,
            contents.line_count(),
        )))
    }
}
