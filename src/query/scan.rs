//! Reading a version's `data.parquet` for a query: a first pass over only the filter and
//! sort columns (row group by row group, on a few threads), then the rows it picked,
//! alone, with the shown columns.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering as Atomic};

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray, RecordBatch};
use arrow::buffer::BooleanBuffer;
use arrow::compute::concat;
use arrow::datatypes::{DataType, Date32Type, Field, Float64Type, Int64Type, Schema, SchemaRef};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection,
    RowSelector,
};
use parquet::file::metadata::PageIndexPolicy;

use super::filter::{self, Filter, epoch};
use super::{QueryError, Sort};

/// Rows decoded at a time in a pass.
pub(super) const BATCH_ROWS: usize = 64 * 1024;

/// A version's Parquet file with its footer read once; each reader opens the file anew
/// (a cloned handle would share its position with the others).
pub(super) struct Source {
    pub(super) path: PathBuf,
    meta: ArrowReaderMetadata,
}

impl Source {
    pub(super) fn open(path: &Path) -> Result<Self, QueryError> {
        let file = File::open(path).map_err(QueryError::read(path))?;
        // The offset index (where each page starts) lets a row selection skip the pages it
        // does not need without reading them.
        let options = ArrowReaderOptions::new().with_offset_index_policy(PageIndexPolicy::Optional);
        let meta = ArrowReaderMetadata::load(&file, options).map_err(QueryError::read(path))?;
        Ok(Self {
            path: path.to_path_buf(),
            meta,
        })
    }

    pub(super) fn schema(&self) -> &SchemaRef {
        self.meta.schema()
    }

    pub(super) fn builder(&self) -> Result<ParquetRecordBatchReaderBuilder<File>, QueryError> {
        self.builder_with(&self.meta)
    }

    fn builder_with(
        &self,
        meta: &ArrowReaderMetadata,
    ) -> Result<ParquetRecordBatchReaderBuilder<File>, QueryError> {
        let file = File::open(&self.path).map_err(QueryError::read(&self.path))?;
        Ok(ParquetRecordBatchReaderBuilder::new_with_metadata(
            file,
            meta.clone(),
        ))
    }

    /// The file read with the text columns only filters use as Arrow dictionaries, when
    /// Parquet stores them so (a dictionary page in every row group): a filter then looks
    /// at each distinct value once, and the rows are decoded as keys alone.
    fn pass_meta(
        &self,
        filters: &[Filter],
        sort: Option<&Sort>,
    ) -> Result<ArrowReaderMetadata, QueryError> {
        let groups = self.meta.metadata().row_groups();
        let mut changed = false;
        let fields: Vec<Field> = self
            .schema()
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let dictionary = f.data_type() == &DataType::Utf8
                    && filters.iter().any(|x| &x.field == f.name())
                    && sort.is_none_or(|s| &s.field != f.name())
                    && groups
                        .iter()
                        .all(|g| g.column(i).dictionary_page_offset().is_some());
                if dictionary {
                    changed = true;
                    Field::new(
                        f.name(),
                        DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                        f.is_nullable(),
                    )
                } else {
                    f.as_ref().clone()
                }
            })
            .collect();
        if !changed {
            return Ok(self.meta.clone());
        }
        ArrowReaderMetadata::try_new(
            self.meta.metadata().clone(),
            ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(fields))),
        )
        .map_err(QueryError::read(&self.path))
    }

    /// Only these columns (indices into [`Source::schema`]).
    pub(super) fn mask(&self, columns: &[usize]) -> ProjectionMask {
        ProjectionMask::roots(self.meta.parquet_schema(), columns.iter().copied())
    }

    /// The index of column `name`, checked to be of type `wants` when given.
    pub(super) fn column(&self, name: &str, wants: Option<&DataType>) -> Result<usize, QueryError> {
        let (i, field) =
            self.schema()
                .column_with_name(name)
                .ok_or_else(|| QueryError::MissingColumn {
                    path: self.path.clone(),
                    field: name.to_string(),
                })?;
        match wants {
            Some(t) if field.data_type() != t => Err(QueryError::ColumnType {
                path: self.path.clone(),
                field: name.to_string(),
                found: field.data_type().to_string(),
            }),
            _ => Ok(i),
        }
    }

    /// The columns the filters and the sort read, checked against their types; sorted.
    pub(super) fn pass_columns(
        &self,
        filters: &[Filter],
        sort: Option<&Sort>,
    ) -> Result<Vec<usize>, QueryError> {
        let mut columns = filters
            .iter()
            .map(|f| self.column(&f.field, Some(&f.data_type())))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(s) = sort {
            let i = self.column(&s.field, None)?;
            let t = self.schema().field(i).data_type();
            if !sortable(t) {
                return Err(QueryError::ColumnType {
                    path: self.path.clone(),
                    field: s.field.clone(),
                    found: t.to_string(),
                });
            }
            columns.push(i);
        }
        columns.sort_unstable();
        columns.dedup();
        Ok(columns)
    }

    /// The first pass of a query: which rows match the filters, and (with a sort) the sort
    /// column's values of those rows, in stored order. Reads only those columns, row group
    /// by row group on a few threads.
    pub(super) fn pass(&self, filters: &[Filter], sort: Option<&Sort>) -> Result<Pass, QueryError> {
        let mask = self.mask(&self.pass_columns(filters, sort)?);
        let meta = self.pass_meta(filters, sort)?;
        let first = self.group_starts();
        let per_group = parallel(first.len(), |g| {
            let reader = self
                .builder_with(&meta)?
                .with_row_groups(vec![g])
                .with_projection(mask.clone())
                .with_batch_size(BATCH_ROWS)
                .build()
                .map_err(QueryError::read(&self.path))?;
            let mut parts = Vec::new();
            let mut at = first[g];
            for batch in reader {
                let batch = batch.map_err(QueryError::read(&self.path))?;
                let rows = batch.num_rows();
                let matched = if filters.is_empty() {
                    None
                } else {
                    Some(filter::matches(filters, &batch).map_err(QueryError::read(&self.path))?)
                };
                let values = match sort {
                    None => None,
                    Some(s) => {
                        let column = batch.column_by_name(&s.field).expect("read for the sort");
                        Some(match &matched {
                            Some(m) => {
                                arrow::compute::filter(column, &BooleanArray::new(m.clone(), None))
                                    .map_err(QueryError::read(&self.path))?
                            }
                            None => column.clone(),
                        })
                    }
                };
                parts.push(Part {
                    group: g,
                    first: at,
                    rows,
                    count: matched.as_ref().map_or(rows, |m| m.count_set_bits()) as u64,
                    matched,
                    values,
                });
                at += rows as u64;
            }
            Ok(parts)
        })?;
        let parts: Vec<Part> = per_group.into_iter().flatten().collect();
        let values = match sort {
            None => None,
            Some(s) => {
                let arrays: Vec<&dyn Array> =
                    parts.iter().filter_map(|p| p.values.as_deref()).collect();
                Some(if arrays.is_empty() {
                    arrow::array::new_empty_array(
                        self.schema()
                            .field(self.column(&s.field, None)?)
                            .data_type(),
                    )
                } else {
                    concat(&arrays).map_err(QueryError::read(&self.path))?
                })
            }
        };
        Ok(Pass {
            total: parts.iter().map(|p| p.count).sum(),
            parts: parts
                .into_iter()
                .map(|p| Part { values: None, ..p })
                .collect(),
            values,
        })
    }

    /// The first row of each row group.
    fn group_starts(&self) -> Vec<u64> {
        let mut at = 0u64;
        self.meta
            .metadata()
            .row_groups()
            .iter()
            .map(|g| {
                let first = at;
                at += g.num_rows().max(0) as u64;
                first
            })
            .collect()
    }

    /// Every row group, each whole.
    pub(super) fn every_group(&self) -> Vec<Selected> {
        (0..self.meta.metadata().num_row_groups())
            .map(|g| (g, None))
            .collect()
    }

    /// The row groups holding these positions (ascending, no repeats), each with a
    /// selection of exactly them.
    pub(super) fn selection(&self, wanted: &[u64]) -> Vec<Selected> {
        let mut out = Vec::new();
        let mut next = 0;
        for (g, first) in self.group_starts().into_iter().enumerate() {
            let end = first + self.meta.metadata().row_group(g).num_rows().max(0) as u64;
            let mut selectors = Vec::new();
            let mut at = first;
            while next < wanted.len() && wanted[next] < end {
                let run = wanted[next..]
                    .iter()
                    .zip(wanted[next]..end)
                    .take_while(|(w, p)| *w == p)
                    .count();
                if wanted[next] > at {
                    selectors.push(RowSelector::skip((wanted[next] - at) as usize));
                }
                selectors.push(RowSelector::select(run));
                at = wanted[next] + run as u64;
                next += run;
            }
            if !selectors.is_empty() {
                if end > at {
                    selectors.push(RowSelector::skip((end - at) as usize));
                }
                out.push((g, Some(RowSelection::from(selectors))));
            }
        }
        out
    }

    /// Reads `columns` of the selected rows of these row groups, a few groups at a time on
    /// as many threads, handing each group's batches to `take` in the order given; memory
    /// holds at most those few groups' rows.
    pub(super) fn read(
        &self,
        selected: &[Selected],
        columns: &[usize],
        mut take: impl FnMut(RecordBatch) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        let mask = self.mask(columns);
        for window in selected.chunks(2 * threads(selected.len())) {
            let read = parallel(window.len(), |i| {
                let (g, selection) = &window[i];
                let mut builder = self
                    .builder()?
                    .with_row_groups(vec![*g])
                    .with_projection(mask.clone());
                builder = match selection {
                    Some(s) => builder
                        .with_batch_size(s.row_count().clamp(1, BATCH_ROWS))
                        .with_row_selection(s.clone()),
                    None => builder.with_batch_size(BATCH_ROWS),
                };
                builder
                    .build()
                    .map_err(QueryError::read(&self.path))?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(QueryError::read(&self.path))
            })?;
            for batch in read.into_iter().flatten() {
                take(batch)?;
            }
        }
        Ok(())
    }
}

/// A row group and which of its rows to read (`None`: all).
pub(super) type Selected = (usize, Option<RowSelection>);

/// Threads for `jobs` jobs: one per core, at most one per job.
fn threads(jobs: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs)
        .max(1)
}

/// `each` of the jobs `0..jobs`, on a few threads; the answers in job order. The first
/// failure stops the others.
fn parallel<T: Send>(
    jobs: usize,
    each: impl Fn(usize) -> Result<T, QueryError> + Sync,
) -> Result<Vec<T>, QueryError> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let job = next.fetch_add(1, Atomic::Relaxed);
            if job >= jobs {
                break;
            }
            let answer = each(job);
            let failed = answer.is_err();
            done.push((job, answer));
            if failed {
                next.store(jobs, Atomic::Relaxed);
                break;
            }
        }
        done
    };
    let threads = threads(jobs);
    let mut done: Vec<(usize, Result<T, QueryError>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    done.sort_unstable_by_key(|(job, _)| *job);
    done.into_iter().map(|(_, answer)| answer).collect()
}

/// Column types a sort can order.
fn sortable(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8 | DataType::Int64 | DataType::Float64 | DataType::Boolean | DataType::Date32
    )
}

/// A batch of a pass: where it starts in the file, which of its rows matched (`None`:
/// all), and their sort values.
struct Part {
    group: usize,
    first: u64,
    rows: usize,
    count: u64,
    matched: Option<BooleanBuffer>,
    values: Option<ArrayRef>,
}

/// What a first pass found.
pub(super) struct Pass {
    parts: Vec<Part>,
    /// Rows matching the filters.
    pub(super) total: u64,
    /// With a sort, the sort column's value of each matching row, in stored order.
    pub(super) values: Option<ArrayRef>,
}

impl Pass {
    /// Each row group holding matching rows, with a selection of them.
    pub(super) fn selections(&self) -> Vec<Selected> {
        let mut out: Vec<Selected> = Vec::new();
        for group in self.parts.chunk_by(|a, b| a.group == b.group) {
            if group.iter().all(|p| p.count == 0) {
                continue;
            }
            let selection = if group.iter().all(|p| p.matched.is_none()) {
                None
            } else {
                let masks: Vec<BooleanArray> = group
                    .iter()
                    .map(|p| {
                        let bits = p.matched.clone();
                        BooleanArray::new(
                            bits.unwrap_or_else(|| BooleanBuffer::new_set(p.rows)),
                            None,
                        )
                    })
                    .collect();
                Some(RowSelection::from_filters(&masks))
            };
            out.push((group[0].group, selection));
        }
        out
    }

    /// The positions in the file of the matching rows of these ranks (0: the first
    /// matching row in stored order), in the order given. Every rank is below `total`.
    pub(super) fn positions(&self, ranks: &[u64]) -> Vec<u64> {
        let mut by_rank: Vec<usize> = (0..ranks.len()).collect();
        by_rank.sort_unstable_by_key(|&i| ranks[i]);
        let mut out = vec![0; ranks.len()];
        let mut next = by_rank.iter().peekable();
        let mut before = 0u64;
        for part in &self.parts {
            let end = before + part.count;
            match &part.matched {
                None => {
                    while let Some(&&i) = next.peek().filter(|&&&i| ranks[i] < end) {
                        out[i] = part.first + (ranks[i] - before);
                        next.next();
                    }
                }
                Some(m) => {
                    let mut set = m.set_indices().enumerate();
                    while let Some(&&i) = next.peek().filter(|&&&i| ranks[i] < end) {
                        let want = (ranks[i] - before) as usize;
                        let (_, row) = set
                            .by_ref()
                            .find(|(rank, _)| *rank == want)
                            .expect("a rank below the part's count");
                        out[i] = part.first + row as u64;
                        next.next();
                    }
                }
            }
            before = end;
            if next.peek().is_none() {
                break;
            }
        }
        out
    }
}

/// The order of `values` (indices into it), nulls last, ties in stored order; only the
/// first `limit`.
pub(super) fn order(values: &ArrayRef, descending: bool, limit: usize) -> Vec<usize> {
    let n = values.len();
    let limit = limit.min(n);
    let (mut valid, nulls): (Vec<usize>, Vec<usize>) = match values.nulls() {
        Some(nulls) if nulls.null_count() > 0 => (0..n).partition(|&i| nulls.is_valid(i)),
        _ => ((0..n).collect(), Vec::new()),
    };
    // Fixed-width values: sorted as (key, index) pairs, whose keys order as the values do.
    let keyed = |key: &dyn Fn(usize) -> u64| -> Vec<usize> {
        let flip = if descending { u64::MAX } else { 0 };
        let mut pairs: Vec<(u64, usize)> = valid.iter().map(|&i| (key(i) ^ flip, i)).collect();
        if limit < pairs.len() {
            pairs.select_nth_unstable(limit);
            pairs.truncate(limit);
        }
        pairs.sort_unstable();
        pairs.into_iter().map(|(_, i)| i).collect()
    };
    const SIGN: u64 = 1 << 63;
    let mut picked = match values.data_type() {
        DataType::Int64 => {
            let v = values.as_primitive::<Int64Type>().values();
            keyed(&|i| v[i] as u64 ^ SIGN)
        }
        DataType::Date32 => {
            let v = values.as_primitive::<Date32Type>().values();
            keyed(&|i| i64::from(v[i]) as u64 ^ SIGN)
        }
        DataType::Float64 => {
            let v = values.as_primitive::<Float64Type>().values();
            // IEEE 754 total order as an unsigned key.
            keyed(&|i| {
                let bits = v[i].to_bits();
                if bits & SIGN != 0 { !bits } else { bits | SIGN }
            })
        }
        DataType::Boolean => {
            let v = values.as_boolean();
            keyed(&|i| u64::from(v.value(i)))
        }
        _ => {
            let v = values.as_string::<i32>();
            let cmp = |a: &usize, b: &usize| {
                let o = v.value(*a).cmp(v.value(*b));
                (if descending { o.reverse() } else { o }).then(a.cmp(b))
            };
            if limit < valid.len() {
                valid.select_nth_unstable_by(limit, cmp);
                valid.truncate(limit);
            }
            valid.sort_unstable_by(cmp);
            valid
        }
    };
    let room = limit.saturating_sub(picked.len());
    picked.extend(nulls.into_iter().take(room));
    picked
}

/// The shown columns (those of the schema a preview shows, in file order) and the rows at
/// the given positions of the file (in any order; answered in that order), read with the
/// Parquet reader alone: only the row groups holding them are opened, only the rows asked
/// for and the shown columns are decoded. A page in stored order, or the rows a sort
/// picked, cost a few pages of each column.
pub(super) fn rows_at(
    source: &Source,
    shown: &[usize],
    positions: &[u64],
) -> Result<Vec<Vec<serde_json::Value>>, QueryError> {
    let mut wanted: Vec<u64> = positions.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = Vec::with_capacity(wanted.len());
    source.read(&source.selection(&wanted), shown, |batch| {
        for i in 0..batch.num_rows() {
            found.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| json(c, i))
                    .collect::<Vec<_>>(),
            );
        }
        Ok(())
    })?;
    // Back in the order asked for.
    Ok(positions
        .iter()
        .filter_map(|p| {
            wanted
                .binary_search(p)
                .ok()
                .and_then(|i| found.get(i).cloned())
        })
        .collect())
}

/// A cell as JSON: numbers as numbers, dates as `YYYY-MM-DD`, empty as null.
fn json(column: &ArrayRef, i: usize) -> serde_json::Value {
    use serde_json::Value as J;
    if column.is_null(i) {
        return J::Null;
    }
    match column.data_type() {
        DataType::Utf8 => J::String(column.as_string::<i32>().value(i).to_string()),
        DataType::Int64 => J::from(column.as_primitive::<Int64Type>().value(i)),
        DataType::Float64 => J::from(column.as_primitive::<Float64Type>().value(i)),
        DataType::Boolean => J::Bool(column.as_boolean().value(i)),
        DataType::Date32 => epoch()
            .checked_add_signed(chrono::TimeDelta::days(i64::from(
                column.as_primitive::<Date32Type>().value(i),
            )))
            .map_or(J::Null, |d| J::String(d.to_string())),
        _ => J::Null,
    }
}
