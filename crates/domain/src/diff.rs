//! What a re-import changed in a chapter, in words a user can check at a glance:
//! `Canada: score +1 → 0`, `France: 3 evidence items added, 1 removed`, `footnote 4095 changed`.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{BodyParagraph, Chapter, Citation, MemberSection, SectionKind};
use crate::score::Verdict;

/// Whether something appeared, disappeared or was rewritten.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Edit {
    Added,
    Removed,
    Changed,
}

impl Edit {
    pub fn as_str(self) -> &'static str {
        match self {
            Edit::Added => "added",
            Edit::Removed => "removed",
            Edit::Changed => "changed",
        }
    }
}

/// A part of a member's section other than its scores and evidence.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum MemberPart {
    Opening,
    Conclusion,
    Analyst,
    HeadingScore,
    ThusScore,
}

impl MemberPart {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberPart::Opening => "opening paragraph",
            MemberPart::Conclusion => "concluding paragraph",
            MemberPart::Analyst => "analyst",
            MemberPart::HeadingScore => "heading score",
            MemberPart::ThusScore => "\"Thus\" sentence score",
        }
    }
}

/// One difference between two versions of a chapter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Change {
    Title,
    Area,
    CommitmentText,
    Source,
    Director,
    LeadAnalyst,
    PublishedAverage {
        old: Option<String>,
        new: Option<String>,
    },
    Section {
        kind: SectionKind,
        edit: Edit,
    },
    Member {
        member: String,
        edit: Edit,
    },
    /// The member's published score (Assessment table, else heading).
    Score {
        member: String,
        old: Verdict,
        new: Verdict,
    },
    Evidence {
        member: String,
        added: usize,
        removed: usize,
    },
    /// Undated paragraphs between the opening and the conclusion.
    Narrative {
        member: String,
        added: usize,
        removed: usize,
    },
    MemberPart {
        member: String,
        part: MemberPart,
    },
    /// Footnotes `first..=last` were all added, all removed or all changed.
    Footnotes {
        first: u32,
        last: u32,
        edit: Edit,
    },
    /// Nothing was added, removed or rewritten, but paragraphs, members or footnotes moved.
    Order,
}

fn verdict_text(v: Verdict) -> String {
    match v {
        Verdict::Scored(s) => s.published().to_string(),
        other => other.to_string(),
    }
}

fn counts(f: &mut fmt::Formatter<'_>, what: &str, added: usize, removed: usize) -> fmt::Result {
    let noun = |n: usize| {
        if n == 1 {
            what.to_string()
        } else {
            format!("{what}s")
        }
    };
    match (added, removed) {
        (a, 0) => write!(f, "{a} {} added", noun(a)),
        (0, r) => write!(f, "{r} {} removed", noun(r)),
        (a, r) => write!(f, "{a} {} added, {r} removed", noun(a)),
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Title => f.write_str("title changed"),
            Change::Area => f.write_str("policy area changed"),
            Change::CommitmentText => f.write_str("commitment text changed"),
            Change::Source => f.write_str("source changed"),
            Change::Director => f.write_str("compliance director changed"),
            Change::LeadAnalyst => f.write_str("lead analyst changed"),
            Change::PublishedAverage { old, new } => {
                let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".to_string());
                write!(f, "published average {} → {}", show(old), show(new))
            }
            Change::Section { kind, edit } => {
                write!(f, "section {} {}", kind.heading(), edit.as_str())
            }
            Change::Member { member, edit } => write!(f, "member {member} {}", edit.as_str()),
            Change::Score { member, old, new } => write!(
                f,
                "{member}: score {} → {}",
                verdict_text(*old),
                verdict_text(*new)
            ),
            Change::Evidence {
                member,
                added,
                removed,
            } => {
                write!(f, "{member}: ")?;
                counts(f, "evidence item", *added, *removed)
            }
            Change::Narrative {
                member,
                added,
                removed,
            } => {
                write!(f, "{member}: ")?;
                counts(f, "undated paragraph", *added, *removed)
            }
            Change::MemberPart { member, part } => {
                write!(f, "{member}: {} changed", part.as_str())
            }
            Change::Footnotes { first, last, edit } if first == last => {
                write!(f, "footnote {first} {}", edit.as_str())
            }
            Change::Footnotes { first, last, edit } => {
                write!(f, "footnotes {first}\u{2013}{last} {}", edit.as_str())
            }
            Change::Order => f.write_str("order of members, paragraphs or footnotes changed"),
        }
    }
}

/// Everything that differs from `old` to `new`, in reading order: the commitment, its sections,
/// then each member, then the footnotes. Empty exactly when the chapters are equal.
pub fn chapter_changes(old: &Chapter, new: &Chapter) -> Vec<Change> {
    let mut changes = Vec::new();
    let (oc, nc) = (&old.commitment, &new.commitment);
    for (differs, change) in [
        (oc.title != nc.title, Change::Title),
        (oc.area != nc.area, Change::Area),
        (oc.text != nc.text, Change::CommitmentText),
        (oc.source != nc.source, Change::Source),
        (old.director != new.director, Change::Director),
        (old.lead_analyst != new.lead_analyst, Change::LeadAnalyst),
    ] {
        if differs {
            changes.push(change);
        }
    }
    if old.published_average != new.published_average {
        changes.push(Change::PublishedAverage {
            old: old.published_average.clone(),
            new: new.published_average.clone(),
        });
    }
    for kind in SectionKind::ALL {
        let edit = match (old.section(kind), new.section(kind)) {
            (None, Some(_)) => Some(Edit::Added),
            (Some(_), None) => Some(Edit::Removed),
            (Some(a), Some(b)) if a.text != b.text => Some(Edit::Changed),
            _ => None,
        };
        if let Some(edit) = edit {
            changes.push(Change::Section { kind, edit });
        }
    }
    member_changes(old, new, &mut changes);
    footnote_changes(&old.citations, &new.citations, &mut changes);
    if changes.is_empty() && old != new {
        changes.push(Change::Order);
    }
    changes
}

fn member_changes(old: &Chapter, new: &Chapter, changes: &mut Vec<Change>) {
    let old_names = old.member_names();
    let new_names = new.member_names();
    for name in &old_names {
        if !new_names.contains(name) {
            changes.push(Change::Member {
                member: name.clone(),
                edit: Edit::Removed,
            });
        }
    }
    for name in &new_names {
        if !old_names.contains(name) {
            changes.push(Change::Member {
                member: name.clone(),
                edit: Edit::Added,
            });
            continue;
        }
        let (a, b) = (old.verdict_of(name), new.verdict_of(name));
        if a != b {
            changes.push(Change::Score {
                member: name.clone(),
                old: a,
                new: b,
            });
        }
        let section = |c: &'_ Chapter| c.members.iter().find(|m| &m.member == name).cloned();
        let empty = || MemberSection {
            member: name.clone(),
            heading_verdict: None,
            thus_verdict: None,
            opening: String::new(),
            body: Vec::new(),
            conclusion: String::new(),
            analyst: None,
        };
        let a = section(old).unwrap_or_else(empty);
        let b = section(new).unwrap_or_else(empty);
        section_changes(&a, &b, changes);
    }
}

fn section_changes(a: &MemberSection, b: &MemberSection, changes: &mut Vec<Change>) {
    let member = || b.member.clone();
    for (differs, part) in [
        (
            a.heading_verdict != b.heading_verdict,
            MemberPart::HeadingScore,
        ),
        (a.thus_verdict != b.thus_verdict, MemberPart::ThusScore),
        (a.opening != b.opening, MemberPart::Opening),
    ] {
        if differs {
            changes.push(Change::MemberPart {
                member: member(),
                part,
            });
        }
    }
    let evidence = |s: &MemberSection| -> Vec<BodyParagraph> {
        s.body
            .iter()
            .filter(|p| matches!(p, BodyParagraph::Evidence(_)))
            .cloned()
            .collect()
    };
    let narrative = |s: &MemberSection| -> Vec<BodyParagraph> {
        s.body
            .iter()
            .filter(|p| matches!(p, BodyParagraph::Narrative { .. }))
            .cloned()
            .collect()
    };
    let (added, removed) = multiset_difference(&evidence(a), &evidence(b));
    if added + removed > 0 {
        changes.push(Change::Evidence {
            member: member(),
            added,
            removed,
        });
    }
    let (added, removed) = multiset_difference(&narrative(a), &narrative(b));
    if added + removed > 0 {
        changes.push(Change::Narrative {
            member: member(),
            added,
            removed,
        });
    }
    for (differs, part) in [
        (a.conclusion != b.conclusion, MemberPart::Conclusion),
        (a.analyst != b.analyst, MemberPart::Analyst),
    ] {
        if differs {
            changes.push(Change::MemberPart {
                member: member(),
                part,
            });
        }
    }
}

/// How many of `new` are not matched in `old`, and how many of `old` are not matched in `new`,
/// counting repeats. A rewritten paragraph counts as one removed and one added.
fn multiset_difference<T: PartialEq>(old: &[T], new: &[T]) -> (usize, usize) {
    let mut unmatched: Vec<&T> = old.iter().collect();
    let mut added = 0;
    for item in new {
        match unmatched.iter().position(|o| *o == item) {
            Some(i) => {
                unmatched.swap_remove(i);
            }
            None => added += 1,
        }
    }
    (added, unmatched.len())
}

fn by_number(list: &[Citation]) -> BTreeMap<u32, Vec<&Citation>> {
    let mut map: BTreeMap<u32, Vec<&Citation>> = BTreeMap::new();
    for c in list {
        map.entry(c.number).or_default().push(c);
    }
    map
}

fn footnote_changes(old: &[Citation], new: &[Citation], changes: &mut Vec<Change>) {
    // A number defined twice compares as the list of its definitions.
    let (a, b) = (by_number(old), by_number(new));
    let mut edits: BTreeMap<u32, Edit> = BTreeMap::new();
    for (n, defs) in &a {
        match b.get(n) {
            None => {
                edits.insert(*n, Edit::Removed);
            }
            Some(other) if other != defs => {
                edits.insert(*n, Edit::Changed);
            }
            Some(_) => {}
        }
    }
    for n in b.keys() {
        if !a.contains_key(n) {
            edits.insert(*n, Edit::Added);
        }
    }
    // Consecutive numbers with the same edit read as one range: "footnotes 4068–4413 added".
    let mut run: Option<(u32, u32, Edit)> = None;
    for (n, edit) in edits {
        run = match run {
            Some((first, last, e)) if e == edit && last.checked_add(1) == Some(n) => {
                Some((first, n, e))
            }
            Some((first, last, e)) => {
                changes.push(Change::Footnotes {
                    first,
                    last,
                    edit: e,
                });
                Some((n, n, edit))
            }
            None => Some((n, n, edit)),
        };
    }
    if let Some((first, last, edit)) = run {
        changes.push(Change::Footnotes { first, last, edit });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, EvidenceDate, EvidenceItem, Section, TableRow};
    use crate::score::Score;
    use jiff::civil::date;

    fn evidence(day: i8, text: &str, cite: u32) -> BodyParagraph {
        BodyParagraph::Evidence(EvidenceItem {
            date: EvidenceDate {
                date: date(2024, 7, day),
                inferred: false,
            },
            text: text.to_string(),
            citations: vec![cite],
        })
    }

    fn citation(n: u32, title: &str) -> Citation {
        Citation {
            number: n,
            title: title.to_string(),
            publisher: None,
            place: None,
            published: None,
            accessed: None,
            url: Some(format!("https://example.org/{n}")),
            note: None,
            raw: title.to_string(),
        }
    }

    fn section(member: &str, score: Score, body: Vec<BodyParagraph>) -> MemberSection {
        MemberSection {
            member: member.to_string(),
            heading_verdict: Some(Verdict::Scored(score)),
            thus_verdict: Some(Verdict::Scored(score)),
            opening: format!("{member} acted."),
            body,
            conclusion: format!("Thus, {member} receives a score."),
            analyst: Some("Ada Lovelace".to_string()),
        }
    }

    fn chapter() -> Chapter {
        Chapter {
            commitment: Commitment {
                code: "7".to_string(),
                area: "Oceans".to_string(),
                title: "Plastic Litter".to_string(),
                text: "We commit to reduce plastic litter.".to_string(),
                source: "Invented Communiqué".to_string(),
            },
            sections: vec![Section {
                kind: SectionKind::Background,
                text: "Earlier summits spoke of litter.".to_string(),
            }],
            director: Some("Grace Hopper".to_string()),
            lead_analyst: Some("Alan Turing".to_string()),
            assessment_table: vec![
                TableRow {
                    member: "Canada".to_string(),
                    verdict: Verdict::Scored(Score::Full),
                },
                TableRow {
                    member: "France".to_string(),
                    verdict: Verdict::Scored(Score::Partial),
                },
            ],
            published_average: Some("+0.50 (75%)".to_string()),
            members: vec![
                section(
                    "Canada",
                    Score::Full,
                    vec![evidence(1, "Canada banned straws.", 1)],
                ),
                section(
                    "France",
                    Score::Partial,
                    vec![evidence(2, "France counted bottles.", 2)],
                ),
            ],
            citations: vec![citation(1, "Straws"), citation(2, "Bottles")],
        }
    }

    fn lines(old: &Chapter, new: &Chapter) -> Vec<String> {
        chapter_changes(old, new)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn equal_chapters_have_no_changes() {
        assert!(chapter_changes(&chapter(), &chapter()).is_empty());
    }

    #[test]
    fn describes_each_kind_of_change() {
        let old = chapter();
        let mut new = chapter();
        new.commitment.title = "Plastic Pollution".to_string();
        new.sections[0].text.push_str(" And again.");
        new.assessment_table[0].verdict = Verdict::Scored(Score::Partial);
        new.members[0].heading_verdict = Some(Verdict::Scored(Score::Partial));
        new.members[1].body = vec![
            evidence(3, "France taxed bags.", 3),
            evidence(4, "France taxed cups.", 4),
            evidence(5, "France taxed lids.", 5),
        ];
        new.citations[1].title = "Bottles, revised".to_string();
        new.citations.push(citation(3, "Bags"));
        new.citations.push(citation(4, "Cups"));
        new.citations.push(citation(5, "Lids"));
        assert_eq!(
            lines(&old, &new),
            [
                "title changed",
                "section Background changed",
                "Canada: score +1 → 0",
                "Canada: heading score changed",
                "France: 3 evidence items added, 1 removed",
                "footnote 2 changed",
                "footnotes 3–5 added",
            ]
        );
    }

    #[test]
    fn members_added_and_removed() {
        let old = chapter();
        let mut new = chapter();
        new.assessment_table.remove(1);
        new.members.remove(1);
        new.members
            .push(section("Japan", Score::NoCompliance, Vec::new()));
        new.citations.remove(1);
        assert_eq!(
            lines(&old, &new),
            [
                "member France removed",
                "member Japan added",
                "footnote 2 removed"
            ]
        );
    }

    #[test]
    fn reordering_alone_is_still_reported() {
        let old = chapter();
        let mut new = chapter();
        new.citations.reverse();
        assert_eq!(
            lines(&old, &new),
            ["order of members, paragraphs or footnotes changed"]
        );
    }

    #[test]
    fn score_changes_use_the_typographic_minus() {
        let old = chapter();
        let mut new = chapter();
        new.assessment_table[1].verdict = Verdict::Scored(Score::NoCompliance);
        new.members[1].thus_verdict = Some(Verdict::NotApplicable);
        assert_eq!(
            lines(&old, &new),
            [
                "France: score 0 → \u{2212}1",
                "France: \"Thus\" sentence score changed"
            ]
        );
    }
}
