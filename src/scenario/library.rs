//! Checks across the cases of one library: one line, one grade everywhere.

use std::collections::HashMap;

use super::CaseReport;
use super::diagnostic::{Code, Diagnostic};
use super::locate::{SourceMap, ValuePath};
use super::model::{Grade, ScriptOption, Step};
use crate::path;

/// W009 for every line that two cases of the library grade differently, reported at each copy
/// after the first, so the same words teach the same lesson in every case.
pub fn differently_graded_lines(reports: &[CaseReport]) -> Vec<(usize, Diagnostic)> {
    // normalised text → (report, grade, where) of its first appearance
    let mut first: HashMap<String, (usize, Grade, String)> = HashMap::new();
    let mut found = Vec::new();
    for (r, report) in reports.iter().enumerate() {
        let (Some(case), Some(source)) = (&report.case, &report.source) else {
            continue;
        };
        let mut map: Option<SourceMap> = None;
        let file = report.path.display().to_string();
        for (s, stage) in case.scenario.stages.iter().enumerate() {
            for (k, step) in stage.steps.iter().enumerate() {
                let (list, key): (&[ScriptOption], &str) = match step {
                    Step::Script(script) | Step::MorningMeeting(script) => {
                        (&script.options, "options")
                    }
                    Step::ReferralCard(card) => (&card.route, "route"),
                    _ => continue,
                };
                for (i, option) in list.iter().enumerate() {
                    let words: String = option
                        .text
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
                        .collect();
                    if words.chars().count() < 6 {
                        continue;
                    }
                    match first.get(&words) {
                        None => {
                            first.insert(
                                words,
                                (
                                    r,
                                    option.grade,
                                    format!("{}（{}）", case.scenario.title, file),
                                ),
                            );
                        }
                        Some((other, grade, place)) if *other != r && *grade != option.grade => {
                            let at: ValuePath = path!["stages", s, "steps", k, key, i, "grade"];
                            let location = map
                                .get_or_insert_with(|| SourceMap::build(source))
                                .locate(&at);
                            found.push((
                                r,
                                Diagnostic::new(
                                    &file,
                                    location,
                                    Code::W009,
                                    format!(
                                        "“{}”在这里评为{}，在{}评为{}",
                                        option.text,
                                        option.grade.label(),
                                        place,
                                        grade.label()
                                    ),
                                    "同一句话在每个案例里应教同一个道理：统一评级，或改写其中一句，让不同之处看得出来。",
                                ),
                            ));
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
    found
}
