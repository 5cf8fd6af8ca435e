//! The staff board's quality columns (DOMAIN §8) for one associate and
//! month: their "1+5" records, the service checks of their work and the
//! veto, and their satisfaction (surveys less complaints about them).
//!
//! Attribution: a survey counts for the associate who made the sale it is
//! about (else whoever took it); a complaint in one of the categories of
//! `[satisfaction] complaint_categories` counts against the associate who
//! made the sale it names, else the customer's closest associate.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::domain::board::BoardRow;
use crate::domain::quality;
use crate::shop_data::quality::QualityRules;

/// Fills `row.quality` for the month `[start, end)` (the shop's dates).
pub fn fill(
    conn: &Connection,
    row: &mut BoardRow,
    start: NaiveDate,
    end: NaiveDate,
    q: &QualityRules,
) -> Result<()> {
    let id = row.staff_id;
    let opf = super::one_plus_five::month(conn, id, start, end, q.one_plus_five.extras_per_job)?;
    let checks = super::service_checks::month(conn, id, start, end)?;
    let (from, to) = (start.to_string(), end.to_string());
    let survey_mean: Option<i64> = conn.query_row(
        "SELECT CAST(ROUND(AVG(s.mean_x100)) AS INTEGER) FROM surveys s
         LEFT JOIN purchases p ON p.id = s.purchase_id
         WHERE COALESCE(p.staff_id, s.staff_id) = ?1 AND s.taken_on >= ?2 AND s.taken_on < ?3",
        params![id, from, to],
        |r| r.get(0),
    )?;
    let categories = q.satisfaction.complaint_categories.join(",");
    let complaints: i64 = conn.query_row(
        "SELECT COUNT(*) FROM complaints m
         LEFT JOIN purchase_lines l ON l.id = m.purchase_line_id
         LEFT JOIN purchases p ON p.id = l.purchase_id
         LEFT JOIN customers c ON c.id = m.customer_id
         WHERE COALESCE(p.staff_id, c.closest_staff_id) = ?1
           AND m.received_on >= ?2 AND m.received_on < ?3
           AND instr(',' || ?4 || ',', ',' || m.category || ',') > 0",
        params![id, from, to, categories],
        |r| r.get(0),
    )?;
    let r = &mut row.quality;
    r.opf_jobs = opf.jobs;
    r.opf_first = opf.first_time_right;
    r.opf_full = opf.full;
    r.checks = checks.checks;
    r.checks_failed = checks.failed;
    r.bonus_vetoed = quality::bonus_vetoed(checks.failed, q.service_checks.veto_after_failed);
    r.complaints = complaints;
    r.satisfaction = quality::satisfaction_score(
        survey_mean,
        complaints,
        q.satisfaction.complaint_penalty_points,
    );
    Ok(())
}
