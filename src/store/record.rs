//! What the store keeps of a finished run, built from a playthrough.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::competition::Turn;
use crate::playthrough::{Event, Playthrough};
use crate::scenario::model::Role;
use crate::scoring::{Dimension, DimensionScores};

/// A finished run with everything needed to rank it, chart it, export it and replay it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// One id per attempt (a UUID), used as the xAPI registration.
    pub registration: String,
    /// The trainee's name; in a competition, the team's name.
    pub trainee: String,
    pub case_id: String,
    pub case_title: String,
    /// SHA-256 of the case file as played, so a result can be told apart after the case changes.
    pub case_hash: String,
    pub seed: u64,
    pub role: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// Time spent deciding, summed over the decisions.
    pub time_ms: u64,
    pub total: f64,
    pub dimensions: DimensionScores,
    pub passed: bool,
    pub pass_mark: u32,
    pub red_lines: Vec<RedLineRecord>,
    pub decisions: Vec<DecisionRecord>,
    /// The transcript as RON, to replay the run.
    pub transcript: String,
    pub competition: Option<CompetitionTurn>,
    /// The referral points (转介积分) each role of the chain earned, in stage order.
    #[serde(default)]
    pub referral: Vec<(Role, f64)>,
    /// The trainee's staff number (工号) and branch, when given at sign-in (none in a contest).
    #[serde(default)]
    pub identity: Identity,
}

/// Who a trainee is beyond their name: a staff number (工号, the bank's own, kept as typed:
/// 0801234 keeps its zero) and a branch. Both optional; a training room may know only names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    #[serde(default)]
    pub staff_no: Option<String>,
    #[serde(default)]
    pub branch: Option<String>,
}

impl Identity {
    /// Blank values are none.
    pub fn new(staff_no: Option<&str>, branch: Option<&str>) -> Identity {
        let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        Identity {
            staff_no: given(staff_no),
            branch: given(branch),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedLineRecord {
    pub rule: String,
    pub title: String,
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub step: String,
    pub role: Role,
    pub dimension: Dimension,
    /// The answer in words.
    pub answer: String,
    pub earned: f64,
    pub max: f64,
    pub grade: Option<String>,
    pub rule: Option<String>,
    pub at: DateTime<Utc>,
    pub duration_ms: u64,
}

/// Which competition turn a run was, and who acted which role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetitionTurn {
    pub competition: i64,
    pub turn: Turn,
    pub team_name: String,
    pub lineup: Vec<(Role, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunMode {
    Practice,
    Competition,
}

impl RunMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RunMode::Practice => "practice",
            RunMode::Competition => "competition",
        }
    }
}

pub use crate::scenario::source_hash as case_hash;

impl RunRecord {
    /// The record of a finished playthrough. `trainee` is the trainee's name (for a
    /// competition, the team's name, and `competition` says which turn it was).
    pub fn from_playthrough(
        playthrough: &Playthrough,
        trainee: &str,
        competition: Option<CompetitionTurn>,
    ) -> RunRecord {
        let debrief = playthrough.debrief();
        let transcript = playthrough.transcript();
        let timings: Vec<(DateTime<Utc>, u64)> = transcript
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Decision {
                    at, duration_ms, ..
                } => Some((*at, *duration_ms)),
                _ => None,
            })
            .collect();
        let finished_at = transcript
            .events
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::Finished { at, .. } => Some(*at),
                _ => None,
            })
            .or(timings.last().map(|t| t.0))
            .unwrap_or(transcript.started_at);
        let decisions: Vec<DecisionRecord> = debrief
            .decisions
            .iter()
            .zip(&timings)
            .map(|(d, (at, duration_ms))| DecisionRecord {
                step: d.step.to_string(),
                role: d.role,
                dimension: d.dimension,
                answer: d.answer.clone(),
                earned: d.earned,
                max: d.max,
                grade: d.grade.map(|g| format!("{g:?}")),
                rule: d.rule.as_ref().map(|r| r.to_string()),
                at: *at,
                duration_ms: *duration_ms,
            })
            .collect();
        RunRecord {
            registration: uuid::Uuid::new_v4().to_string(),
            trainee: trainee.to_owned(),
            case_id: debrief.scenario.clone(),
            case_title: debrief.title.clone(),
            case_hash: playthrough.case().source_hash.clone(),
            seed: debrief.seed,
            role: debrief.role.clone(),
            started_at: transcript.started_at,
            finished_at,
            time_ms: timings.iter().map(|t| t.1).sum(),
            total: debrief.total,
            dimensions: debrief.dimensions,
            passed: debrief.passed,
            pass_mark: debrief.pass_mark,
            red_lines: debrief
                .red_line_details
                .iter()
                .map(|r| RedLineRecord {
                    rule: r.rule.to_string(),
                    title: r.title.clone(),
                    step: r.step.to_string(),
                })
                .collect(),
            decisions,
            // compact: the store keeps thousands of these
            transcript: ron::to_string(transcript).unwrap_or_default(),
            competition,
            referral: debrief
                .referral
                .roles
                .iter()
                .map(|r| (r.role, r.points))
                .collect(),
            identity: Identity::default(),
        }
    }

    /// The same record with the trainee's staff number and branch.
    pub fn with_identity(mut self, identity: Identity) -> RunRecord {
        self.identity = identity;
        self
    }

    /// The referral points earned by whoever played: a contest team acts every role; a
    /// trainee the roles they chose (the model's part earns them nothing).
    pub fn referral_earned(&self) -> f64 {
        referral_earned(&self.role, self.competition.is_some(), &self.referral)
    }

    pub fn mode(&self) -> RunMode {
        if self.competition.is_some() {
            RunMode::Competition
        } else {
            RunMode::Practice
        }
    }

    /// Score per role in this run, in the order the roles first decided.
    pub fn role_scores(&self) -> Vec<crate::competition::RoleScore> {
        let mut scores: Vec<crate::competition::RoleScore> = Vec::new();
        for d in &self.decisions {
            match scores.iter_mut().find(|s| s.role == d.role) {
                Some(s) => {
                    s.earned += d.earned;
                    s.max += d.max;
                }
                None => scores.push(crate::competition::RoleScore {
                    role: d.role,
                    earned: d.earned,
                    max: d.max,
                }),
            }
        }
        scores
    }
}

/// The points of `referral` that belong to the roles acted by whoever played (`role` is the
/// saved role choice, e.g. `all` or `Teller`; a contest turn acts every role).
pub fn referral_earned(role: &str, contest: bool, referral: &[(Role, f64)]) -> f64 {
    let played = crate::playthrough::RoleChoice::from_label(role);
    let sum: f64 = referral
        .iter()
        .filter(|(r, _)| contest || played.as_ref().is_some_and(|p| p.plays(*r)))
        .map(|(_, points)| points)
        .sum();
    crate::scoring::round1(sum)
}
