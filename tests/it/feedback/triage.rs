//! Assisted triage end to end on the real server: a model trained from reports whose
//! category staff confirmed, a citizen's report arriving with its suggestion, staff
//! accepting or overriding it in one click (and everything that must be refused), the
//! public history and `/reports/triage`, and response templates.

use disclose::feedback::{Moderation, NewReport};
use disclose::staff::Actor;

use super::{MODERATOR, ROADS_OFFICER, WATER_OFFICER, reference, report, site};
use crate::staff::{Browser, Site, field, signed_in};

const WATER: [&str; 8] = [
    "No water at the kiosk for three days",
    "Hakuna maji kwenye bomba tangu jana",
    "The taps are dry in our estate since Monday",
    "Bomba limepasuka na maji yanapotea barabarani",
    "Water from the tap is brown and smells",
    "maji hakuna kwa mtaa wiki nzima",
    "Burst pipe near the school, water everywhere",
    "Low water pressure, tanks not filling",
];
const REFUSE: [&str; 8] = [
    "Rubbish not collected for two weeks, the skip is full",
    "Taka hazijakusanywa sokoni kwa wiki mbili",
    "Garbage dumped in the drain by the bus stage",
    "The refuse truck has not come to our street",
    "taka imejaa kila mahali mtaani",
    "Overflowing skip at the market smells terrible",
    "People dump garbage on the roadside every night",
    "Takataka zinatupwa mtaroni karibu na shule",
];

/// Files the texts directly as reports of `category`, and has the moderator confirm each
/// category: the history a model is trained from.
fn confirmed(site: &Site, category: &str, texts: &[&str]) {
    let moderator = account(site, MODERATOR.0);
    for text in texts {
        let filed = site
            .runtime
            .block_on(site.feedback.file(
                &Actor::cli(),
                NewReport {
                    category: category.into(),
                    text: (*text).into(),
                    ..NewReport::default()
                },
            ))
            .unwrap();
        site.runtime
            .block_on(
                site.feedback
                    .decide(&Actor::cli(), &moderator, &filed.reference, category),
            )
            .unwrap();
    }
}

/// Files `text` as a water-supply report at `point`, as a phone would; its reference.
fn water_report(site: &Site, text: &str, point: (f64, f64)) -> String {
    site.runtime
        .block_on(site.feedback.file(
            &Actor::cli(),
            NewReport {
                category: "water-supply".into(),
                text: text.into(),
                point: Some(point),
                ..NewReport::default()
            },
        ))
        .unwrap()
        .reference
}

/// [`water_report`], published by the moderator.
fn published_water_report(site: &Site, text: &str, point: (f64, f64)) -> String {
    let reference = water_report(site, text, point);
    site.runtime
        .block_on(site.feedback.moderate(
            &Actor::cli(),
            &account(site, MODERATOR.0),
            &reference,
            Moderation::Publish,
        ))
        .unwrap();
    reference
}

/// The staff account signed up as `email`.
fn account(site: &Site, email: &str) -> disclose::staff::Account {
    site.runtime
        .block_on(site.staff.db.account_by_email(email))
        .unwrap()
        .unwrap()
}

/// A staffed site whose clock stands at 12 October 2026, 09:00 (reports filed and judged
/// then are counted on `/reports/triage` in November): the site, its clock, the moment.
fn staffed_in_october() -> (Site, disclose::feedback::Clock, i64) {
    let october = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 10, 12, 9, 0, 0)
        .unwrap()
        .timestamp();
    let clock = disclose::feedback::Clock::manual(october);
    let site = super::staffed(Site::with_clock(clock.clone()));
    (site, clock, october)
}

/// `disclose triage pairs` (the real binary) into a new folder, which must succeed: the
/// folder's keeper, the folder, and what the command said.
fn triage_pairs(site: &Site) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("ours");
    let written = site.cli(&["triage", "pairs", "--out", dir.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&written.stdout).to_string();
    assert!(
        written.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&written.stderr)
    );
    (out, dir, said)
}

/// Asserts that `page` lists each fact (`<dt>` and its `<dd>`).
fn says_facts(page: &str, facts: &[(&str, &str)]) {
    for (dt, dd) in facts {
        assert!(
            page.contains(&format!("<dt>{dt}</dt><dd>{dd}</dd>")),
            "{dt}: {page}"
        );
    }
}

fn decide(b: &Browser, reference: &str, csrf: &str, category: &str) -> crate::staff::Answer {
    let mut fields = vec![("category", category)];
    if !csrf.is_empty() {
        fields.push(("csrf", csrf));
    }
    b.post(&format!("/staff/reports/{reference}/triage"), &fields)
}

#[test]
fn a_new_report_carries_a_suggestion_that_staff_accept_or_override_in_one_click() {
    let site = site();
    let citizen = Browser::new(&site);
    // No model yet: the page says so, and a report gets its language only.
    let page = citizen.get("/reports/triage");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("No model has been trained yet"),
        "{}",
        page.body
    );

    confirmed(&site, "water-supply", &WATER);
    confirmed(&site, "refuse", &REFUSE);
    let model = site
        .runtime
        .block_on(site.feedback.train_triage(0.25, None))
        .unwrap();
    assert_eq!((model.version, model.trained_on), (1, 12));

    // Measuring on another set prints its figures only; the built-in fixture's are kept
    // for the public page.
    let blind = crate::support::repo().join("tests/fixtures/triage-blind");
    let other = site.cli(&["triage", "eval", "--fixture", blind.to_str().unwrap()]);
    assert!(
        other.status.success(),
        "{}",
        String::from_utf8_lossy(&other.stderr)
    );
    let kept = site.state_dir().join("triage/eval-0001.json");
    assert!(!kept.exists());
    let builtin = site.cli(&["triage", "eval"]);
    assert!(
        builtin.status.success(),
        "{}",
        String::from_utf8_lossy(&builtin.stderr)
    );
    let kept = std::fs::read_to_string(&kept).unwrap();
    assert!(kept.contains("\"reports\": 335"), "{kept}");
    // Language detection is measured by length too, since residents often write a few
    // words: every fixture report falls in one band.
    let printed = String::from_utf8_lossy(&builtin.stdout);
    let bands: Vec<usize> = ["1-5 words: ", "6-15 words: ", "16+ words: "]
        .iter()
        .map(|band| {
            let at = printed
                .find(band)
                .unwrap_or_else(|| panic!("{band} in {printed}"));
            let counts = &printed[at + band.len()..];
            let of = counts.split_whitespace().nth(2).unwrap();
            of.parse().unwrap()
        })
        .collect();
    assert_eq!(bands.iter().sum::<usize>(), 335, "{printed}");
    assert!(bands.iter().all(|&n| n > 0), "{printed}");

    // A citizen reports a water problem under the wrong category, in Swahili.
    let filed = report(
        &citizen,
        "",
        &[
            ("category", "refuse"),
            (
                "text",
                "Hakuna maji kwenye kioski, bomba limekauka tangu Jumamosi",
            ),
        ],
    );
    assert_eq!(filed.status, 200, "{}", filed.body);
    let reference = reference(&filed.body);

    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get(&format!("/staff/reports/{reference}"));
    assert!(
        page.body.contains("Assistant&#39;s suggestion")
            || page.body.contains("Assistant's suggestion"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Water supply") && page.body.contains("confidence"));
    assert!(page.body.contains("Swahili"), "the language: {}", page.body);
    let csrf = field(&page.body, "csrf");

    // Refused, each with nothing decided: no CSRF token; an unknown category (hostile
    // text); another office's officer; an unknown report.
    assert_eq!(
        decide(&moderator, &reference, "", "water-supply").status,
        403
    );
    let bad = decide(&moderator, &reference, &csrf, "<script>alert(1)</script>");
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(
        bad.body.contains("Choose one of the categories") && !bad.body.contains("<script>alert")
    );
    let roads = signed_in(&site, ROADS_OFFICER);
    let roads_csrf = roads.csrf("/staff");
    assert_eq!(
        decide(&roads, &reference, &roads_csrf, "water-supply").status,
        403
    );
    assert_eq!(
        decide(&moderator, "MLM-2099-999999", &csrf, "water-supply").status,
        404
    );
    let record = site.runtime.block_on(async {
        let r = site
            .feedback
            .by_reference(&reference)
            .await
            .unwrap()
            .unwrap();
        site.feedback.triage_of(r.id).await.unwrap().unwrap()
    });
    assert_eq!(record.decision, disclose::feedback::Decision::Open);
    assert_eq!(record.category, "water-supply");

    // The moderator accepts: the report moves to water supply and its office; once only.
    let ok = decide(&moderator, &reference, &csrf, "water-supply");
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("Suggestion accepted"), "{}", ok.body);
    // A second tap (or another moderator first) is told what was decided, by the
    // category's name in the reader's language, not its code, and to reload.
    let again = decide(&moderator, &reference, &csrf, "refuse");
    assert_eq!(again.status, 400);
    assert!(
        again.body.contains(&format!(
            "The category of {reference} was already decided as Water supply; reload the page \
             to see it"
        )),
        "{}",
        again.body
    );
    moderator.get("/staff?lang=sw");
    let again = decide(&moderator, &reference, &csrf, "water-supply");
    assert_eq!(again.status, 400);
    assert!(
        again.body.contains(&format!(
            "Aina ya {reference} ilishaamuliwa kuwa Huduma ya maji; pakia ukurasa upya ili uione"
        )) && !again.body.contains("(water-supply)")
            && !again.body.contains("ipeleke ripoti"),
        "{}",
        again.body
    );
    moderator.get("/staff?lang=en");
    let report_now = site
        .runtime
        .block_on(site.feedback.by_reference(&reference))
        .unwrap()
        .unwrap();
    assert_eq!(report_now.category, "water-supply");
    assert_eq!(report_now.office, "water-environment");

    // Published, the new category is in the public history; the officer of the new
    // office starts an answer from the category's template, in Swahili.
    let mod_account = account(&site, MODERATOR.0);
    site.runtime
        .block_on(site.feedback.moderate(
            &Actor::cli(),
            &mod_account,
            &reference,
            Moderation::Publish,
        ))
        .unwrap();
    let public = citizen.get(&format!("/reports/{reference}"));
    assert!(
        public.body.contains("Category changed to"),
        "{}",
        public.body
    );
    let water = signed_in(&site, WATER_OFFICER);
    let templated = water.get(&format!("/staff/reports/{reference}?template=1&in=sw"));
    assert_eq!(templated.status, 200);
    assert!(
        templated.body.contains("Timu ya maji imetumwa"),
        "{}",
        templated.body
    );
    let beyond = water.get(&format!("/staff/reports/{reference}?template=99&in=sw"));
    assert_eq!(beyond.status, 200, "an unknown template starts empty");

    // The public page gives the model and the month's decisions; the audit trail has who.
    let page = citizen.get("/reports/triage");
    assert!(
        page.body.contains("Version")
            && page
                .body
                .contains("12 reports whose category staff confirmed"),
        "{}",
        page.body
    );
    let audit = site
        .runtime
        .block_on(site.staff.db.audit_rows(
            &disclose::staff::audit::AuditFilter {
                action: Some("report.triage".into()),
                ..Default::default()
            },
            100,
            0,
        ))
        .unwrap();
    assert!(
        audit.iter().any(|e| e
            .detail
            .contains("accepted water-supply (suggested water-supply")),
        "{audit:?}"
    );
}

#[test]
fn above_the_protocol_s_confidence_the_assistant_routes_alone_and_says_so() {
    let site = site();
    confirmed(&site, "water-supply", &WATER);
    confirmed(&site, "refuse", &REFUSE);
    site.runtime
        .block_on(site.feedback.train_triage(0.25, None))
        .unwrap();
    // The same state database and model, under a protocol that lets the assistant route
    // alone from 0.5.
    let mut protocol = site.feedback.protocol().clone();
    protocol.feedback.triage.automatic_above = Some(0.5);
    let triage = disclose::triage::Triage::open(&site.staff.config.state_dir);
    let feedback = disclose::feedback::Feedback::new(
        site.staff.db.clone(),
        protocol,
        disclose::feedback::PhotoStore::configured(&site.staff.config),
    )
    .with_triage(std::sync::Arc::new(triage));
    let moderator = account(&site, MODERATOR.0);
    let (report, record, events) = site.runtime.block_on(async {
        let filed = feedback
            .file(
                &Actor::cli(),
                NewReport {
                    category: "refuse".into(),
                    text: "No water at the kiosk, the taps are dry since Monday".into(),
                    ..NewReport::default()
                },
            )
            .await
            .unwrap();
        feedback
            .moderate(
                &Actor::cli(),
                &moderator,
                &filed.reference,
                Moderation::Publish,
            )
            .await
            .unwrap();
        let report = feedback
            .by_reference(&filed.reference)
            .await
            .unwrap()
            .unwrap();
        let record = feedback.triage_of(report.id).await.unwrap().unwrap();
        let events = feedback.history(&report, true).await.unwrap();
        (report, record, events)
    });
    assert_eq!(record.decision, disclose::feedback::Decision::Automatic);
    assert!(record.category_confidence >= 0.5, "{record:?}");
    assert_eq!(
        (report.category.as_str(), report.office.as_str()),
        ("water-supply", "water-environment")
    );
    assert!(
        events
            .iter()
            .any(|e| e.kind == "category" && e.text == "automatic" && e.public),
        "{events:?}"
    );
    let citizen = Browser::new(&site);
    let public = citizen.get(&format!("/reports/{}", report.reference));
    assert!(
        public
            .body
            .contains("routed automatically by the assistant"),
        "{}",
        public.body
    );

    // A person may still override an automatic routing, once.
    let decided = site
        .runtime
        .block_on(feedback.decide(&Actor::cli(), &moderator, &report.reference, "refuse"))
        .unwrap();
    assert_eq!(decided, disclose::feedback::Decision::Overridden);
    let back = site
        .runtime
        .block_on(feedback.by_reference(&report.reference))
        .unwrap()
        .unwrap();
    assert_eq!(back.category, "refuse");
}

#[test]
fn a_second_account_of_one_problem_nearby_is_offered_as_a_possible_duplicate_with_why() {
    let site = site();
    let file = |text: &str, point: (f64, f64)| water_report(&site, text, point);
    let first = file(
        "Burst pipe next to the Kahawa water kiosk, water flowing on the road since morning",
        (-1.4200, 37.3000),
    );
    // The same burst pipe told in Swahili, about 120 m away (another phone's pin); and
    // another problem at that kiosk, as far, in much the same words as the first.
    let second = file(
        "Bomba limepasuka karibu na kioski cha maji Kahawa, maji yanamwagika",
        (-1.4211, 37.3000),
    );
    let other = file(
        "The attendant at the Kahawa water kiosk charges 20 shillings a jerrican, not 5",
        (-1.4211, 37.3000),
    );
    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get(&format!("/staff/reports/{second}"));
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("href=\"/staff/reports/{first}\"")),
        "{}",
        page.body
    );
    // Why: what both name of the problem, in words, in the page's language.
    assert!(page.body.contains("both name"), "{}", page.body);
    assert!(page.body.contains("leak or burst"), "{}", page.body);
    let sw = moderator.get(&format!("/staff/reports/{second}?lang=sw"));
    assert!(sw.body.contains("kuvuja au kupasuka"), "{}", sw.body);
    // Swahili puts the number after the noun: "siku 0 kabla", not "0 siku kabla".
    assert!(sw.body.contains("siku 0 kabla"), "{}", sw.body);
    assert!(!sw.body.contains("leak or burst"), "{}", sw.body);
    let page = moderator.get(&format!("/staff/reports/{other}"));
    assert_eq!(page.status, 200);
    assert!(
        !page
            .body
            .contains(&format!("href=\"/staff/reports/{first}\"")),
        "another problem offered as a duplicate: {}",
        page.body
    );
}

#[test]
fn the_same_text_sent_twice_is_offered_as_a_duplicate_whatever_it_says() {
    let site = site();
    // A text sent twice in a minute (a double tap on a slow network), on a project without
    // a pin; it says an earlier problem was dealt with and turns with a "but", which on
    // their own the finder reads as another problem.
    let text = "The culvert was cleared but now the trench beside it is open again. ".repeat(3);
    let file = |text: &str| {
        site.runtime
            .block_on(site.feedback.file(
                &Actor::cli(),
                NewReport {
                    category: "works-stalled".into(),
                    project_id: "MLM-RD-0003".into(),
                    text: text.into(),
                    ..NewReport::default()
                },
            ))
            .unwrap()
            .reference
    };
    let first = file(&text);
    let again = file(&text.to_uppercase());
    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get(&format!("/staff/reports/{again}"));
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("href=\"/staff/reports/{first}\"")),
        "the same text sent again, not offered: {}",
        page.body
    );
}

#[test]
fn at_a_hot_spot_the_latest_reports_are_the_ones_compared() {
    // Three hundred reports of another problem at one kiosk a month ago, filed first;
    // then the burst pipe yesterday; then a second account of the burst pipe today. The
    // finder reads a bounded number of candidates: they must be the latest, not the
    // first filed.
    let day = 86_400;
    let today = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 10, 12, 9, 0, 0)
        .unwrap()
        .timestamp();
    let clock = disclose::feedback::Clock::manual(today - 30 * day);
    let site = super::staffed(Site::with_clock(clock.clone()));
    let kiosk = (-1.4200, 37.3000);
    for i in 0..300 {
        water_report(
            &site,
            &format!(
                "The attendant at the Kahawa kiosk charged me {} shillings a jerrican",
                10 + i
            ),
            kiosk,
        );
    }
    clock.set(today - day);
    let burst = water_report(
        &site,
        "Burst pipe next to the Kahawa water kiosk, water flowing on the road since morning",
        kiosk,
    );
    clock.set(today);
    let second = water_report(
        &site,
        "Bomba limepasuka karibu na kioski cha maji Kahawa, maji yanamwagika",
        (-1.4204, 37.3000),
    );
    let offered = site.runtime.block_on(async {
        let r = site.feedback.by_reference(&second).await.unwrap().unwrap();
        let t = site.feedback.triage_of(r.id).await.unwrap().unwrap();
        t.duplicates
            .into_iter()
            .map(|(_, reference)| reference)
            .collect::<Vec<_>>()
    });
    assert_eq!(offered.first(), Some(&burst), "{offered:?}");
}

#[test]
fn staff_judge_a_possible_duplicate_another_problem_in_one_click_or_the_same_by_marking_it() {
    // Filed in October, judged then, and counted on `/reports/triage` in November.
    let (site, clock, october) = staffed_in_october();
    let moderator_account = account(&site, MODERATOR.0);
    let file = |text: &str, point: (f64, f64)| published_water_report(&site, text, point);
    let first = file(
        "Burst pipe next to the Kahawa water kiosk, water flowing on the road since morning",
        (-1.4200, 37.3000),
    );
    let second = file(
        "Bomba limepasuka karibu na kioski cha maji Kahawa, maji yanamwagika",
        (-1.4204, 37.3000),
    );
    let third = file(
        "pipe burst at kahawa kiosk, maji inapotea bure",
        (-1.4203, 37.3001),
    );
    let verdicts = |reference: &str| {
        site.runtime.block_on(async {
            let r = site
                .feedback
                .by_reference(reference)
                .await
                .unwrap()
                .unwrap();
            let t = site.feedback.triage_of(r.id).await.unwrap().unwrap();
            t.duplicates
                .into_iter()
                .map(|(c, r)| (r, c.verdict))
                .collect::<Vec<_>>()
        })
    };
    let judge = |b: &Browser, reference: &str, csrf: &str, candidate: &str| {
        let mut fields = vec![("not_duplicate", candidate)];
        if !csrf.is_empty() {
            fields.push(("csrf", csrf));
        }
        b.post(&format!("/staff/reports/{reference}/triage"), &fields)
    };

    // Nothing judged yet: nothing to write, and it says where verdicts come from.
    let none = site.cli(&["triage", "pairs", "--out", "/tmp/never-written"]);
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        !none.status.success() && err.contains("no possible duplicate has been judged yet"),
        "{err}"
    );
    assert!(!std::path::Path::new("/tmp/never-written").exists());

    let moderator = signed_in(&site, MODERATOR);
    let page = moderator.get(&format!("/staff/reports/{second}"));
    assert!(
        page.body
            .contains(&format!("name=\"not_duplicate\" value=\"{first}\"")),
        "{}",
        page.body
    );
    let csrf = field(&page.body, "csrf");
    // Refused, with nothing recorded: no CSRF token; another office's officer; a report
    // that was not offered (hostile text, an unknown one, the report itself).
    assert_eq!(judge(&moderator, &second, "", &first).status, 403);
    let roads = signed_in(&site, ROADS_OFFICER);
    let roads_csrf = roads.csrf("/staff");
    assert_eq!(judge(&roads, &second, &roads_csrf, &first).status, 403);
    for hostile in [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        second.as_str(),
        "MLM-2099-999999",
    ] {
        let bad = judge(&moderator, &second, &csrf, hostile);
        assert_eq!(bad.status, 400, "{hostile}: {}", bad.body);
        assert!(
            bad.body.contains("is not among the possible duplicates")
                && !bad.body.contains("<script>alert"),
            "{}",
            bad.body
        );
    }
    assert_eq!(
        judge(&moderator, "MLM-2099-999999", &csrf, &first).status,
        404
    );
    assert_eq!(verdicts(&second), [(first.clone(), None)]);

    // The moderator judges it another problem: one click, kept with who and when, and
    // shown in place of the button.
    let ok = judge(&moderator, &second, &csrf, &first);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("staff: another problem"), "{}", ok.body);
    assert!(!ok.body.contains("name=\"not_duplicate\""), "{}", ok.body);
    let kept = verdicts(&second);
    let verdict = kept[0].1.expect("a verdict");
    assert!(
        !verdict.same && verdict.by == moderator_account.id,
        "{kept:?}"
    );
    // A tap on the wrong button is taken back in one more (CSRF and office checked the
    // same way), the possible duplicate offered again unjudged, then judged again.
    let undo = |b: &Browser, csrf: &str| {
        b.post(
            &format!("/staff/reports/{second}/triage"),
            &[("undo_not_duplicate", first.as_str()), ("csrf", csrf)],
        )
    };
    assert!(
        ok.body
            .contains(&format!("name=\"undo_not_duplicate\" value=\"{first}\""))
    );
    assert_eq!(undo(&moderator, "").status, 403);
    assert_eq!(undo(&roads, &roads_csrf).status, 403);
    let back = undo(&moderator, &csrf);
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(verdicts(&second), [(first.clone(), None)]);
    assert!(
        back.body
            .contains(&format!("name=\"not_duplicate\" value=\"{first}\""))
    );
    let again = undo(&moderator, &csrf);
    assert_eq!(again.status, 400, "nothing to take back: {}", again.body);
    assert_eq!(judge(&moderator, &second, &csrf, &first).status, 200);
    assert!(!verdicts(&second)[0].1.expect("judged again").same);

    // The water officer marks the third report a duplicate of the first: that is the
    // verdict "the same problem", kept with its suggestion too.
    let water = signed_in(&site, WATER_OFFICER);
    let water_csrf = water.csrf("/staff");
    // One click does it: "The same problem" beside the possible duplicate.
    let page = water.get(&format!("/staff/reports/{third}"));
    assert!(
        page.body
            .contains(&format!("name=\"other\" value=\"{first}\"")),
        "{}",
        page.body
    );
    assert!(
        verdicts(&third)
            .iter()
            .any(|(r, v)| *r == first && v.is_none())
    );
    let marked = water.post(
        &format!("/staff/reports/{third}/act"),
        &[
            ("csrf", &water_csrf),
            ("action", "duplicate"),
            ("other", &first),
        ],
    );
    assert_eq!(marked.status, 200, "{}", marked.body);
    let same = verdicts(&third)
        .into_iter()
        .find(|(r, _)| *r == first)
        .and_then(|(_, v)| v)
        .expect("a verdict");
    assert!(same.same, "{same:?}");
    let page = water.get(&format!("/staff/reports/{third}"));
    assert!(
        page.body.contains("staff: the same problem"),
        "{}",
        page.body
    );
    let page = water.get(&format!("/staff/reports/{third}?lang=sw"));
    assert!(
        page.body.contains("wafanyakazi: tatizo lilo hilo"),
        "{}",
        page.body
    );

    // `disclose triage pairs` writes the verdicts as labelled pairs, and `triage eval`
    // measures the finder on them (both the real binary).
    let (_out, dir, said) = triage_pairs(&site);
    assert!(
        said.contains("wrote 2 judged pairs (1 the same problem, 1 another)"),
        "{said}"
    );
    let pairs = disclose::triage::eval::Fixture::load(&dir).unwrap().pairs;
    let labelled: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.pair.as_str(), p.duplicate.as_str()))
        .collect();
    assert_eq!(
        labelled,
        [
            (format!("{second}~{first}").as_str(), "no"),
            (format!("{third}~{first}").as_str(), "yes")
        ]
    );
    assert!(
        pairs[0].a_text.starts_with("Burst pipe next to the Kahawa") && pairs[0].a_lat.is_some()
    );
    let measured = site.cli(&["triage", "eval", "--fixture", dir.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&measured.stdout);
    assert!(
        measured.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&measured.stderr)
    );
    assert!(
        said.contains("duplicates: 2 pairs (1 duplicates)"),
        "{said}"
    );

    // Published the next month: three offered (the first with the second; the first and
    // the second with the third), one judged the same problem, one another.
    clock.set(october + 30 * 86_400);
    let page = Browser::new(&site).get("/reports/triage");
    says_facts(
        &page.body,
        &[
            ("Possible duplicates offered", "3"),
            ("Judged the same problem by staff", "1"),
            ("Judged another problem by staff", "1"),
        ],
    );
    assert!(
        !page.body.contains("no suggestions last month"),
        "{}",
        page.body
    );

    // Four months on, with nothing since: the latest month that had any, said so.
    clock.set(october + 120 * 86_400);
    // (Another address than above: the page kept two seconds ago is served for two.)
    let later = Browser::new(&site).get("/reports/triage?lang=en");
    assert!(
        later.body.contains("Decisions in October 2026"),
        "{}",
        later.body
    );
    assert!(
        later.body.contains("no suggestions last month")
            && later
                .body
                .contains("<dt>Possible duplicates offered</dt><dd>3</dd>"),
        "{}",
        later.body
    );
}

#[test]
fn staff_find_a_duplicate_the_finder_did_not_offer_among_the_reports_it_compared() {
    // Filed in October, judged then, and counted on `/reports/triage` in November.
    let (site, clock, october) = staffed_in_october();
    let kiosk = (-1.4200, 37.3000);
    // One burst main told twice by what each resident saw (the burst, the dry taps): the
    // finder scores the second below its threshold. Also near: a report not yet
    // published, and another category's.
    let first = published_water_report(
        &site,
        "Burst pipe next to the Kahawa water kiosk, water flowing on the road since morning",
        kiosk,
    );
    let unpublished = water_report(&site, "Kioski cha Kahawa kimefungwa leo", kiosk);
    let refuse = site
        .runtime
        .block_on(site.feedback.file(
            &Actor::cli(),
            NewReport {
                category: "refuse".into(),
                text: "Rubbish dumped behind the Kahawa kiosk".into(),
                point: Some(kiosk),
                ..NewReport::default()
            },
        ))
        .unwrap()
        .reference;
    let second = published_water_report(
        &site,
        "Tangu jana hatuna maji nyumbani, bomba ni kavu",
        (-1.4203, 37.3001),
    );
    let record = |reference: &str| {
        site.runtime.block_on(async {
            let r = site
                .feedback
                .by_reference(reference)
                .await
                .unwrap()
                .unwrap();
            site.feedback.triage_of(r.id).await.unwrap().unwrap()
        })
    };
    let judged = |reference: &str| {
        record(reference)
            .duplicates
            .into_iter()
            .map(|(c, r)| (r, c.verdict.map(|v| v.same), c.not_offered))
            .collect::<Vec<_>>()
    };
    assert!(
        record(&second).duplicates.is_empty(),
        "offered, so this test shows nothing: {:?}",
        record(&second).duplicates
    );

    // The officer sees it among the other reports the finder compared, with its score, its
    // words and both judgements; not the unpublished report, nor the other category's.
    let water = signed_in(&site, WATER_OFFICER);
    let page = water.get(&format!("/staff/reports/{second}"));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Other earlier reports it compared"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("water flowing on the road"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("name=\"other\" value=\"{first}\"")),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("name=\"not_duplicate\" value=\"{first}\"")),
        "{}",
        page.body
    );
    for not_shown in [&unpublished, &refuse] {
        assert!(
            !page.body.contains(not_shown.as_str()),
            "{not_shown}: {}",
            page.body
        );
    }
    let sw = water.get(&format!("/staff/reports/{second}?lang=sw"));
    assert!(
        sw.body.contains("Ripoti nyingine za awali alizolinganisha"),
        "{}",
        sw.body
    );
    assert!(sw.body.contains(">Tatizo lilo hilo<"), "{}", sw.body);
    // (The language chosen is kept: back to English for what follows.)
    let page = water.get(&format!("/staff/reports/{second}?lang=en"));
    let csrf = field(&page.body, "csrf");

    // "Not the same problem" on one the finder did not offer: kept, marked not offered;
    // refused without CSRF, for another office's officer, for the unpublished report, the
    // other category's (never compared) and the report itself.
    let judge = |b: &Browser, csrf: &str, name: &str, candidate: &str| {
        b.post(
            &format!("/staff/reports/{second}/triage"),
            &[(name, candidate), ("csrf", csrf)],
        )
    };
    assert_eq!(judge(&water, "", "not_duplicate", &first).status, 403);
    let roads = signed_in(&site, ROADS_OFFICER);
    let roads_csrf = roads.csrf("/staff");
    assert_eq!(
        judge(&roads, &roads_csrf, "not_duplicate", &first).status,
        403
    );
    for never in [&unpublished, &refuse, &second] {
        let bad = judge(&water, &csrf, "not_duplicate", never);
        assert_eq!(bad.status, 400, "{never}: {}", bad.body);
        assert!(
            bad.body.contains("is not among the possible duplicates"),
            "{}",
            bad.body
        );
    }
    assert!(judged(&second).is_empty());
    let ok = judge(&water, &csrf, "not_duplicate", &first);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(judged(&second), [(first.clone(), Some(false), true)]);
    assert!(
        ok.body.contains("not offered by the assistant"),
        "{}",
        ok.body
    );
    // Taken back, it is no longer kept at all, and is among the compared again.
    let back = judge(&water, &csrf, "undo_not_duplicate", &first);
    assert_eq!(back.status, 200, "{}", back.body);
    assert!(judged(&second).is_empty());
    assert!(
        back.body
            .contains(&format!("name=\"not_duplicate\" value=\"{first}\""))
    );

    // "The same problem" marks the report a duplicate in one click (as the act form does,
    // so with its checks): the verdict is kept, not offered, for the finder to learn from.
    let same = |b: &Browser, csrf: &str| {
        b.post(
            &format!("/staff/reports/{second}/act"),
            &[("csrf", csrf), ("action", "duplicate"), ("other", &first)],
        )
    };
    assert_eq!(same(&water, "").status, 403);
    assert_eq!(same(&roads, &roads_csrf).status, 403);
    assert!(judged(&second).is_empty());
    let marked = same(&water, &csrf);
    assert_eq!(marked.status, 200, "{}", marked.body);
    assert_eq!(judged(&second), [(first.clone(), Some(true), true)]);
    assert!(
        marked.body.contains("staff: the same problem"),
        "{}",
        marked.body
    );

    // `triage pairs` writes it with the offered ones: a county's verdicts now hold the
    // duplicates its finder missed, so a refit can learn to find more, not only fewer.
    let (_out, _, said) = triage_pairs(&site);
    assert!(
        said.contains("wrote 1 judged pair (1 the same problem, 0 another)"),
        "{said}"
    );

    // Published the next month: one offered (the first, to the unpublished report), and
    // apart from it the one duplicate staff found themselves.
    clock.set(october + 30 * 86_400);
    let page = Browser::new(&site).get("/reports/triage");
    says_facts(
        &page.body,
        &[
            ("Possible duplicates offered", "1"),
            ("Judged the same problem by staff", "0"),
            (
                "Duplicates staff found that the assistant had not offered",
                "1",
            ),
        ],
    );
}

#[test]
fn a_refused_step_keeps_the_form_as_sent_and_a_judgement_says_what_it_did_at_the_panel() {
    let site = site();
    let kiosk = (-1.4200, 37.3000);
    let first = published_water_report(
        &site,
        "Burst pipe next to the Kahawa water kiosk, water flowing on the road since morning",
        kiosk,
    );
    let second = published_water_report(
        &site,
        "Bomba limepasuka karibu na kioski cha maji Kahawa, maji yanamwagika",
        (-1.4204, 37.3000),
    );
    let water = signed_in(&site, WATER_OFFICER);
    let csrf = water.csrf(&format!("/staff/reports/{second}"));
    let status = |reference: &str| {
        site.runtime.block_on(async {
            let r = site
                .feedback
                .by_reference(reference)
                .await
                .unwrap()
                .unwrap();
            r.status.as_str().to_string()
        })
    };

    // Close without a reason: refused, and the form comes back with "close" still chosen
    // (before, it came back on "acknowledge", and the next Save acknowledged the report
    // with the closing reason as its public answer), the office and reference kept too.
    let refused = water.post(
        &format!("/staff/reports/{second}/act?lang=sw"),
        &[
            ("csrf", &csrf),
            ("action", "close"),
            ("text", ""),
            ("other", "MLM-<b>x</b>"),
            ("office", "roads-works"),
        ],
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains(r#"<option value="close" selected>"#),
        "{}",
        refused.body
    );
    assert!(
        !refused
            .body
            .contains(r#"<option value="acknowledge" selected>"#)
    );
    assert!(
        refused
            .body
            .contains(r#"<option value="roads-works" selected>"#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"MLM-&lt;b&gt;x&lt;/b&gt;\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("role=\"alert\""), "{}", refused.body);
    assert_eq!(status(&second), "open");
    // A refused referral keeps its text and office.
    let text = "Hii ni kazi ya idara ya barabara <script>alert(1)</script>";
    let refused = water.post(
        &format!("/staff/reports/{second}/act"),
        &[
            ("csrf", &csrf),
            ("action", "refer"),
            ("text", text),
            ("office", ""),
        ],
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains(r#"<option value="refer" selected>"#),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Hii ni kazi ya idara ya barabara &lt;script&gt;"),
        "{}",
        refused.body
    );

    // A one-click judgement opens at the panel (the form's address names it) and says
    // there what it did, in the page's language.
    let page = water.get(&format!("/staff/reports/{second}?lang=en"));
    assert!(
        page.body.contains(&format!(
            "action=\"/staff/reports/{second}/triage#triage-title\""
        )),
        "{}",
        page.body
    );
    let judged = water.post(
        &format!("/staff/reports/{second}/triage"),
        &[("csrf", &csrf), ("not_duplicate", &first)],
    );
    assert_eq!(judged.status, 200, "{}", judged.body);
    assert!(
        judged.body.contains(&format!(
            "<p class=\"done\" role=\"status\">Kept: {first} is another problem.</p>"
        )),
        "{}",
        judged.body
    );
    let back = water.post(
        &format!("/staff/reports/{second}/triage?lang=sw"),
        &[("csrf", &csrf), ("undo_not_duplicate", &first)],
    );
    assert!(
        back.body
            .contains(&format!("Imerudishwa: {first} haijaamuliwa.")),
        "{}",
        back.body
    );
}

#[test]
fn a_county_s_own_verdicts_refit_the_duplicate_finder_when_they_say_something_else() {
    // Staff of this county judge a burst pipe the same problem only at the same spot:
    // 100 m along, in the same words, they say it is another (the next estate's pipe).
    let start = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 1, 10, 9, 0, 0)
        .unwrap()
        .timestamp();
    let clock = disclose::feedback::Clock::manual(start);
    let site = super::staffed(Site::with_clock(clock.clone()));
    let (moderator, water) = (account(&site, MODERATOR.0), account(&site, WATER_OFFICER.0));
    let published = |text: &str, point: (f64, f64)| published_water_report(&site, text, point);
    let here = (-1.4200, 37.3000);
    let along = (-1.4209, 37.3000); // about 100 m
    for i in 0..120 {
        // Each pair two months after the last, so that no pair meets another.
        clock.set(start + i * 61 * 86_400);
        let first = published(
            &format!("Burst pipe at the kiosk, water wasting ({i})"),
            here,
        );
        clock.set(start + i * 61 * 86_400 + 3_600);
        let same_spot = i % 2 == 0;
        let second = published(
            &format!("bomba limepasuka kwa kiosk, maji yanapotea ({i})"),
            if same_spot { here } else { along },
        );
        if same_spot {
            site.runtime
                .block_on(site.feedback.act(
                    &Actor::cli(),
                    &water,
                    &second,
                    disclose::feedback::Action::DuplicateOf { reference: first },
                ))
                .unwrap();
        } else {
            site.runtime
                .block_on(
                    site.feedback
                        .not_a_duplicate(&Actor::cli(), &moderator, &second, &first),
                )
                .unwrap();
        }
    }
    confirmed(&site, "water-supply", &WATER);
    confirmed(&site, "refuse", &REFUSE);
    let model = site
        .runtime
        .block_on(site.feedback.train_triage(0.25, None))
        .unwrap();
    let fitted = model.duplicates.clone().expect("fitted on 120 verdicts");
    assert_eq!((fitted.verdicts, fitted.same), (120, 60));
    assert!(
        fitted.adopted && fitted.held_out.0 > fitted.shipped.0,
        "{fitted:?}"
    );

    // Now a burst pipe 100 m along is no longer offered; one at the same spot still is.
    clock.set(start + 130 * 61 * 86_400);
    let first = published("Burst pipe at the kiosk, water everywhere", here);
    clock.set(start + 130 * 61 * 86_400 + 3_600);
    let offered = |point: (f64, f64)| {
        let reference = water_report(&site, "pipe imepasuka kwa kiosk, maji inapotea", point);
        site.runtime.block_on(async {
            let r = site
                .feedback
                .by_reference(&reference)
                .await
                .unwrap()
                .unwrap();
            let t = site.feedback.triage_of(r.id).await.unwrap().unwrap();
            t.duplicates.iter().any(|(_, r)| *r == first)
        })
    };
    assert!(offered(here));
    assert!(!offered(along));

    // The public page says what is in use and how it measured.
    let page = Browser::new(&site).get("/reports/triage");
    assert!(
        page.body.contains("fitted on 120 verdicts of staff") && page.body.contains("In use."),
        "{}",
        page.body
    );
}
