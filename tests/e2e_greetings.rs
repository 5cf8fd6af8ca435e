//! Greetings in a pseudo-terminal: sign in, open the greetings screen from
//! home, send a birthday greeting (its text reaches the clipboard as OSC 52,
//! the contact log has it, it is not offered again), then try to add 打折
//! to a festival template and see it refused with the word shown.

mod common;

use common::{Key, Shop, TestResult};

fn base64(bytes: &[u8]) -> String {
    aftercare::terminal::base64(bytes)
}

#[test]
fn send_a_birthday_greeting_and_a_refused_festival_template() -> TestResult {
    let shop = Shop::demo(300);
    let staff = shop.staff();
    // A customer of the first associate's with a birthday tomorrow (the clock is 2026-11-23).
    let who = &staff[0];
    let c = shop.conn();
    c.execute(
        "UPDATE customers SET birthday = '1988-11-24', birthday_md = 1124, greetings_ok = 1,
                closest_staff_id = ?1, total_spend_fen = 2000000
         WHERE id = (SELECT MIN(id) FROM customers WHERE erased_at IS NULL AND phone IS NOT NULL)",
        [who.id],
    )
    .unwrap();
    // Only she is due, and one more customer of theirs whose birthday is today.
    c.execute(
        "UPDATE customers SET birthday_md = NULL
         WHERE id <> (SELECT MIN(id) FROM customers WHERE erased_at IS NULL AND phone IS NOT NULL)",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE customers SET birthday = '1975-11-23', birthday_md = 1123, greetings_ok = 1,
                closest_staff_id = ?1
         WHERE id = (SELECT MAX(id) FROM customers WHERE erased_at IS NULL AND phone IS NOT NULL)",
        [who.id],
    )
    .unwrap();
    let today_id: i64 = c
        .query_row(
            "SELECT id FROM customers WHERE birthday_md = 1123",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (id, name): (i64, String) = c
        .query_row(
            "SELECT id, name FROM customers WHERE birthday_md = 1124",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(c);

    let mut t = shop.app().size(120, 36).start();
    t.sign_in(&staff, 0)?;
    t.wait_for(&name)?;
    t.send("g");
    t.wait_for("Template 1 of")?;
    // Today's batch for the SMS gateway: the birthday today, written and marked sent.
    t.send("x");
    t.wait_for("written to")?;
    let csv = shop.path().join("exports/greetings-2026-11-23.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM greetings_sent WHERE customer_id = ?1 AND via = 'export'",
            [today_id],
        ),
        1
    );
    // Left to send: tomorrow's birthday.
    t.wait_for(&format!("To {name}"))?;
    t.send("s");
    t.wait_for("copied: paste it into SMS or chat")?;

    // The clipboard: OSC 52 with the greeting's text in base64.
    let text: String = shop
        .conn()
        .query_row(
            "SELECT note FROM contacts WHERE customer_id = ?1 AND kind = 'birthday_greeting'
               AND outcome = 'sent' ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.contains(&name), "{text}");
    assert!(text.contains(&who.name), "signed by the associate: {text}");
    let osc = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    let raw = t.raw_output();
    assert!(
        raw.windows(osc.len()).any(|w| w == osc.as_bytes()),
        "no OSC 52 with the greeting in the output"
    );
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM greetings_sent WHERE customer_id = ?1 AND occasion_key = 'birthday:2026'",
            [id],
        ),
        1
    );
    // Not offered again.
    t.wait_for("Nobody is due a greeting")?;
    t.key(Key::Esc);
    t.wait_for("│ ")?;

    // A tap on the home screen's greetings pane opens the screen too.
    t.wait_for(" Greetings (0) ")?;
    let (row, col) = t.find(" Greetings (0) ").unwrap();
    t.click(col + 2, row);
    t.wait_for("Nobody is due a greeting")?;
    // The library: a festival template with 打折 is refused, the word shown.
    t.send("e");
    t.wait_for("Templates · Festival")?;
    t.send(" ");
    t.wait_for("Templates · Festival · Chinese")?;
    t.key(Key::Enter);
    t.wait_for("Editing festival.")?;
    t.key(Key::End);
    t.send("全场打折");
    t.key(Key::F(10));
    t.wait_for("Must never say: 打折")?;
    t.wait_for("nothing you typed is lost")?;
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM greeting_templates WHERE body LIKE '%打折%'",
            []
        ),
        0,
        "nothing saved"
    );
    Ok(())
}

#[test]
fn the_days_greetings_export_for_the_sms_gateway_once() {
    let shop = Shop::demo(300);
    shop.conn()
        .execute(
            "UPDATE customers SET birthday_md = 1124, greetings_ok = 1
             WHERE id IN (SELECT id FROM customers WHERE erased_at IS NULL
                          AND COALESCE(phone, '') <> '' ORDER BY id LIMIT 2)",
            [],
        )
        .unwrap();
    let due = shop.count(
        "SELECT COUNT(*) FROM customers WHERE birthday_md = 1124 AND greetings_ok = 1
           AND erased_at IS NULL AND COALESCE(phone, '') <> ''",
        [],
    );
    assert!(due > 0, "the demo has birthdays tomorrow");
    let out = shop.path().join("greetings.csv");
    let run = shop.run(&[
        "export",
        "greetings",
        "--date",
        "2026-11-24",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}phone,name,occasion,text,associate\r\n"));
    assert_eq!(text.lines().count() as i64, due + 1, "{text}");
    assert_eq!(
        shop.count(
            "SELECT COUNT(*) FROM greetings_sent WHERE occasion_key = 'birthday:2026' AND via = 'export'",
            [],
        ),
        due
    );
    // Run again: nothing twice.
    let again = shop.run(&["export", "greetings", "--date", "2026-11-24"]);
    assert!(again.status.success());
    let text = String::from_utf8(again.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    // An unknown associate is refused.
    let bad = shop.run(&["export", "greetings", "--staff", "Nobody Here"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_rule_breaking_template_in_the_library_stops_the_start_naming_its_line() {
    let shop = Shop::empty();
    let home = shop.path().join("home");
    std::fs::create_dir_all(home.join("data/templates")).unwrap();
    std::fs::write(
        home.join("data/templates/en.toml"),
        "[festival]\nwarm = \"Happy {festival}, {customer}!\"\nsale = \"Happy {festival}: 20% discount on everything!\"\n\n[birthday]\nx = \"Happy birthday {customer}\"\n",
    )
    .unwrap();
    let out = common::run_bounded({
        let mut c = shop.command(&["check"]);
        c.env("AFTERCARE_HOME", &home);
        c
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("templates/en.toml:3: must never say: discount"),
        "{err}"
    );
    std::fs::write(
        home.join("data/templates/en.toml"),
        "[season]\nx = \"Dress warmly, {name}\"\n",
    )
    .unwrap();
    let out = common::run_bounded({
        let mut c = shop.command(&["check"]);
        c.env("AFTERCARE_HOME", &home);
        c
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("templates/en.toml:2: unknown placeholder {name}"),
        "{err}"
    );
}
