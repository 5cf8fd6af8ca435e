//! VIP care rules (DOMAIN §2 tiers and club, §3 VIP activities): joining the
//! club, the way to the next tier, and whether the year's gatherings are on
//! track.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::customer::Tier;

/// `[vip]` in the policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VipPolicy {
    /// VIP gatherings a year (DOMAIN §3: at least four).
    pub gatherings_per_year: u32,
    /// Most guests invited to one gathering.
    pub max_guests: u32,
    /// Themes offered when planning (names from the locale files, `theme.<id>`).
    pub themes: Vec<String>,
}

/// `[campaigns]` in the policy: who the maintenance months are for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignPolicy {
    /// New customer month: registered within this many days before it starts.
    pub new_within_days: i64,
    /// Old customer month: at least this many purchases …
    pub old_min_purchases: i64,
    /// … and registered at least this many days before it starts.
    pub old_known_days: i64,
}

/// How a customer came into the club.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClubVia {
    Spend,
    Fee,
}

impl ClubVia {
    pub fn id(self) -> &'static str {
        match self {
            ClubVia::Spend => "spend",
            ClubVia::Fee => "fee",
        }
    }
}

/// Whether a purchase brings the customer into the club by spend: not yet a
/// member, and the cumulative spend has reached the threshold. Membership
/// by spend lasts while the spend (purchases less returns) reaches it: a
/// return that takes it back below ends it ([`crate::domain::after_return`]);
/// membership by fee is kept.
pub fn joins_by_spend(already_member: bool, total_spend_fen: i64, club_min_fen: i64) -> bool {
    !already_member && total_spend_fen >= club_min_fen
}

/// The next tier above the spend and how much is still to spend for it.
pub fn next_tier(tiers: &[Tier], spend_fen: i64) -> Option<(&Tier, i64)> {
    tiers
        .iter()
        .find(|t| t.min_spend_fen > spend_fen)
        .map(|t| (t, t.min_spend_fen - spend_fen))
}

/// The year's gatherings against the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// The year's count is reached.
    Done,
    /// Enough time left for what is missing.
    OnTrack,
    /// Fewer than a quarter of a year left for each gathering still missing
    /// and not yet planned: the manager is warned.
    Behind,
}

/// `held` this year so far, `planned` still to come this year.
pub fn pace(held: u32, planned: u32, per_year: u32, today: NaiveDate) -> Pace {
    if held >= per_year {
        return Pace::Done;
    }
    let unplanned = per_year - held.min(per_year) - planned.min(per_year - held);
    if unplanned == 0 {
        return Pace::OnTrack;
    }
    let end = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
    let days_left = (end - today).num_days() + 1;
    let year_days = if today.leap_year() { 366 } else { 365 };
    // Each missing gathering needs a share of the year: 4 a year, 91 days each.
    if days_left * i64::from(per_year) < i64::from(unplanned) * year_days {
        Pace::Behind
    } else {
        Pace::OnTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tiers() -> Vec<Tier> {
        [("regular", 0), ("silver", 300_000), ("gold", 1_000_000)]
            .into_iter()
            .map(|(id, m)| Tier {
                id: id.into(),
                min_spend_fen: m,
            })
            .collect()
    }

    #[test]
    fn the_club_by_spend_at_exactly_the_threshold() {
        assert!(!joins_by_spend(false, 199_999, 200_000));
        assert!(joins_by_spend(false, 200_000, 200_000));
        assert!(!joins_by_spend(true, 500_000, 200_000), "once is enough");
    }

    #[test]
    fn next_tier_and_what_is_left() {
        let t = tiers();
        let (n, left) = next_tier(&t, 0).unwrap();
        assert_eq!((n.id.as_str(), left), ("silver", 300_000));
        let (n, left) = next_tier(&t, 299_999).unwrap();
        assert_eq!((n.id.as_str(), left), ("silver", 1));
        let (n, _) = next_tier(&t, 300_000).unwrap();
        assert_eq!(n.id, "gold");
        assert!(next_tier(&t, 1_000_000).is_none(), "top tier");
    }

    #[test]
    fn the_years_gatherings_on_pace() {
        assert_eq!(pace(4, 0, 4, d("2026-03-01")), Pace::Done);
        assert_eq!(pace(0, 0, 4, d("2026-01-01")), Pace::OnTrack);
        // One missing needs 91.25 days: 1 October leaves 92, 2 October 91.
        assert_eq!(pace(3, 0, 4, d("2026-10-01")), Pace::OnTrack);
        assert_eq!(pace(3, 0, 4, d("2026-10-02")), Pace::Behind);
        assert_eq!(pace(3, 1, 4, d("2026-12-20")), Pace::OnTrack, "one planned");
        assert_eq!(pace(1, 0, 4, d("2026-07-01")), Pace::Behind);
        // A leap year counts its own days (366 / 4 = 91.5).
        assert_eq!(pace(3, 0, 4, d("2028-10-01")), Pace::OnTrack);
        assert_eq!(pace(3, 0, 4, d("2028-10-02")), Pace::Behind);
    }
}
