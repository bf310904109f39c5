//! The trainer's case review (案例点评): after a round of a contest, or over any group of runs of
//! one case, every decision of the case in reading order with the model answer and the rule
//! behind it, what each team or trainee chose there, the most common wrong choice, and the red
//! lines crossed and by whom.
//!
//! A run is read from its transcript: the answers it gave, in order. Every distinct answer is
//! scored again against the case as it is now, with one customer (the first run's seed), so
//! the words shown are the case's own and teams that chose the same line are counted together
//! even when their customers' names differed.

use serde::Serialize;

mod gather;

pub use gather::{Gathered, LeftOut, ReviewError, Which, build};

use crate::lang::Names;
use crate::playthrough::pick;
use crate::playthrough::{Event, Transcript};
use crate::scenario::Case;
use crate::scenario::ids::{RuleId, StepId};
use crate::scenario::model::{Grade, Role};
use crate::scoring::{Answer, DecisionScore, Dimension, score_decision};

/// A review as printed: one section per contest round, or one for the runs of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The contest's name, for a contest's review.
    pub competition: Option<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The contest round, from 1.
    pub round: Option<usize>,
    #[serde(flatten)]
    pub review: CaseReview,
}

/// One run to review: who played it and the answers it gave.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRun {
    /// A team, or a trainee; the caller makes these unique within one review.
    pub who: String,
    pub seed: u64,
    /// SHA-256 of the case text the run was played on (empty when unknown).
    pub case_hash: String,
    /// The trainee's answers in the order they were given (the model's are not in it).
    pub answers: Vec<(StepId, Answer)>,
}

impl ReviewRun {
    /// The answers a transcript records.
    pub fn from_transcript(who: &str, transcript: &Transcript, case_hash: &str) -> ReviewRun {
        let answers = transcript
            .events
            .iter()
            .filter_map(|event| match event {
                Event::Decision { step, answer, .. } => Some((step.clone(), answer.clone())),
                _ => None,
            })
            .collect();
        ReviewRun {
            who: who.to_owned(),
            seed: transcript.seed,
            case_hash: case_hash.to_owned(),
            answers,
        }
    }
}

/// The review of one case over a group of runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseReview {
    pub case_id: String,
    pub title: String,
    /// Who played, in the order given.
    pub runs: Vec<String>,
    /// Whose customer the texts show (the first run's), when the runs met different customers.
    pub customer_of: Option<String>,
    /// Runs played on another version of the case file: their answers are read against this one.
    pub other_version: Vec<String>,
    /// Runs with answers that no longer fit the case (a step or an option removed since):
    /// those answers are left out.
    pub unreadable: Vec<String>,
    pub decisions: Vec<DecisionReview>,
}

/// One decision of the case and what everybody chose there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionReview {
    /// 1 for the first decision reviewed.
    pub number: usize,
    pub step: StepId,
    pub role: Role,
    pub role_label: String,
    pub dimension: Dimension,
    pub dimension_label: String,
    /// The step's own words.
    pub prompt: String,
    pub model: ModelAnswer,
    /// Each distinct answer, the most chosen first.
    pub choices: Vec<Choice>,
    /// Index in `choices` of the most common answer that did not earn full marks.
    pub most_common_wrong: Option<usize>,
    /// The red lines crossed at this decision, with whom.
    pub red_lines: Vec<RedLineReview>,
    /// Runs that did not answer here (another branch, an earlier ending, or a role they did
    /// not play).
    pub not_reached: Vec<String>,
}

/// The model answer: the full-marks answer the case teaches, and the rule behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelAnswer {
    pub answer: String,
    pub rule: Option<RuleId>,
    pub rule_title: Option<String>,
}

/// One answer given at a decision, and who gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub answer: String,
    pub grade: Option<Grade>,
    pub grade_label: String,
    /// Full marks and no red line: as good as the model answer.
    pub full_marks: bool,
    pub earned: f64,
    pub max: f64,
    pub count: usize,
    pub who: Vec<String>,
    /// The rule this answer broke that the debrief cites, in words.
    pub rule_title: Option<String>,
    /// The titles of the red lines this answer crossed.
    pub red_lines: Vec<String>,
}

/// A red line crossed at a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedLineReview {
    pub rule: RuleId,
    pub title: String,
    pub who: Vec<String>,
}

/// Identification answers name cues and needs as a set: the order they were ticked in does
/// not make two answers different.
fn normalized(answer: &Answer) -> Answer {
    match answer {
        Answer::Identify { tier, cues, needs } => {
            let mut cues = cues.clone();
            let mut needs = needs.clone();
            cues.sort();
            needs.sort();
            Answer::Identify {
                tier: *tier,
                cues,
                needs,
            }
        }
        other => other.clone(),
    }
}

/// The answer short of full marks that most runs gave; among as many, the worse one (a red line
/// before a weak line, fewer points before more). None when two are alike on all of these:
/// flagging one of them would be a coin toss.
fn most_common_wrong(choices: &[Choice]) -> Option<usize> {
    let weight = |c: &Choice| {
        (
            c.count,
            c.grade,
            std::cmp::Reverse((c.earned * 10.0).round() as i64),
        )
    };
    let mut wrong: Vec<(usize, &Choice)> = choices
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.full_marks)
        .collect();
    wrong.sort_by_key(|(_, c)| std::cmp::Reverse(weight(c)));
    match wrong.as_slice() {
        [] => None,
        [(i, _)] => Some(*i),
        [(i, first), (_, second), ..] => (weight(first) != weight(second)).then_some(*i),
    }
}

/// Reviews `runs` of `case`, naming roles, dimensions and grades with `names` (the case's own
/// texts stay as written).
pub fn review(case: &Case, runs: &[ReviewRun], names: &Names) -> CaseReview {
    let seed = runs.first().map_or(0, |r| r.seed);
    let variant = case.variant(seed);
    let scenario = &case.scenario;
    // per decision step (its number in the graph): each distinct answer and who gave it
    let mut answered: Vec<Vec<(Answer, DecisionScore, Vec<String>)>> =
        vec![Vec::new(); case.graph.len()];
    let mut unreadable = Vec::new();
    for run in runs {
        // a step met twice (a loop back) counts with the answer given last
        let mut mine: Vec<(usize, Answer)> = Vec::new();
        let mut fits = true;
        for (step, answer) in &run.answers {
            let Some(at) = case.graph.position(step) else {
                fits = false;
                continue;
            };
            let answer = normalized(answer);
            match mine.iter_mut().find(|(a, _)| *a == at) {
                Some(slot) => slot.1 = answer,
                None => mine.push((at, answer)),
            }
        }
        for (at, answer) in mine {
            let slot = &mut answered[at];
            if let Some(entry) = slot.iter_mut().find(|(a, _, _)| *a == answer) {
                entry.2.push(run.who.clone());
                continue;
            }
            match score_decision(case, &variant, at, &answer) {
                Ok(score) => slot.push((answer, score, vec![run.who.clone()])),
                Err(_) => fits = false,
            }
        }
        if !fits {
            unreadable.push(run.who.clone());
        }
    }
    let rule_title = |rule: &RuleId| case.catalogue.rule(rule).map(|r| r.title.clone());
    let mut decisions = Vec::new();
    for (at, slot) in answered.into_iter().enumerate() {
        if slot.is_empty() {
            continue;
        }
        let step = case.graph.step(scenario, at);
        let role = case.graph.role(scenario, at);
        let model = score_decision(case, &variant, at, &pick::best(case, at)).ok();
        let mut choices: Vec<Choice> = slot
            .iter()
            .map(|(_, score, who)| {
                let full_marks = score.is_full_marks() && score.red_lines.is_empty();
                Choice {
                    answer: score.answer.clone(),
                    grade: score.grade,
                    grade_label: score
                        .grade
                        .map_or_else(String::new, |g| names.grade(g).to_owned()),
                    full_marks,
                    earned: crate::scoring::round1(score.earned),
                    max: score.max,
                    count: who.len(),
                    who: who.clone(),
                    rule_title: if full_marks {
                        None
                    } else {
                        score.rule.as_ref().and_then(rule_title)
                    },
                    red_lines: score
                        .red_lines
                        .iter()
                        .map(|r| rule_title(r).unwrap_or_else(|| r.to_string()))
                        .collect(),
                }
            })
            .collect();
        // the most chosen first; among equals the better answer first
        choices.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(b.full_marks.cmp(&a.full_marks))
                .then(a.grade.cmp(&b.grade))
        });
        let most_common_wrong = most_common_wrong(&choices);
        let mut red_lines: Vec<RedLineReview> = Vec::new();
        for (_, score, who) in &slot {
            for rule in &score.red_lines {
                match red_lines.iter_mut().find(|r| &r.rule == rule) {
                    Some(entry) => entry.who.extend(who.iter().cloned()),
                    None => red_lines.push(RedLineReview {
                        rule: rule.clone(),
                        title: rule_title(rule).unwrap_or_else(|| rule.to_string()),
                        who: who.clone(),
                    }),
                }
            }
        }
        for entry in &mut red_lines {
            entry
                .who
                .sort_by_key(|w| runs.iter().position(|r| &r.who == w));
        }
        let reached: Vec<&String> = slot.iter().flat_map(|(_, _, who)| who).collect();
        let not_reached = runs
            .iter()
            .filter(|r| !reached.contains(&&r.who))
            .map(|r| r.who.clone())
            .collect();
        let dimension = Dimension::of(step).unwrap_or(Dimension::Script);
        decisions.push(DecisionReview {
            number: decisions.len() + 1,
            step: step.id().clone(),
            role,
            role_label: names.role(role).to_owned(),
            dimension,
            dimension_label: names.dimension(dimension).to_owned(),
            prompt: model
                .as_ref()
                .map(|m| m.prompt.clone())
                .unwrap_or_else(|| slot[0].1.prompt.clone()),
            model: ModelAnswer {
                answer: model.as_ref().map(|m| m.answer.clone()).unwrap_or_default(),
                rule: model.as_ref().and_then(|m| m.rule.clone()),
                rule_title: model
                    .as_ref()
                    .and_then(|m| m.rule.as_ref())
                    .and_then(rule_title),
            },
            choices,
            most_common_wrong,
            red_lines,
            not_reached,
        });
    }
    let distinct_customers = runs.iter().any(|r| r.seed != seed);
    CaseReview {
        case_id: scenario.id.clone(),
        title: scenario.title.clone(),
        runs: runs.iter().map(|r| r.who.clone()).collect(),
        customer_of: distinct_customers
            .then(|| runs.first().map(|r| r.who.clone()))
            .flatten(),
        other_version: runs
            .iter()
            .filter(|r| {
                !r.case_hash.is_empty()
                    && !case.source_hash.is_empty()
                    && r.case_hash != case.source_hash
            })
            .map(|r| r.who.clone())
            .collect(),
        unreadable,
        decisions,
    }
}
