//! The hostile corpus `tests/fixtures/hostile/`: files a trainer might receive by e-mail, each
//! refused with its documented code and nothing else, alone and in a folder run, without
//! reading anything outside the folder.
//!
//! Every entry of the folder (files and symlinks) is listed below; a new file must be added to
//! the manifest or the test fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use liandong::scenario::Code::{self, *};
use liandong::scenario::limits::MAX_FILE_BYTES;
use liandong::scenario::{CaseReport, load_case, validate_paths};

/// What one corpus entry must give: exactly `codes`; `at` a diagnostic with that code on that
/// line; `says` words of that diagnostic's message.
struct Expected {
    file: &'static str,
    codes: &'static [Code],
    at: Option<(Code, usize)>,
    says: &'static str,
}

const fn expect(
    file: &'static str,
    codes: &'static [Code],
    at: Option<(Code, usize)>,
    says: &'static str,
) -> Expected {
    Expected {
        file,
        codes,
        at,
        says,
    }
}

#[rustfmt::skip]
const MANIFEST: &[Expected] = &[
    // not text
    expect("garbage-random.ron", &[E017], Some((E017, 1)), "不是 UTF-8"),
    expect("garbage-zeros.ron", &[E001], Some((E001, 1)), "U+0000"),
    expect("garbage-png.ron", &[E017], Some((E017, 1)), "不是 UTF-8"),
    expect("utf16-with-bom.ron", &[E017], Some((E017, 1)), "UTF-16"),
    expect("invalid-utf8-inside.ron", &[E017], Some((E017, 6)), "第 224 个字节"),
    // a byte order mark and Windows line endings are read as usual
    expect("utf8-bom.ron", &[], None, ""),
    expect("crlf-line-endings.ron", &[], None, ""),
    // nothing in it
    expect("empty.ron", &[E001], Some((E001, 1)), "文件是空的"),
    expect("whitespace-only.ron", &[E001], Some((E001, 1)), "文件是空的"),
    expect("comment-only.ron", &[E001], Some((E001, 1)), "文件是空的"),
    // too big
    expect("text-4001-chars.ron", &[E020], Some((E020, 6)), "4001 个字"),
    expect("string-1mb.ron", &[E020], Some((E020, 6)), "1048576 个字"),
    expect("steps-100000.ron", &[E020], Some((E020, 46)), "100007 个步骤"),
    expect("options-5000.ron", &[E016], Some((E016, 62)), "5002 个选项"),
    expect("id-1mb.ron", &[E020], Some((E020, 4)), "1048576 个字符"),
    // each text within its limits, the whole case filled in far beyond
    expect("placeholders-inflate-case.ron", &[E020], Some((E020, 52)), "整个案例的文字填入占位符后最长可达 5764816 个字"),
    expect("step-id-1mb.ron", &[E020], Some((E020, 51)), "1048576 个字符"),
    // too deep
    expect("nesting-parentheses.ron", &[E001], Some((E001, 2)), ""),
    expect("nesting-brackets.ron", &[E001], Some((E001, 9)), ""),
    expect("nesting-amounts.ron", &[E001], Some((E001, 24)), ""),
    // loops with no way out
    expect("cycle-loop.ron", &[E006, E007], Some((E007, 52)), ""),
    expect("cycle-self-jump.ron", &[E006, E007], Some((E007, 127)), ""),
    expect("cycle-branch.ron", &[E006, E007], Some((E007, 127)), ""),
    // numbers
    expect("number-huge.ron", &[E001], Some((E001, 8)), "数字太大"),
    expect("number-exponent.ron", &[E001], Some((E001, 20)), ""),
    expect("number-nan.ron", &[E016], Some((E016, 24)), "NaN"),
    expect("number-inf.ron", &[E016], Some((E016, 43)), "inf"),
    expect("amount-negative.ron", &[E001], Some((E001, 20)), "负数"),
    // invisible characters
    expect("control-characters.ron", &[E001], Some((E001, 51)), "U+0007"),
    expect("bidi-override.ron", &[E001], Some((E001, 66)), "U+202E"),
    expect("null-byte-in-text.ron", &[E001], Some((E001, 5)), "U+0000"),
    expect("null-bytes-outside.ron", &[E001], Some((E001, 3)), "U+0000"),
    // the same characters written as escapes
    expect("escaped-control.ron", &[E001], Some((E001, 51)), "U+001B"),
    expect("escaped-bidi.ron", &[E001], Some((E001, 66)), "U+202E"),
    // broken text
    expect("line-very-long.ron", &[E001], Some((E001, 3)), "缺少逗号"),
    expect("unterminated-string.ron", &[E001], Some((E001, 127)), ""),
    expect("unterminated-comment.ron", &[E001], Some((E001, 10)), "注释没有结束"),
    expect("duplicate-field.ron", &[E002], Some((E002, 6)), "写了两次"),
    // a case names no files: paths are unknown fields, never opened
    expect("path-climbing.ron", &[E002], Some((E002, 15)), "`photo`"),
    expect("path-absolute.ron", &[E002], Some((E002, 10)), "`catalogue`"),
    expect("path-include.ron", &[E001], Some((E001, 3)), ""),
    // symlinks
    expect("symlink-passwd.ron", &[E021], Some((E021, 1)), "案例文件夹之外"),
    expect("symlink-hostname.ron", &[E021], Some((E021, 1)), "案例文件夹之外"),
    expect("root-link", &[E021], Some((E021, 1)), "案例文件夹之外"),
    expect("link-inside.ron", &[E001], Some((E001, 1)), "文件是空的"),
    expect("dangling.ron", &[E017], Some((E017, 1)), "无法读取"),
    expect("catalogue-link/rules.ron", &[E021], Some((E021, 1)), "案例文件夹之外"),
    expect("catalogue-link/case.ron", &[E019], Some((E019, 1)), "E021"),
];

/// Links to a folder already being searched: the folder run passes over them; named alone, the
/// link leaves its own folder and is refused.
const PASSED_OVER: &[&str] = &["loop/parent"];

/// Generous for a debug build on a slow machine; a hang or a blow-up takes far longer.
const FOLDER_RUN_LIMIT: Duration = Duration::from_secs(120);

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// One folder run, shared by the tests (the long case takes seconds in a debug build).
fn folder_run() -> &'static (Vec<CaseReport>, Duration) {
    static RUN: OnceLock<(Vec<CaseReport>, Duration)> = OnceLock::new();
    RUN.get_or_init(|| {
        let started = Instant::now();
        let reports = validate_paths(&[corpus()]);
        (reports, started.elapsed())
    })
}

/// Each listed file loaded on its own, keyed by its name in the manifest.
fn alone() -> &'static BTreeMap<&'static str, CaseReport> {
    static ALONE: OnceLock<BTreeMap<&'static str, CaseReport>> = OnceLock::new();
    ALONE.get_or_init(|| {
        MANIFEST
            .iter()
            .map(|e| e.file)
            .chain(PASSED_OVER.iter().copied())
            .map(|file| (file, load_case(&corpus().join(file))))
            .collect()
    })
}

/// Every entry below the corpus folder that is not a real folder, relative, without following
/// any link.
fn entries() -> BTreeSet<String> {
    fn walk(dir: &Path, root: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(&path, root, found);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                found.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(&corpus(), &corpus(), &mut found);
    found
}

fn describe(report: &CaseReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let message: String = d.message.chars().take(160).collect();
            format!("\n    {}:{} {} {message}", d.line, d.column, d.code)
        })
        .collect()
}

/// What is wrong with `report` for `expected`, if anything.
fn mismatch(expected: &Expected, report: &CaseReport) -> Option<String> {
    let codes: BTreeSet<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    let wanted: BTreeSet<Code> = expected.codes.iter().copied().collect();
    let problem = if codes != wanted {
        format!("codes {codes:?}, expected {wanted:?}")
    } else if let Some((code, line)) = expected.at
        && !report
            .diagnostics
            .iter()
            .any(|d| d.code == code && d.line == line && d.message.contains(expected.says))
    {
        format!("no {code} on line {line} saying {:?}", expected.says)
    } else if expected.codes.is_empty() && report.case.is_none() {
        "accepted but no case came back".to_owned()
    } else {
        return None;
    };
    Some(format!(
        "\n{}: {problem}; got:{}",
        expected.file,
        describe(report)
    ))
}

#[test]
fn the_manifest_lists_every_file_of_the_corpus_and_nothing_else() {
    let listed: BTreeSet<String> = MANIFEST
        .iter()
        .map(|e| e.file)
        .chain(PASSED_OVER.iter().copied())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        listed.len(),
        MANIFEST.len() + PASSED_OVER.len(),
        "a file is listed twice"
    );
    let present = entries();
    let unlisted: Vec<_> = present.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&present).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "in the folder but not in the manifest: {unlisted:?}\nin the manifest but not in the folder \
         (git may not have restored a symlink): {missing:?}"
    );
    assert!(
        MANIFEST.len() >= 30,
        "the corpus has {} files",
        MANIFEST.len()
    );
}

#[test]
fn every_file_alone_gives_exactly_its_documented_codes() {
    let mut failures = String::new();
    for expected in MANIFEST {
        failures.extend(mismatch(expected, &alone()[expected.file]));
    }
    for file in PASSED_OVER {
        let report = &alone()[file];
        let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
        if codes != [E021] {
            failures.push_str(&format!("\n{file}: expected [E021] alone, got {codes:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn the_folder_run_reports_every_file_once_as_if_alone_and_finishes() {
    let (reports, took) = folder_run();
    assert!(
        *took < FOLDER_RUN_LIMIT,
        "validating the corpus took {took:?}"
    );

    let mut by_file: BTreeMap<String, Vec<&CaseReport>> = BTreeMap::new();
    for report in reports {
        let relative = report.path.strip_prefix(corpus()).unwrap_or(&report.path);
        let relative = relative.to_string_lossy().replace('\\', "/");
        by_file.entry(relative).or_default().push(report);
    }
    let mut failures = String::new();
    for expected in MANIFEST {
        match by_file.remove(expected.file).as_deref() {
            Some([report]) => {
                failures.extend(mismatch(expected, report));
                let alone = &alone()[expected.file];
                if alone.diagnostics != report.diagnostics {
                    failures.push_str(&format!(
                        "\n{}: the folder run says{}\nalone:{}",
                        expected.file,
                        describe(report),
                        describe(alone)
                    ));
                }
            }
            Some(several) => failures.push_str(&format!(
                "\n{}: reported {} times",
                expected.file,
                several.len()
            )),
            None => failures.push_str(&format!("\n{}: not reported", expected.file)),
        }
    }
    let unexpected: Vec<_> = by_file.keys().collect();
    assert!(
        failures.is_empty() && unexpected.is_empty(),
        "{failures}\nreported but not in the manifest (or to be passed over): {unexpected:?}"
    );
}

#[test]
fn nothing_outside_the_folder_is_read() {
    let secrets: Vec<String> = ["/etc/passwd", "/etc/hostname"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| text.lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|line| line.trim().len() >= 6)
        .collect();
    for report in folder_run().0.iter().chain(alone().values()) {
        if report.diagnostics.iter().any(|d| d.code == E021) {
            assert!(
                report.source.is_none(),
                "{}: a refused link was read",
                report.path.display()
            );
        }
        let said = report
            .diagnostics
            .iter()
            .flat_map(|d| [&d.message, &d.hint]);
        for text in said.chain(report.source.as_ref()) {
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{}: a line of a file outside the corpus shows up: {secret:?}",
                    report.path.display()
                );
            }
        }
    }
}

#[test]
fn the_long_case_is_parsed_not_refused_for_its_size() {
    let file = corpus().join("steps-100000.ron");
    let bytes = std::fs::metadata(&file).unwrap().len();
    assert!(
        bytes < MAX_FILE_BYTES,
        "{bytes} bytes: over the file limit, so the step limit is never reached"
    );
}
