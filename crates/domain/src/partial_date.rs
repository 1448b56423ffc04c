//! A date as precise as its source gives it: a year (`2024`), a month of a year (`July 2024`) or a
//! day (`4 July 2024`). A citation's publication date is often printed without its day; keeping
//! it at that precision, rather than dropping it or inventing a day, is what lets the exports
//! say `2024-07` and the check compare an access date with it fairly.
//!
//! Written as ISO 8601 text everywhere it leaves the domain (`2024`, `2024-07`, `2024-07-04`):
//! `Display`, `FromStr` and serde all use that form, so a stored or exported value reads back
//! as the same value. A value of this type is always a real date at its precision.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

use crate::dates::{long_date, month_name};

/// A year, a month of a year, or a day; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate(Precision);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Precision {
    Year(i16),
    Month(i16, i8),
    Day(Date),
}

/// Why text is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-07, 2024-07-04)")]
pub struct PartialDateError(String);

/// The years a partial date can name: the four-digit years of ISO 8601's basic form.
const YEARS: std::ops::RangeInclusive<i16> = 1..=9999;

impl PartialDate {
    /// The year `year` (1–9999).
    pub fn of_year(year: i16) -> Option<PartialDate> {
        YEARS
            .contains(&year)
            .then_some(PartialDate(Precision::Year(year)))
    }

    /// Month `month` (1–12) of `year` (1–9999).
    pub fn of_month(year: i16, month: i8) -> Option<PartialDate> {
        (YEARS.contains(&year) && (1..=12).contains(&month))
            .then_some(PartialDate(Precision::Month(year, month)))
    }

    pub fn year(self) -> i16 {
        match self.0 {
            Precision::Year(y) | Precision::Month(y, _) => y,
            Precision::Day(d) => d.year(),
        }
    }

    /// The month, unless only the year is known.
    pub fn month(self) -> Option<i8> {
        match self.0 {
            Precision::Year(_) => None,
            Precision::Month(_, m) => Some(m),
            Precision::Day(d) => Some(d.month()),
        }
    }

    /// The whole date, when the day is known.
    pub fn date(self) -> Option<Date> {
        match self.0 {
            Precision::Day(d) => Some(d),
            _ => None,
        }
    }

    /// The first day it covers: 1 January for a year, the 1st for a month.
    pub fn first_day(self) -> Date {
        let (year, month, day) = match self.0 {
            Precision::Year(y) => (y, 1, 1),
            Precision::Month(y, m) => (y, m, 1),
            Precision::Day(d) => return d,
        };
        // Years and months were checked when the value was made.
        Date::new(year, month, day).unwrap_or(Date::MIN)
    }

    /// Whether all of it comes after `date`: a source accessed on `date` cannot have been
    /// published then. Compared at the precision given, so July 2024 is not after 15 July 2024.
    pub fn is_after(self, date: Date) -> bool {
        date < self.first_day()
    }

    /// As a report prints it: `2024`, `July 2024`, `4 July 2024`.
    pub fn published(self) -> String {
        match self.0 {
            Precision::Year(y) => y.to_string(),
            Precision::Month(y, m) => format!("{} {y}", month_name(m).unwrap_or("")),
            Precision::Day(d) => long_date(d),
        }
    }
}

impl From<Date> for PartialDate {
    fn from(date: Date) -> PartialDate {
        PartialDate(Precision::Day(date))
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601: `2024`, `2024-07`, `2024-07-04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Precision::Year(y) => write!(f, "{y:04}"),
            Precision::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Precision::Day(d) => write!(f, "{d}"),
        }
    }
}

impl FromStr for PartialDate {
    type Err = PartialDateError;

    /// Exactly `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a real date at that precision.
    fn from_str(text: &str) -> Result<PartialDate, PartialDateError> {
        let bad = || PartialDateError(text.chars().filter(|c| !c.is_control()).collect());
        let number = |part: &str, len: usize| {
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i16>().ok())
                .flatten()
        };
        let parts: Vec<&str> = text.split('-').collect();
        let parsed = match parts.as_slice() {
            [y] => number(y, 4).and_then(PartialDate::of_year),
            [y, m] => match (number(y, 4), number(m, 2)) {
                (Some(y), Some(m)) => i8::try_from(m)
                    .ok()
                    .and_then(|m| PartialDate::of_month(y, m)),
                _ => None,
            },
            [y, m, d] => match (number(y, 4), number(m, 2), number(d, 2)) {
                (Some(y), Some(m), Some(d)) if YEARS.contains(&y) => {
                    match (i8::try_from(m), i8::try_from(d)) {
                        (Ok(m), Ok(d)) => Date::new(y, m, d).ok().map(PartialDate::from),
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        };
        parsed.ok_or_else(bad)
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PartialDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn iso_text_both_ways() {
        for text in ["2024", "2024-07", "2024-07-04", "0001", "9999-12-31"] {
            let d: PartialDate = text.parse().unwrap();
            assert_eq!(d.to_string(), text);
        }
        assert_eq!(
            "2024-07".parse::<PartialDate>(),
            Ok(PartialDate::of_month(2024, 7).unwrap())
        );
        assert_eq!(
            "2024-07-04".parse::<PartialDate>(),
            Ok(PartialDate::from(date(2024, 7, 4)))
        );
        for bad in [
            "",
            "24",
            "20245",
            "2024-7",
            "2024-13",
            "2024-00",
            "2024-02-30",
            "2024-07-4",
            "0000",
            "-2024",
            "2024-07-04-01",
            "2024/07",
            "July 2024",
            "+2024",
            "２０２４",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad:?}");
        }
        let e = "2024-13".parse::<PartialDate>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`2024-13` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-07, 2024-07-04)"
        );
    }

    #[test]
    fn serde_is_the_iso_text() {
        let d = PartialDate::of_month(2024, 7).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-07\"");
        assert_eq!(
            serde_json::from_str::<PartialDate>("\"2024-07\"").unwrap(),
            d
        );
        // What a full date (jiff's serde) was written as reads back as a day.
        let day = serde_json::to_string(&date(2024, 7, 4)).unwrap();
        assert_eq!(
            serde_json::from_str::<PartialDate>(&day).unwrap(),
            PartialDate::from(date(2024, 7, 4))
        );
        assert!(serde_json::from_str::<PartialDate>("\"July 2024\"").is_err());
    }

    #[test]
    fn precision_and_the_published_form() {
        let july = PartialDate::of_month(2024, 7).unwrap();
        assert_eq!(
            (july.year(), july.month(), july.date()),
            (2024, Some(7), None)
        );
        assert_eq!(july.published(), "July 2024");
        assert_eq!(july.first_day(), date(2024, 7, 1));
        assert_eq!(PartialDate::of_year(2024).unwrap().published(), "2024");
        assert_eq!(
            PartialDate::from(date(2024, 7, 4)).published(),
            "4 July 2024"
        );
        assert_eq!(PartialDate::of_month(2024, 0), None);
        assert_eq!(PartialDate::of_year(10_000), None);
    }

    #[test]
    fn after_a_date_at_the_precision_given() {
        let july = PartialDate::of_month(2024, 7).unwrap();
        assert!(!july.is_after(date(2024, 7, 15)));
        assert!(!july.is_after(date(2024, 7, 1)));
        assert!(july.is_after(date(2024, 6, 30)));
        let year = PartialDate::of_year(2024).unwrap();
        assert!(!year.is_after(date(2024, 1, 1)));
        assert!(year.is_after(date(2023, 12, 31)));
        let day = PartialDate::from(date(2024, 7, 4));
        assert!(day.is_after(date(2024, 7, 3)));
        assert!(!day.is_after(date(2024, 7, 4)));
    }
}
