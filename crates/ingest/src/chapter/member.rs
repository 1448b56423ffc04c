//! One member's section: heading `Canada: +1`, an opening paragraph, evidence paragraphs
//! (`On 4 July 2024, …`) and other body paragraphs, a concluding paragraph, the sentence
//! `Thus, Canada receives a score of +1.` (sometimes missing), and `Analyst: …`.

use std::collections::VecDeque;

use jiff::civil::Date;
use pledgewatch_domain::{
    BodyParagraph, EvidenceDate, EvidenceItem, MemberSection, Period, Verdict,
};

use super::ParseWarning;
use super::dates::evidence_prefix;
use super::prose::Para;
use crate::IngestError;

/// A member section as it is read, before its paragraphs are sorted out.
#[derive(Debug)]
pub(crate) struct MemberDraft {
    pub member: String,
    pub heading: Option<Verdict>,
    pub paras: Vec<Para>,
    pub analyst: Option<String>,
}

const THUS_SCORE: &str = "receives a score of";

/// Where the Thus sentence starts in a paragraph: at its start, or ending it.
fn thus_at(text: &str) -> Option<usize> {
    if text.starts_with("Thus") && text.contains(THUS_SCORE) {
        return Some(0);
    }
    let at = text.rfind("Thus, ")?;
    text[at..].contains(THUS_SCORE).then_some(at)
}

/// Closes a member's section. `file_stops_here`: the file ends inside this section, before its
/// Analyst line; a "Thus" sentence whose score is cut off is then no sentence at all (the
/// chapter is reported as cut short) rather than a score that is wrong.
pub(crate) fn finish(
    draft: MemberDraft,
    period: Option<Period>,
    warnings: &mut Vec<ParseWarning>,
    file_stops_here: bool,
) -> Result<MemberSection, IngestError> {
    let mut paras = draft.paras;
    let mut thus_verdict = None;
    let thus = paras
        .iter()
        .enumerate()
        .find_map(|(i, p)| thus_at(&p.text).map(|at| (i, at)))
        .filter(|&(i, at)| {
            !file_stops_here || thus_score(&paras[i].text[at..], paras[i].line).is_ok()
        });
    if let Some((i, at)) = thus {
        for extra in &paras[i + 1..] {
            warnings.push(ParseWarning::new(
                extra.line,
                format!(
                    "a paragraph after the \"Thus …\" sentence of {}'s section was left out",
                    draft.member
                ),
            ));
        }
        paras.truncate(i + 1);
        if let Some(mut last) = paras.pop() {
            let sentence = last.text.split_off(at);
            thus_verdict = Some(thus_score(&sentence, last.line)?);
            last.text.truncate(last.text.trim_end().len());
            // The marked text has the same words, so the same last "Thus" starts the sentence.
            match thus_at(&last.marked) {
                Some(at) => {
                    last.marked.truncate(at);
                    last.marked.truncate(last.marked.trim_end().len());
                }
                None => last.marked.clone_from(&last.text),
            }
            if !last.text.is_empty() {
                paras.push(last);
            }
        }
    }

    // Opening and conclusion are prose and keep their footnote markers; the paragraphs between
    // list theirs.
    let mut paras: VecDeque<Para> = paras.into();
    let opening = match paras.front() {
        Some(p) if evidence_prefix(&p.text).is_none() => {
            paras.pop_front().map(|p| p.marked).unwrap_or_default()
        }
        _ => String::new(),
    };
    let conclusion = match paras.back() {
        Some(p) if evidence_prefix(&p.text).is_none() => {
            paras.pop_back().map(|p| p.marked).unwrap_or_default()
        }
        _ => String::new(),
    };
    let body: Vec<BodyParagraph> = paras
        .into_iter()
        .map(|p| body_paragraph(p, period))
        .collect::<Result<_, _>>()?;
    Ok(MemberSection {
        member: draft.member,
        heading_verdict: draft.heading,
        thus_verdict,
        opening,
        body,
        conclusion,
        analyst: draft.analyst,
    })
}

fn thus_score(sentence: &str, line: usize) -> Result<Verdict, IngestError> {
    let after = sentence
        .split_once(THUS_SCORE)
        .map_or("", |(_, a)| a)
        .trim();
    let word = after.split_whitespace().next().unwrap_or("");
    let word = word.trim_end_matches(['.', ',', ';']);
    word.parse::<Verdict>()
        .ok()
        .filter(|v| *v != Verdict::NotAssessed)
        .ok_or_else(|| IngestError::ThusScore {
            line,
            found: super::shown(word),
        })
}

/// The years a compliance report's evidence can carry; anything else is a typing slip.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

fn body_paragraph(p: Para, period: Option<Period>) -> Result<BodyParagraph, IngestError> {
    let Some(prefix) = evidence_prefix(&p.text) else {
        return Ok(BodyParagraph::Narrative {
            text: p.text,
            citations: p.citations,
        });
    };
    let bad_date = || IngestError::BadDate {
        line: p.line,
        found: prefix.written.to_string(),
    };
    let day = Some(prefix.day)
        .filter(|d| d.len() <= 2)
        .and_then(|d| d.parse::<i8>().ok())
        .ok_or_else(bad_date)?;
    let date = match prefix.year {
        Some(year) => {
            let year = Some(year)
                .filter(|y| y.len() == 4)
                .and_then(|y| y.parse::<i16>().ok())
                .filter(|y| YEARS.contains(y))
                .ok_or_else(|| IngestError::YearOutOfRange {
                    line: p.line,
                    found: prefix.written.to_string(),
                })?;
            EvidenceDate {
                date: Date::new(year, prefix.month, day).map_err(|_| bad_date())?,
                inferred: false,
            }
        }
        None => {
            let period = period.ok_or_else(|| IngestError::YearlessDate {
                line: p.line,
                found: prefix.written.to_string(),
            })?;
            EvidenceDate {
                date: period
                    .resolve_year(prefix.month, day)
                    .ok_or_else(bad_date)?,
                inferred: true,
            }
        }
    };
    Ok(BodyParagraph::Evidence(EvidenceItem {
        date,
        text: p.text,
        citations: p.citations,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use pledgewatch_domain::citing;

    /// A paragraph as `clean` gives it; `marked` has the markers, if any, as superscripts.
    fn para(line: usize, marked: &str, citations: &[u32]) -> Para {
        Para {
            line,
            text: citing::strip_markers(marked).replace("  ", " "),
            marked: marked.to_string(),
            citations: citations.to_vec(),
            beyond_last: Vec::new(),
        }
    }

    fn draft(paras: Vec<Para>) -> MemberDraft {
        MemberDraft {
            member: "Utopia".into(),
            heading: Some(Verdict::NotApplicable),
            paras,
            analyst: Some("A. Writer".into()),
        }
    }

    #[test]
    fn sorts_out_the_paragraphs() {
        let period = Period::parse("2030-12-01..2031-06-30").ok();
        let d = draft(vec![
            para(2, "Utopia has partially complied.¹⁰", &[10]),
            para(4, "On 3 January 2031, Utopia acted.", &[11]),
            para(6, "On 9 March, Utopia acted again.", &[12, 13]),
            para(8, "Some context.", &[14]),
            para(
                10,
                "Overall, partial.¹⁵ Thus, Utopia receives a score of 0.¹⁶",
                &[15, 16],
            ),
        ]);
        let m = finish(d, period, &mut Vec::new(), false).unwrap();
        // Opening and conclusion keep their markers; the Thus sentence goes, with its own.
        assert_eq!(m.opening, "Utopia has partially complied.¹⁰");
        assert_eq!(m.conclusion, "Overall, partial.¹⁵");
        assert_eq!(m.thus_verdict, Some("0".parse().unwrap()));
        assert_eq!(m.body.len(), 3);
        let ev: Vec<_> = m.evidence().collect();
        assert_eq!(ev[1].date.date, date(2031, 3, 9));
        assert!(ev[1].date.inferred);
        assert_eq!(ev[1].citations, vec![12, 13]);
        assert!(
            matches!(&m.body[2], BodyParagraph::Narrative { text, citations } if text == "Some context." && citations == &[14])
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = finish(
            draft(vec![para(9, "On 9 March, x.", &[])]),
            None,
            &mut Vec::new(),
            false,
        )
        .unwrap_err();
        assert_eq!(
            e,
            IngestError::YearlessDate {
                line: 9,
                found: "9 March".into()
            }
        );
        let e = finish(
            draft(vec![para(3, "On 30 February 2031, x.", &[])]),
            None,
            &mut Vec::new(),
            false,
        )
        .unwrap_err();
        assert_eq!(
            e,
            IngestError::BadDate {
                line: 3,
                found: "30 February 2031".into()
            }
        );
        let e = finish(
            draft(vec![para(
                5,
                "Thus, Utopia receives a score of plenty.",
                &[],
            )]),
            None,
            &mut Vec::new(),
            false,
        )
        .unwrap_err();
        assert_eq!(
            e,
            IngestError::ThusScore {
                line: 5,
                found: "plenty".into()
            }
        );
        // A year that is not a year, a day that is not a day: errors, not narrative.
        for (text, found) in [
            ("On 2 December 99999, x.", "2 December 99999"),
            ("On 2 December 1850, x.", "2 December 1850"),
            ("On 2 December 202, x.", "2 December 202"),
        ] {
            let e = finish(
                draft(vec![para(4, text, &[])]),
                None,
                &mut Vec::new(),
                false,
            )
            .unwrap_err();
            assert_eq!(
                e,
                IngestError::YearOutOfRange {
                    line: 4,
                    found: found.into()
                }
            );
        }
        let e = finish(
            draft(vec![para(6, "On 123 May 2031, x.", &[])]),
            None,
            &mut Vec::new(),
            false,
        )
        .unwrap_err();
        assert_eq!(
            e,
            IngestError::BadDate {
                line: 6,
                found: "123 May 2031".into()
            }
        );
    }

    #[test]
    fn a_thus_sentence_cut_off_where_the_file_stops_is_no_sentence() {
        let cut = || {
            let mut d = draft(vec![para(5, "Thus, Utopia receives a score of +", &[])]);
            d.analyst = None;
            d
        };
        let m = finish(cut(), None, &mut Vec::new(), true).unwrap();
        assert_eq!(m.thus_verdict, None);
        assert!(finish(cut(), None, &mut Vec::new(), false).is_err());
    }
}
