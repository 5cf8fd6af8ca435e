//! The shop's after-sale terms from `data/policy.toml` (windows, warranty,
//! depreciation) and the calendar and money arithmetic they need.

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use super::{Category, Problem};

/// The `[aftersale]` section of `data/policy.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterSalePolicy {
    /// Last day (counted from the day of sale, day 0) of a return.
    pub return_days: i64,
    /// Last day of an exchange for a quality problem.
    pub exchange_days: i64,
    /// First day of free repair within warranty; `exchange_days + 1` (checked at load).
    pub free_repair_from_day: i64,
    pub warranty_months: WarrantyMonths,
    pub depreciation: Depreciation,
    /// F1 problems that are a fault of the goods (an open seam 开线): the
    /// shop pays the shipping of their repair (§5 [S2]).
    pub shop_pays_shipping_for: Vec<Problem>,
    pub fabric: FabricRules,
    pub cosmetics: CosmeticTerms,
}

/// What each garment category is made of and what kind of garment it is,
/// and which materials and garment types S3's fabric rules name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FabricRules {
    pub textile: Fabric,
    pub knit: Fabric,
    pub cotton: Fabric,
    pub suit: Fabric,
    pub leather: Fabric,
    /// Materials whose fading, shrinking and pilling are their nature, not
    /// repaired (N1) [S3 "全棉面料服裝褪色、縮水、起球"].
    pub natural_wear_materials: Vec<String>,
    /// Garment types whose small-area pilling and dropped stitches are
    /// mended free (F1) [S3 "毛衣小面積起球、脫針、開線免費修理"].
    pub free_mend_garments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fabric {
    pub material: String,
    pub garment: String,
}

impl FabricRules {
    /// The fabric of a garment category; a cosmetic has none.
    pub fn of(&self, category: Category) -> Option<&Fabric> {
        match category {
            Category::Textile => Some(&self.textile),
            Category::Knit => Some(&self.knit),
            Category::Cotton => Some(&self.cotton),
            Category::Suit => Some(&self.suit),
            Category::Leather => Some(&self.leather),
            Category::Cosmetic => None,
        }
    }

    /// Fading, shrinking and pilling are in the nature of its material.
    pub fn wears_by_nature(&self, category: Category) -> bool {
        self.of(category)
            .is_some_and(|f| self.natural_wear_materials.contains(&f.material))
    }

    /// Its pilling and dropped stitches are mended free.
    pub fn mended_free(&self, category: Category) -> bool {
        self.of(category)
            .is_some_and(|f| self.free_mend_garments.contains(&f.garment))
    }
}

/// A cosmetic's remedy at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// Refunded.
    Return,
    /// Replaced.
    Exchange,
}

/// Which price a cosmetic's refund is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundPrice {
    /// The price paid.
    Paid,
    /// The lower of the price paid and today's price (§5's price rule).
    Base,
}

/// `[aftersale.cosmetics]`: the desk's answers to a cosmetic that hurt or
/// did nothing [S4]; never a refusal, a referral or another product.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosmeticTerms {
    /// Offered for an adverse reaction; the first when the customer asks
    /// for something else (a "repair").
    pub adverse_reaction: Vec<Remedy>,
    /// Offered for no effect at all, likewise.
    pub no_effect: Vec<Remedy>,
    pub refund_price: RefundPrice,
}

/// Warranty 包修 in calendar months from the sale date, by category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarrantyMonths {
    pub textile: u32,
    pub knit: u32,
    pub cotton: u32,
    pub suit: u32,
    pub leather: u32,
    pub cosmetic: u32,
    /// Made-to-order goods, whatever their category.
    pub made_to_order: u32,
}

impl WarrantyMonths {
    pub fn for_goods(&self, category: Category, made_to_order: bool) -> u32 {
        if made_to_order {
            return self.made_to_order;
        }
        match category {
            Category::Textile => self.textile,
            Category::Knit => self.knit,
            Category::Cotton => self.cotton,
            Category::Suit => self.suit,
            Category::Leather => self.leather,
            Category::Cosmetic => self.cosmetic,
        }
    }
}

/// Depreciation 折旧 of a charged return or exchange (rule Q4).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Depreciation {
    /// By rising `up_to_day` (checked at load).
    pub bands: Vec<DepreciationBand>,
    /// After the last band.
    pub later_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepreciationBand {
    /// Last day of sale-age (inclusive) this band covers.
    pub up_to_day: i64,
    pub percent: u32,
}

impl Depreciation {
    /// The percent for goods sold `days` ago: the first band that reaches that day.
    pub fn percent_on_day(&self, days: i64) -> u32 {
        self.bands
            .iter()
            .find(|b| days <= b.up_to_day)
            .map_or(self.later_percent, |b| b.percent)
    }
}

/// Days since the sale: the day of sale is day 0.
pub fn days_since_sale(sold_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - sold_on).num_days()
}

/// The last day of the warranty, inclusive: the same day of the month
/// `months` later, or that month's last day when it is shorter
/// (31 January + 1 month = 28 or 29 February).
pub fn warranty_until(sold_on: NaiveDate, months: u32) -> NaiveDate {
    // Only overflows past the year 262143: such a warranty never ends.
    sold_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// §5's price rule: the customer gets the lower of the price paid and today's price.
pub fn base_price_fen(paid_fen: i64, current_price_fen: i64) -> i64 {
    paid_fen.min(current_price_fen)
}

/// `base_fen` less `percent`, rounded to the nearest fen with a half fen
/// going to the customer; i128 so no price can overflow.
pub fn depreciated_fen(base_fen: i64, percent: u32) -> i64 {
    let kept = 100 - i128::from(percent.min(100));
    let fen = (i128::from(base_fen) * kept + 50).div_euclid(100);
    // Never more than `base_fen`, which is an i64.
    i64::try_from(fen).unwrap_or(base_fen)
}
