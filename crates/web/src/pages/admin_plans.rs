//! The workspace's plan pages: the plans with a form to create one, and one plan's editing page
//! (the plan itself, sections and measures, reporting periods, and status entry per member ×
//! measure × period).

use askama::Template;
use pledgewatch_domain::plan::{ImplementationStatus, Plan, ReportingPeriod};
use pledgewatch_store::{PlanSummary, StatusEntry};

use super::admin::{Choice, Typed};
use super::href::segment;
use super::{Chrome, Crumb};
use crate::auth::Staff;

pub fn plans_href() -> String {
    "/workspace/plans".to_string()
}

pub fn plan_href(slug: &str) -> String {
    format!("/workspace/plans/{slug}")
}

pub struct PlanLink {
    pub title: String,
    pub institution: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "work_plans.html")]
pub struct WorkPlansPage {
    pub chrome: Chrome,
    pub plans: Vec<PlanLink>,
    pub sets_up_plans: bool,
    pub typed: Typed,
}

impl WorkPlansPage {
    pub fn new(
        staff: &Staff,
        plans: &[(String, PlanSummary)],
        sets_up_plans: bool,
        typed: Typed,
    ) -> Self {
        WorkPlansPage {
            chrome: Chrome::workspace(
                "Action plans",
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::here("Action plans"),
                ],
                staff,
            ),
            plans: plans
                .iter()
                .map(|(slug, p)| PlanLink {
                    title: p.title.clone(),
                    institution: p.institution.clone(),
                    href: plan_href(slug),
                })
                .collect(),
            sets_up_plans,
            typed,
        }
    }
}

pub struct MeasureRow {
    pub code: String,
    pub text: String,
    pub depth: usize,
    /// Distinguishes the measure's form on the page.
    pub form: String,
    pub action: String,
    pub remove_action: String,
}

pub struct SectionRow {
    pub heading: String,
    pub text: String,
    pub measures: Vec<MeasureRow>,
}

pub struct StatusRow {
    pub member: String,
    pub measure: String,
    pub status: &'static str,
    pub note: String,
    pub evidence: String,
    pub edit_href: String,
}

#[derive(Template)]
#[template(path = "work_plan.html")]
pub struct WorkPlanPage {
    pub chrome: Chrome,
    pub title: String,
    pub public_href: String,
    pub action: String,
    pub version: i64,
    pub institution: String,
    pub adopted_on: String,
    pub source: String,
    pub rhythm: String,
    pub reviewed_by: String,
    pub members: String,
    pub observers: String,
    pub sections: Vec<SectionRow>,
    pub section_choices: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub periods: Vec<Choice>,
    pub member_choices: Vec<Choice>,
    pub measure_choices: Vec<Choice>,
    pub status_choices: Vec<Choice>,
    /// The period whose statuses are listed, and the status being entered.
    pub period: String,
    pub statuses: Vec<StatusRow>,
    pub entry: StatusEntryForm,
    pub sets_up_plans: bool,
    pub typed: Typed,
}

/// What the status form starts with: an existing status to change, or a blank one.
#[derive(Debug, Clone, Default)]
pub struct StatusEntryForm {
    pub member: String,
    pub measure: String,
    pub status: String,
    pub note: String,
    pub evidence: String,
    pub version: i64,
}

fn choices<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<Choice> {
    items
        .into_iter()
        .map(|s| Choice {
            value: s.to_string(),
            label: s.to_string(),
        })
        .collect()
}

pub struct PlanPageInput<'a> {
    pub slug: &'a str,
    pub plan: &'a Plan,
    pub version: i64,
    pub periods: &'a [ReportingPeriod],
    pub period: Option<&'a str>,
    pub statuses: &'a [StatusEntry],
    pub entry: StatusEntryForm,
    pub sets_up_plans: bool,
}

fn rows(
    slug: &str,
    measures: &[pledgewatch_domain::plan::Measure],
    depth: usize,
    out: &mut Vec<MeasureRow>,
) {
    for m in measures {
        let action = format!("{}/measures/{}", plan_href(slug), segment(&m.code));
        out.push(MeasureRow {
            code: m.code.clone(),
            text: m.text.clone(),
            depth,
            form: format!("measure-{}", out.len() + 1),
            remove_action: format!("{action}/remove"),
            action,
        });
        rows(slug, &m.sub_measures, depth + 1, out);
    }
}

impl WorkPlanPage {
    pub fn new(staff: &Staff, input: PlanPageInput<'_>, typed: Typed) -> Self {
        let plan = input.plan;
        let slug = input.slug;
        let mut count = 0;
        let sections = plan
            .sections
            .iter()
            .map(|s| {
                let mut measures = Vec::new();
                rows(slug, &s.measures, 0, &mut measures);
                for m in &mut measures {
                    count += 1;
                    m.form = format!("measure-{count}");
                }
                SectionRow {
                    heading: format!("{} {}: {}", capitalised(s.kind.as_str()), s.number, s.title),
                    text: s.text.clone(),
                    measures,
                }
            })
            .collect();
        let period = input
            .period
            .map(str::to_string)
            .or_else(|| input.periods.last().map(|p| p.label.clone()))
            .unwrap_or_default();
        WorkPlanPage {
            chrome: Chrome::workspace(
                plan.title.clone(),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link("Action plans", plans_href()),
                    Crumb::here(plan.title.clone()),
                ],
                staff,
            ),
            title: plan.title.clone(),
            public_href: format!("/plans/{slug}"),
            action: plan_href(slug),
            version: input.version,
            institution: plan.institution.clone(),
            adopted_on: plan.adopted_on.map(|d| d.to_string()).unwrap_or_default(),
            source: plan.source.clone(),
            rhythm: match &plan.rhythm {
                pledgewatch_domain::plan::ReportingRhythm::TwiceAYear => "twice-a-year".into(),
                pledgewatch_domain::plan::ReportingRhythm::Yearly => "yearly".into(),
                pledgewatch_domain::plan::ReportingRhythm::Unspecified => String::new(),
                pledgewatch_domain::plan::ReportingRhythm::Other(s) => s.clone(),
            },
            reviewed_by: plan.reviewed_by.clone().unwrap_or_default(),
            members: plan.members.join("\n"),
            observers: plan.observers.join("\n"),
            sections,
            section_choices: plan
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| Choice {
                    value: (i + 1).to_string(),
                    label: format!("{} {}", s.number, s.title),
                })
                .collect(),
            kinds: choices(["priority", "pillar"]),
            periods: choices(input.periods.iter().map(|p| p.label.as_str())),
            member_choices: choices(plan.members.iter().map(String::as_str)),
            measure_choices: choices(plan.tracked_measures().into_iter().map(|m| m.code.as_str())),
            status_choices: ImplementationStatus::ALL
                .iter()
                .map(|s| Choice {
                    value: s.as_str().to_string(),
                    label: s.label().to_string(),
                })
                .collect(),
            statuses: input
                .statuses
                .iter()
                .map(|e| StatusRow {
                    member: e.record.member.clone(),
                    measure: e.record.measure_code.clone(),
                    status: e.record.status.label(),
                    note: e.record.note.clone().unwrap_or_default(),
                    evidence: e
                        .record
                        .evidence
                        .iter()
                        .map(|x| {
                            format!("{}:{}:{}:{}", x.cycle, x.commitment, x.member, x.evidence)
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    edit_href: format!(
                        "{}?period={}&member={}&measure={}#status",
                        plan_href(slug),
                        segment(&period),
                        segment(&e.record.member),
                        segment(&e.record.measure_code)
                    ),
                })
                .collect(),
            period,
            entry: input.entry,
            sets_up_plans: input.sets_up_plans,
            typed,
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
