//! What `pledgewatch scores` does for a 20-commitment × 21-member cycle: load the matrix from
//! SQLite and compute Tables B, C and D, the overall and the gap.
//! Run: `cargo bench -p pledgewatch-store --bench scores`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pledgewatch_domain::sheet::{ScoreSheet, SheetCommitment};
use pledgewatch_domain::{Cycle, PercentConvention, Score, Verdict};
use pledgewatch_store::Store;

const COMMITMENTS: usize = 20;
const MEMBERS: usize = 21;

fn sheet() -> ScoreSheet {
    let members: Vec<String> = (1..=MEMBERS).map(|m| format!("Member {m:02}")).collect();
    let commitments = (1..=COMMITMENTS)
        .map(|c| SheetCommitment {
            code: c.to_string(),
            title: Some(format!("Commitment {c}")),
            area: Some(format!("Area {}", c % 5)),
            cells: members
                .iter()
                .enumerate()
                .map(|(m, name)| {
                    let v = match (c * 7 + m) % 23 {
                        0 => Verdict::NotApplicable,
                        1 => Verdict::NotAssessed,
                        k => {
                            Verdict::Scored(Score::from_value((k % 3) as i8 - 1).expect("in range"))
                        }
                    };
                    (name.clone(), v)
                })
                .collect(),
        })
        .collect();
    ScoreSheet {
        members,
        commitments,
    }
}

fn scores(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    let store = rt
        .block_on(Store::open(path.to_str().expect("utf-8")))
        .expect("open");
    let cycle = Cycle {
        name: "Bench".into(),
        kind: None,
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    rt.block_on(store.import_scores(&cycle, &sheet(), "bench"))
        .expect("import");

    c.bench_function(
        "scores 20x21: load matrix + tables B-D, overall, gap",
        |b| {
            b.iter(|| {
                let m = rt
                    .block_on(store.score_matrix(black_box("Bench")))
                    .expect("load")
                    .expect("cycle");
                let by_member = m.by_member();
                let by_commitment = m.by_commitment();
                black_box((m.overall(), m.gap(), by_member.len(), by_commitment.len()));
            })
        },
    );
    let matrix = rt
        .block_on(store.score_matrix("Bench"))
        .expect("load")
        .expect("cycle");
    c.bench_function("scores 20x21: tables B-D, overall, gap (in memory)", |b| {
        b.iter(|| {
            let m = black_box(&matrix);
            let rows: Vec<_> = (0..m.rows.len()).map(|i| m.row_average(i)).collect();
            black_box((
                rows,
                m.by_member().len(),
                m.by_commitment().len(),
                m.overall(),
                m.gap(),
            ));
        })
    });
}

criterion_group!(benches, scores);
criterion_main!(benches);
