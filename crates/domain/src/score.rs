//! A member's result on one commitment: a score of −1, 0 or +1, *n/a*, or *not yet assessed*.
//! The three states stay distinct everywhere, because trackers that show "not assessed" as a
//! failure mislead readers.

use std::fmt;

/// A compliance score: −1 (no compliance), 0 (partial), +1 (full).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(into = "i8", try_from = "i8")]
pub enum Score {
    NoCompliance,
    Partial,
    Full,
}

impl Score {
    pub const fn value(self) -> i8 {
        match self {
            Score::NoCompliance => -1,
            Score::Partial => 0,
            Score::Full => 1,
        }
    }

    pub const fn from_value(v: i8) -> Option<Score> {
        match v {
            -1 => Some(Score::NoCompliance),
            0 => Some(Score::Partial),
            1 => Some(Score::Full),
            _ => None,
        }
    }

    /// `+1`, `0`, `−1` with a typographic minus, as printed in a report.
    pub fn published(self) -> &'static str {
        match self {
            Score::NoCompliance => "\u{2212}1",
            Score::Partial => "0",
            Score::Full => "+1",
        }
    }

    /// `+1`, `0`, `-1` with an ASCII sign, for data files.
    pub fn ascii(self) -> &'static str {
        match self {
            Score::NoCompliance => "-1",
            Score::Partial => "0",
            Score::Full => "+1",
        }
    }
}

impl From<Score> for i8 {
    fn from(s: Score) -> i8 {
        s.value()
    }
}

impl TryFrom<i8> for Score {
    type Error = VerdictParseError;
    fn try_from(v: i8) -> Result<Score, Self::Error> {
        Score::from_value(v).ok_or_else(|| VerdictParseError(v.to_string()))
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ascii())
    }
}

/// The state of one assessment cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Scored(Score),
    /// The member is not bound by the commitment, or was excluded.
    NotApplicable,
    /// Nobody has scored it yet.
    NotAssessed,
}

impl Verdict {
    pub fn score(self) -> Option<Score> {
        match self {
            Verdict::Scored(s) => Some(s),
            _ => None,
        }
    }

    /// The database/data-file spelling: `-1`, `0`, `1`, `n/a`, or `None` for not yet assessed.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Verdict::Scored(Score::NoCompliance) => Some("-1"),
            Verdict::Scored(Score::Partial) => Some("0"),
            Verdict::Scored(Score::Full) => Some("1"),
            Verdict::NotApplicable => Some("n/a"),
            Verdict::NotAssessed => None,
        }
    }

    /// Inverse of [`Verdict::code`].
    pub fn from_code(code: Option<&str>) -> Result<Verdict, VerdictParseError> {
        match code {
            None => Ok(Verdict::NotAssessed),
            Some(c) => c.parse(),
        }
    }
}

/// Text that is not a score, `n/a`, or empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a score: expected +1, 1, 0, -1, −1, n/a, or an empty cell")]
pub struct VerdictParseError(pub String);

impl std::str::FromStr for Verdict {
    type Err = VerdictParseError;

    /// Accepts the spellings found in published tables and spreadsheets: `+1 1 0 -1 −1 –1 n/a`,
    /// and the empty string for *not yet assessed*.
    fn from_str(s: &str) -> Result<Verdict, VerdictParseError> {
        let t = s.trim();
        let v = match t {
            "" => Verdict::NotAssessed,
            "+1" | "1" => Verdict::Scored(Score::Full),
            "0" | "+0" | "-0" | "\u{2212}0" => Verdict::Scored(Score::Partial),
            "-1" | "\u{2212}1" | "\u{2013}1" => Verdict::Scored(Score::NoCompliance),
            _ if t.eq_ignore_ascii_case("n/a") => Verdict::NotApplicable,
            _ => return Err(VerdictParseError(t.to_string())),
        };
        Ok(v)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Scored(s) => f.write_str(s.ascii()),
            Verdict::NotApplicable => f.write_str("n/a"),
            Verdict::NotAssessed => f.write_str("not yet assessed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_published_spelling() {
        for (s, v) in [
            ("+1", Verdict::Scored(Score::Full)),
            ("1", Verdict::Scored(Score::Full)),
            (" 0 ", Verdict::Scored(Score::Partial)),
            ("-1", Verdict::Scored(Score::NoCompliance)),
            ("\u{2212}1", Verdict::Scored(Score::NoCompliance)),
            ("N/A", Verdict::NotApplicable),
            ("", Verdict::NotAssessed),
        ] {
            assert_eq!(s.parse::<Verdict>().unwrap(), v, "{s:?}");
        }
        assert!("2".parse::<Verdict>().is_err());
        assert!("yes".parse::<Verdict>().is_err());
    }

    #[test]
    fn codes_round_trip() {
        for v in [
            Verdict::Scored(Score::Full),
            Verdict::Scored(Score::Partial),
            Verdict::Scored(Score::NoCompliance),
            Verdict::NotApplicable,
            Verdict::NotAssessed,
        ] {
            assert_eq!(Verdict::from_code(v.code()).unwrap(), v);
        }
    }
}
