//! Action plans set up by editors and admins (pages and API), statuses recorded by any staff
//! with versions; readers sign in or get 401; script payloads shown as text; before/after in
//! the audit trail.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pledgewatch_domain::access::Role;

use crate::accounts::{sign_in, urlencode};
use crate::fixture::{CYCLE, Page, site};

const XSS: &str = "<script>alert(1)</script>";

fn escaped(page: &Page) {
    assert!(
        !page.body.contains(XSS),
        "a script payload was rendered as markup"
    );
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the payload is shown as text"
    );
}

fn json(page: &Page) -> serde_json::Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

#[tokio::test]
async fn plans_are_set_up_by_editors_and_statuses_recorded_by_staff() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;

    let plan = r#"{"institution":"T7","title":"Testland Action Plan","adopted_on":"2031-06-14",
        "rhythm":"twice-a-year","reviewed_by":"Testland Group","members":["Canada","France"],
        "observers":["Testpol"]}"#;
    // Readers get 401, analysts 403; editors create.
    let reader = site
        .send(
            Request::post("/api/v1/plans")
                .header("content-type", "application/json")
                .body(Body::from(plan))
                .unwrap(),
        )
        .await;
    assert_eq!(reader.status, StatusCode::UNAUTHORIZED);
    let refused = analyst
        .send_json(&site, "POST", "/api/v1/plans", plan)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let created = editor.send_json(&site, "POST", "/api/v1/plans", plan).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let slug = json(&created)["slug"].as_str().unwrap().to_string();
    let again = editor.send_json(&site, "POST", "/api/v1/plans", plan).await;
    assert_eq!(json(&again)["error"]["field"], "title");

    let base = format!("/api/v1/plans/{slug}");
    let section = format!(
        r#"{{"version":1,"kind":"pillar","number":"I","title":"{}"}}"#,
        XSS.replace('"', "\\\"")
    );
    let added = editor
        .send_json(&site, "POST", &format!("{base}/sections"), &section)
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(json(&added)["version"], 2);
    // The analyst's copy was version 1: stale, nothing changes.
    let stale = editor
        .send_json(&site, "POST", &format!("{base}/sections"), &section)
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(json(&stale)["error"]["code"], "stale");
    let measures = [
        r#"{"version":2,"section":1,"code":"I.1","text":"Train border officers"}"#.to_string(),
        format!(r#"{{"version":3,"section":1,"code":"I.2","text":"{XSS}"}}"#),
        r#"{"version":4,"section":1,"parent":"I.2","code":"I.2(a)","text":"Share data"}"#
            .to_string(),
    ];
    for m in &measures {
        let page = editor
            .send_json(&site, "POST", &format!("{base}/measures"), m)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{m}: {}", page.body);
    }
    let duplicate = editor
        .send_json(
            &site,
            "POST",
            &format!("{base}/measures"),
            r#"{"version":5,"section":1,"code":"I.1","text":"again"}"#,
        )
        .await;
    assert_eq!(json(&duplicate)["error"]["field"], "code");
    let period = editor
        .send_json(
            &site,
            "POST",
            &format!("{base}/periods"),
            r#"{"label":"2031-H2","from":"2031-07-01","to":"2031-12-31"}"#,
        )
        .await;
    assert_eq!(period.status, StatusCode::CREATED, "{}", period.body);
    let refused = analyst
        .send_json(
            &site,
            "POST",
            &format!("{base}/periods"),
            r#"{"label":"2032-H1","from":"2032-01-01","to":"2032-06-30"}"#,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Statuses: an analyst records one over the API, linking evidence of the fixture cycle.
    let status = format!(
        r#"{{"version":0,"period":"2031-H2","member":"Canada","measure":"I.1",
            "status":"in-progress","note":"first steps","evidence":["{CYCLE}:7:Canada:1"]}}"#
    );
    let recorded = analyst
        .send_json(&site, "PUT", &format!("{base}/statuses"), &status)
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
    assert_eq!(json(&recorded)["version"], 1);
    let stale = analyst
        .send_json(&site, "PUT", &format!("{base}/statuses"), &status)
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    for (body, field) in [
        (r#""member":"Testpol","measure":"I.1""#, "member"),
        (r#""member":"France","measure":"I.2""#, "measure"),
    ] {
        let wrong = format!(r#"{{"version":0,"period":"2031-H2",{body},"status":"complete"}}"#);
        let page = analyst
            .send_json(&site, "PUT", &format!("{base}/statuses"), &wrong)
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert_eq!(json(&page)["error"]["field"], field);
    }

    // In the browser: the analyst changes the status with a script note.
    let work = format!("/workspace/plans/{slug}");
    let page = analyst.get(&site, &work).await;
    assert_eq!(page.status, StatusCode::OK);
    escaped(&page);
    assert!(
        !page.body.contains("Save the plan"),
        "analysts do not set plans up"
    );
    let form = format!(
        "period=2031-H2&member=Canada&measure=I.1&status=complete&version=1&note={}&evidence=",
        urlencode(XSS)
    );
    let saved = analyst
        .post_form(&site, &format!("{work}/statuses"), &form)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = analyst.get(&site, &format!("{work}?period=2031-H2")).await;
    escaped(&page);
    assert!(page.body.contains("Complete") || page.body.contains("complete"));
    let stale = analyst
        .post_form(&site, &format!("{work}/statuses"), &form)
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .body
            .contains("changed by someone else since you opened it")
    );
    let audit = site.store.audit_log(1).await.unwrap().remove(0);
    assert_eq!(audit.action, "plan.status");
    assert_eq!(audit.detail["before"]["status"], "in-progress");
    assert_eq!(audit.detail["after"]["status"], "complete");
    assert_eq!(audit.detail["after"]["note"], XSS);

    // A bad evidence reference keeps what was typed, the error beside the field.
    let bad = "period=2031-H2&member=France&measure=I.1&status=complete&version=0&note=kept%20note&evidence=nonsense";
    let page = analyst
        .post_form(&site, &format!("{work}/statuses"), bad)
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"status-evidence-error\""));
    assert!(page.body.contains("kept note"));

    // Setting up in the browser is for editors: analysts get 403; removing a measure with
    // statuses is refused; a measure renamed keeps its statuses.
    let refused = analyst
        .post_form(
            &site,
            &format!("{work}/sections"),
            "version=5&kind=pillar&number=II&title=x",
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let version = json(&editor.send_json(&site, "GET", &base, "").await)["version"]
        .as_i64()
        .unwrap();
    let page = editor
        .post_form(
            &site,
            &format!("{work}/measures/I.1/remove"),
            &format!("version={version}&form=measure-1"),
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    let page = editor
        .post_form(
            &site,
            &format!("{work}/measures/I.1"),
            &format!("version={version}&form=measure-1&code=I.1bis&text=Train%20officers"),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let listed = editor
        .send_json(
            &site,
            "GET",
            &format!("{base}/periods/2031-H2/statuses"),
            "",
        )
        .await;
    assert_eq!(json(&listed)[0]["measure"], "I.1bis");

    // A plan created in the browser with a script title renders it as text.
    let page = editor
        .post_form(
            &site,
            "/workspace/plans",
            &format!(
                "institution=T7&title={}&members=Canada&observers=&rhythm=yearly",
                urlencode(XSS)
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    escaped(&editor.get(&site, &location).await);
    escaped(&editor.get(&site, "/workspace/plans").await);
    let page = editor
        .post_form(
            &site,
            "/workspace/plans",
            "institution=T7&title=No%20members&members=",
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"create-members-error\""));
    assert!(page.body.contains("value=\"No members\""));
    assert_eq!(
        site.get("/workspace/plans").await.status,
        StatusCode::SEE_OTHER
    );
}
