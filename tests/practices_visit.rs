//! The source practices in the visit (issue 18), driven by actions on an
//! in-memory shop: a step passed with nothing ticked asks once [S3
//! 门店服务八步曲, data/practices.toml `ask_when_nothing_ticked`].

mod common_visit;

use aftercare::app::{Action, Mode};
use common_visit::*;

#[test]
fn a_step_with_nothing_ticked_asks_once_then_moves_on() {
    let mut app = app("en", Mode::Shop);
    app.update(Action::NewVisit);
    app.update(Action::NextStep);
    assert_eq!(current(&app), 0, "the first press only asks");
    let flash = app.flash.as_ref().expect("a question");
    assert!(flash.error);
    assert!(
        flash.text.contains("Nothing ticked in Step 1 · Greet") && flash.text.contains("PgDn"),
        "{}",
        flash.text
    );
    let screen = render(&app, 100, 30);
    assert!(screen.contains("move on anyway?"), "{screen}");
    app.update(Action::NextStep);
    assert_eq!(current(&app), 1, "the second press moves on");
    // A step with a tick moves at once.
    tick_all(&mut app);
    app.update(Action::NextStep);
    assert_eq!(current(&app), 2);
    // Going back and forward again: asked once more for that step.
    app.update(Action::PrevStep);
    assert_eq!(current(&app), 1);
    app.update(Action::NextStep);
    assert_eq!(current(&app), 2, "step 2 is ticked");
    app.update(Action::NextStep);
    assert_eq!(current(&app), 2, "step 3 has nothing ticked");
    // Skipping is a choice made on purpose: it never asks.
    app.update(Action::SkipStep);
    assert_eq!(current(&app), 3);
}

#[test]
fn the_question_is_in_chinese_too() {
    let mut app = app("zh-CN", Mode::Shop);
    app.update(Action::NewVisit);
    app.update(Action::NextStep);
    let flash = app.flash.as_ref().expect("a question");
    assert!(flash.text.contains("一项也没勾选"), "{}", flash.text);
    assert_eq!(current(&app), 0);
}
