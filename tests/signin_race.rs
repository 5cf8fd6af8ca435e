//! Sign-in attempts from many terminals at once: the lockout holds.

use aftercare::domain::staff::Role;
use aftercare::store::{self, staff};
use chrono::{Duration, Utc};
use std::sync::{Arc, Barrier};

const MAX: u32 = 5;
const LOCK_MINUTES: u32 = 15;

fn shop() -> (tempfile::TempDir, std::path::PathBuf, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let conn = store::open(&path).unwrap();
    let id = staff::add(
        &conn,
        "王芳",
        Role::Manager,
        &staff::hash_pin("1234").unwrap(),
    )
    .unwrap();
    (dir, path, id)
}

fn counted_failures(conn: &rusqlite::Connection, id: i64) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'wrong_pin' AND entity_id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn sixteen_wrong_pins_at_once_count_no_more_than_the_limit() {
    let (_dir, path, id) = shop();
    let now = Utc::now();
    let gate = Arc::new(Barrier::new(16));
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let path = path.clone();
            let gate = gate.clone();
            std::thread::spawn(move || {
                let mut conn = store::open(&path).unwrap();
                gate.wait();
                let pin = format!("{:04}", 5000 + i);
                staff::sign_in(&mut conn, id, &pin, MAX, LOCK_MINUTES, now).unwrap()
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let wrong = results
        .iter()
        .filter(|r| matches!(r, staff::SignIn::Wrong { .. }))
        .count();
    assert_eq!(wrong, MAX as usize - 1, "{results:?}");
    let mut conn = store::open(&path).unwrap();
    assert_eq!(counted_failures(&conn, id), MAX as i64);
    // The right PIN while locked does not sign in.
    assert!(matches!(
        staff::sign_in(&mut conn, id, "1234", MAX, LOCK_MINUTES, now).unwrap(),
        staff::SignIn::Locked { .. }
    ));
}

#[test]
fn a_wrong_pin_during_a_lock_does_not_clear_it_and_the_lock_survives_a_restart() {
    let (_dir, path, id) = shop();
    let now = Utc::now();
    {
        let mut conn = store::open(&path).unwrap();
        for _ in 0..MAX {
            staff::sign_in(&mut conn, id, "9999", MAX, LOCK_MINUTES, now).unwrap();
        }
    }
    // A session that read the row before the lock was set: the decision is
    // made in the write transaction, so a stale read cannot clear the lock.
    let mut conn = store::open(&path).unwrap();
    for _ in 0..3 {
        assert!(matches!(
            staff::sign_in(&mut conn, id, "9999", MAX, LOCK_MINUTES, now).unwrap(),
            staff::SignIn::Locked { .. }
        ));
    }
    drop(conn);
    let mut conn = store::open(&path).unwrap();
    let locked: Option<String> = conn
        .query_row("SELECT locked_until FROM staff WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(locked.is_some());
    assert!(matches!(
        staff::sign_in(
            &mut conn,
            id,
            "1234",
            MAX,
            LOCK_MINUTES,
            now + Duration::minutes(1)
        )
        .unwrap(),
        staff::SignIn::Locked { .. }
    ));
    assert!(matches!(
        staff::sign_in(
            &mut conn,
            id,
            "1234",
            MAX,
            LOCK_MINUTES,
            now + Duration::minutes(16)
        )
        .unwrap(),
        staff::SignIn::Ok(_)
    ));
}

#[test]
fn sign_in_processes_at_once_never_exceed_the_limit() {
    // Separate processes: the test binary itself, run as a child per attempt.
    if let Ok(spec) = std::env::var("H19A_SIGNIN_CHILD") {
        let (path, id) = spec.split_once('|').unwrap();
        let mut conn = store::open(std::path::Path::new(path)).unwrap();
        let r = staff::sign_in(
            &mut conn,
            id.parse().unwrap(),
            "8888",
            MAX,
            LOCK_MINUTES,
            Utc::now(),
        )
        .unwrap();
        println!("{r:?}");
        return;
    }
    let (_dir, path, id) = shop();
    let me = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(&me)
                .args([
                    "--exact",
                    "sign_in_processes_at_once_never_exceed_the_limit",
                    "--nocapture",
                ])
                .env("H19A_SIGNIN_CHILD", format!("{}|{id}", path.display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let conn = store::open(&path).unwrap();
    assert_eq!(counted_failures(&conn, id), MAX as i64);
}
