//! Signing in and out, and the workspace's front page.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Query, State as Extract};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgewatch_store::{decoy_hash, random_token, verify_password};
use serde::Deserialize;

use super::{LOGIN_COOKIE, SESSION_COOKIE, Staff, client_address, cookie, same_secret};
use crate::State;
use crate::error::{PageError, html};
use crate::pages::workspace::{LoginPage, WorkspaceCycle, WorkspacePage};

/// Where to go after signing in: a path on this site, never another site.
fn local_target(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/workspace".to_string(),
    }
}

fn set_cookie(response: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// `Secure` only when the operator says the site is served over HTTPS (a reverse proxy), since
/// browsers drop Secure cookies set over plain HTTP on other hosts than localhost.
fn secure_attribute() -> &'static str {
    if std::env::var("PLEDGEWATCH_SECURE_COOKIES").is_ok_and(|v| v == "1") {
        "; Secure"
    } else {
        ""
    }
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_page(status: StatusCode, name: &str, next: &str, error: Option<String>) -> Response {
    let token = random_token();
    let page = LoginPage::new(name, next, &token, error);
    match html(&page) {
        Ok(body) => {
            let mut response = (status, body).into_response();
            set_cookie(
                &mut response,
                format!(
                    "{LOGIN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/login{}",
                    secure_attribute()
                ),
            );
            response
        }
        Err(e) => e.into_response(),
    }
}

pub async fn login_form(Query(q): Query<NextQuery>) -> Response {
    login_page(StatusCode::OK, "", &local_target(q.next.as_deref()), None)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

pub async fn login(
    Extract(state): Extract<State>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = local_target(form.next.as_deref());
    let name = form.name.trim().to_string();
    let cookie_token = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if cookie_token.is_empty() || !same_secret(&cookie_token, &form.csrf) {
        return login_page(
            StatusCode::FORBIDDEN,
            &name,
            &next,
            Some("The form expired or came from another site; please sign in again.".into()),
        );
    }
    let address = client_address(&extensions);
    if let Some(wait) = state.throttle.refused(&name, address) {
        let minutes = wait.as_secs().div_ceil(60);
        let mut response = login_page(
            StatusCode::TOO_MANY_REQUESTS,
            &name,
            &next,
            Some(format!(
                "Too many failed attempts. Try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            )),
        );
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return response;
    }
    let credentials = match state.store.credentials(&name).await {
        Ok(c) => c,
        Err(e) => return PageError::from(e).into_response(),
    };
    let hash = credentials
        .as_ref()
        .map_or_else(|| decoy_hash().to_string(), |(_, h)| h.clone());
    let password = form.password;
    // Argon2 takes tens of milliseconds of CPU: off the async workers.
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .unwrap_or(false);
    let account = match credentials {
        Some((account, _)) if matches => account,
        _ => {
            state.throttle.failed(&name, address);
            return login_page(
                StatusCode::UNAUTHORIZED,
                &name,
                &next,
                Some("The name or the password is wrong.".into()),
            );
        }
    };
    state.throttle.succeeded(&name);
    let session = match state.store.open_session(account.id).await {
        Ok(s) => s,
        Err(e) => return PageError::from(e).into_response(),
    };
    let mut response = Redirect::to(&next).into_response();
    set_cookie(
        &mut response,
        format!(
            "{SESSION_COOKIE}={}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{}",
            session.token,
            pledgewatch_store::SESSION_HOURS * 3600,
            secure_attribute()
        ),
    );
    set_cookie(
        &mut response,
        format!("{LOGIN_COOKIE}=; HttpOnly; SameSite=Strict; Path=/login; Max-Age=0"),
    );
    response
}

/// Signs out: the session ends in the database, not only in the browser.
pub async fn logout(Extract(state): Extract<State>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Err(e) = state.store.close_session(&token).await
    {
        return PageError::from(e).into_response();
    }
    let mut response = Redirect::to("/").into_response();
    set_cookie(
        &mut response,
        format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
    );
    response
}

/// The workspace's front page: the account's assignments, by cycle.
pub async fn workspace(
    Extract(state): Extract<State>,
    staff: Staff,
) -> Result<Html<axum::body::Bytes>, PageError> {
    let rows = state.store.assignments_of(staff.actor.account).await?;
    let token = crate::cache::Token::read(&state.store).await?;
    let cycles = state.store.cycles().await?;
    let slugs = state.slugs.replace(crate::slugs::Slugs::build(
        token,
        cycles.iter().map(|c| c.cycle.clone()),
    ));
    let mut by_cycle: BTreeMap<String, Vec<pledgewatch_store::AssignmentRow>> = BTreeMap::new();
    for (cycle, row) in rows {
        by_cycle.entry(cycle).or_default().push(row);
    }
    let all: Vec<WorkspaceCycle> = cycles
        .iter()
        .map(|c| {
            let name = &c.cycle.name;
            WorkspaceCycle::new(
                name,
                &slugs.slug_of(name),
                by_cycle.remove(name).unwrap_or_default(),
            )
        })
        .collect();
    html(&WorkspacePage::new(&staff, all))
}
