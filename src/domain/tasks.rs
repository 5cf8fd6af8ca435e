//! The task engine's rules (DOMAIN §3): when a contact is due, what an
//! outcome does to its task, which customers a miss-you run looks at, and
//! when the year's top spenders are listed. No clock, no database.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The task kinds, in the shared vocabulary.
pub const PURCHASE_CALLBACK: &str = "purchase_callback";
pub const FOLLOW_UP: &str = "follow_up";
pub const MISS_YOU: &str = "miss_you";
pub const TOP_SPENDER_VISIT: &str = "top_spender_visit";

/// Every kind a task may have, in the order the filter offers them (the
/// visits thank both sides of a referral as two tasks).
pub const KINDS: [&str; 13] = [
    PURCHASE_CALLBACK,
    FOLLOW_UP,
    "referral_thanks_referrer",
    "referral_thanks_new",
    "milestone_thanks",
    TOP_SPENDER_VISIT,
    "repair_ready_call",
    "repair_revisit",
    "complaint_revisit",
    MISS_YOU,
    "made_to_order_revisit",
    "season_revisit",
    "thank_you_letter",
];

/// The contact-log kind of a task's kind: both referral thanks are
/// `referral_thanks` there.
pub fn contact_kind(task_kind: &str) -> &str {
    if task_kind.starts_with("referral_thanks") {
        "referral_thanks"
    } else {
        task_kind
    }
}

/// How a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Reached,
    NoAnswer,
    CallBack,
    WrongNumber,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Reached,
        Outcome::NoAnswer,
        Outcome::CallBack,
        Outcome::WrongNumber,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Outcome::Reached => "reached",
            Outcome::NoAnswer => "no_answer",
            Outcome::CallBack => "call_back",
            Outcome::WrongNumber => "wrong_number",
        }
    }

    pub fn from_id(id: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// The washing and care question of a purchase callback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "on")]
pub enum CareQuestion {
    /// The customer had none.
    #[default]
    None,
    /// Asked and answered on the call.
    Answered,
    /// Asked, to be answered on the agreed day: a follow-up.
    Open(NaiveDate),
}

/// The customer's answers on a purchase callback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub likes_it: Option<bool>,
    pub comfortable: Option<bool>,
    pub care: CareQuestion,
}

/// The retry rule of `[callbacks]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub after_days: u32,
    pub max_attempts: u32,
}

/// What working a task does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    /// The outcome the task closes with, or None when it stays open.
    pub closes_as: Option<&'static str>,
    /// The new due day of a task that stays open.
    pub due_on: Option<NaiveDate>,
    pub due_time: Option<NaiveTime>,
    pub attempts: u32,
    /// A follow-up task to make, due that day.
    pub follow_up_on: Option<NaiveDate>,
}

/// Why an outcome cannot be recorded as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkError {
    /// "Call back at" needs a day after today.
    CallBackDay,
    /// An open question needs the agreed day, today or later.
    FollowUpDay,
    /// A follow-up is agreed with the customer: not from a call nobody answered.
    NotReached,
}

/// The effect of one outcome on a task tried `attempts` times before.
pub fn work(
    outcome: Outcome,
    attempts: u32,
    today: NaiveDate,
    retry: Retry,
    call_back: Option<(NaiveDate, Option<NaiveTime>)>,
    answers: &Answers,
) -> Result<Effect, WorkError> {
    let stays = |due: NaiveDate, time: Option<NaiveTime>, attempts: u32| Effect {
        closes_as: None,
        due_on: Some(due),
        due_time: time,
        attempts,
        follow_up_on: None,
    };
    let closes = |id: &'static str, attempts: u32| Effect {
        closes_as: Some(id),
        due_on: None,
        due_time: None,
        attempts,
        follow_up_on: None,
    };
    Ok(match outcome {
        Outcome::Reached => {
            let follow_up_on = match answers.care {
                CareQuestion::Open(d) if d < today => return Err(WorkError::FollowUpDay),
                CareQuestion::Open(d) => Some(d),
                _ => None,
            };
            Effect {
                follow_up_on,
                ..closes("reached", attempts + 1)
            }
        }
        Outcome::NoAnswer => {
            let n = attempts + 1;
            if n >= retry.max_attempts {
                closes("no_answer", n)
            } else {
                stays(today + Duration::days(retry.after_days as i64), None, n)
            }
        }
        Outcome::CallBack => match call_back {
            Some((d, t)) if d > today => stays(d, t, attempts + 1),
            _ => return Err(WorkError::CallBackDay),
        },
        Outcome::WrongNumber => closes("wrong_number", attempts + 1),
    })
}

/// Whether a call may leave follow-ups: only when the customer was spoken
/// to (reached, or asked to be called back), never on no answer.
pub fn follow_ups_allowed(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Reached | Outcome::CallBack)
}

/// [`follow_ups_allowed`] as a rule.
pub fn check_follow_ups_allowed(outcome: Outcome) -> Result<(), WorkError> {
    if follow_ups_allowed(outcome) {
        Ok(())
    } else {
        Err(WorkError::NotReached)
    }
}

/// A follow-up's agreed day (DOMAIN §3): today or later.
pub fn check_follow_up(on: NaiveDate, today: NaiveDate) -> Result<(), WorkError> {
    if on < today {
        Err(WorkError::FollowUpDay)
    } else {
        Ok(())
    }
}

/// The purchase callback's day.
pub fn callback_due(purchased_on: NaiveDate, after_days: u32) -> NaiveDate {
    purchased_on + Duration::days(after_days as i64)
}

/// The days on which a customer last seen then has just become "not seen":
/// last seen in `(from, to]`. The first run (no last run) looks back
/// `first_look_back` days; a run on the same day as the last finds none.
pub fn miss_you_window(
    last_run: Option<NaiveDate>,
    today: NaiveDate,
    not_seen_days: u32,
    first_look_back: u32,
) -> Option<(NaiveDate, NaiveDate)> {
    let to = today - Duration::days(not_seen_days as i64);
    let from = match last_run {
        Some(d) => d - Duration::days(not_seen_days as i64),
        None => to - Duration::days(first_look_back as i64),
    };
    (from < to).then_some((from, to))
}

/// "MM-DD" as (month, day); 02-29 is allowed.
pub fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    NaiveDate::from_ymd_opt(2028, m, d).map(|_| (m, d))
}

/// The day of `year` the top spenders are listed; 29 February is the 28th
/// in a common year.
pub fn top_spender_day(year: i32, (m, d): (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(year, m, d - 1))
        .unwrap_or_default()
}

/// The year whose top spenders are due to be listed today, unless that
/// year's list was already made.
pub fn top_spender_year(today: NaiveDate, list_on: (u32, u32), done_year: i32) -> Option<i32> {
    let year = today.year();
    (today >= top_spender_day(year, list_on) && done_year < year).then_some(year)
}

/// Where a task sits on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bucket {
    Overdue,
    Today,
    Coming,
}

pub fn bucket(due_on: NaiveDate, today: NaiveDate) -> Bucket {
    match due_on.cmp(&today) {
        std::cmp::Ordering::Less => Bucket::Overdue,
        std::cmp::Ordering::Equal => Bucket::Today,
        std::cmp::Ordering::Greater => Bucket::Coming,
    }
}

/// A day as typed: `YYYY-MM-DD`, or `MM-DD` (this year, or next year once
/// the day has passed), or `+N` days from today.
pub fn parse_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(n) = s.strip_prefix('+') {
        let n: i64 = n.parse().ok()?;
        return (0..=366).contains(&n).then(|| today + Duration::days(n));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let (m, d) = month_day(s)?;
    let this = NaiveDate::from_ymd_opt(today.year(), m, d);
    match this {
        Some(x) if x >= today => Some(x),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(today.year() + 1, m, d - 1)),
    }
}

/// A time as typed, `HH:MM`; empty is `Some(None)`, a bad time `None`.
pub fn parse_time(s: &str) -> Option<Option<NaiveTime>> {
    let s = s.trim();
    if s.is_empty() {
        return Some(None);
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok().map(Some)
}

/// The first sale day still owed a purchase callback on `today`: its
/// callback day is at most `too_late_after_days` gone.
pub fn callbacks_from(today: NaiveDate, p: &crate::shop_data::policy::Callbacks) -> NaiveDate {
    today - Duration::days(p.purchase_after_days as i64 + p.too_late_after_days as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_sale_gets_no_callback_once_its_day_is_long_gone() {
        let p = crate::shop_data::policy::Callbacks {
            purchase_after_days: 7,
            retry_after_days: 2,
            max_attempts: 3,
            coming_days: 7,
            too_late_after_days: 14,
        };
        // Across a year end and a leap day: 21 days back.
        assert_eq!(callbacks_from(d(2027, 1, 10), &p), d(2026, 12, 20));
        assert_eq!(callbacks_from(d(2028, 3, 10), &p), d(2028, 2, 18));
    }

    const RETRY: Retry = Retry {
        after_days: 2,
        max_attempts: 3,
    };

    #[test]
    fn the_callback_of_a_late_december_sale_falls_in_january() {
        assert_eq!(callback_due(d(2026, 12, 28), 7), d(2027, 1, 4));
        assert_eq!(callback_due(d(2028, 2, 25), 7), d(2028, 3, 3));
        assert_eq!(callback_due(d(2027, 2, 25), 7), d(2027, 3, 4));
    }

    #[test]
    fn no_answer_retries_then_closes_after_the_last_attempt() {
        let today = d(2026, 12, 31);
        let a = Answers::default();
        let e = work(Outcome::NoAnswer, 0, today, RETRY, None, &a).unwrap();
        assert_eq!(
            (e.closes_as, e.due_on, e.attempts),
            (None, Some(d(2027, 1, 2)), 1)
        );
        let e = work(Outcome::NoAnswer, 1, d(2028, 2, 28), RETRY, None, &a).unwrap();
        assert_eq!(e.due_on, Some(d(2028, 3, 1)));
        let e = work(Outcome::NoAnswer, 2, today, RETRY, None, &a).unwrap();
        assert_eq!(
            (e.closes_as, e.due_on, e.attempts),
            (Some("no_answer"), None, 3)
        );
    }

    #[test]
    fn an_open_question_becomes_a_follow_up_on_the_agreed_day() {
        let today = d(2028, 2, 28);
        let a = Answers {
            likes_it: Some(true),
            comfortable: Some(false),
            care: CareQuestion::Open(d(2028, 2, 29)),
        };
        let e = work(Outcome::Reached, 0, today, RETRY, None, &a).unwrap();
        assert_eq!(e.closes_as, Some("reached"));
        assert_eq!(e.follow_up_on, Some(d(2028, 2, 29)));
        let late = Answers {
            care: CareQuestion::Open(d(2028, 2, 27)),
            ..a
        };
        assert_eq!(
            work(Outcome::Reached, 0, today, RETRY, None, &late),
            Err(WorkError::FollowUpDay)
        );
        let answered = Answers {
            care: CareQuestion::Answered,
            ..a
        };
        let e = work(Outcome::Reached, 0, today, RETRY, None, &answered).unwrap();
        assert_eq!(e.follow_up_on, None);
    }

    #[test]
    fn follow_ups_come_from_a_conversation_on_a_day_not_past() {
        let today = d(2028, 2, 29);
        assert!(follow_ups_allowed(Outcome::Reached));
        assert!(follow_ups_allowed(Outcome::CallBack));
        assert!(!follow_ups_allowed(Outcome::NoAnswer));
        assert!(!follow_ups_allowed(Outcome::WrongNumber));
        assert_eq!(
            check_follow_ups_allowed(Outcome::NoAnswer),
            Err(WorkError::NotReached)
        );
        assert_eq!(check_follow_up(today, today), Ok(()));
        assert_eq!(check_follow_up(d(2028, 3, 1), today), Ok(()));
        assert_eq!(
            check_follow_up(d(2028, 2, 28), today),
            Err(WorkError::FollowUpDay)
        );
    }

    #[test]
    fn call_back_needs_a_later_day_and_keeps_the_time() {
        let today = d(2026, 12, 31);
        let a = Answers::default();
        let t = NaiveTime::from_hms_opt(15, 30, 0);
        let e = work(
            Outcome::CallBack,
            0,
            today,
            RETRY,
            Some((d(2027, 1, 1), t)),
            &a,
        )
        .unwrap();
        assert_eq!(
            (e.due_on, e.due_time, e.closes_as),
            (Some(d(2027, 1, 1)), t, None)
        );
        for bad in [None, Some((today, None))] {
            assert_eq!(
                work(Outcome::CallBack, 0, today, RETRY, bad, &a),
                Err(WorkError::CallBackDay)
            );
        }
        let e = work(Outcome::WrongNumber, 0, today, RETRY, None, &a).unwrap();
        assert_eq!(e.closes_as, Some("wrong_number"));
    }

    #[test]
    fn the_miss_you_window_follows_the_last_run() {
        let today = d(2027, 1, 2);
        assert_eq!(
            miss_you_window(None, today, 90, 30),
            Some((d(2026, 9, 4), d(2026, 10, 4)))
        );
        assert_eq!(
            miss_you_window(Some(d(2026, 12, 30)), today, 90, 30),
            Some((d(2026, 10, 1), d(2026, 10, 4)))
        );
        assert_eq!(miss_you_window(Some(today), today, 90, 30), None);
        // Across a leap day: 90 days before 2028-05-29 is 2028-02-29.
        assert_eq!(
            miss_you_window(Some(d(2028, 5, 28)), d(2028, 5, 29), 90, 30),
            Some((d(2028, 2, 28), d(2028, 2, 29)))
        );
    }

    #[test]
    fn top_spenders_are_listed_once_a_year_from_the_list_day() {
        let md = month_day("12-20").unwrap();
        assert_eq!(top_spender_year(d(2026, 12, 19), md, 0), None);
        assert_eq!(top_spender_year(d(2026, 12, 20), md, 0), Some(2026));
        assert_eq!(top_spender_year(d(2026, 12, 31), md, 2026), None);
        assert_eq!(top_spender_year(d(2027, 1, 1), md, 2026), None);
        let leap = month_day("02-29").unwrap();
        assert_eq!(top_spender_day(2027, leap), d(2027, 2, 28));
        assert_eq!(top_spender_day(2028, leap), d(2028, 2, 29));
        assert_eq!(month_day("13-01"), None);
        assert_eq!(month_day("december"), None);
    }

    #[test]
    fn both_referral_thanks_are_one_kind_in_the_contact_log() {
        assert_eq!(contact_kind("referral_thanks_new"), "referral_thanks");
        assert_eq!(contact_kind("referral_thanks_referrer"), "referral_thanks");
        assert_eq!(contact_kind(MISS_YOU), MISS_YOU);
    }

    #[test]
    fn overdue_then_today_then_coming() {
        let today = d(2027, 1, 1);
        let mut dues = [d(2027, 1, 3), d(2027, 1, 1), d(2026, 12, 30)];
        dues.sort_by_key(|x| bucket(*x, today));
        assert_eq!(dues, [d(2026, 12, 30), d(2027, 1, 1), d(2027, 1, 3)]);
        assert_eq!(bucket(d(2026, 12, 31), today), Bucket::Overdue);
    }

    #[test]
    fn days_are_typed_in_three_ways() {
        let today = d(2026, 12, 30);
        assert_eq!(parse_day("2027-01-05", today), Some(d(2027, 1, 5)));
        assert_eq!(parse_day("01-05", today), Some(d(2027, 1, 5)));
        assert_eq!(parse_day("12-31", today), Some(d(2026, 12, 31)));
        assert_eq!(parse_day("+3", today), Some(d(2027, 1, 2)));
        assert_eq!(parse_day("02-29", today), Some(d(2027, 2, 28)));
        assert_eq!(parse_day("tomorrow", today), None);
        assert_eq!(
            parse_time("15:30"),
            Some(NaiveTime::from_hms_opt(15, 30, 0))
        );
        assert_eq!(parse_time(""), Some(None));
        assert_eq!(parse_time("25:00"), None);
    }
}
