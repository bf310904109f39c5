//! The history screen: the signed-in trainee's score trend per dimension, their recent runs,
//! recent averages, the rules they miss most (错题集) and the case suggested next.

use bevy::prelude::*;

mod advice;
mod chart;
mod table;
mod view;

use advice::*;
use chart::*;
use table::*;
pub use view::HistoryView;

use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::storage::Storage;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::History), enter_history)
        .add_systems(OnExit(Screen::History), forget_history)
        .add_systems(
            Update,
            respawn_history.run_if(in_state(Screen::History).and_then(resource_changed::<Ui>)),
        );
}

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
    roots: Query<(Entity, &ScreenRoot)>,
    view: Option<Res<HistoryView>>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    let Some(view) = view else {
        return;
    };
    for (root, _) in roots.iter().filter(|(_, shown)| shown.0 == Screen::History) {
        commands.entity(root).despawn();
    }
    spawn_history(&mut commands, &view, &ui, &fonts);
}

fn spawn_history(commands: &mut Commands, view: &HistoryView, ui: &Ui, fonts: &UiFonts) {
    let text = &ui.history;
    let root = commands
        .spawn(screen_root("History screen", Screen::History))
        .id();
    commands.entity(root).with_children(|parent| {
        let title = fill(&text.title, "name", ui.person(&view.trainee));
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
            let reason = view
                .problem
                .as_ref()
                .map_or(text.no_database.clone(), |p| p.text(ui));
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
        parent.spawn(layout::body()).with_children(|body| {
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
                if history.runs.is_empty() && history.contest_turns.is_empty() {
                    empty_state(left, ui, fonts);
                } else {
                    if !history.runs.is_empty() {
                        trend(left, &history.runs, ui, fonts);
                        recent_runs(left, &history.runs, ui, fonts);
                    }
                    contest_turns(left, &history.contest_turns, ui, fonts);
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
