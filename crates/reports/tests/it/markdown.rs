//! The report as Markdown: GFM tables, `[^n]` footnotes defined at each chapter's end, escaping.

use std::collections::BTreeSet;

use pledgewatch_reports::markdown::{render_markdown, write_markdown};

use crate::render_fixture::{invented_chapters, invented_cycle, invented_report, seed_report};

fn references(md: &str) -> (BTreeSet<u32>, Vec<u32>) {
    let mut refs = BTreeSet::new();
    let mut defs = Vec::new();
    for (i, _) in md.match_indices("[^") {
        let rest = &md[i + 2..];
        let Some(end) = rest.find(']') else { continue };
        let Ok(n) = rest[..end].parse::<u32>() else {
            continue;
        };
        let at_line_start = i == 0 || md[..i].ends_with('\n');
        if at_line_start && rest[end + 1..].starts_with(':') {
            defs.push(n);
        } else {
            refs.insert(n);
        }
    }
    (refs, defs)
}

#[test]
fn seed_markdown_defines_every_footnote_once_in_order() {
    let Some(report) = seed_report("seed_markdown_defines_every_footnote_once_in_order", 1) else {
        return;
    };
    let md = render_markdown(&report);
    let (refs, defs) = references(&md);
    assert_eq!(defs, (1..=511).collect::<Vec<u32>>());
    assert!(refs.is_subset(&defs.iter().copied().collect()));
    assert!(md.contains("The final compliance score is **+0.69 (84%)**"));
    assert!(md.contains("\nAverage +0.38 (69%)\n"));
    assert!(md.contains("### Canada: +1\n"));
    assert!(md.contains("Thus, Canada receives a score of +1.\n"));
    assert!(md.contains("| No. | Commitment | CAN |"));
}

#[test]
fn invented_markdown_is_escaped_and_streams() {
    let mut chapters = invented_chapters();
    chapters[0].commitment.title = "<script>alert(1)</script>".into();
    let report = pledgewatch_reports::Report::new(
        &invented_cycle("Invented"),
        &chapters,
        &Default::default(),
    )
    .expect("the footnotes fit");
    let md = render_markdown(&report);
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("| 1 | Invented Borders |") || md.contains("\\<script"));
    assert!(md.contains("| Italy | n/a | | |"));

    let r = invented_report();
    let mut out = Vec::new();
    write_markdown(&r, &mut out).expect("writes to a Vec");
    assert_eq!(String::from_utf8(out).expect("utf-8"), render_markdown(&r));
}
