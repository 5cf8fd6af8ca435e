//! Visits: saved as they go, listed while open, finished once. Finishing
//! with a purchase writes the purchase and everything it sets going (the
//! callback, the care entitlements, referral and milestone thanks) in one
//! IMMEDIATE transaction; each of those rows has a unique key and is
//! inserted OR IGNORE, so nothing is ever written twice.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::after_purchase::Rules;
use crate::domain::visit::{AssociateFigures, Outcome, ReturnsRule, Visit, receipt_no};
use crate::store::purchases::NewLine;
use crate::store::sales::{self, SaleLine};

/// Why a save or a finish did not happen.
#[derive(Debug)]
pub enum VisitError {
    /// Another session saved or finished this visit meanwhile.
    Conflict {
        by: Option<String>,
    },
    Db(anyhow::Error),
}

impl From<anyhow::Error> for VisitError {
    fn from(e: anyhow::Error) -> Self {
        VisitError::Db(e)
    }
}

impl From<rusqlite::Error> for VisitError {
    fn from(e: rusqlite::Error) -> Self {
        VisitError::Db(e.into())
    }
}

/// A new visit by `staff_id`; returns its id.
pub fn start(
    conn: &mut Connection,
    staff_id: i64,
    on: NaiveDate,
    visit: &Visit,
    state: &str,
) -> Result<i64> {
    super::write(conn, |tx| start_in(tx, staff_id, on, visit, state))
}

/// [`start`] inside the caller's transaction.
pub fn start_in(
    tx: &Connection,
    staff_id: i64,
    on: NaiveDate,
    visit: &Visit,
    state: &str,
) -> Result<i64> {
    let now = super::now_utc();
    tx.execute(
        "INSERT INTO visits(staff_id, started_on, started_at, updated_at, scenario, state)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
        params![staff_id, on.to_string(), now, visit.scenario, state],
    )?;
    let id = tx.last_insert_rowid();
    write_facts(tx, id, visit)?;
    Ok(id)
}

/// The columns and child rows that mirror the visit's facts.
fn write_facts(tx: &Connection, id: i64, v: &Visit) -> Result<()> {
    let b = v.basket();
    tx.execute(
        "UPDATE visits SET customer_id = ?2, step = ?3, greeting = ?4, need = ?5,
             size_estimate = ?6, fit_remarks = ?7, closing_method = ?8, signals = ?9,
             outcome = ?10, total_fen = ?11, add_on_fen = ?12
         WHERE id = ?1",
        params![
            id,
            v.customer.as_ref().map(|c| c.id),
            v.current as i64 + 1,
            v.greeting,
            v.need,
            v.size_estimate,
            v.fit_remarks,
            v.closing.map(|c| c.id()),
            v.signals.join(","),
            v.outcome.map(|o| o.id()),
            b.total_fen,
            b.add_on_fen,
        ],
    )?;
    for table in ["visit_steps", "visit_lines", "visit_objections"] {
        tx.execute(&format!("DELETE FROM {table} WHERE visit_id = ?1"), [id])?;
    }
    let mut step = tx.prepare_cached(
        "INSERT INTO visit_steps(visit_id, step, status, seconds, checked) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, s) in v.steps.iter().enumerate() {
        step.execute(params![
            id,
            i as i64 + 1,
            s.status.id(),
            s.seconds as i64,
            s.checked.join(",")
        ])?;
    }
    let mut line = tx.prepare_cached(
        "INSERT INTO visit_lines(visit_id, position, step, product_id, size, colour, price_fen, add_on, tried, bought)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, it) in v.items.iter().enumerate() {
        line.execute(params![
            id,
            i as i64,
            it.step as i64 + 1,
            it.product_id,
            it.size,
            it.colour,
            it.price_fen,
            it.add_on(),
            it.tried,
            it.bought
        ])?;
    }
    let mut obj = tx.prepare_cached(
        "INSERT INTO visit_objections(visit_id, position, kind, words, answer) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, o) in v.objections.iter().enumerate() {
        obj.execute(params![id, i as i64, o.kind.id(), o.words, o.answer])?;
    }
    Ok(())
}

/// Takes the write lock and checks the visit is still open at `version`.
fn claim(tx: &Connection, id: i64, version: i64) -> Result<(), VisitError> {
    let row: Option<(i64, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT v.version, v.finished_at, s.name FROM visits v JOIN staff s ON s.id = v.staff_id
             WHERE v.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match row {
        None => Err(VisitError::Db(anyhow::anyhow!("visit {id} does not exist"))),
        Some((v, finished, by)) if v != version || finished.is_some() => {
            Err(VisitError::Conflict { by })
        }
        Some(_) => Ok(()),
    }
}

/// Saves the visit as it stands; returns the new version.
pub fn save(
    conn: &mut Connection,
    id: i64,
    version: i64,
    visit: &Visit,
    state: &str,
) -> Result<i64, VisitError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    claim(&tx, id, version)?;
    tx.execute(
        "UPDATE visits SET state = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
        params![id, state, super::now_utc()],
    )?;
    write_facts(&tx, id, visit)?;
    tx.commit()?;
    Ok(version + 1)
}

/// A visit as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub staff_id: i64,
    pub version: i64,
    pub state: String,
    pub finished: bool,
}

pub fn load(conn: &Connection, id: i64) -> Result<Option<Stored>> {
    Ok(conn
        .query_row(
            "SELECT id, staff_id, version, state, finished_at IS NOT NULL FROM visits WHERE id = ?1",
            [id],
            |r| {
                Ok(Stored {
                    id: r.get(0)?,
                    staff_id: r.get(1)?,
                    version: r.get(2)?,
                    state: r.get(3)?,
                    finished: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// An unfinished visit, for the "open visits" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRow {
    pub id: i64,
    pub staff: String,
    pub customer: Option<String>,
    pub step: i64,
    pub started_on: String,
    pub updated_at: String,
    pub scenario: Option<String>,
}

/// Open visits, latest first; `staff` limits them to one associate's.
pub fn open_list(conn: &Connection, staff: Option<i64>) -> Result<Vec<OpenRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, s.name, c.name, v.step, v.started_on, v.updated_at, v.scenario
         FROM visits v JOIN staff s ON s.id = v.staff_id
         LEFT JOIN customers c ON c.id = v.customer_id
         WHERE v.finished_at IS NULL AND (?1 IS NULL OR v.staff_id = ?1)
         ORDER BY v.updated_at DESC, v.id DESC LIMIT 200",
    )?;
    let rows = stmt.query_map([staff], |r| {
        Ok(OpenRow {
            id: r.get(0)?,
            staff: r.get(1)?,
            customer: r.get(2)?,
            step: r.get(3)?,
            started_on: r.get(4)?,
            updated_at: r.get(5)?,
            scenario: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A customer's name and the last day they were seen (visit or purchase).
pub fn customer_brief(conn: &Connection, id: i64) -> Result<Option<(String, Option<NaiveDate>)>> {
    let row: Option<(String, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT name, last_visit_on, last_purchase_on FROM customers WHERE id = ?1 AND erased_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.map(|(name, v, p)| {
        let seen = [v, p]
            .into_iter()
            .flatten()
            .filter_map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .max();
        (name, seen)
    }))
}

/// What finishing wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub purchase_id: Option<i64>,
    pub receipt_no: Option<String>,
    /// What the customer paid, after any birthday discount.
    pub paid_fen: Option<i64>,
}

/// Finishes the visit: with a purchase, the purchase and everything it sets
/// going, in one transaction. The visit must be open at `version`.
pub fn finish(
    conn: &mut Connection,
    (id, version): (i64, i64),
    visit: &Visit,
    state: &str,
    staff_id: i64,
    today: NaiveDate,
    rules: &Rules,
) -> Result<Finished, VisitError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let done = finish_in(&tx, (id, version), visit, state, staff_id, today, rules)?;
    tx.commit()?;
    Ok(done)
}

/// [`finish`] inside the caller's transaction (begun IMMEDIATE).
pub fn finish_in(
    tx: &Connection,
    (id, version): (i64, i64),
    visit: &Visit,
    state: &str,
    staff_id: i64,
    today: NaiveDate,
    rules: &Rules,
) -> Result<Finished, VisitError> {
    let Ok(outcome) = visit.check_finish() else {
        return Err(VisitError::Db(anyhow::anyhow!(
            "the visit cannot be finished as it stands"
        )));
    };
    claim(tx, id, version)?;
    write_facts(tx, id, visit)?;
    let customer = visit.customer.as_ref().map(|c| c.id);
    let finished = if outcome == Outcome::Bought {
        sell(tx, id, visit, staff_id, today, rules)?
    } else {
        Finished {
            purchase_id: None,
            receipt_no: None,
            paid_fen: None,
        }
    };
    if let Some(c) = customer {
        tx.execute(
            "UPDATE customers SET last_visit_on = MAX(COALESCE(last_visit_on, ''), ?2) WHERE id = ?1",
            params![c, today.to_string()],
        )?;
    }
    let n = tx.execute(
        "UPDATE visits SET finished_on = ?2, finished_at = ?3, updated_at = ?3, outcome = ?4,
             receipt_no = ?5, purchase_id = ?6, care_given = ?7, state = ?8, version = version + 1
         WHERE id = ?1 AND finished_at IS NULL",
        params![
            id,
            today.to_string(),
            super::now_utc(),
            outcome.id(),
            finished.receipt_no,
            finished.purchase_id,
            visit.bought_categories().join(","),
            state
        ],
    )?;
    if n != 1 {
        return Err(VisitError::Conflict { by: None });
    }
    Ok(finished)
}

/// The sale of a visit that bought: the goods ticked as bought at the price
/// asked, less the birthday rate of the customer's tier on their birthday.
fn sell(
    tx: &Connection,
    id: i64,
    visit: &Visit,
    staff_id: i64,
    today: NaiveDate,
    rules: &Rules,
) -> Result<Finished, VisitError> {
    let customer = visit.customer.as_ref().map(|c| c.id);
    let bought: Vec<_> = visit.items.iter().filter(|i| i.bought).collect();
    // S1: on the customer's birthday, more off the price asked, by tier.
    let birthday = match customer {
        Some(c) => super::till::birthday_percent(tx, c, today, &rules.birthday_discount_percent)?,
        None => 0,
    };
    let lines: Vec<SaleLine> = bought
        .iter()
        .map(|i| SaleLine {
            line: NewLine {
                product_id: i.product_id,
                size: i.size.clone(),
                colour: i.colour.clone(),
                price_fen: crate::domain::till::discounted_fen(i.price_fen, birthday),
                add_on: i.add_on(),
            },
            category: i.category.clone(),
            asked_fen: i.price_fen,
        })
        .collect();
    let receipt = receipt_no(today, id);
    let purchase = sales::record_sale(tx, &receipt, customer, staff_id, today, &lines, rules)?;
    if birthday > 0 {
        tx.execute(
            "UPDATE purchases SET birthday_discount_percent = ?2 WHERE id = ?1",
            rusqlite::params![purchase, birthday],
        )?;
    }
    Ok(Finished {
        purchase_id: Some(purchase),
        receipt_no: Some(receipt),
        paid_fen: Some(lines.iter().map(|l| l.line.price_fen).sum()),
    })
}

/// Per associate, visits finished from `from` on: visits, bought, sales and
/// add-on sales, counted by the shipped `[figures]` rule. `staff` limits it
/// to one person.
pub fn figures(
    conn: &Connection,
    from: NaiveDate,
    staff: Option<i64>,
) -> Result<Vec<AssociateFigures>> {
    figures_with(conn, from, staff, &ReturnsRule::default())
}

/// [`figures`] counted by the shop's `[figures]` rule (returns).
pub fn figures_with(
    conn: &Connection,
    from: NaiveDate,
    staff: Option<i64>,
    rule: &ReturnsRule,
) -> Result<Vec<AssociateFigures>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id, s.name, {}
         FROM staff s JOIN visits v ON v.staff_id = s.id
         WHERE v.finished_on >= ?1 AND (?2 IS NULL OR s.id = ?2)
         GROUP BY s.id ORDER BY s.name",
        super::visit_figures::columns(rule)
    ))?;
    let rows = stmt.query_map(params![from.to_string(), staff], |r| {
        Ok(AssociateFigures {
            staff_id: r.get(0)?,
            name: r.get(1)?,
            visits: r.get(2)?,
            bought: r.get(3)?,
            sales_fen: r.get(4)?,
            add_on_fen: r.get(5)?,
            returned: r.get(6)?,
            refunded_fen: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The rules of `after_purchase` from the shop's policy.
pub fn rules(p: &crate::shop_data::policy::Policy) -> Rules {
    Rules {
        callback_after_days: p.callbacks.purchase_after_days,
        suit_dry_clean_min_fen: p.care_jobs.suit_dry_clean_min_fen,
        dry_clean: p.care_jobs.dry_clean_period(),
        birthday_discount_percent: p.till.birthday_discount_percent.clone(),
        milestones_fen: p.thanks.milestones_fen.clone(),
    }
}
