//! Writes a demo shop and says how long it took:
//! `cargo run --release --example write_demo -- PATH [CUSTOMERS] [SEED] [TODAY]`.

use aftercare::demo::{DemoSpec, write_demo};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .context("usage: write_demo PATH [CUSTOMERS] [SEED] [TODAY]")?,
    );
    let customers = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let seed = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    let today = match args.next() {
        Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")?,
        None => chrono::Local::now().date_naive(),
    };
    let summary = write_demo(
        &path,
        &DemoSpec {
            customers,
            seed,
            today,
        },
    )?;
    println!("{summary:#?}");
    Ok(())
}
