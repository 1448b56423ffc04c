//! The PDF of a synthetic 20-chapter report with 4,000 footnotes (8 members × 25 evidence
//! paragraphs per chapter, one footnote each). Target: at most 10 s in release.
//!
//! cargo bench -p pledgewatch-reports --bench pdf -- --warm-up-time 1 --measurement-time 10 --sample-size 10

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_reports::pdf::render_pdf;
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
const CHAPTERS: u32 = 20;
const EVIDENCE_PER_MEMBER: u32 = 25;

fn chapter(k: u32) -> Chapter {
    let mut number = 0;
    let mut citations = Vec::new();
    let members = MEMBERS
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let body = (0..EVIDENCE_PER_MEMBER)
                .map(|e| {
                    number += 1;
                    let url = format!("https://example.org/bench/{k}/{number}/statement-on-action");
                    citations.push(Citation {
                        number,
                        title: format!("Statement {number} on invented action"),
                        publisher: Some("Invented Ministry".to_string()),
                        place: Some("Ottawa".to_string()),
                        published: Some(date(2024, 7, 1)),
                        accessed: Some(date(2024, 8, 1)),
                        url: Some(url.clone()),
                        note: None,
                        raw: format!(
                            "Statement {number} on invented action, Invented Ministry (Ottawa) 1 July 2024. Access Date: 1 August 2024. {url}"
                        ),
                    });
                    BodyParagraph::Evidence(EvidenceItem {
                        date: EvidenceDate { date: date(2024, 7, 4), inferred: false },
                        text: format!(
                            "On 4 July 2024, {name} announced measure {e} of an invented programme to \
                             strengthen cooperation with partners, committing funds to border \
                             management, training officers and sharing information on organised \
                             crime networks across the region over the coming two years."
                        ),
                        citations: vec![number],
                    })
                })
                .collect();
            let verdict = Verdict::Scored(if (j + k as usize).is_multiple_of(3) { Score::Partial } else { Score::Full });
            MemberSection {
                member: name.to_string(),
                heading_verdict: Some(verdict),
                thus_verdict: Some(verdict),
                opening: format!("{name} has acted on the commitment."),
                body,
                conclusion: format!("{name} has taken strong action on the commitment."),
                analyst: Some(format!("Analyst {j}")),
            }
        })
        .collect::<Vec<_>>();
    Chapter {
        commitment: Commitment {
            code: k.to_string(),
            area: "Invented Policy".to_string(),
            title: format!("Commitment {k}"),
            text: "We commit to invented action on invented matters.".to_string(),
            source: "Invented Leaders' Communiqué".to_string(),
        },
        sections: SectionKind::ALL
            .into_iter()
            .map(|kind| Section {
                kind,
                text: "An invented section of a few sentences. It describes the commitment.\n\nA second paragraph.".to_string(),
            })
            .collect(),
        director: Some("Dana Director".to_string()),
        lead_analyst: Some("Lee Lead".to_string()),
        assessment_table: members
            .iter()
            .map(|m| TableRow { member: m.member.clone(), verdict: m.heading_verdict.unwrap_or(Verdict::NotAssessed) })
            .collect(),
        published_average: None,
        members,
        citations,
    }
}

fn report() -> Report {
    let chapters: Vec<Chapter> = (1..=CHAPTERS).map(chapter).collect();
    let cycle = Cycle {
        name: "2030 Invented Summit Final".to_string(),
        kind: None,
        period: Period::new(date(2030, 6, 15), date(2031, 5, 15)).ok(),
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    Report::new(
        &cycle,
        &chapters,
        &ReportOptions {
            first_footnote: 4068,
            ..ReportOptions::default()
        },
    )
}

fn bench(c: &mut Criterion) {
    let report = report();
    let notes: usize = report.chapters.iter().map(|c| c.citations.len()).sum();
    assert_eq!(notes, 4000);
    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    group.bench_function("20 chapters, 4000 footnotes", |b| {
        b.iter(|| render_pdf(&report).expect("the synthetic report renders"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
