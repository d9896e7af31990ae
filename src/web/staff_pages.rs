//! The staff workspace's pages: signing in, the home page, accounts, publishing (the
//! upload form, the check's progress and its report), publishing a month of citizen
//! reports as data, and the audit trail. Phone-first like the public site, in English
//! and Swahili; never cached; every form that changes something carries the session's
//! CSRF token.

use maud::{Markup, html};

use super::cache::CachePolicy;
use super::error::WebError;
use super::extract::WebPage;
use super::i18n::{Lang, sentence};
use super::pages::{View, layout};
use crate::staff::uploads::{Choice, UploadStatus};
use crate::staff::{Account, AuditFilter, AuditRow, Role, Upload};

/// Issues of a check's report per page.
pub const ISSUES_PAGE: usize = 50;
/// Rows of the audit trail per page.
pub const AUDIT_PAGE: i64 = 100;

/// A form page's status: 400 when it comes back with a problem to fix, else 200.
pub(super) fn form_status(has_problem: bool) -> axum::http::StatusCode {
    if has_problem {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    }
}

fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// The workspace's own menu, with sign-out (a form: it changes something).
fn staff_nav(v: &View, account: &Account, csrf: &str) -> Markup {
    html! {
        nav.staff aria-label=(v.t("Staff workspace")) {
            a href="/staff" { (v.t("Workspace")) }
            @if account.role == Role::Admin || account.role == Role::Publisher {
                " · " a href="/staff/publish" { (v.t("Publish")) }
            }
            @if account.role != Role::Publisher {
                " · " a href="/staff/reports" { (v.t("Reports")) }
            }
            @if matches!(account.role, Role::Admin | Role::Moderator) {
                " · " a href="/staff/feedback" { (v.t("Publish reports as data")) }
            }
            @if account.role == Role::Admin {
                " · " a href="/staff/accounts" { (v.t("Accounts")) }
                " · " a href="/staff/keys" { (v.t("API keys")) }
                " · " a href="/staff/audit" { (v.t("Audit trail")) }
            }
            " · " a href="/staff/password" { (v.t("Change password")) }
            form.inline method="post" action="/staff/sign-out" {
                (csrf_field(csrf))
                button type="submit" { (v.t("Sign out")) " (" (account.email) ")" }
            }
        }
    }
}

fn staff_layout(v: &View, title: &str, account: &Account, csrf: &str, body: Markup) -> Markup {
    layout(
        v,
        title,
        html! {
            (staff_nav(v, account, csrf))
            (body)
        },
    )
}

fn notice(message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message { p.alert role="alert" { (m) } }
    }
}

pub struct SignInPage<'a> {
    pub email: &'a str,
    pub next: &'a str,
    pub token: &'a str,
    pub error: Option<String>,
    pub status: axum::http::StatusCode,
    /// What was typed in a form sent after the session had ended (not saved), shown to
    /// copy and send again once signed in.
    pub kept: Option<&'a str>,
}

impl WebPage for SignInPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(layout(
            v,
            v.t("Staff sign-in"),
            html! {
                h1 { (v.t("Staff sign-in")) }
                p { (v.t("For the officers who publish data and answer the public. Citizens do not need an account.")) }
                // "anwani ya barua pepe au nenosiri si sahihi", alone: a sentence.
                (notice(self.error.as_deref().map(sentence).as_deref()))
                form.stack method="post" action="/staff/sign-in" {
                    input type="hidden" name="token" value=(self.token);
                    input type="hidden" name="next" value=(self.next);
                    label for="email" { (v.t("E-mail address")) }
                    input #email type="email" name="email" value=(self.email) autocomplete="username" required;
                    label for="password" { (v.t("Password")) }
                    input #password type="password" name="password" autocomplete="current-password" required;
                    button type="submit" { (v.t("Sign in")) }
                }
                @if let Some(kept) = self.kept {
                    label for="kept" { (v.t("What you wrote (not saved), to copy")) }
                    textarea #kept.kept readonly rows="6" { (kept) }
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

pub struct PasswordPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub error: Option<String>,
}

impl WebPage for PasswordPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(staff_layout(
            v,
            v.t("Change password"),
            self.account,
            self.csrf,
            html! {
                h1 { (v.t("Change password")) }
                @if self.account.must_change {
                    p.alert { (v.t("You signed in with a one-time password. Choose your own before you go on.")) }
                }
                (notice(self.error.as_deref().map(sentence).as_deref()))
                form.stack method="post" action="/staff/password" {
                    (csrf_field(self.csrf))
                    label for="current" { (v.t("Current password")) }
                    input #current type="password" name="current" autocomplete="current-password" required;
                    label for="new" { (v.t("New password (at least 12 characters)")) }
                    input #new type="password" name="new" autocomplete="new-password" minlength="12" required;
                    label for="again" { (v.t("New password again")) }
                    input #again type="password" name="again" autocomplete="new-password" minlength="12" required;
                    button type="submit" { (v.t("Save password")) }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        form_status(self.error.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

pub struct HomePage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub uploads: &'a [Upload],
}

fn status_label(v: &View, s: UploadStatus) -> &'static str {
    upload_status_word(v.lang, s)
}

/// An upload's status in `lang`'s words (in a page's text and in a refusal's figures).
pub fn upload_status_word(lang: Lang, s: UploadStatus) -> &'static str {
    match s {
        UploadStatus::Receiving => lang.t("receiving"),
        UploadStatus::Checking => lang.t("checking"),
        UploadStatus::Checked => lang.t("checked: ready to publish"),
        UploadStatus::Rejected => lang.t("rejected: errors found"),
        UploadStatus::Failed => lang.t("failed"),
        UploadStatus::Publishing => lang.t("publishing"),
        UploadStatus::Published => lang.t("published"),
        UploadStatus::Unchanged => lang.t("unchanged: same as the latest version"),
        UploadStatus::Abandoned => lang.t("abandoned"),
    }
}

fn role_label(v: &View, r: Role) -> &'static str {
    role_word(v.lang, r)
}

/// A role in `lang`'s words (in a page's text and in a refusal's figures).
pub fn role_word(lang: Lang, r: Role) -> &'static str {
    match r {
        Role::Admin => lang.t("admin"),
        Role::Publisher => lang.t("publisher"),
        Role::Officer => lang.t("officer"),
        Role::Moderator => lang.t("moderator"),
    }
}

fn time(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// An account's offices by their names in the reader's language ("Idara ya Barabara na
/// Ujenzi"), where the staff home showed their codes ("roads-works").
fn office_names(v: &View, offices: &[String]) -> String {
    offices
        .iter()
        .map(|o| super::feedback_pages::office_name(v, v.protocol, o))
        .collect::<Vec<_>>()
        .join(", ")
}

impl WebPage for HomePage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let a = self.account;
        Ok(staff_layout(
            v,
            v.t("Staff workspace"),
            a,
            self.csrf,
            html! {
                h1 { (v.t("Staff workspace")) }
                p { (a.name) " · " (role_label(v, a.role))
                    @if !a.offices.is_empty() { " · " (v.t("Offices")) ": " (office_names(v, &a.offices)) } }
                @if a.role == Role::Admin || a.role == Role::Publisher {
                    p { a.button href="/staff/publish" { (v.t("Publish a month's export")) } }
                    h2 { (v.t("Recent uploads")) }
                    @if self.uploads.is_empty() { p { (v.t("No uploads yet.")) } }
                    @else {
                        ul.uploads { @for u in self.uploads {
                            li { a href={"/staff/uploads/" (u.id)} { (u.pipeline) } " · "
                                @if !u.dataset.is_empty() { (u.dataset) " · " }
                                (status_label(v, u.status)) " · " (time(u.created_at)) }
                        } }
                    }
                }
                @if a.role != Role::Publisher {
                    p { a.button href="/staff/reports" { (v.t("Reports to handle")) } }
                }
                @if matches!(a.role, Role::Admin | Role::Moderator) {
                    p { a.button href="/staff/feedback" { (v.t("Publish reports as data")) } }
                }
            },
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

pub struct AccountsPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub accounts: &'a [Account],
    pub offices: Vec<(&'a str, &'a str)>,
    /// Just made or reset: the e-mail and its one-time password, shown once.
    pub one_time: Option<(String, String)>,
    pub message: Option<String>,
}

impl WebPage for AccountsPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(staff_layout(
            v,
            v.t("Accounts"),
            self.account,
            self.csrf,
            html! {
                h1 { (v.t("Accounts")) }
                (notice(self.message.as_deref()))
                @if let Some((email, password)) = &self.one_time {
                    div.alert role="status" {
                        p { (v.t("One-time password for")) " " strong { (email) } ": " code.password { (password) } }
                        p { (v.t("It is shown only now. Give it to the person in private; they must choose their own at the first sign-in.")) }
                    }
                }
                div.wide tabindex="0" { table {
                    thead { tr { th { (v.t("E-mail")) } th { (v.t("Name")) } th { (v.t("Role")) } th { (v.t("Offices")) } th { (v.t("State")) } th { (v.t("Actions")) } } }
                    tbody { @for a in self.accounts { tr {
                        td { (a.email) } td { (a.name) } td { (role_label(v, a.role)) } td { (a.offices.join(" ")) }
                        td { @if a.disabled { (v.t("disabled")) } @else if a.must_change { (v.t("one-time password")) } @else { (v.t("active")) } }
                        td {
                            form.inline method="post" action={"/staff/accounts/" (a.id) "/" (if a.disabled { "enable" } else { "disable" })} {
                                (csrf_field(self.csrf))
                                button type="submit" { @if a.disabled { (v.t("Enable")) } @else { (v.t("Disable")) } }
                            }
                            form.inline method="post" action={"/staff/accounts/" (a.id) "/reset"} {
                                (csrf_field(self.csrf))
                                button type="submit" { (v.t("Reset password")) }
                            }
                            details.inline {
                                summary { (v.t("Change role")) }
                                form.stack method="post" action={"/staff/accounts/" (a.id) "/role"} {
                                    (csrf_field(self.csrf))
                                    label for={"role-" (a.id)} { (v.t("Role")) }
                                    select id={"role-" (a.id)} name="role" { @for r in Role::ALL { option value=(r.as_str()) selected[r == a.role] { (role_label(v, r)) } } }
                                    label for={"offices-" (a.id)} { (v.t("Offices (codes, separated by spaces)")) }
                                    input id={"offices-" (a.id)} type="text" name="offices" value=(a.offices.join(" ")) list="office-codes";
                                    button type="submit" { (v.t("Save")) }
                                }
                            }
                        }
                    } } }
                } }
                h2 { (v.t("Add an account")) }
                form.stack method="post" action="/staff/accounts" {
                    (csrf_field(self.csrf))
                    label for="email" { (v.t("E-mail address")) }
                    input #email type="email" name="email" required;
                    label for="name" { (v.t("Name")) }
                    input #name type="text" name="name" maxlength="100" required;
                    label for="role" { (v.t("Role")) }
                    select #role name="role" { @for r in Role::ALL { option value=(r.as_str()) { (role_label(v, r)) } } }
                    label for="offices" { (v.t("Offices (codes, separated by spaces)")) }
                    input #offices type="text" name="offices" list="office-codes";
                    datalist #office-codes { @for (code, name) in &self.offices { option value=(code) { (name) } } }
                    p.hint { @for (code, name) in &self.offices { code { (code) } " " (name) br; } }
                    button type="submit" { (v.t("Add account")) }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        form_status(self.message.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

pub struct PublishPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub choices: &'a [Choice],
    pub max_bytes: u64,
}

impl WebPage for PublishPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let mb = self.max_bytes / (1024 * 1024);
        Ok(staff_layout(
            v,
            v.t("Publish"),
            self.account,
            self.csrf,
            html! {
                h1 { (v.t("Publish")) }
                p { (v.t("Upload the export as the office's system wrote it. It is checked first, exactly as the command line does; you read the report and publish only if it passed.")) }
                @if self.choices.is_empty() {
                    p.alert { (v.t("Your account may not publish any dataset. An administrator can add your office.")) }
                } @else {
                    // The token and the pipeline come before the files: the server reads
                    // the form in order and refuses the files of a form without a token.
                    form.stack method="post" action="/staff/publish" enctype="multipart/form-data" {
                        (csrf_field(self.csrf))
                        label for="pipeline" { (v.t("What the files are")) }
                        select #pipeline name="pipeline" required {
                            @for c in self.choices { option value=(c.file) { (pipeline_label(v, c)) } }
                        }
                        label for="period" { (v.t("Period (e.g. 2025-09); leave empty to take it from the rows")) }
                        input #period type="text" name="period" maxlength="20" pattern="[0-9A-Za-z-]*";
                        label for="note" { (v.t("Note (required when you correct a published version)")) }
                        textarea #note name="note" maxlength="2000" rows="3" {}
                        label for="files" { (v.tf("Files (at most {} MB in all)", mb)) }
                        input #files type="file" name="files" multiple required;
                        button type="submit" { (v.t("Upload and check")) }
                    }
                }
            },
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

pub struct UploadPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub upload: &'a Upload,
    /// Rows read so far, while the check runs.
    pub progress: Option<u64>,
    /// The saved report, once the check ended.
    pub report: Option<&'a serde_json::Value>,
    pub page: usize,
    /// A restatement: the dataset already has a version, so a note is required.
    pub restates: Option<u32>,
}

impl UploadPage<'_> {
    fn issues(&self) -> &[serde_json::Value] {
        self.report
            .and_then(|r| r.get("issues"))
            .and_then(|i| i.as_array())
            .map_or(&[], Vec::as_slice)
    }
}

fn text<'a>(issue: &'a serde_json::Value, key: &str) -> &'a str {
    issue.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

/// A pipeline as a publisher picks it: in English its own title; in another language the
/// title of the dataset kind it makes, in that language. The spec's file name follows, as
/// a code.
fn pipeline_label(v: &View, c: &Choice) -> String {
    let title = match v.protocol.kind(&c.spec.kind) {
        Ok(kind) if v.lang != super::i18n::Lang::En => kind.title(v.lang.code()).to_string(),
        _ => c.spec.title.clone(),
    };
    format!("{title} ({})", c.file)
}

/// Where an issue is: `line 4`, `row 12`, `feature 3`, in the reader's language.
fn place(v: &View, issue: &serde_json::Value) -> String {
    let places = [
        ("line", v.t("line {}")),
        ("row", v.t("row {}")),
        ("feature", v.t("feature {}")),
    ];
    for (key, label) in places {
        if let Some(n) = issue.get(key).and_then(serde_json::Value::as_u64) {
            return label
                .replacen("{}", &crate::format::thousands(n), 1)
                .replace(' ', "\u{a0}");
        }
    }
    String::new()
}

/// An issue's severity in the reader's language.
fn severity(v: &View, issue: &serde_json::Value) -> String {
    match text(issue, "severity") {
        "error" => v.t("error").to_string(),
        "warning" => v.t("warning").to_string(),
        other => other.to_string(),
    }
}

impl WebPage for UploadPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let u = self.upload;
        let issues = self.issues();
        let pages = issues.len().div_ceil(ISSUES_PAGE).max(1);
        if self.page > pages {
            return Err(WebError::BadRequest(format!(
                "page {} is past the last page of issues, {pages}",
                self.page
            )));
        }
        let shown =
            &issues[(self.page - 1) * ISSUES_PAGE..issues.len().min(self.page * ISSUES_PAGE)];
        let total = u.error_count + u.warning_count;
        let body = html! {
            @if u.status.is_running() {
                // Without JavaScript the page reloads itself while the check runs.
                meta http-equiv="refresh" content="2";
            }
            h1 { (v.t("Upload")) " · " code { (u.pipeline) } }
            p { strong { (status_label(v, u.status)) }
                @if !u.dataset.is_empty() { " · " (v.t("Dataset")) " " code { (u.dataset) } } }
            // What the check or the store said (a file it cannot read), in English as the
            // command line says it.
            @if !u.message.is_empty() { p.alert role="alert" lang=[(v.lang != Lang::En).then_some("en")] { (u.message) } }
            ul { @for f in &u.files { li { (f.name) " · " (v.tn("{} byte", "{} bytes", f.bytes)) @if !f.sha256.is_empty() { " · sha256 " code { (&f.sha256[..16.min(f.sha256.len())]) "…" } } } } }
            @if u.status.is_running() {
                p role="status" aria-live="polite" #progress data-upload=(u.id) {
                    (v.t("Rows read so far")) ": " span #rows { (crate::format::number(self.progress.unwrap_or(u.rows_read as u64) as f64)) }
                }
                noscript { p { (v.t("This page reloads every two seconds until the check ends.")) } }
                script src=(super::assets::staff_js_path()) defer {}
            } @else if self.report.is_some() {
                h2 { (v.t("The check")) }
                p { (v.tn("{} row read", "{} rows read", u.rows_read as u64)) ", "
                    (v.tf("{} valid", crate::format::number(u.rows_valid as f64))) "; "
                    (v.tn("{} error", "{} errors", u.error_count as u64)) ", "
                    (v.tn("{} warning", "{} warnings", u.warning_count as u64)) }
                @if total > issues.len() as i64 {
                    p { (v.tf("The first {} issues are listed; fix them and upload again to see the rest.", issues.len())) }
                }
                @if u.status == UploadStatus::Checked {
                    form.stack method="post" action={"/staff/uploads/" (u.id) "/publish"} {
                        (csrf_field(self.csrf))
                        @if let Some(latest) = self.restates {
                            p.alert { (v.tf("This corrects a published dataset (latest version {}). Say why in the note; readers see it.", latest)) }
                        }
                        label for="note" { (v.t("Note")) }
                        textarea #note name="note" maxlength="2000" rows="3" required[self.restates.is_some()] { (u.note) }
                        button type="submit" { (v.t("Publish")) }
                    }
                }
                @if u.status == UploadStatus::Published {
                    p { a href={"/datasets/" (u.dataset) "/v/" (u.version)} { (v.t("See the published version")) " " (u.dataset) " v" (u.version) } }
                }
                @if !shown.is_empty() {
                    @if v.lang != super::i18n::Lang::En {
                        p.hint { (v.t("The problem and what to do are written in English, as the checking program reports them.")) }
                    }
                    // One card per issue on a phone, a table on a wider screen.
                    table.cards.issues {
                        caption { (v.t("Issues found")) }
                        thead { tr { th scope="col" { (v.t("Severity")) } th scope="col" { (v.t("File")) } th scope="col" { (v.t("Where")) } th scope="col" { (v.t("Column")) } th scope="col" { (v.t("Value")) } th scope="col" { (v.t("Rule")) } th scope="col" { (v.t("Problem")) } th scope="col" { (v.t("What to do")) } } }
                        tbody { @for i in shown { tr {
                            td { (severity(v, i)) }
                            td data-label=(v.t("File")) { (text(i, "file").rsplit('/').next().unwrap_or("")) }
                            td data-label=(v.t("Where")) { (place(v, i)) }
                            td data-label=(v.t("Column")) { (text(i, "column")) @if !text(i, "field").is_empty() && text(i, "field") != text(i, "column") { " → " (text(i, "field")) } }
                            td data-label=(v.t("Value")) { code { (text(i, "value")) } }
                            td data-label=(v.t("Rule")) { code { (text(i, "rule")) } }
                            td data-label=(v.t("Problem")) { span lang="en" { (text(i, "message")) } }
                            td data-label=(v.t("What to do")) { span lang="en" { (text(i, "hint")) } }
                        } } }
                    }
                    @if pages > 1 {
                        nav.pager aria-label=(v.t("Pages")) {
                            @if self.page > 1 { a href={"?page=" (self.page - 1)} rel="prev" { "← " (v.t("Previous")) } " " }
                            (v.t("page")) " " (self.page) " / " (pages)
                            @if self.page < pages { " " a href={"?page=" (self.page + 1)} rel="next" { (v.t("Next")) " →" } }
                        }
                    }
                }
            }
            @if !matches!(u.status, UploadStatus::Published | UploadStatus::Publishing | UploadStatus::Abandoned) {
                form.inline method="post" action={"/staff/uploads/" (u.id) "/abandon"} {
                    (csrf_field(self.csrf))
                    button type="submit" { (v.t("Abandon this upload")) }
                }
            }
        };
        Ok(staff_layout(
            v,
            v.t("Upload"),
            self.account,
            self.csrf,
            body,
        ))
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

pub struct AuditPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub rows: &'a [AuditRow],
    pub filter: &'a AuditFilter,
    /// The filter as a query string, for the CSV link and the pager.
    pub query: &'a str,
    pub page: i64,
    pub total: i64,
}

impl WebPage for AuditPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        let f = self.filter;
        let pages = ((self.total + AUDIT_PAGE - 1) / AUDIT_PAGE).max(1);
        let day = |t: Option<i64>| {
            t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        Ok(staff_layout(
            v,
            v.t("Audit trail"),
            self.account,
            self.csrf,
            html! {
                h1 { (v.t("Audit trail")) }
                p { (v.t("Every sign-in, account change, check and publish, oldest kept forever. Each row carries the hash of the one before it; `disclose staff verify-audit` checks the chain.")) }
                form.filters method="get" action="/staff/audit" {
                    div { label for="actor" { (v.t("Who")) } input #actor type="text" name="actor" value=(f.actor.as_deref().unwrap_or("")); }
                    div { label for="action" { (v.t("Action")) } input #action type="text" name="action" value=(f.action.as_deref().unwrap_or("")) placeholder="sign_in"; }
                    div { label for="target" { (v.t("On what")) } input #target type="text" name="target" value=(f.target.as_deref().unwrap_or("")); }
                    div { label for="outcome" { (v.t("Outcome")) } select #outcome name="outcome" {
                        option value="" { (v.t("all")) }
                        @for o in ["ok", "refused", "failed"] { option value=(o) selected[f.outcome.as_deref() == Some(o)] { (o) } }
                    } }
                    div { label for="since" { (v.t("From")) } input #since type="date" name="since" value=(day(f.since)); }
                    div { label for="until" { (v.t("Until")) } input #until type="date" name="until" value=(day(f.until.map(|u| u - 86_400))); }
                    button type="submit" { (v.t("Show")) }
                }
                p { (v.tn("{} row", "{} rows", self.total as u64)) " · "
                    a href={"/staff/audit.csv?" (self.query)} download { (v.t("Download as CSV")) } }
                div.wide tabindex="0" { table {
                    thead { tr { th { "#" } th { (v.t("When")) } th { (v.t("Who")) } th { (v.t("From")) } th { (v.t("Action")) } th { (v.t("On what")) } th { (v.t("Outcome")) } th { (v.t("Detail")) } } }
                    tbody { @for r in self.rows { tr {
                        td { (r.seq) } td { (r.time()) } td { (r.actor) } td { (r.address) } td { code { (r.action) } } td { (r.target) } td { (r.outcome) } td { (r.detail) }
                    } } }
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

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// Admins: the API keys of programs that file reports through Open311.
pub struct KeysPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    pub keys: &'a [crate::staff::keys::ApiKey],
    /// Just issued: shown once.
    pub issued: Option<String>,
    pub message: Option<String>,
}

impl WebPage for KeysPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        Ok(staff_layout(
            v,
            v.t("API keys"),
            self.account,
            self.csrf,
            html! {
                h1 { (v.t("API keys")) }
                p { (v.t("For programs that file reports through Open311 (/open311/v2/): an SMS or USSD gateway, a call-centre tool, a kiosk.")) }
                (notice(self.message.as_deref()))
                @if let Some(key) = &self.issued {
                    div.alert role="status" {
                        p { (v.t("The new key, shown only now:")) " " code.password { (key) } }
                    }
                }
                div.wide tabindex="0" { table {
                    thead { tr { th { "#" } th { (v.t("What uses it")) } th { (v.t("Issued by")) } th { (v.t("When")) } th { (v.t("State")) } th { (v.t("Actions")) } } }
                    tbody { @for k in self.keys { tr {
                        td { (k.id) } td { (k.label) } td { (k.created_by) } td { (time(k.created_at)) }
                        td { @if k.revoked { (v.t("revoked")) } @else { (v.t("active")) } }
                        td { @if !k.revoked {
                            form.inline method="post" action={"/staff/keys/" (k.id) "/revoke"} {
                                (csrf_field(self.csrf))
                                button type="submit" { (v.t("Revoke")) }
                            }
                        } }
                    } } }
                } }
                h2 { (v.t("Issue a key")) }
                form.stack method="post" action="/staff/keys" {
                    (csrf_field(self.csrf))
                    label for="label" { (v.t("What uses it")) }
                    input #label type="text" name="label" maxlength="100" required;
                    button type="submit" { (v.t("Issue")) }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        form_status(self.message.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}

/// Publishing a month's citizen reports as the `feedback` dataset: pick a finished month,
/// add a note when it restates a published one.
pub struct FeedbackPublishPage<'a> {
    pub account: &'a Account,
    pub csrf: &'a str,
    /// Finished months, newest first, each with the dataset and its latest version.
    pub months: &'a [(String, String, Option<u32>)],
    /// The month picked, and the note typed, when the page comes back.
    pub period: &'a str,
    pub note: &'a str,
    pub done: Option<crate::feedback::export::Published>,
    pub error: Option<String>,
}

impl WebPage for FeedbackPublishPage<'_> {
    fn render(&self, v: &View) -> Result<Markup, WebError> {
        use crate::feedback::export::Published;
        let link = |dataset: &str, version: u32| {
            html! { a href={"/datasets/" (dataset) "/v/" (version)} { code { (dataset) } " v" (version) } }
        };
        Ok(staff_layout(
            v,
            v.t("Publish reports as data"),
            self.account,
            self.csrf,
            html! {
                h1 { (v.t("Publish reports as data")) }
                p { (v.t("Once a month is over, its reports are published as a dataset: category, office, ward and project, dates received, acknowledged and resolved, days taken against the service standard, the published text and the public responses. Reporters' names and contacts are never in it, and the places of reports not on a project are rounded.")) }
                p { (v.t("Publishing a month again after its reports changed (a report resolved since, say) makes a new version of it; say why in the note.")) }
                @match &self.done {
                    Some(Published::Published { dataset, version, rows }) => {
                        p.alert role="status" { (v.t("Published")) " " (link(dataset, *version)) " · " (v.tn("{} row", "{} rows", *rows)) }
                    }
                    Some(Published::Unchanged { dataset, version }) => {
                        p.alert role="status" { (v.t("Nothing to publish: the month's reports are as in")) " " (link(dataset, *version)) }
                    }
                    None => {}
                }
                (notice(self.error.as_deref()))
                form.stack method="post" action="/staff/feedback" {
                    (csrf_field(self.csrf))
                    label for="period" { (v.t("Month")) }
                    select #period name="period" required {
                        @for (period, dataset, latest) in self.months {
                            option value=(period) selected[period == self.period] {
                                (period) " · "
                                @match latest {
                                    Some(n) => { (dataset) " v" (n) }
                                    None => { (v.t("not published yet")) }
                                }
                            }
                        }
                    }
                    label for="note" { (v.t("Note (required when you publish a month again)")) }
                    textarea #note name="note" maxlength="2000" rows="3" { (self.note) }
                    button type="submit" { (v.t("Publish this month")) }
                }
            },
        ))
    }

    fn status(&self) -> axum::http::StatusCode {
        form_status(self.error.is_some())
    }

    fn cache_policy(&self) -> CachePolicy {
        CachePolicy::NoStore
    }
}
