//! What the registers write: an opinion marked worth keeping (off the
//! screen's thread) and the rows of the filters as a CSV file.

use anyhow::Result;
use std::path::PathBuf;

use super::super::reread;
use super::{RegisterKind, RegisterState};
use crate::app::{Ctx, Effect, Env};
use crate::export::complaints as ex;
use crate::store::complaints::opinions;

impl RegisterState {
    /// Marks the opinion selected worth keeping, or not; off the screen's thread.
    pub(super) fn toggle_kept(&mut self, cx: &mut Ctx) -> Effect {
        let Some(r) = self.refs.get(self.selected).copied() else {
            return Effect::None;
        };
        let Some(id) = r.opinion else {
            let msg = cx.t("complaints.keep_opinions_only").to_string();
            cx.error(msg);
            return Effect::None;
        };
        let staff = cx.user_id().unwrap_or_default();
        let keep = !r.worth_keeping;
        cx.save(
            move |conn| opinions::set_worth_keeping(conn, id, keep, staff),
            move |app, result| match result {
                Ok(()) => {
                    app.on_view_as::<RegisterState>(|s, cx| reread(s, cx));
                    let key = if keep {
                        "complaints.kept"
                    } else {
                        "complaints.unkept"
                    };
                    let msg = app.t(key).to_string();
                    app.info(msg);
                }
                Err(e) => app.fault(e),
            },
        );
        Effect::None
    }

    /// The rows of the filters as a CSV file in `exports/`.
    pub(super) fn export(&mut self, cx: &mut Ctx) -> Effect {
        let kind = self.kind;
        let Some(mut f) = self.filter(&cx.env.locale) else {
            return Effect::None;
        };
        f.limit = None;
        let dir = export_dir(cx.env);
        let name = format!(
            "{}-{}-{}.csv",
            kind.id(),
            f.from
                .map(|d| d.to_string())
                .unwrap_or_else(|| "start".into()),
            f.to.unwrap_or(cx.today())
        );
        let path = dir.join(name);
        let env = &*cx.env;
        let result = (|| -> Result<usize> {
            let out = std::io::BufWriter::new(crate::shop_files::create(&path)?);
            let (loc, conn) = (&env.locale, &env.conn);
            match kind {
                RegisterKind::Complaints => ex::export_complaints(conn, loc, &f, out),
                RegisterKind::Surveys => {
                    ex::export_surveys(conn, loc, &env.policy.service.questions, &f, out)
                }
                RegisterKind::Opinions => ex::export_opinions(conn, loc, &f, out),
            }
        })();
        match result {
            Ok(n) => {
                let msg = cx.env.locale.f(
                    "complaints.exported",
                    &[("n", &n.to_string()), ("path", &path.display().to_string())],
                );
                cx.info(msg);
                Effect::None
            }
            Err(e) => Effect::Fault(e),
        }
    }
}

/// Where the app writes an export: `exports/` beside the shop database.
fn export_dir(env: &Env) -> PathBuf {
    env.conn
        .path()
        .filter(|p| !p.is_empty())
        .and_then(|p| std::path::Path::new(p).parent().map(|d| d.join("exports")))
        .unwrap_or_else(|| PathBuf::from("exports"))
}
