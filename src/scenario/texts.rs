//! Every text of a case with its path, for the checks that look at all of them
//! (placeholders, length limits).

use super::locate::ValuePath;
use super::model::{Scenario, ScriptOption, Step};

/// Calls `visit` with each text of the scenario and where it sits.
pub fn for_each_text(scenario: &Scenario, mut visit: impl FnMut(ValuePath, &str)) {
    let root = ValuePath::root();
    visit(root.at("title"), &scenario.title);
    visit(root.at("summary"), &scenario.summary);
    let customer = root.at("customer");
    visit(customer.at("occupation"), &scenario.customer.occupation);
    for (i, text) in scenario.customer.arrival.iter().enumerate() {
        visit(customer.at("arrival").at(i), text);
    }
    let system = customer.at("system");
    visit(system.at("card"), &scenario.customer.system.card);
    for (i, text) in scenario.customer.system.transactions.iter().enumerate() {
        visit(system.at("transactions").at(i), text);
    }
    for (i, cue) in scenario.customer.cues.iter().enumerate() {
        let at = customer.at("cues").at(i);
        visit(at.at("text"), &cue.text);
        visit(at.at("why"), &cue.why);
    }
    for (i, need) in scenario.customer.needs.iter().enumerate() {
        let at = customer.at("needs").at(i);
        visit(at.at("text"), &need.text);
        visit(at.at("why"), &need.why);
    }
    if let Some(company) = &scenario.customer.company {
        let at = customer.at("company");
        visit(at.at("industry"), &company.industry);
        for (i, text) in company.accounts.iter().enumerate() {
            visit(at.at("accounts").at(i), text);
        }
        visit(at.at("person"), &company.person);
        visit(at.at("tier_note"), &company.tier_note);
    }
    for (i, member) in scenario.staff.iter().enumerate() {
        visit(
            root.at("staff").at(i).at("credentials"),
            &member.credentials,
        );
    }
    for (s, stage) in scenario.stages.iter().enumerate() {
        let stage_path = root.at("stages").at(s);
        visit(stage_path.at("title"), &stage.title);
        for (k, step) in stage.steps.iter().enumerate() {
            step_texts(step, stage_path.at("steps").at(k), &mut visit);
        }
    }
}

fn option_texts(option: &ScriptOption, at: ValuePath, visit: &mut impl FnMut(ValuePath, &str)) {
    visit(at.at("text"), &option.text);
    visit(at.at("feedback"), &option.feedback);
    visit(at.at("reaction"), &option.reaction);
    visit(at.at("thought"), &option.thought);
}

fn step_texts(step: &Step, at: ValuePath, visit: &mut impl FnMut(ValuePath, &str)) {
    match step {
        Step::Narration(n) => visit(at.at("text"), &n.text),
        Step::End(e) => visit(at.at("text"), &e.text),
        Step::Branch(_) => {}
        Step::Identify(s) => visit(at.at("prompt"), &s.prompt),
        Step::Script(s) | Step::MorningMeeting(s) => {
            visit(at.at("prompt"), &s.prompt);
            for (i, option) in s.options.iter().enumerate() {
                option_texts(option, at.at("options").at(i), visit);
            }
        }
        Step::ReferralCard(s) => {
            visit(at.at("prompt"), &s.prompt);
            for (f, field) in s.fields.iter().enumerate() {
                for (c, choice) in field.choices.iter().enumerate() {
                    let path = at.at("fields").at(f).at("choices").at(c);
                    visit(path.at("text"), &choice.text);
                    visit(path.at("feedback"), &choice.feedback);
                    visit(path.at("thought"), &choice.thought);
                }
            }
            for (i, option) in s.route.iter().enumerate() {
                option_texts(option, at.at("route").at(i), visit);
            }
        }
        Step::TrackingSheet(s) | Step::ReferralRecord(s) => {
            visit(at.at("prompt"), &s.prompt);
            for (f, field) in s.fields.iter().enumerate() {
                for (c, choice) in field.choices.iter().enumerate() {
                    let path = at.at("fields").at(f).at("choices").at(c);
                    visit(path.at("text"), &choice.text);
                    visit(path.at("feedback"), &choice.feedback);
                }
            }
        }
        Step::Handoff(s) => {
            visit(at.at("prompt"), &s.prompt);
            for (i, action) in s.actions.iter().enumerate() {
                let path = at.at("actions").at(i);
                visit(path.at("text"), &action.text);
                visit(path.at("feedback"), &action.feedback);
                visit(path.at("thought"), &action.thought);
            }
            for (i, constraint) in s.order.iter().enumerate() {
                visit(at.at("order").at(i).at("message"), &constraint.message);
            }
        }
    }
}

/// Characters that show nothing, or turn the text around, in a name people must tell apart:
/// zero-width spaces and joiners, direction marks and overrides, line and paragraph
/// separators, the byte-order mark and the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}
