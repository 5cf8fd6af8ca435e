//! Scoring the three skills beyond the visit (issue 16): the after-sale
//! desk, the complaint counter and the phone. Given what a scenario card
//! expects and what the trainee did, a scorecard lists each check, right or
//! missed, with the reason (the policy rule of DOMAIN §6a or the step of
//! DOMAIN §4), and a pass mark from the thresholds in
//! `data/training/skills.toml`.
//!
//! Choices where the issue is silent:
//! - Every check weighs the same; the score is the share of checks right,
//!   in whole percent rounded down.
//! - A forbidden phrase used at the counter fails the card whatever the
//!   score when the shop's thresholds say so (`forbidden_phrase_fails`):
//!   "never argue" [S3] and never send a skin reaction to the manufacturer
//!   [S4] are not a matter of degree.
//! - A follow-up on the phone counts when it is created with a date no
//!   later than the card's `within_days` after the call.

use chrono::NaiveDate;

use crate::domain::aftersale::{Decision, RuleId};
use crate::domain::complaint::counter::Step;

/// The four skills a trainee practises: the visit (scored by
/// `domain::scorecard`) and the three scored here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Skill {
    Visit,
    Desk,
    Counter,
    Phone,
}

impl Skill {
    /// The three scored in this module.
    pub const ALL: [Skill; 3] = [Skill::Desk, Skill::Counter, Skill::Phone];
    /// Every skill, in the order a trainee meets them.
    pub const EVERY: [Skill; 4] = [Skill::Visit, Skill::Desk, Skill::Counter, Skill::Phone];

    pub fn id(self) -> &'static str {
        match self {
            Skill::Visit => "visit",
            Skill::Desk => "desk",
            Skill::Counter => "counter",
            Skill::Phone => "phone",
        }
    }

    /// The skill stored as `id`.
    pub fn from_id(id: &str) -> Option<Skill> {
        Skill::EVERY.into_iter().find(|s| s.id() == id)
    }
}

/// The pass marks a shop sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub visit_percent: u32,
    pub desk_percent: u32,
    pub counter_percent: u32,
    pub phone_percent: u32,
    pub forbidden_phrase_fails: bool,
    /// Steps of a counter card at which the scripted customer got angrier
    /// that make them escalate.
    pub counter_angrier_steps_escalate: u32,
}

impl Default for Thresholds {
    /// The marks `data/training/skills.toml` ships with.
    fn default() -> Thresholds {
        Thresholds {
            visit_percent: 80,
            desk_percent: 100,
            counter_percent: 80,
            phone_percent: 100,
            forbidden_phrase_fails: true,
            counter_angrier_steps_escalate: 2,
        }
    }
}

impl Thresholds {
    pub fn percent(&self, skill: Skill) -> u32 {
        match skill {
            Skill::Visit => self.visit_percent,
            Skill::Desk => self.desk_percent,
            Skill::Counter => self.counter_percent,
            Skill::Phone => self.phone_percent,
        }
    }
}

/// Why a check is what it is: the rule or step it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Because {
    /// A row of the decision table, DOMAIN §6a.
    Rule(RuleId),
    /// One of the nine steps at the counter, DOMAIN §4.
    Step(Step),
    /// "Never argue" [S3]; a skin reaction is never sent to the
    /// manufacturer [S4]: the phrase the card forbids.
    Forbidden(String),
    /// DOMAIN §3: a question not answered on the call gets an agreed time
    /// and a follow-up task; the card's question id.
    FollowUp(String),
}

/// What was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The decision reached, against the policy's.
    Decision {
        expected: Decision,
        reached: Option<Decision>,
    },
    /// The rule named to the customer, against the policy's.
    RuleNamed {
        expected: RuleId,
        named: Option<RuleId>,
    },
    /// A step of the nine done, and in its place.
    StepDone {
        step: Step,
        done: bool,
        in_order: bool,
    },
    /// A forbidden phrase avoided (`used` when it was said).
    PhraseAvoided { used: bool },
    /// A follow-up created with a date in time.
    FollowUp {
        created: bool,
        dated_on: Option<NaiveDate>,
        due_by: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub check: Check,
    pub right: bool,
    pub because: Because,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecard {
    pub skill: Skill,
    pub lines: Vec<Line>,
    pub percent: u32,
    pub passed: bool,
}

impl Scorecard {
    fn new(skill: Skill, lines: Vec<Line>, thresholds: &Thresholds, vetoed: bool) -> Scorecard {
        let right = lines.iter().filter(|l| l.right).count();
        let percent = if lines.is_empty() {
            100
        } else {
            (right * 100 / lines.len()) as u32
        };
        Scorecard {
            skill,
            percent,
            passed: !vetoed && percent >= thresholds.percent(skill),
            lines,
        }
    }

    pub fn right(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.right)
    }

    pub fn missed(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| !l.right)
    }
}

/// The desk: the decision reached and the rule named, against the policy's.
pub fn score_desk(
    expected: Decision,
    rule: RuleId,
    reached: Option<Decision>,
    named: Option<RuleId>,
    thresholds: &Thresholds,
) -> Scorecard {
    let lines = vec![
        Line {
            right: reached == Some(expected),
            check: Check::Decision { expected, reached },
            because: Because::Rule(rule),
        },
        Line {
            right: named == Some(rule),
            check: Check::RuleNamed {
                expected: rule,
                named,
            },
            because: Because::Rule(rule),
        },
    ];
    Scorecard::new(Skill::Desk, lines, thresholds, false)
}

/// The counter: the nine steps done in order, and the forbidden phrases
/// avoided. `done` is the steps in the order the trainee did them;
/// `said` is what the trainee said, matched without regard to case.
pub fn score_counter(
    done: &[Step],
    said: &[String],
    forbidden: &[String],
    thresholds: &Thresholds,
) -> Scorecard {
    let mut lines = Vec::new();
    let mut last_pos: Option<usize> = None;
    for &step in Step::ALL {
        let pos = done.iter().position(|s| *s == step);
        let in_order = match (pos, last_pos) {
            (Some(p), Some(l)) => p > l,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if let Some(p) = pos {
            last_pos = Some(last_pos.map_or(p, |l| l.max(p)));
        }
        lines.push(Line {
            right: pos.is_some() && in_order,
            check: Check::StepDone {
                step,
                done: pos.is_some(),
                in_order,
            },
            because: Because::Step(step),
        });
    }
    let mut vetoed = false;
    for phrase in forbidden {
        let needle = phrase.to_lowercase();
        let used = said.iter().any(|s| s.to_lowercase().contains(&needle));
        vetoed |= used && thresholds.forbidden_phrase_fails;
        lines.push(Line {
            right: !used,
            check: Check::PhraseAvoided { used },
            because: Because::Forbidden(phrase.clone()),
        });
    }
    Scorecard::new(Skill::Counter, lines, thresholds, vetoed)
}

/// A question the card says must become a dated follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueFollowUp {
    pub id: String,
    pub within_days: u32,
}

/// The phone: every question the card marks becomes a follow-up with a
/// date no later than `within_days` after the call. `created` is the
/// follow-ups the trainee made: the question's id and the date set, if any.
pub fn score_phone(
    call_on: NaiveDate,
    due: &[DueFollowUp],
    created: &[(String, Option<NaiveDate>)],
    thresholds: &Thresholds,
) -> Scorecard {
    let lines = due
        .iter()
        .map(|d| {
            let due_by = call_on + chrono::Duration::days(i64::from(d.within_days));
            let found = created.iter().find(|(id, _)| *id == d.id);
            let dated_on = found.and_then(|(_, date)| *date);
            Line {
                right: dated_on.is_some_and(|on| on >= call_on && on <= due_by),
                check: Check::FollowUp {
                    created: found.is_some(),
                    dated_on,
                    due_by,
                },
                because: Because::FollowUp(d.id.clone()),
            }
        })
        .collect();
    Scorecard::new(Skill::Phone, lines, thresholds, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> Thresholds {
        Thresholds {
            visit_percent: 80,
            desk_percent: 100,
            counter_percent: 80,
            phone_percent: 100,
            forbidden_phrase_fails: true,
            counter_angrier_steps_escalate: 2,
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn desk_right_decision_and_rule_pass() {
        let s = score_desk(
            Decision::Refused,
            RuleId::R2,
            Some(Decision::Refused),
            Some(RuleId::R2),
            &th(),
        );
        assert!(s.passed);
        assert_eq!(s.percent, 100);
        assert_eq!(s.missed().count(), 0);
    }

    #[test]
    fn desk_wrong_rule_is_missed_with_the_policy_rule() {
        let s = score_desk(
            Decision::Refused,
            RuleId::R2,
            Some(Decision::Refused),
            Some(RuleId::N1),
            &th(),
        );
        assert!(!s.passed);
        assert_eq!(s.percent, 50);
        let missed: Vec<_> = s.missed().collect();
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].because, Because::Rule(RuleId::R2));
        assert!(matches!(
            missed[0].check,
            Check::RuleNamed {
                named: Some(RuleId::N1),
                ..
            }
        ));
    }

    #[test]
    fn desk_no_decision_is_missed() {
        let s = score_desk(Decision::FreeRepair, RuleId::F1, None, None, &th());
        assert_eq!(s.percent, 0);
        assert!(!s.passed);
    }

    #[test]
    fn counter_all_nine_in_order_pass() {
        let s = score_counter(Step::ALL, &[], &["manufacturer".into()], &th());
        assert!(s.passed);
        assert_eq!(s.percent, 100);
        assert_eq!(s.lines.len(), 10);
    }

    #[test]
    fn counter_step_skipped_or_out_of_order_is_missed_with_its_step() {
        // apologise before listening, no compensation
        let done = [
            Step::Apologise,
            Step::Listen,
            Step::Talk,
            Step::Restate,
            Step::Explain,
            Step::Resolve,
            Step::Result,
            Step::Feedback,
        ];
        let s = score_counter(&done, &[], &[], &th());
        let missed: Vec<_> = s.missed().map(|l| l.because.clone()).collect();
        assert!(missed.contains(&Because::Step(Step::Compensate)));
        // the apology came before listening: it is the step out of place
        assert!(missed.contains(&Because::Step(Step::Apologise)));
        assert!(!missed.contains(&Because::Step(Step::Listen)));
        assert!(!missed.contains(&Because::Step(Step::Talk)));
        assert!(!missed.contains(&Because::Step(Step::Feedback)));
    }

    #[test]
    fn counter_forbidden_phrase_fails_whatever_the_score() {
        let said = vec!["Please contact the Manufacturer about it".to_string()];
        let s = score_counter(Step::ALL, &said, &["manufacturer".into()], &th());
        assert_eq!(s.percent, 90);
        assert!(!s.passed);
        let missed: Vec<_> = s.missed().collect();
        assert_eq!(missed[0].because, Because::Forbidden("manufacturer".into()));
        let lenient = Thresholds {
            forbidden_phrase_fails: false,
            ..th()
        };
        assert!(score_counter(Step::ALL, &said, &["manufacturer".into()], &lenient).passed);
    }

    #[test]
    fn phone_follow_up_needs_a_date_in_time() {
        let due = vec![
            DueFollowUp {
                id: "silk_wash".into(),
                within_days: 2,
            },
            DueFollowUp {
                id: "hem".into(),
                within_days: 1,
            },
        ];
        let call = d("2026-03-02");
        let good = [
            ("silk_wash".to_string(), Some(d("2026-03-04"))),
            ("hem".to_string(), Some(d("2026-03-03"))),
        ];
        assert!(score_phone(call, &due, &good, &th()).passed);
        let late_and_undated = [
            ("silk_wash".to_string(), Some(d("2026-03-05"))),
            ("hem".to_string(), None),
        ];
        let s = score_phone(call, &due, &late_and_undated, &th());
        assert_eq!(s.percent, 0);
        assert!(!s.passed);
        assert_eq!(
            s.lines[1].check,
            Check::FollowUp {
                created: true,
                dated_on: None,
                due_by: d("2026-03-03")
            }
        );
        let none = score_phone(call, &due, &[], &th());
        assert!(matches!(
            none.lines[0].check,
            Check::FollowUp { created: false, .. }
        ));
    }
}
