//! Phone numbers as the shop accepts them (DOMAIN §9, issue 13): Chinese
//! mobiles, landlines with their area code (and an extension), numbers
//! from abroad with `+`. The formats come from `data/phones.toml`; this
//! module only applies them.

use regex::Regex;

/// One accepted way of writing a number.
#[derive(Debug, Clone)]
pub struct PhoneFormat {
    /// `mobile`, `landline`, `foreign`: names the format on screen.
    pub id: String,
    /// Characters taken out before matching (spaces, dashes …).
    pub ignore: String,
    pub pattern: Regex,
}

impl PhoneFormat {
    fn matches(&self, typed: &str) -> bool {
        let plain: String = typed
            .chars()
            .filter(|c| !self.ignore.contains(*c))
            .collect();
        self.pattern.is_match(&plain)
    }
}

/// The formats in the order they are tried.
#[derive(Debug, Clone, Default)]
pub struct PhoneRules {
    pub formats: Vec<PhoneFormat>,
}

impl PhoneRules {
    /// The format `typed` is written in, or `None` when no format fits.
    pub fn format_of(&self, typed: &str) -> Option<&str> {
        let typed = typed.trim();
        self.formats
            .iter()
            .find(|f| f.matches(typed))
            .map(|f| f.id.as_str())
    }

    pub fn accepts(&self, typed: &str) -> bool {
        self.format_of(typed).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PhoneRules {
        let f = |id: &str, ignore: &str, p: &str| PhoneFormat {
            id: id.into(),
            ignore: ignore.into(),
            pattern: Regex::new(p).unwrap(),
        };
        PhoneRules {
            formats: vec![
                f("mobile", " -", r"^1[3-9]\d{9}$"),
                f("foreign", " -", r"^\+[1-9]\d{7,14}$"),
            ],
        }
    }

    #[test]
    fn the_first_fitting_format_names_the_number() {
        let r = rules();
        assert_eq!(r.format_of(" 138-1234-5678 "), Some("mobile"));
        assert_eq!(r.format_of("+44 20 7946 0958"), Some("foreign"));
        assert_eq!(r.format_of("12345"), None);
        assert!(!r.accepts("12812345678"));
    }
}
