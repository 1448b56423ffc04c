//! DOCX of a synthetic 20-chapter report with 4,000 footnotes (issue 5: at most 2 s release).
//! Run: `cargo bench -p pledgewatch-reports --bench docx`.

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use pledgewatch_domain::citing::marker;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_reports::docx::render_docx;
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

/// 20 chapters × 8 members × 25 evidence paragraphs, one footnote each: 4,000 footnotes.
fn synthetic() -> Report {
    let mut next = 1u32;
    let chapters: Vec<Chapter> = (1..=20)
        .map(|i| {
            let mut citations = Vec::new();
            let members = MEMBERS
                .iter()
                .map(|m| {
                    let body = (0..25)
                        .map(|k| {
                            let n = next;
                            next += 1;
                            citations.push(Citation {
                                number: n,
                                title: format!("Announcement {n}"),
                                publisher: Some(format!("Government of {m}")),
                                place: Some("Capital".into()),
                                published: Some(date(2024, 7, 1)),
                                accessed: Some(date(2024, 12, 1)),
                                url: Some(format!("https://example.org/{i}/{n}")),
                                note: None,
                                raw: format!("Announcement {n}, Government of {m} (Capital) 1 July 2024. Access Date: 1 December 2024. https://example.org/{i}/{n}"),
                            });
                            BodyParagraph::Evidence(EvidenceItem {
                                date: EvidenceDate { date: date(2024, 7, 1 + (k % 28) as i8), inferred: false },
                                text: format!("On {} July 2024, the government of {m} announced a measure that strengthens border cooperation with partner countries and funds joint operations.{}", 1 + k % 28, marker(n)),
                                citations: vec![n],
                            })
                        })
                        .collect();
                    MemberSection {
                        member: (*m).into(),
                        heading_verdict: Some(Verdict::Scored(Score::Full)),
                        thus_verdict: Some(Verdict::Scored(Score::Full)),
                        opening: format!("{m} has fully complied with this commitment."),
                        body,
                        conclusion: format!("Overall, {m} acted in every dimension."),
                        analyst: Some("Analyst One".into()),
                    }
                })
                .collect();
            Chapter {
                commitment: Commitment {
                    code: i.to_string(),
                    area: "Migration and Refugees".into(),
                    title: format!("Commitment {i}"),
                    text: "Members will work together on the matter.".into(),
                    source: "Leaders' Communiqué".into(),
                },
                sections: SectionKind::ALL
                    .into_iter()
                    .map(|kind| Section { kind, text: "A paragraph of context.\n\nAnother paragraph.".into() })
                    .collect(),
                director: Some("Director One".into()),
                lead_analyst: Some("Lead One".into()),
                assessment_table: MEMBERS
                    .iter()
                    .map(|m| TableRow { member: (*m).into(), verdict: Verdict::Scored(Score::Full) })
                    .collect(),
                published_average: Some("+1.00 (100%)".into()),
                members,
                citations,
            }
        })
        .collect();
    let cycle = Cycle {
        name: "Synthetic Final".into(),
        kind: None,
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    Report::new(&cycle, &chapters, &ReportOptions::default())
}

fn bench(c: &mut Criterion) {
    let report = synthetic();
    let mut group = c.benchmark_group("docx");
    group.sample_size(10);
    group.bench_function("20 chapters, 4000 footnotes", |b| {
        b.iter(|| render_docx(&report).expect("a docx"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
