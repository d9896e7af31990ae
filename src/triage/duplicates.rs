//! Possible duplicates: earlier reports of the same problem. A candidate is in the same
//! category or on the same project, within [`NEAR_METRES`] (or anywhere on the same
//! project), filed at most [`WINDOW_DAYS`] before; its score weighs how alike the texts
//! are (character n-grams, weighted by how rare each is in the county's reports), how
//! near and how recent it is.

use super::features::{Features, Rarity};

/// How far apart two reports may be and still be the same problem.
pub const NEAR_METRES: f64 = crate::feedback::NEARBY_METRES;
/// How long before a new report an earlier one may be the same problem.
pub const WINDOW_DAYS: f64 = 60.0;
/// The score from which a candidate is offered as a possible duplicate.
pub const THRESHOLD: f64 = 0.6;

/// A report as the duplicate finder compares it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub category: String,
    pub project_id: String,
    pub point: Option<(f64, f64)>,
    /// When it was received (Unix seconds).
    pub at: i64,
    pub features: Features,
}

impl Seen {
    pub fn new(
        text: &str,
        category: &str,
        project_id: &str,
        point: Option<(f64, f64)>,
        at: i64,
    ) -> Self {
        Self {
            category: category.to_string(),
            project_id: project_id.trim().to_string(),
            point,
            at,
            features: Features::of(text),
        }
    }
}

/// How alike a new report and an earlier one are, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// 0–1; from [`THRESHOLD`] the earlier report is offered as a possible duplicate.
    pub score: f64,
    /// Metres between them, when both have a place.
    pub metres: Option<f64>,
    /// Days from the earlier report to the new one.
    pub days: f64,
    /// The texts' similarity alone, 0–1.
    pub text: f64,
}

/// Scores `earlier` as a duplicate of `new`, or `None` when it cannot be one (another
/// category and project, too far, too old, or filed after); the texts' features weigh as
/// `rarity` says.
pub fn likeness(new: &Seen, earlier: &Seen, rarity: &Rarity) -> Option<Likeness> {
    let days = (new.at - earlier.at) as f64 / 86_400.0;
    if !(0.0..=WINDOW_DAYS).contains(&days) {
        return None;
    }
    let same_project = !new.project_id.is_empty() && new.project_id == earlier.project_id;
    let same_category = new.category == earlier.category;
    if !(same_category || same_project) {
        return None;
    }
    let metres = new
        .point
        .zip(earlier.point)
        .map(|(a, b)| crate::feedback::metres(a, b));
    let near = match metres {
        Some(d) if d <= NEAR_METRES => 1.0 - d / NEAR_METRES,
        // A project's site may be a long road: anywhere on it counts, as half near.
        _ if same_project => 0.5,
        _ => return None,
    };
    let text = new.features.cosine(&earlier.features, |i| rarity.weight(i));
    let recent = 1.0 - days / WINDOW_DAYS;
    // Two accounts of one problem share 0.35 of their n-grams or more as a rule.
    let alike = (text / 0.35).min(1.0);
    let score = 0.5 * alike + 0.3 * near + 0.2 * recent;
    let score = if same_category { score } else { score / 2.0 };
    Some(Likeness {
        score,
        metres,
        days,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn the_same_problem_nearby_scores_high_and_other_places_or_times_are_not_candidates() {
        let none = Rarity::default();
        let a = Seen::new(
            "Burst pipe at Kwa Mutua junction, water flowing on the road",
            "water-supply",
            "",
            Some((-0.4, 37.0)),
            0,
        );
        let b = Seen::new(
            "the pipe at kwa mutua junction has burst, water everywhere",
            "water-supply",
            "",
            Some((-0.4005, 37.0005)),
            2 * DAY,
        );
        let l = likeness(&b, &a, &none).unwrap();
        assert!(l.score >= THRESHOLD, "{l:?}");
        assert!(l.metres.unwrap() < 100.0);
        let far = Seen {
            point: Some((-0.42, 37.0)),
            ..b.clone()
        };
        assert_eq!(likeness(&far, &a, &none), None);
        let later = Seen {
            at: 90 * DAY,
            ..b.clone()
        };
        assert_eq!(likeness(&later, &a, &none), None);
        assert_eq!(likeness(&a, &b, &none), None, "filed before");
        let other = Seen {
            category: "refuse".into(),
            ..b
        };
        assert_eq!(likeness(&other, &a, &none), None);
    }

    #[test]
    fn another_category_on_the_same_project_counts_half_and_anywhere_on_it() {
        let none = Rarity::default();
        let stalled = Seen::new(
            "No workers on the Gura bridge site for three weeks",
            "works-stalled",
            "PRJ-2025-0042",
            Some((-0.4, 37.0)),
            0,
        );
        let same = Seen::new(
            "Gura bridge works stopped, no workers for weeks",
            "works-stalled",
            "PRJ-2025-0042",
            Some((-0.4, 37.0)),
            2 * DAY,
        );
        let trench = Seen {
            category: "site-safety".into(),
            ..same.clone()
        };
        let (a, b) = (
            likeness(&same, &stalled, &none).unwrap(),
            likeness(&trench, &stalled, &none).unwrap(),
        );
        assert!((b.score - a.score / 2.0).abs() < 1e-9, "{a:?} {b:?}");
        // A kilometre along the same project is still a candidate, at half nearness.
        let along = Seen {
            point: Some((-0.409, 37.0)),
            ..same
        };
        let l = likeness(&along, &stalled, &none).unwrap();
        assert!(l.metres.unwrap() > 900.0 && l.score < a.score);
    }
}
