//! The shop row: its name; absent until the first-run set-up.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

pub fn name(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM shop WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

pub fn create(conn: &Connection, name: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO shop(id, name, created_at) VALUES (1, ?1, ?2)",
        rusqlite::params![name, super::now_utc()],
    )?;
    Ok(())
}
