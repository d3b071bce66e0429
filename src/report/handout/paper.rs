//! The paper the handout is printed on: A4 or US Letter, chosen by a setting whose
//! default comes from the locale (the United States, Canada and a few others print on
//! Letter; the rest of the world on A4).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// Countries whose printers are loaded with US Letter (the territories glibc's
/// LC_PAPER gives Letter).
const LETTER_TERRITORIES: [&str; 8] = ["US", "CA", "MX", "PR", "PH", "CL", "CO", "VE"];

impl Paper {
    /// Both sizes, in menu order.
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::Letter];

    /// Width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            // 210 × 297 mm.
            Paper::A4 => (595.28, 841.89),
            // 8.5 × 11 in.
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The name on the command line (`--paper a4|letter`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// The paper named on the command line, in any case.
    pub fn parse(text: &str) -> Option<Paper> {
        let text = text.trim();
        Paper::ALL
            .into_iter()
            .find(|p| p.cli_name().eq_ignore_ascii_case(text))
    }

    /// The paper for a locale name such as `en_US.UTF-8` or `fr_CA`: Letter for the
    /// territories that use it, A4 for every other territory; `None` when the name has
    /// no territory (`C`, `POSIX`, `en`).
    pub fn for_locale(locale: &str) -> Option<Paper> {
        let name = locale.split(['.', '@']).next().unwrap_or("");
        let territory = name.split_once(['_', '-'])?.1;
        if territory.len() != 2 {
            return None;
        }
        let territory = territory.to_ascii_uppercase();
        Some(if LETTER_TERRITORIES.contains(&territory.as_str()) {
            Paper::Letter
        } else {
            Paper::A4
        })
    }

    /// The locale's paper, from the variables POSIX consults for it in order
    /// (`LC_ALL`, then `LC_PAPER`, then `LANG`); the first that is set decides, and
    /// A4 is the answer when it names no territory.
    pub fn from_locale_vars(
        lc_all: Option<&str>,
        lc_paper: Option<&str>,
        lang: Option<&str>,
    ) -> Paper {
        [lc_all, lc_paper, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.trim().is_empty())
            .and_then(Paper::for_locale)
            .unwrap_or_default()
    }

    /// The paper of this process's locale.
    pub fn from_environment() -> Paper {
        let var = |name| std::env::var(name).ok();
        Paper::from_locale_vars(
            var("LC_ALL").as_deref(),
            var("LC_PAPER").as_deref(),
            var("LANG").as_deref(),
        )
    }
}

/// "A4" or "US Letter", as menus say it.
impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::A4 => "A4",
            Paper::Letter => "US Letter",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_america_prints_on_letter_and_the_rest_on_a4() {
        assert_eq!(Paper::for_locale("en_US.UTF-8"), Some(Paper::Letter));
        assert_eq!(Paper::for_locale("fr_CA.utf8"), Some(Paper::Letter));
        assert_eq!(Paper::for_locale("es_MX"), Some(Paper::Letter));
        assert_eq!(Paper::for_locale("en_GB.UTF-8"), Some(Paper::A4));
        assert_eq!(Paper::for_locale("de_DE@euro"), Some(Paper::A4));
        assert_eq!(Paper::for_locale("en-us"), Some(Paper::Letter));
        assert_eq!(Paper::for_locale("C.UTF-8"), None);
        assert_eq!(Paper::for_locale("POSIX"), None);
    }

    #[test]
    fn lc_all_wins_over_lc_paper_which_wins_over_lang() {
        let us = Some("en_US.UTF-8");
        let de = Some("de_DE.UTF-8");
        assert_eq!(Paper::from_locale_vars(us, de, de), Paper::Letter);
        assert_eq!(Paper::from_locale_vars(None, us, de), Paper::Letter);
        assert_eq!(Paper::from_locale_vars(Some(""), de, us), Paper::A4);
        assert_eq!(Paper::from_locale_vars(None, None, us), Paper::Letter);
        assert_eq!(Paper::from_locale_vars(None, None, None), Paper::A4);
        assert_eq!(Paper::from_locale_vars(Some("C"), us, us), Paper::A4);
    }

    #[test]
    fn names_parse_back() {
        for paper in Paper::ALL {
            assert_eq!(Paper::parse(paper.cli_name()), Some(paper));
        }
        assert_eq!(Paper::parse(" Letter "), Some(Paper::Letter));
        assert_eq!(Paper::parse("a5"), None);
    }
}
