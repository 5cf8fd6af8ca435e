//! Segments of customers by recency, frequency and value (DOMAIN §2 金牌客户):
//! who buys often at low prices, who rarely but dear, who is new, who has
//! lapsed, and the gold customers who buy often and dear. Associates read
//! the segment on the file to recommend what fits and skip useless pitches.
//!
//! The same rule runs in SQL for lists and counts (`store::vip::segment_sql`);
//! a store test holds the two to the same answers.

use chrono::NaiveDate;
use serde::Deserialize;

/// `[segments]` in the policy: the shop's own thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Registered within this many days (and at most one purchase): new.
    pub new_within_days: i64,
    /// Not seen (no visit, no purchase) for this many days: lapsed.
    pub lapsed_after_days: i64,
    /// At least this many purchases a year: buys often.
    pub often_per_year: i64,
    /// At most this many purchases a year: buys rarely.
    pub rare_per_year: i64,
    /// An average ticket at or above this is dear.
    pub dear_ticket_fen: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Buys often and dear: the gold customers.
    Gold,
    /// Buys often, low prices.
    OftenLow,
    /// Buys rarely, but dear.
    RareDear,
    New,
    Lapsed,
    /// Neither often nor rarely: a steady customer.
    Steady,
}

impl Segment {
    pub const ALL: [Segment; 6] = [
        Segment::Gold,
        Segment::OftenLow,
        Segment::RareDear,
        Segment::Steady,
        Segment::New,
        Segment::Lapsed,
    ];

    /// The id used in locale keys (`segment.<id>`, `segment_hint.<id>`) and SQL.
    pub fn id(self) -> &'static str {
        match self {
            Segment::Gold => "gold",
            Segment::OftenLow => "often_low",
            Segment::RareDear => "rare_dear",
            Segment::New => "new",
            Segment::Lapsed => "lapsed",
            Segment::Steady => "steady",
        }
    }

    pub fn from_id(id: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// What the segment is read from, as kept on the customer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub registered_on: NaiveDate,
    pub purchase_count: i64,
    pub total_spend_fen: i64,
    /// The last visit or purchase, if any.
    pub last_seen: Option<NaiveDate>,
}

/// Days a purchase rate is measured over: the customer's time with the
/// shop, but never less than a year (two purchases in a first month are
/// not 24 a year).
pub fn days_known(registered_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - registered_on).num_days().max(365)
}

/// Whether `count` purchases over `days` reach `per_year` a year
/// (integer arithmetic, the same as the SQL).
fn rate_at_least(count: i64, days: i64, per_year: i64) -> bool {
    count * 365 >= per_year * days
}

pub fn segment_for(f: &Facts, today: NaiveDate, t: &Thresholds) -> Segment {
    let age = (today - f.registered_on).num_days();
    if age <= t.new_within_days && f.purchase_count <= 1 {
        return Segment::New;
    }
    let unseen = f.last_seen.map(|d| (today - d).num_days());
    if f.purchase_count == 0 || unseen.is_none_or(|d| d >= t.lapsed_after_days) {
        return Segment::Lapsed;
    }
    let days = days_known(f.registered_on, today);
    let dear = f.total_spend_fen >= t.dear_ticket_fen * f.purchase_count;
    if rate_at_least(f.purchase_count, days, t.often_per_year) {
        return if dear {
            Segment::Gold
        } else {
            Segment::OftenLow
        };
    }
    let rare = f.purchase_count * 365 <= t.rare_per_year * days;
    if rare && dear {
        return Segment::RareDear;
    }
    Segment::Steady
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Thresholds {
        Thresholds {
            new_within_days: 90,
            lapsed_after_days: 180,
            often_per_year: 6,
            rare_per_year: 2,
            dear_ticket_fen: 150_000,
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts(registered: &str, count: i64, spend: i64, seen: Option<&str>) -> Facts {
        Facts {
            registered_on: d(registered),
            purchase_count: count,
            total_spend_fen: spend,
            last_seen: seen.map(d),
        }
    }

    const TODAY: &str = "2026-11-24";

    fn seg(f: Facts) -> Segment {
        segment_for(&f, d(TODAY), &t())
    }

    #[test]
    fn new_ends_the_day_after_the_threshold() {
        // 2026-08-26 is 90 days before 2026-11-24.
        assert_eq!(
            seg(facts("2026-08-26", 1, 10_000, Some("2026-11-01"))),
            Segment::New
        );
        assert_ne!(
            seg(facts("2026-08-25", 1, 10_000, Some("2026-11-01"))),
            Segment::New
        );
        // A second purchase makes a new customer a customer.
        assert_ne!(
            seg(facts("2026-11-01", 2, 20_000, Some("2026-11-20"))),
            Segment::New
        );
    }

    #[test]
    fn lapsed_at_exactly_the_threshold() {
        // 2026-05-28 is 180 days before 2026-11-24; 179 days is still recent.
        assert_eq!(
            seg(facts("2024-01-01", 4, 400_000, Some("2026-05-28"))),
            Segment::Lapsed
        );
        assert_ne!(
            seg(facts("2024-01-01", 4, 400_000, Some("2026-05-29"))),
            Segment::Lapsed
        );
        assert_eq!(
            seg(facts("2024-01-01", 0, 0, None)),
            Segment::Lapsed,
            "never bought"
        );
    }

    #[test]
    fn often_and_dear_is_gold_often_and_cheap_is_often_low() {
        // Registered a year ago: 6 purchases is exactly six a year.
        let year_ago = "2025-11-24";
        assert_eq!(
            seg(facts(year_ago, 6, 900_000, Some("2026-11-01"))),
            Segment::Gold
        );
        assert_eq!(
            seg(facts(year_ago, 6, 899_999, Some("2026-11-01"))),
            Segment::OftenLow
        );
        assert_eq!(
            seg(facts(year_ago, 5, 900_000, Some("2026-11-01"))),
            Segment::Steady
        );
    }

    #[test]
    fn rare_and_dear_at_two_a_year() {
        // Two years known: 4 purchases is two a year, 5 is more.
        let two_years = "2024-11-24";
        assert_eq!(
            seg(facts(two_years, 4, 600_000, Some("2026-10-01"))),
            Segment::RareDear
        );
        assert_eq!(
            seg(facts(two_years, 5, 750_000, Some("2026-10-01"))),
            Segment::Steady
        );
        assert_eq!(
            seg(facts(two_years, 4, 599_999, Some("2026-10-01"))),
            Segment::Steady
        );
    }

    #[test]
    fn a_first_months_rate_counts_over_a_whole_year() {
        // Three purchases in 100 days is not eleven a year.
        assert_eq!(days_known(d("2026-08-16"), d(TODAY)), 365);
        assert_eq!(
            seg(facts("2026-08-16", 3, 90_000, Some("2026-11-20"))),
            Segment::Steady
        );
    }

    #[test]
    fn ids_round_trip() {
        for s in Segment::ALL {
            assert_eq!(Segment::from_id(s.id()), Some(s));
        }
    }
}
