//! What a member has done about a measure in one reporting period, and the evidence behind it.

use std::fmt;

use jiff::civil::Date;

/// Where a member stands on a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImplementationStatus {
    NotStarted,
    InProgress,
    SubstantiallyImplemented,
    Complete,
    NotApplicable,
    NoInformation,
}

impl ImplementationStatus {
    pub const ALL: [ImplementationStatus; 6] = [
        ImplementationStatus::NotStarted,
        ImplementationStatus::InProgress,
        ImplementationStatus::SubstantiallyImplemented,
        ImplementationStatus::Complete,
        ImplementationStatus::NotApplicable,
        ImplementationStatus::NoInformation,
    ];

    /// The stable key stored and sent in files: "in-progress".
    pub fn as_str(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "not-started",
            ImplementationStatus::InProgress => "in-progress",
            ImplementationStatus::SubstantiallyImplemented => "substantially-implemented",
            ImplementationStatus::Complete => "complete",
            ImplementationStatus::NotApplicable => "not-applicable",
            ImplementationStatus::NoInformation => "no-information",
        }
    }

    /// As published: "Substantially implemented".
    pub fn label(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "Not started",
            ImplementationStatus::InProgress => "In progress",
            ImplementationStatus::SubstantiallyImplemented => "Substantially implemented",
            ImplementationStatus::Complete => "Complete",
            ImplementationStatus::NotApplicable => "Not applicable",
            ImplementationStatus::NoInformation => "No information",
        }
    }

    /// Reads a key or a label, ignoring case and the choice of `-`, `_` or space; `n/a` too.
    pub fn parse(s: &str) -> Result<ImplementationStatus, StatusParseError> {
        let key: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        if key == "n/a" {
            return Ok(ImplementationStatus::NotApplicable);
        }
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == key)
            .ok_or_else(|| StatusParseError(s.to_string()))
    }

    /// Whether the member has done something about the measure (or found it does not apply):
    /// anything but "not started" and "no information".
    pub fn is_acted_on(self) -> bool {
        !matches!(
            self,
            ImplementationStatus::NotStarted | ImplementationStatus::NoInformation
        )
    }
}

impl fmt::Display for ImplementationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A status that is not one of the six.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{:?} is not an implementation status: expected not-started, in-progress, substantially-implemented, complete, not-applicable or no-information",
    .0
)]
pub struct StatusParseError(pub String);

/// A reporting period of a plan: "2025-H1", 1 January to 30 June 2025.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportingPeriod {
    pub label: String,
    pub start: Date,
    pub end: Date,
}

/// A reference to an evidence item of a compliance assessment, which stays where it is: the same
/// item can back a summit commitment and a plan measure at once, so it is linked, never copied.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvidenceRef {
    /// The cycle's name: "2024 G7 Apulia Summit Final".
    pub cycle: String,
    /// The commitment's code in that cycle: "18".
    pub commitment: String,
    pub member: String,
    /// 1-based number of the evidence item within the member's section, in source order.
    pub evidence: u32,
}

/// A member's status on one measure in one reporting period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRecord {
    pub member: String,
    pub measure_code: String,
    pub period: ReportingPeriod,
    pub status: ImplementationStatus,
    pub evidence: Vec<EvidenceRef>,
    pub note: Option<String>,
}
