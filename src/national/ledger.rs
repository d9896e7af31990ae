//! The national ledger: `ledger.jsonl`, one JSON line per county harvest, each carrying
//! the hash of the line before it, as the county ledger does ([`crate::store::ledger`]).
//!
//! A line records the county's code and source, the county ledger's length and head as
//! harvested, every version added (with the county entry it came from and each file's
//! path in the national store, sha256 and size) and every version it superseded. The
//! manifests and the mirrors' expected heads are derived from these lines alone.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::FileRecord;
use crate::store::ledger::{GENESIS, LineProblem};

/// Everything a harvest line records except its own hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarvestBody {
    /// Position in the national ledger, from 1.
    pub seq: u64,
    /// RFC 3339, UTC.
    pub harvested_at: String,
    /// The county's code, as its partitions name it.
    pub county: String,
    /// Where it was harvested from: a data directory or a URL, as given.
    pub source: String,
    /// The county ledger's length after this harvest.
    pub county_entries: u64,
    /// The hash of the county ledger's last entry after this harvest.
    pub county_head: String,
    pub added: Vec<Added>,
    pub superseded: Vec<Superseded>,
    pub prev_hash: String,
}

/// A county version copied into the national store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Added {
    /// The county ledger entry it came from: its `seq` and `hash`.
    pub county_seq: u64,
    pub county_hash: String,
    pub dataset: String,
    pub kind: String,
    pub period: Option<String>,
    pub version: u32,
    pub rows: u64,
    /// Each file as the county's ledger records it, but with its path in the national
    /// store (`expenditure/county=016/period=2025-09/v=1/data.parquet`).
    pub files: Vec<FileRecord>,
}

/// A version that stopped being its period's current one, and the version that replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Superseded {
    pub kind: String,
    pub period: Option<String>,
    pub version: u32,
    pub by: u32,
}

/// A harvest line as it stands in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Harvest {
    #[serde(flatten)]
    pub body: HarvestBody,
    pub hash: String,
}

impl std::ops::Deref for Harvest {
    type Target = HarvestBody;
    fn deref(&self) -> &HarvestBody {
        &self.body
    }
}

impl HarvestBody {
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(
            serde_json::to_vec(self).expect("harvest lines always serialise"),
        ))
    }

    pub fn seal(self) -> Harvest {
        let hash = self.hash();
        Harvest { body: self, hash }
    }
}

impl Harvest {
    /// The line as written to the ledger, without its newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("harvest lines always serialise")
    }
}

/// Parses national ledger text, checking every line's form, hash, sequence and link to the
/// line before. Returns the lines that parsed and every problem found.
pub fn parse(text: &str) -> (Vec<Harvest>, Vec<LineProblem>) {
    let mut harvests: Vec<Harvest> = Vec::new();
    let mut problems = Vec::new();
    let mut prev_hash = GENESIS.to_string();
    let body = match text.strip_suffix('\n') {
        Some(b) => b,
        None if text.is_empty() => return (harvests, problems),
        None => {
            problems.push(LineProblem {
                line: text.lines().count(),
                message: "the last line has no newline: the ledger was truncated or edited".into(),
            });
            text
        }
    };
    for (i, line) in body.split('\n').enumerate() {
        let n = i + 1;
        let mut problem = |message: String| problems.push(LineProblem { line: n, message });
        let harvest: Harvest = match serde_json::from_str(line) {
            Ok(h) => h,
            Err(e) => {
                problem(format!(
                    "not a harvest line ({e}); the line was edited or truncated"
                ));
                continue;
            }
        };
        if harvest.to_line() != line {
            problem("the line is not in canonical form: it was edited".into());
        }
        let hash = harvest.body.hash();
        if hash != harvest.hash {
            problem(format!(
                "hash mismatch: the line's content hashes to {}, the line says {}",
                short(&hash),
                short(&harvest.hash)
            ));
        }
        if harvest.prev_hash != prev_hash {
            problem(format!(
                "broken chain: prev_hash {} does not match the hash of the line before ({})",
                short(&harvest.prev_hash),
                short(&prev_hash)
            ));
        }
        if harvest.seq != n as u64 {
            problem(format!(
                "sequence {} where {n} was expected: a line was removed, reordered or inserted",
                harvest.seq
            ));
        }
        prev_hash = harvest.hash.clone();
        harvests.push(harvest);
    }
    (harvests, problems)
}

/// The first 12 hex digits of a hash, for people.
pub fn short(hash: &str) -> &str {
    &hash[..12.min(hash.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(seq: u64, county: &str, prev: &str) -> Harvest {
        HarvestBody {
            seq,
            harvested_at: "2026-07-01T00:00:00Z".into(),
            county: county.into(),
            source: "/srv/county".into(),
            county_entries: 1,
            county_head: "h".into(),
            added: vec![],
            superseded: vec![],
            prev_hash: prev.into(),
        }
        .seal()
    }

    fn text(lines: &[Harvest]) -> String {
        lines.iter().map(|h| h.to_line() + "\n").collect()
    }

    #[test]
    fn a_chained_national_ledger_parses_clean() {
        let a = line(1, "016", GENESIS);
        let b = line(2, "047", &a.hash);
        let (lines, problems) = parse(&text(&[a, b]));
        assert_eq!(lines.len(), 2);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn swapped_harvest_lines_break_the_chain_and_the_sequence() {
        let a = line(1, "016", GENESIS);
        let b = line(2, "047", &a.hash);
        let (_, problems) = parse(&text(&[b, a]));
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("broken chain")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("sequence")),
            "{messages:?}"
        );
    }

    #[test]
    fn an_edited_county_code_is_a_hash_mismatch() {
        let a = line(1, "016", GENESIS);
        let edited = text(&[a]).replace("\"016\"", "\"017\"");
        let (_, problems) = parse(&edited);
        assert!(
            problems.iter().any(|p| p.message.contains("hash mismatch")),
            "{problems:?}"
        );
    }
}
