//! A trainee who signed in is still signed in when the app starts again on the same data folder,
//! and signing out is remembered too.

use std::path::{Path, PathBuf};

use bevy::input::InputPlugin;
use bevy::input_focus::InputFocusPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::text::EditableText;
use bevy::ui_widgets::Activate;
use liandong::app::storage::Storage;
use liandong::app::{AppOptions, AppPlugin, Lang};

fn start(data: &Path) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin, InputFocusPlugin));
    app.add_plugins(AppPlugin {
        options: AppOptions {
            cases_dir: PathBuf::from("scenarios"),
            data_dir: Some(data.to_owned()),
            window_size: (1280, 720),
            autopilot: None,
        },
        lang: Lang::Zh,
    });
    for _ in 0..3 {
        app.update();
    }
    app
}

fn signed_in(app: &App) -> Option<String> {
    app.world().resource::<Storage>().trainee.clone()
}

fn texts(app: &mut App) -> Vec<String> {
    let mut query = app.world_mut().query::<&Text>();
    query.iter(app.world()).map(|t| t.0.clone()).collect()
}

fn click(app: &mut App, label: &str) {
    let mut query = app.world_mut().query::<(&Text, &ChildOf)>();
    let button = query
        .iter(app.world())
        .find(|(text, _)| text.0 == label)
        .map(|(_, parent)| parent.parent())
        .unwrap_or_else(|| panic!("no button “{label}” among {:?}", texts(app)));
    app.world_mut().trigger(Activate { entity: button });
    for _ in 0..3 {
        app.update();
    }
}

#[test]
fn a_signed_in_trainee_stays_signed_in_after_a_restart_until_they_sign_out() {
    let data = tempfile::tempdir().unwrap();
    let mut app = start(data.path());
    assert_eq!(signed_in(&app), None, "a fresh folder has nobody signed in");
    {
        let mut fields = app.world_mut().query::<&mut EditableText>();
        let mut field = fields
            .single_mut(app.world_mut())
            .expect("the sign-in field");
        *field = EditableText::new("陈晓");
    }
    click(&mut app, "签到");
    assert_eq!(signed_in(&app).as_deref(), Some("陈晓"));
    drop(app);

    let mut app = start(data.path());
    assert_eq!(signed_in(&app).as_deref(), Some("陈晓"), "still signed in");
    assert!(
        texts(&mut app).iter().any(|t| t == "当前学员：陈晓"),
        "the title greets the trainee: {:?}",
        texts(&mut app)
    );
    click(&mut app, "换一位学员");
    assert_eq!(signed_in(&app), None);
    drop(app);

    let app = start(data.path());
    assert_eq!(signed_in(&app), None, "signing out is remembered");
}
