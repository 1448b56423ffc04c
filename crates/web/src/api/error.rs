//! The API's errors: `{"error": {"code", "message", "field"}}` with a 4xx status for anything a
//! caller sent, and a 500 that says only that the store failed.

use axum::Json;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pledgewatch_domain::rubric::{InvalidRubric, RubricProblem};
use pledgewatch_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `not_found`, `malformed`, `invalid` (a field does not fit),
    /// `invalid_rubric`, `stale` (someone else wrote first), `workflow` (a step the review
    /// workflow refuses, with the reason), `unsupported_media_type`, `payload_too_large`,
    /// `internal`.
    pub code: &'static str,
    /// For people: what is wrong and where.
    pub message: String,
    /// The part of the request at fault (`version`, `body`, `rule[2]`, `dimension[1]`), when
    /// there is one.
    pub field: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn malformed(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "malformed", message)
    }

    /// A rubric that reads but breaks the rules of a rubric: every problem in the message, the
    /// first one's place in `field`.
    pub fn invalid_rubric(invalid: &InvalidRubric) -> ApiError {
        let field = invalid.problems.first().and_then(problem_field);
        let messages: Vec<String> = invalid.problems.iter().map(ToString::to_string).collect();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_rubric",
            message: format!("the rubric is not valid: {}", messages.join("; ")),
            field,
        }
    }
}

/// Where a problem sits in the rubric, counted from 1 as in its messages: `rule[2]`,
/// `dimension[1]`.
pub fn problem_field(p: &RubricProblem) -> Option<String> {
    match p {
        RubricProblem::NoDimensions => Some("dimension".to_string()),
        RubricProblem::NoRules => Some("rule".to_string()),
        RubricProblem::EmptyDimensionKey { index } => Some(format!("dimension[{}]", index + 1)),
        RubricProblem::DuplicateDimension { second, .. } => {
            Some(format!("dimension[{}]", second + 1))
        }
        RubricProblem::EmptyRuleName { index } => Some(format!("rule[{}]", index + 1)),
        RubricProblem::DuplicateRuleName { second, .. } => Some(format!("rule[{}]", second + 1)),
        RubricProblem::UnknownDimension { rule, .. }
        | RubricProblem::EmptyCondition { rule, .. }
        | RubricProblem::MinAboveMax { rule, .. }
        | RubricProblem::BeyondDimensions { rule, .. } => Some(format!("rule[{}]", rule.index + 1)),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                field: self.field,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        // Every variant is named, so a new one must be given its status here: what the caller
        // sent (or the state they tried to move) is a 4xx that says so; only the store's own
        // failures are a 500.
        let unprocessable = |code: &'static str, e: &StoreError| {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, e.to_string())
        };
        let conflict = |code: &'static str, e: &StoreError| {
            ApiError::new(StatusCode::CONFLICT, code, e.to_string())
        };
        match &e {
            StoreError::NotFound(what) => ApiError::not_found(what.clone()),
            StoreError::InvalidField { field, .. } => {
                unprocessable("invalid", &e).field(field.to_string())
            }
            StoreError::InvalidCoding { .. } => unprocessable("invalid", &e).field("codes"),
            StoreError::InvalidRubric { .. } => unprocessable("invalid_rubric", &e).field("rubric"),
            StoreError::InvalidChapter { .. } => unprocessable("invalid", &e).field("chapter"),
            StoreError::InvalidSheet { .. } => unprocessable("invalid", &e).field("scores"),
            StoreError::InvalidCycle(_)
            | StoreError::InvalidPlan { .. }
            | StoreError::InvalidAccount(_) => unprocessable("invalid", &e),
            StoreError::Stale { .. } => conflict("stale", &e).field("version"),
            // A step the workflow does not allow from where the assessment stands: not a draft,
            // codings pending, a departure without justification, not the lead analyst.
            StoreError::WorkflowRefused { .. }
            | StoreError::SubmissionRefused { .. }
            | StoreError::AdjudicationRefused { .. } => conflict("workflow", &e),
            StoreError::Open { .. }
            | StoreError::Migrate(_)
            | StoreError::Database { .. }
            | StoreError::Corrupt(_) => {
                tracing::error!(error = %e, "store error while answering an API request");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the data store failed; the details are in the server's log",
                )
            }
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> ApiError {
        ApiError::malformed(format!("the address is not valid: {}", e.body_text())).field("path")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> ApiError {
        ApiError::malformed(format!("the query string is not valid: {}", e.body_text()))
            .field("query")
    }
}

impl From<BytesRejection> for ApiError {
    fn from(e: BytesRejection) -> ApiError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "the body is larger than the limit of {} KiB",
                    super::BODY_LIMIT / 1024
                ),
            )
            .field("body")
        } else {
            ApiError::malformed(format!("the body could not be read: {}", e.body_text()))
                .field("body")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(e: StoreError) -> (StatusCode, &'static str, Option<String>) {
        let a = ApiError::from(e);
        (a.status, a.code, a.field)
    }

    /// What a caller sent, or a step the workflow refuses, is never a 500.
    #[test]
    fn refusals_are_4xx_with_their_code_and_field() {
        let object = || "cycle/19/Italy".to_string();
        let message = || "why".to_string();
        let conflict = StatusCode::CONFLICT;
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        let cases = [
            (
                StoreError::SubmissionRefused {
                    object: object(),
                    message: message(),
                },
                (conflict, "workflow", None),
            ),
            (
                StoreError::AdjudicationRefused {
                    object: object(),
                    message: message(),
                },
                (conflict, "workflow", None),
            ),
            (
                StoreError::WorkflowRefused {
                    object: object(),
                    message: message(),
                },
                (conflict, "workflow", None),
            ),
            (
                StoreError::Stale {
                    object: object(),
                    current: 3,
                },
                (conflict, "stale", Some("version".to_string())),
            ),
            (
                StoreError::InvalidCoding {
                    object: object(),
                    message: message(),
                },
                (unprocessable, "invalid", Some("codes".to_string())),
            ),
            (
                StoreError::InvalidRubric {
                    commitment: "19".to_string(),
                    message: message(),
                },
                (unprocessable, "invalid_rubric", Some("rubric".to_string())),
            ),
            (
                StoreError::InvalidField {
                    object: object(),
                    field: "justification",
                    message: message(),
                },
                (unprocessable, "invalid", Some("justification".to_string())),
            ),
            (
                StoreError::InvalidChapter {
                    code: "19".to_string(),
                    message: message(),
                },
                (unprocessable, "invalid", Some("chapter".to_string())),
            ),
            (
                StoreError::InvalidSheet {
                    code: "19".to_string(),
                    message: message(),
                },
                (unprocessable, "invalid", Some("scores".to_string())),
            ),
            (
                StoreError::InvalidCycle(message()),
                (unprocessable, "invalid", None),
            ),
            (
                StoreError::InvalidPlan {
                    plan: "p".to_string(),
                    message: message(),
                },
                (unprocessable, "invalid", None),
            ),
            (
                StoreError::InvalidAccount(message()),
                (unprocessable, "invalid", None),
            ),
            (
                StoreError::NotFound(message()),
                (StatusCode::NOT_FOUND, "not_found", None),
            ),
            (
                StoreError::Corrupt(message()),
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", None),
            ),
        ];
        for (e, expected) in cases {
            let shown = e.to_string();
            assert_eq!(mapped(e), expected, "{shown}");
        }
    }

    #[test]
    fn a_refusal_keeps_the_stores_reason() {
        let a = ApiError::from(StoreError::SubmissionRefused {
            object: "c/19/Italy".to_string(),
            message: "1 of 2 required codings submitted".to_string(),
        });
        assert!(
            a.message.contains("1 of 2 required codings submitted"),
            "{}",
            a.message
        );
    }
}
