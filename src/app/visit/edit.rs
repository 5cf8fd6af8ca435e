//! What keys and taps do on a visit: moving between rows and steps,
//! ticking, choosing, picking products and customers, recording
//! objections. Finishing and saving are in `save`.

use super::{Choice, Row, Tap, Text, VisitState, rerun_searches};
use crate::app::{Action, Ctx, Effect, action, cursor};
use crate::domain::visit::{
    self as dv, Closing, FAREWELL, FITTING, Item, OBJECTIONS, Objection, ObjectionKind, Outcome,
    STEPS,
};
use crate::shop_data::visit_flow::Flow;

impl VisitState {
    /// A key's action on the visit.
    pub(super) fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let data = cx.visit_data.clone();
        let flow = data.flow(&cx.env.locale.lang);
        let rows = self.rows(flow);
        let at = match rows.iter().position(|r| *r == self.focus) {
            Some(i) => i,
            None => {
                self.focus = first_focusable(&rows);
                rows.iter().position(|r| *r == self.focus).unwrap_or(0)
            }
        };
        let typing = matches!(action, Action::Type(_)) || action.is_text_edit();
        match action {
            Action::ScrollDown => return self.on_action(Action::Down, cx),
            Action::ScrollUp => return self.on_action(Action::Up, cx),
            a if self.move_focus(&rows, &a) => {}
            Action::First => self.focus = first_focusable(&rows),
            Action::Last => {
                if let Some(r) = rows.iter().rev().find(|r| r.focusable()) {
                    self.focus = *r;
                }
            }
            Action::NextStep => self.go_step(None, true, flow, cx),
            Action::PrevStep => {
                let to = self.visit.current.saturating_sub(1);
                self.go_step(Some(to), false, flow, cx)
            }
            Action::SkipStep => {
                self.flush_clock();
                self.visit.skip();
                self.dirty = true;
                self.after_step_change(flow, cx);
            }
            Action::ToggleTips => {
                self.tips_open = !self.tips_open;
                self.dirty = true;
            }
            Action::FinishVisit => return self.finish(cx),
            Action::Type(c) if self.focused_is_text() => {
                let Row::Text(t) = self.focus else {
                    return Effect::None;
                };
                if self.texts.get_mut(&t).is_some_and(|f| f.type_char(c)) {
                    self.text_changed(t, cx);
                }
            }
            a if a.is_text_edit() && self.focused_is_text() => {
                let Row::Text(t) = self.focus else {
                    return Effect::None;
                };
                if self.texts.get_mut(&t).is_some_and(|f| f.edit(a)) {
                    self.text_changed(t, cx);
                }
            }
            Action::ToggleBack => {
                if let Row::Choice(c) = rows[at] {
                    self.choose(c, true, cx);
                }
            }
            Action::Type(' ') | Action::Toggle => self.activate(rows[at], false, flow, cx),
            Action::Select => self.activate(rows[at], true, flow, cx),
            Action::Add => self.add(cx),
            Action::Remove => self.remove(rows[at]),
            Action::CycleSize | Action::CycleColour => self.cycle_line(rows[at], action),
            Action::Back => {
                self.persist(cx, true);
                let msg = cx.t("visit.left_open").to_string();
                cx.info(msg);
                return Effect::Back;
            }
            _ => {}
        }
        if !typing {
            if let Err(e) = self.refresh_offers(cx) {
                cx.fault(e);
            }
            self.persist(cx, false);
        }
        Effect::None
    }

    /// A tap on the strip, a button or a row.
    pub(super) fn on_tap(&mut self, tap: Tap, cx: &mut Ctx) -> Effect {
        match tap {
            // A jump forward by the strip finishes the step left; a jump back does not.
            Tap::Step(i) => {
                let data = cx.visit_data.clone();
                let flow = data.flow(&cx.env.locale.lang);
                let forward = i > self.visit.current;
                self.go_step(Some(i), forward, flow, cx);
                if let Err(e) = self.refresh_offers(cx) {
                    cx.fault(e);
                }
                self.persist(cx, false);
                Effect::None
            }
            Tap::Button(a) => self.on_action(a, cx),
            Tap::Row(r) if r.focusable() => {
                let again = self.focus == r;
                self.focus = r;
                if again && !matches!(r, Row::Text(_)) {
                    return self.on_action(Action::Toggle, cx);
                }
                Effect::None
            }
            Tap::Row(_) => Effect::None,
        }
    }

    /// Tab, Shift-Tab, ↑ and ↓ around the step's focusable rows.
    fn move_focus(&mut self, rows: &[Row], action: &Action) -> bool {
        let focusable: Vec<Row> = rows.iter().copied().filter(|r| r.focusable()).collect();
        let Some(mut i) = focusable.iter().position(|r| *r == self.focus) else {
            return false;
        };
        if !cursor::move_focus(&mut i, focusable.len(), action) {
            return false;
        }
        self.focus = focusable[i];
        true
    }

    fn cycle_line(&mut self, row: Row, action: Action) {
        if let Row::Item(i) = row
            && let Some(it) = self.visit.items.get_mut(i as usize)
        {
            if action == Action::CycleSize {
                it.size = dv::cycle(&it.sizes, &it.size, false);
            } else {
                it.colour = dv::cycle(&it.colours, &it.colour, false);
            }
            self.dirty = true;
        }
    }

    /// Moves to step `to` (None: the next one).
    fn go_step(&mut self, to: Option<usize>, forward_done: bool, flow: &Flow, cx: &mut Ctx) {
        let to = to.unwrap_or(self.visit.current + 1).min(STEPS - 1);
        if to == self.visit.current && !forward_done {
            return;
        }
        self.flush_clock();
        if forward_done && self.visit.current + 1 >= STEPS {
            self.dirty = true;
            let msg = cx.t("visit.last_step").to_string();
            cx.info(msg);
            return;
        }
        if forward_done && to > self.visit.current && self.ask_unticked(flow, cx) {
            return;
        }
        self.visit.go_to(to, forward_done);
        self.dirty = true;
        self.after_step_change(flow, cx);
    }

    /// [S3] A step is a practice, not a formality: moving past one with
    /// nothing of its checklist ticked asks once; true when it asked (and
    /// did not move).
    fn ask_unticked(&mut self, flow: &Flow, cx: &mut Ctx) -> bool {
        let enabled = cx.env.policy.practices.steps.ask_when_nothing_ticked;
        let step = self.visit.current;
        let ask = crate::domain::practices::ask_before_leaving(
            enabled,
            flow.steps[step].checklist.len(),
            self.visit.steps[step].checked.len(),
            self.asked_unticked == Some(step),
        );
        if !ask {
            return false;
        }
        self.asked_unticked = Some(step);
        let ctx = [crate::keymap::Context::Visit];
        let key = cx
            .env
            .keymap
            .key_for(&ctx, Action::NextStep)
            .map(|k| k.to_string())
            .unwrap_or_default();
        let msg = cx.env.locale.f(
            "practices.nothing_ticked",
            &[("step", &flow.steps[step].title), ("key", &key)],
        );
        cx.error(msg);
        true
    }

    fn after_step_change(&mut self, flow: &Flow, cx: &mut Ctx) {
        self.problem = None;
        let searched = rerun_searches(&cx.env.conn, self);
        self.focus = first_focusable(&self.rows(flow));
        if let Err(e) = searched {
            cx.fault(e);
        }
    }

    fn text_changed(&mut self, t: Text, cx: &mut Ctx) {
        self.dirty = true;
        self.reg_errors.retain(|(x, _)| *x != t);
        match t {
            Text::Need => self.visit.need = self.text(t).to_string(),
            Text::SizeEstimate => self.visit.size_estimate = self.text(t).to_string(),
            Text::FitRemarks => self.visit.fit_remarks = self.text(t).to_string(),
            _ => {}
        }
        if matches!(
            t,
            Text::ProductSearch | Text::CustomerSearch | Text::RegName | Text::RegPhone
        ) && let Err(e) = rerun_searches(&cx.env.conn, self)
        {
            cx.fault(e);
        }
    }

    /// Space, Enter or a second tap on a row.
    fn activate(&mut self, row: Row, enter: bool, flow: &Flow, cx: &mut Ctx) {
        let step = self.visit.current;
        match row {
            Row::Check(i) => {
                if let Some(c) = flow.steps[step].checklist.get(i as usize) {
                    self.visit.toggle_check(step, &c.id);
                    self.dirty = true;
                }
            }
            Row::Choice(c) => self.choose(c, false, cx),
            Row::CustomerHit(i) => {
                if let Some(h) = self.customer_hits.get(i as usize) {
                    let id = h.id;
                    self.link(id, cx)
                }
            }
            Row::ProductHit(i) => self.add_product(i as usize, cx),
            Row::Text(Text::ProductSearch) if enter && !self.product_hits.is_empty() => {
                self.add_product(0, cx)
            }
            Row::Text(Text::CustomerSearch) if enter && !self.customer_hits.is_empty() => {
                let id = self.customer_hits[0].id;
                self.link(id, cx)
            }
            Row::Text(_) if enter => {
                let rows = self.rows(flow);
                let _ = self.move_focus(&rows, &Action::Down);
            }
            Row::Item(i) => self.mark_line(i as usize, step),
            Row::Suggestion(i) => {
                if let Some(a) = flow.answers(self.obj_kind).get(i as usize)
                    && let Some(f) = self.texts.get_mut(&Text::ObjAnswer)
                {
                    f.set(a);
                    self.dirty = true;
                }
            }
            Row::AddObjection => self.add(cx),
            Row::Offer(i) => self.answer_offer(i as usize),
            Row::Signal(i) => {
                if let Some(s) = flow.signals.get(i as usize) {
                    let id = s.id.clone();
                    match self.visit.signals.iter().position(|x| *x == id) {
                        Some(p) => {
                            self.visit.signals.remove(p);
                        }
                        None => self.visit.signals.push(id),
                    }
                    self.dirty = true;
                }
            }
            _ => {}
        }
    }

    /// A line tried on (step 4) or bought (step 8).
    fn mark_line(&mut self, i: usize, step: usize) {
        let Some(it) = self.visit.items.get_mut(i) else {
            return;
        };
        match step {
            FITTING => it.tried = !it.tried,
            FAREWELL => {
                it.bought = !it.bought;
                self.problem = None;
            }
            _ => return,
        }
        self.dirty = true;
    }

    /// Space or → on a choice moves to its next option, ← to the one before.
    fn choose(&mut self, c: Choice, back: bool, cx: &Ctx) {
        let v = &mut self.visit;
        match c {
            Choice::Greeting => {
                let options = super::greeting_options_in(cx, v);
                v.greeting = dv::cycle(&options, &v.greeting, back);
            }
            Choice::ObjKind => self.obj_kind = step(&ObjectionKind::ALL, Some(self.obj_kind), back),
            Choice::Closing => v.closing = step_unset(&Closing::ALL, v.closing, back),
            Choice::Outcome => {
                v.outcome = step_unset(&[Outcome::Bought, Outcome::NotBought], v.outcome, back);
                self.problem = None;
            }
            Choice::AskMore => self.ask_more = !self.ask_more,
        }
        self.dirty = true;
    }

    /// Links the visit to a customer found by search.
    fn link(&mut self, id: i64, cx: &mut Ctx) {
        let rates = &cx.env.policy.till.birthday_discount_percent;
        let c = match super::save::linked_customer(&cx.env.conn, id, cx.today(), rates) {
            Ok(Some(c)) => c,
            Ok(None) => return,
            Err(e) => return cx.fault(e),
        };
        let name = c.name.clone();
        self.visit.customer = Some(c);
        self.customer_hits.clear();
        for t in [
            Text::CustomerSearch,
            Text::RegName,
            Text::RegPhone,
            Text::RegBirthday,
            Text::RegAddress,
            Text::RegReferrer,
        ] {
            if let Some(f) = self.texts.get_mut(&t) {
                f.clear();
            }
        }
        self.reg_errors.clear();
        self.focus = Row::Linked;
        self.dirty = true;
        // A known customer not seen for long is greeted 好久不见.
        if self.visit.current == 0 {
            self.visit.greeting = super::greeting_options_in(cx, &self.visit).remove(0);
        }
        let msg = cx.env.locale.f("visit.linked", &[("name", &name)]);
        cx.info(msg);
    }

    fn add_product(&mut self, i: usize, cx: &mut Ctx) {
        let Some(p) = self.product_hits.get(i).cloned() else {
            return;
        };
        let split = |s: &str| -> Vec<String> {
            s.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        };
        let sizes = split(&p.sizes);
        let colours = split(&p.colours);
        let step = self.visit.current;
        self.visit.items.push(Item {
            product_id: p.id,
            style_no: p.style_no.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            size: sizes.first().cloned().unwrap_or_default(),
            colour: colours.first().cloned().unwrap_or_default(),
            sizes,
            colours,
            price_fen: p.current_price_fen,
            step,
            tried: step == FITTING,
            bought: false,
        });
        if let Some(f) = self.texts.get_mut(&Text::ProductSearch) {
            f.clear();
        }
        self.product_hits.clear();
        self.focus = Row::Text(Text::ProductSearch);
        self.dirty = true;
        let msg = cx.env.locale.f("visit.added", &[("name", &p.name)]);
        cx.info(msg);
    }

    /// F4 / Insert: records the objection typed (step 5).
    fn add(&mut self, cx: &mut Ctx) {
        if self.visit.current != OBJECTIONS {
            return;
        }
        let words = crate::domain::text::clean(self.text(Text::ObjWords), 300);
        if words.is_empty() {
            self.focus = Row::Text(Text::ObjWords);
            let msg = cx.t("visit.objection_words_needed").to_string();
            return cx.error(msg);
        }
        let answer = crate::domain::text::clean(self.text(Text::ObjAnswer), 300);
        self.visit.objections.push(Objection {
            kind: self.obj_kind,
            words,
            answer,
        });
        for t in [Text::ObjWords, Text::ObjAnswer] {
            if let Some(f) = self.texts.get_mut(&t) {
                f.clear();
            }
        }
        self.focus = Row::Text(Text::ObjWords);
        self.dirty = true;
    }

    /// Delete: takes out a line or an objection, or unlinks the customer.
    fn remove(&mut self, row: Row) {
        match row {
            Row::Item(i) if (i as usize) < self.visit.items.len() => {
                self.visit.items.remove(i as usize);
            }
            Row::Objection(i) if (i as usize) < self.visit.objections.len() => {
                self.visit.objections.remove(i as usize);
            }
            Row::Linked => {
                self.visit.customer = None;
                self.focus = if self.visit.current == 0 {
                    Row::Text(Text::CustomerSearch)
                } else {
                    Row::Text(Text::RegName)
                };
            }
            _ => return,
        }
        self.dirty = true;
    }
}

/// The option after `now` in `all` (before it, going `back`), round.
fn step<T: Copy + PartialEq>(all: &[T], now: Option<T>, back: bool) -> T {
    let i = all.iter().position(|x| Some(*x) == now).unwrap_or(0);
    all[action::cycle(i, all.len(), back)]
}

/// As [`step`], with "not set" as the option before the first.
fn step_unset<T: Copy + PartialEq>(all: &[T], now: Option<T>, back: bool) -> Option<T> {
    let i = now
        .and_then(|n| all.iter().position(|x| *x == n))
        .map_or(0, |i| i + 1);
    let to = action::cycle(i, all.len() + 1, back);
    (to > 0).then(|| all[to - 1])
}

fn first_focusable(rows: &[Row]) -> Row {
    rows.iter()
        .copied()
        .find(|r| r.focusable())
        .unwrap_or(Row::Check(0))
}
