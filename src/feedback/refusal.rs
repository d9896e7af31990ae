//! Why a report, a photo or a reporter's follow-up cannot be taken, as data: an English
//! template with `{name}` places ([`Refusal::template`]) and the figures that fill them
//! ([`Refusal::figures`]). The filled English is the message (`Display`, for logs, the
//! API and the CLI); the web edge looks the template up in its catalogue and fills the
//! same figures, so a citizen reads the refusal in the page's language.
//!
//! This module says what is wrong and what to do; it must not know about HTTP or hold any
//! language but English. A new refusal's template needs a Swahili entry in
//! `src/web/sw.toml` with the same places (a test in `web::i18n` lists what is missing).

use crate::format::{fill, thousands};

use super::photo::{MAX_DECODED_SIDE, MAX_PIXELS, megabytes};

/// Which text a citizen wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Description,
    Name,
    Contact,
    /// Information added through the tracking link.
    Information,
    /// Why the reporter reopens a report.
    Reason,
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
            Self::NoDescription => "describe the problem or the observation",
            Self::NothingToAdd => "write what you want to add",
            Self::NoReasonToReopen => {
                "say why the report should be open again; the office and the public read it"
            }
            Self::OnlyTheReporterReopens => {
                "only the person who sent the report can reopen it; write what is still wrong as information below, or send a report of your own"
            }
            Self::UnknownCategory { .. } => "category `{given}` is not one of {known}",
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
        }
    }

    /// The figures of the template, by name, written as the English writes them (numbers
    /// with thousands separated by commas, as both languages do).
    pub fn figures(&self) -> Vec<(&'static str, String)> {
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
            Self::NoDescription
            | Self::NothingToAdd
            | Self::NoReasonToReopen
            | Self::OnlyTheReporterReopens
            | Self::NotClosed
            | Self::ChangedMeanwhile
            | Self::Stopping => Vec::new(),
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
        ];
        for r in all {
            assert!(!r.to_string().contains('{'), "{r}");
        }
    }
}
