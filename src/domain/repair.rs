//! Repair jobs and care jobs (DOMAIN §6, §7): their states, the moves
//! between them, and when a job is late.

use chrono::NaiveDate;

/// The states of a repair job, in the order a job normally goes.
pub const REPAIR_STATES: [&str; 6] = [
    "received",
    "at_centre",
    "repairing",
    "ready",
    "collected",
    "returned_unrepaired",
];

/// Whether a job may move from `from` to `to`. A job moves forward, may
/// skip the centre (fixed in the shop), and may be given back unrepaired
/// at any point before collection.
pub fn may_move(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        (
            "received",
            "at_centre" | "repairing" | "ready" | "returned_unrepaired"
        ) | ("at_centre", "repairing" | "ready" | "returned_unrepaired")
            | ("repairing", "ready" | "returned_unrepaired")
            | ("ready", "collected")
    )
}

/// The moves open from a state, in the order offered on screen.
pub fn next_states(from: &str) -> Vec<&'static str> {
    REPAIR_STATES
        .into_iter()
        .filter(|to| may_move(from, to))
        .collect()
}

pub fn is_open(state: &str) -> bool {
    !matches!(state, "collected" | "returned_unrepaired")
}

/// A job is late when it is still being worked on after its promised date.
/// A job ready for collection is waiting for the customer, not late.
pub fn is_overdue(state: &str, promised_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    matches!(state, "received" | "at_centre" | "repairing")
        && promised_on.is_some_and(|p| p < today)
}

/// Stages of a care job: the next one after `stage`, if any.
pub fn next_stage<'a>(stages: &'a [String], stage: &str) -> Option<&'a str> {
    let i = stages.iter().position(|s| s == stage)?;
    stages.get(i + 1).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn jobs_move_forward_only() {
        assert!(may_move("received", "at_centre"));
        assert!(may_move("received", "ready"));
        assert!(may_move("ready", "collected"));
        assert!(!may_move("ready", "repairing"));
        assert!(!may_move("collected", "ready"));
        assert!(!may_move("received", "collected"));
        assert_eq!(
            next_states("repairing"),
            vec!["ready", "returned_unrepaired"]
        );
        assert!(next_states("collected").is_empty());
    }

    #[test]
    fn late_is_past_the_promise_and_still_in_work() {
        let promised = Some(d("2026-11-20"));
        assert!(!is_overdue("repairing", promised, d("2026-11-20")));
        assert!(is_overdue("repairing", promised, d("2026-11-21")));
        assert!(!is_overdue("ready", promised, d("2026-11-30")));
        assert!(!is_overdue("received", None, d("2026-11-30")));
    }

    #[test]
    fn care_stages_follow_the_list() {
        let stages: Vec<String> = ["receive", "tag", "clean", "return"]
            .map(String::from)
            .to_vec();
        assert_eq!(next_stage(&stages, "tag"), Some("clean"));
        assert_eq!(next_stage(&stages, "return"), None);
        assert_eq!(next_stage(&stages, "nowhere"), None);
    }
}
