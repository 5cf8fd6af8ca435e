//! VIP care in the database: tiers and club kept on purchase and backfilled,
//! segments in SQL matching the rule, gatherings counted per year, campaign
//! targets counted.

use aftercare::domain::segments::{Segment, segment_for};
use aftercare::domain::staff::Role;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store::campaigns::{self, Kind, Refusal};
use aftercare::store::gatherings::{self, NewGathering};
use aftercare::store::vip::{self, Group};
use aftercare::store::{self, purchases, staff};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn policy() -> Policy {
    Policy::load(&Files::built_in()).unwrap()
}

/// A customer with the given figures, registered on `registered`.
fn customer(
    conn: &Connection,
    name: &str,
    registered: &str,
    count: i64,
    spend: i64,
    seen: Option<&str>,
) -> i64 {
    conn.execute(
        "INSERT INTO customers(name, created_at, updated_at, purchase_count, total_spend_fen,
             last_purchase_on, last_visit_on)
         VALUES (?1, ?2 || 'T06:00:00Z', ?2 || 'T06:00:00Z', ?3, ?4, ?5, ?5)",
        params![name, registered, count, spend, seen],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn product(conn: &Connection) -> i64 {
    conn.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen)
         VALUES ('S1', 'Coat', 'textile', 100, 100)",
        [],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn sell(conn: &Connection, no: &str, customer: i64, product: i64, fen: i64, on: &str) {
    let line = purchases::NewLine {
        product_id: product,
        size: String::new(),
        colour: String::new(),
        price_fen: fen,
        add_on: false,
    };
    purchases::record(conn, no, Some(customer), None, d(on), &[line]).unwrap();
}

fn tier_club(conn: &Connection, id: i64) -> (Option<String>, Option<String>, Option<String>) {
    conn.query_row(
        "SELECT tier, club_since, club_via FROM customers WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn every_purchase_keeps_the_tier_and_lets_into_the_club_at_the_threshold() {
    let mut conn = store::open_in_memory().unwrap();
    let p = policy();
    vip::sync_thresholds(&mut conn, &p).unwrap();
    let c = customer(&conn, "李娜", "2026-01-05", 0, 0, None);
    let coat = product(&conn);
    // Club at 2000.00 yuan, silver at 3000.00 (data/policy.toml).
    sell(&conn, "R1", c, coat, 199_999, "2026-03-01");
    assert_eq!(tier_club(&conn, c), (Some("regular".into()), None, None));
    sell(&conn, "R2", c, coat, 1, "2026-04-02");
    assert_eq!(
        tier_club(&conn, c),
        (
            Some("regular".into()),
            Some("2026-04-02".into()),
            Some("spend".into())
        )
    );
    sell(&conn, "R3", c, coat, 100_000, "2026-05-03");
    assert_eq!(
        tier_club(&conn, c),
        (
            Some("silver".into()),
            Some("2026-04-02".into()),
            Some("spend".into())
        ),
        "the club date stays the day it was reached"
    );
}

#[test]
fn rows_are_backfilled_once_and_again_when_the_thresholds_change() {
    let mut conn = store::open_in_memory().unwrap();
    let mut p = policy();
    let a = customer(&conn, "A", "2025-01-01", 1, 0, Some("2025-01-01"));
    let b = customer(&conn, "B", "2025-01-01", 3, 299_999, Some("2025-06-01"));
    let g = customer(&conn, "G", "2025-01-01", 9, 1_000_000, Some("2026-02-01"));
    assert_eq!(
        tier_club(&conn, a).0,
        None,
        "not worked out before the first start"
    );
    assert!(vip::sync_thresholds(&mut conn, &p).unwrap());
    assert_eq!(tier_club(&conn, a), (Some("regular".into()), None, None));
    assert_eq!(
        tier_club(&conn, b),
        (
            Some("regular".into()),
            Some("2025-06-01".into()),
            Some("spend".into())
        )
    );
    assert_eq!(tier_club(&conn, g).0.as_deref(), Some("gold"));
    assert!(
        !vip::sync_thresholds(&mut conn, &p).unwrap(),
        "nothing changed"
    );
    p.customers.tiers[1].min_spend_fen = 299_999;
    assert!(vip::sync_thresholds(&mut conn, &p).unwrap());
    assert_eq!(tier_club(&conn, b).0.as_deref(), Some("silver"));
}

#[test]
fn joining_by_fee_is_audited_and_once() {
    let mut conn = store::open_in_memory().unwrap();
    let m = staff::add(&conn, "王芳", Role::Manager, "0000").unwrap();
    let c = customer(&conn, "C", "2026-01-01", 0, 0, None);
    vip::join_by_fee(&mut conn, c, m, d("2026-11-24"), 20_000)
        .unwrap()
        .unwrap();
    assert_eq!(
        tier_club(&conn, c).1.zip(tier_club(&conn, c).2),
        Some(("2026-11-24".into(), "fee".into()))
    );
    assert_eq!(
        vip::join_by_fee(&mut conn, c, m, d("2026-11-25"), 20_000).unwrap(),
        Err(vip::JoinError::AlreadyMember)
    );
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'club_join_fee' AND entity_id = ?1
             AND detail = 'fee_fen=20000'",
            [c],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn segments_in_sql_match_the_rule_and_are_counted() {
    let conn = store::open_in_memory().unwrap();
    let p = policy();
    let t = &p.segments;
    let today = d("2026-11-24");
    let rows = [
        ("new", "2026-08-26", 1, 10_000, Some("2026-11-01")),
        ("not new", "2026-08-25", 1, 10_000, Some("2026-11-01")),
        ("lapsed", "2024-01-01", 4, 400_000, Some("2026-05-28")),
        ("recent", "2024-01-01", 4, 400_000, Some("2026-05-29")),
        ("never", "2024-01-01", 0, 0, None),
        ("gold", "2025-11-24", 6, 900_000, Some("2026-11-01")),
        ("often low", "2025-11-24", 6, 899_999, Some("2026-11-01")),
        ("rare dear", "2024-11-24", 4, 600_000, Some("2026-10-01")),
        ("steady", "2024-11-24", 5, 750_000, Some("2026-10-01")),
    ];
    let mut expected = std::collections::HashMap::new();
    for (name, reg, count, spend, seen) in rows {
        let id = customer(&conn, name, reg, count, spend, seen);
        let s = vip::standing(&conn, id).unwrap().unwrap();
        let want = segment_for(&s.facts, today, t);
        let got: String = conn
            .query_row(
                &format!(
                    "SELECT {} FROM customers c WHERE c.id = ?1",
                    vip::segment_sql(today, t)
                ),
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(got, want.id(), "{name}");
        *expected.entry(want).or_insert(0i64) += 1;
    }
    let counts = vip::segment_counts(&conn, &Group::default(), today, t).unwrap();
    for (s, n) in counts {
        assert_eq!(n, *expected.get(&s).unwrap_or(&0), "{s:?}");
    }
    let gold = Group {
        segment: Some(Segment::Gold),
        ..Group::default()
    };
    let page = vip::gold_page(&conn, &gold, today, t, 0, 10).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].name, "gold");
}

fn gathering(conn: &mut Connection, on: &str, by: i64) -> i64 {
    gatherings::plan(
        conn,
        &NewGathering {
            theme: "hiking".into(),
            title: String::new(),
            held_on: d(on),
            place: "西山".into(),
            note: String::new(),
        },
        by,
    )
    .unwrap()
}

#[test]
fn the_years_gatherings_are_counted_across_a_year_end() {
    let mut conn = store::open_in_memory().unwrap();
    let m = staff::add(&conn, "王芳", Role::Manager, "0000").unwrap();
    gathering(&mut conn, "2025-12-31", m);
    gathering(&mut conn, "2026-01-01", m);
    gathering(&mut conn, "2026-06-15", m);
    gathering(&mut conn, "2026-12-31", m);
    gathering(&mut conn, "2027-01-01", m);
    assert_eq!(
        gatherings::year_count(&conn, d("2025-12-31")).unwrap(),
        (1, 0)
    );
    assert_eq!(
        gatherings::year_count(&conn, d("2026-01-01")).unwrap(),
        (1, 2)
    );
    assert_eq!(
        gatherings::year_count(&conn, d("2026-12-30")).unwrap(),
        (2, 1)
    );
    assert_eq!(
        gatherings::year_count(&conn, d("2026-12-31")).unwrap(),
        (3, 0)
    );
    assert_eq!(
        gatherings::year_count(&conn, d("2027-01-01")).unwrap(),
        (1, 0)
    );
}

#[test]
fn invitations_rsvps_and_attendance_go_to_the_contact_log() {
    let mut conn = store::open_in_memory().unwrap();
    let m = staff::add(&conn, "王芳", Role::Manager, "0000").unwrap();
    let a = staff::add(&conn, "张丽", Role::Associate, "1111").unwrap();
    let c1 = customer(&conn, "C1", "2024-01-01", 9, 2_000_000, Some("2026-11-01"));
    let c2 = customer(&conn, "C2", "2024-01-01", 9, 1_500_000, Some("2026-11-01"));
    conn.execute(
        "UPDATE customers SET closest_staff_id = ?1 WHERE id = ?2",
        [a, c1],
    )
    .unwrap();
    let g = gathering(&mut conn, "2026-12-05", m);
    let p = policy();
    let list = vip::invitees(
        &conn,
        &Group::default(),
        d("2026-11-24"),
        &p.segments,
        g,
        10,
    )
    .unwrap();
    assert_eq!(list, vec![(c1, Some(a)), (c2, None)]);
    assert_eq!(gatherings::invite(&mut conn, g, &list, m).unwrap(), 2);
    assert_eq!(
        gatherings::invite(&mut conn, g, &list, m).unwrap(),
        0,
        "once"
    );
    let again = vip::invitees(
        &conn,
        &Group::default(),
        d("2026-11-24"),
        &p.segments,
        g,
        10,
    )
    .unwrap();
    assert!(again.is_empty(), "the invited are not offered again");
    let sent: Vec<(i64, i64)> = conn
        .prepare("SELECT customer_id, staff_id FROM contacts WHERE kind = 'gathering_invite' AND outcome = 'sent' ORDER BY customer_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sent, vec![(c1, a), (c2, m)], "by the closest associate");
    gatherings::rsvp(&mut conn, g, c1, "yes", "想参加插花课").unwrap();
    gatherings::rsvp(&mut conn, g, c2, "no", "").unwrap();
    gatherings::set_attended(&mut conn, g, c1, true, m).unwrap();
    gatherings::set_attended(&mut conn, g, c1, true, m).unwrap();
    let got = gatherings::get(&conn, g).unwrap().unwrap();
    assert_eq!((got.invited, got.yes, got.no, got.attended), (2, 1, 1, 1));
    let attended: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM contacts WHERE outcome = 'attended' AND customer_id = ?1 AND staff_id = ?2",
            [c1, a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(attended, 1);
    let wishes = gatherings::wishes(&conn, 5).unwrap();
    assert_eq!(wishes.len(), 1);
    assert_eq!(
        (
            wishes[0].name.as_str(),
            wishes[0].theme.as_str(),
            wishes[0].note.as_str()
        ),
        ("C1", "hiking", "想参加插花课")
    );
}

#[test]
fn campaigns_count_their_targets_and_do_not_overlap() {
    let mut conn = store::open_in_memory().unwrap();
    let m = staff::add(&conn, "王芳", Role::Manager, "0000").unwrap();
    let p = policy();
    // New within 90 days of 2026-11-01: registered on or after 2026-08-03.
    customer(&conn, "new edge", "2026-08-03", 1, 1000, Some("2026-08-03"));
    customer(&conn, "too old", "2026-08-02", 1, 1000, Some("2026-08-02"));
    // Old in December: 3 purchases, registered before 2025-12-01.
    customer(&conn, "old", "2025-11-30", 3, 9000, Some("2026-01-01"));
    customer(
        &conn,
        "old but few",
        "2025-01-01",
        2,
        9000,
        Some("2026-01-01"),
    );
    customer(
        &conn,
        "many but recent",
        "2025-12-01",
        5,
        9000,
        Some("2026-01-01"),
    );
    let newc = campaigns::create(
        &mut conn,
        Kind::NewCustomers,
        d("2026-11-01"),
        d("2026-11-30"),
        "",
        &p.campaigns,
        m,
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        campaigns::create(
            &mut conn,
            Kind::OldCustomers,
            d("2026-11-30"),
            d("2026-12-31"),
            "",
            &p.campaigns,
            m
        )
        .unwrap(),
        Err(Refusal::Overlaps)
    );
    assert_eq!(
        campaigns::create(
            &mut conn,
            Kind::OldCustomers,
            d("2026-12-31"),
            d("2026-12-01"),
            "",
            &p.campaigns,
            m
        )
        .unwrap(),
        Err(Refusal::EndsBeforeStart)
    );
    let old = campaigns::create(
        &mut conn,
        Kind::OldCustomers,
        d("2026-12-01"),
        d("2026-12-31"),
        "",
        &p.campaigns,
        m,
    )
    .unwrap()
    .unwrap();
    let active = campaigns::active(&conn, d("2026-11-30")).unwrap().unwrap();
    assert_eq!(active.id, newc);
    assert_eq!(campaigns::target_count(&conn, &active).unwrap(), 1);
    assert_eq!(
        campaigns::targets(&conn, &active, 0, 10).unwrap()[0].name,
        "new edge"
    );
    let december = campaigns::active(&conn, d("2026-12-01")).unwrap().unwrap();
    assert_eq!(december.id, old);
    assert_eq!(campaigns::target_count(&conn, &december).unwrap(), 1);
    assert_eq!(
        campaigns::targets(&conn, &december, 0, 10).unwrap()[0].name,
        "old"
    );
    assert!(campaigns::active(&conn, d("2027-01-01")).unwrap().is_none());
}

#[test]
fn the_demo_shop_has_every_segment_gatherings_and_a_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let today = d("2026-11-23");
    aftercare::demo::write_demo(
        &path,
        &aftercare::demo::DemoSpec {
            customers: 1500,
            seed: 7,
            today,
        },
    )
    .unwrap();
    let conn = store::open(&path).unwrap();
    let p = policy();
    let counts = vip::segment_counts(&conn, &Group::default(), today, &p.segments).unwrap();
    for (s, n) in &counts {
        assert!(*n > 0, "no {s:?} customers in the demo: {counts:?}");
    }
    assert_eq!(gatherings::year_count(&conn, today).unwrap(), (3, 1));
    let via: Vec<(String, i64)> = conn
        .prepare("SELECT club_via, COUNT(*) FROM customers WHERE club_via IS NOT NULL GROUP BY 1 ORDER BY 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(via.len(), 2, "club members by fee and by spend: {via:?}");
    let untiered: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM customers WHERE tier IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(untiered, 0);
    assert!(campaigns::active(&conn, today).unwrap().is_some());
    let attended: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM contacts WHERE kind = 'gathering_invite' AND outcome = 'attended'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(attended > 0);
}

#[test]
fn a_new_file_starts_in_the_first_tier() {
    let mut conn = store::open_in_memory().unwrap();
    vip::sync_thresholds(&mut conn, &policy()).unwrap();
    let m = staff::add(&conn, "王芳", Role::Manager, "0000").unwrap();
    let mut v = aftercare::domain::customer::Values::new_customer();
    v.set(aftercare::domain::customer::Field::Name, "新客");
    v.set(aftercare::domain::customer::Field::Phone, "13812340000");
    let id = store::customers::create(&mut conn, &v, m, d("2026-11-24")).unwrap();
    assert_eq!(tier_club(&conn, id), (Some("regular".into()), None, None));
}
