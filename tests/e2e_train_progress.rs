//! Progress a manager can act on (issue 16): a trainee plays a visit card
//! on the practice shop, with desk, counter and phone results already kept
//! (written through the store, as those screens keep them); the progress
//! screen shows each skill's state, the ready mark and what is still
//! weak; a manager sees every trainee; `train --progress --json` gives the
//! same as a document.

mod common;

use aftercare::store::training::{self, Row};
use common::{Key, PIN, Shop, TestResult, Tui};
use std::time::Duration;

/// A desk, counter or phone card kept as `app::practice::finish` keeps it.
fn kept(title: &str, checks: &[(&str, bool, &str)]) -> String {
    let lines: Vec<serde_json::Value> = (checks.iter())
        .map(|(_, right, why)| serde_json::json!({"right": right, "what": format!("Checked: {why}"), "why": why}))
        .collect();
    let ids: Vec<&str> = checks.iter().map(|(id, _, _)| *id).collect();
    serde_json::json!({"title": title, "lines": lines, "checks": ids, "ending": "Thank you."})
        .to_string()
}

fn row(trainee: &str, skill: &str, card: &str, minute: u32, percent: i64, kept: String) -> Row {
    let mut r = Row::of_skill(
        trainee,
        skill,
        card,
        format!("2026-11-20T09:{minute:02}:00Z"),
    );
    r.percent = percent;
    r.passed = Some(percent >= 80);
    r.card = kept;
    r
}

/// A visit kept as `app::visits::scorecard` keeps it: every step done.
fn visit_done(card: &str) -> String {
    let steps: Vec<serde_json::Value> = (0..8)
        .map(|_| serde_json::json!({"status": "done", "seconds": 30, "missed": []}))
        .collect();
    serde_json::json!({"scenario": card, "steps": steps, "objections": [], "bought": true})
        .to_string()
}

/// Tina: the desk and the phone passed on three cards each; the counter
/// passed twice, then failed for want of an apology. Ben: every skill.
fn seed(shop: &Shop) {
    let mut conn = training::open(&shop.path().join("training.db")).unwrap();
    let pass = |t: &str| kept(t, &[("decision", true, "R5"), ("rule:R5", true, "R5")]);
    let mut rows = Vec::new();
    for (i, card) in ["washed_coat", "change_of_mind", "suit_hem"]
        .iter()
        .enumerate()
    {
        rows.push(row("Tina", "desk", card, i as u32, 100, pass("Desk card")));
        rows.push(row(
            "Tina",
            "phone",
            card,
            10 + i as u32,
            100,
            pass("Phone card"),
        ));
    }
    let apology = "Step 3 of DOMAIN 4: a sincere apology, right or wrong";
    rows.push(row(
        "Tina",
        "counter",
        "cream_rash",
        20,
        100,
        kept("Rash", &[("step:apologise", true, apology)]),
    ));
    rows.push(row(
        "Tina",
        "counter",
        "torn_parcel",
        21,
        90,
        kept("Parcel", &[("step:apologise", true, apology)]),
    ));
    rows.push(row(
        "Tina",
        "counter",
        "shrunk_shirt",
        22,
        40,
        kept(
            "Shrunk shirt",
            &[
                ("step:listen", true, "listen"),
                ("step:apologise", false, apology),
            ],
        ),
    ));
    for (k, skill) in ["visit", "desk", "counter", "phone"].iter().enumerate() {
        for (i, card) in ["a", "b", "c"].iter().enumerate() {
            let kept = if *skill == "visit" {
                visit_done(card)
            } else {
                pass("Card")
            };
            rows.push(row("Ben", skill, card, 30 + (k * 3 + i) as u32, 100, kept));
        }
    }
    for r in &rows {
        training::record(&mut conn, r).unwrap();
    }
}

/// The practice list is open: plays the first visit card to its end,
/// skipping steps (a failing visit, as in e2e_visit).
fn play_a_visit_badly(t: &mut Tui) -> TestResult {
    t.wait_for("choose a scenario card")?;
    t.key(Key::Enter);
    t.wait_for("(hurries in) Hello.")?;
    t.key(Key::Char(' '));
    t.next_step("I travel next week")?;
    t.key(Key::F(8));
    t.wait_for("What is it made of?")?;
    t.key(Key::F(10));
    t.wait_for("choose bought or did not buy")?;
    t.key(Key::Char(' '));
    t.key(Key::Char(' '));
    t.wait_for("‹ Did not buy ›")?;
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina")?;
    // Where she stands in the skill, under the scorecard.
    t.wait_for("The visit (eight steps): cards passed 0 of 3 · does not pass yet")?;
    t.key(Key::Esc);
    t.wait_for("Open visits (0)")
}

/// ↓ through the detail until `text` shows.
fn scroll_to(t: &mut Tui, text: &str) -> TestResult {
    for _ in 0..60 {
        if t.screen().contains(text) {
            return Ok(());
        }
        t.key(Key::Down);
        t.wait_stable(Duration::from_millis(60))?;
    }
    t.wait_for(text)
}

#[test]
fn the_progress_screen_shows_each_skill_the_ready_mark_and_what_is_still_weak() -> TestResult {
    let shop = Shop::demo(10);
    seed(&shop);
    let mut t = shop.train_as_tina(80, 24)?;
    t.key(Key::Char('n'));
    play_a_visit_badly(&mut t)?;
    t.key(Key::Char('s'));
    t.wait_for("Training progress")?;
    // One row, Tina's own: the visit failed, the desk and phone pass, the
    // counter's latest failed; not ready. Ben is not hers to see.
    t.wait_for("100% 3/3 ✓")?;
    let screen = t.screen();
    let tina = (screen.lines())
        .find(|l| l.contains("Tina"))
        .ok_or_else(|| t.failure("no row for Tina"))?;
    for cell in ["8% 0/3", "100% 3/3 ✓", "40% 2/3", "not yet"] {
        assert!(tina.contains(cell), "{cell} not in {tina:?}\n{screen}");
    }
    assert!(!screen.contains("Ben"), "{screen}");
    t.key(Key::Enter);
    t.wait_for("Still to pass: The visit (eight steps), The")?;
    t.wait_for("Step 2 · Attend skipped or left unfinished · missed 1 of 1")?;
    scroll_to(&mut t, "Step 3 of nine · Apologise · missed 1 of 3")?;
    scroll_to(&mut t, "a sincere apology, right or wrong")?;
    scroll_to(&mut t, "cards passed 3 of 3")?;
    // Esc: back to the list; again: home.
    t.key(Key::Esc);
    t.wait_for("Enter: scores over time")?;
    t.key(Key::Esc);
    t.wait_for("Open visits (0)")?;
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));

    let scores = rusqlite::Connection::open(shop.path().join("training.db")).unwrap();
    let (skill, passed): (String, bool) = scores
        .query_row(
            "SELECT skill, passed FROM scorecards WHERE trainee = 'Tina' AND scenario = 'business_suit'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((skill.as_str(), passed), ("visit", false));

    // A manager sees every trainee, and Ben ready to work alone.
    let mut t = shop.app().size(80, 24).arg("train").start();
    t.wait_for("PIN for")?;
    t.send(PIN);
    t.key(Key::Enter);
    t.wait_for("Open visits")?;
    t.key(Key::Char('s'));
    t.wait_for("Training progress")?;
    t.wait_for("Tina")?;
    t.wait_for("✓ ready")?;
    let screen = t.screen();
    let ben = (screen.lines()).find(|l| l.contains("Ben")).unwrap_or("");
    assert!(ben.contains("✓ ready"), "{screen}");
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    Ok(())
}

#[test]
fn progress_as_json_gives_each_trainee_skills_weak_checks_history_and_ready() {
    let shop = Shop::demo(5);
    seed(&shop);
    let out = shop.run(&["train", "--progress", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["pass_marks"]["cards_passed"], 3);
    let trainees = doc["trainees"].as_array().unwrap();
    let names: Vec<&str> = trainees
        .iter()
        .map(|t| t["trainee"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Ben", "Tina"]);
    let (ben, tina) = (&trainees[0], &trainees[1]);
    assert_eq!(ben["ready"], true);
    assert_eq!(tina["ready"], false);
    assert_eq!(
        tina["still_to_pass"],
        serde_json::json!(["visit", "counter"])
    );
    let counter = &tina["skills"]["counter"];
    assert_eq!(counter["attempts"], 3);
    assert_eq!(
        counter["passed_cards"],
        serde_json::json!(["cream_rash", "torn_parcel"])
    );
    assert_eq!(
        (counter["last"].as_i64(), counter["best"].as_i64()),
        (Some(40), Some(100))
    );
    assert_eq!(counter["passes"], false);
    let weak = &counter["weak"][0];
    assert_eq!(weak["check"], "step:apologise");
    assert_eq!(
        (weak["missed"].as_i64(), weak["of"].as_i64()),
        (Some(1), Some(3))
    );
    assert_eq!(weak["what"], "Step 3 of nine · Apologise");
    assert!(weak["why"].as_str().unwrap().contains("sincere apology"));
    let history = counter["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[2]["card"], "shrunk_shirt");
    assert_eq!(history[2]["passed"], false);
    assert_eq!(tina["skills"]["visit"]["attempts"], 0);
    assert_eq!(tina["skills"]["desk"]["passes"], true);

    // One trainee, as text.
    let out = shop.run(&["train", "--progress", "--trainee", "Tina"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Tina: Not ready to work alone yet"), "{text}");
    assert!(
        text.contains("still weak: Step 3 of nine · Apologise (missed 1 of 3)"),
        "{text}"
    );
    assert!(!text.contains("Ben"), "{text}");
    // --json without --progress is refused by the command line.
    let out = shop.run(&["train", "--json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_ready_rule_out_of_range_is_refused_with_its_line() {
    use aftercare::shop_data::files::Source;
    use aftercare::shop_data::training_cards::ready_from_source;
    let shipped = include_str!("../data/training/skills.toml");
    let ok = Source {
        label: "data/training/skills.toml".into(),
        text: shipped.into(),
    };
    let r = ready_from_source(&ok).unwrap();
    assert_eq!((r.cards_passed, r.latest_passed, r.recent), (3, true, 5));
    let text = shipped.replace("cards_passed = 3", "cards_passed = 0");
    let line = text
        .lines()
        .position(|l| l.starts_with("cards_passed"))
        .unwrap()
        + 1;
    let e = ready_from_source(&Source {
        label: "data/training/skills.toml".into(),
        text,
    })
    .unwrap_err();
    assert_eq!(e.line, Some(line), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("data/training/skills.toml:{line}:")),
        "{e}"
    );
}

/// A shop asking for more passed cards than a skill has: nobody could ever
/// be ready, so the program does not start, naming the file and line.
#[test]
fn asking_for_more_cards_than_a_skill_has_stops_the_start_with_file_and_line() {
    let shop = Shop::demo(5);
    let home = shop.path().join("home");
    std::fs::create_dir_all(home.join("data/training")).unwrap();
    let text = include_str!("../data/training/skills.toml")
        .replace("cards_passed = 3", "cards_passed = 7");
    let line = text
        .lines()
        .position(|l| l.starts_with("cards_passed"))
        .unwrap()
        + 1;
    std::fs::write(home.join("data/training/skills.toml"), text).unwrap();
    let mut cmd = shop.command(&["train", "--progress"]);
    cmd.env("AFTERCARE_HOME", &home);
    let out = common::run_bounded(cmd);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "data/training/skills.toml:{line}: ready.cards_passed: 7 different cards must pass, but a skill has only 6"
        )),
        "{err}"
    );
}

#[test]
fn the_counters_escalation_rule_is_read_from_the_file_and_refused_out_of_range() {
    use aftercare::shop_data::files::Source;
    use aftercare::shop_data::training_cards::thresholds_from_source;
    let shipped = include_str!("../data/training/skills.toml");
    let source = |text: String| Source {
        label: "data/training/skills.toml".into(),
        text,
    };
    let th = thresholds_from_source(&source(shipped.into())).unwrap();
    assert_eq!(th.counter_angrier_steps_escalate, 2);
    let three = shipped.replace(
        "counter_angrier_steps_escalate = 2",
        "counter_angrier_steps_escalate = 3",
    );
    let th = thresholds_from_source(&source(three)).unwrap();
    assert_eq!(th.counter_angrier_steps_escalate, 3);
    let text = shipped.replace(
        "counter_angrier_steps_escalate = 2",
        "counter_angrier_steps_escalate = 0",
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("counter_angrier_steps_escalate"))
        .unwrap()
        + 1;
    let e = thresholds_from_source(&source(text)).unwrap_err();
    assert_eq!(e.line, Some(line), "{e}");
}
