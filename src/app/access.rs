//! A customer's copy of everything held about them (PIPL art. 45), asked
//! for on their file by a manager: the language first, then the file.

use super::{App, Ctx, DialogKind, Overlay};
use crate::store::subject_access;

/// Asks which language the copy is written in (the customer's).
pub fn ask(cx: &mut Ctx, customer_id: i64, name: String) {
    if !cx.is_manager() {
        let msg = cx.t("access.managers_only").to_string();
        return cx.error(msg);
    }
    let first = if cx.env.locale.lang == "en" { 1 } else { 0 };
    *cx.overlay = Some(Overlay::dialog(
        DialogKind::ExportCustomer { customer_id, name },
        first,
        None,
    ));
}

/// Writes the copy in `lang`, audited as the manager's act. The audit row
/// and the file are written on the saving worker: the screen never waits
/// for the database or the disk.
pub fn export(app: &mut App, customer_id: i64, name: &str, lang: &str) {
    let staff = app.user.as_ref().map(|u| u.id).unwrap_or_default();
    let today = app.today();
    let home = std::env::var_os("AFTERCARE_HOME").map(std::path::PathBuf::from);
    let files = crate::shop_data::files::Files::locate(home.as_deref());
    let path = app
        .env
        .receipts_dir
        .with_file_name("exports")
        .join(format!("customer-{customer_id}-{today}-{lang}.txt"));
    let (lang, shop, name, written) = (
        lang.to_string(),
        app.shop_name.clone(),
        name.to_string(),
        path.clone(),
    );
    app.save_in_background(
        move |conn| {
            let loc =
                crate::i18n::Locale::load(&files, &lang).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            subject_access::record_export(conn, customer_id, staff, &lang)?;
            crate::export::customer_data::write_file(conn, customer_id, &loc, &shop, today, &path)
        },
        move |app, result: anyhow::Result<()>| match result {
            Ok(()) => {
                let msg = app.env.locale.f(
                    "access.done",
                    &[("name", &name), ("path", &written.display().to_string())],
                );
                app.info(msg);
            }
            Err(e) => app.fault(e),
        },
    );
}
