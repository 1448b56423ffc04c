//! Saving a rubric runs the checker and the what-if first: on the commitment's workspace page
//! "Check" shows the findings (with example codings) and the assessments whose suggested score
//! would change, keeping what was typed, and "Save" then saves; over the API `PUT …/rubric`
//! answers with both, and `?dry_run=true` saves nothing. Over the coded fixture, whose
//! commitment 19 has the example rubric of seed chapter 19 (a gap and overlaps).

use axum::http::StatusCode;
use pledgewatch_domain::Score;
use pledgewatch_domain::access::Role;
use serde_json::Value;

use crate::accounts::{Session, sign_in, urlencode};
use crate::coded::{CODE, RUBRIC_19, coded_site, rubric_19};
use crate::fixture::{CYCLE, SLUG, Site};

fn commitment_page() -> String {
    format!("/workspace/cycles/{SLUG}/commitments/{CODE}")
}

fn rubric_api() -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/rubric")
}

#[track_caller]
fn assert_contains(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(body.contains(needle), "missing {needle:?} in\n{body}");
    }
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Chapter 19's rubric with "strong in all 4" giving 0: Canada's suggestion goes from +1 to 0,
/// and the gap and the overlaps stay.
fn changed_toml() -> String {
    let changed = RUBRIC_19.replace(
        "name = \"strong in all 4\"\nscore = 1",
        "name = \"strong in all 4\"\nscore = 0",
    );
    assert_ne!(changed, RUBRIC_19);
    changed
}

fn changed_json(version: u32) -> String {
    let mut rubric = rubric_19();
    rubric.version = version;
    let rule = rubric
        .rules
        .iter_mut()
        .find(|r| r.name == "strong in all 4")
        .expect("the rule");
    rule.score = Score::Partial;
    serde_json::to_string(&rubric).expect("JSON")
}

async fn history(site: &Site) -> Vec<u32> {
    site.store
        .rubric_history(CYCLE, CODE)
        .await
        .expect("history")
        .into_iter()
        .map(|h| h.version)
        .collect()
}

async fn editor(site: &Site) -> Session {
    sign_in(site, "Eda Editor", Role::Editor).await
}

#[tokio::test]
async fn checking_on_the_page_shows_findings_and_what_if_and_saves_nothing() {
    let site = coded_site().await;
    let editor = editor(&site).await;
    let page = editor.get(&site, &commitment_page()).await;
    // Before any check there is only the Check button.
    assert_contains(
        &page.body,
        &["<button type=\"submit\" name=\"step\" value=\"check\">Check the rubric"],
    );
    assert!(!page.body.contains("value=\"save\""), "{}", page.body);
    let last_change = site.store.last_change().await.expect("last change");

    let typed = changed_toml();
    let checked = editor
        .post_form(
            &site,
            &format!("{}/rubric", commitment_page()),
            &form(&[("base", "1"), ("rubric", &typed), ("step", "check")]),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_contains(
        &checked.body,
        &[
            "<h3 id=\"rubric-preview\">Checked, not saved yet: compared with version 1</h3>",
            // The checker's findings, each with its example coding.
            "Gap: no score.</strong> gap: ",
            "strong in 0, weak in 2, no action in 2 dimensions",
            "Overlap: two scores.</strong> overlap: ",
            "<caption>Example coding</caption>",
            // The what-if: Canada's suggestion goes from +1 to 0.
            "<tr><th scope=\"row\">Canada</th><td class=\"cell\">0</td>",
            "<td><strong>+1</strong><br><span class=\"note\">",
            "<td>\u{2192} <strong>0</strong><br><span class=\"note\">",
            // What was typed stays in the box, and now it can be saved.
            "name = &#34;strong in all 4&#34;\nscore = 0",
            "<button type=\"submit\" name=\"step\" value=\"save\">Save as rubric version 2</button>",
        ],
    );
    assert_eq!(history(&site).await, [1], "checking saved a version");
    assert_eq!(site.store.last_change().await.unwrap(), last_change);

    // The chapter-19 rubric sent without naming a step is only checked, never saved silently.
    let unnamed = editor
        .post_form(
            &site,
            &format!("{}/rubric", commitment_page()),
            &form(&[("base", "1"), ("rubric", &typed)]),
        )
        .await;
    assert_eq!(unnamed.status, StatusCode::OK);
    assert_contains(&unnamed.body, &["Gap: no score.", "Checked, not saved yet"]);
    assert_eq!(history(&site).await, [1]);

    // Save: a rubric with findings is saved all the same, and its findings stay on the page.
    let saved = editor
        .post_form(
            &site,
            &format!("{}/rubric", commitment_page()),
            &form(&[("base", "1"), ("rubric", &typed), ("step", "save")]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(history(&site).await, [1, 2]);
    let page = editor.get(&site, &commitment_page()).await;
    assert_contains(
        &page.body,
        &[
            "<summary>What the checker finds in version 2</summary>",
            "Gap: no score.",
        ],
    );

    // Checking against version 1 now that version 2 exists is stale: 409, nothing saved.
    let stale = editor
        .post_form(
            &site,
            &format!("{}/rubric", commitment_page()),
            &form(&[("base", "1"), ("rubric", RUBRIC_19), ("step", "check")]),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(history(&site).await, [1, 2]);
}

#[tokio::test]
async fn the_dimensions_form_is_checked_before_it_is_saved() {
    let site = coded_site().await;
    let editor = editor(&site).await;
    let rubric = rubric_19();
    let mut fields: Vec<(String, String)> = vec![("base".into(), "1".into())];
    for (i, d) in rubric.dimensions.iter().enumerate() {
        let name = if i == 0 {
            "Preventing, renamed"
        } else {
            &d.name
        };
        fields.push((format!("dim_key_{i}"), d.key.clone()));
        fields.push((format!("dim_name_{i}"), name.to_string()));
        fields.push((format!("dim_description_{i}"), d.description.clone()));
    }
    let pairs = |step: &str| {
        let mut all: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.push(("step", step));
        form(&all)
    };
    let uri = format!("{}/dimensions", commitment_page());
    let checked = editor.post_form(&site, &uri, &pairs("check")).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_contains(
        &checked.body,
        &[
            "<h3 id=\"dimensions-preview\">Checked, not saved yet: compared with version 1</h3>",
            "Gap: no score.",
            "No assessment would get another suggested score.",
            "value=\"Preventing, renamed\"",
            "<button type=\"submit\" name=\"step\" value=\"save\">Save the dimensions as rubric version 2</button>",
        ],
    );
    assert_eq!(history(&site).await, [1]);
    let saved = editor.post_form(&site, &uri, &pairs("save")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(history(&site).await, [1, 2]);
    let stored = site.store.rubric(CYCLE, CODE, None).await.unwrap().unwrap();
    assert_eq!(stored.dimensions[0].name, "Preventing, renamed");
    assert_eq!(stored.rules, rubric.rules, "the rules are kept");
}

#[tokio::test]
async fn the_api_answers_a_save_with_the_check_and_the_what_if_and_can_dry_run() {
    let site = coded_site().await;
    let editor = editor(&site).await;
    let last_change = site.store.last_change().await.expect("last change");
    let dry = editor
        .send_json(
            &site,
            "PUT",
            &format!("{}?dry_run=true", rubric_api()),
            &changed_json(1),
        )
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    let dry = json(&dry.body);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["version"], 2, "the version a save would make");
    let check = &dry["check"];
    assert_eq!(check["gaps"], 1, "{check}");
    assert!(check["overlaps"].as_u64().unwrap() >= 1, "{check}");
    assert_eq!(check["complete"], false);
    let gap = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "gap")
        .expect("the gap");
    assert!(gap["example"].is_object(), "{gap}");
    let whatif = &dry["whatif"];
    assert_eq!(whatif["against_version"], 1);
    assert_eq!(whatif["changed"].as_array().unwrap().len(), 1, "{whatif}");
    assert_eq!(whatif["changed"][0]["member"], "Canada");
    assert_eq!(whatif["changed"][0]["before"]["score"], 1);
    assert_eq!(whatif["changed"][0]["after"]["score"], 0);
    assert_eq!(whatif["not_ready"], 2, "France and Germany wait");
    assert_eq!(history(&site).await, [1], "a dry run saved a version");
    assert_eq!(site.store.last_change().await.unwrap(), last_change);

    let bad = editor
        .send_json(
            &site,
            "PUT",
            &format!("{}?dry_run=perhaps", rubric_api()),
            &changed_json(1),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(json(&bad.body)["error"]["field"], "dry_run");

    let saved = editor
        .send_json(&site, "PUT", &rubric_api(), &changed_json(1))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let saved = json(&saved.body);
    assert_eq!(saved["dry_run"], false);
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["check"]["gaps"], 1);
    assert_eq!(saved["whatif"]["changed"][0]["member"], "Canada");
    assert_eq!(history(&site).await, [1, 2]);

    // Readers keep the published version 1; the editor reads the saved version 2 back, edits it
    // and sends it with its own version, as a script would.
    let public = site.get(&rubric_api()).await;
    assert_eq!(json(&public.body)["version"], 1);
    let working = editor
        .get(&site, &format!("{}/working", rubric_api()))
        .await;
    assert_eq!(working.status, StatusCode::OK, "{}", working.body);
    let working = json(&working.body);
    assert_eq!(working["version"], 2);
    assert_eq!(working["newest_version"], 2);
    assert_eq!(working["rubric"]["version"], 2);
    let unsigned = site.get(&format!("{}/working", rubric_api())).await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);

    // A dry run over the old version is stale, as the save would be.
    let stale = editor
        .send_json(
            &site,
            "PUT",
            &format!("{}?dry_run=true", rubric_api()),
            &changed_json(1),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(json(&stale.body)["error"]["code"], "stale");
    // The same rubric again over version 2: nothing would change, nothing is saved.
    let same = editor
        .send_json(
            &site,
            "PUT",
            &format!("{}?dry_run=true", rubric_api()),
            &changed_json(2),
        )
        .await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.body);
    let same = json(&same.body);
    assert_eq!(same["version"], 2);
    assert_eq!(same["whatif"]["changed"].as_array().unwrap().len(), 0);
    assert_eq!(history(&site).await, [1, 2]);
}
