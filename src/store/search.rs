//! The two customer search indexes (see `domain::search_keys`) and the
//! search that reads them with the customer row's own indexes (phone,
//! pinyin, initials), one query per keystroke.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::search_keys::{self, Query};

/// Puts (or puts again) a customer in both search indexes.
pub fn index_customer(
    conn: &Connection,
    id: i64,
    name: &str,
    initials: &str,
    phone_digits: &str,
) -> Result<()> {
    unindex_customer(conn, id)?;
    conn.prepare_cached("INSERT INTO customer_search(rowid, keys) VALUES (?1, ?2)")?
        .execute(params![id, search_keys::long_keys(name, phone_digits)])?;
    conn.prepare_cached("INSERT INTO customer_short(rowid, tokens) VALUES (?1, ?2)")?
        .execute(params![id, search_keys::short_tokens(name, initials)])?;
    Ok(())
}

/// Takes a customer out of both indexes (an edit re-indexes; an erasure does not).
pub fn unindex_customer(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM customer_search WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM customer_short WHERE rowid = ?1")?
        .execute([id])?;
    Ok(())
}

/// One customer found by [`search`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: i64,
    pub name: String,
    /// In full: the screen masks it.
    pub phone: String,
    pub total_spend_fen: i64,
    pub last_purchase_on: Option<String>,
    /// `YYYY-MM-DD`, or `--MM-DD` when the year is not known.
    pub birthday: Option<String>,
}

/// The customers a typed query found, best first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResult {
    pub rows: Vec<Hit>,
    /// More customers matched than were asked for.
    pub more: bool,
    /// One or two digits: too few to look for in phone numbers.
    pub too_short: bool,
}

/// A key kept on the customer row, with an index of its own.
#[derive(Clone, Copy)]
enum Column {
    PhoneDigits,
    Pinyin,
    Initials,
}

/// One look-up in one index.
enum Lookup {
    /// The trigram index (`customer_search`), an FTS5 query string: a
    /// substring of the name or the phone.
    Trigram(String),
    /// The token index (`customer_short`), an FTS5 query string: a whole
    /// token, or with `*` the tokens starting so.
    Token(String),
    /// The key equal to the query.
    Equal(Column),
    /// The key starting with the query.
    Starts(Column),
}

impl Lookup {
    fn sql(&self) -> &'static str {
        use Column::*;
        match self {
            Lookup::Trigram(_) => {
                "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 LIMIT ?3"
            }
            Lookup::Token(_) => {
                "SELECT rowid FROM customer_short WHERE customer_short MATCH ?1 LIMIT ?3"
            }
            Lookup::Equal(PhoneDigits) => {
                "SELECT id FROM customers WHERE phone_digits = ?1 LIMIT ?3"
            }
            Lookup::Equal(Pinyin) => "SELECT id FROM customers WHERE name_pinyin = ?1 LIMIT ?3",
            Lookup::Equal(Initials) => "SELECT id FROM customers WHERE name_initials = ?1 LIMIT ?3",
            Lookup::Starts(PhoneDigits) => {
                "SELECT id FROM customers WHERE phone_digits >= ?1 AND phone_digits < ?2 LIMIT ?3"
            }
            Lookup::Starts(Pinyin) => {
                "SELECT id FROM customers WHERE name_pinyin >= ?1 AND name_pinyin < ?2 LIMIT ?3"
            }
            Lookup::Starts(Initials) => {
                "SELECT id FROM customers WHERE name_initials >= ?1 AND name_initials < ?2 LIMIT ?3"
            }
        }
    }

    /// The first parameter: the FTS5 string, or the query itself.
    fn text<'a>(&'a self, q: &'a str) -> &'a str {
        match self {
            Lookup::Trigram(t) | Lookup::Token(t) => t,
            Lookup::Equal(_) | Lookup::Starts(_) => q,
        }
    }
}

/// An FTS5 string: the text quoted, so that no character of it is syntax.
fn fts_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The look-ups for a query, the likeliest first: whole keys (a name, a
/// pinyin, initials, a phone, a word of a Latin name), then keys starting
/// with it, then (names and phones only) keys holding it.
fn lookups(query: &Query) -> Option<(&str, Vec<Lookup>)> {
    use Column::*;
    let whole = |q: &str| Lookup::Trigram(fts_string(&format!(" {q} ")));
    let starts = |q: &str| Lookup::Token(format!("{}*", fts_string(q)));
    match query {
        Query::Empty | Query::TooShort => None,
        Query::Prefix(q) if q.is_empty() => None,
        Query::HanToken(q) => Some((q, vec![whole(q), Lookup::Token(fts_string(q))])),
        Query::Prefix(q) => Some((
            q,
            vec![
                Lookup::Equal(Initials),
                Lookup::Token(fts_string(q)),
                Lookup::Starts(Initials),
                Lookup::Starts(Pinyin),
                starts(q),
            ],
        )),
        Query::Substring(q) if q.chars().all(|c| c.is_ascii_digit()) => Some((
            q,
            vec![
                Lookup::Equal(PhoneDigits),
                Lookup::Starts(PhoneDigits),
                Lookup::Trigram(fts_string(q)),
            ],
        )),
        // Letters: pinyin, initials, a word of a Latin name.
        Query::Substring(q)
            if q.chars()
                .all(|c| c.is_alphanumeric() && !search_keys::is_han(c)) =>
        {
            Some((
                q,
                vec![
                    Lookup::Equal(Pinyin),
                    Lookup::Equal(Initials),
                    Lookup::Token(fts_string(q)),
                    Lookup::Starts(Pinyin),
                    Lookup::Starts(Initials),
                    starts(q),
                ],
            ))
        }
        Query::Substring(q) => Some((q, vec![whole(q), Lookup::Trigram(fts_string(q))])),
    }
}

/// Finds customers by what was typed so far: at most `limit` of them, the
/// whole-key matches first, then those where a key starts (or a phone
/// ends) with the query, then the rest; in order of registration within each.
pub fn search(conn: &Connection, raw: &str, limit: usize) -> Result<SearchResult> {
    let query = search_keys::read_query(raw);
    if query == Query::TooShort {
        return Ok(SearchResult {
            too_short: true,
            ..SearchResult::default()
        });
    }
    let Some((q, steps)) = lookups(&query) else {
        return Ok(SearchResult::default());
    };
    // Every string starting with `q` sorts before this one.
    let past = format!("{q}\u{10FFFF}");
    // One more than asked for tells whether there are more.
    let wanted = limit + 1;
    let mut ids: Vec<i64> = Vec::with_capacity(wanted);
    for step in steps {
        if ids.len() >= wanted {
            break;
        }
        // The earlier steps' ids may come again here; ask for enough beyond them.
        let fetch = (wanted + ids.len()) as i64;
        let mut stmt = conn.prepare_cached(step.sql())?;
        let found = stmt.query_map(params![step.text(q), past, fetch], |r| r.get::<_, i64>(0))?;
        for id in found {
            let id = id?;
            if !ids.contains(&id) {
                ids.push(id);
                if ids.len() >= wanted {
                    break;
                }
            }
        }
    }
    let more = ids.len() > limit;
    let mut stmt = conn.prepare_cached(
        "SELECT name, COALESCE(phone, ''), total_spend_fen, last_purchase_on, birthday,
                COALESCE(name_pinyin, ''), COALESCE(name_initials, ''), COALESCE(phone_digits, '')
         FROM customers WHERE id = ?1 AND erased_at IS NULL",
    )?;
    let mut ranked: Vec<(Rank, Hit)> = Vec::with_capacity(ids.len());
    for id in ids {
        let row = stmt
            .query_row([id], |r| {
                let hit = Hit {
                    id,
                    name: r.get(0)?,
                    phone: r.get(1)?,
                    total_spend_fen: r.get(2)?,
                    last_purchase_on: r.get(3)?,
                    birthday: r.get(4)?,
                };
                let keys = Keys {
                    pinyin: r.get(5)?,
                    initials: r.get(6)?,
                    phone_digits: r.get(7)?,
                };
                Ok((hit, keys))
            })
            .optional()?;
        if let Some((hit, keys)) = row {
            ranked.push((rank(q, &hit.name, &keys), hit));
        }
    }
    // A stable sort keeps the order of registration within a rank.
    ranked.sort_by_key(|(r, _)| *r);
    let rows = ranked.into_iter().take(limit).map(|(_, h)| h).collect();
    Ok(SearchResult {
        rows,
        more,
        too_short: false,
    })
}

/// The computed search keys of a customer, beside the name.
struct Keys {
    pinyin: String,
    initials: String,
    phone_digits: String,
}

/// How well a customer matches a query; the smaller the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The query is a whole key: the name, a word of it, the pinyin, the initials, the phone.
    Whole,
    /// A key starts with the query, or the phone ends with it (its last digits).
    Edge,
    /// The query is inside a key.
    Inside,
}

fn rank(q: &str, name: &str, keys: &Keys) -> Rank {
    let name = name.to_lowercase();
    let words = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut all = [
        name.as_str(),
        keys.pinyin.as_str(),
        keys.initials.as_str(),
        keys.phone_digits.as_str(),
    ]
    .into_iter()
    .chain(words);
    if all.clone().any(|k| k == q) {
        Rank::Whole
    } else if all.any(|k| k.starts_with(q)) || keys.phone_digits.ends_with(q) {
        Rank::Edge
    } else {
        Rank::Inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{Field, Values};
    use crate::domain::staff::Role;
    use crate::store::{customers, staff};
    use chrono::NaiveDate;

    fn shop(people: &[(&str, &str)]) -> (Connection, Vec<i64>) {
        let mut conn = crate::store::open_in_memory().unwrap();
        let by = staff::add(&conn, "王芳", Role::Associate, "x").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let ids = people
            .iter()
            .map(|(name, phone)| {
                let mut v = Values::new_customer();
                v.set(Field::Name, *name);
                v.set(Field::Phone, *phone);
                customers::create(&mut conn, &v, by, today).unwrap()
            })
            .collect();
        (conn, ids)
    }

    fn names(conn: &Connection, q: &str) -> Vec<String> {
        search(conn, q, 20)
            .unwrap()
            .rows
            .into_iter()
            .map(|h| h.name)
            .collect()
    }

    const PEOPLE: &[(&str, &str)] = &[
        ("张三丰", "13900001111"),
        ("李张三", "13900002222"),
        ("张三", "13812345678"),
        ("Emily Chen", "13700005555"),
        ("陈小红", "15988885678"),
        ("孙七", "13611112222"),
    ];

    #[test]
    fn initials_pinyin_characters_and_phones_find_the_customer() {
        let (conn, _) = shop(PEOPLE);
        assert_eq!(names(&conn, "zs")[0], "张三");
        assert!(names(&conn, "zhangsan").contains(&"张三".to_string()));
        assert!(names(&conn, "三").contains(&"张三".to_string()));
        assert_eq!(names(&conn, "5678"), ["张三", "陈小红"]);
        assert_eq!(names(&conn, "Emi"), ["Emily Chen"]);
        assert_eq!(names(&conn, "chen"), ["Emily Chen", "陈小红"]);
        assert_eq!(names(&conn, "EC"), ["Emily Chen"]);
        assert_eq!(names(&conn, "138-1234-5678"), ["张三"]);
        assert!(names(&conn, "wangwu").is_empty());
    }

    #[test]
    fn whole_matches_come_first_then_starts_then_the_rest() {
        let (conn, _) = shop(PEOPLE);
        // 张三 is the whole name; 张三丰 starts with it; 李张三 holds it inside.
        assert_eq!(names(&conn, "张三"), ["张三", "张三丰", "李张三"]);
        assert_eq!(names(&conn, "zhangsan"), ["张三", "张三丰", "李张三"]);
        assert_eq!(names(&conn, "zs"), ["张三", "张三丰"]);
        // A name starting with the character comes before one holding it.
        assert_eq!(names(&conn, "张"), ["张三丰", "张三", "李张三"]);
        assert_eq!(names(&conn, "三"), ["张三丰", "李张三", "张三"]);
    }

    #[test]
    fn pinyin_is_found_from_the_start_of_the_name_or_of_the_given_name() {
        let (conn, _) = shop(PEOPLE);
        assert_eq!(names(&conn, "sanfeng"), ["张三丰"]);
        assert_eq!(names(&conn, "zh"), ["张三", "张三丰", "李张三"]);
        assert_eq!(names(&conn, "xiaoh"), ["陈小红"]);
        // Not from inside a syllable.
        assert!(names(&conn, "angsan").is_empty());
    }

    #[test]
    fn a_full_phone_number_is_a_whole_match() {
        let (conn, _) = shop(&[("王五", "13812345678"), ("刘六", "13812345679")]);
        assert_eq!(names(&conn, "1381234567"), ["王五", "刘六"]);
        assert_eq!(names(&conn, "13812345679"), ["刘六"]);
    }

    #[test]
    fn more_says_when_the_limit_cut_the_list() {
        let (conn, _) = shop(PEOPLE);
        let r = search(&conn, "139", 1).unwrap();
        assert_eq!(r.rows.len(), 1);
        assert!(r.more);
        let r = search(&conn, "139", 2).unwrap();
        assert_eq!(r.rows.len(), 2);
        assert!(!r.more);
    }

    #[test]
    fn the_limit_keeps_the_whole_matches_even_when_many_match() {
        let mut people: Vec<(String, String)> = (0..30)
            .map(|i| {
                (
                    format!("张三{}", ["丰", "宝", "妹"][i % 3]),
                    format!("1390000{i:04}"),
                )
            })
            .collect();
        people.push(("张三".into(), "13812345678".into()));
        let borrowed: Vec<(&str, &str)> = people
            .iter()
            .map(|(n, p)| (n.as_str(), p.as_str()))
            .collect();
        let (conn, _) = shop(&borrowed);
        let r = search(&conn, "张三", 5).unwrap();
        assert_eq!(r.rows[0].name, "张三");
        assert_eq!(r.rows.len(), 5);
        assert!(r.more);
        let r = search(&conn, "zs", 5).unwrap();
        assert_eq!(r.rows[0].name, "张三");
    }

    #[test]
    fn short_digits_ask_for_more_and_empty_finds_nothing() {
        let (conn, _) = shop(PEOPLE);
        let r = search(&conn, "13", 10).unwrap();
        assert!(r.too_short && r.rows.is_empty());
        assert_eq!(search(&conn, "  ", 10).unwrap(), SearchResult::default());
        assert_eq!(search(&conn, "--", 10).unwrap(), SearchResult::default());
    }

    #[test]
    fn quotes_and_fts_syntax_are_plain_text() {
        let (conn, _) = shop(PEOPLE);
        for q in ["zs\"", "\"", "a OR b", "*", "张 AND", "(x", "NEAR(", "e*"] {
            search(&conn, q, 10).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        }
        assert_eq!(names(&conn, "\"zs\""), names(&conn, "zs"));
    }

    #[test]
    fn an_erased_customer_is_not_found() {
        let (mut conn, ids) = shop(PEOPLE);
        let manager = staff::add(&conn, "李娜", Role::Manager, "x").unwrap();
        customers::erase(&mut conn, ids[2], manager, "asked").unwrap();
        assert_eq!(names(&conn, "5678"), ["陈小红"]);
        assert!(!names(&conn, "zs").contains(&"张三".to_string()));
    }

    #[test]
    fn the_hit_carries_the_full_phone_and_the_figures() {
        let (conn, ids) = shop(PEOPLE);
        let r = search(&conn, "孙七", 10).unwrap();
        assert_eq!(
            r.rows,
            [Hit {
                id: ids[5],
                name: "孙七".into(),
                phone: "13611112222".into(),
                total_spend_fen: 0,
                last_purchase_on: None,
                birthday: None,
            }]
        );
    }
}
