//! The facts of an after-sale case and the shop's words for them.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An enum whose values are words of the shop, the same in code, JSON and
/// data files: serde names, `ALL` and `as_str` from one list.
macro_rules! shop_words {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $word:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $word)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

shop_words! {
    /// The goods' material category, as in the product catalogue.
    pub enum Category {
        Textile = "textile",
        Knit = "knit",
        Cotton = "cotton",
        Suit = "suit",
        Leather = "leather",
        Cosmetic = "cosmetic",
    }
}

shop_words! {
    /// What the customer has done to the goods; any of these rules out a
    /// no-fault return (R2).
    pub enum Condition {
        Cut = "cut",
        Washed = "washed",
        TakenApart = "taken_apart",
        Torn = "torn",
        TagsRemoved = "tags_removed",
    }
}

shop_words! {
    /// The problem the customer brings.
    pub enum Problem {
        /// No fault: a change of mind.
        None = "none",
        /// A fault in the goods not caused by wear and not listed below.
        QualityDefect = "quality_defect",
        OpenSeam = "open_seam",
        Creasing = "creasing",
        Pilling = "pilling",
        DroppedStitch = "dropped_stitch",
        StyleChange = "style_change",
        DecorativeButton = "decorative_button",
        ZipMisuse = "zip_misuse",
        /// Colour fading; not repaired on pure cotton, a fault on other fabrics.
        Fading = "fading",
        /// Shrinking; as fading.
        Shrinking = "shrinking",
        OwnWashingDamage = "own_washing_damage",
        /// A cosmetic's adverse reaction 过敏 / 皮肤反应: itching, a rash [S4].
        AdverseReaction = "adverse_reaction",
        /// A cosmetic that had no effect at all 无效 [S4].
        NoEffect = "no_effect",
    }
}

impl Problem {
    /// The problems a cosmetic can have; every other is a garment's.
    pub const COSMETIC: &'static [Problem] = &[
        Problem::None,
        Problem::QualityDefect,
        Problem::AdverseReaction,
        Problem::NoEffect,
    ];

    /// Whether goods of `category` can have this problem.
    pub fn applies_to(self, category: Category) -> bool {
        let cosmetic_only = matches!(self, Problem::AdverseReaction | Problem::NoEffect);
        if category == Category::Cosmetic {
            Problem::COSMETIC.contains(&self)
        } else {
            !cosmetic_only
        }
    }
}

impl Request {
    /// What can be asked of goods of `category`.
    pub fn applies_to(self, category: Category) -> bool {
        category != Category::Cosmetic
            || matches!(self, Request::Return | Request::Exchange | Request::Repair)
    }
}

shop_words! {
    /// What the customer asks for.
    pub enum Request {
        Return = "return",
        Exchange = "exchange",
        Repair = "repair",
        Hemming = "hemming",
        Overlocking = "overlocking",
        Ironing = "ironing",
    }
}

shop_words! {
    /// What the shop does.
    pub enum Decision {
        Return = "return",
        Exchange = "exchange",
        FreeRepair = "free_repair",
        PaidRepair = "paid_repair",
        ChargedReturn = "charged_return",
        ChargedExchange = "charged_exchange",
        FreeService = "free_service",
        Refused = "refused",
    }
}

/// The line of the sale the goods came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurchaseLine {
    pub category: Category,
    pub sold_on: NaiveDate,
    pub paid_fen: i64,
    /// Today's price of the same goods.
    pub current_price_fen: i64,
    /// Sold marked as clearance 处理品.
    pub clearance: bool,
    pub made_to_order: bool,
}

/// The goods brought back, and what is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AfterSaleCase {
    pub line: PurchaseLine,
    pub today: NaiveDate,
    /// The customer shows the receipt.
    pub receipt: bool,
    pub condition: Vec<Condition>,
    pub problem: Problem,
    /// The fault can be repaired and keep the original look.
    pub repairable: bool,
    pub request: Request,
}

/// A case that cannot be decided because a fact does not make sense;
/// `field()` names the fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseError {
    TodayBeforeSale {
        sold_on: NaiveDate,
        today: NaiveDate,
    },
    NegativePrice {
        field: &'static str,
        fen: i64,
    },
    /// `repair` asked for with `problem = none`.
    NothingToRepair,
    /// A garment's problem or service asked of a cosmetic.
    NotForCosmetics {
        field: &'static str,
        value: &'static str,
    },
    /// A cosmetic's problem brought with a garment.
    OnlyForCosmetics {
        field: &'static str,
        value: &'static str,
    },
}

impl CaseError {
    /// The error's name, for its words on screen (`case_error.<id>`).
    pub fn id(&self) -> &'static str {
        match self {
            CaseError::TodayBeforeSale { .. } => "today_before_sale",
            CaseError::NegativePrice { .. } => "negative_price",
            CaseError::NothingToRepair => "nothing_to_repair",
            CaseError::NotForCosmetics { .. } => "not_for_cosmetics",
            CaseError::OnlyForCosmetics { .. } => "only_for_cosmetics",
        }
    }

    /// The input fact at fault.
    pub fn field(&self) -> &'static str {
        match self {
            CaseError::TodayBeforeSale { .. } => "today",
            CaseError::NegativePrice { field, .. } => field,
            CaseError::NothingToRepair => "problem",
            CaseError::NotForCosmetics { field, .. } => field,
            CaseError::OnlyForCosmetics { field, .. } => field,
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::TodayBeforeSale { sold_on, today } => {
                write!(f, "today: {today} is before the sale date {sold_on}")
            }
            CaseError::NegativePrice { field, fen } => {
                write!(f, "{field}: a price cannot be negative ({fen} fen)")
            }
            CaseError::NothingToRepair => {
                write!(f, "problem: a repair was asked for but the problem is none")
            }
            CaseError::NotForCosmetics { field, value } => {
                write!(f, "{field}: {value} does not apply to a cosmetic")
            }
            CaseError::OnlyForCosmetics { field, value } => {
                write!(f, "{field}: {value} applies only to a cosmetic")
            }
        }
    }
}

impl std::error::Error for CaseError {}

/// Refuses facts no rule can weigh.
pub(super) fn check(case: &AfterSaleCase) -> Result<(), CaseError> {
    let line = &case.line;
    if case.today < line.sold_on {
        return Err(CaseError::TodayBeforeSale {
            sold_on: line.sold_on,
            today: case.today,
        });
    }
    for (field, fen) in [
        ("paid_fen", line.paid_fen),
        ("current_price_fen", line.current_price_fen),
    ] {
        if fen < 0 {
            return Err(CaseError::NegativePrice { field, fen });
        }
    }
    if !case.problem.applies_to(line.category) {
        let value = case.problem.as_str();
        return Err(if line.category == Category::Cosmetic {
            CaseError::NotForCosmetics {
                field: "problem",
                value,
            }
        } else {
            CaseError::OnlyForCosmetics {
                field: "problem",
                value,
            }
        });
    }
    if !case.request.applies_to(line.category) {
        return Err(CaseError::NotForCosmetics {
            field: "request",
            value: case.request.as_str(),
        });
    }
    Ok(())
}
