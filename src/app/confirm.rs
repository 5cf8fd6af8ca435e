//! Deliberate confirmations for state moves: the move's key opens a dialog
//! naming the move, with Cancel focused, so a stray Enter or a scanner's
//! burst never moves a job or a complaint.

use super::{App, DialogKind, Overlay};
use crate::app::desk::{DeskState, JobState};

/// A state move waiting for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// The repair job on screen, to the move at this index of its moves.
    Repair { job_id: i64, index: usize },
    /// The selected care job on the desk, to its next stage.
    Care { job_id: i64 },
    /// The complaint on screen, to its next state.
    Complaint { id: i64 },
}

/// Opens the confirmation of `what`, described by `question`.
pub fn ask(app: &mut App, what: Move, question: String) {
    app.overlay = Some(dialog(what, question));
}

/// The confirmation of `what`, described by `question`, for a view to put
/// up (`*cx.overlay = Some(…)`).
pub fn dialog(what: Move, question: String) -> Overlay {
    // Focus on Cancel: Enter alone never confirms.
    Overlay::dialog(DialogKind::ConfirmMove { what, question }, 1, None)
}

/// The confirmation was given: the move is made if its subject is still on screen.
pub fn confirmed(app: &mut App, what: Move) {
    match what {
        Move::Repair { job_id, index } => {
            app.on_view_as::<JobState>(|j, cx| j.move_confirmed(job_id, index, cx))
        }
        Move::Care { job_id } => app.on_view_as::<DeskState>(|d, cx| d.advance_care(job_id, cx)),
        Move::Complaint { id } => app
            .on_view_as::<super::complaints::detail::DetailState>(|d, cx| d.move_confirmed(id, cx)),
    }
}
