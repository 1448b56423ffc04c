//! Action plan pages: the list of plans, a plan's status matrix (members × measures under their
//! pillar or priority headings, for one reporting period), one member × measure's history with
//! its evidence, and a period's progress report. Builders take domain values and the domain's
//! results (`StatusTable`, `progress`); templates only place text.

pub mod cell;
pub mod list;
pub mod matrix;
pub mod progress;

use pledgewatch_domain::plan::ImplementationStatus;
use pledgewatch_domain::slug;

/// Plan titles → URL slugs, in the store's order; a title whose slug is taken gets `-2`, `-3`, …
pub fn plan_slugs<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for title in titles {
        if out.iter().any(|(_, t)| t == title) {
            continue;
        }
        let base = slug(title);
        let mut candidate = base.clone();
        let mut n = 2;
        while out.iter().any(|(s, _)| *s == candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.push((candidate, title.to_string()));
    }
    out
}

/// Addresses of the plan pages, built in one place so links and routes agree.
pub mod href {
    use super::super::href::segment;

    pub fn plans() -> String {
        "/plans".to_string()
    }

    pub fn plan(slug: &str) -> String {
        format!("/plans/{slug}")
    }

    pub fn progress(slug: &str) -> String {
        format!("/plans/{slug}/progress")
    }

    pub fn cell(slug: &str, measure: &str, member: &str) -> String {
        format!(
            "/plans/{slug}/measures/{}/members/{}",
            segment(measure),
            segment(member)
        )
    }

    /// A query string value, percent-encoded.
    pub fn query_value(s: &str) -> String {
        segment(s)
    }
}

/// A status as a cell shows it: a colour class and, always, the same in text (an abbreviation
/// with the full label beside it for screen readers and in the legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCell {
    pub class: &'static str,
    pub abbr: &'static str,
    pub label: &'static str,
}

impl StatusCell {
    pub fn of(status: Option<ImplementationStatus>) -> StatusCell {
        match status {
            Some(s) => StatusCell {
                class: class_of(s),
                abbr: s.abbreviation(),
                label: s.label(),
            },
            None => StatusCell {
                class: "st-none",
                abbr: "\u{2013}",
                label: "No status recorded",
            },
        }
    }

    /// Every status and "no status recorded", in the legend's order.
    pub fn legend() -> Vec<StatusCell> {
        ImplementationStatus::ALL
            .into_iter()
            .map(|s| StatusCell::of(Some(s)))
            .chain(std::iter::once(StatusCell::of(None)))
            .collect()
    }
}

fn class_of(s: ImplementationStatus) -> &'static str {
    match s {
        ImplementationStatus::NotStarted => "st-not-started",
        ImplementationStatus::InProgress => "st-in-progress",
        ImplementationStatus::SubstantiallyImplemented => "st-substantial",
        ImplementationStatus::Complete => "st-complete",
        ImplementationStatus::NotApplicable => "st-na",
        ImplementationStatus::NoInformation => "st-no-info",
    }
}

/// One option of a filter's `<select>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_titles_get_numbered_slugs() {
        let s = plan_slugs(["Tide Plan", "Tide plan!", "Tide Plan", "Other"]);
        let slugs: Vec<&str> = s.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(slugs, ["tide-plan", "tide-plan-2", "other"]);
    }

    #[test]
    fn every_status_has_its_own_class_and_text() {
        let legend = StatusCell::legend();
        for (i, a) in legend.iter().enumerate() {
            for b in &legend[i + 1..] {
                assert_ne!(a.class, b.class);
                assert_ne!(a.abbr, b.abbr);
                assert_ne!(a.label, b.label);
            }
        }
    }
}
