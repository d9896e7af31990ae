//! Why a report, a photo, a reporter's follow-up, a moderator's or officer's step on a
//! report, or a month of reports published as data cannot be taken, as data: an English
//! template with `{name}` places ([`Refusal::template`]) and the figures that fill them
//! ([`Refusal::figures`]). The filled English is the message (`Display`, for logs, the
//! API and the CLI); the web edge looks the template up in its catalogue and fills the
//! same figures, a status named in the page's words ([`Refusal::figures_naming`]), so a
//! citizen, an officer or a moderator reads the refusal in the page's language.
//!
//! This module says what is wrong and what to do; it must not know about HTTP or hold any
//! language but English. A new refusal's template needs a Swahili entry in
//! `src/web/sw.toml` with the same places (a test in `web::i18n` lists what is missing).

use chrono::NaiveDate;

use crate::format::{fill, thousands};

use super::photo::{MAX_DECODED_SIDE, MAX_PIXELS, megabytes};
use super::status::Status;
use crate::protocol::Protocol;

/// A category of the county's protocol as a refusal names it: its code, and its name in
/// each language the protocol gives one in, so that a page says it in the page's language
/// while the English message (the audit trail, logs, the API) keeps the code.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub code: String,
    /// `(language code, name)`: `("en", "Water supply")`, `("sw", "Huduma ya maji")`.
    pub names: Vec<(&'static str, String)>,
}

impl Named {
    /// Category `code` of `protocol`, with its names; the code alone if it has none.
    pub fn category(protocol: &Protocol, code: &str) -> Self {
        Self {
            code: code.to_string(),
            names: protocol.category(code).map_or_else(Vec::new, |c| {
                vec![
                    ("en", c.name_in("en").to_string()),
                    ("sw", c.name_in("sw").to_string()),
                ]
            }),
        }
    }

    /// Its name in language `lang` (`"sw"`), or its code.
    pub fn name_in(&self, lang: &str) -> &str {
        self.names
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(&self.code, |(_, n)| n)
    }
}

/// Which text was written: a citizen's, a moderator's or an officer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Description,
    Name,
    Contact,
    /// Information added through the tracking link.
    Information,
    /// Why the reporter reopens a report, or why an officer closes or refers it.
    Reason,
    /// An officer's public response.
    Response,
    /// A moderator's edit of a text before it is published.
    EditedText,
    /// Why a month of reports is published again.
    Note,
}

/// Something the sender can fix, and how.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    TooLong {
        text: Written,
        max: usize,
        has: usize,
    },
    NoDescription,
    NothingToAdd,
    NoReasonToReopen,
    /// A follower's tracking link asked to reopen: that is the reporter's.
    OnlyTheReporterReopens,
    UnknownCategory {
        given: String,
        known: String,
    },
    /// The report form sent without a category, or with one that is not (a form changed by
    /// hand): said without the value, which may be anything.
    NoCategory,
    OutsideJurisdiction {
        lat: f64,
        lon: f64,
        jurisdiction: String,
    },
    ReopenTooLate {
        days: i64,
    },
    NotClosed,
    ChangedMeanwhile,
    /// A latitude or longitude typed by hand that is not a number.
    NotANumber {
        latitude: bool,
        given: String,
    },
    UnknownWard {
        code: String,
    },
    UnknownProject {
        id: String,
    },
    Stopping,
    PhotoTooLarge {
        limit: u64,
    },
    NotAPhoto {
        limit: u64,
    },
    TooManyPixels {
        limit: u64,
    },
    PhotoDamaged {
        detail: String,
        limit: u64,
    },
    // A moderator's or an officer's step.
    /// A status change the report's status does not allow (it moved meanwhile).
    CannotBecome {
        from: Status,
        to: Status,
    },
    /// A status the public is told why of, with no text.
    NoPublicReason {
        to: Status,
    },
    NoResponse,
    NoReportToPointTo {
        reference: String,
    },
    ReferElsewhere {
        offices: String,
    },
    NoReasonToRefer,
    NoModerationReason,
    EmptyPublishedText,
    InfoAlreadyModerated,
    NoPhoto {
        reference: String,
    },
    PhotoAlreadyDecided {
        reference: String,
        approved: bool,
    },
    ChooseCategory {
        known: String,
    },
    CategoryNoLongerDecided {
        reference: String,
        status: Status,
    },
    NoSuggestion {
        reference: String,
    },
    CategoryAlreadyDecided {
        reference: String,
        category: Named,
    },
    NotAPossibleDuplicate {
        candidate: String,
        reference: String,
    },
    NothingToTakeBack {
        candidate: String,
    },
    /// The report is another office's (`yours`: the account's offices, maybe none).
    OtherOffice {
        reference: String,
        office: String,
        yours: String,
    },
    NeedsModerator,
    // Publishing a month of reports as data.
    NotAMonth {
        given: String,
    },
    /// A month that has not ended (`from`, the day it can be published).
    MonthNotOver {
        period: String,
        from: NaiveDate,
    },
    /// A month published again, its reports changed, with no note.
    MonthNeedsNote {
        dataset: String,
        version: u32,
    },
}

impl Refusal {
    /// The English message with `{name}` where [`Refusal::figures`] go: the key of its
    /// translations.
    pub fn template(&self) -> &'static str {
        use Written::*;
        match self {
            Self::TooLong {
                text: Description, ..
            } => "the description may have at most {max} characters; this has {has}",
            Self::TooLong { text: Name, .. } => {
                "the name may have at most {max} characters; this has {has}"
            }
            Self::TooLong { text: Contact, .. } => {
                "the phone number or e-mail may have at most {max} characters; this has {has}"
            }
            Self::TooLong {
                text: Information, ..
            } => "the information may have at most {max} characters; this has {has}",
            Self::TooLong { text: Reason, .. } => {
                "the reason may have at most {max} characters; this has {has}"
            }
            Self::TooLong { text: Response, .. } => {
                "the response may have at most {max} characters; this has {has}"
            }
            Self::TooLong {
                text: EditedText, ..
            } => "the edited text may have at most {max} characters; this has {has}",
            Self::TooLong { text: Note, .. } => {
                "the note may have at most {max} characters; this has {has}"
            }
            Self::NoDescription => "describe the problem or the observation",
            Self::NothingToAdd => "write what you want to add",
            Self::NoReasonToReopen => {
                "say why the report should be open again; the office and the public read it"
            }
            Self::OnlyTheReporterReopens => {
                "only the person who sent the report can reopen it; write what is still wrong as information below, or send a report of your own"
            }
            Self::UnknownCategory { .. } => "category `{given}` is not one of {known}",
            Self::NoCategory => "choose what the report is about",
            Self::OutsideJurisdiction { .. } => {
                "the place ({lat}, {lon}) is outside {jurisdiction}; choose a place inside it"
            }
            Self::ReopenTooLate { .. } => {
                "a report can be reopened within {days} days of its closing; file a new one"
            }
            Self::NotClosed => {
                "only a resolved or closed report can be reopened; this one is still open"
            }
            Self::ChangedMeanwhile => "the report changed meanwhile; reload it and try again",
            Self::NotANumber { latitude: true, .. } => {
                "latitude `{given}` is not a number like -0.4512"
            }
            Self::NotANumber {
                latitude: false, ..
            } => "longitude `{given}` is not a number like 37.1234",
            Self::UnknownWard { .. } => {
                "ward `{code}` is not a ward of this county; choose one from the list"
            }
            Self::UnknownProject { .. } => {
                "project `{id}` is not in the register; report from the project's own page"
            }
            Self::Stopping => "the server is stopping; send the report again",
            Self::PhotoTooLarge { .. } => {
                "the photo is over {limit} (feedback.photo_max_bytes); choose a JPEG, PNG or WebP photo under {limit}"
            }
            Self::NotAPhoto { .. } => {
                "the file is not a JPEG, PNG or WebP photo (its content was checked, not its name); choose a JPEG, PNG or WebP photo under {limit}"
            }
            Self::TooManyPixels { .. } => {
                "the photo has more pixels than this site decodes (at most {side} a side and {megapixels} megapixels); choose a smaller JPEG, PNG or WebP photo under {limit}"
            }
            Self::PhotoDamaged { .. } => {
                "the photo cannot be read ({detail}); it may be damaged: choose a JPEG, PNG or WebP photo under {limit}"
            }
            Self::CannotBecome { from, .. } if from.may_become().is_empty() => {
                "a report that is {from} cannot become {to}; it does not change any more"
            }
            Self::CannotBecome { .. } => {
                "a report that is {from} cannot become {to}; it may become {may}"
            }
            Self::NoPublicReason { .. } => {
                "say why, in a text the public can read, to make it {to}"
            }
            Self::NoResponse => "a response needs a text, on a published report",
            Self::NoReportToPointTo { .. } => "no published report {reference} to point to",
            Self::ReferElsewhere { .. } => "refer to another office of {offices}",
            Self::NoReasonToRefer => "say why it is referred",
            Self::NoModerationReason => "choose the reason for editing or not publishing",
            Self::EmptyPublishedText => "the published text cannot be empty",
            Self::InfoAlreadyModerated => "this information was already moderated",
            Self::NoPhoto { .. } => "{reference} has no photo to approve or reject",
            Self::PhotoAlreadyDecided { approved: true, .. } => {
                "the photo of {reference} is already approved"
            }
            Self::PhotoAlreadyDecided {
                approved: false, ..
            } => "the photo of {reference} is already rejected",
            Self::ChooseCategory { .. } => "choose one of the categories: {known}",
            Self::CategoryNoLongerDecided { .. } => {
                "{reference} is {status}: its category is no longer decided"
            }
            Self::NoSuggestion { .. } => "{reference} has no suggestion to decide on",
            Self::CategoryAlreadyDecided { .. } => {
                "the category of {reference} was already decided as {category}; reload the page to see it"
            }
            Self::NotAPossibleDuplicate { .. } => {
                "{candidate} is not among the possible duplicates of {reference}"
            }
            Self::NothingToTakeBack { .. } => {
                "{candidate} was not judged another problem; nothing to take back"
            }
            Self::OtherOffice { yours, .. } if yours.is_empty() => {
                "{reference} is for {office}; your account has no office"
            }
            Self::OtherOffice { .. } => "{reference} is for {office}; your offices are {yours}",
            Self::NeedsModerator => "this needs the moderator role; an administrator can give it",
            Self::NotAMonth { .. } => {
                "period `{given}` is not a month; give the month as YYYY-MM, e.g. 2026-07"
            }
            Self::MonthNotOver { .. } => {
                "{period} has not ended yet; its reports can be published from {from} (UTC), once the month is over"
            }
            Self::MonthNeedsNote { .. } => {
                "{dataset} already has version {version}, and the month's reports have changed since: a new version restates it, so give a note saying why (e.g. reports resolved since)"
            }
        }
    }

    /// The figures of the template, by name, written as the English writes them (numbers
    /// with thousands separated by commas, as both languages do; a status and a category
    /// by its code).
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        self.figures_naming(|s| s.as_str().to_string(), |n| n.code.clone())
    }

    /// [`Refusal::figures`] with each status named by `status` and each category by
    /// `named` (a page's words for them).
    pub fn figures_naming(
        &self,
        status: impl Fn(Status) -> String,
        named: impl Fn(&Named) -> String,
    ) -> Vec<(&'static str, String)> {
        let count = |n: usize| thousands(n as u64);
        match self {
            Self::TooLong { max, has, .. } => vec![("max", count(*max)), ("has", count(*has))],
            Self::UnknownCategory { given, known } => {
                vec![("given", given.clone()), ("known", known.clone())]
            }
            Self::OutsideJurisdiction {
                lat,
                lon,
                jurisdiction,
            } => vec![
                ("lat", format!("{lat:.5}")),
                ("lon", format!("{lon:.5}")),
                ("jurisdiction", jurisdiction.clone()),
            ],
            Self::ReopenTooLate { days } => vec![("days", days.to_string())],
            Self::NotANumber { given, .. } => vec![("given", given.clone())],
            Self::UnknownWard { code } => vec![("code", code.clone())],
            Self::UnknownProject { id } => vec![("id", id.clone())],
            Self::PhotoTooLarge { limit } | Self::NotAPhoto { limit } => {
                vec![("limit", megabytes(*limit))]
            }
            Self::TooManyPixels { limit } => vec![
                ("side", thousands(MAX_DECODED_SIDE.into())),
                ("megapixels", (MAX_PIXELS / 1_000_000).to_string()),
                ("limit", megabytes(*limit)),
            ],
            Self::PhotoDamaged { detail, limit } => {
                vec![("detail", detail.clone()), ("limit", megabytes(*limit))]
            }
            Self::CannotBecome { from, to } => vec![
                ("from", status(*from)),
                ("to", status(*to)),
                (
                    "may",
                    from.may_become()
                        .iter()
                        .map(|s| status(*s))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
            Self::NoPublicReason { to } => vec![("to", status(*to))],
            Self::NoReportToPointTo { reference }
            | Self::NoPhoto { reference }
            | Self::PhotoAlreadyDecided { reference, .. }
            | Self::NoSuggestion { reference } => vec![("reference", reference.clone())],
            Self::ReferElsewhere { offices } => vec![("offices", offices.clone())],
            Self::ChooseCategory { known } => vec![("known", known.clone())],
            Self::CategoryNoLongerDecided {
                reference,
                status: now,
            } => vec![("reference", reference.clone()), ("status", status(*now))],
            Self::CategoryAlreadyDecided {
                reference,
                category,
            } => vec![
                ("reference", reference.clone()),
                ("category", named(category)),
            ],
            Self::NotAPossibleDuplicate {
                candidate,
                reference,
            } => vec![
                ("candidate", candidate.clone()),
                ("reference", reference.clone()),
            ],
            Self::NothingToTakeBack { candidate } => vec![("candidate", candidate.clone())],
            Self::NotAMonth { given } => vec![("given", given.clone())],
            Self::MonthNotOver { period, from } => {
                vec![("period", period.clone()), ("from", from.to_string())]
            }
            Self::MonthNeedsNote { dataset, version } => vec![
                ("dataset", dataset.clone()),
                ("version", version.to_string()),
            ],
            Self::OtherOffice {
                reference,
                office,
                yours,
            } => vec![
                ("reference", reference.clone()),
                ("office", office.clone()),
                ("yours", yours.clone()),
            ],
            Self::NoDescription
            | Self::NoCategory
            | Self::NothingToAdd
            | Self::NoReasonToReopen
            | Self::OnlyTheReporterReopens
            | Self::NotClosed
            | Self::ChangedMeanwhile
            | Self::Stopping
            | Self::NoResponse
            | Self::NoReasonToRefer
            | Self::NoModerationReason
            | Self::EmptyPublishedText
            | Self::InfoAlreadyModerated
            | Self::NeedsModerator => Vec::new(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fill(self.template(), &self.figures()))
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_in_english_with_its_figures() {
        let long = Refusal::TooLong {
            text: Written::Description,
            max: 2000,
            has: 4991,
        };
        assert_eq!(
            long.to_string(),
            "the description may have at most 2,000 characters; this has 4,991"
        );
        assert_eq!(
            Refusal::NotAPhoto { limit: 10 << 20 }.to_string(),
            "the file is not a JPEG, PNG or WebP photo (its content was checked, not its name); choose a JPEG, PNG or WebP photo under 10 MB"
        );
    }

    #[test]
    fn every_place_in_a_template_has_its_figure() {
        let all = [
            Refusal::TooLong {
                text: Written::Reason,
                max: 1,
                has: 2,
            },
            Refusal::UnknownCategory {
                given: "x".into(),
                known: "y".into(),
            },
            Refusal::OutsideJurisdiction {
                lat: 1.0,
                lon: 2.0,
                jurisdiction: "z".into(),
            },
            Refusal::ReopenTooLate { days: 30 },
            Refusal::PhotoTooLarge { limit: 1 },
            Refusal::NotAPhoto { limit: 1 },
            Refusal::TooManyPixels { limit: 1 },
            Refusal::PhotoDamaged {
                detail: "d".into(),
                limit: 1,
            },
            Refusal::CannotBecome {
                from: Status::Resolved,
                to: Status::InProgress,
            },
            Refusal::CannotBecome {
                from: Status::Duplicate,
                to: Status::Resolved,
            },
            Refusal::NoPublicReason {
                to: Status::ClosedNotFixed,
            },
            Refusal::NoReportToPointTo {
                reference: "r".into(),
            },
            Refusal::ReferElsewhere {
                offices: "o".into(),
            },
            Refusal::NoPhoto {
                reference: "r".into(),
            },
            Refusal::PhotoAlreadyDecided {
                reference: "r".into(),
                approved: false,
            },
            Refusal::ChooseCategory { known: "k".into() },
            Refusal::CategoryNoLongerDecided {
                reference: "r".into(),
                status: Status::Duplicate,
            },
            Refusal::NoSuggestion {
                reference: "r".into(),
            },
            Refusal::CategoryAlreadyDecided {
                reference: "r".into(),
                category: Named {
                    code: "c".into(),
                    names: Vec::new(),
                },
            },
            Refusal::NotAPossibleDuplicate {
                candidate: "c".into(),
                reference: "r".into(),
            },
            Refusal::NothingToTakeBack {
                candidate: "c".into(),
            },
            Refusal::OtherOffice {
                reference: "r".into(),
                office: "o".into(),
                yours: "y".into(),
            },
            Refusal::OtherOffice {
                reference: "r".into(),
                office: "o".into(),
                yours: String::new(),
            },
            Refusal::TooLong {
                text: Written::Note,
                max: 1,
                has: 2,
            },
            Refusal::NotAMonth { given: "g".into() },
            Refusal::MonthNotOver {
                period: "p".into(),
                from: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            },
            Refusal::MonthNeedsNote {
                dataset: "d".into(),
                version: 1,
            },
        ];
        for r in all {
            assert!(!r.to_string().contains('{'), "{r}");
        }
    }
}
