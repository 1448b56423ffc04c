//! The PDF of a synthetic 20-chapter report with 4,000 footnotes (8 members × 25 evidence
//! paragraphs per chapter, one footnote each). Target: at most 10 s in release.
//!
//! cargo bench -p pledgewatch-reports --bench pdf -- --warm-up-time 1 --measurement-time 10 --sample-size 10

use criterion::{Criterion, criterion_group, criterion_main};
use pledgewatch_reports::pdf::render_pdf;

mod synthetic;

fn bench(c: &mut Criterion) {
    let report = synthetic::synthetic();
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
