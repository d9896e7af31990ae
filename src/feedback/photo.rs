//! Report photos: what a citizen's file must be, what is kept of it, and where. A photo
//! is sniffed by its content (never its name or declared type), decoded under limits (a
//! small file that declares a huge picture is refused before any pixel is allocated),
//! turned upright, resized to at most [`MAX_SIDE`] pixels on its long side and
//! re-encoded as a JPEG: nothing of the file but its pixels survives, so EXIF, and the
//! GPS position in it, is gone. The JPEG is kept under the state directory, outside the
//! published store, and shown to the public only once a moderator approves it.
//!
//! This module decodes and stores; it must not decide who may see a photo (that is
//! [`super::Feedback`]'s) nor know about HTTP.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::Refusal;

/// The long side of a kept photo, in pixels.
pub const MAX_SIDE: u32 = 1600;
/// The widest or tallest picture decoded, in pixels.
pub const MAX_DECODED_SIDE: u32 = 12_000;
/// The most pixels decoded (a 64-megapixel phone camera's full picture).
pub const MAX_PIXELS: u64 = 64_000_000;
/// What the decoder may allocate at once, in bytes.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// The kept JPEG's quality (0–100).
const QUALITY: u8 = 82;
/// Hours a photo waits, staged, while its sender decides between a similar report and
/// their own.
const STAGED_HOURS: u64 = 24;

/// A photo's state on its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoStatus {
    None,
    /// Kept, waiting for a moderator; only staff see it.
    Pending,
    Approved,
    /// Kept for the record, never shown to the public.
    Rejected,
}

impl PhotoStatus {
    pub const ALL: [PhotoStatus; 4] = [Self::None, Self::Pending, Self::Approved, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    // The sender's errors are said by their `Refusal`, so that each language can say them.
    #[error("{}", self.said())]
    TooLarge { limit: u64 },
    #[error("{}", self.said())]
    NotAPhoto { limit: u64 },
    #[error("{}", self.said())]
    TooManyPixels { limit: u64 },
    #[error("{}", self.said())]
    Damaged { detail: String, limit: u64 },
    #[error("cannot keep the photo in {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode the photo as JPEG")]
    Encode(#[source] image::ImageError),
}

impl PhotoError {
    /// Whether the sender can fix it by choosing another file.
    pub fn is_client_error(&self) -> bool {
        self.refusal().is_some()
    }

    /// The English of [`PhotoError::refusal`].
    fn said(&self) -> String {
        self.refusal().map(|r| r.to_string()).unwrap_or_default()
    }

    /// What the sender did wrong and should do, when it is theirs to fix.
    pub fn refusal(&self) -> Option<Refusal> {
        Some(match self {
            Self::TooLarge { limit } => Refusal::PhotoTooLarge { limit: *limit },
            Self::NotAPhoto { limit } => Refusal::NotAPhoto { limit: *limit },
            Self::TooManyPixels { limit } => Refusal::TooManyPixels { limit: *limit },
            Self::Damaged { detail, limit } => Refusal::PhotoDamaged {
                detail: detail.clone(),
                limit: *limit,
            },
            Self::Io { .. } | Self::Encode(_) => return None,
        })
    }
}

/// `10485760` → `10 MB`; `1500000` → `1.4 MB`.
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if (mb - mb.round()).abs() < 0.05 {
        format!("{} MB", mb.round())
    } else {
        format!("{mb:.1} MB")
    }
}

/// A photo as kept: a JPEG with no metadata, at most [`MAX_SIDE`] on its long side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks and re-encodes a sent file of at most `max_bytes`. CPU-bound (a 12-megapixel
/// JPEG takes a good part of a second): call it on a blocking thread.
pub fn process(bytes: &[u8], max_bytes: u64) -> Result<Photo, PhotoError> {
    let limit = max_bytes;
    if bytes.len() as u64 > max_bytes {
        return Err(PhotoError::TooLarge { limit });
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAPhoto { limit })?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::NotAPhoto { limit });
    }
    let damaged = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels { limit },
        e => PhotoError::Damaged {
            detail: e.to_string().chars().take(120).collect(),
            limit,
        },
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_DECODED_SIDE
        || height > MAX_DECODED_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(PhotoError::TooManyPixels { limit });
    }
    // Phones store a picture sideways and say so in EXIF: turn it before EXIF goes.
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    if let Some(o) = orientation {
        picture.apply_orientation(o);
    }
    if picture.width().max(picture.height()) > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let picture = DynamicImage::ImageRgb8(picture.into_rgb8());
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&picture)
        .map_err(PhotoError::Encode)?;
    Ok(Photo {
        jpeg,
        width: picture.width(),
        height: picture.height(),
    })
}

/// Where the kept photos live: `<state>/photos/<report id>.jpg`, and photos staged while
/// their sender looks at similar reports in `<state>/photos/staged/`.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    dir: PathBuf,
    /// The largest file accepted, in bytes (`feedback.photo_max_bytes`).
    pub max_bytes: u64,
}

impl PhotoStore {
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            dir: dir.into(),
            max_bytes,
        }
    }

    /// The store the settings name: `STATE_DIR/photos`, `feedback.photo_max_bytes`.
    pub fn configured(config: &crate::config::Config) -> Self {
        Self::new(
            config.state_dir.join("photos"),
            config.feedback.photo_max_bytes,
        )
    }

    pub fn path(&self, report_id: i64) -> PathBuf {
        self.dir.join(format!("{report_id}.jpg"))
    }

    fn staged_dir(&self) -> PathBuf {
        self.dir.join("staged")
    }

    /// Writes `jpeg` as `path`: to a temporary file beside it, synced, then renamed, so a
    /// reader never meets half a photo.
    fn write(path: &Path, jpeg: &[u8]) -> Result<(), PhotoError> {
        let io = |source| PhotoError::Io {
            path: path.to_path_buf(),
            source,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".photo-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io)?;
        tmp.write_all(jpeg).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(path).map_err(|e| io(e.error))?;
        Ok(())
    }

    /// Keeps the photo of report `report_id`. Blocking.
    pub fn save(&self, report_id: i64, jpeg: &[u8]) -> Result<(), PhotoError> {
        Self::write(&self.path(report_id), jpeg)
    }

    /// The kept photo of report `report_id`, if there is one. Blocking.
    pub fn read(&self, report_id: i64) -> Result<Option<Vec<u8>>, PhotoError> {
        let path = self.path(report_id);
        match std::fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(PhotoError::Io { path, source }),
        }
    }

    /// Removes the photo of a report that could not be saved. Blocking.
    pub fn remove(&self, report_id: i64) {
        let _ = std::fs::remove_file(self.path(report_id));
    }

    /// Stages a processed photo for a report not filed yet; returns its name (32 hex
    /// digits), which the sender's form carries. Staged photos older than a day go.
    pub fn stage(&self, jpeg: &[u8]) -> Result<String, PhotoError> {
        self.sweep_staged();
        let name = hex::encode(rand::random::<[u8; 16]>());
        Self::write(&self.staged_dir().join(format!("{name}.jpg")), jpeg)?;
        Ok(name)
    }

    /// A staged photo's bytes, if `name` is one (anything else is no photo), removing it.
    pub fn take_staged(&self, name: &str) -> Option<Vec<u8>> {
        if name.len() != 32 || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let path = self.staged_dir().join(format!("{name}.jpg"));
        let bytes = std::fs::read(&path).ok()?;
        let _ = std::fs::remove_file(&path);
        Some(bytes)
    }

    fn sweep_staged(&self) {
        let Ok(entries) = std::fs::read_dir(self.staged_dir()) else {
            return;
        };
        let old = std::time::Duration::from_secs(STAGED_HOURS * 3600);
        for e in entries.flatten() {
            let stale = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > old);
            if stale {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(picture)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_large_png_becomes_a_jpeg_of_at_most_1600_px() {
        let photo = process(&png(2000, 1000), 10 << 20).unwrap();
        assert_eq!((photo.width, photo.height), (1600, 800));
        assert_eq!(image::guess_format(&photo.jpeg).unwrap(), ImageFormat::Jpeg);
        let small = process(&png(300, 200), 10 << 20).unwrap();
        assert_eq!((small.width, small.height), (300, 200), "never enlarged");
    }

    #[test]
    fn text_a_huge_declared_picture_and_an_oversized_file_are_refused() {
        let text = process(b"name,amount\nA,1\n", 10 << 20).unwrap_err();
        assert!(matches!(text, PhotoError::NotAPhoto { .. }), "{text}");
        assert!(
            text.to_string()
                .contains("choose a JPEG, PNG or WebP photo under 10 MB")
        );
        // A PNG header declaring 100,000 × 100,000 pixels and no data.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        let e = process(&bomb, 10 << 20).unwrap_err();
        assert!(matches!(e, PhotoError::TooManyPixels { .. }), "{e}");
        let e = process(&png(10, 10), 100).unwrap_err();
        assert!(matches!(e, PhotoError::TooLarge { limit: 100 }), "{e}");
        assert_eq!(megabytes(10 << 20), "10 MB");
    }

    #[test]
    fn staged_names_are_only_what_stage_made() {
        let dir = tempfile::tempdir().unwrap();
        let store = PhotoStore::new(dir.path(), 1 << 20);
        let name = store.stage(b"jpeg").unwrap();
        assert_eq!(store.take_staged("../../etc/passwd"), None);
        assert_eq!(store.take_staged(&name).as_deref(), Some(&b"jpeg"[..]));
        assert_eq!(store.take_staged(&name), None, "taken once");
    }
}
