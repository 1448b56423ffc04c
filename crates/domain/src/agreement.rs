//! Agreement between independent coders of the same evidence: Cohen's kappa for two coders and
//! Krippendorff's alpha for two or more (with missing codings), nominal or ordinal.
//!
//! These are statistics, not scores, but they are still computed exactly: counts are integers
//! and every step is a reduced fraction of `i128`s, so a coefficient is a [`Coefficient`] that
//! becomes a float or a three-decimal string only for display. A coefficient that is undefined
//! (no data, or chance agreement already perfect, e.g. everyone used one category) is `None`.

use std::collections::BTreeMap;
use std::fmt;

use crate::rubric::{Coding, Strength};

/// An exact agreement coefficient `numerator / denominator` (reduced, denominator > 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Coefficient {
    num: i128,
    den: i128,
}

impl Coefficient {
    pub fn numerator(self) -> i128 {
        self.num
    }

    pub fn denominator(self) -> i128 {
        self.den
    }

    /// For charts and sorting; never feed it back into arithmetic.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Three decimals, rounded half away from zero from the exact value: `0.743`, `-0.092`.
    pub fn three_decimals(self) -> String {
        let scaled = self
            .num
            .unsigned_abs()
            .checked_mul(2000)
            .and_then(|x| x.checked_add(self.den.unsigned_abs()));
        let Some(scaled) = scaled else {
            return format!("{:.3}", self.to_f64());
        };
        let thousandths = scaled / (2 * self.den.unsigned_abs());
        let sign = if self.num < 0 && thousandths != 0 {
            "-"
        } else {
            ""
        };
        format!("{sign}{}.{:03}", thousandths / 1000, thousandths % 1000)
    }
}

impl fmt::Display for Coefficient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.three_decimals())
    }
}

/// A reduced fraction with checked arithmetic: `None` on overflow, which only astronomically
/// large inputs reach.
#[derive(Debug, Clone, Copy)]
struct Q {
    n: i128,
    d: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).unwrap_or(1)
}

impl Q {
    const ZERO: Q = Q { n: 0, d: 1 };

    fn new(n: i128, d: i128) -> Option<Q> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let s = if d < 0 { -1 } else { 1 };
        Some(Q {
            n: s * (n / g),
            d: s * (d / g),
        })
    }

    fn int(n: i128) -> Q {
        Q { n, d: 1 }
    }

    fn add(self, o: Q) -> Option<Q> {
        let g = gcd(self.d, o.d).max(1);
        let n = self
            .n
            .checked_mul(o.d / g)?
            .checked_add(o.n.checked_mul(self.d / g)?)?;
        Q::new(n, self.d.checked_mul(o.d / g)?)
    }

    fn sub(self, o: Q) -> Option<Q> {
        self.add(Q { n: -o.n, d: o.d })
    }

    fn mul(self, o: Q) -> Option<Q> {
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        Q::new(
            (self.n / g1).checked_mul(o.n / g2)?,
            (self.d / g2).checked_mul(o.d / g1)?,
        )
    }

    fn div(self, o: Q) -> Option<Q> {
        self.mul(Q::new(o.d, o.n)?)
    }

    fn coefficient(self) -> Coefficient {
        Coefficient {
            num: self.n,
            den: self.d,
        }
    }
}

/// Cohen's kappa for two coders over nominal categories: `(p_o − p_e) / (1 − p_e)`, where
/// `p_o` is the share of units both coders put in the same category and `p_e` the share expected
/// by chance from each coder's own category frequencies. Each pair is (first coder, second coder)
/// for one unit. `None` with no units or when `p_e` = 1.
pub fn cohen_kappa<T: Ord>(pairs: impl IntoIterator<Item = (T, T)>) -> Option<Coefficient> {
    let mut n: i128 = 0;
    let mut agree: i128 = 0;
    let mut first: BTreeMap<T, i128> = BTreeMap::new();
    let mut second: BTreeMap<T, i128> = BTreeMap::new();
    for (a, b) in pairs {
        n += 1;
        agree += i128::from(a == b);
        *first.entry(a).or_default() += 1;
        *second.entry(b).or_default() += 1;
    }
    // With counts instead of shares: κ = (n·agree − Σ a_c·b_c) / (n² − Σ a_c·b_c).
    let chance: i128 = first
        .iter()
        .map(|(c, a)| a * second.get(c).copied().unwrap_or(0))
        .sum();
    let num = n.checked_mul(agree)?.checked_sub(chance)?;
    let den = n.checked_mul(n)?.checked_sub(chance)?;
    Q::new(num, den).map(Q::coefficient)
}

/// The level of measurement for Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Categories without order: any two different values disagree equally.
    Nominal,
    /// Ordered categories (`T`'s order): disagreement grows with how many codings lie between.
    Ordinal,
}

/// Krippendorff's alpha, `1 − D_o / D_e`, for any number of coders with missing codings.
/// `units` holds one entry per unit, each with one `Option` per coder (`None` = not coded).
/// Units with fewer than two codings carry no information about agreement and are left out.
/// `None` when fewer than two pairable codings remain or when expected disagreement is zero
/// (every coding has the same value).
pub fn krippendorff_alpha<T, U>(
    units: impl IntoIterator<Item = U>,
    level: Level,
) -> Option<Coefficient>
where
    T: Ord,
    U: IntoIterator<Item = Option<T>>,
{
    let units: Vec<Vec<T>> = units
        .into_iter()
        .map(|u| u.into_iter().flatten().collect::<Vec<T>>())
        .filter(|u| u.len() >= 2)
        .collect();
    let mut index: BTreeMap<&T, usize> = BTreeMap::new();
    for v in units.iter().flatten() {
        index.insert(v, 0);
    }
    for (i, slot) in index.values_mut().enumerate() {
        *slot = i;
    }
    let values = index.len();

    // The coincidence matrix: unit u adds n_uc · (n_uk − [c = k]) / (m_u − 1) to o_ck.
    let mut o = vec![Q::ZERO; values * values];
    for u in &units {
        let mut counts = vec![0i128; values];
        for v in u {
            counts[index[v]] += 1;
        }
        let pairable = i128::try_from(u.len()).ok()? - 1;
        for c in (0..values).filter(|&c| counts[c] > 0) {
            for k in (0..values).filter(|&k| counts[k] > 0) {
                let pairs = counts[c] * (counts[k] - i128::from(c == k));
                o[c * values + k] = o[c * values + k].add(Q::new(pairs, pairable)?)?;
            }
        }
    }
    // n_c: how many pairable codings have value c (the row sums of o, always whole).
    let mut n_c = vec![0i128; values];
    for v in units.iter().flatten() {
        n_c[index[v]] += 1;
    }
    let n: i128 = n_c.iter().sum();
    if n < 2 {
        return None;
    }

    let delta = |c: usize, k: usize| -> Option<Q> {
        match level {
            Level::Nominal => Some(Q::int(i128::from(c != k))),
            Level::Ordinal => {
                // (Σ_{g from c to k} n_g − (n_c + n_k) / 2)²
                let (lo, hi) = (c.min(k), c.max(k));
                let between: i128 = n_c[lo..=hi].iter().sum();
                let d = Q::int(between).sub(Q::new(n_c[c] + n_c[k], 2)?)?;
                d.mul(d)
            }
        }
    };
    let mut observed = Q::ZERO;
    let mut expected = Q::ZERO;
    for c in 0..values {
        for k in 0..values {
            if c == k {
                continue;
            }
            let dk = delta(c, k)?;
            observed = observed.add(o[c * values + k].mul(dk)?)?;
            expected = expected.add(Q::int(n_c[c].checked_mul(n_c[k])?).mul(dk)?)?;
        }
    }
    if expected.n == 0 {
        return None;
    }
    // α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck
    let ratio = Q::int(n - 1).mul(observed)?.div(expected)?;
    Q::int(1).sub(ratio).map(Q::coefficient)
}

/// Cohen's kappa per dimension over codings of the same assessments by two coders, for the
/// agreement table of a commitment. Entry `i` is dimension `i`'s kappa (strong/weak/none as
/// nominal categories).
pub fn kappa_per_dimension(
    pairs: &[(Coding, Coding)],
    dimensions: usize,
) -> Vec<Option<Coefficient>> {
    (0..dimensions)
        .map(|i| cohen_kappa(pairs.iter().map(|(a, b)| (a.strength(i), b.strength(i)))))
        .collect()
}

/// Krippendorff's alpha per dimension: `units` has one entry per assessment, each with one
/// `Option<Coding>` per coder. [`Level::Ordinal`] respects none < weak < strong.
pub fn alpha_per_dimension(
    units: &[Vec<Option<Coding>>],
    dimensions: usize,
    level: Level,
) -> Vec<Option<Coefficient>> {
    (0..dimensions)
        .map(|i| {
            let per_unit = units.iter().map(|u| {
                u.iter()
                    .map(move |c| c.as_ref().map(|c| c.strength(i)))
                    .collect::<Vec<Option<Strength>>>()
            });
            krippendorff_alpha(per_unit, level)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(cells: &[(&'static str, &'static str, usize)]) -> Vec<(&'static str, &'static str)> {
        cells
            .iter()
            .flat_map(|&(a, b, n)| std::iter::repeat_n((a, b), n))
            .collect()
    }

    /// Wikipedia, "Cohen's kappa", simple example: 50 grant proposals read by two readers,
    /// 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    /// By hand: p_o = 35/50 = 0.70; reader A says yes 25 times, B 30 times, so
    /// p_e = (25·30 + 25·20)/50² = 1250/2500 = 0.50; κ = (0.70 − 0.50)/(1 − 0.50) = 0.40.
    #[test]
    fn kappa_wikipedia_grant_proposals() {
        let k = cohen_kappa(pairs(&[
            ("yes", "yes", 20),
            ("yes", "no", 5),
            ("no", "yes", 10),
            ("no", "no", 15),
        ]))
        .unwrap();
        assert_eq!((k.numerator(), k.denominator()), (2, 5));
        assert_eq!(k.to_string(), "0.400");
    }

    /// Wikipedia, "Cohen's kappa", section "Same percentages but different numbers", the first
    /// table: 100 items rated yes/no by raters A and B, 45 yes/yes, 15 yes/no, 25 no/yes, 15
    /// no/no; the article prints κ = 0.1304.
    /// By hand: p_o = (45 + 15)/100 = 0.60; A says yes 60 times, B 70 times, so
    /// p_e = 0.60·0.70 + 0.40·0.30 = 0.54; κ = (0.60 − 0.54)/(1 − 0.54) = 0.06/0.46 = 3/23.
    #[test]
    fn kappa_wikipedia_same_percentages_first_table() {
        let k = cohen_kappa(pairs(&[
            ("yes", "yes", 45),
            ("yes", "no", 15),
            ("no", "yes", 25),
            ("no", "no", 15),
        ]))
        .unwrap();
        assert_eq!((k.numerator(), k.denominator()), (3, 23));
        assert_eq!(k.to_string(), "0.130");
    }

    /// Wikipedia, "Cohen's kappa", section "Same percentages but different numbers", the second
    /// table: the same 60% agreement with 25 yes/yes, 35 yes/no, 5 no/yes, 35 no/no; the article
    /// prints κ = 0.2593, higher because the raters' margins differ more.
    /// By hand: p_o = (25 + 35)/100 = 0.60; A says yes 60 times, B 30 times, so
    /// p_e = 0.60·0.30 + 0.40·0.70 = 0.46; κ = (0.60 − 0.46)/(1 − 0.46) = 0.14/0.54 = 7/27.
    #[test]
    fn kappa_wikipedia_same_percentages_second_table() {
        let k = cohen_kappa(pairs(&[
            ("yes", "yes", 25),
            ("yes", "no", 35),
            ("no", "yes", 5),
            ("no", "no", 35),
        ]))
        .unwrap();
        assert_eq!((k.numerator(), k.denominator()), (7, 27));
        assert_eq!(k.to_string(), "0.259");
    }

    #[test]
    fn kappa_undefined_when_chance_agreement_is_perfect() {
        assert_eq!(cohen_kappa([("a", "a"), ("a", "a")]), None);
        assert_eq!(cohen_kappa(Vec::<(u8, u8)>::new()), None);
    }

    /// Krippendorff, K. (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal
    /// data, 4 observers, 12 units, missing data. The paper prints α = .743.
    /// By hand: unit 12 has one value and drops out; n = 40 pairable values with n_1 = 9,
    /// n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3. Only units 2 (2,2,3,2), 6 (1,2,3,4) and 8 (1,1,2,1)
    /// disagree, with 6, 12 and 6 ordered unequal pairs over m_u − 1 = 3, so the off-diagonal
    /// Σ o_ck = 2 + 4 + 2 = 8. Then D_o/D_e = (n−1)·8 / (n² − Σ n_c²) = 39·8 / (1600 − 384)
    /// = 312/1216, and α = 1 − 312/1216 = 904/1216 = 113/152 = 0.7434.
    #[test]
    fn alpha_krippendorff_2011_nominal_four_observers() {
        let a = krippendorff_alpha(krippendorff_2011_data(), Level::Nominal).unwrap();
        assert_eq!((a.numerator(), a.denominator()), (113, 152));
        assert_eq!(a.to_string(), "0.743");
    }

    /// Krippendorff, K. (2011), "Computing Krippendorff's Alpha-Reliability" (Annenberg School
    /// for Communication, University of Pennsylvania), section C, the example with 4 observers,
    /// 12 units and missing data, at the ordinal level: the paper prints α = .815 (beside
    /// nominal .743 and interval .849 for the same data).
    /// The data below is that example's reliability data matrix, and it reproduces all three
    /// printed values: nominal 113/152 = .7434 (the test above); interval, which this module
    /// does not compute, 951/1120 = .8491 from the same coincidences with δ² = (c − k)².
    /// Ordinal: with n_1..n_5 = 9, 13, 10, 5, 3, δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²,
    /// and α = 1 − D_o/D_e = 108577/133160 = .8154.
    #[test]
    fn alpha_krippendorff_2011_ordinal() {
        let a = krippendorff_alpha(krippendorff_2011_data(), Level::Ordinal).unwrap();
        assert_eq!((a.numerator(), a.denominator()), (108577, 133160));
        assert_eq!(a.to_string(), "0.815");
    }

    fn krippendorff_2011_data() -> Vec<Vec<Option<u8>>> {
        let rows: [[Option<u8>; 12]; 4] = [
            // observer A
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(1),
                Some(4),
                Some(1),
                Some(2),
                None,
                None,
                None,
            ],
            // observer B
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(2),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                None,
                Some(3),
            ],
            // observer C
            [
                None,
                Some(3),
                Some(3),
                Some(3),
                Some(2),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
            // observer D
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(4),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
        ];
        (0..12)
            .map(|u| rows.iter().map(|r| r[u]).collect())
            .collect()
    }

    /// Krippendorff, K. (2011), "Computing Krippendorff's Alpha-Reliability", section A: binary
    /// data, two observers, no missing data, ten units; the paper prints α = 0.095.
    /// By hand: the coincidence matrix has o_00 = 10, o_01 = o_10 = 4, o_11 = 2, so n_0 = 14,
    /// n_1 = 6, n = 20, and α = 1 − (n−1)·o_01 / (n_0·n_1) = 1 − 19·4/84 = 8/84 = 0.0952.
    #[test]
    fn alpha_krippendorff_2011_binary_two_observers() {
        let first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let units: Vec<[Option<u8>; 2]> =
            (0..10).map(|u| [Some(first[u]), Some(second[u])]).collect();
        let a = krippendorff_alpha(units, Level::Nominal).unwrap();
        assert_eq!((a.numerator(), a.denominator()), (2, 21));
        assert_eq!(a.to_string(), "0.095");
    }

    #[test]
    fn alpha_undefined_without_variation_or_pairs() {
        assert_eq!(
            krippendorff_alpha(
                vec![vec![Some(1), Some(1)], vec![Some(1), None]],
                Level::Nominal
            ),
            None
        );
        assert_eq!(
            krippendorff_alpha(vec![vec![Some(1), None]], Level::Nominal),
            None
        );
    }

    /// Two coders, three assessments, two dimensions. Dimension 1: they agree on every
    /// assessment (strong, weak, none) → κ = 1. Dimension 2: codings (S,S), (N,S), (N,N):
    /// agree 2 of 3; A has S once and N twice, B has S twice and N once, so
    /// κ = (3·2 − (1·2 + 2·1)) / (9 − 4) = 2/5.
    #[test]
    fn per_dimension_agreement() {
        let c = |a: Strength, b: Strength| Coding {
            strengths: vec![a, b],
            contradictory: false,
        };
        let (s, w, n) = (Strength::Strong, Strength::Weak, Strength::None);
        let pairs = vec![(c(s, s), c(s, s)), (c(w, n), c(w, s)), (c(n, n), c(n, n))];
        let k = kappa_per_dimension(&pairs, 2);
        assert_eq!(k[0].map(|k| (k.numerator(), k.denominator())), Some((1, 1)));
        assert_eq!(k[1].map(|k| (k.numerator(), k.denominator())), Some((2, 5)));

        let units: Vec<Vec<Option<Coding>>> = pairs
            .into_iter()
            .map(|(a, b)| vec![Some(a), Some(b), None])
            .collect();
        let a = alpha_per_dimension(&units, 2, Level::Nominal);
        assert_eq!(a[0].map(|a| (a.numerator(), a.denominator())), Some((1, 1)));
        assert!(a[1].is_some());
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let c = |n, d| Q::new(n, d).unwrap().coefficient().to_string();
        assert_eq!(c(1, 2000), "0.001");
        assert_eq!(c(-1, 2000), "-0.001");
        assert_eq!(c(-1, 3000), "0.000");
        assert_eq!(c(1, 1), "1.000");
    }
}
