//! Polygon validity, repair and orientation: the one step every row's geometry goes
//! through, whichever reader made it (GeoJSON features, WKT cells, GDAL layers), before
//! the row's other checks.
//!
//! [`prepare`] checks polygons and multipolygons as OGC Simple Features asks (closed rings
//! of three or more distinct points that neither cross nor touch themselves, rings of a
//! polygon that touch at most at points, holes inside their exterior and not inside one
//! another, parts of a multipolygon that do not overlap or share an edge) by joining an
//! R-tree of the edges with itself, O(n log n + k) for n edges and k pairs of edges whose
//! boxes meet, where geo's `Validation` compares every edge of a ring with every other
//! (two wards of 40,000 vertices: minutes, against a fraction of a second). The fault
//! first along the rings is located: which ring, and where.
//!
//! Without repair a fault is an error, as before. With `[geometry] repair = true` it
//! closes open rings, drops repeated points and rings without area, and rebuilds a polygon
//! that still has a fault with i_overlay (every lobe of a bow-tie kept, each part less the
//! union of its holes, overlapping parts merged); each change is a [`Repair`], reported
//! as a warning. Either way every polygon leaves with its exterior ring counterclockwise and
//! its holes clockwise, as RFC 7946 §3.1.6 asks of GeoJSON: the RFC says a parser must not
//! reject the other winding, so it is never an error.
//!
//! This module knows nothing of files or rows: it takes a geometry and gives one back.

use std::collections::HashSet;
use std::fmt;

use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::dimensions::Dimensions;
use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::line_intersection::{LineIntersection, line_intersection};
use geo::winding_order::WindingOrder;
use geo::{
    BoundingRect, Coord, Geometry, Line, LineString, MultiPolygon, Polygon, PreparedGeometry,
    Relate, Validation, Winding,
};
use geozero::{GeomProcessor, GeozeroGeometry};
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay::ContourDirection;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::core::solver::Solver;
use i_overlay::float::overlay::{FloatOverlay, OverlayOptions};
use i_overlay::float::simplify::SimplifyShape;
use rstar::{AABB, RTree, RTreeObject};

/// A geometry as a reader found it. geo closes every ring it builds, so a ring the source
/// left open arrives closed; `open_rings` says which ones were, for [`prepare`] to refuse
/// or report.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceGeometry {
    pub geometry: Geometry<f64>,
    pub open_rings: Vec<RingAt>,
}

impl From<Geometry<f64>> for SourceGeometry {
    fn from(geometry: Geometry<f64>) -> Self {
        Self {
            geometry,
            open_rings: Vec::new(),
        }
    }
}

/// One ring of a polygon or multipolygon: `polygon` is the part's index in a multipolygon
/// (`None` for a polygon), `ring` 0 the exterior and 1… the holes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RingAt {
    pub polygon: Option<usize>,
    pub ring: usize,
}

impl RingAt {
    pub fn new(multi: bool, polygon: usize, ring: usize) -> Self {
        Self {
            polygon: multi.then_some(polygon),
            ring,
        }
    }
}

impl fmt::Display for RingAt {
    /// `the exterior ring`, `hole 2 of polygon 3`: numbered from 1, as people count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ring {
            0 => write!(f, "the exterior ring")?,
            n => write!(f, "hole {n}")?,
        }
        if let Some(p) = self.polygon {
            write!(f, " of polygon {}", p + 1)?;
        }
        Ok(())
    }
}

/// Why a geometry is not valid, and where.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// The source left the ring open.
    Open(RingAt),
    TooFewPoints {
        ring: RingAt,
        distinct: usize,
    },
    /// A coordinate that is not a finite number, at a position of the ring from 0.
    NotFinite {
        ring: RingAt,
        position: usize,
    },
    /// The ring crosses or touches itself, or doubles back along itself (a spike).
    SelfIntersection {
        ring: RingAt,
        at: Coord<f64>,
    },
    /// Two rings of one polygon cross.
    RingsCross {
        a: RingAt,
        b: RingAt,
        at: Coord<f64>,
    },
    /// Two rings of one polygon touch along a line, not at a point.
    RingsShareEdge {
        a: RingAt,
        b: RingAt,
        at: Coord<f64>,
    },
    /// A hole not inside its polygon's exterior ring.
    HoleOutside {
        hole: RingAt,
        at: Coord<f64>,
    },
    /// A hole inside another hole.
    HolesOverlap {
        a: RingAt,
        b: RingAt,
    },
    /// Two parts of a multipolygon overlap (indices from 0).
    PartsOverlap {
        a: usize,
        b: usize,
        at: Option<Coord<f64>>,
    },
    /// Two parts of a multipolygon share an edge: they should be one polygon.
    PartsShareEdge {
        a: usize,
        b: usize,
        at: Coord<f64>,
    },
    /// Once the rings without area are dropped, nothing is left.
    NoArea,
    /// A fault the repair could not remove.
    Unrepaired(Box<Fault>),
    /// Another kind of geometry (a line, a point) is invalid; geo's words.
    Other(String),
}

impl Fault {
    /// Whether [`prepare`] with repair can do anything about it: not for a coordinate
    /// that is not a number, nor once a repair has failed.
    pub fn repairable(&self) -> bool {
        !matches!(
            self,
            Self::NotFinite { .. } | Self::Unrepaired(_) | Self::Other(_) | Self::NoArea
        )
    }
}

/// A point for a message: six decimals, about 10 cm in degrees.
struct Place(Coord<f64>);

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:.6}, {:.6})", self.0.x, self.0.y)
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Open(ring) => write!(
                f,
                "{ring} is not closed: its last position must repeat its first"
            ),
            Self::TooFewPoints { ring, distinct } => write!(
                f,
                "{ring} has {distinct} distinct position{}; a ring needs at least 3",
                if *distinct == 1 { "" } else { "s" }
            ),
            Self::NotFinite { ring, position } => write!(
                f,
                "{ring} has a coordinate that is not a finite number, at position {}",
                position + 1
            ),
            Self::SelfIntersection { ring, at } => {
                write!(f, "self-intersection of {ring} at {}", Place(*at))
            }
            Self::RingsCross { a, b, at } => write!(f, "{a} and {b} cross at {}", Place(*at)),
            Self::RingsShareEdge { a, b, at } => {
                write!(f, "{a} and {b} touch along a line at {}", Place(*at))
            }
            Self::HoleOutside { hole, at } => write!(
                f,
                "{hole} is not inside the exterior ring (its vertex {} is outside)",
                Place(*at)
            ),
            Self::HolesOverlap { a, b } => write!(f, "{a} and {b} overlap"),
            Self::PartsOverlap { a, b, at } => {
                write!(f, "polygons {} and {} overlap", a + 1, b + 1)?;
                match at {
                    Some(at) => write!(f, " at {}", Place(*at)),
                    None => Ok(()),
                }
            }
            Self::PartsShareEdge { a, b, at } => write!(
                f,
                "polygons {} and {} share an edge at {}",
                a + 1,
                b + 1,
                Place(*at)
            ),
            Self::NoArea => write!(f, "no ring with an area is left"),
            Self::Unrepaired(fault) => write!(f, "the repair could not remove it: {fault}"),
            Self::Other(message) => f.write_str(message),
        }
    }
}

/// One change [`prepare`] made, for a warning.
#[derive(Debug, Clone, PartialEq)]
pub enum Repair {
    /// Rings the source left open, closed by repeating their first position.
    Closed(Vec<RingAt>),
    /// Positions that repeated the one before, removed: how many, from which rings.
    RepeatedPoints(Vec<(RingAt, usize)>),
    /// A ring without area, dropped (an exterior ring takes its polygon with it).
    Dropped(RingAt),
    /// A fault removed by rebuilding the polygons: how many there were, and are.
    Rebuilt {
        fault: Fault,
        before: usize,
        after: usize,
    },
    /// Rings turned to RFC 7946's winding: exterior rings that were clockwise, holes that
    /// were counterclockwise.
    Reoriented {
        exteriors: Vec<RingAt>,
        holes: Vec<RingAt>,
    },
}

impl Repair {
    /// What a publisher may do about it, for the warning's hint.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Reoriented { .. } => {
                "nothing to do: the area is the same, wound the way RFC 7946 asks"
            }
            _ => "the repaired boundary is published; correct the source to publish it as drawn",
        }
    }
}

/// `the exterior ring`, `the exterior ring and hole 1`, `3 rings (…)`.
fn rings_text(rings: &[RingAt]) -> String {
    let names: Vec<String> = rings.iter().map(ToString::to_string).collect();
    match names.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        _ if names.len() <= 5 => names.join(", "),
        _ => format!("{} rings ({}, …)", names.len(), names[..3].join(", ")),
    }
}

fn polygons(n: usize) -> String {
    format!("{n} polygon{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed(rings) => write!(
                f,
                "{} closed: the source left {} open",
                rings_text(rings),
                if rings.len() == 1 { "it" } else { "them" }
            ),
            Self::RepeatedPoints(rings) => {
                let total: usize = rings.iter().map(|(_, n)| n).sum();
                let at: Vec<RingAt> = rings.iter().map(|(r, _)| *r).collect();
                write!(
                    f,
                    "{total} repeated position{} removed from {}",
                    if total == 1 { "" } else { "s" },
                    rings_text(&at)
                )
            }
            Self::Dropped(ring) if ring.ring == 0 => match ring.polygon {
                Some(p) => write!(
                    f,
                    "polygon {} dropped: its exterior ring has no area",
                    p + 1
                ),
                None => write!(f, "the exterior ring dropped: it has no area"),
            },
            Self::Dropped(ring) => write!(f, "{ring} dropped: it has no area"),
            Self::Rebuilt {
                fault,
                before,
                after,
            } => write!(
                f,
                "{fault} resolved: {} became {}",
                polygons(*before),
                polygons(*after)
            ),
            Self::Reoriented { exteriors, holes } => {
                let mut parts = Vec::new();
                if !exteriors.is_empty() {
                    parts.push(format!(
                        "{} reversed to counterclockwise",
                        rings_text(exteriors)
                    ));
                }
                if !holes.is_empty() {
                    parts.push(format!("{} reversed to clockwise", rings_text(holes)));
                }
                write!(f, "{} (RFC 7946 winding)", parts.join("; "))
            }
        }
    }
}

/// A geometry ready to publish, and what was changed to make it so.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub geometry: Geometry<f64>,
    /// Empty unless repair was asked for: without it, the winding is turned silently and
    /// anything else is a [`Fault`].
    pub repairs: Vec<Repair>,
}

/// Checks a geometry and, with `repair`, repairs it; always turns polygons to RFC 7946's
/// winding. Points and lines are checked with geo's `Validation` (cheap for them).
pub fn prepare(source: SourceGeometry, repair: bool) -> Result<Prepared, Fault> {
    let SourceGeometry {
        geometry,
        open_rings,
    } = source;
    let mut repairs = Vec::new();
    if let Some(first) = open_rings.first() {
        if !repair {
            return Err(Fault::Open(*first));
        }
        repairs.push(Repair::Closed(open_rings));
    }
    let (mut parts, multi) = match geometry {
        Geometry::Polygon(p) => (vec![p], false),
        Geometry::MultiPolygon(mp) => (mp.0, true),
        other => {
            other
                .check_validation()
                .map_err(|e| Fault::Other(e.to_string()))?;
            return Ok(Prepared {
                geometry: other,
                repairs,
            });
        }
    };
    check_coordinates(&parts, multi, false)?;
    if repair {
        let repeated = remove_repeated_points(&mut parts, multi);
        if !repeated.is_empty() {
            repairs.push(Repair::RepeatedPoints(repeated));
        }
        repairs.extend(drop_rings_without_area(&mut parts, multi).map(Repair::Dropped));
        if parts.is_empty() {
            return Err(Fault::NoArea);
        }
    }
    let (exteriors, holes) = orient(&mut parts, multi);
    if repair && (!exteriors.is_empty() || !holes.is_empty()) {
        repairs.push(Repair::Reoriented { exteriors, holes });
    }
    match check_polygons(&parts, multi) {
        Ok(()) => {}
        Err(fault) if !repair || !fault.repairable() => return Err(fault),
        Err(fault) => {
            let before = parts.len();
            parts = rebuild(&parts);
            if parts.is_empty() {
                return Err(Fault::NoArea);
            }
            // The rebuilt parts come from a different routine: check them again rather
            // than trust it.
            let multi = multi || parts.len() > 1;
            check_polygons(&parts, multi).map_err(|e| Fault::Unrepaired(Box::new(e)))?;
            repairs.push(Repair::Rebuilt {
                fault,
                before,
                after: parts.len(),
            });
        }
    }
    let geometry = if !multi && parts.len() == 1 {
        Geometry::Polygon(parts.remove(0))
    } else {
        Geometry::MultiPolygon(MultiPolygon(parts))
    };
    Ok(Prepared { geometry, repairs })
}

/// The rings a WKT or WKB source left open, found by reading it once more with geozero:
/// its conversion to geo closes them without a word. A source that does not parse has no
/// open rings here; its conversion fails with its own message.
pub fn open_rings(source: &impl GeozeroGeometry) -> Vec<RingAt> {
    let mut finder = OpenRings::default();
    let _ = source.process_geom(&mut finder);
    finder.open
}

/// Follows the rings of polygons as geozero reads them.
#[derive(Debug, Default)]
struct OpenRings {
    multi: bool,
    /// Polygons ended so far, and the ring of the current one.
    polygons: usize,
    ring: usize,
    in_polygon: bool,
    first: Option<(f64, f64)>,
    last: Option<(f64, f64)>,
    open: Vec<RingAt>,
}

impl GeomProcessor for OpenRings {
    fn xy(&mut self, x: f64, y: f64, _idx: usize) -> geozero::error::Result<()> {
        if self.in_polygon {
            self.first.get_or_insert((x, y));
            self.last = Some((x, y));
        }
        Ok(())
    }

    fn multipolygon_begin(&mut self, _size: usize, _idx: usize) -> geozero::error::Result<()> {
        self.multi = true;
        Ok(())
    }

    fn polygon_begin(
        &mut self,
        _tagged: bool,
        _size: usize,
        _idx: usize,
    ) -> geozero::error::Result<()> {
        (self.in_polygon, self.ring) = (true, 0);
        Ok(())
    }

    fn polygon_end(&mut self, _tagged: bool, _idx: usize) -> geozero::error::Result<()> {
        self.in_polygon = false;
        self.polygons += 1;
        Ok(())
    }

    fn linestring_begin(
        &mut self,
        _tagged: bool,
        _size: usize,
        _idx: usize,
    ) -> geozero::error::Result<()> {
        (self.first, self.last) = (None, None);
        Ok(())
    }

    fn linestring_end(&mut self, _tagged: bool, _idx: usize) -> geozero::error::Result<()> {
        if self.in_polygon {
            if self.first != self.last {
                let at = RingAt::new(self.multi, self.polygons, self.ring);
                self.open.push(at);
            }
            self.ring += 1;
        }
        Ok(())
    }
}

/// The rings of a polygon, exterior first.
fn rings(p: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(p.exterior()).chain(p.interiors())
}

/// Positions of a closed ring with repeats of the one before left out, still closed.
fn distinct(ring: &LineString<f64>) -> Vec<Coord<f64>> {
    let mut coords = ring.0.clone();
    coords.dedup();
    coords
}

/// Refuses coordinates that are not numbers (no repair can place them), and, with
/// `too_few`, rings of fewer than three distinct positions.
fn check_coordinates(parts: &[Polygon<f64>], multi: bool, too_few: bool) -> Result<(), Fault> {
    for (p, polygon) in parts.iter().enumerate() {
        for (r, ring) in rings(polygon).enumerate() {
            let at = RingAt::new(multi, p, r);
            if let Some(position) = ring
                .0
                .iter()
                .position(|c| !c.x.is_finite() || !c.y.is_finite())
            {
                return Err(Fault::NotFinite { ring: at, position });
            }
            if too_few && !ring.0.is_empty() {
                let n = distinct(ring).len().saturating_sub(1);
                if n < 3 {
                    return Err(Fault::TooFewPoints {
                        ring: at,
                        distinct: n.max(1),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Removes positions that repeat the one before; returns how many, ring by ring.
fn remove_repeated_points(parts: &mut [Polygon<f64>], multi: bool) -> Vec<(RingAt, usize)> {
    let mut removed = Vec::new();
    for (p, polygon) in parts.iter_mut().enumerate() {
        let count = |ring: &LineString<f64>| ring.0.windows(2).filter(|w| w[0] == w[1]).count();
        if rings(polygon).all(|r| count(r) == 0) {
            continue;
        }
        for (r, ring) in rings(polygon).enumerate() {
            let n = count(ring);
            if n > 0 {
                removed.push((RingAt::new(multi, p, r), n));
            }
        }
        let exterior = LineString(distinct(polygon.exterior()));
        let holes = polygon
            .interiors()
            .iter()
            .map(|h| LineString(distinct(h)))
            .collect();
        *polygon = Polygon::new(exterior, holes);
    }
    removed
}

/// Drops rings that enclose no area (fewer than three distinct positions, or all on one
/// line); an exterior ring without area takes its polygon with it.
fn drop_rings_without_area(
    parts: &mut Vec<Polygon<f64>>,
    multi: bool,
) -> impl Iterator<Item = RingAt> {
    let no_area = |ring: &LineString<f64>| !ring.0.is_empty() && on_one_line(ring);
    let mut dropped = Vec::new();
    let mut kept = Vec::with_capacity(parts.len());
    for (p, polygon) in std::mem::take(parts).into_iter().enumerate() {
        if no_area(polygon.exterior()) {
            dropped.push(RingAt::new(multi, p, 0));
            continue;
        }
        if polygon.interiors().iter().any(no_area) {
            let (exterior, holes) = polygon.into_inner();
            let mut kept_holes = Vec::with_capacity(holes.len());
            for (h, hole) in holes.into_iter().enumerate() {
                if no_area(&hole) {
                    dropped.push(RingAt::new(multi, p, h + 1));
                } else {
                    kept_holes.push(hole);
                }
            }
            kept.push(Polygon::new(exterior, kept_holes));
        } else {
            kept.push(polygon);
        }
    }
    *parts = kept;
    dropped.into_iter()
}

/// Whether every position of a ring lies on one line (or there are fewer than three
/// distinct ones), by geo's robust orientation test: a ring that encloses nothing. (A
/// zero signed area would not do: a symmetric bow-tie has one.)
fn on_one_line(ring: &LineString<f64>) -> bool {
    let coords = distinct(ring);
    let Some(&a) = coords.first() else {
        return true;
    };
    let Some(&b) = coords.iter().find(|c| **c != a) else {
        return true;
    };
    coords
        .iter()
        .all(|&c| RobustKernel::orient2d(a, b, c) == Orientation::Collinear)
}

/// Turns exterior rings counterclockwise and holes clockwise; returns the rings turned.
/// A ring whose winding cannot be told (no area) is left as it is.
fn orient(parts: &mut [Polygon<f64>], multi: bool) -> (Vec<RingAt>, Vec<RingAt>) {
    let (mut exteriors, mut holes) = (Vec::new(), Vec::new());
    for (p, polygon) in parts.iter_mut().enumerate() {
        if polygon.exterior().winding_order() == Some(WindingOrder::Clockwise) {
            polygon.exterior_mut(|ring| ring.0.reverse());
            exteriors.push(RingAt::new(multi, p, 0));
        }
        let wrong: Vec<usize> = polygon
            .interiors()
            .iter()
            .enumerate()
            .filter(|(_, h)| h.winding_order() == Some(WindingOrder::CounterClockwise))
            .map(|(h, _)| h)
            .collect();
        if !wrong.is_empty() {
            polygon.interiors_mut(|rings| {
                for &h in &wrong {
                    rings[h].0.reverse();
                }
            });
            holes.extend(wrong.iter().map(|h| RingAt::new(multi, p, h + 1)));
        }
    }
    (exteriors, holes)
}

/// Rebuilds polygons with i_overlay: each part is its exterior ring under the non-zero
/// fill rule (every lobe of a ring that crosses itself is kept) less the union of its
/// holes (holes that overlap or nest take out their union; a hole outside takes out
/// nothing), then the parts are united (overlapping parts become one; a part over
/// another's hole fills it). The output is OGC-valid (`ogc`), and keeps the source's
/// vertices, collinear ones too, moved at most to i_overlay's grid: 2^-29 of the
/// geometry's half-extent.
fn rebuild(parts: &[Polygon<f64>]) -> Vec<Polygon<f64>> {
    let path = |ring: &LineString<f64>| -> Vec<[f64; 2]> {
        let open = ring.0.len().saturating_sub(1);
        ring.0[..open].iter().map(|c| [c.x, c.y]).collect()
    };
    let options = OverlayOptions {
        preserve_input_collinear: true,
        output_direction: ContourDirection::CounterClockwise,
        preserve_output_collinear: true,
        min_output_area: 0.0,
        ogc: true,
        clean_result: true,
    };
    let mut shapes: Vec<Vec<Vec<[f64; 2]>>> = Vec::new();
    for part in parts {
        let shell = vec![path(part.exterior())];
        let holes: Vec<Vec<[f64; 2]>> = part.interiors().iter().map(path).collect();
        shapes.extend(if holes.is_empty() {
            shell.simplify_shape_custom(FillRule::NonZero, options, Solver::default())
        } else {
            FloatOverlay::with_subj_and_clip_custom(&shell, &holes, options, Solver::default())
                .overlay(OverlayRule::Difference, FillRule::NonZero)
        });
    }
    if shapes.len() > 1 {
        // Each shape's holes are wound against its exterior, so under the non-zero rule a
        // hole subtracts and overlapping shapes add up.
        let contours: Vec<Vec<[f64; 2]>> = shapes.into_iter().flatten().collect();
        shapes = contours.simplify_shape_custom(FillRule::NonZero, options, Solver::default());
    }
    let mut rebuilt: Vec<Polygon<f64>> = shapes
        .into_iter()
        .filter_map(|shape| {
            let mut rings = shape.into_iter().map(|path| {
                let mut ring = LineString(path.into_iter().map(|[x, y]| Coord { x, y }).collect());
                ring.close();
                ring
            });
            let exterior = rings.next()?;
            Some(Polygon::new(exterior, rings.collect()))
        })
        .collect();
    orient(&mut rebuilt, true);
    rebuilt
}

/// An edge of a ring, for the index: which part and ring it is on, and where in the ring.
#[derive(Debug, Clone, Copy)]
struct Edge {
    line: Line<f64>,
    part: u32,
    ring: u32,
    /// The edge's place in its ring, and the ring's number of edges.
    index: u32,
    edges: u32,
}

/// Where an edge is in the geometry: part, ring, place in the ring.
type EdgeKey = (u32, u32, u32);

impl Edge {
    fn key(&self) -> EdgeKey {
        (self.part, self.ring, self.index)
    }
}

impl RTreeObject for Edge {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        let (s, e) = (self.line.start, self.line.end);
        AABB::from_corners([s.x.min(e.x), s.y.min(e.y)], [s.x.max(e.x), s.y.max(e.y)])
    }
}

/// Two rings (part, ring) that touch at a point; an unordered pair, smaller first.
type Touch = ((u32, u32), (u32, u32));

/// Checks polygons (the parts of a multipolygon, or one) for the rules of OGC Simple
/// Features; returns the fault found first along the rings.
///
/// Every pair of edges whose boxes meet comes from one self-join of an R-tree of the
/// edges (rstar, geo's own index): O(n log n + k) for k such pairs, which on a boundary
/// is a few per edge. (geo's `sweep::Intersections` would test every pair of edges side
/// by side in x, which for a border running north–south is nearly every pair.)
pub fn check_polygons(parts: &[Polygon<f64>], multi: bool) -> Result<(), Fault> {
    check_coordinates(parts, multi, true)?;
    let at = |part: u32, ring: u32| RingAt::new(multi, part as usize, ring as usize);
    let mut edges = Vec::new();
    for (p, polygon) in parts.iter().enumerate() {
        for (r, ring) in rings(polygon).enumerate() {
            let coords = distinct(ring);
            let n = coords.len().saturating_sub(1) as u32;
            edges.extend(coords.windows(2).enumerate().map(|(i, w)| Edge {
                line: Line::new(w[0], w[1]),
                part: p as u32,
                ring: r as u32,
                index: i as u32,
                edges: n,
            }));
        }
    }
    let tree = RTree::bulk_load(edges);
    let mut touches: HashSet<Touch> = HashSet::new();
    // The fault of the pair of edges first along the rings, so the message is the same
    // whatever order the index hands pairs out in.
    let mut first: Option<(EdgeKey, EdgeKey, Fault)> = None;
    for (a, b) in tree.intersection_candidates_with_other_tree(&tree) {
        let (a, b) = match a.key().cmp(&b.key()) {
            std::cmp::Ordering::Less => (a, b),
            std::cmp::Ordering::Greater => continue,
            std::cmp::Ordering::Equal => continue,
        };
        let Some(meeting) = line_intersection(a.line, b.line) else {
            continue;
        };
        if first
            .as_ref()
            .is_some_and(|(ka, kb, _)| (ka, kb) < (&a.key(), &b.key()))
        {
            continue;
        }
        if let Some(fault) = classify(a, b, meeting, at, &mut touches) {
            first = Some((a.key(), b.key(), fault));
        }
    }
    if let Some((_, _, fault)) = first {
        return Err(fault);
    }
    for (p, polygon) in parts.iter().enumerate() {
        check_holes(polygon, p as u32, multi, &touches)?;
    }
    check_parts(parts, &touches)
}

/// What it means that two edges meet: a fault, or nothing (neighbours sharing their
/// vertex; rings touching at a point, which is recorded in `touches`).
fn classify(
    a: &Edge,
    b: &Edge,
    meeting: LineIntersection<f64>,
    at: impl Fn(u32, u32) -> RingAt,
    touches: &mut HashSet<Touch>,
) -> Option<Fault> {
    let (point, proper, collinear) = match meeting {
        LineIntersection::SinglePoint {
            intersection,
            is_proper,
        } => (intersection, is_proper, false),
        LineIntersection::Collinear { intersection } => (intersection.start, false, true),
    };
    if (a.part, a.ring) == (b.part, b.ring) {
        let adjacent = (a.index + 1) % a.edges == b.index || (b.index + 1) % b.edges == a.index;
        // Neighbours share their vertex; anything more is a fault (doubling back along
        // the neighbour is a spike).
        return (!adjacent || collinear).then(|| Fault::SelfIntersection {
            ring: at(a.part, a.ring),
            at: point,
        });
    }
    if a.part == b.part {
        let (ra, rb) = (at(a.part, a.ring), at(b.part, b.ring));
        if proper {
            return Some(Fault::RingsCross {
                a: ra,
                b: rb,
                at: point,
            });
        }
        if collinear {
            return Some(Fault::RingsShareEdge {
                a: ra,
                b: rb,
                at: point,
            });
        }
    } else {
        let (pa, pb) = (a.part as usize, b.part as usize);
        if proper {
            return Some(Fault::PartsOverlap {
                a: pa,
                b: pb,
                at: Some(point),
            });
        }
        if collinear {
            return Some(Fault::PartsShareEdge {
                a: pa,
                b: pb,
                at: point,
            });
        }
    }
    touches.insert(((a.part, a.ring), (b.part, b.ring)));
    None
}

/// Whether `inner` lies inside `outer`, for rings that do not cross: with no point in
/// common one vertex tells; rings that touch may cross at a vertex, so geo's DE-9IM
/// relate decides.
fn inside(outer: &Polygon<f64>, inner: &Polygon<f64>, touching: bool) -> bool {
    if !touching && let Some(c) = inner.exterior().0.first() {
        match outer.coordinate_position(c) {
            CoordPos::Inside => return true,
            CoordPos::Outside => return false,
            _ => {}
        }
    }
    PreparedGeometry::from(outer).relate(inner).is_contains()
}

/// Whether two polygons share some area (their interiors meet), by geo's DE-9IM relate.
fn interiors_meet(a: &Polygon<f64>, b: &Polygon<f64>) -> bool {
    a.relate(b).get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional
}

/// Holes inside their exterior ring, and not inside one another.
fn check_holes(
    polygon: &Polygon<f64>,
    p: u32,
    multi: bool,
    touches: &HashSet<Touch>,
) -> Result<(), Fault> {
    if polygon.interiors().is_empty() {
        return Ok(());
    }
    let touch = |a: u32, b: u32| touches.contains(&((p, a.min(b)), (p, a.max(b))));
    let shell = Polygon::new(polygon.exterior().clone(), vec![]);
    let holes: Vec<Polygon<f64>> = polygon
        .interiors()
        .iter()
        .map(|h| Polygon::new(h.clone(), vec![]))
        .collect();
    for (h, hole) in holes.iter().enumerate() {
        let r = h as u32 + 1;
        if !inside(&shell, hole, touch(0, r)) {
            let outside = hole
                .exterior()
                .0
                .iter()
                .find(|c| shell.coordinate_position(c) == CoordPos::Outside)
                .or(hole.exterior().0.first())
                .copied()
                .unwrap_or_default();
            return Err(Fault::HoleOutside {
                hole: RingAt::new(multi, p as usize, h + 1),
                at: outside,
            });
        }
    }
    for (i, j) in overlapping_boxes(&holes) {
        let (ri, rj) = (i as u32 + 1, j as u32 + 1);
        let touching = touch(ri, rj);
        let nested = if touching {
            interiors_meet(&holes[i], &holes[j])
        } else {
            inside(&holes[i], &holes[j], false) || inside(&holes[j], &holes[i], false)
        };
        if nested {
            return Err(Fault::HolesOverlap {
                a: RingAt::new(multi, p as usize, i + 1),
                b: RingAt::new(multi, p as usize, j + 1),
            });
        }
    }
    Ok(())
}

/// Parts of a multipolygon that do not overlap. Their edges do not cross (the edge check
/// saw to that), but one part may still lie inside another: a fault, unless it lies in a
/// hole of the other, as an island in a lake.
fn check_parts(parts: &[Polygon<f64>], touches: &HashSet<Touch>) -> Result<(), Fault> {
    if parts.len() < 2 {
        return Ok(());
    }
    for (i, j) in overlapping_boxes(parts) {
        let touching = touches
            .iter()
            .any(|((pa, _), (pb, _))| (*pa as usize, *pb as usize) == (i, j));
        let overlap = if touching {
            interiors_meet(&parts[i], &parts[j])
        } else {
            let vertex_in = |a: &Polygon<f64>, b: &Polygon<f64>| {
                b.exterior()
                    .0
                    .first()
                    .is_some_and(|c| a.coordinate_position(c) == CoordPos::Inside)
            };
            vertex_in(&parts[i], &parts[j]) || vertex_in(&parts[j], &parts[i])
        };
        if overlap {
            return Err(Fault::PartsOverlap {
                a: i,
                b: j,
                at: None,
            });
        }
    }
    Ok(())
}

/// Pairs (i < j) of polygons whose bounding boxes meet, by a sweep over their left edges.
fn overlapping_boxes(polygons: &[Polygon<f64>]) -> Vec<(usize, usize)> {
    let mut boxes: Vec<(usize, geo::Rect<f64>)> = polygons
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((i, p.bounding_rect()?)))
        .collect();
    boxes.sort_by(|a, b| a.1.min().x.total_cmp(&b.1.min().x));
    let mut pairs = Vec::new();
    for (k, (i, a)) in boxes.iter().enumerate() {
        for (j, b) in &boxes[k + 1..] {
            if b.min().x > a.max().x {
                break;
            }
            if b.min().y <= a.max().y && a.min().y <= b.max().y {
                pairs.push(((*i).min(*j), (*i).max(*j)));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, wkt};

    fn polygon(coords: &[(f64, f64)]) -> Polygon<f64> {
        Polygon::new(LineString::from(coords.to_vec()), vec![])
    }

    fn check(g: impl Into<Geometry<f64>>) -> Result<(), Fault> {
        match g.into() {
            Geometry::Polygon(p) => check_polygons(&[p], false),
            Geometry::MultiPolygon(mp) => check_polygons(&mp.0, true),
            _ => unreachable!(),
        }
    }

    fn repaired(g: impl Into<Geometry<f64>>) -> Prepared {
        prepare(SourceGeometry::from(g.into()), true).expect("repairable")
    }

    #[test]
    fn a_valid_polygon_with_a_hole_passes_and_agrees_with_geo() {
        let cases: Vec<Geometry<f64>> = vec![
            wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(2. 2., 2. 4., 4. 4., 4. 2., 2. 2.))).into(),
            // A hole touching the exterior at one point is valid.
            wkt!(POLYGON((0. 0., 4. 1., 4. 4., 0. 4., 0. 0.),(0. 2., 2. 1., 3. 2., 2. 3., 0. 2.))).into(),
            // Two holes touching at a point.
            wkt!(POLYGON((0. 0., 4. 0., 4. 4., 0. 4., 0. 0.),(1. 2., 2. 1., 3. 2., 2. 3., 1. 2.),(3. 2., 3.5 1., 3.75 2., 3.5 3., 3. 2.))).into(),
            // An island inside another part's hole.
            wkt!(MULTIPOLYGON(((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(2. 2., 2. 8., 8. 8., 8. 2., 2. 2.)),((4. 4., 6. 4., 6. 6., 4. 6., 4. 4.)))).into(),
            // Parts touching at a corner.
            wkt!(MULTIPOLYGON(((0. 0., 1. 0., 1. 1., 0. 1., 0. 0.)),((1. 1., 2. 1., 2. 2., 1. 2., 1. 1.)))).into(),
            // A repeated position is allowed (geo agrees).
            wkt!(POLYGON((0. 0., 1. 0., 1. 0., 1. 1., 0. 1., 0. 0.))).into(),
        ];
        for g in cases {
            assert_eq!(check(g.clone()), Ok(()), "{g:?}");
            assert!(g.is_valid(), "geo disagrees on {g:?}");
        }
    }

    #[test]
    fn each_kind_of_fault_is_found_and_located() {
        let bowtie = wkt!(POLYGON((0. 0., 10. 10., 10. 0., 0. 10., 0. 0.)));
        assert_eq!(
            check(bowtie),
            Err(Fault::SelfIntersection {
                ring: RingAt {
                    polygon: None,
                    ring: 0
                },
                at: Coord { x: 5.0, y: 5.0 }
            })
        );
        let spike = wkt!(POLYGON((0. 0., 10. 0., 15. 5., 10. 0., 10. 10., 0. 10., 0. 0.)));
        assert!(matches!(check(spike), Err(Fault::SelfIntersection { .. })));
        let hole_out = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(20. 20., 20. 21., 21. 21., 21. 20., 20. 20.)));
        assert!(matches!(check(hole_out), Err(Fault::HoleOutside { .. })));
        let hole_crossing = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(5. 5., 5. 15., 6. 15., 6. 5., 5. 5.)));
        assert!(matches!(
            check(hole_crossing),
            Err(Fault::RingsCross { .. })
        ));
        let nested_holes = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(1. 1., 1. 9., 9. 9., 9. 1., 1. 1.),(2. 2., 2. 3., 3. 3., 3. 2., 2. 2.)));
        assert!(matches!(
            check(nested_holes),
            Err(Fault::HolesOverlap { .. })
        ));
        let overlapping = wkt!(MULTIPOLYGON(((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.)),((5. 5., 15. 5., 15. 15., 5. 15., 5. 5.))));
        assert!(matches!(
            check(overlapping),
            Err(Fault::PartsOverlap {
                a: 0,
                b: 1,
                at: Some(_)
            })
        ));
        let contained = wkt!(MULTIPOLYGON(((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.)),((2. 2., 3. 2., 3. 3., 2. 3., 2. 2.))));
        assert!(matches!(
            check(contained),
            Err(Fault::PartsOverlap {
                a: 0,
                b: 1,
                at: None
            })
        ));
        let shared_edge = wkt!(MULTIPOLYGON(((0. 0., 1. 0., 1. 1., 0. 1., 0. 0.)),((1. 0., 2. 0., 2. 1., 1. 1., 1. 0.))));
        assert!(matches!(
            check(shared_edge),
            Err(Fault::PartsShareEdge { .. })
        ));
        let too_few = wkt!(POLYGON((0. 0., 1. 0., 1. 0., 0. 0.)));
        assert!(matches!(
            check(too_few),
            Err(Fault::TooFewPoints { distinct: 2, .. })
        ));
        // A hole that crosses the exterior only at vertices.
        let vertex_cross = wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(0. 5., -2. 6., 0. 7., 2. 6., 0. 5.)));
        assert!(check(vertex_cross.clone()).is_err());
        assert!(!vertex_cross.is_valid());
    }

    #[test]
    fn the_fault_messages_say_which_ring_and_where() {
        let fault = Fault::SelfIntersection {
            ring: RingAt {
                polygon: Some(1),
                ring: 2,
            },
            at: Coord { x: 37.15, y: -1.65 },
        };
        assert_eq!(
            fault.to_string(),
            "self-intersection of hole 2 of polygon 2 at (37.150000, -1.650000)"
        );
        assert_eq!(
            Fault::Open(RingAt {
                polygon: None,
                ring: 0
            })
            .to_string(),
            "the exterior ring is not closed: its last position must repeat its first"
        );
    }

    #[test]
    fn a_bow_tie_becomes_two_polygons() {
        let bowtie = wkt!(POLYGON((0. 0., 10. 10., 10. 0., 0. 10., 0. 0.)));
        let out = repaired(bowtie);
        let Geometry::MultiPolygon(mp) = &out.geometry else {
            panic!("{:?}", out.geometry)
        };
        assert_eq!(mp.0.len(), 2);
        assert!((mp.unsigned_area() - 50.0).abs() < 1e-9);
        assert!(mp.is_valid());
        assert!(out.repairs.iter().any(|r| matches!(
            r,
            Repair::Rebuilt {
                before: 1,
                after: 2,
                ..
            }
        )));
        let text: Vec<String> = out.repairs.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t == "self-intersection of the exterior ring at (5.000000, 5.000000) resolved: 1 polygon became 2 polygons"),
            "{text:?}"
        );
        for p in &mp.0 {
            assert!(p.exterior().is_ccw());
        }
    }

    #[test]
    fn repeated_points_are_removed_and_counted() {
        let p = wkt!(POLYGON((0. 0., 1. 0., 1. 0., 1. 0., 1. 1., 0. 1., 0. 0.)));
        let out = repaired(p);
        assert_eq!(
            out.repairs,
            [Repair::RepeatedPoints(vec![(
                RingAt {
                    polygon: None,
                    ring: 0
                },
                2
            )])]
        );
        assert_eq!(
            out.repairs[0].to_string(),
            "2 repeated positions removed from the exterior ring"
        );
        let Geometry::Polygon(p) = out.geometry else {
            panic!()
        };
        assert_eq!(p.exterior().0.len(), 5);
    }

    #[test]
    fn an_open_ring_is_refused_without_repair_and_closed_with_it() {
        let source = SourceGeometry {
            geometry: polygon(&[(0., 0.), (1., 0.), (1., 1.)]).into(),
            open_rings: vec![RingAt {
                polygon: None,
                ring: 0,
            }],
        };
        assert_eq!(
            prepare(source.clone(), false),
            Err(Fault::Open(RingAt {
                polygon: None,
                ring: 0
            }))
        );
        let out = prepare(source, true).unwrap();
        assert_eq!(
            out.repairs[0].to_string(),
            "the exterior ring closed: the source left it open"
        );
        assert!(out.geometry.is_valid());
    }

    #[test]
    fn open_rings_of_wkt_and_wkb_are_found() {
        let wkt = geozero::wkt::Wkt(
            "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6),(5.2 5.1,5.8 5.1,5.8 5.7)))",
        );
        assert_eq!(
            open_rings(&wkt),
            [
                RingAt {
                    polygon: Some(1),
                    ring: 0
                },
                RingAt {
                    polygon: Some(1),
                    ring: 1
                }
            ]
        );
        assert_eq!(
            open_rings(&geozero::wkt::Wkt("POLYGON((0 0,1 0,1 1,0 0))")),
            []
        );
        let open = geozero::wkt::Wkt("POLYGON((0 0,1 0,1 1))");
        assert_eq!(
            open_rings(&open),
            [RingAt {
                polygon: None,
                ring: 0
            }]
        );
        // The same ring as WKB, as GDAL hands it over.
        let wkb: Vec<u8> = [
            &[1u8, 3, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0][..],
            &[0f64, 0., 1., 0., 1., 1.]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<u8>>(),
        ]
        .concat();
        assert_eq!(
            open_rings(&geozero::wkb::Wkb(wkb)),
            [RingAt {
                polygon: None,
                ring: 0
            }]
        );
    }

    #[test]
    fn rings_without_area_are_dropped() {
        // A hole that is a line (three positions on one line) and a part that is a point.
        let mp = wkt!(MULTIPOLYGON(
            ((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(2. 2., 4. 4., 6. 6., 2. 2.)),
            ((20. 20., 20. 20., 20. 20., 20. 20.))
        ));
        assert!(check(mp.clone()).is_err());
        let out = repaired(mp);
        let text: Vec<String> = out.repairs.iter().map(ToString::to_string).collect();
        assert!(
            text.contains(&"hole 1 of polygon 1 dropped: it has no area".to_string()),
            "{text:?}"
        );
        assert!(
            text.contains(&"polygon 2 dropped: its exterior ring has no area".to_string()),
            "{text:?}"
        );
        let Geometry::MultiPolygon(mp) = out.geometry else {
            panic!()
        };
        assert_eq!(mp.0.len(), 1);
        assert!(mp.0[0].interiors().is_empty());
        let nothing = wkt!(POLYGON((0. 0., 1. 1., 2. 2., 0. 0.)));
        assert_eq!(
            prepare(Geometry::from(nothing).into(), true),
            Err(Fault::NoArea)
        );
    }

    #[test]
    fn overlapping_parts_are_merged() {
        let mp = wkt!(MULTIPOLYGON(((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.)),((5. 5., 15. 5., 15. 15., 5. 15., 5. 5.)),((30. 0., 31. 0., 31. 1., 30. 1., 30. 0.))));
        let out = repaired(mp);
        let Geometry::MultiPolygon(mp) = &out.geometry else {
            panic!()
        };
        assert_eq!(mp.0.len(), 2);
        assert!((mp.unsigned_area() - 176.0).abs() < 1e-9);
        assert!(matches!(
            out.repairs.as_slice(),
            [Repair::Rebuilt {
                fault: Fault::PartsOverlap { a: 0, b: 1, .. },
                before: 3,
                after: 2
            }]
        ));
    }

    #[test]
    fn crossing_and_overlapping_holes_take_out_their_union() {
        // Two holes that overlap, and one that crosses the exterior: the polygon is the
        // square less the union of its holes.
        let p = wkt!(POLYGON(
            (0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),
            (1. 1., 1. 4., 4. 4., 4. 1., 1. 1.),
            (3. 3., 3. 5., 5. 5., 5. 3., 3. 3.),
            (8. 8., 8. 12., 9. 12., 9. 8., 8. 8.)
        ));
        assert!(check(p.clone()).is_err());
        let out = repaired(p);
        assert!(out.geometry.is_valid(), "{:?}", out.geometry);
        let area = match &out.geometry {
            Geometry::Polygon(p) => p.unsigned_area(),
            Geometry::MultiPolygon(mp) => mp.unsigned_area(),
            other => panic!("{other:?}"),
        };
        assert!(
            (area - (100.0 - 9.0 - 4.0 + 1.0 - 2.0)).abs() < 1e-9,
            "{area}"
        );
    }

    #[test]
    fn a_hole_wound_like_its_exterior_stays_a_hole() {
        // Both rings clockwise: the exterior is turned and the hole, already clockwise, is
        // not; the area is the square less the hole.
        let p = wkt!(POLYGON((0. 0., 0. 10., 10. 10., 10. 0., 0. 0.),(2. 2., 2. 4., 4. 4., 4. 2., 2. 2.)));
        let out = repaired(p);
        assert_eq!(
            out.repairs,
            [Repair::Reoriented {
                exteriors: vec![RingAt {
                    polygon: None,
                    ring: 0
                }],
                holes: vec![],
            }]
        );
        assert_eq!(
            out.repairs[0].to_string(),
            "the exterior ring reversed to counterclockwise (RFC 7946 winding)"
        );
        let Geometry::Polygon(p) = out.geometry else {
            panic!()
        };
        assert!(p.exterior().is_ccw() && p.interiors()[0].is_cw());
        assert_eq!(p.unsigned_area(), 96.0);
    }

    #[test]
    fn without_repair_the_winding_is_turned_silently() {
        let cw = polygon(&[(0., 0.), (0., 1.), (1., 1.), (1., 0.), (0., 0.)]);
        let out = prepare(Geometry::from(cw).into(), false).unwrap();
        assert!(out.repairs.is_empty());
        let Geometry::Polygon(p) = out.geometry else {
            panic!()
        };
        assert!(p.exterior().is_ccw());
    }

    #[test]
    fn a_coordinate_that_is_not_a_number_cannot_be_repaired() {
        let p = polygon(&[(0., 0.), (f64::NAN, 0.), (1., 1.), (0., 0.)]);
        assert!(matches!(
            prepare(Geometry::from(p).into(), true),
            Err(Fault::NotFinite { position: 1, .. })
        ));
    }

    /// A wobbly circle of `n` vertices: a surveyed ward's boundary.
    fn ward(n: usize, cx: f64) -> Polygon<f64> {
        let ring: Vec<(f64, f64)> = (0..=n)
            .map(|k| {
                let a = (k % n) as f64 / n as f64 * std::f64::consts::TAU;
                let r = 0.1 + 0.003 * (a * 60.0).sin() + 0.0004 * (a * 1500.0).sin();
                (cx + r * a.cos(), -1.45 + r * a.sin())
            })
            .collect();
        polygon(&ring)
    }

    #[test]
    fn a_ring_of_forty_thousand_vertices_is_checked_quickly() {
        let started = std::time::Instant::now();
        for cx in [37.2, 37.45] {
            assert_eq!(check(ward(40_000, cx)), Ok(()));
        }
        // geo's check took minutes here; this takes well under a second even unoptimised.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        // And its one crossing is found.
        let mut crossed = ward(40_000, 37.2);
        crossed.exterior_mut(|r| r.0.swap(20_000, 20_001));
        assert!(matches!(
            check(crossed),
            Err(Fault::SelfIntersection { .. })
        ));
    }

    #[test]
    fn a_comb_of_teeth_side_by_side_is_checked_quickly() {
        // Teeth pointing right, all side by side in x: a sweep in x (geo's
        // `sweep::Intersections`) would test every pair of them; the R-tree only neighbours.
        let mut ring = vec![(0.0, 0.0)];
        for k in 0..50_000 {
            let y = k as f64;
            ring.push((10.0, y + 0.25));
            ring.push((1.0, y + 0.5));
        }
        ring.push((0.0, 50_000.0));
        ring.push((0.0, 0.0));
        assert_eq!(check(polygon(&ring)), Ok(()));
    }
}
