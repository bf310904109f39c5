//! `liandong paths FILE`: every path through a case (or a sample), its best, its worst and
//! how the totals spread, so a trainer sees the scoring is fair.

use std::path::Path;
use std::process::ExitCode;

use super::{Format, RoleArg, load_playable, outln};
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
            let how = if summary.exhaustive {
                "全部路径"
            } else {
                "随机抽样"
            };
            outln!("{}：{how} {} 条", case.scenario.title, summary.paths);
            outln!("最高分 {:.1}，最低分 {:.1}", summary.best, summary.worst);
            outln!(
                "通过 {} 条，触犯红线 {} 条",
                summary.passed,
                summary.with_red_lines
            );
            outln!("总分分布：");
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
            outln!("结局分布：");
            let most = summary.outcomes.values().copied().max().unwrap_or(1).max(1);
            for outcome in crate::scenario::model::Outcome::ALL {
                let count = summary.outcomes.get(&outcome).copied().unwrap_or(0);
                let bar = "█".repeat((count * 40).div_ceil(most));
                outln!("  {:<6} {bar} {count}", outcome.label());
            }
            if summary.no_outcome > 0 {
                outln!("  没有走到结局 {} 条", summary.no_outcome);
            }
            if summary.red_line_successes > 0 {
                outln!(
                    "注意：{} 条触犯红线的路径走到了成功结局",
                    summary.red_line_successes
                );
            }
            outln!("最低分路径的作答：");
            for step in &summary.worst_path {
                outln!("  · {step}");
            }
        }
    }
    ExitCode::SUCCESS
}
