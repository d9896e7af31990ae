//! What can go wrong with a row query: what the reader typed (answered as a 400 by the
//! web), or the version's file (a 500, with the cause in the log).

use std::path::PathBuf;

/// Why a row query has no answer. Each message says where and what to do; a variant with
/// a `source` leaves that cause out of its own message (it is printed once, after it).
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("filter on `{field}`: `{value}` is not {expected}")]
    BadFilter {
        field: String,
        value: String,
        expected: &'static str,
    },
    #[error("`{name}` is not a column to filter on; the columns are {}", columns.join(", "))]
    UnknownColumn { name: String, columns: Vec<String> },
    #[error("cannot sort by `{name}`; the columns are {}", columns.join(", "))]
    UnknownSort { name: String, columns: Vec<String> },
    #[error("the filter on `{field}` is longer than {max} characters")]
    TooLong { field: String, max: usize },
    /// `_page` or `_size` that is not a whole number in range.
    #[error(transparent)]
    Param(#[from] crate::format::ParamError),
    #[error("page {page} is past the end; {total} rows match, {pages} pages of {size}")]
    PastTheEnd {
        page: usize,
        total: u64,
        pages: u64,
        size: usize,
    },
    #[error(
        "{} has no column `{field}`, which its schema names; check the version with `disclose verify`",
        path.display()
    )]
    MissingColumn { path: PathBuf, field: String },
    #[error(
        "column `{field}` of {} holds {found} values, which a filter or sort on it cannot read; check the version with `disclose verify`",
        path.display()
    )]
    ColumnType {
        path: PathBuf,
        field: String,
        found: String,
    },
    #[error(
        "cannot read the rows of {}; check the version with `disclose verify`",
        path.display()
    )]
    Read {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(
        "cannot write the rows to {}; check the space left in the temporary directory",
        path.display()
    )]
    Write {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl QueryError {
    /// Whether the query itself is wrong (the client can fix it), rather than the store or
    /// the machine.
    pub fn is_client_error(&self) -> bool {
        match self {
            Self::BadFilter { .. }
            | Self::UnknownColumn { .. }
            | Self::UnknownSort { .. }
            | Self::TooLong { .. }
            | Self::Param(_)
            | Self::PastTheEnd { .. } => true,
            Self::MissingColumn { .. }
            | Self::ColumnType { .. }
            | Self::Read { .. }
            | Self::Write { .. } => false,
        }
    }

    /// A failure reading `path`, for `map_err`.
    pub(super) fn read<E: Into<Box<dyn std::error::Error + Send + Sync>>>(
        path: &std::path::Path,
    ) -> impl FnOnce(E) -> Self {
        let path = path.to_path_buf();
        move |e| Self::Read {
            path,
            source: e.into(),
        }
    }

    /// A failure writing `path`, for `map_err`.
    pub(super) fn write<E: Into<Box<dyn std::error::Error + Send + Sync>>>(
        path: &std::path::Path,
    ) -> impl FnOnce(E) -> Self {
        let path = path.to_path_buf();
        move |e| Self::Write {
            path,
            source: e.into(),
        }
    }
}
