//! R1, R2 (a change of mind) and Q1, Q2 (a fault in the first two weeks).

use super::*;
use Decision as D;
use Reason as R;

// One table of cases, a row per case of the policy: long as the table is.
#[test]
fn no_fault_returns_and_exchanges_r1_r2() {
    run(&[
        Row {
            what: "R1: day 0, the day of sale, return refunds the price",
            today: "2026-03-01",
            set: as_is,
            decision: D::Return,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R1Return],
        },
        Row {
            what: "R1: day 7 is the last day of the return window",
            today: "2026-03-08",
            set: as_is,
            decision: D::Return,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R1Return],
        },
        Row {
            what: "R2: day 8 is past the return window",
            today: "2026-03-09",
            set: as_is,
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2AfterWindow],
        },
        Row {
            what: "R1: exchange asked on day 7 is an exchange at the base price",
            today: "2026-03-08",
            set: |c| c.request = Request::Exchange,
            decision: D::Exchange,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R1Exchange],
        },
        Row {
            what: "R2: exchange asked on day 8 without a fault is refused",
            today: "2026-03-09",
            set: |c| c.request = Request::Exchange,
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2AfterWindow],
        },
        Row {
            what: "R1: price fallen since the sale, the customer gets today's price",
            today: "2026-03-03",
            set: |c| c.line.current_price_fen = 29900,
            decision: D::Return,
            amount_fen: 29900,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R1Return],
        },
        Row {
            what: "R1: price risen since the sale, the customer gets the price paid",
            today: "2026-03-03",
            set: |c| c.line.current_price_fen = 49900,
            decision: D::Return,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R1Return],
        },
        Row {
            what: "R2: cut by the customer",
            today: "2026-03-02",
            set: |c| c.condition = vec![Condition::Cut],
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2Cut],
        },
        Row {
            what: "R2: washed",
            today: "2026-03-02",
            set: |c| c.condition = vec![Condition::Washed],
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2Washed],
        },
        Row {
            what: "R2: taken apart",
            today: "2026-03-02",
            set: |c| c.condition = vec![Condition::TakenApart],
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2TakenApart],
        },
        Row {
            what: "R2: torn",
            today: "2026-03-02",
            set: |c| c.condition = vec![Condition::Torn],
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2Torn],
        },
        Row {
            what: "R2: tags removed, asked as an exchange",
            today: "2026-03-02",
            set: |c| {
                c.condition = vec![Condition::TagsRemoved];
                c.request = Request::Exchange;
            },
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2TagsRemoved],
        },
        Row {
            what: "R2: sold as clearance",
            today: "2026-03-02",
            set: |c| c.line.clearance = true,
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2Clearance],
        },
        Row {
            what: "R2: no receipt",
            today: "2026-03-02",
            set: |c| c.receipt = false,
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2NoReceipt],
        },
        Row {
            what: "R2: made to order cannot be resold",
            today: "2026-03-02",
            set: |c| c.line.made_to_order = true,
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R2MadeToOrder],
        },
        Row {
            what: "R2: every reason is named, conditions in their fixed order, each once",
            today: "2026-03-10",
            set: |c| {
                c.condition = vec![Condition::Torn, Condition::Washed, Condition::Torn];
                c.line.clearance = true;
                c.receipt = false;
            },
            decision: D::Refused,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[
                R::R2Washed,
                R::R2Torn,
                R::R2Clearance,
                R::R2NoReceipt,
                R::R2AfterWindow,
            ],
        },
        Row {
            what: "R1: a cosmetic without a fault returns like clothes",
            today: "2026-03-04",
            set: |c| c.line.category = Category::Cosmetic,
            decision: D::Return,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: false,
            reasons: &[R::R1Return],
        },
    ]);
}

// One table of cases, a row per case of the policy: long as the table is.
#[test]
fn quality_problem_in_the_first_two_weeks_q1_q2() {
    run(&[
        Row {
            what: "Q1: day 0 return refunds the base price, the shop pays shipping",
            today: "2026-03-01",
            set: defect,
            decision: D::Return,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q1Return],
        },
        Row {
            what: "Q1: day 7 return, price fallen: refund at today's price",
            today: "2026-03-08",
            set: |c| {
                defect(c);
                c.line.current_price_fen = 29900;
            },
            decision: D::Return,
            amount_fen: 29900,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q1Return],
        },
        Row {
            what: "Q1: day 7 exchange",
            today: "2026-03-08",
            set: |c| {
                defect(c);
                c.request = Request::Exchange;
            },
            decision: D::Exchange,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q1Exchange],
        },
        Row {
            what: "Q1: a repair asked for on day 3 is free",
            today: "2026-03-04",
            set: |c| {
                defect(c);
                c.request = Request::Repair;
            },
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q1Repair],
        },
        Row {
            what: "Q1: washed, no receipt and clearance do not stop a quality return",
            today: "2026-03-04",
            set: |c| {
                defect(c);
                c.condition = vec![Condition::Washed];
                c.receipt = false;
                c.line.clearance = true;
            },
            decision: D::Return,
            amount_fen: 39900,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q1Return],
        },
        Row {
            what: "Q2: day 8 return request becomes an exchange offer",
            today: "2026-03-09",
            set: defect,
            decision: D::Exchange,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q2ReturnBecomesExchange],
        },
        Row {
            what: "Q2: day 14 is the last day of the exchange",
            today: "2026-03-15",
            set: |c| {
                defect(c);
                c.request = Request::Exchange;
            },
            decision: D::Exchange,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q2Exchange],
        },
        Row {
            what: "Q2: a repair asked for on day 14 is free",
            today: "2026-03-15",
            set: |c| {
                defect(c);
                c.request = Request::Repair;
            },
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q2Repair],
        },
        Row {
            what: "Q3: day 15, repairable, is a free repair even when a return was asked",
            today: "2026-03-16",
            set: defect,
            decision: D::FreeRepair,
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            reasons: &[R::Q3FreeRepair],
        },
        Row {
            what: "Q4: day 15, not repairable, is a charged exchange, not an exchange",
            today: "2026-03-16",
            set: |c| {
                defect_unrepairable(c);
                c.request = Request::Exchange;
            },
            decision: D::ChargedExchange,
            amount_fen: 37905,
            percent: 5,
            shop_pays_shipping: true,
            reasons: &[R::Q4ChargedExchange],
        },
    ]);
}
