//! Drawing the app on ratatui's TestBackend, for rendering tests.

#![allow(dead_code)]

use aftercare::app::{Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as text, a line per row, wide characters once, trailing spaces cut.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| aftercare::ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Types text character by character, as keys would.
pub fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Type(c));
    }
}

/// The app on `conn` as a rendering test wants it: the shipped data files,
/// `lang`, the default key map, the clock fixed at `now`.
pub fn app_on(
    conn: rusqlite::Connection,
    lang: &str,
    mode: aftercare::app::Mode,
    now: chrono::NaiveDateTime,
) -> App {
    use aftercare::shop_data::files::Files;
    let files = Files::locate(None);
    let env = aftercare::app::Env {
        conn,
        policy: aftercare::shop_data::policy::Policy::load(&files).unwrap(),
        locale: aftercare::i18n::Locale::load(&files, lang).unwrap(),
        keymap: aftercare::keymap::KeyMap::load(&files, "default", None).unwrap(),
        mode,
        idle_lock: std::time::Duration::from_secs(3000),
        clock: aftercare::app::Clock::Fixed(now),
        reasons: aftercare::shop_data::reasons::Reasons::load(&files, lang).unwrap(),
        receipts_dir: std::env::temp_dir().join("aftercare-render-receipts"),
    };
    App::new(env).unwrap()
}
