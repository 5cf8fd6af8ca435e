//! The scorecard of a played desk, counter or phone card: each check right
//! or missed with its reason, the time taken, the customer's last words,
//! and the trainee's results for the skill so far.

use super::Played;
use crate::app::{Action, App, Ctx, Effect, HitMap, View};
use crate::keymap::Context;

pub struct ResultView {
    pub trainee: String,
    pub played: Played,
    /// The trainee's results for this skill so far (percent, passed), oldest
    /// first; or why the scorecard could not be kept.
    pub history: Result<Vec<(i64, Option<bool>)>, String>,
    /// Where the trainee stands in the skill now: cards passed, passes.
    pub standing: Option<crate::domain::training_progress::SkillProgress>,
    /// The scorecard scrolls when it is taller than the screen.
    pub scroll: crate::app::cursor::Scroll,
}

impl ResultView {
    pub fn new(
        trainee: String,
        played: Played,
        kept: Result<Vec<crate::store::training::Row>, String>,
        cards: &crate::shop_data::training_cards::TrainingCards,
    ) -> ResultView {
        let standing = (kept.as_ref().ok())
            .and_then(|rows| super::progress::standing(rows, cards, played.skill));
        ResultView {
            trainee,
            played,
            history: kept.map(|rows| rows.into_iter().map(|r| (r.percent, r.passed)).collect()),
            standing,
            scroll: Default::default(),
        }
    }
}

impl View for ResultView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Visits]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![Action::Back]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        _hits: &mut HitMap,
    ) {
        crate::ui::practice::draw_result(frame, area, app, self)
    }

    fn update(&mut self, action: Action, _cx: &mut Ctx) -> Effect {
        match action {
            a if self.scroll.move_by(&a) => Effect::None,
            Action::Back | Action::Select => Effect::Go(Action::Home),
            _ => Effect::None,
        }
    }
}
