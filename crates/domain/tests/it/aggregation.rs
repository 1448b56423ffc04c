//! Aggregation properties: exact averages, the three overalls agreeing when every cell is
//! scored, monotone percentages, n/a and not-assessed never counting, consistent ranks, and a
//! displayed average that reads back within half a hundredth.

use pledgewatch_domain::{
    Average, MatrixRow, Member, PercentConvention, Ranked, Score, ScoreMatrix, Verdict,
};
use proptest::prelude::*;

fn score() -> impl Strategy<Value = Score> + Clone {
    prop_oneof![
        Just(Score::NoCompliance),
        Just(Score::Partial),
        Just(Score::Full)
    ]
}

fn verdict() -> impl Strategy<Value = Verdict> + Clone {
    prop_oneof![
        4 => score().prop_map(Verdict::Scored),
        1 => Just(Verdict::NotApplicable),
        1 => Just(Verdict::NotAssessed),
    ]
}

fn convention() -> impl Strategy<Value = PercentConvention> {
    prop_oneof![
        Just(PercentConvention::Rescaled),
        Just(PercentConvention::Legacy)
    ]
}

fn matrix_of(cells: Vec<Vec<Verdict>>, convention: PercentConvention) -> ScoreMatrix {
    let width = cells.first().map_or(0, Vec::len);
    ScoreMatrix {
        members: (0..width)
            .map(|j| Member {
                name: format!("Member {j}"),
                code: format!("M{j:02}"),
            })
            .collect(),
        rows: cells
            .into_iter()
            .enumerate()
            .map(|(i, cells)| MatrixRow {
                code: (i + 1).to_string(),
                title: format!("Commitment {}", i + 1),
                area: "Area".to_string(),
                cells,
            })
            .collect(),
        convention,
    }
}

/// A rows × members grid of cells drawn from `cell`.
fn grid<S: Strategy<Value = Verdict> + Clone>(cell: S) -> impl Strategy<Value = Vec<Vec<Verdict>>> {
    (1usize..8, 1usize..10).prop_flat_map(move |(rows, members)| {
        prop::collection::vec(prop::collection::vec(cell.clone(), members), rows)
    })
}

fn matrix(cell: impl Strategy<Value = Verdict> + Clone) -> impl Strategy<Value = ScoreMatrix> {
    (grid(cell), convention()).prop_map(|(g, c)| matrix_of(g, c))
}

/// `average == sum / count` exactly, checked by cross-multiplying.
fn equals_ratio(average: Average, sum: i64, count: i64) -> bool {
    average.numerator() * count == sum * average.denominator()
}

fn sum_and_count<'a>(cells: impl Iterator<Item = &'a Verdict>) -> (i64, i64) {
    cells
        .filter_map(|v| v.score())
        .fold((0, 0), |(s, c), x| (s + i64::from(x.value()), c + 1))
}

/// The value of a displayed average, in hundredths (`+0.38` → 38, `−0.13` → −13).
fn read_hundredths(shown: &str) -> i64 {
    let (sign, digits) = if let Some(rest) = shown.strip_prefix('+') {
        (1, rest)
    } else if let Some(rest) = shown.strip_prefix('-') {
        (-1, rest)
    } else if let Some(rest) = shown.strip_prefix('\u{2212}') {
        (-1, rest)
    } else {
        (1, shown)
    };
    let (whole, frac) = digits.split_once('.').expect("two decimals");
    assert_eq!(frac.len(), 2, "{shown:?}");
    sign * (whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap())
}

fn ranks_are_consistent<T>(list: &[Ranked<T>]) -> Result<(), TestCaseError> {
    for (p, a) in list.iter().enumerate() {
        match (a.average, a.rank) {
            (Some(_), Some(r)) => prop_assert!(r >= 1 && r <= p + 1),
            (None, None) => {
                // Unranked subjects come after every ranked one.
                prop_assert!(list[p..].iter().all(|x| x.rank.is_none()));
            }
            _ => prop_assert!(false, "a rank without an average or the reverse"),
        }
        for b in list {
            if let (Some(x), Some(y), Some(rx), Some(ry)) = (a.average, b.average, a.rank, b.rank) {
                if x > y {
                    prop_assert!(rx < ry, "a higher average has a worse or equal rank");
                }
                if x == y {
                    prop_assert_eq!(rx, ry, "equal averages do not share a rank");
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn averages_are_exact(m in matrix(verdict())) {
        for (i, row) in m.rows.iter().enumerate() {
            let (sum, count) = sum_and_count(row.cells.iter());
            match m.row_average(i) {
                Some(a) => prop_assert!(equals_ratio(a, sum, count)),
                None => prop_assert_eq!(count, 0),
            }
        }
        for j in 0..m.members.len() {
            let (sum, count) = sum_and_count(m.rows.iter().map(|r| &r.cells[j]));
            match m.member_average(j) {
                Some(a) => prop_assert!(equals_ratio(a, sum, count)),
                None => prop_assert_eq!(count, 0),
            }
        }
        let (sum, count) = sum_and_count(m.rows.iter().flat_map(|r| r.cells.iter()));
        match m.overall() {
            Some(a) => prop_assert!(equals_ratio(a, sum, count)),
            None => prop_assert_eq!(count, 0),
        }
    }

    #[test]
    fn with_every_cell_scored_the_three_overalls_agree(
        m in matrix(score().prop_map(Verdict::Scored))
    ) {
        let overall = m.overall();
        prop_assert!(overall.is_some());
        prop_assert_eq!(m.mean_of_row_averages(), overall);
        prop_assert_eq!(m.mean_of_member_averages(), overall);
    }

    #[test]
    fn percent_never_decreases_as_the_average_grows(
        a in (-50i64..=50, 1i64..=50),
        b in (-50i64..=50, 1i64..=50),
        c in convention(),
    ) {
        // Any two values in [−1, +1] with small denominators, as a score average can be.
        let x = Average::ratio(a.0.clamp(-a.1, a.1), a.1);
        let y = Average::ratio(b.0.clamp(-b.1, b.1), b.1);
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        prop_assert!(lo.percent(c) <= hi.percent(c), "{lo:?} {hi:?} {c:?}");
    }

    #[test]
    fn not_applicable_and_not_assessed_never_count(
        m in matrix(verdict()),
        extra in prop::collection::vec(
            prop_oneof![Just(Verdict::NotApplicable), Just(Verdict::NotAssessed)], 1..6),
    ) {
        // One more member column and one more commitment row, all n/a or not assessed: no
        // average, overall, mean or gap moves.
        let mut wider = m.clone();
        wider.members.push(Member { name: "Extra".into(), code: "EXT".into() });
        for (i, row) in wider.rows.iter_mut().enumerate() {
            row.cells.push(extra[i % extra.len()]);
        }
        let width = wider.members.len();
        wider.rows.push(MatrixRow {
            code: "extra".into(),
            title: "Extra".into(),
            area: "Area".into(),
            cells: (0..width).map(|j| extra[j % extra.len()]).collect(),
        });
        prop_assert_eq!(wider.overall(), m.overall());
        prop_assert_eq!(wider.mean_of_row_averages(), m.mean_of_row_averages());
        prop_assert_eq!(wider.mean_of_member_averages(), m.mean_of_member_averages());
        for i in 0..m.rows.len() {
            prop_assert_eq!(wider.row_average(i), m.row_average(i));
        }
        for j in 0..m.members.len() {
            prop_assert_eq!(wider.member_average(j), m.member_average(j));
        }
        prop_assert_eq!(wider.member_average(m.members.len()), None);
        prop_assert_eq!(wider.row_average(m.rows.len()), None);
        let gap = |x: &ScoreMatrix| x.gap().map(|g| (g.difference, g.points));
        prop_assert_eq!(gap(&wider), gap(&m));
    }

    #[test]
    fn ranks_are_consistent_in_both_tables(m in matrix(verdict())) {
        ranks_are_consistent(&m.by_member())?;
        ranks_are_consistent(&m.by_commitment())?;
        prop_assert_eq!(m.by_member().len(), m.members.len());
        prop_assert_eq!(m.by_commitment().len(), m.rows.len());
    }

    #[test]
    fn gap_is_highest_minus_lowest(m in matrix(verdict())) {
        let averages: Vec<Average> =
            (0..m.members.len()).filter_map(|j| m.member_average(j)).collect();
        match m.gap() {
            None => prop_assert!(averages.is_empty()),
            Some(g) => {
                let hi = *averages.iter().max().unwrap();
                let lo = *averages.iter().min().unwrap();
                prop_assert_eq!(g.highest.1, hi);
                prop_assert_eq!(g.lowest.1, lo);
                prop_assert_eq!(g.difference, hi.minus(lo));
                // points = difference / 2 × 100 rounded half up, from exact values.
                let (n, d) = (g.difference.numerator(), g.difference.denominator());
                let twice_error = 2 * g.points * d - 100 * n;
                prop_assert!(-d < twice_error && twice_error <= d, "{} points for {n}/{d}", g.points);
            }
        }
    }

    #[test]
    fn displayed_average_reads_back_within_half_a_hundredth(
        num in -1000i64..=1000,
        den in 1i64..=1000,
    ) {
        let a = Average::ratio(num, den);
        for shown in [a.signed_ascii(), a.signed_published()] {
            let h = read_hundredths(&shown);
            // |h/100 − n/d| ≤ 1/200  ⇔  |2·h·d − 200·n| ≤ d
            let (n, d) = (a.numerator(), a.denominator());
            prop_assert!((2 * h * d - 200 * n).abs() <= d, "{shown} for {n}/{d}");
            // Signed when non-zero, unsigned when it shows as zero.
            prop_assert_eq!(h == 0, !shown.starts_with(['+', '-', '\u{2212}']));
        }
    }
}
