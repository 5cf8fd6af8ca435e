//! CSV exports of the registers: UTF-8 with a byte-order mark (so a
//! spreadsheet reads Chinese right), a header row, RFC 4180 quoting.

pub mod aftersale;
pub mod complaints;
pub mod customer_data;
pub mod feedback;
pub mod greetings;

use anyhow::Result;
use std::io::Write;

/// Whether phone numbers leave in full (a manager asked, audited) or masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phones {
    Masked,
    Full,
}

impl Phones {
    /// The phone as this export shows it.
    pub fn show(self, phone: &str) -> String {
        match self {
            Phones::Masked => crate::domain::customer::mask_phone(phone),
            Phones::Full => phone.to_string(),
        }
    }
}

/// Writes a header row and the rows as CSV, with the byte-order mark first.
/// Every cell goes through [`cell`]: no export can write a formula.
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
    w.write_record(header.iter().map(|c| cell(c)))?;
    let mut n = 0;
    for row in rows {
        w.write_record(row.iter().map(|c| cell(c)))?;
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

/// A cell as a spreadsheet shows it and never runs it: one starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (what a customer's words
/// may well do) gets a leading `'`.
pub fn cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// [`write_csv`] of rows already in hand.
pub fn write_table<W: Write>(out: W, header: &[String], rows: &[Vec<String>]) -> Result<usize> {
    write_csv(out, header, rows.iter().cloned())
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
