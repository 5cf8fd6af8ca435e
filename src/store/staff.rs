//! Staff and their PINs (argon2, salted).

use anyhow::{Result, anyhow};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::signin;
use crate::domain::staff::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// Argon2id as a shop tablet can afford it for every sign-in: OWASP's
/// recommended minimum with the least memory (7 MiB, 5 passes, 1 lane, from
/// the Password Storage Cheat Sheet) instead of the crate's default 19 MiB,
/// which a hundred tablets signing in after lunch felt. The parameters are
/// written into each hash (PHC string) and a hash is checked with its own;
/// a hash made with other parameters is made again at its next right PIN,
/// so raising them later needs no migration.
const PIN_MEMORY_KIB: u32 = 7 * 1024;
const PIN_PASSES: u32 = 5;
const PIN_LANES: u32 = 1;

fn pin_params() -> Params {
    Params::new(PIN_MEMORY_KIB, PIN_PASSES, PIN_LANES, None).expect("valid argon2 parameters")
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, pin_params())
}

pub fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| anyhow!("cannot make a salt: {e}"))?;
    hasher()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow!("cannot hash the PIN: {e}"))
}

/// Whether `pin` is the one `hash` was made from (with the hash's own
/// parameters, whatever they are).
pub fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| hasher().verify_password(pin.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Whether `hash` was made with other parameters than today's.
fn made_otherwise(hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        h.algorithm != Algorithm::Argon2id.ident()
            || Params::try_from(&h).map_or(true, |p| {
                (p.m_cost(), p.t_cost(), p.p_cost()) != (PIN_MEMORY_KIB, PIN_PASSES, PIN_LANES)
            })
    })
}

pub fn add(conn: &Connection, name: &str, role: Role, pin_hash: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO staff(name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![name, role.id(), pin_hash, super::now_utc()])?;
    Ok(conn.last_insert_rowid())
}

/// Active staff, managers first, then by name.
pub fn list(conn: &Connection) -> Result<Vec<Staff>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role FROM staff WHERE active = 1
         ORDER BY CASE role WHEN 'manager' THEN 0 WHEN 'service' THEN 1 ELSE 2 END, name",
    )?;
    let rows = stmt.query_map([], row_to_staff)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Staff>> {
    Ok(conn
        .query_row(
            "SELECT id, name, role FROM staff WHERE id = ?1",
            [id],
            row_to_staff,
        )
        .optional()?)
}

fn row_to_staff(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(2)?;
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::from_id(&role).unwrap_or(Role::Associate),
    })
}

/// The actor of a privileged action is no longer allowed to do it: they were
/// deactivated, or their role changed, since they signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPermitted;

impl std::fmt::Display for NotPermitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "this staff member is no longer allowed to do this (deactivated or role changed)",
        )
    }
}

impl std::error::Error for NotPermitted {}

/// Re-reads the actor's role and active flag inside the transaction that
/// performs a privileged action; refuses with [`NotPermitted`] unless they
/// are active and hold one of `roles`.
pub fn require(conn: &Connection, staff_id: i64, roles: &[Role]) -> Result<Role> {
    let row: Option<(String, bool)> = conn
        .query_row(
            "SELECT role, active FROM staff WHERE id = ?1",
            [staff_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row.and_then(|(role, active)| Role::from_id(&role).filter(|_| active)) {
        Some(role) if roles.contains(&role) => Ok(role),
        _ => Err(NotPermitted.into()),
    }
}

/// The role of an active staff member now, or None when deactivated or gone.
pub fn current_role(conn: &Connection, staff_id: i64) -> Result<Option<Role>> {
    let row: Option<(String, bool)> = conn
        .query_row(
            "SELECT role, active FROM staff WHERE id = ?1",
            [staff_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(role, active)| Role::from_id(&role).filter(|_| active)))
}

/// What a PIN attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Ok(Staff),
    /// Wrong PIN; this many tries remain before the name locks.
    Wrong {
        tries_left: u32,
    },
    /// Locked until this time (just now, or still).
    Locked {
        until: DateTime<Utc>,
    },
    Unknown,
}

/// Checks a PIN, counting failures and locking the name after too many.
///
/// The lock, the count and the decision are all read and written inside one
/// IMMEDIATE transaction, so attempts from many terminals at once are counted
/// one after another: never more than the limit, and a lock is never cleared
/// by a failure or passed by a right PIN.
pub fn sign_in(
    conn: &mut Connection,
    staff_id: i64,
    pin: &str,
    max_failed: u32,
    lockout_minutes: u32,
    now: DateTime<Utc>,
) -> Result<SignIn> {
    let hash: Option<String> = conn
        .query_row(
            "SELECT pin_hash FROM staff WHERE id = ?1 AND active = 1",
            [staff_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(hash) = hash else {
        return Ok(SignIn::Unknown);
    };
    // The hash is checked outside the write lock (it takes tens of
    // milliseconds); what it means is decided inside.
    let good = pin_matches(pin, &hash);
    let remade = if good && made_otherwise(&hash) {
        Some(hash_pin(pin)?)
    } else {
        None
    };
    super::write(conn, |tx| {
        let row: Option<(String, u32, Option<String>)> = tx
            .query_row(
                "SELECT pin_hash, failed_pins, locked_until FROM staff WHERE id = ?1 AND active = 1",
                [staff_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((hash_now, failed, locked)) = row else {
            return Ok(SignIn::Unknown);
        };
        let locked = locked.and_then(|s| {
            DateTime::parse_from_rfc3339(&s)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        });
        if let Some(until) = locked.filter(|_| signin::is_locked(locked, now)) {
            super::audit::record(
                tx,
                Some(staff_id),
                "pin_while_locked",
                "staff",
                Some(staff_id),
                "",
            )?;
            return Ok(SignIn::Locked { until });
        }
        // A PIN reset in between: the hash checked is no longer the PIN.
        let good = good && hash_now == hash;
        if good {
            tx.execute(
                "UPDATE staff SET failed_pins = 0, locked_until = NULL,
                        pin_hash = COALESCE(?2, pin_hash) WHERE id = ?1",
                params![staff_id, remade],
            )?;
            super::audit::record(tx, Some(staff_id), "sign_in", "staff", Some(staff_id), "")?;
            let staff = get(tx, staff_id)?.ok_or_else(|| anyhow!("staff {staff_id} vanished"))?;
            return Ok(SignIn::Ok(staff));
        }
        // An expired lock starts the count again.
        let failed = if locked.is_some() { 0 } else { failed };
        let after = signin::after_failure(failed, max_failed, lockout_minutes, now);
        tx.execute(
            "UPDATE staff SET failed_pins = ?2, locked_until = ?3 WHERE id = ?1",
            params![
                staff_id,
                after.failed,
                after
                    .locked_until
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            ],
        )?;
        super::audit::record(tx, Some(staff_id), "wrong_pin", "staff", Some(staff_id), "")?;
        Ok(match after.locked_until {
            Some(until) => SignIn::Locked { until },
            None => SignIn::Wrong {
                tries_left: max_failed - after.failed,
            },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_pins_lock_then_the_right_one_waits() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let id = add(&conn, "王芳", Role::Associate, &hash_pin("1234").unwrap()).unwrap();
        let now = Utc::now();
        for left in (1..5).rev() {
            assert_eq!(
                sign_in(&mut conn, id, "9999", 5, 5, now).unwrap(),
                SignIn::Wrong { tries_left: left }
            );
        }
        assert!(matches!(
            sign_in(&mut conn, id, "9999", 5, 5, now).unwrap(),
            SignIn::Locked { .. }
        ));
        assert!(matches!(
            sign_in(&mut conn, id, "1234", 5, 5, now).unwrap(),
            SignIn::Locked { .. }
        ));
        let later = now + chrono::Duration::minutes(6);
        assert!(matches!(
            sign_in(&mut conn, id, "1234", 5, 5, later).unwrap(),
            SignIn::Ok(_)
        ));
    }

    /// A PIN hashed with other parameters (the crate's default, as every
    /// PIN was before) still signs in, and is hashed again with today's.
    #[test]
    fn an_older_hash_signs_in_and_is_made_again_with_todays_parameters() {
        let mut conn = crate::store::open_in_memory().unwrap();
        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let old = Argon2::default()
            .hash_password(b"1234", &salt)
            .unwrap()
            .to_string();
        assert!(made_otherwise(&old), "{old}");
        let id = add(&conn, "王芳", Role::Associate, &old).unwrap();
        assert!(matches!(
            sign_in(&mut conn, id, "1234", 5, 5, Utc::now()).unwrap(),
            SignIn::Ok(_)
        ));
        let now: String = conn
            .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_ne!(now, old);
        assert!(now.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{now}");
        assert!(!made_otherwise(&now));
        assert!(pin_matches("1234", &now) && !pin_matches("1235", &now));
        // A wrong PIN changes nothing.
        sign_in(&mut conn, id, "9999", 5, 5, Utc::now()).unwrap();
        let after: String = conn
            .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(after, now);
    }
}
