//! Where things are and the user's settings: the config file
//! (`$XDG_CONFIG_HOME/aftercare/config.toml`), the environment and the
//! command line, in rising order of precedence.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::shop_data::files::{DataError, Files};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// `en` or `zh-CN`.
    pub lang: Option<String>,
    /// A key map name (`default`, `vim`) or a path to one.
    pub keymap: Option<String>,
    /// Minutes without input before the screen locks.
    pub idle_lock_minutes: Option<u32>,
    /// The shop database.
    pub db: Option<PathBuf>,
    /// The folder holding the shop's `data/` and `keymaps/`.
    pub files: Option<PathBuf>,
    /// The receipt printer (`[printer]`: queue or device, encoding, width).
    pub printer: Option<crate::printing::PrinterConfig>,
    /// A chain's head office: `postgres://USER@HOST:PORT/DB`, without the
    /// password (`AFTERCARE_HQ_PASSWORD` or `AFTERCARE_HQ_PASSWORD_FILE`).
    pub hq: Option<String>,
}

/// The folders of this user (XDG on Linux).
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Dirs {
    pub fn find() -> Dirs {
        match directories::ProjectDirs::from("", "", "aftercare") {
            Some(p) => Dirs {
                config: p.config_dir().to_path_buf(),
                data: p.data_dir().to_path_buf(),
            },
            None => Dirs {
                config: PathBuf::from(".aftercare"),
                data: PathBuf::from(".aftercare"),
            },
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }

    /// A user's own key bindings, laid over the chosen key map.
    pub fn user_keymap(&self) -> PathBuf {
        self.config.join("keymap.toml")
    }

    pub fn shop_db(&self) -> PathBuf {
        self.data.join("shop.db")
    }

    pub fn demo_db(&self) -> PathBuf {
        self.data.join("demo.db")
    }
}

impl ConfigFile {
    /// Reads the config file; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<ConfigFile, DataError> {
        if !path.is_file() {
            return Ok(ConfigFile::default());
        }
        Files::read_path(path)?.parse()
    }
}

/// The language from `--lang`, the config file or the locale environment.
pub fn choose_lang(cli: Option<&str>, config: Option<&str>) -> String {
    if let Some(l) = cli.or(config) {
        return normalise_lang(l);
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return normalise_lang(&v);
        }
    }
    "en".into()
}

fn normalise_lang(l: &str) -> String {
    if l.to_ascii_lowercase().starts_with("zh") {
        "zh-CN".into()
    } else {
        "en".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_from_locale_names() {
        assert_eq!(normalise_lang("zh_CN.UTF-8"), "zh-CN");
        assert_eq!(normalise_lang("zh-CN"), "zh-CN");
        assert_eq!(normalise_lang("en_GB.UTF-8"), "en");
        assert_eq!(normalise_lang("C"), "en");
        assert_eq!(choose_lang(Some("zh"), Some("en")), "zh-CN");
    }
}
