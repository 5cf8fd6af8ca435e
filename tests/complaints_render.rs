//! The complaint screens drawn on TestBackend at 80×24, in English and
//! Chinese: the list with its time left, the banner on a manager's screen,
//! the counter's nine steps, a complaint round the loop, the registers and
//! the figures; taps land on what was drawn.

mod screen;

use aftercare::app::complaints::now_utc;
use aftercare::app::{Action, App, Mode};
use aftercare::domain::complaint::{Channel, Urgency};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::store::complaints::{self as complaints, NewComplaint};
use aftercare::store::products::{self, Product};
use aftercare::store::purchases::{self, NewLine};
use aftercare::store::{self, customers, staff};
use chrono::{Duration as Hours, NaiveDate, NaiveDateTime};
use screen::{render, type_text};

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A shop with a manager, an associate, a customer with a lipstick bought.
fn shop(lang: &str, now: NaiveDateTime) -> App {
    shop_in(store::open_in_memory().unwrap(), lang, now)
}

fn shop_in(mut conn: rusqlite::Connection, lang: &str, now: NaiveDateTime) -> App {
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let manager = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    let mut v = Values::new_customer();
    v.set(Field::Name, "张三丰");
    v.set(Field::Phone, "13812345678");
    let c = customers::create(&mut conn, &v, manager, now.date()).unwrap();
    let p = products::add(
        &conn,
        &Product {
            id: 0,
            style_no: "LS-204".into(),
            name: "口红 Lipstick".into(),
            category: "cosmetic".into(),
            list_price_fen: 19900,
            current_price_fen: 19900,
            clearance: false,
            made_to_order: false,
            sizes: String::new(),
            colours: String::new(),
        },
    )
    .unwrap();
    purchases::record(
        &conn,
        "R-1",
        Some(c),
        Some(manager),
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        &[NewLine {
            product_id: p,
            size: String::new(),
            colour: "red".into(),
            price_fen: 19900,
            add_on: false,
        }],
    )
    .unwrap();
    screen::app_on(conn, lang, Mode::Shop, now)
}

fn sign_in(a: &mut App, name: &str) {
    let who = staff::list(&a.env.conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap();
    a.signed_in(who);
}

/// Focuses the field whose label is on screen, by tapping it.
fn tap_text(a: &mut App, text: &str) {
    let screen = render(a, 80, 24);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
    let col = unicode_width::UnicodeWidthStr::width(&line[..line.find(text).unwrap()]) as u16;
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let action = aftercare::ui::hit(a, area, col + 1, row as u16)
        .unwrap_or_else(|| panic!("nothing to tap at {text}:\n{screen}"));
    a.update(action);
}

/// A complaint taken `hours_ago` by the first staff member, from the store.
fn take(a: &mut App, category: &str, urgency: Urgency, hours_ago: i64) -> i64 {
    let rules = a.env.policy.service.clone();
    let cat = rules.routing.category(category).unwrap().clone();
    let route = rules.routing.route(category).unwrap();
    let at = now_utc(a) - Hours::hours(hours_ago);
    let customer: i64 = a
        .env
        .conn
        .query_row("SELECT id FROM customers LIMIT 1", [], |r| r.get(0))
        .unwrap();
    store::write(&mut a.env.conn, |tx| {
        complaints::create(
            tx,
            &NewComplaint {
                channel: Channel::Hotline,
                customer_id: Some(customer),
                purchase_line_id: None,
                product: "",
                batch_no: "",
                category: &cat,
                route: &route,
                urgency,
                major: false,
                words: "the zip broke",
                taken_by: 1,
                received_at: at,
                received_on: at.date_naive(),
            },
            &rules.complaints.revisit,
        )
    })
    .unwrap()
}

fn state_of(a: &App, id: i64) -> String {
    a.env
        .conn
        .query_row("SELECT state FROM complaints WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn an_urgent_complaint_puts_a_banner_on_every_managers_screen() {
    let mut a = shop("en", at(23, 10));
    take(&mut a, "quality", Urgency::Urgent, 1);
    sign_in(&mut a, "王芳");
    let screen = render(&a, 80, 24);
    assert!(
        !screen.contains("URGENT"),
        "an associate has no banner:\n{screen}"
    );
    let mut a = shop("en", at(23, 10));
    let id = take(&mut a, "quality", Urgency::Urgent, 1);
    sign_in(&mut a, "李娜");
    let home = render(&a, 80, 24);
    assert!(
        home.lines()
            .next()
            .unwrap()
            .contains("URGENT complaint TS261123-01 (张三丰)"),
        "{home}"
    );
    a.update(Action::Customers);
    assert!(
        render(&a, 80, 24).starts_with(" ⚠ URGENT"),
        "on every screen"
    );
    // A tap on the banner opens the complaints; opening the complaint is seeing it.
    a.update(aftercare::ui::hit(&a, ratatui::layout::Rect::new(0, 0, 80, 24), 5, 0).unwrap());
    let list = render(&a, 80, 24);
    assert!(list.contains("Open complaints (1)"), "{list}");
    a.update(Action::Select);
    let seen = render(&a, 80, 24);
    assert!(!seen.contains("URGENT complaint"), "{seen}");
    assert!(seen.contains("TS261123-01"), "{seen}");
    let ev: String = a
        .env
        .conn
        .query_row(
            "SELECT note FROM complaint_events WHERE complaint_id = ?1 AND event = 'seen'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ev, "urgent");
}

#[test]
fn overdue_first_with_the_time_left_and_escalation_to_the_manager() {
    let mut a = shop("en", at(23, 10));
    take(&mut a, "attitude", Urgency::Normal, 2);
    take(&mut a, "quality", Urgency::Normal, 30);
    sign_in(&mut a, "李娜");
    let home = render(&a, 80, 24);
    assert!(
        home.contains("1 complaint(s) need you: overdue or major"),
        "{home}"
    );
    a.update(Action::Complaints);
    let screen = render(&a, 80, 24);
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("TS2611")).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(
        rows[0].contains("late 6h 00m") && rows[0].contains("Quality"),
        "{screen}"
    );
    assert!(
        rows[1].contains("22h 00m") && rows[1].contains("Staff attit"),
        "{screen}"
    );
    assert!(screen.contains("1 overdue"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_hotline_complaint_goes_round_the_loop_and_closes_after_the_revisit() {
    let mut a = shop("en", at(23, 10));
    sign_in(&mut a, "李娜");
    a.update(Action::Complaints);
    a.update(Action::Add);
    tap_text(&mut a, "Phone");
    type_text(&mut a, "13812345678");
    let form = render(&a, 80, 24);
    assert!(form.contains("on file: 张三丰"), "{form}");
    save(&mut a);
    let refused = render(&a, 80, 24);
    assert!(refused.contains("← choose one"), "{refused}");
    assert!(refused.contains("← required"), "{refused}");
    assert!(
        refused.contains("13812345678"),
        "nothing typed is lost:\n{refused}"
    );
    // The first field to check has the focus: the category.
    a.update(Action::Toggle);
    let routed = render(&a, 80, 24);
    assert!(routed.contains("QC department → Manufacturer"), "{routed}");
    tap_text(&mut a, "What happened");
    type_text(&mut a, "The zip broke on the first day");
    save(&mut a);
    let detail = render(&a, 80, 24);
    assert!(
        detail.contains("taken: to QC department → Manufacturer"),
        "{detail}"
    );
    let id: i64 = a
        .env
        .conn
        .query_row("SELECT id FROM complaints", [], |r| r.get(0))
        .unwrap();
    // Every move needs its note.
    save(&mut a);
    assert!(render(&a, 80, 24).contains("← write what was done"));
    type_text(&mut a, "Called back, checked the receipt");
    save(&mut a);
    assert_eq!(state_of(&a, id), "verified");
    // Handling needs the resolution.
    type_text(&mut a, "Sent to QC for repair");
    save(&mut a);
    assert!(render(&a, 80, 24).contains("← choose one"));
    a.update(Action::Toggle);
    tap_text(&mut a, "Note");
    save(&mut a);
    assert_eq!(state_of(&a, id), "handled");
    type_text(&mut a, "Told her: ready on Friday");
    save(&mut a);
    assert_eq!(state_of(&a, id), "fed_back");
    let fed = render(&a, 80, 24);
    assert!(
        fed.contains("Record: Revisited"),
        "no close before the revisit:\n{fed}"
    );
    assert!(fed.contains("revisit 11-26"), "{fed}");
    tap_text(&mut a, "Satisfied now?");
    a.update(Action::Toggle);
    a.update(Action::Toggle);
    tap_text(&mut a, "Note");
    type_text(&mut a, "Happy with the repair");
    save(&mut a);
    assert_eq!(state_of(&a, id), "revisited");
    // The survey at the end of the complaint.
    let survey = render(&a, 80, 24);
    assert!(
        survey.contains("Satisfaction survey") && survey.contains("TS261123-01"),
        "{survey}"
    );
    for d in ['5', '4', '5', '5'] {
        a.update(Action::Type(d));
        a.update(Action::NextFocus);
    }
    save(&mut a);
    assert!(render(&a, 80, 24).contains("Survey saved: mean score 4.75"));
    type_text(&mut a, "Nothing left to do");
    save(&mut a);
    assert_eq!(state_of(&a, id), "closed");
    let moves: Vec<String> = complaints::events(&a.env.conn, id)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        moves,
        [
            "accepted",
            "verified",
            "handled",
            "fed_back",
            "revisited",
            "closed"
        ]
    );
}

/// F10; a move asks first, naming it: Tab to Confirm, Enter.
fn save(a: &mut App) {
    a.update(Action::Save);
    if a.overlay.is_some() {
        a.update(Action::NextFocus);
        a.update(Action::Select);
    }
}

/// Goes through the nine steps; returns the screen of the ninth.
fn nine_steps(a: &mut App, final_offer: bool) -> String {
    a.update(Action::Complaints);
    a.update(Action::Counter);
    type_text(a, "13812345678");
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    type_text(a, "这件衬衫洗了一次就开线了");
    a.update(Action::Save);
    a.update(Action::Save);
    a.update(Action::Save);
    // 4: restate — the purchase, the category, the restatement.
    a.update(Action::NextFocus);
    a.update(Action::Toggle);
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    type_text(a, "左肩开线，洗过一次");
    a.update(Action::Save);
    a.update(Action::Save);
    // 6: resolve.
    a.update(Action::Toggle);
    a.update(Action::NextFocus);
    type_text(a, "当场免费缝补");
    a.update(Action::Save);
    // 7: compensate — a gift worth 30 yuan.
    a.update(Action::Toggle);
    a.update(Action::NextFocus);
    type_text(a, "30");
    a.update(Action::NextFocus);
    type_text(a, "丝巾一条");
    a.update(Action::Save);
    // 8: result.
    a.update(Action::Toggle);
    if final_offer {
        a.update(Action::NextFocus);
        type_text(a, "换一件新的");
        a.update(Action::NextFocus);
        a.update(Action::Toggle);
    } else {
        a.update(Action::Toggle);
    }
    a.update(Action::Save);
    type_text(a, "周五电话回访");
    render(a, 80, 24)
}

#[test]
fn nine_steps_at_the_counter_to_satisfied() {
    let mut a = shop("zh-CN", at(23, 10));
    sign_in(&mut a, "王芳");
    let ninth = nine_steps(&mut a, false);
    assert!(
        ninth.contains("✓ 8 结果") && ninth.contains("▸ 9 反馈"),
        "{ninth}"
    );
    insta::assert_snapshot!(ninth);
    a.update(Action::Save);
    let done = render(&a, 80, 24);
    assert!(
        done.contains("已当场解决：TS261123-01。2026-11-26 回访。"),
        "{done}"
    );
    let (state, settled, fen, steps): (String, bool, i64, i64) = a
        .env
        .conn
        .query_row(
            "SELECT state, resolved_at_counter, compensation_fen,
                    (SELECT COUNT(*) FROM complaint_steps s WHERE s.complaint_id = c.id)
             FROM complaints c",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (state.as_str(), settled, fen, steps),
        ("fed_back", true, 3000, 9)
    );
}

#[test]
fn a_final_offer_refused_at_the_counter_goes_to_the_manager() {
    let mut a = shop("en", at(23, 10));
    sign_in(&mut a, "王芳");
    nine_steps(&mut a, true);
    a.update(Action::Save);
    let done = render(&a, 80, 24);
    assert!(done.contains("goes to the manager"), "{done}");
    let (state, major): (String, bool) = a
        .env
        .conn
        .query_row("SELECT state, major FROM complaints", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((state.as_str(), major), ("verified", true));
}

#[test]
fn an_adverse_reaction_needs_the_batch_and_is_never_sent_to_the_manufacturer() {
    let mut a = shop("en", at(23, 10));
    sign_in(&mut a, "王芳");
    a.update(Action::Complaints);
    a.update(Action::Counter);
    type_text(&mut a, "13812345678");
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    type_text(&mut a, "My lips itch and have a rash after two days");
    for _ in 0..3 {
        a.update(Action::Save);
    }
    // The purchase (first field), the category (the sixth), the restatement.
    a.update(Action::Toggle);
    a.update(Action::NextFocus);
    for _ in 0..6 {
        a.update(Action::Toggle);
    }
    for _ in 0..3 {
        a.update(Action::NextFocus);
    }
    type_text(&mut a, "rash from the LS-204 lipstick");
    a.update(Action::Save);
    let step4 = render(&a, 80, 24);
    assert!(step4.contains("← write the ba"), "{step4}");
    assert!(
        step4.contains("Batch No.: write the batch number"),
        "{step4}"
    );
    assert!(
        step4.contains("LS-204 口红"),
        "the purchase names the product:\n{step4}"
    );
    // The focus went to the field to check.
    type_text(&mut a, "B2409");
    a.update(Action::Save);
    let step5 = render(&a, 80, 24);
    assert!(step5.contains("▸ 5 Explain"), "{step5}");
    a.update(Action::Save);
    // Step 6: "refer to the manufacturer" is refused beside the field.
    let step6 = render(&a, 80, 24);
    assert!(step6.contains("never: Refer"), "{step6}");
    for _ in 0..7 {
        a.update(Action::Toggle);
    }
    assert!(render(&a, 80, 24).contains("‹ Refer to the"));
    a.update(Action::NextFocus);
    type_text(&mut a, "Ask the maker");
    a.update(Action::Save);
    let refused = render(&a, 80, 24);
    assert!(refused.contains("← never for"), "{refused}");
    assert!(
        refused.contains("Resolution: never for this category"),
        "{refused}"
    );
    assert!(refused.contains("6 Resolve"), "still on step 6:\n{refused}");
}

#[test]
fn registers_filter_and_export_what_is_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("shop.db")).unwrap();
    let mut a = shop_in(conn, "en", at(23, 10));
    take(&mut a, "quality", Urgency::Normal, 3);
    take(&mut a, "packaging", Urgency::Normal, 2);
    take(&mut a, "quality", Urgency::Normal, 1);
    sign_in(&mut a, "李娜");
    a.update(Action::Complaints);
    a.update(Action::Registers);
    let all = render(&a, 80, 24);
    assert!(all.contains("3 rows"), "{all}");
    tap_text(&mut a, "Category");
    a.update(Action::Toggle);
    let quality = render(&a, 80, 24);
    assert!(quality.contains("2 rows"), "{quality}");
    assert!(!quality.contains("Damaged"), "{quality}");
    a.update(Action::Export);
    let msg = render(&a, 80, 24);
    assert!(msg.contains("2 rows written to"), "{msg}");
    let file = dir
        .path()
        .join("exports/complaints-2026-10-24-2026-11-23.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), 3, "{text}");
    // The other registers, by tab.
    a.update(Action::PrevFocus);
    a.update(Action::NextTab);
    assert!(render(&a, 80, 24).contains("0 rows"));
}

#[test]
fn the_figures_are_the_managers() {
    let mut a = shop("en", at(23, 10));
    take(&mut a, "quality", Urgency::Normal, 3);
    take(&mut a, "quality", Urgency::Normal, 2);
    take(&mut a, "attitude", Urgency::Normal, 1);
    sign_in(&mut a, "王芳");
    a.update(Action::Complaints);
    a.update(Action::Stats);
    assert!(render(&a, 80, 24).contains("The figures are for the manager."));
    sign_in(&mut a, "李娜");
    a.update(Action::Complaints);
    a.update(Action::Stats);
    let figures = render(&a, 80, 24);
    assert!(figures.contains("3 complaints in the range"), "{figures}");
    let quality = figures
        .lines()
        .find(|l| l.contains("Quality or function"))
        .unwrap();
    assert!(
        quality.contains(" 2 ") && quality.contains("67%"),
        "{figures}"
    );
    a.update(Action::NextTab);
    let deps = render(&a, 80, 24);
    assert!(
        deps.lines()
            .any(|l| l.contains("QC department") && l.contains(" 2 ")),
        "{deps}"
    );
}

#[test]
fn a_half_done_counter_is_kept_when_the_screen_locks() {
    let mut a = shop("en", at(23, 10));
    sign_in(&mut a, "王芳");
    a.update(Action::Complaints);
    a.update(Action::Counter);
    type_text(&mut a, "13812345678");
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    type_text(&mut a, "The heel came off");
    a.update(Action::Save);
    a.update(Action::Lock);
    sign_in(&mut a, "王芳");
    let offer = render(&a, 80, 24);
    assert!(
        offer.contains("a complaint at the counter unfinished"),
        "{offer}"
    );
    a.update(Action::Select);
    let back = render(&a, 80, 24);
    assert!(
        back.contains("✓ 1 Listen") && back.contains("▸ 2 Talk"),
        "{back}"
    );
    a.update(Action::PageUp);
    assert!(render(&a, 80, 24).contains("The heel came off"));
}

#[test]
fn taps_choose_buttons_and_scores() {
    let mut a = shop("en", at(23, 10));
    sign_in(&mut a, "李娜");
    a.update(Action::Complaints);
    tap_text(&mut a, "[ Survey v ]");
    let survey = render(&a, 80, 24);
    assert!(survey.contains("Satisfaction survey"), "{survey}");
    // The fourth box under the first question.
    let (row, _) = survey
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("service of our staff"))
        .unwrap();
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let tap = aftercare::ui::hit(&a, area, 2 + 3 * 4 + 1, row as u16 + 1).unwrap();
    a.update(tap);
    assert!(render(&a, 80, 24).contains("mean so far 4.00"));
}

#[test]
fn a_new_caller_is_registered_with_name_and_phone_and_a_bad_phone_is_marked() {
    let mut a = shop("en", at(23, 10));
    sign_in(&mut a, "王芳");
    a.update(Action::Complaints);
    a.update(Action::Add);
    a.update(Action::NextFocus);
    type_text(&mut a, "12");
    a.update(Action::NextFocus);
    type_text(&mut a, "赵敏");
    a.update(Action::NextFocus);
    a.update(Action::NextFocus);
    a.update(Action::Toggle);
    for _ in 0..5 {
        a.update(Action::NextFocus);
    }
    type_text(&mut a, "Nobody answered the hotline for two days");
    a.update(Action::Save);
    let bad = render(&a, 80, 24);
    assert!(bad.contains("← not a phone: like"), "{bad}");
    assert!(
        bad.contains("赵敏") && bad.contains("Nobody answered"),
        "{bad}"
    );
    // The focus is on the phone: put it right and save again.
    a.update(Action::ClearField);
    type_text(&mut a, "13900002222");
    assert!(render(&a, 80, 24).contains("not on file"));
    a.update(Action::Save);
    let saved = render(&a, 80, 24);
    assert!(saved.contains("taken: to"), "{saved}");
    let (name, phone): (String, String) = a
        .env
        .conn
        .query_row(
            "SELECT cu.name, cu.phone FROM complaints c JOIN customers cu ON cu.id = c.customer_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), phone.as_str()), ("赵敏", "13900002222"));
}

#[test]
fn a_callback_can_end_in_a_survey_kept_with_its_purchase() {
    let mut a = shop("zh-CN", at(23, 10));
    sign_in(&mut a, "王芳");
    let (customer, purchase): (i64, i64) = a
        .env
        .conn
        .query_row("SELECT customer_id, id FROM purchases", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    aftercare::app::complaints::survey::open_for_callback(&mut a, customer, Some(purchase), None);
    let form = render(&a, 80, 24);
    assert!(
        form.contains("消费回访") && form.contains("张三丰"),
        "{form}"
    );
    a.update(Action::Save);
    assert!(render(&a, 80, 24).contains("← 请打 1 到 5 分"));
    for d in ['4', '4', '5', '3'] {
        a.update(Action::Type(d));
        a.update(Action::NextFocus);
    }
    type_text(&mut a, "颜色很正");
    a.update(Action::Save);
    assert!(render(&a, 80, 24).contains("调查已保存：平均分 4.00"));
    let (source, linked, mean, comment): (String, i64, i64, String) = a
        .env
        .conn
        .query_row(
            "SELECT source, purchase_id, mean_x100, comment FROM surveys",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (source.as_str(), linked, mean, comment.as_str()),
        ("callback", purchase, 400, "颜色很正")
    );
}

/// Taps land on what each complaint screen drew: a register's tab, a row,
/// a step of the counter already reached (one not reached stays shut).
#[test]
fn taps_on_the_registers_tabs_and_the_counters_steps() {
    use aftercare::app::complaints::counter::CounterState;
    use aftercare::app::complaints::register::{RegisterKind, RegisterState};
    let mut a = shop("en", at(23, 10));
    take(&mut a, "quality", Urgency::Normal, 1);
    sign_in(&mut a, "李娜");
    a.update(Action::Complaints);
    a.update(Action::Registers);
    assert_eq!(
        a.view::<RegisterState>().map(|r| r.kind),
        Some(RegisterKind::Complaints)
    );
    tap_text(&mut a, "Quality callbacks");
    assert_eq!(
        a.view::<RegisterState>().map(|r| r.kind),
        Some(RegisterKind::Opinions)
    );
    a.update(Action::Back);
    a.update(Action::Counter);
    assert_eq!(a.view::<CounterState>().map(|c| c.step), Some(0));
    tap_text(&mut a, "3 Apologise");
    assert_eq!(
        a.view::<CounterState>().map(|c| c.step),
        Some(0),
        "not reached"
    );
    a.update(Action::Back);
}
