//! The ledger: `ledger.jsonl`, one JSON line per published version, each line carrying
//! the hash of the line before it.
//!
//! An entry's `hash` is the sha256 of its canonical JSON without the `hash` member; the
//! line on disk must be exactly the canonical JSON of the entry, so any edited byte, even
//! white space, is found.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::FileRecord;

/// `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Everything an entry records except its own hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryBody {
    /// Position in the ledger, from 1.
    pub seq: u64,
    pub dataset: String,
    pub kind: String,
    /// Version of this dataset, from 1.
    pub version: u32,
    /// Reporting period for periodic kinds (`2025-09`).
    pub period: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub publisher: String,
    /// Why this version exists, above all for a restatement.
    pub note: Option<String>,
    /// Name of the pipeline that produced it.
    pub pipeline: Option<String>,
    /// Names and sha256 of the source files read (the files themselves are never published).
    pub sources: Vec<SourceRecord>,
    pub rows: u64,
    pub schema_hash: String,
    pub files: Vec<FileRecord>,
    pub prev_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub name: String,
    pub sha256: String,
}

/// A ledger entry as it stands on its line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub body: EntryBody,
    pub hash: String,
}

impl std::ops::Deref for Entry {
    type Target = EntryBody;
    fn deref(&self) -> &EntryBody {
        &self.body
    }
}

impl EntryBody {
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(
            serde_json::to_vec(self).expect("entries always serialise"),
        ))
    }

    pub fn seal(self) -> Entry {
        let hash = self.hash();
        Entry { body: self, hash }
    }
}

impl Entry {
    /// The line as written to the ledger, without its newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("entries always serialise")
    }

    pub fn file(&self, name: &str) -> Option<&FileRecord> {
        self.files.iter().find(|f| f.path == name)
    }

    /// The first 12 hex digits of the hash, for people.
    pub fn short_hash(&self) -> &str {
        &self.hash[..12.min(self.hash.len())]
    }
}

/// One problem with a ledger line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

/// Parses ledger text, checking every line's form, hash, sequence and link to the line
/// before. Returns the entries that parsed and every problem found.
pub fn parse(text: &str) -> (Vec<Entry>, Vec<LineProblem>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut problems = Vec::new();
    let mut prev_hash = GENESIS.to_string();
    let mut expected_seq = 1;
    let body = match text.strip_suffix('\n') {
        Some(b) => b,
        None if text.is_empty() => return (entries, problems),
        None => {
            let line = text.lines().count();
            problems.push(LineProblem {
                line,
                message: "the last line has no newline: the ledger was truncated or edited".into(),
            });
            text
        }
    };
    for (i, line) in body.split('\n').enumerate() {
        let n = i + 1;
        let mut problem = |message: String| problems.push(LineProblem { line: n, message });
        let entry: Entry = match serde_json::from_str(line) {
            Ok(e) => e,
            Err(e) => {
                problem(format!(
                    "not a ledger entry ({e}); the line was edited or truncated"
                ));
                continue;
            }
        };
        if entry.to_line() != line {
            problem("the line is not in canonical form: it was edited".into());
        }
        if entry.body.hash() != entry.hash {
            problem(format!(
                "hash mismatch: the entry's content hashes to {}, the line says {}",
                &entry.body.hash()[..12],
                &entry.hash[..12.min(entry.hash.len())]
            ));
        }
        if entry.prev_hash != prev_hash {
            problem(format!(
                "broken chain: prev_hash {} does not match the hash of the entry before ({})",
                short(&entry.prev_hash),
                short(&prev_hash)
            ));
        }
        if entry.seq != expected_seq {
            problem(format!(
                "sequence {} where {expected_seq} was expected: an entry was removed, reordered or inserted",
                entry.seq
            ));
        }
        let earlier = entries
            .iter()
            .filter(|e| e.dataset == entry.dataset)
            .map(|e| e.version)
            .max()
            .unwrap_or(0);
        if entry.version != earlier + 1 {
            problem(format!(
                "{} v{} follows v{earlier}; versions of a dataset count up by one",
                entry.dataset, entry.version
            ));
        }
        prev_hash = entry.hash.clone();
        expected_seq = entry.seq + 1;
        entries.push(entry);
    }
    (entries, problems)
}

fn short(hash: &str) -> &str {
    &hash[..12.min(hash.len())]
}

/// Cuts a torn last line (one a crash left without its newline) off the ledger at `path`,
/// and syncs it: such a line was never committed. Whether there was one; a missing or
/// unreadable ledger has none to cut.
pub fn cut_torn_line(path: &Path) -> Result<bool, (&'static str, io::Error)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(false);
    };
    if text.is_empty() || text.ends_with('\n') {
        return Ok(false);
    }
    let keep = text.rfind('\n').map_or(0, |i| i + 1);
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| ("cannot open", e))?;
    file.set_len(keep as u64)
        .map_err(|e| ("cannot truncate", e))?;
    file.sync_all().map_err(|e| ("cannot sync", e))?;
    Ok(true)
}

/// Appends `line` and its newline to the ledger at `path` and syncs the file: the commit
/// point of whatever the line records (a county's version, a national harvest). On an
/// error, says what it could not do. With `DISCLOSE_FAILPOINT=<torn>` (tests) it writes
/// half the line and aborts, as a crash in the middle of the write would.
pub fn append_synced(path: &Path, line: &str, torn: &str) -> Result<(), (&'static str, io::Error)> {
    let mut ledger = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| ("cannot open", e))?;
    let text = format!("{line}\n");
    if std::env::var("DISCLOSE_FAILPOINT").as_deref() == Ok(torn) {
        let _ = ledger.write_all(&text.as_bytes()[..text.len() / 2]);
        let _ = ledger.sync_all();
        std::process::abort();
    }
    ledger
        .write_all(text.as_bytes())
        .map_err(|e| ("cannot append to", e))?;
    ledger.sync_all().map_err(|e| ("cannot sync", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64, dataset: &str, version: u32, prev: &str) -> Entry {
        EntryBody {
            seq,
            dataset: dataset.into(),
            kind: "wards".into(),
            version,
            period: None,
            published_at: "2025-10-01T00:00:00Z".into(),
            publisher: "test".into(),
            note: None,
            pipeline: None,
            sources: vec![],
            rows: 1,
            schema_hash: "s".into(),
            files: vec![],
            prev_hash: prev.into(),
        }
        .seal()
    }

    fn ledger(entries: &[Entry]) -> String {
        entries.iter().map(|e| e.to_line() + "\n").collect()
    }

    #[test]
    fn a_chained_ledger_parses_clean() {
        let a = entry(1, "wards", 1, GENESIS);
        let b = entry(2, "wards", 2, &a.hash);
        let (entries, problems) = parse(&ledger(&[a, b]));
        assert_eq!(entries.len(), 2);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn reordered_entries_break_the_chain() {
        let a = entry(1, "wards", 1, GENESIS);
        let b = entry(2, "wards", 2, &a.hash);
        let (_, problems) = parse(&ledger(&[b, a]));
        assert!(
            problems.iter().any(|p| p.message.contains("broken chain")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_extra_space_is_an_edit() {
        let a = entry(1, "wards", 1, GENESIS);
        let text = ledger(&[a]).replacen(",\"kind\"", ", \"kind\"", 1);
        let (_, problems) = parse(&text);
        assert!(
            problems.iter().any(|p| p.message.contains("canonical")),
            "{problems:?}"
        );
    }
}
