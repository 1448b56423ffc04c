//! The progress report of a reporting period: what changed since the previous one, how much of
//! each member's scope is backed by evidence, and which measures nobody has acted on.

use std::collections::BTreeMap;
use std::fmt;

use super::{ImplementationStatus, Plan, StatusRecord};

/// One member's status on one measure differs from the previous period's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub member: String,
    pub measure: String,
    /// `None` when the previous period had no record for this member and measure.
    pub from: Option<ImplementationStatus>,
    pub to: ImplementationStatus,
}

/// The share of a member's measures backed by at least one piece of evidence, kept as the two
/// counts (an exact fraction, unreduced so that readers see "3 of 7").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub member: String,
    /// Measures in scope whose current record links at least one evidence item.
    pub with_evidence: u32,
    /// Tracked measures, less those the member's current record marks not applicable.
    pub in_scope: u32,
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.with_evidence, self.in_scope)
    }
}

/// A record the report leaves out, and why: its member is not in scope (an observer, or a name
/// the plan does not list) or its measure is not a tracked measure of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfScope {
    pub member: String,
    pub measure: String,
    pub reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressReport {
    /// In the plan's member order, then measure order.
    pub changes: Vec<Change>,
    /// One per member, in the plan's order.
    pub coverage: Vec<Coverage>,
    /// Codes of tracked measures no member has acted on this period, in plan order.
    pub untouched: Vec<String>,
    /// Records of either period that were left out.
    pub out_of_scope: Vec<OutOfScope>,
}

/// The progress report of `current` against `previous` (empty for a plan's first period).
///
/// A member × measure with no record this period is not a change (nothing was reported); when a
/// period holds several records for one member × measure, the last one counts.
pub fn progress(
    plan: &Plan,
    previous: &[StatusRecord],
    current: &[StatusRecord],
) -> ProgressReport {
    let tracked = plan.tracked_measures();
    let mut out_of_scope = Vec::new();
    let prev = index(plan, &tracked, previous, &mut out_of_scope);
    let cur = index(plan, &tracked, current, &mut out_of_scope);

    let mut changes = Vec::new();
    let mut coverage = Vec::new();
    for member in &plan.members {
        let mut with_evidence = 0;
        let mut in_scope = 0;
        for measure in &tracked {
            let key = (member.as_str(), measure.code.as_str());
            let record = cur.get(&key);
            if let Some(r) = record {
                let from = prev.get(&key).map(|p| p.status);
                if from != Some(r.status) {
                    changes.push(Change {
                        member: member.clone(),
                        measure: measure.code.clone(),
                        from,
                        to: r.status,
                    });
                }
            }
            if record.is_some_and(|r| r.status == ImplementationStatus::NotApplicable) {
                continue;
            }
            in_scope += 1;
            if record.is_some_and(|r| !r.evidence.is_empty()) {
                with_evidence += 1;
            }
        }
        coverage.push(Coverage {
            member: member.clone(),
            with_evidence,
            in_scope,
        });
    }

    let untouched = tracked
        .iter()
        .filter(|m| {
            !plan.members.iter().any(|member| {
                cur.get(&(member.as_str(), m.code.as_str()))
                    .is_some_and(|r| r.status.is_acted_on())
            })
        })
        .map(|m| m.code.clone())
        .collect();

    ProgressReport {
        changes,
        coverage,
        untouched,
        out_of_scope,
    }
}

pub(super) fn index<'a>(
    plan: &Plan,
    tracked: &[&super::Measure],
    records: &'a [StatusRecord],
    out_of_scope: &mut Vec<OutOfScope>,
) -> BTreeMap<(&'a str, &'a str), &'a StatusRecord> {
    let mut map = BTreeMap::new();
    for r in records {
        let reason = if !plan.is_member(&r.member) {
            Some(if plan.observers.contains(&r.member) {
                "an observer gets no status"
            } else {
                "not a member of the plan"
            })
        } else if !tracked.iter().any(|m| m.code == r.measure_code) {
            Some(if plan.measure(&r.measure_code).is_some() {
                "the measure is tracked through its sub-measures"
            } else {
                "no such measure in the plan"
            })
        } else {
            None
        };
        match reason {
            Some(reason) => out_of_scope.push(OutOfScope {
                member: r.member.clone(),
                measure: r.measure_code.clone(),
                reason,
            }),
            None => {
                map.insert((r.member.as_str(), r.measure_code.as_str()), r);
            }
        }
    }
    map
}
