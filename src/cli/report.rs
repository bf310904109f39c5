//! `liandong report --from-lrs`: the records of every room, read back from the learning
//! record store, as a leaderboard across branches and the rules most missed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Format, out, outln, playable_cases, tr};
use crate::lrs::report::{HeadOfficeReport, ReportFilter, build};
use crate::lrs::{LrsConfig, StatementQuery, SyncError, fetch_statements};
use crate::scenario::catalogue::Catalogue;
use crate::scenario::ids::RuleId;

pub fn run(
    data_dir: &Path,
    cases: Option<PathBuf>,
    filter: &ReportFilter,
    format: Format,
) -> ExitCode {
    let config = match LrsConfig::load(data_dir) {
        Ok(Some(config)) => config,
        Ok(None) => {
            eprintln!("{}", super::lrs::sync_error(&SyncError::NotConfigured, 0));
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // the period and the verb are checked here, on each statement's own timestamp: xAPI's
    // `since` is the time the LRS stored a statement, and LRSs differ in how they match a
    // verb (ralph 5.1's file backend matches none)
    let query = StatementQuery::default();
    let statements = match fetch_statements(&config, &query) {
        Ok(statements) => statements,
        Err(e) => {
            // reading loses nothing: say only what went wrong
            let why = super::lrs::sync_reason(&e);
            eprintln!(
                "{}",
                tr!(
                    "无法从学习记录库读取记录：{why}",
                    "The records cannot be read from the learning record store: {why}"
                )
            );
            return ExitCode::from(1);
        }
    };
    let report = build(&statements, filter);
    let catalogue = playable_cases(cases)
        .first()
        .map(|c| c.catalogue.clone())
        .unwrap_or_else(crate::scenario::bundled_catalogue);
    match format {
        Format::Json => {
            let mut value = serde_json::to_value(&report).expect("a report serialises");
            // the rules by their titles, as people read them
            if let Some(missed) = value["missed"].as_array_mut() {
                for rule in missed {
                    let title = rule_title(&catalogue, rule["rule"].as_str().unwrap_or_default());
                    rule["title"] = serde_json::json!(title);
                }
            }
            match serde_json::to_string_pretty(&value) {
                Ok(text) => outln!("{text}"),
                Err(e) => eprintln!("JSON: {e}"),
            }
        }
        Format::Text => out!(
            "{}",
            report_text(&report, filter, &catalogue, &config.endpoint)
        ),
    }
    ExitCode::SUCCESS
}

/// A rule's title in the catalogue; a rule this machine's cases do not know keeps its id.
fn rule_title(catalogue: &Catalogue, rule: &str) -> String {
    catalogue
        .rule(&RuleId::from(rule))
        .map_or_else(|| rule.to_owned(), |r| r.title.clone())
}

fn report_text(
    report: &HeadOfficeReport,
    filter: &ReportFilter,
    catalogue: &Catalogue,
    endpoint: &str,
) -> String {
    let mut text = String::new();
    let mut line = |s: String| {
        text.push_str(&s);
        text.push('\n');
    };
    let mut scope = Vec::new();
    if let Some(since) = filter.since {
        let day = since.with_timezone(&chrono::Local).format("%Y-%m-%d");
        scope.push(tr!("{day} 以来", "since {day}"));
    }
    if let Some(branch) = &filter.branch {
        scope.push(tr!("网点：{branch}", "branch: {branch}"));
    }
    if let Some(contest) = &filter.competition {
        scope.push(tr!("比赛：{contest}", "contest: {contest}"));
    }
    let scope = match scope.is_empty() {
        true => String::new(),
        false => {
            let scope = scope.join(&tr!("，", ", "));
            tr!("（{scope}）", " ({scope})")
        }
    };
    let (runs, people, branches) = (report.runs, report.leaderboard.len(), report.branches.len());
    let (people_en, branches_en) = (
        if people == 1 { "person" } else { "people" },
        if branches == 1 { "branch" } else { "branches" },
    );
    line(tr!(
        "总部汇总{scope}：学习记录库 {endpoint} 里共 {runs} 次演练，{people} 人，{branches} 个网点",
        "Head office report{scope}: {runs} runs by {people} {people_en} from {branches} {branches_en} in the learning record store {endpoint}"
    ));
    line(String::new());
    line(tr!("排行榜（按平均分）", "Leaderboard (by average score)"));
    if report.leaderboard.is_empty() {
        line(tr!("  （没有记录）", "  (no records)"));
    }
    for s in &report.leaderboard {
        let name = &s.name;
        let who = match (&s.staff_no, &s.branch) {
            (Some(no), Some(branch)) => tr!(
                "{name}（工号 {no}，{branch}）",
                "{name} (staff no. {no}, {branch})"
            ),
            (Some(no), None) => tr!("{name}（工号 {no}）", "{name} (staff no. {no})"),
            (None, Some(branch)) => tr!("{name}（{branch}）", "{name} ({branch})"),
            (None, None) => name.clone(),
        };
        let (rank, average, best, n, passed, red, points) = (
            s.rank,
            s.average,
            s.best,
            s.runs,
            s.passed,
            s.red_lines,
            s.referral_points,
        );
        line(tr!(
            "  {rank}. {who}：平均 {average} 分，最高 {best} 分，演练 {n} 次，通过 {passed} 次，红线 {red} 次，转介积分 {points}",
            "  {rank}. {who}: average {average}, best {best}, {n} runs, {passed} passed, {red} red lines, {points} referral points"
        ));
    }
    line(String::new());
    line(tr!("最常错过的规则", "Rules most missed"));
    if report.missed.is_empty() {
        line(tr!("  （没有错过的规则）", "  (none missed)"));
    }
    for (i, m) in report.missed.iter().take(10).enumerate() {
        let (n, title, misses, runs) = (i + 1, rule_title(catalogue, &m.rule), m.misses, m.runs);
        line(tr!(
            "  {n}. {title}：错过 {misses} 次，涉及 {runs} 次演练",
            "  {n}. {title}: missed {misses} times in {runs} runs"
        ));
    }
    text
}
