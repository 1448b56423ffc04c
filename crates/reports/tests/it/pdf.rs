//! The PDF report read back with poppler-utils: page count, the title page, every chapter on its
//! own page, no blank page, footnotes at the foot of the page that cites them, table headers
//! styled and plain rows not, fonts embedded, and text that looks like markup printed as written.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_ingest::{ParseOptions, parse_report_bytes};
use pledgewatch_reports::pdf::render_pdf;
use pledgewatch_reports::titles::TableTitles;
use pledgewatch_reports::{Report, ReportOptions};

const LITERAL: &str = "#1 *bold* _under_ $x$ <script>alert(1)</script> @ref [a] \\ = /* c */";

use crate::formats::{GROUP, g20_report};
use crate::tools::{POPPLER, ready};

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pdf")
        .join(name);
    std::fs::create_dir_all(&dir).expect("a writable target tmp dir");
    dir
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Words joined by single spaces, for reading sentences back.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Without any whitespace, so a heading wrapped anywhere (even inside `</script>`) still matches.
fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

fn heading_of(c: &Chapter) -> String {
    format!(
        "{}. {}: {}",
        c.commitment.code, c.commitment.area, c.commitment.title
    )
}

fn page_count(pdf: &Path) -> usize {
    run("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

/// Checks a rendered report with poppler and returns the text of its pages.
fn check_pdf(pdf: &Path, report: &Report, expected: RangeInclusive<usize>) -> Vec<String> {
    let pages = page_count(pdf);
    assert!(
        expected.contains(&pages),
        "{pages} pages, expected {expected:?}"
    );

    let first = run(
        "pdftotext",
        &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    assert!(
        squash(&first).contains(&squash(&report.title)),
        "page one lacks the title: {first}"
    );

    let all = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let texts: Vec<String> = all.split('\u{c}').map(flat).collect();
    let squashed: Vec<String> = texts.iter().map(|t| squash(t)).collect();
    let title = squash(&report.title);
    for c in &report.chapters {
        let heading = squash(&heading_of(c));
        let at_top: Vec<usize> = squashed
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                let body = t.strip_prefix(&title).unwrap_or(t).trim_start();
                body.starts_with(&heading)
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            at_top.len(),
            1,
            "chapter `{heading}` should open exactly one page, found pages {at_top:?}"
        );
        let page = at_top[0];
        assert!(page > 0, "chapter `{heading}` is on the title page");
        assert!(
            !squashed[page - 1].contains(&heading),
            "chapter `{heading}` also appears on the page before it (page {page})"
        );
    }

    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts listed: {fonts}");
    for row in rows {
        // name, type (one or two words), encoding, emb, sub, uni, object, id: emb is the
        // fifth field from the end.
        let fields: Vec<&str> = row.split_whitespace().collect();
        let emb = fields[fields.len() - 5];
        assert_eq!(emb, "yes", "a font is not embedded: {row}");
    }
    texts
}

/// One word of `pdftotext -bbox`, its box in points from the page's top left.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
}

/// The words of page `page` (1-based) and the page's height.
fn words(pdf: &Path, page: usize) -> (Vec<Word>, f64) {
    let p = page.to_string();
    let html = run(
        "pdftotext",
        &["-bbox", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    );
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("an attribute") + name.len() + 2;
        tag[at..]
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .expect("a number")
    };
    let height = html
        .lines()
        .find(|l| l.trim_start().starts_with("<page "))
        .map(|l| attr(l, "height"))
        .expect("a page");
    let words = html
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let tag_end = l.find('>')?;
            let tag = l.strip_prefix("<word ")?;
            let text = l[tag_end + 1..].strip_suffix("</word>")?;
            Some(Word {
                text: text.replace("&apos;", "'").replace("&amp;", "&"),
                x_min: attr(tag, "xMin"),
                y_min: attr(tag, "yMin"),
                x_max: attr(tag, "xMax"),
                y_max: attr(tag, "yMax"),
            })
        })
        .collect();
    (words, height)
}

/// Where the words `seq` follow one another on a page.
fn find_words<'w>(words: &'w [Word], seq: &[&str]) -> Option<&'w Word> {
    words
        .windows(seq.len())
        .find(|w| w.iter().zip(seq).all(|(a, b)| a.text == *b))
        .map(|w| &w[0])
}

/// The share of a box's pixels (at 72 dpi, grey levels) in the table header's grey: the box
/// is taken inside one table cell, around a word of it, so the cell's fill dominates.
fn grey_share(pdf: &Path, page: usize, word: &Word, dir: &Path, name: &str) -> f64 {
    let prefix = dir.join(name);
    let p = page.to_string();
    // Inside the cell: the inset is 4–5 pt, so 3 pt around the word is still the cell.
    let (x, y) = (word.x_min - 3.0, word.y_min - 1.0);
    let (w, h) = (word.x_max - word.x_min + 6.0, word.y_max - word.y_min + 2.0);
    let (x, y, w, h) = (
        (x as i64).to_string(),
        (y as i64).to_string(),
        (w as i64).to_string(),
        (h as i64).to_string(),
    );
    run(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "72",
            "-f",
            &p,
            "-l",
            &p,
            "-x",
            &x,
            "-y",
            &y,
            "-W",
            &w,
            "-H",
            &h,
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(prefix.with_extension("pgm")).expect("a PGM");
    // P5 <width> <height> <max> then one byte per pixel.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &bytes[at + 1..];
    let grey = pixels.iter().filter(|&&v| (220..=244).contains(&v)).count();
    grey as f64 / pixels.len() as f64
}

fn render_png(pdf: &Path, page: usize, dir: &Path, name: &str) -> PathBuf {
    let prefix = dir.join(name);
    let p = page.to_string();
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = prefix.with_extension("png");
    assert!(png.is_file(), "pdftoppm wrote no {}", png.display());
    png
}

fn cite(number: u32, title: &str) -> Citation {
    let url = format!("https://example.org/invented/{number}/a-rather-long-path-for-breaking");
    Citation {
        number,
        title: title.to_string(),
        publisher: Some("Invented Ministry".to_string()),
        place: Some("Ottawa".to_string()),
        published: Some(date(2024, 7, 1).into()),
        accessed: Some(date(2024, 8, 1)),
        url: Some(url.clone()),
        note: None,
        raw: format!(
            "{title}, Invented Ministry (Ottawa) 1 July 2024. Access Date: 1 August 2024. {url}"
        ),
    }
}

/// An invented chapter: `members` each scored, one evidence paragraph and one footnote each.
fn invented_chapter(code: &str, area: &str, title: &str, members: &[(&str, Verdict)]) -> Chapter {
    let mut citations = Vec::new();
    let mut sections: Vec<Section> = SectionKind::ALL
        .into_iter()
        .filter(|k| *k != SectionKind::ScoringGuidelines)
        .map(|kind| Section {
            kind,
            text: format!(
                "The {} of this invented commitment, written for the test.\n\nA second paragraph that mentions {LITERAL}.",
                kind.heading().to_lowercase()
            ),
        })
        .collect();
    sections.push(Section {
        kind: SectionKind::ScoringGuidelines,
        text: "-1\tThe member took no action.\n0\tThe member took some action.\n+1\tThe member took strong action."
            .to_string(),
    });
    let mut sections_out = Vec::new();
    for (i, (name, verdict)) in members.iter().enumerate() {
        let n = u32::try_from(i).unwrap() + 1;
        citations.push(cite(n, &format!("Invented source {n} for {name}")));
        sections_out.push(MemberSection {
            member: name.to_string(),
            heading_verdict: Some(*verdict),
            thus_verdict: Some(*verdict),
            opening: format!("{name} acted on the invented commitment."),
            body: vec![BodyParagraph::Evidence(EvidenceItem {
                date: EvidenceDate {
                    date: date(2024, 7, 4),
                    inferred: false,
                },
                text: format!("On 4 July 2024, {name} announced a measure named {LITERAL}."),
                citations: vec![n],
            })],
            conclusion: format!("{name} has acted as the commitment asks."),
            analyst: Some(format!("Analyst of {name}")),
        });
    }
    Chapter {
        commitment: Commitment {
            code: code.to_string(),
            area: area.to_string(),
            title: title.to_string(),
            text: "We commit to invented action on invented matters.".to_string(),
            source: "Invented Leaders' Communiqué".to_string(),
        },
        sections,
        director: Some("Dana Director".to_string()),
        lead_analyst: Some("Lee Lead".to_string()),
        assessment_table: members
            .iter()
            .map(|(m, v)| TableRow {
                member: m.to_string(),
                verdict: *v,
            })
            .collect(),
        published_average: None,
        members: sections_out,
        citations,
    }
}

fn invented_report() -> Report {
    let full = Verdict::Scored(Score::Full);
    let partial = Verdict::Scored(Score::Partial);
    let none = Verdict::Scored(Score::NoCompliance);
    let chapters = vec![
        invented_chapter(
            "1",
            "Trade",
            "Open Markets",
            &[("Canada", full), ("France", partial), ("Japan", none)],
        ),
        invented_chapter(
            "2",
            "Health",
            &format!("Vaccines {LITERAL}"),
            &[
                ("Canada", partial),
                ("France", Verdict::NotApplicable),
                ("Japan", full),
            ],
        ),
        invented_chapter(
            "3",
            "Energy",
            "Clean Power",
            &[("Canada", full), ("France", full), ("Japan", full)],
        ),
    ];
    let cycle = Cycle {
        name: "2030 Invented Summit Final".to_string(),
        kind: None,
        period: Some(Period::new(date(2030, 6, 15), date(2031, 5, 15)).unwrap()),
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    Report::new(
        &cycle,
        &chapters,
        &ReportOptions {
            first_footnote: 100,
            title: None,
            prepared_by: Some("The Invented Research Group <team@example.org>".to_string()),
            published_on: Some(date(2031, 6, 9)),
        },
    )
    .expect("the footnotes fit")
}

#[test]
fn an_invented_report_reads_back_as_published() {
    let report = invented_report();
    let pdf = render_pdf(&report).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    if !ready("an_invented_report_reads_back_as_published", &POPPLER) {
        return;
    }
    let dir = out_dir("invented");
    let path = dir.join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    // Exactly 14 pages: the title page, the contents, the research team, the summary, then
    // Tables A, B (with the heatmap), C (with the ranking bars) and D each on a page of its own
    // (8 pages before the chapters), and each of the 3 chapters on two pages: its sections and
    // first member fill one, the two other members and their footnotes the next. A page more
    // or fewer means a part no longer starts a page, a blank page, or a layout change to look at.
    let texts = check_pdf(&path, &report, 14..=14);
    let all = texts.join(" ");
    assert!(
        squash(&all).contains(&squash(LITERAL)),
        "markup-like text was not printed literally"
    );
    assert!(all.contains("Thus, Canada receives a score of +1."));
    assert!(all.contains("Canada: +1"));
    // The title page: the group and the publication date.
    assert!(texts[0].contains("Prepared by"), "{}", texts[0]);
    assert!(
        texts[0].contains("The Invented Research Group"),
        "{}",
        texts[0]
    );
    assert!(texts[0].contains("9 June 2031"), "{}", texts[0]);
    // The research team by role.
    let team = texts
        .iter()
        .find(|t| t.contains("Research Team Compliance Directors"))
        .expect("the research team page");
    assert!(team.contains("Compliance Directors Dana Director Lead Analysts Lee Lead Analysts"));

    // Every note is a footnote of the page that cites it, below the citing text, in the foot
    // of the page, numbered on from the first number: 100, 101, … with no gap and none twice.
    let mut numbers = Vec::new();
    for c in report.chapters.iter().flat_map(|c| &c.citations) {
        let entry = squash(&format!("{}{}", c.number, c.title));
        let pages: Vec<usize> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| squash(t).contains(&entry))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            pages.len(),
            1,
            "note {} printed on pages {pages:?}",
            c.number
        );
        let page = pages[0];
        // The mark ends the citing sentence (the sentence itself may start a page before).
        let citing = format!("*/.{}", c.number);
        assert!(
            squash(&texts[page]).contains(&citing),
            "note {} is not on the page that cites it (page {})",
            c.number,
            page + 1
        );
        let (words, height) = words(&path, page + 1);
        // "source 1 for": the note's own words, which the body text never uses.
        let title: Vec<&str> = c.title.split_whitespace().skip(1).take(3).collect();
        let note = find_words(&words, &title).expect("the note's words");
        let cite = words
            .iter()
            .find(|w| w.text.ends_with(&format!("*/.{}", c.number)))
            .expect("the citing mark");
        assert!(
            note.y_min > cite.y_min && note.y_min > height * 0.6,
            "note {} is not at the foot of page {} ({} vs {} of {height})",
            c.number,
            page + 1,
            note.y_min,
            cite.y_min
        );
        numbers.push(c.number);
    }
    assert_eq!(numbers, (100..=108).collect::<Vec<u32>>());
    assert!(!all.contains("Notes"), "no chapter endnotes");

    // The Scoring Guidelines' first row (−1) is a plain row; Table A's header is grey.
    let guidelines = texts
        .iter()
        .position(|t| t.contains("Scoring Guidelines -1 0 +1 The member took no action."))
        .expect("a scoring guidelines table");
    let (words_g, _) = words(&path, guidelines + 1);
    // The table's `-1` (ASCII, as the chapter wrote it; the Assessment table prints `−1`).
    let minus = find_words(&words_g, &["-1"]).expect("the −1 row");
    let plain = grey_share(&path, guidelines + 1, minus, &dir, "guidelines-row");
    let table_a = texts
        .iter()
        .position(|t| {
            // The page it opens, not the contents page that lists it.
            t.starts_with(&format!(
                "{} Table A: Commitments Selected for Compliance Monitoring",
                report.title
            ))
        })
        .expect("Table A");
    let (words_a, _) = words(&path, table_a + 1);
    let header = find_words(&words_a, &["Policy"]).expect("Table A's header");
    let header = grey_share(&path, table_a + 1, header, &dir, "table-a-header");
    println!("grey share: the −1 row {plain:.2}, Table A's header {header:.2}");
    assert!(plain < 0.2, "the −1 row is shaded ({plain:.2} grey)");
    assert!(
        header > 0.5,
        "Table A's header is not shaded ({header:.2} grey)"
    );

    for (page, name) in [
        (1, "title"),
        (6, "table-b"),
        (9, "chapter"),
        (10, "footnotes"),
    ] {
        render_png(&path, page, &dir, name);
    }
}

#[test]
fn a_wide_table_b_has_its_landscape_page_and_no_blank_page() {
    // 21 members: Table B turns landscape.
    let report = g20_report();
    let pdf = render_pdf(&report).unwrap_or_else(|e| panic!("{e}"));
    if !ready(
        "a_wide_table_b_has_its_landscape_page_and_no_blank_page",
        &POPPLER,
    ) {
        return;
    }
    let dir = out_dir("g20");
    let path = dir.join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let texts = check_pdf(&path, &report, 8..=20);
    let pages = page_count(&path);
    let title = squash(&report.title);
    for (i, text) in texts.iter().take(pages).enumerate() {
        // Every page but the title page has the running header and its number.
        let body = squash(text);
        let body = body.strip_prefix(&title).unwrap_or(&body);
        let body = body.strip_suffix(&(i + 1).to_string()).unwrap_or(body);
        assert!(!body.is_empty(), "page {} is blank: {text:?}", i + 1);
    }
    let table_b = TableTitles::of(&report.cycle.name).b;
    let on = |t: &String| squash(t).starts_with(&squash(&format!("{} {table_b}", report.title)));
    let page = texts.iter().position(on).expect("Table B opens a page");
    let info = run(
        "pdfinfo",
        &["-f", "1", "-l", &pages.to_string(), path.to_str().unwrap()],
    );
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .collect();
    assert_eq!(sizes.len(), pages);
    for (i, size) in sizes.iter().enumerate() {
        let landscape = size.contains("792 x 612");
        assert_eq!(landscape, i == page, "page {}: {size}", i + 1);
    }
    let all = texts.join(" ");
    assert!(all.contains("Saudi Arabia"));
    assert!(texts[0].contains(GROUP) && texts[0].contains("15 July 2031"));
    // The footnotes start at the report's first number, 501, in the foot of the page.
    assert!(squash(&all).contains("501HarboursideLeaders"), "note 501");
    render_png(&path, page + 1, &dir, "table-b");
}

#[test]
fn the_seed_chapters_read_back_as_published() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    if !dir.is_dir() {
        println!("skipped: ../shared/seeds is absent, so the seed PDF was not rendered");
        return;
    }
    let mut chapters = Vec::new();
    let mut header = None;
    for file in ["000_1b5db1f3beaa7658.txt", "001_be85ca2343117b4d.txt"] {
        let bytes = std::fs::read(dir.join(file)).expect("a readable seed");
        let parsed = parse_report_bytes(&bytes, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        header = header.or(parsed.header);
        chapters.extend(parsed.chapters);
    }
    let cycle = Cycle {
        name: "2024 G7 Apulia Summit Final".to_string(),
        kind: None,
        period: header.as_ref().and_then(|h| h.period),
        convention: PercentConvention::Rescaled,
        institution: Some("G7".to_string()),
        summit: None,
    };
    let report = Report::new(
        &cycle,
        &chapters,
        &ReportOptions {
            first_footnote: 4068,
            title: None,
            prepared_by: Some("The G7 Research Group".to_string()),
            published_on: Some(date(2025, 6, 9)),
        },
    )
    .expect("the footnotes fit");
    let started = std::time::Instant::now();
    let pdf = render_pdf(&report).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "rendered the two seed chapters ({} bytes) in {:?}",
        pdf.len(),
        started.elapsed()
    );
    if !ready("the_seed_chapters_read_back_as_published", &POPPLER) {
        return;
    }
    let out = out_dir("seeds");
    let path = out.join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    // 8 front pages and the two chapters' 511 footnotes (89 pages when written): a range, since
    // the seeds are data, not a fixture, but one that catches lost pages or doubled parts.
    let texts = check_pdf(&path, &report, 75..=105);
    let all = texts.join(" ");
    assert!(all.contains("+0.69 (84%)"), "the overall score is printed");
    let chapter = texts
        .iter()
        .position(|t| t.contains(&flat(&heading_of(&report.chapters[0]))))
        .unwrap_or(0);
    render_png(&path, 1, &out, "page-1");
    render_png(&path, chapter + 1, &out, "chapter");
}
