//! Assisted triage: for every new report, a suggested category and office with their
//! confidence, the report's language, and possible duplicates. The assistant suggests;
//! a moderator or an officer accepts or overrides with one click, and both are recorded.
//! Nothing is routed without a person unless `[feedback.triage] automatic_above` says so.
//!
//! Everything runs here, offline, on a CPU: the category model ([`model`]) is trained by
//! `disclose triage train` from the reports whose category staff confirmed and kept as a
//! versioned file under `state/triage/` with its training date, size and held-out scores;
//! language detection is lingua's compiled-in models ([`language`]); duplicates are found
//! by place, time and text ([`duplicates`]). `disclose triage eval` measures all three on
//! the hand-written fixture in `tests/fixtures/triage/` ([`eval`]).

pub mod concepts;
pub mod duplicates;
pub mod eval;
pub mod features;
pub mod language;
pub mod model;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

pub use duplicates::{Likeness, Seen};
pub use language::{Detected, Lang};
pub use model::{Classifier, Example};

use crate::protocol::Protocol;

/// The method a model file was trained with (a file of another method is not loaded).
pub const METHOD: &str = "tfidf-word-char-ngram-logistic-regression";

/// Scores of a classifier on a labelled set.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Scores {
    /// How many reports were scored.
    pub reports: usize,
    pub accuracy: f64,
    /// The mean of the categories' F1 scores (each category counts the same).
    pub macro_f1: f64,
}

/// A trained model as kept in `state/triage/model-NNNN.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// 1, 2, …: the file's number.
    pub version: u32,
    pub method: String,
    /// When it was trained (Unix seconds).
    pub trained_at: i64,
    /// Confirmed reports it was trained on.
    pub trained_on: usize,
    /// The categories, in the classifier's order.
    pub categories: Vec<String>,
    /// Scores on the held-out split of the confirmed reports (not trained on).
    pub held_out: Scores,
    /// The held-out split's confusion: `[true category][suggested]`.
    pub held_out_confusion: Vec<Vec<usize>>,
    pub classifier: Classifier,
    /// The duplicate finder fitted on this county's verdicts, when there were enough
    /// (absent in models trained before there were; dropped from those fitted on other
    /// signals than this version's, until `disclose triage train` fits it again).
    #[serde(default, deserialize_with = "duplicates::Fitted::unless_stale")]
    pub duplicates: Option<duplicates::Fitted>,
}

impl Model {
    /// Trains on confirmed reports: `held_out` of each category (0.2) is kept apart to
    /// calibrate the confidences and measure the scores.
    pub fn train(
        examples: Vec<Example>,
        categories: Vec<String>,
        held_out: f64,
        at: i64,
    ) -> Result<Self, TriageError> {
        let mut per = vec![0usize; categories.len()];
        examples.iter().for_each(|e| per[e.label] += 1);
        if per.iter().filter(|&&n| n >= 2).count() < 2 {
            return Err(TriageError::TooFew(examples.len()));
        }
        let (train, test) = model::split(examples, held_out, 20_260_101);
        let mut classifier = Classifier::train(&train, categories.len(), 7);
        classifier.calibrate(&test);
        let mut model = Self {
            version: 0,
            method: METHOD.into(),
            trained_at: at,
            trained_on: train.len(),
            categories,
            held_out: Scores::default(),
            held_out_confusion: Vec::new(),
            classifier,
            duplicates: None,
        };
        let confusion = eval::Confusion::of(&model, &test);
        model.held_out = confusion.scores();
        model.held_out_confusion = confusion.counts;
        Ok(model)
    }

    /// The most likely category's index and every category's probability.
    pub fn classify(&self, text: &str) -> (usize, Vec<f64>) {
        let p = self.classifier.probabilities(text);
        let best = (0..p.len())
            .max_by(|&a, &b| p[a].total_cmp(&p[b]))
            .unwrap_or(0);
        (best, p)
    }

    /// The held-out split's confusion, to print.
    pub fn held_out_confusion(&self) -> eval::Confusion {
        eval::Confusion {
            labels: self.categories.clone(),
            counts: self.held_out_confusion.clone(),
        }
    }
}

/// A suggestion for one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The model that suggested the category, if any was trained.
    pub model: Option<u32>,
    /// The suggested category and the model's confidence in it.
    pub category: Option<(String, f64)>,
    /// The suggested category's office and the confidence that it is the office's (the
    /// sum over the office's categories).
    pub office: Option<(String, f64)>,
    pub language: Detected,
}

#[derive(Debug, thiserror::Error)]
pub enum TriageError {
    #[error(
        "only {0} reports have a category confirmed by staff; training needs at least two in \
         each of two categories or more: confirm the categories of more reports first"
    )]
    TooFew(usize),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a triage model this version reads: {message}")]
    Unreadable { path: PathBuf, message: String },
}

/// The triage assistant of one state folder: the current model (reloaded when
/// `disclose triage train` writes a newer one) and the suggestions.
#[derive(Debug)]
pub struct Triage {
    dir: Option<PathBuf>,
    model: RwLock<Option<Arc<Model>>>,
    checked: Mutex<Instant>,
}

/// How often a running server looks for a newer model file.
const RECHECK: Duration = Duration::from_secs(10);

impl Triage {
    /// The assistant over `state_dir/triage/`, with its newest model if there is one. A
    /// model this version cannot use (one trained by an earlier version, a damaged file)
    /// is reported and left unused: reports are filed without a suggested category until
    /// `disclose triage train` keeps a new one.
    pub fn open(state_dir: &Path) -> Self {
        let t = Self {
            dir: Some(state_dir.join("triage")),
            model: RwLock::new(None),
            checked: Mutex::new(Instant::now()),
        };
        if let Err(e) = t.reload() {
            eprintln!("warning: {e}");
        }
        t
    }

    /// An assistant with no model and no folder: languages only (tests, tools).
    pub fn none() -> Self {
        Self {
            dir: None,
            model: RwLock::new(None),
            checked: Mutex::new(Instant::now()),
        }
    }

    /// The model in use.
    pub fn model(&self) -> Option<Arc<Model>> {
        if let Ok(mut at) = self.checked.lock()
            && at.elapsed() >= RECHECK
        {
            *at = Instant::now();
            drop(at);
            if let Err(e) = self.reload() {
                tracing::warn!("triage model not reloaded: {e}");
            }
        }
        self.model.read().ok().and_then(|m| m.clone())
    }

    fn reload(&self) -> Result<(), TriageError> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let Some((version, path)) = newest(dir)? else {
            return Ok(());
        };
        if self
            .model
            .read()
            .ok()
            .and_then(|m| m.as_ref().map(|m| m.version))
            == Some(version)
        {
            return Ok(());
        }
        let model = read(&path)?;
        if let Ok(mut m) = self.model.write() {
            *m = Some(Arc::new(model));
        }
        Ok(())
    }

    /// Keeps `model` as the next version and puts it in use; returns its version.
    pub fn install(&self, mut model: Model) -> Result<u32, TriageError> {
        let dir = self.dir.as_ref().ok_or_else(|| TriageError::Io {
            path: PathBuf::from("triage"),
            source: std::io::Error::other("this assistant has no state folder"),
        })?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| TriageError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        model.version = newest(dir)?.map_or(1, |(v, _)| v + 1);
        let path = dir.join(format!("model-{:04}.json", model.version));
        let json = serde_json::to_vec(&model).map_err(|e| TriageError::Unreadable {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
        std::io::Write::write_all(&mut tmp, &json).map_err(io(&path))?;
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
        let version = model.version;
        if let Ok(mut m) = self.model.write() {
            *m = Some(Arc::new(model));
        }
        Ok(version)
    }

    /// Measures the model in use (languages and duplicates without one) on `fixture`,
    /// without keeping the result: another set than the built-in fixture, whose figures
    /// `/reports/triage` publishes as measured on hand-written reports.
    pub fn measure(
        &self,
        protocol: &Protocol,
        fixture: &eval::Fixture,
        at: i64,
    ) -> anyhow::Result<eval::Evaluation> {
        eval::evaluate(self.model().as_deref(), fixture, protocol, at)
    }

    /// Measures the model in use (languages and duplicates without one) on the built-in
    /// `fixture` and keeps the result beside it for `/reports/triage`.
    pub fn evaluate(
        &self,
        protocol: &Protocol,
        fixture: &eval::Fixture,
        at: i64,
    ) -> anyhow::Result<eval::Evaluation> {
        let e = self.measure(protocol, fixture, at)?;
        self.keep_evaluation(&e)?;
        Ok(e)
    }

    /// Keeps what was measured for the model in use, for the public page:
    /// `eval-NNNN.json` beside `model-NNNN.json`.
    fn keep_evaluation(&self, e: &eval::Evaluation) -> Result<(), TriageError> {
        let (Some(dir), Some(version)) = (&self.dir, e.model) else {
            return Ok(());
        };
        let path = dir.join(format!("eval-{version:04}.json"));
        let json = serde_json::to_vec_pretty(e).map_err(|err| TriageError::Unreadable {
            path: path.clone(),
            message: err.to_string(),
        })?;
        let io = |source| TriageError::Io {
            path: path.clone(),
            source,
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        std::io::Write::write_all(&mut tmp, &json).map_err(io)?;
        tmp.persist(&path).map_err(|err| io(err.error))?;
        Ok(())
    }

    /// What `disclose triage eval` last measured for the model in use, if it ran.
    pub fn evaluation(&self) -> Option<eval::Evaluation> {
        let (dir, model) = (self.dir.as_ref()?, self.model()?);
        let bytes = std::fs::read(dir.join(format!("eval-{:04}.json", model.version))).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Suggests a category, an office and the language for a report's text.
    pub fn suggest(&self, protocol: &Protocol, text: &str) -> Suggestion {
        let language = language::detect(text);
        let Some(model) = self.model() else {
            return Suggestion {
                model: None,
                category: None,
                office: None,
                language,
            };
        };
        let (best, p) = model.classify(text);
        let office_of = |c: &str| protocol.category(c).map(|c| c.office.clone());
        let category = model.categories[best].clone();
        let office = office_of(&category).map(|office| {
            let sure = model
                .categories
                .iter()
                .zip(&p)
                .filter(|(c, _)| office_of(c).as_deref() == Some(office.as_str()))
                .map(|(_, p)| p)
                .sum::<f64>();
            (office, sure.min(1.0))
        });
        Suggestion {
            model: Some(model.version),
            category: Some((category, p[best])),
            office,
            language,
        }
    }
}

/// The newest `model-NNNN.json` in `dir`.
fn newest(dir: &Path) -> Result<Option<(u32, PathBuf)>, TriageError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(TriageError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    Ok(entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let v = name.strip_prefix("model-")?.strip_suffix(".json")?;
            Some((v.parse::<u32>().ok()?, e.path()))
        })
        .max_by_key(|(v, _)| *v))
}

fn read(path: &Path) -> Result<Model, TriageError> {
    let bytes = std::fs::read(path).map_err(|source| TriageError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let model: Model = serde_json::from_slice(&bytes).map_err(|e| TriageError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if model.method != METHOD || !model.classifier.fits(features::DIMENSIONS) {
        return Err(TriageError::Unreadable {
            path: path.to_path_buf(),
            message: format!(
                "trained as `{}`, not as `{METHOD}` with {} features; train again with \
                 `disclose triage train`",
                model.method,
                features::DIMENSIONS
            ),
        });
    }
    Ok(model)
}
