//! Managing the staff list: add, change role, deactivate, reset a PIN.
//! The shop always keeps one active manager.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::staff::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub locked_until: Option<String>,
    pub version: i64,
}

/// Why a staff change was refused; `code` is a locale key under `staff.`.
#[derive(Debug)]
pub enum StaffError {
    Refused(&'static str),
    Conflict,
    Db(anyhow::Error),
}

impl From<rusqlite::Error> for StaffError {
    fn from(e: rusqlite::Error) -> Self {
        StaffError::Db(e.into())
    }
}

impl From<anyhow::Error> for StaffError {
    fn from(e: anyhow::Error) -> Self {
        StaffError::Db(e)
    }
}

/// Everyone, active first, managers first, then by name.
pub fn list_all(conn: &Connection) -> Result<Vec<StaffRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, active, locked_until, version FROM staff
         ORDER BY active DESC, CASE role WHEN 'manager' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, name",
    )?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(2)?;
        Ok(StaffRow {
            id: r.get(0)?,
            name: r.get(1)?,
            role: Role::from_id(&role).unwrap_or(Role::Associate),
            active: r.get(3)?,
            locked_until: r.get(4)?,
            version: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What an edit of the staff list changes.
pub struct Change<'a> {
    /// None: a new staff member.
    pub id: Option<i64>,
    pub version: i64,
    pub name: &'a str,
    pub role: Role,
    pub active: bool,
    /// A new PIN's hash; a new member must have one.
    pub pin_hash: Option<&'a str>,
}

/// Saves a change made by `by`; returns the staff id.
pub fn save(conn: &mut Connection, c: &Change<'_>, by: i64) -> Result<i64, StaffError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    super::staff::require(&tx, by, &[Role::Manager])?;
    let taken: Option<i64> = tx
        .query_row(
            "SELECT id FROM staff WHERE name = ?1 AND active = 1 AND id IS NOT ?2",
            params![c.name, c.id],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() && c.active {
        return Err(StaffError::Refused("name_taken"));
    }
    let id = match c.id {
        None => {
            let hash = c.pin_hash.ok_or(StaffError::Refused("pin_needed"))?;
            let id = super::staff::add(&tx, c.name, c.role, hash)?;
            super::audit::record(&tx, Some(by), "add_staff", "staff", Some(id), c.role.id())?;
            id
        }
        Some(id) => {
            if id == by && !c.active {
                return Err(StaffError::Refused("not_yourself"));
            }
            // The last active manager cannot be demoted or deactivated.
            let managers: i64 = tx.query_row(
                "SELECT COUNT(*) FROM staff WHERE role = 'manager' AND active = 1 AND id != ?1",
                [id],
                |r| r.get(0),
            )?;
            if managers == 0 && (c.role != Role::Manager || !c.active) {
                return Err(StaffError::Refused("last_manager"));
            }
            let n = tx.execute(
                "UPDATE staff SET name = ?2, role = ?3, active = ?4, version = version + 1 WHERE id = ?1 AND version = ?5",
                params![id, c.name, c.role.id(), c.active, c.version],
            )?;
            if n == 0 {
                return Err(StaffError::Conflict);
            }
            if let Some(hash) = c.pin_hash {
                tx.execute(
                    "UPDATE staff SET pin_hash = ?2, failed_pins = 0, locked_until = NULL WHERE id = ?1",
                    params![id, hash],
                )?;
                super::audit::record(&tx, Some(by), "reset_pin", "staff", Some(id), "")?;
            }
            super::audit::record(&tx, Some(by), "edit_staff", "staff", Some(id), c.role.id())?;
            id
        }
    };
    tx.commit()?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: Option<i64>, version: i64, name: &str, role: Role, active: bool) -> Change<'_> {
        Change {
            id,
            version,
            name,
            role,
            active,
            pin_hash: Some("h"),
        }
    }

    #[test]
    fn the_last_manager_stays() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let m = crate::store::staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
        let a = save(
            &mut conn,
            &change(None, 0, "王芳", Role::Associate, true),
            m,
        )
        .unwrap();
        assert!(matches!(
            save(
                &mut conn,
                &change(Some(m), 1, "李娜", Role::Associate, true),
                m
            ),
            Err(StaffError::Refused("last_manager"))
        ));
        assert!(matches!(
            save(
                &mut conn,
                &change(Some(m), 1, "李娜", Role::Manager, false),
                m
            ),
            Err(StaffError::Refused("not_yourself"))
        ));
        save(
            &mut conn,
            &change(Some(a), 1, "王芳", Role::Manager, true),
            m,
        )
        .unwrap();
        save(
            &mut conn,
            &change(Some(m), 1, "李娜", Role::Associate, true),
            a,
        )
        .unwrap();
        // 李娜, demoted by 王芳, is no longer a manager: refused, whatever the version.
        match save(
            &mut conn,
            &change(Some(a), 2, "王芳", Role::Associate, true),
            m,
        ) {
            Err(StaffError::Db(e)) => {
                assert!(
                    e.downcast_ref::<crate::store::staff::NotPermitted>()
                        .is_some()
                )
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(matches!(
            save(
                &mut conn,
                &change(Some(m), 1, "李娜", Role::Associate, true),
                a
            ),
            Err(StaffError::Conflict)
        ));
    }

    #[test]
    fn a_new_member_needs_a_pin_and_a_free_name() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let m = crate::store::staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
        let mut c = change(None, 0, "王芳", Role::Associate, true);
        c.pin_hash = None;
        assert!(matches!(
            save(&mut conn, &c, m),
            Err(StaffError::Refused("pin_needed"))
        ));
        assert!(matches!(
            save(
                &mut conn,
                &change(None, 0, "李娜", Role::Associate, true),
                m
            ),
            Err(StaffError::Refused("name_taken"))
        ));
    }

    #[test]
    fn a_pin_reset_unlocks() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let m = crate::store::staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
        let a = crate::store::staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
        conn.execute(
            "UPDATE staff SET failed_pins = 0, locked_until = '2999-01-01T00:00:00Z' WHERE id = ?1",
            [a],
        )
        .unwrap();
        save(
            &mut conn,
            &change(Some(a), 1, "王芳", Role::Associate, true),
            m,
        )
        .unwrap();
        let locked: Option<String> = conn
            .query_row("SELECT locked_until FROM staff WHERE id = ?1", [a], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(locked, None);
    }
}
