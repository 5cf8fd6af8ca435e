//! The demo year's calendar: which days are busy, and their dates.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The demo year: day 0 is 364 days before today, day 364 is today. Days
/// differ in how busy the shop is: weekends, festivals and sales seasons.
pub(crate) struct Calendar {
    start: NaiveDate,
    busy: Vec<f64>,
    iso: Vec<String>,
}

impl Calendar {
    pub(super) fn new(today: NaiveDate) -> Self {
        let start = today - Duration::days(364);
        let days: Vec<NaiveDate> = (0..365).map(|d| start + Duration::days(d)).collect();
        let busy = days
            .iter()
            .map(|d| {
                let week = match d.weekday() {
                    Weekday::Sat => 1.8,
                    Weekday::Sun => 1.6,
                    _ => 1.0,
                };
                // Spring Festival shopping, May Day, National Day, Double Eleven, winter coats.
                let month = [1.3, 1.2, 0.9, 0.9, 1.0, 0.9, 0.8, 0.8, 1.0, 1.2, 1.3, 1.3];
                week * month[d.month0() as usize]
            })
            .collect();
        let iso = days
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect();
        Calendar { start, busy, iso }
    }

    pub fn last_day(&self) -> u32 {
        364
    }

    pub fn today(&self) -> NaiveDate {
        self.start + Duration::days(364)
    }

    pub fn date(&self, day: u32) -> NaiveDate {
        self.start + Duration::days(day as i64)
    }

    pub fn iso(&self, day: u32) -> &str {
        &self.iso[day as usize]
    }

    /// `YYYYMMDD`, as receipt numbers start.
    pub fn compact(&self, day: u32) -> String {
        self.iso[day as usize].replace('-', "")
    }

    pub fn day_of(&self, date: NaiveDate) -> Option<u32> {
        u32::try_from((date - self.start).num_days())
            .ok()
            .filter(|&d| d <= 364)
    }

    /// Autumn and winter, when the `W` styles sell.
    pub fn is_winter(&self, day: u32) -> bool {
        let m = (self.start + Duration::days(day as i64)).month();
        !(3..=8).contains(&m)
    }

    /// A day after `after`, up to today, busy days likelier; none if `after` is today.
    pub fn busy_day(&self, rng: &mut ChaCha8Rng, after: u32) -> Option<u32> {
        if after >= self.last_day() {
            return None;
        }
        loop {
            let d = rng.random_range(after + 1..=self.last_day());
            if rng.random::<f64>() * 2.4 < self.busy[d as usize] {
                return Some(d);
            }
        }
    }

    /// The day each of `n` customers registered, in order of registration:
    /// spread over the year as the shop is busy.
    pub(super) fn registrations(&self, n: u64) -> Vec<u32> {
        let total: f64 = self.busy.iter().sum();
        let mut out = Vec::with_capacity(n as usize);
        let mut day = 0;
        let mut upto = self.busy[0];
        for i in 0..n {
            let at = (i as f64 + 0.5) / n as f64 * total;
            while upto < at && day < 364 {
                day += 1;
                upto += self.busy[day];
            }
            out.push(day as u32);
        }
        out
    }
}
