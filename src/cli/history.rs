//! `liandong history NAME`: a trainee's runs, the rules they miss most, and the next case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::render::{columns, padded};
use super::{Format, lang, open_store_for_reading, out, outln, playable_cases, tr, words};
use crate::lang::Lang;
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
    let (runs, broken, turns) = match (
        store.runs(&filter),
        store.broken_rules(name.trim()),
        store.member_turns(name.trim()),
    ) {
        (Ok(runs), Ok(broken), Ok(turns)) => (runs, broken, turns),
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
            eprintln!("{}", super::words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    if runs.is_empty() && turns.is_empty() {
        eprintln!(
            "{}",
            tr!(
                "没有{name}的练习或比赛记录",
                "No practice runs or contest turns for {name}"
            )
        );
        return ExitCode::from(2);
    }
    let cases: Vec<_> = playable_cases(cases);
    let catalogue = cases
        .first()
        .map(|c| c.catalogue.clone())
        .unwrap_or_else(crate::scenario::bundled_catalogue);
    let history =
        History::build(name.trim(), runs, broken, &catalogue, &cases).with_contest_turns(turns);
    match format {
        Format::Json => match serde_json::to_string_pretty(&history) {
            Ok(text) => outln!("{text}"),
            Err(e) => eprintln!("JSON: {e}"),
        },
        Format::Text => out!("{}", history_text(&history)),
    }
    ExitCode::SUCCESS
}

fn dimension(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

/// A cell of a table: the text padded to `width` terminal columns, then two spaces, so
/// neighbouring cells never read as one sentence.
fn cell(text: &str, width: usize) -> String {
    format!("{}  ", padded(text, width))
}

fn history_text(history: &History) -> String {
    let mut out = if history.runs.is_empty() {
        String::new()
    } else {
        practice_text(history)
    };
    out.push_str(&contest_turns_text(history));
    out
}

/// The contest turns in which the trainee acted: contest, round, team, case, the roles they
/// played with each role's score, their red lines, and the team's case total.
fn contest_turns_text(history: &History) -> String {
    let turns = &history.contest_turns;
    if turns.is_empty() {
        return String::new();
    }
    let (trainee, n) = (&history.trainee, turns.len());
    let mut out = tr!(
        "\n{trainee}在比赛中的轮次（{n} 轮）\n",
        "\n{trainee}: contest turns ({n})\n"
    );
    let header: Vec<String> = match lang() {
        Lang::Zh => [
            "时间",
            "比赛",
            "轮次",
            "小组",
            "案例",
            "本人岗位得分",
            "红线",
            "小组总分",
        ],
        Lang::En => [
            "Time",
            "Contest",
            "Round",
            "Team",
            "Case",
            "Own roles",
            "Red",
            "Team total",
        ],
    }
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = turns
        .iter()
        .map(|turn| {
            let roles: Vec<String> = turn
                .roles
                .iter()
                .map(|r| {
                    let role = words().names.role(r.role);
                    match r.percent() {
                        Some(p) => format!("{role} {p:.1}"),
                        None => format!("{role} —"),
                    }
                })
                .collect();
            vec![
                turn.finished_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                turn.competition.clone(),
                (turn.turn.round + 1).to_string(),
                turn.team.clone(),
                turn.case_title.clone(),
                roles.join(match lang() {
                    Lang::Zh => "，",
                    Lang::En => ", ",
                }),
                turn.red_lines.to_string(),
                format!("{:.1}", turn.team_total),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|row| columns(&row[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let line: String = row
            .iter()
            .zip(&widths)
            .map(|(text, width)| cell(text, *width))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&tr!(
        "（“本人岗位得分”是本人所演岗位在这一轮的得分率，满分 100）\n",
        "(“Own roles”: the score of each role the trainee acted in that turn, out of 100)\n"
    ));
    out
}

fn practice_text(history: &History) -> String {
    let (trainee, n) = (&history.trainee, history.runs.len());
    let mut out = tr!(
        "{trainee}的练习记录（{n} 次）\n",
        "{trainee}: practice runs ({n})\n"
    );
    let rows: Vec<Vec<String>> = history
        .runs
        .iter()
        .map(|run| {
            vec![
                run.finished_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                run.case_title.clone(),
                words().names.role_label(&run.role),
                format!("{:.1}", run.total),
                dimension(run.dimensions.identification),
                dimension(run.dimensions.script),
                dimension(run.dimensions.handoff),
                run.red_line_count.to_string(),
                format!("{:.1}", run.referral_earned()),
                match (run.passed, lang()) {
                    (true, Lang::Zh) => "通过",
                    (false, Lang::Zh) => "未通过",
                    (true, Lang::En) => "passed",
                    (false, Lang::En) => "not passed",
                }
                .to_owned(),
            ]
        })
        .collect();
    let header: Vec<String> = match lang() {
        Lang::Zh => [
            "时间", "案例", "岗位", "总分", "识别", "话术", "交接", "红线", "积分", "结果",
        ],
        Lang::En => [
            "Time", "Case", "Role", "Total", "Ident.", "Script", "Handoff", "Red", "Points",
            "Result",
        ],
    }
    .map(str::to_owned)
    .to_vec();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|row| columns(&row[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let line: String = row
            .iter()
            .zip(&widths)
            .map(|(text, width)| cell(text, *width))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let points = crate::scoring::round1(history.runs.iter().map(|r| r.referral_earned()).sum());
    out.push_str(&tr!(
        "转介积分合计 {points:.1}（“积分”一列是各次演练本人所演岗位的转介积分）\n",
        "Referral points in all {points:.1} (the “Points” column: each run's points for the roles played)\n"
    ));
    out.push_str(&tr!("\n最近的平均分：", "\nRecent averages: "));
    let recent: Vec<String> = history
        .recent
        .iter()
        .map(|(d, mean)| format!("{} {}", words().names.dimension(*d), dimension(*mean)))
        .collect();
    out.push_str(&recent.join(match lang() {
        Lang::Zh => "，",
        Lang::En => ", ",
    }));
    out.push('\n');
    if !history.missed.is_empty() {
        out.push_str(&tr!(
            "\n错题集（最常违反的规则）：\n",
            "\nMissed rules (most often first):\n"
        ));
        for rule in history.missed.iter().take(10) {
            let (misses, title, red) = (rule.misses, &rule.title, rule.red_lines);
            let line = match (red, lang()) {
                (0, Lang::Zh) => format!("{misses} 次  {title}"),
                (_, Lang::Zh) => format!("{misses} 次  {title}（其中 {red} 次触碰红线）"),
                (0, Lang::En) => format!("{misses} ×  {title}"),
                (_, Lang::En) => format!("{misses} ×  {title} (red lines among them: {red})"),
            };
            out.push_str(&format!("  {line}\n"));
        }
    }
    if let Some(next) = &history.suggestion {
        let (title, reason) = (&next.title, next.reason_in(lang()));
        out.push_str(&tr!(
            "\n建议下一个案例：{title}\n  {reason}\n",
            "\nSuggested next case: {title}\n  {reason}\n"
        ));
    }
    out
}
