//! A desk training card played at the real returns desk on the practice
//! shop (issue 16): cards to a passing scorecard (a return within seven
//! days written in the practice shop's returns log; an exchange on the
//! spot; a cream's rash found by the customer's phone, refunded and routed
//! to quality), one to a failing one (the right decision, a wrong rule);
//! and a card the shop's policy disagrees with stops `aftercare train` but
//! not the shop.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{Key, Shop, TestResult, Tui};
use rusqlite::Connection;

/// The visit's cards come first in the practice list.
fn visit_cards() -> usize {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/training/en.toml"
    ))
    .unwrap();
    text.lines().filter(|l| l.trim() == "[[scenarios]]").count()
}

/// Plays the `nth` desk card (0-based), its story beginning `story`; the
/// purchase found by the receipt number the customer hands over, or by the
/// phone number they give.
fn open_card(
    shop: &Shop,
    t: &mut Tui,
    nth: usize,
    story: &str,
    by_phone: bool,
) -> Result<String, common::Failure> {
    for _ in 0..visit_cards() + nth {
        t.key(Key::Down);
        t.wait_stable(Duration::from_millis(60))?;
    }
    t.key(Key::Enter);
    t.wait_for("Customer · The after-sale desk")?;
    t.wait_for(story)?;
    t.wait_for("Find the purchase")?;
    // The sale the card wrote on the practice shop: its receipt is the one
    // the customer shows.
    let (receipt, phone): (String, String) = shop.sandbox().query_row(
        "SELECT p.receipt_no, c.phone FROM purchases p JOIN customers c ON c.id = p.customer_id
         WHERE p.receipt_no LIKE '%-P%' ORDER BY p.id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let given = if by_phone { phone } else { receipt.clone() };
    t.wait_for(&given)?;
    t.send(&given);
    t.wait_for("1 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    t.wait_for("Your decision")?;
    Ok(receipt)
}

fn scorecards(shop: &Shop, scenario: &str) -> Vec<(String, i64, i64)> {
    let c = Connection::open(shop.path().join("training.db")).unwrap();
    let mut s = c
        .prepare("SELECT skill, percent, passed FROM scorecards WHERE trainee = 'Tina' AND scenario = ?1")
        .unwrap();
    s.query_map([scenario], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_return_within_seven_days_is_decided_right_logged_and_passed() -> TestResult {
    let shop = Shop::demo(20);
    let returns_before = shop.count("SELECT COUNT(*) FROM returns", []);
    let customers_before = shop.count("SELECT COUNT(*) FROM customers", []);
    let mut t = shop.practice_list(160, 48)?;
    // A dress three days old, tags on, with the receipt; today's price is lower.
    let receipt = open_card(&shop, &mut t, 1, "Miss Chen bought a", false)?;
    t.wait_for("Printed dress")?;
    // The facts are the desk's defaults (return, no problem, receipt):
    // down to the answers, then Return under R1.
    t.keys(Key::Down, 9);
    t.key(Key::Char(' '));
    t.wait_for("‹ Return ›")?;
    t.key(Key::Down);
    t.key(Key::Char(' '));
    t.wait_for("R1 · No fault, within 7 days")?;
    // The engine's decision is not on screen before the answer.
    assert!(!t.screen().contains("rules R1"), "{}", t.screen());
    t.key(Key::F(10));
    t.wait_for("✓ Your decision: Return")?;
    t.wait_for("The policy: Return")?;
    t.wait_for("Customer: Fine, thank you for doing it")?;
    // Carried out as the desk does: the refund at today's lower price.
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina · The after-sale desk")?;
    t.wait_for("Recorded in the returns log")?;
    t.wait_for("Decision: Return (the policy: Return)")?;
    let (decision, amount, rules): (String, i64, String) = shop.sandbox().query_row(
        "SELECT r.decision, r.amount_fen, r.rules FROM returns r
         JOIN purchase_lines l ON l.id = r.purchase_line_id JOIN purchases p ON p.id = l.purchase_id
         WHERE p.receipt_no = ?1",
        [&receipt],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    assert_eq!(
        (decision.as_str(), amount, rules.as_str()),
        ("return", 39900, "R1")
    );
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    assert_eq!(
        scorecards(&shop, "change_of_mind"),
        vec![("desk".to_string(), 100, 1)]
    );
    // The real shop was never touched.
    assert_eq!(
        shop.count("SELECT COUNT(*) FROM returns", []),
        returns_before
    );
    assert_eq!(
        shop.count("SELECT COUNT(*) FROM customers", []),
        customers_before
    );
    Ok(())
}

#[test]
fn a_washed_coat_refused_under_the_wrong_rule_fails_and_writes_nothing() -> TestResult {
    let shop = Shop::demo(20);
    let mut t = shop.practice_list(160, 48)?;
    let receipt = open_card(&shop, &mut t, 0, "Ms Zhao bought a", false)?;
    // Washed: request, problem, cut, washed.
    t.keys(Key::Down, 3);
    t.key(Key::Char(' '));
    // The answers: Refused (the last decision) under C2 (the last rule): wrong.
    t.keys(Key::Down, 6);
    t.key(Key::Left);
    t.wait_for("‹ Refused ›")?;
    t.key(Key::Down);
    t.key(Key::Left);
    t.wait_for("C2 · A cosmetic with no effect")?;
    t.key(Key::F(10));
    t.wait_for("✓ Your decision: Refused")?;
    t.wait_for("✗ Your rule: C2")?;
    t.wait_for("Nobody told me that!")?;
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina · The after-sale desk")?;
    t.wait_for("Rule explained: C2")?;
    t.wait_for("R2: No fault but washed")?;
    let logged: i64 = shop.sandbox().query_row(
        "SELECT COUNT(*) FROM returns r JOIN purchase_lines l ON l.id = r.purchase_line_id
         JOIN purchases p ON p.id = l.purchase_id WHERE p.receipt_no = ?1",
        [&receipt],
        |r| r.get(0),
    )?;
    assert_eq!(logged, 0, "a refusal writes nothing");
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    assert_eq!(
        scorecards(&shop, "washed_coat"),
        vec![("desk".to_string(), 50, 0)]
    );
    Ok(())
}

/// No receipt, a rash from a face cream: found by the phone number the
/// customer gives, refunded under C1, its batch recorded and the case
/// routed to quality as the desk does.
#[test]
fn a_rash_from_a_cream_found_by_phone_is_refunded_routed_and_passed() -> TestResult {
    let shop = Shop::demo(20);
    let mut t = shop.practice_list(160, 48)?;
    let receipt = open_card(&shop, &mut t, 6, "Ms Ma bought a face", true)?;
    t.wait_for("Customer: Hello. I bought this")?;
    // The problem: none, quality defect, adverse reaction; no receipt.
    t.key(Key::Down);
    t.keys(Key::Char(' '), 2);
    t.wait_for("Adverse reaction (rash)")?;
    t.keys(Key::Down, 6);
    t.key(Key::Char(' '));
    // Return, under C1 (the rule before the last).
    t.keys(Key::Down, 2);
    t.key(Key::Char(' '));
    t.wait_for("‹ Return ›")?;
    t.key(Key::Down);
    t.keys(Key::Left, 2);
    t.wait_for("C1 · A cosmetic's skin reaction")?;
    t.key(Key::F(10));
    t.wait_for("✓ Your rule: C1")?;
    t.wait_for("Customer: Thank you. I was afraid")?;
    t.key(Key::F(10));
    t.wait_for("Batch number on the package")?;
    t.send("B2611-04");
    std::thread::sleep(Duration::from_millis(300));
    t.key(Key::Enter);
    t.wait_for("Scorecard · Tina · The after-sale desk")?;
    t.wait_for("to QC department")?;
    let (decision, amount, batch, department): (String, i64, String, String) =
        shop.sandbox().query_row(
            "SELECT r.decision, r.amount_fen, r.batch_no, c.department FROM returns r
             JOIN complaints c ON c.id = r.complaint_id
             JOIN purchase_lines l ON l.id = r.purchase_line_id JOIN purchases p ON p.id = l.purchase_id
             WHERE p.receipt_no = ?1",
            [&receipt],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    assert_eq!(
        (
            decision.as_str(),
            amount,
            batch.as_str(),
            department.as_str()
        ),
        ("return", 32000, "B2611-04", "qc")
    );
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    assert_eq!(
        scorecards(&shop, "cream_rash"),
        vec![("desk".to_string(), 100, 1)]
    );
    Ok(())
}

/// A zip that failed on day ten: a return asked becomes an exchange (Q2);
/// the desk asks whether the goods are in the shop, as for a customer.
#[test]
fn a_zip_failed_on_day_ten_is_exchanged_on_the_spot_and_passed() -> TestResult {
    let shop = Shop::demo(20);
    let mut t = shop.practice_list(160, 48)?;
    let receipt = open_card(&shop, &mut t, 7, "Ms Guo bought", false)?;
    // The problem: a quality defect.
    t.key(Key::Down);
    t.key(Key::Char(' '));
    t.wait_for("‹ Quality defect")?;
    // Exchange under Q2.
    t.keys(Key::Down, 8);
    t.keys(Key::Char(' '), 2);
    t.wait_for("‹ Exchange ›")?;
    t.key(Key::Down);
    t.keys(Key::Char(' '), 4);
    t.wait_for("Q2 · Quality problem on days 8 to 14")?;
    t.key(Key::F(10));
    t.wait_for("✓ Your decision: Exchange")?;
    t.wait_for("✓ Your rule: Q2")?;
    t.wait_for("Customer: A new pair is fine")?;
    t.key(Key::F(10));
    t.wait_for("Are the goods for the exchange in the shop now?")?;
    std::thread::sleep(Duration::from_millis(300));
    t.key(Key::Enter);
    t.wait_for("Scorecard · Tina · The after-sale desk")?;
    t.wait_for("Recorded in the returns log")?;
    let (decision, how): (String, String) = shop.sandbox().query_row(
        "SELECT r.decision, r.exchange_how FROM returns r
         JOIN purchase_lines l ON l.id = r.purchase_line_id JOIN purchases p ON p.id = l.purchase_id
         WHERE p.receipt_no = ?1",
        [&receipt],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!((decision.as_str(), how.as_str()), ("exchange", "on_spot"));
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    assert_eq!(
        scorecards(&shop, "zip_day_ten"),
        vec![("desk".to_string(), 100, 1)]
    );
    Ok(())
}

/// A shop's own folder whose desk cards promise the washed coat a refund.
fn disagreeing_home(shop: &Shop) -> (PathBuf, usize) {
    let home = shop.path().join("home");
    let training = home.join("data/training");
    std::fs::create_dir_all(&training).unwrap();
    let mut line = 0;
    for lang in ["en", "zh-CN"] {
        let rel = format!("data/training/desk.{lang}.toml");
        let text =
            std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let from = "decision = \"refused\"\nrule = \"R2\"";
        let text = text.replacen(from, "decision = \"return\"\nrule = \"R1\"", 1);
        if lang == "en" {
            line = text[..text.find("decision = \"return\"").unwrap()]
                .matches('\n')
                .count()
                + 1;
        }
        std::fs::write(home.join(&rel), text).unwrap();
    }
    (home, line)
}

#[test]
fn a_card_the_policy_disagrees_with_stops_training_only() -> TestResult {
    let shop = Shop::demo(20);
    let (home, line) = disagreeing_home(&shop);
    let home = home.display().to_string();
    let at = format!("desk.en.toml:{line}");
    // Reported by check, which still finds the shop sound.
    let mut cmd = shop.command(&["check"]);
    cmd.env("AFTERCARE_HOME", &home);
    let out = common::run_bounded(cmd);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(&at) && text.contains("washed_coat"), "{text}");
    // Training does not start.
    let mut t = shop
        .app()
        .env("AFTERCARE_HOME", &home)
        .arg("train")
        .arg("--trainee")
        .arg("Tina")
        .start();
    t.wait_for("training not started")?;
    t.wait_for(&at)?;
    t.wait_exit(Duration::from_secs(5));
    // The shop itself starts.
    let mut t = shop.app().env("AFTERCARE_HOME", &home).start();
    t.wait_for("PIN for")?;
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));
    Ok(())
}
