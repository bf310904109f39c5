//! `liandong leaderboard`: the referral points leaderboard (转介积分排行榜) over a period.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::{Format, open_store_for_reading, out, outln, playable_cases};
use crate::lang::Lang;
use crate::leaderboard::{Leaderboard, leaderboard};
use crate::store::RunFilter;

pub fn run(
    data_dir: &Path,
    cases: Option<PathBuf>,
    lang: Lang,
    since: Option<DateTime<Utc>>,
    format: Format,
) -> ExitCode {
    let Some(store) = open_store_for_reading(data_dir) else {
        return ExitCode::from(1);
    };
    let runs = match store.runs(&RunFilter::default()) {
        Ok(runs) => runs,
        Err(e) => {
            eprintln!("{}", super::words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    // the note of the table in use (the case folder's rules.ron, else the bundled one)
    let catalogue = playable_cases(cases)
        .first()
        .map(|c| c.catalogue.clone())
        .unwrap_or_else(crate::scenario::bundled_catalogue);
    let board = leaderboard(
        &runs,
        since,
        &catalogue.referral_table().note,
        &super::words().names,
    );
    match format {
        Format::Json => match serde_json::to_string_pretty(&board) {
            Ok(text) => outln!("{text}"),
            Err(e) => {
                eprintln!("无法输出 JSON：{e}");
                return ExitCode::from(1);
            }
        },
        Format::Text => out!("{}", leaderboard_text(&board, lang)),
    }
    ExitCode::SUCCESS
}

/// The leaderboard as a table for the terminal or a projector.
pub fn leaderboard_text(board: &Leaderboard, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let period = board.since.map(|t| {
        t.with_timezone(&chrono::Local)
            .format("%Y-%m-%d")
            .to_string()
    });
    let mut out = match (zh, &period) {
        (true, Some(day)) => format!("转介积分排行榜（{day} 以来）\n"),
        (true, None) => "转介积分排行榜（全部记录）\n".to_owned(),
        (false, Some(day)) => format!("Referral points leaderboard (since {day})\n"),
        (false, None) => "Referral points leaderboard (all runs)\n".to_owned(),
    };
    if !board.note.is_empty() {
        out.push_str(&if zh {
            format!("积分说明：{}\n", board.note)
        } else {
            format!("Note on the points: {}\n", board.note)
        });
    }
    if board.rows.is_empty() {
        out.push_str(if zh {
            "这段时间没有演练记录。\n"
        } else {
            "No runs in this period.\n"
        });
        return out;
    }
    out.push_str(&format!(
        "{}  {}  {}  {}  {}\n",
        padded(if zh { "名次" } else { "Rank" }, 4, true),
        padded(if zh { "学员" } else { "Trainee" }, NAME_COLUMNS, false),
        padded(if zh { "积分" } else { "Points" }, 7, true),
        padded(if zh { "演练" } else { "Runs" }, 4, true),
        if zh { "各岗位" } else { "By role" }
    ));
    for row in &board.rows {
        let roles: Vec<String> = row
            .roles
            .iter()
            .map(|t| {
                if zh {
                    format!("{} {:.1}（{} 次）", t.role_label, t.points, t.runs)
                } else {
                    format!(
                        "{} {:.1} ({} run{})",
                        t.role_label,
                        t.points,
                        t.runs,
                        if t.runs == 1 { "" } else { "s" }
                    )
                }
            })
            .collect();
        out.push_str(&format!(
            "{:>4}  {}  {:>7.1}  {:>4}  {}\n",
            row.rank,
            padded(&row.trainee, NAME_COLUMNS, false),
            row.points,
            row.runs,
            roles.join(if zh { "，" } else { ", " })
        ));
    }
    out
}

/// Terminal columns for a trainee's name (a 32-character name is cut short by nothing: the
/// row just runs longer).
const NAME_COLUMNS: usize = 16;

/// `text` padded to `columns` terminal columns, counting a Chinese character as two.
fn padded(text: &str, columns: usize, right: bool) -> String {
    let width: usize = text
        .chars()
        .map(|c| if u32::from(c) >= 0x2E80 { 2 } else { 1 })
        .sum();
    let fill = " ".repeat(columns.saturating_sub(width));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}
