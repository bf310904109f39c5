//! The competition screens' interface text (the `contest` table of `assets/i18n/*.ron`).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestText {
    pub menu: String,
    pub setup_title: String,
    pub name_label: String,
    pub default_name: String,
    pub teams_label: String,
    pub members_label: String,
    pub team_columns: String,
    pub default_team: String,
    pub default_member: String,
    pub cases_label: String,
    pub order_label: String,
    pub roles_label: String,
    pub seed_label: String,
    pub reroll: String,
    pub limit_label: String,
    pub no_limit: String,
    pub seconds: String,
    pub podium_label: String,
    pub start: String,
    pub scoreboard_title: String,
    pub progress: String,
    pub rank_rules: String,
    pub col_rank: String,
    pub col_team: String,
    pub col_case: String,
    pub col_observer: String,
    pub col_total: String,
    pub col_red: String,
    pub col_time: String,
    pub last_turn: String,
    pub last_score: String,
    /// The setup's scene choice: the same case for every team, or each its own.
    pub scenes_label: String,
    pub scenes_same: String,
    pub scenes_per_team: String,
    /// The setup's timers: a heading, the two rows and "{n} 分钟".
    pub timers_label: String,
    pub preparation: String,
    pub performance: String,
    pub minutes: String,
    /// The scoreboard's button to the drill timer: "计时：准备 {preparation}，表演 {performance}".
    pub timer_open: String,
    /// The timer screen: "{team} · {case}", the phases, the alarm and its buttons.
    pub timer_title: String,
    pub timer_preparing: String,
    pub timer_performing: String,
    pub timer_up: String,
    pub timer_over: String,
    pub timer_to_performance: String,
    pub timer_restart: String,
    pub timer_play: String,
    pub timer_hint: String,
    /// The observers' comments under the scoreboard and on the podium.
    pub comments_title: String,
    /// "{team} · 第 {round} 轮 · {observer}".
    pub comment_by: String,
    /// "{item} {mark}".
    pub comment_item: String,
    /// "{who}（{item}）：{comment}".
    pub comment_line: String,
    /// A comment with the older free points: "{team}（{points}）：{comment}".
    pub comment_free: String,
    /// A podium block's points: "{total}（观察员 {observer}）".
    pub podium_points: String,
    /// The checklist's heading on the scoreboard.
    pub checklist_title: String,
    /// "观察员" above the name field.
    pub checklist_observer: String,
    /// The running total of the marks chosen: "本张评分：{points} 分".
    pub checklist_total: String,
    /// One sheet already given: "{observer} {points} 分".
    pub checklist_sheet: String,
    /// The sheets given and their mean: "已记入：{sheets}；本轮观察员分取平均 {mean} 分".
    pub checklist_given: String,
    /// Between the items of a list.
    pub list_separator: String,
    pub observer_hint: String,
    pub record_points: String,
    pub next_turn: String,
    pub start_turn: String,
    pub to_podium: String,
    pub end_early: String,
    pub export: String,
    pub exported: String,
    pub banner: String,
    /// "柜员：张三" / "Teller: 张三": who acts which role in the next turn.
    pub lineup_member: String,
    pub time_left: String,
    pub overtime: String,
    pub podium_title: String,
    pub per_role: String,
    pub weakest: String,
    pub back_title: String,
    pub place: String,
    pub no_db: String,
}
