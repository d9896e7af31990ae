//! The monthly `feedback` dataset end to end: reports filed through the real forms on
//! chosen dates (the feedback service's clock), published with `disclose feedback publish`
//! and with the staff side's button, downloaded from the running server, and checked for
//! what must never be in them.

use std::collections::HashMap;

use chrono::{Datelike, TimeZone, Utc};
use disclose::feedback::Clock;

use super::{MODERATOR, ROADS_OFFICER, WATER_OFFICER, a_project, reference, report, staffed};
use crate::staff::{Browser, Site, field, signed_in};

/// Unix seconds of a UTC time.
fn at(y: i32, m: u32, d: u32, h: u32) -> i64 {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().timestamp()
}

/// What the filed reports are, to look for them in the published file.
struct Filed {
    /// Named, with a phone number and an e-mail address, on a project.
    named: String,
    /// Anonymous, at an exact point on no project.
    anonymous: String,
}

/// A site whose feedback clock starts on 10 July 2026, with its staff.
fn site_in_july() -> (Site, Clock) {
    let clock = Clock::manual(at(2026, 7, 10, 8));
    (staffed(Site::with_clock(clock.clone())), clock)
}

/// In July 2026: a citizen reports on a project with name, phone and e-mail, and someone
/// anonymous reports a dry kiosk at an exact point; the moderator publishes both (the
/// first with personal data removed, but an e-mail address left in by mistake); the
/// roads office acknowledges the first and answers with a phone number to call.
fn july(site: &Site, clock: &Clock) -> Filed {
    let citizen = Browser::new(site);
    let project = a_project(&citizen);
    let named = report(
        &citizen,
        &format!("?project={project}"),
        &[
            ("category", "works-stalled"),
            (
                "text",
                "I am Wanjiru Kamau, write to wanjiru.kamau@example.com. Works stalled since June; no workers on site.",
            ),
            ("project", &project),
            ("name", "Wanjiru Kamau"),
            ("contact", "+254 700 000 001"),
            ("confirm", "1"),
        ],
    );
    assert_eq!(named.status, 200, "{}", named.body);
    let named = reference(&named.body);
    clock.set(at(2026, 7, 10, 9));
    let anonymous = report(
        &citizen,
        "",
        &[
            ("category", "water-supply"),
            (
                "text",
                "The water kiosk by the bus stage has been dry for a week.",
            ),
            ("lat", "-1.456789"),
            ("lon", "37.345678"),
            ("confirm", "1"),
        ],
    );
    assert_eq!(anonymous.status, 200, "{}", anonymous.body);
    let anonymous = reference(&anonymous.body);

    clock.set(at(2026, 7, 10, 12));
    let moderator = signed_in(site, MODERATOR);
    let moderate = |reference: &str, fields: &[(&str, &str)]| {
        let page = moderator.get(&format!("/staff/reports/{reference}"));
        let csrf = field(&page.body, "csrf");
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let r = moderator.post(&format!("/staff/reports/{reference}/moderate"), &all);
        assert_eq!(r.status, 200, "{}", r.body);
    };
    moderate(
        &named,
        &[
            ("decision", "publish_edited"),
            (
                "text",
                "Works stalled since June; no workers on site. Write to wanjiru.kamau@example.com.",
            ),
            ("reason", "personal_data"),
        ],
    );
    moderate(&anonymous, &[("decision", "publish")]);

    clock.set(at(2026, 7, 11, 9));
    let roads = signed_in(site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    for (action, text) in [
        ("acknowledge", ""),
        (
            "respond",
            "The contractor returns on Monday; call the site office on 0722 000 111.",
        ),
    ] {
        let r = roads.post(
            &format!("/staff/reports/{named}/act"),
            &[("csrf", &csrf), ("action", action), ("text", text)],
        );
        assert_eq!(r.status, 200, "{action}: {}", r.body);
    }
    Filed { named, anonymous }
}

/// The roads office resolves the named report, after the month was published.
fn resolve_in_august(site: &Site, clock: &Clock, reference: &str) {
    clock.set(at(2026, 8, 20, 10));
    let roads = signed_in(site, ROADS_OFFICER);
    let csrf = roads.csrf("/staff");
    let r = roads.post(
        &format!("/staff/reports/{reference}/act"),
        &[
            ("csrf", &csrf),
            ("action", "resolve"),
            ("text", "Works resumed on 18 August."),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A published version's CSV, downloaded from the running server: the text, and its rows
/// by reference.
fn download(
    site: &Site,
    dataset: &str,
    version: u32,
) -> (String, HashMap<String, HashMap<String, String>>) {
    let b = Browser::new(site);
    let got = b.get(&format!("/datasets/{dataset}/v/{version}/data.csv"));
    assert_eq!(got.status, 200, "{}", got.body);
    let mut reader = csv::Reader::from_reader(got.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows = reader
        .records()
        .map(|r| {
            let row: HashMap<String, String> = headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (row["reference"].clone(), row)
        })
        .collect();
    (got.body, rows)
}

fn versions(site: &Site, dataset: &str) -> usize {
    std::fs::read_to_string(site.data.join("ledger.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(&format!("\"dataset\":\"{dataset}\"")))
        .count()
}

#[test]
fn a_month_of_reports_is_published_without_personal_data_and_restated_with_a_note() {
    let (site, clock) = site_in_july();
    let filed = july(&site, &clock);

    let out = site.cli(&["feedback", "publish", "--period", "2026-07"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "published feedback-2026-07 v1 (2 rows)"
    );

    let (csv, rows) = download(&site, "feedback-2026-07", 1);
    for private in [
        "Wanjiru",
        "Kamau",
        "700 000 001",
        "wanjiru.kamau@example.com",
        "0722 000 111",
        "-1.456789",
        "37.345678",
    ] {
        assert!(!csv.contains(private), "{private} published:\n{csv}");
    }
    let named = &rows[&filed.named];
    assert_eq!(
        named["text"],
        "Works stalled since June; no workers on site. Write to [redacted]."
    );
    assert_eq!(named["moderation_reason"], "personal_data");
    assert_eq!(named["status"], "acknowledged");
    assert_eq!(named["office"], "roads-works");
    assert_eq!(named["received"], "2026-07-10");
    assert_eq!(named["acknowledged"], "2026-07-11");
    assert_eq!(named["days_to_acknowledge"], "1");
    assert_eq!(named["acknowledged_within_standard"], "true");
    assert_eq!(
        named["responses"],
        "2026-07-11 roads-works: The contractor returns on Monday; call the site office on [redacted]."
    );
    assert_eq!(named["resolved"], "");
    assert!(!named["project_id"].is_empty() && !named["ward"].is_empty());
    let anonymous = &rows[&filed.anonymous];
    assert_eq!(
        anonymous["text"],
        "The water kiosk by the bus stage has been dry for a week."
    );
    assert_eq!(
        (
            anonymous["latitude"].as_str(),
            anonymous["longitude"].as_str()
        ),
        ("-1.457", "37.346"),
        "the anonymous reporter's place is rounded"
    );
    assert_eq!(anonymous["channel"], "web");
    // Not acknowledged within the day the water standard gives: known to be late.
    assert_eq!(anonymous["acknowledged_within_standard"], "false");

    let verify = site.cli(&["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));

    // Nothing changed: nothing is published.
    let again = site.cli(&["feedback", "publish", "--period", "2026-07"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).starts_with("unchanged: the reports of 2026-07 equal feedback-2026-07 v1"),
        "{}",
        stdout(&again)
    );
    assert_eq!(versions(&site, "feedback-2026-07"), 1);

    // Resolved after publication: the month changed, and restating it needs a note.
    resolve_in_august(&site, &clock, &filed.named);
    let refused = site.cli(&["feedback", "publish", "--period", "2026-07"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("feedback-2026-07 already has version 1")
            && stderr(&refused).contains("give a note saying why"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(versions(&site, "feedback-2026-07"), 1);
    let restated = site.cli(&[
        "feedback",
        "publish",
        "--period",
        "2026-07",
        "--note",
        "MLM reports resolved since the first publication",
    ]);
    assert!(restated.status.success(), "{}", stderr(&restated));
    assert_eq!(
        stdout(&restated).trim(),
        "published feedback-2026-07 v2 (2 rows)"
    );
    let (_, rows) = download(&site, "feedback-2026-07", 2);
    let named = &rows[&filed.named];
    assert_eq!(named["status"], "resolved");
    assert_eq!(named["resolved"], "2026-08-20");
    assert_eq!(named["resolved_within_standard"], "false");
    assert!(named["responses"].ends_with("roads-works: Works resumed on 18 August."));
    let log = site.cli(&["log", "feedback-2026-07"]);
    assert!(
        stdout(&log).contains("note: MLM reports resolved since the first publication"),
        "{}",
        stdout(&log)
    );
    let verify = site.cli(&["verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));

    // Every run is in the staff audit trail.
    let outcomes: Vec<String> = site
        .audit("feedback.publish")
        .iter()
        .map(|r| r.outcome.clone())
        .collect();
    assert_eq!(outcomes.len(), 4, "{outcomes:?}");
    assert_eq!(
        outcomes.iter().filter(|o| *o == "refused").count(),
        1,
        "{outcomes:?}"
    );
}

#[test]
fn a_month_not_over_and_a_malformed_month_are_refused_and_an_empty_month_is_published() {
    let (site, _clock) = site_in_july();
    let bad = site.cli(&["feedback", "publish", "--period", "2026-13"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad)
            .contains("period `2026-13` is not a month; give the month as YYYY-MM, e.g. 2026-07"),
        "{}",
        stderr(&bad)
    );
    let today = Utc::now().date_naive();
    let this_month = format!("{:04}-{:02}", today.year(), today.month());
    let early = site.cli(&["feedback", "publish", "--period", &this_month]);
    assert!(!early.status.success());
    assert!(
        stderr(&early).contains(&format!("{this_month} has not ended yet")),
        "{}",
        stderr(&early)
    );
    // No reports at all in March 2025: a disclosure of zero.
    let empty = site.cli(&["feedback", "publish", "--period", "2025-03"]);
    assert!(empty.status.success(), "{}", stderr(&empty));
    assert_eq!(
        stdout(&empty).trim(),
        "published feedback-2025-03 v1 (0 rows)"
    );
    let (csv, rows) = download(&site, "feedback-2025-03", 1);
    assert!(rows.is_empty());
    assert!(csv.starts_with("reference,received,category,"), "{csv}");
    let again = site.cli(&["feedback", "publish", "--period", "2025-03"]);
    assert!(
        stdout(&again).starts_with("unchanged"),
        "{}",
        stdout(&again)
    );
    assert_eq!(versions(&site, "feedback-2026-07"), 0);
}

#[test]
fn moderators_publish_a_month_from_the_staff_side_and_no_one_else_does() {
    let (site, clock) = site_in_july();
    let filed = july(&site, &clock);
    clock.set(at(2026, 8, 3, 9));
    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get("/staff/feedback");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(r#"<option value="2026-07""#),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains(r#"<option value="2026-08""#),
        "a month not over is not offered"
    );
    let csrf = field(&page.body, "csrf");
    let swahili = moderator.get("/staff/feedback?lang=sw");
    assert!(
        swahili.body.contains("Chapisha ripoti kama data")
            && swahili.body.contains("Chapisha mwezi huu"),
        "{}",
        swahili.body
    );
    // Back to English (the language is remembered) for the messages below.
    assert_eq!(moderator.get("/staff/feedback?lang=en").status, 200);

    // Without the form's token, and by an officer: refused, nothing published.
    let forged = moderator.post("/staff/feedback", &[("period", "2026-07")]);
    assert_eq!(forged.status, 403, "{}", forged.body);
    let water = signed_in(&site, WATER_OFFICER);
    let officer_csrf = water.csrf("/staff");
    assert_eq!(water.get("/staff/feedback").status, 403);
    let officer = water.post(
        "/staff/feedback",
        &[("csrf", &officer_csrf), ("period", "2026-07")],
    );
    assert_eq!(officer.status, 403, "{}", officer.body);
    assert_eq!(versions(&site, "feedback-2026-07"), 0);

    // A month not over, and a malformed one: said why, on the form.
    let publish = |period: &str, note: &str| {
        moderator.post(
            "/staff/feedback",
            &[("csrf", &csrf), ("period", period), ("note", note)],
        )
    };
    let early = publish("2026-08", "");
    assert_eq!(early.status, 400);
    assert!(
        early.body.contains("2026-08 has not ended yet"),
        "{}",
        early.body
    );
    let bad = publish("July", "");
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("give the month as YYYY-MM"),
        "{}",
        bad.body
    );

    let done = publish("2026-07", "");
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body
            .contains(r#"href="/datasets/feedback-2026-07/v/1""#),
        "{}",
        done.body
    );
    let same = publish("2026-07", "");
    assert_eq!(same.status, 200);
    assert!(same.body.contains("Nothing to publish"), "{}", same.body);

    // A change after publication needs a note, then makes version 2.
    resolve_in_august(&site, &clock, &filed.named);
    let no_note = publish("2026-07", "");
    assert_eq!(no_note.status, 400);
    assert!(
        no_note.body.contains("already has version 1"),
        "{}",
        no_note.body
    );
    let restated = publish("2026-07", "A report resolved since.");
    assert_eq!(restated.status, 200, "{}", restated.body);
    assert!(
        restated
            .body
            .contains(r#"href="/datasets/feedback-2026-07/v/2""#),
        "{}",
        restated.body
    );
    assert_eq!(versions(&site, "feedback-2026-07"), 2);

    let trail = site.audit("feedback.publish");
    assert!(
        trail
            .iter()
            .any(|r| r.outcome == "refused" && r.actor.contains("water.officer")),
        "the officer's attempt is recorded"
    );
    assert!(
        trail
            .iter()
            .any(|r| r.outcome == "ok" && r.detail == "feedback-2026-07 v2, 2 rows"),
        "{trail:?}"
    );
    assert!(!site.audit("csrf.rejected").is_empty());
}

#[test]
fn a_moderator_who_reads_swahili_is_told_in_swahili_why_a_month_was_not_published() {
    let (site, clock) = site_in_july();
    let filed = july(&site, &clock);
    clock.set(at(2026, 8, 3, 9));
    let moderator = signed_in(&site, MODERATOR);
    let csrf = field(&moderator.get("/staff/feedback?lang=sw").body, "csrf");
    let publish = |period: &str, note: &str| {
        moderator.post(
            "/staff/feedback",
            &[("csrf", &csrf), ("period", period), ("note", note)],
        )
    };
    let says = |r: &crate::staff::Answer, swahili: &str, english: &str| {
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(
            r.body.contains(swahili) && !r.body.contains(english),
            "{swahili:?} without {english:?} in:\n{}",
            r.body
        );
    };
    says(
        &publish("2026-08", ""),
        "2026-08 bado haujaisha; ripoti zake zinaweza kuchapishwa kuanzia 2026-09-01 (UTC), mwezi ukishaisha",
        "has not ended",
    );
    says(
        &publish("July", ""),
        "Kipindi `July` si mwezi; andika mwezi kama YYYY-MM, mf. 2026-07",
        "is not a month",
    );
    says(
        &publish("2026-07", &"n".repeat(2001)),
        "Maelezo yanaweza kuwa na herufi zisizozidi 2,000; haya yana herufi 2,001",
        "may have at most",
    );
    assert_eq!(publish("2026-07", "").status, 200);
    // The month changed since; a note of spaces is no note.
    resolve_in_august(&site, &clock, &filed.named);
    says(
        &publish("2026-07", "   "),
        "feedback-2026-07 tayari ina toleo 1, na ripoti za mwezi huo zimebadilika tangu hapo",
        "already has version",
    );
    // An officer is told in Swahili which role the page needs.
    let water = signed_in(&site, WATER_OFFICER);
    let page = water.get("/staff/feedback?lang=sw");
    assert_eq!(page.status, 403, "{}", page.body);
    assert!(
        page.body.contains(
            "hili linahitaji jukumu la msimamizi wa maoni; jukumu la akaunti yako ni afisa"
        ),
        "{}",
        page.body
    );
    // In English, in English.
    assert_eq!(moderator.get("/staff/feedback?lang=en").status, 200);
    says(
        &publish("2026-07", "   "),
        "feedback-2026-07 already has version 1, and the month",
        "tayari",
    );
    // Hostile months and notes: refused on the form, escaped, in either language.
    for lang in ["sw", "en"] {
        assert_eq!(
            moderator
                .get(&format!("/staff/feedback?lang={lang}"))
                .status,
            200
        );
        for (period, note, said) in [
            (
                "'; DROP TABLE reports; --<script>alert(1)</script>",
                "",
                "DROP TABLE",
            ),
            ("2026-07\0", "", "2026-07"),
            ("2026-07", &"x".repeat(60_000), "60,000"),
        ] {
            let r = publish(period, note);
            assert_eq!(r.status, 400, "{lang} {period:?}: {}", r.body);
            assert!(
                r.body.contains(said) && !r.body.contains("<script>alert"),
                "{}",
                r.body
            );
        }
    }
    assert_eq!(versions(&site, "feedback-2026-07"), 1);
    // The trail keeps the English.
    assert!(
        site.audit("feedback.publish")
            .iter()
            .any(|r| r.outcome == "refused" && r.detail.starts_with("2026-08 has not ended yet")),
        "{:?}",
        site.audit("feedback.publish")
    );
}
