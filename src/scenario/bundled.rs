//! The bundled cases, embedded in the binary: a copied `liandong` with no `scenarios/` folder
//! beside it still opens on them (they are written out once to the user's data folder, where a
//! trainer can edit them and hot reload picks the edits up).

use std::path::{Path, PathBuf};

/// Every file of the bundled `scenarios/` folder, cases in RON or as workbooks (a test keeps
/// this list complete).
pub const BUNDLED_FILES: &[(&str, &[u8])] = &[
    ("rules.ron", include_bytes!("../../scenarios/rules.ron")),
    (
        "account-closing.ron",
        include_bytes!("../../scenarios/account-closing.ron"),
    ),
    (
        "back-office-referral.ron",
        include_bytes!("../../scenarios/back-office-referral.ron"),
    ),
    (
        "brochure-reader.ron",
        include_bytes!("../../scenarios/brochure-reader.ron"),
    ),
    (
        "busy-manager.ron",
        include_bytes!("../../scenarios/busy-manager.ron"),
    ),
    (
        "cash-withdrawal-no-booking.ron",
        include_bytes!("../../scenarios/cash-withdrawal-no-booking.ron"),
    ),
    (
        "complaint.ron",
        include_bytes!("../../scenarios/complaint.ron"),
    ),
    (
        "dividend-transfer.ron",
        include_bytes!("../../scenarios/dividend-transfer.ron"),
    ),
    // written only as a workbook: the route a trainer who works in Excel or WPS takes
    (
        "external-introduction.xlsx",
        include_bytes!("../../scenarios/external-introduction.xlsx"),
    ),
    (
        "fx-rate-inquiry.ron",
        include_bytes!("../../scenarios/fx-rate-inquiry.ron"),
    ),
    (
        "large-cash-deposit.ron",
        include_bytes!("../../scenarios/large-cash-deposit.ron"),
    ),
    (
        "large-remittance.ron",
        include_bytes!("../../scenarios/large-remittance.ron"),
    ),
    (
        "new-card-young-professional.ron",
        include_bytes!("../../scenarios/new-card-young-professional.ron"),
    ),
    (
        "no-time-customer.ron",
        include_bytes!("../../scenarios/no-time-customer.ron"),
    ),
    (
        "overseas-worker.ron",
        include_bytes!("../../scenarios/overseas-worker.ron"),
    ),
    (
        "payroll-accountant.ron",
        include_bytes!("../../scenarios/payroll-accountant.ron"),
    ),
    (
        "postal-carrier-tip.ron",
        include_bytes!("../../scenarios/postal-carrier-tip.ron"),
    ),
];

/// Where the cases are: `scenarios/` in the working directory when run from the source tree,
/// else beside the binary (or up to three levels up, for `target/release/liandong`), else the
/// bundled cases written out to the user's data folder.
pub fn default_cases_dir() -> PathBuf {
    let here = PathBuf::from("scenarios");
    if here.is_dir() {
        return here;
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(4) {
            let candidate = dir.join("scenarios");
            if candidate.is_dir() {
                return candidate;
            }
        }
    }
    if let Some(data) = user_data_dir() {
        let dir = data.join("scenarios");
        match install_bundled(&dir) {
            Ok(()) => return dir,
            Err(e) => eprintln!("无法写出内置案例到 {}:{e}", dir.display()),
        }
    }
    here
}

/// The per-user data folder of liandong: `$XDG_DATA_HOME/liandong`, `~/.local/share/liandong`,
/// or `%APPDATA%\liandong`.
pub fn user_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("liandong"));
    }
    if let Some(dir) = std::env::var_os("APPDATA").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("liandong"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share/liandong"))
}

/// Writes the bundled files that are missing from `dir`; files already there (perhaps edited
/// by a trainer) are left alone.
pub fn install_bundled(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in BUNDLED_FILES {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(path, text)?;
        }
    }
    Ok(())
}
