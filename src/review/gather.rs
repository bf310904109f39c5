//! Gathering the runs a review covers from the store: a contest's turns round by round, or the
//! runs of one case (one trainee's, since a time), each read back from its transcript.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Report, ReviewRun, Section, review};
use crate::lang::Names;
use crate::playthrough::Transcript;
use crate::scenario::Case;
use crate::store::{RunFilter, RunMode, RunSummary, Store, StoreError};

/// Which runs to review.
#[derive(Debug, Clone)]
pub enum Which {
    /// Every played turn of a contest, round by round.
    Competition(String),
    /// Every run of a case, optionally one trainee's, optionally since a time.
    Case {
        id: String,
        trainee: Option<String>,
        since: Option<DateTime<Utc>>,
    },
}

/// Why there is nothing to review.
#[derive(Debug)]
pub enum ReviewError {
    /// The case is not in the library (or is broken).
    NoCase {
        id: String,
    },
    /// No run of the case (by this trainee) is stored.
    NoRuns {
        case: String,
        trainee: Option<String>,
    },
    /// No contest of this name is stored.
    NoContest {
        name: String,
    },
    /// The contest has not played a turn yet.
    NothingPlayed {
        name: String,
    },
    Store(StoreError),
}

impl From<StoreError> for ReviewError {
    fn from(e: StoreError) -> Self {
        ReviewError::Store(e)
    }
}

/// Runs that a review leaves out, and why (worth telling the trainer, not worth failing for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOut {
    /// The round's case is not in the library (or has an error): the round has no review.
    RoundCaseMissing { round: usize, case_id: String },
    /// The run's transcript cannot be read: it is not counted.
    UnreadableRun { who: String },
}

/// A review and what it had to leave out.
#[derive(Debug, Clone)]
pub struct Gathered {
    pub report: Report,
    pub left_out: Vec<LeftOut>,
}

/// The review of the runs asked for, or why there is nothing to review.
pub fn build(
    store: &Store,
    cases: &[Arc<Case>],
    which: &Which,
    names: &Names,
) -> Result<Gathered, ReviewError> {
    let mut left_out = Vec::new();
    match which {
        Which::Competition(name) => {
            let report = contest(store, cases, name.trim(), names, &mut left_out)?;
            Ok(Gathered { report, left_out })
        }
        Which::Case { id, trainee, since } => {
            let case = cases
                .iter()
                .find(|c| &c.scenario.id == id)
                .ok_or_else(|| ReviewError::NoCase { id: id.clone() })?;
            let trainee = trainee.as_deref().map(str::trim);
            let runs: Vec<RunSummary> = store
                .runs(&RunFilter {
                    trainee: trainee.map(str::to_owned),
                    competition: None,
                })?
                .into_iter()
                .filter(|r| &r.case_id == id && since.is_none_or(|t| r.finished_at >= t))
                .collect();
            if runs.is_empty() {
                return Err(ReviewError::NoRuns {
                    case: case.scenario.title.clone(),
                    trainee: trainee.map(str::to_owned),
                });
            }
            let labels = unique_labels(&runs);
            let reviewed = reviewed_runs(store, &runs, &labels, &mut left_out)?;
            let report = Report {
                competition: None,
                sections: vec![Section {
                    round: None,
                    review: review(case, &reviewed, names),
                }],
            };
            Ok(Gathered { report, left_out })
        }
    }
}

fn contest(
    store: &Store,
    cases: &[Arc<Case>],
    name: &str,
    names: &Names,
    left_out: &mut Vec<LeftOut>,
) -> Result<Report, ReviewError> {
    let info = store
        .competition(name)?
        .ok_or_else(|| ReviewError::NoContest {
            name: name.to_owned(),
        })?;
    let runs = store.runs(&RunFilter {
        trainee: None,
        competition: Some(name.to_owned()),
    })?;
    let mut sections = Vec::new();
    // one section per round and scene: with a scene per team, a round plays several cases
    for (round, scenes) in info.setup.scene_table().iter().enumerate() {
        let mut reviewed_scenes: Vec<&String> = Vec::new();
        for case_id in scenes {
            if reviewed_scenes.contains(&case_id) {
                continue;
            }
            reviewed_scenes.push(case_id);
            let mut played: Vec<RunSummary> = runs
                .iter()
                .filter(|r| r.turn.is_some_and(|t| t.round == round) && &r.case_id == case_id)
                .cloned()
                .collect();
            if played.is_empty() {
                continue;
            }
            played.sort_by_key(|r| r.turn.map(|t| t.team));
            let Some(case) = cases.iter().find(|c| &c.scenario.id == case_id) else {
                left_out.push(LeftOut::RoundCaseMissing {
                    round: round + 1,
                    case_id: case_id.clone(),
                });
                continue;
            };
            let labels: Vec<String> = played.iter().map(|r| r.trainee.clone()).collect();
            let reviewed = reviewed_runs(store, &played, &labels, left_out)?;
            sections.push(Section {
                round: Some(round + 1),
                review: review(case, &reviewed, names),
            });
        }
    }
    if sections.is_empty() {
        return Err(ReviewError::NothingPlayed {
            name: name.to_owned(),
        });
    }
    Ok(Report {
        competition: Some(info.setup.name.clone()),
        sections,
    })
}

/// Each run with its answers, read from its saved transcript; a transcript that cannot be
/// read gives a run with no answers (the review lists it as not fitting).
fn reviewed_runs(
    store: &Store,
    runs: &[RunSummary],
    labels: &[String],
    left_out: &mut Vec<LeftOut>,
) -> Result<Vec<ReviewRun>, StoreError> {
    let mut reviewed = Vec::with_capacity(runs.len());
    for (run, who) in runs.iter().zip(labels) {
        let text = store.transcript(run.id)?;
        match text.as_deref().map(Transcript::from_ron) {
            Some(Ok(transcript)) => {
                reviewed.push(ReviewRun::from_transcript(who, &transcript, &run.case_hash));
            }
            _ => left_out.push(LeftOut::UnreadableRun { who: who.clone() }),
        }
    }
    Ok(reviewed)
}

/// Names people can tell apart: the trainee (a contest turn: the team and the contest), with
/// the local time when the same name played more than once.
fn unique_labels(runs: &[RunSummary]) -> Vec<String> {
    let base: Vec<String> = runs
        .iter()
        .map(|r| match (&r.mode, &r.competition) {
            (RunMode::Competition, Some(contest)) => format!("{}（{contest}）", r.trainee),
            _ => r.trainee.clone(),
        })
        .collect();
    let mut labels: Vec<String> = base
        .iter()
        .zip(runs)
        .map(|(name, run)| {
            if base.iter().filter(|b| *b == name).count() > 1 {
                format!(
                    "{name} {}",
                    run.finished_at
                        .with_timezone(&chrono::Local)
                        .format("%m-%d %H:%M")
                )
            } else {
                name.clone()
            }
        })
        .collect();
    // two runs in the same minute: number them
    for i in 0..labels.len() {
        let same: Vec<usize> = (i..labels.len())
            .filter(|j| labels[*j] == labels[i])
            .collect();
        if same.len() > 1 {
            for (n, j) in same.into_iter().enumerate() {
                labels[j] = format!("{} #{}", labels[j], n + 1);
            }
        }
    }
    labels
}
