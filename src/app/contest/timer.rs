//! The group drill's timers for the projector (the seeds' 分组演练: a few minutes to prepare,
//! a short performance): the team on stage and its scene, the phase, the time left in large
//! type, and a flashing alarm when time is up. From here the team goes on stage to answer in
//! the app, or back to the scoreboard.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use bevy::winit::WinitSettings;

use super::active::{ActiveContest, StartTurn};
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::{Screen, screen_root};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{centred_column, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::app::ticking::{start_ticking, stop_ticking};
use crate::competition::{DrillClock, DrillPhase, Turn, clock_text};

/// The turn being timed and when its current phase started.
#[derive(Resource, Debug, Clone, Copy)]
pub struct DrillTimer {
    pub turn: Turn,
    phase: DrillPhase,
    started: Instant,
}

impl DrillTimer {
    /// A timer for `turn` starting with its preparation now.
    pub fn start(turn: Turn) -> DrillTimer {
        DrillTimer {
            turn,
            phase: DrillPhase::Preparation,
            started: Instant::now(),
        }
    }
}

#[derive(Component)]
struct PhaseLabel;

#[derive(Component)]
struct ClockLabel;

/// The panel that flashes when time is up.
#[derive(Component)]
struct ClockPanel;

#[derive(Component)]
struct OverLabel;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::DrillTimer), (spawn_timer, tick_while_shown))
        .add_systems(OnExit(Screen::DrillTimer), stop_ticking)
        .add_systems(
            Update,
            show_clock.run_if(in_state(Screen::DrillTimer).and_then(resource_exists::<DrillTimer>)),
        );
}

fn clock_now(timer: &DrillTimer, contest: &ActiveContest) -> DrillClock {
    let timers = contest.info.setup.timers;
    match timer.phase {
        // preparation runs on into the performance by itself
        DrillPhase::Preparation => timers.clock(timer.started, Instant::now()),
        DrillPhase::Performance => {
            timers.phase_clock(DrillPhase::Performance, timer.started, Instant::now())
        }
    }
}

fn phase_text(ui: &Ui, clock: &DrillClock) -> String {
    if clock.time_up {
        return ui.contest.timer_up.clone();
    }
    match clock.phase {
        DrillPhase::Preparation => ui.contest.timer_preparing.clone(),
        DrillPhase::Performance => ui.contest.timer_performing.clone(),
    }
}

fn spawn_timer(
    mut commands: Commands,
    timer: Option<Res<DrillTimer>>,
    contest: Option<Res<ActiveContest>>,
    library: Res<Library>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
) {
    let (Some(timer), Some(contest)) = (timer, contest) else {
        return;
    };
    let text = &ui.contest;
    let setup = &contest.info.setup;
    let case = setup
        .case_of(timer.turn)
        .and_then(|id| library.case(&id))
        .map(|c| c.scenario.title.clone())
        .unwrap_or_default();
    let title = fill(
        &fill(
            &text.timer_title,
            "team",
            &setup.teams[timer.turn.team].name,
        ),
        "case",
        case,
    );
    let clock = clock_now(&timer, &contest);
    let turn = timer.turn;
    let root = commands
        .spawn(screen_root("Drill timer screen", Screen::DrillTimer))
        .id();
    commands.entity(root).with_children(|parent| {
        spawn_header(parent, title, &ui, &fonts, Screen::Scoreboard, |_| {});
        parent
            .spawn(Node {
                padding: UiRect::all(px(24)),
                ..centred_column(px(GAP * 2.0))
            })
            .with_children(|body| {
                body.spawn((
                    ClockPanel,
                    Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        padding: UiRect::axes(vh(8.0), vh(2.0)),
                        border_radius: BorderRadius::all(px(RADIUS * 2.0)),
                        ..default()
                    },
                    BackgroundColor(SURFACE),
                ))
                .with_children(|panel| {
                    panel.spawn((
                        PhaseLabel,
                        Text::new(phase_text(&ui, &clock)),
                        TextFont {
                            font: fonts.bold.clone().into(),
                            font_size: FontSize::Vh(7.0),
                            ..default()
                        },
                        TextColor(TEXT),
                    ));
                    panel.spawn((
                        ClockLabel,
                        Text::new(clock_text(clock.remaining)),
                        TextFont {
                            font: fonts.bold.clone().into(),
                            font_size: FontSize::Vh(30.0),
                            ..default()
                        },
                        TextColor(TEXT),
                    ));
                    panel.spawn((
                        OverLabel,
                        Text::new(String::new()),
                        TextFont::from_font_size(FontSize::Vh(4.0)),
                        TextColor(DANGER),
                    ));
                });
                body.spawn(Node {
                    column_gap: px(GAP),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(widget::button(
                        text.timer_to_performance.clone(),
                        ButtonLook::Plain,
                    ))
                    .observe(
                        |_: On<Activate>, mut timer: ResMut<DrillTimer>| {
                            timer.phase = DrillPhase::Performance;
                            timer.started = Instant::now();
                        },
                    );
                    row.spawn(widget::button(
                        text.timer_restart.clone(),
                        ButtonLook::Plain,
                    ))
                    .observe(
                        |_: On<Activate>, mut timer: ResMut<DrillTimer>| {
                            *timer = DrillTimer::start(timer.turn);
                        },
                    );
                    row.spawn(widget::button(text.timer_play.clone(), ButtonLook::Primary))
                        .observe(
                            move |_: On<Activate>, mut start: MessageWriter<StartTurn>| {
                                start.write(StartTurn(turn));
                            },
                        );
                });
                body.spawn(widget::muted(text.timer_hint.clone()));
            });
    });
}

/// Every frame: the time left, the phase and, once time is up, the alarm flashing each half
/// second; only what changed is written.
#[expect(
    clippy::type_complexity,
    reason = "the phase and clock labels beside the time over"
)]
fn show_clock(
    timer: Res<DrillTimer>,
    contest: Option<Res<ActiveContest>>,
    ui: Res<Ui>,
    mut texts: ParamSet<(
        Query<
            (&mut Text, &mut TextColor, Has<PhaseLabel>),
            Or<(With<PhaseLabel>, With<ClockLabel>)>,
        >,
        Query<&mut Text, With<OverLabel>>,
    )>,
    mut panels: Query<&mut BackgroundColor, With<ClockPanel>>,
) {
    let Some(contest) = contest else {
        return;
    };
    let clock = clock_now(&timer, &contest);
    let flash = clock.time_up && (clock.over.as_millis() / 500).is_multiple_of(2);
    let (background, foreground) = if flash {
        (BANNER, HEADER_TEXT)
    } else if clock.time_up {
        (DANGER_BG, DANGER)
    } else {
        (SURFACE, TEXT)
    };
    for mut panel in &mut panels {
        panel.set_if_neq(BackgroundColor(background));
    }
    let phase = phase_text(&ui, &clock);
    let time = clock_text(clock.remaining);
    for (mut text, mut colour, is_phase) in &mut texts.p0() {
        let wanted = if is_phase { &phase } else { &time };
        if &text.0 != wanted {
            text.0 = wanted.clone();
        }
        colour.set_if_neq(TextColor(foreground));
    }
    let over_text = if clock.time_up {
        fill(
            &ui.contest.timer_over,
            "time",
            clock_text(clock.over.max(Duration::from_secs(1))),
        )
    } else {
        String::new()
    };
    for mut text in &mut texts.p1() {
        if text.0 != over_text {
            text.0 = over_text.clone();
        }
    }
}

/// The clock must redraw a few times a second even when nobody moves the mouse.
fn tick_while_shown(winit: Option<ResMut<WinitSettings>>, mut commands: Commands) {
    start_ticking(&mut commands, winit.map(Into::into));
}
