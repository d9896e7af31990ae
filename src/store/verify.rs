//! `disclose verify`: recomputes every hash the ledger records and reports each changed,
//! missing or extra file and each edited, reordered or truncated ledger line.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::{StoreError, hash_file, is_reserved, ledger};

/// What verification found.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub entries: usize,
    pub files: usize,
    pub bytes: u64,
    pub head: String,
    /// Interrupted publishes that opening the store finished or discarded.
    pub recovered: Vec<String>,
    /// Every problem, each naming the path or ledger line.
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the store at `root` against its own ledger.
pub fn verify(root: &Path) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    // Opening finishes or discards an interrupted publish first, so a crash is not reported
    // as tampering; it fails only if the ledger is damaged, which is read below anyway.
    if let Ok(store) = super::Store::open(root) {
        report.recovered = store.recovered;
    }
    let ledger_path = root.join("ledger.jsonl");
    let text = match fs::read_to_string(&ledger_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => match fs::read(&ledger_path) {
            Ok(_) => {
                report.problems.push(format!(
                    "{}: not UTF-8 text ({e}): the ledger was edited",
                    ledger_path.display()
                ));
                String::new()
            }
            Err(source) => {
                return Err(StoreError::Io {
                    action: "cannot read",
                    path: ledger_path,
                    source,
                });
            }
        },
    };
    let (entries, problems) = ledger::parse(&text);
    for p in problems {
        report.problems.push(format!(
            "{} line {}: {}",
            ledger_path.display(),
            p.line,
            p.message
        ));
    }
    report.entries = entries.len();
    report.head = entries
        .last()
        .map_or(ledger::GENESIS.to_string(), |e| e.hash.clone());

    let mut expected_dirs: BTreeSet<String> = BTreeSet::new();
    for entry in &entries {
        let dir = entry.dir(root);
        expected_dirs.insert(format!("{}/v{}", entry.dataset, entry.version));
        if !dir.is_dir() {
            report.problems.push(format!(
                "{}: missing (ledger line {} records it)",
                dir.display(),
                entry.seq
            ));
            continue;
        }
        for file in &entry.files {
            let path = dir.join(&file.path);
            match hash_file(&path) {
                Ok((sha, bytes)) => {
                    report.files += 1;
                    report.bytes += bytes;
                    if bytes != file.bytes {
                        report.problems.push(format!(
                            "{}: {bytes} bytes, the ledger records {}",
                            path.display(),
                            file.bytes
                        ));
                    }
                    if sha != file.sha256 {
                        report.problems.push(format!(
                            "{}: sha256 {}…, the ledger records {}…: the file was changed",
                            path.display(),
                            &sha[..12],
                            &file.sha256[..12.min(file.sha256.len())]
                        ));
                    }
                }
                Err(e) => report.problems.push(format!(
                    "{}: {e} (ledger line {} records it)",
                    path.display(),
                    entry.seq
                )),
            }
        }
        if let Ok(items) = fs::read_dir(&dir) {
            for item in items.flatten() {
                let name = item.file_name().to_string_lossy().into_owned();
                if entry.file(&name).is_none() {
                    report.problems.push(format!(
                        "{}: extra file, not in the ledger",
                        item.path().display()
                    ));
                }
            }
        }
    }

    // Anything in the store that no ledger line accounts for.
    if let Ok(items) = fs::read_dir(root) {
        for item in items.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            if is_reserved(&name) {
                continue;
            }
            if !item.path().is_dir() {
                report.problems.push(format!(
                    "{}: extra file, not in the ledger",
                    item.path().display()
                ));
                continue;
            }
            for v in fs::read_dir(item.path()).into_iter().flatten().flatten() {
                let key = format!("{name}/{}", v.file_name().to_string_lossy());
                if !expected_dirs.contains(&key) {
                    report.problems.push(format!(
                        "{}: extra version, not in the ledger",
                        v.path().display()
                    ));
                }
            }
        }
    }
    Ok(report)
}
