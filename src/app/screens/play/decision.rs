//! Controls for the pending decision: line choice, identification, referral card, handoff
//! builder. Clicks edit the `Draft`; confirming sends the answer as a `SubmitAnswer` message.

use bevy::prelude::*;
use bevy::ui_widgets::Activate;

use crate::app::i18n::Ui;
use crate::app::session::{Draft, Session, SubmitAnswer};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget::{self, ButtonLook};
use crate::playthrough::display_order;
use crate::scenario::Variant;
use std::collections::BTreeSet;

use crate::scenario::ids::{CueId, NeedId};
use crate::scenario::model::Handoff;
use crate::scenario::model::{Identify, ReferralCard, Step, Tier};
use crate::scoring::Answer;

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
    let Some(step) = playthrough.pending_step() else {
        return;
    };
    let variant = playthrough.variant();
    let case = playthrough.case();
    let Some(at) = playthrough.pending().map(|p| p.at) else {
        return;
    };
    let role = case.graph.role(&case.scenario, at);
    parent
        .spawn((
            Name::new("Decision"),
            DecisionPanel(at),
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
                format!("{} · {}", ui.your_turn, ui.role(role)),
                FONT_SMALL,
                ACCENT,
            ));
            match step {
                Step::Script(s) => {
                    panel.spawn(widget::heading(
                        variant.render(&s.prompt),
                        FONT_BODY,
                        &fonts.bold,
                    ));
                    let order = display_order(variant.seed, s.id.as_str(), s.options.len());
                    for (shown, &option) in order.iter().enumerate() {
                        let label =
                            format!("{}. {}", shown + 1, variant.render(&s.options[option].text));
                        panel
                            .spawn(widget::button(label, ButtonLook::Plain))
                            .observe(
                                move |_: On<Activate>, mut answers: MessageWriter<SubmitAnswer>| {
                                    answers.write(SubmitAnswer(Answer::Line(option)));
                                },
                            );
                    }
                    panel.spawn(widget::muted(ui.keys_hint.clone()));
                }
                Step::Identify(s) => identify(panel, s, variant, session, draft, ui, fonts),
                Step::ReferralCard(c) => referral_card(panel, c, variant, draft, ui, fonts),
                Step::Handoff(h) => handoff(panel, h, variant, draft, ui, fonts),
                _ => {}
            }
        });
}

fn row<'a>(panel: &'a mut ChildSpawnerCommands) -> EntityCommands<'a> {
    panel.spawn(Node {
        flex_wrap: FlexWrap::Wrap,
        column_gap: px(6),
        row_gap: px(6),
        flex_shrink: 0.0,
        align_items: AlignItems::FlexStart,
        ..default()
    })
}

/// A small label above a wrapping row of choices filled by `choices`.
fn labelled_row(
    panel: &mut ChildSpawnerCommands,
    label: &str,
    choices: impl FnOnce(&mut ChildSpawnerCommands),
) {
    panel.spawn(widget::text(label.to_owned(), FONT_SMALL, TEXT_MUTED));
    row(panel).with_children(choices);
}

fn look(selected: bool) -> ButtonLook {
    if selected {
        ButtonLook::Selected
    } else {
        ButtonLook::Plain
    }
}

fn confirm(panel: &mut ChildSpawnerCommands, ui: &Ui, ready: bool, answer: Answer) {
    let look = if ready {
        ButtonLook::Primary
    } else {
        ButtonLook::Plain
    };
    panel
        .spawn(widget::button(ui.confirm.clone(), look))
        .observe(
            move |_: On<Activate>, mut answers: MessageWriter<SubmitAnswer>| {
                if ready {
                    answers.write(SubmitAnswer(answer.clone()));
                }
            },
        );
}

fn identify(
    panel: &mut ChildSpawnerCommands,
    s: &Identify,
    variant: &Variant,
    session: &Session,
    draft: &Draft,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let customer = &session.playthrough.case().scenario.customer;
    panel.spawn(widget::heading(
        variant.render(&s.prompt),
        FONT_BODY,
        &fonts.bold,
    ));
    if s.tier {
        panel.spawn(widget::text(
            ui.identify_tier.clone(),
            FONT_SMALL,
            TEXT_MUTED,
        ));
        row(panel).with_children(|tiers| {
            for tier in Tier::ALL {
                tiers
                    .spawn(widget::chip(
                        ui.tier(tier).to_owned(),
                        look(draft.tier == Some(tier)),
                    ))
                    .observe(move |_: On<Activate>, mut draft: ResMut<Draft>| {
                        draft.tier = Some(tier)
                    });
            }
        });
    }
    let cue_text = |id: &CueId| {
        customer
            .cues
            .iter()
            .find(|c| &c.id == id)
            .map(|c| variant.render(&c.text))
    };
    toggle_chips(
        panel,
        &ui.identify_cues,
        &s.cues,
        &draft.cues,
        cue_text,
        variant.seed,
        &format!("{}:cues", s.id),
        |d| &mut d.cues,
    );
    let need_text = |id: &NeedId| {
        customer
            .needs
            .iter()
            .find(|n| &n.id == id)
            .map(|n| variant.render(&n.text))
    };
    toggle_chips(
        panel,
        &ui.identify_needs,
        &s.needs,
        &draft.needs,
        need_text,
        variant.seed,
        &format!("{}:needs", s.id),
        |d| &mut d.needs,
    );
    let answer = Answer::Identify {
        tier: draft.tier,
        cues: draft.cues.iter().cloned().collect(),
        needs: draft.needs.iter().cloned().collect(),
    };
    confirm(panel, ui, !s.tier || draft.tier.is_some(), answer);
}

/// A label and a row of chips that each toggle one id in a set of the draft (cues, needs).
#[expect(
    clippy::too_many_arguments,
    reason = "the one place both pick lists are drawn"
)]
fn toggle_chips<Id: Clone + Ord + Send + Sync + 'static>(
    panel: &mut ChildSpawnerCommands,
    label: &str,
    ids: &[Id],
    chosen: &BTreeSet<Id>,
    text_of: impl Fn(&Id) -> Option<String>,
    seed: u64,
    salt: &str,
    set: fn(&mut Draft) -> &mut BTreeSet<Id>,
) {
    if ids.is_empty() {
        return;
    }
    labelled_row(panel, label, |chips| {
        for i in display_order(seed, salt, ids.len()) {
            let id = ids[i].clone();
            let text = text_of(&id).unwrap_or_default();
            chips
                .spawn(widget::chip(text, look(chosen.contains(&id))))
                .observe(move |_: On<Activate>, mut draft: ResMut<Draft>| {
                    let picks = set(&mut draft);
                    if !picks.remove(&id) {
                        picks.insert(id.clone());
                    }
                });
        }
    });
}

fn referral_card(
    panel: &mut ChildSpawnerCommands,
    c: &ReferralCard,
    variant: &Variant,
    draft: &Draft,
    ui: &Ui,
    fonts: &UiFonts,
) {
    panel.spawn(widget::heading(
        variant.render(&c.prompt),
        FONT_BODY,
        &fonts.bold,
    ));
    for (f, field) in c.fields.iter().enumerate() {
        let chosen = draft.card.get(f).copied().flatten();
        let order = display_order(
            variant.seed,
            &format!("{}:{:?}", c.id, field.field),
            field.choices.len(),
        );
        labelled_row(panel, ui.card_field(field.field), |choices| {
            for i in order {
                let fields = c.fields.len();
                choices
                    .spawn(widget::chip(
                        variant.render(&field.choices[i].text),
                        look(chosen == Some(i)),
                    ))
                    .observe(move |_: On<Activate>, mut draft: ResMut<Draft>| {
                        draft.card.resize(fields, None);
                        draft.card[f] = Some(i);
                    });
            }
        });
    }
    let order = display_order(variant.seed, &format!("{}:route", c.id), c.route.len());
    labelled_row(panel, &ui.card_route, |routes| {
        for i in order {
            routes
                .spawn(widget::chip(
                    variant.render(&c.route[i].text),
                    look(draft.route == Some(i)),
                ))
                .observe(move |_: On<Activate>, mut draft: ResMut<Draft>| draft.route = Some(i));
        }
    });
    let fields: Option<Vec<usize>> = (0..c.fields.len())
        .map(|f| draft.card.get(f).copied().flatten())
        .collect();
    let ready = fields.is_some() && draft.route.is_some();
    let answer = Answer::Card {
        fields: fields.unwrap_or_default(),
        route: draft.route.unwrap_or(0),
    };
    confirm(panel, ui, ready, answer);
}

fn handoff(
    panel: &mut ChildSpawnerCommands,
    h: &Handoff,
    variant: &Variant,
    draft: &Draft,
    ui: &Ui,
    fonts: &UiFonts,
) {
    panel.spawn(widget::heading(
        variant.render(&h.prompt),
        FONT_BODY,
        &fonts.bold,
    ));
    panel.spawn(widget::text(
        ui.handoff_pool.clone(),
        FONT_SMALL,
        TEXT_MUTED,
    ));
    let order = display_order(variant.seed, h.id.as_str(), h.actions.len());
    row(panel).with_children(|pool| {
        for i in order {
            let action = &h.actions[i];
            if draft.handoff.contains(&action.id) {
                continue;
            }
            let id = action.id.clone();
            pool.spawn(widget::chip(
                variant.render(&action.text),
                ButtonLook::Plain,
            ))
            .observe(move |_: On<Activate>, mut draft: ResMut<Draft>| {
                draft.handoff.push(id.clone())
            });
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
    for (n, id) in draft.handoff.iter().enumerate() {
        let text = h
            .actions
            .iter()
            .find(|a| &a.id == id)
            .map(|a| variant.render(&a.text))
            .unwrap_or_default();
        panel.spawn(widget::text(format!("{}. {text}", n + 1), FONT_SMALL, TEXT));
    }
    row(panel).with_children(|buttons| {
        buttons
            .spawn(widget::button(ui.undo.clone(), ButtonLook::Plain))
            .observe(|_: On<Activate>, mut draft: ResMut<Draft>| {
                draft.handoff.pop();
            });
    });
    confirm(
        panel,
        ui,
        !draft.handoff.is_empty(),
        Answer::Handoff(draft.handoff.clone()),
    );
}
