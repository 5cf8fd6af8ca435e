//! The repair register 客户货品维修登记簿: jobs taken in against a goods
//! receipt, their moves with who and when, fees and invoices.

use anyhow::{Result, anyhow};
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::repair;

/// What the intake form records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intake {
    pub customer_id: Option<i64>,
    pub purchase_line_id: Option<i64>,
    pub contact_name: String,
    pub contact_phone: String,
    pub address: String,
    pub style_no: String,
    pub item: String,
    pub category: String,
    pub purchased_on: Option<NaiveDate>,
    pub problem: String,
    pub symptoms: String,
    /// The engine's decision: free_repair, paid_repair, free_service …
    pub decision: String,
    pub rules: String,
    pub reason: String,
    pub fee_fen: i64,
    pub received_on: NaiveDate,
    pub promised_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub job_no: String,
    pub customer_id: Option<i64>,
    pub intake: Intake,
    pub state: String,
    pub invoice_no: Option<String>,
    pub staff: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub state: String,
    pub at: String,
    pub staff: Option<String>,
    pub note: String,
}

/// Why a move was refused; `code` is a locale key under `desk.`.
#[derive(Debug)]
pub enum MoveError {
    Refused(&'static str),
    Conflict { by: Option<String>, at: String },
    Db(anyhow::Error),
}

impl From<rusqlite::Error> for MoveError {
    fn from(e: rusqlite::Error) -> Self {
        MoveError::Db(e.into())
    }
}

impl From<anyhow::Error> for MoveError {
    fn from(e: anyhow::Error) -> Self {
        MoveError::Db(e)
    }
}

/// Takes a job in: the register row, its first move and the audit; returns
/// the job's id and its goods-receipt number.
/// Refused without a customer (every job belongs to one: its calls go to
/// them) or promised before the day it is received.
pub fn intake(conn: &mut Connection, i: &Intake, staff_id: i64) -> Result<(i64, String)> {
    let Some(customer) = i.customer_id else {
        anyhow::bail!("a repair job is taken in for a customer: find or register them first");
    };
    if i.promised_on < i.received_on {
        anyhow::bail!(
            "a repair received on {} cannot be promised for {}",
            i.received_on,
            i.promised_on
        );
    }
    super::write(conn, |tx| {
        let live: bool = tx
            .query_row(
                "SELECT erased_at IS NULL FROM customers WHERE id = ?1",
                [customer],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !live {
            anyhow::bail!("customer {customer} has no file to take a repair in for");
        }
        let now = super::now_utc();
        tx.execute(
            "INSERT INTO repair_jobs(customer_id, item, state, received_on, promised_on, purchase_line_id,
                 contact_name, contact_phone, address, style_no, category, purchased_on, problem, symptoms,
                 decision, rules, reason, fee_fen, staff_id, created_at, updated_at, updated_by)
             VALUES (?1, ?2, 'received', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?18)",
            params![
                i.customer_id,
                i.item,
                i.received_on.to_string(),
                i.promised_on.to_string(),
                i.purchase_line_id,
                i.contact_name,
                i.contact_phone,
                i.address,
                i.style_no,
                i.category,
                i.purchased_on.map(|d| d.to_string()),
                i.problem,
                i.symptoms,
                i.decision,
                i.rules,
                i.reason,
                i.fee_fen,
                staff_id,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        // Numbered by year and row: unique, short to read out on the phone.
        let job_no = format!("W{}-{:05}", i.received_on.format("%y"), id);
        tx.execute(
            "UPDATE repair_jobs SET job_no = ?2 WHERE id = ?1",
            params![id, job_no],
        )?;
        tx.execute(
            "INSERT INTO job_events(job_id, state, at, staff_id, note) VALUES (?1, 'received', ?2, ?3, '')",
            params![id, now, staff_id],
        )?;
        super::audit::record(
            tx,
            Some(staff_id),
            "repair_intake",
            "repair_job",
            Some(id),
            &job_no,
        )?;
        Ok((id, job_no))
    })
}

const COLS: &str = "j.id, COALESCE(j.job_no, ''), j.customer_id, COALESCE(j.contact_name, c.name, ''), COALESCE(j.contact_phone, c.phone, ''),
    COALESCE(j.address, ''), COALESCE(j.style_no, ''), j.item, COALESCE(j.category, ''), j.purchased_on,
    COALESCE(j.problem, ''), COALESCE(j.symptoms, ''), COALESCE(j.decision, ''), COALESCE(j.rules, ''),
    COALESCE(j.reason, ''), j.fee_fen, j.received_on, j.promised_on, j.state, j.invoice_no, s.name, j.version, j.purchase_line_id";

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    let received: String = r.get(16)?;
    let received_on = date(Some(received)).unwrap_or_default();
    Ok(Job {
        id: r.get(0)?,
        job_no: r.get(1)?,
        customer_id: r.get(2)?,
        intake: Intake {
            customer_id: r.get(2)?,
            purchase_line_id: r.get(22)?,
            contact_name: r.get(3)?,
            contact_phone: r.get(4)?,
            address: r.get(5)?,
            style_no: r.get(6)?,
            item: r.get(7)?,
            category: r.get(8)?,
            purchased_on: date(r.get(9)?),
            problem: r.get(10)?,
            symptoms: r.get(11)?,
            decision: r.get(12)?,
            rules: r.get(13)?,
            reason: r.get(14)?,
            fee_fen: r.get(15)?,
            received_on,
            promised_on: date(r.get(17)?).unwrap_or(received_on),
        },
        state: r.get(18)?,
        invoice_no: r.get(19)?,
        staff: r.get(20)?,
        version: r.get(21)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Job>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLS} FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id
                 LEFT JOIN staff s ON s.id = j.staff_id WHERE j.id = ?1"
            ),
            [id],
            row,
        )
        .optional()?)
}

/// The register: jobs received between two dates (inclusive), or all the
/// open ones first when `open_only`; overdue ones first, then by promise.
pub fn register(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    open_only: bool,
    today: NaiveDate,
) -> Result<Vec<Job>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id
         LEFT JOIN staff s ON s.id = j.staff_id
         WHERE (?3 AND j.state NOT IN ('collected', 'returned_unrepaired'))
            OR (NOT ?3 AND j.received_on BETWEEN ?1 AND ?2)
         ORDER BY (j.state IN ('received', 'at_centre', 'repairing') AND j.promised_on < ?4) DESC,
                  (j.state = 'ready') DESC, j.promised_on, j.id"
    ))?;
    let rows = stmt.query_map(
        params![
            from.to_string(),
            to.to_string(),
            open_only,
            today.to_string()
        ],
        row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Who a repair at the desk is taken in for, found from what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// The one file with this phone.
    ByPhone { id: i64, name: String },
    /// No file with the phone; the one file with exactly this name.
    ByName { id: i64, name: String },
    /// Nobody: a new file is registered with the name and phone.
    New,
}

/// Finds the customer a repair is for: by phone (its digits whole), then by
/// the exact name; erased files are not found.
pub fn find_owner(conn: &Connection, name: &str, phone_digits: &str) -> Result<Owner> {
    if phone_digits.len() >= 5 {
        let found: Vec<(i64, String)> = conn
            .prepare_cached(
                "SELECT id, name FROM customers WHERE phone_digits = ?1 AND erased_at IS NULL
                 ORDER BY id LIMIT 2",
            )?
            .query_map([phone_digits], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if let [(id, name)] = found.as_slice() {
            return Ok(Owner::ByPhone {
                id: *id,
                name: name.clone(),
            });
        }
    }
    let name = name.trim();
    if !name.is_empty() {
        let found: Vec<i64> = conn
            .prepare_cached(
                "SELECT id FROM customers WHERE name = ?1 AND erased_at IS NULL ORDER BY id LIMIT 2",
            )?
            .query_map([name], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if let [id] = found.as_slice() {
            return Ok(Owner::ByName {
                id: *id,
                name: name.to_string(),
            });
        }
    }
    Ok(Owner::New)
}

/// A customer's repair jobs, newest first.
pub fn for_customer(conn: &Connection, customer_id: i64) -> Result<Vec<Job>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id
         LEFT JOIN staff s ON s.id = j.staff_id WHERE j.customer_id = ?1 ORDER BY j.received_on DESC, j.id DESC"
    ))?;
    let rows = stmt.query_map([customer_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn events(conn: &Connection, job_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.state, e.at, s.name, COALESCE(e.note, '') FROM job_events e
         LEFT JOIN staff s ON s.id = e.staff_id WHERE e.job_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([job_id], |r| {
        Ok(Event {
            state: r.get(0)?,
            at: r.get(1)?,
            staff: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Moves a job on, from the version the screen showed. "ready" creates the
/// call to the customer, "collected" the revisit; a job with a fee cannot
/// be collected before its invoice number is recorded.
#[allow(clippy::too_many_arguments)]
pub fn move_to(
    conn: &mut Connection,
    id: i64,
    version: i64,
    to: &str,
    note: &str,
    invoice_no: Option<&str>,
    staff_id: i64,
    today: NaiveDate,
    revisit_after_days: u32,
) -> Result<(), MoveError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let job = get(&tx, id)?.ok_or_else(|| anyhow!("repair job {id} not found"))?;
    if job.version != version {
        let (at, by): (String, Option<String>) = tx.query_row(
            "SELECT COALESCE(j.updated_at, ''), s.name FROM repair_jobs j LEFT JOIN staff s ON s.id = j.updated_by WHERE j.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        return Err(MoveError::Conflict { by, at });
    }
    if !repair::may_move(&job.state, to) {
        return Err(MoveError::Refused("move_not_allowed"));
    }
    let invoice = invoice_no
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .or(job.invoice_no.clone());
    if to == "collected" && job.intake.fee_fen > 0 && invoice.is_none() {
        return Err(MoveError::Refused("invoice_needed"));
    }
    let now = super::now_utc();
    tx.execute(
        "UPDATE repair_jobs SET state = ?2, invoice_no = ?3, updated_at = ?4, updated_by = ?5, version = version + 1
         WHERE id = ?1",
        params![id, to, invoice, now, staff_id],
    )?;
    tx.execute(
        "INSERT INTO job_events(job_id, state, at, staff_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, to, now, staff_id, note],
    )?;
    calls_after_move(&tx, &job, to, today, revisit_after_days)?;
    super::audit::record(
        &tx,
        Some(staff_id),
        "repair_move",
        "repair_job",
        Some(id),
        to,
    )?;
    tx.commit()?;
    Ok(())
}

/// The calls a move owes, to the associate closest to the customer: the
/// "ready" call; after collection the revisit, and no ready call left open.
fn calls_after_move(
    tx: &Connection,
    job: &Job,
    to: &str,
    today: NaiveDate,
    revisit_after_days: u32,
) -> Result<()> {
    // The calls go to the associate closest to the customer.
    let closest: Option<i64> = match job.customer_id {
        Some(c) => tx
            .query_row(
                "SELECT closest_staff_id FROM customers WHERE id = ?1",
                [c],
                |r| r.get(0),
            )
            .optional()?
            .flatten(),
        None => None,
    };
    match to {
        "ready" => {
            super::tasks::create_once(
                tx,
                "repair_ready_call",
                job.customer_id,
                closest,
                today,
                "repair_job",
                job.id,
                &job.job_no,
            )?;
        }
        "collected" => {
            // The goods are back with the customer: nobody calls about them.
            super::tasks::close_for_source(
                tx,
                "repair_job",
                job.id,
                Some("repair_ready_call"),
                super::tasks::SETTLED_COLLECTED,
            )?;
            let due = today + Duration::days(revisit_after_days as i64);
            super::tasks::create_once(
                tx,
                "repair_revisit",
                job.customer_id,
                closest,
                due,
                "repair_job",
                job.id,
                &job.job_no,
            )?;
        }
        "returned_unrepaired" => {
            super::tasks::close_for_source(
                tx,
                "repair_job",
                job.id,
                Some("repair_ready_call"),
                super::tasks::SETTLED_RETURNED_UNREPAIRED,
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// Records the fee of a paid repair (before collection).
pub fn set_fee(conn: &mut Connection, id: i64, fee_fen: i64, staff_id: i64) -> Result<()> {
    super::write(conn, |tx| {
        tx.execute(
            "UPDATE repair_jobs SET fee_fen = ?2, updated_at = ?3, updated_by = ?4, version = version + 1 WHERE id = ?1",
            params![id, fee_fen, super::now_utc(), staff_id],
        )?;
        super::audit::record(
            tx,
            Some(staff_id),
            "repair_fee",
            "repair_job",
            Some(id),
            &fee_fen.to_string(),
        )
    })
}

#[cfg(test)]
mod tests;
