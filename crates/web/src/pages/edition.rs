//! A cycle's published editions: the list, an edition's report card as it was, and the change
//! log from the edition before, written for a reader checking what a correction changed.

use askama::Template;
use jiff::tz::TimeZone;
use pledgewatch_domain::edition::EditionChange;
use pledgewatch_store::{Edition, EditionSummary};

use super::{Chrome, Crumb, href};
use crate::format::long_date;

/// One edition in a list.
pub struct EditionRow {
    pub number: u32,
    /// "Final report", "Corrected edition".
    pub kind: &'static str,
    /// `4 July 2031`, in UTC.
    pub date: String,
    pub note: String,
    pub href: String,
    pub changes_href: String,
    /// "first edition", "1 change", "3 changes".
    pub changes: String,
}

/// The day an edition was published, in UTC, as reports write dates.
pub fn published_date(summary: &EditionSummary) -> String {
    long_date(summary.published_at.to_zoned(TimeZone::UTC).date())
}

fn changes_text(summary: &EditionSummary) -> String {
    match (summary.number, summary.changes) {
        (1, _) => "first edition".to_string(),
        (_, 1) => "1 change".to_string(),
        (_, n) => format!("{n} changes"),
    }
}

impl EditionRow {
    pub fn new(slug: &str, summary: &EditionSummary) -> EditionRow {
        EditionRow {
            number: summary.number,
            kind: summary.kind.label(),
            date: published_date(summary),
            note: summary.note.clone(),
            href: href::edition(slug, summary.number),
            changes_href: href::edition_changes(slug, summary.number),
            changes: changes_text(summary),
        }
    }
}

#[derive(Template)]
#[template(path = "edition_list.html")]
pub struct EditionListPage {
    pub chrome: Chrome,
    pub name: String,
    pub cycle_href: String,
    /// Newest first: readers look for the latest correction.
    pub editions: Vec<EditionRow>,
}

impl EditionListPage {
    pub fn new(name: &str, slug: &str, editions: &[EditionSummary]) -> EditionListPage {
        EditionListPage {
            chrome: Chrome::new(
                format!("Editions of {name}"),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link(name, href::cycle(slug)),
                    Crumb::here("Editions"),
                ],
            ),
            name: name.to_string(),
            cycle_href: href::cycle(slug),
            editions: editions
                .iter()
                .rev()
                .map(|e| EditionRow::new(slug, e))
                .collect(),
        }
    }
}

/// The changes of one commitment (or of the cycle as a whole), in reading order.
pub struct ChangeGroup {
    /// "Commitment 8", or "The cycle".
    pub heading: String,
    pub href: Option<String>,
    pub lines: Vec<String>,
}

/// Groups a change log by commitment, keeping its order; the sentences drop the commitment
/// their heading already names.
pub fn change_groups(slug: &str, changes: &[EditionChange]) -> Vec<ChangeGroup> {
    let mut groups: Vec<ChangeGroup> = Vec::new();
    for change in changes {
        let (commitment, line) = match change {
            EditionChange::Score {
                commitment,
                member,
                old,
                new,
            } => (
                Some(commitment),
                format!(
                    "{member}: score {} → {}",
                    crate::format::verdict_text(*old),
                    crate::format::verdict_text(*new)
                ),
            ),
            EditionChange::CommitmentAdded { commitment, title } => {
                (Some(commitment), format!("commitment added: {title}"))
            }
            EditionChange::CommitmentRemoved { commitment, title } => {
                (Some(commitment), format!("commitment removed: {title}"))
            }
            EditionChange::ChapterAdded { commitment } => {
                (Some(commitment), "chapter added".to_string())
            }
            EditionChange::ChapterRemoved { commitment } => {
                (Some(commitment), "chapter removed".to_string())
            }
            EditionChange::Chapter { commitment, change } => (Some(commitment), change.to_string()),
            EditionChange::Rubric { commitment, .. } => {
                (Some(commitment), change.rubric_text().unwrap_or_default())
            }
            other => (None, other.to_string()),
        };
        let heading = match commitment {
            Some(code) => format!("Commitment {code}"),
            None => "The cycle".to_string(),
        };
        match groups.last_mut() {
            Some(g) if g.heading == heading => g.lines.push(line),
            _ => groups.push(ChangeGroup {
                heading,
                href: commitment.map(|code| href::commitment(slug, code)),
                lines: vec![line],
            }),
        }
    }
    groups
}

#[derive(Template)]
#[template(path = "edition_changes.html")]
pub struct EditionChangesPage {
    pub chrome: Chrome,
    pub name: String,
    pub edition: EditionRow,
    /// The edition compared with, when there is one.
    pub previous: Option<EditionRow>,
    pub groups: Vec<ChangeGroup>,
    pub editions_href: String,
}

impl EditionChangesPage {
    pub fn new(
        name: &str,
        slug: &str,
        edition: &Edition,
        previous: Option<&EditionSummary>,
    ) -> EditionChangesPage {
        let number = edition.summary.number;
        EditionChangesPage {
            chrome: Chrome::new(
                format!("Changes in edition {number} of {name}"),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link(name, href::cycle(slug)),
                    Crumb::link("Editions", href::editions(slug)),
                    Crumb::link(format!("Edition {number}"), href::edition(slug, number)),
                    Crumb::here("Changes"),
                ],
            ),
            name: name.to_string(),
            edition: EditionRow::new(slug, &edition.summary),
            previous: previous.map(|p| EditionRow::new(slug, p)),
            groups: change_groups(slug, &edition.changes),
            editions_href: href::editions(slug),
        }
    }
}
