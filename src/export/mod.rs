//! Registers written as CSV for a spreadsheet: UTF-8 with a byte-order mark
//! (so Excel reads Chinese), a header row, RFC 4180 quoting and CRLF line
//! ends. A cell that a spreadsheet would run as a formula is written as text.

pub mod complaints;

use anyhow::Result;
use std::io::Write;

/// A CSV writer on `out`, the byte-order mark already written.
pub fn writer<W: Write>(mut out: W) -> Result<csv::Writer<W>> {
    out.write_all("\u{feff}".as_bytes())?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

/// A cell as text a spreadsheet shows and never runs: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Writes a header and rows; returns how many rows.
pub fn write_table<W: Write>(out: W, header: &[String], rows: &[Vec<String>]) -> Result<usize> {
    let mut w = writer(out)?;
    w.write_record(header)?;
    for r in rows {
        w.write_record(r.iter().map(|c| cell(c)))?;
    }
    w.flush()?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_header_crlf_and_quoting() {
        let mut out = Vec::new();
        let n = write_table(
            &mut out,
            &["编号".into(), "note".into()],
            &[vec!["TS1".into(), "said \"no\", twice\nthen left".into()]],
        )
        .unwrap();
        assert_eq!(n, 1);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}编号,note\r\nTS1,\"said \"\"no\"\", twice\nthen left\"\r\n"
        );
    }

    #[test]
    fn formulas_are_written_as_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-3"), "'-3");
        assert_eq!(cell("王芳"), "王芳");
    }
}
