//! Versioned schema on SQLite's `user_version`.
//!
//! The write lock is taken first (BEGIN IMMEDIATE) and the version read
//! inside the same transaction, so two processes starting at once during an
//! upgrade apply each step exactly once.

use anyhow::{Result, bail};
use rusqlite::Connection;

/// The schema steps, in order. Step `i` brings the database to version `i + 1`.
const STEPS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_aftersale.sql"),
    include_str!("migrations/0003_visits.sql"),
    include_str!("migrations/0004_complaints.sql"),
    include_str!("migrations/0005_closest.sql"),
    include_str!("migrations/0006_tasks.sql"),
    include_str!("migrations/0007_greetings.sql"),
    include_str!("migrations/0008_vip.sql"),
    include_str!("migrations/0009_board.sql"),
    include_str!("migrations/0010_tasks_open.sql"),
    include_str!("migrations/0011_returned_lines.sql"),
    include_str!("migrations/0012_complaint_rounds.sql"),
    include_str!("migrations/0013_erasure_everywhere.sql"),
    include_str!("migrations/0014_catalogue.sql"),
    include_str!("migrations/0015_sessions.sql"),
    include_str!("migrations/0016_desk_practices.sql"),
    include_str!("migrations/0017_service_quality.sql"),
    include_str!("migrations/0018_till_birthday.sql"),
    include_str!("migrations/0019_vip_rewards.sql"),
    include_str!("migrations/0020_chain.sql"),
    include_str!("migrations/0021_record_version.sql"),
    include_str!("migrations/0022_kept_figures.sql"),
];

/// The schema version this build writes.
pub const CURRENT: i64 = STEPS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database written by a newer aftercare, before anything is touched.
pub fn check_not_newer(found: i64) -> Result<()> {
    if found > CURRENT {
        bail!(
            "this shop database has schema version {found}, written by a newer aftercare; \
             this program knows versions up to {CURRENT}. It has not been changed: \
             install the newer aftercare to open it"
        );
    }
    Ok(())
}

pub fn upgrade(conn: &Connection) -> Result<()> {
    // A read first: an up-to-date database needs no write lock at all.
    let seen = version(conn)?;
    check_not_newer(seen)?;
    if seen == CURRENT {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        let found = version(conn)?;
        check_not_newer(found)?;
        for (i, step) in STEPS.iter().enumerate().skip(found as usize) {
            conn.execute_batch(step)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
