//! The history screen: the signed-in trainee's score trend per dimension, their recent runs,
//! recent averages, the rules they miss most (错题集) and the case suggested next.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

mod advice;
mod chart;
mod table;

use advice::*;
use chart::*;
use table::*;

use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::Screen;
use crate::app::session::{PlayMode, StartCase, fresh_seed};
use crate::app::storage::{Storage, StorageProblem};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::spawn_header;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::RoleChoice;
use crate::progress::{History, RECENT_RUNS, Suggestion, dimension_share};
use crate::scenario::Case;
use crate::scoring::Dimension;
use crate::store::{RunFilter, RunSummary};

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

/// What the screen shows, read from the store once on entering it.
#[derive(Resource, Debug, Clone)]
pub struct HistoryView {
    pub trainee: String,
    /// `None` when there is no store or it could not be read.
    pub history: Option<History>,
    /// Why there is no history.
    pub problem: Option<StorageProblem>,
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
            Some(Err(e)) => (None, Some(StorageProblem::Failed(Arc::new(e)))),
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

pub(super) fn local_time(run: &RunSummary, format: &str) -> String {
    run.finished_at
        .with_timezone(&chrono::Local)
        .format(format)
        .to_string()
}
