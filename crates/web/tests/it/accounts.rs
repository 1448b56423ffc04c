//! Signing in and out, sessions, CSRF and throttling; and [`Session`], the signed-in client the
//! workspace tests use.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pledgewatch_domain::access::Role;
use pledgewatch_store::hash_password;

use crate::fixture::{Page, Site, site};

pub const PASSWORD: &str = "a long enough passphrase";

/// A signed-in browser: its session cookie and CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// The value of `name=` in the response's Set-Cookie headers.
pub fn set_cookie(page: &Page, name: &str) -> Option<String> {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let first = v.split(';').next()?;
            let (k, value) = first.split_once('=')?;
            (k == name).then(|| value.to_string())
        })
}

/// The `value` of the hidden `csrf` input of a page's first form.
pub fn csrf_field(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a csrf field");
    let rest = &body[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').expect("end of value")].to_string()
}

/// Creates an account (the password hashed as in production) and signs it in through the form.
pub async fn sign_in(site: &Site, name: &str, role: Role) -> Session {
    let hash = hash_password(PASSWORD).expect("hash");
    site.store
        .add_account(name, role, &hash, "test")
        .await
        .expect("add account");
    log_in(site, name, PASSWORD).await.expect("signed in")
}

/// Signs in through `/login`; the response page on failure.
pub async fn log_in(site: &Site, name: &str, password: &str) -> Result<Session, Page> {
    let form = site.get("/login").await;
    let login_cookie = set_cookie(&form, "pw_login").expect("login cookie");
    let token = csrf_field(&form.body);
    let body = format!(
        "name={}&password={}&csrf={token}&next=%2Fworkspace",
        urlencode(name),
        urlencode(password)
    );
    let page = site
        .send(
            Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("pw_login={login_cookie}"))
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    if page.status != StatusCode::SEE_OTHER {
        return Err(page);
    }
    let cookie = set_cookie(&page, "pw_session").expect("session cookie");
    let workspace = Session {
        cookie,
        csrf: String::new(),
    }
    .get(site, "/workspace")
    .await;
    assert_eq!(workspace.status, StatusCode::OK, "{}", workspace.body);
    Ok(Session {
        cookie: set_cookie(&page, "pw_session").expect("session cookie"),
        csrf: csrf_field(&workspace.body),
    })
}

pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Session {
    pub async fn get(&self, site: &Site, uri: &str) -> Page {
        site.send(
            Request::get(uri)
                .header("cookie", format!("pw_session={}", self.cookie))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// POSTs a URL-encoded form (`fields` already encoded), with the CSRF field added.
    pub async fn post_form(&self, site: &Site, uri: &str, fields: &str) -> Page {
        let body = if fields.is_empty() {
            format!("csrf={}", self.csrf)
        } else {
            format!("{fields}&csrf={}", self.csrf)
        };
        site.send(
            Request::post(uri)
                .header("cookie", format!("pw_session={}", self.cookie))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }

    /// Sends JSON with the session cookie and the CSRF header, as htmx or a page script would.
    pub async fn send_json(&self, site: &Site, method: &str, uri: &str, json: &str) -> Page {
        site.send(
            Request::builder()
                .method(method)
                .uri(uri)
                .header("cookie", format!("pw_session={}", self.cookie))
                .header("x-csrf-token", &self.csrf)
                .header("content-type", "application/json")
                .body(Body::from(json.to_string()))
                .expect("request"),
        )
        .await
    }
}

#[tokio::test]
async fn signing_in_opens_a_session_and_signing_out_ends_it() {
    let site = site().await;
    let session = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    let page = session.get(&site, "/workspace").await;
    assert!(page.body.contains("Signed in as Ana Analyst (analyst)"));
    assert!(page.body.contains("htmx-2.0.11.min.js"));

    // Signing out without the CSRF token is refused and the session lives on.
    let refused = site
        .send(
            Request::post("/logout")
                .header("cookie", format!("pw_session={}", session.cookie))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("csrf=wrong"))
                .expect("request"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        session.get(&site, "/workspace").await.status,
        StatusCode::OK
    );

    let out = session.post_form(&site, "/logout", "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = session.get(&site, "/workspace").await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie is dead"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax_and_stored_hashed() {
    let site = site().await;
    let hash = hash_password(PASSWORD).unwrap();
    site.store
        .add_account("Ed", Role::Editor, &hash, "test")
        .await
        .unwrap();
    let form = site.get("/login").await;
    let login_cookie = set_cookie(&form, "pw_login").unwrap();
    let page = site
        .send(
            Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("pw_login={login_cookie}"))
                .body(Body::from(format!(
                    "name=Ed&password={}&csrf={}",
                    urlencode(PASSWORD),
                    csrf_field(&form.body)
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let header = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pw_session="))
        .unwrap()
        .to_string();
    assert!(header.contains("HttpOnly"), "{header}");
    assert!(header.contains("SameSite=Lax"), "{header}");
    let token = set_cookie(&page, "pw_session").unwrap();
    assert_eq!(token.len(), 64);
    // The token itself opens the session; nothing in the database equals it.
    assert!(site.store.session_actor(&token).await.unwrap().is_some());
    assert!(
        site.store
            .session_actor(&token.to_uppercase())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn wrong_passwords_keep_the_name_and_say_so_then_throttle() {
    let site = site().await;
    sign_in(&site, "Lee Lead", Role::Lead).await;
    for _ in 0..5 {
        let page = log_in(&site, "Lee Lead", "not the password at all")
            .await
            .err()
            .expect("refused");
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(page.body.contains("The name or the password is wrong."));
        assert!(page.body.contains("value=\"Lee Lead\""), "the name is kept");
    }
    // Locked now, even with the right password.
    let page = log_in(&site, "Lee Lead", PASSWORD)
        .await
        .err()
        .expect("throttled");
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("Too many failed attempts"));
    // Another account is not locked.
    sign_in(&site, "Other", Role::Analyst).await;
}

#[tokio::test]
async fn unknown_accounts_and_forged_forms_are_refused() {
    let site = site().await;
    let page = log_in(&site, "nobody", PASSWORD)
        .await
        .err()
        .expect("refused");
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    // A sign-in form posted without the cookie it was issued with (login CSRF).
    let page = site
        .post(
            "/login",
            "application/x-www-form-urlencoded",
            "name=nobody&password=x&csrf=abc",
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn readers_are_sent_to_sign_in_and_cross_site_posts_are_refused() {
    let site = site().await;
    let page = site.get("/workspace").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers.get("location").unwrap(),
        "/login?next=/workspace"
    );
    let session = sign_in(&site, "Ana", Role::Analyst).await;
    let page = site
        .send(
            Request::post("/logout")
                .header("cookie", format!("pw_session={}", session.cookie))
                .header("host", "127.0.0.1:8080")
                .header("origin", "https://evil.example")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={}", session.csrf)))
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn api_tokens_sign_scripts_in_and_bad_tokens_get_401() {
    let site = site().await;
    let hash = hash_password(PASSWORD).unwrap();
    site.store
        .add_account("script owner", Role::Editor, &hash, "test")
        .await
        .unwrap();
    let token = site
        .store
        .create_api_token("script owner", "ci", "test")
        .await
        .unwrap();
    let actor = site.store.token_actor(&token).await.unwrap().unwrap();
    assert_eq!(actor.name, "script owner");
    let page = site
        .send(
            Request::get("/api/v1/cycles")
                .header("authorization", "Bearer not-a-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(
        page.body.contains("\"code\":\"unauthenticated\""),
        "{}",
        page.body
    );
}
