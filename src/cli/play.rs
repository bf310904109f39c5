//! `liandong play FILE`: a trainer tries a case in the terminal, answers by number.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;

use super::{RoleArg, lang, load_playable, out, outln, render, tr, words};
use crate::lang::Lang;
use crate::playthrough::shown::shown;
use crate::playthrough::{Choice, Choices, Playthrough};
use crate::scenario::model::{Role, Step};
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
            if let Some(line) = render::event_line(&case, event) {
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
            eprintln!(
                "\n{}",
                tr!(
                    "输入结束，演练中止。",
                    "The input ended; the case stops here."
                )
            );
            return ExitCode::FAILURE;
        };
        let took = started.elapsed().as_millis() as u64;
        match playthrough.answer(answer, Utc::now(), took) {
            Ok(score) if !exam => print_feedback(&case, &score),
            Ok(_) => {}
            Err(e) => {
                let words = super::words();
                eprintln!("{}", words.errors.answer(&e, &words.names));
            }
        }
    }
    outln!("{}", render::debrief_text(&case, &playthrough.debrief()));
    if let Some(path) = save {
        let shown = path.display();
        if let Err(e) = std::fs::write(path, playthrough.transcript().to_ron()) {
            eprintln!(
                "{}",
                tr!(
                    "无法保存演练记录 {shown}：{e}",
                    "The transcript could not be saved to {shown}: {e}"
                )
            );
            return ExitCode::FAILURE;
        }
        outln!(
            "{}",
            tr!(
                "演练记录已保存到 {shown}",
                "The transcript is saved in {shown}"
            )
        );
    }
    ExitCode::SUCCESS
}

fn introduce(case: &Case, variant: &Variant, exam: bool) {
    let s = &case.scenario;
    outln!("════ {} ════", s.title);
    outln!("{}", s.summary);
    let seed = variant.seed;
    outln!(
        "{}",
        match (exam, lang()) {
            (true, Lang::Zh) =>
                format!("模式：考试，讲评在最后（种子 {seed}，同一种子 = 同一位客户）"),
            (false, Lang::Zh) =>
                format!("模式：练习，每步即时讲评（种子 {seed}，同一种子 = 同一位客户）"),
            (true, Lang::En) => format!(
                "Mode: exam, feedback at the end (seed {seed}; the same seed, the same customer)"
            ),
            (false, Lang::En) => format!(
                "Mode: practice, feedback after each decision (seed {seed}; the same seed, the same customer)"
            ),
        }
    );
    let c = &s.customer;
    let (call, age, occupation) = (&variant.customer_call, c.age, variant.render(&c.occupation));
    outln!(
        "\n{}",
        tr!(
            "客户：{call}，{age} 岁，{occupation}",
            "Customer: {call}, age {age}, {occupation}"
        )
    );
    for line in &c.arrival {
        outln!("  · {}", variant.render(line));
    }
    let (card, balance) = (&c.system.card, variant.render("{balance}"));
    outln!(
        "{}",
        tr!(
            "刷卡后系统显示：{card}，余额 {balance}",
            "The system shows: {card}; balance {balance}"
        )
    );
    for line in &c.system.transactions {
        outln!("  · {}", variant.render(line));
    }
    if let (Some(company), Some(drawn)) = (&c.company, &variant.company) {
        let (name, industry, person) = (
            &drawn.name,
            variant.render(&company.industry),
            variant.render(&company.person),
        );
        outln!(
            "{}",
            tr!(
                "企业：{name}（{industry}），{call}：{person}",
                "Company: {name} ({industry}); {call}: {person}"
            )
        );
        let turnover = variant.render("{company.turnover}");
        let line = match (drawn.payroll, lang()) {
            (0, Lang::Zh) => format!("月均流水 {turnover}"),
            (n, Lang::Zh) => format!("月均流水 {turnover}，发工资的员工 {n} 人"),
            (0, Lang::En) => format!("Monthly turnover {turnover}"),
            (n, Lang::En) => format!("Monthly turnover {turnover}; payroll of {n} employees"),
        };
        outln!("  {line}");
        for line in &company.accounts {
            outln!("  · {}", variant.render(line));
        }
        if !company.tier_note.is_empty() {
            outln!("  {}", variant.render(&company.tier_note));
        }
    }
    outln!("{}", tr!("当班同事：", "Staff on duty:"));
    for member in &s.staff {
        let name = variant
            .staff_names
            .get(&member.id)
            .cloned()
            .unwrap_or_default();
        let role = words().names.role(member.role);
        let credentials = variant.render(&member.credentials);
        let line = match (credentials.is_empty(), lang()) {
            (true, Lang::Zh) => format!("{role}{name}"),
            (false, Lang::Zh) => format!("{role}{name}：{credentials}"),
            (true, Lang::En) => format!("{role} {name}"),
            (false, Lang::En) => format!("{role} {name}: {credentials}"),
        };
        outln!("  · {line}");
    }
}

fn print_feedback(case: &Case, score: &DecisionScore) {
    let grade = score.grade.map_or("", |g| words().names.grade(g));
    outln!("  → {grade} {:.1}/{:.0}", score.earned, score.max);
    if !score.reaction.is_empty() {
        outln!("    ↳ {}", score.reaction);
    }
    if !render::is_follow_up(case, &score.step) {
        let mood = render::mood_change(score.before, score.mood);
        outln!("  {}", tr!("客户的{mood}", "The customer's {mood}"));
    }
    for line in score.violations.iter().chain(&score.feedback) {
        outln!("  · {line}");
    }
    for rule in &score.red_lines {
        let title = render::rule_title(case, rule);
        outln!(
            "  ✘ {}",
            tr!("触犯红线：{title}", "Red line crossed: {title}")
        );
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
        let line = read_line(input, &tr!("请输入 1–{count}：", "Enter 1–{count}: "))?;
        match numbers(&line, count).as_deref() {
            Some([one]) => return Some(*one),
            _ => outln!(
                "  {}",
                tr!(
                    "请输入一个 1 到 {count} 之间的数字。",
                    "Enter one number from 1 to {count}."
                )
            ),
        }
    }
}

fn ask_many(input: &mut impl BufRead, count: usize, prompt: &str) -> Option<Vec<usize>> {
    loop {
        let line = read_line(input, prompt)?;
        match numbers(&line, count) {
            Some(list) => return Some(list),
            None => outln!(
                "  {}",
                tr!(
                    "请用空格分隔 1 到 {count} 之间的数字，直接回车表示都不选。",
                    "Numbers from 1 to {count} separated by spaces; just Enter for none."
                )
            ),
        }
    }
}

/// "【柜员·话术】" / "[Teller · script]": who decides, and what kind of decision.
fn heading(role: Role, kind: (&str, &str)) -> String {
    match lang() {
        Lang::Zh => format!("【{}·{}】", words().names.role(role), kind.0),
        Lang::En => format!("[{} · {}] ", words().names.role(role), kind.1),
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
            outln!("{}{prompt}", heading(role, ("识别", "identification")));
            let tier = if tiers.is_empty() {
                None
            } else {
                outln!("  {}", tr!("客户层级：", "Customer tier:"));
                for (i, t) in tiers.iter().enumerate() {
                    outln!("    {}. {}", i + 1, words().names.tier(*t));
                }
                Some(tiers[ask_one(input, tiers.len())?])
            };
            let cues = pick_many(&cues, &tr!("关键线索", "key cues"), input)?
                .map(|i| s.cues[i].clone())
                .collect();
            let needs = pick_many(&needs, &tr!("客户需求", "customer's needs"), input)?
                .map(|i| s.needs[i].clone())
                .collect();
            Some(Answer::Identify { tier, cues, needs })
        }
        (Step::Script(_) | Step::MorningMeeting(_), Choices::Script { lines }) => {
            let kind = if matches!(step, Step::MorningMeeting(_)) {
                ("晨会", "morning meeting")
            } else {
                ("话术", "script")
            };
            outln!("{}{prompt}", heading(role, kind));
            list(&lines, "  ");
            Some(Answer::Line(lines[ask_one(input, lines.len())?].index))
        }
        (Step::ReferralCard(_), Choices::Card { fields, route }) => {
            outln!("{}{prompt}", heading(role, ("转介卡", "referral card")));
            let mut chosen = Vec::new();
            for field in &fields {
                outln!(
                    "  {}{}",
                    words().names.card_field(field.field),
                    tr!("：", ":")
                );
                list(&field.choices, "    ");
                chosen.push(field.choices[ask_one(input, field.choices.len())?].index);
            }
            outln!("  {}", tr!("卡片交给：", "The card goes to:"));
            list(&route, "    ");
            let route = route[ask_one(input, route.len())?].index;
            Some(Answer::Card {
                fields: chosen,
                route,
            })
        }
        (Step::TrackingSheet(_) | Step::ReferralRecord(_), Choices::Form { fields }) => {
            let kind = if matches!(step, Step::TrackingSheet(_)) {
                ("追踪表", "tracking sheet")
            } else {
                ("推荐记录表", "referral record")
            };
            outln!("{}{prompt}", heading(role, kind));
            let mut chosen = Vec::new();
            for field in &fields {
                outln!(
                    "  {}{}",
                    words().names.card_field(field.field),
                    tr!("：", ":")
                );
                list(&field.choices, "    ");
                chosen.push(field.choices[ask_one(input, field.choices.len())?].index);
            }
            Some(Answer::Form(chosen))
        }
        (Step::Handoff(h), Choices::Handoff { actions }) => {
            outln!("{}{prompt}", heading(role, ("交接", "handoff")));
            list(&actions, "  ");
            let chosen = loop {
                let prompt = tr!(
                    "按先后顺序输入要做的动作编号（空格分隔）：",
                    "The actions to take, in order (numbers separated by spaces): "
                );
                let picked = ask_many(input, actions.len(), &prompt)?;
                let mut unique = picked.clone();
                unique.sort_unstable();
                unique.dedup();
                if unique.len() == picked.len() {
                    break picked;
                }
                outln!(
                    "  {}",
                    tr!("每个动作只能选一次。", "Each action only once.")
                );
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
    heading: &str,
    input: &mut impl BufRead,
) -> Option<impl Iterator<Item = usize>> {
    let picked = if choices.is_empty() {
        Vec::new()
    } else {
        outln!(
            "  {}",
            tr!(
                "选出{heading}（可多选）：",
                "Pick the {heading} (any number):"
            )
        );
        list(choices, "    ");
        let prompt = tr!(
            "输入编号（空格分隔，回车表示都不选）：",
            "Numbers separated by spaces (Enter for none): "
        );
        ask_many(input, choices.len(), &prompt)?
    };
    Some(picked.into_iter().map(|n| choices[n].index))
}
