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

    /// The checks serde cannot make, each naming the line of the bad value.
    fn check(&self, src: &Source) -> Result<(), DataError> {
        let bad = |section: &str, key: &str, msg: &str| {
            Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
        };
        if self.signin.max_failed_pins == 0 {
            return bad("signin", "max_failed_pins", "must be at least 1");
        }
        if self.signin.lockout_minutes == 0 {
            return bad("signin", "lockout_minutes", "must be at least 1 minute");
        }
        if !(1..=500).contains(&self.input.scanner_gap_ms) {
            return bad(
                "input",
                "scanner_gap_ms",
                "must be from 1 to 500 milliseconds",
            );
        }
        if self.signin.idle_lock_minutes == 0 {
            return bad("signin", "idle_lock_minutes", "must be at least 1 minute");
        }
        let c = &self.customers;
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
        if self.greetings.birthday_window_days > 60 {
            return bad("greetings", "birthday_window_days", "at most 60 days");
        }
        if self.greetings.not_seen_days == 0 {
            return bad("greetings", "not_seen_days", "must be at least 1");
        }
        if self.greetings.vip_birthday_discount_percent > 100 {
            return bad(
                "greetings",
                "vip_birthday_discount_percent",
                "at most 100 percent",
            );
        }
        for (key, stages) in [
            ("dry_clean_stages", &self.care_jobs.dry_clean_stages),
            ("leather_care_stages", &self.care_jobs.leather_care_stages),
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
        if self.callbacks.retry_after_days == 0 {
            return bad("callbacks", "retry_after_days", "must be at least 1 day");
        }
        if self.callbacks.max_attempts == 0 {
            return bad("callbacks", "max_attempts", "must be at least 1");
        }
        if self.callbacks.coming_days > 60 {
            return bad("callbacks", "coming_days", "at most 60 days");
        }
        if self.greetings.miss_you_first_look_back_days > 366 {
            return bad(
                "greetings",
                "miss_you_first_look_back_days",
                "at most 366 days",
            );
        }
        if crate::domain::tasks::month_day(&self.top_spenders.list_on).is_none() {
            return bad(
                "top_spenders",
                "list_on",
                "must be a day of the year written MM-DD",
            );
        }
        if self.repairs.promise_days == 0 {
            return bad("repairs", "promise_days", "must be at least 1 day");
        }
        check_aftersale(&self.aftersale, src)?;
        check_visit(self, src)?;
        check_till(self, src)?;
        check_vip(self, src)
    }
}

/// `[visit]`, `[thanks]` (and the dry-clean threshold of `[care_jobs]`):
/// hours in order, amounts that make sense.
fn check_visit(p: &Policy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| {
        Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
    };
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
    let bad = |section: &str, key: &str, msg: &str| {
        Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
    };
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

/// Longest warranty taken, in months: beyond it a typo is likelier than a promise.
const MAX_WARRANTY_MONTHS: u32 = 1200;

/// `[aftersale]`: windows that leave no day without a rule, bands that rise.
fn check_aftersale(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| {
        Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
    };
    if a.return_days < 0 {
        return bad("aftersale", "return_days", "cannot be negative".into());
    }
    if a.exchange_days < a.return_days {
        return bad(
            "aftersale",
            "exchange_days",
            format!("must be at least return_days ({})", a.return_days),
        );
    }
    if a.free_repair_from_day != a.exchange_days + 1 {
        return bad(
            "aftersale",
            "free_repair_from_day",
            format!(
                "must be the day after exchange_days, {}, so that every day has its rule",
                a.exchange_days + 1
            ),
        );
    }
    let w = &a.warranty_months;
    for (key, months) in [
        ("textile", w.textile),
        ("knit", w.knit),
        ("cotton", w.cotton),
        ("suit", w.suit),
        ("leather", w.leather),
        ("cosmetic", w.cosmetic),
        ("made_to_order", w.made_to_order),
    ] {
        if months > MAX_WARRANTY_MONTHS {
            return bad(
                "aftersale.warranty_months",
                key,
                format!("at most {MAX_WARRANTY_MONTHS} months"),
            );
        }
    }
    check_aftersale_rules(a, src)?;
    let d = &a.depreciation;
    let bad_band = |i: usize, msg: String| {
        Err(src.error(
            line_of_band(src, i),
            format!("aftersale.depreciation.bands[{}]: {msg}", i + 1),
        ))
    };
    for (i, band) in d.bands.iter().enumerate() {
        if band.up_to_day < 0 {
            return bad_band(i, "up_to_day cannot be negative".into());
        }
        if band.percent > 100 {
            return bad_band(i, format!("percent {} is more than 100", band.percent));
        }
        if i > 0 && band.up_to_day <= d.bands[i - 1].up_to_day {
            return bad_band(
                i,
                format!(
                    "up_to_day {} must be later than the band before ({})",
                    band.up_to_day,
                    d.bands[i - 1].up_to_day
                ),
            );
        }
        if i > 0 && band.percent < d.bands[i - 1].percent {
            return bad_band(
                i,
                format!(
                    "percent {} is less than the band before ({}): older goods cannot lose less",
                    band.percent,
                    d.bands[i - 1].percent
                ),
            );
        }
    }
    if d.later_percent > 100 {
        return bad(
            "aftersale.depreciation",
            "later_percent",
            format!("{} is more than 100", d.later_percent),
        );
    }
    if let Some(last) = d.bands.last()
        && d.later_percent < last.percent
    {
        return bad(
            "aftersale.depreciation",
            "later_percent",
            format!(
                "{} is less than the last band ({})",
                d.later_percent, last.percent
            ),
        );
    }
    Ok(())
}

/// `[aftersale]`'s shipping list, `[aftersale.fabric]` and `[aftersale.cosmetics]`.
fn check_aftersale_rules(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    use crate::domain::aftersale::{Category, Problem};
    let bad = |section: &str, key: &str, msg: String| {
        Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
    };
    let any_time = [
        Problem::OpenSeam,
        Problem::Creasing,
        Problem::Pilling,
        Problem::DroppedStitch,
    ];
    if let Some(p) = a
        .shop_pays_shipping_for
        .iter()
        .find(|p| !any_time.contains(p))
    {
        return bad(
            "aftersale",
            "shop_pays_shipping_for",
            format!(
                "{p} is not repaired free at any time (F1): only open_seam, creasing, pilling, dropped_stitch"
            ),
        );
    }
    let f = &a.fabric;
    let fabrics: Vec<_> = Category::ALL.iter().filter_map(|c| f.of(*c)).collect();
    if let Some(c) = Category::ALL.iter().find(|c| {
        f.of(**c)
            .is_some_and(|x| x.material.trim().is_empty() || x.garment.trim().is_empty())
    }) {
        return bad(
            "aftersale.fabric",
            c.as_str(),
            "needs a material and a garment type".into(),
        );
    }
    for (key, list, of) in [
        (
            "natural_wear_materials",
            &f.natural_wear_materials,
            "material",
        ),
        ("free_mend_garments", &f.free_mend_garments, "garment type"),
    ] {
        let known = |w: &String| {
            fabrics.iter().any(|x| {
                if of == "material" {
                    &x.material == w
                } else {
                    &x.garment == w
                }
            })
        };
        if let Some(w) = list.iter().find(|w| !known(w)) {
            return bad(
                "aftersale.fabric",
                key,
                format!("{w:?} is no category's {of} (see the categories above)"),
            );
        }
    }
    let c = &a.cosmetics;
    for (key, list) in [
        ("adverse_reaction", &c.adverse_reaction),
        ("no_effect", &c.no_effect),
    ] {
        if list.is_empty() {
            return bad(
                "aftersale.cosmetics",
                key,
                "offer at least one of return, exchange: a cosmetic's reaction is never refused"
                    .into(),
            );
        }
        if list.iter().enumerate().any(|(i, x)| list[..i].contains(x)) {
            return bad(
                "aftersale.cosmetics",
                key,
                "a remedy is listed twice".into(),
            );
        }
    }
    Ok(())
}

/// The line of the `index`th depreciation band: the `index`th `up_to_day`
/// after the section opens (inline tables or `[[…bands]]` alike).
fn line_of_band(src: &Source, index: usize) -> Option<usize> {
    let mut lines = src.text.lines().enumerate();
    lines.by_ref().find(|(_, l)| {
        l.trim()
            .trim_start_matches('[')
            .starts_with("aftersale.depreciation")
    })?;
    lines
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains("up_to_day"))
        .nth(index)
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            label: "policy.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_shipped_policy_loads() {
        let p = Policy::load(&Files::locate(None)).unwrap();
        assert_eq!(p.callbacks.purchase_after_days, 7);
        assert_eq!(p.customers.hard_weight_percent, 20);
        let builtin = Policy::load(&Files::built_in()).unwrap();
        assert_eq!(builtin.customers.tiers, p.customers.tiers);
    }

    #[test]
    fn a_bad_value_names_its_line() {
        let shipped = Files::built_in().read(FILE).unwrap().text;
        let broken = shipped.replace("soft_weight_percent = 80", "soft_weight_percent = 70");
        let e = Policy::from_source(&src(&broken)).unwrap_err();
        let line = broken
            .lines()
            .position(|l| l.starts_with("soft_weight_percent"))
            .unwrap()
            + 1;
        assert_eq!(e.line, Some(line));
        assert!(e.message.contains("add up to 100"), "{e}");
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_line() {
        let shipped = Files::built_in().read(FILE).unwrap().text;
        let broken = shipped.replace("[callbacks]\n", "[callbacks]\nsurprise = 1\n");
        let e = Policy::from_source(&src(&broken)).unwrap_err();
        assert!(e.message.contains("surprise"), "{e}");
        assert!(e.line.is_some());
    }

    /// The shipped file with `from` replaced by `to`, which must name the
    /// error: its line is the one where `to` now stands.
    fn refused(what: &str, from: &str, to: &str, message: &str) {
        let shipped = Files::built_in().read(FILE).unwrap().text;
        assert!(
            shipped.contains(from),
            "{what}: the shipped file has no {from:?}"
        );
        let broken = shipped.replacen(from, to, 1);
        let e = Policy::from_source(&src(&broken)).unwrap_err();
        let line = broken.lines().position(|l| l.contains(to)).unwrap() + 1;
        assert_eq!(e.line, Some(line), "{what}: {e}");
        assert!(e.message.contains(message), "{what}: {e}");
        assert!(
            e.to_string().starts_with(&format!("policy.toml:{line}: ")),
            "{what}: {e}"
        );
    }

    #[test]
    fn the_shipped_aftersale_terms_are_domains_numbers() {
        let a = Policy::load(&Files::built_in()).unwrap().aftersale;
        assert_eq!(
            (a.return_days, a.exchange_days, a.free_repair_from_day),
            (7, 14, 15)
        );
        let w = &a.warranty_months;
        assert_eq!((w.textile, w.knit, w.cotton, w.suit), (3, 3, 3, 3));
        assert_eq!((w.leather, w.cosmetic, w.made_to_order), (6, 6, 12));
        let bands: Vec<(i64, u32)> = a
            .depreciation
            .bands
            .iter()
            .map(|b| (b.up_to_day, b.percent))
            .collect();
        assert_eq!(bands, [(30, 5), (60, 10), (90, 20)]);
        assert_eq!(a.depreciation.later_percent, 30);
    }

    #[test]
    fn a_negative_return_window_is_refused() {
        refused(
            "",
            "return_days = 7",
            "return_days = -1",
            "cannot be negative",
        );
    }

    #[test]
    fn an_exchange_window_shorter_than_the_return_window_is_refused() {
        refused(
            "",
            "exchange_days = 14",
            "exchange_days = 6",
            "at least return_days (7)",
        );
    }

    #[test]
    fn a_gap_or_overlap_before_free_repair_is_refused() {
        refused(
            "gap",
            "free_repair_from_day = 15",
            "free_repair_from_day = 16",
            "the day after exchange_days, 15",
        );
        refused(
            "overlap",
            "free_repair_from_day = 15",
            "free_repair_from_day = 14",
            "the day after exchange_days, 15",
        );
    }

    #[test]
    fn a_negative_warranty_is_refused_by_the_parser() {
        refused("", "leather = 6", "leather = -6", "u32");
    }

    #[test]
    fn an_endless_warranty_is_refused() {
        refused(
            "",
            "made_to_order = 12",
            "made_to_order = 1201",
            "at most 1200 months",
        );
    }

    #[test]
    fn a_missing_category_warranty_is_refused() {
        let shipped = Files::built_in().read(FILE).unwrap().text;
        let e = Policy::from_source(&src(&shipped.replace("cosmetic = 6\n", ""))).unwrap_err();
        assert!(e.message.contains("cosmetic"), "{e}");
    }

    #[test]
    fn depreciation_bands_that_do_not_rise_are_refused() {
        refused(
            "same day twice",
            "{ up_to_day = 60, percent = 10 }",
            "{ up_to_day = 30, percent = 10 }",
            "bands[2]: up_to_day 30 must be later than the band before (30)",
        );
        refused(
            "going back",
            "{ up_to_day = 90, percent = 20 }",
            "{ up_to_day = 45, percent = 20 }",
            "bands[3]: up_to_day 45 must be later",
        );
    }

    #[test]
    fn a_negative_band_day_is_refused() {
        refused(
            "",
            "{ up_to_day = 30, percent = 5 }",
            "{ up_to_day = -30, percent = 5 }",
            "bands[1]: up_to_day cannot be negative",
        );
    }

    #[test]
    fn a_band_over_100_percent_is_refused() {
        refused(
            "",
            "{ up_to_day = 90, percent = 20 }",
            "{ up_to_day = 90, percent = 120 }",
            "bands[3]: percent 120 is more than 100",
        );
    }

    #[test]
    fn a_band_that_depreciates_less_than_the_one_before_is_refused() {
        refused(
            "",
            "{ up_to_day = 60, percent = 10 }",
            "{ up_to_day = 60, percent = 4 }",
            "bands[2]: percent 4 is less than the band before (5)",
        );
    }

    #[test]
    fn a_later_percent_over_100_is_refused() {
        refused(
            "",
            "later_percent = 30",
            "later_percent = 101",
            "101 is more than 100",
        );
    }

    #[test]
    fn a_later_percent_below_the_last_band_is_refused() {
        refused(
            "",
            "later_percent = 30",
            "later_percent = 15",
            "less than the last band (20)",
        );
    }

    #[test]
    fn an_unknown_aftersale_key_is_refused_with_its_line() {
        refused(
            "",
            "later_percent = 30",
            "later_pecrent = 30",
            "later_pecrent",
        );
    }

    #[test]
    fn the_shipped_visit_numbers_are_the_domains() {
        let p = Policy::load(&Files::built_in()).unwrap();
        assert_eq!(p.visit.add_on_target_percent, 30);
        assert_eq!(p.care_jobs.suit_dry_clean_min_fen, 200_000);
        assert!(!p.thanks.milestones_fen.is_empty());
    }

    #[test]
    fn visit_hours_out_of_order_are_refused() {
        refused(
            "",
            "evening_from_hour = 18",
            "evening_from_hour = 12",
            "hours must rise",
        );
    }

    #[test]
    fn milestones_that_do_not_rise_are_refused() {
        refused(
            "",
            "milestones_fen = [500000, 1000000, 3000000]",
            "milestones_fen = [500000, 100000]",
            "rising",
        );
    }

    #[test]
    fn a_negative_dry_clean_threshold_is_refused() {
        refused(
            "",
            "suit_dry_clean_min_fen = 200000",
            "suit_dry_clean_min_fen = -1",
            "cannot be negative",
        );
    }

    #[test]
    fn a_cosmetics_reaction_with_no_remedy_is_refused() {
        refused(
            "none offered",
            "adverse_reaction = [\"return\", \"exchange\"]",
            "adverse_reaction = []",
            "never refused",
        );
        refused(
            "twice",
            "no_effect = [\"return\", \"exchange\"]",
            "no_effect = [\"return\", \"return\"]",
            "listed twice",
        );
        refused(
            "a repair of a cream",
            "no_effect = [\"return\", \"exchange\"]",
            "no_effect = [\"repair\"]",
            "repair",
        );
        refused(
            "price",
            "refund_price = \"paid\"",
            "refund_price = \"less_5\"",
            "less_5",
        );
    }

    #[test]
    fn fabric_rules_must_name_a_known_material_or_garment() {
        refused(
            "",
            "natural_wear_materials = [\"cotton\"]",
            "natural_wear_materials = [\"coton\"]",
            "\"coton\" is no category's material",
        );
        refused(
            "",
            "free_mend_garments = [\"knitwear\"]",
            "free_mend_garments = [\"sweaters\"]",
            "no category's garment type",
        );
        refused(
            "",
            "suit = { material = \"wool\", garment = \"suit\" }",
            "suit = { material = \"\", garment = \"suit\" }",
            "needs a material and a garment type",
        );
    }

    #[test]
    fn a_birthday_rate_for_an_unknown_tier_or_over_100_is_refused() {
        let from =
            "birthday_discount_percent = { regular = 0, silver = 5, gold = 10, platinum = 15 }";
        refused(
            "tier",
            from,
            "birthday_discount_percent = { diamond = 5 }",
            "\"diamond\" is not a tier",
        );
        refused(
            "percent",
            from,
            "birthday_discount_percent = { gold = 101 }",
            "gold: 101 is more than 100",
        );
    }

    #[test]
    fn shipping_is_paid_only_for_free_repairs() {
        refused(
            "",
            "shop_pays_shipping_for = [\"open_seam\", \"dropped_stitch\"]",
            "shop_pays_shipping_for = [\"zip_misuse\"]",
            "zip_misuse is not repaired free at any time",
        );
    }

    #[test]
    fn bands_written_as_tables_name_their_line_too() {
        let shipped = Files::built_in().read(FILE).unwrap().text;
        let start = shipped.find("bands = [").unwrap();
        let tables = "later_percent = 30\n\n[[aftersale.depreciation.bands]]\nup_to_day = 30\npercent = 5\n\n[[aftersale.depreciation.bands]]\nup_to_day = 20\npercent = 10\n";
        // The sections after [aftersale.depreciation] stay as shipped.
        let after = shipped.find("\n[visit]").unwrap();
        let broken = format!("{}{tables}{}", &shipped[..start], &shipped[after..]);
        let e = Policy::from_source(&src(&broken)).unwrap_err();
        let line = broken.lines().position(|l| l == "up_to_day = 20").unwrap() + 1;
        assert_eq!(e.line, Some(line), "{e}");
    }
}
