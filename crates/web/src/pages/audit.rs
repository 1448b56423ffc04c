//! The audit trail as people read it: each record's before → after drawn from its detail, the
//! filter form, and the same records as CSV, JSON and text (downloads and the command line), so
//! every way out of the trail shows the same thing.

use askama::Template;
use pledgewatch_store::AuditRecord;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::{Chrome, Crumb, href};
use crate::auth::Staff;

/// Longer values are cut in the table (never in the downloads).
const SHOWN_CHARS: usize = 240;

/// One audit record in the API and the JSON download.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditRecordDto {
    pub id: i64,
    /// When, in UTC (RFC 3339, milliseconds).
    pub at: String,
    /// Who made the change: an account's name, or `cli`.
    pub actor: String,
    /// The kind of change: `assessment.update`, `evidence.add`, `chapter.replace`, …
    pub action: String,
    /// What it changed: `cycle`, `cycle/commitment`, `cycle/commitment/member`, `account/name`, …
    pub object: String,
    /// The particulars; a change carries `before` and `after`.
    #[schema(value_type = Object)]
    pub detail: Value,
}

impl AuditRecordDto {
    pub fn new(r: &AuditRecord) -> AuditRecordDto {
        AuditRecordDto {
            id: r.id,
            at: format!("{:.3}", r.at),
            actor: r.actor.clone(),
            action: r.action.clone(),
            object: r.object.clone(),
            detail: r.detail.clone(),
        }
    }
}

/// Records for the JSON download and `pledgewatch audit --format json`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditRecordsDto {
    pub records: Vec<AuditRecordDto>,
}

impl AuditRecordsDto {
    pub fn new(records: &[AuditRecord]) -> AuditRecordsDto {
        AuditRecordsDto {
            records: records.iter().map(AuditRecordDto::new).collect(),
        }
    }
}

/// The record's state before and after the change: `before`/`after`, or the older
/// `from`/`to`; `None` for a record that only describes what was done.
fn sides(detail: &Value) -> Option<(Option<&Value>, Option<&Value>)> {
    let map = detail.as_object()?;
    for (b, a) in [("before", "after"), ("from", "to")] {
        if map.contains_key(b) || map.contains_key(a) {
            return Some((
                map.get(b).filter(|v| !v.is_null()),
                map.get(a).filter(|v| !v.is_null()),
            ));
        }
    }
    None
}

/// One changed field: what it was and what it became (either may be absent: created, removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A value as a person reads it: text as itself, lists joined, anything nested as JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "none".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

fn cut(text: String) -> String {
    if text.chars().count() <= SHOWN_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(SHOWN_CHARS).collect();
    short.push('…');
    short
}

fn field_lines(
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
) -> Vec<ChangeLine> {
    let mut keys: Vec<&String> = before.map(|m| m.keys().collect()).unwrap_or_default();
    for k in after.into_iter().flat_map(|m| m.keys()) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .filter_map(|k| {
            let b = before.and_then(|m| m.get(k));
            let a = after.and_then(|m| m.get(k));
            // What stayed the same is not part of the change.
            (b != a).then(|| ChangeLine {
                field: k.clone(),
                before: b.map(|v| cut(value_text(v))),
                after: a.map(|v| cut(value_text(v))),
            })
        })
        .collect()
}

/// What a record changed, field by field; a record without before/after lists its particulars.
pub fn change_lines(detail: &Value) -> Vec<ChangeLine> {
    match sides(detail) {
        Some((before, after)) => match (before, after) {
            (b, a) if b.is_none_or(Value::is_object) && a.is_none_or(Value::is_object) => {
                field_lines(b.and_then(Value::as_object), a.and_then(Value::as_object))
            }
            (b, a) => vec![ChangeLine {
                field: "value".to_string(),
                before: b.map(|v| cut(value_text(v))),
                after: a.map(|v| cut(value_text(v))),
            }],
        },
        None => match detail.as_object() {
            Some(map) => field_lines(None, Some(map)),
            None => vec![ChangeLine {
                field: "detail".to_string(),
                before: None,
                after: Some(cut(value_text(detail))),
            }],
        },
    }
}

/// The change in one line of text, for the command line: `score: 0 → 1; narrative: … → …`.
pub fn change_text(detail: &Value) -> String {
    change_lines(detail)
        .into_iter()
        .map(|l| match (l.before, l.after) {
            (Some(b), Some(a)) => format!("{}: {b} → {a}", l.field),
            (None, Some(a)) => format!("{}: {a}", l.field),
            (Some(b), None) => format!("{}: {b} → (removed)", l.field),
            (None, None) => l.field,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A CSV field, quoted; a leading `=`, `+`, `-` or `@` gets a `'` so that a spreadsheet opening
/// the export shows the text rather than running it as a formula.
fn csv_field(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => format!("'{text}"),
        Some('-') if !is_negative_number(text) => format!("'{text}"),
        _ => text.to_string(),
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// `-1`, `-0.5`: a number, which a spreadsheet shows as such and never runs.
fn is_negative_number(text: &str) -> bool {
    let digits = &text[1..];
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
}

/// The CSV header of the export.
pub const CSV_HEADER: &str = "id,at,actor,action,object,before,after,detail\r\n";

/// One record as a CSV row: `before` and `after` as JSON (empty when the record has none), and
/// the whole detail.
pub fn csv_row(r: &AuditRecord) -> String {
    let (before, after) = sides(&r.detail).unwrap_or((None, None));
    let json = |v: Option<&Value>| v.map(Value::to_string).unwrap_or_default();
    let fields = [
        r.id.to_string(),
        format!("{:.3}", r.at),
        r.actor.clone(),
        r.action.clone(),
        r.object.clone(),
        json(before),
        json(after),
        r.detail.to_string(),
    ];
    let mut row = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    row.push_str("\r\n");
    row
}

/// The records as CSV, header first.
pub fn audit_csv(records: &[AuditRecord]) -> String {
    let mut out = String::from(CSV_HEADER);
    for r in records {
        out.push_str(&csv_row(r));
    }
    out
}

/// The records as plain text, one line each.
pub fn audit_text(records: &[AuditRecord]) -> String {
    records
        .iter()
        .map(|r| {
            format!(
                "{}  {}  {}  {}  {}\n",
                when(r),
                r.actor,
                r.action,
                r.object,
                change_text(&r.detail)
            )
        })
        .collect()
}

fn when(r: &AuditRecord) -> String {
    r.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// The filter as typed (what the form shows back), and the problems found in it.
#[derive(Debug, Clone, Default)]
pub struct AuditForm {
    pub object: String,
    /// Only the object itself, not what is under it.
    pub exact: bool,
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub from_error: Option<String>,
    pub to_error: Option<String>,
    /// A problem with the paging parameters, which the form does not show as fields.
    pub error: Option<String>,
}

impl AuditForm {
    /// The filter as query parameters, for links that keep it (empty fields left out).
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        for (k, v) in [
            ("object", &self.object),
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.is_empty() {
                q.push((k, v.clone()));
            }
        }
        if self.exact {
            q.push(("exact", "1".to_string()));
        }
        q
    }

    pub fn has_errors(&self) -> bool {
        self.from_error.is_some() || self.to_error.is_some() || self.error.is_some()
    }
}

/// A URL query string (`a=1&b=2`) of `pairs`.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// One record in the table.
pub struct AuditRow {
    pub when: String,
    pub at: String,
    pub actor: String,
    pub actor_href: String,
    pub action: String,
    pub object: String,
    pub object_href: String,
    pub changes: Vec<ChangeLine>,
}

impl AuditRow {
    pub fn new(r: &AuditRecord) -> AuditRow {
        AuditRow {
            when: when(r),
            at: format!("{:.3}", r.at),
            actor_href: href::work_audit(&query_string(&[("actor", r.actor.clone())])),
            actor: r.actor.clone(),
            action: r.action.clone(),
            object_href: href::work_audit(&query_string(&[("object", r.object.clone())])),
            object: r.object.clone(),
            changes: change_lines(&r.detail),
        }
    }
}

#[derive(Template)]
#[template(path = "work_audit.html")]
pub struct AuditTrailPage {
    pub chrome: Chrome,
    pub form: AuditForm,
    pub actors: Vec<String>,
    pub actions: Vec<String>,
    pub rows: Vec<AuditRow>,
    /// The next (older) page, keeping the filter.
    pub older: Option<String>,
    /// The first page, when this is not it.
    pub newest: Option<String>,
    pub csv_href: String,
    pub json_href: String,
}

impl AuditTrailPage {
    pub fn new(
        staff: &Staff,
        form: AuditForm,
        (actors, actions): (Vec<String>, Vec<String>),
        records: &[AuditRecord],
        paging: Paging,
    ) -> AuditTrailPage {
        let filter = form.query();
        let with = |extra: Vec<(&'static str, String)>| {
            let mut q = filter.clone();
            q.extend(extra);
            query_string(&q)
        };
        let mut page_extra = Vec::new();
        if let Some(limit) = paging.limit {
            page_extra.push(("limit", limit.to_string()));
        }
        AuditTrailPage {
            chrome: Chrome::workspace(
                "Audit trail",
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::here("Audit trail"),
                ],
                staff,
            ),
            older: paging.next_before.map(|id| {
                let mut extra = page_extra.clone();
                extra.push(("before", id.to_string()));
                href::work_audit(&with(extra))
            }),
            newest: paging
                .before
                .map(|_| href::work_audit(&with(page_extra.clone()))),
            csv_href: href::work_audit_download("csv", &with(Vec::new())),
            json_href: href::work_audit_download("json", &with(Vec::new())),
            rows: records.iter().map(AuditRow::new).collect(),
            form,
            actors,
            actions,
        }
    }
}

/// Where the shown page sits in the trail.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paging {
    /// The `before` this page was asked with.
    pub before: Option<i64>,
    /// The `limit` asked for, when not the default.
    pub limit: Option<i64>,
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_change_lists_only_the_fields_that_changed() {
        let lines = change_lines(&json!({
            "before": {"score": 0, "narrative": "Old", "version": 3},
            "after": {"score": 1, "narrative": "Old", "version": 4, "note": "new"}
        }));
        let text: Vec<String> = lines
            .iter()
            .map(|l| format!("{}:{:?}>{:?}", l.field, l.before, l.after))
            .collect();
        assert_eq!(
            text,
            [
                "score:Some(\"0\")>Some(\"1\")",
                "version:Some(\"3\")>Some(\"4\")",
                "note:None>Some(\"new\")"
            ]
        );
    }

    #[test]
    fn records_without_before_and_after_list_their_particulars() {
        assert_eq!(
            change_text(&json!({"from": {"kind": "interim"}, "to": {"kind": "final"}})),
            "kind: interim → final"
        );
        assert_eq!(
            change_text(&json!({"commitment": "8", "members": 3, "changes": ["a", "b"]})),
            "commitment: 8; members: 3; changes: a, b"
        );
        assert_eq!(
            change_text(&json!({"before": {"account": "Ana"}, "after": null})),
            "account: Ana → (removed)"
        );
        assert_eq!(
            change_text(&json!({"before": 1, "after": 2})),
            "value: 1 → 2"
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_disarmed() {
        assert_eq!(csv_field("a \"b\", c"), "\"a \"\"b\"\", c\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_field("-1"), "\"-1\"");
        assert_eq!(csv_field("-x"), "\"'-x\"");
    }
}
