//! The interface languages: Simplified Chinese first, English second.

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
}
