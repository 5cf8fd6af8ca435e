//! Deliberate confirmations for state moves: the move's key opens a dialog
//! naming the move, with Cancel focused, so a stray Enter or a scanner's
//! burst never moves a job or a complaint.

use super::{App, DialogKind, Overlay, Screen};

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
    // Focus on Cancel: Enter alone never confirms.
    app.overlay = Some(Overlay::dialog(
        DialogKind::ConfirmMove { what, question },
        1,
        None,
    ));
}

/// The confirmation was given: the move is made if its subject is still on screen.
pub fn confirmed(app: &mut App, what: Move) {
    match what {
        Move::Repair { job_id, index } => {
            if let Screen::Job(j) = &mut app.screen
                && j.job.id == job_id
                && index < j.moves.len()
            {
                j.focus = index;
                super::desk::make_move(app);
            }
        }
        Move::Care { job_id } => super::desk::advance_care_confirmed(app, job_id),
        Move::Complaint { id } => app
            .on_view_as::<super::complaints::detail::DetailState>(|d, cx| d.move_confirmed(id, cx)),
    }
}
