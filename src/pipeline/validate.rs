//! Validation of typed rows against a kind's Table Schema and the jurisdiction: constraints,
//! keys, foreign keys, geometry and period.
//!
//! Checks return problems as `(rule, message, hint)`; the caller places them. Key tracking
//! keeps a 128-bit hash and a line number per row, so uniqueness over ten million rows
//! stays within a few hundred megabytes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use geo::{BoundingRect, Validation};
use regex::Regex;

use crate::protocol::{Jurisdiction, Kind, Value};

pub type Problem = (&'static str, String, String);

/// Compiled per-field checks for one kind.
#[derive(Debug)]
pub struct FieldChecks {
    patterns: Vec<Option<Regex>>,
    bbox: [f64; 4],
}

impl FieldChecks {
    pub fn new(kind: &Kind, jurisdiction: &Jurisdiction) -> Self {
        let patterns = kind
            .schema
            .fields
            .iter()
            .map(|f| f.constraints.pattern.as_ref().map(|p| Regex::new(&format!("^(?:{p})$")).expect("patterns are checked when the protocol loads")))
            .collect();
        Self { patterns, bbox: jurisdiction.bbox }
    }

    /// Checks one value against its field's constraints.
    pub fn check(&self, kind: &Kind, index: usize, value: &Value) -> Option<Problem> {
        let field = &kind.schema.fields[index];
        let c = &field.constraints;
        if value.is_null() {
            return c.required.then(|| ("required", "a value is required".to_string(), "fill the cell; this field may not be empty".to_string()));
        }
        if let Some(allowed) = &c.allowed {
            let text = value.text();
            if !allowed.iter().any(|a| *a == text) {
                let hint = format!("use one of: {}; or map the source value to one with `map` in the pipeline", allowed.join(", "));
                return Some(("enum", format!("`{text}` is not an allowed value"), hint));
            }
        }
        if let Some(n) = value.as_f64() {
            if let Some(min) = c.minimum.filter(|m| n < *m) {
                return Some(("minimum", format!("{} is below the minimum {}", value.to_text(), crate::protocol::schema::format_number(min)), "check the sign and the unit".into()));
            }
            if let Some(max) = c.maximum.filter(|m| n > *m) {
                return Some(("maximum", format!("{} is above the maximum {}", value.to_text(), crate::protocol::schema::format_number(max)), "check the unit (percent as 0–100?)".into()));
            }
        }
        if let Value::Str(s) = value {
            if let Some(re) = &self.patterns[index]
                && !re.is_match(s) {
                    let pattern = c.pattern.as_deref().unwrap_or_default();
                    return Some(("pattern", format!("`{s}` does not match the pattern {pattern}"), "correct the code, or split it from its name with `split` in the pipeline".into()));
                }
            if let Some(max) = c.max_length.filter(|m| s.chars().count() > *m) {
                return Some(("max_length", format!("text is {} characters, over the limit of {max}", s.chars().count()), "shorten it".into()));
            }
        }
        if let Value::Geom(g) = value {
            return self.check_geometry(g);
        }
        None
    }

    fn check_geometry(&self, g: &geo::Geometry<f64>) -> Option<Problem> {
        if let Err(e) = g.check_validation() {
            return Some(("geometry", format!("invalid geometry: {e}"), "repair it (e.g. QGIS: Vector › Geometry Tools › Fix Geometries)".into()));
        }
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

/// A 128-bit hash of a key's values: collisions are astronomically unlikely, and memory per
/// row is fixed.
pub fn key_hash<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> u128 {
    let mut a = DefaultHasher::new();
    let mut b = DefaultHasher::new();
    0xa5u8.hash(&mut b);
    for v in values {
        v.as_ref().hash(&mut a);
        v.as_ref().hash(&mut b);
    }
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// Remembers every key seen, with where it was first seen.
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

#[derive(Debug, Default)]
pub struct SeenKeys {
    seen: HashMap<u128, u64, ByKeyHash>,
}

impl SeenKeys {
    /// Records a key; returns where it was seen before, if it was.
    pub fn insert(&mut self, key: u128, at: u64) -> Option<u64> {
        match self.seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(at);
                None
            }
        }
    }
}

/// The keys of a referenced dataset's latest version.
#[derive(Debug)]
pub struct ForeignKeySet {
    pub fields: Vec<usize>,
    pub target: String,
    pub target_version: u32,
    pub target_fields: Vec<String>,
    pub keys: HashSet<u128, ByKeyHash>,
}

impl ForeignKeySet {
    /// Checks a row; a key with any empty part is not checked (as in Frictionless).
    pub fn check(&self, row: &[Value]) -> Option<Problem> {
        if self.fields.iter().any(|&i| row[i].text().is_empty()) || self.keys.contains(&key_hash(self.fields.iter().map(|&i| row[i].text()))) {
            return None;
        }
        let texts: Vec<Cow<str>> = self.fields.iter().map(|&i| row[i].text()).collect();
        Some((
            "foreign_key",
            format!("no {} `{}` in {} v{}", self.target_fields.join(", "), texts.join(", "), self.target, self.target_version),
            format!("correct the reference, or publish a version of {} that contains it first", self.target),
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
    fn a_repeated_key_reports_where_it_was_first_seen() {
        let mut seen = SeenKeys::default();
        assert_eq!(seen.insert(key_hash(["V1"]), 2), None);
        assert_eq!(seen.insert(key_hash(["V1"]), 9), Some(2));
    }
}
