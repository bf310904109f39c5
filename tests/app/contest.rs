//! A group competition driven through the app headless, by clicking its buttons: setup,
//! hot-seat turns with the acting member named, observer points, the podium; and a second
//! window on the same data offers the unfinished contest for resumption.

use std::path::{Path, PathBuf};

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::ui_widgets::Activate;
use liandong::app::contest::ActiveContest;
use liandong::app::contest::setup::SetupDraft;
use liandong::app::session::{Session, SubmitAnswer};
use liandong::app::{Lang, Screen};
use liandong::playthrough::pick;
use liandong::store::{RunFilter, Store};

fn headless(data: &Path) -> App {
    crate::common::app(PathBuf::from("scenarios"), Some(data.to_owned()), Lang::Zh)
}

fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn texts(app: &mut App) -> Vec<String> {
    let mut query = app.world_mut().query::<&Text>();
    query.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// Clicks the button whose label is exactly `label` (the label is the button's child).
fn click(app: &mut App, label: &str) {
    let mut query = app.world_mut().query::<(&Text, &ChildOf)>();
    let button = query
        .iter(app.world())
        .find(|(text, _)| text.0 == label)
        .map(|(_, parent)| parent.parent())
        .unwrap_or_else(|| panic!("no button “{label}” among {:?}", texts(app)));
    app.world_mut().trigger(Activate { entity: button });
    settle(app);
}

fn press_escape(app: &mut App) {
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::Escape,
        logical_key: Key::Escape,
        state: ButtonState::Pressed,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    settle(app);
}

/// Starts a practice run of a case for every role and plays it with the model answers.
fn play_practice(app: &mut App, case_id: &str) {
    app.world_mut()
        .write_message(liandong::app::session::StartCase {
            case_id: case_id.into(),
            role: liandong::playthrough::RoleChoice::All,
            seed: 1,
            from: None,
            decision_limit_ms: None,
            contest: None,
        });
    settle(app);
    play_turn(app);
}

/// Plays the turn on stage with the model answers.
fn play_turn(app: &mut App) {
    for _ in 0..200 {
        if screen(app) != Screen::Play {
            break;
        }
        let session = app.world().resource::<Session>();
        if let Some(pending) = session.playthrough.pending() {
            let answer = pick::best(session.playthrough.case(), pending.at);
            app.world_mut().write_message(SubmitAnswer(answer));
        }
        settle(app);
    }
}

#[test]
fn a_contest_runs_through_the_app_and_a_second_window_offers_to_resume_it() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    click(&mut app, "分组PK");
    assert_eq!(screen(&app), Screen::ContestSetup);
    {
        let mut draft = app.world_mut().resource_mut::<SetupDraft>();
        draft.name = "测试PK".into();
        draft.teams.truncate(2);
        draft.podium = 2;
    }
    settle(&mut app);
    click(&mut app, "开始比赛");
    assert!(
        texts(&mut app).iter().any(|t| t.contains("至少选一个案例")),
        "a contest needs a case: the trainer is told"
    );
    click(&mut app, "海外工作的王先生");
    click(&mut app, "开始比赛");
    assert_eq!(screen(&app), Screen::Scoreboard);

    click(&mut app, "上场");
    assert_eq!(screen(&app), Screen::Play);
    let banner: Vec<String> = texts(&mut app)
        .into_iter()
        .filter(|t| t.contains("作答"))
        .collect();
    assert_eq!(banner.len(), 1, "one hot-seat banner");
    assert!(
        banner[0].contains("第1组1号"),
        "the acting member is named: {}",
        banner[0]
    );
    play_turn(&mut app);
    assert_eq!(screen(&app), Screen::Scoreboard);

    // observers judge what a click cannot, on the checklist: two observers, their mean counts
    observe(&mut app, "观察员甲", "2");
    observe(&mut app, "观察员乙", "1");
    let contest = app.world().resource::<ActiveContest>();
    let first = contest
        .board
        .standings
        .iter()
        .find(|s| s.team == 0)
        .unwrap();
    assert_eq!((first.checklist_points, first.case_points), (7.5, 100.0));
    assert_eq!(first.total, 107.5);
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.contains("观察员甲 10.0 分；观察员乙 5.0 分") && t.contains("7.5")),
        "the sheets given and their mean are shown"
    );

    // a second window on the same data offers the unfinished contest
    let mut second = headless(data.path());
    settle(&mut second);
    let offer = texts(&mut second)
        .into_iter()
        .find(|t| t.contains("继续未完成的比赛"))
        .expect("resume offered");
    assert!(
        offer.contains("测试PK") && offer.contains("第2组"),
        "{offer}"
    );
    click(&mut second, &offer);
    assert_eq!(screen(&second), Screen::Scoreboard);
    drop(second);

    // Esc in the middle of a turn goes back to the scoreboard; the turn is not saved and the
    // same team goes on stage again
    click(&mut app, "上场");
    let session = app.world().resource::<Session>();
    let pending = session.playthrough.pending().unwrap().at;
    let answer = pick::best(session.playthrough.case(), pending);
    app.world_mut().write_message(SubmitAnswer(answer));
    settle(&mut app);
    // judged like an exam: the teams still to come must not read the answers on the screen
    let mut names = app.world_mut().query::<&Name>();
    assert!(
        !names.iter(app.world()).any(|n| n.as_str() == "Feedback"),
        "no feedback during a contest turn"
    );
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t == "海外工作的王先生 · 测试PK"),
        "the header names the contest"
    );
    press_escape(&mut app);
    assert_eq!(screen(&app), Screen::Scoreboard);
    let (store, _) = Store::open(data.path()).unwrap();
    assert_eq!(store.runs(&RunFilter::default()).unwrap().len(), 1);
    drop(store);
    click(&mut app, "上场");
    assert!(
        texts(&mut app).iter().any(|t| t.contains("第2组")),
        "the second team is on stage again"
    );
    play_turn(&mut app);
    click(&mut app, "颁奖");
    assert_eq!(screen(&app), Screen::Podium);
    assert!(texts(&mut app).iter().any(|t| t == "第 1 名"));

    let (store, _) = Store::open(data.path()).unwrap();
    let runs = store
        .runs(&RunFilter {
            trainee: None,
            competition: Some("测试PK".into()),
        })
        .unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.lineup.len() == 3));
    assert!(
        store.resumable().unwrap().is_none(),
        "a finished contest is not offered"
    );
}

#[test]
fn a_practice_run_is_saved_under_the_signed_in_trainee() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    app.world_mut()
        .resource_mut::<liandong::app::storage::Storage>()
        .trainee = Some("陈晓".into());
    play_practice(&mut app, "complaint");
    assert_eq!(screen(&app), Screen::Debrief);
    let saved = app
        .world()
        .resource::<liandong::app::screens::debrief::SaveNote>()
        .0
        .clone()
        .expect("storage answered the finished run");
    assert!(saved.outcome.is_ok(), "{saved:?}");
    assert_eq!(saved.saved_as, "陈晓");
    let (store, _) = Store::open(data.path()).unwrap();
    let runs = store
        .runs(&RunFilter {
            trainee: Some("陈晓".into()),
            competition: None,
        })
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].case_id, "complaint");
}

#[test]
fn with_a_data_folder_that_cannot_be_written_the_app_still_plays_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let mut app = headless(&blocker.join("data"));
    settle(&mut app);
    assert!(
        texts(&mut app).iter().any(|t| t.contains("成绩不会保存")),
        "the title says nothing will be saved"
    );
    play_practice(&mut app, "complaint");
    assert_eq!(screen(&app), Screen::Debrief, "playing needs no database");
    assert!(
        texts(&mut app).iter().any(|t| t.starts_with("成绩未保存")),
        "the debrief says the result was not saved"
    );
}

/// An observer's sheet for the turn just played: their name, the same mark on every item, 记入.
fn observe(app: &mut App, observer: &str, mark: &str) {
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
        .set_text(observer);
    let mut labels = app.world_mut().query::<(&Text, &ChildOf)>();
    let chips: Vec<Entity> = labels
        .iter(app.world())
        .filter(|(text, _)| text.0 == mark)
        .map(|(_, parent)| parent.parent())
        .collect();
    let chips: Vec<Entity> = chips
        .into_iter()
        .filter(|chip| {
            app.world()
                .get::<Name>(*chip)
                .is_some_and(|n| n.as_str() == "Button")
        })
        .collect();
    assert_eq!(chips.len(), 5, "one chip per checklist item");
    for chip in chips {
        app.world_mut().trigger(Activate { entity: chip });
    }
    settle(app);
    click(app, "记入");
}

/// Plays the turn on stage with the worst answers (red lines included).
fn play_turn_worst(app: &mut App) {
    for _ in 0..200 {
        if screen(app) != Screen::Play {
            break;
        }
        let session = app.world().resource::<Session>();
        if let Some(pending) = session.playthrough.pending() {
            let answer = pick::worst(session.playthrough.case(), pending.at);
            app.world_mut().write_message(SubmitAnswer(answer));
        }
        settle(app);
    }
}

#[test]
fn after_a_round_the_trainer_reviews_what_each_team_chose_at_each_decision() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    click(&mut app, "分组PK");
    {
        let mut draft = app.world_mut().resource_mut::<SetupDraft>();
        draft.name = "点评PK".into();
        draft.teams.truncate(2);
        draft.podium = 2;
    }
    settle(&mut app);
    click(&mut app, "海外工作的王先生");
    click(&mut app, "开始比赛");
    assert!(
        !texts(&mut app).iter().any(|t| t == "案例点评"),
        "nothing to review before a turn is played"
    );
    click(&mut app, "上场");
    play_turn(&mut app);
    click(&mut app, "上场");
    play_turn_worst(&mut app);
    assert_eq!(screen(&app), Screen::Scoreboard);

    click(&mut app, "案例点评");
    assert_eq!(screen(&app), Screen::Review);
    let shown = texts(&mut app);
    let has = |needle: &str| shown.iter().any(|t| t.contains(needle));
    assert!(has("案例点评 · 点评PK"), "the header names the contest");
    assert!(has("第 1 轮 · 海外工作的王先生"), "the round and its case");
    assert!(has("2 组作答"));
    assert!(has("第 1 项："), "decisions are numbered");
    assert!(has("示范答案："), "each decision shows its model answer");
    assert!(has("最常见的错误选择"), "the wrong choice is marked");
    assert!(has("触犯红线"), "the red line the second team crossed");
    assert!(
        shown.iter().any(|t| t.contains("第2组")) && shown.iter().any(|t| t.contains("第1组")),
        "who chose what is named"
    );
    press_escape(&mut app);
    assert_eq!(screen(&app), Screen::Scoreboard, "back where it was opened");

    // a member's own history shows the turn in which they acted, with their role's score
    app.world_mut()
        .resource_mut::<liandong::app::storage::Storage>()
        .trainee = Some("第2组1号".into());
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::History);
    settle(&mut app);
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == "比赛中我演的角色"), "{shown:?}");
    assert!(
        shown
            .iter()
            .any(|t| t.contains("点评PK · 第2组 · 海外工作的王先生")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|t| t.contains("红线")),
        "the red lines of the member's roles: {shown:?}"
    );
}

#[test]
fn a_team_prepares_and_performs_against_the_clock_then_answers() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    click(&mut app, "分组PK");
    {
        let mut draft = app.world_mut().resource_mut::<SetupDraft>();
        draft.name = "计时PK".into();
        draft.teams.truncate(2);
        draft.podium = 2;
    }
    settle(&mut app);
    click(&mut app, "海外工作的王先生");
    click(&mut app, "3 分钟");
    click(&mut app, "1 分钟");
    click(&mut app, "开始比赛");
    assert_eq!(screen(&app), Screen::Scoreboard);
    let contest = app.world().resource::<ActiveContest>();
    assert_eq!(
        (
            contest.info.setup.timers.preparation_secs,
            contest.info.setup.timers.performance_secs
        ),
        (180, 60),
        "the timers chosen in the setup are the contest's"
    );

    click(&mut app, "计时演练（准备 3 分钟，表演 1 分钟）");
    assert_eq!(screen(&app), Screen::DrillTimer);
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == "准备时间"), "{shown:?}");
    assert!(
        shown.iter().any(|t| t == "3:00" || t == "2:59"),
        "the preparation time in large type: {shown:?}"
    );
    assert!(shown.iter().any(|t| t == "第1组 · 海外工作的王先生"));
    click(&mut app, "开始表演");
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == "表演时间"));
    assert!(
        shown.iter().any(|t| t == "1:00" || t == "0:59"),
        "{shown:?}"
    );
    click(&mut app, "上场作答");
    assert_eq!(screen(&app), Screen::Play, "the team answers in the app");
}
