//! Readers: turn a source file into a header and a stream of text rows, each with the
//! place it came from.
//!
//! CSV streams record by record, so a file of any size reads in bounded memory. Workbooks,
//! GeoJSON and GDAL layers are read whole (exports of those kinds are small). Problems with
//! one row (a ragged row, bytes that are not UTF-8, an oversized cell) are reported as
//! [`Issue`]s and reading goes on; problems with the whole file are a [`PipelineError`].

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};

use super::PipelineError;
use super::geometry::{RingAt, SourceGeometry};
use super::report::Issue;
use super::spec::{Format, ReaderSpec};

/// Where a row came from, for error messages: `exports/sep.csv:123`.
#[derive(Debug, Clone)]
pub struct Loc {
    pub file: Arc<str>,
    pub at: At,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    File,
    /// A line of a text file, from 1.
    Line(u64),
    /// A row of a sheet, from 1 as spreadsheets number them.
    Row(u64),
    /// A feature of a collection or layer, from 1.
    Feature(u64),
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            At::File => write!(f, "{}", self.file),
            At::Line(n) => write!(f, "{}:{n}", self.file),
            At::Row(n) => write!(f, "{} row {n}", self.file),
            At::Feature(n) => write!(f, "{} feature {n}", self.file),
        }
    }
}

/// One source row: text cells in header order, and a geometry for feature sources.
#[derive(Debug)]
pub struct SourceRow {
    pub loc: Loc,
    pub cells: Cells,
    /// `Some` for GeoJSON and GDAL features: the geometry, or why it could not be read.
    pub geometry: Option<Result<Option<SourceGeometry>, String>>,
}

/// A source row, or the issue that makes it unusable (boxed: issues are rare, rows many).
pub type RowResult = Result<SourceRow, Box<Issue>>;

/// An opened source: its column names and its rows.
pub struct Source {
    pub headers: Vec<String>,
    pub rows: Rows,
    /// The sha256 of the file's bytes, set once its rows have been read to the end (CSV,
    /// whose bytes are hashed as they are read); `None` for formats read otherwise.
    pub sha256: Option<Arc<OnceLock<String>>>,
    /// How many rows the file holds, guessed from the size of its first rows (CSV).
    pub rows_estimate: Option<Arc<OnceLock<u64>>>,
}

/// The rows of a source. CSV is parsed on a thread of its own and handed over in chunks,
/// so parsing overlaps with checking and nothing is allocated per row; other formats are
/// read whole.
pub enum Rows {
    Csv(Box<CsvRows>),
    Read {
        rows: std::vec::IntoIter<RowResult>,
        current: Option<SourceRow>,
    },
}

/// A row lent by [`Rows::next_row`].
pub struct RowRef<'a> {
    pub file: &'a Arc<str>,
    pub at: At,
    pub cells: CellsRef<'a>,
    /// `Some` for GeoJSON and GDAL features: the geometry, or why it could not be read.
    pub geometry: Option<&'a Result<Option<SourceGeometry>, String>>,
}

impl RowRef<'_> {
    /// Where the row is, for an issue (made only then: rows are many, issues few).
    pub fn loc(&self) -> Loc {
        Loc {
            file: self.file.clone(),
            at: self.at,
        }
    }
}

impl Rows {
    fn read(rows: Vec<RowResult>) -> Self {
        Self::Read {
            rows: rows.into_iter(),
            current: None,
        }
    }

    /// The next row, or the issue that makes it unusable.
    pub fn next_row(&mut self) -> Option<Result<RowRef<'_>, Box<Issue>>> {
        match self {
            Self::Csv(csv) => csv.next_row(),
            Self::Read { rows, current } => match rows.next()? {
                Ok(row) => {
                    let row = current.insert(row);
                    Some(Ok(RowRef {
                        file: &row.loc.file,
                        at: row.loc.at,
                        cells: row.cells.view(),
                        geometry: row.geometry.as_ref(),
                    }))
                }
                Err(issue) => Some(Err(issue)),
            },
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// Opens `path` with the reader the spec names.
pub fn open(path: &Path, spec: &ReaderSpec) -> Result<Source, PipelineError> {
    let label: Arc<str> = path.display().to_string().into();
    let file = File::open(path).map_err(|source| PipelineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if file.metadata().map(|m| m.len() == 0).unwrap_or(false) {
        return Err(PipelineError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    match spec.format {
        Format::Csv => open_csv(file, path, label, spec),
        Format::Xlsx => open_xlsx(path, label, spec),
        Format::Geojson => open_geojson(file, path, label),
        Format::Gdal => open_gdal(path, label, spec),
    }
}

fn open_csv(
    file: File,
    path: &Path,
    label: Arc<str>,
    spec: &ReaderSpec,
) -> Result<Source, PipelineError> {
    let utf8 = encoding_rs::Encoding::for_label(spec.encoding.as_bytes())
        .is_none_or(|e| e == encoding_rs::UTF_8);
    // The file's sha256 (for the ledger) is taken from the bytes as the parser reads them,
    // rather than by reading the file a second time.
    let sha256 = Arc::new(OnceLock::new());
    let file_bytes = file.metadata().map_or(0, |m| m.len());
    let file = HashingReader {
        inner: file,
        hasher: Some(Sha256::new()),
        digest: sha256.clone(),
    };
    let input: Box<dyn Read + Send> = if utf8 {
        Box::new(BufReader::with_capacity(1 << 16, file))
    } else {
        let encoding = encoding_rs::Encoding::for_label(spec.encoding.as_bytes());
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(encoding)
                .build(BufReader::new(file)),
        )
    };
    let delimiter = u8::try_from(spec.delimiter).map_err(|_| PipelineError::Spec {
        path: path.to_path_buf(),
        message: format!(
            "reader.delimiter `{}` must be a single ASCII character",
            spec.delimiter
        ),
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut header_lines = Vec::new();
    let mut first_line = 1;
    for _ in 0..spec.skip_rows + spec.header_rows {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                first_line = record.position().map_or(0, |p| p.line());
                header_lines.push(
                    record
                        .iter()
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect::<Vec<_>>(),
                );
            }
            Ok(false) => {
                return Err(PipelineError::EmptyFile {
                    path: path.to_path_buf(),
                });
            }
            Err(e) => {
                return Err(PipelineError::Unreadable {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                });
            }
        }
    }
    let headers = clean_headers(join_header_rows(&header_lines[spec.skip_rows..]));
    let rows_estimate = Arc::new(OnceLock::new());
    let estimate = Estimate {
        rows: rows_estimate.clone(),
        file_bytes: file_bytes.saturating_sub(reader.position().byte()),
        from: reader.position().byte(),
    };
    let parser = CsvParser {
        reader,
        record,
        names: headers.clone(),
        label: label.clone(),
        first_line,
        max: spec.max_field_bytes,
        decoded: !utf8,
        delimiter,
        done: false,
        estimate,
    };
    let rows = CsvRows::spawn(parser, label).map_err(|source| PipelineError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Source {
        headers,
        rows: Rows::Csv(Box::new(rows)),
        sha256: Some(sha256),
        rows_estimate: Some(rows_estimate),
    })
}

/// Hashes what passes through it; at the end of the input, leaves the digest in `digest`.
struct HashingReader<R> {
    inner: R,
    hasher: Option<Sha256>,
    digest: Arc<OnceLock<String>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            if let Some(h) = &mut self.hasher {
                h.update(&buf[..n]);
            }
        } else if let Some(h) = self.hasher.take() {
            let _ = self.digest.set(hex::encode(h.finalize()));
        }
        Ok(n)
    }
}

/// Rows of a chunk of CSV: their cells in one buffer.
#[derive(Default)]
struct Chunk {
    cells: Cells,
    rows: Vec<ChunkRow>,
}

enum ChunkRow {
    /// A row of `width` cells from the buffer, read from `line`.
    Cells {
        line: u64,
        width: usize,
    },
    Issue(Box<Issue>),
}

/// Rows in a chunk before it is handed over.
const CHUNK_ROWS: usize = 256;

/// The checking side of a CSV parsed on its own thread.
pub struct CsvRows {
    chunks: std::sync::mpsc::Receiver<Chunk>,
    /// Chunks read go back to be filled again.
    spent: std::sync::mpsc::SyncSender<Chunk>,
    chunk: Chunk,
    /// The next row of the chunk, and where its cells start.
    next: usize,
    cell: usize,
    label: Arc<str>,
    parser: Option<std::thread::JoinHandle<()>>,
}

impl CsvRows {
    fn spawn(mut parser: CsvParser, label: Arc<str>) -> std::io::Result<Self> {
        let (tx, chunks) = std::sync::mpsc::sync_channel::<Chunk>(4);
        let (spent, back) = std::sync::mpsc::sync_channel::<Chunk>(8);
        let handle = std::thread::Builder::new()
            .name("disclose-reader".into())
            .spawn(move || {
                loop {
                    let mut chunk = back.try_recv().unwrap_or_default();
                    chunk.cells.clear();
                    chunk.rows.clear();
                    let more = parser.fill(&mut chunk);
                    if !chunk.rows.is_empty() && tx.send(chunk).is_err() {
                        return;
                    }
                    if !more {
                        return;
                    }
                }
            })?;
        Ok(Self {
            chunks,
            spent,
            chunk: Chunk::default(),
            next: 0,
            cell: 0,
            label,
            parser: Some(handle),
        })
    }

    fn next_row(&mut self) -> Option<Result<RowRef<'_>, Box<Issue>>> {
        if self.next == self.chunk.rows.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    let spent = std::mem::replace(&mut self.chunk, chunk);
                    let _ = self.spent.try_send(spent);
                    (self.next, self.cell) = (0, 0);
                }
                // The parser is done; if it stopped by panicking, say so rather than end early.
                Err(_) => {
                    let failed = self.parser.take().is_some_and(|h| h.join().is_err());
                    if failed {
                        let loc = Loc {
                            file: self.label.clone(),
                            at: At::File,
                        };
                        return Some(Err(Box::new(Issue::row(
                            loc,
                            "unreadable",
                            "reading the file stopped part way".into(),
                            "report this as a bug, with the file",
                        ))));
                    }
                    return None;
                }
            }
        }
        let row = std::mem::replace(
            &mut self.chunk.rows[self.next],
            ChunkRow::Cells { line: 0, width: 0 },
        );
        self.next += 1;
        match row {
            ChunkRow::Cells { line, width } => {
                let start = self.cell;
                self.cell += width;
                let cells = self.chunk.cells.range(start, self.cell);
                Some(Ok(RowRef {
                    file: &self.label,
                    at: At::Line(line),
                    cells,
                    geometry: None,
                }))
            }
            ChunkRow::Issue(issue) => Some(Err(issue)),
        }
    }
}

/// Parses CSV records through one reused buffer.
struct CsvParser {
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::ByteRecord,
    names: Vec<String>,
    label: Arc<str>,
    first_line: u64,
    max: usize,
    /// True when the input was decoded from another encoding.
    decoded: bool,
    delimiter: u8,
    done: bool,
    estimate: Estimate,
}

/// Where the guess at a file's rows goes, and what it is made from.
struct Estimate {
    rows: Arc<OnceLock<u64>>,
    /// Bytes of the file after its header, and where they start.
    file_bytes: u64,
    from: u64,
}

impl CsvParser {
    /// Parses rows into `chunk` until it is full; false once the input is done.
    fn fill(&mut self, chunk: &mut Chunk) -> bool {
        while chunk.rows.len() < CHUNK_ROWS {
            if self.done {
                return false;
            }
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {
                    let row = match self.row(&mut chunk.cells) {
                        Ok(row) => row,
                        Err(issue) => ChunkRow::Issue(issue),
                    };
                    chunk.rows.push(row);
                }
                Ok(false) => return false,
                Err(e) => {
                    let line = e.position().map_or(self.first_line, |p| p.line());
                    let loc = Loc {
                        file: self.label.clone(),
                        at: At::Line(line),
                    };
                    // The reader cannot go on past an I/O error; report it and stop.
                    let hint = if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.done = true;
                        "check the file can be read in full"
                    } else {
                        "check the row's quoting"
                    };
                    chunk.rows.push(ChunkRow::Issue(Box::new(Issue::row(
                        loc,
                        "unreadable",
                        e.to_string(),
                        hint,
                    ))));
                }
            }
        }
        // After the first chunk: the file's size over the size of its rows so far.
        let read = self
            .reader
            .position()
            .byte()
            .saturating_sub(self.estimate.from);
        if self.estimate.rows.get().is_none() && read > 0 {
            let rows =
                (self.estimate.file_bytes as f64 * chunk.rows.len() as f64 / read as f64) as u64;
            let _ = self
                .estimate
                .rows
                .set(rows.min(self.estimate.file_bytes / 8));
        }
        true
    }

    /// Appends the cells of the record just read to `cells`.
    fn row(&self, cells: &mut Cells) -> Result<ChunkRow, Box<Issue>> {
        let record = &self.record;
        let width = self.names.len();
        let line = record.position().map_or(0, |p| p.line());
        let loc = || Loc {
            file: self.label.clone(),
            at: At::Line(line),
        };
        if let Some((i, raw)) = record
            .iter()
            .enumerate()
            .find(|(_, raw)| raw.len() > self.max)
        {
            let hint = if raw.contains(&b'\n') {
                "a quote opened in this row seems never to be closed, so the rest of the file was read as one cell; close the quote"
            } else {
                "shorten the cell, or raise reader.max_field_bytes in the pipeline if it is meant to be this long"
            };
            let message = format!(
                "cell {} is {} bytes, over the limit of {} bytes",
                column_name(&self.names, i),
                raw.len(),
                self.max
            );
            return Err(Box::new(Issue::row(
                loc(),
                "field_too_large",
                message,
                hint,
            )));
        }
        let Ok(text) = std::str::from_utf8(record.as_slice()) else {
            return Err(Box::new(self.encoding_issue(loc())));
        };
        let field = |i: usize| {
            record
                .range(i)
                .and_then(|r| text.get(r))
                .unwrap_or_default()
        };
        if record.len() == width {
            // Valid as a whole, so each field (split on ASCII delimiters) is too.
            for i in 0..width {
                cells.push(field(i));
            }
            return Ok(ChunkRow::Cells { line, width });
        }
        if record.len() == 1 && field(0).trim().is_empty() {
            for _ in 0..width {
                cells.push("");
            }
            return Ok(ChunkRow::Cells { line, width });
        }
        let delimiter = char::from(self.delimiter);
        let suspicious = |c: &str| c.contains('\n') || c.contains('"') || c.contains(delimiter);
        let hint = if (0..record.len()).map(field).any(suspicious) {
            "a quote opened in this row seems never to be closed; close it, or quote the cell that contains the delimiter"
        } else if record.len() > width {
            "a cell contains the delimiter without quotes; quote it, or remove the extra cells"
        } else {
            "fill the missing cells, even if empty, so every row has one cell per header"
        };
        Err(Box::new(Issue::row(
            loc(),
            "ragged_row",
            format!("row has {} cells, the header has {width}", record.len()),
            hint,
        )))
    }

    /// Names the first cell holding bytes that are not UTF-8, and what to do.
    fn encoding_issue(&self, loc: Loc) -> Issue {
        let hint = if self.decoded {
            "the file holds bytes that are not valid in the declared encoding; re-export it as UTF-8"
        } else {
            "the file is not UTF-8; if it was saved by Excel on Windows, set reader.encoding = \"windows-1252\" in the pipeline, or re-export it as CSV UTF-8"
        };
        let (i, raw, e) = self
            .record
            .iter()
            .enumerate()
            .find_map(|(i, raw)| std::str::from_utf8(raw).err().map(|e| (i, raw, e)))
            .expect("some cell is not UTF-8");
        let bad = &raw[e.valid_up_to()..raw.len().min(e.valid_up_to() + 4)];
        let message = format!(
            "cell {} has bytes that are not UTF-8 ({}) after `{}`",
            column_name(&self.names, i),
            hex_bytes(bad),
            String::from_utf8_lossy(&raw[..e.valid_up_to()])
        );
        Issue::row(loc, "encoding", message, hint)
    }
}

/// A row's text cells, kept in one buffer.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    text: String,
    ends: Vec<usize>,
}

impl Cells {
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// All the cells.
    pub fn view(&self) -> CellsRef<'_> {
        self.range(0, self.ends.len())
    }

    /// Cells `start..end`.
    fn range(&self, start: usize, end: usize) -> CellsRef<'_> {
        let from = if start == 0 { 0 } else { self.ends[start - 1] };
        CellsRef {
            text: &self.text,
            from,
            ends: &self.ends[start..end],
        }
    }
}

impl<'a> FromIterator<&'a str> for Cells {
    fn from_iter<I: IntoIterator<Item = &'a str>>(cells: I) -> Self {
        let mut out = Self::default();
        for c in cells {
            out.push(c);
        }
        out
    }
}

impl From<Vec<String>> for Cells {
    fn from(cells: Vec<String>) -> Self {
        cells.iter().map(String::as_str).collect()
    }
}

/// Some of the cells of a [`Cells`] buffer: one row of a chunk.
#[derive(Debug, Clone, Copy)]
pub struct CellsRef<'a> {
    text: &'a str,
    /// Where the first cell starts.
    from: usize,
    ends: &'a [usize],
}

impl<'a> CellsRef<'a> {
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { self.from } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn to_cells(&self) -> Cells {
        self.iter().collect()
    }
}

fn column_name(headers: &[String], i: usize) -> String {
    headers
        .get(i)
        .map_or_else(|| format!("number {}", i + 1), |h| format!("`{h}`"))
}

fn hex_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Joins header rows into one name per column. An empty cell in an upper row takes the
/// text to its left, as a merged cell spanning several columns does in a workbook.
fn join_header_rows(rows: &[Vec<String>]) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut names = vec![String::new(); width];
    for (r, row) in rows.iter().enumerate() {
        let last_row = r + 1 == rows.len();
        let mut carried = String::new();
        for (i, name) in names.iter_mut().enumerate() {
            let cell = row.get(i).map_or("", |c| c.trim());
            let text = if cell.is_empty() && !last_row {
                carried.clone()
            } else {
                cell.to_string()
            };
            if !cell.is_empty() {
                carried = cell.to_string();
            }
            if !text.is_empty() {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(&text);
            }
        }
    }
    names
}

/// Strips a byte-order mark and folds white space in header names.
fn clean_headers(headers: Vec<String>) -> Vec<String> {
    headers
        .into_iter()
        .map(|h| {
            h.trim_start_matches('\u{feff}')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn open_xlsx(path: &Path, label: Arc<str>, spec: &ReaderSpec) -> Result<Source, PipelineError> {
    use calamine::{Data, Reader};
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| PipelineError::Unreadable {
            path: path.to_path_buf(),
            message: format!("not a readable workbook: {e}"),
        })?;
    let names = workbook.sheet_names();
    let sheet = match &spec.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => {
            return Err(PipelineError::NoSuchSheet {
                path: path.to_path_buf(),
                sheet: s.clone(),
                available: names.join("`, `"),
            });
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| PipelineError::EmptyFile {
                path: path.to_path_buf(),
            })?,
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| PipelineError::Unreadable {
            path: path.to_path_buf(),
            message: format!("sheet `{sheet}`: {e}"),
        })?;
    // The range starts at the first cell in use; `skip_rows` counts from the sheet's top.
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let skip = spec.skip_rows.saturating_sub(first_row as usize);
    let text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Float(f) => crate::protocol::schema::format_number(*f),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(dt) => dt.as_datetime().map_or_else(
                || dt.as_f64().to_string(),
                |t| {
                    if t.time() == chrono::NaiveTime::MIN {
                        t.date().to_string()
                    } else {
                        t.to_string()
                    }
                },
            ),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#ERROR {e}"),
        }
    };
    let mut rows = range.rows().enumerate().map(|(i, r)| {
        (
            first_row + i as u64 + 1,
            r.iter().map(text).collect::<Vec<_>>(),
        )
    });
    let mut header_rows = Vec::new();
    for _ in 0..skip + spec.header_rows {
        match rows.next() {
            Some((_, r)) => header_rows.push(r),
            None => {
                return Err(PipelineError::EmptyFile {
                    path: path.to_path_buf(),
                });
            }
        }
    }
    let headers = clean_headers(join_header_rows(&header_rows[skip..]));
    let label: Arc<str> = format!("{label}[{sheet}]").into();
    let data: Vec<_> = rows
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(n, cells)| {
            Ok(SourceRow {
                loc: Loc {
                    file: label.clone(),
                    at: At::Row(n),
                },
                cells: cells.into(),
                geometry: None,
            })
        })
        .collect();
    Ok(Source {
        headers,
        rows: Rows::read(data),
        sha256: None,
        rows_estimate: None,
    })
}

fn open_geojson(mut file: File, path: &Path, label: Arc<str>) -> Result<Source, PipelineError> {
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| PipelineError::Unreadable {
            path: path.to_path_buf(),
            message: format!("{e}; GeoJSON must be UTF-8 (RFC 7946)"),
        })?;
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| PipelineError::Unreadable {
            path: path.to_path_buf(),
            message: format!("not valid JSON: {e}"),
        })?;
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .unwrap_or("(no type)");
    if kind != "FeatureCollection" {
        return Err(PipelineError::NotFeatureCollection {
            path: path.to_path_buf(),
            found: kind.to_string(),
        });
    }
    let Some(features) = value.get("features").and_then(|f| f.as_array()) else {
        return Err(PipelineError::Unreadable {
            path: path.to_path_buf(),
            message: "a FeatureCollection needs a `features` array".into(),
        });
    };
    let mut headers: Vec<String> = Vec::new();
    for f in features {
        if let Some(props) = f.get("properties").and_then(|p| p.as_object()) {
            for k in props.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
    }
    let rows: Vec<_> = features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let loc = Loc {
                file: label.clone(),
                at: At::Feature(i as u64 + 1),
            };
            let props = f.get("properties").and_then(|p| p.as_object());
            let cells: Vec<String> = headers
                .iter()
                .map(|h| match props.and_then(|p| p.get(h)) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                })
                .collect();
            let geometry = match f.get("geometry") {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(g) => geometry_from_json(g).map(Some),
            };
            Ok(SourceRow {
                loc,
                cells: Cells::from(cells),
                geometry: Some(geometry),
            })
        })
        .collect();
    Ok(Source {
        headers: clean_headers(headers),
        rows: Rows::read(rows),
        sha256: None,
        rows_estimate: None,
    })
}

/// Parses a GeoJSON geometry. geo closes the rings it builds, so the rings that are not
/// closed here (RFC 7946 §3.1.6 asks that they be) are listed, for the geometry check to
/// refuse or, with `[geometry] repair`, to report.
pub fn geometry_from_json(g: &serde_json::Value) -> Result<SourceGeometry, String> {
    let value: geojson::GeometryValue =
        serde_json::from_value(g.clone()).map_err(|e| format!("not a GeoJSON geometry: {e}"))?;
    let (polygons, multi): (Vec<&Vec<Vec<geojson::Position>>>, bool) = match &value {
        geojson::GeometryValue::Polygon { coordinates } => (vec![coordinates], false),
        geojson::GeometryValue::MultiPolygon { coordinates } => {
            (coordinates.iter().collect(), true)
        }
        _ => (Vec::new(), false),
    };
    let open_rings = polygons
        .iter()
        .enumerate()
        .flat_map(|(p, rings)| {
            rings
                .iter()
                .enumerate()
                .filter(|(_, ring)| {
                    ring.first().map(|p| p.as_slice()) != ring.last().map(|p| p.as_slice())
                })
                .map(move |(r, _)| RingAt::new(multi, p, r))
        })
        .collect();
    let geometry =
        geo::Geometry::try_from(&value).map_err(|e| format!("unusable geometry: {e}"))?;
    Ok(SourceGeometry {
        geometry,
        open_rings,
    })
}

#[cfg(feature = "gdal")]
fn open_gdal(path: &Path, label: Arc<str>, spec: &ReaderSpec) -> Result<Source, PipelineError> {
    let features = crate::pipeline::gdal_read::read_layer(path, spec.layer.as_deref())?;
    let (headers, rows) = features;
    let rows: Vec<_> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (cells, geometry))| {
            Ok(SourceRow {
                loc: Loc {
                    file: label.clone(),
                    at: At::Feature(i as u64 + 1),
                },
                cells: Cells::from(cells),
                geometry: Some(geometry),
            })
        })
        .collect();
    Ok(Source {
        headers,
        rows: Rows::read(rows),
        sha256: None,
        rows_estimate: None,
    })
}

#[cfg(not(feature = "gdal"))]
fn open_gdal(path: &Path, _label: Arc<str>, _spec: &ReaderSpec) -> Result<Source, PipelineError> {
    Err(PipelineError::Spec {
        path: path.to_path_buf(),
        message: "reading Shapefile, GeoPackage or KML needs disclose built with `--features gdal` (and Debian's libgdal-dev)".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_header_cells_carry_their_text_to_the_right() {
        let rows = vec![
            vec!["".into(), "Estimates".into(), "".into()],
            vec!["Item".into(), "Approved".into(), "Supplementary".into()],
        ];
        assert_eq!(
            join_header_rows(&rows),
            ["Item", "Estimates Approved", "Estimates Supplementary"]
        );
    }

    #[test]
    fn an_unclosed_ring_is_closed_and_listed() {
        let open = serde_json::json!({"type":"MultiPolygon","coordinates":[
            [[[0,0],[1,0],[1,1],[0,0]]],
            [[[5,5],[6,5],[6,6],[5,6]]]
        ]});
        let read = geometry_from_json(&open).unwrap();
        assert_eq!(read.open_rings, [RingAt::new(true, 1, 0)]);
        let geo::Geometry::MultiPolygon(mp) = read.geometry else {
            panic!("{:?}", read.geometry)
        };
        assert!(mp.0[1].exterior().is_closed());
        let closed =
            serde_json::json!({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]});
        assert_eq!(geometry_from_json(&closed).unwrap().open_rings, []);
    }
}
