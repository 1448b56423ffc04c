//! JSON shapes only the API has (the rubric itself, the what-if run); everything the command
//! line prints too comes from `crate::dto`.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::coding::WhatIfRow;
use crate::dto::{RubricCheckDto, RubricVersionDto, SuggestionDto, verdict_json};

/// A rubric as stored: `rubric` is the same JSON the what-if endpoint accepts.
#[derive(Debug, Serialize, ToSchema)]
pub struct RubricDto {
    pub cycle: String,
    pub commitment: String,
    pub version: u32,
    /// The version in force in the newest published edition (equal to `version` unless an
    /// older one was asked for); versions saved since are not published yet.
    pub newest_version: Option<u32>,
    /// `{"version", "dimension": [{"key", "name", "description", "strong_examples",
    /// "weak_examples"}], "rule": [{"name", "score", …condition keys}]}`.
    #[schema(value_type = Object)]
    pub rubric: Value,
    /// Each rule's condition in plain English, in rubric order.
    pub rules_in_words: Vec<RuleWordsDto>,
    pub history: Vec<RubricVersionDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleWordsDto {
    pub name: String,
    pub score: i8,
    pub when: String,
}

/// The what-if of a pasted rubric against the stored one. Nothing is stored. Unlike the
/// command line's `WhatIfDto`, either side of a change may be missing (a first rubric, or an
/// assessment only one of the two rubrics can read), and the checker's report comes along.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIfRunDto {
    pub cycle: String,
    pub commitment: String,
    /// The stored version compared against; null when the commitment has no rubric yet.
    pub current_version: Option<u32>,
    /// The checker on the pasted rubric; null when it has too many dimensions to check.
    pub check: Option<RubricCheckDto>,
    pub changed: Vec<WhatIfRunChangeDto>,
    pub unchanged: usize,
    pub not_applicable: usize,
    /// Assessments with no suggestion under either rubric (not coded, awaiting coders).
    pub not_ready: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIfRunChangeDto {
    pub member: String,
    /// `-1`, `0`, `1`, `"n/a"` or null (not yet assessed).
    #[schema(value_type = Object)]
    pub score: Value,
    pub before: Option<SuggestionDto>,
    pub after: Option<SuggestionDto>,
    /// Whether the score would depart from the new suggestion (and need a justification).
    pub departs_after: bool,
}

impl From<&WhatIfRow> for WhatIfRunChangeDto {
    fn from(row: &WhatIfRow) -> Self {
        WhatIfRunChangeDto {
            member: row.member.name.clone(),
            score: verdict_json(row.verdict),
            before: row.before.as_ref().map(SuggestionDto::from),
            after: row.after.as_ref().map(SuggestionDto::from),
            departs_after: row.departs_after(),
        }
    }
}
