//! The words a trainer writes in a closed column (最佳, 大堂经理, 约定面谈) and the names case
//! files spell them with (Best, LobbyManager, Appointment). The model's own labels are used
//! where it has them, so the workbook says what the app says.

use super::sheets::List;
use crate::scenario::model::{
    CardField, Difficulty, Grade, Outcome, Role, Salutation, StepKind, Tier,
};

/// `(name in RON, label in the workbook)` for each value of a closed list, in the order the
/// drop-down offers them; `None` for the lists that come from the case or the catalogue.
pub fn entries(list: List) -> Option<Vec<(String, &'static str)>> {
    let pairs = match list {
        List::Difficulty => Difficulty::ALL
            .iter()
            .map(|d| (debug_name(d), d.label()))
            .collect(),
        List::Salutation => [Salutation::Mr, Salutation::Ms]
            .iter()
            .map(|s| (debug_name(s), s.label()))
            .collect(),
        List::Tier => Tier::ALL
            .iter()
            .map(|t| (debug_name(t), t.label()))
            .collect(),
        List::Role => Role::ALL
            .iter()
            .map(|r| (debug_name(r), r.label()))
            .collect(),
        List::Moment => fixed(&[
            ("Entering", "进门时"),
            ("Asking", "询问时"),
            ("Waiting", "等候时"),
            ("Counter", "柜台办理时"),
        ]),
        List::NeedKind => fixed(&[("Financial", "金融需求"), ("Emotional", "情感需求")]),
        List::YesNo => fixed(&[("true", "是"), ("false", "否")]),
        List::StepKind => StepKind::ALL
            .iter()
            .map(|k| (k.name().to_owned(), step_kind_label(*k)))
            .collect(),
        List::Grade => Grade::ALL
            .iter()
            .map(|g| (debug_name(g), g.label()))
            .collect(),
        List::CardField => CardField::CARD
            .iter()
            .map(|f| (debug_name(f), f.label()))
            .collect(),
        // the columns of the tracking sheet and of the referral record
        List::FormField => CardField::ALL
            .iter()
            .filter(|f| {
                CardField::TRACKING_SHEET.contains(f) || CardField::REFERRAL_RECORD.contains(f)
            })
            .map(|f| (debug_name(f), f.label()))
            .collect(),
        List::ActionKind => fixed(&[
            ("Required", "必做"),
            ("Distractor", "干扰项"),
            ("RedLine", "红线"),
        ]),
        List::Outcome => Outcome::ALL
            .iter()
            .map(|o| (debug_name(o), o.label()))
            .collect(),
        List::Rule | List::Step | List::Action => return None,
    };
    Some(pairs)
}

fn fixed(pairs: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    pairs.iter().map(|(n, l)| ((*n).to_owned(), *l)).collect()
}

/// The label of a RON name in a closed list (`Best` → 最佳).
pub fn label_of(list: List, name: &str) -> String {
    entries(list)
        .and_then(|e| e.into_iter().find(|(n, _)| n == name).map(|(_, l)| l))
        .unwrap_or(name)
        .to_owned()
}

/// The RON name of what a trainer wrote: the label (最佳), or the RON name itself (Best), so a
/// trainer who knows the case files can write either.
pub fn name_of(list: List, written: &str) -> Option<String> {
    let written = written.trim();
    entries(list)?
        .into_iter()
        .find(|(name, label)| *label == written || name.eq_ignore_ascii_case(written))
        .map(|(name, _)| name)
}

/// The labels a column accepts, for an error message: 最佳、可接受、欠佳、错误、红线.
pub fn accepted(list: List) -> String {
    entries(list)
        .map(|e| e.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("、"))
        .unwrap_or_default()
}

pub fn step_kind_label(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Narration => "叙述",
        StepKind::Identify => "识别",
        StepKind::Script => "话术",
        StepKind::ReferralCard => "转介卡",
        StepKind::Handoff => "交接",
        StepKind::TrackingSheet => "追踪表",
        StepKind::ReferralRecord => "推荐记录表",
        StepKind::MorningMeeting => "晨会",
        StepKind::Branch => "分支",
        StepKind::End => "结局",
    }
}

/// `Best` for `Grade::Best`: the RON spelling of a unit variant.
fn debug_name(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}")
}
