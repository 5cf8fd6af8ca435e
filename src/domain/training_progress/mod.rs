//! Progress a manager can act on (issue 16): from the trainees' kept
//! scorecards, per trainee and per skill (the visit, the desk, the counter,
//! the phone) the attempts, the distinct cards passed, the last and best
//! score, the scores over time, whether the skill passes, and what is
//! still weak; a trainee is ready to work alone when every skill passes.
//!
//! Choices where the issue is silent:
//! - A skill passes when `[ready] cards_passed` different cards of it have
//!   passed and, when `latest_passed` is set, its latest attempt passed
//!   too: passing once long ago is not enough before the holiday season.
//! - "Still weak" looks at the skill's latest `[ready] recent` attempts. A
//!   check is weak when it was missed at its latest appearance, or in at
//!   least half of its appearances there; the most missed come first.
//! - An old visit row without a pass mark kept passes when its percent
//!   reaches the visit's mark.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::scorecard::Scorecard as VisitCard;
use super::training_skills::{Check, Skill, Thresholds};
use crate::domain::visit::StepStatus;

/// When a skill passes and what "recent" means, from
/// `data/training/skills.toml` `[ready]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ready {
    /// Different cards of a skill that must have passed.
    pub cards_passed: u32,
    /// The skill's latest attempt must have passed.
    pub latest_passed: bool,
    /// How many of a skill's latest attempts "still weak" looks at.
    pub recent: u32,
}

impl Default for Ready {
    /// The values `data/training/skills.toml` ships with.
    fn default() -> Ready {
        Ready {
            cards_passed: 3,
            latest_passed: true,
            recent: 5,
        }
    }
}

/// One practised card as kept in the training scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub trainee: String,
    /// `Skill::id`.
    pub skill: String,
    /// The card's id.
    pub card: String,
    /// When, UTC as kept.
    pub at: String,
    pub percent: i64,
    pub passed: Option<bool>,
    /// The kept scorecard as JSON: the visit's `scorecard::Scorecard`, or
    /// a desk, counter or phone card's [`KeptCard`].
    pub kept: String,
}

/// One check of a desk, counter or phone card as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptLine {
    pub right: bool,
    pub what: String,
    pub why: String,
}

/// A desk, counter or phone card as kept: its title, its checks in words,
/// and each check's stable id ([`check_id`]) in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct KeptCard {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lines: Vec<KeptLine>,
    #[serde(default)]
    pub checks: Vec<String>,
}

/// The stable id of a check, the same across cards, so that a check
/// missed on several cards counts as one weakness: `decision`,
/// `rule:R5`, `step:apologise`, `phrase`, `follow_up`.
pub fn check_id(check: &Check) -> String {
    match check {
        Check::Decision { .. } => "decision".to_string(),
        Check::RuleNamed { expected, .. } => format!("rule:{}", expected.as_str()),
        Check::StepDone { step, .. } => format!("step:{}", step.id()),
        Check::PhraseAvoided { .. } => "phrase".to_string(),
        Check::FollowUp { .. } => "follow_up".to_string(),
    }
}

/// A check still weak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weak {
    /// Its id: for the visit `step:3`, `item:<checklist id>`,
    /// `objection:<kind>`; for the others [`check_id`] (or, for a card kept
    /// without ids, its reason).
    pub check: String,
    /// Missed in this many of the recent attempts where it was checked.
    pub missed: usize,
    pub of: usize,
    /// The latest miss in words, as the scorecard said it (empty for the
    /// visit, whose checks are named by the visit's flow).
    pub what: String,
    pub why: String,
}

/// One point of the scores over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub at: String,
    pub card: String,
    /// The card's title as kept (empty for the visit: its scenario names it).
    pub title: String,
    pub percent: i64,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillProgress {
    pub skill: Skill,
    pub attempts: usize,
    /// The different cards passed, in the order first passed.
    pub cards_passed: Vec<String>,
    /// How many must have passed.
    pub needed: u32,
    pub last: Option<i64>,
    pub best: Option<i64>,
    pub passes: bool,
    pub weak: Vec<Weak>,
    /// Oldest first.
    pub history: Vec<Point>,
}

impl SkillProgress {
    /// Whether the latest attempt passed.
    pub fn latest_passed(&self) -> Option<bool> {
        self.history.last().map(|p| p.passed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraineeProgress {
    pub trainee: String,
    /// The four skills, in `Skill::EVERY` order.
    pub skills: Vec<SkillProgress>,
    /// Every skill passes: ready to work alone.
    pub ready: bool,
}

impl TraineeProgress {
    /// The skills that do not pass yet.
    pub fn still_to_pass(&self) -> Vec<Skill> {
        (self.skills.iter())
            .filter(|s| !s.passes)
            .map(|s| s.skill)
            .collect()
    }
}

/// Every trainee's progress, by name. `attempts` oldest first (as
/// `store::training::progress` gives them); rows of an unknown skill are
/// left out.
pub fn progress(attempts: &[Attempt], th: &Thresholds, ready: &Ready) -> Vec<TraineeProgress> {
    let mut by_trainee: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for a in attempts {
        by_trainee.entry(&a.trainee).or_default().push(a);
    }
    by_trainee
        .into_iter()
        .map(|(trainee, rows)| {
            let skills: Vec<SkillProgress> = (Skill::EVERY.iter())
                .map(|&skill| {
                    let of: Vec<&Attempt> = (rows.iter().copied())
                        .filter(|a| a.skill == skill.id())
                        .collect();
                    skill_progress(skill, &of, th, ready)
                })
                .collect();
            TraineeProgress {
                trainee: trainee.to_string(),
                ready: skills.iter().all(|s| s.passes),
                skills,
            }
        })
        .collect()
}

fn skill_progress(
    skill: Skill,
    rows: &[&Attempt],
    th: &Thresholds,
    ready: &Ready,
) -> SkillProgress {
    let mark = i64::from(th.percent(skill));
    let history: Vec<Point> = (rows.iter())
        .map(|a| Point {
            at: a.at.clone(),
            card: a.card.clone(),
            title: serde_json::from_str::<KeptCard>(&a.kept)
                .map(|k| k.title)
                .unwrap_or_default(),
            percent: a.percent,
            passed: a.passed.unwrap_or(a.percent >= mark),
        })
        .collect();
    let mut cards_passed: Vec<String> = Vec::new();
    for p in history.iter().filter(|p| p.passed) {
        if !cards_passed.contains(&p.card) {
            cards_passed.push(p.card.clone());
        }
    }
    let latest_ok = !ready.latest_passed || history.last().is_some_and(|p| p.passed);
    let passes =
        !history.is_empty() && cards_passed.len() as u32 >= ready.cards_passed.max(1) && latest_ok;
    let recent = &rows[rows.len().saturating_sub(ready.recent.max(1) as usize)..];
    SkillProgress {
        skill,
        attempts: rows.len(),
        needed: ready.cards_passed.max(1),
        last: history.last().map(|p| p.percent),
        best: history.iter().map(|p| p.percent).max(),
        passes,
        weak: weak(skill, recent),
        cards_passed,
        history,
    }
}

/// One check as it appeared in one attempt.
struct Seen {
    check: String,
    right: bool,
    what: String,
    why: String,
}

/// What the checks of one attempt were.
fn checks_of(skill: Skill, kept: &str) -> Vec<Seen> {
    let seen = |check: String, right: bool| Seen {
        check,
        right,
        what: String::new(),
        why: String::new(),
    };
    if skill == Skill::Visit {
        let Ok(card) = serde_json::from_str::<VisitCard>(kept) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, s) in card.steps.iter().enumerate() {
            let done = s.status == StepStatus::Done;
            out.push(seen(format!("step:{}", i + 1), done));
            // A skipped step's items are missed with it: said once, by the step.
            if done {
                out.extend(s.missed.iter().map(|id| seen(format!("item:{id}"), false)));
            }
        }
        for o in &card.objections {
            out.push(seen(format!("objection:{}", o.kind.id()), o.answered));
        }
        return out;
    }
    let Ok(card) = serde_json::from_str::<KeptCard>(kept) else {
        return Vec::new();
    };
    (card.lines.iter().enumerate())
        .map(|(i, l)| {
            let id = (card.checks.get(i).filter(|c| !c.is_empty()).cloned())
                .unwrap_or_else(|| if l.why.is_empty() { &l.what } else { &l.why }.clone());
            Seen {
                check: id,
                right: l.right,
                what: l.what.clone(),
                why: l.why.clone(),
            }
        })
        .collect()
}

/// The checks still weak in `recent` (oldest first), the most missed first.
fn weak(skill: Skill, recent: &[&Attempt]) -> Vec<Weak> {
    struct Tally {
        missed: usize,
        of: usize,
        last_right: bool,
        last_miss: usize,
        what: String,
        why: String,
    }
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    // A visit's ticked items are not kept, only the missed: every visit
    // checks every item, so an item appears in every visit looked at.
    let visits = recent.len();
    for (n, a) in recent.iter().enumerate() {
        let mut seen_here: Vec<String> = Vec::new();
        for s in checks_of(skill, &a.kept) {
            if seen_here.contains(&s.check) {
                continue;
            }
            seen_here.push(s.check.clone());
            let t = tally.entry(s.check).or_insert(Tally {
                missed: 0,
                of: 0,
                last_right: true,
                last_miss: 0,
                what: String::new(),
                why: String::new(),
            });
            t.of += 1;
            t.last_right = s.right;
            if !s.right {
                t.missed += 1;
                t.last_miss = n;
                t.what = s.what;
                t.why = s.why;
            }
        }
    }
    let mut out: Vec<(usize, Weak)> = tally
        .into_iter()
        .map(|(check, mut t)| {
            if skill == Skill::Visit && check.starts_with("item:") {
                // Right in the visits where it was not listed as missed.
                t.of = visits;
                t.last_right = t.last_miss + 1 < visits || t.missed == 0;
            }
            (t, check)
        })
        .filter(|(t, _)| t.missed > 0 && (!t.last_right || t.missed * 2 >= t.of))
        .map(|(t, check)| {
            let w = Weak {
                check,
                missed: t.missed,
                of: t.of,
                what: t.what,
                why: t.why,
            };
            (t.last_miss, w)
        })
        .collect();
    // Most missed first; then the latest missed; a whole step before an
    // objection before one checklist item.
    let rank = |w: &Weak| match w.check.split(':').next() {
        Some("item") => 2,
        Some("objection") => 1,
        _ => 0,
    };
    out.sort_by(|(la, a), (lb, b)| {
        (b.missed.cmp(&a.missed))
            .then(lb.cmp(la))
            .then(rank(a).cmp(&rank(b)))
            .then(a.check.cmp(&b.check))
    });
    out.into_iter().map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests;
