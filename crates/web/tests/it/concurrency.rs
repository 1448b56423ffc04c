//! Two people edit the same assessment at once over the API: both read version N and write
//! with it at the same moment. Exactly one write wins (200); the other is refused as stale
//! (409) and changes nothing; the stored text is the winner's; the audit trail has one change
//! record, naming the winner.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use pledgewatch_domain::access::Role;
use pledgewatch_store::{AuditFilter, ObjectFilter};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::fixture::{CYCLE, SLUG, Site, site};

const API: &str = "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/Canada";
const OBJECT: &str = "2031 Testland Summit Final/8/Canada";

/// An analyst assigned to 8/Canada, with an API token.
async fn analyst(site: &Site, name: &str) -> String {
    let hash = pledgewatch_store::hash_password(crate::accounts::PASSWORD).expect("hash");
    site.store
        .add_account(name, Role::Analyst, &hash, "test")
        .await
        .expect("add account");
    site.store
        .assign(name, CYCLE, "8", Some("Canada"), "test")
        .await
        .expect("assign");
    site.store
        .create_api_token(name, "concurrency test", "test")
        .await
        .expect("API token")
}

/// Sends one API request on its own task, so that two of them really run side by side.
async fn send(site: &Site, token: &str, method: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(API)
        .header("authorization", format!("Bearer {token}"));
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let router = site.router.clone();
    let response = tokio::spawn(async move { router.oneshot(request).await })
        .await
        .expect("the request task")
        .expect("response");
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{method} {API}: {status}, not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, json)
}

fn change(version: i64, opening: &str) -> Value {
    json!({"version": version, "score": "1", "opening": opening,
           "conclusion": "Canada has taken action."})
}

async fn updates(site: &Site) -> Vec<pledgewatch_store::AuditRecord> {
    let filter = AuditFilter {
        object: Some(ObjectFilter::Exact(OBJECT.to_string())),
        action: Some("assessment.update".to_string()),
        ..AuditFilter::default()
    };
    site.store
        .audit_page(&filter, None, 500)
        .await
        .expect("audit page")
        .records
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writes_with_the_same_version_one_wins_the_other_gets_409() {
    let site = site().await;
    site.store
        .reopen_assessment(CYCLE, "8", "Canada", "correcting the narrative", "editor")
        .await
        .expect("reopen");
    let ana = analyst(&site, "Ana Analyst").await;
    let bo = analyst(&site, "Bo Analyst").await;
    assert_eq!(SLUG, "2031-testland-summit-final");

    // Several rounds, so that either side may win and the outcome never depends on who sent
    // first.
    for round in 0..8 {
        let (a, seen_a) = send(&site, &ana, "GET", None).await;
        let (b, seen_b) = send(&site, &bo, "GET", None).await;
        assert_eq!(
            (a, b),
            (StatusCode::OK, StatusCode::OK),
            "{seen_a} {seen_b}"
        );
        let version = seen_a["version"].as_i64().expect("a version in the GET");
        assert_eq!(seen_b["version"], seen_a["version"], "both read the same");

        let text_a = format!("Round {round}: Ana's opening.");
        let text_b = format!("Round {round}: Bo's opening.");
        let before = updates(&site).await.len();
        let (first, second) = tokio::join!(
            send(&site, &ana, "PUT", Some(change(version, &text_a))),
            send(&site, &bo, "PUT", Some(change(version, &text_b))),
        );
        let mut statuses = [first.0, second.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}: {first:?} {second:?}"
        );
        let ((won, winner, text), lost) = if first.0 == StatusCode::OK {
            ((first.1, "Ana Analyst", &text_a), second.1)
        } else {
            ((second.1, "Bo Analyst", &text_b), first.1)
        };
        assert_eq!(won["version"], json!(version + 1), "{won}");
        assert_eq!(lost["error"]["code"], "stale", "{lost}");
        assert_eq!(lost["error"]["field"], "version", "{lost}");
        let message = lost["error"]["message"].as_str().expect("a message");
        assert!(
            message.contains(&(version + 1).to_string()),
            "the 409 says the current version: {message}"
        );

        // What is stored is the winner's, at the winner's version.
        let (_, now) = send(&site, &ana, "GET", None).await;
        assert_eq!(now["opening"], json!(text), "round {round}");
        assert_eq!(now["version"], json!(version + 1));

        // One change record for the round, naming the winner, before and after as written.
        let records = updates(&site).await;
        assert_eq!(records.len(), before + 1, "round {round}: one record");
        let record = &records[0];
        assert_eq!(record.actor, winner);
        assert_eq!(record.detail["after"]["opening"], json!(text));
        assert_eq!(record.detail["after"]["version"], json!(version + 1));
        assert_eq!(record.detail["before"]["version"], json!(version));
        assert!(
            !records.iter().any(|r| r.detail["after"]["opening"]
                == json!(if winner == "Ana Analyst" {
                    &text_b
                } else {
                    &text_a
                })),
            "round {round}: the refused write left no record"
        );
    }
}
