//! Why a ruling was made: the rows of DOMAIN §6a and, for each, the
//! plain-words reasons a locale file words (`data/locales/aftersale.*.toml`).

use chrono::NaiveDate;
use serde::Serialize;

use super::Condition;

/// A row of the decision table, DOMAIN §6a.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum RuleId {
    R1,
    R2,
    Q1,
    Q2,
    Q3,
    Q4,
    Q5,
    F1,
    N1,
    S1,
    /// A cosmetic's adverse reaction [S4]: never refused.
    C1,
    /// A cosmetic with no effect at all [S4]: never refused.
    C2,
}

impl RuleId {
    pub const ALL: [RuleId; 12] = [
        RuleId::R1,
        RuleId::R2,
        RuleId::Q1,
        RuleId::Q2,
        RuleId::Q3,
        RuleId::Q4,
        RuleId::Q5,
        RuleId::F1,
        RuleId::N1,
        RuleId::S1,
        RuleId::C1,
        RuleId::C2,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::R1 => "R1",
            RuleId::R2 => "R2",
            RuleId::Q1 => "Q1",
            RuleId::Q2 => "Q2",
            RuleId::Q3 => "Q3",
            RuleId::Q4 => "Q4",
            RuleId::Q5 => "Q5",
            RuleId::F1 => "F1",
            RuleId::N1 => "N1",
            RuleId::S1 => "S1",
            RuleId::C1 => "C1",
            RuleId::C2 => "C2",
        }
    }
}

/// One reason for a ruling: which row applied and in what way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    R1Return,
    R1Exchange,
    R2Cut,
    R2Washed,
    R2TakenApart,
    R2Torn,
    R2TagsRemoved,
    R2Clearance,
    /// Made for this customer, so not resaleable (§5 "can still be resold").
    R2MadeToOrder,
    R2NoReceipt,
    R2AfterWindow,
    Q1Return,
    Q1Exchange,
    /// A repair asked for where a return or exchange was open.
    Q1Repair,
    Q2Exchange,
    Q2ReturnBecomesExchange,
    Q2Repair,
    Q3FreeRepair,
    Q4ChargedReturn,
    Q4ChargedExchange,
    Q5PaidRepair,
    Q5NotRepairable,
    F1OpenSeam,
    F1Creasing,
    F1Pilling,
    F1DroppedStitch,
    N1StyleChange,
    N1DecorativeButton,
    N1ZipMisuse,
    N1CottonFading,
    N1CottonShrinking,
    N1CottonPilling,
    N1OwnWashingDamage,
    S1Hemming,
    S1Overlocking,
    S1Ironing,
    /// An adverse reaction: refunded.
    C1Refund,
    /// An adverse reaction: replaced.
    C1Replace,
    /// No effect at all: refunded.
    C2Refund,
    /// No effect at all: replaced.
    C2Replace,
}

impl Reason {
    pub const ALL: [Reason; 40] = [
        Reason::R1Return,
        Reason::R1Exchange,
        Reason::R2Cut,
        Reason::R2Washed,
        Reason::R2TakenApart,
        Reason::R2Torn,
        Reason::R2TagsRemoved,
        Reason::R2Clearance,
        Reason::R2MadeToOrder,
        Reason::R2NoReceipt,
        Reason::R2AfterWindow,
        Reason::Q1Return,
        Reason::Q1Exchange,
        Reason::Q1Repair,
        Reason::Q2Exchange,
        Reason::Q2ReturnBecomesExchange,
        Reason::Q2Repair,
        Reason::Q3FreeRepair,
        Reason::Q4ChargedReturn,
        Reason::Q4ChargedExchange,
        Reason::Q5PaidRepair,
        Reason::Q5NotRepairable,
        Reason::F1OpenSeam,
        Reason::F1Creasing,
        Reason::F1Pilling,
        Reason::F1DroppedStitch,
        Reason::N1StyleChange,
        Reason::N1DecorativeButton,
        Reason::N1ZipMisuse,
        Reason::N1CottonFading,
        Reason::N1CottonShrinking,
        Reason::N1CottonPilling,
        Reason::N1OwnWashingDamage,
        Reason::S1Hemming,
        Reason::S1Overlocking,
        Reason::S1Ironing,
        Reason::C1Refund,
        Reason::C1Replace,
        Reason::C2Refund,
        Reason::C2Replace,
    ];

    /// The row of §6a this reason belongs to.
    pub fn rule(self) -> RuleId {
        self.rule_and_key().0
    }

    /// The key of its words in `data/locales/aftersale.<lang>.toml`.
    pub fn locale_key(self) -> &'static str {
        self.rule_and_key().1
    }

    fn rule_and_key(self) -> (RuleId, &'static str) {
        use RuleId::*;
        match self {
            Reason::R1Return => (R1, "aftersale.R1.return"),
            Reason::R1Exchange => (R1, "aftersale.R1.exchange"),
            Reason::R2Cut => (R2, "aftersale.R2.cut"),
            Reason::R2Washed => (R2, "aftersale.R2.washed"),
            Reason::R2TakenApart => (R2, "aftersale.R2.taken_apart"),
            Reason::R2Torn => (R2, "aftersale.R2.torn"),
            Reason::R2TagsRemoved => (R2, "aftersale.R2.tags_removed"),
            Reason::R2Clearance => (R2, "aftersale.R2.clearance"),
            Reason::R2MadeToOrder => (R2, "aftersale.R2.made_to_order"),
            Reason::R2NoReceipt => (R2, "aftersale.R2.no_receipt"),
            Reason::R2AfterWindow => (R2, "aftersale.R2.after_window"),
            Reason::Q1Return => (Q1, "aftersale.Q1.return"),
            Reason::Q1Exchange => (Q1, "aftersale.Q1.exchange"),
            Reason::Q1Repair => (Q1, "aftersale.Q1.repair"),
            Reason::Q2Exchange => (Q2, "aftersale.Q2.exchange"),
            Reason::Q2ReturnBecomesExchange => (Q2, "aftersale.Q2.return_becomes_exchange"),
            Reason::Q2Repair => (Q2, "aftersale.Q2.repair"),
            Reason::Q3FreeRepair => (Q3, "aftersale.Q3.free_repair"),
            Reason::Q4ChargedReturn => (Q4, "aftersale.Q4.charged_return"),
            Reason::Q4ChargedExchange => (Q4, "aftersale.Q4.charged_exchange"),
            Reason::Q5PaidRepair => (Q5, "aftersale.Q5.paid_repair"),
            Reason::Q5NotRepairable => (Q5, "aftersale.Q5.not_repairable"),
            Reason::F1OpenSeam => (F1, "aftersale.F1.open_seam"),
            Reason::F1Creasing => (F1, "aftersale.F1.creasing"),
            Reason::F1Pilling => (F1, "aftersale.F1.pilling"),
            Reason::F1DroppedStitch => (F1, "aftersale.F1.dropped_stitch"),
            Reason::N1StyleChange => (N1, "aftersale.N1.style_change"),
            Reason::N1DecorativeButton => (N1, "aftersale.N1.decorative_button"),
            Reason::N1ZipMisuse => (N1, "aftersale.N1.zip_misuse"),
            Reason::N1CottonFading => (N1, "aftersale.N1.cotton_fading"),
            Reason::N1CottonShrinking => (N1, "aftersale.N1.cotton_shrinking"),
            Reason::N1CottonPilling => (N1, "aftersale.N1.cotton_pilling"),
            Reason::N1OwnWashingDamage => (N1, "aftersale.N1.own_washing_damage"),
            Reason::S1Hemming => (S1, "aftersale.S1.hemming"),
            Reason::S1Overlocking => (S1, "aftersale.S1.overlocking"),
            Reason::S1Ironing => (S1, "aftersale.S1.ironing"),
            Reason::C1Refund => (C1, "aftersale.C1.refund"),
            Reason::C1Replace => (C1, "aftersale.C1.replace"),
            Reason::C2Refund => (C2, "aftersale.C2.refund"),
            Reason::C2Replace => (C2, "aftersale.C2.replace"),
        }
    }

    pub(super) fn for_condition(c: Condition) -> Reason {
        match c {
            Condition::Cut => Reason::R2Cut,
            Condition::Washed => Reason::R2Washed,
            Condition::TakenApart => Reason::R2TakenApart,
            Condition::Torn => Reason::R2Torn,
            Condition::TagsRemoved => Reason::R2TagsRemoved,
        }
    }
}

/// A value a reason's words may quote, as `{name}` (see [`FACT_NAMES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    Days(i64),
    Fen(i64),
    Percent(u32),
    Months(u32),
    Date(NaiveDate),
}

/// Every `{name}` a reason may use; [`super::Ruling::facts`] gives them all.
pub const FACT_NAMES: [&str; 13] = [
    "days",
    "return_days",
    "exchange_days",
    "free_repair_from_day",
    "sold_on",
    "today",
    "paid",
    "current",
    "base",
    "amount",
    "percent",
    "months",
    "warranty_until",
];
