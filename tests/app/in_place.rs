//! The play screen changes in place: a click on a choice restyles that button and nothing is
//! built again; an answer appends to the dialogue and keeps what was on screen; handoff actions
//! stay where they are and show the order they were picked in.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use liandong::app::Lang;
use liandong::app::screens::play::{Pick, picks_of};
use liandong::app::session::{Session, StartCase};
use liandong::app::theme::widget::{ButtonLook, ButtonMark, TICK};
use liandong::playthrough::{RoleChoice, pick};
use liandong::scenario::model::Step;

fn headless() -> App {
    let mut app = crate::common::app(PathBuf::from("scenarios"), None, Lang::Zh);
    app.world_mut().write_message(StartCase {
        case_id: "overseas-worker".into(),
        role: RoleChoice::All,
        seed: 2,
        from: None,
        decision_limit_ms: None,
        contest: None,
    });
    app.update();
    app.update();
    app
}

/// The decision's buttons in screen order (depth first from the screen's root).
fn buttons(app: &mut App) -> Vec<(Entity, Pick)> {
    let world = app.world_mut();
    let mut picks = world.query::<(Entity, &Pick)>();
    let Some((first, _)) = picks.iter(world).next() else {
        return Vec::new();
    };
    let mut root = first;
    while let Some(parent) = world.get::<ChildOf>(root) {
        root = parent.parent();
    }
    let mut order = Vec::new();
    let mut stack = vec![root];
    while let Some(entity) = stack.pop() {
        if let Some(&pick) = world.get::<Pick>(entity) {
            order.push((entity, pick));
        }
        if let Some(children) = world.get::<Children>(entity) {
            stack.extend(children.iter().rev());
        }
    }
    order
}

fn look(app: &App, button: Entity) -> ButtonLook {
    *app.world().get::<ButtonLook>(button).unwrap()
}

/// The mark shown before a chip's label.
fn mark(app: &App, button: Entity) -> String {
    let world = app.world();
    world
        .get::<Children>(button)
        .unwrap()
        .iter()
        .find(|c| world.get::<ButtonMark>(*c).is_some())
        .and_then(|c| world.get::<Text>(c))
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

/// Every UI node on screen, with its text if it has one.
fn nodes(app: &mut App) -> BTreeMap<Entity, Option<String>> {
    let world = app.world_mut();
    let mut nodes = world.query_filtered::<(Entity, Option<&Text>), With<Node>>();
    nodes
        .iter(world)
        .map(|(e, t)| (e, t.map(|t| t.0.clone())))
        .collect()
}

fn press(app: &mut App, entity: Entity) {
    app.world_mut().trigger(Activate { entity });
    app.update();
    app.update();
}

#[test]
fn a_chip_toggle_restyles_that_chip_and_builds_nothing_again() {
    let mut app = headless();
    let before = buttons(&mut app);
    let (cue, _) = *before
        .iter()
        .find(|(_, p)| matches!(p, Pick::Cue(_)))
        .expect("the first decision asks for cues");
    let confirm = before.iter().find(|(_, p)| *p == Pick::Confirm).unwrap().0;
    let screen = nodes(&mut app);
    assert_eq!(look(&app, cue), ButtonLook::Plain);
    assert_eq!(mark(&app, cue), "");

    press(&mut app, cue);
    assert_eq!(
        buttons(&mut app),
        before,
        "the same buttons, in the same order"
    );
    assert_eq!(look(&app, cue), ButtonLook::Selected);
    assert_eq!(mark(&app, cue), TICK);
    let after = nodes(&mut app);
    let changed: Vec<_> = after
        .iter()
        .filter(|(e, text)| screen.get(e) != Some(text))
        .collect();
    assert_eq!(
        screen.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no node is spawned or despawned"
    );
    assert_eq!(
        changed.len(),
        1,
        "only the chip's mark changed: {changed:?}"
    );
    // the tier is still missing: 确认 is not ready yet
    assert_eq!(look(&app, confirm), ButtonLook::Plain);

    press(&mut app, cue);
    assert_eq!(look(&app, cue), ButtonLook::Plain);
    assert_eq!(mark(&app, cue), "");
    let tier = before
        .iter()
        .find(|(_, p)| matches!(p, Pick::Tier(_)))
        .unwrap()
        .0;
    press(&mut app, tier);
    assert_eq!(look(&app, confirm), ButtonLook::Primary, "确认 lights up");
}

#[test]
fn an_answer_appends_to_the_dialogue_and_keeps_what_was_on_screen() {
    let mut app = headless();
    let texts_before = nodes(&mut app);
    let session = app.world().resource::<Session>();
    let narration = session
        .playthrough
        .transcript()
        .events
        .iter()
        .find_map(|e| match e {
            liandong::playthrough::Event::Narration { text, .. } => Some(text.clone()),
            _ => None,
        })
        .unwrap();
    let line = texts_before
        .iter()
        .find(|(_, t)| t.as_deref() == Some(narration.as_str()))
        .map(|(e, _)| *e)
        .expect("the opening narration is on screen");
    let back = texts_before
        .iter()
        .find(|(_, t)| t.as_deref() == Some("返回"))
        .map(|(e, _)| *e)
        .expect("the back button");

    let case = std::sync::Arc::clone(session.playthrough.case());
    let at = session.playthrough.pending().unwrap().at;
    let step = case.graph.step(&case.scenario, at);
    let buttons = buttons(&mut app);
    for pick in picks_of(step, &pick::best(&case, at)) {
        let entity = buttons.iter().find(|(_, p)| *p == pick).unwrap().0;
        press(&mut app, entity);
    }
    assert_eq!(
        app.world().resource::<Session>().playthrough.scores().len(),
        1
    );
    let after = nodes(&mut app);
    assert_eq!(
        after.get(&line),
        Some(&Some(narration)),
        "the earlier dialogue line is the same node"
    );
    assert!(after.contains_key(&back), "the header stays");
    assert!(
        after
            .values()
            .flatten()
            .any(|t| t.starts_with("你的判断：")),
        "the identification reads as the trainee's judgement"
    );
    assert!(
        !after.values().flatten().any(|t| t.starts_with("客户：")),
        "nobody is labelled the customer by default"
    );
}

#[test]
fn handoff_actions_stay_in_place_and_show_their_order() {
    let mut app = headless();
    // play on with the model answer to the first handoff
    for _ in 0..30 {
        let session = app.world().resource::<Session>();
        let case = std::sync::Arc::clone(session.playthrough.case());
        let at = session.playthrough.pending().unwrap().at;
        let step = case.graph.step(&case.scenario, at);
        if matches!(step, Step::Handoff(_)) {
            break;
        }
        let buttons = buttons(&mut app);
        for pick in picks_of(step, &pick::best(&case, at)) {
            let entity = buttons.iter().find(|(_, p)| *p == pick).unwrap().0;
            press(&mut app, entity);
        }
    }
    let before = buttons(&mut app);
    let actions: Vec<Entity> = before
        .iter()
        .filter(|(_, p)| matches!(p, Pick::Action(_)))
        .map(|(e, _)| *e)
        .collect();
    assert!(actions.len() >= 3, "a handoff with actions to pick");
    // pick the third, then the first: each shows its place, and nothing moves
    press(&mut app, actions[2]);
    press(&mut app, actions[0]);
    assert_eq!(
        buttons(&mut app),
        before,
        "the actions stay where they were"
    );
    assert_eq!(mark(&app, actions[2]), "1");
    assert_eq!(mark(&app, actions[0]), "2");
    assert_eq!(mark(&app, actions[1]), "");
    // a second press takes an action out; the next one moves up
    press(&mut app, actions[2]);
    assert_eq!(mark(&app, actions[2]), "");
    assert_eq!(mark(&app, actions[0]), "1");
    let undo = before.iter().find(|(_, p)| *p == Pick::Undo).unwrap().0;
    press(&mut app, undo);
    assert_eq!(mark(&app, actions[0]), "");
    assert_eq!(look(&app, actions[0]), ButtonLook::Plain);
}
