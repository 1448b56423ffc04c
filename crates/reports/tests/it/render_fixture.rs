//! Reports for the renderer tests: the two seed chapters as one cycle (when the seeds are
//! present), and a small invented cycle with every kind of cell.

use jiff::civil::date;
use pledgewatch_domain::citing::marker;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, Cycle, EvidenceDate, EvidenceItem, MemberSection,
    PercentConvention, Period, Score, Section, SectionKind, TableRow, Verdict,
};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_reports::{Report, ReportOptions};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");

pub const G7: [&str; 8] = [
    "Canada",
    "France",
    "Germany",
    "Italy",
    "Japan",
    "United Kingdom",
    "United States",
    "European Union",
];

fn apulia() -> Cycle {
    Cycle {
        name: "2024 G7 Apulia Summit Final".into(),
        kind: None,
        period: Some(Period::parse("2024-06-15..2025-05-15").expect("a period")),
        convention: PercentConvention::Rescaled,
        institution: Some("G7".into()),
        summit: Some("2024 Apulia Summit".into()),
    }
}

/// Chapters 18 and 19 of the seeds, in that order; `None` (said plainly) without the seeds.
pub fn seed_chapters(test: &str) -> Option<Vec<Chapter>> {
    let opts = ParseOptions {
        period: Some(Period::parse("2024-06-15..2025-05-15").expect("a period")),
    };
    let mut chapters = Vec::new();
    for file in ["000_1b5db1f3beaa7658.txt", "001_be85ca2343117b4d.txt"] {
        let path = format!("{SEEDS}/{file}");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{test}: skipped, the seeds are not at {SEEDS} ({file} missing)");
            return None;
        };
        let parsed = parse_report(&text, &opts).expect("the seed parses");
        chapters.extend(parsed.chapters);
    }
    chapters.sort_by_key(|c| c.commitment.code.parse::<u32>().unwrap_or(u32::MAX));
    Some(chapters)
}

/// The seed report with footnotes from `first`.
pub fn seed_report(test: &str, first: u32) -> Option<Report> {
    let chapters = seed_chapters(test)?;
    let options = ReportOptions {
        first_footnote: first,
        title: None,
        prepared_by: Some("Invented Research Group".into()),
        published_on: Some(date(2025, 6, 9)),
    };
    Some(Report::new(&apulia(), &chapters, &options).expect("the footnotes fit"))
}

fn citation(n: u32, url: &str) -> Citation {
    Citation {
        number: n,
        title: format!("Invented source {n}"),
        publisher: Some("Ministry of Examples".into()),
        place: Some("Capital".into()),
        published: Some(date(2024, 7, 1).into()),
        accessed: Some(date(2024, 9, 1)),
        url: Some(url.into()),
        note: None,
        raw: format!(
            "Invented source {n}, Ministry of Examples (Capital) 1 July 2024. Access Date: 1 September 2024. {url}"
        ),
    }
}

fn chapter(code: &str, title: &str, verdicts: [Verdict; 8], first: u32) -> Chapter {
    let mut citations = Vec::new();
    let mut next = first;
    let members = G7
        .iter()
        .zip(verdicts)
        .filter(|(_, v)| *v != Verdict::NotAssessed)
        .map(|(m, v)| {
            // Two items written out of date order: the later one first.
            let body = [(9, 20), (7, 4)]
                .into_iter()
                .map(|(month, day)| {
                    let n = next;
                    next += 1;
                    citations.push(citation(n, &format!("https://example.org/{code}/{n}")));
                    BodyParagraph::Evidence(EvidenceItem {
                        date: EvidenceDate {
                            date: date(2024, month, day),
                            inferred: false,
                        },
                        text: format!(
                            "On {day} {} 2024, the government of {m} announced an invented measure.{}",
                            if month == 9 { "September" } else { "July" },
                            marker(n)
                        ),
                        citations: vec![n],
                    })
                })
                .collect();
            MemberSection {
                member: (*m).into(),
                heading_verdict: Some(v),
                thus_verdict: Some(v),
                opening: format!("{m} acted on this invented commitment."),
                body,
                conclusion: format!("In sum, {m} did what the invented record shows."),
                analyst: Some("Ada Example".into()),
            }
        })
        .collect();
    Chapter {
        commitment: Commitment {
            code: code.into(),
            area: "Invented Policy".into(),
            title: title.into(),
            text: "We will do invented things together.".into(),
            source: "Invented Leaders' Communiqué".into(),
        },
        sections: SectionKind::ALL
            .into_iter()
            .map(|kind| Section {
                kind,
                text: "An invented paragraph.\n\nA second one.".into(),
            })
            .collect(),
        director: Some("Dana Director".into()),
        lead_analyst: Some("Lee Lead".into()),
        assessment_table: G7
            .iter()
            .zip(verdicts)
            .map(|(m, verdict)| TableRow {
                member: (*m).into(),
                verdict,
            })
            .collect(),
        published_average: None,
        members,
        citations,
    }
}

/// Two invented chapters over the G7: a −1, an n/a and a not-yet-assessed cell among them.
pub fn invented_chapters() -> Vec<Chapter> {
    use Score::*;
    use Verdict::*;
    vec![
        chapter(
            "1",
            "Invented Borders",
            [
                Scored(Full),
                Scored(Partial),
                Scored(NoCompliance),
                NotApplicable,
                Scored(Full),
                Scored(Partial),
                Scored(Full),
                NotAssessed,
            ],
            1,
        ),
        chapter("2", "Invented Cooperation", [Scored(Full); 8], 100),
    ]
}

pub fn invented_cycle(name: &str) -> Cycle {
    Cycle {
        name: name.into(),
        kind: None,
        period: Some(Period::parse("2024-06-15..2025-05-15").expect("a period")),
        convention: PercentConvention::Rescaled,
        institution: Some("G7".into()),
        summit: None,
    }
}

pub fn invented_report() -> Report {
    Report::new(
        &invented_cycle("Invented Final"),
        &invented_chapters(),
        &ReportOptions::default(),
    )
    .expect("the footnotes fit")
}

/// A minimal XML well-formedness check: tags balance, attributes are quoted, no bare `&` or `<`.
/// Enough for the hand-written SVG (no comments, CDATA or processing instructions).
pub fn assert_well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt]);
        let gt = rest[lt..].find('>').expect("every tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().expect("a closing tag has an opening one");
            assert_eq!(open, name.trim(), "tags nest");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body
                .split_whitespace()
                .next()
                .expect("a tag name")
                .to_string();
            assert_eq!(
                body.matches('"').count() % 2,
                0,
                "attributes are quoted: {tag}"
            );
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[gt + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

fn check_text(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        let end = entity.find(';').expect("an entity ends with `;`");
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&&entity[..=end]),
            "unknown entity {}",
            &entity[..=end]
        );
    }
    assert!(!text.contains('>'), "a bare `>` in text");
}
