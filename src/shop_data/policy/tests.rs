use super::*;

fn src(text: &str) -> Source {
    Source {
        label: "policy.toml".into(),
        text: text.into(),
    }
}

#[test]
fn the_shipped_policy_loads() {
    let p = Policy::load(&Files::locate(None)).unwrap();
    assert_eq!(p.callbacks.purchase_after_days, 7);
    assert_eq!(p.customers.hard_weight_percent, 20);
    let builtin = Policy::load(&Files::built_in()).unwrap();
    assert_eq!(builtin.customers.tiers, p.customers.tiers);
}

#[test]
fn a_bad_value_names_its_line() {
    let shipped = Files::built_in().read(FILE).unwrap().text;
    let broken = shipped.replace("soft_weight_percent = 80", "soft_weight_percent = 70");
    let e = Policy::from_source(&src(&broken)).unwrap_err();
    let line = broken
        .lines()
        .position(|l| l.starts_with("soft_weight_percent"))
        .unwrap()
        + 1;
    assert_eq!(e.line, Some(line));
    assert!(e.message.contains("add up to 100"), "{e}");
}

#[test]
fn an_unknown_key_is_refused_with_its_line() {
    let shipped = Files::built_in().read(FILE).unwrap().text;
    let broken = shipped.replace("[callbacks]\n", "[callbacks]\nsurprise = 1\n");
    let e = Policy::from_source(&src(&broken)).unwrap_err();
    assert!(e.message.contains("surprise"), "{e}");
    assert!(e.line.is_some());
}

/// The shipped file with `from` replaced by `to`, which must name the
/// error: its line is the one where `to` now stands.
fn refused(what: &str, from: &str, to: &str, message: &str) {
    let shipped = Files::built_in().read(FILE).unwrap().text;
    assert!(
        shipped.contains(from),
        "{what}: the shipped file has no {from:?}"
    );
    let broken = shipped.replacen(from, to, 1);
    let e = Policy::from_source(&src(&broken)).unwrap_err();
    let line = broken.lines().position(|l| l.contains(to)).unwrap() + 1;
    assert_eq!(e.line, Some(line), "{what}: {e}");
    assert!(e.message.contains(message), "{what}: {e}");
    assert!(
        e.to_string().starts_with(&format!("policy.toml:{line}: ")),
        "{what}: {e}"
    );
}

#[test]
fn the_shipped_aftersale_terms_are_domains_numbers() {
    let a = Policy::load(&Files::built_in()).unwrap().aftersale;
    assert_eq!(
        (a.return_days, a.exchange_days, a.free_repair_from_day),
        (7, 14, 15)
    );
    let w = &a.warranty_months;
    assert_eq!((w.textile, w.knit, w.cotton, w.suit), (3, 3, 3, 3));
    assert_eq!((w.leather, w.cosmetic, w.made_to_order), (6, 6, 12));
    let bands: Vec<(i64, u32)> = a
        .depreciation
        .bands
        .iter()
        .map(|b| (b.up_to_day, b.percent))
        .collect();
    assert_eq!(bands, [(30, 5), (60, 10), (90, 20)]);
    assert_eq!(a.depreciation.later_percent, 30);
}

#[test]
fn a_negative_return_window_is_refused() {
    refused(
        "",
        "return_days = 7",
        "return_days = -1",
        "cannot be negative",
    );
}

#[test]
fn an_exchange_window_shorter_than_the_return_window_is_refused() {
    refused(
        "",
        "exchange_days = 14",
        "exchange_days = 6",
        "at least return_days (7)",
    );
}

#[test]
fn a_gap_or_overlap_before_free_repair_is_refused() {
    refused(
        "gap",
        "free_repair_from_day = 15",
        "free_repair_from_day = 16",
        "the day after exchange_days, 15",
    );
    refused(
        "overlap",
        "free_repair_from_day = 15",
        "free_repair_from_day = 14",
        "the day after exchange_days, 15",
    );
}

#[test]
fn a_negative_warranty_is_refused_by_the_parser() {
    refused("", "leather = 6", "leather = -6", "u32");
}

#[test]
fn an_endless_warranty_is_refused() {
    refused(
        "",
        "made_to_order = 12",
        "made_to_order = 1201",
        "at most 1200 months",
    );
}

#[test]
fn a_missing_category_warranty_is_refused() {
    let shipped = Files::built_in().read(FILE).unwrap().text;
    let e = Policy::from_source(&src(&shipped.replace("cosmetic = 6\n", ""))).unwrap_err();
    assert!(e.message.contains("cosmetic"), "{e}");
}

#[test]
fn depreciation_bands_that_do_not_rise_are_refused() {
    refused(
        "same day twice",
        "{ up_to_day = 60, percent = 10 }",
        "{ up_to_day = 30, percent = 10 }",
        "bands[2]: up_to_day 30 must be later than the band before (30)",
    );
    refused(
        "going back",
        "{ up_to_day = 90, percent = 20 }",
        "{ up_to_day = 45, percent = 20 }",
        "bands[3]: up_to_day 45 must be later",
    );
}

#[test]
fn a_negative_band_day_is_refused() {
    refused(
        "",
        "{ up_to_day = 30, percent = 5 }",
        "{ up_to_day = -30, percent = 5 }",
        "bands[1]: up_to_day cannot be negative",
    );
}

#[test]
fn a_band_over_100_percent_is_refused() {
    refused(
        "",
        "{ up_to_day = 90, percent = 20 }",
        "{ up_to_day = 90, percent = 120 }",
        "bands[3]: percent 120 is more than 100",
    );
}

#[test]
fn a_band_that_depreciates_less_than_the_one_before_is_refused() {
    refused(
        "",
        "{ up_to_day = 60, percent = 10 }",
        "{ up_to_day = 60, percent = 4 }",
        "bands[2]: percent 4 is less than the band before (5)",
    );
}

#[test]
fn a_later_percent_over_100_is_refused() {
    refused(
        "",
        "later_percent = 30",
        "later_percent = 101",
        "101 is more than 100",
    );
}

#[test]
fn a_later_percent_below_the_last_band_is_refused() {
    refused(
        "",
        "later_percent = 30",
        "later_percent = 15",
        "less than the last band (20)",
    );
}

#[test]
fn an_unknown_aftersale_key_is_refused_with_its_line() {
    refused(
        "",
        "later_percent = 30",
        "later_pecrent = 30",
        "later_pecrent",
    );
}

#[test]
fn the_shipped_visit_numbers_are_the_domains() {
    let p = Policy::load(&Files::built_in()).unwrap();
    assert_eq!(p.visit.add_on_target_percent, 30);
    assert_eq!(p.care_jobs.suit_dry_clean_min_fen, 200_000);
    assert!(!p.thanks.milestones_fen.is_empty());
}

#[test]
fn visit_hours_out_of_order_are_refused() {
    refused(
        "",
        "evening_from_hour = 18",
        "evening_from_hour = 12",
        "hours must rise",
    );
}

#[test]
fn milestones_that_do_not_rise_are_refused() {
    refused(
        "",
        "milestones_fen = [500000, 1000000, 3000000]",
        "milestones_fen = [500000, 100000]",
        "rising",
    );
}

#[test]
fn a_negative_dry_clean_threshold_is_refused() {
    refused(
        "",
        "suit_dry_clean_min_fen = 200000",
        "suit_dry_clean_min_fen = -1",
        "cannot be negative",
    );
}

#[test]
fn a_cosmetics_reaction_with_no_remedy_is_refused() {
    refused(
        "none offered",
        "adverse_reaction = [\"return\", \"exchange\"]",
        "adverse_reaction = []",
        "never refused",
    );
    refused(
        "twice",
        "no_effect = [\"return\", \"exchange\"]",
        "no_effect = [\"return\", \"return\"]",
        "listed twice",
    );
    refused(
        "a repair of a cream",
        "no_effect = [\"return\", \"exchange\"]",
        "no_effect = [\"repair\"]",
        "repair",
    );
    refused(
        "price",
        "refund_price = \"paid\"",
        "refund_price = \"less_5\"",
        "less_5",
    );
}

#[test]
fn fabric_rules_must_name_a_known_material_or_garment() {
    refused(
        "",
        "natural_wear_materials = [\"cotton\"]",
        "natural_wear_materials = [\"coton\"]",
        "\"coton\" is no category's material",
    );
    refused(
        "",
        "free_mend_garments = [\"knitwear\"]",
        "free_mend_garments = [\"sweaters\"]",
        "no category's garment type",
    );
    refused(
        "",
        "suit = { material = \"wool\", garment = \"suit\" }",
        "suit = { material = \"\", garment = \"suit\" }",
        "needs a material and a garment type",
    );
}

#[test]
fn a_birthday_rate_for_an_unknown_tier_or_over_100_is_refused() {
    let from = "birthday_discount_percent = { regular = 0, silver = 5, gold = 10, platinum = 15 }";
    refused(
        "tier",
        from,
        "birthday_discount_percent = { diamond = 5 }",
        "\"diamond\" is not a tier",
    );
    refused(
        "percent",
        from,
        "birthday_discount_percent = { gold = 101 }",
        "gold: 101 is more than 100",
    );
}

#[test]
fn shipping_is_paid_only_for_free_repairs() {
    refused(
        "",
        "shop_pays_shipping_for = [\"open_seam\", \"dropped_stitch\"]",
        "shop_pays_shipping_for = [\"zip_misuse\"]",
        "zip_misuse is not repaired free at any time",
    );
}

#[test]
fn bands_written_as_tables_name_their_line_too() {
    let shipped = Files::built_in().read(FILE).unwrap().text;
    let start = shipped.find("bands = [").unwrap();
    let tables = "later_percent = 30\n\n[[aftersale.depreciation.bands]]\nup_to_day = 30\npercent = 5\n\n[[aftersale.depreciation.bands]]\nup_to_day = 20\npercent = 10\n";
    // The sections after [aftersale.depreciation] stay as shipped.
    let after = shipped.find("\n[visit]").unwrap();
    let broken = format!("{}{tables}{}", &shipped[..start], &shipped[after..]);
    let e = Policy::from_source(&src(&broken)).unwrap_err();
    let line = broken.lines().position(|l| l == "up_to_day = 20").unwrap() + 1;
    assert_eq!(e.line, Some(line), "{e}");
}
