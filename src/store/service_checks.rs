//! Internal service checks 内部核检 (DOMAIN §8, seed 000): a manager checks
//! a finished service against the shop's standard; a failed check counts
//! against the associate whose service it was (the veto on the bonus).

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::domain::quality::ServiceKind;

/// A finished service a manager may check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub kind: ServiceKind,
    pub id: i64,
    /// The shop's date it was finished.
    pub on: String,
    /// Its number: goods receipt, return, complaint or sales receipt.
    pub number: String,
    pub customer: String,
    pub staff_id: Option<i64>,
    pub staff: Option<String>,
    /// The latest check's verdict, if it was checked.
    pub passed: Option<bool>,
}

/// One associate's checks in a month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Month {
    pub checks: i64,
    pub failed: i64,
}

const LAST_CHECK: &str = "(SELECT k.passed FROM service_checks k WHERE k.service_kind = '{kind}'
     AND k.service_id = {id} ORDER BY k.id DESC LIMIT 1)";

fn last_check(kind: &str, id: &str) -> String {
    LAST_CHECK.replace("{kind}", kind).replace("{id}", id)
}

/// Services finished on or after `since`, newest first: collected or
/// returned repairs, returns and exchanges, closed complaints, finished visits.
pub fn finished(conn: &Connection, since: NaiveDate, limit: usize) -> Result<Vec<Service>> {
    let sql = format!(
        "SELECT 'repair', j.id, substr(COALESCE(j.updated_at, j.received_on), 1, 10), COALESCE(j.job_no, ''),
                COALESCE(j.contact_name, c.name, ''), j.staff_id, s.name, {}
           FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN staff s ON s.id = j.staff_id
          WHERE j.state IN ('collected', 'returned_unrepaired') AND substr(COALESCE(j.updated_at, j.received_on), 1, 10) >= ?1
         UNION ALL
         SELECT 'return', r.id, r.decided_on, COALESCE(r.return_no, ''), COALESCE(c.name, ''), r.staff_id, s.name, {}
           FROM returns r LEFT JOIN customers c ON c.id = r.customer_id LEFT JOIN staff s ON s.id = r.staff_id
          WHERE r.decided_on >= ?1
         UNION ALL
         SELECT 'complaint', m.id, substr(m.closed_at, 1, 10), m.complaint_no, COALESCE(c.name, ''), m.taken_by, s.name, {}
           FROM complaints m LEFT JOIN customers c ON c.id = m.customer_id LEFT JOIN staff s ON s.id = m.taken_by
          WHERE m.state = 'closed' AND substr(m.closed_at, 1, 10) >= ?1
         UNION ALL
         SELECT 'visit', v.id, v.finished_on, COALESCE(v.receipt_no, 'V-' || v.id), COALESCE(c.name, ''), v.staff_id, s.name, {}
           FROM visits v LEFT JOIN customers c ON c.id = v.customer_id LEFT JOIN staff s ON s.id = v.staff_id
          WHERE v.finished_on >= ?1
         ORDER BY 3 DESC, 1, 2 DESC LIMIT ?2",
        last_check("repair", "j.id"),
        last_check("return", "r.id"),
        last_check("complaint", "m.id"),
        last_check("visit", "v.id"),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![since.to_string(), limit as i64], |r| {
        let kind: String = r.get(0)?;
        Ok(Service {
            kind: ServiceKind::from_id(&kind).unwrap_or(ServiceKind::Visit),
            id: r.get(1)?,
            on: r.get(2)?,
            number: r.get(3)?,
            customer: r.get(4)?,
            staff_id: r.get(5)?,
            staff: r.get(6)?,
            passed: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records a check with its verdict (from the domain's rule); audited.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut Connection,
    s: &Service,
    passed: bool,
    failed_items: &[String],
    reason: &str,
    checked_by: i64,
    today: NaiveDate,
) -> Result<i64> {
    super::write(conn, |tx| {
        tx.execute(
            "INSERT INTO service_checks(service_kind, service_id, staff_id, checked_by, checked_on,
                 passed, failed_items, reason, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                s.kind.id(),
                s.id,
                s.staff_id,
                checked_by,
                today.to_string(),
                passed,
                failed_items.join(","),
                reason.trim(),
                super::now_utc()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let verdict = if passed { "passed" } else { "failed" };
        super::audit::record(
            tx,
            Some(checked_by),
            "service_check",
            s.kind.id(),
            Some(s.id),
            &format!("{verdict} {}", failed_items.join(",")),
        )?;
        Ok(id)
    })
}

/// `staff`'s checks made in `[from, to)`.
pub fn month(conn: &Connection, staff: i64, from: NaiveDate, to: NaiveDate) -> Result<Month> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(NOT passed), 0) FROM service_checks
         WHERE staff_id = ?1 AND checked_on >= ?2 AND checked_on < ?3",
        params![staff, from.to_string(), to.to_string()],
        |r| {
            Ok(Month {
                checks: r.get(0)?,
                failed: r.get(1)?,
            })
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::Role;
    use crate::store::repairs::{self, Intake};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// seed 000: "內部核檢則是根據企業建立的服務標準,對售后服務過程進行檢查,實行服務質量否決權制度"
    #[test]
    fn a_finished_repair_is_offered_checked_and_counted_against_its_associate() {
        crate::store::fix_clock(Some(d("2026-11-06").and_hms_opt(10, 0, 0).unwrap()));
        let mut conn = crate::store::open_in_memory().unwrap();
        let wang = crate::store::staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
        let boss = crate::store::staff::add(&conn, "李店长", Role::Manager, "x").unwrap();
        let intake = Intake {
            contact_name: "张三".into(),
            item: "羊毛大衣".into(),
            decision: "free_repair".into(),
            received_on: d("2026-11-01"),
            promised_on: d("2026-11-05"),
            ..Intake::default()
        };
        let (id, no) = repairs::intake(&mut conn, &intake, wang).unwrap();
        assert!(finished(&conn, d("2026-10-01"), 50).unwrap().is_empty());
        repairs::move_to(
            &mut conn,
            id,
            1,
            "ready",
            "",
            None,
            wang,
            d("2026-11-05"),
            3,
        )
        .unwrap();
        repairs::move_to(
            &mut conn,
            id,
            2,
            "collected",
            "",
            None,
            wang,
            d("2026-11-06"),
            3,
        )
        .unwrap();
        let list = finished(&conn, d("2026-10-01"), 50).unwrap();
        assert_eq!(list.len(), 1);
        let s = &list[0];
        assert_eq!(
            (s.kind, s.number.as_str(), s.staff_id),
            (ServiceKind::Repair, no.as_str(), Some(wang))
        );
        assert_eq!(s.passed, None);
        record(
            &mut conn,
            s,
            false,
            &["courteous".into()],
            "argued with the customer",
            boss,
            d("2026-11-07"),
        )
        .unwrap();
        let list = finished(&conn, d("2026-10-01"), 50).unwrap();
        assert_eq!(list[0].passed, Some(false));
        let m = month(&conn, wang, d("2026-11-01"), d("2026-12-01")).unwrap();
        assert_eq!((m.checks, m.failed), (1, 1));
        assert_eq!(
            month(&conn, boss, d("2026-11-01"), d("2026-12-01")).unwrap(),
            Month::default()
        );
        crate::store::fix_clock(None);
    }
}
