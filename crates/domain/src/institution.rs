//! Who makes commitments and where: institutions (G7, G20, Calais Group), their summits, and the
//! source documents a commitment is quoted from (many commitments share one communiqué).

use jiff::civil::Date;

use crate::model::{Commitment, Cycle};

/// A club of members that makes commitments: "G7", "G20", "Calais Group".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Institution {
    pub name: String,
}

/// A meeting of an institution where commitments are made.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Summit {
    /// The institution's name: "G7".
    pub institution: String,
    /// "2024 Apulia Summit".
    pub name: String,
    pub year: i16,
    /// The summit's last day, when known.
    pub ended_on: Option<Date>,
}

/// The text commitments come from: a leaders' communiqué, a ministerial action plan, a priority
/// plan. Identified by its title within its summit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceDocument {
    /// "Apulia G7 Leaders' Communiqué".
    pub title: String,
}

impl Commitment {
    /// The document the commitment is quoted from (its `source`, trimmed); `None` when it names
    /// none, as for a commitment known only from a score sheet.
    pub fn source_document(&self) -> Option<SourceDocument> {
        let title = self.source.trim();
        (!title.is_empty()).then(|| SourceDocument {
            title: title.to_string(),
        })
    }
}

impl Summit {
    /// The summit a cycle assesses, when the cycle names both its institution and its summit.
    /// The year is the one the summit's name starts with ("2024 Apulia Summit"), else the year
    /// the compliance period starts. The summit's dates are not derived from the period: reports
    /// start the period on the summit's last day or the day after, so only an editor can say.
    /// `None` when a part is missing.
    pub fn of_cycle(cycle: &Cycle) -> Option<Summit> {
        let institution = cycle.institution.as_deref()?.trim();
        let name = cycle.summit.as_deref()?.trim();
        if institution.is_empty() || name.is_empty() {
            return None;
        }
        let year = leading_year(name).or_else(|| cycle.period.map(|p| p.start.year()))?;
        Some(Summit {
            institution: institution.to_string(),
            name: name.to_string(),
            year,
            ended_on: None,
        })
    }
}

/// The year a name starts with: "2024 Apulia Summit" → 2024.
pub fn leading_year(name: &str) -> Option<i16> {
    let first = name.split_whitespace().next()?;
    if first.len() != 4 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    first.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PercentConvention;
    use crate::model::Period;
    use jiff::civil::date;

    fn cycle(institution: Option<&str>, summit: Option<&str>, period: Option<Period>) -> Cycle {
        Cycle {
            name: "A cycle".into(),
            kind: None,
            period,
            convention: PercentConvention::Rescaled,
            institution: institution.map(Into::into),
            summit: summit.map(Into::into),
        }
    }

    #[test]
    fn a_cycle_names_its_summit() {
        let period = Period::new(date(2024, 6, 15), date(2025, 5, 15)).ok();
        let s = Summit::of_cycle(&cycle(Some("G7"), Some("2024 Apulia Summit"), period)).unwrap();
        assert_eq!(
            s,
            Summit {
                institution: "G7".into(),
                name: "2024 Apulia Summit".into(),
                year: 2024,
                ended_on: None,
            }
        );
        // No year in the name: the period's; no period: no end date.
        let s = Summit::of_cycle(&cycle(Some("Calais Group"), Some("London Meeting"), period));
        assert_eq!(s.map(|s| s.year), Some(2024));
        let s = Summit::of_cycle(&cycle(Some("G20"), Some("2023 New Delhi Summit"), None)).unwrap();
        assert_eq!((s.year, s.ended_on), (2023, None));
        assert_eq!(
            Summit::of_cycle(&cycle(Some("G7"), Some("London Meeting"), None)),
            None
        );
        assert_eq!(
            Summit::of_cycle(&cycle(None, Some("2024 Apulia Summit"), period)),
            None
        );
        assert_eq!(Summit::of_cycle(&cycle(Some("G7"), None, period)), None);
        assert_eq!(
            Summit::of_cycle(&cycle(Some(" "), Some("2024 X"), period)),
            None
        );
    }

    #[test]
    fn leading_years() {
        assert_eq!(leading_year("2024 Apulia Summit"), Some(2024));
        assert_eq!(leading_year(" 1998 Birmingham Summit"), Some(1998));
        assert_eq!(leading_year("Apulia 2024"), None);
        assert_eq!(leading_year("20245 Summit"), None);
        assert_eq!(leading_year("２０２４ Summit"), None);
        assert_eq!(leading_year(""), None);
    }

    #[test]
    fn a_commitment_names_its_source_document() {
        let mut c = Commitment {
            code: "18".into(),
            area: "Migration".into(),
            title: "Border Management".into(),
            text: "We will …".into(),
            source: " Apulia G7 Leaders\u{2019} Communiqué ".into(),
        };
        assert_eq!(
            c.source_document(),
            Some(SourceDocument {
                title: "Apulia G7 Leaders\u{2019} Communiqué".into()
            })
        );
        c.source = "  ".into();
        assert_eq!(c.source_document(), None);
    }
}
