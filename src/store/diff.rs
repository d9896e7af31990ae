//! Row-level diff between two versions of a dataset, matched by primary key.
//!
//! Works on the canonical `data.csv` of each version, so values compare as published. The
//! older version is indexed by key (a row hash and a file position per row), the newer one
//! streamed; only changed rows are read twice.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::path::Path;

use serde::Serialize;

use super::key_hash;
use super::{Catalog, StoreError, VersionRef};

/// One changed cell.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CellChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedRow {
    pub key: String,
    pub changes: Vec<CellChange>,
}

#[derive(Debug, Default, Serialize)]
pub struct DiffCounts {
    pub added: u64,
    pub removed: u64,
    pub changed: u64,
    pub unchanged: u64,
}

/// The diff of `from` → `to`.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub dataset: String,
    pub from: u32,
    pub to: u32,
    pub key: Vec<String>,
    pub fields: Vec<String>,
    pub counts: DiffCounts,
    /// Whole rows, in the newer version's order.
    pub added: Vec<Vec<String>>,
    /// Whole rows, in the older version's order.
    pub removed: Vec<Vec<String>>,
    pub changed: Vec<ChangedRow>,
}

fn csv_reader(path: &Path) -> Result<csv::Reader<BufReader<File>>, StoreError> {
    let file = File::open(path).map_err(|source| StoreError::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::ReaderBuilder::new().from_reader(BufReader::with_capacity(1 << 16, file)))
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> StoreError + '_ {
    move |e| StoreError::Io {
        action: "cannot parse",
        path: path.to_path_buf(),
        source: io::Error::other(e),
    }
}

/// Diffs two versions of `dataset` by the primary key `key` (field names).
pub fn diff(
    catalog: &Catalog,
    dataset: &str,
    from: u32,
    to: u32,
    key: &[String],
) -> Result<Diff, StoreError> {
    let old_path = catalog.path(
        catalog.resolve(dataset, VersionRef::Pinned(from))?,
        "data.csv",
    );
    let new_path = catalog.path(
        catalog.resolve(dataset, VersionRef::Pinned(to))?,
        "data.csv",
    );

    let mut old = csv_reader(&old_path)?;
    let old_fields: Vec<String> = old
        .headers()
        .map_err(csv_error(&old_path))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut new = csv_reader(&new_path)?;
    let fields: Vec<String> = new
        .headers()
        .map_err(csv_error(&new_path))?
        .iter()
        .map(str::to_string)
        .collect();
    let key_of = |fields: &[String]| -> Vec<usize> {
        key.iter()
            .filter_map(|k| fields.iter().position(|f| f == k))
            .collect()
    };
    let (old_key, new_key) = (key_of(&old_fields), key_of(&fields));

    // key → (row hash, position) over the older version.
    let mut index: HashMap<String, (u128, csv::Position, bool)> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let pos = old.position().clone();
        if !old.read_record(&mut record).map_err(csv_error(&old_path))? {
            break;
        }
        let k = join_key(&record, &old_key);
        index.insert(k, (key_hash(record.iter()), pos, false));
    }

    let mut result = Diff {
        dataset: dataset.to_string(),
        from,
        to,
        key: key.to_vec(),
        fields: fields.clone(),
        counts: DiffCounts::default(),
        added: vec![],
        removed: vec![],
        changed: vec![],
    };
    let mut changed_positions: Vec<(String, csv::Position, Vec<String>)> = Vec::new();
    while new.read_record(&mut record).map_err(csv_error(&new_path))? {
        let k = join_key(&record, &new_key);
        match index.get_mut(&k) {
            None => result
                .added
                .push(record.iter().map(str::to_string).collect()),
            Some((hash, pos, seen)) => {
                *seen = true;
                if *hash == key_hash(record.iter()) && old_fields == fields {
                    result.counts.unchanged += 1;
                } else {
                    changed_positions.push((
                        k,
                        pos.clone(),
                        record.iter().map(str::to_string).collect(),
                    ));
                }
            }
        }
    }
    for (k, pos, new_row) in changed_positions {
        old.seek(pos).map_err(csv_error(&old_path))?;
        old.read_record(&mut record).map_err(csv_error(&old_path))?;
        let changes: Vec<CellChange> = fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let before = old_fields
                    .iter()
                    .position(|o| o == f)
                    .and_then(|j| record.get(j))
                    .unwrap_or("");
                (before != new_row[i]).then(|| CellChange {
                    field: f.clone(),
                    old: before.to_string(),
                    new: new_row[i].clone(),
                })
            })
            .collect();
        if changes.is_empty() {
            result.counts.unchanged += 1;
        } else {
            result.changed.push(ChangedRow { key: k, changes });
        }
    }
    // Rows of the older version never matched were removed; read them in file order.
    let mut removed: Vec<(csv::Position, String)> = index
        .into_iter()
        .filter(|(_, (_, _, seen))| !seen)
        .map(|(k, (_, p, _))| (p, k))
        .collect();
    removed.sort_by_key(|(p, _)| p.byte());
    for (pos, _) in removed {
        old.seek(pos).map_err(csv_error(&old_path))?;
        old.read_record(&mut record).map_err(csv_error(&old_path))?;
        result
            .removed
            .push(record.iter().map(str::to_string).collect());
    }
    result.counts.added = result.added.len() as u64;
    result.counts.removed = result.removed.len() as u64;
    result.counts.changed = result.changed.len() as u64;
    Ok(result)
}

fn join_key(record: &csv::StringRecord, key: &[usize]) -> String {
    key.iter()
        .map(|&i| record.get(i).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" / ")
}

impl Diff {
    fn key_of_row(&self, row: &[String]) -> String {
        self.key
            .iter()
            .filter_map(|k| self.fields.iter().position(|f| f == k))
            .map(|i| row[i].as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// Human-readable text: a summary, then each change.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let c = &self.counts;
        writeln!(
            out,
            "{} v{} → v{}: {} added, {} removed, {} changed, {} unchanged (key: {})",
            self.dataset,
            self.from,
            self.to,
            c.added,
            c.removed,
            c.changed,
            c.unchanged,
            self.key.join(", ")
        )?;
        for row in &self.changed {
            writeln!(out, "~ {}", row.key)?;
            for ch in &row.changes {
                writeln!(out, "    {}: {:?} → {:?}", ch.field, ch.old, ch.new)?;
            }
        }
        for row in &self.added {
            writeln!(out, "+ {}", self.key_of_row(row))?;
        }
        for row in &self.removed {
            writeln!(out, "- {}", self.key_of_row(row))?;
        }
        Ok(())
    }

    /// Long CSV: `change,key,field,old,new`, one line per cell that differs (every
    /// non-empty cell of an added or removed row).
    pub fn write_csv(&self, out: impl Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["change", "key", "field", "old", "new"])?;
        for row in &self.changed {
            for ch in &row.changes {
                w.write_record(["changed", &row.key, &ch.field, &ch.old, &ch.new])?;
            }
        }
        for (change, rows) in [("added", &self.added), ("removed", &self.removed)] {
            for row in rows {
                let key = self.key_of_row(row);
                for (f, v) in self.fields.iter().zip(row).filter(|(_, v)| !v.is_empty()) {
                    let (old, new) = if change == "added" {
                        ("", v.as_str())
                    } else {
                        (v.as_str(), "")
                    };
                    w.write_record([change, &key, f, old, new])?;
                }
            }
        }
        w.flush()
    }
}
