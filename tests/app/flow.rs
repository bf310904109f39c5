//! The app driven headless through the ECS: choices go in as messages, and the debrief on
//! screen must equal the engine's scoring of the same decisions.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use chrono::Utc;
use liandong::app::screens::debrief::LastDebrief;
use liandong::app::session::{Session, StartCase, SubmitAnswer};
use liandong::app::{Lang, Screen};
use liandong::playthrough::pick;
use liandong::playthrough::{Playthrough, RoleChoice};
use liandong::scenario::load_case;
use liandong::scoring::Answer;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

fn headless(cases_dir: PathBuf) -> App {
    crate::common::app(
        cases_dir,
        Some(tempfile::tempdir().expect("temporary data folder").keep()),
        Lang::Zh,
    )
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Plays a case through the app's messages; returns the answers given and the debrief shown.
fn play_through_the_app(
    app: &mut App,
    case_id: &str,
    seed: u64,
    role: RoleChoice,
    answer_seed: u64,
) -> Vec<Answer> {
    app.world_mut().write_message(StartCase {
        case_id: case_id.to_owned(),
        role,
        seed,
        from: None,
        decision_limit_ms: None,
        contest: None,
    });
    // the message is read in Update; the state changes at the next transition
    app.update();
    app.update();
    assert_eq!(screen(app), Screen::Play);
    let mut rng = ChaCha8Rng::seed_from_u64(answer_seed);
    let mut given = Vec::new();
    for _ in 0..200 {
        app.update();
        if screen(app) == Screen::Debrief {
            break;
        }
        let session = app.world().resource::<Session>();
        let Some(pending) = session.playthrough.pending() else {
            continue;
        };
        let case = Arc::clone(session.playthrough.case());
        let answer = pick::random(&case, pending.at, &mut rng);
        given.push(answer.clone());
        app.world_mut().write_message(SubmitAnswer(answer));
    }
    assert_eq!(screen(app), Screen::Debrief, "the case reaches its debrief");
    given
}

#[test]
fn both_showcases_played_through_the_app_score_as_the_engine_does() {
    let mut app = headless(PathBuf::from("scenarios"));
    for (file, id) in [
        ("scenarios/overseas-worker.ron", "overseas-worker"),
        ("scenarios/dividend-transfer.ron", "dividend-transfer"),
    ] {
        let case = load_case(&PathBuf::from(file))
            .case
            .expect("showcase loads");
        for seed in [1, 2, 3] {
            let answers = play_through_the_app(&mut app, id, seed, RoleChoice::All, seed * 31);
            let shown = app.world().resource::<LastDebrief>().0.clone();
            let mut engine =
                Playthrough::start(Arc::clone(&case), seed, RoleChoice::All, Utc::now()).unwrap();
            for answer in answers {
                engine.answer(answer, Utc::now(), 0).unwrap();
            }
            assert!(engine.is_finished());
            assert_eq!(shown, engine.debrief(), "{id} seed {seed}");
        }
    }
}

#[test]
fn playing_one_role_in_the_app_scores_only_that_role() {
    let mut app = headless(PathBuf::from("scenarios"));
    let role = RoleChoice::Only(vec![liandong::scenario::model::Role::LobbyManager]);
    play_through_the_app(&mut app, "overseas-worker", 4, role, 9);
    let shown = &app.world().resource::<LastDebrief>().0;
    assert!(
        shown
            .decisions
            .iter()
            .all(|d| d.role == liandong::scenario::model::Role::LobbyManager)
    );
}

#[test]
fn a_number_key_chooses_a_line() {
    let mut app = headless(PathBuf::from("scenarios"));
    app.world_mut().write_message(StartCase {
        case_id: "overseas-worker".into(),
        role: RoleChoice::All,
        seed: 1,
        from: None,
        decision_limit_ms: None,
        contest: None,
    });
    app.update();
    // answer until a line choice is pending
    for _ in 0..20 {
        let session = app.world().resource::<Session>();
        let pending = session.playthrough.pending().unwrap();
        let case = Arc::clone(session.playthrough.case());
        if matches!(
            case.graph.step(&case.scenario, pending.at),
            liandong::scenario::model::Step::Script(_)
        ) {
            break;
        }
        let answer = pick::best(&case, pending.at);
        app.world_mut().write_message(SubmitAnswer(answer));
        app.update();
    }
    let before = app.world().resource::<Session>().playthrough.scores().len();
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Digit1,
        logical_key: Key::Character("1".into()),
        state: ButtonState::Pressed,
        text: Some("1".into()),
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
    app.update();
    let after = app.world().resource::<Session>().playthrough.scores().len();
    assert_eq!(after, before + 1);
}

#[test]
fn saving_a_case_file_restarts_the_case_in_play_and_says_so() {
    let dir = std::env::temp_dir().join(format!("liandong-hot-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["rules.ron", "overseas-worker.ron"] {
        std::fs::copy(PathBuf::from("scenarios").join(file), dir.join(file)).unwrap();
    }
    let mut app = headless(dir.clone());
    app.world_mut().write_message(StartCase {
        case_id: "overseas-worker".into(),
        role: RoleChoice::All,
        seed: 1,
        from: None,
        decision_limit_ms: None,
        contest: None,
    });
    app.update();
    let session = app.world().resource::<Session>();
    let answer = pick::best(
        session.playthrough.case(),
        session.playthrough.pending().unwrap().at,
    );
    app.world_mut().write_message(SubmitAnswer(answer));
    app.update();
    assert_eq!(
        app.world().resource::<Session>().playthrough.scores().len(),
        1
    );

    std::thread::sleep(Duration::from_millis(50));
    let path = dir.join("overseas-worker.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("海外工作的王先生", "海外工作的王先生(修订)");
    std::fs::write(&path, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.world().resource::<Session>().notice.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        app.update();
    }
    let session = app.world().resource::<Session>();
    assert!(
        session.notice.is_some(),
        "the trainee is told the case changed"
    );
    assert_eq!(session.playthrough.scores().len(), 0, "the case restarted");
    assert!(session.playthrough.case().scenario.title.contains("修订"));
}

#[test]
fn a_broken_case_stays_in_the_library_with_its_error() {
    let dir = std::env::temp_dir().join(format!("liandong-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("scenarios/rules.ron", dir.join("rules.ron")).unwrap();
    std::fs::copy(
        "scenarios/overseas-worker.ron",
        dir.join("overseas-worker.ron"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.ron"), "Scenario(format: 1, id: \"broken\"").unwrap();
    let app = headless(dir);
    let library = app.world().resource::<liandong::app::library::Library>();
    assert_eq!(library.reports.len(), 2);
    let broken = library
        .reports
        .iter()
        .find(|r| r.case.is_none())
        .expect("the broken case is listed");
    assert!(broken.errors().next().is_some());
}

#[test]
fn the_case_map_starts_a_case_from_the_chosen_step() {
    let mut app = headless(PathBuf::from("scenarios"));
    app.world_mut()
        .resource_mut::<liandong::app::screen::SelectedCase>()
        .0 = Some("overseas-worker".into());
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::CaseMap);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::CaseMap);
    app.world_mut().write_message(StartCase {
        case_id: "overseas-worker".into(),
        role: RoleChoice::All,
        seed: 1,
        from: Some("wm-receive".into()),
        decision_limit_ms: None,
        contest: None,
    });
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Play);
    let session = app.world().resource::<Session>();
    assert_eq!(
        session.playthrough.pending_step().unwrap().id().as_str(),
        "wm-receive"
    );
}
