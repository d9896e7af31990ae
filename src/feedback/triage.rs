//! The assistant's suggestions as the feedback service keeps them: made when a report is
//! filed ([`Feedback::suggest`]), decided by a person in one click ([`Feedback::decide`]),
//! counted for the public page ([`Feedback::triage_stats`]), and the confirmed
//! categories the next model learns from ([`Feedback::confirmed`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::refusal::Named;
use super::{Feedback, FeedbackError, Refusal, Report, Status};
use crate::staff::audit::{Actor, Outcome};
use crate::staff::{Account, Role};
use crate::triage::{Example, Lang, Model, Seen, Suggestion, duplicates};

/// A report as the duplicate finder compares it.
fn seen(report: &Report) -> Seen {
    Seen::new(
        &report.text_original,
        &report.category,
        &report.project_id,
        report.point,
        report.received_at,
    )
}

/// Report `id` as scored by the duplicate finder, unjudged.
fn candidate(id: i64, score: f64, l: &duplicates::Likeness) -> Candidate {
    Candidate {
        id,
        score,
        metres: l.metres,
        days: l.days,
        shared: l.shared.iter().map(|c| c.to_string()).collect(),
        verdict: None,
        not_offered: false,
    }
}

/// A likeness's score and the threshold it is offered at, by the county's `fitted` finder
/// or else the shipped one.
fn scored_by(fitted: Option<&duplicates::Fitted>, l: &duplicates::Likeness) -> (f64, f64) {
    match fitted {
        Some(f) => (l.score_with(&f.weights), f.threshold),
        None => (l.score, duplicates::THRESHOLD),
    }
}

/// An earlier report as the duplicate finder in use scored it against a new one.
struct Scored {
    id: i64,
    score: f64,
    /// Scored at or above the finder's threshold.
    offered: bool,
    likeness: duplicates::Likeness,
}

/// A possible duplicate as kept with the suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The earlier report's id.
    pub id: i64,
    pub score: f64,
    pub metres: Option<f64>,
    pub days: f64,
    /// What both name of the problem (the duplicate finder's concepts), so that staff
    /// see why it was offered (absent in suggestions kept before it was).
    #[serde(default)]
    pub shared: Vec<String>,
    /// What staff judged of it, once they have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Scored below the finder's threshold, so not offered: staff judged it from the other
    /// reports the finder compared ([`Feedback::compared`]). Such verdicts are how a
    /// county's finder learns the duplicates it misses, not only the ones it offers wrongly.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_offered: bool,
}

/// What staff judged of a possible duplicate, who and when: the same problem (the report
/// was marked its duplicate) or another one ("not the same problem"). Both kinds are
/// what a county's own duplicate finder would be fitted on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub same: bool,
    /// The staff account.
    pub by: i64,
    pub at: i64,
}

/// What the assistant suggested for a report and what was decided.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageRecord {
    /// The model's version; 0 when none was trained when the report came.
    pub model: i64,
    /// The suggested category and its confidence ('' without a model).
    pub category: String,
    pub category_confidence: f64,
    pub office: String,
    pub office_confidence: f64,
    pub language: Lang,
    pub language_confidence: f64,
    /// Possible duplicates, the likeliest first, with their references.
    pub duplicates: Vec<(Candidate, String)>,
    pub suggested_at: i64,
    pub decision: Decision,
    /// The category chosen ('' while undecided).
    pub chosen: String,
    pub decided_at: Option<i64>,
}

/// Who decided a report's category after the suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Nobody yet.
    Open,
    /// A person took the suggested category.
    Accepted,
    /// A person chose another category (possibly the one the reporter chose).
    Overridden,
    /// The assistant routed it alone, above `[feedback.triage] automatic_above`.
    Automatic,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "",
            Self::Accepted => "accepted",
            Self::Overridden => "overridden",
            Self::Automatic => "automatic",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "accepted" => Self::Accepted,
            "overridden" => Self::Overridden,
            "automatic" => Self::Automatic,
            _ => Self::Open,
        }
    }
}

/// How the suggestions fared over a time span: for `/reports/triage`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TriageStats {
    /// Reports filed in the span with a suggested category.
    pub suggested: i64,
    /// Of those, decided by a person: accepted or overridden.
    pub accepted: i64,
    pub overridden: i64,
    /// Routed by the assistant alone.
    pub automatic: i64,
    /// Possible duplicates offered with the span's reports, and of those, what staff
    /// judged: the same problem, or another.
    pub duplicates_offered: i64,
    pub duplicates_same: i64,
    pub duplicates_other: i64,
    /// Duplicates staff found among the reports the finder compared and did not offer.
    pub duplicates_missed: i64,
}

/// Candidates looked at for duplicates, at most, by place and by project.
const CANDIDATES: i64 = 300;
/// Possible duplicates kept with a suggestion.
const KEPT: usize = 5;
/// Other reports the finder compared, shown to staff beside its suggestion.
const COMPARED: usize = 8;

impl Feedback {
    /// Makes and keeps the suggestion for report `id` (just filed), and routes it when
    /// the protocol allows automatic routing and the model is sure enough. A failure here
    /// never loses the report: it is logged, and the report waits undecided.
    pub(super) async fn suggest(&self, report: &Report) {
        if let Err(e) = self.try_suggest(report).await {
            tracing::warn!("no triage suggestion for {}: {e}", report.reference);
        }
    }

    /// The assistant's suggestion for `report` and its possible duplicates, the likeliest
    /// first, without keeping anything.
    pub async fn suggestion(
        &self,
        report: &Report,
    ) -> Result<(Suggestion, Vec<Candidate>), FeedbackError> {
        let suggestion = self.triage.suggest(&self.protocol, &report.text_original);
        let found: Vec<Candidate> = self
            .scored(report)
            .await?
            .into_iter()
            .filter(|s| s.offered)
            .take(KEPT)
            .map(|s| candidate(s.id, s.score, &s.likeness))
            .collect();
        Ok((suggestion, found))
    }

    /// The duplicate finder fitted on this county's verdicts, when it did better than the
    /// shipped one (`None`: the shipped one is in use).
    fn finder(&self) -> Option<duplicates::Fitted> {
        self.triage
            .model()
            .and_then(|m| m.duplicates.clone())
            .filter(|f| f.adopted)
    }

    /// Every earlier report the duplicate finder compares `report` with, scored by the
    /// finder in use, the likeliest first. (A [`Candidate`] is made only of those kept:
    /// a hot spot has hundreds scored for each new report.)
    async fn scored(&self, report: &Report) -> Result<Vec<Scored>, FeedbackError> {
        let finder = self.finder();
        let new = seen(report);
        let mut scored: Vec<Scored> = self
            .candidates(report)
            .await?
            .into_iter()
            .filter_map(|(id, seen)| {
                let likeness = duplicates::likeness(&new, &seen)?;
                let (score, threshold) = scored_by(finder.as_ref(), &likeness);
                Some(Scored {
                    id,
                    score,
                    offered: score >= threshold,
                    likeness,
                })
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(scored)
    }

    /// The other reports the finder compared `report` with and did not offer (scored below
    /// its threshold), the likeliest first, public ones only, at most [`COMPARED`]: what
    /// staff check by eye for the duplicates it misses. Judged ones are among `record`'s.
    pub async fn compared(
        &self,
        report: &Report,
        record: &TriageRecord,
    ) -> Result<Vec<(Candidate, Report)>, FeedbackError> {
        let mut compared = Vec::new();
        for s in self.scored(report).await? {
            if compared.len() == COMPARED {
                break;
            }
            if s.offered || record.duplicates.iter().any(|(d, _)| d.id == s.id) {
                continue;
            }
            if let Some(other) = self.by_id(s.id).await?.filter(|o| o.status.is_public()) {
                let c = Candidate {
                    not_offered: true,
                    ..candidate(s.id, s.score, &s.likeness)
                };
                compared.push((c, other));
            }
        }
        Ok(compared)
    }

    async fn try_suggest(&self, report: &Report) -> Result<(), FeedbackError> {
        let (suggestion, found) = self.suggestion(report).await?;
        let (category, category_confidence) = suggestion.category.clone().unwrap_or_default();
        let (office, office_confidence) = suggestion.office.clone().unwrap_or_default();
        let automatic = self
            .protocol
            .feedback
            .triage
            .automatic_above
            .is_some_and(|t| !category.is_empty() && category_confidence >= t);
        let at = self.now();
        sqlx::query(
            "INSERT INTO report_triage (report_id, model, category, category_confidence, office, \
             office_confidence, language, language_confidence, duplicates, suggested_at, decision, \
             chosen, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(report.id)
        .bind(i64::from(suggestion.model.unwrap_or(0)))
        .bind(&category)
        .bind(category_confidence)
        .bind(&office)
        .bind(office_confidence)
        .bind(suggestion.language.lang.code())
        .bind(suggestion.language.confidence)
        .bind(serde_json::to_string(&found).unwrap_or_else(|_| "[]".into()))
        .bind(at)
        .bind(if automatic { "automatic" } else { "" })
        .bind(if automatic { category.as_str() } else { "" })
        .bind(automatic.then_some(at))
        .execute(self.db.pool())
        .await?;
        if automatic && category != report.category {
            self.recategorise(report, &category, true, None).await?;
        }
        Ok(())
    }

    /// Earlier reports that may be the same problem: same project, or same category in a
    /// box around the place, within the duplicate window; the latest [`CANDIDATES`] of
    /// each, where a hot spot has more (a burst main a thousand residents reported).
    async fn candidates(&self, report: &Report) -> Result<Vec<(i64, Seen)>, FeedbackError> {
        // `+r.received_at` keeps the planner off the received-time index: the window holds
        // two months of reports, the place or the project a handful.
        const SELECT: &str = "SELECT r.id, r.category, r.project_id, r.lat, r.lon, r.received_at, \
             r.text_original FROM reports r WHERE r.id <> $1 AND +r.received_at >= $2 \
             AND +r.received_at <= $3 AND r.status NOT IN ('rejected', 'duplicate')";
        let since = report.received_at - (duplicates::WINDOW_DAYS * 86_400.0) as i64;
        let mut rows = Vec::new();
        // Two queries, each on its own index (the place's, the project's): one with OR
        // between them reads the whole window (23 ms among 100,000 reports).
        if let Some((lat, lon)) = report.point {
            let dlat = duplicates::NEAR_METRES / 111_000.0;
            let dlon = dlat / lat.to_radians().cos().max(0.01);
            rows.extend(
                sqlx::query(&format!(
                    "{SELECT} AND r.lat BETWEEN $4 AND $5 AND r.lon BETWEEN $6 AND $7 \
                     AND r.category = $8 ORDER BY +r.received_at DESC LIMIT $9"
                ))
                .bind(report.id)
                .bind(since)
                .bind(report.received_at)
                .bind(lat - dlat)
                .bind(lat + dlat)
                .bind(lon - dlon)
                .bind(lon + dlon)
                .bind(&report.category)
                .bind(CANDIDATES)
                .fetch_all(self.db.pool())
                .await?,
            );
        }
        let project = report.project_id.trim();
        if !project.is_empty() {
            rows.extend(
                sqlx::query(&format!(
                    "{SELECT} AND r.project_id = $4 ORDER BY +r.received_at DESC LIMIT $5"
                ))
                .bind(report.id)
                .bind(since)
                .bind(report.received_at)
                .bind(project)
                .bind(CANDIDATES)
                .fetch_all(self.db.pool())
                .await?,
            );
        }
        let mut seen = std::collections::HashSet::new();
        rows.iter()
            .filter_map(|r| {
                let id: i64 = match r.try_get("id") {
                    Ok(id) => id,
                    Err(e) => return Some(Err(e)),
                };
                seen.insert(id).then(|| {
                    let point = r
                        .try_get::<Option<f64>, _>("lat")?
                        .zip(r.try_get::<Option<f64>, _>("lon")?);
                    let text: String = r.try_get("text_original")?;
                    let category: String = r.try_get("category")?;
                    let project: String = r.try_get("project_id")?;
                    Ok((
                        id,
                        Seen::earlier(&text, &category, &project, point, r.try_get("received_at")?),
                    ))
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Moves a report to `category` and its office, with a public history line saying so
    /// (and that the assistant did it, when it did).
    async fn recategorise(
        &self,
        report: &Report,
        category: &str,
        automatic: bool,
        by: Option<i64>,
    ) -> Result<(), FeedbackError> {
        let office = self
            .protocol
            .category(category)
            .map(|c| c.office.clone())
            .ok_or_else(|| FeedbackError::Invalid(format!("no category `{category}`")))?;
        sqlx::query("UPDATE reports SET category = $1, office = $2, updated_at = $3 WHERE id = $4")
            .bind(category)
            .bind(&office)
            .bind(self.now())
            .bind(report.id)
            .execute(self.db.pool())
            .await?;
        let text = if automatic { "automatic" } else { "" };
        self.event(
            report.id,
            "category",
            &report.category,
            category,
            &office,
            text,
            true,
            by,
        )
        .await?;
        if report.status.is_public() {
            self.changed();
        }
        Ok(())
    }

    /// The suggestion kept for report `id`, with its possible duplicates' references.
    pub async fn triage_of(&self, id: i64) -> Result<Option<TriageRecord>, FeedbackError> {
        let Some(r) = sqlx::query("SELECT * FROM report_triage WHERE report_id = $1")
            .bind(id)
            .fetch_optional(self.db.pool())
            .await?
        else {
            return Ok(None);
        };
        let json: String = r.try_get("duplicates")?;
        let candidates: Vec<Candidate> = serde_json::from_str(&json).unwrap_or_default();
        let mut duplicates = Vec::with_capacity(candidates.len());
        for c in candidates {
            if let Some(other) = self.by_id(c.id).await? {
                duplicates.push((c, other.reference));
            }
        }
        let language: String = r.try_get("language")?;
        let decision: String = r.try_get("decision")?;
        Ok(Some(TriageRecord {
            model: r.try_get("model")?,
            category: r.try_get("category")?,
            category_confidence: r.try_get("category_confidence")?,
            office: r.try_get("office")?,
            office_confidence: r.try_get("office_confidence")?,
            language: Lang::parse(&language).unwrap_or(Lang::Other),
            language_confidence: r.try_get("language_confidence")?,
            duplicates,
            suggested_at: r.try_get("suggested_at")?,
            decision: Decision::parse(&decision),
            chosen: r.try_get("chosen")?,
            decided_at: r.try_get("decided_at")?,
        }))
    }

    /// Report `reference`, when `account` may judge its suggestion: moderators any
    /// report's, officers their offices'. A refusal is audited as `action`.
    async fn to_judge(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        action: &str,
    ) -> Result<Report, FeedbackError> {
        let report = self
            .by_reference(reference)
            .await?
            .ok_or_else(|| FeedbackError::UnknownReport(reference.to_string()))?;
        let may = matches!(account.role, Role::Moderator | Role::Admin)
            || (account.role == Role::Officer && account.offices.contains(&report.office));
        self.refuse_unless(may, actor, account, &report, action)
            .await?;
        Ok(report)
    }

    /// A person's decision on a report's suggested category: `chosen` is the category
    /// they pick, the suggestion (accepting it) or another (overriding it). Moderators
    /// decide for any report, officers for their offices' reports, once (an automatic
    /// routing may still be overridden). Recorded with who and when, in the audit trail.
    pub async fn decide(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        chosen: &str,
    ) -> Result<Decision, FeedbackError> {
        let report = self
            .to_judge(actor, account, reference, "report.triage")
            .await?;
        if self.protocol.category(chosen).is_none() {
            return Err(Refusal::ChooseCategory {
                known: self.protocol.category_codes(),
            }
            .into());
        }
        if !Self::may_decide(report.status) {
            return Err(Refusal::CategoryNoLongerDecided {
                reference: reference.to_string(),
                status: report.status,
            }
            .into());
        }
        let record = self
            .triage_of(report.id)
            .await?
            .ok_or_else(|| Refusal::NoSuggestion {
                reference: reference.to_string(),
            })?;
        if matches!(record.decision, Decision::Accepted | Decision::Overridden) {
            return Err(Refusal::CategoryAlreadyDecided {
                reference: reference.to_string(),
                category: Named::category(&self.protocol, &record.chosen),
            }
            .into());
        }
        let decision = if chosen == record.category {
            Decision::Accepted
        } else {
            Decision::Overridden
        };
        let by = Some(account.id);
        // Only a still-open (or automatic) suggestion is decided: two clicks at once
        // record one decision.
        let done = sqlx::query(
            "UPDATE report_triage SET decision = $1, chosen = $2, decided_by = $3, decided_at = $4 \
             WHERE report_id = $5 AND decision IN ('', 'automatic')",
        )
        .bind(decision.as_str())
        .bind(chosen)
        .bind(by)
        .bind(self.now())
        .bind(report.id)
        .execute(self.db.pool())
        .await?;
        if done.rows_affected() == 0 {
            // Decided a moment ago by someone else.
            return Err(Refusal::ChangedMeanwhile.into());
        }
        if chosen != report.category {
            self.recategorise(&report, chosen, false, by).await?;
        }
        let suggested = if record.category.is_empty() {
            "nothing".to_string()
        } else {
            format!("{} at {:.2}", record.category, record.category_confidence)
        };
        self.db
            .audit(
                actor,
                "report.triage",
                reference,
                Outcome::Ok,
                &format!("{} {chosen} (suggested {suggested})", decision.as_str()),
            )
            .await?;
        Ok(decision)
    }

    /// A person's verdict that `candidate`, offered as a possible duplicate of report
    /// `reference`, is another problem. Moderators judge for any report, officers for
    /// their offices' (as they decide its category); recorded with who and when, in the
    /// audit trail. (That it is the same problem is recorded when the report is marked its
    /// duplicate.)
    pub async fn not_a_duplicate(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        candidate: &str,
    ) -> Result<(), FeedbackError> {
        let (report, c) = self.offered(actor, account, reference, candidate).await?;
        self.record_verdict(report.id, c.id, Some(false), account.id)
            .await?;
        self.db
            .audit(
                actor,
                "report.duplicate-verdict",
                reference,
                Outcome::Ok,
                &format!("{candidate}: another problem (score {:.2})", c.score),
            )
            .await?;
        Ok(())
    }

    /// Takes back a verdict of "another problem" on `candidate` (a tap on the wrong
    /// button): the possible duplicate is offered again, unjudged, and the finder's next
    /// fit does not learn from it. Recorded in the audit trail.
    pub async fn withdraw_not_a_duplicate(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        candidate: &str,
    ) -> Result<(), FeedbackError> {
        let (report, c) = self.offered(actor, account, reference, candidate).await?;
        if c.verdict.is_none_or(|v| v.same) {
            return Err(Refusal::NothingToTakeBack {
                candidate: candidate.trim().to_string(),
            }
            .into());
        }
        self.record_verdict(report.id, c.id, None, account.id)
            .await?;
        self.db
            .audit(
                actor,
                "report.duplicate-verdict",
                reference,
                Outcome::Ok,
                &format!("{}: verdict taken back", candidate.trim()),
            )
            .await?;
        Ok(())
    }

    /// The report `reference`, which `account` may judge, and its possible duplicate
    /// `candidate` (a reference) as offered.
    async fn offered(
        &self,
        actor: &Actor,
        account: &Account,
        reference: &str,
        candidate: &str,
    ) -> Result<(Report, Candidate), FeedbackError> {
        let report = self
            .to_judge(actor, account, reference, "report.duplicate-verdict")
            .await?;
        let candidate = candidate.trim();
        let refused = || -> FeedbackError {
            Refusal::NotAPossibleDuplicate {
                candidate: candidate.to_string(),
                reference: reference.to_string(),
            }
            .into()
        };
        let record = self.triage_of(report.id).await?.ok_or_else(refused)?;
        if let Some((c, _)) = record.duplicates.into_iter().find(|(_, r)| r == candidate) {
            return Ok((report, c));
        }
        // One of the other reports the finder compared, judged by eye.
        let c = match self.by_reference(candidate).await? {
            Some(earlier) if earlier.status.is_public() && earlier.status != Status::Duplicate => {
                self.unoffered(&report, &earlier)
            }
            _ => None,
        };
        Ok((report, c.ok_or_else(refused)?))
    }

    /// Keeps staff's verdict on `candidate` with report `report`'s suggestion (the same
    /// problem or not), replacing an earlier one, or takes it back (`None`). A candidate
    /// the finder compared and did not offer is kept with its verdict, marked so (and
    /// dropped again when the verdict is taken back); nothing is kept for a report the
    /// finder could not have compared (another category and project, too far or too old)
    /// or without a suggestion.
    pub(super) async fn record_verdict(
        &self,
        report: i64,
        candidate: i64,
        same: Option<bool>,
        by: i64,
    ) -> Result<(), FeedbackError> {
        let Some(json) = sqlx::query_scalar::<_, String>(
            "SELECT duplicates FROM report_triage WHERE report_id = $1",
        )
        .bind(report)
        .fetch_optional(self.db.pool())
        .await?
        else {
            return Ok(());
        };
        let mut candidates: Vec<Candidate> = serde_json::from_str(&json).unwrap_or_default();
        let verdict = same.map(|same| Verdict {
            same,
            by,
            at: self.now(),
        });
        match candidates.iter().position(|c| c.id == candidate) {
            Some(i) if verdict.is_none() && candidates[i].not_offered => {
                candidates.remove(i);
            }
            Some(i) => candidates[i].verdict = verdict,
            None => {
                let (Some(verdict), Some(new), Some(earlier)) = (
                    verdict,
                    self.by_id(report).await?,
                    self.by_id(candidate).await?,
                ) else {
                    return Ok(());
                };
                let Some(c) = self.unoffered(&new, &earlier) else {
                    return Ok(());
                };
                candidates.push(Candidate {
                    verdict: Some(verdict),
                    ..c
                });
            }
        }
        let kept = serde_json::to_string(&candidates).unwrap_or(json.clone());
        // Only over what was read: two verdicts at once keep one, and say so.
        let done = sqlx::query(
            "UPDATE report_triage SET duplicates = $1 WHERE report_id = $2 AND duplicates = $3",
        )
        .bind(kept)
        .bind(report)
        .bind(&json)
        .execute(self.db.pool())
        .await?;
        if done.rows_affected() == 0 {
            // Judged a moment ago by someone else.
            return Err(Refusal::ChangedMeanwhile.into());
        }
        Ok(())
    }

    /// `earlier` as the finder in use scores it against `new`, marked not offered; `None`
    /// when the finder could not have compared them.
    fn unoffered(&self, new: &Report, earlier: &Report) -> Option<Candidate> {
        if new.id == earlier.id {
            return None;
        }
        let l = duplicates::likeness(&seen(new), &seen(earlier))?;
        let (score, _) = scored_by(self.finder().as_ref(), &l);
        Some(Candidate {
            not_offered: true,
            ..candidate(earlier.id, score, &l)
        })
    }

    /// The possible duplicates staff judged: the earlier report, the new one, and whether
    /// staff said they are the same problem; oldest first.
    async fn judged(&self) -> Result<Vec<(Report, Report, bool)>, FeedbackError> {
        let rows = sqlx::query(
            "SELECT report_id, duplicates FROM report_triage \
             WHERE duplicates LIKE '%\"verdict\"%' ORDER BY report_id",
        )
        .fetch_all(self.db.pool())
        .await?;
        let mut judged = Vec::new();
        for row in rows {
            let json: String = row.try_get("duplicates")?;
            let Some(new) = self.by_id(row.try_get("report_id")?).await? else {
                continue;
            };
            for c in serde_json::from_str::<Vec<Candidate>>(&json).unwrap_or_default() {
                let (Some(v), Some(earlier)) = (c.verdict, self.by_id(c.id).await?) else {
                    continue;
                };
                judged.push((earlier, new.clone(), v.same));
            }
        }
        Ok(judged)
    }

    /// [`Self::judged`] as labelled pairs in the fixture's columns (the text sent, the
    /// place, the day): what `disclose triage pairs` writes, so that the finder can be
    /// measured on a county's own verdicts.
    pub async fn judged_pairs(
        &self,
    ) -> Result<Vec<crate::triage::eval::FixturePair>, FeedbackError> {
        let day = |at: i64| at.div_euclid(86_400);
        Ok(self
            .judged()
            .await?
            .into_iter()
            .map(|(a, b, same)| crate::triage::eval::FixturePair {
                pair: format!("{}~{}", b.reference, a.reference),
                a_lat: a.point.map(|p| p.0),
                a_lon: a.point.map(|p| p.1),
                a_day: day(a.received_at),
                a_text: a.text_original,
                a_category: a.category,
                a_project: a.project_id,
                b_lat: b.point.map(|p| p.0),
                b_lon: b.point.map(|p| p.1),
                b_day: day(b.received_at),
                b_text: b.text_original,
                b_category: b.category,
                b_project: b.project_id,
                duplicate: if same { "yes" } else { "no" }.into(),
            })
            .collect())
    }

    /// Reports whose category staff confirmed, as training examples over `categories`:
    /// decided by a person after a suggestion, or (before there were suggestions, or
    /// routed automatically) acknowledged by the office without being moved. Rejected
    /// reports are left out.
    /// Only reports received before `until` count, when given.
    pub async fn confirmed(
        &self,
        categories: &[String],
        until: Option<i64>,
    ) -> Result<Vec<Example>, FeedbackError> {
        let rows = sqlx::query(
            "SELECT r.text_original, r.category, t.decision, t.chosen FROM reports r \
             LEFT JOIN report_triage t ON t.report_id = r.id \
             WHERE r.status <> 'rejected' AND r.received_at < $1 AND (t.decision IN ('accepted', 'overridden') \
             OR ((t.decision IS NULL OR t.decision IN ('', 'automatic')) AND r.acknowledged_at IS NOT NULL)) \
             ORDER BY r.id",
        )
        .bind(until.unwrap_or(i64::MAX))
        .fetch_all(self.db.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let decision: Option<String> = r.try_get("decision")?;
            let category: String = match decision.as_deref() {
                Some("accepted" | "overridden") => r.try_get("chosen")?,
                _ => r.try_get("category")?,
            };
            if let Some(label) = categories.iter().position(|c| *c == category) {
                out.push(Example {
                    text: r.try_get("text_original")?,
                    label,
                });
            }
        }
        Ok(out)
    }

    /// When the latest report filed before `before` that the assistant suggested anything
    /// for (a category or possible duplicates) was received, if any.
    pub async fn latest_suggested(&self, before: i64) -> Result<Option<i64>, FeedbackError> {
        Ok(sqlx::query_scalar(
            "SELECT MAX(r.received_at) FROM report_triage t JOIN reports r ON r.id = t.report_id \
             WHERE (t.category <> '' OR t.duplicates <> '[]') AND r.received_at < $1",
        )
        .bind(before)
        .fetch_one(self.db.pool())
        .await?)
    }

    /// How the suggestions for reports filed from `from` to `to` (Unix seconds) were
    /// decided.
    pub async fn triage_stats(&self, from: i64, to: i64) -> Result<TriageStats, FeedbackError> {
        let rows = sqlx::query(
            "SELECT t.decision, COUNT(*) AS n FROM report_triage t JOIN reports r ON r.id = t.report_id \
             WHERE t.category <> '' AND r.received_at >= $1 AND r.received_at < $2 GROUP BY t.decision",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.db.pool())
        .await?;
        let mut s = TriageStats::default();
        for r in &rows {
            let n: i64 = r.try_get("n")?;
            s.suggested += n;
            match Decision::parse(&r.try_get::<String, _>("decision")?) {
                Decision::Accepted => s.accepted += n,
                Decision::Overridden => s.overridden += n,
                Decision::Automatic => s.automatic += n,
                Decision::Open => {}
            }
        }
        let offered: Vec<String> = sqlx::query_scalar(
            "SELECT t.duplicates FROM report_triage t JOIN reports r ON r.id = t.report_id \
             WHERE t.duplicates <> '[]' AND r.received_at >= $1 AND r.received_at < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.db.pool())
        .await?;
        for json in &offered {
            for c in serde_json::from_str::<Vec<Candidate>>(json).unwrap_or_default() {
                if c.not_offered {
                    s.duplicates_missed += i64::from(c.verdict.is_some_and(|v| v.same));
                    continue;
                }
                s.duplicates_offered += 1;
                match c.verdict {
                    Some(v) if v.same => s.duplicates_same += 1,
                    Some(_) => s.duplicates_other += 1,
                    None => {}
                }
            }
        }
        Ok(s)
    }

    /// Trains a new category model on the confirmed reports (`held_out` of each category
    /// kept apart to calibrate and score it) and puts it in use; returns it. Only
    /// reports received before `until` count, when given (the demo trains on its past).
    pub async fn train_triage(
        &self,
        held_out: f64,
        until: Option<i64>,
    ) -> Result<Arc<Model>, FeedbackError> {
        let categories: Vec<String> = self.protocol.feedback.categories.keys().cloned().collect();
        let examples = self.confirmed(&categories, until).await?;
        // Staff's verdicts on possible duplicates, as the finder scored them.
        let verdicts: Vec<(duplicates::Signals, bool)> = self
            .judged()
            .await?
            .into_iter()
            .filter(|(_, new, _)| until.is_none_or(|u| new.received_at < u))
            .filter_map(|(earlier, new, same)| {
                Some((
                    duplicates::likeness(&seen(&new), &seen(&earlier))?.signals,
                    same,
                ))
            })
            .collect();
        let at = self.now();
        let model = tokio::task::spawn_blocking(move || {
            let mut model = Model::train(examples, categories, held_out, at)?;
            model.duplicates = duplicates::fit_on_verdicts(&verdicts);
            Ok::<_, crate::triage::TriageError>(model)
        })
        .await
        .map_err(|e| FeedbackError::Invalid(format!("training stopped: {e}")))??;
        self.triage.install(model)?;
        self.triage
            .model()
            .ok_or_else(|| FeedbackError::Invalid("the model was not kept".into()))
    }

    /// Whether a report's status lets staff still decide its category.
    pub fn may_decide(status: Status) -> bool {
        !matches!(status, Status::Rejected | Status::Duplicate)
    }
}
