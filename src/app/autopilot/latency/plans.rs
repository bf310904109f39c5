//! What to click next on each screen, until every kind of click has its samples.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::Screen;
use crate::app::autopilot::CASE;
use crate::app::autopilot::demo::TRAINEE;
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

use super::pointer::*;
use super::probe::Click;
use super::probe::*;
use super::report::{report, thread_cpu_ms};

/// Decides the next step from where the app is.
pub(super) fn plan(world: &mut World, probe: &mut Probe) -> Action {
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
pub(super) fn cycle_mode(cycle: usize) -> PlayMode {
    if cycle.is_multiple_of(2) {
        PlayMode::Practice
    } else {
        PlayMode::Exam
    }
}

/// Library → role choice → play (lines, chips, confirmations) → debrief → library.
pub(super) fn plan_cycle(world: &mut World, probe: &mut Probe, screen: Screen, ui: &Ui) -> Action {
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
pub(super) fn finish_run(world: &mut World) -> Action {
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

pub(super) fn plan_play(world: &mut World, probe: &mut Probe) -> Action {
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
        (Step::Script(_) | Step::MorningMeeting(_), Answer::Line(option)) => {
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
pub(super) fn confirm(
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

pub(super) fn click_pick(
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

pub(super) fn plan_setup(world: &mut World, probe: &mut Probe, screen: Screen, ui: &Ui) -> Action {
    let text = &ui.contest;
    if screen != Screen::ContestSetup {
        let mut draft = crate::app::autopilot::contest::demo_setup(ui);
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

pub(super) fn plan_scoreboard(
    world: &mut World,
    probe: &mut Probe,
    screen: Screen,
    ui: &Ui,
) -> Action {
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
    // the first item's chips (0, 1, 2) alternate between 2 and 1: the sheet's total changes
    let mark = if probe.count(Kind::ObserverScore).is_multiple_of(2) {
        2
    } else {
        1
    };
    let label = mark.to_string();
    let expect = Expect::Text(fill(
        &ui.contest.checklist_total,
        "points",
        format!("{:.1}", f64::from(mark)),
    ));
    click(world, probe, |t| t == label, Kind::ObserverScore, expect)
}
