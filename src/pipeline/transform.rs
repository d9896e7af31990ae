//! Transforms: from source text to typed values, as a pipeline's `[fields]` say.
//!
//! Each function is pure and takes one cell; errors are plain strings that the caller
//! places (file, line, column) before reporting.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::geometry::SourceGeometry;
use super::spec::{Case, FieldSpec, Split};
use crate::protocol::{FieldType, Value};

/// Applies trim, replace, split, case and map to a source cell, in that order. Works on
/// borrowed text, as this runs for every cell of every row: the result is the cell
/// itself, a part of it, a value of the spec's `map`, or (when the text had to change)
/// the text written into `scratch`.
pub fn clean_text<'a>(raw: &'a str, spec: &'a FieldSpec, scratch: &'a mut String) -> &'a str {
    let mut text: Cow<str> = if spec.trim {
        collapse_whitespace(raw)
    } else {
        Cow::Borrowed(raw)
    };
    for (from, to) in &spec.replace {
        if text.contains(from.as_str()) {
            text = Cow::Owned(text.replace(from.as_str(), to));
        }
    }
    if let Some(split) = &spec.split {
        text = match text {
            Cow::Borrowed(t) => Cow::Borrowed(split_piece(t, split)),
            Cow::Owned(t) => Cow::Owned(split_piece(&t, split).to_string()),
        };
    }
    let ascii = text.is_ascii();
    let recase = match spec.case {
        Some(Case::Lower) if ascii => text.bytes().any(|b| b.is_ascii_uppercase()),
        Some(Case::Upper) if ascii => text.bytes().any(|b| b.is_ascii_lowercase()),
        Some(Case::Lower) => text.chars().any(char::is_uppercase),
        Some(Case::Upper) => text.chars().any(char::is_lowercase),
        Some(Case::Title) => true,
        None => false,
    };
    let text: &'a str = match (recase, spec.case, text) {
        (false, _, Cow::Borrowed(t)) => t,
        (false, _, Cow::Owned(t)) => {
            *scratch = t;
            scratch
        }
        (true, Some(case), t) => {
            scratch.clear();
            match case {
                Case::Lower if ascii => {
                    scratch.push_str(&t);
                    scratch.make_ascii_lowercase();
                }
                Case::Upper if ascii => {
                    scratch.push_str(&t);
                    scratch.make_ascii_uppercase();
                }
                Case::Lower => scratch.push_str(&t.to_lowercase()),
                Case::Upper => scratch.push_str(&t.to_uppercase()),
                Case::Title => scratch.push_str(&title_case(&t)),
            }
            scratch
        }
        (true, None, _) => unreachable!("a change of case needs a case"),
    };
    if !spec.map.is_empty() {
        // Keys are lower-cased and trimmed when the spec loads.
        let found = if ascii {
            spec.map
                .iter()
                .find(|(from, _)| from.eq_ignore_ascii_case(text))
                .map(|(_, to)| to)
        } else {
            spec.map.get(&text.to_lowercase())
        };
        if let Some(to) = found {
            return to;
        }
    }
    text
}

fn split_piece<'a>(text: &'a str, split: &Split) -> &'a str {
    let separator = split.separator.as_str();
    if separator.is_empty() {
        return text
            .splitn(split.parts.max(1), separator)
            .nth(split.part.saturating_sub(1))
            .map_or("", str::trim);
    }
    // As `splitn(parts, separator).nth(part - 1)`, without building a substring searcher
    // for every cell: cells and separators are short, so compare at each position.
    let sep = separator.as_bytes();
    let find = |hay: &str| {
        hay.as_bytes()
            .windows(sep.len())
            .position(|w| w.iter().zip(sep).all(|(a, b)| a == b))
    };
    let (parts, wanted) = (split.parts.max(1), split.part.saturating_sub(1));
    let mut rest = text;
    for piece in 0..parts {
        let cut = if piece + 1 == parts { None } else { find(rest) };
        let (this, next) = match cut {
            Some(i) => (&rest[..i], Some(&rest[i + separator.len()..])),
            None => (rest, None),
        };
        if piece == wanted {
            return this.trim();
        }
        match next {
            Some(next) => rest = next,
            None => return "",
        }
    }
    ""
}

/// Trims the ends and folds inner runs of white space to one space, copying only if needed.
fn collapse_whitespace(raw: &str) -> Cow<'_, str> {
    // Most cells are ASCII: look at bytes, not chars (this runs for every cell).
    if raw.is_ascii() {
        // `char::is_whitespace` on ASCII: unlike `u8::is_ascii_whitespace`, it takes in VT.
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        let bytes = raw.as_bytes();
        let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
        let end = bytes
            .iter()
            .rposition(|b| !space(b))
            .map_or(start, |i| i + 1);
        let trimmed = &raw[start..end];
        // Tidy if no control byte (white space other than ' ' is one) and no double space:
        // two branch-free scans, which the compiler makes wide (cells are short, so this
        // beats calling out to a search routine).
        let bytes = trimmed.as_bytes();
        let control = bytes.iter().fold(false, |seen, &b| seen | (b < b' '));
        let double = bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .fold(false, |seen, (&a, &b)| seen | ((a == b' ') & (b == b' ')));
        if !control && !double {
            return Cow::Borrowed(trimmed);
        }
    }
    let trimmed = raw.trim();
    let mut previous_space = false;
    let tidy = trimmed.chars().all(|c| {
        let ok = !(c.is_whitespace() && (c != ' ' || previous_space));
        previous_space = c == ' ';
        ok
    });
    if tidy {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Parses cleaned text into a value of the field's type. Empty text is `Null`.
pub fn parse_value(text: &str, kind: FieldType, spec: &FieldSpec) -> Result<Value, String> {
    let mut value = Value::Null;
    parse_into(text, kind, spec, &mut value)?;
    Ok(value)
}

/// As [`parse_value`], into `slot`: text goes into the string already there, so a row
/// buffer used again for the next row allocates nothing. On error `slot` is `Null`.
pub fn parse_into(
    text: &str,
    kind: FieldType,
    spec: &FieldSpec,
    slot: &mut Value,
) -> Result<(), String> {
    if let (FieldType::String, Value::Str(s), false) = (kind, &mut *slot, text.is_empty()) {
        s.clear();
        s.push_str(text);
        return Ok(());
    }
    *slot = Value::Null;
    *slot = parse_text(text, kind, spec)?;
    Ok(())
}

fn parse_text(text: &str, kind: FieldType, spec: &FieldSpec) -> Result<Value, String> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    match kind {
        FieldType::String => Ok(Value::Str(text.to_string())),
        FieldType::Yearmonth => parse_yearmonth(text).map(Value::Str),
        FieldType::Integer => {
            let n = parse_number(text, spec.amount)? * spec.unit.unwrap_or(1.0);
            if n.fract() != 0.0 || n.abs() > 9.0e15 {
                return Err(format!("`{text}` is not a whole number"));
            }
            Ok(Value::Int(n as i64))
        }
        FieldType::Number => {
            let n = parse_number(text, spec.amount)? * spec.unit.unwrap_or(1.0);
            // Amounts are kept to the cent; unit scaling must not leave float noise behind.
            Ok(Value::Num(if spec.amount || spec.unit.is_some() {
                (n * 100.0).round() / 100.0
            } else {
                n
            }))
        }
        FieldType::Boolean => match text.to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "n" | "0" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "`{text}` is not a yes/no value (true, false, yes, no, 1, 0)"
            )),
        },
        FieldType::Date if !spec.date_items.is_empty() => {
            parse_date_items(text, &spec.date_items, &spec.date_format).map(Value::Date)
        }
        FieldType::Date => parse_date(text, &spec.date_format).map(Value::Date),
        FieldType::Geojson => {
            let json: serde_json::Value =
                serde_json::from_str(text).map_err(|e| format!("not a GeoJSON geometry: {e}"))?;
            // Not the row's geometry field (the reader or `[geometry]` fills that, through
            // the geometry check): a ring left open is refused here.
            let read = super::read::geometry_from_json(&json)?;
            match read.open_rings.first() {
                Some(ring) => Err(super::geometry::Fault::Open(*ring).to_string()),
                None => Ok(Value::Geom(read.geometry)),
            }
        }
    }
}

/// Parses a number. With `amount`, accepts what finance exports contain: thousands
/// separators (`1,234,567.89`), accounting negatives (`(1,200.00)`), a leading or trailing
/// minus, a currency code or symbol (`KES 1,000`, `GH₵ 50`), and `-` alone for zero.
pub fn parse_number(text: &str, amount: bool) -> Result<f64, String> {
    if !amount {
        return text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| format!("`{text}` is not a number"));
    }
    let mut s = text.trim();
    if s == "-" || s == "–" {
        return Ok(0.0);
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.trim();
    }
    if let Some(rest) = s.strip_suffix('-') {
        negative = !negative;
        s = rest.trim();
    }
    let s = s
        .trim_start_matches(|c: char| {
            c.is_alphabetic() || "$₵€£¢.".contains(c) && !c.is_ascii_digit()
        })
        .trim();
    let (s, minus) = match s.strip_prefix('-') {
        Some(rest) => (rest.trim(), true),
        None => (s, false),
    };
    negative ^= minus;
    // Digits and one point, with group separators dropped, gathered on the stack (this
    // runs for every amount of every row).
    let mut digits = [0u8; 64];
    let mut len = 0;
    for c in s
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\''))
    {
        if !(c.is_ascii_digit() || c == '.') || len == digits.len() {
            return Err(format!("`{text}` is not an amount"));
        }
        digits[len] = c as u8;
        len += 1;
    }
    let cleaned = std::str::from_utf8(&digits[..len]).unwrap_or_default();
    let valid = !cleaned.is_empty() && cleaned.bytes().filter(|b| *b == b'.').count() <= 1;
    let n: f64 = if valid {
        cleaned
            .parse()
            .map_err(|_| format!("`{text}` is not an amount"))?
    } else {
        return Err(format!("`{text}` is not an amount"));
    };
    Ok(if negative { -n } else { n })
}

/// Parses a date with formats parsed in advance (the last is ISO), as [`parse_date`] does.
fn parse_date_items(
    text: &str,
    items: &[Vec<chrono::format::Item<'static>>],
    formats: &[String],
) -> Result<NaiveDate, String> {
    let text = text.trim();
    let iso = text.split([' ', 'T']).next().unwrap_or(text);
    for (i, format) in items.iter().enumerate() {
        let input = if i + 1 == items.len() { iso } else { text };
        // The common spellings, in full, are read digit by digit; chrono takes the rest.
        let fast = match formats.get(i).map(String::as_str) {
            Some("%d/%m/%Y") => fixed_date(input, b'/', [6, 3, 0]),
            Some("%Y-%m-%d") | None => fixed_date(input, b'-', [0, 5, 8]),
            Some(_) => None,
        };
        if let Some(date) = fast {
            return Ok(date);
        }
        let mut parsed = chrono::format::Parsed::new();
        if chrono::format::parse(&mut parsed, input, format.iter()).is_ok()
            && let Ok(date) = parsed.to_naive_date()
        {
            return Ok(date);
        }
    }
    parse_date(text, formats)
}

/// A date of exactly ten characters, `dd/mm/yyyy` or `yyyy-mm-dd`: `sep` between the
/// parts, and the year, month and day starting at the offsets given.
fn fixed_date(text: &str, sep: u8, [year, month, day]: [usize; 3]) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let separators = if year == 0 { [4, 7] } else { [2, 5] };
    if b.len() != 10 || separators.iter().any(|&i| b[i] != sep) {
        return None;
    }
    let number = |at: usize, len: usize| {
        b[at..at + len].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(number(year, 4)?).ok()?,
        number(month, 2)?,
        number(day, 2)?,
    )
}

/// Parses a date with each format in turn, then ISO 8601.
pub fn parse_date(text: &str, formats: &[String]) -> Result<NaiveDate, String> {
    let text = text.trim();
    // Workbook dates arrive as `2025-09-01` or `2025-09-01 00:00:00`.
    let iso = text.split([' ', 'T']).next().unwrap_or(text);
    formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .or_else(|| NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            let tried: Vec<&str> = formats
                .iter()
                .map(String::as_str)
                .chain(["%Y-%m-%d"])
                .collect();
            format!(
                "`{text}` is not a date in the format{} {}",
                if tried.len() > 1 { "s" } else { "" },
                tried.join(", ")
            )
        })
}

fn parse_yearmonth(text: &str) -> Result<String, String> {
    let candidates = [text.to_string(), format!("{text}-01")];
    for c in &candidates {
        if let Ok(d) = NaiveDate::parse_from_str(c, "%Y-%m-%d") {
            return Ok(d.format("%Y-%m").to_string());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("01 {text}"), "%d %b %Y")
        .or_else(|_| NaiveDate::parse_from_str(&format!("01 {text}"), "%d %B %Y"))
    {
        return Ok(d.format("%Y-%m").to_string());
    }
    Err(format!(
        "`{text}` is not a year and month such as 2025-09 or Sep 2025"
    ))
}

/// Builds a point from longitude and latitude text. Both empty is no geometry.
pub fn point(lon: &str, lat: &str) -> Result<Option<SourceGeometry>, String> {
    let (lon, lat) = (lon.trim(), lat.trim());
    if lon.is_empty() && lat.is_empty() {
        return Ok(None);
    }
    let x: f64 = lon
        .parse()
        .map_err(|_| format!("longitude `{lon}` is not a number"))?;
    let y: f64 = lat
        .parse()
        .map_err(|_| format!("latitude `{lat}` is not a number"))?;
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(format!(
            "({lon}, {lat}) is not a WGS84 longitude and latitude; are the columns swapped or projected?"
        ));
    }
    Ok(Some(geo::Geometry::Point(geo::Point::new(x, y)).into()))
}

/// Parses WKT text, noting the polygon rings it leaves open. Empty is no geometry.
pub fn wkt(text: &str) -> Result<Option<SourceGeometry>, String> {
    use geozero::ToGeo;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let wkt = geozero::wkt::Wkt(text);
    let geometry = wkt.to_geo().map_err(|e| format!("not valid WKT: {e}"))?;
    Ok(Some(SourceGeometry {
        geometry,
        open_rings: super::geometry::open_rings(&wkt),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_picks_the_piece_splitn_would() {
        let cells = [
            "2210101 - Electricity",
            "2110101 - Basic Salaries - Permanent",
            "no separator",
            "",
            " - ",
            "a - b - c - d",
            "a -- b",
            "ends with - ",
            "Ünïcode - ñame",
        ];
        for separator in [" - ", "-", "|", "--"] {
            for parts in 1..4 {
                for part in 0..5 {
                    let split = super::super::spec::Split {
                        separator: separator.into(),
                        part,
                        parts,
                    };
                    for cell in cells {
                        let expected = cell
                            .splitn(parts.max(1), separator)
                            .nth(part.saturating_sub(1))
                            .map_or("", str::trim);
                        assert_eq!(
                            split_piece(cell, &split),
                            expected,
                            "{cell:?} split on {separator:?}, piece {part} of {parts}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn white_space_folds_as_split_whitespace_would() {
        for cell in [
            "",
            " ",
            "a",
            " a ",
            "a  b",
            "a\tb",
            "a \x0bb",
            "\x0ba",
            "a\u{a0}b",
            " Ünï  côde ",
            "a b c",
            "a\r\n",
            "x\x01y",
            "  \t  ",
        ] {
            let expected = cell.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn amounts_parse_as_finance_exports_write_them() {
        for (text, n) in [
            ("1,234,567.89", 1_234_567.89),
            ("(1,200.00)", -1200.0),
            ("KES 1,000", 1000.0),
            ("-", 0.0),
            ("-250", -250.0),
            ("250-", -250.0),
            (" 12 500 ", 12500.0),
            ("45%", 45.0),
        ] {
            assert_eq!(parse_number(text, true), Ok(n), "{text}");
        }
        for bad in ["12,34.5.6", "abc", "1.2.3", "()"] {
            assert!(parse_number(bad, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_unit_multiplies_and_keeps_cents() {
        let spec = FieldSpec {
            amount: true,
            unit: Some(1000.0),
            ..FieldSpec::default()
        };
        assert_eq!(
            parse_value("1,234.567", FieldType::Number, &spec),
            Ok(Value::Num(1_234_567.0))
        );
    }

    #[test]
    fn dates_read_digit_by_digit_agree_with_chrono() {
        for text in [
            "05/09/2025",
            "31/12/1999",
            "29/02/2024",
            "29/02/2025",
            "5/9/2025",
            "05-09-2025",
            "aa/bb/cccc",
            "00/01/2025",
        ] {
            assert_eq!(
                fixed_date(text, b'/', [6, 3, 0]),
                NaiveDate::parse_from_str(text, "%d/%m/%Y")
                    .ok()
                    .filter(|_| text.len() == 10),
                "{text}"
            );
        }
        for text in ["2025-09-05", "2024-02-30", "2025-9-05", "20250905xx"] {
            assert_eq!(
                fixed_date(text, b'-', [0, 5, 8]),
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|_| text.len() == 10),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_try_each_format_then_iso() {
        let formats = vec!["%d/%m/%Y".to_string(), "%d-%b-%y".to_string()];
        assert_eq!(
            parse_date("05/09/2025", &formats).unwrap().to_string(),
            "2025-09-05"
        );
        assert_eq!(
            parse_date("5-Sep-25", &formats).unwrap().to_string(),
            "2025-09-05"
        );
        assert_eq!(
            parse_date("2025-09-05 00:00:00", &formats)
                .unwrap()
                .to_string(),
            "2025-09-05"
        );
        assert!(
            parse_date("31/02/2025", &formats)
                .unwrap_err()
                .contains("%d/%m/%Y")
        );
    }

    #[test]
    fn code_and_name_split_and_map_case_insensitively() {
        let mut spec = FieldSpec {
            trim: true,
            ..FieldSpec::default()
        };
        spec.split = Some(super::super::spec::Split {
            separator: " - ".into(),
            part: 1,
            parts: 2,
        });
        let mut scratch = String::new();
        assert_eq!(
            clean_text(" 2210101 - Electricity ", &spec, &mut scratch),
            "2210101"
        );
        spec.split = Some(super::super::spec::Split {
            separator: " - ".into(),
            part: 2,
            parts: 2,
        });
        assert_eq!(
            clean_text("2210101 -  Electricity", &spec, &mut scratch),
            "Electricity"
        );
        assert_eq!(
            clean_text("2110101 - Basic Salaries - Permanent", &spec, &mut scratch),
            "Basic Salaries - Permanent"
        );
        let spec = FieldSpec {
            trim: true,
            map: [("on-going".to_string(), "implementation".to_string())].into(),
            ..FieldSpec::default()
        };
        assert_eq!(
            clean_text("  ON-GOING ", &spec, &mut scratch),
            "implementation"
        );
        let spec = FieldSpec {
            trim: true,
            case: Some(Case::Upper),
            ..FieldSpec::default()
        };
        assert_eq!(
            clean_text("  pv-0012\t a ", &spec, &mut scratch),
            "PV-0012 A"
        );
        assert_eq!(clean_text("Ünïcode", &spec, &mut scratch), "ÜNÏCODE");
        let spec = FieldSpec {
            case: Some(Case::Title),
            ..FieldSpec::default()
        };
        assert_eq!(clean_text("ward one", &spec, &mut scratch), "Ward One");
    }

    #[test]
    fn yearmonths_accept_common_spellings() {
        assert_eq!(parse_yearmonth("2025-09"), Ok("2025-09".into()));
        assert_eq!(parse_yearmonth("Sep 2025"), Ok("2025-09".into()));
        assert_eq!(parse_yearmonth("September 2025"), Ok("2025-09".into()));
        assert!(parse_yearmonth("2025-13").is_err());
    }

    #[test]
    fn coordinates_outside_wgs84_are_refused() {
        assert!(point("37.2", "-1.5").unwrap().is_some());
        assert_eq!(point("", "").unwrap(), None);
        assert!(
            point("312000", "9850000")
                .unwrap_err()
                .contains("projected")
        );
    }
}
