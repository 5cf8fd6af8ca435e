//! CSV exports of the registers: UTF-8 with a byte-order mark (so a
//! spreadsheet reads Chinese right), a header row, RFC 4180 quoting.

pub mod aftersale;

use anyhow::Result;
use std::io::Write;

/// Writes a header row and the rows as CSV, with the byte-order mark first.
pub fn write_csv<W: Write>(
    out: W,
    header: &[String],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<usize> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header)?;
    let mut n = 0;
    for row in rows {
        w.write_record(&row)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// Money in a cell: yuan with two decimals, no currency sign, so a
/// spreadsheet reads it as a number.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}
