//! Service quality (DOMAIN §8) as pure rules: Haier's "1+5" record on a
//! job, the verdict of an internal service check and its veto on the
//! month's bonus, the satisfaction score and the files contest score.

/// The services a manager can check against the shop's standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceKind {
    Repair,
    Return,
    Complaint,
    Visit,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 4] = [
        ServiceKind::Repair,
        ServiceKind::Return,
        ServiceKind::Complaint,
        ServiceKind::Visit,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ServiceKind::Repair => "repair",
            ServiceKind::Return => "return",
            ServiceKind::Complaint => "complaint",
            ServiceKind::Visit => "visit",
        }
    }

    pub fn from_id(s: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// The jobs a "1+5" is recorded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Repair,
    Care,
}

impl JobKind {
    pub fn id(self) -> &'static str {
        match self {
            JobKind::Repair => "repair",
            JobKind::Care => "care",
        }
    }

    pub fn from_id(s: &str) -> Option<JobKind> {
        [JobKind::Repair, JobKind::Care]
            .into_iter()
            .find(|k| k.id() == s)
    }
}

/// What was done on one job: right the first time ("1"), and which of the
/// shop's proactive extras were given ("5").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnePlusFive {
    pub first_time_right: bool,
    pub extras: Vec<String>,
}

impl OnePlusFive {
    /// The "1" and at least `per_job` extras: the full "1+5".
    pub fn is_full(&self, per_job: u32) -> bool {
        self.first_time_right && self.extras.len() as u32 >= per_job
    }

    /// Extras from the shop's list only, each once, in the list's order.
    pub fn checked(&self, allowed: &[String]) -> Result<OnePlusFive, &'static str> {
        if self.extras.iter().any(|e| !allowed.contains(e)) {
            return Err("unknown_extra");
        }
        Ok(OnePlusFive {
            first_time_right: self.first_time_right,
            extras: allowed
                .iter()
                .filter(|a| self.extras.contains(a))
                .cloned()
                .collect(),
        })
    }
}

/// A check's verdict: passed when every item of the standard was met; a
/// failed check must say why in words, for the associate to learn from.
pub fn verdict(failed_items: &[String], reason: &str) -> Result<bool, &'static str> {
    if failed_items.is_empty() {
        Ok(true)
    } else if reason.trim().is_empty() {
        Err("reason_needed")
    } else {
        Ok(false)
    }
}

/// The veto 服务质量否决权: this many failed checks in a month withdraw the
/// associate's bonus flag for that month.
pub fn bonus_vetoed(failed_checks: i64, veto_after_failed: u32) -> bool {
    failed_checks >= veto_after_failed as i64
}

/// The month's satisfaction score, 0–100: the survey average as a share of
/// the top answer (5), less `penalty` points per complaint about the
/// associate's service (from 100 when nobody answered a survey). None when
/// there is neither a survey nor a complaint.
pub fn satisfaction_score(
    survey_mean_x100: Option<i64>,
    complaints: i64,
    penalty: u32,
) -> Option<u32> {
    if survey_mean_x100.is_none() && complaints == 0 {
        return None;
    }
    let base = survey_mean_x100.map(|m| m * 100 / 500).unwrap_or(100);
    Some((base - complaints * penalty as i64).clamp(0, 100) as u32)
}

/// The weights of the files contest's two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub quantity: u32,
    pub quality: u32,
}

/// The files contest score 0–100: quantity (files against the month's
/// most by anyone) and quality (average completeness), weighted.
pub fn contest_score(files: i64, completeness: u32, most_files: i64, w: Weights) -> u32 {
    let quantity = if most_files > 0 {
        (files * 100) as f64 / most_files as f64
    } else {
        0.0
    };
    ((quantity * w.quantity as f64 + completeness as f64 * w.quality as f64) / 100.0).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// seed 004: "“1”是指为用户提供一次就好的服务;“5”是指每次上门的同时为用户提供主动关怀的增值服务"
    #[test]
    fn one_plus_five_is_the_first_time_fix_and_five_extras() {
        let allowed = s(&["a", "b", "c", "d", "e", "f"]);
        let cases: [(bool, &[&str], Result<bool, &str>); 5] = [
            (true, &["a", "b", "c", "d", "e"], Ok(true)),
            (true, &["a", "b", "c", "d"], Ok(false)),
            (false, &["a", "b", "c", "d", "e", "f"], Ok(false)),
            (true, &["f", "e", "d", "c", "b", "a"], Ok(true)),
            (true, &["a", "z"], Err("unknown_extra")),
        ];
        for (right, extras, want) in cases {
            let r = OnePlusFive {
                first_time_right: right,
                extras: s(extras),
            };
            let got = r.checked(&allowed).map(|c| c.is_full(5));
            assert_eq!(got, want, "{right} {extras:?}");
        }
        let sorted = OnePlusFive {
            first_time_right: true,
            extras: s(&["c", "a"]),
        }
        .checked(&allowed)
        .unwrap();
        assert_eq!(sorted.extras, s(&["a", "c"]));
    }

    /// seed 000: "內部核檢則是根據企業建立的服務標準,對售后服務過程進行檢查,實行服務質量否決權制度"
    #[test]
    fn a_check_fails_on_any_missed_item_with_a_reason_and_the_veto_takes_the_bonus() {
        assert_eq!(verdict(&[], ""), Ok(true));
        assert_eq!(verdict(&s(&["courteous"]), "  "), Err("reason_needed"));
        assert_eq!(verdict(&s(&["courteous"]), "argued"), Ok(false));
        let cases = [(0, 1, false), (1, 1, true), (1, 2, false), (3, 2, true)];
        for (failed, after, vetoed) in cases {
            assert_eq!(bonus_vetoed(failed, after), vetoed, "{failed} {after}");
        }
    }

    /// seed 001: "将顾客满意度作为员工业绩评估旳一部分"
    #[test]
    fn satisfaction_is_the_survey_share_less_complaints() {
        let cases = [
            (None, 0, None),
            (Some(500), 0, Some(100)),
            (Some(420), 0, Some(84)),
            (Some(420), 2, Some(64)),
            (None, 1, Some(90)),
            (Some(100), 5, Some(0)),
        ];
        for (mean, complaints, want) in cases {
            assert_eq!(satisfaction_score(mean, complaints, 10), want, "{mean:?}");
        }
    }

    /// seed 001: "从“量”和“质”两方面评出最完整、最有效旳档案资料"
    #[test]
    fn the_contest_weighs_quantity_and_quality_together() {
        let w = Weights {
            quantity: 40,
            quality: 60,
        };
        // 12 files at 40% beat 3 files at 60%: quantity counts too.
        assert_eq!(contest_score(12, 40, 12, w), 64);
        assert_eq!(contest_score(3, 60, 12, w), 46);
        assert_eq!(contest_score(0, 0, 0, w), 0);
        let only_quality = Weights {
            quantity: 0,
            quality: 100,
        };
        assert_eq!(contest_score(3, 60, 12, only_quality), 60);
    }
}
