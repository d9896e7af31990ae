//! Citizen feedback as protocol data: the `[feedback]` table of `protocol.toml`.
//!
//! It declares the categories a report can be filed under, each in English and Swahili,
//! with the office that answers it and the service standard it is answered against (days
//! to acknowledge, days to resolve), and the prefix of report references. This module
//! parses and checks that table and answers questions about it; it knows nothing of
//! reports, the database or the web.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Office;

/// The `[feedback]` table: what citizens may report on and who answers.
///
/// Empty (no categories) when `protocol.toml` has no `[feedback]` table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Feedback {
    /// Starts every report reference, `MLM` in `MLM-2026-000123`: upper-case letters and
    /// digits. Default: derived from the jurisdiction's name (see [`derive_prefix`]).
    pub reference_prefix: String,
    /// The categories, by code (`works-stalled`).
    pub categories: BTreeMap<String, Category>,
    /// What the triage assistant may do on its own (`[feedback.triage]`).
    pub triage: TriageSettings,
}

/// `[feedback.triage]`: the assistant suggests; people decide, unless this says otherwise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageSettings {
    /// Route a new report to the suggested category (and its office) without a person
    /// when the model's confidence is at least this (0.5 to 1). Off when absent, the
    /// default; the report's public history then says the routing was automatic.
    #[serde(default)]
    pub automatic_above: Option<f64>,
}

/// A response an officer may start from (`[[feedback.categories.CODE.templates]]`), in
/// both languages; they edit it before sending, and the public history shows it as any
/// other response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// What officers pick it by, in English: "Inspection booked".
    pub name: String,
    /// What officers pick it by on Swahili pages; `name` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_sw: Option<String>,
    /// The text in English.
    pub en: String,
    /// The text in Swahili.
    pub sw: String,
}

impl Template {
    /// The template's name in `lang` (`"sw"`), or in English.
    pub fn name_in(&self, lang: &str) -> &str {
        match (lang, &self.name_sw) {
            ("sw", Some(n)) if !n.trim().is_empty() => n,
            _ => &self.name,
        }
    }
}

/// One category of report: `[feedback.categories.CODE]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The name citizens pick, in English.
    pub name: String,
    /// One or two plain sentences on what belongs here, in English.
    pub description: String,
    /// The name and description in Swahili. Required: citizens report in Swahili too. A
    /// missing table reads as empty texts, which the protocol's check reports by key.
    #[serde(default)]
    pub sw: CategoryText,
    /// The code of the office that answers reports in this category: a key of `[offices]`.
    pub office: String,
    /// What a report in this category is about.
    pub about: About,
    /// The service standard: days from receipt within which a report is acknowledged (≥ 1).
    pub acknowledge_days: u32,
    /// The service standard: days from receipt within which a report is resolved
    /// (≥ `acknowledge_days`).
    pub resolve_days: u32,
    /// Responses officers may start from.
    #[serde(default)]
    pub templates: Vec<Template>,
}

/// A category's texts in another language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryText {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// What a report is about, which decides where it can be filed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum About {
    /// A development project in the register: filed from the project's page.
    Project,
    /// A service the county delivers (water, refuse, permits, markets) at a place.
    Service,
    /// Neither: a request or a concern about the county as a whole.
    General,
}

impl About {
    /// As `protocol.toml` writes it: `project`, `service` or `general`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Service => "service",
            Self::General => "general",
        }
    }
}

impl Category {
    /// The texts in `lang` (an ISO 639-1 code) when the protocol has them: `sw` only.
    fn text(&self, lang: &str) -> Option<&CategoryText> {
        (lang == "sw").then_some(&self.sw)
    }

    /// The category's name in `lang`, or in English.
    pub fn name_in(&self, lang: &str) -> &str {
        self.text(lang).map_or(&self.name, |t| &t.name)
    }

    /// The category's description in `lang`, or in English.
    pub fn description_in(&self, lang: &str) -> &str {
        self.text(lang)
            .map_or(&self.description, |t| &t.description)
    }
}

/// `[feedback]` as written: the prefix is optional there.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FeedbackFile {
    #[serde(default)]
    reference_prefix: Option<String>,
    #[serde(default)]
    categories: BTreeMap<String, Category>,
    #[serde(default)]
    triage: TriageSettings,
}

impl FeedbackFile {
    /// The table with its prefix given or derived from `jurisdiction_name`.
    pub(super) fn resolve(self, jurisdiction_name: &str) -> Feedback {
        Feedback {
            reference_prefix: self
                .reference_prefix
                .unwrap_or_else(|| derive_prefix(jurisdiction_name)),
            categories: self.categories,
            triage: self.triage,
        }
    }
}

/// The default reference prefix: the first letter of the jurisdiction's name and the next
/// two consonants, in capitals ("Mlima County" → `MLM`, "Nairobi City County" → `NRB`),
/// the next letters when there are too few consonants, and `REF` when the name has no
/// Latin letters.
pub fn derive_prefix(jurisdiction_name: &str) -> String {
    let word: Vec<char> = jurisdiction_name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some((first, rest)) = word.split_first() else {
        return "REF".into();
    };
    let is_consonant = |c: &char| !"AEIOU".contains(*c);
    let consonants = rest.iter().enumerate().filter(|(_, c)| is_consonant(c));
    let others = rest.iter().enumerate().filter(|(_, c)| !is_consonant(c));
    let mut picked: Vec<(usize, char)> = consonants
        .chain(others)
        .take(2)
        .map(|(i, c)| (i, *c))
        .collect();
    picked.sort_unstable();
    std::iter::once(*first)
        .chain(picked.into_iter().map(|(_, c)| c))
        .collect()
}

impl Feedback {
    /// The offices that answer reports (of some category), each once, in code order.
    pub fn answering_offices(&self) -> Vec<String> {
        self.categories
            .values()
            .map(|c| c.office.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// Checks the rules serde cannot: codes, offices, service standards, texts in both
    /// languages, the prefix. The error is the dotted key and what to do.
    pub(super) fn check(&self, offices: &BTreeMap<String, Office>) -> Result<(), (String, String)> {
        let p = &self.reference_prefix;
        if p.is_empty()
            || p.len() > 8
            || !p.starts_with(|c: char| c.is_ascii_uppercase())
            || !p
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Err((
                "feedback.reference_prefix".into(),
                format!(
                    "`{p}` is not a reference prefix; use 1 to 8 upper-case letters and digits \
                     starting with a letter, such as \"MLM\""
                ),
            ));
        }
        for (code, c) in &self.categories {
            let key = |k: &str| format!("feedback.categories.{code}.{k}");
            if code.is_empty()
                || !code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err((
                    format!("feedback.categories.{code}"),
                    "category codes are lower-case letters, digits and hyphens, such as \
                     `works-stalled`; rename the table"
                        .into(),
                ));
            }
            const SW: &str = "; write sw = { name = \"...\", description = \"...\" }";
            for (k, text, what, hint) in [
                ("name", &c.name, "an English name", ""),
                ("description", &c.description, "an English description", ""),
                ("sw.name", &c.sw.name, "a Swahili name", SW),
                (
                    "sw.description",
                    &c.sw.description,
                    "a Swahili description",
                    SW,
                ),
            ] {
                if text.trim().is_empty() {
                    return Err((
                        key(k),
                        format!(
                            "a feedback category needs {what}, since citizens report in \
                             English and Swahili{hint}"
                        ),
                    ));
                }
            }
            if !offices.contains_key(&c.office) {
                let message = if offices.is_empty() {
                    format!(
                        "`{}` is not the code of an office: there is no [offices] table; add \
                         [offices.{}] with the office's name",
                        c.office, c.office
                    )
                } else {
                    format!(
                        "`{}` is not the code of any [offices] entry; use one of: {}",
                        c.office,
                        offices.keys().cloned().collect::<Vec<_>>().join(", ")
                    )
                };
                return Err((key("office"), message));
            }
            for (i, t) in c.templates.iter().enumerate() {
                for (k, text) in [("name", &t.name), ("en", &t.en), ("sw", &t.sw)] {
                    if text.trim().is_empty() {
                        return Err((
                            format!("feedback.categories.{code}.templates[{}].{k}", i + 1),
                            "a response template needs a name and its text in English (en) \
                             and Swahili (sw)"
                                .into(),
                        ));
                    }
                }
            }
            if c.acknowledge_days == 0 {
                return Err((
                    key("acknowledge_days"),
                    "expected at least 1 day to acknowledge a report".into(),
                ));
            }
            if c.resolve_days < c.acknowledge_days {
                return Err((
                    key("resolve_days"),
                    format!(
                        "{} days to resolve is less than the {} days to acknowledge; a report \
                         is acknowledged before it is resolved, so give at least {}",
                        c.resolve_days, c.acknowledge_days, c.acknowledge_days
                    ),
                ));
            }
        }
        if let Some(t) = self.triage.automatic_above
            && !(0.5..=1.0).contains(&t)
        {
            return Err((
                "feedback.triage.automatic_above".into(),
                format!(
                    "{t} is not a confidence between 0.5 and 1; routing without a person \
                     needs the model at least even odds sure, so use e.g. 0.9, or remove \
                     the key to keep people deciding"
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Feedback, String> {
        let file: FeedbackFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(file.resolve("Mlima County (synthetic demonstration)"))
    }

    fn offices() -> BTreeMap<String, Office> {
        [(
            "roads-works".to_string(),
            Office {
                name: "Department of Roads".into(),
                sw: None,
            },
        )]
        .into()
    }

    const STALLED: &str = r#"
        [categories.works-stalled]
        name = "Works stalled"
        description = "Work on the site has stopped."
        sw = { name = "Kazi imekwama", description = "Kazi katika eneo imesimama." }
        office = "roads-works"
        about = "project"
        acknowledge_days = 3
        resolve_days = 30
    "#;

    fn checked(text: &str) -> Result<(), String> {
        parse(text)?
            .check(&offices())
            .map_err(|(key, message)| format!("`{key}`: {message}"))
    }

    #[test]
    fn the_default_prefix_is_the_first_letter_and_the_next_two_consonants() {
        assert_eq!(
            derive_prefix("Mlima County (synthetic demonstration)"),
            "MLM"
        );
        assert_eq!(derive_prefix("Nairobi City County"), "NRB");
        assert_eq!(derive_prefix("Accra Metropolitan Assembly"), "ACC");
        assert_eq!(derive_prefix("Murang'a County"), "MRN");
        assert_eq!(
            derive_prefix("Ua"),
            "UA",
            "too few consonants: the next letters"
        );
        assert_eq!(derive_prefix("Aeiou"), "AEI");
        assert_eq!(derive_prefix(""), "REF");
        assert_eq!(derive_prefix("東京"), "REF");
    }

    #[test]
    fn a_given_prefix_is_kept_and_a_missing_one_derived() {
        assert_eq!(parse(STALLED).unwrap().reference_prefix, "MLM");
        let given = format!("reference_prefix = \"MC1\"\n{STALLED}");
        assert_eq!(parse(&given).unwrap().reference_prefix, "MC1");
    }

    #[test]
    fn a_category_parses_with_its_swahili_and_answers_in_either_language() {
        let f = parse(STALLED).unwrap();
        let c = &f.categories["works-stalled"];
        assert_eq!(c.about, About::Project);
        assert_eq!((c.acknowledge_days, c.resolve_days), (3, 30));
        assert_eq!(c.name_in("sw"), "Kazi imekwama");
        assert_eq!(c.description_in("sw"), "Kazi katika eneo imesimama.");
        assert_eq!(c.name_in("en"), "Works stalled");
        assert_eq!(
            c.name_in("fr"),
            "Works stalled",
            "English where there is no text"
        );
        assert!(checked(STALLED).is_ok());
    }

    #[test]
    fn an_empty_table_has_no_categories() {
        let f = parse("").unwrap();
        assert!(f.categories.is_empty());
        assert!(f.check(&offices()).is_ok());
    }

    #[test]
    fn an_unknown_about_or_key_is_refused_by_the_parser() {
        let err = parse(&STALLED.replace("\"project\"", "\"roads\"")).unwrap_err();
        assert!(err.contains("roads") && err.contains("project"), "{err}");
        let err = parse(&STALLED.replace("resolve_days", "resolve_in")).unwrap_err();
        assert!(err.contains("resolve_in"), "{err}");
    }

    #[test]
    fn a_bad_prefix_is_refused() {
        for bad in ["", "mlm", "1MLM", "MLM-", "ABCDEFGHI"] {
            let err = checked(&format!("reference_prefix = \"{bad}\"\n{STALLED}")).unwrap_err();
            assert!(err.starts_with("`feedback.reference_prefix`: "), "{err}");
        }
    }

    #[test]
    fn each_broken_rule_names_its_key() {
        let cases = [
            (
                STALLED.replace("works-stalled", "Works_Stalled"),
                "`feedback.categories.Works_Stalled`: category codes are lower-case",
            ),
            (
                STALLED.replace("\"roads-works\"", "\"roads\""),
                "`feedback.categories.works-stalled.office`: `roads` is not the code of any \
                 [offices] entry; use one of: roads-works",
            ),
            (
                STALLED.replace("acknowledge_days = 3", "acknowledge_days = 0"),
                "`feedback.categories.works-stalled.acknowledge_days`: expected at least 1",
            ),
            (
                STALLED.replace("resolve_days = 30", "resolve_days = 2"),
                "`feedback.categories.works-stalled.resolve_days`: 2 days to resolve is less \
                 than the 3 days to acknowledge",
            ),
            (
                STALLED.replace("name = \"Kazi imekwama\", ", ""),
                "`feedback.categories.works-stalled.sw.name`: a feedback category needs a \
                 Swahili name",
            ),
            (
                STALLED.replace("sw = {", "# sw = {"),
                "`feedback.categories.works-stalled.sw.name`: a feedback category needs a \
                 Swahili name",
            ),
            (
                STALLED.replace("\"Works stalled\"", "\" \""),
                "`feedback.categories.works-stalled.name`: a feedback category needs an \
                 English name",
            ),
            (
                STALLED.replace("\"Kazi katika eneo imesimama.\"", "\"\""),
                "`feedback.categories.works-stalled.sw.description`: a feedback category \
                 needs a Swahili description",
            ),
        ];
        for (text, expected) in cases {
            let err = checked(&text).unwrap_err();
            assert!(
                err.starts_with(expected),
                "expected {expected}\n     got {err}"
            );
        }
    }

    #[test]
    fn without_offices_the_message_says_to_add_one() {
        let err = parse(STALLED).unwrap().check(&BTreeMap::new()).unwrap_err();
        assert_eq!(err.0, "feedback.categories.works-stalled.office");
        assert!(err.1.contains("add [offices.roads-works]"), "{}", err.1);
    }
}
