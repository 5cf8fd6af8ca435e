//! The customer file end to end: search, open, edit, check, save, and two
//! people saving the same file.

mod common;

use common::{Key, Shop, TestResult};

/// The form rows, counted from Name, as Down moves through them.
const BIRTHDAY: usize = 3;
const EMAIL: usize = 6;
const WORK: usize = 9;
const HOBBIES: usize = 14;

/// Moves the form's focus from Name down to field `n` and empties it.
fn go_to_field(t: &mut common::Tui, n: usize) {
    // Up to the first field (PageUp moves eight), then down to `n`.
    t.keys(Key::PageUp, 3);
    t.keys(Key::Down, n);
    t.key(Key::Ctrl('u'));
}

/// A query that finds `name` by a part of it: three characters when it has
/// them, else its first character (one Chinese character is a search of its own).
fn part_of(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() >= 3 {
        chars[..3].iter().collect()
    } else {
        chars[..1].iter().collect()
    }
}

#[test]
fn search_open_edit_and_save_a_customer_file() -> TestResult {
    let shop = Shop::demo(50);
    let staff = shop.staff();
    let me = &staff[0];
    let c = shop.findable_customer();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;

    // By part of the name: the list shows the name, phones masked.
    t.search(&part_of(&c.name))?;
    t.wait_for(&c.name)?;
    assert!(
        !t.screen().contains(&c.phone),
        "{:?}",
        t.failure("a full phone in the list")
    );

    // By the last four digits: exactly this customer.
    let last4 = &c.phone_digits[c.phone_digits.len() - 4..];
    t.search(last4)?;
    t.wait_for("1 found")?;
    t.wait_for(&c.name)?;
    let views_before = shop.count(
        "SELECT count(*) FROM audit_log WHERE action = 'view_phone' AND entity_id = ?1",
        [c.id],
    );
    t.open_selected(&c)?;
    assert_eq!(
        shop.count(
            "SELECT count(*) FROM audit_log WHERE action = 'view_phone' AND entity_id = ?1 AND staff_id = ?2",
            rusqlite::params![c.id, me.id],
        ),
        views_before + 1,
        "opening the file writes one phone view to the audit log"
    );

    // Edit Hobbies and save with Ctrl-s.
    t.key(Key::Char('e'));
    t.wait_for(&format!("Edit: {}", c.name))?;
    go_to_field(&mut t, HOBBIES);
    let hobbies = "hiking, pottery 4711";
    t.send(hobbies);
    t.wait_for(hobbies)?;
    t.key(Key::Ctrl('s'));
    t.wait_for(&format!("Saved: {}", c.name))?;
    t.wait_gone("Edit: ")?;
    // Back on the file, which shows the saved value beside its label.
    let (row, _) = t
        .find(hobbies)
        .ok_or_else(|| t.failure("hobbies not on the file"))?;
    assert!(
        t.rows()[row as usize].contains("Hobbies"),
        "{:?}",
        t.failure("the value is not on the Hobbies line")
    );

    let after = shop.customer(c.id);
    assert_eq!(after.version, c.version + 1);
    assert_eq!(shop.column(c.id, "hobbies").as_deref(), Some(hobbies));
    let updated_by: i64 = shop.count("SELECT updated_by FROM customers WHERE id = ?1", [c.id]);
    assert_eq!(updated_by, me.id);
    assert_eq!(
        shop.count(
            "SELECT count(*) FROM audit_log WHERE action = 'edit' AND entity = 'customer' AND entity_id = ?1 AND staff_id = ?2",
            rusqlite::params![c.id, me.id],
        ),
        1
    );
    Ok(())
}

#[test]
fn bad_email_and_birthday_are_marked_and_nothing_is_saved() -> TestResult {
    let shop = Shop::demo(50);
    let staff = shop.staff();
    let me = &staff[0];
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    let before = shop.count("SELECT count(*) FROM customers", []);

    t.key(Key::F(4));
    t.wait_for("New customer")?;
    let (name, work) = ("Validation Vera", "teacher at No. 2 school");
    let (phone, digits) = shop.free_phone(4242);
    let phone = phone.as_str();
    t.send(name);
    t.key(Key::Tab);
    t.send(phone);
    go_to_field(&mut t, BIRTHDAY);
    t.send("1990-13-45");
    go_to_field(&mut t, EMAIL);
    t.send("vera.at.example");
    go_to_field(&mut t, WORK);
    t.send(work);
    t.wait_for(work)?;
    t.key(Key::Ctrl('s'));
    t.wait_for("Not saved (2 to check): Birthday")?;

    let line_of = |t: &common::Tui, label: &str| -> String {
        t.rows()
            .into_iter()
            .find(|r| r.trim_start().starts_with(label))
            .unwrap_or_default()
    };
    t.wait_until("both messages beside their fields", common::TIMEOUT, |t| {
        line_of(t, "Birthday").contains("← not a date")
            && line_of(t, "Email").contains("← not an email address")
    })?;
    // Everything typed is still there, the bad values included.
    for typed in [name, phone, work, "1990-13-45", "vera.at.example"] {
        assert!(
            t.screen().contains(typed),
            "{:?}",
            t.failure(&format!("{typed:?} lost"))
        );
    }
    assert_eq!(
        shop.count("SELECT count(*) FROM customers", []),
        before,
        "nothing saved"
    );

    // Fix both and save.
    go_to_field(&mut t, BIRTHDAY);
    t.send("1990-05-06");
    go_to_field(&mut t, EMAIL);
    t.send("vera@example.com");
    t.wait_for("vera@example.com")?;
    t.key(Key::Ctrl('s'));
    t.wait_for(&format!("Saved: {name}"))?;
    let saved = shop.customers_where("phone_digits = ?1", [&digits]);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, name);
    let id = saved[0].id;
    assert_eq!(shop.column(id, "birthday").as_deref(), Some("1990-05-06"));
    assert_eq!(
        shop.column(id, "email").as_deref(),
        Some("vera@example.com")
    );
    assert_eq!(shop.column(id, "work").as_deref(), Some(work));
    assert_eq!(saved[0].phone, phone);
    let registered_by: i64 = shop.count("SELECT registered_by FROM customers WHERE id = ?1", [id]);
    assert_eq!(registered_by, me.id);
    assert_eq!(shop.count("SELECT count(*) FROM customers", []), before + 1);
    Ok(())
}

#[test]
fn a_stale_save_is_refused_then_merged() -> TestResult {
    let shop = Shop::demo(50);
    let staff = shop.staff();
    assert!(staff.len() >= 2, "the demo shop needs two staff");
    let (sa, sb) = (&staff[0], &staff[1]);
    let c = shop.findable_customer();
    let last4 = &c.phone_digits[c.phone_digits.len() - 4..];
    let orig_work = shop.column(c.id, "work");

    let mut a = shop.app().start();
    let mut b = shop.app().start();
    a.sign_in(&staff, 0)?;
    b.sign_in(&staff, 1)?;
    for t in [&mut a, &mut b] {
        t.search(last4)?;
        t.open_selected(&c)?;
        t.send("e");
        t.wait_for(&format!("Edit: {}", c.name))?;
    }

    let hobbies_a = "tea ceremony (A)";
    go_to_field(&mut a, HOBBIES);
    a.send(hobbies_a);
    a.wait_for(hobbies_a)?;
    let work_b = "florist (B)";
    go_to_field(&mut b, WORK);
    b.send(work_b);
    b.wait_for(work_b)?;

    a.key(Key::Ctrl('s'));
    a.wait_for(&format!("Saved: {}", c.name))?;
    b.key(Key::Ctrl('s'));
    b.wait_for(&format!("Not saved: {} saved this file at", sa.name))?;
    assert!(
        b.screen().contains(work_b),
        "{:?}",
        b.failure("B's edit is gone")
    );
    assert!(
        b.screen().contains(&format!("Edit: {}", c.name)),
        "{:?}",
        b.failure("B left the form")
    );
    assert_eq!(shop.column(c.id, "hobbies").as_deref(), Some(hobbies_a));
    assert_eq!(
        shop.column(c.id, "work"),
        orig_work,
        "B's stale save must not land"
    );
    assert_eq!(shop.customer(c.id).version, c.version + 1);

    // F5: A's changes come in under B's; the next save goes through.
    b.key(Key::F(5));
    b.wait_for("Their changes are loaded")?;
    b.wait_for(hobbies_a)?;
    assert!(
        b.screen().contains(work_b),
        "{:?}",
        b.failure("B's edit lost in the merge")
    );
    b.key(Key::Ctrl('s'));
    b.wait_for(&format!("Saved: {}", c.name))?;
    assert_eq!(shop.column(c.id, "hobbies").as_deref(), Some(hobbies_a));
    assert_eq!(shop.column(c.id, "work").as_deref(), Some(work_b));
    assert_eq!(shop.customer(c.id).version, c.version + 2);
    let updated_by: i64 = shop.count("SELECT updated_by FROM customers WHERE id = ?1", [c.id]);
    assert_eq!(updated_by, sb.id);
    Ok(())
}

/// Whether a stored or shown text is free of anything that could steer a
/// terminal: ESC, C0 and C1 controls, bidirectional overrides and isolates.
fn is_clean(s: &str) -> bool {
    !s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    })
}

#[test]
fn pasted_and_typed_control_characters_never_reach_the_file() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;

    // Pasted: a colour, a bidi override, a bell and a title change inside a name.
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    t.paste("Evil\x1b[31mRed\u{202E}Name\x07\x1b]0;pwned\x07X\u{9b}");
    // Clean in the field already, before any save.
    t.wait_for("EvilRedNameX")?;
    t.key(Key::Tab);
    let (phone1, digits1) = shop.free_phone(5550101);
    t.send(&phone1);
    t.wait_for(&phone1)?;
    t.key(Key::Ctrl('s'));
    t.wait_for("Saved: EvilRedNameX")?;

    // Typed: a bell (Ctrl-g), a bidi override, a C1 control and a
    // right-to-left mark between the letters of a name.
    t.key(Key::F(4));
    t.wait_for("New customer")?;
    t.send("Bo\x07b\u{202E}by\u{9b}\u{200F} Lee");
    t.wait_for("Bobby Lee")?;
    // What the field holds, not only what the screen shows: lock, and read the draft.
    t.key(Key::Ctrl('l'));
    t.wait_for("Screen locked")?;
    let payload: String = shop.conn().query_row(
        "SELECT payload FROM drafts WHERE staff_id = ?1 AND kind = 'customer_form'",
        [staff[0].id],
        |r| r.get(0),
    )?;
    let draft: serde_json::Value = serde_json::from_str(&payload)?;
    assert_eq!(draft["values"]["name"], "Bobby Lee", "{payload}");
    t.sign_in_here(&staff[0])?;
    t.wait_for("You left a customer form unfinished: Bobby Lee")?;
    t.key(Key::Enter);
    t.wait_gone("You left a customer form unfinished")?;
    t.wait_for("New customer")?;
    t.key(Key::Tab);
    let (phone2, digits2) = shop.free_phone(5550202);
    t.send(&phone2);
    t.wait_for(&phone2)?;
    t.key(Key::Ctrl('s'));
    t.wait_for("Saved: Bobby Lee")?;

    for (phone, name) in [(&digits1, "EvilRedNameX"), (&digits2, "Bobby Lee")] {
        let found = shop.customers_where("phone_digits = ?1", [phone]);
        assert_eq!(found.len(), 1, "{phone}");
        assert_eq!(found[0].name, name);
        assert!(is_clean(&found[0].name), "{:?}", found[0].name);
    }
    // The screen shows the names clean, and nothing typed reached the terminal itself.
    t.search("Bobby")?;
    t.wait_for("Bobby Lee")?;
    t.search("EvilRed")?;
    t.wait_for("EvilRedNameX")?;
    assert!(
        is_clean(&t.screen().replace('\n', " ")),
        "{:?}",
        t.failure("a control on screen")
    );
    let ev = t.term_events();
    assert!(
        ev.titles.is_empty() && ev.bells == 0 && ev.clipboard == 0,
        "the terminal was steered: {ev:?}"
    );
    Ok(())
}
