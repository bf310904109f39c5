//! The case review screen's interface text (the `review` table of `assets/i18n/*.ron`).

use serde::Deserialize;

/// The trainer's case review (案例点评) on screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewText {
    /// The button that opens the review (scoreboard, podium, role screen).
    pub open: String,
    /// The header: "案例点评 · {name}".
    pub title: String,
    /// A contest round's heading: "第 {n} 轮 · {case}".
    pub round: String,
    /// "{n} 组作答" / "{n} 次演练".
    pub teams: String,
    pub runs: String,
    /// A decision's heading: "第 {n} 项：{role}·{dimension}".
    pub decision: String,
    pub model: String,
    pub rule: String,
    /// Above the choices: what each team / run chose.
    pub chose_teams: String,
    pub chose_runs: String,
    /// A choice's count: "{n} 组" / "{n} 次".
    pub count_teams: String,
    pub count_runs: String,
    pub most_common_wrong: String,
    pub red_line: String,
    pub not_reached: String,
    pub other_version: String,
    pub unreadable: String,
    /// Between names in a list.
    pub separator: String,
}
