//! `pledgewatch audit`: the trail as text, JSON and CSV, filtered by object and person; bad
//! flags exit 2 before anything is read.

use crate::harness::Workdir;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/demo-report.md");
const CYCLE: &str = "2024 G7 Apulia Summit Demo Final";

/// The demo report imported by `cli`, an analyst added and assigned to 18 / Canada.
fn trail() -> Workdir {
    let w = Workdir::new();
    w.ok(&["import", "report", DEMO]);
    w.ok(&["user", "add", "Ana Analyst", "--role", "analyst"]);
    w.ok(&[
        "user",
        "assign",
        "Ana Analyst",
        "--cycle",
        CYCLE,
        "--commitment",
        "18",
        "--member",
        "Canada",
    ]);
    w
}

#[test]
fn the_object_filter_takes_a_commitment_and_its_assessments() {
    let w = trail();
    let object = format!("{CYCLE}/18");
    let run = w.ok(&["audit", "--object", &object, "--format", "json"]);
    let records = run.json()["records"].as_array().expect("records").clone();
    let objects: Vec<&str> = records
        .iter()
        .map(|r| r["object"].as_str().expect("object"))
        .collect();
    assert!(
        objects.contains(&format!("{CYCLE}/18/Canada").as_str()),
        "{objects:?}"
    );
    assert!(objects.contains(&object.as_str()), "{objects:?}");
    assert!(
        objects
            .iter()
            .all(|o| *o == object || o.starts_with(&format!("{object}/"))),
        "nothing outside 18: {objects:?}"
    );
    assert_eq!(records[0]["action"], "assignment.add", "newest first");
    assert_eq!(records[0]["detail"]["after"]["account"], "Ana Analyst");

    let exact = w.ok(&["audit", "--object", &object, "--exact", "--format", "json"]);
    let exact = exact.json();
    assert!(
        exact["records"]
            .as_array()
            .expect("records")
            .iter()
            .all(|r| r["object"] == object.as_str())
    );
}

#[test]
fn text_and_csv_show_each_record_once_with_before_and_after() {
    let w = trail();
    let all = w.ok(&["audit", "--format", "json"]).json()["records"]
        .as_array()
        .expect("records")
        .len();
    assert!(all >= 4, "cycle, two chapters, account, assignment");

    let csv = w.ok(&["audit", "--format", "csv"]).stdout;
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "id,at,actor,action,object,before,after,detail");
    assert_eq!(lines.len(), all + 1, "one row per record");
    let assignment = lines
        .iter()
        .find(|l| l.contains("\"assignment.add\""))
        .expect("the assignment's row");
    // No before (it is new), the after as JSON.
    assert!(
        assignment.contains(",\"\",\"{\"\"account\"\":\"\"Ana Analyst\"\""),
        "{assignment}"
    );

    let text = w.ok(&["audit", "--action", "assignment.add"]).stdout;
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains(&format!(
        "assignment.add  {CYCLE}/18/Canada  account: Ana Analyst"
    )));

    let by_cli = w
        .ok(&["audit", "--actor", "cli", "--format", "json"])
        .json();
    assert_eq!(by_cli["records"].as_array().expect("records").len(), all);
    let nobody = w.ok(&["audit", "--actor", "nobody"]).stdout;
    assert!(nobody.is_empty());
}

#[test]
fn bad_dates_exit_2_and_name_the_flag() {
    let w = trail();
    let run = w.run(&["audit", "--from", "1 May"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--from"), "{}", run.stderr);
    let run = w.run(&["audit", "--from", "2026-05-02", "--to", "2026-05-01"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--to"), "{}", run.stderr);

    let missing = Workdir::new();
    let run = missing.run(&["audit"]);
    assert_eq!(run.code, 2, "no database: {}", run.stderr);
    assert!(!missing.db().exists(), "reading creates no database");
}
