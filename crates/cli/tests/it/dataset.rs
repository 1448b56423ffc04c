//! `import dataset`: an export imported into an empty database exports again byte for byte
//! (corrected scores and commitments known only from a score sheet included); bad JSON is refused
//! with its line and column, anything listed twice with its place, and nothing is written.

use std::path::PathBuf;

use crate::harness::{Workdir, path_str, seeds_dir};

/// The report files to start from: the seeds, or the demo report when they are absent.
fn sources() -> (Vec<PathBuf>, &'static str) {
    match seeds_dir() {
        Some(seeds) => (
            vec![
                seeds.join("000_1b5db1f3beaa7658.txt"),
                seeds.join("001_be85ca2343117b4d.txt"),
            ],
            "2024 G7 Apulia Summit Final",
        ),
        None => {
            eprintln!("using the demo report instead of the seeds");
            (
                vec![PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/demo/demo-report.md"
                ))],
                "2024 G7 Apulia Summit Demo Final",
            )
        }
    }
}

#[test]
fn an_export_imported_into_an_empty_database_exports_identically() {
    let (files, cycle) = sources();
    let first = Workdir::new();
    let mut args = vec!["import", "report"];
    args.extend(files.iter().map(|f| path_str(f)));
    first.ok(&args);
    let export = first
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .stdout;
    assert!(export.contains("\"evidence\""));

    let second = Workdir::new();
    let file = second.write("dataset.json", &export);
    let r = second.ok(&["import", "dataset", path_str(&file)]);
    assert!(r.stdout.contains(cycle), "{}", r.stdout);
    let again = second
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .stdout;
    assert!(export == again, "the second export differs from the first");
    // Scores come through too.
    let a = first
        .ok(&["scores", "--cycle", cycle, "--format", "json"])
        .stdout;
    let b = second
        .ok(&["scores", "--cycle", cycle, "--format", "json"])
        .stdout;
    assert_eq!(a, b);
}

/// Exports `cycle` of `from`, imports it into `into`, and checks that `into` exports it and
/// scores it identically.
fn round_trip(from: &Workdir, into: &Workdir, cycle: &str) {
    let export = from
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .stdout;
    let file = into.write("dataset.json", &export);
    into.ok(&["import", "dataset", path_str(&file)]);
    let again = into
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .stdout;
    assert!(
        export == again,
        "{cycle}: the second export differs from the first:\n{export}\n---\n{again}"
    );
    for format in ["json", "csv"] {
        assert_eq!(
            from.ok(&["scores", "--cycle", cycle, "--format", format])
                .stdout,
            into.ok(&["scores", "--cycle", cycle, "--format", format])
                .stdout,
            "{cycle}: scores --format {format}"
        );
    }
    // Importing it again changes nothing.
    let file = into.write("dataset.json", &again);
    into.ok(&["import", "dataset", path_str(&file)]);
    assert_eq!(
        again,
        into.ok(&["export", "--cycle", cycle, "--format", "json"])
            .stdout
    );
}

#[test]
fn stored_scores_and_score_sheet_commitments_survive_the_round_trip() {
    let (files, cycle) = sources();
    let first = Workdir::new();
    let mut args = vec!["import", "report"];
    args.extend(files.iter().map(|f| path_str(f)));
    first.ok(&args);
    // A score corrected after publication, a cleared cell, and a commitment with no chapter.
    let q = first.write(
        "q.csv",
        "commitment,member,score\n18,Canada,0\n19,France,\n20,Canada,n/a\n20,Japan,+1\n",
    );
    first.ok(&["import", "scores", path_str(&q), "--cycle", cycle]);
    // A cycle made only of a score sheet, with a member never scored.
    let wide = first.write(
        "wide.csv",
        "commitment,title,area,Canada,France,Japan\n1,Alpha,Trade,+1,0,\u{2212}1\n2,Beta,Health,1,n/a,\n3,Gamma,Energy,,,\n",
    );
    first.ok(&["import", "scores", path_str(&wide), "--cycle", "W"]);

    let export = first
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .json();
    let commitments = export["cycles"][0]["commitments"]
        .as_array()
        .expect("commitments");
    assert_eq!(commitments.len(), 3, "18, 19 and the sheet's 20");
    assert_eq!(commitments[2]["text"], serde_json::Value::Null);

    let second = Workdir::new();
    round_trip(&first, &second, cycle);
    round_trip(&first, &second, "W");
}

#[test]
fn anything_listed_twice_is_refused_naming_its_place_and_nothing_is_written() {
    let (files, cycle) = sources();
    let first = Workdir::new();
    let mut args = vec!["import", "report"];
    args.extend(files.iter().map(|f| path_str(f)));
    first.ok(&args);
    let export = first
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .json();

    let w = Workdir::new();
    let mut doubled = export.clone();
    let list = doubled["cycles"][0]["commitments"]
        .as_array_mut()
        .expect("commitments");
    let first_commitment = list[0].clone();
    list.push(first_commitment);
    let file = w.write("doubled.json", doubled.to_string());
    let r = w.run(&["import", "dataset", path_str(&file)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cycles[0].commitments[2].code"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("cycles[0].commitments[0].code"),
        "{}",
        r.stderr
    );
    assert!(!w.db().exists(), "no database was created");

    let mut twice = export.clone();
    let a = twice["cycles"][0]["commitments"][0]["assessments"][0].clone();
    if let Some(list) = twice["cycles"][0]["commitments"][0]["assessments"].as_array_mut() {
        list.push(a);
    }
    let file = w.write("member.json", twice.to_string());
    let r = w.run(&["import", "dataset", path_str(&file)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cycles[0].commitments[0].assessments[8].member"),
        "{}",
        r.stderr
    );
    assert!(!w.db().exists());
}

#[test]
fn bad_json_names_line_and_column_and_writes_nothing() {
    let w = Workdir::new();
    let file = w.write(
        "bad.json",
        "{\n  \"cycles\": [\n    {\"name\": \"X\",,}\n  ]\n}\n",
    );
    let r = w.run(&["import", "dataset", path_str(&file)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad.json"), "{}", r.stderr);
    assert!(r.stderr.contains("line 3"), "{}", r.stderr);
    assert!(r.stderr.contains("column"), "{}", r.stderr);
    assert!(!w.db().exists(), "no database was created");

    let wrong = w.write("wrong.json", "{\"cycles\": [{\"name\": \"X\"}]}");
    let r = w.run(&["import", "dataset", path_str(&wrong)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing field"), "{}", r.stderr);
    assert!(!w.db().exists());
}
