//! Signing in with a PIN: five wrong PINs lock that name for a while.

use chrono::{DateTime, Duration, Utc};

/// What a wrong PIN leaves behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterFailure {
    /// Failures counted so far (reset to 0 when the name gets locked).
    pub failed: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The state after one more wrong PIN.
pub fn after_failure(
    failed_before: u32,
    max_failed: u32,
    lockout_minutes: u32,
    now: DateTime<Utc>,
) -> AfterFailure {
    let failed = failed_before + 1;
    if failed >= max_failed {
        AfterFailure {
            failed: 0,
            locked_until: Some(now + Duration::minutes(lockout_minutes as i64)),
        }
    } else {
        AfterFailure {
            failed,
            locked_until: None,
        }
    }
}

/// Whether the name is locked at `now`.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|t| t > now)
}

/// A PIN is four to eight digits.
pub fn pin_is_well_formed(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_wrong_pin_locks() {
        let now = Utc::now();
        let mut failed = 0;
        for _ in 0..4 {
            let a = after_failure(failed, 5, 5, now);
            assert_eq!(a.locked_until, None);
            failed = a.failed;
        }
        let a = after_failure(failed, 5, 5, now);
        assert_eq!(a.locked_until, Some(now + Duration::minutes(5)));
        assert!(is_locked(a.locked_until, now + Duration::minutes(4)));
        assert!(!is_locked(a.locked_until, now + Duration::minutes(5)));
    }

    #[test]
    fn pins_are_digits() {
        assert!(pin_is_well_formed("0000"));
        assert!(!pin_is_well_formed("12a4"));
        assert!(!pin_is_well_formed("123"));
    }
}
