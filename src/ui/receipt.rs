//! The goods receipt 客户货品领取收据: plain text for a sheet printer
//! (80 columns) or a 58 mm receipt printer (32 columns). One copy goes to
//! the customer; wide characters count two columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::customer::mask_phone;
use crate::i18n::Locale;
use crate::store::repairs::Job;

/// Breaks text into lines of at most `width` columns, at spaces where it
/// can and anywhere in Chinese text.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for word in split_keep(para) {
            let ww = UnicodeWidthStr::width(word.as_str());
            if w + ww > width && !line.is_empty() {
                lines.push(line.trim_end().to_string());
                line.clear();
                w = 0;
                if word == " " {
                    continue;
                }
            }
            if ww > width {
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if w + cw > width {
                        lines.push(std::mem::take(&mut line));
                        w = 0;
                    }
                    line.push(c);
                    w += cw;
                }
            } else {
                line.push_str(&word);
                w += ww;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Words and single spaces; each Chinese character is a word of its own.
fn split_keep(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c == ' ' || c.width().unwrap_or(0) > 1 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(c.to_string());
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn centre(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    if w >= width {
        return s.to_string();
    }
    format!("{}{}", " ".repeat((width - w) / 2), s)
}

/// The 三包 terms told on the goods receipt, from the shop's after-sale
/// policy (step 8 (a): the guarantee is given to the customer in writing).
pub fn sanbao_terms(loc: &Locale, a: &crate::domain::aftersale::AfterSalePolicy) -> String {
    loc.f(
        "practices.receipt_sanbao",
        &[
            ("return_days", &a.return_days.to_string()),
            ("exchange_days", &a.exchange_days.to_string()),
            ("from_day", &a.free_repair_from_day.to_string()),
        ],
    )
}

/// The receipt of a repair job at `width` columns (32 or more), with the
/// shop's 三包 `terms` under the line to keep it.
pub fn goods_receipt(job: &Job, shop: &str, terms: &str, loc: &Locale, width: usize) -> String {
    let width = width.max(24);
    let rule = "=".repeat(width);
    let thin = "-".repeat(width);
    let sep = loc.t("receipt.sep");
    let mut r = Receipt {
        out: vec![
            centre(shop, width),
            centre(loc.t("receipt.title"), width),
            rule.clone(),
        ],
        width,
        sep,
    };
    let i = &job.intake;
    r.field(loc.t("receipt.no"), &job.job_no);
    r.field(loc.t("receipt.received"), &i.received_on.to_string());
    r.field(loc.t("receipt.promised"), &i.promised_on.to_string());
    r.out.push(thin.clone());
    r.field(loc.t("receipt.customer"), &i.contact_name);
    r.field(loc.t("receipt.phone"), &mask_phone(&i.contact_phone));
    r.out.push(thin.clone());
    r.field(
        loc.t("receipt.item"),
        format!("{} {}", i.style_no, i.item).trim(),
    );
    r.field(
        loc.t("receipt.category"),
        &named(loc, "category", &i.category),
    );
    r.field(
        loc.t("receipt.bought"),
        &i.purchased_on.map(|d| d.to_string()).unwrap_or_default(),
    );
    r.field(loc.t("receipt.problem"), &named(loc, "problem", &i.problem));
    r.field(loc.t("receipt.symptoms"), &i.symptoms);
    r.out.push(thin);
    let rules = if i.rules.is_empty() {
        String::new()
    } else {
        format!(" ({})", i.rules)
    };
    r.field(
        loc.t("receipt.decision"),
        &format!("{}{rules}", named(loc, "decision", &i.decision)),
    );
    let fee = if i.fee_fen > 0 {
        loc.money(i.fee_fen)
    } else {
        loc.t("receipt.free").to_string()
    };
    r.field(loc.t("receipt.fee"), &fee);
    r.field(
        loc.t("receipt.taken_by"),
        job.staff.as_deref().unwrap_or(""),
    );
    let mut out = r.out;
    out.push(rule);
    out.extend(wrap(loc.t("receipt.keep"), width));
    if !terms.trim().is_empty() {
        out.extend(wrap(terms, width));
    }
    out.push(String::new());
    out.extend(wrap(
        &format!("{}{sep}________________", loc.t("receipt.signature")),
        width,
    ));
    out.join("\n") + "\n"
}

/// A receipt's lines as they are written, at its width.
struct Receipt<'a> {
    out: Vec<String>,
    width: usize,
    /// Between a label and its value.
    sep: &'a str,
}

impl Receipt<'_> {
    /// `label: value`, wrapped; nothing for an empty value.
    fn field(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        let text = format!("{label}{}{value}", self.sep);
        self.out.extend(wrap(&text, self.width));
    }
}

/// The name of `id` in the locale's `prefix` list; empty for no id.
fn named(loc: &Locale, prefix: &str, id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        loc.t(&format!("{prefix}.{id}")).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_pass_the_width() {
        for w in [10, 32] {
            for line in wrap(
                "羊毛大衣左袖开线，扣子松动 and the lining is torn near the pocket",
                w,
            ) {
                assert!(UnicodeWidthStr::width(line.as_str()) <= w, "{line:?}");
            }
        }
        assert_eq!(wrap("ab cd ef", 5), vec!["ab cd", "ef"]);
        assert_eq!(wrap("张三丰", 4), vec!["张三", "丰"]);
    }
}
