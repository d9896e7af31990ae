//! The interface in English and Swahili. English text is the message key (as in
//! gettext), so the views read naturally; `sw.toml` maps each key to its Swahili. The
//! language comes from `?lang=`, then the `lang` cookie the switcher sets, then
//! `Accept-Language`, then English.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};

/// `message` as a sentence on a page: its first letter a capital ("the e-mail address or
/// the password is wrong" → "The e-mail …"). Messages are written in lower case, as errors
/// are, so that they read inside another sentence; a page's alert shows one on its own.
/// A message that opens with a name or code (`feedback-2026-07 …`, `amina@mlima …`) is
/// left as it is: its first word is not all letters.
pub fn sentence(message: &str) -> String {
    let first_word = message.split_whitespace().next().unwrap_or_default();
    if !first_word.chars().all(char::is_alphabetic) {
        return message.to_string();
    }
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Sw,
}

static SWAHILI: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    toml::from_str(include_str!("sw.toml"))
        .expect("sw.toml is a table of strings (checked by a test)")
});

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SW: [&str; 12] = [
    "Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba",
    "Oktoba", "Novemba", "Desemba",
];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Sw];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sw => "sw",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Sw => "Kiswahili",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().split(['-', '_']).next()? {
            "en" => Some(Lang::En),
            "sw" => Some(Lang::Sw),
            _ => None,
        }
    }

    /// The message `en` in this language; English when the catalogue lacks it.
    pub fn t(self, en: &str) -> &str {
        match self {
            Lang::En => en,
            Lang::Sw => SWAHILI.get(en).map_or(en, String::as_str),
        }
    }

    /// A message with a count in it, singular or plural by the count: `one` when it is 1,
    /// `other` otherwise, `{}` marking the number's place ("1 month", "3 months";
    /// "mwezi 1", "miezi 3").
    pub fn tn(self, one: &str, other: &str, n: u64) -> String {
        self.t(if n == 1 { one } else { other })
            .replacen("{}", &crate::format::thousands(n), 1)
    }

    /// A message with named figures (`{max}`) in this language, its figures filled in.
    pub fn fill(self, template: &str, figures: &[(&str, String)]) -> String {
        crate::format::fill(self.t(template), figures)
    }

    /// Why what a citizen or an officer sent was not taken, in this language, a status
    /// and a category in its words: a sentence, as every page shows it (the template, like
    /// every error message, starts in lower case).
    pub fn refusal(self, r: &crate::feedback::Refusal) -> String {
        let status = |s| super::feedback_pages::status_word(self, s).to_string();
        let named = |n: &crate::feedback::refusal::Named| n.name_in(self.code()).to_string();
        sentence(&self.fill(r.template(), &r.figures_naming(status, named)))
    }

    /// Why what an admin or a publisher sent was not taken, in this language, a role or an
    /// upload's status in its words.
    pub fn staff_refusal(self, r: &crate::staff::Refusal) -> String {
        use super::staff_pages::{role_word, upload_status_word};
        let figures = r.figures_naming(
            |role| role_word(self, role).to_string(),
            |status| upload_status_word(self, status).to_string(),
        );
        self.fill(r.template(), &figures)
    }

    /// `2026-11-23` → `23 November 2026` / `23 Novemba 2026`.
    pub fn date(self, d: NaiveDate) -> String {
        let months = if self == Lang::Sw {
            &MONTHS_SW
        } else {
            &MONTHS_EN
        };
        format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
    }

    /// The month `d` falls in: `July 2026` / `Julai 2026`.
    pub fn month(self, d: NaiveDate) -> String {
        let months = if self == Lang::Sw {
            &MONTHS_SW
        } else {
            &MONTHS_EN
        };
        format!("{} {}", months[d.month0() as usize], d.year())
    }

    /// A large amount, short: `KES 4.21 bn`, `KES 312.5 m` / `KES bilioni 4.21`.
    pub fn money(self, currency: &str, x: f64) -> String {
        let (value, unit_en, unit_sw) = match x.abs() {
            a if a >= 1e9 => (x / 1e9, "bn", "bilioni"),
            a if a >= 1e6 => (x / 1e6, "m", "milioni"),
            _ => return format!("{currency} {}", super::pages::number(x.round())),
        };
        match self {
            Lang::En => format!("{currency} {value:.2} {unit_en}"),
            Lang::Sw => format!("{currency} {unit_sw} {value:.2}"),
        }
    }

    /// The first language of an `Accept-Language` header that we speak, by weight.
    fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_code) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    fn from_query(query: Option<&str>) -> Option<Self> {
        query?
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::from_code)
    }

    fn from_cookie(parts: &Parts) -> Option<Self> {
        parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("lang="))
            .and_then(Lang::from_code)
    }

    pub fn of_request(parts: &Parts) -> Self {
        Self::from_query(parts.uri.query())
            .or_else(|| Self::from_cookie(parts))
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Self::from_accept_language)
            })
            .unwrap_or(Lang::En)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of_request(parts))
    }
}

/// Middleware for pages: remembers a language chosen with `?lang=` in a cookie, and tells
/// caches that the page depends on the language.
pub async fn remember_lang(request: Request, next: Next) -> Response {
    let chosen = Lang::from_query(request.uri().query());
    let (parts, body) = request.into_parts();
    let lang = Lang::of_request(&parts);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if lang != Lang::En
        && let Some(error) = response
            .extensions()
            .get::<std::sync::Arc<super::WebError>>()
            .cloned()
    {
        let status = response.status();
        response = (status, super::pages::error_page(lang, &error)).into_response();
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = response.headers_mut();
    if html {
        let vary: Vec<&str> = headers
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .chain(["Accept-Language", "Cookie"])
            .collect();
        if let Ok(v) = HeaderValue::from_str(&vary.join(", ")) {
            headers.insert(header::VARY, v);
        }
    }
    if let Some(lang) = chosen {
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    response
}

/// `uri` with its `lang` parameter set to `lang`, for the switcher's links.
pub fn with_lang(path: &str, query: Option<&str>, lang: Lang) -> String {
    let mut pairs: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let own = format!("lang={}", lang.code());
    pairs.push(&own);
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_heaviest_language_we_speak() {
        assert_eq!(
            Lang::from_accept_language("sw-KE,sw;q=0.9,en;q=0.8"),
            Some(Lang::Sw)
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR, en;q=0.5, sw;q=0.7"),
            Some(Lang::Sw)
        );
        assert_eq!(Lang::from_accept_language("fr, de;q=0.5"), None);
        assert_eq!(Lang::from_accept_language("sw;q=0"), None);
    }

    #[test]
    fn the_switcher_replaces_the_language_and_keeps_other_parameters() {
        assert_eq!(
            with_lang("/datasets", Some("q=road&lang=en&page=2"), Lang::Sw),
            "/datasets?q=road&page=2&lang=sw"
        );
        assert_eq!(with_lang("/", None, Lang::En), "/?lang=en");
    }

    #[test]
    fn every_message_in_the_views_has_a_swahili_translation() {
        let sources = [
            include_str!("pages.rs"),
            include_str!("rows.rs"),
            include_str!("project_pages.rs"),
            include_str!("audit_pages.rs"),
            include_str!("print_pages.rs"),
            include_str!("budget_pages.rs"),
            include_str!("revenue_pages.rs"),
            include_str!("staff_pages.rs"),
            include_str!("handlers/staff.rs"),
            include_str!("feedback_pages.rs"),
            include_str!("handlers/feedback.rs"),
            include_str!("national/pages.rs"),
            include_str!("national/counties.rs"),
            include_str!("national/handlers.rs"),
        ];
        let message = regex::Regex::new(r#"\.tf?\("((?:[^"\\]|\\.)*)"[,)]"#).unwrap();
        let counted =
            regex::Regex::new(r#"\.tn\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)""#).unwrap();
        let mut missing = Vec::new();
        for source in sources {
            for m in counted.captures_iter(source) {
                for key in [&m[1], &m[2]] {
                    if !SWAHILI.contains_key(key) {
                        missing.push(key.to_string());
                    }
                }
            }
            for m in message.captures_iter(source) {
                let key = m[1].replace("\\\"", "\"");
                if !SWAHILI.contains_key(&key) {
                    missing.push(key);
                }
            }
        }
        // The red flags' figure labels, shown translated on Swahili pages.
        let label = regex::Regex::new(r#"\("([A-Z][A-Za-z ()]*)"(?:\.into\(\))?, "#).unwrap();
        for m in label.captures_iter(include_str!("../analytics/flags.rs")) {
            if !SWAHILI.contains_key(&m[1]) {
                missing.push(m[1].to_string());
            }
        }
        assert!(
            missing.is_empty(),
            "add these to src/web/sw.toml: {missing:#?}"
        );
        assert!(SWAHILI.len() > 50, "the catalogue was read");
    }

    #[test]
    fn a_count_of_one_is_singular_in_each_language() {
        let (one, other) = ("paid in {} month published", "paid in {} months published");
        assert_eq!(Lang::En.tn(one, other, 1), "paid in 1 month published");
        assert_eq!(Lang::En.tn(one, other, 12), "paid in 12 months published");
        assert_eq!(
            Lang::Sw.tn(one, other, 1),
            "zimelipwa katika mwezi 1 uliochapishwa"
        );
        assert_eq!(
            Lang::Sw.tn(one, other, 0),
            "zimelipwa katika miezi 0 iliyochapishwa"
        );
    }

    #[test]
    fn every_refusal_a_citizen_or_staff_can_meet_has_a_swahili_translation() {
        // Every string in each `Refusal::template` is a template: the citizens', officers'
        // and moderators' (feedback), and the admins' and publishers' (staff).
        let literal = regex::Regex::new(r#""((?:[^"\\]|\\.)*)""#).unwrap();
        let mut templates: Vec<String> = Vec::new();
        for (source, least) in [
            (include_str!("../feedback/refusal.rs"), 40),
            (include_str!("../staff/refusal.rs"), 20),
        ] {
            let body = source
                .split("pub fn template(")
                .nth(1)
                .and_then(|rest| rest.split("pub fn figures(").next())
                .expect("Refusal::template, then Refusal::figures");
            let found: Vec<String> = literal
                .captures_iter(body)
                .map(|m| m[1].replace("\\\"", "\""))
                .collect();
            assert!(found.len() >= least, "the templates were read: {found:?}");
            templates.extend(found);
        }
        let missing: Vec<&String> = templates
            .iter()
            .filter(|t| !SWAHILI.contains_key(t.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "add these to src/web/sw.toml: {missing:#?}"
        );
        let r = crate::feedback::Refusal::TooLong {
            text: crate::feedback::Written::Description,
            max: 2000,
            has: 4991,
        };
        assert_eq!(
            Lang::Sw.refusal(&r),
            "Maelezo yanaweza kuwa na herufi zisizozidi 2,000; haya yana herufi 4,991"
        );
    }

    #[test]
    fn a_refusal_names_statuses_in_the_reader_s_words_and_the_log_by_their_codes() {
        use crate::feedback::{Refusal, Status};
        let r = Refusal::CannotBecome {
            from: Status::Resolved,
            to: Status::InProgress,
        };
        assert_eq!(
            r.to_string(),
            "a report that is resolved cannot become in_progress; it may become reopened"
        );
        assert_eq!(
            Lang::En.refusal(&r),
            "A report that is resolved cannot become in progress; it may become reopened"
        );
        assert_eq!(
            Lang::Sw.refusal(&r),
            "Ripoti ambayo hali yake ni imetatuliwa haiwezi kuwa inashughulikiwa; inaweza kuwa imefunguliwa tena"
        );
    }

    #[test]
    fn a_staff_refusal_names_roles_and_upload_statuses_in_the_reader_s_words() {
        use crate::staff::{Refusal, Role, UploadStatus};
        let r = Refusal::NeedsRole {
            role: Role::Moderator,
            yours: Role::Publisher,
        };
        assert_eq!(
            r.to_string(),
            "this needs the moderator role; your account's role is publisher, which an admin can change"
        );
        assert_eq!(
            Lang::Sw.staff_refusal(&r),
            "hili linahitaji jukumu la msimamizi wa maoni; jukumu la akaunti yako ni mchapishaji, ambalo msimamizi anaweza kulibadilisha"
        );
        let r = Refusal::NotChecked {
            status: UploadStatus::Rejected,
        };
        assert_eq!(
            Lang::En.staff_refusal(&r),
            "only an upload checked without errors can be published; this one is rejected: errors found"
        );
        assert_eq!(
            Lang::Sw.staff_refusal(&r),
            "ni upakiaji uliokaguliwa bila makosa pekee unaoweza kuchapishwa; hali ya huu ni imekataliwa: makosa yamepatikana"
        );
    }

    #[test]
    fn a_refusal_names_a_category_in_the_reader_s_words_and_the_log_by_its_code() {
        use crate::feedback::Refusal;
        use crate::feedback::refusal::Named;
        let r = Refusal::CategoryAlreadyDecided {
            reference: "MLM-2026-000001".into(),
            category: Named {
                code: "water-supply".into(),
                names: vec![
                    ("en", "Water supply".into()),
                    ("sw", "Huduma ya maji".into()),
                ],
            },
        };
        assert_eq!(
            r.to_string(),
            "the category of MLM-2026-000001 was already decided as water-supply; reload the page to see it"
        );
        assert_eq!(
            Lang::En.refusal(&r),
            "The category of MLM-2026-000001 was already decided as Water supply; reload the page to see it"
        );
        assert_eq!(
            Lang::Sw.refusal(&r),
            "Aina ya MLM-2026-000001 ilishaamuliwa kuwa Huduma ya maji; pakia ukurasa upya ili uione"
        );
    }

    #[test]
    fn a_message_shown_alone_starts_with_a_capital_in_either_language() {
        assert_eq!(sentence("anwani si sahihi"), "Anwani si sahihi");
        assert_eq!(sentence("énoncé"), "Énoncé");
        assert_eq!(sentence("MLM-1 is for roads"), "MLM-1 is for roads");
        assert_eq!(sentence(""), "");
        assert_eq!(
            sentence("feedback-2026-07 tayari ina toleo 1"),
            "feedback-2026-07 tayari ina toleo 1"
        );
    }

    #[test]
    fn every_refusal_of_a_new_password_has_a_swahili_translation() {
        // The password page shows each whole, through the catalogue.
        use crate::staff::accounts::check_password;
        let email = "officer@mlima.example";
        let refused = [
            check_password("short", email),
            check_password(&"x".repeat(1025), email),
            check_password("my-officer@mlima.example-pass", email),
        ];
        for r in refused {
            let message = r.expect_err("refused").to_string();
            assert_ne!(Lang::Sw.t(&message), message, "add to src/web/sw.toml");
        }
        assert!(SWAHILI.contains_key("the current password is wrong"));
    }

    #[test]
    fn every_translation_keeps_the_figures_of_its_message() {
        let place = regex::Regex::new(r"\{[a-z_]*\}").unwrap();
        let places = |s: &str| {
            let mut p: Vec<String> = place.find_iter(s).map(|m| m.as_str().to_string()).collect();
            p.sort();
            p.dedup();
            p
        };
        // The red flags' help is keyed by rule (`flag-help:{rule}`), its English the rule's.
        let differ: Vec<(&String, &String)> = SWAHILI
            .iter()
            .filter(|(en, _)| !en.starts_with("flag-help:"))
            .filter(|(en, sw)| places(en) != places(sw))
            .collect();
        assert!(differ.is_empty(), "{differ:#?}");
    }

    #[test]
    fn large_amounts_are_short_in_each_language() {
        assert_eq!(Lang::En.money("KES", 4_213_000_000.0), "KES 4.21 bn");
        assert_eq!(Lang::Sw.money("KES", 312_500_000.0), "KES milioni 312.50");
        assert_eq!(Lang::En.money("GHS", 12_345.4), "GHS 12,345");
    }

    #[test]
    fn dates_are_written_out_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(Lang::En.date(d), "23 November 2026");
        assert_eq!(Lang::Sw.date(d), "23 Novemba 2026");
    }
}
