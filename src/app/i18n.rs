//! Interface text, one table per language (`assets/i18n/*.ron`), embedded in the binary.
//! Every string a screen shows comes from here; case content comes from the case files.

use bevy::prelude::*;
use serde::Deserialize;

pub use crate::lang::Lang;
use crate::scenario::model::{CardField, Difficulty, Grade, Outcome, Role, Tier};
use crate::scoring::Dimension;

const ZH: &str = include_str!("../../assets/i18n/zh.ron");
const EN: &str = include_str!("../../assets/i18n/en.ron");

/// The interface strings of one language; a missing entry fails the test suite, not a trainee.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiText {
    pub app_title: String,
    pub app_subtitle: String,
    pub menu_practice: String,
    pub menu_practice_hint: String,
    pub menu_exam: String,
    pub menu_exam_hint: String,
    pub menu_settings: String,
    pub menu_contest: String,
    pub menu_contest_hint: String,
    pub resume_contest: String,
    pub sign_in: String,
    pub sign_in_hint: String,
    pub sign_in_button: String,
    pub signed_in_as: String,
    pub sign_out: String,
    pub open_history: String,
    pub guest_note: String,
    pub saved: String,
    pub not_saved: String,
    pub menu_quit: String,
    pub footer_keys: String,
    pub back: String,
    pub library_title: String,
    pub library_count: String,
    pub library_empty: String,
    pub library_broken: String,
    pub library_reloaded: String,
    pub minutes: String,
    pub mode_practice: String,
    pub mode_exam: String,
    pub role_title: String,
    pub role_hint: String,
    pub role_all: String,
    pub role_all_hint: String,
    pub role_one_hint: String,
    pub customer: String,
    pub customer_age: String,
    pub arrival: String,
    pub system_view: String,
    pub balance: String,
    pub staff_on_duty: String,
    pub busy: String,
    pub stage_banner: String,
    pub stage_model: String,
    pub progress: String,
    pub your_turn: String,
    pub model_answer: String,
    pub customer_says: String,
    /// The trainee's identification, card and handoff in the dialogue: notes, not spoken lines.
    pub note_identify: String,
    pub note_card: String,
    pub note_handoff: String,
    /// The dialogue's toggle: show every exchange, or only the latest.
    pub dialogue_all: String,
    pub dialogue_latest: String,
    pub identify_tier: String,
    pub identify_cues: String,
    pub identify_needs: String,
    pub card_route: String,
    pub handoff_pool: String,
    pub handoff_sequence: String,
    pub handoff_empty: String,
    pub confirm: String,
    pub undo: String,
    pub keys_hint: String,
    pub feedback: String,
    #[serde(rename = "continue")]
    pub continue_: String,
    pub case_changed: String,
    pub case_gone: String,
    pub passed: String,
    pub failed: String,
    pub total: String,
    pub pass_mark: String,
    pub red_lines: String,
    pub step: String,
    pub not_assessed: String,
    pub decisions: String,
    pub your_answer: String,
    pub rule: String,
    pub again_same: String,
    pub new_variant: String,
    pub to_library: String,
    pub settings_title: String,
    pub settings_language: String,
    pub settings_scale: String,
    pub smaller: String,
    pub larger: String,
    pub fullscreen: String,
    pub language_name: String,
    pub other_language: String,
    pub case_map_open: String,
    pub case_map_title: String,
    pub case_map_hint: String,
    pub otherwise: String,
    pub when_busy: String,
    pub when_hurried: String,
    pub start_here: String,
    /// How the customer reacts: endings, trust and patience, inner voices, branch conditions.
    pub reactions: ReactionText,
    /// The history screen's text (its own table keeps this one short).
    pub history: super::screens::history::HistoryText,
    /// The competition screens' text.
    pub contest: super::contest::ContestText,
    step_kinds: Vec<String>,
    difficulty: Vec<String>,
    tiers: Vec<String>,
    grades: Vec<String>,
    dimensions: Vec<String>,
    roles: Vec<String>,
    card_fields: Vec<String>,
}

/// The words for the customer's side of a run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReactionText {
    pub outcome_title: String,
    pub converted: String,
    pub appointment: String,
    pub contact_kept: String,
    pub declined: String,
    pub walked_out: String,
    pub complaint: String,
    pub no_outcome: String,
    pub curve_title: String,
    pub curve_hint: String,
    pub trust: String,
    pub patience: String,
    pub mood_after: String,
    pub thought: String,
    pub mood_now: String,
    pub when_trust_below: String,
    pub when_trust_at_least: String,
    pub when_patience_below: String,
    pub when_patience_at_least: String,
    pub when_red_line: String,
    pub when_rule_broken: String,
    pub when_chose: String,
    pub when_filled: String,
    pub when_did: String,
    pub ending: String,
    pub company: String,
    pub company_turnover: String,
    pub company_payroll: String,
}

impl ReactionText {
    pub fn outcome(&self, outcome: Outcome) -> &str {
        match outcome {
            Outcome::Converted => &self.converted,
            Outcome::Appointment => &self.appointment,
            Outcome::ContactKept => &self.contact_kept,
            Outcome::Declined => &self.declined,
            Outcome::WalkedOut => &self.walked_out,
            Outcome::Complaint => &self.complaint,
        }
    }

    /// "信任 66（+6）· 耐心 70（±0）" for a decision's effect on the customer.
    pub fn mood_after(
        &self,
        before: crate::scoring::CustomerMood,
        after: crate::scoring::CustomerMood,
    ) -> String {
        let signed = |to: u32, from: u32| match i64::from(to) - i64::from(from) {
            0 => "±0".to_owned(),
            d => format!("{d:+}"),
        };
        fill(
            &fill(
                &fill(
                    &fill(&self.mood_after, "trust", after.trust),
                    "dt",
                    signed(after.trust, before.trust),
                ),
                "patience",
                after.patience,
            ),
            "dp",
            signed(after.patience, before.patience),
        )
    }
}

impl UiText {
    /// The table of a language. The tables are part of the binary and checked by the tests.
    pub fn load(lang: Lang) -> Result<UiText, String> {
        let source = match lang {
            Lang::Zh => ZH,
            Lang::En => EN,
        };
        crate::scenario::load::parse_ron::<UiText>("assets/i18n", source).map_err(|d| d.to_string())
    }

    /// The kind of a step: 0 Narration, 1 Identify, 2 Script, 3 ReferralCard, 4 Handoff,
    /// 5 Branch, 6 End.
    pub fn step_kind(&self, kind: usize) -> &str {
        self.step_kinds.get(kind).map_or("?", String::as_str)
    }

    pub fn difficulty(&self, d: Difficulty) -> &str {
        self.difficulty.get(d as usize).map_or("?", String::as_str)
    }

    pub fn tier(&self, t: Tier) -> &str {
        self.tiers.get(t.rank()).map_or("?", String::as_str)
    }

    pub fn grade(&self, g: Grade) -> &str {
        self.grades.get(g as usize).map_or("?", String::as_str)
    }

    pub fn dimension(&self, d: Dimension) -> &str {
        self.dimensions.get(d as usize).map_or("?", String::as_str)
    }

    pub fn role(&self, r: Role) -> &str {
        self.roles.get(r as usize).map_or("?", String::as_str)
    }

    pub fn card_field(&self, f: CardField) -> &str {
        self.card_fields.get(f as usize).map_or("?", String::as_str)
    }
}

/// Fills `{key}` in an interface string.
pub fn fill(template: &str, key: &str, value: impl ToString) -> String {
    template.replace(&format!("{{{key}}}"), &value.to_string())
}

/// The interface text in the current language.
#[derive(Resource, Debug, Clone, Deref)]
pub struct Ui(pub UiText);

/// The language chosen on the command line or in settings.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Language(pub Lang);

pub(super) fn plugin(app: &mut App) {
    let lang = app
        .world()
        .get_resource::<Language>()
        .copied()
        .unwrap_or_default();
    app.insert_resource(Language(lang.0));
    app.insert_resource(Ui(UiText::load(lang.0).unwrap_or_else(|e| panic!("{e}"))));
    app.add_systems(
        PreUpdate,
        switch_language.run_if(resource_changed::<Language>),
    );
}

fn switch_language(language: Res<Language>, mut ui: ResMut<Ui>) {
    if let Ok(text) = UiText::load(language.0) {
        ui.0 = text;
    }
}
