//! The message library's rules (DOMAIN §3): which placeholders a template
//! may use, filling them in, and each kind's "must never" words.

use super::occasions::Kind;

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

/// Checks a template: not empty, known placeholders only, none of the
/// kind's forbidden words (`never`).
pub fn check(kind: Kind, text: &str, never: &[String]) -> Result<(), Problem> {
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

/// The words of `never` found in `text`, in list order. Chinese words are
/// found anywhere; English ones only as whole words (a plural `s`/`es`
/// allowed), so "event" is found in "events" but not in "eventually".
pub fn forbidden(text: &str, never: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    never
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
        .collect()
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

    #[test]
    fn chinese_festival_words_are_found_anywhere() {
        let never = words(&["促销", "打折", "活动", "优惠"]);
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
        let season = words(&["新品", "新款", "上新", "到货"]);
        assert_eq!(
            forbidden("立冬了，注意保暖。店里新款到货了", &season),
            words(&["新款", "到货"])
        );
        let miss = words(&["发生了什么", "出什么事", "怎么了", "是不是不满意"]);
        assert_eq!(
            forbidden("好久不见，是不是不满意我们的服务？", &miss),
            words(&["是不是不满意"])
        );
        assert!(forbidden("好久不见，想念您，注意休息", &miss).is_empty());
    }

    #[test]
    fn english_words_match_whole_words_and_plurals_only() {
        let never = words(&["sale", "event", "discount", "new arrivals"]);
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
        let never = words(&["what happened", "is something wrong"]);
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
                &[]
            )
            .is_ok()
        );
        assert_eq!(
            check(Kind::Birthday, "Happy {festival}", &[]),
            Err(Problem::UnknownPlaceholder("festival".into()))
        );
        assert_eq!(
            check(Kind::Season, "Hi {customer", &[]),
            Err(Problem::Unclosed)
        );
        assert_eq!(check(Kind::Season, "  ", &[]), Err(Problem::Empty));
        assert!(check(Kind::Season, "{season}: dress warmly, {customer}", &[]).is_ok());
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
