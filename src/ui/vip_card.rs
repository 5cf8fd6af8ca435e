//! The VIP card told and handed at registration [S1 "告之顾客品牌 VIP 旳等级及
//! 成为 VIP 旳基本规定、VIP 顾客旳优惠及福利"]: the tiers with their thresholds and
//! birthday discounts, the club, and the benefits every VIP has, from
//! `data/policy.toml` and `data/practices.toml`, in the language asked for.

use crate::i18n::Locale;
use crate::shop_data::policy::Policy;
use crate::ui::receipt::wrap;

fn tier_line(p: &Policy, loc: &Locale, id: &str, min_fen: i64) -> String {
    let name = loc.t(&format!("tier.{id}"));
    let mut line = loc.f(
        "practices.card_tier",
        &[("tier", name), ("spend", &loc.money(min_fen))],
    );
    let percent = p
        .till
        .birthday_discount_percent
        .get(id)
        .copied()
        .unwrap_or(0);
    if percent > 0 {
        line += &loc.f(
            "practices.card_birthday",
            &[("percent", &percent.to_string())],
        );
    }
    line
}

fn club_line(p: &Policy, loc: &Locale) -> String {
    loc.f(
        "practices.card_club",
        &[
            ("spend", &loc.money(p.customers.club_min_spend_fen)),
            ("fee", &loc.money(p.customers.club_fee_fen)),
        ],
    )
}

/// The benefits every VIP has, each a line.
pub fn benefits(p: &Policy, loc: &Locale) -> Vec<String> {
    let n = p.vip.gatherings_per_year.to_string();
    p.practices
        .vip_card
        .benefits
        .iter()
        .map(|b| loc.f(&format!("practices.benefit.{b}"), &[("n", &n)]))
        .collect()
}

/// What the associate tells at registration, in one phrase.
pub fn tiers_phrase(p: &Policy, loc: &Locale) -> String {
    let tiers: Vec<String> = p
        .customers
        .tiers
        .iter()
        .filter(|t| t.min_spend_fen > 0)
        .map(|t| tier_line(p, loc, &t.id, t.min_spend_fen))
        .collect();
    loc.f(
        "practices.tell_tiers",
        &[("tiers", &tiers.join("; ")), ("club", &club_line(p, loc))],
    )
}

/// The card at `width` columns, for the screen, a file or the printer.
pub fn card(shop: &str, p: &Policy, loc: &Locale, width: usize) -> String {
    let width = width.max(24);
    let centre = |s: &str| {
        let w = unicode_width::UnicodeWidthStr::width(s);
        format!("{}{s}", " ".repeat(width.saturating_sub(w) / 2))
    };
    let mut out = vec![
        centre(shop),
        centre(loc.t("practices.card_title")),
        "=".repeat(width),
    ];
    for t in &p.customers.tiers {
        out.extend(wrap(&tier_line(p, loc, &t.id, t.min_spend_fen), width));
    }
    out.push("-".repeat(width));
    out.extend(wrap(&club_line(p, loc), width));
    out.push("-".repeat(width));
    out.extend(wrap(loc.t("practices.card_every_vip"), width));
    for b in benefits(p, loc) {
        out.extend(wrap(&format!("· {b}"), width));
    }
    out.push("=".repeat(width));
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop_data::files::Files;

    /// [S1] "告之顾客品牌 VIP 旳等级…VIP 顾客旳优惠及福利": every tier, its
    /// threshold and birthday discount, the club and the benefits, in either
    /// language, within the paper's width.
    #[test]
    fn the_card_names_every_tier_threshold_and_benefit_in_both_languages() {
        let files = Files::locate(None);
        let p = Policy::load(&files).unwrap();
        for lang in ["en", "zh-CN"] {
            let loc = Locale::load(&files, lang).unwrap();
            let text = card("示范店", &p, &loc, 32);
            for t in &p.customers.tiers {
                assert!(text.contains(loc.t(&format!("tier.{}", t.id))), "{text}");
            }
            for line in text.lines() {
                assert!(unicode_width::UnicodeWidthStr::width(line) <= 32, "{line}");
            }
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for b in &p.practices.vip_card.benefits {
                assert!(
                    loc.has(&format!("practices.benefit.{b}")),
                    "{lang}: no text for benefit {b}"
                );
            }
            if lang == "en" {
                assert!(words.contains("Gold: from ¥10,000.00"), "{words}");
                assert!(words.contains("10% more off"), "{words}");
                assert!(words.contains("¥2,000.00"), "{words}");
                assert!(words.contains("4 VIP gatherings a year"), "{words}");
            } else {
                assert!(words.contains("金卡"), "{words}");
            }
        }
    }
}
