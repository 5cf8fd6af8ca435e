//! The home screen's birthdays and repairs panes: real queries, each a
//! count and its top rows (the callbacks pane reads `store::tasks`).

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdayRow {
    pub customer_id: i64,
    pub name: String,
    pub birthday: String,
    pub in_days: i64,
    pub total_spend_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairRow {
    pub id: i64,
    pub customer_id: Option<i64>,
    pub name: String,
    pub item: String,
    pub state: String,
    pub received_on: NaiveDate,
    pub promised_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pane<T> {
    pub count: i64,
    pub rows: Vec<T>,
}

impl<T> Default for Pane<T> {
    fn default() -> Self {
        Pane {
            count: 0,
            rows: Vec::new(),
        }
    }
}

fn date(s: String) -> NaiveDate {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_default()
}

/// The MMDD numbers of each day from today through `window` days on, in
/// order; 29 February birthdays are greeted on 28 February in common years.
fn birthday_days(today: NaiveDate, window: u32) -> Vec<(i64, Vec<u32>)> {
    (0..=window as i64)
        .map(|i| {
            let d = today + Duration::days(i);
            let mut mds = vec![d.month() * 100 + d.day()];
            let leap = NaiveDate::from_ymd_opt(d.year(), 2, 29).is_some();
            if d.month() == 2 && d.day() == 28 && !leap {
                mds.push(229);
            }
            (i, mds)
        })
        .collect()
}

/// Customers who accept greetings and whose birthday falls today or in the
/// coming `window` days, soonest first.
pub fn birthdays(
    conn: &Connection,
    today: NaiveDate,
    window: u32,
    limit: usize,
) -> Result<Pane<BirthdayRow>> {
    let days = birthday_days(today, window);
    let all: Vec<String> = days
        .iter()
        .flat_map(|(_, m)| m.iter().map(u32::to_string))
        .collect();
    let count = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM customers WHERE greetings_ok = 1 AND erased_at IS NULL
             AND birthday_md IN ({})",
            all.join(",")
        ),
        [],
        |r| r.get(0),
    )?;
    let mut rows = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, birthday, total_spend_fen FROM customers
         WHERE greetings_ok = 1 AND erased_at IS NULL AND birthday_md = ?1
         ORDER BY total_spend_fen DESC, id LIMIT ?2",
    )?;
    'days: for (in_days, mds) in days {
        for md in mds {
            let left = limit - rows.len();
            let found = stmt.query_map(params![md, left as i64], |r| {
                Ok(BirthdayRow {
                    customer_id: r.get(0)?,
                    name: r.get(1)?,
                    birthday: r.get(2)?,
                    in_days,
                    total_spend_fen: r.get(3)?,
                })
            })?;
            for row in found {
                rows.push(row?);
            }
            if rows.len() >= limit {
                break 'days;
            }
        }
    }
    Ok(Pane { count, rows })
}

/// Repair jobs not yet collected or returned: overdue first, then ready
/// for collection, then by promised date.
pub fn open_repairs(conn: &Connection, today: NaiveDate, limit: usize) -> Result<Pane<RepairRow>> {
    let count = conn.query_row(
        "SELECT COUNT(*) FROM repair_jobs WHERE state NOT IN ('collected', 'returned_unrepaired')",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT j.id, j.customer_id, COALESCE(c.name, ''), j.item, j.state, j.received_on, j.promised_on
         FROM repair_jobs j LEFT JOIN customers c ON c.id = j.customer_id
         WHERE j.state NOT IN ('collected', 'returned_unrepaired')
         ORDER BY (j.state IN ('received', 'at_centre', 'repairing') AND j.promised_on < ?1) DESC,
                  (j.state = 'ready') DESC, j.promised_on, j.id
         LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![today.to_string(), limit as i64], |r| {
            Ok(RepairRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                name: r.get(2)?,
                item: r.get(3)?,
                state: r.get(4)?,
                received_on: date(r.get(5)?),
                promised_on: r.get::<_, Option<String>>(6)?.map(date),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Pane { count, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_birthday_window_crosses_the_year_end() {
        let days = birthday_days(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap(), 7);
        let mds: Vec<u32> = days.iter().flat_map(|(_, m)| m.clone()).collect();
        assert_eq!(mds, vec![1229, 1230, 1231, 101, 102, 103, 104, 105]);
    }

    #[test]
    fn leap_day_birthdays_are_greeted_on_28_february_in_common_years() {
        let days = birthday_days(NaiveDate::from_ymd_opt(2027, 2, 27).unwrap(), 2);
        let mds: Vec<u32> = days.iter().flat_map(|(_, m)| m.clone()).collect();
        assert_eq!(mds, vec![227, 228, 229, 301]);
        let days = birthday_days(NaiveDate::from_ymd_opt(2028, 2, 27).unwrap(), 2);
        let mds: Vec<u32> = days.iter().flat_map(|(_, m)| m.clone()).collect();
        assert_eq!(mds, vec![227, 228, 229]);
    }
}
