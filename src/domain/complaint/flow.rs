//! The closed loop [S2]: 受理 accept → 核实 verify → 处理 handle → 反馈 feed
//! back → 回访 revisit → closed. One step at a time, each with a note; a
//! complaint is never closed before its revisit, and a revisit that found
//! the customer not satisfied either reopens handling (handled → fed back →
//! revisited again) or ends in a manager's recorded decision to close.

use super::routing::Category;
use super::{Resolution, State};

/// The step after `s`, if any.
pub fn next(s: State) -> Option<State> {
    match s {
        State::Accepted => Some(State::Verified),
        State::Verified => Some(State::Handled),
        State::Handled => Some(State::FedBack),
        State::FedBack => Some(State::Revisited),
        State::Revisited => Some(State::Closed),
        State::Closed => None,
    }
}

/// A move asked for.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub from: State,
    pub to: State,
    pub note: &'a str,
    /// What was done (needed to move to handled).
    pub resolution: Option<Resolution>,
    pub category: Option<&'a Category>,
    /// What the customer answered at the revisit, once revisited.
    pub satisfied: Option<bool>,
    /// Closing against a "not satisfied" answer as a decision (the note is
    /// its reason).
    pub manager_decision: bool,
    /// Whether the one moving it is a manager.
    pub by_manager: bool,
}

/// Whether the move reopens handling after a "not satisfied" revisit.
pub fn reopens(m: &Move) -> bool {
    m.from == State::Revisited && m.to == State::Handled && m.satisfied == Some(false)
}

/// Why a move is refused; `code()` names the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveFault {
    /// Closed already: nothing moves.
    Closed,
    /// Closing asked for before the revisit.
    RevisitFirst,
    /// Not the next step of the loop.
    NotNext { next: State },
    /// Every move says what happened.
    NoteRequired,
    /// Handling says what was done.
    ResolutionRequired,
    /// The category never allows this answer (an adverse reaction is never
    /// sent to the manufacturer, refused, or sold another product) [S4].
    Forbidden(Resolution),
    /// The revisit found the customer not satisfied: reopen handling, or a
    /// manager closes with a reason.
    NotSatisfied,
    /// Closing against the customer's answer is a manager's decision.
    ManagersOnly,
}

impl MoveFault {
    pub fn code(self) -> &'static str {
        match self {
            MoveFault::Closed => "closed",
            MoveFault::RevisitFirst => "revisit_first",
            MoveFault::NotNext { .. } => "not_next",
            MoveFault::NoteRequired => "note_required",
            MoveFault::ResolutionRequired => "resolution_required",
            MoveFault::Forbidden(_) => "forbidden",
            MoveFault::NotSatisfied => "not_satisfied",
            MoveFault::ManagersOnly => "managers_only",
        }
    }
}

/// Whether a resolution may answer a complaint of this category.
pub fn check_resolution(category: Option<&Category>, r: Resolution) -> Result<(), MoveFault> {
    match category {
        Some(c) if c.forbids(r) => Err(MoveFault::Forbidden(r)),
        _ => Ok(()),
    }
}

pub fn check_move(m: &Move) -> Result<(), MoveFault> {
    let Some(next) = next(m.from) else {
        return Err(MoveFault::Closed);
    };
    if m.from == State::Revisited && m.satisfied == Some(false) {
        return check_after_unsatisfied(m);
    }
    if m.to == State::Closed && next != State::Closed {
        return Err(MoveFault::RevisitFirst);
    }
    if m.to != next {
        return Err(MoveFault::NotNext { next });
    }
    if m.note.trim().is_empty() {
        return Err(MoveFault::NoteRequired);
    }
    if m.to == State::Handled {
        let r = m.resolution.ok_or(MoveFault::ResolutionRequired)?;
        check_resolution(m.category, r)?;
    }
    Ok(())
}

/// After a "not satisfied" revisit: handling again (with a resolution), or
/// closed by a manager's decision whose note is the reason.
fn check_after_unsatisfied(m: &Move) -> Result<(), MoveFault> {
    match m.to {
        State::Handled => {
            let r = m.resolution.ok_or(MoveFault::ResolutionRequired)?;
            check_resolution(m.category, r)?;
        }
        State::Closed if !m.manager_decision => return Err(MoveFault::NotSatisfied),
        State::Closed if !m.by_manager => return Err(MoveFault::ManagersOnly),
        State::Closed => {}
        _ => return Err(MoveFault::NotSatisfied),
    }
    if m.note.trim().is_empty() {
        return Err(MoveFault::NoteRequired);
    }
    Ok(())
}

/// The checks of a complaint taken in (any channel): who it is from, what
/// happened, and what its category needs written down.
pub fn check_intake(
    customer_known: bool,
    words: &str,
    category: Option<&Category>,
    product: &str,
    batch: &str,
) -> Vec<(super::counter::CounterField, &'static str)> {
    use super::counter::CounterField as F;
    let mut out = Vec::new();
    if !customer_known {
        out.push((F::Customer, "customer_required"));
    }
    if words.trim().is_empty() {
        out.push((F::Words, "required"));
    }
    match category {
        None => out.push((F::Category, "choose")),
        Some(c) => {
            if c.needs_product && product.trim().is_empty() {
                out.push((F::Product, "product_required"));
            }
            if c.needs_batch && batch.trim().is_empty() {
                out.push((F::Batch, "batch_required"));
            }
        }
    }
    out
}

#[cfg(test)]
mod revisit_tests {
    use super::*;
    use crate::domain::complaint::Resolution;

    fn after_revisit(satisfied: Option<bool>) -> Move<'static> {
        Move {
            from: State::Revisited,
            to: State::Closed,
            note: "closed",
            resolution: None,
            category: None,
            satisfied,
            manager_decision: false,
            by_manager: false,
        }
    }

    #[test]
    fn a_satisfied_revisit_closes_plainly() {
        assert_eq!(check_move(&after_revisit(Some(true))), Ok(()));
        assert_eq!(check_move(&after_revisit(None)), Ok(()));
    }

    #[test]
    fn not_satisfied_cannot_be_closed_plainly() {
        let m = after_revisit(Some(false));
        assert_eq!(check_move(&m), Err(MoveFault::NotSatisfied));
        assert_eq!(MoveFault::NotSatisfied.code(), "not_satisfied");
        // Saying it is a decision is not enough: it must be a manager's.
        let asked = Move {
            manager_decision: true,
            ..m
        };
        assert_eq!(check_move(&asked), Err(MoveFault::ManagersOnly));
        let manager = Move {
            by_manager: true,
            ..asked
        };
        assert_eq!(check_move(&manager), Ok(()));
        // The decision is recorded with its reason.
        let no_reason = Move {
            note: " ",
            ..manager
        };
        assert_eq!(check_move(&no_reason), Err(MoveFault::NoteRequired));
    }

    #[test]
    fn not_satisfied_reopens_handling_with_a_new_resolution() {
        let m = Move {
            to: State::Handled,
            ..after_revisit(Some(false))
        };
        assert_eq!(check_move(&m), Err(MoveFault::ResolutionRequired));
        let ok = Move {
            resolution: Some(Resolution::Repair),
            ..m
        };
        assert_eq!(check_move(&ok), Ok(()));
        assert!(reopens(&ok));
        // A satisfied customer's complaint is not reopened.
        let satisfied = Move {
            satisfied: Some(true),
            ..ok
        };
        assert_eq!(
            check_move(&satisfied),
            Err(MoveFault::NotNext {
                next: State::Closed
            })
        );
    }
}
