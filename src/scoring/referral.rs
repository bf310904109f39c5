//! Referral points (转介积分): what each role of the referral chain earned in one run, from the
//! catalogue's points table. Nothing when the chain broke (the card went to the customer, or
//! the customer was sent off alone); otherwise the referrer's, the handover's and the
//! receivers' points, with the conversion points shared along the chain, all paid in the
//! share the customer's outcome earns (full for a customer served on the spot, none for one
//! who declined, walked out or complained).

use serde::{Deserialize, Serialize};

use super::round1;
use crate::scenario::Case;
use crate::scenario::ids::RuleId;
use crate::scenario::model::{Outcome, Role, Step};

/// A role's part in the referral chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ChainPart {
    /// 推荐人: spotted the customer and made the referral (filled in the card).
    Referrer,
    /// 交接人: passed the customer and the information on (usually the lobby manager).
    Handover,
    /// 接收人: received the customer (the wealth or corporate manager).
    Receiver,
}

impl ChainPart {
    pub fn label(self) -> &'static str {
        match self {
            ChainPart::Referrer => "推荐人",
            ChainPart::Handover => "交接人",
            ChainPart::Receiver => "接收人",
        }
    }
}

/// The points one role earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RolePoints {
    pub role: Role,
    /// Its parts in the chain (a lobby manager who refers and walks the customer over holds two).
    pub parts: Vec<ChainPart>,
    pub points: f64,
}

/// A rule whose breaking broke the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainBreak {
    pub rule: RuleId,
    pub title: String,
}

/// The referral points of one run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReferralPoints {
    /// The chain held: the card stayed in the bank and nobody sent the customer off alone.
    pub held: bool,
    /// What broke the chain, when it did not hold.
    pub broken: Vec<ChainBreak>,
    /// The customer was walked over to a receiver (received on site).
    pub on_site: bool,
    /// The percent of the points the outcome pays.
    pub share: u32,
    /// Each role of the chain, in stage order, with what it earned (0 when nothing).
    pub roles: Vec<RolePoints>,
    pub total: f64,
    /// The table's note (for the bundled one: that the numbers are illustrative).
    pub note: String,
}

impl ReferralPoints {
    /// The points of one role (0 when it is not in the chain).
    pub fn of(&self, role: Role) -> f64 {
        self.roles
            .iter()
            .filter(|r| r.role == role)
            .map(|r| r.points)
            .sum()
    }
}

/// What a run did that the points depend on.
#[derive(Debug, Clone, Copy)]
pub struct ChainFacts<'a> {
    /// The roles whose stages the run entered, in order.
    pub entered: &'a [Role],
    /// Every rule broken in the run, by the trainee or the model.
    pub broken: &'a [RuleId],
    /// A handoff action citing the table's accompany rule was done: the customer was walked over.
    pub accompanied: bool,
    pub outcome: Option<Outcome>,
}

/// The chain of a case: the referrer is the role of the first stage with a referral card (or
/// of the first stage); receivers are the customer's receivers with a stage after it; the
/// handover is every other role between the referrer and the first receiver.
fn chain(case: &Case) -> (Role, Vec<Role>, Vec<Role>) {
    let stages = &case.scenario.stages;
    let referrer_stage = stages
        .iter()
        .position(|s| {
            s.steps
                .iter()
                .any(|step| matches!(step, Step::ReferralCard(_)))
        })
        .unwrap_or(0);
    let referrer = stages.get(referrer_stage).map_or(Role::Teller, |s| s.role);
    let receivers_of_case = &case.scenario.customer.receivers;
    let later = stages.iter().skip(referrer_stage + 1);
    let mut receivers: Vec<Role> = Vec::new();
    let mut handovers: Vec<Role> = Vec::new();
    for stage in later {
        let role = stage.role;
        if role == referrer {
            continue;
        }
        if receivers_of_case.contains(&role) {
            if !receivers.contains(&role) {
                receivers.push(role);
            }
        } else if receivers.is_empty() && !handovers.contains(&role) {
            handovers.push(role);
        }
    }
    (referrer, handovers, receivers)
}

/// The referral points a run earned under the case's catalogue.
pub fn referral_points(case: &Case, facts: ChainFacts) -> ReferralPoints {
    let table = case.catalogue.referral_table();
    let title = |rule: &RuleId| {
        case.catalogue
            .rule(rule)
            .map_or_else(|| rule.to_string(), |r| r.title.clone())
    };
    let broken: Vec<ChainBreak> = [&table.card_rule, &table.accompany_rule]
        .into_iter()
        .filter(|rule| facts.broken.contains(rule))
        .map(|rule| ChainBreak {
            rule: rule.clone(),
            title: title(rule),
        })
        .collect();
    let held = broken.is_empty();
    let (referrer, handovers, receivers) = chain(case);
    let entered = |role: &Role| facts.entered.contains(role);
    // a stage the run never reached earns nothing
    let handovers: Vec<Role> = handovers.into_iter().filter(entered).collect();
    let receivers: Vec<Role> = receivers.into_iter().filter(entered).collect();
    let on_site = facts.accompanied && !receivers.is_empty();
    let share = facts.outcome.map_or(0, |o| table.outcomes.of(o));
    let converted = f64::from(table.converted_points(case.scenario.customer.tier));
    let part =
        |percent: u32, among: usize| converted * f64::from(percent) / 100.0 / among.max(1) as f64;

    let mut roles: Vec<RolePoints> = Vec::new();
    let mut add = |role: Role, part_of: ChainPart, points: f64| match roles
        .iter_mut()
        .find(|r| r.role == role)
    {
        Some(entry) => {
            entry.parts.push(part_of);
            entry.points += points;
        }
        None => roles.push(RolePoints {
            role,
            parts: vec![part_of],
            points,
        }),
    };
    if entered(&referrer) {
        add(
            referrer,
            ChainPart::Referrer,
            f64::from(table.made) + part(table.split.referrer, 1),
        );
    }
    let handover_points = f64::from(table.handover) + part(table.split.handover, handovers.len());
    if handovers.is_empty() {
        // the referrer walked the customer over itself
        if !receivers.is_empty() && entered(&referrer) {
            add(referrer, ChainPart::Handover, handover_points);
        }
    } else {
        for role in &handovers {
            add(*role, ChainPart::Handover, handover_points);
        }
    }
    let received = if on_site { table.received } else { 0 };
    for role in &receivers {
        add(
            *role,
            ChainPart::Receiver,
            f64::from(received) + part(table.split.receiver, receivers.len()),
        );
    }
    let pays = if held { f64::from(share) / 100.0 } else { 0.0 };
    for role in &mut roles {
        role.points = round1(role.points * pays);
    }
    let total = round1(roles.iter().map(|r| r.points).sum());
    ReferralPoints {
        held,
        broken,
        on_site,
        share: if held { share } else { 0 },
        roles,
        total,
        note: table.note.clone(),
    }
}
