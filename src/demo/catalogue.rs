//! The demo shop's catalogue: apparel styles of every material category,
//! some marked down, some clearance, a few made-to-order suits, and a
//! cosmetics counter.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

use super::{Calendar, chance, pick};
use crate::store::products::Product;

/// A style as sold: the stored product and when its price fell.
pub(super) struct Style {
    pub product: Product,
    pub sizes: Vec<&'static str>,
    pub colours: Vec<&'static str>,
    /// Day (of the demo year) from which the current price applies;
    /// before it the list price did.
    pub reduced_from: Option<u32>,
    /// How often it is picked, relative to the others.
    pub weight: u32,
    /// `W` (autumn–winter) or `S` (spring–summer); cosmetics have none.
    pub season: Option<char>,
    /// Day (of the demo year) its season opened; 0 if before the demo year.
    pub on_sale_from: u32,
}

/// A kind of garment, of which the shop carries a few styles.
struct Line {
    category: &'static str,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    /// List price range in yuan.
    yuan: (i64, i64),
    sizes: &'static [&'static str],
    colours: &'static [&'static str],
    weight: u32,
}

const WOMEN: &[&str] = &["S", "M", "L", "XL"];
const WOMEN_CN: &[&str] = &["155/80A", "160/84A", "165/88A", "170/92A"];
const MEN: &[&str] = &["M", "L", "XL", "XXL"];
const SUIT: &[&str] = &["46", "48", "50", "52", "54"];
const WAIST: &[&str] = &["26", "27", "28", "29", "30", "31"];
const ONE: &[&str] = &["均码"];
const MTO: &[&str] = &["量身定制"];
const NEUTRAL: &[&str] = &["黑色", "藏青", "燕麦色", "驼色", "米白", "炭灰"];
const BRIGHT: &[&str] = &["酒红", "雾霾蓝", "豆沙粉", "墨绿", "姜黄", "象牙白"];
const DENIM: &[&str] = &["浅蓝", "深蓝", "黑色"];
const LEATHER: &[&str] = &["黑色", "焦糖棕", "深咖"];
const FABRIC: &[&str] = &["藏青细条纹", "炭灰素色", "深蓝格纹", "黑色羊毛"];

#[rustfmt::skip]
const LINES: &[Line] = &[
    Line { category: "textile", code: "DR", zh: "真丝印花连衣裙", en: "Silk Print Dress", yuan: (1299, 2899), sizes: WOMEN, colours: BRIGHT, weight: 8 },
    Line { category: "textile", code: "CT", zh: "双面羊毛大衣", en: "Double-face Wool Coat", yuan: (2899, 5999), sizes: WOMEN_CN, colours: NEUTRAL, weight: 6 },
    Line { category: "textile", code: "TR", zh: "醋酸垂感阔腿裤", en: "Acetate Wide-leg Trousers", yuan: (699, 1299), sizes: WAIST, colours: NEUTRAL, weight: 8 },
    Line { category: "textile", code: "BL", zh: "雪纺衬衫", en: "Chiffon Blouse", yuan: (499, 999), sizes: WOMEN, colours: BRIGHT, weight: 9 },
    Line { category: "textile", code: "TC", zh: "经典风衣", en: "Trench Coat", yuan: (1899, 3599), sizes: WOMEN_CN, colours: NEUTRAL, weight: 5 },
    Line { category: "textile", code: "DJ", zh: "轻薄羽绒服", en: "Light Down Jacket", yuan: (1299, 2599), sizes: WOMEN, colours: NEUTRAL, weight: 6 },
    Line { category: "textile", code: "SK", zh: "A字半身裙", en: "A-line Skirt", yuan: (599, 1199), sizes: WOMEN, colours: BRIGHT, weight: 7 },
    Line { category: "knit", code: "KN", zh: "羊绒开衫", en: "Cashmere Cardigan", yuan: (1599, 3299), sizes: WOMEN, colours: NEUTRAL, weight: 8 },
    Line { category: "knit", code: "KN", zh: "美丽诺圆领毛衣", en: "Merino Crew-neck Sweater", yuan: (699, 1299), sizes: MEN, colours: NEUTRAL, weight: 8 },
    Line { category: "knit", code: "KN", zh: "高领针织衫", en: "Turtleneck Knit", yuan: (599, 1099), sizes: WOMEN, colours: BRIGHT, weight: 8 },
    Line { category: "knit", code: "KD", zh: "针织连衣裙", en: "Knit Dress", yuan: (899, 1699), sizes: WOMEN, colours: NEUTRAL, weight: 5 },
    Line { category: "knit", code: "KN", zh: "马海毛毛衣", en: "Mohair Sweater", yuan: (799, 1499), sizes: ONE, colours: BRIGHT, weight: 5 },
    Line { category: "knit", code: "KV", zh: "针织背心", en: "Knit Vest", yuan: (399, 699), sizes: WOMEN, colours: NEUTRAL, weight: 6 },
    Line { category: "cotton", code: "TE", zh: "纯棉T恤", en: "Cotton Tee", yuan: (199, 399), sizes: WOMEN, colours: BRIGHT, weight: 12 },
    Line { category: "cotton", code: "SH", zh: "牛津纺衬衫", en: "Oxford Shirt", yuan: (399, 699), sizes: MEN, colours: NEUTRAL, weight: 8 },
    Line { category: "cotton", code: "HD", zh: "纯棉卫衣", en: "Cotton Hoodie", yuan: (399, 799), sizes: MEN, colours: NEUTRAL, weight: 7 },
    Line { category: "cotton", code: "DN", zh: "直筒牛仔裤", en: "Straight Jeans", yuan: (499, 899), sizes: WAIST, colours: DENIM, weight: 9 },
    Line { category: "cotton", code: "PL", zh: "棉质POLO衫", en: "Cotton Polo", yuan: (299, 599), sizes: MEN, colours: BRIGHT, weight: 6 },
    Line { category: "suit", code: "SU", zh: "精纺羊毛西服套装", en: "Worsted Wool Suit", yuan: (2999, 6999), sizes: SUIT, colours: FABRIC, weight: 4 },
    Line { category: "suit", code: "SU", zh: "女士西装套裙", en: "Women's Skirt Suit", yuan: (2299, 4599), sizes: WOMEN_CN, colours: NEUTRAL, weight: 4 },
    Line { category: "suit", code: "ST", zh: "西裤", en: "Suit Trousers", yuan: (899, 1599), sizes: WAIST, colours: NEUTRAL, weight: 4 },
    Line { category: "leather", code: "LE", zh: "小羊皮夹克", en: "Lambskin Jacket", yuan: (3999, 8999), sizes: WOMEN, colours: LEATHER, weight: 3 },
    Line { category: "leather", code: "LE", zh: "牛皮机车夹克", en: "Biker Jacket", yuan: (3599, 6999), sizes: MEN, colours: LEATHER, weight: 3 },
    Line { category: "leather", code: "LS", zh: "羊皮半身裙", en: "Leather Skirt", yuan: (1999, 3599), sizes: WOMEN, colours: LEATHER, weight: 2 },
];

/// Made-to-order suits: no stock sizes, a fabric instead of a colour.
#[rustfmt::skip]
const MADE_TO_ORDER: &[(&str, &str, (i64, i64))] = &[
    ("定制西服", "Made-to-measure Suit", (6800, 15800)),
    ("定制礼服", "Made-to-measure Evening Dress", (5800, 12800)),
    ("定制大衣", "Made-to-measure Overcoat", (7800, 16800)),
];

/// A product of the cosmetics counter.
struct Cosmetic {
    zh: &'static str,
    en: &'static str,
    yuan: i64,
    sizes: &'static [&'static str],
    shades: &'static [&'static str],
}

#[rustfmt::skip]
const COSMETICS: &[Cosmetic] = &[
    Cosmetic { zh: "保湿精华", en: "Hydrating Serum", yuan: 680, sizes: &["30ml", "50ml"], shades: &[] },
    Cosmetic { zh: "修护面霜", en: "Repair Cream", yuan: 880, sizes: &["50ml"], shades: &[] },
    Cosmetic { zh: "丝绒口红", en: "Velvet Lipstick", yuan: 320, sizes: &["3.5g"], shades: &["#01 正红", "#05 豆沙", "#12 珊瑚", "#20 枫叶"] },
    Cosmetic { zh: "轻透粉底液", en: "Sheer Foundation", yuan: 460, sizes: &["30ml"], shades: &["象牙白", "自然色", "小麦色"] },
    Cosmetic { zh: "温和卸妆油", en: "Gentle Cleansing Oil", yuan: 260, sizes: &["150ml", "200ml"], shades: &[] },
    Cosmetic { zh: "防晒乳", en: "Daily Sunscreen", yuan: 290, sizes: &["50ml"], shades: &[] },
];

/// Words that make two styles of one garment different.
const CUTS: &[(&str, &str)] = &[
    ("经典", "Classic"),
    ("修身", "Slim"),
    ("宽松", "Relaxed"),
    ("复古", "Vintage"),
    ("简约", "Essential"),
    ("廓形", "Oversized"),
    ("轻盈", "Airy"),
];

/// A price in yuan as shops mark it: ending in 9, in fen.
fn shelf_price(yuan: i64) -> i64 {
    let step = if yuan >= 1000 { 100 } else { 10 };
    (((yuan + step / 2) / step) * step - 1).max(9) * 100
}

/// A reduced price, rounded down to the yuan.
fn reduced(list_fen: i64, percent: i64) -> i64 {
    list_fen * percent / 100 / 100 * 100
}

/// Style numbers handed out once each: `W26-DR-0042`.
#[derive(Default)]
struct StyleNos(BTreeSet<String>);

impl StyleNos {
    fn take(&mut self, rng: &mut ChaCha8Rng, season: char, yy: i32, code: &str) -> String {
        loop {
            let s = format!("{season}{yy:02}-{code}-{:04}", rng.random_range(1..1000));
            if self.0.insert(s.clone()) {
                return s;
            }
        }
    }
}

/// The catalogue, the same for a seed: about ninety styles.
pub(super) fn styles(rng: &mut ChaCha8Rng, calendar: &Calendar) -> Vec<Style> {
    let year = calendar.today().year() % 100;
    let mut nos = StyleNos::default();
    let mut out = Vec::new();
    for line in LINES {
        shelf_styles(rng, calendar, &mut nos, line, &mut out);
    }
    for (zh, en, yuan) in MADE_TO_ORDER {
        let list = shelf_price(rng.random_range(yuan.0..=yuan.1));
        out.push(Style {
            product: Product {
                id: 0,
                style_no: nos.take(rng, 'M', year, "SU"),
                name: format!("{zh} {en}"),
                category: "suit".into(),
                list_price_fen: list,
                current_price_fen: list,
                clearance: false,
                made_to_order: true,
                sizes: MTO.join(","),
                colours: FABRIC.join(","),
            },
            sizes: MTO.to_vec(),
            colours: FABRIC.to_vec(),
            reduced_from: None,
            weight: 1,
            season: None,
            on_sale_from: 0,
        });
    }
    for c in COSMETICS {
        out.push(cosmetic(rng, &mut nos, year, c));
    }
    out
}

/// Two to four cuts of a line of the shelf, each in a season, some marked
/// down or cleared.
fn shelf_styles(
    rng: &mut ChaCha8Rng,
    calendar: &Calendar,
    nos: &mut StyleNos,
    line: &Line,
    out: &mut Vec<Style>,
) {
    let mut cuts: Vec<&(&str, &str)> = CUTS.iter().collect();
    for _ in 0..rng.random_range(2..=4) {
        let cut = cuts.remove(rng.random_range(0..cuts.len()));
        let season = if chance(rng, 0.5) { 'W' } else { 'S' };
        let this_year = chance(rng, 0.6);
        let (yy, on_sale_from) = launch(calendar, season, if this_year { 0 } else { 1 });
        let list = shelf_price(rng.random_range(line.yuan.0..=line.yuan.1));
        let (current, clearance, reduced_from) = markdown(rng, calendar, list, this_year);
        out.push(Style {
            product: Product {
                id: 0,
                style_no: nos.take(rng, season, yy, line.code),
                name: format!("{}{} {} {}", cut.0, line.zh, cut.1, line.en),
                category: line.category.into(),
                list_price_fen: list,
                current_price_fen: current,
                clearance,
                made_to_order: false,
                sizes: line.sizes.join(","),
                colours: line.colours.join(","),
            },
            sizes: line.sizes.to_vec(),
            colours: line.colours.to_vec(),
            reduced_from,
            weight: line.weight,
            season: Some(season),
            on_sale_from,
        });
    }
}

/// A style's price now, whether it is cleared, and the day it was reduced:
/// last year's styles are the ones cleared out; this year's are at most
/// marked down.
fn markdown(
    rng: &mut ChaCha8Rng,
    calendar: &Calendar,
    list: i64,
    this_year: bool,
) -> (i64, bool, Option<u32>) {
    if !this_year && chance(rng, 0.4) {
        let pct = *pick(rng, &[40, 50, 60]);
        (
            reduced(list, pct),
            true,
            Some(calendar.last_day() - rng.random_range(10..90)),
        )
    } else if chance(rng, 0.2) {
        let pct = *pick(rng, &[70, 80, 85]);
        (
            reduced(list, pct),
            false,
            Some(calendar.last_day() - rng.random_range(5..60)),
        )
    } else {
        (list, false, None)
    }
}

/// A cosmetic of the counter, at its shelf price.
fn cosmetic(rng: &mut ChaCha8Rng, nos: &mut StyleNos, year: i32, c: &Cosmetic) -> Style {
    let list = shelf_price(c.yuan);
    Style {
        product: Product {
            id: 0,
            style_no: nos.take(rng, 'C', year, "CO"),
            name: format!("{} {}", c.zh, c.en),
            category: "cosmetic".into(),
            list_price_fen: list,
            current_price_fen: list,
            clearance: false,
            made_to_order: false,
            sizes: c.sizes.join(","),
            colours: c.shades.join(","),
        },
        sizes: c.sizes.to_vec(),
        // No shade: the line's colour is left empty.
        colours: if c.shades.is_empty() {
            vec![""]
        } else {
            c.shades.to_vec()
        },
        reduced_from: None,
        weight: 4,
        season: None,
        on_sale_from: 0,
    }
}

/// The last opening of a season on or before today (`back` = 0), or the
/// one before it (`back` = 1): its year as two digits and its day in the
/// demo year. Spring–summer opens on 1 March, autumn–winter on 1 September.
fn launch(calendar: &Calendar, season: char, back: i32) -> (i32, u32) {
    let today = calendar.today();
    let month = if season == 'W' { 9 } else { 3 };
    let opened = |y: i32| NaiveDate::from_ymd_opt(y, month, 1).expect("the first of a month");
    let mut year = today.year() - back;
    if opened(today.year()) > today {
        year -= 1;
    }
    (year % 100, calendar.day_of(opened(year)).unwrap_or(0))
}

impl Style {
    pub fn on_sale(&self, day: u32) -> bool {
        day >= self.on_sale_from
    }

    /// The price paid on `day`: the list price until the reduction.
    pub fn price_on(&self, day: u32) -> i64 {
        match self.reduced_from {
            Some(from) if day >= from => self.product.current_price_fen,
            _ => self.product.list_price_fen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelf_prices_end_in_nine() {
        assert_eq!(shelf_price(1324), 129_900);
        assert_eq!(shelf_price(1360), 139_900);
        assert_eq!(shelf_price(287), 28_900);
        assert_eq!(reduced(129_900, 70), 90_900);
    }
}
