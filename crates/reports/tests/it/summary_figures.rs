//! The summary figures: the DOMAIN.md worked example on the seeds, and the invented cycle.

use pledgewatch_reports::summary::{summary, table_a};

use crate::render_fixture::{invented_report, seed_report};

#[test]
fn seed_figures_match_the_worked_example() {
    let Some(report) = seed_report("seed_figures_match_the_worked_example", 4068) else {
        return;
    };
    let s = summary(&report);
    assert_eq!(
        s.overall.as_ref().map(|f| f.line.as_str()),
        Some("+0.69 (84%)")
    );
    assert_eq!(s.scored_cells, 16);
    let gap = s.gap.expect("a gap");
    assert_eq!(gap.difference_text, "0.50");
    assert_eq!(gap.points, 25);
    assert_eq!(gap.lowest.line, "+0.50 (75%)");
    assert_eq!(gap.highest.line, "+1.00 (100%)");
    assert_eq!(
        gap.highest_members,
        ["United Kingdom", "United States", "European Union"]
    );
    let d: Vec<(&str, &str)> = s
        .by_commitment
        .iter()
        .map(|r| {
            (
                r.code.as_str(),
                r.figure.as_ref().map_or("", |f| f.line.as_str()),
            )
        })
        .collect();
    assert_eq!(d, [("18", "+1.00 (100%)"), ("19", "+0.38 (69%)")]);
    let canada = s
        .by_member
        .iter()
        .find(|r| r.label == "Canada")
        .expect("Canada");
    assert_eq!(
        canada.figure.as_ref().map(|f| f.line.as_str()),
        Some("+0.50 (75%)")
    );
    assert_eq!(canada.rank, Some(4));
    let a = table_a(&report);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].number, "18");
    assert_eq!(a[0].area, "Migration and Refugees");
}

#[test]
fn invented_figures_leave_na_and_unassessed_out() {
    let s = summary(&invented_report());
    // Chapter 1: +1, 0, −1, +1, 0, +1 scored (n/a and not assessed left out) = 2/6; chapter 2 all +1.
    assert_eq!(
        s.table_b[0].figure.as_ref().map(|f| f.line.as_str()),
        Some("+0.33 (67%)")
    );
    assert_eq!(s.scored_cells, 14);
    assert_eq!(
        s.overall.as_ref().map(|f| f.line.as_str()),
        Some("+0.71 (86%)")
    );
    let germany = s
        .by_member
        .iter()
        .find(|r| r.label == "Germany")
        .expect("Germany");
    assert_eq!(
        germany.figure.as_ref().map(|f| f.line.as_str()),
        Some("0.00 (50%)")
    );
    let gap = s.gap.expect("a gap");
    assert_eq!(gap.lowest_members, ["Germany"]);
    assert_eq!(gap.line, "1.00 (50 percentage points)");
}
