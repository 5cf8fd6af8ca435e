//! The checks of `data/policy.toml` serde cannot make, each naming the
//! line of the bad value (the `[aftersale]` ones are in `aftersale.rs`).

use super::Policy;
use super::aftersale::check_aftersale;
use crate::shop_data::files::{DataError, Source};

impl Policy {
    /// The checks serde cannot make, each naming the line of the bad value
    /// (in this order: the first bad value found is the one reported).
    pub(super) fn check(&self, src: &Source) -> Result<(), DataError> {
        check_signin(self, src)?;
        check_customers(self, src)?;
        check_greetings_and_care(self, src)?;
        check_callbacks_and_dates(self, src)?;
        check_aftersale(&self.aftersale, src)?;
        check_visit(self, src)?;
        check_till(self, src)?;
        check_vip(self, src)
    }
}

/// The error for `section.key`, at the line of that key.
pub(super) fn bad(src: &Source, section: &str, key: &str, msg: &str) -> Result<(), DataError> {
    Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
}

/// `[signin]` and `[input]`: counts and times of at least one.
fn check_signin(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    if p.signin.max_failed_pins == 0 {
        return bad("signin", "max_failed_pins", "must be at least 1");
    }
    if p.signin.lockout_minutes == 0 {
        return bad("signin", "lockout_minutes", "must be at least 1 minute");
    }
    if !(1..=500).contains(&p.input.scanner_gap_ms) {
        return bad(
            "input",
            "scanner_gap_ms",
            "must be from 1 to 500 milliseconds",
        );
    }
    if p.signin.idle_lock_minutes == 0 {
        return bad("signin", "idle_lock_minutes", "must be at least 1 minute");
    }
    Ok(())
}

/// `[customers]`: weights that add up, tiers from 0 rising, no shared id.
fn check_customers(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    let c = &p.customers;
    if c.hard_weight_percent + c.soft_weight_percent != 100 {
        return bad(
            "customers",
            "soft_weight_percent",
            "hard_weight_percent and soft_weight_percent must add up to 100",
        );
    }
    match c.tiers.first() {
        None => return bad("customers", "tiers", "at least one tier is needed"),
        Some(t) if t.min_spend_fen != 0 => {
            return bad(
                "customers",
                "tiers",
                "the first tier must start at min_spend_fen = 0",
            );
        }
        _ => {}
    }
    if c.tiers
        .windows(2)
        .any(|w| w[1].min_spend_fen <= w[0].min_spend_fen)
    {
        return bad(
            "customers",
            "tiers",
            "tiers must be listed by rising min_spend_fen",
        );
    }
    let mut ids: Vec<&str> = c.tiers.iter().map(|t| t.id.as_str()).collect();
    ids.sort();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return bad("customers", "tiers", "two tiers share an id");
    }
    if c.club_min_spend_fen < 0 || c.club_fee_fen < 0 {
        return bad("customers", "club_fee_fen", "amounts cannot be negative");
    }
    Ok(())
}

/// `[greetings]`' windows and discount, `[care_jobs]`' stage lists.
fn check_greetings_and_care(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    if p.greetings.birthday_window_days > 60 {
        return bad("greetings", "birthday_window_days", "at most 60 days");
    }
    if p.greetings.not_seen_days == 0 {
        return bad("greetings", "not_seen_days", "must be at least 1");
    }
    if p.greetings.vip_birthday_discount_percent > 100 {
        return bad(
            "greetings",
            "vip_birthday_discount_percent",
            "at most 100 percent",
        );
    }
    for (key, stages) in [
        ("dry_clean_stages", &p.care_jobs.dry_clean_stages),
        ("leather_care_stages", &p.care_jobs.leather_care_stages),
    ] {
        if stages.len() < 2 {
            return bad("care_jobs", key, "a care job needs at least two stages");
        }
        let mut sorted = stages.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != stages.len() {
            return bad("care_jobs", key, "a stage is listed twice");
        }
    }
    Ok(())
}

/// `[callbacks]`, the miss-you look-back, the top spenders' day and the
/// repair promise.
fn check_callbacks_and_dates(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    if p.callbacks.retry_after_days == 0 {
        return bad("callbacks", "retry_after_days", "must be at least 1 day");
    }
    if p.callbacks.max_attempts == 0 {
        return bad("callbacks", "max_attempts", "must be at least 1");
    }
    if p.callbacks.coming_days > 60 {
        return bad("callbacks", "coming_days", "at most 60 days");
    }
    if p.greetings.miss_you_first_look_back_days > 366 {
        return bad(
            "greetings",
            "miss_you_first_look_back_days",
            "at most 366 days",
        );
    }
    if crate::domain::tasks::month_day(&p.top_spenders.list_on).is_none() {
        return bad(
            "top_spenders",
            "list_on",
            "must be a day of the year written MM-DD",
        );
    }
    if p.repairs.promise_days == 0 {
        return bad("repairs", "promise_days", "must be at least 1 day");
    }
    Ok(())
}

/// `[visit]`, `[thanks]` (and the dry-clean threshold of `[care_jobs]`):
/// hours in order, amounts that make sense.
fn check_visit(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| bad(src, section, key, &msg);
    let v = &p.visit;
    if !(v.noon_from_hour < v.afternoon_from_hour
        && v.afternoon_from_hour < v.evening_from_hour
        && v.evening_from_hour <= 23
        && v.noon_from_hour >= 1)
    {
        return bad(
            "visit",
            "evening_from_hour",
            "hours must rise: 1 ≤ noon_from_hour < afternoon_from_hour < evening_from_hour ≤ 23"
                .into(),
        );
    }
    if !(1..=30).contains(&v.new_year_greeting_until_day) {
        return bad(
            "visit",
            "new_year_greeting_until_day",
            "a day of the first lunar month, 1 to 30".into(),
        );
    }
    if v.add_on_target_percent > 1000 {
        return bad(
            "visit",
            "add_on_target_percent",
            "at most 1000 percent".into(),
        );
    }
    if !(1..=120).contains(&p.care_jobs.dry_clean_months) {
        return bad("care_jobs", "dry_clean_months", "1 to 120 months".into());
    }
    if p.care_jobs.suit_dry_clean_min_fen < 0 {
        return bad(
            "care_jobs",
            "suit_dry_clean_min_fen",
            "cannot be negative".into(),
        );
    }
    let m = &p.thanks.milestones_fen;
    if m.iter().any(|x| *x <= 0) || m.windows(2).any(|w| w[1] <= w[0]) {
        return bad(
            "thanks",
            "milestones_fen",
            "amounts must be above 0 and rising".into(),
        );
    }
    Ok(())
}

/// `[till]`: a rate for known tiers only, at most 100 percent.
fn check_till(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |msg: String| {
        Err(src.error(
            src.line_of("till", "birthday_discount_percent"),
            format!("till.birthday_discount_percent: {msg}"),
        ))
    };
    for (tier, percent) in &p.till.birthday_discount_percent {
        if !p.customers.tiers.iter().any(|t| &t.id == tier) {
            return bad(format!("{tier:?} is not a tier of [customers].tiers"));
        }
        if *percent > 100 {
            return bad(format!("{tier}: {percent} is more than 100 percent"));
        }
    }
    Ok(())
}

/// `[segments]`, `[vip]`, `[campaigns]`: thresholds that can be met.
fn check_vip(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    let s = &p.segments;
    for (key, v) in [
        ("new_within_days", s.new_within_days),
        ("lapsed_after_days", s.lapsed_after_days),
        ("often_per_year", s.often_per_year),
        ("dear_ticket_fen", s.dear_ticket_fen),
    ] {
        if v <= 0 {
            return bad("segments", key, "must be above 0");
        }
    }
    if s.rare_per_year < 0 || s.rare_per_year >= s.often_per_year {
        return bad(
            "segments",
            "rare_per_year",
            "must be at least 0 and below often_per_year",
        );
    }
    let v = &p.vip;
    if v.gatherings_per_year == 0 {
        return bad("vip", "gatherings_per_year", "must be at least 1");
    }
    if !(1..=1000).contains(&v.max_guests) {
        return bad("vip", "max_guests", "1 to 1000 guests");
    }
    if v.themes.is_empty() {
        return bad("vip", "themes", "at least one theme is needed");
    }
    let c = &p.campaigns;
    if c.new_within_days <= 0 || c.old_known_days < 0 || c.old_min_purchases < 1 {
        return bad(
            "campaigns",
            "old_min_purchases",
            "new_within_days above 0, old_known_days at least 0, old_min_purchases at least 1",
        );
    }
    Ok(())
}
