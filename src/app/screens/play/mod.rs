//! The play screen: customer panel, dialogue, the pending decision's controls, feedback in
//! practice mode, a banner when the customer passes to the next role, and stage progress.
//!
//! The screen is built once when a run comes on screen (entering the screen, a restart, a
//! reloaded case, another language); after that each part changes in place: an answer appends
//! to the dialogue, replaces the feedback's and the decision panel's content and moves the
//! meters; a click on a choice only restyles that button (see `decision::restyle`), so no
//! Chinese text is shaped again that did not change.

mod customer;
mod decision;
mod dialogue;

pub use decision::{Pick, picks_of};

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::app::contest::{ActiveContest, acting_member, contest_banner};
use crate::app::i18n::{Ui, fill};
use crate::app::screen::{Screen, screen_root};
use crate::app::session::{Draft, PlayMode, Session, SubmitAnswer, apply_answers};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::layout::{self, spawn_header};
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self};
use crate::playthrough::Event;
use crate::scenario::model::Role;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((decision::plugin, dialogue::plugin));
    app.add_systems(
        Update,
        (
            // a key answers before the session takes answers, and the screen shows the session
            // after it took them, both in the frame of the key or the click: the windowed app
            // may run no other frame until the mouse moves
            answer_script_by_number_key.before(apply_answers),
            (
                (
                    spawn_play_screen,
                    (update_play_screen, update_progress, customer::update_mood),
                )
                    .chain()
                    .run_if(
                        resource_exists_and_changed::<Session>
                            .or_eager(resource_changed::<Ui>)
                            .or_eager(state_changed::<Screen>),
                    ),
                decision::restyle.run_if(resource_changed::<Draft>),
            )
                .chain()
                .after(apply_answers),
        )
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Session>)),
    );
}

/// Which run the screen shows: another one (a restart, a reloaded case) builds it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RunKey {
    case: usize,
    seed: u64,
    started: DateTime<Utc>,
}

impl RunKey {
    fn of(session: &Session) -> Self {
        let playthrough = &session.playthrough;
        RunKey {
            case: std::sync::Arc::as_ptr(playthrough.case()) as usize,
            seed: playthrough.variant().seed,
            started: playthrough.transcript().started_at,
        }
    }
}

/// The screen's root, with what its changing parts show now.
#[derive(Component)]
struct PlayRoot {
    run: RunKey,
    /// The banners' content now.
    banners: Option<BannersShown>,
    /// The decisions answered when the feedback and the decision panel were last filled.
    answered: Option<usize>,
}

/// What the banners under the header say: the handover, the contest member on stage, a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BannersShown {
    handover: Option<String>,
    member: Option<(Role, String)>,
    notice: Option<String>,
}

/// Stage progress in the header: its words and the bar's fill.
#[derive(Component)]
struct ProgressText;

#[derive(Component)]
struct ProgressFill;

/// The strip under the header for the handover, contest and notice banners.
#[derive(Component)]
struct Banners;

/// The contest, while the session is one of its turns on stage (the session knows).
fn contest_turn<'a>(
    contest: Option<&'a ActiveContest>,
    session: &Session,
) -> Option<&'a ActiveContest> {
    contest.filter(|_| session.contest_on_stage())
}

/// Builds the screen for the run in the session, unless it already shows it.
#[expect(
    clippy::too_many_arguments,
    reason = "the play screen shows the session, the mode and the text"
)]
fn spawn_play_screen(
    mut commands: Commands,
    roots: Query<(Entity, &PlayRoot)>,
    session: Res<Session>,
    mode: Res<PlayMode>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    contest: Option<Res<ActiveContest>>,
    mut folded: ResMut<dialogue::DialogueFolded>,
) {
    let run = RunKey::of(&session);
    if !ui.is_changed()
        && let Ok((_, root)) = roots.single()
        && root.run == run
    {
        return;
    }
    for (root, _) in &roots {
        commands.entity(root).despawn();
    }
    // a new run starts with the dialogue folded to its latest exchange
    folded.0 = true;
    let playthrough = &session.playthrough;
    let case = playthrough.case();
    let on_stage = contest_turn(contest.as_deref(), &session);
    let feedback = session.shows_feedback();
    let title = format!(
        "{} · {}",
        case.scenario.title,
        match (on_stage, *mode) {
            (Some(contest), _) => &contest.info.setup.name,
            (None, PlayMode::Practice) => &ui.mode_practice,
            (None, PlayMode::Exam) => &ui.mode_exam,
        }
    );
    let root = commands
        .spawn((
            screen_root("Play screen", Screen::Play),
            PlayRoot {
                run,
                banners: None,
                answered: None,
            },
        ))
        .id();
    commands.entity(root).with_children(|parent| {
        let back = Screen::Play
            .back_during(on_stage.is_some())
            .unwrap_or(Screen::RoleChoice);
        spawn_header(parent, title, &ui, &fonts, back, |bar| {
            bar.spawn(Node {
                width: px(260),
                flex_shrink: 0.0,
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                ..default()
            })
            .with_children(|progress| {
                progress.spawn((ProgressText, widget::text("", FONT_SMALL, HEADER_TEXT)));
                progress
                    .spawn((
                        Node {
                            width: percent(100),
                            height: px(8),
                            border_radius: BorderRadius::all(px(4)),
                            overflow: Overflow::clip(),
                            ..default()
                        },
                        BackgroundColor(BORDER),
                    ))
                    .with_child((
                        ProgressFill,
                        Node {
                            width: percent(0),
                            height: percent(100),
                            ..default()
                        },
                        BackgroundColor(FOCUS),
                    ));
            });
        });
        parent.spawn((
            Name::new("Banners"),
            Banners,
            Node {
                flex_direction: FlexDirection::Column,
                flex_shrink: 0.0,
                ..default()
            },
        ));
        parent.spawn(layout::body()).with_children(|body| {
            customer::spawn_customer_panel(body, &session, &ui, &fonts, feedback);
            body.spawn(Node {
                flex_grow: 1.0,
                flex_basis: px(0),
                min_width: px(0),
                flex_direction: FlexDirection::Column,
                row_gap: px(10),
                ..default()
            })
            .with_children(|column| {
                dialogue::spawn_dialogue(column, &ui);
                // an exam or a contest turn keeps the feedback for the debrief
                if feedback {
                    dialogue::spawn_feedback_slot(column);
                }
                decision::spawn_decision_panel(column);
            });
        });
    });
}

/// The parts of the screen that follow the session, each changed only when what it shows did.
#[expect(
    clippy::too_many_arguments,
    reason = "each changing part of the screen is one query"
)]
fn update_play_screen(
    mut commands: Commands,
    mut roots: Query<&mut PlayRoot>,
    session: Res<Session>,
    draft: Res<Draft>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    contest: Option<Res<ActiveContest>>,
    banners: Query<Entity, With<Banners>>,
    mut dialogue: dialogue::DialogueParts,
    feedback_slot: Query<Entity, With<dialogue::FeedbackSlot>>,
    panel: Query<Entity, With<decision::DecisionPanel>>,
) {
    let Ok(mut root) = roots.single_mut() else {
        return;
    };
    let playthrough = &session.playthrough;
    let banner_now = BannersShown {
        handover: handover_banner(&session, &ui),
        member: session
            .contest_turn()
            .filter(|_| session.contest_on_stage())
            .and_then(|turn| acting_member(turn, &session)),
        notice: session.notice.clone(),
    };
    if root.banners.as_ref() != Some(&banner_now)
        && let Ok(strip) = banners.single()
    {
        commands.entity(strip).despawn_children();
        commands.entity(strip).with_children(|parent| {
            if let Some(banner) = &banner_now.handover {
                parent.spawn((
                    Name::new("Handover banner"),
                    Node {
                        padding: UiRect::axes(px(24), px(8)),
                        justify_content: JustifyContent::Center,
                        ..default()
                    },
                    BackgroundColor(BANNER),
                    children![widget::text(banner.clone(), FONT_HEADING, HEADER_TEXT)],
                ));
            }
            if let Some(contest) = contest_turn(contest.as_deref(), &session) {
                contest_banner(parent, contest, &session, &ui, &fonts);
            }
            if let Some(notice) = &banner_now.notice {
                parent.spawn((
                    Node {
                        padding: UiRect::axes(px(24), px(8)),
                        ..default()
                    },
                    BackgroundColor(WARNING_BG),
                    children![widget::text(notice.clone(), FONT_BODY, WARNING)],
                ));
            }
        });
        root.banners = Some(banner_now);
    }

    dialogue::append(&mut commands, &mut dialogue, &session, &ui);

    let answered = playthrough.scores().len();
    if root.answered != Some(answered) {
        root.answered = Some(answered);
        if let Ok(slot) = feedback_slot.single() {
            let last = session.last.as_ref();
            dialogue::fill_feedback(&mut commands, slot, last, &session, &ui, &fonts);
        }
        if let Ok(panel) = panel.single() {
            decision::fill_decision(&mut commands, panel, &session, &draft, &ui, &fonts);
        }
    }
}

/// The stage the case is in, in the header.
fn update_progress(
    session: Res<Session>,
    ui: Res<Ui>,
    mut progress: Query<&mut Text, With<ProgressText>>,
    mut fills: Query<&mut Node, With<ProgressFill>>,
) {
    let playthrough = &session.playthrough;
    let stages = playthrough.case().scenario.stages.len().max(1);
    let stage = playthrough.stage_index();
    let words = fill(&fill(&ui.progress, "n", stage + 1), "total", stages);
    for mut text in &mut progress {
        if text.0 != words {
            text.0 = words.clone();
        }
    }
    let share = percent(100.0 * (stage + 1).min(stages) as f32 / stages as f32);
    for mut node in &mut fills {
        if node.width != share {
            node.width = share;
        }
    }
}

/// "现在由 大堂经理 接手" when the trainee's role took over since the last decision.
fn handover_banner(session: &Session, ui: &Ui) -> Option<String> {
    let events = &session.playthrough.transcript().events;
    let since = events
        .iter()
        .rposition(|e| matches!(e, Event::Decision { .. }))
        .map_or(0, |i| i + 1);
    events[since..].iter().rev().find_map(|e| match e {
        Event::StageEntered {
            role,
            played_by_trainee: true,
            ..
        } if session.playthrough.pending().is_some() => {
            Some(fill(&ui.stage_banner, "role", ui.role(*role)))
        }
        _ => None,
    })
}

/// The number keys 1–5 choose the script line shown at that position.
fn answer_script_by_number_key(
    keys: Res<ButtonInput<KeyCode>>,
    session: Res<Session>,
    mut answers: MessageWriter<SubmitAnswer>,
) {
    const DIGITS: [KeyCode; 5] = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ];
    const NUMPAD: [KeyCode; 5] = [
        KeyCode::Numpad1,
        KeyCode::Numpad2,
        KeyCode::Numpad3,
        KeyCode::Numpad4,
        KeyCode::Numpad5,
    ];
    let Some(position) =
        (0..DIGITS.len()).find(|&n| keys.just_pressed(DIGITS[n]) || keys.just_pressed(NUMPAD[n]))
    else {
        return;
    };
    if let Some(answer) = session
        .playthrough
        .shown()
        .and_then(|shown| shown.line_at(position))
    {
        answers.write(SubmitAnswer(answer));
    }
}
