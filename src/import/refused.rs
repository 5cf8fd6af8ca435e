//! The refused rows, written beside the input as `NAME.refused.csv`: the line
//! in the file, the reason in the user's language, then the row as it was, so
//! the shop can fix it there and import that file again. UTF-8 with a BOM so
//! Excel opens the Chinese right; a cell that Excel would take for a formula
//! (= + - @) is written with a leading apostrophe.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Refused;
use crate::i18n::Locale;

pub struct Writer {
    path: PathBuf,
    header: Vec<String>,
    out: Option<csv::Writer<BufWriter<File>>>,
}

impl Writer {
    pub fn beside(input: &Path) -> Writer {
        let stem = input
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "import".into());
        Writer {
            path: input.with_file_name(format!("{stem}.refused.csv")),
            header: Vec::new(),
            out: None,
        }
    }

    pub fn header(&mut self, cells: &[String]) {
        self.header = cells.to_vec();
    }

    pub fn write(&mut self, r: &Refused, loc: &Locale) -> Result<()> {
        if self.out.is_none() {
            let mut f = BufWriter::new(
                File::create(&self.path)
                    .with_context(|| format!("cannot write {}", self.path.display()))?,
            );
            f.write_all("\u{feff}".as_bytes())?;
            let mut w = csv::Writer::from_writer(f);
            let mut head = vec![
                loc.t("import.col_line").to_string(),
                loc.t("import.col_reason").to_string(),
            ];
            head.extend(self.header.iter().map(|h| safe(h)));
            w.write_record(&head)?;
            self.out = Some(w);
        }
        let reason: Vec<String> = r.problems.iter().map(|p| p.describe(loc)).collect();
        let mut rec = vec![r.line.to_string(), safe(&reason.join("; "))];
        rec.extend(r.cells.iter().map(|c| safe(c)));
        self.out
            .as_mut()
            .expect("opened above")
            .write_record(&rec)?;
        Ok(())
    }

    /// Flushes the file; its path when any row was refused.
    pub fn finish(&mut self) -> Result<Option<PathBuf>> {
        match self.out.take() {
            Some(mut w) => {
                w.flush()?;
                Ok(Some(self.path.clone()))
            }
            None => Ok(None),
        }
    }
}

/// A cell Excel would run as a formula is kept as text.
pub fn safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
