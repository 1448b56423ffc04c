//! The report header in a file's front matter: the report's title
//! ("2024 G7 Apulia Summit Final Compliance Report") and its compliance period
//! ("15 June 2024 to 15 May 2025"). Together they name a cycle, and a title of the usual shape
//! also names the institution ("G7") and the summit ("2024 Apulia Summit").

use pledgewatch_domain::institution::leading_year;
use pledgewatch_domain::{CycleKind, Period, Summit};

use crate::chapter::dates::parse_period_line;

/// What a report's front matter says about its cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportHeader {
    /// "2024 G7 Apulia Summit Final Compliance Report".
    pub title: String,
    /// The title without " Compliance Report": "2024 G7 Apulia Summit Final".
    pub cycle_name: String,
    pub kind: Option<CycleKind>,
    /// From "15 June 2024 to 15 May 2025".
    pub period: Option<Period>,
    /// "G7", when the title has the usual shape (see [`summit_of_title`]).
    pub institution: Option<String>,
    /// "2024 Apulia Summit" of the G7.
    pub summit: Option<Summit>,
}

const TITLE_SUFFIX: &str = " Compliance Report";

/// Reads the header from front-matter lines. The title is the first short line ending in
/// "Compliance Report"; the period is the first line that is exactly two dates joined by "to".
/// A period without a title still helps to resolve year-less dates, so it is returned apart.
pub(crate) fn read(lines: &[&str]) -> (Option<ReportHeader>, Option<Period>) {
    let mut title: Option<&str> = None;
    let mut period: Option<Period> = None;
    for line in lines {
        let t = line.trim().trim_matches(['*', '#', '_']).trim();
        if title.is_none()
            && t.len() < 160
            && t.ends_with(TITLE_SUFFIX)
            && t.len() > TITLE_SUFFIX.len()
        {
            title = Some(t);
        } else if period.is_none()
            && let Some((start, end)) = parse_period_line(t)
        {
            period = Period::new(start, end).ok();
        }
        if title.is_some() && period.is_some() {
            break;
        }
    }
    let header = title.map(|t| {
        let cycle_name = t[..t.len() - TITLE_SUFFIX.len()].trim().to_string();
        let kind = cycle_name
            .split_whitespace()
            .rev()
            .find_map(CycleKind::parse);
        let summit = summit_of_title(&cycle_name);
        ReportHeader {
            title: t.to_string(),
            institution: summit.as_ref().map(|s| s.institution.clone()),
            summit,
            cycle_name,
            kind,
            period,
        }
    });
    (header, period)
}

/// The summit a report title names, when it starts in the usual shape: a year, the
/// institution's token, the place, "Summit" (then whatever qualifies the report: "Final",
/// "Demo Final", " Compliance Report"): "2024 G7 Apulia Summit Final" → the G7's "2024 Apulia
/// Summit". The token is one word of capital letters and digits starting with a letter (G7,
/// G20, BRICS). Any other shape gives `None`: the title still names the cycle, just no summit.
pub fn summit_of_title(title: &str) -> Option<Summit> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let year = leading_year(title)?;
    let summit_at = words.iter().position(|w| *w == "Summit")?;
    let institution = *words.get(1)?;
    let place = words.get(2..summit_at)?;
    if place.is_empty() || !is_institution_token(institution) {
        return None;
    }
    Some(Summit {
        institution: institution.to_string(),
        name: format!("{year} {} Summit", place.join(" ")),
        year,
        // A title gives no summit dates (the period may start on its last day or the next).
        ended_on: None,
    })
}

fn is_institution_token(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_and_period() {
        let lines = [
            "",
            "www.example.org",
            "2031 G20 Harbour Summit Interim Compliance Report",
            "",
            "1 December 2030 to 30 June 2031",
        ];
        let (h, p) = read(&lines);
        let h = h.unwrap();
        assert_eq!(h.cycle_name, "2031 G20 Harbour Summit Interim");
        assert_eq!(h.kind, Some(CycleKind::Interim));
        assert_eq!(
            h.period,
            Some(Period::parse("2030-12-01..2031-06-30").unwrap())
        );
        assert_eq!(p, h.period);
        assert_eq!(h.institution.as_deref(), Some("G20"));
        assert_eq!(
            h.summit.as_ref().map(|s| (s.name.as_str(), s.ended_on)),
            Some(("2031 Harbour Summit", None))
        );
        assert_eq!(read(&["Contents", "Introduction 3"]), (None, None));
    }

    #[test]
    fn a_g7_title_names_institution_and_summit() {
        let lines = [
            "2024 G7 Apulia Summit Final Compliance Report",
            "15 June 2024 to 15 May 2025",
        ];
        let h = read(&lines).0.unwrap();
        assert_eq!(h.cycle_name, "2024 G7 Apulia Summit Final");
        assert_eq!(h.kind, Some(CycleKind::Final));
        assert_eq!(h.institution.as_deref(), Some("G7"));
        assert_eq!(
            h.summit,
            Some(Summit {
                institution: "G7".into(),
                name: "2024 Apulia Summit".into(),
                year: 2024,
                ended_on: None,
            })
        );
    }

    #[test]
    fn a_g20_title_with_a_place_of_two_words() {
        let h = read(&["2023 G20 New Delhi Summit Interim Compliance Report"])
            .0
            .unwrap();
        assert_eq!(h.kind, Some(CycleKind::Interim));
        assert_eq!(h.institution.as_deref(), Some("G20"));
        let s = h.summit.unwrap();
        assert_eq!(
            (s.institution.as_str(), s.name.as_str(), s.year, s.ended_on),
            ("G20", "2023 New Delhi Summit", 2023, None)
        );
    }

    #[test]
    fn other_titles_name_the_cycle_but_no_summit() {
        for title in [
            "Calais Group Annual Compliance Report",
            "2024 Calais Group Priorities Final Compliance Report",
            "2024 G7 Summit Final Compliance Report",
            "G7 Apulia Summit Final Compliance Report",
            "2024 g7 Apulia Summit Final Compliance Report",
            "24 G7 Apulia Summit Final Compliance Report",
            "2024 G7 Summit on Apulia Final Compliance Report",
        ] {
            let h = read(&[title]).0.unwrap_or_else(|| panic!("{title}"));
            assert_eq!((h.institution, h.summit), (None, None), "{title}");
            assert!(!h.cycle_name.is_empty());
        }
        assert_eq!(summit_of_title(""), None);
        assert_eq!(summit_of_title("Summit"), None);
        assert_eq!(
            summit_of_title("1998 G8 Birmingham Summit").map(|s| s.name),
            Some("1998 Birmingham Summit".to_string())
        );
        // Words after "Summit" qualify the report, not the summit.
        assert_eq!(
            summit_of_title("2024 G7 Apulia Summit Demo Final Compliance Report")
                .map(|s| (s.institution, s.name)),
            Some(("G7".to_string(), "2024 Apulia Summit".to_string()))
        );
    }
}
