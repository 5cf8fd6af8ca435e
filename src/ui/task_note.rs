//! How a task names itself on screen: a milestone thanks says which
//! milestone, in money (¥5,000), never the raw fen the task was made with.

use crate::app::App;
use crate::domain::after_purchase::MILESTONE_THANKS;
use crate::i18n::Locale;

/// The milestone (in fen) a task thanks for, from its source `milestone:N`.
pub fn milestone_of(kind: &str, source: &str) -> Option<i64> {
    if kind != MILESTONE_THANKS {
        return None;
    }
    source.strip_prefix("milestone:")?.parse().ok()
}

/// Money in whole yuan when there are no fen (milestones are round sums).
pub fn round_money(loc: &Locale, fen: i64) -> String {
    let full = loc.money(fen);
    if fen % 100 == 0 {
        full.trim_end_matches(".00").to_string()
    } else {
        full
    }
}

/// The task's kind as a short label: `Thanks ¥5,000` for a milestone.
pub fn kind_text(app: &App, kind: &str, source: &str) -> String {
    match milestone_of(kind, source) {
        Some(fen) => app.env.locale.f(
            "records.milestone_kind",
            &[("amount", &round_money(&app.env.locale, fen))],
        ),
        None => crate::app::callbacks::word(app, "kind", kind),
    }
}

/// The task's note: a milestone says what was passed; a note the staff
/// wrote stays after it. Older tasks stored the milestone's fen as their
/// note, which is not shown again.
pub fn note_text(loc: &Locale, kind: &str, source: &str, note: &str) -> String {
    let Some(fen) = milestone_of(kind, source) else {
        return note.to_string();
    };
    let passed = loc.f(
        "records.milestone_note",
        &[("amount", &round_money(loc, fen))],
    );
    if note.is_empty() || note == fen.to_string() {
        passed
    } else {
        format!("{passed} · {note}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop_data::files::Files;

    #[test]
    fn a_milestone_note_is_money_and_names_its_milestone() {
        let en = Locale::load(&Files::built_in(), "en").unwrap();
        let zh = Locale::load(&Files::built_in(), "zh-CN").unwrap();
        let k = MILESTONE_THANKS;
        assert_eq!(
            note_text(&en, k, "milestone:500000", "500000"),
            "spend passed ¥5,000"
        );
        assert_eq!(
            note_text(&zh, k, "milestone:1000000", ""),
            "累计消费已达 ¥10,000"
        );
        assert_eq!(
            note_text(&en, k, "milestone:500000", "call after 6"),
            "spend passed ¥5,000 · call after 6"
        );
        assert_eq!(note_text(&en, "purchase_callback", "purchase", "x"), "x");
        assert_eq!(round_money(&en, 123_450), "¥1,234.50");
    }
}
