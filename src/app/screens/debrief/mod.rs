//! The debrief: pass or fail, red lines with their rule, the three dimensions as a chart,
//! every decision with its grade and feedback, and "again" or "a new customer". It opens with
//! how the customer left and why, and the customer's trust and patience over the decisions.

mod curve;
mod points;

use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::{Lang, Language, Ui, fill};
use crate::app::screen::{Screen, screen_root};
use crate::app::session::{Session, StartCase, fresh_seed};
use crate::app::storage::{RunSaved, save_finished_runs};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::RoleChoice;
use crate::scenario::Catalogue;
use crate::scenario::model::Outcome;
use crate::scoring::{Debrief, Dimension};

/// The debrief shown last, kept for tests and for the screenshot run.
#[derive(Resource, Debug, Clone)]
pub struct LastDebrief(pub Debrief);

/// Whether the run just finished was saved, and under whose name, as storage answered.
#[derive(Resource, Debug, Clone, Default)]
pub struct SaveNote(pub Option<RunSaved>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SaveNote>()
        .add_systems(
            Update,
            note_saved_run
                .after(save_finished_runs)
                .run_if(on_message::<RunSaved>),
        )
        .add_systems(OnEnter(Screen::Debrief), spawn_debrief);
}

fn note_saved_run(mut saved: MessageReader<RunSaved>, mut note: ResMut<SaveNote>) {
    if let Some(run) = saved.read().last() {
        note.0 = Some(run.clone());
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system takes what it reads as arguments"
)]
fn spawn_debrief(
    mut commands: Commands,
    session: Option<Res<Session>>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    save: Res<SaveNote>,
    language: Res<Language>,
    window: Option<Single<&Window>>,
    scale: Res<UiScale>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(session) = session else {
        next.set(Screen::Library);
        return;
    };
    let debrief = session.playthrough.debrief();
    commands.insert_resource(LastDebrief(debrief.clone()));
    let case_id = session.case_id().to_owned();
    let role = session.playthrough.role().clone();
    let seed = debrief.seed;
    let catalogue = Arc::clone(&session.playthrough.case().catalogue);
    let root = commands
        .spawn(screen_root("Debrief screen", Screen::Debrief))
        .id();
    commands.entity(root).with_children(|parent| {
        parent
            .spawn(widget::header_bar(debrief.title.clone(), &fonts.bold))
            .with_children(|bar| {
                let saved = match &save.0 {
                    Some(RunSaved {
                        outcome: Ok(_),
                        saved_as,
                        ..
                    }) => fill(&ui.saved, "name", ui.person(saved_as)),
                    Some(RunSaved {
                        outcome: Err(reason),
                        ..
                    }) => fill(&ui.not_saved, "reason", reason.text(&ui)),
                    None => String::new(),
                };
                bar.spawn(widget::text(saved, FONT_SMALL, HEADER_TEXT));
                bar.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                again_buttons(bar, &ui, &case_id, &role, seed);
            });
        parent.spawn(layout::body()).with_children(|body| {
            body.spawn(layout::scrolling_column(percent(34), px(320)))
                .with_children(|summary| {
                    outcome(summary, &debrief, &ui, language.0, &fonts);
                    let window_width =
                        window.as_ref().map_or(1280.0, |w| w.width()) / scale.0.max(0.1);
                    let width = curve::plot_width(window_width);
                    curve::mood_curve(summary, &debrief, &ui, &fonts, width);
                    verdict(summary, &debrief, &ui, &fonts);
                    points::referral_points(summary, &debrief, &ui, &fonts);
                });
            body.spawn((
                Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(10),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ScrollPosition::default(),
            ))
            .with_children(|list| decisions(list, &debrief, &catalogue, &ui, &fonts));
        });
    });
}

fn again_buttons(
    bar: &mut ChildSpawnerCommands,
    ui: &Ui,
    case_id: &str,
    role: &RoleChoice,
    seed: u64,
) {
    for (label, same) in [
        (ui.again_same.clone(), true),
        (ui.new_variant.clone(), false),
    ] {
        let case_id = case_id.to_owned();
        let role = role.clone();
        bar.spawn(widget::button(label, ButtonLook::Plain)).observe(
            move |_: On<Activate>, mut start: MessageWriter<StartCase>| {
                start.write(StartCase {
                    case_id: case_id.clone(),
                    role: role.clone(),
                    seed: if same { seed } else { fresh_seed() },
                    from: None,
                    decision_limit_ms: None,
                    contest: None,
                });
            },
        );
    }
    bar.spawn(widget::button(ui.to_library.clone(), ButtonLook::Primary))
        .observe(|_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Library));
}

/// How the customer left, in large type, and why, in a sentence.
fn outcome(summary: &mut ChildSpawnerCommands, d: &Debrief, ui: &Ui, lang: Lang, fonts: &UiFonts) {
    let words = &ui.reactions;
    let (headline, colour, background) = match d.outcome {
        Some(o) if o.is_success() => (ui.outcome(o).to_owned(), SUCCESS, SUCCESS_BG),
        Some(o @ Outcome::ContactKept) => (ui.outcome(o).to_owned(), WARNING, WARNING_BG),
        Some(o) => (ui.outcome(o).to_owned(), DANGER, DANGER_BG),
        None => (words.no_outcome.clone(), TEXT_MUTED, SURFACE_MUTED),
    };
    summary
        .spawn((
            Name::new("Outcome"),
            Node {
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(12)),
                row_gap: px(4),
                border: UiRect::left(px(4)),
                border_radius: BorderRadius::all(px(RADIUS)),
                ..default()
            },
            BackgroundColor(background),
            BorderColor::all(colour),
        ))
        .with_children(|block| {
            block.spawn(widget::muted(words.outcome_title.clone()));
            block.spawn(widget::heading(headline, FONT_HEADING, &fonts.bold));
            let reason = d.outcome_reason(lang == Lang::En);
            if !reason.is_empty() {
                block.spawn(widget::text(reason, FONT_SMALL, TEXT));
            }
        });
}

fn verdict(summary: &mut ChildSpawnerCommands, d: &Debrief, ui: &Ui, fonts: &UiFonts) {
    let (label, fg, bg) = if d.passed {
        (&ui.passed, SUCCESS, SUCCESS_BG)
    } else {
        (&ui.failed, DANGER, DANGER_BG)
    };
    summary.spawn((
        Node {
            padding: UiRect::all(px(12)),
            border_radius: BorderRadius::all(px(RADIUS)),
            column_gap: px(16),
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(bg),
        children![
            widget::text(label.clone(), FONT_TITLE, fg),
            (
                Node {
                    flex_direction: FlexDirection::Column,
                    ..default()
                },
                children![
                    widget::heading(
                        format!("{} {:.1}", ui.total, d.total),
                        FONT_HEADING,
                        &fonts.bold
                    ),
                    widget::muted(fill(&ui.pass_mark, "n", d.pass_mark)),
                ],
            ),
        ],
    ));
    if !d.red_line_details.is_empty() {
        summary.spawn(widget::text(ui.red_lines.clone(), FONT_BODY, DANGER));
        for hit in &d.red_line_details {
            summary.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::all(px(8)),
                    border: UiRect::left(px(4)),
                    ..default()
                },
                BorderColor::all(DANGER),
                BackgroundColor(DANGER_BG),
                children![
                    widget::heading(
                        format!(
                            "{}（{}）",
                            hit.title,
                            fill(
                                &ui.step,
                                "n",
                                d.decisions
                                    .iter()
                                    .position(|x| x.step == hit.step)
                                    .map_or(0, |i| i + 1)
                            )
                        ),
                        FONT_BODY,
                        &fonts.bold
                    ),
                    widget::text(hit.explanation.clone(), FONT_SMALL, TEXT),
                ],
            ));
        }
    }
    for dimension in Dimension::ALL {
        let score = d.dimensions.get(dimension);
        let value = score.map_or(ui.not_assessed.clone(), |s| format!("{s:.1}"));
        let colour = match score {
            Some(s) if s >= 80.0 => SUCCESS,
            Some(s) if s >= 60.0 => WARNING,
            _ => DANGER,
        };
        summary.spawn((
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                ..default()
            },
            children![
                (
                    Node {
                        justify_content: JustifyContent::SpaceBetween,
                        ..default()
                    },
                    children![
                        widget::body(ui.dimension(dimension).to_owned()),
                        widget::body(value)
                    ],
                ),
                widget::meter(score.unwrap_or(0.0) as f32 / 100.0, colour, 14.0),
            ],
        ));
    }
}

fn decisions(
    list: &mut ChildSpawnerCommands,
    d: &Debrief,
    catalogue: &Catalogue,
    ui: &Ui,
    fonts: &UiFonts,
) {
    list.spawn(widget::heading(
        ui.decisions.clone(),
        FONT_HEADING,
        &fonts.bold,
    ));
    for (i, decision) in d.decisions.iter().enumerate() {
        let grade = decision
            .grade
            .map(|g| ui.grade(g).to_owned())
            .unwrap_or_default();
        let red = !decision.red_lines.is_empty();
        let border = if red {
            DANGER
        } else if decision.is_full_marks() {
            SUCCESS
        } else {
            WARNING
        };
        let node = Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(12)),
            row_gap: px(4),
            ..default()
        };
        list.spawn(widget::panel_in(node, border))
            .with_children(|card| {
                card.spawn(widget::heading(
                    [
                        ("n", (i + 1).to_string()),
                        ("role", ui.role(decision.role).to_string()),
                        ("dimension", ui.dimension(decision.dimension).to_string()),
                        ("grade", grade.to_string()),
                        ("earned", format!("{:.1}", decision.earned)),
                        ("max", format!("{:.0}", decision.max)),
                    ]
                    .iter()
                    .fold(ui.decision_heading.clone(), |text, (key, value)| {
                        fill(&text, key, value)
                    }),
                    FONT_BODY,
                    &fonts.bold,
                ));
                card.spawn(widget::muted(decision.prompt.clone()));
                card.spawn(widget::text(
                    fill(&ui.your_answer, "answer", &decision.answer),
                    FONT_SMALL,
                    TEXT,
                ));
                // perspective replay: what the customer made of it, said and unsaid
                card.spawn(widget::text(
                    ui.reactions.mood_after(decision.before, decision.mood),
                    FONT_SMALL,
                    TEXT_MUTED,
                ));
                if !decision.thought.is_empty() {
                    card.spawn((
                        Node {
                            padding: UiRect::axes(px(8), px(4)),
                            border: UiRect::left(px(3)),
                            ..default()
                        },
                        BorderColor::all(ACCENT),
                        BackgroundColor(SURFACE_MUTED),
                        children![widget::text(
                            fill(&ui.reactions.thought, "thought", &decision.thought),
                            FONT_SMALL,
                            ACCENT_PRESSED,
                        )],
                    ));
                }
                for line in decision.violations.iter().chain(&decision.feedback) {
                    card.spawn(widget::text(format!("· {line}"), FONT_SMALL, TEXT));
                }
                if let Some(rule) = decision.rule.as_ref().and_then(|r| catalogue.rule(r)) {
                    card.spawn(widget::text(
                        fill(&ui.rule, "rule", &rule.title),
                        FONT_SMALL,
                        TEXT_MUTED,
                    ));
                }
            });
    }
}
