//! The history screen's interface text (the `history` table of `assets/i18n/*.ron`).

use serde::Deserialize;

/// The history screen's interface text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryText {
    /// The header: "{name} 的学习记录".
    pub title: String,
    pub runs_count: String,
    pub no_store: String,
    pub no_database: String,
    pub empty_title: String,
    pub empty_hint: String,
    pub trend: String,
    pub recent_runs: String,
    pub col_time: String,
    pub col_case: String,
    pub col_role: String,
    pub col_total: String,
    pub col_result: String,
    pub col_red_lines: String,
    /// The referral points column.
    pub col_points: String,
    /// The contest turns the trainee acted in: heading, a turn
    /// ("{when} {contest} · {team} · {case}"), a role's score ("{role} {score}") and a turn
    /// with red lines ("{roles} · 红线 {n} 次").
    pub contest_turns: String,
    pub contest_turn: String,
    pub contest_role: String,
    pub contest_red: String,
    pub all_roles: String,
    pub role_separator: String,
    pub averages: String,
    pub weakest: String,
    pub not_played: String,
    pub missed: String,
    pub missed_hint: String,
    pub missed_none: String,
    pub misses: String,
    pub misses_red: String,
    pub suggestion: String,
    pub suggestion_none: String,
    pub start: String,
    pub reason_weak: String,
    pub reason_new: String,
    pub reason_failing: String,
    pub reason_passed: String,
    pub reason_first: String,
    pub reason_even: String,
    pub even_new: String,
    pub even_fewer: String,
}
