//! `liandong review`: the trainer's case review (案例点评) of a contest, round by round, or of
//! the runs of one case (one trainee's, since a date), as text, JSON or a CSV for people.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{open_store_for_reading, out, outln, playable_cases};
use crate::lang::Lang;
use crate::playthrough::Transcript;
use crate::review::{Report, ReviewRun, Section, review};
use crate::scenario::Case;
use crate::store::{RunFilter, RunMode, RunSummary, Store};
use chrono::{DateTime, Utc};

/// How `review` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    Text,
    Json,
    Csv,
}

/// Which runs to review.
#[derive(Debug, Clone)]
pub enum Which {
    /// Every played turn of a contest, round by round.
    Competition(String),
    /// Every run of a case, optionally one trainee's, optionally since a time.
    Case {
        id: String,
        trainee: Option<String>,
        since: Option<DateTime<Utc>>,
    },
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
    let report = match build(&store, &cases, &which) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("{message}");
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

/// The review of the runs asked for, or why there is nothing to review.
pub fn build(
    store: &Store,
    cases: &[std::sync::Arc<Case>],
    which: &Which,
) -> Result<Report, String> {
    match which {
        Which::Competition(name) => contest(store, cases, name.trim()),
        Which::Case { id, trainee, since } => {
            let case = cases
                .iter()
                .find(|c| &c.scenario.id == id)
                .ok_or_else(|| format!("案例库里没有可用的案例 {id}"))?;
            let trainee = trainee.as_deref().map(str::trim);
            let runs: Vec<RunSummary> = store
                .runs(&RunFilter {
                    trainee: trainee.map(str::to_owned),
                    competition: None,
                })
                .map_err(|e| super::words().errors.store(&e))?
                .into_iter()
                .filter(|r| &r.case_id == id && since.is_none_or(|t| r.finished_at >= t))
                .collect();
            if runs.is_empty() {
                return Err(match trainee {
                    Some(name) => format!("没有“{name}”演练案例 {id} 的记录"),
                    None => format!("还没有案例 {id} 的演练记录"),
                });
            }
            let labels = unique_labels(&runs);
            let reviewed = reviewed_runs(store, &runs, &labels)?;
            Ok(Report {
                competition: None,
                sections: vec![Section {
                    round: None,
                    review: review(case, &reviewed, &super::words().names),
                }],
            })
        }
    }
}

fn contest(store: &Store, cases: &[std::sync::Arc<Case>], name: &str) -> Result<Report, String> {
    let info = store
        .competition(name)
        .map_err(|e| super::words().errors.store(&e))?
        .ok_or_else(|| format!("没有名为“{name}”的比赛（liandong contest list 可列出全部）"))?;
    let runs = store
        .runs(&RunFilter {
            trainee: None,
            competition: Some(name.to_owned()),
        })
        .map_err(|e| super::words().errors.store(&e))?;
    let mut sections = Vec::new();
    // one section per round and scene: with a scene per team, a round plays several cases
    for (round, scenes) in info.setup.scene_table().iter().enumerate() {
        let mut reviewed_scenes: Vec<&String> = Vec::new();
        for case_id in scenes {
            if reviewed_scenes.contains(&case_id) {
                continue;
            }
            reviewed_scenes.push(case_id);
            let mut played: Vec<RunSummary> = runs
                .iter()
                .filter(|r| r.turn.is_some_and(|t| t.round == round) && &r.case_id == case_id)
                .cloned()
                .collect();
            if played.is_empty() {
                continue;
            }
            played.sort_by_key(|r| r.turn.map(|t| t.team));
            let Some(case) = cases.iter().find(|c| &c.scenario.id == case_id) else {
                eprintln!(
                    "第 {} 轮的案例 {case_id} 不在案例库里（或有错误），这一轮没有点评",
                    round + 1
                );
                continue;
            };
            let labels: Vec<String> = played.iter().map(|r| r.trainee.clone()).collect();
            let reviewed = reviewed_runs(store, &played, &labels)?;
            sections.push(Section {
                round: Some(round + 1),
                review: review(case, &reviewed, &super::words().names),
            });
        }
    }
    if sections.is_empty() {
        return Err(format!("比赛“{name}”还没有演过任何一轮，没有可点评的内容"));
    }
    Ok(Report {
        competition: Some(info.setup.name.clone()),
        sections,
    })
}

/// Each run with its answers, read from its saved transcript; a transcript that cannot be
/// read gives a run with no answers (the review lists it as not fitting).
fn reviewed_runs(
    store: &Store,
    runs: &[RunSummary],
    labels: &[String],
) -> Result<Vec<ReviewRun>, String> {
    let mut reviewed = Vec::with_capacity(runs.len());
    for (run, who) in runs.iter().zip(labels) {
        let text = store
            .transcript(run.id)
            .map_err(|e| super::words().errors.store(&e))?;
        match text.as_deref().map(Transcript::from_ron) {
            Some(Ok(transcript)) => {
                reviewed.push(ReviewRun::from_transcript(who, &transcript, &run.case_hash));
            }
            _ => {
                eprintln!("{who} 的演练记录无法读取，没有计入点评");
            }
        }
    }
    Ok(reviewed)
}

/// Names people can tell apart: the trainee (a contest turn: the team and the contest), with
/// the local time when the same name played more than once.
fn unique_labels(runs: &[RunSummary]) -> Vec<String> {
    let base: Vec<String> = runs
        .iter()
        .map(|r| match (&r.mode, &r.competition) {
            (RunMode::Competition, Some(contest)) => format!("{}（{contest}）", r.trainee),
            _ => r.trainee.clone(),
        })
        .collect();
    let mut labels: Vec<String> = base
        .iter()
        .zip(runs)
        .map(|(name, run)| {
            if base.iter().filter(|b| *b == name).count() > 1 {
                format!(
                    "{name} {}",
                    run.finished_at
                        .with_timezone(&chrono::Local)
                        .format("%m-%d %H:%M")
                )
            } else {
                name.clone()
            }
        })
        .collect();
    // two runs in the same minute: number them
    for i in 0..labels.len() {
        let same: Vec<usize> = (i..labels.len())
            .filter(|j| labels[*j] == labels[i])
            .collect();
        if same.len() > 1 {
            for (n, j) in same.into_iter().enumerate() {
                labels[j] = format!("{} #{}", labels[j], n + 1);
            }
        }
    }
    labels
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
