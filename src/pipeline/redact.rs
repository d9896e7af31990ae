//! Redaction of personal fields, by the protocol's rules, before any row is written.
//!
//! Pseudonyms are keyed with a secret kept in the data directory (`.redaction-key`, never
//! published), so the same person gets the same pseudonym in every version while nobody
//! can recover the name by hashing guesses.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use crate::protocol::{Kind, RedactionRule, Value};

static CONTACTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}     # e-mail
        | (?:\+\d{1,3}[\s-]?)?\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}               # phone
    ",
    )
    .expect("a valid pattern")
});

/// `text` with every phone number and e-mail address in it replaced by `[redacted]`; a
/// reference quoted in it (`MLM-2026-000123`, a report's, whose digits look like a phone
/// number) is kept, so a response can still name the report it answers.
fn mask_contacts(text: &str) -> Cow<'_, str> {
    CONTACTS.replace_all(text, |caps: &regex::Captures<'_>| {
        let found = &caps[0];
        let start = caps.get(0).map_or(0, |m| m.start());
        let before = &text[..start];
        let prefix = before
            .strip_suffix('-')
            .map(|b| b.chars().rev().take_while(char::is_ascii_uppercase).count())
            .unwrap_or(0);
        if prefix > 0 && found.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            found.to_string()
        } else {
            "[redacted]".to_string()
        }
    })
}

/// A rule resolved to positions: the field, the rule, and the optional (field, value) condition.
type Rule = (usize, RedactionRule, Option<(usize, String)>);

/// The redactions of one kind, resolved to field positions.
#[derive(Debug)]
pub struct Redactor {
    rules: Vec<Rule>,
    key: Vec<u8>,
    /// Pseudonyms already computed: the same payees recur on every page of a ledger.
    /// Hashed by foldhash: names are looked up for every row, and the table lives for one run.
    cache: HashMap<String, String, foldhash::fast::RandomState>,
}

/// Distinct names remembered before the cache starts afresh.
const CACHE_LIMIT: usize = 1 << 20;

impl Redactor {
    pub fn new(kind: &Kind, key: Vec<u8>) -> Self {
        let schema = &kind.schema;
        let rules = kind
            .spec
            .redact
            .iter()
            .filter_map(|r| {
                let field = schema.index_of(&r.field)?;
                let when = match &r.when {
                    Some(c) => Some((schema.index_of(&c.field)?, c.equals.clone())),
                    None => None,
                };
                Some((field, r.rule.clone(), when))
            })
            .collect();
        Self {
            rules,
            key,
            cache: HashMap::default(),
        }
    }

    /// Redacts a row in place.
    pub fn apply(&mut self, row: &mut [Value]) {
        for (field, rule, when) in &self.rules {
            let (field, when) = (*field, when.as_ref());
            if let Some((cond, equals)) = when
                && row[*cond].text() != equals.as_str()
            {
                continue;
            }
            let Value::Str(text) = &mut row[field] else {
                continue;
            };
            match rule {
                RedactionRule::Replace(with) => with.clone_into(text),
                RedactionRule::Pseudonymise => {
                    if self.cache.len() >= CACHE_LIMIT {
                        self.cache.clear();
                    }
                    // Written into the row's own string: rows are buffers used again.
                    if let Some(p) = self.cache.get(text.as_str()) {
                        text.clear();
                        text.push_str(p);
                    } else {
                        let p = pseudonym(&self.key, text);
                        self.cache.insert(std::mem::replace(text, p.clone()), p);
                    }
                }
                RedactionRule::MaskContacts => {
                    if let Cow::Owned(masked) = mask_contacts(text) {
                        *text = masked;
                    }
                }
            }
        }
    }
}

fn pseudonym(key: &[u8], text: &str) -> String {
    let normalised = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut h = Sha256::new();
    h.update(key);
    h.update(normalised.as_bytes());
    format!("individual-{}", &hex::encode(h.finalize())[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_inside_notes_are_masked() {
        let masked = CONTACTS.replace_all(
            "Resident Jane (0722 123 456, jane@example.org) reports cracks",
            "[redacted]",
        );
        assert_eq!(
            masked,
            "Resident Jane ([redacted], [redacted]) reports cracks"
        );
        assert_eq!(
            CONTACTS.replace_all("Progress 45% on 2025-09-12, 300 m laid", "[redacted]"),
            "Progress 45% on 2025-09-12, 300 m laid"
        );
    }

    #[test]
    fn a_report_reference_is_kept_and_a_phone_beside_it_is_not() {
        assert_eq!(
            mask_contacts("Same as MLM-2026-000123; call 0722 123 456 or MLM-2026-0001234."),
            "Same as MLM-2026-000123; call [redacted] or MLM-2026-0001234."
        );
        // A number after a hyphen but not after a reference's letters is still masked.
        assert_eq!(mask_contacts("tel -0722 123 456"), "tel -[redacted]");
        assert_eq!(mask_contacts("x@example.org"), "[redacted]");
    }
}
