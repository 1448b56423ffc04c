//! Our own invented chapters (tests/fixtures), one per layout: a G20-sized member list, a −1
//! with a typographic minus, n/a, a year-less date, paragraphs interrupted by footnote blocks,
//! glued footnote numbers, defective URLs, and a stated average that disagrees with the scores.

use jiff::civil::date;
use pledgewatch_domain::{
    Average, BodyParagraph, Chapter, Citation, CycleKind, EvidenceItem, PercentConvention, Period,
    Score, SectionKind, Verdict, citing,
};
use pledgewatch_ingest::{
    IngestError, ParseOptions, ParsedReport, parse_report, parse_report_bytes,
};

pub const G20_MARKDOWN: &str = include_str!("../fixtures/g20_markdown.txt");
pub const G7_PDF_TEXT: &str = include_str!("../fixtures/g7_pdftext.txt");

const FULL: Verdict = Verdict::Scored(Score::Full);
const PARTIAL: Verdict = Verdict::Scored(Score::Partial);
const NONE: Verdict = Verdict::Scored(Score::NoCompliance);

pub fn pdf_period() -> ParseOptions {
    ParseOptions {
        period: Some(Period::parse("2031-01-01..2031-07-31").unwrap()),
    }
}

fn chapter(report: &ParsedReport) -> &Chapter {
    assert_eq!(report.chapters.len(), 1);
    &report.chapters[0]
}

fn cite(ch: &Chapter, n: u32) -> &Citation {
    ch.citations.iter().find(|c| c.number == n).unwrap()
}

fn evidence_of<'c>(ch: &'c Chapter, member: &str) -> Vec<&'c EvidenceItem> {
    ch.members
        .iter()
        .find(|m| m.member == member)
        .unwrap_or_else(|| panic!("no section for {member}"))
        .evidence()
        .collect()
}

/// The average the table's scores give, as a report would print it.
fn computed_average(ch: &Chapter) -> String {
    Average::of_scores(ch.assessment_table.iter().filter_map(|r| r.verdict.score()))
        .unwrap()
        .published_line(PercentConvention::Rescaled)
}

#[test]
fn g20_markdown_chapter() {
    let report = parse_report(G20_MARKDOWN, &ParseOptions::default()).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let header = report.header.as_ref().unwrap();
    assert_eq!(
        header.title,
        "2031 G20 Lumenport Summit Interim Compliance Report"
    );
    assert_eq!(header.cycle_name, "2031 G20 Lumenport Summit Interim");
    assert_eq!(header.kind, Some(CycleKind::Interim));
    assert_eq!(
        header.period,
        Some(Period::parse("2030-12-01..2031-06-30").unwrap())
    );

    // The contents list has the heading's shape too; only the chapter itself counts.
    let ch = chapter(&report);
    assert_eq!(
        (
            ch.commitment.code.as_str(),
            ch.commitment.area.as_str(),
            ch.commitment.title.as_str()
        ),
        ("7", "Trade", "Resilient Ports")
    );
    assert_eq!(
        ch.commitment.text,
        "We will strengthen the resilience of our ports and maritime supply chains, working with port cities and with the private sector."
    );
    assert_eq!(
        ch.commitment.source,
        "Lumenport G20 Leaders\u{2019} Declaration"
    );

    let expected = [
        ("Argentina", PARTIAL),
        ("Australia", FULL),
        ("Brazil", PARTIAL),
        ("Canada", FULL),
        ("China", NONE),
        ("France", FULL),
        ("Germany", FULL),
        ("India", PARTIAL),
        ("Indonesia", PARTIAL),
        ("Italy", FULL),
        ("Japan", FULL),
        ("Mexico", PARTIAL),
        ("Republic of Korea", FULL),
        ("Russia", NONE),
        ("Saudi Arabia", Verdict::NotApplicable),
        ("South Africa", PARTIAL),
        ("Türkiye", PARTIAL),
        ("United Kingdom", FULL),
        ("United States", PARTIAL),
        ("African Union", PARTIAL),
        ("European Union", FULL),
    ];
    let table: Vec<(&str, Verdict)> = ch
        .assessment_table
        .iter()
        .map(|r| (r.member.as_str(), r.verdict))
        .collect();
    assert_eq!(table, expected);
    assert_eq!(ch.published_average.as_deref(), Some("+0.35 (68%)"));
    assert_eq!(computed_average(ch), "+0.35 (68%)");
    assert_eq!(ch.member_names(), expected.map(|(m, _)| m.to_string()));

    for (m, (name, verdict)) in ch.members.iter().zip(expected) {
        assert_eq!(m.member, name);
        assert_eq!(m.heading_verdict, Some(verdict), "{name}");
        let thus = if name == "Saudi Arabia" {
            None
        } else {
            Some(verdict)
        };
        assert_eq!(m.thus_verdict, thus, "{name}");
    }
    let saudi = &ch.members[14];
    assert!(saudi.opening.starts_with("Saudi Arabia is not assessed"));
    assert!(saudi.body.is_empty() && saudi.conclusion.is_empty());
    assert_eq!(saudi.analyst.as_deref(), Some("Ravi Castellanos"));

    // The EU's Thus sentence ends its conclusion.
    let eu = &ch.members[20];
    assert_eq!(
        eu.conclusion,
        "The European Union has fully complied with its commitment."
    );
    assert_eq!(eu.thus_verdict, Some(FULL));

    assert_eq!(ch.director.as_deref(), Some("Ilse Varga"));
    assert_eq!(ch.lead_analyst.as_deref(), Some("Joaquín Abara"));
    assert_eq!(ch.members[0].analyst.as_deref(), Some("Maëlle O'Connor"));
    assert_eq!(
        ch.members[3].analyst.as_deref(),
        Some("Maëlle O\u{2019}Connor")
    );

    assert_eq!(
        ch.sections.iter().map(|s| s.kind).collect::<Vec<_>>(),
        SectionKind::ALL
    );
    // Prose keeps its superscript markers as written.
    let background = &ch.section(SectionKind::Background).unwrap().text;
    assert_eq!(
        background,
        "Port resilience first appeared in a leaders\u{2019} text at the 2027 Harbourside Summit, where members agreed to share information on congestion and on closures caused by storms.⁵⁰¹\n\nAt the 2029 Greywater Summit, members asked their transport ministers to report on the state of their largest ports.⁵⁰²"
    );
    assert_eq!(citing::markers_in(background), [501, 502]);
    assert_eq!(
        citing::markers_in(
            &ch.section(SectionKind::DefinitionsAndConcepts)
                .unwrap()
                .text
        ),
        [503]
    );
    assert_eq!(
        ch.section(SectionKind::ScoringGuidelines).unwrap().text,
        "\u{2212}1 The G20 member has taken no action, or only weak action in one of the two parts.\n\n0 The G20 member has taken strong action in one part, or weak action in both.\n\n+1 The G20 member has taken strong action in both parts."
    );

    // Interrupted by a footnote block, resuming in lower case.
    let canada = evidence_of(ch, "Canada");
    assert_eq!(
        canada[0].text,
        "On 11 March 2031, the port authority of Canada opened a cold-chain inspection hall that shortens the clearance of medical cargo and reduces spoilage at the border. The hall was paid for jointly with two provinces."
    );
    assert_eq!(canada[0].citations, [507]);
    // Interrupted by a footnote block, resuming with a capital (the sentence had not ended).
    assert_eq!(
        evidence_of(ch, "Brazil")[0].text,
        "On 8 February 2031, the port authority of Brazil signed a twinning agreement with the Port of Montevideo to share berth data and storm warnings."
    );
    // Split by a blank line only.
    assert_eq!(
        evidence_of(ch, "France")[0].text,
        "On 17 May 2031, the transport ministry of France launched a dredging programme to bolster the capacity of three river ports and keep their channels open in dry summers."
    );
    // A year-less date, resolved from the header's period and flagged.
    let korea = evidence_of(ch, "Republic of Korea");
    assert_eq!(korea[0].date.date, date(2031, 3, 9));
    assert!(korea[0].date.inferred);
    let inferred = ch
        .members
        .iter()
        .flat_map(|m| m.evidence())
        .filter(|e| e.date.inferred)
        .count();
    assert_eq!(inferred, 1);
    // An undated paragraph is narrative, with its citation.
    let germany = ch.members.iter().find(|m| m.member == "Germany").unwrap();
    assert!(matches!(
        &germany.body[1],
        BodyParagraph::Narrative { text, citations } if text.starts_with("In addition,") && citations == &[511]
    ));
    assert_eq!(
        germany.conclusion,
        "Germany has fully complied with its commitment."
    );

    // Footnotes 501–525 with every field.
    assert_eq!(
        ch.citations.iter().map(|c| c.number).collect::<Vec<_>>(),
        (501..=525).collect::<Vec<_>>()
    );
    let c = cite(ch, 509);
    assert_eq!(c.title, "Dredging programme");
    assert_eq!(c.publisher.as_deref(), Some("Ministry of Transport"));
    assert_eq!(c.place.as_deref(), Some("Capital"));
    assert_eq!(c.published, Some(date(2031, 5, 17).into()));
    assert_eq!(c.accessed, Some(date(2031, 5, 20)));
    assert_eq!(
        c.url.as_deref(),
        Some("https://example.org/france/dredging")
    );
    assert_eq!(c.note.as_deref(), Some("Translation provided by Analyst."));
    assert_eq!(
        c.raw,
        "Dredging programme, Ministry of Transport (Capital) 17 May 2031. Translation provided by Analyst. Access Date: 20 May 2031. <https://example.org/france/dredging>"
    );
    let c = cite(ch, 503);
    assert_eq!((c.published, c.accessed), (None, Some(date(2031, 1, 3))));
    assert_eq!(
        c.url.as_deref(),
        Some("https://example.org/dictionary/resilience")
    );
    // The URL alone in the paragraph after the footnote.
    assert_eq!(
        cite(ch, 513).url.as_deref(),
        Some("https://example.org/indonesia/plan")
    );
}

#[test]
fn g7_pdf_text_chapter() {
    let report = parse_report(G7_PDF_TEXT, &pdf_period()).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.header, None);
    let ch = chapter(&report);
    assert_eq!(
        (
            ch.commitment.code.as_str(),
            ch.commitment.area.as_str(),
            ch.commitment.title.as_str()
        ),
        ("12", "Health", "Clinic Readiness")
    );
    assert_eq!(
        ch.commitment.text,
        "We will make primary clinics ready for the next outbreak, with trained staff, stocked supplies and tested plans, and we will help partner countries do the same."
    );
    assert_eq!(
        ch.commitment.source,
        "Riverside G7 Health Ministers\u{2019} Communiqué"
    );

    let expected = [
        ("Canada", FULL),
        ("France", PARTIAL),
        ("Germany", NONE),
        ("Italy", PARTIAL),
        ("Japan", FULL),
        ("United Kingdom", FULL),
        ("United States", PARTIAL),
        ("European Union", FULL),
    ];
    let table: Vec<(&str, Verdict)> = ch
        .assessment_table
        .iter()
        .map(|r| (r.member.as_str(), r.verdict))
        .collect();
    assert_eq!(table, expected);
    // The stated average is kept as printed, though the scores give another.
    assert_eq!(ch.published_average.as_deref(), Some("+0.50 (75%)"));
    assert_eq!(computed_average(ch), "+0.38 (69%)");
    for (m, (name, verdict)) in ch.members.iter().zip(expected) {
        assert_eq!(
            (m.member.as_str(), m.heading_verdict, m.thus_verdict),
            (name, Some(verdict), Some(verdict))
        );
    }
    assert_eq!(
        ch.members[2].analyst.as_deref(),
        Some("Leopold d\u{2019}Amato"),
        "indented, after a block"
    );
    assert_eq!(ch.members[5].analyst.as_deref(), Some("Ines Halvorsen"));
    assert_eq!(ch.director.as_deref(), Some("Hollis Varga-Ng"));
    assert_eq!(ch.lead_analyst.as_deref(), Some("Aiko Brennan-Sato"));

    // Background: glued markers (a word, a full stop) become superscripts, numbers that are not
    // markers (G7, USD150, 2030-2031) stay, and a paragraph resumes after a footnote block in
    // lower case.
    let background = &ch.section(SectionKind::Background).unwrap().text;
    assert_eq!(
        background,
        "Clinic readiness became a standing item after the 2028 outbreak, when members found that a third of their primary clinics could not isolate a patient within an hour.⁸⁰¹ At the 2029 Lakeside Summit, the G7 asked its health ministers to agree on what a ready clinic needs, from a stock of masks to a tested plan for moving patients.⁸⁰² The ministers answered with a checklist of ten items that members would report on every year, and with a fund of USD150 million for partner countries in 2030-2031.⁸⁰³ The checklist was revised once, after a review found that clinics in remote areas could not meet the staffing item without help.⁸⁰⁴"
    );
    assert_eq!(citing::markers_in(background), [801, 802, 803, 804]);
    assert_eq!(
        ch.section(SectionKind::DefinitionsAndConcepts)
            .unwrap()
            .text,
        format!(
            "\u{201c}Ready\u{201d} is understood to mean \u{201c}able to act at once when needed.\u{201d}{}\n\n\u{201c}Primary clinic\u{201d} is understood to mean the first place a patient goes for care, outside a hospital.{}",
            citing::marker(805),
            citing::marker(806)
        )
    );
    assert_eq!(
        ch.section(SectionKind::GeneralInterpretiveGuidelines)
            .unwrap()
            .text,
        "Strong action includes new funding for clinics, drills with a clinic network, or a stock of supplies delivered to clinics,⁸⁰⁷ and help to a partner country with money or staff. Weak action includes statements and meetings."
    );
    assert_eq!(
        ch.section(SectionKind::ScoringGuidelines).unwrap().text,
        "\u{2212}1 The G7 member has taken no action, or only weak action in one part.\n\n0 The G7 member has taken strong action in one part, or weak action in both parts.\n\n+1 The G7 member has taken strong action in both parts."
    );

    let canada = evidence_of(ch, "Canada");
    assert_eq!(canada.len(), 2);
    assert_eq!(
        canada[1].text,
        "On 3 March 2031, the health agency of Canada signed a partnership with the regional health agency of Nova Scotia to train 200 clinic nurses in two partner countries."
    );
    assert_eq!(canada[1].citations, [809]);
    assert_eq!(
        evidence_of(ch, "France")[0].text,
        "On 20 January 2031, the health ministry of France delivered a stock of masks and test kits to 1.5 thousand clinics."
    );
    let japan = evidence_of(ch, "Japan");
    assert_eq!(
        (japan[0].date.date, japan[0].date.inferred),
        (date(2031, 2, 14), true)
    );
    assert_eq!(
        (japan[1].date.date, japan[1].date.inferred),
        (date(2031, 5, 5), false)
    );
    assert_eq!(japan[1].citations, [814]);

    assert_eq!(
        ch.citations.iter().map(|c| c.number).collect::<Vec<_>>(),
        (801..=817).collect::<Vec<_>>()
    );
    // Number glued to the first word; URL broken after a hyphen.
    let c = cite(ch, 803);
    assert_eq!(c.title, "Readiness Checklist and Partner Fund");
    assert_eq!(
        c.accessed,
        Some(date(2031, 1, 5)),
        "\"Access\" and \"Date:\" on two lines"
    );
    assert_eq!(
        c.url.as_deref(),
        Some("https://example.org/archive/2029/readiness-checklist-and-partner-fund.html")
    );
    // A date wrapped between day and month; URLs broken after "/" and mid-word.
    assert_eq!(cite(ch, 804).published, Some(date(2030, 9, 12).into()));
    assert_eq!(
        cite(ch, 804).url.as_deref(),
        Some("https://example.org/archive/2030/checklist-revision")
    );
    assert_eq!(
        cite(ch, 805).url.as_deref(),
        Some("https://example.org/dictionary/ready")
    );
    assert_eq!(
        cite(ch, 808).url.as_deref(),
        Some("https://example.org/canada/2031/01/readiness-drill-in-40-clinics")
    );
    assert_eq!(cite(ch, 808).place.as_deref(), Some("Capital City"));
    // An American date glued to "Access"; no full stop before the URL.
    let c = cite(ch, 810);
    assert_eq!(
        (c.published, c.accessed),
        (Some(date(2031, 2, 1).into()), Some(date(2031, 3, 2)))
    );
    assert_eq!(
        c.url.as_deref(),
        Some("https://example.org/france/2031/masks")
    );
    // A note broken across lines, and two defective URLs kept as printed.
    let c = cite(ch, 811);
    assert_eq!(c.note.as_deref(), Some("Translation provided by Analyst."));
    assert_eq!(
        c.url.as_deref(),
        Some("ttps://example.org/germany/readiness-office")
    );
    assert_eq!(
        cite(ch, 815).url.as_deref(),
        Some("https://example.org/uk/drills in-clinics")
    );
    assert_eq!(
        cite(ch, 803).raw,
        "Readiness Checklist and Partner Fund, Example Health Archive (Riverside) 30 September 2029. Access Date: 5 January 2031. https://example.org/archive/2029/readiness-checklist-and-partner-fund.html"
    );
}

#[test]
fn a_year_less_date_needs_a_period() {
    let e = parse_report(G7_PDF_TEXT, &ParseOptions::default()).unwrap_err();
    assert_eq!(
        e,
        IngestError::YearlessDate {
            line: 154,
            found: "14 February".into()
        }
    );
    let message = e.to_string();
    assert!(
        message.starts_with("line 154: the date `14 February` has no year"),
        "{message}"
    );
}

#[test]
fn several_chapters_in_one_file() {
    let joined = format!("{G20_MARKDOWN}\n{G7_PDF_TEXT}");
    let report = parse_report_bytes(joined.as_bytes(), &ParseOptions::default()).unwrap();
    let codes: Vec<&str> = report
        .chapters
        .iter()
        .map(|c| c.commitment.code.as_str())
        .collect();
    assert_eq!(codes, ["7", "12"]);
    // The header's period resolves the second chapter's year-less date too.
    let japan = evidence_of(&report.chapters[1], "Japan");
    assert_eq!(japan[0].date.date, date(2031, 2, 14));
    // Each chapter is read in its own layout.
    assert_eq!(report.chapters[0].citations.len(), 25);
    assert_eq!(report.chapters[1].citations.len(), 17);
    let alone = parse_report(G7_PDF_TEXT, &pdf_period()).unwrap();
    assert_eq!(report.chapters[1], alone.chapters[0]);
    // The PDF file's front matter (an epigraph) lands after the G20 chapter's last section.
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    assert!(report.warnings[0].to_string().starts_with("line "));
}
