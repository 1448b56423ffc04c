//! Handlers of the action plan pages (`/plans`, `/plans/{slug}`, its progress report and one
//! member × measure). Read-only: statuses are recorded from the command line. Anything a reader
//! typed into the address (an unknown plan, period, pillar, member or measure) is a 404 page.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as Extract};
use axum::response::Html;
use axum::routing::get;
use pledgewatch_domain::plan::{
    EvidenceRef, Plan, ReportingPeriod, StatusRecord, StatusTable, period_and_previous, progress,
};
use pledgewatch_domain::{Chapter, Citation};
use serde::Deserialize;

use crate::State;
use crate::cache::Token;
use crate::error::{PageError, PagePath, html};
use crate::pages::plans::cell::{self, EvidenceInput, PlanCellPage, Resolved};
use crate::pages::plans::list::PlanListPage;
use crate::pages::plans::matrix::{self, PlanMatrixPage};
use crate::pages::plans::plan_slugs;
use crate::pages::plans::progress::{self as progress_page, PlanProgressPage};
use crate::slugs::Slugs;

type Page = Result<Html<axum::body::Bytes>, PageError>;

/// The plan routes, merged into the site's router.
pub fn routes() -> Router<State> {
    Router::new()
        .route("/plans", get(list))
        .route("/plans/{slug}", get(matrix))
        .route("/plans/{slug}/progress", get(progress_report))
        .route(
            "/plans/{slug}/measures/{code}/members/{member}",
            get(member_measure),
        )
}

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    period: Option<String>,
    pillar: Option<String>,
    member: Option<String>,
}

impl Filters {
    /// The filters sent, blank ones as absent; a query that cannot be read counts as none.
    fn of(query: Result<Query<Filters>, QueryRejection>) -> Filters {
        let f = query.map(|Query(f)| f).unwrap_or_default();
        let keep = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        Filters {
            period: keep(f.period),
            pillar: keep(f.pillar),
            member: keep(f.member),
        }
    }
}

async fn list(Extract(state): Extract<State>) -> Page {
    let plans = state.store.plans().await?;
    let slugs = plan_slugs(plans.iter().map(|p| p.title.as_str()));
    let rows: Vec<_> = plans
        .into_iter()
        .filter_map(|p| {
            let slug = slugs.iter().find(|(_, t)| *t == p.title)?.0.clone();
            Some((slug, p))
        })
        .collect();
    html(&PlanListPage::new(&rows))
}

/// The plan behind `slug` and its periods, or a 404.
async fn find_plan(state: &State, slug: &str) -> Result<(Plan, Vec<ReportingPeriod>), PageError> {
    let plans = state.store.plans().await?;
    let slugs = plan_slugs(plans.iter().map(|p| p.title.as_str()));
    let title = slugs
        .into_iter()
        .find(|(s, _)| s == slug)
        .map(|(_, t)| t)
        .ok_or(PageError::NotFound)?;
    let plan = state.store.plan(&title).await?.ok_or(PageError::NotFound)?;
    let periods = state.store.periods(&title).await?;
    Ok((plan, periods))
}

/// The period asked for (404 when unknown), else the latest; `None` when the plan has none.
fn chosen<'a>(
    periods: &'a [ReportingPeriod],
    label: Option<&str>,
) -> Result<Option<(&'a ReportingPeriod, Option<&'a ReportingPeriod>)>, PageError> {
    match label {
        Some(l) => period_and_previous(periods, l)
            .map(Some)
            .ok_or(PageError::NotFound),
        None => Ok(periods
            .last()
            .and_then(|p| period_and_previous(periods, &p.label))),
    }
}

async fn records(
    state: &State,
    plan: &Plan,
    period: Option<&ReportingPeriod>,
) -> Result<Vec<StatusRecord>, PageError> {
    Ok(match period {
        Some(p) => state.store.status_records(&plan.title, &p.label).await?,
        None => Vec::new(),
    })
}

async fn matrix(
    Extract(state): Extract<State>,
    PagePath(slug): PagePath<String>,
    query: Result<Query<Filters>, QueryRejection>,
) -> Page {
    let filters = Filters::of(query);
    let (plan, periods) = find_plan(&state, &slug).await?;
    let period = chosen(&periods, filters.period.as_deref())?.map(|(p, _)| p);
    if let Some(p) = &filters.pillar
        && !plan.sections.iter().any(|s| &s.number == p)
    {
        return Err(PageError::NotFound);
    }
    if let Some(m) = &filters.member
        && !plan.is_member(m)
    {
        return Err(PageError::NotFound);
    }
    let records = records(&state, &plan, period).await?;
    let table = StatusTable::of(&plan, &records);
    html(&PlanMatrixPage::new(matrix::View {
        slug: &slug,
        plan: &plan,
        periods: &periods,
        period,
        table: &table,
        pillar: filters.pillar.as_deref(),
        member: filters.member.as_deref(),
    }))
}

async fn progress_report(
    Extract(state): Extract<State>,
    PagePath(slug): PagePath<String>,
    query: Result<Query<Filters>, QueryRejection>,
) -> Page {
    let filters = Filters::of(query);
    let (plan, periods) = find_plan(&state, &slug).await?;
    let chosen = chosen(&periods, filters.period.as_deref())?;
    let (period, previous) = match chosen {
        Some((p, before)) => (Some(p), before),
        None => (None, None),
    };
    let current = records(&state, &plan, period).await?;
    let before = records(&state, &plan, previous).await?;
    let report = progress(&plan, &before, &current);
    html(&PlanProgressPage::new(progress_page::View {
        slug: &slug,
        plan: &plan,
        periods: &periods,
        period,
        previous,
        report: &report,
    }))
}

/// The cycle slug index, rebuilt when the store has changed since it was built.
async fn cycle_slugs(state: &State, token: Token) -> Result<Arc<Slugs>, PageError> {
    if let Some(slugs) = state.slugs.current(token) {
        return Ok(slugs);
    }
    let cycles = state.store.cycles().await?;
    Ok(state
        .slugs
        .replace(Slugs::build(token, cycles.into_iter().map(|c| c.cycle))))
}

/// A summit commitment's chapter (for its title and footnotes) and its cycle's slug, each
/// looked up once per page.
#[derive(Default)]
struct Commitments {
    chapters: HashMap<(String, String), Option<Chapter>>,
    cycles: HashMap<String, Option<String>>,
}

impl Commitments {
    async fn load(
        &mut self,
        state: &State,
        token: Token,
        cycle: &str,
        code: &str,
    ) -> Result<(), PageError> {
        if !self.cycles.contains_key(cycle) {
            let slugs = cycle_slugs(state, token).await?;
            let slug = slugs.slug_of(cycle);
            let known = slugs.cycle(&slug).is_some_and(|c| c.name == cycle);
            self.cycles.insert(cycle.to_string(), known.then_some(slug));
        }
        let key = (cycle.to_string(), code.to_string());
        if let Entry::Vacant(slot) = self.chapters.entry(key) {
            slot.insert(state.store.chapter(cycle, code).await?);
        }
        Ok(())
    }

    fn resolved(&self, cycle: &str, code: &str) -> Resolved<'_> {
        let chapter = self
            .chapters
            .get(&(cycle.to_string(), code.to_string()))
            .and_then(Option::as_ref);
        Resolved {
            title: chapter.map(|c| c.commitment.title.as_str()),
            cycle_slug: self.cycles.get(cycle).and_then(Option::as_deref),
            citations: chapter.map_or(&[] as &[Citation], |c| c.citations.as_slice()),
        }
    }
}

async fn member_measure(
    Extract(state): Extract<State>,
    PagePath((slug, code, member)): PagePath<(String, String, String)>,
) -> Page {
    let (plan, periods) = find_plan(&state, &slug).await?;
    if !plan.is_member(&member) || !plan.is_tracked(&code) {
        return Err(PageError::NotFound);
    }
    let mut by_period = Vec::with_capacity(periods.len());
    for p in &periods {
        by_period.push(state.store.status_records(&plan.title, &p.label).await?);
    }
    let history: Vec<(&ReportingPeriod, Option<&StatusRecord>)> = periods
        .iter()
        .zip(&by_period)
        .map(|(p, records)| (p, StatusTable::of(&plan, records).get(&member, &code)))
        .collect();

    // Each linked item once, in the order first linked, with the periods that link it.
    let mut linked: Vec<(&EvidenceRef, Vec<&str>)> = Vec::new();
    for (p, record) in &history {
        for r in record.iter().flat_map(|r| &r.evidence) {
            match linked.iter_mut().find(|(e, _)| *e == r) {
                Some((_, ps)) => ps.push(p.label.as_str()),
                None => linked.push((r, vec![p.label.as_str()])),
            }
        }
    }
    let links: Vec<_> = state
        .store
        .measure_links(&plan.title)
        .await?
        .into_iter()
        .filter(|l| l.measure == code)
        .collect();

    let token = Token::read(&state.store).await?;
    let mut commitments = Commitments::default();
    let mut items = Vec::with_capacity(linked.len());
    for (r, _) in &linked {
        commitments
            .load(&state, token, &r.cycle, &r.commitment)
            .await?;
        items.push(state.store.evidence_item(r).await?);
    }
    for l in &links {
        commitments
            .load(&state, token, &l.cycle, &l.commitment)
            .await?;
    }
    let evidence = linked
        .iter()
        .zip(&items)
        .map(|((r, periods), item)| EvidenceInput {
            reference: r,
            item: item.as_ref(),
            resolved: commitments.resolved(&r.cycle, &r.commitment),
            periods: periods.clone(),
        })
        .collect();
    let links = links
        .iter()
        .map(|l| {
            (
                l.cycle.as_str(),
                l.commitment.as_str(),
                l.dimension.as_deref(),
                commitments.resolved(&l.cycle, &l.commitment),
            )
        })
        .collect();
    html(&PlanCellPage::new(cell::View {
        slug: &slug,
        plan: &plan,
        member: &member,
        code: &code,
        history,
        evidence,
        links,
    }))
}
