//! Bad input gets a clear error naming what and where, exit code 2, and an unchanged database.

use crate::harness::{Workdir, path_str};

const GOOD: &str = include_str!("../../demo/demo-report.md");

fn export(w: &Workdir) -> String {
    w.ok(&[
        "export",
        "--cycle",
        "2024 G7 Apulia Summit Demo Final",
        "--format",
        "json",
    ])
    .stdout
}

fn with_demo() -> Workdir {
    let w = Workdir::new();
    let f = w.write("demo.md", GOOD);
    w.ok(&["import", "report", path_str(&f)]);
    w
}

#[test]
fn rejected_files_change_nothing() {
    let w = with_demo();
    let before = export(&w);
    let mut random = Vec::new();
    let mut x: u32 = 0x9e37_79b9;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push(x as u8);
    }
    let truncated = &GOOD[..GOOD.find("Assessment").expect("has a table") + 40];
    // Cut inside chapter 18's last member section, and before chapter 19's last "Thus"
    // sentence: chapter 18 is whole in the second, but the file is refused all the same.
    let cut_in_18 = &GOOD[..GOOD
        .find("On 20 March 2025")
        .expect("an evidence paragraph")];
    let cut_in_19 = &GOOD[..GOOD.rfind("Thus,").expect("a Thus sentence")];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("random.bin", random),
        (
            "binary.bin",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".repeat(64),
        ),
        ("truncated.md", truncated.as_bytes().to_vec()),
        ("cut-in-18.md", cut_in_18.as_bytes().to_vec()),
        ("cut-in-19.md", cut_in_19.as_bytes().to_vec()),
        (
            "prose.txt",
            b"Just a note about the summit.\nNothing else.\n".to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let f = w.write(name, &bytes);
        let r = w.run(&[
            "import",
            "report",
            path_str(&f),
            "--cycle",
            "2024 G7 Apulia Summit Demo Final",
        ]);
        assert_eq!(
            r.code, 2,
            "{name}: expected exit 2, got {}: {}{}",
            r.code, r.stdout, r.stderr
        );
        assert!(
            r.stderr.contains(name),
            "{name}: the error names the file: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
        if name.starts_with("cut-") {
            assert!(r.stderr.contains("is cut short"), "{name}: {}", r.stderr);
            assert!(!r.stdout.contains("replaced"), "{name}: {}", r.stdout);
        }
        assert_eq!(before, export(&w), "{name} changed the database");
    }
}

/// Text that claims to be a date or a footnote number but cannot be one refuses the file, naming
/// the line and the text, rather than turning into narrative or losing a citation.
#[test]
fn impossible_years_and_footnote_numbers_refuse_the_file() {
    let w = with_demo();
    let before = export(&w);
    let line = GOOD
        .lines()
        .position(|l| l.starts_with("On 20 March 2025,"))
        .expect("an evidence line")
        + 1;
    let huge = "⁹".repeat(30);
    for (name, text, expected) in [
        (
            "year.md",
            GOOD.replacen("On 20 March 2025,", "On 20 March 99999,", 1),
            "`20 March 99999` has a year outside 1900–2200",
        ),
        (
            "marker.md",
            GOOD.replacen("the Channel.¹⁰⁸", &format!("the Channel.{huge}"), 1),
            "is too large to be a footnote number",
        ),
    ] {
        let f = w.write(name, &text);
        let r = w.run(&[
            "import",
            "report",
            path_str(&f),
            "--cycle",
            "2024 G7 Apulia Summit Demo Final",
        ]);
        assert_eq!(r.code, 2, "{name}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(&format!("{name}: line {line}: ")),
            "{name}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(expected), "{name}: {}", r.stderr);
        assert_eq!(before, export(&w), "{name} changed the database");
    }
}

#[test]
fn one_bad_file_among_good_ones_imports_none() {
    let w = Workdir::new();
    let good = w.write("demo.md", GOOD);
    let bad = w.write("bad.md", "18. Area: Title\n\nnot a chapter\n");
    let r = w.run(&["import", "report", path_str(&good), path_str(&bad)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let cycles = w.run(&["cycles"]);
    assert!(
        !cycles.stdout.contains("Demo"),
        "nothing was imported: {}",
        cycles.stdout
    );
}

#[test]
fn bad_period_and_unknown_cycle_are_clear_errors() {
    let w = with_demo();
    let f = w.write("demo.md", GOOD);
    let r = w.run(&[
        "import",
        "report",
        path_str(&f),
        "--period",
        "2024-13-01..2025-01-01",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2024-13-01"), "{}", r.stderr);
    let r = w.run(&["scores", "--cycle", "No Such Cycle"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("No Such Cycle"), "{}", r.stderr);
}

#[test]
fn read_commands_do_not_create_a_database() {
    let w = Workdir::new();
    let r = w.run(&["cycles"]);
    assert_eq!(r.code, 2);
    assert!(!w.db().exists());
}
