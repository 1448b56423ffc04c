//! Reading tracked statuses the way pages and reports show them: the record that counts for
//! each member × measure of a period, a period and the one before it, coverage as a percent and
//! the short forms of statuses. The progress report uses the same rule for which record counts.

use std::collections::BTreeMap;

use super::progress::index;
use super::{
    Coverage, ImplementationStatus, Measure, Plan, PlanSection, ReportingPeriod, StatusRecord,
};

/// One period's records, one per member in scope × tracked measure: the last record counts, as
/// in [`super::progress`]. Records of observers, unknown names or untracked measures are left
/// out.
#[derive(Debug, Clone, Default)]
pub struct StatusTable<'a> {
    records: BTreeMap<(&'a str, &'a str), &'a StatusRecord>,
}

impl<'a> StatusTable<'a> {
    pub fn of(plan: &Plan, records: &'a [StatusRecord]) -> StatusTable<'a> {
        let tracked = plan.tracked_measures();
        StatusTable {
            records: index(plan, &tracked, records, &mut Vec::new()),
        }
    }

    /// The record that counts for `member` on `measure`, if any.
    pub fn get(&self, member: &str, measure: &str) -> Option<&'a StatusRecord> {
        self.records.get(&(member, measure)).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// The period labelled `label` and the one before it, in the order given (the store's: by
/// start date); `None` when no period has that label.
pub fn period_and_previous<'a>(
    periods: &'a [ReportingPeriod],
    label: &str,
) -> Option<(&'a ReportingPeriod, Option<&'a ReportingPeriod>)> {
    let at = periods.iter().position(|p| p.label == label)?;
    Some((&periods[at], at.checked_sub(1).map(|i| &periods[i])))
}

impl Coverage {
    /// The share as a whole percent, rounded half up in integers; `None` when nothing is in
    /// scope (0 of 0 is no share at all).
    pub fn percent(&self) -> Option<u32> {
        let (with, of) = (u64::from(self.with_evidence), u64::from(self.in_scope));
        if of == 0 {
            return None;
        }
        u32::try_from((with * 200 + of) / (2 * of)).ok()
    }
}

impl PlanSection {
    /// The section's measures statuses are recorded against, in order.
    pub fn tracked_measures(&self) -> Vec<&Measure> {
        self.measures.iter().flat_map(Measure::leaves).collect()
    }

    /// "Pillar I: Capacity", "Priority 2: Finance".
    pub fn heading(&self) -> String {
        let kind = match self.kind {
            super::SectionKind::Pillar => "Pillar",
            super::SectionKind::Priority => "Priority",
        };
        format!("{kind} {}: {}", self.number, self.title)
    }
}

impl Plan {
    /// The section holding the measure or sub-measure with this code.
    pub fn section_of(&self, code: &str) -> Option<&PlanSection> {
        self.sections.iter().find(|s| {
            s.measures
                .iter()
                .flat_map(Measure::walk)
                .any(|m| m.code == code)
        })
    }

    /// Whether `code` is a measure statuses are recorded against.
    pub fn is_tracked(&self, code: &str) -> bool {
        self.measure(code)
            .is_some_and(|m| m.sub_measures.is_empty())
    }
}

impl ImplementationStatus {
    /// A short form for a crowded matrix cell, always shown with the label at hand: "IP".
    pub fn abbreviation(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "NS",
            ImplementationStatus::InProgress => "IP",
            ImplementationStatus::SubstantiallyImplemented => "SI",
            ImplementationStatus::Complete => "C",
            ImplementationStatus::NotApplicable => "n/a",
            ImplementationStatus::NoInformation => "NI",
        }
    }
}
