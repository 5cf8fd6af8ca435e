//! `aftercare policy explain` for the source practices of issue 18: a
//! cosmetic's adverse reaction or lack of effect (seed S4), the fabric rules
//! by material and garment type and the shipping of an open seam (seed S3).

use aftercare::cli::policy_explain::explain;
use aftercare::shop_data::files::Files;
use aftercare::shop_data::policy::Policy;
use serde_json::{Value, json};

fn policy() -> Policy {
    Policy::load(&Files::at(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Sold 1 March 2026 for 399.00, now 299.00, brought back on day 10 with its
/// receipt; `changes` overrides fields.
fn case(changes: Value) -> String {
    let mut c = json!({
        "category": "cosmetic",
        "sold_on": "2026-03-01",
        "today": "2026-03-11",
        "paid_fen": 39900,
        "current_price_fen": 29900,
        "receipt": true,
        "clearance": false,
        "made_to_order": false,
        "condition": [],
        "problem": "adverse_reaction",
        "repairable": true,
        "request": "return"
    });
    for (k, v) in changes.as_object().unwrap() {
        c[k] = v.clone();
    }
    c.to_string()
}

fn answer(changes: Value, lang: &str) -> Value {
    let out = explain(&case(changes), &policy(), lang).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_rash_on_day_ten_is_refunded_in_full_never_refused() {
    // S4: "不退货、不换货、让消费者找厂家解决问题" is what a bad counter does.
    let a = answer(json!({"condition": ["tags_removed"]}), "en");
    assert_eq!(a["decision"], "return");
    assert_eq!(a["amount_fen"], 39900, "the price paid, no 5% taken off");
    assert_eq!(a["depreciation_percent"], 0);
    assert_eq!(a["shop_pays_shipping"], true);
    assert_eq!(a["rules"], json!(["C1"]));
    let reason = a["reason"].as_str().unwrap();
    assert!(reason.contains("never refused"), "{reason}");
    assert!(reason.contains("batch"), "{reason}");
    let zh = answer(json!({}), "zh-CN");
    let reason = zh["reason"].as_str().unwrap();
    assert!(
        reason.contains("绝不推给厂家") && reason.contains("批号"),
        "{reason}"
    );
}

#[test]
fn a_repair_of_a_cream_becomes_a_refund_and_an_exchange_a_replacement() {
    // S4: never "free repair" of a cream, never another product.
    let a = answer(json!({"request": "repair"}), "en");
    assert_eq!(
        (a["decision"].as_str(), a["rules"].clone()),
        (Some("return"), json!(["C1"]))
    );
    let a = answer(json!({"request": "exchange", "today": "2027-01-01"}), "en");
    assert_eq!(a["decision"], "exchange");
    assert!(a["reason"].as_str().unwrap().contains("same product"));
}

#[test]
fn no_effect_at_all_is_not_refused_either() {
    // S4: "使用之后没有任何效果".
    let a = answer(json!({"problem": "no_effect", "receipt": false}), "en");
    assert_eq!(a["decision"], "return");
    assert_eq!(a["rules"], json!(["C2"]));
}

#[test]
fn a_garment_cannot_have_an_adverse_reaction() {
    let e = explain(&case(json!({"category": "textile"})), &policy(), "en").unwrap_err();
    assert_eq!(e.field(), Some("problem"));
    assert!(e.to_string().contains("only to a cosmetic"), "{e}");
}

#[test]
fn fabric_rules_follow_material_and_garment_type() {
    // S3: not repaired "全棉面料服裝褪色、縮水、起球"; free "毛衣小面積起球、脫針、開線".
    for (category, problem, decision, rule, pays) in [
        ("cotton", "fading", "refused", "N1", false),
        ("textile", "fading", "exchange", "Q2", true),
        ("cotton", "shrinking", "refused", "N1", false),
        ("knit", "pilling", "free_repair", "F1", false),
        ("suit", "pilling", "exchange", "Q2", true),
        ("knit", "dropped_stitch", "free_repair", "F1", true),
        // "服裝開線,免費修理": a fault of the goods, the shop pays the shipping.
        ("textile", "open_seam", "free_repair", "F1", true),
    ] {
        let a = answer(json!({"category": category, "problem": problem}), "en");
        let what = format!("{category} {problem}");
        assert_eq!(a["decision"], decision, "{what}");
        assert_eq!(a["rules"], json!([rule]), "{what}");
        assert_eq!(a["shop_pays_shipping"], pays, "{what}");
    }
}
