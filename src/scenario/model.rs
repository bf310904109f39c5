//! The case format as a trainer writes it: plain serde types read from RON.
//!
//! Field names are English (they are the keys in the RON file); every text a trainee sees is
//! Chinese in the file. Optional fields carry `#[serde(default)]` so a small case stays small.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{ActionId, CueId, NeedId, RuleId, StaffId, StepId};

/// The format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// One customer case: everything a playthrough needs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: u32,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub difficulty: Difficulty,
    /// Estimated minutes to play all roles.
    pub minutes: u32,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub author: String,
    pub customer: Customer,
    pub staff: Vec<Staff>,
    /// Overrides the catalogue's default rubric when present.
    #[serde(default)]
    pub rubric: Option<Rubric>,
    pub stages: Vec<Stage>,
    /// What contest observers score after this case is performed; empty: the items of
    /// `rules.ron`.
    #[serde(default)]
    pub checklist: Vec<super::catalogue::ChecklistItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Easy => "入门",
            Difficulty::Medium => "进阶",
            Difficulty::Hard => "挑战",
        }
    }
}

/// Value tiers by quarterly average daily financial assets (thresholds live in `rules.ron`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Tier {
    PrivateBanking,
    HighEnd,
    MidEnd,
    Potential,
    Ordinary,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Tier::PrivateBanking,
        Tier::HighEnd,
        Tier::MidEnd,
        Tier::Potential,
        Tier::Ordinary,
    ];

    /// Position on the value ladder, 0 = highest; adjacent tiers differ by one.
    pub fn rank(self) -> usize {
        Tier::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::PrivateBanking => "私人银行客户",
            Tier::HighEnd => "高端客户",
            Tier::MidEnd => "中端客户",
            Tier::Potential => "潜力客户",
            Tier::Ordinary => "普通客户",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Role {
    Teller,
    OpenCounterTeller,
    LobbyManager,
    WealthManager,
    CorporateManager,
    BranchHead,
    BackOffice,
    PostalStaff,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Teller,
        Role::OpenCounterTeller,
        Role::LobbyManager,
        Role::WealthManager,
        Role::CorporateManager,
        Role::BranchHead,
        Role::BackOffice,
        Role::PostalStaff,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Teller => "柜员",
            Role::OpenCounterTeller => "低柜柜员",
            Role::LobbyManager => "大堂经理",
            Role::WealthManager => "理财经理",
            Role::CorporateManager => "对公客户经理",
            Role::BranchHead => "网点负责人",
            Role::BackOffice => "后台人员",
            Role::PostalStaff => "邮务人员",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Salutation {
    /// 先生
    Mr,
    /// 女士
    Ms,
}

impl Salutation {
    pub fn label(self) -> &'static str {
        match self {
            Salutation::Mr => "先生",
            Salutation::Ms => "女士",
        }
    }
}

/// An inclusive amount range in CNY; each seed draws one value inside it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRange {
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Name pool: each seed draws one. The surname is the first character (or a known
    /// two-character surname such as 欧阳).
    pub names: Vec<String>,
    pub salutation: Salutation,
    pub age: u32,
    pub occupation: String,
    /// What staff see and hear when the customer arrives.
    pub arrival: Vec<String>,
    /// What the system shows once the card is swiped.
    pub system: SystemView,
    /// The true tier.
    pub tier: Tier,
    /// Financial assets counted for the tier (this bank and others); defaults to the balance.
    #[serde(default)]
    pub assets: Option<AmountRange>,
    /// Further named amounts for the text, e.g. `"transfer": (min: 300000, max: 500000)`.
    #[serde(default)]
    pub amounts: BTreeMap<String, AmountRange>,
    /// Chance (0..1) that this customer says they are in a hurry; branch on `CustomerHurried`.
    #[serde(default)]
    pub hurried: f64,
    /// Observations a trainee may flag; identification steps present some of them.
    pub cues: Vec<Cue>,
    /// Candidate needs, true ones and distractors.
    pub needs: Vec<Need>,
    /// Which receivers fit this customer.
    pub receivers: Vec<Role>,
    /// Trust (0–100) at the start; defaults to the catalogue's `customer_state.trust`.
    #[serde(default)]
    pub trust: Option<u32>,
    /// Patience (0–100) at the start; defaults to the catalogue's `customer_state.patience`.
    #[serde(default)]
    pub patience: Option<u32>,
    /// The company behind a corporate customer. `tier`, `system` and `assets` stay the
    /// person's own (the accountant's own card), so a case can pair an ordinary person with a
    /// valuable company.
    #[serde(default)]
    pub company: Option<Company>,
}

/// The company a corporate customer comes for: what a corporate manager needs to picture it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// Name pool: each seed draws one, like the customer's names; `{company}` in the texts.
    pub names: Vec<String>,
    /// What it does, e.g. 机械配件制造.
    pub industry: String,
    /// Where it banks, one line each, e.g. 基本存款账户在他行.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Average monthly turnover (月均流水) in CNY, drawn per seed; `{company.turnover}`.
    pub turnover: AmountRange,
    /// Employees on its payroll (代发工资人数); `{company.payroll}`.
    pub payroll: u32,
    /// Who the person at the counter is to it, e.g. 公司会计, 创办人、法定代表人.
    pub person: String,
    /// The company's value to the bank in a line, when the case wants to say it.
    #[serde(default)]
    pub tier_note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SystemView {
    /// Card or account type, e.g. 普通借记卡.
    pub card: String,
    pub balance: AmountRange,
    #[serde(default)]
    pub transactions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Moment {
    Entering,
    Asking,
    Waiting,
    Counter,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub id: CueId,
    pub text: String,
    #[serde(default = "default_moment")]
    pub moment: Moment,
    /// True when this observation signals value or a need.
    pub significant: bool,
    /// Why it matters (or why it does not): shown in the debrief.
    #[serde(default)]
    pub why: String,
}

fn default_moment() -> Moment {
    Moment::Counter
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum NeedKind {
    Financial,
    Emotional,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub id: NeedId,
    pub text: String,
    pub kind: NeedKind,
    /// False for a distractor.
    pub real: bool,
    #[serde(default)]
    pub why: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub id: StaffId,
    pub role: Role,
    /// Name pool: each seed draws one.
    pub names: Vec<String>,
    /// Experience and certificates, used to "move the trust".
    #[serde(default)]
    pub credentials: String,
    /// Chance (0..1) this colleague is busy with another customer; branch on `StaffBusy`.
    #[serde(default)]
    pub busy: f64,
}

/// Weights of the three dimensions (percent, summing to 100) and the pass mark.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub identification: u32,
    pub script: u32,
    pub handoff: u32,
    pub pass_mark: u32,
}

impl Scenario {
    /// The best outcome any of its endings gives.
    pub fn best_outcome(&self) -> Option<Outcome> {
        self.stages
            .iter()
            .flat_map(|s| &s.steps)
            .filter_map(|step| match step {
                Step::End(e) => e.outcome,
                _ => None,
            })
            .min()
    }

    /// The distinct seeded conditions its branches test, in a stable order.
    pub fn branch_conditions(&self) -> Vec<Condition> {
        let conditions: std::collections::BTreeSet<&Condition> = self
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .flat_map(|step| -> Vec<&Condition> {
                match step {
                    Step::Branch(b) => b.cases.iter().map(|c| &c.when).collect(),
                    // a form's entry can depend on the seed too (who was busy)
                    Step::TrackingSheet(f) | Step::ReferralRecord(f) => f
                        .fields
                        .iter()
                        .flat_map(|field| &field.choices)
                        .flat_map(|c| c.conditions())
                        .collect(),
                    _ => Vec::new(),
                }
            })
            .filter(|c| c.is_seeded())
            .collect();
        conditions.into_iter().cloned().collect()
    }
}

/// One role's part of the case; steps run in list order unless a step says `next`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub role: Role,
    pub title: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Step {
    Narration(Narration),
    Identify(Identify),
    Script(Script),
    ReferralCard(ReferralCard),
    Handoff(Handoff),
    /// After the customer left: the receiver fills in a row of the tracking sheet (岗位联动客户追踪表).
    TrackingSheet(Form),
    /// After the customer left: the referrer fills in a row of the referral record (客户推荐记录表).
    ReferralRecord(Form),
    /// The next morning meeting (晨会): the card comes back with the result; choose the follow-up.
    MorningMeeting(Script),
    Branch(Branch),
    End(End),
}

impl Step {
    pub fn id(&self) -> &StepId {
        match self {
            Step::Narration(s) => &s.id,
            Step::Identify(s) => &s.id,
            Step::Script(s) => &s.id,
            Step::ReferralCard(s) => &s.id,
            Step::Handoff(s) => &s.id,
            Step::TrackingSheet(s) | Step::ReferralRecord(s) => &s.id,
            Step::MorningMeeting(s) => &s.id,
            Step::Branch(s) => &s.id,
            Step::End(s) => &s.id,
        }
    }

    /// The explicit `next` of a step that has one.
    pub fn explicit_next(&self) -> Option<&StepId> {
        match self {
            Step::Narration(s) => s.next.as_ref(),
            Step::Identify(s) => s.next.as_ref(),
            Step::Script(s) => s.next.as_ref(),
            Step::ReferralCard(s) => s.next.as_ref(),
            Step::Handoff(s) => s.next.as_ref(),
            Step::TrackingSheet(s) | Step::ReferralRecord(s) => s.next.as_ref(),
            Step::MorningMeeting(s) => s.next.as_ref(),
            Step::End(s) => s.next.as_ref(),
            Step::Branch(_) => None,
        }
    }

    pub fn kind(&self) -> StepKind {
        match self {
            Step::Narration(_) => StepKind::Narration,
            Step::Identify(_) => StepKind::Identify,
            Step::Script(_) => StepKind::Script,
            Step::ReferralCard(_) => StepKind::ReferralCard,
            Step::Handoff(_) => StepKind::Handoff,
            Step::TrackingSheet(_) => StepKind::TrackingSheet,
            Step::ReferralRecord(_) => StepKind::ReferralRecord,
            Step::MorningMeeting(_) => StepKind::MorningMeeting,
            Step::Branch(_) => StepKind::Branch,
            Step::End(_) => StepKind::End,
        }
    }

    /// The kind as case files spell it (for authors and diagnostics, not for trainees).
    pub fn kind_name(&self) -> &'static str {
        self.kind().name()
    }

    /// Points at stake, zero for steps that ask nothing.
    pub fn points(&self) -> u32 {
        match self {
            Step::Identify(s) => s.points,
            Step::Script(s) => s.points,
            Step::ReferralCard(s) => s.points,
            Step::Handoff(s) => s.points,
            Step::TrackingSheet(s) | Step::ReferralRecord(s) => s.points,
            Step::MorningMeeting(s) => s.points,
            _ => 0,
        }
    }

    pub fn is_decision(&self) -> bool {
        matches!(
            self,
            Step::Identify(_)
                | Step::Script(_)
                | Step::ReferralCard(_)
                | Step::Handoff(_)
                | Step::TrackingSheet(_)
                | Step::ReferralRecord(_)
                | Step::MorningMeeting(_)
        )
    }

    /// A step of the loop after the handoff (a form row or the morning meeting): it comes
    /// after the customer has left and is filled in by staff alone.
    pub fn is_follow_up(&self) -> bool {
        self.kind().is_follow_up()
    }

    /// The script lines of a step chosen like a script (a script, a morning meeting).
    pub fn lines(&self) -> Option<&Script> {
        match self {
            Step::Script(s) | Step::MorningMeeting(s) => Some(s),
            _ => None,
        }
    }
}

/// The kind of a [`Step`], without its content: what interface text about a step is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum StepKind {
    Narration,
    Identify,
    Script,
    ReferralCard,
    Handoff,
    TrackingSheet,
    ReferralRecord,
    MorningMeeting,
    Branch,
    End,
}

impl StepKind {
    pub const ALL: [StepKind; 10] = [
        StepKind::Narration,
        StepKind::Identify,
        StepKind::Script,
        StepKind::ReferralCard,
        StepKind::Handoff,
        StepKind::TrackingSheet,
        StepKind::ReferralRecord,
        StepKind::MorningMeeting,
        StepKind::Branch,
        StepKind::End,
    ];

    /// The steps after the handoff, played once the customer has left.
    pub fn is_follow_up(self) -> bool {
        matches!(
            self,
            StepKind::TrackingSheet | StepKind::ReferralRecord | StepKind::MorningMeeting
        )
    }

    /// The kind as case files spell it.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Narration => "Narration",
            StepKind::Identify => "Identify",
            StepKind::Script => "Script",
            StepKind::ReferralCard => "ReferralCard",
            StepKind::Handoff => "Handoff",
            StepKind::TrackingSheet => "TrackingSheet",
            StepKind::ReferralRecord => "ReferralRecord",
            StepKind::MorningMeeting => "MorningMeeting",
            StepKind::Branch => "Branch",
            StepKind::End => "End",
        }
    }
}

fn default_points() -> u32 {
    10
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    pub id: StepId,
    pub text: String,
    #[serde(default)]
    pub next: Option<StepId>,
}

/// Pick the tier, flag the significant cues, pick the real needs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Identify {
    pub id: StepId,
    pub prompt: String,
    #[serde(default = "default_points")]
    pub points: u32,
    /// Ask for the tier.
    #[serde(default)]
    pub tier: bool,
    /// Cues shown (ids from `customer.cues`), significant ones mixed with distractors.
    #[serde(default)]
    pub cues: Vec<CueId>,
    /// Needs shown (ids from `customer.needs`).
    #[serde(default)]
    pub needs: Vec<NeedId>,
    #[serde(default)]
    pub next: Option<StepId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Grade {
    Best,
    Acceptable,
    Weak,
    Wrong,
    RedLine,
}

impl Grade {
    pub const ALL: [Grade; 5] = [
        Grade::Best,
        Grade::Acceptable,
        Grade::Weak,
        Grade::Wrong,
        Grade::RedLine,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Grade::Best => "最佳",
            Grade::Acceptable => "可接受",
            Grade::Weak => "欠佳",
            Grade::Wrong => "错误",
            Grade::RedLine => "红线",
        }
    }
}

/// Choose one line among 2–5.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub id: StepId,
    pub prompt: String,
    #[serde(default = "default_points")]
    pub points: u32,
    pub options: Vec<ScriptOption>,
    #[serde(default)]
    pub next: Option<StepId>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptOption {
    pub text: String,
    pub grade: Grade,
    /// Points earned; defaults to the grade's share of the step's points.
    #[serde(default)]
    pub points: Option<u32>,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub rule: Option<RuleId>,
    /// What the customer says or does in answer.
    #[serde(default)]
    pub reaction: String,
    /// Where the case goes after this line; defaults to the step's `next`.
    #[serde(default)]
    pub next: Option<StepId>,
    /// How much this answer moves the customer's trust; defaults to its grade's.
    #[serde(default)]
    pub trust: Option<i32>,
    /// How much this answer moves the customer's patience; defaults to its grade's.
    #[serde(default)]
    pub patience: Option<i32>,
    /// What the customer thinks but does not say (内心独白), shown in the debrief.
    #[serde(default)]
    pub thought: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum CardField {
    /// 客户姓名
    Name,
    /// 联系方式
    Contact,
    /// 客户需求
    Need,
    /// 推荐人 (seal)
    Referrer,
    /// 是否现场推荐
    OnSite,
    /// 推荐时间 (tracking sheet)
    ReferredAt,
    /// 是否现场达成 (tracking sheet)
    ConvertedOnSite,
    /// 达成产品 (tracking sheet)
    Product,
    /// 金额或数量 (tracking sheet)
    Amount,
    /// 下次联系时间 (tracking sheet)
    NextContact,
    /// 备注 (tracking sheet)
    Notes,
    /// 推荐原因 (referral record)
    Reason,
    /// 接收人 (referral record)
    Receiver,
    /// 结果反馈 (referral record)
    Result,
}

impl CardField {
    pub const ALL: [CardField; 14] = [
        CardField::Name,
        CardField::Contact,
        CardField::Need,
        CardField::Referrer,
        CardField::OnSite,
        CardField::ReferredAt,
        CardField::ConvertedOnSite,
        CardField::Product,
        CardField::Amount,
        CardField::NextContact,
        CardField::Notes,
        CardField::Reason,
        CardField::Receiver,
        CardField::Result,
    ];

    /// The referral card's fields: four filled, one chosen.
    pub const CARD: [CardField; 5] = [
        CardField::Name,
        CardField::Contact,
        CardField::Need,
        CardField::Referrer,
        CardField::OnSite,
    ];

    /// The tracking sheet's columns (岗位联动客户追踪表), in the seed's order.
    pub const TRACKING_SHEET: [CardField; 10] = [
        CardField::Name,
        CardField::Contact,
        CardField::ReferredAt,
        CardField::OnSite,
        CardField::Referrer,
        CardField::ConvertedOnSite,
        CardField::Product,
        CardField::Amount,
        CardField::NextContact,
        CardField::Notes,
    ];

    /// The referral record's columns (客户推荐记录表), in the seed's order.
    pub const REFERRAL_RECORD: [CardField; 5] = [
        CardField::Name,
        CardField::Reason,
        CardField::Referrer,
        CardField::Receiver,
        CardField::Result,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CardField::Name => "客户姓名",
            CardField::Contact => "联系方式",
            CardField::Need => "客户需求",
            CardField::Referrer => "推荐人",
            CardField::OnSite => "是否现场推荐",
            CardField::ReferredAt => "推荐时间",
            CardField::ConvertedOnSite => "是否现场达成",
            CardField::Product => "达成产品",
            CardField::Amount => "金额或数量",
            CardField::NextContact => "下次联系时间",
            CardField::Notes => "备注",
            CardField::Reason => "推荐原因",
            CardField::Receiver => "接收人",
            CardField::Result => "结果反馈",
        }
    }
}

/// A row of a follow-up form (the tracking sheet, the referral record): each column chosen
/// among written entries. Filled in after the customer left, so an entry can be right for
/// one run and wrong for another: `outcomes` and `when` say when it is the true one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub id: StepId,
    pub prompt: String,
    #[serde(default = "default_points")]
    pub points: u32,
    pub fields: Vec<FormFieldChoice>,
    /// The rule the form teaches (e.g. `tracking-sheet`); a wrong entry breaks it unless the
    /// entry names its own.
    #[serde(default)]
    pub rule: Option<RuleId>,
    #[serde(default)]
    pub next: Option<StepId>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormFieldChoice {
    pub field: CardField,
    pub choices: Vec<FormChoice>,
}

/// One entry a column can get. It is the right one when `correct` (whatever happened), or when
/// the run matches it: the customer left in one of `outcomes` (if given), `when` holds (if
/// given) and `unless` does not (if given).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormChoice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Right when the case ended in one of these.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Right when this holds in the run (who was busy, a route or a line chosen, a rule broken).
    #[serde(default)]
    pub when: Option<Condition>,
    /// Right only when this does not hold in the run.
    #[serde(default)]
    pub unless: Option<Condition>,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub rule: Option<RuleId>,
}

impl FormChoice {
    /// Whether the entry depends on the run (its rightness is computed, not written).
    pub fn is_conditional(&self) -> bool {
        !self.outcomes.is_empty() || self.when.is_some() || self.unless.is_some()
    }

    /// The run conditions the entry depends on.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.when.iter().chain(self.unless.iter())
    }
}

/// The referral card: four fields filled, one choice made, and where the card goes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralCard {
    pub id: StepId,
    pub prompt: String,
    #[serde(default = "default_points")]
    pub points: u32,
    pub fields: Vec<CardFieldChoice>,
    /// Where the filled card goes: graded like script lines.
    pub route: Vec<ScriptOption>,
    #[serde(default)]
    pub rule: Option<RuleId>,
    #[serde(default)]
    pub next: Option<StepId>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CardFieldChoice {
    pub field: CardField,
    pub choices: Vec<CardChoice>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CardChoice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub feedback: String,
    /// The rule a wrong choice breaks; a red-line rule makes the choice a red line (a customer
    /// writing on the card breaks `card-internal`).
    #[serde(default)]
    pub rule: Option<RuleId>,
    #[serde(default)]
    pub trust: Option<i32>,
    #[serde(default)]
    pub patience: Option<i32>,
    #[serde(default)]
    pub thought: String,
}

/// Choose and order actions from a pool; graded against precedence constraints.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    pub id: StepId,
    pub prompt: String,
    #[serde(default = "default_points")]
    pub points: u32,
    pub actions: Vec<HandoffAction>,
    #[serde(default)]
    pub order: Vec<Precedence>,
    #[serde(default)]
    pub next: Option<StepId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ActionKind {
    /// Belongs in a complete handoff.
    Required,
    /// Does no harm to the customer but costs points.
    Distractor,
    /// Fails the case.
    RedLine,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffAction {
    pub id: ActionId,
    pub text: String,
    pub kind: ActionKind,
    #[serde(default)]
    pub rule: Option<RuleId>,
    #[serde(default)]
    pub feedback: String,
    /// Replaces the default cost of an extra action to the customer's trust.
    #[serde(default)]
    pub trust: Option<i32>,
    /// Replaces the default cost of an extra action to the customer's patience.
    #[serde(default)]
    pub patience: Option<i32>,
    #[serde(default)]
    pub thought: String,
}

/// `before` must come before `after`; `message` says it in words when violated.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Precedence {
    pub before: ActionId,
    pub after: ActionId,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub rule: Option<RuleId>,
}

/// Route on the seeded variant: the first case whose condition holds wins.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub id: StepId,
    pub cases: Vec<BranchCase>,
    pub otherwise: StepId,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BranchCase {
    pub when: Condition,
    pub next: StepId,
}

/// What a branch tests: the seeded variant (who is busy, a hurried customer) or what happened
/// so far in this playthrough (the customer's state, red lines, rules broken, answers given).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Condition {
    StaffBusy(StaffId),
    CustomerHurried,
    TrustBelow(u32),
    TrustAtLeast(u32),
    PatienceBelow(u32),
    PatienceAtLeast(u32),
    /// Any red line crossed so far.
    RedLineCrossed,
    /// A decision so far broke this rule.
    RuleBroken(RuleId),
    /// At this Script step line N was chosen (at a ReferralCard step, route N); N counts from 1.
    Chose(StepId, u32),
    /// At this ReferralCard step the field got choice N (from 1).
    Filled(StepId, CardField, u32),
    /// The handoff at this step included the action.
    Did(StepId, ActionId),
}

impl Condition {
    /// Whether the seed alone decides it (the rest depend on the trainee's answers).
    pub fn is_seeded(&self) -> bool {
        matches!(self, Condition::StaffBusy(_) | Condition::CustomerHurried)
    }
}

/// How a case ends for the customer, from the best for the branch to the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Outcome {
    /// 当场办理
    Converted,
    /// 约定面谈
    Appointment,
    /// 留下联系方式
    ContactKept,
    /// 婉拒
    Declined,
    /// 转身离开
    WalkedOut,
    /// 投诉
    Complaint,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Converted,
        Outcome::Appointment,
        Outcome::ContactKept,
        Outcome::Declined,
        Outcome::WalkedOut,
        Outcome::Complaint,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Converted => "当场办理",
            Outcome::Appointment => "约定面谈",
            Outcome::ContactKept => "留下联系方式",
            Outcome::Declined => "婉拒",
            Outcome::WalkedOut => "转身离开",
            Outcome::Complaint => "投诉",
        }
    }

    /// What the customer did, to end an English sentence ("in the end the customer …").
    pub fn label_en(self) -> &'static str {
        match self {
            Outcome::Converted => "was served on the spot",
            Outcome::Appointment => "booked an appointment",
            Outcome::ContactKept => "left contact details",
            Outcome::Declined => "declined",
            Outcome::WalkedOut => "walked out",
            Outcome::Complaint => "complained",
        }
    }

    /// A success for the referral: no path that crossed a red line may end here.
    pub fn is_success(self) -> bool {
        matches!(self, Outcome::Converted | Outcome::Appointment)
    }
}

/// Ends the case with a closing line and what the customer did.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct End {
    pub id: StepId,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    pub text: String,
    /// Where the story goes on once the customer has left: the steps after the handoff (the
    /// tracking sheet, the referral record, the morning meeting). Without it the case ends here.
    #[serde(default)]
    pub next: Option<StepId>,
}
