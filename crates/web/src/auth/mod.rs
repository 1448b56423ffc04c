//! Who is asking, and whether they may.
//!
//! One middleware ([`identify`]) resolves every request's identity (a session cookie or an API
//! token) and refuses cross-site or CSRF-less state-changing requests before any handler runs.
//! Handlers then take one extractor: [`Staff`] (any signed-in account) or [`Allowed<P>`], which
//! resolves the request's target from its path and asks the domain's one policy
//! (`Actor::may`). No handler checks a role by hand.

pub mod pages;
pub mod permissions;
pub mod throttle;

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, Path, Request, State as Extract};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use pledgewatch_domain::access::{Action, Actor};

use crate::State;
use crate::api::ApiError;
use crate::error::PageError;

pub const SESSION_COOKIE: &str = "pw_session";
/// The double-submit cookie of the sign-in form, which has no session yet.
pub const LOGIN_COOKIE: &str = "pw_login";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The hidden form field carrying the session's CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// How a signed-in request proved who it is.
#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session; its forms must carry `csrf`.
    Session { csrf: String },
    /// An API token (`Authorization: Bearer`), which browsers never send by themselves.
    Token,
}

/// A signed-in account making this request.
#[derive(Debug, Clone)]
pub struct Staff {
    pub actor: Actor,
    pub via: Via,
}

impl Staff {
    /// The session's CSRF token for forms; empty for API tokens, which need none.
    pub fn csrf(&self) -> &str {
        match &self.via {
            Via::Session { csrf } => csrf,
            Via::Token => "",
        }
    }

    /// The name recorded in the audit trail.
    pub fn name(&self) -> &str {
        &self.actor.name
    }
}

/// The identity [`identify`] found, in the request's extensions.
#[derive(Debug, Clone)]
struct Identity(Option<Staff>);

/// Why a request is refused before its handler runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not signed in (or a bad API token): sign in first.
    SignIn,
    /// Signed in, but the policy does not allow it.
    Forbidden(String),
    /// A state-changing request without the session's CSRF token, or from another site.
    Csrf,
    /// The path names a cycle, commitment or member that does not exist.
    NotFound(String),
    /// The store failed (already logged).
    Internal,
}

/// A refusal, answered as JSON for the API and as a page (or a redirect to sign in) otherwise.
#[derive(Debug)]
pub struct Refused {
    pub refusal: Refusal,
    api: bool,
    /// Where to come back to after signing in.
    next: String,
}

impl Refused {
    fn of(parts: &Parts, refusal: Refusal) -> Refused {
        // Inside a nested router (`/api/v1`) `parts.uri` has lost its prefix; the original
        // address says whether this is the API and where to come back to.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |o| &o.0);
        Refused {
            refusal,
            api: is_api(uri.path()),
            next: uri
                .path_and_query()
                .map_or("/workspace".to_string(), |p| p.to_string()),
        }
    }
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        if self.api {
            let error = match self.refusal {
                Refusal::SignIn => ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthenticated",
                    "sign in or send a valid API token (Authorization: Bearer …)",
                ),
                Refusal::Forbidden(message) => {
                    ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
                }
                Refusal::Csrf => ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    "a request with a session cookie must send the session's CSRF token in \
                     the X-CSRF-Token header",
                ),
                Refusal::NotFound(message) => ApiError::not_found(message),
                Refusal::Internal => ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the data store failed; the error has been logged",
                ),
            };
            let mut response = error.into_response();
            if response.status() == StatusCode::UNAUTHORIZED {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            return response;
        }
        match self.refusal {
            Refusal::SignIn => {
                Redirect::to(&format!("/login?next={}", encode_component(&self.next)))
                    .into_response()
            }
            Refusal::Forbidden(message) => PageError::Forbidden(message).into_response(),
            Refusal::Csrf => PageError::Forbidden(
                "The form was sent without its security token, or from another site. Go back, \
                 reload the page and send it again."
                    .to_string(),
            )
            .into_response(),
            Refusal::NotFound(_) => PageError::NotFound.into_response(),
            Refusal::Internal => PageError::Internal.into_response(),
        }
    }
}

/// Percent-encodes everything but unreserved characters, for a query value.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The value of cookie `name`, if the request sends it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// Compares secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether the request's `Origin` (when a browser sends one) is this site.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

/// The client's address, when the server was started with connection info.
pub fn client_address(request_extensions: &axum::http::Extensions) -> Option<std::net::IpAddr> {
    request_extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// Resolves who is asking and refuses cross-site and CSRF-less writes. Runs before every
/// handler.
pub async fn identify(Extract(state): Extract<State>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let staff = if let Some(token) = bearer(&parts.headers) {
        match state.store.token_actor(&token).await {
            Ok(Some(actor)) => Some(Staff {
                actor,
                via: Via::Token,
            }),
            // A wrong token is refused outright rather than served as a reader.
            Ok(None) => return Refused::of(&parts, Refusal::SignIn).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "looking up an API token");
                return Refused::of(&parts, Refusal::Internal).into_response();
            }
        }
    } else if let Some(token) = cookie(&parts.headers, SESSION_COOKIE) {
        match state.store.session_actor(&token).await {
            Ok(found) => found.map(|s| Staff {
                actor: s.actor,
                via: Via::Session { csrf: s.csrf },
            }),
            Err(e) => {
                tracing::error!(error = %e, "looking up a session");
                return Refused::of(&parts, Refusal::Internal).into_response();
            }
        }
    } else {
        None
    };
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let mut body = Body::new(body);
    if !safe {
        if !same_origin(&parts.headers) {
            return Refused::of(&parts, Refusal::Csrf).into_response();
        }
        if let Some(Staff {
            via: Via::Session { csrf },
            ..
        }) = &staff
        {
            let header_token = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let token = match header_token {
                Some(t) => Some(t),
                None if is_form(&parts.headers) => {
                    let bytes = match axum::body::to_bytes(body, crate::api::BODY_LIMIT).await {
                        Ok(b) => b,
                        Err(_) => {
                            return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
                                .into_response();
                        }
                    };
                    let token = form_field(&bytes, CSRF_FIELD);
                    body = Body::from(bytes);
                    token
                }
                None => None,
            };
            if !token.is_some_and(|t| same_secret(&t, csrf)) {
                return Refused::of(&parts, Refusal::Csrf).into_response();
            }
        }
    }
    parts.extensions.insert(Identity(staff));
    next.run(Request::from_parts(parts, body)).await
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The first value of `name` in a URL-encoded form body.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<State> for Staff {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, _: &State) -> Result<Staff, Refused> {
        parts
            .extensions
            .get::<Identity>()
            .and_then(|i| i.0.clone())
            .ok_or_else(|| Refused::of(parts, Refusal::SignIn))
    }
}

/// What a guarded route acts on, found from the request, and the action it asks for.
pub trait Permission: Sized + Send {
    fn resolve(
        parts: &mut Parts,
        state: &State,
    ) -> impl Future<Output = Result<(Self, Action), Refusal>> + Send;
}

/// A request the policy allows: the signed-in account and the resolved target. Taking this
/// extractor is how a handler is guarded; the check itself happens only here.
#[derive(Debug)]
pub struct Allowed<P> {
    pub staff: Staff,
    pub target: P,
}

impl<P: Permission> FromRequestParts<State> for Allowed<P> {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Refused> {
        let staff = Staff::from_request_parts(parts, state).await?;
        let (target, action) = P::resolve(parts, state)
            .await
            .map_err(|r| Refused::of(parts, r))?;
        if !staff.actor.may(action) {
            return Err(Refused::of(
                parts,
                Refusal::Forbidden(permissions::refusal_message(&staff.actor, action)),
            ));
        }
        Ok(Allowed { staff, target })
    }
}

/// The path's named parameters (`slug`, `code`, `member`, …).
pub async fn path_params(
    parts: &mut Parts,
    state: &State,
) -> Result<HashMap<String, String>, Refusal> {
    Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map(|Path(p)| p)
        .map_err(|_| Refusal::NotFound("the address is not valid".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_bearer_tokens_are_read_from_headers() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pw_session=abc ; b=2"),
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer  t0k"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
        assert_eq!(bearer(&h).as_deref(), Some("t0k"));
    }

    #[test]
    fn origins_must_match_the_host() {
        let mut h = HeaderMap::new();
        assert!(
            same_origin(&h),
            "no Origin: not a cross-site browser request"
        );
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert_eq!(
            form_field(b"x=1&csrf=a%2Bb&csrf=z", CSRF_FIELD).as_deref(),
            Some("a+b")
        );
        assert_eq!(encode_component("/w?x=1&y"), "/w%3Fx%3D1%26y");
    }
}
