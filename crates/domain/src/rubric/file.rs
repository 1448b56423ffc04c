//! The rubric file: TOML meant to be edited by hand.
//!
//! Reading goes through serde (so JSON works the same way for the API). Writing TOML is done
//! here rather than by the `toml` serializer, which would split every `{ min = 1, max = 3 }` into
//! a `[rule.strong]` sub-table; the writer keeps each rule's condition on its own lines as
//! inline values, in the same shape a person would write.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::condition::ConditionTable;
use super::{Condition, CountRange, InvalidRubric, Rubric, Rule};
use crate::score::Score;

/// A rubric file that could not be read, or that reads but breaks the rules of a rubric.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RubricFileError {
    /// The TOML parser's message, which names the line and column.
    #[error("not a readable rubric: {0}")]
    Parse(String),
    #[error(transparent)]
    Invalid(#[from] InvalidRubric),
}

/// A rule as written in a file: name, score, and the condition's keys beside them.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleTable {
    name: String,
    score: Score,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    strong: Option<CountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at_least_weak: Option<CountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weak_only: Option<CountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    strong_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at_least_weak_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contradictory: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<Vec<ConditionTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any: Option<Vec<ConditionTable>>,
}

impl From<RuleTable> for Rule {
    fn from(r: RuleTable) -> Rule {
        let when = Condition::from(ConditionTable {
            strong: r.strong,
            at_least_weak: r.at_least_weak,
            weak_only: r.weak_only,
            strong_in: r.strong_in,
            at_least_weak_in: r.at_least_weak_in,
            contradictory: r.contradictory,
            all: r.all,
            any: r.any,
        });
        Rule {
            name: r.name,
            score: r.score,
            when,
        }
    }
}

impl From<Rule> for RuleTable {
    fn from(r: Rule) -> RuleTable {
        let t = ConditionTable::from(&r.when);
        RuleTable {
            name: r.name,
            score: r.score,
            strong: t.strong,
            at_least_weak: t.at_least_weak,
            weak_only: t.weak_only,
            strong_in: t.strong_in,
            at_least_weak_in: t.at_least_weak_in,
            contradictory: t.contradictory,
            all: t.all,
            any: t.any,
        }
    }
}

impl Rubric {
    /// Reads a rubric file and validates it.
    pub fn from_toml_str(text: &str) -> Result<Rubric, RubricFileError> {
        let rubric: Rubric =
            toml::from_str(text).map_err(|e| RubricFileError::Parse(e.to_string()))?;
        rubric.validate()?;
        Ok(rubric)
    }

    /// The rubric as a TOML file that [`Rubric::from_toml_str`] reads back to an equal rubric
    /// (conditions come back in their normal form: an `All` of one part is that part).
    pub fn to_toml_string(&self) -> String {
        let mut out = format!("version = {}\n", self.version);
        for d in &self.dimensions {
            out.push_str("\n[[dimension]]\n");
            line(&mut out, "key", &quote(&d.key));
            line(&mut out, "name", &quote(&d.name));
            if !d.description.is_empty() {
                line(&mut out, "description", &quote(&d.description));
            }
            for (key, examples) in [
                ("strong_examples", &d.strong_examples),
                ("weak_examples", &d.weak_examples),
            ] {
                if !examples.is_empty() {
                    let mut list = String::from("[\n");
                    for e in examples {
                        let _ = writeln!(list, "    {},", quote(e));
                    }
                    list.push(']');
                    line(&mut out, key, &list);
                }
            }
        }
        for r in &self.rules {
            out.push_str("\n[[rule]]\n");
            line(&mut out, "name", &quote(&r.name));
            line(&mut out, "score", &r.score.value().to_string());
            for (key, value) in entries(&ConditionTable::from(&r.when)) {
                line(&mut out, key, &value);
            }
        }
        out
    }
}

fn line(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(q, "\\u{:04X}", u32::from(c));
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn range(r: &CountRange) -> String {
    match (r.min, r.max) {
        (min, Some(max)) if min == max => min.to_string(),
        (0, None) => "{}".to_string(),
        (0, Some(max)) => format!("{{ max = {max} }}"),
        (min, None) => format!("{{ min = {min} }}"),
        (min, Some(max)) => format!("{{ min = {min}, max = {max} }}"),
    }
}

fn keys(keys: &[String]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| quote(k)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The table's keys with inline values, in the order a reader expects.
fn entries(t: &ConditionTable) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let nested = |list: &[ConditionTable]| {
        let items: Vec<String> = list.iter().map(inline).collect();
        format!("[{}]", items.join(", "))
    };
    if let Some(r) = &t.strong {
        out.push(("strong", range(r)));
    }
    if let Some(r) = &t.at_least_weak {
        out.push(("at_least_weak", range(r)));
    }
    if let Some(r) = &t.weak_only {
        out.push(("weak_only", range(r)));
    }
    if let Some(k) = &t.strong_in {
        out.push(("strong_in", keys(k)));
    }
    if let Some(k) = &t.at_least_weak_in {
        out.push(("at_least_weak_in", keys(k)));
    }
    if let Some(b) = t.contradictory {
        out.push(("contradictory", b.to_string()));
    }
    if let Some(list) = &t.all {
        out.push(("all", nested(list)));
    }
    if let Some(list) = &t.any {
        out.push(("any", nested(list)));
    }
    out
}

fn inline(t: &ConditionTable) -> String {
    let parts: Vec<String> = entries(t)
        .into_iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    if parts.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}
