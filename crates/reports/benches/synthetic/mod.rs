//! The synthetic report every renderer bench uses: 20 invented chapters, 8 members, 25 evidence
//! paragraphs per member with one footnote each (4,000 footnotes), a −1, 0s, +1s and an n/a.
//! Invented in code, so the benches need no seeds; one generator so the HTML, PDF and DOCX
//! figures in BENCHMARKS.md are measured on the same report.

use jiff::civil::date;
use pledgewatch_domain::citing::marker;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_reports::{Report, ReportOptions};

const MEMBERS: [&str; 8] = [
    "Canada",
    "France",
    "Germany",
    "Italy",
    "Japan",
    "United Kingdom",
    "United States",
    "European Union",
];

fn verdict(i: usize, j: usize) -> Verdict {
    match (i + j) % 7 {
        0 => Verdict::Scored(Score::NoCompliance),
        1 | 2 => Verdict::Scored(Score::Partial),
        3 if i == 5 => Verdict::NotApplicable,
        _ => Verdict::Scored(Score::Full),
    }
}

/// 20 chapters × 8 members × 25 evidence paragraphs with one footnote each: 4,000 footnotes,
/// numbered from 1.
pub fn synthetic() -> Report {
    let mut next = 1u32;
    let chapters: Vec<Chapter> = (1..=20usize)
        .map(|i| {
            let mut citations = Vec::new();
            let members = MEMBERS
                .iter()
                .enumerate()
                .map(|(j, m)| {
                    let body = (0..25i8)
                        .map(|k| {
                            let n = next;
                            next += 1;
                            let url = format!("https://example.org/news/{i}/{n}");
                            citations.push(Citation {
                                number: n,
                                title: format!("Invented announcement {n}"),
                                publisher: Some(format!("Ministry of {m}")),
                                place: Some("Capital".into()),
                                published: Some(date(2024, 7, 1 + k).into()),
                                accessed: Some(date(2024, 12, 1)),
                                url: Some(url.clone()),
                                note: None,
                                raw: format!("Invented announcement {n}, Ministry of {m} (Capital) {} July 2024. Access Date: 1 December 2024. {url}", 1 + k),
                            });
                            BodyParagraph::Evidence(EvidenceItem {
                                date: EvidenceDate { date: date(2024, 7, 1 + k), inferred: false },
                                text: format!("On {} July 2024, the government of {m} announced an invented measure that funds joint border operations with partner countries & trains officials.{} The measure follows earlier work.", 1 + k, marker(n)),
                                citations: vec![n],
                            })
                        })
                        .collect();
                    let v = verdict(i, j);
                    MemberSection {
                        member: (*m).into(),
                        heading_verdict: Some(v),
                        thus_verdict: Some(v),
                        opening: format!("{m} has acted on this invented commitment."),
                        body,
                        conclusion: format!("Overall, {m} acted in several dimensions."),
                        analyst: Some(format!("Analyst {j}")),
                    }
                })
                .collect();
            Chapter {
                commitment: Commitment {
                    code: i.to_string(),
                    area: "Invented Policy".into(),
                    title: format!("Invented Commitment {i}"),
                    text: "We will work together on invented matters.".into(),
                    source: "Invented Leaders' Communiqué".into(),
                },
                sections: SectionKind::ALL
                    .into_iter()
                    .map(|kind| Section { kind, text: "A paragraph of invented context.\n\nAnother paragraph.".into() })
                    .collect(),
                director: Some("Director One".into()),
                lead_analyst: Some("Lead One".into()),
                assessment_table: MEMBERS
                    .iter()
                    .enumerate()
                    .map(|(j, m)| TableRow { member: (*m).into(), verdict: verdict(i, j) })
                    .collect(),
                published_average: None,
                members,
                citations,
            }
        })
        .collect();
    let cycle = Cycle {
        name: "Synthetic Final".into(),
        kind: None,
        period: Period::parse("2024-06-15..2025-05-15").ok(),
        convention: PercentConvention::Rescaled,
        institution: Some("G7".into()),
        summit: None,
    };
    Report::new(&cycle, &chapters, &ReportOptions::default()).expect("the footnotes fit")
}
