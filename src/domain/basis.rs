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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Basis {
    /// The short name (as printed in bold in clinical-basis.md) and the full citation
    /// where one is known, e.g. "CDC 2022 — Clinical Practice Guideline …".
    pub source: &'static str,
    /// One sentence saying what the source says, faithful to it.
    pub text: &'static str,
}

impl Basis {
    /// The short name, as clinical-basis.md prints it in bold: the part of the source
    /// before the dash ("CDC 2022").
    pub fn short_name(&self) -> &'static str {
        self.source.split(" — ").next().unwrap_or(self.source)
    }
}

/// Shown as "text (source)", the form alerts and handouts use.
impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.text, self.source)
    }
}

/// CDC 2022 on taper pace: the basis of the pace warnings for a known use history, of
/// the CDC two-phase shape, and of the follow-up interval.
pub const CDC_2022_PACE: Basis = Basis {
    source: "CDC 2022 — Dowell D, et al. CDC Clinical Practice Guideline for Prescribing \
             Opioids for Pain, United States, 2022. MMWR Recomm Rep 2022;71(No. RR-3):1–95, \
             recommendation 5. doi:10.15585/mmwr.rr7103a1",
    text: "After a year or more of use reduce by about 10% per month or slower, after \
           weeks to months reduce by 10% of the original dose per week until about 30% \
           remains and then by about 10% of the remaining dose per week, follow up at \
           least monthly, avoid abrupt stops, and pause and restart the taper when needed.",
};

/// CDC 2022 on opioids with benzodiazepines and other sedatives: the basis for co-use
/// alerts (alcohol and sleeping pills are central nervous system depressants too).
pub const CDC_2022_COMBINATION: Basis = Basis {
    source: "CDC 2022 — Dowell D, et al. CDC Clinical Practice Guideline for Prescribing \
             Opioids for Pain, United States, 2022. MMWR Recomm Rep 2022;71(No. RR-3):1–95 \
             (opioids with benzodiazepines). doi:10.15585/mmwr.rr7103a1",
    text: "Opioids taken together with benzodiazepines or other central nervous system \
           depressants add to the risk of respiratory depression and overdose, so \
           concurrent use calls for particular caution.",
};

/// VA/DoD 2017: a second opinion on pace, and that pauses are acceptable.
pub const VA_DOD_2017: Basis = Basis {
    source: "VA/DoD 2017 — VA/DoD Clinical Practice Guideline for Opioid Therapy for Chronic \
             Pain, version 3.0, February 2017 (since replaced by version 4.0, 2022)",
    text: "Reduce by 5–20% every 4 weeks, or 5–20% per week for a faster taper; pauses of \
           weeks or months are acceptable.",
};

/// FDA labeling: the ceiling on a single reduction and on the pace when the use history
/// is not known.
pub const FDA_LABELING_2019: Basis = Basis {
    source: "FDA opioid labeling — FDA Drug Safety Communication, 9 April 2019: FDA \
             identifies harm reported from sudden discontinuation of opioid pain medicines \
             and requires label changes to guide prescribers on gradual, individualized tapering",
    text: "Reduce by no more than 10–25% of the total daily dose every 2–4 weeks.",
};

/// ASAM 2025: no more than 25% every two weeks, check withdrawal at each cut, slow or
/// pause when it is significant (the basis for suggesting a hold).
pub const ASAM_2025: Basis = Basis {
    source: "ASAM 2025 — Brunner E, et al. Joint Clinical Practice Guideline on \
             Benzodiazepine Tapering: Considerations When Risks Outweigh Benefits. J Gen \
             Intern Med 2025. doi:10.1007/s11606-025-09499-2",
    text: "Start with 5–10% reductions every 2–4 weeks, usually no more than 25% every 2 \
           weeks, check for withdrawal at each reduction, and slow or pause the taper if \
           significant signs or symptoms appear.",
};

/// Horowitz & Taylor 2019: why the proportional (hyperbolic-style) shape exists.
pub const HOROWITZ_TAYLOR_2019: Basis = Basis {
    source: "Horowitz & Taylor 2019 — Horowitz MA, Taylor D. Tapering of SSRI treatment to \
             mitigate withdrawal symptoms. Lancet Psychiatry 2019;6(6):538–46. \
             doi:10.1016/S2215-0366(19)30032-X",
    text: "Because a drug's effect falls hyperbolically with its dose, each reduction \
           should be a share of the current dose, getting smaller as the dose falls, with \
           a final dose well below the usual lowest dose before stopping.",
};

/// Published kratom community practice: the only kratom-specific taper numbers, cited
/// as practice, never as guidance.
pub const KRATOM_COMMUNITY: Basis = Basis {
    source: "r/kratom wiki — Metered Reductions (Tapering), community practice, not guidance",
    text: "Cut about 5% or 0.25 g every 5–7 days using a scale accurate to 0.1 g, and \
           returning to the last daily dose before resuming the taper is acceptable.",
};

/// LiverTox: the liver-injury red flags.
pub const LIVERTOX: Basis = Basis {
    source: "LiverTox — Kratom. LiverTox: Clinical and Research Information on Drug-Induced \
             Liver Injury. National Institute of Diabetes and Digestive and Kidney Diseases; \
             2012–. NBK548231",
    text: "Kratom can injure the liver, with yellow skin or eyes, dark urine, pale stools, \
           itching, upper abdominal pain, fever or severe fatigue, typically 1–8 weeks \
           after starting regular use.",
};

/// Eggleston 2019: poison-centre reports naming agitation, fast heart rate, drowsiness,
/// vomiting, confusion, seizures, hallucinations, slowed breathing and coma.
pub const EGGLESTON_2019: Basis = Basis {
    source: "Eggleston 2019 — Eggleston W, et al. Kratom use and toxicities in the United \
             States. Pharmacotherapy 2019;39(7):775–7. doi:10.1002/phar.2280",
    text: "Of about 2,300 kratom exposures reported to US poison centres the most common \
           effects were agitation, fast heart rate, drowsiness, vomiting and confusion, and \
           seizures, hallucinations, respiratory depression and coma were also reported.",
};

/// Post 2019: poison-centre reports naming nausea and vomiting, fast heart rate and
/// seizures.
pub const POST_2019: Basis = Basis {
    source: "Post 2019 — Post S, et al. Kratom exposures reported to United States poison \
             control centers: 2011–2017. Clin Toxicol 2019;57(10):847–54. \
             doi:10.1080/15563650.2019.1569236",
    text: "Of 1,807 kratom exposures reported to US poison centres in 2011–2017 the most \
           common effects were agitation and fast heart rate, followed by drowsiness and \
           nausea or vomiting, and serious effects included seizures and coma.",
};

/// For chest pain, which no kratom source cited here names: it is kept as a red flag
/// because it calls for emergency services whatever the cause, and says so.
pub const GENERAL_EMERGENCY: Basis = Basis {
    source: "General emergency advice — not from a kratom source",
    text: "Chest pain is a reason to call emergency services whatever its cause; no kratom \
           source cited by this app names it.",
};

/// Prozialeck 2020: alkaloid content varies between products, which is why product and
/// lot are tracked.
pub const PROZIALECK_2020: Basis = Basis {
    source: "Prozialeck 2020 — Int J Environ Res Public Health 2020;17(15):5512",
    text: "Mitragynine content ranged from 3.9 to 62.1 mg/g (0.4–6.2% by weight) across 8 \
           commercial kratom leaf products.",
};

/// Tanna 2023: kratom raised midazolam (CYP3A) exposure, so other medicines deserve a
/// review for interactions.
pub const TANNA_2023: Basis = Basis {
    source: "Tanna 2023 — Tanna RS, et al. Clinical assessment of the drug interaction \
             potential of the psychotropic natural product kratom. Clin Pharmacol Ther \
             2023;113(6):1315–25. doi:10.1002/cpt.2891",
    text: "In 12 volunteers a 2 g kratom tea raised exposure to midazolam, a CYP3A \
           substrate, 1.39-fold and left dextromethorphan (CYP2D6) unchanged, so medicines \
           cleared by CYP3A deserve a review.",
};

/// Garcia-Romeu 2020: the amounts regular users report (plausibility of a start amount).
pub const GARCIA_ROMEU_2020: Basis = Basis {
    source: "Garcia-Romeu 2020 — Drug Alcohol Depend 2020;208:107849",
    text: "In a survey of 2,798 US kratom users the most common amount was 1–3 g per dose.",
};

/// Smith 2024: how many doses a day regular users take (plausibility).
pub const SMITH_2024: Basis = Basis {
    source: "Smith 2024 — J Addict Med 2024. doi:10.1097/ADM.0000000000001259",
    text: "Regular kratom users typically take 2–3 doses a day.",
};

/// Weiss & Douglas 2021: the range of daily amounts seen in clinic patients
/// (plausibility).
pub const WEISS_DOUGLAS_2021: Basis = Basis {
    source: "Weiss & Douglas 2021 — J Addict Med 2021;15(2):167–72",
    text: "Patients treated for kratom use reported from under 20 g to over 40 g a day.",
};

/// Singh 2014: the kratom withdrawal symptoms behind the daily checklist.
pub const SINGH_2014: Basis = Basis {
    source: "Singh 2014 — Singh D, Müller CP, Vicknasingam BK. Kratom (Mitragyna speciosa) \
             dependence, withdrawal symptoms and craving in regular users. Drug Alcohol \
             Depend 2014;139:132–7. doi:10.1016/j.drugalcdep.2014.03.017",
    text: "Kratom withdrawal brings muscle spasms and pain, trouble sleeping, watery eyes \
           and nose, hot flashes, fever, loss of appetite and diarrhoea, with restlessness, \
           tension, anger, sadness and nervousness.",
};

/// Handelsman 1987: the SOWS instrument.
pub const HANDELSMAN_1987: Basis = Basis {
    source: "SOWS — Handelsman L, et al. Two new rating scales for opiate withdrawal. Am J \
             Drug Alcohol Abuse 1987;13(3):293–308",
    text: "The SOWS has 16 self-rated withdrawal items each scored 0–4, for a total of 0–64.",
};

/// Wesson & Ling 2003: the COWS instrument and its bands.
pub const WESSON_LING_2003: Basis = Basis {
    source: "COWS — Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J \
             Psychoactive Drugs 2003;35(2):253–9. doi:10.1080/02791072.2003.10400007",
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
    VA_DOD_2017,
    FDA_LABELING_2019,
    ASAM_2025,
    HOROWITZ_TAYLOR_2019,
    KRATOM_COMMUNITY,
    LIVERTOX,
    EGGLESTON_2019,
    POST_2019,
    GENERAL_EMERGENCY,
    PROZIALECK_2020,
    TANNA_2023,
    GARCIA_ROMEU_2020,
    SMITH_2024,
    WEISS_DOUGLAS_2021,
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
    /// Nausea or vomiting that does not settle: a reason to call the clinician the same
    /// day (poison-centre reports name it).
    PersistentVomiting,
    ChestPain,
    TroubleBreathing,
    Confusion,
    SevereFatigue,
    ExtremeDrowsiness,
    Hallucinations,
}

impl RedFlag {
    /// Every red flag, in the order the check list shows them (liver signs first).
    pub const ALL: [RedFlag; 15] = [
        RedFlag::Jaundice,
        RedFlag::DarkUrine,
        RedFlag::PaleStools,
        RedFlag::Itching,
        RedFlag::UpperAbdominalPain,
        RedFlag::Fever,
        RedFlag::SevereFatigue,
        RedFlag::PersistentVomiting,
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
            RedFlag::PersistentVomiting => ("persistent-vomiting", "Nausea or vomiting that does not settle"),
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
    /// call to the clinic: signs of respiratory depression (trouble breathing, extreme
    /// drowsiness, confusion), a seizure, or chest pain (general emergency advice).
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

    /// The sources that make this symptom a red flag, each of which names it. Chest pain
    /// is named by no kratom source and is kept as general emergency advice.
    pub fn basis(self) -> &'static [Basis] {
        match self {
            RedFlag::Jaundice
            | RedFlag::DarkUrine
            | RedFlag::PaleStools
            | RedFlag::Itching
            | RedFlag::UpperAbdominalPain
            | RedFlag::Fever
            | RedFlag::SevereFatigue => &[LIVERTOX],
            RedFlag::PersistentVomiting => &[POST_2019, EGGLESTON_2019],
            RedFlag::Palpitations | RedFlag::Seizure => &[EGGLESTON_2019, POST_2019],
            RedFlag::Hallucinations
            | RedFlag::ExtremeDrowsiness
            | RedFlag::Confusion
            | RedFlag::TroubleBreathing => &[EGGLESTON_2019],
            RedFlag::ChestPain => &[GENERAL_EMERGENCY],
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

    /// The source for the alert this substance raises: CDC 2022 on opioids with
    /// benzodiazepines and other central nervous system depressants for the sedating
    /// ones, the midazolam study (CYP3A interactions) for other medicines.
    pub fn basis(self) -> Basis {
        match self {
            Substance::Opioid
            | Substance::Benzodiazepine
            | Substance::Alcohol
            | Substance::Sedative => CDC_2022_COMBINATION,
            Substance::Other => TANNA_2023,
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
        assert!(
            shown.ends_with("gradual, individualized tapering)"),
            "{shown}"
        );
        assert!(shown.contains("(FDA opioid labeling — FDA Drug Safety Communication"));
    }

    #[test]
    fn no_citation_is_the_overview_or_the_seed() {
        for basis in ALL {
            let both = format!("{} {}", basis.source, basis.text).to_lowercase();
            assert!(!both.contains("seed"), "{}", basis.source);
            assert!(!both.contains("overview"), "{}", basis.source);
            assert!(!basis.short_name().is_empty());
        }
        assert_eq!(CDC_2022_PACE.short_name(), "CDC 2022");
        assert_eq!(TANNA_2023.short_name(), "Tanna 2023");
    }

    #[test]
    fn every_red_flag_cites_a_source_that_names_it() {
        // The word each source uses for the symptom, checked against its own text.
        let named = |flag: RedFlag| -> &'static [&'static str] {
            match flag {
                RedFlag::Jaundice => &["yellow skin or eyes"],
                RedFlag::DarkUrine => &["dark urine"],
                RedFlag::PaleStools => &["pale stools"],
                RedFlag::Itching => &["itching"],
                RedFlag::UpperAbdominalPain => &["upper abdominal pain"],
                RedFlag::Fever => &["fever"],
                RedFlag::SevereFatigue => &["severe fatigue"],
                RedFlag::PersistentVomiting => &["vomiting"],
                RedFlag::Palpitations => &["fast heart rate"],
                RedFlag::ChestPain => &["chest pain"],
                RedFlag::TroubleBreathing => &["respiratory depression"],
                RedFlag::ExtremeDrowsiness => &["drowsiness"],
                RedFlag::Confusion => &["confusion"],
                RedFlag::Seizure => &["seizures"],
                RedFlag::Hallucinations => &["hallucinations"],
            }
        };
        for flag in RedFlag::ALL {
            assert!(!flag.basis().is_empty(), "{flag:?}");
            for basis in flag.basis() {
                for word in named(flag) {
                    assert!(
                        basis.text.to_lowercase().contains(word),
                        "{flag:?}: {} does not name {word}",
                        basis.source
                    );
                }
            }
        }
        assert_eq!(
            RedFlag::PersistentVomiting.basis(),
            [POST_2019, EGGLESTON_2019]
        );
        assert!(!RedFlag::PersistentVomiting.is_emergency());
        assert!(RedFlag::ChestPain.is_emergency());
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
