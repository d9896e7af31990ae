//! The geometry tiles are cut from: features in world units (Web Mercator scaled to the
//! unit square, x to the east and y to the south, as tile addresses count), every vertex
//! ranked once by how coarse a simplification must be before it is dropped, and clipped
//! to axis-aligned boxes (a tile with its buffer). No MVT and no I/O here.
//!
//! Ranking is Douglas–Peucker run once to the end: each vertex keeps the squared
//! distance at which the algorithm would have kept it, so the simplification of any zoom
//! is a filter (`rank > tolerance²`) instead of a new pass over the whole outline, and
//! adjacent tiles, ranked from the same outline, simplify alike. Clipping is
//! Sutherland–Hodgman against one axis at a time; points it makes on a box's edge are
//! always kept. Both are what geojson-vt does.

/// A vertex in world units and its rank: the squared distance (world units²) at which
/// Douglas–Peucker keeps it; infinite for the ends of a line and for points made by
/// clipping, which every zoom keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Vertex {
    pub x: f64,
    pub y: f64,
    pub rank: f64,
}

impl Vertex {
    pub fn new(x: f64, y: f64) -> Self {
        Self { x, y, rank: 0.0 }
    }
}

/// An axis-aligned box in world units, edges included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bounds {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Bounds {
    /// The smallest box around the vertices; `None` when there are none.
    pub fn around<'a>(vertices: impl IntoIterator<Item = &'a Vertex>) -> Option<Self> {
        vertices.into_iter().fold(None, |b: Option<Self>, v| {
            Some(match b {
                None => Self {
                    x0: v.x,
                    y0: v.y,
                    x1: v.x,
                    y1: v.y,
                },
                Some(b) => Self {
                    x0: b.x0.min(v.x),
                    y0: b.y0.min(v.y),
                    x1: b.x1.max(v.x),
                    y1: b.y1.max(v.y),
                },
            })
        })
    }

    pub fn union(self, other: Self) -> Self {
        Self {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// True when `self` lies inside `other`.
    pub fn within(&self, other: &Self) -> bool {
        self.x0 >= other.x0 && self.x1 <= other.x1 && self.y0 >= other.y0 && self.y1 <= other.y1
    }

    pub fn meets(&self, other: &Self) -> bool {
        self.x0 <= other.x1 && self.x1 >= other.x0 && self.y0 <= other.y1 && self.y1 >= other.y0
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
}

/// A feature's drawable geometry.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    Point(Vertex),
    Lines(Vec<Vec<Vertex>>),
    /// Each polygon its outer ring, then its holes; every ring closed (last = first).
    Polygons(Vec<Vec<Vec<Vertex>>>),
}

impl Shape {
    /// Ranks every line and ring (see [`rank`]).
    pub fn ranked(mut self) -> Self {
        match &mut self {
            Self::Point(_) => {}
            Self::Lines(lines) => lines.iter_mut().for_each(|l| rank(l)),
            Self::Polygons(polygons) => polygons.iter_mut().flatten().for_each(|r| rank(r)),
        }
        self
    }

    pub fn vertices(&self) -> Box<dyn Iterator<Item = &Vertex> + '_> {
        match self {
            Self::Point(p) => Box::new(std::iter::once(p)),
            Self::Lines(lines) => Box::new(lines.iter().flatten()),
            Self::Polygons(polygons) => Box::new(polygons.iter().flatten().flatten()),
        }
    }
}

/// Ranks the vertices of a line or closed ring by Douglas–Peucker run to the end: each
/// vertex gets the squared distance from the chord it was split off; the ends are always
/// kept. Among equally distant vertices the one nearest the middle splits (as
/// geojson-vt), so ranks do not depend on which end a ring starts from more than needed.
pub(super) fn rank(points: &mut [Vertex]) {
    let Some(last) = points.len().checked_sub(1) else {
        return;
    };
    for p in points.iter_mut() {
        p.rank = 0.0;
    }
    points[0].rank = f64::INFINITY;
    points[last].rank = f64::INFINITY;
    // An explicit stack: a long, badly conditioned outline must not overflow the thread's.
    let mut spans = vec![(0usize, last)];
    while let Some((first, last)) = spans.pop() {
        if last <= first + 1 {
            continue;
        }
        let (a, b) = (points[first], points[last]);
        let middle = first + (last - first) / 2;
        let (mut farthest, mut at, mut off_middle) = (0.0, 0, usize::MAX);
        for (i, p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = distance_to_segment(p, &a, &b);
            if d > farthest || (d == farthest && d > 0.0 && i.abs_diff(middle) < off_middle) {
                (farthest, at, off_middle) = (d, i, i.abs_diff(middle));
            }
        }
        if farthest > 0.0 {
            points[at].rank = farthest;
            spans.push((first, at));
            spans.push((at, last));
        }
    }
}

/// The squared distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: &Vertex, a: &Vertex, b: &Vertex) -> f64 {
    let (mut x, mut y) = (a.x, a.y);
    let (dx, dy) = (b.x - x, b.y - y);
    if dx != 0.0 || dy != 0.0 {
        let t = ((p.x - x) * dx + (p.y - y) * dy) / (dx * dx + dy * dy);
        if t > 1.0 {
            (x, y) = (b.x, b.y);
        } else if t > 0.0 {
            x += dx * t;
            y += dy * t;
        }
    }
    (p.x - x).powi(2) + (p.y - y).powi(2)
}

/// Twice the signed area of a closed ring (shoelace), in world units²; positive for a ring
/// that turns clockwise on the map (y grows southwards).
pub(super) fn ring_area2(ring: &[Vertex]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

#[derive(Debug, Clone, Copy)]
enum Axis {
    X,
    Y,
}

impl Axis {
    fn of(self, v: &Vertex) -> f64 {
        match self {
            Self::X => v.x,
            Self::Y => v.y,
        }
    }

    /// Where `a`–`b` crosses the line `axis = k`; always kept.
    fn cross(self, a: &Vertex, b: &Vertex, k: f64) -> Vertex {
        let (x, y) = match self {
            Self::X => (k, a.y + (b.y - a.y) * (k - a.x) / (b.x - a.x)),
            Self::Y => (a.x + (b.x - a.x) * (k - a.y) / (b.y - a.y), k),
        };
        Vertex {
            x,
            y,
            rank: f64::INFINITY,
        }
    }
}

/// What lies between `k1` and `k2` along `axis`: a line's pieces (a new piece each time
/// it leaves), or a ring's one ring, running along the slab's edges where the ring is
/// outside it (Sutherland–Hodgman).
fn slab(points: &[Vertex], k1: f64, k2: f64, axis: Axis, ring: bool) -> Vec<Vec<Vertex>> {
    let mut pieces = Vec::new();
    let mut piece = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (ak, bk) = (axis.of(a), axis.of(b));
        if ak < k1 {
            if bk > k1 {
                piece.push(axis.cross(a, b, k1));
            }
        } else if ak > k2 {
            if bk < k2 {
                piece.push(axis.cross(a, b, k2));
            }
        } else {
            piece.push(*a);
        }
        let mut left = false;
        if bk < k1 && ak >= k1 {
            piece.push(axis.cross(a, b, k1));
            left = true;
        }
        if bk > k2 && ak <= k2 {
            piece.push(axis.cross(a, b, k2));
            left = true;
        }
        if left && !ring {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if let Some(last) = points.last()
        && (k1..=k2).contains(&axis.of(last))
    {
        piece.push(*last);
    }
    if ring
        && let (Some(first), Some(last)) = (piece.first().copied(), piece.last())
        && (first.x, first.y) != (last.x, last.y)
    {
        piece.push(first);
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

fn clip_ring(ring: &[Vertex], b: &Bounds) -> Option<Vec<Vertex>> {
    let across = slab(ring, b.x0, b.x1, Axis::X, true).pop()?;
    let clipped = slab(&across, b.y0, b.y1, Axis::Y, true).pop()?;
    (clipped.len() >= 4).then_some(clipped)
}

/// `shape` cut to the box; `None` when nothing of it is left. Points are kept or not.
pub(super) fn clip(shape: &Shape, b: &Bounds) -> Option<Shape> {
    match shape {
        Shape::Point(p) => b.contains(p.x, p.y).then_some(Shape::Point(*p)),
        Shape::Lines(lines) => {
            let pieces: Vec<Vec<Vertex>> = lines
                .iter()
                .flat_map(|l| slab(l, b.x0, b.x1, Axis::X, false))
                .flat_map(|l| slab(&l, b.y0, b.y1, Axis::Y, false))
                .filter(|l| l.len() >= 2)
                .collect();
            (!pieces.is_empty()).then_some(Shape::Lines(pieces))
        }
        Shape::Polygons(polygons) => {
            let kept: Vec<Vec<Vec<Vertex>>> = polygons
                .iter()
                .filter_map(|rings| {
                    let (outer, holes) = rings.split_first()?;
                    let outer = clip_ring(outer, b)?;
                    Some(
                        std::iter::once(outer)
                            .chain(holes.iter().filter_map(|h| clip_ring(h, b)))
                            .collect(),
                    )
                })
                .collect();
            (!kept.is_empty()).then_some(Shape::Polygons(kept))
        }
    }
}

/// True when a clipped shape is the whole box: one ring, no hole, covering it.
pub(super) fn covers(shape: &Shape, b: &Bounds) -> bool {
    match shape {
        Shape::Polygons(polygons) => match polygons.as_slice() {
            [rings] if rings.len() == 1 => {
                ring_area2(&rings[0]).abs() / 2.0 >= b.width() * b.height() * (1.0 - 1e-9)
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Vec<Vertex> {
        points.iter().map(|&(x, y)| Vertex::new(x, y)).collect()
    }

    fn unit() -> Bounds {
        Bounds {
            x0: 0.0,
            y0: 0.0,
            x1: 1.0,
            y1: 1.0,
        }
    }

    fn area(shape: &Shape) -> f64 {
        match shape {
            Shape::Polygons(p) => p
                .iter()
                .map(|rings| {
                    let outer = ring_area2(&rings[0]).abs();
                    let holes: f64 = rings[1..].iter().map(|h| ring_area2(h).abs()).sum();
                    (outer - holes) / 2.0
                })
                .sum(),
            _ => 0.0,
        }
    }

    #[test]
    fn ranking_keeps_the_ends_and_ranks_a_corner_above_a_wobble() {
        let mut line = ring(&[(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 2.0)]);
        rank(&mut line);
        assert!(line[0].rank.is_infinite() && line[3].rank.is_infinite());
        assert!(line[2].rank > 1.0, "the corner: {:?}", line[2]);
        assert!(
            line[1].rank > 0.0 && line[1].rank < 0.001,
            "the wobble: {:?}",
            line[1]
        );
        let mut straight = ring(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)]);
        rank(&mut straight);
        assert_eq!(
            straight[1].rank, 0.0,
            "a point on the chord is never needed"
        );
    }

    #[test]
    fn a_polygon_with_a_hole_crossing_the_box_keeps_both_rings_cut_to_it() {
        // A 4 × 2 square from x = −1 to 3 with a hole from 0.25 to 0.75: the box keeps a
        // unit square of the outer ring and the whole hole.
        let outer = ring(&[
            (-1.0, -0.5),
            (3.0, -0.5),
            (3.0, 1.5),
            (-1.0, 1.5),
            (-1.0, -0.5),
        ]);
        let hole = ring(&[
            (0.25, 0.25),
            (0.25, 0.75),
            (0.75, 0.75),
            (0.75, 0.25),
            (0.25, 0.25),
        ]);
        let shape = Shape::Polygons(vec![vec![outer, hole.clone()]]).ranked();
        let clipped = clip(&shape, &unit()).unwrap();
        let Shape::Polygons(polygons) = &clipped else {
            panic!("{clipped:?}")
        };
        assert_eq!(polygons.len(), 1);
        assert_eq!(polygons[0].len(), 2, "the hole is kept");
        assert!((area(&clipped) - 0.75).abs() < 1e-12, "{}", area(&clipped));
        assert!(
            polygons[0][0]
                .iter()
                .all(|v| unit().contains(v.x, v.y) && v.rank.is_infinite()),
            "the outer ring now runs along the box, on points made by clipping"
        );
        assert!(!covers(&clipped, &unit()), "the hole is not covered");
        // A box inside the hole meets the hole's outline nowhere: nothing is left.
        let inside = Bounds {
            x0: 0.4,
            y0: 0.4,
            x1: 0.6,
            y1: 0.6,
        };
        let cut = clip(&clipped, &inside).unwrap();
        assert!(area(&cut).abs() < 1e-12, "{cut:?}");
    }

    #[test]
    fn a_polygon_over_the_whole_box_clips_to_the_box_and_is_known_to_cover_it() {
        let around = ring(&[
            (-5.0, -5.0),
            (5.0, -4.0),
            (6.0, 6.0),
            (-4.0, 5.0),
            (-5.0, -5.0),
        ]);
        let shape = Shape::Polygons(vec![vec![around]]).ranked();
        let clipped = clip(&shape, &unit()).unwrap();
        assert!(covers(&clipped, &unit()), "{clipped:?}");
        assert!((area(&clipped) - 1.0).abs() < 1e-12);
        // Half over the box covers half of it.
        let half = ring(&[
            (-1.0, -1.0),
            (0.5, -1.0),
            (0.5, 2.0),
            (-1.0, 2.0),
            (-1.0, -1.0),
        ]);
        let clipped = clip(&Shape::Polygons(vec![vec![half]]), &unit()).unwrap();
        assert!(!covers(&clipped, &unit()));
        assert!((area(&clipped) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_concave_polygon_crossing_the_edges_twice_keeps_its_area_in_the_box() {
        // A U opening upwards whose arms leave the box at the top: the box holds the
        // bottom bar and the lower part of both arms.
        let u = ring(&[
            (0.1, 2.0),
            (0.1, 0.1),
            (0.9, 0.1),
            (0.9, 2.0),
            (0.7, 2.0),
            (0.7, 0.3),
            (0.3, 0.3),
            (0.3, 2.0),
            (0.1, 2.0),
        ]);
        let clipped = clip(&Shape::Polygons(vec![vec![u]]).ranked(), &unit()).unwrap();
        // Bar 0.8 × 0.2 plus two arms 0.2 × 0.7.
        assert!(
            (area(&clipped) - (0.16 + 0.28)).abs() < 1e-12,
            "{}",
            area(&clipped)
        );
    }

    #[test]
    fn a_line_leaving_and_coming_back_is_cut_into_pieces_ending_on_the_edges() {
        let line = ring(&[(-1.0, 0.5), (0.5, 0.5), (0.5, 2.0), (0.7, 2.0), (0.7, 0.2)]);
        let shape = Shape::Lines(vec![line]).ranked();
        let Some(Shape::Lines(pieces)) = clip(&shape, &unit()) else {
            panic!()
        };
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!((pieces[0][0].x, pieces[0][0].y), (0.0, 0.5));
        assert_eq!(
            (pieces[0].last().unwrap().x, pieces[0].last().unwrap().y),
            (0.5, 1.0)
        );
        assert_eq!((pieces[1][0].x, pieces[1][0].y), (0.7, 1.0));
        assert_eq!(
            clip(
                &shape,
                &Bounds {
                    x0: 5.0,
                    y0: 5.0,
                    x1: 6.0,
                    y1: 6.0
                }
            ),
            None
        );
    }

    #[test]
    fn clipping_twice_to_nested_boxes_equals_clipping_once() {
        let wiggly: Vec<Vertex> = (0..=400)
            .map(|i| {
                let t = f64::from(i) / 400.0 * std::f64::consts::TAU;
                let r = 0.6 + 0.05 * (t * 37.0).sin();
                Vertex::new(0.5 + r * t.cos(), 0.5 + r * t.sin())
            })
            .collect();
        let shape = Shape::Polygons(vec![vec![wiggly]]).ranked();
        let outer = Bounds {
            x0: -0.1,
            y0: -0.1,
            x1: 0.8,
            y1: 0.8,
        };
        let inner = Bounds {
            x0: 0.0,
            y0: 0.0,
            x1: 0.5,
            y1: 0.5,
        };
        let twice = clip(&clip(&shape, &outer).unwrap(), &inner).unwrap();
        let once = clip(&shape, &inner).unwrap();
        assert!((area(&twice) - area(&once)).abs() < 1e-12);
    }
}
