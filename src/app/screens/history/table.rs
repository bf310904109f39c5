//! The table of recent runs.

use bevy::prelude::*;

use super::view::*;
use crate::app::i18n::{Ui, fill};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{filling_cell, fixed_cell};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self};
use crate::playthrough::RoleChoice;
use crate::store::{MemberTurn, RunSummary};

pub(super) fn table_row() -> Node {
    Node {
        column_gap: px(12),
        padding: UiRect::axes(px(4), px(6)),
        align_items: AlignItems::Center,
        border: UiRect::bottom(px(1)),
        flex_shrink: 0.0,
        ..default()
    }
}

/// The latest runs, newest first.
pub(super) fn recent_runs(
    left: &mut ChildSpawnerCommands,
    runs: &[RunSummary],
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.history;
    let node = Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(16)),
        row_gap: px(6),
        min_height: px(180),
        flex_shrink: 1.0,
        ..default()
    };
    left.spawn((Name::new("Recent runs"), widget::panel_in(node, BORDER)))
        .with_children(|panel| {
            panel.spawn(widget::heading(
                text.recent_runs.clone(),
                FONT_BODY,
                &fonts.bold,
            ));
            let muted = |label: &String| widget::text(label.clone(), FONT_SMALL, TEXT_MUTED);
            panel
                .spawn((table_row(), BorderColor::all(BORDER)))
                .with_children(|row| {
                    let start = JustifyContent::FlexStart;
                    let end = JustifyContent::FlexEnd;
                    row.spawn((
                        fixed_cell(px(COL_TIME), start),
                        children![muted(&text.col_time)],
                    ));
                    row.spawn((filling_cell(px(0)), children![muted(&text.col_case)]));
                    row.spawn((
                        fixed_cell(px(COL_ROLE), start),
                        children![muted(&text.col_role)],
                    ));
                    row.spawn((
                        fixed_cell(px(COL_TOTAL), end),
                        children![muted(&text.col_total)],
                    ));
                    row.spawn((
                        fixed_cell(px(COL_RESULT), start),
                        children![muted(&text.col_result)],
                    ));
                    row.spawn((
                        fixed_cell(px(COL_RED), end),
                        children![muted(&text.col_red_lines)],
                    ));
                    row.spawn((
                        fixed_cell(px(COL_POINTS), end),
                        children![muted(&text.col_points)],
                    ));
                });
            panel
                .spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        min_height: px(0),
                        flex_shrink: 1.0,
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                    ScrollPosition::default(),
                ))
                .with_children(|list| {
                    for run in runs.iter().rev().take(TABLE_RUNS) {
                        run_row(list, run, ui, fonts);
                    }
                });
        });
}

pub(super) fn run_row(list: &mut ChildSpawnerCommands, run: &RunSummary, ui: &Ui, fonts: &UiFonts) {
    let (result, fg, bg) = if run.passed {
        (ui.passed.clone(), SUCCESS, SUCCESS_BG)
    } else {
        (ui.failed.clone(), DANGER, DANGER_BG)
    };
    let red_colour = if run.red_line_count > 0 {
        DANGER
    } else {
        TEXT_MUTED
    };
    list.spawn((table_row(), BorderColor::all(SURFACE_MUTED)))
        .with_children(|row| {
            let start = JustifyContent::FlexStart;
            let end = JustifyContent::FlexEnd;
            row.spawn((
                fixed_cell(px(COL_TIME), start),
                children![widget::text(
                    local_time(run, "%m-%d %H:%M"),
                    FONT_SMALL,
                    TEXT_MUTED
                )],
            ));
            row.spawn((
                filling_cell(px(0)),
                children![widget::text(run.case_title.clone(), FONT_SMALL, TEXT)],
            ));
            row.spawn((
                fixed_cell(px(COL_ROLE), start),
                children![widget::text(role_label(&run.role, ui), FONT_SMALL, TEXT)],
            ));
            row.spawn((
                fixed_cell(px(COL_TOTAL), end),
                children![widget::heading(
                    format!("{:.1}", run.total),
                    FONT_SMALL,
                    &fonts.bold
                )],
            ));
            row.spawn((
                fixed_cell(px(COL_RESULT), start),
                children![widget::badge(result, fg, bg)],
            ));
            row.spawn((
                fixed_cell(px(COL_RED), end),
                children![widget::text(
                    run.red_line_count.to_string(),
                    FONT_SMALL,
                    red_colour
                )],
            ));
            // the referral points the trainee's roles earned in this run
            let points: f64 = run.referral.iter().map(|(_, p)| p).sum();
            row.spawn((
                fixed_cell(px(COL_POINTS), end),
                children![widget::text(format!("{points:.1}"), FONT_SMALL, TEXT)],
            ));
        });
}

/// The contest turns in which the trainee acted a role, newest first, with each role's score.
pub(super) fn contest_turns(
    left: &mut ChildSpawnerCommands,
    turns: &[MemberTurn],
    ui: &Ui,
    fonts: &UiFonts,
) {
    if turns.is_empty() {
        return;
    }
    let text = &ui.history;
    left.spawn((Name::new("Contest turns"), widget::panel()))
        .with_children(|panel| {
            panel.spawn(widget::heading(
                text.contest_turns.clone(),
                FONT_BODY,
                &fonts.bold,
            ));
            for turn in turns.iter().rev() {
                let when = turn
                    .finished_at
                    .with_timezone(&chrono::Local)
                    .format("%m-%d %H:%M")
                    .to_string();
                let heading = fill(
                    &fill(
                        &fill(
                            &fill(&text.contest_turn, "when", when),
                            "contest",
                            &turn.competition,
                        ),
                        "team",
                        &turn.team,
                    ),
                    "case",
                    &turn.case_title,
                );
                panel.spawn(widget::text(heading, FONT_SMALL, TEXT_MUTED));
                let roles: Vec<String> = turn
                    .roles
                    .iter()
                    .map(|r| {
                        fill(
                            &fill(&text.contest_role, "role", ui.role(r.role)),
                            "score",
                            r.percent()
                                .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}")),
                        )
                    })
                    .collect();
                let mut line = roles.join(&text.role_separator);
                if turn.red_lines > 0 {
                    line = fill(&fill(&text.contest_red, "roles", line), "n", turn.red_lines);
                }
                panel.spawn(widget::text(
                    line,
                    FONT_SMALL,
                    if turn.red_lines > 0 { DANGER } else { TEXT },
                ));
            }
        });
}

/// The roles of a saved run in the interface language.
pub(super) fn role_label(saved: &str, ui: &Ui) -> String {
    match RoleChoice::from_label(saved) {
        Some(RoleChoice::All) => ui.history.all_roles.clone(),
        Some(RoleChoice::Only(roles)) => roles
            .iter()
            .map(|r| ui.role(*r).to_owned())
            .collect::<Vec<_>>()
            .join(&ui.history.role_separator),
        None => saved.to_owned(),
    }
}
