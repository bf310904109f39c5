//! What the latency harness knows: the kinds of click it times, the click under way and the
//! samples taken.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::winit::UpdateMode;

use crate::app::Screen;
use crate::app::screens::play::Pick;
use crate::app::theme::widget::ButtonLook;

/// How the windowed app updates when focused (`WinitSettings::desktop_app`).
pub(super) const APP_UPDATES: UpdateMode = UpdateMode::Reactive {
    wait: Duration::from_secs(5),
    react_to_device_events: true,
    react_to_user_events: true,
    react_to_window_events: true,
};
/// Frames measured on the idle library screen.
pub(super) const IDLE_FRAMES: u32 = 40;
/// Samples of each kind unless `LIANDONG_LATENCY_SAMPLES` says otherwise.
pub(super) const DEFAULT_SAMPLES: usize = 40;
/// Frames without any change to the interface before it counts as settled.
pub(super) const QUIET_FRAMES: u32 = 3;
/// A click whose change has not shown by then is a failure.
pub(super) const TIMEOUT: Duration = Duration::from_secs(30);
/// The whole run gives up and reports what it has after this long.
pub(super) const RUN_LIMIT: Duration = Duration::from_secs(60 * 60);

/// What a click does, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Kind {
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
    pub(super) const ALL: [Kind; 10] = [
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

    pub(super) fn label(self) -> &'static str {
        match self {
            Kind::ChipToggle => "chip toggle (tier/cue/need, identification)",
            Kind::LinePractice => "line chosen (practice)",
            Kind::LineExam => "line chosen (exam)",
            Kind::Confirm => "answer confirmed (identify/card/handoff)",
            Kind::LibraryToRole => "screen change: library -> role choice",
            Kind::RoleToPlay => "screen change: role choice -> play",
            Kind::DebriefToLibrary => "screen change: debrief -> library",
            Kind::SetupToggle => "contest setup toggle",
            Kind::ObserverScore => "observer mark (scoreboard checklist)",
            Kind::UiScale => "UI scale (settings)",
        }
    }

    /// The kinds a run of the case gives.
    pub(super) const IN_PLAY: [Kind; 4] = [
        Kind::ChipToggle,
        Kind::LinePractice,
        Kind::LineExam,
        Kind::Confirm,
    ];
    pub(super) const SCREENS: [Kind; 3] = [
        Kind::LibraryToRole,
        Kind::RoleToPlay,
        Kind::DebriefToLibrary,
    ];
}

/// What must be on screen for a click to have shown.
#[derive(Debug, Clone)]
pub(super) enum Expect {
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
pub(super) enum Inject {
    Move(Vec2),
    Press,
    Release,
}

#[derive(Debug, Clone)]
pub(super) struct Click {
    pub(super) target: Entity,
    pub(super) kind: Kind,
    pub(super) expect: Expect,
}

#[derive(Debug, Clone)]
pub(super) enum Action {
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
pub(super) struct IdleFrame {
    /// CPU time of Mesa's rasteriser threads (llvmpipe) per frame.
    pub(super) rasteriser_cpu_ms: f64,
    /// CPU time of every other thread of the app per frame.
    pub(super) other_cpu_ms: f64,
    /// Median from the end of the frame on the main thread to its presentation.
    pub(super) render_ms: f64,
    pub(super) main_ms: f64,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Sample {
    /// Input to the presentation of the frame that first showed the change.
    pub(super) first_ms: f64,
    /// Input to the presentation of the frame after which the interface stopped changing.
    pub(super) settled_ms: f64,
    /// Input to the end of the main-thread frame that first showed it.
    pub(super) main_ms: f64,
    /// Frames from the input to the settled frame, both counted.
    pub(super) frames: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Start,
    Idle,
    Scale,
    Cycles,
    Setup,
    Scoreboard,
}

#[derive(Resource)]
pub(super) struct Probe {
    pub(super) wanted: usize,
    pub(super) phase: Phase,
    pub(super) action: Action,
    /// Set by `watch_changes` when the interface changed this frame.
    pub(super) changed: bool,
    pub(super) quiet: u32,
    pub(super) inject: Vec<Inject>,
    /// When the release of the click being measured was handed to the app, and in which frame.
    pub(super) released: Option<(u64, Instant)>,
    pub(super) presented: HashMap<u64, Instant>,
    /// When each recent frame began (`First`) and ended (`Last`) on the main thread.
    pub(super) frame_times: HashMap<u64, (Instant, Instant)>,
    pub(super) frame_began: Instant,
    pub(super) main_frame_ms: Vec<f64>,
    /// From the end of a frame on the main thread to its presentation.
    pub(super) render_ms: Vec<f64>,
    pub(super) results: BTreeMap<Kind, Vec<Sample>>,
    pub(super) failures: Vec<String>,
    /// Library → role → play → debrief rounds begun.
    pub(super) cycle: usize,
    /// The identification step being toggled, and the chips left to press there.
    /// The identification step being toggled and the chips left to press there.
    pub(super) identify: Option<(usize, Vec<Pick>)>,
    /// The step whose answer is put together in the draft: 确认 comes next.
    pub(super) drafted: Option<usize>,
    /// The contest's first turn was put on stage (to have a turn to give points to).
    pub(super) turn_started: bool,
    pub(super) started: Instant,
    pub(super) frames: u64,
    pub(super) reported: bool,
    pub(super) idle: Option<IdleFrame>,
}

impl Probe {
    pub(super) fn count(&self, kind: Kind) -> usize {
        self.results.get(&kind).map_or(0, Vec::len)
    }

    pub(super) fn needs(&self, kind: Kind) -> bool {
        self.count(kind) < self.wanted
    }

    pub(super) fn fail(&mut self, why: String) {
        warn!("latency: {why}");
        self.failures.push(why);
        self.action = Action::Settle { waited: 0 };
    }
}
