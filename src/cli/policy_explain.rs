//! `aftercare policy explain`: one after-sale case in as JSON, the decision
//! of DOMAIN §6a out as JSON, with its rules and their reasons in words.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::domain::aftersale::{
    AfterSaleCase, CaseError, Category, Condition, Decision, Problem, PurchaseLine, Request,
    RuleId, decide,
};
use crate::shop_data::files::{DataError, Files};
use crate::shop_data::policy::Policy;
use crate::shop_data::reasons::Reasons;

/// The input fields, for `aftercare policy explain --help`.
pub const FIELDS_HELP: &str = "\
The case is one JSON object with these fields:

  category           textile | knit | cotton | suit | leather | cosmetic
                     (knit: sweaters and other knitwear; cotton: pure cotton)
  sold_on            the date of sale, YYYY-MM-DD; the day of sale is day 0
  today              the day the goods are brought back, YYYY-MM-DD
  paid_fen           the price paid for this line, in fen: 39900 is 399.00 yuan
  current_price_fen  today's price of the same goods, in fen; refunds use the
                     lower of the two prices
  receipt            true when the customer shows the receipt
  clearance          true when it was sold marked as clearance goods (处理品)
  made_to_order      true when it was made to order (定制)
  condition          what the customer has done to it, a list that may be empty
                     or left out: cut, washed, taken_apart, torn, tags_removed
  problem            none (no fault, a change of mind)
                     | quality_defect (any fault not listed here)
                     | open_seam | creasing | pilling | dropped_stitch
                     | style_change | decorative_button | zip_misuse
                     | fading | shrinking | own_washing_damage
                     for a cosmetic only:
                     | adverse_reaction (itching, a rash: 过敏 / 皮肤反应)
                     | no_effect (no effect at all: 无效)
                     fading, shrinking and pilling of pure cotton are not
                     repaired; pilling and dropped stitches of knitwear are
                     mended free; on other garments they are quality problems
                     (the materials and garment types of data/policy.toml,
                     [aftersale.fabric])
  repairable         true when the fault can be repaired and keep its look
  request            return | exchange | repair | hemming | overlocking | ironing

A cosmetic takes only problem none, quality_defect, adverse_reaction or
no_effect, and request return, exchange or repair. An adverse reaction (C1)
or no effect at all (C2) is never refused, never sent to the manufacturer and
never answered with another product: refunded or replaced as
[aftersale.cosmetics] says, whatever the day, receipt or condition.

The answer is one JSON object: decision (return, exchange, free_repair,
paid_repair, charged_return, charged_exchange, free_service or refused),
amount_fen (refunded, or credited for an exchange), depreciation_percent,
shop_pays_shipping, rules (the rows of the decision table: R1 R2 Q1 Q2 Q3 Q4
Q5 F1 N1 S1, and C1 C2 for cosmetics), reason (in words), reasons (each rule, key and words),
days_since_sale, base_price_fen, warranty_months and warranty_until.

Example:
  {\"category\": \"knit\", \"sold_on\": \"2026-03-01\", \"today\": \"2026-03-20\", \"paid_fen\": 39900, \"current_price_fen\": 29900, \"receipt\": true, \"clearance\": false, \"made_to_order\": false, \"condition\": [], \"problem\": \"quality_defect\", \"repairable\": false, \"request\": \"return\"}
";

/// Why a case could not be explained; each names the field or file at fault.
#[derive(Debug)]
pub enum ExplainError {
    /// The input is not JSON (with its line and column).
    Json(String),
    /// A field missing or unknown, or the input not an object (serde's words, naming the field).
    Input(String),
    /// A field's value of the wrong kind or not one of its words.
    Field {
        field: &'static str,
        message: String,
    },
    /// The facts do not make a case (today before the sale, a negative price, …).
    Case(CaseError),
    /// The reasons' locale file is missing or broken.
    Locale(DataError),
}

impl ExplainError {
    /// The input field at fault, when one is.
    pub fn field(&self) -> Option<&str> {
        match self {
            ExplainError::Field { field, .. } => Some(field),
            ExplainError::Case(e) => Some(e.field()),
            // serde names the field between backticks: missing field `today`.
            ExplainError::Input(m) => m.split('`').nth(1),
            ExplainError::Json(_) | ExplainError::Locale(_) => None,
        }
    }
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::Json(m) => write!(f, "the case is not valid JSON: {m}"),
            ExplainError::Input(m) => write!(f, "the case: {m}"),
            ExplainError::Field { field, message } => write!(f, "the case: {field}: {message}"),
            ExplainError::Case(e) => write!(f, "the case: {e}"),
            ExplainError::Locale(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ExplainError {}

/// The fields as they arrive; each is read into its type apart so that an
/// error names its field (serde_json's own errors do not, for a bad value).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    category: Value,
    sold_on: Value,
    today: Value,
    paid_fen: Value,
    current_price_fen: Value,
    receipt: Value,
    clearance: Value,
    made_to_order: Value,
    condition: Option<Value>,
    problem: Value,
    repairable: Value,
    request: Value,
}

/// Reads a case from its JSON (see [`FIELDS_HELP`]).
pub fn parse_case(input_json: &str) -> Result<AfterSaleCase, ExplainError> {
    let value: Value =
        serde_json::from_str(input_json).map_err(|e| ExplainError::Json(e.to_string()))?;
    if !value.is_object() {
        return Err(ExplainError::Input(
            "must be a JSON object of fields, { … }".into(),
        ));
    }
    let raw = RawCase::deserialize(value).map_err(|e| ExplainError::Input(e.to_string()))?;
    Ok(AfterSaleCase {
        line: PurchaseLine {
            category: field::<Category>("category", raw.category)?,
            sold_on: date("sold_on", raw.sold_on)?,
            paid_fen: field("paid_fen", raw.paid_fen)?,
            current_price_fen: field("current_price_fen", raw.current_price_fen)?,
            clearance: field("clearance", raw.clearance)?,
            made_to_order: field("made_to_order", raw.made_to_order)?,
        },
        today: date("today", raw.today)?,
        receipt: field("receipt", raw.receipt)?,
        condition: match raw.condition {
            Some(v) => field::<Vec<Condition>>("condition", v)?,
            None => Vec::new(),
        },
        problem: field::<Problem>("problem", raw.problem)?,
        repairable: field("repairable", raw.repairable)?,
        request: field::<Request>("request", raw.request)?,
    })
}

fn field<T: DeserializeOwned>(name: &'static str, value: Value) -> Result<T, ExplainError> {
    T::deserialize(value).map_err(|e| ExplainError::Field {
        field: name,
        // "variant" is serde's word; the shop's is "value".
        message: e.to_string().replace("unknown variant", "unknown value"),
    })
}

fn date(name: &'static str, value: Value) -> Result<NaiveDate, ExplainError> {
    let text: String = field(name, value)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| ExplainError::Field {
        field: name,
        message: format!("{text:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"),
    })
}

#[derive(serde::Serialize)]
struct Answer {
    decision: Decision,
    amount_fen: i64,
    depreciation_percent: u32,
    shop_pays_shipping: bool,
    rules: Vec<RuleId>,
    reason: String,
    reasons: Vec<AnswerReason>,
    days_since_sale: i64,
    base_price_fen: i64,
    warranty_months: u32,
    warranty_until: NaiveDate,
}

#[derive(serde::Serialize)]
struct AnswerReason {
    rule: RuleId,
    key: &'static str,
    text: String,
}

/// Explains a case with the reasons' words from the usual data folder
/// ([`Files::locate`] without an explicit folder).
pub fn explain(input_json: &str, policy: &Policy, lang: &str) -> Result<String, ExplainError> {
    explain_in(&Files::locate(None), input_json, policy, lang)
}

/// Explains a case with the reasons' words read from `files`, in `lang`
/// (`en` or `zh-CN`): the answer as pretty-printed JSON.
pub fn explain_in(
    files: &Files,
    input_json: &str,
    policy: &Policy,
    lang: &str,
) -> Result<String, ExplainError> {
    let case = parse_case(input_json)?;
    let terms = &policy.aftersale;
    let ruling = decide(&case, terms).map_err(ExplainError::Case)?;
    let words = Reasons::load(files, lang).map_err(ExplainError::Locale)?;
    let facts = ruling.facts(&case, terms);
    let answer = Answer {
        decision: ruling.decision,
        amount_fen: ruling.amount_fen,
        depreciation_percent: ruling.depreciation_percent,
        shop_pays_shipping: ruling.shop_pays_shipping,
        rules: ruling.rules(),
        reason: words.ruling(&ruling, &facts),
        reasons: ruling
            .reasons
            .iter()
            .map(|r| AnswerReason {
                rule: r.rule(),
                key: r.locale_key(),
                text: words.text(*r, &facts),
            })
            .collect(),
        days_since_sale: ruling.days_since_sale,
        base_price_fen: ruling.base_price_fen,
        warranty_months: ruling.warranty_months,
        warranty_until: ruling.warranty_until,
    };
    // Plain numbers, strings and lists: serialising cannot fail.
    Ok(serde_json::to_string_pretty(&answer).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aftersale::Decision;

    fn policy() -> Policy {
        Policy::load(&Files::built_in()).unwrap()
    }

    fn example() -> &'static str {
        FIELDS_HELP
            .lines()
            .find(|l| l.trim_start().starts_with('{'))
            .unwrap()
    }

    #[test]
    fn the_help_example_is_a_case_that_explains() {
        let out = explain_in(&Files::built_in(), example(), &policy(), "en").unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        // Day 19, a knit that cannot be repaired: 5% off the lower price, 299.00.
        assert_eq!(v["decision"], "charged_return");
        assert_eq!(v["amount_fen"], 28405);
        assert_eq!(v["rules"], serde_json::json!(["Q4"]));
    }

    #[test]
    fn the_help_names_every_field_and_every_value() {
        let Value::Object(fields) = serde_json::from_str::<Value>(example()).unwrap() else {
            panic!("the example is not an object");
        };
        for name in fields.keys() {
            assert!(
                FIELDS_HELP.contains(&format!("\n  {name} ")),
                "field {name}"
            );
        }
        let words = Category::ALL
            .iter()
            .map(|c| c.as_str())
            .chain(Condition::ALL.iter().map(|c| c.as_str()))
            .chain(Problem::ALL.iter().map(|p| p.as_str()))
            .chain(Request::ALL.iter().map(|r| r.as_str()))
            .chain(Decision::ALL.iter().map(|d| d.as_str()))
            .chain(RuleId::ALL.iter().map(|r| r.as_str()));
        for word in words {
            assert!(FIELDS_HELP.contains(word), "{word}");
        }
    }

    #[test]
    fn every_field_but_condition_is_needed() {
        let Value::Object(fields) = serde_json::from_str::<Value>(example()).unwrap() else {
            panic!("the example is not an object");
        };
        for name in fields.keys() {
            let mut less = fields.clone();
            less.remove(name);
            let result = parse_case(&Value::Object(less).to_string());
            if name == "condition" {
                assert!(result.unwrap().condition.is_empty());
            } else {
                let e = result.unwrap_err();
                assert_eq!(e.field(), Some(name.as_str()), "{e}");
                assert!(e.to_string().contains("missing field"), "{e}");
            }
        }
    }
}
