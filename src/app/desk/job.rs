//! One repair job: its facts, its moves with their confirmation, its goods
//! receipt on screen, in files and on the printer.

use anyhow::{Result, anyhow};
use chrono::Duration;

use crate::app::input::TextField;
use crate::app::{Action, App, Ctx, Effect, Env, HitMap, View, confirm, cursor, quality};
use crate::domain::quality::JobKind;
use crate::domain::repair;
use crate::keymap::Context;
use crate::store::repairs::{self, Event, Job, MoveError};

/// What a tap on a job's page lands on.
pub enum Tap {
    /// The move button at this index of the job's moves.
    Move(usize),
    /// The invoice number field.
    Invoice,
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
    /// Job `id` as it is in the database.
    pub fn load(cx: &Ctx, id: i64) -> Result<JobState> {
        let conn = &cx.env.conn;
        let job = repairs::get(conn, id)?.ok_or_else(|| anyhow!("repair job {id} not found"))?;
        let events = repairs::events(conn, id)?;
        let moves = repair::next_states(&job.state);
        let one_plus_five = crate::store::one_plus_five::get(conn, JobKind::Repair, id)?;
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

    /// Reads the job again, keeping the receipt's width and files.
    fn read(&mut self, cx: &Ctx) -> Result<()> {
        let fresh = JobState::load(cx, self.job.id)?;
        let files = self.receipt_files.take();
        let width = self.receipt_width;
        *self = fresh;
        self.receipt_files = files;
        self.receipt_width = width;
        Ok(())
    }

    /// Asks before the focused move is made, naming it.
    fn ask_move(&self, cx: &mut Ctx) {
        let Some(to) = self.moves.get(self.focus).copied() else {
            return;
        };
        let loc = &cx.env.locale;
        let state = loc.t(&format!("repair_state.{to}")).to_string();
        let question = loc.f(
            "trust.move_job",
            &[("no", &self.job.job_no), ("state", &state)],
        );
        let what = confirm::Move::Repair {
            job_id: self.job.id,
            index: self.focus,
        };
        *cx.overlay = Some(confirm::dialog(what, question));
    }

    /// The confirmed move at `index` of this job's moves.
    pub fn move_confirmed(&mut self, job_id: i64, index: usize, cx: &mut Ctx) -> Effect {
        if self.job.id == job_id && index < self.moves.len() {
            self.focus = index;
            self.make_move(cx);
        }
        Effect::None
    }

    fn make_move(&self, cx: &mut Ctx) {
        let staff = cx.user_id().unwrap_or_default();
        let today = cx.today();
        let revisit = cx.env.policy.repairs.revisit_after_days;
        let Some(to) = self.moves.get(self.focus).copied() else {
            return;
        };
        let invoice = self.invoice.value().to_string();
        let (job_id, version, job_no) = (self.job.id, self.job.version, self.job.job_no.clone());
        // Off the screen's thread: the job stays on screen ("saving…") while
        // another process holds the database.
        cx.save(
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
            move |app, result| {
                let moved = Moved {
                    job_id,
                    job_no,
                    to,
                    today,
                    revisit,
                };
                moved.done(app, result)
            },
        );
    }

    /// Writes the receipts and sends them to the printer, if the shop has one.
    fn print(&mut self, cx: &mut Ctx) {
        let files = match write_receipts(cx.env, cx.shop_name, &self.job) {
            Ok(files) => files,
            Err(e) => return cx.fault(e),
        };
        let loc = &cx.env.locale;
        let msg = match print_copies(cx, &self.job) {
            None => loc.f("desk.receipt_written", &[("path", &files.0)]),
            Some(Ok(printer)) => loc.f(
                "printing.printed",
                &[("printer", &printer), ("path", &files.0)],
            ),
            Some(Err(e)) => {
                let why = format!("{e:#}");
                let msg = loc.f("printing.failed", &[("why", &why), ("path", &files.0)]);
                self.receipt_files = Some(files);
                return cx.error(msg);
            }
        };
        self.receipt_files = Some(files);
        cx.info(msg);
    }
}

/// A job opened from another screen (home's repairs, an intake just saved).
pub fn open(cx: &mut Ctx, id: i64) -> Effect {
    match JobState::load(cx, id) {
        Ok(j) => Effect::Open(Box::new(j)),
        Err(e) => Effect::Fault(e),
    }
}

/// Writes the job's goods receipt at both widths; returns the two paths.
pub fn write_receipts(env: &Env, shop_name: &str, job: &Job) -> Result<(String, String)> {
    let dir = &env.receipts_dir;
    let mut paths = Vec::new();
    let terms = crate::ui::receipt::sanbao_terms(&env.locale, &env.policy.aftersale);
    for w in [80, 32] {
        let text = crate::ui::receipt::goods_receipt(job, shop_name, &terms, &env.locale, w);
        let path = dir.join(format!("{}-{w}.txt", job.job_no));
        crate::shop_files::write_atomic(&path, text.as_bytes())?;
        paths.push(path.display().to_string());
    }
    Ok((paths[0].clone(), paths[1].clone()))
}

/// The shop's and the customer's copy on the configured printer; `None`
/// when the shop has no printer set.
fn print_copies(cx: &Ctx, job: &Job) -> Option<Result<String>> {
    let cfg = cx.printer?;
    let env = &*cx.env;
    Some((|| {
        let shop = crate::store::shop_contact::heading(&env.conn)?.unwrap_or_else(|| {
            crate::printing::ShopHeading {
                name: cx.shop_name.to_string(),
                ..Default::default()
            }
        });
        let terms = crate::ui::receipt::sanbao_terms(&env.locale, &env.policy.aftersale);
        let bytes = crate::printing::render(job, &shop, &terms, &env.locale, cfg);
        crate::printing::send(cfg, &bytes, &job.job_no)
    })())
}

/// A move on its way to the database, for what follows once it is written.
struct Moved {
    job_id: i64,
    job_no: String,
    to: &'static str,
    today: chrono::NaiveDate,
    revisit: u32,
}

impl Moved {
    /// The job read again with what was done, or why not. The job is read
    /// again only if it is still on screen.
    fn done(self, app: &mut App, result: Result<(), MoveError>) {
        let loc = &app.env.locale;
        let msg = match result {
            Ok(()) => {
                let state = loc.t(&format!("repair_state.{}", self.to)).to_string();
                let mut msg = loc.f("desk.moved", &[("no", &self.job_no), ("state", &state)]);
                if self.to == "ready" {
                    msg.push_str(loc.t("desk.call_task"));
                } else if self.to == "collected" {
                    let due = (self.today + Duration::days(self.revisit as i64)).to_string();
                    msg.push_str(&loc.f("desk.revisit_task", &[("due", &due)]));
                }
                let mut failed = false;
                app.on_view_as::<JobState>(|j, cx| {
                    if j.job.id != self.job_id {
                        return Effect::None;
                    }
                    let r = j.read(cx);
                    failed = r.is_err();
                    Effect::from_result(r)
                });
                if !failed {
                    app.info(msg);
                }
                return;
            }
            Err(MoveError::Refused(code)) => {
                let msg = loc.t(&format!("desk.{code}")).to_string();
                if code == "invoice_needed"
                    && let Some(j) = app.view_mut::<JobState>()
                    && j.job.id == self.job_id
                {
                    j.focus = j.moves.len();
                }
                msg
            }
            Err(MoveError::Conflict { by, at }) => {
                let who = by.unwrap_or_else(|| loc.t("form.someone").to_string());
                loc.f(
                    "desk.conflict",
                    &[("who", &who), ("at", &crate::app::form::local_time(&at))],
                )
            }
            Err(MoveError::Db(e)) => return app.fault(e),
        };
        app.error(msg);
    }
}

impl View for JobState {
    fn contexts(&self) -> Vec<Context> {
        if self.focus_is_text() {
            vec![Context::Text, Context::Job]
        } else {
            vec![Context::Job]
        }
    }

    fn hints(&self, _app: &App) -> Vec<Action> {
        vec![
            Action::Select,
            Action::NextFocus,
            Action::OnePlusFive,
            Action::Print,
            Action::Toggle,
            Action::Back,
        ]
    }

    fn draw(
        &self,
        frame: &mut ratatui::Frame,
        area: ratatui::layout::Rect,
        app: &App,
        hits: &mut HitMap,
    ) {
        crate::ui::desk::draw_job(frame, area, app, self, hits)
    }

    fn reload(&mut self, cx: &mut Ctx) -> Result<()> {
        self.read(cx)
    }

    fn tap(&mut self, target: &dyn std::any::Any, cx: &mut Ctx) -> Effect {
        match target.downcast_ref::<Tap>() {
            Some(&Tap::Move(i)) if i < self.moves.len() => {
                self.focus = i;
                self.ask_move(cx);
            }
            Some(Tap::Invoice) => self.focus = self.moves.len(),
            _ => {}
        }
        Effect::None
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) -> Effect {
        let n = self.controls();
        let text = self.focus_is_text();
        match action {
            Action::NextFocus | Action::PrevFocus => {
                cursor::move_focus(&mut self.focus, n, &action);
            }
            Action::Up | Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.scroll = self.scroll.saturating_add(1),
            Action::Type(c) if !text && c.is_ascii_digit() => {
                let i = c.to_digit(10).unwrap_or(0) as usize;
                if (1..=self.moves.len()).contains(&i) {
                    self.focus = i - 1;
                    self.ask_move(cx);
                }
            }
            Action::Type(c) if text => {
                self.invoice.type_char(c);
            }
            a if a.is_text_edit() && text => {
                self.invoice.edit(a);
            }
            Action::Select | Action::Save if self.focus < self.moves.len() => self.ask_move(cx),
            Action::Select | Action::Save => {}
            Action::Print => self.print(cx),
            Action::OnePlusFive => {
                let (id, no) = (self.job.id, self.job.job_no.clone());
                return match quality::OnePlusFiveForm::open(cx, JobKind::Repair, id, &no) {
                    Ok(f) => Effect::Open(Box::new(f)),
                    Err(e) => Effect::Fault(e),
                };
            }
            Action::Toggle => self.receipt_width = if self.receipt_width == 80 { 32 } else { 80 },
            Action::Back => return Effect::Back,
            Action::Refresh => return Effect::from_result(self.read(cx)),
            _ => {}
        }
        Effect::None
    }
}
