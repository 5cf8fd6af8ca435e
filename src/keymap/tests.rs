use super::*;
use ratatui::crossterm::event::KeyEventKind;

fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: mods,
        kind: KeyEventKind::Press,
        state: ratatui::crossterm::event::KeyEventState::NONE,
    }
}

fn src(text: &str) -> Source {
    Source {
        label: "my.toml".into(),
        text: text.into(),
    }
}

#[test]
fn keys_parse_and_print_back() {
    for (text, label) in [
        ("F2", "F2"),
        ("ctrl-S", "Ctrl-s"),
        ("Shift-Tab", "Shift-Tab"),
        ("Enter", "Enter"),
        ("Alt-x", "Alt-x"),
        ("Space", "Space"),
        ("?", "?"),
        ("Shift-g", "G"),
    ] {
        assert_eq!(Key::parse(text).unwrap().label(), label, "{text}");
    }
    for bad in ["F13", "Ctrl-", "Hyper-x", "xy", ""] {
        assert!(Key::parse(bad).is_none(), "{bad}");
    }
}

#[test]
fn shipped_key_maps_load() {
    let files = Files::locate(None);
    for name in ["default", "vim"] {
        let map = KeyMap::load(&files, name, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(
            map.resolve(&[Context::Home], &ev(KeyCode::F(1), KeyModifiers::NONE)),
            Some(Action::Help)
        );
    }
}

#[test]
fn contexts_are_searched_in_order_then_global() {
    let map = KeyMap::from_source(&src(
        "[global]\nEsc = \"back\"\nHome = \"home\"\n[text]\nHome = \"cursor_start\"\n",
    ))
    .unwrap();
    let home = ev(KeyCode::Home, KeyModifiers::NONE);
    assert_eq!(
        map.resolve(&[Context::Text, Context::Form], &home),
        Some(Action::CursorStart)
    );
    assert_eq!(map.resolve(&[Context::Form], &home), Some(Action::Home));
    assert_eq!(
        map.resolve(&[Context::Form], &ev(KeyCode::Esc, KeyModifiers::NONE)),
        Some(Action::Back)
    );
}

#[test]
fn shift_is_folded_into_characters() {
    let map = KeyMap::from_source(&src("[home]\nG = \"last\"\n\"Ctrl-s\" = \"save\"\n")).unwrap();
    assert_eq!(
        map.resolve(
            &[Context::Home],
            &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)
        ),
        Some(Action::Last)
    );
    assert_eq!(
        map.resolve(
            &[Context::Home],
            &ev(
                KeyCode::Char('S'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            )
        ),
        Some(Action::Save)
    );
}

#[test]
fn errors_name_file_and_line() {
    let e = KeyMap::from_source(&src("[home]\nF2 = \"fly\"\n")).unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "my.toml:2: [home] \"F2\": unknown action \"fly\""
    );
    let e = KeyMap::from_source(&src(
        "[home]\n\"Ctrl-Q\" = \"quit\"\n\"ctrl-q\" = \"help\"\n",
    ))
    .unwrap_err();
    assert_eq!(e[0].line, Some(3));
    assert!(e[0].message.contains("same key"), "{}", e[0]);
    let e = KeyMap::from_source(&src("[nowhere]\nF2 = \"help\"\n")).unwrap_err();
    assert_eq!(e[0].line, Some(1));
    let e = KeyMap::from_source(&src("[home]\nF99 = \"help\"\n")).unwrap_err();
    assert_eq!(e[0].line, Some(2));
    let e = KeyMap::from_source(&src("[home]\ntick = \"tick\"\n")).unwrap_err();
    assert!(e[0].message.contains("cannot read the key"));
}

#[test]
fn a_user_file_replaces_single_bindings() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[global]\nF2 = \"help\"\nF1 = \"none\"\n").unwrap();
    let map = KeyMap::load(&Files::locate(None), "default", Some(&user)).unwrap();
    assert_eq!(
        map.resolve(&[], &ev(KeyCode::F(2), KeyModifiers::NONE)),
        Some(Action::Help)
    );
    assert_eq!(
        map.resolve(&[], &ev(KeyCode::F(1), KeyModifiers::NONE)),
        None
    );
    assert_eq!(
        map.resolve(&[], &ev(KeyCode::F(12), KeyModifiers::NONE)),
        Some(Action::Lock)
    );
}
