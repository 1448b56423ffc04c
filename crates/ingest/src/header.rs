//! The report header in a file's front matter: the report's title
//! ("2024 G7 Apulia Summit Final Compliance Report") and its compliance period
//! ("15 June 2024 to 15 May 2025"). Together they name a cycle.

use pledgewatch_domain::{CycleKind, Period};

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
        ReportHeader {
            title: t.to_string(),
            cycle_name,
            kind,
            period,
        }
    });
    (header, period)
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
        assert_eq!(read(&["Contents", "Introduction 3"]), (None, None));
    }
}
