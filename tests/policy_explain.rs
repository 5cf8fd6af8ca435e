//! `aftercare policy explain` through its library entry point: JSON in,
//! JSON out, good cases in both languages and bad ones named by field.

use aftercare::cli::policy_explain::{ExplainError, explain, explain_in};
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use serde_json::{Value, json};

fn policy() -> Policy {
    Policy::load(&Files::at(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A textile sold 1 March 2026 for 399.00, now 299.00, brought back with
/// its receipt on day 4; `changes` overrides fields.
fn case(changes: Value) -> String {
    let mut c = json!({
        "category": "textile",
        "sold_on": "2026-03-01",
        "today": "2026-03-05",
        "paid_fen": 39900,
        "current_price_fen": 29900,
        "receipt": true,
        "clearance": false,
        "made_to_order": false,
        "condition": [],
        "problem": "none",
        "repairable": true,
        "request": "return"
    });
    for (k, v) in changes.as_object().unwrap() {
        c[k] = v.clone();
    }
    c.to_string()
}

fn answer(input: &str, lang: &str) -> Value {
    let out = explain(input, &policy(), lang).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&out).unwrap()
}

fn refused(input: &str) -> ExplainError {
    explain(input, &policy(), "en").unwrap_err()
}

struct Good {
    what: &'static str,
    changes: Value,
    decision: &'static str,
    amount_fen: i64,
    percent: u32,
    shop_pays_shipping: bool,
    rule: &'static str,
}

#[test]
fn good_cases_give_decision_amount_rules_and_reason() {
    let rows = [
        Good {
            what: "no fault on day 4: refund at the lower price",
            changes: json!({}),
            decision: "return",
            amount_fen: 29900,
            percent: 0,
            shop_pays_shipping: false,
            rule: "R1",
        },
        Good {
            what: "no fault on day 8: refused",
            changes: json!({"today": "2026-03-09"}),
            decision: "refused",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            rule: "R2",
        },
        Good {
            what: "washed, no receipt: refused",
            changes: json!({"condition": ["washed"], "receipt": false}),
            decision: "refused",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            rule: "R2",
        },
        Good {
            what: "condition left out counts as none",
            changes: json!({"condition": null}),
            decision: "return",
            amount_fen: 29900,
            percent: 0,
            shop_pays_shipping: false,
            rule: "R1",
        },
        Good {
            what: "fault on day 10: a return becomes an exchange, the shop pays shipping",
            changes: json!({"problem": "quality_defect", "today": "2026-03-11"}),
            decision: "exchange",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: true,
            rule: "Q2",
        },
        Good {
            what: "fault on day 45 that cannot be repaired: 10% off 299.00",
            changes: json!({"problem": "quality_defect", "today": "2026-04-15", "repairable": false}),
            decision: "charged_return",
            amount_fen: 26910,
            percent: 10,
            shop_pays_shipping: true,
            rule: "Q4",
        },
        Good {
            what: "leather fault after its 6 months: paid repair",
            changes: json!({"category": "leather", "problem": "quality_defect", "today": "2026-09-02"}),
            decision: "paid_repair",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            rule: "Q5",
        },
        Good {
            what: "pilling of pure cotton: not repaired",
            changes: json!({"category": "cotton", "problem": "pilling"}),
            decision: "refused",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            rule: "N1",
        },
        Good {
            what: "creasing: free ironing, never a return",
            changes: json!({"problem": "creasing"}),
            decision: "free_repair",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            rule: "F1",
        },
        Good {
            what: "hemming two years on",
            changes: json!({"request": "hemming", "today": "2028-03-01"}),
            decision: "free_service",
            amount_fen: 0,
            percent: 0,
            shop_pays_shipping: false,
            rule: "S1",
        },
    ];
    for row in rows {
        let what = row.what;
        let a = answer(&case(row.changes), "en");
        assert_eq!(a["decision"], row.decision, "{what}");
        assert_eq!(a["amount_fen"], row.amount_fen, "{what}");
        assert_eq!(a["depreciation_percent"], row.percent, "{what}");
        assert_eq!(a["shop_pays_shipping"], row.shop_pays_shipping, "{what}");
        assert_eq!(a["rules"], json!([row.rule]), "{what}");
        let reason = a["reason"].as_str().unwrap();
        assert!(
            !reason.is_empty() && !reason.contains('{'),
            "{what}: {reason}"
        );
    }
}

#[test]
fn the_reason_comes_in_the_chosen_language_with_the_cases_numbers() {
    let input =
        case(json!({"problem": "quality_defect", "today": "2026-04-15", "repairable": false}));
    let en = answer(&input, "en");
    let zh = answer(&input, "zh-CN");
    assert_eq!(en["decision"], zh["decision"]);
    let en_reason = en["reason"].as_str().unwrap();
    let zh_reason = zh["reason"].as_str().unwrap();
    for part in ["day 45", "3-month warranty", "10%", "¥269.10 of ¥299.00"] {
        assert!(en_reason.contains(part), "{part}: {en_reason}");
    }
    for part in ["第45天", "3个月保修期", "10%", "269.10元", "原299.00元"] {
        assert!(zh_reason.contains(part), "{part}: {zh_reason}");
    }
    assert_eq!(zh["reasons"][0]["key"], "aftersale.Q4.charged_return");
    assert_eq!(zh["reasons"][0]["rule"], "Q4");
    assert_eq!(zh["warranty_until"], "2026-06-01");
    assert_eq!(zh["days_since_sale"], 45);
    assert_eq!(zh["base_price_fen"], 29900);
}

#[test]
fn every_refusal_reason_is_named_and_joined() {
    let a = answer(
        &case(
            json!({"condition": ["cut", "tags_removed"], "clearance": true, "today": "2026-03-20"}),
        ),
        "en",
    );
    let reasons = a["reasons"].as_array().unwrap();
    let keys: Vec<&str> = reasons.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "aftersale.R2.cut",
            "aftersale.R2.tags_removed",
            "aftersale.R2.clearance",
            "aftersale.R2.after_window"
        ]
    );
    assert_eq!(a["rules"], json!(["R2"]));
    let texts: Vec<&str> = reasons
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(a["reason"], texts.join(" "));
    assert!(texts[3].contains("day 19"), "{}", texts[3]);
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let rows = [
        (
            "an unknown category",
            case(json!({"category": "silk"})),
            Some("category"),
            "unknown value `silk`",
        ),
        (
            "an unknown condition",
            case(json!({"condition": ["stained"]})),
            Some("condition"),
            "unknown value `stained`",
        ),
        (
            "an unknown request",
            case(json!({"request": "refund"})),
            Some("request"),
            "expected one of `return`",
        ),
        (
            "a price with decimals",
            case(json!({"paid_fen": 399.5})),
            Some("paid_fen"),
            "expected i64",
        ),
        (
            "a flag as a word",
            case(json!({"receipt": "yes"})),
            Some("receipt"),
            "expected a boolean",
        ),
        (
            "a date that does not exist",
            case(json!({"sold_on": "2026-02-30"})),
            Some("sold_on"),
            "not a date",
        ),
        (
            "a date in another format",
            case(json!({"today": "05/03/2026"})),
            Some("today"),
            "YYYY-MM-DD",
        ),
        (
            "today before the sale",
            case(json!({"today": "2026-02-01"})),
            Some("today"),
            "before the sale date",
        ),
        (
            "a negative price",
            case(json!({"current_price_fen": -100})),
            Some("current_price_fen"),
            "cannot be negative",
        ),
        (
            "a repair of nothing",
            case(json!({"request": "repair"})),
            Some("problem"),
            "problem is none",
        ),
        (
            "hemming a cosmetic",
            case(json!({"category": "cosmetic", "request": "hemming"})),
            Some("request"),
            "cosmetic",
        ),
        (
            "an unknown field",
            case(json!({"colour": "red"})),
            Some("colour"),
            "unknown field `colour`",
        ),
        (
            "a missing field",
            r#"{"category": "knit"}"#.to_string(),
            Some("sold_on"),
            "missing field `sold_on`",
        ),
        (
            "not JSON",
            "{category: knit}".to_string(),
            None,
            "not valid JSON",
        ),
        (
            "JSON but not an object",
            "[1, 2]".to_string(),
            None,
            "JSON object",
        ),
    ];
    for (what, input, field, words) in rows {
        let e = refused(&input);
        assert_eq!(e.field(), field, "{what}: {e}");
        let message = e.to_string();
        assert!(message.contains(words), "{what}: {message}");
        if let Some(f) = field {
            assert!(message.contains(f), "{what}: names {f}: {message}");
        }
    }
}

#[test]
fn an_unknown_language_is_refused_naming_the_file() {
    let e = explain(&case(json!({})), &policy(), "fr").unwrap_err();
    assert!(matches!(e, ExplainError::Locale(_)), "{e}");
    assert!(e.to_string().contains("aftersale.fr.toml"), "{e}");
}

#[test]
fn a_shops_own_folder_supplies_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let locales = dir.path().join("data/locales");
    std::fs::create_dir_all(&locales).unwrap();
    let shipped = Files::built_in()
        .read("data/locales/aftersale.en.toml")
        .unwrap()
        .text;
    let own = shipped.replace(
        "Hemming is free, at any time after the sale.",
        "We hem for free, any day.",
    );
    std::fs::write(locales.join("aftersale.en.toml"), own).unwrap();
    let files = Files::at(dir.path());
    let out = explain_in(
        &files,
        &case(json!({"request": "hemming"})),
        &policy(),
        "en",
    )
    .unwrap();
    let a: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(a["reason"], "We hem for free, any day.");
}
