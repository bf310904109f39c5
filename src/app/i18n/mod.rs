//! Interface text, one table per language (`assets/i18n/*.ron`), embedded in the binary.
//! Every string a screen shows comes from here; case content comes from the case files.

mod contest;
mod history;
mod review;

use bevy::prelude::*;
use serde::Deserialize;

use crate::competition::{CaseOrder, RoleAssignment};
pub use crate::lang::{ErrorText, Lang, Names, fill};
use crate::scenario::model::{CardField, Difficulty, Grade, Outcome, Role, StepKind, Tier};
use crate::scoring::Dimension;
pub use contest::ContestText;
pub use history::HistoryText;
pub use review::ReviewText;

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
    /// The title's button to the leaderboard, and the leaderboard screen's words.
    pub menu_leaderboard: String,
    pub leaderboard_title: String,
    pub leaderboard_week: String,
    pub leaderboard_month: String,
    pub leaderboard_all: String,
    pub leaderboard_rank: String,
    pub leaderboard_trainee: String,
    pub leaderboard_points: String,
    pub leaderboard_runs: String,
    /// A role's share of a trainee's points: "{role} {points}".
    pub leaderboard_role: String,
    pub leaderboard_separator: String,
    pub leaderboard_empty: String,
    /// The head office's view: its button, title, the reading notice, the scope
    /// ("{runs} 次演练 · 网点：{branches}"), columns, a person's passes ("{passed}/{runs}"),
    /// the rules most missed ("{rule}：{misses} 次（{runs} 次演练）") and nothing found.
    pub head_office_open: String,
    pub head_office_title: String,
    pub head_office_reading: String,
    pub head_office_scope: String,
    pub head_office_who: String,
    pub head_office_runs: String,
    pub head_office_average: String,
    pub head_office_red_lines: String,
    pub head_office_passed: String,
    pub head_office_missed: String,
    pub head_office_rule: String,
    pub head_office_empty: String,
    pub menu_contest: String,
    pub menu_contest_hint: String,
    pub resume_contest: String,
    pub sign_in: String,
    pub sign_in_hint: String,
    pub sign_in_button: String,
    /// The optional sign-in fields' labels, and the staff number as shown once signed in.
    pub sign_in_staff_no: String,
    /// The learning record store: the settings section, its fields, the sync line
    /// ("已同步 {sent} 条 · 待同步 {pending} 条") and what to do about wrong settings.
    pub lrs_title: String,
    pub lrs_hint: String,
    pub lrs_endpoint: String,
    pub lrs_key: String,
    pub lrs_secret: String,
    pub lrs_save: String,
    pub lrs_saved: String,
    pub lrs_counts: String,
    pub lrs_separator: String,
    pub lrs_how_set: String,
    pub lrs_how_reset: String,
    pub lrs_how_check: String,
    pub sign_in_branch: String,
    pub signed_in_staff_no: String,
    pub signed_in_as: String,
    pub sign_out: String,
    pub open_history: String,
    pub guest_note: String,
    pub saved: String,
    pub not_saved: String,
    /// What the guest (nobody signed in) is called; stored as [`crate::store::GUEST`].
    pub guest: String,
    pub no_data_dir: String,
    /// "{reason}。可以照常演练，但成绩不会保存。"
    pub store_unavailable: String,
    pub no_store: String,
    pub part_way_not_scored: String,
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
    /// "练习：…" on the role screen: the mode picked on the title and what it means.
    pub role_mode: String,
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
    /// The dialogue's line where a stage begins: "— {who}：{title}{model} —".
    pub stage_line: String,
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
    /// The debrief's referral points: heading, the chain's parts, a role's line
    /// ("{role}（{parts}）：{points} 分"), the outcome's share, a broken chain.
    pub referral_title: String,
    pub referral_referrer: String,
    pub referral_handover: String,
    pub referral_receiver: String,
    pub referral_role: String,
    pub referral_share: String,
    pub referral_broken: String,
    pub referral_separator: String,
    /// A decision's heading in the debrief: "{n}.【{role}·{dimension}】{grade} {earned}/{max}".
    pub decision_heading: String,
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
    /// "第 {n} 步": where an option or a branch leads on the case map.
    pub case_map_step: String,
    pub otherwise: String,
    pub when_busy: String,
    pub when_hurried: String,
    pub start_here: String,
    /// How the customer reacts: endings, trust and patience, inner voices, branch conditions.
    pub reactions: ReactionText,
    /// The history screen's text (its own table keeps this one short).
    pub history: HistoryText,
    /// The competition screens' text.
    pub contest: ContestText,
    /// The case review screen's text.
    pub review: ReviewText,
    /// The names of the core's enums (roles, tiers, grades, step kinds, outcomes, …).
    pub names: Names,
    /// The wording of the core's errors.
    pub errors: ErrorText,
}

/// The words for the customer's side of a run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReactionText {
    pub outcome_title: String,
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
        crate::scenario::load::parse_ron::<UiText>("assets/i18n", lang.table())
            .map_err(|d| d.to_string())
    }

    pub fn step_kind(&self, kind: StepKind) -> &str {
        self.names.step_kind(kind)
    }

    pub fn difficulty(&self, d: Difficulty) -> &str {
        self.names.difficulty(d)
    }

    pub fn tier(&self, t: Tier) -> &str {
        self.names.tier(t)
    }

    pub fn grade(&self, g: Grade) -> &str {
        self.names.grade(g)
    }

    pub fn dimension(&self, d: Dimension) -> &str {
        self.names.dimension(d)
    }

    pub fn role(&self, r: Role) -> &str {
        self.names.role(r)
    }

    pub fn card_field(&self, f: CardField) -> &str {
        self.names.card_field(f)
    }

    pub fn outcome(&self, o: Outcome) -> &str {
        self.names.outcome(o)
    }

    pub fn case_order(&self, o: CaseOrder) -> &str {
        self.names.case_order(o)
    }

    pub fn role_assignment(&self, a: RoleAssignment) -> &str {
        self.names.role_assignment(a)
    }

    /// A trainee's name as stored, as shown: the guest is called by this language's word.
    pub fn person<'a>(&'a self, stored: &'a str) -> &'a str {
        if stored == crate::store::GUEST {
            &self.guest
        } else {
            stored
        }
    }
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
