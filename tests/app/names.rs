//! No internal names on screen: the app driven headless through every screen (title, library,
//! role choice, case map, play at every decision, debrief, history, settings, contest setup,
//! scoreboard, a contest turn and the podium) for every bundled case, in Chinese and in
//! English, and every `Text` and `TextSpan` checked (see `tests/shared/plain_words.rs`): no id
//! of a bundled case, no enum variant name, no half-width comma or colon beside Chinese.
//!
//! The play screen is checked in its own test, `the_play_screen_shows_no_internal_names`:
//! the screen is being rebuilt, and what it shows today still fails.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use liandong::app::contest::setup::SetupDraft;
use liandong::app::i18n::Ui;
use liandong::app::library::Library;
use liandong::app::screen::SelectedCase;
use liandong::app::session::{Session, StartCase, SubmitAnswer};
use liandong::app::storage::Storage;
use liandong::app::{Lang, Screen};
use liandong::playthrough::{RoleChoice, pick};
use liandong::scenario::Case;
use liandong::scoring::Answer;

use crate::plain_words::{InternalNames, report};

const TRAINEE: &str = "王小明";

fn headless(data: &Path, lang: Lang) -> App {
    crate::common::app(PathBuf::from("scenarios"), Some(data.to_owned()), lang)
}

fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn go(app: &mut App, to: Screen) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(to);
    settle(app);
    assert_eq!(screen(app), to);
}

/// Every text on screen: each `Text` and each `TextSpan` inside one.
fn on_screen(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut shown: Vec<String> = world
        .query::<&Text>()
        .iter(world)
        .map(|t| t.0.clone())
        .collect();
    shown.extend(world.query::<&TextSpan>().iter(world).map(|t| t.0.clone()));
    shown
}

/// Presses the button labelled `label`.
fn click(app: &mut App, label: &str) {
    let world = app.world_mut();
    let button = world
        .query::<(&Text, &ChildOf)>()
        .iter(world)
        .find(|(text, _)| text.0 == label)
        .map(|(_, parent)| parent.parent())
        .unwrap_or_else(|| panic!("no button “{label}”"));
    app.world_mut().trigger(Activate { entity: button });
    settle(app);
}

/// The texts seen, by where they were seen; the play screen's apart.
#[derive(Default)]
struct Seen {
    screens: Vec<(String, String)>,
    play: Vec<(String, String)>,
}

impl Seen {
    fn look(&mut self, app: &mut App, at: &str) {
        let here = screen(app);
        let texts = on_screen(app)
            .into_iter()
            .map(|t| (format!("{at} ({here:?})"), t));
        if here == Screen::Play {
            self.play.extend(texts);
        } else {
            self.screens.extend(texts);
        }
    }
}

/// Plays the case on stage to its end with the answers `choose` gives, looking at the play
/// screen before every decision and at the screen it ends on.
fn play_on(app: &mut App, seen: &mut Seen, at: &str, choose: fn(&Case, usize) -> Answer) {
    for _ in 0..200 {
        if screen(app) != Screen::Play {
            break;
        }
        seen.look(app, at);
        let session = app.world().resource::<Session>();
        if let Some(pending) = session.playthrough.pending() {
            let case = Arc::clone(session.playthrough.case());
            app.world_mut()
                .write_message(SubmitAnswer(choose(&case, pending.at)));
        }
        settle(app);
    }
    seen.look(app, at);
}

/// Walks every screen in `lang` and returns what it saw.
fn walk(lang: Lang) -> Seen {
    let data = tempfile::tempdir().expect("a data folder");
    let mut app = headless(data.path(), lang);
    let mut seen = Seen::default();
    settle(&mut app);
    seen.look(&mut app, "title");
    app.world_mut().resource_mut::<Storage>().trainee = Some(TRAINEE.into());
    go(&mut app, Screen::Title);
    seen.look(&mut app, "title, signed in");
    go(&mut app, Screen::Settings);
    seen.look(&mut app, "settings");
    go(&mut app, Screen::History);
    seen.look(&mut app, "history before any run");
    go(&mut app, Screen::Library);
    seen.look(&mut app, "library");

    let ids: Vec<String> = app
        .world()
        .resource::<Library>()
        .reports
        .iter()
        .filter_map(|r| r.case.as_ref().map(|c| c.scenario.id.clone()))
        .collect();
    assert!(ids.len() > 10, "the bundled cases are in the library");
    for id in &ids {
        app.world_mut().resource_mut::<SelectedCase>().0 = Some(id.clone());
        go(&mut app, Screen::RoleChoice);
        seen.look(&mut app, id);
        go(&mut app, Screen::CaseMap);
        seen.look(&mut app, id);
        for (choose, how) in [
            (pick::best as fn(&Case, usize) -> Answer, "best"),
            (pick::worst, "worst"),
        ] {
            app.world_mut().write_message(StartCase {
                case_id: id.clone(),
                role: RoleChoice::All,
                seed: 1,
                from: None,
                decision_limit_ms: None,
                contest: None,
            });
            settle(&mut app);
            play_on(&mut app, &mut seen, &format!("{id}, {how} answers"), choose);
            assert_eq!(screen(&app), Screen::Debrief, "{id} reaches its debrief");
        }
    }
    go(&mut app, Screen::History);
    seen.look(&mut app, "history");

    // a contest of one case with a time limit: setup, scoreboard, a turn, points, podium
    let words = app.world().resource::<Ui>().contest.clone();
    go(&mut app, Screen::ContestSetup);
    {
        let mut draft = app.world_mut().resource_mut::<SetupDraft>();
        // typed names (the English defaults, "Team 1 member 1", split at their spaces)
        draft.teams = vec![
            ("城东".into(), "甲、乙、丙".into()),
            ("高新区".into(), "丁、戊、己".into()),
        ];
        draft.cases = vec![ids[0].clone()];
        draft.limit = Some(60);
        draft.podium = 2;
    }
    settle(&mut app);
    seen.look(&mut app, "contest setup");
    click(&mut app, &words.start);
    assert_eq!(
        screen(&app),
        Screen::Scoreboard,
        "the contest starts: {:?}",
        app.world()
            .get_resource::<SetupDraft>()
            .map(|d| d.error.clone())
    );
    seen.look(&mut app, "scoreboard");
    for turn in ["first turn", "second turn"] {
        click(&mut app, &words.start_turn);
        play_on(&mut app, &mut seen, turn, pick::worst);
        assert_eq!(screen(&app), Screen::Scoreboard);
        seen.look(&mut app, "scoreboard");
    }
    mark_checklist(&mut app);
    click(&mut app, &words.record_points);
    seen.look(&mut app, "scoreboard with observer points");
    let review = ui_review_open(&app);
    click(&mut app, &review);
    assert_eq!(screen(&app), Screen::Review);
    seen.look(&mut app, "case review");
    press_escape_to(&mut app, Screen::Scoreboard);
    click(&mut app, &words.to_podium);
    assert_eq!(screen(&app), Screen::Podium);
    seen.look(&mut app, "podium");
    seen
}

fn fail_on(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} internal names or punctuation problems on screen:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_screen_but_play_shows_no_internal_names() {
    let names = InternalNames::of_bundled_cases();
    let mut problems = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let seen = walk(lang);
        assert!(seen.screens.len() > 500, "the screens were seen");
        problems.extend(report(&names, &seen.screens, lang));
    }
    fail_on(problems);
}

/// Fails today: the play screen is being rebuilt (issue 12), and these are its offenders.
#[test]
fn the_play_screen_shows_no_internal_names() {
    let names = InternalNames::of_bundled_cases();
    let mut problems = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        let seen = walk(lang);
        assert!(seen.play.len() > 500, "the play screen was seen");
        problems.extend(report(&names, &seen.play, lang));
    }
    fail_on(problems);
}

/// An observer's sheet on the scoreboard: a name and a 2 on every item of the checklist.
fn mark_checklist(app: &mut App) {
    let mut names = app.world_mut().query::<(Entity, &Name)>();
    let field = names
        .iter(app.world())
        .find(|(_, n)| n.as_str() == "Observer name field")
        .map(|(e, _)| e)
        .expect("the observer's name field");
    app.world_mut()
        .entity_mut(field)
        .get_mut::<bevy::text::EditableText>()
        .unwrap()
        .editor_mut()
        .set_text("观察员甲");
    let mut labels = app.world_mut().query::<(&Text, &ChildOf)>();
    let chips: Vec<Entity> = labels
        .iter(app.world())
        .filter(|(text, _)| text.0 == "2")
        .map(|(_, parent)| parent.parent())
        .collect();
    for chip in chips {
        if app
            .world()
            .get::<Name>(chip)
            .is_some_and(|n| n.as_str() == "Button")
        {
            app.world_mut().trigger(Activate { entity: chip });
        }
    }
    for _ in 0..3 {
        app.update();
    }
}

/// The review button's label in the interface's language.
fn ui_review_open(app: &App) -> String {
    app.world()
        .resource::<liandong::app::i18n::Ui>()
        .review
        .open
        .clone()
}

fn press_escape_to(app: &mut App, expected: Screen) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Escape,
        logical_key: Key::Escape,
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(screen(app), expected);
}
