//! CSV for trainers' spreadsheets: every run with its scores, and a competition's final
//! standings. Both start with a UTF-8 byte-order mark, because Excel on a Chinese Windows
//! reads a CSV without one as GBK and shows the names as mojibake.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, Local, Offset, Utc};

use crate::competition::Scoreboard;
use crate::lang::{Lang, names};
use crate::scenario::model::Role;
use crate::store::{RunMode, RunSummary};

/// The UTF-8 byte-order mark that starts every export.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The header of [`runs_csv`]. Scripts read columns by these names: keep them stable. The two
/// time columns also name the zone their times are in ([`run_columns`]).
pub const RUN_COLUMNS: [&str; 26] = [
    "记录编号 (id)",
    "学员/小组 (trainee)",
    "案例编号 (case_id)",
    "案例名称 (case_title)",
    "角色 (role)",
    "模式 (mode)",
    "比赛 (competition)",
    "轮次 (round)",
    "小组序号 (team)",
    "分工 (lineup)",
    "开始时间 (started_at)",
    "结束时间 (finished_at)",
    "用时（秒） (seconds)",
    "总分 (total)",
    "客户识别 (identification)",
    "话术选择 (script)",
    "交接流程 (handoff)",
    "是否通过 (passed)",
    "红线次数 (red_lines)",
    "种子 (seed)",
    "案例文件哈希 (case_hash)",
    "登记编号 (registration)",
    "转介积分 (referral_points)",
    "各岗位转介积分 (referral_by_role)",
    "工号 (staff_no)",
    "网点 (branch)",
];

/// The fixed columns of [`scoreboard_csv`] in Chinese; one "<角色>得分" column per role and then
/// [`SCOREBOARD_COMMENTS`] follow them.
pub const SCOREBOARD_COLUMNS: [&str; 12] = [
    "比赛",
    "名次",
    "小组",
    "案例得分",
    "观察员加减分",
    "观察员评分表得分",
    "总分",
    "红线次数",
    "触犯红线的轮次",
    "用时（秒）",
    "已完成轮次",
    "通过轮次",
];

/// The last column of [`scoreboard_csv`] in Chinese.
pub const SCOREBOARD_COMMENTS: &str = "观察员评语";

/// [`SCOREBOARD_COLUMNS`] in English.
pub const SCOREBOARD_COLUMNS_EN: [&str; 12] = [
    "Contest",
    "Rank",
    "Team",
    "Case points",
    "Observer points",
    "Observer checklist points",
    "Total",
    "Red lines",
    "Turns over a red line",
    "Time (s)",
    "Turns played",
    "Turns passed",
];

/// [`SCOREBOARD_COMMENTS`] in English.
pub const SCOREBOARD_COMMENTS_EN: &str = "Observer comments";

/// [`RUN_COLUMNS`] with the zone of the times named in the two time columns:
/// "开始时间（UTC+08:00） (started_at)".
pub fn run_columns(zone: FixedOffset) -> Vec<String> {
    let zone = zone_name(zone);
    RUN_COLUMNS
        .iter()
        .map(|column| match column.split_once(" (") {
            Some((label, key)) if key.ends_with("_at)") => format!("{label}（{zone}） ({key}"),
            _ => (*column).to_owned(),
        })
        .collect()
}

/// "UTC+08:00", "UTC-05:30", "UTC".
pub fn zone_name(zone: FixedOffset) -> String {
    let seconds = zone.local_minus_utc();
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The zone of this computer now: the times of an export are written in it, so a trainer
/// reads them as the clock on the wall showed them.
pub fn local_zone() -> FixedOffset {
    Local::now().offset().fix()
}

/// Every run, one row each, under [`run_columns`] (the same in both languages, for scripts),
/// times in this computer's zone; roles, mode and pass are written in `lang`.
pub fn runs_csv(runs: &[RunSummary], lang: Lang) -> Vec<u8> {
    runs_csv_in(runs, lang, local_zone())
}

/// [`runs_csv`] with the times written in `zone`.
pub fn runs_csv_in(runs: &[RunSummary], lang: Lang, zone: FixedOffset) -> Vec<u8> {
    let rows = runs.iter().map(|run| {
        let turn = run.turn;
        vec![
            run.id.to_string(),
            as_text(&run.trainee),
            as_text(&run.case_id),
            as_text(&run.case_title),
            names(lang).role_label(&run.role),
            mode_label(run.mode, lang).to_owned(),
            as_text(run.competition.as_deref().unwrap_or_default()),
            turn.map(|t| (t.round + 1).to_string()).unwrap_or_default(),
            turn.map(|t| (t.team + 1).to_string()).unwrap_or_default(),
            lineup_text(&run.lineup, lang),
            date_time(run.started_at, zone),
            date_time(run.finished_at, zone),
            seconds(run.time_ms),
            run.total.to_string(),
            optional_score(run.dimensions.identification),
            optional_score(run.dimensions.script),
            optional_score(run.dimensions.handoff),
            yes_no(run.passed, lang).to_owned(),
            run.red_line_count.to_string(),
            // 18446744073709551615 would become 1.84467440737096E+19
            digits_as_text(&run.seed.to_string()),
            as_text(&run.case_hash),
            as_text(&run.registration),
            run.referral_earned().to_string(),
            referral_text(run, lang),
            as_text(run.identity.staff_no.as_deref().unwrap_or_default()),
            as_text(run.identity.branch.as_deref().unwrap_or_default()),
        ]
    });
    table(run_columns(zone), rows)
}

/// A competition's standings, one row per team in rank order, with each role's score so a
/// weak position shows, and the observers' comments; headers and roles in `lang`.
pub fn scoreboard_csv(competition: &str, board: &Scoreboard, lang: Lang) -> Vec<u8> {
    // one column per role any team played, in the roles' stage order, so every row lines up
    let roles: Vec<Role> = board
        .standings
        .iter()
        .flat_map(|s| s.roles.iter().map(|r| r.role))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (columns, comments) = match lang {
        Lang::Zh => (SCOREBOARD_COLUMNS, SCOREBOARD_COMMENTS),
        Lang::En => (SCOREBOARD_COLUMNS_EN, SCOREBOARD_COMMENTS_EN),
    };
    let header: Vec<String> = columns
        .iter()
        .map(|c| (*c).to_owned())
        .chain(roles.iter().map(|r| match lang {
            Lang::Zh => format!("{}得分", names(lang).role(*r)),
            Lang::En => format!("{} score", names(lang).role(*r)),
        }))
        .chain([comments.to_owned()])
        .collect();
    let rows = board.standings.iter().map(|team| {
        let mut row = vec![
            as_text(competition),
            team.rank.to_string(),
            as_text(&team.name),
            team.case_points.to_string(),
            team.observer_points.to_string(),
            team.checklist_points.to_string(),
            team.total.to_string(),
            team.red_lines.to_string(),
            team.red_line_turns.to_string(),
            seconds(team.time_ms),
            team.turns_played.to_string(),
            team.passed.to_string(),
        ];
        row.extend(roles.iter().map(|role| {
            team.roles
                .iter()
                .find(|s| s.role == *role)
                .and_then(|s| s.percent())
                .map(|p| p.to_string())
                .unwrap_or_default()
        }));
        let mut comments: Vec<String> = team
            .comments
            .iter()
            .map(|c| {
                let (round, points, comment) = (c.round + 1, c.points, &c.comment);
                match lang {
                    Lang::Zh => format!("第{round}轮 {points:+}：{comment}"),
                    Lang::En => format!("Round {round} {points:+}: {comment}"),
                }
            })
            .collect();
        comments.extend(
            team.observations
                .iter()
                .flat_map(|turn| turn.sheets.iter())
                .map(|sheet| crate::export::sheet_text(sheet, lang)),
        );
        row.push(comments.join(match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        }));
        row
    });
    table(header, rows)
}

/// The trainer's case review as a table for people: one row per answer given at each decision,
/// with the model answer and its rule, who chose it, the most common wrong choice marked and
/// the red lines crossed, plus a row for those who did not answer there. Headers, roles and
/// grades in the language asked for; the case's own texts as written.
pub fn review_csv(report: &crate::review::Report, lang: crate::lang::Lang) -> Vec<u8> {
    use crate::lang::Lang;
    let zh = lang == Lang::Zh;
    let header: Vec<String> = if zh {
        [
            "比赛",
            "轮次",
            "案例",
            "序号",
            "岗位",
            "维度",
            "这一步",
            "示范答案",
            "依据的规则",
            "选择",
            "评级",
            "是否满分",
            "人次",
            "选择者",
            "最常见的错误选择",
            "相关规则",
            "触犯红线",
        ]
    } else {
        [
            "Contest",
            "Round",
            "Case",
            "No.",
            "Role",
            "Dimension",
            "Decision",
            "Model answer",
            "Rule",
            "Choice",
            "Grade",
            "Full marks",
            "Count",
            "Chosen by",
            "Most common wrong choice",
            "Rule",
            "Red lines crossed",
        ]
    }
    .iter()
    .map(|c| (*c).to_owned())
    .collect();
    let yes = |b: bool| match (b, zh) {
        (true, true) => "是",
        (false, true) => "否",
        (true, false) => "yes",
        (false, false) => "no",
    };
    let list = |items: &[String]| items.join(if zh { "、" } else { ", " });
    let mut rows = Vec::new();
    for section in &report.sections {
        let review = &section.review;
        for d in &review.decisions {
            let lead = vec![
                as_text(report.competition.as_deref().unwrap_or_default()),
                section.round.map(|r| r.to_string()).unwrap_or_default(),
                as_text(&review.title),
                d.number.to_string(),
                d.role_label.clone(),
                d.dimension_label.clone(),
                as_text(&d.prompt),
                as_text(&d.model.answer),
                as_text(d.model.rule_title.as_deref().unwrap_or_default()),
            ];
            for (i, choice) in d.choices.iter().enumerate() {
                let mut row = lead.clone();
                row.extend([
                    as_text(&choice.answer),
                    choice.grade_label.clone(),
                    yes(choice.full_marks).to_owned(),
                    choice.count.to_string(),
                    as_text(&list(&choice.who)),
                    if d.most_common_wrong == Some(i) {
                        yes(true).to_owned()
                    } else {
                        String::new()
                    },
                    as_text(choice.rule_title.as_deref().unwrap_or_default()),
                    as_text(&list(&choice.red_lines)),
                ]);
                rows.push(row);
            }
            if !d.not_reached.is_empty() {
                let mut row = lead.clone();
                row.extend([
                    if zh {
                        "（没有在这一步作答）".to_owned()
                    } else {
                        "(did not answer here)".to_owned()
                    },
                    String::new(),
                    String::new(),
                    d.not_reached.len().to_string(),
                    as_text(&list(&d.not_reached)),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                rows.push(row);
            }
        }
    }
    table(header, rows.into_iter())
}

/// A name, title or code typed by a person, safe to open in a spreadsheet: one starting like
/// a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so
/// Excel and WPS show it as text instead of running it (CSV injection); one a spreadsheet would
/// read as a number or a date (a staff number 0801234, a team called 1, 3/4) is kept as text
/// by [`digits_as_text`].
pub fn as_text(typed: &str) -> String {
    if typed.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{typed}")
    } else {
        digits_as_text(typed)
    }
}

/// Digits that are not a quantity (a seed, a staff number, a name) written so that Excel, WPS
/// and LibreOffice keep them as typed: `="0801234"`, a formula whose value is the text. Read
/// as a number they would lose a leading zero, or every digit past the fifteenth, or become
/// a date. Text with anything else in it (a letter, a Chinese character) is left as it is.
pub fn digits_as_text(text: &str) -> String {
    let numeric_looking = text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " .,:/-+eE%$()".contains(c));
    if numeric_looking {
        format!("=\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// "柜员 6；大堂经理 2.6；理财经理 3.4（示范）" / "Teller 6; Lobby manager 2.6; Wealth manager
/// 3.4 (model)": each role's referral points, the roles the model answer played marked.
fn referral_text(run: &RunSummary, lang: Lang) -> String {
    let played = crate::playthrough::RoleChoice::from_label(&run.role);
    run.referral
        .iter()
        .map(|(role, points)| {
            let model =
                run.mode == RunMode::Practice && played.as_ref().is_some_and(|p| !p.plays(*role));
            let marked = match (model, lang) {
                (false, _) => "",
                (true, Lang::Zh) => "（示范）",
                (true, Lang::En) => " (model)",
            };
            format!("{} {points}{marked}", names(lang).role(*role))
        })
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        })
}

/// "柜员：张三；大堂经理：李四" / "Teller: 张三; Lobby manager: 李四".
pub fn lineup_text(lineup: &[(Role, String)], lang: Lang) -> String {
    lineup
        .iter()
        .map(|(role, member)| match lang {
            Lang::Zh => format!("{}：{member}", names(lang).role(*role)),
            Lang::En => format!("{}: {member}", names(lang).role(*role)),
        })
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        })
}

/// Milliseconds as seconds with one decimal, rounded half up in integers so that 1250 ms is
/// always "1.3" (float formatting would round it to even).
pub fn seconds(ms: u64) -> String {
    let tenths = ms.saturating_add(50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn mode_label(mode: RunMode, lang: Lang) -> &'static str {
    match (mode, lang) {
        (RunMode::Practice, Lang::Zh) => "练习",
        (RunMode::Competition, Lang::Zh) => "比赛",
        (RunMode::Practice, Lang::En) => "practice",
        (RunMode::Competition, Lang::En) => "contest",
    }
}

fn yes_no(passed: bool, lang: Lang) -> &'static str {
    match (passed, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// Empty for a dimension the run never touched, so it does not read as a zero.
fn optional_score(score: Option<f64>) -> String {
    score.map(|s| s.to_string()).unwrap_or_default()
}

/// "2026-11-30 16:05:09": what Excel, WPS and LibreOffice read as a date and time, in
/// `zone` (named in the column's header).
pub fn date_time(at: DateTime<Utc>, zone: FixedOffset) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn table(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Necessary)
        // CRLF: what Excel itself writes, and what RFC 4180 asks for
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    // writing to memory cannot fail, and every row is built with the header's length
    writer
        .write_record(&header)
        .expect("a CSV header writes to memory");
    for row in rows {
        debug_assert_eq!(row.len(), header.len());
        writer
            .write_record(&row)
            .expect("a CSV row writes to memory");
    }
    writer
        .into_inner()
        .expect("a CSV in memory has nothing left to flush")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_half_up_to_one_decimal() {
        assert_eq!(seconds(0), "0.0");
        assert_eq!(seconds(49), "0.0");
        assert_eq!(seconds(50), "0.1");
        assert_eq!(seconds(1250), "1.3");
        assert_eq!(seconds(65_200), "65.2");
        assert_eq!(seconds(u64::MAX), format!("{}.{}", u64::MAX / 1000, 6));
    }

    #[test]
    fn what_looks_like_a_formula_stays_text() {
        assert_eq!(
            as_text("=HYPERLINK(\"http://x\",\"点我\")"),
            "'=HYPERLINK(\"http://x\",\"点我\")"
        );
        assert_eq!(as_text("+86 小组"), "'+86 小组");
        assert_eq!(as_text("-1"), "'-1");
        assert_eq!(as_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(as_text("王,小明"), "王,小明");
        assert_eq!(as_text("一组 = 最强"), "一组 = 最强");
    }

    #[test]
    fn digits_that_are_not_quantities_stay_text() {
        assert_eq!(
            digits_as_text("18446744073709551615"),
            "=\"18446744073709551615\""
        );
        assert_eq!(as_text("0801234"), "=\"0801234\"");
        assert_eq!(as_text("3/4"), "=\"3/4\"");
        assert_eq!(as_text("张三"), "张三");
        assert_eq!(as_text("1组"), "1组");
        assert_eq!(as_text(""), "");
    }

    #[test]
    fn times_are_local_and_the_zone_is_named() {
        let beijing = FixedOffset::east_opt(8 * 3600).expect("a zone");
        let at = DateTime::parse_from_rfc3339("2026-11-30T08:05:09.5Z")
            .expect("a time")
            .with_timezone(&Utc);
        assert_eq!(date_time(at, beijing), "2026-11-30 16:05:09");
        assert_eq!(zone_name(beijing), "UTC+08:00");
        assert_eq!(
            zone_name(FixedOffset::west_opt(5 * 3600 + 1800).expect("a zone")),
            "UTC-05:30"
        );
        let columns = run_columns(beijing);
        assert_eq!(columns[10], "开始时间（UTC+08:00） (started_at)");
        assert_eq!(columns[11], "结束时间（UTC+08:00） (finished_at)");
        assert_eq!(columns[12], "用时（秒） (seconds)");
    }

    #[test]
    fn lineup_reads_like_a_duty_roster() {
        let lineup = [
            (Role::Teller, "张三".to_owned()),
            (Role::LobbyManager, "李四".to_owned()),
        ];
        assert_eq!(lineup_text(&lineup, Lang::Zh), "柜员：张三；大堂经理：李四");
        assert_eq!(
            lineup_text(&lineup, Lang::En),
            "Teller: 张三; Lobby manager: 李四"
        );
        assert_eq!(lineup_text(&[], Lang::Zh), "");
    }
}
