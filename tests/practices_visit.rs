//! The source practices in the visit (issue 18), driven by actions on an
//! in-memory shop: a step passed with nothing ticked asks once [S3
//! 门店服务八步曲, data/practices.toml `ask_when_nothing_ticked`].

mod common_visit;

use aftercare::app::{Action, Mode};
use common_visit::*;

#[test]
fn a_step_with_nothing_ticked_asks_once_then_moves_on() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    app.update(Action::NextStep);
    assert_eq!(current(&app), 0, "the first press only asks");
    let flash = app.flash.as_ref().expect("a question");
    assert!(flash.error);
    assert!(
        flash.text.contains("Nothing ticked in Step 1 · Greet") && flash.text.contains("PgDn"),
        "{}",
        flash.text
    );
    let screen = render(&app, 100, 30);
    assert!(screen.contains("move on anyway?"), "{screen}");
    app.update(Action::NextStep);
    assert_eq!(current(&app), 1, "the second press moves on");
    // A step with a tick moves at once.
    tick_all(&mut app);
    app.update(Action::NextStep);
    assert_eq!(current(&app), 2);
    // Going back and forward again: asked once more for that step.
    app.update(Action::PrevStep);
    assert_eq!(current(&app), 1);
    app.update(Action::NextStep);
    assert_eq!(current(&app), 2, "step 2 is ticked");
    app.update(Action::NextStep);
    assert_eq!(current(&app), 2, "step 3 has nothing ticked");
    // Skipping is a choice made on purpose: it never asks.
    app.update(Action::SkipStep);
    assert_eq!(current(&app), 3);
}

#[test]
fn the_question_is_in_chinese_too() {
    let mut app = app("zh-CN", Mode::Shop);
    app.update(Action::NewVisit);
    app.update(Action::NextStep);
    let flash = app.flash.as_ref().expect("a question");
    assert!(flash.text.contains("一项也没勾选"), "{}", flash.text);
    assert_eq!(current(&app), 0);
}

/// On Mother's Day week, with an evening gown and a designated coat.
fn mothers_day_shop() -> aftercare::app::App {
    use aftercare::app::{App, Clock};
    use aftercare::store::products::{self, Product};
    let mut conn = aftercare::store::open_in_memory().unwrap();
    fill(&mut conn);
    for (style, name) in [
        ("EV2601", "Evening gown 晚礼服"),
        ("CT2401", "Wool coat 羊毛大衣"),
    ] {
        products::add(
            &conn,
            &Product {
                id: 0,
                style_no: style.into(),
                name: name.into(),
                category: "textile".into(),
                list_price_fen: 199_900,
                current_price_fen: 199_900,
                clearance: false,
                made_to_order: false,
                sizes: "M".into(),
                colours: "black".into(),
            },
        )
        .unwrap();
    }
    let mut e = env(conn, "en", Mode::Shop);
    e.clock = Clock::Fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 5, 10)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap(),
    );
    signed_in(App::new(e).unwrap(), "王芳")
}

/// To step 8 with 周阿姨 linked and `styles` marked bought.
fn to_checkout(app: &mut aftercare::app::App, styles: &[&str]) {
    use aftercare::app::visit::{Choice, Row, Text};
    app.update(Action::NewVisit);
    focus_on(app, Row::Text(Text::CustomerSearch));
    type_text(app, "13700002222");
    app.update(Action::Select);
    jump_to(app, 2);
    for s in styles {
        add_product(app, s);
    }
    jump_to(app, 7);
    for i in 0..styles.len() {
        focus_on(app, Row::Item(i as u8));
        app.update(Action::Toggle);
    }
    focus_on(app, Row::Choice(Choice::Outcome));
    app.update(Action::Toggle);
}

/// [S1] "节假日回馈如母亲节送康乃馨…消费指定款号送礼品…消费晚装产品送化妆服务": the
/// checkout offers each reward that applies, records what was answered and
/// given (who, when, what), the file shows it, and the festival gift is not
/// offered again that year.
#[test]
fn the_checkout_offers_vip_rewards_records_them_and_the_file_shows_them() {
    use aftercare::app::visit::Row;
    let mut app = mothers_day_shop();
    to_checkout(&mut app, &["EV2601", "CT2401"]);
    let screen = render(&app, 120, 40);
    for text in [
        "VIP rewards",
        "Make-up service with evening wear: not offered",
        "Silk scarf (style CT2401): not given",
        "Carnations (Mother's Day): not given",
    ] {
        assert!(screen.contains(text), "{text}: {screen}");
    }
    // The make-up service: offered → accepted → booked.
    focus_on(&mut app, Row::Offer(0));
    for _ in 0..3 {
        app.update(Action::Toggle);
    }
    focus_on(&mut app, Row::Offer(2));
    app.update(Action::Toggle);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Make-up service with evening wear: booked for another day"),
        "{screen}"
    );
    assert!(
        screen.contains("[x] Carnations (Mother's Day): given"),
        "{screen}"
    );
    app.update(Action::FinishVisit);
    assert!(
        app.view::<aftercare::app::visit::VisitState>().is_none(),
        "{:?}",
        app.flash
    );
    let rows: Vec<(String, String, String, i64)> = {
        let mut stmt = app
            .env
            .conn
            .prepare(
                "SELECT kind, reason, gift, staff_id FROM vip_rewards
                 WHERE given_on = '2026-05-10' ORDER BY id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let kinds: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.0.as_str(), r.1.as_str(), r.2.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("makeup", "", "booked"),
            ("festival_gift", "mothers_day", "carnations")
        ],
        "the scarf was not given"
    );
    // The customer's file shows them, with who gave them.
    let id: i64 = app
        .env
        .conn
        .query_row(
            "SELECT id FROM customers WHERE phone = '13700002222'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    aftercare::app::file::open(&mut app, id);
    for _ in 0..40 {
        app.update(Action::ScrollDown);
    }
    let screen = render(&app, 120, 40);
    assert!(screen.contains("VIP rewards given"), "{screen}");
    assert!(
        screen.contains("2026-05-10 · Carnations (Mother's Day) · 王芳"),
        "{screen}"
    );
    assert!(
        screen.contains("make-up service booked for another day"),
        "{screen}"
    );
    // Back at the till the same week: no carnations a second time this year.
    app.update(Action::Back);
    to_checkout(&mut app, &["EV2601"]);
    let Some(v) = app.view::<aftercare::app::visit::VisitState>() else {
        panic!("not on a visit")
    };
    assert_eq!(
        v.offers,
        vec![aftercare::domain::practices::Offer::Makeup],
        "only the make-up service"
    );
    // A line unmarked takes its offer (and its answer) away.
    focus_on(&mut app, Row::Offer(0));
    app.update(Action::Toggle);
    focus_on(&mut app, Row::Item(0));
    app.update(Action::Toggle);
    let Some(v) = app.view::<aftercare::app::visit::VisitState>() else {
        panic!("not on a visit")
    };
    assert!(v.offers.is_empty() && v.visit.makeup.is_none());
}

#[test]
fn the_rewards_read_in_chinese() {
    use aftercare::app::visit::Row;
    let mut app = mothers_day_shop();
    app.env.locale =
        aftercare::i18n::Locale::load(&aftercare::shop_data::files::Files::locate(None), "zh-CN")
            .unwrap();
    to_checkout(&mut app, &["EV2601"]);
    focus_on(&mut app, Row::Offer(0));
    app.update(Action::Toggle);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("购晚装送化妆服务：已提供，顾客未接受"),
        "{screen}"
    );
    assert!(screen.contains("康乃馨（母亲节）：未送"), "{screen}");
}

/// [S1] "告之顾客品牌 VIP 旳等级…VIP 顾客旳优惠及福利": step 8's registration
/// tells the tiers, their thresholds and the club.
#[test]
fn registration_tells_the_vip_tiers() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    jump_to(&mut app, 7);
    let screen = render(&app, 140, 45);
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Tell them the VIP tiers"), "{screen}");
    assert!(words.contains("Silver: from ¥3,000.00"), "{screen}");
}
