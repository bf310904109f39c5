//! Plain-text rendering of transcripts and debriefs for the terminal, in the interface language:
//! roles, grades and dimensions by their names, rules by their titles, never an id.

use std::fmt::Write;

use super::{lang, tr, words};
use crate::lang::Lang;
use crate::playthrough::Event;
use crate::scenario::Case;
use crate::scenario::ids::{RuleId, StepId};
use crate::scenario::model::{Role, Step};
use crate::scoring::{ChainPart, CustomerMood, Debrief, DecisionScore, Dimension};

/// A rule by its title ("客户没问，不报余额"); a rule the catalogue lacks (a run saved with
/// another rules.ron) by a neutral phrase, not its id.
pub fn rule_title(case: &Case, rule: &RuleId) -> String {
    case.catalogue
        .rule(rule)
        .map(|r| r.title.clone())
        .unwrap_or_else(|| {
            tr!(
                "（规则目录里已没有这条规则）",
                "(a rule no longer in the catalogue)"
            )
        })
}

/// What kind of answer a step asks for, to tell a line said from a judgement or a form.
#[derive(Clone, Copy, PartialEq)]
enum Said {
    Line,
    Judgement,
    Card,
    Handoff,
    TrackingSheet,
    ReferralRecord,
    Meeting,
}

fn said_at(case: &Case, step: &StepId) -> Said {
    match case
        .graph
        .position(step)
        .map(|at| case.graph.step(&case.scenario, at))
    {
        Some(Step::Identify(_)) => Said::Judgement,
        Some(Step::ReferralCard(_)) => Said::Card,
        Some(Step::Handoff(_)) => Said::Handoff,
        Some(Step::TrackingSheet(_)) => Said::TrackingSheet,
        Some(Step::ReferralRecord(_)) => Said::ReferralRecord,
        Some(Step::MorningMeeting(_)) => Said::Meeting,
        _ => Said::Line,
    }
}

/// "【柜员】“…”" for a line said; "【柜员·判断】层级：…" for an identification (a note of the
/// trainee's judgement, not something said); "【柜员·转介卡】…" and "【柜员·交接】…" for what
/// was written or done. `model` marks an answer given by the model for a role not played.
fn answer_line(role: Role, said: Said, answer: &str, model: bool) -> String {
    let role = words().names.role(role);
    let (zh, en) = match said {
        Said::Line => ("", ""),
        Said::Judgement => ("·判断", " · judgement"),
        Said::Card => ("·转介卡", " · referral card"),
        Said::Handoff => ("·交接", " · handoff"),
        Said::TrackingSheet => ("·追踪表", " · tracking sheet"),
        Said::ReferralRecord => ("·推荐记录表", " · referral record"),
        Said::Meeting => ("·晨会", " · morning meeting"),
    };
    match (lang(), model) {
        (Lang::Zh, false) => format!("【{role}{zh}】{answer}"),
        (Lang::Zh, true) => format!("〔{role}{zh}·示范〕{answer}"),
        (Lang::En, false) => format!("[{role}{en}] {answer}"),
        (Lang::En, true) => format!("[{role}{en} · model] {answer}"),
    }
}

/// What the customer said or did in answer: the case text names who acts ("周先生有点尴尬：…"),
/// so it is set apart as narration, not labelled as the customer's words.
fn reaction_line(reaction: &str) -> String {
    format!("    ↳ {reaction}")
}

/// One transcript event as lines for the terminal; `None` for events shown elsewhere.
pub fn event_line(case: &Case, event: &Event) -> Option<String> {
    match event {
        Event::StageEntered {
            role,
            title,
            played_by_trainee,
        } => {
            let role = words().names.role(*role);
            Some(match (lang(), played_by_trainee) {
                (Lang::Zh, true) => format!("\n══ 现在由{role}接手：{title} ══"),
                (Lang::Zh, false) => format!("\n══ 现在由{role}接手：{title}（示范）══"),
                (Lang::En, true) => format!("\n══ {role} takes over: {title} ══"),
                (Lang::En, false) => {
                    format!("\n══ {role} takes over: {title} (model answers) ══")
                }
            })
        }
        Event::Narration { text, .. } => Some(format!("  {text}")),
        Event::ModelAnswer {
            step,
            role,
            text,
            reaction,
        } => {
            let said = answer_line(*role, said_at(case, step), text, true);
            Some(if reaction.is_empty() {
                format!("  {said}")
            } else {
                format!("  {said}\n{}", reaction_line(reaction))
            })
        }
        Event::Decision { .. } | Event::Finished { .. } => None,
    }
}

/// The transcript with the trainee's own decisions in place, as `liandong run` shows it.
pub fn transcript_text(case: &Case, events: &[Event], scores: &[DecisionScore]) -> String {
    let mut out = String::new();
    let mut decisions = scores.iter();
    for event in events {
        if let Some(line) = event_line(case, event) {
            let _ = writeln!(out, "{line}");
        } else if let (Event::Decision { .. }, Some(score)) = (event, decisions.next()) {
            let grade = score
                .grade
                .map_or(String::new(), |g| format!("{} ", words().names.grade(g)));
            let _ = writeln!(
                out,
                "  {}  → {grade}{:.1}/{:.0}",
                answer_line(score.role, said_at(case, &score.step), &score.answer, false),
                score.earned,
                score.max
            );
            if !score.reaction.is_empty() {
                let _ = writeln!(out, "{}", reaction_line(&score.reaction));
            }
        }
    }
    out
}

fn bar(score: f64) -> String {
    let filled = (score / 5.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled.min(20)))
}

/// Whether the step is one of those after the handoff, when the customer has left.
pub fn is_follow_up(case: &Case, step: &StepId) -> bool {
    case.graph
        .position(step)
        .is_some_and(|at| case.graph.step(&case.scenario, at).is_follow_up())
}

/// "信任 48（-12），耐心 60（-10）" / "trust 48 (-12), patience 60 (-10)".
pub fn mood_change(before: CustomerMood, after: CustomerMood) -> String {
    let trust = after.trust;
    let patience = after.patience;
    let dt = i64::from(after.trust) - i64::from(before.trust);
    let dp = i64::from(after.patience) - i64::from(before.patience);
    tr!(
        "信任 {trust}（{dt:+}），耐心 {patience}（{dp:+}）",
        "trust {trust} ({dt:+}), patience {patience} ({dp:+})"
    )
}

/// Terminal columns a text takes: two for a Chinese character, one for ASCII.
pub fn columns(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A text padded to `width` terminal columns, so what follows it lines up.
pub fn padded(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(columns(text))))
}

/// The debrief: verdict, red lines with their rule, dimension bars, then every decision.
pub fn debrief_text(case: &Case, d: &Debrief) -> String {
    let mut out = String::new();
    let title = &d.title;
    let seed = d.seed;
    let role = words().names.role_label(&d.role);
    let total = d.total;
    let pass_mark = d.pass_mark;
    let verdict = match (d.passed, lang()) {
        (true, Lang::Zh) => "通过 ✔",
        (false, Lang::Zh) => "未通过 ✘",
        (true, Lang::En) => "passed ✔",
        (false, Lang::En) => "not passed ✘",
    };
    let _ = writeln!(
        out,
        "\n{}",
        tr!(
            "════ 讲评：{title}（种子 {seed}，{role}）════",
            "════ Debrief: {title} (seed {seed}, {role}) ════"
        )
    );
    let _ = writeln!(
        out,
        "{}",
        tr!(
            "结果：{verdict}   总分 {total:.1} / 100（及格线 {pass_mark}）",
            "Result: {verdict}   total {total:.1} / 100 (pass mark {pass_mark})"
        )
    );
    if let Some(outcome) = d.outcome {
        let name = words().names.outcome(outcome);
        let reason = d.outcome_reason(lang() == Lang::En);
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "客户结局：{name}。{reason}",
                "How the customer left: {name}. {reason}"
            )
        );
    }
    let (t0, t1, p0, p1) = (d.start.trust, d.trust, d.start.patience, d.patience);
    let _ = writeln!(
        out,
        "{}",
        tr!(
            "客户的信任 {t0} → {t1}，耐心 {p0} → {p1}",
            "The customer's trust {t0} → {t1}, patience {p0} → {p1}"
        )
    );
    if !d.red_line_details.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            tr!(
                "触犯红线（无论总分多少，本案例判为不通过）：",
                "Red lines crossed (the case fails whatever the total):"
            )
        );
        for hit in &d.red_line_details {
            let at = d
                .decisions
                .iter()
                .position(|x| x.step == hit.step)
                .map_or(0, |i| i + 1);
            let title = if hit.title.is_empty() {
                rule_title(case, &hit.rule)
            } else {
                hit.title.clone()
            };
            let _ = writeln!(
                out,
                "  ✘ {}",
                tr!("{title}（第 {at} 步）", "{title} (decision {at})")
            );
            let _ = writeln!(out, "    {}", hit.explanation);
        }
    }
    let _ = writeln!(out, "\n{}", tr!("分项得分：", "Scores by dimension:"));
    for dimension in Dimension::ALL {
        let name = padded(words().names.dimension(dimension), 16);
        match d.dimensions.get(dimension) {
            Some(score) => {
                let _ = writeln!(out, "  {name} {} {score:>5.1}", bar(score));
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {name} {}",
                    tr!("（本角色不涉及）", "(not part of this role)")
                );
            }
        }
    }
    out.push_str(&referral_text(d));
    let _ = writeln!(out, "\n{}", tr!("逐项讲评：", "Decision by decision:"));
    for (i, decision) in d.decisions.iter().enumerate() {
        let grade = decision.grade.map_or("", |g| words().names.grade(g));
        let (role, dimension) = (
            words().names.role(decision.role),
            words().names.dimension(decision.dimension),
        );
        let head = match lang() {
            Lang::Zh => format!("[{role}·{dimension}]"),
            Lang::En => format!("[{role} · {dimension}]"),
        };
        let _ = writeln!(
            out,
            "{:>2}. {head} {}  {:.1}/{:.0} {grade}",
            i + 1,
            decision.prompt,
            decision.earned,
            decision.max
        );
        let answer = &decision.answer;
        let _ = writeln!(
            out,
            "    {}",
            tr!("你的选择：{answer}", "Your answer: {answer}")
        );
        // after the handoff the customer has left: the forms and the meeting move nobody
        let _ = (!is_follow_up(case, &decision.step)).then(|| {
            writeln!(
                out,
                "    {}",
                match lang() {
                    Lang::Zh => format!("客户的{}", mood_change(decision.before, decision.mood)),
                    Lang::En => format!(
                        "The customer's {}",
                        mood_change(decision.before, decision.mood)
                    ),
                }
            )
        });
        if !decision.thought.is_empty() {
            let thought = &decision.thought;
            let _ = writeln!(
                out,
                "    {}",
                tr!("客户心里想：{thought}", "The customer thought: {thought}")
            );
        }
        for line in decision.violations.iter().chain(&decision.feedback) {
            let _ = writeln!(out, "    · {line}");
        }
        if let Some(rule) = &decision.rule {
            let title = rule_title(case, rule);
            let _ = writeln!(out, "    {}", tr!("规则：{title}", "Rule: {title}"));
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
    let note = match (points.note.is_empty(), lang()) {
        (true, _) => String::new(),
        (false, Lang::Zh) => format!("（{}）", points.note),
        (false, Lang::En) => format!(" ({})", points.note),
    };
    let _ = writeln!(
        out,
        "\n{}",
        tr!("转介积分{note}：", "Referral points{note}:")
    );
    let share = points.share;
    if points.held {
        let outcome = d.outcome.map_or_else(
            || tr!("没有结局", "no ending"),
            |o| words().names.outcome(o).to_owned(),
        );
        let line = tr!(
            "推荐链完整；客户结局“{outcome}”，按 {share}% 计",
            "The chain held; the customer's ending “{outcome}” pays {share}%"
        );
        let on_site = if points.on_site {
            tr!(
                "；客户由专人陪同，接收人现场接待",
                "; the customer was walked over and received on site"
            )
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {line}{on_site}");
    } else {
        let why: Vec<&str> = points.broken.iter().map(|b| b.title.as_str()).collect();
        let why = why.join(match lang() {
            Lang::Zh => "；",
            Lang::En => "; ",
        });
        let _ = writeln!(
            out,
            "  {}",
            tr!(
                "推荐链断了（{why}），本次谁都不计转介积分",
                "The chain broke ({why}): nobody earns referral points this time"
            )
        );
    }
    let played = crate::playthrough::RoleChoice::from_label(&d.role);
    for role in &points.roles {
        let parts: Vec<String> = role.parts.iter().map(|p| chain_part(*p)).collect();
        let parts = words().names.list(parts.iter().map(String::as_str));
        let model = played.as_ref().is_some_and(|p| !p.plays(role.role));
        let (name, earned) = (words().names.role(role.role), role.points);
        let line = match (model, lang()) {
            (false, Lang::Zh) => format!("{name}（{parts}） {earned:.1}"),
            (true, Lang::Zh) => format!("{name}（{parts}，示范） {earned:.1}"),
            (false, Lang::En) => format!("{name} ({parts}) {earned:.1}"),
            (true, Lang::En) => format!("{name} ({parts}; model answers) {earned:.1}"),
        };
        let _ = writeln!(out, "  {line}");
    }
    let total = points.total;
    let _ = writeln!(out, "  {}", tr!("合计 {total:.1}", "Total {total:.1}"));
    out
}

/// A role's part in the referral chain: "推荐人" / "referrer".
fn chain_part(part: ChainPart) -> String {
    match part {
        ChainPart::Referrer => tr!("推荐人", "referrer"),
        ChainPart::Handover => tr!("交接人", "handover"),
        ChainPart::Receiver => tr!("接收人", "receiver"),
    }
}
