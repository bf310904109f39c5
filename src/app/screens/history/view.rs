//! What the history screen shows, read from the store once on entering it, and the sizes its
//! parts share.

use std::sync::Arc;

use bevy::prelude::*;

use crate::app::library::Library;
use crate::app::storage::{Storage, StorageProblem};
use crate::progress::{History, dimension_share};
use crate::store::{RunFilter, RunSummary};

/// Runs in the trend chart.
pub(super) const CHART_RUNS: usize = 15;
/// Runs in the table.
pub(super) const TABLE_RUNS: usize = 12;
/// Rules in the 错题集.
pub(super) const MISSED_RULES: usize = 8;
pub(super) const CHART_HEIGHT: f32 = 150.0;
/// The trend panel's largest height, bars included.
pub(super) const CHART_MAX_HEIGHT: f32 = 420.0;
/// The width of the chart's 0/50/100 scale.
pub(super) const SCALE_WIDTH: f32 = 36.0;
pub(super) const FONT_TINY: f32 = 13.0;
/// The chart's faint 50 and 100 lines.
pub(super) const GRID: Color = Color::srgb(0.918, 0.929, 0.945);

/// Widths of the table's fixed columns; the case title takes the rest.
pub(super) const COL_TIME: f32 = 104.0;
pub(super) const COL_ROLE: f32 = 120.0;
pub(super) const COL_TOTAL: f32 = 52.0;
pub(super) const COL_RESULT: f32 = 100.0;
pub(super) const COL_RED: f32 = 64.0;
pub(super) const COL_POINTS: f32 = 64.0;

/// What the screen shows, read from the store once on entering it.
#[derive(Resource, Debug, Clone)]
pub struct HistoryView {
    pub trainee: String,
    /// `None` when there is no store or it could not be read.
    pub history: Option<History>,
    /// Why there is no history.
    pub problem: Option<StorageProblem>,
    /// Share of the suggested case's points in the suggested dimension (0–1).
    pub suggestion_share: Option<f64>,
}

impl HistoryView {
    /// Builds the signed-in trainee's history from the store and the library's playable cases.
    pub fn read(storage: &Storage, library: &Library) -> HistoryView {
        let trainee = storage.trainee_name().trim().to_owned();
        let cases = library.playable();
        let read = storage.with(|store| {
            let filter = RunFilter {
                trainee: Some(trainee.clone()),
                competition: None,
            };
            store.runs(&filter).and_then(|runs| {
                Ok((
                    runs,
                    store.broken_rules(&trainee)?,
                    store.member_turns(&trainee)?,
                ))
            })
        });
        let (history, problem) = match read {
            Some(Ok((runs, broken, turns))) => {
                let catalogue = library.catalogue();
                let history = History::build(&trainee, runs, broken, &catalogue, &cases)
                    .with_contest_turns(turns);
                (Some(history), None)
            }
            Some(Err(e)) => (None, Some(StorageProblem::Failed(Arc::new(e)))),
            None => (None, storage.problem.clone()),
        };
        let suggestion_share = history
            .as_ref()
            .and_then(|h| h.suggestion.as_ref())
            .and_then(|s| {
                cases
                    .iter()
                    .find(|c| c.scenario.id == s.case_id)
                    .map(|c| dimension_share(c, s.dimension))
            });
        HistoryView {
            trainee,
            history,
            problem,
            suggestion_share,
        }
    }
}

pub(super) fn local_time(run: &RunSummary, format: &str) -> String {
    run.finished_at
        .with_timezone(&chrono::Local)
        .format(format)
        .to_string()
}
