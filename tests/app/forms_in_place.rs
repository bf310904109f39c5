//! Screens that change in place: a click changes what it changes, and the field being typed in
//! or the button the keyboard is on stays where it was (the contest form, the scoreboard's
//! observer points, the interface scale). They used to be rebuilt whole on every click, which
//! dropped the focus and, on the scoreboard, the comment being typed.

use std::path::{Path, PathBuf};

use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::Activate;
use liandong::app::contest::setup::SetupDraft;
use liandong::app::session::{Session, SubmitAnswer};
use liandong::app::theme::widget::ButtonLook;
use liandong::app::{Lang, Screen};
use liandong::playthrough::pick;

fn headless(data: &Path) -> App {
    crate::common::app(PathBuf::from("scenarios"), Some(data.to_owned()), Lang::Zh)
}

fn settle(app: &mut App) {
    for _ in 0..3 {
        app.update();
    }
}

fn texts(app: &mut App) -> Vec<String> {
    let mut query = app.world_mut().query::<&Text>();
    query.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// The button labelled `label` (the first, if several are).
fn button(app: &mut App, label: &str) -> Entity {
    let mut query = app.world_mut().query::<(&Text, &ChildOf)>();
    query
        .iter(app.world())
        .find(|(text, _)| text.0 == label)
        .map(|(_, parent)| parent.parent())
        .unwrap_or_else(|| panic!("no button “{label}” among {:?}", texts(app)))
}

fn click(app: &mut App, label: &str) {
    let entity = button(app, label);
    app.world_mut().trigger(Activate { entity });
    settle(app);
}

/// The text fields on screen, with what they hold.
fn fields(app: &mut App) -> Vec<(Entity, String)> {
    let mut query = app.world_mut().query::<(Entity, &EditableText)>();
    query
        .iter(app.world())
        .map(|(entity, field)| (entity, field.value().to_string()))
        .collect()
}

/// Types `text` into `field` (as the field's own editing would) and gives it the focus.
fn type_into(app: &mut App, field: Entity, text: &str) {
    app.world_mut()
        .entity_mut(field)
        .get_mut::<EditableText>()
        .unwrap()
        .editor_mut()
        .set_text(text);
    app.world_mut()
        .resource_mut::<InputFocus>()
        .set(field, FocusCause::Navigated);
    settle(app);
}

fn look(app: &mut App, label: &str) -> ButtonLook {
    let entity = button(app, label);
    *app.world().get::<ButtonLook>(entity).unwrap()
}

#[test]
fn choosing_a_time_limit_or_adding_a_team_keeps_the_name_being_typed() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    click(&mut app, "分组PK");
    let (field, _) = fields(&mut app)
        .into_iter()
        .find(|(_, text)| text == "第1组")
        .expect("the first team's name field");
    type_into(&mut app, field, "营业部一组");
    let chip = button(&mut app, "60 秒");
    assert_eq!(look(&mut app, "60 秒"), ButtonLook::Plain);

    click(&mut app, "60 秒");
    assert_eq!(look(&mut app, "60 秒"), ButtonLook::Selected);
    assert_eq!(look(&mut app, "不限时"), ButtonLook::Plain);
    assert_eq!(button(&mut app, "60 秒"), chip, "the chip changed in place");
    assert_eq!(app.world().resource::<SetupDraft>().limit, Some(60));
    assert_eq!(
        app.world().resource::<InputFocus>().get(),
        Some(field),
        "the field being typed in keeps the keyboard"
    );
    assert!(fields(&mut app).contains(&(field, "营业部一组".to_owned())));

    // a fifth team: the rows follow, the name typed stays
    click(&mut app, "＋");
    let names: Vec<String> = fields(&mut app).into_iter().map(|(_, t)| t).collect();
    assert!(names.contains(&"营业部一组".to_owned()), "{names:?}");
    assert!(names.contains(&"第5组".to_owned()), "{names:?}");
    assert_eq!(app.world().resource::<SetupDraft>().teams.len(), 5);
    assert!(texts(&mut app).contains(&"小组数：5（2–12）".to_owned()));
}

#[test]
fn checklist_marks_change_without_losing_the_comment_being_typed() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    click(&mut app, "分组PK");
    app.world_mut()
        .resource_mut::<SetupDraft>()
        .teams
        .truncate(2);
    settle(&mut app);
    click(&mut app, "海外工作的王先生");
    click(&mut app, "开始比赛");
    click(&mut app, "上场");
    for _ in 0..200 {
        if *app.world().resource::<State<Screen>>().get() != Screen::Play {
            break;
        }
        let session = app.world().resource::<Session>();
        if let Some(pending) = session.playthrough.pending() {
            let answer = pick::best(session.playthrough.case(), pending.at);
            app.world_mut().write_message(SubmitAnswer(answer));
        }
        settle(&mut app);
    }
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Scoreboard
    );
    // a mark below full opens the item's comment; another mark keeps what is typed there
    click(&mut app, "1");
    assert!(texts(&mut app).contains(&"本张评分：1.0 分".to_owned()));
    let comment = named(&mut app, "Checklist comment 1");
    assert_eq!(
        app.world().get::<Node>(comment).unwrap().display,
        Display::Flex,
        "the comment field shows under a mark below full"
    );
    type_into(&mut app, comment, "起身引导到位");
    click(&mut app, "0");
    assert!(texts(&mut app).contains(&"本张评分：0.0 分".to_owned()));
    assert!(
        fields(&mut app).contains(&(comment, "起身引导到位".to_owned())),
        "the comment typed is still there"
    );
    assert_eq!(app.world().resource::<InputFocus>().get(), Some(comment));
}

/// The entity named `name` (a field of the checklist).
fn named(app: &mut App, name: &str) -> Entity {
    let mut query = app.world_mut().query::<(Entity, &Name)>();
    query
        .iter(app.world())
        .find(|(_, n)| n.as_str() == name)
        .map(|(entity, _)| entity)
        .unwrap_or_else(|| panic!("nothing named {name}"))
}

#[test]
fn the_scale_buttons_keep_the_keyboard_focus() {
    let data = tempfile::tempdir().unwrap();
    let mut app = headless(data.path());
    click(&mut app, "设置");
    let larger = button(&mut app, "放大");
    // Enter on the focused button, twice
    app.world_mut()
        .resource_mut::<InputFocus>()
        .set(larger, FocusCause::Navigated);
    click(&mut app, "放大");
    click(&mut app, "放大");
    assert!(texts(&mut app).contains(&"界面缩放：120%".to_owned()));
    assert_eq!(app.world().resource::<UiScale>().0, 1.2);
    assert_eq!(
        app.world().resource::<InputFocus>().get(),
        Some(larger),
        "the focus stays on 放大"
    );
    assert_eq!(button(&mut app, "放大"), larger);
}
