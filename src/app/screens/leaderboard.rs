//! The trainees' leaderboard (排行榜) of referral points over a period: this week, this month
//! or every run, practice and contest turns alike, as `liandong leaderboard`. Read from the
//! store on entering and when the period changes.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use chrono::{Duration, Utc};

use crate::app::i18n::{Names, Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::storage::Storage;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::leaderboard::{Leaderboard, leaderboard};
use crate::store::RunFilter;

/// The period the leaderboard covers.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    Week,
    #[default]
    Month,
    All,
}

impl Period {
    pub(super) fn days(self) -> Option<i64> {
        match self {
            Period::Week => Some(7),
            Period::Month => Some(30),
            Period::All => None,
        }
    }

    fn label(self, ui: &Ui) -> &str {
        match self {
            Period::Week => &ui.leaderboard_week,
            Period::Month => &ui.leaderboard_month,
            Period::All => &ui.leaderboard_all,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Period>().add_systems(
        Update,
        spawn_leaderboard.run_if(
            in_state(Screen::Leaderboard).and_then(
                state_changed::<Screen>
                    .or_eager(resource_changed::<Period>)
                    .or_eager(resource_changed::<Ui>),
            ),
        ),
    );
}

fn read(
    storage: &Storage,
    library: &Library,
    period: Period,
    names: &Names,
) -> Option<Leaderboard> {
    let since = period.days().map(|d| Utc::now() - Duration::days(d));
    let catalogue = library.catalogue();
    let runs = storage
        .with(|store| store.runs(&RunFilter::default()))?
        .ok()?;
    Some(leaderboard(
        &runs,
        since,
        &catalogue.referral_table().note,
        names,
    ))
}

fn spawn_leaderboard(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    storage: Res<Storage>,
    library: Res<Library>,
    period: Res<Period>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    for (root, _) in roots.iter().filter(|(_, r)| r.0 == Screen::Leaderboard) {
        commands.entity(root).despawn();
    }
    let board = read(&storage, &library, *period, &ui.names);
    let root = commands
        .spawn(screen_root("Leaderboard screen", Screen::Leaderboard))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(
            parent,
            ui.leaderboard_title.clone(),
            &ui,
            &fonts,
            Screen::Title,
            |bar| {
                for choice in [Period::Week, Period::Month, Period::All] {
                    let look = if choice == *period {
                        ButtonLook::Selected
                    } else {
                        ButtonLook::Plain
                    };
                    bar.spawn(widget::button(choice.label(&ui).to_owned(), look))
                        .observe(move |_: On<Activate>, mut period: ResMut<Period>| {
                            *period = choice;
                        });
                }
                // every room's records, from the learning record store they sync to
                bar.spawn(widget::button(
                    ui.head_office_open.clone(),
                    ButtonLook::Plain,
                ))
                .observe(
                    |_: On<Activate>, mut next: ResMut<NextState<Screen>>| {
                        next.set(Screen::HeadOffice)
                    },
                );
            },
        );
        parent.spawn(layout::body()).with_children(|body| {
            body.spawn(layout::growing_column(1.0, px(0)))
                .with_children(|column| match &board {
                    None => {
                        column.spawn(widget::body(
                            storage
                                .problem_text(&ui)
                                .unwrap_or_else(|| ui.no_store.clone()),
                        ));
                    }
                    Some(board) if board.rows.is_empty() => {
                        column.spawn(widget::body(ui.leaderboard_empty.clone()));
                    }
                    Some(board) => spawn_rows(column, board, &ui, &fonts),
                });
        });
    });
}

fn spawn_rows(column: &mut ChildSpawnerCommands, board: &Leaderboard, ui: &Ui, fonts: &UiFonts) {
    let start = JustifyContent::FlexStart;
    let end = JustifyContent::FlexEnd;
    column
        .spawn(layout::table_row(BORDER))
        .with_children(|row| {
            row.spawn((
                layout::fixed_cell(px(64.0), start),
                children![widget::muted(ui.leaderboard_rank.clone())],
            ));
            row.spawn((
                layout::filling_cell(px(120.0)),
                children![widget::muted(ui.leaderboard_trainee.clone())],
            ));
            row.spawn((
                layout::fixed_cell(px(120.0), end),
                children![widget::muted(ui.leaderboard_points.clone())],
            ));
            row.spawn((
                layout::fixed_cell(px(96.0), end),
                children![widget::muted(ui.leaderboard_runs.clone())],
            ));
        });
    for line in &board.rows {
        let roles: Vec<String> = line
            .roles
            .iter()
            .map(|r| {
                fill(
                    &fill(&ui.leaderboard_role, "role", ui.role(r.role)),
                    "points",
                    format!("{:.1}", r.points),
                )
            })
            .collect();
        column
            .spawn(layout::table_row(SURFACE_MUTED))
            .with_children(|row| {
                row.spawn((
                    layout::fixed_cell(px(64.0), start),
                    children![widget::heading(
                        line.rank.to_string(),
                        FONT_BODY,
                        &fonts.bold
                    )],
                ));
                row.spawn((
                    layout::filling_cell(px(120.0)),
                    children![(
                        Node {
                            flex_direction: FlexDirection::Column,
                            ..default()
                        },
                        children![
                            widget::heading(line.trainee.clone(), FONT_BODY, &fonts.bold),
                            widget::muted(roles.join(&ui.leaderboard_separator)),
                        ]
                    )],
                ));
                row.spawn((
                    layout::fixed_cell(px(120.0), end),
                    children![widget::heading(
                        format!("{:.1}", line.points),
                        FONT_HEADING,
                        &fonts.bold
                    )],
                ));
                row.spawn((
                    layout::fixed_cell(px(96.0), end),
                    children![widget::body(line.runs.to_string())],
                ));
            });
    }
    if !board.note.is_empty() {
        column.spawn((
            widget::muted(board.note.clone()),
            Node {
                margin: UiRect::top(px(12)),
                ..default()
            },
        ));
    }
}
