//! How domain values read on a page: score cells, averages, dates, footnote addresses.
//!
//! Everything here returns plain text; the templates escape it.

use std::collections::HashSet;

use jiff::civil::Date;
use pledgewatch_domain::citing::superscript_value;
use pledgewatch_domain::{Average, PartialDate, PercentConvention, Score, Verdict};

/// One score cell: a CSS class for its colour, and the text that says the same thing, so that
/// colour is never the only signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub class: &'static str,
    pub text: &'static str,
    /// Spelled-out meaning for the abbreviations `n/a` and `–`.
    pub title: Option<&'static str>,
}

impl Cell {
    pub fn of(verdict: Verdict) -> Cell {
        match verdict {
            Verdict::Scored(Score::Full) => Cell {
                class: "s-full",
                text: "+1",
                title: None,
            },
            Verdict::Scored(Score::Partial) => Cell {
                class: "s-partial",
                text: "0",
                title: None,
            },
            Verdict::Scored(Score::NoCompliance) => Cell {
                class: "s-none",
                text: "\u{2212}1",
                title: None,
            },
            Verdict::NotApplicable => Cell {
                class: "s-na",
                text: "n/a",
                title: Some("not applicable"),
            },
            Verdict::NotAssessed => Cell {
                class: "s-pending",
                text: "\u{2013}",
                title: Some("not yet assessed"),
            },
        }
    }
}

/// A verdict in running text: `+1`, `0`, `−1`, `n/a`, `not yet assessed`.
pub fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Scored(s) => s.published(),
        Verdict::NotApplicable => "n/a",
        Verdict::NotAssessed => "not yet assessed",
    }
}

/// The published line `+0.38 (69%)` (typographic minus), or `None` when nothing was scored.
pub fn average_line(average: Option<Average>, convention: PercentConvention) -> Option<String> {
    average.map(|a| a.published_line(convention))
}

/// How a cycle turns averages into percentages, said in words.
pub fn convention_text(convention: PercentConvention) -> &'static str {
    match convention {
        PercentConvention::Rescaled => {
            "(average + 1) / 2 \u{d7} 100, rounded half up, so \u{2212}1 is 0% and +1 is 100%"
        }
        PercentConvention::Legacy => {
            "average \u{d7} 100, the convention of reports before about 2003"
        }
    }
}

/// A date for display and for a `<time datetime>` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateView {
    /// `2024-07-04`
    pub iso: String,
    /// `4 July 2024`
    pub display: String,
    pub inferred: bool,
}

impl DateView {
    pub fn new(date: Date, inferred: bool) -> DateView {
        DateView {
            iso: date.to_string(),
            display: long_date(date),
            inferred,
        }
    }

    /// A citation's publication date as precise as its source: `July 2024` (`2024-07`, a valid
    /// `datetime` for HTML's `<time>`), never a day made up.
    pub fn published(date: PartialDate) -> DateView {
        DateView {
            iso: date.to_string(),
            display: date.published(),
            inferred: false,
        }
    }
}

/// `4 July 2024`, as the reports write dates: the domain's published form.
pub use pledgewatch_domain::dates::long_date;

/// `15 June 2024 – 15 May 2025`.
pub fn period_text(start: Date, end: Date) -> String {
    format!("{} \u{2013} {}", long_date(start), long_date(end))
}

/// Whether a footnote's address is sound enough to be a link: exactly when the data-quality
/// check finds nothing wrong with it (an http or https URL with a host, no whitespace, quotes or
/// angle brackets). Anything else is shown as text exactly as the source gives it: a defective
/// address is evidence of a defect, not something to repair.
pub fn linkable_url(url: &str) -> bool {
    pledgewatch_domain::check::url_problem(url).is_none()
}

/// A run of prose up to a footnote marker, and the marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub footnote: Option<u32>,
    /// Whether the chapter has that footnote; a marker to a missing one is not a link.
    pub defined: bool,
}

/// Splits prose at its footnote markers (runs of superscript digits, the model's convention for
/// citations in prose; see `pledgewatch_domain::citing`) and appends a marker for each number of
/// `cited` that the text does not carry itself.
pub fn prose(text: &str, cited: &[u32], defined: &HashSet<u32>) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(is_superscript_digit) {
        let run_len = rest[start..]
            .find(|c: char| !is_superscript_digit(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        let number = run.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(superscript_value(c)?)
        });
        match number {
            Some(n) => {
                seen.push(n);
                out.push(Segment {
                    text: rest[..start].to_string(),
                    footnote: Some(n),
                    defined: defined.contains(&n),
                });
            }
            // Too long to be a footnote number: keep it as text.
            None => out.push(Segment {
                text: rest[..start + run_len].to_string(),
                footnote: None,
                defined: false,
            }),
        }
        rest = &rest[start + run_len..];
    }
    if !rest.is_empty() {
        out.push(Segment {
            text: rest.to_string(),
            footnote: None,
            defined: false,
        });
    }
    for &n in cited {
        if !seen.contains(&n) {
            seen.push(n);
            out.push(Segment {
                text: String::new(),
                footnote: Some(n),
                defined: defined.contains(&n),
            });
        }
    }
    out
}

fn is_superscript_digit(c: char) -> bool {
    superscript_value(c).is_some()
}

/// Splits section text into paragraphs (blank-line separated), each a list of lines, so that a
/// table written as lines keeps its line breaks.
pub fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_string());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn three_states_read_differently() {
        let texts: Vec<&str> = [
            Verdict::Scored(Score::NoCompliance),
            Verdict::NotApplicable,
            Verdict::NotAssessed,
        ]
        .into_iter()
        .map(|v| Cell::of(v).text)
        .collect();
        assert_eq!(texts, ["\u{2212}1", "n/a", "\u{2013}"]);
        assert_ne!(
            Cell::of(Verdict::NotApplicable).class,
            Cell::of(Verdict::NotAssessed).class
        );
    }

    #[test]
    fn dates_read_as_in_reports() {
        assert_eq!(long_date(date(2024, 7, 4)), "4 July 2024");
        assert_eq!(
            period_text(date(2024, 6, 15), date(2025, 5, 15)),
            "15 June 2024 \u{2013} 15 May 2025"
        );
    }

    #[test]
    fn only_sound_addresses_become_links() {
        for ok in [
            "https://news.un.org/en/story/2024/06/1150981",
            "http://example.org",
            "https://www.interieur.gouv.fr/actualites/communiqués-de-presse/x",
            "https://example.org:8443/a?b=c#d",
        ] {
            assert!(linkable_url(ok), "{ok}");
        }
        for bad in [
            "https://laws-",
            "https://home- affairs.ec.europa.eu/x",
            "javascript:alert(1)",
            "ftp://example.org/file",
            "https:/example.org",
            "https://",
            "https://exa mple.org",
            "https://example.org/\"onmouseover=x",
        ] {
            assert!(!linkable_url(bad), "{bad}");
        }
    }

    #[test]
    fn prose_is_split_at_footnote_markers() {
        let defined: HashSet<u32> = [4068, 4069].into_iter().collect();
        let segs = prose(
            "Agreed.\u{2074}\u{2070}\u{2076}\u{2078} Then more.",
            &[4069, 4068],
            &defined,
        );
        let got: Vec<(&str, Option<u32>, bool)> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.footnote, s.defined))
            .collect();
        assert_eq!(
            got,
            [
                ("Agreed.", Some(4068), true),
                (" Then more.", None, false),
                ("", Some(4069), true),
            ]
        );
        let plain = prose("No markers", &[7], &defined);
        assert_eq!(plain.len(), 2);
        assert_eq!(plain[1].footnote, Some(7));
        assert!(!plain[1].defined);
        assert!(prose("", &[], &defined).is_empty());
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            paragraphs("a\nb\n\n\nc\n"),
            vec![
                vec!["a".to_string(), "b".to_string()],
                vec!["c".to_string()]
            ]
        );
    }
}
