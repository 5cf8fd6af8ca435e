//! Erasure reaches every copy: the personal data a customer's file held is
//! also copied into repair jobs, complaints, notes, drafts and the audit log.
//! This wipes those copies inside the erasing transaction; `secure_delete`
//! (set on every connection) overwrites the freed bytes, and a checkpoint
//! afterwards clears the old page images out of the write-ahead log.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// What identifies the customer, read before the file is wiped: every
/// non-empty value is searched for in the copies.
pub fn needles(conn: &Connection, id: i64) -> Result<Vec<String>> {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = conn
        .query_row(
            "SELECT name, phone, phone_digits, address, email FROM customers WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    let mut out: Vec<String> = [Some(row.0), row.1, row.2, row.3, row.4]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        // A one-character value would hit unrelated words.
        .filter(|s| s.chars().count() >= 2)
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    Ok(out)
}

/// Wipes the copies of customer `id`'s personal data (`needles`) everywhere.
pub fn wipe_copies(tx: &Connection, id: i64, needles: &[String]) -> Result<()> {
    // The repair register keeps its own contact details: wiped whole.
    tx.execute(
        "UPDATE repair_jobs SET contact_name = '', contact_phone = NULL, address = NULL
         WHERE customer_id = ?1",
        [id],
    )?;
    // Free-text notes on the customer's jobs, complaints and their events.
    for sql in [
        "UPDATE contacts SET note = NULL WHERE customer_id = ?1",
        "UPDATE contact_feedback SET suggestions = '' WHERE customer_id = ?1",
        "UPDATE tasks SET note = NULL, answers = NULL WHERE customer_id = ?1",
        "UPDATE job_events SET note = NULL WHERE job_id IN (SELECT id FROM repair_jobs WHERE customer_id = ?1)",
        "UPDATE care_events SET note = NULL WHERE care_job_id IN (SELECT id FROM care_jobs WHERE customer_id = ?1)",
        "UPDATE complaint_events SET note = NULL WHERE complaint_id IN (SELECT id FROM complaints WHERE customer_id = ?1)",
        "UPDATE complaints SET words = '', restated = NULL, compensation_note = NULL,
             final_offer = NULL, follow_up = NULL, solution = NULL WHERE customer_id = ?1",
        "UPDATE surveys SET comment = NULL WHERE customer_id = ?1",
        "UPDATE opinions SET text = '' WHERE customer_id = ?1",
        "UPDATE gathering_guests SET note = '' WHERE customer_id = ?1",
        "DELETE FROM drafts WHERE kind = 'customer_form' AND subject_id = ?1",
    ] {
        tx.execute(sql, [id])?;
    }
    // Whatever else copied a value: every text column of every table that
    // names the customer, the audit rows about them, any draft holding it.
    for (table, columns) in tables_with_customer_id(tx)? {
        for col in columns {
            for n in needles {
                tx.execute(
                    &format!(
                        "UPDATE \"{table}\" SET \"{col}\" = replace(\"{col}\", ?2, '')
                         WHERE customer_id = ?1 AND instr(\"{col}\", ?2) > 0"
                    ),
                    params![id, n],
                )?;
            }
        }
    }
    for n in needles {
        tx.execute(
            "UPDATE audit_log SET detail = replace(detail, ?2, '')
             WHERE instr(detail, ?2) > 0
               AND ((entity = 'customer' AND entity_id = ?1) OR ?2 GLOB '*[0-9][0-9][0-9][0-9][0-9]*')",
            params![id, n],
        )?;
        tx.execute("DELETE FROM drafts WHERE instr(payload, ?1) > 0", [n])?;
    }
    Ok(())
}

/// Tables (not the customer file itself) with a `customer_id` column, and
/// their text columns.
fn tables_with_customer_id(conn: &Connection) -> Result<Vec<(String, Vec<String>)>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'customers'
             AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for t in tables {
        let cols: Vec<(String, String)> = conn
            .prepare(&format!("PRAGMA table_info(\"{t}\")"))?
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        if !cols.iter().any(|(c, _)| c == "customer_id") {
            continue;
        }
        let text: Vec<String> = cols
            .into_iter()
            .filter(|(_, ty)| ty.eq_ignore_ascii_case("TEXT"))
            .map(|(c, _)| c)
            .collect();
        out.push((t, text));
    }
    Ok(out)
}

/// After an erasure: old page images in the write-ahead log are copied back
/// (now overwritten) and the log truncated, when no reader holds it.
pub fn flush_log(conn: &Connection) {
    // Busy is not an error here: the next checkpoint does it.
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
}
