//! The step graph: steps in reading order across stages, and where each one can lead.

use std::collections::HashMap;

use super::ids::StepId;
use super::model::{Role, Scenario, Step};

/// A step's place: its stage and its index within that stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StepRef {
    pub stage: usize,
    pub index: usize,
}

/// Where a step leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Step(usize),
    /// The case is over.
    Finish,
}

/// Steps numbered in reading order (stage by stage), with an id index.
#[derive(Debug, Clone)]
pub struct StepGraph {
    pub order: Vec<StepRef>,
    index: HashMap<StepId, usize>,
}

impl StepGraph {
    /// Numbers the steps; with duplicate ids the first one wins (the validator reports the rest).
    pub fn build(scenario: &Scenario) -> StepGraph {
        let mut order = Vec::new();
        let mut index = HashMap::new();
        for (stage, s) in scenario.stages.iter().enumerate() {
            for (i, step) in s.steps.iter().enumerate() {
                index.entry(step.id().clone()).or_insert(order.len());
                order.push(StepRef { stage, index: i });
            }
        }
        StepGraph { order, index }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn position(&self, id: &StepId) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn step<'s>(&self, scenario: &'s Scenario, at: usize) -> &'s Step {
        let r = self.order[at];
        &scenario.stages[r.stage].steps[r.index]
    }

    pub fn role(&self, scenario: &Scenario, at: usize) -> Role {
        scenario.stages[self.order[at].stage].role
    }

    /// Where `next` leads from the step at `at`: the named step, or the one after it.
    /// `None` when `next` names no step.
    pub fn resolve(&self, at: usize, next: Option<&StepId>) -> Option<Target> {
        match next {
            Some(id) => self.position(id).map(Target::Step),
            None if at + 1 < self.order.len() => Some(Target::Step(at + 1)),
            None => Some(Target::Finish),
        }
    }

    /// Every place the step at `at` can lead, in the order the file names them; unknown ids are
    /// left out (the validator reports them).
    pub fn successors(&self, scenario: &Scenario, at: usize) -> Vec<Target> {
        let step = self.step(scenario, at);
        let nexts: Vec<Option<&StepId>> = match step {
            Step::End(e) => match &e.next {
                // the customer has left; the story goes on with the steps after the handoff
                Some(next) => vec![Some(next)],
                None => return vec![Target::Finish],
            },
            Step::Branch(b) => b
                .cases
                .iter()
                .map(|c| Some(&c.next))
                .chain(std::iter::once(Some(&b.otherwise)))
                .collect(),
            Step::Script(s) | Step::MorningMeeting(s) => s
                .options
                .iter()
                .map(|o| o.next.as_ref().or(s.next.as_ref()))
                .collect(),
            other => vec![other.explicit_next()],
        };
        let mut targets = Vec::new();
        for next in nexts {
            if let Some(t) = self.resolve(at, next)
                && !targets.contains(&t)
            {
                targets.push(t);
            }
        }
        targets
    }
}
