//! Writing chapters: a new cycle of 20 G20-sized chapters, and the same chapters again (compared
//! and left alone). Reading Table B is in `scores.rs`.
//! Run: `cargo bench -p pledgewatch-store --bench import`.

use criterion::{Criterion, criterion_group, criterion_main};
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Score, TableRow, Verdict,
};
use pledgewatch_store::Store;

const MEMBERS: usize = 21;
const COMMITMENTS: usize = 20;

fn cycle(name: &str) -> Cycle {
    Cycle {
        name: name.to_string(),
        kind: None,
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    }
}

fn verdict(i: usize, j: usize) -> Verdict {
    let v = i8::try_from((i + j) % 3).unwrap_or(0) - 1;
    Score::from_value(v).map_or(Verdict::NotApplicable, Verdict::Scored)
}

/// A G20-sized chapter: 21 members with 8 evidence paragraphs each, 3 footnotes per paragraph.
fn chapter(code: usize) -> Chapter {
    let mut footnote = 0u32;
    let mut citations = Vec::new();
    let members = (0..MEMBERS)
        .map(|j| MemberSection {
            member: format!("Member {j}"),
            heading_verdict: Some(verdict(code, j)),
            thus_verdict: Some(verdict(code, j)),
            opening: "The member has partly complied.".repeat(3),
            body: (0..8)
                .map(|k| {
                    let numbers: Vec<u32> = (0..3)
                        .map(|_| {
                            footnote += 1;
                            citations.push(Citation {
                                number: footnote,
                                title: format!("Announcement {footnote}"),
                                publisher: Some("Ministry of Harbours".to_string()),
                                place: Some("Port Aurel".to_string()),
                                published: None,
                                accessed: None,
                                url: Some(format!("https://example.org/{footnote}")),
                                note: None,
                                raw: format!("Announcement {footnote}, Ministry of Harbours."),
                            });
                            footnote
                        })
                        .collect();
                    BodyParagraph::Evidence(EvidenceItem {
                        date: EvidenceDate {
                            date: jiff::civil::date(2030, 7, 1 + k),
                            inferred: false,
                        },
                        text: "On that day, the ministry dredged a harbour. ".repeat(8),
                        citations: numbers,
                    })
                })
                .collect(),
            conclusion: "Thus the member has partly complied.".to_string(),
            analyst: Some(format!("Analyst {j}")),
        })
        .collect();
    Chapter {
        commitment: Commitment {
            code: code.to_string(),
            area: "Harbours".to_string(),
            title: format!("Commitment {code}"),
            text: "We will keep the harbours open.".to_string(),
            source: "Communiqué".to_string(),
        },
        sections: Vec::new(),
        director: Some("Director".to_string()),
        lead_analyst: Some("Lead".to_string()),
        assessment_table: (0..MEMBERS)
            .map(|j| TableRow {
                member: format!("Member {j}"),
                verdict: verdict(code, j),
            })
            .collect(),
        published_average: None,
        members,
        citations,
    }
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.db");
    let store = rt
        .block_on(Store::open(path.to_str().expect("a UTF-8 path")))
        .expect("the store opens");
    let chapters: Vec<Chapter> = (1..=COMMITMENTS).map(chapter).collect();
    let mut group = c.benchmark_group("import_chapters");
    group.sample_size(10);
    let mut n = 0u32;
    group.bench_function("20 G20-sized chapters into a new cycle", |b| {
        b.iter(|| {
            n += 1;
            rt.block_on(store.import_chapters(&cycle(&format!("import {n}")), &chapters, "bench"))
        })
    });
    group.bench_function("20 unchanged chapters", |b| {
        b.iter(|| rt.block_on(store.import_chapters(&cycle("import 1"), &chapters, "bench")))
    });
    group.finish();
}

criterion_group!(import, benches);
criterion_main!(import);
