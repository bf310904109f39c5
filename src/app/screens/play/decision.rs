//! Controls for the pending decision: line choice, identification, referral card, handoff
//! builder, each list in the order [`shown`](crate::playthrough::shown) gives. Every choice is
//! a button carrying the [`Pick`] it makes; one observer turns a press into an edit of the
//! `Draft` or, for a line or 确认, a `SubmitAnswer` message.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::Ui;
use crate::app::session::{Draft, Session, SubmitAnswer};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::{Choice, Choices};
use crate::scenario::model::{Step, Tier};
use crate::scoring::Answer;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(press);
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

/// The panel of the decision at this step number, and how far it is scrolled.
#[derive(Component)]
pub(super) struct DecisionPanel(pub usize);

pub(super) fn spawn_decision(
    parent: &mut ChildSpawnerCommands,
    session: &Session,
    draft: &Draft,
    ui: &Ui,
    fonts: &UiFonts,
    scroll: f32,
) {
    let playthrough = &session.playthrough;
    let (Some(step), Some(shown)) = (playthrough.pending_step(), playthrough.shown()) else {
        return;
    };
    parent
        .spawn((
            Name::new("Decision"),
            DecisionPanel(shown.at),
            widget::panel_in(
                Node {
                    flex_direction: FlexDirection::Column,
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    min_height: px(0),
                    padding: UiRect::all(px(14)),
                    row_gap: px(6),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ACCENT,
            ),
            ScrollPosition(Vec2::new(0.0, scroll)),
        ))
        .with_children(|panel| {
            panel.spawn(widget::text(
                format!("{} · {}", ui.your_turn, ui.role(shown.role)),
                FONT_SMALL,
                ACCENT,
            ));
            panel.spawn(widget::heading(
                shown.prompt.clone(),
                FONT_BODY,
                &fonts.bold,
            ));
            let ready = answer_of(step, draft).is_some();
            match &shown.choices {
                Choices::Script { lines } => {
                    for (n, line) in lines.iter().enumerate() {
                        let label = format!("{}. {}", n + 1, line.text);
                        panel.spawn((
                            widget::button(label, ButtonLook::Plain),
                            Pick::Line(line.index),
                        ));
                    }
                    panel.spawn(widget::muted(ui.keys_hint.clone()));
                }
                Choices::Identify { tiers, cues, needs } => {
                    if !tiers.is_empty() {
                        labelled_row(panel, &ui.identify_tier, |row| {
                            for &tier in tiers {
                                row.spawn(choice_chip(
                                    ui.tier(tier),
                                    Pick::Tier(tier),
                                    step,
                                    draft,
                                ));
                            }
                        });
                    }
                    chips(panel, &ui.identify_cues, cues, Pick::Cue, step, draft);
                    chips(panel, &ui.identify_needs, needs, Pick::Need, step, draft);
                    confirm(panel, ui, ready);
                }
                Choices::Card { fields, route } => {
                    for (f, field) in fields.iter().enumerate() {
                        chips(
                            panel,
                            ui.card_field(field.field),
                            &field.choices,
                            |i| Pick::Field(f, i),
                            step,
                            draft,
                        );
                    }
                    chips(panel, &ui.card_route, route, Pick::Route, step, draft);
                    confirm(panel, ui, ready);
                }
                Choices::Handoff { actions } => handoff(panel, actions, step, draft, ui, ready),
            }
        });
}

/// A small label above a wrapping row of choices filled by `choices`.
fn labelled_row(
    panel: &mut ChildSpawnerCommands,
    label: &str,
    choices: impl FnOnce(&mut ChildSpawnerCommands),
) {
    panel.spawn(widget::text(label.to_owned(), FONT_SMALL, TEXT_MUTED));
    panel
        .spawn(Node {
            flex_wrap: FlexWrap::Wrap,
            column_gap: px(6),
            row_gap: px(6),
            flex_shrink: 0.0,
            align_items: AlignItems::FlexStart,
            ..default()
        })
        .with_children(choices);
}

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
    let look = if chosen(pick, step, draft) {
        ButtonLook::Selected
    } else {
        ButtonLook::Plain
    };
    (widget::chip(text.to_owned(), look), pick)
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
        _ => None,
    }
}

fn confirm(panel: &mut ChildSpawnerCommands, ui: &Ui, ready: bool) {
    let look = if ready {
        ButtonLook::Primary
    } else {
        ButtonLook::Plain
    };
    panel.spawn((widget::button(ui.confirm.clone(), look), Pick::Confirm));
}

fn handoff(
    panel: &mut ChildSpawnerCommands,
    actions: &[Choice],
    step: &Step,
    draft: &Draft,
    ui: &Ui,
    ready: bool,
) {
    labelled_row(panel, &ui.handoff_pool, |pool| {
        for action in actions {
            if chosen(Pick::Action(action.index), step, draft) {
                continue;
            }
            pool.spawn((
                widget::chip(action.text.clone(), ButtonLook::Plain),
                Pick::Action(action.index),
            ));
        }
    });
    panel.spawn(widget::text(
        ui.handoff_sequence.clone(),
        FONT_SMALL,
        TEXT_MUTED,
    ));
    if draft.handoff.is_empty() {
        panel.spawn(widget::muted(ui.handoff_empty.clone()));
    }
    if let Step::Handoff(h) = step {
        for (n, id) in draft.handoff.iter().enumerate() {
            let text = actions
                .iter()
                .find(|a| h.actions.get(a.index).is_some_and(|x| &x.id == id))
                .map(|a| a.text.clone())
                .unwrap_or_default();
            panel.spawn(widget::text(format!("{}. {text}", n + 1), FONT_SMALL, TEXT));
        }
    }
    panel.spawn(Node::default()).with_children(|buttons| {
        buttons.spawn((
            widget::button(ui.undo.clone(), ButtonLook::Plain),
            Pick::Undo,
        ));
    });
    confirm(panel, ui, ready);
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
        (Pick::Line(i), Step::Script(_)) => {
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
        (Pick::Field(f, i), Step::ReferralCard(c)) => {
            draft.card.resize(c.fields.len(), None);
            if let Some(slot) = draft.card.get_mut(f) {
                *slot = Some(i);
            }
        }
        (Pick::Route(i), _) => draft.route = Some(i),
        (Pick::Action(i), Step::Handoff(h)) => {
            if let Some(action) = h.actions.get(i)
                && !draft.handoff.contains(&action.id)
            {
                draft.handoff.push(action.id.clone());
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
        (Step::Script(_), Answer::Line(i)) => return vec![Pick::Line(*i)],
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
