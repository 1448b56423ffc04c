//! `report` and `publish` end to end on the demo report: the static site is complete and
//! self-contained (every relative link resolves, no script), and binary formats start with
//! their magic bytes.

use std::collections::BTreeSet;
use std::path::Path;

use crate::harness::{Workdir, path_str};

const DEMO: &str = include_str!("../../demo/demo-report.md");
const CYCLE: &str = "2024 G7 Apulia Summit Demo Final";

fn with_demo() -> Workdir {
    let w = Workdir::new();
    let f = w.write("demo.md", DEMO);
    w.ok(&["import", "report", path_str(&f)]);
    w
}

/// Every `href="…"` and `src="…"` value in `html`.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

fn is_relative(link: &str) -> bool {
    !(link.is_empty()
        || link.starts_with('#')
        || link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("data:"))
}

#[test]
fn publish_writes_a_self_contained_site() {
    let w = with_demo();
    let site = w.dir.path().join("site");
    let run = w.ok(&[
        "publish",
        "--cycle",
        CYCLE,
        "--out",
        path_str(&site),
        "--first-footnote",
        "4068",
    ]);
    assert!(run.stdout.contains("pages"), "{}", run.stdout);

    for file in [
        "index.html",
        "downloads.html",
        "style.css",
        "chapter-18.html",
        "chapter-19.html",
        "member-canada.html",
        "member-european-union.html",
        "report.html",
        "report.md",
        "report.docx",
        "report.pdf",
        "table-b.csv",
        "evidence.csv",
        "report.xlsx",
        "citations.json",
        "citations.bib",
        "dataset.json",
    ] {
        assert!(site.join(file).is_file(), "{file} missing from the site");
    }

    let pages: Vec<_> = std::fs::read_dir(&site)
        .expect("the site folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    assert!(pages.len() >= 2 + 2 + 8, "pages: {pages:?}");
    let mut checked = BTreeSet::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("a page");
        let name = page.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{name} has a script"
        );
        for link in links(&html).into_iter().filter(|l| is_relative(l)) {
            let file = link.split(['#', '?']).next().unwrap_or("");
            assert!(!file.starts_with('/'), "{name}: absolute link {link}");
            if file.is_empty() {
                continue;
            }
            assert!(
                Path::new(&site).join(file).is_file(),
                "{name}: the link {link} does not resolve to a file of the site"
            );
            checked.insert(file.to_string());
        }
    }
    // The pages link each other, the stylesheet and every download.
    for file in [
        "index.html",
        "downloads.html",
        "style.css",
        "report.docx",
        "dataset.json",
        "chapter-18.html",
        "member-canada.html",
    ] {
        assert!(checked.contains(file), "nothing links to {file}");
    }
    let chapter = std::fs::read_to_string(site.join("chapter-18.html")).expect("chapter 18");
    assert!(
        chapter.contains("4068"),
        "footnotes numbered from --first-footnote"
    );
}

#[test]
fn binary_formats_start_with_their_magic_bytes() {
    let w = with_demo();
    for (format, magic) in [
        ("docx", &b"PK"[..]),
        ("xlsx", &b"PK"[..]),
        ("pdf", &b"%PDF"[..]),
    ] {
        let out = w.dir.path().join(format!("report.{format}"));
        w.ok(&[
            "report",
            "--cycle",
            CYCLE,
            "--format",
            format,
            "--out",
            path_str(&out),
        ]);
        let bytes = std::fs::read(&out).expect("written");
        assert!(
            bytes.starts_with(magic),
            "{format} starts with {:?}",
            &bytes[..bytes.len().min(8)]
        );
    }
}

#[test]
fn text_formats_go_to_stdout_and_binary_ones_need_out() {
    let w = with_demo();
    let html = w.ok(&["report", "--cycle", CYCLE, "--format", "html"]);
    assert!(html.stdout.contains("Border Management"));
    let csv = w.ok(&[
        "report", "--cycle", CYCLE, "--format", "csv", "--table", "c",
    ]);
    assert!(csv.stdout.contains("Canada"));
    let docx = w.run(&["report", "--cycle", CYCLE, "--format", "docx"]);
    assert_eq!(docx.code, 2);
    assert!(docx.stderr.contains("--out"), "{}", docx.stderr);
}

#[test]
fn unknown_cycles_and_unwritable_paths_exit_2() {
    let w = with_demo();
    let r = w.run(&["report", "--cycle", "No Such Cycle", "--format", "html"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("No Such Cycle"), "{}", r.stderr);
    let bad = w.dir.path().join("missing-folder/report.docx");
    let r = w.run(&[
        "report",
        "--cycle",
        CYCLE,
        "--format",
        "docx",
        "--out",
        path_str(&bad),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing-folder"), "{}", r.stderr);
    let r = w.run(&[
        "publish",
        "--cycle",
        "No Such Cycle",
        "--out",
        path_str(&w.dir.path().join("s")),
    ]);
    assert_eq!(r.code, 2);
}
