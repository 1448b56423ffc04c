//! Citations as CSL-JSON (an array of items, `id` = `fn-<number>`) and as BibTeX (`@online`
//! when the footnote has a URL, `@misc` otherwise; key `fn<number>`), streamed one entry at a
//! time.

use std::io::Write;

use jiff::civil::Date;
use pledgewatch_domain::{Citation, PartialDate};
use serde_json::{Map, Value, json};

use super::ExportError;
use crate::Report;

fn date_parts(d: Date) -> Value {
    json!({ "date-parts": [[d.year(), d.month(), d.day()]] })
}

/// A publication date at the precision the source gives: `[[2024, 7]]` for July 2024.
fn partial_date_parts(d: PartialDate) -> Value {
    match (d.date(), d.month()) {
        (Some(day), _) => date_parts(day),
        (None, Some(month)) => json!({ "date-parts": [[d.year(), month]] }),
        (None, None) => json!({ "date-parts": [[d.year()]] }),
    }
}

/// One CSL-JSON item.
pub fn csl_item(c: &Citation) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(format!("fn-{}", c.number)));
    let kind = if c.url.is_some() {
        "webpage"
    } else {
        "article"
    };
    item.insert("type".into(), json!(kind));
    item.insert("title".into(), json!(c.title));
    if let Some(p) = &c.publisher {
        item.insert("publisher".into(), json!(p));
    }
    if let Some(p) = &c.place {
        item.insert("publisher-place".into(), json!(p));
    }
    if let Some(d) = c.published {
        item.insert("issued".into(), partial_date_parts(d));
    }
    if let Some(d) = c.accessed {
        item.insert("accessed".into(), date_parts(d));
    }
    if let Some(u) = &c.url {
        item.insert("URL".into(), json!(u));
    }
    if let Some(n) = &c.note {
        item.insert("note".into(), json!(n));
    }
    Value::Object(item)
}

/// Every citation of the report as a CSL-JSON array.
pub fn write_csl_json<W: Write>(report: &Report, mut out: W) -> Result<(), ExportError> {
    out.write_all(b"[")?;
    let mut first = true;
    for c in report.chapters.iter().flat_map(|ch| &ch.citations) {
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        first = false;
        serde_json::to_writer(&mut out, &csl_item(c))?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(())
}

/// Text for a BibTeX field: braces, backslashes and LaTeX's special characters escaped, so that
/// the entry's braces always balance.
pub fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            _ => out.push(c),
        }
    }
    out
}

/// A URL for the verbatim `url` field: only what would unbalance the braces is escaped.
fn url_escape(s: &str) -> String {
    s.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// One BibTeX entry.
pub fn bibtex_entry(c: &Citation) -> String {
    let kind = if c.url.is_some() { "online" } else { "misc" };
    let mut fields: Vec<(&str, String)> =
        vec![("title", format!("{{{}}}", bibtex_escape(&c.title)))];
    if let Some(p) = &c.publisher {
        fields.push(("publisher", bibtex_escape(p)));
        fields.push(("organization", bibtex_escape(p)));
    }
    if let Some(p) = &c.place {
        fields.push(("address", bibtex_escape(p)));
    }
    if let Some(d) = c.published {
        // biblatex's `date` takes ISO 8601 at any precision (`2024-07`); `year` and `month`
        // (a number, 1–12) are for BibTeX styles that read only those.
        fields.push(("date", d.to_string()));
        fields.push(("year", d.year().to_string()));
        if let Some(month) = d.month() {
            fields.push(("month", month.to_string()));
        }
    }
    if let Some(d) = c.accessed {
        fields.push(("urldate", d.to_string()));
    }
    if let Some(u) = &c.url {
        fields.push(("url", url_escape(u)));
    }
    if let Some(n) = &c.note {
        fields.push(("note", bibtex_escape(n)));
    }
    let mut out = format!("@{kind}{{fn{},\n", c.number);
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// Every citation of the report as BibTeX.
pub fn write_bibtex<W: Write>(report: &Report, mut out: W) -> Result<(), ExportError> {
    for c in report.chapters.iter().flat_map(|ch| &ch.citations) {
        out.write_all(bibtex_entry(c).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cited(published: Option<PartialDate>) -> Citation {
        Citation {
            number: 3,
            title: "Action plan".into(),
            publisher: Some("Federal Office".into()),
            place: Some("Capital".into()),
            published,
            accessed: Some(date(2030, 8, 2)),
            url: Some("https://example.org/plan".into()),
            note: None,
            raw: "Action plan, Federal Office (Capital) July 2030.".into(),
        }
    }

    #[test]
    fn publication_dates_at_the_precision_given() {
        let month = cited(PartialDate::of_month(2030, 7));
        assert_eq!(
            csl_item(&month)["issued"],
            json!({ "date-parts": [[2030, 7]] })
        );
        let e = bibtex_entry(&month);
        assert!(e.contains("  date = {2030-07},\n"), "{e}");
        assert!(e.contains("  year = {2030},\n  month = {7},\n"), "{e}");

        let year = cited(PartialDate::of_year(2030));
        assert_eq!(csl_item(&year)["issued"], json!({ "date-parts": [[2030]] }));
        let e = bibtex_entry(&year);
        assert!(e.contains("  date = {2030},\n  year = {2030},\n"), "{e}");
        assert!(!e.contains("month"), "{e}");

        let day = cited(Some(date(2030, 7, 4).into()));
        assert_eq!(
            csl_item(&day)["issued"],
            json!({ "date-parts": [[2030, 7, 4]] })
        );
        assert!(
            bibtex_entry(&day)
                .contains("  date = {2030-07-04},\n  year = {2030},\n  month = {7},\n")
        );

        let undated = cited(None);
        assert!(csl_item(&undated).get("issued").is_none());
        assert!(!bibtex_entry(&undated).contains("year"));
    }
}
