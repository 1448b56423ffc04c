//! Citations as CSL-JSON (an array of items, `id` = `fn-<number>`) and as BibTeX (`@online`
//! when the footnote has a URL, `@misc` otherwise; key `fn<number>`), streamed one entry at a
//! time.

use std::io::Write;

use jiff::civil::Date;
use pledgewatch_domain::Citation;
use serde_json::{Map, Value, json};

use super::ExportError;
use crate::Report;

fn date_parts(d: Date) -> Value {
    json!({ "date-parts": [[d.year(), d.month(), d.day()]] })
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
        item.insert("issued".into(), date_parts(d));
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
        fields.push(("date", d.to_string()));
        fields.push(("year", d.year().to_string()));
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
