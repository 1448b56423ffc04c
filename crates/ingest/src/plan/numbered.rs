//! The web-page layout: numbered priorities (`2. Strengthen …`), each followed by paragraphs and,
//! for some, a bulleted list. Each priority is one measure (`2`) whose bulleted items are its
//! sub-measures (`2(a)`, `2(b)`, …), so that a priority without a list is still tracked.

use pledgewatch_domain::plan::{Measure, PlanSection, SectionKind};

use super::blocks::Block;
use super::pillars::is_end_matter;
use super::{FirstSection, PlanError, announces_list, bullet, clean, letter};

/// `2. Strengthen enforcement …` → (2, rest). One or two digits, so a year opening a sentence is
/// not a heading.
pub(crate) fn heading(b: &Block) -> Option<(usize, &str)> {
    let (num, rest) = b.text.split_once(". ")?;
    let ok = (1..=2).contains(&num.len()) && num.bytes().all(|c| c.is_ascii_digit());
    let n = num.parse().ok().filter(|_| ok)?;
    let rest = rest.trim();
    (!rest.is_empty()).then_some((n, rest))
}

pub(crate) fn sections(
    blocks: &[Block],
) -> Result<(Vec<PlanSection>, Option<FirstSection>), PlanError> {
    let mut sections: Vec<(usize, PlanSection)> = Vec::new();
    let mut first = None;
    for (i, b) in blocks.iter().enumerate() {
        if let Some((n, rest)) = heading(b) {
            let expected = sections.len() + 1;
            if n != expected {
                return Err(PlanError::Numbering {
                    line: b.line,
                    kind: SectionKind::Priority,
                    found: n.to_string(),
                    previous: sections.last().map(|(_, s)| s.number.clone()),
                    expected: expected.to_string(),
                });
            }
            first.get_or_insert(FirstSection {
                block: i,
                kind: SectionKind::Priority,
            });
            let title = clean(rest);
            sections.push((
                b.line,
                PlanSection {
                    kind: SectionKind::Priority,
                    number: n.to_string(),
                    title: title.clone(),
                    text: title.clone(),
                    measures: vec![Measure {
                        code: n.to_string(),
                        text: title,
                        sub_measures: Vec::new(),
                    }],
                },
            ));
            continue;
        }
        let Some((_, s)) = sections.last_mut() else {
            continue; // front matter
        };
        if is_end_matter(b) {
            break;
        }
        match (bullet(b), s.measures.first_mut()) {
            (Some(item), Some(m)) => {
                let code = format!("{}({})", m.code, letter(m.sub_measures.len() + 1));
                m.sub_measures.push(Measure {
                    code,
                    text: clean(item),
                    sub_measures: Vec::new(),
                });
            }
            _ => {
                s.text.push_str("\n\n");
                s.text.push_str(&clean(&b.text));
            }
        }
    }

    // A priority whose wording ends with a colon announces a list that must follow.
    for (line, s) in &sections {
        let has_list = s.measures.iter().any(|m| !m.sub_measures.is_empty());
        if announces_list(&s.text) && !has_list {
            return Err(PlanError::NoMeasures {
                line: *line,
                kind: s.kind,
                number: s.number.clone(),
                title: s.title.clone(),
            });
        }
    }
    Ok((sections.into_iter().map(|(_, s)| s).collect(), first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_numbers() {
        let b = |t: &str| Block {
            line: 1,
            indent: 0,
            text: t.into(),
        };
        assert_eq!(heading(&b("2. Do things")), Some((2, "Do things")));
        assert_eq!(heading(&b("12. Do things")), Some((12, "Do things")));
        assert_eq!(heading(&b("2025. A year")), None);
        assert_eq!(heading(&b("a. letter")), None);
        assert_eq!(heading(&b("3.")), None);
    }
}
