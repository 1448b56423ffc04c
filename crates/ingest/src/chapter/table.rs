//! The Assessment table: a column-header line, one row per member with its score, and the
//! published average. Columns are tab-separated in the Markdown-like layout (the score's column
//! says No, Partial or Full Compliance) and space-separated in PDF text.

use pledgewatch_domain::{TableRow, Verdict};

use crate::IngestError;
use crate::chapter::shown;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TableLine {
    /// `No Compliance  Partial Compliance  Full Compliance`.
    Header,
    Row(TableRow),
    /// The published average as printed: `+0.38 (69%)`.
    Average(String),
}

pub(crate) fn table_line(text: &str, line: usize) -> Result<TableLine, IngestError> {
    let t = text.trim();
    if let Some(rest) = strip_prefix_ignore_case(t, "Average")
        && (rest.is_empty() || rest.starts_with([' ', '\t', ':']))
    {
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
        return Ok(TableLine::Average(
            rest.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    if t.contains("Compliance")
        && !t.split_whitespace().any(|w| {
            w.parse::<Verdict>()
                .is_ok_and(|v| v != Verdict::NotAssessed)
        })
    {
        return Ok(TableLine::Header);
    }
    let row_error = |found: &str| IngestError::TableScore {
        line,
        row: shown(&t.split_whitespace().collect::<Vec<_>>().join(" ")),
        found: shown(found),
    };
    let (name, score) = if t.contains('\t') {
        let mut cells = t.split('\t').map(str::trim);
        let name = cells.next().unwrap_or("");
        let scores: Vec<&str> = cells.filter(|c| !c.is_empty()).collect();
        match scores.as_slice() {
            [] => (name, ""),
            [one] => (name, *one),
            many => return Err(row_error(&many.join(" "))),
        }
    } else {
        match t.rsplit_once(char::is_whitespace) {
            Some((name, score)) => (name.trim(), score),
            None => return Err(row_error(t)),
        }
    };
    let verdict = score.parse::<Verdict>().map_err(|_| row_error(score))?;
    if name.is_empty() {
        return Err(row_error(score));
    }
    Ok(TableLine::Row(TableRow {
        member: name.to_string(),
        verdict,
    }))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use pledgewatch_domain::Score;

    #[test]
    fn both_layouts() {
        assert_eq!(
            table_line("\tNo Compliance\tPartial Compliance\tFull Compliance", 1),
            Ok(TableLine::Header)
        );
        assert_eq!(
            table_line(" No Compliance Partial Compliance Full Compliance ", 1),
            Ok(TableLine::Header)
        );
        assert_eq!(
            table_line("United Kingdom\t\t\t+1", 1),
            Ok(TableLine::Row(TableRow {
                member: "United Kingdom".into(),
                verdict: Verdict::Scored(Score::Full)
            }))
        );
        assert_eq!(
            table_line("Republic of Korea   \u{2212}1 ", 1),
            Ok(TableLine::Row(TableRow {
                member: "Republic of Korea".into(),
                verdict: Verdict::Scored(Score::NoCompliance)
            }))
        );
        assert_eq!(
            table_line("Saudi Arabia\tn/a\t\t", 1),
            Ok(TableLine::Row(TableRow {
                member: "Saudi Arabia".into(),
                verdict: Verdict::NotApplicable
            }))
        );
        assert_eq!(
            table_line("Average\t+1.00 (100%)\t\t", 1),
            Ok(TableLine::Average("+1.00 (100%)".into()))
        );
        assert_eq!(
            table_line("Average +0.38 (69%) ", 1),
            Ok(TableLine::Average("+0.38 (69%)".into()))
        );
    }

    #[test]
    fn bad_rows_name_the_line() {
        let e = table_line("Canada  2", 7).unwrap_err();
        assert_eq!(e.line(), Some(7));
        assert!(e.to_string().contains("`2`"), "{e}");
        assert!(table_line("Canada\t+1\t0", 3).is_err());
    }
}
