//! The "1+5" record of repair and care jobs (DOMAIN §8, seed 004): one row
//! per job, written again when corrected, audited; counted per associate
//! for the staff board.

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::quality::{JobKind, OnePlusFive};

/// A job's record as stored, with who recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub one_plus_five: OnePlusFive,
    pub staff: Option<String>,
    pub recorded_on: String,
}

/// One associate's "1+5" figures for a month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Month {
    /// Jobs with a record.
    pub jobs: i64,
    /// Of them, done right the first time.
    pub first_time_right: i64,
    /// Of them, the full "1+5": right first time and all the extras.
    pub full: i64,
}

pub fn get(conn: &Connection, kind: JobKind, job_id: i64) -> Result<Option<Record>> {
    Ok(conn
        .query_row(
            "SELECT o.first_time_right, o.extras, s.name, o.recorded_on FROM one_plus_five o
             LEFT JOIN staff s ON s.id = o.staff_id WHERE o.job_kind = ?1 AND o.job_id = ?2",
            params![kind.id(), job_id],
            |r| {
                let extras: String = r.get(1)?;
                Ok(Record {
                    one_plus_five: OnePlusFive {
                        first_time_right: r.get(0)?,
                        extras: extras
                            .split(',')
                            .filter(|e| !e.is_empty())
                            .map(String::from)
                            .collect(),
                    },
                    staff: r.get(2)?,
                    recorded_on: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Records (or corrects) a job's "1+5", credited to `staff_id` on `today`.
/// The extras must already be checked against the shop's list.
pub fn record(
    conn: &mut Connection,
    kind: JobKind,
    job_id: i64,
    r: &OnePlusFive,
    staff_id: i64,
    today: NaiveDate,
) -> Result<()> {
    super::write(conn, |tx| {
        let now = super::now_utc();
        tx.execute(
            "INSERT INTO one_plus_five(job_kind, job_id, first_time_right, extras, extras_count,
                 staff_id, recorded_on, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(job_kind, job_id) DO UPDATE SET first_time_right = ?3, extras = ?4,
                 extras_count = ?5, staff_id = ?6, recorded_on = ?7, updated_at = ?8",
            params![
                kind.id(),
                job_id,
                r.first_time_right,
                r.extras.join(","),
                r.extras.len() as i64,
                staff_id,
                today.to_string(),
                now
            ],
        )?;
        let detail = format!(
            "{}{}",
            if r.first_time_right { "1+" } else { "0+" },
            r.extras.join(",")
        );
        super::audit::record(
            tx,
            Some(staff_id),
            "one_plus_five",
            &format!("{}_job", kind.id()),
            Some(job_id),
            &detail,
        )
    })
}

/// `staff`'s records dated in `[from, to)`; `per_job` extras make a full one.
pub fn month(
    conn: &Connection,
    staff: i64,
    from: NaiveDate,
    to: NaiveDate,
    per_job: u32,
) -> Result<Month> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(first_time_right), 0),
                COALESCE(SUM(first_time_right AND extras_count >= ?4), 0)
         FROM one_plus_five WHERE staff_id = ?1 AND recorded_on >= ?2 AND recorded_on < ?3",
        params![staff, from.to_string(), to.to_string(), per_job],
        |r| {
            Ok(Month {
                jobs: r.get(0)?,
                first_time_right: r.get(1)?,
                full: r.get(2)?,
            })
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::Role;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// seed 004: "“1”是指为用户提供一次就好的服务;“5”是指每次上门的同时为用户提供主动关怀的增值服务"
    #[test]
    fn a_job_keeps_one_record_counted_for_who_recorded_it() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let wang = crate::store::staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
        let five: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let mut r = OnePlusFive {
            first_time_right: true,
            extras: five[..3].to_vec(),
        };
        record(&mut conn, JobKind::Repair, 7, &r, wang, d("2026-11-03")).unwrap();
        let m = month(&conn, wang, d("2026-11-01"), d("2026-12-01"), 5).unwrap();
        assert_eq!((m.jobs, m.first_time_right, m.full), (1, 1, 0));
        r.extras = five.clone();
        record(&mut conn, JobKind::Repair, 7, &r, wang, d("2026-11-04")).unwrap();
        record(
            &mut conn,
            JobKind::Care,
            7,
            &OnePlusFive::default(),
            wang,
            d("2026-11-05"),
        )
        .unwrap();
        let m = month(&conn, wang, d("2026-11-01"), d("2026-12-01"), 5).unwrap();
        assert_eq!((m.jobs, m.first_time_right, m.full), (2, 1, 1));
        let got = get(&conn, JobKind::Repair, 7).unwrap().unwrap();
        assert_eq!(got.one_plus_five.extras, five);
        assert_eq!(got.staff.as_deref(), Some("王芳"));
        let dec = month(&conn, wang, d("2026-12-01"), d("2027-01-01"), 5).unwrap();
        assert_eq!(dec, Month::default());
    }
}
