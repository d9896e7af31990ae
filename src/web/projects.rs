//! Public works, joined up: the project register with each project's payments (from
//! every month's expenditure) and site inspections, for `/projects` (a map drawn on the
//! server as SVG, and the list) and `/projects/{id}` (what was promised, paid and built).
//!
//! The join is built once per snapshot, off the async threads, from the latest version
//! of each dataset, reading only the columns it needs.

use std::collections::HashMap;
use std::path::Path;

use arrow::array::{Array, AsArray};
use arrow::datatypes::{Date32Type, Float64Type};
use chrono::NaiveDate;
use serde_json::Value;

use super::ogc::{Indexed, load_features};
use super::state::Snapshot;
use crate::analytics::flags::{self, Flag};
use crate::analytics::{Records, epoch_day, read_columns, text};

#[derive(Debug, Clone)]
pub struct Payment {
    pub date: NaiveDate,
    pub amount: f64,
    pub voucher: String,
    pub payee: String,
    /// The dataset and version it was published in.
    pub dataset: String,
    pub version: u32,
}

#[derive(Debug, Clone)]
pub struct Inspection {
    pub date: NaiveDate,
    pub progress: f64,
    pub notes: String,
    /// The photographs' reference: a link, or where the office files them.
    pub photo: String,
}

/// The register, its map layers and what each project was paid and found on site.
#[derive(Debug, Default)]
pub struct Works {
    pub projects: Vec<Indexed>,
    pub wards: Vec<Indexed>,
    pub payments: HashMap<String, Vec<Payment>>,
    pub inspections: HashMap<String, Vec<Inspection>>,
    /// The versions the figures came from: (dataset, version).
    pub sources: Vec<(String, u32)>,
    /// Payments per ward code, by fiscal year (`2025-26`).
    pub ward_spending: HashMap<String, HashMap<String, f64>>,
    /// Every red flag the latest versions raise, and the day the records run to.
    pub flags: Vec<Flag>,
    pub as_of: Option<NaiveDate>,
    /// Every office a flag names, sorted (for the audit page's filter).
    pub flag_offices: Vec<String>,
}

pub fn prop<'a>(f: &'a Value, name: &str) -> &'a str {
    f.get("properties")
        .and_then(|p| p.get(name))
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn number(f: &Value, name: &str) -> Option<f64> {
    f.get("properties")
        .and_then(|p| p.get(name))
        .and_then(Value::as_f64)
}

impl Works {
    /// Joins the latest versions in `snapshot`. Blocking: reads files.
    pub fn build(
        protocol: &crate::protocol::Protocol,
        data_dir: &Path,
        snapshot: &Snapshot,
        cache: &crate::analytics::cache::Cache,
    ) -> Result<Self, String> {
        let mut works = Self::default();
        let version_dir =
            |e: &crate::store::Entry| data_dir.join(&e.dataset).join(format!("v{}", e.version));
        for e in snapshot.datasets() {
            match e.kind.as_str() {
                "projects" => works.projects = load_features(data_dir, e)?,
                "wards" => works.wards = load_features(data_dir, e)?,
                // Payments come from the records below, read once for the flags too.
                "expenditure" => {}
                "project_progress" => {
                    for batch in read_columns(
                        &version_dir(e).join("data.parquet"),
                        &[
                            "project_id",
                            "inspection_date",
                            "progress_pct",
                            "notes",
                            "photo_ref",
                        ],
                    )? {
                        let (Some(ids), Some(dates), Some(pct)) = (
                            batch.column_by_name("project_id"),
                            batch.column_by_name("inspection_date"),
                            batch.column_by_name("progress_pct"),
                        ) else {
                            continue;
                        };
                        let (ids, dates, pct) = (
                            ids.as_string::<i32>(),
                            dates.as_primitive::<Date32Type>(),
                            pct.as_primitive::<Float64Type>(),
                        );
                        for i in (0..batch.num_rows()).filter(|&i| !ids.is_null(i)) {
                            works
                                .inspections
                                .entry(ids.value(i).to_string())
                                .or_default()
                                .push(Inspection {
                                    date: epoch_day(dates.value(i)),
                                    progress: if pct.is_null(i) { 0.0 } else { pct.value(i) },
                                    notes: text(&batch, "notes", i),
                                    photo: text(&batch, "photo_ref", i),
                                });
                        }
                    }
                }
                _ => continue,
            }
            works.sources.push((e.dataset.clone(), e.version));
        }
        for list in works.inspections.values_mut() {
            list.sort_by_key(|i| i.date);
        }
        works.sources.sort();
        let read: Vec<&crate::store::Entry> = snapshot
            .datasets()
            .into_iter()
            .filter(|e| flags::KINDS.contains(&e.kind.as_str()))
            .collect();
        let records = Records::load(protocol, data_dir, &read, cache)?;
        // Every project payment is among the records kept (in date order), and the
        // months' aggregates hold what was paid in each ward.
        for p in records.payments.iter().filter(|p| !p.project_id.is_empty()) {
            works
                .payments
                .entry(p.project_id.to_string())
                .or_default()
                .push(Payment {
                    date: p.date,
                    amount: p.amount,
                    voucher: p.voucher.to_string(),
                    payee: p.payee.to_string(),
                    dataset: p.source.dataset.clone(),
                    version: p.source.version,
                });
        }
        for s in &records.spend {
            *works
                .ward_spending
                .entry(s.fiscal_year.to_string())
                .or_default()
                .entry(s.key("ward").to_string())
                .or_default() += s.amount;
        }
        works.as_of = records.as_of();
        if let Some(as_of) = works.as_of {
            works.flags = flags::find(&records, &protocol.audit, as_of);
        }
        let offices: std::collections::BTreeSet<&str> = works
            .flags
            .iter()
            .filter_map(|f| f.office.as_deref())
            .collect();
        works.flag_offices = offices.into_iter().map(str::to_string).collect();
        Ok(works)
    }

    /// The flags a project raises.
    pub fn flags_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Flag> {
        self.flags
            .iter()
            .filter(move |f| f.project.as_deref() == Some(id))
    }

    /// A project of the register, or a 404 saying where the list is.
    pub fn find_project(&self, id: &str) -> Result<&Indexed, super::error::WebError> {
        self.project(id).ok_or_else(|| {
            super::error::WebError::NotFound(format!(
                "no project `{id}` in the register; /projects lists them all"
            ))
        })
    }

    pub fn project(&self, id: &str) -> Option<&Indexed> {
        self.projects
            .iter()
            .find(|p| p.feature.get("id").and_then(Value::as_str) == Some(id))
    }

    /// The latest fiscal year with payments by ward, and those payments.
    pub fn latest_ward_spending(&self) -> Option<(&str, &HashMap<String, f64>)> {
        self.ward_spending
            .iter()
            .max_by(|a, b| a.0.cmp(b.0))
            .map(|(y, m)| (y.as_str(), m))
    }

    pub fn ward(&self, code: &str) -> Option<&Indexed> {
        self.wards.iter().find(|w| prop(&w.feature, "code") == code)
    }

    pub fn paid(&self, id: &str) -> f64 {
        self.payments
            .get(id)
            .map_or(0.0, |p| p.iter().map(|p| p.amount).sum())
    }
}

/// Draws features as SVG in a box `width` wide, in an equirectangular projection of
/// `bbox` scaled for its latitude. Coordinates are rounded to the pixel (a tenth of one
/// on small maps), so a county map stays a few kilobytes.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    bbox: [f64; 4],
    /// Pixels per degree of latitude; a degree of longitude is `kx` of that.
    scale: f64,
    kx: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    pub fn new(bbox: [f64; 4], width: f64) -> Self {
        let [w, s, e, n] = bbox;
        let kx = ((s + n) / 2.0).to_radians().cos().max(0.1);
        let scale = width / ((e - w) * kx).max(1e-9);
        Self {
            bbox,
            scale,
            kx,
            width,
            height: ((n - s) * scale).round(),
        }
    }

    /// A square box around `inner`, with room around it, at least about a kilometre.
    pub fn around(inner: [f64; 4], width: f64) -> Self {
        let [w, s, e, n] = inner;
        let span = (e - w).max(n - s).max(0.01) * 0.6;
        let (cx, cy) = ((w + e) / 2.0, (s + n) / 2.0);
        Self::new([cx - span, cy - span, cx + span, cy + span], width)
    }

    fn xy(&self, p: &Value) -> Option<(f64, f64)> {
        let (x, y) = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
        // Whole pixels on a map wider than 400 pixels, tenths on smaller ones.
        let round = |v: f64| {
            if self.width > 400.0 {
                v.round()
            } else {
                (v * 10.0).round() / 10.0
            }
        };
        Some((
            round((x - self.bbox[0]) * self.kx * self.scale),
            round((self.bbox[3] - y) * self.scale),
        ))
    }

    fn ring(&self, ring: &Value) -> String {
        let mut d = String::new();
        for (i, p) in ring
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| self.xy(p))
            .enumerate()
        {
            d.push_str(&format!(
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                p.0,
                p.1
            ));
        }
        d
    }

    /// An SVG element for a GeoJSON geometry (`None` without one), of `class` (none when
    /// empty: inside a group of that class, which saves bytes on a map of many shapes).
    pub fn shape(&self, geometry: &Value, class: &str, title: &str) -> Option<String> {
        let coords = geometry.get("coordinates")?;
        let title = maud::html! { title { (title) } }.into_string();
        // No class: the shape takes its colours from the group it is drawn in.
        let class_attr = |extra: &str| match (class, extra) {
            ("", "") => String::new(),
            ("", e) => format!(r#" class="{e}""#),
            (c, "") => format!(r#" class="{c}""#),
            (c, e) => format!(r#" class="{c} {e}""#),
        };
        let plain = class_attr("");
        Some(match geometry.get("type")?.as_str()? {
            "Point" => {
                let (x, y) = self.xy(coords)?;
                // About 2 % of the map's width: 6 px on a phone's county map.
                let r = (self.width / 50.0).clamp(4.0, 14.0).round();
                format!(r#"<circle{plain} cx="{x}" cy="{y}" r="{r}">{title}</circle>"#)
            }
            "LineString" => format!(
                r#"<path{} d="{}">{title}</path>"#,
                class_attr("line"),
                self.ring(coords)
            ),
            "Polygon" => format!(
                r#"<path{plain} d="{}Z">{title}</path>"#,
                coords
                    .as_array()?
                    .iter()
                    .map(|r| self.ring(r))
                    .collect::<Vec<_>>()
                    .join("Z")
            ),
            "MultiPolygon" => format!(
                r#"<path{plain} d="{}Z">{title}</path>"#,
                coords
                    .as_array()?
                    .iter()
                    .flat_map(|p| p.as_array().into_iter().flatten())
                    .map(|r| self.ring(r))
                    .collect::<Vec<_>>()
                    .join("Z")
            ),
            _ => return None,
        })
    }
}
