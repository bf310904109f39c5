//! The history screen: the signed-in trainee's score trend per dimension, their recent runs,
//! recent averages, the rules they miss most (错题集) and the case suggested next.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use serde::Deserialize;

use super::{Screen, spawn_header};
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::session::{PlayMode, StartCase, fresh_seed};
use crate::app::storage::Storage;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::RoleChoice;
use crate::progress::{History, RECENT_RUNS, Suggestion, dimension_share};
use crate::scenario::Case;
use crate::scoring::Dimension;
use crate::store::{RunFilter, RunSummary};

/// The history screen's interface text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryText {
    /// The header: "{name} 的学习记录".
    pub title: String,
    pub runs_count: String,
    pub no_store: String,
    pub no_database: String,
    pub empty_title: String,
    pub empty_hint: String,
    pub trend: String,
    pub recent_runs: String,
    pub col_time: String,
    pub col_case: String,
    pub col_role: String,
    pub col_total: String,
    pub col_result: String,
    pub col_red_lines: String,
    pub all_roles: String,
    pub role_separator: String,
    pub averages: String,
    pub weakest: String,
    pub not_played: String,
    pub missed: String,
    pub missed_hint: String,
    pub missed_none: String,
    pub misses: String,
    pub misses_red: String,
    pub suggestion: String,
    pub suggestion_none: String,
    pub start: String,
    pub reason_weak: String,
    pub reason_new: String,
    pub reason_failing: String,
    pub reason_passed: String,
    pub reason_first: String,
    pub reason_even: String,
    pub even_new: String,
    pub even_fewer: String,
}

/// Runs in the trend chart.
const CHART_RUNS: usize = 15;
/// Runs in the table.
const TABLE_RUNS: usize = 12;
/// Rules in the 错题集.
const MISSED_RULES: usize = 8;
const CHART_HEIGHT: f32 = 150.0;
/// The trend panel's largest height, bars included.
const CHART_MAX_HEIGHT: f32 = 420.0;
/// The width of the chart's 0/50/100 scale.
const SCALE_WIDTH: f32 = 36.0;
const FONT_TINY: f32 = 13.0;
/// The chart's faint 50 and 100 lines.
const GRID: Color = Color::srgb(0.918, 0.929, 0.945);

/// Widths of the table's fixed columns; the case title takes the rest.
const COL_TIME: f32 = 104.0;
const COL_ROLE: f32 = 120.0;
const COL_TOTAL: f32 = 52.0;
const COL_RESULT: f32 = 100.0;
const COL_RED: f32 = 64.0;

/// The colour of a dimension in the chart, its legend and the averages.
fn dimension_colour(dimension: Dimension) -> Color {
    match dimension {
        Dimension::Identification => ACCENT,
        Dimension::Script => SUCCESS,
        Dimension::Handoff => WARNING,
    }
}

/// What the screen shows, read from the store once on entering it.
#[derive(Resource, Debug, Clone)]
pub struct HistoryView {
    pub trainee: String,
    /// `None` when there is no store or it could not be read.
    pub history: Option<History>,
    /// Why there is no history.
    pub problem: Option<String>,
    /// Share of the suggested case's points in the suggested dimension (0–1).
    pub suggestion_share: Option<f64>,
}

impl HistoryView {
    /// Builds the signed-in trainee's history from the store and the library's playable cases.
    pub fn read(storage: &Storage, library: &Library) -> HistoryView {
        let trainee = storage.trainee_name().trim().to_owned();
        let cases: Vec<Arc<Case>> = library
            .reports
            .iter()
            .filter_map(|r| r.case.clone())
            .collect();
        let read = storage.with(|store| {
            let filter = RunFilter {
                trainee: Some(trainee.clone()),
                competition: None,
            };
            store
                .runs(&filter)
                .and_then(|runs| Ok((runs, store.broken_rules(&trainee)?)))
        });
        let (history, problem) = match read {
            Some(Ok((runs, broken))) => {
                let catalogue = cases
                    .first()
                    .map(|c| Arc::clone(&c.catalogue))
                    .unwrap_or_else(crate::scenario::bundled_catalogue);
                let history = History::build(&trainee, runs, broken, &catalogue, &cases);
                (Some(history), None)
            }
            Some(Err(e)) => (None, Some(e.to_string())),
            None => (None, storage.problem.clone()),
        };
        let suggestion_share = history
            .as_ref()
            .and_then(|h| h.suggestion.as_ref())
            .and_then(|s| {
                cases
                    .iter()
                    .find(|c| c.scenario.id == s.case_id)
                    .map(|c| dimension_share(c, s.dimension))
            });
        HistoryView {
            trainee,
            history,
            problem,
            suggestion_share,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::History), enter_history)
        .add_systems(OnExit(Screen::History), forget_history)
        .add_systems(
            Update,
            respawn_history.run_if(in_state(Screen::History).and_then(resource_changed::<Ui>)),
        );
}

#[derive(Component)]
struct HistoryRoot;

fn enter_history(
    mut commands: Commands,
    storage: Res<Storage>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    let view = HistoryView::read(&storage, &library);
    spawn_history(&mut commands, &view, &ui, &fonts);
    commands.insert_resource(view);
}

fn forget_history(mut commands: Commands) {
    commands.remove_resource::<HistoryView>();
}

fn respawn_history(
    mut commands: Commands,
    roots: Query<Entity, With<HistoryRoot>>,
    view: Option<Res<HistoryView>>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    let Some(view) = view else {
        return;
    };
    for root in &roots {
        commands.entity(root).despawn();
    }
    spawn_history(&mut commands, &view, &ui, &fonts);
}

fn spawn_history(commands: &mut Commands, view: &HistoryView, ui: &Ui, fonts: &UiFonts) {
    let text = &ui.history;
    let root = commands
        .spawn((
            Name::new("History screen"),
            HistoryRoot,
            DespawnOnExit(Screen::History),
            widget::screen_root(),
        ))
        .id();
    commands.entity(root).with_children(|parent| {
        let title = fill(&text.title, "name", &view.trainee);
        let count = view.history.as_ref().map(|h| h.runs.len());
        spawn_header(parent, title, ui, fonts, Screen::Title, |bar| {
            if let Some(n) = count {
                bar.spawn(widget::text(
                    fill(&text.runs_count, "n", n),
                    FONT_BODY,
                    HEADER_TEXT,
                ));
            }
        });
        let Some(history) = &view.history else {
            let reason = view.problem.clone().unwrap_or(text.no_database.clone());
            parent.spawn((
                Node {
                    padding: UiRect::all(px(32)),
                    ..default()
                },
                children![widget::text(
                    fill(&text.no_store, "reason", reason),
                    FONT_BODY,
                    DANGER
                )],
            ));
            return;
        };
        parent
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(16)),
                column_gap: px(16),
                ..default()
            })
            .with_children(|body| {
                body.spawn((
                    Name::new("History left column"),
                    Node {
                        flex_grow: 1.0,
                        flex_basis: px(0),
                        min_width: px(0),
                        flex_direction: FlexDirection::Column,
                        row_gap: px(16),
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                    ScrollPosition::default(),
                ))
                .with_children(|left| {
                    if history.runs.is_empty() {
                        empty_state(left, ui, fonts);
                    } else {
                        trend(left, &history.runs, ui, fonts);
                        recent_runs(left, &history.runs, ui, fonts);
                    }
                });
                body.spawn((
                    Name::new("History right column"),
                    Node {
                        width: percent(36),
                        min_width: px(340),
                        max_width: px(560),
                        flex_shrink: 0.0,
                        flex_direction: FlexDirection::Column,
                        row_gap: px(16),
                        overflow: Overflow::scroll_y(),
                        ..default()
                    },
                    ScrollPosition::default(),
                ))
                .with_children(|right| {
                    if !history.runs.is_empty() {
                        averages(right, history, ui, fonts);
                        missed(right, history, ui, fonts);
                    }
                    suggestion(right, view, history, ui, fonts);
                });
            });
    });
}

fn empty_state(left: &mut ChildSpawnerCommands, ui: &Ui, fonts: &UiFonts) {
    left.spawn(widget::panel_in(
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(32)),
            row_gap: px(12),
            ..default()
        },
        BORDER,
    ))
    .with_children(|panel| {
        panel.spawn(widget::heading(
            ui.history.empty_title.clone(),
            FONT_HEADING,
            &fonts.bold,
        ));
        panel.spawn(widget::body(ui.history.empty_hint.clone()));
    });
}

/// Three bars per run (one per dimension), oldest run left, with a legend and a 0/50/100 scale.
fn trend(left: &mut ChildSpawnerCommands, runs: &[RunSummary], ui: &Ui, fonts: &UiFonts) {
    let shown = &runs[runs.len().saturating_sub(CHART_RUNS)..];
    // the chart takes what the table leaves on a tall window
    let node = Node {
        flex_direction: FlexDirection::Column,
        flex_grow: 1.0,
        flex_shrink: 0.0,
        max_height: px(CHART_MAX_HEIGHT),
        padding: UiRect::all(px(16)),
        row_gap: px(10),
        ..default()
    };
    left.spawn((Name::new("Trend"), widget::panel_in(node, BORDER)))
        .with_children(|panel| {
            panel
                .spawn(Node {
                    justify_content: JustifyContent::SpaceBetween,
                    align_items: AlignItems::Center,
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: px(16),
                    row_gap: px(4),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(widget::heading(
                        fill(&ui.history.trend, "n", shown.len()),
                        FONT_BODY,
                        &fonts.bold,
                    ));
                    row.spawn(Node {
                        column_gap: px(14),
                        flex_wrap: FlexWrap::Wrap,
                        ..default()
                    })
                    .with_children(|legend| {
                        for dimension in Dimension::ALL {
                            legend.spawn((
                                Node {
                                    column_gap: px(6),
                                    align_items: AlignItems::Center,
                                    ..default()
                                },
                                children![
                                    (
                                        Node {
                                            width: px(12),
                                            height: px(12),
                                            border_radius: BorderRadius::all(px(2)),
                                            ..default()
                                        },
                                        BackgroundColor(dimension_colour(dimension)),
                                    ),
                                    widget::muted(ui.dimension(dimension).to_owned()),
                                ],
                            ));
                        }
                    });
                });
            panel
                .spawn(Node {
                    flex_grow: 1.0,
                    min_height: px(CHART_HEIGHT),
                    margin: UiRect::top(px(8)),
                    ..default()
                })
                .with_children(|chart| {
                    chart
                        .spawn(Node {
                            width: px(SCALE_WIDTH),
                            height: percent(100),
                            flex_shrink: 0.0,
                            ..default()
                        })
                        .with_children(|scale| {
                            for value in [0, 50, 100] {
                                // a zero-height box centred on the line; the label overflows it
                                scale.spawn((
                                    Node {
                                        position_type: PositionType::Absolute,
                                        bottom: percent(value),
                                        right: px(6),
                                        height: px(0),
                                        flex_direction: FlexDirection::Column,
                                        justify_content: JustifyContent::Center,
                                        ..default()
                                    },
                                    children![widget::text(
                                        value.to_string(),
                                        FONT_TINY,
                                        TEXT_MUTED
                                    )],
                                ));
                            }
                        });
                    chart
                        .spawn((
                            Node {
                                flex_grow: 1.0,
                                height: percent(100),
                                border: UiRect {
                                    left: px(1),
                                    bottom: px(1),
                                    ..default()
                                },
                                ..default()
                            },
                            BorderColor::all(BORDER),
                        ))
                        .with_children(|plot| {
                            for value in [50, 100] {
                                plot.spawn((
                                    Node {
                                        position_type: PositionType::Absolute,
                                        left: px(0),
                                        right: px(0),
                                        bottom: percent(value),
                                        height: px(1),
                                        ..default()
                                    },
                                    BackgroundColor(GRID),
                                ));
                            }
                            for run in shown {
                                plot.spawn(Node {
                                    flex_grow: 1.0,
                                    flex_basis: px(0),
                                    min_width: px(0),
                                    height: percent(100),
                                    align_items: AlignItems::FlexEnd,
                                    justify_content: JustifyContent::Center,
                                    column_gap: px(2),
                                    ..default()
                                })
                                .with_children(|group| {
                                    for dimension in Dimension::ALL {
                                        let score = run.dimensions.get(dimension);
                                        group.spawn((
                                            Node {
                                                width: percent(24),
                                                max_width: px(14),
                                                height: percent(
                                                    score.unwrap_or(0.0).clamp(0.0, 100.0) as f32,
                                                ),
                                                border_radius: BorderRadius::top(px(2)),
                                                ..default()
                                            },
                                            BackgroundColor(match score {
                                                Some(_) => dimension_colour(dimension),
                                                None => Color::NONE,
                                            }),
                                        ));
                                    }
                                });
                            }
                        });
                });
            panel
                .spawn(Node {
                    margin: UiRect::left(px(SCALE_WIDTH + 1.0)),
                    ..default()
                })
                .with_children(|dates| {
                    for run in shown {
                        dates.spawn((
                            Node {
                                flex_grow: 1.0,
                                flex_basis: px(0),
                                min_width: px(0),
                                justify_content: JustifyContent::Center,
                                ..default()
                            },
                            children![widget::text(
                                local_time(run, "%m-%d"),
                                FONT_TINY,
                                TEXT_MUTED
                            )],
                        ));
                    }
                });
        });
}

fn local_time(run: &RunSummary, format: &str) -> String {
    run.finished_at
        .with_timezone(&chrono::Local)
        .format(format)
        .to_string()
}

/// A fixed-width table cell.
fn cell(width: f32, justify: JustifyContent) -> Node {
    Node {
        width: px(width),
        flex_shrink: 0.0,
        justify_content: justify,
        align_items: AlignItems::Center,
        ..default()
    }
}

/// The case title's cell: whatever width the fixed columns leave.
fn title_cell() -> Node {
    Node {
        flex_grow: 1.0,
        flex_basis: px(0),
        min_width: px(0),
        ..default()
    }
}

fn table_row() -> Node {
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
fn recent_runs(left: &mut ChildSpawnerCommands, runs: &[RunSummary], ui: &Ui, fonts: &UiFonts) {
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
                    row.spawn((cell(COL_TIME, start), children![muted(&text.col_time)]));
                    row.spawn((title_cell(), children![muted(&text.col_case)]));
                    row.spawn((cell(COL_ROLE, start), children![muted(&text.col_role)]));
                    row.spawn((cell(COL_TOTAL, end), children![muted(&text.col_total)]));
                    row.spawn((cell(COL_RESULT, start), children![muted(&text.col_result)]));
                    row.spawn((cell(COL_RED, end), children![muted(&text.col_red_lines)]));
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

fn run_row(list: &mut ChildSpawnerCommands, run: &RunSummary, ui: &Ui, fonts: &UiFonts) {
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
                cell(COL_TIME, start),
                children![widget::text(
                    local_time(run, "%m-%d %H:%M"),
                    FONT_SMALL,
                    TEXT_MUTED
                )],
            ));
            row.spawn((
                title_cell(),
                children![widget::text(run.case_title.clone(), FONT_SMALL, TEXT)],
            ));
            row.spawn((
                cell(COL_ROLE, start),
                children![widget::text(role_label(&run.role, ui), FONT_SMALL, TEXT)],
            ));
            row.spawn((
                cell(COL_TOTAL, end),
                children![widget::heading(
                    format!("{:.1}", run.total),
                    FONT_SMALL,
                    &fonts.bold
                )],
            ));
            row.spawn((
                cell(COL_RESULT, start),
                children![widget::badge(result, fg, bg)],
            ));
            row.spawn((
                cell(COL_RED, end),
                children![widget::text(
                    run.red_line_count.to_string(),
                    FONT_SMALL,
                    red_colour
                )],
            ));
        });
}

/// The roles of a saved run in the interface language.
fn role_label(saved: &str, ui: &Ui) -> String {
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

/// The recent mean of each dimension as a meter; the weakest is highlighted.
fn averages(right: &mut ChildSpawnerCommands, history: &History, ui: &Ui, fonts: &UiFonts) {
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
                            cell(COL_TOTAL, JustifyContent::FlexEnd),
                            children![widget::heading(value, FONT_BODY, &fonts.bold)],
                        ));
                    });
            }
        });
}

/// The 错题集: the rules missed most, with how often and the rule's explanation.
fn missed(right: &mut ChildSpawnerCommands, history: &History, ui: &Ui, fonts: &UiFonts) {
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
fn suggestion(
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
                        });
                    },
                );
        });
}

/// Why the case is suggested, in the interface language: the core's reason (`Suggestion::reason`,
/// Chinese only) told from the same facts.
fn reason(next: &Suggestion, history: &History, share: Option<f64>, ui: &Ui) -> String {
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
