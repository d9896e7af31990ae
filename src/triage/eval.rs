//! Measuring the assistant: accuracy, macro F1, a per-category table and a confusion
//! matrix for the category model; accuracy for languages; precision and recall for
//! duplicates. `disclose triage eval` runs them on the hand-written fixture in
//! `tests/fixtures/triage/` (never trained on) and on the model's held-out split.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::duplicates::{self, Seen};
use super::language::{self, Lang};
use super::{Example, Model, Scores};

/// Counts of (true category, suggested category).
#[derive(Debug, Clone, PartialEq)]
pub struct Confusion {
    pub labels: Vec<String>,
    /// `counts[truth][suggested]`.
    pub counts: Vec<Vec<usize>>,
}

/// One category's line of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    pub category: String,
    /// Reports truly of the category.
    pub support: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Confusion {
    pub fn new(labels: Vec<String>) -> Self {
        let n = labels.len();
        Self {
            labels,
            counts: vec![vec![0; n]; n],
        }
    }

    /// The model's suggestions for `examples` against their labels.
    pub fn of(model: &Model, examples: &[Example]) -> Self {
        let mut c = Self::new(model.categories.clone());
        for e in examples {
            c.add(e.label, model.classify(&e.text).0);
        }
        c
    }

    pub fn add(&mut self, truth: usize, suggested: usize) {
        self.counts[truth][suggested] += 1;
    }

    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    pub fn per_category(&self) -> Vec<CategoryScore> {
        let n = self.labels.len();
        (0..n)
            .map(|k| {
                let tp = self.counts[k][k] as f64;
                let support: usize = self.counts[k].iter().sum();
                let suggested: usize = (0..n).map(|t| self.counts[t][k]).sum();
                let ratio = |a: f64, b: usize| if b == 0 { 0.0 } else { a / b as f64 };
                let (precision, recall) = (ratio(tp, suggested), ratio(tp, support));
                let f1 = if precision + recall == 0.0 {
                    0.0
                } else {
                    2.0 * precision * recall / (precision + recall)
                };
                CategoryScore {
                    category: self.labels[k].clone(),
                    support,
                    precision,
                    recall,
                    f1,
                }
            })
            .collect()
    }

    /// Accuracy and macro F1 over the categories that occur in the set.
    pub fn scores(&self) -> Scores {
        let total = self.total();
        let right: usize = (0..self.labels.len()).map(|k| self.counts[k][k]).sum();
        let present: Vec<f64> = self
            .per_category()
            .into_iter()
            .filter(|c| c.support > 0)
            .map(|c| c.f1)
            .collect();
        Scores {
            reports: total,
            accuracy: if total == 0 {
                0.0
            } else {
                right as f64 / total as f64
            },
            macro_f1: if present.is_empty() {
                0.0
            } else {
                present.iter().sum::<f64>() / present.len() as f64
            },
        }
    }

    /// The per-category table and the matrix (rows: truth; columns: suggested, numbered as
    /// the table's lines).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let w = self
            .labels
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(8)
            .max(8);
        let _ = writeln!(
            out,
            "  {:>2} {:<w$} {:>7} {:>9} {:>7} {:>6}",
            "#", "category", "reports", "precision", "recall", "F1"
        );
        for (i, c) in self.per_category().iter().enumerate() {
            let _ = writeln!(
                out,
                "  {:>2} {:<w$} {:>7} {:>9.3} {:>7.3} {:>6.3}",
                i + 1,
                c.category,
                c.support,
                c.precision,
                c.recall,
                c.f1
            );
        }
        let _ = writeln!(
            out,
            "\n  confusion (rows: true category; columns: suggested)"
        );
        let _ = write!(out, "  {:>3}", "");
        for j in 0..self.labels.len() {
            let _ = write!(out, " {:>4}", j + 1);
        }
        out.push('\n');
        for (i, row) in self.counts.iter().enumerate() {
            let _ = write!(out, "  {:>3}", i + 1);
            for &n in row {
                let _ = write!(
                    out,
                    " {:>4}",
                    if n == 0 { ".".into() } else { n.to_string() }
                );
            }
            out.push('\n');
        }
        out
    }
}

/// One report of the fixture.
#[derive(Debug, Clone, Deserialize)]
pub struct FixtureReport {
    pub id: String,
    pub text: String,
    pub category: String,
    pub office: String,
    pub language: String,
}

/// One labelled pair of the fixture: is `b` a new report of `a`'s problem? (Also what
/// `disclose triage pairs` writes of staff's verdicts; a report without a place has its
/// latitude and longitude empty.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixturePair {
    pub pair: String,
    pub a_text: String,
    pub a_category: String,
    pub a_project: String,
    pub a_lat: Option<f64>,
    pub a_lon: Option<f64>,
    pub a_day: i64,
    pub b_text: String,
    pub b_category: String,
    pub b_project: String,
    pub b_lat: Option<f64>,
    pub b_lon: Option<f64>,
    pub b_day: i64,
    pub duplicate: String,
}

/// The hand-written fixture: `reports.csv` and `duplicate_pairs.csv` (a folder read with
/// [`Fixture::load`] may hold more pairs, in any `*pairs.csv`).
#[derive(Debug, Clone)]
pub struct Fixture {
    pub reports: Vec<FixtureReport>,
    pub pairs: Vec<FixturePair>,
}

impl Fixture {
    /// The fixture built into the binary (`tests/fixtures/triage`), so that the demo and
    /// `disclose triage eval` measure the model wherever they run.
    pub fn builtin() -> anyhow::Result<Self> {
        fn rows<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> anyhow::Result<Vec<T>> {
            csv::Reader::from_reader(text.as_bytes())
                .deserialize()
                .enumerate()
                .map(|(i, row)| row.map_err(|e| anyhow::anyhow!("{name} line {}: {e}", i + 2)))
                .collect()
        }
        Ok(Self {
            reports: rows(
                "reports.csv",
                include_str!("../../tests/fixtures/triage/reports.csv"),
            )?,
            pairs: rows(
                "duplicate_pairs.csv",
                include_str!("../../tests/fixtures/triage/duplicate_pairs.csv"),
            )?,
        })
    }

    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        fn rows<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<Vec<T>> {
            let mut r = csv::Reader::from_path(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            r.deserialize()
                .enumerate()
                .map(|(i, row)| {
                    row.map_err(|e| anyhow::anyhow!("{} line {}: {e}", path.display(), i + 2))
                })
                .collect()
        }
        let listed =
            std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
        let mut files: Vec<std::path::PathBuf> = listed
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with("pairs.csv"))
            })
            .collect();
        files.sort();
        if files.is_empty() {
            anyhow::bail!(
                "{}: no duplicate_pairs.csv (or other *pairs.csv) here",
                dir.display()
            );
        }
        let mut pairs = Vec::new();
        for f in &files {
            pairs.extend(rows::<FixturePair>(f)?);
        }
        // A folder of pairs alone measures the duplicate finder only.
        let reports = dir.join("reports.csv");
        Ok(Self {
            reports: if reports.exists() {
                rows(&reports)?
            } else {
                Vec::new()
            },
            pairs,
        })
    }
}

/// Writes `pairs` as `dir/judged_pairs.csv` (written aside, then renamed), in the columns
/// [`Fixture::load`] reads; creates `dir`.
pub fn write_pairs(dir: &Path, pairs: &[FixturePair]) -> anyhow::Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    let path = dir.join("judged_pairs.csv");
    let aside = dir.join(".judged_pairs.csv.part");
    let mut w =
        csv::Writer::from_path(&aside).map_err(|e| anyhow::anyhow!("{}: {e}", aside.display()))?;
    for p in pairs {
        w.serialize(p)?;
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&aside, &path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Precision and recall of duplicate detection at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DuplicateScores {
    pub threshold: f64,
    pub pairs: usize,
    pub duplicates: usize,
    pub precision: f64,
    pub recall: f64,
}

/// What `disclose triage eval` measured on the fixture; kept beside the model as
/// `eval-NNNN.json` and shown on `/reports/triage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub model: Option<u32>,
    pub at: i64,
    /// Category suggestions on the fixture's reports (none without a model).
    pub categories: Option<Scores>,
    pub per_category: Vec<CategoryScore>,
    /// The office suggestion right (it follows from the category's).
    pub office_accuracy: Option<f64>,
    pub language_accuracy: f64,
    /// Per language label: (label, reports, detected right).
    pub languages: Vec<(String, usize, usize)>,
    /// The same by the text's length in words (`LENGTH_BANDS`): short texts are where
    /// detectors fail, and residents' reports are often a few words.
    #[serde(default)]
    pub languages_by_length: Vec<(String, usize, usize)>,
    pub duplicates: DuplicateScores,
    /// Precision and recall at other thresholds, 0.30 to 0.95.
    pub duplicate_curve: Vec<DuplicateScores>,
    #[serde(skip)]
    pub confusion: Option<Confusion>,
}

/// The lengths language detection is measured by: each band's longest text in words,
/// and its name.
const LENGTH_BANDS: [(usize, &str); 3] = [
    (5, "1-5 words"),
    (15, "6-15 words"),
    (usize::MAX, "16+ words"),
];

/// Evaluates `model` (if any) on `fixture`, the categories' offices from `protocol`.
pub fn evaluate(
    model: Option<&Model>,
    fixture: &Fixture,
    protocol: &crate::protocol::Protocol,
    at: i64,
) -> anyhow::Result<Evaluation> {
    let office_of = |c: &str| protocol.category(c).map(|c| c.office.as_str());
    let (mut categories, mut per_category, mut office_accuracy, mut confusion) =
        (None, Vec::new(), None, None);
    if let Some(m) = model {
        let mut c = Confusion::new(m.categories.clone());
        let mut offices_right = 0;
        for r in &fixture.reports {
            let truth = m
                .categories
                .iter()
                .position(|c| *c == r.category)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "fixture report {}: category `{}` is not one the model knows ({})",
                        r.id,
                        r.category,
                        m.categories.join(", ")
                    )
                })?;
            let (best, _) = m.classify(&r.text);
            c.add(truth, best);
            if office_of(&m.categories[best]) == Some(r.office.as_str()) {
                offices_right += 1;
            }
        }
        categories = Some(c.scores());
        per_category = c.per_category();
        office_accuracy = Some(offices_right as f64 / fixture.reports.len().max(1) as f64);
        confusion = Some(c);
    }
    let mut languages: Vec<(String, usize, usize)> = Lang::ALL
        .iter()
        .map(|l| (l.code().to_string(), 0, 0))
        .collect();
    let mut languages_by_length: Vec<(String, usize, usize)> = LENGTH_BANDS
        .iter()
        .map(|(_, name)| (name.to_string(), 0, 0))
        .collect();
    for r in &fixture.reports {
        let Some(k) = Lang::parse(&r.language).map(|l| l as usize) else {
            anyhow::bail!(
                "fixture report {}: language `{}` is not one of en, sw, mixed, other",
                r.id,
                r.language
            );
        };
        let right = usize::from(language::detect(&r.text).lang.code() == r.language);
        languages[k].1 += 1;
        languages[k].2 += right;
        let words = crate::triage::features::words(&r.text).count();
        let band = LENGTH_BANDS
            .iter()
            .position(|&(longest, _)| words <= longest)
            .unwrap_or(LENGTH_BANDS.len() - 1);
        languages_by_length[band].1 += 1;
        languages_by_length[band].2 += right;
    }
    let right: usize = languages.iter().map(|l| l.2).sum();
    let language_accuracy = right as f64 / fixture.reports.len().max(1) as f64;
    let scored = pair_scores(&fixture.pairs)?;
    let duplicates = duplicate_scores(&scored, duplicates::THRESHOLD);
    let duplicate_curve = (6..=19)
        .map(|k| duplicate_scores(&scored, f64::from(k) * 0.05))
        .collect();
    Ok(Evaluation {
        model: model.map(|m| m.version),
        at,
        categories,
        per_category,
        office_accuracy,
        language_accuracy,
        languages,
        languages_by_length,
        duplicates,
        duplicate_curve,
        confusion,
    })
}

impl FixturePair {
    /// The earlier report and the new one, as the duplicate finder sees them.
    pub fn seen(&self) -> (Seen, Seen) {
        const DAY: i64 = 86_400;
        (
            Seen::earlier(
                &self.a_text,
                &self.a_category,
                &self.a_project,
                self.a_lat.zip(self.a_lon),
                self.a_day * DAY,
            ),
            Seen::new(
                &self.b_text,
                &self.b_category,
                &self.b_project,
                self.b_lat.zip(self.b_lon),
                self.b_day * DAY,
            ),
        )
    }

    /// Whether the two are one problem, as labelled.
    pub fn is_duplicate(&self) -> anyhow::Result<bool> {
        match self.duplicate.as_str() {
            "yes" => Ok(true),
            "no" => Ok(false),
            other => anyhow::bail!("pair {}: duplicate is `{other}`, not yes or no", self.pair),
        }
    }
}

/// The likeness score of each pair (0 when it is not even a candidate), and whether it
/// is a duplicate.
pub fn pair_scores(pairs: &[FixturePair]) -> anyhow::Result<Vec<(f64, bool)>> {
    pairs
        .iter()
        .map(|p| {
            let (a, b) = p.seen();
            let score = duplicates::likeness(&b, &a).map_or(0.0, |l| l.score);
            Ok((score, p.is_duplicate()?))
        })
        .collect()
}

pub fn duplicate_scores(scored: &[(f64, bool)], threshold: f64) -> DuplicateScores {
    let flagged = scored.iter().filter(|(s, _)| *s >= threshold).count();
    let right = scored.iter().filter(|(s, t)| *s >= threshold && *t).count();
    let duplicates = scored.iter().filter(|(_, t)| *t).count();
    DuplicateScores {
        threshold,
        pairs: scored.len(),
        duplicates,
        precision: if flagged == 0 {
            0.0
        } else {
            right as f64 / flagged as f64
        },
        recall: if duplicates == 0 {
            0.0
        } else {
            right as f64 / duplicates as f64
        },
    }
}

impl Evaluation {
    /// The report `disclose triage eval` prints.
    pub fn render(&self, title: &str) -> String {
        let mut out = format!("{title}\n");
        let reports: usize = self.languages.iter().map(|l| l.1).sum();
        match (&self.categories, &self.confusion) {
            _ if reports == 0 => {
                out.push_str("  categories and language: no single reports here\n")
            }
            (Some(s), Some(c)) => {
                let _ = writeln!(
                    out,
                    "  categories: {} reports, accuracy {:.3}, macro F1 {:.3} (target 0.80); \
                     office right {:.3}",
                    s.reports,
                    s.accuracy,
                    s.macro_f1,
                    self.office_accuracy.unwrap_or(0.0)
                );
                out.push_str(&c.render());
            }
            _ => out.push_str("  categories: no model yet; run `disclose triage train`\n"),
        }
        if reports > 0 {
            let _ = writeln!(
                out,
                "\n  language: accuracy {:.3} (target 0.95)",
                self.language_accuracy
            );
            for (l, n, right) in &self.languages {
                let _ = writeln!(out, "    {l:<6} {right:>4} of {n:>4} detected right");
            }
            out.push_str("    by length:");
            for (band, n, right) in &self.languages_by_length {
                let share = if *n == 0 {
                    0.0
                } else {
                    *right as f64 / *n as f64
                };
                let _ = write!(out, "  {band}: {right} of {n} ({share:.3})");
            }
            out.push('\n');
        }
        let d = &self.duplicates;
        let _ = writeln!(
            out,
            "\n  duplicates: {} pairs ({} duplicates); at score ≥ {:.2}: precision {:.3} \
             (target 0.90), recall {:.3} (target 0.70)",
            d.pairs, d.duplicates, d.threshold, d.precision, d.recall
        );
        out.push_str("    at other thresholds (score: precision / recall):");
        for (i, c) in self.duplicate_curve.iter().enumerate() {
            let sep = if i % 5 == 0 { "\n     " } else { "" };
            let _ = write!(
                out,
                "{sep} {:.2}: {:.2} / {:.2}",
                c.threshold, c.precision, c.recall
            );
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confusion_gives_accuracy_and_the_mean_of_the_categories_f1() {
        let mut c = Confusion::new(vec!["a".into(), "b".into(), "c".into()]);
        // a: 3 right, 1 taken for b; b: 2 right; c: never seen, once suggested.
        for (t, s) in [(0, 0), (0, 0), (0, 0), (0, 1), (1, 1), (1, 1), (1, 2)] {
            c.add(t, s);
        }
        let s = c.scores();
        assert_eq!(s.reports, 7);
        assert!((s.accuracy - 5.0 / 7.0).abs() < 1e-12);
        let f1 = |p: f64, r: f64| 2.0 * p * r / (p + r);
        // a: precision 1, recall 3/4; b: precision 2/3, recall 2/3; c has no reports.
        let want = (f1(1.0, 0.75) + f1(2.0 / 3.0, 2.0 / 3.0)) / 2.0;
        assert!((s.macro_f1 - want).abs() < 1e-12, "{} {want}", s.macro_f1);
        assert!(c.render().contains("confusion"));
    }

    #[test]
    fn the_builtin_fixture_parses_with_valid_labels() {
        let f = Fixture::builtin().unwrap();
        assert!(f.reports.len() >= 300, "{}", f.reports.len());
        assert!(f.reports.iter().all(|r| Lang::parse(&r.language).is_some()));
        assert!(f.pairs.len() >= 200);
        let scored = pair_scores(&f.pairs).unwrap();
        assert!(scored.iter().any(|(_, d)| *d) && scored.iter().any(|(_, d)| !*d));
    }
}
