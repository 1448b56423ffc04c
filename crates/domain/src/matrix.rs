//! A cycle's score matrix (Table B) and the tables derived from it: members ranked by average
//! (Table C), commitments ranked by average (Table D), the overall average and the compliance gap.
//!
//! Every figure is an exact [`Average`]; *n/a* and *not yet assessed* cells never count.

use std::cmp::Ordering;

use crate::average::{Average, PercentConvention};
use crate::model::{Chapter, Member};
use crate::names::{default_member_code, member_key};
use crate::score::{Score, Verdict};

/// Table B: one row per commitment, one column per member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScoreMatrix {
    pub members: Vec<Member>,
    pub rows: Vec<MatrixRow>,
    pub convention: PercentConvention,
}

/// One commitment's row; `cells[j]` is the verdict of `members[j]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MatrixRow {
    pub code: String,
    pub title: String,
    pub area: String,
    pub cells: Vec<Verdict>,
}

/// One line of Table C or Table D: a member or a commitment with its average over the cells it
/// was scored on, and its place in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<T> {
    pub subject: T,
    /// The subject's position in the matrix (column for a member, row for a commitment).
    pub index: usize,
    /// How many scored cells the average is taken over.
    pub scored: usize,
    /// `None` when no cell was scored: such a subject is listed last and has no rank.
    pub average: Option<Average>,
    /// The percentage under the cycle's convention, alongside `average`.
    pub percent: Option<i64>,
    /// 1 is best; equal averages share a rank and the next rank skips (1, 2, 2, 4).
    pub rank: Option<usize>,
}

/// The compliance gap: highest minus lowest member average.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The best member (the first in matrix order when several share the best average).
    pub highest: (Member, Average),
    /// The worst member (the first in matrix order when several share the worst average).
    pub lowest: (Member, Average),
    /// In average units, never negative: shown as `0.50`.
    pub difference: Average,
    /// In percentage points: `difference / 2 × 100`, rounded half up.
    pub points: i64,
}

impl ScoreMatrix {
    /// The matrix of a cycle's chapters, in the order given. Members are taken in order of first
    /// appearance; a member written differently in two chapters ("The United Kingdom", "United
    /// Kingdom", "UK") is one column, named as it was first written. A member that a chapter does
    /// not list is *not yet assessed* there.
    pub fn from_chapters(chapters: &[Chapter], convention: PercentConvention) -> ScoreMatrix {
        let mut members: Vec<Member> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for chapter in chapters {
            for name in chapter.member_names() {
                let key = member_key(&name);
                if !keys.contains(&key) {
                    keys.push(key);
                    members.push(Member {
                        code: default_member_code(&name),
                        name,
                    });
                }
            }
        }
        let rows = chapters
            .iter()
            .map(|chapter| {
                let mut cells = vec![Verdict::NotAssessed; members.len()];
                for name in chapter.member_names() {
                    let key = member_key(&name);
                    if let Some(j) = keys.iter().position(|k| *k == key) {
                        cells[j] = chapter.verdict_of(&name);
                    }
                }
                MatrixRow {
                    code: chapter.commitment.code.clone(),
                    title: chapter.commitment.title.clone(),
                    area: chapter.commitment.area.clone(),
                    cells,
                }
            })
            .collect();
        ScoreMatrix {
            members,
            rows,
            convention,
        }
    }

    /// The verdict of member `j` on commitment `i`; *not yet assessed* outside the matrix.
    pub fn cell(&self, i: usize, j: usize) -> Verdict {
        self.rows
            .get(i)
            .and_then(|r| r.cells.get(j))
            .copied()
            .unwrap_or(Verdict::NotAssessed)
    }

    /// The column of the member called `name` (spelling variants accepted).
    pub fn member_index(&self, name: &str) -> Option<usize> {
        let key = member_key(name);
        self.members.iter().position(|m| member_key(&m.name) == key)
    }

    /// The row of the commitment whose code is `code`.
    pub fn row_index(&self, code: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.code == code)
    }

    fn column(&self, j: usize) -> impl Iterator<Item = Score> + '_ {
        self.rows
            .iter()
            .filter_map(move |r| r.cells.get(j).and_then(|v| v.score()))
    }

    /// Commitment `i`'s average over the members scored on it (the end of a Table B row).
    pub fn row_average(&self, i: usize) -> Option<Average> {
        let row = self.rows.get(i)?;
        Average::of_scores(row.cells.iter().filter_map(|v| v.score()))
    }

    /// Member `j`'s average over the commitments it was scored on (the bottom of a column).
    pub fn member_average(&self, j: usize) -> Option<Average> {
        if j >= self.members.len() {
            return None;
        }
        Average::of_scores(self.column(j))
    }

    /// The overall average: every scored cell of the cycle counts once.
    pub fn overall(&self) -> Option<Average> {
        Average::of_scores(
            self.rows
                .iter()
                .flat_map(|r| r.cells.iter().filter_map(|v| v.score())),
        )
    }

    /// The mean of the commitments' averages (commitments with no scored cell left out). Equals
    /// [`ScoreMatrix::overall`] only when no cell is n/a or not assessed.
    pub fn mean_of_row_averages(&self) -> Option<Average> {
        mean_of_averages((0..self.rows.len()).filter_map(|i| self.row_average(i)))
    }

    /// The mean of the members' averages (members with no scored cell left out).
    pub fn mean_of_member_averages(&self) -> Option<Average> {
        mean_of_averages((0..self.members.len()).filter_map(|j| self.member_average(j)))
    }

    /// Table C: each member with its average, percentage and rank, best first.
    pub fn by_member(&self) -> Vec<Ranked<&Member>> {
        rank(
            self.members.iter().enumerate().map(|(j, m)| {
                let scored = self.column(j).count();
                (m, j, scored, self.member_average(j))
            }),
            self.convention,
        )
    }

    /// Table D: each commitment with its average, percentage and rank, best first.
    pub fn by_commitment(&self) -> Vec<Ranked<&MatrixRow>> {
        rank(
            self.rows.iter().enumerate().map(|(i, r)| {
                let scored = r.cells.iter().filter(|v| v.score().is_some()).count();
                (r, i, scored, self.row_average(i))
            }),
            self.convention,
        )
    }

    /// The compliance gap between the best and the worst member; `None` when no member has a
    /// scored cell.
    pub fn gap(&self) -> Option<Gap> {
        let mut highest: Option<(usize, Average)> = None;
        let mut lowest: Option<(usize, Average)> = None;
        for j in 0..self.members.len() {
            let Some(a) = self.member_average(j) else {
                continue;
            };
            if highest.is_none_or(|(_, h)| a > h) {
                highest = Some((j, a));
            }
            if lowest.is_none_or(|(_, l)| a < l) {
                lowest = Some((j, a));
            }
        }
        let (hj, h) = highest?;
        let (lj, l) = lowest?;
        let difference = h.minus(l);
        Some(Gap {
            highest: (self.members[hj].clone(), h),
            lowest: (self.members[lj].clone(), l),
            difference,
            points: difference.gap_points(),
        })
    }
}

/// Sorts best first (stable, so ties keep matrix order), gives equal averages the same rank and
/// puts subjects without an average last, unranked.
fn rank<T>(
    items: impl Iterator<Item = (T, usize, usize, Option<Average>)>,
    convention: PercentConvention,
) -> Vec<Ranked<T>> {
    let mut list: Vec<Ranked<T>> = items
        .map(|(subject, index, scored, average)| Ranked {
            subject,
            index,
            scored,
            average,
            percent: average.map(|a| a.percent(convention)),
            rank: None,
        })
        .collect();
    list.sort_by(|a, b| match (a.average, b.average) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    let mut previous: Option<(Average, usize)> = None;
    for (position, item) in list.iter_mut().enumerate() {
        let Some(a) = item.average else { break };
        let r = match previous {
            Some((p, r)) if p == a => r,
            _ => position + 1,
        };
        item.rank = Some(r);
        previous = Some((a, r));
    }
    list
}

/// The exact mean of some averages. Sums in 128 bits; `None` for no averages, or in the
/// pathological case where the exact result does not fit an [`Average`] (it would take dozens of
/// different counts of scored cells).
fn mean_of_averages(averages: impl Iterator<Item = Average>) -> Option<Average> {
    let (mut num, mut den, mut count) = (0i128, 1i128, 0i128);
    for a in averages {
        let (n, d) = (i128::from(a.numerator()), i128::from(a.denominator()));
        num = num.checked_mul(d)?.checked_add(n.checked_mul(den)?)?;
        den = den.checked_mul(d)?;
        let g = gcd(num, den);
        num /= g;
        den /= g;
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let den = den.checked_mul(count)?;
    let g = gcd(num, den);
    Some(Average::ratio(
        i64::try_from(num / g).ok()?,
        i64::try_from(den / g).ok()?,
    ))
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, code: &str) -> Member {
        Member {
            name: name.to_string(),
            code: code.to_string(),
        }
    }

    fn g7() -> Vec<Member> {
        [
            ("Canada", "CAN"),
            ("France", "FRA"),
            ("Germany", "DEU"),
            ("Italy", "ITA"),
            ("Japan", "JPN"),
            ("United Kingdom", "GBR"),
            ("United States", "USA"),
            ("European Union", "EU"),
        ]
        .into_iter()
        .map(|(n, c)| member(n, c))
        .collect()
    }

    const FULL: Verdict = Verdict::Scored(Score::Full);
    const PARTIAL: Verdict = Verdict::Scored(Score::Partial);
    const NONE: Verdict = Verdict::Scored(Score::NoCompliance);

    fn row(code: &str, cells: Vec<Verdict>) -> MatrixRow {
        MatrixRow {
            code: code.to_string(),
            title: format!("Commitment {code}"),
            area: "Migration and Refugees".to_string(),
            cells,
        }
    }

    /// The two seed chapters as one cycle (DOMAIN.md's worked example).
    fn seed_cycle() -> ScoreMatrix {
        let mut ch19 = vec![PARTIAL; 5];
        ch19.extend([FULL; 3]);
        ScoreMatrix {
            members: g7(),
            rows: vec![row("18", vec![FULL; 8]), row("19", ch19)],
            convention: PercentConvention::Rescaled,
        }
    }

    #[test]
    fn worked_example_of_the_seed_chapters() {
        let m = seed_cycle();
        let line = |a: Option<Average>| a.unwrap().published_line(m.convention);
        assert_eq!(line(m.row_average(0)), "+1.00 (100%)");
        assert_eq!(line(m.row_average(1)), "+0.38 (69%)");
        for j in 0..5 {
            assert_eq!(
                line(m.member_average(j)),
                "+0.50 (75%)",
                "{}",
                m.members[j].name
            );
        }
        for j in 5..8 {
            assert_eq!(
                line(m.member_average(j)),
                "+1.00 (100%)",
                "{}",
                m.members[j].name
            );
        }
        assert_eq!(m.overall(), Some(Average::ratio(11, 16)));
        assert_eq!(line(m.overall()), "+0.69 (84%)");
        // No n/a cell: all three ways of taking the overall agree.
        assert_eq!(m.mean_of_row_averages(), m.overall());
        assert_eq!(m.mean_of_member_averages(), m.overall());

        let gap = m.gap().unwrap();
        assert_eq!(gap.highest.0.name, "United Kingdom");
        assert_eq!(gap.lowest.0.name, "Canada");
        assert_eq!(gap.difference.unsigned(), "0.50");
        assert_eq!(gap.points, 25);

        let c = m.by_member();
        let ranks: Vec<(&str, Option<usize>)> = c
            .iter()
            .map(|r| (r.subject.code.as_str(), r.rank))
            .collect();
        assert_eq!(
            ranks,
            [
                ("GBR", Some(1)),
                ("USA", Some(1)),
                ("EU", Some(1)),
                ("CAN", Some(4)),
                ("FRA", Some(4)),
                ("DEU", Some(4)),
                ("ITA", Some(4)),
                ("JPN", Some(4)),
            ]
        );
        assert_eq!(c[3].percent, Some(75));
        assert_eq!(c[3].scored, 2);

        let d = m.by_commitment();
        assert_eq!(d[0].subject.code, "18");
        assert_eq!(d[0].rank, Some(1));
        assert_eq!(d[1].subject.code, "19");
        assert_eq!(d[1].rank, Some(2));
        assert_eq!(d[1].percent, Some(69));
    }

    #[test]
    fn ties_share_a_rank_and_unscored_come_last() {
        let m = ScoreMatrix {
            members: vec![
                member("A", "AAA"),
                member("B", "BBB"),
                member("C", "CCC"),
                member("D", "DDD"),
                member("E", "EEE"),
            ],
            rows: vec![row(
                "1",
                vec![
                    Verdict::NotApplicable,
                    FULL,
                    PARTIAL,
                    FULL,
                    Verdict::NotAssessed,
                ],
            )],
            convention: PercentConvention::Rescaled,
        };
        let c = m.by_member();
        let got: Vec<(&str, Option<usize>)> = c
            .iter()
            .map(|r| (r.subject.name.as_str(), r.rank))
            .collect();
        assert_eq!(
            got,
            [
                ("B", Some(1)),
                ("D", Some(1)),
                ("C", Some(3)),
                ("A", None),
                ("E", None),
            ]
        );
        assert_eq!(c[3].average, None);
        assert_eq!(c[3].percent, None);
        assert_eq!(c[3].scored, 0);
    }

    #[test]
    fn not_applicable_makes_the_overall_differ_from_the_means() {
        let m = ScoreMatrix {
            members: vec![member("A", "AAA"), member("B", "BBB")],
            rows: vec![
                row("1", vec![FULL, Verdict::NotApplicable]),
                row("2", vec![NONE, FULL]),
            ],
            convention: PercentConvention::Rescaled,
        };
        // Cells: +1, −1, +1 → 1/3. Rows: +1 and 0 → 1/2. Members: 0 and +1 → 1/2.
        assert_eq!(m.overall(), Some(Average::ratio(1, 3)));
        assert_eq!(m.mean_of_row_averages(), Some(Average::ratio(1, 2)));
        assert_eq!(m.mean_of_member_averages(), Some(Average::ratio(1, 2)));
    }

    #[test]
    fn empty_matrix_has_no_figures() {
        let m = ScoreMatrix {
            members: vec![member("A", "AAA")],
            rows: vec![row("1", vec![Verdict::NotAssessed])],
            convention: PercentConvention::Rescaled,
        };
        assert_eq!(m.overall(), None);
        assert_eq!(m.row_average(0), None);
        assert_eq!(m.row_average(7), None);
        assert_eq!(m.member_average(3), None);
        assert_eq!(m.mean_of_row_averages(), None);
        assert_eq!(m.gap(), None);
        assert_eq!(m.cell(9, 9), Verdict::NotAssessed);
    }
}
