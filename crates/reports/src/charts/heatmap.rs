//! The member × commitment heatmap: one cell per assessment, coloured and labelled by verdict.

use std::fmt::Write as _;

use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{Score, Verdict};

use super::{open, shorten, text};
use crate::summary::{cell_text, verdict_text};

const CELL: i64 = 36;
const LABEL: i64 = 230;
const TOP: i64 = 34;

/// Fill and text colour of a cell; n/a is hatched and not-yet-assessed is an empty dashed box, so
/// the three states differ in shape as well as colour.
fn style(v: Verdict) -> (&'static str, &'static str, &'static str) {
    match v {
        Verdict::Scored(Score::Full) => ("#1a7f37", "#ffffff", ""),
        Verdict::Scored(Score::Partial) => ("#f2c744", "#000000", ""),
        Verdict::Scored(Score::NoCompliance) => ("#b3261e", "#ffffff", ""),
        Verdict::NotApplicable => ("url(#hm-hatch)", "#000000", ""),
        Verdict::NotAssessed => ("#ffffff", "#000000", " stroke-dasharray=\"4 3\""),
    }
}

const LEGEND: [(Verdict, &str); 5] = [
    (Verdict::Scored(Score::Full), "full compliance"),
    (Verdict::Scored(Score::Partial), "partial compliance"),
    (Verdict::Scored(Score::NoCompliance), "no compliance"),
    (Verdict::NotApplicable, "not applicable"),
    (Verdict::NotAssessed, "not yet assessed"),
];

/// The heatmap of `matrix`: commitments down, members (by code) across.
pub fn heatmap(matrix: &ScoreMatrix) -> String {
    let cols = i64::try_from(matrix.members.len()).unwrap_or(0);
    let rows = i64::try_from(matrix.rows.len()).unwrap_or(0);
    let width = (LABEL + cols * CELL + 10).max(LABEL + 520);
    let legend_top = TOP + rows * CELL + 16;
    let height = legend_top + 24 * 3 + 8;

    let mut desc = format!(
        "Scores of {} members on {} commitments.",
        matrix.members.len(),
        matrix.rows.len()
    );
    for r in &matrix.rows {
        let _ = write!(desc, " {}. {}:", r.code, r.title);
        for (m, v) in matrix.members.iter().zip(&r.cells) {
            let _ = write!(desc, " {} {};", m.code, verdict_text(*v));
        }
    }

    let mut out = String::with_capacity(4096 + matrix.rows.len() * matrix.members.len() * 300);
    open(
        &mut out,
        "heatmap",
        width,
        height,
        "Scores by commitment and member",
        &desc,
    );
    out.push_str(
        "<defs><pattern id=\"hm-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e6e6e6\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8c8c8c\" stroke-width=\"2\"/>\
         </pattern></defs>",
    );
    for (j, m) in (0i64..).zip(&matrix.members) {
        let x = LABEL + j * CELL + CELL / 2;
        let _ = write!(
            out,
            "<g><title>{}</title>",
            crate::html::escape::escape(&m.name)
        );
        text(
            &mut out,
            x,
            TOP - 10,
            "middle",
            " font-weight=\"bold\"",
            &m.code,
        );
        out.push_str("</g>");
    }
    for (i, r) in (0i64..).zip(&matrix.rows) {
        let y = TOP + i * CELL;
        let label = shorten(&format!("{}. {}", r.code, r.title), 34);
        text(&mut out, LABEL - 8, y + CELL / 2 + 4, "end", "", &label);
        for (j, (m, v)) in (0i64..).zip(matrix.members.iter().zip(&r.cells)) {
            let x = LABEL + j * CELL;
            let (fill, ink, dash) = style(*v);
            let _ = write!(
                out,
                "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 fill=\"{fill}\" stroke=\"#444444\"{dash}/>",
                crate::html::escape::escape(&format!(
                    "{}, {}. {}: {}",
                    m.name,
                    r.code,
                    r.title,
                    verdict_text(*v)
                )),
                x + 1,
                y + 1,
                CELL - 2,
                CELL - 2
            );
            text(
                &mut out,
                x + CELL / 2,
                y + CELL / 2 + 4,
                "middle",
                &format!(" fill=\"{ink}\""),
                cell_text(*v),
            );
            out.push_str("</g>");
        }
    }
    // The legend: a sample cell and its meaning in words.
    for (k, (v, label)) in (0i64..).zip(LEGEND) {
        let (x, y) = (LABEL + (k % 3) * 175, legend_top + (k / 3) * 24);
        let (fill, ink, dash) = style(v);
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"20\" height=\"18\" fill=\"{fill}\" \
             stroke=\"#444444\"{dash}/>"
        );
        text(
            &mut out,
            x + 10,
            y + 13,
            "middle",
            &format!(" fill=\"{ink}\" font-size=\"10\""),
            cell_text(v),
        );
        text(&mut out, x + 26, y + 13, "start", "", label);
    }
    out.push_str("</svg>");
    out
}
