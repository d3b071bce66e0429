//! The sources the app cites. Every alert, default and warning names one of these so
//! that the clinician can review the basis of a suggestion independently (the
//! non-device clinical decision support criteria, see [`FDA_CDS`]). The texts restate
//! `reference/clinical-basis.md`; change them only together with that file.
//!
//! The red flags and the substances not to combine with kratom live here too, beside
//! the sources that make them so; the journal records them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One cited fact: a plain sentence and where it comes from.
///
/// Both parts are `'static` because the app only ever cites the fixed list below;
/// patient files store rule names, not basis texts, so a corrected sentence reaches
/// old files too.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Basis {
    /// The short name (as printed in bold in clinical-basis.md) and the full citation
    /// where one is known, e.g. "CDC 2022 — Clinical Practice Guideline …".
    pub source: &'static str,
    /// One sentence saying what the source says, faithful to it.
    pub text: &'static str,
}

/// Shown as "text (source)", the form alerts and handouts use.
impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.text, self.source)
    }
}

/// CDC 2022 on taper pace: the default for the CDC two-phase shape and slow tapers.
pub const CDC_2022_PACE: Basis = Basis {
    source: "CDC 2022 — Clinical Practice Guideline for Prescribing Opioids for Pain, \
             MMWR Recomm Rep 2022;71(3), recommendation 5",
    text: "After a year or more of use reduce by about 10% per month or slower, after \
           weeks to months reduce by 10% of the original dose per week until about 30% \
           remains and then by about 10% of the remaining dose per week, follow up at \
           least monthly, avoid abrupt stops, and pause and restart the taper when needed.",
};

/// CDC 2022 on opioids with benzodiazepines: the basis for co-use alerts.
pub const CDC_2022_COMBINATION: Basis = Basis {
    source: "CDC 2022 — Clinical Practice Guideline for Prescribing Opioids for Pain, \
             MMWR Recomm Rep 2022;71(3) (opioids with benzodiazepines)",
    text: "Opioids taken together with benzodiazepines or other central nervous system \
           depressants add to the risk of respiratory depression and overdose, so \
           concurrent use calls for particular caution.",
};

/// The kratom overview's own warning against mixing, which covers alcohol and other
/// sedatives that the CDC recommendation does not name, and drug interactions.
pub const SEED_COMBINATION: Basis = Basis {
    source: "Kratom evidence overview (seed) — interactions and avoiding mixing",
    text: "Kratom should not be combined with opioids, benzodiazepines, alcohol or other \
           sedatives, which may raise the risk of respiratory depression and other harms, \
           and it may change the levels of other medicines.",
};

/// VA/DoD 2017: a second opinion on pace, and that pauses are acceptable.
pub const VA_DOD_2017: Basis = Basis {
    source: "VA/DoD 2017 — Clinical Practice Guideline for Opioid Therapy for Chronic Pain",
    text: "Reduce by 5–20% every 4 weeks, or 5–20% per week for a faster taper; pauses of \
           weeks or months are acceptable.",
};

/// FDA class labeling: the ceiling on a single reduction (the large-reduction warning).
pub const FDA_LABELING_2019: Basis = Basis {
    source: "FDA opioid labeling — class labeling, 2019",
    text: "Reduce by no more than 10–25% of the total daily dose every 2–4 weeks.",
};

/// ASAM 2025: check withdrawal at each cut, slow or pause when it is significant (the
/// basis for suggesting a hold).
pub const ASAM_2025: Basis = Basis {
    source: "ASAM 2025 — joint clinical practice guideline on benzodiazepine tapering",
    text: "Start with 5–10% reductions every 2–4 weeks, usually no more than 25% every 2 \
           weeks, check for withdrawal at each reduction, and slow or pause the taper if \
           significant signs or symptoms appear.",
};

/// Horowitz & Taylor 2019: why the proportional (hyperbolic-style) shape exists.
pub const HOROWITZ_TAYLOR_2019: Basis = Basis {
    source: "Horowitz & Taylor 2019 — Lancet Psychiatry 6:538–46",
    text: "Because a drug's effect falls hyperbolically with its dose, each reduction \
           should be a share of the current dose, getting smaller as the dose falls, with \
           a final dose well below the usual lowest dose before stopping.",
};

/// Published kratom community practice: the only kratom-specific taper numbers.
pub const KRATOM_COMMUNITY: Basis = Basis {
    source: "Kratom community practice — r/kratom wiki, taper page",
    text: "Cut about 5% or 0.25 g every 5–7 days using a scale accurate to 0.1 g, and \
           returning to the last daily dose before resuming the taper is acceptable.",
};

/// LiverTox: the liver-injury red flags.
pub const LIVERTOX: Basis = Basis {
    source: "LiverTox — NIH drug-induced liver injury database, kratom entry",
    text: "Kratom can injure the liver, with yellow skin or eyes, dark urine, pale stools, \
           itching, upper abdominal pain, fever or severe fatigue, typically 1–8 weeks \
           after starting regular use.",
};

/// Poison-centre reports: seizures, hallucinations and heavy drowsiness.
pub const PHARMACOTHERAPY_2019: Basis = Basis {
    source: "Pharmacotherapy 2019 — US poison-centre reports of about 2,300 kratom exposures",
    text: "Reported effects of kratom exposure include agitation, fast heart rate, \
           drowsiness, seizures, hallucinations and coma.",
};

/// The kratom overview's monitoring advice: the general "seek care" red flags.
pub const SEED_RED_FLAGS: Basis = Basis {
    source: "Kratom evidence overview (seed) — monitoring for side effects",
    text: "Nausea, palpitations, jaundice, dark urine or severe fatigue warrant medical \
           attention, and seizures and liver injury have been documented.",
};

/// The kratom overview on product quality: why product and lot are tracked.
pub const SEED_PRODUCT_QUALITY: Basis = Basis {
    source: "Kratom evidence overview (seed) — product quality",
    text: "Alkaloid content varies between products and batches and contamination has been \
           found, so prefer products with a recent third-party certificate of analysis and \
           a lot number, and note that a change of product mid-taper can change the real dose.",
};

/// Singh 2014: the kratom withdrawal symptoms behind the daily checklist.
pub const SINGH_2014: Basis = Basis {
    source: "Singh 2014 — kratom users in Malaysia",
    text: "Kratom withdrawal brings muscle spasms and pain, trouble sleeping, watery eyes \
           and nose, hot flashes, fever, loss of appetite and diarrhoea, with restlessness, \
           tension, anger, sadness and nervousness.",
};

/// Handelsman 1987: the SOWS instrument.
pub const HANDELSMAN_1987: Basis = Basis {
    source: "SOWS — Handelsman 1987, Subjective Opiate Withdrawal Scale, \
             Am J Drug Alcohol Abuse 13:293–308",
    text: "The SOWS has 16 self-rated withdrawal items each scored 0–4, for a total of 0–64.",
};

/// Wesson & Ling 2003: the COWS instrument and its bands.
pub const WESSON_LING_2003: Basis = Basis {
    source: "COWS — Wesson & Ling 2003, Clinical Opiate Withdrawal Scale, \
             J Psychoactive Drugs 35:253–9",
    text: "The clinician-rated COWS scores 11 signs, and a total of 5–12 is mild, 13–24 \
           moderate, 25–36 moderately severe and over 36 severe withdrawal.",
};

/// Non-device clinical decision support: why suggestions go to the clinician with
/// their inputs, rule and source, and never decide on their own.
pub const FDA_CDS: Basis = Basis {
    source: "FDA non-device clinical decision support — FD&C Act 520(o)(1)(E); \
             FDA guidance 2022, revised January 2026",
    text: "Decision-support software supports a health-care professional's decision and \
           lets them independently review the basis of each recommendation.",
};

/// Every source, in the order an "about the evidence" page lists them.
pub const ALL: &[Basis] = &[
    CDC_2022_PACE,
    CDC_2022_COMBINATION,
    SEED_COMBINATION,
    VA_DOD_2017,
    FDA_LABELING_2019,
    ASAM_2025,
    HOROWITZ_TAYLOR_2019,
    KRATOM_COMMUNITY,
    LIVERTOX,
    PHARMACOTHERAPY_2019,
    SEED_RED_FLAGS,
    SEED_PRODUCT_QUALITY,
    SINGH_2014,
    HANDELSMAN_1987,
    WESSON_LING_2003,
    FDA_CDS,
];

/// Symptoms that mean "seek medical care now", whatever the plan says. Ticking one
/// raises an urgent alert for the patient and the clinician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RedFlag {
    Jaundice,
    DarkUrine,
    PaleStools,
    Itching,
    UpperAbdominalPain,
    Fever,
    Seizure,
    Palpitations,
    ChestPain,
    TroubleBreathing,
    Confusion,
    SevereFatigue,
    ExtremeDrowsiness,
    Hallucinations,
}

impl RedFlag {
    /// Every red flag, in the order the check list shows them (liver signs first).
    pub const ALL: [RedFlag; 14] = [
        RedFlag::Jaundice,
        RedFlag::DarkUrine,
        RedFlag::PaleStools,
        RedFlag::Itching,
        RedFlag::UpperAbdominalPain,
        RedFlag::Fever,
        RedFlag::SevereFatigue,
        RedFlag::Palpitations,
        RedFlag::ChestPain,
        RedFlag::TroubleBreathing,
        RedFlag::ExtremeDrowsiness,
        RedFlag::Confusion,
        RedFlag::Seizure,
        RedFlag::Hallucinations,
    ];

    /// The command-line name and the patient's words, in one exhaustive match so a
    /// new flag cannot ship without both.
    #[rustfmt::skip]
    fn names(self) -> (&'static str, &'static str) {
        match self {
            RedFlag::Jaundice => ("jaundice", "Yellow skin or eyes (jaundice)"),
            RedFlag::DarkUrine => ("dark-urine", "Dark urine, the colour of tea or cola"),
            RedFlag::PaleStools => ("pale-stools", "Pale or clay-coloured stools"),
            RedFlag::Itching => ("itching", "Itching of the skin"),
            RedFlag::UpperAbdominalPain => ("upper-abdominal-pain", "Pain in the upper belly"),
            RedFlag::Fever => ("fever", "Fever"),
            RedFlag::SevereFatigue => ("severe-fatigue", "Severe tiredness or weakness"),
            RedFlag::Palpitations => ("palpitations", "Racing or pounding heartbeat (palpitations)"),
            RedFlag::ChestPain => ("chest-pain", "Chest pain"),
            RedFlag::TroubleBreathing => ("trouble-breathing", "Trouble breathing or very slow breathing"),
            RedFlag::ExtremeDrowsiness => ("extreme-drowsiness", "Extreme sleepiness or hard to wake"),
            RedFlag::Confusion => ("confusion", "Confusion"),
            RedFlag::Seizure => ("seizure", "A seizure (fit)"),
            RedFlag::Hallucinations => ("hallucinations", "Seeing or hearing things that are not there"),
        }
    }

    /// The name used on the command line (`--red-flag dark-urine`).
    pub fn cli_name(self) -> &'static str {
        self.names().0
    }

    /// The red flag with this command-line name (case-insensitive).
    pub fn from_cli_name(name: &str) -> Option<RedFlag> {
        let name = name.trim();
        RedFlag::ALL
            .into_iter()
            .find(|f| f.cli_name().eq_ignore_ascii_case(name))
    }

    /// What the patient sees: plain words first, the medical term in brackets.
    pub fn plain_label(self) -> &'static str {
        self.names().1
    }

    /// True for the flags that call for emergency services rather than a same-day
    /// appointment: signs of respiratory depression (trouble breathing, extreme
    /// drowsiness, confusion), a seizure, or chest pain.
    pub fn is_emergency(self) -> bool {
        matches!(
            self,
            RedFlag::TroubleBreathing
                | RedFlag::ExtremeDrowsiness
                | RedFlag::Confusion
                | RedFlag::Seizure
                | RedFlag::ChestPain
        )
    }

    /// The source that makes this symptom a red flag.
    pub fn basis(self) -> Basis {
        match self {
            RedFlag::Jaundice
            | RedFlag::DarkUrine
            | RedFlag::PaleStools
            | RedFlag::Itching
            | RedFlag::UpperAbdominalPain
            | RedFlag::Fever
            | RedFlag::SevereFatigue => LIVERTOX,
            RedFlag::Seizure | RedFlag::Hallucinations | RedFlag::ExtremeDrowsiness => {
                PHARMACOTHERAPY_2019
            }
            RedFlag::Palpitations | RedFlag::ChestPain => SEED_RED_FLAGS,
            RedFlag::TroubleBreathing | RedFlag::Confusion => SEED_COMBINATION,
        }
    }
}

/// Other substances taken that day. Opioids, benzodiazepines, alcohol and other
/// sedatives add to the risk of respiratory depression with kratom; "other" records
/// anything else worth a medication review (kratom can change medicine levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Substance {
    Opioid,
    Benzodiazepine,
    Alcohol,
    Sedative,
    Other,
}

impl Substance {
    /// Every substance, in the order the check list shows them.
    pub const ALL: [Substance; 5] = [
        Substance::Opioid,
        Substance::Benzodiazepine,
        Substance::Alcohol,
        Substance::Sedative,
        Substance::Other,
    ];

    /// The command-line name and the label on screen, in one exhaustive match.
    #[rustfmt::skip]
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Substance::Opioid => ("opioid", "Opioids (painkillers such as codeine, oxycodone, tramadol)"),
            Substance::Benzodiazepine => ("benzodiazepine", "Benzodiazepines (such as diazepam, alprazolam)"),
            Substance::Alcohol => ("alcohol", "Alcohol"),
            Substance::Sedative => ("sedative", "Other sedatives or sleeping pills"),
            Substance::Other => ("other", "Other medicines or drugs"),
        }
    }

    /// The name used on the command line (`--substance alcohol`).
    pub fn cli_name(self) -> &'static str {
        self.names().0
    }

    /// The substance with this command-line name (case-insensitive).
    pub fn from_cli_name(name: &str) -> Option<Substance> {
        let name = name.trim();
        Substance::ALL
            .into_iter()
            .find(|s| s.cli_name().eq_ignore_ascii_case(name))
    }

    /// The label on screen.
    pub fn label(self) -> &'static str {
        self.names().1
    }

    /// True for the substances that must not be combined with kratom because they add
    /// to respiratory depression: the co-use alert fires for these.
    pub fn is_sedating(self) -> bool {
        !matches!(self, Substance::Other)
    }

    /// The source for the co-use alert: CDC 2022 for opioids with benzodiazepines,
    /// the kratom overview for alcohol, other sedatives and interactions.
    pub fn basis(self) -> Basis {
        match self {
            Substance::Opioid | Substance::Benzodiazepine => CDC_2022_COMBINATION,
            Substance::Alcohol | Substance::Sedative | Substance::Other => SEED_COMBINATION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_text_then_source() {
        let shown = FDA_LABELING_2019.to_string();
        assert!(shown.starts_with("Reduce by no more than 10–25%"));
        assert!(shown.ends_with("(FDA opioid labeling — class labeling, 2019)"));
    }

    #[test]
    fn every_basis_is_one_nonempty_sentence() {
        for basis in ALL {
            assert!(!basis.source.trim().is_empty());
            assert!(basis.text.ends_with('.'), "{}", basis.source);
            assert!(
                !basis.text.contains(". "),
                "more than one sentence: {}",
                basis.source
            );
            assert!(
                !basis.text.contains("  "),
                "line-continuation spacing: {}",
                basis.source
            );
            assert!(!basis.source.contains("  "), "{}", basis.source);
        }
    }
}
