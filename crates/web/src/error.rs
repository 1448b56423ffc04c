//! Errors: the server's ([`WebError`]) and a page's ([`PageError`]), which becomes a 404 or a
//! 500 page. A 500 page says the store failed and nothing more; the details go to the log.

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
    /// Already logged where it happened.
    Internal,
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> PageError {
        // A commitment or member the store does not know is the reader's 404, not a failure.
        if let StoreError::NotFound(_) = e {
            return PageError::NotFound;
        }
        tracing::error!(error = %e, "store error while building a page");
        PageError::Internal
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
