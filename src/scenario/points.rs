//! Points an option earns and which option is the model answer: shared by the validator
//! (can full marks be reached?) and by scoring, so both always agree.

use super::catalogue::Catalogue;
use super::model::{Grade, ScriptOption};

/// Points an option earns: its own `points` (capped at the step's), or its grade's share of
/// the step's points. A red-line option earns nothing.
pub fn option_points(catalogue: &Catalogue, step_points: u32, option: &ScriptOption) -> f64 {
    match option.points {
        _ if option.grade == Grade::RedLine => 0.0,
        Some(points) => f64::from(points.min(step_points)),
        None => f64::from(step_points) * catalogue.grades.share(option.grade),
    }
}

/// The model answer among options: the first with the most points, never a red line.
pub fn best_option(
    catalogue: &Catalogue,
    step_points: u32,
    options: &[ScriptOption],
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, option) in options.iter().enumerate() {
        if option.grade == Grade::RedLine {
            continue;
        }
        let points = option_points(catalogue, step_points, option);
        if best.is_none_or(|(_, top)| points > top) {
            best = Some((i, points));
        }
    }
    best.map(|(i, _)| i)
}

/// Whether the option earns all of the step's points.
pub fn is_full_marks(catalogue: &Catalogue, step_points: u32, option: &ScriptOption) -> bool {
    option_points(catalogue, step_points, option) >= f64::from(step_points) - 1e-9
}
