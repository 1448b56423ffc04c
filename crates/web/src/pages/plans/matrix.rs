//! A plan's status matrix for one reporting period: one row per tracked measure under its pillar
//! or priority heading, one column per member in scope, each cell the status that counts (the
//! domain's [`StatusTable`]) as a colour and a label, linking to the cell's history. Observers
//! are listed without cells.

use askama::Template;
use pledgewatch_domain::plan::{Plan, ReportingPeriod, StatusTable};

use super::super::{Chrome, Crumb};
use super::{Choice, StatusCell, href};
use crate::format::{long_date, period_text};

#[derive(Template)]
#[template(path = "plan_matrix.html")]
pub struct PlanMatrixPage {
    pub chrome: Chrome,
    pub title: String,
    pub institution: String,
    pub adopted: Option<String>,
    pub rhythm: String,
    pub reviewed_by: Option<String>,
    /// The period shown: label and dates.
    pub period: Option<(String, String)>,
    pub periods: Vec<Choice>,
    pub pillars: Vec<Choice>,
    pub member_choices: Vec<Choice>,
    /// The member columns shown (all, or the one filtered on).
    pub members: Vec<String>,
    pub groups: Vec<Group>,
    pub observers: Vec<String>,
    pub legend: Vec<StatusCell>,
    pub action: String,
    pub progress_href: String,
    pub filtered: bool,
    /// Columns of the table: the measure column and one per member shown.
    pub colspan: usize,
}

pub struct Group {
    pub heading: String,
    pub rows: Vec<Row>,
}

pub struct Row {
    pub code: String,
    pub text: String,
    /// The parent measure of a sub-measure: "2 Share tide tables".
    pub parent: Option<String>,
    pub cells: Vec<MatrixCell>,
}

pub struct MatrixCell {
    pub member: String,
    pub href: String,
    pub status: StatusCell,
}

/// What the page shows: the period (`None` when the plan has none yet) and the filters, each
/// already checked against the plan.
pub struct View<'a> {
    pub slug: &'a str,
    pub plan: &'a Plan,
    pub periods: &'a [ReportingPeriod],
    pub period: Option<&'a ReportingPeriod>,
    pub table: &'a StatusTable<'a>,
    pub pillar: Option<&'a str>,
    pub member: Option<&'a str>,
}

impl PlanMatrixPage {
    pub fn new(v: View<'_>) -> PlanMatrixPage {
        let plan = v.plan;
        let members: Vec<String> = plan
            .members
            .iter()
            .filter(|m| v.member.is_none_or(|f| f == m.as_str()))
            .cloned()
            .collect();
        let groups = plan
            .sections
            .iter()
            .filter(|s| v.pillar.is_none_or(|p| p == s.number))
            .filter_map(|s| {
                let rows: Vec<Row> = s
                    .measures
                    .iter()
                    .flat_map(|top| {
                        top.leaves().into_iter().map(move |leaf| {
                            let parent = (leaf.code != top.code)
                                .then(|| format!("{} {}", top.code, top.text));
                            (leaf, parent)
                        })
                    })
                    .map(|(m, parent)| Row {
                        code: m.code.clone(),
                        text: m.text.clone(),
                        parent,
                        cells: members
                            .iter()
                            .map(|member| MatrixCell {
                                member: member.clone(),
                                href: href::cell(v.slug, &m.code, member),
                                status: StatusCell::of(
                                    v.table.get(member, &m.code).map(|r| r.status),
                                ),
                            })
                            .collect(),
                    })
                    .collect();
                (!rows.is_empty()).then(|| Group {
                    heading: s.heading(),
                    rows,
                })
            })
            .collect();
        let mut pillars: Vec<Choice> = Vec::new();
        for s in plan
            .sections
            .iter()
            .filter(|s| !s.tracked_measures().is_empty())
        {
            if pillars.iter().any(|c| c.value == s.number) {
                continue;
            }
            pillars.push(Choice {
                value: s.number.clone(),
                label: s.heading(),
                selected: v.pillar == Some(s.number.as_str()),
            });
        }
        let colspan = members.len() + 1;
        PlanMatrixPage {
            chrome: Chrome::new(
                plan.title.clone(),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link("Action plans", href::plans()),
                    Crumb::here(plan.title.clone()),
                ],
            ),
            title: plan.title.clone(),
            institution: plan.institution.clone(),
            adopted: plan.adopted_on.map(long_date),
            rhythm: plan.rhythm.label().to_string(),
            reviewed_by: plan.reviewed_by.clone(),
            period: v
                .period
                .map(|p| (p.label.clone(), period_text(p.start, p.end))),
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
            pillars,
            member_choices: plan
                .members
                .iter()
                .map(|m| Choice {
                    value: m.clone(),
                    label: m.clone(),
                    selected: v.member == Some(m.as_str()),
                })
                .collect(),
            members,
            groups,
            observers: plan.observers.clone(),
            legend: StatusCell::legend(),
            action: href::plan(v.slug),
            progress_href: match v.period {
                Some(p) => format!(
                    "{}?period={}",
                    href::progress(v.slug),
                    href::query_value(&p.label)
                ),
                None => href::progress(v.slug),
            },
            filtered: v.pillar.is_some() || v.member.is_some(),
            colspan,
        }
    }
}
