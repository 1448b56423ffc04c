//! Action plans end to end: seed imports, the walk-through of issue 6 (two periods, statuses,
//! evidence that also serves a summit commitment, a progress report listing exactly the
//! changes), and bad plan files that exit 2 and change nothing.

use serde_json::json;

use crate::harness::{Workdir, path_str};

const DEMO: &str = include_str!("../../demo/demo-report.md");
const CYCLE: &str = "2024 G7 Apulia Summit Demo Final";
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");

/// Our own plan (invented), in the layout of seed 004.
const HARBOUR: &str = "Policy paper

Harbour Group Priority Plan on Safe Harbours for 2030

Published 4 February 2030

Priorities

The Harbour Group priorities for 2030 are:

1. Keep the harbour lights burning

Partners will pool spare lamps so that no harbour goes dark.

2. Share tide tables

Partners will publish tide tables together, including by:

- Printing one common almanac.
- Posting tides at every quay.

3. Train pilots

Partners will open a joint school for harbour pilots.

OGL
";
const TITLE: &str = "Harbour Group Priority Plan on Safe Harbours for 2030";

fn harbour(w: &Workdir) {
    let f = w.write("harbour.txt", HARBOUR);
    w.ok(&[
        "import",
        "plan",
        path_str(&f),
        "--member",
        "Canada",
        "--member",
        "France",
        "--observer",
        "Europol",
    ]);
}

fn state(w: &Workdir) -> (String, String) {
    let plans = w.run(&["plans"]).stdout;
    let export = w.ok(&["export", "--cycle", CYCLE]).stdout;
    (plans, export)
}

#[test]
fn walk_through_two_periods_progress_lists_exactly_the_changes() {
    let w = Workdir::new();
    let demo = w.write("demo.md", DEMO);
    w.ok(&["import", "report", path_str(&demo)]);
    harness_check_show(&w);
    for (label, from, to) in [
        ("2030-H1", "2030-01-01", "2030-06-30"),
        ("2030-H2", "2030-07-01", "2030-12-31"),
    ] {
        w.ok(&[
            "plan", "period", "add", "--plan", TITLE, "--label", label, "--from", from, "--to", to,
        ]);
    }
    let status = |period: &str, member: &str, measure: &str, status: &str, evidence: &[&str]| {
        let mut args = vec![
            "plan",
            "status",
            "--plan",
            TITLE,
            "--period",
            period,
            "--member",
            member,
            "--measure",
            measure,
            "--status",
            status,
        ];
        for e in evidence {
            args.extend(["--evidence", e]);
        }
        w.ok(&args);
    };
    let item = format!("{CYCLE}:18:Canada:1");
    status("2030-H1", "Canada", "1", "in-progress", &[]);
    status("2030-H1", "France", "1", "not-started", &[]);
    // Unchanged in H2: not a change.
    status("2030-H2", "Canada", "1", "in-progress", &[]);
    status("2030-H2", "Canada", "2(a)", "complete", &[&item]);
    status("2030-H2", "France", "1", "substantially-implemented", &[]);
    status("2030-H2", "France", "3", "n/a", &[]);
    w.ok(&[
        "plan",
        "link",
        "--plan",
        TITLE,
        "--measure",
        "2(a)",
        "--cycle",
        CYCLE,
        "--commitment",
        "18",
        "--dimension",
        "partnering",
    ]);

    let report = w
        .ok(&[
            "plan", "progress", "--plan", TITLE, "--period", "2030-H2", "--format", "json",
        ])
        .json();
    assert_eq!(report["previous_period"], "2030-H1");
    assert_eq!(
        report["changes"],
        json!([
            { "member": "Canada", "measure": "2(a)", "from": null, "to": "complete" },
            { "member": "France", "measure": "1", "from": "not-started", "to": "substantially-implemented" },
            { "member": "France", "measure": "3", "from": null, "to": "not-applicable" },
        ])
    );
    assert_eq!(report["coverage"][0]["fraction"], "1/4");
    assert_eq!(report["coverage"][0]["percent"], 25);
    assert_eq!(report["coverage"][1]["fraction"], "0/3");
    assert_eq!(report["untouched"], json!(["2(b)"]));

    let matrix = w
        .ok(&[
            "plan", "matrix", "--plan", TITLE, "--period", "2030-H2", "--format", "csv",
        ])
        .stdout;
    assert!(matrix.starts_with("member,1,2(a),2(b),3\n"), "{matrix}");
    assert!(
        matrix.contains("Canada,in-progress,complete,,\n"),
        "{matrix}"
    );

    // Refusals: an observer, a parent measure, evidence that does not exist.
    let before = state(&w);
    for (member, measure, evidence) in [
        ("Europol", "1", None),
        ("Canada", "2", None),
        ("Canada", "1", Some(format!("{CYCLE}:18:Canada:999"))),
    ] {
        let mut args = vec![
            "plan",
            "status",
            "--plan",
            TITLE,
            "--period",
            "2030-H2",
            "--member",
            member,
            "--measure",
            measure,
            "--status",
            "complete",
        ];
        if let Some(e) = &evidence {
            args.extend(["--evidence", e.as_str()]);
        }
        let r = w.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    assert_eq!(state(&w), before);
}

fn harness_check_show(w: &Workdir) {
    harbour(w);
    let show = w
        .ok(&["plan", "show", "--plan", TITLE, "--format", "json"])
        .json();
    assert_eq!(show["sections"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        show["sections"][1]["measures"][0]["sub_measures"][1]["code"],
        "2(b)"
    );
    let text = w.ok(&["plan", "show", "--plan", TITLE]).stdout;
    assert!(text.contains("2(a)"), "{text}");
    // Re-importing the same file changes nothing.
    let f = w.write("harbour.txt", HARBOUR);
    let again = w.ok(&[
        "import",
        "plan",
        path_str(&f),
        "--member",
        "Canada",
        "--member",
        "France",
        "--observer",
        "Europol",
    ]);
    assert!(again.stdout.starts_with("unchanged"), "{}", again.stdout);
}

#[test]
fn bad_plan_files_exit_2_and_change_nothing() {
    let w = Workdir::new();
    let demo = w.write("demo.md", DEMO);
    w.ok(&["import", "report", path_str(&demo)]);
    harbour(&w);
    let before = state(&w);
    let pillar_without = "Annex\n\nHarbour Group Action Plan on Tides\n\n(I) Tides by:\n\n(II) Lamps by:\n\n- lighting them.\n";
    let cases: [(&str, &[u8]); 3] = [
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02PK\x00"),
        ("pillar.txt", pillar_without.as_bytes()),
    ];
    for (name, bytes) in cases {
        let f = w.write(name, bytes);
        let r = w.run(&["import", "plan", path_str(&f), "--member", "Canada"]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(name), "{name}: {}", r.stderr);
        assert_eq!(state(&w), before, "{name} changed the database");
    }
    // No member named anywhere.
    let f = w.write("nomember.txt", HARBOUR.replace("2030", "2031"));
    let r = w.run(&["import", "plan", path_str(&f)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--member"), "{}", r.stderr);
    assert_eq!(state(&w), before);
}

#[test]
fn seed_plans_import() {
    let g7 = [
        "Canada",
        "France",
        "Germany",
        "Italy",
        "Japan",
        "United Kingdom",
        "United States",
        "European Union",
    ];
    let calais = [
        "United Kingdom",
        "Germany",
        "France",
        "Belgium",
        "Netherlands",
    ];
    let w = Workdir::new();
    for (file, members, priorities, pillars) in [
        ("002_257afbfe97d79c35.txt", &g7[..], 6, 5),
        ("004_e25c31d3b4dc99e0.txt", &calais[..], 5, 0),
    ] {
        let path = format!("{SEEDS}/{file}");
        if !std::path::Path::new(&path).exists() {
            eprintln!("seeds not found at {SEEDS}: skipping {file}");
            continue;
        }
        let mut args = vec!["import", "plan", path.as_str()];
        for m in members {
            args.extend(["--member", m]);
        }
        let out = w.ok(&args).stdout;
        let title = out
            .trim_start_matches("added: ")
            .rsplit_once(" (")
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        let show = w
            .ok(&["plan", "show", "--plan", &title, "--format", "json"])
            .json();
        let sections = show["sections"].as_array().cloned().unwrap_or_default();
        let count = |kind: &str| sections.iter().filter(|s| s["kind"] == kind).count();
        assert_eq!(
            (count("priority"), count("pillar")),
            (priorities, pillars),
            "{file}"
        );
        if pillars == 0 {
            let subs = sections[1]["measures"].as_array().map(|ms| {
                ms.iter()
                    .map(|m| m["sub_measures"].as_array().map_or(0, Vec::len))
                    .sum::<usize>()
            });
            assert_eq!(subs, Some(3), "{file}");
        }
    }
}

/// Two periods of the harbour plan with two changes in the second (one with evidence).
fn two_periods(w: &Workdir) {
    let demo = w.write("demo.md", DEMO);
    w.ok(&["import", "report", path_str(&demo)]);
    harbour(w);
    for (label, from, to) in [
        ("2030-H1", "2030-01-01", "2030-06-30"),
        ("2030-H2", "2030-07-01", "2030-12-31"),
    ] {
        w.ok(&[
            "plan", "period", "add", "--plan", TITLE, "--label", label, "--from", from, "--to", to,
        ]);
    }
    let item = format!("{CYCLE}:18:Canada:1");
    for (period, member, measure, status, evidence) in [
        ("2030-H1", "Canada", "1", "in-progress", None),
        ("2030-H2", "Canada", "1", "complete", Some(item.as_str())),
        ("2030-H2", "France", "3", "not-started", None),
    ] {
        let mut args = vec![
            "plan",
            "status",
            "--plan",
            TITLE,
            "--period",
            period,
            "--member",
            member,
            "--measure",
            measure,
            "--status",
            status,
        ];
        if let Some(e) = evidence {
            args.extend(["--evidence", e]);
        }
        w.ok(&args);
    }
}

fn progress_args<'a>(format: &'a str, output: Option<&'a str>) -> Vec<&'a str> {
    let mut args = vec![
        "plan", "progress", "--plan", TITLE, "--period", "2030-H2", "--format", format,
    ];
    if let Some(o) = output {
        args.extend(["--output", o]);
    }
    args
}

#[test]
fn progress_as_text_csv_and_html() {
    let w = Workdir::new();
    two_periods(&w);
    let text = w.ok(&progress_args("text", None)).stdout;
    assert!(text.contains("changes (2):"), "{text}");
    assert!(text.contains("Canada\t1\tin-progress → complete"), "{text}");
    assert!(text.contains("Canada\t1/4\t25%"), "{text}");

    let csv = w.ok(&progress_args("csv", None)).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "kind,member,measure,from,to,with_evidence,in_scope,percent,period",
            "change,Canada,1,in-progress,complete,,,,2030-H2",
            "change,France,3,,not-started,,,,2030-H2",
        ]
    );
    assert!(
        lines.contains(&"coverage,Canada,,,,1,4,25,2030-H2"),
        "{csv}"
    );
    assert!(lines.contains(&"untouched,,2(a),,,,,,2030-H2"), "{csv}");

    // To a file, the same bytes as on stdout.
    let file = w.dir.path().join("progress.html");
    let html = w.ok(&progress_args("html", None)).stdout;
    w.ok(&progress_args("html", Some(path_str(&file))));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), html);
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains("<h2>Changes (2)</h2>"));
    assert!(html.contains("Changes since 2030-H1"));
}

#[test]
fn progress_as_pdf_needs_an_output_file_and_reads_back() {
    let w = Workdir::new();
    two_periods(&w);
    let r = w.run(&progress_args("pdf", None));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--output"), "{}", r.stderr);

    let file = w.dir.path().join("progress.pdf");
    let r = w.run(&progress_args("pdf", Some(path_str(&file))));
    if r.code != 0 && r.stderr.contains("without the `pdf` feature") {
        println!("skipped: this build has no PDF renderer");
        return;
    }
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let Ok(out) = std::process::Command::new("pdftotext")
        .args([path_str(&file), "-"])
        .output()
    else {
        println!("skipped reading the PDF back: pdftotext (poppler-utils) is not installed");
        return;
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Changes (2)",
        "Canada",
        "In progress",
        "Complete",
        "No record",
        "Not started",
        "1 of 4",
        "25%",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{flat}");
    }
}
