//! `aftercare check`.

use anyhow::Result;
use rusqlite::Connection;

#[derive(Debug, Default)]
pub struct Report {
    pub version: i64,
    pub findings: Vec<String>,
    pub problems: usize,
    /// A kept figure differs from a recount (`--repair` writes them again).
    pub kept_differ: bool,
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

/// Integrity, foreign keys, schema version, the shop's invariants
/// ([`super::invariants`]) and the kept figures against a recount
/// ([`super::kept`]), naming every row that breaks one; reads only.
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
        for d in super::kept::differences(conn)? {
            r.kept_differ = true;
            r.problem(d);
        }
    }
    Ok(r)
}
