//! Controls for the pending decision: line choice, identification, referral card, handoff
//! builder, each list in the order [`shown`](crate::playthrough::shown) gives. Every choice is
//! a button carrying the [`Pick`] it makes; one observer turns a press into an edit of the
//! `Draft` or, for a line or 确认, a `SubmitAnswer` message.

use bevy::prelude::*;
use bevy::ui::UiSystems;
use bevy::ui_widgets::{Activate, ControlOrientation, Scrollbar, ScrollbarThumb};

use crate::app::i18n::Ui;
use crate::app::session::{Draft, Session, SubmitAnswer};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook, SelectedMark};
use crate::playthrough::{Choice, Choices};
use crate::scenario::model::{Step, Tier};
use crate::scoring::Answer;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(press)
        .add_systems(PostUpdate, show_scroll_bars.after(UiSystems::Layout));
}

/// What a button of the decision panel does when pressed. Indexes count the step's own lists
/// in file order (as [`Choice::index`] does), whatever position the button is shown at.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Answers the script with this line at once.
    Line(usize),
    Tier(Tier),
    /// Toggles the step's cue with this index.
    Cue(usize),
    /// Toggles the step's need with this index.
    Need(usize),
    /// Fills the card field (its number in the card) with this choice.
    Field(usize, usize),
    Route(usize),
    /// Appends the handoff action with this index to the sequence.
    Action(usize),
    /// Takes back the last handoff action.
    Undo,
    /// Sends the answer put together (when it is complete).
    Confirm,
}

/// The frame of the pending decision, refilled by [`fill_decision`] after each answer.
#[derive(Component)]
pub(super) struct DecisionPanel;

/// The frame of the decision panel: the current decision takes the room the dialogue leaves.
pub(super) fn spawn_decision_panel(parent: &mut ChildSpawnerCommands) {
    parent.spawn((
        Name::new("Decision"),
        DecisionPanel,
        widget::panel_in(
            Node {
                flex_direction: FlexDirection::Column,
                flex_grow: 1.0,
                flex_shrink: 1.0,
                min_height: px(0),
                padding: UiRect::all(px(12)),
                row_gap: px(6),
                ..default()
            },
            ACCENT,
        ),
    ));
}

/// Replaces the panel's content with the pending decision's (hides it once the case is over):
/// who answers and the question on top, the choices in a scrolling area, and the buttons that
/// send the answer at the bottom, always in sight.
pub(super) fn fill_decision(
    commands: &mut Commands,
    panel: Entity,
    session: &Session,
    draft: &Draft,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let playthrough = &session.playthrough;
    let mut panel = commands.entity(panel);
    panel.despawn_children();
    let (Some(step), Some(shown)) = (playthrough.pending_step(), playthrough.shown()) else {
        panel
            .entry::<Node>()
            .and_modify(|mut node| node.display = Display::None);
        return;
    };
    panel
        .entry::<Node>()
        .and_modify(|mut node| node.display = Display::Flex);
    panel.with_children(|panel| {
        panel.spawn(widget::text(
            format!("{} · {}", ui.your_turn, ui.role(shown.role)),
            FONT_SMALL,
            ACCENT,
        ));
        panel.spawn((
            widget::heading(shown.prompt.clone(), FONT_BODY, &fonts.bold),
            Node {
                flex_shrink: 0.0,
                ..default()
            },
        ));
        let ready = answer_of(step, draft).is_some();
        // the choices scroll inside the panel, with a scroll bar when they overflow
        let mut frame = panel.spawn(Node {
            flex_grow: 1.0,
            flex_shrink: 1.0,
            min_height: px(0),
            flex_direction: FlexDirection::Column,
            ..default()
        });
        let mut area = None;
        frame.with_children(|frame| {
            let mut choices = frame.spawn((
                Name::new("Choices"),
                Node {
                    flex_grow: 1.0,
                    min_height: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(6),
                    padding: UiRect::right(px(14)),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ScrollPosition::default(),
            ));
            area = Some(choices.id());
            choices.with_children(|area| choices_of(area, &shown.choices, step, draft, ui));
        });
        if let Some(area) = area {
            frame.with_child(scroll_bar(area));
        }
        panel
            .spawn(Node {
                flex_shrink: 0.0,
                column_gap: px(12),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|footer| match &shown.choices {
                Choices::Script { .. } => {
                    footer.spawn(widget::muted(ui.keys_hint.clone()));
                }
                choices => {
                    if matches!(choices, Choices::Handoff { .. }) {
                        footer.spawn((
                            widget::button(ui.undo.clone(), ButtonLook::Plain),
                            Pick::Undo,
                        ));
                    }
                    footer.spawn(Node {
                        flex_grow: 1.0,
                        ..default()
                    });
                    let look = if ready {
                        ButtonLook::Primary
                    } else {
                        ButtonLook::Plain
                    };
                    footer.spawn((widget::button(ui.confirm.clone(), look), Pick::Confirm));
                }
            });
    });
}

/// The choices of the decision, each list in the order shown.
fn choices_of(
    area: &mut ChildSpawnerCommands,
    choices: &Choices,
    step: &Step,
    draft: &Draft,
    ui: &Ui,
) {
    match choices {
        Choices::Script { lines } => {
            for (n, line) in lines.iter().enumerate() {
                let label = format!("{}. {}", n + 1, line.text);
                area.spawn((
                    widget::choice_button(label, ButtonLook::Plain),
                    Pick::Line(line.index),
                ));
            }
        }
        Choices::Identify { tiers, cues, needs } => {
            if !tiers.is_empty() {
                labelled_row(area, &ui.identify_tier, |row| {
                    for &tier in tiers {
                        row.spawn(choice_chip(ui.tier(tier), Pick::Tier(tier), step, draft));
                    }
                });
            }
            chips(area, &ui.identify_cues, cues, Pick::Cue, step, draft);
            chips(area, &ui.identify_needs, needs, Pick::Need, step, draft);
        }
        Choices::Card { fields, route } => {
            for (f, field) in fields.iter().enumerate() {
                chips(
                    area,
                    ui.card_field(field.field),
                    &field.choices,
                    |i| Pick::Field(f, i),
                    step,
                    draft,
                );
            }
            chips(area, &ui.card_route, route, Pick::Route, step, draft);
        }
        Choices::Handoff { actions } => {
            chips(area, &ui.handoff_pool, actions, Pick::Action, step, draft);
        }
        // a follow-up form's columns, shown and answered like the card's fields
        Choices::Form { fields } => {
            for (f, field) in fields.iter().enumerate() {
                chips(
                    area,
                    ui.card_field(field.field),
                    &field.choices,
                    |i| Pick::Field(f, i),
                    step,
                    draft,
                );
            }
        }
    }
}

/// A thin scroll bar at the right edge of the choices, shown while they overflow.
fn scroll_bar(target: Entity) -> impl Bundle {
    (
        Scrollbar::new(target, ControlOrientation::Vertical, 24.0),
        Node {
            position_type: PositionType::Absolute,
            right: px(0),
            top: px(0),
            bottom: px(0),
            width: px(8),
            border_radius: BorderRadius::all(px(4)),
            ..default()
        },
        BackgroundColor(SURFACE_MUTED),
        Visibility::Hidden,
        children![(
            ScrollbarThumb {
                border_radius: BorderRadius::all(px(4)),
                ..default()
            },
            BackgroundColor(TEXT_MUTED.with_alpha(0.6)),
        )],
    )
}

/// Shows a scroll bar only while its list is longer than the room it has.
fn show_scroll_bars(mut bars: Query<(&Scrollbar, &mut Visibility)>, targets: Query<&ComputedNode>) {
    for (bar, mut visibility) in &mut bars {
        let Ok(target) = targets.get(bar.target) else {
            continue;
        };
        let overflows = target.content_size().y > target.size().y + 1.0;
        visibility.set_if_neq(if overflows {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

/// A row of choices filled by `choices`, wrapping, with a small label on its left.
fn labelled_row(
    panel: &mut ChildSpawnerCommands,
    label: &str,
    choices: impl FnOnce(&mut ChildSpawnerCommands),
) {
    panel
        .spawn(Node {
            flex_shrink: 0.0,
            column_gap: px(10),
            align_items: AlignItems::FlexStart,
            ..default()
        })
        .with_children(|row| {
            row.spawn((
                Node {
                    width: px(LABEL_WIDTH),
                    flex_shrink: 0.0,
                    margin: UiRect::top(px(6)),
                    ..default()
                },
                children![widget::text(label.to_owned(), FONT_SMALL, TEXT_MUTED)],
            ));
            row.spawn(Node {
                flex_grow: 1.0,
                flex_basis: px(0),
                min_width: px(0),
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(6),
                row_gap: px(6),
                align_items: AlignItems::FlexStart,
                ..default()
            })
            .with_children(choices);
        });
}

/// The width of a row's label: long enough for 关键线索（可多选） on two lines.
const LABEL_WIDTH: f32 = 112.0;

/// A labelled row of chips, one per choice in the order shown.
fn chips(
    panel: &mut ChildSpawnerCommands,
    label: &str,
    choices: &[Choice],
    pick: impl Fn(usize) -> Pick,
    step: &Step,
    draft: &Draft,
) {
    if choices.is_empty() {
        return;
    }
    labelled_row(panel, label, |row| {
        for choice in choices {
            row.spawn(choice_chip(&choice.text, pick(choice.index), step, draft));
        }
    });
}

fn choice_chip(text: &str, pick: Pick, step: &Step, draft: &Draft) -> impl Bundle {
    let (look, mark) = look_of(pick, step, draft);
    (widget::chip(text.to_owned(), look), pick, mark)
}

/// How a choice looks with this draft, and its mark when selected: a handoff action shows its
/// place in the sequence, the others a tick.
fn look_of(pick: Pick, step: &Step, draft: &Draft) -> (ButtonLook, SelectedMark) {
    let order = match (pick, step) {
        (Pick::Action(i), Step::Handoff(h)) => h
            .actions
            .get(i)
            .and_then(|a| draft.handoff.iter().position(|id| id == &a.id)),
        _ => None,
    };
    let mark = SelectedMark(order.map_or_else(|| widget::TICK.to_owned(), |n| (n + 1).to_string()));
    if chosen(pick, step, draft) {
        (ButtonLook::Selected, mark)
    } else {
        (ButtonLook::Plain, mark)
    }
}

/// Restyles the decision's buttons after a click changed the draft: only the looks and marks
/// that differ change, so the panel is neither rebuilt nor laid out anew.
pub(super) fn restyle(
    session: Res<Session>,
    draft: Res<Draft>,
    mut buttons: Query<(&Pick, &mut ButtonLook, Option<&mut SelectedMark>)>,
) {
    let Some(step) = session.playthrough.pending_step() else {
        return;
    };
    let ready = answer_of(step, &draft).is_some();
    for (&pick, mut look, mark) in &mut buttons {
        let (now, now_mark) = match pick {
            Pick::Confirm if ready => (ButtonLook::Primary, None),
            Pick::Line(_) | Pick::Undo | Pick::Confirm => (ButtonLook::Plain, None),
            _ => {
                let (look, mark) = look_of(pick, step, &draft);
                (look, Some(mark))
            }
        };
        look.set_if_neq(now);
        if let (Some(mut mark), Some(now_mark)) = (mark, now_mark) {
            mark.set_if_neq(now_mark);
        }
    }
}

/// Whether the draft holds this pick.
fn chosen(pick: Pick, step: &Step, draft: &Draft) -> bool {
    match (pick, step) {
        (Pick::Tier(tier), _) => draft.tier == Some(tier),
        (Pick::Cue(i), Step::Identify(s)) => s.cues.get(i).is_some_and(|c| draft.cues.contains(c)),
        (Pick::Need(i), Step::Identify(s)) => {
            s.needs.get(i).is_some_and(|n| draft.needs.contains(n))
        }
        (Pick::Field(f, i), _) => draft.card.get(f).copied().flatten() == Some(i),
        (Pick::Route(i), _) => draft.route == Some(i),
        (Pick::Action(i), Step::Handoff(h)) => h
            .actions
            .get(i)
            .is_some_and(|a| draft.handoff.contains(&a.id)),
        _ => false,
    }
}

/// The answer the draft makes for this step, once it is complete enough to send.
fn answer_of(step: &Step, draft: &Draft) -> Option<Answer> {
    match step {
        Step::Identify(s) => (!s.tier || draft.tier.is_some()).then(|| Answer::Identify {
            tier: draft.tier,
            cues: draft.cues.iter().cloned().collect(),
            needs: draft.needs.iter().cloned().collect(),
        }),
        Step::ReferralCard(c) => {
            let fields: Option<Vec<usize>> = (0..c.fields.len())
                .map(|f| draft.card.get(f).copied().flatten())
                .collect();
            Some(Answer::Card {
                fields: fields?,
                route: draft.route?,
            })
        }
        Step::Handoff(_) => {
            (!draft.handoff.is_empty()).then(|| Answer::Handoff(draft.handoff.clone()))
        }
        Step::TrackingSheet(form) | Step::ReferralRecord(form) => (0..form.fields.len())
            .map(|f| draft.card.get(f).copied().flatten())
            .collect::<Option<Vec<usize>>>()
            .map(Answer::Form),
        _ => None,
    }
}

/// A press on a decision button: edits the draft, or sends the answer.
fn press(
    event: On<Activate>,
    picks: Query<&Pick>,
    session: Option<Res<Session>>,
    mut draft: ResMut<Draft>,
    mut answers: MessageWriter<SubmitAnswer>,
) {
    let (Ok(&pick), Some(session)) = (picks.get(event.entity), session) else {
        return;
    };
    let Some(step) = session.playthrough.pending_step() else {
        return;
    };
    match (pick, step) {
        (Pick::Line(i), Step::Script(_) | Step::MorningMeeting(_)) => {
            answers.write(SubmitAnswer(Answer::Line(i)));
        }
        (Pick::Tier(tier), _) => draft.tier = Some(tier),
        (Pick::Cue(i), Step::Identify(s)) => {
            if let Some(cue) = s.cues.get(i)
                && !draft.cues.remove(cue)
            {
                draft.cues.insert(cue.clone());
            }
        }
        (Pick::Need(i), Step::Identify(s)) => {
            if let Some(need) = s.needs.get(i)
                && !draft.needs.remove(need)
            {
                draft.needs.insert(need.clone());
            }
        }
        (Pick::Field(f, i), step) => {
            let fields = match step {
                Step::ReferralCard(card) => card.fields.len(),
                Step::TrackingSheet(form) | Step::ReferralRecord(form) => form.fields.len(),
                _ => 0,
            };
            draft.card.resize(fields, None);
            if let Some(slot) = draft.card.get_mut(f) {
                *slot = Some(i);
            }
        }
        (Pick::Route(i), _) => draft.route = Some(i),
        (Pick::Action(i), Step::Handoff(h)) => {
            // a second press takes the action out of the sequence; the others keep their order
            if let Some(action) = h.actions.get(i) {
                match draft.handoff.iter().position(|id| id == &action.id) {
                    Some(n) => {
                        draft.handoff.remove(n);
                    }
                    None => draft.handoff.push(action.id.clone()),
                }
            }
        }
        (Pick::Undo, _) => {
            draft.handoff.pop();
        }
        (Pick::Confirm, step) => {
            if let Some(answer) = answer_of(step, &draft) {
                answers.write(SubmitAnswer(answer));
            }
        }
        _ => {}
    }
}

/// The buttons to press, in order, to give `answer` at `step`: the choices, then 确认 (a script
/// line is answered by its own button). For the autopilot and tests, which press the screen's
/// buttons as a trainee would.
pub fn picks_of(step: &Step, answer: &Answer) -> Vec<Pick> {
    let mut picks: Vec<Pick> = match (step, answer) {
        (Step::Script(_) | Step::MorningMeeting(_), Answer::Line(i)) => {
            return vec![Pick::Line(*i)];
        }
        (Step::Identify(s), Answer::Identify { tier, cues, needs }) => tier
            .map(Pick::Tier)
            .into_iter()
            .chain(
                cues.iter()
                    .filter_map(|c| s.cues.iter().position(|x| x == c))
                    .map(Pick::Cue),
            )
            .chain(
                needs
                    .iter()
                    .filter_map(|n| s.needs.iter().position(|x| x == n))
                    .map(Pick::Need),
            )
            .collect(),
        (Step::ReferralCard(_), Answer::Card { fields, route }) => fields
            .iter()
            .enumerate()
            .map(|(f, &i)| Pick::Field(f, i))
            .chain([Pick::Route(*route)])
            .collect(),
        (Step::TrackingSheet(_) | Step::ReferralRecord(_), Answer::Form(row)) => row
            .iter()
            .enumerate()
            .map(|(f, &i)| Pick::Field(f, i))
            .collect(),
        (Step::Handoff(h), Answer::Handoff(sequence)) => sequence
            .iter()
            .filter_map(|id| h.actions.iter().position(|a| &a.id == id))
            .map(Pick::Action)
            .collect(),
        _ => Vec::new(),
    };
    picks.push(Pick::Confirm);
    picks
}
