//! A report's charts as a list (the same three, in the same order, in every format that carries
//! them as pictures: DOCX, Markdown) and as Markdown images.
//!
//! Markdown has no inline SVG that every viewer shows, so its charts are images, either
//! embedded as `data:` URIs (one self-contained file: what a reader gets who downloads or
//! opens the file alone, in any viewer that renders images) or as SVG files beside the
//! Markdown, linked relatively (a folder: GitHub, which refuses `data:` images, shows these).

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use base64::Engine as _;

use crate::report::Report;

/// One of a report's charts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportChart {
    /// Names the chart's file: `heatmap`, `ranking-bars`, `across-cycles`.
    pub key: &'static str,
    /// A sentence saying what the chart shows, for its caption and alternative text.
    pub caption: &'static str,
    pub svg: String,
}

impl ReportChart {
    /// The chart's file name beside a Markdown file named `stem`.md.
    pub fn file_name(&self, stem: &str) -> String {
        format!("{stem}-{}.svg", self.key)
    }
}

/// The heatmap, the ranking bars and, when the report has other cycles, each member's average
/// across cycles.
pub fn report_charts(report: &Report) -> Vec<ReportChart> {
    let mut all = vec![
        ReportChart {
            key: "heatmap",
            caption: "Scores by commitment and member.",
            svg: super::heatmap(&report.matrix),
        },
        ReportChart {
            key: "ranking-bars",
            caption: "Members ranked by average, with the overall average marked.",
            svg: super::ranking_bars(&report.matrix),
        },
    ];
    if let Some(svg) = super::report_across_cycles(report) {
        all.push(ReportChart {
            key: "across-cycles",
            caption: "Each member's average across cycles, oldest first.",
            svg,
        });
    }
    all
}

/// How a Markdown report shows its charts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkdownCharts {
    /// Each chart inside the Markdown as a `data:image/svg+xml;base64,…` image.
    Embedded,
    /// Each chart as `STEM-KEY.svg` beside the Markdown (written by [`write_beside`]).
    Beside { stem: String },
}

/// The report's charts as a Markdown section: each image and its caption.
pub fn markdown_figures(out: &mut String, report: &Report, how: &MarkdownCharts) {
    out.push_str("## Charts\n\n");
    for (n, chart) in (1..).zip(report_charts(report)) {
        let alt = crate::markdown::escape(chart.caption);
        let src = match how {
            MarkdownCharts::Embedded => format!(
                "data:image/svg+xml;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(chart.svg.as_bytes())
            ),
            // A relative link; `<…>` keeps any character of the name from ending it.
            MarkdownCharts::Beside { stem } => format!("<{}>", chart.file_name(stem)),
        };
        let _ = writeln!(out, "![{alt}]({src})\n\n*Figure {n}: {alt}*\n");
    }
}

/// Writes the report's charts into `dir` as `STEM-KEY.svg`, for a Markdown file `STEM.md`
/// there written with [`MarkdownCharts::Beside`]; returns the file names.
pub fn write_beside(report: &Report, dir: &Path, stem: &str) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for chart in report_charts(report) {
        let name = chart.file_name(stem);
        std::fs::write(dir.join(&name), chart.svg.as_bytes())?;
        names.push(name);
    }
    Ok(names)
}
