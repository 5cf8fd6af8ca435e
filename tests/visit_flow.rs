//! The eight-step visit driven by actions on an in-memory shop: a visit to
//! a purchase with registration and referral, what it sets going (exactly
//! once), a walk-in who does not buy, resuming exactly as left, training
//! with its scorecard, and the screens drawn at 80×24 in both languages.

mod common_visit;

use aftercare::app::visit::{Choice, Row, Text, VisitState};
use aftercare::app::visits::{VisitsKind, VisitsState};
use aftercare::app::{Action, Mode};
use aftercare::domain::visit::{StepStatus, Visit};
use aftercare::store::visits;
use common_visit::*;

/// Walks a whole visit: greet, attend, show a suit, try it with a leather
/// jacket, answer an objection, close, add a tie, register a referred
/// customer and buy all three.
fn walk_to_purchase(app: &mut aftercare::app::App) {
    app.update(Action::NewVisit);
    assert!(app.view::<VisitState>().is_some());
    tick_all(app);
    next_step(app);
    focus_on(app, Row::Text(Text::Need));
    type_text(app, "出差见客户的西装");
    next_step(app);
    add_product(app, "S2401");
    next_step(app);
    assert_eq!(current(app), 3);
    add_product(app, "L1001");
    next_step(app);
    focus_on(app, Row::Choice(Choice::ObjKind));
    app.update(Action::Toggle);
    app.update(Action::Toggle); // doubt → misunderstanding → drawback
    focus_on(app, Row::Text(Text::ObjWords));
    type_text(app, "太贵了");
    focus_on(app, Row::Suggestion(0));
    app.update(Action::Select);
    app.update(Action::Add);
    next_step(app);
    focus_on(app, Row::Choice(Choice::Closing));
    app.update(Action::Toggle);
    next_step(app);
    add_product(app, "X7001");
    next_step(app);
    assert_eq!(current(app), 7);
    for i in 0..3 {
        focus_on(app, Row::Item(i));
        app.update(Action::Toggle);
    }
    focus_on(app, Row::Choice(Choice::Outcome));
    app.update(Action::Toggle);
    focus_on(app, Row::Text(Text::RegName));
    type_text(app, "吴先生");
    focus_on(app, Row::Text(Text::RegPhone));
    type_text(app, "13600003333");
    focus_on(app, Row::Text(Text::RegReferrer));
    type_text(app, "13900001111");
    app.update(Action::FinishVisit);
}

#[test]
fn a_visit_to_a_purchase_sets_everything_going_exactly_once() {
    let mut app = app("zh-CN", Mode::Shop);
    walk_to_purchase(&mut app);
    assert!(
        app.view::<aftercare::app::home::HomeState>().is_some(),
        "{:?}",
        app.flash
    );
    let c = &app.env.conn;
    assert_eq!(count(c, "SELECT COUNT(*) FROM purchases"), 1);
    assert_eq!(
        count(c, "SELECT total_fen FROM purchases"),
        268_000 + 329_000 + 29_900
    );
    assert_eq!(
        count(c, "SELECT COUNT(*) FROM purchase_lines WHERE add_on = 1"),
        1
    );
    let due: String = c
        .query_row(
            "SELECT due_on FROM tasks WHERE kind = 'purchase_callback'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(due, "2026-11-30");
    for (kind, n) in [
        ("purchase_callback", 1),
        ("referral_thanks_referrer", 1),
        ("referral_thanks_new", 1),
    ] {
        assert_eq!(
            count(
                c,
                &format!("SELECT COUNT(*) FROM tasks WHERE kind = '{kind}'")
            ),
            n,
            "{kind}"
        );
    }
    // The new customer crossed the first milestone (¥5,000).
    assert_eq!(
        count(
            c,
            "SELECT COUNT(*) FROM tasks WHERE kind = 'milestone_thanks'"
        ),
        1
    );
    let ents: Vec<(String, Option<String>)> = c
        .prepare("SELECT kind, valid_until FROM entitlements ORDER BY kind")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        ents,
        vec![
            // Twelve months from the sale [S1 "在购置当年"], as data/policy.toml reads it.
            ("dry_clean".to_string(), Some("2027-11-23".to_string())),
            ("leather_care".to_string(), None)
        ]
    );
    let (outcome, steps_done): (String, i64) = c
        .query_row(
            "SELECT v.outcome, (SELECT COUNT(*) FROM visit_steps s WHERE s.visit_id = v.id AND s.status = 'done')
             FROM visits v",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((outcome.as_str(), steps_done), ("bought", 8));
    assert_eq!(
        count(
            c,
            "SELECT COUNT(*) FROM customers WHERE name = '吴先生' AND last_visit_on = '2026-11-23' AND referred_by IS NOT NULL"
        ),
        1
    );
    // Finishing the same visit again writes nothing more.
    let (id, version, state): (i64, i64, String) = c
        .query_row("SELECT id, version, state FROM visits", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let saved: aftercare::app::visit::Saved = serde_json::from_str(&state).unwrap();
    let rules = visits::rules(&app.env.policy);
    let again = visits::finish(
        &mut app.env.conn,
        (id, version),
        &saved.visit,
        &state,
        2,
        now().date(),
        &rules,
    );
    assert!(matches!(again, Err(visits::VisitError::Conflict { .. })));
    let c = &app.env.conn;
    assert_eq!(count(c, "SELECT COUNT(*) FROM purchases"), 1);
    assert_eq!(count(c, "SELECT COUNT(*) FROM tasks"), 4);
    assert_eq!(count(c, "SELECT COUNT(*) FROM entitlements"), 2);
}

#[test]
fn a_walk_in_who_does_not_buy_is_thanked_and_counted() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    app.update(Action::FinishVisit);
    // No outcome yet: the visit jumps to step 8 and says so beside the outcome.
    assert_eq!(current(&app), 7);
    assert_eq!(focus(&app), Row::Choice(Choice::Outcome));
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
    // A line marked bought with nobody's file: the screen says what is lost.
    tap_step(&mut app, 2);
    add_product(&mut app, "X7001");
    jump_to(&mut app, 7);
    focus_on(&mut app, Row::Item(0));
    app.update(Action::Toggle);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("no callback"), "{screen}");
    app.update(Action::Toggle);
    focus_on(&mut app, Row::Choice(Choice::Outcome));
    app.update(Action::Toggle);
    app.update(Action::Toggle); // bought → did not buy
    app.update(Action::FinishVisit);
    assert!(
        app.view::<aftercare::app::home::HomeState>().is_some(),
        "{:?}",
        app.flash
    );
    let c = &app.env.conn;
    assert_eq!(count(c, "SELECT COUNT(*) FROM purchases"), 0);
    assert_eq!(count(c, "SELECT COUNT(*) FROM tasks"), 0);
    assert_eq!(
        count(
            c,
            "SELECT COUNT(*) FROM visits WHERE outcome = 'not_bought' AND customer_id IS NULL"
        ),
        1
    );
    let f = visits::figures(c, now().date(), None).unwrap();
    assert_eq!((f[0].visits, f[0].bought), (1, 0));
    assert_eq!(f[0].conversion_percent(), Some(0));
}

#[test]
fn a_known_customer_not_seen_for_long_is_greeted_haojiubujian() {
    let mut app = app("zh-CN", Mode::Shop);
    app.update(Action::NewVisit);
    focus_on(&mut app, Row::Text(Text::CustomerSearch));
    type_text(&mut app, "13700002222");
    app.update(Action::Select);
    let Some(v) = app.view::<VisitState>() else {
        panic!()
    };
    assert_eq!(v.visit.customer.as_ref().unwrap().name, "周阿姨");
    assert!(
        v.visit.greeting.contains("好久不见"),
        "{}",
        v.visit.greeting
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("好久不见"), "{screen}");
}

#[test]
fn a_locked_visit_resumes_exactly_as_it_was() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    tick_all(&mut app);
    next_step(&mut app);
    next_step(&mut app);
    add_product(&mut app, "S2401");
    focus_on(&mut app, Row::Item(0));
    app.update(Action::CycleSize);
    focus_on(&mut app, Row::Text(Text::ProductSearch));
    type_text(&mut app, "half typ");
    let before = match app.view::<VisitState>() {
        Some(v) => v.saved(),
        None => panic!(),
    };
    app.update(Action::Lock);
    assert!(app.view::<aftercare::app::signin::SignInState>().is_some());
    let mut app = signed_in(app, "王芳");
    let Some(h) = app.view::<aftercare::app::home::HomeState>() else {
        panic!()
    };
    assert_eq!(h.open_visits, 1);
    app.update(Action::OpenVisits);
    app.update(Action::Select);
    let Some(v) = app.view::<VisitState>() else {
        panic!("{:?}", app.flash)
    };
    let after = v.saved();
    assert_eq!(after.visit.current, 2);
    assert_eq!(after.visit.items, before.visit.items);
    assert_eq!(after.visit.items[0].size, "50");
    assert_eq!(after.visit.steps[0].checked, before.visit.steps[0].checked);
    assert_eq!(after.visit.steps[0].status, StepStatus::Done);
    assert_eq!(after.texts[&Text::ProductSearch], "half typ");
    assert_eq!(after.focus, Row::Text(Text::ProductSearch));
}

#[test]
fn per_associate_figures_show_add_on_share() {
    let mut app = app("en", Mode::Shop);
    walk_to_purchase(&mut app);
    app.update(Action::VisitStats);
    let Some(s) = app.view::<VisitsState>() else {
        panic!()
    };
    let VisitsKind::Stats { rows, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].conversion_percent(), Some(100));
    assert_eq!(rows[0].add_on_fen, 29_900);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("100%"), "{screen}");
    assert!(screen.contains("王芳"), "{screen}");
}

#[test]
fn a_training_scenario_is_played_and_scored() {
    let dir = tempfile::tempdir().unwrap();
    let scores = dir.path().join("training.db");
    let mut app = app("en", Mode::Training);
    app.training_scores = Some(scores.clone());
    app.update(Action::NewVisit);
    // The practice list, the visit's cards first.
    assert!(
        app.view::<aftercare::app::practice::PracticeList>()
            .is_some()
    );
    app.update(Action::Select); // the first card: the manager who needs a suit
    let screen = render(&app, 80, 24);
    assert!(screen.contains("(hurries in) Hello."), "{screen}");
    assert!(
        screen.contains("Tips"),
        "tips are open in training: {screen}"
    );
    tick_all(&mut app);
    next_step(&mut app);
    app.update(Action::SkipStep); // attend: skipped
    add_product(&mut app, "S2401");
    next_step(&mut app);
    next_step(&mut app);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("that's a lot"), "{screen}");
    focus_on(&mut app, Row::Choice(Choice::ObjKind));
    app.update(Action::Toggle);
    app.update(Action::Toggle);
    focus_on(&mut app, Row::Text(Text::ObjWords));
    type_text(&mut app, "too expensive");
    focus_on(&mut app, Row::Suggestion(0));
    app.update(Action::Select);
    app.update(Action::Add);
    // Jump to step 8 by the strip: steps 6 and 7 stay unfinished.
    jump_to(&mut app, 7);
    focus_on(&mut app, Row::Item(0));
    app.update(Action::Toggle);
    focus_on(&mut app, Row::Choice(Choice::Outcome));
    app.update(Action::Toggle);
    app.update(Action::FinishVisit);
    let Some(s) = app.view::<VisitsState>() else {
        panic!("{:?}", app.flash)
    };
    let VisitsKind::Scorecard(view) = &s.kind else {
        panic!()
    };
    let card = &view.card;
    assert_eq!(card.scenario, "business_suit");
    let statuses: Vec<StepStatus> = card.steps.iter().map(|s| s.status).collect();
    use StepStatus::{Done, Skipped};
    assert_eq!(
        statuses,
        vec![Done, Skipped, Done, Done, Done, Skipped, Skipped, Done]
    );
    assert!(card.steps[0].missed.is_empty());
    assert_eq!(card.steps[1].missed.len(), 5);
    let answered: Vec<bool> = card.objections.iter().map(|o| o.answered).collect();
    assert_eq!(answered, vec![true, false], "drawback answered, doubt not");
    assert!(view.not_kept.is_none(), "{:?}", view.not_kept);
    assert_eq!(view.history.len(), 1);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Scorecard"), "{screen}");
    // Kept in training.db, by trainee name.
    let conn = aftercare::store::training::open(&scores).unwrap();
    let rows = aftercare::store::training::progress(&conn, Some("王芳")).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].steps_done, rows[0].skipped), (5, 3));
    assert_eq!((rows[0].answered, rows[0].objections), (1, 2));
}

#[test]
fn every_step_draws_at_80x24_in_both_languages() {
    for lang in ["en", "zh-CN"] {
        let mut app = app(lang, Mode::Shop);
        app.update(Action::NewVisit);
        for step in 0..8 {
            let screen = render(&app, 80, 24);
            let title = &app.flow().steps[step].title;
            assert!(
                screen.contains(title.as_str()),
                "{lang} step {step}: {screen}"
            );
            assert!(screen.contains('▶'), "{screen}");
            app.update(Action::ToggleTips);
            let wide = render(&app, 140, 40);
            assert!(
                wide.contains(
                    app.flow().steps[step].phrases[0]
                        .chars()
                        .take(6)
                        .collect::<String>()
                        .as_str()
                ),
                "{lang} step {step}: {wide}"
            );
            app.update(Action::ToggleTips);
            next_step(&mut app);
        }
    }
}

#[test]
fn taps_land_on_the_rows_as_drawn() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    // Row 0 is the strip; tapping "3" jumps to step 3.
    let screen = render(&app, 80, 24);
    let line0 = screen.lines().next().unwrap();
    let col = line0.find("3·").unwrap() as u16;
    let a = aftercare::ui::hit(&app, area, col, 0).unwrap();
    app.update(a);
    // Nothing of step 1 is ticked: the first tap asks, the second moves on.
    assert_eq!(current(&app), 0);
    app.update(a);
    assert_eq!(current(&app), 2);
    // The second checklist row, tapped once, has the focus; tapped again, is ticked.
    let a = aftercare::ui::hit(&app, area, 5, 4).unwrap();
    assert!(matches!(a, Action::TapAt { .. }), "{a:?}");
    app.update(a);
    app.update(a);
    let Some(v) = app.view::<VisitState>() else {
        panic!()
    };
    assert_eq!(v.visit.steps[2].checked.len(), 1);
    let _ = Visit::default();
}

#[test]
fn two_sessions_finishing_one_visit_sell_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut conn = aftercare::store::open(&path).unwrap();
    let staff = fill(&mut conn);
    let product: i64 = conn
        .query_row("SELECT id FROM products WHERE category = 'suit'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut v = Visit::default();
    v.items.push(aftercare::domain::visit::Item {
        product_id: product,
        style_no: "S2401".into(),
        name: "suit".into(),
        category: "suit".into(),
        sizes: vec![],
        colours: vec![],
        size: String::new(),
        colour: String::new(),
        price_fen: 268_000,
        step: 2,
        tried: false,
        bought: true,
    });
    v.outcome = Some(aftercare::domain::visit::Outcome::Bought);
    let id = visits::start(&mut conn, staff, now().date(), &v, "{}").unwrap();
    let policy =
        aftercare::shop_data::policy::Policy::load(&aftercare::shop_data::files::Files::built_in())
            .unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (path, v, rules) = (path.clone(), v.clone(), visits::rules(&policy));
            std::thread::spawn(move || {
                let mut c = aftercare::store::open(&path).unwrap();
                visits::finish(&mut c, (id, 1), &v, "{}", staff, now().date(), &rules).is_ok()
            })
        })
        .collect();
    let ok = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|x| *x)
        .count();
    assert_eq!(ok, 1);
    assert_eq!(count(&conn, "SELECT COUNT(*) FROM purchases"), 1);
    assert_eq!(
        count(&conn, "SELECT COUNT(*) FROM entitlements"),
        0,
        "a walk-in is entitled to nothing"
    );
}

#[test]
fn the_demo_visits_fit_the_demo_shop() {
    use rand::SeedableRng;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let today = now().date();
    aftercare::demo::write_demo(
        &path,
        &aftercare::demo::DemoSpec {
            customers: 200,
            seed: 7,
            today,
        },
    )
    .unwrap();
    let mut conn = aftercare::store::open(&path).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    aftercare::store::write(&mut conn, |tx| {
        aftercare::demo::visits::fill(tx, today, &mut rng)
    })
    .unwrap();
    let figures = visits::figures(&conn, today - chrono::Duration::days(30), None).unwrap();
    assert!(!figures.is_empty());
    assert!(
        figures.iter().any(|f| f.bought > 0 && f.add_on_fen > 0),
        "{figures:?}"
    );
    assert!(!visits::open_list(&conn, None).unwrap().is_empty());
    assert!(aftercare::store::check::run(&conn).unwrap().ok());
}

/// Issue 20: a line's size and price are never cut at 80×24 (a size was
/// always shown as `155…`), and at 160×48 the table gives the extra width
/// to the product's name.
#[test]
fn a_visit_line_shows_its_size_whole_and_a_wide_screen_shows_the_name_whole() {
    use aftercare::store::products::{self, Product};
    let mut app = app("en", Mode::Shop);
    products::add(
        &app.env.conn,
        &Product {
            id: 0,
            style_no: "W2611-LONG".into(),
            name: "Double-faced cashmere wrap coat with belt".into(),
            category: "textile".into(),
            list_price_fen: 899_900,
            current_price_fen: 899_900,
            clearance: false,
            made_to_order: false,
            sizes: "155/80A,160/84A".into(),
            colours: "camel".into(),
        },
    )
    .unwrap();
    app.update(Action::NewVisit);
    next_step(&mut app);
    next_step(&mut app);
    add_product(&mut app, "W2611-LONG");
    let narrow = render(&app, 80, 24);
    let line = narrow
        .lines()
        .find(|l| l.contains("W2611-LONG") && !l.contains('+'))
        .unwrap_or_else(|| panic!("{narrow}"));
    assert!(line.contains("155/80A"), "{line}");
    assert!(line.contains("¥8,999.00"), "{line}");
    let wide = render(&app, 160, 48);
    let line = wide
        .lines()
        .find(|l| l.contains("W2611-LONG") && !l.contains('+'))
        .unwrap_or_else(|| panic!("{wide}"));
    assert!(
        line.contains("Double-faced cashmere wrap coat with belt"),
        "{line}"
    );
    assert!(line.contains("155/80A") && line.contains("camel"), "{line}");
}

/// Issue 20: the open visits list's rows are typed tap targets: a tap
/// selects a row, a second tap resumes its visit.
#[test]
fn a_tapped_open_visit_is_selected_and_tapped_again_resumed() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    next_step(&mut app);
    app.update(Action::Back);
    app.update(Action::NewVisit);
    app.update(Action::Back);
    app.update(Action::OpenVisits);
    let area = ratatui::layout::Rect::new(0, 0, 100, 30);
    let screen = render(&app, 100, 30);
    let row = screen
        .lines()
        .position(|l| l.contains("2 Attend"))
        .unwrap_or_else(|| panic!("{screen}")) as u16;
    let tap = aftercare::ui::hit(&app, area, 5, row).expect("a row to tap");
    app.update(tap);
    let s = app.view::<VisitsState>().expect("still on the list");
    assert_eq!(
        screen
            .lines()
            .nth(row as usize)
            .map(|l| l.contains("2 Attend")),
        Some(true)
    );
    let selected = s.selected;
    app.update(tap);
    let Some(v) = app.view::<VisitState>() else {
        panic!("{:?} (selected {selected})", app.flash)
    };
    assert_eq!(v.visit.current, 1);
}

/// Issue 20: on a visit's choice, `←` goes back through the options as
/// `→` and Space go forward.
#[test]
fn a_visit_choice_goes_back_with_left_and_forward_with_right() {
    use aftercare::domain::visit::Outcome;
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    jump_to(&mut app, 7);
    focus_on(&mut app, Row::Choice(Choice::Outcome));
    let outcome = |app: &aftercare::app::App| app.view::<VisitState>().unwrap().visit.outcome;
    app.update(Action::ToggleBack);
    assert_eq!(outcome(&app), Some(Outcome::NotBought));
    app.update(Action::ToggleBack);
    assert_eq!(outcome(&app), Some(Outcome::Bought));
    app.update(Action::Toggle);
    assert_eq!(outcome(&app), Some(Outcome::NotBought));
    app.update(Action::Toggle);
    assert_eq!(outcome(&app), None);
}
