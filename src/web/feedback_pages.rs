//! Citizen feedback's pages: the report form (on its own, or from a project or ward),
//! the similar reports offered before saving, the answer with the reference and the
//! private tracking link, the tracking page, the public record, and the staff queue.
//! Phone-first, no JavaScript needed, English and Swahili.

use maud::{Markup, PreEscaped, html};

use super::cache::CachePolicy;
use super::error::WebError;
use super::extract::WebPage;
use super::map::Projection;
use super::pages::{View, layout, project_link, ward_link};
use crate::analytics::works::prop;
use crate::feedback::photo::megabytes;
use crate::feedback::{
    Candidate, Channel, Decision, Dot, Event, Filter, NewReport, PhotoStatus, Reason, Report,
    Status, TriageRecord, TriageStats,
};
use crate::protocol::Protocol;
use crate::staff::{Account, Role};
use crate::store::Indexed;
use crate::triage::Lang;
use crate::triage::eval::Evaluation;

/// Reports per page of the public list and the staff queue.
pub const REPORTS_PAGE: usize = 20;
/// Similar reports listed before a new one is sent, the likeliest: a phone's screen or
/// two. The page says how many more there are and where to see them all.
pub const SIMILAR_SHOWN: usize = 5;

/// The day of a Unix time as the reader writes it (`29 Novemba 2026`), as the rest of the
/// site writes dates.
fn time(v: &View, at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| v.date(t.date_naive()))
        .unwrap_or_default()
}

/// The day of a Unix time for a `<time datetime>`: `2026-11-29`.
fn iso_day(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub fn status_label(v: &View, s: Status) -> &'static str {
    status_word(v.lang, s)
}

/// A status in `lang`'s words (in a page's text and in a refusal's figures).
pub fn status_word(lang: super::i18n::Lang, s: Status) -> &'static str {
    match s {
        Status::Submitted => lang.t("waiting for a moderator"),
        Status::Rejected => lang.t("not published"),
        Status::Open => lang.t("open"),
        Status::Acknowledged => lang.t("acknowledged"),
        Status::InProgress => lang.t("in progress"),
        Status::Resolved => lang.t("resolved"),
        Status::ClosedNotFixed => lang.t("closed without a fix"),
        Status::Duplicate => lang.t("duplicate"),
        Status::Reopened => lang.t("reopened"),
    }
}

fn photo_label(v: &View, p: PhotoStatus) -> &'static str {
    match p {
        PhotoStatus::None => v.t("no photo"),
        PhotoStatus::Pending => v.t("waiting for a moderator"),
        PhotoStatus::Approved => v.t("shown with the report"),
        PhotoStatus::Rejected => v.t("not shown"),
    }
}

fn reason_label(v: &View, r: Reason) -> &'static str {
    match r {
        Reason::PersonalData => v.t("personal data removed"),
        Reason::Abusive => v.t("abusive"),
        Reason::OffTopic => v.t("off-topic"),
        Reason::Spam => v.t("spam"),
        Reason::Duplicate => v.t("duplicate"),
    }
}

pub(super) fn category_name<'a>(v: &View, p: &'a Protocol, code: &'a str) -> &'a str {
    p.category(code).map_or(code, |c| c.name_in(v.lang.code()))
}

pub(super) fn office_name<'a>(v: &View, p: &'a Protocol, code: &'a str) -> &'a str {
    p.offices.get(code).map_or(code, |o| {
        if v.lang.code() == "sw" {
            o.sw.as_deref().unwrap_or(&o.name)
        } else {
            &o.name
        }
    })
}

/// How a report reached the office, as the reader says it.
fn channel_label(v: &View, channel: &str) -> String {
    match Channel::parse(channel) {
        Some(Channel::Web) => v.t("by the web form").into(),
        Some(Channel::Open311) => v.t("through Open311").into(),
        Some(Channel::Counter) => v.t("at the counter").into(),
        Some(Channel::Phone) => v.t("by phone").into(),
        Some(Channel::Desk) => v.t("at a customer-care desk").into(),
        Some(Channel::Sms) => v.t("by SMS").into(),
        None => channel.to_string(),
    }
}

/// Days from `from` to `to` (or now), whole.
fn days(from: i64, to: Option<i64>) -> u64 {
    u64::try_from(to.unwrap_or_else(crate::staff::now) - from).unwrap_or(0) / 86_400
}

/// The report form, with what was typed and any problem with it.
pub struct ReportForm<'a> {
    pub new: &'a NewReport,
    pub token: &'a str,
    pub error: Option<String>,
    /// The project the form came from, with its title.
    pub project: Option<(&'a str, &'a str)>,
    pub wards: &'a [(String, String)],
    /// The largest photo accepted, in bytes (`feedback.photo_max_bytes`).
    pub photo_limit: u64,
}

impl WebPage for ReportForm<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        let n = self.new;
        let point = n
            .point
            .map(|(la, lo)| (format!("{la:.6}"), format!("{lo:.6}")));
        Ok(layout(
            v,
            v.t("Report a problem or an observation"),
            html! {
                h1 { (v.t("Report a problem or an observation")) }
                p { (v.t("Tell the county about a public work or a service. A moderator reads every report before it is shown; your name and phone number or e-mail are never published.")) }
                @if let Some(e) = &self.error { p.alert role="alert" { (e) } }
                form.stack method="post" action="/report" enctype="multipart/form-data" {
                    input type="hidden" name="token" value=(self.token);
                    @if let Some((id, title)) = self.project {
                        input type="hidden" name="project" value=(id);
                        p { (v.t("About the project")) ": " strong { (title) } " (" (id) ")" }
                    }
                    label for="category" { (v.t("What is it about?")) }
                    select #category name="category" required {
                        option value="" { (v.t("Choose…")) }
                        @for (code, c) in &p.feedback.categories {
                            option value=(code) selected[n.category == *code] { (c.name_in(v.lang.code())) }
                        }
                    }
                    label for="text" { (v.t("Describe it (at most 2,000 characters)")) }
                    textarea #text name="text" rows="6" maxlength="2000" required { (n.text) }
                    @if self.project.is_none() {
                        label for="ward" { (v.t("Ward")) }
                        select #ward name="ward" {
                            option value="" { (v.t("Choose…")) }
                            @for (code, name) in self.wards { option value=(code) selected[n.ward == *code] { (name) " (" (code) ")" } }
                        }
                        fieldset {
                            legend { (v.t("Or the exact place (optional)")) }
                            label for="lat" { (v.t("Latitude")) }
                            input #lat type="text" inputmode="decimal" name="lat" value=(point.as_ref().map_or("", |p| p.0.as_str()));
                            label for="lon" { (v.t("Longitude")) }
                            input #lon type="text" inputmode="decimal" name="lon" value=(point.as_ref().map_or("", |p| p.1.as_str()));
                            p.hint { (v.t("Shown to the public rounded to about 100 m.")) }
                            button #locate type="button" hidden
                                data-wait=(v.t("Finding where you are…"))
                                data-done=(v.t("Your place is filled in."))
                                data-failed=(v.t("Your place could not be found; type it, or choose a ward.")) {
                                (v.t("Use my location"))
                            }
                            p #locate-status role="status" aria-live="polite" {}
                        }
                        script src=(super::assets::report_js_path()) defer {}
                    }
                    label for="photo" { (v.t("A photo (optional)")) }
                    input #photo type="file" name="photo" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-hint";
                    p #photo-hint .hint { (v.tf("JPEG, PNG or WebP, at most {}. A moderator checks it before anyone else sees it; the place and camera details stored in the file are removed.", megabytes(self.photo_limit))) }
                    label for="name" { (v.t("Your name (optional, never published)")) }
                    input #name type="text" name="name" maxlength="100" autocomplete="name" value=(n.reporter_name);
                    label for="contact" { (v.t("Phone number or e-mail (optional, never published)")) }
                    input #contact type="text" name="contact" maxlength="200" autocomplete="tel" value=(n.reporter_contact);
                    // A field people do not see and robots fill in.
                    div.visually-hidden aria-hidden="true" {
                        label for="website" { "Website" }
                        input #website type="text" name="website" tabindex="-1" autocomplete="off";
                    }
                    button type="submit" { (v.t("Send the report")) }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        super::staff_pages::form_status(self.error.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// Open reports like the one being sent: follow one of them, or send it anyway.
pub struct SimilarPage<'a> {
    pub new: &'a NewReport,
    pub token: &'a str,
    /// Every similar open report found, the likeliest first; [`SIMILAR_SHOWN`] are listed.
    pub similar: &'a [Report],
    /// The sent photo, staged until the sender decides.
    pub photo_staged: Option<&'a str>,
}

impl WebPage for SimilarPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let n = self.new;
        let point = n
            .point
            .map(|(la, lo)| (format!("{la:.6}"), format!("{lo:.6}")));
        Ok(layout(
            v,
            v.t("Is it one of these?"),
            html! {
                h1 { (v.t("Is it one of these?")) }
                p { (v.t("These open reports are about the same thing nearby. Following one tells the office more people care, and you get its news.")) }
                p.hint {
                    (v.t("What you wrote is added to the one you follow, once a moderator has checked it."))
                    @if self.photo_staged.is_some() {
                        " " (v.t("Your photo is not: to send it, choose “Mine is different: send it”."))
                    }
                }
                @let (shown, rest) = self.similar.split_at(self.similar.len().min(SIMILAR_SHOWN));
                ul.reports { @for r in shown {
                    li {
                        strong { (r.reference) } " · " (status_label(v, r.status)) " · " (time(v, r.received_at))
                        p { (r.text_public) }
                        form.inline method="post" action={"/reports/" (r.reference) "/follow"} {
                            input type="hidden" name="token" value=(self.token);
                            input type="hidden" name="text" value=(n.text);
                            button type="submit" { (v.t("Follow this one instead")) }
                        }
                    }
                } }
                @if !rest.is_empty() {
                    p {
                        (v.tn("{} more open report like these is not listed here.", "{} more open reports like these are not listed here.", rest.len() as u64))
                        @if !n.project_id.is_empty() {
                            " " a href={"/reports?project=" (n.project_id) "&category=" (n.category)} { (v.t("All reports of this kind about this project")) }
                        } @else if !n.ward.is_empty() {
                            " " a href={"/reports?ward=" (n.ward) "&category=" (n.category)} { (v.t("All reports of this kind in this ward")) }
                        }
                    }
                }
                form.stack method="post" action="/report" {
                    input type="hidden" name="token" value=(self.token);
                    input type="hidden" name="confirm" value="1";
                    input type="hidden" name="category" value=(n.category);
                    input type="hidden" name="text" value=(n.text);
                    input type="hidden" name="project" value=(n.project_id);
                    input type="hidden" name="ward" value=(n.ward);
                    input type="hidden" name="lat" value=(point.as_ref().map_or("", |p| p.0.as_str()));
                    input type="hidden" name="lon" value=(point.as_ref().map_or("", |p| p.1.as_str()));
                    input type="hidden" name="name" value=(n.reporter_name);
                    input type="hidden" name="contact" value=(n.reporter_contact);
                    @if let Some(staged) = self.photo_staged {
                        input type="hidden" name="photo_staged" value=(staged);
                        p.hint { (v.t("Your photo is sent with it.")) }
                    }
                    button type="submit" { (v.t("Mine is different: send it")) }
                }
            },
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// The answer to a filed (or followed) report: its reference and the private link.
pub struct FiledPage<'a> {
    pub reference: &'a str,
    pub link: &'a str,
    pub following: bool,
}

impl WebPage for FiledPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(layout(
            v,
            v.t("Thank you"),
            html! {
                h1 { (v.t("Thank you")) }
                @if self.following {
                    p { (v.t("You now follow report")) " " strong { (self.reference) } "." }
                } @else {
                    p { (v.t("Your report is")) " " strong.reference { (self.reference) } ". " (v.t("Quote it when you call or visit the office.")) }
                    // Its public page is a 404 until then: say so, or the reporter who
                    // looks for it thinks it was lost.
                    p { (v.t("It becomes public once a moderator has checked it: until then it is not on the list of reports, and its public page does not exist yet.")) }
                }
                @if self.following {
                    p { (v.t("Keep this private link to see the answers and add information. It works now:")) }
                } @else {
                    p { (v.t("Keep this private link to see the answers, add information, or reopen the report if the problem comes back. It works now:")) }
                }
                p { a.tracking href=(self.link) { (self.link) } }
                p.hint { (v.t("Anyone with the link can see your report's progress, so share it only with people you trust.")) }
            },
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// A report's history, oldest first. `reports` is where a report's page is for this
/// reader (`/reports/` or `/staff/reports/`): a duplicate links to the report it repeats.
fn history(v: &View, p: &Protocol, events: &[Event], reports: &str) -> Markup {
    html! {
        ol.history { @for e in events {
            li {
                time datetime=(iso_day(e.at)) { (time(v, e.at)) } " · "
                @match e.kind.as_str() {
                    // Marked a duplicate: the event's text is the other report's reference.
                    "status" if duplicate_of(e).is_some() => {
                        (v.t("Status")) ": " (v.t("duplicate of")) " " (report_link(reports, &e.text))
                    }
                    "status" => { (v.t("Status")) ": " (Status::parse(&e.status_to).map_or("", |s| status_label(v, s))) }
                    "response" => { (v.t("Response from")) " " (office_name(v, p, &e.office)) }
                    "referral" => { (v.t("Referred to")) " " (office_name(v, p, &e.office)) }
                    "category" => {
                        (v.t("Category changed to")) " " (category_name(v, p, &e.status_to))
                        @if e.text == "automatic" { " (" (v.t("routed automatically by the assistant")) ")" }
                    }
                    "info" => { (v.t("Information added")) }
                    "photo" => { @match PhotoStatus::parse(&e.status_to) {
                        Some(PhotoStatus::Approved) => { (v.t("Photo shown")) }
                        _ => { (v.t("Photo not shown")) }
                    } }
                    _ => { (e.kind) }
                }
                // Only staff see private rows: say which they are.
                @if !e.public { " " small.private { "(" (v.t("not public")) ")" } }
                @if !e.text.is_empty() && e.kind != "category" && duplicate_of(e).is_none() {
                    @if let Some(r) = Reason::parse(&e.text) { " (" (reason_label(v, r)) ")" }
                    @else { p { (e.text) } }
                }
            }
        } }
    }
}

/// What both reports name, in the page's language ("no water, school"), from the
/// concepts the duplicate finder kept (one an earlier lexicon kept and this one does
/// not label is shown by its name).
fn concept_labels(v: &View, concepts: &[String]) -> String {
    concepts
        .iter()
        .map(|c| crate::triage::concepts::label(c).map_or(c.as_str(), |l| v.t(l)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The reference of the report a status event made this one a duplicate of.
fn duplicate_of(e: &Event) -> Option<&str> {
    (e.kind == "status" && e.status_to == Status::Duplicate.as_str() && !e.text.is_empty())
        .then_some(e.text.as_str())
}

/// A link to report `reference`'s page under `reports` (`/reports/`, `/staff/reports/`).
fn report_link(reports: &str, reference: &str) -> Markup {
    html! { a href={(reports) (reference)} { (reference) } }
}

/// Time to acknowledge and to resolve against the category's standard. A duplicate is
/// not resolved and not open: it says which report it repeats (linked under `reports`,
/// as in [`history`]), and when it was acknowledged if it was.
fn standard(v: &View, p: &Protocol, r: &Report, reports: &str) -> Markup {
    let c = p.category(&r.category);
    html! {
        @if r.status == Status::Duplicate {
            @if let (Some(c), Some(a)) = (c, r.acknowledged_at) {
                dt { (v.t("Acknowledged")) }
                dd { (v.tn("{} day", "{} days", days(r.received_at, Some(a)))) " (" (v.tn("standard: {} day", "standard: {} days", c.acknowledge_days.into())) ")" }
            }
            @if let Some(other) = &r.duplicate_of_reference {
                dt { (v.t("Duplicate of")) }
                dd { (report_link(reports, other)) " · " (v.t("its answers are given there")) }
            }
        } @else if let Some(c) = c {
            dt { (v.t("Acknowledged")) }
            dd { @match r.acknowledged_at {
                Some(a) => { (v.tn("{} day", "{} days", days(r.received_at, Some(a)))) }
                None => { (v.t("not yet")) }
            } " (" (v.tn("standard: {} day", "standard: {} days", c.acknowledge_days.into())) ")" }
            dt { (v.t("Resolved")) }
            dd { @match r.resolved_at {
                Some(a) => { (v.tn("{} day", "{} days", days(r.received_at, Some(a)))) }
                None => { (v.t("not yet")) " · " (v.tn("{} day open", "{} days open", days(r.received_at, None))) }
            } " (" (v.tn("standard: {} day", "standard: {} days", c.resolve_days.into())) ")" }
        }
    }
}

/// Who follows a report, as the reader says it: `followers` counts its reporter, and a
/// count alone ("Following 1") read as if someone else had followed it.
fn following(v: &View, followers: i64) -> String {
    match u64::try_from(followers - 1).unwrap_or(0) {
        0 => v.t("only the person who sent it").to_string(),
        others => v.tn(
            "the person who sent it and {} other",
            "the person who sent it and {} others",
            others,
        ),
    }
}

/// The names of a report's project and ward, from the published register and
/// boundaries; `None` where they do not name it (the code is shown alone).
#[derive(Debug, Default)]
pub struct Names {
    pub project: Option<String>,
    pub ward: Option<String>,
}

impl Names {
    /// The report's project and ward as facts: each by name, with its code, linked.
    fn facts(&self, v: &View, r: &Report) -> Markup {
        html! {
            @if !r.project_id.is_empty() { dt { (v.t("Project")) } dd { (project_link(self.project.as_deref(), &r.project_id)) } }
            @if !r.ward.is_empty() { dt { (v.t("Ward")) } dd { (ward_link(self.ward.as_deref(), &r.ward)) } }
        }
    }
}

/// One report on the public record.
pub struct ReportPage<'a> {
    pub report: &'a Report,
    pub events: &'a [Event],
    pub names: &'a Names,
}

impl WebPage for ReportPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        let r = self.report;
        Ok(layout(
            v,
            &r.reference,
            html! {
                h1 { (v.t("Report")) " " (r.reference) }
                p { strong { (status_label(v, r.status)) } " · " (category_name(v, p, &r.category)) }
                p.report-text { (r.text_public) }
                @if r.photo_is_public() {
                    figure.photo {
                        img src={"/reports/" (r.reference) "/photo.jpg"} width=(r.photo_size.0) height=(r.photo_size.1)
                            loading="lazy" alt=(v.tf("Photo sent with report {}", &r.reference));
                    }
                }
                @if let Some(reason) = Reason::parse(&r.moderation_reason) { p.hint { (v.t("Edited by a moderator")) ": " (reason_label(v, reason)) } }
                dl.facts {
                    dt { (v.t("Office responsible")) } dd { (office_name(v, p, &r.office)) }
                    dt { (v.t("Received")) } dd { (time(v, r.received_at)) }
                    (standard(v, p, r, "/reports/"))
                    (self.names.facts(v, r))
                    @if let Some((la, lo)) = r.public_point() { dt { (v.t("Place")) } dd { (format!("{la:.3}, {lo:.3}")) } }
                    dt { (v.t("Following")) } dd { (following(v, r.followers)) }
                }
                h2 { (v.t("History")) }
                (history(v, p, self.events, "/reports/"))
                @if r.status.is_open() {
                    p { a.button href={"/reports/" (r.reference) "/follow"} { (v.t("Follow this report")) } }
                }
            },
        ))
    }
}

/// The reporter's private view through the tracking link.
pub struct TrackPage<'a> {
    pub report: &'a Report,
    pub events: &'a [Event],
    pub link: &'a str,
    pub token: &'a str,
    pub message: Option<String>,
    /// What was sent and not taken (`info` or `reopen`, and its text), back in its form
    /// with the reason in `message`, and the page's status.
    pub kept: Option<(&'a str, &'a str)>,
    pub status: axum::http::StatusCode,
    pub names: &'a Names,
    /// The link is a follower's: the report and its photo are someone else's.
    pub following: bool,
}

impl TrackPage<'_> {
    /// The text sent with form `what` and not taken, to send again. A follower has no
    /// reopen form: what they sent to reopen waits in the information form.
    fn kept_for(&self, what: &str) -> &str {
        self.kept
            .filter(|(w, _)| *w == what || (self.following && what == "info"))
            .map_or("", |(_, t)| t)
    }
}

impl WebPage for TrackPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        let r = self.report;
        Ok(layout(
            v,
            &r.reference,
            html! {
                h1 { @if self.following { (v.t("The report you follow")) } @else { (v.t("Your report")) } " " (r.reference) }
                @if let Some(m) = &self.message {
                    // What was not taken is an alert; what was done, a status.
                    p.alert role=(if self.kept.is_some() { "alert" } else { "status" }) { (m) }
                }
                p { strong { (status_label(v, r.status)) } " · " (category_name(v, p, &r.category)) }
                p.report-text { (if r.text_public.is_empty() { &r.text_original } else { &r.text_public }) }
                dl.facts {
                    (self.names.facts(v, r))
                    dt { (v.t("Office responsible")) } dd { (office_name(v, p, &r.office)) }
                    dt { (v.t("Received")) } dd { (time(v, r.received_at)) }
                    (standard(v, p, r, "/reports/"))
                    @if r.photo != PhotoStatus::None { dt { @if self.following { (v.t("Its photo")) } @else { (v.t("Your photo")) } } dd { (photo_label(v, r.photo)) } }
                }
                h2 { (v.t("History")) }
                (history(v, p, self.events, "/reports/"))
                @if r.status.is_public() {
                    p { a href={"/reports/" (r.reference)} { (v.t("The public record of this report")) } }
                }
                @if r.status.may_become().contains(&Status::Reopened) {
                    h2 { (v.t("The problem is back?")) }
                    @if self.following {
                        // Reopening is the reporter's: a follower says what they see, or
                        // sends a report of their own.
                        p { (v.t("Only the person who sent the report can reopen it. Write what you see as information below, or")) " "
                            a href="/report" { (v.t("send a report of your own")) } "." }
                    } @else {
                        form.stack method="post" action={(self.link) "/reopen"} {
                            input type="hidden" name="token" value=(self.token);
                            label for="reopen" { (v.t("Say what is still wrong")) }
                            textarea #reopen name="text" rows="3" maxlength="2000" required { (self.kept_for("reopen")) }
                            button type="submit" { (v.t("Reopen the report")) }
                        }
                    }
                }
                @if !matches!(r.status, Status::Rejected | Status::Duplicate) {
                    h2 { (v.t("Add information")) }
                    form.stack method="post" action={(self.link) "/info"} {
                        input type="hidden" name="token" value=(self.token);
                        label for="info" { (v.t("What do you want to add?")) }
                        textarea #info name="text" rows="3" maxlength="2000" required { (self.kept_for("info")) }
                        button type="submit" { (v.t("Add")) }
                    }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        self.status
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// Dots on the map of `/reports`, at most: the newest matching reports with a place.
pub const MAP_DOTS: usize = 500;

/// The public list of reports, filtered and paged, under a map drawn on the server.
pub struct ReportsPage<'a> {
    pub reports: &'a [Report],
    pub page: usize,
    pub total: usize,
    pub query: &'a str,
    pub filter: &'a Filter,
    /// The newest matching reports with a place, for the map.
    pub dots: &'a [Dot],
    /// The wards register, when published: the map's shapes and the ward filter.
    pub wards: &'a [Indexed],
}

impl ReportsPage<'_> {
    /// The filters as a GET form: works without JavaScript, keeps what was chosen.
    fn filters(&self, v: &View) -> Markup {
        let p = v.protocol;
        let f = self.filter;
        let offices: std::collections::BTreeSet<&str> = p
            .feedback
            .categories
            .values()
            .map(|c| c.office.as_str())
            .collect();
        let mut wards: Vec<(&str, &str)> = self
            .wards
            .iter()
            .map(|w| (prop(&w.feature, "code"), prop(&w.feature, "name")))
            .filter(|(code, _)| !code.is_empty())
            .collect();
        wards.sort_unstable_by_key(|(_, name)| *name);
        html! {
            form.filters method="get" action="/reports" {
                div {
                    label for="status" { (v.t("Status")) }
                    select #status name="status" {
                        option value="" { (v.t("all")) }
                        @for s in Status::ALL.into_iter().filter(|s| s.is_public()) {
                            option value=(s.as_str()) selected[f.status == Some(s)] { (status_label(v, s)) }
                        }
                    }
                }
                div {
                    label for="category" { (v.t("Category")) }
                    select #category name="category" {
                        option value="" { (v.t("all")) }
                        @for code in p.feedback.categories.keys() {
                            option value=(code) selected[f.category.as_deref() == Some(code.as_str())] { (category_name(v, p, code)) }
                        }
                    }
                }
                @if !wards.is_empty() {
                    div {
                        label for="ward" { (v.t("Ward")) }
                        select #ward name="ward" {
                            option value="" { (v.t("all")) }
                            @for (code, name) in &wards {
                                option value=(code) selected[f.ward.as_deref() == Some(*code)] { (name) }
                            }
                        }
                    }
                }
                div {
                    label for="office" { (v.t("Office responsible")) }
                    select #office name="office" {
                        option value="" { (v.t("all")) }
                        @for code in &offices {
                            option value=(code) selected[f.office.as_deref() == Some(*code)] { (office_name(v, p, code)) }
                        }
                    }
                }
                div {
                    label for="project" { (v.t("Project")) }
                    input #project name="project" value=[f.project.as_deref()] maxlength="60" autocomplete="off";
                }
                div.check {
                    input #overdue type="checkbox" name="overdue" value="1" checked[f.overdue];
                    label for="overdue" { (v.t("Overdue only")) }
                }
                button type="submit" { (v.t("Show")) }
            }
        }
    }

    /// The wards, and a dot per report (a link to it): open, overdue, or done.
    fn map(&self, v: &View) -> Markup {
        let map = Projection::new(v.protocol.jurisdiction.bbox, 640.0);
        let mut svg = super::project_pages::ward_shapes(&map, self.wards);
        for (class, keep) in [
            (
                "r-done",
                (|d: &Dot| !d.status.is_open()) as fn(&Dot) -> bool,
            ),
            ("r-open", |d: &Dot| d.status.is_open() && !d.overdue),
            ("r-overdue", |d: &Dot| d.overdue),
        ] {
            svg.push_str(&format!(r#"<g class="{class}">"#));
            for d in self.dots.iter().filter(|d| keep(d)) {
                let point =
                    serde_json::json!({"type": "Point", "coordinates": [d.point.1, d.point.0]});
                let title = format!("{} · {}", d.reference, status_label(v, d.status));
                if let Some(shape) = map.shape(&point, "", &title) {
                    svg.push_str(&format!(
                        r#"<a href="/reports/{}">{shape}</a>"#,
                        d.reference
                    ));
                }
            }
            svg.push_str("</g>");
        }
        html! {
            figure.map {
                // A group, not an image: it holds a link per report.
                svg viewBox={"0 0 " (map.width) " " (map.height)} role="group" aria-label=(v.t("Map of the reports listed")) { (PreEscaped(svg)) }
                figcaption {
                    span.key.r-open { "●" } " " (v.t("open")) " · "
                    span.key.r-overdue { "●" } " " (v.t("overdue")) " · "
                    span.key.r-done { "●" } " " (v.t("resolved or closed")) ". "
                    (v.t("Places are rounded to about 100 m unless the report is about a project.")) " "
                    @if self.dots.len() >= MAP_DOTS { (v.t("The map shows the newest reports only:")) " " (MAP_DOTS) "." }
                }
            }
        }
    }
}

impl WebPage for ReportsPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        let pages = self.total.div_ceil(REPORTS_PAGE).max(1);
        Ok(layout(
            v,
            v.t("Reports from the public"),
            html! {
                h1 { (v.t("Reports from the public")) }
                p { a.button href="/report" { (v.t("Report a problem or an observation")) } }
                (self.filters(v))
                (self.map(v))
                p { (v.tn("{} report", "{} reports", self.total as u64)) " · "
                    a href={"/reports.csv?" (self.query)} download { (v.t("Download as CSV")) } " · "
                    a href={"/reports.json?" (self.query)} { "JSON" } }
                ul.reports { @for r in self.reports {
                    li {
                        a href={"/reports/" (r.reference)} { strong { (r.reference) } } " · "
                        (status_label(v, r.status)) " · " (category_name(v, p, &r.category)) " · " (time(v, r.received_at))
                        p { (r.text_public.chars().take(200).collect::<String>()) }
                    }
                } }
                @if pages > 1 {
                    nav.pager aria-label=(v.t("Pages")) {
                        @if self.page > 1 { a href={"?" (self.query) "&page=" (self.page - 1)} rel="prev" { "← " (v.t("Previous")) } " " }
                        (v.t("page")) " " (self.page) " / " (pages)
                        @if self.page < pages { " " a href={"?" (self.query) "&page=" (self.page + 1)} rel="next" { (v.t("Next")) " →" } }
                    }
                }
            },
        ))
    }
}

/// The staff queue: moderators see reports waiting for them first; officers their
/// offices' open reports, overdue ones marked.
pub struct QueuePage<'a> {
    pub reports: &'a [Report],
    /// What was searched for (`?q=`), blank for everything.
    pub search: &'a str,
}

impl WebPage for QueuePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        Ok(layout(
            v,
            v.t("Reports to handle"),
            html! {
                p { a href="/staff" { "← " (v.t("Workspace")) } }
                h1 { (v.t("Reports to handle")) }
                p { a.button href="/staff/reports/new" { (v.t("Take a report for someone")) } }
                form.stack method="get" action="/staff/reports" role="search" {
                    label for="q" { (v.t("Find a report: its reference or words of its text")) }
                    input #q type="search" name="q" value=(self.search) maxlength="100" autocomplete="off";
                    button type="submit" { (v.t("Find")) }
                }
                @if !self.search.is_empty() {
                    p { (v.t("Found:")) " " (self.reports.len()) " · " a href="/staff/reports" { (v.t("Show all")) } }
                } @else {
                    p.hint { (v.t("Reports waiting for their first step (to be moderated, then acknowledged) are at the top, the newest of them first.")) }
                }
                @if self.reports.is_empty() && self.search.is_empty() { p { (v.t("Nothing waits for you.")) } }
                ul.reports { @for r in self.reports {
                    @let overdue = p.category(&r.category).is_some_and(|c| r.status.is_open() && days(r.received_at, None) > u64::from(c.resolve_days));
                    li {
                        a href={"/staff/reports/" (r.reference)} { strong { (r.reference) } } " · "
                        (status_label(v, r.status)) " · " (category_name(v, p, &r.category)) " · " (office_name(v, p, &r.office)) " · " (time(v, r.received_at))
                        @if overdue { " · " strong.overdue { (v.t("overdue")) } }
                        p { (r.text_original.chars().take(200).collect::<String>()) }
                    }
                } }
            },
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// One report for staff: everything, with the actions the account may take.
pub struct StaffReportPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub report: &'a Report,
    pub events: &'a [Event],
    pub message: Option<String>,
    /// What the assistant suggested, and what was decided.
    pub triage: Option<&'a TriageRecord>,
    /// The other reports its duplicate finder compared and did not offer.
    pub compared: &'a [(Candidate, Report)],
    /// The Act form as shown: empty, started from a template, or as sent when the step
    /// was refused (nothing typed is lost, the action chosen stays chosen).
    pub draft: ActDraft,
    /// What a one-click judgement in the assistant's panel did, said there.
    pub done: Option<String>,
    pub names: &'a Names,
}

/// The staff report page's Act form: what it is sent as, and shown again with.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct ActDraft {
    pub action: String,
    pub text: String,
    /// The other report's reference, for a duplicate.
    pub other: String,
    /// The office, for a referral.
    pub office: String,
}

fn language_label(v: &View, l: Lang) -> &'static str {
    match l {
        Lang::English => v.t("English"),
        Lang::Swahili => v.t("Swahili"),
        Lang::Mixed => v.t("English and Swahili mixed"),
        Lang::Other => v.t("another language"),
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The assistant's suggestion on a staff report page, with the one-click decision.
/// A report the duplicate finder compared with `r`, as staff judge it: why it may be the
/// same (and, for one it did not offer, what it is about and says), what was judged, and
/// the judgements in one click each, on a line of their own: "The same problem" marks
/// `r` its duplicate (officers of `r`'s office, while `r` may become one), "Not the same
/// problem" and "Take back" keep a verdict (whoever decides `r`'s category).
fn judged_duplicate(
    v: &View,
    r: &Report,
    c: &Candidate,
    reference: &str,
    about: Option<&Report>,
    may: (bool, bool),
    csrf: &Markup,
) -> Markup {
    let (may_decide, may_mark) = may;
    // The answer opens at the panel, where its note says what was done.
    let triage = format!("/staff/reports/{}/triage#triage-title", r.reference);
    html! {
        a href={"/staff/reports/" (reference)} { (reference) } " · " (v.t("score")) " " (format!("{:.2}", c.score))
        @if let Some(m) = c.metres { " · " (format!("{m:.0}\u{a0}m")) }
        " · " (v.tn("{} day earlier", "{} days earlier", c.days.round() as u64))
        @if !c.shared.is_empty() { " · " (v.t("both name")) " " (concept_labels(v, &c.shared)) }
        @if let Some(other) = about {
            br;
            (category_name(v, v.protocol, &other.category)) ": "
            q { (crate::format::clipped(&other.text_public, 160)) }
        }
        @match c.verdict {
            Some(j) => {
                span.judge {
                    strong { @if j.same { (v.t("staff: the same problem")) } @else { (v.t("staff: another problem")) } } " (" (time(v, j.at)) ")"
                    @if c.not_offered { " · " (v.t("not offered by the assistant")) }
                    @if !j.same && may_decide {
                        " "
                        form.inline method="post" action=(triage) {
                            (csrf)
                            button type="submit" name="undo_not_duplicate" value=(reference) { (v.t("Take back")) }
                        }
                    }
                }
            }
            None => @if may_mark || may_decide {
                span.judge {
                    @if may_mark {
                        form.inline method="post" action={"/staff/reports/" (r.reference) "/act"} {
                            (csrf)
                            input type="hidden" name="action" value="duplicate";
                            button type="submit" name="other" value=(reference) { (v.t("The same problem")) }
                        }
                    }
                    @if may_decide {
                        form.inline method="post" action=(triage) {
                            (csrf)
                            button type="submit" name="not_duplicate" value=(reference) { (v.t("Not the same problem")) }
                        }
                    }
                }
            },
        }
    }
}

impl StaffReportPage<'_> {
    /// What the assistant suggested for the report, the other reports its duplicate finder
    /// compared, and the one-click decisions on them.
    fn triage_panel(
        &self,
        v: &View,
        t: &TriageRecord,
        may_decide: bool,
        may_mark: bool,
        csrf: &Markup,
    ) -> Markup {
        let (p, r) = (v.protocol, self.report);
        let action = format!("/staff/reports/{}/triage#triage-title", r.reference);
        let may = (may_decide, may_mark);
        html! {
        section.triage aria-labelledby="triage-title" {
            h2 #triage-title { (v.t("Assistant's suggestion")) }
            @if let Some(done) = &self.done { p.done role="status" { (done) } }
            p.hint { (v.t("The assistant suggests; you decide. How often it is right is published")) " " a href="/reports/triage" { (v.t("on the assistant's public page")) } "." }
            dl.facts {
                dt { (v.t("Category")) }
                dd { @if t.category.is_empty() { (v.t("no model trained yet")) } @else {
                    strong { (category_name(v, p, &t.category)) } " · " (v.t("confidence")) " " (percent(t.category_confidence))
                } }
                @if !t.office.is_empty() {
                    dt { (v.t("Office")) }
                    dd { (office_name(v, p, &t.office)) " · " (v.t("confidence")) " " (percent(t.office_confidence)) }
                }
                dt { (v.t("Language")) }
                dd { (language_label(v, t.language)) " · " (v.t("confidence")) " " (percent(t.language_confidence)) }
                dt { (v.t("Possible duplicates")) }
                dd { @if t.duplicates.is_empty() { (v.t("none found")) } @else { ul { @for (c, reference) in &t.duplicates {
                    li { (judged_duplicate(v, r, c, reference, None, may, csrf)) }
                } } } }
            }
            @if !self.compared.is_empty() {
                h3 { (v.t("Other earlier reports it compared")) }
                p.hint { (v.t("They scored too low to be offered. A duplicate you find here teaches the county's assistant what it misses.")) }
                ul.compared { @for (c, other) in self.compared {
                    li { (judged_duplicate(v, r, c, &other.reference, Some(other), may, csrf)) }
                } }
            }
            @match t.decision {
                Decision::Accepted | Decision::Overridden => {
                    p { strong { @if t.decision == Decision::Accepted { (v.t("Suggestion accepted")) } @else { (v.t("Another category chosen")) } }
                        ": " (category_name(v, p, &t.chosen)) @if let Some(at) = t.decided_at { ", " (time(v, at)) } }
                }
                _ => {
                    @if t.decision == Decision::Automatic {
                        p { strong { (v.t("Routed automatically by the assistant")) } ": " (category_name(v, p, &t.chosen)) }
                    }
                    @if may_decide {
                        @if !t.category.is_empty() && t.decision != Decision::Automatic {
                            form.inline method="post" action=(action) {
                                (csrf)
                                button type="submit" name="category" value=(t.category) { (v.t("Accept")) ": " (category_name(v, p, &t.category)) }
                            }
                        }
                        form.stack method="post" action=(action) {
                            (csrf)
                            label for="triage-category" { @if t.category.is_empty() { (v.t("Confirm the category")) } @else { (v.t("Or choose another category")) } }
                            select #triage-category name="category" {
                                @for (code, c) in &p.feedback.categories {
                                    option value=(code) selected[*code == r.category] { (c.name_in(v.lang.code())) }
                                }
                            }
                            button type="submit" { (v.t("Choose this category")) }
                        }
                    }
                }
            }
        }
        }
    }
}

impl WebPage for StaffReportPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        let r = self.report;
        let a = self.account;
        let moderator = matches!(a.role, Role::Moderator | Role::Admin);
        let officer =
            a.role == Role::Admin || (a.role == Role::Officer && a.offices.contains(&r.office));
        let csrf = html! { input type="hidden" name="csrf" value=(self.csrf); };
        Ok(layout(
            v,
            &r.reference,
            html! {
                p { a href="/staff/reports" { "← " (v.t("Reports to handle")) } }
                h1 { (r.reference) }
                @if let Some(m) = &self.message { p.alert role="alert" { (m) } }
                p { strong { (status_label(v, r.status)) } " · " (category_name(v, p, &r.category)) " · " (office_name(v, p, &r.office)) " · " (channel_label(v, &r.channel)) }
                h2 { (v.t("As sent")) }
                p.report-text { (r.text_original) }
                @if !r.text_public.is_empty() && r.text_public != r.text_original { h2 { (v.t("As published")) } p.report-text { (r.text_public) } }
                dl.facts {
                    dt { (v.t("Reporter")) } dd { @if r.is_anonymous() { (v.t("anonymous")) } @else { (r.reporter_name) " " (r.reporter_contact) } }
                    (self.names.facts(v, r))
                    @if let Some((la, lo)) = r.point { dt { (v.t("Place")) } dd { (format!("{la:.5}, {lo:.5}")) } }
                    (standard(v, p, r, "/staff/reports/"))
                }
                @if let Some(t) = self.triage {
                    (self.triage_panel(v, t, (moderator || officer) && crate::feedback::Feedback::may_decide(r.status),
                        officer && r.status.may_become().contains(&Status::Duplicate), &csrf))
                }
                @if r.photo != PhotoStatus::None {
                    h2 { (v.t("Photo")) }
                    p { (photo_label(v, r.photo))
                        @if let Some(reason) = Reason::parse(&r.photo_reason) { " (" (reason_label(v, reason)) ")" } }
                    figure.photo {
                        img src={"/staff/reports/" (r.reference) "/photo.jpg"} width=(r.photo_size.0) height=(r.photo_size.1)
                            alt=(v.tf("Photo sent with report {}", &r.reference));
                    }
                    @if moderator {
                        form.stack method="post" action={"/staff/reports/" (r.reference) "/photo"} {
                            (csrf)
                            @if r.photo != PhotoStatus::Approved {
                                button type="submit" name="decision" value="approve" { (v.t("Show the photo")) }
                            }
                            @if r.photo != PhotoStatus::Rejected {
                                label for="photo-reason" { (v.t("Reason (when not shown)")) }
                                select #photo-reason name="reason" {
                                    @for reason in Reason::ALL { option value=(reason.as_str()) { (reason_label(v, reason)) } }
                                }
                                button type="submit" name="decision" value="reject" { (v.t("Do not show the photo")) }
                            }
                        }
                    }
                }
                h2 { (v.t("History")) }
                (history(v, p, self.events, "/staff/reports/"))
                @if moderator {
                    @for e in self.events.iter().filter(|e| e.waits_for_moderation()) {
                        h2 { (v.t("Information added")) ", " (time(v, e.at)) ": " (v.t("Moderate")) }
                        p.report-text { (e.text) }
                        form.stack method="post" action={"/staff/reports/" (r.reference) "/info/" (e.id)} {
                            (csrf)
                            label for={"decision-" (e.id)} { (v.t("Decision")) }
                            select id={"decision-" (e.id)} name="decision" {
                                option value="publish" { (v.t("Publish as sent")) }
                                option value="publish_edited" { (v.t("Publish the edited text")) }
                                option value="reject" { (v.t("Do not publish")) }
                            }
                            label for={"text-" (e.id)} { (v.t("Text to publish (when edited)")) }
                            textarea id={"text-" (e.id)} name="text" rows="4" maxlength="2000" { (e.text) }
                            label for={"reason-" (e.id)} { (v.t("Reason (when edited or not published)")) }
                            select id={"reason-" (e.id)} name="reason" {
                                option value="" { "—" }
                                @for reason in Reason::ALL { option value=(reason.as_str()) { (reason_label(v, reason)) } }
                            }
                            button type="submit" { (v.t("Save the decision")) }
                        }
                    }
                }
                @if moderator && r.status == Status::Submitted {
                    h2 { (v.t("Moderate")) }
                    form.stack method="post" action={"/staff/reports/" (r.reference) "/moderate"} {
                        (csrf)
                        label for="decision" { (v.t("Decision")) }
                        select #decision name="decision" {
                            option value="publish" { (v.t("Publish as sent")) }
                            option value="publish_edited" { (v.t("Publish the edited text")) }
                            option value="reject" { (v.t("Do not publish")) }
                        }
                        label for="text" { (v.t("Text to publish (when edited)")) }
                        textarea #text name="text" rows="5" maxlength="2000" { (r.text_original) }
                        label for="reason" { (v.t("Reason (when edited or not published)")) }
                        select #reason name="reason" {
                            option value="" { "—" }
                            @for reason in Reason::ALL { option value=(reason.as_str()) { (reason_label(v, reason)) } }
                        }
                        button type="submit" { (v.t("Save the decision")) }
                    }
                }
                @if officer && r.status.is_public() && !r.status.may_become().is_empty() {
                    h2 { (v.t("Act")) }
                    form.stack method="post" action={"/staff/reports/" (r.reference) "/act"} {
                        (csrf)
                        label for="action" { (v.t("Action")) }
                        @let d = &self.draft;
                        select #action name="action" {
                            @for (action, label, allowed) in [
                                ("acknowledge", v.t("Acknowledge"), r.status.may_become().contains(&Status::Acknowledged)),
                                ("respond", v.t("Respond publicly"), true),
                                ("start", v.t("Set in progress"), r.status.may_become().contains(&Status::InProgress)),
                                ("resolve", v.t("Resolve"), r.status.may_become().contains(&Status::Resolved)),
                                ("close", v.t("Close without a fix"), r.status.may_become().contains(&Status::ClosedNotFixed)),
                                ("duplicate", v.t("Duplicate of another report"), r.status.may_become().contains(&Status::Duplicate)),
                                ("refer", v.t("Refer to another office"), true),
                            ] {
                                @if allowed { option value=(action) selected[d.action == action] { (label) } }
                            }
                        }
                        @let templates = p.category(&r.category).map_or(&[][..], |c| c.templates.as_slice());
                        @if !templates.is_empty() {
                            p #templates { (v.t("Start from a template:")) " "
                                @for (i, t) in templates.iter().enumerate() {
                                    (t.name_in(v.lang.code())) " ("
                                    a href={"/staff/reports/" (r.reference) "?template=" (i + 1) "&in=en#text"} { "English" } ", "
                                    a href={"/staff/reports/" (r.reference) "?template=" (i + 1) "&in=sw#text"} { "Kiswahili" } ")"
                                    @if i + 1 < templates.len() { "; " }
                                }
                            }
                        }
                        label for="text" { (v.t("Text for the public (required to respond, close or refer)")) }
                        textarea #text name="text" rows="4" maxlength="2000" { (d.text) }
                        label for="other" { (v.t("The other report's reference (for a duplicate)")) }
                        input #other type="text" name="other" maxlength="40" value=(d.other);
                        label for="office" { (v.t("Office (for a referral)")) }
                        select #office name="office" {
                            option value="" { "—" }
                            @for code in p.offices.keys() { option value=(code) selected[d.office == *code] { (office_name(v, p, code)) } }
                        }
                        button type="submit" { (v.t("Save")) }
                    }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        super::staff_pages::form_status(self.message.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// Following a report: a confirmation, since it makes a tracking link.
pub struct FollowPage<'a> {
    pub report: &'a Report,
    pub token: &'a str,
}

impl WebPage for FollowPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let r = self.report;
        Ok(layout(
            v,
            v.t("Follow this report"),
            html! {
                h1 { (v.t("Follow this report")) " " (r.reference) }
                p.report-text { (r.text_public) }
                p { (v.t("You get a private link to its progress. Nothing about you is asked or kept.")) }
                form.stack method="post" action={"/reports/" (r.reference) "/follow"} {
                    input type="hidden" name="token" value=(self.token);
                    button type="submit" { (v.t("Follow this report")) }
                }
            },
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// Staff taking a report for someone at the counter, on the phone, at a customer-care
/// desk or from an SMS: the same report, with the channel recorded.
pub struct TakePage<'a> {
    pub csrf: &'a str,
    pub wards: &'a [(String, String)],
    pub filed: Option<(String, String)>,
    pub error: Option<String>,
    /// The largest photo accepted, in bytes (`feedback.photo_max_bytes`).
    pub photo_limit: u64,
}

impl WebPage for TakePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        Ok(layout(
            v,
            v.t("Take a report for someone"),
            html! {
                p { a href="/staff/reports" { "← " (v.t("Reports to handle")) } }
                h1 { (v.t("Take a report for someone")) }
                @if let Some((reference, link)) = &self.filed {
                    div.alert role="status" {
                        p { (v.t("Your report is")) " " strong.reference { (reference) } "." }
                        p { (v.t("Give the person the reference and this private link (by SMS or on paper):")) " " code.tracking { (link) } }
                    }
                }
                @if let Some(e) = &self.error { p.alert role="alert" { (e) } }
                form.stack method="post" action="/staff/reports/new" enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(self.csrf);
                    label for="channel" { (v.t("How it came")) }
                    select #channel name="channel" {
                        option value="counter" { (v.t("at the counter")) }
                        option value="phone" { (v.t("by phone")) }
                        option value="desk" { (v.t("at a customer-care desk")) }
                        option value="sms" { (v.t("by SMS")) }
                    }
                    label for="category" { (v.t("What is it about?")) }
                    select #category name="category" required {
                        @for (code, c) in &p.feedback.categories { option value=(code) { (c.name_in(v.lang.code())) } }
                    }
                    label for="text" { (v.t("Describe it (at most 2,000 characters)")) }
                    textarea #text name="text" rows="6" maxlength="2000" required {}
                    label for="project" { (v.t("Project code (if it is about one)")) }
                    input #project type="text" name="project" maxlength="40";
                    label for="ward" { (v.t("Ward")) }
                    select #ward name="ward" {
                        option value="" { (v.t("Choose…")) }
                        @for (code, name) in self.wards { option value=(code) { (name) " (" (code) ")" } }
                    }
                    label for="photo" { (v.t("A photo (optional)")) }
                    input #photo type="file" name="photo" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-hint";
                    p #photo-hint .hint { (v.tf("JPEG, PNG or WebP, at most {}. A moderator checks it before anyone else sees it; the place and camera details stored in the file are removed.", megabytes(self.photo_limit))) }
                    label for="name" { (v.t("Their name (optional, never published)")) }
                    input #name type="text" name="name" maxlength="100";
                    label for="contact" { (v.t("Their phone number or e-mail (optional, never published)")) }
                    input #contact type="text" name="contact" maxlength="200";
                    button type="submit" { (v.t("Send the report")) }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        super::staff_pages::form_status(self.error.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// `/reports/triage`: what the assistant does and does not do, and how well.
pub struct TriagePage<'a> {
    pub model: Option<&'a crate::triage::Model>,
    pub evaluation: Option<&'a Evaluation>,
    /// Last calendar month's decisions, and its first day.
    pub last_month: (chrono::NaiveDate, TriageStats),
    /// The last month had none, so `last_month` is the latest month that had any.
    pub latest_with_any: bool,
}

impl WebPage for TriagePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let p = v.protocol;
        let auto = p.feedback.triage.automatic_above;
        let (month, s) = &self.last_month;
        let decided = s.accepted + s.overridden;
        Ok(layout(
            v,
            v.t("How reports are triaged"),
            html! {
                h1 { (v.t("How reports are triaged")) }
                p { (v.t("When a report comes in, an assistant running on the county's own server suggests its category and the office that should answer it, says how sure it is, notes the report's language, and points to earlier reports that may be about the same problem. Moderators and officers see the suggestion and decide with one click; what they decide is recorded.")) }
                h2 { (v.t("What it does not do")) }
                ul {
                    li { (v.t("It does not reject, hide, edit or answer any report.")) }
                    li { (v.t("It does not read names, phone numbers or e-mail addresses, and it sends nothing to anyone: the model is a file on the county's server.")) }
                    @match auto {
                        None => li { (v.t("It does not route reports by itself: a person decides every category.")) }
                        Some(t) => li { (v.tf("It routes a report by itself only when it is at least {} sure; the report's history then says so, and staff may still change it.", percent(t))) }
                    }
                }
                h2 { (v.t("The model")) }
                @match self.model {
                    None => p { (v.t("No model has been trained yet: reports get their language and possible duplicates only.")) }
                    Some(m) => dl.facts {
                        dt { (v.t("Version")) } dd { (m.version) " (" (m.method) ")" }
                        dt { (v.t("Trained on")) } dd { (time(v, m.trained_at)) ", " (v.tn("{} report whose category staff confirmed", "{} reports whose category staff confirmed", m.trained_on as u64)) }
                        dt { (v.t("Held-out reports")) } dd { (v.tn("{} report kept apart from training", "{} reports kept apart from training", m.held_out.reports as u64)) ": " (v.t("accuracy")) " " (percent(m.held_out.accuracy)) ", " (v.t("macro F1")) " " (format!("{:.2}", m.held_out.macro_f1)) }
                        dt { (v.t("Possible duplicates")) }
                        dd { @match &m.duplicates {
                            None => (v.t("scored as shipped: staff have not yet judged enough possible duplicates to fit the finder on this county's verdicts")),
                            Some(f) => {
                                (v.tn("fitted on {} verdict of staff", "fitted on {} verdicts of staff", f.verdicts as u64)) "; " (v.t("on verdicts held out")) ": " (v.t("precision")) " " (percent(f.held_out.0)) ", " (v.t("recall")) " " (percent(f.held_out.1))
                                " (" (v.t("as shipped")) ": " (percent(f.shipped.0)) ", " (percent(f.shipped.1)) "). "
                                @if f.adopted { (v.t("In use.")) } @else { (v.t("Not in use: the finder as shipped did as well.")) }
                            }
                        } }
                    }
                }
                @if let Some(e) = self.evaluation {
                    h2 { (v.t("Measured on hand-written reports")) }
                    p { (v.t("A set of reports written the way residents write (English, Swahili, mixed, with typos), never used for training, is kept with the source code.")) }
                    dl.facts {
                        @if let Some(c) = &e.categories {
                            dt { (v.t("Category")) } dd { (v.tn("{} report", "{} reports", c.reports as u64)) ": " (v.t("accuracy")) " " (percent(c.accuracy)) ", " (v.t("macro F1")) " " (format!("{:.2}", c.macro_f1)) }
                        }
                        dt { (v.t("Language")) } dd { (v.t("accuracy")) " " (percent(e.language_accuracy)) }
                        dt { (v.t("Possible duplicates")) } dd { (v.tn("{} labelled pair", "{} labelled pairs", e.duplicates.pairs as u64)) ": " (v.t("precision")) " " (percent(e.duplicates.precision)) ", " (v.t("recall")) " " (percent(e.duplicates.recall)) }
                    }
                }
                h2 { (v.tf("Decisions in {}", v.lang.month(*month))) }
                @if self.latest_with_any {
                    p { (v.t("The assistant made no suggestions last month; these are of the latest month in which it made any.")) }
                }
                @if s.suggested == 0 {
                    p { (v.t("No suggestions were made that month.")) }
                } @else {
                    dl.facts {
                        dt { (v.t("Suggestions")) } dd { (s.suggested) }
                        dt { (v.t("Accepted by staff")) } dd { (s.accepted) @if decided > 0 { " (" (percent(s.accepted as f64 / decided as f64)) " " (v.t("of those decided")) ")" } }
                        dt { (v.t("Another category chosen")) } dd { (s.overridden) }
                        dt { (v.t("Routed automatically")) } dd { (s.automatic) }
                        dt { (v.t("Not decided yet")) } dd { (s.suggested - decided - s.automatic) }
                    }
                }
                @if s.duplicates_offered == 0 && s.duplicates_missed == 0 {
                    p { (v.t("No possible duplicates were offered or found that month.")) }
                } @else {
                    dl.facts {
                        dt { (v.t("Possible duplicates offered")) } dd { (s.duplicates_offered) }
                        dt { (v.t("Judged the same problem by staff")) } dd { (s.duplicates_same) }
                        dt { (v.t("Judged another problem by staff")) } dd { (s.duplicates_other) }
                        dt { (v.t("Duplicates staff found that the assistant had not offered")) } dd { (s.duplicates_missed) }
                    }
                }
                p { (v.t("Every month's reports are published with the suggested category, whether staff accepted it and whether the routing was automatic:")) " " a href="/datasets?kind=feedback" { (v.t("citizen reports")) } "." }
            },
        ))
    }
}
