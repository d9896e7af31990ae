//! Coordinate reference systems: the few the OGC API – Features (Part 2) and the
//! national-grid downloads offer, and the transformation of GeoJSON geometries from the
//! store's CRS84 (WGS 84 longitude, latitude) into them and of boxes back.
//!
//! The projections are `proj4rs` (pure Rust, PROJ.4's methods: transverse Mercator by
//! Poder/Engsager as PROJ does, datum shifts through geocentric coordinates), so the
//! server needs no C library. Each CRS is a PROJ string as `projinfo EPSG:n -o PROJ`
//! gives it, with the datum shift to WGS 84 that PROJ itself picks on the country's land
//! (`cs2cs EPSG:4326 EPSG:n`):
//!
//! | CRS | shift to WGS 84 | EPSG accuracy |
//! |---|---|---|
//! | Arc 1960 / UTM 36S, 37S, 36N, 37N (Kenya) | Arc 1960 to WGS 84 (2), Kenya onshore: −157, −2, −299 m | 6 m |
//! | Accra / Ghana National Grid (Gold Coast feet) | Accra to WGS 84 (4), Ghana onshore: −170, 33, 326 m | 6 m |
//! | Leigon / Ghana Metre Grid | Leigon to WGS 84 (1): −130, 29, 364 m | 5 m |
//!
//! The shift's own accuracy (metres) is what the national grid can promise; the
//! arithmetic here agrees with PROJ to well under a millimetre (see the tests' control
//! points). Arc 1960 is also Tanzania's and Uganda's datum, where other shifts apply: a
//! jurisdiction there would need its own entry.
//!
//! This module names no other module of the crate: the protocol validates a declared
//! `crs` with it, the web and the GDAL writers transform with it.

use std::fmt;
use std::sync::OnceLock;

use proj4rs::proj::Proj;
use serde_json::Value;

/// OGC's URI of WGS 84 longitude, latitude: the store's CRS and the API's default.
pub const CRS84_URI: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// A coordinate reference system the platform can transform into.
pub struct Crs {
    /// `EPSG:21037`, or `OGC:CRS84`.
    pub code: &'static str,
    /// EPSG's name.
    pub name: &'static str,
    /// `None` for CRS84 and EPSG:4326, which are the store's own coordinates.
    proj: Option<&'static str>,
    /// EPSG:4326: latitude first, as its EPSG definition says.
    pub lat_first: bool,
    /// One a protocol may declare as its jurisdiction's national grid.
    pub national: bool,
    /// Decimals kept in projected output (millimetres, or thousandths of a foot).
    decimals: i32,
    /// Where EPSG says the CRS is used: `[west, south, east, north]` in CRS84.
    pub area: [f64; 4],
    engine: OnceLock<Result<Proj, String>>,
}

impl fmt::Debug for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl PartialEq for Crs {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// A point or box that cannot be transformed, or a CRS the platform does not know.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct CrsError(pub String);

/// Arc 1960 / UTM in `zone` with Kenya's shift to WGS 84.
macro_rules! arc1960 {
    ($zone:literal) => {
        concat!(
            "+proj=utm +zone=",
            $zone,
            " +a=6378249.145 +rf=293.465 +towgs84=-157,-2,-299,0,0,0,0 +units=m +no_defs"
        )
    };
}

macro_rules! crs {
    ($code:literal, $name:literal, $proj:expr, $lat_first:literal, $national:literal, $decimals:literal, $area:expr) => {
        Crs {
            code: $code,
            name: $name,
            proj: $proj,
            lat_first: $lat_first,
            national: $national,
            decimals: $decimals,
            area: $area,
            engine: OnceLock::new(),
        }
    };
}

static KNOWN: [Crs; 9] = [
    crs!(
        "OGC:CRS84",
        "WGS 84 (longitude, latitude)",
        None,
        false,
        false,
        0,
        [-180.0, -90.0, 180.0, 90.0]
    ),
    crs!(
        "EPSG:4326",
        "WGS 84 (latitude, longitude)",
        None,
        true,
        false,
        0,
        [-180.0, -90.0, 180.0, 90.0]
    ),
    crs!(
        "EPSG:3857",
        "WGS 84 / Pseudo-Mercator",
        Some(
            "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs"
        ),
        false,
        false,
        3,
        [-180.0, -85.06, 180.0, 85.06]
    ),
    crs!(
        "EPSG:21036",
        "Arc 1960 / UTM zone 36S",
        Some(arc1960!("36 +south")),
        false,
        true,
        3,
        [29.99, -11.61, 36.0, 0.01]
    ),
    crs!(
        "EPSG:21037",
        "Arc 1960 / UTM zone 37S",
        Some(arc1960!("37 +south")),
        false,
        true,
        3,
        [36.0, -11.75, 41.6, 0.0]
    ),
    crs!(
        "EPSG:21096",
        "Arc 1960 / UTM zone 36N",
        Some(arc1960!("36")),
        false,
        true,
        3,
        [29.99, 0.0, 36.0, 4.63]
    ),
    crs!(
        "EPSG:21097",
        "Arc 1960 / UTM zone 37N",
        Some(arc1960!("37")),
        false,
        true,
        3,
        [36.0, 0.0, 41.91, 4.49]
    ),
    crs!(
        "EPSG:2136",
        "Accra / Ghana National Grid",
        Some(
            "+proj=tmerc +lat_0=4.66666666666667 +lon_0=-1 +k=0.99975 +x_0=274319.739163358 +y_0=0 +a=6378300 +rf=296 +towgs84=-170,33,326,0,0,0,0 +to_meter=0.304799710181509 +no_defs"
        ),
        false,
        true,
        3,
        [-3.25, 4.67, 1.23, 11.16]
    ),
    crs!(
        "EPSG:25000",
        "Leigon / Ghana Metre Grid",
        Some(
            "+proj=tmerc +lat_0=4.66666666666667 +lon_0=-1 +k=0.99975 +x_0=274319.51 +y_0=0 +a=6378249.145 +rf=293.465 +towgs84=-130,29,364,0,0,0,0 +units=m +no_defs"
        ),
        false,
        true,
        3,
        [-3.79, 1.4, 2.1, 11.16]
    ),
];

const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

fn wgs84() -> &'static Proj {
    static P: OnceLock<Proj> = OnceLock::new();
    P.get_or_init(|| Proj::from_proj_string(WGS84).expect("WGS 84 parses"))
}

/// Every CRS known here, CRS84 first.
pub fn known() -> &'static [Crs] {
    &KNOWN
}

/// CRS84 itself.
pub fn crs84() -> &'static Crs {
    &KNOWN[0]
}

/// The national grids a protocol may declare, as `EPSG:n` codes.
pub fn national_codes() -> Vec<&'static str> {
    KNOWN
        .iter()
        .filter(|c| c.national)
        .map(|c| c.code)
        .collect()
}

/// A CRS by its OGC URI (`http://www.opengis.net/def/crs/EPSG/0/21037`,
/// `…/OGC/1.3/CRS84`), safe CURIE (`[EPSG:21037]`), URN
/// (`urn:ogc:def:crs:EPSG::21037`) or code (`EPSG:21037`, `CRS84`).
pub fn lookup(text: &str) -> Option<&'static Crs> {
    let t = text.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(t);
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
        .and_then(|r| r.strip_prefix("www.opengis.net/def/crs/"));
    let code = if let Some(rest) = rest {
        match rest.split('/').collect::<Vec<_>>().as_slice() {
            ["ogc", "1.3", "crs84"] => "ogc:crs84".to_string(),
            ["epsg", _, n] => format!("epsg:{n}"),
            _ => return None,
        }
    } else if let Some(n) = lower.strip_prefix("urn:ogc:def:crs:epsg::") {
        format!("epsg:{n}")
    } else if lower == "urn:ogc:def:crs:ogc:1.3:crs84" || lower == "crs84" {
        "ogc:crs84".to_string()
    } else {
        lower
    };
    KNOWN.iter().find(|c| c.code.eq_ignore_ascii_case(&code))
}

impl Crs {
    /// OGC's URI for it, as the API's `crs` lists and `Content-Crs` give it.
    pub fn uri(&self) -> String {
        match self.code.strip_prefix("EPSG:") {
            Some(n) => format!("http://www.opengis.net/def/crs/EPSG/0/{n}"),
            None => CRS84_URI.to_string(),
        }
    }

    /// The EPSG number (none for CRS84).
    pub fn epsg(&self) -> Option<u32> {
        self.code.strip_prefix("EPSG:")?.parse().ok()
    }

    /// Degrees (CRS84, EPSG:4326) rather than a projection's metres or feet.
    pub fn is_geographic(&self) -> bool {
        self.proj.is_none()
    }

    fn engine(&self) -> Result<Option<&Proj>, CrsError> {
        let Some(text) = self.proj else {
            return Ok(None);
        };
        self.engine
            .get_or_init(|| Proj::from_proj_string(text).map_err(|e| e.to_string()))
            .as_ref()
            .map(Some)
            .map_err(|e| CrsError(format!("{}: {e}", self.code)))
    }

    /// A CRS84 position (longitude, latitude) in this CRS, in its axis order.
    pub fn from_crs84(&self, lon: f64, lat: f64) -> Result<[f64; 2], CrsError> {
        let Some(engine) = self.engine()? else {
            return Ok(if self.lat_first {
                [lat, lon]
            } else {
                [lon, lat]
            });
        };
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(wgs84(), engine, &mut p).map_err(|e| {
            CrsError(format!(
                "{lon}, {lat} has no position in {} ({e})",
                self.code
            ))
        })?;
        if !(p.0.is_finite() && p.1.is_finite()) {
            return Err(CrsError(format!(
                "{lon}, {lat} has no position in {}",
                self.code
            )));
        }
        Ok([p.0, p.1])
    }

    /// A position in this CRS (its axis order) as CRS84 longitude, latitude.
    pub fn to_crs84(&self, a: f64, b: f64) -> Result<[f64; 2], CrsError> {
        let Some(engine) = self.engine()? else {
            return Ok(if self.lat_first { [b, a] } else { [a, b] });
        };
        let mut p = (a, b, 0.0);
        proj4rs::transform::transform(engine, wgs84(), &mut p)
            .map_err(|e| CrsError(format!("{a}, {b} in {} is not a position ({e})", self.code)))?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        if !(lon.is_finite() && lat.is_finite()) {
            return Err(CrsError(format!(
                "{a}, {b} in {} is not a position",
                self.code
            )));
        }
        Ok([lon, lat])
    }

    /// A GeoJSON geometry in CRS84 with its coordinates in this CRS (axis order as the
    /// CRS says; projected coordinates to the millimetre). CRS84 returns it as it is.
    pub fn project_geometry(&self, geometry: &Value) -> Result<Value, CrsError> {
        if self.code == "OGC:CRS84" {
            return Ok(geometry.clone());
        }
        let mut out = geometry.clone();
        if let Some(coords) = out.get_mut("coordinates") {
            self.project_coordinates(coords)?;
        }
        if let Some(Value::Array(parts)) = out.get_mut("geometries") {
            for part in parts {
                *part = self.project_geometry(part)?;
            }
        }
        Ok(out)
    }

    fn project_coordinates(&self, coords: &mut Value) -> Result<(), CrsError> {
        let Value::Array(items) = coords else {
            return Ok(());
        };
        if items.len() >= 2 && items[0].is_number() {
            let (lon, lat) = (
                items[0].as_f64().unwrap_or(f64::NAN),
                items[1].as_f64().unwrap_or(f64::NAN),
            );
            let [a, b] = self.from_crs84(lon, lat)?;
            let (a, b) = if self.is_geographic() {
                (a, b)
            } else {
                (self.round(a), self.round(b))
            };
            items[0] = number(a)?;
            items[1] = number(b)?;
            return Ok(());
        }
        items
            .iter_mut()
            .try_for_each(|c| self.project_coordinates(c))
    }

    fn round(&self, v: f64) -> f64 {
        let scale = 10f64.powi(self.decimals);
        (v * scale).round() / scale
    }

    /// A box `[min, min, max, max]` in this CRS's axis order as the CRS84 box
    /// `[west, south, east, north]` that holds it: its edges are followed point by
    /// point, since a projected rectangle is curved in longitude and latitude.
    pub fn box_to_crs84(&self, b: [f64; 4]) -> Result<[f64; 4], CrsError> {
        if self.is_geographic() {
            let [a0, b0] = self.to_crs84(b[0], b[1])?;
            let [a1, b1] = self.to_crs84(b[2], b[3])?;
            return Ok([a0, b0, a1, b1]);
        }
        const STEPS: usize = 16;
        let mut out = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for i in 0..=STEPS {
            let t = i as f64 / STEPS as f64;
            let x = b[0] + (b[2] - b[0]) * t;
            let y = b[1] + (b[3] - b[1]) * t;
            for (px, py) in [(x, b[1]), (x, b[3]), (b[0], y), (b[2], y)] {
                let [lon, lat] = self.to_crs84(px, py)?;
                out = [
                    out[0].min(lon),
                    out[1].min(lat),
                    out[2].max(lon),
                    out[3].max(lat),
                ];
            }
        }
        Ok(out)
    }

    /// Whether the CRS84 box `[west, south, east, north]` overlaps where the CRS is used.
    pub fn covers(&self, b: [f64; 4]) -> bool {
        let a = self.area;
        b[0] <= a[2] && b[2] >= a[0] && b[1] <= a[3] && b[3] >= a[1]
    }
}

fn number(v: f64) -> Result<Value, CrsError> {
    serde_json::Number::from_f64(v)
        .map(Value::Number)
        .ok_or_else(|| CrsError(format!("{v} is not a coordinate")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference positions from PROJ 9.1.1, `echo "LAT LON" | cs2cs EPSG:4326 EPSG:n
    /// -f %.4f`, which picks for each point the most accurate EPSG transformation whose
    /// area holds it (for Kenya: Arc 1960 to WGS 84 (2), Kenya onshore). Places: Mlima's
    /// box and centre, Nairobi, Mombasa, Kisumu, Kitale, Marsabit; Accra, Kumasi, Tamale.
    const CONTROL: [(&str, f64, f64, f64, f64); 16] = [
        ("EPSG:21037", 37.3, -1.4, 310763.6520, 9845488.2461),
        ("EPSG:21037", 37.05, -1.75, 282975.1262, 9806758.2981),
        ("EPSG:21037", 37.65, -1.15, 349697.7861, 9873153.8798),
        ("EPSG:21037", 36.8219, -1.2921, 257537.4581, 9857379.2302),
        ("EPSG:21037", 39.6682, -4.0435, 574074.6480, 9553332.7892),
        ("EPSG:21036", 34.7617, -0.0917, 695979.5429, 9990158.6233),
        ("EPSG:21096", 35.0062, 1.0157, 723166.1873, 112633.4485),
        ("EPSG:21097", 37.9899, 2.3284, 387590.7082, 257698.0301),
        ("EPSG:2136", -0.1870, 5.6037, 1195354.2659, 339057.6371),
        ("EPSG:2136", -1.6244, 6.6885, 673449.9993, 732485.6849),
        ("EPSG:2136", -0.8393, 9.4008, 957795.5795, 1716269.8496),
        ("EPSG:25000", -0.1870, 5.6037, 364346.5777, 103339.9673),
        ("EPSG:25000", -1.6244, 6.6885, 205270.5349, 223256.5507),
        ("EPSG:25000", -0.8393, 9.4008, 291938.8586, 523113.2274),
        ("EPSG:3857", 36.8219, -1.2921, 4098995.1580, -143848.1073),
        ("EPSG:3857", -0.1870, 5.6037, -20816.7448, 624797.9029),
    ];

    /// The same method (3-parameter geocentric shift, Poder/Engsager transverse
    /// Mercator) as PROJ, so only arithmetic and the references' 0.1 mm rounding may
    /// differ. Forward (CRS84 to the grid): 1 mm (0.001 ft for Ghana's feet); seen: at
    /// most 0.05 mm. Back to CRS84: 5 mm on the ground, since proj4rs's
    /// geocentric-to-geodetic iteration stops near 1e-8° (about 1 mm); seen: 1.1 mm.
    /// Either is far inside the datum shifts' own 5 to 6 m.
    #[test]
    fn control_points_agree_with_proj_to_the_millimetre() {
        let (mut forward, mut back): (f64, f64) = (0.0, 0.0);
        for (code, lon, lat, x, y) in CONTROL {
            let crs = lookup(code).unwrap();
            let [gx, gy] = crs.from_crs84(lon, lat).unwrap();
            let residual = (gx - x).abs().max((gy - y).abs());
            forward = forward.max(residual);
            assert!(
                residual < 1e-3,
                "{code} {lon},{lat}: {gx},{gy} against {x},{y}"
            );
            let [blon, blat] = crs.to_crs84(x, y).unwrap();
            // Metres on the ground: a degree of latitude is 111 km.
            let metres = ((blon - lon) * lat.to_radians().cos()).hypot(blat - lat) * 111_320.0;
            back = back.max(metres);
            assert!(
                metres < 5e-3,
                "{code} {x},{y}: back to {blon},{blat}, not {lon},{lat}"
            );
        }
        eprintln!("largest residuals against PROJ: forward {forward:.6}, back {back:.6} m");
    }

    /// EPSG Guidance Note 7-2's worked example of transverse Mercator (OSGB 1936 /
    /// British National Grid): 50°30'N, 0°30'E → E 577274.99, N 69740.50. The guidance
    /// rounds to the centimetre and uses a shorter series; 2 cm.
    #[test]
    fn transverse_mercator_matches_the_epsg_guidance_example() {
        let osgb = Proj::from_proj_string(
            "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m +no_defs",
        )
        .unwrap();
        let airy = Proj::from_proj_string("+proj=longlat +ellps=airy +no_defs").unwrap();
        let mut p = (0.5f64.to_radians(), 50.5f64.to_radians(), 0.0);
        proj4rs::transform::transform(&airy, &osgb, &mut p).unwrap();
        assert!((p.0 - 577274.99).abs() < 0.02, "{}", p.0);
        assert!((p.1 - 69740.50).abs() < 0.02, "{}", p.1);
    }

    #[test]
    fn epsg_4326_is_latitude_first_and_crs84_longitude_first() {
        let wgs = lookup("http://www.opengis.net/def/crs/EPSG/0/4326").unwrap();
        assert_eq!(wgs.from_crs84(37.3, -1.4).unwrap(), [-1.4, 37.3]);
        assert_eq!(wgs.to_crs84(-1.4, 37.3).unwrap(), [37.3, -1.4]);
        assert_eq!(crs84().from_crs84(37.3, -1.4).unwrap(), [37.3, -1.4]);
        let g: Value = serde_json::json!({ "type": "LineString", "coordinates": [[37.3, -1.4], [37.31, -1.41]] });
        assert_eq!(
            wgs.project_geometry(&g).unwrap()["coordinates"],
            serde_json::json!([[-1.4, 37.3], [-1.41, 37.31]])
        );
        let utm = lookup("EPSG:21037").unwrap();
        assert_eq!(
            utm.project_geometry(
                &serde_json::json!({ "type": "Point", "coordinates": [37.3, -1.4] })
            )
            .unwrap()["coordinates"],
            serde_json::json!([310763.652, 9845488.246])
        );
    }

    #[test]
    fn crs_are_found_by_uri_curie_urn_and_code() {
        for text in [
            "http://www.opengis.net/def/crs/EPSG/0/21037",
            "https://www.opengis.net/def/crs/EPSG/0/21037",
            "[EPSG:21037]",
            "EPSG:21037",
            "epsg:21037",
            "urn:ogc:def:crs:EPSG::21037",
        ] {
            assert_eq!(lookup(text).map(|c| c.code), Some("EPSG:21037"), "{text}");
        }
        assert_eq!(lookup(CRS84_URI).map(|c| c.code), Some("OGC:CRS84"));
        assert_eq!(lookup("CRS84").map(|c| c.code), Some("OGC:CRS84"));
        assert_eq!(
            lookup("EPSG:21037").unwrap().uri(),
            "http://www.opengis.net/def/crs/EPSG/0/21037"
        );
        assert!(lookup("EPSG:9999999").is_none());
        assert!(lookup("http://www.opengis.net/def/crs/OGC/1.3/CRS83").is_none());
        assert!(national_codes().contains(&"EPSG:2136"));
        assert!(!national_codes().contains(&"EPSG:3857"));
    }

    #[test]
    fn projected_boxes_come_back_as_the_crs84_box_holding_them() {
        let utm = lookup("EPSG:21037").unwrap();
        let [w, s, e, n] = utm
            .box_to_crs84([282975.1262, 9806758.2981, 349697.7861, 9873153.8798])
            .unwrap();
        assert!(
            (w - 37.05).abs() < 1e-3 && (s + 1.75).abs() < 1e-3,
            "{w} {s}"
        );
        assert!(
            (e - 37.65).abs() < 1e-3 && (n + 1.15).abs() < 1e-3,
            "{e} {n}"
        );
        assert!(utm.covers([37.05, -1.75, 37.65, -1.15]));
        assert!(
            !lookup("EPSG:2136")
                .unwrap()
                .covers([37.05, -1.75, 37.65, -1.15])
        );
    }
}
