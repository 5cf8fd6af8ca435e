//! `data/service_quality.toml` (DOMAIN §8): the "1+5" extras, the shop's
//! service standard for internal checks and its veto, and the weights of
//! satisfaction and of the files contest. Read once at start and checked;
//! a bad value stops the app naming the file and the line.

use serde::Deserialize;

use crate::domain::quality::{ServiceKind, Weights};
use crate::i18n::Locale;
use crate::shop_data::files::{DataError, Files, Source};

pub const FILE: &str = "data/service_quality.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityRules {
    pub one_plus_five: OnePlusFive,
    pub service_checks: ServiceChecks,
    pub duty: Duty,
    pub revisits: Revisits,
    pub satisfaction: Satisfaction,
    pub files_contest: FilesContest,
    #[serde(skip)]
    source: Option<Source>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnePlusFive {
    pub extras_per_job: u32,
    pub extras: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceChecks {
    pub veto_after_failed: u32,
    pub look_back_days: u32,
    pub standard: Standard,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub repair: Vec<String>,
    #[serde(rename = "return")]
    pub return_: Vec<String>,
    pub complaint: Vec<String>,
    pub visit: Vec<String>,
}

impl Standard {
    pub fn items(&self, kind: ServiceKind) -> &[String] {
        match kind {
            ServiceKind::Repair => &self.repair,
            ServiceKind::Return => &self.return_,
            ServiceKind::Complaint => &self.complaint,
            ServiceKind::Visit => &self.visit,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revisits {
    pub made_to_order_after_days: u32,
    pub season_changes: Vec<String>,
    pub season_categories: Vec<String>,
    pub season_look_back_days: u32,
    pub thank_you_after_days: u32,
    pub catch_up_days: u32,
    pub thank_you_too_late_after_days: u32,
    pub made_to_order_too_late_after_days: u32,
    pub season_too_late_after_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// Role ids (associate, service, manager) trained before taking complaints.
    pub trained_before_complaints: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub complaint_penalty_points: u32,
    /// Complaint categories that are about an associate's service.
    pub complaint_categories: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesContest {
    pub quantity_weight_percent: u32,
    pub quality_weight_percent: u32,
}

impl Default for QualityRules {
    /// The copy built into the program (checked by the tests).
    fn default() -> Self {
        QualityRules::load(&Files::built_in()).expect("the built-in service_quality.toml is valid")
    }
}

impl QualityRules {
    pub fn load(files: &Files) -> Result<QualityRules, DataError> {
        QualityRules::from_source(&files.read(FILE)?)
    }

    pub fn from_source(src: &Source) -> Result<QualityRules, DataError> {
        let mut q: QualityRules = src.parse()?;
        q.check(src)?;
        q.source = Some(src.clone());
        Ok(q)
    }

    /// The weights of the files contest.
    pub fn contest_weights(&self) -> Weights {
        Weights {
            quantity: self.files_contest.quantity_weight_percent,
            quality: self.files_contest.quality_weight_percent,
        }
    }

    fn check(&self, src: &Source) -> Result<(), DataError> {
        let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
        check_service(self, src)?;
        check_revisits(&self.revisits, src)?;
        let s = &self.satisfaction;
        if s.complaint_penalty_points > 100 {
            return bad("satisfaction", "complaint_penalty_points", "at most 100");
        }
        let f = &self.files_contest;
        if f.quantity_weight_percent + f.quality_weight_percent != 100 {
            return bad(
                "files_contest",
                "quality_weight_percent",
                "quantity_weight_percent and quality_weight_percent must add up to 100",
            );
        }
        Ok(())
    }

    /// The complaint categories named must be routing's own.
    pub fn check_categories(&self, known: &[&str]) -> Result<(), DataError> {
        let Some(src) = &self.source else {
            return Ok(());
        };
        for c in &self.satisfaction.complaint_categories {
            if !known.contains(&c.as_str()) {
                return Err(src.error(
                    src.line_of("satisfaction", "complaint_categories"),
                    format!(
                        "satisfaction.complaint_categories: \"{c}\" is not a category of data/routing.toml"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Every extra and standard item needs a name in the language in use.
    pub fn check_names(&self, loc: &Locale) -> Vec<DataError> {
        let Some(src) = &self.source else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut need = |key: String, section: &str, list_key: &str| {
            if !loc.has(&key) {
                out.push(src.error(
                    src.line_of(section, list_key),
                    format!(
                        "{key} has no name in {}: add it to data/locales/quality.{}.toml",
                        loc.lang, loc.lang
                    ),
                ));
            }
        };
        for e in &self.one_plus_five.extras {
            need(format!("quality.extra.{e}"), "one_plus_five", "extras");
        }
        for kind in ServiceKind::ALL {
            for i in self.service_checks.standard.items(kind) {
                need(
                    format!("quality.item.{i}"),
                    "service_checks.standard",
                    kind.id(),
                );
            }
        }
        out
    }
}

/// The error for `section.key`, at the line of that key.
fn bad(src: &Source, section: &str, key: &str, msg: &str) -> Result<(), DataError> {
    Err(src.error(src.line_of(section, key), format!("{section}.{key}: {msg}")))
}

/// `[one_plus_five]`, `[service_checks]` and `[duty]`.
fn check_service(q: &QualityRules, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    let o = &q.one_plus_five;
    if o.extras_per_job == 0 {
        return bad("one_plus_five", "extras_per_job", "must be at least 1");
    }
    if (o.extras.len() as u32) < o.extras_per_job {
        return bad(
            "one_plus_five",
            "extras",
            "list at least extras_per_job extras to choose from",
        );
    }
    if let Some(m) = list_problem(&o.extras) {
        return bad("one_plus_five", "extras", &m);
    }
    let c = &q.service_checks;
    if c.veto_after_failed == 0 {
        return bad("service_checks", "veto_after_failed", "must be at least 1");
    }
    if c.look_back_days == 0 || c.look_back_days > 366 {
        return bad("service_checks", "look_back_days", "from 1 to 366 days");
    }
    for kind in ServiceKind::ALL {
        let items = c.standard.items(kind);
        let section = "service_checks.standard";
        if items.is_empty() {
            return bad(section, kind.id(), "the standard needs at least one item");
        }
        if let Some(m) = list_problem(items) {
            return bad(section, kind.id(), &m);
        }
    }
    for r in &q.duty.trained_before_complaints {
        if crate::domain::staff::Role::from_id(r).is_none() {
            return bad(
                "duty",
                "trained_before_complaints",
                &format!("\"{r}\" is not a role (associate, service, manager)"),
            );
        }
    }
    Ok(())
}

/// `[revisits]`: the seed's days, the season's days and categories, the
/// too-late days.
fn check_revisits(v: &Revisits, src: &Source) -> Result<(), DataError> {
    let bad = |section: &str, key: &str, msg: &str| bad(src, section, key, msg);
    if !(3..=10).contains(&v.made_to_order_after_days) {
        return bad(
            "revisits",
            "made_to_order_after_days",
            "the seed says 3 to 10 days after delivery",
        );
    }
    if v.season_changes
        .iter()
        .any(|d| crate::domain::tasks::month_day(d).is_none())
    {
        return bad(
            "revisits",
            "season_changes",
            "days of the year written MM-DD",
        );
    }
    const CATEGORIES: [&str; 6] = ["textile", "knit", "cotton", "suit", "leather", "cosmetic"];
    if let Some(c) = v
        .season_categories
        .iter()
        .find(|c| !CATEGORIES.contains(&c.as_str()))
    {
        return bad(
            "revisits",
            "season_categories",
            &format!("\"{c}\" is not a category ({})", CATEGORIES.join(", ")),
        );
    }
    if v.season_look_back_days == 0 || v.season_look_back_days > 730 {
        return bad("revisits", "season_look_back_days", "from 1 to 730 days");
    }
    if v.thank_you_after_days > 30 {
        return bad("revisits", "thank_you_after_days", "at most 30 days");
    }
    if v.catch_up_days > 60 {
        return bad("revisits", "catch_up_days", "at most 60 days");
    }
    for (key, days) in [
        (
            "thank_you_too_late_after_days",
            v.thank_you_too_late_after_days,
        ),
        (
            "made_to_order_too_late_after_days",
            v.made_to_order_too_late_after_days,
        ),
        ("season_too_late_after_days", v.season_too_late_after_days),
    ] {
        if days > 90 {
            return bad("revisits", key, "at most 90 days");
        }
    }
    if v.made_to_order_after_days + v.made_to_order_too_late_after_days > 10 {
        return bad(
            "revisits",
            "made_to_order_too_late_after_days",
            "the seed's revisit is at most 10 days after delivery (made_to_order_after_days + this)",
        );
    }
    Ok(())
}

/// An id that is empty, not snake_case, or listed twice.
fn list_problem(ids: &[String]) -> Option<String> {
    for (i, id) in ids.iter().enumerate() {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Some(format!("\"{id}\" is not a lowercase id (a-z, 0-9, _)"));
        }
        if ids[..i].contains(id) {
            return Some(format!("\"{id}\" is listed twice"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            label: "service_quality.toml".into(),
            text: text.into(),
        }
    }

    fn shipped() -> String {
        include_str!("../../data/service_quality.toml").to_string()
    }

    #[test]
    fn the_shipped_file_loads_and_names_every_id_in_both_languages() {
        let q = QualityRules::from_source(&src(&shipped())).unwrap();
        assert_eq!(q.one_plus_five.extras_per_job, 5);
        let files = Files::locate(None);
        for lang in ["en", "zh-CN"] {
            let loc = Locale::load(&files, lang).unwrap();
            assert_eq!(q.check_names(&loc), vec![], "{lang}");
        }
    }

    #[test]
    fn bad_values_name_their_line() {
        let cases = [
            ("extras_per_job = 5", "extras_per_job = 9", "extras"),
            (
                "veto_after_failed = 1",
                "veto_after_failed = 0",
                "veto_after_failed",
            ),
            (
                "quantity_weight_percent = 40",
                "quantity_weight_percent = 50",
                "quality_weight_percent",
            ),
            ("\"stain_advice\",", "\"care_advice\",", "listed twice"),
            ("visit = [\"greeted\"", "visit = [\"Greeted\"", "lowercase"),
            (
                "made_to_order_too_late_after_days = 5",
                "made_to_order_too_late_after_days = 6",
                "at most 10 days after delivery",
            ),
            (
                "thank_you_too_late_after_days = 3",
                "thank_you_too_late_after_days = 91",
                "at most 90 days",
            ),
        ];
        for (from, to, says) in cases {
            let text = shipped().replace(from, to);
            assert_ne!(text, shipped(), "{from}");
            let e = QualityRules::from_source(&src(&text)).unwrap_err();
            assert!(e.line.is_some(), "{e}");
            assert!(e.to_string().contains(says), "{e}");
        }
    }
}
