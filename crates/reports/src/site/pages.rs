//! The site's HTML pages, written by hand: a shared layout, the report card, a chapter, a
//! member and the downloads. Every link is relative to the site's flat folder.

use std::fmt::Write as _;

use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::{Chapter, Verdict, slug};

use super::downloads::Download;
use crate::report::Report;
use crate::summary::{
    LEGEND, Summary, cell_text, period_text, person_line, summary, team_by_role, verdict_text,
};
use crate::titles::{RESEARCH_TEAM, TableTitles};

pub const STYLESHEET: &str = "style.css";
pub const CSS: &str = include_str!("style.css");

/// The file name of every chapter and member page, decided once so links always match.
pub struct PageNames {
    pub chapters: Vec<String>,
    pub members: Vec<String>,
}

impl PageNames {
    pub fn new(report: &Report) -> PageNames {
        let mut used: Vec<String> = Vec::new();
        let chapters: Vec<String> = report
            .chapters
            .iter()
            .map(|c| {
                // The HTML renderer's chapter pages are reused, under its file names.
                let name = crate::html::chapter_file_name(&c.commitment.code);
                used.push(name.clone());
                name
            })
            .collect();
        let mut unique = |base: String| {
            let mut name = format!("{base}.html");
            let mut k = 2;
            while used.contains(&name) {
                name = format!("{base}-{k}.html");
                k += 1;
            }
            used.push(name.clone());
            name
        };
        let members = report
            .matrix
            .members
            .iter()
            .map(|m| unique(format!("member-{}", slug(&m.name))))
            .collect();
        PageNames { chapters, members }
    }
}

fn esc(out: &mut String, s: &str) {
    crate::html::escape::escape_into(out, s);
}

fn e(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc(&mut out, s);
    out
}

fn layout(report: &Report, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} \u{2013} {}</title><link rel=\"stylesheet\" href=\"{STYLESHEET}\"></head>\
         <body><header><p class=\"site\"><a href=\"index.html\">{}</a></p><nav>\
         <a href=\"index.html\">Report card</a> <a href=\"downloads.html\">Downloads</a></nav>\
         </header><main>{body}</main><footer><p>Published with Pledgewatch.</p></footer>\
         </body></html>\n",
        e(title),
        e(&report.title),
        e(&report.title),
    )
}

/// A verdict cell: the text says the state, the class only adds colour.
fn verdict_cell(out: &mut String, v: Verdict) {
    let class = match v {
        Verdict::Scored(s) => match s.value() {
            -1 => "no",
            0 => "partial",
            _ => "full",
        },
        Verdict::NotApplicable => "na",
        Verdict::NotAssessed => "pending",
    };
    let _ = write!(
        out,
        "<td class=\"v {class}\" title=\"{}\">{}</td>",
        verdict_text(v),
        cell_text(v)
    );
}

pub fn index(report: &Report, names: &PageNames) -> String {
    let s = summary(report);
    let mut b = String::new();
    let _ = write!(b, "<h1>{}</h1>", e(&report.title));
    if let Some(p) = period_text(report) {
        let _ = write!(b, "<p class=\"period\">Compliance period: {}</p>", e(&p));
    }
    if let Some(by) = &report.prepared_by {
        let _ = write!(b, "<p class=\"prepared\">Prepared by {}</p>", e(by));
    }
    if let Some(d) = report.published_on {
        let _ = write!(
            b,
            "<p class=\"date\">Published <time datetime=\"{d}\">{}</time></p>",
            long_date(d)
        );
    }
    let _ = write!(
        b,
        "<p class=\"overall\">Final compliance score: <strong>{}</strong>, the average of {} \
         scored assessments.</p>",
        e(&s.overall_text),
        s.scored_cells
    );
    if let Some(g) = &s.gap {
        let _ = write!(
            b,
            "<p>Gap between members: {} (highest {}, lowest {}).</p>",
            e(&g.line),
            e(&g.highest_members.join(", ")),
            e(&g.lowest_members.join(", "))
        );
    }
    let titles = TableTitles::of(&report.cycle.name);
    table_b(&mut b, report, &s, names, &titles.b);
    ranked(&mut b, &titles.c, "Member", &s.by_member, |i| {
        names.members.get(i).cloned()
    });
    ranked(&mut b, &titles.d, "Commitment", &s.by_commitment, |i| {
        names.chapters.get(i).cloned()
    });
    charts(&mut b, report);
    b.push_str("<h2>Chapters</h2><ol class=\"chapters\">");
    for (c, file) in report.chapters.iter().zip(&names.chapters) {
        let _ = write!(
            b,
            "<li><a href=\"{file}\">{}. {}: {}</a></li>",
            e(&c.commitment.code),
            e(&c.commitment.area),
            e(&c.commitment.title)
        );
    }
    b.push_str("</ol>");
    let roles = team_by_role(report);
    if !roles.is_empty() {
        let _ = write!(b, "<h2>{RESEARCH_TEAM}</h2>");
        for role in roles {
            let _ = write!(b, "<h3>{}</h3><ul class=\"team\">", role.heading);
            for p in &role.people {
                let _ = write!(b, "<li>{}</li>", e(&person_line(p)));
            }
            b.push_str("</ul>");
        }
    }
    layout(report, "Report card", &b)
}

/// The charts, inline SVG (no script, no external file); the across-cycles one when the
/// report was given other cycles (oldest first, this one among them).
fn charts(b: &mut String, report: &Report) {
    b.push_str("<h2>Charts</h2><figure>");
    b.push_str(&crate::charts::heatmap(&report.matrix));
    b.push_str("<figcaption>Scores by member and commitment</figcaption></figure><figure>");
    b.push_str(&crate::charts::ranking_bars(&report.matrix));
    b.push_str(
        "<figcaption>Members ranked by average, the overall average marked</figcaption></figure>",
    );
    if let Some(svg) = crate::charts::report_across_cycles(report) {
        b.push_str("<figure>");
        b.push_str(&svg);
        b.push_str("<figcaption>Member averages across cycles</figcaption></figure>");
    }
}

fn table_b(b: &mut String, report: &Report, s: &Summary, names: &PageNames, title: &str) {
    let _ = write!(
        b,
        "<h2>{}</h2><p class=\"legend\">{}</p><div class=\"wide\"><table class=\"matrix\"><thead><tr><th scope=\"col\">Commitment</th>",
        e(title),
        e(LEGEND)
    );
    for (m, file) in report.matrix.members.iter().zip(&names.members) {
        let _ = write!(
            b,
            "<th scope=\"col\"><a href=\"{file}\" title=\"{}\">{}</a></th>",
            e(&m.name),
            e(&m.code)
        );
    }
    b.push_str("<th scope=\"col\">Average</th></tr></thead><tbody>");
    for (row, file) in s.table_b.iter().zip(&names.chapters) {
        let _ = write!(
            b,
            "<tr><th scope=\"row\"><a href=\"{file}\">{}. {}</a></th>",
            e(&row.number),
            e(&row.title)
        );
        for v in &row.cells {
            verdict_cell(b, *v);
        }
        let _ = write!(b, "<td>{}</td></tr>", e(&row.average_text));
    }
    b.push_str("</tbody><tfoot><tr><th scope=\"row\">Member average</th>");
    for text in &s.member_average_texts {
        let _ = write!(b, "<td>{}</td>", e(text));
    }
    let _ = write!(
        b,
        "<td><strong>{}</strong></td></tr></tfoot></table></div>",
        e(&s.overall_text)
    );
}

fn ranked(
    b: &mut String,
    title: &str,
    what: &str,
    lines: &[crate::summary::RankedLine],
    link: impl Fn(usize) -> Option<String>,
) {
    let title = e(title);
    let _ = write!(
        b,
        "<h2>{title}</h2><table><thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">{what}</th><th scope=\"col\">Average</th></tr></thead><tbody>"
    );
    for l in lines {
        let label = match link(l.index) {
            Some(file) => format!("<a href=\"{file}\">{}</a>", e(&l.label)),
            None => e(&l.label),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{label}</td><td>{}</td></tr>",
            e(&l.rank_text),
            e(&l.average_text)
        );
    }
    b.push_str("</tbody></table>");
}

pub fn member(report: &Report, j: usize, names: &PageNames) -> String {
    let Some(m) = report.matrix.members.get(j) else {
        return layout(report, "Member", "");
    };
    let s = summary(report);
    let mut b = String::new();
    let _ = write!(b, "<h1>{}</h1>", e(&m.name));
    let line = s.by_member.iter().find(|l| l.index == j);
    if let Some(l) = line {
        let _ = write!(
            b,
            "<p class=\"overall\">Average over {} scored commitments: <strong>{}</strong> (rank {}).</p>",
            l.scored,
            e(&l.average_text),
            e(&l.rank_text)
        );
    }
    b.push_str("<table><thead><tr><th scope=\"col\">Commitment</th><th scope=\"col\">Score</th></tr></thead><tbody>");
    for (i, ch) in report.chapters.iter().enumerate() {
        let v = report.matrix.cell(i, j);
        let file = &names.chapters[i];
        let _ = write!(
            b,
            "<tr><th scope=\"row\"><a href=\"{file}\">{}. {}</a></th>",
            e(&ch.commitment.code),
            e(&ch.commitment.title)
        );
        verdict_cell(&mut b, v);
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table>");
    for (i, ch) in report.chapters.iter().enumerate() {
        for ms in ch
            .members
            .iter()
            .filter(|ms| report.matrix.member_index(&ms.member) == Some(j))
        {
            let _ = write!(
                b,
                "<h2><a href=\"{}\">{}. {}</a></h2>",
                names.chapters[i],
                e(&ch.commitment.code),
                e(&ch.commitment.title)
            );
            let evidence: Vec<_> = ms.evidence().collect();
            if evidence.is_empty() {
                b.push_str("<p>No dated evidence listed.</p>");
            } else {
                b.push_str("<ul class=\"evidence\">");
                for ev in evidence {
                    b.push_str("<li>");
                    evidence_linked(&mut b, &ev.text, &ev.citations, ch, &names.chapters[i]);
                    b.push_str("</li>");
                }
                b.push_str("</ul>");
            }
        }
    }
    if let Some(svg) = crate::charts::report_member_across_cycles(report, &m.name) {
        b.push_str("<h2>Across cycles</h2><figure>");
        b.push_str(&svg);
        b.push_str("</figure>");
    }
    layout(report, &m.name, &b)
}

/// Evidence with its footnote marks (in the text and in its citation list, a comma between
/// marks that touch) linked to the notes on the chapter's page, as the chapter page prints them.
fn evidence_linked(b: &mut String, text: &str, cited: &[u32], chapter: &Chapter, file: &str) {
    let mut local = String::new();
    crate::html::prose(&mut local, text, cited, &crate::html::defined(chapter));
    b.push_str(&local.replace("href=\"#fn-", &format!("href=\"{file}#fn-")));
}

pub fn downloads(report: &Report, files: &[Download], _names: &PageNames) -> String {
    let mut b = String::from("<h1>Downloads</h1><ul class=\"downloads\">");
    for d in files {
        let _ = write!(
            b,
            "<li><a href=\"{}\">{}</a> <span class=\"size\">({}, {})</span></li>",
            e(&d.file),
            e(&d.label),
            e(&d.file),
            size(d.bytes)
        );
    }
    b.push_str("</ul>");
    layout(report, "Downloads", &b)
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!(
            "{}.{} MB",
            bytes / (1024 * 1024),
            bytes % (1024 * 1024) * 10 / (1024 * 1024)
        )
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}
