//! Periodic revisits beyond the 7-day call (seed 001: "产品售后服务应定期回访";
//! seed 003: "為消費者提供定期電話回訪或上門回訪", and its 感謝函 "無論有沒有做購買的決定"):
//! a made-to-order garment is revisited some days after delivery; at each
//! season change the customers who bought outerwear in the year before are
//! revisited; a visit that ended without a purchase, by a customer on file
//! with a phone who accepts messages, gets a thank-you letter. Each task is
//! made once for its source (and season): running again makes nothing.

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};

use crate::domain::quality::season_change_on;
use crate::quality_policy::Revisits;

pub const MADE_TO_ORDER_REVISIT: &str = "made_to_order_revisit";
pub const SEASON_REVISIT: &str = "season_revisit";
pub const THANK_YOU_LETTER: &str = "thank_you_letter";

/// Makes the revisits owed on `today`; returns how many were made.
pub fn generate(conn: &Connection, today: NaiveDate, r: &Revisits, now: &str) -> Result<usize> {
    let since = today - Duration::days(r.catch_up_days as i64);
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
            since.to_string(),
            today.to_string()
        ])?;
    if let Some(day) = season_change_on(today, &r.season_changes, r.catch_up_days) {
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
