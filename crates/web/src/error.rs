//! Errors: the server's ([`WebError`]) and a page's ([`PageError`]), which becomes a 403, 404,
//! 409, 422 or 500 page. A refusal page says why; a 500 page says the store failed and nothing
//! more (the details go to the log).

use std::net::SocketAddr;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use pledgewatch_store::StoreError;
use serde::de::DeserializeOwned;

use crate::pages::error::ErrorPage;

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(#[source] std::io::Error),
}

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    /// Signed in, but not allowed; the message says why.
    Forbidden(String),
    /// The store refused what the form asked, nothing was changed: 409 (someone else wrote
    /// first, or the workflow does not allow the step) or 422 (a value does not fit), with the
    /// store's reason. Forms that can show the reason next to a field do so themselves; this is
    /// for the rest.
    Refused {
        status: StatusCode,
        message: String,
    },
    /// Already logged where it happened.
    Internal,
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> PageError {
        // Every variant is named, so a new one must be given its status here: only the store's
        // own failures are a 500.
        let refused = |status: StatusCode, e: &StoreError| PageError::Refused {
            status,
            message: e.to_string(),
        };
        match &e {
            // A commitment or member the store does not know is the reader's 404.
            StoreError::NotFound(_) => PageError::NotFound,
            StoreError::InvalidField { .. }
            | StoreError::InvalidCoding { .. }
            | StoreError::InvalidRubric { .. }
            | StoreError::InvalidChapter { .. }
            | StoreError::InvalidSheet { .. }
            | StoreError::InvalidCycle(_)
            | StoreError::InvalidPlan { .. }
            | StoreError::InvalidAccount(_) => refused(StatusCode::UNPROCESSABLE_ENTITY, &e),
            StoreError::Stale { .. }
            | StoreError::WorkflowRefused { .. }
            | StoreError::SubmissionRefused { .. }
            | StoreError::AdjudicationRefused { .. } => refused(StatusCode::CONFLICT, &e),
            StoreError::Open { .. }
            | StoreError::Migrate(_)
            | StoreError::Database { .. }
            | StoreError::Corrupt(_) => {
                tracing::error!(error = %e, "store error while building a page");
                PageError::Internal
            }
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> PageError {
        tracing::error!(error = %e, "template error while building a page");
        PageError::Internal
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, page) = match self {
            PageError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::not_found()),
            PageError::Forbidden(message) => (StatusCode::FORBIDDEN, ErrorPage::forbidden(message)),
            PageError::Refused { status, message } => (status, ErrorPage::refused(message)),
            PageError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::internal()),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "cannot render the error page");
                (status, "error").into_response()
            }
        }
    }
}

/// Renders a page.
pub fn render<T: Template>(page: &T) -> Result<String, PageError> {
    Ok(page.render()?)
}

/// Renders a page into an HTML response.
pub fn html<T: Template>(page: &T) -> Result<Html<Bytes>, PageError> {
    Ok(Html(Bytes::from(render(page)?)))
}

/// A page's path parameters. A segment that cannot be one (bytes that are not UTF-8, letters
/// where a number goes) names no page, so the reader gets the 404 page, not axum's plain 400.
pub struct PagePath<T>(pub T);

impl<S, T> FromRequestParts<S> for PagePath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, PageError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(PagePath(value)),
            Err(_) => Err(PageError::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(e: StoreError) -> Option<StatusCode> {
        match PageError::from(e) {
            PageError::Refused { status, message } => {
                assert!(!message.is_empty());
                Some(status)
            }
            PageError::NotFound => Some(StatusCode::NOT_FOUND),
            PageError::Forbidden(_) | PageError::Internal => None,
        }
    }

    /// A refused change is a 409 or 422 page with the store's reason; only the store's own
    /// failures are a 500.
    #[test]
    fn refusals_are_409_or_422_pages() {
        let object = || "cycle/19/Italy".to_string();
        let message = || "why".to_string();
        assert_eq!(
            status(StoreError::SubmissionRefused {
                object: object(),
                message: message()
            }),
            Some(StatusCode::CONFLICT)
        );
        assert_eq!(
            status(StoreError::AdjudicationRefused {
                object: object(),
                message: message()
            }),
            Some(StatusCode::CONFLICT)
        );
        assert_eq!(
            status(StoreError::Stale {
                object: object(),
                current: 2
            }),
            Some(StatusCode::CONFLICT)
        );
        assert_eq!(
            status(StoreError::InvalidCoding {
                object: object(),
                message: message()
            }),
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        );
        assert_eq!(
            status(StoreError::InvalidRubric {
                commitment: "19".to_string(),
                message: message()
            }),
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        );
        assert_eq!(
            status(StoreError::NotFound(message())),
            Some(StatusCode::NOT_FOUND)
        );
        assert_eq!(status(StoreError::Corrupt(message())), None);
        let page = PageError::from(StoreError::SubmissionRefused {
            object: object(),
            message: "1 of 2 required codings submitted".to_string(),
        })
        .into_response();
        assert_eq!(page.status(), StatusCode::CONFLICT);
    }
}
