//! The two seed chapters (../shared/seeds): every score, both published averages, every
//! footnote, every dated evidence paragraph. Expected paragraph texts are rebuilt from the seed's
//! own lines (named by number) rather than copied here, so the repo holds none of their prose.

use jiff::civil::{Date, date};
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, EvidenceItem, FindingCode, PartialDate, Period, Score,
    SectionKind, Verdict, citing,
};
use pledgewatch_ingest::{ParseOptions, ParsedReport, parse_report, parse_report_bytes};

use crate::seed_files::{MD, PDF, seed};

/// The seed parsed; its only warning is chapter 18's sentence broken by a blank line
/// (`paragraph-break-in-sentence`, asserted in `chapter_18_sentence_broken_by_a_blank_line`).
fn parse(text: &str) -> ParsedReport {
    let report = parse_report(text, &ParseOptions::default()).expect("the seed parses");
    for w in &report.warnings {
        assert_eq!(
            (w.code, w.footnote),
            (Some(FindingCode::ParagraphBreakInSentence), Some(4381)),
            "{w}"
        );
    }
    report
}

fn only_chapter(report: &ParsedReport) -> &Chapter {
    assert_eq!(report.chapters.len(), 1);
    &report.chapters[0]
}

const FULL: Verdict = Verdict::Scored(Score::Full);
const PARTIAL: Verdict = Verdict::Scored(Score::Partial);

const G7: [&str; 8] = [
    "Canada",
    "France",
    "Germany",
    "Italy",
    "Japan",
    "United Kingdom",
    "United States",
    "European Union",
];

fn evidence(chapter: &Chapter) -> Vec<&EvidenceItem> {
    chapter.members.iter().flat_map(|m| m.evidence()).collect()
}

fn citation(chapter: &Chapter, number: u32) -> &Citation {
    chapter
        .citations
        .iter()
        .find(|c| c.number == number)
        .unwrap_or_else(|| panic!("footnote {number} is missing"))
}

fn the_evidence<'c>(chapter: &'c Chapter, member: &str, day: Date) -> Vec<&'c EvidenceItem> {
    chapter
        .members
        .iter()
        .filter(|m| m.member == member)
        .flat_map(|m| m.evidence())
        .filter(|e| e.date.date == day)
        .collect()
}

/// Lines `ranges` of `text` (1-based, inclusive), trimmed and joined by one space.
fn joined(text: &str, ranges: &[(usize, usize)]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    ranges
        .iter()
        .flat_map(|&(a, b)| lines[a - 1..b].iter().map(|l| l.trim()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn single_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines `ranges` of `text` as an evidence paragraph has them: joined, with the footnote
/// markers taken out (superscripts, and the plain numbers listed in `markers`).
fn rebuilt(text: &str, ranges: &[(usize, usize)], markers: &[u32]) -> String {
    let mut joined = joined(text, ranges);
    for m in markers {
        joined = joined.replace(&m.to_string(), "");
    }
    single_spaced(&citing::strip_markers(&joined))
}

/// Lines `ranges` of `text` as prose has them: joined, superscript markers as written and the
/// plain numbers listed in `markers` turned into superscript markers.
fn rebuilt_marked(text: &str, ranges: &[(usize, usize)], markers: &[u32]) -> String {
    let mut joined = joined(text, ranges);
    for m in markers {
        joined = joined.replace(&m.to_string(), &citing::marker(*m));
    }
    single_spaced(&joined)
}

/// Every footnote number in `range` is defined exactly once.
fn assert_footnotes_exactly(chapter: &Chapter, range: std::ops::RangeInclusive<u32>) {
    let mut numbers: Vec<u32> = chapter.citations.iter().map(|c| c.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, range.collect::<Vec<_>>());
}

/// A URL a browser would take as printed: a scheme, no whitespace.
fn well_formed(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// A paragraph as the parser gives it: one line, single spaces.
fn assert_one_line(text: &str, what: &str) {
    assert!(
        !text.contains('\n') && !text.contains("  ") && text == text.trim(),
        "{what}: {text:?}"
    );
}

/// An evidence paragraph's text: one line, no footnote markers left (they are in its list).
fn assert_clean_prose(text: &str, what: &str) {
    assert_one_line(text, what);
    assert!(citing::markers_in(text).is_empty(), "{what}: {text:?}");
}

/// Prose (a section, an opening, a conclusion): one line, and every marker it keeps is one of
/// the chapter's footnotes.
fn assert_marked_prose(chapter: &Chapter, text: &str, what: &str) {
    assert_one_line(text, what);
    for n in citing::markers_in(text) {
        assert!(
            chapter.citations.iter().any(|c| c.number == n),
            "{what}: marker {n} is no footnote of the chapter"
        );
    }
}

#[test]
fn chapter_18_markdown_layout() {
    let Some(text) = seed(MD) else { return };
    let report = parse(&text);
    let header = report.header.as_ref().expect("the report header");
    assert_eq!(
        header.title,
        "2024 G7 Apulia Summit Final Compliance Report"
    );
    assert_eq!(header.cycle_name, "2024 G7 Apulia Summit Final");
    assert_eq!(header.kind, Some(pledgewatch_domain::CycleKind::Final));
    assert_eq!(
        header.period,
        Some(Period::parse("2024-06-15..2025-05-15").unwrap())
    );

    let ch = only_chapter(&report);
    assert_eq!(ch.commitment.code, "18");
    assert_eq!(ch.commitment.area, "Migration and Refugees");
    assert_eq!(ch.commitment.title, "Border Management");
    assert_eq!(ch.commitment.source, "Apulia G7 Leaders' Communiqué");
    assert!(
        ch.commitment
            .text
            .starts_with("We will enhance cooperation"),
        "{}",
        ch.commitment.text
    );
    assert!(
        ch.commitment.text.ends_with("trafficking in persons."),
        "{}",
        ch.commitment.text
    );

    // All 8 members +1: in the table, in the headings and in the Thus sentences.
    let table: Vec<(&str, Verdict)> = ch
        .assessment_table
        .iter()
        .map(|r| (r.member.as_str(), r.verdict))
        .collect();
    assert_eq!(table, G7.iter().map(|m| (*m, FULL)).collect::<Vec<_>>());
    assert_eq!(ch.published_average.as_deref(), Some("+1.00 (100%)"));
    assert_eq!(
        ch.members
            .iter()
            .map(|m| m.member.as_str())
            .collect::<Vec<_>>(),
        G7
    );
    for m in &ch.members {
        assert_eq!(m.heading_verdict, Some(FULL), "{}", m.member);
        assert_eq!(m.thus_verdict, Some(FULL), "{}", m.member);
        assert!(
            !m.opening.is_empty() && !m.conclusion.is_empty(),
            "{}",
            m.member
        );
        assert!(m.analyst.is_some(), "{}", m.member);
    }
    // The European Union's Thus sentence ends its concluding paragraph instead of standing
    // alone; it is split off, and the conclusion keeps the rest.
    let eu = &ch.members[7];
    assert!(
        eu.conclusion
            .starts_with("The European Union has fully complied")
    );
    assert!(!eu.conclusion.contains("Thus"), "{}", eu.conclusion);

    assert_eq!(ch.director.as_deref(), Some("Jennifer Lee"));
    assert_eq!(ch.lead_analyst.as_deref(), Some("Kevin Li"));
    // One analyst, two apostrophes: kept as written.
    assert_eq!(
        ch.members[1].analyst.as_deref(),
        Some("Olivier d'Aragon Flores")
    );
    assert_eq!(
        ch.members[5].analyst.as_deref(),
        Some("Olivier d\u{2019}Aragon Flores")
    );

    assert_eq!(
        ch.sections.iter().map(|s| s.kind).collect::<Vec<_>>(),
        SectionKind::ALL.to_vec()
    );
    for s in &ch.sections {
        assert!(!s.text.is_empty(), "{:?}", s.kind);
        for p in s.text.split("\n\n") {
            assert_marked_prose(ch, p, s.kind.heading());
        }
    }
    // Prose keeps its footnote markers where they were cited: the Background's first paragraph
    // cites 4068 and 4069, then one footnote per earlier summit, in order.
    let background = ch.section(SectionKind::Background).unwrap();
    let markers = citing::markers_in(&background.text);
    assert!(
        markers.contains(&4068) && markers.contains(&4069),
        "{markers:?}"
    );
    assert!(markers.windows(2).all(|w| w[0] < w[1]), "{markers:?}");
    let paras: Vec<&str> = background.text.split("\n\n").collect();
    assert_eq!(paras[0], rebuilt_marked(&text, &[(86, 86)], &[]));
    assert_eq!(citing::markers_in(paras[0]), [4068, 4069]);
    // A marker in mid-paragraph stays where it was, between its sentences.
    assert_eq!(paras[2], rebuilt_marked(&text, &[(90, 90)], &[]));
    for m in &ch.members {
        assert_marked_prose(ch, &m.opening, &m.member);
        assert_marked_prose(ch, &m.conclusion, &m.member);
    }
    let scoring = ch.section(SectionKind::ScoringGuidelines).unwrap();
    let rows: Vec<&str> = scoring
        .text
        .split("\n\n")
        .map(|r| r.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(rows, ["-1", "0", "+1"]);

    // Footnotes 4068–4413, each defined once.
    assert_footnotes_exactly(ch, 4068..=4413);

    // 317 paragraphs open with "On <date>", and one more sentence does after a stray blank
    // line (split off: `chapter_18_sentence_broken_by_a_blank_line`); two give no year and
    // are resolved from the period.
    let items = evidence(ch);
    assert_eq!(items.len(), 318);
    assert_eq!(
        items.len(),
        1 + text
            .lines()
            .filter(|l| l.starts_with("On ") && l[3..].starts_with(|c: char| c.is_ascii_digit()))
            .count()
    );
    let inferred: Vec<Date> = items
        .iter()
        .filter(|e| e.date.inferred)
        .map(|e| e.date.date)
        .collect();
    assert_eq!(inferred, [date(2024, 12, 17), date(2025, 3, 12)]);
    for e in &items {
        assert!(e.text.starts_with("On "), "{}", e.text);
        assert_clean_prose(&e.text, "evidence");
        assert!(!e.citations.is_empty(), "{}", e.text);
        assert!(
            e.citations.windows(2).all(|w| w[0] < w[1]),
            "{:?}",
            e.citations
        );
    }
    // Every footnote is cited by some paragraph of the chapter exactly where the text says; the
    // evidence alone cites most of them, in order.
    let cited: Vec<u32> = items
        .iter()
        .flat_map(|e| e.citations.iter().copied())
        .collect();
    assert!(cited.windows(2).all(|w| w[0] < w[1]));
    assert!(cited.iter().all(|n| (4095..=4413).contains(n)));
}

#[test]
fn chapter_18_paragraphs_rejoined_whole() {
    let Some(text) = seed(MD) else { return };
    let report = parse(&text);
    let ch = only_chapter(&report);

    // Split by a blank line, the continuation starting in lower case ("and uplift public safety").
    let e = the_evidence(ch, "Canada", date(2024, 7, 4));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].text, rebuilt(&text, &[(240, 240), (242, 242)], &[]));
    assert!(
        e[0].text
            .contains("border security and uplift public safety.")
    );
    assert_eq!(e[0].citations, [4095, 4096]);

    // Interrupted by a block of footnotes (4095–4101), resuming after it.
    let e = the_evidence(ch, "Canada", date(2024, 10, 17));
    assert_eq!(e[0].text, rebuilt(&text, &[(254, 254), (270, 270)], &[]));
    assert_eq!(e[0].citations, [4102]);
    let e = the_evidence(ch, "France", date(2024, 10, 1));
    assert_eq!(e[0].text, rebuilt(&text, &[(342, 342), (352, 352)], &[]));
    assert_eq!(e[0].citations, [4119]);

    // Year-less dates, resolved inside 15 June 2024 – 15 May 2025 and flagged.
    let e = the_evidence(ch, "Canada", date(2024, 12, 17));
    assert!(e[0].date.inferred);
    assert_eq!(e[0].text, rebuilt(&text, &[(278, 278)], &[]));
    let e = the_evidence(ch, "United Kingdom", date(2025, 3, 12));
    assert!(e[0].date.inferred);
    assert_eq!(e[0].text, rebuilt(&text, &[(1008, 1008)], &[]));
}

#[test]
fn chapter_18_sentence_broken_by_a_blank_line() {
    let Some(text) = seed(MD) else { return };
    let report = parse(&text);
    let ch = only_chapter(&report);
    // Lines 1526–1528: a paragraph ending "… On", a blank line, "16 November 2024, …".
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1525].ends_with(" On") && lines[1526].is_empty());
    assert!(lines[1527].starts_with("16 November 2024, "));

    let eu: Vec<&EvidenceItem> = ch
        .members
        .iter()
        .filter(|m| m.member == "European Union")
        .flat_map(|m| m.evidence())
        .collect();
    let cut = eu.iter().find(|e| e.citations.contains(&4381)).unwrap();
    assert_eq!(cut.date.date, date(2024, 11, 16));
    assert!(!cut.date.inferred);
    assert_eq!(cut.citations, [4381]);
    assert!(
        cut.text.starts_with("On 16 November 2024, "),
        "{}",
        cut.text
    );
    assert_eq!(
        cut.text,
        format!("On {}", rebuilt(&text, &[(1528, 1528)], &[]))
    );
    let before = eu.iter().find(|e| e.citations.contains(&4380)).unwrap();
    assert_eq!(before.date.date, date(2024, 11, 14));
    assert_eq!(before.citations, [4380]);
    assert!(!before.text.ends_with("On"), "{}", before.text);
    assert_eq!(
        format!("{} On", before.text),
        rebuilt(&text, &[(1526, 1526)], &[])
    );

    // Editors see the slip: one warning naming the lines, as a check finding.
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let w = &report.warnings[0];
    assert_eq!(w.line, 1526);
    assert_eq!(w.member.as_deref(), Some("European Union"));
    assert!(w.message.contains("line 1528"), "{}", w.message);
    let findings = report.findings();
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.code.as_str(), "paragraph-break-in-sentence");
    assert_eq!(f.severity, pledgewatch_domain::Severity::Warning);
    assert_eq!(
        (f.commitment.as_deref(), f.member.as_deref(), f.footnote),
        (Some("18"), Some("European Union"), Some(4381))
    );
    assert!(f.message.starts_with("line 1526: "), "{}", f.message);
}

#[test]
fn chapter_18_footnotes_field_by_field() {
    let Some(text) = seed(MD) else { return };
    let report = parse(&text);
    let ch = only_chapter(&report);

    let c = citation(ch, 4068);
    assert_eq!(
        c.title,
        "Worldwide Levels of Forced Displacement Hit New High: UNHCR"
    );
    assert_eq!(c.publisher.as_deref(), Some("United Nations"));
    assert_eq!(c.place.as_deref(), Some("New York City"));
    assert_eq!(c.published, Some(date(2024, 6, 12).into()));
    assert_eq!(c.accessed, Some(date(2024, 9, 8)));
    assert_eq!(
        c.url.as_deref(),
        Some("https://news.un.org/en/story/2024/06/1150981")
    );
    assert_eq!(c.note, None);
    // raw: the footnote's own line without its number, angle brackets and all.
    let line94 = text.lines().nth(93).unwrap();
    assert_eq!(
        c.raw,
        line94
            .trim_start_matches(|ch: char| !ch.is_whitespace())
            .trim()
    );

    // A note between the date and the access date.
    let c = citation(ch, 4124);
    assert_eq!(c.publisher.as_deref(), Some("France 24"));
    assert_eq!(c.note.as_deref(), Some("Translation provided by Analyst."));
    assert_eq!(c.published, Some(date(2024, 10, 30).into()));

    // n.d.: no publication date.
    let c = citation(ch, 4084);
    assert_eq!((c.title.as_str(), c.published), ("Promote", None));
    assert_eq!(c.place.as_deref(), Some("Cambridge"));
    assert_eq!(c.accessed, Some(date(2024, 9, 6)));

    // The URL alone in the next paragraph, bare.
    let c = citation(ch, 4148);
    assert_eq!(
        c.url.as_deref(),
        Some(
            "https://www.bmi.bund.de/SharedDocs/pressemitteilungen/EN/2024/09/binnengrenzkontrollen_pm2-en.html"
        )
    );
    assert_eq!(c.accessed, Some(date(2024, 11, 10)));

    // "Access date:" in lower case.
    assert_eq!(citation(ch, 4115).accessed, Some(date(2025, 3, 21)));
    // No access date at all; "Access Date:" with no date after it; no publication date.
    assert_eq!(
        (citation(ch, 4226).accessed, citation(ch, 4226).published),
        (None, Some(date(2024, 7, 24).into()))
    );
    assert_eq!(citation(ch, 4232).accessed, None);
    assert!(citation(ch, 4232).url.as_deref().is_some_and(well_formed));
    assert_eq!(citation(ch, 4300).published, None);
    // No comma between title and publisher: the publisher cannot be told apart.
    let c = citation(ch, 4105);
    assert_eq!(c.publisher, None);
    assert_eq!(c.place.as_deref(), Some("Fiuggi – Anagni"));
    // A stray full stop after the place.
    assert_eq!(citation(ch, 4107).place.as_deref(), Some("Ottawa"));
    assert_eq!(citation(ch, 4107).published, Some(date(2025, 1, 2).into()));

    for c in &ch.citations {
        let url = c
            .url
            .as_deref()
            .unwrap_or_else(|| panic!("footnote {} has no URL", c.number));
        assert!(well_formed(url), "footnote {}: {url}", c.number);
        assert!(!c.raw.contains('\n'), "{}", c.number);
    }
}

#[test]
fn chapter_19_pdf_text_layout() {
    let Some(text) = seed(PDF) else { return };
    let report = parse(&text);
    assert_eq!(report.header, None);
    let ch = only_chapter(&report);
    assert_eq!(ch.commitment.code, "19");
    assert_eq!(ch.commitment.area, "Migration and Refugees");
    assert_eq!(
        ch.commitment.title,
        "Preventing Migrant Smuggling and Trafficking"
    );
    assert_eq!(ch.commitment.source, "G7 Apulia Leaders\u{2019} Communiqué");
    assert!(
        ch.commitment
            .text
            .starts_with("In line with the UN Convention")
    );

    let expected: Vec<(&str, Verdict)> = G7
        .iter()
        .map(|m| {
            (
                *m,
                if ["United Kingdom", "United States", "European Union"].contains(m) {
                    FULL
                } else {
                    PARTIAL
                },
            )
        })
        .collect();
    let table: Vec<(&str, Verdict)> = ch
        .assessment_table
        .iter()
        .map(|r| (r.member.as_str(), r.verdict))
        .collect();
    assert_eq!(table, expected);
    assert_eq!(ch.published_average.as_deref(), Some("+0.38 (69%)"));
    let sections: Vec<(&str, Option<Verdict>, Option<Verdict>)> = ch
        .members
        .iter()
        .map(|m| (m.member.as_str(), m.heading_verdict, m.thus_verdict))
        .collect();
    assert_eq!(
        sections,
        expected
            .iter()
            .map(|(m, v)| (*m, Some(*v), Some(*v)))
            .collect::<Vec<_>>()
    );
    assert_eq!(ch.director.as_deref(), Some("Michal Gromek"));
    assert_eq!(ch.lead_analyst.as_deref(), Some("Anali Arambula Galindo"));
    // "Analyst:" after a footnote block, indented.
    assert_eq!(ch.members[2].analyst.as_deref(), Some("Ryan Do"));
    for m in &ch.members {
        assert!(
            !m.opening.is_empty() && !m.conclusion.is_empty() && m.analyst.is_some(),
            "{}",
            m.member
        );
    }

    assert_footnotes_exactly(ch, 3028..=3192);
    for s in &ch.sections {
        for p in s.text.split("\n\n") {
            assert_marked_prose(ch, p, s.kind.heading());
        }
    }
    for m in &ch.members {
        assert_marked_prose(ch, &m.opening, &m.member);
        assert_marked_prose(ch, &m.conclusion, &m.member);
    }
    // The glued plain-digit markers of the PDF text become superscripts in prose: the
    // sections cite 3028–3056, in order, and none is left as plain digits.
    let background = ch.section(SectionKind::Background).unwrap();
    assert!(
        background.text.contains("state³⁰²⁸ "),
        "{}",
        background.text
    );
    let in_sections: Vec<u32> = ch
        .sections
        .iter()
        .flat_map(|s| citing::markers_in(&s.text))
        .collect();
    assert_eq!(in_sections, (3028..=3056).collect::<Vec<_>>());
    for s in &ch.sections {
        for n in 3028..=3056 {
            assert!(!s.text.contains(&n.to_string()), "{n} left in {:?}", s.kind);
        }
    }
    let scoring = ch.section(SectionKind::ScoringGuidelines).unwrap();
    let rows: Vec<&str> = scoring
        .text
        .split("\n\n")
        .map(|r| r.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(rows, ["\u{2212}1", "0", "+1"]);

    // Every "On <date>" paragraph, whether it starts a line or a page.
    let items = evidence(ch);
    let in_seed = text
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("On ") && l[3..].starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(items.len(), 137);
    assert_eq!(items.len(), in_seed);
    assert!(items.iter().all(|e| !e.date.inferred));
    let cited: Vec<u32> = items
        .iter()
        .flat_map(|e| e.citations.iter().copied())
        .collect();
    assert!(
        cited.windows(2).all(|w| w[0] < w[1]),
        "markers come in footnote order"
    );
    for e in &items {
        assert_clean_prose(&e.text, "evidence");
        for n in &e.citations {
            assert!(
                !e.text.contains(&n.to_string()),
                "marker {n} left in {:?}",
                e.text
            );
        }
    }
    // The one evidence paragraph without a marker: its last sentence stops short in the source.
    let uncited: Vec<&&EvidenceItem> = items.iter().filter(|e| e.citations.is_empty()).collect();
    assert_eq!(uncited.len(), 1);
    assert!(
        uncited[0].text.ends_with("with small"),
        "{}",
        uncited[0].text
    );
}

#[test]
fn chapter_19_paragraphs_rejoined_whole() {
    let Some(text) = seed(PDF) else { return };
    let report = parse(&text);
    let ch = only_chapter(&report);

    // Hard line breaks; the marker glued to "trafficking.".
    let e = the_evidence(ch, "Canada", date(2024, 7, 12));
    assert_eq!(e[0].text, rebuilt(&text, &[(283, 286)], &[3057]));
    assert_eq!(e[0].citations, [3057]);
    // Interrupted by a page-end footnote block; resumes after it with a capital letter.
    let e = the_evidence(ch, "France", date(2024, 9, 30));
    assert_eq!(
        e[0].text,
        rebuilt(&text, &[(342, 344), (362, 364)], &[3064])
    );
    assert_eq!(e[0].citations, [3064]);
    let e = the_evidence(ch, "European Union", date(2024, 11, 21));
    assert_eq!(
        e[0].text,
        rebuilt(&text, &[(1481, 1483), (1505, 1507)], &[3191])
    );
    assert_eq!(e[0].citations, [3191]);
    // The Background's first paragraph: a marker glued to a word ("a state3028").
    let background = ch.section(SectionKind::Background).unwrap();
    let first = background.text.split("\n\n").next().unwrap();
    assert_eq!(
        first,
        rebuilt_marked(&text, &[(41, 51)], &[3028, 3029, 3030])
    );
    assert_eq!(citing::markers_in(first), [3028, 3029, 3030]);
    assert_eq!(
        citing::strip_markers(first),
        rebuilt(&text, &[(41, 51)], &[3028, 3029, 3030])
    );
}

#[test]
fn chapter_19_footnotes_and_urls() {
    let Some(text) = seed(PDF) else { return };
    let report = parse(&text);
    let ch = only_chapter(&report);

    // A URL broken after a hyphen: joined without a space, the hyphen kept.
    let c = citation(ch, 3057);
    assert_eq!(
        c.url.as_deref(),
        Some(
            "https://www.canada.ca/en/public-safety-canada/news/2024/07/the-2024-uscanada-cross-border-crime-forum-cbcf.html"
        )
    );
    assert_eq!(
        c.title,
        "The 2024 U.S.\u{2013}Canada Cross Border Crime Forum (CBCF)"
    );
    assert_eq!(c.publisher.as_deref(), Some("Public Safety Canada"));
    assert_eq!(c.place.as_deref(), Some("Ottawa"));
    assert_eq!(c.published, Some(date(2024, 7, 12).into()));
    assert_eq!(c.accessed, Some(date(2024, 9, 20)));
    assert_eq!(c.note, None);
    assert!(
        !c.raw.contains('\n') && c.raw.starts_with("The 2024 U.S.") && c.raw.ends_with("cbcf.html")
    );

    // Broken over three lines, after "-" and after "/"; mid-word; after "-" before "_".
    assert_eq!(
        citation(ch, 3053).url.as_deref(),
        Some("https://www.merriam-webster.com/dictionary/smuggle")
    );
    assert_eq!(
        citation(ch, 3078).url.as_deref(),
        Some(
            "https://www.bundesregierung.de/resource/blob/992814/2295276/b5e9e128f9d0909349fd9a57f04cbe69/2024-07-02-deu-pol-aktionsplan-de-data.pdf"
        )
    );
    assert!(
        citation(ch, 3162)
            .url
            .as_deref()
            .is_some_and(|u| u.contains("challenges_-_Europol"))
    );
    assert_eq!(
        citation(ch, 3058).url.as_deref(),
        Some("https://laws-lois.justice.gc.ca/eng/acts/c-46/page-43.html")
    );
    assert_eq!(citation(ch, 3058).place.as_deref(), Some("n/a"));
    // A month without a day is kept as a month: footnotes 3078 and 3162 say "July 2024".
    for n in [3078, 3162] {
        let c = citation(ch, n);
        assert_eq!(c.published, PartialDate::of_month(2024, 7), "{n}");
        assert_eq!(
            c.published.map(|d| d.to_string()).as_deref(),
            Some("2024-07")
        );
        assert!(c.raw.contains(") July 2024."), "{}", c.raw);
    }
    let months: Vec<u32> = ch
        .citations
        .iter()
        .filter(|c| c.published.is_some_and(|d| d.date().is_none()))
        .map(|c| c.number)
        .collect();
    assert_eq!(months, [3078, 3162]);

    // A footnote number glued to the first word, an American date, "2024.Access", no full stop.
    let c = citation(ch, 3115);
    assert!(c.title.starts_with('\u{2018}'), "{}", c.title);
    assert_eq!(c.publisher.as_deref(), Some("The Guardian"));
    assert_eq!(c.published, Some(date(2024, 8, 23).into()));
    assert_eq!(c.accessed, Some(date(2024, 12, 10)));

    // A note on its own line; publishers with commas or hyphens broken across lines.
    let c = citation(ch, 3065);
    assert_eq!(c.note.as_deref(), Some("Translation provided by Analyst."));
    assert_eq!(c.place.as_deref(), Some("Paris"));
    assert_eq!(c.published, Some(date(2024, 10, 3).into()));
    assert_eq!(
        citation(ch, 3152).publisher.as_deref(),
        Some("Directorate-General for Migration and Home Affairs")
    );
    assert_eq!(
        citation(ch, 3126).publisher.as_deref(),
        Some("Foreign, Commonwealth & Development Office")
    );
    assert_eq!(citation(ch, 3112).accessed, None);

    // The two defective URLs of the source are kept exactly as printed.
    assert_eq!(
        citation(ch, 3100).url.as_deref(),
        Some("ttps://www.poliziadistato.it/articolo/1996670f7a1e535af196996647")
    );
    assert_eq!(
        citation(ch, 3124).url.as_deref(),
        Some("https://www.gulbenkian.co.uk/new-immigration-rules-uk-2021-for-illegal immigrants")
    );
    let malformed: Vec<u32> = ch
        .citations
        .iter()
        .filter(|c| !c.url.as_deref().is_some_and(well_formed))
        .map(|c| c.number)
        .collect();
    assert_eq!(malformed, [3100, 3124]);
}

#[test]
fn both_seeds_as_one_file_and_as_bytes() {
    let (Some(md), Some(pdf)) = (seed(MD), seed(PDF)) else {
        return;
    };
    let joined = format!("{md}\n\n{pdf}");
    let report = parse_report_bytes(joined.as_bytes(), &ParseOptions::default()).expect("parses");
    let codes: Vec<&str> = report
        .chapters
        .iter()
        .map(|c| c.commitment.code.as_str())
        .collect();
    assert_eq!(codes, ["18", "19"]);
    assert_eq!(report.chapters[0], *only_chapter(&parse(&md)));
    assert_eq!(report.chapters[1].citations.len(), 165);
    assert_eq!(evidence(&report.chapters[1]).len(), 137);
    // Chapter 19's front matter (quotations) follows chapter 18's last section: reported, not
    // kept. The one other warning is chapter 18's broken sentence.
    assert!(!report.warnings.is_empty());
    for w in &report.warnings {
        assert!(
            w.message.contains("left out") || w.code == Some(FindingCode::ParagraphBreakInSentence),
            "{w}"
        );
    }

    // An explicit period wins over the header's.
    let shifted = ParseOptions {
        period: Some(Period::parse("2025-06-15..2026-05-15").unwrap()),
    };
    let report = parse_report(&md, &shifted).unwrap();
    let inferred: Vec<Date> = evidence(&report.chapters[0])
        .iter()
        .filter(|e| e.date.inferred)
        .map(|e| e.date.date)
        .collect();
    assert_eq!(inferred, [date(2025, 12, 17), date(2026, 3, 12)]);

    let narrative = report.chapters[0]
        .members
        .iter()
        .flat_map(|m| m.body.iter())
        .filter(|p| matches!(p, BodyParagraph::Narrative { .. }))
        .count();
    assert_eq!(narrative, 0);
}
