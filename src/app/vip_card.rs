//! The VIP card from a customer's file [S1 "告之顾客品牌 VIP 旳等级…VIP 顾客旳
//! 优惠及福利"]: asked in the customer's language, written beside the goods
//! receipts and printed on the shop's receipt printer when one is set.

use super::{App, Ctx, DialogKind, Overlay};
use crate::store::customers::Customer;

/// Asks which language the card is in (the customer's).
pub fn ask(cx: &mut Ctx, customer: &Customer) {
    if customer.erased_at.is_some() {
        return;
    }
    let customer_id = customer.id;
    let name = customer
        .values
        .get(crate::domain::customer::Field::Name)
        .to_string();
    let first = if cx.env.locale.lang == "en" { 1 } else { 0 };
    *cx.overlay = Some(Overlay::dialog(
        DialogKind::VipCard { customer_id, name },
        first,
        None,
    ));
}

/// Writes the card in `lang` (and prints it when the shop has a printer).
pub fn print(app: &mut App, customer_id: i64, lang: &str) {
    let home = std::env::var_os("AFTERCARE_HOME").map(std::path::PathBuf::from);
    let files = crate::shop_data::files::Files::locate(home.as_deref());
    let loc = match crate::i18n::Locale::load(&files, lang) {
        Ok(l) => l,
        Err(e) => return app.fault(anyhow::anyhow!("{e:?}")),
    };
    let width = app.printer.as_ref().map_or(32, |c| c.width);
    let text = crate::ui::vip_card::card(&app.shop_name, &app.env.policy, &loc, width);
    let path = app
        .env
        .receipts_dir
        .join(format!("vip-card-{customer_id}-{lang}.txt"));
    if let Err(e) = crate::shop_files::write_atomic(&path, text.as_bytes()) {
        return app.fault(e.into());
    }
    let shown = path.display().to_string();
    let msg = match app.printer.as_ref() {
        None => app
            .env
            .locale
            .f("practices.card_written", &[("path", &shown)]),
        Some(cfg) => {
            let bytes = crate::printing::render_text(&text, cfg);
            match crate::printing::send(cfg, &bytes, "vip-card") {
                Ok(printer) => app.env.locale.f(
                    "practices.card_printed",
                    &[("printer", &printer), ("path", &shown)],
                ),
                Err(e) => {
                    let why = format!("{e:#}");
                    let msg = app
                        .env
                        .locale
                        .f("practices.card_failed", &[("why", &why), ("path", &shown)]);
                    return app.error(msg);
                }
            }
        }
    };
    app.info(msg);
}
