//! Dates as compliance reports print them: `4 July 2024`, `01 November 2024`, `August 23 2024`,
//! `July 2024`, `n.d.`, and the year-less `17 December` of an evidence paragraph.

use jiff::civil::Date;
use pledgewatch_domain::PartialDate;
use pledgewatch_domain::dates::MONTH_NAMES;

/// The month of an English month name, full or abbreviated (`Sept.`, `Oct`). Capitalised only:
/// "may" and "march" are verbs.
pub(crate) fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches(['.', ',']);
    if w.len() < 3 || !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let found = MONTH_NAMES.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(w)) || (w == "Sept" && *m == "September")
    })?;
    i8::try_from(found + 1).ok()
}

/// `4`, `04`, `23rd` → the day number, if it can be one.
fn day_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches([',', '.']);
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: i8 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A four-digit year, trailing punctuation allowed.
fn year_number(word: &str) -> Option<i16> {
    let w = word.trim_end_matches([',', '.', ';', ')']);
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// A whole date, `4 July 2024` or `July 4, 2024`; `None` when the text is not exactly one date or
/// names a day that does not exist.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (d, m, y) = match words.as_slice() {
        [d, m, y] if month_number(m).is_some() => {
            (day_number(d)?, month_number(m)?, year_number(y)?)
        }
        [m, d, y] => (day_number(d)?, month_number(m)?, year_number(y)?),
        _ => return None,
    };
    Date::new(y, m, d).ok()
}

/// Where a footnote's publication date sits in its text and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    /// Byte range of the date in the searched text.
    pub start: usize,
    pub end: usize,
    /// As precise as written (`July 2024` is a month); `None` for `n.d.` or a day that does not
    /// exist.
    pub date: Option<PartialDate>,
}

/// The last date-like phrase in `text` (`12 June 2024`, `August 23 2024`, `July 2024`, `n.d.`,
/// or a year alone right after the place: `(Ottawa) 2024.`): in a footnote it is the
/// publication date, whatever dates the title itself contains.
pub(crate) fn last_date(text: &str) -> Option<FoundDate> {
    let words: Vec<(usize, &str)> = words_with_offsets(text).collect();
    let end_of = |i: usize| {
        let (s, w) = words[i];
        s + w.trim_end_matches([',', '.', ';']).len()
    };
    let day = |y: i16, m: i8, d: i8| Date::new(y, m, d).ok().map(PartialDate::from);
    let mut best: Option<FoundDate> = None;
    for (i, &(start, w)) in words.iter().enumerate() {
        let found = if matches!(w.trim_end_matches([',', ';']), "n.d." | "n.d" | "(n.d.)") {
            Some(FoundDate {
                start,
                end: start + w.trim_end_matches([',', ';']).len(),
                date: None,
            })
        } else if let Some(m) = month_number(w) {
            let day_before = i
                .checked_sub(1)
                .and_then(|j| day_number(words[j].1).map(|d| (j, d)));
            let next = words.get(i + 1).map(|x| x.1);
            let after = words.get(i + 2).map(|x| x.1);
            if let (Some((j, d)), Some(y)) = (day_before, next.and_then(year_number)) {
                // `4 July 2024`.
                Some(FoundDate {
                    start: words[j].0,
                    end: end_of(i + 1),
                    date: day(y, m, d),
                })
            } else if let (Some(d), Some(y)) =
                (next.and_then(day_number), after.and_then(year_number))
            {
                Some(FoundDate {
                    start,
                    end: end_of(i + 2),
                    date: day(y, m, d),
                })
            } else {
                // `July 2024`: a month, kept as one.
                next.and_then(year_number).map(|y| FoundDate {
                    start,
                    end: end_of(i + 1),
                    date: PartialDate::of_month(y, m),
                })
            }
        } else if i > 0
            && i + 1 == words.len()
            && words[i - 1].1.trim_end_matches('.').ends_with(')')
        {
            // `(Ottawa) 2024.`: a year alone, where the date goes.
            year_number(w).map(|y| FoundDate {
                start,
                end: end_of(i),
                date: PartialDate::of_year(y),
            })
        } else {
            None
        };
        if let Some(f) = found
            && best.is_none_or(|b| f.start > b.start)
        {
            best = Some(f);
        }
    }
    best
}

fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// The date an evidence paragraph opens with: `On 4 July 2024,` or the year-less `On 17 December,`.
/// Day and year are kept as written, so that a paragraph meant as evidence but with an
/// impossible date (`On 2 December 99999,`) is an error rather than narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EvidencePrefix<'a> {
    /// The day's digits.
    pub day: &'a str,
    pub month: i8,
    /// The year's digits, when there is a year.
    pub year: Option<&'a str>,
    /// The date as written, for error messages: `17 December`.
    pub written: &'a str,
}

/// Reads `On <day> <Month> <year>,` or `On <day> <Month>,` at the start of a paragraph, where
/// day and year are runs of digits (checked by the caller).
pub(crate) fn evidence_prefix(text: &str) -> Option<EvidencePrefix<'_>> {
    let rest = text.strip_prefix("On ")?;
    let (day, rest) = rest.split_once(' ')?;
    if !all_digits(day) {
        return None;
    }
    let month_len = rest.find([' ', ','])?;
    let month = month_number(&rest[..month_len])?;
    let after = &rest[month_len..];
    let (year, written_len) = if after.starts_with(',') {
        (None, 3 + day.len() + 1 + month_len)
    } else {
        let y = after.strip_prefix(' ')?;
        let (year, _) = y.split_once(',')?;
        if !all_digits(year) {
            return None;
        }
        (Some(year), 3 + day.len() + 1 + month_len + 1 + year.len())
    };
    Some(EvidencePrefix {
        day,
        month,
        year,
        written: &text[3..written_len],
    })
}

fn all_digits(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a paragraph opens with a date: `16 November 2024, …`, `16 November, …`,
/// `November 2024, …` or `November 16, 2024, …`.
pub(crate) fn opens_with_date(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let day = |w: &str| {
        let w = w.trim_end_matches(',');
        w.len() <= 2 && all_digits(w)
    };
    let year = |w: &str| {
        let w = w.trim_end_matches([',', '.']);
        w.len() == 4 && all_digits(w)
    };
    (day(first) && month_number(second).is_some())
        || (month_number(first).is_some() && (day(second) || year(second)))
}

/// `15 June 2024 to 15 May 2025` (also with an en dash): the two ends of a compliance period.
pub(crate) fn parse_period_line(text: &str) -> Option<(Date, Date)> {
    let t = text.trim();
    for sep in [" to ", " – ", " - ", "–"] {
        if let Some((a, b)) = t.split_once(sep) {
            return Some((parse_date(a)?, parse_date(b)?));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn whole_dates() {
        assert_eq!(parse_date("4 July 2024"), Some(date(2024, 7, 4)));
        assert_eq!(parse_date("01 November 2024."), Some(date(2024, 11, 1)));
        assert_eq!(parse_date("August 23 2024"), Some(date(2024, 8, 23)));
        assert_eq!(parse_date("August 23, 2024"), Some(date(2024, 8, 23)));
        assert_eq!(parse_date("31 February 2024"), None);
        assert_eq!(parse_date("July 2024"), None);
        assert_eq!(parse_date("4 may 2024"), None);
    }

    #[test]
    fn last_date_in_a_footnote_head() {
        let head = "Remarks after the meeting of 27 June 2024, Council (Brussels) 28 June 2024.";
        let f = last_date(head).unwrap();
        assert_eq!(f.date, Some(date(2024, 6, 28).into()));
        assert_eq!(&head[f.start..f.end], "28 June 2024");
        let nd = "Promote, Dictionary (Cambridge) n.d.";
        let f = last_date(nd).unwrap();
        assert_eq!((f.date, &nd[f.start..f.end]), (None, "n.d."));
        let my = "Aktionsplan, Bundesregierung (Berlin) July 2024.";
        let f = last_date(my).unwrap();
        assert_eq!(
            (f.date, &my[f.start..f.end]),
            (PartialDate::of_month(2024, 7), "July 2024")
        );
        let us = "Title, The Paper (London) August 23 2024.";
        assert_eq!(last_date(us).unwrap().date, Some(date(2024, 8, 23).into()));
        assert_eq!(last_date("No date here, Publisher (Place)"), None);
        let year = "Yearbook, Harbour Office (Port Town) 2030.";
        let f = last_date(year).unwrap();
        assert_eq!(
            (f.date, &year[f.start..f.end]),
            (PartialDate::of_year(2030), "2030")
        );
        // A year in a title is not a publication date.
        assert_eq!(last_date("Plan 2030, Harbour Office (Port Town)"), None);
        assert_eq!(last_date("Annual report 2030"), None);
        // A day that does not exist: the date is there, but unreadable.
        let f = last_date("Title, Office (Town) 31 February 2030.").unwrap();
        assert_eq!(f.date, None);
    }

    #[test]
    fn evidence_prefixes() {
        let e = evidence_prefix("On 4 July 2024, the agency acted.").unwrap();
        assert_eq!(
            (e.day, e.month, e.year, e.written),
            ("4", 7, Some("2024"), "4 July 2024")
        );
        let e = evidence_prefix("On 17 December, the government acted.").unwrap();
        assert_eq!(
            (e.day, e.month, e.year, e.written),
            ("17", 12, None, "17 December")
        );
        assert_eq!(evidence_prefix("On the other hand, nothing."), None);
        assert_eq!(evidence_prefix("On 4 July 2024 the agency"), None);
        assert_eq!(evidence_prefix("16 November 2024, the parliament"), None);
        let e = evidence_prefix("On 31 February 2025, x").unwrap();
        assert_eq!((e.day, e.month, e.year), ("31", 2, Some("2025")));
        // Impossible days and years are read as written, for the caller to refuse.
        let e = evidence_prefix("On 2 December 99999, x").unwrap();
        assert_eq!((e.year, e.written), (Some("99999"), "2 December 99999"));
        let e = evidence_prefix("On 123 May 2024, x").unwrap();
        assert_eq!(e.day, "123");
        assert_eq!(
            evidence_prefix("On 2 December 2024 to 3 January 2025, x"),
            None
        );
    }

    #[test]
    fn paragraphs_that_open_with_a_date() {
        for t in [
            "16 November 2024, the parliament",
            "16 November, the parliament",
            "November 2024, the parliament",
            "November 16, 2024, the parliament",
        ] {
            assert!(opens_with_date(t), "{t}");
        }
        for t in [
            "16 people, the parliament",
            "the 16 November deal",
            "May we",
            "2024",
        ] {
            assert!(!opens_with_date(t), "{t}");
        }
    }

    #[test]
    fn periods() {
        assert_eq!(
            parse_period_line("15 June 2024 to 15 May 2025"),
            Some((date(2024, 6, 15), date(2025, 5, 15)))
        );
        assert_eq!(parse_period_line("Prepared by"), None);
    }
}
