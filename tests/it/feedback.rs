//! Citizen feedback end to end on the real server, with plain HTTP forms (no JavaScript):
//! a citizen reports, a moderator publishes, an officer responds and resolves, the
//! reporter follows it through the private link; and what the public must never see.

use disclose::staff::Role;

use crate::staff::{Answer, Browser, Site, field, signed_in};

const MODERATOR: (&str, &str) = ("moderator@mlima.example", "moderator-password-1");
const ROADS_OFFICER: (&str, &str) = ("roads.officer@mlima.example", "roads-officer-pass-1");
const WATER_OFFICER: (&str, &str) = ("water.officer@mlima.example", "water-officer-pass-1");

mod export;
mod triage;

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

/// The private tracking link's path, from the page that gives it whole.
fn tracking(body: &str) -> String {
    regex::Regex::new(r#"href="https?://[^/"]+(/track/[0-9a-f]{48})""#)
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
    // Shown whole, to be kept: the address the citizen reached and the path.
    let whole = format!("{}{link}", site.url);
    assert!(
        filed.body.contains(&format!(">{whole}</a>")),
        "{}",
        filed.body
    );
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
    // Sent again (the answer refreshed): given once.
    assert_eq!(
        act("respond", "The contractor returns to site on Monday.").status,
        200
    );
    let record = citizen.get(&format!("/reports/{reference}"));
    assert_eq!(
        record
            .body
            .matches("The contractor returns to site on Monday.")
            .count(),
        1,
        "{}",
        record.body
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
    // From a page whose form token expired, or another site: nothing changes, and the
    // text comes back in its form with a fresh token that sends it (in Swahili, the
    // language this reporter chose).
    let stale = citizen.post(
        &format!("{link}/reopen"),
        &[
            ("token", "0123456789abcdef0123456789abcdef"),
            ("text", "Work stopped again."),
        ],
    );
    assert_eq!(stale.status, 403, "{}", stale.body);
    assert!(
        stale
            .body
            .contains("required>Work stopped again.</textarea>")
            && stale.body.contains("hakuna kilichoongezwa"),
        "{}",
        stale.body
    );
    assert_eq!(site.feedback_status(&reference), "resolved");
    // Nothing written: said so, on the same page.
    let empty = citizen.post(
        &format!("{link}/info"),
        &[("token", &field(&stale.body, "token")), ("text", "  ")],
    );
    assert_eq!(empty.status, 400, "{}", empty.body);
    assert!(empty.body.contains("role=\"alert\""), "{}", empty.body);
    let token = field(&empty.body, "token");
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

/// A works-stalled report on a project, filed by a citizen and published; its reference.
fn published_stalled_report(site: &Site, text: &str) -> String {
    published_stalled_report_and_link(site, text).0
}

/// [`published_stalled_report`], with the reporter's private tracking link.
fn published_stalled_report_and_link(site: &Site, text: &str) -> (String, String) {
    let citizen = Browser::new(site);
    let project = a_project(&citizen);
    let filed = report(
        &citizen,
        &format!("?project={project}"),
        &[
            ("category", "works-stalled"),
            ("text", text),
            ("project", &project),
            // Sent as it is, not as a follower of an earlier one on the project.
            ("confirm", "1"),
        ],
    );
    let reference = reference(&filed.body);
    let moderator = signed_in(site, MODERATOR);
    let csrf = moderator.csrf("/staff");
    let r = moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    (reference, tracking(&filed.body))
}

#[test]
fn an_office_s_first_answer_acknowledges_the_report_and_a_text_is_never_dropped() {
    let site = site();
    let roads = signed_in(&site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    let citizen = Browser::new(&site);

    // Answered without acknowledging first: an office that answered has seen it.
    let answered = published_stalled_report(&site, "Works stopped at the culvert two weeks ago.");
    let r = roads.post(
        &format!("/staff/reports/{answered}/act"),
        &[
            ("csrf", &csrf),
            ("action", "respond"),
            ("text", "The contractor returns on Monday."),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(site.feedback_status(&answered), "acknowledged");
    let report = site
        .runtime
        .block_on(site.feedback.by_reference(&answered))
        .unwrap()
        .unwrap();
    assert!(
        report.acknowledged_at.is_some(),
        "counted in the response times"
    );
    let public = citizen.get(&format!("/reports/{answered}"));
    assert!(
        public.body.contains("The contractor returns on Monday."),
        "{}",
        public.body
    );

    // Started from a template: the action to send it is the one chosen.
    let loaded = published_stalled_report(&site, "No workers on site since May.");
    let page = roads.get(&format!("/staff/reports/{loaded}?template=1&in=sw#text"));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"<option value="respond" selected>"#),
        "{}",
        page.body
    );
    // Saved with another action all the same, the text is published with it.
    let r = roads.post(
        &format!("/staff/reports/{loaded}/act"),
        &[
            ("csrf", &csrf),
            ("action", "acknowledge"),
            (
                "text",
                "Tumepokea ripoti yako; mhandisi atatembelea eneo hili wiki hii.",
            ),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(site.feedback_status(&loaded), "acknowledged");
    let public = citizen.get(&format!("/reports/{loaded}"));
    assert!(
        public.body.contains("mhandisi atatembelea"),
        "{}",
        public.body
    );
    // Too long a text: refused, and the report stays as it was.
    let other = published_stalled_report(&site, "Site abandoned, trench left open.");
    let r = roads.post(
        &format!("/staff/reports/{other}/act"),
        &[
            ("csrf", &csrf),
            ("action", "start"),
            ("text", &"x".repeat(2001)),
        ],
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(site.feedback_status(&other), "open");
}

#[test]
fn a_form_s_address_opened_as_a_page_leads_back_to_the_report_not_to_a_bare_405() {
    // A phone restores the tab of an answered form, or the address bar is reloaded.
    let site = site();
    let reference = published_stalled_report(&site, "Works stopped at the bridge.");
    let roads = signed_in(&site, ROADS_OFFICER);
    for action in ["act", "moderate", "triage", "photo", "info/1"] {
        let r = roads.get(&format!("/staff/reports/{reference}/{action}"));
        assert_eq!(r.status, 303, "{action}: {}", r.body);
        assert_eq!(
            r.location,
            format!("/staff/reports/{reference}"),
            "{action}"
        );
    }
    let citizen = Browser::new(&site);
    let filed = report(
        &citizen,
        "",
        &[("category", "refuse"), ("text", "Skip full at the market.")],
    );
    let link = tracking(&filed.body);
    for what in ["info", "reopen"] {
        let r = citizen.get(&format!("{link}/{what}"));
        assert_eq!(r.status, 303, "{what}: {}", r.body);
        assert_eq!(r.location, link, "{what}");
    }
}

#[test]
fn an_officer_finds_a_new_report_at_the_top_or_by_its_reference_or_words() {
    let site = site();
    let older = published_stalled_report(&site, "Culvert works stopped in March.");
    let newer = published_stalled_report(&site, "Bridge deck half done, 50% paid, nobody on site.");
    let roads = signed_in(&site, ROADS_OFFICER);
    let queue = roads.get("/staff/reports");
    assert_eq!(queue.status, 200);
    let at = |r: &str| queue.body.find(&format!("/staff/reports/{r}\"")).unwrap();
    assert!(at(&newer) < at(&older), "newest first: {}", queue.body);

    // By reference, in any case: straight to it.
    let found = roads.get(&format!("/staff/reports?q={}", newer.to_lowercase()));
    assert_eq!(found.status, 303, "{}", found.body);
    assert_eq!(found.location, format!("/staff/reports/{newer}"));
    // By words; LIKE's wildcards and quotes are taken as they are.
    let words = roads.get("/staff/reports?q=BRIDGE+deck");
    assert_eq!(words.status, 200);
    assert!(
        words.body.contains(&newer) && !words.body.contains(&older),
        "{}",
        words.body
    );
    for hostile in ["50%25", "%25", "_", "%27+OR+1%3D1+--", "%3Cscript%3E"] {
        let r = roads.get(&format!("/staff/reports?q={hostile}"));
        assert_eq!(r.status, 200, "{hostile}");
        assert!(!r.body.contains("<script>"), "{hostile}");
    }
    let percent = roads.get("/staff/reports?q=50%25");
    assert!(percent.body.contains(&newer) && !percent.body.contains(&older));
    let any = roads.get("/staff/reports?q=%25");
    assert!(
        !any.body.contains(&older),
        "a bare % matches only a text with one"
    );

    // Another office's report is not found by its reference.
    let water = signed_in(&site, WATER_OFFICER);
    let other = water.get(&format!("/staff/reports?q={newer}"));
    assert_eq!(other.status, 200);
    assert!(
        !other.body.contains(&format!("/staff/reports/{newer}")),
        "{}",
        other.body
    );
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
    // The follow form carries what they wrote.
    let wrote = field(&similar.body, "text");
    assert_eq!(wrote, "Standpipe dry.");
    let follow = [("token", token.as_str()), ("text", wrote.as_str())];
    let followed = b.post(&format!("/reports/{first}/follow"), &follow);
    assert_eq!(followed.status, 200);
    // The answer refreshed: the same follower, the same link.
    let again = b.post(&format!("/reports/{first}/follow"), &follow);
    assert_eq!(tracking(&again.body), tracking(&followed.body));
    assert!(
        b.get(&format!("/reports/{first}"))
            .body
            .contains("<dd>the person who sent it and 1 other</dd>"),
        "two following"
    );
    // What the follower wrote is not lost: it waits, once, for the moderator on the report
    // followed, and is not public before.
    assert!(
        similar
            .body
            .contains("What you wrote is added to the one you follow")
    );
    let staff = moderator.get(&format!("/staff/reports/{first}"));
    assert_eq!(
        staff
            .body
            .matches("<p class=\"report-text\">Standpipe dry.</p>")
            .count(),
        1,
        "{}",
        staff.body
    );
    assert!(
        !b.get(&format!("/reports/{first}"))
            .body
            .contains("Standpipe dry.")
    );
    // The follower's link says the report is someone else's, in either language.
    let follower = b.get(&tracking(&followed.body));
    assert!(
        follower.body.contains("The report you follow") && !follower.body.contains("Your report"),
        "{}",
        follower.body
    );
    let sw = b.get(&format!("{}?lang=sw", tracking(&followed.body)));
    assert!(sw.body.contains("Ripoti unayoifuatilia"), "{}", sw.body);
    let own = a.get(&tracking(&filed.body));
    assert!(own.body.contains("Your report"), "{}", own.body);
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
fn a_follower_is_not_offered_reopening_and_is_refused_it_while_the_reporter_reopens() {
    let site = site();
    let (reference, reporter_link) =
        published_stalled_report_and_link(&site, "No one on site since March.");
    let reporter = Browser::new(&site);
    let follower = Browser::new(&site);
    let follow = follower.get(&format!("/reports/{reference}/follow"));
    let followed = follower.post(
        &format!("/reports/{reference}/follow"),
        &[("token", &field(&follow.body, "token"))],
    );
    assert_eq!(followed.status, 200, "{}", followed.body);
    assert!(
        !followed.body.contains("reopen"),
        "the follower's link is not said to reopen: {}",
        followed.body
    );
    let link = tracking(&followed.body);
    let roads = signed_in(&site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    let resolved = roads.post(
        &format!("/staff/reports/{reference}/act"),
        &[
            ("csrf", &csrf),
            ("action", "resolve"),
            ("text", "Works resumed."),
        ],
    );
    assert_eq!(resolved.status, 200, "{}", resolved.body);

    // The follower's page offers no reopening: it says whose it is and what to do instead.
    let page = follower.get(&link);
    assert!(
        !page.body.contains("/reopen\"")
            && page
                .body
                .contains("Only the person who sent the report can reopen it.")
            && page.body.contains(&format!("action=\"{link}/info\"")),
        "{}",
        page.body
    );
    // A reopening posted by hand with the page's own valid token: refused, said why and
    // what to do, and what was written waits in the information form; nothing changes.
    let events = |site: &Site| {
        let report = site
            .runtime
            .block_on(site.feedback.by_reference(&reference))
            .unwrap()
            .unwrap();
        site.runtime
            .block_on(site.feedback.history(&report, false))
            .unwrap()
            .len()
    };
    let before = events(&site);
    let hostile = follower.post(
        &format!("{link}/reopen"),
        &[
            ("token", &field(&page.body, "token")),
            ("text", "Still nobody on site."),
        ],
    );
    assert_eq!(hostile.status, 400, "{}", hostile.body);
    assert!(
        hostile.body.contains(
            "Only the person who sent the report can reopen it; write what is still wrong as \
             information below, or send a report of your own"
        ) && hostile
            .body
            .contains("required>Still nobody on site.</textarea>"),
        "{}",
        hostile.body
    );
    assert_eq!(site.feedback_status(&reference), "resolved");
    assert_eq!(events(&site), before, "no event");
    // In Swahili, the same.
    let sw = follower.get(&format!("{link}?lang=sw"));
    let hostile = follower.post(
        &format!("{link}/reopen"),
        &[
            ("token", &field(&sw.body, "token")),
            ("text", "Bado hakuna mtu."),
        ],
    );
    assert_eq!(hostile.status, 400, "{}", hostile.body);
    assert!(
        hostile
            .body
            .contains("Ni aliyetuma ripoti pekee anayeweza kuifungua tena")
            && !hostile.body.contains("only the person"),
        "{}",
        hostile.body
    );
    assert_eq!(site.feedback_status(&reference), "resolved");

    // The reporter still reopens it.
    let own = reporter.get(&reporter_link);
    assert!(
        own.body
            .contains(&format!("action=\"{reporter_link}/reopen\""))
    );
    let reopened = reporter.post(
        &format!("{reporter_link}/reopen"),
        &[
            ("token", &field(&own.body, "token")),
            ("text", "Nobody came back after the answer."),
        ],
    );
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    assert_eq!(site.feedback_status(&reference), "reopened");
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
    assert!(
        unknown.body.contains("Choose what the report is about"),
        "{}",
        unknown.body
    );
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
    // No token, or another site's (or one expired): 403, nothing filed; what was typed
    // comes back in a fresh form, which sends it.
    let stranger = Browser::new(&site);
    let before = site.report_count();
    let refused = stranger.post(
        "/report",
        &[
            ("category", "refuse"),
            ("text", "Skip full at the bus park"),
            ("ward", "MLM-02"),
        ],
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(site.report_count(), before);
    assert!(
        refused
            .body
            .contains(">Skip full at the bus park</textarea>")
            && refused.body.contains("nothing was filed"),
        "{}",
        refused.body
    );
    let fresh = field(&refused.body, "token");
    let sent = stranger.post(
        "/report",
        &[
            ("token", &fresh),
            ("category", "refuse"),
            ("text", "Skip full at the bus park"),
            ("ward", "MLM-02"),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(site.report_count(), before + 1);
    // Staff forms without their token: the error page, in the reader's language.
    let moderator = signed_in(&site, MODERATOR);
    let forged = moderator.post("/staff/reports/new?lang=sw", &[("channel", "phone")]);
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert!(
        forged.body.contains("Hairuhusiwi") && !forged.body.contains("upande wetu"),
        "{}",
        forged.body
    );
    // The robots' field: answered, not kept.
    let robot = post(&[
        ("category", "refuse"),
        ("text", "spam"),
        ("website", "http://spam.example"),
    ]);
    assert_eq!(robot.status, 200);
    assert_eq!(
        site.report_count(),
        2,
        "only the SQL-looking one and the one sent again with a fresh token were filed"
    );
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
            // The form again, with what was typed and the wait it announces.
            assert!(
                r.body.contains(&format!(">{text}</textarea>"))
                    && r.body.contains("<option value=\"refuse\" selected"),
                "what was typed is kept: {}",
                r.body
            );
            let unit = if wait == 1 { "second" } else { "seconds" };
            assert!(
                r.body
                    .contains(&format!("Wait {wait} {unit}, then send it again")),
                "{}",
                r.body
            );
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
    // In Swahili the form says what happened and how long to wait, in Swahili only,
    // and keeps everything typed (the walkthrough lost it to an error page that said
    // "a minute" above an English "2 seconds").
    let sw = b.post(
        "/report?lang=sw",
        &[
            ("token", &token),
            ("category", "refuse"),
            ("text", "Taka hazijakusanywa mtaa wa Soko"),
            ("name", "Wanjiru Kamau"),
            ("contact", "+254 700 000 001"),
        ],
    );
    assert_eq!(sw.status, 429);
    let wait = &sw.retry_after;
    assert!(
        sw.body
            .contains(&format!("Subiri sekunde {wait}, kisha uitume tena"))
            && !sw.body.contains("dakika moja")
            && !sw.body.contains("Kwa Kiingereza")
            && !sw.body.contains("upande wetu"),
        "{}",
        sw.body
    );
    for kept in [
        ">Taka hazijakusanywa mtaa wa Soko</textarea>",
        "value=\"Wanjiru Kamau\"",
        "value=\"+254 700 000 001\"",
        "<option value=\"refuse\" selected",
    ] {
        assert!(sw.body.contains(kept), "{kept} kept in {}", sw.body);
    }
    assert_eq!(site.report_count(), 5, "nothing more was filed");
}

#[test]
fn a_report_sent_again_with_its_form_is_filed_once_and_answered_the_same() {
    // A refresh of the answer, or a second tap when the first answer was lost on a slow
    // network, sends the same form again: one report, the same reference and link.
    let site = site();
    let citizen = Browser::new(&site);
    let form = citizen.get("/report");
    let token = field(&form.body, "token");
    let fields = [
        ("token", token.as_str()),
        ("category", "refuse"),
        ("text", "Skip overflowing at Gatitu stage since Monday"),
        ("ward", "MLM-01"),
    ];
    let before = site.report_count();
    let first = citizen.post("/report", &fields);
    assert_eq!(first.status, 200, "{}", first.body);
    let again = citizen.post("/report", &fields);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(
        (reference(&again.body), tracking(&again.body)),
        (reference(&first.body), tracking(&first.body))
    );
    assert_eq!(site.report_count(), before + 1);
    // Sent at the same moment twice: still one.
    let text = "Burst pipe at Kiriko gate, water on the road";
    let both = [
        ("token", token.as_str()),
        ("category", "water-supply"),
        ("text", text),
        ("ward", "MLM-01"),
    ];
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let sent: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| citizen.post("/report", &both)))
            .collect();
        sent.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|a| a.status == 200));
    assert_eq!(reference(&answers[0].body), reference(&answers[1].body));
    assert_eq!(site.report_count(), before + 2);
    // Another report from the same browser (the same form token) is another report.
    let other = citizen.post(
        "/report",
        &[
            ("token", token.as_str()),
            ("category", "refuse"),
            ("text", "Skip overflowing at Gatitu stage, and now burning"),
            ("ward", "MLM-01"),
        ],
    );
    assert_ne!(reference(&other.body), reference(&first.body));
    assert_eq!(site.report_count(), before + 3);
    // Another browser sending the same words files its own.
    let neighbour = report(&Browser::new(&site), "", &fields[1..]);
    assert_ne!(reference(&neighbour.body), reference(&first.body));
    assert_eq!(site.report_count(), before + 4);
}

#[test]
fn a_response_sent_after_the_session_ended_comes_back_to_copy_with_the_sign_in_form() {
    let site = site();
    let roads = signed_in(&site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    // Signed out meanwhile (elsewhere, or idle past sessions.idle_hours).
    assert_eq!(
        roads.post("/staff/sign-out", &[("csrf", &csrf)]).status,
        303
    );
    let typed = "Asante kwa ripoti. <b>Timu</b> itafika Jumatatu.";
    let r = roads.post(
        "/staff/reports/MLM-2026-000001/act?lang=sw",
        &[("csrf", &csrf), ("action", "respond"), ("text", typed)],
    );
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(
        r.body.contains(r#"action="/staff/sign-in""#)
            && r.body.contains("Muda wako wa kuingia ulikuwa umekwisha")
            && r.body.contains(
                "<textarea class=\"kept\" id=\"kept\" readonly rows=\"6\">Asante kwa ripoti. &lt;b&gt;Timu&lt;/b&gt; itafika Jumatatu.</textarea>"
            ),
        "{}",
        r.body
    );
    // Signing in from that form works, and goes on to the workspace.
    let token = field(&r.body, "token");
    let again = roads.post(
        "/staff/sign-in",
        &[
            ("token", &token),
            ("email", ROADS_OFFICER.0),
            ("password", ROADS_OFFICER.1),
            ("next", &field(&r.body, "next")),
        ],
    );
    assert_eq!(again.status, 303, "{}", again.body);
    assert!(again.location.starts_with("/staff"), "{}", again.location);
    assert!(site.audit("report.respond").is_empty(), "nothing was done");
}

#[test]
fn reports_with_and_without_a_place_file_one_after_another_on_any_database() {
    // On PostgreSQL a report without a place once left its statement prepared for a
    // float4 latitude, and the next report with one on that connection failed.
    let site = site();
    for i in 0..30 {
        let filed = site.runtime.block_on(site.feedback.file(
            &disclose::staff::Actor::cli(),
            disclose::feedback::NewReport {
                category: "refuse".into(),
                text: format!("Refuse not collected at stage {i}"),
                point: (i % 2 == 1).then_some((-1.42, 37.3 + f64::from(i) * 0.0001)),
                ..Default::default()
            },
        ));
        assert!(filed.is_ok(), "report {i}: {filed:?}");
    }
    assert_eq!(site.report_count(), 30);
}

#[test]
fn links_that_leave_the_screen_carry_the_configured_public_address() {
    // Behind a proxy the address a request reached may be an internal one; the tracking
    // link a reporter keeps and the printed notice's link use `public_url`.
    let site = staffed(Site::with(|c| {
        c.public_url = Some("http://data.mlima.example/".into())
    }));
    let citizen = Browser::new(&site);
    let filed = report(
        &citizen,
        "",
        &[
            ("category", "water-supply"),
            ("text", "No water at Kiriko since Monday"),
        ],
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let link = tracking(&filed.body);
    let whole = format!("http://data.mlima.example{link}");
    assert!(
        filed
            .body
            .contains(&format!(r#"href="{whole}">{whole}</a>"#)),
        "{}",
        filed.body
    );
    assert_eq!(citizen.get(&link).status, 200, "the path itself answers");
    let project = a_project(&citizen);
    let notice = citizen.get(&format!("/projects/{project}/notice"));
    assert_eq!(notice.status, 200);
    assert!(
        notice.body.contains("http://data.mlima.example/datasets/"),
        "{}",
        notice.body
    );
    assert!(!notice.body.contains(&site.url), "{}", notice.body);
}

#[test]
fn staff_take_a_report_by_phone_or_at_the_counter_with_a_photo_and_the_channel_is_recorded() {
    let site = site();
    let roads = signed_in(&site, ROADS_OFFICER);
    let page = roads.get("/staff/reports/new");
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = field(&page.body, "csrf");
    let call = [
        ("csrf", csrf.as_str()),
        ("channel", "phone"),
        ("category", "road-damage"),
        ("text", "Pothole at the market junction."),
        ("ward", "MLM-01"),
        ("name", "Caller"),
        ("contact", "0700 000 002"),
    ];
    let r = roads.post("/staff/reports/new", &call);
    assert_eq!(r.status, 200, "{}", r.body);
    let reference = reference(&r.body);
    // The link to give by SMS or on paper is whole: the site's address and the path.
    let link = regex::Regex::new(r#"<code class="tracking">(http://[^<]+)</code>"#)
        .unwrap()
        .captures(&r.body)
        .unwrap_or_else(|| panic!("no whole tracking link in {}", r.body))[1]
        .to_string();
    assert!(link.starts_with(&format!("{}/track/", site.url)), "{link}");
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
    // The answer refreshed sends the form again: the same report, not a second one.
    let again = roads.post("/staff/reports/new", &call);
    assert_eq!(again.status, 200, "{}", again.body);
    assert!(
        again.body.contains(&format!(">{reference}<")),
        "{}",
        again.body
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
    // At the counter, with the person's photo: kept, waiting for a moderator, no Exif.
    let page = roads.get("/staff/reports/new");
    assert!(page.body.contains(r#"enctype="multipart/form-data""#));
    let r = roads.post_multipart(
        "/staff/reports/new",
        &[
            ("csrf", &csrf),
            ("channel", "counter"),
            ("category", "road-damage"),
            ("text", "Collapsed drain; photo from the resident's phone."),
            ("ward", "MLM-01"),
        ],
        &[("photo", "drain.jpg", "image/jpeg", &jpeg_with_gps(800, 600))],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let with_photo = site
        .runtime
        .block_on(site.feedback.by_reference(&reference_in(&r.body)))
        .unwrap()
        .unwrap();
    assert_eq!(
        (with_photo.channel.as_str(), with_photo.photo.as_str()),
        ("counter", "pending")
    );
    let kept = std::fs::read(
        site.staff
            .config
            .state_dir
            .join(format!("photos/{}.jpg", with_photo.id)),
    )
    .unwrap();
    assert!(!has(&kept, b"Exif"));
    // Without the session's CSRF token: refused, recorded, nothing filed.
    let before = site.report_count();
    let r = roads.post_multipart(
        "/staff/reports/new",
        &[
            ("channel", "counter"),
            ("category", "road-damage"),
            ("text", "x"),
        ],
        &[("photo", "drain.jpg", "image/jpeg", &jpeg_with_gps(64, 64))],
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(site.report_count(), before);
    assert!(!site.audit("csrf.rejected").is_empty());
}

fn reference_in(body: &str) -> String {
    reference(body)
}

/// A JPEG of `width` × `height` that carries an Exif APP1 segment with a GPS position
/// (latitude S 1° 25' 12.34"), put right after SOI, as a phone camera writes it.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 80)
        .encode_image(&picture)
        .unwrap();
    // TIFF, big-endian: IFD0 with the GPS IFD pointer (tag 0x8825), then the GPS IFD:
    // GPSLatitudeRef "S" and GPSLatitude as three rationals.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        tiff.extend(tag.to_be_bytes());
        tiff.extend(kind.to_be_bytes());
        tiff.extend(count.to_be_bytes());
        tiff.extend(value);
    };
    tiff.extend(1u16.to_be_bytes());
    entry(&mut tiff, 0x8825, 4, 1, 26u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(2u16.to_be_bytes());
    entry(&mut tiff, 0x0001, 2, 2, *b"S\0\0\0");
    entry(&mut tiff, 0x0002, 5, 3, 56u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    for (n, d) in [(1u32, 1u32), (25, 1), (1234, 100)] {
        tiff.extend(n.to_be_bytes());
        tiff.extend(d.to_be_bytes());
    }
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    assert_eq!(&plain[..2], &[0xFF, 0xD8], "a JPEG starts with SOI");
    let mut out = plain[..2].to_vec();
    out.extend(app1);
    out.extend(&plain[2..]);
    out
}

fn has(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Files a report with a photo through the multipart form, as a browser without
/// JavaScript sends it.
fn report_with_photo(
    b: &Browser,
    fields: &[(&str, &str)],
    name: &str,
    kind: &str,
    photo: &[u8],
) -> Answer {
    let form = b.get("/report");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains(r#"enctype="multipart/form-data""#)
            && form.body.contains(r#"type="file" name="photo""#),
        "{}",
        form.body
    );
    let token = field(&form.body, "token");
    let mut all = vec![("token", token.as_str())];
    all.extend_from_slice(fields);
    b.post_multipart("/report", &all, &[("photo", name, kind, photo)])
}

fn photos_in(site: &Site) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(site.staff.config.state_dir.join("photos"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// The moderator's account, to moderate through the service itself.
fn moderator_account(site: &Site) -> disclose::staff::Account {
    site.runtime
        .block_on(site.staff.db.account_by_email(MODERATOR.0))
        .unwrap()
        .unwrap()
}

#[test]
fn a_portrait_photo_is_sized_before_it_loads_and_kept_to_half_a_phone_screen() {
    use disclose::feedback::{Moderation, PhotoDecision};
    use disclose::staff::Actor;
    let site = site();
    let citizen = Browser::new(&site);
    let filed = report_with_photo(
        &citizen,
        &[
            ("category", "road-damage"),
            ("text", "The culvert wall has collapsed into the drain."),
            ("ward", "MLM-01"),
        ],
        "IMG_2042.JPG",
        "image/jpeg",
        &jpeg_with_gps(1200, 1600),
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let reference = reference(&filed.body);
    let moderator = moderator_account(&site);
    site.runtime
        .block_on(site.feedback.moderate(
            &Actor::cli(),
            &moderator,
            &reference,
            Moderation::Publish,
        ))
        .unwrap();
    site.runtime
        .block_on(site.feedback.moderate_photo(
            &Actor::cli(),
            &moderator,
            &reference,
            PhotoDecision::Approve,
        ))
        .unwrap();
    let public = citizen.get(&format!("/reports/{reference}"));
    // Its box is known before the photo arrives, upright.
    assert!(
        public.body.contains(&format!(
            r#"<img src="/reports/{reference}/photo.jpg" width="1200" height="1600""#
        )),
        "{}",
        public.body
    );
    // The stylesheet keeps it within half the screen's height, whole, and lets a landscape
    // photo fill the width.
    let css = public
        .body
        .split(r#"rel="stylesheet" href=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|path| citizen.get(path).body)
        .expect("the stylesheet");
    let rule = css
        .split("figure.photo img {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .expect("the photo's rule");
    for declaration in [
        "max-width: 100%",
        "height: auto",
        "max-height: 50vh",
        "object-fit: contain",
    ] {
        assert!(rule.contains(declaration), "{declaration} in {rule}");
    }
}

#[test]
fn a_photo_is_kept_without_exif_or_gps_at_most_1600_px_and_public_only_once_approved() {
    let site = site();
    let citizen = Browser::new(&site);
    let sent = jpeg_with_gps(2400, 1800);
    assert!(has(&sent, b"Exif") && has(&sent, &1234u32.to_be_bytes()));
    let filed = report_with_photo(
        &citizen,
        &[
            ("category", "road-damage"),
            (
                "text",
                "A pothole swallowed a wheel at the market junction.",
            ),
            ("ward", "MLM-01"),
        ],
        "IMG_2041.JPG",
        "image/jpeg",
        &sent,
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let reference = reference(&filed.body);
    let report = site
        .runtime
        .block_on(site.feedback.by_reference(&reference))
        .unwrap()
        .expect("the report is filed");
    assert_eq!(report.photo.as_str(), "pending");

    // The kept file: a JPEG, 1600 px on its long side, no Exif, no GPS.
    let kept_path = site
        .staff
        .config
        .state_dir
        .join(format!("photos/{}.jpg", report.id));
    let kept = std::fs::read(&kept_path).expect("the photo is kept under the state dir");
    assert_eq!(
        image::guess_format(&kept).unwrap(),
        image::ImageFormat::Jpeg
    );
    let decoded = image::load_from_memory(&kept).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1600, 1200));
    assert_eq!(report.photo_size, (1600, 1200));
    assert!(!has(&kept, b"Exif"), "no Exif in the kept photo");
    assert!(
        !has(&kept, b"MM\x00\x2a"),
        "no TIFF block (Exif, GPS) in the kept photo"
    );

    // Not public before the report and the photo are both approved.
    let photo = format!("/reports/{reference}/photo.jpg");
    assert_eq!(citizen.get_bytes(&photo, &[]).0, 404);
    let moderator = signed_in(&site, MODERATOR);
    let csrf = moderator.csrf("/staff");
    let r = moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, _, body) = citizen.get_bytes(&photo, &[]);
    assert_eq!(status, 404, "pending photos are private");
    let unknown = citizen.get_bytes("/reports/MLM-2020-999999/photo.jpg", &[]);
    assert_eq!(
        (
            unknown.0,
            String::from_utf8_lossy(&unknown.2).contains("no published photo")
        ),
        (
            404,
            String::from_utf8_lossy(&body).contains("no published photo")
        ),
        "a pending photo answers as an unknown one"
    );
    let public = citizen.get(&format!("/reports/{reference}"));
    assert!(!public.body.contains("photo.jpg"), "{}", public.body);

    // Staff who may see the report see the pending photo, never cached; others do not.
    let staff_photo = format!("/staff/reports/{reference}/photo.jpg");
    let (status, headers, bytes) = moderator.get_bytes(&staff_photo, &[]);
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(bytes, kept);
    let roads = signed_in(&site, ROADS_OFFICER);
    assert_eq!(roads.get_bytes(&staff_photo, &[]).0, 200);
    let page = roads.get(&format!("/staff/reports/{reference}"));
    assert!(page.body.contains(&staff_photo), "{}", page.body);
    assert!(
        !page.body.contains("value=\"approve\""),
        "officers do not moderate"
    );
    let water = signed_in(&site, WATER_OFFICER);
    assert_eq!(water.get_bytes(&staff_photo, &[]).0, 403);
    assert_eq!(citizen.get_bytes(&staff_photo, &[]).0, 303, "sign in first");

    // An officer of another office cannot approve; nor can a form without its CSRF token.
    let approve = format!("/staff/reports/{reference}/photo");
    let water_csrf = water.csrf("/staff");
    let refused = water.post(&approve, &[("csrf", &water_csrf), ("decision", "approve")]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    let no_token = moderator.post(&approve, &[("decision", "approve")]);
    assert_eq!(no_token.status, 403, "{}", no_token.body);
    assert_eq!(citizen.get_bytes(&photo, &[]).0, 404, "still private");

    // The moderator approves: public, as a JPEG that browsers must not sniff.
    let page = moderator.get(&format!("/staff/reports/{reference}"));
    assert!(page.body.contains("value=\"approve\""), "{}", page.body);
    let r = moderator.post(&approve, &[("csrf", &csrf), ("decision", "approve")]);
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, headers, served) = citizen.get_bytes(&photo, &[]);
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-cache");
    assert_eq!(served, kept);
    assert!(!has(&served, b"Exif"), "no Exif in the served photo");
    let etag = headers["etag"].to_str().unwrap().to_string();
    assert_eq!(
        citizen.get_bytes(&photo, &[("if-none-match", &etag)]).0,
        304
    );
    let public = citizen.get(&format!("/reports/{reference}"));
    assert!(
        public.body.contains(&format!(
            r#"<img src="{photo}" width="1600" height="1200" loading="lazy" alt="Photo sent with report {reference}">"#
        )),
        "{}",
        public.body
    );
    assert!(public.body.contains("Photo shown"), "{}", public.body);
    assert!(!public.body.contains("moderator@"), "no moderator's name");
    let open311 = citizen.get(&format!("/open311/v2/requests/{reference}.json"));
    assert!(
        open311
            .body
            .contains(&format!("/reports/{reference}/photo.jpg")),
        "{}",
        open311.body
    );
    assert_eq!(site.audit("report.photo_approve").len(), 1);
    assert_eq!(
        site.audit("report.photo").len(),
        1,
        "the refusal is recorded"
    );
}

#[test]
fn a_rejected_photo_stays_private_with_its_reason() {
    let site = site();
    let citizen = Browser::new(&site);
    let filed = report_with_photo(
        &citizen,
        &[
            ("category", "refuse"),
            ("text", "Refuse heaped by the bus stage."),
            ("ward", "MLM-02"),
        ],
        "heap.jpg",
        "image/jpeg",
        &jpeg_with_gps(640, 480),
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let reference = reference(&filed.body);
    let moderator = signed_in(&site, MODERATOR);
    let csrf = moderator.csrf("/staff");
    moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    let r = moderator.post(
        &format!("/staff/reports/{reference}/photo"),
        &[("csrf", &csrf), ("decision", "reject")],
    );
    assert_eq!(r.status, 400, "a rejection needs its reason: {}", r.body);
    let r = moderator.post(
        &format!("/staff/reports/{reference}/photo"),
        &[
            ("csrf", &csrf),
            ("decision", "reject"),
            ("reason", "personal_data"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("personal data removed"), "{}", r.body);
    assert_eq!(
        citizen
            .get_bytes(&format!("/reports/{reference}/photo.jpg"), &[])
            .0,
        404
    );
    let public = citizen.get(&format!("/reports/{reference}"));
    assert_eq!(public.status, 200);
    assert!(
        !public.body.contains("photo.jpg") && !public.body.contains("Photo not shown"),
        "{}",
        public.body
    );
    assert_eq!(
        moderator
            .get_bytes(&format!("/staff/reports/{reference}/photo.jpg"), &[])
            .0,
        200,
        "kept for the record"
    );
    assert_eq!(site.audit("report.photo_reject").len(), 1);
}

#[test]
fn bad_photos_are_refused_with_the_text_kept_and_nothing_saved() {
    let site = Site::with(|c| c.feedback.photo_max_bytes = 200_000);
    let b = Browser::new(&site);
    let text = "Broken culvert on the river road; water crosses the road.";
    let fields = [
        ("category", "road-damage"),
        ("text", text),
        ("ward", "MLM-01"),
    ];

    // A text file named .jpg and declared image/jpeg: sniffed, refused.
    let fake = report_with_photo(
        &b,
        &fields,
        "culvert.jpg",
        "image/jpeg",
        b"reference,amount\nMLM-1,100\n",
    );
    assert_eq!(fake.status, 400, "{}", fake.body);
    assert!(
        fake.body
            .contains("not a JPEG, PNG or WebP photo (its content was checked, not its name); choose a JPEG, PNG or WebP photo under 0.2 MB"),
        "{}",
        fake.body
    );
    assert!(
        fake.body.contains(text),
        "the text comes back: {}",
        fake.body
    );
    assert!(
        fake.body
            .contains(r#"<option value="road-damage" selected>"#)
    );

    // A small PNG that declares 100,000 × 100,000 pixels.
    let mut bomb = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(1, 1))
        .write_to(
            &mut std::io::Cursor::new(&mut bomb),
            image::ImageFormat::Png,
        )
        .unwrap();
    bomb[16..24].copy_from_slice(&[0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0]);
    let mut crc = flate2::Crc::new();
    crc.update(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    let r = report_with_photo(&b, &fields, "bomb.png", "image/png", &bomb);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("more pixels than this site decodes"),
        "{}",
        r.body
    );
    assert!(r.body.contains(text));

    // Over the photo limit but within the form's margin: the form again, said why.
    let over = vec![0xFFu8; 230_000];
    let r = report_with_photo(&b, &fields, "big.jpg", "image/jpeg", &over);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("The photo is over"), "{}", r.body);
    assert!(r.body.contains(text));
    // Far over: the body limit answers 413 with what to do (the rest of the body read and
    // dropped first, so the client reads the page rather than a reset connection).
    let huge = vec![0xFFu8; 900_000];
    let r = report_with_photo(&b, &fields, "huge.jpg", "image/jpeg", &huge);
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(
        r.body.contains("feedback.photo_max_bytes")
            && r.body
                .contains("choose a JPEG, PNG or WebP photo under 0.2 MB"),
        "{}",
        r.body
    );
    // A declared length far over the limit is refused before a byte of the body is read.
    {
        use std::io::{Read, Write};
        let cookie = b
            .agent
            .cookie_jar_lock()
            .iter()
            .find(|c| c.name() == "disclose_form")
            .map(|c| c.value().to_string())
            .expect("the form cookie");
        let mut tcp = std::net::TcpStream::connect(site.url.trim_start_matches("http://")).unwrap();
        write!(
            tcp,
            "POST /report HTTP/1.1\r\nHost: x\r\nCookie: disclose_form={cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000000\r\n\r\n"
        )
        .unwrap();
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut head = [0u8; 12];
        tcp.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 413");
    }

    assert_eq!(site.report_count(), 0, "no report half-saved");
    assert!(photos_in(&site).is_empty(), "{:?}", photos_in(&site));
    // A form without its token is refused before any photo is looked at.
    let stranger = Browser::new(&site);
    let r = stranger.post_multipart(
        "/report",
        &fields,
        &[("photo", "a.jpg", "image/jpeg", &jpeg_with_gps(64, 64))],
    );
    assert_eq!(r.status, 403);
    assert_eq!(site.report_count(), 0);
}

#[test]
fn a_busy_project_offers_the_likeliest_similar_reports_and_counts_the_rest() {
    use disclose::feedback::{Clock, Moderation, NewReport};
    let clock = Clock::manual(1_780_000_000);
    let site = staffed(Site::with_clock(clock.clone()));
    let citizen = Browser::new(&site);
    let project = a_project(&citizen);
    let moderator = moderator_account(&site);
    // Eight open reports on the project, an hour apart; the oldest names what the new
    // one will (the machines taken away), the seven after it another problem.
    let mut texts = vec!["The excavator and the roller were taken away from the site.".to_string()];
    texts.extend((1..=7).map(|i| format!("Works stopped, nobody on site in week {i}.")));
    let mut filed = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        clock.set(1_780_000_000 + 3_600 * i as i64);
        let reference = site
            .runtime
            .block_on(site.feedback.file(
                &disclose::staff::Actor::cli(),
                NewReport {
                    category: "works-stalled".into(),
                    text: text.clone(),
                    project_id: project.clone(),
                    ..NewReport::default()
                },
            ))
            .unwrap()
            .reference;
        site.runtime
            .block_on(site.feedback.moderate(
                &disclose::staff::Actor::cli(),
                &moderator,
                &reference,
                Moderation::Publish,
            ))
            .unwrap();
        filed.push(reference);
    }
    clock.set(1_780_100_000);
    let fields = [
        ("category", "works-stalled"),
        ("text", "They took the excavator away last week."),
        ("project", project.as_str()),
    ];
    let similar = report(&citizen, &format!("?project={project}"), &fields);
    assert_eq!(similar.status, 200, "{}", similar.body);
    assert_eq!(
        similar.body.matches("Follow this one instead").count(),
        5,
        "{}",
        similar.body
    );
    // The likeliest first, though seven were filed after it.
    let first = similar.body.find(&format!("<strong>{}</strong>", filed[0]));
    let newest = similar.body.find(&format!("<strong>{}</strong>", filed[7]));
    assert!(first.is_some() && first < newest, "{}", similar.body);
    assert!(
        similar
            .body
            .contains("3 more open reports like these are not listed here."),
        "{}",
        similar.body
    );
    assert!(
        similar.body.contains(&format!(
            r#"href="/reports?project={project}&amp;category=works-stalled""#
        )),
        "{}",
        similar.body
    );
    let sw = report(&citizen, &format!("?project={project}&lang=sw"), &fields);
    assert!(
        sw.body
            .contains("Ripoti nyingine 3 zilizo wazi kama hizi hazijaorodheshwa hapa.")
            && sw.body.contains("Ripoti zote za aina hii kuhusu mradi huu"),
        "{}",
        sw.body
    );
}

#[test]
fn a_photo_waits_while_its_sender_looks_at_similar_reports() {
    let site = site();
    let moderator = signed_in(&site, MODERATOR);
    let a = Browser::new(&site);
    let place = [("lat", "-1.4200"), ("lon", "37.3000")];
    let first = report(
        &a,
        "",
        &[
            ("category", "water-supply"),
            ("text", "No water at the standpipe."),
            place[0],
            place[1],
        ],
    );
    let first = reference(&first.body);
    let csrf = moderator.csrf("/staff");
    moderator.post(
        &format!("/staff/reports/{first}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    let b = Browser::new(&site);
    let similar = report_with_photo(
        &b,
        &[
            ("category", "water-supply"),
            ("text", "The standpipe leaks into the road."),
            place[0],
            place[1],
        ],
        "leak.webp",
        "image/webp",
        &jpeg_with_gps(320, 240),
    );
    assert!(similar.body.contains(&first), "{}", similar.body);
    let staged = field(&similar.body, "photo_staged");
    let token = field(&similar.body, "token");
    let sent = b.post(
        "/report",
        &[
            ("token", &token),
            ("confirm", "1"),
            ("category", "water-supply"),
            ("text", "The standpipe leaks into the road."),
            place[0],
            place[1],
            ("photo_staged", &staged),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    let second = reference(&sent.body);
    let report = site
        .runtime
        .block_on(site.feedback.by_reference(&second))
        .unwrap()
        .unwrap();
    assert_eq!(report.photo.as_str(), "pending");
    assert_eq!(report.photo_size, (320, 240));
    assert_eq!(photos_in(&site).len(), 1, "the staged copy is gone");
}

#[test]
fn the_public_list_filters_and_maps_the_reports_without_javascript() {
    let site = site();
    let moderator = signed_in(&site, MODERATOR);
    let citizen = Browser::new(&site);
    let csrf = moderator.csrf("/staff");
    let mut filed = Vec::new();
    for (category, text, lat, lon) in [
        (
            "water-supply",
            "No water at the kiosk.",
            "-1.41234",
            "37.30123",
        ),
        (
            "refuse",
            "Refuse not collected at the market.",
            "-1.43000",
            "37.31000",
        ),
    ] {
        let answer = report(
            &citizen,
            "",
            &[
                ("category", category),
                ("text", text),
                ("lat", lat),
                ("lon", lon),
            ],
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        let reference = reference(&answer.body);
        moderator.post(
            &format!("/staff/reports/{reference}/moderate"),
            &[("csrf", &csrf), ("decision", "publish")],
        );
        filed.push(reference);
    }
    let dot = |body: &str, reference: &str| {
        // A link to the report inside the drawn map, around its dot.
        let svg = &body[body.find("<svg").expect("a map")..body.find("</svg>").expect("a map")];
        svg.contains(&format!(r#"<a href="/reports/{reference}"><circle"#))
    };
    let all = citizen.get("/reports");
    assert_eq!(all.status, 200, "{}", all.body);
    assert!(filed.iter().all(|r| dot(&all.body, r)), "{}", all.body);
    assert!(
        all.body
            .contains(r#"<form class="filters" method="get" action="/reports">"#)
    );

    // A filter narrows the list and the map alike, and the form keeps the choice.
    let water = citizen.get("/reports?category=water-supply");
    assert!(dot(&water.body, &filed[0]) && !dot(&water.body, &filed[1]));
    assert!(!water.body.contains(&format!("/reports/{}\"", filed[1])));
    assert!(
        water
            .body
            .contains(r#"<option value="water-supply" selected>"#)
    );
    // Nothing is overdue on its first day.
    let overdue = citizen.get("/reports?overdue=1");
    assert_eq!(overdue.status, 200);
    assert!(!filed.iter().any(|r| dot(&overdue.body, r)));
    assert!(overdue.body.contains(r#"name="overdue" value="1" checked"#));
    // In Swahili too; a report not yet moderated is on neither.
    let waiting = reference(
        &report(
            &citizen,
            "",
            &[
                ("category", "refuse"),
                ("text", "Waiting for the moderator."),
                ("lat", "-1.42"),
                ("lon", "37.30"),
            ],
        )
        .body,
    );
    let sw = citizen.get("/reports?lang=sw");
    assert!(sw.body.contains("Ramani ya ripoti zilizoorodheshwa"));
    assert!(!sw.body.contains(&waiting));
    // An anonymous report's place is drawn rounded: the same dot as the rounded point.
    let rounded = citizen.get(&format!("/reports/{}", filed[0]));
    assert!(rounded.body.contains("-1.412, 37.301"), "{}", rounded.body);
    assert!(!rounded.body.contains("1.41234"));
}

#[test]
fn information_a_reporter_adds_waits_for_a_moderator_and_the_original_is_kept() {
    let site = site();
    let citizen = Browser::new(&site);
    let filed = report(
        &citizen,
        "",
        &[
            ("category", "refuse"),
            ("text", "Refuse piling up behind the market."),
        ],
    );
    let reference = reference(&filed.body);
    let link = tracking(&filed.body);
    let moderator = signed_in(&site, MODERATOR);
    let csrf = moderator.csrf("/staff");
    moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    let add = |text: &str| {
        let track = citizen.get(&link);
        let token = field(&track.body, "token");
        citizen.post(
            &format!("{link}/info"),
            &[("token", &token), ("text", text)],
        )
    };
    assert_eq!(
        add("Call me on 0722 000 111, the pile is now blocking the road.").status,
        200
    );
    assert_eq!(add("<b>spam</b> buy now").status, 200);
    // Sent again (the answer refreshed): added once, so two wait for the moderator.
    assert_eq!(add("<b>spam</b> buy now").status, 200);
    // Private until moderated; the moderator's queue lists the report again.
    let public = citizen.get(&format!("/reports/{reference}"));
    assert!(!public.body.contains("blocking the road") && !public.body.contains("buy now"));
    assert!(moderator.get("/staff/reports").body.contains(&reference));
    let page = moderator.get(&format!("/staff/reports/{reference}"));
    let ids: Vec<String> = regex::Regex::new(&format!(
        r#"action="/staff/reports/{reference}/info/(\d+)""#
    ))
    .unwrap()
    .captures_iter(&page.body)
    .map(|c| c[1].to_string())
    .collect();
    assert_eq!(ids.len(), 2, "{}", page.body);
    let decide = |b: &Browser, id: &str, fields: &[(&str, &str)]| {
        b.post(&format!("/staff/reports/{reference}/info/{id}"), fields)
    };
    // Without the form's token, or by an officer: refused, nothing changes.
    assert_eq!(
        decide(&moderator, &ids[0], &[("decision", "publish")]).status,
        403
    );
    let roads = signed_in(&site, ROADS_OFFICER);
    let roads_csrf = roads.csrf("/staff");
    assert_eq!(
        decide(
            &roads,
            &ids[0],
            &[("csrf", &roads_csrf), ("decision", "publish")]
        )
        .status,
        403
    );
    // Another report's information, or none: not found.
    assert_eq!(
        decide(
            &moderator,
            "999999",
            &[("csrf", &csrf), ("decision", "publish")]
        )
        .status,
        404
    );
    // Edited to remove the phone number (the original kept privately); the spam kept private.
    let edited = decide(
        &moderator,
        &ids[0],
        &[
            ("csrf", &csrf),
            ("decision", "publish_edited"),
            ("text", "The pile is now blocking the road."),
            ("reason", "personal_data"),
        ],
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    let kept = decide(
        &moderator,
        &ids[1],
        &[("csrf", &csrf), ("decision", "reject"), ("reason", "spam")],
    );
    assert_eq!(kept.status, 200, "{}", kept.body);
    // Decided once only.
    let again = decide(
        &moderator,
        &ids[1],
        &[("csrf", &csrf), ("decision", "publish")],
    );
    assert_eq!(again.status, 400);
    assert!(again.body.contains("already moderated"), "{}", again.body);
    let public = citizen.get(&format!("/reports/{reference}"));
    assert!(
        public.body.contains("The pile is now blocking the road."),
        "{}",
        public.body
    );
    assert!(!public.body.contains("0722") && !public.body.contains("buy now"));
    let staff_page = moderator.get(&format!("/staff/reports/{reference}"));
    assert!(
        staff_page.body.contains("0722 000 111"),
        "the original is kept for staff"
    );
    assert!(
        !staff_page.body.contains("/info/"),
        "nothing waits any more"
    );
    assert!(!moderator.get("/staff/reports").body.contains(&reference));
    for action in ["report.info_edited", "report.info_kept_private"] {
        assert_eq!(site.audit(action).len(), 1, "{action}");
    }
}

#[test]
fn reports_filed_at_once_get_distinct_references_in_one_statement_each() {
    let site = site();
    let actor = disclose::staff::Actor {
        name: "test".into(),
        address: "127.0.0.1".into(),
    };
    let filed: Vec<String> = site.runtime.block_on(async {
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let fb = site.feedback.clone();
                let actor = actor.clone();
                tokio::spawn(async move {
                    fb.file(
                        &actor,
                        disclose::feedback::NewReport {
                            category: "refuse".into(),
                            text: format!("Refuse at stall {i}"),
                            ..Default::default()
                        },
                    )
                    .await
                    .map(|f| f.reference)
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap().unwrap());
        }
        out
    });
    let shape = regex::Regex::new(r"^[A-Z]+-\d{4}-(\d{6,})$").unwrap();
    let mut numbers: Vec<u64> = filed
        .iter()
        .map(|r| {
            shape.captures(r).unwrap_or_else(|| panic!("{r}"))[1]
                .parse()
                .unwrap()
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 24, "distinct: {filed:?}");
    // Each reference is its row's: found by it, with its own text.
    for r in &filed {
        let report = site
            .runtime
            .block_on(site.feedback.by_reference(r))
            .unwrap()
            .expect("the report");
        assert!(report.reference.ends_with(&format!("{:06}", report.id)));
    }
}

#[test]
fn kept_pages_change_as_soon_as_the_public_record_does() {
    let site = site();
    let citizen = Browser::new(&site);
    let filed = report(
        &citizen,
        "",
        &[
            ("category", "refuse"),
            ("text", "Skip overflowing at the bus park."),
        ],
    );
    let reference = reference(&filed.body);
    // The list is kept between visitors: the same bytes twice.
    let before = citizen.get("/reports");
    assert_eq!(before.body, citizen.get("/reports").body);
    assert!(!before.body.contains(&reference));
    // The report form is private (its token is one visitor's): never kept.
    assert_ne!(
        field(&Browser::new(&site).get("/report").body, "token"),
        field(&Browser::new(&site).get("/report").body, "token")
    );
    // A moderation shows at once, not when the kept page ages.
    let moderator = signed_in(&site, MODERATOR);
    let csrf = moderator.csrf("/staff");
    moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    assert!(citizen.get("/reports").body.contains(&reference));
    // And so does an officer's action on the report's own page.
    let page = citizen.get(&format!("/reports/{reference}"));
    let roads_office = site
        .feedback
        .protocol()
        .category("refuse")
        .unwrap()
        .office
        .clone();
    let officer = ("refuse.officer@mlima.example", "refuse-officer-pass-1");
    site.account(officer.0, Role::Officer, &[&roads_office], officer.1);
    let officer = signed_in(&site, officer);
    let csrf = officer.csrf("/staff");
    officer.post(
        &format!("/staff/reports/{reference}/act"),
        &[
            ("csrf", &csrf),
            ("action", "respond"),
            ("text", "Collection on Friday."),
        ],
    );
    let after = citizen.get(&format!("/reports/{reference}"));
    assert!(!page.body.contains("Collection on Friday."));
    assert!(
        after.body.contains("Collection on Friday."),
        "{}",
        after.body
    );
}

/// The walkthrough: the thank-you page said nothing of the report's public page (a 404
/// until a moderator publishes it), the tracking page did not say which project the
/// report is on, and the public page read "Project MLM-RD-0001 · Ward MLM-01".
#[test]
fn a_report_on_a_project_names_it_and_its_ward_and_says_when_it_becomes_public() {
    let site = site();
    let citizen = Browser::new(&site);
    let project = "MLM-RD-0001";
    let by_name = |body: &str| {
        assert!(
            body.contains(&format!(
                "<a href=\"/projects/{project}\">Kisima–Soko road</a> <small><code>{project}</code></small>"
            )),
            "the project by its title, linked: {body}"
        );
        let ward =
            regex::Regex::new(r#"<a href="/wards/MLM-01">([^<]+)</a> <small><code>MLM-01</code>"#)
                .unwrap()
                .captures(body)
                .unwrap_or_else(|| panic!("the ward linked by name: {body}"))[1]
                .to_string();
        assert_eq!(ward.to_lowercase(), "kisima");
    };
    let filed = report(
        &citizen,
        &format!("?project={project}"),
        &[
            ("category", "works-stalled"),
            ("text", "No workers on site for a month."),
            ("project", project),
        ],
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    assert!(
        filed
            .body
            .contains("It becomes public once a moderator has checked it")
            && filed.body.contains("It works now"),
        "{}",
        filed.body
    );
    let reference = reference(&filed.body);
    assert_eq!(
        citizen.get(&format!("/reports/{reference}")).status,
        404,
        "as the thank-you page says"
    );
    let track = citizen.get(&tracking(&filed.body));
    assert_eq!(track.status, 200);
    by_name(&track.body);

    let sw = report(
        &citizen,
        &format!("?project={project}&lang=sw"),
        &[
            ("category", "works-stalled"),
            ("text", "Hakuna wafanyakazi kwa mwezi mzima."),
            ("project", project),
            ("confirm", "1"),
        ],
    );
    assert_eq!(sw.status, 200, "{}", sw.body);
    assert!(
        sw.body
            .contains("Itakuwa ya umma baada ya msimamizi kuikagua")
            && sw.body.contains("Kinafanya kazi sasa hivi"),
        "{}",
        sw.body
    );

    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get(&format!("/staff/reports/{reference}"));
    by_name(&page.body);
    let csrf = field(&page.body, "csrf");
    let r = moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let public = citizen.get(&format!("/reports/{reference}"));
    assert_eq!(public.status, 200);
    by_name(&public.body);
}

#[test]
fn a_report_sent_without_a_category_is_asked_what_it_is_about_with_what_was_typed_kept() {
    // A browser that ignores `required`, or a form changed by hand (a hostile value): the
    // same plain refusal, never the list of codes the API gives, never a 500.
    let site = site();
    let b = Browser::new(&site);
    let hostile = "x' OR 1=1; DROP TABLE reports; --<script>alert(1)</script>";
    for (lang, said, developer) in [
        ("en", "Choose what the report is about", "is not one of"),
        ("sw", "Chagua ripoti inahusu nini", "si mojawapo"),
    ] {
        let form = b.get(&format!("/report?lang={lang}"));
        let token = field(&form.body, "token");
        for category in ["", hostile] {
            let answer = b.post(
                "/report",
                &[
                    ("token", &token),
                    ("category", category),
                    ("text", "Maji yamekatika tangu jana"),
                    ("name", "Wanjiru Kamau"),
                    ("contact", "0712 345 678"),
                ],
            );
            assert_eq!(answer.status, 400, "{lang} {category:?}: {}", answer.body);
            assert!(
                answer.body.contains(&format!(r#"role="alert">{said}</p>"#))
                    && !answer.body.contains(developer)
                    && !answer.body.contains("DROP TABLE")
                    && !answer.body.contains("<script>alert"),
                "{lang} {category:?}: {}",
                answer.body
            );
            for kept in [
                "Maji yamekatika tangu jana",
                "Wanjiru Kamau",
                "0712 345 678",
            ] {
                assert!(answer.body.contains(kept), "{kept}: {}", answer.body);
            }
            assert!(
                !answer.body.contains(r#"class="reference""#),
                "nothing filed"
            );
        }
    }
}

#[test]
fn a_swahili_reader_is_told_in_swahili_what_is_wrong_with_a_report_and_its_figures() {
    let site = site();
    let b = Browser::new(&site);
    let project = a_project(&b);
    let form = b.get(&format!("/report?project={project}&lang=sw"));
    assert_eq!(form.status, 200, "{}", form.body);
    let token = field(&form.body, "token");
    let post = |fields: &[(&str, &str)]| {
        let mut all = vec![("token", token.as_str()), ("project", project.as_str())];
        all.extend_from_slice(fields);
        b.post("/report", &all)
    };
    let blank = post(&[("category", "road-damage"), ("text", "   ")]);
    assert_eq!(blank.status, 400, "{}", blank.body);
    assert!(
        blank.body.contains("Eleza tatizo au ulichoona")
            && !blank.body.contains("describe the problem"),
        "{}",
        blank.body
    );
    let long = post(&[("category", "road-damage"), ("text", &"x".repeat(4991))]);
    assert_eq!(long.status, 400);
    assert!(
        long.body
            .contains("Maelezo yanaweza kuwa na herufi zisizozidi 2,000; haya yana herufi 4,991"),
        "{}",
        long.body
    );
    let photo = b.post_multipart(
        "/report",
        &[
            ("token", &token),
            ("category", "road-damage"),
            ("text", "Shimo kubwa barabarani"),
        ],
        &[(
            "photo",
            "shimo.jpg",
            "image/jpeg",
            b"reference,amount\n1,2\n",
        )],
    );
    assert_eq!(photo.status, 400);
    assert!(
        photo
            .body
            .contains("Faili si picha ya JPEG, PNG au WebP (maudhui yake yalikaguliwa, si jina lake); chagua picha ya JPEG, PNG au WebP iliyo chini ya 10 MB")
            && !photo.body.contains("is not a JPEG"),
        "{}",
        photo.body
    );
    // The tracking page's forms too.
    let filed = report(
        &b,
        "?lang=sw",
        &[
            ("category", "refuse"),
            ("text", "Taka zimerundikana sokoni."),
        ],
    );
    let link = tracking(&filed.body);
    let send = |what: &str, text: &str| {
        let track = b.get(&link);
        let token = field(&track.body, "token");
        b.post(
            &format!("{link}/{what}"),
            &[("token", &token), ("text", text)],
        )
    };
    let nothing = send("info", " ");
    assert_eq!(nothing.status, 400);
    assert!(
        nothing.body.contains("Andika unachotaka kuongeza"),
        "{}",
        nothing.body
    );
    let open = send("reopen", "Bado taka ziko pale.");
    assert_eq!(open.status, 400);
    assert!(open.body.contains("hii bado iko wazi"), "{}", open.body);
    let long = send("info", &"y".repeat(2001));
    assert!(
        long.body
            .contains("Taarifa inaweza kuwa na herufi zisizozidi 2,000; hii ina herufi 2,001"),
        "{}",
        long.body
    );
    // The reader who switches to English reads the same refusal in English.
    b.get(&format!("{link}?lang=en"));
    let en = send("info", &"y".repeat(2001));
    assert!(
        en.body
            .contains("The information may have at most 2,000 characters; this has 2,001"),
        "{}",
        en.body
    );
}

#[test]
fn a_swahili_officer_is_told_in_swahili_why_a_step_was_not_taken_and_an_english_one_in_english() {
    let site = site();
    let reference = published_stalled_report(&site, "Nobody on site for a month.");
    let roads = signed_in(&site, ROADS_OFFICER);
    let page = roads.get(&format!("/staff/reports/{reference}?lang=sw"));
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = field(&page.body, "csrf");
    let act = |b: &Browser, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        b.post(&format!("/staff/reports/{reference}/act"), &all)
    };
    let says = |answer: &Answer, status: u16, sw: &str, en: &str| {
        assert_eq!(answer.status, status, "{}", answer.body);
        assert!(
            answer.body.contains(sw) && !answer.body.contains(en),
            "{sw}: {}",
            answer.body
        );
    };
    // Closing without a text, with the status in Swahili words.
    let close = act(&roads, &[("action", "close"), ("text", " ")]);
    says(
        &close,
        400,
        "Eleza sababu kwa maandishi ambayo umma unaweza kusoma ili hali yake iwe imefungwa bila \
         kurekebishwa",
        "Say why",
    );
    // A step the report's status no longer allows (a second tap, another officer first).
    assert_eq!(act(&roads, &[("action", "acknowledge")]).status, 200);
    let again = act(&roads, &[("action", "acknowledge")]);
    says(
        &again,
        400,
        "Ripoti ambayo hali yake ni imekiriwa haiwezi kuwa imekiriwa; inaweza kuwa \
         inashughulikiwa, imetatuliwa, imefungwa bila kurekebishwa, nakala ya ripoti nyingine",
        "cannot become",
    );
    // A referral without a reason.
    let water = site
        .feedback
        .protocol()
        .category("water-supply")
        .map(|c| c.office.clone())
        .unwrap();
    let refer = act(&roads, &[("action", "refer"), ("office", &water)]);
    says(&refer, 400, "Eleza kwa nini inapelekwa", "Say why");
    // A form whose token expired.
    let stale = roads.post(
        &format!("/staff/reports/{reference}/act"),
        &[("csrf", "stale"), ("action", "resolve"), ("text", "Done.")],
    );
    assert_eq!(stale.status, 403, "{}", stale.body);
    assert!(
        stale.body.contains("Fomu ilikuwa imepitwa na wakati"),
        "{}",
        stale.body
    );
    // Another office's report: its page and its form.
    let other = signed_in(&site, WATER_OFFICER);
    other.get("/staff?lang=sw");
    let refused = format!("{reference} ni ya roads-works; ofisi zako ni {water}");
    says(
        &other.get(&format!("/staff/reports/{reference}")),
        403,
        &refused,
        "is for",
    );
    let other_csrf = other.csrf("/staff");
    let posted = other.post(
        &format!("/staff/reports/{reference}/act"),
        &[
            ("csrf", &other_csrf),
            ("action", "resolve"),
            ("text", "Done."),
        ],
    );
    says(&posted, 403, &refused, "is for");
    assert_eq!(site.feedback_status(&reference), "acknowledged");
    // A moderator editing a report's text without saying why: said on the report's page.
    let citizen = Browser::new(&site);
    let waiting = reference_in(
        &report(
            &citizen,
            "",
            &[("category", "refuse"), ("text", "Taka sokoni.")],
        )
        .body,
    );
    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get(&format!("/staff/reports/{waiting}?lang=sw"));
    let edited = moderator.post(
        &format!("/staff/reports/{waiting}/moderate"),
        &[
            ("csrf", &field(&page.body, "csrf")),
            ("decision", "publish_edited"),
            ("text", "Taka zimerundikana sokoni."),
        ],
    );
    says(
        &edited,
        400,
        "Chagua sababu ya kuhariri au kutochapisha",
        "Choose the reason",
    );
    assert!(
        edited
            .body
            .contains(&format!("action=\"/staff/reports/{waiting}/moderate\"")),
        "the report's page, its form again: {}",
        edited.body
    );
    assert_eq!(site.feedback_status(&waiting), "submitted");

    // The officer who reads English reads the same in English.
    roads.get(&format!("/staff/reports/{reference}?lang=en"));
    let close = act(&roads, &[("action", "close"), ("text", "")]);
    says(
        &close,
        400,
        "Say why, in a text the public can read, to make it closed without a fix",
        "Eleza sababu",
    );
    let again = act(&roads, &[("action", "acknowledge")]);
    says(
        &again,
        400,
        "A report that is acknowledged cannot become acknowledged; it may become in progress, \
         resolved, closed without a fix, duplicate",
        "Ripoti ambayo",
    );
    other.get("/staff?lang=en");
    says(
        &other.get(&format!("/staff/reports/{reference}")),
        403,
        &format!("{reference} is for roads-works; your offices are {water}"),
        "ofisi zako",
    );
}

#[test]
fn swahili_report_pages_tell_received_from_acknowledged_and_write_dates_and_offices_in_swahili() {
    let site = site();
    let citizen = Browser::new(&site);
    let project = a_project(&citizen);
    let filed = report(
        &citizen,
        &format!("?project={project}&lang=sw"),
        &[
            ("category", "works-stalled"),
            (
                "text",
                "Hakuna wafanyakazi eneo la mradi tangu mwezi uliopita.",
            ),
        ],
    );
    let reference = reference(&filed.body);
    let link = tracking(&filed.body);
    let moderator = signed_in(&site, MODERATOR);
    let csrf = moderator.csrf("/staff");
    moderator.post(
        &format!("/staff/reports/{reference}/moderate"),
        &[("csrf", &csrf), ("decision", "publish")],
    );
    // Before the office acknowledges it: received, and not yet acknowledged, in two words.
    let track = citizen.get(&link);
    assert!(
        track.body.contains("Imepokelewa tarehe") && track.body.contains("Imekiriwa"),
        "{}",
        track.body
    );
    // Dates written out, as the rest of the site writes them; no ISO date shown.
    let written = regex::Regex::new(
        r"\d{1,2} (Januari|Februari|Machi|Aprili|Mei|Juni|Julai|Agosti|Septemba|Oktoba|Novemba|Desemba) \d{4}",
    )
    .unwrap();
    assert!(written.is_match(&track.body), "{}", track.body);
    let iso = regex::Regex::new(r">[^<]*\b\d{4}-\d{2}-\d{2}\b[^<]*<").unwrap();
    assert!(!iso.is_match(&track.body), "{}", track.body);

    let roads = signed_in(&site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    let acted = roads.post(
        &format!("/staff/reports/{reference}/act"),
        &[("csrf", &csrf), ("action", "acknowledge"), ("text", "")],
    );
    assert_eq!(acted.status, 200, "{}", acted.body);
    let list = citizen.get("/reports?status=acknowledged&lang=sw");
    assert!(
        list.body.contains("imekiriwa") && !list.body.contains("imepokelewa"),
        "{}",
        list.body
    );
    // The staff page in Swahili: every office in the referral list, the templates' names
    // and the channel in Swahili.
    let page = roads.get(&format!("/staff/reports/{reference}?lang=sw"));
    assert!(
        page.body
            .contains(">Hazina ya Kaunti — Huduma za Uhasibu</option>")
            && !page
                .body
                .contains(">County Treasury — Accounting Services</option>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Ukaguzi umepangwa") && !page.body.contains("Inspection booked"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("kupitia fomu ya tovuti"),
        "{}",
        page.body
    );
}

#[test]
fn a_duplicate_says_which_report_it_repeats_as_a_link_and_not_that_it_is_still_open() {
    let site = site();
    let first = published_stalled_report(&site, "Nobody on site for a month.");
    let (second, link) =
        published_stalled_report_and_link(&site, "The site is empty, no workers since May.");
    let roads = signed_in(&site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    let marked = roads.post(
        &format!("/staff/reports/{second}/act"),
        &[("csrf", &csrf), ("action", "duplicate"), ("other", &first)],
    );
    assert_eq!(marked.status, 200, "{}", marked.body);
    assert_eq!(site.feedback_status(&second), "duplicate");
    let public = format!(r#"<a href="/reports/{first}">{first}</a>"#);
    let staff = format!(r#"<a href="/staff/reports/{first}">{first}</a>"#);
    // Its public record and its reporter's page, in each language: which report, linked,
    // in the facts and in the history; nothing of being resolved "not yet" or open.
    let reader = Browser::new(&site);
    for (page, facts, history, open) in [
        (
            reader.get(&format!("/reports/{second}?lang=en")),
            "<dt>Duplicate of</dt><dd>",
            "Status: duplicate of ",
            "open",
        ),
        (
            reader.get(&format!("{link}?lang=en")),
            "<dt>Duplicate of</dt><dd>",
            "Status: duplicate of ",
            "open",
        ),
        (
            reader.get(&format!("{link}?lang=sw")),
            "<dt>Ni nakala ya</dt><dd>",
            "Hali: nakala ya ",
            "ikiwa wazi",
        ),
    ] {
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.body.contains(&format!("{facts}{public}"))
                && page.body.contains(&format!("{history}{public}"))
                && !page.body.contains(&format!("day {open}"))
                && !page.body.contains(&format!("days {open}"))
                && !page.body.contains(&format!("{open} (")),
            "{}",
            page.body
        );
    }
    // Staff follow it to the other report's staff page.
    let page = roads.get(&format!("/staff/reports/{second}?lang=en"));
    assert!(
        page.body
            .contains(&format!("<dt>Duplicate of</dt><dd>{staff}"))
            && page.body.contains(&format!("Status: duplicate of {staff}")),
        "{}",
        page.body
    );
}

#[test]
fn a_report_nobody_followed_says_only_its_reporter_follows_it() {
    let site = site();
    let reference = published_stalled_report(&site, "Nobody on site for a month.");
    let reader = Browser::new(&site);
    let says = |en: &str, sw: &str| {
        for (lang, said) in [
            ("en", format!("<dt>Following</dt><dd>{en}</dd>")),
            ("sw", format!("<dt>Wanaofuatilia</dt><dd>{sw}</dd>")),
        ] {
            let page = reader.get(&format!("/reports/{reference}?lang={lang}"));
            assert!(page.body.contains(&said), "{said}: {}", page.body);
        }
    };
    says("only the person who sent it", "aliyeituma pekee");
    let follower = Browser::new(&site);
    let follow = follower.get(&format!("/reports/{reference}/follow"));
    let followed = follower.post(
        &format!("/reports/{reference}/follow"),
        &[("token", &field(&follow.body, "token"))],
    );
    assert_eq!(followed.status, 200, "{}", followed.body);
    says(
        "the person who sent it and 1 other",
        "aliyeituma na mtu mwingine 1",
    );
}

#[test]
fn the_staff_home_names_an_officer_s_offices_and_the_queue_says_its_order_in_either_language() {
    let site = site();
    let roads = signed_in(&site, ROADS_OFFICER);
    let home = roads.get("/staff?lang=sw");
    assert!(
        home.body
            .contains("Ofisi: Idara ya Barabara, Kazi za Umma na Miundombinu")
            && !home.body.contains("roads-works"),
        "{}",
        home.body
    );
    let queue = roads.get("/staff/reports");
    assert!(
        queue.body.contains(
            "Ripoti zinazosubiri hatua yao ya kwanza (kukaguliwa, kisha kukiriwa) ziko juu, \
             mpya zaidi kwanza."
        ),
        "{}",
        queue.body
    );
    let home = roads.get("/staff?lang=en");
    assert!(
        home.body
            .contains("Offices: Department of Roads, Public Works and Infrastructure")
            && !home.body.contains("roads-works"),
        "{}",
        home.body
    );
    let queue = roads.get("/staff/reports");
    assert!(
        queue.body.contains(
            "Reports waiting for their first step (to be moderated, then acknowledged) are at \
             the top, the newest of them first."
        ),
        "{}",
        queue.body
    );
}
