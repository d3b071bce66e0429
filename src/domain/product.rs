//! Products as bought and their certificate of analysis: the product-quality advice
//! asks for a lot number and a recent, third-party tested certificate.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::identity::ItemMeta;

/// A product as bought, so the clinician can see what the patient took and whether it
/// was tested.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    #[serde(default)]
    pub vendor: String,
    /// Powder, capsules, extract, tea…
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub lot: String,
    #[serde(default)]
    pub coa: Option<CertificateOfAnalysis>,
    /// Its id, who noted it and when, for merging copies.
    #[serde(default)]
    pub meta: ItemMeta,
}

/// The parts of a third-party certificate of analysis the product-quality advice asks
/// for: its date, the alkaloid content and contaminant testing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateOfAnalysis {
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Mitragynine content in tenths of a percent (15 = 1.5%).
    #[serde(default)]
    pub mitragynine_percent_tenths: Option<u16>,
    #[serde(default)]
    pub tested_metals: bool,
    #[serde(default)]
    pub tested_microbes: bool,
}

impl Product {
    /// True when the product has a lot number, which the product-quality advice asks for.
    pub fn has_lot(&self) -> bool {
        !self.lot.trim().is_empty()
    }

    /// True when there is a certificate dated within `max_age_days` before `today`
    /// (the advice asks for a *recent* one; the caller chooses how recent).
    pub fn has_recent_coa(&self, today: NaiveDate, max_age_days: i64) -> bool {
        self.coa
            .as_ref()
            .and_then(|c| c.date)
            .is_some_and(|d| d <= today && (today - d).num_days() <= max_age_days)
    }
}
