//! Members ranked by average, as bars from the zero line, with the overall average marked.

use std::fmt::Write as _;

use pledgewatch_domain::Average;
use pledgewatch_domain::matrix::ScoreMatrix;

use super::{open, position, shorten, text};
use crate::html::escape::escape;

const LABEL: i64 = 170;
const SPAN: i64 = 400;
const ROW: i64 = 26;
const TOP: i64 = 46;

/// Ranking bars for `matrix`'s members (Table C order): each bar runs from 0 to the member's
/// average on a −1 … +1 axis and is labelled with its published line; a dashed line marks the
/// overall average (all scored cells). Members with no scored cell are listed as such.
pub fn ranking_bars(matrix: &ScoreMatrix) -> String {
    let conv = matrix.convention;
    let table_c = matrix.by_member();
    let n = i64::try_from(table_c.len()).unwrap_or(0);
    let width = LABEL + SPAN + 130;
    let axis_y = TOP + n * ROW + 6;
    let height = axis_y + 60;
    let zero = position(Average::ratio(0, 1), LABEL, SPAN);
    let overall = matrix.overall();

    let mut desc = String::from("Members ranked by average score, from \u{2212}1 to +1.");
    for r in &table_c {
        match r.average {
            Some(a) => {
                let _ = write!(desc, " {}: {};", r.subject.name, a.published_line(conv));
            }
            None => {
                let _ = write!(desc, " {}: no scored commitment;", r.subject.name);
            }
        }
    }
    if let Some(o) = overall {
        let _ = write!(
            desc,
            " Overall average of all scored cells: {}.",
            o.published_line(conv)
        );
    }

    let mut out = String::with_capacity(2048 + table_c.len() * 400);
    open(
        &mut out,
        "bars",
        width,
        height,
        "Compliance by member",
        &desc,
    );

    // Grid lines at −1, −0.5, 0, +0.5, +1 with their values under the axis.
    for (num, label) in [
        (-2, "\u{2212}1"),
        (-1, "\u{2212}0.5"),
        (0, "0"),
        (1, "+0.5"),
        (2, "+1"),
    ] {
        let x = position(Average::ratio(num, 2), LABEL, SPAN);
        let (stroke, w) = if num == 0 {
            ("#000000", 2)
        } else {
            ("#cccccc", 1)
        };
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{axis_y}\" stroke=\"{stroke}\" stroke-width=\"{w}\"/>",
            TOP - 6
        );
        text(&mut out, x, axis_y + 16, "middle", "", label);
    }

    for (i, r) in (0i64..).zip(&table_c) {
        let y = TOP + i * ROW;
        text(
            &mut out,
            LABEL - 8,
            y + ROW / 2 + 4,
            "end",
            "",
            &shorten(&r.subject.name, 24),
        );
        match r.average {
            Some(a) => {
                let x = position(a, LABEL, SPAN);
                let (from, w) = if x >= zero {
                    (zero, x - zero)
                } else {
                    (x, zero - x)
                };
                let fill = if a.numerator() < 0 {
                    "#b3261e"
                } else {
                    "#1f5fa8"
                };
                let _ = write!(
                    out,
                    "<rect x=\"{from}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{}</title></rect>",
                    y + 4,
                    w.max(1),
                    ROW - 8,
                    escape(&format!("{}: {}", r.subject.name, a.published_line(conv)))
                );
                text(
                    &mut out,
                    LABEL + SPAN + 8,
                    y + ROW / 2 + 4,
                    "start",
                    "",
                    &a.published_line(conv),
                );
            }
            None => text(
                &mut out,
                LABEL + SPAN + 8,
                y + ROW / 2 + 4,
                "start",
                " font-style=\"italic\"",
                "not scored",
            ),
        }
    }

    if let Some(o) = overall {
        let x = position(o, LABEL, SPAN);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{axis_y}\" stroke=\"#000000\" \
             stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
            TOP - 14
        );
        text(
            &mut out,
            x,
            TOP - 20,
            "middle",
            " font-weight=\"bold\"",
            &format!("Overall {}", o.published_line(conv)),
        );
    }
    // Legend, in words.
    let ly = axis_y + 30;
    let _ = write!(
        out,
        "<rect x=\"{LABEL}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"#1f5fa8\"/>",
        ly - 10
    );
    text(
        &mut out,
        LABEL + 24,
        ly,
        "start",
        "",
        "member average (label gives the value)",
    );
    let lx = LABEL + 290;
    let _ = write!(
        out,
        "<line x1=\"{lx}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
        ly - 4,
        lx + 22,
        ly - 4
    );
    text(&mut out, lx + 28, ly, "start", "", "overall average");
    out.push_str("</svg>");
    out
}
