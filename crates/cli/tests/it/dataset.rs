//! `import dataset`: an export imported into an empty database exports again byte for byte; bad
//! JSON is refused with its line and column, and nothing is written.

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
