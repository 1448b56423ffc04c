//! Plain-text and CSV renderings of a cycle's tables for the terminal.

use std::fmt::Write as _;

use anyhow::Result;
use pledgewatch_domain::check::{Finding, Severity};
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{Average, PercentConvention, Verdict};
use pledgewatch_store::CycleSummary;

pub fn cycle_line(c: &CycleSummary) -> String {
    let period = c
        .cycle
        .period
        .map(|p| p.to_string())
        .unwrap_or_else(|| "no period".into());
    let kind = c.cycle.kind.map(|k| k.as_str()).unwrap_or("-");
    let institution = c.cycle.institution.as_deref().unwrap_or("-");
    let summit = c.cycle.summit.as_deref().unwrap_or("-");
    format!(
        "{}\t{kind}\t{period}\t{institution}\t{summit}\t{} commitments\t{} members\t{} scored",
        c.cycle.name, c.commitments, c.members, c.scored_cells
    )
}

fn cell(v: Verdict) -> &'static str {
    match v {
        Verdict::Scored(s) => s.ascii(),
        Verdict::NotApplicable => "n/a",
        Verdict::NotAssessed => ".",
    }
}

fn line(a: Option<Average>, convention: PercentConvention) -> String {
    a.map(|a| format!("{} ({}%)", a.signed_ascii(), a.percent(convention)))
        .unwrap_or_else(|| "-".into())
}

/// Table B as aligned text, then Tables C and D, the overall and the gap.
pub fn scores_table(cycle: &str, m: &ScoreMatrix) -> String {
    let conv = m.convention;
    let label_width = m
        .rows
        .iter()
        .map(|r| r.code.chars().count() + 1 + r.title.chars().count())
        .chain(std::iter::once(16))
        .max()
        .unwrap_or(16);
    // Wide enough for a member average such as `+0.50`.
    let col = m
        .members
        .iter()
        .map(|mb| mb.code.chars().count().max(5))
        .collect::<Vec<_>>();
    let mut out = String::new();
    let _ = writeln!(out, "Table B: {cycle} (. = not yet assessed)");
    let _ = write!(out, "{:label_width$}", "commitment");
    for (mb, w) in m.members.iter().zip(&col) {
        let _ = write!(out, " {:>w$}", mb.code);
    }
    let _ = writeln!(out, "  average");
    for (i, r) in m.rows.iter().enumerate() {
        let _ = write!(out, "{:label_width$}", format!("{} {}", r.code, r.title));
        for (v, w) in r.cells.iter().zip(&col) {
            let _ = write!(out, " {:>w$}", cell(*v));
        }
        let _ = writeln!(out, "  {}", line(m.row_average(i), conv));
    }
    let _ = write!(out, "{:label_width$}", "member average");
    for (j, w) in col.iter().enumerate() {
        let a = m
            .member_average(j)
            .map(|a| a.signed_ascii())
            .unwrap_or_else(|| "-".into());
        let _ = write!(out, " {a:>w$}");
    }
    let _ = writeln!(out, "  {}", line(m.overall(), conv));

    let _ = writeln!(out, "\nTable C: by member");
    for r in m.by_member() {
        let rank = r.rank.map(|k| k.to_string()).unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{rank:>3}  {:<28} {}",
            r.subject.name,
            line(r.average, conv)
        );
    }
    let _ = writeln!(out, "\nTable D: by commitment");
    for r in m.by_commitment() {
        let rank = r.rank.map(|k| k.to_string()).unwrap_or_else(|| "-".into());
        let label = format!("{} {}", r.subject.code, r.subject.title);
        let _ = writeln!(
            out,
            "{rank:>3}  {label:<label_width$} {}",
            line(r.average, conv)
        );
    }
    let _ = writeln!(
        out,
        "\nOverall (all scored cells): {}",
        line(m.overall(), conv)
    );
    if let Some(g) = m.gap() {
        let _ = writeln!(
            out,
            "Compliance gap: {} = {} points ({} {} to {} {})",
            g.difference.unsigned(),
            g.points,
            g.highest.0.name,
            g.highest.1.signed_ascii(),
            g.lowest.0.name,
            g.lowest.1.signed_ascii()
        );
    }
    out
}

/// Table B as CSV in the wide shape `import scores` reads back, with each row's average and
/// percentage in trailing columns (the importer ignores `average` and `percent`).
pub fn scores_csv(m: &ScoreMatrix) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["commitment".to_string(), "title".into(), "area".into()];
    header.extend(m.members.iter().map(|mb| mb.name.clone()));
    header.extend(["average".to_string(), "percent".into()]);
    w.write_record(&header)?;
    for (i, r) in m.rows.iter().enumerate() {
        let mut rec = vec![r.code.clone(), r.title.clone(), r.area.clone()];
        rec.extend(r.cells.iter().map(|v| v.code().unwrap_or("").to_string()));
        let avg = m.row_average(i);
        rec.push(avg.map(|a| a.signed_ascii()).unwrap_or_default());
        rec.push(
            avg.map(|a| a.percent(m.convention).to_string())
                .unwrap_or_default(),
        );
        w.write_record(&rec)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

pub fn findings_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut place = Vec::new();
        if let Some(c) = &f.commitment {
            place.push(format!("commitment {c}"));
        }
        if let Some(m) = &f.member {
            place.push(m.clone());
        }
        if let Some(n) = f.footnote {
            place.push(format!("footnote {n}"));
        }
        let _ = writeln!(
            out,
            "{sev}[{}] {}: {}",
            f.code.as_str(),
            place.join(", "),
            f.message
        );
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let _ = writeln!(out, "{errors} errors, {} warnings", findings.len() - errors);
    out
}
