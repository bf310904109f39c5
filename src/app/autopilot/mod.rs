//! `--autopilot`: plays the overseas-worker case by itself, then runs a six-team contest, and
//! saves a PNG of every screen, so `scripts/screenshots.sh` can show a person what the app
//! looks like without a mouse.

mod contest;
mod demo;
mod latency;

use std::path::PathBuf;

use bevy::input_focus::{FocusCause, InputFocus, InputFocusVisible};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Capturing, Screenshot, save_to_disk};
use bevy::ui_widgets::Activate;

use super::i18n::Ui;
use super::screens::play::{Pick, picks_of};
use super::session::{PlayMode, Session, StartCase};
use super::storage::Storage;
use super::theme::widget::ButtonLook;
use crate::app::options::AppOptions;
use crate::app::screen::Screen;
use crate::app::screen::SelectedCase;
use crate::playthrough::RoleChoice;
use crate::playthrough::pick::{self, Strategy};

/// The case the screenshots show, and its seed (the manager is busy on it).
const CASE: &str = "overseas-worker";
const SEED: u64 = 2;
/// Frames to wait after a change, so layout, glyphs and the frame on screen have settled.
const SETTLE_FRAMES: u32 = 12;

#[derive(Resource, Debug, Clone)]
pub struct Autopilot {
    pub strategy: Strategy,
    pub screenshots: Option<PathBuf>,
    step: Phase,
    wait: u32,
    /// Decisions answered in the contest, to vary the answers.
    contest_decisions: u64,
    contest_play_shown: bool,
    timer_shown: bool,
    observers_added: bool,
    shot: u32,
    kinds_shown: Vec<&'static str>,
    /// The button that sends the answer being put together.
    press: Option<Pick>,
    photo: Option<String>,
    feedback_shown: bool,
}

impl Autopilot {
    pub fn new(strategy: Strategy, screenshots: Option<PathBuf>) -> Self {
        Autopilot {
            strategy,
            screenshots,
            step: Phase::Focus,
            wait: SETTLE_FRAMES,
            contest_decisions: 0,
            contest_play_shown: false,
            timer_shown: false,
            observers_added: false,
            shot: 0,
            kinds_shown: Vec::new(),
            press: None,
            photo: None,
            feedback_shown: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Focus,
    Title,
    Settings,
    Library,
    Role,
    Map,
    Deciding,
    Answering,
    Debrief,
    History,
    Leaderboard,
    HeadOffice,
    ContestSetup,
    ContestTurn,
    /// The drill timer before the second team's turn.
    ContestTimer,
    ContestDeciding,
    /// The case review after the last turn.
    ContestReview,
    Podium,
    Exiting,
}

impl Phase {
    /// The phases `contest::fly_contest` drives.
    fn in_contest(self) -> bool {
        matches!(
            self,
            Phase::ContestSetup
                | Phase::ContestTurn
                | Phase::ContestTimer
                | Phase::ContestDeciding
                | Phase::ContestReview
                | Phase::Podium
        )
    }
}

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<AppOptions>().clone();
    match options.autopilot {
        Some(request) if request.latency => {
            app.add_plugins(latency::plugin);
        }
        Some(request) => {
            app.insert_resource(Autopilot::new(request.strategy, request.screenshots));
        }
        None => {}
    }
    app.add_systems(
        Update,
        (fly, contest::fly_contest).run_if(resource_exists::<Autopilot>),
    );
}

pub(super) fn take_screenshot(commands: &mut Commands, pilot: &mut Autopilot, name: &str) {
    let Some(dir) = &pilot.screenshots else {
        return;
    };
    pilot.shot += 1;
    let path = dir.join(format!("{:02}-{name}.png", pilot.shot));
    info!("screenshot {}", path.display());
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path));
}

#[expect(
    clippy::too_many_arguments,
    reason = "the autopilot drives every screen"
)]
fn fly(
    mut pilot: ResMut<Autopilot>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut mode: ResMut<PlayMode>,
    mut selected: ResMut<SelectedCase>,
    mut start: MessageWriter<StartCase>,
    session: Option<Res<Session>>,
    picks: Query<(Entity, &Pick)>,
    capturing: Query<(), With<Capturing>>,
    mut exit: MessageWriter<AppExit>,
    buttons: Query<(Entity, &ButtonLook)>,
    mut focus: ResMut<InputFocus>,
    mut focus_visible: ResMut<InputFocusVisible>,
    mut storage: ResMut<Storage>,
    ui: Res<Ui>,
) {
    if pilot.step.in_contest() {
        return;
    }
    if pilot.wait > 0 || !capturing.is_empty() {
        pilot.wait = pilot.wait.saturating_sub(1);
        return;
    }
    pilot.wait = SETTLE_FRAMES;
    match pilot.step {
        Phase::Focus => {
            // a signed-in trainee, so the run is saved and the history screen has data
            storage.trainee = Some(demo::TRAINEE.to_owned());
            // show the keyboard focus ring on the first menu button, as after pressing Tab
            if let Some((first, _)) = buttons
                .iter()
                .find(|(_, look)| **look == ButtonLook::Primary)
            {
                focus.set(first, FocusCause::Navigated);
                focus_visible.0 = true;
            }
            pilot.step = Phase::Title;
        }
        Phase::Title => {
            take_screenshot(&mut commands, &mut pilot, "title");
            next.set(Screen::Settings);
            pilot.step = Phase::Settings;
        }
        Phase::Settings => {
            take_screenshot(&mut commands, &mut pilot, "settings");
            focus_visible.0 = false;
            *mode = PlayMode::Practice;
            next.set(Screen::Library);
            pilot.step = Phase::Library;
        }
        Phase::Library => {
            take_screenshot(&mut commands, &mut pilot, "library");
            selected.0 = Some(CASE.to_owned());
            next.set(Screen::RoleChoice);
            pilot.step = Phase::Role;
        }
        Phase::Role => {
            take_screenshot(&mut commands, &mut pilot, "role");
            next.set(Screen::CaseMap);
            pilot.step = Phase::Map;
        }
        Phase::Map => {
            take_screenshot(&mut commands, &mut pilot, "case-map");
            start.write(StartCase {
                case_id: CASE.to_owned(),
                role: RoleChoice::All,
                seed: SEED,
                from: None,
                decision_limit_ms: None,
                contest: None,
            });
            pilot.step = Phase::Deciding;
        }
        Phase::Deciding => {
            let Some(session) = session else { return };
            let Some(pending) = session.playthrough.pending() else {
                pilot.step = Phase::Debrief;
                return;
            };
            let case = session.playthrough.case();
            let answer = match pilot.strategy {
                Strategy::Worst => pick::worst(case, pending.at),
                _ => pick::best(case, pending.at),
            };
            let step = case.graph.step(&case.scenario, pending.at);
            // press the screen's buttons as a trainee would: the choices now, the last one
            // (确认, or the line itself) after the photo
            let mut presses = picks_of(step, &answer);
            let Some(last) = presses.pop() else { return };
            let Some(buttons) = presses
                .iter()
                .map(|p| find_pick(&picks, *p))
                .collect::<Option<Vec<Entity>>>()
            else {
                // the decision's buttons are not on screen yet
                pilot.wait = 1;
                return;
            };
            for entity in buttons {
                commands.trigger(Activate { entity });
            }
            pilot.press = Some(last);
            let kind = step.kind_name();
            if pilot.kinds_shown.contains(&kind) {
                pilot.wait = 1;
            } else {
                // show the selections first, photograph them next frame round
                pilot.kinds_shown.push(kind);
                pilot.photo = Some(format!("play-{}", kind.to_lowercase()));
            }
            pilot.step = Phase::Answering;
        }
        Phase::Answering => {
            if let Some(name) = pilot.photo.take() {
                take_screenshot(&mut commands, &mut pilot, &name);
                return;
            }
            if let Some(last) = pilot.press.take() {
                let Some(entity) = find_pick(&picks, last) else {
                    pilot.press = Some(last);
                    pilot.wait = 1;
                    return;
                };
                commands.trigger(Activate { entity });
            }
            if !pilot.feedback_shown {
                pilot.feedback_shown = true;
                pilot.photo = Some("play-feedback".to_owned());
                return;
            }
            pilot.step = Phase::Deciding;
            pilot.wait = 1;
        }
        Phase::Debrief => {
            take_screenshot(&mut commands, &mut pilot, "debrief");
            next.set(Screen::History);
            pilot.step = Phase::History;
        }
        Phase::History => {
            take_screenshot(&mut commands, &mut pilot, "history");
            next.set(Screen::Leaderboard);
            pilot.step = Phase::Leaderboard;
        }
        Phase::Leaderboard => {
            take_screenshot(&mut commands, &mut pilot, "leaderboard");
            next.set(Screen::HeadOffice);
            pilot.step = Phase::HeadOffice;
        }
        Phase::HeadOffice => {
            // what the learning record store answered (or why it could not)
            take_screenshot(&mut commands, &mut pilot, "head-office");
            commands.insert_resource(contest::demo_setup(&ui));
            next.set(Screen::ContestSetup);
            pilot.step = Phase::ContestSetup;
        }
        Phase::ContestSetup
        | Phase::ContestTurn
        | Phase::ContestTimer
        | Phase::ContestDeciding
        | Phase::ContestReview
        | Phase::Podium => {}
        Phase::Exiting => {
            exit.write(AppExit::Success);
        }
    }
}

/// The button of the decision panel that makes this pick.
fn find_pick(picks: &Query<(Entity, &Pick)>, wanted: Pick) -> Option<Entity> {
    picks
        .iter()
        .find_map(|(entity, pick)| (*pick == wanted).then_some(entity))
}
