//! Who runs the site, as every page shows it: the contact in the footer,
//! and the imprint, privacy and terms pages the operator writes.

use crate::inputs::Invalid;
use serde::{Deserialize, Serialize};

/// The operator's contact, for the footer and the imprint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteContact {
    pub name: String,
    /// Lines.
    pub address: Vec<String>,
    pub email: String,
    pub phone: String,
    pub vat_id: String,
}

/// One of the pages the operator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalKind {
    Imprint,
    Privacy,
    Terms,
}

impl LegalKind {
    pub const ALL: [LegalKind; 3] = [LegalKind::Imprint, LegalKind::Privacy, LegalKind::Terms];

    /// Its path: `/imprint`, `/privacy`, `/terms`.
    pub fn path(self) -> &'static str {
        match self {
            LegalKind::Imprint => "/imprint",
            LegalKind::Privacy => "/privacy",
            LegalKind::Terms => "/terms",
        }
    }

    pub fn from_path(path: &str) -> Option<LegalKind> {
        LegalKind::ALL.into_iter().find(|k| k.path() == path)
    }
}

/// A legal page as served: its text already rendered to safe HTML on the
/// server (no raw HTML, no script links), empty when not written yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalPage {
    pub kind: LegalKind,
    pub html: String,
    pub contact: Option<SiteContact>,
}

/// The admin's form for the three texts (`form[imprint]`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalForm {
    #[serde(default)]
    pub imprint: String,
    #[serde(default)]
    pub privacy: String,
    #[serde(default)]
    pub terms: String,
}

impl LegalForm {
    pub const MAX_CHARS: usize = 30_000;

    /// The texts trimmed, or the first field at fault and why.
    pub fn parse(&self) -> Result<LegalForm, (&'static str, Invalid)> {
        let one = |field: &'static str, text: &str| {
            let text = text.trim().replace("\r\n", "\n");
            if text.chars().count() > Self::MAX_CHARS {
                return Err((field, Invalid("legal-page-too-long")));
            }
            if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            {
                return Err((field, Invalid("control-characters")));
            }
            Ok(text)
        };
        Ok(LegalForm {
            imprint: one("imprint", &self.imprint)?,
            privacy: one("privacy", &self.privacy)?,
            terms: one("terms", &self.terms)?,
        })
    }
}
