//! Returns, exchanges and repairs 退换货 / 包修 (DOMAIN §5, §6, §6a): given a
//! purchase line, today's date and what the customer brings and asks for,
//! the decision, the money and the rules that made it.
//!
//! Day counting: the day of sale is day 0 and "within N days" means
//! `today − sale date ≤ N`. Warranty runs in calendar months from the sale
//! date, its last day included. A problem listed under F1 or N1 is decided
//! by that row whatever the day; `quality_defect` is any other fault.
//!
//! Choices where the table is silent:
//! - The fabric rules follow the material and the garment type of the
//!   category (`[aftersale.fabric]`): fading, shrinking and pilling of a
//!   material that wears so by nature (pure cotton) are N1; pilling and a
//!   dropped stitch of knitwear are F1; on any other garment they are a
//!   quality defect, weighed by Q1–Q5. Pure cotton wins over knitwear: a
//!   cotton sweater's pilling is its fabric's nature [S3 "全棉面料服裝…起球"].
//! - An F1 problem that is a fault of the goods (`shop_pays_shipping_for`,
//!   an open seam by default) has its shipping paid by the shop (§5).
//! - A cosmetic's adverse reaction (C1) or lack of any effect (C2) is never
//!   refused whatever the day, receipt or condition [S4 "不退货、不换货、
//!   让消费者找厂家解决问题"]: refunded or replaced as `[aftersale.cosmetics]`
//!   offers (a "repair" asked becomes its first remedy), at the price it
//!   names, the shop paying the shipping.
//! - Made-to-order goods without a fault are refused under R2: they were
//!   made for one customer and cannot be resold (§5).
//! - A quality defect is decided by Q1–Q5 whatever the condition list,
//!   receipt or clearance flag says: those rule out a no-fault return (R2),
//!   and the associate has judged the fault not to come from wear.
//! - A repair asked for within the return or exchange window is a free
//!   repair (Q1, Q2): the customer may take less than they are owed.
//! - Q4 with a repair asked for becomes a charged exchange (the customer
//!   wanted to keep the garment); Q5 on goods that cannot be repaired is
//!   refused.
//! - The shop pays shipping under Q1–Q4 only: those are its quality
//!   problems; after the warranty (Q5) the customer pays, as for F1 and N1.
//! - `amount_fen` follows §6a's amount column: the refund of a return, the
//!   value credited for an exchange under R1, Q1 and Q4, otherwise 0 (Q2's
//!   exchange is a like-for-like swap). Money is integer fen: the base price
//!   is the lower of the price paid and today's price, and a Q4 refund is
//!   `base × (100 − percent) / 100` rounded to the nearest fen, half a fen
//!   to the customer.
//! - A cosmetic takes only `none`, `quality_defect`, `adverse_reaction` or
//!   `no_effect` and a return, exchange or repair (of its packaging);
//!   garment problems and services asked of it are refused as bad facts
//!   ([`CaseError`]), as is a cosmetic's problem brought with a garment.

mod case;
mod reason;
mod terms;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use case::{
    AfterSaleCase, CaseError, Category, Condition, Decision, Problem, PurchaseLine, Request,
};
pub use reason::{FACT_NAMES, Fact, Reason, RuleId};
pub use terms::{
    AfterSalePolicy, CosmeticTerms, Depreciation, DepreciationBand, Fabric, FabricRules,
    RefundPrice, Remedy, WarrantyMonths, base_price_fen, days_since_sale, depreciated_fen,
    warranty_until,
};

/// The decision and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ruling {
    pub decision: Decision,
    /// Refunded, or credited for an exchange; see the module notes.
    pub amount_fen: i64,
    /// Only under Q4, else 0.
    pub depreciation_percent: u32,
    pub shop_pays_shipping: bool,
    /// In the order they were weighed; one row may give several reasons.
    pub reasons: Vec<Reason>,
    pub days_since_sale: i64,
    pub base_price_fen: i64,
    pub warranty_months: u32,
    /// Last day of the warranty, inclusive.
    pub warranty_until: NaiveDate,
}

impl Ruling {
    /// The rows that applied, each once, in order.
    pub fn rules(&self) -> Vec<RuleId> {
        let mut ids: Vec<RuleId> = Vec::new();
        for r in &self.reasons {
            if !ids.contains(&r.rule()) {
                ids.push(r.rule());
            }
        }
        ids
    }

    /// C1 or C2 when a cosmetic's adverse reaction or lack of effect decided
    /// it: the desk then records the batch, routes the case to quality and
    /// books its revisit, as the complaint counter does [S4].
    pub fn cosmetic_rule(&self) -> Option<RuleId> {
        self.rules()
            .into_iter()
            .find(|r| matches!(r, RuleId::C1 | RuleId::C2))
    }

    /// The values a reason's words may quote, by the names in [`FACT_NAMES`].
    pub fn facts(
        &self,
        case: &AfterSaleCase,
        policy: &AfterSalePolicy,
    ) -> [(&'static str, Fact); FACT_NAMES.len()] {
        [
            ("days", Fact::Days(self.days_since_sale)),
            ("return_days", Fact::Days(policy.return_days)),
            ("exchange_days", Fact::Days(policy.exchange_days)),
            (
                "free_repair_from_day",
                Fact::Days(policy.free_repair_from_day),
            ),
            ("sold_on", Fact::Date(case.line.sold_on)),
            ("today", Fact::Date(case.today)),
            ("paid", Fact::Fen(case.line.paid_fen)),
            ("current", Fact::Fen(case.line.current_price_fen)),
            ("base", Fact::Fen(self.base_price_fen)),
            ("amount", Fact::Fen(self.amount_fen)),
            ("percent", Fact::Percent(self.depreciation_percent)),
            ("months", Fact::Months(self.warranty_months)),
            ("warranty_until", Fact::Date(self.warranty_until)),
        ]
    }
}

/// What the customer wants done with the goods, once free services are set aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wish {
    Return,
    Exchange,
    Repair,
}

/// How §6a reads the problem.
enum Kind {
    NoFault,
    Quality,
    /// F1: repaired free whatever the day.
    AnyTime(Reason),
    /// N1: not repaired.
    NotRepaired(Reason),
    /// C1 (`false`) or C2 (`true`, no effect): a cosmetic, never refused.
    Cosmetic {
        no_effect: bool,
    },
}

fn kind(problem: Problem, category: Category, fabric: &FabricRules) -> Kind {
    let by_nature = fabric.wears_by_nature(category);
    let mended_free = fabric.mended_free(category);
    match problem {
        Problem::None => Kind::NoFault,
        Problem::QualityDefect => Kind::Quality,
        Problem::OpenSeam => Kind::AnyTime(Reason::F1OpenSeam),
        Problem::Creasing => Kind::AnyTime(Reason::F1Creasing),
        Problem::Pilling if by_nature => Kind::NotRepaired(Reason::N1CottonPilling),
        Problem::Pilling if mended_free => Kind::AnyTime(Reason::F1Pilling),
        Problem::DroppedStitch if mended_free => Kind::AnyTime(Reason::F1DroppedStitch),
        Problem::Fading if by_nature => Kind::NotRepaired(Reason::N1CottonFading),
        Problem::Shrinking if by_nature => Kind::NotRepaired(Reason::N1CottonShrinking),
        Problem::Pilling | Problem::DroppedStitch | Problem::Fading | Problem::Shrinking => {
            Kind::Quality
        }
        Problem::StyleChange => Kind::NotRepaired(Reason::N1StyleChange),
        Problem::DecorativeButton => Kind::NotRepaired(Reason::N1DecorativeButton),
        Problem::ZipMisuse => Kind::NotRepaired(Reason::N1ZipMisuse),
        Problem::OwnWashingDamage => Kind::NotRepaired(Reason::N1OwnWashingDamage),
        Problem::AdverseReaction => Kind::Cosmetic { no_effect: false },
        Problem::NoEffect => Kind::Cosmetic { no_effect: true },
    }
}

/// The part of a ruling the rows decide; the rest is arithmetic on the case.
struct Outcome {
    decision: Decision,
    amount_fen: i64,
    depreciation_percent: u32,
    shop_pays_shipping: bool,
    reasons: Vec<Reason>,
}

impl Outcome {
    fn nothing_to_pay(decision: Decision, reason: Reason) -> Outcome {
        Outcome {
            decision,
            amount_fen: 0,
            depreciation_percent: 0,
            shop_pays_shipping: false,
            reasons: vec![reason],
        }
    }

    fn free_service(reason: Reason) -> Outcome {
        Outcome::nothing_to_pay(Decision::FreeService, reason)
    }

    fn refused(reasons: Vec<Reason>) -> Outcome {
        Outcome {
            decision: Decision::Refused,
            amount_fen: 0,
            depreciation_percent: 0,
            shop_pays_shipping: false,
            reasons,
        }
    }
}

/// Decides a case by DOMAIN §6a.
pub fn decide(case: &AfterSaleCase, policy: &AfterSalePolicy) -> Result<Ruling, CaseError> {
    case::check(case)?;
    let line = &case.line;
    let days = days_since_sale(line.sold_on, case.today);
    let base = base_price_fen(line.paid_fen, line.current_price_fen);
    let months = policy
        .warranty_months
        .for_goods(line.category, line.made_to_order);
    let until = warranty_until(line.sold_on, months);
    let facts = Facts {
        days,
        base,
        within_warranty: case.today <= until,
    };
    let outcome = outcome(case, policy, &facts)?;
    Ok(Ruling {
        decision: outcome.decision,
        amount_fen: outcome.amount_fen,
        depreciation_percent: outcome.depreciation_percent,
        shop_pays_shipping: outcome.shop_pays_shipping,
        reasons: outcome.reasons,
        days_since_sale: days,
        base_price_fen: base,
        warranty_months: months,
        warranty_until: until,
    })
}

struct Facts {
    days: i64,
    base: i64,
    within_warranty: bool,
}

fn outcome(
    case: &AfterSaleCase,
    policy: &AfterSalePolicy,
    facts: &Facts,
) -> Result<Outcome, CaseError> {
    let wish = match case.request {
        Request::Return => Wish::Return,
        Request::Exchange => Wish::Exchange,
        Request::Repair => Wish::Repair,
        // S1 comes first: a free service is owed whatever else is wrong.
        Request::Hemming => return Ok(Outcome::free_service(Reason::S1Hemming)),
        Request::Overlocking => return Ok(Outcome::free_service(Reason::S1Overlocking)),
        Request::Ironing => return Ok(Outcome::free_service(Reason::S1Ironing)),
    };
    Ok(
        match kind(case.problem, case.line.category, &policy.fabric) {
            Kind::AnyTime(reason) => Outcome {
                shop_pays_shipping: policy.shop_pays_shipping_for.contains(&case.problem),
                ..Outcome::nothing_to_pay(Decision::FreeRepair, reason)
            },
            Kind::NotRepaired(reason) => Outcome::refused(vec![reason]),
            Kind::NoFault => no_fault(case, policy, facts, wish)?,
            Kind::Quality => quality(case, policy, facts, wish),
            Kind::Cosmetic { no_effect } => {
                cosmetic(case, &policy.cosmetics, facts, wish, no_effect)
            }
        },
    )
}

/// C1 and C2: a cosmetic that hurt the skin or did nothing, refunded or
/// replaced whatever the day, the receipt or the condition [S4].
fn cosmetic(
    case: &AfterSaleCase,
    terms: &CosmeticTerms,
    facts: &Facts,
    wish: Wish,
    no_effect: bool,
) -> Outcome {
    let offered = if no_effect {
        &terms.no_effect
    } else {
        &terms.adverse_reaction
    };
    // Checked non-empty at load; a refund if a hand-built policy has none.
    let first = offered.first().copied().unwrap_or(Remedy::Return);
    let wanted = match wish {
        Wish::Return => Remedy::Return,
        Wish::Exchange => Remedy::Exchange,
        Wish::Repair => first,
    };
    let remedy = if offered.contains(&wanted) {
        wanted
    } else {
        first
    };
    let amount_fen = match terms.refund_price {
        RefundPrice::Paid => case.line.paid_fen,
        RefundPrice::Base => facts.base,
    };
    let (decision, reason) = match (remedy, no_effect) {
        (Remedy::Return, false) => (Decision::Return, Reason::C1Refund),
        (Remedy::Exchange, false) => (Decision::Exchange, Reason::C1Replace),
        (Remedy::Return, true) => (Decision::Return, Reason::C2Refund),
        (Remedy::Exchange, true) => (Decision::Exchange, Reason::C2Replace),
    };
    Outcome {
        decision,
        amount_fen,
        depreciation_percent: 0,
        shop_pays_shipping: true,
        reasons: vec![reason],
    }
}

/// R1 and R2: a change of mind.
fn no_fault(
    case: &AfterSaleCase,
    policy: &AfterSalePolicy,
    facts: &Facts,
    wish: Wish,
) -> Result<Outcome, CaseError> {
    let mut refusals: Vec<Reason> = Condition::ALL
        .iter()
        .copied()
        .filter(|c| case.condition.contains(c))
        .map(Reason::for_condition)
        .collect();
    let line = &case.line;
    let more = [
        (line.clearance, Reason::R2Clearance),
        (line.made_to_order, Reason::R2MadeToOrder),
        (!case.receipt, Reason::R2NoReceipt),
        (facts.days > policy.return_days, Reason::R2AfterWindow),
    ];
    refusals.extend(
        more.into_iter()
            .filter(|(applies, _)| *applies)
            .map(|(_, r)| r),
    );
    let (decision, reason) = match wish {
        Wish::Return => (Decision::Return, Reason::R1Return),
        Wish::Exchange => (Decision::Exchange, Reason::R1Exchange),
        Wish::Repair => return Err(CaseError::NothingToRepair),
    };
    if !refusals.is_empty() {
        return Ok(Outcome::refused(refusals));
    }
    Ok(Outcome {
        amount_fen: facts.base,
        ..Outcome::nothing_to_pay(decision, reason)
    })
}

/// Q1 to Q5: a fault in the goods.
fn quality(case: &AfterSaleCase, policy: &AfterSalePolicy, facts: &Facts, wish: Wish) -> Outcome {
    let days = facts.days;
    let shop_pays = |decision, amount_fen, depreciation_percent, reason| Outcome {
        decision,
        amount_fen,
        depreciation_percent,
        shop_pays_shipping: true,
        reasons: vec![reason],
    };
    if days <= policy.return_days {
        return match wish {
            Wish::Return => shop_pays(Decision::Return, facts.base, 0, Reason::Q1Return),
            Wish::Exchange => shop_pays(Decision::Exchange, facts.base, 0, Reason::Q1Exchange),
            Wish::Repair => shop_pays(Decision::FreeRepair, 0, 0, Reason::Q1Repair),
        };
    }
    // A gap between the two windows (refused when the policy loads) would extend the exchange.
    if days <= policy.exchange_days || days < policy.free_repair_from_day {
        return match wish {
            Wish::Return => shop_pays(Decision::Exchange, 0, 0, Reason::Q2ReturnBecomesExchange),
            Wish::Exchange => shop_pays(Decision::Exchange, 0, 0, Reason::Q2Exchange),
            Wish::Repair => shop_pays(Decision::FreeRepair, 0, 0, Reason::Q2Repair),
        };
    }
    if facts.within_warranty {
        if case.repairable {
            return shop_pays(Decision::FreeRepair, 0, 0, Reason::Q3FreeRepair);
        }
        let percent = policy.depreciation.percent_on_day(days);
        let refund = depreciated_fen(facts.base, percent);
        return match wish {
            Wish::Return => shop_pays(
                Decision::ChargedReturn,
                refund,
                percent,
                Reason::Q4ChargedReturn,
            ),
            Wish::Exchange | Wish::Repair => shop_pays(
                Decision::ChargedExchange,
                refund,
                percent,
                Reason::Q4ChargedExchange,
            ),
        };
    }
    if case.repairable {
        Outcome::nothing_to_pay(Decision::PaidRepair, Reason::Q5PaidRepair)
    } else {
        Outcome::refused(vec![Reason::Q5NotRepairable])
    }
}
