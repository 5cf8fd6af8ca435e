//! Q3 to Q5: warranty by category and month ends, and Q4 depreciation.

use super::*;
use Decision as D;
use Reason as R;

// One table of cases, a row per case of the policy: long as the table is.
#[test]
fn depreciation_bands_q4() {
    // ¥399.00 less 5% = 379.05, 10% = 359.10, 20% = 319.20, 30% = 279.30.
    run(&[
        Row {
            what: "Q4: day 30 is still 5%",
            today: "2026-03-31",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 37905,
            percent: 5,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: day 31 is 10%",
            today: "2026-04-01",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 35910,
            percent: 10,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: day 60 is still 10%",
            today: "2026-04-30",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 35910,
            percent: 10,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: day 61 is 20%",
            today: "2026-05-01",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 31920,
            percent: 20,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: day 90 is still 20%",
            today: "2026-05-30",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 31920,
            percent: 20,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: day 91, a textile still in its 3 months (to 1 June), is 30%",
            today: "2026-05-31",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 27930,
            percent: 30,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: leather on day 150 is 30%",
            today: "2026-07-29",
            set: |c| {
                defect_unrepairable(c);
                c.line.category = Category::Leather;
            },
            decision: D::ChargedReturn,
            amount_fen: 27930,
            percent: 30,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: depreciation applies to the base price when the price has fallen",
            today: "2026-04-10",
            set: |c| {
                defect_unrepairable(c);
                c.line.current_price_fen = 29900;
            },
            decision: D::ChargedReturn,
            amount_fen: 26910,
            percent: 10,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q4: a repair asked of goods that cannot be repaired becomes a charged exchange",
            today: "2026-04-10",
            set: |c| {
                defect_unrepairable(c);
                c.request = Request::Repair;
            },
            decision: D::ChargedExchange,
            amount_fen: 35910,
            percent: 10,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedExchange],
        },
    ]);
}

#[test]
fn depreciated_amounts_round_half_a_fen_to_the_customer() {
    for (what, base, percent, expected) in [
        ("exact: 399.00 less 5%", 39900, 5, 37905),
        ("12345 × 95% = 11727.75, rounds up", 12345, 5, 11728),
        ("12341 × 95% = 11723.95, rounds up", 12341, 5, 11724),
        ("12342 × 90% = 11107.8, rounds up", 12342, 10, 11108),
        ("12341 × 70% = 8638.7, rounds up", 12341, 30, 8639),
        (
            "10 × 95% = 9.5, the half fen goes to the customer",
            10,
            5,
            10,
        ),
        ("11 × 70% = 7.7", 11, 30, 8),
        ("13 × 70% = 9.1, rounds down", 13, 30, 9),
        ("0% keeps the whole price", 39900, 0, 39900),
        ("100% leaves nothing", 39900, 100, 0),
        ("above 100% is taken as 100%", 39900, 150, 0),
        ("a free item stays free", 0, 20, 0),
        ("the largest price does not overflow", i64::MAX, 0, i64::MAX),
        (
            "the largest price less 30%",
            i64::MAX,
            30,
            6456360425798343065,
        ),
    ] {
        assert_eq!(depreciated_fen(base, percent), expected, "{what}");
    }
}

// One table of cases, a row per case of the policy: long as the table is.
#[test]
fn warranty_months_by_category_q3_q5() {
    run(&[
        Row {
            what: "Q3: textile sold 1 March, 3 months end 1 June inclusive",
            today: "2026-06-01",
            set: defect,
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
        Row {
            what: "Q5: textile on 2 June is a paid repair, the customer pays shipping",
            today: "2026-06-02",
            set: defect,
            decision: D::PaidRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::Q5PaidRepair],
        },
        Row {
            what: "Q4: textile not repairable on 1 June, the last warranty day",
            today: "2026-06-01",
            set: defect_unrepairable,
            decision: D::ChargedReturn,
            amount_fen: 27930,
            percent: 30,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedReturn],
        },
        Row {
            what: "Q5: textile not repairable on 2 June is refused",
            today: "2026-06-02",
            set: defect_unrepairable,
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::Q5NotRepairable],
        },
        Row {
            what: "Q5: knit, cotton and suits share the textile 3 months",
            today: "2026-06-02",
            set: |c| {
                defect(c);
                c.line.category = Category::Suit;
            },
            decision: D::PaidRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::Q5PaidRepair],
        },
        Row {
            what: "Q3: leather on 2 June is still in its 6 months",
            today: "2026-06-02",
            set: leather,
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
        Row {
            what: "Q3: leather sold 1 March, 6 months end 1 September inclusive",
            today: "2026-09-01",
            set: leather,
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
        Row {
            what: "Q5: leather on 2 September",
            today: "2026-09-02",
            set: leather,
            decision: D::PaidRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::Q5PaidRepair],
        },
        Row {
            what: "Q3: made to order sold 1 March 2026, 12 months end 1 March 2027",
            today: "2027-03-01",
            set: made_to_order,
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
        Row {
            what: "Q5: made to order on 2 March 2027",
            today: "2027-03-02",
            set: made_to_order,
            decision: D::PaidRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::Q5PaidRepair],
        },
        Row {
            what: "Q3: made-to-order leather takes the made-to-order 12 months",
            today: "2026-12-01",
            set: |c| {
                made_to_order(c);
                c.line.category = Category::Leather;
            },
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
        Row {
            what: "Q3: a cosmetic's 6 months (our default) end 1 September",
            today: "2026-09-01",
            set: |c| {
                defect(c);
                c.line.category = Category::Cosmetic;
            },
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
    ]);
}

#[test]
fn warranty_ends_on_month_end_sale_dates() {
    let t = shop_terms();
    for (what, category, made_to_order, sold, last_day, day_after) in [
        (
            "textile sold 31 Jan: 3 months end 30 April (no 31 April)",
            Category::Textile,
            false,
            "2026-01-31",
            "2026-04-30",
            "2026-05-01",
        ),
        (
            "textile sold 30 Nov: 3 months end 28 February in a common year",
            Category::Knit,
            false,
            "2025-11-30",
            "2026-02-28",
            "2026-03-01",
        ),
        (
            "textile sold 30 Nov 2027: 3 months end 29 February 2028, a leap year",
            Category::Cotton,
            false,
            "2027-11-30",
            "2028-02-29",
            "2028-03-01",
        ),
        (
            "leather sold 31 Aug: 6 months end 28 February",
            Category::Leather,
            false,
            "2026-08-31",
            "2027-02-28",
            "2027-03-01",
        ),
        (
            "made to order sold 29 Feb 2028: 12 months end 28 February 2029",
            Category::Suit,
            true,
            "2028-02-29",
            "2029-02-28",
            "2029-03-01",
        ),
    ] {
        let mut c = case(last_day);
        c.line.category = category;
        c.line.made_to_order = made_to_order;
        c.line.sold_on = date(sold);
        c.problem = Problem::QualityDefect;
        let r = decide(&c, &t).unwrap();
        assert_eq!(r.warranty_until, date(last_day), "{what}");
        assert_eq!(r.decision, D::FreeRepair, "{what}: last day");
        c.today = date(day_after);
        let r = decide(&c, &t).unwrap();
        assert_eq!(r.decision, D::PaidRepair, "{what}: day after");
    }
}
