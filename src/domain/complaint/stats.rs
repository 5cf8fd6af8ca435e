//! The manager's figures (DOMAIN §8): complaints by category and by
//! department, median times to first response and to resolution, the share
//! settled at the counter, and satisfaction by month.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::BTreeMap;

/// One complaint as the figures need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFacts {
    pub category: String,
    pub department: String,
    pub received_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_at_counter: bool,
}

/// One survey: the day it was taken and its mean score times 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyFacts {
    pub taken_on: NaiveDate,
    pub mean_x100: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthScore {
    /// "YYYY-MM".
    pub month: String,
    pub surveys: usize,
    /// Mean score × 100 (4.25 → 425); none in a month without surveys.
    pub mean_x100: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    pub total: usize,
    /// In the order of `order`, then any others by id.
    pub by_category: Vec<(String, usize)>,
    pub by_department: Vec<(String, usize)>,
    /// Minutes; none when no complaint has the time.
    pub median_first_response_min: Option<i64>,
    pub median_resolution_min: Option<i64>,
    pub responded: usize,
    pub resolved: usize,
    pub at_counter: usize,
}

impl Figures {
    /// The share settled at the counter, in whole percent.
    pub fn counter_percent(&self) -> Option<i64> {
        (self.total > 0)
            .then(|| (self.at_counter * 100 + self.total / 2) as i64 / self.total as i64)
    }
}

/// The median of whole minutes; with an even count, the mean of the middle two.
pub fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

fn counted(ids: impl Iterator<Item = String>, order: &[String]) -> Vec<(String, usize)> {
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for id in ids {
        *m.entry(id).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = order
        .iter()
        .map(|id| (id.clone(), m.remove(id).unwrap_or(0)))
        .collect();
    out.extend(m);
    out
}

/// The complaint figures over the complaints given; categories and
/// departments listed in the shop's order, even when none came in.
pub fn figures(
    rows: &[ComplaintFacts],
    category_order: &[String],
    department_order: &[String],
) -> Figures {
    let minutes = |from: DateTime<Utc>, to: Option<DateTime<Utc>>| {
        to.map(|t| (t - from).num_minutes().max(0))
    };
    let first: Vec<i64> = rows
        .iter()
        .filter_map(|r| minutes(r.received_at, r.first_response_at))
        .collect();
    let resolution: Vec<i64> = rows
        .iter()
        .filter_map(|r| minutes(r.received_at, r.resolved_at))
        .collect();
    Figures {
        total: rows.len(),
        by_category: counted(rows.iter().map(|r| r.category.clone()), category_order),
        by_department: counted(rows.iter().map(|r| r.department.clone()), department_order),
        responded: first.len(),
        resolved: resolution.len(),
        median_first_response_min: median(first),
        median_resolution_min: median(resolution),
        at_counter: rows.iter().filter(|r| r.resolved_at_counter).count(),
    }
}

/// Every month from `from` to `to` (inclusive) with its surveys' mean.
pub fn satisfaction_by_month(
    surveys: &[SurveyFacts],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<MonthScore> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) <= (to.year(), to.month()) {
        let these: Vec<i64> = surveys
            .iter()
            .filter(|s| s.taken_on.year() == y && s.taken_on.month() == m)
            .map(|s| s.mean_x100)
            .collect();
        let n = these.len() as i64;
        out.push(MonthScore {
            month: format!("{y:04}-{m:02}"),
            surveys: these.len(),
            mean_x100: (n > 0).then(|| (these.iter().sum::<i64>() + n / 2) / n),
        });
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

/// The mean of 1–5 scores, × 100 and rounded.
pub fn mean_x100(scores: &[u8]) -> Option<i64> {
    let n = scores.len() as i64;
    (n > 0).then(|| (scores.iter().map(|s| *s as i64 * 100).sum::<i64>() + n / 2) / n)
}
