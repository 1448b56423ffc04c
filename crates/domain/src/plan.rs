//! Action plans: a plan adopted by an institution (the G7 Action Plan to Prevent and Counter the
//! Smuggling of Migrants, the Calais Group Priority Plan) → priorities or pillars → measures →
//! sub-measures; the members whose implementation is tracked and the observers who take part
//! without a status; and the tracking itself ([`StatusRecord`]) with its progress report
//! ([`progress`]).
//!
//! Measures are tracked at their leaves: a measure with sub-measures is implemented through them,
//! so statuses and evidence are recorded against the sub-measures (`2(a)`), not the parent (`2`).

mod progress;
mod tracking;
mod view;

#[cfg(test)]
mod tests;

use jiff::civil::Date;

pub use progress::{Change, Coverage, OutOfScope, ProgressReport, progress};
pub use tracking::{
    EvidenceRef, ImplementationStatus, ReportingPeriod, StatusParseError, StatusRecord,
};
pub use view::{StatusTable, period_and_previous};

/// A plan and its structure, in the order printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The institution that adopted it: "G7", "Calais Group".
    pub institution: String,
    pub title: String,
    pub adopted_on: Option<Date>,
    /// The title of the document the plan was published in (a meeting's outcome document when the
    /// plan is its annex; otherwise the plan itself).
    pub source: String,
    pub rhythm: ReportingRhythm,
    /// The body that monitors and reviews the plan: "Roma-Lyon Group".
    pub reviewed_by: Option<String>,
    /// In scope: each gets a status per tracked measure and reporting period.
    pub members: Vec<String>,
    /// Take part but get no status: "European Commission", "Europol", "Frontex".
    pub observers: Vec<String>,
    pub sections: Vec<PlanSection>,
}

/// How often progress on a plan is reported.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReportingRhythm {
    TwiceAYear,
    Yearly,
    /// As the plan words it, when it is neither of the above.
    Other(String),
    /// The plan says nothing about reporting.
    Unspecified,
}

impl ReportingRhythm {
    /// As shown to readers: "twice a year".
    pub fn label(&self) -> &str {
        match self {
            ReportingRhythm::TwiceAYear => "twice a year",
            ReportingRhythm::Yearly => "yearly",
            ReportingRhythm::Other(s) => s,
            ReportingRhythm::Unspecified => "not specified",
        }
    }
}

/// Whether a section of the plan is one of its priorities or one of its pillars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    Priority,
    Pillar,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Priority => "priority",
            SectionKind::Pillar => "pillar",
        }
    }

    pub fn parse(s: &str) -> Option<SectionKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "priority" => Some(SectionKind::Priority),
            "pillar" => Some(SectionKind::Pillar),
            _ => None,
        }
    }
}

/// A priority or pillar with its measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSection {
    pub kind: SectionKind,
    /// As printed: "1", "I".
    pub number: String,
    pub title: String,
    /// The section's whole wording (heading and any paragraphs before its measures).
    pub text: String,
    pub measures: Vec<Measure>,
}

/// A measure of a plan, with its sub-measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Stable within the plan: "I.3", "2", "2(a)". Statuses refer to measures by this code.
    pub code: String,
    pub text: String,
    pub sub_measures: Vec<Measure>,
}

impl Measure {
    /// This measure and every sub-measure below it, depth first.
    pub fn walk(&self) -> Vec<&Measure> {
        let mut out = vec![self];
        for m in &self.sub_measures {
            out.extend(m.walk());
        }
        out
    }

    /// The measures at which implementation is tracked: this one if it has no sub-measures,
    /// otherwise its sub-measures' leaves.
    pub fn leaves(&self) -> Vec<&Measure> {
        if self.sub_measures.is_empty() {
            return vec![self];
        }
        self.sub_measures.iter().flat_map(Measure::leaves).collect()
    }
}

impl Plan {
    /// Every measure and sub-measure, in the order printed.
    pub fn measures(&self) -> Vec<&Measure> {
        self.sections
            .iter()
            .flat_map(|s| s.measures.iter().flat_map(Measure::walk))
            .collect()
    }

    /// The measures statuses are recorded against (those without sub-measures), in order.
    pub fn tracked_measures(&self) -> Vec<&Measure> {
        self.sections
            .iter()
            .flat_map(|s| s.measures.iter().flat_map(Measure::leaves))
            .collect()
    }

    /// The measure or sub-measure with this code.
    pub fn measure(&self, code: &str) -> Option<&Measure> {
        self.measures().into_iter().find(|m| m.code == code)
    }

    /// The sections of one kind, in order.
    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &PlanSection> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// Whether `name` is a member in scope (observers are not).
    pub fn is_member(&self, name: &str) -> bool {
        self.members.iter().any(|m| m == name)
    }
}
