//! The server's settings: `disclose.toml` (optional), then `DISCLOSE_*` variables, then
//! flags, each overriding the one before. Every key has a default, so a fresh clone runs
//! with no file at all. An unknown key is a warning, not an error: a typo must not stop
//! a county's site, but it must not pass unseen either.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Every setting, with its default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The state database: `sqlite:PATH` or `postgres://…`. Default: `disclose.sqlite`
    /// in the state directory.
    pub database: Option<String>,
    /// Where the state database, uploads in progress, report photos and demo accounts live.
    pub state_dir: PathBuf,
    /// The site's public address (`https://data.mlima.go.ke`): the links that leave the
    /// screen (a reporter's private tracking link, printed packs and notices; without it,
    /// the address the request came to), and whether staff cookies are marked `Secure`.
    pub public_url: Option<String>,
    pub uploads: Uploads,
    pub sessions: Sessions,
    pub sign_in: SignIn,
    pub limits: Limits,
    pub feedback: FeedbackSettings,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct FeedbackSettings {
    /// The largest photo a report may carry, in bytes (JPEG, PNG or WebP; kept as a JPEG
    /// of at most 1,600 px in `state_dir/photos/`). Default: 10 MB (10485760). A form
    /// body larger than this and 64 KB of text is refused with 413.
    pub photo_max_bytes: u64,
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        Self {
            photo_max_bytes: 10 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Reports one address may send a minute through the form (a burst of this many,
    /// then one every 60/n seconds); past it, 429 with Retry-After.
    pub reports_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            reports_per_minute: 10,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Uploads {
    /// The largest upload accepted, in bytes, all files of one upload together.
    pub max_bytes: u64,
    /// Days an upload that was neither published nor abandoned is kept.
    pub keep_days: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Sessions {
    /// Hours without a request after which a staff session ends.
    pub idle_hours: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct SignIn {
    /// Failed sign-ins within the window after which an account is locked.
    pub max_failures_per_account: u32,
    /// Failed sign-ins within the window after which an address is locked (an office's
    /// shared connection counts once, so this is higher).
    pub max_failures_per_address: u32,
    /// The window, in minutes.
    pub window_minutes: u32,
    /// Failures after which each further attempt is slowed down.
    pub slow_after: u32,
    /// Milliseconds added per failure past `slow_after` (at most 5 seconds in all).
    pub slow_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database: None,
            state_dir: PathBuf::from("state"),
            public_url: None,
            uploads: Uploads::default(),
            sessions: Sessions::default(),
            sign_in: SignIn::default(),
            limits: Limits::default(),
            feedback: FeedbackSettings::default(),
        }
    }
}

impl Default for Uploads {
    fn default() -> Self {
        Self {
            max_bytes: 100 * 1024 * 1024,
            keep_days: 7,
        }
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Self { idle_hours: 8 }
    }
}

impl Default for SignIn {
    fn default() -> Self {
        Self {
            max_failures_per_account: 10,
            max_failures_per_address: 30,
            window_minutes: 15,
            slow_after: 3,
            slow_ms: 500,
        }
    }
}

/// Every key the file may hold, as `table.key`: the unknown-key check and the variables
/// (`uploads.max_bytes` is `DISCLOSE_UPLOADS_MAX_BYTES`) are read off this list.
pub const KEYS: [&str; 13] = [
    "database",
    "state_dir",
    "public_url",
    "uploads.max_bytes",
    "uploads.keep_days",
    "sessions.idle_hours",
    "sign_in.max_failures_per_account",
    "sign_in.max_failures_per_address",
    "sign_in.window_minutes",
    "sign_in.slow_after",
    "sign_in.slow_ms",
    "limits.reports_per_minute",
    "feedback.photo_max_bytes",
];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{name}={value}: {message}")]
    Variable {
        name: String,
        value: String,
        message: String,
    },
}

/// The settings and what was odd about them (unknown keys), for the caller to print.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
}

impl Config {
    /// Reads `file` if it exists (a missing default file is no error; a missing named file
    /// is), then the `DISCLOSE_*` variables of `env`.
    pub fn load(
        file: &Path,
        must_exist: bool,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Loaded, ConfigError> {
        let mut table = match std::fs::read_to_string(file) {
            Ok(text) => text
                .parse::<toml::Table>()
                .map_err(|e| ConfigError::Parse {
                    path: file.to_path_buf(),
                    message: e.to_string(),
                })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => toml::Table::new(),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: file.to_path_buf(),
                    source,
                });
            }
        };
        let warnings = unknown_keys(&table)
            .into_iter()
            .map(|k| {
                format!(
                    "{}: unknown key `{k}` is ignored; the keys are {}",
                    file.display(),
                    KEYS.join(", ")
                )
            })
            .collect();
        for key in KEYS {
            let name = variable(key);
            if let Some(value) = env(&name) {
                set(&mut table, key, &value).map_err(|message| ConfigError::Variable {
                    name,
                    value,
                    message,
                })?;
            }
        }
        let config =
            Config::deserialize(toml::Value::Table(table)).map_err(|e| ConfigError::Parse {
                path: file.to_path_buf(),
                message: format!("{e} (after applying DISCLOSE_* variables)"),
            })?;
        Ok(Loaded { config, warnings })
    }

    /// The database URL: as set, or SQLite in the state directory.
    pub fn database_url(&self) -> String {
        self.database.clone().unwrap_or_else(|| {
            format!(
                "sqlite:{}",
                self.state_dir.join("disclose.sqlite").display()
            )
        })
    }

    /// Whether the public address is https, so that cookies must be `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// `uploads.max_bytes` → `DISCLOSE_UPLOADS_MAX_BYTES`.
pub fn variable(key: &str) -> String {
    format!("DISCLOSE_{}", key.replace('.', "_").to_ascii_uppercase())
}

/// Sets `key` (dotted) in `table` from a variable's text: a whole number if it is one.
fn set(table: &mut toml::Table, key: &str, text: &str) -> Result<(), String> {
    let value = match text.parse::<i64>() {
        Ok(n) => toml::Value::Integer(n),
        Err(_) => toml::Value::String(text.to_string()),
    };
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().unwrap_or(key);
    let mut at = table;
    for part in parts {
        at = at
            .entry(part)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .ok_or_else(|| format!("`{part}` in the file is not a table"))?;
    }
    at.insert(last.to_string(), value);
    Ok(())
}

fn unknown_keys(table: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in table {
        match v.as_table() {
            Some(inner) if KEYS.iter().any(|known| known.starts_with(&format!("{k}."))) => {
                for k2 in inner.keys() {
                    let key = format!("{k}.{k2}");
                    if !KEYS.contains(&key.as_str()) {
                        out.push(key);
                    }
                }
            }
            _ if KEYS.contains(&k.as_str()) => {}
            _ => out.push(k.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, env: &[(&str, &str)]) -> Result<Loaded, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disclose.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path, true, |name| {
            env.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn no_file_gives_the_defaults() {
        let loaded = Config::load(Path::new("/nonexistent/disclose.toml"), false, |_| None)
            .expect("a missing default file is fine");
        assert_eq!(loaded.config, Config::default());
        assert_eq!(loaded.config.database_url(), "sqlite:state/disclose.sqlite");
        assert!(Config::load(Path::new("/nonexistent/disclose.toml"), true, |_| None).is_err());
    }

    #[test]
    fn the_file_then_variables_set_values_and_unknown_keys_warn() {
        let loaded = load(
            "public_url = \"https://data.example\"\n[uploads]\nmax_bytes = 5\nmax_byte = 6\n[sesions]\nidle_hours = 1\n",
            &[("DISCLOSE_UPLOADS_MAX_BYTES", "7"), ("DISCLOSE_SIGN_IN_SLOW_MS", "0")],
        )
        .unwrap();
        assert_eq!(loaded.config.uploads.max_bytes, 7);
        assert_eq!(loaded.config.sign_in.slow_ms, 0);
        assert!(loaded.config.is_https());
        assert_eq!(loaded.config.sessions.idle_hours, 8);
        assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
        assert!(
            loaded.warnings[0].contains("`sesions`") || loaded.warnings[1].contains("`sesions`")
        );
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.contains("`uploads.max_byte`"))
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_says_where() {
        let err = load("[uploads]\nmax_bytes = \"lots\"\n", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("disclose.toml") && err.contains("max_bytes"),
            "{err}"
        );
        let err = load("", &[("DISCLOSE_SESSIONS_IDLE_HOURS", "eight")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("idle_hours"), "{err}");
    }
}
