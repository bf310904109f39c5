//! Cases kept as workbooks in the app: listed and played like RON cases, a broken one shown
//! with the cell at fault, and a workbook saved in a spreadsheet program reloaded at once.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use liandong::app::library::Library;
use liandong::app::session::StartCase;
use liandong::app::{Lang, Screen};
use liandong::playthrough::RoleChoice;
use liandong::scenario::load::parse_ron;
use liandong::scenario::workbook::write_workbook;
use liandong::scenario::{Scenario, bundled_catalogue};

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn texts(app: &mut App) -> Vec<String> {
    let mut query = app.world_mut().query::<&Text>();
    query.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// The workbook of the overseas worker's case, with `edit` made to its RON first.
fn workbook_of(edit: impl Fn(String) -> String) -> Vec<u8> {
    let source = edit(std::fs::read_to_string("scenarios/overseas-worker.ron").unwrap());
    let scenario: Scenario = parse_ron("overseas-worker.ron", &source).unwrap();
    write_workbook(&scenario, Some(&source), &bundled_catalogue()).unwrap()
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("liandong-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("scenarios/rules.ron", dir.join("rules.ron")).unwrap();
    dir
}

fn app_on(dir: &Path) -> App {
    crate::common::app(
        dir.to_path_buf(),
        Some(tempfile::tempdir().expect("temporary data folder").keep()),
        Lang::Zh,
    )
}

#[test]
fn a_workbook_case_is_listed_and_played_and_a_broken_one_names_its_cell() {
    let dir = folder("workbooks");
    std::fs::copy(
        "scenarios/external-introduction.xlsx",
        dir.join("external-introduction.xlsx"),
    )
    .unwrap();
    let broken =
        workbook_of(|ron| ron.replacen("rule: \"balance-unasked\"", "rule: \"no-such-rule\"", 1));
    std::fs::write(dir.join("broken.xlsx"), broken).unwrap();
    // what Excel keeps beside a workbook it has open is no case
    std::fs::write(dir.join("~$broken.xlsx"), b"owner").unwrap();
    let mut app = app_on(&dir);
    let library = app.world().resource::<Library>();
    assert_eq!(library.reports.len(), 2, "the lock file is not listed");
    assert!(
        library
            .playable()
            .iter()
            .any(|c| c.scenario.id == "external-introduction"),
        "the workbook case is playable"
    );
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Library);
    app.update();
    app.update();
    let shown = texts(&mut app).join("\n");
    assert!(shown.contains("老客户引见的老同学"), "{shown}");
    assert!(
        shown.contains("broken.xlsx 工作表“选项”") && shown.contains("E003"),
        "the broken workbook names the sheet and cell: {shown}"
    );
    app.world_mut().write_message(StartCase {
        case_id: "external-introduction".into(),
        role: RoleChoice::All,
        seed: 1,
        from: None,
        decision_limit_ms: None,
        contest: None,
    });
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Play);
}

#[test]
fn saving_a_workbook_reloads_the_library() {
    let dir = folder("workbook-reload");
    let path = dir.join("overseas-worker.xlsx");
    std::fs::write(&path, workbook_of(|ron| ron)).unwrap();
    let mut app = app_on(&dir);
    let title = |app: &App| {
        app.world()
            .resource::<Library>()
            .playable()
            .iter()
            .map(|c| c.scenario.title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(title(&app), vec!["海外工作的王先生".to_owned()]);
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(
        &path,
        workbook_of(|ron| ron.replace("海外工作的王先生", "海外工作的王先生（修订）")),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while title(&app)[0] == "海外工作的王先生" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        app.update();
    }
    assert_eq!(title(&app), vec!["海外工作的王先生（修订）".to_owned()]);
}
