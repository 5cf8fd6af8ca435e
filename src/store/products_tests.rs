use super::*;
use crate::domain::staff::Role;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn coat() -> Product {
    Product {
        id: 0,
        style_no: " A1001 ".into(),
        name: "羊毛\u{202e}大衣".into(),
        category: "Textile".into(),
        list_price_fen: 129_900,
        current_price_fen: 129_900,
        clearance: false,
        made_to_order: false,
        sizes: "S, M，L".into(),
        colours: "黑/灰".into(),
    }
}

fn setup() -> (Connection, i64) {
    let conn = crate::store::open_in_memory().unwrap();
    let staff = crate::store::staff::add(&conn, "王芳", Role::Manager, "x").unwrap();
    (conn, staff)
}

#[test]
fn a_product_is_cleaned_checked_and_found_by_style_barcode_and_name() {
    let (conn, staff) = setup();
    let codes = vec!["6901234567890".to_string(), " 6901234567891".to_string()];
    let id = create(&conn, &coat(), &codes, Some(staff), &CATEGORIES).unwrap();
    let p = get(&conn, id).unwrap().unwrap();
    assert_eq!(
        (p.style_no.as_str(), p.name.as_str(), p.category.as_str()),
        ("A1001", "羊毛大衣", "textile")
    );
    assert_eq!((p.sizes.as_str(), p.colours.as_str()), ("S,M,L", "黑,灰"));
    assert_eq!(by_barcode(&conn, "6901234567891").unwrap().unwrap().id, id);
    assert_eq!(lookup(&conn, "A1001").unwrap().unwrap().id, id);
    assert_eq!(lookup(&conn, "6901234567890").unwrap().unwrap().id, id);
    assert!(lookup(&conn, "A100").unwrap().is_none(), "exact only");
    assert_eq!(find(&conn, "大衣", 10).unwrap().len(), 1);
    assert_eq!(barcodes(&conn, id).unwrap().len(), 2);
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'product' AND entity_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn style_numbers_and_barcodes_are_unique_and_categories_come_from_the_list() {
    let (conn, staff) = setup();
    let id = create(&conn, &coat(), &["111".into()], Some(staff), &CATEGORIES).unwrap();
    let again = create(&conn, &coat(), &[], Some(staff), &CATEGORIES).unwrap_err();
    assert!(matches!(again, SaveError::StyleTaken(_)));
    let other = Product {
        style_no: "B2".into(),
        ..coat()
    };
    let taken = create(&conn, &other, &["111".into()], Some(staff), &CATEGORIES).unwrap_err();
    assert!(matches!(taken, SaveError::BarcodeTaken(ref b) if b == "111"));
    let bad = Product {
        style_no: "B3".into(),
        category: "wool".into(),
        ..coat()
    };
    let e = create(&conn, &bad, &[], Some(staff), &CATEGORIES).unwrap_err();
    assert_eq!(e.code(), "category");
    let empty = Product {
        style_no: "\u{1b}[31m".into(),
        ..coat()
    };
    assert_eq!(
        create(&conn, &empty, &[], None, &CATEGORIES)
            .unwrap_err()
            .code(),
        "required"
    );
    // An edit keeps the price and replaces the barcodes.
    let mut p = get(&conn, id).unwrap().unwrap();
    p.name = "Wool coat".into();
    p.current_price_fen = 1;
    update(&conn, &p, &["222".into()], Some(staff), &CATEGORIES).unwrap();
    let p = get(&conn, id).unwrap().unwrap();
    assert_eq!(
        (p.name.as_str(), p.current_price_fen),
        ("Wool coat", 129_900)
    );
    assert!(by_barcode(&conn, "111").unwrap().is_none());
    assert_eq!(by_barcode(&conn, "222").unwrap().unwrap().id, id);
}

#[test]
fn a_markdown_is_dated_audited_and_the_price_is_right_on_any_day() {
    let (conn, staff) = setup();
    let id = create(&conn, &coat(), &[], Some(staff), &CATEGORIES).unwrap();
    let today = d("2026-03-10");
    change_price(&conn, id, 99_900, d("2026-03-05"), Some(staff), today).unwrap();
    assert_eq!(get(&conn, id).unwrap().unwrap().current_price_fen, 99_900);
    // A change planned for later waits for its day.
    change_price(&conn, id, 79_900, d("2026-03-20"), Some(staff), today).unwrap();
    assert_eq!(get(&conn, id).unwrap().unwrap().current_price_fen, 99_900);
    assert_eq!(price_on(&conn, id, d("2026-03-01")).unwrap(), Some(129_900));
    assert_eq!(price_on(&conn, id, d("2026-03-05")).unwrap(), Some(99_900));
    assert_eq!(price_on(&conn, id, d("2026-03-19")).unwrap(), Some(99_900));
    assert_eq!(price_on(&conn, id, d("2026-03-20")).unwrap(), Some(79_900));
    assert_eq!(settle_prices(&conn, d("2026-03-19")).unwrap(), 0);
    assert_eq!(settle_prices(&conn, d("2026-03-20")).unwrap(), 1);
    assert_eq!(get(&conn, id).unwrap().unwrap().current_price_fen, 79_900);
    let changes = price_changes(&conn, id).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].old_price_fen, 99_900);
    assert_eq!(changes[0].staff.as_deref(), Some("王芳"));
    assert!(matches!(
        change_price(&conn, id, -1, today, None, today),
        Err(SaveError::Price)
    ));
    assert!(matches!(
        change_price(&conn, 999, 1, today, None, today),
        Err(SaveError::Missing)
    ));
}

#[test]
fn a_retired_product_leaves_the_pickers_but_keeps_its_sales() {
    let (conn, staff) = setup();
    let id = create(&conn, &coat(), &["9".into()], Some(staff), &CATEGORIES).unwrap();
    let line = crate::store::purchases::NewLine {
        product_id: id,
        size: "M".into(),
        colour: "黑".into(),
        price_fen: 129_900,
        add_on: false,
    };
    crate::store::purchases::record(&conn, "R1", None, Some(staff), d("2026-01-02"), &[line])
        .unwrap();
    retire(&conn, id, d("2026-02-01"), Some(staff)).unwrap();
    assert_eq!(retired_on(&conn, id).unwrap(), Some(d("2026-02-01")));
    assert!(find(&conn, "A1001", 10).unwrap().is_empty());
    assert_eq!(search(&conn, "A1001", 10, true).unwrap().len(), 1);
    assert!(
        lookup(&conn, "9").unwrap().is_some(),
        "the returns desk still finds it"
    );
    let lines: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM purchase_lines WHERE product_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lines, 1);
    reinstate(&conn, id, Some(staff)).unwrap();
    assert_eq!(find(&conn, "A1001", 10).unwrap().len(), 1);
}

#[test]
fn settling_prices_with_nothing_due_never_takes_the_write_lock() {
    // Run at every start: fifty tablets starting while another holds the
    // write lock must not queue for it when no price change is due.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let conn = crate::store::open(&db).unwrap();
    let holder = crate::store::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn.busy_timeout(std::time::Duration::ZERO).unwrap();
    assert_eq!(settle_prices(&conn, d("2026-11-23")).unwrap(), 0);
    holder.execute_batch("ROLLBACK").unwrap();
}
