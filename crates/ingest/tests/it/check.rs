//! The compliance team's checks over both seed chapters as the importer reads them. Prose keeps
//! its footnote markers (`pledgewatch_domain::citing`), so every footnote cited in a Background
//! or another section counts as cited: no false `footnote-unused`.

use pledgewatch_domain::check::check_cycle;
use pledgewatch_domain::{Chapter, Cycle, CycleKind, FindingCode, PercentConvention, Period};
use pledgewatch_ingest::{ParseOptions, parse_report};

use crate::seed_files::{MD, PDF, seed};

/// Both seed chapters, or `None` when ../shared/seeds is absent.
fn seed_chapters(period: Period) -> Option<Vec<Chapter>> {
    let options = ParseOptions {
        period: Some(period),
    };
    let mut chapters = Vec::new();
    for name in [MD, PDF] {
        let text = seed(name)?;
        let report = parse_report(&text, &options).expect("the seed parses");
        chapters.extend(report.chapters);
    }
    Some(chapters)
}

#[test]
fn seed_chapters_pass_the_footnote_checks() {
    let period = Period::parse("2024-06-15..2025-05-15").unwrap();
    let Some(chapters) = seed_chapters(period) else {
        return;
    };
    assert_eq!(chapters.len(), 2);
    let cycle = Cycle {
        name: "2024 G7 Apulia Summit Final".into(),
        kind: Some(CycleKind::Final),
        period: Some(period),
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    let findings = check_cycle(&cycle, &chapters);
    let all = findings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    let of = |code: FindingCode| {
        findings
            .iter()
            .filter(|f| f.code == code)
            .collect::<Vec<_>>()
    };

    assert!(of(FindingCode::FootnoteUnused).is_empty(), "{all}");
    assert!(of(FindingCode::FootnoteMissing).is_empty(), "{all}");
    let malformed: Vec<(Option<&str>, Option<u32>)> = of(FindingCode::UrlMalformed)
        .iter()
        .map(|f| (f.commitment.as_deref(), f.footnote))
        .collect();
    assert_eq!(
        malformed,
        [(Some("19"), Some(3100)), (Some("19"), Some(3124))],
        "{all}"
    );
    assert_eq!(of(FindingCode::DateWithoutYear).len(), 2, "{all}");
}
