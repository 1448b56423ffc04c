//! The list of action plans.

use askama::Template;
use pledgewatch_store::PlanSummary;

use super::super::{Chrome, Crumb};
use super::href;

#[derive(Template)]
#[template(path = "plan_list.html")]
pub struct PlanListPage {
    pub chrome: Chrome,
    pub rows: Vec<PlanRow>,
}

pub struct PlanRow {
    pub title: String,
    pub href: String,
    pub progress_href: String,
    pub institution: String,
    pub adopted: Option<String>,
    pub measures: u32,
    pub members: u32,
    pub periods: u32,
}

impl PlanListPage {
    /// `plans` with their slugs, in the store's order.
    pub fn new(plans: &[(String, PlanSummary)]) -> PlanListPage {
        PlanListPage {
            chrome: Chrome::new(
                "Action plans",
                vec![Crumb::link("Cycles", "/"), Crumb::here("Action plans")],
            ),
            rows: plans
                .iter()
                .map(|(slug, p)| PlanRow {
                    title: p.title.clone(),
                    href: href::plan(slug),
                    progress_href: href::progress(slug),
                    institution: p.institution.clone(),
                    adopted: p.adopted_on.map(crate::format::long_date),
                    measures: p.measures,
                    members: p.members,
                    periods: p.periods,
                })
                .collect(),
        }
    }
}
