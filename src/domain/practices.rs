//! The source practices at the visit and the till (issue 18): asking before
//! a step is passed with nothing ticked [S3], and the VIP rewards offered at
//! checkout [S1 "节假日回馈如母亲节送康乃馨…消费指定款号送礼品或折扣、消费晚装产品送化妆服务"].
//! Pure rules: the caller passes the date, the basket and what was given.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A bought style that carries a gift.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleGift {
    /// Starts of style numbers.
    pub styles: Vec<String>,
    pub gift: String,
}

/// A festival's gift, offered on its days.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FestivalGift {
    pub id: String,
    /// MM-DD, inclusive.
    pub from: String,
    pub until: String,
    pub gift: String,
}

/// The make-up service with evening wear, as the visit records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Makeup {
    /// Offered; the customer did not take it.
    Offered,
    /// Taken now, in the shop.
    Accepted,
    /// Booked for another day.
    Booked,
}

impl Makeup {
    pub fn id(self) -> &'static str {
        match self {
            Makeup::Offered => "offered",
            Makeup::Accepted => "accepted",
            Makeup::Booked => "booked",
        }
    }

    /// The next answer on the checkout row: not offered → offered →
    /// accepted → booked → not offered.
    pub fn cycle(now: Option<Makeup>) -> Option<Makeup> {
        match now {
            None => Some(Makeup::Offered),
            Some(Makeup::Offered) => Some(Makeup::Accepted),
            Some(Makeup::Accepted) => Some(Makeup::Booked),
            Some(Makeup::Booked) => None,
        }
    }
}

/// What a gift was given for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "for", content = "id")]
pub enum GiftFor {
    /// A designated style, by the style number bought.
    Style(String),
    /// The festival, by id.
    Festival(String),
}

/// A gift marked given on the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gift {
    #[serde(flatten)]
    pub given_for: GiftFor,
    pub gift: String,
}

/// An offer the checkout shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    Makeup,
    Gift(Gift),
}

/// Where a callback's answer goes [S1 "有关地区管理方面旳统一由地区处理,
/// 有关企业方面旳转交到总企业客服"].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Regional management matters: the region handles them.
    Region,
    /// Company matters: head office customer service.
    HeadOffice,
}

impl Route {
    pub const ALL: [Route; 2] = [Route::Region, Route::HeadOffice];

    pub fn id(self) -> &'static str {
        match self {
            Route::Region => "region",
            Route::HeadOffice => "head_office",
        }
    }

    pub fn from_id(s: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.id() == s)
    }
}

/// Whether `style` is evening wear by the shop's style-number starts.
pub fn is_evening_wear(style: &str, starts: &[String]) -> bool {
    starts_with_any(style, starts)
}

/// A style number matches an entry that begins it ("EV" for EV2601) or is
/// one of its dash-separated parts (the line code "CT" of W26-CT-0123).
fn starts_with_any(style: &str, starts: &[String]) -> bool {
    let s = style.trim().to_uppercase();
    starts.iter().any(|p| {
        let p = p.trim().to_uppercase();
        !p.is_empty() && (s.starts_with(&p) || s.split('-').any(|part| part == p))
    })
}

/// Whether `on` falls in the festival's days (a window across the new year
/// wraps).
pub fn in_festival(f: &FestivalGift, on: NaiveDate) -> bool {
    let (Some(a), Some(b)) = (
        super::tasks::month_day(&f.from),
        super::tasks::month_day(&f.until),
    ) else {
        return false;
    };
    let d = (on.month(), on.day());
    if a <= b {
        a <= d && d <= b
    } else {
        d >= a || d <= b
    }
}

/// The year a festival gift given on `on` counts for (the year its window
/// began, for a window across the new year).
pub fn festival_year(f: &FestivalGift, on: NaiveDate) -> i32 {
    match super::tasks::month_day(&f.from) {
        Some(a) if (on.month(), on.day()) < a => on.year() - 1,
        _ => on.year(),
    }
}

/// The checkout's offers: the make-up service when evening wear is bought;
/// each style gift whose style is bought (once per rule); each festival
/// gift of today for a registered customer not yet given it this year.
pub struct Basket<'a> {
    pub bought_styles: Vec<&'a str>,
    pub registered: bool,
    /// Festival ids given to this customer already in this festival's year.
    pub festivals_given: &'a [String],
}

pub fn offers(
    basket: &Basket,
    evening_wear: &[String],
    style_gifts: &[StyleGift],
    festivals: &[FestivalGift],
    today: NaiveDate,
) -> Vec<Offer> {
    let mut out = Vec::new();
    if basket
        .bought_styles
        .iter()
        .any(|s| is_evening_wear(s, evening_wear))
    {
        out.push(Offer::Makeup);
    }
    for g in style_gifts {
        if let Some(style) = basket
            .bought_styles
            .iter()
            .find(|s| starts_with_any(s, &g.styles))
        {
            out.push(Offer::Gift(Gift {
                given_for: GiftFor::Style(style.to_string()),
                gift: g.gift.clone(),
            }));
        }
    }
    if basket.registered {
        for f in festivals.iter().filter(|f| in_festival(f, today)) {
            if !basket.festivals_given.contains(&f.id) {
                out.push(Offer::Gift(Gift {
                    given_for: GiftFor::Festival(f.id.clone()),
                    gift: f.gift.clone(),
                }));
            }
        }
    }
    out
}

/// Whether moving past a step should ask first: the step has a checklist,
/// nothing of it is ticked, and it was not asked already for this step.
pub fn ask_before_leaving(
    enabled: bool,
    checklist_len: usize,
    ticked: usize,
    already_asked: bool,
) -> bool {
    enabled && checklist_len > 0 && ticked == 0 && !already_asked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn mothers_day() -> FestivalGift {
        FestivalGift {
            id: "mothers_day".into(),
            from: "05-08".into(),
            until: "05-14".into(),
            gift: "carnations".into(),
        }
    }

    /// [S3] 门店服务八步曲: a step passed with nothing ticked is asked about
    /// once; a step with a tick, or without a checklist, is not.
    #[test]
    fn a_step_with_nothing_ticked_asks_once() {
        assert!(ask_before_leaving(true, 3, 0, false));
        assert!(
            !ask_before_leaving(true, 3, 0, true),
            "the second press moves on"
        );
        assert!(!ask_before_leaving(true, 3, 1, false));
        assert!(!ask_before_leaving(true, 0, 0, false));
        assert!(
            !ask_before_leaving(false, 3, 0, false),
            "the shop turned it off"
        );
    }

    /// [S1] "消费晚装产品送化妆服务": evening wear by the start of its style number.
    #[test]
    fn evening_wear_brings_the_makeup_offer() {
        let ev = vec!["EV".to_string()];
        let basket = Basket {
            bought_styles: vec!["ev2601", "W26-TE-0001"],
            registered: false,
            festivals_given: &[],
        };
        assert_eq!(offers(&basket, &ev, &[], &[], d(3, 1)), vec![Offer::Makeup]);
        let plain = Basket {
            bought_styles: vec!["TE1001", "W26-TEV-0002"],
            ..basket
        };
        assert!(offers(&plain, &ev, &[], &[], d(3, 1)).is_empty());
        let by_line_code = Basket {
            bought_styles: vec!["A26-EV-0007"],
            ..plain
        };
        assert_eq!(
            offers(&by_line_code, &ev, &[], &[], d(3, 1)),
            vec![Offer::Makeup]
        );
    }

    /// [S1] "消费指定款号送礼品": one gift per rule, named by the style bought.
    #[test]
    fn a_designated_style_carries_its_gift_once_per_rule() {
        let rules = vec![StyleGift {
            styles: vec!["CT".into()],
            gift: "scarf".into(),
        }];
        let basket = Basket {
            bought_styles: vec!["CT2401", "CT2402"],
            registered: false,
            festivals_given: &[],
        };
        assert_eq!(
            offers(&basket, &[], &rules, &[], d(3, 1)),
            vec![Offer::Gift(Gift {
                given_for: GiftFor::Style("CT2401".into()),
                gift: "scarf".into()
            })]
        );
    }

    /// [S1] "节假日回馈如母亲节送康乃馨": on the festival's days, to a registered
    /// customer, once per festival per year.
    #[test]
    fn a_festival_gift_is_given_once_a_year_on_its_days() {
        let f = vec![mothers_day()];
        let given = vec!["mothers_day".to_string()];
        let basket = |registered, festivals_given| Basket {
            bought_styles: vec![],
            registered,
            festivals_given,
        };
        let carnations = vec![Offer::Gift(Gift {
            given_for: GiftFor::Festival("mothers_day".into()),
            gift: "carnations".into(),
        })];
        assert_eq!(
            offers(&basket(true, &[]), &[], &[], &f, d(5, 10)),
            carnations
        );
        assert_eq!(
            offers(&basket(true, &[]), &[], &[], &f, d(5, 14)),
            carnations
        );
        assert!(offers(&basket(true, &[]), &[], &[], &f, d(5, 15)).is_empty());
        assert!(offers(&basket(true, &given), &[], &[], &f, d(5, 10)).is_empty());
        assert!(offers(&basket(false, &[]), &[], &[], &f, d(5, 10)).is_empty());
    }

    #[test]
    fn a_window_across_the_new_year_wraps_and_counts_for_its_first_year() {
        let f = FestivalGift {
            id: "new_year".into(),
            from: "12-30".into(),
            until: "01-02".into(),
            gift: "card".into(),
        };
        assert!(in_festival(&f, d(12, 31)));
        assert!(in_festival(&f, d(1, 2)));
        assert!(!in_festival(&f, d(1, 3)));
        assert_eq!(festival_year(&f, d(1, 2)), 2025);
        assert_eq!(festival_year(&f, d(12, 31)), 2026);
    }

    #[test]
    fn the_makeup_answer_cycles_back_to_not_offered() {
        let mut m = None;
        let mut seen = Vec::new();
        for _ in 0..4 {
            m = Makeup::cycle(m);
            seen.push(m);
        }
        assert_eq!(
            seen,
            vec![
                Some(Makeup::Offered),
                Some(Makeup::Accepted),
                Some(Makeup::Booked),
                None
            ]
        );
    }
}
