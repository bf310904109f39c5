//! The observers' comments for the scoreboard and the podium: every comment written on a
//! checklist (and any comment given with the older free points), as soon as it is entered.

use bevy::prelude::*;

use super::active::ActiveContest;
use crate::app::i18n::{Language, Ui, fill};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget;

/// One line per comment: "城东支行 · 第 1 轮 · 观察员甲（礼仪与仪容 2）：起身引导到位".
pub(super) fn comment_lines(contest: &ActiveContest, ui: &Ui, language: &Language) -> Vec<String> {
    let text = &ui.contest;
    let mut lines = Vec::new();
    for standing in &contest.board.standings {
        for observation in &standing.observations {
            for sheet in &observation.sheets {
                for mark in sheet.marks.iter().filter(|m| !m.comment.is_empty()) {
                    let who = fill(
                        &fill(
                            &fill(&text.comment_by, "team", &standing.name),
                            "round",
                            observation.round + 1,
                        ),
                        "observer",
                        &sheet.observer,
                    );
                    let item = fill(
                        &fill(&text.comment_item, "item", mark.title_in(language.0)),
                        "mark",
                        mark.mark,
                    );
                    lines.push(fill(
                        &fill(&fill(&text.comment_line, "who", who), "item", item),
                        "comment",
                        &mark.comment,
                    ));
                }
            }
        }
        for free in standing.comments.iter().filter(|c| !c.comment.is_empty()) {
            lines.push(fill(
                &fill(
                    &fill(&text.comment_free, "team", &standing.name),
                    "points",
                    format!("{:+}", free.points),
                ),
                "comment",
                &free.comment,
            ));
        }
    }
    lines
}

/// The comments under a heading; nothing when there is none.
pub(super) fn spawn_comments(
    parent: &mut ChildSpawnerCommands,
    contest: &ActiveContest,
    ui: &Ui,
    language: &Language,
    fonts: &UiFonts,
) {
    let lines = comment_lines(contest, ui, language);
    if lines.is_empty() {
        return;
    }
    parent.spawn((
        widget::heading(ui.contest.comments_title.clone(), FONT_BODY, &fonts.bold),
        Node {
            margin: UiRect::top(px(12)),
            ..default()
        },
    ));
    for line in lines {
        parent.spawn(widget::text(line, FONT_SMALL, TEXT));
    }
}
