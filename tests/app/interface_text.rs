//! Interface text: both language tables are complete, and the shipped font has a glyph for
//! every character a trainee can meet (cases, interface tables, the app's own labels).

use std::collections::BTreeSet;
use std::path::Path;

use liandong::app::Lang;
use liandong::app::i18n::UiText;
use liandong::scenario::model::{Grade, Role, Tier};
use skrifa::MetadataProvider;
use skrifa::raw::FileRef;

#[test]
fn both_language_tables_load_with_every_entry() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = UiText::load(lang).expect("the table parses");
        for tier in Tier::ALL {
            assert_ne!(ui.tier(tier), "?", "{lang:?} {tier:?}");
        }
        for grade in [
            Grade::Best,
            Grade::Acceptable,
            Grade::Weak,
            Grade::Wrong,
            Grade::RedLine,
        ] {
            assert_ne!(ui.grade(grade), "?", "{lang:?} {grade:?}");
        }
        for role in [
            Role::Teller,
            Role::OpenCounterTeller,
            Role::LobbyManager,
            Role::WealthManager,
            Role::CorporateManager,
            Role::BranchHead,
            Role::BackOffice,
            Role::PostalStaff,
        ] {
            assert_ne!(ui.role(role), "?", "{lang:?} {role:?}");
        }
    }
}

fn characters_in(folder: &Path, extensions: &[&str], into: &mut BTreeSet<char>) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            characters_in(&path, extensions, into);
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            into.extend(
                text.chars()
                    .filter(|c| !c.is_control() && !c.is_whitespace()),
            );
        }
    }
}

#[test]
fn the_shipped_font_has_every_character_of_the_cases_and_the_interface() {
    let mut wanted = BTreeSet::new();
    characters_in(Path::new("scenarios"), &["ron"], &mut wanted);
    characters_in(Path::new("assets/i18n"), &["ron"], &mut wanted);
    characters_in(Path::new("src/app"), &["rs"], &mut wanted);
    for face in [
        "assets/fonts/NotoSansSC-Regular.otf",
        "assets/fonts/NotoSansSC-Bold.otf",
    ] {
        let bytes = std::fs::read(face).unwrap();
        let font = match FileRef::new(&bytes).unwrap() {
            FileRef::Font(font) => font,
            FileRef::Collection(_) => panic!("{face} must be a single face, not a collection"),
        };
        let charmap = font.charmap();
        let missing: String = wanted
            .iter()
            .filter(|c| charmap.map(**c).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "{face} lacks: {missing}\nrerun scripts/subset-font.sh"
        );
    }
}
