//! Group competitions (分组PK): the setup a trainer makes, the order of turns, who acts which
//! role, and the scoreboard. Pure: the store keeps the turns, the app and CLI play them.

mod drill;
mod scoreboard;

use std::collections::HashSet;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

pub use drill::{
    ChecklistMark, DEFAULT_PERFORMANCE_SECS, DEFAULT_PREPARATION_SECS, DrillClock, DrillPhase,
    DrillTimers, MAX_TIMER_SECS, ObserverSheet, SheetError, TimerError, TurnObservation,
    clock_text, observer_mean,
};
pub use scoreboard::{ObserverPoints, RoleScore, Scoreboard, TeamStanding, TurnResult};

use crate::scenario::Case;
use crate::scenario::model::Role;

pub const MIN_TEAMS: usize = 2;
pub const MAX_TEAMS: usize = 12;
pub const MAX_MEMBERS: usize = 8;
/// Rounds in one contest: a training day plays a handful, a season a few hundred; a setup of
/// tens of thousands is a mistake (or an attack) and would only fill the database.
pub const MAX_ROUNDS: usize = 1000;
/// Longest contest name, in characters: it heads the projector scoreboard and names the
/// export files.
pub const MAX_CONTEST_NAME_CHARS: usize = 40;
/// Longest team name: a row of the scoreboard in large type.
pub const MAX_TEAM_NAME_CHARS: usize = 16;
/// Longest name of a person (a trainee signing in, a team member).
pub const MAX_PERSON_NAME_CHARS: usize = 32;

/// Why a name typed by a person cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// Longer than `max` characters; `start` is its first twelve, to say which name.
    TooLong {
        start: String,
        chars: usize,
        max: usize,
    },
    /// A pasted line break or a terminal escape; `name` is the name with it escaped.
    Control {
        name: String,
    },
    /// A zero-width character, a direction mark or a line separator: two names that look the
    /// same would be two people.
    Invisible {
        character: char,
    },
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::Empty => write!(f, "the name is empty"),
            NameError::TooLong { start, chars, max } => {
                write!(
                    f,
                    "the name \"{start}…\" has {chars} characters, at most {max}"
                )
            }
            NameError::Control { name } => {
                write!(
                    f,
                    "the name \"{name}\" holds a line break or a control character"
                )
            }
            NameError::Invisible { character } => write!(
                f,
                "the name holds the invisible character U+{:04X}",
                u32::from(*character)
            ),
        }
    }
}

impl std::error::Error for NameError {}

/// A name typed by a person, trimmed, or why it cannot be used: empty, longer than `max`
/// characters, or holding a control character (a pasted line break, a terminal escape).
pub fn checked_name(name: &str, max: usize) -> Result<&str, NameError> {
    let name = name.trim();
    let chars = name.chars().count();
    if name.is_empty() {
        Err(NameError::Empty)
    } else if chars > max {
        Err(NameError::TooLong {
            start: name.chars().take(12).collect(),
            chars,
            max,
        })
    } else if name.chars().any(char::is_control) {
        Err(NameError::Control {
            name: name.escape_debug().to_string(),
        })
    } else if let Some(character) = name
        .chars()
        .find(|c| crate::scenario::texts::is_invisible(*c))
    {
        Err(NameError::Invisible { character })
    } else {
        Ok(name)
    }
}

/// The longest observer comment, in characters: a sentence or two for the scoreboard.
pub const MAX_COMMENT_CHARS: usize = 200;

/// Why an observer's comment cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentError {
    /// Longer than [`MAX_COMMENT_CHARS`].
    TooLong { chars: usize, max: usize },
    /// A line break, a control character or an invisible one.
    Hidden { character: char },
}

impl std::fmt::Display for CommentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommentError::TooLong { chars, max } => {
                write!(f, "the comment has {chars} characters, at most {max}")
            }
            CommentError::Hidden { character } => write!(
                f,
                "the comment holds a line break, a control or an invisible character U+{:04X}",
                u32::from(*character)
            ),
        }
    }
}

impl std::error::Error for CommentError {}

/// An observer's comment as it will be stored and shown: one line, no control or invisible
/// characters (an ESC in a comment would reach every terminal that prints the scoreboard).
pub fn checked_comment(comment: &str) -> Result<&str, CommentError> {
    let comment = comment.trim();
    let chars = comment.chars().count();
    if chars > MAX_COMMENT_CHARS {
        Err(CommentError::TooLong {
            chars,
            max: MAX_COMMENT_CHARS,
        })
    } else if let Some(character) = comment
        .chars()
        .find(|c| c.is_control() || crate::scenario::texts::is_invisible(*c))
    {
        Err(CommentError::Hidden { character })
    } else {
        Ok(comment)
    }
}

/// Which case each round plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CaseOrder {
    /// In the order the trainer listed them.
    InOrder,
    /// Drawn by lot from the trainer's list, with the contest seed (the same draw on resume).
    Drawn,
}

impl CaseOrder {
    pub const ALL: [CaseOrder; 2] = [CaseOrder::InOrder, CaseOrder::Drawn];
}

/// How members are matched to roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RoleAssignment {
    /// Member 1 always takes the first role of a case, member 2 the second, and so on.
    Fixed,
    /// Each round the roles move one member on, so everyone plays every position.
    Rotating,
}

impl RoleAssignment {
    pub const ALL: [RoleAssignment; 2] = [RoleAssignment::Fixed, RoleAssignment::Rotating];
}

/// Whether the teams of a round play one scene or each its own (004: groups 1 and 2 act
/// scene 1, groups 3 and 4 scene 2, …).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Scenes {
    /// Every team plays the round's case: one case per round.
    #[default]
    Same,
    /// The cases are dealt to the teams in order: a round takes as many cases as there are
    /// teams, each team its own; a round with fewer cases than teams shares them out in
    /// blocks (six teams, three cases: teams 1–2 the first, 3–4 the second, 5–6 the third).
    PerTeam,
}

impl Scenes {
    pub const ALL: [Scenes; 2] = [Scenes::Same, Scenes::PerTeam];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSetup {
    pub name: String,
    pub members: Vec<String>,
}

/// Everything a trainer decides before a contest starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestSetup {
    pub name: String,
    pub teams: Vec<TeamSetup>,
    /// Case ids, one per round.
    pub cases: Vec<String>,
    pub case_order: CaseOrder,
    pub roles: RoleAssignment,
    /// One seed for every team, so every team meets the same customer.
    pub seed: u64,
    /// Seconds allowed per decision; a late answer scores nothing.
    #[serde(default)]
    pub decision_limit_secs: Option<u32>,
    /// How many teams stand on the podium.
    #[serde(default = "default_podium")]
    pub podium: usize,
    /// What a turn that crossed a red line scores: nothing by default, as a red line fails the
    /// case; or its total less a fixed deduction.
    #[serde(default)]
    pub red_line_penalty: RedLinePenalty,
    /// One scene for every team of a round, or each team its own.
    #[serde(default)]
    pub scenes: Scenes,
    /// How long a team prepares and performs (4 and 2 minutes unless the setup says).
    #[serde(default)]
    pub timers: DrillTimers,
}

/// The case points of a turn that crossed a red line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum RedLinePenalty {
    /// The turn scores 0 case points.
    #[default]
    ZeroPoints,
    /// The turn scores its total less this many points (never below 0).
    Deduct(u32),
}

impl RedLinePenalty {
    /// The case points a turn with this total and these red lines earns.
    pub fn apply(self, total: f64, red_lines: usize) -> f64 {
        if red_lines == 0 {
            return total;
        }
        match self {
            RedLinePenalty::ZeroPoints => 0.0,
            RedLinePenalty::Deduct(points) => (total - f64::from(points)).max(0.0),
        }
    }
}

fn default_podium() -> usize {
    3
}

/// What is wrong with a setup; the interface words it for the trainer. Teams count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    /// The contest has no name.
    Unnamed,
    /// The contest's name cannot be used.
    Name(NameError),
    /// Fewer than [`MIN_TEAMS`] or more than [`MAX_TEAMS`] teams.
    TeamCount { count: usize },
    /// Team number `team` has no name.
    TeamUnnamed { team: usize },
    /// Team number `team`'s name cannot be used.
    TeamName { team: usize, error: NameError },
    /// Two teams share a name.
    DuplicateTeam { name: String },
    /// A team with no members or more than [`MAX_MEMBERS`].
    MemberCount { team: String, count: usize },
    /// A team lists a member without a name.
    MemberUnnamed { team: String },
    /// A member's name cannot be used.
    MemberName { team: String, error: NameError },
    /// No case chosen.
    NoCases,
    /// More than [`MAX_ROUNDS`] rounds.
    TooManyRounds { count: usize },
    /// A case id the library does not hold.
    UnknownCase { id: String },
    /// A podium of no places.
    NoPodium,
    /// The preparation or performance timer cannot be used.
    Timers(TimerError),
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::Unnamed => write!(f, "the contest needs a name"),
            SetupError::Name(e) => write!(f, "the contest's name cannot be used: {e}"),
            SetupError::TeamCount { count } => {
                write!(
                    f,
                    "{MIN_TEAMS} to {MAX_TEAMS} teams are needed, not {count}"
                )
            }
            SetupError::TeamUnnamed { team } => write!(f, "team {team} has no name"),
            SetupError::TeamName { team, error } => {
                write!(f, "the name of team {team} cannot be used: {error}")
            }
            SetupError::DuplicateTeam { name } => write!(f, "two teams are named \"{name}\""),
            SetupError::MemberCount { team, count } => write!(
                f,
                "\"{team}\" needs 1 to {MAX_MEMBERS} members, not {count}"
            ),
            SetupError::MemberUnnamed { team } => {
                write!(f, "\"{team}\" has a member without a name")
            }
            SetupError::MemberName { team, error } => write!(f, "a member of \"{team}\": {error}"),
            SetupError::NoCases => write!(f, "no case is chosen"),
            SetupError::TooManyRounds { count } => {
                write!(f, "a contest has at most {MAX_ROUNDS} rounds, not {count}")
            }
            SetupError::UnknownCase { id } => write!(f, "the library has no case {id}"),
            SetupError::NoPodium => write!(f, "the podium needs at least one place"),
            SetupError::Timers(e) => write!(f, "the timers cannot be used: {e}"),
        }
    }
}

impl std::error::Error for SetupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SetupError::Name(e)
            | SetupError::TeamName { error: e, .. }
            | SetupError::MemberName { error: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// One team's performance of one round's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Turn {
    pub round: usize,
    pub team: usize,
}

impl ContestSetup {
    /// Checks the limits a trainer can break; `known_case` says whether a case id exists.
    pub fn check(&self, known_case: impl Fn(&str) -> bool) -> Result<(), SetupError> {
        if self.name.trim().is_empty() {
            return Err(SetupError::Unnamed);
        }
        checked_name(&self.name, MAX_CONTEST_NAME_CHARS).map_err(SetupError::Name)?;
        if !(MIN_TEAMS..=MAX_TEAMS).contains(&self.teams.len()) {
            return Err(SetupError::TeamCount {
                count: self.teams.len(),
            });
        }
        for (i, team) in self.teams.iter().enumerate() {
            if team.name.trim().is_empty() {
                return Err(SetupError::TeamUnnamed { team: i + 1 });
            }
            checked_name(&team.name, MAX_TEAM_NAME_CHARS)
                .map_err(|error| SetupError::TeamName { team: i + 1, error })?;
            if self.teams[..i].iter().any(|t| t.name == team.name) {
                return Err(SetupError::DuplicateTeam {
                    name: team.name.clone(),
                });
            }
            if team.members.is_empty() || team.members.len() > MAX_MEMBERS {
                return Err(SetupError::MemberCount {
                    team: team.name.clone(),
                    count: team.members.len(),
                });
            }
            if team.members.iter().any(|m| m.trim().is_empty()) {
                return Err(SetupError::MemberUnnamed {
                    team: team.name.clone(),
                });
            }
            for member in &team.members {
                checked_name(member, MAX_PERSON_NAME_CHARS).map_err(|error| {
                    SetupError::MemberName {
                        team: team.name.clone(),
                        error,
                    }
                })?;
            }
        }
        if self.cases.is_empty() {
            return Err(SetupError::NoCases);
        }
        if self.cases.len() > MAX_ROUNDS {
            return Err(SetupError::TooManyRounds {
                count: self.cases.len(),
            });
        }
        if let Some(missing) = self.cases.iter().find(|c| !known_case(c)) {
            return Err(SetupError::UnknownCase {
                id: missing.clone(),
            });
        }
        if self.podium == 0 {
            return Err(SetupError::NoPodium);
        }
        self.timers.check().map_err(SetupError::Timers)?;
        Ok(())
    }

    /// How many rounds the contest has: one per case, or with [`Scenes::PerTeam`] one per
    /// team-count of cases (at least one).
    pub fn round_count(&self) -> usize {
        match self.scenes {
            Scenes::Same => self.cases.len(),
            Scenes::PerTeam => self.cases.len().div_ceil(self.teams.len().max(1)).max(1),
        }
    }

    /// The case id each team plays in each round (`[round][team]`), in the trainer's order
    /// or drawn with the contest seed.
    pub fn scene_table(&self) -> Vec<Vec<String>> {
        let cases = self.drawn_cases();
        let teams = self.teams.len().max(1);
        if cases.is_empty() {
            return Vec::new();
        }
        match self.scenes {
            Scenes::Same => cases.into_iter().map(|c| vec![c; teams]).collect(),
            Scenes::PerTeam => cases
                .chunks(teams)
                .map(|dealt| {
                    (0..teams)
                        .map(|team| dealt[team * dealt.len() / teams].clone())
                        .collect()
                })
                .collect(),
        }
    }

    /// The case id of one turn.
    pub fn case_of(&self, turn: Turn) -> Option<String> {
        self.scene_table()
            .get(turn.round)
            .and_then(|teams| teams.get(turn.team))
            .cloned()
    }

    /// The case id of each round when every team plays the same one; with
    /// [`Scenes::PerTeam`], the first team's (use [`ContestSetup::case_of`]).
    pub fn rounds(&self) -> Vec<String> {
        self.scene_table()
            .into_iter()
            .filter_map(|teams| teams.into_iter().next())
            .collect()
    }

    /// The trainer's cases in their order, or drawn with the contest seed.
    fn drawn_cases(&self) -> Vec<String> {
        let mut cases = self.cases.clone();
        if self.case_order == CaseOrder::Drawn {
            let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(self.seed);
            cases.shuffle(&mut rng);
        }
        cases
    }

    /// Every turn in playing order: round by round, each team in turn.
    pub fn turns(&self) -> Vec<Turn> {
        (0..self.round_count())
            .flat_map(|round| (0..self.teams.len()).map(move |team| Turn { round, team }))
            .collect()
    }

    /// The first turn not yet played, or `None` when the contest is over. Linear in the
    /// turns: a 600-round contest of 12 teams asks this 7,200 times.
    pub fn next_turn(&self, played: &[Turn]) -> Option<Turn> {
        let played: HashSet<Turn> = played.iter().copied().collect();
        (0..self.round_count())
            .flat_map(|round| (0..self.teams.len()).map(move |team| Turn { round, team }))
            .find(|t| !played.contains(t))
    }

    /// The member who acts `role` for `team` in `round` of a case whose roles, in stage
    /// order, are `case_roles`.
    pub fn member_for(&self, team: usize, round: usize, case_roles: &[Role], role: Role) -> &str {
        let members = &self.teams[team].members;
        let position = case_roles.iter().position(|r| *r == role).unwrap_or(0);
        let shift = match self.roles {
            RoleAssignment::Fixed => 0,
            RoleAssignment::Rotating => round,
        };
        &members[(position + shift) % members.len()]
    }

    /// Who acts which role in this turn, in stage order.
    pub fn lineup(&self, turn: Turn, case: &Case) -> Vec<(Role, String)> {
        let roles = case_roles(case);
        roles
            .iter()
            .map(|role| {
                (
                    *role,
                    self.member_for(turn.team, turn.round, &roles, *role)
                        .to_owned(),
                )
            })
            .collect()
    }
}

/// The roles a case names, each once, in stage order.
pub fn case_roles(case: &Case) -> Vec<Role> {
    let mut roles = Vec::new();
    for stage in &case.scenario.stages {
        if !roles.contains(&stage.role) {
            roles.push(stage.role);
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(teams: usize, members: usize) -> ContestSetup {
        ContestSetup {
            name: "春季PK".into(),
            teams: (1..=teams)
                .map(|t| TeamSetup {
                    name: format!("第{t}组"),
                    members: (1..=members).map(|m| format!("{t}-{m}")).collect(),
                })
                .collect(),
            cases: vec!["a".into(), "b".into(), "c".into()],
            case_order: CaseOrder::InOrder,
            roles: RoleAssignment::Rotating,
            seed: 7,
            decision_limit_secs: None,
            podium: 3,
            red_line_penalty: RedLinePenalty::default(),
            scenes: Scenes::Same,
            timers: DrillTimers::default(),
        }
    }

    #[test]
    fn per_team_scenes_deal_the_cases_in_blocks() {
        let mut s = setup(6, 1);
        s.scenes = Scenes::PerTeam;
        assert_eq!(s.round_count(), 1);
        let table = s.scene_table();
        assert_eq!(table, [["a", "a", "b", "b", "c", "c"]]);
        assert_eq!(s.case_of(Turn { round: 0, team: 3 }).as_deref(), Some("b"));
        s.cases = (0..8).map(|i| format!("c{i}")).collect();
        assert_eq!(s.round_count(), 2);
        assert_eq!(s.scene_table()[1], ["c6", "c6", "c6", "c7", "c7", "c7"]);
        assert_eq!(s.turns().len(), 12);
        let same = setup(6, 1);
        assert_eq!(same.round_count(), 3);
        assert_eq!(
            same.case_of(Turn { round: 2, team: 5 }).as_deref(),
            Some("c")
        );
    }

    #[test]
    fn limits_are_checked() {
        assert!(setup(2, 1).check(|_| true).is_ok());
        assert!(setup(1, 1).check(|_| true).is_err());
        assert!(setup(13, 1).check(|_| true).is_err());
        assert!(setup(3, 0).check(|_| true).is_err());
        assert!(setup(3, 2).check(|c| c != "b").is_err());
        let mut season = setup(2, 1);
        season.cases = vec!["a".to_owned(); MAX_ROUNDS];
        assert!(season.check(|_| true).is_ok());
        season.cases.push("a".to_owned());
        assert!(
            season.check(|_| true).is_err(),
            "more rounds than a contest may hold"
        );
    }

    #[test]
    fn names_must_fit_the_scoreboard_and_hold_no_line_breaks() {
        assert_eq!(
            checked_name("  王小明 ", MAX_PERSON_NAME_CHARS),
            Ok("王小明")
        );
        assert!(checked_name("   ", MAX_PERSON_NAME_CHARS).is_err());
        assert!(checked_name("王\n小明", MAX_PERSON_NAME_CHARS).is_err());
        // names that look the same but are not: ZWJ, ZWSP, RLM, U+2028, CR, RLO
        for hidden in [
            "\u{200D}", "\u{200B}", "\u{200F}", "\u{2028}", "\r", "\u{202E}",
        ] {
            let name = format!("王{hidden}小明");
            assert!(
                checked_name(&name, MAX_PERSON_NAME_CHARS).is_err(),
                "{name:?}"
            );
        }
        assert!(checked_comment("配合默契，双手递接到位").is_ok());
        assert!(checked_comment("好\u{1b}[2J").is_err(), "ESC in a comment");
        assert!(checked_comment(&"好".repeat(MAX_COMMENT_CHARS + 1)).is_err());
        assert!(checked_name(&"李".repeat(32), MAX_PERSON_NAME_CHARS).is_ok());
        let long = checked_name(&"李".repeat(33), MAX_PERSON_NAME_CHARS).unwrap_err();
        assert!(
            matches!(
                long,
                NameError::TooLong {
                    chars: 33,
                    max: 32,
                    ..
                }
            ),
            "{long:?}"
        );

        let mut s = setup(2, 1);
        s.name = "季".repeat(MAX_CONTEST_NAME_CHARS + 1);
        assert!(matches!(
            s.check(|_| true),
            Err(SetupError::Name(NameError::TooLong { .. }))
        ));
        let mut s = setup(2, 1);
        s.teams[1].name = "组".repeat(MAX_TEAM_NAME_CHARS + 1);
        assert!(matches!(
            s.check(|_| true),
            Err(SetupError::TeamName {
                team: 2,
                error: NameError::TooLong { .. }
            })
        ));
        let mut s = setup(2, 1);
        s.teams[0].members[0] = "张\u{1b}[2J".into();
        assert!(matches!(
            s.check(|_| true),
            Err(SetupError::MemberName {
                error: NameError::Control { .. },
                ..
            })
        ));
    }

    #[test]
    fn next_turn_resumes_where_play_stopped() {
        let s = setup(3, 2);
        let turns = s.turns();
        assert_eq!(turns.len(), 9);
        assert_eq!(s.next_turn(&turns[..4]), Some(Turn { round: 1, team: 1 }));
        assert_eq!(s.next_turn(&turns), None);
    }

    #[test]
    fn drawn_order_is_a_stable_permutation() {
        let mut s = setup(2, 1);
        s.case_order = CaseOrder::Drawn;
        let mut drawn = s.rounds();
        assert_eq!(drawn, s.rounds());
        drawn.sort();
        assert_eq!(drawn, s.cases);
    }

    #[test]
    fn rotating_roles_move_one_member_on_each_round() {
        let s = setup(2, 3);
        let roles = [Role::Teller, Role::LobbyManager, Role::WealthManager];
        assert_eq!(s.member_for(0, 0, &roles, Role::Teller), "1-1");
        assert_eq!(s.member_for(0, 1, &roles, Role::Teller), "1-2");
        assert_eq!(s.member_for(0, 1, &roles, Role::WealthManager), "1-1");
        let mut fixed = s.clone();
        fixed.roles = RoleAssignment::Fixed;
        assert_eq!(fixed.member_for(1, 2, &roles, Role::LobbyManager), "2-2");
    }
}
