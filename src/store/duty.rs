//! Trained before on duty (seed 001: "客服专人接受专业培训后,方可上岗"): a
//! manager marks a person trained (or takes the mark back), audited.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// The day `staff` was marked trained, if they were.
pub fn trained_on(conn: &Connection, staff: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT trained_on FROM staff WHERE id = ?1", [staff], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// Everyone marked trained, with the day.
pub fn all_trained(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, trained_on FROM staff WHERE trained_on IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks `staff` trained on `today` by `by`, or takes the mark back.
pub fn set_trained(
    conn: &mut Connection,
    staff: i64,
    trained: bool,
    by: i64,
    today: NaiveDate,
) -> Result<()> {
    super::write(conn, |tx| {
        let (on, who) = if trained {
            (Some(today.to_string()), Some(by))
        } else {
            (None, None)
        };
        tx.execute(
            "UPDATE staff SET trained_on = ?2, trained_by = ?3, version = version + 1 WHERE id = ?1",
            params![staff, on, who],
        )?;
        let action = if trained {
            "mark_trained"
        } else {
            "unmark_trained"
        };
        super::audit::record(tx, Some(by), action, "staff", Some(staff), "")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::Role;

    #[test]
    fn the_mark_is_set_taken_back_and_audited() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let boss = crate::store::staff::add(&conn, "李店长", Role::Manager, "x").unwrap();
        let kefu = crate::store::staff::add(&conn, "赵客服", Role::Service, "x").unwrap();
        assert_eq!(trained_on(&conn, kefu).unwrap(), None);
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        set_trained(&mut conn, kefu, true, boss, day).unwrap();
        assert_eq!(
            trained_on(&conn, kefu).unwrap().as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(all_trained(&conn).unwrap().len(), 1);
        set_trained(&mut conn, kefu, false, boss, day).unwrap();
        assert_eq!(trained_on(&conn, kefu).unwrap(), None);
        let audit = crate::store::audit::for_entity(&conn, "staff", kefu, 10).unwrap();
        let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["unmark_trained", "mark_trained"]);
    }
}
