//! The group drill around a contest turn (004's 分组演练): the preparation and performance
//! timers a projector shows, and the observers' checklists that score a performance.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{CommentError, MAX_PERSON_NAME_CHARS, NameError, checked_comment, checked_name};
use crate::scenario::catalogue::{MAX_MARK, ObserverChecklist};

/// The default time a team prepares a scene: 4 minutes, as in the seeds' drills.
pub const DEFAULT_PREPARATION_SECS: u32 = 240;
/// The default time a team performs: 2 minutes.
pub const DEFAULT_PERFORMANCE_SECS: u32 = 120;
/// The longest either timer may run: an hour is a mistake already.
pub const MAX_TIMER_SECS: u32 = 3600;

/// How long a team prepares and then performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillTimers {
    #[serde(default = "default_preparation")]
    pub preparation_secs: u32,
    #[serde(default = "default_performance")]
    pub performance_secs: u32,
}

fn default_preparation() -> u32 {
    DEFAULT_PREPARATION_SECS
}

fn default_performance() -> u32 {
    DEFAULT_PERFORMANCE_SECS
}

impl Default for DrillTimers {
    fn default() -> Self {
        DrillTimers {
            preparation_secs: DEFAULT_PREPARATION_SECS,
            performance_secs: DEFAULT_PERFORMANCE_SECS,
        }
    }
}

/// Which timer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrillPhase {
    /// The team discusses the scene (准备).
    Preparation,
    /// The team acts it (表演).
    Performance,
}

/// What a timer shows at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrillClock {
    pub phase: DrillPhase,
    /// Time left in this phase (zero once it is up).
    pub remaining: Duration,
    /// Whether this phase's time has run out: the alarm shows.
    pub time_up: bool,
    /// How far past the end of the phase `now` is (zero while time is left).
    pub over: Duration,
}

impl DrillTimers {
    pub fn preparation(&self) -> Duration {
        Duration::from_secs(u64::from(self.preparation_secs))
    }

    pub fn performance(&self) -> Duration {
        Duration::from_secs(u64::from(self.performance_secs))
    }

    /// The drill as one sequence started at `start`: preparation, then the performance right
    /// after it; time is up once the performance's time has run out. A preparation of 0
    /// seconds starts with the performance.
    pub fn clock(&self, start: Instant, now: Instant) -> DrillClock {
        let elapsed = now.saturating_duration_since(start);
        if elapsed < self.preparation() {
            return DrillClock {
                phase: DrillPhase::Preparation,
                remaining: self.preparation() - elapsed,
                time_up: false,
                over: Duration::ZERO,
            };
        }
        self.phase_clock(DrillPhase::Performance, start + self.preparation(), now)
    }

    /// One phase timed on its own, started at `start` (the trainer starts the performance
    /// when the team is ready, not when the preparation ends).
    pub fn phase_clock(&self, phase: DrillPhase, start: Instant, now: Instant) -> DrillClock {
        let length = match phase {
            DrillPhase::Preparation => self.preparation(),
            DrillPhase::Performance => self.performance(),
        };
        let elapsed = now.saturating_duration_since(start);
        DrillClock {
            phase,
            remaining: length.saturating_sub(elapsed),
            time_up: elapsed >= length,
            over: elapsed.saturating_sub(length),
        }
    }

    /// Why these durations cannot be used, if they cannot: a performance of no time, or
    /// either timer longer than an hour.
    pub fn check(&self) -> Result<(), TimerError> {
        if self.performance_secs == 0 {
            return Err(TimerError::NoPerformance);
        }
        if self.preparation_secs > MAX_TIMER_SECS || self.performance_secs > MAX_TIMER_SECS {
            return Err(TimerError::TooLong {
                max: MAX_TIMER_SECS,
            });
        }
        Ok(())
    }
}

/// Why a setup's timers cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerError {
    NoPerformance,
    TooLong { max: u32 },
}

impl std::fmt::Display for TimerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimerError::NoPerformance => write!(f, "the performance needs some time"),
            TimerError::TooLong { max } => write!(f, "a timer runs at most {max} seconds"),
        }
    }
}

/// `m:ss` for a timer on the projector: 4:00, 0:07.
pub fn clock_text(time: Duration) -> String {
    let secs = time.as_secs() + u64::from(time.subsec_nanos() > 0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// One item of an observer's sheet: the mark (0–2) and an optional comment. The titles are
/// kept as shown when the sheet was filled in, so a sheet reads the same after the case or
/// `rules.ron` changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistMark {
    /// The item's key in the checklist (never shown).
    pub item: String,
    pub title: String,
    #[serde(default)]
    pub title_en: String,
    pub mark: u8,
    #[serde(default)]
    pub comment: String,
}

impl ChecklistMark {
    pub fn title_in(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::En if !self.title_en.is_empty() => &self.title_en,
            _ => &self.title,
        }
    }
}

/// One observer's checklist for one team's turn, and the points it is worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObserverSheet {
    pub team: usize,
    pub round: usize,
    pub observer: String,
    pub marks: Vec<ChecklistMark>,
    /// The checklist's points per mark × the sum of the marks, fixed when it was entered.
    pub points: f64,
}

/// The observers' sheets of one turn and the points they give it: the mean of their totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnObservation {
    pub round: usize,
    pub sheets: Vec<ObserverSheet>,
    /// The mean of the sheets' points, rounded to a tenth.
    pub points: f64,
}

/// The mean of the observers' totals, rounded to a tenth (0 without a sheet).
pub fn observer_mean(sheets: &[ObserverSheet]) -> f64 {
    if sheets.is_empty() {
        return 0.0;
    }
    // (a float sum of nothing is -0.0, which prints as such)
    let sum = sheets.iter().map(|s| s.points).fold(0.0, |a, b| a + b);
    crate::scoring::round1(sum / sheets.len() as f64)
}

/// Why a sheet cannot be recorded. `item` counts the checklist's items from 0; whoever words
/// the error names the item by its title in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    Observer(NameError),
    /// A mark above [`MAX_MARK`].
    Mark {
        item: usize,
        mark: u8,
    },
    /// An item marked twice.
    Twice {
        item: usize,
    },
    /// Items left without a mark: every observer marks every item, so totals compare.
    Missing {
        items: Vec<usize>,
    },
    Comment {
        item: usize,
        error: CommentError,
    },
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Observer(e) => write!(f, "the observer's name: {e}"),
            SheetError::Mark { item, mark } => {
                write!(f, "item {} is marked {mark}, at most {MAX_MARK}", item + 1)
            }
            SheetError::Twice { item } => write!(f, "item {} is marked twice", item + 1),
            SheetError::Missing { items } => {
                let items: Vec<String> = items.iter().map(|i| (i + 1).to_string()).collect();
                write!(f, "items without a mark: {}", items.join(", "))
            }
            SheetError::Comment { item, error } => {
                write!(f, "the comment on item {}: {error}", item + 1)
            }
        }
    }
}

impl std::error::Error for SheetError {}

impl ObserverSheet {
    /// A sheet filled in against `checklist`: `marks` are (item number from 0, mark,
    /// comment) in any order; every item must be marked once, 0–2, comments within the
    /// comment limits.
    pub fn fill(
        checklist: &ObserverChecklist,
        team: usize,
        round: usize,
        observer: &str,
        marks: &[(usize, u8, String)],
    ) -> Result<ObserverSheet, SheetError> {
        let observer = checked_name(observer, MAX_PERSON_NAME_CHARS)
            .map_err(SheetError::Observer)?
            .to_owned();
        let mut filled = Vec::with_capacity(checklist.items.len());
        let mut missing = Vec::new();
        for (i, item) in checklist.items.iter().enumerate() {
            let mut given = marks.iter().filter(|(at, ..)| *at == i);
            let Some((_, mark, comment)) = given.next() else {
                missing.push(i);
                continue;
            };
            if given.next().is_some() {
                return Err(SheetError::Twice { item: i });
            }
            if *mark > MAX_MARK {
                return Err(SheetError::Mark {
                    item: i,
                    mark: *mark,
                });
            }
            let comment =
                checked_comment(comment).map_err(|error| SheetError::Comment { item: i, error })?;
            filled.push(ChecklistMark {
                item: item.id.clone(),
                title: item.title.clone(),
                title_en: item.title_en.clone(),
                mark: *mark,
                comment: comment.to_owned(),
            });
        }
        if !missing.is_empty() {
            return Err(SheetError::Missing { items: missing });
        }
        Ok(ObserverSheet {
            team,
            round,
            points: checklist.points(filled.iter().map(|m| m.mark)),
            observer,
            marks: filled,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_runs_preparation_then_performance_then_time_is_up() {
        let timers = DrillTimers::default();
        let start = Instant::now();
        let at = |secs| timers.clock(start, start + Duration::from_secs(secs));
        assert_eq!(at(0).phase, DrillPhase::Preparation);
        assert_eq!(at(0).remaining, Duration::from_secs(240));
        assert_eq!(at(239).remaining, Duration::from_secs(1));
        assert_eq!(at(240).phase, DrillPhase::Performance);
        assert_eq!(at(300).remaining, Duration::from_secs(60));
        assert!(!at(359).time_up);
        assert!(at(360).time_up);
        assert_eq!(at(375).over, Duration::from_secs(15));
        assert_eq!(clock_text(Duration::from_secs(240)), "4:00");
        assert_eq!(clock_text(Duration::from_millis(6_200)), "0:07");
    }
}
