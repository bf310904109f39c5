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

mod plans;
mod pointer;
mod probe;
mod report;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::input::ButtonState;
use bevy::input::mouse::MouseButtonInput;
use bevy::picking::PickingSystems;
use bevy::prelude::*;
use bevy::render::{Extract, ExtractSchedule, Render, RenderApp, RenderSystems};
use bevy::window::{CursorMoved, PrimaryWindow, WindowEvent};
use bevy::winit::{EventLoopProxy, EventLoopProxyWrapper, WinitSettings, WinitUserEvent};

use crate::app::theme::widget::ButtonLook;

use plans::*;
use pointer::*;
use probe::*;
use report::*;

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

pub(in crate::app::autopilot) fn plugin(app: &mut App) {
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
