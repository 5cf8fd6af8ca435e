use super::*;
use crate::domain::staff::Role;
use crate::store::staff;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn setup() -> (Connection, i64, i64) {
    let conn = crate::store::open_in_memory().unwrap();
    let a = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    let b = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    (conn, a, b)
}

fn values(name: &str, phone: &str) -> Values {
    let mut v = Values::new_customer();
    v.set(Field::Name, name);
    v.set(Field::Phone, phone);
    v
}

#[test]
fn create_then_read_back() {
    let (mut conn, a, _) = setup();
    let mut v = values("张三", "13812345678");
    v.set(Field::Birthday, "1990-05-06");
    v.set(Field::Hobbies, "爬山");
    let id = create(&mut conn, &v, a, today()).unwrap();
    let c = get(&conn, id).unwrap().unwrap();
    assert_eq!(c.values.get(Field::Name), "张三");
    assert_eq!(c.values.get(Field::Hobbies), "爬山");
    assert_eq!(c.values.get(Field::Birthday), "1990-05-06");
    assert_eq!(c.values.get(Field::GreetingsOk), "1");
    assert_eq!(c.registered_by.as_deref(), Some("王芳"));
    assert_eq!(c.version, 1);
}

#[test]
fn a_stale_save_is_refused_naming_who_saved() {
    let (mut conn, a, b) = setup();
    let id = create(&mut conn, &values("张三", "13812345678"), a, today()).unwrap();
    let mut mine = values("张三", "13812345678");
    mine.set(Field::Hobbies, "读书");
    let mut theirs = values("张三", "13812345678");
    theirs.set(Field::Work, "教师");
    assert_eq!(update(&mut conn, id, 1, &theirs, b, today()).unwrap(), 2);
    match update(&mut conn, id, 1, &mine, a, today()) {
        Err(SaveError::Conflict { by, .. }) => assert_eq!(by.as_deref(), Some("李娜")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let c = get(&conn, id).unwrap().unwrap();
    assert_eq!(c.values.get(Field::Work), "教师");
    assert_eq!(c.values.get(Field::Hobbies), "");
}

#[test]
fn a_phone_on_another_file_is_refused() {
    let (mut conn, a, _) = setup();
    create(&mut conn, &values("张三", "13812345678"), a, today()).unwrap();
    match create(&mut conn, &values("李四", "138-1234-5678"), a, today()) {
        Err(SaveError::Fields(e)) => assert_eq!(e[0].code, "phone_taken"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_referrer_is_found_by_phone() {
    let (mut conn, a, _) = setup();
    let old = create(&mut conn, &values("张三", "13812345678"), a, today()).unwrap();
    let mut v = values("李四", "13900001111");
    v.set(Field::ReferredBy, "13812345678");
    let id = create(&mut conn, &v, a, today()).unwrap();
    let c = get(&conn, id).unwrap().unwrap();
    assert_eq!(c.referred_by_name.as_deref(), Some("张三"));
    let r: i64 = conn
        .query_row(
            "SELECT referred_by FROM customers WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(r, old);
    v.set(Field::ReferredBy, "10000000000");
    v.set(Field::Phone, "13900002222");
    assert!(matches!(
        create(&mut conn, &v, a, today()),
        Err(SaveError::Fields(_))
    ));
}

#[test]
fn erasure_wipes_personal_fields_and_keeps_figures() {
    let (mut conn, a, b) = setup();
    let mut v = values("张三", "13812345678");
    v.set(Field::Address, "上海市");
    let id = create(&mut conn, &v, a, today()).unwrap();
    conn.execute(
        "UPDATE customers SET total_spend_fen = 123400 WHERE id = ?1",
        [id],
    )
    .unwrap();
    erase(&mut conn, id, b, "customer asked").unwrap();
    let c = get(&conn, id).unwrap().unwrap();
    assert_eq!(c.values.get(Field::Name), "");
    assert_eq!(c.values.get(Field::Phone), "");
    assert_eq!(c.values.get(Field::Address), "");
    assert_eq!(c.total_spend_fen, 123400);
    assert!(c.erased_at.is_some());
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'erase' AND entity_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn the_closest_associate_made_most_of_the_sales() {
    let (mut conn, a, b) = setup();
    let id = create(&mut conn, &values("张三", "13812345678"), a, today()).unwrap();
    let closest = |conn: &Connection| -> Option<i64> {
        conn.query_row(
            "SELECT closest_staff_id FROM customers WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(closest(&conn), Some(a), "before any sale: who registered");
    let product = conn
        .execute(
            "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen)
                 VALUES ('S1', 'Coat', 'textile', 100, 100)",
            [],
        )
        .map(|_| conn.last_insert_rowid())
        .unwrap();
    let line = crate::store::purchases::NewLine {
        product_id: product,
        size: String::new(),
        colour: String::new(),
        price_fen: 100,
        add_on: false,
    };
    let sell = |conn: &Connection, no: &str, by: i64, on: &str| {
        let on = chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap();
        crate::store::purchases::record(
            conn,
            no,
            Some(id),
            Some(by),
            on,
            std::slice::from_ref(&line),
        )
        .unwrap();
    };
    sell(&conn, "R1", b, "2026-01-02");
    assert_eq!(closest(&conn), Some(b));
    sell(&conn, "R2", a, "2026-02-02");
    assert_eq!(closest(&conn), Some(a), "a tie goes to the latest sale");
    sell(&conn, "R3", b, "2026-01-05");
    assert_eq!(closest(&conn), Some(b), "most sales wins");
    conn.execute("UPDATE customers SET closest_staff_id = NULL", [])
        .unwrap();
    refresh_closest_all(&conn).unwrap();
    assert_eq!(closest(&conn), Some(b));
}
