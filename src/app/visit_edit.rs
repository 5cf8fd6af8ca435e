//! What keys and taps do on a visit: moving between rows and steps,
//! ticking, choosing, picking products and customers, recording
//! objections, and finishing (with the customer registered first when
//! their details were typed). The state and its saving are in `visit`.

use super::visit::{
    Choice, Row, Text, VisitState, greeting_options, persist, persist_all, rerun_searches,
};
use super::{Action, App, Screen};
use crate::domain::customer::{Field, Values};
use crate::domain::visit::{
    self as dv, Closing, FAREWELL, FITTING, Item, LinkedCustomer, OBJECTIONS, Objection,
    ObjectionKind, Outcome, STEPS,
};
use crate::store::customers::{self, SaveError};
use crate::store::visits::{self, VisitError};

pub fn update(app: &mut App, action: Action) {
    let data = app.visit_data.clone();
    let flow = data.flow(&app.env.locale.lang);
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    let rows = st.rows(flow);
    let at = rows.iter().position(|r| *r == st.focus);
    let at = match at {
        Some(i) => i,
        None => {
            st.focus = first_focusable(&rows);
            rows.iter().position(|r| *r == st.focus).unwrap_or(0)
        }
    };
    let typing = matches!(action, Action::Type(_)) || action.is_text_edit();
    match action {
        Action::NextFocus | Action::Down | Action::ScrollDown => {
            st.focus = step_focus(&rows, at, 1, action == Action::NextFocus)
        }
        Action::PrevFocus | Action::Up | Action::ScrollUp => {
            st.focus = step_focus(&rows, at, -1, action == Action::PrevFocus)
        }
        Action::First => st.focus = first_focusable(&rows),
        Action::Last => {
            if let Some(r) = rows.iter().rev().find(|r| r.focusable()) {
                st.focus = *r;
            }
        }
        Action::NextStep => go_step(app, None, true),
        Action::PrevStep => {
            let to = st.visit.current.saturating_sub(1);
            go_step(app, Some(to), false)
        }
        Action::SkipStep => {
            st.flush_clock();
            st.visit.skip();
            st.dirty = true;
            after_step_change(app);
        }
        // A jump forward by the strip finishes the step left; a jump back does not.
        Action::Pick { zone: 1, index } => {
            let forward = index as usize > st.visit.current;
            go_step(app, Some(index as usize), forward)
        }
        Action::Pick { zone: 2, index } => match index {
            0 => return update(app, Action::PrevStep),
            1 => return update(app, Action::NextStep),
            2 => return update(app, Action::SkipStep),
            3 => return update(app, Action::ToggleTips),
            _ => return update(app, Action::FinishVisit),
        },
        Action::ToggleTips => {
            st.tips_open = !st.tips_open;
            st.dirty = true;
        }
        Action::FinishVisit => return finish(app),
        Action::Pick { zone: 0, index } => {
            if let Some(r) = rows.get(index as usize).copied().filter(|r| r.focusable()) {
                let again = st.focus == r;
                st.focus = r;
                if again && !matches!(r, Row::Text(_)) {
                    activate(app, r, false);
                }
            }
        }
        Action::Type(c) if st.focused_is_text() => {
            let Row::Text(t) = st.focus else { return };
            if st.texts.get_mut(&t).is_some_and(|f| f.type_char(c)) {
                text_changed(app, t);
            }
        }
        a if a.is_text_edit() && st.focused_is_text() => {
            let Row::Text(t) = st.focus else { return };
            if st.texts.get_mut(&t).is_some_and(|f| f.edit(a)) {
                text_changed(app, t);
            }
        }
        Action::Type(' ') | Action::Toggle => activate(app, rows[at], false),
        Action::Select => activate(app, rows[at], true),
        Action::Add => add(app),
        Action::Remove => remove(app, rows[at]),
        Action::CycleSize | Action::CycleColour => {
            if let Row::Item(i) = rows[at]
                && let Some(it) = st.visit.items.get_mut(i as usize)
            {
                if action == Action::CycleSize {
                    it.size = dv::cycle(&it.sizes, &it.size, false);
                } else {
                    it.colour = dv::cycle(&it.colours, &it.colour, false);
                }
                st.dirty = true;
            }
        }
        Action::Back => {
            if let Err(e) = persist_all(app) {
                app.fault(e);
            }
            app.back();
            let msg = app.t("visit.left_open").to_string();
            app.info(msg);
            return;
        }
        _ => {}
    }
    if !typing && let Err(e) = super::visit_rewards::refresh(app).and_then(|_| persist(app)) {
        app.fault(e);
    }
}

fn first_focusable(rows: &[Row]) -> Row {
    rows.iter()
        .copied()
        .find(|r| r.focusable())
        .unwrap_or(Row::Check(0))
}

/// The next focusable row after `at` in direction `dir`; Tab wraps, arrows stop.
fn step_focus(rows: &[Row], at: usize, dir: i64, wrap: bool) -> Row {
    let n = rows.len() as i64;
    let mut i = at as i64;
    for _ in 0..n {
        i += dir;
        if !(0..n).contains(&i) {
            if !wrap {
                return rows[at];
            }
            i = (i + n) % n;
        }
        if rows[i as usize].focusable() {
            return rows[i as usize];
        }
    }
    rows[at]
}

/// Moves to step `to` (None: the next one).
fn go_step(app: &mut App, to: Option<usize>, forward_done: bool) {
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    let to = to.unwrap_or(st.visit.current + 1).min(STEPS - 1);
    if to == st.visit.current && !forward_done {
        return;
    }
    st.flush_clock();
    if forward_done && st.visit.current + 1 >= STEPS {
        st.dirty = true;
        let msg = app.t("visit.last_step").to_string();
        app.info(msg);
        return;
    }
    if forward_done && to > st.visit.current && ask_unticked(app) {
        return;
    }
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    st.visit.go_to(to, forward_done);
    st.dirty = true;
    after_step_change(app);
}

/// [S3] A step is a practice, not a formality: moving past one with nothing
/// of its checklist ticked asks once; true when it asked (and did not move).
fn ask_unticked(app: &mut App) -> bool {
    let data = app.visit_data.clone();
    let flow = data.flow(&app.env.locale.lang);
    let enabled = app.env.policy.practices.steps.ask_when_nothing_ticked;
    let Screen::Visit(st) = &mut app.screen else {
        return false;
    };
    let step = st.visit.current;
    let ask = crate::domain::practices::ask_before_leaving(
        enabled,
        flow.steps[step].checklist.len(),
        st.visit.steps[step].checked.len(),
        st.asked_unticked == Some(step),
    );
    if !ask {
        return false;
    }
    st.asked_unticked = Some(step);
    let title = flow.steps[step].title.clone();
    let ctx = [crate::keymap::Context::Visit];
    let key = app
        .env
        .keymap
        .key_for(&ctx, Action::NextStep)
        .map(|k| k.to_string())
        .unwrap_or_default();
    let msg = app.env.locale.f(
        "practices.nothing_ticked",
        &[("step", &title), ("key", &key)],
    );
    app.error(msg);
    true
}

fn after_step_change(app: &mut App) {
    let data = app.visit_data.clone();
    let flow = data.flow(&app.env.locale.lang);
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    st.problem = None;
    let searched = rerun_searches(&app.env.conn, st);
    st.focus = first_focusable(&st.rows(flow));
    if let Err(e) = searched {
        app.fault(e);
    }
}

fn text_changed(app: &mut App, t: Text) {
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    st.dirty = true;
    st.reg_errors.retain(|(x, _)| *x != t);
    match t {
        Text::Need => st.visit.need = st.text(t).to_string(),
        Text::SizeEstimate => st.visit.size_estimate = st.text(t).to_string(),
        Text::FitRemarks => st.visit.fit_remarks = st.text(t).to_string(),
        _ => {}
    }
    if matches!(
        t,
        Text::ProductSearch | Text::CustomerSearch | Text::RegName | Text::RegPhone
    ) && let Err(e) = rerun_searches(&app.env.conn, st)
    {
        app.fault(e);
    }
}

/// Space, Enter or a second tap on a row.
fn activate(app: &mut App, row: Row, enter: bool) {
    let options = match &app.screen {
        Screen::Visit(st) if row == Row::Choice(Choice::Greeting) => {
            greeting_options(app, &st.visit)
        }
        _ => Vec::new(),
    };
    let data = app.visit_data.clone();
    let flow = data.flow(&app.env.locale.lang);
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    let step = st.visit.current;
    match row {
        Row::Check(i) => {
            if let Some(c) = flow.steps[step].checklist.get(i as usize) {
                st.visit.toggle_check(step, &c.id);
                st.dirty = true;
            }
        }
        Row::Choice(c) => {
            cycle_choice(st, c, &options);
            st.dirty = true;
        }
        Row::CustomerHit(i) => {
            if let Some(h) = st.customer_hits.get(i as usize) {
                let id = h.id;
                link(app, id)
            }
        }
        Row::ProductHit(i) => add_product(app, i as usize),
        Row::Text(Text::ProductSearch) if enter && !st.product_hits.is_empty() => {
            add_product(app, 0)
        }
        Row::Text(Text::CustomerSearch) if enter && !st.customer_hits.is_empty() => {
            let id = st.customer_hits[0].id;
            link(app, id)
        }
        Row::Text(_) if enter => {
            let rows = st.rows(flow);
            let at = rows.iter().position(|r| *r == row).unwrap_or(0);
            st.focus = step_focus(&rows, at, 1, false);
        }
        Row::Item(i) => {
            if let Some(it) = st.visit.items.get_mut(i as usize) {
                match step {
                    FITTING => it.tried = !it.tried,
                    FAREWELL => {
                        it.bought = !it.bought;
                        st.problem = None;
                    }
                    _ => return,
                }
                st.dirty = true;
            }
        }
        Row::Suggestion(i) => {
            if let Some(a) = flow.answers(st.obj_kind).get(i as usize)
                && let Some(f) = st.texts.get_mut(&Text::ObjAnswer)
            {
                f.set(a);
                st.dirty = true;
            }
        }
        Row::AddObjection => add(app),
        Row::Offer(i) => super::visit_rewards::answer(st, i as usize),
        Row::Signal(i) => {
            if let Some(s) = flow.signals.get(i as usize) {
                let id = s.id.clone();
                match st.visit.signals.iter().position(|x| *x == id) {
                    Some(p) => {
                        st.visit.signals.remove(p);
                    }
                    None => st.visit.signals.push(id),
                }
                st.dirty = true;
            }
        }
        _ => {}
    }
}

fn cycle_choice(st: &mut VisitState, c: Choice, greetings: &[String]) {
    match c {
        Choice::Greeting => {
            st.visit.greeting = dv::cycle(greetings, &st.visit.greeting, false);
        }
        Choice::ObjKind => {
            let all = ObjectionKind::ALL;
            let i = all.iter().position(|k| *k == st.obj_kind).unwrap_or(0);
            st.obj_kind = all[(i + 1) % all.len()];
        }
        Choice::Closing => {
            st.visit.closing = match st.visit.closing {
                None => Some(Closing::ALL[0]),
                Some(c) => {
                    let i = Closing::ALL.iter().position(|x| *x == c).unwrap_or(0);
                    Closing::ALL.get(i + 1).copied()
                }
            }
        }
        Choice::Outcome => {
            st.visit.outcome = match st.visit.outcome {
                None => Some(Outcome::Bought),
                Some(Outcome::Bought) => Some(Outcome::NotBought),
                Some(Outcome::NotBought) => None,
            };
            st.problem = None;
        }
        Choice::AskMore => st.ask_more = !st.ask_more,
    }
}

/// Links the visit to a customer found by search.
fn link(app: &mut App, id: i64) {
    let brief = match visits::customer_brief(&app.env.conn, id) {
        Ok(Some(b)) => b,
        Ok(None) => return,
        Err(e) => return app.fault(e),
    };
    let rates = &app.env.policy.till.birthday_discount_percent;
    let birthday_percent =
        match crate::store::till::birthday_percent(&app.env.conn, id, app.today(), rates) {
            Ok(p) => p,
            Err(e) => return app.fault(e),
        };
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    st.visit.customer = Some(LinkedCustomer {
        id,
        name: brief.0.clone(),
        last_seen: brief.1,
        birthday_percent,
    });
    st.customer_hits.clear();
    for t in [
        Text::CustomerSearch,
        Text::RegName,
        Text::RegPhone,
        Text::RegBirthday,
        Text::RegAddress,
        Text::RegReferrer,
    ] {
        if let Some(f) = st.texts.get_mut(&t) {
            f.clear();
        }
    }
    st.reg_errors.clear();
    st.focus = Row::Linked;
    st.dirty = true;
    // A known customer not seen for long is greeted 好久不见.
    let v = st.visit.clone();
    let first = greeting_options(app, &v).remove(0);
    if let Screen::Visit(st) = &mut app.screen
        && st.visit.current == 0
    {
        st.visit.greeting = first;
    }
    let msg = app.env.locale.f("visit.linked", &[("name", &brief.0)]);
    app.info(msg);
}

fn add_product(app: &mut App, i: usize) {
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    let Some(p) = st.product_hits.get(i).cloned() else {
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
    let step = st.visit.current;
    st.visit.items.push(Item {
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
    if let Some(f) = st.texts.get_mut(&Text::ProductSearch) {
        f.clear();
    }
    st.product_hits.clear();
    st.focus = Row::Text(Text::ProductSearch);
    st.dirty = true;
    let msg = app.env.locale.f("visit.added", &[("name", &p.name)]);
    app.info(msg);
}

/// F4 / Insert: records the objection typed (step 5).
fn add(app: &mut App) {
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    if st.visit.current != OBJECTIONS {
        return;
    }
    let words = crate::domain::text::clean(st.text(Text::ObjWords), 300);
    if words.is_empty() {
        st.focus = Row::Text(Text::ObjWords);
        let msg = app.t("visit.objection_words_needed").to_string();
        return app.error(msg);
    }
    let answer = crate::domain::text::clean(st.text(Text::ObjAnswer), 300);
    st.visit.objections.push(Objection {
        kind: st.obj_kind,
        words,
        answer,
    });
    for t in [Text::ObjWords, Text::ObjAnswer] {
        if let Some(f) = st.texts.get_mut(&t) {
            f.clear();
        }
    }
    st.focus = Row::Text(Text::ObjWords);
    st.dirty = true;
}

/// Delete: takes out a line or an objection, or unlinks the customer.
fn remove(app: &mut App, row: Row) {
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    match row {
        Row::Item(i) if (i as usize) < st.visit.items.len() => {
            st.visit.items.remove(i as usize);
        }
        Row::Objection(i) if (i as usize) < st.visit.objections.len() => {
            st.visit.objections.remove(i as usize);
        }
        Row::Linked => {
            st.visit.customer = None;
            st.focus = if st.visit.current == 0 {
                Row::Text(Text::CustomerSearch)
            } else {
                Row::Text(Text::RegName)
            };
        }
        _ => return,
    }
    st.dirty = true;
}

/// The values of a new customer file from step 8's fields.
fn registration(st: &VisitState) -> Option<Values> {
    let name = st.text(Text::RegName).trim();
    let phone = st.text(Text::RegPhone).trim();
    if name.is_empty() && phone.is_empty() {
        return None;
    }
    let mut v = Values::new_customer();
    v.set(Field::Name, name);
    v.set(Field::Phone, phone);
    v.set(Field::ReferredBy, st.text(Text::RegReferrer).trim());
    if st.ask_more {
        v.set(Field::Birthday, st.text(Text::RegBirthday).trim());
        v.set(Field::Address, st.text(Text::RegAddress).trim());
    }
    Some(v)
}

/// F10: registers the customer if their details were typed, then finishes
/// the visit in one transaction; in training, scores it.
fn finish(app: &mut App) {
    let today = app.today();
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    if let Err(p) = st.visit.check_finish() {
        st.problem = Some(p.id());
        if st.visit.current != FAREWELL {
            st.flush_clock();
            st.visit.go_to(FAREWELL, false);
        }
        st.focus = Row::Choice(Choice::Outcome);
        st.dirty = true;
        let msg = app.t(&format!("visit.problem.{}", p.id())).to_string();
        app.error(msg);
        if let Err(e) = persist(app) {
            app.fault(e);
        }
        return;
    }
    if st.visit.customer.is_none()
        && let Some(values) = registration(st)
    {
        let staff = st.staff_id;
        match customers::create(&mut app.env.conn, &values, staff, today) {
            Ok(id) => link(app, id),
            Err(SaveError::Fields(errs)) => {
                let to_text = |f: Field| Text::ALL.into_iter().find(|t| t.field() == Some(f));
                st.reg_errors = errs
                    .iter()
                    .filter_map(|e| to_text(e.field).map(|t| (t, e.code)))
                    .collect();
                if st.visit.current != FAREWELL {
                    st.flush_clock();
                    st.visit.go_to(FAREWELL, false);
                }
                if let Some((t, _)) = st.reg_errors.first() {
                    st.focus = Row::Text(*t);
                }
                st.dirty = true;
                let msg = app.t("visit.check_customer").to_string();
                app.error(msg);
                return;
            }
            Err(SaveError::Conflict { .. }) => return,
            Err(SaveError::Db(e)) => return app.fault(e),
        }
    }
    let Screen::Visit(st) = &mut app.screen else {
        return;
    };
    st.flush_clock();
    let mut saved = st.saved();
    saved.visit.close_steps();
    let (id, version, staff) = (st.id, st.version, st.staff_id);
    let json = match serde_json::to_string(&saved) {
        Ok(j) => j,
        Err(e) => return app.fault(e.into()),
    };
    let rules = visits::rules(&app.env.policy);
    let festivals = app.env.policy.practices.festival_gifts.clone();
    // The sale and the VIP rewards given with it [S1], in one transaction.
    let result = (|| -> Result<visits::Finished, VisitError> {
        let tx = app
            .env
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let done = visits::finish_in(
            &tx,
            (id, version),
            &saved.visit,
            &json,
            staff,
            today,
            &rules,
        )?;
        let given = crate::store::rewards::Given {
            visit_id: Some(id),
            customer: saved.visit.customer.as_ref().map(|c| c.id),
            staff_id: staff,
            on: today,
            makeup: saved.visit.makeup,
            gifts: &saved.visit.gifts,
        };
        crate::store::rewards::record_in(&tx, &given, &festivals)?;
        tx.commit()?;
        Ok(done)
    })();
    match result {
        Ok(done) => {
            let basket = saved.visit.basket();
            let loc = &app.env.locale;
            let paid = done.paid_fen.unwrap_or(basket.total_fen);
            let msg = match &done.receipt_no {
                Some(r) => loc.f(
                    "visit.finished_bought",
                    &[("receipt", r), ("total", &loc.money(paid))],
                ),
                None => loc.t("visit.finished_not_bought").to_string(),
            };
            if saved.visit.scenario.is_some() {
                super::visits::scorecard(app, &saved.visit);
            } else {
                app.back();
            }
            app.info(msg);
        }
        Err(VisitError::Conflict { by }) => {
            let who = by.unwrap_or_else(|| app.env.locale.t("form.someone").to_string());
            let msg = app.env.locale.f("visit.conflict", &[("who", &who)]);
            app.error(msg);
        }
        Err(VisitError::Db(e)) => app.fault(e),
    }
}
