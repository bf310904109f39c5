//! `liandong play FILE`: a trainer tries a case in the terminal, answers by number.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;

use super::{RoleArg, load_playable, out, outln, render};
use crate::playthrough::shown::shown;
use crate::playthrough::{Choice, Choices, Playthrough};
use crate::scenario::model::Step;
use crate::scenario::{Case, Variant};
use crate::scoring::{Answer, DecisionScore};

pub fn run(
    file: &Path,
    seed: Option<u64>,
    role: RoleArg,
    exam: bool,
    save: Option<&Path>,
) -> ExitCode {
    let Some(case) = load_playable(file) else {
        return ExitCode::from(2);
    };
    let seed = seed.unwrap_or_else(|| Utc::now().timestamp_subsec_nanos() as u64 % 10_000);
    let mut playthrough =
        match Playthrough::start(Arc::clone(&case), seed, role.choice(), Utc::now()) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
    introduce(&case, playthrough.variant(), exam);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut shown = 0;
    loop {
        for event in &playthrough.transcript().events[shown..] {
            if let Some(line) = render::event_line(event) {
                outln!("{line}");
            }
        }
        shown = playthrough.transcript().events.len();
        let Some(pending) = playthrough.pending() else {
            break;
        };
        let started = Instant::now();
        let variant = playthrough.variant().clone();
        let Some(answer) = ask_step(&case, &variant, pending.at, &mut input) else {
            eprintln!("\n输入结束，演练中止。");
            return ExitCode::FAILURE;
        };
        let took = started.elapsed().as_millis() as u64;
        match playthrough.answer(answer, Utc::now(), took) {
            Ok(score) if !exam => print_feedback(&score),
            Ok(_) => {}
            Err(e) => eprintln!("{e}"),
        }
    }
    outln!("{}", render::debrief_text(&playthrough.debrief()));
    if let Some(path) = save {
        if let Err(e) = std::fs::write(path, playthrough.transcript().to_ron()) {
            eprintln!("无法保存演练记录 {}:{e}", path.display());
            return ExitCode::FAILURE;
        }
        outln!("演练记录已保存到 {}", path.display());
    }
    ExitCode::SUCCESS
}

fn introduce(case: &Case, variant: &Variant, exam: bool) {
    let s = &case.scenario;
    outln!("════ {} ════", s.title);
    outln!("{}", s.summary);
    outln!(
        "模式：{}（种子 {}，同一种子 = 同一位客户）",
        if exam {
            "考试，讲评在最后"
        } else {
            "练习，每步即时讲评"
        },
        variant.seed
    );
    let c = &s.customer;
    outln!(
        "\n客户：{}，{} 岁，{}",
        variant.customer_call,
        c.age,
        variant.render(&c.occupation)
    );
    for line in &c.arrival {
        outln!("  · {}", variant.render(line));
    }
    outln!(
        "刷卡后系统显示：{}，余额 {}",
        c.system.card,
        variant.render("{balance}")
    );
    for line in &c.system.transactions {
        outln!("  · {}", variant.render(line));
    }
    if let (Some(company), Some(drawn)) = (&c.company, &variant.company) {
        outln!(
            "企业：{}（{}），{}：{}",
            drawn.name,
            variant.render(&company.industry),
            variant.customer_call,
            variant.render(&company.person)
        );
        let payroll = match drawn.payroll {
            0 => String::new(),
            n => format!("，发工资的员工 {n} 人"),
        };
        outln!(
            "  月均流水 {}{payroll}",
            variant.render("{company.turnover}")
        );
        for line in &company.accounts {
            outln!("  · {}", variant.render(line));
        }
        if !company.tier_note.is_empty() {
            outln!("  {}", variant.render(&company.tier_note));
        }
    }
    outln!("当班同事：");
    for member in &s.staff {
        let name = variant
            .staff_names
            .get(&member.id)
            .cloned()
            .unwrap_or_default();
        outln!(
            "  · {} {name} {}",
            member.role.label(),
            variant.render(&member.credentials)
        );
    }
}

fn print_feedback(score: &DecisionScore) {
    let grade = score.grade.map_or("", |g| g.label());
    outln!("  → {grade} {:.1}/{:.0}", score.earned, score.max);
    if !score.reaction.is_empty() {
        outln!("  客户：{}", score.reaction);
    }
    outln!(
        "  客户的信任 {}（{:+}），耐心 {}（{:+}）",
        score.mood.trust,
        i64::from(score.mood.trust) - i64::from(score.before.trust),
        score.mood.patience,
        i64::from(score.mood.patience) - i64::from(score.before.patience)
    );
    for line in score.violations.iter().chain(&score.feedback) {
        outln!("  · {line}");
    }
    for rule in &score.red_lines {
        outln!("  ✘ 触犯红线：{rule}");
    }
}

fn read_line(input: &mut impl BufRead, prompt: &str) -> Option<String> {
    out!("{prompt}");
    let _ = super::Out.flush();
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_owned()),
    }
}

/// Numbers typed by the trainee, 1-based, as 0-based indexes below `count`.
fn numbers(line: &str, count: usize) -> Option<Vec<usize>> {
    line.split(|c: char| c == ',' || c == '\u{FF0C}' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .ok()
                .filter(|n| (1..=count).contains(n))
                .map(|n| n - 1)
        })
        .collect()
}

fn ask_one(input: &mut impl BufRead, count: usize) -> Option<usize> {
    loop {
        let line = read_line(input, &format!("请输入 1-{count}:"))?;
        match numbers(&line, count).as_deref() {
            Some([one]) => return Some(*one),
            _ => outln!("  请输入一个 1 到 {count} 之间的数字。"),
        }
    }
}

fn ask_many(input: &mut impl BufRead, count: usize, prompt: &str) -> Option<Vec<usize>> {
    loop {
        let line = read_line(input, prompt)?;
        match numbers(&line, count) {
            Some(list) => return Some(list),
            None => outln!("  请用空格分隔 1 到 {count} 之间的数字，直接回车表示都不选。"),
        }
    }
}

/// Shows the decision at `at` as [`shown`] orders its choices and reads the answer by number.
fn ask_step(case: &Case, variant: &Variant, at: usize, input: &mut impl BufRead) -> Option<Answer> {
    let step = case.graph.step(&case.scenario, at);
    let Some(shown) = shown(case, variant, at) else {
        return Some(Answer::Line(0));
    };
    let role = shown.role;
    let prompt = &shown.prompt;
    outln!();
    match (step, shown.choices) {
        (Step::Identify(s), Choices::Identify { tiers, cues, needs }) => {
            outln!("【{}·识别】{prompt}", role.label());
            let tier = if tiers.is_empty() {
                None
            } else {
                for (i, t) in tiers.iter().enumerate() {
                    outln!("  {}. {}", i + 1, t.label());
                }
                Some(tiers[ask_one(input, tiers.len())?])
            };
            let cues = pick_many(&cues, "关键线索", input)?
                .map(|i| s.cues[i].clone())
                .collect();
            let needs = pick_many(&needs, "客户需求", input)?
                .map(|i| s.needs[i].clone())
                .collect();
            Some(Answer::Identify { tier, cues, needs })
        }
        (Step::Script(_), Choices::Script { lines }) => {
            outln!("【{}·话术】{prompt}", role.label());
            list(&lines, "  ");
            Some(Answer::Line(lines[ask_one(input, lines.len())?].index))
        }
        (Step::ReferralCard(_), Choices::Card { fields, route }) => {
            outln!("【{}·转介卡】{prompt}", role.label());
            let mut chosen = Vec::new();
            for field in &fields {
                outln!("  {}:", field.field.label());
                list(&field.choices, "    ");
                chosen.push(field.choices[ask_one(input, field.choices.len())?].index);
            }
            outln!("  卡片交给：");
            list(&route, "    ");
            let route = route[ask_one(input, route.len())?].index;
            Some(Answer::Card {
                fields: chosen,
                route,
            })
        }
        (Step::Handoff(h), Choices::Handoff { actions }) => {
            outln!("【{}·交接】{prompt}", role.label());
            list(&actions, "  ");
            let chosen = loop {
                let picked = ask_many(
                    input,
                    actions.len(),
                    "按先后顺序输入要做的动作编号（空格分隔）:",
                )?;
                let mut unique = picked.clone();
                unique.sort_unstable();
                unique.dedup();
                if unique.len() == picked.len() {
                    break picked;
                }
                outln!("  每个动作只能选一次。");
            };
            Some(Answer::Handoff(
                chosen
                    .into_iter()
                    .map(|n| h.actions[actions[n].index].id.clone())
                    .collect(),
            ))
        }
        _ => Some(Answer::Line(0)),
    }
}

/// Numbers the choices from 1, in the order shown.
fn list(choices: &[Choice], indent: &str) {
    for (n, choice) in choices.iter().enumerate() {
        outln!("{indent}{}. {}", n + 1, choice.text);
    }
}

/// Several of `choices` picked by number; yields their indexes in the step's own list.
fn pick_many(
    choices: &[Choice],
    what: &str,
    input: &mut impl BufRead,
) -> Option<impl Iterator<Item = usize>> {
    let picked = if choices.is_empty() {
        Vec::new()
    } else {
        outln!("  选出{what}（可多选）：");
        list(choices, "    ");
        ask_many(
            input,
            choices.len(),
            "输入编号（空格分隔，回车表示都不选）:",
        )?
    };
    Some(picked.into_iter().map(|n| choices[n].index))
}
