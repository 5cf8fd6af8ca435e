//! Printing a goods receipt on the shop's receipt printer: a CUPS queue
//! (`lp -d QUEUE -o raw`) or a device path (`/dev/usb/lp0`), in the
//! encoding the printer wants (GB18030 for most Chinese 58 mm printers),
//! two copies (the shop's and the customer's), and on an ESC/POS printer
//! the job number as a QR code and a cut after each copy.
//!
//! Set in the config file:
//!
//! ```toml
//! [printer]
//! queue = "receipts"      # or: device = "/dev/usb/lp0"
//! encoding = "gb18030"    # what the printer reads; default utf-8
//! width = 32              # characters per line: 32 on 58 mm, 48 on 80 mm
//! escpos = true           # ESC/POS commands (QR code, cut); default true
//! ```

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::io::Write;
use std::path::PathBuf;

use crate::i18n::Locale;
use crate::store::repairs::Job;

/// The `[printer]` table of the config file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrinterConfig {
    /// A CUPS queue, printed to with `lp -d QUEUE -o raw`.
    pub queue: Option<String>,
    /// A device (or any file) the printer's bytes are written to.
    pub device: Option<PathBuf>,
    /// The printer's character encoding (a WHATWG label: utf-8, gb18030, gbk, big5).
    #[serde(default = "utf8", deserialize_with = "encoding_label")]
    pub encoding: String,
    /// Characters per line (a Chinese character takes two).
    #[serde(default = "default_width")]
    pub width: usize,
    /// Whether the printer takes ESC/POS commands.
    #[serde(default = "yes")]
    pub escpos: bool,
}

fn utf8() -> String {
    "utf-8".into()
}

fn default_width() -> usize {
    32
}

fn yes() -> bool {
    true
}

fn encoding_label<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let label = String::deserialize(d)?;
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(_) => Ok(label),
        None => Err(serde::de::Error::custom(format!(
            "unknown printer encoding {label:?}: use utf-8, gb18030, gbk or big5"
        ))),
    }
}

impl PrinterConfig {
    /// Where the bytes go; exactly one of `queue` and `device`.
    pub fn target(&self) -> Result<Target> {
        match (&self.queue, &self.device) {
            (Some(q), None) => Ok(Target::Queue(q.clone())),
            (None, Some(d)) => Ok(Target::Device(d.clone())),
            _ => bail!("[printer] needs exactly one of queue = \"…\" or device = \"…\""),
        }
    }

    fn encoding(&self) -> &'static encoding_rs::Encoding {
        encoding_rs::Encoding::for_label(self.encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Queue(String),
    Device(PathBuf),
}

/// The shop's heading on a printed receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShopHeading {
    pub name: String,
    pub address: String,
    pub phone: String,
}

const ESC: u8 = 0x1b;
const GS: u8 = 0x1d;
const FS: u8 = 0x1c;

/// The text of one copy: the goods receipt as shown on screen, with the
/// shop's address and phone under its name and the copy's label on top.
fn copy_text(
    job: &Job,
    shop: &ShopHeading,
    terms: &str,
    loc: &Locale,
    width: usize,
    label: &str,
) -> String {
    let body = crate::ui::receipt::goods_receipt(job, &shop.name, terms, loc, width);
    let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
    let mut extra = Vec::new();
    for (key, value) in [
        ("printing.address", &shop.address),
        ("printing.phone", &shop.phone),
    ] {
        if !value.trim().is_empty() {
            let line = loc.f(key, &[("v", value)]);
            extra.extend(crate::ui::receipt::wrap(&line, width));
        }
    }
    let at = 1.min(lines.len());
    lines.splice(at..at, extra);
    lines.insert(0, format!("[{label}]"));
    lines.join("\n") + "\n"
}

/// The bytes for the printer: the shop's copy, then the customer's.
/// `terms`: the 三包 terms printed on every copy.
pub fn render(
    job: &Job,
    shop: &ShopHeading,
    terms: &str,
    loc: &Locale,
    cfg: &PrinterConfig,
) -> Vec<u8> {
    let enc = cfg.encoding();
    let encode = |s: &str| -> Vec<u8> { enc.encode(s).0.into_owned() };
    let chinese = enc != encoding_rs::UTF_8;
    let mut out = Vec::new();
    for label in [loc.t("printing.shop_copy"), loc.t("printing.customer_copy")] {
        let text = copy_text(job, shop, terms, loc, cfg.width, label);
        if cfg.escpos {
            out.extend([ESC, b'@']);
            if chinese {
                // FS &: the printer's double-byte (Chinese) character mode.
                out.extend([FS, b'&']);
            }
            out.extend(encode(&text));
            out.extend([ESC, b'a', 1]);
            out.extend(qr_code(job.job_no.as_bytes()));
            out.extend([ESC, b'a', 0]);
            out.extend(encode(&format!("{}\n", job.job_no)));
            // GS V B 3: feed three lines and cut.
            out.extend([GS, b'V', b'B', 3]);
        } else {
            out.extend(encode(&text));
            // A form feed between copies on a plain printer.
            out.push(0x0c);
        }
    }
    out
}

/// The bytes for one copy of a plain text (the VIP card): the customer's.
pub fn render_text(text: &str, cfg: &PrinterConfig) -> Vec<u8> {
    let enc = cfg.encoding();
    let mut out = Vec::new();
    if cfg.escpos {
        out.extend([ESC, b'@']);
        if enc != encoding_rs::UTF_8 {
            out.extend([FS, b'&']);
        }
        out.extend(enc.encode(text).0.into_owned());
        out.extend([GS, b'V', b'B', 3]);
    } else {
        out.extend(enc.encode(text).0.into_owned());
        out.push(0x0c);
    }
    out
}

/// ESC/POS QR code (GS ( k, model 2): select the model, the module size,
/// error correction M, store the data, print it.
pub fn qr_code(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cmd = |fn_: u8, params: &[u8]| {
        let len = (params.len() + 2) as u16;
        out.extend([
            GS,
            b'(',
            b'k',
            (len & 0xff) as u8,
            (len >> 8) as u8,
            49,
            fn_,
        ]);
        out.extend(params);
    };
    cmd(65, &[50, 0]);
    cmd(67, &[6]);
    cmd(69, &[49]);
    let mut store = vec![48];
    store.extend(data);
    cmd(80, &store);
    cmd(81, &[48]);
    out
}

/// Sends the bytes to the printer; names the printer in the error.
pub fn send(cfg: &PrinterConfig, bytes: &[u8], title: &str) -> Result<String> {
    match cfg.target()? {
        Target::Device(path) => {
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .mode(crate::shop_files::FILE_MODE)
                .open(&path)
                .with_context(|| format!("cannot open the printer {}", path.display()))?;
            f.write_all(bytes)
                .and_then(|()| f.flush())
                .with_context(|| format!("cannot print to {}", path.display()))?;
            Ok(path.display().to_string())
        }
        Target::Queue(queue) => {
            let mut child = std::process::Command::new("lp")
                .args(["-d", &queue, "-o", "raw", "-t", title])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .context("cannot run lp (is CUPS installed?)")?;
            if let Some(mut stdin) = child.stdin.take() {
                stdin
                    .write_all(bytes)
                    .context("cannot send the job to lp")?;
            }
            let out = child.wait_with_output()?;
            if !out.status.success() {
                bail!(
                    "lp -d {queue} failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
            Ok(queue)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shop_data::files::Files;

    fn job() -> Job {
        let mut j = Job {
            id: 1,
            job_no: "R-20261123-0007".into(),
            customer_id: None,
            intake: Default::default(),
            state: "received".into(),
            invoice_no: None,
            staff: Some("王芳".into()),
            version: 1,
        };
        j.intake.contact_name = "李娜".into();
        j.intake.symptoms = "左袖开线".into();
        j
    }

    fn cfg(toml_text: &str) -> PrinterConfig {
        #[derive(Deserialize)]
        struct C {
            printer: PrinterConfig,
        }
        toml::from_str::<C>(toml_text).unwrap().printer
    }

    fn find(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len()).filter(|w| *w == needle).count()
    }

    #[test]
    fn a_chinese_58mm_printer_gets_gb18030_two_copies_a_qr_code_and_cuts() {
        let loc = Locale::load(&Files::locate(None), "zh-CN").unwrap();
        let shop = ShopHeading {
            name: "静安店".into(),
            address: "上海市静安区南京西路1号".into(),
            phone: "021-5555 0101".into(),
        };
        let c = cfg("[printer]\ndevice = \"/dev/usb/lp0\"\nencoding = \"gb18030\"\n");
        assert_eq!(c.width, 32);
        // Step 8 (a) [S3 "三包"]: the guarantee in writing on every copy.
        let policy = crate::shop_data::policy::Policy::load(&Files::locate(None)).unwrap();
        let terms = crate::ui::receipt::sanbao_terms(&loc, &policy.aftersale);
        let bytes = render(&job(), &shop, &terms, &loc, &c);
        let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
        assert!(bytes.starts_with(&[ESC, b'@', FS, b'&']));
        for text in [
            "静安店",
            "南京西路",
            "021-5555 0101",
            "李娜",
            "左袖开线",
            "客户货品领取收据",
            "三包",
            "7 天内可退",
        ] {
            assert_eq!(find(&bytes, &gb(text)), 2, "{text} once on each copy");
        }
        assert_eq!(find(&bytes, &gb(loc.t("printing.shop_copy"))), 1);
        assert_eq!(find(&bytes, &gb(loc.t("printing.customer_copy"))), 1);
        // Not UTF-8: the UTF-8 bytes of the shop's name are nowhere.
        assert_eq!(find(&bytes, "静安店".as_bytes()), 0);
        // The job number as a QR code, stored with its length, on both copies.
        let mut store = vec![GS, b'(', b'k', 18, 0, 49, 80, 48];
        store.extend(b"R-20261123-0007");
        assert_eq!(find(&bytes, &store), 2);
        assert_eq!(find(&bytes, &[GS, b'(', b'k', 3, 0, 49, 81, 48]), 2);
        assert_eq!(find(&bytes, &[GS, b'V', b'B', 3]), 2);
        // Every line fits the paper (two columns for a Chinese character).
        let text = copy_text(&job(), &shop, &terms, &loc, 32, "x");
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 32, "{line}");
        }
    }

    #[test]
    fn a_plain_printer_gets_text_and_a_form_feed_per_copy() {
        let loc = Locale::load(&Files::locate(None), "en").unwrap();
        let c = cfg("[printer]\nqueue = \"front\"\nescpos = false\nwidth = 48\n");
        assert_eq!(c.target().unwrap(), Target::Queue("front".into()));
        let bytes = render(&job(), &ShopHeading::default(), "", &loc, &c);
        assert!(!bytes.contains(&ESC) && !bytes.contains(&GS));
        assert_eq!(bytes.iter().filter(|b| **b == 0x0c).count(), 2);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("GOODS RECEIPT") && text.contains("R-20261123-0007"));
    }

    #[test]
    fn a_printer_setting_must_say_where_and_in_a_known_encoding() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct C {
            printer: PrinterConfig,
        }
        let bad = toml::from_str::<C>("[printer]\ndevice = \"x\"\nencoding = \"klingon\"\n");
        assert!(
            bad.err()
                .unwrap()
                .to_string()
                .contains("unknown printer encoding")
        );
        assert!(cfg("[printer]\n").target().is_err());
        assert!(
            cfg("[printer]\nqueue = \"a\"\ndevice = \"b\"\n")
                .target()
                .is_err()
        );
    }
}
