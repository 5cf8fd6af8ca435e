//! The message library's rules (DOMAIN §3): which placeholders a template
//! may use, filling them in, and each kind's "must never" rule: words, and
//! patterns for what words alone miss (8折, 20% off, buy 2 get 1 …).

use regex::Regex;

use super::occasions::Kind;

/// What a kind of message must never say: words (Chinese found anywhere,
/// English as whole words) and patterns (regular expressions).
#[derive(Debug, Clone, Default)]
pub struct Never {
    pub words: Vec<String>,
    pub patterns: Vec<Regex>,
}

impl Never {
    pub fn words(words: Vec<String>) -> Never {
        Never {
            words,
            patterns: Vec::new(),
        }
    }

    /// Adds another set (the rules of every language apply to every
    /// message, so a mixed-language text is caught too).
    pub fn extend(&mut self, other: &Never) {
        for w in &other.words {
            if !self.words.contains(w) {
                self.words.push(w.clone());
            }
        }
        self.patterns.extend(other.patterns.iter().cloned());
    }
}

/// The placeholders every template may use, and the ones of its kind.
pub fn placeholders(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Festival => &["customer", "associate", "shop", "festival"],
        Kind::Season => &["customer", "associate", "shop", "season"],
        Kind::Birthday | Kind::MissYou => &["customer", "associate", "shop"],
    }
}

/// What is wrong with a template's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    /// A `{name}` the kind does not know.
    UnknownPlaceholder(String),
    /// A `{` without its `}`.
    Unclosed,
    /// Words the kind must never say, as found in the text.
    Forbidden(Vec<String>),
}

/// The placeholders in `text`, or the first malformed one.
fn names(text: &str) -> Result<Vec<&str>, Problem> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(Problem::Unclosed)?;
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Checks a template: not empty, known placeholders only, nothing the kind
/// must never say (`never`).
pub fn check(kind: Kind, text: &str, never: &Never) -> Result<(), Problem> {
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    let allowed = placeholders(kind);
    if let Some(bad) = names(text)?.into_iter().find(|n| !allowed.contains(n)) {
        return Err(Problem::UnknownPlaceholder(bad.to_string()));
    }
    let found = forbidden(text, never);
    if !found.is_empty() {
        return Err(Problem::Forbidden(found));
    }
    Ok(())
}

/// Fills the placeholders; unknown ones are left as they are.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// What `text` says that it must never say: the words of `never` found,
/// in list order, then each pattern's matches as written in the text.
/// Chinese words are found anywhere; English ones only as whole words (a
/// plural `s`/`es` allowed), so "event" is found in "events" but not in
/// "eventually".
pub fn forbidden(text: &str, never: &Never) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = never
        .words
        .iter()
        .filter(|w| {
            let w = w.to_lowercase();
            if w.is_ascii() {
                contains_word(&lower, &w)
            } else {
                lower.contains(&w)
            }
        })
        .cloned()
        .collect();
    for p in &never.patterns {
        for m in p.find_iter(text) {
            let part = m.as_str().trim().to_string();
            let covered = found
                .iter()
                .any(|f| f.to_lowercase().contains(&part.to_lowercase()));
            if !part.is_empty() && !covered {
                // A longer match replaces the words it contains.
                found.retain(|f| !part.to_lowercase().contains(&f.to_lowercase()));
                found.push(part);
            }
        }
    }
    found
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'';
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before_ok = !text[..start].chars().next_back().is_some_and(is_word);
        let tail = &text[end..];
        let after = tail
            .strip_prefix("es")
            .filter(|t| !t.chars().next().is_some_and(is_word))
            .or_else(|| tail.strip_prefix('s'))
            .unwrap_or(tail);
        let after_ok = !after.chars().next().is_some_and(is_word);
        if before_ok && after_ok {
            return true;
        }
        from = start + word.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    fn never(ws: &[&str]) -> Never {
        Never::words(words(ws))
    }

    #[test]
    fn chinese_festival_words_are_found_anywhere() {
        let never = self::never(&["促销", "打折", "活动", "优惠"]);
        assert_eq!(
            forbidden("{customer}，中秋快乐！本店全场打折，欢迎参加活动", &never),
            words(&["打折", "活动"])
        );
        assert!(check(Kind::Festival, "{customer}，中秋快乐，阖家团圆！", &never).is_ok());
        assert_eq!(
            check(
                Kind::Festival,
                "{customer}，{festival}快乐，优惠多多",
                &never
            ),
            Err(Problem::Forbidden(words(&["优惠"])))
        );
    }

    #[test]
    fn chinese_season_and_miss_you_words() {
        let season = self::never(&["新品", "新款", "上新", "到货"]);
        assert_eq!(
            forbidden("立冬了，注意保暖。店里新款到货了", &season),
            words(&["新款", "到货"])
        );
        let miss = self::never(&["发生了什么", "出什么事", "怎么了", "是不是不满意"]);
        assert_eq!(
            forbidden("好久不见，是不是不满意我们的服务？", &miss),
            words(&["是不是不满意"])
        );
        assert!(forbidden("好久不见，想念您，注意休息", &miss).is_empty());
    }

    #[test]
    fn english_words_match_whole_words_and_plurals_only() {
        let never = self::never(&["sale", "event", "discount", "new arrivals"]);
        assert_eq!(
            forbidden("Happy Mid-Autumn! Our SALE starts today", &never),
            words(&["sale"])
        );
        assert_eq!(forbidden("Come to our events", &never), words(&["event"]));
        assert_eq!(
            forbidden("Discounts for you.", &never),
            words(&["discount"])
        );
        assert_eq!(
            forbidden("See the new arrivals!", &never),
            words(&["new arrivals"])
        );
        // Inside longer words: not the forbidden word.
        assert!(forbidden("Eventually, wholesale salesmanship", &never).is_empty());
        assert!(check(Kind::Festival, "Dear {customer}, happy {festival}!", &never).is_ok());
    }

    #[test]
    fn english_miss_you_must_not_ask_what_happened() {
        let never = self::never(&["what happened", "is something wrong"]);
        assert_eq!(
            forbidden("We miss you. What happened?", &never),
            words(&["what happened"])
        );
        assert!(forbidden("We miss you. Take good care and rest well.", &never).is_empty());
    }

    #[test]
    fn placeholders_are_checked_by_kind() {
        assert!(
            check(
                Kind::Birthday,
                "Happy birthday {customer}! {associate}",
                &Never::default()
            )
            .is_ok()
        );
        assert_eq!(
            check(Kind::Birthday, "Happy {festival}", &Never::default()),
            Err(Problem::UnknownPlaceholder("festival".into()))
        );
        assert_eq!(
            check(Kind::Season, "Hi {customer", &Never::default()),
            Err(Problem::Unclosed)
        );
        assert_eq!(
            check(Kind::Season, "  ", &Never::default()),
            Err(Problem::Empty)
        );
        assert!(
            check(
                Kind::Season,
                "{season}: dress warmly, {customer}",
                &Never::default()
            )
            .is_ok()
        );
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(
                "{customer}，{festival}快乐！{associate}",
                &[
                    ("customer", "王女士"),
                    ("festival", "中秋"),
                    ("associate", "小李")
                ]
            ),
            "王女士，中秋快乐！小李"
        );
    }
}
