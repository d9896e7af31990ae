//! The demo's citizen reports: two years of reports on Mlima County's projects and
//! services, in English and Swahili, filed through every channel and answered by the
//! demo's moderator and officers, each action stamped on its own simulated date with the
//! feedback service's [`Clock`]. Then each finished month is published as
//! `feedback-YYYY-MM` on its due date, as the monthly export on that date showed it, and
//! one month is restated later with a note.
//!
//! Deterministic from the demo's seed (its own stream of the world's generator), and tied
//! to the world's planted patterns: a stalled project with several reports and a slow
//! response, a market whose refuse reports are answered on time, duplicates and
//! followers, an abusive report rejected with a reason, and observations of the
//! Multi-Stakeholder Forum's social audits on the projects they checked. What was planted
//! is added to `inbox/planted.json` under `patterns.feedback`.
//!
//! Reporters are synthetic and plainly so: "Demo Resident 17", phone numbers of the form
//! `0700 000 xxx`, addresses at `example.org`. Nothing here may be run against a real
//! county's database: [`seed`] refuses a state database that already holds reports.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::phrases::{self, Lang, Place};
use super::world::{self, World, date};
use crate::feedback::export::{self, PublishMonth, Published};
use crate::feedback::{
    Action, Channel, Clock, Feedback, Moderation, NewReport, PhotoStore, Reason, Status,
};
use crate::protocol::{Period, Protocol};
use crate::staff::{Account, Actor, Staff};

/// The demo's "now" for citizens' reports: every action happens before it, and the months
/// due by then are published. The replayed publications of the other kinds end in late
/// July 2026 too.
pub fn end() -> NaiveDate {
    date(2026, 7, 20)
}

/// The day a month's `feedback` dataset is due, by the protocol's rule (15 days after the
/// month ends in the shipped protocol; that, if the protocol has no rule).
pub fn due_date(protocol: &Protocol, month: Period) -> NaiveDate {
    protocol
        .kind(export::KIND)
        .ok()
        .and_then(|k| k.spec.due.as_ref())
        .map_or(month.last_day() + Days::new(15), |rule| {
            rule.due_date(month)
        })
}

/// Who publishes the demo's feedback months.
const PUBLISHER: &str = "Mlima County (synthetic demo)";

/// How much to seed.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Background reports (besides the planted ones) over the two years.
    pub background: usize,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self { background: 2600 }
    }
}

/// What [`seed`] did, for people and for tests.
#[derive(Debug, Clone, Serialize)]
pub struct Seeded {
    /// Reports filed.
    pub reports: usize,
    /// `feedback-YYYY-MM` versions published, with their notes.
    pub published: Vec<String>,
    /// Seconds spent filing and answering reports (not publishing).
    pub seeding_seconds: f64,
    /// Seconds spent publishing the months.
    pub publishing_seconds: f64,
    /// What was planted, as written to `planted.json`.
    pub planted: serde_json::Value,
}

impl Seeded {
    pub fn summary(&self) -> String {
        format!(
            "citizen reports: {} filed and answered on their own dates in {:.1} s; {} feedback versions published in {:.1} s",
            self.reports,
            self.seeding_seconds,
            self.published.len(),
            self.publishing_seconds
        )
    }
}

/// One step of a report's life after it is filed.
#[derive(Debug, Clone)]
enum Step {
    Moderate(Moderation),
    Act(Action),
    /// Marked as a duplicate of the report planned under this key.
    DuplicateOf(usize),
    /// Someone follows it.
    Follow,
}

/// Which planted pattern a report carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Background,
    Stalled,
    Market,
    Abusive,
    Audit,
}

/// One report to file and what then happens to it, in time order.
#[derive(Debug, Clone)]
struct Plan {
    key: usize,
    received: i64,
    new: NewReport,
    steps: Vec<(i64, Step)>,
    tag: Tag,
}

/// Unix seconds of `d` at `hour:minute` (UTC).
fn at(d: NaiveDate, hour: u32, minute: u32) -> i64 {
    Utc.from_utc_datetime(&d.and_hms_opt(hour, minute, 0).expect("a valid time"))
        .timestamp()
}

/// `t` plus a (fractional) number of days.
fn plus(t: i64, days: f64) -> i64 {
    t + (days * 86_400.0) as i64
}

fn day_of(t: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(t, 0).map_or(world::first_day(), |d| d.date_naive())
}

/// An office's text in English and in Swahili.
#[derive(Debug, Clone, Copy)]
struct Said(&'static str, &'static str);

impl Said {
    fn in_(self, swahili: bool) -> String {
        if swahili { self.1 } else { self.0 }.to_string()
    }
}

/// How the office says it was fixed, per category.
fn fixed(category: &str) -> Said {
    match category {
        "works-stalled" => Said(
            "The contractor has returned to site and works have resumed.",
            "Mkandarasi amerudi eneo la kazi na kazi imeanza tena.",
        ),
        "poor-workmanship" => Said(
            "The defective section was inspected and redone by the contractor within the defects liability period.",
            "Sehemu yenye kasoro ilikaguliwa na kurekebishwa na mkandarasi ndani ya kipindi cha dhamana ya kasoro.",
        ),
        "site-safety" => Said(
            "The contractor fenced the site and put up warning signs the same day.",
            "Mkandarasi aliweka uzio na alama za tahadhari siku hiyo hiyo.",
        ),
        "audit-observation" => Said(
            "A joint inspection with the works department was held; the next payment certificate is held until the progress is verified.",
            "Ukaguzi wa pamoja na idara ya kazi ulifanyika; cheti kijacho cha malipo kimezuiliwa hadi maendeleo yathibitishwe.",
        ),
        "water-supply" => Said(
            "A crew repaired the pipe and the supply was restored.",
            "Timu ilirekebisha bomba na huduma ya maji ikarejeshwa.",
        ),
        "refuse" => Said(
            "The refuse was collected and the skip emptied.",
            "Taka zilikusanywa na kontena likamwagwa.",
        ),
        "road-damage" => Said(
            "The potholes were filled and the drain cleared.",
            "Mashimo yalizibwa na mtaro ukasafishwa.",
        ),
        "permit-delay" => Said(
            "The application was decided and the permit is ready for collection.",
            "Ombi liliamuliwa na kibali kiko tayari kuchukuliwa.",
        ),
        "market-fees" => Said(
            "The collectors were reminded of the published rates; receipts are now issued for every fee.",
            "Wakusanyaji walikumbushwa viwango vilivyochapishwa; risiti sasa zinatolewa kwa kila ada.",
        ),
        "information-request" => Said(
            "The documents were published on the county website and sent to the requester.",
            "Nyaraka zilichapishwa kwenye tovuti ya kaunti na kutumwa kwa mwombaji.",
        ),
        _ => Said(
            "The internal audit directorate looked into it and referred its findings to the county's disciplinary committee.",
            "Kurugenzi ya ukaguzi wa ndani ililichunguza na kuwasilisha matokeo yake kwa kamati ya nidhamu ya kaunti.",
        ),
    }
}

const NOT_FIXED: [Said; 3] = [
    Said(
        "This road is a national road maintained by KeNHA; the county cannot repair it. We have forwarded the report to KeNHA.",
        "Barabara hii ni ya kitaifa inayotunzwa na KeNHA; kaunti haiwezi kuirekebisha. Tumeiwasilisha ripoti kwa KeNHA.",
    ),
    Said(
        "There is no budget for this in the current financial year; it has been proposed for the next Annual Development Plan.",
        "Hakuna bajeti ya hili katika mwaka huu wa fedha; limependekezwa katika Mpango wa Maendeleo wa Mwaka ujao.",
    ),
    Said(
        "We visited twice and could not find the problem described; please file a new report with the exact place if it happens again.",
        "Tulitembelea mara mbili na hatukupata tatizo lililoelezwa; tafadhali wasilisha ripoti mpya na mahali halisi likitokea tena.",
    ),
];

const RESPONSES: [Said; 2] = [
    Said(
        "Thank you for your report. An officer will visit within the week.",
        "Asante kwa ripoti yako. Afisa atatembelea ndani ya wiki hii.",
    ),
    Said(
        "The matter has been passed to the ward administrator, who will report back here.",
        "Suala hili limepelekwa kwa msimamizi wa wadi, atakayetoa taarifa hapa.",
    ),
];

/// How promptly an office answers: the chance it acknowledges, and resolves, within the
/// standard.
fn promptness(office: &str) -> (f64, f64) {
    match office {
        "water-environment" => (0.85, 0.75),
        "roads-works" => (0.55, 0.45),
        "customer-care" => (0.8, 0.65),
        "treasury-revenue" => (0.7, 0.6),
        "planning-me" => (0.8, 0.6),
        _ => (0.75, 0.7),
    }
}

/// Background categories and their weights.
const MIX: [(&str, u32); 11] = [
    ("water-supply", 18),
    ("refuse", 14),
    ("road-damage", 16),
    ("permit-delay", 8),
    ("market-fees", 7),
    ("information-request", 6),
    ("corruption-concern", 3),
    ("works-stalled", 8),
    ("poor-workmanship", 8),
    ("site-safety", 5),
    ("audit-observation", 2),
];

/// Channels and their weights; staff take the counter, phone and desk ones.
const CHANNELS: [(Channel, u32); 6] = [
    (Channel::Web, 40),
    (Channel::Sms, 15),
    (Channel::Open311, 10),
    (Channel::Phone, 12),
    (Channel::Counter, 13),
    (Channel::Desk, 10),
];

fn pick<'a, T>(r: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = r.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &items[items.len() - 1].0
}

/// A synthetic reporter: anonymous, or plainly invented.
fn reporter(r: &mut ChaCha8Rng) -> (String, String) {
    if r.random_bool(0.35) {
        return (String::new(), String::new());
    }
    let n = r.random_range(1..1000);
    let contact = if r.random_bool(0.6) {
        format!("0700 000 {n:03}")
    } else {
        format!("resident{n}@example.org")
    };
    (format!("Demo Resident {n}"), contact)
}

/// A point inside a ward's core, as (latitude, longitude).
fn point_in(world: &World, ward: usize, r: &mut ChaCha8Rng) -> (f64, f64) {
    let [w, s, e, n] = world.wards[ward].core;
    let round = |v: f64| (v * 1e5).round() / 1e5;
    (round(r.random_range(s..n)), round(r.random_range(w..e)))
}

/// Builds the plans: planted ones first, then the background, all in time order.
struct Planner<'a> {
    world: &'a World,
    protocol: &'a Protocol,
    r: ChaCha8Rng,
    plans: Vec<Plan>,
    end: i64,
}

impl Planner<'_> {
    fn push(&mut self, received: i64, new: NewReport, steps: Vec<(i64, Step)>, tag: Tag) -> usize {
        let key = self.plans.len();
        self.plans.push(Plan {
            key,
            received,
            new,
            steps,
            tag,
        });
        key
    }

    fn standard(&self, category: &str) -> (f64, f64) {
        self.protocol.category(category).map_or((3.0, 30.0), |c| {
            (f64::from(c.acknowledge_days), f64::from(c.resolve_days))
        })
    }

    /// Published after a few hours, with personal data removed when the text has some.
    fn moderation(&mut self, received: i64, text: &str, swahili: bool) -> (i64, Step) {
        let when = plus(received, self.r.random_range(0.05..1.2));
        let step = match text.find(" 0700 000 ") {
            Some(i) => {
                let cut = text[..i].trim_end_matches([',', ' ']).to_string();
                let removed = if swahili {
                    " [namba ya simu imeondolewa]"
                } else {
                    " [phone number removed]"
                };
                Step::Moderate(Moderation::PublishEdited {
                    text: format!("{cut}{removed}"),
                    reason: Reason::PersonalData,
                })
            }
            None => Step::Moderate(Moderation::Publish),
        };
        (when, step)
    }

    /// An office's answer to a published report: acknowledged, perhaps a public response
    /// and work started, then resolved, closed as not fixed, or left open.
    fn answer(
        &mut self,
        category: &str,
        published: i64,
        received: i64,
        swahili: bool,
    ) -> Vec<(i64, Step)> {
        let (ack_std, res_std) = self.standard(category);
        let office = self
            .protocol
            .category(category)
            .map_or("", |c| c.office.as_str());
        let (ack_p, res_p) = promptness(office);
        let r = &mut self.r;
        let mut steps = Vec::new();
        let ack_days = if r.random_bool(ack_p) {
            r.random_range(0.1..ack_std)
        } else {
            r.random_range(ack_std + 0.5..ack_std * 3.0 + 4.0)
        };
        let ack = plus(received, ack_days).max(published + 600);
        steps.push((
            ack,
            Step::Act(Action::Acknowledge {
                text: String::new(),
            }),
        ));
        if r.random_bool(0.35) {
            let text = RESPONSES[r.random_range(0..RESPONSES.len())].in_(swahili);
            steps.push((plus(ack, 0.2), Step::Act(Action::Respond { text })));
        }
        let res_days = if r.random_bool(res_p) {
            r.random_range(ack_days.min(res_std - 0.5) + 0.4..res_std)
        } else {
            res_std * r.random_range(1.1..3.0)
        };
        let done = plus(received, res_days).max(ack + 3600);
        if r.random_bool(0.4) {
            steps.push((
                ack + (done - ack) / 2,
                Step::Act(Action::Start {
                    text: String::new(),
                }),
            ));
        }
        let outcome = r.random_range(0..100);
        if outcome < 82 {
            let text = fixed(category).in_(swahili);
            steps.push((done, Step::Act(Action::Resolve { text })));
        } else if outcome < 92 {
            let text = NOT_FIXED[r.random_range(0..NOT_FIXED.len())].in_(swahili);
            steps.push((done, Step::Act(Action::CloseNotFixed { text })));
        }
        // Otherwise acknowledged and never finished: open, and overdue by the end.
        steps
    }

    /// A contracted project under way on `d`, for a report about a project.
    fn project_on(&mut self, d: NaiveDate) -> Option<usize> {
        let live: Vec<usize> = (0..self.world.projects.len())
            .filter(|&i| {
                let p = &self.world.projects[i];
                p.has_contract() && p.planned_start <= d && d <= p.actual_end() + Days::new(90)
            })
            .collect();
        (!live.is_empty()).then(|| live[self.r.random_range(0..live.len())])
    }

    fn background(&mut self, count: usize, staff_desk: i64) {
        let span = (world::last_day() + Days::new(10) - world::first_day()).num_days();
        for _ in 0..count {
            let day = world::first_day() + Days::new(self.r.random_range(0..span as u64));
            let received = at(day, self.r.random_range(6..20), self.r.random_range(0..60));
            let category = *pick(&mut self.r, &MIX);
            let about_project = self
                .protocol
                .category(category)
                .is_some_and(|c| c.about == crate::protocol::feedback::About::Project);
            let (project, ward) = if about_project {
                let Some(p) = self.project_on(day) else {
                    continue;
                };
                (Some(p), self.world.projects[p].ward)
            } else {
                (None, self.r.random_range(0..self.world.wards.len()))
            };
            let lang = Lang::draw(&mut self.r);
            let swahili = lang.swahili();
            let place = Place {
                ward: &self.world.wards[ward].name,
                project: project.map(|p| self.world.projects[p].title.as_str()),
            };
            let mut text = phrases::complaint(&mut self.r, category, lang, &place);
            let (name, contact) = reporter(&mut self.r);
            if contact.starts_with("0700") && self.r.random_bool(0.3) {
                let lead = phrases::call_me(&mut self.r, lang);
                text = format!("{text} {lead} {contact}");
            }
            let channel = *pick(&mut self.r, &CHANNELS);
            let point = (!about_project && self.r.random_bool(0.7))
                .then(|| point_in(self.world, ward, &mut self.r));
            let new = NewReport {
                category: category.into(),
                text: text.clone(),
                project_id: project.map_or(String::new(), |p| self.world.projects[p].id.clone()),
                ward: self.world.wards[ward].code.clone(),
                point,
                reporter_name: name,
                reporter_contact: contact,
                channel: Some(channel),
                taken_by: matches!(channel, Channel::Counter | Channel::Phone | Channel::Desk)
                    .then_some(staff_desk),
                photo: None,
                sent_with: None,
            };
            let moderated = self.moderation(received, &text, swahili);
            let published = moderated.0;
            let mut steps = vec![moderated];
            // A few are referred to the office that answers them.
            let referred = match category {
                "water-supply" if self.r.random_bool(0.06) => Some((
                    "roads-works",
                    "The blocked culvert is on a county road: the Roads department answers it.",
                )),
                "road-damage" if self.r.random_bool(0.06) => Some((
                    "water-environment",
                    "The flooding comes from a blocked sewer line: the Water department answers it.",
                )),
                _ => None,
            };
            if let Some((office, reason)) = referred {
                steps.push((
                    plus(published, 0.3),
                    Step::Act(Action::Refer {
                        office: office.into(),
                        reason: reason.into(),
                    }),
                ));
            }
            steps.extend(self.answer(category, published, received, swahili));
            for _ in 0..(if self.r.random_bool(0.12) {
                self.r.random_range(1..4)
            } else {
                0
            }) {
                let t = plus(published, self.r.random_range(0.5..10.0));
                steps.push((t, Step::Follow));
            }
            let key = self.push(received, new.clone(), steps, Tag::Background);
            // Now and then someone reports the same thing again a few days later; the
            // office marks it as a duplicate and the second reporter follows the first.
            if !about_project && self.r.random_bool(0.05) {
                let again = plus(received, self.r.random_range(1.0..5.0));
                let mut twin = new;
                twin.reporter_name = String::new();
                twin.reporter_contact = String::new();
                twin.channel = Some(Channel::Web);
                twin.taken_by = None;
                // Moderated like any report (a phone number left in the text is removed).
                let moderated = self.moderation(again, &twin.text, swahili);
                let published = moderated.0;
                let steps = vec![moderated, (plus(published, 0.5), Step::DuplicateOf(key))];
                self.push(again, twin, steps, Tag::Background);
                self.plans[key]
                    .steps
                    .push((plus(published, 0.6), Step::Follow));
            }
        }
    }

    /// The stalled project: reports from when it should have been finished, answered
    /// late, one duplicate with followers, one closed as not fixed, the rest still open.
    fn stalled(&mut self) -> Option<String> {
        let id = self.world.planted.overdue_projects.first()?.clone();
        let p = self.world.projects.iter().find(|p| p.id == id)?.clone();
        let ward = self.world.wards[p.ward].code.clone();
        let ward_name = self.world.wards[p.ward].name.clone();
        let place = Place {
            ward: &ward_name,
            project: Some(&p.title),
        };
        // Days after the planned end, and the language of each report.
        let reports = [
            (20, Lang::English),
            (45, Lang::Swahili),
            (120, Lang::Mixed),
            (300, Lang::Swahili),
        ];
        let mut first = None;
        for (i, (after, lang)) in reports.into_iter().enumerate() {
            let day = p.planned_end + Days::new(after);
            if day > end() - Days::new(30) {
                break;
            }
            let received = at(day, 8 + i as u32, 15);
            let mut text = phrases::complaint(&mut self.r, "works-stalled", lang, &place);
            if i >= 2 {
                text.push_str(match lang {
                    Lang::English => " We reported this before and nothing has changed.",
                    Lang::Swahili => " Tuliripoti hili awali na hakuna kilichobadilika.",
                    Lang::Mixed => " Tuliripoti hii before na hakuna kitu imechange.",
                });
            }
            let (name, contact) = reporter(&mut self.r);
            let new = NewReport {
                category: "works-stalled".into(),
                text,
                project_id: id.clone(),
                ward: ward.clone(),
                reporter_name: name,
                reporter_contact: contact,
                channel: Some([Channel::Web, Channel::Sms, Channel::Counter, Channel::Web][i]),
                taken_by: None,
                ..NewReport::default()
            };
            let published = plus(received, 0.4);
            let mut steps = vec![(published, Step::Moderate(Moderation::Publish))];
            // Slow: acknowledged two to four weeks after receipt (the standard is 3 days).
            let ack = plus(received, [16.0, 23.0, 12.0, 27.0][i]);
            steps.push((
                ack,
                Step::Act(Action::Acknowledge {
                    text: String::new(),
                }),
            ));
            match i {
                0 => {
                    steps.push((
                        plus(ack, 2.0),
                        Step::Act(Action::Respond {
                            text: "The contractor has been written to and asked to return to site within 14 days.".into(),
                        }),
                    ));
                    steps.push((
                        plus(received, 85.0),
                        Step::Act(Action::CloseNotFixed {
                            text: "The contract is under review after a variation request; works resume once it is decided. Follow the later reports on this project.".into(),
                        }),
                    ));
                    for k in 0..3 {
                        steps.push((plus(published, 2.0 + f64::from(k) * 9.0), Step::Follow));
                    }
                }
                2 => steps.push((
                    plus(ack, 1.0),
                    Step::Act(Action::Respond {
                        text: "A site meeting with the contractor is planned; we will report back here.".into(),
                    }),
                )),
                _ => {}
            }
            let key = self.push(received, new.clone(), steps, Tag::Stalled);
            if i == 0 {
                first = Some(key);
            }
            if i == 1 {
                // The same complaint by phone two days later: a duplicate of the second.
                let again = plus(received, 2.0);
                let mut twin = new;
                twin.text = phrases::complaint(&mut self.r, "works-stalled", Lang::Swahili, &place);
                twin.channel = Some(Channel::Phone);
                twin.reporter_name = String::new();
                twin.reporter_contact = String::new();
                let published = plus(again, 0.5);
                let steps = vec![
                    (published, Step::Moderate(Moderation::Publish)),
                    (plus(published, 1.0), Step::DuplicateOf(key)),
                ];
                self.push(again, twin, steps, Tag::Stalled);
                self.plans[key]
                    .steps
                    .push((plus(published, 1.1), Step::Follow));
            }
        }
        first.map(|_| id)
    }

    /// The market whose refuse reports are answered on time: a markets project's ward,
    /// reports every two months or so, acknowledged within hours, cleared within days.
    fn market(&mut self) -> Option<(String, String)> {
        let p = self
            .world
            .projects
            .iter()
            .find(|p| p.sector == "markets" && p.has_contract() && p.pattern.is_none())?
            .clone();
        let ward = p.ward;
        let ward_name = self.world.wards[ward].name.clone();
        let mut day = world::first_day() + Days::new(self.r.random_range(5..40));
        let mut i = 0;
        while day < end() - Days::new(20) {
            let lang = Lang::draw(&mut self.r);
            let swahili = lang.swahili();
            let text = phrases::market_refuse(&mut self.r, lang, &ward_name);
            let received = at(day, 7 + (i % 5), 40);
            let (name, contact) = reporter(&mut self.r);
            let new = NewReport {
                category: "refuse".into(),
                text,
                ward: self.world.wards[ward].code.clone(),
                point: Some(point_in(self.world, ward, &mut self.r)),
                reporter_name: name,
                reporter_contact: contact,
                channel: Some([Channel::Sms, Channel::Web, Channel::Open311][i as usize % 3]),
                ..NewReport::default()
            };
            let published = plus(received, self.r.random_range(0.05..0.3));
            let ack = plus(published, self.r.random_range(0.05..0.6));
            let done = plus(received, self.r.random_range(1.0..4.0));
            let steps = vec![
                (published, Step::Moderate(Moderation::Publish)),
                (
                    ack,
                    Step::Act(Action::Acknowledge {
                        text: String::new(),
                    }),
                ),
                (
                    done,
                    Step::Act(Action::Resolve {
                        text: fixed("refuse").in_(swahili),
                    }),
                ),
            ];
            self.push(received, new, steps, Tag::Market);
            day = day + Days::new(self.r.random_range(45..75));
            i += 1;
        }
        Some((p.id.clone(), self.world.wards[ward].code.clone()))
    }

    /// One abusive report, rejected with the reason, and one advert rejected as spam.
    fn rejected(&mut self) {
        let ward = self.r.random_range(0..self.world.wards.len());
        let code = self.world.wards[ward].code.clone();
        let abuse = [
            "You are all thieves and idiots at the county office!!! Useless people, go home!!!",
            "WEZI WAKUBWA NYINYI!!! Wajinga wa kaunti, hamna kazi yoyote, rudini nyumbani!!!",
            "Nyinyi ni wakora tu, useless idiots wote wa county office!!! Mtaona!!!",
        ];
        let spam = [
            "Cheap loans in 5 minutes!!! Send 0700 000 999 the word LOAN.",
            "MKOPO BILA DHAMANA! Pata hadi 50,000 leo, tuma neno PESA kwa 0700 000 999.",
            "Congratulations you have won KES 100,000!!! To claim send your ID to 0700 000 999.",
        ];
        for (received, category, texts, channel, after, reason, tag) in [
            (
                at(date(2025, 10, 14), 22, 47),
                "corruption-concern",
                abuse,
                Channel::Web,
                0.4,
                Reason::Abusive,
                Tag::Abusive,
            ),
            (
                at(date(2025, 3, 3), 3, 12),
                "information-request",
                spam,
                Channel::Sms,
                0.3,
                Reason::Spam,
                Tag::Background,
            ),
        ] {
            let new = NewReport {
                category: category.into(),
                text: texts[self.r.random_range(0..texts.len())].into(),
                ward: code.clone(),
                channel: Some(channel),
                ..NewReport::default()
            };
            let steps = vec![(
                plus(received, after),
                Step::Moderate(Moderation::Reject { reason }),
            )];
            self.push(received, new, steps, tag);
        }
    }

    /// The Forum's social audits: an observation on each project it checked, comparing
    /// what it saw with the disclosed payments, answered by the M&E unit.
    fn audits(&mut self) -> Vec<String> {
        let checked: Vec<String> = [
            &self.world.planted.payments_ahead_of_progress,
            &self.world.planted.no_recent_inspection_while_paying,
            &self.world.planted.cost_overrun,
        ]
        .into_iter()
        .flat_map(|l| l.iter().take(2).cloned())
        .collect();
        let mut out = Vec::new();
        for (i, id) in checked.iter().enumerate() {
            let Some(p) = self.world.projects.iter().find(|p| &p.id == id).cloned() else {
                continue;
            };
            let visit =
                (p.planned_start + Days::new(200 + 30 * i as u64)).min(end() - Days::new(60));
            let progress = p.progress_on(visit);
            let paid: f64 = p
                .payments
                .iter()
                .filter(|(d, _)| *d <= visit)
                .map(|(_, a)| a)
                .sum();
            let paid_pct = if p.value_current > 0.0 {
                (paid / p.value_current * 100.0).round()
            } else {
                0.0
            };
            let lang = if i == 2 { Lang::Swahili } else { Lang::English };
            let swahili = lang.swahili();
            let text = phrases::audit_finding(
                &mut self.r,
                lang,
                &p.title,
                &visit.to_string(),
                progress,
                paid_pct,
            );
            let received = at(visit + Days::new(2), 10, 0);
            let new = NewReport {
                category: "audit-observation".into(),
                text,
                project_id: p.id.clone(),
                ward: self.world.wards[p.ward].code.clone(),
                reporter_name: "Mlima Multi-Stakeholder Forum (synthetic)".into(),
                reporter_contact: "forum@mlima-msf.example.org".into(),
                channel: Some(if i % 2 == 0 {
                    Channel::Desk
                } else {
                    Channel::Web
                }),
                ..NewReport::default()
            };
            let published = plus(received, 0.5);
            let mut steps = vec![
                (published, Step::Moderate(Moderation::Publish)),
                (
                    plus(received, 3.0),
                    Step::Act(Action::Acknowledge {
                        text: String::new(),
                    }),
                ),
                (
                    plus(received, 4.0),
                    Step::Act(Action::Respond {
                        text: if swahili {
                            "Kitengo cha Ufuatiliaji na Tathmini kimepanga ukaguzi wa pamoja na idara ya kazi.".into()
                        } else {
                            "The Monitoring and Evaluation Unit has scheduled a joint inspection with the works department.".into()
                        },
                    }),
                ),
            ];
            if i % 3 != 2 {
                steps.push((
                    plus(received, 30.0 + 10.0 * i as f64),
                    Step::Act(Action::Resolve {
                        text: fixed("audit-observation").in_(swahili),
                    }),
                ));
            }
            if self.r.random_bool(0.5) {
                steps.push((plus(published, 5.0), Step::Follow));
            }
            self.push(received, new, steps, Tag::Audit);
            out.push(p.id.clone());
        }
        out
    }
}

/// Seeds the demo's reports into the state database behind `staff` (which must hold the
/// demo's accounts) and publishes the finished months into `data_dir`. A second run on a
/// data directory whose demo already has its reports does nothing. `photos` is where the
/// state keeps report photos (the demo's reports have none).
pub async fn seed(
    staff: &Staff,
    photos: PhotoStore,
    protocol: &Protocol,
    data_dir: &Path,
    seed: u64,
    options: &SeedOptions,
) -> anyhow::Result<Option<Seeded>> {
    let Some(marker) = super::marker(data_dir) else {
        bail!(
            "{} holds no demo; run `disclose demo` on an empty --data-dir first",
            data_dir.display()
        );
    };
    if marker.feedback.is_some() {
        return Ok(None);
    }
    let clock = Clock::manual(at(world::first_day(), 0, 0));
    let triage = Arc::new(crate::triage::Triage::open(&staff.config.state_dir));
    let feedback = Feedback::with_clock(staff.db.clone(), protocol.clone(), photos, clock.clone())
        .with_triage(triage.clone());
    // The county trains its assistant on its history before the last two months; the
    // reports of those months get suggestions, which the moderator accepts or overrides.
    let train_at = at(end() - Days::new(super::triage::SUGGESTED_DAYS), 0, 0);
    let mut trained: Option<Arc<crate::triage::Model>> = None;
    let already = feedback.page(&Default::default(), 1, 0).await?.1;
    if already > 0 {
        bail!(
            "the state database already holds {already} reports, but {} has no demo reports: the demo seeds reports only into an empty state database; choose an empty --state-dir, or remove the state folder (its disclose.sqlite) and run the demo again",
            data_dir.display()
        );
    }
    let accounts = demo_accounts(staff, protocol).await?;
    let desk = accounts
        .officers
        .get("customer-care")
        .map(|a| a.id)
        .context("the demo's customer-care officer account is missing")?;

    let started = Instant::now();
    let world = World::build(seed);
    let mut planner = Planner {
        world: &world,
        protocol,
        r: world::rng(seed, 7),
        plans: Vec::new(),
        end: at(end(), 18, 0),
    };
    let stalled = planner.stalled();
    let market = planner.market();
    planner.rejected();
    let audited = planner.audits();
    planner.background(options.background, desk);
    let end_t = planner.end;
    let mut plans = planner.plans;
    plans.sort_by_key(|p| (p.received, p.key));

    let actor = Actor {
        name: "demo".into(),
        address: "local".into(),
    };
    let mut references: HashMap<usize, String> = HashMap::new();
    let mut tagged: Vec<(Tag, String)> = Vec::new();
    let mut duplicates = Vec::new();
    for plan in &mut plans {
        if plan.received > end_t {
            continue;
        }
        if trained.is_none() && plan.received >= train_at {
            clock.set(train_at);
            trained = Some(feedback.train_triage(0.2, Some(train_at)).await?);
        }
        clock.set(plan.received);
        let filed = feedback
            .file(&actor, plan.new.clone())
            .await
            .with_context(|| format!("the demo's report of {}", day_of(plan.received)))?;
        if trained.is_some() {
            clock.set(plan.received + 1800);
            super::triage::decide(
                &feedback,
                &accounts.moderator,
                &filed.reference,
                &plan.new.category,
            )
            .await?;
        }
        references.insert(plan.key, filed.reference.clone());
        tagged.push((plan.tag, filed.reference.clone()));
        let mut office = protocol
            .category(&plan.new.category)
            .map_or_else(String::new, |c| c.office.clone());
        plan.steps.sort_by_key(|(t, _)| *t);
        for (t, step) in &plan.steps {
            if *t > end_t {
                break;
            }
            clock.set(*t);
            let reference = &filed.reference;
            let done = match step {
                Step::Moderate(m) => {
                    feedback
                        .moderate(&actor, &accounts.moderator, reference, m.clone())
                        .await
                }
                Step::Act(action) => {
                    let Some(officer) = accounts.officers.get(&office) else {
                        bail!("the demo has no officer account for {office}");
                    };
                    if let Action::Refer { office: to, .. } = action {
                        office = to.clone();
                    }
                    feedback
                        .act(&actor, officer, reference, action.clone())
                        .await
                }
                Step::DuplicateOf(key) => {
                    let Some(original) = references.get(key).cloned() else {
                        continue;
                    };
                    let officer = accounts
                        .officers
                        .get(&office)
                        .with_context(|| format!("the demo has no officer account for {office}"))?;
                    duplicates.push(format!("{reference} duplicates {original}"));
                    feedback
                        .act(
                            &actor,
                            officer,
                            reference,
                            Action::DuplicateOf {
                                reference: original,
                            },
                        )
                        .await
                }
                Step::Follow => feedback.follow(reference, None).await.map(|_| ()),
            };
            done.with_context(|| format!("the demo's report {reference} on {}", day_of(*t)))?;
        }
    }
    let seeding_seconds = started.elapsed().as_secs_f64();

    // What was planted, with the figures a reader can check on the site.
    let mut planted = serde_json::Map::new();
    let refs = |tag: Tag| -> Vec<String> {
        tagged
            .iter()
            .filter(|(t, _)| *t == tag)
            .map(|(_, r)| r.clone())
            .collect()
    };
    if let Some(id) = &stalled {
        let list = refs(Tag::Stalled);
        let days = days_taken(&feedback, &list, |r| r.acknowledged_at).await?;
        planted.insert(
            "stalled_project".into(),
            serde_json::json!({
                "project": id,
                "references": list,
                "median_days_to_acknowledge": median(days),
                "standard_days_to_acknowledge": protocol.category("works-stalled").map(|c| c.acknowledge_days),
                "about": "Reports on a project long past its planned end, acknowledged weeks late; one closed as not fixed, one a duplicate with followers, the later ones still open and overdue.",
            }),
        );
    }
    if let Some((id, ward)) = &market {
        let list = refs(Tag::Market);
        let days = days_taken(&feedback, &list, |r| r.resolved_at).await?;
        planted.insert(
            "market_refuse_on_time".into(),
            serde_json::json!({
                "market_project": id,
                "ward": ward,
                "references": list,
                "median_days_to_resolve": median(days),
                "standard_days_to_resolve": protocol.category("refuse").map(|c| c.resolve_days),
                "about": "Refuse reports at one market, each acknowledged within hours and cleared within the standard.",
            }),
        );
    }
    planted.insert("duplicates".into(), serde_json::json!(duplicates));
    planted.insert(
        "abusive_report_rejected".into(),
        serde_json::json!(refs(Tag::Abusive)),
    );
    let audit_refs = refs(Tag::Audit);
    planted.insert(
        "social_audit_observations".into(),
        serde_json::json!(
            audited
                .iter()
                .zip(&audit_refs)
                .map(|(p, r)| serde_json::json!({"project": p, "reference": r}))
                .collect::<Vec<_>>()
        ),
    );
    if let Some(m) = &trained {
        planted.insert(
            "triage".into(),
            super::triage::planted(&feedback, m, train_at).await?,
        );
        // Then, as a county would each month, it trains again on everything confirmed and
        // measures the new model on the hand-written fixture, for /reports/triage.
        clock.set(end_t);
        super::triage::retrain(&feedback, end_t).await?;
    }
    let all = feedback.list(&Default::default()).await?;
    let overdue = all.iter().filter(|r| feedback.is_overdue(r, end_t)).count();
    planted.insert("open_and_overdue_at_end".into(), serde_json::json!(overdue));
    planted.insert("reports".into(), serde_json::json!(all.len()));

    // Each finished month on its due date, then one restatement.
    let published_started = Instant::now();
    let mut published = Vec::new();
    let mut month = Period::Month {
        year: 2024,
        month: 7,
    };
    while due_date(protocol, month) <= end() {
        let due = due_date(protocol, month);
        if let Some(v) = publish_month(&feedback, data_dir, month, due, None).await? {
            published.push(v);
        }
        month = month.next();
    }
    if let Some((month, reference, n)) = restated_month(&all, end(), |m| due_date(protocol, m)) {
        let note = format!(
            "Restatement: {n} of the reports received in {month} were resolved or closed after the first publication on {}, among them {reference}; their status and response times are updated",
            due_date(protocol, month)
        );
        if let Some(v) = publish_month(&feedback, data_dir, month, end(), Some(&note)).await? {
            planted.insert(
                "restated_month".into(),
                serde_json::json!(format!("{v}: {note}")),
            );
            published.push(v);
        }
    }
    let publishing_seconds = published_started.elapsed().as_secs_f64();

    let planted = serde_json::Value::Object(planted);
    super::add_planted(data_dir, "feedback", &planted)?;
    super::mark_feedback(
        data_dir,
        super::FeedbackMark {
            reports: all.len(),
            published: published.len(),
        },
    )?;
    Ok(Some(Seeded {
        reports: all.len(),
        published,
        seeding_seconds,
        publishing_seconds,
        planted,
    }))
}

/// The month with the most reports resolved after the month's first publication and by
/// `end` (the latest of equals): (month, one such report, how many).
fn restated_month(
    reports: &[crate::feedback::Report],
    end: NaiveDate,
    due: impl Fn(Period) -> NaiveDate,
) -> Option<(Period, String, usize)> {
    let last = Period::containing(end, crate::protocol::Frequency::Monthly, 1)?;
    let mut month = Period::Month {
        year: 2024,
        month: 7,
    };
    let mut best = None;
    while due(month) < end && month != last {
        // Reports resolved after the month's first publication, by `end`.
        let published = at(due(month), 9, 30);
        let late: Vec<&crate::feedback::Report> = reports
            .iter()
            .filter(|r| {
                let received = day_of(r.received_at);
                received >= month.first_day()
                    && received <= month.last_day()
                    && r.status.is_public()
                    && r.resolved_at
                        .is_some_and(|t| t > published && day_of(t) <= end)
            })
            .collect();
        if let Some(first) = late.first()
            && best.as_ref().is_none_or(|(_, _, n)| late.len() >= *n)
        {
            best = Some((month, first.reference.clone(), late.len()));
        }
        month = month.next();
    }
    best
}

/// Days from receipt to `when` for the reports of `references` that have it.
async fn days_taken(
    feedback: &Feedback,
    references: &[String],
    when: fn(&crate::feedback::Report) -> Option<i64>,
) -> anyhow::Result<Vec<f64>> {
    let mut out = Vec::new();
    for reference in references {
        if let Some(r) = feedback.by_reference(reference).await?
            && r.status != Status::Duplicate
            && let Some(t) = when(&r)
        {
            out.push(((t - r.received_at) as f64 / 86_400.0 * 10.0).round() / 10.0);
        }
    }
    Ok(out)
}

/// The nearest-rank median, as `/services` computes it.
fn median(mut days: Vec<f64>) -> Option<f64> {
    days.sort_by(f64::total_cmp);
    crate::analytics::services::quantile(&days, 0.5)
}

/// The demo's moderator and one officer per answering office.
struct DemoAccounts {
    moderator: Account,
    officers: HashMap<String, Account>,
}

async fn demo_accounts(staff: &Staff, protocol: &Protocol) -> anyhow::Result<DemoAccounts> {
    let moderator = staff
        .db
        .account_by_email(&format!("moderator@{}", super::accounts::DOMAIN))
        .await?
        .context("the demo's moderator account is missing; create the demo's accounts first")?;
    let mut officers = HashMap::new();
    for c in protocol.feedback.categories.values() {
        if officers.contains_key(&c.office) {
            continue;
        }
        let email = format!("officer.{}@{}", c.office, super::accounts::DOMAIN);
        if let Some(a) = staff.db.account_by_email(&email).await? {
            officers.insert(c.office.clone(), a);
        }
    }
    Ok(DemoAccounts {
        moderator,
        officers,
    })
}

/// Publishes `month`'s reports as `feedback-YYYY-MM` through the normal pipeline, as the
/// export at 09:30 on `as_of` shows them, stamped as published then; returns
/// `feedback-YYYY-MM vN`, or `None` when the month is unchanged since its last version.
async fn publish_month(
    feedback: &Feedback,
    data_dir: &Path,
    month: Period,
    as_of: NaiveDate,
    note: Option<&str>,
) -> anyhow::Result<Option<String>> {
    let t = at(as_of, 9, 30);
    let options = PublishMonth {
        publisher: PUBLISHER.into(),
        note: note.map(str::to_string),
        published_at: chrono::DateTime::from_timestamp(t, 0),
    };
    let done = export::publish_month(feedback, data_dir, &month.to_string(), t, &options)
        .await
        .with_context(|| format!("the demo's reports of {month}"))?;
    Ok(match done {
        Published::Published {
            dataset, version, ..
        } => Some(format!("{dataset} v{version}")),
        Published::Unchanged { .. } => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protocol() -> Protocol {
        Protocol::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol"))
            .expect("the repository's protocol loads")
    }

    /// Every plan of a seed: (received, category, channel, text, steps).
    fn plans(seed: u64, protocol: &Protocol) -> Vec<Plan> {
        let world = World::build(seed);
        let mut planner = Planner {
            world: &world,
            protocol,
            r: world::rng(seed, 7),
            plans: Vec::new(),
            end: at(end(), 18, 0),
        };
        assert!(
            planner.stalled().is_some(),
            "the stalled project has reports"
        );
        assert!(planner.market().is_some(), "a market has refuse reports");
        planner.rejected();
        assert!(!planner.audits().is_empty(), "the Forum audits projects");
        planner.background(200, 1);
        planner.plans
    }

    fn summary(plans: &[Plan]) -> Vec<(i64, String, String, usize)> {
        plans
            .iter()
            .map(|p| {
                (
                    p.received,
                    p.new.category.clone(),
                    p.new.text.clone(),
                    p.steps.len(),
                )
            })
            .collect()
    }

    #[test]
    fn the_same_seed_plans_the_same_reports_and_another_seed_others() {
        let protocol = protocol();
        let a = summary(&plans(42, &protocol));
        assert_eq!(a, summary(&plans(42, &protocol)));
        assert_ne!(a, summary(&plans(7, &protocol)));
    }

    #[test]
    fn the_plans_speak_both_languages_use_every_channel_and_stay_before_the_end() {
        let protocol = protocol();
        let plans = plans(42, &protocol);
        let swahili = plans
            .iter()
            .filter(|p| {
                [" ya ", " kwa ", " na "]
                    .iter()
                    .any(|w| p.new.text.contains(w))
            })
            .count();
        assert!(swahili > plans.len() / 5, "{swahili} of {}", plans.len());
        for channel in Channel::ALL {
            assert!(
                plans.iter().any(|p| p.new.channel == Some(channel)),
                "{channel:?}"
            );
        }
        for p in &plans {
            assert!(
                protocol.category(&p.new.category).is_some(),
                "{}",
                p.new.category
            );
            assert!(p.received < at(end(), 18, 0), "received after the end");
            if let Some(name) = Some(&p.new.reporter_name).filter(|n| !n.is_empty()) {
                assert!(
                    name.starts_with("Demo Resident") || name.contains("(synthetic)"),
                    "{name} is plainly invented"
                );
            }
        }
        let tags = |t: Tag| plans.iter().filter(|p| p.tag == t).count();
        assert!(tags(Tag::Stalled) >= 4);
        assert!(tags(Tag::Market) >= 8);
        assert_eq!(tags(Tag::Abusive), 1);
        assert!(tags(Tag::Audit) >= 4);
        assert!(
            plans
                .iter()
                .flat_map(|p| &p.steps)
                .any(|(_, s)| matches!(s, Step::DuplicateOf(_)))
        );
        assert!(
            plans
                .iter()
                .flat_map(|p| &p.steps)
                .any(|(_, s)| matches!(s, Step::Act(Action::Refer { .. })))
        );
    }

    #[test]
    fn a_phone_number_left_in_a_report_is_removed_by_the_moderator_with_the_reason() {
        let protocol = protocol();
        let world = World::build(42);
        let mut planner = Planner {
            world: &world,
            protocol: &protocol,
            r: world::rng(42, 7),
            plans: Vec::new(),
            end: 0,
        };
        let (_, step) = planner.moderation(0, "The kiosk is dry. Call me on 0700 000 123", false);
        match step {
            Step::Moderate(Moderation::PublishEdited { text, reason }) => {
                assert_eq!(text, "The kiosk is dry. Call me on [phone number removed]");
                assert_eq!(reason, Reason::PersonalData);
            }
            other => panic!("{other:?}"),
        }
        let (_, step) = planner.moderation(0, "Kioski hakina maji.", true);
        assert!(matches!(step, Step::Moderate(Moderation::Publish)));
    }

    #[test]
    fn the_restated_month_is_the_one_with_most_reports_resolved_after_publication() {
        let report = |received: NaiveDate, resolved: Option<NaiveDate>| crate::feedback::Report {
            id: 0,
            reference: format!("MLM-{received}"),
            category: "refuse".into(),
            office: "water-environment".into(),
            status: if resolved.is_some() {
                Status::Resolved
            } else {
                Status::Open
            },
            channel: "web".into(),
            text_original: String::new(),
            text_public: String::new(),
            moderation_reason: String::new(),
            project_id: String::new(),
            ward: String::new(),
            point: None,
            reporter_name: String::new(),
            reporter_contact: String::new(),
            duplicate_of: None,
            duplicate_of_reference: None,
            received_at: at(received, 10, 0),
            acknowledged_at: None,
            resolved_at: resolved.map(|d| at(d, 10, 0)),
            updated_at: 0,
            followers: 1,
            photo: crate::feedback::PhotoStatus::None,
            photo_reason: String::new(),
            photo_size: (0, 0),
        };
        let reports = [
            // August 2024, due 15 September: one resolved after, one before.
            report(date(2024, 8, 3), Some(date(2024, 9, 20))),
            report(date(2024, 8, 4), Some(date(2024, 8, 10))),
            // March 2025: two resolved after its due date (15 April).
            report(date(2025, 3, 1), Some(date(2025, 5, 1))),
            report(date(2025, 3, 2), Some(date(2025, 6, 1))),
            // Resolved after the end: not known yet.
            report(date(2025, 5, 2), Some(date(2026, 8, 1))),
            report(date(2025, 6, 2), None),
        ];
        let due = |m: Period| m.last_day() + Days::new(15);
        let (month, reference, n) = restated_month(&reports, end(), due).unwrap();
        assert_eq!(month.to_string(), "2025-03");
        assert_eq!((reference.as_str(), n), ("MLM-2025-03-01", 2));
        assert_eq!(restated_month(&reports[5..], end(), due), None);
    }
}
