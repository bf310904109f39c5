//! Newtype ids so a step id can never be passed where a rule id is expected.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// A step within one case, unique across its stages.
    StepId
);
id_type!(
    /// A rule of the shared catalogue `rules.ron`.
    RuleId
);
id_type!(
    /// An observation on the customer.
    CueId
);
id_type!(
    /// A candidate need of the customer.
    NeedId
);
id_type!(
    /// A colleague on duty.
    StaffId
);
id_type!(
    /// An action in a handoff step's pool.
    ActionId
);
