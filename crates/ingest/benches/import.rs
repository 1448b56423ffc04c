//! Import throughput of the chapter parser on the seed chapters and on a 20-fold concatenation.
//! Run: `cargo bench -p pledgewatch-ingest --bench import` (reads ../shared/seeds).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pledgewatch_domain::Period;
use pledgewatch_ingest::{ParseOptions, parse_report_bytes};

fn seeds() -> Option<(Vec<u8>, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let md = std::fs::read(dir.join("000_1b5db1f3beaa7658.txt")).ok()?;
    let pdf = std::fs::read(dir.join("001_be85ca2343117b4d.txt")).ok()?;
    Some((md, pdf))
}

fn import(c: &mut Criterion) {
    let Some((md, pdf)) = seeds() else {
        eprintln!("../shared/seeds is absent: the import benchmark needs the seed chapters");
        return;
    };
    let options = ParseOptions {
        period: Some(Period::parse("2024-06-15..2025-05-15").expect("valid period")),
    };
    let mut group = c.benchmark_group("import");
    for (name, bytes) in [
        ("seed-000-markdown", md.clone()),
        ("seed-001-pdf-text", pdf.clone()),
    ] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| parse_report_bytes(black_box(&bytes), &options).expect("parses"))
        });
    }
    let mut twenty = Vec::new();
    for _ in 0..10 {
        twenty.extend_from_slice(&md);
        twenty.extend_from_slice(b"\n\n");
        twenty.extend_from_slice(&pdf);
        twenty.extend_from_slice(b"\n\n");
    }
    group.throughput(Throughput::Bytes(twenty.len() as u64));
    group.sample_size(20);
    group.bench_function("seeds-20-fold", |b| {
        b.iter(|| parse_report_bytes(black_box(&twenty), &options).expect("parses"))
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
