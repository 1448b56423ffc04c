//! How many independent codings a cycle requires, set by an editor on the cycle's setup page
//! and over the API: version-checked with the rest of the settings, refused outside 1 to 10
//! with the field named, and audited with its before and after.

use axum::http::StatusCode;
use pledgewatch_domain::access::Role;
use serde_json::Value;

use crate::accounts::{Session, sign_in, urlencode};
use crate::fixture::{CYCLE, INSTITUTION, SLUG, SUMMIT, Site, site};

fn setup_page() -> String {
    format!("/workspace/cycles/{SLUG}")
}

fn setup_api() -> String {
    format!("/api/v1/cycles/{SLUG}/setup")
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The `value` of the first hidden `version` field of a page.
fn version_field(body: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let at = body.find(marker).expect("a version field");
    let rest = &body[at + marker.len()..];
    rest[..rest.find('"').expect("end of value")].to_string()
}

/// The fixture cycle's settings as the form sends them, with `required_coders` and `version`.
fn settings_form(required_coders: &str, version: &str) -> String {
    [
        ("name", CYCLE),
        ("institution", INSTITUTION),
        ("summit", SUMMIT),
        ("kind", "final"),
        ("period_start", "2031-06-15"),
        ("period_end", "2032-05-15"),
        ("convention", "rescaled"),
        ("required_coders", required_coders),
        ("version", version),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", urlencode(v)))
    .collect::<Vec<_>>()
    .join("&")
}

async fn coders(site: &Site) -> u8 {
    site.store.required_coders(CYCLE).await.expect("coders")
}

async fn last_update(site: &Site) -> Value {
    let log = site.store.audit_log(50).await.expect("audit");
    log.into_iter()
        .find(|r| r.action == "cycle.update")
        .expect("a cycle.update record")
        .detail
}

async fn editor(site: &Site) -> Session {
    sign_in(site, "Eda Editor", Role::Editor).await
}

#[tokio::test]
async fn an_editor_sets_the_required_coders_on_the_settings_form() {
    let site = site().await;
    let editor = editor(&site).await;
    let page = editor.get(&site, &setup_page()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(
            "<input id=\"required_coders\" name=\"required_coders\" type=\"number\" min=\"1\" max=\"10\" step=\"1\" required value=\"1\""
        ),
        "{}",
        page.body
    );
    let version = version_field(&page.body);
    let saved = editor
        .post_form(&site, &setup_page(), &settings_form("2", &version))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(coders(&site).await, 2);
    let detail = last_update(&site).await;
    assert_eq!(detail["before"]["required_coders"], 1, "{detail}");
    assert_eq!(detail["after"]["required_coders"], 2, "{detail}");
    let page = editor.get(&site, &setup_page()).await;
    assert!(page.body.contains("required value=\"2\""), "{}", page.body);

    // The version read before that save is stale now: 409, nothing changed.
    let stale = editor
        .post_form(&site, &setup_page(), &settings_form("3", &version))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("changed by someone else"));
    assert_eq!(coders(&site).await, 2);
}

#[tokio::test]
async fn a_number_of_coders_out_of_range_is_refused_beside_the_field() {
    let site = site().await;
    let editor = editor(&site).await;
    for typed in ["0", "11", "two", "-1"] {
        let page = editor.get(&site, &setup_page()).await;
        let version = version_field(&page.body);
        let refused = editor
            .post_form(&site, &setup_page(), &settings_form(typed, &version))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        for needle in [
            "<p class=\"field-error\" id=\"required_coders-error\">",
            "aria-describedby=\"required_coders-help required_coders-error\" aria-invalid=\"true\"",
            "write a whole number from 1 to 10",
            &format!("required value=\"{typed}\""),
        ] {
            assert!(
                refused.body.contains(needle),
                "{typed}: {needle}\n{}",
                refused.body
            );
        }
        assert_eq!(coders(&site).await, 1, "{typed} changed the coders");
    }
}

#[tokio::test]
async fn others_than_editors_cannot_set_the_required_coders() {
    let site = site().await;
    let lead = sign_in(&site, "Lee Lead", Role::Lead).await;
    let refused = lead
        .post_form(&site, &setup_page(), &settings_form("2", "1"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = lead
        .send_json(
            &site,
            "PUT",
            &setup_api(),
            r#"{"name": "x", "required_coders": 2, "version": 1}"#,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(coders(&site).await, 1);
}

#[tokio::test]
async fn the_api_reads_and_sets_the_required_coders_with_the_cycles_version() {
    let site = site().await;
    let editor = editor(&site).await;
    let setup = json(&editor.get(&site, &setup_api()).await.body);
    assert_eq!(setup["required_coders"], 1, "{setup}");
    let version = setup["version"].as_i64().expect("version");
    let body = |coders: &str, version: i64| {
        format!(
            r#"{{"name": "{CYCLE}", "kind": "final", "period_start": "2031-06-15",
                 "period_end": "2032-05-15", "institution": "{INSTITUTION}",
                 "summit": "{SUMMIT}", "required_coders": {coders}, "version": {version}}}"#
        )
    };

    for bad in ["0", "11", "-2", "300"] {
        let refused = editor
            .send_json(&site, "PUT", &setup_api(), &body(bad, version))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let error = json(&refused.body);
        assert_eq!(error["error"]["field"], "required_coders", "{error}");
    }
    assert_eq!(coders(&site).await, 1);

    let saved = editor
        .send_json(&site, "PUT", &setup_api(), &body("3", version))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let saved = json(&saved.body);
    assert_eq!(saved["required_coders"], 3);
    assert_eq!(saved["version"], version + 1);
    assert_eq!(coders(&site).await, 3);

    // The old version is stale: 409 `stale`, nothing changed.
    let stale = editor
        .send_json(&site, "PUT", &setup_api(), &body("2", version))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(json(&stale.body)["error"]["code"], "stale");
    assert_eq!(coders(&site).await, 3);

    // Left out, the number stays as it is while the rest of the settings change.
    let renamed = editor
        .send_json(
            &site,
            "PUT",
            &setup_api(),
            &format!(
                r#"{{"name": "{CYCLE}", "kind": "interim", "version": {}}}"#,
                version + 1
            ),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert_eq!(json(&renamed.body)["required_coders"], 3);
}

#[tokio::test]
async fn a_cycle_can_be_created_requiring_two_coders() {
    let site = site().await;
    let editor = editor(&site).await;
    let created = editor
        .send_json(
            &site,
            "POST",
            "/api/v1/cycles",
            r#"{"name": "2033 Double Coding Summit", "required_coders": 2}"#,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(json(&created.body)["required_coders"], 2);
    assert_eq!(
        site.store
            .required_coders("2033 Double Coding Summit")
            .await
            .unwrap(),
        2
    );
    let refused = editor
        .send_json(
            &site,
            "POST",
            "/api/v1/cycles",
            r#"{"name": "2034 Nobody Codes Summit", "required_coders": 0}"#,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        site.store
            .cycle("2034 Nobody Codes Summit")
            .await
            .unwrap()
            .is_none()
    );
}
