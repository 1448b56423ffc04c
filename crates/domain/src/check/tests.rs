//! One small invented chapter, broken one way per test.

use jiff::civil::date;

use super::*;
use crate::average::PercentConvention;
use crate::citing::marker;
use crate::model::{
    BodyParagraph, Citation, Commitment, EvidenceDate, EvidenceItem, MemberSection, Period,
    Section, SectionKind, TableRow,
};
use crate::score::Score;

fn cycle() -> Cycle {
    Cycle {
        name: "2030 Invented Summit Final".to_string(),
        kind: None,
        period: Some(Period::parse("2030-06-15..2031-05-15").unwrap()),
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    }
}

fn citation(n: u32) -> Citation {
    Citation {
        number: n,
        title: format!("Source {n}"),
        publisher: Some("Ministry of Examples".to_string()),
        place: Some("Exampleton".to_string()),
        published: Some(date(2030, 7, 1).into()),
        accessed: Some(date(2030, 8, 1)),
        url: Some(format!("https://www.example.org/news/{n}")),
        note: None,
        raw: format!("Source {n}, Ministry of Examples (Exampleton) 1 July 2030."),
    }
}

fn evidence(day: i8, cites: &[u32]) -> BodyParagraph {
    BodyParagraph::Evidence(EvidenceItem {
        date: EvidenceDate {
            date: date(2030, 7, day),
            inferred: false,
        },
        text: format!("On {day} July 2030, something was done."),
        citations: cites.to_vec(),
    })
}

fn member(name: &str, score: Score, body: Vec<BodyParagraph>, analyst: &str) -> MemberSection {
    MemberSection {
        member: name.to_string(),
        heading_verdict: Some(Verdict::Scored(score)),
        thus_verdict: Some(Verdict::Scored(score)),
        opening: format!("{name} has complied."),
        body,
        conclusion: format!("Thus, {name} receives a score of {}.", score.published()),
        analyst: Some(analyst.to_string()),
    }
}

/// Footnote 1 is cited in Background, 2 in Canada's opening, 3–4 in evidence, 5 in an undated
/// paragraph. Canada +1, France 0: `+0.50 (75%)`.
fn chapter() -> Chapter {
    let mut canada = member(
        "Canada",
        Score::Full,
        vec![evidence(4, &[3])],
        "Olivier d'Aragon Flores",
    );
    canada.opening.push_str(&marker(2));
    let france = member(
        "France",
        Score::Partial,
        vec![
            evidence(9, &[4]),
            BodyParagraph::Narrative {
                text: "France also said more.".to_string(),
                citations: vec![5],
            },
        ],
        "Maya Tran",
    );
    Chapter {
        commitment: Commitment {
            code: "7".to_string(),
            area: "Oceans".to_string(),
            title: "Plastic Litter".to_string(),
            text: "We commit to reduce plastic litter.".to_string(),
            source: "Invented Communiqué".to_string(),
        },
        sections: vec![Section {
            kind: SectionKind::Background,
            text: format!("Leaders first spoke of litter in 2020.{}", marker(1)),
        }],
        director: Some("Grace Hopper".to_string()),
        lead_analyst: Some("Alan Turing*".to_string()),
        assessment_table: vec![
            TableRow {
                member: "Canada".to_string(),
                verdict: Verdict::Scored(Score::Full),
            },
            TableRow {
                member: "France".to_string(),
                verdict: Verdict::Scored(Score::Partial),
            },
        ],
        published_average: Some("+0.50 (75%)".to_string()),
        members: vec![canada, france],
        citations: (1..=5).map(citation).collect(),
    }
}

fn codes(findings: &[Finding]) -> Vec<(&'static str, Option<&str>, Option<u32>)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.member.as_deref(), f.footnote))
        .collect()
}

fn check(chapter: &Chapter) -> Vec<Finding> {
    check_cycle(&cycle(), std::slice::from_ref(chapter))
}

#[test]
fn a_sound_chapter_has_no_findings() {
    let findings = check(&chapter());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn score_mismatch_between_heading_thus_and_table() {
    let mut ch = chapter();
    ch.members[1].thus_verdict = Some(Verdict::Scored(Score::NoCompliance));
    let findings = check(&ch);
    assert_eq!(codes(&findings), [("score-mismatch", Some("France"), None)]);
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(
        findings[0].message,
        "the scores disagree: Assessment table 0, heading 0, \"Thus\" sentence \u{2212}1"
    );
    assert!(has_errors(&findings));
}

#[test]
fn member_missing_either_way() {
    let mut ch = chapter();
    ch.assessment_table.push(TableRow {
        member: "Japan".to_string(),
        verdict: Verdict::Scored(Score::Full),
    });
    // An n/a member needs no section.
    ch.assessment_table.push(TableRow {
        member: "Italy".to_string(),
        verdict: Verdict::NotApplicable,
    });
    ch.assessment_table.remove(1);
    ch.published_average = Some("+1.00 (100%)".to_string());
    let findings = check(&ch);
    assert_eq!(
        codes(&findings),
        [
            ("member-missing", Some("France"), None),
            ("member-missing", Some("Japan"), None),
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn member_names_match_across_spellings() {
    let mut ch = chapter();
    ch.assessment_table[0].member = "The United Kingdom".to_string();
    ch.members[0].member = "United Kingdom".to_string();
    assert!(check(&ch).is_empty());
}

#[test]
fn average_mismatch_and_accepted_spellings() {
    let mut ch = chapter();
    for ok in ["+0.50 (75%)", "Average +0.50 (75 %)", " +0.50  (75%) "] {
        ch.published_average = Some(ok.to_string());
        assert!(check(&ch).is_empty(), "{ok}");
    }
    ch.published_average = Some("+0.38 (69%)".to_string());
    let findings = check(&ch);
    assert_eq!(codes(&findings), [("average-mismatch", None, None)]);
    assert_eq!(
        findings[0].message,
        "the published average is `+0.38 (69%)` but the scores give `+0.50 (75%)`"
    );

    // Negative averages: ASCII hyphen and typographic minus both match.
    ch.assessment_table[0].verdict = Verdict::Scored(Score::NoCompliance);
    ch.members[0].heading_verdict = Some(Verdict::Scored(Score::NoCompliance));
    ch.members[0].thus_verdict = Some(Verdict::Scored(Score::NoCompliance));
    for ok in ["-0.50 (25%)", "\u{2212}0.50 (25%)", "\u{2013}0.50 (25%)"] {
        ch.published_average = Some(ok.to_string());
        assert!(check(&ch).is_empty(), "{ok}");
    }
    ch.published_average = Some("+0.50 (25%)".to_string());
    assert_eq!(codes(&check(&ch)), [("average-mismatch", None, None)]);

    // The legacy convention prints average × 100.
    let mut legacy = cycle();
    legacy.convention = PercentConvention::Legacy;
    ch.published_average = Some("\u{2212}0.50 (-50%)".to_string());
    assert!(check_cycle(&legacy, std::slice::from_ref(&ch)).is_empty());
}

#[test]
fn average_with_nothing_scored() {
    let mut ch = chapter();
    for r in &mut ch.assessment_table {
        r.verdict = Verdict::NotApplicable;
    }
    for m in &mut ch.members {
        m.heading_verdict = Some(Verdict::NotApplicable);
        m.thus_verdict = None;
    }
    let findings = check(&ch);
    assert_eq!(codes(&findings), [("average-mismatch", None, None)]);
}

#[test]
fn footnote_cited_but_not_defined() {
    let mut ch = chapter();
    ch.citations.retain(|c| c.number != 4);
    let findings = check(&ch);
    assert_eq!(
        codes(&findings),
        [("footnote-missing", Some("France"), Some(4))]
    );
    assert_eq!(
        findings[0].message,
        "footnote 4 is cited in France's paragraph 1 but not defined"
    );
}

#[test]
fn footnote_numbering_gap() {
    let mut ch = chapter();
    for n in [8, 9] {
        ch.citations.push(citation(n));
    }
    ch.members[1]
        .conclusion
        .push_str(&(marker(8) + " " + &marker(9)));
    let findings = check(&ch);
    assert_eq!(codes(&findings), [("footnote-missing", None, Some(6))]);
    assert_eq!(
        findings[0].message,
        "footnotes 6\u{2013}7 are missing: the numbering jumps from 5 to 8"
    );
}

#[test]
fn footnote_unused_sees_every_kind_of_citation() {
    let mut ch = chapter();
    ch.citations.push(citation(6));
    let findings = check(&ch);
    assert_eq!(codes(&findings), [("footnote-unused", None, Some(6))]);
    assert_eq!(findings[0].severity, Severity::Warning);

    // Without the markers in prose, footnotes 1 (Background) and 2 (opening) look unused.
    let mut stripped = chapter();
    stripped.sections[0].text = crate::citing::strip_markers(&stripped.sections[0].text);
    stripped.members[0].opening = crate::citing::strip_markers(&stripped.members[0].opening);
    assert_eq!(
        codes(&check(&stripped)),
        [
            ("footnote-unused", None, Some(1)),
            ("footnote-unused", None, Some(2))
        ]
    );
}

#[test]
fn footnote_defined_twice() {
    let mut ch = chapter();
    ch.citations.insert(3, citation(3));
    let findings = check(&ch);
    assert_eq!(codes(&findings), [("footnote-duplicate", None, Some(3))]);
    assert_eq!(findings[0].message, "footnote 3 is defined 2 times");
}

#[test]
fn dates_without_year_and_outside_the_period() {
    let mut ch = chapter();
    if let BodyParagraph::Evidence(e) = &mut ch.members[0].body[0] {
        e.date.inferred = true;
    }
    if let BodyParagraph::Evidence(e) = &mut ch.members[1].body[0] {
        e.date.date = date(2031, 6, 1);
    }
    let findings = check(&ch);
    assert_eq!(
        codes(&findings),
        [
            ("date-without-year", Some("Canada"), Some(3)),
            ("date-outside-period", Some("France"), Some(4)),
        ]
    );
    assert_eq!(
        findings[1].message,
        "evidence dated 2031-06-01 falls outside the compliance period 2030-06-15 to 2031-05-15"
    );
    // Without a period nothing can be outside it.
    let mut open = cycle();
    open.period = None;
    assert_eq!(check_cycle(&open, std::slice::from_ref(&ch)).len(), 1);
}

#[test]
fn access_before_publication() {
    let mut ch = chapter();
    ch.citations[2].accessed = Some(date(2030, 6, 30));
    let findings = check(&ch);
    assert_eq!(
        codes(&findings),
        [("access-before-publication", None, Some(3))]
    );
    assert_eq!(
        findings[0].message,
        "footnote 3 was accessed on 2030-06-30, before its publication on 2030-07-01"
    );
    // A month without a day is compared as a month: accessed in July, published in July is
    // fine; accessed in June is not.
    ch.citations[2].published = crate::PartialDate::of_month(2030, 7);
    ch.citations[2].accessed = Some(date(2030, 7, 15));
    assert!(check(&ch).is_empty());
    ch.citations[2].accessed = Some(date(2030, 7, 1));
    assert!(check(&ch).is_empty());
    ch.citations[2].accessed = Some(date(2030, 6, 30));
    assert_eq!(
        check(&ch)[0].message,
        "footnote 3 was accessed on 2030-06-30, before its publication on 2030-07"
    );
    ch.citations[2].published = crate::PartialDate::of_year(2031);
    assert_eq!(
        codes(&check(&ch)),
        [("access-before-publication", None, Some(3))]
    );
    // An undated source ("n.d.") cannot be checked.
    ch.citations[2].published = None;
    assert!(check(&ch).is_empty());
}

#[test]
fn malformed_urls_are_errors() {
    let mut ch = chapter();
    ch.citations[0].url = Some("ttps://www.example.it/articolo/1996".to_string());
    ch.citations[1].url =
        Some("https://www.example.co.uk/rules-for-illegal immigrants".to_string());
    ch.citations[2].url = None;
    let findings = check(&ch);
    assert_eq!(
        codes(&findings),
        [
            ("url-malformed", None, Some(1)),
            ("url-malformed", None, Some(2))
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
    assert!(
        findings[1].message.contains("whitespace"),
        "{}",
        findings[1].message
    );
}

#[test]
fn analyst_spelling_variants_across_the_cycle() {
    let first = chapter();
    let mut second = chapter();
    second.commitment.code = "12".to_string();
    second.members[1].analyst = Some("Olivier d\u{2019}Aragon Flores".to_string());
    // The lead analyst's `*` marker is not a different spelling.
    second.lead_analyst = Some("Alan Turing".to_string());
    let findings = check_cycle(&cycle(), &[second, first]);
    assert_eq!(
        codes(&findings),
        [("analyst-variant", Some("France"), None)]
    );
    let f = &findings[0];
    assert_eq!(f.commitment.as_deref(), Some("12"));
    assert_eq!(
        f.message,
        "`Olivier d\u{2019}Aragon Flores` (1 time) and `Olivier d'Aragon Flores` (2 times) look like one person written two ways"
    );
}

#[test]
fn findings_are_ordered_by_commitment_member_footnote_code() {
    let mut nine = chapter();
    nine.commitment.code = "9".to_string();
    nine.citations[4].url = Some("no scheme".to_string());
    nine.members[1].thus_verdict = Some(Verdict::Scored(Score::Full));
    let mut eighteen = chapter();
    eighteen.commitment.code = "18".to_string();
    eighteen.published_average = None;
    eighteen.citations.push(citation(6));
    eighteen.members[0].heading_verdict = Some(Verdict::Scored(Score::Partial));
    let findings = check_cycle(&cycle(), &[eighteen, nine]);
    let got: Vec<(Option<&str>, &str)> = findings
        .iter()
        .map(|f| (f.commitment.as_deref(), f.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("9"), "url-malformed"),
            (Some("9"), "score-mismatch"),
            (Some("18"), "footnote-unused"),
            (Some("18"), "score-mismatch"),
        ]
    );
    assert_eq!(
        findings[1].to_string(),
        "error score-mismatch [commitment 9 \u{b7} France]: the scores disagree: Assessment table 0, heading 0, \"Thus\" sentence +1"
    );
}

#[test]
fn codes_round_trip() {
    for c in FindingCode::ALL {
        assert_eq!(FindingCode::parse(c.as_str()), Some(c));
    }
}
