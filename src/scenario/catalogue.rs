//! The shared catalogue `scenarios/rules.ron`: rules, tier thresholds, grade shares, default rubric.
//!
//! One rule is written once here and referenced by id from every case.

use serde::{Deserialize, Serialize};

use super::ids::RuleId;
use super::model::{Grade, Outcome, Rubric, Tier};

/// The bundled catalogue, used when no `rules.ron` sits beside or above a case file.
pub const BUNDLED_CATALOGUE: &str = include_str!("../../scenarios/rules.ron");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub tiers: Vec<TierBand>,
    pub grades: GradeShares,
    /// Share of the tier part earned for naming the tier next to the true one.
    pub adjacent_tier_credit: f64,
    pub rubric: Rubric,
    pub rules: Vec<Rule>,
    /// Marketing phrasings a line must never use (compliance).
    #[serde(default)]
    pub forbidden_phrases: Vec<ForbiddenPhrase>,
    /// How the customer starts and how answers move them.
    #[serde(default)]
    pub customer_state: CustomerState,
    /// Referral points (转介积分) each role of the chain earns; a catalogue without the table
    /// uses [`ReferralTable::default`].
    #[serde(default)]
    pub referral_points: Option<ReferralTable>,
    /// What contest observers score after a performance (礼仪与仪容, 语气与称呼 …) and what a
    /// mark is worth; a catalogue without it uses [`ObserverChecklist::default`]. A case may
    /// list its own items instead.
    #[serde(default)]
    pub observer_checklist: Option<ObserverChecklist>,
}

/// The highest mark of a checklist item: 0 not seen, 1 partly, 2 done well.
pub const MAX_MARK: u8 = 2;
/// The most items a checklist may have: an observer fills it in within a minute or two.
pub const MAX_CHECKLIST_ITEMS: usize = 12;

/// The observers' checklist of a group drill (分组演练): items each marked 0–2, and what a
/// mark is worth, so that an observer's total is `points_per_mark` × the sum of their marks.
/// The turn's observer points are the mean of its observers' totals.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObserverChecklist {
    /// Observer points per mark (the bundled 1.0 with five items gives at most 10 points).
    pub points_per_mark: f64,
    pub items: Vec<ChecklistItem>,
}

/// One thing observers look for, in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// A short key (never shown); the scores are stored under it.
    pub id: String,
    pub title: String,
    /// What earns the full mark, one sentence.
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub about_en: String,
}

impl ChecklistItem {
    /// The title in the language, the Chinese one when the item has no English title.
    pub fn title_in(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::En if !self.title_en.trim().is_empty() => &self.title_en,
            _ => &self.title,
        }
    }

    /// The description in the language, the Chinese one when there is no English one.
    pub fn about_in(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::En if !self.about_en.trim().is_empty() => &self.about_en,
            _ => &self.about,
        }
    }
}

impl ObserverChecklist {
    /// The points an observer's marks are worth.
    pub fn points(&self, marks: impl IntoIterator<Item = u8>) -> f64 {
        let sum: u32 = marks.into_iter().map(u32::from).sum();
        crate::scoring::round1(self.points_per_mark * f64::from(sum))
    }

    /// The most points one observer can give.
    pub fn max_points(&self) -> f64 {
        self.points(self.items.iter().map(|_| MAX_MARK))
    }
}

impl Default for ObserverChecklist {
    /// The values of the bundled `rules.ron`, for a catalogue written before the checklist.
    fn default() -> Self {
        let item =
            |id: &str, title: &str, about: &str, title_en: &str, about_en: &str| ChecklistItem {
                id: id.to_owned(),
                title: title.to_owned(),
                about: about.to_owned(),
                title_en: title_en.to_owned(),
                about_en: about_en.to_owned(),
            };
        ObserverChecklist {
            points_per_mark: 1.0,
            items: vec![
                item(
                    "bearing",
                    "礼仪与仪容",
                    "起身相迎、衣着整洁、站姿坐姿端正，微笑自然。",
                    "Bearing and appearance",
                    "Stands to greet, neat dress and posture, a natural smile.",
                ),
                item(
                    "tone",
                    "语气与称呼",
                    "用姓氏称呼客户，语气亲切、不急不推，用“您”。",
                    "Tone and forms of address",
                    "Calls the customer by surname, warm and unhurried, polite forms.",
                ),
                item(
                    "eyes-hands",
                    "目光与手势",
                    "看着客户说话，指引方向时五指并拢、掌心向上。",
                    "Eye contact and gestures",
                    "Looks at the customer; points the way with an open palm.",
                ),
                item(
                    "both-hands",
                    "双手递接",
                    "证件、单据、名片都用双手递出和接过。",
                    "Both hands",
                    "Hands over and takes back cards, slips and documents with both hands.",
                ),
                item(
                    "accompany",
                    "主动陪同",
                    "陪客户走到接收人面前，先介绍接收人，再介绍客户。",
                    "Walks the customer over",
                    "Walks the customer to the receiver and introduces the receiver first.",
                ),
            ],
        }
    }
}

/// Referral points (转介积分): what each role of a referral chain earns for one referred
/// customer. A branch sets its own numbers (the bundled ones are illustrative); they pay
/// nothing when the chain broke, and a share by how the customer left.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralTable {
    /// Shown beside the points, e.g. that the numbers are illustrative.
    #[serde(default)]
    pub note: String,
    /// The referrer (推荐人), for a referral made.
    pub made: u32,
    /// The handover (交接人, usually the lobby manager), for passing the customer on.
    pub handover: u32,
    /// Each receiver (接收人), for a referred customer received on site.
    pub received: u32,
    /// For a referral that converts, by the customer's tier; shared along the chain by `split`.
    pub converted: Vec<TierPoints>,
    /// How the conversion points are shared along the chain, in percent (adding up to 100).
    pub split: ChainSplit,
    /// The share of the points each outcome pays, in percent; a customer who declined, walked
    /// out or complained pays none.
    pub outcomes: OutcomeShares,
    /// Breaking this rule means the card left the bank (to the customer): no points at all.
    pub card_rule: RuleId,
    /// Breaking this rule means the customer was sent off alone: no points at all. Doing the
    /// handoff action that cites it means the customer was walked over, received on site.
    pub accompany_rule: RuleId,
}

/// Conversion points for one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierPoints {
    pub tier: Tier,
    pub points: u32,
}

/// Shares of the conversion points, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChainSplit {
    pub referrer: u32,
    pub handover: u32,
    pub receiver: u32,
}

/// The percent of the points an outcome pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeShares {
    pub converted: u32,
    pub appointment: u32,
    pub contact_kept: u32,
}

impl OutcomeShares {
    /// The percent an outcome pays (none for a referral that failed).
    pub fn of(&self, outcome: Outcome) -> u32 {
        match outcome {
            Outcome::Converted => self.converted,
            Outcome::Appointment => self.appointment,
            Outcome::ContactKept => self.contact_kept,
            Outcome::Declined | Outcome::WalkedOut | Outcome::Complaint => 0,
        }
    }
}

impl ReferralTable {
    /// The conversion points for a customer of this tier (0 when the table leaves it out).
    pub fn converted_points(&self, tier: Tier) -> u32 {
        self.converted
            .iter()
            .find(|t| t.tier == tier)
            .map_or(0, |t| t.points)
    }
}

impl Default for ReferralTable {
    /// The values of the bundled `rules.ron`, for a catalogue written before the table existed.
    fn default() -> Self {
        let tier = |tier, points| TierPoints { tier, points };
        ReferralTable {
            note: "示例数值，请按本行的积分和分润办法修改".to_owned(),
            made: 2,
            handover: 1,
            received: 1,
            converted: vec![
                tier(Tier::PrivateBanking, 30),
                tier(Tier::HighEnd, 15),
                tier(Tier::MidEnd, 8),
                tier(Tier::Potential, 4),
                tier(Tier::Ordinary, 2),
            ],
            split: ChainSplit {
                referrer: 50,
                handover: 20,
                receiver: 30,
            },
            outcomes: OutcomeShares {
                converted: 100,
                appointment: 50,
                contact_kept: 20,
            },
            card_rule: RuleId::from("card-internal"),
            accompany_rule: RuleId::from("never-alone"),
        }
    }
}

/// A change to the customer's trust and patience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoodChange {
    #[serde(default)]
    pub trust: i32,
    #[serde(default)]
    pub patience: i32,
}

impl MoodChange {
    /// This change with an answer's own numbers in place of the ones it writes.
    pub fn overridden(self, trust: Option<i32>, patience: Option<i32>) -> MoodChange {
        MoodChange {
            trust: trust.unwrap_or(self.trust),
            patience: patience.unwrap_or(self.patience),
        }
    }
}

impl std::ops::Add for MoodChange {
    type Output = MoodChange;

    fn add(self, other: MoodChange) -> MoodChange {
        MoodChange {
            trust: self.trust + other.trust,
            patience: self.patience + other.patience,
        }
    }
}

impl std::ops::AddAssign for MoodChange {
    fn add_assign(&mut self, other: MoodChange) {
        *self = *self + other;
    }
}

/// The customer's state at the start and the default effect of each kind of answer.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerState {
    pub trust: u32,
    pub patience: u32,
    /// Added to the starting patience of a customer who is in a hurry.
    pub hurried_patience: i32,
    pub grades: GradeMoods,
    /// Each action in a handoff that does not belong there.
    pub extra_action: MoodChange,
    /// Each broken order constraint in a handoff.
    pub order_slip: MoodChange,
}

/// The default change per grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradeMoods {
    pub best: MoodChange,
    pub acceptable: MoodChange,
    pub weak: MoodChange,
    pub wrong: MoodChange,
    pub red_line: MoodChange,
}

impl GradeMoods {
    pub fn of(&self, grade: Grade) -> MoodChange {
        match grade {
            Grade::Best => self.best,
            Grade::Acceptable => self.acceptable,
            Grade::Weak => self.weak,
            Grade::Wrong => self.wrong,
            Grade::RedLine => self.red_line,
        }
    }
}

impl Default for CustomerState {
    /// The values of the bundled `rules.ron`, for a catalogue written before the state existed.
    fn default() -> Self {
        let change = |trust, patience| MoodChange { trust, patience };
        CustomerState {
            trust: 60,
            patience: 70,
            hurried_patience: -30,
            grades: GradeMoods {
                best: change(6, 0),
                acceptable: change(2, -3),
                weak: change(-6, -8),
                wrong: change(-12, -10),
                red_line: change(-35, -15),
            },
            extra_action: change(-3, -6),
            order_slip: change(0, -4),
        }
    }
}

/// A phrasing no staff member may say to a customer, e.g. 保本 or 零风险.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenPhrase {
    pub phrase: String,
    /// Longer phrases around it that make it harmless, e.g. 不保本 for 保本.
    #[serde(default)]
    pub except: Vec<String>,
    /// The rule it breaks.
    pub rule: RuleId,
}

impl ForbiddenPhrase {
    /// Whether `text` uses the phrase anywhere an exception does not cover.
    pub fn found_in(&self, text: &str) -> bool {
        if self.phrase.is_empty() {
            return false;
        }
        let mut covered: Vec<(usize, usize)> = self
            .except
            .iter()
            .flat_map(|e| {
                text.match_indices(e.as_str())
                    .map(|(at, m)| (at, at + m.len()))
            })
            .collect();
        covered.sort_unstable();
        // one sweep: the phrase's matches come in increasing order, and a match is covered when
        // an exception starting at or before it reaches its end (a long text of many exceptions
        // must not cost matches × exceptions)
        let mut starting = covered.iter().peekable();
        let mut reach = 0;
        text.match_indices(self.phrase.as_str()).any(|(at, m)| {
            while let Some((_, to)) = starting.next_if(|(from, _)| *from <= at) {
                reach = reach.max(*to);
            }
            reach < at + m.len()
        })
    }
}

/// Assets from `min` (inclusive) to `max` (exclusive, none = no ceiling) belong to `tier`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierBand {
    pub tier: Tier,
    pub min: u64,
    #[serde(default)]
    pub max: Option<u64>,
    #[serde(default)]
    pub note: String,
}

/// Share (0..1) of a step's points that each grade earns when an option gives no points.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradeShares {
    pub best: f64,
    pub acceptable: f64,
    pub weak: f64,
    pub wrong: f64,
}

impl GradeShares {
    pub fn share(&self, grade: Grade) -> f64 {
        match grade {
            Grade::Best => self.best,
            Grade::Acceptable => self.acceptable,
            Grade::Weak => self.weak,
            Grade::Wrong => self.wrong,
            Grade::RedLine => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Severity {
    /// Breaking it fails the case whatever the total.
    RedLine,
    /// Good practice: breaking it costs points.
    Guideline,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: RuleId,
    pub title: String,
    pub explanation: String,
    /// The source document in `shared/reference`, e.g. "000 粗谈岗位联动机制".
    pub source: String,
    pub severity: Severity,
}

impl Catalogue {
    pub fn rule(&self, id: &RuleId) -> Option<&Rule> {
        self.rules.iter().find(|r| &r.id == id)
    }

    /// The first forbidden phrasing the text uses.
    pub fn forbidden_in(&self, text: &str) -> Option<&ForbiddenPhrase> {
        self.forbidden_phrases.iter().find(|p| p.found_in(text))
    }

    /// Whether the rule exists and is a red line.
    pub fn is_red_line(&self, id: &RuleId) -> bool {
        self.rule(id)
            .is_some_and(|r| r.severity == Severity::RedLine)
    }

    pub fn band(&self, tier: Tier) -> Option<&TierBand> {
        self.tiers.iter().find(|b| b.tier == tier)
    }

    /// The observers' checklist: the catalogue's own, or the default.
    pub fn checklist(&self) -> std::borrow::Cow<'_, ObserverChecklist> {
        match &self.observer_checklist {
            Some(list) => std::borrow::Cow::Borrowed(list),
            None => std::borrow::Cow::Owned(ObserverChecklist::default()),
        }
    }

    /// The referral points table: the catalogue's own, or the default.
    pub fn referral_table(&self) -> std::borrow::Cow<'_, ReferralTable> {
        match &self.referral_points {
            Some(table) => std::borrow::Cow::Borrowed(table),
            None => std::borrow::Cow::Owned(ReferralTable::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(phrase: &str, except: &[&str]) -> ForbiddenPhrase {
        ForbiddenPhrase {
            phrase: phrase.into(),
            except: except.iter().map(|e| (*e).to_owned()).collect(),
            rule: RuleId::from("no-guarantee"),
        }
    }

    #[test]
    fn the_built_in_checklist_is_the_bundled_one() {
        let bundled: Catalogue = crate::scenario::load::ron_options()
            .from_str(BUNDLED_CATALOGUE)
            .expect("the bundled catalogue parses");
        let list = bundled
            .observer_checklist
            .expect("rules.ron has a checklist");
        assert_eq!(list, ObserverChecklist::default());
        assert_eq!(list.max_points(), 10.0);
        assert_eq!(list.points([2, 1, 0, 2, 2]), 7.0);
    }

    #[test]
    fn a_negated_phrase_is_not_a_promise() {
        let guaranteed = phrase("保本", &["不保本"]);
        assert!(guaranteed.found_in("这款产品保本保收益"));
        assert!(!guaranteed.found_in("理财产品不保本"));
        assert!(guaranteed.found_in("理财产品不保本，但这款保本"));
    }

    #[test]
    fn every_exception_counts_wherever_it_starts() {
        let guaranteed = phrase("保本", &["不保本", "保本金"]);
        assert!(!guaranteed.found_in("不保本金"));
        assert!(!guaranteed.found_in("保本金和不保本"));
        let long = "不保本".repeat(10_000);
        assert!(!guaranteed.found_in(&long));
        assert!(guaranteed.found_in(&format!("{long}保本")));
        assert!(guaranteed.found_in(&format!("保本{long}")));
    }
}
