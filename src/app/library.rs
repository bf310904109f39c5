//! The case library: every case file of the cases folder, valid or broken, reloaded when a
//! file changes.

use std::sync::Arc;

use bevy::prelude::*;

use crate::app::options::AppOptions;
use crate::app::screen::SelectedCase;
use crate::scenario::catalogue::Catalogue;
use crate::scenario::{Case, CaseReport, validate_paths};

/// The cases folder as last read: one report per file, broken ones included.
#[derive(Resource, Debug, Default)]
pub struct Library {
    pub reports: Vec<CaseReport>,
    /// Bumped on every reload, so screens know to redraw.
    pub generation: u64,
}

impl Library {
    /// Reads the folder again with the core's validator.
    pub fn reload(&mut self, options: &AppOptions) {
        let mut reports = validate_paths(std::slice::from_ref(&options.cases_dir));
        // the catalogue is shown only when it is broken: it is not a case
        reports.retain(|r| r.path.file_name().is_none_or(|n| n != "rules.ron") || r.has_errors());
        reports.sort_by_key(|r| {
            let case = r.case.as_ref();
            (
                case.is_none(),
                case.map(|c| c.scenario.difficulty as u8),
                case.map(|c| c.scenario.title.clone()),
                r.path.clone(),
            )
        });
        self.reports = reports;
        self.generation += 1;
    }

    /// The case picked in the library, as the library holds it now (it may have been removed
    /// or broken since).
    pub fn selected(&self, selected: &SelectedCase) -> Option<Arc<Case>> {
        self.case(selected.0.as_deref()?)
    }

    /// Every playable case, in library order.
    pub fn playable(&self) -> Vec<Arc<Case>> {
        self.reports.iter().filter_map(|r| r.case.clone()).collect()
    }

    /// The rules catalogue the cases were checked against (the bundled one when no case
    /// loads): rule titles, referral points, the observers' checklist.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.reports
            .iter()
            .find_map(|r| r.case.as_ref())
            .map_or_else(crate::scenario::bundled_catalogue, |c| {
                Arc::clone(&c.catalogue)
            })
    }

    /// The playable case with this id, as currently on disk.
    pub fn case(&self, id: &str) -> Option<Arc<Case>> {
        self.reports
            .iter()
            .filter_map(|r| r.case.as_ref())
            .find(|c| c.scenario.id == id)
            .cloned()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Library>()
        .add_systems(Startup, load_library);
}

fn load_library(mut library: ResMut<Library>, options: Res<AppOptions>) {
    library.reload(&options);
}
