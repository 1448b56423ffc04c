//! Setting up a cycle in the browser: creating it, its members and commitments, a
//! commitment's working copy, assignments and rubric; who may; stale versions; refused forms
//! keeping what was typed; script payloads rendered inert; the audit trail's before/after.

use axum::http::StatusCode;
use pledgewatch_domain::Verdict;
use pledgewatch_domain::access::Role;

use crate::accounts::{Session, sign_in, urlencode};
use crate::fixture::{Page, Site, site};

const NEW: &str = "2032 Newland Summit Interim";
const SETUP: &str = "/workspace/cycles/2032-newland-summit-interim";
const SCRIPT: &str = "<script>alert(1)</script>";

fn location(page: &Page) -> String {
    page.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The `value` of the first hidden `version` field of a page.
fn version_field(body: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let at = body.find(marker).expect("a version field");
    let rest = &body[at + marker.len()..];
    rest[..rest.find('"').expect("end of value")].to_string()
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The fixture's member codes: Canada, France, Germany.
async fn fixture_codes(site: &Site) -> Vec<String> {
    site.store
        .members(crate::fixture::CYCLE)
        .await
        .expect("members")
        .into_iter()
        .map(|m| m.code)
        .collect()
}

/// Creates the cycle NEW through the form, with three members and two commitments.
async fn set_up_new_cycle(site: &Site, editor: &Session) {
    let created = editor
        .post_form(
            site,
            "/workspace/cycles",
            &form(&[
                ("name", NEW),
                ("institution", "T7"),
                ("summit", "2032 Newland Summit"),
                ("kind", "interim"),
                ("period_start", "2032-06-10"),
                ("period_end", "2033-01-31"),
                ("convention", "rescaled"),
            ]),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert_eq!(location(&created), SETUP);
    for code in fixture_codes(site).await {
        let page = editor.get(site, SETUP).await;
        assert_eq!(page.status, StatusCode::OK);
        let version = version_field(&page.body);
        let added = editor
            .post_form(
                site,
                &format!("{SETUP}/members"),
                &form(&[("op", "add"), ("member", &code), ("version", &version)]),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    for (code, title) in [("1", "Border Management"), ("2", "Clean Water")] {
        let added = editor
            .post_form(
                site,
                &format!("{SETUP}/commitments"),
                &form(&[("code", code), ("area", "Testing"), ("title", title)]),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        assert_eq!(location(&added), format!("{SETUP}/commitments/{code}"));
    }
}

#[tokio::test]
async fn an_editor_sets_up_a_cycle_whose_every_assessment_exists_unassessed() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    set_up_new_cycle(&site, &editor).await;

    let matrix = site.store.score_matrix(NEW).await.unwrap().expect("cycle");
    let members: Vec<&str> = matrix.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["Canada", "France", "Germany"]);
    assert_eq!(matrix.rows.len(), 2);
    for row in &matrix.rows {
        assert_eq!(row.cells, vec![Verdict::NotAssessed; 3]);
        for member in ["Canada", "France", "Germany"] {
            assert!(
                site.store
                    .locate_assessment(NEW, &row.code, member)
                    .await
                    .unwrap()
                    .is_some(),
                "assessment {}/{member}",
                row.code
            );
        }
    }
    let cycle = site.store.cycle(NEW).await.unwrap().unwrap();
    assert_eq!(cycle.institution.as_deref(), Some("T7"));
    assert_eq!(cycle.period.unwrap().to_string(), "2032-06-10..2033-01-31");

    // Moving Germany up.
    let codes = fixture_codes(&site).await;
    let page = editor.get(&site, SETUP).await;
    let moved = editor
        .post_form(
            &site,
            &format!("{SETUP}/members"),
            &form(&[
                ("op", "up"),
                ("member", &codes[2]),
                ("version", &version_field(&page.body)),
            ]),
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let order: Vec<String> = site
        .store
        .members(NEW)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(
        order,
        [codes[0].clone(), codes[2].clone(), codes[1].clone()]
    );

    // The fixture cycle's Canada has scores: it cannot leave, and nothing changes.
    let fixture = editor
        .get(&site, "/workspace/cycles/2031-testland-summit-final")
        .await;
    assert_eq!(fixture.status, StatusCode::OK);
    assert!(!fixture.body.contains("Remove Canada"));
    let refused = editor
        .post_form(
            &site,
            "/workspace/cycles/2031-testland-summit-final/members",
            &form(&[
                ("op", "remove"),
                ("member", &codes[0]),
                ("version", &version_field(&fixture.body)),
            ]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"members-error\""));
    assert!(refused.body.contains("Canada cannot leave the cycle"));
    assert_eq!(
        site.store
            .members(crate::fixture::CYCLE)
            .await
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn a_lead_assigns_an_analyst_who_then_sees_the_assessment() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    set_up_new_cycle(&site, &editor).await;
    let lead = sign_in(&site, "Lee Lead", Role::Lead).await;
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;

    // The editor makes Lee the lead analyst of commitment 1 through the assignment form.
    let commitment = format!("{SETUP}/commitments/1");
    let made_lead = editor
        .post_form(
            &site,
            &format!("{commitment}/assignments"),
            &form(&[("op", "assign"), ("account", "Lee Lead")]),
        )
        .await;
    assert_eq!(
        made_lead.status,
        StatusCode::SEE_OTHER,
        "{}",
        made_lead.body
    );

    // Lee's page has the assignment table; Lee assigns Ana to France.
    let fra = fixture_codes(&site).await[1].clone();
    let page = lead.get(&site, &commitment).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Analysts by member"));
    let assigned = lead
        .post_form(
            &site,
            &format!("{commitment}/assignments"),
            &form(&[
                ("op", "assign"),
                ("account", "Ana Analyst"),
                ("member", &fra),
            ]),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    let workspace = analyst.get(&site, "/workspace").await;
    assert!(
        workspace.body.contains("Commitment 1: France"),
        "{}",
        workspace.body
    );

    // An analyst cannot be given the whole commitment: the reason is shown, nothing stored.
    let refused = lead
        .post_form(
            &site,
            &format!("{commitment}/assignments"),
            &form(&[("op", "assign"), ("account", "Ana Analyst")]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"assignment-error\""));

    // Lee leads commitment 1 only: commitment 2 and the cycle's setup are refused.
    assert_eq!(
        lead.get(&site, &format!("{SETUP}/commitments/2"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(lead.get(&site, SETUP).await.status, StatusCode::FORBIDDEN);

    // Unassigning takes it off the analyst's workspace.
    let removed = lead
        .post_form(
            &site,
            &format!("{commitment}/assignments"),
            &form(&[
                ("op", "unassign"),
                ("account", "Ana Analyst"),
                ("member", &fra),
            ]),
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let workspace = analyst.get(&site, "/workspace").await;
    assert!(!workspace.body.contains("Commitment 1: France"));
}

#[tokio::test]
async fn analysts_are_refused_and_readers_are_sent_to_sign_in() {
    let site = site().await;
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    let fixture = "/workspace/cycles/2031-testland-summit-final";
    for uri in [
        "/workspace/cycles",
        fixture,
        "/workspace/cycles/2031-testland-summit-final/commitments/8",
    ] {
        assert_eq!(
            analyst.get(&site, uri).await.status,
            StatusCode::FORBIDDEN,
            "{uri}"
        );
        let reader = site.get(uri).await;
        assert_eq!(reader.status, StatusCode::SEE_OTHER, "{uri}");
        assert!(location(&reader).starts_with("/login?next="), "{uri}");
    }
    let posted = analyst
        .post_form(
            &site,
            fixture,
            &form(&[("name", "Taken over"), ("version", "1")]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert!(
        site.store
            .cycle(crate::fixture::CYCLE)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    set_up_new_cycle(&site, &editor).await;
    let opened = editor.get(&site, SETUP).await;
    let old = version_field(&opened.body);
    let fields = |name: &str, version: &str| {
        form(&[
            ("name", name),
            ("institution", "T7"),
            ("summit", "2032 Newland Summit"),
            ("kind", "final"),
            ("period_start", "2032-06-10"),
            ("period_end", "2033-01-31"),
            ("convention", "rescaled"),
            ("version", version),
        ])
    };
    let first = editor.post_form(&site, SETUP, &fields(NEW, &old)).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = editor
        .post_form(&site, SETUP, &fields("2032 Renamed", &old))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("changed by someone else"));
    assert!(site.store.cycle("2032 Renamed").await.unwrap().is_none());
    let kept = site.store.cycle(NEW).await.unwrap().unwrap();
    assert_eq!(kept.kind.map(|k| k.as_str()), Some("final"));

    // The same for a commitment's working copy.
    let commitment = format!("{SETUP}/commitments/1");
    let page = editor.get(&site, &commitment).await;
    let v = version_field(&page.body);
    let save = |title: &str| {
        form(&[
            ("code", "1"),
            ("title", title),
            ("text", "We commit to test."),
            ("section_background", "Earlier summits."),
            ("version", &v),
        ])
    };
    let ok = editor
        .post_form(&site, &commitment, &save("First title"))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let stale = editor
        .post_form(&site, &commitment, &save("Second title"))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("changed by someone else"));
    let (draft, _) = site
        .store
        .commitment_draft(NEW, "1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(draft.title, "First title");
    assert_eq!(draft.sections.len(), 1);
}

#[tokio::test]
async fn a_reversed_period_is_refused_next_to_the_field_keeping_what_was_typed() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let page = editor
        .post_form(
            &site,
            "/workspace/cycles",
            &form(&[
                ("name", "2040 Typed Summit"),
                ("institution", "Typed Group"),
                ("period_start", "2040-06-01"),
                ("period_end", "2040-01-01"),
                ("convention", "legacy"),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("value=\"2040 Typed Summit\""));
    assert!(page.body.contains("value=\"Typed Group\""));
    assert!(page.body.contains("value=\"2040-06-01\""));
    assert!(page.body.contains("value=\"2040-01-01\""));
    assert!(
        page.body
            .contains("<p class=\"field-error\" id=\"period_end-error\">")
    );
    assert!(page.body.contains("aria-describedby=\"period_end-error\""));
    assert!(page.body.contains("value=\"legacy\" checked"));
    assert!(
        site.store
            .cycle("2040 Typed Summit")
            .await
            .unwrap()
            .is_none()
    );

    // A taken name is refused on the name field.
    let taken = editor
        .post_form(
            &site,
            "/workspace/cycles",
            &form(&[("name", crate::fixture::CYCLE)]),
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("id=\"name-error\""));
}

#[tokio::test]
async fn script_in_every_text_field_renders_inert_and_the_audit_has_before_and_after() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let created = editor
        .post_form(
            &site,
            "/workspace/cycles",
            &form(&[
                ("name", &format!("2033 {SCRIPT}")),
                ("institution", SCRIPT),
                ("summit", &format!("2033 {SCRIPT}")),
            ]),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let setup = location(&created);
    let added = editor
        .post_form(
            &site,
            &format!("{setup}/commitments"),
            &form(&[("code", "5"), ("area", SCRIPT), ("title", SCRIPT)]),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let commitment = location(&added);
    let page = editor.get(&site, &commitment).await;
    let mut fields = vec![
        ("code", "5".to_string()),
        ("area", SCRIPT.to_string()),
        ("title", SCRIPT.to_string()),
        ("text", SCRIPT.to_string()),
        ("source", SCRIPT.to_string()),
        ("director", SCRIPT.to_string()),
        ("lead_analyst", SCRIPT.to_string()),
        ("version", version_field(&page.body)),
    ];
    for key in [
        "background",
        "commitment_features",
        "definitions_and_concepts",
        "general_interpretive_guidelines",
        "scoring_guidelines",
    ] {
        fields.push((
            Box::leak(format!("section_{key}").into_boxed_str()),
            SCRIPT.to_string(),
        ));
    }
    let body: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = editor.post_form(&site, &commitment, &form(&body)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let rubric = format!(
        "version = 1\n\n[[dimension]]\nkey = \"act\"\nname = \"{s}\"\ndescription = \"{s}\"\n\
         strong_examples = [\"{s}\"]\nweak_examples = [\"{s}\"]\n\n\
         [[rule]]\nname = \"strong\"\nscore = 1\nstrong = 1\n\n\
         [[rule]]\nname = \"not strong\"\nscore = 0\nstrong = 0\n",
        s = SCRIPT
    );
    let saved = editor
        .post_form(
            &site,
            &format!("{commitment}/rubric"),
            &form(&[("base", ""), ("rubric", &rubric), ("step", "save")]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // The dimensions form: a renamed dimension and a new one make version 2, rules kept.
    let dims = editor
        .post_form(
            &site,
            &format!("{commitment}/dimensions"),
            &form(&[
                ("step", "save"),
                ("base", "1"),
                ("dim_key_0", "act"),
                ("dim_name_0", SCRIPT),
                ("dim_description_0", SCRIPT),
                ("dim_strong_0", &format!("{SCRIPT}\nAnother")),
                ("dim_weak_0", ""),
                ("dim_key_1", "fund"),
                ("dim_name_1", "Funding"),
                ("dim_description_1", ""),
                ("dim_strong_1", ""),
                ("dim_weak_1", ""),
            ]),
        )
        .await;
    assert_eq!(dims.status, StatusCode::SEE_OTHER, "{}", dims.body);
    let cycle_name = format!("2033 {SCRIPT}");
    let stored = site
        .store
        .rubric(&cycle_name, "5", None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.dimensions[0].name, SCRIPT);
    assert_eq!(stored.dimensions[0].strong_examples.len(), 2);
    assert_eq!(stored.dimensions[1].key, "fund");
    assert_eq!(stored.rules.len(), 2);
    let twice = editor
        .post_form(
            &site,
            &format!("{commitment}/dimensions"),
            &form(&[
                ("base", "2"),
                ("dim_key_0", "act"),
                ("dim_name_0", "A"),
                ("dim_key_1", "act"),
                ("dim_name_1", "B"),
            ]),
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("id=\"dimensions-error\""));
    assert!(twice.body.contains("value=\"B\""), "keeps what was typed");
    let stale = editor
        .post_form(
            &site,
            &format!("{commitment}/dimensions"),
            &form(&[("base", "1"), ("dim_key_0", "act"), ("dim_name_0", "A")]),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    for uri in ["/workspace/cycles", setup.as_str(), commitment.as_str()] {
        let page = editor.get(&site, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains(SCRIPT), "{uri} holds a live script");
        assert!(
            page.body
                .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
                || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{uri}"
        );
    }

    // A rubric with a problem is shown again with the problem next to it; nothing saved.
    let broken = editor
        .post_form(
            &site,
            &format!("{commitment}/rubric"),
            &form(&[
                ("base", "1"),
                ("rubric", "version = 1\n[[rule]]\nname = \"x\"\n"),
            ]),
        )
        .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("id=\"rubric-error\""));
    assert_eq!(
        site.store
            .rubric_history(&cycle_name, "5")
            .await
            .unwrap()
            .len(),
        2
    );

    let records = site.store.audit_log(50).await.unwrap();
    for action in ["cycle.create", "commitment.create", "commitment.update"] {
        let record = records
            .iter()
            .find(|r| r.action == action)
            .unwrap_or_else(|| panic!("no {action} record"));
        assert_eq!(record.actor, "Eda Editor");
        assert!(record.detail.get("before").is_some(), "{action}");
        assert!(record.detail.get("after").is_some(), "{action}");
    }
    let update = records
        .iter()
        .find(|r| r.action == "commitment.update")
        .unwrap();
    assert_eq!(update.detail["before"]["title"], SCRIPT);
    assert_eq!(update.detail["after"]["text"], SCRIPT);
    assert_eq!(update.detail["after"]["version"], 2);
}

/// The JSON body of a page.
fn json(page: &Page) -> serde_json::Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

#[tokio::test]
async fn the_api_sets_up_a_cycle_with_versions_and_json_errors() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let codes = fixture_codes(&site).await;

    let created = editor
        .send_json(
            &site,
            "POST",
            "/api/v1/cycles",
            r#"{"name": "2034 Api Summit Final", "kind": "final", "institution": "T7",
                "period_start": "2034-06-01", "period_end": "2035-05-31"}"#,
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let created = json(&created);
    assert_eq!(created["slug"], "2034-api-summit-final");
    assert_eq!(created["version"], 1);
    let base = "/api/v1/cycles/2034-api-summit-final";

    let reversed = editor
        .send_json(
            &site,
            "PUT",
            &format!("{base}/setup"),
            r#"{"name": "2034 Api Summit Final", "period_start": "2035-06-01",
                "period_end": "2035-05-31", "version": 1}"#,
        )
        .await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&reversed)["error"]["field"], "period_end");

    let members = editor
        .send_json(
            &site,
            "PUT",
            &format!("{base}/members"),
            &format!(
                r#"{{"members": ["{}", "{}"], "version": 1}}"#,
                codes[0], codes[1]
            ),
        )
        .await;
    assert_eq!(members.status, StatusCode::OK, "{}", members.body);
    assert_eq!(json(&members)["version"], 2);
    let stale = editor
        .send_json(
            &site,
            "PUT",
            &format!("{base}/members"),
            &format!(r#"{{"members": ["{}"], "version": 1}}"#, codes[2]),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(json(&stale)["error"]["code"], "stale");
    assert_eq!(
        site.store
            .members("2034 Api Summit Final")
            .await
            .unwrap()
            .len(),
        2
    );

    let added = editor
        .send_json(
            &site,
            "POST",
            &format!("{base}/commitments"),
            r#"{"code": "3", "title": "Clean Air", "text": "We commit.",
                "sections": [{"kind": "background", "text": "Before."}]}"#,
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(json(&added)["sections"][0]["heading"], "Background");
    let matrix = site
        .store
        .score_matrix("2034 Api Summit Final")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(matrix.rows[0].cells, vec![Verdict::NotAssessed; 2]);

    let commitment = format!("{base}/commitments/3");
    let got = json(&editor.get(&site, &commitment).await);
    assert_eq!(got["version"], 1);
    let bad_kind = editor
        .send_json(
            &site,
            "PUT",
            &commitment,
            r#"{"code": "3", "title": "T", "sections": [{"kind": "preface", "text": "x"}], "version": 1}"#,
        )
        .await;
    assert_eq!(bad_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&bad_kind)["error"]["field"], "sections[0].kind");
    let put = |title: &'static str| {
        format!(r#"{{"code": "3", "title": "{title}", "text": "We commit.", "version": 1}}"#)
    };
    let first = editor
        .send_json(&site, "PUT", &commitment, &put("Cleaner Air"))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = editor
        .send_json(&site, "PUT", &commitment, &put("Clearest Air"))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert_eq!(
        json(&editor.get(&site, &commitment).await)["title"],
        "Cleaner Air"
    );

    // A rubric: a problem is a 422 naming its place; a save over an old version is a 409.
    let rubric = |version: u32, key: &str| {
        format!(
            r#"{{"version": {version}, "dimension": [{{"key": "{key}", "name": "Acting"}}],
                "rule": [{{"name": "strong", "score": 1, "strong": 1}},
                         {{"name": "none", "score": 0, "strong": 0}}]}}"#
        )
    };
    let invalid = editor
        .send_json(
            &site,
            "PUT",
            &format!("{commitment}/rubric"),
            &rubric(1, ""),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&invalid)["error"]["field"], "dimension[1]");
    let saved = editor
        .send_json(
            &site,
            "PUT",
            &format!("{commitment}/rubric"),
            &rubric(1, "act"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(json(&saved)["version"], 1);
    let again = editor
        .send_json(
            &site,
            "PUT",
            &format!("{commitment}/rubric"),
            &rubric(1, "do"),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(json(&again)["version"], 2);
    let over_old = editor
        .send_json(
            &site,
            "PUT",
            &format!("{commitment}/rubric"),
            &rubric(1, "go"),
        )
        .await;
    assert_eq!(over_old.status, StatusCode::CONFLICT);

    // Assignments.
    let hash = pledgewatch_store::hash_password("assignment passphrase").unwrap();
    site.store
        .add_account("Ana Analyst", Role::Analyst, &hash, "test")
        .await
        .unwrap();
    let assignments = format!("{commitment}/assignments");
    let assigned = editor
        .send_json(
            &site,
            "POST",
            &assignments,
            &format!(r#"{{"account": "Ana Analyst", "member": "{}"}}"#, codes[1]),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    assert_eq!(json(&assigned)["assignments"][0]["member"], "France");
    let unknown = editor
        .send_json(&site, "POST", &assignments, r#"{"account": "Nobody"}"#)
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&unknown)["error"]["field"], "account");
    let removed = editor
        .send_json(
            &site,
            "DELETE",
            &assignments,
            &format!(r#"{{"account": "Ana Analyst", "member": "{}"}}"#, codes[1]),
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(json(&removed)["assignments"], serde_json::json!([]));

    // Analysts are refused with JSON; readers are asked to sign in.
    let analyst = crate::accounts::log_in(&site, "Ana Analyst", "assignment passphrase")
        .await
        .expect("signed in");
    let refused = analyst.get(&site, &format!("{base}/setup")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(json(&refused)["error"]["code"], "forbidden");
    let reader = site.get(&format!("{base}/setup")).await;
    assert_eq!(reader.status, StatusCode::UNAUTHORIZED);
    let reader = site.post("/api/v1/cycles", "application/json", "{}").await;
    assert_eq!(reader.status, StatusCode::UNAUTHORIZED);
}
