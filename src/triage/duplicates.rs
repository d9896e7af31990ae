//! Possible duplicates: earlier reports of the same problem. A candidate is in the same
//! category or on the same project, within [`NEAR_METRES`] (or anywhere on the same
//! project), filed at most [`WINDOW_DAYS`] before. Its score is the likelihood that it
//! is the same problem, from whether the two name the same problem
//! ([`concepts`](super::concepts), which agree across English, Swahili and Sheng), how
//! near they are and how recent.
//!
//! Not from how alike the texts are: two problems at one place share the place's name and
//! most of their words ("garbage not collected at Gatitu phase 1" and "… at Kamuthi
//! flats"; "burst pipe at the kiosk" and "the kiosk attendant overcharges"), while one
//! problem told by two residents, one in English and one in Swahili, shares almost none.
//! On the development pairs, tf-idf similarity of words and n-grams is no higher for
//! duplicates than for other problems (0.27 against 0.28 on the natural pairs, 0.31
//! against 0.41 on the hard ones); where it is (0.38 against 0.24 on the pairs whose
//! languages were drawn as residents' are), the concepts already carry it, and added to
//! them it takes a negative weight.
//!
//! What the two texts say of each other counts too: a new report that says it is about
//! *another* one ("another manhole without a cover", "the other skip, not Mama Lucy's",
//! "kiosk nyingine") or that the earlier problem was dealt with ("the tree was cut but
//! now…", "imerekebishwa lakini sasa…") is about something else, however alike. So does
//! what they were filed under: another category on the same project is more often
//! another issue (a stalled site and its open trench) than a resident's wrong choice.
//! And so do three more: both tell one of several things apart by numbers or letters
//! that differ (block 9 and block 11, gate A and gate C); the new report turns with a
//! "but" ("the skip was emptied, but…"); and how many things both name, since two
//! accounts of one problem often agree on several (the leak, the school gate, the mud).
//!
//! The weights are a logistic regression ([`fit`]) on the 3,862 candidate pairs of
//! thirteen writers' sets (`tests/fixtures/triage-dev`: 180 written with hard negatives,
//! 240 as a live county meets them, 200 with the languages drawn as residents';
//! `triage-blind`: 224 written from the feature's description alone; `triage-dev2` to
//! `triage-dev5` and `triage-blind2` to `triage-blind8`: 3,020 written to the evaluation
//! fixture's published rules by eleven writers), never on the evaluation fixture or the
//! last two checks (`triage-blind9`, `triage-blind10`); a test fits them again
//! (docs/TRIAGE.md, "A seventh round").

use serde::{Deserialize, Serialize};

use super::concepts;
use super::eval::{DuplicateScores, duplicate_scores};
use super::features::words;

/// How far apart two reports may be and still be the same problem.
pub const NEAR_METRES: f64 = crate::feedback::NEARBY_METRES;
/// How long before a new report an earlier one may be the same problem.
pub const WINDOW_DAYS: f64 = 60.0;
/// The score from which a candidate is offered as a possible duplicate: the highest at
/// which recall is still 0.7 (the target) on the thirteen writers' sets, each
/// scored by weights fitted on the other twelve ([`fit_held_out`]), so that staff are sent
/// to compare as few reports that are not the same problem as that allows on a new
/// writer's pairs.
pub const THRESHOLD: f64 = 0.67;

/// How many [`Signals`] there are.
const SIGNALS: usize = 11;

/// The weights of [`Signals`] in its order, then the intercept: a logistic regression
/// fitted by [`fit`] on the thirteen writers' pairs; a test fits them again and checks
/// them.
pub const WEIGHTS: [f64; SIGNALS + 1] = [
    -1.61, 2.425, 1.533, 4.027, 4.519, -1.514, -2.329, 1.604, -3.921, -2.069, 3.163, -9.632,
];

/// Words by which a new report says it is about another one than those before it.
#[rustfmt::skip]
const ANOTHER: &[&str] = &[
    "another", "other", "different", "separate", "separately", "either", "nyingine",
    "mwingine", "lingine", "jingine", "kingine", "kwingine", "tofauti", "not the same",
    "this time", "si hiyo", "sio hiyo",
];

/// Words by which a new report says an earlier problem was dealt with, and so that it is
/// about what came after.
#[rustfmt::skip]
const DEALT_WITH: &[&str] = &[
    "but now", "now they", "now there", "was fixed", "were fixed", "was repaired",
    "was cleared", "was collected", "was removed", "was moved", "was cut", "has been fixed",
    "has been repaired", "have been fixed", "after our complaint", "after the repair",
    "imerekebishwa", "zimerekebishwa", "imetengenezwa", "wamerekebisha", "sasa kuna",
    "lakini sasa",
];

/// Words by which a new report turns from what it agrees with to what it adds ("the skip
/// was emptied, but…", "maji imerudi lakini…"): a second account of one problem seldom
/// turns, a report of what came after or beside it often does.
const TURNS: &[&str] = &[
    "but", "lakini", "ila", "however", "though", "although", "ingawa", "japo",
];

/// Things residents tell apart by a number or a letter after them: house 7, block C,
/// gate A, plot 91, standpipe no. 3, kibanda 12.
#[rustfmt::skip]
const NUMBERED: &[&str] = &[
    "house", "hse", "plot", "block", "blk", "stall", "kibanda", "nyumba", "gate", "flat",
    "apartment", "room", "no", "number", "namba", "phase", "zone", "shed", "standpipe",
    "tank", "kiosk", "court", "section", "bay", "door", "manhole", "pole", "stage", "lane",
    "street", "road", "chamber", "skip", "classroom", "ward",
];

/// The numbers and letters by which `text` tells one of several things apart (see
/// [`NUMBERED`]): "9" and "c" in "Block 9, gate C". A letter counts from A to H, and
/// "a" only as a capital, so that "road a bit further" is not road A.
fn instances(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let mark = |t: &str| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        match &t.as_bytes()[digits..] {
            [] => digits > 0,
            [c] if digits > 0 => c.is_ascii_alphabetic(),
            [c] => (b'B'..=b'H').contains(&c.to_ascii_uppercase()) || *c == b'A',
            _ => false,
        }
    };
    let mut found: Vec<String> = tokens
        .windows(2)
        .filter(|w| NUMBERED.contains(&w[0].to_lowercase().as_str()) && mark(w[1]))
        .map(|w| w[1].to_lowercase())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// A report as the duplicate finder compares it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub category: String,
    pub project_id: String,
    pub point: Option<(f64, f64)>,
    /// When it was received (Unix seconds).
    pub at: i64,
    /// The problem its text names.
    pub concepts: Vec<&'static str>,
    /// Its text says it is about another one than an earlier report ([`ANOTHER`]).
    pub says_another: bool,
    /// Its text says an earlier problem was dealt with ([`DEALT_WITH`]).
    pub says_dealt_with: bool,
    /// Its text turns with a "but" ([`TURNS`]).
    pub turns: bool,
    /// The numbers and letters by which it tells one thing of several apart.
    pub instances: Vec<String>,
    /// Its words, numbers included, as one hash ([`wording`]); 0 when it has none.
    pub wording: u64,
}

/// The words of `text`, lower case and numbers kept, as one hash: two texts with the same
/// hash say the same thing in the same words, whatever their case, spacing or
/// punctuation. 0 for a text with no words.
fn wording(text: &str) -> u64 {
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .peekable();
    if words.peek().is_none() {
        return 0;
    }
    xxhash_rust::xxh3::xxh3_64(words.collect::<Vec<_>>().join(" ").as_bytes())
}

impl Seen {
    /// A new report, read whole.
    pub fn new(
        text: &str,
        category: &str,
        project_id: &str,
        point: Option<(f64, f64)>,
        at: i64,
    ) -> Self {
        Self::read(text, category, project_id, point, at, true)
    }

    /// An earlier report, a candidate: what a report says of the ones before it (another
    /// one, dealt with, a "but") counts only for the new report, so it is not looked for.
    /// A busy spot has up to 300 candidates, and those forty-odd phrases were a fifth of
    /// the time each new report took there.
    pub fn earlier(
        text: &str,
        category: &str,
        project_id: &str,
        point: Option<(f64, f64)>,
        at: i64,
    ) -> Self {
        Self::read(text, category, project_id, point, at, false)
    }

    fn read(
        text: &str,
        category: &str,
        project_id: &str,
        point: Option<(f64, f64)>,
        at: i64,
        as_new: bool,
    ) -> Self {
        let words: Vec<String> = words(text).collect();
        let joined = concepts::joined(&words);
        let says = |list: &[&str]| as_new && list.iter().any(|w| concepts::has_phrase(&joined, w));
        Self {
            category: category.to_string(),
            project_id: project_id.trim().to_string(),
            point,
            at,
            concepts: concepts::of_joined(&joined),
            says_another: says(ANOTHER),
            says_dealt_with: says(DEALT_WITH),
            turns: says(TURNS),
            instances: instances(text),
            wording: wording(text),
        }
    }
}

/// What the score is made of, each 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signals {
    /// The concepts both name, over all that either names (Jaccard).
    pub shared_of_all: f64,
    /// The concepts both name, over those of the one that names fewer.
    pub shared_of_fewer: f64,
    /// 1 when either names no concept, so that the problem cannot be compared.
    pub unnamed: f64,
    /// 1 at the same point, 0 at [`NEAR_METRES`]; 0.5 further along the same project.
    pub near: f64,
    /// 1 filed at the same moment, 0 [`WINDOW_DAYS`] apart.
    pub recent: f64,
    /// 1 when the new report says it is about another one.
    pub another: f64,
    /// 1 when the new report says an earlier problem was dealt with.
    pub dealt_with: f64,
    /// 1 when both were filed under the same category (0: another category on the same
    /// project, which a resident may have chosen wrongly, but is more often another issue).
    pub same_category: f64,
    /// 1 when both tell one thing of several apart and by no number or letter in common:
    /// block 9 and block 11, gate A and gate C.
    pub other_instance: f64,
    /// 1 when the new report turns with a "but".
    pub turns: f64,
    /// How many concepts both name, up to four, over four: two accounts of one problem
    /// often agree on several things (the leak, the school, the mud).
    pub shared_count: f64,
}

impl Signals {
    pub fn values(&self) -> [f64; SIGNALS] {
        [
            self.shared_of_all,
            self.shared_of_fewer,
            self.unnamed,
            self.near,
            self.recent,
            self.another,
            self.dealt_with,
            self.same_category,
            self.other_instance,
            self.turns,
            self.shared_count,
        ]
    }

    /// The likelihood that the two are one problem, as [`WEIGHTS`] weigh the signals.
    pub fn score(&self) -> f64 {
        logistic(&WEIGHTS, &self.values())
    }

    /// The likelihood as `weights` (a county's, [`Fitted`]) weigh the signals.
    pub fn score_with(&self, weights: &[f64; SIGNALS + 1]) -> f64 {
        logistic(weights, &self.values())
    }
}

/// At least this many verdicts of staff, and a quarter of them of each kind, before the
/// finder is fitted on a county's own (fewer say more about chance than about the county).
pub const MIN_VERDICTS: usize = 100;

/// The finder fitted on a county's own verdicts (`disclose triage train`), and how it and
/// the shipped [`WEIGHTS`] did on verdicts held out: five folds, each scored by weights
/// and a threshold fitted on the other four. It is used only when it did better.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    pub weights: [f64; SIGNALS + 1],
    /// The highest score at which the verdicts' recall is still 0.7, each scored by
    /// weights fitted on the other four fifths ([`fit_held_out`]), like [`THRESHOLD`].
    pub threshold: f64,
    /// The verdicts it was fitted on, and of those, "the same problem".
    pub verdicts: usize,
    pub same: usize,
    /// Held-out precision and recall: these weights', and the shipped ones' at
    /// [`THRESHOLD`].
    pub held_out: (f64, f64),
    pub shipped: (f64, f64),
    /// Whether it is used: its held-out F0.5 (precision first) beat the shipped one's.
    pub adopted: bool,
}

impl Fitted {
    /// A kept finder, or `None` when it was fitted on another version's signals (its
    /// weights do not fit these); the rest of the model stays usable.
    pub fn unless_stale<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        let kept = Option::<serde_json::Value>::deserialize(d)?;
        Ok(kept.and_then(|v| serde_json::from_value(v).ok()))
    }
}

/// Fits the finder on staff's verdicts, `(signals, the same problem)`; `None` below
/// [`MIN_VERDICTS`] or a quarter of either kind.
pub fn fit_on_verdicts(verdicts: &[(Signals, bool)]) -> Option<Fitted> {
    let same = verdicts.iter().filter(|(_, d)| *d).count();
    let quarter = verdicts.len() / 4;
    if verdicts.len() < MIN_VERDICTS || same < quarter || verdicts.len() - same < quarter {
        return None;
    }
    let folds = in_folds(verdicts, 5);
    // Each verdict scored by a finder (weights and threshold, set as the final one is)
    // fitted on the four folds that did not see it: 1 when that finder offers it, 0 when
    // not.
    let mut held = Vec::with_capacity(verdicts.len());
    for (k, fold) in folds.iter().enumerate() {
        let (weights, threshold) = fit_held_out(&in_folds(&all_but(&folds, k), 4));
        held.extend(fold.iter().map(|(s, same)| {
            (
                f64::from(u8::from(s.score_with(&weights) >= threshold)),
                *same,
            )
        }));
    }
    let shipped: Vec<(f64, bool)> = verdicts.iter().map(|(s, d)| (s.score(), *d)).collect();
    let measured = |d: DuplicateScores| (d.precision, d.recall);
    let (held_out, shipped) = (
        measured(duplicate_scores(&held, 1.0)),
        measured(duplicate_scores(&shipped, THRESHOLD)),
    );
    let (weights, threshold) = fit_held_out(&folds);
    Some(Fitted {
        threshold,
        weights,
        verdicts: verdicts.len(),
        same,
        adopted: f_half(held_out) > f_half(shipped),
        held_out,
        shipped,
    })
}

/// The pairs of every group but the `k`th.
fn all_but(groups: &[Vec<(Signals, bool)>], k: usize) -> Vec<(Signals, bool)> {
    groups
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != k)
        .flat_map(|(_, g)| g.iter().copied())
        .collect()
}

/// `pairs` dealt into `k` folds in turn (the first, the `k+1`th, ... in the first).
fn in_folds(pairs: &[(Signals, bool)], k: usize) -> Vec<Vec<(Signals, bool)>> {
    (0..k)
        .map(|f| pairs.iter().skip(f).step_by(k).copied().collect())
        .collect()
}

/// Fits the finder on `groups` of pairs: the weights on all of them, and the threshold
/// at which it still finds 0.7 of the duplicates of a group it has not seen. Each group
/// is scored by weights fitted on the others, and the threshold is the highest score, in
/// hundredths, at which 0.7 of the duplicates among those scores are found. How
/// [`WEIGHTS`] and [`THRESHOLD`] were set, with the development sets as the groups
/// (docs/TRIAGE.md, "A fifth round"): set on the pairs the weights were fitted on, the
/// threshold found fewer than 0.7 of the duplicates of every new writer's pairs.
pub fn fit_held_out(groups: &[Vec<(Signals, bool)>]) -> ([f64; SIGNALS + 1], f64) {
    let mut scored = Vec::new();
    for (k, group) in groups.iter().enumerate() {
        let weights = fit(&all_but(groups, k));
        scored.extend(group.iter().map(|(s, d)| (s.score_with(&weights), *d)));
    }
    (fit(&groups.concat()), threshold_at_recall(&scored))
}

/// The highest score, in hundredths, at which 0.7 of the duplicates among `scored` are
/// still at or above it (0.01 when at none).
fn threshold_at_recall(scored: &[(f64, bool)]) -> f64 {
    (1..100)
        .rev()
        .map(|t| f64::from(t) / 100.0)
        .find(|&t| duplicate_scores(scored, t).recall >= 0.7)
        .unwrap_or(0.01)
}

/// F0.5: precision weighed twice as much as recall.
fn f_half((precision, recall): (f64, f64)) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        1.25 * precision * recall / (0.25 * precision + recall)
    }
}

fn logistic(weights: &[f64; SIGNALS + 1], x: &[f64; SIGNALS]) -> f64 {
    let z = weights[SIGNALS] + weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>();
    1.0 / (1.0 + (-z).exp())
}

/// How alike a new report and an earlier one are, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Likeness {
    /// 0–1, the likelihood that it is the same problem; from [`THRESHOLD`] the earlier
    /// report is offered as a possible duplicate.
    pub score: f64,
    /// Metres between them, when both have a place.
    pub metres: Option<f64>,
    /// Days from the earlier report to the new one.
    pub days: f64,
    /// The concepts both name.
    pub shared: Vec<&'static str>,
    pub signals: Signals,
    /// Both say the same in the same words ([`wording`]): the same report sent again (a
    /// double tap, a retry on a slow network, a resident who got no answer). Scored 1,
    /// whatever the signals: the finder's signals leave out how alike two texts are (see
    /// the module's doc), and so on their own they missed a text sent twice.
    pub same_words: bool,
}

impl Likeness {
    /// The score as `weights` weigh the signals (the shipped [`WEIGHTS`] or a county's,
    /// [`Fitted`]); 1 for the same words sent again.
    pub fn score_with(&self, weights: &[f64; SIGNALS + 1]) -> f64 {
        if self.same_words {
            1.0
        } else {
            self.signals.score_with(weights)
        }
    }
}

/// Scores `earlier` as a duplicate of `new`, or `None` when it cannot be one (another
/// category and project, too far, too old, or filed after).
pub fn likeness(new: &Seen, earlier: &Seen) -> Option<Likeness> {
    let days = (new.at - earlier.at) as f64 / 86_400.0;
    if !(0.0..=WINDOW_DAYS).contains(&days) {
        return None;
    }
    let same_project = !new.project_id.is_empty() && new.project_id == earlier.project_id;
    if !(new.category == earlier.category || same_project) {
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
    let shared: Vec<&'static str> = new
        .concepts
        .iter()
        .filter(|c| earlier.concepts.contains(c))
        .copied()
        .collect();
    let (shared_of_all, shared_of_fewer) =
        concepts::agreement(shared.len(), new.concepts.len(), earlier.concepts.len());
    let signals = Signals {
        shared_of_all,
        shared_of_fewer,
        unnamed: f64::from(u8::from(
            new.concepts.is_empty() || earlier.concepts.is_empty(),
        )),
        near,
        recent: 1.0 - days / WINDOW_DAYS,
        another: f64::from(u8::from(new.says_another)),
        dealt_with: f64::from(u8::from(new.says_dealt_with)),
        same_category: f64::from(u8::from(new.category == earlier.category)),
        other_instance: f64::from(u8::from(
            !new.instances.is_empty()
                && !earlier.instances.is_empty()
                && !new.instances.iter().any(|i| earlier.instances.contains(i)),
        )),
        turns: f64::from(u8::from(new.turns)),
        shared_count: shared.len().min(4) as f64 / 4.0,
    };
    let same_words = new.wording != 0 && new.wording == earlier.wording;
    Some(Likeness {
        score: if same_words { 1.0 } else { signals.score() },
        metres,
        days,
        shared,
        signals,
        same_words,
    })
}

/// Fits [`WEIGHTS`]: a logistic regression of whether each pair is one problem on its
/// signals, by 4,000 steps of gradient descent on the mean log-loss with an L2 penalty
/// of one pair's weight (the intercept unpenalised). Deterministic: the same pairs give
/// the same weights.
pub fn fit(pairs: &[(Signals, bool)]) -> [f64; SIGNALS + 1] {
    let n = pairs.len().max(1) as f64;
    let mut w = [0.0; SIGNALS + 1];
    for _ in 0..4000 {
        let mut g = [0.0; SIGNALS + 1];
        for (s, duplicate) in pairs {
            let x = s.values();
            let err = logistic(&w, &x) - f64::from(u8::from(*duplicate));
            for k in 0..SIGNALS {
                g[k] += err * x[k];
            }
            g[SIGNALS] += err;
        }
        for k in 0..=SIGNALS {
            let penalty = if k < SIGNALS { w[k] } else { 0.0 };
            w[k] -= (g[k] + penalty) / n;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn seen(text: &str, category: &str, point: (f64, f64), day: i64) -> Seen {
        Seen::new(text, category, "", Some(point), day * DAY)
    }

    #[test]
    fn the_same_words_sent_again_are_the_same_report_whatever_the_signals_say() {
        // A text that says the earlier problem was dealt with and turns with a "but", which
        // the signals rightly read as another problem than the one before it, sent twice
        // a minute apart at one place.
        let text = "The tree was cut but now the branches block the road again.";
        let first = Seen::new(text, "road-damage", "", Some((-1.4, 37.3)), 100 * DAY);
        let again = Seen::new(
            "the tree was cut, but now the branches block the road again",
            "road-damage",
            "",
            Some((-1.4, 37.3)),
            100 * DAY + 60,
        );
        let l = likeness(&again, &first).unwrap();
        assert!(l.same_words);
        assert!(l.signals.score() < THRESHOLD, "{}", l.signals.score());
        assert_eq!(l.score, 1.0);
        assert_eq!(
            l.score_with(&[0.0; SIGNALS + 1]),
            1.0,
            "a county's weights too"
        );
        // A number that differs is another thing of several, not the same words.
        let plot = |n: &str| {
            Seen::new(
                &format!("Plot {n}: no reply yet"),
                "refuse",
                "",
                Some((-1.4, 37.3)),
                100 * DAY,
            )
        };
        assert!(!likeness(&plot("91"), &plot("87")).unwrap().same_words);
        // Nothing to read is not the same words.
        let blank = |at| Seen::new("!!!", "refuse", "", Some((-1.4, 37.3)), at);
        assert!(
            !likeness(&blank(100 * DAY + 60), &blank(100 * DAY))
                .unwrap()
                .same_words
        );
    }

    #[test]
    fn the_same_problem_nearby_scores_high_and_other_places_or_times_are_not_candidates() {
        let a = seen(
            "Burst pipe at Kwa Mutua junction, water flowing on the road",
            "water-supply",
            (-0.4, 37.0),
            0,
        );
        // The same burst pipe, told in Swahili: hardly a word in common.
        let b = seen(
            "bomba limepasuka kwa mutua, maji yanavuja tangu juzi",
            "water-supply",
            (-0.4003, 37.0003),
            2,
        );
        let l = likeness(&b, &a).unwrap();
        assert!(l.score >= THRESHOLD, "{l:?}");
        assert!(l.metres.unwrap() < 100.0);
        assert_eq!(l.shared, ["leak"]);
        let far = Seen {
            point: Some((-0.42, 37.0)),
            ..b.clone()
        };
        assert_eq!(likeness(&far, &a), None);
        let later = Seen {
            at: 90 * DAY,
            ..b.clone()
        };
        assert_eq!(likeness(&later, &a), None);
        assert_eq!(likeness(&a, &b), None, "filed before");
        let other = Seen {
            category: "refuse".into(),
            ..b
        };
        assert_eq!(likeness(&other, &a), None);
    }

    #[test]
    fn another_problem_at_the_same_place_in_the_same_words_scores_below_the_same_problem() {
        let burst = seen(
            "Chaka junction water kiosk: the pipe under the tank has burst",
            "water-supply",
            (-0.4, 37.0),
            0,
        );
        // 70 m away the next day: the same words about the kiosk, another problem; and
        // the same problem in other words.
        let dirty = seen(
            "Chaka junction water kiosk: the water is brown and smells",
            "water-supply",
            (-0.4006, 37.0003),
            1,
        );
        let twin = seen(
            "burst pipe, kiosk ya chaka",
            "water-supply",
            (-0.4006, 37.0003),
            1,
        );
        let (other, same) = (
            likeness(&dirty, &burst).unwrap(),
            likeness(&twin, &burst).unwrap(),
        );
        assert!(
            other.score < THRESHOLD && same.score >= THRESHOLD,
            "{other:?} {same:?}"
        );
        assert_eq!(other.shared, ["kiosk"]);
        // Nearer is likelier, for the same words.
        let farther = Seen {
            point: Some((-0.4015, 37.0)),
            ..twin.clone()
        };
        let far = likeness(&farther, &burst).unwrap();
        assert!(far.score < same.score, "{far:?} {same:?}");
    }

    #[test]
    fn another_category_on_the_same_project_is_a_candidate_anywhere_on_it() {
        let stalled = Seen::new(
            "No workers on the Gura bridge site for three weeks",
            "works-stalled",
            "PRJ-2025-0042",
            Some((-0.4, 37.0)),
            0,
        );
        let filed_as_safety = Seen::new(
            "Gura bridge: kazi imesimama, hakuna wafanyakazi",
            "site-safety",
            "PRJ-2025-0042",
            Some((-0.4, 37.0)),
            2 * DAY,
        );
        let l = likeness(&filed_as_safety, &stalled).unwrap();
        // Offered: another category weighs against a match (on the development pairs most
        // pairs across categories on one project are another issue), but two things named
        // alike, at the same spot, two days apart, outweigh it.
        assert!(l.score >= THRESHOLD, "{l:?}");
        // A kilometre along the same project is still a candidate, at half nearness.
        let along = Seen {
            point: Some((-0.409, 37.0)),
            ..filed_as_safety
        };
        let a = likeness(&along, &stalled).unwrap();
        assert!(a.metres.unwrap() > 900.0 && a.score < l.score, "{a:?}");
    }

    /// The signals of the labelled pairs in `tests/fixtures/<sets>` that the finder would
    /// compare at all (not those of two categories and no project, say).
    fn signals_of(sets: &[&str]) -> Vec<(Signals, bool)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut pairs = Vec::new();
        for set in sets {
            let fixture = crate::triage::eval::Fixture::load(&root.join(set)).unwrap();
            pairs.extend(fixture.pairs.iter().filter_map(|p| {
                let (a, b) = p.seen();
                Some((likeness(&b, &a)?.signals, p.is_duplicate().unwrap()))
            }));
        }
        pairs
    }

    /// The sets [`WEIGHTS`] and [`THRESHOLD`] are fitted on: every labelled set of pairs
    /// in the repository but the evaluation fixture and the last two checks, thirteen
    /// writers (docs/TRIAGE.md, "A seventh round").
    const DEVELOPMENT: [&str; 13] = [
        "triage-dev",
        "triage-dev2",
        "triage-dev3",
        "triage-dev4",
        "triage-dev5",
        "triage-blind",
        "triage-blind2",
        "triage-blind3",
        "triage-blind4",
        "triage-blind5",
        "triage-blind6",
        "triage-blind7",
        "triage-blind8",
    ];

    #[test]
    fn the_weights_and_threshold_are_the_ones_fitted_on_the_development_pairs() {
        let sets = DEVELOPMENT.map(|set| signals_of(&[set]));
        let pairs = sets.concat();
        assert_eq!(pairs.len(), 3862);
        let (fitted, threshold) = fit_held_out(&sets);
        let rounded = fitted.map(|w| (w * 1000.0).round() / 1000.0);
        for (w, f) in WEIGHTS.iter().zip(rounded) {
            assert!(
                (w - f).abs() < 0.0015,
                "fitted {rounded:?}, kept {WEIGHTS:?}"
            );
        }
        // The threshold: the highest, in hundredths, at which each set scored by weights
        // fitted on the other twelve still gives recall 0.7.
        assert!((threshold - THRESHOLD).abs() < 1e-9, "{threshold}");
        // Set on the pairs the weights were fitted on, it is the same: with six writers it
        // was higher there (0.65 against 0.63), and found fewer than 0.7 of the duplicates
        // of most writers' sets it had not seen.
        let scored: Vec<(f64, bool)> = pairs.iter().map(|(s, d)| (s.score(), *d)).collect();
        assert!((threshold_at_recall(&scored) - THRESHOLD).abs() < 1e-9);
        // Where that leaves the pairs it was fitted on: below the target of 0.9 (0.889 at
        // 0.708), because the non-duplicates of the sets written to the fixture's rules are
        // the same problem's neighbours (the next manhole, the same stall's other
        // complaint) in much the same words.
        let at = duplicate_scores(&scored, THRESHOLD);
        assert!(at.precision >= 0.885 && at.recall >= 0.705, "{at:?}");
        // The one set written from the feature's description alone (not to the fixture's
        // rules) meets the target when the weights are fitted on the other twelve.
        let blind = DEVELOPMENT
            .iter()
            .position(|&s| s == "triage-blind")
            .unwrap();
        let weights = fit(&all_but(&sets, blind));
        let held: Vec<(f64, bool)> = sets[blind]
            .iter()
            .map(|(s, d)| (s.score_with(&weights), *d))
            .collect();
        let at = duplicate_scores(&held, THRESHOLD);
        assert!(at.precision >= 0.9 && at.recall >= 0.7, "{at:?}");
    }

    #[test]
    fn a_county_s_verdicts_refit_the_finder_only_when_enough_and_used_only_when_better() {
        // Real signals (the development pairs), judged by three imagined counties.
        let pairs = signals_of(&["triage-dev", "triage-dev2"]);
        let judged = |same: &dyn Fn(&Signals) -> bool, n: usize| -> Vec<(Signals, bool)> {
            pairs.iter().take(n).map(|(s, _)| (*s, same(s))).collect()
        };
        // Too few verdicts, or almost all of one kind: nothing is fitted.
        let agrees = |s: &Signals| s.score() >= THRESHOLD;
        assert_eq!(fit_on_verdicts(&judged(&agrees, MIN_VERDICTS - 1)), None);
        assert_eq!(fit_on_verdicts(&judged(&|_| false, 400)), None);

        // Staff who judge as the shipped finder scores: it cannot be beaten, so it stays.
        let f = fit_on_verdicts(&judged(&agrees, 400)).unwrap();
        assert_eq!(f.shipped, (1.0, 1.0));
        assert!(!f.adopted, "{f:?}");

        // Staff for whom only the same spot counts (within about 50 m), whatever the
        // texts name: the county's weights learn that, and are used.
        let same_spot = |s: &Signals| s.near >= 0.8;
        let f = fit_on_verdicts(&judged(&same_spot, 600)).unwrap();
        assert!(f.adopted && f.held_out.0 > f.shipped.0, "{f:?}");
        assert!(f.weights[3] > WEIGHTS[3], "nearness weighs more: {f:?}");
        assert_eq!(
            (f.verdicts, f.same),
            (
                600,
                pairs.iter().take(600).filter(|(s, _)| same_spot(s)).count()
            )
        );
    }

    #[test]
    fn a_finder_fitted_on_an_earlier_version_s_signals_is_dropped_not_the_model() {
        #[derive(Deserialize)]
        struct Kept {
            #[serde(default, deserialize_with = "Fitted::unless_stale")]
            duplicates: Option<Fitted>,
        }
        let fitted = Fitted {
            weights: WEIGHTS,
            threshold: THRESHOLD,
            verdicts: 120,
            same: 60,
            held_out: (0.9, 0.7),
            shipped: (0.8, 0.7),
            adopted: true,
        };
        let kept =
            |json: serde_json::Value| serde_json::from_value::<Kept>(json).unwrap().duplicates;
        let mut json = serde_json::json!({ "duplicates": fitted });
        assert_eq!(kept(json.clone()), Some(fitted));
        // Seven signals and an intercept, as kept before the category was one, and eight,
        // as kept before the last three.
        json["duplicates"]["weights"] =
            serde_json::json!([0.3, 2.2, 1.1, 4.2, 2.0, -2.6, -2.0, -6.0]);
        assert_eq!(kept(json.clone()), None);
        json["duplicates"]["weights"] =
            serde_json::json!([0.3, 2.2, 1.1, 4.2, 2.0, -2.6, -2.0, 2.1, -8.0]);
        assert_eq!(kept(json), None);
        assert_eq!(kept(serde_json::json!({})), None);
    }

    #[test]
    fn a_report_that_says_it_is_about_another_one_or_what_came_after_scores_lower() {
        let manhole = seen(
            "Manhole without a cover near Mlima Baptist church",
            "road-damage",
            (-0.4, 37.0),
            0,
        );
        let same = seen(
            "manhole haina kifuniko karibu na kanisa la Baptist, watoto wataanguka",
            "road-damage",
            (-0.4004, 37.0),
            3,
        );
        let another = seen(
            "Another manhole without a cover, near the Baptist church gate",
            "road-damage",
            (-0.4004, 37.0),
            3,
        );
        let after = seen(
            "The manhole cover was fixed but now the road around it is sinking",
            "road-damage",
            (-0.4004, 37.0),
            3,
        );
        let (same, another, after) = (
            likeness(&same, &manhole).unwrap(),
            likeness(&another, &manhole).unwrap(),
            likeness(&after, &manhole).unwrap(),
        );
        assert!(same.score >= THRESHOLD, "{same:?}");
        assert_eq!(another.signals.another, 1.0);
        assert_eq!(after.signals.dealt_with, 1.0);
        assert!(another.score < THRESHOLD && after.score < THRESHOLD);
        assert_eq!((same.signals.another, same.signals.dealt_with), (0.0, 0.0));
        // Whole words only: "others" and "mother" are not "other".
        let mother = seen(
            "my mother says the manhole is open",
            "road-damage",
            (-0.4, 37.0),
            1,
        );
        assert!(!mother.says_another);
    }

    /// The finder's precision and recall at [`THRESHOLD`] on `tests/fixtures/<set>`.
    fn measured_on(set: &str) -> crate::triage::eval::DuplicateScores {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(set);
        let fixture = crate::triage::eval::Fixture::load(&dir).unwrap();
        assert!(fixture.reports.is_empty() && fixture.pairs.len() >= 200);
        let scored = crate::triage::eval::pair_scores(&fixture.pairs).unwrap();
        duplicate_scores(&scored, THRESHOLD)
    }

    #[test]
    fn on_pairs_written_blind_to_the_fixtures_rules_the_finder_is_held_where_it_was_measured() {
        // tests/fixtures/triage-blind9 and triage-blind10: 260 pairs each written to the
        // evaluation fixture's published rules (duplicates in other words, non-duplicates
        // the same problem's neighbours) by writers who saw no other set, never fitted on.
        // The finder does not meet the target on both (docs/TRIAGE.md, "A seventh round");
        // this holds it at what was measured, so that a change that loses ground shows.
        for (set, precision, recall) in [
            ("triage-blind9", 0.874, 0.650),
            ("triage-blind10", 0.934, 0.726),
        ] {
            let at = measured_on(set);
            assert!(
                at.precision >= precision - 0.0005 && at.recall >= recall - 0.0005,
                "{set}: {at:?}"
            );
        }
    }

    #[test]
    fn an_earlier_report_is_read_for_what_it_names_not_for_what_it_says_of_others() {
        let text = "Another burst pipe at gate B, the one at gate A was fixed but now this";
        let (whole, earlier) = (
            Seen::new(text, "water-supply", "", Some((-0.4, 37.0)), 0),
            Seen::earlier(text, "water-supply", "", Some((-0.4, 37.0)), 0),
        );
        assert!(whole.says_another && whole.says_dealt_with && whole.turns);
        assert!(!earlier.says_another && !earlier.says_dealt_with && !earlier.turns);
        assert_eq!(
            (&whole.concepts, &whole.instances),
            (&earlier.concepts, &earlier.instances)
        );
        // Only the new report's sayings count, so a candidate scores the same either way.
        let new = seen(
            "bomba imepasuka gate B, maji yanamwagika",
            "water-supply",
            (-0.4, 37.0),
            3,
        );
        let (a, b) = (
            likeness(&new, &whole).unwrap(),
            likeness(&new, &earlier).unwrap(),
        );
        assert_eq!(a.score, b.score);
        assert!(!a.shared.is_empty());
    }

    #[test]
    fn a_number_or_letter_tells_one_thing_of_several_apart() {
        assert_eq!(instances("Kariakor Block 9, upper floors"), ["9"]);
        assert_eq!(instances("Standpipe No. 3 at gate C"), ["3", "c"]);
        assert_eq!(instances("kibanda 12A soko la Gikomba"), ["12a"]);
        // Not a thing's number: a distance, a count, a word.
        assert!(instances("the road a bit further, 3 weeks, house ya mama").is_empty());
        assert!(instances("block 12th street").is_empty());

        let at = |text: &str, day: i64| seen(text, "refuse", (-0.4, 37.0), day);
        let nine = at("Kariakor Block 9 refuse chamber full", 0);
        let eleven = likeness(
            &at("Kariakor Block 11 refuse chamber full, not emptied", 2),
            &nine,
        )
        .unwrap();
        let same = likeness(&at("block 9 kariakor chamber ya taka imejaa", 2), &nine).unwrap();
        let unnumbered =
            likeness(&at("Kariakor refuse chamber imejaa, haijazolewa", 2), &nine).unwrap();
        assert_eq!(eleven.signals.other_instance, 1.0);
        assert_eq!(same.signals.other_instance, 0.0);
        // One that names no number may be the same one.
        assert_eq!(unnumbered.signals.other_instance, 0.0);
        assert!(eleven.score < same.score, "{eleven:?} {same:?}");
    }

    #[test]
    fn a_report_that_turns_with_a_but_or_names_more_alike_is_weighed_so() {
        let at = |text: &str, day: i64| seen(text, "refuse", (-0.4, 37.0), day);
        let skip = at(
            "Mlango skip overflowing, rubbish on the road, not collected",
            0,
        );
        let but = likeness(
            &at(
                "The skip was emptied on Monday but it is now broken at the side",
                5,
            ),
            &skip,
        )
        .unwrap();
        let and = likeness(
            &at(
                "The skip was emptied on Monday and it is now broken at the side",
                5,
            ),
            &skip,
        )
        .unwrap();
        let again = likeness(
            &at(
                "skip ya Mlango imejaa, taka iko barabarani, haijazolewa wiki mbili",
                5,
            ),
            &skip,
        )
        .unwrap();
        assert_eq!((but.signals.turns, again.signals.turns), (1.0, 0.0));
        assert!(
            again.signals.shared_count > but.signals.shared_count,
            "{again:?} {but:?}"
        );
        assert!(
            but.score < and.score && and.score < again.score,
            "{but:?} {and:?} {again:?}"
        );
    }
}
