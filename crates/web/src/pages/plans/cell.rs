//! One member × measure of a plan: its status in every reporting period with the notes, the
//! evidence items its statuses link (read from their chapters, with citations and the summit
//! commitment each comes from) and the summit commitments the measure is linked to.

use askama::Template;
use pledgewatch_domain::plan::{EvidenceRef, Plan, ReportingPeriod, StatusRecord};
use pledgewatch_domain::{Citation, EvidenceItem};

use super::super::{Chrome, Crumb};
use super::{StatusCell, href};
use crate::format::{DateView, linkable_url, period_text};

#[derive(Template)]
#[template(path = "plan_cell.html")]
pub struct PlanCellPage {
    pub chrome: Chrome,
    pub plan_title: String,
    pub plan_href: String,
    pub member: String,
    pub code: String,
    pub text: String,
    pub section: Option<String>,
    pub parent: Option<String>,
    pub history: Vec<HistoryRow>,
    pub evidence: Vec<EvidenceView>,
    pub links: Vec<LinkView>,
    pub legend: Vec<StatusCell>,
}

pub struct HistoryRow {
    pub period: String,
    pub dates: String,
    pub matrix_href: String,
    pub status: StatusCell,
    pub note: Option<String>,
    pub evidence: usize,
}

pub struct EvidenceView {
    pub source: SourceView,
    /// `None` when the chapter no longer holds the item (re-imported without it).
    pub date: Option<DateView>,
    pub text: Option<String>,
    pub citations: Vec<CitationView>,
    /// The periods whose status links this item.
    pub periods: String,
}

/// The summit commitment an evidence item or a measure link points at.
pub struct SourceView {
    pub cycle: String,
    pub commitment: String,
    pub title: Option<String>,
    /// The commitment's page, when the cycle is in the store.
    pub href: Option<String>,
    pub member: Option<String>,
    pub number: Option<u32>,
}

pub struct CitationView {
    pub number: u32,
    pub title: String,
    pub publisher: Option<String>,
    pub published: Option<DateView>,
    pub url: Option<String>,
    pub linkable: bool,
}

pub struct LinkView {
    pub source: SourceView,
    pub dimension: Option<String>,
}

/// A summit commitment as the web crate resolved it: its title from the chapter, and the slug
/// of its cycle when the store has the cycle.
pub struct Resolved<'a> {
    pub title: Option<&'a str>,
    pub cycle_slug: Option<&'a str>,
    pub citations: &'a [Citation],
}

impl SourceView {
    fn new(cycle: &str, commitment: &str, resolved: &Resolved<'_>) -> SourceView {
        SourceView {
            cycle: cycle.to_string(),
            commitment: commitment.to_string(),
            title: resolved.title.map(str::to_string),
            href: resolved
                .cycle_slug
                .map(|s| super::super::href::commitment(s, commitment)),
            member: None,
            number: None,
        }
    }
}

/// One linked evidence item with what the handler found for it.
pub struct EvidenceInput<'a> {
    pub reference: &'a EvidenceRef,
    pub item: Option<&'a EvidenceItem>,
    pub resolved: Resolved<'a>,
    pub periods: Vec<&'a str>,
}

pub struct View<'a> {
    pub slug: &'a str,
    pub plan: &'a Plan,
    pub member: &'a str,
    pub code: &'a str,
    /// Every period in order, with the member's record there (the one that counts).
    pub history: Vec<(&'a ReportingPeriod, Option<&'a StatusRecord>)>,
    pub evidence: Vec<EvidenceInput<'a>>,
    /// The measure's links to summit commitments (cycle, commitment, dimension), resolved.
    pub links: Vec<(&'a str, &'a str, Option<&'a str>, Resolved<'a>)>,
}

impl PlanCellPage {
    pub fn new(v: View<'_>) -> PlanCellPage {
        let plan = v.plan;
        let text = plan
            .measure(v.code)
            .map(|m| m.text.clone())
            .unwrap_or_default();
        let section = plan.section_of(v.code);
        let parent = section.and_then(|s| {
            s.measures
                .iter()
                .find(|top| top.code != v.code && top.walk().iter().any(|m| m.code == v.code))
                .map(|top| format!("{} {}", top.code, top.text))
        });
        let plan_href = href::plan(v.slug);
        let history = v
            .history
            .iter()
            .map(|(p, r)| HistoryRow {
                period: p.label.clone(),
                dates: period_text(p.start, p.end),
                matrix_href: format!("{plan_href}?period={}", href::query_value(&p.label)),
                status: StatusCell::of(r.map(|r| r.status)),
                note: r
                    .and_then(|r| r.note.clone())
                    .filter(|n| !n.trim().is_empty()),
                evidence: r.map_or(0, |r| r.evidence.len()),
            })
            .collect();
        let evidence = v
            .evidence
            .iter()
            .map(|e| {
                let r = e.reference;
                let mut source = SourceView::new(&r.cycle, &r.commitment, &e.resolved);
                source.member = Some(r.member.clone());
                source.number = Some(r.evidence);
                let citations = e
                    .item
                    .map(|item| {
                        item.citations
                            .iter()
                            .map(
                                |n| match e.resolved.citations.iter().find(|c| c.number == *n) {
                                    Some(c) => CitationView {
                                        number: c.number,
                                        title: c.title.clone(),
                                        publisher: c.publisher.clone(),
                                        published: c.published.map(DateView::published),
                                        linkable: c.url.as_deref().is_some_and(linkable_url),
                                        url: c.url.clone(),
                                    },
                                    None => CitationView {
                                        number: *n,
                                        title: "(footnote missing from its chapter)".to_string(),
                                        publisher: None,
                                        published: None,
                                        url: None,
                                        linkable: false,
                                    },
                                },
                            )
                            .collect()
                    })
                    .unwrap_or_default();
                EvidenceView {
                    source,
                    date: e.item.map(|i| DateView::new(i.date.date, i.date.inferred)),
                    text: e.item.map(|i| i.text.clone()),
                    citations,
                    periods: e.periods.join(", "),
                }
            })
            .collect();
        let links = v
            .links
            .iter()
            .map(|(cycle, commitment, dimension, resolved)| LinkView {
                source: SourceView::new(cycle, commitment, resolved),
                dimension: dimension.map(str::to_string),
            })
            .collect();
        PlanCellPage {
            chrome: Chrome::new(
                format!("{}: measure {} — {}", v.member, v.code, plan.title),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link("Action plans", href::plans()),
                    Crumb::link(plan.title.clone(), plan_href.clone()),
                    Crumb::here(format!("{} · {}", v.code, v.member)),
                ],
            ),
            plan_title: plan.title.clone(),
            plan_href,
            member: v.member.to_string(),
            code: v.code.to_string(),
            text,
            section: section.map(|s| s.heading()),
            parent,
            history,
            evidence,
            links,
            legend: StatusCell::legend(),
        }
    }
}
