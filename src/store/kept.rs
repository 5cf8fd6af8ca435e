//! The staff board's figures kept per member of staff and day (migration
//! 0022, issue 14): contacts by kind and outcome, files registered by how
//! filled they are, and finished visits with their sales and returns. The
//! database's triggers change them in the same transaction as the rows
//! they count; this module reads a month of them, recounts them for
//! `aftercare check` and writes them again for `aftercare check --repair`.
//!
//! Contacts and files are kept per UTC month of their stored time, while
//! the shop's month runs from local midnight to local midnight: a month is
//! the nearest UTC months, corrected by the rows of the hours between them
//! and the local month's ends ([`Span`]). Visits are kept per shop date.

use anyhow::Result;
use rusqlite::{Connection, params};

/// A span of stored UTC times `[from, to)` as kept months and the hours
/// between them and the span's ends. A kept month `m` (`'YYYY-MM'`) holds
/// exactly the stored times `t` with `m <= t < m'` as strings, `m'` the next
/// month, so the span's count is the kept months from the month nearest
/// `from` up to the one nearest `to`, plus the rows from `from` to the first
/// (taken away when `from` comes after it) and from the last to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Kept months `m` with `first <= m < last`.
    pub first: String,
    pub last: String,
    /// Stored times read row by row: `[a, b)`, added (1) or taken away (-1).
    pub raw: Vec<(String, String, i64)>,
}

impl Span {
    pub fn of(from: &str, to: &str) -> Span {
        let (Some(first), Some(last)) = (nearest_month(from), nearest_month(to)) else {
            return Span::raw_only(from, to);
        };
        if first > last || from > to {
            return Span::raw_only(from, to);
        }
        let mut raw = Vec::new();
        for (a, b) in [(from, first.as_str()), (last.as_str(), to)] {
            match a.cmp(b) {
                std::cmp::Ordering::Less => raw.push((a.to_string(), b.to_string(), 1)),
                std::cmp::Ordering::Greater => raw.push((b.to_string(), a.to_string(), -1)),
                std::cmp::Ordering::Equal => {}
            }
        }
        Span { first, last, raw }
    }

    /// No kept month is used: every row of the span is read.
    fn raw_only(from: &str, to: &str) -> Span {
        Span {
            first: String::new(),
            last: String::new(),
            raw: vec![(from.to_string(), to.to_string(), 1)],
        }
    }
}

/// The UTC month (`'YYYY-MM'`) starting nearest the stored time `t`.
fn nearest_month(t: &str) -> Option<String> {
    use chrono::{DateTime, Datelike, Months, TimeZone, Utc};
    let t: DateTime<Utc> = t.parse().ok()?;
    let start = Utc
        .with_ymd_and_hms(t.year(), t.month(), 1, 0, 0, 0)
        .single()?;
    let next = start + Months::new(1);
    let m = if t - start <= next - t { start } else { next };
    Some(m.format("%Y-%m").to_string())
}

const CONTACTS_KEPT: &str = "SELECT kind, outcome, SUM(n) FROM kept_contacts
    WHERE staff_id = ?1 AND month >= ?2 AND month < ?3 GROUP BY kind, outcome";
const CONTACTS_RAW: &str = "SELECT kind, outcome, COUNT(*) FROM contacts INDEXED BY contacts_staff
    WHERE staff_id = ?1 AND at >= ?2 AND at < ?3 GROUP BY kind, outcome";
const FILES_KEPT: &str = "SELECT hard, soft, bought, SUM(n) FROM kept_files
    WHERE staff_id = ?1 AND month >= ?2 AND month < ?3 GROUP BY 1, 2, 3";
const VISITS_KEPT: &str = "SELECT COALESCE(SUM(visits), 0), COALESCE(SUM(bought), 0),
        COALESCE(SUM(whole_returned), 0), COALESCE(SUM(bought_returned), 0),
        COALESCE(SUM(total_fen), 0), COALESCE(SUM(total_whole_fen), 0),
        COALESCE(SUM(add_on_fen), 0), COALESCE(SUM(add_on_whole_fen), 0),
        COALESCE(SUM(refund_fen), 0), COALESCE(SUM(refund_whole_fen), 0),
        COALESCE(SUM(refund_add_on_fen), 0), COALESCE(SUM(refund_add_on_whole_fen), 0)
    FROM kept_visit_days WHERE staff_id = ?1 AND day >= ?2 AND day < ?3";

/// The files of a span's edge hours, grouped as kept; `filled` gives the expression
/// counting a profile's filled fields.
fn files_raw(filled: impl Fn(&str) -> String) -> String {
    format!(
        "SELECT {}, {}, purchase_count > 0, COUNT(*) FROM customers INDEXED BY customers_registered_at
         WHERE registered_by = ?1 AND created_at >= ?2 AND created_at < ?3 AND erased_at IS NULL
         GROUP BY 1, 2, 3",
        filled("hard"),
        filled("soft")
    )
}

/// Contacts of `staff` at times in `[from, to)` (UTC): (kind, outcome, count),
/// a kind and outcome possibly listed more than once, a count possibly
/// negative (the hours taken away from a kept month): the board adds them.
pub fn contacts(
    conn: &Connection,
    staff: i64,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, i64)>> {
    let e = Span::of(from, to);
    let mut out = Vec::new();
    let mut kept = conn.prepare_cached(CONTACTS_KEPT)?;
    let rows = kept.query_map(params![staff, e.first, e.last], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    for row in rows {
        out.push(row?);
    }
    let mut raw = conn.prepare_cached(CONTACTS_RAW)?;
    for (a, b, sign) in &e.raw {
        let rows = raw.query_map(params![staff, a, b], |r| {
            Ok((r.get(0)?, r.get(1)?, sign * r.get::<_, i64>(2)?))
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Files `staff` registered at times in `[from, to)` (UTC), not erased:
/// (hard fields filled, soft fields filled, bought, files), a group
/// possibly listed more than once, a count possibly negative (as for
/// [`contacts`]).
pub fn files(
    conn: &Connection,
    staff: i64,
    from: &str,
    to: &str,
    filled: impl Fn(&str) -> String,
) -> Result<Vec<(usize, usize, bool, i64)>> {
    let e = Span::of(from, to);
    let mut out = Vec::new();
    let mut kept = conn.prepare_cached(FILES_KEPT)?;
    let rows = kept.query_map(params![staff, e.first, e.last], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    for row in rows {
        out.push(row?);
    }
    let mut raw = conn.prepare_cached(&files_raw(filled))?;
    for (a, b, sign) in &e.raw {
        let rows = raw.query_map(params![staff, a, b], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, sign * r.get::<_, i64>(3)?))
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// A month's finished visits of one associate, summed over the kept days
/// (see `kept_visit_days` in the migration for each sum's meaning).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitSums {
    pub visits: i64,
    pub bought: i64,
    pub whole_returned: i64,
    pub bought_returned: i64,
    pub total_fen: i64,
    pub total_whole_fen: i64,
    pub add_on_fen: i64,
    pub add_on_whole_fen: i64,
    pub refund_fen: i64,
    pub refund_whole_fen: i64,
    pub refund_add_on_fen: i64,
    pub refund_add_on_whole_fen: i64,
}

/// The visits of `staff` finished on shop dates in `[from, to)`.
pub fn visits(conn: &Connection, staff: i64, from: &str, to: &str) -> Result<VisitSums> {
    let mut stmt = conn.prepare_cached(VISITS_KEPT)?;
    Ok(stmt.query_row(params![staff, from, to], |r| {
        Ok(VisitSums {
            visits: r.get(0)?,
            bought: r.get(1)?,
            whole_returned: r.get(2)?,
            bought_returned: r.get(3)?,
            total_fen: r.get(4)?,
            total_whole_fen: r.get(5)?,
            add_on_fen: r.get(6)?,
            add_on_whole_fen: r.get(7)?,
            refund_fen: r.get(8)?,
            refund_whole_fen: r.get(9)?,
            refund_add_on_fen: r.get(10)?,
            refund_add_on_whole_fen: r.get(11)?,
        })
    })?)
}

/// Each kept table beside its recount: a view of the migration counting
/// the same afresh, the columns that name a row, and those that count.
/// Rows of a day table that count nothing are as good as absent.
const KEPT: &[(&str, &str, &str, &str)] = &[
    (
        "kept_contacts",
        "kept_contacts_source",
        "staff_id, month, kind, outcome",
        "n",
    ),
    (
        "kept_files",
        "kept_files_source",
        "staff_id, month, hard, soft, bought",
        "n",
    ),
    (
        "kept_visits",
        "kept_visits_source",
        "visit_id",
        "staff_id, day, bought, any_returned, any_kept, total_fen, add_on_fen, refund_fen, refund_add_on_fen",
    ),
    (
        "kept_visit_days",
        "kept_visit_days_source",
        "staff_id, day",
        "visits, bought, whole_returned, bought_returned, total_fen, total_whole_fen, add_on_fen, \
         add_on_whole_fen, refund_fen, refund_whole_fen, refund_add_on_fen, refund_add_on_whole_fen",
    ),
];

/// Rows named in a finding at most, per kept table.
const SHOWN: usize = 5;

/// Every kept figure that differs from a recount, as a line for `check`:
/// the table, the row's key, what is kept and what was counted. Rows of
/// nothing but zeros count as absent.
pub fn differences(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (table, source, key, counts) in KEPT {
        let nonzero = |t: &str| {
            let any = counts
                .split(',')
                .filter(|c| !matches!(c.trim(), "staff_id" | "day" | "month"))
                .map(|c| format!("{} != 0", c.trim()))
                .collect::<Vec<_>>()
                .join(" OR ");
            // A visit's row is there or not, whatever it counts.
            let any = if *table == "kept_visits" {
                "1".into()
            } else {
                any
            };
            format!("SELECT {key}, {counts} FROM {t} WHERE {any}")
        };
        let sql = format!(
            "WITH k AS ({kept}), s AS ({fresh}),
                  d AS (SELECT * FROM (SELECT * FROM k EXCEPT SELECT * FROM s)
                        UNION ALL SELECT * FROM (SELECT * FROM s EXCEPT SELECT * FROM k))
             SELECT DISTINCT {key_list},
                    (SELECT {pick} FROM k WHERE {same_k}),
                    (SELECT {pick} FROM s WHERE {same_s})
             FROM d ORDER BY 1, 2",
            kept = nonzero(table),
            fresh = nonzero(source),
            key_list = key,
            pick = format!("CAST({} AS TEXT)", counts.replace(", ", " || ' ' || ")),
            same_k = same(key, "k", "d"),
            same_s = same(key, "s", "d"),
        );
        let mut stmt = conn.prepare(&sql)?;
        let width = key.split(',').count();
        let rows = stmt.query_map([], |r| {
            let mut name = Vec::new();
            for i in 0..width {
                name.push(value_text(r.get_ref(i)?));
            }
            let kept: Option<String> = r.get(width)?;
            let counted: Option<String> = r.get(width + 1)?;
            Ok((name.join(" "), kept, counted))
        })?;
        let mut found = 0;
        for row in rows {
            let (name, kept, counted) = row?;
            found += 1;
            if found <= SHOWN {
                out.push(format!(
                    "kept figures: {table} ({key}) {name}: kept {}, counted {} ({counts})",
                    kept.unwrap_or_else(|| "nothing".into()),
                    counted.unwrap_or_else(|| "nothing".into()),
                ));
            }
        }
        if found > SHOWN {
            out.push(format!(
                "kept figures: {table}: {} more rows differ",
                found - SHOWN
            ));
        }
    }
    Ok(out)
}

/// `a.k = b.k` for each key column (`IS`: a key may be NULL).
fn same(key: &str, a: &str, b: &str) -> String {
    key.split(',')
        .map(|k| format!("{a}.{k} IS {b}.{k}", k = k.trim()))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn value_text(v: rusqlite::types::ValueRef) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    }
}

/// Writes every kept figure again from the rows they count, in one
/// transaction (`aftercare check --repair`).
pub fn rebuild(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "DELETE FROM kept_contacts;
         INSERT INTO kept_contacts SELECT * FROM kept_contacts_source;
         DELETE FROM kept_files;
         INSERT INTO kept_files SELECT * FROM kept_files_source;
         DELETE FROM kept_visits;
         DELETE FROM kept_visit_days;
         INSERT INTO kept_visits SELECT * FROM kept_visits_source;",
    )?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_month_is_the_nearest_utc_months_and_the_hours_between() {
        // At +8 the shop's November starts and ends eight hours before UTC's.
        let e = Span::of("2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z");
        assert_eq!((e.first.as_str(), e.last.as_str()), ("2026-11", "2026-12"));
        assert_eq!(
            e.raw,
            [
                ("2026-10-31T16:00:00Z".into(), "2026-11".into(), 1),
                ("2026-11-30T16:00:00Z".into(), "2026-12".into(), -1)
            ]
        );
        // At -5 it starts five hours after: those hours are taken away.
        let e = Span::of("2026-11-01T05:00:00Z", "2026-12-01T05:00:00Z");
        assert_eq!((e.first.as_str(), e.last.as_str()), ("2026-11", "2026-12"));
        assert_eq!(
            e.raw[0],
            ("2026-11".into(), "2026-11-01T05:00:00Z".into(), -1)
        );
        assert_eq!(
            e.raw[1],
            ("2026-12".into(), "2026-12-01T05:00:00Z".into(), 1)
        );
        // What is not a stored time is read row by row.
        assert_eq!(
            Span::of("short", "x").raw,
            [("short".into(), "x".into(), 1)]
        );
    }

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let n = stmt.parameter_count();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(vec![1; n]), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }

    /// The board's reads walk indexes: no scan of contacts, customers,
    /// visits or the kept tables (a GROUP BY sorts only the rows found).
    #[test]
    fn the_boards_reads_use_their_indexes() {
        let conn = crate::store::open_in_memory().unwrap();
        for sql in [
            CONTACTS_KEPT,
            CONTACTS_RAW,
            FILES_KEPT,
            &files_raw(crate::store::board::filled),
            VISITS_KEPT,
        ] {
            let p = plan(&conn, sql);
            assert!(p.contains("SEARCH"), "{sql}\n{p}");
            assert!(!p.contains("SCAN"), "{sql}\n{p}");
        }
    }
}
