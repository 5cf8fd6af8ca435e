//! One customer's copy of everything the shop holds about them (PIPL art.
//! 45): a plain text file in the language they read, every section named,
//! every value labelled.

use anyhow::{Result, anyhow};
use rusqlite::Connection;
use std::io::Write;

use crate::domain::customer::Field;
use crate::i18n::Locale;
use crate::store::{customers, subject_access};

/// Writes the copy of customer `id` in `loc`'s language; `shop` and `today`
/// head it.
pub fn write<W: Write>(
    conn: &Connection,
    id: i64,
    loc: &Locale,
    shop: &str,
    today: chrono::NaiveDate,
    mut out: W,
) -> Result<()> {
    let c = customers::get(conn, id)?.ok_or_else(|| anyhow!("customer {id} not found"))?;
    let name = c.values.get(Field::Name).to_string();
    writeln!(
        out,
        "{}",
        loc.f(
            "access.title",
            &[
                ("shop", shop),
                ("name", &name),
                ("date", &today.to_string())
            ]
        )
    )?;
    writeln!(out, "{}\n", loc.t("access.intro"))?;
    writeln!(out, "== {} ==", loc.t("access.section.file"))?;
    for f in Field::ALL {
        let v = c.values.get(f);
        if !v.is_empty() {
            writeln!(out, "  {}: {}", loc.t(&format!("field.{}", f.key())), v)?;
        }
    }
    for s in subject_access::gather(conn, id)? {
        writeln!(
            out,
            "\n== {} ({}) ==",
            loc.t(&format!("access.section.{}", s.key)),
            s.rows.len()
        )?;
        if s.rows.is_empty() {
            writeln!(out, "  {}", loc.t("access.none"))?;
        }
        for row in &s.rows {
            for (col, v) in s.columns.iter().zip(row) {
                if !v.is_empty() {
                    writeln!(out, "  {}: {}", loc.t(&format!("access.col.{col}")), v)?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Writes the copy to `path`, readable by the owner and the shop's group only.
pub fn write_file(
    conn: &Connection,
    id: i64,
    loc: &Locale,
    shop: &str,
    today: chrono::NaiveDate,
    path: &std::path::Path,
) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o640)
        .open(path)?;
    write(conn, id, loc, shop, today, &mut f)?;
    f.flush()?;
    Ok(())
}
