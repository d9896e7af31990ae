//! Validation of typed rows against a kind's Table Schema and the jurisdiction: constraints,
//! keys, foreign keys, geometry and period.
//!
//! Checks return problems as `(rule, message, hint)`; the caller places them. Key tracking
//! keeps a 128-bit hash and a line number per row, so uniqueness over ten million rows
//! stays within a few hundred megabytes.

pub use crate::store::key_hash;
use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::Hasher;

use geo::BoundingRect;
use regex::Regex;

use crate::protocol::{Jurisdiction, Kind, Value};

pub type Problem = (&'static str, String, String);

/// Compiled per-field checks for one kind.
#[derive(Debug)]
pub struct FieldChecks {
    patterns: Vec<Option<Regex>>,
    /// Values known to match each field's pattern: codes repeat on every row, and a
    /// lookup costs a fraction of running the pattern. Kept to [`MATCHES_KEPT`] a field.
    matched: Vec<HashSet<String, foldhash::fast::RandomState>>,
    bbox: [f64; 4],
}

const MATCHES_KEPT: usize = 4096;

impl FieldChecks {
    pub fn new(kind: &Kind, jurisdiction: &Jurisdiction) -> Self {
        let patterns = kind
            .schema
            .fields
            .iter()
            .map(|f| {
                f.constraints.pattern.as_ref().map(|p| {
                    Regex::new(&format!("^(?:{p})$"))
                        .expect("patterns are checked when the protocol loads")
                })
            })
            .collect();
        Self {
            matched: kind
                .schema
                .fields
                .iter()
                .map(|_| HashSet::default())
                .collect(),
            patterns,
            bbox: jurisdiction.bbox,
        }
    }

    /// Checks one value against its field's constraints.
    pub fn check(&mut self, kind: &Kind, index: usize, value: &Value) -> Option<Problem> {
        let field = &kind.schema.fields[index];
        let c = &field.constraints;
        if value.is_null() {
            return c.required.then(|| {
                (
                    "required",
                    "a value is required".to_string(),
                    "fill the cell; this field may not be empty".to_string(),
                )
            });
        }
        if let Some(allowed) = &c.allowed {
            let text = value.text();
            if !allowed.iter().any(|a| *a == text) {
                let hint = format!(
                    "use one of: {}; or map the source value to one with `map` in the pipeline",
                    allowed.join(", ")
                );
                return Some(("enum", format!("`{text}` is not an allowed value"), hint));
            }
        }
        if let Some(n) = value.as_f64() {
            if let Some(min) = c.minimum.filter(|m| n < *m) {
                return Some((
                    "minimum",
                    format!(
                        "{} is below the minimum {}",
                        value.to_text(),
                        crate::protocol::schema::format_number(min)
                    ),
                    "check the sign and the unit".into(),
                ));
            }
            if let Some(max) = c.maximum.filter(|m| n > *m) {
                return Some((
                    "maximum",
                    format!(
                        "{} is above the maximum {}",
                        value.to_text(),
                        crate::protocol::schema::format_number(max)
                    ),
                    "check the unit (percent as 0–100?)".into(),
                ));
            }
        }
        if let Value::Str(s) = value {
            if let Some(re) = &self.patterns[index] {
                let matched = &mut self.matched[index];
                if !matched.contains(s.as_str()) {
                    if !re.is_match(s) {
                        let pattern = c.pattern.as_deref().unwrap_or_default();
                        return Some(("pattern", format!("`{s}` does not match the pattern {pattern}"), "correct the code, or split it from its name with `split` in the pipeline".into()));
                    }
                    if matched.len() < MATCHES_KEPT {
                        matched.insert(s.clone());
                    }
                }
            }
            if let Some(max) = c.max_length.filter(|m| s.chars().count() > *m) {
                return Some((
                    "max_length",
                    format!(
                        "text is {} characters, over the limit of {max}",
                        s.chars().count()
                    ),
                    "shorten it".into(),
                ));
            }
        }
        if let Value::Geom(g) = value {
            return self.check_geometry(g);
        }
        None
    }

    /// The extent of a geometry. (Its validity was checked, and repaired if the pipeline
    /// says so, as it was read: `pipeline::geometry`.)
    fn check_geometry(&self, g: &geo::Geometry<f64>) -> Option<Problem> {
        let [w, s, e, n] = self.bbox;
        let rect = g.bounding_rect()?;
        let (min, max) = (rect.min(), rect.max());
        if min.x < w || max.x > e || min.y < s || max.y > n {
            return Some((
                "extent",
                format!("geometry spans ({:.5}, {:.5})–({:.5}, {:.5}), outside the jurisdiction's bounding box [{w}, {s}, {e}, {n}]", min.x, min.y, max.x, max.y),
                "check that longitude and latitude are not swapped and that the data is in WGS84 (EPSG:4326)".into(),
            ));
        }
        None
    }
}

/// Hashes a [`key_hash`] for a map by folding it: it is a hash already, so hashing it
/// again (as the default hasher would, for every row) buys nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Folded(u64);

impl Hasher for Folded {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.0 ^= (n as u64) ^ ((n >> 64) as u64);
    }
}

/// A set or map keyed by [`key_hash`]es.
pub type ByKeyHash = std::hash::BuildHasherDefault<Folded>;

/// Primary-key and unique-field checks, made a group of rows at a time.
///
/// The keys seen outgrow the caches within a few hundred thousand rows, so each lookup
/// waits on memory. Made one row at a time, every row waits in turn; made for a group,
/// the lookups of the group go out together and the wait is paid about once. A repeat is
/// therefore reported a few rows after its place, which changes nothing: any repeat
/// rejects the whole publish.
#[derive(Debug)]
pub struct KeyChecks {
    /// The fields of each key, and the keys seen. The primary key, if any, is first.
    sets: Vec<(Vec<usize>, SeenKeys)>,
    has_pk: bool,
    pending: Vec<Pending>,
    /// The text of each pending key, for the message should it repeat.
    texts: String,
}

#[derive(Debug)]
struct Pending {
    set: usize,
    hash: u128,
    at: u64,
    valid: bool,
    text: std::ops::Range<usize>,
}

/// A key seen before: in which set, where (as [`KeyChecks::queue`] was told), where it
/// was first seen, its text, and whether its row was otherwise valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub set: usize,
    pub at: u64,
    pub first: u64,
    pub text: String,
    pub valid: bool,
}

/// Rows whose keys are looked up together.
const KEY_GROUP: usize = 32;

impl KeyChecks {
    /// `unique` are single fields whose values must not repeat.
    pub fn new(primary_key: Vec<usize>, unique: impl IntoIterator<Item = usize>) -> Self {
        let has_pk = !primary_key.is_empty();
        let pk = has_pk.then_some(primary_key);
        let sets = pk
            .into_iter()
            .chain(unique.into_iter().map(|i| vec![i]))
            .map(|fields| (fields, SeenKeys::default()))
            .collect();
        Self {
            sets,
            has_pk,
            pending: Vec::with_capacity(KEY_GROUP * 2),
            texts: String::new(),
        }
    }

    /// The fields of a set.
    pub fn fields(&self, set: usize) -> &[usize] {
        &self.sets[set].0
    }

    /// Whether a set is the primary key (the others are unique fields).
    pub fn is_primary(&self, set: usize) -> bool {
        set == 0 && self.has_pk
    }

    /// Queues a row's keys, seen at `at`; true when the group is full and [`KeyChecks::check`]
    /// should run. `valid` is whether the row passed every other check.
    pub fn queue(&mut self, values: &[Value], at: u64, valid: bool) -> bool {
        for (set, (fields, _)) in self.sets.iter().enumerate() {
            let start = self.texts.len();
            for (n, &i) in fields.iter().enumerate() {
                if n > 0 {
                    self.texts.push_str(", ");
                }
                values[i].write_text(&mut self.texts);
            }
            // An empty unique value is not checked (as in Frictionless); a key always is.
            if !self.is_primary(set) && self.texts.len() == start {
                continue;
            }
            let hash = key_hash(fields.iter().map(|&i| values[i].text()));
            self.pending.push(Pending {
                set,
                hash,
                at,
                valid,
                text: start..self.texts.len(),
            });
        }
        self.pending.len() >= KEY_GROUP
    }

    /// Makes room for `rows` more rows' keys at once.
    pub fn reserve(&mut self, rows: usize) {
        for (_, seen) in &mut self.sets {
            seen.reserve(rows);
        }
    }

    /// Looks up every queued key; returns those seen before, in the order queued.
    pub fn check(&mut self) -> Vec<Repeat> {
        let mut repeats = Vec::new();
        for (set, (_, seen)) in self.sets.iter_mut().enumerate() {
            let keys = self.pending.iter().filter(|p| p.set == set);
            seen.reserve(keys.clone().count());
            seen.touch(keys.map(|p| p.hash));
        }
        for p in &self.pending {
            if let Some(first) = self.sets[p.set].1.insert(p.hash, p.at) {
                repeats.push(Repeat {
                    set: p.set,
                    at: p.at,
                    first,
                    text: self.texts[p.text.clone()].to_string(),
                    valid: p.valid,
                });
            }
        }
        self.pending.clear();
        self.texts.clear();
        repeats
    }
}

/// Every key seen, with where it was first seen: an open-addressing table of 24-byte
/// slots, at most three quarters full.
#[derive(Debug, Default)]
pub struct SeenKeys {
    slots: Vec<Slot>,
    len: usize,
    /// The all-zero hash marks an empty slot, so a key that hashes to it is kept here.
    zero: Option<u64>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Slot {
    hash: [u64; 2],
    at: u64,
}

impl SeenKeys {
    fn slot_of(&self, hash: [u64; 2]) -> usize {
        // xxh3's bits are evenly spread: the low ones are as good an index as any.
        (hash[0] as usize) & self.slots.len().saturating_sub(1)
    }

    /// Makes room for `more` keys, so that no slot moves while a group is looked up.
    fn reserve(&mut self, more: usize) {
        let needed = self.len + more;
        if needed * 4 > self.slots.len() * 3 {
            self.resize(
                (needed * 4 / 3 + 1)
                    .next_power_of_two()
                    .max(self.slots.len() * 2),
            );
        }
    }

    /// Reads the first slot of each key: the reads do not wait on one another, so their
    /// trips to memory overlap, and the inserts that follow find the slots in cache.
    fn touch(&self, keys: impl Iterator<Item = u128>) {
        let mut any = 0;
        for key in keys {
            any ^= self
                .slots
                .get(self.slot_of(split(key)))
                .map_or(0, |s| s.hash[0]);
        }
        std::hint::black_box(any);
    }

    /// Records a key; returns where it was seen before, if it was.
    pub fn insert(&mut self, key: u128, at: u64) -> Option<u64> {
        if key == 0 {
            return match self.zero {
                Some(first) => Some(first),
                None => {
                    self.zero = Some(at);
                    None
                }
            };
        }
        self.reserve(1);
        let hash = split(key);
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(hash);
        loop {
            let slot = &mut self.slots[i];
            if slot.hash == [0, 0] {
                *slot = Slot { hash, at };
                self.len += 1;
                return None;
            }
            if slot.hash == hash {
                return Some(slot.at);
            }
            i = (i + 1) & mask;
        }
    }

    fn resize(&mut self, size: usize) {
        let size = size.max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.hash != [0, 0]) {
            let mut i = self.slot_of(slot.hash);
            while self.slots[i].hash != [0, 0] {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

fn split(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

/// Which version of which dataset a foreign key was checked against: what a version's
/// `datapackage.json` records, kept apart from the keys so a check can hold it cheaply.
#[derive(Debug, Clone)]
pub struct ForeignRef {
    /// The referencing fields, as indices into the kind's schema.
    pub fields: Vec<usize>,
    pub target: String,
    pub target_version: u32,
    pub target_fields: Vec<String>,
}

/// The keys of a referenced dataset's latest version.
#[derive(Debug)]
pub struct ForeignKeySet {
    pub reference: ForeignRef,
    pub keys: HashSet<u128, ByKeyHash>,
}

impl ForeignKeySet {
    /// Checks a row; a key with any empty part is not checked (as in Frictionless).
    pub fn check(&self, row: &[Value]) -> Option<Problem> {
        let r = &self.reference;
        if r.fields.iter().any(|&i| row[i].text().is_empty())
            || self
                .keys
                .contains(&key_hash(r.fields.iter().map(|&i| row[i].text())))
        {
            return None;
        }
        let texts: Vec<Cow<str>> = r.fields.iter().map(|&i| row[i].text()).collect();
        Some((
            "foreign_key",
            format!(
                "no {} `{}` in {} v{}",
                r.target_fields.join(", "),
                texts.join(", "),
                r.target,
                r.target_version
            ),
            format!(
                "correct the reference, or publish a version of {} that contains it first",
                r.target
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_parts_do_not_run_together() {
        assert_eq!(key_hash(["a", "b"]), key_hash(["a", "b"]));
        assert_ne!(key_hash(["ab", ""]), key_hash(["a", "b"]));
    }

    #[test]
    fn long_keys_hash_as_their_bytes_do() {
        let long = "x".repeat(300);
        assert_eq!(
            key_hash(["a", long.as_str()]),
            key_hash(["a".to_string(), long.clone()])
        );
        assert_ne!(
            key_hash(["a", long.as_str()]),
            key_hash([long.as_str(), "a"])
        );
        // The streaming and one-call paths agree: the same bytes make the same hash.
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        for part in ["a", long.as_str()] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        assert_eq!(key_hash(["a", long.as_str()]), h.digest128());
        assert_eq!(
            key_hash(["a"]),
            xxhash_rust::xxh3::xxh3_128(&[&1u64.to_le_bytes()[..], b"a"].concat())
        );
    }

    #[test]
    fn a_repeated_key_reports_where_it_was_first_seen() {
        let mut seen = SeenKeys::default();
        assert_eq!(seen.insert(key_hash(["V1"]), 2), None);
        assert_eq!(seen.insert(key_hash(["V1"]), 9), Some(2));
    }

    #[test]
    fn seen_keys_find_every_repeat_as_the_table_grows() {
        let mut seen = SeenKeys::default();
        let keys: Vec<u128> = (0..20_000u32).map(|n| key_hash([n.to_string()])).collect();
        for (at, &key) in keys.iter().enumerate() {
            assert_eq!(seen.insert(key, at as u64), None);
        }
        for (at, &key) in keys.iter().enumerate() {
            assert_eq!(seen.insert(key, 0), Some(at as u64));
        }
        // Keys that share their low bits (and so their first slot) are still told apart.
        let (a, b) = (1u128 << 64 | 7, 2u128 << 64 | 7);
        assert_eq!(seen.insert(a, 1), None);
        assert_eq!(seen.insert(b, 2), None);
        assert_eq!((seen.insert(a, 3), seen.insert(b, 4)), (Some(1), Some(2)));
        assert_eq!((seen.insert(0, 5), seen.insert(0, 6)), (None, Some(5)));
    }
}
