//! `[aftersale]` of `data/policy.toml`: windows, warranty, depreciation
//! bands and the fabric and cosmetics rules.

use super::checks::bad;
use crate::domain::aftersale::AfterSalePolicy;
use crate::shop_data::files::{DataError, Source};

/// Longest warranty taken, in months: beyond it a typo is likelier than a promise.
const MAX_WARRANTY_MONTHS: u32 = 1200;

/// `[aftersale]`: windows that leave no day without a rule, bands that rise.
pub(super) fn check_aftersale(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| bad(src, section, key, &msg);
    if a.return_days < 0 {
        return bad("aftersale", "return_days", "cannot be negative".into());
    }
    if a.exchange_days < a.return_days {
        return bad(
            "aftersale",
            "exchange_days",
            format!("must be at least return_days ({})", a.return_days),
        );
    }
    if a.free_repair_from_day != a.exchange_days + 1 {
        return bad(
            "aftersale",
            "free_repair_from_day",
            format!(
                "must be the day after exchange_days, {}, so that every day has its rule",
                a.exchange_days + 1
            ),
        );
    }
    let w = &a.warranty_months;
    for (key, months) in [
        ("textile", w.textile),
        ("knit", w.knit),
        ("cotton", w.cotton),
        ("suit", w.suit),
        ("leather", w.leather),
        ("cosmetic", w.cosmetic),
        ("made_to_order", w.made_to_order),
    ] {
        if months > MAX_WARRANTY_MONTHS {
            return bad(
                "aftersale.warranty_months",
                key,
                format!("at most {MAX_WARRANTY_MONTHS} months"),
            );
        }
    }
    check_aftersale_rules(a, src)?;
    check_depreciation(a, src)
}

/// `[aftersale.depreciation]`: bands by rising day and percent, the rate
/// after the last band no lower than it.
fn check_depreciation(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| bad(src, section, key, &msg);
    let d = &a.depreciation;
    let bad_band = |i: usize, msg: String| {
        Err(src.error(
            line_of_band(src, i),
            format!("aftersale.depreciation.bands[{}]: {msg}", i + 1),
        ))
    };
    for (i, band) in d.bands.iter().enumerate() {
        if band.up_to_day < 0 {
            return bad_band(i, "up_to_day cannot be negative".into());
        }
        if band.percent > 100 {
            return bad_band(i, format!("percent {} is more than 100", band.percent));
        }
        if i > 0 && band.up_to_day <= d.bands[i - 1].up_to_day {
            return bad_band(
                i,
                format!(
                    "up_to_day {} must be later than the band before ({})",
                    band.up_to_day,
                    d.bands[i - 1].up_to_day
                ),
            );
        }
        if i > 0 && band.percent < d.bands[i - 1].percent {
            return bad_band(
                i,
                format!(
                    "percent {} is less than the band before ({}): older goods cannot lose less",
                    band.percent,
                    d.bands[i - 1].percent
                ),
            );
        }
    }
    if d.later_percent > 100 {
        return bad(
            "aftersale.depreciation",
            "later_percent",
            format!("{} is more than 100", d.later_percent),
        );
    }
    if let Some(last) = d.bands.last()
        && d.later_percent < last.percent
    {
        return bad(
            "aftersale.depreciation",
            "later_percent",
            format!(
                "{} is less than the last band ({})",
                d.later_percent, last.percent
            ),
        );
    }
    Ok(())
}

/// `[aftersale]`'s shipping list, `[aftersale.fabric]` and `[aftersale.cosmetics]`.
fn check_aftersale_rules(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    use crate::domain::aftersale::Problem;
    let bad = |section: &str, key: &str, msg: String| bad(src, section, key, &msg);
    let any_time = [
        Problem::OpenSeam,
        Problem::Creasing,
        Problem::Pilling,
        Problem::DroppedStitch,
    ];
    if let Some(p) = a
        .shop_pays_shipping_for
        .iter()
        .find(|p| !any_time.contains(p))
    {
        return bad(
            "aftersale",
            "shop_pays_shipping_for",
            format!(
                "{p} is not repaired free at any time (F1): only open_seam, creasing, pilling, dropped_stitch"
            ),
        );
    }
    check_fabric(a, src)?;
    check_cosmetics(a, src)
}

/// `[aftersale.fabric]`: each category's material and garment, and lists
/// that name only those.
fn check_fabric(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    use crate::domain::aftersale::Category;
    let bad = |section: &str, key: &str, msg: String| bad(src, section, key, &msg);
    let f = &a.fabric;
    let fabrics: Vec<_> = Category::ALL.iter().filter_map(|c| f.of(*c)).collect();
    if let Some(c) = Category::ALL.iter().find(|c| {
        f.of(**c)
            .is_some_and(|x| x.material.trim().is_empty() || x.garment.trim().is_empty())
    }) {
        return bad(
            "aftersale.fabric",
            c.as_str(),
            "needs a material and a garment type".into(),
        );
    }
    for (key, list, of) in [
        (
            "natural_wear_materials",
            &f.natural_wear_materials,
            "material",
        ),
        ("free_mend_garments", &f.free_mend_garments, "garment type"),
    ] {
        let known = |w: &String| {
            fabrics.iter().any(|x| {
                if of == "material" {
                    &x.material == w
                } else {
                    &x.garment == w
                }
            })
        };
        if let Some(w) = list.iter().find(|w| !known(w)) {
            return bad(
                "aftersale.fabric",
                key,
                format!("{w:?} is no category's {of} (see the categories above)"),
            );
        }
    }
    Ok(())
}

/// `[aftersale.cosmetics]`: each remedy list offers something, once.
fn check_cosmetics(a: &AfterSalePolicy, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: String| bad(src, section, key, &msg);
    let c = &a.cosmetics;
    for (key, list) in [
        ("adverse_reaction", &c.adverse_reaction),
        ("no_effect", &c.no_effect),
    ] {
        if list.is_empty() {
            return bad(
                "aftersale.cosmetics",
                key,
                "offer at least one of return, exchange: a cosmetic's reaction is never refused"
                    .into(),
            );
        }
        if list.iter().enumerate().any(|(i, x)| list[..i].contains(x)) {
            return bad(
                "aftersale.cosmetics",
                key,
                "a remedy is listed twice".into(),
            );
        }
    }
    Ok(())
}

/// The line of the `index`th depreciation band: the `index`th `up_to_day`
/// after the section opens (inline tables or `[[…bands]]` alike).
fn line_of_band(src: &Source, index: usize) -> Option<usize> {
    let mut lines = src.text.lines().enumerate();
    lines.by_ref().find(|(_, l)| {
        l.trim()
            .trim_start_matches('[')
            .starts_with("aftersale.depreciation")
    })?;
    lines
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains("up_to_day"))
        .nth(index)
        .map(|(i, _)| i + 1)
}
