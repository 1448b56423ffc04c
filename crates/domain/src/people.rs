//! The people who write a report (compliance directors, lead analysts, analysts), each one
//! person however many ways their name was typed (`d'Aragon` / `d’Aragon`).

use crate::model::Chapter;
use crate::names::{person_key, spelling};

/// One person, under the spelling used most (the first seen on a tie), with every other
/// spelling seen, in the order first seen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Person {
    pub name: String,
    pub variants: Vec<String>,
}

impl Person {
    /// The spelling-insensitive identity shared by the name and all its variants.
    pub fn key(&self) -> String {
        person_key(&self.name)
    }
}

/// Groups names as written into persons, in the order each person is first seen. Blank names
/// are skipped; spellings are compared as written (whitespace collapsed, a trailing `*` marker
/// dropped), persons by [`person_key`].
pub fn group_people<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Person> {
    // Per person: its key, then each spelling with the order first seen and how often it is used.
    let mut people: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for name in names {
        let key = person_key(name);
        if key.is_empty() {
            continue;
        }
        let written = spelling(name);
        let index = match people.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                people.push((key, Vec::new()));
                people.len() - 1
            }
        };
        let spellings = &mut people[index].1;
        match spellings.iter_mut().find(|(s, _)| *s == written) {
            Some((_, uses)) => *uses += 1,
            None => spellings.push((written, 1)),
        }
    }
    people
        .into_iter()
        .filter_map(|(_, spellings)| {
            let usual = spellings
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, uses))| (*uses, std::cmp::Reverse(*i)))
                .map(|(i, _)| i)?;
            let name = spellings[usual].0.clone();
            let variants = spellings
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != usual)
                .map(|(_, (s, _))| s)
                .collect();
            Some(Person { name, variants })
        })
        .collect()
}

/// Every name a chapter signs, in reading order: its compliance director, its lead analyst,
/// then each member section's analyst.
pub fn signed_names(chapter: &Chapter) -> impl Iterator<Item = &str> {
    chapter
        .director
        .iter()
        .chain(&chapter.lead_analyst)
        .chain(chapter.members.iter().filter_map(|m| m.analyst.as_ref()))
        .map(String::as_str)
}

/// The people of a cycle's chapters (every director, lead analyst and analyst), spelling
/// variants grouped, in the order first seen.
pub fn people_of(chapters: &[Chapter]) -> Vec<Person> {
    group_people(chapters.iter().flat_map(signed_names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commitment, MemberSection};

    fn section(member: &str, analyst: Option<&str>) -> MemberSection {
        MemberSection {
            member: member.into(),
            heading_verdict: None,
            thus_verdict: None,
            opening: String::new(),
            body: Vec::new(),
            conclusion: String::new(),
            analyst: analyst.map(Into::into),
        }
    }

    fn chapter(director: Option<&str>, lead: Option<&str>, analysts: &[&str]) -> Chapter {
        Chapter {
            commitment: Commitment {
                code: "1".into(),
                area: String::new(),
                title: String::new(),
                text: String::new(),
                source: String::new(),
            },
            sections: Vec::new(),
            director: director.map(Into::into),
            lead_analyst: lead.map(Into::into),
            assessment_table: Vec::new(),
            published_average: None,
            members: analysts
                .iter()
                .map(|a| section("Freedonia", (!a.is_empty()).then_some(*a)))
                .collect(),
            citations: Vec::new(),
        }
    }

    fn person(name: &str, variants: &[&str]) -> Person {
        Person {
            name: name.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn spelling_variants_are_one_person() {
        let chapters = [
            chapter(
                Some("Jane Roe"),
                Some("Kevin Li*"),
                &[
                    "Olivier d'Aragon",
                    "Maya Tran",
                    "",
                    "Olivier d\u{2019}Aragon",
                ],
            ),
            chapter(
                Some("Jane  Roe "),
                None,
                &["Maya Tran", "Olivier d\u{2019}Aragon", "Kevin Li"],
            ),
        ];
        let people = people_of(&chapters);
        assert_eq!(
            people,
            [
                person("Jane Roe", &[]),
                person("Kevin Li", &[]),
                // Used twice against once: the curly apostrophe is the name.
                person("Olivier d\u{2019}Aragon", &["Olivier d'Aragon"]),
                person("Maya Tran", &[]),
            ]
        );
        assert_eq!(people[2].key(), person_key("Olivier d'Aragon"));
    }

    #[test]
    fn a_tie_goes_to_the_spelling_seen_first() {
        assert_eq!(
            group_people(["Anne\u{2013}Marie Dupont", "Anne-Marie Dupont", " ", ""]),
            [person("Anne\u{2013}Marie Dupont", &["Anne-Marie Dupont"])]
        );
        assert_eq!(group_people([]), Vec::<Person>::new());
        assert_eq!(people_of(&[]), Vec::<Person>::new());
    }

    #[test]
    fn names_are_signed_in_reading_order() {
        let c = chapter(Some("D"), Some("L"), &["A", "", "B"]);
        assert_eq!(signed_names(&c).collect::<Vec<_>>(), ["D", "L", "A", "B"]);
    }
}
