//! `aftercare check` and `aftercare backup`.

use anyhow::{Context, Result};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Report {
    pub version: i64,
    pub findings: Vec<String>,
    pub problems: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems == 0
    }

    fn problem(&mut self, s: String) {
        self.problems += 1;
        self.findings.push(s);
    }
}

/// Integrity, foreign keys, schema version and the shop's invariants
/// ([`super::invariants`]), naming every row that breaks one; reads only.
pub fn run(conn: &Connection) -> Result<Report> {
    let mut r = Report {
        version: super::migrate::version(conn)?,
        ..Report::default()
    };
    if r.version > super::migrate::CURRENT {
        r.problem(format!(
            "schema version {} is newer than this program's {}: use the newer aftercare",
            r.version,
            super::migrate::CURRENT
        ));
    } else if r.version < super::migrate::CURRENT {
        r.findings.push(format!(
            "schema version {} will be upgraded to {} when the app next opens it",
            r.version,
            super::migrate::CURRENT
        ));
    }
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = row?;
        if line != "ok" {
            r.problem(format!("integrity: {line}"));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |row| {
        Ok(format!(
            "foreign key: {} row {} refers to a missing {} (constraint {})",
            row.get::<_, String>(0)?,
            row.get::<_, Option<i64>>(1)?
                .map(|i| i.to_string())
                .unwrap_or_default(),
            row.get::<_, String>(2)?,
            row.get::<_, i64>(3)?
        ))
    })?;
    for row in rows {
        r.problem(row?);
    }
    // The shop's own rules, once the schema is this program's.
    if r.version == super::migrate::CURRENT {
        for b in super::invariants::breaches(conn)? {
            r.problem(b.to_string());
        }
    }
    Ok(r)
}

/// A consistent copy made with SQLite's online backup, a few pages at a
/// time so other processes keep writing meanwhile.
pub fn backup(conn: &Connection, to: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if to.exists() {
        anyhow::bail!("{} exists already; choose a new file name", to.display());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o660)
        .open(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    let mut dst = Connection::open(to)?;
    {
        let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
        b.run_to_completion(256, Duration::from_millis(5), None)?;
    }
    let ok: String = dst.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        anyhow::bail!("the copy failed its integrity check: {ok}");
    }
    Ok(())
}
