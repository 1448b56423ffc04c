//! Published editions of a cycle: what readers saw, frozen, and what changed from one edition to
//! the next in words a journalist can check (`commitment 8, France: score 0 → +1`).
//!
//! A snapshot holds the cycle, its chapters and Table B exactly as published, so an edition's
//! report card is rebuilt from it alone, however far the working copy has moved on since; and
//! the rubric side ([`PublishedCoding`]), so its suggestions, departures and agreement figures
//! are too.

use std::fmt;

use crate::diff::{Change, MemberPart, chapter_changes};
use crate::matrix::ScoreMatrix;
use crate::model::{Chapter, Cycle};
use crate::names::member_key;
use crate::people::{Person, people_of};
use crate::score::Verdict;

mod rubrics;

pub use rubrics::{
    CodedItem, PublishedAdjudication, PublishedAssessment, PublishedCoding, PublishedRubric,
    SubmittedCoding,
};

/// Which report an edition is: the interim, the final, or a corrected reissue of either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionKind {
    Interim,
    Final,
    Corrected,
}

impl EditionKind {
    pub const ALL: [EditionKind; 3] = [
        EditionKind::Interim,
        EditionKind::Final,
        EditionKind::Corrected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EditionKind::Interim => "interim",
            EditionKind::Final => "final",
            EditionKind::Corrected => "corrected",
        }
    }

    pub fn parse(s: &str) -> Option<EditionKind> {
        EditionKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// How a reader names it: "Interim report", "Final report", "Corrected edition".
    pub fn label(self) -> &'static str {
        match self {
            EditionKind::Interim => "Interim report",
            EditionKind::Final => "Final report",
            EditionKind::Corrected => "Corrected edition",
        }
    }
}

impl fmt::Display for EditionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cycle as readers saw it in one edition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub cycle: Cycle,
    /// The chapters in commitment order; commitments known only from a score sheet have none.
    pub chapters: Vec<Chapter>,
    /// Table B as published (every commitment, chapters or not).
    pub matrix: ScoreMatrix,
    /// The rubrics in force, the submitted codings, adjudications and justifications as
    /// published. Absent from editions frozen before editions recorded them: those read back
    /// with none.
    #[serde(default)]
    pub coding: PublishedCoding,
}

impl Snapshot {
    pub fn chapter(&self, code: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.commitment.code == code)
    }

    /// The research team as the edition's chapters sign it.
    pub fn people(&self) -> Vec<Person> {
        people_of(&self.chapters)
    }
}

/// One difference between an edition and the one before it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EditionChange {
    /// The cycle's kind, period, convention, institution or summit.
    CycleDetails,
    CommitmentAdded {
        commitment: String,
        title: String,
    },
    CommitmentRemoved {
        commitment: String,
        title: String,
    },
    MemberAdded {
        member: String,
    },
    MemberRemoved {
        member: String,
    },
    /// One cell of Table B.
    Score {
        commitment: String,
        member: String,
        old: Verdict,
        new: Verdict,
    },
    /// A commitment known from a score sheet gained its chapter, or lost it.
    ChapterAdded {
        commitment: String,
    },
    ChapterRemoved {
        commitment: String,
    },
    /// Anything else within a chapter: sections, evidence, narrative, citations (scores are
    /// listed once, as [`EditionChange::Score`]).
    Chapter {
        commitment: String,
        change: Change,
    },
    /// The rubric in force for a commitment: another version, or one where there was none.
    Rubric {
        commitment: String,
        old: Option<u32>,
        new: Option<u32>,
    },
}

fn verdict_text(v: Verdict) -> String {
    match v {
        Verdict::Scored(s) => s.published().to_string(),
        other => other.to_string(),
    }
}

impl fmt::Display for EditionChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditionChange::CycleDetails => {
                f.write_str("the cycle's kind, period, institution or summit changed")
            }
            EditionChange::CommitmentAdded { commitment, title } => {
                write!(f, "commitment {commitment} added: {title}")
            }
            EditionChange::CommitmentRemoved { commitment, title } => {
                write!(f, "commitment {commitment} removed: {title}")
            }
            EditionChange::MemberAdded { member } => write!(f, "member {member} added"),
            EditionChange::MemberRemoved { member } => write!(f, "member {member} removed"),
            EditionChange::Score {
                commitment,
                member,
                old,
                new,
            } => write!(
                f,
                "commitment {commitment}, {member}: score {} → {}",
                verdict_text(*old),
                verdict_text(*new)
            ),
            EditionChange::ChapterAdded { commitment } => {
                write!(f, "commitment {commitment}: chapter added")
            }
            EditionChange::ChapterRemoved { commitment } => {
                write!(f, "commitment {commitment}: chapter removed")
            }
            EditionChange::Chapter { commitment, change } => {
                write!(f, "commitment {commitment}: {change}")
            }
            EditionChange::Rubric { commitment, .. } => {
                write!(
                    f,
                    "commitment {commitment}: {}",
                    self.rubric_text().unwrap_or_default()
                )
            }
        }
    }
}

impl EditionChange {
    /// A rubric change in words without its commitment (`rubric version 2 → 3`), for lists
    /// grouped by commitment; `None` for any other change.
    pub fn rubric_text(&self) -> Option<String> {
        let EditionChange::Rubric { old, new, .. } = self else {
            return None;
        };
        Some(match (old, new) {
            (Some(a), Some(b)) => format!("rubric version {a} → {b}"),
            (None, Some(b)) => format!("rubric version {b} adopted"),
            (Some(a), None) => format!("rubric version {a} withdrawn"),
            (None, None) => "rubric unchanged".to_string(),
        })
    }
}

/// The chapter's own readings of its scores (the table, the average line, the heading and the
/// "Thus" sentence): the edition's change log tells a score once, as its Table B cell.
fn reads_the_score(change: &Change) -> bool {
    matches!(
        change,
        Change::Score { .. }
            | Change::PublishedAverage { .. }
            | Change::MemberPart {
                part: MemberPart::HeadingScore | MemberPart::ThusScore,
                ..
            }
    )
}

/// What changed from the previous edition (`None` for the first edition, which has no changes
/// to list) to `new`, in reading order: the cycle, Table B's columns and rows, its cells, then
/// each chapter.
pub fn edition_changes(old: Option<&Snapshot>, new: &Snapshot) -> Vec<EditionChange> {
    let Some(old) = old else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    if old.cycle != new.cycle {
        changes.push(EditionChange::CycleDetails);
    }
    let (om, nm) = (&old.matrix, &new.matrix);
    for m in &om.members {
        if nm.member_index(&m.name).is_none() {
            changes.push(EditionChange::MemberRemoved {
                member: m.name.clone(),
            });
        }
    }
    for m in &nm.members {
        if om.member_index(&m.name).is_none() {
            changes.push(EditionChange::MemberAdded {
                member: m.name.clone(),
            });
        }
    }
    for row in &om.rows {
        if nm.row_index(&row.code).is_none() {
            changes.push(EditionChange::CommitmentRemoved {
                commitment: row.code.clone(),
                title: row.title.clone(),
            });
        }
    }
    for (i, row) in nm.rows.iter().enumerate() {
        let Some(oi) = om.row_index(&row.code) else {
            changes.push(EditionChange::CommitmentAdded {
                commitment: row.code.clone(),
                title: row.title.clone(),
            });
            continue;
        };
        for (j, member) in nm.members.iter().enumerate() {
            // A new member's cells are told by "member added".
            let Some(oj) = om
                .members
                .iter()
                .position(|m| member_key(&m.name) == member_key(&member.name))
            else {
                continue;
            };
            let (a, b) = (om.cell(oi, oj), nm.cell(i, j));
            if a != b {
                changes.push(EditionChange::Score {
                    commitment: row.code.clone(),
                    member: member.name.clone(),
                    old: a,
                    new: b,
                });
            }
        }
    }
    for row in &nm.rows {
        if om.row_index(&row.code).is_none() {
            continue;
        }
        let code = &row.code;
        let version = |s: &Snapshot| s.coding.rubric(code).map(|r| r.version);
        if version(old) != version(new) {
            changes.push(EditionChange::Rubric {
                commitment: code.clone(),
                old: version(old),
                new: version(new),
            });
        }
        match (old.chapter(code), new.chapter(code)) {
            (None, Some(_)) => changes.push(EditionChange::ChapterAdded {
                commitment: code.clone(),
            }),
            (Some(_), None) => changes.push(EditionChange::ChapterRemoved {
                commitment: code.clone(),
            }),
            (Some(a), Some(b)) => {
                // Scores are Table B's cells, listed above; the printed average follows them.
                changes.extend(
                    chapter_changes(a, b)
                        .into_iter()
                        .filter(|c| !reads_the_score(c))
                        .map(|change| EditionChange::Chapter {
                            commitment: code.clone(),
                            change,
                        }),
                );
            }
            (None, None) => {}
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::average::PercentConvention;
    use crate::model::{
        BodyParagraph, Citation, Commitment, CycleKind, EvidenceDate, EvidenceItem, MemberSection,
        Period, TableRow,
    };
    use crate::score::Score;
    use jiff::civil::date;

    fn citation(n: u32) -> Citation {
        Citation {
            number: n,
            title: format!("Source {n}"),
            publisher: Some("Invented Ministry".into()),
            place: None,
            published: Some(date(2031, 7, 1).into()),
            accessed: Some(date(2031, 8, 1)),
            url: Some(format!("https://example.org/{n}")),
            note: None,
            raw: format!("Source {n}."),
        }
    }

    fn section(member: &str, score: Score, day: i8, cite: u32) -> MemberSection {
        MemberSection {
            member: member.into(),
            heading_verdict: Some(Verdict::Scored(score)),
            thus_verdict: Some(Verdict::Scored(score)),
            opening: format!("{member} acted."),
            body: vec![BodyParagraph::Evidence(EvidenceItem {
                date: EvidenceDate {
                    date: date(2031, 7, day),
                    inferred: false,
                },
                text: format!("On {day} July 2031, {member} acted."),
                citations: vec![cite],
            })],
            conclusion: "Thus it scores.".into(),
            analyst: Some("Ada Lovelace".into()),
        }
    }

    fn snapshot() -> Snapshot {
        let chapter = Chapter {
            commitment: Commitment {
                code: "7".into(),
                area: "Oceans".into(),
                title: "Plastic Litter".into(),
                text: "We commit to reduce plastic litter.".into(),
                source: "Invented Communiqué".into(),
            },
            sections: Vec::new(),
            director: Some("Grace Hopper".into()),
            lead_analyst: Some("Alan Turing".into()),
            assessment_table: vec![
                TableRow {
                    member: "Canada".into(),
                    verdict: Verdict::Scored(Score::Full),
                },
                TableRow {
                    member: "France".into(),
                    verdict: Verdict::Scored(Score::Partial),
                },
            ],
            published_average: Some("+0.50 (75%)".into()),
            members: vec![
                section("Canada", Score::Full, 2, 1),
                section("France", Score::Partial, 3, 2),
            ],
            citations: vec![citation(1), citation(2)],
        };
        let chapters = vec![chapter];
        Snapshot {
            cycle: Cycle {
                name: "2031 Testland Summit Final".into(),
                kind: Some(CycleKind::Final),
                period: Some(Period::new(date(2031, 6, 1), date(2032, 5, 1)).unwrap()),
                convention: PercentConvention::Rescaled,
                institution: None,
                summit: None,
            },
            matrix: ScoreMatrix::from_chapters(&chapters, PercentConvention::Rescaled),
            chapters,
            coding: PublishedCoding::default(),
        }
    }

    fn lines(old: &Snapshot, new: &Snapshot) -> Vec<String> {
        edition_changes(Some(old), new)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_snapshot_reads_back_equal_and_rebuilds_its_matrix() {
        let s = snapshot();
        let json = serde_json::to_string(&s).unwrap();
        let back: Snapshot = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.matrix.overall(), s.matrix.overall());
        assert_eq!(back.people().len(), 3);
    }

    #[test]
    fn the_first_edition_and_an_identical_one_have_no_changes() {
        assert!(edition_changes(None, &snapshot()).is_empty());
        assert!(edition_changes(Some(&snapshot()), &snapshot()).is_empty());
    }

    #[test]
    fn a_change_log_lists_exactly_the_changes() {
        let old = snapshot();
        let mut new = snapshot();
        new.chapters[0].assessment_table[1].verdict = Verdict::Scored(Score::Full);
        new.chapters[0].published_average = Some("+1.00 (100%)".into());
        new.matrix.rows[0].cells[1] = Verdict::Scored(Score::Full);
        new.chapters[0].members[0].body.clear();
        new.chapters[0].citations[1].title = "Source 2, revised".into();
        assert_eq!(
            lines(&old, &new),
            [
                "commitment 7, France: score 0 → +1",
                "commitment 7: Canada: 1 evidence item removed",
                "commitment 7: footnote 2 changed",
            ]
        );
        let round: Vec<EditionChange> = serde_json::from_str(
            &serde_json::to_string(&edition_changes(Some(&old), &new)).unwrap(),
        )
        .unwrap();
        assert_eq!(round, edition_changes(Some(&old), &new));
    }

    #[test]
    fn commitments_and_members_added_and_removed() {
        let old = snapshot();
        let mut new = snapshot();
        new.chapters.clear();
        new.matrix.rows[0].code = "8".into();
        new.matrix.members.push(crate::model::Member {
            name: "Germany".into(),
            code: "DEU".into(),
        });
        for row in &mut new.matrix.rows {
            row.cells.push(Verdict::NotApplicable);
        }
        assert_eq!(
            lines(&old, &new),
            [
                "member Germany added",
                "commitment 7 removed: Plastic Litter",
                "commitment 8 added: Plastic Litter",
            ]
        );
    }

    fn rubric(version: u32) -> crate::rubric::Rubric {
        let mut r = crate::rubric::Rubric::from_toml_str(include_str!(
            "../rubrics/g7-2024-18-border-management.toml"
        ))
        .unwrap();
        r.version = version;
        r
    }

    fn with_rubric(version: Option<u32>) -> Snapshot {
        let mut s = snapshot();
        s.coding.rubrics = version
            .map(|v| PublishedRubric {
                commitment: "7".into(),
                rubric: rubric(v),
            })
            .into_iter()
            .collect();
        s
    }

    #[test]
    fn a_snapshot_frozen_before_editions_recorded_rubrics_reads_with_none() {
        let mut json = serde_json::to_value(snapshot()).unwrap();
        json.as_object_mut().unwrap().remove("coding");
        let back: Snapshot = serde_json::from_value(json).unwrap();
        assert_eq!(back.coding, PublishedCoding::default());
        assert_eq!(back, snapshot());
    }

    #[test]
    fn a_new_rubric_version_is_a_change_and_the_same_one_is_not() {
        assert_eq!(
            lines(&with_rubric(Some(1)), &with_rubric(Some(2))),
            ["commitment 7: rubric version 1 → 2"]
        );
        assert_eq!(
            lines(&with_rubric(None), &with_rubric(Some(1))),
            ["commitment 7: rubric version 1 adopted"]
        );
        assert!(lines(&with_rubric(Some(2)), &with_rubric(Some(2))).is_empty());
        let back: Snapshot =
            serde_json::from_str(&serde_json::to_string(&with_rubric(Some(3))).unwrap()).unwrap();
        assert_eq!(back.coding.rubric("7").map(|r| r.version), Some(3));
    }

    #[test]
    fn an_edition_keeps_submitted_codings_and_adjudications_never_a_draft() {
        use crate::coding::{Adjudication, AssessmentCodings, CodedEvidence, CoderCoding};
        use crate::rubric::{EvidenceStrength, Strength};
        let at: jiff::Timestamp = "2031-08-01T10:00:00Z".parse().unwrap();
        let coding = |coder: &str, submitted: Option<jiff::Timestamp>| CoderCoding {
            coder: coder.into(),
            submitted_at: submitted,
            items: vec![CodedEvidence {
                evidence: 1,
                dimension: "border".into(),
                strength: EvidenceStrength::Strong,
            }],
        };
        let live = AssessmentCodings {
            member: "Canada".into(),
            required: 2,
            codings: vec![
                coding("Avery", Some(at)),
                coding("Blake", None),
                coding("Casey", Some(at)),
            ],
            adjudications: vec![Adjudication {
                dimension: Some("border".into()),
                strength: Strength::Weak,
                contradictory: false,
                by: "Lee".into(),
                note: "read the source".into(),
                at,
            }],
        };
        let published = PublishedAssessment::of("7", &live, Some("  ".into()));
        assert_eq!(
            published.justification, None,
            "a blank justification is none"
        );
        let back = published.codings_with(2);
        let coders: Vec<&str> = back.codings.iter().map(|c| c.coder.as_str()).collect();
        assert_eq!(coders, ["Avery", "Casey"]);
        assert_eq!(back.adjudications, live.adjudications);
        assert_eq!(back.codings[0], live.codings[0]);
        let all = PublishedCoding {
            required_coders: 2,
            rubrics: Vec::new(),
            assessments: vec![published],
        };
        assert!(all.assessment("7", " canada").is_some());
        assert_eq!(all.codings()[0].1, back);
    }

    #[test]
    fn kinds_parse_from_their_names() {
        for k in EditionKind::ALL {
            assert_eq!(EditionKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EditionKind::parse(" Final "), Some(EditionKind::Final));
        assert_eq!(EditionKind::parse("draft"), None);
    }
}
