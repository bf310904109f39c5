//! The autopilot's contest: four teams play the showcase in turn (some well, some badly),
//! observers add points, and the scoreboard and podium are photographed.

use bevy::prelude::*;
use bevy::render::view::screenshot::Capturing;
use bevy::ui_widgets::Activate;
use rand::SeedableRng;

use super::demo::{OBSERVER_SHEETS, TEAMS};
use super::{Autopilot, CASE, Phase, SEED, SETTLE_FRAMES, take_screenshot};
use crate::app::contest::setup::SetupDraft;
use crate::app::contest::timer::DrillTimer;
use crate::app::contest::{ActiveContest, StartTurn};
use crate::app::i18n::Ui;
use crate::app::library::Library;
use crate::app::screen::Screen;
use crate::app::screens::review::open_review;
use crate::app::session::{Session, SubmitAnswer};
use crate::app::storage::Storage;
use crate::app::theme::widget::ButtonLook;
use crate::competition::ObserverSheet;
use crate::playthrough::pick;
use crate::review::Which;

pub(super) fn demo_setup(ui: &Ui) -> SetupDraft {
    SetupDraft::demo(ui, &TEAMS, &[CASE], SEED)
}

#[expect(
    clippy::too_many_arguments,
    reason = "the autopilot drives the contest screens"
)]
pub(super) fn fly_contest(
    mut pilot: ResMut<Autopilot>,
    mut commands: Commands,
    capturing: Query<(), With<Capturing>>,
    buttons: Query<(Entity, &ButtonLook)>,
    contest: Option<ResMut<ActiveContest>>,
    session: Option<Res<Session>>,
    storage: Res<Storage>,
    screen: Res<State<Screen>>,
    mut turns: MessageWriter<StartTurn>,
    mut answers: MessageWriter<SubmitAnswer>,
    mut next: ResMut<NextState<Screen>>,
    library: Res<Library>,
) {
    if !pilot.step.in_contest() {
        return;
    }
    if pilot.wait > 0 || !capturing.is_empty() {
        pilot.wait = pilot.wait.saturating_sub(1);
        return;
    }
    pilot.wait = SETTLE_FRAMES;
    let press_primary = |commands: &mut Commands| {
        if let Some((button, _)) = buttons
            .iter()
            .find(|(_, look)| **look == ButtonLook::Primary)
        {
            commands.trigger(Activate { entity: button });
        }
    };
    match pilot.step {
        Phase::ContestSetup => {
            take_screenshot(&mut commands, &mut pilot, "contest-setup");
            press_primary(&mut commands);
            pilot.step = Phase::ContestTurn;
        }
        Phase::ContestTurn => {
            let Some(mut contest) = contest else { return };
            if *screen.get() != Screen::Scoreboard {
                return;
            }
            match contest.next_turn(&storage) {
                // the second team's preparation on the projector, before it goes on stage
                Some(turn) if turn.team == 1 && !pilot.timer_shown => {
                    pilot.timer_shown = true;
                    commands.insert_resource(DrillTimer::start(turn));
                    next.set(Screen::DrillTimer);
                    pilot.step = Phase::ContestTimer;
                }
                Some(turn) => {
                    // the play screen settles before it is photographed; other turns go on
                    // at once
                    pilot.wait = if turn.team == 1 && !pilot.contest_play_shown {
                        SETTLE_FRAMES
                    } else {
                        2
                    };
                    turns.write(StartTurn(turn));
                    pilot.step = Phase::ContestDeciding;
                }
                None if !pilot.observers_added => {
                    add_observer_points(&mut contest, &storage, &library);
                    pilot.observers_added = true;
                }
                None => {
                    take_screenshot(&mut commands, &mut pilot, "scoreboard");
                    open_review(
                        &mut commands,
                        &mut next,
                        Which::Competition(contest.info.setup.name.clone()),
                        Screen::Scoreboard,
                    );
                    pilot.step = Phase::ContestReview;
                }
            }
        }
        Phase::ContestTimer if *screen.get() == Screen::DrillTimer => {
            take_screenshot(&mut commands, &mut pilot, "drill-timer");
            next.set(Screen::Scoreboard);
            pilot.step = Phase::ContestTurn;
        }
        Phase::ContestReview if *screen.get() == Screen::Review => {
            take_screenshot(&mut commands, &mut pilot, "review");
            next.set(Screen::Scoreboard);
            pilot.step = Phase::Podium;
        }
        Phase::ContestDeciding => {
            let Some(session) = session else {
                return;
            };
            let Some(turn) = session
                .contest_turn()
                .filter(|_| session.contest_on_stage())
                .map(|t| t.turn)
            else {
                pilot.step = Phase::ContestTurn;
                return;
            };
            let Some(pending) = session.playthrough.pending() else {
                pilot.step = Phase::ContestTurn;
                return;
            };
            if turn.team == 1 && !pilot.contest_play_shown {
                pilot.contest_play_shown = true;
                take_screenshot(&mut commands, &mut pilot, "contest-play");
                return;
            }
            let case = session.playthrough.case();
            pilot.contest_decisions += 1;
            // teams answer differently, so the scoreboard has a spread and a red line
            let answer = match turn.team {
                0 | 3 => pick::best(case, pending.at),
                2 => pick::worst(case, pending.at),
                team => {
                    let seed = team as u64 * 1000 + pilot.contest_decisions;
                    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
                    if pilot.contest_decisions.is_multiple_of(3) {
                        pick::random(case, pending.at, &mut rng)
                    } else {
                        pick::best(case, pending.at)
                    }
                }
            };
            answers.write(SubmitAnswer(answer));
            pilot.wait = 1;
        }
        Phase::Podium => {
            if *screen.get() == Screen::Podium {
                take_screenshot(&mut commands, &mut pilot, "podium");
                pilot.step = Phase::Exiting;
            } else {
                press_primary(&mut commands);
            }
        }
        _ => {}
    }
}

/// What the room's observers judged, on the checklist of the case: two observers for one
/// team (their mean counts), one for another.
fn add_observer_points(contest: &mut ActiveContest, storage: &Storage, library: &Library) {
    let id = contest.info.id;
    for (team, observer, mark, comment) in OBSERVER_SHEETS {
        let turn = crate::competition::Turn { round: 0, team };
        let Some(case) = contest
            .info
            .setup
            .case_of(turn)
            .and_then(|case| library.case(&case))
        else {
            continue;
        };
        let checklist = case.checklist();
        let marks: Vec<(usize, u8, String)> = (0..checklist.items.len())
            .map(|i| {
                (
                    i,
                    mark,
                    if i == 0 {
                        comment.to_owned()
                    } else {
                        String::new()
                    },
                )
            })
            .collect();
        let sheet = match ObserverSheet::fill(&checklist, team, 0, observer, &marks) {
            Ok(sheet) => sheet,
            Err(e) => {
                warn!("{e}");
                continue;
            }
        };
        if let Some(Err(e)) = storage.with(|store| store.add_observer_sheet(id, &sheet)) {
            warn!("{e}");
        }
    }
    if let Err(e) = contest.refresh(storage) {
        warn!("{e}");
    }
}
