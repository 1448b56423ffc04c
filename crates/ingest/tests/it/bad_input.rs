//! Input the importer must refuse clearly and never panic on: empty files, random and binary
//! bytes, chapters cut short (wherever the cut falls), scores, dates and footnote numbers that
//! cannot be what they claim.

use pledgewatch_domain::check::check_cycle;
use pledgewatch_domain::{Cycle, FindingCode, PercentConvention, Verdict, citing};
use pledgewatch_ingest::{IngestError, ParseOptions, parse_report, parse_report_bytes};
use proptest::prelude::*;

use crate::fixtures::{G7_PDF_TEXT, G20_MARKDOWN, pdf_period};
use crate::seed_files::{MD, PDF, seed};

const DEMO: &str = include_str!("../../../cli/demo/demo-report.md");

fn err(text: &str) -> IngestError {
    match parse_report(text, &pdf_period()) {
        Ok(r) => panic!(
            "accepted: {:?}",
            r.chapters
                .iter()
                .map(|c| &c.commitment.code)
                .collect::<Vec<_>>()
        ),
        Err(e) => e,
    }
}

/// The fixture with one line replaced.
fn with_line(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the fixture");
    text.replacen(from, to, 1)
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn empty_files() {
    for text in ["", "   ", "\n\n\t\n"] {
        assert_eq!(
            parse_report(text, &ParseOptions::default()),
            Err(IngestError::Empty)
        );
        assert_eq!(
            parse_report_bytes(text.as_bytes(), &ParseOptions::default()),
            Err(IngestError::Empty)
        );
    }
    assert_eq!(
        IngestError::Empty.to_string(),
        "the file is empty: expected the text of a compliance-report chapter"
    );
}

#[test]
fn random_and_binary_bytes() {
    let not_utf8 = b"first line\nsecond line\n\xff\xfe\xfd garbage";
    let e = parse_report_bytes(not_utf8, &ParseOptions::default()).unwrap_err();
    assert_eq!(
        e,
        IngestError::NotUtf8 {
            line: 3,
            offset: 23
        }
    );
    assert!(
        e.to_string()
            .starts_with("line 3: the file is not UTF-8 text"),
        "{e}"
    );

    // A zip archive, a PNG: NUL bytes early on.
    for bytes in [
        &b"PK\x03\x04\x14\x00\x00\x00\x08\x00"[..],
        &b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"[..],
    ] {
        let e = parse_report_bytes(bytes, &ParseOptions::default()).unwrap_err();
        assert!(matches!(e, IngestError::Binary { .. }), "{e:?}");
        assert!(e.to_string().contains("binary"), "{e}");
    }
    let e = parse_report_bytes(b"18. Area: Title\n\n\"text\"\n\0", &ParseOptions::default())
        .unwrap_err();
    assert_eq!(e, IngestError::Binary { line: 4 });
    assert_eq!(
        parse_report("a\nb\0", &ParseOptions::default()),
        Err(IngestError::Binary { line: 2 })
    );
}

#[test]
fn text_without_a_chapter() {
    for text in [
        "Meeting notes\n\nNothing here is a chapter.\n",
        "18. Migration and Refugees: Border Management\t688\n19. Other: Title\t743\n",
    ] {
        let e = parse_report(text, &ParseOptions::default()).unwrap_err();
        assert_eq!(e, IngestError::NoChapter);
        assert_eq!(
            e.to_string(),
            "no chapter found: expected a heading like `18. Policy Area: Title` followed by an Assessment table"
        );
    }
    // A heading and a quotation, then the file ends before the Assessment table: cut there.
    let e = parse_report(
        "18. Area: Title\n\n“We will act.”\n\nSource\n",
        &ParseOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 5: chapter 18 is cut short: the file stops here before its Assessment table: the table, the sections and every member's section are missing; import the whole chapter"
    );
}

/// The text up to byte `at` (moved back to a character boundary).
fn cut_at(text: &str, mut at: usize) -> &str {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
}

/// The 1-based number of the last line of `text` that is not blank: where a cut file stops.
fn stop_line(text: &str) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0)
}

/// Byte offset of the start of the line that defines footnote `n` (either layout) in `text`.
fn footnote_line_offset(text: &str, n: u32) -> usize {
    let (sup, plain) = (citing::marker(n), n.to_string());
    let mut offset = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(&sup) || (t.starts_with(&plain) && !line.starts_with(char::is_whitespace))
        {
            found = Some(offset);
        }
        offset += line.len();
    }
    found.unwrap_or_else(|| panic!("footnote {n} has no line"))
}

/// The rule for a file cut short, checked at a cut of `full` (which parses) at byte `at`. The
/// chapter the cut falls in is the last whose quoted commitment has begun:
///
/// - a cut before the first chapter's quotation leaves no chapter (`NoChapter`);
/// - a cut from there to that chapter's last Analyst line is refused as `Truncated`, naming the
///   line where the text stops (the table without its Average line, member sections missing
///   after the last one read, or the last one without its "Thus" sentence and Analyst line, or
///   without the Analyst line every other section has);
/// - a cut after that Analyst line loses only footnotes, and is refused as `TruncatedFootnotes`
///   when the last section cites footnotes past the last one left;
/// - a cut inside the chapter's last footnote, after its number, is the one cut that cannot be
///   told from a whole chapter (the footnote is there, only its tail is lost): it is left out of
///   this rule; so is a cut after the chapter's last line, which leaves whole chapters (imported).
///
/// Returns what happened, for the caller's count.
fn assert_refused_when_cut(full: &str, opts: &ParseOptions, at: usize, what: &str) -> &'static str {
    let whole = parse_report(full, opts).unwrap_or_else(|e| panic!("{what}: {e}"));
    // Where each chapter's heading and quoted commitment start.
    let (headings, quotes): (Vec<usize>, Vec<usize>) = whole
        .chapters
        .iter()
        .map(|c| {
            let h = &c.commitment;
            let heading = full
                .rfind(&format!("{}. {}: {}", h.code, h.area, h.title))
                .unwrap();
            (heading, heading + full[heading..].find(['“', '"']).unwrap())
        })
        .unzip();
    let cut = cut_at(full, at);
    let what = format!("{what} cut at byte {} (line {})", cut.len(), stop_line(cut));
    let k = quotes.iter().filter(|&&q| q < cut.len()).count();
    if k == 0 {
        let e = parse_report(cut, opts).unwrap_err();
        assert!(
            matches!(e, IngestError::NoChapter | IngestError::Empty),
            "{what}: {e}"
        );
        return "before the chapter";
    }
    let chapter = &whole.chapters[k - 1];
    let range = quotes[k - 1]..headings.get(k).copied().unwrap_or(full.len());
    let text = &full[range.clone()];
    if cut.len() >= range.start + text.trim_end().len() {
        let r = parse_report(cut, opts).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(r.chapters.len(), k, "{what}");
        return "whole chapters";
    }
    let last_analyst = range.start + text.rfind("Analyst:").unwrap();
    let last_analyst_end = full[last_analyst..]
        .find('\n')
        .map_or(full.len(), |e| last_analyst + e);
    let last_footnote = chapter.citations.iter().map(|c| c.number).max().unwrap();
    let last_footnote_at = range.start + footnote_line_offset(text, last_footnote);
    let last_footnote_number_end = last_footnote_at
        + full[last_footnote_at..]
            .find(|c: char| !c.is_whitespace())
            .unwrap()
        + citing::marker(last_footnote)
            .len()
            .min(full[last_footnote_at..].trim_start().len());
    if cut.len() > last_footnote_at.max(last_analyst_end) && cut.len() > last_footnote_number_end {
        return "inside the last footnote";
    }
    match parse_report(cut, opts) {
        Ok(r) => panic!(
            "{what}: accepted ({} members, {} footnotes)",
            r.chapters.last().map_or(0, |c| c.members.len()),
            r.chapters.last().map_or(0, |c| c.citations.len())
        ),
        Err(e @ IngestError::Truncated { .. }) => {
            assert_eq!(e.line(), Some(stop_line(cut)), "{what}: {e}");
            assert!(
                e.to_string().contains(&format!(
                    "chapter {} is cut short: the file stops here",
                    chapter.commitment.code
                )),
                "{e}"
            );
            assert!(
                cut.len() <= last_analyst_end || e.to_string().contains("no Analyst line"),
                "{what}: {e}"
            );
            "truncated"
        }
        Err(e @ IngestError::TruncatedFootnotes { .. }) => {
            assert!(cut.len() >= last_analyst_end, "{what}: {e}");
            let IngestError::TruncatedFootnotes { numbers, .. } = &e else {
                unreachable!()
            };
            assert!(
                numbers
                    .iter()
                    .all(|n| chapter.citations.iter().any(|c| c.number == *n)),
                "{what}: {e}"
            );
            "footnotes"
        }
        Err(e) => panic!("{what}: refused, but not as cut short: {e}"),
    }
}

#[test]
fn fixtures_cut_anywhere_are_refused() {
    for (name, text, opts) in [
        ("g20_markdown", G20_MARKDOWN, ParseOptions::default()),
        ("g7_pdftext", G7_PDF_TEXT, pdf_period()),
        // The demo cycle `serve` loads (the command line's, written by us too).
        ("demo-report", DEMO, ParseOptions::default()),
    ] {
        // Twenty evenly spaced byte offsets, then every line boundary.
        let mut outcomes = Vec::new();
        for k in 1..20 {
            outcomes.push(assert_refused_when_cut(
                text,
                &opts,
                text.len() * k / 20,
                name,
            ));
        }
        assert!(
            outcomes.iter().filter(|o| **o == "truncated").count() >= 17,
            "{name}: {outcomes:?}"
        );
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            at += line.len();
            if text[at..].trim().is_empty() {
                break;
            }
            outcomes.push(assert_refused_when_cut(text, &opts, at, name));
        }
        assert!(outcomes.contains(&"truncated"), "{name}");
        assert!(outcomes.contains(&"before the chapter"), "{name}");
        // The last footnote of a chapter is at most three lines long.
        let unseen = outcomes
            .iter()
            .filter(|o| **o == "inside the last footnote")
            .count();
        assert!(unseen <= 3, "{name}: {outcomes:?}");
    }
    // After the last Analyst line of the PDF text only the final footnote block is left.
    assert!(["footnotes"].contains(&assert_refused_when_cut(
        G7_PDF_TEXT,
        &pdf_period(),
        G7_PDF_TEXT.rfind("816 Meeting").unwrap(),
        "g7_pdftext"
    )));
}

#[test]
fn seeds_cut_anywhere_are_refused() {
    for name in [MD, PDF] {
        let Some(text) = seed(name) else { return };
        let mut outcomes = Vec::new();
        for k in 1..20 {
            outcomes.push(assert_refused_when_cut(
                &text,
                &ParseOptions::default(),
                text.len() * k / 20,
                name,
            ));
        }
        assert!(
            outcomes.iter().all(|o| *o == "truncated"),
            "{name}: {outcomes:?}"
        );
        // After the last Analyst line: only footnotes are lost.
        let after = text.rfind("Analyst:").unwrap() + 40;
        assert_eq!(
            assert_refused_when_cut(&text, &ParseOptions::default(), after, name),
            "footnotes"
        );
    }
}

#[test]
fn a_cut_chapter_says_where_it_stops_and_what_is_missing() {
    // Right after "Assessment", and inside the table: the table and every section missing.
    let assessment = line_of(G7_PDF_TEXT, "Assessment");
    let cut: String = G7_PDF_TEXT
        .lines()
        .take(assessment)
        .map(|l| format!("{l}\n"))
        .collect();
    let e = err(&cut);
    assert!(
        matches!(e, IngestError::Truncated { line, .. } if line == assessment),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("before the first row of its Assessment table"),
        "{e}"
    );
    let cut: String = G7_PDF_TEXT
        .lines()
        .take(assessment + 4)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        err(&cut).to_string(),
        format!(
            "line {}: chapter 12 is cut short: the file stops here inside the Assessment table, after the row for Germany: the rest of the table, its Average line and every member's section are missing; import the whole chapter",
            assessment + 4
        )
    );
    // In the middle of a row: cut, not a wrong score.
    let row = G7_PDF_TEXT.find("Germany  ").unwrap();
    let e = err(&G7_PDF_TEXT[..row + "Germany  ".len()]);
    assert!(matches!(e, IngestError::Truncated { .. }), "{e}");

    // In the middle of France's section (and of a sentence).
    let at = G7_PDF_TEXT.find("1.5 thousand").unwrap();
    let e = err(&G7_PDF_TEXT[..at]);
    assert_eq!(
        e.to_string(),
        format!(
            "line {}: chapter 12 is cut short: the file stops here inside the section for France: no \"Thus … receives a score of\" sentence and no Analyst line; the sections for Germany, Italy, Japan, United Kingdom, United States and European Union are missing; import the whole chapter",
            line_of(G7_PDF_TEXT, "On 20 January 2031")
        )
    );
    // Between two sections; in the Scoring Guidelines.
    let at = G7_PDF_TEXT.find("Italy: 0").unwrap();
    let e = err(&G7_PDF_TEXT[..at]);
    assert!(
        e.to_string().contains(
            "stops here after the section for Germany; the sections for Italy, Japan, United Kingdom, United States and European Union are missing"
        ),
        "{e}"
    );
    let at = G20_MARKDOWN.find("+1\tThe G20 member").unwrap();
    let e = parse_report(&G20_MARKDOWN[..at], &ParseOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains(
            "stops here in the Scoring Guidelines section; the sections for Argentina, Australia,"
        ),
        "{e}"
    );
    // Saudi Arabia is n/a: no section expected of it.
    assert!(!e.to_string().contains("Saudi Arabia"), "{e}");

    // The last section's "Thus" sentence is there, its Analyst line (which every other has) not.
    let at = G20_MARKDOWN.rfind("Analyst:").unwrap();
    let e = parse_report(&G20_MARKDOWN[..at], &ParseOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("inside the section for European Union: no Analyst line; import"),
        "{e}"
    );
    // Every section whole, the footnotes of the last one cut off.
    let at = G7_PDF_TEXT.rfind("817 Supplies").unwrap();
    assert_eq!(
        err(&G7_PDF_TEXT[..at]).to_string(),
        format!(
            "line {}: chapter 12 is cut short: the file stops after the section for European Union, but footnote 817 that it cites is not in the file (the footnotes that follow the section are missing); import the whole chapter, or correct the markers if they are mistyped",
            line_of(G7_PDF_TEXT, "816 Meeting") + 1
        )
    );
}

#[test]
fn complete_chapters_with_editorial_slips_still_import() {
    let check = |text: &str, opts: &ParseOptions| {
        let report = parse_report(text, opts).unwrap_or_else(|e| panic!("refused: {e}"));
        let cycle = Cycle {
            name: "Test".into(),
            kind: None,
            period: opts.period,
            convention: PercentConvention::Rescaled,
            institution: None,
            summit: None,
        };
        check_cycle(&cycle, &report.chapters)
            .into_iter()
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    // A member's section missing between two others: `member-missing`.
    let start = G20_MARKDOWN.find("Mexico: 0").unwrap();
    let end = G20_MARKDOWN.find("Republic of Korea: +1").unwrap();
    let text = format!("{}{}", &G20_MARKDOWN[..start], &G20_MARKDOWN[end..]);
    assert!(check(&text, &ParseOptions::default()).contains(&FindingCode::MemberMissing));
    // A section without its "Thus" sentence, even the last one, when its Analyst line follows.
    let text = with_line(
        G20_MARKDOWN,
        " Thus, the European Union receives a score of +1.",
        "",
    );
    let report = parse_report(&text, &ParseOptions::default()).unwrap();
    assert_eq!(report.chapters[0].members[20].thus_verdict, None);
    // No Average line under the table.
    let text = with_line(G20_MARKDOWN, "Average\t+0.35 (68%)\t\t\n", "");
    let report = parse_report(&text, &ParseOptions::default()).unwrap();
    assert_eq!(report.chapters[0].published_average, None);
    // A footnote missing in the middle, a marker mistyped in an earlier section:
    // `footnote-missing`.
    let text = with_line(G7_PDF_TEXT, "812 Island clinic plan", "Island clinic plan");
    assert!(check(&text, &pdf_period()).contains(&FindingCode::FootnoteMissing));
    let text = with_line(G20_MARKDOWN, "ports.⁵⁰²", "ports.⁵⁹⁹");
    assert!(check(&text, &ParseOptions::default()).contains(&FindingCode::FootnoteMissing));
}

#[test]
fn impossible_years_and_footnote_numbers_are_refused() {
    let text = with_line(G7_PDF_TEXT, "On 9 March 2031,", "On 9 March 99999,");
    let e = err(&text);
    assert_eq!(
        e,
        IngestError::YearOutOfRange {
            line: line_of(&text, "On 9 March 99999"),
            found: "9 March 99999".into()
        }
    );
    assert!(
        e.to_string()
            .contains("`9 March 99999` has a year outside 1900–2200"),
        "{e}"
    );
    let text = with_line(G20_MARKDOWN, "On 6 December 2030,", "On 6 December 1850,");
    assert!(matches!(
        parse_report(&text, &ParseOptions::default()),
        Err(IngestError::YearOutOfRange { .. })
    ));
    // A marker that no footnote number can be, in an evidence paragraph and as a footnote's own.
    let huge = "⁹".repeat(30);
    let text = with_line(G20_MARKDOWN, "ports.⁵⁰²", &format!("ports.{huge}"));
    let e = parse_report(&text, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(&e, IngestError::FootnoteNumberTooLarge { line, digits: 30, .. } if *line == line_of(&text, &huge)),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("is too large to be a footnote number"),
        "{e}"
    );
    let text = with_line(
        G20_MARKDOWN,
        "⁵⁰³ Resilience",
        &format!("{huge} Resilience"),
    );
    assert!(matches!(
        parse_report(&text, &ParseOptions::default()),
        Err(IngestError::FootnoteNumberTooLarge { .. })
    ));
}

#[test]
fn a_heading_score_that_is_not_a_score() {
    let text = with_line(G7_PDF_TEXT, "Germany: −1 ", "Germany: minus one ");
    let e = err(&text);
    assert_eq!(
        e,
        IngestError::HeadingScore {
            line: line_of(&text, "Germany: minus"),
            member: "Germany".into(),
            found: "minus one".into()
        }
    );
    assert_eq!(
        e.to_string(),
        format!(
            "line {}: the heading of Germany's section gives `minus one`, which is not a score: expected `Germany: +1`, `0`, `−1` or `n/a`",
            line_of(&text, "Germany: minus")
        )
    );
    let text = with_line(G20_MARKDOWN, "Mexico: 0", "Mexico: 2");
    assert!(matches!(err(&text), IngestError::HeadingScore { found, .. } if found == "2"));
    // A sentence after a member's name is prose, not a heading.
    let text = with_line(
        G20_MARKDOWN,
        "China: −1",
        "China: −1\n\nChina: the ministry said the plan would follow in the spring.",
    );
    let report = parse_report(&text, &ParseOptions::default()).unwrap();
    assert_eq!(report.chapters[0].members.len(), 21);
}

#[test]
fn other_scores_and_dates_that_are_wrong() {
    let text = with_line(G7_PDF_TEXT, "Italy   0  ", "Italy   zero  ");
    let e = err(&text);
    assert_eq!(
        e,
        IngestError::TableScore {
            line: line_of(&text, "Italy   zero"),
            row: "Italy zero".into(),
            found: "zero".into()
        }
    );
    let text = with_line(
        G7_PDF_TEXT,
        "Thus, Japan receives a score of +1.",
        "Thus, Japan receives a score of plenty.",
    );
    assert_eq!(
        err(&text),
        IngestError::ThusScore {
            line: line_of(&text, "score of plenty"),
            found: "plenty".into()
        }
    );
    let text = with_line(G7_PDF_TEXT, "On 9 March 2031,", "On 31 February 2031,");
    assert_eq!(
        err(&text),
        IngestError::BadDate {
            line: line_of(&text, "On 31 February"),
            found: "31 February 2031".into()
        }
    );
    // n/a in a heading and a table row is a verdict, not an error.
    let text = with_line(G7_PDF_TEXT, "Italy   0  ", "Italy   n/a  ");
    let report = parse_report(&text, &pdf_period()).unwrap();
    assert_eq!(
        report.chapters[0].assessment_table[3].verdict,
        Verdict::NotApplicable
    );
}

#[test]
fn control_characters_in_errors_are_escaped() {
    for (from, to) in [
        ("Italy   0  ", "Italy   \u{1}zero  "),
        (
            "Thus, Japan receives a score of +1.",
            "Thus, Japan receives a score of \u{7}plenty.",
        ),
        ("Germany: −1 ", "Germany: \u{1b}[31m "),
    ] {
        let e = err(&with_line(G7_PDF_TEXT, from, to)).to_string();
        assert!(!e.chars().any(char::is_control), "{e:?}");
        assert!(e.contains("\\u{"), "{e:?}");
    }
}

/// A line from the fixtures' vocabulary, so that random documents reach the deep states too.
fn report_line() -> impl Strategy<Value = String> {
    let fixture_lines: Vec<String> = G20_MARKDOWN
        .lines()
        .chain(G7_PDF_TEXT.lines())
        .map(str::to_string)
        .collect();
    prop_oneof![
        3 => proptest::sample::select(fixture_lines),
        1 => "[ \t]{0,2}[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}[a-zA-Z .:/-]{0,20}",
        1 => "(On|Thus,|Analyst:|Average|Assessment|Canada:|“|”) ?[^\n]{0,30}",
        1 => "[^\n]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = parse_report(&text, &ParseOptions::default());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_report_bytes(&bytes, &ParseOptions::default());
    }

    #[test]
    fn documents_of_report_lines_never_panic(lines in proptest::collection::vec(report_line(), 0..80)) {
        let text = lines.join("\n");
        let _ = parse_report(&text, &ParseOptions::default());
        let _ = parse_report(&text, &pdf_period());
    }

    #[test]
    fn truncated_fixtures_never_panic(at in 0usize..60_000, md in any::<bool>()) {
        let text = if md { G20_MARKDOWN } else { G7_PDF_TEXT };
        let mut end = at.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if let Ok(report) = parse_report(&text[..end], &pdf_period()) {
            prop_assert!(!report.chapters.is_empty());
        }
        let _ = parse_report_bytes(&text.as_bytes()[..at.min(text.len())], &pdf_period());
    }

    #[test]
    fn edited_fixtures_never_panic(
        md in any::<bool>(),
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..4, report_line()), 1..6),
    ) {
        let text = if md { G20_MARKDOWN } else { G7_PDF_TEXT };
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for (index, kind, new) in edits {
            if lines.is_empty() {
                break;
            }
            let i = index.index(lines.len());
            match kind {
                0 => { lines.remove(i); }
                1 => { let l = lines[i].clone(); lines.insert(i, l); }
                2 => lines[i] = new,
                _ => lines.insert(i, new),
            }
        }
        let _ = parse_report(&lines.join("\n"), &pdf_period());
    }
}
