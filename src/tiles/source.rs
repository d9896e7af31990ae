//! Where a tile comes from. A [`TileSource`] answers `z/x/y` for one layer version: an
//! [`ArchiveSource`] reads the PMTiles archive `disclose tiles` built for it (tiles as
//! stored, gzip); a [`CutSource`] cuts them on demand from the version's features and
//! keeps what it cut. [`Tiles`] picks one per request and keeps both kinds open, so the
//! web layer only adapts HTTP to it: addresses, ETags, encodings.
//!
//! Nothing here knows about HTTP. Versions never change, so every cache is keyed by the
//! version's ledger hash and never goes stale; caches are emptied when full.

use std::collections::HashMap;
use std::future::Future;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::archive::{self, Archive};
use super::{LAYERS, MAX_ZOOM, Projected, cut};
use crate::store::{Entry, FeatureCache, FeaturesError};

/// A tile that cannot be answered; each names the layer or address.
#[derive(Debug, thiserror::Error)]
pub enum TileError {
    #[error("no tile layer `{layer}`; the layers are {}", LAYERS.join(", "))]
    UnknownLayer { layer: String },
    #[error(
        "/{z}/{x}/{y} is not a tile address: z from 0 to {max}, x and y from 0 to 2^z − 1, ending .mvt",
        max = MAX_ZOOM
    )]
    BadAddress { z: String, x: String, y: String },
    #[error("cannot read tile {z}/{x}/{y} from {path}")]
    Archive {
        path: PathBuf,
        z: u8,
        x: u32,
        y: u32,
        source: pmtiles::PmtError,
    },
    #[error("a stored tile of {path} is not gzip")]
    NotGzip {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Features(#[from] FeaturesError),
    #[error("cannot create {path}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("a tile worker stopped unexpectedly")]
    Worker,
}

impl TileError {
    /// True when the request named something that does not exist or cannot exist.
    pub fn is_client_error(&self) -> bool {
        matches!(self, Self::UnknownLayer { .. } | Self::BadAddress { .. })
    }
}

/// A tile address on the grid: `z` from 0 to [`MAX_ZOOM`], `x` and `y` below `2^z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileAddress {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileAddress {
    /// From the three path segments of `/tiles/{layer}/{z}/{x}/{y}.mvt`.
    pub fn parse(z: &str, x: &str, y: &str) -> Result<Self, TileError> {
        let bad = || TileError::BadAddress {
            z: z.to_string(),
            x: x.to_string(),
            y: y.to_string(),
        };
        let y_text = y.strip_suffix(".mvt").ok_or_else(bad)?;
        let z: u8 = z.parse().ok().filter(|z| *z <= MAX_ZOOM).ok_or_else(bad)?;
        let n = 1u64 << z;
        let x: u32 = x
            .parse()
            .ok()
            .filter(|x| u64::from(*x) < n)
            .ok_or_else(bad)?;
        let y: u32 = y_text
            .parse()
            .ok()
            .filter(|y| u64::from(*y) < n)
            .ok_or_else(bad)?;
        Ok(Self { z, x, y })
    }
}

/// A tile's bytes, and the archive they were stored in (gzip-compressed, as PMTiles
/// archives store vector tiles); `None` for a tile cut here, which is not compressed.
#[derive(Debug, Clone)]
pub struct Tile {
    pub bytes: Bytes,
    pub archive: Option<Arc<Path>>,
}

impl Tile {
    pub fn is_gzip(&self) -> bool {
        self.archive.is_some()
    }

    /// The tile uncompressed, for a client that does not take gzip.
    pub fn gunzipped(self) -> Result<Bytes, TileError> {
        let Some(archive) = &self.archive else {
            return Ok(self.bytes);
        };
        let mut out = Vec::with_capacity(self.bytes.len() * 3);
        flate2::read::GzDecoder::new(&self.bytes[..])
            .read_to_end(&mut out)
            .map_err(|source| TileError::NotGzip {
                path: archive.to_path_buf(),
                source,
            })?;
        Ok(Bytes::from(out))
    }
}

/// One layer version's tiles.
pub trait TileSource {
    /// The deepest zoom this source has tiles for.
    fn max_zoom(&self) -> u8;
    /// The tile at `at`, or `None` where there is nothing to draw.
    fn tile(&self, at: TileAddress)
    -> impl Future<Output = Result<Option<Tile>, TileError>> + Send;
}

/// Tiles read from a PMTiles archive as stored.
#[derive(Debug)]
pub struct ArchiveSource {
    archive: Archive,
    path: Arc<Path>,
}

impl ArchiveSource {
    pub async fn open(path: &Path) -> Result<Self, pmtiles::PmtError> {
        Ok(Self {
            archive: Archive::open(path).await?,
            path: Arc::from(path),
        })
    }
}

impl TileSource for ArchiveSource {
    fn max_zoom(&self) -> u8 {
        self.archive.max_zoom
    }

    async fn tile(&self, at: TileAddress) -> Result<Option<Tile>, TileError> {
        let stored = self
            .archive
            .tile(at.z, at.x, at.y)
            .await
            .map_err(|source| TileError::Archive {
                path: self.path.to_path_buf(),
                z: at.z,
                x: at.x,
                y: at.y,
                source,
            })?;
        Ok(stored.map(|bytes| Tile {
            bytes,
            archive: Some(self.path.clone()),
        }))
    }
}

/// Tiles cut on demand from a version's projected features, each kept once cut.
#[derive(Debug)]
pub struct CutSource {
    layer: String,
    projected: Arc<Projected>,
    cut: Mutex<HashMap<TileAddress, Option<Bytes>>>,
}

/// Tiles kept per on-demand source before its cache is emptied.
const CACHED_TILES: usize = 20_000;

impl CutSource {
    pub fn new(layer: &str, projected: Projected) -> Self {
        Self {
            layer: layer.to_string(),
            projected: Arc::new(projected),
            cut: Mutex::new(HashMap::new()),
        }
    }
}

impl TileSource for CutSource {
    fn max_zoom(&self) -> u8 {
        MAX_ZOOM
    }

    async fn tile(&self, at: TileAddress) -> Result<Option<Tile>, TileError> {
        if let Some(kept) = self.cut.lock().ok().and_then(|c| c.get(&at).cloned()) {
            return Ok(kept.map(|bytes| Tile {
                bytes,
                archive: None,
            }));
        }
        let (layer, projected) = (self.layer.clone(), self.projected.clone());
        let tile = tokio::task::spawn_blocking(move || {
            cut(&layer, &projected, at.z, at.x, at.y).map(Bytes::from)
        })
        .await
        .map_err(|_| TileError::Worker)?;
        if let Ok(mut kept) = self.cut.lock() {
            if kept.len() >= CACHED_TILES {
                kept.clear();
            }
            kept.insert(at, tile.clone());
        }
        Ok(tile.map(|bytes| Tile {
            bytes,
            archive: None,
        }))
    }
}

/// Every layer version's source, opened on first use: its archive where `disclose tiles`
/// built one that reaches the zoom asked for, else tiles cut on demand.
#[derive(Debug, Default)]
pub struct Tiles {
    tiles_dir: Option<PathBuf>,
    /// Open archives, by file name.
    archives: Mutex<HashMap<String, Arc<ArchiveSource>>>,
    /// On-demand sources, by layer and version hash; one version per layer is kept.
    cut: Mutex<HashMap<(String, String), Arc<CutSource>>>,
}

impl Tiles {
    /// Tiles served from the archives in `tiles_dir` where they exist.
    pub fn new(tiles_dir: Option<PathBuf>) -> Self {
        Self {
            tiles_dir,
            ..Self::default()
        }
    }

    /// The archive of a published layer version, by its public name
    /// `{layer}-v{n}.pmtiles`, if `disclose tiles` built it.
    pub fn archive_path(&self, entry: &Entry) -> Option<PathBuf> {
        let name = archive::file_name(&entry.dataset, entry.version, &entry.hash);
        self.tiles_dir
            .as_ref()
            .map(|d| d.join(name))
            .filter(|p| p.exists())
    }

    /// The archive built for a layer version, opened once; `None` when there is none
    /// (looked for again on each request, so a new build is picked up).
    async fn archive(&self, entry: &Entry) -> Option<Arc<ArchiveSource>> {
        let name = archive::file_name(&entry.dataset, entry.version, &entry.hash);
        if let Some(open) = self
            .archives
            .lock()
            .ok()
            .and_then(|a| a.get(&name).cloned())
        {
            return Some(open);
        }
        let path = self.archive_path(entry)?;
        match ArchiveSource::open(&path).await {
            Ok(opened) => {
                let opened = Arc::new(opened);
                if let Ok(mut archives) = self.archives.lock() {
                    archives.insert(name, opened.clone());
                }
                Some(opened)
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cannot read a tile archive; cutting tiles on demand instead");
                None
            }
        }
    }

    /// The on-demand source of a layer version, its features projected once.
    async fn cut_source(
        &self,
        data_dir: &Path,
        features: &Arc<FeatureCache>,
        entry: &Entry,
    ) -> Result<Arc<CutSource>, TileError> {
        let key = (entry.dataset.clone(), entry.hash.clone());
        if let Some(found) = self.cut.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(found);
        }
        let (data_dir, features, owned) = (data_dir.to_path_buf(), features.clone(), entry.clone());
        let source = tokio::task::spawn_blocking(move || -> Result<CutSource, TileError> {
            let indexed = features.get(&data_dir, &owned)?;
            let projected = Projected::new(&owned.dataset, indexed.iter().map(|f| &f.feature));
            Ok(CutSource::new(&owned.dataset, projected))
        })
        .await
        .map_err(|_| TileError::Worker)??;
        let source = Arc::new(source);
        if let Ok(mut cut) = self.cut.lock() {
            cut.retain(|(layer, _), _| layer != &key.0);
            cut.insert(key, source.clone());
        }
        Ok(source)
    }

    /// The tile of a layer version at `at`, from its archive when one reaches that zoom.
    pub async fn tile(
        &self,
        data_dir: &Path,
        features: &Arc<FeatureCache>,
        entry: &Entry,
        at: TileAddress,
    ) -> Result<Option<Tile>, TileError> {
        if let Some(archive) = self.archive(entry).await.filter(|a| at.z <= a.max_zoom()) {
            return archive.tile(at).await;
        }
        self.cut_source(data_dir, features, entry)
            .await?
            .tile(at)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_off_the_grid_are_refused() {
        assert_eq!(
            TileAddress::parse("0", "0", "0.mvt").unwrap(),
            TileAddress { z: 0, x: 0, y: 0 }
        );
        assert_eq!(
            TileAddress::parse("12", "2470", "2064.mvt").unwrap(),
            TileAddress {
                z: 12,
                x: 2470,
                y: 2064
            }
        );
        for (z, x, y) in [
            ("23", "0", "0.mvt"),
            ("2", "4", "0.mvt"),
            ("2", "0", "4.mvt"),
            ("2", "0", "1.png"),
            ("a", "0", "0.mvt"),
            ("2", "-1", "0.mvt"),
        ] {
            assert!(
                matches!(
                    TileAddress::parse(z, x, y),
                    Err(TileError::BadAddress { .. })
                ),
                "{z}/{x}/{y}"
            );
        }
    }
}
