//! Each member's average across cycles: one labelled line per member over the cycles in the
//! order given.

use std::fmt::Write as _;

use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{Average, member_key};

use super::{open, position, text};
use crate::html::escape::escape;

const LEFT: i64 = 60;
const TOP: i64 = 20;
const PLOT_H: i64 = 300;
const STEP: i64 = 140;

/// Line colours, cycled through by member; each line also carries its member code.
const INK: [&str; 8] = [
    "#1f5fa8", "#b3261e", "#1a7f37", "#7b3294", "#e66101", "#4d4d4d", "#008b8b", "#8c510a",
];

/// The chart of every member's average in each of `series` (cycle name, its matrix), or `None`
/// when there are fewer than two cycles.
pub fn across_cycles(series: &[(String, ScoreMatrix)]) -> Option<String> {
    chart(series, None)
}

/// The same chart for one member (spelling variants match), or `None` when the member has an
/// average in fewer than two of the cycles.
pub fn member_across_cycles(series: &[(String, ScoreMatrix)], member: &str) -> Option<String> {
    chart(series, Some(member))
}

fn chart(series: &[(String, ScoreMatrix)], only: Option<&str>) -> Option<String> {
    if series.len() < 2 {
        return None;
    }
    // Members in order of first appearance across the cycles, keyed spelling-insensitively.
    let mut members: Vec<(String, String, String)> = Vec::new(); // key, name, code
    for (_, m) in series {
        for mem in &m.members {
            let key = member_key(&mem.name);
            if only.is_some_and(|o| member_key(o) != key) {
                continue;
            }
            if !members.iter().any(|(k, _, _)| *k == key) {
                members.push((key, mem.name.clone(), mem.code.clone()));
            }
        }
    }
    let averages: Vec<Vec<Option<Average>>> = members
        .iter()
        .map(|(_, name, _)| {
            series
                .iter()
                .map(|(_, m)| m.member_index(name).and_then(|j| m.member_average(j)))
                .collect()
        })
        .collect();
    let points = averages.iter().flatten().filter(|a| a.is_some()).count();
    if members.is_empty() || (only.is_some() && points < 2) {
        return None;
    }

    let cycles = i64::try_from(series.len()).unwrap_or(0);
    let plot_w = (cycles - 1) * STEP;
    let legend_top = TOP + PLOT_H + 50;
    let legend_rows = i64::try_from(members.len().div_ceil(3)).unwrap_or(0);
    let width = (LEFT + plot_w + 120).max(LEFT + 3 * 180);
    let height = legend_top + legend_rows * 20 + 10;
    // y for an average: +1 at TOP, −1 at TOP + PLOT_H (position() runs left to right, so flip).
    let y_of = |a: Average| TOP + PLOT_H - (position(a, 0, PLOT_H));
    let x_of = |i: i64| LEFT + i * STEP;

    let mut desc = String::from("Member averages by cycle.");
    for ((_, name, _), avgs) in members.iter().zip(&averages) {
        let _ = write!(desc, " {name}:");
        for ((cycle, m), a) in series.iter().zip(avgs) {
            match a {
                Some(a) => {
                    let _ = write!(desc, " {cycle} {};", a.published_line(m.convention));
                }
                None => {
                    let _ = write!(desc, " {cycle} no score;");
                }
            }
        }
    }
    let title = match (only, members.first()) {
        // Named as the data writes it, whatever spelling the caller asked with.
        (Some(_), Some((_, name, _))) => format!("{name}: average across cycles"),
        _ => "Member averages across cycles".to_string(),
    };
    let mut out = String::with_capacity(4096);
    open(&mut out, "cycles", width, height, &title, &desc);

    for (num, label) in [
        (-2, "\u{2212}1"),
        (-1, "\u{2212}0.5"),
        (0, "0"),
        (1, "+0.5"),
        (2, "+1"),
    ] {
        let y = y_of(Average::ratio(num, 2));
        let (stroke, w) = if num == 0 {
            ("#000000", 2)
        } else {
            ("#cccccc", 1)
        };
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"{w}\"/>",
            LEFT + plot_w
        );
        text(&mut out, LEFT - 8, y + 4, "end", "", label);
    }
    for (i, (cycle, _)) in (0i64..).zip(series) {
        text(
            &mut out,
            x_of(i),
            TOP + PLOT_H + 20,
            "middle",
            "",
            &super::shorten(cycle, 22),
        );
    }

    for (k, ((_, name, code), avgs)) in members.iter().zip(&averages).enumerate() {
        let ink = INK[k % INK.len()];
        let _ = write!(out, "<g><title>{}</title>", escape(name));
        // Lines break where a cycle has no average for the member.
        let mut run: Vec<(i64, i64)> = Vec::new();
        let flush = |run: &mut Vec<(i64, i64)>, out: &mut String| {
            if run.len() > 1 {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x},{y}")).collect();
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{ink}\" stroke-width=\"2\"/>",
                    pts.join(" ")
                );
            }
            run.clear();
        };
        let mut last: Option<(i64, i64)> = None;
        for (i, a) in (0i64..).zip(avgs) {
            match a {
                Some(a) => {
                    let p = (x_of(i), y_of(*a));
                    run.push(p);
                    last = Some(p);
                }
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
        for (i, a) in (0i64..).zip(avgs) {
            if let Some(a) = a {
                let _ = write!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{ink}\"/>",
                    x_of(i),
                    y_of(*a)
                );
            }
        }
        // The member's code at the end of its line, so lines are told apart without colour.
        if let Some((x, y)) = last {
            text(
                &mut out,
                x + 8,
                y + 4,
                "start",
                &format!(" fill=\"{ink}\""),
                code,
            );
        }
        out.push_str("</g>");
        let kk = i64::try_from(k).unwrap_or(0);
        let (lx, ly) = (LEFT + (kk % 3) * 180, legend_top + (kk / 3) * 20);
        let _ = write!(
            out,
            "<line x1=\"{lx}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{ink}\" stroke-width=\"2\"/>",
            ly - 4,
            lx + 18,
            ly - 4
        );
        text(
            &mut out,
            lx + 24,
            ly,
            "start",
            "",
            &format!("{code} {name}"),
        );
    }
    out.push_str("</svg>");
    Some(out)
}
