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
    /// Stable, for programs: `not_found`, `malformed`, `invalid_rubric`, `unsupported_media_type`,
    /// `payload_too_large`, `internal`.
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
        // What the caller sent is at fault: a 4xx that says so; only the store's own failures
        // are a 500.
        match e {
            StoreError::NotFound(what) => return ApiError::not_found(what),
            StoreError::InvalidField { field, .. } => {
                return ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.to_string())
                    .field(field);
            }
            StoreError::Stale { .. } => {
                return ApiError::new(StatusCode::CONFLICT, "stale", e.to_string())
                    .field("version");
            }
            StoreError::WorkflowRefused { .. } => {
                return ApiError::new(StatusCode::CONFLICT, "workflow", e.to_string());
            }
            StoreError::InvalidAccount(message) => {
                return ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
            }
            StoreError::InvalidPlan { .. } => {
                return ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.to_string());
            }
            _ => {}
        }
        tracing::error!(error = %e, "store error while answering an API request");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the data store failed; the details are in the server's log",
        )
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
