//! The head office's view (总行视图): every room's and branch's records read back from the
//! learning record store they all sync to, as `liandong report --from-lrs`: a leaderboard
//! across rooms and the rules most missed. The reading runs on a thread of its own (an LRS
//! may be slow or away); the screen says so until the answer comes.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use chrono::Utc;

use super::leaderboard::Period;
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, ScreenRoot, screen_root};
use crate::app::sync::{LrsSync, settings_hint};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::app::ticking::{start_ticking, stop_ticking};
use crate::lrs::report::{HeadOfficeReport, ReportFilter, build};
use crate::lrs::{LrsConfig, StatementQuery, SyncError, fetch_statements};
use crate::scenario::ids::RuleId;

/// The reading under way: its answer arrives through the channel.
#[derive(Resource)]
struct Reading(Mutex<Receiver<Result<HeadOfficeReport, SyncError>>>);

#[derive(Component)]
struct Content;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::HeadOffice), (spawn_frame, start_reading))
        .add_systems(OnExit(Screen::HeadOffice), (forget_reading, stop_ticking))
        .add_systems(
            Update,
            show_answer.run_if(in_state(Screen::HeadOffice).and_then(resource_exists::<Reading>)),
        );
}

fn spawn_frame(
    mut commands: Commands,
    roots: Query<(Entity, &ScreenRoot)>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    for (root, _) in roots.iter().filter(|(_, r)| r.0 == Screen::HeadOffice) {
        commands.entity(root).despawn();
    }
    let root = commands
        .spawn(screen_root("Head office screen", Screen::HeadOffice))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(
            parent,
            ui.head_office_title.clone(),
            &ui,
            &fonts,
            Screen::Leaderboard,
            |_| {},
        );
        parent.spawn(layout::body()).with_children(|body| {
            body.spawn((Content, layout::growing_column(1.0, px(0))))
                .with_children(|column| {
                    column.spawn(widget::body(ui.head_office_reading.clone()));
                });
        });
    });
}

/// Reads the store's statements of the period on a thread, and asks for a frame a quarter
/// second until the answer is shown.
fn start_reading(
    mut commands: Commands,
    sync: Res<LrsSync>,
    period: Res<Period>,
    winit: Option<ResMut<WinitSettings>>,
) {
    let (send, receive) = channel();
    let data_dir = sync.data_dir().cloned();
    let filter = ReportFilter {
        since: period
            .days()
            .map(|d| Utc::now() - chrono::Duration::days(d)),
        ..Default::default()
    };
    std::thread::spawn(move || {
        let config = match data_dir.map(|dir| LrsConfig::load(&dir)) {
            Some(Ok(Some(config))) => config,
            _ => {
                let _ = send.send(Err(SyncError::NotConfigured));
                return;
            }
        };
        let answer = fetch_statements(&config, &StatementQuery::default())
            .map(|statements| build(&statements, &filter));
        let _ = send.send(answer);
    });
    commands.insert_resource(Reading(Mutex::new(receive)));
    start_ticking(&mut commands, winit.map(Into::into));
}

fn forget_reading(mut commands: Commands) {
    commands.remove_resource::<Reading>();
}

fn show_answer(
    mut commands: Commands,
    reading: Res<Reading>,
    content: Query<Entity, With<Content>>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    let answer = match reading.0.lock().map(|r| r.try_recv()) {
        Ok(Ok(answer)) => answer,
        _ => return,
    };
    commands.remove_resource::<Reading>();
    let Ok(column) = content.single() else {
        return;
    };
    commands.entity(column).despawn_children();
    let catalogue = library.catalogue();
    commands
        .entity(column)
        .with_children(|column| match answer {
            Err(e) => {
                // reading loses nothing: say only what went wrong
                let why = ui.errors.sync_reason(&e, settings_hint(&ui));
                column.spawn(widget::text(why, FONT_BODY, DANGER));
            }
            Ok(report) if report.runs == 0 => {
                column.spawn(widget::body(ui.head_office_empty.clone()));
            }
            Ok(report) => {
                column.spawn(widget::muted(fill(
                    &fill(&ui.head_office_scope, "runs", report.runs),
                    "branches",
                    if report.branches.is_empty() {
                        "—".to_owned()
                    } else {
                        report.branches.join(&ui.leaderboard_separator)
                    },
                )));
                spawn_standings(column, &report, &ui);
                if !report.missed.is_empty() {
                    column.spawn(widget::heading(
                        ui.head_office_missed.clone(),
                        FONT_BODY,
                        &fonts.bold,
                    ));
                    for missed in report.missed.iter().take(8) {
                        let title = catalogue
                            .rule(&RuleId::from(missed.rule.as_str()))
                            .map_or_else(|| missed.rule.clone(), |r| r.title.clone());
                        column.spawn(widget::body(fill(
                            &fill(
                                &fill(&ui.head_office_rule, "rule", title),
                                "misses",
                                missed.misses,
                            ),
                            "runs",
                            missed.runs,
                        )));
                    }
                }
            }
        });
}

fn spawn_standings(column: &mut ChildSpawnerCommands, report: &HeadOfficeReport, ui: &Ui) {
    let start = JustifyContent::FlexStart;
    let end = JustifyContent::FlexEnd;
    let cells: [(f32, JustifyContent); 6] = [
        (56.0, start),
        (0.0, start),
        (80.0, end),
        (80.0, end),
        (80.0, end),
        (80.0, end),
    ];
    let row = |column: &mut ChildSpawnerCommands, values: [String; 6], header: bool| {
        column
            .spawn(layout::table_row(if header {
                BORDER
            } else {
                SURFACE_MUTED
            }))
            .with_children(|row| {
                for ((width, justify), value) in cells.iter().zip(values) {
                    let text = if header {
                        widget::text(value, FONT_SMALL, TEXT_MUTED)
                    } else {
                        widget::text(value, FONT_BODY, TEXT)
                    };
                    if *width == 0.0 {
                        row.spawn((layout::filling_cell(px(160.0)), children![text]));
                    } else {
                        row.spawn((layout::fixed_cell(px(*width), *justify), children![text]));
                    }
                }
            });
    };
    row(
        column,
        [
            ui.leaderboard_rank.clone(),
            ui.head_office_who.clone(),
            ui.head_office_runs.clone(),
            ui.head_office_average.clone(),
            ui.head_office_red_lines.clone(),
            ui.leaderboard_points.clone(),
        ],
        true,
    );
    for standing in &report.leaderboard {
        let who = [
            Some(standing.name.clone()),
            standing
                .staff_no
                .as_ref()
                .map(|n| fill(&ui.signed_in_staff_no, "n", n)),
            standing.branch.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        row(
            column,
            [
                standing.rank.to_string(),
                who,
                fill(
                    &fill(&ui.head_office_passed, "passed", standing.passed),
                    "runs",
                    standing.runs,
                ),
                format!("{:.1}", standing.average),
                standing.red_lines.to_string(),
                format!("{:.1}", standing.referral_points),
            ],
            false,
        );
    }
}
