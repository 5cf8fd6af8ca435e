//! What a refund does to the customer's standing (DOMAIN §2 tiers and club,
//! §3 milestone thanks): the decision screen says it before the return is
//! confirmed, and the store does it in the same transaction as the return.
//! Pure: the spend, the refund and the thresholds are passed in.

use super::customer::{Tier, tier_for};

/// The customer's standing before the refund, as far as it matters here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub spend_fen: i64,
    /// In the club by spend (a fee member keeps the club whatever the spend).
    pub club_by_spend: bool,
}

/// What falls away with the refund.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drop {
    pub spend_after_fen: i64,
    /// (from, to) when the tier falls.
    pub tier: Option<(String, String)>,
    /// Milestones the spend no longer reaches, lowest first (fen).
    pub milestones: Vec<i64>,
    pub leaves_club: bool,
}

impl Drop {
    pub fn is_empty(&self) -> bool {
        self.tier.is_none() && self.milestones.is_empty() && !self.leaves_club
    }
}

/// The tier, milestones and club a refund of `refund_fen` takes away.
pub fn drop_for(
    before: &Before,
    refund_fen: i64,
    tiers: &[Tier],
    milestones_fen: &[i64],
    club_min_fen: i64,
) -> Drop {
    let after = before.spend_fen - refund_fen.max(0);
    let mut d = Drop {
        spend_after_fen: after,
        ..Drop::default()
    };
    if !tiers.is_empty() {
        let (was, now) = (tier_for(tiers, before.spend_fen), tier_for(tiers, after));
        if was.id != now.id {
            d.tier = Some((was.id.clone(), now.id.clone()));
        }
    }
    d.milestones = milestones_fen
        .iter()
        .copied()
        .filter(|m| before.spend_fen >= *m && after < *m)
        .collect();
    d.milestones.sort();
    d.leaves_club = before.club_by_spend && after < club_min_fen;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_refund_below_a_tier_a_milestone_and_the_club_says_all_three() {
        let d = drop_for(
            &Before {
                spend_fen: 1_050_000,
                club_by_spend: true,
            },
            100_000,
            &tiers(),
            &[500_000, 1_000_000],
            1_000_000,
        );
        assert_eq!(d.spend_after_fen, 950_000);
        assert_eq!(d.tier, Some(("gold".into(), "silver".into())));
        assert_eq!(d.milestones, vec![1_000_000]);
        assert!(d.leaves_club);
    }

    #[test]
    fn a_small_refund_or_a_fee_member_loses_nothing() {
        let d = drop_for(
            &Before {
                spend_fen: 1_050_000,
                club_by_spend: false,
            },
            50_000,
            &tiers(),
            &[500_000, 1_000_000],
            1_000_000,
        );
        assert!(d.is_empty(), "{d:?}");
        let fee = drop_for(
            &Before {
                spend_fen: 1_050_000,
                club_by_spend: false,
            },
            900_000,
            &tiers(),
            &[],
            1_000_000,
        );
        assert!(!fee.leaves_club);
        assert_eq!(fee.tier, Some(("gold".into(), "regular".into())));
    }
}
