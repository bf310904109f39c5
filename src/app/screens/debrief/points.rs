//! The run's referral points (转介积分) in the debrief: what each role of the chain earned, the
//! share the customer's outcome pays, or what broke the chain and so paid nothing.

use bevy::prelude::*;

use crate::app::i18n::{Ui, fill};
use crate::app::theme::fonts::UiFonts;
use crate::app::theme::palette::*;
use crate::app::theme::widget;
use crate::scoring::{ChainPart, Debrief};

fn part_name(ui: &Ui, part: ChainPart) -> &str {
    match part {
        ChainPart::Referrer => &ui.referral_referrer,
        ChainPart::Handover => &ui.referral_handover,
        ChainPart::Receiver => &ui.referral_receiver,
    }
}

pub(super) fn referral_points(
    summary: &mut ChildSpawnerCommands,
    debrief: &Debrief,
    ui: &Ui,
    fonts: &UiFonts,
) {
    let points = &debrief.referral;
    if points.roles.is_empty() && points.broken.is_empty() {
        return;
    }
    summary.spawn(widget::heading(
        ui.referral_title.clone(),
        FONT_BODY,
        &fonts.bold,
    ));
    if !points.held {
        let rules: Vec<&str> = points.broken.iter().map(|b| b.title.as_str()).collect();
        summary.spawn(widget::text(
            fill(
                &ui.referral_broken,
                "rules",
                rules.join(&ui.referral_separator),
            ),
            FONT_SMALL,
            DANGER,
        ));
        return;
    }
    for role in &points.roles {
        let parts: Vec<&str> = role.parts.iter().map(|p| part_name(ui, *p)).collect();
        let line = fill(
            &fill(
                &fill(&ui.referral_role, "role", ui.role(role.role)),
                "parts",
                parts.join(&ui.referral_separator),
            ),
            "points",
            format!("{:.1}", role.points),
        );
        summary.spawn(widget::body(line));
    }
    summary.spawn(widget::muted(fill(
        &fill(&ui.referral_share, "share", points.share),
        "total",
        format!("{:.1}", points.total),
    )));
    if !points.note.is_empty() {
        summary.spawn(widget::muted(points.note.clone()));
    }
}
