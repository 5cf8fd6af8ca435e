//! VIP rewards at the till [S1 `001_a34def3116873d92.txt`: "设置一种 VIP 顾客
//! 生日当日来店铺消费,可在原有折扣基础上再予以一定折扣旳优惠方式"]: the extra
//! discount a customer gets on a purchase made on their birthday, by tier.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::aftersale::depreciated_fen;

/// Whether `today` is the birthday stored as MMDD. A 29 February birthday
/// is kept on 28 February in a year without one.
pub fn is_birthday(birthday_md: Option<u32>, today: NaiveDate) -> bool {
    let Some(md) = birthday_md else {
        return false;
    };
    let (month, day) = (md / 100, md % 100);
    if month == today.month() && day == today.day() {
        return true;
    }
    let leap = NaiveDate::from_ymd_opt(today.year(), 2, 29).is_some();
    month == 2 && day == 29 && !leap && today.month() == 2 && today.day() == 28
}

/// The extra percent off a purchase made today: the tier's rate on the
/// customer's birthday, else 0 (a tier the shop did not list gets none).
pub fn birthday_percent(
    rates: &BTreeMap<String, u32>,
    tier: Option<&str>,
    birthday_md: Option<u32>,
    today: NaiveDate,
) -> u32 {
    if !is_birthday(birthday_md, today) {
        return 0;
    }
    tier.and_then(|t| rates.get(t)).copied().unwrap_or(0)
}

/// A line's price after `percent` more off, half a fen to the customer:
/// on top of the price already asked ("在原有折扣基础上").
pub fn discounted_fen(price_fen: i64, percent: u32) -> i64 {
    depreciated_fen(price_fen, percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rates() -> BTreeMap<String, u32> {
        [("regular", 0), ("silver", 5), ("gold", 10)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    #[test]
    fn the_birthday_discount_applies_on_the_day_by_tier() {
        // S1: "生日当日来店铺消费,可在原有折扣基础上再予以一定折扣".
        for (tier, md, today, percent) in [
            (Some("gold"), Some(1207), "2026-12-07", 10),
            (Some("silver"), Some(1207), "2026-12-07", 5),
            (Some("regular"), Some(1207), "2026-12-07", 0),
            (Some("gold"), Some(1208), "2026-12-07", 0),
            (Some("gold"), None, "2026-12-07", 0),
            (None, Some(1207), "2026-12-07", 0),
            (Some("diamond"), Some(1207), "2026-12-07", 0),
            // A leap-day birthday is kept on 28 February in other years, not in a leap year.
            (Some("gold"), Some(229), "2027-02-28", 10),
            (Some("gold"), Some(229), "2028-02-28", 0),
            (Some("gold"), Some(229), "2028-02-29", 10),
        ] {
            assert_eq!(
                birthday_percent(&rates(), tier, md, d(today)),
                percent,
                "{tier:?} {md:?} {today}"
            );
        }
    }

    #[test]
    fn the_discount_comes_off_the_price_asked_half_a_fen_to_the_customer() {
        assert_eq!(discounted_fen(59900, 10), 53910);
        assert_eq!(discounted_fen(12345, 5), 11728);
        assert_eq!(discounted_fen(59900, 0), 59900);
    }
}
