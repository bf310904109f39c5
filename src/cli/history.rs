//! `liandong history NAME`: a trainee's runs, the rules they miss most, and the next case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Format, open_store_for_reading, out, outln, playable_cases};
use crate::progress::History;
use crate::store::RunFilter;

pub fn run(data_dir: &Path, cases: Option<PathBuf>, name: &str, format: Format) -> ExitCode {
    let Some(store) = open_store_for_reading(data_dir) else {
        return ExitCode::from(1);
    };
    let filter = RunFilter {
        trainee: Some(name.trim().to_owned()),
        competition: None,
    };
    let (runs, broken) = match (store.runs(&filter), store.broken_rules(name.trim())) {
        (Ok(runs), Ok(broken)) => (runs, broken),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{}", super::words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    if runs.is_empty() {
        eprintln!("没有 {name} 的练习记录");
        return ExitCode::from(2);
    }
    let cases: Vec<_> = playable_cases(cases);
    let catalogue = cases
        .first()
        .map(|c| c.catalogue.clone())
        .unwrap_or_else(crate::scenario::bundled_catalogue);
    let history = History::build(name.trim(), runs, broken, &catalogue, &cases);
    match format {
        Format::Json => match serde_json::to_string_pretty(&history) {
            Ok(text) => outln!("{text}"),
            Err(e) => eprintln!("无法输出 JSON：{e}"),
        },
        Format::Text => out!("{}", history_text(&history)),
    }
    ExitCode::SUCCESS
}

fn dimension(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

fn history_text(history: &History) -> String {
    let mut out = format!(
        "{} 的练习记录（{} 次）\n",
        history.trainee,
        history.runs.len()
    );
    out.push_str("时间              案例                      角色        总分  识别  话术  交接  红线  积分  结果\n");
    for run in &history.runs {
        out.push_str(&format!(
            "{}  {:<24}  {:<10}  {:>5.1}  {:>4}  {:>4}  {:>4}  {:>4}  {:>4.1}  {}\n",
            run.finished_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M"),
            run.case_title,
            run.role,
            run.total,
            dimension(run.dimensions.identification),
            dimension(run.dimensions.script),
            dimension(run.dimensions.handoff),
            run.red_line_count,
            run.referral_earned(),
            if run.passed { "通过" } else { "未通过" },
        ));
    }
    let points: f64 = history.runs.iter().map(|r| r.referral_earned()).sum();
    out.push_str(&format!(
        "转介积分合计 {:.1}（“积分”一列是各次演练本人所演岗位的转介积分）\n",
        crate::scoring::round1(points)
    ));
    out.push_str("\n最近的平均分：");
    let recent: Vec<String> = history
        .recent
        .iter()
        .map(|(d, mean)| format!("{} {}", d.label(), dimension(*mean)))
        .collect();
    out.push_str(&recent.join("，"));
    out.push('\n');
    if !history.missed.is_empty() {
        out.push_str("\n错题集（最常违反的规则）：\n");
        for rule in history.missed.iter().take(10) {
            out.push_str(&format!(
                "  {} 次  {}（{}）{}\n",
                rule.misses,
                rule.title,
                rule.rule,
                if rule.red_lines > 0 {
                    format!("，其中 {} 次触碰红线", rule.red_lines)
                } else {
                    String::new()
                }
            ));
        }
    }
    if let Some(next) = &history.suggestion {
        out.push_str(&format!(
            "\n建议下一个案例：{}（{}）\n  {}\n",
            next.title, next.case_id, next.reason
        ));
    }
    out
}
