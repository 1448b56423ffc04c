//! A cycle's report card: Table B (the matrix), Table C (by member), Table D (by commitment) and
//! the compliance gap.

use askama::Template;
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{Average, Cycle, Person, Verdict};
use pledgewatch_reports::summary::NoAverage;

use super::{Chrome, Crumb, href};
use crate::charts::{self, Svg};
use crate::format::{self, Cell};
use crate::pages::departures::Departures;

#[derive(Template)]
#[template(path = "report_card.html")]
pub struct ReportCardPage {
    pub chrome: Chrome,
    pub name: String,
    pub kind: Option<&'static str>,
    pub period: Option<String>,
    pub institution: Option<String>,
    pub summit: Option<String>,
    pub convention: &'static str,
    pub members: Vec<MemberHead>,
    pub rows: Vec<Row>,
    pub member_averages: Vec<AverageCell>,
    pub overall: AverageCell,
    pub scored_cells: usize,
    pub by_member: Vec<RankedRow>,
    pub by_commitment: Vec<RankedRow>,
    pub gap: Option<GapView>,
    pub people: Vec<PersonView>,
    /// Departures from the rubrics, when any assessment has a single suggested score.
    pub departures: Option<Departures>,
    pub departures_href: String,
    pub agreement_href: String,
    /// Every edition of the cycle and what each changed.
    pub editions_href: String,
    /// The member × commitment heatmap (SVG).
    pub heatmap: Svg,
    /// Members ranked by average, the overall average marked (SVG).
    pub ranking_bars: Svg,
}

/// One person of the research team, with the other spellings of their name the chapters use.
pub struct PersonView {
    pub name: String,
    /// "Olivier d’Aragon", …; empty when the name is always written one way.
    pub variants: String,
}

pub struct MemberHead {
    pub code: String,
    pub name: String,
    pub href: String,
}

pub struct Row {
    pub code: String,
    pub title: String,
    pub area: String,
    pub href: String,
    pub cells: Vec<Cell>,
    pub average: AverageCell,
}

/// An average as the tables print it: the published line, or why there is none (`n/a` when
/// every cell is n/a, `–` when nothing is scored yet), spelled out for a tooltip. The reports
/// decide which ([`NoAverage`]), so the site and the report card never disagree.
pub struct AverageCell {
    pub line: Option<String>,
    /// `n/a` or `–`, shown when `line` is `None`.
    pub text: &'static str,
    pub meaning: &'static str,
}

impl AverageCell {
    pub(crate) fn new(
        line: Option<String>,
        cells: impl IntoIterator<Item = Verdict>,
    ) -> AverageCell {
        let why = NoAverage::of(cells);
        AverageCell {
            line,
            text: why.text(),
            meaning: why.meaning(),
        }
    }

    /// The line, or `n/a` / `–`.
    fn shown(&self) -> String {
        self.line.clone().unwrap_or_else(|| self.text.to_string())
    }
}

/// A line of Table C or D.
pub struct RankedRow {
    /// `1`; for a subject with no scored cell, `n/a` (all n/a) or `–` (not yet assessed).
    pub rank: String,
    pub label: String,
    pub href: String,
    pub average: String,
    pub scored: usize,
}

pub struct GapView {
    /// `0.50`
    pub difference: String,
    /// `25`
    pub points: i64,
    pub highest: String,
    pub highest_members: String,
    pub lowest: String,
    pub lowest_members: String,
}

impl ReportCardPage {
    pub fn new(
        cycle: &Cycle,
        slug: &str,
        matrix: &ScoreMatrix,
        people: &[Person],
    ) -> ReportCardPage {
        let convention = matrix.convention;
        let line = |a: Option<Average>| format::average_line(a, convention);

        let members = matrix
            .members
            .iter()
            .map(|m| MemberHead {
                code: m.code.clone(),
                name: m.name.clone(),
                href: href::member(slug, &m.code),
            })
            .collect();
        let rows = matrix
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                code: r.code.clone(),
                title: r.title.clone(),
                area: r.area.clone(),
                href: href::commitment(slug, &r.code),
                cells: r.cells.iter().map(|v| Cell::of(*v)).collect(),
                average: AverageCell::new(line(matrix.row_average(i)), r.cells.iter().copied()),
            })
            .collect();
        let column = |j: usize| (0..matrix.rows.len()).map(move |i| matrix.cell(i, j));
        let member_averages = (0..matrix.members.len())
            .map(|j| AverageCell::new(line(matrix.member_average(j)), column(j)))
            .collect();
        let scored_cells = matrix
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .filter(|v| v.score().is_some())
            .count();

        let table_c = matrix.by_member();
        let by_member = table_c
            .iter()
            .map(|r| {
                let average = AverageCell::new(line(r.average), column(r.index));
                RankedRow {
                    rank: rank_text(r.rank, &average),
                    label: r.subject.name.clone(),
                    href: href::member(slug, &r.subject.code),
                    average: average.shown(),
                    scored: r.scored,
                }
            })
            .collect();
        let by_commitment = matrix
            .by_commitment()
            .iter()
            .map(|r| {
                let cells = matrix
                    .rows
                    .get(r.index)
                    .map_or(&[][..], |row| &row.cells[..]);
                let average = AverageCell::new(line(r.average), cells.iter().copied());
                RankedRow {
                    rank: rank_text(r.rank, &average),
                    label: format!("{}. {}", r.subject.code, r.subject.title),
                    href: href::commitment(slug, &r.subject.code),
                    average: average.shown(),
                    scored: r.scored,
                }
            })
            .collect();

        let gap = matrix.gap().map(|gap| {
            // Several members may share the highest or the lowest average: name them all.
            let sharing = |a: Average| {
                table_c
                    .iter()
                    .filter(|r| r.average == Some(a))
                    .map(|r| r.subject.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            GapView {
                difference: gap.difference.unsigned(),
                points: gap.points,
                highest: gap.highest.1.published_line(convention),
                highest_members: sharing(gap.highest.1),
                lowest: gap.lowest.1.published_line(convention),
                lowest_members: sharing(gap.lowest.1),
            }
        });

        ReportCardPage {
            chrome: Chrome::new(
                format!("{}: report card", cycle.name),
                vec![Crumb::link("Cycles", "/"), Crumb::here(cycle.name.clone())],
            ),
            name: cycle.name.clone(),
            kind: cycle.kind.map(|k| super::index::kind_text(Some(k))),
            period: cycle.period.map(|p| format::period_text(p.start, p.end)),
            institution: cycle.institution.clone(),
            summit: cycle.summit.clone(),
            convention: format::convention_text(convention),
            members,
            rows,
            member_averages,
            overall: AverageCell::new(
                line(matrix.overall()),
                matrix.rows.iter().flat_map(|r| r.cells.iter().copied()),
            ),
            scored_cells,
            by_member,
            by_commitment,
            gap,
            people: people
                .iter()
                .map(|p| PersonView {
                    name: p.name.clone(),
                    variants: p.variants.join("; "),
                })
                .collect(),
            departures: None,
            departures_href: href::departures(slug),
            agreement_href: href::agreement(slug),
            editions_href: href::editions(slug),
            heatmap: charts::heatmap(matrix),
            ranking_bars: charts::ranking_bars(matrix),
        }
    }

    /// Adds "N of M scored assessments depart from their rubric's suggestion" (shown only when
    /// M > 0).
    pub fn with_departures(mut self, departures: Departures) -> ReportCardPage {
        self.departures = Some(departures).filter(|d| d.comparable > 0);
        self
    }
}

/// Without a rank the subject has no average: say why, as the average does.
fn rank_text(rank: Option<usize>, average: &AverageCell) -> String {
    rank.map_or_else(|| average.text.to_string(), |r| r.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pledgewatch_domain::{MatrixRow, Member, PercentConvention, Score, Verdict};

    fn matrix() -> ScoreMatrix {
        let member = |name: &str, code: &str| Member {
            name: name.into(),
            code: code.into(),
        };
        let row = |code: &str, cells: Vec<Verdict>| MatrixRow {
            code: code.into(),
            title: format!("Title <{code}>"),
            area: "Area & More".into(),
            cells,
        };
        use Verdict::*;
        ScoreMatrix {
            members: vec![
                member("Alpha", "ALP"),
                member("Beta", "BET"),
                member("Gamma", "GAM"),
            ],
            rows: vec![
                row(
                    "1",
                    vec![
                        Scored(Score::Full),
                        Scored(Score::NoCompliance),
                        NotApplicable,
                    ],
                ),
                row(
                    "2",
                    vec![Scored(Score::Full), Scored(Score::Partial), NotAssessed],
                ),
                row(
                    "3",
                    vec![
                        Scored(Score::NoCompliance),
                        Scored(Score::Partial),
                        Scored(Score::Partial),
                    ],
                ),
            ],
            convention: PercentConvention::Rescaled,
        }
    }

    #[test]
    fn report_card_renders_every_table() {
        let cycle = Cycle {
            name: "Test <Cycle>".into(),
            kind: Some(pledgewatch_domain::CycleKind::Final),
            period: None,
            convention: PercentConvention::Rescaled,
            institution: Some("G<7>".into()),
            summit: Some("2031 Test Summit".into()),
        };
        let people = [Person {
            name: "Olivier d'Aragon".into(),
            variants: vec!["Olivier d\u{2019}Aragon".into()],
        }];
        let html = ReportCardPage::new(&cycle, "test-cycle", &matrix(), &people)
            .render()
            .unwrap();
        for needle in [
            "Test &#60;Cycle&#62;",
            "Title &#60;1&#62;",
            "<caption id=\"caption-b\">",
            "<caption id=\"caption-c\">",
            "<caption id=\"caption-d\">",
            "\u{2212}0.33 (33%)",
            "<abbr title=\"not applicable\">n/a</abbr>",
            "<abbr title=\"not yet assessed\">\u{2013}</abbr>",
            "href=\"/cycles/test-cycle/commitments/1\"",
            "href=\"/cycles/test-cycle/members/ALP\"",
            "<dt>Institution</dt><dd>G&#60;7&#62;</dd>",
            "<dt>Summit</dt><dd>2031 Test Summit</dd>",
            "Olivier d&#39;Aragon",
            "also written Olivier d\u{2019}Aragon",
        ] {
            assert!(html.contains(needle), "missing {needle:?} in\n{html}");
        }
        assert!(!html.contains("<Cycle>"));
    }

    #[test]
    fn a_member_scored_only_n_a_averages_n_a_and_one_not_yet_assessed_a_dash() {
        use Verdict::*;
        let mut m = matrix();
        // Gamma: n/a on every commitment. A fourth member, Delta, not yet assessed anywhere.
        m.members.push(Member {
            name: "Delta".into(),
            code: "DEL".into(),
        });
        for row in &mut m.rows {
            row.cells[2] = NotApplicable;
            row.cells.push(NotAssessed);
        }
        let cycle = Cycle {
            name: "Test".into(),
            kind: None,
            period: None,
            convention: PercentConvention::Rescaled,
            institution: None,
            summit: None,
        };
        let page = ReportCardPage::new(&cycle, "test", &m, &[]);
        let texts: Vec<&str> = page.member_averages.iter().map(|a| a.text).collect();
        assert_eq!(texts[2..], ["n/a", "\u{2013}"]);
        let ranks: Vec<(&str, &str)> = page
            .by_member
            .iter()
            .map(|r| (r.label.as_str(), r.rank.as_str()))
            .collect();
        assert!(ranks.contains(&("Gamma", "n/a")) && ranks.contains(&("Delta", "\u{2013}")));
        let html = page.render().unwrap();
        assert!(html.contains("<abbr title=\"not applicable: every cell is n/a\">n/a</abbr>"));
        assert!(
            html.contains(
                "<abbr title=\"not yet assessed: no cell is scored yet\">\u{2013}</abbr>"
            )
        );
    }
}
