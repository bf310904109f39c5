//! `liandong lrs set | status | sync`: the learning record store results are sent to.

use std::path::Path;
use std::process::ExitCode;

use super::{LrsCommand, open_store, outln, tr, words};
use crate::lang::SettingsHint;
use crate::lrs::{LrsConfig, SyncError, SyncReport, last_error, sync_once};

pub fn run(data_dir: &Path, command: LrsCommand) -> ExitCode {
    match command {
        LrsCommand::Set {
            url,
            key,
            secret_file,
            home_page,
        } => set(data_dir, &url, &key, &secret_file, home_page.as_deref()),
        LrsCommand::Status => status(data_dir),
        LrsCommand::Sync => sync(data_dir),
    }
}

fn set(
    data_dir: &Path,
    url: &str,
    key: &str,
    secret_file: &Path,
    home_page: Option<&str>,
) -> ExitCode {
    let secret = match crate::scenario::load::read_user_text(secret_file, 64 << 10) {
        Ok(secret) => secret,
        Err(e) => {
            eprintln!(
                "{}",
                tr!(
                    "无法读取密钥文件：{e}",
                    "The secret file cannot be read: {e}"
                )
            );
            return ExitCode::from(2);
        }
    };
    let config = match LrsConfig::new(url, key, &secret) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{}", config_error(&e));
            return ExitCode::from(2);
        }
    };
    if let Some(page) = home_page
        && LrsConfig::new(page, "-", "-").is_err()
    {
        eprintln!(
            "{}",
            tr!(
                "--home-page：{page} 不是 http:// 或 https:// 开头的网址",
                "--home-page: {page} is not an http:// or https:// address"
            )
        );
        return ExitCode::from(2);
    }
    let Some(mut store) = open_store(data_dir) else {
        return ExitCode::from(1);
    };
    if let Err(e) = config.save(data_dir) {
        eprintln!("{}", config_error(&e));
        return ExitCode::from(1);
    }
    if let Some(page) = home_page
        && let Err(e) = store.set_xapi_home_page(Some(page.trim().trim_end_matches('/')))
    {
        eprintln!("{}", words().errors.store(&e));
        return ExitCode::from(1);
    }
    let endpoint = &config.endpoint;
    outln!(
        "{}",
        tr!(
            "已设置学习记录库：{endpoint}（密钥只保存在数据文件夹里，仅本人可读）",
            "Learning record store set: {endpoint} (the secret is kept in the data folder, readable by you alone)"
        )
    );
    ExitCode::SUCCESS
}

fn status(data_dir: &Path) -> ExitCode {
    let config = match LrsConfig::load(data_dir) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{}", config_error(&e));
            return ExitCode::from(1);
        }
    };
    let Some(store) = super::open_store_for_reading(data_dir) else {
        return ExitCode::from(1);
    };
    match &config {
        Some(config) => {
            let endpoint = &config.endpoint;
            outln!(
                "{}",
                tr!(
                    "学习记录库：{endpoint}",
                    "Learning record store: {endpoint}"
                )
            );
        }
        None => outln!(
            "{}",
            tr!(
                "还没有设置学习记录库（liandong lrs set 地址 --key 用户名 --secret-file 密钥文件）",
                "No learning record store is set (liandong lrs set URL --key KEY --secret-file FILE)"
            )
        ),
    }
    let counts = match store.outbox_counts() {
        Ok(counts) => counts,
        Err(e) => {
            eprintln!("{}", words().errors.store(&e));
            return ExitCode::from(1);
        }
    };
    let (sent, pending, rejected) = (counts.sent, counts.pending, counts.rejected);
    outln!(
        "{}",
        tr!(
            "已同步 {sent} 条，待同步 {pending} 条",
            "Sent: {sent}; waiting: {pending}"
        )
    );
    say_refused(rejected);
    if let Some(error) = last_error(&store) {
        let why = sync_error(&error, pending);
        outln!(
            "{}",
            tr!("上次同步出错：{why}", "The last sync failed: {why}")
        );
    }
    ExitCode::SUCCESS
}

fn sync(data_dir: &Path) -> ExitCode {
    let config = match LrsConfig::load(data_dir) {
        Ok(Some(config)) => config,
        Ok(None) => {
            eprintln!("{}", sync_error(&SyncError::NotConfigured, 0));
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("{}", config_error(&e));
            return ExitCode::from(1);
        }
    };
    let Some(store) = open_store(data_dir) else {
        return ExitCode::from(1);
    };
    let SyncReport {
        sent,
        rejected,
        pending,
        error,
    } = sync_once(&store, &config);
    outln!(
        "{}",
        tr!(
            "本次同步 {sent} 条，待同步 {pending} 条",
            "Sent now: {sent}; waiting: {pending}"
        )
    );
    say_refused(rejected);
    match error {
        None => ExitCode::SUCCESS,
        Some(error) => {
            eprintln!("{}", sync_error(&error, pending));
            ExitCode::from(1)
        }
    }
}

/// A sync error in the interface's words, saying that nothing waiting is lost.
pub(super) fn sync_error(error: &SyncError, pending: usize) -> String {
    with_terminal_hint(|how| super::words().errors.sync(error, pending, how))
}

/// What went wrong with the learning record store, alone (for reading, which loses nothing).
pub(super) fn sync_reason(error: &SyncError) -> String {
    with_terminal_hint(|how| super::words().errors.sync_reason(error, how))
}

/// What to do about the store's settings, in the terminal's words.
fn with_terminal_hint(word: impl FnOnce(SettingsHint) -> String) -> String {
    let (set, reset, check) = (
        tr!(
            "请先运行 liandong lrs set 地址 --key 用户名 --secret-file 密钥文件",
            "run liandong lrs set URL --key KEY --secret-file FILE first"
        ),
        tr!(
            "请用 liandong lrs set 重新设置",
            "set them again with liandong lrs set"
        ),
        tr!(
            "请检查 liandong lrs set 的地址",
            "check the address given to liandong lrs set"
        ),
    );
    word(SettingsHint {
        set: &set,
        reset: &reset,
        check: &check,
    })
}

fn config_error(e: &crate::lrs::ConfigError) -> String {
    super::words().errors.lrs_config(e)
}

/// The statements the store refused, when there are any (they are never sent again).
fn say_refused(rejected: usize) {
    if rejected > 0 {
        outln!(
            "{}",
            tr!(
                "被学习记录库拒收 {rejected} 条（格式不被接受，不再重发）",
                "Refused by the store: {rejected} (not accepted as xAPI; not sent again)"
            )
        );
    }
}
