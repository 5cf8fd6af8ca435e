//! The callbacks pane, the callbacks screen, the contact log and the work
//! form drawn in English and Chinese, at 80×24 and 160×48.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::customer::{Field, Values};
use aftercare::domain::staff::Role;
use aftercare::i18n::Locale;
use aftercare::shop_data::files::Files;
use aftercare::store::{self, customers, staff};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use screen::{render, type_text};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

/// A manager, two associates; customers with sales due for callbacks
/// overdue, today and in the coming days, each closest to an associate.
fn app(lang: &str, manager: bool) -> App {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let boss = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let wang = staff::add(&conn, "Wang Fang", Role::Associate, "x").unwrap();
    let zhao = staff::add(&conn, "赵敏", Role::Associate, "x").unwrap();
    let today = now().date();
    for (i, (name, phone, bought, who)) in [
        ("张三丰", "13812345678", "2026-11-10", wang),
        ("Emily Chen", "13900001111", "2026-11-16", wang),
        ("周芷若", "13700002222", "2026-11-18", wang),
        ("殷素素", "13600003333", "2026-11-14", zhao),
    ]
    .into_iter()
    .enumerate()
    {
        let mut v = Values::new_customer();
        v.set(Field::Name, name);
        v.set(Field::Phone, phone);
        let id = customers::create(&mut conn, &v, boss, today).unwrap();
        conn.execute(
            "UPDATE customers SET closest_staff_id = ?2 WHERE id = ?1",
            params![id, who],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
             VALUES (?1, ?2, ?3, ?4, 88000, 'x')",
            params![format!("R-{i}"), id, who, bought],
        )
        .unwrap();
    }
    let mut a = screen::app_on(conn, lang, Mode::Demo, now());
    let who = staff::get(&a.env.conn, if manager { boss } else { wang })
        .unwrap()
        .unwrap();
    a.signed_in(who);
    a
}

#[test]
fn the_callbacks_pane_overdue_first_in_both_languages() {
    for lang in ["en", "zh-CN"] {
        let a = app(lang, false);
        let s = render(&a, 80, 24);
        let overdue = s.find("张三丰").expect("the overdue callback");
        let today = s.find("Emily Chen").expect("today's callback");
        assert!(overdue < today, "{s}");
        assert!(!s.contains("殷素素"), "another associate's task: {s}");
        insta::assert_snapshot!(format!("home_associate_{lang}_80x24"), s);
        insta::assert_snapshot!(format!("home_associate_{lang}_160x48"), render(&a, 160, 48));
        insta::assert_snapshot!(
            format!("home_manager_{lang}_160x48"),
            render(&app(lang, true), 160, 48)
        );
    }
}

#[test]
fn an_associate_sees_their_own_tasks_on_the_screen() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, false);
        a.update(Action::Callbacks);
        let s = render(&a, 80, 24);
        assert!(s.contains("张三丰") && !s.contains("殷素素"), "{s}");
        insta::assert_snapshot!(format!("screen_associate_{lang}_80x24"), s);
        insta::assert_snapshot!(
            format!("screen_associate_{lang}_160x48"),
            render(&a, 160, 48)
        );
    }
}

#[test]
fn the_callbacks_screen_and_the_contact_log() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, true);
        a.update(Action::Callbacks);
        let s = render(&a, 160, 48);
        assert!(s.contains("殷素素") && s.contains("赵敏"), "{s}");
        insta::assert_snapshot!(format!("screen_manager_{lang}_160x48"), s);
        let narrow = render(&a, 80, 24);
        // Every masked phone whole at 80 columns, the longest name's too (a
        // manager's list cut `Emily Chen 139****`).
        for phone in ["138****5678", "136****3333", "139****1111", "137****2222"] {
            assert!(narrow.contains(phone), "{phone} cut:\n{narrow}");
        }
        insta::assert_snapshot!(format!("screen_manager_{lang}_80x24"), narrow);
        // The reassign picker lists the associates.
        a.update(Action::Reassign);
        insta::assert_snapshot!(format!("reassign_{lang}_80x24"), render(&a, 80, 24));
        a.update(Action::Down);
        a.update(Action::Select);
        let owner: i64 = a
            .env
            .conn
            .query_row(
                "SELECT t.staff_id FROM tasks t JOIN customers c ON c.id = t.customer_id WHERE c.name = '张三丰'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            staff::get(&a.env.conn, owner).unwrap().unwrap().name,
            "赵敏"
        );
    }
}

#[test]
fn the_work_form_and_a_day_typed_wrong() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, false);
        a.update(Action::Select);
        insta::assert_snapshot!(format!("work_{lang}_80x24"), render(&a, 80, 24));
        // Call back at … with a day that is no day: the message stands beside it.
        a.update(Action::Toggle);
        a.update(Action::Toggle);
        a.update(Action::Down);
        type_text(&mut a, "soon");
        a.update(Action::Save);
        let s = render(&a, 160, 48);
        assert!(s.contains("soon"), "nothing typed is lost: {s}");
        insta::assert_snapshot!(format!("work_bad_day_{lang}_160x48"), s);
    }
}

#[test]
fn the_contact_log_after_a_callback() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, false);
        a.update(Action::Select);
        a.update(Action::Last);
        type_text(&mut a, "很喜欢");
        a.update(Action::Save);
        a.update(Action::Callbacks);
        a.update(Action::NextTab);
        let s = render(&a, 80, 24);
        assert!(s.contains("很喜欢"), "{s}");
        insta::assert_snapshot!(format!("log_{lang}_80x24"), s);
    }
}

#[test]
fn the_customer_file_lists_the_contacts() {
    let mut a = app("en", false);
    a.update(Action::Select);
    a.update(Action::Last);
    type_text(&mut a, "loves the coat");
    a.update(Action::Save);
    a.update(Action::Customers);
    type_text(&mut a, "5678");
    a.update(Action::Select);
    let s = render(&a, 160, 48);
    assert!(
        s.contains("Contact log") && s.contains("loves the coat") && s.contains("Reached"),
        "{s}"
    );
}

/// Where a text is drawn: (column, row) of its first character.
fn find(screen: &str, text: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            l.find(text).map(|x| {
                (
                    unicode_width::UnicodeWidthStr::width(&l[..x]) as u16,
                    y as u16,
                )
            })
        })
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

fn tap(a: &mut App, w: u16, h: u16, text: &str) {
    let (x, y) = find(&render(a, w, h), text);
    let action = aftercare::ui::hit(a, ratatui::layout::Rect::new(0, 0, w, h), x + 1, y)
        .unwrap_or_else(|| panic!("nothing to tap at {text:?}"));
    a.update(action);
}

#[test]
fn taps_open_the_screen_a_task_and_the_log() {
    let mut a = app("en", false);
    // The pane's title opens the callbacks screen.
    tap(&mut a, 80, 24, "My callbacks due");
    assert!(render(&a, 80, 24).contains("Contact log ("));
    // A row tapped twice opens its work form.
    tap(&mut a, 80, 24, "Emily Chen");
    tap(&mut a, 80, 24, "Emily Chen");
    let s = render(&a, 80, 24);
    assert!(s.contains("Purchase callback: Emily Chen"), "{s}");
    tap(&mut a, 80, 24, "Cancel");
    tap(&mut a, 80, 24, "Contact log");
    assert!(render(&a, 80, 24).contains("No contacts recorded yet."));
}

#[test]
fn the_second_of_two_people_is_told_who_did_it() {
    let mut a = app("en", false);
    a.update(Action::Select);
    // Someone else records the same task from another tablet meanwhile.
    let t = aftercare::store::tasks::open(
        &a.env.conn,
        &aftercare::store::tasks::Filter {
            staff: None,
            kind: None,
            today: now().date(),
            coming_days: 7,
            first: None,
        },
        1,
    )
    .unwrap()
    .remove(0);
    let other = staff::list(&a.env.conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == "赵敏")
        .unwrap();
    aftercare::store::tasks::work(
        &mut a.env.conn,
        &aftercare::store::tasks::WorkInput {
            task_id: t.id,
            version: t.version,
            staff_id: other.id,
            today: now().date(),
            now: "2026-11-23T01:00:00Z",
            outcome: aftercare::domain::tasks::Outcome::WrongNumber,
            call_back: None,
            note: "",
            answers: None,
            retry: aftercare::domain::tasks::Retry {
                after_days: 2,
                max_attempts: 3,
            },
        },
    )
    .unwrap();
    a.update(Action::Last);
    type_text(&mut a, "likes it");
    a.update(Action::Save);
    let s = render(&a, 160, 48);
    assert!(s.contains("Already done by 赵敏 at"), "{s}");
    assert!(s.contains("likes it"), "what was typed stays: {s}");
    let contacts: i64 = a
        .env
        .conn
        .query_row("SELECT COUNT(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(contacts, 1, "only the first one's");
}

#[test]
fn a_purchase_callback_offers_the_survey() {
    let mut a = app("zh-CN", false);
    a.update(Action::Select);
    a.update(Action::Survey);
    let s = render(&a, 80, 24);
    assert!(
        s.contains("顾客满意度调查") && s.contains("消费回访 · 张三丰"),
        "{s}"
    );
    assert!(
        !s.contains("消费回访：张三丰"),
        "the survey, not the form: {s}"
    );
}

#[test]
fn f5_makes_the_tasks_of_a_sale_recorded_meanwhile() {
    let mut a = app("en", false);
    let wang = a.user.as_ref().unwrap().id;
    let customer: i64 = a
        .env
        .conn
        .query_row(
            "SELECT id FROM customers WHERE name = '周芷若'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    a.env
        .conn
        .execute(
            "INSERT INTO purchases(receipt_no, customer_id, staff_id, purchased_on, total_fen, created_at)
             VALUES ('R-9', ?1, ?2, '2026-11-19', 1000, 'x')",
            params![customer, wang],
        )
        .unwrap();
    a.update(Action::Refresh);
    let s = render(&a, 80, 24);
    assert!(
        s.contains("1 new tasks made.") && s.contains("11-26"),
        "{s}"
    );
    a.update(Action::Refresh);
    assert!(!render(&a, 80, 24).contains("new tasks made"));
}

#[test]
fn every_kind_and_outcome_of_the_shared_vocabulary_has_a_name_in_both_languages() {
    let files = Files::locate(None);
    let kinds = aftercare::domain::tasks::KINDS.into_iter().chain([
        "referral_thanks",
        "birthday_greeting",
        "festival_greeting",
        "season_greeting",
        "gathering_invite",
    ]);
    let outcomes = [
        "reached",
        "no_answer",
        "call_back",
        "wrong_number",
        "sent",
        "declined",
        "attended",
    ];
    for lang in ["en", "zh-CN"] {
        let loc = Locale::load(&files, lang).unwrap();
        for k in kinds.clone() {
            assert!(loc.has(&format!("tasks.kind.{k}")), "{lang}: kind {k}");
        }
        for o in outcomes {
            assert!(
                loc.has(&format!("tasks.outcome.{o}")),
                "{lang}: outcome {o}"
            );
        }
    }
}

#[test]
fn a_note_typed_before_the_screen_locked_comes_back() {
    let mut a = app("en", false);
    let me = a.user.clone().unwrap();
    a.update(Action::Select);
    a.update(Action::Last);
    type_text(&mut a, "she wants a call on Friday");
    a.update(Action::Lock);
    a.signed_in(me);
    let s = render(&a, 80, 24);
    assert!(s.contains("Purchase callback: 张三丰"), "offered back: {s}");
    a.update(Action::Select);
    let s = render(&a, 80, 24);
    assert!(s.contains("she wants a call on Friday"), "{s}");
    // Saved: the draft is gone.
    a.update(Action::Save);
    let drafts: i64 = a
        .env
        .conn
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 0);
}

/// An old customer month running, with 周芷若 (a long-standing customer
/// whose callback is only coming) in its target group.
fn old_customer_month(a: &mut App) {
    a.env
        .conn
        .execute(
            "UPDATE customers SET created_at = '2024-01-01T00:00:00Z', purchase_count = 6
             WHERE name = '周芷若'",
            [],
        )
        .unwrap();
    let policy = a.env.policy.campaigns.clone();
    let boss: i64 = a
        .env
        .conn
        .query_row("SELECT id FROM staff WHERE name = '李娜'", [], |r| {
            r.get(0)
        })
        .unwrap();
    aftercare::store::campaigns::create(
        &mut a.env.conn,
        aftercare::store::campaigns::Kind::OldCustomers,
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        "",
        &policy,
        boss,
    )
    .unwrap()
    .unwrap();
}

#[test]
fn an_old_customer_month_puts_its_customers_tasks_first() {
    let mut a = app("en", false);
    let before = render(&a, 80, 24);
    assert!(before.find("张三丰").unwrap() < before.find("周芷若").unwrap());
    old_customer_month(&mut a);
    a.update(Action::Refresh);
    let during = render(&a, 80, 24);
    assert!(
        during.find("周芷若").unwrap() < during.find("张三丰").unwrap(),
        "the campaign's customer first: {during}"
    );
}

/// While a campaign runs, the callbacks list has a heading for its group
/// and one for the rest, each with its own overdue / today / coming labels;
/// the cursor walks the rows in the order they are read.
#[test]
fn a_campaigns_callbacks_and_the_rest_each_have_a_heading() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, true);
        old_customer_month(&mut a);
        a.update(Action::Callbacks);
        let (campaign, rest) = match lang {
            "en" => ("Old customer month: its customers first", "Everyone else"),
            _ => ("老顾客维护月：先联系这些顾客", "其他顾客"),
        };
        for (w, h) in [(80, 24), (160, 48)] {
            let s = render(&a, w, h);
            let at = |text: &str| s.find(text).unwrap_or_else(|| panic!("{text}: {s}"));
            assert!(at(campaign) < at("周芷若"), "{s}");
            assert!(at("周芷若") < at(rest), "{s}");
            assert!(at(rest) < at("张三丰"), "{s}");
            assert!(at("张三丰") < at("Emily Chen"), "{s}");
            insta::assert_snapshot!(format!("sections_campaign_{lang}_{w}x{h}"), s);
        }
        // The first row is the campaign's; ↓ goes on in reading order.
        let selected = |a: &App| {
            let s = a.view::<aftercare::app::callbacks::ListState>().unwrap();
            s.tasks[s.selected].customer.clone()
        };
        assert_eq!(selected(&a), "周芷若");
        let mut order = vec![selected(&a)];
        for _ in 0..3 {
            a.update(Action::Down);
            order.push(selected(&a));
        }
        assert_eq!(order, ["周芷若", "张三丰", "殷素素", "Emily Chen"]);
        // A heading is no target; a row under it, tapped twice, opens its task.
        let (x, y) = find(&render(&a, 80, 24), rest);
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        assert_eq!(aftercare::ui::hit(&a, area, x + 1, y), None);
        tap(&mut a, 80, 24, "张三丰");
        tap(&mut a, 80, 24, "张三丰");
        let w = a.view::<aftercare::app::callbacks::work::WorkForm>();
        assert_eq!(w.map(|w| w.task.customer.as_str()), Some("张三丰"));
    }
}

#[test]
fn a_miss_you_task_offers_the_librarys_message_to_copy() {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang, false);
        let (customer, me): (i64, i64) = a
            .env
            .conn
            .query_row(
                "SELECT c.id, s.id FROM customers c, staff s
                 WHERE c.name = 'Emily Chen' AND s.name = 'Wang Fang'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        aftercare::store::tasks::create_once(
            &a.env.conn,
            "miss_you",
            Some(customer),
            Some(me),
            now().date(),
            "customer",
            customer,
            "",
        )
        .unwrap();
        let task: i64 = a
            .env
            .conn
            .query_row("SELECT id FROM tasks WHERE kind = 'miss_you'", [], |r| {
                r.get(0)
            })
            .unwrap();
        aftercare::app::callbacks::work::open_task(&mut a, task);
        let s = render(&a, 100, 30);
        assert!(s.contains("Emily Chen") && s.contains("Wang Fang"), "{s}");
        insta::assert_snapshot!(format!("work_miss_you_{lang}_100x30"), s);
        a.update(Action::Send);
        let copied = a.clipboard.clone().expect("the message on the clipboard");
        assert!(copied.contains("Emily Chen") && copied.contains("Wang Fang"));
        // Kind D must never ask whether something happened.
        for never in ["what happened", "发生了什么", "怎么了"] {
            assert!(!copied.contains(never), "{copied}");
        }
    }
}

/// A main screen asked for over a work form with something typed asks
/// first, as every form does; "discard" drops the task's draft with it.
#[test]
fn leaving_a_task_being_worked_asks_first_and_discard_drops_its_draft() {
    let mut a = app("en", false);
    a.update(Action::Select);
    a.update(Action::Last);
    type_text(&mut a, "call after six");
    assert!(a.save_draft().unwrap());
    a.update(Action::Home);
    let s = render(&a, 80, 24);
    assert!(a.overlay.is_some(), "{s}");
    a.update(Action::NextFocus);
    a.update(Action::Select);
    assert!(a.overlay.is_none());
    let drafts: i64 = a
        .env
        .conn
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 0);
    assert!(
        a.view::<aftercare::app::callbacks::work::WorkForm>()
            .is_none()
    );
}

/// Follow-up rows typed before the screen locked come back with the draft,
/// and saving makes a follow-up task of each, due its day.
#[test]
fn follow_ups_typed_before_the_screen_locked_come_back_and_are_made() {
    let mut a = app("en", false);
    let me = a.user.clone().unwrap();
    a.update(Action::Select);
    a.update(Action::Add);
    type_text(&mut a, "size M back in stock?");
    a.update(Action::Down);
    type_text(&mut a, "+2");
    a.update(Action::Add);
    type_text(&mut a, "wash the lining");
    a.update(Action::Down);
    type_text(&mut a, "11-30");
    a.update(Action::Lock);
    a.signed_in(me.clone());
    a.update(Action::Select);
    let s = render(&a, 100, 30);
    assert!(
        s.contains("size M back in stock?") && s.contains("wash the lining"),
        "{s}"
    );
    a.update(Action::Save);
    let rows: Vec<(String, String, i64)> = a
        .env
        .conn
        .prepare(
            "SELECT due_on, note, staff_id FROM tasks WHERE kind = 'follow_up' ORDER BY due_on",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-11-25".into(), "size M back in stock?".into(), me.id),
            ("2026-11-30".into(), "wash the lining".into(), me.id),
        ]
    );
}
