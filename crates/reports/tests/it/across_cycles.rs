//! The across-cycles chart: one order of cycles (period start, then name), a legible layout
//! (a minimum plot width, cycle labels that neither overlap nor run off the edge, codes of tied
//! members stacked apart), and its place beside the other charts in HTML, PDF and Markdown.

use jiff::civil::{Date, date};
use pledgewatch_domain::matrix::{MatrixRow, ScoreMatrix};
use pledgewatch_domain::{Member, PercentConvention, Score, Verdict};
use pledgewatch_reports::Report;
use pledgewatch_reports::charts::{
    CycleScores, MarkdownCharts, across_cycles, report_across_cycles, report_charts,
    report_member_across_cycles, sort_cycles,
};

use crate::render_fixture::{assert_well_formed, invented_report};

/// A one-commitment matrix: each member (name, code) with its score.
fn matrix(scores: &[(&str, &str, Score)]) -> ScoreMatrix {
    ScoreMatrix {
        members: scores
            .iter()
            .map(|(name, code, _)| Member {
                name: (*name).into(),
                code: (*code).into(),
            })
            .collect(),
        rows: vec![MatrixRow {
            code: "1".into(),
            title: "Invented Lighthouses".into(),
            area: "Oceans".into(),
            cells: scores.iter().map(|(_, _, s)| Verdict::Scored(*s)).collect(),
        }],
        convention: PercentConvention::Rescaled,
    }
}

fn cycle(name: &str, starts: Option<Date>, m: ScoreMatrix) -> CycleScores {
    CycleScores {
        name: name.into(),
        starts,
        matrix: m,
    }
}

/// The value of attribute `name` in the first tag of `tag_text`.
fn attr(tag_text: &str, name: &str) -> i64 {
    let key = format!(" {name}=\"");
    let at = tag_text
        .find(&key)
        .unwrap_or_else(|| panic!("{name} in {tag_text}"))
        + key.len();
    tag_text[at..]
        .split('"')
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("a number for {name} in {tag_text}"))
}

/// Every `<text>` element with `class`: its opening tag's x and y and its lines (tspans, or the
/// text itself).
fn texts(svg: &str, class: &str) -> Vec<(i64, i64, Vec<String>)> {
    let marked = format!(" class=\"{class}\"");
    svg.match_indices("<text ")
        .filter_map(|(at, _)| {
            let element = &svg[at..at + svg[at..].find("</text>").expect("closed")];
            let open = &element[..element.find('>').expect("a tag")];
            if !open.contains(&marked) {
                return None;
            }
            let lines: Vec<String> = if element.contains("<tspan") {
                element
                    .split("<tspan")
                    .skip(1)
                    .map(|t| {
                        let body = &t[t.find('>').expect("a tspan") + 1..];
                        body.split('<').next().unwrap_or("").to_string()
                    })
                    .collect()
            } else {
                vec![element[open.len() + 1..].to_string()]
            };
            Some((attr(open, "x"), attr(open, "y"), lines))
        })
        .collect()
}

/// The pixels a text is assumed to take: 7.5 px a glyph at 12 px, wider than the common
/// sans-serif defaults' average glyph.
fn width_of(line: &str) -> i64 {
    (i64::try_from(line.chars().count()).expect("short") * 15 + 1) / 2
}

fn svg_width(svg: &str) -> i64 {
    attr(&svg[..svg.find('>').expect("a tag")], "width")
}

#[test]
fn cycle_labels_neither_overlap_nor_run_off_the_edge() {
    let names = [
        "2021 G7 Cornwall Summit Final Compliance Report",
        "2022 G7 Elmau Summit Final Compliance Report",
        "2023 G7 Hiroshima Summit Final",
        "2024 G7 Apulia Summit Final",
        "2025 G7 Kananaskis Summit Interim Compliance Report",
        "Supercalifragilisticexpialidociously-long-single-word cycle",
        "2026 Evian",
        "2027",
        "2028 G7 Summit Final",
    ];
    let m = matrix(&[
        ("Canada", "CAN", Score::Full),
        ("France", "FRA", Score::Partial),
    ]);
    for n in [2, 3, 5, 9] {
        let series: Vec<(String, ScoreMatrix)> = names[..n]
            .iter()
            .map(|s| (s.to_string(), m.clone()))
            .collect();
        let svg = across_cycles(&series).expect("a chart");
        assert_well_formed(&svg);
        let width = svg_width(&svg);
        let labels = texts(&svg, "cycle");
        assert_eq!(labels.len(), n, "one label per cycle");
        let mut previous_right = i64::MIN;
        for (x, _, lines) in &labels {
            assert!(!lines.is_empty());
            let w = lines.iter().map(|l| width_of(l)).max().unwrap_or(0);
            let (left, right) = (x - w / 2 - 1, x + w / 2 + 1);
            assert!(
                left >= 0 && right <= width,
                "{lines:?} at {x} in {width} px"
            );
            assert!(
                left > previous_right,
                "{lines:?} overlaps the label before it"
            );
            previous_right = right;
        }
        // Every word of a label is there (wrapped, not cut), unless one word is wider than
        // its slot.
        let shown: Vec<String> = labels.iter().map(|(_, _, l)| l.join(" ")).collect();
        assert_eq!(shown[2 % n], names[2 % n].to_string(), "{shown:?}");
    }
}

#[test]
fn two_cycles_get_the_minimum_plot_width() {
    let m = matrix(&[("Canada", "CAN", Score::Full)]);
    let svg =
        across_cycles(&[("2023 A".into(), m.clone()), ("2024 B".into(), m)]).expect("a chart");
    // The first grid line spans the plot.
    let line = &svg[svg.find("<line ").expect("a grid line")..];
    let line = &line[..line.find("/>").expect("closed")];
    assert!(attr(line, "x2") - attr(line, "x1") >= 540, "{line}");
    let labels = texts(&svg, "cycle");
    assert!(labels[1].0 - labels[0].0 >= 270, "{labels:?}");
}

#[test]
fn codes_of_tied_members_are_stacked_apart() {
    use Score::*;
    let earlier = matrix(&[
        ("Canada", "CAN", Partial),
        ("France", "FRA", Full),
        ("Germany", "DEU", Partial),
        ("Italy", "ITA", NoCompliance),
        ("Japan", "JPN", Full),
        ("European Union", "EU", Full),
    ]);
    // Four members end at +1, two at 0; the EU has no score in the later cycle.
    let later = matrix(&[
        ("Canada", "CAN", Full),
        ("France", "FRA", Full),
        ("Germany", "DEU", Full),
        ("Italy", "ITA", Full),
        ("Japan", "JPN", Partial),
        ("United Kingdom", "GBR", Partial),
    ]);
    let svg = across_cycles(&[
        ("2023 G7 Hiroshima Summit Final".into(), earlier),
        ("2024 G7 Apulia Summit Final".into(), later),
    ])
    .expect("a chart");
    assert_well_formed(&svg);
    let codes = texts(&svg, "code");
    assert_eq!(codes.len(), 7, "every member's line is named: {codes:?}");
    let ys_of = |wanted: &[&str]| -> Vec<i64> {
        let mut ys: Vec<i64> = codes
            .iter()
            .filter(|(_, _, l)| wanted.contains(&l[0].as_str()))
            .map(|(_, y, _)| *y)
            .collect();
        ys.sort_unstable();
        ys
    };
    for tied in [&["CAN", "FRA", "DEU", "ITA"][..], &["JPN", "GBR"][..]] {
        let ys = ys_of(tied);
        assert_eq!(ys.len(), tied.len());
        assert!(
            ys.windows(2).all(|w| w[1] - w[0] >= 14),
            "{tied:?} at {ys:?} print on top of each other"
        );
    }
    // The EU's code stays at its own (earlier) point, alone.
    let eu = codes
        .iter()
        .find(|(_, _, l)| l[0] == "EU")
        .expect("EU named");
    assert!(eu.0 < codes[0].0.max(codes[1].0));
    // Every code is inside the picture.
    let (width, height) = (
        svg_width(&svg),
        attr(&svg[..svg.find('>').expect("tag")], "height"),
    );
    for (x, y, l) in &codes {
        assert!(
            x + width_of(&l[0]) <= width && *y <= height && *y >= 12,
            "{l:?} at {x},{y}"
        );
    }
    insta::assert_snapshot!("across_cycles_tied", svg);
}

#[test]
fn cycles_are_ordered_by_period_start_then_name() {
    let m = |s| matrix(&[("Canada", "CAN", s)]);
    let mut cycles = vec![
        cycle("No period", None, m(Score::Full)),
        cycle(
            "2024 G7 Apulia Summit Final",
            Some(date(2024, 6, 15)),
            m(Score::Full),
        ),
        cycle(
            "2023 G7 Hiroshima Summit Final",
            Some(date(2023, 5, 21)),
            m(Score::Partial),
        ),
        cycle("2024 A later name", Some(date(2024, 6, 15)), m(Score::Full)),
    ];
    sort_cycles(&mut cycles);
    let names: Vec<&str> = cycles.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "2023 G7 Hiroshima Summit Final",
            "2024 A later name",
            "2024 G7 Apulia Summit Final",
            "No period"
        ]
    );
}

#[test]
fn a_report_places_its_own_cycle_among_the_others_by_period() {
    // The report is of a 2024 cycle; the others come in name order, the newer one first.
    let report = invented_report().with_other_cycles(vec![
        cycle(
            "2025 Invented Final",
            Some(date(2025, 6, 17)),
            matrix(&[("Canada", "CAN", Score::NoCompliance)]),
        ),
        cycle(
            "2023 Invented Final",
            Some(date(2023, 5, 21)),
            matrix(&[("Canada", "CAN", Score::Partial)]),
        ),
        // A namesake of the report's own cycle is left out: the report is the newer word.
        cycle(
            "Invented Final",
            Some(date(2024, 6, 15)),
            matrix(&[("Canada", "CAN", Score::NoCompliance)]),
        ),
    ]);
    let svg = report_across_cycles(&report).expect("three cycles");
    let labels: Vec<String> = texts(&svg, "cycle")
        .into_iter()
        .map(|(_, _, l)| l.join(" "))
        .collect();
    assert_eq!(
        labels,
        [
            "2023 Invented Final",
            "Invented Final",
            "2025 Invented Final"
        ]
    );
    assert!(
        svg.contains("Canada: 2023 Invented Final 0.00 (50%); Invented Final +1.00 (100%); 2025 Invented Final \u{2212}1.00 (0%);"),
        "{svg:.2000}"
    );
    let canada = report_member_across_cycles(&report, "canada").expect("Canada in three");
    assert!(canada.contains("Canada: average across cycles"));

    assert_eq!(report_across_cycles(&invented_report()), None);
}

pub fn two_cycle_report() -> Report {
    invented_report().with_other_cycles(vec![cycle(
        "2023 Invented Final",
        Some(date(2023, 5, 21)),
        matrix(&[
            ("Canada", "CAN", Score::Partial),
            ("France", "FRA", Score::Full),
        ]),
    )])
}

#[test]
fn the_html_report_shows_the_chart_beside_the_others_only_with_two_cycles() {
    let one = pledgewatch_reports::html::render_html(&invented_report());
    let two = pledgewatch_reports::html::render_html(&two_cycle_report());
    for html in [&one, &two] {
        assert_eq!(html.matches("id=\"heatmap-title\"").count(), 1);
        assert_eq!(html.matches("id=\"bars-title\"").count(), 1);
    }
    assert_eq!(one.matches("cycles-title").count(), 0);
    assert_eq!(two.matches("id=\"cycles-title\"").count(), 1);
    // In the summary, after the ranking bars.
    let summary = &two[two.find("id=\"summary\"").expect("a summary")..];
    let bars = summary.find("bars-title").expect("bars in the summary");
    let cycles = summary
        .find("cycles-title")
        .expect("the chart in the summary");
    let end = summary.find("</section>").expect("the summary ends");
    assert!(bars < cycles && cycles < end);
}

#[test]
fn markdown_embeds_the_charts_or_links_them_beside() {
    let report = two_cycle_report();
    let charts = report_charts(&report);
    let keys: Vec<&str> = charts.iter().map(|c| c.key).collect();
    assert_eq!(keys, ["heatmap", "ranking-bars", "across-cycles"]);
    assert_eq!(report_charts(&invented_report()).len(), 2);

    let embedded = pledgewatch_reports::markdown::render_markdown(&report);
    assert!(embedded.contains("## Charts"));
    assert_eq!(embedded.matches("](data:image/svg+xml;base64,").count(), 3);
    // The data decodes to the chart itself.
    use base64::Engine as _;
    let at = embedded.find("base64,").expect("data") + 7;
    let data = &embedded[at..at + embedded[at..].find(')').expect("closed")];
    let svg = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    assert_eq!(String::from_utf8(svg).expect("UTF-8"), charts[0].svg);
    assert!(embedded.contains("*Figure 3: Each member's average across cycles, oldest first.*"));

    let dir = tempfile::tempdir().expect("a temp dir");
    let mut md = Vec::new();
    pledgewatch_reports::markdown::write_markdown_with(
        &report,
        &mut md,
        &MarkdownCharts::Beside {
            stem: "report".into(),
        },
    )
    .expect("written");
    let md = String::from_utf8(md).expect("UTF-8");
    let written =
        pledgewatch_reports::charts::write_beside(&report, dir.path(), "report").expect("written");
    assert_eq!(
        written,
        [
            "report-heatmap.svg",
            "report-ranking-bars.svg",
            "report-across-cycles.svg"
        ]
    );
    for (name, chart) in written.iter().zip(&charts) {
        assert!(md.contains(&format!("](<{name}>)")), "{name} linked");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).expect("a file"),
            chart.svg
        );
    }
    assert!(!md.contains("data:image"));
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_shows_the_chart_only_with_two_cycles() {
    use std::process::Command;
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("pdftotext is not on PATH: skipping the PDF's across-cycles check");
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let text_of = |report: &Report, name: &str| -> String {
        let pdf = dir.path().join(format!("{name}.pdf"));
        std::fs::write(
            &pdf,
            pledgewatch_reports::pdf::render_pdf(report).expect("a PDF"),
        )
        .expect("written");
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let one = text_of(&invented_report(), "one");
    let two = text_of(&two_cycle_report(), "two");
    assert!(!one.contains("Member averages across cycles"));
    assert!(two.contains("Member averages across cycles"), "{two:.3000}");
    // The chart's own text: the earlier cycle's label, drawn in the figure.
    assert!(!one.contains("2023 Invented Final"));
    assert!(two.contains("2023 Invented Final"));
}
