//! The shop's change log for head office (issue 15), without PostgreSQL:
//! nothing is logged before the shop has a code; enrolling logs a snapshot
//! of every record; afterwards each change is logged in its own transaction
//! (a rolled-back change leaves no trace); PIN hashes never travel; a
//! column added later is picked up.

use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, changes, customers, staff};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn logged(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

fn shop() -> (tempfile::TempDir, rusqlite::Connection, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let conn = store::open(&path).unwrap();
    store::shop::create(&conn, "测试店").unwrap();
    let manager = staff::add(&conn, "王芳", Role::Manager, "1234").unwrap();
    (dir, conn, manager)
}

fn new_customer(conn: &mut rusqlite::Connection, staff: i64, name: &str, phone: &str) -> i64 {
    let mut v = Values::new_customer();
    v.set(Field::Name, name);
    v.set(Field::Phone, phone);
    customers::create(conn, &v, staff, today()).unwrap()
}

#[test]
fn a_shop_without_a_code_logs_nothing() {
    let (_dir, mut conn, manager) = shop();
    new_customer(&mut conn, manager, "李娜", "13800138000");
    assert_eq!(logged(&conn), 0);
    assert_eq!(changes::shop_code(&conn).unwrap(), None);
}

#[test]
fn enrolling_logs_every_record_once_then_each_change() {
    let (dir, mut conn, manager) = shop();
    let first = new_customer(&mut conn, manager, "李娜", "13800138000");
    assert!(changes::enrol(&conn, "bad code!").is_err());
    let snapshot = changes::enrol(&conn, "SH-01").unwrap();
    // The manager and the customer (and whatever else a new file writes).
    let rows: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM staff) + (SELECT COUNT(*) FROM customers)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(snapshot as i64 >= rows, "{snapshot} < {rows}");
    assert_eq!(logged(&conn), snapshot as i64);
    let ops: Vec<String> = conn
        .prepare("SELECT DISTINCT op FROM change_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ops, vec!["S".to_string()]);
    // Enrolling again changes nothing.
    assert_eq!(changes::enrol(&conn, "SH-01").unwrap(), 0);
    assert_eq!(logged(&conn), snapshot as i64);

    // PIN hashes stay in the shop.
    let staff_row: String = conn
        .query_row(
            "SELECT row FROM change_log WHERE tbl = 'staff' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!staff_row.contains("pin_hash"), "{staff_row}");
    assert!(staff_row.contains("王芳"));

    // A new customer: logged with the transaction that wrote it.
    let before = changes::max_seq(&conn).unwrap();
    let second = new_customer(&mut conn, manager, "张伟", "13900139000");
    let row: String = conn
        .query_row(
            "SELECT row FROM change_log WHERE tbl = 'customers' AND row_id = ?1 AND op = 'I'",
            [second],
            |r| r.get(0),
        )
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&row).unwrap();
    assert_eq!(json["name"], "张伟");
    assert!(changes::max_seq(&conn).unwrap() > before);

    // A rolled-back change leaves nothing in the log.
    let n = logged(&conn);
    {
        let tx = conn.transaction().unwrap();
        tx.execute("UPDATE customers SET name = '撤销' WHERE id = ?1", [first])
            .unwrap();
        // dropped: rolled back
    }
    assert_eq!(logged(&conn), n);

    // A delete is logged without the row.
    conn.execute("DELETE FROM chain_origins WHERE customer_id = ?1", [first])
        .unwrap();
    conn.execute(
        "INSERT INTO chain_origins(customer_id, shop_code, remote_id, taken_at) VALUES (?1, 'X1', 5, 'now')",
        [first],
    )
    .unwrap();
    conn.execute("DELETE FROM chain_origins WHERE customer_id = ?1", [first])
        .unwrap();
    let (op, row): (String, Option<String>) = conn
        .query_row(
            "SELECT op, row FROM change_log WHERE tbl = 'chain_origins' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((op.as_str(), row), ("D", None));

    // Acknowledged changes are pruned; the sequence keeps growing.
    let top = changes::max_seq(&conn).unwrap();
    changes::acknowledge(&mut conn, top).unwrap();
    assert_eq!(logged(&conn), 0);
    assert_eq!(changes::pending(&conn).unwrap(), 0);
    assert_eq!(changes::max_seq(&conn).unwrap(), top);
    new_customer(&mut conn, manager, "赵敏", "13700137000");
    let seq: i64 = conn
        .query_row("SELECT MIN(seq) FROM change_log", [], |r| r.get(0))
        .unwrap();
    assert!(seq > top);

    // A column added by a later version is in the rows after the next start.
    conn.execute_batch("ALTER TABLE customers ADD COLUMN wechat TEXT")
        .unwrap();
    drop(conn);
    let conn = store::open(&dir.path().join("shop.db")).unwrap();
    conn.execute(
        "UPDATE customers SET wechat = 'wx-li' WHERE id = ?1",
        [first],
    )
    .unwrap();
    let row: String = conn
        .query_row(
            "SELECT row FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(row.contains("wx-li"), "{row}");
}

#[test]
fn a_code_is_kept_once_something_was_sent() {
    let (_dir, mut conn, _manager) = shop();
    changes::enrol(&conn, "SH-01").unwrap();
    // Not yet sent: the code may still be corrected.
    changes::enrol(&conn, "SH-02").unwrap();
    assert_eq!(changes::shop_code(&conn).unwrap().as_deref(), Some("SH-02"));
    let top = changes::max_seq(&conn).unwrap();
    changes::acknowledge(&mut conn, top).unwrap();
    assert!(changes::enrol(&conn, "SH-03").is_err());
    assert_eq!(changes::shop_code(&conn).unwrap().as_deref(), Some("SH-02"));
}

#[test]
fn a_database_with_no_shop_cannot_be_enrolled() {
    let conn = store::open_in_memory().unwrap();
    assert!(changes::enrol(&conn, "SH-01").is_err());
}
