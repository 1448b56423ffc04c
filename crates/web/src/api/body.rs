//! Reading request bodies for the API's writes, the same way on every endpoint: the status and
//! the `field` a caller gets for a body that is not JSON, does not parse, or does not fit.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use super::ApiError;

/// Reads a JSON body: 415 when it is not JSON, 400 when it does not parse, 422 naming the field
/// when it parses but does not fit.
pub(crate) fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let body = body?;
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as `application/json`",
        )
        .field("content-type"));
    }
    serde_json::from_slice(&body).map_err(|e| {
        let message = e.to_string();
        if e.is_data() {
            // serde names the offending field between backticks: "missing field `version`".
            let field = message
                .split('`')
                .nth(1)
                .filter(|_| message.contains("field `"))
                .unwrap_or("body")
                .to_string();
            invalid(&field, format!("the body does not fit: {message}"))
        } else {
            ApiError::malformed(format!("the body is not readable JSON: {message}")).field("body")
        }
    })
}

/// A 422 `invalid` naming the field at fault.
pub(crate) fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field(field)
}
