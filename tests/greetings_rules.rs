//! Issue 13: the "must never" rule of each kind of message recognises
//! patterns, not only words, in both languages, with the offending part
//! shown; accepted and refused texts checked against the shipped rules.

use aftercare::domain::occasions::Kind;
use aftercare::domain::templates::{self, Problem};
use aftercare::shop_data::files::{Files, Source};
use aftercare::shop_data::greetings::GreetingData;

fn rules() -> GreetingData {
    GreetingData::load(&Files::built_in(), 7).unwrap()
}

/// Each text refused for its kind, with the part that must go.
fn refused(d: &GreetingData, kind: Kind, cases: &[(&str, &str)]) {
    for (text, part) in cases {
        match templates::check(kind, text, d.never(kind, "en")) {
            Err(Problem::Forbidden(found)) => assert!(
                found.iter().any(|f| f.eq_ignore_ascii_case(part)),
                "{kind:?} {text:?}: found {found:?}, expected {part:?}"
            ),
            other => panic!("{kind:?} {text:?} passed: {other:?}"),
        }
    }
}

fn accepted(d: &GreetingData, kind: Kind, texts: &[&str]) {
    for text in texts {
        assert_eq!(
            templates::check(kind, text, d.never(kind, "zh-CN")),
            Ok(()),
            "{kind:?} {text:?}"
        );
    }
}

#[test]
fn festival_messages_never_carry_a_discount_or_a_sale_in_any_form() {
    let d = rules();
    refused(
        &d,
        Kind::Festival,
        &[
            ("{customer}，中秋快乐！全场8折", "8折"),
            ("{customer}，国庆快乐，全场八折", "八折"),
            ("{customer}，{festival}快乐！部分商品7.5折", "7.5折"),
            ("{customer}，端午安康，买一送一", "买一送一"),
            ("{customer}，新年好！买2件送1件", "买2件送1件"),
            ("{customer}，春节快乐，满300减50", "满300减"),
            ("{customer}，元宵快乐！满三百送好礼", "满三百送"),
            ("{customer}，中秋大促开始啦", "大促"),
            ("{customer}，七夕限时惊喜等你", "限时"),
            (
                "Happy {festival}, {customer}! 20% off everything",
                "20% off",
            ),
            (
                "Happy {festival}! Take 15 percent off today",
                "15 percent off",
            ),
            (
                "Happy {festival}! Buy one, get one on all scarves",
                "Buy one, get one",
            ),
            ("Happy {festival}! Buy 2 get 1 free", "Buy 2 get 1"),
            (
                "Happy {festival}! Spend 300 and save 50",
                "Spend 300 and save",
            ),
            (
                "Dear {customer}, limited time: happy {festival}!",
                "limited time",
            ),
            (
                "Dear {customer}, today only, happy {festival}!",
                "today only",
            ),
            ("Happy {festival}! Our flash sale starts now", "flash sale"),
            // Mixed languages: every language's rules apply.
            ("Happy {festival}! 全场8折", "8折"),
        ],
    );
    accepted(
        &d,
        Kind::Festival,
        &[
            "{customer}，中秋快乐，阖家团圆！",
            "{customer}，{festival}快乐！愿您八方来福，事事顺心。",
            "Dear {customer}, happy {festival}! Wishing you a great year ahead.",
            "Happy {festival}, {customer}! 100% of our good wishes are with you.",
            "{customer}，新年好！祝您2027年万事如意。",
        ],
    );
}

#[test]
fn season_messages_never_announce_new_stock_in_other_words() {
    let d = rules();
    refused(
        &d,
        Kind::Season,
        &[
            ("{customer}，立冬了，注意保暖。冬装已上市", "上市"),
            ("{customer}，{season}到了，新品到店，欢迎来看看", "新品"),
            ("{customer}，立秋了，秋款首发", "秋款首发"),
            (
                "{customer}, {season} is here. Just landed: wool coats!",
                "Just landed",
            ),
            (
                "{customer}, {season} is here. Our winter collection is in",
                "winter collection",
            ),
            (
                "{customer}, {season}: new styles are waiting for you",
                "new styles",
            ),
            (
                "{customer}, {season}! Cashmere is back in stock",
                "back in stock",
            ),
            (
                "{customer}, dress warmly. Now in store: down jackets",
                "Now in store",
            ),
        ],
    );
    accepted(
        &d,
        Kind::Season,
        &[
            "{customer}，{season}了，早晚温差大，注意添衣。",
            "{customer}, {season} is here and the weather is turning. Dress warmly.",
            "{customer}, a new season begins with {season}: take care and rest well.",
        ],
    );
}

#[test]
fn miss_you_messages_never_ask_what_went_wrong() {
    let d = rules();
    refused(
        &d,
        Kind::MissYou,
        &[
            (
                "{customer}，好久不见，是不是我们哪里做得不好让您不满意？",
                "是不是我们哪里做得不好让您不满意",
            ),
            ("{customer}，好久不见，哪里服务不周请告诉我", "哪里服务不周"),
            ("{customer}，最近是不是遇到什么不愉快", "遇到什么不愉快"),
            ("{customer}，为什么很久没来了呀", "为什么很久没来"),
            ("{customer}，您怎么没来了", "怎么没来"),
            (
                "Dear {customer}, we miss you. Did we do something to upset you?",
                "Did we do something",
            ),
            (
                "{customer}, we miss you. Was there anything wrong with your last visit?",
                "Was there anything wrong",
            ),
            (
                "{customer}, we miss you. Any issues with your purchase?",
                "Any issues",
            ),
            ("{customer}, why haven't you been by?", "why haven't you"),
            (
                "{customer}, were you disappointed with our service?",
                "disappointed with",
            ),
        ],
    );
    accepted(
        &d,
        Kind::MissYou,
        &[
            "{customer}，好久不见，挺想念您的。注意身体，好好休息。",
            "{customer}您好，最近一切都好吗？记得照顾好自己。",
            "Dear {customer}, it has been a while and we miss you. Take good care.",
            "{customer}, just thinking of you. I hope all is well; rest well.",
        ],
    );
}

#[test]
fn a_pattern_that_is_not_valid_stops_the_start_with_its_line() {
    let shipped = Files::built_in().read("data/greetings.toml").unwrap().text;
    let broken = shipped.replace(r"'\d+(\.\d+)?\s*折'", r"'\d+(\.\d+?\s*折'");
    assert_ne!(broken, shipped);
    let src = Source {
        label: "greetings.toml".into(),
        text: broken.clone(),
    };
    let e = GreetingData::from_source(&src, 7).unwrap_err();
    let line = broken
        .lines()
        .position(|l| l.contains(r"'\d+(\.\d+?\s*折'"))
        .unwrap()
        + 1;
    assert_eq!(e.line, Some(line), "{e}");
    assert!(e.message.contains("not a valid pattern"), "{e}");
}

#[test]
fn a_library_template_matching_a_pattern_is_refused_at_start() {
    let mut d = rules();
    let src = Source {
        label: "t.toml".into(),
        text:
            "[festival]\nok = \"{customer}，中秋快乐\"\nbad = \"{customer}，中秋快乐，全场7.5折\"\n"
                .into(),
    };
    let e = d.add_library(&src, "zh-CN").unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("7.5折"), "{e}");
}

#[test]
fn the_export_checks_each_message_as_it_goes_out_and_writes_nothing_that_breaks_the_rule() {
    use aftercare::domain::staff::Role;
    use aftercare::store::{self, staff};
    let mut conn = store::open_in_memory().unwrap();
    let a = staff::add(&conn, "小李", Role::Associate, "x").unwrap();
    conn.execute(
        "INSERT INTO customers (name, phone, greetings_ok, closest_staff_id, created_at, updated_at)
         VALUES ('王女士', '13800138000', 1, ?1, 'x', 'x')",
        [a],
    )
    .unwrap();
    let data = rules();
    let loc = aftercare::i18n::Locale::load(&Files::built_in(), "zh-CN").unwrap();
    let new_year = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let export = |conn: &mut rusqlite::Connection, shop: &str| {
        let mut out = Vec::new();
        let r = aftercare::export::greetings::day(
            conn, &data, &loc, shop, new_year, None, None, &mut out,
        );
        (r, String::from_utf8(out).unwrap())
    };
    // The shop's name, filled into the message, says 大促: nothing goes out.
    let (r, text) = export(&mut conn, "双十一大促服饰");
    let e = r.unwrap_err().to_string();
    assert!(e.contains("王女士") && e.contains("大促"), "{e}");
    assert!(!text.contains("王女士"), "{text}");
    let sent: i64 = conn
        .query_row("SELECT count(*) FROM greetings_sent", [], |r| r.get(0))
        .unwrap_or(0);
    assert_eq!(sent, 0);
    let (r, text) = export(&mut conn, "丽人服饰");
    assert_eq!(r.unwrap(), 1, "{text}");
    assert!(text.contains("王女士"), "{text}");
}
