//! The VIP screen and the file's VIP lines, drawn in English and Chinese at
//! 80×24 and 160×48.

mod screen;

use aftercare::app::{Action, App, Clock, Env, Mode};
use aftercare::domain::staff::Role;
use aftercare::i18n::Locale;
use aftercare::keymap::KeyMap;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use aftercare::store::campaigns::{self, Kind};
use aftercare::store::gatherings::{self, NewGathering};
use aftercare::store::vip::{self, Group};
use aftercare::store::{self, staff};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};
use screen::{render, type_text};
use std::time::Duration;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn customer(conn: &Connection, name: &str, reg: &str, n: i64, spend: i64, seen: &str, by: i64) {
    conn.execute(
        "INSERT INTO customers(name, phone, created_at, updated_at, purchase_count, total_spend_fen,
             last_purchase_on, last_visit_on, closest_staff_id, registered_by)
         VALUES (?1, '13812345678', ?2 || 'T06:00:00Z', ?2 || 'T06:00:00Z', ?3, ?4, ?5, ?5, ?6, ?6)",
        params![name, reg, n, spend, seen, by],
    )
    .unwrap();
}

/// A shop with customers of every segment, three gatherings held and one
/// planned, and a new customer month running.
fn app(lang: &str) -> App {
    // The rows written before the app starts carry its fixed clock too.
    store::fix_clock(Some(now()));
    let files = Files::locate(None);
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let m = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let a = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    customer(
        &conn,
        "张三丰",
        "2025-01-10",
        14,
        4_200_000,
        "2026-11-02",
        a,
    );
    customer(
        &conn,
        "Emily Chen",
        "2025-03-01",
        9,
        1_650_000,
        "2026-10-20",
        a,
    );
    customer(&conn, "刘小红", "2025-02-01", 12, 360_000, "2026-11-15", m);
    customer(&conn, "赵敏", "2023-06-01", 3, 1_200_000, "2026-09-01", a);
    customer(&conn, "周杰", "2026-10-30", 1, 59_900, "2026-10-30", a);
    customer(&conn, "钱多多", "2023-01-01", 5, 800_000, "2025-12-01", m);
    let policy = Policy::load(&files).unwrap();
    vip::sync_thresholds(&mut conn, &policy).unwrap();
    vip::join_by_fee(&mut conn, 5, m, d("2026-11-01"), 20_000)
        .unwrap()
        .unwrap();
    let today = now().date();
    for (i, (on, theme, place)) in [
        ("2026-03-08", "fashion_salon", "店内 VIP 室"),
        ("2026-06-20", "hiking", "香山"),
        ("2026-09-12", "product_show", "店内"),
        ("2026-12-12", "makeup_class", "店内二楼"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = gatherings::plan(
            &mut conn,
            &NewGathering {
                theme: theme.into(),
                title: if i == 3 {
                    "新年妆容".into()
                } else {
                    String::new()
                },
                held_on: d(on),
                place: place.into(),
                note: String::new(),
            },
            m,
        )
        .unwrap();
        let list = vip::invitees(&conn, &Group::default(), today, &policy.segments, id, 4).unwrap();
        gatherings::invite(&mut conn, id, &list, m).unwrap();
        gatherings::rsvp(&mut conn, id, list[0].0, "yes", "想参加插花课").unwrap();
        gatherings::rsvp(&mut conn, id, list[1].0, "no", "").unwrap();
        if i < 3 {
            gatherings::set_attended(&mut conn, id, list[0].0, true, m).unwrap();
        }
    }
    campaigns::create(
        &mut conn,
        Kind::NewCustomers,
        d("2026-11-01"),
        d("2026-11-30"),
        "",
        &policy.campaigns,
        m,
    )
    .unwrap()
    .unwrap();
    let env = Env {
        conn,
        policy,
        locale: Locale::load(&files, lang).unwrap(),
        keymap: KeyMap::load(&files, "default", None).unwrap(),
        mode: Mode::Demo,
        idle_lock: Duration::from_secs(300),
        clock: Clock::Fixed(now()),
        reasons: aftercare::shop_data::reasons::Reasons::load(&files, lang).unwrap(),
        receipts_dir: std::env::temp_dir().join("aftercare-render-receipts"),
    };
    let mut app = App::new(env).unwrap();
    let manager = staff::list(&app.env.conn).unwrap().remove(0);
    app.signed_in(manager);
    app.overlay = None;
    app.update(Action::Vip);
    app
}

/// The same view in both languages, at both sizes.
fn four(name: &str, setup: impl Fn(&mut App)) {
    for lang in ["en", "zh-CN"] {
        let mut a = app(lang);
        setup(&mut a);
        for (w, h) in [(80, 24), (160, 48)] {
            insta::assert_snapshot!(format!("{name}_{lang}_{w}x{h}"), render(&a, w, h));
        }
    }
}

#[test]
fn gold_customers() {
    four("gold", |_| {});
}

#[test]
fn gold_customers_all_segments_one_tier() {
    four("gold_all_gold_tier", |a| {
        // A tap on the first chip: every segment.
        let all = a.t("vip.all").to_string();
        let shown = render(a, 80, 24);
        let (y, line) = shown
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(&all))
            .expect("the segment chips");
        let x = unicode_width::UnicodeWidthStr::width(&line[..line.find(&all).unwrap()]);
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        let tap = aftercare::ui::hit(a, area, x as u16 + 1, y as u16).expect("the chip");
        a.update(tap);
        a.update(Action::Filter);
        a.update(Action::Filter);
        a.update(Action::Filter);
    });
}

#[test]
fn gatherings_with_the_years_gauge() {
    four("gatherings", |a| a.update(Action::NextTab));
}

#[test]
fn a_gatherings_guests() {
    four("guests", |a| {
        a.update(Action::NextTab);
        a.update(Action::Select);
    });
}

#[test]
fn planning_a_gathering_with_a_bad_date() {
    four("plan", |a| {
        a.update(Action::NextTab);
        a.update(Action::Add);
        a.update(Action::NextFocus);
        a.update(Action::NextFocus);
        a.update(Action::ClearField);
        type_text(a, "12/05");
        a.update(Action::Save);
    });
}

#[test]
fn the_invitation_preview() {
    four("invite", |a| {
        a.update(Action::NextTab);
        a.update(Action::Select);
        a.update(Action::Invite);
    });
}

#[test]
fn campaigns() {
    four("campaigns", |a| a.update(Action::PrevTab));
}

#[test]
fn the_file_shows_club_next_tier_and_segment() {
    four("file", |a| {
        a.update(Action::Select);
        assert!(a.view::<aftercare::app::file::FileState>().is_some());
    });
}

#[test]
fn leaving_a_typed_form_asks_first_and_keeps_the_text() {
    let mut a = app("en");
    a.update(Action::NextTab);
    a.update(Action::Add);
    a.update(Action::NextFocus);
    type_text(&mut a, "冬季新品");
    a.update(Action::Back);
    let shown = render(&a, 80, 24);
    assert!(shown.contains("Esc again leaves"), "{shown}");
    assert!(shown.contains("冬季新品"), "{shown}");
    a.update(Action::Back);
    let shown = render(&a, 80, 24);
    assert!(shown.contains("Gatherings this year"), "{shown}");
    assert!(!shown.contains("冬季新品"));
}

#[test]
fn a_campaigns_customers_page_by_fifty() {
    let mut a = app("en");
    for i in 0..60 {
        customer(
            &a.env.conn,
            &format!("New {i:02}"),
            "2026-10-01",
            1,
            10_000 + i,
            "2026-10-01",
            1,
        );
    }
    a.update(Action::Refresh);
    a.update(Action::PrevTab);
    let shown = render(&a, 80, 24);
    assert!(
        shown.contains("61 customers in the target group (1–50 shown)"),
        "{shown}"
    );
    a.update(Action::PageDown);
    let shown = render(&a, 80, 24);
    assert!(shown.contains("(51–61 shown)"), "{shown}");
    a.update(Action::Up);
    let shown = render(&a, 80, 24);
    assert!(shown.contains("(1–50 shown)"), "{shown}");
}

#[test]
fn the_manager_is_warned_when_the_year_runs_out_of_days() {
    let mut a = app("en");
    a.env
        .conn
        .execute_batch(
            "DELETE FROM gathering_guests WHERE gathering_id IN
                 (SELECT id FROM gatherings WHERE held_on IN ('2026-09-12', '2026-12-12'));
             DELETE FROM gatherings WHERE held_on IN ('2026-09-12', '2026-12-12');",
        )
        .unwrap();
    a.update(Action::Refresh);
    a.update(Action::NextTab);
    let shown = render(&a, 80, 24);
    assert!(
        shown.contains("Gatherings this year: 2 of 4 held · 0 planned"),
        "{shown}"
    );
    assert!(
        shown.contains("The year is running out: plan 2 more gathering(s) now."),
        "{shown}"
    );
}

#[test]
fn a_manager_calls_a_planned_gathering_off_after_asking() {
    let mut a = app("en");
    a.update(Action::NextTab);
    a.update(Action::Last);
    a.update(Action::Remove);
    let shown = render(&a, 80, 24);
    assert!(
        shown.contains("Call off 2026-12-12 Make-up class"),
        "{shown}"
    );
    // Enter on the default button keeps it.
    a.update(Action::Select);
    assert!(render(&a, 80, 24).contains("3 of 4 held · 1 planned"));
    a.update(Action::Remove);
    a.update(Action::Pick { zone: 0, index: 0 });
    let shown = render(&a, 80, 24);
    assert!(shown.contains("The gathering is called off."), "{shown}");
    assert!(shown.contains("3 of 4 held · 0 planned"), "{shown}");
    let audited: i64 = a
        .env
        .conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'cancel' AND entity = 'gathering'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

/// Counting every customer's segment is a pass over the whole shop (1.5 s at
/// a million customers): it runs off the screen's thread, the screen opens
/// at once saying "…", and the figures land when they come (issue 14).
#[test]
fn the_segment_counts_come_from_off_the_screens_thread() {
    let mut a = app("en");
    let inline = a
        .view::<aftercare::app::vip::VipState>()
        .unwrap()
        .counts
        .clone();
    assert!(inline.iter().any(|(_, n)| *n > 0), "{inline:?}");
    // The same shop in a file, read by a worker of its own.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    store::backup::copy_to(&a.env.conn, &path).unwrap();
    a.reader = Some(aftercare::app::reader::Reader::start(&path).unwrap());
    a.update(Action::Back);
    a.update(Action::Vip);
    let v = a.view::<aftercare::app::vip::VipState>().unwrap();
    assert!(v.counting, "the screen waited for the count");
    assert!(
        render(&a, 80, 24).contains("All …"),
        "{}",
        render(&a, 80, 24)
    );
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while a.view::<aftercare::app::vip::VipState>().unwrap().counting {
        assert!(std::time::Instant::now() < until, "the count never came");
        std::thread::sleep(Duration::from_millis(10));
        a.poll_reads();
    }
    let v = a.view::<aftercare::app::vip::VipState>().unwrap();
    assert_eq!(v.counts, inline);
    assert!(!render(&a, 80, 24).contains("All …"));
}
