//! `--autopilot latency`: clicks through the app as a trainee and a trainer would and times
//! each click from the input to the frame on screen that shows its result.
//!
//! **Input.** Each click is real pointer input: the harness writes the window events winit
//! would write for a mouse (`CursorMoved` to the centre of the button, then the left button
//! pressed and, in a later frame, released), and Bevy's picking turns them into hover, press
//! and click exactly as for a hand on a mouse. The harness checks that the pointer really is
//! over the intended button (its `Hovered`) before pressing. The events are handed to the app
//! at the start of a frame, before picking reads input, as winit hands over what came while
//! the app waited.
//!
//! **Frames.** The app runs as the windowed app does (`WinitSettings::desktop_app`): a frame
//! only when an event comes or when it asks for one (`RequestRedraw`), and at the latest every
//! 5 s, not continuously. The harness starts each of its frames with a winit user event, sent
//! once the frame before has been presented, so a click finds the render thread idle, as after
//! a pause. From the click's release until its change shows, the harness starts no frame: a
//! change that needs a frame after the click's own waits, as in the windowed app with the mouse
//! held still, for a frame the app asks for or for winit's next timed one (up to 5 s).
//! `frames` in the report counts the frames from the click's to the one that settled.
//!
//! **What is timed.** From the moment the button release is injected to the moment the frame
//! that shows the expected change has been rendered and presented (`present` returned on the
//! render thread): with pipelined rendering the frame is rendered on the render thread after
//! the main thread's update that applied the change, so the figure is that update plus that
//! frame's rendering. "Shows the change" is checked on the laid-out interface after
//! `PostUpdate` (a chip with its new look, the new screen's root laid out and the old one gone,
//! the chosen line in the dialogue, the new points on the scoreboard) and then held until the
//! interface stops changing (no node added, removed or restyled and no text changed for three
//! frames), so a screen that arrives in pieces is timed to its last piece.
//!
//! Between clicks the harness gets the app where it needs it (a screen, a draft, the rest of a
//! run answered) through the app's own resources and messages; that set-up is not timed.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::input::ButtonState;
use bevy::input::mouse::MouseButtonInput;
use bevy::picking::PickingSystems;
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::render::{Extract, ExtractSchedule, Render, RenderApp, RenderSystems};
use bevy::ui::UiGlobalTransform;
use bevy::ui_widgets::Activate;
use bevy::window::{CursorMoved, PrimaryWindow, WindowEvent};
use bevy::winit::{
    EventLoopProxy, EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent,
};

use super::CASE;
use super::demo::TRAINEE;
use crate::app::Screen;
use crate::app::contest::setup::SetupDraft;
use crate::app::contest::{ActiveContest, StartTurn};
use crate::app::controls::set_scale;
use crate::app::i18n::{Ui, fill};
use crate::app::library::Library;
use crate::app::screen::SelectedCase;
use crate::app::screens::play::{Pick, picks_of};
use crate::app::session::{Draft, PlayMode, Session, SubmitAnswer};
use crate::app::storage::Storage;
use crate::app::theme::widget::ButtonLook;
use crate::competition::{CaseOrder, RoleAssignment};
use crate::playthrough::pick;
use crate::scenario::model::{Step, Tier};
use crate::scoring::Answer;

/// How the windowed app updates when focused (`WinitSettings::desktop_app`).
const APP_UPDATES: UpdateMode = UpdateMode::Reactive {
    wait: Duration::from_secs(5),
    react_to_device_events: true,
    react_to_user_events: true,
    react_to_window_events: true,
};
/// Frames measured on the idle library screen.
const IDLE_FRAMES: u32 = 40;
/// Samples of each kind unless `LIANDONG_LATENCY_SAMPLES` says otherwise.
const DEFAULT_SAMPLES: usize = 40;
/// Frames without any change to the interface before it counts as settled.
const QUIET_FRAMES: u32 = 3;
/// A click whose change has not shown by then is a failure.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The whole run gives up and reports what it has after this long.
const RUN_LIMIT: Duration = Duration::from_secs(60 * 60);

/// What a click does, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    ChipToggle,
    LinePractice,
    LineExam,
    Confirm,
    LibraryToRole,
    RoleToPlay,
    DebriefToLibrary,
    SetupToggle,
    ObserverScore,
    UiScale,
}

impl Kind {
    const ALL: [Kind; 10] = [
        Kind::ChipToggle,
        Kind::LinePractice,
        Kind::LineExam,
        Kind::Confirm,
        Kind::LibraryToRole,
        Kind::RoleToPlay,
        Kind::DebriefToLibrary,
        Kind::SetupToggle,
        Kind::ObserverScore,
        Kind::UiScale,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::ChipToggle => "chip toggle (tier/cue/need, identification)",
            Kind::LinePractice => "line chosen (practice)",
            Kind::LineExam => "line chosen (exam)",
            Kind::Confirm => "answer confirmed (identify/card/handoff)",
            Kind::LibraryToRole => "screen change: library -> role choice",
            Kind::RoleToPlay => "screen change: role choice -> play",
            Kind::DebriefToLibrary => "screen change: debrief -> library",
            Kind::SetupToggle => "contest setup toggle",
            Kind::ObserverScore => "observer score (scoreboard)",
            Kind::UiScale => "UI scale (settings)",
        }
    }

    /// The kinds a run of the case gives.
    const IN_PLAY: [Kind; 4] = [
        Kind::ChipToggle,
        Kind::LinePractice,
        Kind::LineExam,
        Kind::Confirm,
    ];
    const SCREENS: [Kind; 3] = [
        Kind::LibraryToRole,
        Kind::RoleToPlay,
        Kind::DebriefToLibrary,
    ];
}

/// What must be on screen for a click to have shown.
#[derive(Debug, Clone)]
enum Expect {
    /// A button with this label has this look.
    Look { label: String, look: ButtonLook },
    /// The decision panel's button for this pick has this look.
    PickLook { pick: Pick, look: ButtonLook },
    /// A text outside any button reads exactly so.
    Text(String),
    /// The screen is on, its root laid out, and no part of another screen is left.
    Screen(Screen),
    /// The decision was taken: the answer is in the dialogue, or the run ended and its next
    /// screen is up.
    Answered { decisions: usize },
}

/// The pointer events to hand to the app at the start of the next frame.
#[derive(Debug, Clone, Copy)]
enum Inject {
    Move(Vec2),
    Press,
    Release,
}

#[derive(Debug, Clone)]
struct Click {
    target: Entity,
    kind: Kind,
    expect: Expect,
}

#[derive(Debug, Clone)]
enum Action {
    /// Wait until the interface has been quiet for a few frames, then plan the next step.
    Settle { waited: u32 },
    /// The pointer moves onto the button; press once it hovers it.
    Aim {
        click: Click,
        waited: u32,
        scrolled: bool,
    },
    /// The button is held; release once the press has settled.
    Press { click: Click, waited: u32 },
    /// Released: watch for the change, then for the interface to settle.
    Measure {
        click: Click,
        shown: Option<(u64, Instant)>,
        last_change: u64,
        quiet: u32,
    },
    /// Frames with nothing to do on the library screen, to see what a frame costs.
    Idle {
        left: u32,
        cpu: (f64, f64),
        renders: usize,
        mains: usize,
    },
    /// Waiting for the render thread to report the frames' presentation.
    Record {
        kind: Kind,
        shown: (u64, Instant),
        end: u64,
        since: Instant,
    },
}

/// What a frame with nothing to do costs, on the library screen.
#[derive(Debug, Clone, Copy)]
struct IdleFrame {
    /// CPU time of Mesa's rasteriser threads (llvmpipe) per frame.
    rasteriser_cpu_ms: f64,
    /// CPU time of every other thread of the app per frame.
    other_cpu_ms: f64,
    /// Median from the end of the frame on the main thread to its presentation.
    render_ms: f64,
    main_ms: f64,
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    /// Input to the presentation of the frame that first showed the change.
    first_ms: f64,
    /// Input to the presentation of the frame after which the interface stopped changing.
    settled_ms: f64,
    /// Input to the end of the main-thread frame that first showed it.
    main_ms: f64,
    /// Frames from the input to the settled frame, both counted.
    frames: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Start,
    Idle,
    Scale,
    Cycles,
    Setup,
    Scoreboard,
}

#[derive(Resource)]
struct Probe {
    wanted: usize,
    phase: Phase,
    action: Action,
    /// Set by `watch_changes` when the interface changed this frame.
    changed: bool,
    quiet: u32,
    inject: Vec<Inject>,
    /// When the release of the click being measured was handed to the app, and in which frame.
    released: Option<(u64, Instant)>,
    presented: HashMap<u64, Instant>,
    /// When each recent frame began (`First`) and ended (`Last`) on the main thread.
    frame_times: HashMap<u64, (Instant, Instant)>,
    frame_began: Instant,
    main_frame_ms: Vec<f64>,
    /// From the end of a frame on the main thread to its presentation.
    render_ms: Vec<f64>,
    results: BTreeMap<Kind, Vec<Sample>>,
    failures: Vec<String>,
    /// Library → role → play → debrief rounds begun.
    cycle: usize,
    /// The identification step being toggled, and the chips left to press there.
    /// The identification step being toggled and the chips left to press there.
    identify: Option<(usize, Vec<Pick>)>,
    /// The step whose answer is put together in the draft: 确认 comes next.
    drafted: Option<usize>,
    /// The contest's first turn was put on stage (to have a turn to give points to).
    turn_started: bool,
    started: Instant,
    frames: u64,
    reported: bool,
    idle: Option<IdleFrame>,
}

impl Probe {
    fn count(&self, kind: Kind) -> usize {
        self.results.get(&kind).map_or(0, Vec::len)
    }

    fn needs(&self, kind: Kind) -> bool {
        self.count(kind) < self.wanted
    }

    fn fail(&mut self, why: String) {
        warn!("latency: {why}");
        self.failures.push(why);
        self.action = Action::Settle { waited: 0 };
    }
}

/// The main world's frame number, copied into the render world with each frame.
#[derive(Resource, Debug, Clone, Copy, Default)]
struct FrameSeq(u64);

/// Frames the render thread has presented, with when, for the main world and the waker.
#[derive(Default)]
struct Shared {
    frames: Mutex<Vec<(u64, Instant)>>,
    last: AtomicU64,
}

#[derive(Resource, Clone, Default)]
struct Presented(Arc<Shared>);

/// Asks for the next frame. The app runs as a windowed app does: a frame only when an event
/// comes. The harness's events come from a thread that sends winit's `WindowAdded` user event,
/// which runs one update and requests no redraw (as a mouse event does; `WakeUp` would ask for
/// a second frame), once the frame before has been presented: each input finds the render
/// thread idle, as a click after a pause does.
#[derive(Resource)]
struct Waker(Sender<(u64, Instant)>);

impl Waker {
    fn start(proxy: EventLoopProxy<WinitUserEvent>, presented: Arc<Shared>) -> Waker {
        let (send, receive) = std::sync::mpsc::channel::<(u64, Instant)>();
        std::thread::Builder::new()
            .name("latency waker".to_owned())
            .spawn(move || {
                while let Ok((frame, not_before)) = receive.recv() {
                    let given_up = Instant::now() + Duration::from_secs(10);
                    while presented.last.load(Ordering::Acquire) < frame
                        && Instant::now() < given_up
                    {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    if let Some(wait) = not_before.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    if proxy.send_event(WinitUserEvent::WindowAdded).is_err() {
                        return;
                    }
                }
            })
            .expect("a thread for the latency harness");
        Waker(send)
    }
}

pub(super) fn plugin(app: &mut App) {
    let wanted = std::env::var("LIANDONG_LATENCY_SAMPLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_SAMPLES);
    let presented = Presented::default();
    app.insert_resource(Probe {
        wanted,
        phase: Phase::Start,
        action: Action::Settle { waited: 0 },
        changed: false,
        quiet: 0,
        inject: Vec::new(),
        released: None,
        presented: HashMap::new(),
        frame_times: HashMap::new(),
        frame_began: Instant::now(),
        main_frame_ms: Vec::new(),
        render_ms: Vec::new(),
        results: BTreeMap::new(),
        failures: Vec::new(),
        cycle: 0,
        identify: None,
        drafted: None,
        turn_started: false,
        started: Instant::now(),
        frames: 0,
        reported: false,
        idle: None,
    })
    .insert_resource(presented.clone())
    // frames only on events, as the windowed app runs with its window focused
    // (`WinitSettings::desktop_app`: at the latest every 5 s)
    .insert_resource(WinitSettings {
        focused_mode: APP_UPDATES,
        unfocused_mode: APP_UPDATES,
    })
    .add_systems(Startup, start_waker)
    .init_resource::<FrameSeq>()
    .add_systems(First, inject.before(PickingSystems::Input))
    .add_systems(Last, (watch_changes, drive).chain());
    if let Some(render) = app.get_sub_app_mut(RenderApp) {
        render
            .insert_resource(presented)
            .init_resource::<FrameSeq>()
            .add_systems(ExtractSchedule, extract_frame_seq)
            .add_systems(Render, note_presented.in_set(RenderSystems::Cleanup));
    }
}

fn start_waker(
    proxy: Option<Res<EventLoopProxyWrapper>>,
    presented: Res<Presented>,
    mut commands: Commands,
) {
    if let Some(proxy) = proxy {
        commands.insert_resource(Waker::start((**proxy).clone(), Arc::clone(&presented.0)));
    }
}

fn ms_between(from: Instant, to: Instant) -> f64 {
    to.saturating_duration_since(from).as_secs_f64() * 1000.0
}

fn extract_frame_seq(main: Extract<Res<FrameSeq>>, mut seq: ResMut<FrameSeq>) {
    *seq = **main;
}

/// Runs after `render_system` has submitted and presented the frame.
fn note_presented(seq: Res<FrameSeq>, presented: Res<Presented>) {
    if let Ok(mut frames) = presented.0.frames.lock() {
        frames.push((seq.0, Instant::now()));
    }
    presented.0.last.fetch_max(seq.0, Ordering::Release);
}

/// First thing in a frame: counts it, collects presentation times, and hands the app the
/// pointer events planned last frame, as winit would.
#[expect(clippy::too_many_arguments, reason = "the events of a mouse")]
fn inject(
    mut probe: ResMut<Probe>,
    mut seq: ResMut<FrameSeq>,
    presented: Res<Presented>,
    window: Query<Entity, With<PrimaryWindow>>,
    mut window_events: MessageWriter<WindowEvent>,
    mut moved: MessageWriter<CursorMoved>,
    mut buttons: MessageWriter<MouseButtonInput>,
    mut last_position: Local<Option<Vec2>>,
) {
    seq.0 += 1;
    let frames: Vec<_> = presented
        .0
        .frames
        .lock()
        .map(|mut f| f.drain(..).collect())
        .unwrap_or_default();
    for (frame, at) in frames {
        if let Some((began, ended)) = probe.frame_times.get(&frame).copied() {
            probe.main_frame_ms.push(ms_between(began, ended));
            probe.render_ms.push(ms_between(ended, at));
        }
        probe.presented.insert(frame, at);
    }
    let oldest = seq.0.saturating_sub(2000);
    probe.presented.retain(|frame, _| *frame >= oldest);
    probe.frame_times.retain(|frame, _| *frame >= oldest);
    probe.frame_began = Instant::now();
    let Ok(window) = window.single() else {
        return;
    };
    for event in std::mem::take(&mut probe.inject) {
        match event {
            Inject::Move(position) => {
                let event = CursorMoved {
                    window,
                    position,
                    delta: last_position.map(|last| position - last),
                };
                *last_position = Some(position);
                moved.write(event.clone());
                window_events.write(WindowEvent::CursorMoved(event));
            }
            Inject::Press | Inject::Release => {
                let state = if matches!(event, Inject::Press) {
                    ButtonState::Pressed
                } else {
                    ButtonState::Released
                };
                let event = MouseButtonInput {
                    button: MouseButton::Left,
                    state,
                    window,
                };
                buttons.write(event);
                window_events.write(WindowEvent::MouseButtonInput(event));
                if state == ButtonState::Released {
                    probe.released = Some((seq.0, Instant::now()));
                }
            }
        }
    }
}

/// Whether the interface changed this frame: a node added, removed or restyled, a text
/// changed, a button's look changed.
fn watch_changes(
    mut probe: ResMut<Probe>,
    added: Query<(), Added<Node>>,
    nodes: Query<(), Changed<Node>>,
    texts: Query<(), Changed<Text>>,
    looks: Query<(), Changed<ButtonLook>>,
    mut removed: RemovedComponents<Node>,
) {
    let counts = [
        added.iter().count(),
        nodes.iter().count(),
        texts.iter().count(),
        looks.iter().count(),
        removed.read().count(),
    ];
    let changed = counts.iter().any(|n| *n > 0);
    if changed && matches!(probe.action, Action::Measure { .. }) {
        debug!(
            "latency: nodes added {}, changed {}, texts changed {}, looks changed {}, nodes removed {}",
            counts[0], counts[1], counts[2], counts[3], counts[4]
        );
    }
    probe.changed = changed;
    probe.quiet = if changed { 0 } else { probe.quiet + 1 };
}

/// Last thing in a frame, with the interface laid out: moves the click along, checks what is
/// on screen, and plans the next click.
fn drive(world: &mut World) {
    world.resource_scope(|world, mut probe: Mut<Probe>| step(world, &mut probe));
    let seq = world.resource::<FrameSeq>().0;
    let mut probe = world.resource_mut::<Probe>();
    let began = probe.frame_began;
    probe.frame_times.insert(seq, (began, Instant::now()));
    // after a click and until it shows, the app gets only the frames the windowed app would:
    // those it asks for itself (`RequestRedraw`) and winit's timed ones
    let waiting_as_the_app =
        probe.released.is_some() && matches!(probe.action, Action::Measure { shown: None, .. });
    let reported = probe.reported;
    if !reported
        && !waiting_as_the_app
        && let Some(waker) = world.get_resource::<Waker>()
    {
        // the next frame once this one is on screen
        let _ = waker.0.send((seq, Instant::now()));
    }
}

fn step(world: &mut World, probe: &mut Probe) {
    {
        probe.frames += 1;
        if probe.started.elapsed() > RUN_LIMIT && !probe.reported {
            probe
                .failures
                .push("the run took too long and was cut short".to_owned());
            probe.reported = true;
            report(world, probe);
        }
        if probe.reported {
            return;
        }
        let seq = world.resource::<FrameSeq>().0;
        let action = std::mem::replace(&mut probe.action, Action::Settle { waited: 0 });
        probe.action = match action {
            Action::Settle { waited } => {
                if (waited >= QUIET_FRAMES && probe.quiet >= QUIET_FRAMES) || waited > 100 {
                    if waited > 100 {
                        warn!("latency: the interface never settled; going on");
                    }
                    plan(world, probe)
                } else {
                    Action::Settle { waited: waited + 1 }
                }
            }
            Action::Aim {
                click,
                waited,
                scrolled,
            } => aim(world, probe, click, waited, scrolled),
            Action::Idle {
                left,
                cpu,
                renders,
                mains,
            } => {
                if left > 0 {
                    Action::Idle {
                        left: left - 1,
                        cpu,
                        renders,
                        mains,
                    }
                } else {
                    let now = thread_cpu_ms();
                    let frames = f64::from(IDLE_FRAMES);
                    let render = sorted(probe.render_ms[renders..].iter().copied());
                    let main = sorted(probe.main_frame_ms[mains..].iter().copied());
                    probe.idle = Some(IdleFrame {
                        rasteriser_cpu_ms: (now.0 - cpu.0) / frames,
                        other_cpu_ms: (now.1 - cpu.1) / frames,
                        render_ms: percentile(&render, 0.5),
                        main_ms: percentile(&main, 0.5),
                    });
                    settle()
                }
            }
            Action::Press { click, waited } => {
                if waited >= 2 && probe.quiet >= 2 {
                    probe.inject.push(Inject::Release);
                    probe.released = None;
                    Action::Measure {
                        click,
                        shown: None,
                        last_change: 0,
                        quiet: 0,
                    }
                } else {
                    Action::Press {
                        click,
                        waited: waited + 1,
                    }
                }
            }
            Action::Measure {
                click,
                mut shown,
                mut last_change,
                mut quiet,
            } => {
                let Some((released, t0)) = probe.released else {
                    // the release goes in at the start of the next frame
                    probe.action = Action::Measure {
                        click,
                        shown,
                        last_change,
                        quiet,
                    };
                    return;
                };
                if probe.changed {
                    last_change = seq;
                    quiet = 0;
                } else {
                    quiet += 1;
                }
                if shown.is_none() && expected(world, &click.expect) {
                    debug!(
                        "latency: shown in frame {} after the release",
                        seq - released
                    );
                    shown = Some((seq, Instant::now()));
                    quiet = if probe.changed { 0 } else { quiet };
                }
                match shown {
                    Some(first) if quiet >= QUIET_FRAMES || seq - first.0 > 30 => Action::Record {
                        kind: click.kind,
                        shown: first,
                        end: last_change.max(first.0).max(released),
                        since: Instant::now(),
                    },
                    None if t0.elapsed() > TIMEOUT => {
                        probe.fail(format!(
                            "{}: {:?} not on screen {} s after the click",
                            click.kind.label(),
                            click.expect,
                            TIMEOUT.as_secs()
                        ));
                        return;
                    }
                    _ => Action::Measure {
                        click,
                        shown,
                        last_change,
                        quiet,
                    },
                }
            }
            Action::Record {
                kind,
                shown,
                end,
                since,
            } => {
                let (Some(first), Some(last), Some((released, t0))) = (
                    probe.presented.get(&shown.0).copied(),
                    probe.presented.get(&end).copied(),
                    probe.released,
                ) else {
                    if since.elapsed() > Duration::from_secs(10) {
                        probe.fail(format!("{}: frame {end} was never presented", kind.label()));
                        return;
                    }
                    probe.action = Action::Record {
                        kind,
                        shown,
                        end,
                        since,
                    };
                    return;
                };
                let ms = |at: Instant| at.duration_since(t0).as_secs_f64() * 1000.0;
                let sample = Sample {
                    first_ms: ms(first),
                    settled_ms: ms(last),
                    main_ms: ms(shown.1),
                    frames: end + 1 - released,
                };
                info!(
                    "latency {}: {:.0} ms (first shown {:.0} ms, main thread {:.0} ms, {} frames)",
                    kind.label(),
                    sample.settled_ms,
                    sample.first_ms,
                    sample.main_ms,
                    sample.frames
                );
                probe.results.entry(kind).or_default().push(sample);
                Action::Settle { waited: 0 }
            }
        };
    }
}

/// Moves the pointer onto the button, waits for picking to hover it, then presses.
fn aim(world: &mut World, probe: &mut Probe, click: Click, waited: u32, scrolled: bool) -> Action {
    if world.get_entity(click.target).is_err() {
        probe.fail(format!("{}: the button went away", click.kind.label()));
        return Action::Settle { waited: 0 };
    }
    if waited == 0 {
        match centre(world, click.target) {
            Some(position) => probe.inject.push(Inject::Move(position)),
            None => {
                probe.fail(format!("{}: the button has no place", click.kind.label()));
                return Action::Settle { waited: 0 };
            }
        }
    }
    let hovered = world.get::<Hovered>(click.target).is_some_and(Hovered::get);
    if waited >= 2 && hovered && probe.quiet >= 2 {
        probe.inject.push(Inject::Press);
        return Action::Press { click, waited: 0 };
    }
    if waited > 10 {
        if scrolled {
            probe.fail(format!(
                "{}: the pointer is not over the button {:?}",
                click.kind.label(),
                click.expect
            ));
            return Action::Settle { waited: 0 };
        }
        // out of view in a scrolling column: scroll it in, as a trainee would with the wheel
        scroll_into_view(world, click.target);
        return Action::Aim {
            click,
            waited: 0,
            scrolled: true,
        };
    }
    Action::Aim {
        click,
        waited: waited + 1,
        scrolled,
    }
}

/// The button's centre in the window's logical pixels.
fn centre(world: &mut World, target: Entity) -> Option<Vec2> {
    let scale = world
        .query_filtered::<&Window, With<PrimaryWindow>>()
        .single(world)
        .ok()?
        .scale_factor();
    let transform = world.get::<UiGlobalTransform>(target)?;
    let node = world.get::<ComputedNode>(target)?;
    (node.size().x > 0.0).then(|| transform.translation / scale)
}

fn scroll_into_view(world: &mut World, target: Entity) {
    let Some(target_y) = world
        .get::<UiGlobalTransform>(target)
        .map(|t| t.translation.y)
    else {
        return;
    };
    let mut at = target;
    while let Some(parent) = world.get::<ChildOf>(at).map(ChildOf::parent) {
        at = parent;
        let scrolls = world
            .get::<Node>(at)
            .is_some_and(|n| n.overflow.y == OverflowAxis::Scroll);
        let (Some(transform), Some(node)) = (
            world.get::<UiGlobalTransform>(at),
            world.get::<ComputedNode>(at),
        ) else {
            continue;
        };
        if !scrolls {
            continue;
        }
        let offset = (target_y - transform.translation.y) * node.inverse_scale_factor();
        if let Some(mut position) = world.get_mut::<ScrollPosition>(at) {
            position.y = (position.y + offset).max(0.0);
        }
        return;
    }
}

/// Every text of the interface, as (entity, text, whether it is laid out and visible).
fn texts(world: &mut World) -> Vec<(Entity, String, bool)> {
    world
        .query::<(Entity, &Text, &ComputedNode, &InheritedVisibility)>()
        .iter(world)
        .map(|(entity, text, node, visibility)| {
            (
                entity,
                text.0.clone(),
                visibility.get() && node.size().x > 0.0,
            )
        })
        .collect()
}

/// The button a text is the label of, if it is one.
fn button_of(world: &World, text: Entity) -> Option<Entity> {
    let mut at = text;
    loop {
        if world.get::<ButtonLook>(at).is_some() {
            return Some(at);
        }
        at = world.get::<ChildOf>(at)?.parent();
    }
}

/// The visible button whose label passes `matches`.
fn find_button(world: &mut World, matches: impl Fn(&str) -> bool) -> Option<Entity> {
    texts(world)
        .into_iter()
        .filter(|(_, text, visible)| *visible && matches(text))
        .find_map(|(entity, _, _)| button_of(world, entity))
}

fn text_shown(world: &mut World, matches: impl Fn(&str) -> bool) -> bool {
    texts(world).into_iter().any(|(entity, text, visible)| {
        visible && matches(&text) && button_of(world, entity).is_none()
    })
}

fn screen_shown(world: &mut World, screen: Screen) -> bool {
    if *world.resource::<State<Screen>>().get() != screen {
        return false;
    }
    let mut roots = world.query::<(&DespawnOnExit<Screen>, Option<&ComputedNode>)>();
    let mut shown = false;
    for (scope, node) in roots.iter(world) {
        if scope.0 != screen {
            return false;
        }
        shown |= node.is_some_and(|n| n.size().x > 0.0);
    }
    shown
}

fn expected(world: &mut World, expect: &Expect) -> bool {
    match expect {
        Expect::Look { label, look } => {
            let buttons: Vec<_> = texts(world)
                .into_iter()
                .filter(|(_, text, visible)| *visible && text == label)
                .filter_map(|(entity, _, _)| button_of(world, entity))
                .collect();
            buttons
                .iter()
                .any(|b| world.get::<ButtonLook>(*b) == Some(look))
        }
        Expect::PickLook { pick, look } => pick_button(world, *pick).is_some_and(|button| {
            world.get::<ButtonLook>(button) == Some(look)
                && world
                    .get::<ComputedNode>(button)
                    .is_some_and(|n| n.size().x > 0.0)
        }),
        Expect::Text(wanted) => text_shown(world, |t| t == wanted),
        Expect::Screen(screen) => screen_shown(world, *screen),
        Expect::Answered { decisions } => {
            let Some(session) = world.get_resource::<Session>() else {
                return false;
            };
            let scores = session.playthrough.scores();
            if scores.len() <= *decisions {
                return false;
            }
            if session.playthrough.is_finished() {
                let next = if world.get_resource::<ActiveContest>().is_some() {
                    Screen::Scoreboard
                } else {
                    Screen::Debrief
                };
                return screen_shown(world, next);
            }
            let answer = scores[scores.len() - 1].answer.clone();
            *world.resource::<State<Screen>>().get() == Screen::Play
                && text_shown(world, |t| t.contains(&answer))
        }
    }
}

fn click(
    world: &mut World,
    probe: &mut Probe,
    label: impl Fn(&str) -> bool,
    kind: Kind,
    expect: Expect,
) -> Action {
    match find_button(world, label) {
        Some(target) => Action::Aim {
            click: Click {
                target,
                kind,
                expect,
            },
            waited: 0,
            scrolled: false,
        },
        None => {
            probe.fail(format!("{}: no button for {expect:?}", kind.label()));
            settle()
        }
    }
}

fn settle() -> Action {
    Action::Settle { waited: 0 }
}

fn go(world: &mut World, screen: Screen) -> Action {
    world.resource_mut::<NextState<Screen>>().set(screen);
    settle()
}

/// Decides the next step from where the app is.
fn plan(world: &mut World, probe: &mut Probe) -> Action {
    let screen = *world.resource::<State<Screen>>().get();
    let ui = world.resource::<Ui>().clone();
    match probe.phase {
        Phase::Start => {
            if probe.frames < 30 {
                return settle();
            }
            if world.resource::<Library>().case(CASE).is_none() {
                probe.failures.push(format!(
                    "the case {CASE} is not in the case folder (run from the repository, or give --cases)"
                ));
                probe.reported = true;
                report(world, probe);
                return settle();
            }
            world.resource_mut::<Storage>().trainee = Some(TRAINEE.to_owned());
            probe.phase = Phase::Idle;
            go(world, Screen::Library)
        }
        Phase::Idle => {
            if screen != Screen::Library {
                return go(world, Screen::Library);
            }
            probe.phase = Phase::Scale;
            Action::Idle {
                left: IDLE_FRAMES,
                cpu: thread_cpu_ms(),
                renders: probe.render_ms.len(),
                mains: probe.main_frame_ms.len(),
            }
        }
        Phase::Scale => {
            if screen != Screen::Settings {
                return go(world, Screen::Settings);
            }
            let scale = world.resource::<UiScale>().0;
            if !probe.needs(Kind::UiScale) {
                world.resource_mut::<UiScale>().0 = 1.0;
                probe.phase = Phase::Cycles;
                return go(world, Screen::Title);
            }
            let (label, step) = if scale > 1.05 {
                (ui.smaller.clone(), -0.1)
            } else {
                (ui.larger.clone(), 0.1)
            };
            let mut next = UiScale(scale);
            set_scale(&mut next, step);
            let expect = Expect::Text(fill(&ui.settings_scale, "n", (next.0 * 100.0).round()));
            click(world, probe, |t| t == label, Kind::UiScale, expect)
        }
        Phase::Cycles => plan_cycle(world, probe, screen, &ui),
        Phase::Setup => plan_setup(world, probe, screen, &ui),
        Phase::Scoreboard => plan_scoreboard(world, probe, screen, &ui),
    }
}

/// Runs alternate between practice and exam.
fn cycle_mode(cycle: usize) -> PlayMode {
    if cycle.is_multiple_of(2) {
        PlayMode::Practice
    } else {
        PlayMode::Exam
    }
}

/// Library → role choice → play (lines, chips, confirmations) → debrief → library.
fn plan_cycle(world: &mut World, probe: &mut Probe, screen: Screen, ui: &Ui) -> Action {
    let done = Kind::IN_PLAY
        .iter()
        .chain(&Kind::SCREENS)
        .all(|k| !probe.needs(*k));
    match screen {
        Screen::Library => {
            if done {
                probe.phase = Phase::Setup;
                return go(world, Screen::Title);
            }
            let title = world
                .resource::<Library>()
                .case(CASE)
                .map(|c| c.scenario.title.clone())
                .unwrap_or_default();
            click(
                world,
                probe,
                |t| t == title,
                Kind::LibraryToRole,
                Expect::Screen(Screen::RoleChoice),
            )
        }
        Screen::RoleChoice => {
            let all = ui.role_all.clone();
            click(
                world,
                probe,
                |t| t == all,
                Kind::RoleToPlay,
                Expect::Screen(Screen::Play),
            )
        }
        Screen::Play => plan_play(world, probe),
        Screen::Debrief => {
            let mode = cycle_mode(probe.cycle + 1);
            if *world.resource::<PlayMode>() != mode {
                *world.resource_mut::<PlayMode>() = mode;
                return settle();
            }
            probe.cycle += 1;
            let label = ui.to_library.clone();
            click(
                world,
                probe,
                |t| t == label,
                Kind::DebriefToLibrary,
                Expect::Screen(Screen::Library),
            )
        }
        _ => {
            *world.resource_mut::<PlayMode>() = cycle_mode(probe.cycle);
            world.resource_mut::<SelectedCase>().0 = Some(CASE.to_owned());
            go(world, Screen::Library)
        }
    }
}

/// Answers the rest of the run at once with the model answers (not timed).
fn finish_run(world: &mut World) -> Action {
    let Some(session) = world.get_resource::<Session>() else {
        return settle();
    };
    let mut playthrough = session.playthrough.clone();
    let now = chrono::Utc::now();
    let mut answers = Vec::new();
    while let Some(pending) = playthrough.pending() {
        let answer = pick::best(playthrough.case(), pending.at);
        if playthrough.answer(answer.clone(), now, 1000).is_err() {
            break;
        }
        answers.push(answer);
    }
    for answer in answers {
        world.write_message(SubmitAnswer(answer));
    }
    settle()
}

fn plan_play(world: &mut World, probe: &mut Probe) -> Action {
    let Some(session) = world.get_resource::<Session>() else {
        return settle();
    };
    let playthrough = &session.playthrough;
    let Some(pending) = playthrough.pending() else {
        // the run is over: the app moves on by itself
        return settle();
    };
    if Kind::IN_PLAY.iter().all(|k| !probe.needs(*k)) {
        return finish_run(world);
    }
    let case = playthrough.case().clone();
    let decisions = playthrough.scores().len();
    let step = case.graph.step(&case.scenario, pending.at).clone();
    let best = pick::best(&case, pending.at);
    let mode = *world.resource::<PlayMode>();
    let answered = Expect::Answered { decisions };
    match (&step, &best) {
        (Step::Script(_), Answer::Line(option)) => {
            let kind = match mode {
                PlayMode::Practice => Kind::LinePractice,
                PlayMode::Exam => Kind::LineExam,
            };
            if !probe.needs(kind) {
                world.write_message(SubmitAnswer(best.clone()));
                return settle();
            }
            click_pick(world, probe, Pick::Line(*option), kind, answered)
        }
        (Step::Identify(s), Answer::Identify { tier, cues, .. }) => {
            if probe.drafted == Some(pending.at) {
                return confirm(world, probe, pending.at, &step, &best, answered);
            }
            if probe
                .identify
                .as_ref()
                .is_none_or(|(at, _)| *at != pending.at)
            {
                let mut chips = Vec::new();
                if let Some(t) = tier {
                    // a wrong tier first, then the right one
                    if let Some(other) = Tier::ALL.into_iter().find(|o| o != t) {
                        chips.push(Pick::Tier(other));
                    }
                }
                // a wrong cue on and off again
                if let Some(wrong) = s.cues.iter().position(|c| !cues.contains(c)) {
                    chips.extend([Pick::Cue(wrong), Pick::Cue(wrong)]);
                }
                // then the model answer's tier, cues and needs
                chips.extend(
                    picks_of(&step, &best)
                        .into_iter()
                        .filter(|p| *p != Pick::Confirm),
                );
                chips.reverse();
                probe.identify = Some((pending.at, chips));
            }
            let next = probe.identify.as_mut().and_then(|(_, chips)| chips.pop());
            match next {
                Some(pick) if probe.needs(Kind::ChipToggle) => {
                    let draft = world.resource::<Draft>();
                    let selected = match pick {
                        Pick::Cue(i) => s.cues.get(i).is_some_and(|c| !draft.cues.contains(c)),
                        Pick::Need(i) => s.needs.get(i).is_some_and(|n| !draft.needs.contains(n)),
                        _ => true,
                    };
                    let look = if selected {
                        ButtonLook::Selected
                    } else {
                        ButtonLook::Plain
                    };
                    let expect = Expect::PickLook { pick, look };
                    click_pick(world, probe, pick, Kind::ChipToggle, expect)
                }
                None => {
                    // every chip pressed: the draft holds the model answer
                    probe.drafted = Some(pending.at);
                    confirm(world, probe, pending.at, &step, &best, answered)
                }
                Some(_) => confirm(world, probe, pending.at, &step, &best, answered),
            }
        }
        _ => confirm(world, probe, pending.at, &step, &best, answered),
    }
}

/// Puts the model answer together with the step's own buttons (not timed), then presses 确认
/// (timed while wanted).
fn confirm(
    world: &mut World,
    probe: &mut Probe,
    at: usize,
    step: &Step,
    best: &Answer,
    expect: Expect,
) -> Action {
    probe.identify = None;
    if !probe.needs(Kind::Confirm) {
        world.write_message(SubmitAnswer(best.clone()));
        return settle();
    }
    if probe.drafted != Some(at) {
        // the draft from scratch, then each pick of the model answer, as clicks would make it
        *world.resource_mut::<Draft>() = Draft::default();
        for pick in picks_of(step, best) {
            if pick != Pick::Confirm
                && let Some(button) = pick_button(world, pick)
            {
                world.trigger(Activate { entity: button });
            }
        }
        probe.drafted = Some(at);
        return settle();
    }
    click_pick(world, probe, Pick::Confirm, Kind::Confirm, expect)
}

/// The decision panel's button that makes `pick`.
fn pick_button(world: &mut World, pick: Pick) -> Option<Entity> {
    world
        .query::<(Entity, &Pick)>()
        .iter(world)
        .find(|(_, p)| **p == pick)
        .map(|(entity, _)| entity)
}

fn click_pick(
    world: &mut World,
    probe: &mut Probe,
    pick: Pick,
    kind: Kind,
    expect: Expect,
) -> Action {
    match pick_button(world, pick) {
        Some(target) => Action::Aim {
            click: Click {
                target,
                kind,
                expect,
            },
            waited: 0,
            scrolled: false,
        },
        None => {
            probe.fail(format!("{}: no button for {pick:?}", kind.label()));
            settle()
        }
    }
}

fn plan_setup(world: &mut World, probe: &mut Probe, screen: Screen, ui: &Ui) -> Action {
    let text = &ui.contest;
    if screen != Screen::ContestSetup {
        let mut draft = super::contest::demo_setup(ui);
        draft.limit = None;
        world.insert_resource(draft);
        return go(world, Screen::ContestSetup);
    }
    if probe.needs(Kind::SetupToggle) {
        let rows = [
            vec![
                ui.case_order(CaseOrder::InOrder).to_owned(),
                ui.case_order(CaseOrder::Drawn).to_owned(),
            ],
            vec![
                ui.role_assignment(RoleAssignment::Fixed).to_owned(),
                ui.role_assignment(RoleAssignment::Rotating).to_owned(),
            ],
            vec![
                text.no_limit.clone(),
                fill(&text.seconds, "n", 30),
                fill(&text.seconds, "n", 60),
            ],
        ];
        let row = &rows[probe.count(Kind::SetupToggle) % rows.len()];
        let plain = row.iter().find(|label| {
            let label = (*label).clone();
            find_button(world, |t| t == label)
                .is_some_and(|b| world.get::<ButtonLook>(b) == Some(&ButtonLook::Plain))
        });
        let Some(label) = plain.cloned() else {
            probe.fail("contest setup: no chip to toggle".to_owned());
            return settle();
        };
        let expect = Expect::Look {
            label: label.clone(),
            look: ButtonLook::Selected,
        };
        return click(world, probe, |t| t == label, Kind::SetupToggle, expect);
    }
    // a turn with a time limit would slow the app to four frames a second
    if world.resource::<SetupDraft>().limit.is_some() {
        world.resource_mut::<SetupDraft>().limit = None;
        return settle();
    }
    let start = text.start.clone();
    if let Some(button) = find_button(world, |t| t == start) {
        world.trigger(Activate { entity: button });
    }
    probe.phase = Phase::Scoreboard;
    settle()
}

fn plan_scoreboard(world: &mut World, probe: &mut Probe, screen: Screen, ui: &Ui) -> Action {
    match screen {
        Screen::Play => return finish_run(world),
        Screen::Scoreboard => {}
        Screen::ContestSetup => {
            let why = world
                .resource::<SetupDraft>()
                .error
                .clone()
                .unwrap_or_default();
            probe
                .failures
                .push(format!("the contest did not start: {why}"));
            probe.reported = true;
            report(world, probe);
            return settle();
        }
        _ => return settle(),
    }
    let Some(contest) = world.get_resource::<ActiveContest>() else {
        return settle();
    };
    if contest.last_result.is_none() {
        if !probe.turn_started
            && let Some(turn) = contest.next_turn(world.resource::<Storage>())
        {
            probe.turn_started = true;
            world.write_message(StartTurn(turn));
        }
        return settle();
    }
    if !probe.needs(Kind::ObserverScore) {
        if !probe.reported {
            probe.reported = true;
            report(world, probe);
        }
        return settle();
    }
    let Some(points) = observer_points(world, &ui.contest.observer_title) else {
        probe.fail("scoreboard: no observer points shown".to_owned());
        return settle();
    };
    let step = if probe.count(Kind::ObserverScore).is_multiple_of(2) {
        1
    } else {
        -1
    };
    let label = format!("{step:+}");
    let expect = Expect::Text(fill(
        &ui.contest.observer_title,
        "points",
        format!("{:+}", points + step),
    ));
    click(world, probe, |t| t == label, Kind::ObserverScore, expect)
}

/// The observer points being put together, as the scoreboard shows them.
fn observer_points(world: &mut World, template: &str) -> Option<i32> {
    let (before, after) = template.split_once("{points}")?;
    texts(world).into_iter().find_map(|(_, text, visible)| {
        let middle = text.strip_prefix(before)?.strip_suffix(after)?;
        visible.then(|| middle.trim_start_matches('+').parse().ok())?
    })
}

/// CPU time used so far by the app's threads: Mesa's rasteriser threads (`llvmpipe-N`), and
/// all the others, in ms (Linux; zero elsewhere).
fn thread_cpu_ms() -> (f64, f64) {
    let mut rasteriser = 0.0;
    let mut other = 0.0;
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return (0.0, 0.0);
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = &stat[open + 1..close];
        // after the name: state, then fields 4.. of proc(5); utime and stime are 14 and 15
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        let ticks: f64 = fields
            .get(11..13)
            .map(|f| f.iter().filter_map(|t| t.parse::<f64>().ok()).sum())
            .unwrap_or(0.0);
        // the kernel counts in USER_HZ, 100 a second on Linux
        let ms = ticks * 10.0;
        if name.starts_with("llvmpipe") {
            rasteriser += ms;
        } else {
            other += ms;
        }
    }
    (rasteriser, other)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Prints median and p95 per kind and quits.
fn report(world: &mut World, probe: &Probe) {
    let size = world
        .query_filtered::<&Window, With<PrimaryWindow>>()
        .single(world)
        .map(|w| format!("{}x{}", w.width(), w.height()))
        .unwrap_or_default();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "latency: {build} build, window {size}, {} samples of each kind wanted, {:.0} s in all",
        probe.wanted,
        probe.started.elapsed().as_secs_f64()
    );
    println!(
        "input: pointer move, press and release written as winit window events; timed from the release to the presented frame that shows the change, held until the interface settles"
    );
    println!(
        "{:<46} {:>4} {:>8} {:>8} {:>8} {:>14} {:>13} {:>7}",
        "kind", "n", "median", "p95", "max", "first shown", "main thread", "frames"
    );
    let mut over = Vec::new();
    for kind in Kind::ALL {
        let samples = probe.results.get(&kind).map_or(&[][..], Vec::as_slice);
        if samples.is_empty() {
            println!("{:<46} {:>4}", kind.label(), 0);
            continue;
        }
        let settled = sorted(samples.iter().map(|s| s.settled_ms));
        let first = sorted(samples.iter().map(|s| s.first_ms));
        let main = sorted(samples.iter().map(|s| s.main_ms));
        let frames = sorted(samples.iter().map(|s| s.frames as f64));
        let p95 = percentile(&settled, 0.95);
        if p95 > 100.0 {
            over.push(kind.label());
        }
        println!(
            "{:<46} {:>4} {:>5.0} ms {:>5.0} ms {:>5.0} ms {:>8.0} ms p50 {:>7.0} ms p50 {:>7.0}",
            kind.label(),
            samples.len(),
            percentile(&settled, 0.5),
            p95,
            settled[settled.len() - 1],
            percentile(&first, 0.5),
            percentile(&main, 0.5),
            percentile(&frames, 0.5),
        );
    }
    let main = sorted(probe.main_frame_ms.iter().copied());
    let render = sorted(probe.render_ms.iter().copied());
    if !main.is_empty() && !render.is_empty() {
        println!(
            "every frame of the run ({}): main thread median {:.1} ms (p95 {:.1}), end of the frame to presented median {:.1} ms (p95 {:.1})",
            main.len(),
            percentile(&main, 0.5),
            percentile(&main, 0.95),
            percentile(&render, 0.5),
            percentile(&render, 0.95)
        );
    }
    if let Some(idle) = probe.idle {
        println!(
            "an idle frame on the library screen: main thread {:.1} ms, end of the frame to presented {:.1} ms (medians); CPU a frame: {:.1} ms in Mesa's rasteriser threads, {:.1} ms in the app's other threads",
            idle.main_ms, idle.render_ms, idle.rasteriser_cpu_ms, idle.other_cpu_ms
        );
    }
    if over.is_empty() {
        println!("every kind: p95 <= 100 ms");
    } else {
        println!("p95 over 100 ms: {}", over.join("; "));
    }
    for failure in &probe.failures {
        println!("failed: {failure}");
    }
    let missing = Kind::ALL.iter().any(|k| probe.count(*k) == 0);
    world.write_message(if missing || !probe.failures.is_empty() {
        AppExit::error()
    } else {
        AppExit::Success
    });
}
