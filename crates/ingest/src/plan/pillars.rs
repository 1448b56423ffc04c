//! The annex layout: a `Priorities …` heading over a bulleted list of priorities (indented items
//! under a priority are its measures, `P2.1`), then pillars headed `(I) …`, `(II) …`, each over
//! a bulleted list of measures (`II.3`; indented items are sub-measures, `II.3(a)`).

use pledgewatch_domain::plan::{Measure, PlanSection, SectionKind};

use super::blocks::Block;
use super::{FirstSection, PlanError, announces_list, bullet, clean, letter, title_of};

/// `(IV) Prevention and awareness raising by:` → ("IV", rest).
pub(crate) fn pillar_heading(b: &Block) -> Option<(&str, &str)> {
    let rest = b.text.strip_prefix('(')?;
    let (num, rest) = rest.split_once(')')?;
    let ok = !num.is_empty() && num.len() <= 8 && num.chars().all(|c| "IVXL".contains(c));
    let rest = rest.strip_prefix([' ', '\t'])?.trim();
    (ok && !rest.is_empty()).then_some((num, rest))
}

pub(crate) fn is_heading(b: &Block) -> bool {
    pillar_heading(b).is_some()
}

/// `Priorities`, `Priorities of the Action Plan`: a short line, not a sentence.
pub(crate) fn is_priorities_heading(b: &Block) -> bool {
    let t = clean(&b.text);
    t.starts_with("Priorities") && t.chars().count() <= 80 && !t.ends_with(['.', ':', ';'])
}

enum State {
    Front,
    /// In the priorities list; `seen_item` once the first item has been read.
    Priorities {
        seen_item: bool,
    },
    Pillar,
    /// Between the priorities list and the first pillar, or after the plan's end.
    Outside,
}

/// The sections in order and where the first one begins.
pub(crate) fn sections(
    blocks: &[Block],
) -> Result<(Vec<PlanSection>, Option<FirstSection>), PlanError> {
    let mut sections: Vec<(usize, PlanSection)> = Vec::new();
    let mut first = None;
    let mut state = State::Front;
    let mut pillars = 0usize;
    let mut priorities = 0usize;
    let mut last_pillar: Option<String> = None;

    for (i, b) in blocks.iter().enumerate() {
        if !matches!(state, State::Front) && is_end_matter(b) {
            state = State::Outside;
            continue;
        }
        if let Some((num, rest)) = pillar_heading(b) {
            pillars += 1;
            let expected = roman(pillars);
            if num != expected {
                return Err(PlanError::Numbering {
                    line: b.line,
                    kind: SectionKind::Pillar,
                    found: format!("({num})"),
                    previous: last_pillar.map(|p| format!("({p})")),
                    expected: format!("({expected})"),
                });
            }
            last_pillar = Some(num.to_string());
            first.get_or_insert(FirstSection {
                block: i,
                kind: SectionKind::Pillar,
            });
            sections.push((
                b.line,
                PlanSection {
                    kind: SectionKind::Pillar,
                    number: num.to_string(),
                    title: title_of(rest),
                    text: clean(rest),
                    measures: Vec::new(),
                },
            ));
            state = State::Pillar;
            continue;
        }
        if matches!(state, State::Front | State::Outside)
            && is_priorities_heading(b)
            && pillars == 0
        {
            state = State::Priorities { seen_item: false };
            continue;
        }
        match (&mut state, bullet(b)) {
            (State::Priorities { seen_item }, Some(item)) => {
                let nested = b.indent >= 2 && *seen_item;
                if nested {
                    if let Some((_, s)) = sections.last_mut() {
                        let code = format!("P{}.{}", s.number, s.measures.len() + 1);
                        s.measures.push(measure(code, item));
                    }
                } else {
                    priorities += 1;
                    first.get_or_insert(FirstSection {
                        block: i,
                        kind: SectionKind::Priority,
                    });
                    sections.push((
                        b.line,
                        PlanSection {
                            kind: SectionKind::Priority,
                            number: priorities.to_string(),
                            title: title_of(item),
                            text: clean(item),
                            measures: Vec::new(),
                        },
                    ));
                    *seen_item = true;
                }
            }
            (State::Priorities { seen_item }, None) => {
                // An introduction before the list; after it, the list is over.
                if *seen_item {
                    state = State::Outside;
                }
            }
            (State::Pillar, Some(item)) => {
                if let Some((_, s)) = sections.last_mut() {
                    let nested = b.indent >= 2 && !s.measures.is_empty();
                    match s.measures.last_mut() {
                        Some(parent) if nested => {
                            let code = format!(
                                "{}({})",
                                parent.code,
                                letter(parent.sub_measures.len() + 1)
                            );
                            parent.sub_measures.push(measure(code, item));
                        }
                        _ => {
                            let code = format!("{}.{}", s.number, s.measures.len() + 1);
                            s.measures.push(measure(code, item));
                        }
                    }
                }
            }
            (State::Pillar, None) => {
                // A paragraph inside a pillar belongs to its wording.
                if let Some((_, s)) = sections.last_mut() {
                    s.text.push_str("\n\n");
                    s.text.push_str(&clean(&b.text));
                }
            }
            (State::Front | State::Outside, _) => {}
        }
    }

    check_measures(&sections)?;
    Ok((sections.into_iter().map(|(_, s)| s).collect(), first))
}

fn measure(code: String, item: &str) -> Measure {
    Measure {
        code,
        text: clean(item),
        sub_measures: Vec::new(),
    }
}

/// A pillar always has measures; a priority has them when its wording announces a list.
fn check_measures(sections: &[(usize, PlanSection)]) -> Result<(), PlanError> {
    for (line, s) in sections {
        let needs = s.kind == SectionKind::Pillar || announces_list(&s.text);
        if needs && s.measures.is_empty() {
            return Err(PlanError::NoMeasures {
                line: *line,
                kind: s.kind,
                number: s.number.clone(),
                title: s.title.clone(),
            });
        }
    }
    Ok(())
}

/// A copyright line or licence mark after the plan ends the sections.
pub(crate) fn is_end_matter(b: &Block) -> bool {
    b.text.starts_with('©') || b.text == "OGL"
}

/// 1 → "I", 4 → "IV" (pillars are few).
pub(crate) fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 5, 9, 14, 40].into_iter().map(roman).collect();
        assert_eq!(got, ["I", "II", "III", "IV", "V", "IX", "XIV", "XL"]);
    }

    #[test]
    fn pillar_headings() {
        let b = |t: &str| Block {
            line: 1,
            indent: 0,
            text: t.into(),
        };
        assert_eq!(
            pillar_heading(&b("(II) Trade by:")),
            Some(("II", "Trade by:"))
        );
        assert_eq!(pillar_heading(&b("(i) lower case")), None);
        assert_eq!(pillar_heading(&b("(II)")), None);
        assert_eq!(pillar_heading(&b("(see above) text")), None);
    }
}
