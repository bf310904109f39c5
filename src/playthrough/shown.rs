//! What a decision shows for a seed: its prompt and every list of choices in the order they are
//! shown. The app's decision panel, its number keys, `liandong play` and the autopilot all read
//! this one function, so a seed shows the same customer the same way everywhere.
//!
//! Choices are shuffled per seed so a trainee cannot learn "the answer is always the first
//! one"; the value tiers are a ladder and keep their order.

use crate::scenario::model::{CardField, Role, Step, Tier};
use crate::scenario::{Case, Variant};
use crate::scoring::Answer;

/// One choice as shown: `index` is its position in the step's own list in the case file (the
/// script's options, the step's cues or needs, a card field's choices, the route, the handoff's
/// actions), `text` its words for this customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub index: usize,
    pub text: String,
}

/// One field of the referral card (or column of a follow-up form) and its choices, in the
/// order shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownField {
    pub field: CardField,
    pub choices: Vec<Choice>,
}

/// The lists of a decision, each in the order shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choices {
    /// The lines to choose one from (number keys 1–5 pick by position).
    Script { lines: Vec<Choice> },
    /// The value tiers (empty when the step does not ask), the cues and the needs.
    Identify {
        tiers: Vec<Tier>,
        cues: Vec<Choice>,
        needs: Vec<Choice>,
    },
    /// The card's fields in the case's order, each with its choices, then where the card goes.
    Card {
        fields: Vec<ShownField>,
        route: Vec<Choice>,
    },
    /// The pool of actions to put in order.
    Handoff { actions: Vec<Choice> },
    /// A follow-up form's row (the tracking sheet, the referral record): its columns in the
    /// case's order, each with its entries; shown like the card's fields, without a route.
    Form { fields: Vec<ShownField> },
}

/// What the decision at one step shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The step's number in the case graph.
    pub at: usize,
    /// The role that answers it.
    pub role: Role,
    /// The step's question, rendered for this customer.
    pub prompt: String,
    pub choices: Choices,
}

impl Shown {
    /// The answer of choosing the script line shown at `position` (0-based).
    pub fn line_at(&self, position: usize) -> Option<Answer> {
        match &self.choices {
            Choices::Script { lines } => lines.get(position).map(|c| Answer::Line(c.index)),
            _ => None,
        }
    }
}

/// What the step at `at` shows for this variant's seed; `None` for a step the trainee does not
/// answer (narration, a branch, an ending).
pub fn shown(case: &Case, variant: &Variant, at: usize) -> Option<Shown> {
    let scenario = &case.scenario;
    let step = case.graph.step(scenario, at);
    let seed = variant.seed;
    let id = step.id().as_str();
    let texts = |salt: &str, texts: Vec<String>| -> Vec<Choice> {
        let mut texts: Vec<Option<String>> = texts.into_iter().map(Some).collect();
        display_order(seed, salt, texts.len())
            .into_iter()
            .map(|index| Choice {
                index,
                text: texts[index].take().unwrap_or_default(),
            })
            .collect()
    };
    let (prompt, choices) = match step {
        // the morning meeting is chosen like a script: one line among several
        Step::Script(s) | Step::MorningMeeting(s) => (
            &s.prompt,
            Choices::Script {
                lines: texts(
                    id,
                    s.options.iter().map(|o| variant.render(&o.text)).collect(),
                ),
            },
        ),
        Step::Identify(s) => {
            let customer = &scenario.customer;
            let cues = s
                .cues
                .iter()
                .map(|cue| {
                    let found = customer.cues.iter().find(|c| &c.id == cue);
                    found.map(|c| variant.render(&c.text)).unwrap_or_default()
                })
                .collect();
            let needs = s
                .needs
                .iter()
                .map(|need| {
                    let found = customer.needs.iter().find(|n| &n.id == need);
                    found.map(|n| variant.render(&n.text)).unwrap_or_default()
                })
                .collect();
            (
                &s.prompt,
                Choices::Identify {
                    tiers: if s.tier {
                        Tier::ALL.to_vec()
                    } else {
                        Vec::new()
                    },
                    cues: texts(&format!("{id}:cues"), cues),
                    needs: texts(&format!("{id}:needs"), needs),
                },
            )
        }
        Step::ReferralCard(c) => {
            let fields = c
                .fields
                .iter()
                .map(|f| ShownField {
                    field: f.field,
                    choices: texts(
                        &format!("{id}:{:?}", f.field),
                        f.choices.iter().map(|x| variant.render(&x.text)).collect(),
                    ),
                })
                .collect();
            let route = texts(
                &format!("{id}:route"),
                c.route.iter().map(|o| variant.render(&o.text)).collect(),
            );
            (&c.prompt, Choices::Card { fields, route })
        }
        Step::Handoff(h) => (
            &h.prompt,
            Choices::Handoff {
                actions: texts(
                    id,
                    h.actions.iter().map(|a| variant.render(&a.text)).collect(),
                ),
            },
        ),
        Step::TrackingSheet(f) | Step::ReferralRecord(f) => {
            let fields = f
                .fields
                .iter()
                .map(|field| ShownField {
                    field: field.field,
                    choices: texts(
                        &format!("{id}:{:?}", field.field),
                        field
                            .choices
                            .iter()
                            .map(|x| variant.render(&x.text))
                            .collect(),
                    ),
                })
                .collect();
            (&f.prompt, Choices::Form { fields })
        }
        Step::Narration(_) | Step::Branch(_) | Step::End(_) => return None,
    };
    Some(Shown {
        at,
        role: case.graph.role(scenario, at),
        prompt: variant.render(prompt),
        choices,
    })
}

/// The order in which a list of `count` choices is shown for this seed: index `i` of the
/// result is the file index of the choice shown in position `i`. Private, so that nothing
/// shows a list in an order of its own.
fn display_order(seed: u64, salt: &str, count: usize) -> Vec<usize> {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    // FNV-1a: a stable hash of the salt, whatever the Rust version
    let hash = salt.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed ^ hash);
    let mut order: Vec<usize> = (0..count).collect();
    order.shuffle(&mut rng);
    order
}
