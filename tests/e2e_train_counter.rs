//! A complaint counter training card (issue 16) played at the real counter
//! on the practice shop, in a pseudo-terminal: one through the nine steps
//! to a passing scorecard (a skin reaction heard, apologised for, sent to
//! quality and refunded), one failed by a phrase the card forbids, with the
//! customer's angrier words in the pane. The scores are kept in
//! training.db beside the shop.

mod common;

use common::{Key, Shop, TestResult, Tui};
use std::time::Duration;

/// Whether the row showing `title` (whole: another card's title may
/// begin with it) is the selected one, drawn on a colour.
fn selected(t: &Tui, title: &str) -> bool {
    t.find(&format!("{title}  "))
        .is_some_and(|(row, col)| t.cell(row, col).1 != vt100::Color::Default)
}

/// From home, the practice list, down to the card titled `title`, played.
fn play(t: &mut Tui, title: &str) -> TestResult {
    t.key(Key::Char('n'));
    t.wait_for("choose a scenario card")?;
    for _ in 0..40 {
        if selected(t, title) {
            break;
        }
        t.key(Key::Down);
        t.wait_stable(Duration::from_millis(60))?;
    }
    if !selected(t, title) {
        return Err(t.failure(&format!("{title:?} is not selected")));
    }
    t.key(Key::Enter);
    t.wait_for("▸ 1 Listen")?;
    Ok(())
}

/// The practice phone the pane gives for the card's customer.
fn phone_on_screen(t: &Tui) -> Result<String, common::Failure> {
    let screen = t.screen();
    let at = screen
        .find("phone number ")
        .ok_or_else(|| t.failure("no phone number in the pane"))?;
    Ok(screen[at + "phone number ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect())
}

/// Ticks the step in view and waits for the next one.
fn tick(t: &mut Tui, next: &str) -> TestResult {
    t.key(Key::F(10));
    t.wait_for(next)
}

/// (passed, percent) of Tina's scorecards on `scenario` at the counter.
fn kept(shop: &Shop, scenario: &str) -> Vec<(i64, i64)> {
    let scores = rusqlite::Connection::open(shop.path().join("training.db")).unwrap();
    let mut stmt = scores
        .prepare(
            "SELECT passed, percent FROM scorecards
             WHERE trainee = 'Tina' AND skill = 'counter' AND scenario = ?1",
        )
        .unwrap();
    stmt.query_map([scenario], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_skin_reaction_heard_and_sent_to_quality_passes_at_80x24() -> TestResult {
    let shop = Shop::demo(20);
    let before = shop.count("SELECT COUNT(*) FROM complaints", []);
    let mut t = shop.train_as_tina(80, 24)?;
    play(&mut t, "A rash from a face cream")?;
    t.wait_for("Your cream did this")?;
    let phone = phone_on_screen(&t)?;
    // 1 Listen: who (on file: the card's customer), her words, yours.
    t.send(&phone);
    t.wait_for("Ms Ma")?;
    t.keys(Key::Tab, 2);
    t.send("Red itchy cheeks after one week of the night cream");
    t.key(Key::Tab);
    t.send("Please tell me everything, I am listening.");
    tick(&mut t, "▸ 2 Talk")?;
    t.wait_for("It started on the third day")?;
    t.wait_for("wedding on Saturday")?;
    t.send("That must have been frightening, with your wedding so close.");
    tick(&mut t, "▸ 3 Apologise")?;
    t.send("I am truly sorry this happened.");
    tick(&mut t, "▸ 4 Restate")?;
    t.wait_for("at least you understand")?;
    // 4: the purchase she made (the card's), a skin reaction, its batch.
    t.send(" ");
    t.wait_for("Night cream")?;
    t.key(Key::Tab);
    t.keys(Key::Char(' '), 6);
    t.wait_for("Cosmetics adverse r")?;
    t.keys(Key::Tab, 2);
    t.send("B2611");
    t.key(Key::Tab);
    t.send("A rash on both cheeks after a week of the night cream");
    t.key(Key::Tab);
    t.send("So the night cream gave you a rash, is that right?");
    tick(&mut t, "▸ 5 Explain")?;
    t.send("Our quality team will examine this jar and its batch.");
    tick(&mut t, "▸ 6 Resolve")?;
    // 6: a refund (the third answer), said in words.
    t.keys(Key::Char(' '), 3);
    t.wait_for("Refund")?;
    t.key(Key::Tab);
    t.send("A full refund today; please stop using it and see a doctor, we pay.");
    tick(&mut t, "▸ 7 Compensate")?;
    t.wait_for("A refund today, fine.")?;
    // 7: a small gift worth 50 yuan.
    t.send(" ");
    t.key(Key::Tab);
    t.send("50");
    t.key(Key::Tab);
    t.send("A fragrance-free balm");
    tick(&mut t, "▸ 8 Result")?;
    t.keys(Key::Char(' '), 2);
    t.wait_for("Yes")?;
    tick(&mut t, "▸ 9 Feedback")?;
    t.send("Call her on Thursday with what quality found");
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina · The complaint counter")?;
    t.wait_for("100%")?;
    t.wait_for("Passed")?;
    t.wait_for("Step 1 Listen: done, in order")?;
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));

    assert_eq!(kept(&shop, "cream_rash"), vec![(1, 100)]);
    // The scorecard's lines and the customer's last words are kept with it.
    let scores = rusqlite::Connection::open(shop.path().join("training.db")).unwrap();
    let card: String = scores
        .query_row(
            "SELECT card FROM scorecards WHERE scenario = 'cream_rash'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for words in [
        "Ending: the customer left satisfied",
        "Never answered: Refer to the manufacturer",
        "I'll wait for your call",
    ] {
        assert!(card.contains(words), "{words:?} not in {card}");
    }
    // Played on the practice shop, never the real one.
    assert_eq!(shop.count("SELECT COUNT(*) FROM complaints", []), before);
    Ok(())
}

#[test]
fn blaming_the_customer_angers_them_and_fails_the_card() -> TestResult {
    let shop = Shop::demo(20);
    let mut t = shop.train_as_tina(160, 48)?;
    play(&mut t, "A shirt that shrank on its first wash")?;
    let phone = phone_on_screen(&t)?;
    t.send(&phone);
    t.wait_for("Mr Zhou")?;
    t.keys(Key::Tab, 2);
    t.send("Shrank one size after one wash at thirty degrees");
    tick(&mut t, "▸ 2 Talk")?;
    // A phrase the card forbids: the customer gets angrier.
    t.send("Well, you washed it wrong.");
    tick(&mut t, "▸ 3 Apologise")?;
    t.wait_for("Don't patronise me.")?;
    t.wait_for("never argue")?;
    t.send("Sorry.");
    tick(&mut t, "▸ 4 Restate")?;
    t.send(" ");
    t.wait_for("Cotton shirt")?;
    t.key(Key::Tab);
    t.send(" ");
    t.wait_for("Quality or function")?;
    t.keys(Key::Tab, 3);
    t.send("The shirt shrank a size on its first wash");
    tick(&mut t, "▸ 5 Explain")?;
    t.send("Quality will look at it.");
    tick(&mut t, "▸ 6 Resolve")?;
    t.keys(Key::Char(' '), 2);
    t.wait_for("Exchange")?;
    t.key(Key::Tab);
    t.send("An exchange today");
    tick(&mut t, "▸ 7 Compensate")?;
    tick(&mut t, "▸ 8 Result")?;
    t.keys(Key::Char(' '), 2);
    tick(&mut t, "▸ 9 Feedback")?;
    t.send("Call him next Monday");
    t.key(Key::F(10));
    t.wait_for("Scorecard · Tina · The complaint counter")?;
    t.wait_for("Not yet passed")?;
    t.wait_for("Said \"you washed it wrong\"")?;
    t.wait_for("Ending: the customer escalated")?;
    t.wait_for("consumer association")?;
    t.key(Key::Ctrl('q'));
    t.wait_exit(Duration::from_secs(5));

    let kept = kept(&shop, "shrunk_shirt");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].0, 0, "failed: {kept:?}");
    Ok(())
}
