//! Every diagnostic code has a broken case in `tests/fixtures/errors/`, and the validator reports
//! it at the line a trainer would look at.
//!
//! Each fixture is the `liandong new` template with exactly one thing broken. Its first line
//! states what must be reported, e.g. `// expect: E004 line 130`. A file whose first line cannot
//! hold that comment (a file that is not UTF-8, a symlink out of the folder) has a sidecar
//! `NAME.ron.expect` holding e.g. `E017 line 1`. Only the E019 fixture, in its own folder, brings a `rules.ron`; every other
//! fixture is checked against the bundled catalogue.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use liandong::scenario::{CaseReport, load_case, validate_paths};

/// Every stable code; each needs at least one fixture.
/// W009 compares cases with each other: it has its own test below, not a one-file fixture.
const CODES: [&str; 34] = [
    "E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009", "E010", "E011", "E012",
    "E013", "E014", "E015", "E016", "E017", "E018", "E019", "E020", "E021", "E022", "E023", "E024",
    "E025", "E026", "E027", "W001", "W002", "W004", "W005", "W006", "W007", "W008",
];

const CATALOGUE_FILE: &str = "rules.ron";

fn fixtures_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors")
}

/// Every fixture: `.ron` files other than `rules.ron`, in all subfolders, sorted.
fn fixture_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "ron")
                && path.file_name().is_some_and(|n| n != CATALOGUE_FILE)
            {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&fixtures_folder(), &mut found);
    found.sort();
    assert!(
        !found.is_empty(),
        "no fixtures under {}",
        fixtures_folder().display()
    );
    found
}

/// Every `rules.ron` under the fixtures folder.
fn catalogue_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&fixtures_folder(), &mut found);
    found.sort();
    found
}

/// What a fixture must produce: a diagnostic with `code` on the 1-based `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expectation {
    code: String,
    line: usize,
}

/// Reads `// expect: E004 line 57` from the first line, or `E017 line 1` from `NAME.expect`.
fn expectation(fixture: &Path) -> Expectation {
    let sidecar = fixture.with_file_name(format!(
        "{}.expect",
        fixture.file_name().unwrap().to_string_lossy()
    ));
    let text = if sidecar.is_file() {
        std::fs::read_to_string(&sidecar).unwrap()
    } else {
        let bytes = std::fs::read(fixture).unwrap();
        let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let first = String::from_utf8_lossy(first).into_owned();
        match first.trim().strip_prefix("// expect:") {
            Some(rest) => rest.to_owned(),
            None => panic!(
                "{}: the first line must be `// expect: CODE line N` (or add {}), found {first:?}",
                fixture.display(),
                sidecar.display()
            ),
        }
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [code, "line", line] if CODES.contains(code) => Expectation {
            code: (*code).to_owned(),
            line: line
                .parse()
                .unwrap_or_else(|_| panic!("{}: `{line}` is not a line number", fixture.display())),
        },
        _ => panic!(
            "{}: the expectation must read `CODE line N` with a known code, found {text:?}",
            fixture.display()
        ),
    }
}

/// The code a fixture is named after: its file name's prefix (`E004-unknown-step.ron`), or its
/// folder's (`E019-broken-catalogue/case.ron`).
fn named_code(fixture: &Path) -> Option<&'static str> {
    let prefix_of = |p: &Path| {
        let name = p.file_name()?.to_str()?;
        CODES.iter().copied().find(|c| {
            name.strip_prefix(c)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '.']))
        })
    };
    prefix_of(fixture).or_else(|| prefix_of(fixture.parent()?))
}

/// Every diagnostic of a report, one a line, for assertion messages.
fn describe(report: &CaseReport) -> String {
    if report.diagnostics.is_empty() {
        return "    (no diagnostics at all)\n".to_owned();
    }
    let mut text = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(
            text,
            "    {}:{} {} {}\n        hint: {}",
            d.line, d.column, d.code, d.message, d.hint
        );
    }
    text
}

fn is_met(expected: &Expectation, report: &CaseReport) -> bool {
    report
        .diagnostics
        .iter()
        .any(|d| d.code.to_string() == expected.code && d.line == expected.line)
}

#[test]
fn every_fixture_reports_its_code_at_its_line() {
    let mut failures = String::new();
    let mut failed = 0;
    let fixtures = fixture_files();
    for fixture in &fixtures {
        let expected = expectation(fixture);
        let report = load_case(fixture);
        if !is_met(&expected, &report) {
            failed += 1;
            let _ = write!(
                failures,
                "\n{}: expected {} at line {}, got:\n{}",
                fixture.display(),
                expected.code,
                expected.line,
                describe(&report)
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{failed} of {} fixtures are not reported as expected:{failures}",
        fixtures.len()
    );
}

#[test]
fn every_code_has_a_fixture_named_after_it() {
    let mut by_code: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    let mut misnamed = Vec::new();
    for fixture in fixture_files() {
        let expected = expectation(&fixture);
        match named_code(&fixture) {
            Some(code) if code == expected.code => by_code.entry(code).or_default().push(fixture),
            named => misnamed.push(format!(
                "{} is named for {named:?} but expects {}",
                fixture.display(),
                expected.code
            )),
        }
    }
    assert!(
        misnamed.is_empty(),
        "a fixture's name must start with the code it expects:\n{}",
        misnamed.join("\n")
    );
    let missing: Vec<&str> = CODES
        .iter()
        .copied()
        .filter(|c| !by_code.contains_key(c))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture in {} for {missing:?}",
        fixtures_folder().display()
    );
}

#[test]
fn only_the_catalogue_fixture_brings_its_own_rules_file() {
    // anywhere else a rules.ron would silently replace the bundled catalogue for its neighbours
    for catalogue in catalogue_files() {
        let folder = catalogue.parent().unwrap();
        assert_ne!(
            folder,
            fixtures_folder(),
            "the errors folder itself must not hold a rules.ron"
        );
        let cases: Vec<PathBuf> = fixture_files()
            .into_iter()
            .filter(|f| f.starts_with(folder))
            .collect();
        assert!(
            !cases.is_empty() && cases.iter().all(|f| expectation(f).code == "E019"),
            "{} serves fixtures that do not expect E019: {cases:?}",
            catalogue.display()
        );
    }
}

#[test]
fn validating_the_whole_folder_reports_every_fixture_once_as_if_alone() {
    let fixtures = fixture_files();
    let catalogues = catalogue_files();
    let reports = validate_paths(&[fixtures_folder()]);

    let mut seen: BTreeMap<&Path, usize> = BTreeMap::new();
    for report in &reports {
        *seen.entry(report.path.as_path()).or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "files reported more than once: {twice:?}");
    let reported: BTreeSet<&Path> = seen.keys().copied().collect();
    let wanted: BTreeSet<&Path> = fixtures
        .iter()
        .chain(&catalogues)
        .map(PathBuf::as_path)
        .collect();
    assert_eq!(
        reported, wanted,
        "the folder run must report each fixture and each rules.ron exactly once"
    );
    assert_eq!(reports.len(), fixtures.len() + catalogues.len());

    // one bad file never changes what is said about another
    for report in reports.iter().filter(|r| fixtures.contains(&r.path)) {
        let alone = load_case(&report.path);
        assert_eq!(
            report.diagnostics,
            alone.diagnostics,
            "{}: the folder run differs from validating the file alone.\nin the folder:\n{}alone:\n{}",
            report.path.display(),
            describe(report),
            describe(&alone)
        );
    }
}

#[test]
fn the_same_line_graded_differently_in_two_cases_is_named_at_the_second() {
    let dir = std::env::temp_dir().join(format!("liandong-w009-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let template = include_str!("../../src/cli/template.ron");
    let line = "您这张卡里的钱可以考虑做点理财，现在好多人都在买，您也看看吧，不着急。";
    std::fs::write(dir.join("a.ron"), template.replace("__ID__", "case-a")).unwrap();
    // the same words graded Acceptable instead of Weak in the second case
    let second = template.replace("__ID__", "case-b").replacen(
        &format!("(text: \"{line}\", grade: Weak,"),
        &format!("(text: \"{line}\", grade: Acceptable,"),
        1,
    );
    assert_ne!(
        second,
        template.replace("__ID__", "case-b"),
        "the edit must apply"
    );
    std::fs::write(dir.join("b.ron"), &second).unwrap();
    let reports = validate_paths(std::slice::from_ref(&dir));
    let found = liandong::scenario::library::differently_graded_lines(&reports);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (index, diagnostic) = &found[0];
    assert!(reports[*index].path.ends_with("b.ron"));
    assert_eq!(diagnostic.code.to_string(), "W009");
    let expected_line = second
        .lines()
        .position(|l| l.contains(line))
        .expect("the line is in the file")
        + 1;
    assert_eq!(diagnostic.line, expected_line);
    assert!(
        diagnostic.message.contains("欠佳"),
        "{}",
        diagnostic.message
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The diagnostics of one fixture of `tests/fixtures/errors/`.
fn fixture_report(name: &str) -> CaseReport {
    load_case(&fixtures_folder().join(name))
}

/// The one diagnostic with `code`, or a failure listing them all.
fn only(report: &CaseReport, code: &str) -> liandong::scenario::Diagnostic {
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.to_string() == code)
        .collect();
    assert_eq!(found.len(), 1, "{}", describe(report));
    found[0].clone()
}

#[test]
fn an_unclosed_string_is_reported_where_it_opens_not_as_a_missing_comma() {
    let report = fixture_report("E001-unclosed-string.ron");
    let d = only(&report, "E001");
    let source = report.source.as_deref().unwrap();
    let title = source.lines().nth(10).unwrap();
    assert_eq!(
        (d.line, d.column),
        (11, title.find('"').unwrap() + 1),
        "{}",
        describe(&report)
    );
    assert!(d.message.contains("没有结束"), "{}", d.message);
    assert!(!d.message.contains("逗号"), "{}", d.message);
    // a text that runs to the end of the file is the same fault
    let cut = "Scenario(\n  format: 1,\n  id: \"x\",\n  title: \"没有右引号\n)\n";
    let (_, found) =
        liandong::scenario::parse_case("cut.ron", cut, liandong::scenario::bundled_catalogue());
    assert_eq!((found[0].line, found[0].column), (4, 10));
    assert!(
        found[0].message.contains("没有结束"),
        "{}",
        found[0].message
    );
    // a text on several lines closed properly, then a missing comma, is still a missing comma
    let long = std::fs::read_to_string(fixtures_folder().join("E001-missing-comma.ron")).unwrap();
    let report = fixture_report("E001-missing-comma.ron");
    assert!(only(&report, "E001").message.contains("逗号"), "{long}");
}

#[test]
fn a_duplicate_id_names_the_line_of_the_first() {
    let report = fixture_report("E005-duplicate-step-id.ron");
    let d = only(&report, "E005");
    let source = report.source.as_deref().unwrap();
    let id = d
        .message
        .split('“')
        .nth(1)
        .unwrap()
        .split('”')
        .next()
        .unwrap();
    let first = source
        .lines()
        .position(|l| l.contains(&format!("id: \"{id}\"")))
        .unwrap()
        + 1;
    assert!(first < d.line);
    assert!(
        d.message.contains(&format!("第 {first} 行")),
        "{}",
        d.message
    );
}

#[test]
fn a_duplicate_amount_name_is_reported_at_the_second_with_the_first_named() {
    let report = fixture_report("E005-duplicate-amount-name.ron");
    let d = only(&report, "E005");
    assert_eq!(d.line, 22);
    assert!(d.message.contains("“deposit”"), "{}", d.message);
    assert!(d.message.contains("第 21 行"), "{}", d.message);
}

#[test]
fn an_empty_name_in_a_pool_is_refused() {
    let report = fixture_report("E016-empty-name.ron");
    let d = only(&report, "E016");
    assert_eq!(d.line, 46);
    assert!(d.message.contains("空的名字"), "{}", d.message);
    // blanks only are as empty, in the customer's pool too
    let text = std::fs::read_to_string(fixtures_folder().join("E016-empty-name.ron"))
        .unwrap()
        .replace(r#"names: ["李芳", ""]"#, r#"names: ["李芳"]"#)
        .replace(
            r#"names: ["张明", "张伟", "张磊"]"#,
            r#"names: ["张明", "  "]"#,
        );
    let (_, found) =
        liandong::scenario::parse_case("blank.ron", &text, liandong::scenario::bundled_catalogue());
    let errors: Vec<String> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(errors, ["E016"], "{found:#?}");
}

#[test]
fn a_broken_company_block_is_reported_at_its_line() {
    const FIXTURE: &str = "E016-company-turnover-min-above-max.ron";
    let report = fixture_report(FIXTURE);
    let d = only(&report, "E016");
    assert_eq!(d.line, 34);
    assert!(
        d.message.contains("下限 5000000 大于上限 3000000"),
        "{}",
        d.message
    );
    let fixed = std::fs::read_to_string(fixtures_folder().join(FIXTURE))
        .unwrap()
        .replace(
            "(min: 5000000, max: 3000000)",
            "(min: 3000000, max: 5000000)",
        );
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let errors = |text: &str| -> Vec<(String, usize, String)> {
        let (_, found) = liandong::scenario::parse_case(
            "company.ron",
            text,
            liandong::scenario::bundled_catalogue(),
        );
        found
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code.to_string(), d.line, d.message.clone()))
            .collect()
    };
    assert_eq!(errors(&fixed), []);
    // an empty pool of company names, a blank name: as for the customer's names
    let pool = r#"names: ["恒达建材有限公司", "恒达建材贸易有限公司"]"#;
    let empty = fixed.replace(pool, "names: []");
    assert_eq!(
        errors(&empty),
        [(
            "E013".to_owned(),
            line_of(&empty, "names: []"),
            "企业名称池是空的".to_owned()
        )]
    );
    let blank = fixed.replace(pool, r#"names: ["恒达建材有限公司", " "]"#);
    let found = errors(&blank);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E016");
    assert_eq!(found[0].1, line_of(&blank, r#""恒达建材有限公司", " ""#));
    // the company's texts take placeholders, checked like every other text
    let misspelt = fixed.replace("\"代发工资也在他行\"", "\"每月{company.turnovr}\"");
    let found = errors(&misspelt);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E015");
    assert_eq!(found[0].1, line_of(&misspelt, "{company.turnovr}"));
    assert!(
        found[0].2.contains("是不是想写 {company.turnover}"),
        "{}",
        found[0].2
    );
    // a case without a company cannot name one
    let start = fixed.find("        company: (").unwrap();
    let end = start + fixed[start..].find("        ),\n").unwrap() + "        ),\n".len();
    let without = fixed[..start].to_owned()
        + &fixed[end..].replace("“取两千块钱。”", "“取两千块钱，{company}的。”");
    let found = errors(&without);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E015");
    assert!(found[0].2.contains("没有写企业 company"), "{}", found[0].2);
}

#[test]
fn an_order_cycle_is_reported_at_the_constraint_that_closes_it() {
    let report = fixture_report("E010-cyclic-handoff-order.ron");
    let d = only(&report, "E010");
    assert_eq!(d.line, 113);
    // three actions round a cycle, written out of order: the last constraint written closes it
    let source = report.source.unwrap().replacen(
        r#"(before: "confirm", after: "brief", message: "还没确认经理有空，就开始说明情况"),
                        (before: "brief", after: "confirm", message: "还没说明情况,就去确认经理有空"),"#,
        r#"(before: "brief", after: "intro-manager", message: "a"),
                        (before: "confirm", after: "brief", message: "b"),
                        (before: "intro-manager", after: "confirm", message: "c"),"#,
        1,
    );
    let (_, found) = liandong::scenario::parse_case(
        "three.ron",
        &source,
        liandong::scenario::bundled_catalogue(),
    );
    let cycle: Vec<_> = found
        .iter()
        .filter(|d| d.code.to_string() == "E010")
        .collect();
    assert_eq!(cycle.len(), 1, "{found:#?}");
    let closing = source
        .lines()
        .position(|l| l.contains(r#"(before: "intro-manager", after: "confirm""#))
        .unwrap()
        + 1;
    assert_eq!(cycle[0].line, closing);
    assert!(
        cycle[0].message.contains(
            "“confirm”在“brief”前、“brief”在“intro-manager”前，“intro-manager”又在“confirm”前"
        ),
        "{}",
        cycle[0].message
    );
}

#[test]
fn a_misspelt_placeholder_gets_a_suggestion() {
    let d = only(&fixture_report("E015-unknown-placeholder.ron"), "E015");
    assert!(
        d.message.contains("是不是想写 {customer.call}"),
        "{}",
        d.message
    );
}

/// The bundled catalogue with `from` replaced by `to`, checked; the line of `to` in it.
fn broken_catalogue(name: &str, from: &str, to: &str) -> (CaseReport, usize) {
    let bundled = std::fs::read_to_string("scenarios/rules.ron").unwrap();
    assert!(bundled.contains(from), "{from:?} is not in rules.ron");
    let text = bundled.replacen(from, to, 1);
    let line = text
        .lines()
        .position(|l| l.contains(to.lines().next().unwrap()))
        .unwrap()
        + 1;
    let dir = std::env::temp_dir().join(format!("liandong-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rules.ron");
    std::fs::write(&path, text).unwrap();
    let report = liandong::scenario::check_catalogue_file(&path);
    let _ = std::fs::remove_dir_all(&dir);
    (report, line)
}

#[test]
fn the_catalogues_own_numbers_are_checked_at_their_line() {
    let cases = [
        // a weight that wraps a 32-bit sum round to 100
        (
            "weight-overflow",
            "rubric: (identification: 30, script: 40, handoff: 30, pass_mark: 70)",
            "rubric: (identification: 4294967295, script: 71, handoff: 30, pass_mark: 70)",
            "E012",
        ),
        // a Wrong answer would score more than a Best one
        (
            "inverted-shares",
            "grades: (best: 1.0, acceptable: 0.6, weak: 0.3, wrong: 0.0)",
            "grades: (best: 1.0, acceptable: 0.0, weak: 0.3, wrong: 1.0)",
            "E019",
        ),
        // two tiers claim the same assets
        (
            "overlapping-tiers",
            "(tier: HighEnd, min: 1000000, max: Some(10000000)",
            "(tier: HighEnd, min: 1000000, max: Some(20000000)",
            "E019",
        ),
        // assets between two tiers belong to none
        (
            "gapped-tiers",
            "(tier: MidEnd, min: 50000, max: Some(1000000)",
            "(tier: MidEnd, min: 50000, max: Some(900000)",
            "E019",
        ),
    ];
    for (name, from, to, code) in cases {
        let (report, line) = broken_catalogue(name, from, to);
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code.to_string() == code && d.line == line),
            "{name}: expected {code} at line {line}, got:\n{}",
            describe(&report)
        );
    }
}
