//! What the classifier sees of a text: its words, and the character n-grams of each word
//! (as scikit-learn's `char_wb` analyser cuts them), hashed into two blocks.
//!
//! Character n-grams carry what words miss in residents' writing: typos ("watre"),
//! run-together words, Swahili's prefixes and suffixes ("hakuna", "hazijakusanywa") and
//! Sheng's clipped forms all share most of their n-grams with the forms the model has seen.
//! Words carry what n-grams blur: "kazi" is not "kazini". Hashing (xxh3, modulo the block's
//! size) keeps the model a fixed size whatever the vocabulary, with no dictionary to ship
//! or keep in step.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The number of hashed word features: indices `0..WORDS`.
pub const WORDS: usize = 1 << 14;
/// The number of hashed features in all: character n-grams are `WORDS..DIMENSIONS`.
pub const DIMENSIONS: usize = WORDS + (1 << 16);

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
            found.push(hash(b"w", word.as_bytes(), 0..WORDS));
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
                    found.push(hash(b"c", buf.as_bytes(), WORDS..DIMENSIONS));
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
}

/// Whether feature `i` is a word (else a character n-gram).
pub fn is_word(i: u32) -> bool {
    (i as usize) < WORDS
}

fn hash(kind: &[u8], bytes: &[u8], block: std::ops::Range<usize>) -> u32 {
    let width = (block.end - block.start) as u64;
    (block.start as u64 + xxh3_64_with_seed(bytes, u64::from(kind[0])) % width) as u32
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
    fn indices_are_sorted_unique_and_in_range() {
        let f = Features::of("maji hakuna maji hakuna kabisa tangu jana");
        assert!(f.0.windows(2).all(|p| p[0].0 < p[1].0));
        assert!(f.0.iter().all(|&(i, _)| (i as usize) < DIMENSIONS));
        assert!(f.0.iter().any(|&(_, c)| c >= 2.0));
        // Five words (two of them twice), and n-grams of each.
        let words = f.0.iter().filter(|&&(i, _)| is_word(i)).count();
        assert_eq!(words, 5);
        assert!(f.0.len() > 5 * 3);
    }
}
