//! Frictionless Table Schemas: the fields of a dataset kind, their types and constraints,
//! and the typed values a row holds once a pipeline has parsed it.
//!
//! A schema is read from `protocol/schemas/<kind>.json` exactly as Frictionless defines it
//! (<https://specs.frictionlessdata.io/table-schema/>), so the same file goes into every
//! published `datapackage.json` unchanged.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A Table Schema: fields in order, the primary key and the foreign keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub fields: Vec<Field>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub primary_key: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_values: Vec<String>,
}

/// One column of a schema.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Standard this field is aligned with (e.g. `"OC4IDS: projects/status"`); informative.
    #[serde(default, rename = "rdfType", skip_serializing_if = "Option::is_none")]
    pub rdf_type: Option<String>,
}

/// The Table Schema types this project uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Date,
    /// `YYYY-MM`, kept as text.
    Yearmonth,
    /// A geometry. Parquet stores it as WKB (GeoParquet), CSV as a GeoJSON object.
    Geojson,
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Yearmonth => "yearmonth",
            Self::Geojson => "geojson",
        };
        f.write_str(name)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Constraints {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, rename = "maxLength", skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        !self.required
            && !self.unique
            && self.allowed.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.pattern.is_none()
            && self.max_length.is_none()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForeignKey {
    #[serde(deserialize_with = "one_or_many")]
    pub fields: Vec<String>,
    pub reference: Reference,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reference {
    /// The referenced dataset kind (a living kind such as `projects`).
    pub resource: String,
    #[serde(deserialize_with = "one_or_many")]
    pub fields: Vec<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

impl Schema {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The one geometry field, if the kind is spatial.
    pub fn geometry_index(&self) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.kind == FieldType::Geojson)
    }

    /// Hex sha256 of the schema's canonical JSON: equal schemas, equal hashes.
    pub fn hash(&self) -> String {
        let json = serde_json::to_vec(self).expect("a schema always serialises");
        hex::encode(Sha256::digest(json))
    }
}

/// A parsed, typed cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Str(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    Date(NaiveDate),
    Geom(geo::Geometry<f64>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Int(i) => Some(*i as f64),
            Self::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The canonical text of a value, as written to `data.csv` and compared in keys and diffs.
    /// Numbers are plain decimals (never exponents), dates ISO 8601, geometries GeoJSON.
    /// The canonical text, borrowed when the value is already text.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Str(s) => std::borrow::Cow::Borrowed(s),
            other => std::borrow::Cow::Owned(other.to_text()),
        }
    }

    pub fn to_text(&self) -> String {
        match self {
            Self::Str(s) => s.clone(),
            _ => {
                let mut out = String::new();
                self.write_text(&mut out);
                out
            }
        }
    }

    /// Appends [`Value::to_text`] to `out`, allocating nothing of its own.
    pub fn write_text(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            Self::Null => {}
            Self::Str(s) => out.push_str(s),
            Self::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Self::Num(n) => push_number(out, *n),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Date(d) => push_date(out, *d),
            Self::Geom(g) => {
                out.push_str(&geojson::Geometry::new(geojson::GeometryValue::from(g)).to_string())
            }
        }
    }
}

/// `YYYY-MM-DD`, digit by digit: every date of every published row goes through here.
fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        use std::fmt::Write;
        let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        return;
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let (y, m, day) = (year as u32, d.month(), d.day());
    for c in [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        '-',
        digit(m / 10),
        digit(m),
        '-',
        digit(day / 10),
        digit(day),
    ] {
        out.push(c);
    }
}

/// Plain decimal text of a number, with at most 6 decimals and no trailing zeros.
pub fn format_number(n: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, n);
    out
}

fn push_number(out: &mut String, n: f64) {
    use std::fmt::Write;
    if n.fract() == 0.0 && n.abs() < 1e15 {
        out.push_str(itoa::Buffer::new().format(n as i64));
        return;
    }
    // The shortest text that reads back as `n` (Rust never uses an exponent here), unless
    // it carries float noise beyond six decimals. Ryu finds the same digits faster: up to
    // 15 of them the shortest text is the only one (beyond, two may read back as `n`, and
    // Rust and Ryu may pick differently), and Ryu writes it the same way unless it picks
    // an exponent.
    let start = out.len();
    match ryu::Buffer::new().format(n) {
        text if n.is_finite()
            && !text.contains(['e', 'E'])
            && text.bytes().filter(u8::is_ascii_digit).count() <= 15 =>
        {
            out.push_str(text)
        }
        _ => {
            let _ = write!(out, "{n}");
        }
    }
    let decimals = out[start..].split_once('.').map_or(0, |(_, f)| f.len());
    if decimals > 6 {
        out.truncate(start);
        let _ = write!(out, "{n:.6}");
        let trimmed = out[start..]
            .trim_end_matches('0')
            .trim_end_matches('.')
            .len();
        out.truncate(start + trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_plain_decimals() {
        assert_eq!(format_number(1234567.0), "1234567");
        assert_eq!(format_number(-1200.5), "-1200.5");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(12_345_678_901.25), "12345678901.25");
    }

    #[test]
    fn numbers_print_as_rust_prints_them() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Amounts to the cent, ratios, and values from tiny to huge.
            let scale = 10f64.powi((x % 24) as i32 - 8);
            let n = ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * scale;
            for v in [n, (n * 100.0).round() / 100.0] {
                let mut expected = String::new();
                {
                    use std::fmt::Write;
                    if v.fract() == 0.0 && v.abs() < 1e15 {
                        let _ = write!(expected, "{}", v as i64);
                    } else {
                        let _ = write!(expected, "{v}");
                        if expected.split_once('.').is_some_and(|(_, f)| f.len() > 6) {
                            expected = format!("{v:.6}")
                                .trim_end_matches('0')
                                .trim_end_matches('.')
                                .to_string();
                        }
                    }
                }
                assert_eq!(format_number(v), expected, "{v:e}");
            }
        }
    }

    #[test]
    fn dates_print_as_iso_days() {
        for (y, m, d) in [(2025, 9, 1), (1999, 12, 31), (7, 1, 9), (9999, 10, 10)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                Value::Date(date).to_text(),
                date.format("%Y-%m-%d").to_string()
            );
        }
    }

    #[test]
    fn a_primary_key_may_be_one_name_or_a_list() {
        let one: Schema = serde_json::from_str(r#"{"fields":[],"primaryKey":"id"}"#).unwrap();
        let many: Schema = serde_json::from_str(r#"{"fields":[],"primaryKey":["a","b"]}"#).unwrap();
        assert_eq!(one.primary_key, ["id"]);
        assert_eq!(many.primary_key, ["a", "b"]);
    }
}
