use super::*;
use crate::domain::customer::{Field, Values};
use crate::domain::staff::Role;
use crate::store::{customers, home, search, staff};
use rusqlite::types::Value;
use std::path::PathBuf;

fn spec(customers: u64, seed: u64) -> DemoSpec {
    DemoSpec {
        customers,
        seed,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    }
}

fn written(dir: &tempfile::TempDir, file: &str, spec: &DemoSpec) -> (PathBuf, DemoSummary) {
    let path = dir.path().join(file);
    let summary = write_demo(&path, spec).unwrap();
    (path, summary)
}

/// Every row of a table, every column as text.
fn dump(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        let cols: Vec<String> = (0..n)
            .map(|i| format!("{:?}", r.get::<_, Value>(i).unwrap()))
            .collect();
        Ok(cols.join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_rows_and_another_seed_others() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = written(&dir, "a.db", &spec(600, 42));
    let (b, _) = written(&dir, "b.db", &spec(600, 42));
    let (c, _) = written(&dir, "c.db", &spec(600, 43));
    let (a, b, c) = (
        store::open(&a).unwrap(),
        store::open(&b).unwrap(),
        store::open(&c).unwrap(),
    );
    for table in [
        "customers",
        "products",
        "purchases",
        "purchase_lines",
        "contacts",
    ] {
        let rows = dump(&a, table);
        assert!(!rows.is_empty(), "{table} is empty");
        assert_eq!(rows, dump(&b, table), "{table} differs for the same seed");
        assert_ne!(
            rows,
            dump(&c, table),
            "{table} is the same for another seed"
        );
    }
}

#[test]
fn a_database_that_holds_a_shop_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = written(&dir, "shop.db", &spec(50, 1));
    let e = write_demo(&path, &spec(50, 2)).unwrap_err();
    assert!(e.to_string().contains("already holds a shop"), "{e}");
    let conn = store::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM customers"), 50);
}

#[test]
fn the_figures_of_each_file_add_up_its_purchases() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = written(&dir, "shop.db", &spec(1500, 7));
    let conn = store::open(&path).unwrap();
    // Spend and count are the purchases less the returns (store::figures).
    let wrong = count(
        &conn,
        &format!(
            "SELECT COUNT(*) FROM customers c LEFT JOIN (
             SELECT customer_id, MAX(purchased_on) AS last
             FROM purchases GROUP BY customer_id) p ON p.customer_id = c.id
         WHERE c.total_spend_fen != {} OR c.purchase_count != {}
            OR c.last_purchase_on IS NOT p.last
            -- a visit without a purchase may come after the last purchase
            OR (p.last IS NOT NULL AND (c.last_visit_on IS NULL OR c.last_visit_on < p.last))",
            store::figures::SPEND_SQL,
            store::figures::COUNT_SQL
        ),
    );
    assert_eq!(wrong, 0);
    let bad_totals = count(
        &conn,
        "SELECT COUNT(*) FROM purchases p
         WHERE total_fen != (SELECT SUM(price_fen) FROM purchase_lines WHERE purchase_id = p.id)",
    );
    assert_eq!(bad_totals, 0);
    // The year's sales the summary counts; the demo visits' own sales (receipts R…) come on top.
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM purchases WHERE receipt_no NOT LIKE 'R%'"
        ) as u64,
        summary.purchases
    );
    assert_eq!(
        count(
            &conn,
            "SELECT COUNT(*) FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id
             WHERE p.receipt_no NOT LIKE 'R%'"
        ) as u64,
        summary.purchase_lines
    );
    // A year of sales up to today, none before the customer registered.
    assert_eq!(
        count(
            &conn,
            "SELECT MAX(purchased_on) <= '2026-11-23' FROM purchases"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT MIN(purchased_on) >= '2025-11-24' FROM purchases"
        ),
        1
    );
    let early = count(
        &conn,
        "SELECT COUNT(*) FROM purchases p JOIN customers c ON c.id = p.customer_id
         WHERE p.purchased_on < substr(c.created_at, 1, 10)",
    );
    assert_eq!(early, 0);
    assert!(
        count(
            &conn,
            "SELECT COUNT(*) FROM purchase_lines WHERE add_on = 1"
        ) > 300
    );
    let receipts = count(
        &conn,
        "SELECT COUNT(*) FROM purchases WHERE receipt_no GLOB '2026[01][0-9][0-3][0-9]-[0-9][0-9][0-9][0-9][0-9]'",
    );
    assert!(receipts > 0);
}

#[test]
fn vips_exist_by_the_policy_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let (_, summary) = written(&dir, "shop.db", &spec(3000, 11));
    let ids: Vec<&str> = summary.tiers.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(ids, ["regular", "silver", "gold", "platinum"]);
    assert_eq!(summary.tiers.iter().map(|(_, n)| n).sum::<u64>(), 3000);
    let (regular, silver, gold) = (summary.tiers[0].1, summary.tiers[1].1, summary.tiers[2].1);
    assert!(regular > 2000, "{:?}", summary.tiers);
    assert!(silver > 100 && gold > 10, "{:?}", summary.tiers);
}

#[test]
fn the_home_screen_has_a_handful_of_callbacks_and_a_good_number_of_birthdays() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = written(&dir, "shop.db", &spec(5000, 5));
    let conn = store::open(&path).unwrap();
    let today = spec(0, 0).today;
    callbacks_due_have_their_tasks(&conn, &summary, today);
    every_associate_has_callbacks(&conn, today);
    let days = crate::domain::occasions::birthday_days(today, 7);
    let coming = crate::store::greetings::birthdays(&conn, &days, None, 0, 50).unwrap();
    assert_eq!(coming.count as u64, summary.birthdays_coming);
    // Spread evenly, 8 days of 365 would hold about 2% of those accepting greetings.
    assert!(coming.count > 150, "{} birthdays coming", coming.count);
    repair_jobs_are_in_order(&conn, today);
    contacts_are_of_every_kind(&conn, &summary);
}

/// Callbacks due and not made: the generator's own and those demo_tasks
/// left undone; each has its task. No thank-you letter is offered past its
/// too-late days.
fn callbacks_due_have_their_tasks(conn: &Connection, summary: &DemoSummary, today: NaiveDate) {
    let due = "FROM purchases p WHERE p.called_back_at IS NULL AND p.customer_id IS NOT NULL
               AND p.purchased_on <= date('2026-11-23', '-7 days')";
    let waiting = count(conn, &format!("SELECT COUNT(*) {due}"));
    assert!(waiting as u64 >= summary.pending_callbacks);
    assert!((3..=12).contains(&summary.pending_callbacks));
    let without_task = count(
        conn,
        &format!(
            "SELECT COUNT(*) {due} AND NOT EXISTS (SELECT 1 FROM tasks t
             WHERE t.kind = 'purchase_callback' AND t.source = 'purchase' AND t.source_id = p.id)"
        ),
    );
    assert_eq!(without_task, 0);
    // No thank-you letter is offered past its too-late days.
    let r = &crate::shop_data::policy::Policy::load(&crate::shop_data::files::Files::built_in())
        .unwrap()
        .quality
        .revisits;
    let stale = count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM tasks WHERE kind = 'thank_you_letter' AND done_at IS NULL
             AND due_on < date('{today}', '-{} days')",
            r.thank_you_too_late_after_days
        ),
    );
    assert_eq!(stale, 0);
}

/// The callbacks pane reads the open tasks: every associate has some
/// overdue and some due today (demo_tasks).
fn every_associate_has_callbacks(conn: &Connection, today: NaiveDate) {
    let associates: Vec<i64> = conn
        .prepare("SELECT id FROM staff WHERE role = 'associate'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for staff in associates {
        let f = store::tasks::Filter {
            staff: Some(staff),
            kind: None,
            today,
            coming_days: 7,
            first: None,
        };
        let c = store::tasks::counts(conn, &f).unwrap();
        assert!(c.overdue > 0 && c.today > 0, "associate {staff}: {c:?}");
    }
}

/// The after-sale rows: open repair jobs, the late ones first; none
/// promised before it was received, nor received before the sale.
fn repair_jobs_are_in_order(conn: &Connection, today: NaiveDate) {
    let repairs = home::open_repairs(conn, today, 50).unwrap();
    assert!(repairs.count >= 8, "{} open repair jobs", repairs.count);
    let first = &repairs.rows[0];
    assert!(
        crate::domain::repair::is_overdue(&first.state, first.promised_on, today),
        "{first:?}"
    );
    // No job is promised before it was received, nor received before the sale.
    let promised_early = count(
        conn,
        "SELECT COUNT(*) FROM repair_jobs WHERE promised_on < received_on",
    );
    assert_eq!(
        promised_early, 0,
        "repair jobs promised before they were received"
    );
    let before_sale = count(
        conn,
        "SELECT COUNT(*) FROM repair_jobs WHERE purchased_on > received_on",
    );
    assert_eq!(before_sale, 0);
}

/// Purchases still inside the callback window wait; none is called before
/// it is due. The contacts are of every kind the staff board counts.
fn contacts_are_of_every_kind(conn: &Connection, summary: &DemoSummary) {
    // Purchases still inside the callback window wait; none is called before it is due.
    let early = count(
        conn,
        "SELECT COUNT(*) FROM purchases WHERE called_back_at < date(purchased_on, '+7 days')",
    );
    assert_eq!(early, 0);
    assert!(
        count(
            conn,
            "SELECT COUNT(*) FROM purchases WHERE called_back_at IS NULL AND purchased_on > '2026-11-16'"
        ) > 0
    );
    let kinds: Vec<String> = conn
        .prepare("SELECT DISTINCT kind FROM contacts ORDER BY kind")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for kind in [
        "birthday_greeting",
        "festival_greeting",
        "gathering_invite",
        "purchase_callback",
        "referral_thanks",
        "season_greeting",
        "top_spender_visit",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} not in {kinds:?}");
    }
    // Every kind is one the staff board counts, but for the gatherings' invitations.
    for k in kinds.iter().filter(|k| *k != "gathering_invite") {
        assert!(crate::domain::board::group_of(k).is_some(), "{k}");
    }
    assert_eq!(
        count(conn, "SELECT COUNT(*) FROM contacts") as u64,
        summary.contacts
    );
}

#[test]
fn eight_staff_of_three_roles_all_sign_in_with_0000() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = written(&dir, "shop.db", &spec(20, 3));
    let mut conn = store::open(&path).unwrap();
    assert_eq!(summary.staff, 8);
    let people = staff::list(&conn).unwrap();
    assert_eq!(people.len(), 8);
    for role in [Role::Manager, Role::Service, Role::Associate] {
        assert!(people.iter().any(|s| s.role == role), "no {role:?}");
    }
    let now = chrono::Utc::now();
    let first = &people[0];
    assert!(matches!(
        staff::sign_in(&mut conn, first.id, DEMO_PIN, 5, 5, now).unwrap(),
        staff::SignIn::Ok(_)
    ));
    let last = &people[7];
    assert!(matches!(
        staff::sign_in(&mut conn, last.id, "1234", 5, 5, now).unwrap(),
        staff::SignIn::Wrong { .. }
    ));
    let registrars = count(
        &conn,
        "SELECT COUNT(*) FROM customers c JOIN staff s ON s.id = c.registered_by WHERE s.role != 'associate'",
    );
    assert_eq!(registrars, 0);
}

#[test]
fn the_catalogue_has_every_category_and_every_kind_of_price() {
    let dir = tempfile::tempdir().unwrap();
    let (path, summary) = written(&dir, "shop.db", &spec(10, 9));
    let conn = store::open(&path).unwrap();
    assert!(
        (60..=120).contains(&summary.products),
        "{}",
        summary.products
    );
    for category in ["textile", "knit", "cotton", "suit", "leather", "cosmetic"] {
        let n = count(
            &conn,
            &format!("SELECT COUNT(*) FROM products WHERE category = '{category}'"),
        );
        assert!(n > 0, "no {category}");
    }
    assert!(count(&conn, "SELECT COUNT(*) FROM products WHERE clearance = 1") > 0);
    assert!(
        count(
            &conn,
            "SELECT COUNT(*) FROM products WHERE made_to_order = 1"
        ) > 0
    );
    assert!(
        count(
            &conn,
            "SELECT COUNT(*) FROM products WHERE current_price_fen < list_price_fen AND clearance = 0"
        ) > 0
    );
    let odd = count(
        &conn,
        "SELECT COUNT(*) FROM products WHERE style_no NOT GLOB '[WSMC][0-9][0-9]-[A-Z][A-Z]-[0-9][0-9][0-9][0-9]'",
    );
    assert_eq!(odd, 0);
}

#[test]
fn customer_rows_are_those_the_form_would_have_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = written(&dir, "shop.db", &spec(300, 21));
    let demo = store::open(&path).unwrap();
    let mut fresh = store::open_in_memory().unwrap();
    let associate = staff::add(&fresh, "王芳", Role::Associate, "x").unwrap();
    // Everything but what differs between two databases: ids, times, figures, the staff.
    let cols = "name, phone, phone_digits, gender, ethnicity, approx_age, birthday, birthday_md, email,
                address, clothing_size, work, family, personality, shopping_habits, dress_preferences,
                hobbies, lifestyle, service_preference, promotion_attitude, values_note, greetings_ok,
                promotions_ok, name_pinyin, name_initials, erased_at, version";
    for id in (1..=300).step_by(13) {
        let c = customers::get(&demo, id).unwrap().unwrap();
        let mut values: Values = c.values.clone();
        values.set(Field::ReferredBy, "");
        let new_id = customers::create(&mut fresh, &values, associate, spec(0, 0).today).unwrap();
        let row = |conn: &Connection, id: i64| {
            conn.query_row(
                &format!("SELECT {cols} FROM customers WHERE id = ?1"),
                [id],
                |r| {
                    Ok((0..27)
                        .map(|i| format!("{:?}", r.get::<_, Value>(i).unwrap()))
                        .collect::<Vec<_>>())
                },
            )
            .unwrap()
        };
        assert_eq!(row(&demo, id), row(&fresh, new_id), "customer {id}");
        // Found in the demo shop by the same keys as in a shop filled through the form.
        let digits = c.values.get(Field::Phone).replace(' ', "");
        let found = search::search(&demo, &digits, 5).unwrap();
        assert_eq!(found.rows[0].id, id);
        let by_name = search::search(&fresh, c.values.get(Field::Name), 5).unwrap();
        assert!(by_name.rows.iter().any(|h| h.id == new_id));
        let in_demo = search::search(&demo, c.values.get(Field::Name), 50).unwrap();
        assert!(
            in_demo.more || in_demo.rows.iter().any(|h| h.id == id),
            "{}",
            c.values.get(Field::Name)
        );
    }
}

#[test]
fn the_schema_comes_back_whole_after_the_bulk_load() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = written(&dir, "shop.db", &spec(100, 2));
    let demo = store::open(&path).unwrap();
    let fresh = store::open_in_memory().unwrap();
    // The same tables and indexes, whatever order the bulk load made them in.
    let schema = |conn: &Connection| {
        let mut rows = dump(
            conn,
            "(SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')",
        );
        rows.sort();
        rows
    };
    assert_eq!(schema(&demo), schema(&fresh));
    for table in ["customer_search", "customer_short"] {
        demo.execute(
            &format!("INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
    assert!(
        !bulk::scratch_path(&path).exists(),
        "the scratch file is left behind"
    );
    let integrity: String = demo
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let broken_links = demo
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    assert_eq!(broken_links, 0);
}
