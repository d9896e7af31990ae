//! Citizen feedback end to end on the real server, with plain HTTP forms (no JavaScript):
//! a citizen reports, a moderator publishes, an officer responds and resolves, the
//! reporter follows it through the private link; and what the public must never see.

use disclose::staff::Role;

use crate::staff::{Answer, Browser, Site, field, signed_in};

const MODERATOR: (&str, &str) = ("moderator@mlima.example", "moderator-password-1");
const ROADS_OFFICER: (&str, &str) = ("roads.officer@mlima.example", "roads-officer-pass-1");
const WATER_OFFICER: (&str, &str) = ("water.officer@mlima.example", "water-officer-pass-1");

mod export;

fn site() -> Site {
    staffed(Site::new())
}

/// `site` with a moderator and the roads and water officers.
fn staffed(site: Site) -> Site {
    site.account(MODERATOR.0, Role::Moderator, &[], MODERATOR.1);
    site.account(
        ROADS_OFFICER.0,
        Role::Officer,
        &["roads-works"],
        ROADS_OFFICER.1,
    );
    let water = site
        .feedback
        .protocol()
        .category("water-supply")
        .map(|c| c.office.clone())
        .expect("a water-supply category");
    site.account(WATER_OFFICER.0, Role::Officer, &[&water], WATER_OFFICER.1);
    site
}

/// A project of the fixture register, with its title.
fn a_project(b: &Browser) -> String {
    let page = b.get("/projects");
    regex::Regex::new(r#"href="/projects/([A-Z0-9-]+)""#)
        .unwrap()
        .captures(&page.body)
        .expect("a project link")[1]
        .to_string()
}

/// Files a report through the form as a citizen; the answer page.
fn report(b: &Browser, query: &str, fields: &[(&str, &str)]) -> Answer {
    let form = b.get(&format!("/report{query}"));
    assert_eq!(form.status, 200, "{}", form.body);
    let token = field(&form.body, "token");
    let mut all = vec![("token", token.as_str())];
    all.extend_from_slice(fields);
    b.post("/report", &all)
}

fn reference(body: &str) -> String {
    regex::Regex::new(r#"<strong class="reference">([A-Z]+-\d{4}-\d{6})</strong>"#)
        .unwrap()
        .captures(body)
        .unwrap_or_else(|| panic!("no reference in {body}"))[1]
        .to_string()
}

fn tracking(body: &str) -> String {
    regex::Regex::new(r#"href="(/track/[0-9a-f]{48})""#)
        .unwrap()
        .captures(body)
        .unwrap_or_else(|| panic!("no tracking link in {body}"))[1]
        .to_string()
}

#[test]
fn a_citizen_reports_a_moderator_publishes_an_officer_resolves_and_the_reporter_sees_it() {
    let site = site();
    let citizen = Browser::new(&site);
    let project = a_project(&citizen);
    assert!(
        citizen
            .get(&format!("/projects/{project}"))
            .body
            .contains(&format!("/report?project={project}"))
    );
    let filed = report(
        &citizen,
        &format!("?project={project}&lang=sw"),
        &[
            ("category", "works-stalled"),
            (
                "text",
                "Kazi imesimama tangu mwezi uliopita; hakuna wafanyakazi. <script>alert(1)</script>",
            ),
            ("project", &project),
            ("name", "Wanjiru Kamau"),
            ("contact", "+254 700 000 001"),
        ],
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let reference = reference(&filed.body);
    let link = tracking(&filed.body);
    // Not public before moderation.
    assert_eq!(citizen.get(&format!("/reports/{reference}")).status, 404);
    assert!(!citizen.get("/reports").body.contains(&reference));
    let track = citizen.get(&link);
    assert_eq!(track.status, 200);
    assert!(track.body.contains("&lt;script&gt;"), "text shown as text");

    // The moderator publishes it with personal data removed.
    let moderator = signed_in(&site, MODERATOR);
    let queue = moderator.get("/staff/reports");
    assert!(queue.body.contains(&reference), "{}", queue.body);
    let page = moderator.get(&format!("/staff/reports/{reference}"));
    let csrf = field(&page.body, "csrf");
    let r = moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[
            ("csrf", &csrf),
            ("decision", "publish_edited"),
            (
                "text",
                "Kazi imesimama tangu mwezi uliopita; hakuna wafanyakazi.",
            ),
            ("reason", "personal_data"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let public = citizen.get(&format!("/reports/{reference}"));
    assert_eq!(public.status, 200);
    assert!(public.body.contains("hakuna wafanyakazi") && !public.body.contains("script"));
    assert!(
        !public.body.contains("Wanjiru") && !public.body.contains("700 000"),
        "no personal data"
    );

    // Another office's officer may not act on it; the roads officer does.
    let water = signed_in(&site, WATER_OFFICER);
    let csrf = water.csrf("/staff");
    assert_eq!(
        water
            .post(
                &format!("/staff/reports/{reference}/act"),
                &[("csrf", &csrf), ("action", "acknowledge")]
            )
            .status,
        403
    );
    let roads = signed_in(&site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    let act = |action: &str, text: &str| {
        roads.post(
            &format!("/staff/reports/{reference}/act"),
            &[("csrf", &csrf), ("action", action), ("text", text)],
        )
    };
    assert_eq!(act("acknowledge", "").status, 200);
    // Outside the list of allowed changes: refused, said why.
    let again = act("acknowledge", "");
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(
        again.body.contains("cannot become acknowledged"),
        "{}",
        again.body
    );
    assert_eq!(
        act("close", "").status,
        400,
        "closing without a fix needs a text"
    );
    assert_eq!(
        act("respond", "The contractor returns to site on Monday.").status,
        200
    );
    assert_eq!(
        act("resolve", "Works resumed; inspected on site.").status,
        200
    );

    // The public record shows the office and the response, not the officer.
    let public = citizen.get(&format!("/reports/{reference}"));
    assert!(
        public
            .body
            .contains("The contractor returns to site on Monday.")
    );
    assert!(!public.body.contains("roads.officer"), "no officer's name");
    // The reporter sees it resolved and reopens it.
    let track = citizen.get(&link);
    assert!(
        track.body.contains("resolved") || track.body.contains("imetatuliwa"),
        "{}",
        track.body
    );
    let token = field(&track.body, "token");
    let reopened = citizen.post(
        &format!("{link}/reopen"),
        &[("token", &token), ("text", "Work stopped again.")],
    );
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    assert!(site.feedback_status(&reference) == "reopened");
    // Every staff action is in the audit trail.
    for action in [
        "report.publish_edited",
        "report.acknowledge",
        "report.respond",
        "report.resolve",
    ] {
        assert_eq!(site.audit(action).len(), 1, "{action}");
    }
}

#[test]
fn a_similar_open_report_nearby_is_offered_to_follow_instead() {
    let site = site();
    let moderator = signed_in(&site, MODERATOR);
    let a = Browser::new(&site);
    let filed = report(
        &a,
        "",
        &[
            ("category", "water-supply"),
            ("text", "No water at the standpipe since Monday."),
            ("lat", "-1.4200"),
            ("lon", "37.3000"),
        ],
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let first = reference(&filed.body);
    let csrf = moderator.csrf("/staff");
    moderator.post(
        &format!("/staff/reports/{first}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    // 100 m away, same category: offered.
    let b = Browser::new(&site);
    let similar = report(
        &b,
        "",
        &[
            ("category", "water-supply"),
            ("text", "Standpipe dry."),
            ("lat", "-1.4209"),
            ("lon", "37.3000"),
        ],
    );
    assert!(similar.body.contains(&first), "{}", similar.body);
    let token = field(&similar.body, "token");
    let followed = b.post(&format!("/reports/{first}/follow"), &[("token", &token)]);
    assert_eq!(followed.status, 200);
    assert!(followed.body.contains("/track/"));
    assert!(
        b.get(&format!("/reports/{first}"))
            .body
            .contains("<dd>2</dd>"),
        "two following"
    );
    // 2 km away: not offered, filed at once.
    let c = Browser::new(&site);
    let far = report(
        &c,
        "",
        &[
            ("category", "water-supply"),
            ("text", "Pipe burst."),
            ("lat", "-1.4380"),
            ("lon", "37.3000"),
        ],
    );
    assert!(far.body.contains("class=\"reference\""), "{}", far.body);
}

#[test]
fn bad_reports_are_refused_with_a_reason_and_nothing_is_kept() {
    let site = site();
    let b = Browser::new(&site);
    let form = b.get("/report");
    // "Use my location" comes with JavaScript only: the button starts hidden.
    assert!(
        form.body
            .contains(r#"<button id="locate" type="button" hidden"#),
        "{}",
        form.body
    );
    let script = regex::Regex::new(r#"src="(/static/report\.[0-9a-f]+\.js)""#).unwrap();
    let path = script.captures(&form.body).expect("the script")[1].to_string();
    assert!(b.get(&path).body.contains("getCurrentPosition"));
    let token = field(&form.body, "token");
    let post = |fields: &[(&str, &str)]| {
        let mut all = vec![("token", token.as_str())];
        all.extend_from_slice(fields);
        b.post("/report", &all)
    };
    let unknown = post(&[("category", "no-such-thing"), ("text", "x")]);
    assert_eq!(unknown.status, 400);
    assert!(unknown.body.contains("no-such-thing"), "{}", unknown.body);
    let outside = post(&[
        ("category", "refuse"),
        ("text", "Heap of refuse"),
        ("lat", "51.5"),
        ("lon", "-0.12"),
    ]);
    assert_eq!(outside.status, 400);
    assert!(outside.body.contains("outside"), "{}", outside.body);
    let long = "x".repeat(2001);
    assert_eq!(post(&[("category", "refuse"), ("text", &long)]).status, 400);
    assert_eq!(
        post(&[
            ("category", "refuse"),
            ("text", "ok"),
            ("lat", "abc"),
            ("lon", "1")
        ])
        .status,
        400
    );
    // SQL-looking text is only text.
    let sql = post(&[
        ("category", "refuse"),
        ("text", "'; DROP TABLE reports; --"),
    ]);
    assert_eq!(sql.status, 200, "{}", sql.body);
    // No token, or another site's: 403, nothing filed.
    let stranger = Browser::new(&site);
    assert_eq!(
        stranger
            .post("/report", &[("category", "refuse"), ("text", "x")])
            .status,
        403
    );
    // The robots' field: answered, not kept.
    let robot = post(&[
        ("category", "refuse"),
        ("text", "spam"),
        ("website", "http://spam.example"),
    ]);
    assert_eq!(robot.status, 200);
    assert_eq!(site.report_count(), 1, "only the SQL-looking one was filed");
    // A tracking token that does not exist: 404.
    assert_eq!(b.get(&format!("/track/{}", "0".repeat(48))).status, 404);
    assert_eq!(b.get("/track/short").status, 404);
    // Public filters: a bad status is a 400; the CSV has no personal columns.
    assert_eq!(b.get("/reports?status=submitted").status, 400);
    let csv = b.get("/reports.csv");
    assert_eq!(csv.status, 200);
    let header = csv.body.lines().next().unwrap_or("");
    assert!(
        !header.contains("name") && !header.contains("contact"),
        "{header}"
    );
}

#[test]
fn one_address_sending_too_many_reports_gets_429_and_keeps_what_was_accepted() {
    let site = Site::with(|c| c.limits.reports_per_minute = 5);
    let b = Browser::new(&site);
    let form = b.get("/report");
    let token = field(&form.body, "token");
    let mut statuses = Vec::new();
    for i in 0..12 {
        let text = format!("Refuse not collected, street {i}");
        let r = b.post(
            "/report",
            &[
                ("token", &token),
                ("category", "refuse"),
                ("text", &text),
                ("confirm", "1"),
            ],
        );
        if r.status == 429 {
            let wait: u64 = r.retry_after.parse().expect("a Retry-After in seconds");
            assert!((1..=60).contains(&wait), "{wait}");
        }
        statuses.push(r.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        7,
        "{statuses:?}"
    );
    assert_eq!(site.report_count(), 5, "every accepted report is kept");
}

#[test]
fn staff_take_a_report_by_phone_and_the_channel_is_recorded() {
    let site = site();
    let roads = signed_in(&site, ROADS_OFFICER);
    let page = roads.get("/staff/reports/new");
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = field(&page.body, "csrf");
    let r = roads.post(
        "/staff/reports/new",
        &[
            ("csrf", &csrf),
            ("channel", "phone"),
            ("category", "road-damage"),
            ("text", "Pothole at the market junction."),
            ("ward", "MLM-01"),
            ("name", "Caller"),
            ("contact", "0700 000 002"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let reference = reference(&r.body);
    assert!(r.body.contains("/track/"));
    let report = site
        .runtime
        .block_on(site.feedback.by_reference(&reference))
        .unwrap()
        .unwrap();
    assert_eq!(
        (report.channel.as_str(), report.status.as_str()),
        ("phone", "submitted")
    );
    assert_eq!(site.audit("report.take").len(), 1);
    // Web and Open311 are not channels staff choose; a publisher takes no reports.
    assert_eq!(
        roads
            .post(
                "/staff/reports/new",
                &[
                    ("csrf", &csrf),
                    ("channel", "web"),
                    ("category", "refuse"),
                    ("text", "x")
                ]
            )
            .status,
        400
    );
    let moderator = signed_in(&site, MODERATOR);
    assert!(moderator.get("/staff/reports").body.contains(&reference));
}
