//! Property test: random paths through every case always end, stay within 0–100, fail on a red
//! line, and replay to the same debrief from their saved transcript.

use crate::common;

use std::sync::Arc;

use liandong::playthrough::pick::{Strategy as Pick, autoplay_with};
use liandong::playthrough::{Playthrough, RoleChoice, Transcript};
use liandong::scenario::model::Role;
use proptest::prelude::*;

fn roles() -> impl Strategy<Value = RoleChoice> {
    prop_oneof![
        Just(RoleChoice::All),
        Just(RoleChoice::Only(vec![
            Role::Teller,
            Role::OpenCounterTeller
        ])),
        Just(RoleChoice::Only(vec![Role::LobbyManager])),
        Just(RoleChoice::Only(vec![Role::WealthManager])),
        Just(RoleChoice::Only(vec![Role::CorporateManager])),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_paths_end_score_in_range_and_replay_identically(seed in 0u64..10_000, answers in any::<u64>(), role in roles()) {
        for case in common::all_playable_cases() {
            let Ok(playthrough) = autoplay_with(&case, seed, Pick::Random, role.clone(), answers) else {
                // the case has no stage for this role
                prop_assert!(!case.scenario.stages.iter().any(|s| role.plays(s.role)));
                continue;
            };
            prop_assert!(playthrough.is_finished());
            let debrief = playthrough.debrief();
            prop_assert!((0.0..=100.0).contains(&debrief.total), "total {}", debrief.total);
            for score in [debrief.dimensions.identification, debrief.dimensions.script, debrief.dimensions.handoff].into_iter().flatten() {
                prop_assert!((0.0..=100.0).contains(&score));
            }
            for decision in &debrief.decisions {
                prop_assert!(decision.earned >= 0.0 && decision.earned <= decision.max);
            }
            if !debrief.red_lines.is_empty() {
                prop_assert!(!debrief.passed);
            }
            let saved = playthrough.transcript().to_ron();
            let transcript = Transcript::from_ron(&saved).expect("a saved transcript reads back");
            prop_assert_eq!(&transcript, playthrough.transcript());
            let replayed = Playthrough::replay(Arc::clone(&case), &transcript, role.clone()).expect("replay fits the case");
            prop_assert_eq!(replayed.debrief(), debrief);
        }
    }
}
