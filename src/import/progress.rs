//! How far an import has got: a bar with rows per second and time left when
//! standard error is a terminal (indicatif), plain lines otherwise.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

pub trait Progress {
    /// `rows` read so far, `bytes` of the file read.
    fn tick(&mut self, rows: u64, bytes: u64);
    fn done(&mut self);
}

/// No progress shown (tests, small files).
pub struct Silent;

impl Progress for Silent {
    fn tick(&mut self, _: u64, _: u64) {}
    fn done(&mut self) {}
}

/// The bar on a terminal, a line every so many rows otherwise.
pub struct Shown {
    bar: Option<ProgressBar>,
    started: Instant,
    every: u64,
    next_line: u64,
    rows_word: String,
}

impl Shown {
    /// `total_bytes`: the file's size (0 when unknown, as in a workbook).
    /// `rows_word` is "rows" in the user's language.
    pub fn new(total_bytes: u64, rows_word: &str) -> Shown {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = if total_bytes > 0 {
                ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr())
            } else {
                ProgressBar::new_spinner()
            };
            let template = if total_bytes > 0 {
                "{bar:30} {percent:>3}%  {msg}  {eta}"
            } else {
                "{spinner} {msg}"
            };
            bar.set_style(
                ProgressStyle::with_template(template)
                    .expect("the template is valid")
                    .progress_chars("█▉▊▋▌▍▎▏ "),
            );
            bar
        });
        Shown {
            bar,
            started: Instant::now(),
            every: 100_000,
            next_line: 100_000,
            rows_word: rows_word.to_string(),
        }
    }

    fn rate(&self, rows: u64) -> u64 {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        (rows as f64 / secs) as u64
    }
}

impl Progress for Shown {
    fn tick(&mut self, rows: u64, bytes: u64) {
        if !rows.is_multiple_of(1000) && rows > 10 {
            return;
        }
        match &self.bar {
            Some(bar) => {
                if bar.length().is_some() {
                    bar.set_position(bytes);
                }
                bar.set_message(format!("{rows} {} ({}/s)", self.rows_word, self.rate(rows)));
            }
            None if rows >= self.next_line => {
                self.next_line += self.every;
                eprintln!("… {rows} {} ({}/s)", self.rows_word, self.rate(rows));
            }
            None => {}
        }
    }

    fn done(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
