//! Exact averages of scores and their published forms (`+0.38`, `69%`).
//!
//! An average is kept as a reduced fraction of integers so that no float ever enters a published
//! table: 3/8 is displayed `+0.38` and `69%`, exactly as DOMAIN.md prescribes.

use std::cmp::Ordering;
use std::fmt;

use crate::score::Score;

/// An exact average (or a difference of averages): `num / den`, reduced, `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Average {
    num: i64,
    den: i64,
}

/// How a cycle turns an average into a percentage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum PercentConvention {
    /// (average + 1) / 2 × 100: the convention since about 2003.
    #[default]
    Rescaled,
    /// average × 100: the convention of reports before about 2003.
    Legacy,
}

impl PercentConvention {
    pub fn as_str(self) -> &'static str {
        match self {
            PercentConvention::Rescaled => "rescaled",
            PercentConvention::Legacy => "legacy",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "rescaled" => Some(PercentConvention::Rescaled),
            "legacy" => Some(PercentConvention::Legacy),
            _ => None,
        }
    }
}

fn gcd(mut a: i64, mut b: i64) -> i64 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Average {
    /// The exact ratio `num / den`. `den` must not be zero.
    pub fn ratio(num: i64, den: i64) -> Average {
        assert!(den != 0, "an average needs a non-zero count");
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Average {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    /// The mean of `scores`, or `None` when there are none (an empty set has no average).
    pub fn of_scores<I: IntoIterator<Item = Score>>(scores: I) -> Option<Average> {
        let (sum, count) = scores
            .into_iter()
            .fold((0i64, 0i64), |(s, c), x| (s + i64::from(x.value()), c + 1));
        (count > 0).then(|| Average::ratio(sum, count))
    }

    pub fn numerator(self) -> i64 {
        self.num
    }

    pub fn denominator(self) -> i64 {
        self.den
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// `self − other`, exactly.
    pub fn minus(self, other: Average) -> Average {
        Average::ratio(
            i128_to_i64(
                i128::from(self.num) * i128::from(other.den)
                    - i128::from(other.num) * i128::from(self.den),
            ),
            i128_to_i64(i128::from(self.den) * i128::from(other.den)),
        )
    }

    /// Hundredths, rounded half away from zero, as a non-negative magnitude and a sign.
    fn hundredths(self) -> (i64, Ordering) {
        let n = i128::from(self.num.abs()) * 200 + i128::from(self.den);
        let q = n / (2 * i128::from(self.den));
        let q = i128_to_i64(q);
        let sign = if q == 0 {
            Ordering::Equal
        } else {
            self.num.cmp(&0)
        };
        (q, sign)
    }

    fn two_decimals(self, minus: &str, plus: &str) -> String {
        let (q, sign) = self.hundredths();
        let s = match sign {
            Ordering::Less => minus,
            Ordering::Greater => plus,
            Ordering::Equal => "",
        };
        format!("{s}{}.{:02}", q / 100, q % 100)
    }

    /// Two decimals with an ASCII sign: `+0.38`, `-0.13`, `0.00`. For data files and JSON.
    pub fn signed_ascii(self) -> String {
        self.two_decimals("-", "+")
    }

    /// Two decimals with a typographic minus: `+0.38`, `−0.13`, `0.00`. As printed in a report.
    pub fn signed_published(self) -> String {
        self.two_decimals("\u{2212}", "+")
    }

    /// Two decimals without a sign for a magnitude such as the compliance gap: `0.50`.
    pub fn unsigned(self) -> String {
        let (q, _) = self.hundredths();
        format!("{}.{:02}", q / 100, q % 100)
    }

    /// The percentage under `convention`, rounded half up to a whole number.
    pub fn percent(self, convention: PercentConvention) -> i64 {
        // percent = p / q exactly; round half up = floor((2p + q) / 2q).
        let (p, q) = match convention {
            PercentConvention::Rescaled => {
                (i128::from(self.num + self.den) * 50, i128::from(self.den))
            }
            PercentConvention::Legacy => (i128::from(self.num) * 100, i128::from(self.den)),
        };
        i128_to_i64((2 * p + q).div_euclid(2 * q))
    }

    /// Half of a gap in average units, as percentage points rounded half up: a gap of 0.50 is 25.
    pub fn gap_points(self) -> i64 {
        let p = i128::from(self.num) * 50;
        let q = i128::from(self.den);
        i128_to_i64((2 * p + q).div_euclid(2 * q))
    }

    /// The published line: `+0.38 (69%)`, typographic minus for negatives.
    pub fn published_line(self, convention: PercentConvention) -> String {
        format!(
            "{} ({}%)",
            self.signed_published(),
            self.percent(convention)
        )
    }
}

fn i128_to_i64(v: i128) -> i64 {
    // Score sums are bounded by the number of cells; overflow would need 2^63 cells.
    i64::try_from(v).expect("score arithmetic stays within i64")
}

impl PartialOrd for Average {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Average {
    fn cmp(&self, other: &Self) -> Ordering {
        (i128::from(self.num) * i128::from(other.den))
            .cmp(&(i128::from(other.num) * i128::from(self.den)))
    }
}

impl fmt::Display for Average {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.signed_ascii())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_examples() {
        let a = Average::ratio(3, 8);
        assert_eq!(a.signed_ascii(), "+0.38");
        assert_eq!(a.percent(PercentConvention::Rescaled), 69);
        assert_eq!(a.published_line(PercentConvention::Rescaled), "+0.38 (69%)");
        let b = Average::ratio(-1, 8);
        assert_eq!(b.signed_ascii(), "-0.13");
        assert_eq!(b.signed_published(), "\u{2212}0.13");
        assert_eq!(Average::ratio(0, 5).signed_ascii(), "0.00");
        assert_eq!(
            Average::ratio(1, 1).published_line(PercentConvention::Rescaled),
            "+1.00 (100%)"
        );
        assert_eq!(
            Average::ratio(11, 16).published_line(PercentConvention::Rescaled),
            "+0.69 (84%)"
        );
        // 52.5% rounds half up to 53%.
        assert_eq!(
            Average::ratio(1, 20).percent(PercentConvention::Rescaled),
            53
        );
        assert_eq!(
            Average::ratio(1, 2).minus(Average::ratio(1, 1)).unsigned(),
            "0.50"
        );
        assert_eq!(
            Average::ratio(1, 1)
                .minus(Average::ratio(1, 2))
                .gap_points(),
            25
        );
    }

    #[test]
    fn legacy_convention_is_average_times_hundred() {
        assert_eq!(Average::ratio(3, 8).percent(PercentConvention::Legacy), 38);
        assert_eq!(
            Average::ratio(-1, 8).percent(PercentConvention::Legacy),
            -12
        );
    }

    #[test]
    fn tiny_negative_rounds_to_unsigned_zero() {
        assert_eq!(Average::ratio(-1, 300).signed_ascii(), "0.00");
    }
}
