//! `aftercare import customers|products|sales|staff FILE`: a shop's records
//! from its till or its spreadsheets.
//!
//! The file is streamed row by row ([`reader`]), its columns named through the
//! shop's column map ([`columns`]), its values read in the forms tills write
//! ([`values`]), and each row written through the same store functions as the
//! screens use (one file per kind). By default the whole file is one
//! transaction: a refused row, an interruption or a full disk leaves the shop
//! exactly as it was. `--skip-bad` writes the good rows, committing as it
//! goes; `--dry-run` does everything and then rolls it back. Every refused
//! row is reported with its line in the file and written to a CSV beside it.
//! What each import wrote is remembered (`import_rows`), so a re-run changes
//! nothing and a changed row updates only what the file changed.

pub mod columns;
pub mod command;
mod customers;
mod products;
pub mod progress;
pub mod reader;
mod refused;
mod sales;
mod staff;
pub mod values;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use columns::Columns;
pub use columns::{ColumnMap, HeaderError, Kind};
use reader::{BytesRead, Flow, Format, ReadOptions, Row};

use crate::i18n::Locale;
use crate::shop_data::policy::Policy;

/// How to run an import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub dry_run: bool,
    pub skip_bad: bool,
    pub read: ReadOptions,
}

/// What the rows are checked against and who is recorded as doing it.
pub struct Context<'a> {
    /// Who is recorded as doing it; `None` only for a staff file going into
    /// a shop with no staff yet.
    pub staff_id: Option<i64>,
    pub today: NaiveDate,
    pub policy: &'a Policy,
    pub map: &'a ColumnMap,
    /// Both languages: category names may be given in either.
    pub locales: &'a [&'a Locale],
}

/// What one row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// Why a row was refused: `column` as the file names it, a locale code
/// (`error.<code>` when the customer form's own check refused it, else
/// `import_problem.<code>`) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: String,
    pub code: &'static str,
    pub value: String,
    pub from_form: bool,
}

impl Problem {
    pub fn new(column: impl Into<String>, code: &'static str, value: impl Into<String>) -> Self {
        Problem {
            column: column.into(),
            code,
            value: value.into(),
            from_form: false,
        }
    }

    /// In the user's language.
    pub fn describe(&self, loc: &Locale) -> String {
        let text = if self.from_form {
            loc.t(&format!("error.{}", self.code)).to_string()
        } else {
            loc.f(
                &format!("import_problem.{}", self.code),
                &[("value", &self.value)],
            )
        };
        if self.column.is_empty() {
            text
        } else {
            loc.f(
                "import.column_reason",
                &[("column", &self.column), ("reason", &text)],
            )
        }
    }
}

/// A refused row: its line in the file, why, and its cells (for the CSV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub line: u64,
    pub problems: Vec<Problem>,
    pub cells: Vec<String>,
}

/// What an import did, or would do.
#[derive(Debug, Default)]
pub struct Report {
    pub rows: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub refused: Vec<Refused>,
    /// Rows now in the shop's database from this run.
    pub went_in: usize,
    /// Why it stopped before the end, if it did.
    pub stopped: Option<String>,
    pub ignored_columns: Vec<String>,
    pub format: Option<Format>,
    /// Where the refused rows were written.
    pub refused_csv: Option<PathBuf>,
    pub dry_run: bool,
}

/// Why a file could not be imported at all (nothing was written).
#[derive(Debug)]
pub enum Fatal {
    Header(HeaderError),
    Empty,
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Fatal {
    fn from(e: anyhow::Error) -> Self {
        Fatal::Other(e)
    }
}

impl From<rusqlite::Error> for Fatal {
    fn from(e: rusqlite::Error) -> Self {
        Fatal::Other(e.into())
    }
}

/// The results of one unit of work (a row; a sale's receipt, all its lines).
/// A unit with a refused row has written nothing.
pub(crate) type Unit = Vec<(Row, Result<Outcome, Vec<Problem>>)>;

/// Each kind of file: rows in, units of work out.
pub(crate) trait Handler {
    /// Takes one row; returns the units it completed (written in the open
    /// transaction). Every check of a unit comes before its first write.
    fn row(&mut self, tx: &Connection, row: Row) -> Result<Vec<Unit>>;
    /// The file has ended: the last units (none for a handler that
    /// completes each row as it comes).
    fn finish(&mut self, _tx: &Connection) -> Result<Vec<Unit>> {
        Ok(Vec::new())
    }
}

/// Rows committed at a time with `--skip-bad`, so a stop keeps what went in.
const BATCH_UNITS: usize = 2000;

/// Set by SIGINT/SIGTERM/SIGHUP: the import stops cleanly after the row.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        let _ = signal_hook::flag::register(sig, Arc::clone(&flag));
    }
    flag
}

/// Hooks for the command line: the report as it goes, and the progress.
pub struct Watch<'a> {
    pub stop: Arc<AtomicBool>,
    pub progress: &'a mut dyn progress::Progress,
    /// Each refused row as it is found.
    pub on_refused: &'a mut dyn FnMut(&Refused),
}

/// Imports `path` as `kind`.
pub fn run(
    conn: &mut Connection,
    kind: Kind,
    path: &Path,
    opts: &Options,
    cx: &Context<'_>,
    watch: &mut Watch<'_>,
) -> Result<Report, Fatal> {
    let bytes = BytesRead::default();
    let mut run = Run {
        conn,
        kind,
        opts,
        cx,
        report: Report {
            dry_run: opts.dry_run,
            ..Report::default()
        },
        handler: None,
        header: None,
        open: false,
        pending: 0,
        pending_rows: 0,
        refused_out: refused::Writer::beside(path),
        fatal: None,
    };
    let result = reader::each_row(path, &opts.read, &bytes, |row| {
        if watch.stop.load(Ordering::Relaxed) {
            run.report.stopped = Some("interrupted".into());
            return Ok(Flow::Stop);
        }
        let flow = run.take(row, watch)?;
        watch.progress.tick(run.report.rows as u64, bytes.get());
        Ok(flow)
    });
    if let Some(f) = run.fatal.take() {
        run.rollback();
        return Err(f);
    }
    let format = match result {
        Ok(f) => f,
        Err(e) => {
            run.rollback();
            run.report.stopped = Some(format!("{e:#}"));
            run.finish_refused();
            return Ok(run.report);
        }
    };
    run.report.format = Some(format);
    if run.header.is_none() {
        return Err(Fatal::Empty);
    }
    let end = (|| -> Result<()> {
        if run.report.stopped.is_none() {
            run.begin()?;
            let units = run
                .handler
                .as_mut()
                .expect("a header was read")
                .finish(run.conn)?;
            run.apply(units, watch)?;
        }
        run.end()
    })();
    if let Err(e) = end {
        run.rollback();
        run.report.stopped = Some(format!("{e:#}"));
    }
    run.finish_refused();
    watch.progress.done();
    Ok(run.report)
}

fn handler_for<'o>(
    kind: Kind,
    cols: Columns,
    cx: &'o Context<'o>,
    conn: &Connection,
) -> Result<Box<dyn Handler + 'o>> {
    Ok(match kind {
        Kind::Customers => Box::new(customers::Customers::new(cols, cx)),
        Kind::Products => Box::new(products::Products::new(cols, cx)),
        Kind::Sales => Box::new(sales::Sales::new(conn, cols, cx)?),
        Kind::Staff => Box::new(staff::Staff::new(cols, cx)),
    })
}

struct Run<'c, 'o> {
    conn: &'c mut Connection,
    kind: Kind,
    opts: &'o Options,
    cx: &'o Context<'o>,
    report: Report,
    handler: Option<Box<dyn Handler + 'o>>,
    header: Option<Row>,
    /// A transaction is open.
    open: bool,
    /// Units and rows written in the open transaction.
    pending: usize,
    pending_rows: usize,
    refused_out: refused::Writer,
    fatal: Option<Fatal>,
}

impl Run<'_, '_> {
    fn take(&mut self, row: Row, watch: &mut Watch<'_>) -> Result<Flow> {
        if self.header.is_none() {
            let cols = match self.cx.map.resolve(self.kind, &row.cells) {
                Ok(c) => c,
                Err(e) => {
                    self.fatal = Some(Fatal::Header(e));
                    return Ok(Flow::Stop);
                }
            };
            self.report.ignored_columns = cols.ignored.clone();
            self.refused_out.header(&row.cells);
            self.handler = Some(handler_for(self.kind, cols, self.cx, self.conn)?);
            self.header = Some(row);
            return Ok(Flow::Go);
        }
        self.report.rows += 1;
        self.begin()?;
        let units = self
            .handler
            .as_mut()
            .expect("a header was read")
            .row(self.conn, row)?;
        self.apply(units, watch)?;
        if self.opts.skip_bad && !self.opts.dry_run && self.pending >= BATCH_UNITS {
            self.commit()?;
        }
        Ok(Flow::Go)
    }

    /// Counts each unit. A handler checks a unit whole before it writes
    /// any of it, so a refused unit has written nothing (no savepoint per
    /// row: SQLite's statement journal and FTS5's flush on every savepoint
    /// cost more than the rest of the row).
    fn apply(&mut self, units: Vec<Unit>, watch: &mut Watch<'_>) -> Result<()> {
        for unit in units {
            let bad = unit.iter().any(|(_, r)| r.is_err());
            if !bad {
                self.pending += 1;
                self.pending_rows += unit.len();
            }
            for (row, result) in unit {
                match result {
                    Ok(Outcome::New) => self.report.new += 1,
                    Ok(Outcome::Updated) => self.report.updated += 1,
                    Ok(Outcome::Unchanged) => self.report.unchanged += 1,
                    Err(problems) => {
                        let r = Refused {
                            line: row.line,
                            problems,
                            cells: row.cells,
                        };
                        (watch.on_refused)(&r);
                        self.refused_out.write(&r, self.cx.locales[0])?;
                        self.report.refused.push(r);
                    }
                }
            }
        }
        Ok(())
    }

    /// Closes the file of refused rows. A disk too full for it stops the
    /// report's file, never the report: how many rows went in is still said.
    fn finish_refused(&mut self) {
        match self.refused_out.finish() {
            Ok(p) => self.report.refused_csv = p,
            Err(e) => {
                let why = format!("the refused rows could not be written: {e:#}");
                self.report.stopped = Some(match self.report.stopped.take() {
                    Some(s) => format!("{s}; {why}"),
                    None => why,
                });
            }
        }
    }

    fn begin(&mut self) -> Result<()> {
        if !self.open {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.open = true;
        }
        Ok(())
    }

    /// The end of the file: commit, unless refused rows (all or nothing) or a dry run.
    fn end(&mut self) -> Result<()> {
        // Interrupted with --skip-bad: what was checked good stays in.
        let keep = !self.opts.dry_run
            && (self.opts.skip_bad
                || (self.report.refused.is_empty() && self.report.stopped.is_none()));
        if keep {
            self.commit()
        } else {
            self.rollback();
            Ok(())
        }
    }

    fn commit(&mut self) -> Result<()> {
        if self.open {
            self.conn.execute_batch("COMMIT").context("cannot commit")?;
            self.open = false;
            self.report.went_in += self.pending_rows;
        }
        self.pending = 0;
        self.pending_rows = 0;
        Ok(())
    }

    fn rollback(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
            self.open = false;
        }
        self.pending = 0;
        self.pending_rows = 0;
    }
}

/// What an earlier import wrote for the record `key` of `kind`.
pub(crate) fn remembered(tx: &Connection, kind: Kind, key: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT values_json FROM import_rows WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind.id(), key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn remember(tx: &Connection, kind: Kind, key: &str, values: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO import_rows(kind, key, values_json, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(kind, key) DO UPDATE SET values_json = excluded.values_json, imported_at = excluded.imported_at",
    )?
    .execute(params![kind.id(), key, values, crate::store::now_utc()])?;
    Ok(())
}

/// A file's values as remembered: field → cleaned value, in field order.
pub(crate) type FileValues = std::collections::BTreeMap<String, String>;

pub(crate) fn to_json(v: &FileValues) -> String {
    serde_json::to_string(v).expect("a map of strings serialises")
}

pub(crate) fn from_json(s: &str) -> FileValues {
    serde_json::from_str(s).unwrap_or_default()
}

/// The fields to write for a record already in the shop: those the file
/// changed since it was last imported; for a record never imported, those
/// the shop has left empty (what staff typed stays).
pub(crate) fn to_apply(
    file: &FileValues,
    before: Option<&FileValues>,
    current: impl Fn(&str) -> String,
) -> Vec<String> {
    file.iter()
        .filter(|(k, v)| match before {
            Some(b) => b.get(*k) != Some(*v),
            None => !v.is_empty() && current(k).is_empty(),
        })
        .map(|(k, _)| k.clone())
        .collect()
}
