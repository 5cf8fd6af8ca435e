//! The occasions to greet a customer on (DOMAIN §3): birthdays in the
//! coming days, festivals (lunar ones from the Chinese calendar, solar ones
//! by date) and season changes (the solar terms 立春 立夏 立秋 立冬, or a
//! shop's own dates). No clock here: the caller passes `today`.
//!
//! Each occasion has a stable key, so that nobody is greeted twice for it:
//! `birthday:2026`, `festival:mid_autumn:2026`, `season:li_dong:2026`.

use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

/// The four kinds of message of DOMAIN §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Festival,
    Birthday,
    Season,
    MissYou,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Festival, Kind::Birthday, Kind::Season, Kind::MissYou];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Festival => "festival",
            Kind::Birthday => "birthday",
            Kind::Season => "season",
            Kind::MissYou => "miss_you",
        }
    }

    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The contact kind a sent greeting is logged as.
    pub fn contact_kind(self) -> &'static str {
        match self {
            Kind::Festival => "festival_greeting",
            Kind::Birthday => "birthday_greeting",
            Kind::Season => "season_greeting",
            Kind::MissYou => "miss_you",
        }
    }
}

/// Festivals the greetings calendar knows: (id, how its date is found).
pub const FESTIVALS: &[(&str, When)] = &[
    ("new_year", When::Solar(1, 1)),
    ("spring_festival", When::Lunar(1, 1)),
    ("lantern", When::Lunar(1, 15)),
    ("womens_day", When::Solar(3, 8)),
    ("mothers_day", When::SecondSundayOfMay),
    ("dragon_boat", When::Lunar(5, 5)),
    ("qixi", When::Lunar(7, 7)),
    ("teachers_day", When::Solar(9, 10)),
    ("mid_autumn", When::Lunar(8, 15)),
    ("national_day", When::Solar(10, 1)),
    ("double_ninth", When::Lunar(9, 9)),
];

/// The four season changes: (id, solar term).
pub const SEASONS: &[(&str, &str)] = &[
    ("li_chun", "立春"),
    ("li_xia", "立夏"),
    ("li_qiu", "立秋"),
    ("li_dong", "立冬"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Month and day of the Gregorian calendar.
    Solar(u32, u32),
    /// Month and day of the lunar calendar.
    Lunar(isize, usize),
    SecondSundayOfMay,
}

fn naive(d: SolarDay) -> NaiveDate {
    let m = d.get_solar_month();
    NaiveDate::from_ymd_opt(
        m.get_year() as i32,
        m.get_month() as u32,
        d.get_day() as u32,
    )
    .expect("the calendar gives real dates")
}

/// The festival's date in Gregorian `year`.
pub fn festival_date(id: &str, year: i32) -> Option<NaiveDate> {
    let (_, when) = FESTIVALS.iter().find(|(f, _)| *f == id)?;
    Some(match *when {
        When::Solar(m, d) => NaiveDate::from_ymd_opt(year, m, d)?,
        // Every lunar festival here falls in the same Gregorian year as its lunar year.
        When::Lunar(m, d) => naive(LunarDay::from_ymd(year as isize, m, d).get_solar_day()),
        When::SecondSundayOfMay => {
            let first = NaiveDate::from_ymd_opt(year, 5, 1)?;
            let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
            first + Duration::days(to_sunday as i64 + 7)
        }
    })
}

/// The solar term's date in Gregorian `year` (only the four season changes).
pub fn season_date(id: &str, year: i32) -> Option<NaiveDate> {
    let (_, term) = SEASONS.iter().find(|(s, _)| *s == id)?;
    Some(naive(
        SolarTerm::from_name(year as isize, term).get_solar_day(),
    ))
}

/// What the shop greets, from `data/greetings.toml`.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Festival id → days ahead it shows.
    pub festivals: BTreeMap<String, u32>,
    pub season_lead_days: u32,
    /// A shop's own season dates (month, day) instead of the solar terms.
    pub own_seasons: BTreeMap<String, (u32, u32)>,
    pub birthday_window_days: u32,
}

/// One occasion: a festival or season change on a date, or a customer's birthday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion {
    pub kind: Kind,
    /// Festival or season id; `birthday` for birthdays.
    pub id: String,
    pub date: NaiveDate,
    pub key: String,
}

impl Occasion {
    pub fn in_days(&self, today: NaiveDate) -> i64 {
        (self.date - today).num_days()
    }
}

pub fn birthday_key(year: i32) -> String {
    format!("birthday:{year}")
}

/// Festivals and season changes from `today` through their lead days, soonest first.
pub fn upcoming(today: NaiveDate, cal: &Calendar) -> Vec<Occasion> {
    let mut out = Vec::new();
    for year in [today.year(), today.year() + 1] {
        for (id, lead) in &cal.festivals {
            if let Some(date) = festival_date(id, year)
                && within(today, date, *lead)
            {
                out.push(Occasion {
                    kind: Kind::Festival,
                    id: id.clone(),
                    date,
                    key: format!("festival:{id}:{year}"),
                });
            }
        }
        for (id, _) in SEASONS {
            let date = match cal.own_seasons.get(*id) {
                Some(&(m, d)) => NaiveDate::from_ymd_opt(year, m, d),
                None if cal.own_seasons.is_empty() => season_date(id, year),
                // A shop with its own dates greets only the seasons it named.
                None => None,
            };
            if let Some(date) = date
                && within(today, date, cal.season_lead_days)
            {
                out.push(Occasion {
                    kind: Kind::Season,
                    id: id.to_string(),
                    date,
                    key: format!("season:{id}:{year}"),
                });
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    out
}

fn within(today: NaiveDate, date: NaiveDate, lead: u32) -> bool {
    date >= today && (date - today).num_days() <= lead as i64
}

/// One day of the birthday window: how far off, its date, and the
/// `birthday_md` numbers (MMDD) greeted on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdayDay {
    pub in_days: i64,
    pub date: NaiveDate,
    pub mds: Vec<u32>,
}

impl BirthdayDay {
    pub fn key(&self) -> String {
        birthday_key(self.date.year())
    }
}

/// Today and the coming `window` days; 29 February birthdays are greeted
/// on 28 February in common years.
pub fn birthday_days(today: NaiveDate, window: u32) -> Vec<BirthdayDay> {
    (0..=window as i64)
        .map(|i| {
            let date = today + Duration::days(i);
            let mut mds = vec![date.month() * 100 + date.day()];
            let leap = NaiveDate::from_ymd_opt(date.year(), 2, 29).is_some();
            if date.month() == 2 && date.day() == 28 && !leap {
                mds.push(229);
            }
            BirthdayDay {
                in_days: i,
                date,
                mds,
            }
        })
        .collect()
}

/// The birthday discount a customer's tier gives: none for the first tier.
pub fn birthday_discount(tier_index: usize, discount_percent: u32) -> Option<u32> {
    (tier_index > 0 && discount_percent > 0).then_some(discount_percent)
}

#[cfg(test)]
mod tests;
