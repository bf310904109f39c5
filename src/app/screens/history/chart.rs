//! The trend chart: a group of three bars per run, one per dimension.

use bevy::prelude::*;

use super::view::*;
use crate::app::i18n::{Ui, fill};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self};
use crate::scoring::Dimension;
use crate::store::RunSummary;

/// The colour of a dimension in the chart, its legend and the averages.
pub(super) fn dimension_colour(dimension: Dimension) -> Color {
    match dimension {
        Dimension::Identification => ACCENT,
        Dimension::Script => SUCCESS,
        Dimension::Handoff => WARNING,
    }
}

/// Three bars per run (one per dimension), oldest run left, with a legend and a 0/50/100 scale.
pub(super) fn trend(
    left: &mut ChildSpawnerCommands,
    runs: &[RunSummary],
    ui: &Ui,
    fonts: &UiFonts,
) {
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
                    // a day's date once, under its first run; later runs that day by their time
                    let mut previous_day = None;
                    for run in shown {
                        let day = local_time(run, "%m-%d");
                        let label = if previous_day.as_ref() == Some(&day) {
                            local_time(run, "%H:%M")
                        } else {
                            day.clone()
                        };
                        previous_day = Some(day);
                        dates.spawn((
                            Node {
                                flex_grow: 1.0,
                                flex_basis: px(0),
                                min_width: px(0),
                                justify_content: JustifyContent::Center,
                                ..default()
                            },
                            children![widget::text(label, FONT_TINY, TEXT_MUTED)],
                        ));
                    }
                });
        });
}
