//! Input the importer must refuse clearly, or read as far as it is complete, and never panic on:
//! empty files, random and binary bytes, truncated chapters, scores that are not scores.

use pledgewatch_domain::Verdict;
use pledgewatch_ingest::{IngestError, ParseOptions, parse_report, parse_report_bytes};
use proptest::prelude::*;

use crate::fixtures::{G7_PDF_TEXT, G20_MARKDOWN, pdf_period};

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
        // A heading and a quotation, but no Assessment table: cut before it.
        "18. Area: Title\n\n“We will act.”\n\nSource\n",
    ] {
        let e = parse_report(text, &ParseOptions::default()).unwrap_err();
        assert_eq!(e, IngestError::NoChapter);
        assert_eq!(
            e.to_string(),
            "no chapter found: expected a heading like `18. Policy Area: Title` followed by an Assessment table"
        );
    }
}

#[test]
fn truncated_chapters_parse_what_is_complete() {
    // Cut right after "Assessment": nothing to read.
    let assessment = line_of(G7_PDF_TEXT, "Assessment");
    let cut: String = G7_PDF_TEXT
        .lines()
        .take(assessment)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        err(&cut),
        IngestError::EmptyTable {
            line: assessment,
            code: "12".into()
        }
    );
    assert!(err(&cut).to_string().contains("is the file cut short?"));

    // Cut inside the table: the rows so far, no average.
    let cut: String = G7_PDF_TEXT
        .lines()
        .take(assessment + 4)
        .map(|l| format!("{l}\n"))
        .collect();
    let report = parse_report(&cut, &pdf_period()).unwrap();
    let ch = &report.chapters[0];
    assert_eq!(ch.assessment_table.len(), 3);
    assert_eq!(ch.published_average, None);
    assert!(ch.members.is_empty() && ch.sections.is_empty());

    // Cut in the middle of France's section (and of a sentence).
    let at = G7_PDF_TEXT.find("1.5 thousand").unwrap();
    let report = parse_report(&G7_PDF_TEXT[..at], &pdf_period()).unwrap();
    let ch = &report.chapters[0];
    assert_eq!(ch.members.len(), 2);
    assert_eq!(ch.members[1].member, "France");
    assert_eq!(ch.members[1].thus_verdict, None);
    assert_eq!(ch.members[1].analyst, None);
    assert!(ch.members[1].evidence().next().is_some());
    assert_eq!(ch.assessment_table.len(), 8);

    // Every cut at a line boundary, in both layouts: a chapter or a clear error, never a panic.
    for text in [G20_MARKDOWN, G7_PDF_TEXT] {
        let lines: Vec<&str> = text.lines().collect();
        for n in 0..=lines.len() {
            let cut = lines[..n].join("\n");
            match parse_report(&cut, &pdf_period()) {
                Ok(report) => assert!(
                    report
                        .chapters
                        .iter()
                        .all(|c| !c.assessment_table.is_empty())
                ),
                Err(e) => assert!(
                    matches!(
                        e,
                        IngestError::Empty
                            | IngestError::NoChapter
                            | IngestError::EmptyTable { .. }
                    ),
                    "cut after line {n}: {e}"
                ),
            }
        }
    }
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
