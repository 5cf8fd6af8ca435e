//! The staff board: its figures from a fixed set of rows (contacts of each
//! group, files of known completeness, visits with and without a sale and
//! add-ons) on both sides of month boundaries, and the screen drawn in
//! English and Chinese at 80×24 and 160×48; taps land on what was drawn.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::board::Column;
use aftercare::domain::customer::{Field, Values, completeness};
use aftercare::domain::staff::Role;
use aftercare::i18n::Locale;
use aftercare::shop_data::files::Files;
use aftercare::store::board::{self as board, Weights};
use aftercare::store::{self, customers, staff};
use chrono::{DateTime, Duration as Secs, NaiveDate, Utc};
use rusqlite::{Connection, params};
use screen::render;

const W: Weights = Weights { hard: 20, soft: 80 };

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The stored time `secs` seconds after local midnight starting `d`.
fn at(d: NaiveDate, secs: i64) -> String {
    let t: DateTime<Utc> = board::utc_start(d).parse().unwrap();
    (t + Secs::seconds(secs))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

struct Fixture {
    conn: Connection,
    manager: i64,
    wang: i64,
    zhang: i64,
}

fn contact(c: &Connection, customer: i64, staff: i64, kind: &str, outcome: &str, when: &str) {
    c.execute(
        "INSERT INTO contacts(customer_id, staff_id, kind, outcome, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![customer, staff, kind, outcome, when],
    )
    .unwrap();
}

fn visit(c: &Connection, staff: i64, on: NaiveDate, bought: bool, total: i64, add_on: i64) {
    c.execute(
        "INSERT INTO visits(staff_id, started_on, started_at, updated_at, finished_on, finished_at,
                            outcome, total_fen, add_on_fen, state)
         VALUES (?1, ?2, ?2, ?2, ?2, ?2, ?3, ?4, ?5, '{}')",
        params![
            staff,
            on.to_string(),
            if bought { "bought" } else { "not_bought" },
            total,
            add_on
        ],
    )
    .unwrap();
}

/// A customer registered by `staff` at `when`, with `soft` soft fields filled.
fn file(conn: &mut Connection, staff: i64, n: u32, soft: usize, when: &str) -> i64 {
    let mut v = Values::new_customer();
    v.set(Field::Name, format!("顾客{n}"));
    v.set(Field::Phone, format!("1380000{n:04}"));
    let softs = [Field::Work, Field::Family, Field::Hobbies, Field::Lifestyle];
    for f in softs.iter().take(soft) {
        v.set(*f, "有");
    }
    let id = customers::create(conn, &v, staff, day(2026, 11, 1)).unwrap();
    conn.execute(
        "UPDATE customers SET created_at = ?1 WHERE id = ?2",
        params![when, id],
    )
    .unwrap();
    id
}

fn score(soft: usize) -> u32 {
    let mut v = Values::new_customer();
    v.set(Field::Name, "x");
    v.set(Field::Phone, "1");
    let softs = [Field::Work, Field::Family, Field::Hobbies, Field::Lifestyle];
    for f in softs.iter().take(soft) {
        v.set(*f, "有");
    }
    completeness(&v, false, 20, 80)
}

/// Manager 李娜, associates 王芳 and 张伟; November 2026 is the month, with
/// rows just outside it on both sides.
fn fixture() -> Fixture {
    let mut conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    let manager = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
    let wang = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
    let zhang = staff::add(&conn, "张伟", Role::Associate, "x").unwrap();
    let nov = day(2026, 11, 1);
    let dec = day(2026, 12, 1);
    // 王芳: two files this month (4 and 2 soft fields), one on 31 October late at night.
    let c1 = file(&mut conn, wang, 1, 4, &at(nov, 0));
    file(&mut conn, wang, 2, 2, &at(dec, -1));
    file(&mut conn, wang, 3, 4, &at(nov, -1));
    // 张伟: three files of 2 soft fields; one on 1 December (next month).
    for n in 4..7 {
        file(&mut conn, zhang, n, 2, &at(nov, 3600 * n as i64));
    }
    file(&mut conn, zhang, 7, 4, &at(dec, 0));
    let c = &conn;
    // Contacts of each group, with their outcomes.
    let mid = at(day(2026, 11, 15), 36000);
    contact(c, c1, wang, "purchase_callback", "reached", &at(nov, 0));
    contact(c, c1, wang, "follow_up", "call_back", &mid);
    contact(c, c1, wang, "repair_ready_call", "no_answer", &mid);
    contact(c, c1, wang, "complaint_revisit", "wrong_number", &mid);
    contact(c, c1, wang, "birthday_greeting", "sent", &mid);
    contact(c, c1, wang, "festival_greeting", "sent", &at(dec, -1));
    contact(c, c1, wang, "referral_thanks", "reached", &mid);
    contact(c, c1, wang, "gathering_invite", "sent", &mid);
    contact(c, c1, wang, "purchase_callback", "reached", &at(nov, -1));
    contact(c, c1, wang, "purchase_callback", "reached", &at(dec, 0));
    contact(c, c1, zhang, "milestone_thanks", "thanked", &mid);
    contact(c, c1, zhang, "season_greeting", "sent", &mid);
    // Visits: 王芳 four (one sale with an add-on), 张伟 one without a sale.
    visit(c, wang, nov, true, 13000, 3000);
    visit(c, wang, day(2026, 11, 30), false, 0, 0);
    visit(c, wang, day(2026, 11, 12), false, 0, 0);
    visit(c, wang, day(2026, 11, 13), false, 0, 0);
    visit(c, wang, day(2026, 10, 31), true, 50000, 0);
    visit(c, wang, dec, true, 50000, 0);
    visit(c, zhang, day(2026, 11, 20), false, 0, 0);
    Fixture {
        conn,
        manager,
        wang,
        zhang,
    }
}

#[test]
fn a_month_counts_its_own_rows_and_none_across_its_boundaries() {
    let f = fixture();
    let rows = board::month(&f.conn, day(2026, 11, 17), None, W).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["张伟", "李娜", "王芳"]);
    let wang = rows.iter().find(|r| r.staff_id == f.wang).unwrap();
    assert_eq!((wang.callbacks, wang.greetings, wang.thanks), (4, 2, 1));
    // reached, no answer, call back, wrong number, sent.
    assert_eq!(wang.outcomes, [2, 1, 1, 1, 2]);
    assert_eq!(wang.other_outcomes, 0);
    assert_eq!(wang.files, 2);
    assert_eq!(wang.completeness, Some((score(4) + score(2)).div_ceil(2)));
    assert_eq!((wang.visits, wang.bought), (4, 1));
    assert_eq!(wang.conversion_percent(), Some(25));
    assert_eq!(wang.add_on_percent(), Some(30));

    let zhang = rows.iter().find(|r| r.staff_id == f.zhang).unwrap();
    assert_eq!((zhang.callbacks, zhang.greetings, zhang.thanks), (0, 1, 1));
    assert_eq!(zhang.outcomes, [0, 0, 0, 0, 1]);
    assert_eq!(zhang.other_outcomes, 1, "thanked is not one of the five");
    assert_eq!((zhang.files, zhang.completeness), (3, Some(score(2))));
    assert_eq!(zhang.conversion_percent(), Some(0));
    assert_eq!(zhang.add_on_percent(), None);

    // The contest weighs quantity and quality together (seed 001: "从“量”和“质”两方面",
    // data/service_quality.toml 40/60): 张伟's three files (the most: 40) at
    // 20% (12) beat 王芳's two (27) at 27% (16), though hers are fuller.
    assert_eq!((wang.contest, zhang.contest), (Some(43), Some(52)));
    assert_eq!(wang.rank, Some(2));
    assert_eq!(zhang.rank, Some(1));
    let li = rows.iter().find(|r| r.staff_id == f.manager).unwrap();
    assert_eq!((li.files, li.rank, li.contacts()), (0, None, 0));
}

#[test]
fn the_next_and_previous_months_take_the_rows_left_out() {
    let f = fixture();
    let dec = board::month(&f.conn, day(2026, 12, 1), Some(f.wang), W).unwrap();
    assert_eq!(dec.len(), 1);
    assert_eq!((dec[0].callbacks, dec[0].visits, dec[0].files), (1, 1, 0));
    let dec_zhang = board::month(&f.conn, day(2026, 12, 31), Some(f.zhang), W).unwrap();
    assert_eq!((dec_zhang[0].files, dec_zhang[0].rank), (1, Some(1)));
    let oct = board::month(&f.conn, day(2026, 10, 31), Some(f.wang), W).unwrap();
    assert_eq!((oct[0].callbacks, oct[0].visits, oct[0].bought), (1, 1, 1));
    assert_eq!((oct[0].files, oct[0].completeness), (1, Some(score(4))));
    // One's own row keeps one's place among everyone.
    let own = board::month(&f.conn, day(2026, 11, 1), Some(f.zhang), W).unwrap();
    assert_eq!((own.len(), own[0].rank), (1, Some(1)));
}

#[test]
fn the_board_reads_the_month_through_its_indexes() {
    let f = fixture();
    for (sql, index) in [
        (
            "SELECT kind FROM contacts INDEXED BY contacts_staff WHERE staff_id = 1 AND at >= 'a' AND at < 'b'",
            "contacts_staff",
        ),
        (
            "SELECT name FROM customers INDEXED BY customers_registered_at
             WHERE registered_by = 1 AND created_at >= 'a' AND created_at < 'b'",
            "customers_registered_at",
        ),
    ] {
        let plan: String = f
            .conn
            .query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
            .unwrap();
        assert!(plan.contains(index), "{plan}");
    }
}

fn app_on(conn: Connection, lang: &str) -> App {
    screen::app_on(
        conn,
        lang,
        Mode::Shop,
        day(2026, 12, 9).and_hms_opt(10, 0, 0).unwrap(),
    )
}

fn signed_in(lang: &str, name: &str) -> App {
    let mut a = app_on(fixture().conn, lang);
    let who = staff::list(&a.env.conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap();
    a.signed_in(who);
    a
}

fn board_state(a: &App) -> &aftercare::app::board::BoardState {
    a.view::<aftercare::app::board::BoardState>()
        .expect("not on the board")
}

#[test]
fn the_board_drawn_in_both_languages_at_two_sizes() {
    for lang in ["en", "zh-CN"] {
        let mut a = signed_in(lang, "李娜");
        a.update(Action::Board);
        a.update(Action::PrevMonth);
        assert_eq!(board_state(&a).month, day(2026, 11, 1));
        insta::assert_snapshot!(format!("board_80x24_{lang}"), render(&a, 80, 24));
        insta::assert_snapshot!(format!("board_160x48_{lang}"), render(&a, 160, 48));
        // Sorted by visits: the other half of the table on a small screen.
        while board_state(&a).sort != 13 {
            a.update(Action::NextFocus);
        }
        insta::assert_snapshot!(format!("board_visits_80x24_{lang}"), render(&a, 80, 24));
    }
}

#[test]
fn an_associate_sees_only_their_own_row() {
    let mut a = signed_in("en", "张伟");
    a.update(Action::Board);
    a.update(Action::PrevMonth);
    let s = board_state(&a);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(s.rows[0].name, "张伟");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("My month"), "{screen}");
    assert!(!screen.contains("王芳"), "{screen}");
}

/// Taps: the month buttons move the month, a header sorts (again: turned
/// round), a row is selected; the month stops at the current one.
#[test]
fn taps_move_the_month_sort_and_select() {
    let mut a = signed_in("en", "李娜");
    a.update(Action::Board);
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let tap = |a: &mut App, text: &str| {
        let screen = render(a, 80, 24);
        let (row, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(text))
            .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
        let col = unicode_width::UnicodeWidthStr::width(&line[..line.find(text).unwrap()]) as u16;
        let action = aftercare::ui::hit(a, area, col + 1, row as u16)
            .unwrap_or_else(|| panic!("nothing to tap at {text}:\n{screen}"));
        a.update(action);
    };
    assert_eq!(board_state(&a).month, day(2026, 12, 1));
    tap(&mut a, "Later");
    assert_eq!(
        board_state(&a).month,
        day(2026, 12, 1),
        "no month after this one"
    );
    tap(&mut a, "Earlier");
    assert_eq!(board_state(&a).month, day(2026, 11, 1));
    tap(&mut a, "Visits");
    let s = board_state(&a);
    assert_eq!(Column::ALL[s.sort], Column::Visits);
    assert_eq!(s.rows[0].name, "王芳");
    tap(&mut a, "Visits");
    assert!(board_state(&a).reversed);
    assert_eq!(board_state(&a).rows[2].name, "王芳");
    tap(&mut a, "李娜");
    let s = board_state(&a);
    assert_eq!(s.rows[s.selected].name, "李娜");
    a.update(Action::Back);
    assert!(a.view::<aftercare::app::home::HomeState>().is_some());
}

/// Whatever column is sorted, its header is on an 80-column screen.
#[test]
fn the_sorted_column_is_always_in_view_at_80_columns() {
    for lang in ["en", "zh-CN"] {
        let mut a = signed_in(lang, "李娜");
        a.update(Action::Board);
        for _ in 0..Column::ALL.len() {
            a.update(Action::NextFocus);
            let s = board_state(&a);
            let head = a
                .t(&format!("board.col.{}", s.sort_column().id()))
                .to_string();
            let screen = render(&a, 80, 24);
            assert!(
                screen.contains(&format!("{head}▼")),
                "{lang}: {head}\n{screen}"
            );
        }
    }
}

/// The names the board and `due` build from ids are in both languages.
#[test]
fn every_built_key_is_in_both_languages() {
    let files = Files::locate(None);
    for lang in ["en", "zh-CN"] {
        let loc = Locale::load(&files, lang).unwrap();
        let mut keys: Vec<String> = Column::ALL
            .iter()
            .map(|c| format!("board.col.{}", c.id()))
            .collect();
        for kind in [
            "purchase_callback",
            "follow_up",
            "referral_thanks",
            "milestone_thanks",
            "top_spender_visit",
            "repair_ready_call",
            "repair_revisit",
            "complaint_revisit",
            "miss_you",
            "birthday_greeting",
            "festival_greeting",
            "season_greeting",
            "gathering_invite",
        ] {
            keys.push(format!("tasks.kind.{kind}"));
        }
        keys.push("due.birthday".into());
        keys.push("hint_in.board.next_focus".into());
        keys.push("hint_in.board.toggle".into());
        for k in keys {
            assert!(loc.has(&k), "{lang}: {k}");
        }
    }
}
