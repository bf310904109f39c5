//! The customer's state: how much they trust the staff and how much patience they have left.

use serde::{Deserialize, Serialize};

use crate::scenario::catalogue::MoodChange;
use crate::scenario::{Case, Variant};

/// Trust and patience, each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomerMood {
    pub trust: u32,
    pub patience: u32,
}

impl CustomerMood {
    /// How this customer starts: the case's numbers or the catalogue's, with less patience when
    /// the seed made them hurried.
    pub fn start(case: &Case, variant: &Variant) -> CustomerMood {
        let defaults = &case.catalogue.customer_state;
        let customer = &case.scenario.customer;
        let patience = i64::from(customer.patience.unwrap_or(defaults.patience))
            + if variant.hurried {
                i64::from(defaults.hurried_patience)
            } else {
                0
            };
        CustomerMood {
            trust: clamp(i64::from(customer.trust.unwrap_or(defaults.trust))),
            patience: clamp(patience),
        }
    }

    pub fn after(self, change: MoodChange) -> CustomerMood {
        CustomerMood {
            trust: clamp(i64::from(self.trust) + i64::from(change.trust)),
            patience: clamp(i64::from(self.patience) + i64::from(change.patience)),
        }
    }
}

fn clamp(value: i64) -> u32 {
    value.clamp(0, 100) as u32
}
