//! HTML of a synthetic 20-chapter report with 4,000 footnotes (issue 5: at most 300 ms release).
//! Run: `cargo bench -p pledgewatch-reports --bench render -- --warm-up-time 1 --measurement-time 3`.
//! The chapters are invented in code, so the bench needs no seeds.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pledgewatch_reports::html::{chapter_pages, write_html};
use pledgewatch_reports::markdown::write_markdown;

mod synthetic;

fn bench(c: &mut Criterion) {
    let report = synthetic::synthetic();
    assert_eq!(report.footnote_range(), Some((1, 4000)));
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("html one page, 20 chapters, 4000 footnotes", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(8 << 20);
            write_html(black_box(&report), &mut out).expect("writes to a Vec");
            out
        })
    });
    group.bench_function("html pages, 20 chapters, 4000 footnotes", |b| {
        b.iter(|| chapter_pages(black_box(&report)))
    });
    group.bench_function("markdown, 20 chapters, 4000 footnotes", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(4 << 20);
            write_markdown(black_box(&report), &mut out).expect("writes to a Vec");
            out
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
