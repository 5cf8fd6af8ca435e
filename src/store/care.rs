//! Care entitlements 干洗 / 皮衣护理 and the care jobs that use them up.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::repair::next_stage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    pub id: i64,
    pub customer_id: i64,
    /// `dry_clean` or `leather_care`.
    pub kind: String,
    pub item: String,
    pub granted_on: String,
    pub valid_until: Option<String>,
    pub used_on: Option<String>,
}

impl Entitlement {
    /// Still there to be used on `today`.
    pub fn usable(&self, today: NaiveDate) -> bool {
        self.used_on.is_none()
            && self
                .valid_until
                .as_deref()
                .is_none_or(|v| v >= today.to_string().as_str())
    }
}

/// Grants an entitlement for a purchase line, once.
pub fn grant(
    conn: &Connection,
    customer_id: i64,
    line_id: Option<i64>,
    kind: &str,
    granted_on: NaiveDate,
    valid_until: Option<NaiveDate>,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO entitlements(customer_id, purchase_line_id, kind, granted_on, valid_until)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![customer_id, line_id, kind, granted_on.to_string(), valid_until.map(|d| d.to_string())])?;
    Ok(n == 1)
}

const ENTITLEMENT: &str = "SELECT e.id, e.customer_id, e.kind, COALESCE(pr.name, ''), e.granted_on, e.valid_until, e.used_on
     FROM entitlements e LEFT JOIN purchase_lines l ON l.id = e.purchase_line_id
     LEFT JOIN products pr ON pr.id = l.product_id";

fn entitlement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entitlement> {
    Ok(Entitlement {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        kind: r.get(2)?,
        item: r.get(3)?,
        granted_on: r.get(4)?,
        valid_until: r.get(5)?,
        used_on: r.get(6)?,
    })
}

fn entitlement(conn: &Connection, id: i64) -> Result<Option<Entitlement>> {
    Ok(conn
        .query_row(
            &format!("{ENTITLEMENT} WHERE e.id = ?1"),
            [id],
            entitlement_row,
        )
        .optional()?)
}

/// The customer's entitlements, unused first.
pub fn for_customer(conn: &Connection, customer_id: i64) -> Result<Vec<Entitlement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ENTITLEMENT} WHERE e.customer_id = ?1 ORDER BY e.used_on IS NOT NULL, e.granted_on DESC, e.id"
    ))?;
    let rows = stmt.query_map([customer_id], entitlement_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareJob {
    pub id: i64,
    pub job_no: String,
    pub customer_id: i64,
    pub customer: String,
    pub kind: String,
    pub item: String,
    pub stage: String,
    pub done: bool,
    pub received_on: String,
    pub version: i64,
}

/// Why a redemption or a stage move was refused; a locale key under `desk.`.
#[derive(Debug)]
pub enum CareError {
    Refused(&'static str),
    Db(anyhow::Error),
}

impl From<rusqlite::Error> for CareError {
    fn from(e: rusqlite::Error) -> Self {
        CareError::Db(e.into())
    }
}

impl From<anyhow::Error> for CareError {
    fn from(e: anyhow::Error) -> Self {
        CareError::Db(e)
    }
}

/// Uses an entitlement up: a care job starts at its first stage.
pub fn redeem(
    conn: &mut Connection,
    entitlement_id: i64,
    first_stage: &str,
    staff_id: i64,
    today: NaiveDate,
) -> Result<(i64, String), CareError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(e) = entitlement(&tx, entitlement_id)? else {
        return Err(CareError::Refused("entitlement_unknown"));
    };
    let Entitlement {
        customer_id,
        kind,
        valid_until,
        used_on,
        item,
        ..
    } = e;
    if used_on.is_some() {
        return Err(CareError::Refused("entitlement_used"));
    }
    if valid_until
        .as_deref()
        .is_some_and(|v| v < today.to_string().as_str())
    {
        return Err(CareError::Refused("entitlement_expired"));
    }
    let now = super::now_utc();
    tx.execute(
        "UPDATE entitlements SET used_on = ?2 WHERE id = ?1",
        params![entitlement_id, today.to_string()],
    )?;
    tx.execute(
        "INSERT INTO care_jobs(entitlement_id, customer_id, kind, item, stage, received_on, staff_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![entitlement_id, customer_id, kind, item, first_stage, today.to_string(), staff_id, now],
    )?;
    let id = tx.last_insert_rowid();
    let no = format!("C{}-{:05}", today.format("%y"), id);
    tx.execute(
        "UPDATE care_jobs SET job_no = ?2 WHERE id = ?1",
        params![id, no],
    )?;
    tx.execute(
        "INSERT INTO care_events(care_job_id, stage, at, staff_id) VALUES (?1, ?2, ?3, ?4)",
        params![id, first_stage, now, staff_id],
    )?;
    super::audit::record(
        &tx,
        Some(staff_id),
        "care_redeem",
        "care_job",
        Some(id),
        &kind,
    )?;
    tx.commit()?;
    Ok((id, no))
}

const COLS: &str = "j.id, COALESCE(j.job_no, ''), j.customer_id, COALESCE(c.name, ''), j.kind, j.item, j.stage, j.done, j.received_on, j.version";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CareJob> {
    Ok(CareJob {
        id: r.get(0)?,
        job_no: r.get(1)?,
        customer_id: r.get(2)?,
        customer: r.get(3)?,
        kind: r.get(4)?,
        item: r.get(5)?,
        stage: r.get(6)?,
        done: r.get(7)?,
        received_on: r.get(8)?,
        version: r.get(9)?,
    })
}

/// Care jobs not yet given back, oldest first.
pub fn open_jobs(conn: &Connection) -> Result<Vec<CareJob>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM care_jobs j LEFT JOIN customers c ON c.id = j.customer_id WHERE j.done = 0 ORDER BY j.received_on, j.id"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Moves a care job to its next stage; after the last one it is done.
pub fn advance(
    conn: &mut Connection,
    id: i64,
    version: i64,
    stages: &[String],
    staff_id: i64,
) -> Result<String, CareError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let job = tx
        .query_row(&format!("SELECT {COLS} FROM care_jobs j LEFT JOIN customers c ON c.id = j.customer_id WHERE j.id = ?1"), [id], row)
        .optional()?
        .ok_or(CareError::Refused("entitlement_unknown"))?;
    if job.version != version {
        return Err(CareError::Refused("changed_meanwhile"));
    }
    if job.done {
        return Err(CareError::Refused("care_done"));
    }
    let (stage, done) = match next_stage(stages, &job.stage) {
        Some(next) => (next.to_string(), false),
        None => (job.stage.clone(), true),
    };
    let now = super::now_utc();
    tx.execute(
        "UPDATE care_jobs SET stage = ?2, done = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
        params![id, stage, done, now],
    )?;
    let note = if done { "done" } else { "" };
    tx.execute(
        "INSERT INTO care_events(care_job_id, stage, at, staff_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, stage, now, staff_id, note],
    )?;
    tx.commit()?;
    Ok(if done { "done".into() } else { stage })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::Role;

    #[test]
    fn an_entitlement_is_used_once_and_its_job_walks_the_stages() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let s = crate::store::staff::add(&conn, "王芳", Role::Service, "x").unwrap();
        conn.execute(
            "INSERT INTO customers(name, phone, created_at, updated_at) VALUES ('张三', '13812345678', 'x', 'x')",
            [],
        )
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        grant(&conn, 1, None, "leather_care", today, None).unwrap();
        let e = for_customer(&conn, 1).unwrap();
        assert!(e[0].usable(today));
        let stages: Vec<String> = ["receive", "clean", "return"].map(String::from).to_vec();
        let (id, _) = redeem(&mut conn, e[0].id, "receive", s, today).unwrap();
        assert!(matches!(
            redeem(&mut conn, e[0].id, "receive", s, today),
            Err(CareError::Refused("entitlement_used"))
        ));
        assert_eq!(advance(&mut conn, id, 1, &stages, s).unwrap(), "clean");
        assert_eq!(advance(&mut conn, id, 2, &stages, s).unwrap(), "return");
        assert_eq!(advance(&mut conn, id, 3, &stages, s).unwrap(), "done");
        assert!(open_jobs(&conn).unwrap().is_empty());
        assert!(!for_customer(&conn, 1).unwrap()[0].usable(today));
    }

    #[test]
    fn an_expired_dry_clean_is_refused() {
        let mut conn = crate::store::open_in_memory().unwrap();
        conn.execute(
            "INSERT INTO customers(name, phone, created_at, updated_at) VALUES ('张三', '13812345678', 'x', 'x')",
            [],
        )
        .unwrap();
        let sold = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        grant(
            &conn,
            1,
            None,
            "dry_clean",
            sold,
            NaiveDate::from_ymd_opt(2025, 12, 31),
        )
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(matches!(
            redeem(&mut conn, 1, "receive", 1, today),
            Err(CareError::Refused("entitlement_expired"))
        ));
    }
}
