//! Score matrices from CSV, wide and long, through the command line.

use crate::harness::{Workdir, path_str};

#[test]
fn wide_sheet_imports_and_prints_exact_tables() {
    let w = Workdir::new();
    let f = w.write(
        "b.csv",
        "commitment,title,area,Canada,France,Japan\n1,Alpha,Trade,+1,0,−1\n2,Beta,Health,1,n/a,\n",
    );
    w.ok(&["import", "scores", path_str(&f), "--cycle", "Test"]);
    let j = w
        .ok(&["scores", "--cycle", "Test", "--format", "json"])
        .json();
    let c = &j["commitments"];
    assert_eq!(c[0]["average"], "0.00");
    assert_eq!(c[0]["percent"], 50);
    assert_eq!(c[0]["scores"]["Japan"], -1);
    assert_eq!(c[1]["scores"]["France"], "n/a");
    assert_eq!(c[1]["scores"]["Japan"], serde_json::Value::Null);
    assert_eq!(c[1]["average"], "+1.00");
    assert_eq!(
        j["overall"]["average"], "+0.25",
        "1/4: n/a and not assessed do not count"
    );
    assert_eq!(j["overall"]["percent"], 63);

    let csv = w
        .ok(&["scores", "--cycle", "Test", "--format", "csv"])
        .stdout;
    assert!(
        csv.starts_with("commitment,title,area,Canada,France,Japan,average,percent"),
        "{csv}"
    );
    let table = w.ok(&["scores", "--cycle", "Test"]).stdout;
    assert!(
        table.contains("Overall (all scored cells): +0.25 (63%)"),
        "{table}"
    );
}

#[test]
fn exported_csv_reimports_unchanged() {
    let w = Workdir::new();
    let f = w.write("b.csv", "commitment,Canada,France\n1,+1,0\n2,-1,n/a\n");
    w.ok(&["import", "scores", path_str(&f), "--cycle", "T"]);
    let csv = w.ok(&["scores", "--cycle", "T", "--format", "csv"]).stdout;
    let g = w.write("again.csv", &csv);
    let before = w.ok(&["scores", "--cycle", "T", "--format", "json"]).stdout;
    w.ok(&["import", "scores", path_str(&g), "--cycle", "T"]);
    assert_eq!(
        before,
        w.ok(&["scores", "--cycle", "T", "--format", "json"]).stdout
    );
}

#[test]
fn long_sheet_and_rejections_name_the_row() {
    let w = Workdir::new();
    let f = w.write(
        "long.csv",
        "commitment,member,score\n7,Canada,+1\n7,France,0\n",
    );
    w.ok(&["import", "scores", path_str(&f), "--cycle", "L"]);
    let before = w.ok(&["scores", "--cycle", "L", "--format", "json"]).stdout;
    for (name, body, needle) in [
        (
            "dup.csv",
            "commitment,member,score\n7,Canada,0\n7,Canada,-1\n",
            "3",
        ),
        ("value.csv", "commitment,member,score\n7,Canada,2\n", "2"),
        ("ragged.csv", "commitment,Canada,France\n7,0\n", "2"),
    ] {
        let g = w.write(name, body);
        let r = w.run(&["import", "scores", path_str(&g), "--cycle", "L"]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(name) && r.stderr.contains(needle),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(
            before,
            w.ok(&["scores", "--cycle", "L", "--format", "json"]).stdout,
            "{name}"
        );
    }
}

#[test]
fn a_score_sheet_can_name_the_cycles_institution() {
    let w = Workdir::new();
    let f = w.write("b.csv", "commitment,Canada,France\n1,+1,0\n");
    w.ok(&["import", "scores", path_str(&f), "--cycle", "T"]);
    assert!(
        w.ok(&["cycles"])
            .stdout
            .starts_with("T\t-\tno period\t-\t-\t")
    );
    w.ok(&[
        "import",
        "scores",
        path_str(&f),
        "--cycle",
        "T",
        "--institution",
        "G20",
    ]);
    let cycles = w.ok(&["cycles"]).stdout;
    assert!(cycles.starts_with("T\t-\tno period\tG20\t-\t"), "{cycles}");
    let j = w.ok(&["export", "--cycle", "T", "--format", "json"]).json();
    assert_eq!(j["cycles"][0]["institution"], "G20");
    assert_eq!(j["cycles"][0]["summit"], serde_json::Value::Null);
    assert_eq!(j["cycles"][0]["people"], serde_json::json!([]));
}

/// Table B as `report --format csv --table b` exports it (figure columns, member rows along the
/// bottom, overall) is a score sheet: imported into an empty database it gives the same scores.
#[test]
fn the_table_b_export_imports_into_an_empty_database_with_the_same_scores() {
    let (files, cycle) = match crate::harness::seeds_dir() {
        Some(seeds) => (
            vec![
                seeds.join("000_1b5db1f3beaa7658.txt"),
                seeds.join("001_be85ca2343117b4d.txt"),
            ],
            "2024 G7 Apulia Summit Final",
        ),
        None => (
            vec![std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/demo/demo-report.md"
            ))],
            "2024 G7 Apulia Summit Demo Final",
        ),
    };
    let source = Workdir::new();
    let mut args = vec!["import", "report"];
    args.extend(files.iter().map(|f| path_str(f)));
    source.ok(&args);
    // n/a, not assessed and a corrected score, so every cell state goes through.
    let q = source.write(
        "q.csv",
        "commitment,member,score\n18,Canada,0\n19,France,n/a\n19,Japan,\n",
    );
    source.ok(&["import", "scores", path_str(&q), "--cycle", cycle]);
    let table_b = source
        .ok(&[
            "report", "--cycle", cycle, "--format", "csv", "--table", "b",
        ])
        .stdout;
    assert!(table_b.contains("\nmember average,"), "{table_b}");

    let empty = Workdir::new();
    let f = empty.write("b.csv", &table_b);
    empty.ok(&["import", "scores", path_str(&f), "--cycle", cycle]);
    assert_eq!(
        source
            .ok(&["scores", "--cycle", cycle, "--format", "json"])
            .stdout,
        empty
            .ok(&["scores", "--cycle", cycle, "--format", "json"])
            .stdout
    );
}
