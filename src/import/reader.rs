//! Reading the files shops have: CSV in UTF-8 (with or without BOM), UTF-16
//! or GBK/GB18030, CRLF or LF, Excel quoting, tab- or comma-separated; and
//! .xlsx sheets. Rows are handed over one at a time with the line they start
//! on in the file (a quoted cell may hold line breaks), so memory does not
//! grow with the file.

use anyhow::{Context, Result, bail};
use encoding_rs::{Decoder, Encoding, GB18030, UTF_8};
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// One row of the file: the line it starts on and its cells, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Whether to read on after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// An encoding label (`gbk`, `gb18030`, `utf-8`); detected when `None`.
    pub encoding: Option<String>,
    /// The sheet of a workbook; the first when `None`.
    pub sheet: Option<String>,
}

/// How the file was read, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Csv { encoding: &'static str },
    Xlsx { sheet: String },
}

/// Bytes of the file read so far, for the progress bar.
#[derive(Debug, Clone, Default)]
pub struct BytesRead(Arc<AtomicU64>);

impl BytesRead {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

pub fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm") {
        return true;
    }
    // A workbook saved under another name is still a ZIP file.
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == *b"PK\x03\x04"
}

/// Hands every non-blank row of the file to `f`, the header row first.
pub fn each_row(
    path: &Path,
    opts: &ReadOptions,
    bytes: &BytesRead,
    f: impl FnMut(Row) -> Result<Flow>,
) -> Result<Format> {
    if is_workbook(path) {
        return each_sheet_row(path, opts, f);
    }
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    each_csv_row(file, opts, bytes, f)
}

/// The CSV half of [`each_row`], from any reader (tests use byte strings).
pub fn each_csv_row(
    input: impl Read,
    opts: &ReadOptions,
    bytes: &BytesRead,
    mut f: impl FnMut(Row) -> Result<Flow>,
) -> Result<Format> {
    let mut input = Counting {
        inner: input,
        count: bytes.clone(),
    };
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut input).take(64 * 1024).read_to_end(&mut head)?;
    let (encoding, bom) = match &opts.encoding {
        Some(label) => {
            let e = Encoding::for_label(label.trim().as_bytes())
                .with_context(|| format!("unknown encoding {label:?} (try utf-8 or gbk)"))?;
            (e, bom_len(&head, e))
        }
        None => detect(&head),
    };
    let delimiter = delimiter(&head[bom..]);
    let decoded = Decoded::new(Cursor::new(head).chain(input), encoding, bom);
    let newlines = Newlines::default();
    let marked = Marking {
        inner: decoded,
        at: 0,
        newlines: newlines.clone(),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(BufReader::with_capacity(64 * 1024, marked));
    let mut record = csv::StringRecord::new();
    let mut lines_before = 0u64;
    loop {
        let more = rdr.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            anyhow::anyhow!("line {line}: {e}")
        })?;
        if !more {
            break;
        }
        // csv counts a CRLF's line only when the next record starts, so the
        // line is worked out here: the line the record ends on, less the
        // line breaks inside its quoted cells.
        let end = rdr.position().byte();
        let (n, ends_on_lf) = newlines.take_before(end);
        lines_before += n;
        let last = if ends_on_lf {
            lines_before
        } else {
            lines_before + 1
        };
        let inside: u64 = record.iter().map(|c| c.matches('\n').count() as u64).sum();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = last.saturating_sub(inside).max(1);
        let row = Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
        };
        if f(row)? == Flow::Stop {
            break;
        }
    }
    Ok(Format::Csv {
        encoding: encoding.name(),
    })
}

/// The encoding of a file from its first bytes: a BOM says; valid UTF-8 is
/// UTF-8; anything else is GB18030 (which reads GBK and GB2312 too), what
/// Chinese Excel and most tills write.
pub fn detect(head: &[u8]) -> (&'static Encoding, usize) {
    if let Some((e, n)) = Encoding::for_bom(head) {
        return (e, n);
    }
    match std::str::from_utf8(head) {
        Ok(_) => (UTF_8, 0),
        // Cut in the middle of a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => (UTF_8, 0),
        Err(_) => (GB18030, 0),
    }
}

fn bom_len(head: &[u8], e: &'static Encoding) -> usize {
    match Encoding::for_bom(head) {
        Some((found, n)) if found == e => n,
        _ => 0,
    }
}

/// Tab when the first line has tabs and no commas (a "Unicode text" export).
fn delimiter(head: &[u8]) -> u8 {
    let first = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let has = |c: u8| first.contains(&c);
    if has(b'\t') && !has(b',') {
        b'\t'
    } else {
        b','
    }
}

struct Counting<R> {
    inner: R,
    count: BytesRead,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.0.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Where the line breaks are in the decoded text, for the rows' line numbers;
/// only those not yet passed by the CSV reader are kept.
#[derive(Clone, Default)]
struct Newlines(std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<u64>>>);

impl Newlines {
    /// How many line breaks lie before `end`, and whether the last byte
    /// before `end` is one.
    fn take_before(&self, end: u64) -> (u64, bool) {
        let mut q = self.0.borrow_mut();
        let (mut n, mut last) = (0, None);
        while q.front().is_some_and(|&o| o < end) {
            last = q.pop_front();
            n += 1;
        }
        (n, last.is_some_and(|o| o + 1 == end))
    }
}

struct Marking<R> {
    inner: R,
    at: u64,
    newlines: Newlines,
}

impl<R: Read> Read for Marking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut q = self.newlines.0.borrow_mut();
        for (i, b) in buf[..n].iter().enumerate() {
            if *b == b'\n' {
                q.push_back(self.at + i as u64);
            }
        }
        self.at += n as u64;
        Ok(n)
    }
}

/// A reader that turns the file's bytes into UTF-8 as they are read.
struct Decoded<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Decoded<R> {
    fn new(mut inner: R, encoding: &'static Encoding, bom: usize) -> Self {
        let mut skip = vec![0u8; bom];
        let _ = inner.read_exact(&mut skip);
        Decoded {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 32 * 1024],
            in_start: 0,
            in_end: 0,
            output: vec![0; 32 * 1024 * 3 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.out_start == self.out_end && !self.done {
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let (_, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if self.eof && self.in_start == self.in_end && written == 0 {
                self.done = true;
            }
        }
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

/// The rows of one sheet, streamed cell by cell.
fn each_sheet_row(
    path: &Path,
    opts: &ReadOptions,
    mut f: impl FnMut(Row) -> Result<Flow>,
) -> Result<Format> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(path)
        .with_context(|| format!("cannot read the workbook {}", path.display()))?;
    let names = book.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => bail!(
            "the workbook has no sheet {s:?}; its sheets: {}",
            names.join(", ")
        ),
        None => match names.first() {
            Some(s) => s.clone(),
            None => bail!("the workbook has no sheet"),
        },
    };
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .with_context(|| format!("cannot read the sheet {sheet:?}"))?;
    let mut current: Option<Row> = None;
    let flush = |row: Row, f: &mut dyn FnMut(Row) -> Result<Flow>| -> Result<Flow> {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(Flow::Go);
        }
        f(row)
    };
    while let Some(cell) = cells.next_cell().context("cannot read the sheet")? {
        let (r, c) = cell.get_position();
        let text = sheet_text(cell.get_value());
        if current.as_ref().is_some_and(|row| row.line != r as u64 + 1)
            && flush(current.take().expect("checked"), &mut f)? == Flow::Stop
        {
            return Ok(Format::Xlsx { sheet });
        }
        let row = current.get_or_insert_with(|| Row {
            line: r as u64 + 1,
            cells: Vec::new(),
        });
        if row.cells.len() <= c as usize {
            row.cells.resize(c as usize + 1, String::new());
        }
        row.cells[c as usize] = text;
    }
    if let Some(row) = current {
        flush(row, &mut f)?;
    }
    Ok(Format::Xlsx { sheet })
}

/// A cell as text: a date as YYYY-MM-DD, a whole number without `.0`.
fn sheet_text(v: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match v {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        DataRef::Float(x) => x.to_string(),
        DataRef::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        DataRef::DateTime(d) => match super::values::excel_serial(d.as_f64()) {
            Some(day) => day.to_string(),
            None => d.as_f64().to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8], opts: &ReadOptions) -> (Vec<Row>, Format) {
        let mut out = Vec::new();
        let fmt = each_csv_row(bytes, opts, &BytesRead::default(), |r| {
            out.push(r);
            Ok(Flow::Go)
        })
        .unwrap();
        (out, fmt)
    }

    #[test]
    fn utf8_with_bom_crlf_and_quoted_line_breaks_keep_true_line_numbers() {
        let text =
            "\u{feff}姓名,备注\r\n张三,\"两行\r\n的备注\"\r\n\r\n李四,\"a \"\"quote\"\"\"\r\n";
        let (rows, fmt) = rows(text.as_bytes(), &ReadOptions::default());
        assert_eq!(fmt, Format::Csv { encoding: "UTF-8" });
        assert_eq!(rows[0].cells, vec!["姓名", "备注"]);
        assert_eq!(
            (rows[1].line, rows[1].cells[1].as_str()),
            (2, "两行\r\n的备注")
        );
        assert_eq!(
            (rows[2].line, rows[2].cells[1].as_str()),
            (5, "a \"quote\"")
        );
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn gbk_is_detected_or_named() {
        let (bytes, _, _) = GB18030.encode("会员卡号,姓名\r\nV001,王芳\r\n");
        let (rows, fmt) = rows(&bytes, &ReadOptions::default());
        assert_eq!(
            fmt,
            Format::Csv {
                encoding: "gb18030"
            }
        );
        assert_eq!(rows[1].cells, vec!["V001", "王芳"]);
        let named = ReadOptions {
            encoding: Some("gbk".into()),
            sheet: None,
        };
        let (rows, _) = self::rows(&bytes, &named);
        assert_eq!(rows[1].cells[1], "王芳");
    }

    #[test]
    fn a_long_file_decodes_across_buffer_edges() {
        let line = "款号,名称,品类\n".to_string() + &"A1,羊毛大衣,textile\n".repeat(20_000);
        let (bytes, _, _) = GB18030.encode(&line);
        let (rows, _) = rows(&bytes, &ReadOptions::default());
        assert_eq!(rows.len(), 20_001);
        assert!(rows.iter().skip(1).all(|r| r.cells[1] == "羊毛大衣"));
        assert_eq!(rows.last().unwrap().line, 20_001);
    }

    #[test]
    fn tab_separated_and_utf16_text() {
        let (rows, _) = rows("a\tb\n1\t2\n".as_bytes(), &ReadOptions::default());
        assert_eq!(rows[1].cells, vec!["1", "2"]);
        let mut bytes = vec![0xFF, 0xFE];
        for u in "名,b\n1,2\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (rows, fmt) = self::rows(&bytes, &ReadOptions::default());
        assert_eq!(
            fmt,
            Format::Csv {
                encoding: "UTF-16LE"
            }
        );
        assert_eq!(rows[0].cells, vec!["名", "b"]);
    }
}
