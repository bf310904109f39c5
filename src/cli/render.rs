//! Plain-text rendering of transcripts and debriefs for the terminal.

use std::fmt::Write;

use crate::playthrough::Event;
use crate::scoring::{Debrief, DecisionScore, Dimension};

/// One transcript event as a line for the terminal; `None` for events shown elsewhere.
pub fn event_line(event: &Event) -> Option<String> {
    match event {
        Event::StageEntered {
            role,
            title,
            played_by_trainee,
        } => Some(format!(
            "\n══ 现在由 {} 接手：{title}{} ══",
            role.label(),
            if *played_by_trainee {
                ""
            } else {
                "（示范）"
            }
        )),
        Event::Narration { text, .. } => Some(format!("  {text}")),
        Event::ModelAnswer {
            role,
            text,
            reaction,
            ..
        } => Some(if reaction.is_empty() {
            format!("  〔{}示范〕{text}", role.label())
        } else {
            format!("  〔{}示范〕{text}\n  客户：{reaction}", role.label())
        }),
        Event::Decision { .. } | Event::Finished { .. } => None,
    }
}

/// The transcript with the trainee's own decisions in place, as `liandong run` shows it.
pub fn transcript_text(events: &[Event], scores: &[DecisionScore]) -> String {
    let mut out = String::new();
    let mut decisions = scores.iter();
    for event in events {
        if let Some(line) = event_line(event) {
            let _ = writeln!(out, "{line}");
        } else if let (Event::Decision { .. }, Some(score)) = (event, decisions.next()) {
            let grade = score
                .grade
                .map_or(String::new(), |g| format!("{} ", g.label()));
            let _ = writeln!(
                out,
                "  【{}】{}  → {grade}{:.1}/{:.0}",
                score.role.label(),
                score.answer,
                score.earned,
                score.max
            );
            if !score.reaction.is_empty() {
                let _ = writeln!(out, "  客户：{}", score.reaction);
            }
        }
    }
    out
}

fn bar(score: f64) -> String {
    let filled = (score / 5.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled.min(20)))
}

/// The debrief: verdict, red lines with their rule, dimension bars, then every decision.
pub fn debrief_text(d: &Debrief) -> String {
    let mut out = String::new();
    let verdict = if d.passed {
        "通过 ✔"
    } else {
        "未通过 ✘"
    };
    let _ = writeln!(
        out,
        "\n════ 讲评：{}（种子 {}，角色 {}）════",
        d.title, d.seed, d.role
    );
    let _ = writeln!(
        out,
        "结果：{verdict}   总分 {:.1} / 100（及格线 {}）",
        d.total, d.pass_mark
    );
    if let Some(outcome) = d.outcome {
        let _ = writeln!(
            out,
            "客户结局：{}。{}",
            outcome.label(),
            d.outcome_reason(false)
        );
    }
    let _ = writeln!(
        out,
        "客户的信任 {} → {}，耐心 {} → {}",
        d.start.trust, d.trust, d.start.patience, d.patience
    );
    if !d.red_line_details.is_empty() {
        let _ = writeln!(out, "\n触犯红线（无论总分多少，本案例判为不通过）：");
        for hit in &d.red_line_details {
            let at = d
                .decisions
                .iter()
                .position(|x| x.step == hit.step)
                .map_or(0, |i| i + 1);
            let _ = writeln!(out, "  ✘ {}（第 {at} 步）", hit.title);
            let _ = writeln!(out, "    {}", hit.explanation);
        }
    }
    let _ = writeln!(out, "\n分项得分：");
    for dimension in Dimension::ALL {
        match d.dimensions.get(dimension) {
            Some(score) => {
                let _ = writeln!(
                    out,
                    "  {:<6} {} {:>5.1}",
                    dimension.label(),
                    bar(score),
                    score
                );
            }
            None => {
                let _ = writeln!(out, "  {:<6}（本角色不涉及）", dimension.label());
            }
        }
    }
    out.push_str(&referral_text(d));
    let _ = writeln!(out, "\n逐项讲评：");
    for (i, decision) in d.decisions.iter().enumerate() {
        let grade = decision.grade.map_or("", |g| g.label());
        let _ = writeln!(
            out,
            "{:>2}. [{}·{}] {}  {:.1}/{:.0} {grade}",
            i + 1,
            decision.role.label(),
            decision.dimension.label(),
            decision.prompt,
            decision.earned,
            decision.max
        );
        let _ = writeln!(out, "    你的选择：{}", decision.answer);
        let _ = writeln!(
            out,
            "    客户：信任 {}（{:+}），耐心 {}（{:+}）",
            decision.mood.trust,
            i64::from(decision.mood.trust) - i64::from(decision.before.trust),
            decision.mood.patience,
            i64::from(decision.mood.patience) - i64::from(decision.before.patience)
        );
        if !decision.thought.is_empty() {
            let _ = writeln!(out, "    客户心里想：{}", decision.thought);
        }
        for line in decision.violations.iter().chain(&decision.feedback) {
            let _ = writeln!(out, "    · {line}");
        }
        if let Some(rule) = &decision.rule {
            let _ = writeln!(out, "    规则：{rule}");
        }
    }
    out
}

/// The referral points (转介积分) of a run: whether the chain held, the outcome's share, and
/// each role's points with its part in the chain.
pub fn referral_text(d: &Debrief) -> String {
    let mut out = String::new();
    let points = &d.referral;
    if points.roles.is_empty() {
        return out;
    }
    let note = if points.note.is_empty() {
        String::new()
    } else {
        format!("（{}）", points.note)
    };
    let _ = writeln!(out, "\n转介积分{note}：");
    if points.held {
        let outcome = d.outcome.map_or("没有结局", |o| o.label());
        let _ = writeln!(
            out,
            "  推荐链完整；客户结局“{outcome}”，按 {}% 计{}",
            points.share,
            if points.on_site {
                "；客户由专人陪同，接收人现场接待"
            } else {
                ""
            }
        );
    } else {
        let why: Vec<&str> = points.broken.iter().map(|b| b.title.as_str()).collect();
        let _ = writeln!(
            out,
            "  推荐链断了（{}），本次谁都不计转介积分",
            why.join("；")
        );
    }
    let played = crate::playthrough::RoleChoice::from_label(&d.role);
    for role in &points.roles {
        let parts: Vec<&str> = role.parts.iter().map(|p| p.label()).collect();
        let model = if played.as_ref().is_some_and(|p| !p.plays(role.role)) {
            "，示范"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}（{}{model}） {:.1}",
            role.role.label(),
            parts.join("、"),
            role.points
        );
    }
    let _ = writeln!(out, "  合计 {:.1}", points.total);
    out
}
