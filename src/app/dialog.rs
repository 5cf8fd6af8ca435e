//! The overlays over a screen: the help, and the yes/no dialogs (erasing a
//! file, leaving unsaved edits, resuming a draft, an exchange, an override,
//! calling a gathering off, joining the club), with what each answer does.

use super::input::TextField;
use super::{Action, App, CUSTOMER_FORM, Effect, callbacks, complaints, file, form, vip};
use crate::app::returns::ReturnState;
use crate::store::drafts::{self, Draft};

pub enum Overlay {
    Help,
    Dialog(Box<Dialog>),
}

impl Overlay {
    /// Dialogs whose "yes" cannot be undone: an Enter arriving in a burst
    /// (right after another key) never answers them.
    pub fn guards_enter(&self) -> bool {
        matches!(self, Overlay::Dialog(d) if matches!(
            d.kind,
            DialogKind::Erase { .. }
                | DialogKind::ConfirmMove { .. }
                | DialogKind::Override
                | DialogKind::CancelGathering { .. }
        ))
    }

    pub fn dialog(kind: DialogKind, focus: usize, reason: Option<TextField>) -> Overlay {
        Overlay::Dialog(Box::new(Dialog {
            kind,
            focus,
            reason,
            error: None,
        }))
    }
}

pub struct Dialog {
    pub kind: DialogKind,
    /// 0 = the confirming button, 1 = cancel.
    pub focus: usize,
    /// A reason to type (erasure).
    pub reason: Option<TextField>,
    pub error: Option<String>,
}

pub enum DialogKind {
    /// Erasing a file: first the reason is typed, then the customer's name.
    Erase {
        customer_id: i64,
        name: String,
        /// The reason, once given; the field then takes the name.
        reason: Option<String>,
    },
    /// A copy of everything held about a customer: in Chinese (0) or English (1).
    ExportCustomer {
        customer_id: i64,
        name: String,
    },
    /// The VIP card for a customer: in Chinese (0) or English (1).
    VipCard {
        customer_id: i64,
        name: String,
    },
    /// A job or complaint state move, named, waiting for its confirmation.
    ConfirmMove {
        what: super::confirm::Move,
        question: String,
    },
    /// Leaving a form with unsaved edits.
    Discard {
        then: Action,
    },
    ResumeDraft {
        draft: Draft,
        label: String,
    },
    /// An exchange: goods in the shop now, or sent from another shop.
    ExchangeHow,
    /// A manager overrides a refusal; the reason is typed.
    Override,
    /// A cosmetic's reaction or lack of effect: the batch 批号 is typed.
    CosmeticBatch,
    /// A manager calls a gathering off.
    CancelGathering {
        id: i64,
        label: String,
    },
    /// The customer joins the VIP club by paying the fee.
    JoinClub {
        customer_id: i64,
        name: String,
    },
}

impl App {
    pub(super) fn update_overlay(&mut self, action: Action) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        let dialog = match overlay {
            Overlay::Help => {
                if !matches!(
                    action,
                    Action::Back | Action::Help | Action::Select | Action::Tap { .. }
                ) {
                    self.overlay = Some(Overlay::Help);
                }
                return;
            }
            Overlay::Dialog(d) => d,
        };
        self.update_dialog(dialog, action);
    }

    fn update_dialog(&mut self, mut d: Box<Dialog>, action: Action) {
        match action {
            Action::Back
                if matches!(
                    d.kind,
                    DialogKind::ExportCustomer { .. } | DialogKind::VipCard { .. }
                ) =>
            {
                return;
            }
            Action::Back => {
                return self.dialog_answer(d, false);
            }
            Action::NextFocus | Action::PrevFocus => d.focus = 1 - d.focus,
            Action::Select | Action::Save => {
                let yes = d.focus == 0;
                return self.dialog_answer(d, yes);
            }
            Action::Pick { zone: 0, index } => {
                d.focus = (index as usize).min(1);
                return self.dialog_answer(d, index == 0);
            }
            Action::Type(c) => {
                if let Some(r) = &mut d.reason {
                    r.type_char(c);
                }
            }
            a if a.is_text_edit() => {
                if let Some(r) = &mut d.reason {
                    r.edit(a);
                }
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Dialog(d));
    }

    fn dialog_answer(&mut self, mut d: Box<Dialog>, yes: bool) {
        match d.kind {
            DialogKind::Erase { .. } => {
                if yes {
                    self.erase_answer(d);
                }
            }
            DialogKind::VipCard { customer_id, .. } => {
                let lang = if d.focus == 0 { "zh-CN" } else { "en" };
                super::vip_card::print(self, customer_id, lang);
            }
            DialogKind::ExportCustomer { customer_id, name } => {
                let lang = if d.focus == 0 { "zh-CN" } else { "en" };
                super::access::export(self, customer_id, &name, lang);
            }
            DialogKind::ConfirmMove { what, .. } => {
                if yes {
                    super::confirm::confirmed(self, what);
                }
            }
            DialogKind::Discard { then } => {
                if yes {
                    self.discard_answer(then);
                }
            }
            DialogKind::ExchangeHow => {
                if yes || d.focus == 1 {
                    let how = if yes { "on_spot" } else { "transfer" };
                    self.on_view_as::<ReturnState>(|r, cx| r.record(Some(how), None, cx));
                }
            }
            DialogKind::Override => {
                if !yes {
                    return;
                }
                let reason = d
                    .reason
                    .as_ref()
                    .map(|r| r.value().trim().to_string())
                    .unwrap_or_default();
                if reason.is_empty() {
                    d.error = Some(self.t("desk.override_reason_required").to_string());
                    self.overlay = Some(Overlay::Dialog(d));
                    return;
                }
                self.on_view_as::<ReturnState>(|r, cx| r.record(None, Some(reason), cx));
            }
            DialogKind::CosmeticBatch => {
                if !yes {
                    return;
                }
                let batch = d
                    .reason
                    .as_ref()
                    .map(|r| crate::domain::text::clean(r.value(), 30))
                    .unwrap_or_default();
                if batch.is_empty() {
                    d.error = Some(self.t("practices.batch_required").to_string());
                    self.overlay = Some(Overlay::Dialog(d));
                    return;
                }
                self.on_view_as::<ReturnState>(|r, cx| r.batch_given(batch, cx));
            }
            DialogKind::CancelGathering { id, .. } => {
                if yes {
                    self.on_view_as::<vip::VipState>(|v, cx| {
                        v.cancel_gathering(id, cx);
                        Effect::None
                    });
                }
            }
            DialogKind::JoinClub { customer_id, name } => {
                if yes {
                    file::join_club(self, customer_id, &name);
                }
            }
            DialogKind::ResumeDraft { draft, .. } => self.resume_answer(&draft, yes, d.focus),
        }
    }

    /// A customer's erasure: first the reason, then their name typed to
    /// confirm; then erased off the screen's thread.
    fn erase_answer(&mut self, mut d: Box<Dialog>) {
        let DialogKind::Erase {
            customer_id,
            ref name,
            ref mut reason,
        } = d.kind
        else {
            return;
        };
        let typed = d
            .reason
            .as_ref()
            .map(|r| crate::domain::text::clean(r.value(), 200))
            .unwrap_or_default();
        let Some(given) = reason.clone() else {
            // First the reason; then the name is asked for.
            if typed.is_empty() {
                d.error = Some(self.t("erase.reason_required").to_string());
            } else {
                *reason = Some(typed);
                d.reason = Some(TextField::new("", 200));
                d.error = None;
            }
            self.overlay = Some(Overlay::Dialog(d));
            return;
        };
        if !crate::domain::erasure::name_confirms(&typed, name) {
            d.error = Some(self.t("trust.erase_name_mismatch").to_string());
            self.overlay = Some(Overlay::Dialog(d));
            return;
        }
        let reason = given;
        let staff = self.user.as_ref().map(|u| u.id).unwrap_or_default();
        let name = name.clone();
        // Off the screen's thread, like every save: the file stays
        // on screen until the erasure has landed.
        self.save_in_background(
            move |conn| crate::store::customers::erase(conn, customer_id, staff, &reason),
            move |app, erased| match erased {
                Ok(()) => {
                    let msg = app.env.locale.f("erase.done", &[("name", &name)]);
                    app.history
                        .retain(|s| !s.is::<file::FileState>() && !s.is::<form::FormState>());
                    let on_it = app
                        .view::<file::FileState>()
                        .is_some_and(|f| f.customer.id == customer_id);
                    if on_it {
                        app.back();
                    }
                    app.info(msg);
                }
                Err(e) => app.fault(e),
            },
        );
    }

    /// Unsaved work discarded (the customer form's draft too), then on to
    /// `then`.
    fn discard_answer(&mut self, then: Action) {
        complaints::discard_draft(self);
        callbacks::work::discard_on_screen(self);
        let form = self
            .view::<form::FormState>()
            .map(|f| f.customer_id.unwrap_or(0));
        if let Some(subject) = form
            && let Some(u) = self.user.as_ref().map(|u| u.id)
            && let Err(e) = drafts::discard(&mut self.env.conn, u, CUSTOMER_FORM, subject)
        {
            self.fault(e);
        }
        if then == Action::Back {
            self.back();
        } else {
            self.go(then);
        }
    }

    /// A draft resumed on its screen; "Discard" chosen (`focus` 1, not
    /// merely Esc) deletes it.
    fn resume_answer(&mut self, draft: &Draft, yes: bool, focus: usize) {
        if yes && complaints::owns_draft(draft) {
            complaints::resume(self, draft);
        } else if yes && callbacks::work::owns_draft(draft) {
            callbacks::work::resume(self, draft);
        } else if yes {
            form::resume(self, draft);
        } else if focus == 1 {
            // "Discard" was chosen, not merely Esc: the draft goes.
            if let Some(u) = &self.user
                && let Err(e) =
                    drafts::discard(&mut self.env.conn, u.id, &draft.kind, draft.subject_id)
            {
                self.fault(e);
            }
        }
    }
}
