//! `liandong review`: the trainer's case review (案例点评) of a contest, round by round, or of
//! the runs of one case (one trainee's, since a date), as text, JSON or a CSV for people.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{open_store_for_reading, out, outln, playable_cases};
use crate::lang::Lang;
use crate::review::{Report, Which, build};
use chrono::{DateTime, Utc};

/// How `review` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    Text,
    Json,
    Csv,
}

pub fn run(
    data_dir: &Path,
    cases: Option<PathBuf>,
    lang: Lang,
    which: Which,
    format: ReviewFormat,
    output: Option<&Path>,
) -> ExitCode {
    let Some(store) = open_store_for_reading(data_dir) else {
        return ExitCode::from(1);
    };
    let cases = playable_cases(cases);
    let report = match build(&store, &cases, &which, &super::words().names) {
        Ok(gathered) => {
            for left_out in &gathered.left_out {
                eprintln!("{}", super::words().errors.left_out(left_out));
            }
            gathered.report
        }
        Err(e) => {
            eprintln!("{}", super::words().errors.review(&e));
            return ExitCode::from(2);
        }
    };
    let bytes = match format {
        ReviewFormat::Text => review_text(&report, lang).into_bytes(),
        ReviewFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(text) => format!("{text}\n").into_bytes(),
            Err(e) => {
                eprintln!("无法输出 JSON：{e}");
                return ExitCode::from(1);
            }
        },
        ReviewFormat::Csv => crate::export::csv::review_csv(&report, lang),
    };
    match output {
        Some(path) => match crate::export::write_atomically(path, &bytes) {
            Ok(()) => {
                outln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("案例点评已写入 {}", path.display()),
                        Lang::En => format!("Case review written to {}", path.display()),
                    }
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "无法写入 {}：{}",
                    path.display(),
                    super::words().errors.io(&e)
                );
                ExitCode::from(1)
            }
        },
        None => {
            out!("{}", String::from_utf8_lossy(&bytes));
            ExitCode::SUCCESS
        }
    }
}

/// A count of runs in words: "3 组" in a contest, "3 次" otherwise.
fn count(n: usize, contest: bool, lang: Lang) -> String {
    match (lang, contest) {
        (Lang::Zh, true) => format!("{n} 组"),
        (Lang::Zh, false) => format!("{n} 次"),
        (Lang::En, true) => format!("{n} team{}", if n == 1 { "" } else { "s" }),
        (Lang::En, false) => format!("{n} run{}", if n == 1 { "" } else { "s" }),
    }
}

fn names(who: &[String], lang: Lang) -> String {
    who.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// The review as the trainer reads it in a terminal or on a projector.
pub fn review_text(report: &Report, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let contest = report.competition.is_some();
    let mut out = String::new();
    for section in &report.sections {
        let r = &section.review;
        let heading = match (section.round, zh) {
            (Some(n), true) => format!("案例点评：{}（第 {n} 轮）", r.title),
            (Some(n), false) => format!("Case review: {} (round {n})", r.title),
            (None, true) => format!("案例点评：{}", r.title),
            (None, false) => format!("Case review: {}", r.title),
        };
        let _ = writeln!(out, "\n════ {heading} ════");
        if let Some(name) = &report.competition {
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!("比赛：{name}")
                } else {
                    format!("Contest: {name}")
                }
            );
        }
        let _ = writeln!(
            out,
            "{}",
            if zh {
                format!(
                    "参加（{}）：{}",
                    count(r.runs.len(), contest, lang),
                    names(&r.runs, lang)
                )
            } else {
                format!(
                    "Played by ({}): {}",
                    count(r.runs.len(), contest, lang),
                    names(&r.runs, lang)
                )
            }
        );
        if let Some(who) = &r.customer_of {
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!("（各次演练的客户不同，文字按“{who}”遇到的那一位显示）")
                } else {
                    format!("(The runs met different customers; texts show the one {who} met.)")
                }
            );
        }
        if !r.other_version.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!(
                        "（{} 演练时的案例文件与现在不同，按现在的版本对照）",
                        names(&r.other_version, lang)
                    )
                } else {
                    format!(
                        "({} played an earlier version of the case file; read against the current one.)",
                        names(&r.other_version, lang)
                    )
                }
            );
        }
        if !r.unreadable.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                if zh {
                    format!(
                        "（{} 的部分回答与现在的案例对不上，没有计入）",
                        names(&r.unreadable, lang)
                    )
                } else {
                    format!(
                        "(Some answers of {} no longer fit the case and are left out.)",
                        names(&r.unreadable, lang)
                    )
                }
            );
        }
        for d in &r.decisions {
            let (n, role, dimension) = (d.number, &d.role_label, &d.dimension_label);
            let _ = writeln!(
                out,
                "\n{}",
                if zh {
                    format!("第 {n} 项：{role}·{dimension}")
                } else {
                    format!("Decision {n}: {role} · {dimension}")
                }
            );
            let _ = writeln!(out, "  {}", d.prompt);
            let _ = writeln!(
                out,
                "  {}{}",
                if zh {
                    "示范答案："
                } else {
                    "Model answer: "
                },
                d.model.answer
            );
            if let Some(title) = &d.model.rule_title {
                let _ = writeln!(
                    out,
                    "  {}{title}",
                    if zh { "依据的规则：" } else { "Rule: " }
                );
            }
            let _ = writeln!(
                out,
                "  {}",
                match (zh, contest) {
                    (true, true) => "各组的选择：",
                    (true, false) => "各次的选择：",
                    (false, true) => "What each team chose:",
                    (false, false) => "What each run chose:",
                }
            );
            for (i, choice) in d.choices.iter().enumerate() {
                let mark = if choice.full_marks { "✔" } else { "✘" };
                let grade = if choice.grade_label.is_empty() {
                    if zh {
                        format!("（{:.1}/{:.0} 分）", choice.earned, choice.max)
                    } else {
                        format!(" ({:.1}/{:.0} points)", choice.earned, choice.max)
                    }
                } else if zh {
                    format!("（{}）", choice.grade_label)
                } else {
                    format!(" ({})", choice.grade_label)
                };
                let flag = if d.most_common_wrong == Some(i) {
                    if zh {
                        "  ← 最常见的错误选择"
                    } else {
                        "  ← the most common wrong choice"
                    }
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "    {mark} {}  {}{grade}{flag}",
                    count(choice.count, contest, lang),
                    choice.answer
                );
                if let Some(title) = &choice.rule_title {
                    let _ = writeln!(
                        out,
                        "        {}{title}",
                        if zh { "规则：" } else { "Rule: " }
                    );
                }
                let _ = writeln!(out, "        {}", names(&choice.who, lang));
            }
            for red in &d.red_lines {
                let _ = writeln!(
                    out,
                    "  {}{} —— {}",
                    if zh {
                        "触犯红线："
                    } else {
                        "Red line crossed: "
                    },
                    red.title,
                    names(&red.who, lang)
                );
            }
            if !d.not_reached.is_empty() {
                let _ = writeln!(
                    out,
                    "  {}{}",
                    if zh {
                        "没有在这一步作答："
                    } else {
                        "Did not answer here: "
                    },
                    names(&d.not_reached, lang)
                );
            }
        }
    }
    out
}

/// A day on the command line (`2026-11-01`) as the local midnight it starts with.
pub fn parse_since(text: &str) -> Result<DateTime<Utc>, String> {
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("日期“{text}”看不懂：请写成 2026-11-01"))?;
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Ok(midnight
        .and_local_timezone(chrono::Local)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc)))
}
