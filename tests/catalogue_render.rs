//! The catalogue drawn on a TestBackend at 80×24 and 160×48 in both
//! languages: the list, the selected product's barcodes and price history,
//! the editor and the price change; taps land on the rows as drawn.

mod common_visit;

use aftercare::app::catalogue::CatalogueState;
use aftercare::app::{Action, Mode};
use aftercare::store::products;
use common_visit::*;

fn manager_app(lang: &str) -> aftercare::app::App {
    let a = app(lang, Mode::Shop);
    let mut a = signed_in(a, "李娜");
    let id = products::by_style(&a.env.conn, "S2401")
        .unwrap()
        .unwrap()
        .id;
    products::set_barcodes(&a.env.conn, id, &["6901234567892".to_string()]).unwrap();
    let who = a.user.as_ref().map(|u| u.id);
    products::change_price(&a.env.conn, id, 199_000, now().date(), who, now().date()).unwrap();
    a.update(Action::Catalogue);
    assert!(a.view::<CatalogueState>().is_some(), "{:?}", a.flash);
    a
}

#[test]
fn the_list_shows_prices_barcodes_and_history_in_both_languages() {
    for (lang, title, history) in [
        (
            "en",
            "Catalogue · 3 products",
            "¥2,680.00 → ¥1,990.00 · by 李娜",
        ),
        (
            "zh-CN",
            "商品目录 · 3 个商品",
            "¥2,680.00 → ¥1,990.00 · 李娜",
        ),
    ] {
        let mut a = manager_app(lang);
        type_text(&mut a, "6901234567892");
        for (w, h) in [(80, 24), (160, 48)] {
            let screen = render(&a, w, h);
            assert!(screen.contains("S2401"), "{lang} {w}: {screen}");
            assert!(screen.contains(history), "{lang} {w}: {screen}");
            for line in screen.lines() {
                assert!(unicode_width::UnicodeWidthStr::width(line) <= w as usize);
            }
        }
        a.update(Action::ClearField);
        let screen = render(&a, 160, 48);
        assert!(screen.contains(title), "{lang}: {screen}");
        assert!(
            screen.contains("X7001") && screen.contains("L1001"),
            "{screen}"
        );
    }
}

#[test]
fn the_editor_and_the_price_change_draw_and_take_taps() {
    let mut a = manager_app("en");
    a.update(Action::Add);
    let screen = render(&a, 80, 24);
    for label in [
        "New product",
        "Style no.",
        "Category",
        "List price",
        "Barcodes",
    ] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
    // A tap on the category row twice cycles it.
    let row = screen.lines().position(|l| l.contains("Category")).unwrap() as u16;
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let tap = aftercare::ui::hit(&a, area, 30, row).expect("the category row");
    a.update(tap);
    a.update(tap);
    assert!(
        render(&a, 80, 24).contains("◀ Knit ▶"),
        "{}",
        render(&a, 80, 24)
    );
    // A price that is not one, then a missing style number, each said beside its field.
    let screen = render(&a, 80, 24);
    let row = screen
        .lines()
        .position(|l| l.contains("List price"))
        .unwrap() as u16;
    let tap = aftercare::ui::hit(&a, area, 30, row).expect("the list price row");
    a.update(tap);
    type_text(&mut a, "abc");
    a.update(Action::Save);
    let screen = render(&a, 80, 24);
    let line = screen.lines().find(|l| l.contains("List price")).unwrap();
    assert!(line.contains("A price in yuan, e.g. 1299.50"), "{screen}");
    a.update(Action::ClearField);
    type_text(&mut a, "99");
    a.update(Action::Save);
    let screen = render(&a, 80, 24);
    let line = screen.lines().find(|l| l.contains("Style no.")).unwrap();
    assert!(line.contains("Required"), "{screen}");
    a.update(Action::Back);
    a.update(Action::PriceChange);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("Price change · L1001"), "{screen}");
    assert!(screen.contains("2026-11-23"), "{screen}");
}

#[test]
fn a_markdown_dated_tomorrow_becomes_the_price_when_someone_signs_in_that_day() {
    let a = manager_app("en");
    let id = products::by_style(&a.env.conn, "L1001")
        .unwrap()
        .unwrap()
        .id;
    let tomorrow = now().date().succ_opt().unwrap();
    let who = a.user.as_ref().map(|u| u.id);
    products::change_price(&a.env.conn, id, 259_000, tomorrow, who, now().date()).unwrap();
    let price = |conn: &rusqlite::Connection| {
        products::by_style(conn, "L1001")
            .unwrap()
            .unwrap()
            .current_price_fen
    };
    assert_eq!(price(&a.env.conn), 329_000, "not before its day");
    // The same shop the next morning: the first sign-in settles the price.
    let conn = a.env.conn;
    let next = tomorrow.and_hms_opt(9, 0, 0).unwrap();
    let b = signed_in(
        aftercare::app::App::new(common_visit::env_at(conn, "en", Mode::Shop, next)).unwrap(),
        "王芳",
    );
    assert_eq!(price(&b.env.conn), 259_000);
}
