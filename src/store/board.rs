//! The staff board's figures for one month, per member of staff: contacts
//! by kind and outcome, files registered with their completeness, visits
//! and their sales, each added up from the figures kept per person and
//! month (contacts, files) or day (visits) by the database's triggers
//! (`store::kept`) rather than read row by row.

use anyhow::Result;
use chrono::{Local, Months, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

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

/// `(COALESCE(TRIM(col), '') != '') + …` over the hard or soft profile's
/// columns: how many of them a file has filled (the same expression as
/// the kept figures' triggers, migration 0022).
pub(crate) fn filled(profile: &str) -> String {
    let p = if profile == "hard" {
        Profile::Hard
    } else {
        Profile::Soft
    };
    Field::ALL
        .into_iter()
        .filter(|f| f.profile() == p)
        .map(|f| format!("(COALESCE(TRIM({}), '') != '')", f.key()))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Completeness of the files `staff` registered in `[from, to)` (UTC), as
/// (score, files with that score). The score depends only on how many
/// hard and soft fields are filled and whether the customer has bought:
/// the files are kept grouped by those (`store::kept`), and each group is
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
    // Groups listed more than once (kept and read, some taken away) added first.
    let mut groups: Vec<((usize, usize, bool), i64)> = Vec::new();
    for (h, s, bought, count) in super::kept::files(conn, staff, from_utc, to_utc, filled)? {
        match groups.iter_mut().find(|(g, _)| *g == (h, s, bought)) {
            Some((_, n)) => *n += count,
            None => groups.push(((h, s, bought), count)),
        }
    }
    let mut scores: Vec<(u32, i64)> = Vec::new();
    for ((h, s, bought), count) in groups.into_iter().filter(|(_, n)| *n != 0) {
        let mut v = Values::default();
        for f in hard.iter().take(h).chain(soft.iter().take(s)) {
            v.set(*f, "✓");
        }
        let score = customer::completeness(&v, bought, w.hard, w.soft);
        match scores.iter_mut().find(|(sc, _)| *sc == score) {
            Some((_, n)) => *n += count,
            None => scores.push((score, count)),
        }
    }
    Ok(scores)
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
    let mut out = Vec::new();
    for (id, name, active) in people {
        let mut row = BoardRow {
            staff_id: id,
            name,
            ..Default::default()
        };
        for (kind, outcome, n) in super::kept::contacts(conn, id, &from_utc, &to_utc)? {
            row.add_contacts(&kind, &outcome, n);
        }
        let scores = file_scores(conn, id, &from_utc, &to_utc, w)?;
        row.files = scores.iter().map(|(_, n)| n).sum();
        row.completeness = board::average(&scores);
        let sums = super::kept::visits(conn, id, &start.to_string(), &end.to_string())?;
        let v = super::visit_figures::from_kept(&sums, returns);
        row.visits = v.visits;
        row.bought = v.bought;
        row.sales_fen = v.sales_fen;
        row.add_on_fen = v.add_on_fen;
        row.returned = v.returned;
        row.refunded_fen = v.refunded_fen;
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
