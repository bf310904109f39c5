//! `liandong play FILE`: a trainer tries a case in the terminal, answers by number.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;

use super::{RoleArg, load_playable, out, outln, render};
use crate::playthrough::{Playthrough, display_order};
use crate::scenario::model::{Step, Tier};
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
                let words = super::words();
                eprintln!("{}", words.errors.start(&e, &words.names));
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
            Err(e) => {
                let words = super::words();
                eprintln!("{}", words.errors.answer(&e, &words.names));
            }
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

fn ask_step(case: &Case, variant: &Variant, at: usize, input: &mut impl BufRead) -> Option<Answer> {
    let step = case.graph.step(&case.scenario, at);
    let role = case.graph.role(&case.scenario, at);
    let seed = variant.seed;
    outln!();
    match step {
        Step::Identify(s) => {
            outln!("【{}·识别】{}", role.label(), variant.render(&s.prompt));
            let tier = if s.tier {
                for (i, t) in Tier::ALL.iter().enumerate() {
                    outln!("  {}. {}", i + 1, t.label());
                }
                Some(Tier::ALL[ask_one(input, Tier::ALL.len())?])
            } else {
                None
            };
            let cues = pick_ids(&s.cues, seed, s.id.as_str(), "关键线索", input, |id| {
                case.scenario
                    .customer
                    .cues
                    .iter()
                    .find(|c| &c.id == id)
                    .map(|c| variant.render(&c.text))
            })?;
            let needs = pick_ids(&s.needs, seed, s.id.as_str(), "客户需求", input, |id| {
                case.scenario
                    .customer
                    .needs
                    .iter()
                    .find(|n| &n.id == id)
                    .map(|n| variant.render(&n.text))
            })?;
            Some(Answer::Identify { tier, cues, needs })
        }
        Step::Script(s) => {
            outln!("【{}·话术】{}", role.label(), variant.render(&s.prompt));
            let order = display_order(seed, s.id.as_str(), s.options.len());
            for (shown, &i) in order.iter().enumerate() {
                outln!("  {}. {}", shown + 1, variant.render(&s.options[i].text));
            }
            Some(Answer::Line(order[ask_one(input, order.len())?]))
        }
        Step::ReferralCard(c) => {
            outln!("【{}·转介卡】{}", role.label(), variant.render(&c.prompt));
            let mut fields = Vec::new();
            for field in &c.fields {
                outln!("  {}:", field.field.label());
                let order = display_order(
                    seed,
                    &format!("{}:{:?}", c.id, field.field),
                    field.choices.len(),
                );
                for (shown, &i) in order.iter().enumerate() {
                    outln!(
                        "    {}. {}",
                        shown + 1,
                        variant.render(&field.choices[i].text)
                    );
                }
                fields.push(order[ask_one(input, order.len())?]);
            }
            outln!("  卡片交给：");
            let order = display_order(seed, &format!("{}:route", c.id), c.route.len());
            for (shown, &i) in order.iter().enumerate() {
                outln!("    {}. {}", shown + 1, variant.render(&c.route[i].text));
            }
            let route = order[ask_one(input, order.len())?];
            Some(Answer::Card { fields, route })
        }
        Step::Handoff(h) => {
            outln!("【{}·交接】{}", role.label(), variant.render(&h.prompt));
            let order = display_order(seed, h.id.as_str(), h.actions.len());
            for (shown, &i) in order.iter().enumerate() {
                outln!("  {}. {}", shown + 1, variant.render(&h.actions[i].text));
            }
            let chosen = loop {
                let picked = ask_many(
                    input,
                    order.len(),
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
                    .map(|n| h.actions[order[n]].id.clone())
                    .collect(),
            ))
        }
        _ => Some(Answer::Line(0)),
    }
}

fn pick_ids<Id: Clone>(
    ids: &[Id],
    seed: u64,
    salt: &str,
    what: &str,
    input: &mut impl BufRead,
    text: impl Fn(&Id) -> Option<String>,
) -> Option<Vec<Id>> {
    if ids.is_empty() {
        return Some(Vec::new());
    }
    outln!("  选出{what}（可多选）：");
    let order = display_order(seed, &format!("{salt}:{what}"), ids.len());
    for (shown, &i) in order.iter().enumerate() {
        outln!("    {}. {}", shown + 1, text(&ids[i]).unwrap_or_default());
    }
    let picked = ask_many(input, ids.len(), "输入编号（空格分隔，回车表示都不选）:")?;
    Some(picked.into_iter().map(|n| ids[order[n]].clone()).collect())
}
