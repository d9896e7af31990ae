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
use std::io;
use std::ops::RangeInclusive;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use bytes::Bytes;
use pmtiles::{
    AsyncBackend, AsyncPmTilesReader, BackendResponse, Compression, HashMapCache, PmTilesWriter,
    PmtResult, TileCoord, TileId, TileType,
};
use serde_json::json;

use super::{Projected, attributes, cut_gzip, tile_range};

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

/// A cut tile: its PMTiles id, its address, its gzipped bytes.
type Cut = (u64, (u8, u32, u32), Vec<u8>);

/// Cuts every tile of `zooms` that meets the features and writes them as one archive at
/// `path`. Tiles are cut on all cores.
pub fn build(
    data: &Projected,
    zooms: RangeInclusive<u8>,
    about: &Describe,
    path: &Path,
) -> io::Result<Built> {
    let started = Instant::now();
    let layer = about.layer;
    let addresses: Vec<(u8, u32, u32)> = zooms.clone().flat_map(|z| tile_range(data, z)).collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(addresses.len().max(1));
    let mut tiles: Vec<Cut> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let addresses = &addresses;
                scope.spawn(move || {
                    addresses
                        .iter()
                        .skip(w)
                        .step_by(workers)
                        .filter_map(|&(z, x, y)| {
                            let tile = cut_gzip(layer, data, z, x, y)?;
                            let id = TileCoord::new(z, x, y)
                                .ok()
                                .map(|c| TileId::from(c).value())?;
                            Some((id, (z, x, y), tile))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    tiles.sort_unstable_by_key(|(id, _, _)| *id);

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
        .create(&file)
        .map_err(io::Error::other)?;
    let mut largest = (0, (0, 0, 0));
    for (_, (z, x, y), bytes) in &tiles {
        if bytes.len() > largest.0 {
            largest = (bytes.len(), (*z, *x, *y));
        }
        let coord = TileCoord::new(*z, *x, *y).map_err(io::Error::other)?;
        writer
            .add_raw_tile(coord, bytes)
            .map_err(io::Error::other)?;
    }
    writer.finalize().map_err(io::Error::other)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)?;
    Ok(Built {
        path: path.to_path_buf(),
        tiles: tiles.len() as u64,
        bytes: std::fs::metadata(path)?.len(),
        largest,
        seconds: started.elapsed().as_secs_f64(),
    })
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
            let features = super::read_features(&geojson)?;
            let data = Projected::new(layer, &features);
            let about = Describe {
                layer,
                description: format!(
                    "{layer} v{}, ledger entry {}",
                    entry.version,
                    entry.short_hash()
                ),
                attribution,
            };
            let built = build(&data, zooms.clone(), &about, &path).map_err(|source| {
                super::TileError::Write {
                    path: path.clone(),
                    source,
                }
            })?;
            outcomes.push(Outcome::Built(built));
        }
    }
    Ok(outcomes)
}
