//! Why an admin's or a publisher's request cannot be taken (an address that is not one,
//! an office the protocol does not have, the last active admin, an upload that is not
//! theirs or not checked), as data: an English template with `{name}` places
//! ([`Refusal::template`]) and the figures that fill them ([`Refusal::figures`]), the
//! shape of `feedback::Refusal`. The filled English is the message (`Display`: the audit
//! trail, logs, the command line); the web edge looks the template up in its catalogue and
//! fills the same figures, a role or an upload's status named in the page's words
//! ([`Refusal::figures_naming`]), so staff read the refusal in the page's language.
//!
//! This module says what is wrong and what to do; it must not know about HTTP or hold any
//! language but English. A new refusal's template needs a Swahili entry in
//! `src/web/sw.toml` with the same places (a test in `web::i18n` lists what is missing).

use crate::format::{fill, thousands};

use super::accounts::Role;
use super::uploads::UploadStatus;

/// Which text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A publish's note.
    Note,
    /// An upload's period, as typed.
    Period,
}

/// Something the admin or the publisher can fix, and how.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    // Accounts.
    NotAnEmail {
        given: String,
    },
    NameLength {
        max: usize,
    },
    UnknownOffice {
        given: String,
        known: String,
    },
    NeedsOffice {
        role: Role,
    },
    UnknownRole {
        given: String,
    },
    AccountExists {
        email: String,
    },
    /// Disabling or demoting the only active admin.
    LastAdmin,
    /// A page or a step for another role (`yours`, the account's).
    NeedsRole {
        role: Role,
        yours: Role,
    },
    // API keys.
    KeyLabel {
        max: usize,
    },
    NoLiveKey {
        id: i64,
    },
    // Uploads.
    TooLong {
        text: Written,
        max: usize,
        has: usize,
    },
    NoPipeline {
        given: String,
    },
    /// A pipeline of a kind another office publishes (`office` empty: of no office).
    MayNotPublish {
        kind: String,
        office: String,
    },
    /// A period not written as the kind's are (`example`, one that is).
    NotAPeriod {
        given: String,
        example: String,
    },
    /// A period given for a register, which has none.
    NoPeriods {
        given: String,
    },
    NoFile,
    /// Another office's upload.
    NotYourUpload,
    NotChecked {
        status: UploadStatus,
    },
    /// A restatement with no note.
    NeedsNote {
        dataset: String,
        latest: u32,
    },
    CannotAbandon {
        status: UploadStatus,
    },
}

impl Refusal {
    /// The English message with `{name}` where [`Refusal::figures`] go: the key of its
    /// translations.
    pub fn template(&self) -> &'static str {
        match self {
            Self::NotAnEmail { .. } => "`{given}` is not an e-mail address",
            Self::NameLength { .. } => "a name needs 1 to {max} characters",
            Self::UnknownOffice { .. } => {
                "office `{given}` is not in the protocol's [offices]; the codes are {known}"
            }
            Self::NeedsOffice { .. } => "a {role} needs at least one office: give its code",
            Self::UnknownRole { .. } => {
                "role `{given}`: expected one of admin, publisher, officer, moderator"
            }
            Self::AccountExists { .. } => "an account {email} already exists",
            Self::LastAdmin => "this is the last active admin; add another admin first",
            Self::NeedsRole { .. } => {
                "this needs the {role} role; your account's role is {yours}, which an admin can change"
            }
            Self::KeyLabel { .. } => "a key needs a label of 1 to {max} characters: what uses it",
            Self::NoLiveKey { .. } => "no live key {id}: it was revoked, or never issued",
            Self::TooLong {
                text: Written::Note,
                ..
            } => "the note may have at most {max} characters; this has {has}",
            Self::TooLong {
                text: Written::Period,
                ..
            } => "the period may have at most {max} characters; this has {has}",
            Self::NoPipeline { .. } => "no pipeline `{given}`; pick one of the list",
            Self::MayNotPublish { office, .. } if office.is_empty() => {
                "your account may not publish {kind}, which no office publishes"
            }
            Self::MayNotPublish { .. } => "your account may not publish {kind} (office {office})",
            Self::NotAPeriod { .. } => {
                "the period `{given}` is not written as this dataset's are, such as {example}; correct it, or leave it empty to take it from the rows"
            }
            Self::NoPeriods { .. } => {
                "this dataset is a register with no periods, so `{given}` cannot be one; leave the period empty"
            }
            Self::NoFile => "no file was sent; choose the export file to upload",
            Self::NotYourUpload => "this upload is not one you may see",
            Self::NotChecked { .. } => {
                "only an upload checked without errors can be published; this one is {status}"
            }
            Self::NeedsNote { .. } => {
                "{dataset} already has version {latest}: this corrects it, so say why in the note"
            }
            Self::CannotAbandon { .. } => "this upload is {status}; it can no longer be abandoned",
        }
    }

    /// The figures of the template, by name, as the log writes them (numbers with
    /// thousands separated by commas; a role or a status by its code).
    pub fn figures(&self) -> Vec<(&'static str, String)> {
        self.figures_naming(|r| r.as_str().to_string(), |s| s.as_str().to_string())
    }

    /// [`Refusal::figures`] with each role named by `role` and each upload's status by
    /// `status` (a page's words for them).
    pub fn figures_naming(
        &self,
        role: impl Fn(Role) -> String,
        status: impl Fn(UploadStatus) -> String,
    ) -> Vec<(&'static str, String)> {
        let count = |n: usize| thousands(n as u64);
        match self {
            Self::NotAnEmail { given }
            | Self::UnknownRole { given }
            | Self::NoPipeline { given }
            | Self::NoPeriods { given } => vec![("given", given.clone())],
            Self::NameLength { max } | Self::KeyLabel { max } => vec![("max", count(*max))],
            Self::UnknownOffice { given, known } => {
                vec![("given", given.clone()), ("known", known.clone())]
            }
            Self::NeedsOffice { role: r } => vec![("role", role(*r))],
            Self::AccountExists { email } => vec![("email", email.clone())],
            Self::NeedsRole { role: r, yours } => vec![("role", role(*r)), ("yours", role(*yours))],
            Self::NoLiveKey { id } => vec![("id", id.to_string())],
            Self::TooLong { max, has, .. } => vec![("max", count(*max)), ("has", count(*has))],
            Self::MayNotPublish { kind, office } => {
                vec![("kind", kind.clone()), ("office", office.clone())]
            }
            Self::NotAPeriod { given, example } => {
                vec![("given", given.clone()), ("example", example.clone())]
            }
            Self::NotChecked { status: s } | Self::CannotAbandon { status: s } => {
                vec![("status", status(*s))]
            }
            Self::NeedsNote { dataset, latest } => {
                vec![("dataset", dataset.clone()), ("latest", latest.to_string())]
            }
            Self::LastAdmin | Self::NoFile | Self::NotYourUpload => Vec::new(),
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
    fn a_refusal_reads_in_english_with_its_figures_and_codes() {
        assert_eq!(
            Refusal::NeedsOffice {
                role: Role::Publisher
            }
            .to_string(),
            "a publisher needs at least one office: give its code"
        );
        assert_eq!(
            Refusal::TooLong {
                text: Written::Note,
                max: 2000,
                has: 2001
            }
            .to_string(),
            "the note may have at most 2,000 characters; this has 2,001"
        );
        assert_eq!(
            Refusal::NotChecked {
                status: UploadStatus::Rejected
            }
            .to_string(),
            "only an upload checked without errors can be published; this one is rejected"
        );
    }

    #[test]
    fn every_place_in_a_template_has_its_figure() {
        let s = || "x".to_string();
        let all = [
            Refusal::NotAnEmail { given: s() },
            Refusal::NameLength { max: 100 },
            Refusal::UnknownOffice {
                given: s(),
                known: s(),
            },
            Refusal::NeedsOffice {
                role: Role::Officer,
            },
            Refusal::UnknownRole { given: s() },
            Refusal::AccountExists { email: s() },
            Refusal::LastAdmin,
            Refusal::NeedsRole {
                role: Role::Admin,
                yours: Role::Moderator,
            },
            Refusal::KeyLabel { max: 100 },
            Refusal::NoLiveKey { id: 3 },
            Refusal::TooLong {
                text: Written::Period,
                max: 20,
                has: 21,
            },
            Refusal::NoPipeline { given: s() },
            Refusal::MayNotPublish {
                kind: s(),
                office: s(),
            },
            Refusal::MayNotPublish {
                kind: s(),
                office: String::new(),
            },
            Refusal::NotAPeriod {
                given: s(),
                example: s(),
            },
            Refusal::NoPeriods { given: s() },
            Refusal::NoFile,
            Refusal::NotYourUpload,
            Refusal::NotChecked {
                status: UploadStatus::Failed,
            },
            Refusal::NeedsNote {
                dataset: s(),
                latest: 2,
            },
            Refusal::CannotAbandon {
                status: UploadStatus::Published,
            },
        ];
        for r in all {
            assert!(!r.to_string().contains('{'), "{r}");
        }
    }
}
