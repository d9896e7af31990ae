//! Where a county's ledger and files come from: its data directory on this machine, or its
//! public site, which serves `/ledger.jsonl` and every recorded file at
//! `/datasets/{dataset}/v/{version}/{file}`. Both give the county's bytes as they are; the
//! harvest checks them against the ledger, never the source.

use std::io::{self, Read};
use std::path::PathBuf;
use std::time::Duration;

use super::{NationalError, check_code};

/// A county store to read from.
pub trait Source {
    /// Where it is, as the user gave it and the national ledger records it.
    fn location(&self) -> String;
    /// The county ledger's bytes, whole.
    fn ledger(&self) -> io::Result<Vec<u8>>;
    /// One recorded file of a version, to be read once.
    fn open(&self, dataset: &str, version: u32, file: &str) -> io::Result<Box<dyn Read + '_>>;
}

/// A county and where to harvest it from: `CODE=DIRECTORY` or `CODE=URL` on the command line.
pub struct CountySource {
    pub code: String,
    pub source: Box<dyn Source>,
}

impl std::fmt::Debug for CountySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.code, self.source.location())
    }
}

impl CountySource {
    /// `016=/srv/county/datasets` or `016=https://opendata.county.example`.
    pub fn parse(text: &str) -> Result<Self, NationalError> {
        let (code, location) = text
            .split_once('=')
            .filter(|(_, l)| !l.is_empty())
            .ok_or_else(|| NationalError::BadSource {
                text: text.to_string(),
            })?;
        check_code(code)?;
        if location.starts_with("https://") && !cfg!(feature = "https") {
            return Err(NationalError::NoTls {
                url: location.to_string(),
            });
        }
        let source: Box<dyn Source> =
            if location.starts_with("http://") || location.starts_with("https://") {
                Box::new(Site::new(location))
            } else {
                Box::new(Directory(PathBuf::from(location)))
            };
        Ok(Self {
            code: code.to_string(),
            source,
        })
    }

    /// Refuses a code given twice, before anything is read.
    pub fn check_distinct(sources: &[Self]) -> Result<(), NationalError> {
        for (i, a) in sources.iter().enumerate() {
            if let Some(b) = sources[..i].iter().find(|b| b.code == a.code) {
                return Err(NationalError::DuplicateCode {
                    code: a.code.clone(),
                    first: b.source.location(),
                    second: a.source.location(),
                });
            }
        }
        Ok(())
    }
}

/// A county's data directory: `<dir>/ledger.jsonl` and `<dir>/<dataset>/v<n>/<file>`.
#[derive(Debug)]
pub struct Directory(pub PathBuf);

impl Source for Directory {
    fn location(&self) -> String {
        self.0.display().to_string()
    }

    fn ledger(&self) -> io::Result<Vec<u8>> {
        let path = self.0.join("ledger.jsonl");
        std::fs::read(&path).map_err(|e| located(e, &path.display().to_string()))
    }

    fn open(&self, dataset: &str, version: u32, file: &str) -> io::Result<Box<dyn Read + '_>> {
        let path = crate::store::catalog::version_dir(&self.0, dataset, version).join(file);
        std::fs::File::open(&path)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| located(e, &path.display().to_string()))
    }
}

/// A county's public site, read over HTTP(S).
pub struct Site {
    base: String,
    agent: ureq::Agent,
}

impl Site {
    pub fn new(base: &str) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(30)))
            // Between bytes, not for the whole file: a large version may take minutes.
            .timeout_recv_body(Some(Duration::from_secs(60)))
            .build()
            .into();
        Self {
            base: base.trim_end_matches('/').to_string(),
            agent,
        }
    }

    fn get(&self, path: &str) -> io::Result<Box<dyn Read + '_>> {
        let url = format!("{}{path}", self.base);
        let response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| io::Error::other(format!("{url}: {e}")))?;
        Ok(Box::new(response.into_body().into_reader()))
    }
}

impl Source for Site {
    fn location(&self) -> String {
        self.base.clone()
    }

    fn ledger(&self) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        // A ledger line is a few kilobytes: a gigabyte is millions of versions, and more
        // is not a ledger.
        self.get("/ledger.jsonl")?
            .take(1 << 30)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn open(&self, dataset: &str, version: u32, file: &str) -> io::Result<Box<dyn Read + '_>> {
        self.get(&format!("/datasets/{dataset}/v/{version}/{file}"))
    }
}

/// An I/O error that says which file.
fn located(e: io::Error, what: &str) -> io::Error {
    io::Error::new(e.kind(), format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_a_code_and_a_directory_or_a_url() {
        let dir = CountySource::parse("016=/srv/county/datasets").unwrap();
        assert_eq!(
            (dir.code.as_str(), dir.source.location().as_str()),
            ("016", "/srv/county/datasets")
        );
        let site = CountySource::parse("KE-047=http://opendata.county.example/").unwrap();
        assert_eq!(site.source.location(), "http://opendata.county.example");
        let tls = CountySource::parse("KE-047=https://opendata.county.example");
        assert_eq!(cfg!(feature = "https"), tls.is_ok());
        for bad in ["/srv/county", "016=", "=/srv", "0 16=/srv"] {
            assert!(CountySource::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_code_given_twice_is_refused_before_anything_is_read() {
        let sources = [
            CountySource::parse("016=/a").unwrap(),
            CountySource::parse("016=/b").unwrap(),
        ];
        let err = CountySource::check_distinct(&sources)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("county 016 is given twice (/a and /b)"),
            "{err}"
        );
    }
}
