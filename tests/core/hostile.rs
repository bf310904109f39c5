//! Hostile input gives a clear error or a bounded result, never a hang or a panic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use liandong::scenario::limits::{MAX_DIAGNOSTICS, MAX_FILE_BYTES, MAX_STEPS};
use liandong::scenario::load::read_text;
use liandong::scenario::{Code, load_case, validate_paths};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("liandong-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn codes(path: &Path) -> Vec<Code> {
    load_case(path).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_hundred_megabyte_file_is_refused_without_being_read() {
    let path = scratch("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    assert_eq!(codes(&path), [Code::E020]);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn binary_garbage_is_reported_as_not_text() {
    let path = scratch("garbage.ron");
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(codes(&path), [Code::E017]);
}

#[test]
fn deep_nesting_is_refused_at_once() {
    for (name, text) in [
        ("deep.ron", "(".repeat(200_000)),
        (
            "deep-list.ron",
            format!("Scenario(format: 1, tags: {}", "[".repeat(200_000)),
        ),
        (
            "deep-some.ron",
            format!("Scenario(format: {}", "Some(".repeat(200_000)),
        ),
    ] {
        let path = scratch(name);
        std::fs::write(&path, text).unwrap();
        let report = load_case(&path);
        assert_eq!(report.diagnostics.len(), 1, "{name}");
        assert!(
            matches!(report.diagnostics[0].code, Code::E001 | Code::E002),
            "{name}"
        );
    }
}

fn long_case(steps: usize) -> String {
    let template = std::fs::read_to_string("tests/fixtures/scoring/pinned.ron").unwrap();
    let start = template.find("steps: [").unwrap() + "steps: [".len();
    let mut many = String::new();
    for i in 0..steps {
        let _ = writeln!(
            many,
            "Script(id: \"s{i}\", prompt: \"第{i}步\", options: [(text: \"好\", grade: Best, feedback: \"对\"), (text: \"差\", grade: Wrong, feedback: \"错\")]),"
        );
    }
    format!("{}{many}{}", &template[..start], &template[start..])
}

#[test]
fn a_case_at_the_step_limit_validates_to_a_bounded_result() {
    let path = scratch("long.ron");
    let template = load_case(Path::new("tests/fixtures/scoring/pinned.ron"));
    let own_steps = template.case.unwrap().graph.len();
    std::fs::write(&path, long_case(MAX_STEPS - own_steps)).unwrap();
    let report = load_case(&path);
    assert!(
        !report.has_errors(),
        "{:#?}",
        &report.diagnostics[..report.diagnostics.len().min(5)]
    );
    assert_eq!(report.case.unwrap().graph.len(), MAX_STEPS);
}

#[test]
fn a_case_past_the_step_limit_is_refused_with_a_size_error() {
    let path = scratch("too-long.ron");
    std::fs::write(&path, long_case(MAX_STEPS)).unwrap();
    assert!(codes(&path).contains(&Code::E020));
}

#[test]
fn a_huge_single_string_is_refused() {
    let path = scratch("long-string.ron");
    let template = std::fs::read_to_string("tests/fixtures/scoring/pinned.ron").unwrap();
    let text = template.replacen(
        "summary: \"",
        &format!("summary: \"{}", "长".repeat(200_000)),
        1,
    );
    assert!((text.len() as u64) < MAX_FILE_BYTES);
    std::fs::write(&path, text).unwrap();
    assert_eq!(codes(&path), [Code::E020]);
}

#[test]
fn a_folder_instead_of_a_file_is_an_error_not_a_panic() {
    let dir = scratch("a-folder.ron");
    std::fs::create_dir_all(&dir).unwrap();
    let report = load_case(&dir);
    assert_eq!(report.diagnostics[0].code, Code::E017);
}

/// A fresh folder for one test.
fn scratch_folder(name: &str) -> PathBuf {
    let dir = scratch(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn valid_case(id: &str) -> String {
    std::fs::read_to_string("tests/fixtures/scoring/pinned.ron")
        .unwrap()
        .replacen("id: \"pinned\"", &format!("id: \"{id}\""), 1)
}

#[test]
fn a_byte_order_mark_is_dropped_and_lines_still_count_from_the_top() {
    let path = scratch("bom.ron");
    let text = valid_case("bom").replacen("minutes: 5", "minute: 5", 1);
    let line = text[..text.find("minute:").unwrap()].matches('\n').count() + 1;
    std::fs::write(
        &path,
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    let report = load_case(&path);
    let found: Vec<(Code, usize, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    assert_eq!(found, [(Code::E002, line, 5)]);
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_folder_keep_working_and_are_searched_once() {
    use std::os::unix::fs::symlink;
    let root = scratch_folder("inside-links");
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::write(root.join("a/case.ron"), valid_case("inside")).unwrap();
    std::fs::write(root.join("a/draft.txt"), valid_case("draft")).unwrap();
    symlink("../a", root.join("a/b/again")).unwrap();
    symlink("a", root.join("alias")).unwrap();
    symlink(".", root.join("self")).unwrap();
    symlink("a/draft.txt", root.join("draft.ron")).unwrap();

    let reports = validate_paths(std::slice::from_ref(&root));
    let found: Vec<(PathBuf, bool)> = reports
        .iter()
        .map(|r| {
            (
                r.path.strip_prefix(&root).unwrap().to_owned(),
                r.has_errors(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (PathBuf::from("a/case.ron"), false),
            (PathBuf::from("draft.ron"), false)
        ]
    );
    // named through a link, a file is judged against the folder the link sits in
    assert!(!load_case(&root.join("alias/case.ron")).has_errors());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_outside_is_reported_and_never_entered() {
    use std::os::unix::fs::symlink;
    let outside = scratch_folder("outside");
    std::fs::write(outside.join("secret.ron"), valid_case("secret")).unwrap();
    let root = scratch_folder("escaping-links");
    symlink(&outside, root.join("escape")).unwrap();
    symlink(outside.join("secret.ron"), root.join("secret.ron")).unwrap();
    symlink("../outside/missing.ron", root.join("dangling.ron")).unwrap();

    let reports = validate_paths(std::slice::from_ref(&root));
    let found: Vec<(PathBuf, Vec<Code>, bool)> = reports
        .iter()
        .map(|r| {
            let codes = r.diagnostics.iter().map(|d| d.code).collect();
            let path = r.path.strip_prefix(&root).unwrap().to_owned();
            (path, codes, r.source.is_some())
        })
        .collect();
    assert_eq!(
        found,
        [
            (PathBuf::from("dangling.ron"), vec![Code::E021], false),
            (PathBuf::from("escape"), vec![Code::E021], false),
            (PathBuf::from("secret.ron"), vec![Code::E021], false),
        ]
    );
    // the folder itself, named directly, is fine
    assert!(!validate_paths(&[root.join("escape")])[0].has_errors());
}

#[test]
fn a_file_with_too_many_problems_lists_the_first_fifty_thousand_and_counts_the_rest() {
    // the fuzz fixture's 25 texts of 1,200 unknown placeholders, twice over: 60,000 problems
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/many-placeholders.ron");
    let source = std::fs::read_to_string(&fixture).unwrap();
    let problems = load_case(&fixture).diagnostics.len() + 30_000;
    let line = format!("            \"{}\",\n", "{x}".repeat(1_200));
    let doubled = source.replacen(&line, &line.repeat(2), 25);
    assert_ne!(doubled, source);
    let path = scratch("too-many-problems.ron");
    std::fs::write(&path, doubled).unwrap();
    let report = load_case(&path);
    let count = |code| report.diagnostics.iter().filter(|d| d.code == code).count();
    assert_eq!(count(Code::E015), MAX_DIAGNOSTICS);
    let summary: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::E020)
        .collect();
    assert_eq!(summary.len(), 1);
    assert!(
        summary[0]
            .message
            .contains(&format!("另有 {} 个", problems - MAX_DIAGNOSTICS)),
        "{}",
        summary[0].message
    );
    assert_eq!(summary[0].line, 1);
}

/// Runs `work` on another thread and fails if it takes more than `seconds`: a FIFO that hangs
/// the reader must fail the test, not hang it.
fn within<T: Send + 'static>(seconds: u64, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    result
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .expect("still waiting: the reader hangs")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_case_or_a_catalogue_is_refused_without_waiting_for_a_writer() {
    let root = scratch_folder("fifos");
    std::fs::create_dir_all(root.join("with-rules")).unwrap();
    mkfifo(&root.join("x.ron"));
    std::fs::write(root.join("with-rules/case.ron"), valid_case("fifo-rules")).unwrap();
    mkfifo(&root.join("with-rules/rules.ron"));

    let folder = root.clone();
    let reports = within(30, move || validate_paths(&[folder]));
    let found: Vec<(PathBuf, Vec<Code>)> = reports
        .iter()
        .map(|r| {
            let codes = r.diagnostics.iter().map(|d| d.code).collect();
            (r.path.strip_prefix(&root).unwrap().to_owned(), codes)
        })
        .collect();
    assert_eq!(
        found,
        [
            (PathBuf::from("with-rules/rules.ron"), vec![Code::E017]),
            (PathBuf::from("with-rules/case.ron"), vec![Code::E019]),
            (PathBuf::from("x.ron"), vec![Code::E017]),
        ]
    );
    let fifo = &reports[2].diagnostics[0];
    assert!(fifo.message.contains("命名管道"), "{}", fifo.message);
    assert_eq!((fifo.line, fifo.column), (1, 1));
    // alone, as `run`, `paths` and the app's library load it
    let file = root.join("x.ron");
    let alone = within(30, move || load_case(&file));
    assert_eq!(alone.diagnostics[0].code, Code::E017);
    assert!(alone.source.is_none());
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_without_being_read() {
    // a link to it from a case folder is refused sooner, as leading outside (E021)
    for device in ["/dev/zero", "/dev/urandom"] {
        let refused = within(30, move || read_text(Path::new(device))).unwrap_err();
        assert_eq!(refused.code, Code::E017);
        assert!(refused.message.contains("设备"), "{}", refused.message);
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_reported_not_passed_over() {
    use std::os::unix::fs::PermissionsExt;
    let root = scratch_folder("unreadable-subfolder");
    std::fs::create_dir_all(root.join("locked")).unwrap();
    std::fs::write(root.join("locked/case.ron"), valid_case("locked")).unwrap();
    std::fs::write(root.join("open.ron"), valid_case("open")).unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads every folder whatever its mode: nothing to test then
    if std::fs::read_dir(root.join("locked")).is_ok() {
        eprintln!("skipped: this user can read a folder of mode 000");
        return;
    }
    let reports = validate_paths(std::slice::from_ref(&root));
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = reports
        .iter()
        .find(|r| r.path.ends_with("locked"))
        .expect("the locked folder is reported");
    assert_eq!(locked.diagnostics[0].code, Code::E017);
    assert!(locked.diagnostics[0].message.contains("无法读取文件夹"));
    assert!(
        reports
            .iter()
            .any(|r| r.path.ends_with("open.ron") && !r.has_errors())
    );
}

#[test]
fn a_folder_named_like_a_case_file_is_reported_when_named_on_its_own() {
    let dir = scratch_folder("named-like-a-file.ron");
    let reports = validate_paths(std::slice::from_ref(&dir));
    assert_eq!(reports.len(), 1, "the folder is reported, not searched");
    assert_eq!(reports[0].diagnostics[0].code, Code::E017);
    assert!(
        reports[0].diagnostics[0].message.contains("文件夹"),
        "{}",
        reports[0].diagnostics[0].message
    );
}

#[cfg(unix)]
#[test]
fn an_export_never_replaces_a_link_a_device_a_fifo_or_a_folder() {
    use liandong::export::{NotAFile, write_atomically};
    let root = scratch_folder("export-targets");
    let kept = root.join("kept.csv");
    std::fs::write(&kept, "earlier").unwrap();
    std::os::unix::fs::symlink(&kept, root.join("link.csv")).unwrap();
    mkfifo(&root.join("fifo.csv"));
    std::fs::create_dir_all(root.join("folder.csv")).unwrap();
    let mut targets = vec![
        ("link.csv", NotAFile::Symlink),
        ("fifo.csv", NotAFile::Fifo),
        ("folder.csv", NotAFile::Folder),
    ];
    // a device node of its own (the null device) where the test may make one: as root
    let device = root.join("null.csv");
    let name = std::ffi::CString::new(device.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; makedev(1, 3) is the null device.
    if unsafe { libc::mknod(name.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0 {
        targets.push(("null.csv", NotAFile::Device));
    }
    for (target, what) in targets {
        let path = root.join(target);
        let before = std::fs::symlink_metadata(&path).unwrap().file_type();
        let refused = write_atomically(&path, b"a,b\n").expect_err(target);
        let kind = refused.get_ref().and_then(|e| e.downcast_ref::<NotAFile>());
        assert_eq!(kind, Some(&what), "{target}: {refused}");
        let after = std::fs::symlink_metadata(&path).unwrap().file_type();
        assert_eq!(before, after, "{target} was replaced");
    }
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "earlier");
    // a regular file is replaced as before, and no temporary file is left behind
    write_atomically(&kept, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new");
    let leftovers = std::fs::read_dir(&root)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".liandong")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn a_folder_named_rules_ron_is_reported_not_replaced_by_the_built_in_catalogue() {
    let dir = scratch_folder("rules-folder");
    std::fs::create_dir_all(dir.join("rules.ron")).unwrap();
    let case = dir.join("case.ron");
    std::fs::write(&case, valid_case("rules-folder")).unwrap();
    let report = load_case(&case);
    assert!(
        report.case.is_none(),
        "the case must not play on other rules"
    );
    assert_eq!(
        report.diagnostics[0].code,
        Code::E019,
        "{:#?}",
        report.diagnostics
    );
    assert!(
        report.diagnostics[0].message.contains("rules.ron"),
        "{}",
        report.diagnostics[0].message
    );
}
