//! The runs CSV opened by a real spreadsheet: LibreOffice Calc, headless, with its UTF-8 CSV
//! filter, as a trainer would open the file. Its flat XML shows the type it gave each cell.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, FixedOffset, Utc};
use liandong::export::{csv, write_atomically};
use liandong::lang::Lang;
use liandong::store::{RunFilter, RunRecord, Store};

use crate::common;

fn record(seed: u64, trainee: &str) -> RunRecord {
    let case = common::load_valid(Path::new("scenarios/large-remittance.ron"));
    let playthrough = liandong::playthrough::pick::autoplay(
        &case,
        1,
        liandong::playthrough::pick::Strategy::Best,
        liandong::playthrough::RoleChoice::All,
    )
    .expect("plays");
    let mut run = RunRecord::from_playthrough(&playthrough, trainee, None);
    run.seed = seed;
    run
}

/// The cells of a flat ODS file (`.fods`), each as its opening tag.
fn cells(fods: &str) -> Vec<&str> {
    fods.match_indices("<table:table-cell ")
        .map(|(at, _)| {
            let rest = &fods[at..];
            &rest[..rest.find('>').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn libreoffice_reads_dates_as_dates_and_seeds_and_staff_numbers_as_typed() {
    let Ok(status) = Command::new("soffice").arg("--version").output() else {
        common::missing_tool(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
        );
        return;
    };
    assert!(status.status.success(), "soffice --version fails");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut store, _) = Store::open(dir.path()).expect("opens");
    let long = record(u64::MAX, "0801234");
    let short = record(7, "张三");
    store.save_run(&long).expect("saved");
    store.save_run(&short).expect("saved");
    let runs = store.runs(&RunFilter::default()).expect("listed");
    let beijing = FixedOffset::east_opt(8 * 3600).expect("a zone");
    let file = dir.path().join("runs.csv");
    write_atomically(&file, &csv::runs_csv_in(&runs, Lang::Zh, beijing)).expect("written");

    let out = dir.path().join("out");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let converted = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "fods",
        ])
        .arg("--outdir")
        .arg(&out)
        .arg(&file)
        .output()
        .expect("soffice runs");
    assert!(converted.status.success(), "{converted:?}");
    let fods = std::fs::read_to_string(out.join("runs.fods")).expect("converted");
    let cells = cells(&fods);
    let string = |text: &str| {
        cells.iter().any(|c| {
            c.contains("office:value-type=\"string\"")
                && c.contains(&format!("office:string-value=\"{text}\""))
        })
    };
    assert!(
        string("18446744073709551615"),
        "the long seed is kept as typed, not 1.84E+19"
    );
    assert!(string("7"), "a short seed is text too");
    assert!(string("0801234"), "a name of digits keeps its leading zero");
    assert!(!fods.contains("E+019"), "no seed was read as a number");
    let local = |at: DateTime<Utc>| {
        at.with_timezone(&beijing)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    for at in [long.started_at, long.finished_at, short.finished_at] {
        let date = format!("office:date-value=\"{}\"", local(at));
        assert!(
            cells
                .iter()
                .any(|c| c.contains("office:value-type=\"date\"") && c.contains(&date)),
            "{date} is read as a date"
        );
    }
}
