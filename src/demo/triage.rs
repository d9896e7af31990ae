//! The demo county's triage assistant: trained on its history up to
//! [`SUGGESTED_DAYS`] before the demo's last day, it suggests for the reports after, and
//! the moderator decides each within half an hour (accepting the suggestion when it is
//! the report's category, choosing the report's category otherwise), so that
//! `/reports/triage` and the feedback datasets show real decisions.

use std::sync::Arc;

use anyhow::Context;

use crate::feedback::Feedback;
use crate::staff::{Account, Actor};
use crate::triage::Model;

/// Days before the demo's end from which reports get a trained model's suggestions.
pub const SUGGESTED_DAYS: u64 = 62;

/// The moderator decides the suggestion for `reference`: the category the report
/// really is (the resident's, in the demo).
pub async fn decide(
    feedback: &Feedback,
    moderator: &Account,
    reference: &str,
    category: &str,
) -> anyhow::Result<()> {
    let report = feedback
        .by_reference(reference)
        .await?
        .with_context(|| format!("the demo's report {reference} is missing"))?;
    let Some(t) = feedback.triage_of(report.id).await? else {
        return Ok(());
    };
    if t.category.is_empty() {
        return Ok(());
    }
    feedback
        .decide(&Actor::cli(), moderator, reference, category)
        .await
        .with_context(|| format!("deciding the category of the demo's report {reference}"))?;
    Ok(())
}

/// What the demo planted about triage: the model and how its suggestions were decided.
pub async fn planted(
    feedback: &Feedback,
    model: &Arc<Model>,
    from: i64,
) -> anyhow::Result<serde_json::Value> {
    let s = feedback.triage_stats(from, i64::MAX).await?;
    Ok(serde_json::json!({
        "model": model.version,
        "trained_on": model.trained_on,
        "held_out_macro_f1": (model.held_out.macro_f1 * 1000.0).round() / 1000.0,
        "suggested": s.suggested,
        "accepted": s.accepted,
        "overridden": s.overridden,
        "about": "The assistant was trained on the reports before the last two months; the moderator accepted or overrode each suggestion for the reports after.",
    }))
}

/// Trains the next model on every confirmed report and keeps its evaluation on the
/// built-in hand-written fixture.
pub async fn retrain(feedback: &Feedback, at: i64) -> anyhow::Result<()> {
    feedback.train_triage(0.2, None).await?;
    let fixture = crate::triage::eval::Fixture::builtin()?;
    feedback
        .triage()
        .evaluate(feedback.protocol(), &fixture, at)?;
    Ok(())
}
