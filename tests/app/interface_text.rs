//! Interface text: both language tables are complete, and the shipped font has a glyph for
//! every character a trainee can meet (cases, interface tables, the app's own labels).

use std::collections::BTreeSet;
use std::path::Path;

use liandong::app::Lang;
use liandong::app::i18n::UiText;
use liandong::competition::{CaseOrder, RoleAssignment};
use liandong::export::NotAFile;
use liandong::scenario::model::{CardField, Difficulty, Grade, Outcome, Role, StepKind, Tier};
use liandong::scoring::Dimension;
use skrifa::MetadataProvider;
use skrifa::raw::FileRef;

/// Every variant of every enum the interface names has its own text in both languages
/// (the tables are keyed by the variant, so a missing or misspelt key is caught here).
#[test]
fn every_enum_variant_has_text_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let ui = UiText::load(lang).expect("the table parses");
        let mut named: Vec<(String, String)> = Vec::new();
        let mut add = |what: String, text: &str| named.push((what, text.to_owned()));
        for v in Role::ALL {
            add(format!("{v:?}"), ui.role(v));
        }
        for v in Tier::ALL {
            add(format!("{v:?}"), ui.tier(v));
        }
        for v in Grade::ALL {
            add(format!("{v:?}"), ui.grade(v));
        }
        for v in StepKind::ALL {
            add(format!("{v:?}"), ui.step_kind(v));
        }
        for v in Outcome::ALL {
            add(format!("{v:?}"), ui.outcome(v));
        }
        for v in CardField::ALL {
            add(format!("{v:?}"), ui.card_field(v));
        }
        for v in Difficulty::ALL {
            add(format!("{v:?}"), ui.difficulty(v));
        }
        for v in Dimension::ALL {
            add(format!("{v:?}"), ui.dimension(v));
        }
        for v in CaseOrder::ALL {
            add(format!("{v:?}"), ui.case_order(v));
        }
        for v in RoleAssignment::ALL {
            add(format!("{v:?}"), ui.role_assignment(v));
        }
        for v in NotAFile::ALL {
            add(format!("{v:?}"), ui.errors.not_a_file_kind(v));
        }
        for (variant, text) in &named {
            assert!(
                !text.is_empty() && text != "?",
                "{lang:?}: no text for {variant}"
            );
        }
        // the Chinese table names them in Chinese, the English one not
        for (variant, text) in &named {
            assert_eq!(
                text.chars().any(is_ideograph),
                lang == Lang::Zh,
                "{lang:?}: {variant} is named {text:?}"
            );
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

/// A CJK ideograph (the unified blocks and their extensions), as a Chinese word has.
fn is_ideograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
    )
}

/// The string and character literals of Rust source holding an ideograph, with their line;
/// comments are skipped, and so is everything from `#[cfg(test)]` on (test modules close a
/// file, and their data may be Chinese).
fn chinese_literals(source: &str) -> Vec<(usize, String)> {
    let source = source.split("#[cfg(test)]").next().unwrap_or_default();
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut literal = |start_line: usize, text: String| {
        if text.chars().any(is_ideograph) {
            found.push((start_line, text));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('"' | '#')) && !ident_before(&chars, i) {
            // a raw string: r"…", r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let start_line = line;
            let mut text = String::new();
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    break;
                }
                line += usize::from(chars[j] == '\n');
                text.push(chars[j]);
                j += 1;
            }
            literal(start_line, text);
            i = j + 1 + hashes;
        } else if c == '"' {
            let start_line = line;
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                line += usize::from(chars.get(i) == Some(&'\n'));
                text.extend(chars.get(i));
                i += 1;
            }
            literal(start_line, text);
            i += 1;
        } else if c == '\'' {
            // a character literal ('王', '\n'), or a lifetime ('a) which has no closing quote
            let close = if next == Some('\\') {
                // '\n', '\'', '\u{3000}'
                (i + 3..chars.len().min(i + 12))
                    .find(|&j| chars[j] == '\'')
                    .unwrap_or(i + 1)
            } else {
                i + 2
            };
            if chars.get(close) == Some(&'\'') {
                literal(line, chars[i + 1..close].iter().collect());
                i = close + 1;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

fn rust_files(folder: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn the_literal_scanner_finds_chinese_in_strings_and_only_there() {
    let source = r##"
        // 注释里的中文不算
        /* 块注释 "也不算" */
        let a = "中文";
        let b = r#"原始"字符串"#;
        let c = '王';
        let g = '\u{3000}'; let h = "字";
        fn f<'a>(x: &'a str) -> &'a str { x }
        let d = "a \" quote";
        let e = "英文 only after an escape \"";
        let f = "—：，"; // punctuation alone is not a Chinese word
        #[cfg(test)]
        mod tests { const X: &str = "测试数据"; }
    "##;
    let found: Vec<String> = chinese_literals(source)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        found,
        [
            "中文",
            "原始\"字符串",
            "王",
            "字",
            "英文 only after an escape \""
        ]
    );
}

/// Interface text lives in the tables: no Chinese word is written into the app's code. The
/// autopilot's demonstration names (what a trainer would type) are the one exception, kept in
/// one file of data.
#[test]
fn no_chinese_literal_in_the_app_outside_the_text_tables() {
    let allowed = [Path::new("src/app/autopilot/demo.rs")];
    let mut files = Vec::new();
    rust_files(Path::new("src/app"), &mut files);
    assert!(files.len() > 20, "the app's sources are found");
    let mut offending = Vec::new();
    for file in files.iter().filter(|f| !allowed.contains(&f.as_path())) {
        let source = std::fs::read_to_string(file).unwrap();
        for (line, text) in chinese_literals(&source) {
            offending.push(format!("{}:{line}: {text:?}", file.display()));
        }
    }
    assert!(
        offending.is_empty(),
        "Chinese text in the app's code (put it in assets/i18n/*.ron):\n{}",
        offending.join("\n")
    );
}
