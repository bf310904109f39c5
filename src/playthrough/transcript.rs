//! What happened in a playthrough, in order, with timestamps: saved as RON to replay a run.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::scenario::ids::StepId;
use crate::scenario::model::{Outcome, Role};
use crate::scoring::Answer;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The customer passes to the next role ("现在由 大堂经理 接手").
    StageEntered {
        role: Role,
        title: String,
        played_by_trainee: bool,
    },
    Narration {
        step: StepId,
        text: String,
    },
    /// A stage the trainee does not play, answered by the model answer.
    ModelAnswer {
        step: StepId,
        role: Role,
        text: String,
        /// What the customer said or did in answer.
        reaction: String,
    },
    /// The trainee's answer, when it was given and how long it took.
    Decision {
        step: StepId,
        answer: Answer,
        at: DateTime<Utc>,
        duration_ms: u64,
        /// The customer's trust and patience after this answer (a replay recomputes them and
        /// checks they agree). Two plain numbers: ron cannot read a struct inside `Some`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trust: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        patience: Option<u32>,
    },
    Finished {
        at: DateTime<Utc>,
        /// How the customer left, when the case reached an ending.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<Outcome>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub scenario: String,
    pub seed: u64,
    pub role: String,
    pub started_at: DateTime<Utc>,
    /// The step a trainer started from ("play from this step"); none = the beginning.
    #[serde(default)]
    pub start_step: Option<StepId>,
    /// A competition's time limit per decision; a later answer scores nothing.
    #[serde(default)]
    pub decision_limit_ms: Option<u64>,
    pub events: Vec<Event>,
}

impl Transcript {
    pub fn new(scenario: &str, seed: u64, role: String, started_at: DateTime<Utc>) -> Self {
        Transcript {
            scenario: scenario.to_owned(),
            seed,
            role,
            started_at,
            start_step: None,
            decision_limit_ms: None,
            events: Vec::new(),
        }
    }

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .unwrap_or_else(|e| format!("// transcript could not be written: {e}"))
    }

    pub fn from_ron(text: &str) -> Result<Self, ron::error::SpannedError> {
        crate::scenario::load::ron_options().from_str(text)
    }
}
