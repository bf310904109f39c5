//! The dialogue so far (narration, model answers, the trainee's own lines and judgements, and
//! what the customer and colleagues did) and, in practice mode, the feedback of the latest
//! decision. New lines are appended as the run goes on; the finished exchanges fold away so the
//! current decision has the room, and a toggle shows them again.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::{Ui, fill};
use crate::app::session::Session;
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLabel, ButtonLook};
use crate::playthrough::Event;
use crate::scenario::model::{Grade, Step};
use crate::scoring::DecisionScore;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<DialogueFolded>().add_systems(
        Update,
        apply_fold
            .run_if(in_state(super::Screen::Play).and_then(resource_changed::<DialogueFolded>)),
    );
}

/// How readily the dialogue and the feedback give up height to the decision below them (its
/// own is 1): they shrink first, down to their minimum, before the decision has to scroll.
const YIELDS: f32 = 1000.0;

/// Whether the dialogue shows only its latest exchange (the default) or all of it.
#[derive(Resource)]
pub(super) struct DialogueFolded(pub bool);

impl Default for DialogueFolded {
    fn default() -> Self {
        DialogueFolded(true)
    }
}

/// The scrolling list of lines, and how many of the run's lines it holds.
#[derive(Component)]
pub(super) struct Dialogue {
    lines: usize,
}

/// One line of the dialogue, in the exchange it belongs to: an exchange starts with each of the
/// trainee's answers.
#[derive(Component)]
pub(super) struct DialogueLine {
    exchange: usize,
}

/// The button that shows or folds the earlier exchanges.
#[derive(Component)]
pub(super) struct FoldToggle;

/// Where the latest decision's feedback goes (empty in exam mode and contest turns).
#[derive(Component)]
pub(super) struct FeedbackSlot;

/// What the dialogue's parts are now, for [`append`].
#[derive(SystemParam)]
pub(super) struct DialogueParts<'w, 's> {
    logs: Query<'w, 's, (Entity, &'static mut Dialogue, &'static mut ScrollPosition)>,
    lines: Query<'w, 's, (&'static DialogueLine, &'static mut Node)>,
    toggles: Query<'w, 's, &'static mut Node, (With<FoldToggle>, Without<DialogueLine>)>,
    folded: Res<'w, DialogueFolded>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// "— 现在由 柜员 接手：… —"
    Stage,
    /// What happens: the case's narration, and what the customer or a colleague says or does.
    Narration,
    /// A role played by the model answer.
    Model,
    /// A line the trainee said.
    Said,
    /// What the trainee judged, wrote on the card or did: a note, not a spoken line.
    Note,
}

struct Line {
    text: String,
    kind: Kind,
    exchange: usize,
}

/// Every line of the run so far, in order.
fn lines(session: &Session, ui: &Ui) -> Vec<Line> {
    let playthrough = &session.playthrough;
    let case = playthrough.case();
    let scores = playthrough.scores();
    let mut decision = 0;
    let mut lines = Vec::new();
    let mut push = |text: String, kind: Kind, exchange: usize| {
        lines.push(Line {
            text,
            kind,
            exchange,
        })
    };
    for event in &playthrough.transcript().events {
        match event {
            Event::StageEntered {
                role,
                title,
                played_by_trainee,
            } => {
                let who = fill(&ui.stage_banner, "role", ui.role(*role));
                let model = if *played_by_trainee {
                    ""
                } else {
                    ui.stage_model.as_str()
                };
                let line = fill(&fill(&ui.stage_line, "who", who), "title", title);
                push(fill(&line, "model", model), Kind::Stage, decision);
            }
            Event::Narration { text, .. } => push(text.clone(), Kind::Narration, decision),
            Event::ModelAnswer {
                role,
                text,
                reaction,
                ..
            } => {
                push(
                    format!("〔{}·{}〕{text}", ui.role(*role), ui.model_answer),
                    Kind::Model,
                    decision,
                );
                if !reaction.is_empty() {
                    push(reaction.clone(), Kind::Narration, decision);
                }
            }
            Event::Decision { step, .. } => {
                decision += 1;
                let Some(score) = scores.get(decision - 1) else {
                    continue;
                };
                let kind = case
                    .graph
                    .position(step)
                    .map(|at| case.graph.step(&case.scenario, at));
                let (text, kind) = match kind {
                    Some(Step::Identify(_)) => {
                        (fill(&ui.note_identify, "text", &score.answer), Kind::Note)
                    }
                    Some(Step::ReferralCard(_)) => {
                        (fill(&ui.note_card, "text", &score.answer), Kind::Note)
                    }
                    Some(Step::Handoff(_)) => {
                        (fill(&ui.note_handoff, "text", &score.answer), Kind::Note)
                    }
                    _ => (
                        format!("【{}】{}", ui.role(score.role), score.answer),
                        Kind::Said,
                    ),
                };
                push(text, kind, decision);
                if !score.reaction.is_empty() {
                    push(score.reaction.clone(), Kind::Narration, decision);
                }
            }
            Event::Finished { .. } => {}
        }
    }
    lines
}

fn line_bundle(line: &Line, shown: bool) -> impl Bundle {
    let (colour, background, border) = match line.kind {
        Kind::Stage => (ACCENT, SURFACE_MUTED, Color::NONE),
        Kind::Narration => (TEXT, SURFACE, Color::NONE),
        Kind::Model => (TEXT_MUTED, SURFACE_MUTED, Color::NONE),
        Kind::Said => (ACCENT, SELECTED, Color::NONE),
        Kind::Note => (TEXT_MUTED, SURFACE_MUTED, ACCENT),
    };
    (
        DialogueLine {
            exchange: line.exchange,
        },
        Node {
            display: if shown { Display::Flex } else { Display::None },
            flex_shrink: 0.0,
            padding: UiRect::axes(px(12), px(5)),
            border: UiRect::left(px(if line.kind == Kind::Note { 3 } else { 0 })),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(background),
        BorderColor::all(border),
        children![widget::text(
            line.text.clone(),
            if line.kind == Kind::Note {
                FONT_SMALL
            } else {
                FONT_BODY
            },
            colour
        )],
    )
}

/// The dialogue's frame: the fold toggle and the (empty) list of lines that [`append`] fills.
pub(super) fn spawn_dialogue(parent: &mut ChildSpawnerCommands, ui: &Ui) {
    parent
        .spawn((
            Name::new("Dialogue"),
            Node {
                // as tall as its lines, down to a few lines when the decision needs the room
                flex_shrink: YIELDS,
                min_height: px(64),
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                ..default()
            },
        ))
        .with_children(|frame| {
            frame
                .spawn((
                    FoldToggle,
                    widget::button_in(
                        ui.dialogue_all.clone(),
                        ButtonLook::Plain,
                        // at the right above the lines, in a row of its own, so it covers none
                        Node {
                            display: Display::None,
                            align_self: AlignSelf::FlexEnd,
                            flex_shrink: 0.0,
                            padding: UiRect::axes(px(10), px(2)),
                            ..default()
                        },
                    ),
                ))
                .observe(|_: On<Activate>, mut folded: ResMut<DialogueFolded>| {
                    folded.0 = !folded.0
                });
            frame.spawn((
                Dialogue { lines: 0 },
                Node {
                    flex_shrink: 1.0,
                    min_height: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(6),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                ScrollPosition::default(),
            ));
        });
}

/// Appends the lines the run added since the last call, folds the exchanges now finished and
/// scrolls to the newest line.
pub(super) fn append(
    commands: &mut Commands,
    parts: &mut DialogueParts,
    session: &Session,
    ui: &Ui,
) {
    let Ok((log, mut dialogue, mut scroll)) = parts.logs.single_mut() else {
        return;
    };
    let all = lines(session, ui);
    if all.len() == dialogue.lines {
        return;
    }
    let latest = all.last().map_or(0, |l| l.exchange);
    let folded = parts.folded.0;
    commands.entity(log).with_children(|list| {
        for line in all.iter().skip(dialogue.lines) {
            list.spawn(line_bundle(line, !folded || line.exchange == latest));
        }
    });
    dialogue.lines = all.len();
    for (line, mut node) in &mut parts.lines {
        show(&mut node, !folded || line.exchange == latest);
    }
    for mut node in &mut parts.toggles {
        show(&mut node, latest > 0);
    }
    scroll.y = 1.0e6;
}

fn show(node: &mut Node, shown: bool) {
    let display = if shown { Display::Flex } else { Display::None };
    if node.display != display {
        node.display = display;
    }
}

/// Shows or folds the earlier exchanges when the toggle is pressed.
fn apply_fold(
    folded: Res<DialogueFolded>,
    ui: Res<Ui>,
    mut lines: Query<(&DialogueLine, &mut Node)>,
    toggles: Query<&Children, With<FoldToggle>>,
    mut labels: Query<&mut Text, With<ButtonLabel>>,
    mut logs: Query<&mut ScrollPosition, With<Dialogue>>,
) {
    let latest = lines.iter().map(|(l, _)| l.exchange).max().unwrap_or(0);
    for (line, mut node) in &mut lines {
        show(&mut node, !folded.0 || line.exchange == latest);
    }
    let words = if folded.0 {
        &ui.dialogue_all
    } else {
        &ui.dialogue_latest
    };
    for children in &toggles {
        for child in children {
            if let Ok(mut text) = labels.get_mut(*child)
                && &text.0 != words
            {
                text.0 = words.clone();
            }
        }
    }
    for mut scroll in &mut logs {
        scroll.y = 1.0e6;
    }
}

/// The feedback panel's frame, filled by [`fill_feedback`] after each answer.
pub(super) fn spawn_feedback_slot(parent: &mut ChildSpawnerCommands) {
    parent.spawn((
        Name::new("Feedback"),
        FeedbackSlot,
        Node {
            display: Display::None,
            flex_direction: FlexDirection::Column,
            // down to its heading and a line when the decision needs the room
            flex_shrink: YIELDS,
            min_height: px(52),
            max_height: percent(30),
            overflow: Overflow::scroll_y(),
            padding: UiRect::axes(px(12), px(8)),
            row_gap: px(2),
            border: UiRect::left(px(4)),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        ScrollPosition::default(),
    ));
}

/// Replaces the feedback with the latest decision's, or hides it.
pub(super) fn fill_feedback(
    commands: &mut Commands,
    slot: Entity,
    score: Option<&DecisionScore>,
    session: &Session,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let mut slot = commands.entity(slot);
    slot.despawn_children();
    let Some(score) = score else {
        slot.entry::<Node>()
            .and_modify(|mut node| node.display = Display::None);
        return;
    };
    let red = !score.red_lines.is_empty();
    let (fg, bg) = match score.grade {
        _ if red => (DANGER, DANGER_BG),
        Some(Grade::Best) => (SUCCESS, SUCCESS_BG),
        Some(Grade::Acceptable) | None if score.is_full_marks() => (SUCCESS, SUCCESS_BG),
        Some(Grade::Acceptable | Grade::Weak) | None => (WARNING, WARNING_BG),
        _ => (DANGER, DANGER_BG),
    };
    let grade = score
        .grade
        .map(|g| ui.grade(g).to_owned())
        .unwrap_or_default();
    let catalogue = &session.playthrough.case().catalogue;
    slot.entry::<Node>()
        .and_modify(|mut node| node.display = Display::Flex);
    slot.insert((
        BackgroundColor(bg),
        BorderColor::all(fg),
        ScrollPosition::default(),
    ));
    slot.with_children(|panel| {
        // the grade and, on the same line, the customer's visible reaction
        panel
            .spawn(Node {
                column_gap: px(12),
                align_items: AlignItems::Baseline,
                flex_wrap: FlexWrap::Wrap,
                ..default()
            })
            .with_children(|row| {
                row.spawn(widget::heading(
                    format!(
                        "{} · {grade} {:.1}/{:.0}",
                        ui.feedback, score.earned, score.max
                    ),
                    FONT_BODY,
                    &fonts.bold,
                ));
                row.spawn(widget::text(
                    ui.reactions.mood_after(score.before, score.mood),
                    FONT_SMALL,
                    TEXT_MUTED,
                ));
            });
        for line in score.violations.iter().chain(&score.feedback) {
            panel.spawn(widget::text(format!("· {line}"), FONT_SMALL, TEXT));
        }
        for rule in score
            .red_lines
            .iter()
            .chain(score.rule.iter().filter(|_| !red))
        {
            if let Some(rule) = catalogue.rule(rule) {
                panel.spawn(widget::text(
                    fill(
                        &ui.rule,
                        "rule",
                        format!("{}——{}", rule.title, rule.explanation),
                    ),
                    FONT_SMALL,
                    if red { DANGER } else { TEXT_MUTED },
                ));
            }
        }
    });
}
