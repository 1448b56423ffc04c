//! The scored assessments whose score departs from their rubric's single suggested score.

use askama::Template;

use super::{Chrome, Crumb, href};
use crate::coding::AssessmentSuggestion;
use crate::format;
use crate::pages::rubric::outcome_text;

#[derive(Template)]
#[template(path = "departures.html")]
pub struct DeparturesPage {
    pub chrome: Chrome,
    pub cycle_name: String,
    pub count: Departures,
    pub rows: Vec<DepartureRow>,
}

pub struct DepartureRow {
    pub code: String,
    pub title: String,
    pub member: String,
    pub href: String,
    pub score: &'static str,
    pub suggested: String,
    pub reason: String,
    pub rubric_version: u32,
}

/// "N of M scored assessments depart from their rubric's suggestion".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Departures {
    pub departing: usize,
    /// Scored assessments with a single suggested score.
    pub comparable: usize,
}

impl Departures {
    pub fn of(suggestions: &[AssessmentSuggestion]) -> Departures {
        Departures {
            departing: suggestions.iter().filter(|s| s.departs()).count(),
            comparable: suggestions.iter().filter(|s| s.comparable()).count(),
        }
    }
}

impl DeparturesPage {
    pub fn new(cycle_name: &str, slug: &str, suggestions: &[AssessmentSuggestion]) -> Self {
        let rows = suggestions
            .iter()
            .filter(|s| s.departs())
            .filter_map(|s| {
                let suggestion = s.suggestion()?;
                Some(DepartureRow {
                    code: s.commitment.clone(),
                    title: s.title.clone(),
                    member: s.member.name.clone(),
                    href: format!(
                        "{}#{}",
                        href::commitment(slug, &s.commitment),
                        href::member_anchor(&s.member.code)
                    ),
                    score: format::verdict_text(s.verdict),
                    suggested: outcome_text(suggestion),
                    reason: suggestion.reason.clone(),
                    rubric_version: suggestion.rubric_version,
                })
            })
            .collect();
        DeparturesPage {
            chrome: Chrome::new(
                format!("Scores that depart from the rubric: {cycle_name}"),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link(cycle_name, href::cycle(slug)),
                    Crumb::here("Departures from the rubric"),
                ],
            ),
            cycle_name: cycle_name.to_string(),
            count: Departures::of(suggestions),
            rows,
        }
    }
}
