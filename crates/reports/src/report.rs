//! The report of a cycle, prepared once for every renderer: chapters in commitment order with
//! their footnotes numbered continuously through the report from a configurable first number,
//! the score matrix, and the research team.
//!
//! The scores are the store's (the working copy's matrix for `report`, an edition's snapshot
//! matrix for `publish`), never re-read from the chapter text: a score corrected after the
//! chapter was published, or a commitment known only from a score sheet, shows in every table.
//! `chapters[i]` is always the chapter of `matrix.rows[i]`: a commitment without a chapter gets
//! one holding what is known (number, area, title, its Assessment table from the matrix), so it
//! has its heading, scores and average in the body like every other commitment.

use std::collections::BTreeMap;

use jiff::civil::Date;
use pledgewatch_domain::citing::{marker, markers_in};
use pledgewatch_domain::matrix::{MatrixRow, ScoreMatrix};
use pledgewatch_domain::names::member_key;
use pledgewatch_domain::people::{Person, people_of};
use pledgewatch_domain::{
    BodyParagraph, Chapter, Commitment, Cycle, Member, Section, TableRow, Verdict,
};

use crate::charts::CycleScores;

/// What the caller decides about a report; everything else comes from the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The number of the report's first footnote (published reports continue a series: the
    /// 2024 Apulia report's chapter 18 starts at 4068).
    pub first_footnote: u32,
    /// Defaults to "<cycle name> Compliance Report".
    pub title: Option<String>,
    /// "Prepared by …" on the title page.
    pub prepared_by: Option<String>,
    /// The publication date on the title page.
    pub published_on: Option<Date>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            first_footnote: 1,
            title: None,
            prepared_by: None,
            published_on: None,
        }
    }
}

/// A cycle's report, ready to render.
#[derive(Debug, Clone)]
pub struct Report {
    pub cycle: Cycle,
    pub title: String,
    pub prepared_by: Option<String>,
    pub published_on: Option<Date>,
    /// Chapters in report order, footnotes renumbered continuously.
    pub chapters: Vec<Chapter>,
    pub matrix: ScoreMatrix,
    /// Analysts, compliance directors and lead analysts, spelling variants grouped.
    pub team: Vec<Person>,
    /// Other cycles' scores, for the chart of each member's average across cycles (empty: no
    /// such chart). Set with [`Report::with_other_cycles`].
    pub other_cycles: Vec<CycleScores>,
}

/// Why a report cannot be prepared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// Numbering the footnotes from the first number given would pass the largest number a
    /// footnote can have.
    #[error(
        "--first-footnote {first} is too large: the report has {footnotes} footnotes, so the largest first footnote number it can take is {largest}"
    )]
    FirstFootnoteTooLarge {
        first: u32,
        footnotes: u64,
        largest: u32,
    },
    /// A chapter whose commitment the score matrix lacks; a cycle's matrix from the store always
    /// has a row for each of its chapters.
    #[error("chapter {code} has no row in the cycle's score matrix")]
    ChapterWithoutScores { code: String },
}

impl Report {
    /// A report of chapters alone, with the matrix computed from their Assessment tables: for
    /// chapters not (yet) in a store, and for tests and benchmarks. A stored cycle's report is
    /// [`Report::build`] with the store's matrix.
    /// Refused, as [`Report::build`] refuses, when the footnotes would be numbered past
    /// `u32::MAX`.
    pub fn new(
        cycle: &Cycle,
        chapters: &[Chapter],
        options: &ReportOptions,
    ) -> Result<Report, ReportError> {
        let matrix = ScoreMatrix::from_chapters(chapters, cycle.convention);
        Report::build(cycle, chapters, matrix, options)
    }

    /// The report of a cycle whose scores are `matrix` (the store's: members with their codes,
    /// every commitment, chapters or not) and whose chapters are `chapters`. Every table comes
    /// from the matrix; each chapter follows its matrix row, its Assessment table (and the
    /// score in each member's heading and concluding line) showing the matrix's score, so a
    /// score corrected after the chapter was published is the one printed everywhere. A row
    /// without a chapter gets one with what is known: number, area, title and the scores.
    pub fn build(
        cycle: &Cycle,
        chapters: &[Chapter],
        matrix: ScoreMatrix,
        options: &ReportOptions,
    ) -> Result<Report, ReportError> {
        let chapters = chapters_for_rows(chapters, &matrix)?;
        let footnotes: u64 = chapters
            .iter()
            .map(|c| u64::try_from(distinct_footnotes(c)).unwrap_or(u64::MAX))
            .sum();
        let first = options.first_footnote;
        // The last footnote is first + footnotes − 1; the largest first keeps it within u32.
        let largest = (u64::from(u32::MAX) + 1).saturating_sub(footnotes.max(1));
        let too_large = || ReportError::FirstFootnoteTooLarge {
            first,
            footnotes,
            largest: u32::try_from(largest).unwrap_or(u32::MAX),
        };
        if u64::from(first) > largest {
            return Err(too_large());
        }
        let mut next = u64::from(first);
        let mut renumbered = Vec::with_capacity(chapters.len());
        for c in &chapters {
            // After a footnote numbered u32::MAX only chapters without footnotes can follow.
            let start = match u32::try_from(next) {
                Ok(n) => n,
                Err(_) if c.citations.is_empty() => {
                    renumbered.push(c.clone());
                    continue;
                }
                Err(_) => return Err(too_large()),
            };
            let (chapter, after) = renumber(c, start).ok_or_else(too_large)?;
            next = after;
            renumbered.push(chapter);
        }
        Ok(Report {
            cycle: cycle.clone(),
            title: options
                .title
                .clone()
                .unwrap_or_else(|| format!("{} Compliance Report", cycle.name)),
            prepared_by: options.prepared_by.clone(),
            published_on: options.published_on,
            matrix,
            team: people_of(&renumbered),
            chapters: renumbered,
            other_cycles: Vec::new(),
        })
    }

    /// The report with `others` (any order) beside its own cycle in the across-cycles charts.
    pub fn with_other_cycles(mut self, others: Vec<CycleScores>) -> Report {
        self.other_cycles = others;
        self
    }

    /// The footnote numbers of the whole report, first to last.
    pub fn footnote_range(&self) -> Option<(u32, u32)> {
        let mut numbers = self
            .chapters
            .iter()
            .flat_map(|c| c.citations.iter().map(|n| n.number));
        let first = numbers.next()?;
        Some((first, numbers.last().unwrap_or(first)))
    }
}

/// How many footnote numbers a chapter uses (each counted once).
fn distinct_footnotes(chapter: &Chapter) -> usize {
    let mut numbers: Vec<u32> = chapter.citations.iter().map(|c| c.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers.len()
}

/// Renumbers one chapter's footnotes from `first`, in the order of their old numbers, and rewrites
/// every reference (evidence and narrative citation lists, superscript markers in prose).
/// Returns the chapter and the next free number (which may be `u32::MAX + 1`), or `None` when the
/// numbers would pass `u32::MAX`.
pub fn renumber(chapter: &Chapter, first: u32) -> Option<(Chapter, u64)> {
    let mut old: Vec<u32> = chapter.citations.iter().map(|c| c.number).collect();
    old.sort_unstable();
    old.dedup();
    let map = old
        .iter()
        .enumerate()
        .map(|(i, &o)| {
            let n = u64::from(first).checked_add(u64::try_from(i).ok()?)?;
            Some((o, u32::try_from(n).ok()?))
        })
        .collect::<Option<BTreeMap<u32, u32>>>()?;
    let next = u64::from(first) + u64::try_from(map.len()).ok()?;
    let to = |n: u32| map.get(&n).copied().unwrap_or(n);

    let mut c = chapter.clone();
    c.commitment.text = remark(&c.commitment.text, &map);
    c.sections = c
        .sections
        .iter()
        .map(|s| Section {
            kind: s.kind,
            text: remark(&s.text, &map),
        })
        .collect();
    for m in &mut c.members {
        m.opening = remark(&m.opening, &map);
        m.conclusion = remark(&m.conclusion, &map);
        for p in &mut m.body {
            match p {
                BodyParagraph::Evidence(e) => {
                    e.text = remark(&e.text, &map);
                    e.citations.iter_mut().for_each(|n| *n = to(*n));
                }
                BodyParagraph::Narrative { text, citations } => {
                    *text = remark(text, &map);
                    citations.iter_mut().for_each(|n| *n = to(*n));
                }
            }
        }
    }
    for cite in &mut c.citations {
        cite.number = to(cite.number);
    }
    Some((c, next))
}

/// The chapters in the matrix's row order, one per row: a row's chapter carries the row's
/// scores; a row without one gets [`scores_only_chapter`].
fn chapters_for_rows(
    chapters: &[Chapter],
    matrix: &ScoreMatrix,
) -> Result<Vec<Chapter>, ReportError> {
    // code → the chapters with it, in the order given (a code is used once per cycle; were it
    // not, each row would still take its own chapter).
    let mut by_code: BTreeMap<&str, std::collections::VecDeque<&Chapter>> = BTreeMap::new();
    for c in chapters {
        by_code
            .entry(c.commitment.code.as_str())
            .or_default()
            .push_back(c);
    }
    let mut out = Vec::with_capacity(matrix.rows.len());
    for (i, row) in matrix.rows.iter().enumerate() {
        let found = by_code
            .get_mut(row.code.as_str())
            .and_then(|list| list.pop_front());
        out.push(match found {
            Some(chapter) => with_scores(chapter, matrix, i),
            None => scores_only_chapter(row, &matrix.members),
        });
    }
    if let Some(left) = by_code.values().flatten().next() {
        return Err(ReportError::ChapterWithoutScores {
            code: left.commitment.code.clone(),
        });
    }
    Ok(out)
}

/// `chapter` with row `i`'s scores: every member it lists, in its order, with the matrix's
/// score in its Assessment table (and in the member's heading and concluding line where the
/// chapter has them), then any other member the matrix scores on it.
fn with_scores(chapter: &Chapter, matrix: &ScoreMatrix, i: usize) -> Chapter {
    let stored = |name: &str| matrix.member_index(name).map(|j| matrix.cell(i, j));
    let names = chapter.member_names();
    let listed: Vec<String> = names.iter().map(|n| member_key(n)).collect();
    let mut table: Vec<TableRow> = names
        .iter()
        .map(|n| TableRow {
            member: n.clone(),
            verdict: stored(n).unwrap_or_else(|| chapter.verdict_of(n)),
        })
        .collect();
    for (j, m) in matrix.members.iter().enumerate() {
        let verdict = matrix.cell(i, j);
        if verdict != Verdict::NotAssessed && !listed.contains(&member_key(&m.name)) {
            table.push(TableRow {
                member: m.name.clone(),
                verdict,
            });
        }
    }
    let mut c = chapter.clone();
    c.assessment_table = table;
    for m in &mut c.members {
        if let Some(v) = stored(&m.member) {
            m.heading_verdict = m.heading_verdict.map(|_| v);
            m.thus_verdict = m.thus_verdict.map(|_| v);
        }
    }
    c
}

/// The chapter of a commitment known only from a score sheet: its number, area and title, and
/// an Assessment table of every member's score; no text, sections, member sections or notes.
pub fn scores_only_chapter(row: &MatrixRow, members: &[Member]) -> Chapter {
    Chapter {
        commitment: Commitment {
            code: row.code.clone(),
            area: row.area.clone(),
            title: row.title.clone(),
            text: String::new(),
            source: String::new(),
        },
        sections: Vec::new(),
        director: None,
        lead_analyst: None,
        assessment_table: members
            .iter()
            .zip(&row.cells)
            .map(|(m, v)| TableRow {
                member: m.name.clone(),
                verdict: *v,
            })
            .collect(),
        published_average: None,
        members: Vec::new(),
        citations: Vec::new(),
    }
}

/// What the chapter of a commitment known only from a score sheet says where the quoted
/// commitment would be, in every format.
pub const SCORES_ONLY_NOTE: &str = "This commitment was imported from a score sheet: the report holds its scores but no chapter text.";

/// True for a chapter with nothing but its heading and scores (a commitment known only from a
/// score sheet): renderers leave out the quotation and the sections they would print empty.
pub fn is_scores_only(chapter: &Chapter) -> bool {
    chapter.commitment.text.trim().is_empty()
        && chapter.commitment.source.trim().is_empty()
        && chapter.sections.is_empty()
        && chapter.members.is_empty()
        && chapter.citations.is_empty()
}

/// Rewrites the superscript markers in `text` through `map`, leaving all other text alone.
fn remark(text: &str, map: &BTreeMap<u32, u32>) -> String {
    if markers_in(text).is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.is_empty() {
            return;
        }
        let value = markers_in(digits).first().copied();
        match value.and_then(|v| map.get(&v)) {
            Some(&n) => out.push_str(&marker(n)),
            None => out.push_str(digits),
        }
        digits.clear();
    };
    for ch in text.chars() {
        if is_superscript_digit(ch) {
            digits.push(ch);
        } else {
            flush(&mut digits, &mut out);
            out.push(ch);
        }
    }
    flush(&mut digits, &mut out);
    out
}

fn is_superscript_digit(c: char) -> bool {
    matches!(
        c,
        '\u{2070}' | '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2074}'..='\u{2079}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_rewritten_and_other_text_kept() {
        let map: BTreeMap<u32, u32> = [(4068, 1), (4069, 2)].into_iter().collect();
        let text = format!(
            "Leaders met.{} Then again.{} End {}",
            marker(4068),
            marker(4069),
            marker(9)
        );
        assert_eq!(
            remark(&text, &map),
            format!(
                "Leaders met.{} Then again.{} End {}",
                marker(1),
                marker(2),
                marker(9)
            )
        );
    }
}

#[cfg(test)]
mod build_tests {
    use pledgewatch_domain::{
        Citation, EvidenceDate, EvidenceItem, MemberSection, PercentConvention, Score,
    };

    use super::*;

    fn cycle() -> Cycle {
        Cycle {
            name: "Test Final".into(),
            kind: None,
            period: None,
            convention: PercentConvention::Rescaled,
            institution: None,
            summit: None,
        }
    }

    fn citation(number: u32) -> Citation {
        Citation {
            number,
            title: format!("Source {number}"),
            publisher: None,
            place: None,
            published: None,
            accessed: None,
            url: None,
            note: None,
            raw: format!("Source {number}"),
        }
    }

    /// Chapter `code`: Canada and France both +1, Canada's section citing `footnotes`.
    fn chapter(code: &str, footnotes: &[u32]) -> Chapter {
        let plus = Verdict::Scored(Score::Full);
        Chapter {
            commitment: Commitment {
                code: code.into(),
                area: "Area".into(),
                title: format!("Title {code}"),
                text: "Leaders commit.".into(),
                source: "Communiqué".into(),
            },
            sections: Vec::new(),
            director: None,
            lead_analyst: None,
            assessment_table: ["Canada", "France"]
                .into_iter()
                .map(|m| TableRow {
                    member: m.into(),
                    verdict: plus,
                })
                .collect(),
            published_average: Some("+1.00 (100%)".into()),
            members: vec![MemberSection {
                member: "Canada".into(),
                heading_verdict: Some(plus),
                thus_verdict: Some(plus),
                opening: "Canada complied.".into(),
                body: vec![BodyParagraph::Evidence(EvidenceItem {
                    date: EvidenceDate {
                        date: jiff::civil::date(2024, 7, 1),
                        inferred: false,
                    },
                    text: "On 1 July 2024, Canada acted.".into(),
                    citations: footnotes.to_vec(),
                })],
                conclusion: String::new(),
                analyst: None,
            }],
            citations: footnotes.iter().map(|&n| citation(n)).collect(),
        }
    }

    fn member(name: &str, code: &str) -> Member {
        Member {
            name: name.into(),
            code: code.into(),
        }
    }

    #[test]
    fn renumbering_rewrites_the_marks_in_evidence_and_narrative_text() {
        let mut c = chapter("1", &[100, 101]);
        let section = &mut c.members[0];
        if let BodyParagraph::Evidence(e) = &mut section.body[0] {
            e.text = format!("On 1 July 2024, Canada acted.{}", marker(100));
        }
        section.body.push(BodyParagraph::Narrative {
            text: format!("It said more.{}", marker(101)),
            citations: vec![101],
        });
        let (renumbered, next) = renumber(&c, 15).expect("fits");
        assert_eq!(next, 17);
        let body = &renumbered.members[0].body;
        match &body[0] {
            BodyParagraph::Evidence(e) => {
                assert_eq!(
                    e.text,
                    format!("On 1 July 2024, Canada acted.{}", marker(15))
                );
                assert_eq!(e.citations, [15, 16]);
            }
            other => panic!("expected evidence, got {other:?}"),
        }
        match &body[1] {
            BodyParagraph::Narrative { text, citations } => {
                assert_eq!(text, &format!("It said more.{}", marker(16)));
                assert_eq!(citations, &[16]);
            }
            other => panic!("expected narrative, got {other:?}"),
        }
    }

    #[test]
    fn a_first_footnote_past_the_largest_is_an_error_naming_the_largest() {
        let chapters = [chapter("1", &[7, 8]), chapter("2", &[9])];
        let options = |first| ReportOptions {
            first_footnote: first,
            ..ReportOptions::default()
        };
        let matrix = || ScoreMatrix::from_chapters(&chapters, PercentConvention::Rescaled);
        let e = Report::build(&cycle(), &chapters, matrix(), &options(u32::MAX)).unwrap_err();
        assert_eq!(
            e,
            ReportError::FirstFootnoteTooLarge {
                first: u32::MAX,
                footnotes: 3,
                largest: u32::MAX - 2,
            }
        );
        let text = e.to_string();
        assert!(
            text.contains("--first-footnote") && text.contains("4294967293"),
            "{text}"
        );

        // The largest allowed first number ends the report exactly on u32::MAX.
        let r = Report::build(&cycle(), &chapters, matrix(), &options(u32::MAX - 2)).unwrap();
        assert_eq!(r.footnote_range(), Some((u32::MAX - 2, u32::MAX)));
        assert_eq!(
            r.chapters[0].members[0]
                .evidence()
                .next()
                .map(|e| e.citations.clone()),
            Some(vec![u32::MAX - 2, u32::MAX - 1])
        );
    }

    #[test]
    fn a_chapter_without_footnotes_may_follow_the_last_number() {
        let chapters = [chapter("1", &[5]), chapter("2", &[])];
        let matrix = ScoreMatrix::from_chapters(&chapters, PercentConvention::Rescaled);
        let options = ReportOptions {
            first_footnote: u32::MAX,
            ..ReportOptions::default()
        };
        let r = Report::build(&cycle(), &chapters, matrix, &options).unwrap();
        assert_eq!(r.footnote_range(), Some((u32::MAX, u32::MAX)));
    }

    #[test]
    fn tables_and_chapters_show_the_matrix_scores_not_the_chapter_text() {
        let chapters = [chapter("18", &[1])];
        // The store's matrix: Canada corrected to 0 after publication, a commitment 20 known
        // only from a score sheet, and the members' own codes.
        let partial = Verdict::Scored(Score::Partial);
        let plus = Verdict::Scored(Score::Full);
        let matrix = ScoreMatrix {
            members: vec![member("Canada", "CA"), member("France", "FR")],
            rows: vec![
                MatrixRow {
                    code: "18".into(),
                    title: "Title 18".into(),
                    area: "Area".into(),
                    cells: vec![partial, plus],
                },
                MatrixRow {
                    code: "20".into(),
                    title: "Sheet only".into(),
                    area: "Health".into(),
                    cells: vec![Verdict::NotApplicable, Verdict::NotAssessed],
                },
            ],
            convention: PercentConvention::Rescaled,
        };
        let r = Report::build(&cycle(), &chapters, matrix, &ReportOptions::default()).unwrap();
        assert_eq!(r.matrix.members[0].code, "CA", "the stored codes");
        assert_eq!(r.chapters.len(), 2, "one chapter per row");
        let ch = &r.chapters[0];
        assert_eq!(ch.verdict_of("Canada"), partial);
        assert_eq!(ch.members[0].heading_verdict, Some(partial));
        assert_eq!(ch.members[0].thus_verdict, Some(partial));
        assert_eq!(ch.verdict_of("France"), plus);
        assert_eq!(
            r.matrix.row_average(0).map(|a| a.signed_ascii()),
            Some("+0.50".into())
        );
        let sheet_only = &r.chapters[1];
        assert!(is_scores_only(sheet_only));
        assert!(!is_scores_only(ch));
        assert_eq!(sheet_only.commitment.title, "Sheet only");
        assert_eq!(sheet_only.commitment.area, "Health");
        assert_eq!(sheet_only.verdict_of("Canada"), Verdict::NotApplicable);
        assert_eq!(sheet_only.member_names(), ["Canada", "France"]);
    }

    #[test]
    fn a_member_the_matrix_scores_but_the_chapter_omits_joins_its_table() {
        let chapters = [chapter("7", &[])];
        let minus = Verdict::Scored(Score::NoCompliance);
        let plus = Verdict::Scored(Score::Full);
        let matrix = ScoreMatrix {
            members: vec![
                member("Canada", "CAN"),
                member("France", "FRA"),
                member("Japan", "JPN"),
            ],
            rows: vec![MatrixRow {
                code: "7".into(),
                title: "Title 7".into(),
                area: "Area".into(),
                cells: vec![plus, Verdict::NotAssessed, minus],
            }],
            convention: PercentConvention::Rescaled,
        };
        let r = Report::build(&cycle(), &chapters, matrix, &ReportOptions::default()).unwrap();
        let ch = &r.chapters[0];
        assert_eq!(ch.member_names(), ["Canada", "France", "Japan"]);
        assert_eq!(ch.verdict_of("France"), Verdict::NotAssessed, "cleared");
        assert_eq!(ch.verdict_of("Japan"), minus);
    }

    #[test]
    fn a_chapter_outside_the_matrix_is_refused() {
        let chapters = [chapter("7", &[])];
        let matrix = ScoreMatrix {
            members: Vec::new(),
            rows: Vec::new(),
            convention: PercentConvention::Rescaled,
        };
        assert_eq!(
            Report::build(&cycle(), &chapters, matrix, &ReportOptions::default()).unwrap_err(),
            ReportError::ChapterWithoutScores { code: "7".into() }
        );
    }
}
