//! Opening day on a new shop (first-run set-up, no demo): the manager adds
//! two products in the catalogue, an associate sells one in a visit by
//! scanning its barcode, a markdown changes its price, and the returns desk
//! pays the lower price.

mod common;

use common::{Key, Shop, TestResult, Tui};

const PIN: &str = "2468";

fn set_up(t: &mut Tui) -> TestResult {
    t.wait_for("Set up your shop")?;
    for text in ["Opening Day Shop", "Mei Manager", PIN, PIN] {
        t.send(text);
        t.key(Key::Tab);
    }
    t.key(Key::F(10));
    t.wait_for("Catalogue")
}

/// In the editor: style, name, (category as is), list price, then the
/// sizes, colours and barcode; F10 saves.
fn add_product(t: &mut Tui, style: &str, name: &str, price: &str, barcode: &str) -> TestResult {
    t.key(Key::F(4));
    t.wait_for("New product")?;
    t.send(style);
    t.key(Key::Tab);
    t.send(name);
    t.keys(Key::Tab, 2);
    t.send(price);
    t.keys(Key::Tab, 4);
    t.send("S,M,L");
    t.key(Key::Tab);
    t.send("navy");
    t.key(Key::Tab);
    t.send(barcode);
    t.key(Key::F(10));
    t.wait_for(&format!("{style} saved."))
}

#[test]
fn opening_day_from_catalogue_to_a_markdown_refund() -> TestResult {
    let shop = Shop::empty();
    let mut t = shop.app().size(120, 36).start();
    set_up(&mut t)?;

    // The manager opens the catalogue from home and adds two products.
    t.send("p");
    t.wait_for("Catalogue · 0 products")?;
    add_product(&mut t, "JK-001", "Wool jacket", "1299", "6901234567892")?;
    add_product(&mut t, "TS-002", "Cotton tee", "199", "6901234567809")?;
    t.wait_for("Catalogue · 2 products")?;
    // Found by a scanned barcode.
    t.send("6901234567809");
    t.wait_for("Catalogue · 1 products")?;
    t.wait_for("Cotton tee")?;
    t.key(Key::Ctrl('u'));
    t.wait_for("Catalogue · 2 products")?;

    // The manager adds an associate.
    t.key(Key::F(7));
    t.wait_for("Staff")?;
    t.key(Key::F(4));
    t.send("Ada Associate");
    t.keys(Key::Tab, 3);
    t.send("1357");
    t.key(Key::Tab);
    t.send("1357");
    t.key(Key::F(10));
    t.wait_for("Saved: Ada Associate")?;

    // The associate signs in and sells the jacket, scanned at the picker.
    t.key(Key::F(12));
    t.wait_for("PIN for")?;
    let staff = shop.staff();
    let ada = staff
        .iter()
        .position(|s| s.name == "Ada Associate")
        .ok_or_else(|| t.failure("the associate is not on the sign-in list"))?;
    t.keys(Key::Down, ada);
    t.wait_for("PIN for Ada")?;
    t.send("1357");
    t.key(Key::Enter);
    t.wait_for("Ada Associate")?;
    t.key(Key::Char('n'));
    t.wait_for("Step 1 · Greet")?;
    t.next_step("Step 2 · Attend")?;
    t.next_step("Step 3 · Product introduction")?;
    t.keys(Key::Tab, 3);
    t.send("6901234567892");
    t.wait_for("+ JK-001")?;
    t.key(Key::Enter);
    t.wait_for("Added:")?;
    for title in [
        "Step 4 · Fitting",
        "Step 5 · Objections",
        "Step 6 · Praise and close",
        "Step 7 · Add-on sale",
        "Step 8 · Farewell service",
    ] {
        t.next_step(title)?;
    }
    t.keys(Key::Tab, 4);
    t.key(Key::Char(' '));
    t.key(Key::Tab);
    t.wait_for("1 lines · total ¥1,299.00")?;
    t.key(Key::Char(' '));
    t.wait_for("‹ Bought ›")?;
    t.key(Key::Tab);
    t.send("Carla Customer");
    t.key(Key::Tab);
    t.send("13912345678");
    t.key(Key::F(10));
    t.wait_for("Visit finished: receipt ")?;
    let receipt: String = shop
        .conn()
        .query_row("SELECT receipt_no FROM purchases", [], |r| r.get(0))
        .unwrap();

    // The manager marks the jacket down from today.
    t.key(Key::F(12));
    t.wait_for("PIN for")?;
    let mei = staff.iter().position(|s| s.name == "Mei Manager").unwrap();
    t.keys(Key::Up, 3);
    t.keys(Key::Down, mei);
    t.wait_for("PIN for Mei")?;
    t.send(PIN);
    t.key(Key::Enter);
    t.wait_for("Catalogue")?;
    t.send("p");
    t.wait_for("Catalogue · 2 products")?;
    t.send("JK-001");
    t.wait_for("Catalogue · 1 products")?;
    t.key(Key::F(8));
    t.wait_for("Price change · JK-001")?;
    t.send("999");
    t.key(Key::F(10));
    t.wait_for("JK-001: ¥999.00 from 2026-11-23")?;
    t.wait_for("¥1,299.00 → ¥999.00 · by Mei Manager")?;
    // The jacket is retired (asked twice): off sale, its sale kept.
    t.key(Key::Ctrl('d'));
    t.wait_for("Retire JK-001?")?;
    t.key(Key::Ctrl('d'));
    t.wait_for("JK-001 retired")?;
    t.wait_for("retired")?;

    // At the returns desk the customer is paid the lower price.
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send(&receipt);
    t.wait_for("1 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    t.wait_for("refund ¥999.00, the lower of the price paid")?;
    let audited = shop.count(
        "SELECT COUNT(*) FROM price_changes WHERE new_price_fen = 99900 AND staff_id IS NOT NULL",
        [],
    );
    assert_eq!(audited, 1);
    Ok(())
}
