//! The shop database file: privacy of the file, migrations under
//! concurrency, refusal of a newer schema, write conflicts between processes.

use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, migrate, staff};
use chrono::NaiveDate;
use std::os::unix::fs::PermissionsExt;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn the_file_and_its_wal_are_private_to_owner_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let conn = store::open(&path).unwrap();
    staff::add(&conn, "王芳", Role::Manager, "x").unwrap();
    for suffix in ["", "-wal"] {
        let p = dir.path().join(format!("shop.db{suffix}"));
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode & 0o007,
            0,
            "{} is readable by others: {mode:o}",
            p.display()
        );
    }
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn many_processes_opening_a_new_database_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let p = path.clone();
            std::thread::spawn(move || store::open(&p).map(|c| migrate::version(&c).unwrap()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap(), migrate::CURRENT);
    }
    let conn = store::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'customers'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    drop(store::open(&path).unwrap());
    let newer = migrate::CURRENT + 1;
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", newer).unwrap();
    }
    let before = files_in(dir.path());
    let err = store::open(&path).unwrap_err().to_string();
    assert!(err.contains("newer aftercare"), "{err}");
    let after = files_in(dir.path());
    let names = |v: &[(String, Vec<u8>)]| {
        v.iter()
            .map(|(n, b)| (n.clone(), b.len()))
            .collect::<Vec<_>>()
    };
    assert!(
        after == before,
        "the folder changed: {:?} → {:?}",
        names(&before),
        names(&after)
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(migrate::version(&c).unwrap(), newer);
}

/// The files in `dir` with their bytes.
fn files_in(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_newer_database_in_another_journal_mode_is_refused_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    drop(store::open(&path).unwrap());
    let newer = migrate::CURRENT + 1;
    {
        // A newer aftercare that keeps a rollback journal: switching it to WAL
        // would write the header.
        let c = rusqlite::Connection::open(&path).unwrap();
        let mode: String = c
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        c.pragma_update(None, "user_version", newer).unwrap();
    }
    let before = files_in(dir.path());
    assert_eq!(before.len(), 1, "only the database file");
    for _ in 0..2 {
        let err = store::open(&path).unwrap_err().to_string();
        assert!(err.contains("newer aftercare"), "{err}");
        assert!(files_in(dir.path()) == before, "the folder changed");
    }
}

#[test]
fn two_connections_saving_one_customer_the_second_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut a = store::open(&path).unwrap();
    let mut b = store::open(&path).unwrap();
    let s1 = staff::add(&a, "王芳", Role::Associate, "x").unwrap();
    let s2 = staff::add(&a, "李娜", Role::Manager, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三");
    v.set(Field::Phone, "13812345678");
    let id = customers::create(&mut a, &v, s1, today()).unwrap();
    let seen_by_a = customers::get(&a, id).unwrap().unwrap();
    let seen_by_b = customers::get(&b, id).unwrap().unwrap();
    let mut va = seen_by_a.values.clone();
    va.set(Field::Work, "教师");
    let mut vb = seen_by_b.values.clone();
    vb.set(Field::Hobbies, "爬山");
    customers::update(&mut a, id, seen_by_a.version, &va, s1, today()).unwrap();
    match customers::update(&mut b, id, seen_by_b.version, &vb, s2, today()) {
        Err(customers::SaveError::Conflict { by, .. }) => assert_eq!(by.as_deref(), Some("王芳")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = customers::get(&b, id).unwrap().unwrap();
    assert_eq!(now.values.get(Field::Work), "教师");
    assert_eq!(now.values.get(Field::Hobbies), "");
}

#[test]
fn check_and_backup_agree_on_a_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut conn = store::open(&path).unwrap();
    let s = staff::add(&conn, "王芳", Role::Manager, "x").unwrap();
    for i in 0..50 {
        let mut v = Values::new_customer();
        v.set(Field::Name, format!("顾客{i}"));
        v.set(Field::Phone, format!("1380000{i:04}"));
        customers::create(&mut conn, &v, s, today()).unwrap();
    }
    let report = store::check::run(&conn).unwrap();
    assert!(report.ok(), "{:?}", report.findings);
    let copy = dir.path().join("copy.db");
    store::backup::copy_to(&conn, &copy).unwrap();
    let c = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 50);
    assert!(store::check::run(&c).unwrap().ok());
    assert!(
        store::backup::copy_to(&conn, &copy).is_err(),
        "an existing file is never overwritten"
    );
}

#[test]
fn check_reports_a_broken_foreign_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let conn = store::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at) VALUES ('R1', 999, '2026-01-01', 100, 'x')",
        [],
    )
    .unwrap();
    let report = store::check::run(&conn).unwrap();
    assert!(!report.ok());
    assert!(
        report.findings[0].contains("purchases"),
        "{:?}",
        report.findings
    );
}

#[test]
fn a_version_1_database_is_upgraded_with_its_rows_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../src/store/migrations/0001_foundation.sql"))
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute("INSERT INTO staff(name, role, pin_hash, created_at) VALUES ('王芳', 'manager', 'x', 'now')", [])
            .unwrap();
        c.execute(
            "INSERT INTO repair_jobs(item, state, received_on) VALUES ('西服 开线', 'received', '2026-11-01')",
            [],
        )
        .unwrap();
    }
    let conn = store::open(&path).unwrap();
    assert_eq!(migrate::version(&conn).unwrap(), migrate::CURRENT);
    let (item, fee): (String, i64) = conn
        .query_row("SELECT item, fee_fen FROM repair_jobs", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((item.as_str(), fee), ("西服 开线", 0));
    // The old job was taken in for nobody: the check names it, and only it.
    let report = store::check::run(&conn).unwrap();
    assert_eq!(report.problems, 1, "{:?}", report.findings);
    assert!(
        report.findings[0].contains("job_has_customer")
            && report.findings[0].contains("repair_jobs row 1"),
        "{:?}",
        report.findings
    );
}
