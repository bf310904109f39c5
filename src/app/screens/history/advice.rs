//! The right column: recent averages, the 错题集 and the suggested next case with its reason.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use super::chart::dimension_colour;
use super::view::*;
use crate::app::i18n::{Ui, fill};
use crate::app::session::{PlayMode, StartCase, fresh_seed};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::fixed_cell;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::RoleChoice;
use crate::progress::{History, RECENT_RUNS, Suggestion};

/// The recent mean of each dimension as a meter; the weakest is highlighted.
pub(super) fn averages(
    right: &mut ChildSpawnerCommands,
    history: &History,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.history;
    let n = history.runs.len().min(RECENT_RUNS);
    let node = Node {
        flex_direction: FlexDirection::Column,
        flex_shrink: 0.0,
        padding: UiRect::all(px(16)),
        row_gap: px(6),
        ..default()
    };
    right
        .spawn((Name::new("Averages"), widget::panel_in(node, BORDER)))
        .with_children(|panel| {
            panel.spawn(widget::heading(
                fill(&text.averages, "n", n),
                FONT_BODY,
                &fonts.bold,
            ));
            for (dimension, mean) in &history.recent {
                let weakest = history.weakest == Some(*dimension);
                let value = mean.map_or(text.not_played.clone(), |m| format!("{m:.1}"));
                panel
                    .spawn((
                        Node {
                            column_gap: px(10),
                            align_items: AlignItems::Center,
                            padding: UiRect::axes(px(8), px(5)),
                            border_radius: BorderRadius::all(px(RADIUS)),
                            ..default()
                        },
                        BackgroundColor(if weakest { WARNING_BG } else { Color::NONE }),
                    ))
                    .with_children(|row| {
                        row.spawn(Node {
                            width: percent(40),
                            flex_shrink: 0.0,
                            flex_wrap: FlexWrap::Wrap,
                            column_gap: px(6),
                            row_gap: px(2),
                            align_items: AlignItems::Center,
                            ..default()
                        })
                        .with_children(|label| {
                            let name = ui.dimension(*dimension).to_owned();
                            if weakest {
                                label.spawn(widget::heading(name, FONT_BODY, &fonts.bold));
                                label.spawn(widget::badge(
                                    text.weakest.clone(),
                                    HEADER_TEXT,
                                    WARNING,
                                ));
                            } else {
                                label.spawn(widget::body(name));
                            }
                        });
                        row.spawn(Node {
                            flex_grow: 1.0,
                            min_width: px(0),
                            ..default()
                        })
                        .with_children(|bar| {
                            bar.spawn(widget::meter(
                                mean.unwrap_or(0.0) as f32 / 100.0,
                                dimension_colour(*dimension),
                                12.0,
                            ));
                        });
                        row.spawn((
                            fixed_cell(px(COL_TOTAL), JustifyContent::FlexEnd),
                            children![widget::heading(value, FONT_BODY, &fonts.bold)],
                        ));
                    });
            }
        });
}

/// The 错题集: the rules missed most, with how often and the rule's explanation.
pub(super) fn missed(
    right: &mut ChildSpawnerCommands,
    history: &History,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.history;
    let node = Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(16)),
        row_gap: px(6),
        min_height: px(160),
        flex_shrink: 1.0,
        ..default()
    };
    right
        .spawn((Name::new("Missed rules"), widget::panel_in(node, BORDER)))
        .with_children(|panel| {
            panel.spawn(widget::heading(text.missed.clone(), FONT_BODY, &fonts.bold));
            if history.missed.is_empty() {
                panel.spawn(widget::muted(text.missed_none.clone()));
                return;
            }
            panel.spawn(widget::muted(text.missed_hint.clone()));
            panel
                .spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(10),
                        min_height: px(0),
                        flex_shrink: 1.0,
                        margin: UiRect::top(px(4)),
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                    ScrollPosition::default(),
                ))
                .with_children(|list| {
                    for rule in history.missed.iter().take(MISSED_RULES) {
                        let edge = if rule.red_lines > 0 { DANGER } else { WARNING };
                        list.spawn((
                            Node {
                                flex_direction: FlexDirection::Column,
                                flex_shrink: 0.0,
                                row_gap: px(2),
                                padding: UiRect::left(px(10)),
                                border: UiRect::left(px(3)),
                                ..default()
                            },
                            BorderColor::all(edge),
                        ))
                        .with_children(|item| {
                            item.spawn(Node {
                                column_gap: px(8),
                                align_items: AlignItems::FlexStart,
                                ..default()
                            })
                            .with_children(|row| {
                                row.spawn((
                                    Node {
                                        flex_grow: 1.0,
                                        flex_basis: px(0),
                                        min_width: px(0),
                                        ..default()
                                    },
                                    children![widget::heading(
                                        rule.title.clone(),
                                        FONT_BODY,
                                        &fonts.bold
                                    )],
                                ));
                                row.spawn(widget::badge(
                                    fill(&text.misses, "n", rule.misses),
                                    WARNING,
                                    WARNING_BG,
                                ));
                            });
                            if rule.red_lines > 0 {
                                item.spawn(widget::text(
                                    fill(&text.misses_red, "n", rule.red_lines),
                                    FONT_SMALL,
                                    DANGER,
                                ));
                            }
                            if !rule.explanation.is_empty() {
                                item.spawn(widget::muted(rule.explanation.clone()));
                            }
                        });
                    }
                });
        });
}

/// The case suggested next, why, and a button that starts it in practice mode.
pub(super) fn suggestion(
    right: &mut ChildSpawnerCommands,
    view: &HistoryView,
    history: &History,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.history;
    let node = Node {
        flex_direction: FlexDirection::Column,
        flex_shrink: 0.0,
        padding: UiRect::all(px(16)),
        row_gap: px(10),
        ..default()
    };
    right
        .spawn((Name::new("Suggestion"), widget::panel_in(node, ACCENT)))
        .with_children(|panel| {
            panel.spawn(widget::text(text.suggestion.clone(), FONT_BODY, ACCENT));
            let Some(next) = &history.suggestion else {
                panel.spawn(widget::muted(text.suggestion_none.clone()));
                return;
            };
            panel.spawn(widget::heading(
                next.title.clone(),
                FONT_HEADING,
                &fonts.bold,
            ));
            panel.spawn(widget::text(
                reason(next, history, view.suggestion_share, ui),
                FONT_SMALL,
                TEXT,
            ));
            let case_id = next.case_id.clone();
            panel
                .spawn(widget::button_in(
                    text.start.clone(),
                    ButtonLook::Primary,
                    Node {
                        align_self: AlignSelf::FlexStart,
                        padding: UiRect::axes(px(24), px(10)),
                        justify_content: JustifyContent::Center,
                        align_items: AlignItems::Center,
                        ..default()
                    },
                ))
                .observe(
                    move |_: On<Activate>,
                          mut mode: ResMut<PlayMode>,
                          mut start: MessageWriter<StartCase>| {
                        *mode = PlayMode::Practice;
                        start.write(StartCase {
                            case_id: case_id.clone(),
                            role: RoleChoice::All,
                            seed: fresh_seed(),
                            from: None,
                            decision_limit_ms: None,
                            contest: None,
                        });
                    },
                );
        });
}

/// Why the case is suggested, in the interface language: the core's reason (`Suggestion::reason`,
/// Chinese only) told from the same facts.
pub(super) fn reason(next: &Suggestion, history: &History, share: Option<f64>, ui: &Ui) -> String {
    let text = &ui.history;
    let share = (share.unwrap_or(0.0) * 100.0).round();
    let dimension = ui.dimension(next.dimension);
    let attempts = history
        .runs
        .iter()
        .filter(|r| r.case_id == next.case_id)
        .count();
    let mean = history.weakest.and_then(|weakest| {
        history
            .recent
            .iter()
            .find(|(d, _)| *d == weakest)
            .and_then(|(_, m)| *m)
    });
    let Some(mean) = mean else {
        let template = if history.runs.is_empty() {
            &text.reason_first
        } else {
            &text.reason_even
        };
        let which = if attempts == 0 {
            &text.even_new
        } else {
            &text.even_fewer
        };
        let reason = fill(template, "share", share);
        let reason = fill(&reason, "which", which);
        return fill(&reason, "dimension", dimension);
    };
    let passed = history
        .runs
        .iter()
        .any(|r| r.case_id == next.case_id && r.passed);
    let more = match (passed, attempts) {
        (_, 0) => text.reason_new.clone(),
        (false, n) => fill(&text.reason_failing, "n", n),
        (true, n) => fill(&text.reason_passed, "n", n),
    };
    let reason = fill(&text.reason_weak, "n", history.runs.len().min(RECENT_RUNS));
    let reason = fill(&reason, "dimension", dimension);
    let reason = fill(&reason, "mean", mean);
    let reason = fill(&reason, "share", share);
    fill(&reason, "more", more)
}
