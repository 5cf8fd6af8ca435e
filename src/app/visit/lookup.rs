//! The visit's look-ups: products by style number, barcode or words, and
//! customers by what step 1 or step 8 has typed.

use super::{HITS, Text, VisitState};
use crate::domain::visit::FAREWELL;
use crate::store::{products, search};

/// The product and customer look-ups of the step on screen; on a failed
/// query the lists are empty and the error is returned, to be shown.
pub(super) fn rerun_searches(
    conn: &rusqlite::Connection,
    st: &mut VisitState,
) -> anyhow::Result<()> {
    st.product_hits = Vec::new();
    st.customer_hits = Vec::new();
    let product = st.text(Text::ProductSearch).trim().to_string();
    if !product.is_empty() {
        st.product_hits = match on_sale_by_code(conn, &product)? {
            Some(p) => vec![p],
            None => products::find(conn, &product, HITS)?,
        };
    }
    let q = match st.visit.current {
        0 => st.text(Text::CustomerSearch).to_string(),
        FAREWELL => customer_query(st),
        _ => String::new(),
    };
    if !q.trim().is_empty() {
        st.customer_hits = search::search(conn, &q, HITS)?.rows;
    }
    Ok(())
}

/// A style number typed or a barcode scanned at the product picker: that
/// product alone, at once, when it is on sale (not retired).
fn on_sale_by_code(
    conn: &rusqlite::Connection,
    code: &str,
) -> anyhow::Result<Option<products::Product>> {
    let Some(p) = products::lookup(conn, code)? else {
        return Ok(None);
    };
    Ok(products::retired_on(conn, p.id)?.is_none().then_some(p))
}

/// Step 8 searches first by the phone typed, else by the name.
fn customer_query(st: &VisitState) -> String {
    let phone = st.text(Text::RegPhone).trim();
    if crate::domain::customer::phone_digits(phone).len() >= 3 {
        phone.to_string()
    } else {
        st.text(Text::RegName).to_string()
    }
}
