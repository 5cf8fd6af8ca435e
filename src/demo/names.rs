//! Who the demo shop's people are: staff, and customers' names, phones and
//! e-mail addresses, in the proportions of a mainland shop.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

use super::{Weighted, chance, pick};
use crate::domain::staff::Role;

/// The shop's eight: a manager, two at the after-sales desk, five associates.
pub(super) const STAFF: &[(&str, Role)] = &[
    ("周静", Role::Manager),
    ("林晓梅", Role::Service),
    ("陈磊", Role::Service),
    ("王芳", Role::Associate),
    ("李娜", Role::Associate),
    ("张婷婷", Role::Associate),
    ("刘洋", Role::Associate),
    ("欧阳雪", Role::Associate),
];

/// Common surnames with a rough weight of how often they occur.
#[rustfmt::skip]
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72), ("李", 71), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 33), ("黄", 24),
    ("赵", 21), ("吴", 20), ("周", 19), ("徐", 14), ("孙", 14), ("马", 12), ("朱", 12),
    ("胡", 11), ("郭", 11), ("何", 10), ("林", 10), ("高", 10), ("罗", 9), ("郑", 9),
    ("梁", 9), ("谢", 7), ("宋", 7), ("唐", 7), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6),
    ("曹", 6), ("彭", 5), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 4), ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 3), ("卢", 3), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("方", 3), ("白", 3), ("邹", 2), ("孟", 2),
    ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("段", 2), ("雷", 2),
    ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2),
    ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2), ("武", 2), ("戴", 2),
    ("莫", 1), ("孔", 1), ("向", 1), ("汤", 1), ("常", 1), ("温", 1), ("康", 1), ("施", 1),
];

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "慕容", "令狐", "皇甫", "尉迟", "公孙",
];

const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "婷", "雪", "颖", "琳", "玲", "洁", "燕", "霞", "慧", "佳", "欣",
    "怡", "悦", "晴", "思", "雨", "梦", "诗", "雅", "涵", "萱", "瑶", "蕾", "薇", "倩", "璐", "彤",
    "妍", "晓", "晶", "春", "秋", "月", "红", "梅", "兰", "艳", "丹", "蓉", "嘉", "然", "琪", "婉",
    "清", "宁", "舒", "岚", "菲", "露", "珊", "凤", "素", "莉", "萍", "颜", "可", "心", "桐", "曼",
];

const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "斌", "鹏", "辉", "刚", "峰", "浩",
    "宇", "轩", "博", "文", "俊", "凯", "晨", "昊", "建", "国", "平", "志", "东", "海", "毅", "恒",
    "子", "天", "泽", "睿", "航", "哲", "铭", "然", "达", "亮", "林", "松", "华", "新", "远", "嘉",
];

const ENGLISH_FEMALE: &[&str] = &[
    "Emily", "Grace", "Sophie", "Olivia", "Chloe", "Hannah", "Lily", "Vivian", "Cathy", "Irene",
    "Angela", "Cindy", "Joyce", "Michelle", "Tiffany", "Amanda", "Rachel", "Jessica", "Sarah",
    "Linda", "Helen", "Fiona", "Stella", "Yvonne", "Zoe", "Claire", "Natalie", "Iris",
];

const ENGLISH_MALE: &[&str] = &[
    "Michael", "David", "Kevin", "Jason", "Eric", "Daniel", "Andrew", "Peter", "Tony", "Frank",
    "Leo", "Vincent", "Henry", "Thomas", "James", "Ryan", "Victor", "Alex",
];

/// Surnames as Chinese people with an English name write them.
const PINYIN_SURNAMES: &[&str] = &[
    "Chen", "Wang", "Li", "Zhang", "Liu", "Lin", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma", "Zhu",
    "He", "Gao", "Guo", "Luo", "Zheng", "Tang", "Song", "Xie", "Han", "Shen", "Lu", "Jiang",
];

/// Foreign customers' surnames.
const FOREIGN_SURNAMES: &[&str] = &[
    "Smith", "Brown", "Martin", "Wilson", "Taylor", "Müller", "Dubois", "Rossi", "Kim", "Tanaka",
    "Nguyen", "Johnson", "Garcia", "O'Brien", "Anderson",
];

/// Mainland mobile number blocks.
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
];

const MAIL_HOSTS: &[&str] = &[
    "163.com",
    "qq.com",
    "126.com",
    "sina.com",
    "gmail.com",
    "outlook.com",
    "foxmail.com",
];

/// Names, phones and e-mail addresses; phones are never given twice.
pub(super) struct Names {
    surnames: Weighted<&'static str>,
    phones_given: HashSet<u64>,
}

/// A customer's name and whether it is written in Latin letters.
pub(super) struct Name {
    pub text: String,
    pub latin: bool,
}

impl Names {
    pub fn new() -> Self {
        Names {
            surnames: Weighted::new(SURNAMES.to_vec()),
            phones_given: HashSet::new(),
        }
    }

    /// A name for a customer of that gender: mostly Chinese (two or three
    /// characters, now and then a compound surname), about one in seven in
    /// Latin letters.
    pub fn name(&self, rng: &mut ChaCha8Rng, female: bool) -> Name {
        if chance(rng, 0.15) {
            let first = pick(rng, if female { ENGLISH_FEMALE } else { ENGLISH_MALE });
            let last = if chance(rng, 0.75) {
                pick(rng, PINYIN_SURNAMES)
            } else {
                pick(rng, FOREIGN_SURNAMES)
            };
            return Name {
                text: format!("{first} {last}"),
                latin: true,
            };
        }
        let surname = if chance(rng, 0.012) {
            pick(rng, COMPOUND_SURNAMES)
        } else {
            self.surnames.pick(rng)
        };
        let pool = if female { GIVEN_FEMALE } else { GIVEN_MALE };
        let mut text = surname.to_string();
        for _ in 0..if chance(rng, 0.68) { 2 } else { 1 } {
            let given: &&str = pick(rng, pool);
            text.push_str(given);
        }
        Name { text, latin: false }
    }

    /// A mainland mobile number not given before; one in twenty written in groups.
    pub fn phone(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let prefix = pick(rng, MOBILE_PREFIXES);
            let rest: u32 = rng.random_range(0..100_000_000);
            let number: u64 = prefix.parse::<u64>().unwrap_or(0) * 100_000_000 + rest as u64;
            if self.phones_given.insert(number) {
                let digits = number.to_string();
                return if chance(rng, 0.05) {
                    format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..])
                } else {
                    digits
                };
            }
        }
    }
}

/// An e-mail address made from the name's pinyin (or Latin name).
pub(super) fn email(rng: &mut ChaCha8Rng, pinyin: &str, latin_name: Option<&str>) -> String {
    let local: String = match latin_name {
        Some(n) => n
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(".")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect(),
        None => pinyin.chars().filter(char::is_ascii_alphanumeric).collect(),
    };
    let local = if local.is_empty() {
        "vip".to_string()
    } else {
        local
    };
    let host = pick(rng, MAIL_HOSTS);
    if chance(rng, 0.6) {
        format!("{local}{}@{host}", rng.random_range(1..100))
    } else {
        format!("{local}@{host}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn phones_are_mainland_mobiles_never_given_twice() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut names = Names::new();
        let mut seen = HashSet::new();
        for _ in 0..5000 {
            let p: String = names
                .phone(&mut rng)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert_eq!(p.len(), 11, "{p}");
            assert!(MOBILE_PREFIXES.contains(&&p[..3]), "{p}");
            assert!(seen.insert(p));
        }
    }

    #[test]
    fn names_are_two_to_four_characters_or_two_latin_words() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let names = Names::new();
        let (mut latin, mut short) = (0, 0);
        for i in 0..2000 {
            let n = names.name(&mut rng, i % 4 != 0);
            if n.latin {
                latin += 1;
                assert_eq!(n.text.split(' ').count(), 2, "{}", n.text);
            } else {
                let len = n.text.chars().count();
                assert!((2..=4).contains(&len), "{}", n.text);
                short += (len == 2) as u32;
            }
        }
        assert!((200..400).contains(&latin), "{latin} Latin names of 2000");
        assert!(short > 300, "{short} two-character names");
    }

    #[test]
    fn email_addresses_use_the_name() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let e = email(&mut rng, "zhangsan", None);
        assert!(e.starts_with("zhangsan") && e.contains('@'), "{e}");
        let e = email(&mut rng, "seanobrien", Some("Sean O'Brien"));
        assert!(e.starts_with("sean.obrien"), "{e}");
    }
}
