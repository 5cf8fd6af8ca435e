//! A trainee's scorecard for one practised visit: steps done and skipped,
//! checklist items missed, time per step, and whether each objection the
//! scenario raised got an answer — the answer given to *that* objection,
//! found by the customer's words, not another one of the same kind.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// This objection was recorded with an answer.
    pub answered: bool,
    /// The answer the trainee gave to it, if it was recorded.
    #[serde(default)]
    pub answer: String,
}

/// An objection a scenario raises: its kind and the customer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised<'a> {
    pub kind: ObjectionKind,
    pub words: &'a str,
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
/// `raised` the objections the scenario raises, in order. Each raised
/// objection is matched to the recorded objection of its kind whose words
/// are most like its own (most alike first, each recorded one used once);
/// one left of a kind on each side when nothing is alike is matched too (the
/// trainee wrote the customer's words their own way).
pub fn score(
    visit: &Visit,
    scenario: &str,
    checklists: &[Vec<String>],
    raised: &[Raised],
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
    let matched = match_objections(visit, raised);
    let objections = raised
        .iter()
        .zip(matched)
        .map(|(r, m)| {
            let answer = m
                .map(|i| visit.objections[i].answer.trim().to_string())
                .unwrap_or_default();
            ObjectionScore {
                kind: r.kind,
                answered: !answer.is_empty(),
                answer,
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

/// For each raised objection, the index of the recorded one it was.
fn match_objections(visit: &Visit, raised: &[Raised]) -> Vec<Option<usize>> {
    let recorded = &visit.objections;
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (j, r) in raised.iter().enumerate() {
        let want = tokens(r.words);
        for (i, o) in recorded.iter().enumerate() {
            let shared = want.intersection(&tokens(&o.words)).count();
            if o.kind == r.kind && shared > 0 {
                pairs.push((shared, j, i));
            }
        }
    }
    // Most alike first; ties in the scenario's and the visit's order.
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut out = vec![None; raised.len()];
    let mut used = vec![false; recorded.len()];
    for (_, j, i) in pairs {
        if out[j].is_none() && !used[i] {
            out[j] = Some(i);
            used[i] = true;
        }
    }
    for (j, r) in raised.iter().enumerate() {
        if out[j].is_some() {
            continue;
        }
        let open_raised = (0..raised.len())
            .filter(|&k| out[k].is_none() && raised[k].kind == r.kind)
            .count();
        let open_recorded: Vec<usize> = (0..recorded.len())
            .filter(|&i| !used[i] && recorded[i].kind == r.kind)
            .collect();
        if open_raised == 1 && open_recorded.len() == 1 {
            out[j] = Some(open_recorded[0]);
            used[open_recorded[0]] = true;
        }
    }
    out
}

/// What two sayings are compared by: English words of three letters or
/// more (common ones left out), and pairs of Chinese characters.
fn tokens(s: &str) -> BTreeSet<String> {
    const COMMON: &[&str] = &[
        "the", "and", "you", "this", "that", "with", "for", "are", "isn", "it's", "its", "will",
        "what", "how", "does", "not", "but", "can", "have", "was", "too",
    ];
    let lower = s.to_lowercase();
    let mut out = BTreeSet::new();
    for w in lower.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'') {
        if w.len() >= 3 && !COMMON.contains(&w) {
            out.insert(w.to_string());
        }
    }
    let han: Vec<char> = lower.chars().collect();
    for pair in han.windows(2) {
        if pair.iter().all(|c| !c.is_ascii() && c.is_alphanumeric()) {
            out.insert(pair.iter().collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visit::Objection;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn raised(kind: ObjectionKind, words: &str) -> Raised<'_> {
        Raised { kind, words }
    }

    fn said(v: &mut Visit, kind: ObjectionKind, words: &str, answer: &str) {
        v.objections.push(Objection {
            kind,
            words: words.into(),
            answer: answer.into(),
        });
    }

    #[test]
    fn an_answer_counts_for_the_objection_it_answered_not_another_of_its_kind() {
        let mut v = Visit::default();
        // Two doubts raised; the trainee answered only the second.
        said(&mut v, ObjectionKind::Doubt, "Is this real leather?", "");
        said(
            &mut v,
            ObjectionKind::Doubt,
            "Will the colour fade in the sun?",
            "Dyed through; keep it out of strong sun",
        );
        let scenario = [
            raised(ObjectionKind::Doubt, "Is this real leather?"),
            raised(ObjectionKind::Doubt, "Won't the colour fade?"),
        ];
        let s = score(&v, "s", &[], &scenario);
        let answered: Vec<bool> = s.objections.iter().map(|o| o.answered).collect();
        assert_eq!(answered, vec![false, true]);
        assert_eq!(
            s.objections[1].answer,
            "Dyed through; keep it out of strong sun"
        );
        // Recorded in the other order, in Chinese: still matched by words.
        let mut v = Visit::default();
        said(&mut v, ObjectionKind::Doubt, "这个会褪色吗", "染色牢度高");
        said(&mut v, ObjectionKind::Doubt, "是真皮吗", "");
        let scenario = [
            raised(ObjectionKind::Doubt, "这是真皮吗？"),
            raised(ObjectionKind::Doubt, "晒了会不会褪色？"),
        ];
        let answered: Vec<bool> = score(&v, "s", &[], &scenario)
            .objections
            .iter()
            .map(|o| o.answered)
            .collect();
        assert_eq!(answered, vec![false, true]);
    }

    #[test]
    fn one_of_a_kind_on_each_side_is_matched_even_in_other_words() {
        let mut v = Visit::default();
        said(
            &mut v,
            ObjectionKind::Drawback,
            "too pricey",
            "count the cost per wear",
        );
        said(
            &mut v,
            ObjectionKind::Misunderstanding,
            "why not cotton",
            "",
        );
        let scenario = [
            raised(ObjectionKind::Drawback, "Over two thousand: that's a lot."),
            raised(ObjectionKind::Doubt, "Will it crease?"),
        ];
        let s = score(&v, "s", &[], &scenario);
        let answered: Vec<bool> = s.objections.iter().map(|o| o.answered).collect();
        // The doubt was never recorded; a misunderstanding does not stand in for it.
        assert_eq!(answered, vec![true, false]);
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
                raised(ObjectionKind::Drawback, "太贵了吧"),
                raised(ObjectionKind::Doubt, "会不会起静电"),
                raised(ObjectionKind::Drawback, "颜色有点老气"),
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
