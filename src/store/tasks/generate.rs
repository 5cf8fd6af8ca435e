//! The task generator: every contact the shop owes that is not yet a task,
//! made in one IMMEDIATE transaction, so two generators at once (threads or
//! processes on one file) make nothing twice. Cheap when nothing is new: each
//! part starts where the last run stopped (`task_runs`).

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::domain::tasks::{self as rules, MISS_YOU, PURCHASE_CALLBACK, TOP_SPENDER_VISIT};
use crate::shop_data::policy::Policy;

/// What one run made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub callbacks: usize,
    pub miss_you: usize,
    pub top_spenders: usize,
    /// Periodic revisits and thank-you letters (`store::tasks::revisits`).
    pub revisits: usize,
    /// Open tasks without an owner given to the customer's closest associate.
    pub assigned: usize,
    /// Open revisits and letters closed because their day is too long gone.
    pub too_late: usize,
}

impl Summary {
    pub fn made(&self) -> usize {
        self.callbacks + self.miss_you + self.top_spenders + self.revisits
    }
}

struct Run {
    last_on: Option<NaiveDate>,
    last_purchase_id: i64,
    top_year: i32,
}

fn read_run(conn: &Connection) -> Result<Run> {
    let row = conn
        .query_row(
            "SELECT last_on, last_purchase_id, top_year FROM task_runs WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i32>(2)?,
                ))
            },
        )
        .optional()?;
    Ok(match row {
        Some((on, p, y)) => Run {
            last_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").ok(),
            last_purchase_id: p,
            top_year: y,
        },
        None => Run {
            last_on: None,
            last_purchase_id: 0,
            top_year: 0,
        },
    })
}

/// Makes the tasks owed on `today`; running it again makes nothing.
pub fn generate(conn: &mut Connection, today: NaiveDate, policy: &Policy) -> Result<Summary> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let s = generate_in(&tx, today, policy)?;
    tx.commit()?;
    Ok(s)
}

fn generate_in(conn: &Connection, today: NaiveDate, policy: &Policy) -> Result<Summary> {
    let run = read_run(conn)?;
    let now = super::super::now_utc();
    let mut s = Summary::default();

    // Purchase callbacks for the sales since the last run (the visits made
    // theirs already: the unique key keeps those).
    let max_purchase: i64 =
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM purchases", [], |r| {
            r.get(0)
        })?;
    if max_purchase > run.last_purchase_id {
        s.callbacks = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, note, created_at)
                 SELECT ?1, p.customer_id, COALESCE(c.closest_staff_id, p.staff_id),
                        date(p.purchased_on, '+' || ?2 || ' days'), 'purchase', p.id, p.receipt_no, ?3
                 FROM purchases p JOIN customers c ON c.id = p.customer_id
                 WHERE p.id > ?4 AND p.id <= ?5 AND p.called_back_at IS NULL AND c.erased_at IS NULL
                   AND p.purchased_on >= ?6
                   AND (EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id
                                AND l.settled IS NOT 'returned')
                        OR NOT EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id
                                       AND l.settled = 'returned'))",
            )?
            .execute(params![
                PURCHASE_CALLBACK,
                policy.callbacks.purchase_after_days,
                now,
                run.last_purchase_id,
                max_purchase,
                rules::callbacks_from(today, &policy.callbacks).to_string()
            ])?;
        // The visits made theirs for the seller: the closest associate calls.
        conn.prepare_cached(
            "UPDATE tasks SET staff_id = (SELECT c.closest_staff_id FROM customers c WHERE c.id = tasks.customer_id)
             WHERE kind = ?1 AND source = 'purchase' AND source_id > ?2 AND source_id <= ?3
               AND done_at IS NULL AND reassigned_by IS NULL
               AND (SELECT c.closest_staff_id FROM customers c WHERE c.id = tasks.customer_id) IS NOT NULL",
        )?
        .execute(params![PURCHASE_CALLBACK, run.last_purchase_id, max_purchase])?;
    }

    // Miss-you: the customers who became "not seen" since the last run, one
    // task per absence (the period is the day they were last seen).
    if let Some((from, to)) = rules::miss_you_window(
        run.last_on,
        today,
        policy.greetings.not_seen_days,
        policy.greetings.miss_you_first_look_back_days,
    ) {
        s.miss_you = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, created_at)
                 SELECT ?1, id, closest_staff_id, ?2, 'customer', id,
                        max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')), ?3
                 FROM customers
                 WHERE erased_at IS NULL AND greetings_ok = 1
                   AND max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')) > ?4
                   AND max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')) <= ?5",
            )?
            .execute(params![
                MISS_YOU,
                today.to_string(),
                now,
                from.to_string(),
                to.to_string()
            ])?;
    }

    // The year's top spenders, once a year from the list day.
    let list_on = rules::month_day(&policy.top_spenders.list_on).unwrap_or((12, 20));
    let mut top_year = run.top_year;
    if let Some(year) = rules::top_spender_year(today, list_on, run.top_year) {
        let (start, end) = (
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
            NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(today),
        );
        s.top_spenders = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, note, created_at)
                 SELECT ?1, c.id, c.closest_staff_id, ?2, 'customer', c.id, ?3, t.spent, ?4
                 FROM (SELECT customer_id, SUM(total_fen) AS spent FROM purchases
                       WHERE purchased_on >= ?5 AND purchased_on < ?6 AND customer_id IS NOT NULL
                       GROUP BY customer_id ORDER BY spent DESC, customer_id LIMIT ?7) t
                 JOIN customers c ON c.id = t.customer_id
                 WHERE c.erased_at IS NULL",
            )?
            .execute(params![
                TOP_SPENDER_VISIT,
                today.to_string(),
                year.to_string(),
                now,
                start.to_string(),
                end.to_string(),
                policy.top_spenders.count
            ])?;
        top_year = year;
    }

    s.revisits = super::revisits::generate(conn, today, &policy.quality.revisits, &now)?;
    s.too_late = super::revisits::close_too_late(conn, today, &policy.quality.revisits, &now)?;

    // Open tasks nobody owns (repairs, older rows) go to the closest associate.
    s.assigned = conn
        .prepare_cached(
            "UPDATE tasks SET staff_id = (SELECT closest_staff_id FROM customers c WHERE c.id = tasks.customer_id)
             WHERE done_at IS NULL AND staff_id IS NULL AND customer_id IS NOT NULL
               AND (SELECT closest_staff_id FROM customers c WHERE c.id = tasks.customer_id) IS NOT NULL",
        )?
        .execute([])?;

    let last_on = run.last_on.map_or(today, |d| d.max(today));
    conn.prepare_cached(
        "INSERT INTO task_runs(id, last_on, last_purchase_id, top_year, at) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET last_on = ?1, last_purchase_id = ?2, top_year = ?3, at = ?4",
    )?
    .execute(params![
        last_on.to_string(),
        max_purchase.max(run.last_purchase_id),
        top_year,
        now
    ])?;
    Ok(s)
}

/// The year of the last top-spender list, 0 when none was made.
pub fn top_year(conn: &Connection) -> Result<i32> {
    Ok(read_run(conn)?.top_year)
}

/// The miss-you contact for one customer, as the generator makes it (one
/// per absence: the period is the day they were last seen), given to
/// `staff_id`; inside the caller's transaction. Returns the task's id, or
/// None when the customer cannot be greeted (erased, or declined greetings).
pub fn miss_you_for(
    tx: &Connection,
    customer_id: i64,
    staff_id: i64,
    today: NaiveDate,
) -> Result<Option<i64>> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO tasks(kind, customer_id, staff_id, due_on, source, source_id, period, created_at)
         SELECT ?1, id, ?3, ?4, 'customer', id,
                max(COALESCE(last_visit_on, ''), COALESCE(last_purchase_on, '')), ?5
         FROM customers WHERE id = ?2 AND erased_at IS NULL AND greetings_ok = 1",
    )?
    .execute(params![
        MISS_YOU,
        customer_id,
        staff_id,
        today.to_string(),
        super::super::now_utc()
    ])?;
    Ok(tx
        .query_row(
            "SELECT t.id FROM tasks t JOIN customers c ON c.id = t.customer_id
             WHERE t.kind = ?1 AND t.source = 'customer' AND t.source_id = ?2 AND t.done_at IS NULL
               AND t.period = max(COALESCE(c.last_visit_on, ''), COALESCE(c.last_purchase_on, ''))",
            params![MISS_YOU, customer_id],
            |r| r.get(0),
        )
        .optional()?)
}
