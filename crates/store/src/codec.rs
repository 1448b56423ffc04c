//! How domain values are spelled in columns, and back. Every column encoding lives here, so the
//! SQLite and a future PostgreSQL backend read and write the same spellings.

use std::cmp::Ordering;

use jiff::civil::Date;
use pledgewatch_domain::{CycleKind, PartialDate, PercentConvention, Verdict};

use crate::error::StoreError;

/// An `Option<Verdict>` as the chapter gave it: NULL when absent, this when given but empty.
const GIVEN_NOT_ASSESSED: &str = "not-assessed";

/// The matrix cell: `-1`, `0`, `1`, `n/a`, or NULL for not yet assessed.
pub(crate) fn verdict_code(v: Verdict) -> Option<&'static str> {
    v.code()
}

pub(crate) fn verdict_from(code: Option<&str>) -> Result<Verdict, StoreError> {
    Verdict::from_code(code).map_err(|e| StoreError::Corrupt(format!("assessment verdict: {e}")))
}

/// A verdict a chapter may or may not give (Assessment table, heading, Thus sentence).
pub(crate) fn given_verdict_code(v: Option<Verdict>) -> Option<&'static str> {
    match v {
        None => None,
        Some(Verdict::NotAssessed) => Some(GIVEN_NOT_ASSESSED),
        Some(v) => v.code(),
    }
}

pub(crate) fn given_verdict_from(code: Option<&str>) -> Result<Option<Verdict>, StoreError> {
    match code {
        None => Ok(None),
        Some(GIVEN_NOT_ASSESSED) => Ok(Some(Verdict::NotAssessed)),
        Some(c) => verdict_from(Some(c)).map(Some),
    }
}

/// ISO 8601 `YYYY-MM-DD`.
pub(crate) fn date_text(d: Date) -> String {
    d.to_string()
}

pub(crate) fn date_from(text: Option<&str>, what: &str) -> Result<Option<Date>, StoreError> {
    text.map(|t| {
        t.parse::<Date>()
            .map_err(|_| StoreError::Corrupt(format!("{what}: `{t}` is not a date")))
    })
    .transpose()
}

/// A citation's publication date, as precise as its source: `2024`, `2024-07` or `2024-07-04`
/// (the column is TEXT, so a full date written before partial dates existed reads the same).
pub(crate) fn partial_date_text(d: PartialDate) -> String {
    d.to_string()
}

pub(crate) fn partial_date_from(
    text: Option<&str>,
    what: &str,
) -> Result<Option<PartialDate>, StoreError> {
    text.map(|t| {
        t.parse::<PartialDate>()
            .map_err(|_| StoreError::Corrupt(format!("{what}: `{t}` is not a date")))
    })
    .transpose()
}

pub(crate) fn kind_from(text: Option<&str>) -> Result<Option<CycleKind>, StoreError> {
    text.map(|t| {
        CycleKind::parse(t).ok_or_else(|| {
            StoreError::Corrupt(format!("cycle kind: `{t}` is not interim or final"))
        })
    })
    .transpose()
}

pub(crate) fn convention_from(text: &str) -> Result<PercentConvention, StoreError> {
    PercentConvention::parse(text).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "cycle convention: `{text}` is not rescaled or legacy"
        ))
    })
}

pub(crate) fn footnote_from(n: i64) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("footnote number {n}")))
}

/// Commitment codes in reading order: runs of digits compare as numbers, so "2" < "10" and
/// "3a" < "3b" < "12"; equal numbers with different zero-padding fall back to the text.
pub(crate) fn code_order(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.is_empty(), y.is_empty()) {
            (true, true) => return a.cmp(b),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (xd, yd) = (leading_digits(x), leading_digits(y));
        let ord = match (xd.is_empty(), yd.is_empty()) {
            (false, false) => {
                let (xn, yn) = (xd.trim_start_matches('0'), yd.trim_start_matches('0'));
                xn.len().cmp(&yn.len()).then_with(|| xn.cmp(yn))
            }
            // A number sorts before text, so "18" comes before "A".
            (false, true) => Ordering::Less,
            (true, false) => Ordering::Greater,
            (true, true) => {
                let (xc, yc) = (first_char(x), first_char(y));
                xc.cmp(&yc)
            }
        };
        if ord != Ordering::Equal {
            return ord;
        }
        let step = |s: &'_ str, digits: &str| -> usize {
            if digits.is_empty() {
                first_char(s).map_or(0, char::len_utf8)
            } else {
                digits.len()
            }
        };
        x = &x[step(x, xd)..];
        y = &y[step(y, yd)..];
    }
}

fn leading_digits(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    &s[..end]
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pledgewatch_domain::Score;

    #[test]
    fn codes_sort_numerically() {
        let mut codes = vec!["10", "2", "18", "3b", "3a", "A", "1", "02", "19"];
        codes.sort_by(|a, b| code_order(a, b));
        assert_eq!(codes, ["1", "02", "2", "3a", "3b", "10", "18", "19", "A"]);
        assert_eq!(code_order("2", "2"), Ordering::Equal);
        assert_eq!(code_order("é2", "é10"), Ordering::Less);
    }

    #[test]
    fn publication_dates_keep_their_precision() {
        for text in ["2024", "2024-07", "2024-07-04"] {
            let d = partial_date_from(Some(text), "published").unwrap().unwrap();
            assert_eq!(partial_date_text(d), text);
        }
        assert_eq!(partial_date_from(None, "published").unwrap(), None);
        assert!(partial_date_from(Some("July 2024"), "published").is_err());
    }

    #[test]
    fn given_verdicts_keep_absent_apart_from_empty() {
        for v in [
            None,
            Some(Verdict::NotAssessed),
            Some(Verdict::NotApplicable),
            Some(Verdict::Scored(Score::NoCompliance)),
            Some(Verdict::Scored(Score::Full)),
        ] {
            assert_eq!(given_verdict_from(given_verdict_code(v)).unwrap(), v);
        }
        assert!(given_verdict_from(Some("2")).is_err());
    }
}
