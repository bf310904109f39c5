//! The core's errors are typed, and worded from the text tables in either language: every
//! template's `{…}` is filled, the Chinese wording is Chinese and the English one English, and
//! the command line says them in the language of `--lang`.

use std::path::PathBuf;
use std::process::Command;

use liandong::competition::{CommentError, NameError, SetupError, checked_comment, checked_name};
use liandong::export::{ExportError, NotAFile};
use liandong::lang::{Lang, Words};
use liandong::playthrough::{PlayError, ReplayError, RoleChoice, StartError};
use liandong::scenario::model::{CardField, Role, StepKind};
use liandong::scoring::AnswerError;
use liandong::store::{Corruption, Damage, Recovery, StoreError};

fn is_ideograph(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

fn step() -> liandong::scenario::ids::StepId {
    "t-card".into()
}

fn name_errors() -> Vec<NameError> {
    vec![
        NameError::Empty,
        NameError::TooLong {
            start: "Li".into(),
            chars: 33,
            max: 32,
        },
        NameError::Control {
            name: "Li\\n".into(),
        },
        NameError::Invisible {
            character: '\u{200B}',
        },
    ]
}

fn answer_errors() -> Vec<AnswerError> {
    vec![
        AnswerError::Finished,
        AnswerError::NotADecision { step: step() },
        AnswerError::WrongKind {
            step: step(),
            kind: StepKind::Handoff,
        },
        AnswerError::NoSuchLine {
            step: step(),
            line: 6,
        },
        AnswerError::CueNotShown {
            step: step(),
            cue: "c-watch".into(),
        },
        AnswerError::NeedNotShown {
            step: step(),
            need: "n-fx".into(),
        },
        AnswerError::CardFields {
            step: step(),
            fields: 5,
            given: 4,
        },
        AnswerError::NoSuchChoice {
            step: step(),
            field: CardField::Contact,
            choice: 9,
        },
        AnswerError::NoSuchRoute {
            step: step(),
            route: 4,
        },
        AnswerError::NoSuchAction {
            step: step(),
            action: "a-walk".into(),
        },
        AnswerError::ActionTwice {
            step: step(),
            action: "a-walk".into(),
        },
    ]
}

fn store_errors() -> Vec<StoreError> {
    let sqlite = || {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        )
    };
    let json = || serde_json::from_str::<u8>("x").unwrap_err();
    vec![
        StoreError::Unwritable {
            dir: PathBuf::from("/data"),
            source: Box::new(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
        },
        StoreError::NoDatabase {
            dir: PathBuf::from("/data"),
        },
        StoreError::TooNew { found: 9, known: 4 },
        StoreError::DiskFull {
            source: sqlite(),
            os: Some(std::io::Error::from_raw_os_error(28)),
        },
        StoreError::Sqlite(sqlite()),
        StoreError::Damaged(Damage::LogWithoutDatabase),
        StoreError::Damaged(Damage::ForeignLog),
        StoreError::Corrupt(Corruption::Encode(json())),
        StoreError::Corrupt(Corruption::ContestSetup {
            id: 3,
            source: json(),
        }),
        StoreError::Corrupt(Corruption::Role {
            text: "Cashier".into(),
            source: Box::new(ron::from_str::<Role>("Cashier").unwrap_err()),
        }),
        StoreError::Corrupt(Corruption::RunWithoutTrainee { id: 7 }),
        StoreError::TurnPlayed {
            round: 0,
            team: "Team 2".into(),
        },
    ]
}

/// Every error the core can give, worded in `lang`.
fn every_wording(words: &Words) -> Vec<(String, String)> {
    let errors = &words.errors;
    let names = &words.names;
    let mut said: Vec<(String, String)> = Vec::new();
    for e in name_errors() {
        said.push((format!("{e:?}"), errors.name(&e)));
        let in_setup = [
            SetupError::Name(e.clone()),
            SetupError::TeamName {
                team: 2,
                error: e.clone(),
            },
            SetupError::MemberName {
                team: "Team 2".into(),
                error: e.clone(),
            },
        ];
        for e in in_setup {
            said.push((format!("{e:?}"), errors.setup(&e)));
        }
    }
    for e in [
        CommentError::TooLong {
            chars: 201,
            max: 200,
        },
        CommentError::Hidden {
            character: '\u{1b}',
        },
    ] {
        said.push((format!("{e:?}"), errors.comment(&e)));
    }
    for e in [
        SetupError::Unnamed,
        SetupError::TeamCount { count: 13 },
        SetupError::TeamUnnamed { team: 2 },
        SetupError::DuplicateTeam {
            name: "Team 2".into(),
        },
        SetupError::MemberCount {
            team: "Team 2".into(),
            count: 9,
        },
        SetupError::MemberUnnamed {
            team: "Team 2".into(),
        },
        SetupError::NoCases,
        SetupError::TooManyRounds { count: 1001 },
        SetupError::UnknownCase {
            id: "no-such-case".into(),
        },
        SetupError::NoPodium,
    ] {
        said.push((format!("{e:?}"), errors.setup(&e)));
    }
    let starts = [
        StartError::RoleNotInCase(RoleChoice::Only(vec![Role::PostalStaff, Role::BackOffice])),
        StartError::UnknownStep(step()),
    ];
    for e in &starts {
        said.push((format!("{e:?}"), errors.start(e, names)));
        let e = ReplayError::Start(e.clone());
        said.push((format!("{e:?}"), errors.replay(&e, names)));
    }
    for e in answer_errors() {
        said.push((format!("{e:?}"), errors.answer(&e, names)));
        let played = PlayError::Answer(e.clone());
        said.push((format!("{played:?}"), errors.play(&played, names)));
        let replayed = ReplayError::Answer(e);
        said.push((format!("{replayed:?}"), errors.replay(&replayed, names)));
    }
    for e in [
        ReplayError::StepMismatch { step: step() },
        ReplayError::MoodMismatch { step: step() },
    ] {
        said.push((format!("{e:?}"), errors.replay(&e, names)));
    }
    for e in store_errors() {
        said.push((format!("{e:?}"), errors.store(&e)));
    }
    let e = ExportError::Store(StoreError::TooNew { found: 9, known: 4 });
    said.push((format!("{e:?}"), errors.export(&e)));
    for kind in NotAFile::ALL {
        let e = ExportError::Write {
            path: PathBuf::from("/exports/runs.csv"),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, kind),
        };
        said.push((format!("{e:?}"), errors.export(&e)));
    }
    let recovery = |salvage_failed: Option<&str>, saved, lost, foreign_log| Recovery {
        moved_to: PathBuf::from("/data/liandong.db.corrupt-1"),
        reason: Damage::ForeignLog,
        saved,
        lost,
        foreign_log,
        salvage_failed: salvage_failed.map(str::to_owned),
    };
    for r in [
        recovery(Some("disk I/O error"), 0, 0, false),
        recovery(None, 0, 0, true),
        recovery(None, 4, 0, false),
        recovery(None, 4, 2, true),
    ] {
        said.push((format!("{r:?}"), errors.recovery(&r)));
    }
    said
}

#[test]
fn every_core_error_is_worded_in_both_languages_with_every_blank_filled() {
    for lang in [Lang::Zh, Lang::En] {
        let words = Words::load(lang).expect("the table parses");
        for (error, text) in every_wording(&words) {
            assert!(!text.is_empty(), "{lang:?}: {error} says nothing");
            assert!(
                !text.contains('{') && !text.contains('}') && !text.contains('?'),
                "{lang:?}: {error} leaves a blank or an unknown name: {text}"
            );
            assert_eq!(
                text.chars().any(is_ideograph),
                lang == Lang::Zh,
                "{lang:?}: {error} is worded in the other language: {text}"
            );
        }
    }
}

#[test]
fn the_checks_give_the_error_a_person_can_act_on() {
    let zh = Words::load(Lang::Zh).unwrap();
    let en = Words::load(Lang::En).unwrap();
    let long = checked_name(&"李".repeat(33), 32).unwrap_err();
    assert_eq!(
        zh.errors.name(&long),
        "名字“李李李李李李李李李李李李…”有 33 个字，最多 32 个"
    );
    assert_eq!(
        en.errors.name(&long),
        "The name \"李李李李李李李李李李李李…\" has 33 characters; at most 32"
    );
    let hidden = checked_comment("好\u{1b}[2J").unwrap_err();
    assert_eq!(
        zh.errors.comment(&hidden),
        "点评里有换行、控制字符或看不见的字符 U+001B"
    );
    let role = StartError::RoleNotInCase(RoleChoice::Only(vec![Role::Teller, Role::BranchHead]));
    assert_eq!(
        zh.errors.start(&role, &zh.names),
        "这个案例没有柜员、网点负责人岗位的环节"
    );
    assert_eq!(
        en.errors.start(&role, &en.names),
        "This case has no stage for Teller, Branch head"
    );
}

#[test]
fn the_command_line_words_errors_in_the_language_of_lang() {
    let data = tempfile::tempdir().unwrap();
    let run = |lang: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_liandong"));
        if let Some(lang) = lang {
            command.args(["--lang", lang]);
        }
        let out = command
            .args(["--data-dir"])
            .arg(data.path())
            .args([
                "run",
                "scenarios/overseas-worker.ron",
                "--save",
                "--trainee",
                " ",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run(None).contains("名字是空的"), "{}", run(None));
    assert!(run(Some("zh")).contains("名字是空的"));
    let english = run(Some("en"));
    assert!(english.contains("The name is empty"), "{english}");
}
