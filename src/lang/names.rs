//! The names of the core's enums in one language, keyed by the enum itself, so a translator
//! reads `roles: { Teller: "柜员", … }` and no entry depends on its position in a list.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::competition::{CaseOrder, RoleAssignment};
use crate::playthrough::RoleChoice;
use crate::scenario::model::{CardField, Difficulty, Grade, Outcome, Role, StepKind, Tier};
use crate::scoring::Dimension;

/// What an enum variant is called on screen. Every variant of every enum here has an entry in
/// both languages (`tests/app/interface_text.rs`); a missing one would show as "?".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    roles: BTreeMap<Role, String>,
    tiers: BTreeMap<Tier, String>,
    grades: BTreeMap<Grade, String>,
    step_kinds: BTreeMap<StepKind, String>,
    outcomes: BTreeMap<Outcome, String>,
    card_fields: BTreeMap<CardField, String>,
    difficulty: BTreeMap<Difficulty, String>,
    dimensions: BTreeMap<Dimension, String>,
    case_orders: BTreeMap<CaseOrder, String>,
    role_assignments: BTreeMap<RoleAssignment, String>,
    /// Between the names of a list ("柜员、大堂经理", "Teller, Lobby manager").
    list_separator: String,
    /// Every role of a case played in turn ("全部岗位", "All roles").
    all_roles: String,
}

fn named<K: Ord>(table: &BTreeMap<K, String>, key: K) -> &str {
    table.get(&key).map_or("?", String::as_str)
}

impl Names {
    pub fn role(&self, r: Role) -> &str {
        named(&self.roles, r)
    }

    pub fn tier(&self, t: Tier) -> &str {
        named(&self.tiers, t)
    }

    pub fn grade(&self, g: Grade) -> &str {
        named(&self.grades, g)
    }

    pub fn step_kind(&self, k: StepKind) -> &str {
        named(&self.step_kinds, k)
    }

    pub fn outcome(&self, o: Outcome) -> &str {
        named(&self.outcomes, o)
    }

    pub fn card_field(&self, f: CardField) -> &str {
        named(&self.card_fields, f)
    }

    pub fn difficulty(&self, d: Difficulty) -> &str {
        named(&self.difficulty, d)
    }

    pub fn dimension(&self, d: Dimension) -> &str {
        named(&self.dimensions, d)
    }

    pub fn case_order(&self, o: CaseOrder) -> &str {
        named(&self.case_orders, o)
    }

    pub fn role_assignment(&self, a: RoleAssignment) -> &str {
        named(&self.role_assignments, a)
    }

    /// The roles played: "全部岗位", "大堂经理", "柜员、低柜柜员".
    pub fn role_choice(&self, choice: &RoleChoice) -> String {
        match choice {
            RoleChoice::All => self.all_roles.clone(),
            RoleChoice::Only(roles) => self.list(roles.iter().map(|r| self.role(*r))),
        }
    }

    /// [`Names::role_choice`] of a stored [`RoleChoice::label`] ("all", "Teller+LobbyManager");
    /// a label that names no role (a database from a newer version) is shown as it is.
    pub fn role_label(&self, label: &str) -> String {
        RoleChoice::from_label(label).map_or_else(|| label.to_owned(), |c| self.role_choice(&c))
    }

    /// Names joined as a list: "柜员、低柜柜员".
    pub fn list<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> String {
        names
            .into_iter()
            .collect::<Vec<_>>()
            .join(&self.list_separator)
    }
}
