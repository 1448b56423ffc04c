//! What-if: before a changed rubric is saved, which existing assessments would get another
//! suggested score.

use super::{Coding, Rubric, Suggestion};
use crate::score::Verdict;

/// One assessment whose suggestion would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIfChange<L> {
    /// Whatever the caller identifies the assessment by: an id, "Canada, commitment 19".
    pub label: L,
    /// The analyst's verdict as it stands.
    pub current: Verdict,
    /// The suggestion under the old rubric.
    pub before: Suggestion,
    /// The suggestion under the new rubric.
    pub after: Suggestion,
}

impl<L> WhatIfChange<L> {
    /// Whether the analyst's score departs from the suggestion before the change.
    pub fn departed_before(&self) -> bool {
        departs(self.current, &self.before)
    }

    /// Whether the analyst's score would depart from the new suggestion (and so need a written
    /// justification before submission).
    pub fn departs_after(&self) -> bool {
        departs(self.current, &self.after)
    }
}

/// A scored assessment departs from a suggestion that is not that score (a gap or an overlap
/// gives no score to agree with); an unscored one departs from nothing.
fn departs(current: Verdict, s: &Suggestion) -> bool {
    match current {
        Verdict::Scored(score) => s.score() != Some(score),
        Verdict::NotApplicable | Verdict::NotAssessed => false,
    }
}

/// The result of a what-if run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIf<L> {
    /// Assessments whose suggested outcome changes, in input order.
    pub changed: Vec<WhatIfChange<L>>,
    /// Assessments whose suggested outcome stays the same (the reason may still name other rules).
    pub unchanged: usize,
    /// Assessments marked n/a: no rubric applies to them, so they are left out.
    pub not_applicable: usize,
}

/// Suggests a score for each `(label, coding, current verdict)` under `old` and `new` and keeps
/// those whose outcome differs. Codings are in `old`'s dimension order; they are matched to
/// `new`'s dimensions by key, so a dimension the new rubric adds counts as no action.
pub fn what_if<L>(
    old: &Rubric,
    new: &Rubric,
    assessments: impl IntoIterator<Item = (L, Coding, Verdict)>,
) -> WhatIf<L> {
    let mut out = WhatIf {
        changed: Vec::new(),
        unchanged: 0,
        not_applicable: 0,
    };
    for (label, coding, current) in assessments {
        if current == Verdict::NotApplicable {
            out.not_applicable += 1;
            continue;
        }
        let before = old.suggest(&coding);
        let after = new.suggest(&coding.remap(&old.dimensions, &new.dimensions));
        if before.outcome == after.outcome {
            out.unchanged += 1;
        } else {
            out.changed.push(WhatIfChange {
                label,
                current,
                before,
                after,
            });
        }
    }
    out
}
