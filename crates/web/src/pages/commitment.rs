//! A commitment's chapter: the quoted commitment, the Assessment table, the sections, each
//! member's narrative with its evidence in date order, and the footnotes.

use std::collections::HashSet;

use askama::Template;
use pledgewatch_domain::{
    Average, BodyParagraph, Chapter, Member, PercentConvention, SectionKind, Verdict,
    default_member_code, member_key,
};

use super::{Chrome, Crumb, href};
use crate::coding::SuggestionState;
use crate::format::{self, Cell, DateView, Segment};
use crate::pages::rubric::outcome_text;

#[derive(Template)]
#[template(path = "commitment.html")]
pub struct CommitmentPage {
    pub chrome: Chrome,
    pub cycle_name: String,
    pub code: String,
    pub area: String,
    pub title: String,
    pub text: Vec<Segment>,
    pub source: String,
    pub assessment: Vec<AssessmentRow>,
    /// Computed from the scores: `+0.38 (69%)`.
    pub average: Option<String>,
    /// The published average line, only when it differs from the computed one.
    pub published_differs: Option<String>,
    pub sections: Vec<SectionView>,
    pub director: Option<String>,
    pub lead_analyst: Option<String>,
    pub member_sections: Vec<MemberView>,
    pub footnotes: Vec<FootnoteView>,
    /// The rubric page's address.
    pub rubric_href: String,
    /// Whether the commitment has a rubric (else the link invites one).
    pub has_rubric: bool,
}

pub struct AssessmentRow {
    pub name: String,
    pub anchor: String,
    pub has_section: bool,
    /// 0, 1, 2 for the No / Partial / Full Compliance column; `None` for n/a or not assessed.
    pub column: Option<usize>,
    pub cell: Cell,
    /// `not applicable` or `not yet assessed`, spelled out.
    pub state: &'static str,
}

pub struct SectionView {
    pub id: &'static str,
    pub heading: &'static str,
    /// Paragraphs of lines of prose.
    pub paragraphs: Vec<Vec<Vec<Segment>>>,
}

pub struct MemberView {
    pub name: String,
    pub anchor: String,
    /// The heading's score: `+1`, `−1`, `n/a`.
    pub verdict: &'static str,
    pub opening: Vec<Segment>,
    pub body: Vec<ParagraphView>,
    pub conclusion: Vec<Segment>,
    pub thus: Option<&'static str>,
    pub analyst: Option<String>,
    /// What the rubric suggests, filled in by [`CommitmentPage::with_rubric_notes`].
    pub rubric: Option<RubricNote>,
    pub justification: Option<String>,
}

/// The rubric's word on one member's assessment.
pub struct RubricNote {
    /// `+1`, `no score (gap)`, or where the coding stands: `not coded yet`, …
    pub suggested: String,
    pub reason: Option<String>,
    pub version: Option<u32>,
    pub departs: bool,
}

pub struct ParagraphView {
    pub date: Option<DateView>,
    pub segments: Vec<Segment>,
}

pub struct FootnoteView {
    pub number: u32,
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub published: Option<DateView>,
    pub accessed: Option<DateView>,
    pub url: Option<UrlView>,
    pub note: Option<String>,
}

pub struct UrlView {
    pub text: String,
    pub linkable: bool,
}

impl RubricNote {
    /// The note for an assessment scored `verdict` whose coding stands at `state`; `None` when
    /// the commitment has no rubric.
    pub fn of(state: &SuggestionState, verdict: Verdict) -> Option<RubricNote> {
        let waiting = |suggested: String| RubricNote {
            suggested,
            reason: None,
            version: None,
            departs: false,
        };
        Some(match state {
            SuggestionState::NoRubric => return None,
            SuggestionState::NotCoded => waiting("not coded yet".to_string()),
            SuggestionState::AwaitingCoders {
                submitted,
                required,
            } if required.saturating_sub(*submitted) == 1 && *required == 2 => {
                waiting("awaiting the second coder".to_string())
            }
            SuggestionState::AwaitingCoders {
                submitted,
                required,
            } => waiting(format!(
                "awaiting coders ({submitted} of {required} have submitted)"
            )),
            SuggestionState::AwaitingAdjudication(points) => {
                waiting(format!("awaiting adjudication of: {}", points.join(", ")))
            }
            SuggestionState::Suggested(s) => RubricNote {
                suggested: outcome_text(s),
                reason: Some(s.reason.clone()),
                version: Some(s.rubric_version),
                departs: pledgewatch_domain::coding::departs(verdict, s),
            },
        })
    }
}

/// The commitment as the score matrix knows it, for a commitment that has scores but no imported
/// chapter text (a CSV score import).
pub struct BareCommitment<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub area: &'a str,
    pub members: &'a [Member],
    pub cells: &'a [Verdict],
}

impl CommitmentPage {
    pub fn new(
        cycle_name: &str,
        slug: &str,
        chapter: &Chapter,
        members: &[Member],
        convention: PercentConvention,
    ) -> CommitmentPage {
        let code_of = |name: &str| -> String {
            let key = member_key(name);
            members
                .iter()
                .find(|m| member_key(&m.name) == key)
                .map(|m| m.code.clone())
                .unwrap_or_else(|| default_member_code(name))
        };
        let with_section: HashSet<String> = chapter
            .members
            .iter()
            .map(|m| member_key(&m.member))
            .collect();
        let names = chapter.member_names();
        let verdicts: Vec<Verdict> = names.iter().map(|n| chapter.verdict_of(n)).collect();
        let assessment = names
            .iter()
            .zip(&verdicts)
            .map(|(name, v)| AssessmentRow {
                anchor: href::member_anchor(&code_of(name)),
                has_section: with_section.contains(&member_key(name)),
                name: name.clone(),
                ..assessment_cells(*v)
            })
            .collect();
        let average = Average::of_scores(verdicts.iter().filter_map(|v| v.score()));
        let average_line = format::average_line(average, convention);
        let published_differs = chapter
            .published_average
            .as_deref()
            .filter(|p| Some(normalise_line(p)) != average_line.as_deref().map(normalise_line))
            .map(str::to_string);

        let defined: HashSet<u32> = chapter.citations.iter().map(|c| c.number).collect();
        let prose = |text: &str, cited: &[u32]| format::prose(text, cited, &defined);
        let sections = SectionKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let s = chapter.section(kind)?;
                Some(SectionView {
                    id: section_id(kind),
                    heading: kind.heading(),
                    paragraphs: format::paragraphs(&s.text)
                        .iter()
                        .map(|lines| lines.iter().map(|l| prose(l, &[])).collect())
                        .collect(),
                })
            })
            .filter(|s| !s.paragraphs.is_empty())
            .collect();

        let member_sections = chapter
            .members
            .iter()
            .map(|m| {
                let verdict = m
                    .heading_verdict
                    .unwrap_or_else(|| chapter.verdict_of(&m.member));
                MemberView {
                    name: m.member.clone(),
                    anchor: href::member_anchor(&code_of(&m.member)),
                    verdict: format::verdict_text(verdict),
                    opening: prose(&m.opening, &[]),
                    body: in_date_order(&m.body)
                        .into_iter()
                        .map(|p| match p {
                            BodyParagraph::Evidence(e) => ParagraphView {
                                date: Some(DateView::new(e.date.date, e.date.inferred)),
                                segments: prose(&e.text, &e.citations),
                            },
                            BodyParagraph::Narrative { text, citations } => ParagraphView {
                                date: None,
                                segments: prose(text, citations),
                            },
                        })
                        .collect(),
                    conclusion: prose(&m.conclusion, &[]),
                    thus: m.thus_verdict.map(format::verdict_text),
                    analyst: m.analyst.clone(),
                    rubric: None,
                    justification: None,
                }
            })
            .collect();

        let mut footnotes: Vec<FootnoteView> = chapter
            .citations
            .iter()
            .map(|c| FootnoteView {
                number: c.number,
                title: c.title.clone(),
                publisher: c.publisher.clone(),
                place: c.place.clone(),
                published: c.published.map(DateView::published),
                accessed: c.accessed.map(|d| DateView::new(d, false)),
                url: c.url.as_ref().map(|u| UrlView {
                    linkable: format::linkable_url(u),
                    text: u.clone(),
                }),
                note: c.note.clone(),
            })
            .collect();
        footnotes.sort_by_key(|f| f.number);

        let commitment = &chapter.commitment;
        CommitmentPage {
            chrome: chrome(cycle_name, slug, &commitment.code, &commitment.title),
            cycle_name: cycle_name.to_string(),
            code: commitment.code.clone(),
            area: commitment.area.clone(),
            title: commitment.title.clone(),
            text: prose(&commitment.text, &[]),
            source: commitment.source.clone(),
            assessment,
            average: average_line,
            published_differs,
            sections,
            director: chapter.director.clone(),
            lead_analyst: chapter.lead_analyst.clone(),
            member_sections,
            footnotes,
            rubric_href: href::rubric(slug, &commitment.code),
            has_rubric: false,
        }
    }

    /// Adds, per member section, the rubric's suggestion (or where the coding stands) and the
    /// written justification. `notes` is keyed by the member's name as the chapter writes it.
    pub fn with_rubric_notes(
        mut self,
        has_rubric: bool,
        mut note_of: impl FnMut(&str) -> (Option<RubricNote>, Option<String>),
    ) -> CommitmentPage {
        self.has_rubric = has_rubric;
        for m in &mut self.member_sections {
            let (note, justification) = note_of(&m.name);
            m.rubric = note;
            m.justification = justification;
        }
        self
    }

    /// A commitment known only from the score matrix: its Assessment table and nothing else.
    pub fn bare(
        cycle_name: &str,
        bare: BareCommitment<'_>,
        slug: &str,
        convention: PercentConvention,
    ) -> CommitmentPage {
        let assessment = bare
            .members
            .iter()
            .zip(bare.cells)
            .map(|(m, v)| AssessmentRow {
                name: m.name.clone(),
                anchor: href::member_anchor(&m.code),
                has_section: false,
                ..assessment_cells(*v)
            })
            .collect();
        let average = Average::of_scores(bare.cells.iter().filter_map(|v| v.score()));
        CommitmentPage {
            chrome: chrome(cycle_name, slug, bare.code, bare.title),
            cycle_name: cycle_name.to_string(),
            code: bare.code.to_string(),
            area: bare.area.to_string(),
            title: bare.title.to_string(),
            text: Vec::new(),
            source: String::new(),
            assessment,
            average: format::average_line(average, convention),
            published_differs: None,
            sections: Vec::new(),
            director: None,
            lead_analyst: None,
            member_sections: Vec::new(),
            footnotes: Vec::new(),
            rubric_href: href::rubric(slug, bare.code),
            has_rubric: false,
        }
    }
}

fn chrome(cycle_name: &str, slug: &str, code: &str, title: &str) -> Chrome {
    Chrome::new(
        format!("{code}. {title}: {cycle_name}"),
        vec![
            Crumb::link("Cycles", "/"),
            Crumb::link(cycle_name, href::cycle(slug)),
            Crumb::here(format!("{code}. {title}")),
        ],
    )
}

fn assessment_cells(v: Verdict) -> AssessmentRow {
    let column = v.score().map(|s| match s.value() {
        -1 => 0,
        0 => 1,
        _ => 2,
    });
    AssessmentRow {
        name: String::new(),
        anchor: String::new(),
        has_section: false,
        column,
        cell: Cell::of(v),
        state: match v {
            Verdict::NotApplicable => "not applicable",
            Verdict::NotAssessed => "not yet assessed",
            Verdict::Scored(_) => "",
        },
    }
}

/// Published lines are compared without regard to the kind of minus or spacing.
fn normalise_line(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if matches!(c, '-' | '\u{2013}') {
                '\u{2212}'
            } else {
                c
            }
        })
        .collect()
}

fn section_id(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Background => "background",
        SectionKind::CommitmentFeatures => "commitment-features",
        SectionKind::DefinitionsAndConcepts => "definitions-and-concepts",
        SectionKind::GeneralInterpretiveGuidelines => "general-interpretive-guidelines",
        SectionKind::ScoringGuidelines => "scoring-guidelines",
    }
}

/// The body with its evidence paragraphs in date order. Undated paragraphs keep their places;
/// the evidence paragraphs fill the remaining places in date order (stable, so paragraphs of the
/// same day keep the order the analyst wrote them in).
fn in_date_order(body: &[BodyParagraph]) -> Vec<&BodyParagraph> {
    let mut evidence: Vec<&BodyParagraph> = body
        .iter()
        .filter(|p| matches!(p, BodyParagraph::Evidence(_)))
        .collect();
    evidence.sort_by_key(|p| match p {
        BodyParagraph::Evidence(e) => Some(e.date.date),
        BodyParagraph::Narrative { .. } => None,
    });
    let mut sorted = evidence.into_iter();
    body.iter()
        .map(|p| match p {
            BodyParagraph::Evidence(_) => sorted.next().unwrap_or(p),
            BodyParagraph::Narrative { .. } => p,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use pledgewatch_domain::{EvidenceDate, EvidenceItem};

    fn evidence(d: jiff::civil::Date, text: &str) -> BodyParagraph {
        BodyParagraph::Evidence(EvidenceItem {
            date: EvidenceDate {
                date: d,
                inferred: false,
            },
            text: text.to_string(),
            citations: vec![],
        })
    }

    #[test]
    fn evidence_is_put_in_date_order_around_narrative() {
        let body = vec![
            evidence(date(2024, 9, 1), "c"),
            BodyParagraph::Narrative {
                text: "n".into(),
                citations: vec![],
            },
            evidence(date(2024, 7, 1), "a"),
            evidence(date(2024, 8, 1), "b"),
        ];
        let texts: Vec<&str> = in_date_order(&body)
            .into_iter()
            .map(|p| match p {
                BodyParagraph::Evidence(e) => e.text.as_str(),
                BodyParagraph::Narrative { text, .. } => text.as_str(),
            })
            .collect();
        assert_eq!(texts, ["a", "n", "b", "c"]);
    }

    #[test]
    fn published_lines_compare_across_minus_signs() {
        assert_eq!(
            normalise_line("-0.13 (44%)"),
            normalise_line("\u{2212}0.13 (44%)")
        );
        assert_ne!(normalise_line("+0.38 (69%)"), normalise_line("+0.50 (75%)"));
    }
}
