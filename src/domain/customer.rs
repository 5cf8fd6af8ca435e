//! The customer file 顾客档案 (DOMAIN §2): its fields, the checks on them,
//! the completeness score, the VIP tier and the masked phone.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Phone,
    Gender,
    Birthday,
    ApproxAge,
    Ethnicity,
    Email,
    Address,
    ClothingSize,
    Work,
    Family,
    Personality,
    ShoppingHabits,
    DressPreferences,
    Hobbies,
    Lifestyle,
    ServicePreference,
    PromotionAttitude,
    Values,
    GreetingsOk,
    PromotionsOk,
    ReferredBy,
}

/// Which part of the file a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// 硬件档案, 20% of the completeness score.
    Hard,
    /// 软件档案, 80% of the completeness score.
    Soft,
    /// What the customer accepts to receive.
    Consent,
    /// Who brought them.
    Relation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text {
        max: usize,
    },
    Phone,
    Email,
    Date,
    Age,
    Choice(&'static [&'static str]),
    Yes,
    /// Another customer, typed as their phone number.
    CustomerRef,
}

pub const GENDERS: &[&str] = &["", "female", "male", "other"];
const LONG: usize = 300;
pub const NAME_MAX: usize = 60;

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Name,
        Field::Phone,
        Field::Gender,
        Field::Birthday,
        Field::ApproxAge,
        Field::Ethnicity,
        Field::Email,
        Field::Address,
        Field::ClothingSize,
        Field::Work,
        Field::Family,
        Field::Personality,
        Field::ShoppingHabits,
        Field::DressPreferences,
        Field::Hobbies,
        Field::Lifestyle,
        Field::ServicePreference,
        Field::PromotionAttitude,
        Field::Values,
        Field::GreetingsOk,
        Field::PromotionsOk,
        Field::ReferredBy,
    ];

    /// The name used in the database column, the locale key and drafts.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Gender => "gender",
            Field::Birthday => "birthday",
            Field::ApproxAge => "approx_age",
            Field::Ethnicity => "ethnicity",
            Field::Email => "email",
            Field::Address => "address",
            Field::ClothingSize => "clothing_size",
            Field::Work => "work",
            Field::Family => "family",
            Field::Personality => "personality",
            Field::ShoppingHabits => "shopping_habits",
            Field::DressPreferences => "dress_preferences",
            Field::Hobbies => "hobbies",
            Field::Lifestyle => "lifestyle",
            Field::ServicePreference => "service_preference",
            Field::PromotionAttitude => "promotion_attitude",
            Field::Values => "values_note",
            Field::GreetingsOk => "greetings_ok",
            Field::PromotionsOk => "promotions_ok",
            Field::ReferredBy => "referred_by",
        }
    }

    pub fn profile(self) -> Profile {
        use Field::*;
        match self {
            Name | Phone | Gender | Birthday | ApproxAge | Ethnicity | Email | Address
            | ClothingSize => Profile::Hard,
            Work | Family | Personality | ShoppingHabits | DressPreferences | Hobbies
            | Lifestyle | ServicePreference | PromotionAttitude | Values => Profile::Soft,
            GreetingsOk | PromotionsOk => Profile::Consent,
            ReferredBy => Profile::Relation,
        }
    }

    pub fn kind(self) -> Kind {
        use Field::*;
        match self {
            Name => Kind::Text { max: NAME_MAX },
            Phone => Kind::Phone,
            Gender => Kind::Choice(GENDERS),
            Birthday => Kind::Date,
            ApproxAge => Kind::Age,
            Email => Kind::Email,
            Ethnicity | ClothingSize => Kind::Text { max: 30 },
            Address => Kind::Text { max: 200 },
            GreetingsOk | PromotionsOk => Kind::Yes,
            ReferredBy => Kind::CustomerRef,
            _ => Kind::Text { max: LONG },
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Field::Name | Field::Phone)
    }

    /// The most characters the field can hold.
    pub fn max_chars(self) -> usize {
        match self.kind() {
            Kind::Text { max } => max,
            Kind::Phone | Kind::CustomerRef => 32,
            Kind::Email => 100,
            Kind::Date => 10,
            Kind::Age => 3,
            Kind::Choice(_) | Kind::Yes => 10,
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The values of a customer file as typed, one string a field.
/// Yes/no fields hold "1" or "0"; choices hold their id ("female").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Values(pub BTreeMap<Field, String>);

impl Values {
    /// A new file: greetings accepted, promotions not (they must be asked).
    pub fn new_customer() -> Self {
        let mut v = Values::default();
        v.set(Field::GreetingsOk, "1");
        v.set(Field::PromotionsOk, "0");
        v
    }

    pub fn get(&self, f: Field) -> &str {
        self.0.get(&f).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, f: Field, value: impl Into<String>) {
        self.0.insert(f, value.into());
    }

    pub fn yes(&self, f: Field) -> bool {
        self.get(f) == "1"
    }
}

/// Why a value was not accepted; `code` is a locale key under `error.`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub code: &'static str,
}

/// A birthday, with or without its year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Birthday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl Birthday {
    /// Reads `YYYY-MM-DD`, `MM-DD` or `--MM-DD`.
    pub fn parse(s: &str) -> Option<Birthday> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(Birthday {
                year: Some(d.year()),
                month: d.month(),
                day: d.day(),
            });
        }
        let md = s.strip_prefix("--").unwrap_or(s);
        let (m, d) = md.split_once('-')?;
        let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
        // 2000 is a leap year, so 29 February is allowed without a year.
        NaiveDate::from_ymd_opt(2000, month, day)?;
        Some(Birthday {
            year: None,
            month,
            day,
        })
    }

    /// As stored: `YYYY-MM-DD` or `--MM-DD`.
    pub fn stored(&self) -> String {
        match self.year {
            Some(y) => format!("{y:04}-{:02}-{:02}", self.month, self.day),
            None => format!("--{:02}-{:02}", self.month, self.day),
        }
    }

    /// Month and day as one number, MMDD.
    pub fn md(&self) -> u32 {
        self.month * 100 + self.day
    }

    /// Days from `today` to the next birthday (0 = today). A 29 February
    /// birthday falls on 28 February in other years.
    pub fn days_until(&self, today: NaiveDate) -> i64 {
        let on = |year: i32| {
            NaiveDate::from_ymd_opt(year, self.month, self.day)
                .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
                .expect("month and day were checked")
        };
        let this_year = on(today.year());
        let next = if this_year >= today {
            this_year
        } else {
            on(today.year() + 1)
        };
        (next - today).num_days()
    }
}

/// The digits of a phone number, for search and for duplicates.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// `138****5678`: the first three and last four characters show.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n == 0 {
        return String::new();
    }
    if n < 8 {
        let keep = n.min(2);
        return "*".repeat(n - keep) + &chars[n - keep..].iter().collect::<String>();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 7))
}

/// Cleans every value and checks it; returns the cleaned values or the
/// errors, one per field at most. Nothing typed is dropped on an error.
pub fn validate(values: &Values, today: NaiveDate) -> Result<Values, Vec<FieldError>> {
    let mut out = Values::default();
    let mut errors = Vec::new();
    for f in Field::ALL {
        let v = text::clean(values.get(f), f.max_chars());
        let err = |code| FieldError { field: f, code };
        if v.is_empty() {
            if f.required() {
                errors.push(err("required"));
            }
            out.set(f, v);
            continue;
        }
        let problem = match f.kind() {
            Kind::Text { .. } | Kind::CustomerRef => None,
            Kind::Phone => check_phone(&v),
            Kind::Email => {
                let ok = v
                    .split_once('@')
                    .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.ends_with('.'))
                    && !v.contains(' ');
                (!ok).then_some("email")
            }
            Kind::Date => match Birthday::parse(&v) {
                None => Some("date"),
                Some(b) if b.year.is_some_and(|y| y < 1900) => Some("date_range"),
                Some(b) => match b
                    .year
                    .and_then(|y| NaiveDate::from_ymd_opt(y, b.month, b.day))
                {
                    Some(d) if d > today => Some("date_future"),
                    _ => None,
                },
            },
            Kind::Age => match v.parse::<u32>() {
                Ok(a) if (1..=120).contains(&a) => None,
                _ => Some("age"),
            },
            Kind::Choice(options) => (!options.contains(&v.as_str())).then_some("choice"),
            Kind::Yes => (!matches!(v.as_str(), "0" | "1")).then_some("choice"),
        };
        if let Some(code) = problem {
            errors.push(err(code));
        }
        let v = match (f.kind(), Birthday::parse(&v)) {
            (Kind::Date, Some(b)) => b.stored(),
            _ => v,
        };
        out.set(f, v);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A phone must fit one of the shop's formats (`data/phones.toml`: mobile,
/// landline with area code, `+` from abroad), whatever the place it is typed.
fn check_phone(v: &str) -> Option<&'static str> {
    (!crate::shop_data::phones::check(v)).then_some("phone")
}

/// Completeness of a file in whole percent: hard fields weigh
/// `hard_weight`, soft ones `soft_weight` (DOMAIN §2: 20 and 80).
/// Spend and styles bought count as one hard item, filled by a purchase.
pub fn completeness(
    values: &Values,
    has_purchases: bool,
    hard_weight: u32,
    soft_weight: u32,
) -> u32 {
    let filled = |p: Profile| {
        Field::ALL
            .iter()
            .filter(|f| f.profile() == p)
            .map(|f| (!values.get(*f).trim().is_empty()) as u32)
            .sum::<u32>()
    };
    let total = |p: Profile| Field::ALL.iter().filter(|f| f.profile() == p).count() as u32;
    let hard = filled(Profile::Hard) + has_purchases as u32;
    let hard_total = total(Profile::Hard) + 1;
    let soft = filled(Profile::Soft);
    let soft_total = total(Profile::Soft);
    let score = (hard_weight * hard * soft_total + soft_weight * soft * hard_total) as f64
        / (hard_total * soft_total) as f64;
    score.round() as u32
}

/// A VIP tier: reached at `min_spend_fen` of cumulative spend.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub min_spend_fen: i64,
}

/// The highest tier whose threshold the spend has reached. `tiers` is
/// sorted by threshold, the first at zero (checked when the policy loads).
pub fn tier_for(tiers: &[Tier], spend_fen: i64) -> &Tier {
    tiers
        .iter()
        .rev()
        .find(|t| spend_fen >= t.min_spend_fen)
        .unwrap_or(&tiers[0])
}

#[cfg(test)]
mod tests;
