//! The closed loop [S2]: 受理 accept → 核实 verify → 处理 handle → 反馈 feed
//! back → 回访 revisit → closed. One step at a time, each with a note; a
//! complaint is never closed before its revisit.

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
