//! `data/policy.toml`: the shop's numbers, read once at start and checked.

use serde::Deserialize;

use crate::domain::aftersale::AfterSalePolicy;
use crate::domain::customer::Tier;
use crate::shop_data::files::{DataError, Files, Source};

pub const FILE: &str = "data/policy.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub signin: Signin,
    /// How keys are told from a barcode scanner's burst.
    pub input: InputPolicy,
    pub customers: Customers,
    pub callbacks: Callbacks,
    pub greetings: Greetings,
    pub top_spenders: TopSpenders,
    pub repairs: Repairs,
    pub exchanges: Exchanges,
    pub care_jobs: CareJobs,
    pub aftersale: AfterSalePolicy,
    /// Complaint routing, time limits, counter phrases and survey questions,
    /// from their own files (`data/routing.toml`, `complaints.toml`, `surveys.toml`).
    #[serde(skip)]
    pub service: crate::shop_data::complaint_rules::ServiceRules,
    /// "1+5", service checks and their veto, satisfaction and contest
    /// weights, from their own file (`data/service_quality.toml`).
    #[serde(skip)]
    pub quality: crate::shop_data::quality::QualityRules,
    /// The steps' ask, evening wear and the gifts at checkout, from their
    /// own file (`data/practices.toml`).
    #[serde(skip)]
    pub practices: crate::shop_data::practices::Practices,
    pub visit: VisitPolicy,
    pub figures: crate::domain::visit::ReturnsRule,
    pub thanks: ThanksPolicy,
    pub segments: crate::domain::segments::Thresholds,
    pub vip: crate::domain::vip::VipPolicy,
    pub campaigns: crate::domain::vip::CampaignPolicy,
    pub till: TillPolicy,
}

/// `[till]`: VIP rewards at checkout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TillPolicy {
    /// By tier id: the extra percent off on the customer's birthday.
    pub birthday_discount_percent: std::collections::BTreeMap<String, u32>,
}

/// `[visit]`: the eight-step flow's greeting hours and the add-on target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitPolicy {
    pub noon_from_hour: u32,
    pub afternoon_from_hour: u32,
    pub evening_from_hour: u32,
    pub new_year_greeting_until_day: u32,
    pub add_on_target_percent: u32,
}

/// `[thanks]`: spend milestones that earn a thank-you (DOMAIN §3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThanksPolicy {
    pub milestones_fen: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repairs {
    pub promise_days: u32,
    pub made_to_order_rework_days: u32,
    pub revisit_after_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchanges {
    pub transfer_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareJobs {
    pub suit_dry_clean_min_fen: i64,
    pub dry_clean_reading: crate::domain::after_purchase::DryCleanReading,
    pub dry_clean_months: u32,
    pub dry_clean_stages: Vec<String>,
    pub leather_care_stages: Vec<String>,
}

impl CareJobs {
    /// How long a free dry-clean lasts, as read in `data/policy.toml`.
    pub fn dry_clean_period(&self) -> crate::domain::after_purchase::DryCleanPeriod {
        use crate::domain::after_purchase::{DryCleanPeriod, DryCleanReading};
        match self.dry_clean_reading {
            DryCleanReading::CalendarYear => DryCleanPeriod::CalendarYear,
            DryCleanReading::MonthsFromPurchase => DryCleanPeriod::Months(self.dry_clean_months),
        }
    }

    pub fn stages(&self, kind: &str) -> &[String] {
        if kind == "leather_care" {
            &self.leather_care_stages
        } else {
            &self.dry_clean_stages
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signin {
    pub max_failed_pins: u32,
    pub lockout_minutes: u32,
    pub idle_lock_minutes: u32,
}

/// `[input]`: digits and Enter closer together than `scanner_gap_ms` are a
/// scanner's (or a stray burst's) and act only inside a text field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputPolicy {
    pub scanner_gap_ms: u64,
    pub confirm_pause_ms: u64,
}

impl InputPolicy {
    pub fn scanner_gap(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.scanner_gap_ms)
    }

    pub fn confirm_pause(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.confirm_pause_ms)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customers {
    pub hard_weight_percent: u32,
    pub soft_weight_percent: u32,
    pub tiers: Vec<Tier>,
    pub club_min_spend_fen: i64,
    pub club_fee_fen: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callbacks {
    pub purchase_after_days: u32,
    pub retry_after_days: u32,
    pub max_attempts: u32,
    pub coming_days: u32,
    /// A purchase callback is not made any more once its due day is this
    /// many days gone (old sales, an import's history).
    pub too_late_after_days: u32,
}

/// `[top_spenders]`: the year's top spenders, visited in person.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopSpenders {
    pub count: u32,
    /// MM-DD: the day of the year the list is made.
    pub list_on: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Greetings {
    pub birthday_window_days: u32,
    pub not_seen_days: u32,
    pub miss_you_first_look_back_days: u32,
    pub vip_birthday_discount_percent: u32,
}

impl Policy {
    pub fn load(files: &Files) -> Result<Policy, DataError> {
        let mut p = Policy::from_source(&files.read(FILE)?)?;
        p.service = crate::shop_data::complaint_rules::ServiceRules::load(files)?;
        p.quality = crate::shop_data::quality::QualityRules::load(files)?;
        p.practices = crate::shop_data::practices::Practices::load(files)?;
        let known: Vec<&str> = p
            .service
            .routing
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        p.quality.check_categories(&known)?;
        Ok(p)
    }

    pub fn from_source(src: &Source) -> Result<Policy, DataError> {
        let p: Policy = src.parse()?;
        p.check(src)?;
        Ok(p)
    }
}

mod aftersale;
mod checks;
#[cfg(test)]
mod tests;
