//! The play screen shows a seed's choices in the order the terminal does: for every bundled
//! case and several seeds, each decision's buttons, read in the screen's order, are the lists
//! `liandong play` prints for the same seed and answers; pressing them gives the same run.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use chrono::Utc;
use liandong::app::screens::debrief::LastDebrief;
use liandong::app::screens::play::{Pick, picks_of};
use liandong::app::session::{Session, StartCase};
use liandong::app::theme::widget::ButtonLabel;
use liandong::app::{Lang, Screen};
use liandong::playthrough::{Playthrough, RoleChoice};
use liandong::scenario::{discover, load_case};

use crate::terminal::{plan, play_in_terminal, terminal_lists, typed};

fn headless() -> App {
    crate::common::app(PathBuf::from("scenarios"), None, Lang::Zh)
}

/// Which list of the decision a button belongs to (the terminal numbers each list from 1).
fn list_of(pick: Pick) -> Option<(u8, usize)> {
    match pick {
        Pick::Line(_) => Some((0, 0)),
        Pick::Tier(_) => Some((1, 0)),
        Pick::Cue(_) => Some((2, 0)),
        Pick::Need(_) => Some((3, 0)),
        Pick::Field(f, _) => Some((4, f)),
        Pick::Route(_) => Some((5, 0)),
        Pick::Action(_) => Some((6, 0)),
        Pick::Undo | Pick::Confirm => None,
    }
}

/// Choices as the terminal numbers them: (number in its list, words).
type Listed = Vec<(usize, String)>;

/// The screen's choice buttons in the order a trainee reads them (depth first through the UI
/// tree), as the terminal numbers them: (number in its list, words).
fn buttons_in_screen_order(app: &mut App) -> (Listed, Vec<(Entity, Pick)>) {
    let world = app.world_mut();
    let mut picks = world.query::<(Entity, &Pick)>();
    let Some((first, _)) = picks.iter(world).next() else {
        return Default::default();
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
    let mut listed = Vec::new();
    let mut last_list = None;
    let mut number = 0;
    for &(button, pick) in &order {
        let Some(list) = list_of(pick) else { continue };
        number = if last_list == Some(list) {
            number + 1
        } else {
            1
        };
        last_list = Some(list);
        let label = world
            .get::<Children>(button)
            .into_iter()
            .flat_map(|c| c.iter())
            .find(|c| world.get::<ButtonLabel>(*c).is_some())
            .and_then(|c| world.get::<Text>(c))
            .map(|t| t.0.clone())
            .unwrap_or_default();
        // a line's button says its number, as the terminal does
        let words = match label.split_once(". ") {
            Some((n, words)) if matches!(pick, Pick::Line(_)) => {
                assert_eq!(n, number.to_string(), "a line's number is its position");
                words.to_owned()
            }
            _ => label,
        };
        listed.push((number, words));
    }
    (listed, order)
}

#[test]
fn the_play_screen_shows_each_decision_s_choices_in_the_terminal_s_order() {
    let mut app = headless();
    let dir = std::env::temp_dir().join(format!("liandong-app-shown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (files, _) = discover(&[PathBuf::from("scenarios")]);
    let mut decisions = 0;
    for file in files {
        let case = load_case(&file).case.expect("bundled case loads");
        for seed in [1, 2, 7] {
            for answer_seed in [0, seed * 17 + 3] {
                let planned = plan(&case, seed, answer_seed);
                let input: String = planned
                    .shown
                    .iter()
                    .zip(&planned.answers)
                    .map(|(shown, answer)| typed(&case, shown, answer))
                    .collect();
                let (stdout, _) = play_in_terminal(&file, seed, &input, &dir.join("run.ron"));
                let terminal = terminal_lists(&stdout, planned.shown.len());

                app.world_mut().write_message(StartCase {
                    case_id: case.scenario.id.clone(),
                    role: RoleChoice::All,
                    seed,
                    from: None,
                    decision_limit_ms: None,
                    contest: None,
                });
                app.update();
                app.update();
                for (i, answer) in planned.answers.iter().enumerate() {
                    let at = app
                        .world()
                        .resource::<Session>()
                        .playthrough
                        .pending()
                        .map(|p| p.at);
                    assert_eq!(
                        at,
                        Some(planned.shown[i].at),
                        "{} seed {seed}",
                        file.display()
                    );
                    let (on_screen, buttons) = buttons_in_screen_order(&mut app);
                    assert_eq!(
                        on_screen,
                        terminal[i],
                        "{} seed {seed}, decision {}: the screen's order is the terminal's",
                        file.display(),
                        i + 1
                    );
                    // answer by pressing the buttons, as a trainee would
                    let step = case.graph.step(&case.scenario, planned.shown[i].at);
                    for pick in picks_of(step, answer) {
                        let (entity, _) = *buttons
                            .iter()
                            .find(|(_, p)| *p == pick)
                            .expect("the answer's button is on screen");
                        app.world_mut().trigger(Activate { entity });
                    }
                    app.update();
                    app.update();
                    decisions += 1;
                }
                assert_eq!(
                    *app.world().resource::<State<Screen>>().get(),
                    Screen::Debrief,
                    "{} seed {seed}",
                    file.display()
                );
                let mut engine =
                    Playthrough::start(Arc::clone(&case), seed, RoleChoice::All, Utc::now())
                        .unwrap();
                for answer in &planned.answers {
                    engine.answer(answer.clone(), Utc::now(), 0).unwrap();
                }
                assert_eq!(
                    app.world().resource::<LastDebrief>().0,
                    engine.debrief(),
                    "{} seed {seed}: the buttons pressed gave the planned answers",
                    file.display()
                );
            }
        }
    }
    assert!(decisions > 100, "only {decisions} decisions checked");
}
