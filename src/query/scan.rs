//! Reading a version's `data.parquet` for a query: a first pass over only the filter and
//! sort columns (row group by row group, on a few threads), then the rows it picked,
//! alone, with the shown columns.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as Atomic};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, BooleanBufferBuilder, RecordBatch, RecordBatchReader,
    UInt32Array,
};
use arrow::buffer::BooleanBuffer;
use arrow::compute::{concat, concat_batches, filter_record_batch};
use arrow::datatypes::{DataType, Date32Type, Field, Float64Type, Int64Type, Schema, SchemaRef};
use arrow::error::ArrowError;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowPredicate, ArrowPredicateFn, ArrowReaderMetadata, ArrowReaderOptions,
    ParquetRecordBatchReaderBuilder, RowFilter, RowSelection, RowSelector,
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

    /// A reader of the file as `meta` describes it (this file's, perhaps with other types).
    fn builder(
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

    /// The first pass of a query: which rows match the filters, and with a sort, the
    /// positions of the first `limit` of them in its order. Reads only those columns, row
    /// group by row group on a few threads; each batch keeps its own first `limit` rows in
    /// the sort's order, and those few are ordered at the end.
    pub(super) fn pass(
        &self,
        filters: &[Filter],
        sort: Option<&Sort>,
        limit: usize,
    ) -> Result<Pass, QueryError> {
        let mask = self.mask(&self.pass_columns(filters, sort)?);
        let meta = self.pass_meta(filters, sort)?;
        let first = self.group_starts();
        let fail = |e: ArrowError| QueryError::read(&self.path)(e);
        let sort_column = match sort {
            Some(s) => Some(self.column(&s.field, None)?),
            None => None,
        };
        let filter_columns = self.pass_columns(filters, None)?;
        let per_group = parallel(first.len(), |g| {
            let builder = self
                .builder(&meta)?
                .with_row_groups(vec![g])
                .with_batch_size(BATCH_ROWS);
            // Each unit: its rows, which matched (`None`: all), the sort values of those.
            let mut units: Vec<(usize, Option<BooleanBuffer>, Option<ArrayRef>)> = Vec::new();
            match sort_column {
                // Filtered and sorted: the reader decodes the sort column of the matching
                // rows only; the filters' verdicts are kept as they are made.
                Some(column) if !filters.is_empty() => {
                    let verdicts = Arc::new(Mutex::new(Vec::new()));
                    let (kept, filters) = (verdicts.clone(), filters.to_vec());
                    let predicate: Box<dyn ArrowPredicate> = Box::new(ArrowPredicateFn::new(
                        self.mask(&filter_columns),
                        move |batch| {
                            let m = filter::matches(&filters, &batch)?;
                            kept.lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .push(m.clone());
                            Ok(BooleanArray::new(m, None))
                        },
                    ));
                    let batches = builder
                        .with_projection(self.mask(&[column]))
                        .with_row_filter(RowFilter::new(vec![predicate]))
                        .build()
                        .map_err(QueryError::read(&self.path))?
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(fail)?;
                    let verdicts = std::mem::take(
                        &mut *verdicts.lock().unwrap_or_else(PoisonError::into_inner),
                    );
                    let mut matched = BooleanBufferBuilder::new(BATCH_ROWS);
                    verdicts.iter().for_each(|m| matched.append_buffer(m));
                    let matched = matched.finish();
                    let columns: Vec<&dyn Array> =
                        batches.iter().map(|b| b.column(0).as_ref()).collect();
                    let values = if columns.is_empty() {
                        arrow::array::new_empty_array(self.schema().field(column).data_type())
                    } else {
                        concat(&columns).map_err(fail)?
                    };
                    units.push((matched.len(), Some(matched), Some(values)));
                }
                _ => {
                    let reader = builder
                        .with_projection(mask.clone())
                        .build()
                        .map_err(QueryError::read(&self.path))?;
                    for batch in reader {
                        let batch = batch.map_err(fail)?;
                        let matched = match filters.is_empty() {
                            true => None,
                            false => Some(filter::matches(filters, &batch).map_err(fail)?),
                        };
                        let values = match sort_column {
                            None => None,
                            Some(c) => Some(match &matched {
                                Some(m) => arrow::compute::filter(
                                    batch
                                        .column_by_name(self.schema().field(c).name())
                                        .expect("read for the sort"),
                                    &BooleanArray::new(m.clone(), None),
                                )
                                .map_err(fail)?,
                                None => batch
                                    .column_by_name(self.schema().field(c).name())
                                    .expect("read for the sort")
                                    .clone(),
                            }),
                        };
                        units.push((batch.num_rows(), matched, values));
                    }
                }
            }
            let mut parts = Vec::new();
            let mut at = first[g];
            for (rows, matched, values) in units {
                let picked = match (sort, values) {
                    (Some(s), Some(values)) => {
                        let best = order(&values, s.descending, limit);
                        let positions: Vec<u64> = match &matched {
                            None => best.iter().map(|&i| at + i as u64).collect(),
                            Some(m) => {
                                let rows: Vec<usize> = m.set_indices().collect();
                                best.iter().map(|&i| at + rows[i] as u64).collect()
                            }
                        };
                        let best = UInt32Array::from_iter_values(best.iter().map(|&i| i as u32));
                        Some((
                            arrow::compute::take(&values, &best, None).map_err(fail)?,
                            positions,
                        ))
                    }
                    _ => None,
                };
                parts.push(Part {
                    first: at,
                    count: matched.as_ref().map_or(rows, |m| m.count_set_bits()) as u64,
                    matched,
                    picked,
                });
                at += rows as u64;
            }
            Ok(parts)
        })?;
        let mut parts: Vec<Part> = per_group.into_iter().flatten().collect();
        // Each batch's best, in stored order of their batches: ties stay in stored order.
        let sorted = match sort {
            None => None,
            Some(s) => {
                let (mut arrays, mut positions) = (Vec::new(), Vec::new());
                for (values, at) in parts.iter_mut().filter_map(|p| p.picked.take()) {
                    arrays.push(values);
                    positions.extend(at);
                }
                let arrays: Vec<&dyn Array> = arrays.iter().map(|a| a.as_ref()).collect();
                if arrays.is_empty() {
                    Some(Vec::new())
                } else {
                    let values = concat(&arrays).map_err(QueryError::read(&self.path))?;
                    Some(
                        order(&values, s.descending, limit)
                            .into_iter()
                            .map(|i| positions[i])
                            .collect(),
                    )
                }
            }
        };
        Ok(Pass {
            total: parts.iter().map(|p| p.count).sum(),
            parts,
            sorted,
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

    /// Reads `columns` of the selected rows of these row groups that pass `filters`, row
    /// group by row group on a few threads, each group's rows turned by `render` on its
    /// thread and handed to `take` in the order given. A few groups are read ahead of
    /// `take`, no more, so memory holds only their rows. With filters, a group's filter
    /// columns are read first (text as dictionaries), then the other columns of its
    /// passing rows only; a group with none is not read further.
    pub(super) fn read<T: Send>(
        &self,
        selected: &[Selected],
        columns: &[usize],
        filters: &[Filter],
        render: impl Fn(RecordBatch) -> Result<T, QueryError> + Sync,
        mut take: impl FnMut(T) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        let fail = |e: ArrowError| QueryError::read(&self.path)(e);
        let filter_columns = self.pass_columns(filters, None)?;
        let rest: Vec<usize> = columns
            .iter()
            .copied()
            .filter(|c| !filter_columns.contains(c))
            .collect();
        let meta = self.pass_meta(filters, None)?;
        let plain = Arc::new(
            self.schema()
                .project(columns)
                .map_err(QueryError::read(&self.path))?,
        );
        // Reads `wanted` of group `g`, the rows `selection` picks, as one batch.
        let read = |g: usize,
                    wanted: &[usize],
                    selection: Option<RowSelection>|
         -> Result<Option<RecordBatch>, QueryError> {
            let builder = self
                .builder(&meta)?
                .with_row_groups(vec![g])
                .with_projection(self.mask(wanted));
            let builder = match selection {
                Some(s) => builder
                    .with_batch_size(s.row_count().clamp(1, BATCH_ROWS))
                    .with_row_selection(s),
                None => builder.with_batch_size(BATCH_ROWS),
            };
            let reader = builder.build().map_err(QueryError::read(&self.path))?;
            let schema = reader.schema();
            let batches = reader.collect::<Result<Vec<_>, _>>().map_err(fail)?;
            Ok(match batches.len() {
                0 => None,
                1 => batches.into_iter().next(),
                _ => Some(concat_batches(&schema, &batches).map_err(fail)?),
            })
        };
        let each = |i: usize| -> Result<Option<T>, QueryError> {
            let (g, selection) = &selected[i];
            if filters.is_empty() {
                return read(*g, columns, selection.clone())?
                    .map(&render)
                    .transpose();
            }
            // The filter columns, and which rows pass.
            let Some(tested) = read(*g, &filter_columns, selection.clone())? else {
                return Ok(None);
            };
            let passed = BooleanArray::new(filter::matches(filters, &tested).map_err(fail)?, None);
            if passed.true_count() == 0 {
                return Ok(None);
            }
            let kept = filter_record_batch(&tested, &passed).map_err(fail)?;
            drop(tested);
            // The other columns of those rows alone.
            let passing = RowSelection::from_filters(&[passed]);
            let passing = match selection {
                Some(s) => s.and_then(&passing),
                None => passing,
            };
            let others = match rest.is_empty() {
                true => None,
                false => read(*g, &rest, Some(passing))?,
            };
            let columns = plain
                .fields()
                .iter()
                .map(|f| {
                    let column = kept
                        .column_by_name(f.name())
                        .or_else(|| others.as_ref().and_then(|o| o.column_by_name(f.name())))
                        .expect("every column read");
                    match column.data_type() == f.data_type() {
                        true => Ok(column.clone()),
                        false => arrow::compute::cast(column, f.data_type()),
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(fail)?;
            render(RecordBatch::try_new(plain.clone(), columns).map_err(fail)?).map(Some)
        };
        let ahead = 2 * threads(selected.len());
        in_order(selected.len(), ahead, each, |rendered| {
            rendered.map_or(Ok(()), &mut take)
        })
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

/// `each` of the jobs `0..jobs` on a few threads, each answer handed to `take` in job order
/// as soon as it and those before it are done. No job starts more than `ahead` jobs past
/// the last one taken, so at most that many answers wait. The first failure stops the
/// others.
fn in_order<T: Send>(
    jobs: usize,
    ahead: usize,
    each: impl Fn(usize) -> Result<T, QueryError> + Sync,
    mut take: impl FnMut(T) -> Result<(), QueryError>,
) -> Result<(), QueryError> {
    let threads = threads(jobs);
    if threads == 1 {
        return (0..jobs).try_for_each(|job| take(each(job)?));
    }
    let ahead = ahead.max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Jobs taken so far, and a wake-up for workers waiting to start a job.
    let taken = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<T, QueryError>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, taken, each) = (&next, &stop, &taken, &each);
            s.spawn(move || {
                loop {
                    let job = next.fetch_add(1, Atomic::Relaxed);
                    if job >= jobs {
                        break;
                    }
                    let (count, wake) = taken;
                    let mut done = count.lock().unwrap_or_else(PoisonError::into_inner);
                    while job >= *done + ahead && !stop.load(Atomic::Relaxed) {
                        done = wake.wait(done).unwrap_or_else(PoisonError::into_inner);
                    }
                    drop(done);
                    if stop.load(Atomic::Relaxed) || tx.send((job, each(job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        let result = rx.iter().try_for_each(|(job, answer)| {
            waiting.insert(job, answer);
            while let Some(answer) = waiting.remove(&want) {
                take(answer?)?;
                want += 1;
                let (count, wake) = &taken;
                *count.lock().unwrap_or_else(PoisonError::into_inner) = want;
                wake.notify_all();
            }
            Ok(())
        });
        if result.is_err() {
            stop.store(true, Atomic::Relaxed);
            let (count, wake) = &taken;
            let _held = count.lock().unwrap_or_else(PoisonError::into_inner);
            wake.notify_all();
        }
        result
    })
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
/// all), and with a sort, its best rows' sort values and positions.
struct Part {
    first: u64,
    count: u64,
    matched: Option<BooleanBuffer>,
    picked: Option<(ArrayRef, Vec<u64>)>,
}

/// What a first pass found.
pub(super) struct Pass {
    parts: Vec<Part>,
    /// Rows matching the filters.
    pub(super) total: u64,
    /// With a sort, the positions of the first matching rows in its order (as many as
    /// the pass was asked for).
    pub(super) sorted: Option<Vec<u64>>,
}

impl Pass {
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
fn order(values: &ArrayRef, descending: bool, limit: usize) -> Vec<usize> {
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
    source.read(
        &source.selection(&wanted),
        shown,
        &[],
        |batch| {
            Ok((0..batch.num_rows())
                .map(|i| {
                    batch
                        .columns()
                        .iter()
                        .map(|c| json(c, i))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>())
        },
        |rows| {
            found.extend(rows);
            Ok(())
        },
    )?;
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
