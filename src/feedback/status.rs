//! Where a report is, and the only ways it may move (as Signalen lists them): a change
//! not in [`Status::may_become`] is refused, and closing without fixing, reopening and
//! referring need a text.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received, waiting for a moderator; not public.
    Submitted,
    /// Refused by a moderator, with a reason; not public.
    Rejected,
    /// Public, waiting for the office to acknowledge it.
    Open,
    Acknowledged,
    InProgress,
    Resolved,
    /// Closed by the office without a fix, with a text saying why.
    ClosedNotFixed,
    /// The same as another report, which carries on.
    Duplicate,
    /// Reopened by the reporter (within 30 days of resolution) or the office.
    Reopened,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Self::Submitted,
        Self::Rejected,
        Self::Open,
        Self::Acknowledged,
        Self::InProgress,
        Self::Resolved,
        Self::ClosedNotFixed,
        Self::Duplicate,
        Self::Reopened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Rejected => "rejected",
            Self::Open => "open",
            Self::Acknowledged => "acknowledged",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::ClosedNotFixed => "closed_not_fixed",
            Self::Duplicate => "duplicate",
            Self::Reopened => "reopened",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Shown on the public record.
    pub fn is_public(self) -> bool {
        !matches!(self, Self::Submitted | Self::Rejected)
    }

    /// Still waiting for the office: counts as open (and may be overdue).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Open | Self::Acknowledged | Self::InProgress | Self::Reopened
        )
    }

    /// Open311's two values.
    pub fn open311(self) -> &'static str {
        if self.is_open() || self == Self::Submitted {
            "open"
        } else {
            "closed"
        }
    }

    /// The statuses this one may become.
    pub fn may_become(self) -> &'static [Status] {
        use Status::*;
        match self {
            Submitted => &[Open, Rejected],
            Open | Reopened => &[
                Acknowledged,
                InProgress,
                Resolved,
                ClosedNotFixed,
                Duplicate,
            ],
            Acknowledged => &[InProgress, Resolved, ClosedNotFixed, Duplicate],
            InProgress => &[Resolved, ClosedNotFixed, Duplicate],
            Resolved | ClosedNotFixed => &[Reopened],
            Rejected | Duplicate => &[],
        }
    }

    /// Whether moving here needs a text (a reason the public can read).
    pub fn needs_text(self) -> bool {
        matches!(self, Self::ClosedNotFixed | Self::Reopened | Self::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_changes_are_allowed() {
        assert!(Status::Submitted.may_become().contains(&Status::Open));
        assert!(!Status::Submitted.may_become().contains(&Status::Resolved));
        assert!(!Status::Resolved.may_become().contains(&Status::InProgress));
        assert!(Status::Resolved.may_become().contains(&Status::Reopened));
        assert!(Status::Duplicate.may_become().is_empty());
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert!(!s.may_become().contains(&s), "{s:?} to itself");
        }
    }

    #[test]
    fn the_public_sees_no_unmoderated_report() {
        assert!(!Status::Submitted.is_public());
        assert!(!Status::Rejected.is_public());
        assert!(Status::Open.is_public());
        assert_eq!(Status::Submitted.open311(), "open");
        assert_eq!(Status::ClosedNotFixed.open311(), "closed");
    }
}
