//! What every format must say the same way: the title page (group and publication date), the
//! research team by role, one title per summary table, `n/a` for an average over n/a cells
//! only, and a separator between footnote marks that touch.

use std::io::Read;

use jiff::civil::date;
use pledgewatch_domain::{BodyParagraph, Cycle, PercentConvention};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_reports::docx::render_docx;
use pledgewatch_reports::html::render_html;
use pledgewatch_reports::markdown::render_markdown;
use pledgewatch_reports::site::publish_site;
use pledgewatch_reports::titles::{TABLE_A, TableTitles};
use pledgewatch_reports::{Report, ReportOptions};

use crate::render_fixture::{invented_chapters, invented_cycle};

const G20: &str = include_str!("../../../ingest/tests/fixtures/g20_markdown.txt");

pub const GROUP: &str = "The Example Compliance Group";

/// The invented G20 chapter (21 members, Saudi Arabia n/a on its only commitment) as a report
/// with a group and a publication date, footnotes from its own first number.
pub fn g20_report() -> Report {
    let parsed = parse_report(G20, &ParseOptions::default()).expect("the G20 fixture parses");
    let header = parsed.header.expect("the fixture has a header");
    let cycle = Cycle {
        name: header.cycle_name,
        kind: header.kind,
        period: header.period,
        convention: PercentConvention::Rescaled,
        institution: header.institution.or_else(|| Some("G20".into())),
        summit: header.summit.map(|s| s.name),
    };
    Report::new(
        &cycle,
        &parsed.chapters,
        &ReportOptions {
            first_footnote: 501,
            title: None,
            prepared_by: Some(GROUP.into()),
            published_on: Some(date(2031, 7, 15)),
        },
    )
    .expect("the footnotes fit")
}

pub fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

/// The text of a WordprocessingML part, runs joined, paragraphs on their own lines.
pub fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| g + lt);
        if rest[lt..].starts_with("</w:p>") {
            out.push('\n');
        }
        rest = &rest[(gt + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// The three formats a test can read without outside tools, as text to search.
fn texts(report: &Report) -> [(&'static str, String); 3] {
    let docx = render_docx(report).expect("a docx");
    [
        ("HTML", render_html(report)),
        ("Markdown", render_markdown(report)),
        ("DOCX", docx_text(&docx_part(&docx, "word/document.xml"))),
    ]
}

#[test]
fn the_title_page_names_the_group_and_the_date_in_every_format() {
    let report = g20_report();
    let [(_, html), (_, md), (_, docx)] = texts(&report);
    // Before the research team: on the title page, not somewhere later.
    let front = html.split("Research Team").next().unwrap_or("");
    assert!(front.contains(&format!("Prepared by {GROUP}")), "{front}");
    assert!(front.contains("<time datetime=\"2031-07-15\">15 July 2031</time>"));
    let front = md.split("## Research Team").next().unwrap_or("");
    assert!(front.contains(&format!("Prepared by {GROUP}")), "{front}");
    assert!(front.contains("15 July 2031"));
    let front = docx.split("Contents").next().unwrap_or("");
    assert!(front.contains(&format!("Prepared by {GROUP}")), "{front}");
    assert!(front.contains("15 July 2031"), "{front}");
    assert!(front.contains(&report.title));
}

#[test]
fn the_research_team_is_grouped_by_role_in_every_format() {
    let report = g20_report();
    for (format, text) in texts(&report) {
        // The last mention: the DOCX's table of contents names the section first.
        let team = &text[text.rfind("Research Team").expect("a team section")..];
        let at = |s: &str| {
            team.find(s)
                .unwrap_or_else(|| panic!("{format}: `{s}` missing from the team"))
        };
        let (directors, leads, analysts) = (
            at("Compliance Directors"),
            at("Lead Analysts"),
            [">Analysts<", "# Analysts\n", "\nAnalysts\n"]
                .iter()
                .filter_map(|p| team.find(p))
                .min()
                .unwrap_or_else(|| panic!("{format}: no Analysts heading")),
        );
        assert!(
            directors < leads && leads < analysts,
            "{format}: role order"
        );
        let varga = at("Ilse Varga");
        let abara = at("Joaquín Abara");
        let ibarra = at("Tomasz Ibarra");
        assert!(directors < varga && varga < leads, "{format}: the director");
        assert!(
            leads < abara && abara < analysts,
            "{format}: the lead analyst"
        );
        assert!(analysts < ibarra, "{format}: an analyst");
    }
}

#[test]
fn every_format_titles_the_tables_the_same_way() {
    let report = g20_report();
    let titles = TableTitles::of(&report.cycle.name);
    for (format, text) in texts(&report) {
        let text = text.replace("\\", "");
        for title in [TABLE_A, &titles.b, &titles.c, &titles.d] {
            assert!(text.contains(title), "{format}: `{title}` missing");
        }
        for other in [
            "Commitments Assessed",
            "Selected for Assessment",
            "Table B: Compliance Scores",
        ] {
            assert!(!text.contains(other), "{format} still says `{other}`");
        }
    }
}

#[test]
fn a_member_scored_only_n_a_averages_n_a_not_a_dash() {
    let report = g20_report();
    let saudi = report
        .matrix
        .members
        .iter()
        .position(|m| m.name == "Saudi Arabia")
        .expect("Saudi Arabia is a member");
    let summary = pledgewatch_reports::summary::summary(&report);
    assert_eq!(summary.member_average_texts[saudi], "n/a");
    let line = summary
        .by_member
        .iter()
        .find(|l| l.label == "Saudi Arabia")
        .expect("Saudi Arabia in Table C");
    assert_eq!(
        (line.rank_text.as_str(), line.average_text.as_str()),
        ("n/a", "n/a")
    );

    let [(_, html), (_, md), (_, docx)] = texts(&report);
    // Table B's bottom row: Saudi Arabia's column says n/a, and no member average is a dash.
    let foot = &html[html.find("<tfoot>").expect("Table B's foot")..];
    let foot = &foot[..foot.find("</tfoot>").expect("its end")];
    let cells: Vec<&str> = foot
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or(""))
        .collect();
    assert_eq!(cells[saudi], "n/a", "{foot}");
    assert!(!cells.contains(&"\u{2013}"), "{foot}");
    assert!(html.contains("<th scope=\"row\">Saudi Arabia</th><td class=\"num\">n/a</td>"));
    let row = md
        .lines()
        .find(|l| l.starts_with("| | **Member average** |"))
        .expect("Markdown's member averages");
    let cells: Vec<&str> = row.split('|').map(str::trim).skip(3).collect();
    assert_eq!(cells[saudi], "n/a", "{row}");
    assert!(
        md.contains("| n/a | Saudi Arabia | n/a | 0 |"),
        "Table C in Markdown"
    );
    assert!(docx.contains("Saudi Arabia: n/a"), "the DOCX summary");
    // The legends say both.
    for (format, text) in [("HTML", &html), ("Markdown", &md), ("DOCX", &docx)] {
        assert!(
            text.contains("an average over n/a cells only is n/a")
                && text.contains("not yet assessed"),
            "{format}'s legend"
        );
    }
}

#[test]
fn footnote_marks_that_touch_are_separated_in_every_format() {
    // One chapter: its notes keep their numbers, so the marks in its text need no renumbering.
    let mut chapters = invented_chapters();
    chapters.truncate(1);
    // Canada's first item cites its own note in the text and the next one only in its list.
    let BodyParagraph::Evidence(e) = &mut chapters[0].members[0].body[0] else {
        panic!("an evidence item")
    };
    let (first, second) = (e.citations[0], e.citations[0] + 1);
    e.citations = vec![first, second];
    let report = Report::new(
        &invented_cycle("Invented"),
        &chapters,
        &ReportOptions::default(),
    )
    .expect("the footnotes fit");
    let [(_, html), (_, md), _] = texts(&report);
    assert!(
        html.contains(&format!(
            "{first}</a></sup><sup class=\"fn-sep\">,</sup><sup class=\"fn\"><a href=\"#fn-{second}\""
        )),
        "HTML"
    );
    assert!(md.contains(&format!("[^{first}],[^{second}]")), "Markdown");
    let docx = docx_part(&render_docx(&report).expect("a docx"), "word/document.xml");
    let comma = r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t xml:space="preserve">,</w:t></w:r>"#;
    let at = docx.find(comma).expect("a superscript comma in the DOCX");
    assert!(
        docx[..at].ends_with("/></w:r>"),
        "after a footnote reference"
    );
    assert!(
        docx[at + comma.len()..].starts_with(
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference"
        ),
        "before a footnote reference"
    );
    // The site's member page lists the item with the same marks, linked to the chapter page.
    let site = tempfile::tempdir().expect("a temp dir");
    publish_site(&report, site.path(), |_| {}).expect("published");
    let canada = std::fs::read_to_string(site.path().join("member-canada.html")).expect("a page");
    assert!(
        canada.contains(&format!(
            "{first}</a></sup><sup class=\"fn-sep\">,</sup><sup class=\"fn\"><a href=\"chapter-1.html#fn-{second}\""
        )),
        "the member page"
    );
    // Marks with text between them get no comma.
    let seps: Vec<&str> = html
        .match_indices("fn-sep")
        .map(|(i, _)| &html[i.saturating_sub(300)..i + 100])
        .collect();
    assert_eq!(seps.len(), 1, "{seps:#?}");
    let touching: Vec<&str> = md.lines().filter(|l| l.contains("],[^")).collect();
    assert_eq!(touching.len(), 1, "{touching:#?}");
}

#[test]
fn the_docx_has_a_table_of_contents_word_fills_on_opening() {
    let report = g20_report();
    let bytes = render_docx(&report).expect("a docx");
    // Kept for a look in Word or LibreOffice.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("docx");
    std::fs::create_dir_all(&dir).expect("a writable target tmp dir");
    std::fs::write(dir.join("g20.docx"), &bytes).expect("written");
    let doc = docx_part(&bytes, "word/document.xml");
    let field =
        doc.find(r#"<w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText>"#);
    let field = field.expect("a TOC field");
    let contents = doc.find(">Contents<").expect("a contents heading");
    let team = doc.rfind(">Research Team<").expect("the research team");
    assert!(
        contents < field && field < team,
        "the TOC comes before the team"
    );
    assert!(doc[..field].contains(r#"<w:fldChar w:fldCharType="begin" w:dirty="true"/>"#));
    assert!(doc[field..team].contains(r#"<w:fldChar w:fldCharType="end"/>"#));
    assert!(docx_part(&bytes, "word/settings.xml").contains(r#"<w:updateFields w:val="true"/>"#));
    // Chapters, parts and sections carry the heading styles the TOC collects.
    let heading = format!(">{}<", TableTitles::of(&report.cycle.name).a);
    let at = doc.rfind(&heading).expect("Table A's heading");
    let para = &doc[doc[..at].rfind("<w:p>").expect("its paragraph")..at];
    assert!(para.contains(r#"<w:pStyle w:val="Heading1"/>"#), "{para}");
    assert!(doc.contains(r#"<w:pStyle w:val="Heading2"/>"#));
    let styles = docx_part(&bytes, "word/styles.xml");
    for id in ["Heading1", "Heading2", "Heading3", "TOC1"] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
    }
}

#[test]
fn the_site_titles_tables_groups_the_team_and_says_n_a_as_the_report_does() {
    let report = g20_report();
    let site = tempfile::tempdir().expect("a temp dir");
    publish_site(&report, site.path(), |_| {}).expect("published");
    let index = std::fs::read_to_string(site.path().join("index.html")).expect("the index");
    let titles = TableTitles::of(&report.cycle.name);
    for needle in [
        titles.b.as_str(),
        &titles.c,
        &titles.d,
        &format!("Prepared by {GROUP}"),
        "15 July 2031",
        "an average over n/a cells only is n/a",
        "<h3>Compliance Directors</h3><ul class=\"team\"><li>Ilse Varga</li>",
        "<h3>Lead Analysts</h3><ul class=\"team\"><li>Joaquín Abara</li>",
        "<h3>Analysts</h3>",
        // Table C: Saudi Arabia, n/a on its one commitment, has neither rank nor average.
        "<tr><td>n/a</td><td><a href=\"member-saudi-arabia.html\">Saudi Arabia</a></td><td>n/a</td></tr>",
    ] {
        assert!(index.contains(needle), "the site's index lacks {needle:?}");
    }
    let foot = &index[index.find("<tfoot>").expect("Table B's foot")..];
    let foot = &foot[..foot.find("</tfoot>").expect("its end")];
    assert!(
        foot.contains("<td>n/a</td>") && !foot.contains("<td>\u{2013}</td>"),
        "{foot}"
    );
    let saudi = std::fs::read_to_string(site.path().join("member-saudi-arabia.html"))
        .expect("Saudi Arabia's page");
    assert!(
        saudi.contains("<strong>n/a</strong> (rank n/a)"),
        "the member page"
    );
}
