//! The pipeline spec: a declarative TOML file saying how one source format becomes one
//! dataset kind. The README's "Writing a pipeline" section documents every key; keep them
//! in step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::PipelineError;
use crate::protocol::{FieldType, Kind, Protocol};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    /// Short name, recorded in the ledger with each version it publishes.
    pub name: String,
    /// What export this reads, in words.
    pub title: String,
    /// The dataset kind it produces.
    pub kind: String,
    pub reader: ReaderSpec,
    /// Turns one column per budget stage (or month, …) into rows.
    #[serde(default)]
    pub unpivot: Option<Unpivot>,
    /// Builds the geometry field from coordinate or WKT columns (CSV, XLSX), and says
    /// whether invalid polygons are repaired (any reader).
    #[serde(default)]
    pub geometry: Option<GeometrySpec>,
    /// Target field → how to fill it.
    pub fields: BTreeMap<String, FieldSpec>,
    /// Whether a file with a header and no rows publishes an empty version (default
    /// false: an export without rows is usually one cut short, so it is an error). A
    /// source that may truly have nothing to disclose, such as a month without citizen
    /// reports, sets it: a disclosure of zero is still a disclosure.
    #[serde(default)]
    pub allow_empty: bool,
    /// Where this spec was read from; set by [`PipelineSpec::load`].
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderSpec {
    pub format: Format,
    /// Text encoding of CSV input: `utf-8` (default) or any WHATWG label such as `windows-1252`.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// CSV field delimiter; default `,`.
    #[serde(default = "default_delimiter")]
    pub delimiter: char,
    /// Lines (CSV) or rows (XLSX) before the header, e.g. report titles; default 0.
    #[serde(default)]
    pub skip_rows: usize,
    /// Header rows, joined with a space into one name per column (merged workbook headers
    /// carry their text to the right); default 1.
    #[serde(default = "one")]
    pub header_rows: usize,
    /// XLSX sheet name; default the first sheet.
    #[serde(default)]
    pub sheet: Option<String>,
    /// GDAL layer name; default the first layer.
    #[serde(default)]
    pub layer: Option<String>,
    /// Largest accepted cell, in bytes; default 1 MiB.
    #[serde(default = "default_max_field_bytes")]
    pub max_field_bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    Geojson,
    /// Shapefile, GeoPackage, KML and anything else GDAL opens (cargo feature `gdal`).
    Gdal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unpivot {
    /// Source column → the value it puts in the new key column.
    pub columns: BTreeMap<String, String>,
    /// Name of the new column holding the label (e.g. `Stage`).
    pub key: String,
    /// Name of the new column holding the cell (e.g. `Amount`).
    pub value: String,
    /// Skip a produced row whose value cell is empty; default true.
    #[serde(default = "yes")]
    pub skip_empty: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeometrySpec {
    /// Longitude and latitude columns, in WGS84 degrees (CSV, XLSX).
    pub lon: Option<String>,
    pub lat: Option<String>,
    /// A WKT column (CSV, XLSX), instead of `lon` and `lat`.
    pub wkt: Option<String>,
    /// Repair invalid polygons instead of refusing them: close open rings, drop repeated
    /// positions and rings without area, rebuild crossing rings and overlapping parts
    /// (see `pipeline::geometry`), each change a warning naming the feature. Default
    /// false: an invalid polygon is an error and nothing is published. Either way rings
    /// are turned to RFC 7946's winding, silently unless repair is on.
    #[serde(default)]
    pub repair: bool,
}

impl GeometrySpec {
    /// Whether the table names source columns (it may only set `repair`).
    pub fn has_columns(&self) -> bool {
        self.lon.is_some() || self.lat.is_some() || self.wkt.is_some()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Source column (after unpivot). Either `from` or `value`.
    pub from: Option<String>,
    /// A constant. `{period}` stands for the period given with `--period`.
    pub value: Option<String>,
    /// Collapse inner runs of white space and trim the ends; default true.
    #[serde(default = "yes")]
    pub trim: bool,
    /// Text replacements applied after trimming, in order: `[["/", "-"]]`.
    #[serde(default)]
    pub replace: Vec<(String, String)>,
    /// `lower`, `upper` or `title`.
    pub case: Option<Case>,
    /// Take one piece of `CODE - Name` text: `{ separator = " - ", part = 1 }` (from 1).
    pub split: Option<Split>,
    /// Source text → published value, matched after trim and case-insensitively (keys are
    /// lower-cased when the spec loads).
    #[serde(default)]
    pub map: BTreeMap<String, String>,
    /// Date formats to try, in chrono's strftime syntax; ISO `%Y-%m-%d` is always tried last.
    #[serde(default)]
    pub date_format: Vec<String>,
    /// `date_format` parsed once when the spec loads, then ISO.
    #[serde(skip)]
    pub date_items: Vec<Vec<chrono::format::Item<'static>>>,
    /// Parse as an amount: thousands separators, `(1,200.00)` negatives, currency prefixes,
    /// a trailing `%`, and `-` alone for zero.
    #[serde(default)]
    pub amount: bool,
    /// Multiply numbers by this (1000 when the export states amounts in thousands).
    pub unit: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    Lower,
    Upper,
    Title,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Split {
    pub separator: String,
    /// Which piece, from 1.
    pub part: usize,
    /// The most pieces to cut into (default 2, for `CODE - Name`); the last piece keeps any
    /// further separators, so `2110101 - Basic Salaries - Permanent` gives the whole name.
    #[serde(default = "two")]
    pub parts: usize,
}

fn two() -> usize {
    2
}

fn default_encoding() -> String {
    "utf-8".into()
}
fn default_delimiter() -> char {
    ','
}
fn default_max_field_bytes() -> usize {
    1 << 20
}
fn one() -> usize {
    1
}
fn yes() -> bool {
    true
}

impl PipelineSpec {
    /// Whether invalid polygons are repaired (`[geometry] repair = true`).
    pub fn repair(&self) -> bool {
        self.geometry.as_ref().is_some_and(|g| g.repair)
    }

    pub fn load(path: &Path) -> Result<Self, PipelineError> {
        let text = std::fs::read_to_string(path).map_err(|source| PipelineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut spec: Self = toml::from_str(&text).map_err(|e| PipelineError::Spec {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        spec.path = path.to_path_buf();
        for (name, field) in &mut spec.fields {
            field.map = std::mem::take(&mut field.map)
                .into_iter()
                .map(|(k, v)| {
                    (
                        k.split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .to_lowercase(),
                        v,
                    )
                })
                .collect();
            field.date_items = field
                .date_format
                .iter()
                .map(String::as_str)
                .chain(["%Y-%m-%d"])
                .map(|f| {
                    chrono::format::StrftimeItems::new(f).parse_to_owned().map_err(|e| PipelineError::Spec {
                        path: path.to_path_buf(),
                        message: format!("`fields.{name}.date_format`: `{f}` is not a strftime format ({e}); e.g. \"%d/%m/%Y\""),
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        Ok(spec)
    }

    /// Checks the spec against the protocol: the kind exists, every target field exists,
    /// every required field is filled, and options fit field types. Returns every problem.
    pub fn check(&self, protocol: &Protocol) -> Vec<String> {
        let kind = match protocol.kind(&self.kind) {
            Ok(k) => k,
            Err(e) => return vec![format!("`kind`: {e}")],
        };
        let mut problems = Vec::new();
        self.check_fields(kind, &mut problems);
        let schema = &kind.schema;
        let feature_reader = matches!(self.reader.format, Format::Geojson | Format::Gdal);
        match (schema.geometry_index(), &self.geometry) {
            (None, Some(_)) => problems.push(format!(
                "`[geometry]`: kind `{}` has no geometry field",
                kind.name
            )),
            (Some(_), Some(g)) if feature_reader && g.has_columns() => {
                problems.push("`[geometry]`: geojson and gdal readers take the geometry from the features; remove `lon`, `lat` and `wkt` (only `repair` applies)".into());
            }
            (Some(_), Some(_)) if feature_reader => {}
            (Some(_), Some(g)) => {
                let coords = g.lon.is_some() && g.lat.is_some();
                if coords == g.wkt.is_some() || g.lon.is_some() != g.lat.is_some() {
                    problems
                        .push("`[geometry]`: give either both `lon` and `lat`, or `wkt`".into());
                }
            }
            (Some(i), None) if !feature_reader && schema.fields[i].constraints.required => {
                problems.push(format!("kind `{}` requires a geometry; add a `[geometry]` table (lon/lat or wkt columns)", kind.name));
            }
            _ => {}
        }
        if self.reader.header_rows == 0 {
            problems.push("`reader.header_rows`: must be at least 1".into());
        }
        if encoding_rs::Encoding::for_label(self.reader.encoding.as_bytes()).is_none() {
            problems.push(format!(
                "`reader.encoding`: `{}` is not a known encoding; try utf-8 or windows-1252",
                self.reader.encoding
            ));
        }
        problems
    }

    fn check_fields(&self, kind: &Kind, problems: &mut Vec<String>) {
        let schema = &kind.schema;
        for (name, f) in &self.fields {
            let Some(field) = schema.field(name) else {
                let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
                let hint = closest(name, &names)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                problems.push(format!(
                    "`fields.{name}`: kind `{}` has no field `{name}`{hint}",
                    kind.name
                ));
                continue;
            };
            if f.from.is_some() == f.value.is_some() {
                problems.push(format!("`fields.{name}`: give exactly one of `from` (a source column) or `value` (a constant)"));
            }
            if field.kind == FieldType::Geojson {
                problems.push(format!("`fields.{name}`: the geometry field is filled by `[geometry]` or by the reader, not by `fields`"));
            }
            if (f.amount || f.unit.is_some())
                && !matches!(field.kind, FieldType::Number | FieldType::Integer)
            {
                problems.push(format!(
                    "`fields.{name}`: `amount` and `unit` apply to number fields; `{name}` is {}",
                    field.kind
                ));
            }
            if !f.date_format.is_empty() && field.kind != FieldType::Date {
                problems.push(format!(
                    "`fields.{name}`: `date_format` applies to date fields; `{name}` is {}",
                    field.kind
                ));
            }
            if let Some(s) = &f.split
                && (s.part == 0 || s.part > s.parts || s.separator.is_empty())
            {
                problems.push(format!("`fields.{name}.split`: `part` counts from 1 up to `parts` (default 2), and `separator` is not empty"));
            }
        }
        for field in &schema.fields {
            let filled = self.fields.contains_key(&field.name)
                || (field.kind == FieldType::Geojson
                    && (self
                        .geometry
                        .as_ref()
                        .is_some_and(GeometrySpec::has_columns)
                        || matches!(self.reader.format, Format::Geojson | Format::Gdal)));
            if field.constraints.required && !filled {
                problems.push(format!(
                    "required field `{}` of kind `{}` is not filled; add `[fields.{}]`",
                    field.name, kind.name, field.name
                ));
            }
        }
    }

    /// The source columns this spec reads (before unpivot), for missing-column checks.
    pub fn source_columns(&self) -> Vec<&str> {
        let produced: Vec<&str> = self
            .unpivot
            .iter()
            .flat_map(|u| [u.key.as_str(), u.value.as_str()])
            .collect();
        let mut cols: Vec<&str> = self
            .fields
            .values()
            .filter_map(|f| f.from.as_deref())
            .filter(|c| !produced.contains(c))
            .collect();
        if let Some(g) = &self.geometry {
            cols.extend(
                [&g.lon, &g.lat, &g.wkt]
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            );
        }
        if let Some(u) = &self.unpivot {
            cols.extend(u.columns.keys().map(String::as_str));
        }
        cols.sort_unstable();
        cols.dedup();
        cols
    }
}

/// The candidate nearest to `name` by edit distance over normalised text, if any is close.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let target = norm(name);
    candidates
        .iter()
        .map(|c| (levenshtein(&target, &norm(c)), *c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_column_name_is_suggested() {
        let cols = ["Payment Date", "Voucher No", "Amount"];
        assert_eq!(closest("Paymnt Date", &cols), Some("Payment Date"));
        assert_eq!(closest("voucher_no", &cols), Some("Voucher No"));
        assert_eq!(closest("Contractor", &cols), None);
    }
}
