//! The interface languages, Simplified Chinese first and English second, and the parts of
//! their text tables (`assets/i18n/*.ron`) that the terminal shares with the app: the names
//! of the core's enums ([`Names`]) and the wording of the core's errors ([`ErrorText`]).

mod errors;
mod names;

use std::sync::OnceLock;

use serde::Deserialize;

pub use errors::{ErrorText, SettingsHint};
pub use names::Names;

/// An interface language, chosen with `--lang` or in the app's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The whole text table of the language, as embedded in the binary.
    pub fn table(self) -> &'static str {
        match self {
            Lang::Zh => include_str!("../assets/i18n/zh.ron"),
            Lang::En => include_str!("../assets/i18n/en.ron"),
        }
    }
}

/// The shared part of a language's table: what the command line needs to name the core's
/// enums and word its errors (the app reads the whole table, these included).
#[derive(Debug, Clone, Deserialize)]
pub struct Words {
    pub names: Names,
    pub errors: ErrorText,
}

impl Words {
    /// The shared part of a language's table. The tables are part of the binary and checked
    /// by the tests, so this fails only in a build whose tables were broken.
    pub fn load(lang: Lang) -> Result<Words, String> {
        crate::scenario::load::parse_ron::<Words>("assets/i18n", lang.table())
            .map_err(|d| d.to_string())
    }
}

/// Fills `{key}` in an interface string.
pub fn fill(template: &str, key: &str, value: impl ToString) -> String {
    template.replace(&format!("{{{key}}}"), &value.to_string())
}

/// The names of a language's table, read once: for the core's own output in a language it is
/// handed (exports, the history's reasons), where there is no [`Words`] at hand.
pub fn names(lang: Lang) -> &'static Names {
    static ZH: OnceLock<Names> = OnceLock::new();
    static EN: OnceLock<Names> = OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        // the tables are compiled in and the test suite loads both
        Words::load(lang)
            .unwrap_or_else(|e| panic!("the {lang:?} text table is broken: {e}"))
            .names
    })
}
