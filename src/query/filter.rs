//! Column filters: parsed from what the reader typed, checked against the file's column
//! types, and evaluated on Arrow batches with the compute kernels.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Date32Array, Float64Array, Int64Array, Scalar,
    StringArray,
};
use arrow::buffer::BooleanBuffer;
use arrow::compute::and;
use arrow::compute::kernels::cmp::{eq, gt, gt_eq, lt, lt_eq};
use arrow::datatypes::{DataType, Int32Type};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;

use super::QueryError;
use crate::protocol::{Field, FieldType};

#[derive(Debug, Clone)]
enum Literal {
    Text(String),
    Integer(i64),
    Number(f64),
    Date(NaiveDate),
    Boolean(bool),
}

/// Days from 1970-01-01, as Arrow's `Date32` counts them.
pub(super) fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")
}

impl Literal {
    fn parse(field: &Field, text: &str) -> Result<Self, QueryError> {
        let text = text.trim();
        let bad = |expected: &'static str| QueryError::BadFilter {
            field: field.name.clone(),
            value: text.to_string(),
            expected,
        };
        Ok(match field.kind {
            FieldType::Integer => Self::Integer(
                text.replace(',', "")
                    .parse()
                    .map_err(|_| bad("a whole number such as 5000"))?,
            ),
            FieldType::Number => Self::Number(
                text.replace(',', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad("a number such as 1250.50"))?,
            ),
            FieldType::Date => Self::Date(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| bad("a date such as 2025-09-30"))?,
            ),
            FieldType::Boolean => Self::Boolean(match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => return Err(bad("true or false")),
            }),
            FieldType::String | FieldType::Yearmonth | FieldType::Geojson => {
                Self::Text(text.to_string())
            }
        })
    }

    /// The Arrow type of a column this literal compares with.
    fn data_type(&self) -> DataType {
        match self {
            Self::Text(_) => DataType::Utf8,
            Self::Integer(_) => DataType::Int64,
            Self::Number(_) => DataType::Float64,
            Self::Date(_) => DataType::Date32,
            Self::Boolean(_) => DataType::Boolean,
        }
    }

    fn scalar(&self) -> Scalar<ArrayRef> {
        let one: ArrayRef = match self {
            Self::Text(s) => Arc::new(StringArray::from(vec![s.as_str()])),
            Self::Integer(i) => Arc::new(Int64Array::from(vec![*i])),
            Self::Number(x) => Arc::new(Float64Array::from(vec![*x])),
            Self::Date(d) => Arc::new(Date32Array::from(vec![(*d - epoch()).num_days() as i32])),
            Self::Boolean(b) => Arc::new(BooleanArray::from(vec![*b])),
        };
        Scalar::new(one)
    }
}

#[derive(Debug, Clone)]
enum Op {
    /// Text containing this (already lower-case), in any case.
    Contains(String),
    Eq(Literal),
    Gt(Literal),
    GtEq(Literal),
    Lt(Literal),
    LtEq(Literal),
    Between(Literal, Literal),
}

/// One column's filter.
#[derive(Debug, Clone)]
pub(super) struct Filter {
    pub(super) field: String,
    op: Op,
}

impl Filter {
    pub(super) fn parse(field: &Field, text: &str) -> Result<Self, QueryError> {
        let text = text.trim();
        let textual = matches!(field.kind, FieldType::String | FieldType::Yearmonth);
        let op = if let Some(exact) = text.strip_prefix('=') {
            Op::Eq(Literal::parse(field, exact)?)
        } else if textual {
            Op::Contains(text.to_lowercase())
        } else if let Some(rest) = text.strip_prefix(">=") {
            Op::GtEq(Literal::parse(field, rest)?)
        } else if let Some(rest) = text.strip_prefix("<=") {
            Op::LtEq(Literal::parse(field, rest)?)
        } else if let Some(rest) = text.strip_prefix('>') {
            Op::Gt(Literal::parse(field, rest)?)
        } else if let Some(rest) = text.strip_prefix('<') {
            Op::Lt(Literal::parse(field, rest)?)
        } else if let Some((lo, hi)) = text.split_once("..") {
            Op::Between(Literal::parse(field, lo)?, Literal::parse(field, hi)?)
        } else {
            Op::Eq(Literal::parse(field, text)?)
        };
        Ok(Self {
            field: field.name.clone(),
            op,
        })
    }

    /// The Arrow type the filtered column must have.
    pub(super) fn data_type(&self) -> DataType {
        match &self.op {
            Op::Contains(_) => DataType::Utf8,
            Op::Eq(v) | Op::Gt(v) | Op::GtEq(v) | Op::Lt(v) | Op::LtEq(v) | Op::Between(v, _) => {
                v.data_type()
            }
        }
    }

    /// Which rows of `column` pass; a null is no match (null or false).
    fn eval(&self, column: &ArrayRef) -> Result<BooleanArray, ArrowError> {
        match &self.op {
            Op::Contains(word) => {
                let not_text = || {
                    ArrowError::InvalidArgumentError(format!(
                        "`{}` is {}, not text",
                        self.field,
                        column.data_type()
                    ))
                };
                // Text read as a dictionary (as Parquet stores it): each distinct value
                // is looked at once.
                if let Some(dictionary) = column.as_dictionary_opt::<Int32Type>() {
                    let values = dictionary
                        .values()
                        .as_string_opt::<i32>()
                        .ok_or_else(not_text)?;
                    let hits = contains_any_case(values, word);
                    let hit = |k: i32| {
                        usize::try_from(k)
                            .ok()
                            .filter(|&k| k < hits.len())
                            .is_some_and(|k| hits.is_valid(k) && hits.value(k))
                    };
                    let keys = dictionary.keys();
                    let bits = BooleanBuffer::collect_bool(keys.len(), |i| hit(keys.values()[i]));
                    return Ok(BooleanArray::new(bits, keys.nulls().cloned()));
                }
                let strings = column.as_string_opt::<i32>().ok_or_else(not_text)?;
                Ok(contains_any_case(strings, word))
            }
            Op::Eq(v) => eq(column, &v.scalar()),
            Op::Gt(v) => gt(column, &v.scalar()),
            Op::GtEq(v) => gt_eq(column, &v.scalar()),
            Op::Lt(v) => lt(column, &v.scalar()),
            Op::LtEq(v) => lt_eq(column, &v.scalar()),
            Op::Between(lo, hi) => {
                and(&gt_eq(column, &lo.scalar())?, &lt_eq(column, &hi.scalar())?)
            }
        }
    }
}

/// The rows of `batch` that pass every filter (ANDed), as bits with no nulls. The batch
/// holds (at least) the filtered columns, found by name.
pub(super) fn matches(
    filters: &[Filter],
    batch: &RecordBatch,
) -> Result<BooleanBuffer, ArrowError> {
    let mut all: Option<BooleanBuffer> = None;
    for f in filters {
        let column = batch
            .column_by_name(&f.field)
            .ok_or_else(|| ArrowError::SchemaError(format!("no column `{}` was read", f.field)))?;
        let passed = f.eval(column)?;
        let bits = match passed.nulls() {
            Some(nulls) => passed.values() & nulls.inner(),
            None => passed.values().clone(),
        };
        all = Some(match all {
            Some(before) => &before & &bits,
            None => bits,
        });
    }
    Ok(all.unwrap_or_else(|| BooleanBuffer::new_set(batch.num_rows())))
}

/// Whether each text holds `word` (lower-case) once lower-cased: Unicode lower case, as
/// `str::to_lowercase`. Nulls stay null.
fn contains_any_case(strings: &StringArray, word: &str) -> BooleanArray {
    let n = strings.len();
    let offsets = strings.value_offsets();
    let (start, end) = (offsets[0] as usize, offsets[n] as usize);
    let data = &strings.value_data()[start..end];
    let bits = if word.is_ascii() && data.is_ascii() {
        // All ASCII (the common case): the column's bytes lower-cased at once and searched
        // as one text; a match counts when it lies within one value.
        let text = data.to_ascii_lowercase();
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let mut hit = vec![false; n];
        let (mut at, mut row) = (0usize, 0usize);
        while let Some(found) = finder.find(&text[at..]) {
            let found = at + found;
            // The value holding the match's first byte.
            while (offsets[row + 1] as usize - start) <= found {
                row += 1;
            }
            let value_end = offsets[row + 1] as usize - start;
            if found + word.len() <= value_end {
                hit[row] = true;
            }
            // On from the next value: one match is enough, and a match running over the
            // end of a value may hide one wholly in the next.
            at = value_end;
            if at >= text.len() {
                break;
            }
        }
        BooleanBuffer::from(hit)
    } else {
        let mut lower = String::new();
        BooleanBuffer::collect_bool(n, |i| {
            let value = strings.value(i);
            if value.is_ascii() {
                lower.clear();
                lower.push_str(value);
                lower.make_ascii_lowercase();
                lower.contains(word)
            } else {
                value.to_lowercase().contains(word)
            }
        })
    };
    BooleanArray::new(bits, strings.nulls().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: FieldType) -> Field {
        serde_json::from_value(serde_json::json!({"name": name, "type": kind})).unwrap()
    }

    fn passes(filter: &str, kind: FieldType, column: ArrayRef) -> Vec<bool> {
        let f = Filter::parse(&field("c", kind), filter).unwrap();
        let batch = RecordBatch::try_from_iter([("c", column)]).unwrap();
        let bits = matches(&[f], &batch).unwrap();
        bits.iter().collect()
    }

    #[test]
    fn a_word_matches_text_holding_it_in_any_case_and_only_within_one_value() {
        let column: ArrayRef = Arc::new(StringArray::from(vec![
            Some("Nairobi WATER Co"),
            None,
            Some("xa"),
            Some("aab"),
            Some("Wa"),
            Some("ter"),
            Some(""),
        ]));
        assert_eq!(
            passes("water", FieldType::String, column.clone()),
            [true, false, false, false, false, false, false]
        );
        // "xa" + "aab": the first "aa" runs across two values, the second lies in one.
        assert_eq!(
            passes("AA", FieldType::String, column),
            [false, false, false, true, false, false, false]
        );
    }

    #[test]
    fn a_word_matches_non_ascii_text_by_its_unicode_lower_case() {
        let column: ArrayRef = Arc::new(StringArray::from(vec![
            "ÉCOLE Primaire",
            "école",
            "ecole",
            "ΟΔΟΣ",
        ]));
        assert_eq!(
            passes("école", FieldType::String, column.clone()),
            [true, true, false, false]
        );
        assert_eq!(
            passes("Οδός", FieldType::String, column.clone()),
            [false, false, false, false],
            "accents differ"
        );
        assert_eq!(
            passes("ΟΔΟΣ", FieldType::String, column),
            [false, false, false, true]
        );
    }

    #[test]
    fn numbers_take_comparisons_and_inclusive_ranges_and_nulls_never_pass() {
        let column: ArrayRef = Arc::new(Float64Array::from(vec![
            Some(10.0),
            Some(5000.0),
            None,
            Some(7500.5),
        ]));
        let cases = [
            ("5000", [false, true, false, false]),
            ("=5,000", [false, true, false, false]),
            (">5000", [false, false, false, true]),
            (">=5000", [false, true, false, true]),
            ("<5000", [true, false, false, false]),
            ("<=5000", [true, true, false, false]),
            ("10..5000", [true, true, false, false]),
        ];
        for (filter, want) in cases {
            assert_eq!(
                passes(filter, FieldType::Number, column.clone()),
                want,
                "{filter}"
            );
        }
    }

    #[test]
    fn a_filter_says_which_type_it_needs() {
        let f = Filter::parse(&field("n", FieldType::Integer), ">3").unwrap();
        assert_eq!(f.data_type(), DataType::Int64);
        let f = Filter::parse(&field("d", FieldType::Date), "2025-01-01..2025-02-01").unwrap();
        assert_eq!(f.data_type(), DataType::Date32);
        let e = Filter::parse(&field("d", FieldType::Date), ">2025-13-01").unwrap_err();
        assert!(e.to_string().contains("is not a date"), "{e}");
        assert!(e.is_client_error());
    }
}
