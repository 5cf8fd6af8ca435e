//! `data/policy.toml`: the shop's numbers, read once at start and checked.

use serde::Deserialize;

use crate::data::{DataError, Files, Source};
use crate::domain::customer::Tier;

pub const FILE: &str = "data/policy.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub signin: Signin,
    pub customers: Customers,
    pub callbacks: Callbacks,
    pub greetings: Greetings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signin {
    pub max_failed_pins: u32,
    pub lockout_minutes: u32,
    pub idle_lock_minutes: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customers {
    pub hard_weight_percent: u32,
    pub soft_weight_percent: u32,
    pub tiers: Vec<Tier>,
    pub club_min_spend_fen: i64,
    pub club_fee_fen: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callbacks {
    pub purchase_after_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Greetings {
    pub birthday_window_days: u32,
    pub not_seen_days: u32,
}

impl Policy {
    pub fn load(files: &Files) -> Result<Policy, DataError> {
        Policy::from_source(&files.read(FILE)?)
    }

    pub fn from_source(src: &Source) -> Result<Policy, DataError> {
        let p: Policy = src.parse()?;
        p.check(src)?;
        Ok(p)
    }

    /// The checks serde cannot make, each naming the line of the bad value.
    fn check(&self, src: &Source) -> Result<(), DataError> {
        let bad = |section: &str, key: &str, msg: &str| {
            Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
        };
        if self.signin.max_failed_pins == 0 {
            return bad("signin", "max_failed_pins", "must be at least 1");
        }
        if self.signin.idle_lock_minutes == 0 {
            return bad("signin", "idle_lock_minutes", "must be at least 1 minute");
        }
        let c = &self.customers;
        if c.hard_weight_percent + c.soft_weight_percent != 100 {
            return bad(
                "customers",
                "soft_weight_percent",
                "hard_weight_percent and soft_weight_percent must add up to 100",
            );
        }
        match c.tiers.first() {
            None => return bad("customers", "tiers", "at least one tier is needed"),
            Some(t) if t.min_spend_fen != 0 => {
                return bad(
                    "customers",
                    "tiers",
                    "the first tier must start at min_spend_fen = 0",
                );
            }
            _ => {}
        }
        if c.tiers
            .windows(2)
            .any(|w| w[1].min_spend_fen <= w[0].min_spend_fen)
        {
            return bad(
                "customers",
                "tiers",
                "tiers must be listed by rising min_spend_fen",
            );
        }
        let mut ids: Vec<&str> = c.tiers.iter().map(|t| t.id.as_str()).collect();
        ids.sort();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return bad("customers", "tiers", "two tiers share an id");
        }
        if c.club_min_spend_fen < 0 || c.club_fee_fen < 0 {
            return bad("customers", "club_fee_fen", "amounts cannot be negative");
        }
        if self.greetings.birthday_window_days > 60 {
            return bad("greetings", "birthday_window_days", "at most 60 days");
        }
        if self.greetings.not_seen_days == 0 {
            return bad("greetings", "not_seen_days", "must be at least 1");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
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
}
