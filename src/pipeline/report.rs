//! The validation report: every problem found in one ingest, each with where it is, what
//! rule it breaks and what to do about it.

use std::fmt;

use serde::Serialize;

use super::read::{At, Loc};

/// How many issues a report keeps in full; the rest are counted.
pub const KEPT_ISSUES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub file: String,
    /// Line (CSV), sheet row (XLSX) or feature number (GeoJSON, GDAL), from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<u64>,
    /// The source column, as named in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The target field of the dataset kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The offending value, cut to 80 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A stable rule code: `type`, `required`, `unique`, `enum`, `primary_key`, …
    pub rule: &'static str,
    pub message: String,
    pub hint: String,
}

impl Issue {
    pub fn row(loc: Loc, rule: &'static str, message: String, hint: &str) -> Self {
        let (line, row, feature) = match loc.at {
            At::File => (None, None, None),
            At::Line(n) => (Some(n), None, None),
            At::Row(n) => (None, Some(n), None),
            At::Feature(n) => (None, None, Some(n)),
        };
        Self {
            severity: Severity::Error,
            file: loc.file.to_string(),
            line,
            row,
            feature,
            column: None,
            field: None,
            value: None,
            rule,
            message,
            hint: hint.to_string(),
        }
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_field(mut self, field: &str, column: Option<&str>) -> Self {
        self.field = Some(field.to_string());
        self.column = column.map(str::to_string);
        self
    }

    pub fn with_value(mut self, value: &str) -> Self {
        let mut cut: String = value.chars().take(80).collect();
        if cut.len() < value.len() {
            cut.push('…');
        }
        self.value = Some(cut);
        self
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", self.file)?;
        if let Some(n) = self.line {
            write!(f, ":{n}")?;
        }
        if let Some(n) = self.row {
            write!(f, " row {n}")?;
        }
        if let Some(n) = self.feature {
            write!(f, " feature {n}")?;
        }
        match (&self.column, &self.field) {
            (Some(c), Some(fl)) if c != fl => write!(f, ", column `{c}` → {fl}")?,
            (_, Some(fl)) => write!(f, ", field `{fl}`")?,
            (Some(c), None) => write!(f, ", column `{c}`")?,
            (None, None) => {}
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {} [{}]", self.message, self.rule)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Everything one ingest found. Errors block publishing; warnings do not.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub pipeline: String,
    pub kind: String,
    pub files: Vec<String>,
    pub rows_read: u64,
    pub rows_valid: u64,
    pub error_count: u64,
    pub warning_count: u64,
    /// The first [`KEPT_ISSUES`] issues, in the order found.
    pub issues: Vec<Issue>,
    /// Set once the run is over: what it published, or would, or why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    Published {
        dataset: String,
        version: u32,
        rows: u64,
    },
    Unchanged {
        dataset: String,
        version: u32,
    },
    DryRun {
        dataset: String,
        rows: u64,
    },
    /// Checked, and the version's files written, waiting for [`crate::pipeline::publish`].
    Checked {
        dataset: String,
        rows: u64,
    },
    Rejected,
}

impl Report {
    pub fn push(&mut self, issue: Issue) {
        match issue.severity {
            Severity::Error => self.error_count += 1,
            Severity::Warning => self.warning_count += 1,
        }
        if self.issues.len() < KEPT_ISSUES {
            self.issues.push(issue);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error_count > 0
    }

    /// The first `limit` issues, errors first, then a line counting the rest.
    pub fn summary(&self, limit: usize) -> String {
        let mut out = String::new();
        let mut shown = 0;
        for sev in [Severity::Error, Severity::Warning] {
            for issue in self
                .issues
                .iter()
                .filter(|i| i.severity == sev)
                .take(limit.saturating_sub(shown))
            {
                out.push_str(&issue.to_string());
                out.push('\n');
                shown += 1;
            }
        }
        let total = self.error_count + self.warning_count;
        if total > shown as u64 {
            out.push_str(&format!(
                "… and {} more (use --report-json PATH for the first {KEPT_ISSUES})\n",
                total - shown as u64
            ));
        }
        out.push_str(&format!(
            "{} rows read, {} valid; {} error{}, {} warning{}\n",
            self.rows_read,
            self.rows_valid,
            self.error_count,
            if self.error_count == 1 { "" } else { "s" },
            self.warning_count,
            if self.warning_count == 1 { "" } else { "s" },
        ));
        out
    }
}
