//! The history screen driven headless: a trainee with saved runs sees their name, the rules
//! they missed and the suggested case, and the suggestion's button starts that case.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use liandong::app::i18n::Ui;
use liandong::app::library::Library;
use liandong::app::session::{PlayMode, Session};
use liandong::app::storage::Storage;
use liandong::app::{Lang, Screen};
use liandong::playthrough::RoleChoice;
use liandong::playthrough::pick::{Strategy, autoplay};
use liandong::progress::History;
use liandong::scenario::load_case;
use liandong::store::{RunFilter, RunRecord, Store};

const TRAINEE: &str = "王小明";

fn headless(data_dir: PathBuf, lang: Lang) -> App {
    crate::common::app(PathBuf::from("scenarios"), Some(data_dir), lang)
}

/// Good and bad runs of both showcases.
const MIXED: [(&str, Strategy, u64); 4] = [
    ("overseas-worker", Strategy::Worst, 1),
    ("overseas-worker", Strategy::Best, 2),
    ("dividend-transfer", Strategy::Worst, 3),
    ("dividend-transfer", Strategy::Best, 4),
];

/// Saves real runs of the bundled cases for the trainee, as the app would after playing them.
fn save_runs(dir: &Path, runs: &[(&str, Strategy, u64)]) {
    let (mut store, _) = Store::open(dir).expect("the store opens");
    for &(file, strategy, seed) in runs {
        let report = load_case(&PathBuf::from(format!("scenarios/{file}.ron")));
        let case = report.case.clone().expect("showcase loads");
        let playthrough = autoplay(&case, seed, strategy, RoleChoice::All).expect("autoplay");
        let record = RunRecord::from_playthrough(&playthrough, TRAINEE, None);
        store.save_run(&record).expect("the run is saved");
    }
}

/// The history the core builds from the same store and cases.
fn expected_history(app: &App, dir: &Path) -> History {
    let (store, _) = Store::open(dir).expect("the store opens");
    let filter = RunFilter {
        trainee: Some(TRAINEE.into()),
        competition: None,
    };
    let runs = store.runs(&filter).unwrap();
    let broken = store.broken_rules(TRAINEE).unwrap();
    let cases: Vec<_> = app
        .world()
        .resource::<Library>()
        .reports
        .iter()
        .filter_map(|r| r.case.clone())
        .collect();
    let catalogue = Arc::clone(&cases[0].catalogue);
    History::build(TRAINEE, runs, broken, &catalogue, &cases)
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn open_history(app: &mut App) {
    app.world_mut().resource_mut::<Storage>().trainee = Some(TRAINEE.into());
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::History);
    app.update();
    app.update();
    assert_eq!(screen(app), Screen::History);
}

fn texts(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    world
        .query::<&Text>()
        .iter(world)
        .map(|t| t.0.clone())
        .collect()
}

/// The button whose label is `label`.
fn button(app: &mut App, label: &str) -> Entity {
    let world = app.world_mut();
    let found: Vec<Entity> = world
        .query::<(&Text, &ChildOf)>()
        .iter(world)
        .filter(|(text, _)| text.0 == label)
        .map(|(_, parent)| parent.parent())
        .collect();
    assert_eq!(found.len(), 1, "one button labelled {label}");
    found[0]
}

#[test]
fn the_history_shows_the_trainee_their_missed_rules_and_starts_the_suggested_case() {
    let dir = tempfile::tempdir().expect("temporary data folder");
    save_runs(dir.path(), &MIXED);
    let mut app = headless(dir.path().to_owned(), Lang::Zh);
    open_history(&mut app);
    let expected = expected_history(&app, dir.path());
    assert_eq!(expected.runs.len(), 4);

    let shown = texts(&mut app);
    assert!(
        shown.iter().any(|t| t.contains(TRAINEE)),
        "the header names the trainee: {shown:?}"
    );
    let suggestion = expected.suggestion.clone().expect("a case is suggested");
    assert!(
        shown.contains(&suggestion.title),
        "the suggested case {} is shown",
        suggestion.title
    );
    assert!(
        shown.contains(&suggestion.reason),
        "the reason is the core's: {}",
        suggestion.reason
    );
    let missed = expected
        .missed
        .first()
        .expect("the worst runs missed rules");
    assert!(
        shown.contains(&missed.title),
        "the most missed rule {} is in the 错题集",
        missed.title
    );
    for run in &expected.runs {
        assert!(shown.contains(&run.case_title), "run {} is listed", run.id);
    }

    // the player was in exam mode before; the suggestion is practice
    *app.world_mut().resource_mut::<PlayMode>() = PlayMode::Exam;
    let start = app.world().resource::<Ui>().history.start.clone();
    let entity = button(&mut app, &start);
    app.world_mut().trigger(Activate { entity });
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(
        app.world().resource::<Session>().case_id(),
        suggestion.case_id
    );
    assert_eq!(*app.world().resource::<PlayMode>(), PlayMode::Practice);
}

#[test]
fn a_trainee_without_runs_is_told_results_come_later_and_still_gets_a_suggestion() {
    let dir = tempfile::tempdir().expect("temporary data folder");
    let mut app = headless(dir.path().to_owned(), Lang::En);
    open_history(&mut app);
    let expected = expected_history(&app, dir.path());
    let shown = texts(&mut app);
    let text = app.world().resource::<Ui>().history.clone();
    assert!(shown.contains(&text.empty_title), "{shown:?}");
    let suggestion = expected.suggestion.expect("a case is suggested");
    assert!(shown.contains(&suggestion.title));
    let opening = text.reason_first.split('{').next().unwrap();
    assert!(
        shown.iter().any(|t| t.starts_with(opening)),
        "the reason is in English: {shown:?}"
    );
    button(&mut app, &text.start);
}

#[test]
fn even_scores_get_the_cores_reason_too() {
    let dir = tempfile::tempdir().expect("temporary data folder");
    save_runs(dir.path(), &[("overseas-worker", Strategy::Best, 1)]);
    let mut app = headless(dir.path().to_owned(), Lang::Zh);
    open_history(&mut app);
    let expected = expected_history(&app, dir.path());
    assert_eq!(expected.weakest, None, "full marks everywhere: no weakest");
    let suggestion = expected.suggestion.expect("a case is suggested");
    let shown = texts(&mut app);
    assert!(
        shown.contains(&suggestion.reason),
        "{}: {shown:?}",
        suggestion.reason
    );
    let weakest = app.world().resource::<Ui>().history.weakest.clone();
    assert!(!shown.contains(&weakest), "no dimension is marked weakest");
}

#[test]
fn switching_the_language_redraws_the_history() {
    let dir = tempfile::tempdir().expect("temporary data folder");
    save_runs(dir.path(), &MIXED);
    let mut app = headless(dir.path().to_owned(), Lang::Zh);
    open_history(&mut app);
    let zh = app.world().resource::<Ui>().history.recent_runs.clone();
    assert!(texts(&mut app).contains(&zh));
    app.world_mut().resource_mut::<liandong::app::Language>().0 = Lang::En;
    app.update();
    app.update();
    let en = app.world().resource::<Ui>().history.recent_runs.clone();
    assert_ne!(zh, en);
    let shown = texts(&mut app);
    assert!(shown.contains(&en) && !shown.contains(&zh), "{shown:?}");
    // one screen, not two stacked
    assert_eq!(shown.iter().filter(|t| **t == en).count(), 1);
}
