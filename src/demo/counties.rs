//! The national demo: several synthetic counties, each a separate instance with its own
//! data directory, name, seed (so its own planted patterns) and size, harvested into one
//! national store.
//!
//! Codes are 901 onwards, outside Kenya's 001 to 047, so no demo county is mistaken for a
//! real one; names are invented Swahili place words.

use std::path::{Path, PathBuf};

use anyhow::bail;

use super::{DemoOptions, run_as};
use crate::national::source::Directory;
use crate::national::{CountySource, National, harvest};
use crate::protocol::Protocol;

/// Names of the demo counties, in order, as many as Kenya has counties; the first is the
/// single-county demo's.
pub const NAMES: [&str; 47] = [
    "Mlima",
    "Ziwani",
    "Nyika",
    "Bondeni",
    "Msituni",
    "Tambarare",
    "Jangwani",
    "Mtoni",
    "Kisiwani",
    "Mbugani",
    "Milimani",
    "Mabondeni",
    "Mchangani",
    "Matopeni",
    "Mawinguni",
    "Jiweni",
    "Mwambani",
    "Mitini",
    "Nyasini",
    "Mawimbini",
    "Kijitoni",
    "Ufukweni",
    "Mapangoni",
    "Mkondoni",
    "Mbuyuni",
    "Mnazini",
    "Mvuleni",
    "Chemchemi",
    "Maporomoko",
    "Kilele",
    "Uwanda",
    "Mteremko",
    "Nyanda",
    "Ukanda",
    "Mabwawani",
    "Vilimani",
    "Majimoto",
    "Kivukoni",
    "Ngazini",
    "Mianzini",
    "Mikokoni",
    "Mchongoma",
    "Mwinuko",
    "Tambala",
    "Mafurikoni",
    "Kisimani",
    "Mawenini",
];

/// One county of the national demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCounty {
    /// Its code in the national store: `901`, `902`, …
    pub code: String,
    /// `Ziwani County`.
    pub name: String,
    pub seed: u64,
    pub scale: u64,
}

/// The first `n` demo counties: county `i` (from 0) has seed `seed + i` and scale
/// `scale × (1 + i mod 3)`, so sizes differ.
pub fn counties(n: usize, seed: u64, scale: u64) -> anyhow::Result<Vec<DemoCounty>> {
    if n == 0 || n > NAMES.len() {
        bail!("--counties {n}: the demo has 1 to {} counties", NAMES.len());
    }
    Ok(NAMES[..n]
        .iter()
        .enumerate()
        .map(|(i, name)| DemoCounty {
            code: format!("{}", 901 + i),
            name: format!("{name} County"),
            seed: seed + i as u64,
            scale: scale * (1 + i as u64 % 3),
        })
        .collect())
}

/// Where county `c`'s data directory is under `dir`.
pub fn data_dir(dir: &Path, c: &DemoCounty) -> PathBuf {
    dir.join(&c.code)
}

/// Builds each county into `<counties_dir>/<code>/` (kept if already built) and harvests
/// them all into `national_dir`. Returns a summary for people.
pub fn run(
    protocol: &Protocol,
    pipelines: &Path,
    counties_dir: &Path,
    national_dir: &Path,
    counties: &[DemoCounty],
) -> anyhow::Result<String> {
    let mut lines = Vec::new();
    for c in counties {
        let mut own = protocol.clone();
        own.jurisdiction.name = format!("{} (synthetic demonstration)", c.name);
        own.jurisdiction.publisher = format!("{} Government (synthetic)", c.name);
        let started = std::time::Instant::now();
        let dir = data_dir(counties_dir, c);
        let summary = run_as(
            &own,
            pipelines,
            &dir,
            &DemoOptions {
                scale: c.scale,
                seed: c.seed,
            },
            &c.name,
        )?;
        lines.push(format!(
            "{} {} (seed {}, scale {}): {} in {:.1} s",
            c.code,
            c.name,
            c.seed,
            c.scale,
            summary.lines().next().unwrap_or_default(),
            started.elapsed().as_secs_f64()
        ));
    }
    let started = std::time::Instant::now();
    let sources: Vec<CountySource> = counties
        .iter()
        .map(|c| CountySource {
            code: c.code.clone(),
            source: Box::new(Directory(data_dir(counties_dir, c))),
        })
        .collect();
    let (mut national, lock) = National::open_for_harvest(national_dir, || {})?;
    for result in harvest(&mut national, &lock, &sources) {
        lines.push(result?.summary());
    }
    lines.push(format!(
        "harvested {} counties into {} in {:.1} s; national ledger head {}",
        counties.len(),
        national_dir.display(),
        started.elapsed().as_secs_f64(),
        national.head()
    ));
    Ok(lines.join("\n"))
}
