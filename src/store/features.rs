//! The features of a spatial version, read from its `data.geojson`: the one reader of
//! that file, shared by the tiler, the OGC API and the works join.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde_json::Value;

use super::Entry;

/// A version's GeoJSON that could not be read as a FeatureCollection.
#[derive(Debug, thiserror::Error)]
pub enum FeaturesError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not GeoJSON")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} is not a FeatureCollection: it has no `features` array")]
    NotACollection { path: PathBuf },
}

/// The features of a GeoJSON FeatureCollection, such as a version's `data.geojson`.
pub fn read_features(path: &Path) -> Result<Vec<Value>, FeaturesError> {
    let mut features = Vec::new();
    each_feature(path, |f| features.push(f))?;
    Ok(features)
}

/// Hands each feature of a GeoJSON FeatureCollection to `each` as it is parsed, so only
/// one feature's tree is held at a time (the tiler keeps its own, smaller, form of each).
pub fn each_feature(path: &Path, each: impl FnMut(Value)) -> Result<(), FeaturesError> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    /// The collection: its `features` handed out, every other member skipped.
    struct Collection<F>(F);
    /// The `features` array, element by element.
    struct Features<'a, F>(&'a mut F);

    impl<'de, F: FnMut(Value)> Visitor<'de> for Collection<F> {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a GeoJSON FeatureCollection")
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<bool, A::Error> {
            let mut found = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == "features" && !found {
                    found = map.next_value_seed(Features(&mut self.0))?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    impl<'de, F: FnMut(Value)> DeserializeSeed<'de> for Features<'_, F> {
        type Value = bool;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de, F: FnMut(Value)> Visitor<'de> for Features<'_, F> {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array of features")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            while let Some(feature) = seq.next_element::<Value>()? {
                (self.0)(feature);
            }
            Ok(true)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
            IgnoredAny.visit_map(map).map(|_| false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }

    let text = std::fs::read(path).map_err(|source| FeaturesError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let parse = |source| FeaturesError::Parse {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = serde_json::Deserializer::from_slice(&text);
    let found = match serde::Deserializer::deserialize_any(&mut reader, Collection(each)) {
        Ok(found) => found,
        // Valid JSON that is not an object is not a collection either.
        Err(e) if e.classify() == serde_json::error::Category::Data => false,
        Err(e) => return Err(parse(e)),
    };
    reader.end().map_err(parse)?;
    if found {
        Ok(())
    } else {
        Err(FeaturesError::NotACollection {
            path: path.to_path_buf(),
        })
    }
}

/// One feature, with what filtering needs precomputed.
#[derive(Debug)]
pub struct Indexed {
    pub feature: Value,
    /// `[west, south, east, north]`; `None` without a geometry.
    pub bbox: Option<[f64; 4]>,
    /// First and last day the feature stands for (a project's start to end).
    span: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
}

impl Indexed {
    /// First and last day the feature stands for, when its properties say.
    pub fn span(&self) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        self.span
    }
}

fn extend_bbox(coords: &Value, bbox: &mut Option<[f64; 4]>) {
    match coords {
        Value::Array(items) if items.len() >= 2 && items[0].is_number() => {
            let (x, y) = (
                items[0].as_f64().unwrap_or(0.0),
                items[1].as_f64().unwrap_or(0.0),
            );
            let b = bbox.get_or_insert([x, y, x, y]);
            *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        }
        Value::Array(items) => items.iter().for_each(|c| extend_bbox(c, bbox)),
        _ => {}
    }
}

fn date_property(properties: &Value, name: &str) -> Option<NaiveDate> {
    properties
        .get(name)?
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The features of a published version, read from its GeoJSON, indexed.
pub fn load_features(data_dir: &Path, entry: &Entry) -> Result<Vec<Indexed>, FeaturesError> {
    let features = read_features(&entry.path(data_dir, "data.geojson"))?;
    Ok(features
        .into_iter()
        .map(|feature| {
            let mut bbox = None;
            if let Some(coords) = feature.get("geometry").and_then(|g| g.get("coordinates")) {
                extend_bbox(coords, &mut bbox);
            }
            let p = feature.get("properties").cloned().unwrap_or(Value::Null);
            let start =
                date_property(&p, "actual_start").or_else(|| date_property(&p, "planned_start"));
            let end = date_property(&p, "actual_end").or_else(|| date_property(&p, "planned_end"));
            let span = (start.is_some() || end.is_some()).then_some((start, end));
            Indexed {
                feature,
                bbox,
                span,
            }
        })
        .collect())
}

/// The indexed features of the latest version of each spatial dataset asked for, read
/// once and kept: the OGC API, the tiles and the works join all read them from here.
#[derive(Debug, Default)]
pub struct FeatureCache {
    kept: Mutex<HashMap<VersionKey, Arc<Vec<Indexed>>>>,
}

/// A version: its dataset and number.
type VersionKey = (String, u32);

impl FeatureCache {
    /// The features of `entry`, read on first use. Blocking on a first read.
    pub fn get(&self, data_dir: &Path, entry: &Entry) -> Result<Arc<Vec<Indexed>>, FeaturesError> {
        let key = (entry.dataset.clone(), entry.version);
        if let Some(found) = self.kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
            return Ok(found);
        }
        let loaded = Arc::new(load_features(data_dir, entry)?);
        if let Ok(mut kept) = self.kept.lock() {
            // Only the latest versions are asked for; older ones are let go.
            kept.retain(|(dataset, _), _| dataset != &key.0);
            kept.insert(key, loaded.clone());
        }
        Ok(loaded)
    }
}
