//! One seed, one exact customer: names, amounts and who is busy, drawn from a seeded RNG,
//! and the `{placeholder}` texts filled in from them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::ids::StaffId;
use super::model::{AmountRange, Condition, Scenario};

/// The drawn details of one variant of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub seed: u64,
    pub customer_name: String,
    pub customer_surname: String,
    pub customer_call: String,
    pub balance: u64,
    pub assets: u64,
    pub amounts: BTreeMap<String, u64>,
    pub staff_names: BTreeMap<StaffId, String>,
    pub staff_credentials: BTreeMap<StaffId, String>,
    pub busy: BTreeSet<StaffId>,
    pub hurried: bool,
    /// The company drawn for a corporate customer (`customer.company`).
    #[serde(default)]
    pub company: Option<CompanyVariant>,
}

/// The drawn company of a corporate customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyVariant {
    pub name: String,
    /// Average monthly turnover in CNY.
    pub turnover: u64,
    /// Employees on its payroll.
    pub payroll: u32,
}

/// Two-character surnames; every other name takes its first character as the surname.
const COMPOUND_SURNAMES: [&str; 12] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "夏侯", "公孙", "尉迟", "长孙",
];

pub fn surname_of(name: &str) -> String {
    if let Some(compound) = COMPOUND_SURNAMES.iter().find(|s| name.starts_with(**s)) {
        return (*compound).to_owned();
    }
    name.chars().next().map(String::from).unwrap_or_default()
}

impl Variant {
    /// Draws every detail in a fixed order, so one seed always gives the same customer.
    pub fn draw(scenario: &Scenario, seed: u64) -> Variant {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let customer_name = pick_name(&mut rng, &scenario.customer.names);
        let customer_surname = surname_of(&customer_name);
        let customer_call = format!("{customer_surname}{}", scenario.customer.salutation.label());
        let balance = draw_amount(&mut rng, scenario.customer.system.balance);
        let assets = match scenario.customer.assets {
            Some(range) if range.max >= balance => draw_amount(
                &mut rng,
                AmountRange {
                    min: range.min.max(balance),
                    max: range.max,
                },
            ),
            Some(range) => draw_amount(&mut rng, range),
            None => balance,
        };
        let amounts = scenario
            .customer
            .amounts
            .iter()
            .map(|(key, range)| (key.clone(), draw_amount(&mut rng, *range)))
            .collect();
        let mut staff_names = BTreeMap::new();
        let staff_credentials = scenario
            .staff
            .iter()
            .map(|m| (m.id.clone(), m.credentials.clone()))
            .collect();
        let mut busy = BTreeSet::new();
        for member in &scenario.staff {
            staff_names.insert(member.id.clone(), pick_name(&mut rng, &member.names));
            if rng.random_bool(member.busy.clamp(0.0, 1.0)) {
                busy.insert(member.id.clone());
            }
        }
        let hurried = rng.random_bool(scenario.customer.hurried.clamp(0.0, 1.0));
        // drawn last: a case that adds a company keeps every other detail of its seeds
        let company = scenario.customer.company.as_ref().map(|c| CompanyVariant {
            name: pick_name(&mut rng, &c.names),
            turnover: draw_amount(&mut rng, c.turnover),
            payroll: c.payroll,
        });
        Variant {
            seed,
            customer_name,
            customer_surname,
            customer_call,
            balance,
            assets,
            amounts,
            staff_names,
            staff_credentials,
            busy,
            hurried,
            company,
        }
    }

    pub fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::StaffBusy(id) => self.busy.contains(id),
            Condition::CustomerHurried => self.hurried,
            // what the trainee did is the playthrough's to answer; the seed alone knows nothing
            _ => false,
        }
    }

    /// The same variant with the branch conditions forced, for the validator's walk of every
    /// outcome.
    pub fn with_conditions(mut self, conditions: &[(Condition, bool)]) -> Variant {
        for (condition, holds) in conditions {
            match condition {
                Condition::StaffBusy(id) if *holds => {
                    self.busy.insert(id.clone());
                }
                Condition::StaffBusy(id) => {
                    self.busy.remove(id);
                }
                Condition::CustomerHurried => self.hurried = *holds,
                _ => {}
            }
        }
        self
    }

    /// Fills the `{placeholders}` of a text; an unknown one is left as written.
    pub fn render(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let key = &after[..close];
                    match self.lookup(key) {
                        Some(value) => out.push_str(&value),
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn lookup(&self, key: &str) -> Option<String> {
        match key {
            "customer" => return Some(self.customer_name.clone()),
            "customer.surname" => return Some(self.customer_surname.clone()),
            "customer.call" => return Some(self.customer_call.clone()),
            "balance" => return Some(format_amount(self.balance)),
            "assets" => return Some(format_amount(self.assets)),
            "company" => return self.company.as_ref().map(|c| c.name.clone()),
            "company.turnover" => return self.company.as_ref().map(|c| format_amount(c.turnover)),
            "company.payroll" => return self.company.as_ref().map(|c| c.payroll.to_string()),
            _ => {}
        }
        if let Some(name) = key.strip_prefix("amount.") {
            return self.amounts.get(name).map(|v| format_amount(*v));
        }
        let staff = key.strip_prefix("staff.")?;
        if let Some(id) = staff.strip_suffix(".credentials") {
            return self.staff_credentials.get(&StaffId::from(id)).cloned();
        }
        let (id, surname_only) = match staff.strip_suffix(".surname") {
            Some(id) => (id, true),
            None => (staff, false),
        };
        let name = self.staff_names.get(&StaffId::from(id))?;
        Some(if surname_only {
            surname_of(name)
        } else {
            name.clone()
        })
    }
}

/// The placeholder keys a text uses, for validation: `(key, byte offset of '{')`.
pub fn placeholders(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{') {
        let open = from + open;
        match text[open + 1..].find('}') {
            Some(close) => {
                found.push((text[open + 1..open + 1 + close].to_owned(), open));
                from = open + 1 + close + 1;
            }
            None => {
                found.push((text[open + 1..].to_owned(), open));
                break;
            }
        }
    }
    found
}

/// Whether a placeholder key names something the scenario defines.
pub fn placeholder_known(scenario: &Scenario, key: &str) -> bool {
    match key {
        "customer" | "customer.surname" | "customer.call" | "balance" | "assets" => true,
        "company" | "company.turnover" | "company.payroll" => scenario.customer.company.is_some(),
        _ => {
            if let Some(name) = key.strip_prefix("amount.") {
                return scenario.customer.amounts.contains_key(name);
            }
            let Some(staff) = key.strip_prefix("staff.") else {
                return false;
            };
            let id = staff
                .strip_suffix(".surname")
                .or_else(|| staff.strip_suffix(".credentials"))
                .unwrap_or(staff);
            scenario.staff.iter().any(|m| m.id.as_str() == id)
        }
    }
}

/// The longest value, in characters, each known placeholder key can be filled with.
pub fn longest_values(scenario: &Scenario) -> HashMap<String, usize> {
    let chars = |s: &str| s.chars().count();
    let longest =
        |pool: &[String], f: &dyn Fn(&str) -> usize| pool.iter().map(|n| f(n)).max().unwrap_or(0);
    let customer = &scenario.customer;
    let amount = chars(&format_amount(u64::MAX));
    let mut values = HashMap::new();
    values.insert("customer".to_owned(), longest(&customer.names, &chars));
    let surname = longest(&customer.names, &|n| chars(&surname_of(n)));
    values.insert("customer.surname".to_owned(), surname);
    let call = surname + chars(customer.salutation.label());
    values.insert("customer.call".to_owned(), call);
    values.insert("balance".to_owned(), amount);
    values.insert("assets".to_owned(), amount);
    for key in customer.amounts.keys() {
        values.insert(format!("amount.{key}"), amount);
    }
    if let Some(company) = &customer.company {
        values.insert("company".to_owned(), longest(&company.names, &chars));
        values.insert("company.turnover".to_owned(), amount);
        values.insert(
            "company.payroll".to_owned(),
            chars(&company.payroll.to_string()),
        );
    }
    for member in &scenario.staff {
        let id = member.id.as_str();
        let name = longest(&member.names, &chars);
        let surname = longest(&member.names, &|n| chars(&surname_of(n)));
        // with duplicate ids the first one is looked up; keep the larger to stay safe
        for (key, length) in [
            (format!("staff.{id}"), name),
            (format!("staff.{id}.surname"), surname),
            (
                format!("staff.{id}.credentials"),
                chars(&member.credentials),
            ),
        ] {
            let entry = values.entry(key).or_insert(0);
            *entry = (*entry).max(length);
        }
    }
    values
}

/// The most characters `text` can have once its placeholders are filled in, given
/// [`longest_values`]; an unknown placeholder stays as written.
pub fn longest_rendering(text: &str, longest: &HashMap<String, usize>) -> usize {
    let mut length = text.chars().count();
    for (key, open) in placeholders(text) {
        let closed = text[open + 1 + key.len()..].starts_with('}');
        if let Some(value) = longest.get(&key).filter(|_| closed) {
            length = length - (key.chars().count() + 2) + value;
        }
    }
    length
}

fn pick_name(rng: &mut ChaCha8Rng, pool: &[String]) -> String {
    if pool.is_empty() {
        return String::new();
    }
    pool[rng.random_range(0..pool.len())].clone()
}

/// A uniform draw inside the range, rounded to a round figure that stays inside it.
fn draw_amount(rng: &mut ChaCha8Rng, range: AmountRange) -> u64 {
    let (min, max) = (range.min.min(range.max), range.max.max(range.min));
    let raw = rng.random_range(min..=max);
    let step = match max - min {
        0..10_000 => 1,
        10_000..1_000_000 => 100,
        _ => 1_000,
    };
    let rounded = raw / step * step;
    if rounded >= min { rounded } else { raw }
}

/// `723000` → "72.3万元", `8500` → "8500元": the way a teller says amounts.
pub fn format_amount(amount: u64) -> String {
    if amount >= 10_000 {
        let wan = amount as f64 / 10_000.0;
        let text = format!("{wan:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        format!("{text}万元")
    } else {
        format!("{amount}元")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_the_way_tellers_say_them() {
        assert_eq!(format_amount(723_000), "72.3万元");
        assert_eq!(format_amount(700_000), "70万元");
        assert_eq!(format_amount(8_500), "8500元");
        assert_eq!(format_amount(1_234_500), "123.45万元");
    }

    #[test]
    fn compound_surnames_are_kept_whole() {
        assert_eq!(surname_of("欧阳娜娜"), "欧阳");
        assert_eq!(surname_of("王淼"), "王");
    }

    #[test]
    fn the_longest_rendering_counts_the_longest_values() {
        let longest = HashMap::from([("customer".to_owned(), 4), ("staff.wm".to_owned(), 3)]);
        assert_eq!(longest_rendering("{customer}您好", &longest), 6);
        assert_eq!(
            longest_rendering("{staff.wm}{x}{customer", &longest),
            3 + 3 + 9
        );
        assert_eq!(longest_rendering("{customer", &longest), 9);
    }

    #[test]
    fn placeholders_are_found_with_their_offsets() {
        let found = placeholders("{customer.call}您好，{staff.wm}在等您{");
        let keys: Vec<_> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["customer.call", "staff.wm", ""]);
    }
}
