//! `aftercare check` and `aftercare backup`, beside a running app.

mod common;

use common::{Key, Shop, TestResult};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_passes_a_good_shop_and_fails_a_broken_one() {
    let shop = Shop::demo(20);
    let out = shop.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("all checks passed"),
        "{}",
        text(&out.stdout)
    );

    // A customer registered by nobody on the staff: a broken foreign key.
    let c = shop.conn();
    c.pragma_update(None, "foreign_keys", "OFF").unwrap();
    c.execute(
        "UPDATE customers SET registered_by = 999 WHERE id = (SELECT min(id) FROM customers)",
        [],
    )
    .unwrap();
    drop(c);
    let out = shop.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("foreign key"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_backup_taken_while_the_app_runs_is_whole() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    // A customer saved just now, still in the open app's write-ahead log.
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    t.send("Backup Betty");
    t.key(Key::Tab);
    let (phone, _) = shop.free_phone(9999);
    t.send(&phone);
    t.wait_for(&phone)?;
    t.key(Key::Ctrl('s'));
    t.wait_for("Saved: Backup Betty")?;
    let wal = shop.db.with_extension("db-wal");
    assert!(
        std::fs::metadata(&wal)
            .map(|m| m.len() > 0)
            .unwrap_or(false),
        "the app's last write should still be in {}",
        wal.display()
    );

    let copy = shop.path().join("copy.db");
    let out = shop.run(&["backup", copy.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(copy.is_file());
    // The app goes on meanwhile.
    assert!(
        t.wait_exit(std::time::Duration::ZERO).is_none(),
        "the app stopped"
    );
    t.key(Key::F(3));
    t.wait_for("Find a customer")?;

    let out = common::run_bounded(shop.command_on(&copy, &["check"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains(&*copy.display().to_string()),
        "{}",
        text(&out.stdout)
    );

    let copied = rusqlite::Connection::open(&copy)?;
    let count = |c: &rusqlite::Connection, sql: &str| -> i64 {
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let orig = shop.conn();
    for sql in [
        "SELECT count(*) FROM customers",
        "SELECT count(*) FROM staff",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM customers WHERE name = 'Backup Betty'",
    ] {
        assert_eq!(count(&copied, sql), count(&orig, sql), "{sql}");
    }
    assert_eq!(
        count(
            &copied,
            "SELECT count(*) FROM customers WHERE name = 'Backup Betty'"
        ),
        1
    );

    // A second backup never overwrites the first.
    let out = shop.run(&["backup", copy.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("exists already"),
        "{}",
        text(&out.stderr)
    );
    Ok(())
}
