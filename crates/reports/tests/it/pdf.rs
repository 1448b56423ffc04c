//! The PDF report read back with poppler-utils: page count, the title on page one, every chapter
//! on its own page, fonts embedded, and text that looks like markup printed as written.

use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_ingest::{ParseOptions, parse_report_bytes};
use pledgewatch_reports::pdf::render_pdf;
use pledgewatch_reports::{Report, ReportOptions};

const LITERAL: &str = "#1 *bold* _under_ $x$ <script>alert(1)</script> @ref [a] \\ = /* c */";

fn poppler_missing() -> Option<&'static str> {
    ["pdfinfo", "pdftotext", "pdffonts", "pdftoppm"]
        .into_iter()
        .find(|tool| Command::new(tool).arg("-v").output().is_err())
}

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

/// Checks a rendered report with poppler and returns the text of its pages.
fn check_pdf(pdf: &Path, report: &Report, min_pages: usize) -> Vec<String> {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count");
    assert!(
        pages > min_pages,
        "{pages} pages, expected more than {min_pages}"
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
        published: Some(date(2024, 7, 1)),
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
}

#[test]
fn an_invented_report_reads_back_as_published() {
    let report = invented_report();
    let pdf = render_pdf(&report).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(tool) = poppler_missing() else {
        let dir = out_dir("invented");
        let path = dir.join("report.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let texts = check_pdf(&path, &report, report.chapters.len() + 5);
        let all = texts.join(" ");
        assert!(
            squash(&all).contains(&squash(LITERAL)),
            "markup-like text was not printed literally"
        );
        assert!(all.contains("Thus, Canada receives a score of +1."));
        assert!(all.contains("Canada: +1"));
        assert!(all.contains("Prepared by"));
        // Footnotes continue from the first number given.
        assert!(all.contains("100."), "the first note is numbered 100");
        render_png(&path, 1, &dir, "page-1");
        return;
    };
    println!("skipped the poppler checks: `{tool}` is not on PATH (install poppler-utils)");
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
    );
    let started = std::time::Instant::now();
    let pdf = render_pdf(&report).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "rendered the two seed chapters ({} bytes) in {:?}",
        pdf.len(),
        started.elapsed()
    );
    if let Some(tool) = poppler_missing() {
        println!("skipped the poppler checks: `{tool}` is not on PATH (install poppler-utils)");
        return;
    }
    let out = out_dir("seeds");
    let path = out.join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let texts = check_pdf(&path, &report, 20);
    let all = texts.join(" ");
    assert!(all.contains("+0.69 (84%)"), "the overall score is printed");
    let chapter = texts
        .iter()
        .position(|t| t.contains(&flat(&heading_of(&report.chapters[0]))))
        .unwrap_or(0);
    render_png(&path, 1, &out, "page-1");
    render_png(&path, chapter + 1, &out, "chapter");
}
