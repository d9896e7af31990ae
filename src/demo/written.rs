//! Reports written one by one, the way residents write (`written/CATEGORY.csv`): the
//! demo's residents send one of these as often as a text composed by [`super::phrases`],
//! so that the history the triage assistant learns from says each problem in many more
//! ways than parts can be combined into. How they were written, and what they were kept
//! apart from, is in `written/README.md`.
//!
//! A text may name the report's ward as `{ward}` and, in the project categories, its
//! project as `{project}`; both are filled in from the report.

use std::collections::HashMap;
use std::sync::LazyLock;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::phrases::{Lang, Place};

/// Every category's file, as built into the binary.
const FILES: [(&str, &str); 11] = [
    ("works-stalled", include_str!("written/works-stalled.csv")),
    (
        "poor-workmanship",
        include_str!("written/poor-workmanship.csv"),
    ),
    ("site-safety", include_str!("written/site-safety.csv")),
    (
        "audit-observation",
        include_str!("written/audit-observation.csv"),
    ),
    ("water-supply", include_str!("written/water-supply.csv")),
    ("refuse", include_str!("written/refuse.csv")),
    ("road-damage", include_str!("written/road-damage.csv")),
    ("permit-delay", include_str!("written/permit-delay.csv")),
    ("market-fees", include_str!("written/market-fees.csv")),
    (
        "information-request",
        include_str!("written/information-request.csv"),
    ),
    (
        "corruption-concern",
        include_str!("written/corruption-concern.csv"),
    ),
];

#[derive(serde::Deserialize)]
struct Row {
    lang: String,
    text: String,
}

/// Per category, its texts in English, Swahili and mixed, in [`Lang::ALL`]'s order.
static WRITTEN: LazyLock<HashMap<&'static str, [Vec<String>; 3]>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(category, csv)| {
            let mut by_lang: [Vec<String>; 3] = Default::default();
            for (i, row) in csv::Reader::from_reader(csv.as_bytes())
                .deserialize::<Row>()
                .enumerate()
            {
                // The files are built in and checked by a test: a bad row is a bug here.
                let row =
                    row.unwrap_or_else(|e| panic!("written/{category}.csv row {}: {e}", i + 2));
                let lang = match row.lang.as_str() {
                    "en" => 0,
                    "sw" => 1,
                    "mixed" => 2,
                    other => panic!("written/{category}.csv row {}: lang `{other}`", i + 2),
                };
                by_lang[lang].push(row.text);
            }
            (category, by_lang)
        })
        .collect()
});

/// A written report of `category` in `lang` about `place`, or `None` when there is none
/// that fits (a text naming a project, for a report on none).
pub fn report(r: &mut ChaCha8Rng, category: &str, lang: Lang, place: &Place) -> Option<String> {
    let texts = &WRITTEN.get(category)?[Lang::ALL.iter().position(|&l| l == lang)?];
    if texts.is_empty() {
        return None;
    }
    let text = &texts[r.random_range(0..texts.len())];
    if text.contains("{project}") && place.project.is_none() {
        return None;
    }
    Some(
        text.replace("{ward}", place.ward)
            .replace("{project}", place.project.unwrap_or_default()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_category_has_texts_in_every_language_and_placeholders_are_known() {
        for (category, _) in FILES {
            let by_lang = &WRITTEN[category];
            for (texts, lang) in by_lang.iter().zip(Lang::ALL) {
                assert!(texts.len() >= 30, "{category} {lang:?}: {}", texts.len());
                for t in texts {
                    let rest = t.replace("{ward}", "").replace("{project}", "");
                    assert!(
                        !rest.contains('{') && !rest.trim().is_empty(),
                        "{category}: {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_place_is_filled_in() {
        let mut r = ChaCha8Rng::seed_from_u64(1);
        let place = Place {
            ward: "Kiawara",
            project: Some("Construction of Gachuiro Market Shed"),
        };
        let mut named = 0;
        for _ in 0..400 {
            let t = report(&mut r, "works-stalled", Lang::English, &place).unwrap();
            assert!(!t.contains('{'), "{t}");
            named += usize::from(t.contains("Kiawara") || t.contains("Gachuiro Market"));
        }
        assert!(named > 0);
    }
}
