//! The check behind "no internal names on screen", shared by the core's and the app's tests:
//! text a trainee or trainer reads must hold no id of a bundled case, no Rust enum variant
//! name, and no half-width comma or colon beside Chinese (nor a full-width one between Latin
//! letters or digits).

use std::collections::BTreeSet;
use std::path::PathBuf;

use liandong::lang::Lang;

/// The internal names that must never be shown.
pub struct InternalNames {
    /// Every id written in a bundled case file or in `rules.ron`: cases, steps, cues, needs,
    /// staff, handoff actions, rules.
    ids: BTreeSet<String>,
    /// The variant names of the enums behind the interface (roles, tiers, grades, outcomes,
    /// step kinds, dimensions, card fields, conditions, modes…), as `{:?}` or serde prints them.
    variants: BTreeSet<String>,
}

/// The names serde knows for an enum's variants, read from the error it gives for a variant
/// that does not exist ("unknown variant `?`, expected one of `A`, `B`"), so a variant added
/// later is checked without editing this list.
fn variant_names<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let error = match serde_json::from_str::<T>("\"?\"") {
        Err(e) => e.to_string(),
        Ok(_) => return Vec::new(),
    };
    let error = if error.contains("expected one of") || error.contains("expected `") {
        error
    } else {
        // an enum whose variants carry data wants a map
        match serde_json::from_str::<T>("{\"?\": null}") {
            Err(e) => e.to_string(),
            Ok(_) => return Vec::new(),
        }
    };
    let listed = error
        .split_once("expected")
        .map_or("", |(_, rest)| rest)
        .to_owned();
    let names: Vec<String> = listed
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert!(
        !names.is_empty(),
        "no variant names in {error:?}: the check would check nothing"
    );
    names
}

impl InternalNames {
    /// The ids of every bundled case (`scenarios/`, examples included) and the variant names of
    /// the enums the interface names.
    pub fn of_bundled_cases() -> InternalNames {
        let mut ids = BTreeSet::new();
        let mut files = vec![PathBuf::from("scenarios/rules.ron")];
        files.extend(liandong::scenario::discover(&[PathBuf::from("scenarios")]).0);
        for file in &files {
            // a workbook's ids are read from the case text it becomes
            let text = if liandong::scenario::workbook::is_workbook(file) {
                liandong::scenario::load_case(file)
                    .source
                    .expect("a bundled workbook reads")
            } else {
                std::fs::read_to_string(file).expect("a bundled file reads")
            };
            for (at, _) in text.match_indices("id:") {
                // `id: "x"` and `(id: "x", …)`; a word ending in "id" (`paid:`) is no id
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = text[at + 3..].trim_start();
                if let Some(quoted) = rest.strip_prefix('"')
                    && let Some(end) = quoted.find('"')
                {
                    ids.insert(quoted[..end].to_owned());
                }
            }
        }
        assert!(
            ids.len() > 300,
            "the bundled cases' ids were found: {}",
            ids.len()
        );
        assert!(ids.contains("t-pitch") && ids.contains("balance-unasked"));

        use liandong::scenario::model as m;
        let mut variants = BTreeSet::new();
        let mut add = |names: Vec<String>| {
            for name in names {
                // serde's lowercase names print as capitalised variants under `{:?}`
                let mut chars = name.chars();
                if let Some(first) = chars.next() {
                    variants.insert(first.to_uppercase().chain(chars).collect());
                }
                variants.insert(name);
            }
        };
        add(variant_names::<m::Role>());
        add(variant_names::<m::Tier>());
        add(variant_names::<m::Grade>());
        add(variant_names::<m::Outcome>());
        add(variant_names::<m::Step>());
        add(variant_names::<m::CardField>());
        add(variant_names::<m::Difficulty>());
        add(variant_names::<m::Salutation>());
        add(variant_names::<m::Moment>());
        add(variant_names::<m::NeedKind>());
        add(variant_names::<m::ActionKind>());
        add(variant_names::<m::Condition>());
        add(variant_names::<liandong::scoring::Dimension>());
        add(variant_names::<liandong::scoring::Answer>());
        add(variant_names::<liandong::scoring::TurningPoint>());
        add(variant_names::<liandong::store::RunMode>());
        add(variant_names::<liandong::competition::RedLinePenalty>());
        add(variant_names::<liandong::competition::CaseOrder>());
        add(variant_names::<liandong::competition::RoleAssignment>());
        // how a run stores "every role" (`RoleChoice::label`): "角色 all" is as internal
        variants.insert("all".to_owned());
        assert!(variants.contains("LobbyManager") && variants.contains("ReferralCard"));
        InternalNames { ids, variants }
    }

    /// Everything wrong with one text shown in `lang`, in words for the failure message.
    ///
    /// Two narrow exceptions, both for English text only: an id that is one plain English word
    /// (`patience`, `teller`, `lobby`) and a variant that is one plain English word (`Teller`,
    /// `Best`, `Script`) are the English interface's own words there, so English text is checked
    /// for the ids and variants that no sentence says (`t-pitch`, `LobbyManager`). Chinese text
    /// is checked for all of them, and both languages come from the same code.
    pub fn problems(&self, text: &str, lang: Lang) -> Vec<String> {
        let mut found = Vec::new();
        let plain_word = |name: &str| {
            let mut chars = name.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_lowercase())
        };
        for word in words(text) {
            if self.ids.contains(word) && !(lang == Lang::En && plain_word(word)) {
                found.push(format!("the id `{word}`"));
            }
            if self.variants.contains(word) && !(lang == Lang::En && plain_word(word)) {
                found.push(format!("the enum name `{word}`"));
            }
        }
        for debug in ["Some(", "None)", "Ok(", "Err("] {
            if text.contains(debug) {
                found.push(format!("Debug output `{debug}`"));
            }
        }
        found.extend(punctuation_problems(text, lang));
        found
    }
}

/// The maximal runs of id characters (ASCII letters, digits, `-` and `_`) in a text: an id is
/// found only whole, so `fx` is not found inside `fx-rate`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(|w| w.trim_matches(|c| c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
}

/// A Chinese character or full-width punctuation: what a half-width comma or colon must not
/// touch.
pub fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'      // CJK unified ideographs
        | '\u{3400}'..='\u{4DBF}'    // extension A
        | '\u{3000}'..='\u{303F}'    // CJK punctuation: 、。「」
        | '\u{FF01}'..='\u{FF5E}'    // full-width forms: ，：；（）！？
        | '\u{201C}' | '\u{201D}'    // “ ” as Chinese text quotes
        | '\u{2018}' | '\u{2019}'
    )
}

/// Half-width `,` or `:` beside a Chinese character (in English text: between two); a space between two Chinese characters
/// ("现在由 大堂经理 接手"); in English text, full-width `，` or `：` after a Latin letter or
/// digit ("Trust 48，patience", "takes over：厅堂引领"; the bundled cases' own text has none);
/// each with the place it was found. (A Chinese sentence may put `：` after a file name or a
/// number: "无法保存 a.ron：…".)
pub fn punctuation_problems(text: &str, lang: Lang) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let around = |i: usize| -> String {
        chars[i.saturating_sub(8)..(i + 9).min(chars.len())]
            .iter()
            .collect()
    };
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        match c {
            // Chinese text: none beside a Chinese character ("客户姓名:"); English text may
            // follow a Chinese name with its own comma ("乔先生, 54"), never join two
            ',' | ':'
                if match lang {
                    Lang::Zh => before.is_some_and(is_chinese) || after.is_some_and(is_chinese),
                    Lang::En => before.is_some_and(is_chinese) && after.is_some_and(is_chinese),
                } =>
            {
                found.push(format!(
                    "half-width `{c}` beside Chinese in “{}”",
                    around(i)
                ));
            }
            '，' | '：'
                if lang == Lang::En && before.is_some_and(|b| b.is_ascii_alphanumeric()) =>
            {
                found.push(format!("full-width `{c}` in Latin text in “{}”", around(i)));
            }
            ' ' if before.is_some_and(is_ideograph) && after.is_some_and(is_ideograph) => {
                found.push(format!(
                    "a space inside a Chinese sentence in “{}”",
                    around(i)
                ));
            }
            _ => {}
        }
    }
    found
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Every problem of every text, one line each with the text's source, for an assertion.
pub fn report(names: &InternalNames, texts: &[(String, String)], lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let mut seen = BTreeSet::new();
    for (source, text) in texts {
        for problem in names.problems(text, lang) {
            let line = format!("{source}: {problem}");
            if seen.insert(line.clone()) {
                lines.push(line);
            }
        }
    }
    lines
}
