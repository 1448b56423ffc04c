//! DOCX of the synthetic 20-chapter report with 4,000 footnotes (benches/synthetic) (issue 5: at most 2 s release).
//! Run: `cargo bench -p pledgewatch-reports --bench docx`.

use criterion::{Criterion, criterion_group, criterion_main};
use pledgewatch_reports::docx::render_docx;

mod synthetic;

fn bench(c: &mut Criterion) {
    let report = synthetic::synthetic();
    let mut group = c.benchmark_group("docx");
    group.sample_size(10);
    group.bench_function("20 chapters, 4000 footnotes", |b| {
        b.iter(|| render_docx(&report).expect("a docx"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
