//! `analyst-variant`: one person's name written in different ways across a cycle
//! (`d'Aragon` / `d’Aragon`), which would otherwise count as two people.

use std::collections::BTreeMap;

use super::{Finding, FindingCode};
use crate::model::Chapter;
use crate::names::{person_key, spelling};

/// Where a name was written: the chapter, and the member section if it signs one.
struct Occurrence<'a> {
    chapter: &'a Chapter,
    member: Option<&'a str>,
}

pub(super) fn name_variants(chapters: &[Chapter]) -> Vec<Finding> {
    // person key → spelling → occurrences, spellings in order of first appearance.
    let mut people: BTreeMap<String, Vec<(String, Vec<Occurrence<'_>>)>> = BTreeMap::new();
    for chapter in chapters {
        let signed = chapter
            .director
            .iter()
            .chain(&chapter.lead_analyst)
            .map(|n| (n, None))
            .chain(
                chapter
                    .members
                    .iter()
                    .filter_map(|m| m.analyst.as_ref().map(|a| (a, Some(m.member.as_str())))),
            );
        for (name, member) in signed {
            let key = person_key(name);
            if key.is_empty() {
                continue;
            }
            let written = spelling(name);
            let spellings = people.entry(key).or_default();
            let occurrence = Occurrence { chapter, member };
            match spellings.iter_mut().find(|(s, _)| *s == written) {
                Some((_, list)) => list.push(occurrence),
                None => spellings.push((written, vec![occurrence])),
            }
        }
    }
    let mut out = Vec::new();
    for spellings in people.values() {
        if spellings.len() < 2 {
            continue;
        }
        // The most used spelling is taken as the person's name (the first seen on a tie).
        let Some(usual) = spellings
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, list))| (list.len(), std::cmp::Reverse(*i)))
            .map(|(_, s)| s)
        else {
            continue;
        };
        for (spelling, occurrences) in spellings {
            if spelling == &usual.0 {
                continue;
            }
            let first = &occurrences[0];
            let mut finding = Finding::in_chapter(
                FindingCode::AnalystVariant,
                first.chapter,
                format!(
                    "`{spelling}` ({} time{}) and `{}` ({} time{}) look like one person written two ways",
                    occurrences.len(),
                    if occurrences.len() == 1 { "" } else { "s" },
                    usual.0,
                    usual.1.len(),
                    if usual.1.len() == 1 { "" } else { "s" },
                ),
            );
            finding.member = first.member.map(str::to_string);
            out.push(finding);
        }
    }
    out
}
