//! Unknown addresses get a 404 page, never a 500.

use axum::http::StatusCode;

use pledgewatch_domain::access::Role;

use crate::accounts::sign_in;
use crate::fixture::{SLUG, site};

#[tokio::test]
async fn unknown_addresses_are_404_pages() {
    let site = site().await;
    for uri in [
        "/nowhere",
        "/cycles/no-such-cycle",
        "/cycles/no-such-cycle/commitments/7",
        "/cycles/no-such-cycle/members/CAN",
        &format!("/cycles/{SLUG}/commitments/99"),
        &format!("/cycles/{SLUG}/commitments/%3Cscript%3E"),
        &format!("/cycles/{SLUG}/members/XYZ"),
        &format!("/cycles/{SLUG}/extra/path"),
        // Segments that are not UTF-8 name no page either.
        "/cycles/%FF",
        &format!("/cycles/{SLUG}/commitments/%FF"),
        &format!("/cycles/{SLUG}/members/%C3%28"),
        &format!("/cycles/{SLUG}/editions/%FF"),
        &format!("/cycles/{SLUG}/editions/1/changes%FF"),
        "/plans/%FF",
    ] {
        let page = site.get(uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(page.content_type.starts_with("text/html"), "{uri}");
        assert!(page.body.contains("<h1>Page not found</h1>"), "{uri}");
        assert!(page.body.contains("<main id=\"main\""), "{uri}");
    }
}

#[tokio::test]
async fn workspace_addresses_that_cannot_parse_are_404_pages_too() {
    let site = site().await;
    let admin = sign_in(&site, "Ada Admin", Role::Admin).await;
    for uri in [
        "/workspace/institutions/abc",
        "/workspace/summits/%FF",
        "/workspace/plans/%FF",
        &format!("/workspace/cycles/{SLUG}/commitments/7/members/%FF"),
    ] {
        let page = admin.get(&site, uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}: {}", page.body);
        assert!(page.content_type.starts_with("text/html"), "{uri}");
        assert!(page.body.contains("<h1>Page not found</h1>"), "{uri}");
    }
}

#[tokio::test]
async fn a_failing_store_gives_a_500_page_without_internals() {
    let site = site().await;
    // A closed pool fails every query, as a broken database would.
    site.store.close().await;
    for uri in [
        "/",
        &format!("/cycles/{SLUG}"),
        &format!("/cycles/{SLUG}/members/CAN"),
    ] {
        let page = site.get(uri).await;
        assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
        assert!(page.content_type.starts_with("text/html"), "{uri}");
        assert!(page.body.contains("the data store failed"), "{uri}");
        for internal in ["sqlx", "pool", "Pool", "database error", "SQLITE", "web.db"] {
            assert!(!page.body.contains(internal), "{uri} leaks {internal:?}");
        }
    }
}
