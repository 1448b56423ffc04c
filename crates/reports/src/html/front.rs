//! The parts of the report before the chapters: page head, front matter, research team, summary
//! with its charts, and Tables A–D.

use std::fmt::Write as _;

use pledgewatch_domain::Verdict;
use pledgewatch_domain::dates::long_date;

use super::Layout;
use super::escape::{escape, escape_into};
use crate::charts;
use crate::report::Report;
use crate::summary::{
    LEGEND, RankedLine, Summary, cell_text, period_text, person_line, team_by_role, verdict_text,
};
use crate::titles::{RESEARCH_TEAM, TableTitles};

const CSS: &str = "\
body{font-family:Georgia,'Times New Roman',serif;line-height:1.45;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#111}\
h1,h2,h3,h4{font-family:Helvetica,Arial,sans-serif;line-height:1.2}\
table{border-collapse:collapse;margin:1rem 0}\
caption{text-align:left;font-weight:bold;padding:.3rem 0}\
th,td{border:1px solid #999;padding:.2rem .45rem;vertical-align:top}\
thead th{background:#eee}\
td.num,th.num{text-align:right;white-space:nowrap}\
td.cell{text-align:center;white-space:nowrap}\
.s-full{background:#d7f0dc}.s-partial{background:#fdf1c7}.s-none{background:#f6d3d0}\
.s-na{background:repeating-linear-gradient(45deg,#eee,#eee 4px,#ddd 4px,#ddd 8px)}.s-pending{border-style:dashed}\
.scroll{overflow-x:auto}\
.chart{max-width:100%;height:auto}\
sup.fn{font-size:.75em}sup.fn a{text-decoration:none}\
blockquote{margin:1rem 2rem;font-style:italic}\
.thus{font-weight:bold}\
ol.footnotes{font-size:.9em;word-break:break-word}\
.team-role{margin-bottom:.2rem}p.legend{font-size:.9em}\
.chapter{border-top:2px solid #333;margin-top:2rem}\
.inferred{font-style:italic}\
@media print{body{max-width:none;padding:0}.chapter{break-before:page;border:0}.scroll{overflow:visible}a{color:inherit}thead{display:table-header-group}tr{break-inside:avoid}h2,h3,h4{break-after:avoid}}";

/// The document head and the opening of `<main>`.
pub(crate) fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    escape_into(out, title);
    out.push_str("</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
}

pub(crate) fn tail(out: &mut String) {
    out.push_str("</main>\n</body>\n</html>\n");
}

/// Title, "Prepared by", date, cycle and period.
pub(crate) fn front_matter(out: &mut String, report: &Report) {
    out.push_str("<header class=\"front\">\n<h1>");
    escape_into(out, &report.title);
    out.push_str("</h1>\n");
    if let Some(by) = &report.prepared_by {
        out.push_str("<p class=\"prepared\">Prepared by ");
        escape_into(out, by);
        out.push_str("</p>\n");
    }
    if let Some(d) = report.published_on {
        let _ = writeln!(
            out,
            "<p class=\"date\"><time datetime=\"{d}\">{}</time></p>",
            long_date(d)
        );
    }
    out.push_str("<dl class=\"facts\">\n<dt>Cycle</dt><dd>");
    escape_into(out, &report.cycle.name);
    out.push_str("</dd>\n");
    for (label, value) in [
        ("Institution", report.cycle.institution.as_deref()),
        ("Summit", report.cycle.summit.as_deref()),
    ] {
        if let Some(v) = value {
            let _ = write!(out, "<dt>{label}</dt><dd>");
            escape_into(out, v);
            out.push_str("</dd>\n");
        }
    }
    if let Some(p) = period_text(report) {
        out.push_str("<dt>Compliance period</dt><dd>");
        escape_into(out, &p);
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n</header>\n");
}

/// Research team, summary with charts, Tables A–D.
pub(crate) fn summary_section(out: &mut String, report: &Report, sum: &Summary, layout: Layout) {
    team(out, report);
    out.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n");
    match &sum.overall {
        Some(f) => {
            let _ = writeln!(
                out,
                "<p>The final compliance score is <strong>{}</strong>, the average of all {} scored assessments.</p>",
                escape(&f.line),
                sum.scored_cells
            );
        }
        None => out.push_str("<p>No assessment has been scored yet.</p>\n"),
    }
    out.push_str("<h3>Compliance by member</h3>\n<ul>\n");
    for r in &sum.by_member {
        ranked_item(out, r);
    }
    out.push_str("</ul>\n<h3>Compliance by commitment</h3>\n<ul>\n");
    for r in &sum.by_commitment {
        ranked_item(out, r);
    }
    out.push_str("</ul>\n<h3>The gap between members</h3>\n");
    match &sum.gap {
        Some(g) => {
            let _ = writeln!(
                out,
                "<p>The gap between the highest average ({}: {}) and the lowest ({}: {}) is <strong>{}</strong> in average units, or <strong>{} percentage points</strong>.</p>",
                escape(&g.highest_members.join(", ")),
                escape(&g.highest.line),
                escape(&g.lowest_members.join(", ")),
                escape(&g.lowest.line),
                g.difference_text,
                g.points
            );
        }
        None => out.push_str("<p>No member has a scored assessment, so there is no gap.</p>\n"),
    }
    out.push_str("<figure>\n");
    out.push_str(&charts::heatmap(&report.matrix));
    out.push_str(
        "\n<figcaption>Scores by commitment and member.</figcaption>\n</figure>\n<figure>\n",
    );
    out.push_str(&charts::ranking_bars(&report.matrix));
    out.push_str("\n<figcaption>Members ranked by average, with the overall average marked.</figcaption>\n</figure>\n");
    if let Some(svg) = charts::report_across_cycles(report) {
        out.push_str("<figure>\n");
        out.push_str(&svg);
        out.push_str("\n<figcaption>Each member's average across cycles, oldest first.</figcaption>\n</figure>\n");
    }
    out.push_str("</section>\n");

    let titles = TableTitles::of(&report.cycle.name);
    table_a(out, sum, layout, &titles.a);
    table_b(out, report, sum, &titles.b);
    ranked_table(
        out,
        "table-c",
        &titles.c,
        "Members ranked by their average over the commitments they were scored on; equal averages share a rank",
        "Member",
        &sum.by_member,
    );
    ranked_table(
        out,
        "table-d",
        &titles.d,
        "Commitments ranked by their average over the members scored on them; equal averages share a rank",
        "Commitment",
        &sum.by_commitment,
    );
}

/// The research team, grouped by role.
fn team(out: &mut String, report: &Report) {
    let roles = team_by_role(report);
    if roles.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"team\" aria-labelledby=\"team-h\">\n<h2 id=\"team-h\">{RESEARCH_TEAM}</h2>"
    );
    for role in roles {
        let _ = writeln!(out, "<h3 class=\"team-role\">{}</h3>\n<ul>", role.heading);
        for p in &role.people {
            out.push_str("<li>");
            escape_into(out, &person_line(p));
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn ranked_item(out: &mut String, r: &RankedLine) {
    out.push_str("<li>");
    escape_into(out, &r.label);
    out.push_str(": ");
    escape_into(out, &r.average_text);
    out.push_str("</li>\n");
}

fn table_a(out: &mut String, sum: &Summary, layout: Layout, title: &str) {
    out.push_str("<section id=\"table-a\" aria-labelledby=\"table-a-h\">\n<h2 id=\"table-a-h\">");
    escape_into(out, title);
    out.push_str("</h2>\n");
    out.push_str("<table>\n<caption>Table A: the commitments selected for assessment, with their numbers and policy areas</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\" class=\"num\">No.</th><th scope=\"col\">Policy area</th><th scope=\"col\">Commitment</th></tr></thead>\n<tbody>\n");
    for r in &sum.table_a {
        out.push_str("<tr><td class=\"num\">");
        escape_into(out, &r.number);
        out.push_str("</td><td>");
        escape_into(out, &r.area);
        out.push_str("</td><th scope=\"row\"><a href=\"");
        escape_into(out, &layout.chapter_href(&r.number));
        out.push_str("\">");
        escape_into(out, &r.title);
        out.push_str("</a></th></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn cell_class(v: Verdict) -> &'static str {
    use pledgewatch_domain::Score;
    match v {
        Verdict::Scored(Score::Full) => "s-full",
        Verdict::Scored(Score::Partial) => "s-partial",
        Verdict::Scored(Score::NoCompliance) => "s-none",
        Verdict::NotApplicable => "s-na",
        Verdict::NotAssessed => "s-pending",
    }
}

fn table_b(out: &mut String, report: &Report, sum: &Summary, title: &str) {
    let m = &report.matrix;
    out.push_str("<section id=\"table-b\" aria-labelledby=\"table-b-h\">\n<h2 id=\"table-b-h\">");
    escape_into(out, title);
    out.push_str("</h2>\n<p class=\"legend\" id=\"table-b-legend\">");
    escape_into(out, LEGEND);
    out.push_str("</p>\n<div class=\"scroll\">\n<table class=\"matrix\" aria-describedby=\"table-b-legend\">\n");
    out.push_str("<caption>Table B: each member's score on each commitment, the commitment's average and percentage at the end of each row, member averages along the bottom and the overall average of all scored cells in the corner</caption>\n");
    out.push_str(
        "<thead><tr><th scope=\"col\" class=\"num\">No.</th><th scope=\"col\">Commitment</th>",
    );
    for mem in &m.members {
        out.push_str("<th scope=\"col\"><abbr title=\"");
        escape_into(out, &mem.name);
        out.push_str("\">");
        escape_into(out, &mem.code);
        out.push_str("</abbr></th>");
    }
    out.push_str("<th scope=\"col\" class=\"num\">Average</th></tr></thead>\n<tbody>\n");
    for r in &sum.table_b {
        out.push_str("<tr><td class=\"num\">");
        escape_into(out, &r.number);
        out.push_str("</td><th scope=\"row\">");
        escape_into(out, &r.title);
        out.push_str("</th>");
        for v in &r.cells {
            let _ = write!(
                out,
                "<td class=\"cell {}\" title=\"{}\">{}</td>",
                cell_class(*v),
                verdict_text(*v),
                cell_text(*v)
            );
        }
        let _ = writeln!(
            out,
            "<td class=\"num\">{}</td></tr>",
            escape(&r.average_text)
        );
    }
    out.push_str("</tbody>\n<tfoot><tr><td></td><th scope=\"row\">Member average</th>");
    for text in &sum.member_average_texts {
        let _ = write!(out, "<td class=\"num\">{}</td>", escape(text));
    }
    let _ = writeln!(
        out,
        "<td class=\"num\"><strong>{}</strong></td></tr></tfoot>\n</table>\n</div>\n</section>",
        escape(&sum.overall_text)
    );
}

fn ranked_table(
    out: &mut String,
    id: &str,
    heading: &str,
    caption: &str,
    subject: &str,
    lines: &[RankedLine],
) {
    let heading = escape(heading);
    let _ = writeln!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{heading}</h2>\n<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\" class=\"num\">Rank</th><th scope=\"col\">{subject}</th><th scope=\"col\" class=\"num\">Average</th><th scope=\"col\" class=\"num\">Scored</th></tr></thead>\n<tbody>"
    );
    for r in lines {
        out.push_str("<tr><td class=\"num\">");
        escape_into(out, &r.rank_text);
        out.push_str("</td><th scope=\"row\">");
        escape_into(out, &r.label);
        out.push_str("</th><td class=\"num\">");
        escape_into(out, &r.average_text);
        let _ = writeln!(out, "</td><td class=\"num\">{}</td></tr>", r.scored);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
