//! The trainer's case review (案例点评): every decision of the case with the model answer and
//! its rule, what each team (or run) chose with the most common wrong choice marked, and the red
//! lines crossed. Opened from the scoreboard and the podium for a contest, and from the role
//! screen for every run of a case; read from the store once on entering, like
//! `liandong review`.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, screen_root};
use crate::app::storage::Storage;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::review::{CaseReview, DecisionReview, Which, build};

/// Which runs to review and where the screen goes back to; set by whoever opens it.
#[derive(Resource, Debug, Clone)]
pub struct ReviewRequest {
    pub which: Which,
    pub back: Screen,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Review), spawn_review)
        .add_systems(Update, go_back_on_escape.run_if(in_state(Screen::Review)));
}

/// Opens the review of `which`, coming back to `back`.
pub fn open_review(
    commands: &mut Commands,
    next: &mut NextState<Screen>,
    which: Which,
    back: Screen,
) {
    commands.insert_resource(ReviewRequest { which, back });
    next.set(Screen::Review);
}

fn go_back_on_escape(
    keys: Res<ButtonInput<KeyCode>>,
    request: Option<Res<ReviewRequest>>,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(request.map_or(Screen::Title, |r| r.back));
    }
}

fn spawn_review(
    mut commands: Commands,
    request: Option<Res<ReviewRequest>>,
    storage: Res<Storage>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    let Some(request) = request else {
        return;
    };
    let text = &ui.review;
    let cases = library.playable();
    let gathered = storage
        .with(|store| build(store, &cases, &request.which, &ui.names))
        .map(|r| r.map_err(|e| ui.errors.review(&e)))
        .unwrap_or_else(|| {
            Err(storage
                .problem
                .as_ref()
                .map_or_else(|| ui.no_store.clone(), |p| p.text(&ui)))
        });
    let name = match (&request.which, &gathered) {
        (Which::Competition(name), _) => name.clone(),
        (Which::Case { .. }, Ok(g)) => g
            .report
            .sections
            .first()
            .map_or_else(String::new, |s| s.review.title.clone()),
        (Which::Case { id, .. }, Err(_)) => library
            .case(id)
            .map_or_else(|| id.clone(), |c| c.scenario.title.clone()),
    };
    let contest = matches!(request.which, Which::Competition(_));
    let back = request.back;
    let root = commands
        .spawn(screen_root("Review screen", Screen::Review))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(
            parent,
            fill(&text.title, "name", &name),
            &ui,
            &fonts,
            back,
            |_| {},
        );
        parent.spawn(layout::body()).with_children(|body| {
            body.spawn(layout::growing_column(1.0, px(0)))
                .with_children(|column| match &gathered {
                    Err(why) => {
                        column.spawn(widget::body(why.clone()));
                    }
                    Ok(gathered) => {
                        for left_out in &gathered.left_out {
                            column.spawn(widget::text(
                                ui.errors.left_out(left_out),
                                FONT_SMALL,
                                WARNING,
                            ));
                        }
                        for section in &gathered.report.sections {
                            let heading = match section.round {
                                Some(n) => {
                                    fill(&fill(&text.round, "n", n), "case", &section.review.title)
                                }
                                None => section.review.title.clone(),
                            };
                            spawn_section(column, &heading, &section.review, contest, &ui, &fonts);
                        }
                    }
                });
        });
    });
}

fn spawn_section(
    column: &mut ChildSpawnerCommands,
    heading: &str,
    review: &CaseReview,
    contest: bool,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.review;
    let who = |names: &[String]| names.join(&text.separator);
    column
        .spawn(Node {
            column_gap: px(GAP),
            align_items: AlignItems::Baseline,
            flex_shrink: 0.0,
            ..default()
        })
        .with_children(|row| {
            row.spawn(widget::heading(
                heading.to_owned(),
                FONT_HEADING,
                &fonts.bold,
            ));
            let count = if contest { &text.teams } else { &text.runs };
            row.spawn(widget::muted(fill(count, "n", review.runs.len())));
        });
    if !review.other_version.is_empty() {
        column.spawn(widget::muted(fill(
            &text.other_version,
            "who",
            who(&review.other_version),
        )));
    }
    if !review.unreadable.is_empty() {
        column.spawn(widget::muted(fill(
            &text.unreadable,
            "who",
            who(&review.unreadable),
        )));
    }
    for decision in &review.decisions {
        spawn_decision(column, decision, contest, ui, fonts);
    }
}

/// One decision as a card: the question, the model answer and its rule, then every choice made
/// with who made it; the most common wrong one on amber, red lines in red.
fn spawn_decision(
    column: &mut ChildSpawnerCommands,
    decision: &DecisionReview,
    contest: bool,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let text = &ui.review;
    let who = |names: &[String]| names.join(&text.separator);
    let border = if decision.red_lines.is_empty() {
        BORDER
    } else {
        DANGER
    };
    let card = Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(12)),
        row_gap: px(6),
        flex_shrink: 0.0,
        ..default()
    };
    column
        .spawn(widget::panel_in(card, border))
        .with_children(|card| {
            let heading = fill(
                &fill(
                    &fill(&text.decision, "n", decision.number),
                    "role",
                    &decision.role_label,
                ),
                "dimension",
                &decision.dimension_label,
            );
            card.spawn(widget::heading(heading, FONT_BODY, &fonts.bold));
            card.spawn(widget::muted(decision.prompt.clone()));
            card.spawn(widget::text(
                fill(&text.model, "answer", &decision.model.answer),
                FONT_SMALL,
                SUCCESS,
            ));
            if let Some(rule) = &decision.model.rule_title {
                card.spawn(widget::muted(fill(&text.rule, "rule", rule)));
            }
            card.spawn(widget::text(
                if contest {
                    &text.chose_teams
                } else {
                    &text.chose_runs
                }
                .clone(),
                FONT_SMALL,
                TEXT,
            ));
            for (i, choice) in decision.choices.iter().enumerate() {
                let wrong_most = decision.most_common_wrong == Some(i);
                let (mark, colour) = match (choice.full_marks, choice.red_lines.is_empty()) {
                    (true, _) => (widget::TICK, SUCCESS),
                    (false, true) => ("×", WARNING),
                    (false, false) => ("×", DANGER),
                };
                let background = if wrong_most {
                    WARNING_BG
                } else {
                    SURFACE_MUTED
                };
                let count = fill(
                    if contest {
                        &text.count_teams
                    } else {
                        &text.count_runs
                    },
                    "n",
                    choice.count,
                );
                let grade = if choice.grade_label.is_empty() {
                    format!("{:.1}/{:.0}", choice.earned, choice.max)
                } else {
                    choice.grade_label.clone()
                };
                card.spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::axes(px(10), px(6)),
                        row_gap: px(2),
                        border_radius: BorderRadius::all(px(RADIUS)),
                        ..default()
                    },
                    BackgroundColor(background),
                ))
                .with_children(|row| {
                    row.spawn(widget::text(
                        format!("{mark} {count} · {grade}  {}", choice.answer),
                        FONT_SMALL,
                        colour,
                    ));
                    if wrong_most {
                        row.spawn(widget::text(
                            text.most_common_wrong.clone(),
                            FONT_SMALL,
                            WARNING,
                        ));
                    }
                    if let Some(rule) = &choice.rule_title {
                        row.spawn(widget::muted(fill(&text.rule, "rule", rule)));
                    }
                    row.spawn(widget::muted(who(&choice.who)));
                });
            }
            for red in &decision.red_lines {
                card.spawn(widget::text(
                    fill(
                        &fill(&text.red_line, "rule", &red.title),
                        "who",
                        who(&red.who),
                    ),
                    FONT_SMALL,
                    DANGER,
                ));
            }
            if !decision.not_reached.is_empty() {
                card.spawn(widget::muted(fill(
                    &text.not_reached,
                    "who",
                    who(&decision.not_reached),
                )));
            }
        });
}

/// A button that opens the review of `which` and comes back to `back`.
pub fn review_button(
    parent: &mut ChildSpawnerCommands,
    ui: &Ui,
    which: Which,
    back: Screen,
    look: widget::ButtonLook,
) {
    parent
        .spawn(widget::button(ui.review.open.clone(), look))
        .observe(
            move |_: On<Activate>, mut commands: Commands, mut next: ResMut<NextState<Screen>>| {
                open_review(&mut commands, &mut next, which.clone(), back);
            },
        );
}
