//! The staff workspace end to end: the real server on a loopback port, a cookie-keeping
//! HTTP client, every role and every refusal of the staff-workspace issue. The state
//! database is SQLite in a temporary folder, or, when `DISCLOSE_TEST_POSTGRES` names a
//! PostgreSQL server (`.ci/run` starts one), a fresh database on it per test: the same
//! tests on both.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use disclose::config::Config;
use disclose::staff::{Actor, NewAccount, Role, Staff, Workspace};
use disclose::web::{AppState, serve};

use crate::support::{Env, fixture, protocol, repo};

/// One server with its own store, state and accounts.
pub(crate) struct Site {
    pub url: String,
    /// The store (wards and projects published, as expenditure refers to them) and its
    /// temporary folder.
    env: Env,
    pub data: PathBuf,
    pub staff: Arc<Staff>,
    workspace: Arc<Workspace>,
    pub feedback: Arc<disclose::feedback::Feedback>,
    /// The state database's URL, for the command line.
    pub database: String,
    pub runtime: tokio::runtime::Runtime,
}

/// A database URL of its own for one test.
fn database_url(state: &Path) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    match std::env::var("DISCLOSE_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let name = format!(
                "disclose_test_{}_{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            );
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async {
                use sqlx::Executor;
                sqlx::any::install_default_drivers();
                let pool = sqlx::AnyPool::connect(&server)
                    .await
                    .expect("the test PostgreSQL server answers");
                pool.execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("a test database");
                pool.close().await;
            });
            let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
            format!("{base}/{name}")
        }
        _ => format!("sqlite:{}", state.join("disclose.sqlite").display()),
    }
}

impl Site {
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// A site whose settings `tune` adjusts (limits, upload size).
    pub fn with(tune: impl FnOnce(&mut Config)) -> Self {
        Self::build(tune, disclose::feedback::Clock::default())
    }

    /// A site whose feedback service keeps `clock` (reports filed on chosen dates).
    pub fn with_clock(clock: disclose::feedback::Clock) -> Self {
        Self::build(|_| {}, clock)
    }

    fn build(tune: impl FnOnce(&mut Config), clock: disclose::feedback::Clock) -> Self {
        let env = Env::with_registers();
        let data = env.data.clone();
        let state = env.dir.path().join("state");
        let mut config = Config {
            state_dir: state.clone(),
            ..Config::default()
        };
        let database = database_url(&state);
        config.database = Some(database.clone());
        // Tests fail sign-ins on purpose; they need not wait for it.
        config.sign_in.slow_ms = 1;
        tune(&mut config);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let protocol = protocol();
        let (url, staff, workspace, feedback) = runtime.block_on(async {
            let staff = Arc::new(
                Staff::open(config, protocol.offices.clone())
                    .await
                    .expect("the state database opens"),
            );
            let ws = Arc::new(Workspace::new(
                staff.clone(),
                protocol.clone(),
                &repo().join("pipelines"),
                &data,
            ));
            let photos = disclose::feedback::PhotoStore::configured(&staff.config);
            let triage = disclose::triage::Triage::open(&staff.config.state_dir);
            let feedback = Arc::new(
                disclose::feedback::Feedback::with_clock(
                    staff.db.clone(),
                    protocol.clone(),
                    photos,
                    clock,
                )
                .with_triage(Arc::new(triage)),
            );
            let state = AppState::new(&data, protocol)
                .expect("the store opens")
                .with_workspace(ws.clone())
                .with_feedback(feedback.clone());
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url = format!("http://{}", listener.local_addr().unwrap());
            tokio::spawn(async move { serve(listener, state).await });
            (url, staff, ws, feedback)
        });
        Self {
            url,
            env,
            data,
            staff,
            workspace,
            feedback,
            database,
            runtime,
        }
    }

    /// The state directory (the triage model, uploads, SQLite).
    pub fn state_dir(&self) -> PathBuf {
        self.env.dir.path().join("state")
    }

    /// Runs the real binary over this site's store and state database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let state = self.state_dir();
        let mut all = vec![
            "--database",
            self.database.as_str(),
            "--state-dir",
            state.to_str().expect("a UTF-8 path"),
        ];
        all.extend_from_slice(args);
        self.env.cli(&all)
    }

    /// Adds an account with a chosen password (no change forced).
    pub fn account(&self, email: &str, role: Role, offices: &[&str], password: &str) {
        self.runtime
            .block_on(self.staff.add_account(
                &Actor::cli(),
                NewAccount {
                    email: email.into(),
                    name: format!("Test {email}"),
                    role,
                    offices: offices.iter().map(|s| s.to_string()).collect(),
                },
                Some(password),
            ))
            .expect("the account is added");
    }

    /// A report's status, as the database holds it.
    pub fn feedback_status(&self, reference: &str) -> String {
        self.runtime
            .block_on(self.feedback.by_reference(reference))
            .unwrap()
            .map(|r| r.status.as_str().to_string())
            .unwrap_or_default()
    }

    /// Reports filed, public or not.
    pub fn report_count(&self) -> usize {
        self.runtime
            .block_on(self.feedback.list(&Default::default()))
            .unwrap()
            .len()
    }

    pub fn audit(&self, action: &str) -> Vec<disclose::staff::AuditRow> {
        let filter = disclose::staff::AuditFilter {
            action: Some(action.into()),
            ..Default::default()
        };
        self.runtime
            .block_on(self.staff.db.audit_rows(&filter, 1000, 0))
            .unwrap()
    }

    /// Versions of expenditure in the ledger.
    fn ledger_lines(&self) -> usize {
        std::fs::read_to_string(self.data.join("ledger.jsonl"))
            .map(|t| {
                t.lines()
                    .filter(|l| l.contains("\"dataset\":\"expenditure-"))
                    .count()
            })
            .unwrap_or(0)
    }

    fn uploads_dir(&self) -> PathBuf {
        self.env.dir.path().join("state/uploads")
    }
}

/// A browser: keeps cookies, follows no redirect (the tests read them).
pub(crate) struct Browser {
    pub agent: ureq::Agent,
    base: String,
}

pub(crate) struct Answer {
    pub status: u16,
    pub location: String,
    pub retry_after: String,
    pub body: String,
}

impl Browser {
    pub fn new(site: &Site) -> Self {
        Self {
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(Duration::from_secs(120)))
                .build()
                .into(),
            base: site.url.clone(),
        }
    }

    fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut r = r.expect("the server answers");
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let retry_after = r
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        Answer {
            status: r.status().as_u16(),
            location,
            retry_after,
            body: r.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        Self::answer(self.agent.get(format!("{}{path}", self.base)).call())
    }

    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        Self::answer(
            self.agent
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .send(body),
        )
    }

    /// A multipart form: text fields, then CSV files (name, bytes), in that order.
    fn post_files(&self, path: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Answer {
        let files: Vec<(&str, &str, &str, &[u8])> = files
            .iter()
            .map(|(name, bytes)| ("files", *name, "text/csv", *bytes))
            .collect();
        self.post_multipart(path, fields, &files)
    }

    /// A multipart form: text fields, then files as (field, file name, declared type,
    /// bytes), in that order, as a browser sends them.
    pub fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, &[u8])],
    ) -> Answer {
        let boundary = "disclose-test-boundary-Qx81LmKpc3";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (field, name, kind, bytes) in files {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: {kind}\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Self::answer(
            self.agent
                .post(format!("{}{path}", self.base))
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .send(&body[..]),
        )
    }

    /// A file as bytes, with the answer's status and headers; `headers` are sent.
    pub fn get_bytes(
        &self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (u16, ureq::http::HeaderMap, Vec<u8>) {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let mut r = request.call().expect("the server answers");
        let bytes = r.body_mut().read_to_vec().unwrap_or_default();
        (r.status().as_u16(), r.headers().clone(), bytes)
    }

    /// Signs in through the form as a person would.
    pub fn sign_in(&self, email: &str, password: &str) -> Answer {
        let form = self.get("/staff/sign-in");
        assert_eq!(form.status, 200);
        let token = field(&form.body, "token");
        self.post(
            "/staff/sign-in",
            &[
                ("email", email),
                ("password", password),
                ("token", &token),
                ("next", "/staff"),
            ],
        )
    }

    /// The CSRF token of a page's forms.
    pub fn csrf(&self, path: &str) -> String {
        let page = self.get(path);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        field(&page.body, "csrf")
    }
}

/// The value of a hidden input in a page.
pub(crate) fn field(html: &str, name: &str) -> String {
    let re = regex::Regex::new(&format!(r#"name="{name}" value="([^"]*)""#)).unwrap();
    re.captures(html)
        .unwrap_or_else(|| panic!("no {name} field in:\n{html}"))[1]
        .to_string()
}

const ADMIN: (&str, &str) = ("admin@mlima.example", "admin-password-123");
const PUBLISHER: (&str, &str) = ("pay@mlima.example", "payments-password-1");
const ROADS: (&str, &str) = ("roads@mlima.example", "roads-password-123");

fn site_with_accounts() -> Site {
    let site = Site::new();
    site.account(ADMIN.0, Role::Admin, &[], ADMIN.1);
    site.account(
        PUBLISHER.0,
        Role::Publisher,
        &["treasury-accounts"],
        PUBLISHER.1,
    );
    site.account(ROADS.0, Role::Publisher, &["roads-works"], ROADS.1);
    site
}

pub(crate) fn signed_in(site: &Site, who: (&str, &str)) -> Browser {
    let b = Browser::new(site);
    let r = b.sign_in(who.0, who.1);
    assert_eq!(r.status, 303, "sign-in of {}: {}", who.0, r.body);
    b
}

/// Uploads `files` with a pipeline and waits for the check to end; the upload's page.
fn upload(b: &Browser, pipeline: &str, period: &str, files: &[(&str, &[u8])]) -> (String, Answer) {
    let csrf = b.csrf("/staff/publish");
    let r = b.post_files(
        "/staff/publish",
        &[
            ("csrf", &csrf),
            ("pipeline", pipeline),
            ("period", period),
            ("note", ""),
        ],
        files,
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = r.location.clone();
    let start = Instant::now();
    loop {
        let p = b.get(&page);
        assert_eq!(p.status, 200, "{}", p.body);
        if !p.body.contains("http-equiv=\"refresh\"") {
            return (page, p);
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the check never ended"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn expenditure() -> Vec<u8> {
    std::fs::read(fixture("expenditure.csv")).unwrap()
}

#[test]
fn an_unknown_account_and_a_wrong_password_get_the_same_answer() {
    let site = site_with_accounts();
    let b = Browser::new(&site);
    let unknown = b.sign_in("nobody@mlima.example", "whatever-password");
    let wrong = b.sign_in(ADMIN.0, "not-the-password");
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.status, 401);
    let message = |body: &str| {
        regex::Regex::new(r#"role="alert">([^<]*)<"#)
            .unwrap()
            .captures(body)
            .unwrap()[1]
            .to_string()
    };
    assert_eq!(message(&unknown.body), message(&wrong.body));
    assert_eq!(b.get("/staff").status, 303, "no session was opened");
    let failed = site.audit("sign_in.failed");
    assert_eq!(failed.len(), 2);
    assert!(
        failed
            .iter()
            .all(|r| r.outcome == "refused" && r.address == "127.0.0.1")
    );
}

#[test]
fn the_eleventh_failed_sign_in_is_refused_even_with_the_right_password() {
    let site = site_with_accounts();
    let b = Browser::new(&site);
    for _ in 0..10 {
        assert_eq!(b.sign_in(ADMIN.0, "wrong-password-x").status, 401);
    }
    let r = b.sign_in(ADMIN.0, ADMIN.1);
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(r.body.contains("Too many failed sign-ins"), "{}", r.body);
    assert_eq!(b.get("/staff").status, 303, "still signed out");
    assert_eq!(site.audit("sign_in.locked").len(), 1);
    // Another account from another browser on the same address is not locked by it.
    assert_eq!(signed_in(&site, PUBLISHER).get("/staff").status, 200);
}

#[test]
fn an_address_is_locked_after_failures_across_accounts() {
    let site = Site::with(|c| c.sign_in.max_failures_per_address = 3);
    site.account(ADMIN.0, Role::Admin, &[], ADMIN.1);
    let b = Browser::new(&site);
    for i in 0..3 {
        assert_eq!(
            b.sign_in(&format!("guess{i}@mlima.example"), "password-guess")
                .status,
            401
        );
    }
    assert_eq!(b.sign_in(ADMIN.0, ADMIN.1).status, 429);
}

#[test]
fn a_one_time_password_must_be_replaced_first() {
    let site = site_with_accounts();
    let admin = signed_in(&site, ADMIN);
    let csrf = admin.csrf("/staff/accounts");
    let r = admin.post(
        "/staff/accounts",
        &[
            ("csrf", &csrf),
            ("email", "New.Officer@Mlima.example"),
            ("name", "New Officer"),
            ("role", "publisher"),
            ("offices", "roads-works"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let otp = regex::Regex::new(r#"<code class="password">([^<]+)</code>"#)
        .unwrap()
        .captures(&r.body)
        .expect("the one-time password is shown")[1]
        .to_string();
    let b = Browser::new(&site);
    let first = b.sign_in("new.officer@mlima.example", &otp);
    assert_eq!(
        (first.status, first.location.as_str()),
        (303, "/staff/password")
    );
    assert_eq!(
        b.get("/staff/publish").location,
        "/staff/password",
        "nothing else until then"
    );
    let csrf = field(&b.get("/staff/password").body, "csrf");
    let short = b.post(
        "/staff/password",
        &[
            ("csrf", &csrf),
            ("current", &otp),
            ("new", "short"),
            ("again", "short"),
        ],
    );
    assert_eq!(short.status, 400);
    let ok = b.post(
        "/staff/password",
        &[
            ("csrf", &csrf),
            ("current", &otp),
            ("new", "a-long-new-password"),
            ("again", "a-long-new-password"),
        ],
    );
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (303, "/staff"),
        "{}",
        ok.body
    );
    assert_eq!(b.get("/staff/publish").status, 200);
    // The one-time password no longer works.
    assert_eq!(
        Browser::new(&site)
            .sign_in("new.officer@mlima.example", &otp)
            .status,
        401
    );
}

#[test]
fn a_wrong_password_at_sign_in_is_said_as_a_sentence_in_either_language() {
    let site = site_with_accounts();
    let b = Browser::new(&site);
    for (lang, said) in [
        ("sw", "Anwani ya barua pepe au nenosiri si sahihi"),
        ("en", "The e-mail address or the password is wrong"),
    ] {
        b.get(&format!("/staff/sign-in?lang={lang}"));
        let wrong = b.sign_in(ROADS.0, "not-the-password");
        assert!(
            wrong.body.contains(&format!(r#"role="alert">{said}<"#)),
            "{}",
            wrong.body
        );
    }
}

#[test]
fn staff_who_read_swahili_are_told_in_swahili_why_a_new_password_was_refused() {
    let site = site_with_accounts();
    let b = signed_in(&site, ROADS);
    let page = b.get("/staff/password?lang=sw");
    let csrf = field(&page.body, "csrf");
    let change = |current: &str, new: &str| {
        b.post(
            "/staff/password",
            &[
                ("csrf", &csrf),
                ("current", current),
                ("new", new),
                ("again", new),
            ],
        )
    };
    let wrong = change("not-the-password", "a-long-new-password");
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert!(
        wrong.body.contains("Nenosiri la sasa si sahihi")
            && !wrong.body.contains("the current password is wrong"),
        "{}",
        wrong.body
    );
    let short = change(ROADS.1, "short");
    assert!(
        short.body.contains("Nenosiri linahitaji angalau herufi 12"),
        "{}",
        short.body
    );
    b.get("/staff/password?lang=en");
    let short = change(ROADS.1, "short");
    assert!(
        short
            .body
            .contains("A password needs at least 12 characters"),
        "{}",
        short.body
    );
    assert_eq!(
        site.audit("password.change").len(),
        3,
        "each refusal recorded"
    );
}

/// `body` says `swahili` and not `english`, or the test fails with the page.
#[track_caller]
fn says(r: &Answer, status: u16, swahili: &str, english: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.body.contains(swahili) && !r.body.contains(english),
        "{swahili:?} without {english:?} in:\n{}",
        r.body
    );
}

/// The ids in a page's forms that post to `/staff/{what}/ID/{action}`, in page order.
fn ids(html: &str, what: &str, action: &str) -> Vec<String> {
    regex::Regex::new(&format!(r#"action="/staff/{what}/(\d+)/{action}""#))
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn an_admin_who_reads_swahili_is_told_in_swahili_why_an_account_or_a_key_was_refused() {
    let site = site_with_accounts();
    let admin = signed_in(&site, ADMIN);
    let page = admin.get("/staff/accounts?lang=sw");
    let csrf = field(&page.body, "csrf");
    let add = |email: &str, name: &str, role: &str, offices: &str| {
        admin.post(
            "/staff/accounts",
            &[
                ("csrf", &csrf),
                ("email", email),
                ("name", name),
                ("role", role),
                ("offices", offices),
            ],
        )
    };
    // What the form lets through: an address with no domain (a phone keyboard's type=email
    // takes it), a mistyped office, a publisher with none, a name of spaces, an address
    // that has an account; and a role no form offers.
    says(
        &add("amina@mlima", "Amina", "officer", "roads-works"),
        400,
        "`amina@mlima` si anwani ya barua pepe",
        "is not an e-mail address",
    );
    says(
        &add("amina@mlima.example", "Amina", "officer", "roads-work"),
        400,
        "ofisi `roads-work` haimo kwenye [offices] za itifaki; misimbo ni ",
        "is not in the protocol",
    );
    assert!(page.body.contains("roads-works"), "the codes are listed");
    says(
        &add("amina@mlima.example", "Amina", "publisher", ""),
        400,
        "akaunti ya mchapishaji inahitaji angalau ofisi moja: andika msimbo wake",
        "needs at least one office",
    );
    says(
        &add("amina@mlima.example", "   ", "officer", "roads-works"),
        400,
        "jina linahitaji herufi 1 hadi 100",
        "a name needs",
    );
    says(
        &add(PUBLISHER.0, "Again", "publisher", "treasury-accounts"),
        400,
        "akaunti pay@mlima.example tayari ipo",
        "already exists",
    );
    says(
        &add("amina@mlima.example", "Amina", "root", ""),
        400,
        "jukumu `root` halijulikani",
        "expected one of",
    );
    // The only admin cannot disable itself.
    let me = &ids(&page.body, "accounts", "role")[0];
    says(
        &admin.post(&format!("/staff/accounts/{me}/disable"), &[("csrf", &csrf)]),
        400,
        "huyu ni msimamizi wa mwisho aliye hai; ongeza msimamizi mwingine kwanza",
        "last active admin",
    );
    // A key with a label of spaces; a key revoked twice (two taps, two tabs).
    let issue = |label: &str| admin.post("/staff/keys", &[("csrf", &csrf), ("label", label)]);
    says(
        &issue("   "),
        400,
        "ufunguo unahitaji lebo ya herufi 1 hadi 100: kinachoutumia",
        "a key needs a label",
    );
    let issued = issue("SMS gateway");
    assert_eq!(issued.status, 200, "{}", issued.body);
    let key = &ids(&issued.body, "keys", "revoke")[0];
    let revoke = || admin.post(&format!("/staff/keys/{key}/revoke"), &[("csrf", &csrf)]);
    assert_eq!(revoke().status, 200);
    says(
        &revoke(),
        400,
        &format!("hakuna ufunguo hai namba {key}: ulifutwa, au haukutolewa kamwe"),
        "no live key",
    );
    // In English, the same refusals in English.
    assert_eq!(admin.get("/staff/accounts?lang=en").status, 200);
    says(
        &add("amina@mlima", "Amina", "officer", "roads-works"),
        400,
        "`amina@mlima` is not an e-mail address",
        "si anwani",
    );
    says(
        &revoke(),
        400,
        &format!("no live key {key}: it was revoked, or never issued"),
        "ufunguo",
    );
    // The trail keeps the English, whatever the page's language.
    assert!(
        site.audit("account.add")
            .iter()
            .any(|r| r.outcome == "refused"
                && r.detail == "a publisher needs at least one office: give its code"),
        "{:?}",
        site.audit("account.add")
    );
}

#[test]
fn hostile_account_and_key_fields_are_refused_escaped_and_clipped_in_either_language() {
    let site = site_with_accounts();
    let admin = signed_in(&site, ADMIN);
    // Two of these stay under the form's 64 KB.
    let huge = "x".repeat(20_000);
    for lang in ["sw", "en"] {
        let csrf = field(
            &admin.get(&format!("/staff/accounts?lang={lang}")).body,
            "csrf",
        );
        let tries: [&[(&str, &str)]; 5] = [
            &[
                ("email", "nul\0@mlima.example"),
                ("name", "Nul"),
                ("role", "officer"),
                ("offices", "roads-works\0"),
            ],
            &[
                ("email", "<script>alert(1)</script>"),
                ("name", "Mallory"),
                ("role", "officer"),
                ("offices", "roads-works"),
            ],
            &[
                ("email", "mallory@mlima.example"),
                ("name", "'; DROP TABLE accounts; --"),
                ("role", "officer"),
                (
                    "offices",
                    "'; DROP TABLE accounts; -- <img src=x onerror=alert(1)>",
                ),
            ],
            &[
                ("email", "mallory@mlima.example"),
                ("name", "Mallory"),
                ("role", &huge),
                ("offices", &huge),
            ],
            &[
                ("email", &huge),
                ("name", &huge),
                ("role", "officer"),
                ("offices", "roads-works"),
            ],
        ];
        for fields in tries {
            let mut all = vec![("csrf", csrf.as_str())];
            all.extend_from_slice(fields);
            let r = admin.post("/staff/accounts", &all);
            assert_eq!(r.status, 400, "{lang} {fields:?}: {}", r.body);
            assert!(
                !r.body.contains("<script>alert") && !r.body.contains("<img src=x"),
                "{}",
                r.body
            );
            assert!(!r.body.contains(&"x".repeat(200)), "clipped: {lang}");
        }
        let r = admin.post("/staff/keys", &[("csrf", &csrf), ("label", &huge)]);
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(!r.body.contains(&"x".repeat(200)));
        let r = admin.post("/staff/keys/99999999999/revoke", &[("csrf", &csrf)]);
        assert_eq!(r.status, 400, "{}", r.body);
    }
    assert_eq!(
        site.runtime
            .block_on(site.staff.db.accounts())
            .unwrap()
            .len(),
        3,
        "nothing was added"
    );
    // The trail holds what was refused, clipped too.
    let refused = site.audit("key.issue");
    assert!(
        refused
            .iter()
            .all(|r| r.outcome == "refused" && r.target.chars().count() <= 100),
        "{refused:?}"
    );
    // A NUL in a name or a label (PostgreSQL stores no NUL in text) is dropped, not a 500.
    let csrf = admin.csrf("/staff/accounts");
    let r = admin.post(
        "/staff/accounts",
        &[
            ("csrf", &csrf),
            ("email", "nul@mlima.example"),
            ("name", "Nul\0 Name"),
            ("role", "moderator"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin.post(
        "/staff/keys",
        &[("csrf", &csrf), ("label", "SMS\0 gateway")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let added = site
        .runtime
        .block_on(site.staff.db.account_by_email("nul@mlima.example"))
        .unwrap()
        .expect("added");
    assert_eq!(added.name, "Nul Name");
    let keys = site.runtime.block_on(site.staff.keys()).unwrap();
    assert_eq!(keys[0].label, "SMS gateway");
}

#[test]
fn a_publisher_who_reads_swahili_is_told_in_swahili_why_an_upload_was_refused() {
    let site = site_with_accounts();
    let b = signed_in(&site, PUBLISHER);
    let csrf = field(&b.get("/staff/publish?lang=sw").body, "csrf");
    let send = |b: &Browser, csrf: &str, period: &str, note: &str| {
        b.post_files(
            "/staff/publish",
            &[
                ("csrf", csrf),
                ("pipeline", "ifmis-expenditure-csv.toml"),
                ("period", period),
                ("note", note),
            ],
            &[("e.csv", &expenditure())],
        )
    };
    // A month typed without its zero: refused before the file is kept, not after a check
    // that fails in the command line's words.
    says(
        &send(&b, &csrf, "2025-9", ""),
        400,
        "kipindi `2025-9` hakijaandikwa kama vipindi vya seti hii ya data, kama 2025-09; kirekebishe, au kiache wazi",
        "is not written",
    );
    assert!(walk(&site.uploads_dir()).is_empty());
    // A page for another role says which, in Swahili.
    says(
        &b.get("/staff/accounts"),
        403,
        "hili linahitaji jukumu la msimamizi; jukumu la akaunti yako ni mchapishaji",
        "this needs",
    );
    // Another office's pipeline (a form left open when the admin moved the account), and
    // another office's upload (a link passed on).
    let roads = signed_in(&site, ROADS);
    let roads_csrf = field(&roads.get("/staff/publish?lang=sw").body, "csrf");
    says(
        &send(&roads, &roads_csrf, "2025-09", ""),
        403,
        "akaunti yako haiwezi kuchapisha expenditure (ofisi treasury-accounts)",
        "may not publish",
    );
    let (page, _) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("e.csv", &expenditure())],
    );
    says(
        &roads.get(&page),
        403,
        "huruhusiwi kuona upakiaji huu",
        "not one you may see",
    );
    says(
        &roads.post(
            &format!("{page}/publish"),
            &[("csrf", &roads_csrf), ("note", "x")],
        ),
        403,
        "huruhusiwi kuona upakiaji huu",
        "not one you may see",
    );
    // Published, then published again (a second tap) and abandoned: said with its status.
    let publish = |page: &str, note: &str| {
        b.post(
            &format!("{page}/publish"),
            &[("csrf", &csrf), ("note", note)],
        )
    };
    assert_eq!(publish(&page, "").status, 303);
    says(
        &publish(&page, ""),
        400,
        "ni upakiaji uliokaguliwa bila makosa pekee unaoweza kuchapishwa; hali ya huu ni imechapishwa",
        "only an upload",
    );
    says(
        &b.post(&format!("{page}/abandon"), &[("csrf", &csrf)]),
        400,
        "hali ya upakiaji huu ni imechapishwa; hauwezi kuachwa tena",
        "can no longer",
    );
    // A correction with a note of spaces (the form's `required` takes them).
    let changed = String::from_utf8(expenditure())
        .unwrap()
        .replace("14,000.00", "15,000.00");
    let (again, _) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("e.csv", changed.as_bytes())],
    );
    says(
        &publish(&again, "   "),
        400,
        "expenditure-2025-09 tayari ina toleo 1: huu unalirekebisha, kwa hiyo eleza sababu katika maelezo",
        "already has version",
    );
    // In English, in English.
    assert_eq!(b.get("/staff/publish?lang=en").status, 200);
    says(
        &publish(&again, "   "),
        400,
        "expenditure-2025-09 already has version 1: this corrects it, so say why in the note",
        "tayari",
    );
    says(
        &send(&b, &csrf, "2025-9", ""),
        400,
        "the period `2025-9` is not written as this dataset",
        "kipindi",
    );
    assert_eq!(site.ledger_lines(), 1);
}

#[test]
fn hostile_upload_fields_are_refused_escaped_and_keep_nothing_in_either_language() {
    let site = site_with_accounts();
    let b = signed_in(&site, PUBLISHER);
    let long_note = "n".repeat(5000);
    for lang in ["sw", "en"] {
        let csrf = field(&b.get(&format!("/staff/publish?lang={lang}")).body, "csrf");
        let tries: [(&str, &str, &str, &str); 6] = [
            (
                "ifmis-expenditure-csv.toml",
                "<b>2025</b>",
                "",
                "&lt;b&gt;2025&lt;/b&gt;",
            ),
            ("ifmis-expenditure-csv.toml", "2025-09\0", "", "2025-09"),
            (
                "ifmis-expenditure-csv.toml",
                "'; DROP TABLE uploads; --",
                "",
                "20",
            ),
            ("ifmis-expenditure-csv.toml", "2025-09", &long_note, "5,000"),
            ("../../etc/passwd", "2025-09", "", "../../etc/passwd"),
            ("<script>alert(1)</script>.toml", "", "", "&lt;script&gt;"),
        ];
        for (pipeline, period, note, said) in tries {
            let r = b.post_files(
                "/staff/publish",
                &[
                    ("csrf", &csrf),
                    ("pipeline", pipeline),
                    ("period", period),
                    ("note", note),
                ],
                &[("e.csv", &expenditure())],
            );
            assert_eq!(r.status, 400, "{lang} {pipeline} {period}: {}", r.body);
            assert!(r.body.contains(said), "{lang}: {said} in {}", r.body);
            assert!(
                !r.body.contains("<script>alert") && !r.body.contains("<b>2025"),
                "{}",
                r.body
            );
        }
    }
    assert!(walk(&site.uploads_dir()).is_empty(), "nothing kept");
    assert_eq!(
        site.audit("upload.begin")
            .iter()
            .filter(|r| r.outcome == "refused")
            .count(),
        12
    );
    // A NUL in the note is dropped, not a 500.
    let (page, checked) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("e.csv", &expenditure())],
    );
    assert!(checked.body.contains("checked: ready to publish"));
    let csrf = field(&checked.body, "csrf");
    let r = b.post(
        &format!("{page}/publish"),
        &[("csrf", &csrf), ("note", "sent\0 by a script")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let ledger = std::fs::read_to_string(site.data.join("ledger.jsonl")).unwrap();
    assert!(ledger.contains("\"sent by a script\""), "{ledger}");
}

#[test]
fn a_disabled_accounts_session_is_refused_at_once() {
    let site = site_with_accounts();
    let publisher = signed_in(&site, PUBLISHER);
    assert_eq!(publisher.get("/staff").status, 200);
    let admin = signed_in(&site, ADMIN);
    let page = admin.get("/staff/accounts");
    let id = regex::Regex::new(r#"action="/staff/accounts/(\d+)/disable""#).unwrap();
    let ids: Vec<String> = id
        .captures_iter(&page.body)
        .map(|c| c[1].to_string())
        .collect();
    // Accounts are listed by e-mail: admin, pay, roads.
    let r = admin.post(
        &format!("/staff/accounts/{}/disable", ids[1]),
        &[("csrf", &field(&page.body, "csrf"))],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let after = publisher.get("/staff");
    assert_eq!(after.status, 303);
    assert!(
        after.location.starts_with("/staff/sign-in"),
        "{}",
        after.location
    );
    assert_eq!(
        Browser::new(&site).sign_in(PUBLISHER.0, PUBLISHER.1).status,
        401
    );
}

#[test]
fn a_form_without_a_valid_csrf_token_is_refused_and_changes_nothing() {
    let site = site_with_accounts();
    let admin = signed_in(&site, ADMIN);
    let add = [
        ("email", "x@mlima.example"),
        ("name", "X"),
        ("role", "admin"),
        ("offices", ""),
    ];
    assert_eq!(admin.post("/staff/accounts", &add).status, 403);
    let mut wrong = add.to_vec();
    wrong.push(("csrf", "0000"));
    assert_eq!(admin.post("/staff/accounts", &wrong).status, 403);
    assert!(
        site.runtime
            .block_on(site.staff.db.account_by_email("x@mlima.example"))
            .unwrap()
            .is_none()
    );
    // Sign-in needs its own token too.
    let b = Browser::new(&site);
    assert_eq!(
        b.post(
            "/staff/sign-in",
            &[("email", ADMIN.0), ("password", ADMIN.1)]
        )
        .status,
        403
    );
    // Uploads: files before a token are refused, and nothing is kept.
    let publisher = signed_in(&site, PUBLISHER);
    let r = publisher.post_files(
        "/staff/publish",
        &[("pipeline", "ifmis-expenditure-csv.toml")],
        &[("e.csv", &expenditure())],
    );
    assert_eq!(r.status, 403);
    assert!(
        !site.uploads_dir().exists() || std::fs::read_dir(site.uploads_dir()).unwrap().count() == 0
    );
    assert!(site.audit("csrf.rejected").len() >= 3);
}

#[test]
fn roles_are_checked_on_the_server() {
    let site = site_with_accounts();
    let publisher = signed_in(&site, PUBLISHER);
    assert_eq!(publisher.get("/staff/accounts").status, 403);
    assert_eq!(publisher.get("/staff/audit").status, 403);
    assert_eq!(publisher.get("/staff/audit.csv").status, 403);
    let csrf = publisher.csrf("/staff");
    assert_eq!(
        publisher
            .post(
                "/staff/accounts",
                &[
                    ("csrf", &csrf),
                    ("email", "y@mlima.example"),
                    ("name", "Y"),
                    ("role", "admin")
                ]
            )
            .status,
        403
    );
    // Signed out, pages go to the sign-in form and files get 401.
    let anon = Browser::new(&site);
    assert!(
        anon.get("/staff/audit")
            .location
            .starts_with("/staff/sign-in?next=%2Fstaff%2Faudit")
    );
    assert_eq!(anon.get("/staff/audit.csv").status, 401);
}

#[test]
fn a_publisher_cannot_publish_another_offices_kind() {
    let site = site_with_accounts();
    let roads = signed_in(&site, ROADS);
    let publish_page = roads.get("/staff/publish");
    assert!(
        !publish_page.body.contains("ifmis-expenditure-csv.toml"),
        "only its own pipelines are offered"
    );
    let csrf = field(&publish_page.body, "csrf");
    let r = roads.post_files(
        "/staff/publish",
        &[
            ("csrf", &csrf),
            ("pipeline", "ifmis-expenditure-csv.toml"),
            ("period", "2025-09"),
        ],
        &[("e.csv", &expenditure())],
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(site.ledger_lines(), 0);
    // And cannot see or publish another office's upload.
    let publisher = signed_in(&site, PUBLISHER);
    let (page, _) = upload(
        &publisher,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("e.csv", &expenditure())],
    );
    assert_eq!(roads.get(&page).status, 403);
    let csrf = roads.csrf("/staff");
    assert_eq!(
        roads
            .post(
                &format!("{page}/publish"),
                &[("csrf", &csrf), ("note", "x")]
            )
            .status,
        403
    );
    assert_eq!(site.ledger_lines(), 0);
}

#[test]
fn a_publisher_uploads_checks_and_publishes_and_it_is_public_and_audited() {
    let site = site_with_accounts();
    let b = signed_in(&site, PUBLISHER);
    // A raw NUL cannot be in a header: refused as malformed, nothing kept.
    let csrf = b.csrf("/staff/publish");
    let nul = b.post_files(
        "/staff/publish",
        &[("csrf", &csrf), ("pipeline", "ifmis-expenditure-csv.toml")],
        &[("a\0.csv", &expenditure())],
    );
    assert_eq!(nul.status, 400, "{}", nul.body);
    assert!(walk(&site.uploads_dir()).is_empty());
    let (page, checked) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("../../Sept export.csv", &expenditure())],
    );
    assert!(
        checked.body.contains("checked: ready to publish"),
        "{}",
        checked.body
    );
    assert!(checked.body.contains("expenditure-2025-09"));
    // Stored under a name of ours, inside the upload's folder.
    let stored: Vec<PathBuf> = walk(&site.uploads_dir());
    assert!(stored.iter().all(|p| p.starts_with(site.uploads_dir())));
    assert!(
        stored
            .iter()
            .any(|p| p.file_name().unwrap() == "00-Septexport.csv"),
        "{stored:?}"
    );
    assert_eq!(site.ledger_lines(), 0, "nothing published by the check");
    let csrf = field(&checked.body, "csrf");
    let r = b.post(&format!("{page}/publish"), &[("csrf", &csrf), ("note", "")]);
    assert_eq!(r.status, 303, "{}", r.body);
    let done = b.get(&page);
    assert!(
        done.body.contains("/datasets/expenditure-2025-09/v/1"),
        "{}",
        done.body
    );
    // The ledger records the staff member as publisher; the public site shows it.
    let ledger = std::fs::read_to_string(site.data.join("ledger.jsonl")).unwrap();
    assert!(
        ledger.contains("\"publisher\":\"Test pay@mlima.example\""),
        "{ledger}"
    );
    let public = Browser::new(&site).get("/datasets/expenditure-2025-09/v/1");
    assert_eq!(public.status, 200);
    assert!(
        disclose::store::verify::verify(&site.data)
            .unwrap()
            .is_clean()
    );
    // The upload's own copies are gone once published.
    assert!(
        walk(&site.uploads_dir())
            .iter()
            .all(|p| !p.to_string_lossy().contains("/in/"))
    );
    // The trail has it all, and it holds.
    for action in [
        "sign_in",
        "upload.receive",
        "upload.check",
        "upload.publish",
    ] {
        assert!(
            site.audit(action)
                .iter()
                .any(|r| r.outcome == "ok" && r.actor == PUBLISHER.0),
            "{action}"
        );
    }
    let admin = signed_in(&site, ADMIN);
    let csv = admin.get("/staff/audit.csv?action=upload");
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.lines().count() >= 4 && csv.body.contains("upload.publish"),
        "{}",
        csv.body
    );
    let check = site.runtime.block_on(site.staff.db.verify_audit()).unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    // A second upload of the month is a restatement: publishing it needs a note.
    let mut changed = expenditure();
    let text = String::from_utf8(changed.clone())
        .unwrap()
        .replace("14,000.00", "15,000.00");
    changed = text.into_bytes();
    let (page, checked) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("e.csv", &changed)],
    );
    assert!(
        checked.body.contains("This corrects a published dataset"),
        "{}",
        checked.body
    );
    let csrf = field(&checked.body, "csrf");
    assert_eq!(
        b.post(&format!("{page}/publish"), &[("csrf", &csrf), ("note", "")])
            .status,
        400
    );
    assert_eq!(site.ledger_lines(), 1);
    assert_eq!(
        b.post(
            &format!("{page}/publish"),
            &[("csrf", &csrf), ("note", "PV 2 amount corrected")]
        )
        .status,
        303
    );
    assert_eq!(site.ledger_lines(), 2);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(items) = std::fs::read_dir(dir) {
        for item in items.flatten() {
            let p = item.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn an_upload_over_the_limit_is_refused_and_leaves_nothing() {
    let site = Site::with(|c| c.uploads.max_bytes = 4096);
    site.account(
        PUBLISHER.0,
        Role::Publisher,
        &["treasury-accounts"],
        PUBLISHER.1,
    );
    let b = signed_in(&site, PUBLISHER);
    let csrf = b.csrf("/staff/publish");
    // Small enough to pass the declared length, too big once streamed in two files.
    let big = vec![b'x'; 3000];
    let r = b.post_files(
        "/staff/publish",
        &[("csrf", &csrf), ("pipeline", "ifmis-expenditure-csv.toml")],
        &[("a.csv", &big), ("b.csv", &big)],
    );
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(
        walk(&site.uploads_dir()).is_empty(),
        "{:?}",
        walk(&site.uploads_dir())
    );
    // A declared length far over the limit is refused before a byte of the body is sent.
    use std::io::{Read, Write};
    let cookie = b
        .agent
        .cookie_jar_lock()
        .iter()
        .find(|c| c.name() == "disclose_staff")
        .map(|c| c.value().to_string())
        .expect("the session cookie");
    let mut tcp = std::net::TcpStream::connect(site.url.trim_start_matches("http://")).unwrap();
    write!(
        tcp,
        "POST /staff/publish HTTP/1.1\r\nHost: x\r\nCookie: disclose_staff={cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000000\r\n\r\n"
    )
    .unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = [0u8; 12];
    tcp.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    assert!(walk(&site.uploads_dir()).is_empty());
}

#[test]
fn a_report_with_many_errors_stays_paged_and_fast() {
    let site = site_with_accounts();
    let b = signed_in(&site, PUBLISHER);
    let mut csv = String::from_utf8(expenditure())
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    csv.push('\n');
    for i in 0..200_000 {
        csv.push_str(&format!(
            "not a date,PV{i},X,IND,bad vote,,,,,,,,not money,\n"
        ));
    }
    let (page, report) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("bad.csv", csv.as_bytes())],
    );
    assert!(
        report.body.contains("rejected: errors found"),
        "{}",
        &report.body[..2000.min(report.body.len())]
    );
    assert!(
        !report.body.contains(&format!("{page}/publish")),
        "no publish button"
    );
    // Issues name the file as it was uploaded, never the server's folders.
    assert!(
        report.body.contains(">bad.csv</td>"),
        "{}",
        &report.body[..3000.min(report.body.len())]
    );
    let folder = site.env.dir.path().display().to_string();
    assert!(
        !report.body.contains(&folder) && !report.body.contains("/in/0"),
        "a server path leaked"
    );
    let start = Instant::now();
    let last = b.get(&format!("{page}?page=20"));
    assert_eq!(last.status, 200);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert!(
        last.body.contains("page 20 / 20"),
        "1,000 issues kept, 50 a page"
    );
    assert_eq!(b.get(&format!("{page}?page=21")).status, 400);
    assert_eq!(b.get(&format!("{page}?page=0")).status, 400);
    let csrf = field(&report.body, "csrf");
    assert_eq!(
        b.post(
            &format!("{page}/publish"),
            &[("csrf", &csrf), ("note", "x")]
        )
        .status,
        400,
        "a rejected check never publishes"
    );
    assert_eq!(site.ledger_lines(), 0);
}

#[test]
fn two_publishes_of_one_dataset_at_once_leave_the_ledger_a_chain() {
    let site = site_with_accounts();
    let a = signed_in(&site, PUBLISHER);
    let b = signed_in(&site, ADMIN);
    let mut other = String::from_utf8(expenditure()).unwrap();
    other = other.replace("14,000.00", "14,500.00");
    let (pa, ca) = upload(
        &a,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("a.csv", &expenditure())],
    );
    let (pb, cb) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("b.csv", other.as_bytes())],
    );
    assert!(ca.body.contains("checked: ready to publish"), "{}", ca.body);
    let (ta, tb) = (field(&ca.body, "csrf"), field(&cb.body, "csrf"));
    let (ra, rb) = std::thread::scope(|s| {
        let ha = s.spawn(|| {
            a.post(
                &format!("{pa}/publish"),
                &[("csrf", &ta), ("note", "first")],
            )
        });
        let hb = s.spawn(|| {
            b.post(
                &format!("{pb}/publish"),
                &[("csrf", &tb), ("note", "second")],
            )
        });
        (ha.join().unwrap(), hb.join().unwrap())
    });
    assert_eq!(
        (ra.status, rb.status),
        (303, 303),
        "{}\n{}",
        ra.body,
        rb.body
    );
    let report = disclose::store::verify::verify(&site.data).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(
        site.ledger_lines(),
        2,
        "both published, one after the other"
    );
}

#[test]
fn the_audit_trail_is_filtered_and_its_chain_catches_an_edit() {
    let site = site_with_accounts();
    let b = Browser::new(&site);
    b.sign_in(PUBLISHER.0, "wrong-password-1");
    let admin = signed_in(&site, ADMIN);
    let page = admin.get("/staff/audit?outcome=refused");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("sign_in.failed") && !page.body.contains("account.add"));
    assert_eq!(admin.get("/staff/audit?since=yesterday").status, 400);
    // Hostile filter text is only text.
    let hostile = admin.get("/staff/audit?target=%27%20OR%201%3D1%20--&actor=%25");
    assert_eq!(hostile.status, 200);
    assert!(hostile.body.contains("0 rows"), "{}", &hostile.body);
    // A formula typed as an e-mail cannot run in a spreadsheet.
    b.sign_in("=HYPERLINK(\"x\")@a.org", "wrong-password-1");
    let csv = admin.get("/staff/audit.csv");
    assert!(csv.body.contains("'=hyperlink"), "{}", csv.body);
    // Edit one row behind the server's back: the chain breaks there.
    site.runtime.block_on(async {
        sqlx::query("UPDATE audit SET detail = 'nothing happened' WHERE seq = 2")
            .execute(site.staff.db.pool())
            .await
            .unwrap();
    });
    let check = site.runtime.block_on(site.staff.db.verify_audit()).unwrap();
    assert_eq!(check.problems.len(), 1, "{:?}", check.problems);
    assert!(
        check.problems[0].starts_with("row 2:"),
        "{:?}",
        check.problems
    );
}

#[test]
fn no_staff_url_answers_500_to_what_a_client_sends() {
    let site = site_with_accounts();
    let b = signed_in(&site, ADMIN);
    let csrf = b.csrf("/staff");
    let gets = [
        "/staff/uploads/..%2F..%2Fetc%2Fpasswd",
        "/staff/uploads/%00",
        "/staff/uploads/nope?page=x",
        "/staff/uploads/nope/progress",
        "/staff/audit?page=99999999999999999999",
        "/staff/audit?since=2026-13-45&until=%3Cscript%3E",
        "/staff/accounts/abc/disable",
        "/staff/nothing",
    ];
    for path in gets {
        let r = b.get(path);
        assert!(r.status < 500, "{path}: {} {}", r.status, r.body);
    }
    let posts: [(&str, Vec<(&str, &str)>); 6] = [
        ("/staff/accounts/999999/disable", vec![("csrf", &csrf)]),
        ("/staff/accounts/1/explode", vec![("csrf", &csrf)]),
        (
            "/staff/accounts",
            vec![
                ("csrf", &csrf),
                ("email", "<script>@x.org"),
                ("name", "'; DROP TABLE accounts; --"),
                ("role", "root"),
            ],
        ),
        ("/staff/uploads/nope/publish", vec![("csrf", &csrf)]),
        ("/staff/uploads/nope/abandon", vec![("csrf", &csrf)]),
        (
            "/staff/password",
            vec![
                ("csrf", &csrf),
                ("current", "x"),
                ("new", "y"),
                ("again", "z"),
            ],
        ),
    ];
    for (path, fields) in &posts {
        let r = b.post(path, fields);
        assert!(r.status < 500, "{path}: {} {}", r.status, r.body);
    }
    // A malformed multipart body, and a multipart body that is cut off.
    let r = Browser::answer(
        b.agent
            .post(format!("{}/staff/publish", site.url))
            .header("content-type", "multipart/form-data; boundary=x")
            .send("garbage"),
    );
    assert!((400..500).contains(&r.status), "{} {}", r.status, r.body);
    let r = Browser::answer(
        b.agent
            .post(format!("{}/staff/publish", site.url))
            .header("content-type", "multipart/form-data; boundary=x")
            .send(format!("--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--x\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\nifmis-expenditure-csv.toml\r\n--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\n\r\nabc")),
    );
    assert!((400..500).contains(&r.status), "{} {}", r.status, r.body);
    // Everything stays escaped: the hostile account was refused, and nothing ran.
    assert_eq!(
        site.runtime
            .block_on(site.staff.db.accounts())
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_checked_upload_publishes_after_a_restart_and_stale_uploads_are_removed() {
    let site = site_with_accounts();
    let b = signed_in(&site, PUBLISHER);
    let (page, _) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("e.csv", &expenditure())],
    );
    let id = page.rsplit('/').next().unwrap().to_string();
    // A new workspace over the same database and folders: what a restarted server has.
    let restarted = Arc::new(Workspace::new(
        site.staff.clone(),
        protocol(),
        &repo().join("pipelines"),
        &site.data,
    ));
    let account = site
        .runtime
        .block_on(site.staff.db.account_by_email(PUBLISHER.0))
        .unwrap()
        .unwrap();
    let actor = Actor::cli();
    let done = site
        .runtime
        .block_on(restarted.publish(&actor, &account, &id, ""))
        .expect("the same files are checked again and published");
    assert_eq!(
        (done.dataset.as_str(), done.version),
        ("expenditure-2025-09", 1)
    );
    assert!(
        disclose::store::verify::verify(&site.data)
            .unwrap()
            .is_clean()
    );

    // An upload left for longer than uploads.keep_days goes, files and all.
    let (page, _) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-10",
        &[("e.csv", &expenditure())],
    );
    let id = page.rsplit('/').next().unwrap().to_string();
    assert!(site.uploads_dir().join(&id).exists());
    site.runtime.block_on(async {
        sqlx::query("UPDATE uploads SET updated_at = updated_at - 8 * 86400 WHERE id = $1")
            .bind(&id)
            .execute(site.staff.db.pool())
            .await
            .unwrap();
    });
    assert_eq!(site.runtime.block_on(site.workspace.sweep()).unwrap(), 1);
    assert!(!site.uploads_dir().join(&id).exists());
    assert!(b.get(&page).body.contains("abandoned"));
    assert_eq!(site.audit("upload.expire").len(), 1);
}

#[test]
fn an_admin_changes_roles_in_the_browser_and_the_last_admin_stays() {
    let site = site_with_accounts();
    let admin = signed_in(&site, ADMIN);
    let page = admin.get("/staff/accounts");
    let csrf = field(&page.body, "csrf");
    let ids: Vec<String> = regex::Regex::new(r#"action="/staff/accounts/(\d+)/role""#)
        .unwrap()
        .captures_iter(&page.body)
        .map(|c| c[1].to_string())
        .collect();
    // Accounts are listed by e-mail: admin, pay, roads.
    let roads = &ids[2];
    let bad = admin.post(
        &format!("/staff/accounts/{roads}/role"),
        &[
            ("csrf", &csrf),
            ("role", "publisher"),
            ("offices", "no-such-office"),
        ],
    );
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("no-such-office"), "{}", bad.body);
    let ok = admin.post(
        &format!("/staff/accounts/{roads}/role"),
        &[
            ("csrf", &csrf),
            ("role", "publisher"),
            ("offices", "roads-works, treasury-accounts"),
        ],
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    let b = signed_in(&site, ROADS);
    assert!(
        b.get("/staff/publish")
            .body
            .contains("ifmis-expenditure-csv.toml")
    );
    // The only admin cannot disable itself out of the workspace.
    let me = &ids[0];
    let r = admin.post(&format!("/staff/accounts/{me}/disable"), &[("csrf", &csrf)]);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("last active admin"), "{}", r.body);
    assert_eq!(admin.get("/staff/accounts").status, 200);
    // Nor make itself something else, which would leave no one to manage accounts.
    let r = admin.post(
        &format!("/staff/accounts/{me}/role"),
        &[("csrf", &csrf), ("role", "moderator"), ("offices", "")],
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("last active admin"), "{}", r.body);
    assert_eq!(admin.get("/staff/accounts").status, 200, "still an admin");
    // With a second admin, the first may step down.
    let ok = admin.post(
        &format!("/staff/accounts/{roads}/role"),
        &[("csrf", &csrf), ("role", "admin"), ("offices", "")],
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    let ok = admin.post(
        &format!("/staff/accounts/{me}/role"),
        &[("csrf", &csrf), ("role", "moderator"), ("offices", "")],
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(admin.get("/staff/accounts").status, 403);
}

#[test]
fn a_swahili_check_report_is_framed_in_swahili_and_its_issues_stack_on_a_phone() {
    let site = site_with_accounts();
    let b = signed_in(&site, PUBLISHER);
    let form = b.get("/staff/publish?lang=sw");
    // The pipeline by the Swahili title of the kind it makes, its file name after it.
    assert!(
        form.body
            .contains(">Malipo yaliyofanywa (ifmis-expenditure-csv.toml)</option>")
            && !form.body.contains("IFMIS payment vouchers report"),
        "{}",
        form.body
    );
    let mut csv = String::from_utf8(expenditure())
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    csv.push_str("\nnot a date,PV1,X,IND,bad vote,,,,,,,,not money,\n");
    let (_, report) = upload(
        &b,
        "ifmis-expenditure-csv.toml",
        "2025-09",
        &[("bad.csv", csv.as_bytes())],
    );
    let body = &report.body;
    assert!(
        body.contains("<td>kosa</td>") && !body.contains("<td>error</td>"),
        "{body}"
    );
    assert!(
        regex::Regex::new("(mstari|safu)\u{a0}[0-9]")
            .unwrap()
            .is_match(body)
            && !body.contains(">line "),
        "{body}"
    );
    assert!(
        body.contains("Tatizo na cha kufanya vimeandikwa kwa Kiingereza"),
        "the English of the details is said once: {body}"
    );
    assert!(
        body.contains(r#"<table class="cards issues">"#)
            && body.contains(r#"data-label="Cha kufanya""#),
        "{body}"
    );
    assert!(
        body.contains("<code>ifmis-expenditure-csv.toml</code>"),
        "{body}"
    );
}
