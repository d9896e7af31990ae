//! PMTiles archives: a layer version's whole pyramid in one file,
//! `<tiles-dir>/<layer>-v<n>-<hash>.pmtiles`, built by `disclose tiles`. The server answers
//! tile requests from it, and a user can copy it to a phone or a static host: any
//! PMTiles reader opens it with byte-range requests alone.
//!
//! An archive is written to a temporary name and renamed into place, so a reader sees
//! either none or a whole one. Tiles are gzip-compressed (the PMTiles convention for
//! vector tiles), identical tiles stored once, and the bytes depend only on the
//! features: building twice gives the same file.

use std::fs::File;
use std::io::{self, BufWriter};
use std::ops::RangeInclusive;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bytes::Bytes;
use pmtiles::{
    AsyncBackend, AsyncPmTilesReader, BackendResponse, Compression, HashMapCache,
    PYRAMID_SIZE_BY_ZOOM, PmTilesWriter, PmtResult, TileCoord, TileId, TileType,
};
use serde_json::json;

use super::{Part, Projected, attributes, child_parts, encode, is_interior, parts_at};

/// The archive of one layer version, e.g. `projects-v3-1f2e3d4c5b6a.pmtiles`: the
/// version's ledger hash in the name keeps an archive from being taken for another
/// store's version of the same number.
pub fn file_name(layer: &str, version: u32, hash: &str) -> String {
    format!(
        "{layer}-v{version}-{}.pmtiles",
        hash.get(..12).unwrap_or(hash)
    )
}

/// What building an archive did.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub path: PathBuf,
    /// Tiles with at least one feature.
    pub tiles: u64,
    pub bytes: u64,
    /// The largest tile, gzip-compressed as stored, and where it is.
    pub largest: (usize, (u8, u32, u32)),
    pub seconds: f64,
}

/// Facts written into the archive's metadata.
#[derive(Debug, Clone)]
pub struct Describe<'a> {
    pub layer: &'a str,
    /// e.g. "projects v3, ledger entry 1f2e…"
    pub description: String,
    pub attribution: &'a str,
}

/// Tiles of the pyramid as stored: from the PMTiles id `first`, `count` tiles (more than
/// one for the tiles under a tile inside one polygon, whose ids run on), all with the same
/// gzipped bytes; and the address of the first.
#[derive(Debug)]
struct Stored {
    first: u64,
    count: u64,
    at: (u8, u32, u32),
    bytes: Arc<[u8]>,
}

/// Tiles whose subtrees are handed out to the workers: the pyramid is cut breadth-first
/// from zoom 0 until it has this many per core, then depth-first in each subtree.
const SUBTREES_PER_WORKER: usize = 16;

/// Cuts every tile of `zooms` that meets the features and writes them as one archive at
/// `path`. The pyramid is cut from the top down ([`super`]): each tile from its parent's
/// share of the features, and the tiles under a tile inside one polygon are that tile's
/// square, not cut at all. Subtrees are cut on all cores.
pub fn build(
    data: &Projected,
    zooms: RangeInclusive<u8>,
    about: &Describe,
    path: &Path,
) -> io::Result<Built> {
    let started = Instant::now();
    let layer = about.layer;
    let mut tiles = pyramid(data, layer, &zooms);
    tiles.sort_unstable_by_key(|t| t.first);

    let [w, s, e, n] = data.bounds_wgs84().unwrap_or([-180.0, -85.0, 180.0, 85.0]);
    let fields: serde_json::Map<String, serde_json::Value> = attributes(layer)
        .iter()
        .map(|a| ((*a).to_string(), json!("String")))
        .collect();
    let metadata = json!({
        "name": layer,
        "description": about.description,
        "attribution": about.attribution,
        "vector_layers": [{ "id": layer, "fields": fields, "minzoom": zooms.start(), "maxzoom": zooms.end() }],
    });
    let temporary = path.with_extension("pmtiles.partial");
    let file = File::create(&temporary)?;
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .tile_compression(Compression::Gzip)
        .min_zoom(*zooms.start())
        .max_zoom(*zooms.end())
        .bounds(w, s, e, n)
        .center((w + e) / 2.0, (s + n) / 2.0)
        .center_zoom((*zooms.start()).max(10).min(*zooms.end()))
        .metadata(&metadata.to_string())
        .create(BufWriter::new(&file))
        .map_err(io::Error::other)?;
    let (mut largest, mut count) = ((0, (0, 0, 0)), 0);
    for stored in &tiles {
        if stored.bytes.len() > largest.0 {
            largest = (stored.bytes.len(), stored.at);
        }
        for id in stored.first..stored.first + stored.count {
            let coord = TileCoord::from(TileId::new(id).map_err(io::Error::other)?);
            writer
                .add_raw_tile(coord, &stored.bytes)
                .map_err(io::Error::other)?;
        }
        count += stored.count;
    }
    writer.finalize().map_err(io::Error::other)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)?;
    Ok(Built {
        path: path.to_path_buf(),
        tiles: count,
        bytes: std::fs::metadata(path)?.len(),
        largest,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A tile still to cut, with its share of the features.
struct Task {
    z: u8,
    x: u32,
    y: u32,
    parts: Vec<Part>,
}

/// Every tile of the pyramid with something in it, in no particular order.
fn pyramid(data: &Projected, layer: &str, zooms: &RangeInclusive<u8>) -> Vec<Stored> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = Vec::new();
    // Breadth-first until there are subtrees enough to share out.
    let mut level = vec![Task {
        z: 0,
        x: 0,
        y: 0,
        parts: parts_at(data, 0, 0, 0),
    }];
    while !level.is_empty()
        && level.len() < workers * SUBTREES_PER_WORKER
        && level[0].z < *zooms.end()
    {
        let mut next = Vec::new();
        for task in level {
            if let Some(children) = store_and_split(data, layer, zooms, task, &mut out) {
                next.extend(children);
            }
        }
        level = next;
    }
    let at = AtomicUsize::new(0);
    let subtrees: Vec<Vec<Stored>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(level.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(task) = level.get(at.fetch_add(1, Ordering::Relaxed)) {
                        descend(data, layer, zooms, task, &mut mine);
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a tile worker panicked"))
            .collect()
    });
    out.extend(subtrees.into_iter().flatten());
    out
}

/// Cuts a tile and everything under it, depth-first: one tile's parts per zoom are held.
fn descend(
    data: &Projected,
    layer: &str,
    zooms: &RangeInclusive<u8>,
    task: &Task,
    out: &mut Vec<Stored>,
) {
    let Some(children) = store_tile(data, layer, zooms, task, out) else {
        return;
    };
    for (x, y) in children {
        let parts = child_parts(data, &task.parts, task.z + 1, x, y);
        if !parts.is_empty() {
            descend(
                data,
                layer,
                zooms,
                &Task {
                    z: task.z + 1,
                    x,
                    y,
                    parts,
                },
                out,
            );
        }
    }
}

/// [`store_tile`], then the children with their parts.
fn store_and_split(
    data: &Projected,
    layer: &str,
    zooms: &RangeInclusive<u8>,
    task: Task,
    out: &mut Vec<Stored>,
) -> Option<Vec<Task>> {
    let children = store_tile(data, layer, zooms, &task, out)?;
    Some(
        children
            .into_iter()
            .map(|(x, y)| Task {
                z: task.z + 1,
                x,
                y,
                parts: child_parts(data, &task.parts, task.z + 1, x, y),
            })
            .filter(|t| !t.parts.is_empty())
            .collect(),
    )
}

/// Stores the tile (when its zoom is wanted) and returns the addresses of its children
/// still to cut: none at the deepest zoom, and none under a tile inside one polygon,
/// whose square is stored for every tile under it at once.
fn store_tile(
    data: &Projected,
    layer: &str,
    zooms: &RangeInclusive<u8>,
    task: &Task,
    out: &mut Vec<Stored>,
) -> Option<[(u32, u32); 4]> {
    let Task { z, x, y, .. } = *task;
    let interior = is_interior(&task.parts);
    // Cut only when this tile or (for a square) one under it is wanted.
    let bytes = if zooms.contains(&z) || (interior && z < *zooms.start()) {
        encode(layer, data, &task.parts, z, x, y).map(|(_, gzipped)| Arc::<[u8]>::from(gzipped))
    } else {
        None
    };
    if let (Some(bytes), true) = (&bytes, zooms.contains(&z)) {
        out.push(Stored {
            first: id(z, x, y),
            count: 1,
            at: (z, x, y),
            bytes: bytes.clone(),
        });
    }
    if z >= *zooms.end() {
        return None;
    }
    if interior {
        let bytes = bytes?;
        for below in (z + 1).max(*zooms.start())..=*zooms.end() {
            let (first, count) = descendants(z, x, y, below);
            let shift = below - z;
            out.push(Stored {
                first,
                count,
                at: (below, x << shift, y << shift),
                bytes: bytes.clone(),
            });
        }
        return None;
    }
    let (x, y) = (2 * x, 2 * y);
    Some([(x, y), (x + 1, y), (x, y + 1), (x + 1, y + 1)])
}

/// A tile's PMTiles id.
fn id(z: u8, x: u32, y: u32) -> u64 {
    TileId::from(TileCoord::new(z, x, y).expect("a tile of the pyramid is on the grid")).value()
}

/// The ids of the tiles of zoom `below` under `z/x/y`: `(first, count)`. They run on, as
/// the Hilbert curve PMTiles orders tiles by fills each quarter before the next.
fn descendants(z: u8, x: u32, y: u32, below: u8) -> (u64, u64) {
    let shift = below - z;
    let count = 1u64 << (2 * shift);
    let one = id(below, x << shift, y << shift);
    let base = PYRAMID_SIZE_BY_ZOOM[usize::from(below)];
    (base + (one - base) / count * count, count)
}

/// Reads an archive with positioned reads of the file.
#[derive(Debug)]
struct FileBackend(File);

impl AsyncBackend for FileBackend {
    async fn read(&self, offset: usize, length: usize) -> PmtResult<BackendResponse> {
        let size = self.0.metadata()?.len();
        let length = length.min(size.saturating_sub(offset as u64) as usize);
        let mut buf = vec![0; length];
        self.0.read_exact_at(&mut buf, offset as u64)?;
        Ok(BackendResponse::new(Bytes::from(buf)))
    }
}

/// An open archive.
pub struct Archive {
    reader: AsyncPmTilesReader<FileBackend, HashMapCache>,
    pub max_zoom: u8,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("max_zoom", &self.max_zoom)
            .finish_non_exhaustive()
    }
}

impl Archive {
    pub async fn open(path: &Path) -> PmtResult<Self> {
        let reader = AsyncPmTilesReader::try_from_cached_source(
            FileBackend(File::open(path)?),
            HashMapCache::default(),
        )
        .await?;
        let max_zoom = reader.get_header().max_zoom;
        Ok(Self { reader, max_zoom })
    }

    /// A tile as stored (gzip), or `None` when the archive has none there.
    pub async fn tile(&self, z: u8, x: u32, y: u32) -> PmtResult<Option<Bytes>> {
        self.reader.get_tile(TileCoord::new(z, x, y)?).await
    }
}

/// [`build`] from a GeoJSON FeatureCollection, read and projected one feature at a time.
pub fn build_file(
    geojson: &Path,
    zooms: RangeInclusive<u8>,
    about: &Describe,
    path: &Path,
) -> Result<Built, super::TileError> {
    let data = Projected::read(about.layer, geojson)?;
    build(&data, zooms, about, path).map_err(|source| super::TileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// What `disclose tiles` did for one layer version.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Built(Built),
    /// The archive was already there (it depends only on the version, which never changes).
    Present(PathBuf),
}

/// Builds the archive of every version of every map layer that has none yet. A damaged
/// or unreadable version is an error naming it; archives already built are kept.
pub fn build_missing(
    store: &crate::store::Store,
    tiles_dir: &Path,
    zooms: RangeInclusive<u8>,
    attribution: &str,
) -> Result<Vec<Outcome>, super::TileError> {
    std::fs::create_dir_all(tiles_dir).map_err(|source| super::TileError::Create {
        path: tiles_dir.to_path_buf(),
        source,
    })?;
    let mut outcomes = Vec::new();
    for layer in super::LAYERS {
        for entry in store.entries().iter().filter(|e| e.dataset == layer) {
            let path = tiles_dir.join(file_name(layer, entry.version, &entry.hash));
            if path.exists() {
                outcomes.push(Outcome::Present(path));
                continue;
            }
            let geojson = store.catalog().path(entry, "data.geojson");
            let about = Describe {
                layer,
                description: format!(
                    "{layer} v{}, ledger entry {}",
                    entry.version,
                    entry.short_hash()
                ),
                attribution,
            };
            outcomes.push(Outcome::Built(build_file(
                &geojson,
                zooms.clone(),
                &about,
                &path,
            )?));
        }
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tiles_under_a_tile_have_ids_that_run_on() {
        for (z, x, y) in [(0u8, 0u32, 0u32), (3, 5, 2), (7, 77, 100), (10, 611, 519)] {
            for below in z + 1..=z + 3 {
                let (first, count) = descendants(z, x, y, below);
                let shift = below - z;
                let mut ids: Vec<u64> = (0..1u32 << shift)
                    .flat_map(|dx| {
                        (0..1u32 << shift)
                            .map(move |dy| id(below, (x << shift) + dx, (y << shift) + dy))
                    })
                    .collect();
                ids.sort_unstable();
                assert_eq!(
                    ids,
                    (first..first + count).collect::<Vec<_>>(),
                    "{z}/{x}/{y} at {below}"
                );
            }
        }
    }

    #[test]
    fn a_pyramid_cut_from_the_top_down_has_the_tiles_cut_one_by_one() {
        // Two wards sharing a wiggly edge, one with a hole and an island: squares inside,
        // clipped outlines along the edges.
        let wiggle = |i: u32| {
            let t = f64::from(i) / 400.0;
            [37.0 + 0.02 * (t * 90.0).sin(), -1.0 - t]
        };
        let edge: Vec<[f64; 2]> = (0..=400).map(wiggle).collect();
        let mut west = vec![[36.0, -1.0]];
        west.extend(edge.iter().copied());
        west.extend([[36.0, -2.0], [36.0, -1.0]]);
        let mut east: Vec<[f64; 2]> = edge.iter().rev().copied().collect();
        east.extend([[38.0, -1.0], [38.0, -2.0]]);
        east.push(east[0]);
        let hole = [
            [37.5, -1.5],
            [37.6, -1.5],
            [37.6, -1.4],
            [37.5, -1.4],
            [37.5, -1.5],
        ];
        let island = [[38.2, -1.2], [38.3, -1.2], [38.3, -1.3], [38.2, -1.2]];
        let features = [
            serde_json::json!({ "type": "Feature", "properties": { "code": "W" }, "geometry": { "type": "Polygon", "coordinates": [west] } }),
            serde_json::json!({ "type": "Feature", "properties": { "code": "E" }, "geometry": { "type": "MultiPolygon", "coordinates": [[east, hole], [island]] } }),
        ];
        let data = Projected::new("wards", &features);
        let mut tiles = pyramid(&data, "wards", &(2..=12));
        tiles.sort_unstable_by_key(|t| t.first);
        let mut stored = 0;
        let mut squares = 0;
        for t in &tiles {
            for tile_id in t.first..t.first + t.count {
                let c = TileCoord::from(TileId::new(tile_id).unwrap());
                let cut = super::super::cut_gzip("wards", &data, c.z(), c.x(), c.y());
                assert_eq!(
                    cut.as_deref(),
                    Some(&t.bytes[..]),
                    "{}/{}/{}",
                    c.z(),
                    c.x(),
                    c.y()
                );
                stored += 1;
            }
            squares += usize::from(t.count > 1);
        }
        assert!(squares > 0, "some tiles are squares under a square");
        // Every tile cut one by one with something in it is in the pyramid.
        for z in [2u8, 7, 12] {
            let wanted = super::super::tile_range(&data, z)
                .filter(|&(z, x, y)| super::super::cut_gzip("wards", &data, z, x, y).is_some())
                .count();
            let have = tiles
                .iter()
                .flat_map(|t| t.first..t.first + t.count)
                .filter(|tile_id| TileCoord::from(TileId::new(*tile_id).unwrap()).z() == z)
                .count();
            assert_eq!(have, wanted, "zoom {z}");
        }
        assert!(stored > 400, "{stored} tiles");
    }
}
