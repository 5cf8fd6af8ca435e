//! The staff board's figures for one month, per member of staff: contacts
//! by kind and outcome (`contacts_staff`), files registered with their
//! completeness (`customers_registered_at`: only the month's files are
//! read), visits and their sales (`visits_finished`).

use anyhow::Result;
use chrono::{Local, Months, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, params};

use crate::domain::board::{self, BoardRow};
use crate::domain::customer::{self, Field, Profile, Values};
use crate::domain::visit::ReturnsRule;
use crate::shop_data::quality::QualityRules;

/// The weights of the completeness score (policy `[customers]`).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub hard: u32,
    pub soft: u32,
}

/// The first day of the month `day` falls in.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        chrono::Datelike::year(&day),
        chrono::Datelike::month(&day),
        1,
    )
    .unwrap_or(day)
}

/// Local midnight at the start of `day`, as stored times are written (UTC).
pub fn utc_start(day: NaiveDate) -> String {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Completeness of the files `staff` registered in `[from, to)` (UTC), as
/// (score, files with that score). The score depends only on how many
/// hard and soft fields are filled and whether the customer has bought, so
/// SQL counts those per file and groups the files by them; each group is
/// scored once by the completeness rule on a file filled that far.
pub fn file_scores(
    conn: &Connection,
    staff: i64,
    from_utc: &str,
    to_utc: &str,
    w: Weights,
) -> Result<Vec<(u32, i64)>> {
    let of = |p: Profile| -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.profile() == p)
            .collect()
    };
    let (hard, soft) = (of(Profile::Hard), of(Profile::Soft));
    let filled = |fields: &[Field]| -> String {
        fields
            .iter()
            .map(|f| format!("(COALESCE(TRIM({}), '') != '')", f.key()))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let sql = format!(
        "SELECT {}, {}, purchase_count > 0, COUNT(*) FROM customers INDEXED BY customers_registered_at
         WHERE registered_by = ?1 AND created_at >= ?2 AND created_at < ?3 AND erased_at IS NULL
         GROUP BY 1, 2, 3",
        filled(&hard),
        filled(&soft)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![staff, from_utc, to_utc], |r| {
        let (h, s): (usize, usize) = (r.get(0)?, r.get(1)?);
        let mut v = Values::default();
        for f in hard.iter().take(h).chain(soft.iter().take(s)) {
            v.set(*f, "✓");
        }
        let bought: bool = r.get(2)?;
        let count: i64 = r.get(3)?;
        Ok((customer::completeness(&v, bought, w.hard, w.soft), count))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The board of the month starting `month` (its first day; the shop's
/// dates): every member of staff active now or busy that month, ranked
/// for the files contest among them all, in name order; `staff` keeps only
/// that person's row (with their place among everyone).
pub fn month(
    conn: &Connection,
    month: NaiveDate,
    staff: Option<i64>,
    w: Weights,
) -> Result<Vec<BoardRow>> {
    month_with(
        conn,
        month,
        staff,
        w,
        &QualityRules::default(),
        &ReturnsRule::default(),
    )
}

/// [`month`] with the shop's service quality rules (`data/service_quality.toml`):
/// the quality columns and the contest's weights; visits counted by the
/// `[figures]` rule for returns.
pub fn month_with(
    conn: &Connection,
    month: NaiveDate,
    staff: Option<i64>,
    w: Weights,
    q: &QualityRules,
    returns: &ReturnsRule,
) -> Result<Vec<BoardRow>> {
    let start = month_of(month);
    let end = start + Months::new(1);
    let (from_utc, to_utc) = (utc_start(start), utc_start(end));
    let mut people = conn.prepare_cached("SELECT id, name, active FROM staff ORDER BY name, id")?;
    let people: Vec<(i64, String, bool)> = people
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut contacts = conn.prepare_cached(
        "SELECT kind, outcome, COUNT(*) FROM contacts INDEXED BY contacts_staff
         WHERE staff_id = ?1 AND at >= ?2 AND at < ?3 GROUP BY kind, outcome",
    )?;
    let mut visits = conn.prepare_cached(&format!(
        "SELECT {} FROM visits v INDEXED BY visits_finished
         WHERE v.finished_on >= ?1 AND v.finished_on < ?2 AND v.staff_id = ?3",
        super::visit_figures::columns(returns)
    ))?;
    let mut out = Vec::new();
    for (id, name, active) in people {
        let mut row = BoardRow {
            staff_id: id,
            name,
            ..Default::default()
        };
        let found = contacts.query_map(params![id, from_utc, to_utc], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        for f in found {
            let (kind, outcome, n) = f?;
            row.add_contacts(&kind, &outcome, n);
        }
        let scores = file_scores(conn, id, &from_utc, &to_utc, w)?;
        row.files = scores.iter().map(|(_, n)| n).sum();
        row.completeness = board::average(&scores);
        (
            row.visits,
            row.bought,
            row.sales_fen,
            row.add_on_fen,
            row.returned,
            row.refunded_fen,
        ) = visits.query_row(params![start.to_string(), end.to_string(), id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        super::board_quality::fill(conn, &mut row, start, end, q)?;
        let busy = row.contacts() > 0 || row.files > 0 || row.visits > 0 || row.quality.busy();
        if active || busy {
            out.push(row);
        }
    }
    board::rank_files(&mut out, q.contest_weights());
    if let Some(s) = staff {
        out.retain(|r| r.staff_id == s);
    }
    Ok(out)
}
