//! The audit trail's pages, downloads and API: filters, paging, CSV with before/after, readers
//! kept out, and script in a record shown as text.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pledgewatch_domain::access::Role;
use pledgewatch_store::{AccountChange, hash_password};

use crate::accounts::{PASSWORD, sign_in, urlencode};
use crate::fixture::{CYCLE, Site, site};

const SCRIPT: &str = "<script>alert(\"audit\")</script>";

/// The fixture's trail plus: an analyst assigned to 8 / France by a lead, the analyst's role
/// changed and back (before/after records), and an account whose name is a script.
async fn trail(site: &Site) {
    let hash = hash_password(PASSWORD).expect("hash");
    site.store
        .add_account("Ann Analyst", Role::Analyst, &hash, "Lea Lead")
        .await
        .expect("analyst");
    site.store
        .assign("Ann Analyst", CYCLE, "8", Some("France"), "Lea Lead")
        .await
        .expect("assign");
    site.store
        .assign("Ann Analyst", CYCLE, "80", None, "Lea Lead")
        .await
        .expect_err("there is no commitment 80");
    let account = site.store.account("Ann Analyst").await.unwrap().unwrap();
    site.store
        .update_account(
            "Ann Analyst",
            account.version,
            AccountChange {
                role: Some(Role::Lead),
                password_hash: None,
                disabled: None,
            },
            "Ada Admin",
        )
        .await
        .expect("role change");
    site.store
        .add_account(SCRIPT, Role::Editor, &hash, SCRIPT)
        .await
        .expect("script account");
}

fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn readers_are_sent_to_sign_in_and_the_api_answers_401() {
    let site = site().await;
    for uri in [
        "/workspace/audit",
        "/workspace/audit.csv",
        "/workspace/audit.json?object=x",
    ] {
        let page = site.get(uri).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{uri}");
        let location = page.headers.get("location").unwrap().to_str().unwrap();
        assert!(location.starts_with("/login?next="), "{uri}: {location}");
    }
    let api = site.get("/api/v1/audit").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(
        api.body.contains("\"code\":\"unauthenticated\""),
        "{}",
        api.body
    );
    assert!(!api.body.contains("records"));
}

#[tokio::test]
async fn the_page_filters_by_object_and_person_and_links_every_cell() {
    let site = site().await;
    trail(&site).await;
    let session = sign_in(&site, "Otto Analyst", Role::Analyst).await;

    let all = session.get(&site, "/workspace/audit").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains("chapter.add"));
    assert!(all.body.contains("assignment.add"));

    let commitment = format!("{CYCLE}/8");
    let page = session
        .get(
            &site,
            &format!("/workspace/audit?{}", query(&[("object", &commitment)])),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let rows: Vec<&str> = page.body.split("<tr>").skip(2).collect();
    assert_eq!(
        rows.len(),
        2,
        "the assignment and the chapter:\n{}",
        page.body
    );
    assert!(rows[0].contains("assignment.add") && rows[0].contains(&format!("{CYCLE}/8/France")));
    assert!(rows[1].contains("chapter.add"));
    // Each object and each person links to the trail filtered by it.
    let object_link = format!(
        "href=\"/workspace/audit?object={}\"",
        form_encode(&format!("{CYCLE}/8/France"))
    );
    assert!(rows[0].contains(&object_link), "{}", rows[0]);
    assert!(rows[0].contains("href=\"/workspace/audit?actor=Lea+Lead\""));

    let exact = session
        .get(
            &site,
            &format!(
                "/workspace/audit?{}",
                query(&[("object", &commitment), ("exact", "1")])
            ),
        )
        .await;
    assert_eq!(exact.body.split("<tr>").skip(2).count(), 1);

    let admin = session.get(&site, "/workspace/audit?actor=Ada+Admin").await;
    let rows: Vec<&str> = admin.body.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("account.update"));
    // Before → after, only what changed.
    assert!(
        rows[0].contains("<span class=\"field\">role</span>"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("analyst</span> →"), "{}", rows[0]);
    assert!(rows[0].contains("lead</span>"), "{}", rows[0]);
    assert!(!rows[0].contains("<span class=\"field\">disabled</span>"));

    let bad = session
        .get(&site, "/workspace/audit?from=yesterday&to=2026-01-01")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"audit-from-error\""));
    assert!(bad.body.contains("aria-describedby=\"audit-from-error\""));
    assert!(
        bad.body.contains("value=\"yesterday\""),
        "what was typed stays"
    );
}

/// `application/x-www-form-urlencoded` as serde writes it (spaces as `+`).
fn form_encode(text: &str) -> String {
    urlencode(text).replace("%20", "+")
}

#[tokio::test]
async fn pages_link_to_older_records_keeping_the_filter() {
    let site = site().await;
    trail(&site).await;
    let session = sign_in(&site, "Otto Analyst", Role::Analyst).await;
    let first = session.get(&site, "/workspace/audit?limit=2").await;
    assert_eq!(first.body.split("<tr>").skip(2).count(), 2);
    let at = first.body.find("rel=\"next\"").expect("an older page");
    let href_at = first.body[..at].rfind("href=\"").expect("href") + "href=\"".len();
    let href = &first.body[href_at..href_at + first.body[href_at..].find('"').unwrap()];
    let href = href.replace("&#38;", "&").replace("&amp;", "&");
    assert!(
        href.contains("limit=2") && href.contains("before="),
        "{href}"
    );
    let second = session.get(&site, &href).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.body.split("<tr>").skip(2).count(), 2);
    assert!(second.body.contains("rel=\"first\""));
}

#[tokio::test]
async fn the_csv_has_a_header_and_one_row_per_record_with_before_and_after() {
    let site = site().await;
    trail(&site).await;
    let session = sign_in(&site, "Otto Analyst", Role::Analyst).await;
    let csv = session
        .get(&site, "/workspace/audit.csv?actor=Ada+Admin")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "id,at,actor,action,object,before,after,detail");
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[1].contains("\"Ada Admin\",\"account.update\",\"account/Ann Analyst\""));
    assert!(
        lines[1].contains("\"\"role\"\":\"\"analyst\"\""),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("\"\"role\"\":\"\"lead\"\""));

    let everything = session.get(&site, "/workspace/audit.csv").await;
    let records = site.store.audit_log(1000).await.unwrap();
    assert_eq!(
        everything
            .body
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .count(),
        records.len() + 1,
        "one row per record"
    );

    let json = session
        .get(
            &site,
            &format!("/workspace/audit.json?{}", query(&[("object", CYCLE)])),
        )
        .await;
    let value: serde_json::Value = serde_json::from_str(&json.body).expect("JSON");
    let objects: Vec<&str> = value["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["object"].as_str().unwrap())
        .collect();
    assert!(!objects.is_empty());
    assert!(objects.iter().all(|o| o.starts_with(CYCLE)), "{objects:?}");
}

#[tokio::test]
async fn a_script_in_a_record_renders_as_text() {
    let site = site().await;
    trail(&site).await;
    let session = sign_in(&site, "Otto Analyst", Role::Analyst).await;
    for uri in ["/workspace/audit", "/workspace/audit?actor=%3Cscript%3E"] {
        let page = session.get(&site, uri).await;
        assert!(
            !page.body.contains("<script>alert"),
            "{uri}: unescaped script"
        );
        assert!(
            !page.body.contains("<script>"),
            "{uri}: no script element at all"
        );
    }
    let page = session.get(&site, "/workspace/audit").await;
    assert!(
        page.body
            .contains("&#60;script&#62;alert(&#34;audit&#34;)&#60;/script&#62;"),
        "shown as text: {}",
        page.body
    );
}

#[tokio::test]
async fn the_api_pages_and_names_the_bad_parameter() {
    let site = site().await;
    trail(&site).await;
    let session = sign_in(&site, "Otto Analyst", Role::Analyst).await;
    let page = session
        .get(
            &site,
            &format!(
                "/api/v1/audit?{}",
                query(&[("object", &format!("{CYCLE}/8")), ("limit", "1")])
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let value: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(value["records"].as_array().unwrap().len(), 1);
    assert_eq!(value["records"][0]["action"], "assignment.add");
    assert_eq!(
        value["records"][0]["detail"]["after"]["account"],
        "Ann Analyst"
    );
    let next = value["next_before"].as_i64().expect("an older page");
    let older = session
        .get(
            &site,
            &format!(
                "/api/v1/audit?{}&before={next}",
                query(&[("object", &format!("{CYCLE}/8")), ("limit", "1")])
            ),
        )
        .await;
    let value: serde_json::Value = serde_json::from_str(&older.body).unwrap();
    assert_eq!(value["records"][0]["action"], "chapter.add");
    assert!(value["next_before"].is_null());

    for (q, field) in [
        ("limit=0", "limit"),
        ("from=2026-13-01", "from"),
        ("before=-3", "before"),
    ] {
        let bad = session.get(&site, &format!("/api/v1/audit?{q}")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        let value: serde_json::Value = serde_json::from_str(&bad.body).unwrap();
        assert_eq!(value["error"]["field"], field, "{q}");
        assert_eq!(value["error"]["code"], "invalid");
    }

    // Scripts use an API token.
    let token = site
        .store
        .create_api_token("Otto Analyst", "script", "test")
        .await
        .unwrap();
    let with_token = site
        .send(
            Request::get("/api/v1/audit?actor=Ada+Admin")
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(with_token.status, StatusCode::OK);
    assert!(with_token.body.contains("account.update"));
}
