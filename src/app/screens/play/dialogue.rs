//! The dialogue so far (narration, model answers, the trainee's own lines and the customer's
//! reactions) and, in practice mode, the feedback of the latest decision.

use bevy::prelude::*;

use crate::app::i18n::{Ui, fill};
use crate::app::session::Session;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::playthrough::Event;
use crate::scenario::model::Grade;
use crate::scoring::DecisionScore;

/// How much of the conversation stays on screen; older lines scroll away.
const SHOWN_EVENTS: usize = 40;

pub(super) fn spawn_dialogue(parent: &mut ChildSpawnerCommands, session: &Session, ui: &Ui) {
    let events = &session.playthrough.transcript().events;
    let scores = session.playthrough.scores();
    let mut decision = 0;
    let mut lines: Vec<(String, Color, Color)> = Vec::new();
    for event in events {
        match event {
            Event::StageEntered {
                role,
                title,
                played_by_trainee,
            } => {
                let who = fill(&ui.stage_banner, "role", ui.role(*role));
                let model = if *played_by_trainee {
                    ""
                } else {
                    ui.stage_model.as_str()
                };
                lines.push((format!("— {who}：{title}{model} —"), ACCENT, SURFACE_MUTED));
            }
            Event::Narration { text, .. } => lines.push((text.clone(), TEXT, SURFACE)),
            Event::ModelAnswer {
                role,
                text,
                reaction,
                ..
            } => {
                lines.push((
                    format!("〔{}·{}〕{text}", ui.role(*role), ui.model_answer),
                    TEXT_MUTED,
                    SURFACE_MUTED,
                ));
                if !reaction.is_empty() {
                    lines.push((format!("{}：{reaction}", ui.customer_says), TEXT, SURFACE));
                }
            }
            Event::Decision { .. } => {
                if let Some(score) = scores.get(decision) {
                    lines.push((
                        format!("【{}】{}", ui.role(score.role), score.answer),
                        ACCENT,
                        SELECTED,
                    ));
                    if !score.reaction.is_empty() {
                        lines.push((
                            format!("{}：{}", ui.customer_says, score.reaction),
                            TEXT,
                            SURFACE,
                        ));
                    }
                }
                decision += 1;
            }
            Event::Finished { .. } => {}
        }
    }
    let skip = lines.len().saturating_sub(SHOWN_EVENTS);
    parent
        .spawn((
            Name::new("Dialogue"),
            Node {
                flex_shrink: 1.0,
                max_height: percent(40),
                min_height: px(80),
                flex_direction: FlexDirection::Column,
                row_gap: px(6),
                overflow: Overflow::scroll_y(),
                ..default()
            },
            // start at the newest line
            ScrollPosition(Vec2::new(0.0, 1.0e6)),
        ))
        .with_children(|log| {
            for (text, colour, background) in lines.into_iter().skip(skip) {
                log.spawn((
                    Node {
                        padding: UiRect::axes(px(12), px(6)),
                        border_radius: BorderRadius::all(px(6)),
                        ..default()
                    },
                    BackgroundColor(background),
                    children![widget::text(text, FONT_BODY, colour)],
                ));
            }
        });
}

pub(super) fn spawn_feedback(
    parent: &mut ChildSpawnerCommands,
    score: &DecisionScore,
    session: &Session,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let red = !score.red_lines.is_empty();
    let (fg, bg) = match score.grade {
        _ if red => (DANGER, DANGER_BG),
        Some(Grade::Best) => (SUCCESS, SUCCESS_BG),
        Some(Grade::Acceptable) | None if score.is_full_marks() => (SUCCESS, SUCCESS_BG),
        Some(Grade::Acceptable | Grade::Weak) | None => (WARNING, WARNING_BG),
        _ => (DANGER, DANGER_BG),
    };
    let grade = score
        .grade
        .map(|g| ui.grade(g).to_owned())
        .unwrap_or_default();
    let catalogue = &session.playthrough.case().catalogue;
    parent
        .spawn((
            Name::new("Feedback"),
            Node {
                flex_direction: FlexDirection::Column,
                flex_shrink: 0.0,
                max_height: percent(30),
                overflow: Overflow::scroll_y(),
                padding: UiRect::all(px(12)),
                row_gap: px(4),
                border: UiRect::left(px(4)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(bg),
            BorderColor::all(fg),
        ))
        .with_children(|panel| {
            panel.spawn(widget::heading(
                format!(
                    "{} · {grade} {:.1}/{:.0}",
                    ui.feedback, score.earned, score.max
                ),
                FONT_BODY,
                &fonts.bold,
            ));
            // the customer's visible reaction: how much they now trust you and will wait
            panel.spawn(widget::text(
                ui.reactions.mood_after(score.before, score.mood),
                FONT_SMALL,
                TEXT_MUTED,
            ));
            for line in score.violations.iter().chain(&score.feedback) {
                panel.spawn(widget::text(format!("· {line}"), FONT_SMALL, TEXT));
            }
            for rule in score
                .red_lines
                .iter()
                .chain(score.rule.iter().filter(|_| !red))
            {
                if let Some(rule) = catalogue.rule(rule) {
                    panel.spawn(widget::text(
                        fill(
                            &ui.rule,
                            "rule",
                            format!("{}——{}", rule.title, rule.explanation),
                        ),
                        FONT_SMALL,
                        if red { DANGER } else { TEXT_MUTED },
                    ));
                }
            }
        });
}
