//! The customer panel: an avatar drawn from the surname, what staff see on arrival, what the
//! system shows after the card is swiped, and the colleagues on duty.

use bevy::prelude::*;
use bevy::text::LineBreak;

use crate::app::i18n::{Ui, fill};
use crate::app::session::Session;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout;
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::scenario::variant::format_amount;

pub(super) fn spawn_customer_panel(
    parent: &mut ChildSpawnerCommands,
    session: &Session,
    ui: &Ui,
    fonts: &UiFonts,
    show_mood: bool,
) {
    let playthrough = &session.playthrough;
    let variant = playthrough.variant();
    let scenario = &playthrough.case().scenario;
    let customer = &scenario.customer;
    parent
        .spawn((
            Name::new("Customer panel"),
            layout::scrolling_column(percent(30), px(300)),
        ))
        .with_children(|panel| {
            panel
                .spawn(Node {
                    column_gap: px(12),
                    align_items: AlignItems::Center,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn((
                        Name::new("Avatar"),
                        Node {
                            width: px(56),
                            height: px(56),
                            border_radius: BorderRadius::MAX,
                            justify_content: JustifyContent::Center,
                            align_items: AlignItems::Center,
                            ..default()
                        },
                        BackgroundColor(ACCENT),
                        children![widget::text(
                            variant.customer_surname.clone(),
                            28.0,
                            HEADER_TEXT
                        )],
                    ));
                    row.spawn(Node {
                        flex_direction: FlexDirection::Column,
                        ..default()
                    })
                    .with_children(|who| {
                        who.spawn(widget::heading(
                            variant.customer_call.clone(),
                            FONT_HEADING,
                            &fonts.bold,
                        ));
                        who.spawn(widget::muted(format!(
                            "{} · {}",
                            fill(&ui.customer_age, "age", customer.age),
                            variant.render(&customer.occupation)
                        )));
                    });
                });
            if show_mood {
                mood_meters(panel, ui, fonts);
            }
            section(
                panel,
                &ui.arrival,
                customer.arrival.iter().map(|l| variant.render(l)).collect(),
                fonts,
            );
            let mut system = vec![
                customer.system.card.clone(),
                fill(&ui.balance, "amount", variant.render("{balance}")),
            ];
            system.extend(
                customer
                    .system
                    .transactions
                    .iter()
                    .map(|t| variant.render(t)),
            );
            section(panel, &ui.system_view, system, fonts);
            if let (Some(company), Some(drawn)) = (&customer.company, &variant.company) {
                let words = &ui.reactions;
                let mut lines = vec![
                    format!("{}（{}）", drawn.name, variant.render(&company.industry)),
                    format!(
                        "{}：{}",
                        variant.customer_call,
                        variant.render(&company.person)
                    ),
                    fill(
                        &words.company_turnover,
                        "amount",
                        format_amount(drawn.turnover),
                    ),
                ];
                if drawn.payroll > 0 {
                    lines.push(fill(&words.company_payroll, "n", drawn.payroll));
                }
                lines.extend(company.accounts.iter().map(|a| variant.render(a)));
                if !company.tier_note.trim().is_empty() {
                    lines.push(variant.render(&company.tier_note));
                }
                section(panel, &words.company, lines, fonts);
            }
            let staff = scenario
                .staff
                .iter()
                .map(|m| {
                    let name = variant.staff_names.get(&m.id).cloned().unwrap_or_default();
                    format!("{} · {name}", ui.role(m.role))
                })
                .collect();
            section(panel, &ui.staff_on_duty, staff, fonts);
        });
}

/// One of the customer's two meters: 0 trust, 1 patience.
#[derive(Component, Clone, Copy, PartialEq, Eq)]
pub(super) struct MoodFill(usize);

/// The number beside a meter.
#[derive(Component, Clone, Copy, PartialEq, Eq)]
pub(super) struct MoodValue(usize);

/// Practice only: the customer's trust and patience now, as two meters ([`update_mood`] moves
/// them after each answer).
fn mood_meters(panel: &mut ChildSpawnerCommands, ui: &Ui, fonts: &UiFonts) {
    let words = &ui.reactions;
    panel.spawn((
        widget::heading(words.mood_now.clone(), FONT_BODY, &fonts.bold),
        Node {
            margin: UiRect::top(px(4)),
            ..default()
        },
    ));
    for (meter, label) in [&words.trust, &words.patience].into_iter().enumerate() {
        panel.spawn((
            Node {
                column_gap: px(8),
                align_items: AlignItems::Center,
                ..default()
            },
            children![
                (
                    Node {
                        min_width: px(48),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![(
                        Text::new(label.clone()),
                        TextFont::from_font_size(FONT_SMALL),
                        TextColor(TEXT),
                        TextLayout::linebreak(LineBreak::NoWrap),
                    )],
                ),
                (
                    Node {
                        flex_grow: 1.0,
                        ..default()
                    },
                    children![(
                        Node {
                            width: percent(100),
                            height: px(10),
                            border_radius: BorderRadius::all(px(5)),
                            overflow: Overflow::clip(),
                            ..default()
                        },
                        BackgroundColor(BORDER),
                        children![(
                            MoodFill(meter),
                            Node {
                                width: percent(0),
                                height: percent(100),
                                ..default()
                            },
                            BackgroundColor(ACCENT),
                        )],
                    )],
                ),
                (MoodValue(meter), widget::text("", FONT_SMALL, TEXT)),
            ],
        ));
    }
}

/// Moves the meters to the customer's trust and patience now.
pub(super) fn update_mood(
    session: Res<Session>,
    mut fills: Query<(&MoodFill, &mut Node, &mut BackgroundColor)>,
    mut values: Query<(&MoodValue, &mut Text)>,
) {
    let mood = session.playthrough.mood();
    let value = |meter: usize| {
        if meter == 0 {
            mood.trust
        } else {
            mood.patience
        }
    };
    for (meter, mut node, mut colour) in &mut fills {
        let now = value(meter.0);
        let width = percent(now.min(100) as f32);
        if node.width != width {
            node.width = width;
        }
        let fill = match (now < 30, meter.0) {
            (true, _) => DANGER,
            (false, 0) => ACCENT,
            (false, _) => WARNING,
        };
        colour.set_if_neq(BackgroundColor(fill));
    }
    for (meter, mut text) in &mut values {
        let shown = value(meter.0).to_string();
        if text.0 != shown {
            text.0 = shown;
        }
    }
}

fn section(panel: &mut ChildSpawnerCommands, title: &str, lines: Vec<String>, fonts: &UiFonts) {
    panel.spawn((
        widget::heading(title.to_owned(), FONT_BODY, &fonts.bold),
        Node {
            margin: UiRect::top(px(8)),
            ..default()
        },
    ));
    for line in lines {
        panel.spawn(widget::text(format!("· {line}"), FONT_SMALL, TEXT));
    }
}
