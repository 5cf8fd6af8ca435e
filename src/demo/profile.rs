//! A demo customer's file as an associate would have filled it in: name and
//! phone always, the rest of the hard profile often, the soft profile as
//! far as the associate who registered them gathers it (DOMAIN §2).

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::{self, Names};
use super::{chance, pick};
use crate::domain::customer::{Field, Values};
use crate::domain::search_keys;

const ETHNIC_MINORITIES: &[&str] = &["回族", "满族", "蒙古族", "壮族", "朝鲜族", "土家族", "苗族"];
const DISTRICTS: &[&str] = &[
    "徐汇区",
    "静安区",
    "长宁区",
    "黄浦区",
    "浦东新区",
    "闵行区",
    "杨浦区",
    "普陀区",
    "虹口区",
];
const ROADS: &[&str] = &[
    "衡山路",
    "淮海中路",
    "南京西路",
    "愚园路",
    "武康路",
    "世纪大道",
    "张杨路",
    "复兴中路",
    "天山路",
    "古北路",
    "漕溪北路",
    "四川北路",
    "长寿路",
    "虹桥路",
    "锦绣路",
];
const SIZES_FEMALE: &[&str] = &["S", "M", "L", "160/84A", "165/88A"];
const SIZES_MALE: &[&str] = &["L", "XL", "XXL", "50", "52"];

const WORK: &[&str] = &[
    "中学教师",
    "医生",
    "护士",
    "公务员",
    "律师",
    "外企行政",
    "财务主管",
    "IT工程师",
    "设计师",
    "自营服装店",
    "银行柜员",
    "大学老师",
    "销售经理",
    "退休",
    "全职妈妈",
    "研究生在读",
    "会计",
    "房地产中介",
    "餐厅老板",
    "外贸跟单",
    "人力资源",
    "记者",
    "药剂师",
    "空乘",
];
const FAMILY: &[&str] = &[
    "已婚，一个女儿上小学",
    "已婚，儿子读初中",
    "单身",
    "新婚",
    "已婚，两个孩子",
    "和父母同住",
    "孩子在国外读书",
    "已婚，丁克",
    "刚当妈妈",
    "离异，带一个女儿",
];
const PERSONALITY: &[&str] = &[
    "开朗健谈",
    "内向细心",
    "果断，不喜欢犹豫",
    "挑剔，重细节",
    "随和",
    "爱笑，好沟通",
    "理性，会比较价格",
    "有主见",
    "慢热",
];
const SHOPPING_HABITS: &[&str] = &[
    "周末下午来",
    "下班后顺路逛",
    "换季时集中购买",
    "只在打折时买",
    "看中就买，不太问价",
    "喜欢先试后买，试很多件",
    "常和闺蜜一起来",
    "丈夫陪同，丈夫付款",
    "会先在网上看款再来店",
    "每月固定来一次",
];
const DRESS: &[&str] = &[
    "简约通勤",
    "偏爱大地色系",
    "喜欢真丝和羊绒",
    "不穿紧身款",
    "喜欢亮色",
    "职业装为主",
    "宽松舒适",
    "法式复古",
    "黑白灰",
    "喜欢连衣裙",
    "注重面料手感",
];
const HOBBIES: &[&str] = &[
    "瑜伽",
    "爬山",
    "摄影",
    "烘焙",
    "旅游",
    "读书",
    "跑步",
    "插花",
    "茶艺",
    "钢琴",
    "游泳",
    "羽毛球",
    "追剧",
    "逛展览",
    "养猫",
    "做手工",
];
const LIFESTYLE: &[&str] = &[
    "作息规律，早睡早起",
    "经常出差",
    "周末常带孩子出游",
    "注重健身",
    "喜欢下厨",
    "常参加社交活动",
    "生活节奏快",
    "喜欢安静，周末在家",
];
const SERVICE: &[&str] = &[
    "喜欢自己看，需要时再叫",
    "喜欢导购详细介绍",
    "希望直接推荐合适的款",
    "不喜欢被跟着",
    "喜欢固定的导购服务",
    "时间紧，希望快速结账",
];
const PROMOTION_LIKES: &[&str] = &["对新品到店通知感兴趣", "欢迎打折信息", "喜欢VIP活动邀请"];
const PROMOTION_DISLIKES: &[&str] = &["不喜欢促销短信", "只接受生日问候", "反感频繁打电话"];
const VALUES: &[&str] = &[
    "注重品质",
    "看重性价比",
    "喜欢环保面料",
    "注重品牌口碑",
    "重视服务体验",
    "支持国货",
];

/// What the rest of the demo needs to know about a new customer.
pub(super) struct Made {
    pub values: Values,
    pub pinyin: String,
    pub initials: String,
}

/// What a demo customer's birthday looks like.
#[derive(Debug, Clone, Copy)]
pub(super) struct Birthdays {
    /// The home screen's birthday window in days.
    pub window: u32,
    /// The share of birthdays put in the window on purpose, beyond the
    /// 8 days in 365 that fall there anyway.
    pub in_window: f64,
}

/// A customer file. `diligence` (0 to 1) is how much of the file the
/// registering associate tends to fill in.
pub(super) fn customer(
    rng: &mut ChaCha8Rng,
    names: &mut Names,
    today: NaiveDate,
    birthdays: Birthdays,
    diligence: f64,
) -> Made {
    let mut v = Values::new_customer();
    let female = chance(rng, 0.76);
    let name = names.name(rng, female);
    let (pinyin, initials) = search_keys::pinyin_of(&name.text);
    v.set(Field::Name, name.text.clone());
    v.set(Field::Phone, names.phone(rng));
    if chance(rng, 0.97) {
        let g = if chance(rng, 0.005) {
            "other"
        } else if female {
            "female"
        } else {
            "male"
        };
        v.set(Field::Gender, g);
    }
    // Mostly 30 to 50, from early twenties to past sixty.
    let age = 20 + rng.random_range(0..22) + rng.random_range(0..22);
    let year_known = match birthday(rng, today, birthdays, age) {
        Some((b, year_known)) => {
            v.set(Field::Birthday, b);
            year_known
        }
        None => false,
    };
    if !year_known && chance(rng, 0.4) {
        v.set(Field::ApproxAge, ((age + 2) / 5 * 5).to_string());
    }
    let fill = |rng: &mut ChaCha8Rng, p: f64| chance(rng, p * diligence);
    if !name.latin && fill(rng, 0.35) {
        let e = if chance(rng, 0.9) {
            "汉族"
        } else {
            pick(rng, ETHNIC_MINORITIES)
        };
        v.set(Field::Ethnicity, e);
    }
    if fill(rng, 0.3) {
        let latin = name.latin.then_some(name.text.as_str());
        v.set(Field::Email, names::email(rng, &pinyin, latin));
    }
    if fill(rng, 0.45) {
        v.set(Field::Address, address(rng));
    }
    if fill(rng, 0.9) {
        let sizes = if female { SIZES_FEMALE } else { SIZES_MALE };
        v.set(Field::ClothingSize, *pick(rng, sizes));
    }
    soft_fields(rng, &mut v, diligence);
    consent(rng, &mut v, diligence);
    Made {
        values: v,
        pinyin,
        initials,
    }
}

/// What the associate learnt of the customer's life and tastes, as much as
/// their `diligence` gathers.
fn soft_fields(rng: &mut ChaCha8Rng, v: &mut Values, diligence: f64) {
    let fill = |rng: &mut ChaCha8Rng, p: f64| chance(rng, p * diligence);
    let soft: [(Field, &[&str], f64); 8] = [
        (Field::Work, WORK, 0.8),
        (Field::Family, FAMILY, 0.5),
        (Field::Personality, PERSONALITY, 0.6),
        (Field::ShoppingHabits, SHOPPING_HABITS, 0.6),
        (Field::DressPreferences, DRESS, 0.7),
        (Field::Lifestyle, LIFESTYLE, 0.35),
        (Field::ServicePreference, SERVICE, 0.5),
        (Field::Values, VALUES, 0.3),
    ];
    for (field, pool, p) in soft {
        if fill(rng, p) {
            v.set(field, *pick(rng, pool));
        }
    }
    if fill(rng, 0.7) {
        let n = rng.random_range(1..=3);
        let mut picked: Vec<&str> = Vec::with_capacity(n);
        while picked.len() < n {
            let h = *pick(rng, HOBBIES);
            if !picked.contains(&h) {
                picked.push(h);
            }
        }
        v.set(Field::Hobbies, picked.join("、"));
    }
}

/// The consents: greetings mostly yes; promotions as the customer said
/// about promotion messages.
fn consent(rng: &mut ChaCha8Rng, v: &mut Values, diligence: f64) {
    // Consent follows what the customer said about promotion messages.
    let likes_promotions = match chance(rng, 0.45 * diligence) {
        true if chance(rng, 0.5) => {
            v.set(Field::PromotionAttitude, *pick(rng, PROMOTION_LIKES));
            chance(rng, 0.9)
        }
        true => {
            v.set(Field::PromotionAttitude, *pick(rng, PROMOTION_DISLIKES));
            false
        }
        false => chance(rng, 0.3),
    };
    v.set(Field::GreetingsOk, if chance(rng, 0.9) { "1" } else { "0" });
    v.set(
        Field::PromotionsOk,
        if likes_promotions { "1" } else { "0" },
    );
}

/// Seven in ten give a birthday, a fifth of them without the year.
fn birthday(
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    b: Birthdays,
    age: u32,
) -> Option<(String, bool)> {
    if !chance(rng, 0.7) {
        return None;
    }
    let day = if chance(rng, b.in_window) {
        today + Duration::days(rng.random_range(0..=b.window as i64))
    } else {
        // 2000 is a leap year: 29 February is among the days.
        NaiveDate::from_ymd_opt(2000, 1, 1)? + Duration::days(rng.random_range(0..366))
    };
    let (month, dom) = (day.month(), day.day());
    if chance(rng, 0.2) {
        return Some((format!("--{month:02}-{dom:02}"), false));
    }
    let year = today.year() - age as i32;
    // Born on 29 February of a common year cannot be: the 28th it is.
    let date = NaiveDate::from_ymd_opt(year, month, dom)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, dom - 1))?;
    Some((date.format("%Y-%m-%d").to_string(), true))
}

fn address(rng: &mut ChaCha8Rng) -> String {
    let district = pick(rng, DISTRICTS);
    let road = pick(rng, ROADS);
    let no = rng.random_range(1..900);
    if chance(rng, 0.6) {
        let building = rng.random_range(1..30);
        let floor = rng.random_range(2..30);
        let flat = rng.random_range(1..5);
        format!("上海市{district}{road}{no}弄{building}号{floor}0{flat}室")
    } else {
        format!("上海市{district}{road}{no}号")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{Birthday, validate};
    use rand::SeedableRng;

    #[test]
    fn every_file_passes_the_form_checks_and_birthdays_cluster_in_the_window() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 25).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut names = Names::new();
        let (mut with_birthday, mut in_window, mut no_year) = (0, 0, 0);
        for i in 0..3000 {
            let birthdays = Birthdays {
                window: 7,
                in_window: 0.06,
            };
            let made = customer(&mut rng, &mut names, today, birthdays, [0.3, 0.9][i % 2]);
            let clean = validate(&made.values, today)
                .unwrap_or_else(|e| panic!("{:?}: {e:?}", made.values));
            for f in Field::ALL {
                assert_eq!(
                    clean.get(f),
                    made.values.get(f),
                    "{f:?} changed by the checks"
                );
            }
            if let Some(b) = Birthday::parse(made.values.get(Field::Birthday)) {
                with_birthday += 1;
                in_window += (b.days_until(today) <= 7) as u32;
                no_year += b.year.is_none() as u32;
            }
        }
        assert!((1950..2250).contains(&with_birthday), "{with_birthday}");
        // Spread evenly, 8 days of 365 would hold about 45.
        assert!(in_window > 120, "{in_window}");
        assert!((300..600).contains(&no_year), "{no_year}");
    }
}
