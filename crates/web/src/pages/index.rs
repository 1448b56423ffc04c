//! `/`: the cycles, each linking to its report card.

use askama::Template;
use pledgewatch_domain::{Average, CycleKind, PercentConvention, Period};

use super::{Chrome, href};
use crate::format;

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    pub chrome: Chrome,
    pub cycles: Vec<CycleRow>,
}

pub struct CycleRow {
    pub href: String,
    pub name: String,
    pub kind: &'static str,
    pub period: String,
    pub institution: String,
    pub summit: String,
    pub commitments: i64,
    pub members: i64,
    pub overall: Option<String>,
}

/// What the list of cycles shows about one cycle.
pub struct CycleFacts<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: Option<CycleKind>,
    pub period: Option<Period>,
    pub institution: Option<&'a str>,
    pub summit: Option<&'a str>,
    pub commitments: i64,
    pub members: i64,
    pub overall: Option<Average>,
    pub convention: PercentConvention,
}

impl CycleRow {
    pub fn new(facts: CycleFacts<'_>) -> CycleRow {
        CycleRow {
            href: href::cycle(facts.slug),
            name: facts.name.to_string(),
            kind: kind_text(facts.kind),
            period: facts
                .period
                .map(|p| format::period_text(p.start, p.end))
                .unwrap_or_else(|| "not stated".to_string()),
            institution: facts.institution.unwrap_or("not stated").to_string(),
            summit: facts.summit.unwrap_or("not stated").to_string(),
            commitments: facts.commitments,
            members: facts.members,
            overall: format::average_line(facts.overall, facts.convention),
        }
    }
}

pub fn kind_text(kind: Option<CycleKind>) -> &'static str {
    match kind {
        Some(CycleKind::Interim) => "Interim",
        Some(CycleKind::Final) => "Final",
        None => "not stated",
    }
}

impl IndexPage {
    pub fn new(cycles: Vec<CycleRow>) -> IndexPage {
        IndexPage {
            chrome: Chrome::new("Compliance cycles", Vec::new()),
            cycles,
        }
    }
}
