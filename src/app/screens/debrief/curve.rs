//! The customer's trust and patience after each decision, drawn as two lines over a 0–100
//! scale, with the decisions that crossed a red line marked by a red bar.

use bevy::prelude::*;

use crate::app::i18n::Ui;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::scoring::Debrief;

/// The plot's height in pixels; its width comes from the summary column's (see `plot_width`),
/// so the segments between points can be laid out here.
const HEIGHT: f32 = 120.0;
/// The narrowest plot: the summary column is never narrower than this plus its padding.
const MIN_WIDTH: f32 = 270.0;

/// The plot's width for a window `window_width` logical pixels wide: the summary column takes
/// 34 % of the body (16 px padding each side), less its own padding and the plot's margin.
pub(super) fn plot_width(window_width: f32) -> f32 {
    ((window_width - 32.0) * 0.34 - 50.0).clamp(MIN_WIDTH, 640.0)
}
const TRUST: Color = ACCENT;
const PATIENCE: Color = WARNING;

pub(super) fn mood_curve(
    parent: &mut ChildSpawnerCommands,
    d: &Debrief,
    ui: &Ui,
    fonts: &UiFonts,
    width: f32,
) {
    let words = &ui.reactions;
    parent.spawn(widget::heading(
        words.curve_title.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    parent
        .spawn(Node {
            column_gap: px(14),
            ..default()
        })
        .with_children(|legend| {
            for (label, colour) in [(&words.trust, TRUST), (&words.patience, PATIENCE)] {
                legend.spawn((
                    Node {
                        column_gap: px(6),
                        align_items: AlignItems::Center,
                        ..default()
                    },
                    children![
                        (
                            Node {
                                width: px(14),
                                height: px(4),
                                ..default()
                            },
                            BackgroundColor(colour),
                        ),
                        widget::text(label.clone(), FONT_SMALL, TEXT),
                    ],
                ));
            }
        });
    // the starting state, then the state after each decision
    let points: Vec<(u32, u32, bool)> = std::iter::once((d.start.trust, d.start.patience, false))
        .chain(
            d.decisions
                .iter()
                .map(|s| (s.mood.trust, s.mood.patience, !s.red_lines.is_empty())),
        )
        .collect();
    let step = width / (points.len().max(2) - 1) as f32;
    let at =
        |i: usize, value: u32| Vec2::new(i as f32 * step, HEIGHT * (1.0 - value as f32 / 100.0));
    parent
        .spawn((
            Name::new("Mood curve"),
            Node {
                width: px(width),
                height: px(HEIGHT),
                flex_shrink: 0.0,
                margin: UiRect::axes(px(6), px(6)),
                border: UiRect::left(px(1)).with_bottom(px(1)),
                ..default()
            },
            BorderColor::all(BORDER),
        ))
        .with_children(|plot| {
            // grid lines at 25, 50 and 75
            for level in [25, 50, 75] {
                plot.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        left: px(0),
                        top: px(at(0, level).y),
                        width: px(width),
                        height: px(1),
                        ..default()
                    },
                    BackgroundColor(SURFACE_MUTED.darker(0.04)),
                ));
            }
            for (i, (_, _, red)) in points.iter().enumerate() {
                if *red {
                    plot.spawn((
                        Node {
                            position_type: PositionType::Absolute,
                            left: px(at(i, 0).x - 3.0),
                            top: px(0),
                            width: px(6),
                            height: px(HEIGHT),
                            ..default()
                        },
                        BackgroundColor(DANGER.with_alpha(0.55)),
                    ));
                }
            }
            for (colour, value) in [
                (
                    PATIENCE,
                    (|p: &(u32, u32, bool)| p.1) as fn(&(u32, u32, bool)) -> u32,
                ),
                (TRUST, |p: &(u32, u32, bool)| p.0),
            ] {
                for (i, pair) in points.windows(2).enumerate() {
                    segment(
                        plot,
                        at(i, value(&pair[0])),
                        at(i + 1, value(&pair[1])),
                        colour,
                    );
                }
                for (i, point) in points.iter().enumerate() {
                    dot(plot, at(i, value(point)), colour);
                }
            }
        });
    parent.spawn(widget::text(
        words.curve_hint.clone(),
        FONT_SMALL,
        TEXT_MUTED,
    ));
}

/// A line from `a` to `b`: a thin node centred between them, turned to their angle.
fn segment(plot: &mut ChildSpawnerCommands, a: Vec2, b: Vec2, colour: Color) {
    let length = a.distance(b);
    let middle = (a + b) / 2.0;
    // y grows downwards on screen, so a positive angle turns clockwise, as UiTransform does
    let angle = (b.y - a.y).atan2(b.x - a.x);
    plot.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(middle.x - length / 2.0),
            top: px(middle.y - 1.5),
            width: px(length),
            height: px(3),
            ..default()
        },
        UiTransform::from_rotation(Rot2::radians(angle)),
        BackgroundColor(colour),
    ));
}

fn dot(plot: &mut ChildSpawnerCommands, at: Vec2, colour: Color) {
    plot.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(at.x - 4.0),
            top: px(at.y - 4.0),
            width: px(8),
            height: px(8),
            border_radius: BorderRadius::MAX,
            ..default()
        },
        BackgroundColor(colour),
    ));
}
