//! The training progress screen drawn on ratatui's TestBackend: the list
//! of trainees and a trainee's detail, at 80×24 and 160×48, in English and
//! Chinese.

mod screen;

use aftercare::app::{Action, App, Mode};
use aftercare::domain::staff::Role;
use aftercare::store::{self, staff, training};
use chrono::NaiveDate;
use screen::render;

fn kept(checks: &[(&str, bool, &str)]) -> String {
    let lines: Vec<serde_json::Value> = (checks.iter())
        .map(|(_, right, why)| serde_json::json!({"right": right, "what": "", "why": why}))
        .collect();
    let ids: Vec<&str> = checks.iter().map(|(id, _, _)| *id).collect();
    serde_json::json!({"title": "Card", "lines": lines, "checks": ids, "ending": "Thanks."})
        .to_string()
}

/// A visit with steps 2 and 7 skipped and the doubt left unanswered.
fn visit() -> String {
    let steps: Vec<serde_json::Value> = (1..=8)
        .map(|n| {
            let status = if n == 2 || n == 7 { "skipped" } else { "done" };
            serde_json::json!({"status": status, "seconds": 40, "missed": []})
        })
        .collect();
    let objections = [serde_json::json!({"kind": "doubt", "answered": false})];
    serde_json::json!({"scenario": "business_suit", "steps": steps, "objections": objections, "bought": false})
        .to_string()
}

fn app(lang: &str, dir: &std::path::Path) -> App {
    let conn = store::open_in_memory().unwrap();
    store::shop::create(&conn, "示范店 Demo").unwrap();
    staff::add(&conn, "李娜", Role::Manager, "not-used").unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let mut a = screen::app_on(conn, lang, Mode::Training, now);
    let path = dir.join("training.db");
    let mut scores = training::open(&path).unwrap();
    let mut add = |who: &str, skill: &str, card: &str, n: u32, percent: i64, kept: String| {
        let mut r = training::Row::of_skill(who, skill, card, format!("2026-11-2{n}T09:00:00Z"));
        r.percent = percent;
        r.passed = Some(percent >= 80);
        r.card = kept;
        training::record(&mut scores, &r).unwrap();
    };
    let ok = || kept(&[("decision", true, "R5")]);
    for (n, card) in ["a", "b", "c"].iter().enumerate() {
        add("Tina", "desk", card, n as u32, 100, ok());
        add("Ben", "visit", card, n as u32, 90, visit());
        for skill in ["desk", "counter", "phone"] {
            add("Ben", skill, card, n as u32, 100, ok());
        }
    }
    add("Tina", "visit", "business_suit", 4, 65, visit());
    let rule = "R5: a garment washed against its care label is repaired, not refunded";
    add(
        "Tina",
        "desk",
        "washed_coat",
        5,
        50,
        kept(&[("decision", false, rule)]),
    );
    add(
        "Tina",
        "counter",
        "cream_rash",
        6,
        60,
        kept(&[(
            "phrase",
            false,
            "\"Ask the maker\": a skin reaction is never sent on [S4]",
        )]),
    );
    a.training_scores = Some(path);
    let manager = staff::list(&a.env.conn).unwrap().remove(0);
    a.signed_in(manager);
    a.update(Action::VisitStats);
    a
}

#[test]
fn the_list_and_a_trainees_detail_at_80x24_and_160x48() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app("en", dir.path());
    let list = render(&a, 80, 24);
    assert!(list.contains("✓ ready"), "{list}");
    insta::assert_snapshot!(list);
    a.update(Action::Down);
    a.update(Action::Select);
    let detail = render(&a, 80, 24);
    assert!(detail.contains("Still to pass"), "{detail}");
    insta::assert_snapshot!(detail);
    let wide = render(&a, 160, 48);
    // Everything fits at 160×48: nothing left below.
    assert!(!wide.contains("more below"), "{wide}");
    assert!(wide.contains("a skin reaction is never sent on"), "{wide}");
    insta::assert_snapshot!(wide);
}

#[test]
fn the_detail_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app("zh-CN", dir.path());
    a.update(Action::Down);
    a.update(Action::Select);
    insta::assert_snapshot!(render(&a, 80, 24));
}

/// A desk card's scorecard says where the trainee now stands in the skill.
#[test]
fn a_played_cards_scorecard_says_where_the_trainee_stands() {
    use aftercare::app::practice::{Playing, ResultView};
    use aftercare::domain::training_skills::{Scorecard, Skill};
    let dir = tempfile::tempdir().unwrap();
    let mut a = app("en", dir.path());
    let path = dir.path().join("training.db");
    let rows: Vec<training::Row> =
        training::progress(&training::open(&path).unwrap(), Some("Tina"))
            .unwrap()
            .into_iter()
            .filter(|r| r.skill == "desk")
            .collect();
    let card = Scorecard {
        skill: Skill::Desk,
        lines: Vec::new(),
        percent: 100,
        passed: true,
    };
    let played = Playing::new(Skill::Desk, "washed_coat", "A washed coat", "Ms Zhao").finish(
        card,
        Vec::new(),
        "I see.".into(),
    );
    let view = ResultView::new("Tina".into(), played, Ok(rows), &a.training_cards.clone());
    a.open(Box::new(view));
    let screen = render(&a, 80, 24);
    // Three different desk cards passed before, the latest (kept) failed.
    assert!(
        screen.contains("The after-sale desk: cards passed 3 of 3 · does not pass yet"),
        "{screen}"
    );
}

/// A trainee sees themself only, even before their first card.
#[test]
fn a_trainee_sees_only_their_own_row_even_before_any_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app("en", dir.path());
    let id = staff::add(&a.env.conn, "Wang Fang", Role::Associate, "not-used").unwrap();
    let me = (staff::list(&a.env.conn).unwrap().into_iter())
        .find(|s| s.id == id)
        .unwrap();
    a.signed_in(me);
    a.update(Action::VisitStats);
    let screen = render(&a, 80, 24);
    let row = (screen.lines())
        .find(|l| l.contains("Wang Fang"))
        .unwrap_or("");
    assert!(row.contains("—") && row.contains("not yet"), "{screen}");
    assert!(
        !screen.contains("Tina") && !screen.contains("Ben"),
        "{screen}"
    );
}
