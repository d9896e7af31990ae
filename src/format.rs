//! Numbers, parameters and errors as people read them: plain functions shared by pages,
//! flags, reports and logs.

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` cut to at most `most` characters (at least one), the last an ellipsis when cut.
pub fn clipped(text: &str, most: usize) -> String {
    let most = most.max(1);
    if text.chars().count() <= most {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(most - 1).collect();
        cut.push('…');
        cut
    }
}

/// Text as a person typed it, kept: trimmed, control characters but newlines and tabs
/// removed (a NUL, which PostgreSQL cannot store in text, among them).
pub fn plain(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// `template` with each `{name}` replaced by its value: the messages whose words are
/// translated and whose figures are not. One pass: a value is never read as a template,
/// and a `{name}` with no value stays as it is.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A number as written in Kenya and Ghana: thousands separated by commas, two decimals
/// when it has a fraction.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let abs = x.abs();
    if abs.fract() == 0.0 && abs < 1e15 {
        return format!("{sign}{}", thousands(abs as u64));
    }
    let cents = (abs * 100.0).round() as u64;
    format!("{sign}{}.{:02}", thousands(cents / 100), cents % 100)
}

/// A query parameter that should have been a whole number from 1.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ParamError {
    #[error("{name} `{text}` is not a whole number from 1")]
    NotPositive { name: String, text: String },
    #[error("{name} {n} is more than the most allowed, {max}")]
    TooLarge { name: String, n: usize, max: usize },
}

/// The parameter `name` of `params` as a whole number from 1 to `max`; `default` when it
/// is absent or blank.
pub fn positive(
    params: &std::collections::HashMap<String, String>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ParamError> {
    match params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            Ok(n) if n > max => Err(ParamError::TooLarge {
                name: name.to_string(),
                n,
                max,
            }),
            _ => Err(ParamError::NotPositive {
                name: name.to_string(),
                text: text.to_string(),
            }),
        },
    }
}

/// An error and its causes, each once: `a: b: c`, for a log line.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn fill_puts_each_value_in_its_place_once() {
        let v = [("a", "{b}".to_string()), ("b", "2".to_string())];
        assert_eq!(super::fill("{a} and {b}, {c}", &v), "{b} and 2, {c}");
    }

    #[test]
    fn clipped_counts_characters_not_bytes() {
        assert_eq!(super::clipped("maji machafu", 12), "maji machafu");
        assert_eq!(super::clipped("maji machafu", 5), "maji…");
        assert_eq!(super::clipped("ñññ", 2), "ñ…");
        assert_eq!(super::clipped("abc", 0), "…");
    }
}
