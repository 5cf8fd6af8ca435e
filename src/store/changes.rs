//! The shop's change log, for a chain's head office (issue 15).
//!
//! A shop with a code (see [`enrol`]) has SQLite triggers on every table
//! that holds shop records: each insert, update or delete appends one row to
//! `change_log` (a monotonic `seq`, the table, the row id, the operation and
//! the row as JSON) inside the same transaction as the change. So every
//! store function, the import and the demo log without knowing it, and a
//! change is logged if and only if it is committed.
//!
//! A shop without a code has no triggers and logs nothing. Enrolling (or
//! enrolling late, with years of records) installs the triggers and writes
//! a first full snapshot of every logged row into the log, in one
//! transaction; `aftercare sync` then pushes the log and prunes what head
//! office acknowledged.
//!
//! The triggers are generated from the live schema: when a later migration
//! adds a column, [`refresh_triggers`] (run by [`super::open`]) rebuilds them.

use anyhow::{Result, bail};
use rusqlite::{Connection, OptionalExtension, params};

/// The tables whose rows travel to head office. Left out: the shop's
/// settings, sign-in sessions, drafts, import bookkeeping, the audit log
/// (kept in the shop), message templates and the log itself.
pub const LOGGED_TABLES: &[&str] = &[
    "staff",
    "customers",
    "products",
    "purchases",
    "purchase_lines",
    "returns",
    "entitlements",
    "repair_jobs",
    "job_events",
    "care_jobs",
    "care_events",
    "contacts",
    "contact_feedback",
    "tasks",
    "task_runs",
    "visits",
    "visit_steps",
    "visit_lines",
    "visit_objections",
    "complaints",
    "complaint_events",
    "complaint_steps",
    "surveys",
    "survey_answers",
    "opinions",
    "greetings_sent",
    "vip_state",
    "vip_rewards",
    "gatherings",
    "gathering_guests",
    "campaigns",
    "one_plus_five",
    "service_checks",
    "chain_origins",
];

/// Columns that never leave the shop.
const KEPT_IN_SHOP: &[(&str, &str)] = &[("staff", "pin_hash"), ("staff", "failed_pins")];

/// The shop's code in the chain, if it has one.
pub fn shop_code(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT code FROM shop WHERE id = 1", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// A shop code: 2 to 16 letters, digits or '-', e.g. `SH-01`.
pub fn valid_code(code: &str) -> bool {
    (2..=16).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Gives the shop its chain code. The first time, installs the triggers and
/// writes the first full snapshot of every logged row into the change log,
/// all in one transaction; later, only changes the code (refused once
/// something was pushed under the old code: head office keys rows by it).
/// Returns the number of rows in the snapshot (0 when already enrolled).
pub fn enrol(conn: &Connection, code: &str) -> Result<u64> {
    if !valid_code(code) {
        bail!("'{code}' is not a shop code: 2 to 16 letters, digits or '-'");
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let out = (|| -> Result<u64> {
        if super::shop::name(conn)?.is_none() {
            bail!("this database holds no shop yet: set the shop up first");
        }
        let old = shop_code(conn)?;
        let enrolled: bool = conn
            .query_row("SELECT 1 FROM chain_state WHERE id = 1", [], |_| Ok(true))
            .optional()?
            .unwrap_or(false);
        if enrolled {
            if old.as_deref() != Some(code) {
                let pushed: i64 =
                    conn.query_row("SELECT acked_seq FROM chain_state", [], |r| r.get(0))?;
                if pushed > 0 {
                    bail!(
                        "this shop already sent its records to head office as {}: its code stays",
                        old.unwrap_or_default()
                    );
                }
                conn.execute("UPDATE shop SET code = ?1 WHERE id = 1", [code])?;
            }
            return Ok(0);
        }
        conn.execute("UPDATE shop SET code = ?1 WHERE id = 1", [code])?;
        conn.execute(
            "INSERT INTO chain_state(id, enrolled_at) VALUES (1, ?1)",
            [super::now_utc()],
        )?;
        install(conn)?;
        let mut rows = 0;
        for t in logged(conn)? {
            let sql = format!(
                "INSERT INTO change_log(tbl, row_id, op, row)
                 SELECT '{n}', t.rowid, 'S', {json} FROM \"{n}\" t ORDER BY t.rowid",
                n = t.name,
                json = t.json("t.")
            );
            rows += conn.execute(&sql, [])? as u64;
        }
        Ok(rows)
    })();
    match out {
        Ok(n) => {
            conn.execute_batch("COMMIT")?;
            Ok(n)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// A logged table as found in the schema.
struct Logged {
    name: String,
    columns: Vec<String>,
}

impl Logged {
    /// `json_object('col', <prefix>col, …)`.
    fn json(&self, prefix: &str) -> String {
        let pairs: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("'{c}', {prefix}\"{c}\""))
            .collect();
        format!("json_object({})", pairs.join(", "))
    }
}

/// The logged tables present in this database (rowid tables only), with
/// the columns that travel.
fn logged(conn: &Connection) -> Result<Vec<Logged>> {
    let mut out = Vec::new();
    for name in LOGGED_TABLES {
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        let Some(sql) = sql else { continue };
        if sql.to_ascii_uppercase().contains("WITHOUT ROWID") {
            continue;
        }
        let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{name}\")"))?;
        let columns = stmt
            .query_map([], |r| r.get::<_, String>(1))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|c| !KEPT_IN_SHOP.contains(&(name, c.as_str())))
            .collect();
        out.push(Logged {
            name: name.to_string(),
            columns,
        });
    }
    Ok(out)
}

/// The trigger statements for the schema as it is now.
fn trigger_sql(tables: &[Logged]) -> String {
    let mut sql = String::new();
    for t in tables {
        let n = &t.name;
        for (op, when, row) in [
            ("I", "INSERT", t.json("NEW.")),
            ("U", "UPDATE", t.json("NEW.")),
            ("D", "DELETE", "NULL".to_string()),
        ] {
            let id = if op == "D" { "OLD.rowid" } else { "NEW.rowid" };
            sql.push_str(&format!(
                "CREATE TRIGGER \"chain_{n}_{op}\" AFTER {when} ON \"{n}\" BEGIN \
                 INSERT INTO change_log(tbl, row_id, op, row) VALUES ('{n}', {id}, '{op}', {row}); END;\n"
            ));
        }
    }
    sql
}

fn fingerprint(sql: &str) -> String {
    // FNV-1a: stable across builds, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sql.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Drops and recreates the triggers (inside the caller's transaction).
fn install(conn: &Connection) -> Result<()> {
    let tables = logged(conn)?;
    let sql = trigger_sql(&tables);
    drop_triggers(conn)?;
    conn.execute_batch(&sql)?;
    conn.execute(
        "UPDATE chain_state SET trigger_sig = ?1 WHERE id = 1",
        [fingerprint(&sql)],
    )?;
    Ok(())
}

fn drop_triggers(conn: &Connection) -> Result<()> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'chain\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for n in names {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS \"{n}\""))?;
    }
    Ok(())
}

/// For an enrolled shop, rebuilds the triggers when the schema changed
/// since they were made (a newer aftercare added a column). Cheap when
/// nothing changed: one read of the schema.
///
/// A database that cannot be read here (damaged) still opens: the screens
/// and `aftercare check` say what is wrong; the triggers are looked at again
/// at the next start.
pub fn refresh_triggers(conn: &Connection) -> Result<()> {
    let current = (|| -> Result<bool> {
        let sig: Option<String> = conn
            .query_row(
                "SELECT trigger_sig FROM chain_state WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let Some(sig) = sig else { return Ok(true) };
        Ok(fingerprint(&trigger_sql(&logged(conn)?)) == sig)
    })();
    if current.unwrap_or(true) {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    match install(conn) {
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

/// One logged change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub seq: i64,
    pub table: String,
    pub row_id: i64,
    /// 'I', 'U', 'D' or 'S'.
    pub op: char,
    /// The row as JSON text; `None` for a delete.
    pub row: Option<String>,
}

/// Up to `limit` changes after `after`, oldest first.
pub fn since(conn: &Connection, after: i64, limit: usize) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, tbl, row_id, op, row FROM change_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after, limit as i64], |r| {
            Ok(Change {
                seq: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                op: r.get::<_, String>(3)?.chars().next().unwrap_or('U'),
                row: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The newest sequence number ever given (0 before the first change); it
/// does not go back when the log is pruned.
pub fn max_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Changes not yet acknowledged by head office.
pub fn pending(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM change_log
         WHERE seq > COALESCE((SELECT acked_seq FROM chain_state WHERE id = 1), 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Head office acknowledged everything up to `seq`: remembered, and the
/// log up to it deleted. Returns the rows deleted.
pub fn acknowledge(conn: &mut Connection, seq: i64) -> Result<usize> {
    super::write(conn, |tx| {
        tx.execute(
            "UPDATE chain_state SET acked_seq = MAX(acked_seq, ?1), last_sync_at = ?2 WHERE id = 1",
            params![seq, super::now_utc()],
        )?;
        Ok(tx.execute("DELETE FROM change_log WHERE seq <= ?1", [seq])?)
    })
}
