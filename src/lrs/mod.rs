//! Live sync to a learning record store (LRS) speaking xAPI 1.0.3: the endpoint and its
//! credentials ([`LrsConfig`], kept in the data folder, readable by its owner alone), sending
//! the outbox ([`sync_once`]; [`Sender`] does it on a background thread with retry and
//! back-off), and reading statements back ([`fetch_statements`]) for a head office's report.
//!
//! Plain Rust over a blocking HTTP client (ureq with rustls: no system OpenSSL), so the app
//! runs the [`Sender`] on a thread of its own and play never waits for the network.

pub mod report;
mod sender;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::export::xapi::iri_segment;
use crate::store::{Queued, Store};

pub use sender::{Sender, SenderStatus};

/// The file in the data folder that holds the endpoint and credentials.
pub const CONFIG_FILE: &str = "lrs.json";
/// Statements per request: a few hundred kilobytes.
pub const BATCH: usize = 100;
/// The xAPI version every request declares.
pub const XAPI_VERSION: &str = "1.0.3";

/// Where statements go and the key and secret of HTTP basic authentication. The secret is
/// never printed: `Debug` leaves it out, and nothing writes it but [`LrsConfig::save`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example-bank.cn/xAPI` (statements are at
    /// `<endpoint>/statements`).
    pub endpoint: String,
    pub key: String,
    pub secret: String,
}

impl std::fmt::Debug for LrsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsConfig")
            .field("endpoint", &self.endpoint)
            .field("key", &"…")
            .field("secret", &"…")
            .finish()
    }
}

/// Why the LRS settings cannot be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The endpoint is not an http:// or https:// URL.
    NotAnEndpoint(String),
    /// The key or the secret is empty (or the secret file held nothing).
    EmptyCredential,
    /// The settings file cannot be read, written or parsed.
    File { path: PathBuf, detail: String },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::NotAnEndpoint(url) => {
                write!(f, "{url} is not an http:// or https:// address")
            }
            ConfigError::EmptyCredential => write!(f, "the key or the secret is empty"),
            ConfigError::File { path, detail } => write!(f, "{}: {detail}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

impl LrsConfig {
    /// Checked settings: an http(s) endpoint, a key and a secret that are not blank.
    pub fn new(endpoint: &str, key: &str, secret: &str) -> Result<LrsConfig, ConfigError> {
        let endpoint = endpoint.trim().trim_end_matches('/');
        let endpoint = endpoint.strip_suffix("/statements").unwrap_or(endpoint);
        let lower = endpoint.to_ascii_lowercase();
        let host = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.starts_with('/')) {
            return Err(ConfigError::NotAnEndpoint(endpoint.to_owned()));
        }
        let (key, secret) = (key.trim(), secret.trim_end_matches(['\r', '\n']));
        if key.is_empty() || secret.trim().is_empty() {
            return Err(ConfigError::EmptyCredential);
        }
        Ok(LrsConfig {
            endpoint: endpoint.to_owned(),
            key: key.to_owned(),
            secret: secret.to_owned(),
        })
    }

    /// The settings kept in `data_dir`, or `None` when none were set.
    pub fn load(data_dir: &Path) -> Result<Option<LrsConfig>, ConfigError> {
        let path = data_dir.join(CONFIG_FILE);
        let file_error = |detail: String| ConfigError::File {
            path: path.clone(),
            detail,
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(file_error(e.to_string())),
        };
        let config: LrsConfig =
            serde_json::from_str(&text).map_err(|e| file_error(e.to_string()))?;
        Ok(Some(config))
    }

    /// Writes the settings into `data_dir` whole (a temporary file renamed), readable and
    /// writable by the owner alone (0600 on Unix).
    pub fn save(&self, data_dir: &Path) -> Result<(), ConfigError> {
        let path = data_dir.join(CONFIG_FILE);
        let file_error = |e: std::io::Error| ConfigError::File {
            path: path.clone(),
            detail: e.to_string(),
        };
        std::fs::create_dir_all(data_dir).map_err(file_error)?;
        // a temporary file is created 0600: the secret is never readable by others, not
        // even for a moment
        let mut file = tempfile::Builder::new()
            .prefix(".lrs-")
            .tempfile_in(data_dir)
            .map_err(file_error)?;
        let json = serde_json::to_vec_pretty(self).expect("settings serialise");
        std::io::Write::write_all(&mut file, &json).map_err(file_error)?;
        file.as_file().sync_all().map_err(file_error)?;
        file.persist(&path).map_err(|e| file_error(e.error))?;
        Ok(())
    }

    /// `<endpoint>/statements`.
    pub fn statements_url(&self) -> String {
        format!("{}/statements", self.endpoint)
    }

    fn authorization(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.key, self.secret).as_bytes())
        )
    }

    /// `scheme://host[:port]` of the endpoint, to resolve the `more` links an LRS gives as
    /// absolute paths.
    fn origin(&self) -> &str {
        let after_scheme = self.endpoint.find("://").map_or(0, |i| i + 3);
        match self.endpoint[after_scheme..].find('/') {
            Some(i) => &self.endpoint[..after_scheme + i],
            None => &self.endpoint,
        }
    }
}

/// Why statements could not be sent or read. Kept in the store as JSON (the last error of
/// the sender) and worded by the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncError {
    /// No LRS is set (`liandong lrs set`).
    NotConfigured,
    /// The LRS could not be reached: refused, timed out, name not found.
    Unreachable { detail: String },
    /// The LRS refused the key and secret (HTTP 401 or 403).
    Credentials { status: u16 },
    /// The LRS answered with another error status: 404 for a wrong endpoint, 5xx when it is
    /// in trouble.
    Status { status: u16, detail: String },
    /// The LRS's answer could not be read as xAPI.
    BadAnswer { detail: String },
    /// The local database could not be read or written.
    Store { detail: String },
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::NotConfigured => write!(f, "no learning record store is set"),
            SyncError::Unreachable { detail } => {
                write!(f, "the learning record store cannot be reached: {detail}")
            }
            SyncError::Credentials { status } => write!(
                f,
                "the learning record store refused the key and secret (HTTP {status})"
            ),
            SyncError::Status { status, detail } => {
                write!(
                    f,
                    "the learning record store answered HTTP {status}: {detail}"
                )
            }
            SyncError::BadAnswer { detail } => {
                write!(
                    f,
                    "the learning record store's answer cannot be read: {detail}"
                )
            }
            SyncError::Store { detail } => write!(f, "database error: {detail}"),
        }
    }
}

impl std::error::Error for SyncError {}

impl From<crate::store::StoreError> for SyncError {
    fn from(e: crate::store::StoreError) -> Self {
        SyncError::Store {
            detail: e.to_string(),
        }
    }
}

/// What one [`sync_once`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Statements the LRS accepted (or already had) in this round.
    pub sent: usize,
    /// Statements the LRS refused as malformed in this round (kept, not sent again).
    pub rejected: usize,
    /// Statements still waiting after this round.
    pub pending: usize,
    /// Why the round stopped early; the waiting statements are all kept.
    pub error: Option<SyncError>,
}

/// An HTTP client for one LRS.
pub struct Client {
    config: LrsConfig,
    agent: ureq::Agent,
}

/// How a POST of statements ended.
enum Posted {
    Accepted,
    /// HTTP 400: at least one statement is malformed; what the LRS said.
    Malformed(String),
}

impl Client {
    pub fn new(config: &LrsConfig) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client {
            config: config.clone(),
            agent,
        }
    }

    fn post(&self, batch: &[Queued]) -> Result<Posted, SyncError> {
        let mut body = String::with_capacity(batch.iter().map(|q| q.body.len() + 1).sum());
        body.push('[');
        for (i, queued) in batch.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&queued.body);
        }
        body.push(']');
        let response = self
            .agent
            .post(self.config.statements_url())
            .header("Authorization", self.config.authorization())
            .header("X-Experience-API-Version", XAPI_VERSION)
            .content_type("application/json")
            .send(body.as_bytes())
            .map_err(unreachable)?;
        let status = response.status().as_u16();
        match status {
            200..=299 => Ok(Posted::Accepted),
            400 => Ok(Posted::Malformed(answer_text(response))),
            401 | 403 => Err(SyncError::Credentials { status }),
            _ => Err(SyncError::Status {
                status,
                detail: answer_text(response),
            }),
        }
    }

    /// One page of statements from `url`; the page's statements and its `more` link.
    fn get_page(&self, url: &str) -> Result<(Vec<Value>, Option<String>), SyncError> {
        let response = self
            .agent
            .get(url)
            .header("Authorization", self.config.authorization())
            .header("X-Experience-API-Version", XAPI_VERSION)
            .call()
            .map_err(unreachable)?;
        let status = response.status().as_u16();
        match status {
            200 => {}
            401 | 403 => return Err(SyncError::Credentials { status }),
            _ => {
                return Err(SyncError::Status {
                    status,
                    detail: answer_text(response),
                });
            }
        }
        let text = response
            .into_body()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(unreachable)?;
        let page: Value = serde_json::from_str(&text).map_err(|e| SyncError::BadAnswer {
            detail: e.to_string(),
        })?;
        let statements =
            page["statements"]
                .as_array()
                .cloned()
                .ok_or_else(|| SyncError::BadAnswer {
                    detail: "no statements in the answer".into(),
                })?;
        let more = page["more"]
            .as_str()
            .filter(|m| !m.is_empty())
            .map(|more| self.resolve(more));
        Ok((statements, more))
    }

    fn resolve(&self, more: &str) -> String {
        if more.starts_with("http://") || more.starts_with("https://") {
            more.to_owned()
        } else if more.starts_with('/') {
            format!("{}{more}", self.config.origin())
        } else {
            format!("{}/{more}", self.config.endpoint)
        }
    }
}

/// A transport failure (no HTTP answer at all) in the words of the system.
fn unreachable(e: ureq::Error) -> SyncError {
    SyncError::Unreachable {
        detail: e.to_string(),
    }
}

/// The first 500 characters of an error answer's body.
fn answer_text(response: ureq::http::Response<ureq::Body>) -> String {
    let text = response
        .into_body()
        .with_config()
        .limit(64 << 10)
        .read_to_string()
        .unwrap_or_default();
    text.chars().take(500).collect()
}

/// Sends every statement waiting in the outbox, in batches of [`BATCH`], until none is left or
/// the LRS cannot take more; remembers the error (or that there was none) for
/// [`last_error`]. Statements already at the LRS are accepted again without being stored
/// twice (their ids are deterministic). A batch the LRS finds malformed is sent one statement
/// at a time, so only the bad statement is set aside (marked rejected, with the LRS's reason).
pub fn sync_once(store: &Store, config: &LrsConfig) -> SyncReport {
    let mut report = SyncReport::default();
    let result = send_all(store, &Client::new(config), &mut report);
    report.error = result.err();
    let kept = report
        .error
        .as_ref()
        .map(|e| serde_json::to_string(e).expect("an error serialises"));
    // the report says it anyway; a failure to note it changes nothing that was sent
    let _ = store.set_sync_error(kept.as_deref());
    report.pending = store.outbox_counts().map(|c| c.pending).unwrap_or(0);
    report
}

fn send_all(store: &Store, client: &Client, report: &mut SyncReport) -> Result<(), SyncError> {
    store.outbox_queue_missing()?;
    loop {
        let batch = store.outbox_pending(BATCH)?;
        if batch.is_empty() {
            return Ok(());
        }
        match client.post(&batch)? {
            Posted::Accepted => {
                let rows: Vec<i64> = batch.iter().map(|q| q.row).collect();
                store.outbox_mark_sent(&rows)?;
                report.sent += rows.len();
            }
            Posted::Malformed(_) => {
                for queued in batch {
                    match client.post(std::slice::from_ref(&queued))? {
                        Posted::Accepted => {
                            store.outbox_mark_sent(&[queued.row])?;
                            report.sent += 1;
                        }
                        Posted::Malformed(reason) => {
                            store.outbox_mark_rejected(queued.row, &reason)?;
                            report.rejected += 1;
                        }
                    }
                }
            }
        }
    }
}

/// The error the last sync ended with, if it did.
pub fn last_error(store: &Store) -> Option<SyncError> {
    let kept = store.sync_error().ok()??;
    serde_json::from_str(&kept).ok()
}

/// Which statements to read back from an LRS.
#[derive(Debug, Clone, Default)]
pub struct StatementQuery {
    /// Only statements with a timestamp at or after this.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only this verb's statements.
    pub verb: Option<String>,
    /// Statements per page.
    pub limit: Option<usize>,
}

/// Every statement matching `query`, following the LRS's `more` links page by page.
pub fn fetch_statements(
    config: &LrsConfig,
    query: &StatementQuery,
) -> Result<Vec<Value>, SyncError> {
    let client = Client::new(config);
    let mut params = Vec::new();
    if let Some(verb) = &query.verb {
        params.push(format!("verb={}", iri_segment(verb)));
    }
    if let Some(since) = query.since {
        let since = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        params.push(format!("since={}", iri_segment(&since)));
    }
    params.push(format!("limit={}", query.limit.unwrap_or(500)));
    let mut url = format!("{}?{}", config.statements_url(), params.join("&"));
    let mut statements = Vec::new();
    let mut seen = std::collections::HashSet::new();
    loop {
        let (page, more) = client.get_page(&url)?;
        let before = statements.len();
        for statement in page {
            // an LRS whose pages overlap must not count a statement twice
            if seen.insert(statement["id"].as_str().unwrap_or_default().to_owned()) {
                statements.push(statement);
            }
        }
        match more {
            // a `more` that brings nothing new would loop for ever
            Some(next) if statements.len() > before && next != url => url = next,
            _ => return Ok(statements),
        }
    }
}

/// Standard base64 with padding (RFC 4648), for the basic authentication header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64("用户:密".as_bytes()), "55So5oi3OuWvhg==");
    }

    #[test]
    fn endpoints_are_checked_and_normalised() {
        let config = LrsConfig::new("http://127.0.0.1:8100/xAPI/", "k", "s\n").expect("valid");
        assert_eq!(config.endpoint, "http://127.0.0.1:8100/xAPI");
        assert_eq!(config.secret, "s");
        assert_eq!(
            config.statements_url(),
            "http://127.0.0.1:8100/xAPI/statements"
        );
        assert_eq!(config.origin(), "http://127.0.0.1:8100");
        let same = LrsConfig::new("http://127.0.0.1:8100/xAPI/statements", "k", "s").expect("ok");
        assert_eq!(same.endpoint, config.endpoint);
        assert!(LrsConfig::new("ftp://x", "k", "s").is_err());
        assert!(LrsConfig::new("http://", "k", "s").is_err());
        assert!(LrsConfig::new("http://x", " ", "s").is_err());
        assert!(LrsConfig::new("http://x", "k", "\n").is_err());
        assert!(!format!("{config:?}").contains("\"s\""));
    }
}
