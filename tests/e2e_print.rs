//! Printing a goods receipt from a repair job: the printer is a device path
//! that is a plain file, so the bytes can be read back (GB18030 text,
//! ESC/POS commands); then the same through a CUPS queue, with a stand-in
//! `lp` on the PATH. One test, so the PATH change races nothing.

mod common;

use common::{Key, Shop, TestResult};
use std::path::Path;

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn gb(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

/// A leather jacket sold eighty days before the test clock.
fn leather_sale(shop: &Shop) -> common::Customer {
    let customer = shop.findable_customer();
    let c = shop.conn();
    c.execute(
        "INSERT INTO products(style_no, name, category, list_price_fen, current_price_fen, sizes, colours)
         VALUES ('ZZ-LE-0003', 'Test leather jacket', 'leather', 399900, 399900, 'S,M', 'black')",
        [],
    )
    .unwrap();
    let product = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchases(receipt_no, customer_id, purchased_on, total_fen, created_at) VALUES ('TR-0002', ?1, '2026-09-04', 399900, 'x')",
        [customer.id],
    )
    .unwrap();
    let p = c.last_insert_rowid();
    c.execute(
        "INSERT INTO purchase_lines(purchase_id, product_id, size, colour, price_fen) VALUES (?1, ?2, 'M', 'black', 399900)",
        [p, product],
    )
    .unwrap();
    customer
}

fn write_config(shop: &Shop, printer: &str) {
    let dir = shop.path().join("config/aftercare");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), format!("[printer]\n{printer}")).unwrap();
}

#[test]
fn p_on_a_job_prints_both_copies_on_the_receipt_printer() -> TestResult {
    let shop = Shop::demo(30);
    let customer = leather_sale(&shop);
    let out = shop.run(&[
        "shop",
        "--address",
        "上海市静安区南京西路1号",
        "--phone",
        "021-5555 0101",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("南京西路1号"));
    let device = shop.path().join("usb-lp0");
    write_config(
        &shop,
        &format!(
            "device = \"{}\"\nencoding = \"gb18030\"\nwidth = 32\n",
            device.display()
        ),
    );

    let staff = shop.staff();
    let mut t = shop.app().start();
    t.sign_in(&staff, 0)?;
    // Take a leather jacket in for a free repair (Q3), as at the desk.
    t.key(Key::F(6));
    t.wait_for("After-sale desk")?;
    t.send("r");
    t.wait_for("Return or exchange: receipt number")?;
    t.send("TR-0002");
    t.wait_for("1 purchase lines")?;
    t.key(Key::Enter);
    t.wait_for("The case")?;
    t.send(" ");
    t.send(" ");
    t.key(Key::Down);
    t.send(" ");
    t.wait_for("Free repair")?;
    t.key(Key::F(10));
    t.wait_for("Take in a repair")?;
    t.send("left sleeve seam open");
    t.key(Key::F(10));
    t.wait_for("taken in. Goods receipt written to")?;
    assert!(!device.exists(), "nothing printed before p");

    t.send("p");
    t.wait_for("Printed on")?;
    // The receipt is still on screen.
    t.wait_for("GOODS RECEIPT")?;
    let job_no: String = shop
        .conn()
        .query_row(
            "SELECT job_no FROM repair_jobs WHERE style_no = 'ZZ-LE-0003'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let bytes = std::fs::read(&device).unwrap();
    // ESC @ and the Chinese mode, then GB18030 text, on each of two copies.
    assert!(bytes.starts_with(&[0x1b, b'@', 0x1c, b'&']));
    assert_eq!(count(&bytes, &[0x1b, b'@']), 2);
    for text in [
        "上海市静安区南京西路1号",
        "021-5555 0101",
        "SHOP COPY",
        "left sleeve seam open",
    ] {
        assert!(count(&bytes, &gb(text)) >= 1, "{text} missing");
    }
    assert_eq!(count(&bytes, &gb("SHOP COPY")), 1);
    assert_eq!(count(&bytes, &gb("CUSTOMER COPY")), 1);
    assert_eq!(count(&bytes, &gb("上海市静安区南京西路1号")), 2);
    assert_eq!(count(&bytes, "南京西路".as_bytes()), 0, "not UTF-8");
    let name_bytes = gb(&customer.name);
    assert_eq!(count(&bytes, &name_bytes), 2, "{}", customer.name);
    // The job number as a QR code (GS ( k, store then print) on each copy, and a cut.
    let mut store = vec![0x1d, b'(', b'k', (job_no.len() + 3) as u8, 0, 49, 80, 48];
    store.extend(job_no.as_bytes());
    assert_eq!(count(&bytes, &store), 2);
    assert_eq!(count(&bytes, &[0x1d, b'(', b'k', 3, 0, 49, 81, 48]), 2);
    assert_eq!(count(&bytes, &[0x1d, b'V', b'B', 3]), 2);
    // The receipt files are written as before.
    assert!(
        shop.path()
            .join(format!("receipts/{job_no}-32.txt"))
            .is_file()
    );
    drop(t);

    // A CUPS queue: the job goes to `lp -d QUEUE -o raw` on standard input.
    let bin = shop.path().join("fakebin");
    std::fs::create_dir(&bin).unwrap();
    let lp = bin.join("lp");
    let got = shop.path().join("lp-got");
    std::fs::write(
        &lp,
        format!(
            "#!/bin/sh\necho \"$@\" > {0}.args\ncat > {0}.bytes\n",
            got.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // SAFETY: this binary's only test; no other thread reads the environment.
    unsafe { std::env::set_var("PATH", &path) };
    let cfg: toml::Table = toml::from_str("queue = \"front-desk\"\nescpos = false").unwrap();
    let cfg: aftercare::printing::PrinterConfig = cfg.try_into().unwrap();
    let printed = aftercare::printing::send(&cfg, b"receipt\x0c", "R-1").unwrap();
    assert_eq!(printed, "front-desk");
    let args = std::fs::read_to_string(Path::new(&format!("{}.args", got.display()))).unwrap();
    assert_eq!(args.trim(), "-d front-desk -o raw -t R-1");
    assert_eq!(
        std::fs::read(format!("{}.bytes", got.display())).unwrap(),
        b"receipt\x0c"
    );
    Ok(())
}
