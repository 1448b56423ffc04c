//! A reporting period's progress report: the domain's `progress` of the period against the one
//! before it, shown as the changes (old → new status), coverage per member (exact fraction and
//! rounded percent, both from the domain) and the measures no one has acted on.

use askama::Template;
use pledgewatch_domain::plan::{Plan, ProgressReport, ReportingPeriod};

use super::super::{Chrome, Crumb};
use super::{Choice, StatusCell, href};
use crate::format::period_text;

#[derive(Template)]
#[template(path = "plan_progress.html")]
pub struct PlanProgressPage {
    pub chrome: Chrome,
    pub title: String,
    pub plan_href: String,
    pub action: String,
    pub periods: Vec<Choice>,
    /// The period reported on: label, dates.
    pub period: Option<(String, String)>,
    pub previous: Option<(String, String)>,
    pub changes: Vec<ChangeRow>,
    pub coverage: Vec<CoverageRow>,
    pub untouched: Vec<(String, String)>,
    pub left_out: Vec<String>,
    pub legend: Vec<StatusCell>,
}

pub struct ChangeRow {
    pub member: String,
    pub code: String,
    pub text: String,
    pub href: String,
    pub from: StatusCell,
    pub to: StatusCell,
}

pub struct CoverageRow {
    pub member: String,
    pub with_evidence: u32,
    pub in_scope: u32,
    /// "3/7".
    pub fraction: String,
    /// "43%", or `None` when nothing is in scope.
    pub percent: Option<String>,
}

pub struct View<'a> {
    pub slug: &'a str,
    pub plan: &'a Plan,
    pub periods: &'a [ReportingPeriod],
    /// `None` when the plan has no period yet (the report is then empty).
    pub period: Option<&'a ReportingPeriod>,
    pub previous: Option<&'a ReportingPeriod>,
    pub report: &'a ProgressReport,
}

impl PlanProgressPage {
    pub fn new(v: View<'_>) -> PlanProgressPage {
        let plan = v.plan;
        let text = |code: &str| {
            plan.measure(code)
                .map(|m| m.text.clone())
                .unwrap_or_default()
        };
        let plan_href = href::plan(v.slug);
        PlanProgressPage {
            chrome: Chrome::new(
                format!("Progress: {}", plan.title),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link("Action plans", href::plans()),
                    Crumb::link(plan.title.clone(), plan_href.clone()),
                    Crumb::here("Progress report"),
                ],
            ),
            title: plan.title.clone(),
            plan_href,
            action: href::progress(v.slug),
            periods: v
                .periods
                .iter()
                .rev()
                .map(|p| Choice {
                    value: p.label.clone(),
                    label: p.label.clone(),
                    selected: v.period.is_some_and(|c| c.label == p.label),
                })
                .collect(),
            period: v
                .period
                .map(|p| (p.label.clone(), period_text(p.start, p.end))),
            previous: v
                .previous
                .map(|p| (p.label.clone(), period_text(p.start, p.end))),
            changes: v
                .report
                .changes
                .iter()
                .map(|c| ChangeRow {
                    member: c.member.clone(),
                    code: c.measure.clone(),
                    text: text(&c.measure),
                    href: href::cell(v.slug, &c.measure, &c.member),
                    from: StatusCell::of(c.from),
                    to: StatusCell::of(Some(c.to)),
                })
                .collect(),
            coverage: v
                .report
                .coverage
                .iter()
                .map(|c| CoverageRow {
                    member: c.member.clone(),
                    with_evidence: c.with_evidence,
                    in_scope: c.in_scope,
                    fraction: c.to_string(),
                    percent: c.percent().map(|p| format!("{p}%")),
                })
                .collect(),
            untouched: v
                .report
                .untouched
                .iter()
                .map(|c| (c.clone(), text(c)))
                .collect(),
            left_out: v
                .report
                .out_of_scope
                .iter()
                .map(|o| format!("{} on {}: {}", o.member, o.measure, o.reason))
                .collect(),
            legend: StatusCell::legend(),
        }
    }
}
