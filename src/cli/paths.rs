//! `liandong paths FILE`: every path through a case (or a sample), its best, its worst and
//! how the totals spread, so a trainer sees the scoring is fair.

use std::path::Path;
use std::process::ExitCode;

use super::render::columns;
use super::{Format, RoleArg, lang, load_playable, outln, tr, words};
use crate::lang::Lang;
use crate::playthrough::explore::explore;

pub fn run(
    file: &Path,
    role: RoleArg,
    limit: usize,
    from: Option<&str>,
    format: Format,
) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    let from = from.map(crate::scenario::ids::StepId::from);
    let summary = match explore(&case, &role.choice(), limit, from.as_ref()) {
        Ok(summary) => summary,
        Err(e) => {
            let words = super::words();
            eprintln!("{}", words.errors.play(&e, &words.names));
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        ),
        Format::Text => {
            let (title, paths) = (&case.scenario.title, summary.paths);
            outln!(
                "{}",
                match (summary.exhaustive, lang()) {
                    (true, Lang::Zh) => format!("{title}：全部路径 {paths} 条"),
                    (false, Lang::Zh) => format!("{title}：随机抽样 {paths} 条"),
                    (true, Lang::En) => format!("{title}: all {paths} paths"),
                    (false, Lang::En) => format!("{title}: a random sample of {paths} paths"),
                }
            );
            let (best, worst) = (summary.best, summary.worst);
            outln!(
                "{}",
                tr!(
                    "最高分 {best:.1}，最低分 {worst:.1}",
                    "Highest total {best:.1}, lowest {worst:.1}"
                )
            );
            let (passed, red) = (summary.passed, summary.with_red_lines);
            outln!(
                "{}",
                tr!(
                    "通过 {passed} 条，触犯红线 {red} 条",
                    "{passed} passed, {red} crossed a red line"
                )
            );
            outln!("{}", tr!("总分分布：", "Totals:"));
            let widest = summary.histogram.iter().copied().max().unwrap_or(1).max(1);
            for (band, count) in summary.histogram.iter().enumerate() {
                let label = if band == 10 {
                    "    100".to_owned()
                } else {
                    format!("{:>3}–{:<3}", band * 10, band * 10 + 9)
                };
                let bar = "█".repeat((count * 40).div_ceil(widest));
                outln!("  {label} {bar} {count}");
            }
            outln!("{}", tr!("结局分布：", "Endings:"));
            let most = summary.outcomes.values().copied().max().unwrap_or(1).max(1);
            let width = crate::scenario::model::Outcome::ALL
                .iter()
                .map(|o| columns(words().names.outcome(*o)))
                .max()
                .unwrap_or(0);
            for outcome in crate::scenario::model::Outcome::ALL {
                let count = summary.outcomes.get(&outcome).copied().unwrap_or(0);
                let bar = "█".repeat((count * 40).div_ceil(most));
                let name = words().names.outcome(outcome);
                let pad = " ".repeat(width - columns(name));
                outln!("  {name}{pad}  {bar} {count}");
            }
            if summary.no_outcome > 0 {
                let n = summary.no_outcome;
                outln!("  {}", tr!("没有走到结局 {n} 条", "{n} reached no ending"));
            }
            if summary.red_line_successes > 0 {
                let n = summary.red_line_successes;
                outln!(
                    "{}",
                    tr!(
                        "注意：{n} 条触犯红线的路径走到了成功结局",
                        "Note: {n} paths that crossed a red line still ended in a success"
                    )
                );
            }
            outln!(
                "{}",
                tr!(
                    "最低分路径的作答：",
                    "The answers of the lowest-scoring path:"
                )
            );
            for (i, answer) in summary.worst_path.iter().enumerate() {
                outln!("  {:>2}. {answer}", i + 1);
            }
        }
    }
    ExitCode::SUCCESS
}
