//! What the classifier and the duplicate finder see of a text: hashed character n-grams
//! of each word (as scikit-learn's `char_wb` analyser cuts them) and the words themselves.
//!
//! Character n-grams carry what words miss in residents' writing: typos ("watre"),
//! run-together words, Swahili's prefixes and suffixes ("hakuna", "hazijakusanywa") and
//! Sheng's clipped forms all share most of their n-grams with the forms the model has seen.
//! Hashing (xxh3, modulo [`DIMENSIONS`]) keeps the model a fixed size whatever the
//! vocabulary, with no dictionary to ship or keep in step.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The number of hashed features.
pub const DIMENSIONS: usize = 1 << 15;

/// The shortest and longest character n-gram cut from each word.
const NGRAMS: std::ops::RangeInclusive<usize> = 3..=5;

/// A text's features: `(index, count)` pairs sorted by index, each index once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features(pub Vec<(u32, f32)>);

impl Features {
    /// Cuts `text` into its features.
    pub fn of(text: &str) -> Self {
        let mut found: Vec<u32> = Vec::with_capacity(text.len() * 3);
        let mut padded: Vec<char> = Vec::with_capacity(32);
        for word in words(text) {
            found.push(hash(b"w", word.as_bytes()));
            padded.clear();
            padded.push(' ');
            padded.extend(word.chars());
            padded.push(' ');
            let mut buf = String::with_capacity(24);
            for n in NGRAMS {
                if padded.len() < n {
                    break;
                }
                for gram in padded.windows(n) {
                    buf.clear();
                    buf.extend(gram);
                    found.push(hash(b"c", buf.as_bytes()));
                }
            }
        }
        found.sort_unstable();
        let mut counted: Vec<(u32, f32)> = Vec::with_capacity(found.len());
        for i in found {
            match counted.last_mut() {
                Some((j, c)) if *j == i => *c += 1.0,
                _ => counted.push((i, 1.0)),
            }
        }
        Self(counted)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Cosine similarity of the two texts' features, each weighted by `weight(index)`
    /// (inverse document frequency): 0 (nothing shared) to 1 (the same features).
    pub fn cosine(&self, other: &Features, weight: impl Fn(u32) -> f32) -> f64 {
        let norm = |f: &Features| {
            f.0.iter()
                .map(|&(i, c)| f64::from(c * weight(i)).powi(2))
                .sum::<f64>()
                .sqrt()
        };
        let (na, nb) = (norm(self), norm(other));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let w = f64::from(weight(a[i].0));
                    dot += f64::from(a[i].1) * f64::from(b[j].1) * w * w;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / (na * nb)
    }
}

/// How rare each feature is among the reports a model was trained on, so that comparing
/// two texts weighs what is particular to them (a place's name, a landmark: "Kamakwa",
/// "AIPCA") above what every report says ("maji", "water", "please"). Kept in the model
/// file; without one every feature weighs the same.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rarity {
    /// The reports counted.
    documents: u32,
    /// Per feature, how many of them have it (empty: no counts, all weigh 1).
    frequency: Vec<u32>,
}

impl Rarity {
    /// Counts the features of `texts`.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut frequency = vec![0u32; DIMENSIONS];
        let mut documents = 0u32;
        for text in texts {
            documents += 1;
            for &(i, _) in &Features::of(text).0 {
                frequency[i as usize] += 1;
            }
        }
        Self {
            documents,
            frequency,
        }
    }

    /// The weight of feature `i`: its smoothed inverse document frequency,
    /// `ln((1 + n) / (1 + df)) + 1`, as scikit-learn's `TfidfTransformer` weighs terms; a
    /// feature no report had weighs the most.
    pub fn weight(&self, i: u32) -> f32 {
        match self.frequency.get(i as usize) {
            Some(&df) => ((1.0 + self.documents as f32) / (1.0 + df as f32)).ln() + 1.0,
            None => 1.0,
        }
    }
}

fn hash(kind: &[u8], bytes: &[u8]) -> u32 {
    (xxh3_64_with_seed(bytes, u64::from(kind[0])) % DIMENSIONS as u64) as u32
}

/// The words of a text as the features see them: lower case, letters only (a run of
/// digits is one `0`, so "3 days" and "5 days" agree), letters repeated three times or
/// more cut to two ("pleeease", "sanaaa").
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut out = String::with_capacity(w.len());
            let (mut last, mut run) = ('\0', 0);
            for c in w.chars().flat_map(char::to_lowercase) {
                let c = if c.is_numeric() { '0' } else { c };
                if c == '\'' {
                    continue;
                }
                if c == last {
                    run += 1;
                    if c == '0' || run >= 2 {
                        continue;
                    }
                } else {
                    run = 0;
                }
                last = c;
                out.push(c);
            }
            out
        })
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_with_numbers_as_one_zero_and_long_repeats_cut() {
        let w: Vec<String> = words("PLEEEASE fix it, 12 days!! Sanaaa; it's").collect();
        assert_eq!(w, ["pleease", "fix", "it", "0", "days", "sanaa", "its"]);
    }

    #[test]
    fn a_typo_keeps_most_features_and_another_text_shares_few() {
        let a = Features::of("no water at the kiosk");
        let typo = Features::of("no watre at the kiosk");
        let other = Features::of("rubbish dumped in the drain");
        let one = |_| 1.0;
        assert!((a.cosine(&a, one) - 1.0).abs() < 1e-9);
        assert!(a.cosine(&typo, one) > 0.6, "{}", a.cosine(&typo, one));
        assert!(a.cosine(&other, one) < 0.2, "{}", a.cosine(&other, one));
        assert!(Features::of(" ,.; ").is_empty());
    }

    #[test]
    fn rare_features_weigh_more_so_a_shared_place_name_counts() {
        let history = [
            "no water since monday",
            "maji hakuna tangu jumatatu",
            "no water in our estate please help",
            "water pipe burst, water everywhere",
        ];
        let rarity = Rarity::of(history);
        let common = Features::of("water").0[0].0;
        let rare = Features::of("kamakwa").0[0].0;
        assert!(rarity.weight(rare) > rarity.weight(common) + 0.5);
        assert_eq!(Rarity::default().weight(rare), 1.0);
        // The same problem told in two languages shares the place's name, and little else.
        let en = Features::of("no water at Kamakwa since monday");
        let sw = Features::of("maji hakuna Kamakwa");
        let other = Features::of("no water at Gatitu since monday");
        let (one, weighed) = (|_| 1.0, |i| rarity.weight(i));
        assert!(en.cosine(&sw, weighed) > en.cosine(&sw, one));
        assert!(en.cosine(&other, weighed) < en.cosine(&other, one));
    }

    #[test]
    fn indices_are_sorted_unique_and_in_range() {
        let f = Features::of("maji hakuna maji hakuna kabisa tangu jana");
        assert!(f.0.windows(2).all(|p| p[0].0 < p[1].0));
        assert!(f.0.iter().all(|&(i, _)| (i as usize) < DIMENSIONS));
        assert!(f.0.iter().any(|&(_, c)| c >= 2.0));
    }
}
