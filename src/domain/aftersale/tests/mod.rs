//! Every row of DOMAIN §6a and every boundary, one table row per check.

use chrono::NaiveDate;

use super::*;

mod anytime;
mod cosmetics;
mod fabric;
mod invariants;
mod returns;
mod warranty;

/// The numbers of DOMAIN §5 and §6 (the shipped `data/policy.toml` holds the same).
pub(super) fn shop_terms() -> AfterSalePolicy {
    AfterSalePolicy {
        return_days: 7,
        exchange_days: 14,
        free_repair_from_day: 15,
        warranty_months: WarrantyMonths {
            textile: 3,
            knit: 3,
            cotton: 3,
            suit: 3,
            leather: 6,
            cosmetic: 6,
            made_to_order: 12,
        },
        depreciation: Depreciation {
            bands: vec![
                DepreciationBand {
                    up_to_day: 30,
                    percent: 5,
                },
                DepreciationBand {
                    up_to_day: 60,
                    percent: 10,
                },
                DepreciationBand {
                    up_to_day: 90,
                    percent: 20,
                },
            ],
            later_percent: 30,
        },
        shop_pays_shipping_for: vec![Problem::OpenSeam, Problem::DroppedStitch],
        fabric: FabricRules {
            textile: fabric("blend", "woven"),
            knit: fabric("wool", "knitwear"),
            cotton: fabric("cotton", "woven"),
            suit: fabric("wool", "suit"),
            leather: fabric("leather", "leather"),
            natural_wear_materials: vec!["cotton".into()],
            free_mend_garments: vec!["knitwear".into()],
        },
        cosmetics: CosmeticTerms {
            adverse_reaction: vec![Remedy::Return, Remedy::Exchange],
            no_effect: vec![Remedy::Return, Remedy::Exchange],
            refund_price: RefundPrice::Paid,
        },
    }
}

fn fabric(material: &str, garment: &str) -> Fabric {
    Fabric {
        material: material.into(),
        garment: garment.into(),
    }
}

pub(super) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A textile sold on 1 March 2026 for ¥399.00, same price today, brought
/// back with its receipt in resaleable condition.
pub(super) fn case(today: &str) -> AfterSaleCase {
    AfterSaleCase {
        line: PurchaseLine {
            category: Category::Textile,
            sold_on: date("2026-03-01"),
            paid_fen: 39900,
            current_price_fen: 39900,
            clearance: false,
            made_to_order: false,
        },
        today: date(today),
        receipt: true,
        condition: vec![],
        problem: Problem::None,
        repairable: true,
        request: Request::Return,
    }
}

pub(super) struct Row {
    pub(super) what: &'static str,
    pub(super) today: &'static str,
    pub(super) set: fn(&mut AfterSaleCase),
    pub(super) decision: Decision,
    pub(super) amount_fen: i64,
    pub(super) percent: u32,
    pub(super) shop_pays_shipping: bool,
    pub(super) reasons: &'static [Reason],
}

pub(super) fn as_is(_: &mut AfterSaleCase) {}

pub(super) fn run(rows: &[Row]) {
    let terms = shop_terms();
    for row in rows {
        let mut c = case(row.today);
        (row.set)(&mut c);
        let r = decide(&c, &terms).unwrap_or_else(|e| panic!("{}: {e}", row.what));
        assert_eq!(r.decision, row.decision, "{}: decision", row.what);
        assert_eq!(r.amount_fen, row.amount_fen, "{}: amount", row.what);
        assert_eq!(
            r.depreciation_percent, row.percent,
            "{}: depreciation",
            row.what
        );
        assert_eq!(
            r.shop_pays_shipping, row.shop_pays_shipping,
            "{}: shipping",
            row.what
        );
        assert_eq!(r.reasons, row.reasons, "{}: reasons", row.what);
    }
}

pub(super) fn defect(c: &mut AfterSaleCase) {
    c.problem = Problem::QualityDefect;
}

pub(super) fn defect_unrepairable(c: &mut AfterSaleCase) {
    c.problem = Problem::QualityDefect;
    c.repairable = false;
}

pub(super) fn leather(c: &mut AfterSaleCase) {
    defect(c);
    c.line.category = Category::Leather;
}

pub(super) fn made_to_order(c: &mut AfterSaleCase) {
    defect(c);
    c.line.made_to_order = true;
}
