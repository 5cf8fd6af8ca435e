//! A trainee's scorecard for one practised visit: steps done and skipped,
//! checklist items missed, time per step, and whether each objection the
//! scenario raised got an answer of a fitting kind.

use serde::{Deserialize, Serialize};

use super::visit::{ObjectionKind, StepStatus, Visit};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepScore {
    pub status: StepStatus,
    pub seconds: u64,
    /// Checklist items of the step left unticked, by id.
    pub missed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionScore {
    pub kind: ObjectionKind,
    /// An objection of this kind was recorded with an answer.
    pub answered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub scenario: String,
    pub steps: Vec<StepScore>,
    pub objections: Vec<ObjectionScore>,
    pub bought: bool,
}

impl Scorecard {
    pub fn done(&self) -> usize {
        self.count(StepStatus::Done)
    }

    pub fn skipped(&self) -> usize {
        self.count(StepStatus::Skipped)
    }

    fn count(&self, s: StepStatus) -> usize {
        self.steps.iter().filter(|x| x.status == s).count()
    }

    pub fn missed(&self) -> usize {
        self.steps.iter().map(|s| s.missed.len()).sum()
    }

    pub fn answered(&self) -> usize {
        self.objections.iter().filter(|o| o.answered).count()
    }

    pub fn total_seconds(&self) -> u64 {
        self.steps.iter().map(|s| s.seconds).sum()
    }

    /// One number for progress over time: the share of steps done, checklist
    /// items ticked and objections answered, in whole percent.
    pub fn percent(&self, checklist_items: usize) -> u32 {
        let possible = self.steps.len() + checklist_items + self.objections.len();
        let got = self.done() + checklist_items.saturating_sub(self.missed()) + self.answered();
        if possible == 0 {
            return 0;
        }
        ((got as f64 * 100.0) / possible as f64).round() as u32
    }
}

/// Scores a finished visit. `checklists` holds each step's item ids;
/// `raised` the kinds of the objections the scenario raises, in order.
/// Each raised objection is matched to a different recorded one.
pub fn score(
    visit: &Visit,
    scenario: &str,
    checklists: &[Vec<String>],
    raised: &[ObjectionKind],
) -> Scorecard {
    let steps = visit
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepScore {
            status: s.status,
            seconds: s.seconds,
            missed: checklists
                .get(i)
                .map(|ids| {
                    ids.iter()
                        .filter(|id| !s.checked.contains(id))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    let mut used = vec![false; visit.objections.len()];
    let objections = raised
        .iter()
        .map(|kind| {
            let found = visit
                .objections
                .iter()
                .enumerate()
                .position(|(i, o)| !used[i] && o.kind == *kind && !o.answer.trim().is_empty());
            if let Some(i) = found {
                used[i] = true;
            }
            ObjectionScore {
                kind: *kind,
                answered: found.is_some(),
            }
        })
        .collect();
    Scorecard {
        scenario: scenario.to_string(),
        steps,
        objections,
        bought: visit.basket().lines > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visit::Objection;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_scorecard_names_what_was_missed_and_answered() {
        let mut v = Visit::default();
        v.toggle_check(0, "smile");
        v.steps[0].seconds = 30;
        v.go_to(1, true);
        v.skip();
        v.objections.push(Objection {
            kind: ObjectionKind::Drawback,
            words: "太贵了".into(),
            answer: "面料耐穿，算下来每次穿很划算".into(),
        });
        v.objections.push(Objection {
            kind: ObjectionKind::Doubt,
            words: "会起静电吗".into(),
            answer: " ".into(),
        });
        v.close_steps();
        let mut lists = vec![ids(&["smile", "eye"]), ids(&["distance"])];
        lists.resize(8, Vec::new());
        let s = score(
            &v,
            "s1",
            &lists,
            &[
                ObjectionKind::Drawback,
                ObjectionKind::Doubt,
                ObjectionKind::Drawback,
            ],
        );
        assert_eq!(s.done(), 2);
        assert_eq!(s.skipped(), 6);
        assert_eq!(s.steps[0].missed, ids(&["eye"]));
        assert_eq!(s.steps[1].missed, ids(&["distance"]));
        assert_eq!(s.steps[0].seconds, 30);
        let answered: Vec<bool> = s.objections.iter().map(|o| o.answered).collect();
        assert_eq!(answered, vec![true, false, false]);
        // 2 steps + 1 of 3 items + 1 of 3 objections out of 8 + 3 + 3.
        assert_eq!(s.percent(3), 29);
    }
}
