//! Editions from the command line: imports publish, a changed sheet publishes a corrected
//! edition listing exactly its change, an explicit publish, and bad requests exiting 2.

use crate::harness::{Workdir, path_str};

#[test]
fn imports_publish_editions_and_show_lists_the_changes() {
    let w = Workdir::new();
    let first = w.write(
        "first.csv",
        "commitment,member,score\n7,Canada,+1\n7,France,0\n",
    );
    w.ok(&["import", "scores", path_str(&first), "--cycle", "T"]);
    let second = w.write(
        "second.csv",
        "commitment,member,score\n7,Canada,0\n7,France,0\n",
    );
    w.ok(&["import", "scores", path_str(&second), "--cycle", "T"]);
    // An identical sheet publishes nothing.
    w.ok(&["import", "scores", path_str(&second), "--cycle", "T"]);

    let list = w.ok(&["editions", "--cycle", "T"]).stdout;
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].starts_with("1\tfinal\t"), "{list}");
    assert!(lines[1].starts_with("2\tcorrected\t"), "{list}");
    assert!(
        lines[1].contains("1 changes") && lines[1].contains("\tcli\t"),
        "{list}"
    );

    let text = w
        .ok(&["edition", "show", "--cycle", "T", "--number", "2"])
        .stdout;
    assert!(text.contains("Corrected edition"), "{text}");
    assert!(
        text.contains("  commitment 7, Canada: score +1 → 0\n"),
        "{text}"
    );
    let json = w
        .ok(&[
            "edition", "show", "--cycle", "T", "--number", "2", "--format", "json",
        ])
        .json();
    assert_eq!(json["edition"]["kind"], "corrected");
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["changes"][0]["member"], "Canada");
    assert_eq!(json["changes"][0]["old"], "1");
    assert_eq!(json["changes"][0]["new"], "0");

    // Everything is published, so an editor's publish goes through, with no changes.
    let out = w
        .ok(&[
            "edition", "publish", "--cycle", "T", "--kind", "final", "--note", "reissued",
        ])
        .stdout;
    assert!(out.contains("published edition 3"), "{out}");
    assert!(out.contains("0 changes"), "{out}");
    let text = w
        .ok(&["edition", "show", "--cycle", "T", "--number", "3"])
        .stdout;
    assert!(text.contains("Note: reissued") && text.contains("No changes from edition 2."));
}

#[test]
fn bad_requests_exit_2_and_publish_nothing() {
    let w = Workdir::new();
    let f = w.write("s.csv", "commitment,member,score\n7,Canada,+1\n");
    w.ok(&["import", "scores", path_str(&f), "--cycle", "T"]);
    for args in [
        &["edition", "publish", "--cycle", "T", "--kind", "draft"][..],
        &["edition", "publish", "--cycle", "Nope", "--kind", "final"][..],
        &["edition", "show", "--cycle", "T", "--number", "9"][..],
        &["editions", "--cycle", "Nope"][..],
    ] {
        let r = w.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    let list = w.ok(&["editions", "--cycle", "T"]).stdout;
    assert_eq!(list.lines().count(), 1, "{list}");
}
