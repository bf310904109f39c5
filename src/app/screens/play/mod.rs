//! The play screen: customer panel, dialogue, the pending decision's controls, feedback in
//! practice mode, a banner when the customer passes to the next role, and stage progress.
//! Everything below the header is rebuilt from the session whenever it changes.

mod customer;
mod decision;

pub use decision::{Pick, picks_of};
mod dialogue;

use bevy::prelude::*;

use super::Screen;
use super::spawn_header;
use crate::app::contest::{ActiveContest, contest_banner};
use crate::app::i18n::{Ui, fill};
use crate::app::session::{Draft, PlayMode, Session, SubmitAnswer};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self};
use crate::playthrough::Event;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(decision::plugin);
    app.add_systems(
        Update,
        (
            answer_script_by_number_key,
            rebuild_play_screen.run_if(
                resource_exists_and_changed::<Session>
                    .or_eager(resource_changed::<Draft>)
                    .or_eager(resource_changed::<Ui>)
                    .or_eager(state_changed::<Screen>),
            ),
        )
            .chain()
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Session>)),
    );
}

#[derive(Component)]
struct PlayRoot;

#[expect(
    clippy::too_many_arguments,
    reason = "the play screen shows the session, the draft, the mode and the text"
)]
fn rebuild_play_screen(
    mut commands: Commands,
    roots: Query<Entity, With<PlayRoot>>,
    session: Res<Session>,
    draft: Res<Draft>,
    mode: Res<PlayMode>,
    ui: Res<Ui>,
    fonts: Res<UiFonts>,
    scrolled: Query<(&decision::DecisionPanel, &ScrollPosition)>,
    contest: Option<Res<ActiveContest>>,
) {
    // a click on a choice redraws the screen: keep the decision panel where it was scrolled to
    let pending = session.playthrough.pending().map(|p| p.at);
    let keep_scroll = scrolled
        .iter()
        .find(|(panel, _)| Some(panel.0) == pending)
        .map_or(0.0, |(_, position)| position.y);
    for root in &roots {
        commands.entity(root).despawn();
    }
    let playthrough = &session.playthrough;
    let case = playthrough.case();
    let stages = case.scenario.stages.len().max(1);
    let stage = playthrough.stage_index();
    let on_stage = contest.as_deref().filter(|c| c.playing.is_some());
    // a contest turn is judged like an exam: feedback on the screen would tell the teams still
    // to come the answers to the same customer
    let feedback = *mode == PlayMode::Practice && on_stage.is_none();
    let title = format!(
        "{} · {}",
        case.scenario.title,
        match (on_stage, *mode) {
            (Some(contest), _) => &contest.info.setup.name,
            (None, PlayMode::Practice) => &ui.mode_practice,
            (None, PlayMode::Exam) => &ui.mode_exam,
        }
    );
    let progress = fill(&fill(&ui.progress, "n", stage + 1), "total", stages);
    let root = commands
        .spawn((
            Name::new("Play screen"),
            PlayRoot,
            DespawnOnExit(Screen::Play),
            widget::screen_root(),
        ))
        .id();
    commands.entity(root).with_children(|parent| {
        let back = Screen::Play
            .back_during(on_stage.is_some())
            .unwrap_or(Screen::RoleChoice);
        spawn_header(parent, title, &ui, &fonts, back, |bar| {
            bar.spawn((
                Node {
                    width: px(260),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(4),
                    ..default()
                },
                children![
                    widget::text(progress, FONT_SMALL, HEADER_TEXT),
                    widget::meter((stage + 1) as f32 / stages as f32, FOCUS, 8.0),
                ],
            ));
        });
        if let Some(banner) = handover_banner(&session, &ui) {
            parent.spawn((
                Name::new("Handover banner"),
                Node {
                    padding: UiRect::axes(px(24), px(8)),
                    justify_content: JustifyContent::Center,
                    ..default()
                },
                BackgroundColor(BANNER),
                children![widget::text(banner, FONT_HEADING, HEADER_TEXT)],
            ));
        }
        if let Some(contest) = on_stage {
            contest_banner(parent, contest, &session, &ui, &fonts);
        }
        if let Some(notice) = &session.notice {
            parent.spawn((
                Node {
                    padding: UiRect::axes(px(24), px(8)),
                    ..default()
                },
                BackgroundColor(WARNING_BG),
                children![widget::text(notice.clone(), FONT_BODY, WARNING)],
            ));
        }
        parent
            .spawn(Node {
                flex_grow: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(16)),
                column_gap: px(16),
                ..default()
            })
            .with_children(|body| {
                customer::spawn_customer_panel(body, &session, &ui, &fonts, feedback);
                body.spawn(Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    min_width: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(12),
                    ..default()
                })
                .with_children(|column| {
                    dialogue::spawn_dialogue(column, &session, &ui);
                    if feedback && let Some(last) = &session.last {
                        dialogue::spawn_feedback(column, last, &session, &ui, &fonts);
                    }
                    decision::spawn_decision(column, &session, &draft, &ui, &fonts, keep_scroll);
                });
            });
    });
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
