//! A style number typed or a barcode scanned finds the product at once: at
//! the visit's product picker, at the returns desk and at repair intake.

mod common_visit;

use aftercare::app::repair_form::{self, RField, RepairForm};
use aftercare::app::visit::{Row, Text, VisitState};
use aftercare::app::{Action, App, Mode};
use aftercare::store::{products, returns};
use common_visit::*;

const TIE_BARCODE: &str = "6901234567892";
const RETIRED_BARCODE: &str = "6901234500001";

/// Barcodes on the tie and the jacket, a retired product with one, and a
/// sale of the jacket.
fn with_barcodes(app: &mut App) -> i64 {
    let c = &app.env.conn;
    let id = |style: &str| products::by_style(c, style).unwrap().unwrap().id;
    products::set_barcodes(c, id("X7001"), &[TIE_BARCODE.to_string()]).unwrap();
    products::set_barcodes(c, id("L1001"), &["6901234511112".to_string()]).unwrap();
    c.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
         VALUES ('OLD-1', 'Old coat', 'textile', 100000, 100000, '', '')",
        [],
    )
    .unwrap();
    let old = c.last_insert_rowid();
    products::set_barcodes(c, old, &[RETIRED_BARCODE.to_string()]).unwrap();
    products::retire(c, old, now().date(), None).unwrap();
    let customer: i64 = c
        .query_row("SELECT min(id) FROM customers", [], |r| r.get(0))
        .unwrap();
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at)
         VALUES ('TR-9', ?1, '2026-11-20', 329000, 'x')",
        [customer],
    )
    .unwrap();
    let p = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen) VALUES (?1, ?2, '50', 'black', 329000)",
        [p, id("L1001")],
    )
    .unwrap();
    id("X7001")
}

fn hits(app: &App) -> Vec<String> {
    match app.view::<VisitState>() {
        Some(v) => v.product_hits.iter().map(|p| p.style_no.clone()).collect(),
        None => panic!("not on a visit"),
    }
}

#[test]
fn a_scanned_barcode_at_the_product_picker_finds_the_product_at_once() {
    let mut app = app("en", Mode::Shop);
    with_barcodes(&mut app);
    app.update(Action::NewVisit);
    jump_to(&mut app, 2);
    focus_on(&mut app, Row::Text(Text::ProductSearch));
    type_text(&mut app, TIE_BARCODE);
    assert_eq!(hits(&app), vec!["X7001"]);
    app.update(Action::Select);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("X7001"), "{screen}");
    // A retired product is not offered, even by its barcode.
    focus_on(&mut app, Row::Text(Text::ProductSearch));
    type_text(&mut app, RETIRED_BARCODE);
    assert!(hits(&app).is_empty(), "{:?}", hits(&app));
}

#[test]
fn a_style_number_typed_whole_is_the_only_hit() {
    let mut app = app("en", Mode::Shop);
    with_barcodes(&mut app);
    app.env
        .conn
        .execute(
            "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
             VALUES ('L10012', 'Lambskin vest', 'leather', 99000, 99000, '', '')",
            [],
        )
        .unwrap();
    app.update(Action::NewVisit);
    jump_to(&mut app, 2);
    focus_on(&mut app, Row::Text(Text::ProductSearch));
    type_text(&mut app, "L100");
    assert_eq!(hits(&app), vec!["L1001", "L10012"], "a part still searches");
    type_text(&mut app, "1");
    assert_eq!(
        hits(&app),
        vec!["L1001"],
        "the whole style number: that product"
    );
}

#[test]
fn the_returns_desk_finds_a_products_sales_by_barcode_or_style_number() {
    let mut app = app("en", Mode::Shop);
    with_barcodes(&mut app);
    let c = &app.env.conn;
    for q in ["6901234511112", "L1001"] {
        let lines = returns::find_lines(c, q, 50).unwrap();
        assert_eq!(lines.len(), 1, "{q}");
        assert_eq!(lines[0].receipt_no, "TR-9");
        assert_eq!(lines[0].style_no, "L1001");
    }
    // A receipt number still comes first; an unknown code finds nothing.
    assert_eq!(returns::find_lines(c, "TR-9", 50).unwrap().len(), 1);
    assert!(
        returns::find_lines(c, "6900000000000", 50)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_barcode_scanned_at_repair_intake_fills_the_item() {
    let mut app = app("en", Mode::Shop);
    with_barcodes(&mut app);
    repair_form::open_blank(&mut app);
    let Some(f) = app.view_mut::<RepairForm>() else {
        panic!("not on the repair form");
    };
    f.focus = repair_form::RFIELDS
        .iter()
        .position(|x| *x == RField::StyleNo)
        .unwrap();
    type_text(&mut app, "6901234511112");
    let Some(f) = app.view::<RepairForm>() else {
        panic!("left the repair form");
    };
    assert_eq!(f.text(RField::StyleNo), "L1001");
    assert_eq!(f.text(RField::Item), "Lambskin jacket 羊皮夹克");
    assert_eq!(f.category().as_str(), "leather");
}
