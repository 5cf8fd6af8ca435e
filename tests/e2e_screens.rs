//! What the screens look like and how they answer: Chinese text and wide
//! characters, the mouse, a terminal that changes size.

mod common;

use common::{Key, Shop, TestResult, Tui};

/// One string of a shipped locale file, `section.key`.
fn locale(lang: &str, key: &str) -> String {
    let path = format!("{}/data/locales/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let (section, name) = key.split_once('.').unwrap();
    table[section][name]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {path}"))
        .to_string()
}

#[test]
fn chinese_screens_and_a_wide_character_in_the_search() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().arg("--lang").arg("zh-CN").start();
    let zh = |k: &str| {
        let s = locale("zh-CN", k);
        assert_ne!(s, locale("en", k), "{k} is not translated");
        s
    };

    t.wait_for(&zh("signin.title"))?;
    t.wait_for(&zh("signin.who"))?;
    t.send(common::PIN);
    t.key(Key::Enter);
    t.wait_for(&format!("{} · {}", staff[0].name, zh("role.manager")))?;
    for k in ["home.callbacks", "home.greetings", "home.repairs"] {
        t.wait_for(&zh(k))?;
    }

    t.key(Key::F(3));
    t.wait_for(&zh("customers.hint"))?;
    t.wait_stable(std::time::Duration::from_millis(100))?;
    let (row, col) = t.cursor_position();
    t.send("张");
    t.wait_until("the cursor two columns on", common::TIMEOUT, |t| {
        t.cursor_position() == (row, col + 2)
    })?;
    assert!(
        t.screen().contains("│张"),
        "{:?}",
        t.failure("张 not in the field")
    );
    t.send("三");
    t.wait_until("the cursor four columns on", common::TIMEOUT, |t| {
        t.cursor_position() == (row, col + 4)
    })?;
    Ok(())
}

/// The first row of a table's data: the row after the header holding all of `columns`.
fn row_after(t: &Tui, columns: &[&str]) -> u16 {
    let rows = t.rows();
    let header = rows
        .iter()
        .position(|r| columns.iter().all(|c| r.contains(c)))
        .unwrap_or_else(|| panic!("{:?}", t.failure("no table header")));
    header as u16 + 1
}

#[test]
fn a_second_click_on_a_search_row_opens_that_file() -> TestResult {
    let shop = Shop::demo(50);
    let staff = shop.staff();
    let me = &staff[0];
    // Three digits many phones begin with: a list of several rows.
    let all = shop.customers_where("erased_at IS NULL", []);
    let prefix = all
        .iter()
        .map(|c| &c.phone_digits[..3])
        .max_by_key(|p| {
            all.iter()
                .filter(|c| c.phone_digits.starts_with(*p))
                .count()
        })
        .unwrap()
        .to_string();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    t.search(&prefix)?;
    let first = row_after(&t, &["Name", "Phone", "Tier"]);
    let second = first + 1;
    let line = t.rows()[second as usize].clone();
    let masked = line
        .split_whitespace()
        .find(|w| w.contains('*'))
        .ok_or_else(|| t.failure("no second row"))?
        .to_string();
    let name = line.trim_start_matches('│')[..line.trim_start_matches('│').find(&masked).unwrap()]
        .trim()
        .to_string();
    let selected_bg = t.cell(first, 20).1;
    assert_ne!(
        t.cell(second, 20).1,
        selected_bg,
        "{:?}",
        t.failure("two rows selected")
    );

    // The first click selects the row and opens nothing.
    t.click(3, second);
    t.wait_until("the second row selected", common::TIMEOUT, |t| {
        t.cell(second, 20).1 == selected_bg && t.cell(first, 20).1 != selected_bg
    })?;
    assert!(
        t.screen().contains("Find a customer"),
        "{:?}",
        t.failure("opened on one click")
    );

    // The second opens it: the file of that customer, its phone in full.
    t.click(3, second);
    t.wait_gone("Find a customer")?;
    let opened: i64 = shop.count(
        "SELECT entity_id FROM audit_log WHERE action = 'view_phone' AND staff_id = ?1
         ORDER BY id DESC LIMIT 1",
        [me.id],
    );
    let c = shop.customer(opened);
    // The list cuts a long name with '…'.
    let shown = name.trim_end_matches('…');
    assert!(
        c.name == name || (name.ends_with('…') && c.name.starts_with(shown)),
        "opened {:?}, clicked {name:?}",
        c.name
    );
    let n = c.phone.chars().count();
    assert!(
        c.phone.starts_with(&masked[..3])
            && c.phone.ends_with(&masked[masked.len() - 4..])
            && n == masked.len(),
        "opened {} {}, clicked {name} {masked}",
        c.name,
        c.phone
    );
    t.wait_for(&c.phone)?;
    Ok(())
}

/// The colour of the top-left corner of the pane titled `title`.
fn corner_colour(t: &Tui, title: &str) -> vt100::Color {
    let (row, col) = t.find(title).expect("the pane title");
    let corner = (0..col)
        .rev()
        .find(|&c| t.cell(row, c).2 == "┌")
        .expect("the pane's corner");
    t.cell(row, corner).0
}

#[test]
fn a_click_on_a_pane_moves_the_focus_on_a_small_screen() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().size(80, 24).start();
    t.sign_in(&staff, 0)?;
    let (callbacks, repairs) = (" Callbacks due ", " Open repair jobs ");
    t.wait_for(repairs)?;
    // On 80×24 the panes are stacked.
    let (rc, _) = t.find(callbacks).unwrap();
    let (rr, _) = t.find(repairs).unwrap();
    assert!(rr > rc + 2, "{:?}", t.failure("the panes are not stacked"));
    let focused = corner_colour(&t, callbacks);
    assert_ne!(corner_colour(&t, repairs), focused);

    t.click(10, rr + 2);
    t.wait_until("the repairs pane focused", common::TIMEOUT, |t| {
        corner_colour(t, repairs) == focused && corner_colour(t, callbacks) != focused
    })?;
    Ok(())
}

#[test]
fn the_home_screen_follows_a_resize() -> TestResult {
    let shop = Shop::demo(20);
    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    let (greetings, repairs) = (" Greetings ", " Open repair jobs ");
    t.wait_for(repairs)?;
    // 100 columns: the two lower panes side by side.
    assert_eq!(t.find(greetings).unwrap().0, t.find(repairs).unwrap().0);

    t.resize(80, 24);
    t.wait_until("the panes stacked", common::TIMEOUT, |t| {
        match (t.find(greetings), t.find(repairs)) {
            (Some(g), Some(r)) => r.0 > g.0 && t.screen().contains("2026-11-23 10:00"),
            _ => false,
        }
    })?;
    Ok(())
}
