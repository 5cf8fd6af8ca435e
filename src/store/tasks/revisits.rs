//! Periodic revisits beyond the 7-day call (seed 001: "产品售后服务应定期回访";
//! seed 003: "為消費者提供定期電話回訪或上門回訪", and its 感謝函 "無論有沒有做購買的決定"):
//! a made-to-order garment is revisited some days after delivery; at each
//! season change the customers who bought outerwear in the year before are
//! revisited; a visit that ended without a purchase, by a customer on file
//! with a phone who accepts messages, gets a thank-you letter. Each task is
//! made once for its source (and season): running again makes nothing.
//! Each kind has a too-late rule: a contact that many days past its day is
//! not made, and an open one is closed as too late.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};

use crate::domain::quality::season_change_on;
use crate::shop_data::quality::Revisits;

pub const MADE_TO_ORDER_REVISIT: &str = "made_to_order_revisit";
pub const SEASON_REVISIT: &str = "season_revisit";
pub const THANK_YOU_LETTER: &str = "thank_you_letter";
/// Why a contact whose day is long gone was closed (`tasks.outcome`).
pub const TOO_LATE: &str = "too_late";

/// Each revisit kind with the days past its day after which it is too late.
fn too_late_rules(r: &Revisits) -> [(&'static str, u32); 3] {
    [
        (THANK_YOU_LETTER, r.thank_you_too_late_after_days),
        (MADE_TO_ORDER_REVISIT, r.made_to_order_too_late_after_days),
        (SEASON_REVISIT, r.season_too_late_after_days),
    ]
}

/// The first due day of `kind` still made on `today`: within the catch-up
/// days and not too late.
fn made_from(today: NaiveDate, r: &Revisits, too_late_after_days: u32) -> NaiveDate {
    today - Duration::days(r.catch_up_days.min(too_late_after_days) as i64)
}

/// Closes the open revisits and letters whose day is more than their
/// too-late days gone; returns how many were closed.
pub fn close_too_late(
    conn: &Connection,
    today: NaiveDate,
    r: &Revisits,
    now: &str,
) -> Result<usize> {
    let mut closed = 0;
    for (kind, days) in too_late_rules(r) {
        let first = today - Duration::days(days as i64);
        closed += conn
            .prepare_cached(
                "UPDATE tasks SET done_at = ?3, outcome = ?4, version = version + 1
                 WHERE kind = ?1 AND done_at IS NULL AND due_on < ?2",
            )?
            .execute(params![kind, first.to_string(), now, TOO_LATE])?;
    }
    Ok(closed)
}

/// Makes the revisits owed on `today`; returns how many were made.
pub fn generate(conn: &Connection, today: NaiveDate, r: &Revisits, now: &str) -> Result<usize> {
    let since = made_from(today, r, r.made_to_order_too_late_after_days);
    let mut made = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, note, created_at)
             SELECT ?1, p.customer_id, c.closest_staff_id, date(p.purchased_on, '+' || ?2 || ' days'),
                    'purchase_line', l.id, pr.style_no || ' ' || pr.name, ?3
             FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
             JOIN products pr ON pr.id = l.product_id JOIN customers c ON c.id = p.customer_id
             WHERE pr.made_to_order = 1 AND c.erased_at IS NULL
               AND date(p.purchased_on, '+' || ?2 || ' days') BETWEEN ?4 AND ?5",
        )?
        .execute(params![
            MADE_TO_ORDER_REVISIT,
            r.made_to_order_after_days,
            now,
            since.to_string(),
            today.to_string()
        ])?;
    made += conn
        .prepare_cached(
            "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, created_at)
             SELECT ?1, v.customer_id, v.staff_id, date(v.finished_on, '+' || ?2 || ' days'), 'visit', v.id, ?3
             FROM visits v JOIN customers c ON c.id = v.customer_id
             WHERE v.outcome = 'not_bought' AND c.erased_at IS NULL AND c.greetings_ok = 1
               AND COALESCE(TRIM(c.phone), '') != ''
               AND date(v.finished_on, '+' || ?2 || ' days') BETWEEN ?4 AND ?5",
        )?
        .execute(params![
            THANK_YOU_LETTER,
            r.thank_you_after_days,
            now,
            made_from(today, r, r.thank_you_too_late_after_days).to_string(),
            today.to_string()
        ])?;
    let season_catch_up = r.catch_up_days.min(r.season_too_late_after_days);
    if let Some(day) = season_change_on(today, &r.season_changes, season_catch_up) {
        let from = day - Duration::days(r.season_look_back_days as i64);
        let categories = r.season_categories.join(",");
        made += conn
            .prepare_cached(
                "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, created_at)
                 SELECT DISTINCT ?1, c.id, c.closest_staff_id, ?2, 'customer', c.id, ?2, ?3
                 FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
                 JOIN products pr ON pr.id = l.product_id JOIN customers c ON c.id = p.customer_id
                 WHERE c.erased_at IS NULL AND p.purchased_on >= ?4 AND p.purchased_on < ?2
                   AND instr(',' || ?5 || ',', ',' || pr.category || ',') > 0",
            )?
            .execute(params![
                SEASON_REVISIT,
                day.to_string(),
                now,
                from.to_string(),
                categories
            ])?;
    }
    Ok(made)
}
