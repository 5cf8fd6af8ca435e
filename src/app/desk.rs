//! The after-sale desk: the repair register and the care jobs, one job's
//! page with its moves and receipt.

use anyhow::{Result, anyhow};
use chrono::Duration;

use super::input::TextField;
use super::{Action, App, Screen, quality, repair_form, returns};
use crate::domain::quality::JobKind;
use crate::domain::repair;
use crate::store::care::{self, CareError, CareJob};
use crate::store::repairs::{self, Event, Job, MoveError};

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
        let n = Tab::ALL.len();
        Tab::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }]
    }
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
    pub fn load(app: &App) -> Result<DeskState> {
        let mut d = DeskState {
            tab: Tab::Repairs,
            jobs: Vec::new(),
            all_jobs: Vec::new(),
            care: Vec::new(),
            selected: 0,
        };
        d.reload(app)?;
        Ok(d)
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let today = app.today();
        self.jobs = repairs::register(&app.env.conn, today, today, true, today)?;
        let from = today - Duration::days(REGISTER_DAYS);
        self.all_jobs = repairs::register(&app.env.conn, from, today, false, today)?;
        self.all_jobs.reverse();
        self.care = care::open_jobs(&app.env.conn)?;
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
}

pub fn open(app: &mut App) {
    match DeskState::load(app) {
        Ok(d) => app.open(Screen::Desk(d)),
        Err(e) => app.fault(e),
    }
}

pub fn update(app: &mut App, action: Action) {
    let Screen::Desk(d) = &mut app.screen else {
        return;
    };
    let len = d.rows();
    match action {
        Action::NextFocus | Action::PrevFocus => {
            d.tab = d.tab.next(action == Action::PrevFocus);
            d.selected = 0;
        }
        Action::Pick { zone: 9, index } => {
            d.tab = Tab::ALL[(index as usize).min(Tab::ALL.len() - 1)];
            d.selected = 0;
        }
        Action::Up | Action::ScrollUp => d.selected = d.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            d.selected = (d.selected + 1).min(len.saturating_sub(1))
        }
        Action::PageUp => d.selected = d.selected.saturating_sub(10),
        Action::PageDown => d.selected = (d.selected + 10).min(len.saturating_sub(1)),
        Action::First => d.selected = 0,
        Action::Last => d.selected = len.saturating_sub(1),
        Action::Pick { zone: 0, index } if (index as usize) < len => {
            let again = d.selected == index as usize;
            d.selected = index as usize;
            if again {
                select(app);
            }
        }
        Action::Select => select(app),
        Action::Advance => ask_care(app),
        Action::OnePlusFive => one_plus_five(app),
        Action::Return => returns::open(app),
        Action::Add | Action::Intake => repair_form::open_blank(app),
        Action::Refresh => {
            let mut d = std::mem::replace(
                d,
                DeskState {
                    tab: Tab::Repairs,
                    jobs: Vec::new(),
                    all_jobs: Vec::new(),
                    care: Vec::new(),
                    selected: 0,
                },
            );
            let r = d.reload(app);
            app.screen = Screen::Desk(d);
            if let Err(e) = r {
                app.fault(e);
            }
        }
        Action::Back => app.back(),
        _ => {}
    }
}

fn select(app: &mut App) {
    let Screen::Desk(d) = &app.screen else { return };
    match d.tab {
        Tab::Repairs | Tab::Register => {
            let list = if d.tab == Tab::Repairs {
                &d.jobs
            } else {
                &d.all_jobs
            };
            if let Some(j) = list.get(d.selected) {
                open_job(app, j.id);
            }
        }
        Tab::Care => ask_care(app),
    }
}

/// The "1+5" of the selected job: a repair on the repair tabs, a care job on the care tab.
fn one_plus_five(app: &mut App) {
    let Screen::Desk(d) = &app.screen else { return };
    let picked = match d.tab {
        Tab::Repairs => d
            .jobs
            .get(d.selected)
            .map(|j| (JobKind::Repair, j.id, j.job_no.clone())),
        Tab::Register => d
            .all_jobs
            .get(d.selected)
            .map(|j| (JobKind::Repair, j.id, j.job_no.clone())),
        Tab::Care => d
            .care
            .get(d.selected)
            .map(|j| (JobKind::Care, j.id, j.job_no.clone())),
    };
    match picked {
        Some((kind, id, no)) => quality::open_one_plus_five(app, kind, id, &no),
        None => {
            let msg = app.t("quality.no_care_job").to_string();
            app.error(msg);
        }
    }
}

/// Asks before the selected care job moves to its next stage, naming it.
fn ask_care(app: &mut App) {
    let Screen::Desk(d) = &app.screen else { return };
    if d.tab != Tab::Care {
        return;
    }
    let Some(job) = d.care.get(d.selected) else {
        return;
    };
    let stages = app.env.policy.care_jobs.stages(&job.kind);
    let next = stages
        .iter()
        .position(|s| *s == job.stage)
        .and_then(|i| stages.get(i + 1));
    let loc = &app.env.locale;
    let question = match next {
        Some(next) => {
            let stage = loc.t(&format!("care_stage.{next}")).to_string();
            loc.f("trust.move_care", &[("no", &job.job_no), ("stage", &stage)])
        }
        None => loc.f("trust.move_care_done", &[("no", &job.job_no)]),
    };
    let what = super::confirm::Move::Care { job_id: job.id };
    super::confirm::ask(app, what, question);
}

/// The confirmed move of care job `job_id` to its next stage.
pub(super) fn advance_care_confirmed(app: &mut App, job_id: i64) {
    let Screen::Desk(d) = &app.screen else { return };
    if d.tab != Tab::Care {
        return;
    }
    let Some(job) = d.care.iter().find(|j| j.id == job_id).cloned() else {
        return;
    };
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let stages = app.env.policy.care_jobs.stages(&job.kind).to_vec();
    // Off the screen's thread, like every save.
    app.save_in_background(
        move |conn| care::advance(conn, job.id, job.version, &stages, staff),
        move |app, result| care_moved(app, &job.job_no, result),
    );
}

/// After a care job's move is written: the care list read again (if it is
/// still on screen) with what was done, or why not.
fn care_moved(app: &mut App, job_no: &str, result: Result<String, CareError>) {
    let loc = &app.env.locale;
    match result {
        Ok(stage) => {
            let stage_name = loc.t(&format!("care_stage.{stage}")).to_string();
            let msg = loc.f("desk.care_moved", &[("no", job_no), ("stage", &stage_name)]);
            if let Screen::Desk(d) = &mut app.screen
                && d.tab == Tab::Care
            {
                let mut d = std::mem::replace(
                    d,
                    DeskState {
                        tab: Tab::Care,
                        jobs: Vec::new(),
                        all_jobs: Vec::new(),
                        care: Vec::new(),
                        selected: 0,
                    },
                );
                let r = d.reload(app);
                app.screen = Screen::Desk(d);
                if let Err(e) = r {
                    return app.fault(e);
                }
            }
            app.info(msg);
        }
        Err(CareError::Refused(code)) => {
            let msg = loc.t(&format!("desk.{code}")).to_string();
            app.error(msg);
        }
        Err(CareError::Db(e)) => app.fault(e),
    }
}

/// One repair job: its facts, its moves, the buttons for the next ones.
pub struct JobState {
    pub job: Job,
    pub events: Vec<Event>,
    /// The moves open from the job's state.
    pub moves: Vec<&'static str>,
    pub invoice: TextField,
    /// 0..moves.len(): a move button; moves.len(): the invoice field.
    pub focus: usize,
    /// Receipt width shown: 80 or 32 columns.
    pub receipt_width: usize,
    pub receipt_files: Option<(String, String)>,
    pub scroll: u16,
    /// The job's "1+5" record, if made.
    pub one_plus_five: Option<crate::store::one_plus_five::Record>,
}

impl JobState {
    fn load(app: &App, id: i64) -> Result<JobState> {
        let job =
            repairs::get(&app.env.conn, id)?.ok_or_else(|| anyhow!("repair job {id} not found"))?;
        let events = repairs::events(&app.env.conn, id)?;
        let moves = repair::next_states(&job.state);
        let one_plus_five = crate::store::one_plus_five::get(&app.env.conn, JobKind::Repair, id)?;
        Ok(JobState {
            one_plus_five,
            invoice: TextField::new(job.invoice_no.as_deref().unwrap_or(""), 40),
            job,
            events,
            moves,
            focus: 0,
            receipt_width: 32,
            receipt_files: None,
            scroll: 0,
        })
    }

    pub fn wants_invoice(&self) -> bool {
        self.job.intake.fee_fen > 0 && repair::is_open(&self.job.state)
    }

    pub fn focus_is_text(&self) -> bool {
        self.wants_invoice() && self.focus == self.moves.len()
    }

    fn controls(&self) -> usize {
        self.moves.len() + self.wants_invoice() as usize
    }

    pub fn reload(&mut self, app: &App) -> Result<()> {
        let fresh = JobState::load(app, self.job.id)?;
        let files = self.receipt_files.take();
        let width = self.receipt_width;
        *self = fresh;
        self.receipt_files = files;
        self.receipt_width = width;
        Ok(())
    }
}

pub fn open_job(app: &mut App, id: i64) {
    match JobState::load(app, id) {
        Ok(j) => app.open(Screen::Job(Box::new(j))),
        Err(e) => app.fault(e),
    }
}

/// Writes the job's goods receipt at both widths; returns the two paths.
pub fn write_receipts(app: &App, job: &Job) -> Result<(String, String)> {
    let dir = &app.env.receipts_dir;
    let mut paths = Vec::new();
    let terms = crate::ui::receipt::sanbao_terms(&app.env.locale, &app.env.policy.aftersale);
    for w in [80, 32] {
        let text =
            crate::ui::receipt::goods_receipt(job, &app.shop_name, &terms, &app.env.locale, w);
        let path = dir.join(format!("{}-{w}.txt", job.job_no));
        crate::shop_files::write_atomic(&path, text.as_bytes())?;
        paths.push(path.display().to_string());
    }
    Ok((paths[0].clone(), paths[1].clone()))
}

pub fn update_job(app: &mut App, action: Action) {
    let Screen::Job(j) = &mut app.screen else {
        return;
    };
    let n = j.controls();
    match action {
        Action::NextFocus if n > 0 => j.focus = (j.focus + 1) % n,
        Action::PrevFocus if n > 0 => j.focus = (j.focus + n - 1) % n,
        Action::Up | Action::ScrollUp => j.scroll = j.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => j.scroll = j.scroll.saturating_add(1),
        Action::Type(c) if !j.focus_is_text() && c.is_ascii_digit() => {
            let i = c.to_digit(10).unwrap_or(0) as usize;
            if (1..=j.moves.len()).contains(&i) {
                j.focus = i - 1;
                ask_move(app);
            }
        }
        Action::Type(c) if j.focus_is_text() => {
            j.invoice.type_char(c);
        }
        a if a.is_text_edit() && j.focus_is_text() => {
            j.invoice.edit(a);
        }
        Action::Pick { zone: 0, index } if (index as usize) < j.moves.len() => {
            j.focus = index as usize;
            ask_move(app);
        }
        Action::Pick { zone: 1, .. } => {
            j.focus = j.moves.len();
        }
        Action::Select | Action::Save if j.focus < j.moves.len() => ask_move(app),
        Action::Select | Action::Save => {}
        Action::Print => print(app),
        Action::OnePlusFive => {
            let (id, no) = (j.job.id, j.job.job_no.clone());
            quality::open_one_plus_five(app, JobKind::Repair, id, &no);
        }
        Action::Toggle => j.receipt_width = if j.receipt_width == 80 { 32 } else { 80 },
        Action::Back => app.back(),
        Action::Refresh => {
            let r = {
                let Screen::Job(j) = &mut app.screen else {
                    return;
                };
                let mut j2 = std::mem::replace(j, Box::new(stand_in_job()));
                let r = j2.reload(app);
                app.screen = Screen::Job(j2);
                r
            };
            if let Err(e) = r {
                app.fault(e);
            }
        }
        _ => {}
    }
}

/// An empty job page, only to move the real one out while it is re-read.
fn stand_in_job() -> JobState {
    JobState {
        job: Job {
            id: 0,
            job_no: String::new(),
            customer_id: None,
            intake: Default::default(),
            state: String::new(),
            invoice_no: None,
            staff: None,
            version: 0,
        },
        events: Vec::new(),
        moves: Vec::new(),
        invoice: TextField::new("", 1),
        focus: 0,
        receipt_width: 32,
        receipt_files: None,
        scroll: 0,
        one_plus_five: None,
    }
}

fn print(app: &mut App) {
    let Screen::Job(j) = &app.screen else { return };
    let job = j.job.clone();
    match write_receipts(app, &job) {
        Ok(files) => {
            let msg = match print_copies(app, &job) {
                None => app
                    .env
                    .locale
                    .f("desk.receipt_written", &[("path", &files.0)]),
                Some(Ok(printer)) => app.env.locale.f(
                    "printing.printed",
                    &[("printer", &printer), ("path", &files.0)],
                ),
                Some(Err(e)) => {
                    let why = format!("{e:#}");
                    let msg = app
                        .env
                        .locale
                        .f("printing.failed", &[("why", &why), ("path", &files.0)]);
                    if let Screen::Job(j) = &mut app.screen {
                        j.receipt_files = Some(files);
                    }
                    app.error(msg);
                    return;
                }
            };
            if let Screen::Job(j) = &mut app.screen {
                j.receipt_files = Some(files);
            }
            app.info(msg);
        }
        Err(e) => app.fault(e),
    }
}

/// The shop's and the customer's copy on the configured printer; `None`
/// when the shop has no printer set.
fn print_copies(app: &App, job: &Job) -> Option<Result<String>> {
    let cfg = app.printer.as_ref()?;
    Some((|| {
        let shop = crate::store::shop_contact::heading(&app.env.conn)?.unwrap_or_else(|| {
            crate::printing::ShopHeading {
                name: app.shop_name.clone(),
                ..Default::default()
            }
        });
        let terms = crate::ui::receipt::sanbao_terms(&app.env.locale, &app.env.policy.aftersale);
        let bytes = crate::printing::render(job, &shop, &terms, &app.env.locale, cfg);
        crate::printing::send(cfg, &bytes, &job.job_no)
    })())
}

/// Asks before the focused move is made, naming it.
fn ask_move(app: &mut App) {
    let Screen::Job(j) = &app.screen else { return };
    let Some(to) = j.moves.get(j.focus).copied() else {
        return;
    };
    let loc = &app.env.locale;
    let state = loc.t(&format!("repair_state.{to}")).to_string();
    let question = loc.f(
        "trust.move_job",
        &[("no", &j.job.job_no), ("state", &state)],
    );
    let what = super::confirm::Move::Repair {
        job_id: j.job.id,
        index: j.focus,
    };
    super::confirm::ask(app, what, question);
}

pub(super) fn make_move(app: &mut App) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    let revisit = app.env.policy.repairs.revisit_after_days;
    let Screen::Job(j) = &mut app.screen else {
        return;
    };
    let Some(to) = j.moves.get(j.focus).copied() else {
        return;
    };
    let invoice = j.invoice.value().to_string();
    let (job_id, version, job_no) = (j.job.id, j.job.version, j.job.job_no.clone());
    // Off the screen's thread: the job stays on screen ("saving…") while
    // another process holds the database.
    app.save_in_background(
        move |conn| {
            repairs::move_to(
                conn,
                job_id,
                version,
                to,
                "",
                Some(&invoice),
                staff,
                today,
                revisit,
            )
        },
        move |app, result| moved(app, job_id, &job_no, to, today, revisit, result),
    );
}

/// After a job's move is written: the job read again with what was done,
/// or why not. The job is read again only if it is still on screen.
fn moved(
    app: &mut App,
    job_id: i64,
    job_no: &str,
    to: &'static str,
    today: chrono::NaiveDate,
    revisit: u32,
    result: Result<(), MoveError>,
) {
    let loc = &app.env.locale;
    let msg = match result {
        Ok(()) => {
            let state = loc.t(&format!("repair_state.{to}")).to_string();
            let mut msg = loc.f("desk.moved", &[("no", job_no), ("state", &state)]);
            if to == "ready" {
                msg.push_str(loc.t("desk.call_task"));
            } else if to == "collected" {
                let due = (today + Duration::days(revisit as i64)).to_string();
                msg.push_str(&loc.f("desk.revisit_task", &[("due", &due)]));
            }
            if let Screen::Job(j) = &mut app.screen
                && j.job.id == job_id
            {
                let mut j2 = std::mem::replace(j, Box::new(stand_in_job()));
                let r = j2.reload(app);
                app.screen = Screen::Job(j2);
                if let Err(e) = r {
                    return app.fault(e);
                }
            }
            return app.info(msg);
        }
        Err(MoveError::Refused(code)) => {
            if code == "invoice_needed"
                && let Screen::Job(j) = &mut app.screen
                && j.job.id == job_id
            {
                j.focus = j.moves.len();
            }
            loc.t(&format!("desk.{code}")).to_string()
        }
        Err(MoveError::Conflict { by, at }) => {
            let who = by.unwrap_or_else(|| loc.t("form.someone").to_string());
            loc.f(
                "desk.conflict",
                &[("who", &who), ("at", &super::form::local_time(&at))],
            )
        }
        Err(MoveError::Db(e)) => return app.fault(e),
    };
    app.error(msg);
}
