//! The SVG charts: snapshots of a small invented cycle, well-formed XML, accessibility, sizes.

use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{Member, PercentConvention, Score, Verdict};
use pledgewatch_reports::charts::{across_cycles, heatmap, member_across_cycles, ranking_bars};

use crate::render_fixture::{assert_well_formed, invented_chapters, invented_report};

fn accessible(svg: &str) {
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id="));
    assert!(svg.contains("<desc id="));
    assert!(!svg.contains("<script"));
    assert_well_formed(svg);
}

#[test]
fn heatmap_of_the_invented_cycle() {
    let report = invented_report();
    let svg = heatmap(&report.matrix);
    accessible(&svg);
    // The three states are labelled in text, not only coloured.
    assert!(svg.contains(">\u{2212}1</text>"));
    assert!(svg.contains(">n/a</text>"));
    assert!(svg.contains(">\u{2013}</text>"));
    assert!(svg.contains("not yet assessed"));
    assert!(svg.contains("url(#hm-hatch)"));
    insta::assert_snapshot!("heatmap_invented", svg);
}

#[test]
fn ranking_bars_mark_the_overall_average() {
    let report = invented_report();
    let svg = ranking_bars(&report.matrix);
    accessible(&svg);
    let overall = report.matrix.overall().expect("scored cells");
    assert!(svg.contains(&format!(
        "Overall {}",
        overall.published_line(PercentConvention::Rescaled)
    )));
    assert!(svg.contains("European Union"));
    insta::assert_snapshot!("bars_invented", svg);
}

#[test]
fn across_cycles_needs_two_cycles() {
    let one = vec![("Invented Final".to_string(), invented_report().matrix)];
    assert_eq!(across_cycles(&one), None);
    assert_eq!(member_across_cycles(&one, "Canada"), None);

    // A second cycle in which Germany did better.
    let mut second = invented_chapters();
    second[0].assessment_table[2].verdict = Verdict::Scored(Score::Full);
    let later = ScoreMatrix::from_chapters(&second, PercentConvention::Rescaled);
    let two = vec![
        ("2023 Invented Final".to_string(), later),
        ("2024 Invented Final".to_string(), invented_report().matrix),
    ];
    let svg = across_cycles(&two).expect("a chart for two cycles");
    accessible(&svg);
    assert!(svg.contains("2023 Invented Final") && svg.contains("2024 Invented Final"));
    insta::assert_snapshot!("across_cycles_invented", svg);

    let germany = member_across_cycles(&two, "germany").expect("Germany in both");
    accessible(&germany);
    assert!(germany.contains("Germany: average across cycles"));
    assert!(!germany.contains("Canada"));
    assert_eq!(member_across_cycles(&two, "Atlantis"), None);
}

#[test]
fn output_is_deterministic_and_escaped() {
    let mut chapters = invented_chapters();
    chapters[0].commitment.title = "<script>alert(1)</script> & \"more\"".into();
    chapters[0].assessment_table[0].member = "Canada <b>".into();
    let m = ScoreMatrix::from_chapters(&chapters, PercentConvention::Rescaled);
    let a = heatmap(&m);
    assert_eq!(a, heatmap(&m));
    for svg in [a, ranking_bars(&m)] {
        accessible(&svg);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
    }
}

#[test]
fn sizes_suit_eight_and_twenty_one_members() {
    let width = |svg: &str| -> i64 {
        let at = svg.find("width=\"").expect("a width") + 7;
        svg[at..]
            .split('"')
            .next()
            .and_then(|w| w.parse().ok())
            .expect("a number")
    };
    let m8 = invented_report().matrix;
    let mut m21 = m8.clone();
    m21.members = (0..21)
        .map(|k| Member {
            name: format!("Member {k}"),
            code: format!("M{k:02}"),
        })
        .collect();
    for r in &mut m21.rows {
        r.cells = (0..21)
            .map(|k| {
                Verdict::Scored(if k % 3 == 0 {
                    Score::Partial
                } else {
                    Score::Full
                })
            })
            .collect();
    }
    assert!(width(&heatmap(&m8)) <= 800);
    assert!(width(&heatmap(&m21)) <= 1100);
    assert!(width(&ranking_bars(&m21)) <= 800);
    assert_well_formed(&heatmap(&m21));
    assert_well_formed(&ranking_bars(&m21));
}
