//! The JSON API under /api/v1: each endpoint's answer, its errors as
//! `{"error": {"code", "message", "field"}}`, and the OpenAPI document (snapshot).

use axum::http::StatusCode;
use serde_json::Value;

use crate::coded::{CODE, RUBRIC_19, coded_site};
use crate::fixture::{CYCLE, Page, SLUG, Site, site};

fn json(page: &Page) -> Value {
    assert!(
        page.content_type.starts_with("application/json"),
        "{}: {}",
        page.content_type,
        page.body
    );
    serde_json::from_str(&page.body).expect("JSON body")
}

/// The error's code and field, after checking the status and the shape.
#[track_caller]
fn error(page: &Page, status: StatusCode) -> (String, Value, String) {
    assert_eq!(page.status, status, "{}", page.body);
    let v = json(page);
    let e = &v["error"];
    let message = e["message"].as_str().expect("message").to_string();
    assert!(!message.is_empty());
    (
        e["code"].as_str().expect("code").to_string(),
        e["field"].clone(),
        message,
    )
}

fn rubric_api() -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/rubric")
}

async fn history(site: &Site) -> usize {
    site.store
        .rubric_history(CYCLE, CODE)
        .await
        .expect("history")
        .len()
}

#[tokio::test]
async fn cycles_and_scores() {
    let site = site().await;
    let page = site.get("/api/v1/cycles").await;
    assert_eq!(page.status, StatusCode::OK);
    let v = json(&page);
    assert_eq!(v["cycles"][0]["name"], CYCLE);
    assert_eq!(v["cycles"][0]["slug"], SLUG);
    assert_eq!(v["cycles"][0]["kind"], "final");
    assert_eq!(v["cycles"][0]["period_start"], "2031-06-15");
    assert_eq!(v["cycles"][0]["scored_cells"], 7);

    let page = site.get(&format!("/api/v1/cycles/{SLUG}/scores")).await;
    assert_eq!(page.status, StatusCode::OK);
    let v = json(&page);
    assert_eq!(v["cycle"], CYCLE);
    assert_eq!(v["commitments"][1]["average"], "+0.67");
    assert_eq!(v["commitments"][0]["scores"]["France"], "n/a");
    assert_eq!(v["overall"]["percent"], 50);

    let page = site.get("/api/v1/cycles/no-such-cycle/scores").await;
    let (code, _, message) = error(&page, StatusCode::NOT_FOUND);
    assert_eq!(code, "not_found");
    assert!(message.contains("no-such-cycle"));
}

#[tokio::test]
async fn rubric_as_json_by_version() {
    let site = coded_site().await;
    let page = site.get(&rubric_api()).await;
    assert_eq!(page.status, StatusCode::OK);
    let v = json(&page);
    assert_eq!(v["commitment"], CODE);
    assert_eq!(v["version"], 1);
    assert_eq!(v["newest_version"], 1);
    assert_eq!(v["rubric"]["dimension"][0]["key"], "prevent");
    assert_eq!(v["rubric"]["rule"][1]["strong"]["min"], 1);
    assert_eq!(
        v["rules_in_words"][1]["when"],
        "strong in 1 to 3 dimensions"
    );
    assert_eq!(v["rules_in_words"][1]["score"], 0);
    assert_eq!(v["history"][0]["saved_by"], "test");

    let page = site.get(&format!("{}?version=1", rubric_api())).await;
    assert_eq!(json(&page)["version"], 1);

    let (code, field, _) = error(
        &site.get(&format!("{}?version=9", rubric_api())).await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(
        (code.as_str(), field),
        ("not_found", Value::from("version"))
    );
    let (code, field, _) = error(
        &site.get(&format!("{}?version=nine", rubric_api())).await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(
        (code.as_str(), field),
        ("malformed", Value::from("version"))
    );
    for uri in [
        format!("/api/v1/cycles/{SLUG}/commitments/99/rubric"),
        format!("/api/v1/cycles/{SLUG}/commitments/7/rubric"),
        format!("/api/v1/cycles/nope/commitments/{CODE}/rubric"),
        format!("/api/v1/cycles/{SLUG}/commitments/99/rubric/check"),
    ] {
        error(&site.get(&uri).await, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn rubric_check_reports_the_gap_and_overlaps_with_examples() {
    let site = coded_site().await;
    let page = site.get(&format!("{}/check", rubric_api())).await;
    assert_eq!(page.status, StatusCode::OK);
    let v = json(&page);
    assert_eq!(v["codings"], 162);
    assert_eq!(v["complete"], false);
    let findings = v["findings"].as_array().expect("findings");
    let gap = findings.iter().find(|f| f["kind"] == "gap").expect("a gap");
    let strengths: Vec<&str> = gap["example"]["dimensions"]
        .as_array()
        .expect("strengths")
        .iter()
        .map(|s| s["strength"].as_str().expect("strength"))
        .collect();
    assert_eq!(strengths.iter().filter(|s| **s == "weak").count(), 2);
    assert_eq!(strengths.iter().filter(|s| **s == "strong").count(), 0);
    let overlap = findings
        .iter()
        .find(|f| f["kind"] == "overlap" && f["scores"] == serde_json::json!([-1, 1]))
        .expect("contradictory action overlaps +1");
    assert_eq!(overlap["example"]["contradictory"], true);
    assert!(
        overlap["message"]
            .as_str()
            .expect("message")
            .contains("e.g.")
    );
}

#[tokio::test]
async fn what_if_takes_json_or_toml_and_stores_nothing() {
    let site = coded_site().await;
    let before = history(&site).await;
    let stored = json(&site.get(&rubric_api()).await)["rubric"].clone();

    // JSON: "strong in all 4" now gives 0, so Canada's suggestion changes from +1 to 0.
    let mut changed = stored.clone();
    changed["rule"][0]["score"] = Value::from(0);
    let page = site
        .post(
            &format!("{}/whatif", rubric_api()),
            "application/json",
            changed.to_string(),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let v = json(&page);
    assert_eq!(v["current_version"], 1);
    assert_eq!(v["changed"].as_array().expect("changed").len(), 1);
    let canada = &v["changed"][0];
    assert_eq!(canada["member"], "Canada");
    assert_eq!(canada["score"], 0);
    assert_eq!(canada["before"]["score"], 1);
    assert_eq!(canada["before"]["rubric_version"], 1);
    assert_eq!(canada["after"]["score"], 0);
    assert_eq!(canada["departs_after"], false);
    assert!(
        canada["after"]["reason"]
            .as_str()
            .expect("reason")
            .contains("'strong in all 4'")
    );
    assert_eq!(v["check"]["codings"], 162);

    // TOML, unchanged: nothing changes.
    let page = site
        .post(
            &format!("{}/whatif", rubric_api()),
            "application/toml; charset=utf-8",
            RUBRIC_19,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let v = json(&page);
    assert_eq!(v["changed"], serde_json::json!([]));
    assert_eq!(v["unchanged"], 1);
    assert_eq!(v["not_ready"], 2);

    assert_eq!(history(&site).await, before, "the what-if saved a version");
}

#[tokio::test]
async fn what_if_errors() {
    let site = coded_site().await;
    let uri = format!("{}/whatif", rubric_api());
    let before = history(&site).await;

    // 400: not JSON, not TOML, not UTF-8.
    let (code, field, message) = error(
        &site
            .post(&uri, "application/json", "{\"dimension\": [")
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!((code.as_str(), field), ("malformed", Value::from("body")));
    assert!(message.contains("line 1"), "{message}");
    // JSON of the wrong shape is unreadable too.
    let (code, ..) = error(
        &site.post(&uri, "application/json", "[1, 2]").await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(code, "malformed");
    let (code, _, message) = error(
        &site.post(&uri, "application/toml", "version = = 1").await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(code, "malformed");
    assert!(message.contains("TOML"), "{message}");
    let (code, ..) = error(
        &site
            .post(&uri, "application/toml", vec![0xff_u8, 0xfe])
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert_eq!(code, "malformed");

    // 422: readable, but a rule names a dimension the rubric lacks.
    let invalid = RUBRIC_19.replace("strong = 4", "strong_in = [\"prevnet\"]");
    let (code, field, message) = error(
        &site.post(&uri, "application/toml", invalid).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(
        (code.as_str(), field),
        ("invalid_rubric", Value::from("rule[1]"))
    );
    assert!(message.contains("rule 1 'strong in all 4'"), "{message}");
    assert!(message.contains("prevnet"), "{message}");
    // The same in JSON: two dimensions with one key.
    let mut stored = json(&site.get(&rubric_api()).await)["rubric"].clone();
    stored["dimension"][1]["key"] = Value::from("prevent");
    let (code, field, message) = error(
        &site
            .post(&uri, "application/json", stored.to_string())
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(
        (code.as_str(), field),
        ("invalid_rubric", Value::from("dimension[2]"))
    );
    assert!(message.contains("`prevent` is used twice"), "{message}");

    // 415: neither JSON nor TOML, or no content type at all.
    for content_type in ["text/plain", ""] {
        let (code, field, _) = error(
            &site.post(&uri, content_type, RUBRIC_19).await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        );
        assert_eq!(
            (code.as_str(), field),
            ("unsupported_media_type", Value::from("content-type"))
        );
    }

    // 413: larger than 256 KiB.
    let huge = format!("{RUBRIC_19}\n# {}", "x".repeat(300 * 1024));
    let (code, ..) = error(
        &site.post(&uri, "application/toml", huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    );
    assert_eq!(code, "payload_too_large");

    // 404: unknown cycle or commitment.
    error(
        &site
            .post(
                &format!("/api/v1/cycles/{SLUG}/commitments/99/rubric/whatif"),
                "application/toml",
                RUBRIC_19,
            )
            .await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(history(&site).await, before);
}

#[tokio::test]
async fn suggestions_agreement_and_disagreements() {
    let site = coded_site().await;
    let v = json(
        &site
            .get(&format!("/api/v1/cycles/{SLUG}/suggestions"))
            .await,
    );
    assert_eq!(v["departures"], 1);
    assert_eq!(v["suggested"], 1);
    let find = |member: &str| {
        v["assessments"]
            .as_array()
            .expect("assessments")
            .iter()
            .find(|a| a["commitment"] == CODE && a["member"] == member)
            .cloned()
            .expect("assessment")
    };
    let canada = find("Canada");
    assert_eq!(canada["state"], "suggested");
    assert_eq!(canada["score"], 0);
    assert_eq!(canada["suggestion"]["outcome"], "score");
    assert_eq!(canada["suggestion"]["score"], 1);
    assert_eq!(canada["suggestion"]["rubric_version"], 1);
    assert_eq!(canada["departs"], true);
    let france = find("France");
    assert_eq!(france["state"], "awaiting_adjudication");
    assert_eq!(france["pending"], serde_json::json!(["prevent"]));
    assert_eq!(france["suggestion"], Value::Null);
    assert_eq!(find("Germany")["state"], "awaiting_coders");
    let seven = v["assessments"]
        .as_array()
        .expect("assessments")
        .iter()
        .find(|a| a["commitment"] == "7")
        .cloned()
        .expect("commitment 7");
    assert_eq!(seven["state"], "no_rubric");

    let v = json(&site.get(&format!("/api/v1/cycles/{SLUG}/agreement")).await);
    let c = &v["commitments"][0];
    assert_eq!(c["commitment"], CODE);
    assert_eq!(c["method"], "cohen_kappa");
    assert_eq!(c["units"], 2);
    assert_eq!(c["dimensions"][0]["dimension"], "prevent");
    assert_eq!(c["dimensions"][0]["units"], 2);
    assert_eq!(c["dimensions"][4]["dimension"], "contradictory");
    // By hand, over the two complete units (Canada, France), coders Avery and Blake, values
    // strong (S), weak (W), none (N):
    // - prevent: (S,S), (S,W): p_o = 1/2; Avery S2, Blake S1 W1, p_e = 2·1/4 = 1/2 → κ = 0.
    // - counter, dismantle, disrupt: (S,S), (N,N): p_o = 1; each coder S1 N1,
    //   p_e = (1·1 + 1·1)/4 = 1/2 → κ = (1 − 1/2)/(1 − 1/2) = 1.
    // - contradictory: (N,N), (N,N): one category throughout, p_e = 1 → undefined.
    // - overall, the 10 (unit, point) pairs pooled: 9 agree, p_o = 9/10; Avery S5 N5, Blake
    //   S4 W1 N5, p_e = (5·4 + 5·5)/100 = 9/20 → κ = (9/10 − 9/20)/(1 − 9/20) = 9/11 = 0.818.
    assert_eq!(
        c["overall"],
        serde_json::json!({"value": "0.818", "exact": "9/11"})
    );
    let figures: Vec<(&str, Value)> = c["dimensions"]
        .as_array()
        .expect("dimensions")
        .iter()
        .map(|d| {
            (
                d["dimension"].as_str().expect("key"),
                d["coefficient"].clone(),
            )
        })
        .collect();
    let k = |value: &str, exact: &str| serde_json::json!({"value": value, "exact": exact});
    assert_eq!(
        figures,
        vec![
            ("prevent", k("0.000", "0/1")),
            ("counter", k("1.000", "1/1")),
            ("dismantle", k("1.000", "1/1")),
            ("disrupt", k("1.000", "1/1")),
            ("contradictory", Value::Null),
        ]
    );

    let v = json(
        &site
            .get(&format!("/api/v1/cycles/{SLUG}/disagreements"))
            .await,
    );
    assert_eq!(v["pending"], 1);
    assert_eq!(
        v["disagreements"],
        serde_json::json!([{
            "commitment": CODE,
            "member": "France",
            "point": "prevent",
            "coders": [
                {"coder": "Avery Coder", "value": "strong"},
                {"coder": "Blake Coder", "value": "weak"},
            ],
            "adjudication": null,
        }])
    );
    // Germany's second coding is a draft: nothing of Germany's is in the queue.
    assert!(!v.to_string().contains("Germany"));

    for uri in ["suggestions", "agreement", "disagreements"] {
        error(
            &site.get(&format!("/api/v1/cycles/nope/{uri}")).await,
            StatusCode::NOT_FOUND,
        );
    }
}

#[tokio::test]
async fn unknown_endpoints_and_methods_answer_in_json() {
    let site = site().await;
    let (code, ..) = error(&site.get("/api/v1/nowhere").await, StatusCode::NOT_FOUND);
    assert_eq!(code, "not_found");
    let (code, ..) = error(
        &site
            .post(
                "/api/v1/cycles/2031-testland-summit-final/scores",
                "application/json",
                "{}",
            )
            .await,
        StatusCode::METHOD_NOT_ALLOWED,
    );
    assert_eq!(code, "method_not_allowed");
}

#[tokio::test]
async fn openapi_document() {
    let site = site().await;
    let page = site.get("/api/v1/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    let v = json(&page);
    for path in [
        "/api/v1/cycles",
        "/api/v1/cycles/{slug}/scores",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric/check",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric/whatif",
        "/api/v1/cycles/{slug}/suggestions",
        "/api/v1/cycles/{slug}/agreement",
        "/api/v1/cycles/{slug}/disagreements",
    ] {
        assert!(v["paths"][path].is_object(), "{path} missing");
    }
    insta::assert_snapshot!("openapi", page.body);
}

#[tokio::test]
async fn a_failing_store_is_a_json_500_without_internals() {
    let site = coded_site().await;
    site.store.close().await;
    for uri in [
        "/api/v1/cycles".to_string(),
        format!("/api/v1/cycles/{SLUG}/suggestions"),
        format!("/cycles/{SLUG}/commitments/{CODE}/rubric"),
        format!("/cycles/{SLUG}/agreement"),
    ] {
        let page = site.get(&uri).await;
        assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
        for internal in ["sqlx", "pool", "Pool", "SQLITE", "web.db"] {
            assert!(!page.body.contains(internal), "{uri} leaks {internal:?}");
        }
    }
    let (code, ..) = error(
        &site.get("/api/v1/cycles").await,
        StatusCode::INTERNAL_SERVER_ERROR,
    );
    assert_eq!(code, "internal");
}
