//! Erasure leaves no trace: the erased name, phone and address are found
//! nowhere in the database file or its write-ahead log afterwards.

use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::{self, customers, staff};
use chrono::NaiveDate;

const NAME: &str = "欧阳娜娜";
const PHONE: &str = "13987654321";
const ADDRESS: &str = "幸福路八十八号";
const KEPT: &str = "司马光明";

fn bytes_of(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

fn holds(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.windows(n.len()).any(|w| w == n)
}

#[test]
fn an_erased_customer_is_found_nowhere_in_the_file_or_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut conn = store::open(&path).unwrap();
    store::shop::create(&conn, "示范店").unwrap();
    let m = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, NAME);
    v.set(Field::Phone, PHONE);
    v.set(Field::Address, ADDRESS);
    let id = customers::create(&mut conn, &v, m, today).unwrap();
    let mut k = Values::new_customer();
    k.set(Field::Name, KEPT);
    k.set(Field::Phone, "13711112222");
    let kept = customers::create(&mut conn, &k, m, today).unwrap();
    // Copies, as the desk, complaints, notes, drafts and the audit log make them.
    for who in [id, kept] {
        let (name, phone): (String, String) = conn
            .query_row(
                "SELECT name, phone FROM customers WHERE id = ?1",
                [who],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        conn.execute(
            "INSERT INTO repair_jobs(customer_id, item, state, received_on, job_no, contact_name, contact_phone, address, symptoms)
             VALUES (?1, 'coat', 'received', '2026-11-20', 'R-' || ?1, ?2, ?3, ?4, 'seam; call ' || ?2)",
            rusqlite::params![who, name, phone, if who == id { ADDRESS } else { "长安街一号" }],
        )
        .unwrap();
        let job = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO job_events(job_id, state, at, note) VALUES (?1, 'received', '2026-11-20T10:00:00Z', 'told ' || ?2)",
            rusqlite::params![job, name],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO complaints(complaint_no, channel, customer_id, category, department, urgency, words, state,
                 received_at, received_on, created_at, updated_at)
             VALUES ('C-' || ?1, 'phone', ?1, 'quality', 'shop', 'normal', ?2 || ' says the zip broke, call ' || ?3,
                 'accepted', '2026-11-20T10:00:00Z', '2026-11-20', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')",
            rusqlite::params![who, name, phone],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO contacts(customer_id, staff_id, kind, outcome, note, at)
             VALUES (?1, ?2, 'callback', 'reached', 'spoke to ' || ?3, '2026-11-20T10:00:00Z')",
            rusqlite::params![who, m, name],
        )
        .unwrap();
        store::audit::record(
            &conn,
            Some(m),
            "note",
            "customer",
            Some(who),
            &format!("{name} {phone}"),
        )
        .unwrap();
    }
    store::drafts::save(
        &mut conn,
        m,
        "complaint_intake",
        0,
        &format!("{{\"who\":\"{NAME}\",\"phone\":\"{PHONE}\"}}"),
    )
    .unwrap();
    // Another terminal keeps the database open, as the shop's tablets do.
    let _other = store::open(&path).unwrap();
    customers::erase(&mut conn, id, m, &format!("{NAME} asked at the counter")).unwrap();
    let wal = path.with_file_name("shop.db-wal");
    let mut all = bytes_of(&path);
    all.extend(bytes_of(&wal));
    for needle in [NAME, PHONE, ADDRESS] {
        assert!(
            !holds(&all, needle),
            "{needle} is still in the file or its log"
        );
    }
    // The other customer's data is still there: the search looked in the right place.
    assert!(holds(&all, KEPT));
    // And the register still holds the job, only without the person.
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM repair_jobs WHERE customer_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 1);
}
