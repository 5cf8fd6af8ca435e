//! Step 1's greeting (DOMAIN §1): by time of day, by festival (solar and
//! lunar, from the Chinese calendar), and 好久不见 for a known customer
//! not seen for a long time. No clock here: the caller passes `now`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};
use tyme4rs::tyme::solar::SolarDay;

/// Festival ids, as keys of `[festivals]` in `data/flow/`.
pub const FESTIVALS: &[&str] = &[
    "new_year",
    "spring_festival",
    "new_years_eve",
    "lantern",
    "womens_day",
    "labour_day",
    "youth_day",
    "mothers_day",
    "childrens_day",
    "dragon_boat",
    "qixi",
    "teachers_day",
    "mid_autumn",
    "national_day",
    "double_ninth",
    "winter_solstice",
    "christmas",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOfDay {
    Morning,
    Noon,
    Afternoon,
    Evening,
}

impl TimeOfDay {
    pub fn id(self) -> &'static str {
        match self {
            TimeOfDay::Morning => "morning",
            TimeOfDay::Noon => "noon",
            TimeOfDay::Afternoon => "afternoon",
            TimeOfDay::Evening => "evening",
        }
    }
}

/// The shop's hours that divide the day (from `[visit]` in the policy).
#[derive(Debug, Clone, Copy)]
pub struct Hours {
    pub noon_from: u32,
    pub afternoon_from: u32,
    pub evening_from: u32,
    /// 新年好 through this day of the first lunar month.
    pub new_year_until_day: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting {
    pub time_of_day: TimeOfDay,
    pub festival: Option<&'static str>,
    /// A known customer not seen for `not_seen_days` or more.
    pub long_time: bool,
}

pub fn time_of_day(now: NaiveDateTime, h: &Hours) -> TimeOfDay {
    let hour = now.hour();
    if hour < h.noon_from {
        TimeOfDay::Morning
    } else if hour < h.afternoon_from {
        TimeOfDay::Noon
    } else if hour < h.evening_from {
        TimeOfDay::Afternoon
    } else {
        TimeOfDay::Evening
    }
}

/// The festival of the day, if any. The Spring Festival greeting lasts
/// from the first day of the lunar year through `new_year_until_day`.
pub fn festival(day: NaiveDate, h: &Hours) -> Option<&'static str> {
    let solar = SolarDay::from_ymd(
        day.year() as isize,
        day.month() as usize,
        day.day() as usize,
    );
    let lunar = solar.get_lunar_day();
    if let Some(f) = lunar.get_festival() {
        let id = match f.get_index() {
            0 => Some("spring_festival"),
            1 => Some("lantern"),
            5 => Some("dragon_boat"),
            6 => Some("qixi"),
            8 => Some("mid_autumn"),
            9 => Some("double_ninth"),
            10 => Some("winter_solstice"),
            12 => Some("new_years_eve"),
            _ => None,
        };
        if id.is_some() {
            return id;
        }
    }
    let lunar_month = lunar.get_lunar_month().get_month_with_leap();
    if lunar_month == 1 && lunar.get_day() as u32 <= h.new_year_until_day {
        return Some("spring_festival");
    }
    if let Some(f) = solar.get_festival() {
        let id = match f.get_index() {
            0 => Some("new_year"),
            1 => Some("womens_day"),
            3 => Some("labour_day"),
            4 => Some("youth_day"),
            5 => Some("childrens_day"),
            8 => Some("teachers_day"),
            9 => Some("national_day"),
            _ => None,
        };
        if id.is_some() {
            return id;
        }
    }
    // Mother's Day: the second Sunday of May.
    if day.month() == 5 && day.weekday() == Weekday::Sun && (8..=14).contains(&day.day()) {
        return Some("mothers_day");
    }
    if day.month() == 12 && day.day() == 25 {
        return Some("christmas");
    }
    None
}

/// What step 1 suggests saying.
pub fn suggest(
    now: NaiveDateTime,
    last_seen: Option<NaiveDate>,
    not_seen_days: u32,
    h: &Hours,
) -> Greeting {
    Greeting {
        time_of_day: time_of_day(now, h),
        festival: festival(now.date(), h),
        long_time: last_seen.is_some_and(|d| (now.date() - d).num_days() >= not_seen_days as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Hours = Hours {
        noon_from: 11,
        afternoon_from: 13,
        evening_from: 18,
        new_year_until_day: 15,
    };

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_time_of_day_follows_the_shops_hours() {
        assert_eq!(time_of_day(at("2026-06-01 09:59"), &H), TimeOfDay::Morning);
        assert_eq!(time_of_day(at("2026-06-01 11:00"), &H), TimeOfDay::Noon);
        assert_eq!(
            time_of_day(at("2026-06-01 13:00"), &H),
            TimeOfDay::Afternoon
        );
        assert_eq!(time_of_day(at("2026-06-01 18:00"), &H), TimeOfDay::Evening);
    }

    #[test]
    fn lunar_festivals_come_from_the_calendar() {
        // 2026: Spring Festival 17 February, Mid-Autumn 25 September, Dragon Boat 19 June.
        assert_eq!(festival(d("2026-02-17"), &H), Some("spring_festival"));
        assert_eq!(festival(d("2026-02-16"), &H), Some("new_years_eve"));
        assert_eq!(festival(d("2026-03-03"), &H), Some("lantern"));
        assert_eq!(festival(d("2026-02-25"), &H), Some("spring_festival"));
        assert_eq!(festival(d("2026-09-25"), &H), Some("mid_autumn"));
        assert_eq!(festival(d("2026-06-19"), &H), Some("dragon_boat"));
        assert_eq!(festival(d("2025-10-06"), &H), Some("mid_autumn"));
    }

    #[test]
    fn solar_festivals_and_mothers_day() {
        assert_eq!(festival(d("2026-01-01"), &H), Some("new_year"));
        assert_eq!(festival(d("2026-10-01"), &H), Some("national_day"));
        assert_eq!(festival(d("2026-05-10"), &H), Some("mothers_day"));
        assert_eq!(festival(d("2026-12-25"), &H), Some("christmas"));
        assert_eq!(festival(d("2026-11-23"), &H), None);
    }

    #[test]
    fn a_known_customer_not_seen_for_long_is_greeted_haojiubujian() {
        let now = at("2026-11-23 10:30");
        assert!(suggest(now, Some(d("2026-08-25")), 90, &H).long_time);
        assert!(!suggest(now, Some(d("2026-08-26")), 90, &H).long_time);
        assert!(!suggest(now, None, 90, &H).long_time);
    }
}
