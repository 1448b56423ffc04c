//! Administration in the browser and over the API: accounts, API tokens, institutions, members,
//! summits and source documents. Who may (admins; tokens for everyone), readers sent to sign in
//! or 401, stale versions 409 with nothing changed, refused forms keeping what was typed, script
//! payloads rendered inert, and before/after in the audit trail.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pledgewatch_domain::access::Role;
use pledgewatch_store::{DocumentInput, MemberInput, SummitInput};

use crate::accounts::{sign_in, urlencode};
use crate::fixture::{Page, Site, site};

const XSS: &str = "<script>alert(1)</script>";

fn inert(page: &Page) {
    assert!(
        !page.body.contains(XSS),
        "a script payload was rendered as markup"
    );
}

fn escaped(page: &Page) {
    inert(page);
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the payload is shown as text:\n{}",
        page.body
    );
}

async fn api(site: &Site, method: &str, uri: &str, token: Option<&str>, json: &str) -> Page {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        request = request.header("authorization", format!("Bearer {t}"));
    }
    if !json.is_empty() {
        request = request.header("content-type", "application/json");
    }
    site.send(request.body(Body::from(json.to_string())).expect("request"))
        .await
}

fn json(page: &Page) -> serde_json::Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

/// Ids of objects every route needs: (institution, summit, document, member code, membership).
async fn objects(site: &Site) -> (i64, i64, i64, String, i64) {
    let s = &site.store;
    let g8 = s.create_institution("G8", "test").await.unwrap();
    let summit = s
        .create_summit(
            &SummitInput {
                institution_id: g8.id,
                name: "1998 Birmingham Summit".into(),
                year: 1998,
                ended_on: None,
            },
            "test",
        )
        .await
        .unwrap();
    let document = s
        .create_document(
            &DocumentInput {
                summit_id: Some(summit.id),
                title: "Birmingham Communiqué".into(),
            },
            "test",
        )
        .await
        .unwrap();
    let russia = s
        .create_member(
            &MemberInput {
                name: "Russia".into(),
                code: "RUS".into(),
                variants: vec!["Russian Federation".into()],
            },
            "test",
        )
        .await
        .unwrap();
    let membership = s
        .add_membership(
            russia.id,
            &pledgewatch_store::MembershipInput {
                institution_id: g8.id,
                from_year: 1997,
                to_year: Some(2013),
            },
            "test",
        )
        .await
        .unwrap();
    (g8.id, summit.id, document.id, russia.code, membership.id)
}

#[tokio::test]
async fn admin_pages_and_api_are_for_admins_readers_sign_in_and_tokens_are_for_everyone() {
    let site = site().await;
    let (institution, summit, document, member, _) = objects(&site).await;
    let pages = [
        "/workspace/accounts".to_string(),
        "/workspace/institutions".to_string(),
        format!("/workspace/institutions/{institution}"),
        format!("/workspace/summits/{summit}"),
        format!("/workspace/documents/{document}"),
        "/workspace/members".to_string(),
        format!("/workspace/members/{member}"),
    ];
    let posts = [
        "/workspace/accounts".to_string(),
        "/workspace/accounts/Someone".to_string(),
        "/workspace/institutions".to_string(),
        format!("/workspace/institutions/{institution}"),
        "/workspace/summits".to_string(),
        format!("/workspace/summits/{summit}"),
        "/workspace/documents".to_string(),
        format!("/workspace/documents/{document}"),
        "/workspace/members".to_string(),
        format!("/workspace/members/{member}"),
        format!("/workspace/members/{member}/memberships"),
        "/workspace/memberships/1/remove".to_string(),
        "/workspace/accounts/tokens/1/revoke".to_string(),
    ];
    let api_gets = [
        "/api/v1/accounts".to_string(),
        "/api/v1/institutions".to_string(),
        format!("/api/v1/institutions/{institution}"),
        "/api/v1/members".to_string(),
        format!("/api/v1/members/{member}"),
        "/api/v1/summits".to_string(),
        format!("/api/v1/summits/{summit}"),
        "/api/v1/documents".to_string(),
        format!("/api/v1/documents/{document}"),
    ];
    let api_writes = [
        ("POST", "/api/v1/accounts".to_string()),
        ("PUT", "/api/v1/accounts/Someone".to_string()),
        ("POST", "/api/v1/institutions".to_string()),
        ("PUT", format!("/api/v1/institutions/{institution}")),
        ("POST", "/api/v1/members".to_string()),
        ("PUT", format!("/api/v1/members/{member}")),
        ("POST", format!("/api/v1/members/{member}/memberships")),
        ("PUT", "/api/v1/memberships/1".to_string()),
        ("DELETE", "/api/v1/memberships/1?version=1".to_string()),
        ("POST", "/api/v1/summits".to_string()),
        ("PUT", format!("/api/v1/summits/{summit}")),
        ("POST", "/api/v1/documents".to_string()),
        ("PUT", format!("/api/v1/documents/{document}")),
    ];

    // Readers: pages send them to sign in, the API says 401.
    for uri in pages.iter().chain(["/workspace/tokens".to_string()].iter()) {
        let page = site.get(uri).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{uri}");
        let location = page.headers.get("location").unwrap().to_str().unwrap();
        assert!(location.starts_with("/login?next="), "{uri}: {location}");
    }
    for uri in api_gets.iter().chain(["/api/v1/tokens".to_string()].iter()) {
        assert_eq!(
            api(&site, "GET", uri, None, "").await.status,
            StatusCode::UNAUTHORIZED,
            "{uri}"
        );
    }
    for (method, uri) in &api_writes {
        let page = api(&site, method, uri, None, "{}").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }

    // Everyone but admins is refused, in the pages and the API.
    for (name, role) in [
        ("An Analyst", Role::Analyst),
        ("A Lead", Role::Lead),
        ("A Director", Role::Director),
        ("An Editor", Role::Editor),
    ] {
        let session = sign_in(&site, name, role).await;
        for uri in &pages {
            assert_eq!(
                session.get(&site, uri).await.status,
                StatusCode::FORBIDDEN,
                "{name} {uri}"
            );
        }
        for uri in &posts {
            let page = session.post_form(&site, uri, "name=x&version=1").await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{name} POST {uri}");
        }
        for uri in &api_gets {
            let page = session.send_json(&site, "GET", uri, "").await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{name} GET {uri}");
        }
        for (method, uri) in &api_writes {
            let page = session.send_json(&site, method, uri, "{}").await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{name} {method} {uri}");
            assert_eq!(json(&page)["error"]["code"], "forbidden");
        }
        // Their own tokens page and API are theirs.
        assert_eq!(
            session.get(&site, "/workspace/tokens").await.status,
            StatusCode::OK
        );
        let mine = session.send_json(&site, "GET", "/api/v1/tokens", "").await;
        assert_eq!(mine.status, StatusCode::OK);
    }

    // Admins may.
    let admin = sign_in(&site, "Ada Admin", Role::Admin).await;
    for uri in &pages {
        let page = admin.get(&site, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
    }
    for uri in &api_gets {
        let page = admin.send_json(&site, "GET", uri, "").await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
    }
}

#[tokio::test]
async fn accounts_are_created_changed_and_refused_in_the_browser() {
    let site = site().await;
    let admin = sign_in(&site, "Ada Admin", Role::Admin).await;

    // A short password: 422, the name kept, the error beside the password field, no account.
    let page = admin
        .post_form(
            &site,
            "/workspace/accounts",
            &format!("name={}&role=analyst&password=short", urlencode(XSS)),
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(
        page.body.contains("id=\"create-password-error\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("aria-describedby=\"create-password-error\"")
    );
    assert!(page.body.contains("at least 12 characters"));
    escaped(&page);
    assert!(site.store.account(XSS).await.unwrap().is_none());

    let page = admin
        .post_form(
            &site,
            "/workspace/accounts",
            &format!(
                "name={}&role=analyst&password={}",
                urlencode(XSS),
                urlencode("twelve chars long")
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let list = admin.get(&site, "/workspace/accounts").await;
    escaped(&list);
    let created = site.store.account(XSS).await.unwrap().expect("created");
    assert_eq!(created.role, Role::Analyst);

    // A duplicate name: 422 beside the name.
    let page = admin
        .post_form(
            &site,
            "/workspace/accounts",
            &format!(
                "name={}&role=lead&password={}",
                urlencode(XSS),
                urlencode("twelve chars long")
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"create-name-error\""));

    // Role change with the version read, then a stale one: 409, nothing changed.
    let uri = format!("/workspace/accounts/{}", urlencode(XSS));
    let ok = admin
        .post_form(&site, &uri, "change=role&role=lead&version=1")
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let stale = admin
        .post_form(&site, &uri, "change=disable&version=1")
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .body
            .contains("changed by someone else since you opened it")
    );
    let now = site.store.account(XSS).await.unwrap().unwrap();
    assert_eq!(
        (now.role, now.disabled, now.version),
        (Role::Lead, false, 2)
    );
    let audit = site.store.audit_log(1).await.unwrap().remove(0);
    assert_eq!(audit.action, "account.update");
    assert_eq!(audit.detail["before"]["role"], "analyst");
    assert_eq!(audit.detail["after"]["role"], "lead");

    // An admin cannot lock themselves out.
    let me = site.store.account("Ada Admin").await.unwrap().unwrap();
    let page = admin
        .post_form(
            &site,
            "/workspace/accounts/Ada%20Admin",
            &format!("change=disable&version={}", me.version),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn tokens_are_shown_once_used_and_revoked_by_their_owner_or_an_admin() {
    let site = site().await;
    let analyst = sign_in(&site, "Ana", Role::Analyst).await;
    let page = analyst
        .post_form(
            &site,
            "/workspace/tokens",
            &format!("label={}", urlencode(XSS)),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    escaped(&page);
    let marker = "<code class=\"token\">";
    let at = page.body.find(marker).expect("the token, once") + marker.len();
    let token = page.body[at..at + 64].to_string();
    assert!(
        !analyst
            .get(&site, "/workspace/tokens")
            .await
            .body
            .contains(&token)
    );

    // The token works in the API; the listing never shows it.
    let listed = api(&site, "GET", "/api/v1/tokens", Some(&token), "").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(!listed.body.contains(&token));
    let id = json(&listed)[0]["id"].as_i64().unwrap();

    // Over the API: another analyst's token cannot revoke Ana's; an admin's can.
    let created = api(
        &site,
        "POST",
        "/api/v1/tokens",
        Some(&token),
        r#"{"label":"second"}"#,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let second = json(&created);
    let bo = sign_in(&site, "Bo", Role::Analyst).await;
    let refused = bo
        .send_json(&site, "DELETE", &format!("/api/v1/tokens/{id}"), "")
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let bad_label = api(
        &site,
        "POST",
        "/api/v1/tokens",
        Some(&token),
        r#"{"label":" "}"#,
    )
    .await;
    assert_eq!(bad_label.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&bad_label)["error"]["field"], "label");

    let own = analyst
        .post_form(&site, &format!("/workspace/tokens/{id}/revoke"), "")
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    assert_eq!(
        api(&site, "GET", "/api/v1/tokens", Some(&token), "")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let admin = sign_in(&site, "Ada", Role::Admin).await;
    let page = admin.get(&site, "/workspace/tokens").await;
    assert!(page.body.contains("Everyone else"));
    let second_id = second["id"].as_i64().unwrap();
    let revoked = admin
        .send_json(&site, "DELETE", &format!("/api/v1/tokens/{second_id}"), "")
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert!(json(&revoked)["revoked_at"].is_string());
}

#[tokio::test]
async fn institutions_members_summits_and_documents_are_edited_in_the_browser() {
    let site = site().await;
    let admin = sign_in(&site, "Ada Admin", Role::Admin).await;

    let page = admin
        .post_form(
            &site,
            "/workspace/institutions",
            &format!("name={}", urlencode(XSS)),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let institution = page
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let shown = admin.get(&site, &institution).await;
    escaped(&shown);
    escaped(&admin.get(&site, "/workspace/institutions").await);

    // A name already taken: 422, kept as typed, the error beside the field.
    let page = admin
        .post_form(
            &site,
            "/workspace/institutions",
            &format!("name={}", urlencode(XSS)),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"create-name-error\""));
    assert!(page.body.contains("aria-describedby=\"create-name-error\""));

    // Renaming with a stale version: 409 with the current version, nothing changed.
    let renamed = admin
        .post_form(&site, &institution, "name=G8&version=1")
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    let stale = admin
        .post_form(&site, &institution, "name=G9&version=1")
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .body
            .contains("changed by someone else since you opened it")
    );
    assert!(
        stale.body.contains("value=\"G8\""),
        "the current name is shown"
    );
    assert!(stale.body.contains("name=\"version\" value=\"2\""));
    let id: i64 = institution.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        site.store.institution_row(id).await.unwrap().unwrap().name,
        "G8"
    );
    let audit = site.store.audit_log(1).await.unwrap().remove(0);
    assert_eq!(audit.detail["before"]["name"], XSS);
    assert_eq!(audit.detail["after"]["name"], "G8");

    // A summit: a bad date is kept as typed and named; then created with a script name.
    let page = admin
        .post_form(
            &site,
            "/workspace/summits",
            &format!(
                "institution={id}&name={}&year=1998&ended_on=15%2F05%2F1998",
                urlencode(XSS)
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"summit-ended_on-error\""));
    assert!(page.body.contains("value=\"15/05/1998\""));
    escaped(&page);
    let page = admin
        .post_form(
            &site,
            "/workspace/summits",
            &format!(
                "institution={id}&name={}&year=1998&ended_on=1998-05-17",
                urlencode(XSS)
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let summit = page
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    escaped(&admin.get(&site, &summit).await);
    let summit_id: i64 = summit.rsplit('/').next().unwrap().parse().unwrap();

    // A source document with a script title.
    let page = admin
        .post_form(
            &site,
            "/workspace/documents",
            &format!("summit={summit_id}&title={}", urlencode(XSS)),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let document = page
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    escaped(&admin.get(&site, &document).await);
    escaped(&admin.get(&site, &summit).await);
    let page = admin
        .post_form(
            &site,
            &document,
            &format!("summit={summit_id}&title=&version=1"),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"edit-title-error\""));

    // Members: script names and variants escaped, a taken code named, memberships by years.
    let page = admin
        .post_form(
            &site,
            "/workspace/members",
            &format!(
                "name={}&code=XSS&variants={}",
                urlencode(XSS),
                urlencode(&format!("{XSS} 2\nThe Scripters"))
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let member = page
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(member, "/workspace/members/XSS");
    escaped(&admin.get(&site, &member).await);
    escaped(&admin.get(&site, "/workspace/members").await);
    let page = admin
        .post_form(
            &site,
            "/workspace/members",
            "name=Testonia&code=XSS&variants=",
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"create-code-error\""));
    assert!(page.body.contains("value=\"Testonia\""));
    // Canada is the fixture's; a variant naming it belongs to another member.
    let page = admin
        .post_form(
            &site,
            "/workspace/members",
            "name=Testonia&code=TST&variants=Canada",
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"create-variants-error\""));

    let page = admin
        .post_form(
            &site,
            &format!("{member}/memberships"),
            &format!("institution={id}&from_year=2013&to_year=1997"),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"membership-to_year-error\""));
    assert!(page.body.contains("value=\"2013\""));
    let page = admin
        .post_form(
            &site,
            &format!("{member}/memberships"),
            &format!("institution={id}&from_year=1997&to_year=2013"),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let shown = admin.get(&site, &member).await;
    assert!(shown.body.contains("1997–2013"));
    assert!(
        admin
            .get(&site, &institution)
            .await
            .body
            .contains("1997–2013")
    );
}

#[tokio::test]
async fn the_api_creates_updates_and_refuses_with_named_fields_and_409_when_stale() {
    let site = site().await;
    let admin = sign_in(&site, "Ada Admin", Role::Admin).await;
    let post = |uri: &'static str, body: String| {
        let admin = &admin;
        let site = &site;
        async move { admin.send_json(site, "POST", uri, &body).await }
    };

    let created = post("/api/v1/institutions", r#"{"name":"G20"}"#.into()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let g20 = json(&created);
    assert_eq!(g20["version"], 1);
    let again = post("/api/v1/institutions", r#"{"name":"G20"}"#.into()).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&again)["error"]["field"], "name");

    let uri = format!("/api/v1/institutions/{}", g20["id"]);
    let ok = admin
        .send_json(&site, "PUT", &uri, r#"{"version":1,"name":"G-20"}"#)
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let stale = admin
        .send_json(
            &site,
            "PUT",
            &uri,
            r#"{"version":1,"name":"Group of Twenty"}"#,
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let error = json(&stale);
    assert_eq!(error["error"]["code"], "stale");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    let now = json(&admin.send_json(&site, "GET", &uri, "").await);
    assert_eq!(
        (now["name"].as_str(), now["version"].as_i64()),
        (Some("G-20"), Some(2))
    );
    let missing_version = admin.send_json(&site, "PUT", &uri, r#"{"name":"x"}"#).await;
    assert_eq!(missing_version.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&missing_version)["error"]["field"], "version");

    // Members: a variant of another member, a taken code.
    let taken = post(
        "/api/v1/members",
        r#"{"name":"Testonia","code":"TST","variants":["France"]}"#.into(),
    )
    .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&taken)["error"]["field"], "variants");
    let coded = post(
        "/api/v1/members",
        r#"{"name":"Testonia","code":"CAN"}"#.into(),
    )
    .await;
    assert_eq!(json(&coded)["error"]["field"], "code");
    let testonia = post(
        "/api/v1/members",
        r#"{"name":"Testonia","code":"TST","variants":["Republic of Testonia"]}"#.into(),
    )
    .await;
    assert_eq!(testonia.status, StatusCode::CREATED, "{}", testonia.body);
    let by_variant = admin
        .send_json(&site, "GET", "/api/v1/members/Republic%20of%20Testonia", "")
        .await;
    assert_eq!(json(&by_variant)["code"], "TST");

    let years = format!(
        r#"{{"institution_id":{},"from_year":2010,"to_year":2001}}"#,
        g20["id"]
    );
    let backwards = admin
        .send_json(&site, "POST", "/api/v1/members/TST/memberships", &years)
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&backwards)["error"]["field"], "to_year");
    let years = format!(r#"{{"institution_id":{},"from_year":2001}}"#, g20["id"]);
    let membership = admin
        .send_json(&site, "POST", "/api/v1/members/TST/memberships", &years)
        .await;
    assert_eq!(
        membership.status,
        StatusCode::CREATED,
        "{}",
        membership.body
    );
    let membership = json(&membership);
    assert!(membership["to_year"].is_null());
    let delete = format!("/api/v1/memberships/{}?version=9", membership["id"]);
    assert_eq!(
        admin.send_json(&site, "DELETE", &delete, "").await.status,
        StatusCode::CONFLICT
    );
    let delete = format!("/api/v1/memberships/{}?version=1", membership["id"]);
    assert_eq!(
        admin.send_json(&site, "DELETE", &delete, "").await.status,
        StatusCode::NO_CONTENT
    );

    // Summits and documents.
    let summit = post(
        "/api/v1/summits",
        format!(
            r#"{{"institution_id":{},"name":"2031 Summit","year":2031,"ended_on":"2031-02-30"}}"#,
            g20["id"]
        ),
    )
    .await;
    assert_eq!(summit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&summit)["error"]["field"], "ended_on");
    let summit = post(
        "/api/v1/summits",
        format!(
            r#"{{"institution_id":{},"name":"2031 Summit","year":2031}}"#,
            g20["id"]
        ),
    )
    .await;
    assert_eq!(summit.status, StatusCode::CREATED);
    let summit = json(&summit);
    let document = post(
        "/api/v1/documents",
        format!(
            r#"{{"summit_id":{},"title":"Leaders' Declaration"}}"#,
            summit["id"]
        ),
    )
    .await;
    assert_eq!(document.status, StatusCode::CREATED);
    let document = json(&document);
    let uri = format!("/api/v1/documents/{}", document["id"]);
    let stale = admin
        .send_json(&site, "PUT", &uri, r#"{"version":5,"title":"Other"}"#)
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let unknown = admin
        .send_json(
            &site,
            "PUT",
            &uri,
            r#"{"version":1,"title":"x","colour":1}"#,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Accounts over the API.
    let short = post(
        "/api/v1/accounts",
        r#"{"name":"Cy","role":"analyst","password":"short"}"#.into(),
    )
    .await;
    assert_eq!(json(&short)["error"]["field"], "password");
    let role = post(
        "/api/v1/accounts",
        r#"{"name":"Cy","role":"root","password":"long enough password"}"#.into(),
    )
    .await;
    assert_eq!(json(&role)["error"]["field"], "role");
    let cy = post(
        "/api/v1/accounts",
        r#"{"name":"Cy","role":"analyst","password":"long enough password"}"#.into(),
    )
    .await;
    assert_eq!(cy.status, StatusCode::CREATED, "{}", cy.body);
    let put = admin
        .send_json(
            &site,
            "PUT",
            "/api/v1/accounts/Cy",
            r#"{"version":1,"role":"editor"}"#,
        )
        .await;
    assert_eq!(json(&put)["role"], "editor");
    let stale = admin
        .send_json(
            &site,
            "PUT",
            "/api/v1/accounts/Cy",
            r#"{"version":1,"disabled":true}"#,
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(!site.store.account("Cy").await.unwrap().unwrap().disabled);
}
