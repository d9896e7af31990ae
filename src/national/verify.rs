//! `disclose verify --national`: re-checks the national ledger's chain, every mirrored
//! county ledger's chain and its agreement with the national lines, every file's size and
//! sha256, that nothing is in the store that no line accounts for, and that every manifest
//! is the one the ledger gives.
//!
//! It first takes the harvest lock (waiting for a running harvest) and finishes or
//! discards what a killed harvest left, so a kill is not reported as damage; on a store it
//! cannot write to, it only reads.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, OpenOptions};
use std::path::Path;

use super::ledger::{self, short};
use super::{
    Harvest, LEDGER, Lock, MIRRORS, NationalError, STAGING, check_code, manifest, manifest_name,
    mirror_path, version_dir,
};
use crate::store::{self, hash_file};

/// What verification found.
#[derive(Debug, Default)]
pub struct NationalReport {
    pub harvests: usize,
    pub counties: usize,
    pub versions: usize,
    pub files: usize,
    pub bytes: u64,
    pub head: String,
    /// What finishing or discarding a killed harvest did first.
    pub recovered: Vec<String>,
    /// Every problem, each naming the county, the line or entry, and the file.
    pub problems: Vec<String>,
}

impl NationalReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the national store at `root`.
pub fn verify(root: &Path) -> Result<NationalReport, NationalError> {
    let mut report = NationalReport::default();
    if !root.join(LEDGER).exists() && !root.join(STAGING).exists() {
        report.problems.push(format!(
            "{}: no national ledger here; harvest first",
            root.display()
        ));
        return Ok(report);
    }
    if let Ok(file) = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".lock"))
        && file.lock().is_ok()
    {
        let lock = Lock(file);
        // A damaged ledger stops recovery; it is reported below in full.
        if let Ok(notes) = super::harvest::recover(root, &lock) {
            report.recovered = notes;
        }
    }

    let ledger_path = root.join(LEDGER);
    let text = match fs::read(&ledger_path) {
        Ok(bytes) => String::from_utf8(bytes).unwrap_or_else(|_| {
            report.problems.push(format!(
                "{}: not UTF-8 text: the national ledger was edited",
                ledger_path.display()
            ));
            String::new()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(super::io_err("cannot read", &ledger_path)(e)),
    };
    let (harvests, problems) = ledger::parse(&text);
    for p in problems {
        report.problems.push(format!(
            "{} line {}: {}",
            ledger_path.display(),
            p.line,
            p.message
        ));
    }
    report.harvests = harvests.len();
    report.head = harvests
        .last()
        .map_or(store::ledger::GENESIS.to_string(), |h| h.hash.clone());

    let recorded = check_lines(&harvests, &mut report.problems);
    report.versions = harvests.iter().map(|h| h.added.len()).sum();
    let counties: BTreeSet<&str> = harvests.iter().map(|h| h.county.as_str()).collect();
    report.counties = counties.len();
    for county in &counties {
        check_mirror(root, county, &harvests, &mut report.problems);
    }
    for (path, (county, line, record)) in &recorded {
        let at = root.join(path);
        match hash_file(&at) {
            Ok((sha, bytes)) => {
                report.files += 1;
                report.bytes += bytes;
                if bytes != record.bytes || sha != record.sha256 {
                    report.problems.push(format!(
                        "county {county}, {path}: {bytes} bytes with sha256 {}…, national line {line} records {} bytes with sha256 {}…: the file was changed",
                        short(&sha),
                        record.bytes,
                        short(&record.sha256)
                    ));
                }
            }
            Err(e) => report.problems.push(format!(
                "county {county}, {path}: {e} (national line {line} records it)"
            )),
        }
    }
    check_extra(root, &harvests, &recorded, &mut report.problems);
    check_manifests(root, &harvests, &mut report.problems);
    Ok(report)
}

type Recorded<'a> = BTreeMap<&'a str, (&'a str, u64, &'a store::FileRecord)>;

/// Checks what each line says against the lines before it; returns every recorded file by
/// its path, with its county and line.
fn check_lines<'a>(harvests: &'a [Harvest], problems: &mut Vec<String>) -> Recorded<'a> {
    let mut recorded = Recorded::new();
    let mut entries: BTreeMap<&str, u64> = BTreeMap::new();
    let mut current = super::harvest::CurrentVersions::default();
    for h in harvests {
        let at = format!("national line {}, county {}", h.seq, h.county);
        if check_code(&h.county).is_err() {
            problems.push(format!("{at}: `{}` is not a county code", h.county));
            continue;
        }
        let before = entries.insert(&h.county, h.county_entries).unwrap_or(0);
        let seqs: Vec<u64> = h.added.iter().map(|a| a.county_seq).collect();
        if seqs != (before + 1..=h.county_entries).collect::<Vec<_>>() {
            problems.push(format!(
                "{at}: adds county entries {seqs:?}, where entries {} to {} follow the last harvest",
                before + 1,
                h.county_entries
            ));
        }
        let expected = current.supersede(&h.county, &h.added);
        if h.superseded != expected {
            problems.push(format!(
                "{at}: records {:?} as superseded, where the ledger before it gives {expected:?}",
                h.superseded
            ));
        }
        for a in &h.added {
            let dir = version_dir(&a.kind, &h.county, a.period.as_deref(), a.version);
            for f in &a.files {
                let name = f.path.strip_prefix(&dir).and_then(|n| n.strip_prefix('/'));
                if name.is_none_or(|n| n.contains('/') || n.contains("..") || n.is_empty()) {
                    problems.push(format!(
                        "{at}: {} v{}: file {} is not in its version's folder {dir}",
                        a.dataset, a.version, f.path
                    ));
                    continue;
                }
                if recorded
                    .insert(f.path.as_str(), (&h.county, h.seq, f))
                    .is_some()
                {
                    problems.push(format!("{at}: {} is recorded twice", f.path));
                }
            }
        }
    }
    recorded
}

/// The county's mirrored ledger: its own chain whole, as long as the last harvest says,
/// ending at the head it recorded, and each added version as its county entry records it.
fn check_mirror(root: &Path, county: &str, harvests: &[Harvest], problems: &mut Vec<String>) {
    let path = mirror_path(root, county);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(format!(
                "county {county}, {}: {e}: the mirrored county ledger is missing or unreadable",
                path.display()
            ));
            return;
        }
    };
    let (entries, chain) = store::ledger::parse(&text);
    for p in chain {
        problems.push(format!(
            "county {county}, {} line {}: {}",
            path.display(),
            p.line,
            p.message
        ));
    }
    let last = harvests
        .iter()
        .rev()
        .find(|h| h.county == county)
        .expect("counties come from the lines");
    let head = entries.last().map_or("", |e| e.hash.as_str());
    if entries.len() as u64 != last.county_entries || head != last.county_head {
        problems.push(format!(
            "county {county}, {}: {} entries ending at {}, where national line {} records {} ending at {}",
            path.display(),
            entries.len(),
            short(head),
            last.seq,
            last.county_entries,
            short(&last.county_head)
        ));
    }
    for h in harvests.iter().filter(|h| h.county == county) {
        for a in &h.added {
            let at = format!(
                "county {county}, entry {} ({} v{}), national line {}",
                a.county_seq, a.dataset, a.version, h.seq
            );
            let Some(entry) = (a.county_seq as usize)
                .checked_sub(1)
                .and_then(|i| entries.get(i))
            else {
                problems.push(format!("{at}: not in the mirrored county ledger"));
                continue;
            };
            let same = entry.hash == a.county_hash
                && entry.dataset == a.dataset
                && entry.kind == a.kind
                && entry.period == a.period
                && entry.version == a.version
                && entry.rows == a.rows
                && entry.files.len() == a.files.len()
                && entry.files.iter().zip(&a.files).all(|(c, n)| {
                    n.path.rsplit('/').next() == Some(c.path.as_str())
                        && (&c.sha256, c.bytes, c.rows) == (&n.sha256, n.bytes, n.rows)
                });
            if !same {
                problems.push(format!(
                    "{at}: the national line and the county's ledger entry (hash {}) disagree",
                    short(&entry.hash)
                ));
            }
        }
    }
}

/// Anything in the store that no line accounts for: files in the partitions, manifests of
/// no kind, mirrors of no county.
fn check_extra(root: &Path, harvests: &[Harvest], recorded: &Recorded, problems: &mut Vec<String>) {
    let kinds: BTreeSet<&str> = harvests
        .iter()
        .flat_map(|h| h.added.iter().map(|a| a.kind.as_str()))
        .collect();
    let counties: BTreeSet<&str> = harvests.iter().map(|h| h.county.as_str()).collect();
    let Ok(items) = fs::read_dir(root) else {
        return;
    };
    for item in items.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let path = item.path();
        if name.starts_with('.') || name == LEDGER {
            continue;
        }
        if name == MIRRORS {
            for m in fs::read_dir(&path).into_iter().flatten().flatten() {
                let code = m.file_name().to_string_lossy().into_owned();
                if !counties.contains(code.as_str()) {
                    problems.push(format!(
                        "{}: a mirror of no harvested county",
                        m.path().display()
                    ));
                }
            }
            continue;
        }
        if path.is_dir() {
            let mut stack = vec![path];
            while let Some(dir) = stack.pop() {
                for f in fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let p = f.path();
                    if p.is_dir() {
                        stack.push(p);
                        continue;
                    }
                    let relative = p
                        .strip_prefix(root)
                        .expect("walked from the root")
                        .to_string_lossy()
                        .replace('\\', "/");
                    if !recorded.contains_key(relative.as_str()) {
                        problems.push(format!(
                            "{}: extra file, not in the national ledger",
                            p.display()
                        ));
                    }
                }
            }
        } else if !kinds.iter().any(|k| manifest_name(k) == name) {
            problems.push(format!(
                "{}: extra file, not in the national ledger",
                path.display()
            ));
        }
    }
}

/// Every kind's manifest is the one the ledger gives, row for row.
fn check_manifests(root: &Path, harvests: &[Harvest], problems: &mut Vec<String>) {
    let kinds: BTreeSet<&str> = harvests
        .iter()
        .flat_map(|h| h.added.iter().map(|a| a.kind.as_str()))
        .collect();
    let current = manifest::current(harvests);
    for kind in kinds {
        let path = root.join(manifest_name(kind));
        let expected = current.get(kind).map_or(&[][..], Vec::as_slice);
        match manifest::read(&path) {
            Ok(rows) if rows == expected => {}
            Ok(rows) => {
                let at = rows
                    .iter()
                    .zip(expected)
                    .position(|(a, b)| a != b)
                    .unwrap_or(rows.len().min(expected.len()));
                let describe = |r: Option<&manifest::Current>| {
                    r.map_or("nothing".to_string(), |r| {
                        format!(
                            "county {} period {} v{} ({})",
                            r.county,
                            r.period.as_deref().unwrap_or("-"),
                            r.version,
                            r.path
                        )
                    })
                };
                problems.push(format!(
                    "{}: {} rows where the national ledger gives {}; row {} is {}, the ledger gives {}",
                    path.display(),
                    rows.len(),
                    expected.len(),
                    at + 1,
                    describe(rows.get(at)),
                    describe(expected.get(at))
                ));
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
}
