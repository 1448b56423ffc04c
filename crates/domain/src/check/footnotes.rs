//! Footnote checks: each number defined once, cited at least once, numbered without gaps; and
//! each citation's own fields (dates in order, a well-formed URL).

use std::collections::BTreeMap;

use super::url::url_problem;
use super::{Finding, FindingCode};
use crate::citing::{Place, citations_by_place};
use crate::model::Chapter;

pub(super) fn check(chapter: &Chapter, out: &mut Vec<Finding>) {
    let mut defined: BTreeMap<u32, usize> = BTreeMap::new();
    for c in &chapter.citations {
        *defined.entry(c.number).or_default() += 1;
    }
    let mut cited: BTreeMap<u32, Vec<Place<'_>>> = BTreeMap::new();
    for (n, place) in citations_by_place(chapter) {
        cited.entry(n).or_default().push(place);
    }
    let finding = |code, n: u32, message: String| {
        Finding::in_chapter(code, chapter, message).footnote(Some(n))
    };

    for (&n, &count) in &defined {
        if count > 1 {
            out.push(finding(
                FindingCode::FootnoteDuplicate,
                n,
                format!("footnote {n} is defined {count} times"),
            ));
        }
        if !cited.contains_key(&n) {
            out.push(finding(
                FindingCode::FootnoteUnused,
                n,
                format!("footnote {n} is defined but never cited"),
            ));
        }
    }

    for (&n, places) in &cited {
        if defined.contains_key(&n) {
            continue;
        }
        let mut f = finding(
            FindingCode::FootnoteMissing,
            n,
            format!("footnote {n} is cited in {} but not defined", places[0]),
        );
        f.member = places[0].member().map(str::to_string);
        out.push(f);
    }

    // Gaps inside the chapter's numbering that no citation already accounts for.
    let numbers: Vec<u32> = defined.keys().copied().collect();
    for pair in numbers.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        // Walk the cited numbers inside the gap rather than every number in it: a typo such as
        // 40680 for 4068 makes a gap of tens of thousands.
        let mut start = a + 1;
        for &c in cited.range(a + 1..b).map(|(n, _)| n) {
            if c > start {
                flush_gap(chapter, a, b, (start, c - 1), out);
            }
            start = c + 1;
        }
        if start < b {
            flush_gap(chapter, a, b, (start, b - 1), out);
        }
    }

    for c in &chapter.citations {
        let n = c.number;
        // At the precision the source gives: July 2024 is not after an access on 15 July 2024.
        if let (Some(published), Some(accessed)) = (c.published, c.accessed)
            && published.is_after(accessed)
        {
            out.push(finding(
                FindingCode::AccessBeforePublication,
                n,
                format!(
                    "footnote {n} was accessed on {accessed}, before its publication on {published}"
                ),
            ));
        }
        if let Some(url) = &c.url
            && let Some(problem) = url_problem(url)
        {
            out.push(finding(
                FindingCode::UrlMalformed,
                n,
                format!("footnote {n} cites `{url}`: {problem}"),
            ));
        }
    }
}

fn flush_gap(
    chapter: &Chapter,
    before: u32,
    after: u32,
    (first, last): (u32, u32),
    out: &mut Vec<Finding>,
) {
    let what = if first == last {
        format!("footnote {first} is missing")
    } else {
        format!("footnotes {first}\u{2013}{last} are missing")
    };
    out.push(
        Finding::in_chapter(
            FindingCode::FootnoteMissing,
            chapter,
            format!("{what}: the numbering jumps from {before} to {after}"),
        )
        .footnote(Some(first)),
    );
}
