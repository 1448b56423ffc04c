//! Dates as the reports publish them: `15 June 2024`. One list of month names, so the parsers and
//! the pages cannot disagree on a spelling.

use jiff::civil::Date;

/// The English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The full name of month `month` (1–12); `None` outside that range.
pub fn month_name(month: i8) -> Option<&'static str> {
    usize::try_from(month - 1)
        .ok()
        .and_then(|m| MONTH_NAMES.get(m))
        .copied()
}

/// The month (1–12) a full month name stands for, exactly as spelt (`"June"` → 6).
pub fn month_of_name(name: &str) -> Option<i8> {
    let found = MONTH_NAMES.iter().position(|m| *m == name)?;
    i8::try_from(found + 1).ok()
}

/// `15 June 2024`, the published form of a date.
pub fn long_date(date: Date) -> String {
    let month = month_name(date.month()).unwrap_or("");
    format!("{} {} {}", date.day(), month, date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_agree() {
        for m in 1..=12 {
            let name = month_name(m).expect("a month name");
            assert_eq!(month_of_name(name), Some(m));
        }
        assert_eq!(month_name(0), None);
        assert_eq!(month_name(13), None);
        assert_eq!(month_of_name("june"), None);
    }

    #[test]
    fn long_date_is_the_published_form() {
        let d = Date::new(2024, 6, 15).expect("a date");
        assert_eq!(long_date(d), "15 June 2024");
    }
}
