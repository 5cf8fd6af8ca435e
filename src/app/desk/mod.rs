//! The after-sale desk: the repair register and the care jobs. One job's
//! page with its moves and receipt is [`job`].

pub mod job;

use anyhow::Result;
use chrono::Duration;

use super::{Action, App, Ctx, Effect, HitMap, View, confirm, cursor, quality, repair_form};
use crate::domain::quality::JobKind;
use crate::keymap::Context;
use crate::store::care::{self, CareError, CareJob};
use crate::store::repairs::{self, Job};

pub use job::{JobState, write_receipts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Jobs still open.
    Repairs,
    /// Every job received in the last 90 days, closed ones too.
    Register,
    Care,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Repairs, Tab::Register, Tab::Care];

    fn next(self, back: bool) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Tab::ALL[super::action::cycle(i, Tab::ALL.len(), back)]
    }
}

/// What a tap on the desk lands on.
pub enum Tap {
    /// One of the three tabs, by its index in [`Tab::ALL`].
    Tab(usize),
    /// A row of the table shown: the first tap selects, the second opens.
    Row(usize),
}

/// How far back the register tab looks.
const REGISTER_DAYS: i64 = 90;

pub struct DeskState {
    pub tab: Tab,
    pub jobs: Vec<Job>,
    pub all_jobs: Vec<Job>,
    pub care: Vec<CareJob>,
    pub selected: usize,
}

impl DeskState {
    pub fn load(cx: &Ctx) -> Result<DeskState> {
        let mut d = DeskState {
            tab: Tab::Repairs,
            jobs: Vec::new(),
            all_jobs: Vec::new(),
            care: Vec::new(),
            selected: 0,
        };
        d.read(cx)?;
        Ok(d)
    }

    fn read(&mut self, cx: &Ctx) -> Result<()> {
        let today = cx.today();
        self.jobs = repairs::register(&cx.env.conn, today, today, true, today)?;
        let from = today - Duration::days(REGISTER_DAYS);
        self.all_jobs = repairs::register(&cx.env.conn, from, today, false, today)?;
        self.all_jobs.reverse();
        self.care = care::open_jobs(&cx.env.conn)?;
        self.selected = self.selected.min(self.rows().saturating_sub(1));
        Ok(())
    }

    pub fn rows(&self) -> usize {
        match self.tab {
            Tab::Repairs => self.jobs.len(),
            Tab::Register => self.all_jobs.len(),
            Tab::Care => self.care.len(),
        }
    }

    /// The repair job selected on a repair tab.
    fn selected_job(&self) -> Option<&Job> {
        match self.tab {
            Tab::Repairs => self.jobs.get(self.selected),
            Tab::Register => self.all_jobs.get(self.selected),
            Tab::Care => None,
        }
    }

    fn select(&mut self, cx: &mut Ctx) -> Effect {
        match self.tab {
            Tab::Repairs | Tab::Register => match self.selected_job() {
                Some(j) => match JobState::load(cx, j.id) {
                    Ok(j) => Effect::Open(Box::new(j)),
                    Err(e) => Effect::Fault(e),
                },
                None => Effect::None,
            },
            Tab::Care => {
                self.ask_care(cx);
                Effect::None
            }
        }
    }

    /// The "1+5" of the selected job: a repair on the repair tabs, a care job on the care tab.
    fn one_plus_five(&self, cx: &mut Ctx) -> Effect {
        let picked = match self.tab {
            Tab::Repairs | Tab::Register => self
                .selected_job()
                .map(|j| (JobKind::Repair, j.id, j.job_no.clone())),
            Tab::Care => self
                .care
                .get(self.selected)
                .map(|j| (JobKind::Care, j.id, j.job_no.clone())),
        };
        match picked {
            Some((kind, id, no)) => match quality::OnePlusFiveForm::open(cx, kind, id, &no) {
                Ok(f) => Effect::Open(Box::new(f)),
                Err(e) => Effect::Fault(e),
            },
            None => {
                let msg = cx.t("quality.no_care_job").to_string();
                cx.error(msg);
                Effect::None
            }
        }
    }

    /// Asks before the selected care job moves to its next stage, naming it.
    fn ask_care(&self, cx: &mut Ctx) {
        if self.tab != Tab::Care {
            return;
        }
        let Some(job) = self.care.get(self.selected) else {
            return;
        };
        let stages = cx.env.policy.care_jobs.stages(&job.kind);
        let next = stages
            .iter()
            .position(|s| *s == job.stage)
            .and_then(|i| stages.get(i + 1));
        let loc = &cx.env.locale;
        let question = match next {
            Some(next) => {
                let stage = loc.t(&format!("care_stage.{next}")).to_string();
                loc.f("trust.move_care", &[("no", &job.job_no), ("stage", &stage)])
            }
            None => loc.f("trust.move_care_done", &[("no", &job.job_no)]),
        };
        *cx.overlay = Some(confirm::dialog(
            confirm::Move::Care { job_id: job.id },
            question,
        ));
    }

    /// The confirmed move of care job `job_id` to its next stage.
    pub fn advance_care(&mut self, job_id: i64, cx: &mut Ctx) -> Effect {
        if self.tab != Tab::Care {
            return Effect::None;
        }
        let Some(job) = self.care.iter().find(|j| j.id == job_id).cloned() else {
            return Effect::None;
        };
        let staff = cx.user_id().unwrap_or_default();
        let stages = cx.env.policy.care_jobs.stages(&job.kind).to_vec();
        // Off the screen's thread, like every save.
        cx.save(
            move |conn| care::advance(conn, job.id, job.version, &stages, staff),
            move |app, result| care_moved(app, &job.job_no, result),
        );
        Effect::None
    }
}

/// The desk, opened over home.
pub fn open(cx: &mut Ctx) -> Effect {
    match DeskState::load(cx) {
        Ok(d) => Effect::Open(Box::new(d)),
        Err(e) => Effect::Fault(e),
    }
}

/// After a care job's move is written: the care list read again (if it is
/// still on screen) with what was done, or why not.
fn care_moved(app: &mut App, job_no: &str, result: Result<String, CareError>) {
    let loc = &app.env.locale;
    match result {
        Ok(stage) => {
            let stage_name = loc.t(&format!("care_stage.{stage}")).to_string();
            let msg = loc.f("desk.care_moved", &[("no", job_no), ("stage", &stage_name)]);
            let mut failed = false;
            app.on_view_as::<DeskState>(|d, cx| {
                if d.tab != Tab::Care {
                    return Effect::None;
                }
                let r = d.read(cx);
                failed = r.is_err();
                Effect::from_result(r)
            });
            if !failed {
                app.info(msg);
            }
        }
        Err(CareError::Refused(code)) => {
            let msg = loc.t(&format!("desk.{code}")).to_string();
            app.error(msg);
        }
        Err(CareError::Db(e)) => app.fault(e),
    }
}

impl View for DeskState {
    fn changed_elsewhere(&mut self, cx: &mut Ctx) -> anyhow::Result<()> {
        View::reload(self, cx)
    }

    fn contexts(&self) -> Vec<Context> {
        vec![Context::Desk]
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::Select,
            Action::Return,
            Action::Intake,
            Action::NextFocus,
            Action::Advance,
            Action::OnePlusFive,
        ]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::desk::draw(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(Tap::Tab(i)) => {
                self.tab = Tab::ALL[(*i).min(Tab::ALL.len() - 1)];
                self.selected = 0;
                Effect::None
            }
            Some(&Tap::Row(i)) if i < self.rows() => {
                let again = self.selected == i;
                self.selected = i;
                if again { self.select(cx) } else { Effect::None }
            }
            _ => Effect::None,
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let len = self.rows();
        match action {
            Action::NextFocus | Action::PrevFocus => {
                self.tab = self.tab.next(action == Action::PrevFocus);
                self.selected = 0;
            }
            a if cursor::move_in_list(&mut self.selected, len, &a) => {}
            Action::Select => return self.select(cx),
            Action::Advance => self.ask_care(cx),
            Action::OnePlusFive => return self.one_plus_five(cx),
            Action::Return => return Effect::Open(Box::<super::returns::ReturnState>::default()),
            Action::Add | Action::Intake => {
                return Effect::Open(Box::new(repair_form::RepairForm::new_blank(cx)));
            }
            Action::Refresh => return Effect::from_result(self.read(cx)),
            Action::Back => return Effect::Back,
            _ => {}
        }
        Effect::None
    }
}
