//! Finding a button on screen, aiming the pointer at it and checking that a click's change shows.

use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;
use bevy::window::PrimaryWindow;

use crate::app::Screen;
use crate::app::contest::ActiveContest;
use crate::app::screens::play::Pick;
use crate::app::session::Session;
use crate::app::theme::widget::ButtonLook;

use super::probe::Click;
use super::probe::*;

/// Moves the pointer onto the button, waits for picking to hover it, then presses.
pub(super) fn aim(
    world: &mut World,
    probe: &mut Probe,
    click: Click,
    waited: u32,
    scrolled: bool,
) -> Action {
    if world.get_entity(click.target).is_err() {
        probe.fail(format!("{}: the button went away", click.kind.label()));
        return Action::Settle { waited: 0 };
    }
    if waited == 0 {
        match centre(world, click.target) {
            Some(position) => probe.inject.push(Inject::Move(position)),
            None => {
                probe.fail(format!("{}: the button has no place", click.kind.label()));
                return Action::Settle { waited: 0 };
            }
        }
    }
    let hovered = world.get::<Hovered>(click.target).is_some_and(Hovered::get);
    if waited >= 2 && hovered && probe.quiet >= 2 {
        probe.inject.push(Inject::Press);
        return Action::Press { click, waited: 0 };
    }
    if waited > 10 {
        if scrolled {
            probe.fail(format!(
                "{}: the pointer is not over the button {:?}",
                click.kind.label(),
                click.expect
            ));
            return Action::Settle { waited: 0 };
        }
        // out of view in a scrolling column: scroll it in, as a trainee would with the wheel
        scroll_into_view(world, click.target);
        return Action::Aim {
            click,
            waited: 0,
            scrolled: true,
        };
    }
    Action::Aim {
        click,
        waited: waited + 1,
        scrolled,
    }
}

/// The button's centre in the window's logical pixels.
pub(super) fn centre(world: &mut World, target: Entity) -> Option<Vec2> {
    let scale = world
        .query_filtered::<&Window, With<PrimaryWindow>>()
        .single(world)
        .ok()?
        .scale_factor();
    let transform = world.get::<UiGlobalTransform>(target)?;
    let node = world.get::<ComputedNode>(target)?;
    (node.size().x > 0.0).then(|| transform.translation / scale)
}

pub(super) fn scroll_into_view(world: &mut World, target: Entity) {
    let Some(target_y) = world
        .get::<UiGlobalTransform>(target)
        .map(|t| t.translation.y)
    else {
        return;
    };
    let mut at = target;
    while let Some(parent) = world.get::<ChildOf>(at).map(ChildOf::parent) {
        at = parent;
        let scrolls = world
            .get::<Node>(at)
            .is_some_and(|n| n.overflow.y == OverflowAxis::Scroll);
        let (Some(transform), Some(node)) = (
            world.get::<UiGlobalTransform>(at),
            world.get::<ComputedNode>(at),
        ) else {
            continue;
        };
        if !scrolls {
            continue;
        }
        let offset = (target_y - transform.translation.y) * node.inverse_scale_factor();
        if let Some(mut position) = world.get_mut::<ScrollPosition>(at) {
            position.y = (position.y + offset).max(0.0);
        }
        return;
    }
}

/// Every text of the interface, as (entity, text, whether it is laid out and visible).
pub(super) fn texts(world: &mut World) -> Vec<(Entity, String, bool)> {
    world
        .query::<(Entity, &Text, &ComputedNode, &InheritedVisibility)>()
        .iter(world)
        .map(|(entity, text, node, visibility)| {
            (
                entity,
                text.0.clone(),
                visibility.get() && node.size().x > 0.0,
            )
        })
        .collect()
}

/// The button a text is the label of, if it is one.
pub(super) fn button_of(world: &World, text: Entity) -> Option<Entity> {
    let mut at = text;
    loop {
        if world.get::<ButtonLook>(at).is_some() {
            return Some(at);
        }
        at = world.get::<ChildOf>(at)?.parent();
    }
}

/// The visible button whose label passes `matches`.
pub(super) fn find_button(world: &mut World, matches: impl Fn(&str) -> bool) -> Option<Entity> {
    texts(world)
        .into_iter()
        .filter(|(_, text, visible)| *visible && matches(text))
        .find_map(|(entity, _, _)| button_of(world, entity))
}

pub(super) fn text_shown(world: &mut World, matches: impl Fn(&str) -> bool) -> bool {
    texts(world).into_iter().any(|(entity, text, visible)| {
        visible && matches(&text) && button_of(world, entity).is_none()
    })
}

pub(super) fn screen_shown(world: &mut World, screen: Screen) -> bool {
    if *world.resource::<State<Screen>>().get() != screen {
        return false;
    }
    let mut roots = world.query::<(&DespawnOnExit<Screen>, Option<&ComputedNode>)>();
    let mut shown = false;
    for (scope, node) in roots.iter(world) {
        if scope.0 != screen {
            return false;
        }
        shown |= node.is_some_and(|n| n.size().x > 0.0);
    }
    shown
}

pub(super) fn expected(world: &mut World, expect: &Expect) -> bool {
    match expect {
        Expect::Look { label, look } => {
            let buttons: Vec<_> = texts(world)
                .into_iter()
                .filter(|(_, text, visible)| *visible && text == label)
                .filter_map(|(entity, _, _)| button_of(world, entity))
                .collect();
            buttons
                .iter()
                .any(|b| world.get::<ButtonLook>(*b) == Some(look))
        }
        Expect::PickLook { pick, look } => pick_button(world, *pick).is_some_and(|button| {
            world.get::<ButtonLook>(button) == Some(look)
                && world
                    .get::<ComputedNode>(button)
                    .is_some_and(|n| n.size().x > 0.0)
        }),
        Expect::Text(wanted) => text_shown(world, |t| t == wanted),
        Expect::Screen(screen) => screen_shown(world, *screen),
        Expect::Answered { decisions } => {
            let Some(session) = world.get_resource::<Session>() else {
                return false;
            };
            let scores = session.playthrough.scores();
            if scores.len() <= *decisions {
                return false;
            }
            if session.playthrough.is_finished() {
                let next = if world.get_resource::<ActiveContest>().is_some() {
                    Screen::Scoreboard
                } else {
                    Screen::Debrief
                };
                return screen_shown(world, next);
            }
            let answer = scores[scores.len() - 1].answer.clone();
            *world.resource::<State<Screen>>().get() == Screen::Play
                && text_shown(world, |t| t.contains(&answer))
        }
    }
}

pub(super) fn click(
    world: &mut World,
    probe: &mut Probe,
    label: impl Fn(&str) -> bool,
    kind: Kind,
    expect: Expect,
) -> Action {
    match find_button(world, label) {
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
            probe.fail(format!("{}: no button for {expect:?}", kind.label()));
            settle()
        }
    }
}

pub(super) fn settle() -> Action {
    Action::Settle { waited: 0 }
}

pub(super) fn go(world: &mut World, screen: Screen) -> Action {
    world.resource_mut::<NextState<Screen>>().set(screen);
    settle()
}

/// The decision panel's button that makes `pick`.
pub(super) fn pick_button(world: &mut World, pick: Pick) -> Option<Entity> {
    world
        .query::<(Entity, &Pick)>()
        .iter(world)
        .find(|(_, p)| **p == pick)
        .map(|(entity, _)| entity)
}
