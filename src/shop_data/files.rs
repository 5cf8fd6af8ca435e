//! The files a shop may change without rebuilding: `data/` and `keymaps/`.
//!
//! They are looked up in a folder (the one named by `AFTERCARE_HOME` or the
//! config file, else beside the program, else the source tree it was built
//! from); a file missing there falls back to the copy built into the program.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a data file, named by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for DataError {}

/// One file's text and the name to show for it in messages.
#[derive(Debug, Clone)]
pub struct Source {
    pub label: String,
    pub text: String,
}

impl Source {
    pub fn error(&self, line: Option<usize>, message: impl Into<String>) -> DataError {
        DataError {
            file: self.label.clone(),
            line,
            message: message.into(),
        }
    }

    /// Turns a TOML parse error into a [`DataError`] with its line.
    pub fn toml_error(&self, e: &toml::de::Error) -> DataError {
        let line = e.span().map(|s| line_of_offset(&self.text, s.start));
        self.error(line, e.message().trim().to_string())
    }

    /// Parses the whole file as `T`, reporting errors with file and line.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, DataError> {
        toml::from_str(&self.text).map_err(|e| self.toml_error(&e))
    }

    /// The line where `key` is set inside the table `[section]` (dotted
    /// sections and arrays of tables included), for validation messages.
    pub fn line_of(&self, section: &str, key: &str) -> Option<usize> {
        line_of_key(&self.text, section, key)
    }
}

pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn line_of_key(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            current = line
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            continue;
        }
        if current == section
            && let Some((k, _)) = line.split_once('=')
            && k.trim().trim_matches('"') == key
        {
            return Some(i + 1);
        }
    }
    None
}

/// Files built into the program, by path relative to the install folder.
const BUILT_IN: &[(&str, &str)] = &[
    ("data/policy.toml", include_str!("../../data/policy.toml")),
    (
        "data/locales/en.toml",
        include_str!("../../data/locales/en.toml"),
    ),
    (
        "data/locales/zh-CN.toml",
        include_str!("../../data/locales/zh-CN.toml"),
    ),
    (
        "keymaps/default.toml",
        include_str!("../../keymaps/default.toml"),
    ),
    ("keymaps/vim.toml", include_str!("../../keymaps/vim.toml")),
    (
        "data/locales/aftersale.en.toml",
        include_str!("../../data/locales/aftersale.en.toml"),
    ),
    (
        "data/locales/aftersale.zh-CN.toml",
        include_str!("../../data/locales/aftersale.zh-CN.toml"),
    ),
    ("data/routing.toml", include_str!("../../data/routing.toml")),
    (
        "data/locales/records.en.toml",
        include_str!("../../data/locales/records.en.toml"),
    ),
    (
        "data/locales/records.zh-CN.toml",
        include_str!("../../data/locales/records.zh-CN.toml"),
    ),
    // The phone formats every phone field accepts.
    ("data/phones.toml", include_str!("../../data/phones.toml")),
    (
        "data/complaints.toml",
        include_str!("../../data/complaints.toml"),
    ),
    ("data/surveys.toml", include_str!("../../data/surveys.toml")),
    (
        "data/locales/complaints.en.toml",
        include_str!("../../data/locales/complaints.en.toml"),
    ),
    (
        "data/locales/complaints.zh-CN.toml",
        include_str!("../../data/locales/complaints.zh-CN.toml"),
    ),
    // The visit flow, training cards and the visit screens' strings.
    ("data/flow/en.toml", include_str!("../../data/flow/en.toml")),
    (
        "data/flow/zh-CN.toml",
        include_str!("../../data/flow/zh-CN.toml"),
    ),
    (
        "data/training/en.toml",
        include_str!("../../data/training/en.toml"),
    ),
    (
        "data/training/zh-CN.toml",
        include_str!("../../data/training/zh-CN.toml"),
    ),
    // The desk, counter and phone cards and their pass marks (issue 16).
    (
        "data/training/skills.toml",
        include_str!("../../data/training/skills.toml"),
    ),
    (
        "data/training/desk.en.toml",
        include_str!("../../data/training/desk.en.toml"),
    ),
    (
        "data/training/desk.zh-CN.toml",
        include_str!("../../data/training/desk.zh-CN.toml"),
    ),
    (
        "data/training/counter.en.toml",
        include_str!("../../data/training/counter.en.toml"),
    ),
    (
        "data/training/counter.zh-CN.toml",
        include_str!("../../data/training/counter.zh-CN.toml"),
    ),
    (
        "data/training/phone.en.toml",
        include_str!("../../data/training/phone.en.toml"),
    ),
    (
        "data/training/phone.zh-CN.toml",
        include_str!("../../data/training/phone.zh-CN.toml"),
    ),
    (
        "data/training/catalogue.toml",
        include_str!("../../data/training/catalogue.toml"),
    ),
    (
        "data/locales/visit.en.toml",
        include_str!("../../data/locales/visit.en.toml"),
    ),
    (
        "data/locales/visit.zh-CN.toml",
        include_str!("../../data/locales/visit.zh-CN.toml"),
    ),
    // The task engine, callbacks and the contact log.
    (
        "data/locales/tasks.en.toml",
        include_str!("../../data/locales/tasks.en.toml"),
    ),
    (
        "data/locales/tasks.zh-CN.toml",
        include_str!("../../data/locales/tasks.zh-CN.toml"),
    ),
    // Greetings: the calendar, the "must never" words, the message library.
    (
        "data/greetings.toml",
        include_str!("../../data/greetings.toml"),
    ),
    (
        "data/templates/en.toml",
        include_str!("../../data/templates/en.toml"),
    ),
    (
        "data/templates/zh-CN.toml",
        include_str!("../../data/templates/zh-CN.toml"),
    ),
    (
        "data/locales/greetings.en.toml",
        include_str!("../../data/locales/greetings.en.toml"),
    ),
    (
        "data/locales/greetings.zh-CN.toml",
        include_str!("../../data/locales/greetings.zh-CN.toml"),
    ),
    (
        "data/locales/import.en.toml",
        include_str!("../../data/locales/import.en.toml"),
    ),
    (
        "data/locales/import.zh-CN.toml",
        include_str!("../../data/locales/import.zh-CN.toml"),
    ),
    (
        "data/import_columns.toml",
        include_str!("../../data/import_columns.toml"),
    ),
    (
        "data/locales/vip.en.toml",
        include_str!("../../data/locales/vip.en.toml"),
    ),
    (
        "data/locales/vip.zh-CN.toml",
        include_str!("../../data/locales/vip.zh-CN.toml"),
    ),
    // The staff board and `aftercare due`.
    (
        "data/locales/board.en.toml",
        include_str!("../../data/locales/board.en.toml"),
    ),
    (
        "data/locales/board.zh-CN.toml",
        include_str!("../../data/locales/board.zh-CN.toml"),
    ),
    (
        "data/locales/trust.en.toml",
        include_str!("../../data/locales/trust.en.toml"),
    ),
    (
        "data/locales/trust.zh-CN.toml",
        include_str!("../../data/locales/trust.zh-CN.toml"),
    ),
    // The source practices at the desk and the till (issue 18).
    (
        "data/locales/practices.en.toml",
        include_str!("../../data/locales/practices.en.toml"),
    ),
    (
        "data/locales/practices.zh-CN.toml",
        include_str!("../../data/locales/practices.zh-CN.toml"),
    ),
    // The source practices at the visit and the till: steps, rewards (h18c).
    (
        "data/practices.toml",
        include_str!("../../data/practices.toml"),
    ),
    // Service quality: 1+5, service checks, satisfaction.
    (
        "data/service_quality.toml",
        include_str!("../../data/service_quality.toml"),
    ),
    (
        "data/locales/quality.en.toml",
        include_str!("../../data/locales/quality.en.toml"),
    ),
    (
        "data/locales/quality.zh-CN.toml",
        include_str!("../../data/locales/quality.zh-CN.toml"),
    ),
];

/// Where the shop's data files are read from.
#[derive(Debug, Clone)]
pub struct Files {
    root: Option<PathBuf>,
}

impl Files {
    /// Only the copies built into the program (tests, or no folder found).
    pub fn built_in() -> Self {
        Files { root: None }
    }

    /// The folder that holds `data/` and `keymaps/`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Files {
            root: Some(root.into()),
        }
    }

    /// Finds the install folder: `explicit` (from `AFTERCARE_HOME` or the
    /// config file), else beside the program, else the source tree.
    pub fn locate(explicit: Option<&Path>) -> Self {
        if let Some(p) = explicit {
            return Files::at(p);
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Ok(exe) = std::env::current_exe()
            && let Some(dir) = exe.parent()
        {
            candidates.push(dir.to_path_buf());
            candidates.push(dir.join("../share/aftercare"));
            // target/{debug,release}/ inside a source checkout
            candidates.push(dir.join("../.."));
        }
        candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        for c in candidates {
            if c.join("data/policy.toml").is_file() {
                return Files::at(c);
            }
        }
        Files::built_in()
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Reads `rel` (e.g. `data/policy.toml`) from the folder, else the built-in copy.
    pub fn read(&self, rel: &str) -> Result<Source, DataError> {
        if let Some(root) = &self.root {
            let path = root.join(rel);
            not_a_file(&path)?;
            if path.is_file() {
                return std::fs::read_to_string(&path)
                    .map(|text| Source {
                        label: path.display().to_string(),
                        text,
                    })
                    .map_err(|e| DataError {
                        file: path.display().to_string(),
                        line: None,
                        message: e.to_string(),
                    });
            }
        }
        BUILT_IN
            .iter()
            .find(|(name, _)| *name == rel)
            .map(|(name, text)| Source {
                label: format!("{name} (built in)"),
                text: (*text).to_string(),
            })
            .ok_or_else(|| DataError {
                file: rel.to_string(),
                line: None,
                message: "file not found".into(),
            })
    }

    /// The files in folder `dir` (relative) whose names end in `suffix`,
    /// from the folder and the built-in copies together, sorted.
    pub fn list(&self, dir: &str, suffix: &str) -> Vec<String> {
        let mut names: Vec<String> = BUILT_IN
            .iter()
            .map(|(n, _)| n.to_string())
            .filter(|n| {
                n.starts_with(&format!("{dir}/"))
                    && n.ends_with(suffix)
                    && !n[dir.len() + 1..].contains('/')
            })
            .collect();
        if let Some(root) = &self.root
            && let Ok(entries) = std::fs::read_dir(root.join(dir))
        {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                // Not only files: a folder or a dangling link so named is refused when read.
                if name.ends_with(suffix) {
                    names.push(format!("{dir}/{name}"));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Reads any file, with no built-in copy (a user's own key map, say).
    pub fn read_path(path: &Path) -> Result<Source, DataError> {
        not_a_file(path)?;
        std::fs::read_to_string(path)
            .map(|text| Source {
                label: path.display().to_string(),
                text,
            })
            .map_err(|e| DataError {
                file: path.display().to_string(),
                line: None,
                message: e.to_string(),
            })
    }
}

/// Something at `path` that is not a file (a folder, a link to nothing)
/// is an error, not a reason to fall back to the built-in copy; nothing
/// there at all is not.
fn not_a_file(path: &Path) -> Result<(), DataError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if path.is_file() {
        return Ok(());
    }
    let what = if path.is_dir() {
        "is a folder, not a file"
    } else if meta.file_type().is_symlink() {
        "is a link to nothing (or to something that is not a file)"
    } else {
        "is not a regular file"
    };
    Err(DataError {
        file: path.display().to_string(),
        line: None,
        message: format!("{what}: put the file itself here, or remove it to use the built-in copy"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_finds_keys_in_their_section() {
        let text = "a = 1\n[x]\nb = 2\n[y.z]\nb = 3\n";
        assert_eq!(line_of_key(text, "", "a"), Some(1));
        assert_eq!(line_of_key(text, "x", "b"), Some(3));
        assert_eq!(line_of_key(text, "y.z", "b"), Some(5));
        assert_eq!(line_of_key(text, "x", "c"), None);
    }

    #[test]
    fn toml_errors_carry_the_line() {
        let src = Source {
            label: "t.toml".into(),
            text: "a = 1\nb = = 2\n".into(),
        };
        let e = src.parse::<toml::Table>().unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("t.toml:2: "));
    }
}
