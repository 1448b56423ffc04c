//! The words every renderer shares: the titles of Tables A–D and the headings of the research
//! team's roles. One place, so the HTML, Markdown, PDF, DOCX and the site never name the same
//! table three ways.

/// The titles of the report's four summary tables, with the cycle's name where a published
/// report puts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableTitles {
    /// `Table A: Commitments Selected for Compliance Monitoring`
    pub a: String,
    /// `Table B: 2024 G7 Apulia Summit Final Compliance Scores`
    pub b: String,
    /// `Table C: … Compliance Scores by Member`
    pub c: String,
    /// `Table D: … Compliance Scores by Commitment`
    pub d: String,
}

/// Table A's title: the commitments the team selected (the same in every report of any cycle).
pub const TABLE_A: &str = "Table A: Commitments Selected for Compliance Monitoring";

impl TableTitles {
    pub fn of(cycle: &str) -> TableTitles {
        let cycle = cycle.trim();
        let named = |letter: &str, what: &str| {
            if cycle.is_empty() {
                format!("Table {letter}: {what}")
            } else {
                format!("Table {letter}: {cycle} {what}")
            }
        };
        TableTitles {
            a: TABLE_A.to_string(),
            b: named("B", "Compliance Scores"),
            c: named("C", "Compliance Scores by Member"),
            d: named("D", "Compliance Scores by Commitment"),
        }
    }
}

/// The research team's section heading.
pub const RESEARCH_TEAM: &str = "Research Team";

/// The roles of the research team, in the order a report lists them.
pub const COMPLIANCE_DIRECTORS: &str = "Compliance Directors";
pub const LEAD_ANALYSTS: &str = "Lead Analysts";
pub const ANALYSTS: &str = "Analysts";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_cycle_except_table_a() {
        let t = TableTitles::of("2024 G7 Apulia Summit Final");
        assert_eq!(t.a, TABLE_A);
        assert_eq!(
            t.b,
            "Table B: 2024 G7 Apulia Summit Final Compliance Scores"
        );
        assert_eq!(
            t.d,
            "Table D: 2024 G7 Apulia Summit Final Compliance Scores by Commitment"
        );
        assert_eq!(
            TableTitles::of(" ").c,
            "Table C: Compliance Scores by Member"
        );
    }
}
