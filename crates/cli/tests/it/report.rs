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

/// Each commitment's stored scores, as `scores --format json` gives them: code → member → score.
fn scores_by_commitment(
    w: &Workdir,
    cycle: &str,
) -> std::collections::BTreeMap<String, serde_json::Map<String, serde_json::Value>> {
    let j = w
        .ok(&["scores", "--cycle", cycle, "--format", "json"])
        .json();
    j["commitments"]
        .as_array()
        .expect("commitments")
        .iter()
        .map(|c| {
            (
                c["code"].as_str().expect("code").to_string(),
                c["scores"].as_object().expect("scores").clone(),
            )
        })
        .collect()
}

/// Every stored score in `export --format json` equals the one `scores` shows; every
/// commitment of `scores` is exported.
pub fn assert_export_agrees_with_scores(w: &Workdir, cycle: &str) {
    let scores = scores_by_commitment(w, cycle);
    let export = w
        .ok(&["export", "--cycle", cycle, "--format", "json"])
        .json();
    let exported = export["cycles"][0]["commitments"]
        .as_array()
        .expect("commitments");
    let codes: Vec<&str> = exported
        .iter()
        .map(|c| c["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        codes,
        scores.keys().map(String::as_str).collect::<Vec<_>>(),
        "the export lists every commitment of `scores`"
    );
    for c in exported {
        let code = c["code"].as_str().unwrap_or("");
        for (member, score) in &scores[code] {
            let found = c["assessments"]
                .as_array()
                .expect("assessments")
                .iter()
                .find(|a| a["member"] == member.as_str())
                .map_or(serde_json::Value::Null, |a| a["score"].clone());
            assert_eq!(&found, score, "commitment {code}, {member}");
        }
    }
}

/// Table B as `report --format csv --table b` writes it: commitment → (member → cell, average).
fn table_b(w: &Workdir, cycle: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let csv = w
        .ok(&[
            "report", "--cycle", cycle, "--format", "csv", "--table", "b",
        ])
        .stdout;
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Table B's cells and averages equal `scores`'s, and its overall row the overall.
fn assert_table_b_agrees_with_scores(w: &Workdir, cycle: &str) {
    let j = w
        .ok(&["scores", "--cycle", cycle, "--format", "json"])
        .json();
    let (header, rows) = table_b(w, cycle);
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    for c in j["commitments"].as_array().expect("commitments") {
        let code = c["code"].as_str().unwrap_or("");
        let row = rows
            .iter()
            .find(|r| r[0] == code)
            .expect("a row per commitment");
        for (member, score) in c["scores"].as_object().expect("scores") {
            let cell = &row[column(member)];
            let expected = match score {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(cell, &expected, "commitment {code}, {member}");
        }
        let average = c["average"].as_str().unwrap_or("");
        assert_eq!(row[column("average")], average, "commitment {code}");
    }
    let overall = rows
        .iter()
        .find(|r| r[0] == "overall")
        .expect("overall row");
    assert_eq!(
        overall[column("average")],
        j["overall"]["average"].as_str().unwrap_or("")
    );
    let member_average = rows
        .iter()
        .find(|r| r[0] == "member average")
        .expect("member average row");
    for m in j["members_summary"].as_array().expect("members") {
        let name = m["member"].as_str().unwrap_or("");
        assert_eq!(
            member_average[column(name)],
            m["average"].as_str().unwrap_or(""),
            "{name}'s average along the bottom"
        );
    }
}

/// The published line of `scores`'s overall: `+0.63 (81%)`.
fn overall_line(w: &Workdir, cycle: &str) -> String {
    let j = w
        .ok(&["scores", "--cycle", cycle, "--format", "json"])
        .json();
    format!(
        "{} ({}%)",
        j["overall"]["average"].as_str().unwrap_or("?"),
        j["overall"]["percent"]
    )
}

#[test]
fn a_corrected_score_from_a_sheet_shows_in_report_publish_and_export() {
    let w = with_demo();
    let q = w.write("q.csv", "commitment,member,score\n18,Canada,0\n");
    w.ok(&["import", "scores", path_str(&q), "--cycle", CYCLE]);
    let editions = w.ok(&["editions", "--cycle", CYCLE]).stdout;
    assert!(editions.contains("corrected"), "{editions}");

    // `scores` has the correction: 7/8 on 18, 10/16 overall.
    let j = w
        .ok(&["scores", "--cycle", CYCLE, "--format", "json"])
        .json();
    let c18 = &j["commitments"][0];
    assert_eq!(c18["code"], "18");
    assert_eq!(c18["scores"]["Canada"], 0);
    assert_eq!(
        (c18["average"].as_str(), &c18["percent"]),
        (Some("+0.88"), &serde_json::json!(94))
    );
    assert_eq!(overall_line(&w, CYCLE), "+0.63 (81%)");

    assert_table_b_agrees_with_scores(&w, CYCLE);
    let markdown = w
        .ok(&["report", "--cycle", CYCLE, "--format", "markdown"])
        .stdout;
    assert!(
        markdown.contains("+0.63 (81%)"),
        "the overall in the summary"
    );
    assert!(
        !markdown.contains("+0.69 (84%)"),
        "not the chapters' overall"
    );
    assert!(markdown.contains("+0.88 (94%)"), "chapter 18's average");

    let site = w.dir.path().join("site");
    w.ok(&["publish", "--cycle", CYCLE, "--out", path_str(&site)]);
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(index.contains("+0.63 (81%)"), "the site's overall");
    assert!(!index.contains("+0.69 (84%)"));
    let dataset: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("dataset.json")).expect("dataset"))
            .expect("JSON");
    let canada = dataset["cycles"][0]["commitments"][0]["assessments"]
        .as_array()
        .expect("assessments")
        .iter()
        .find(|a| a["member"] == "Canada")
        .cloned()
        .expect("Canada");
    assert_eq!(canada["score"], 0, "the stored score");
    assert_eq!(canada["table_score"], 1, "as the chapter printed it");

    assert_export_agrees_with_scores(&w, CYCLE);
}

#[test]
fn a_cycle_imported_only_as_a_score_sheet_has_its_tables_everywhere() {
    let w = Workdir::new();
    let f = w.write(
        "wide.csv",
        "commitment,title,area,Canada,France,Japan\n1,Alpha,Trade,+1,0,\u{2212}1\n2,Beta,Health,1,n/a,\n",
    );
    w.ok(&["import", "scores", path_str(&f), "--cycle", "W"]);
    assert_eq!(overall_line(&w, "W"), "+0.25 (63%)");

    let markdown = w
        .ok(&["report", "--cycle", "W", "--format", "markdown"])
        .stdout;
    assert!(
        !markdown.contains("No assessment has been scored yet"),
        "{markdown}"
    );
    assert!(markdown.contains("+0.25 (63%)"), "{markdown}");
    for title in ["Alpha", "Beta"] {
        assert!(markdown.contains(title), "{title} in the report");
    }
    assert_table_b_agrees_with_scores(&w, "W");
    let (_, rows) = table_b(&w, "W");
    assert_eq!(
        rows.iter().filter(|r| r[0] == "1" || r[0] == "2").count(),
        2
    );
    let c = w
        .ok(&["report", "--cycle", "W", "--format", "csv", "--table", "c"])
        .stdout;
    assert!(c.lines().count() == 4 && c.contains("CAN"), "{c}");
    let d = w
        .ok(&["report", "--cycle", "W", "--format", "csv", "--table", "d"])
        .stdout;
    assert!(d.contains("Alpha") && d.contains("Beta"), "{d}");

    let site = w.dir.path().join("site");
    w.ok(&["publish", "--cycle", "W", "--out", path_str(&site)]);
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(index.contains("+0.25 (63%)"), "the site's overall");

    let export = w.ok(&["export", "--cycle", "W", "--format", "json"]).json();
    let commitments = export["cycles"][0]["commitments"]
        .as_array()
        .expect("commitments");
    assert_eq!(commitments.len(), 2);
    assert_eq!(commitments[0]["title"], "Alpha");
    assert_eq!(
        commitments[0]["text"],
        serde_json::Value::Null,
        "no chapter"
    );
    assert_export_agrees_with_scores(&w, "W");
}

#[test]
fn a_first_footnote_too_large_is_refused_naming_the_largest() {
    let w = with_demo();
    for command in ["report", "publish"] {
        let site = w.dir.path().join("s");
        let mut args = vec![command, "--cycle", CYCLE, "--first-footnote", "4294967295"];
        if command == "report" {
            args.extend(["--format", "html"]);
        } else {
            args.extend(["--out", path_str(&site)]);
        }
        let r = w.run(&args);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("--first-footnote"), "{}", r.stderr);
        assert!(r.stderr.contains("largest"), "{}", r.stderr);
        assert!(!r.stderr.contains("overflow"), "{}", r.stderr);
    }
    // The largest it names is accepted, and the last footnote is u32::MAX.
    let r = w.run(&[
        "report",
        "--cycle",
        CYCLE,
        "--format",
        "html",
        "--first-footnote",
        "4294967295",
    ]);
    let largest: String = r
        .stderr
        .split("can take is ")
        .nth(1)
        .unwrap_or("")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let html = w
        .ok(&[
            "report",
            "--cycle",
            CYCLE,
            "--format",
            "html",
            "--first-footnote",
            &largest,
        ])
        .stdout;
    assert!(
        html.contains("4294967295"),
        "the last footnote is numbered u32::MAX"
    );
}

/// The demo as an earlier cycle too (2023, published by its import), so there are two.
fn with_two_cycles() -> Workdir {
    let w = with_demo();
    let earlier = DEMO
        .replace(CYCLE, EARLIER)
        .replace("15 June 2024 to 15 May 2025", "20 May 2023 to 15 May 2024");
    let f = w.write("earlier.md", earlier);
    w.ok(&["import", "report", path_str(&f)]);
    w
}

const EARLIER: &str = "2023 G7 Hiroshima Summit Demo Final";

/// The cycle labels of the across-cycles chart(s) in `html`, left to right.
fn cycle_labels(html: &str) -> Vec<String> {
    html.split("<text class=\"cycle\"")
        .skip(1)
        .map(|t| {
            t.split("<tspan")
                .skip(1)
                .map(|s| {
                    s[s.find('>').unwrap_or(0) + 1..]
                        .split('<')
                        .next()
                        .unwrap_or("")
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn publishing_the_earlier_cycle_charts_the_cycles_oldest_first_everywhere() {
    let w = with_two_cycles();
    let site = w.dir.path().join("site");
    // The earlier cycle: its own matrix must come first, not last (the chart used to append
    // the published cycle after the others).
    w.ok(&["publish", "--cycle", EARLIER, "--out", path_str(&site)]);
    let read = |f: &str| std::fs::read_to_string(site.join(f)).expect(f);
    let index = read("index.html");
    assert_eq!(cycle_labels(&index), [EARLIER, CYCLE], "report card");
    let canada = std::fs::read_dir(&site)
        .expect("the site")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|f| f.starts_with("member-canada"))
        .expect("Canada's page");
    assert_eq!(
        cycle_labels(&read(&canada)),
        [EARLIER, CYCLE],
        "member page"
    );
    // The full report carries the chart beside the heatmap and the bars, in every format.
    let report = read("report.html");
    assert_eq!(report.matches("id=\"cycles-title\"").count(), 1);
    assert_eq!(cycle_labels(&report), [EARLIER, CYCLE]);
    let md = read("report.md");
    assert_eq!(md.matches("](data:image/svg+xml;base64,").count(), 3);

    // The newer cycle's report, too, lists the older cycle first.
    let html = w
        .ok(&["report", "--cycle", CYCLE, "--format", "html"])
        .stdout;
    assert_eq!(cycle_labels(&html), [EARLIER, CYCLE]);

    // With one cycle there is no such chart.
    let one = with_demo();
    let html = one
        .ok(&["report", "--cycle", CYCLE, "--format", "html"])
        .stdout;
    assert_eq!(html.matches("cycles-title").count(), 0);
}

#[test]
fn streamed_exports_are_byte_for_byte_what_stdout_and_export_give() {
    let w = with_demo();
    let run = |args: &[&str]| w.ok(args).stdout;
    let file = |format: &str, extra: &[&str]| -> String {
        let out = w.dir.path().join(format!("out.{format}"));
        let mut args = vec!["report", "--cycle", CYCLE, "--format", format];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--out", path_str(&out)]);
        w.ok(&args);
        std::fs::read_to_string(&out).expect("written")
    };
    let export = run(&["export", "--cycle", CYCLE, "--format", "json"]);
    assert!(export.contains("\"commitments\""));
    assert_eq!(
        run(&["report", "--cycle", CYCLE, "--format", "json"]),
        export
    );
    assert_eq!(file("json", &[]), export);
    let evidence = run(&[
        "report", "--cycle", CYCLE, "--format", "csv", "--table", "evidence",
    ]);
    assert!(evidence.lines().count() > 10, "{evidence}");
    assert_eq!(file("csv", &["--table", "evidence"]), evidence);
}

#[test]
fn markdown_into_a_folder_links_its_charts_beside_it() {
    let w = with_two_cycles();
    let dir = w.dir.path().join("md");
    std::fs::create_dir(&dir).expect("a folder");
    w.ok(&[
        "report",
        "--cycle",
        CYCLE,
        "--format",
        "markdown",
        "--out",
        path_str(&dir),
    ]);
    let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    for chart in ["heatmap", "ranking-bars", "across-cycles"] {
        let name = format!("report-{chart}.svg");
        assert!(md.contains(&format!("](<{name}>)")), "{name} linked");
        let svg = std::fs::read_to_string(dir.join(&name)).expect("the chart file");
        assert!(svg.starts_with("<svg "));
    }
    assert!(!md.contains("data:image"));
    // To stdout the charts are embedded.
    let out = w
        .ok(&["report", "--cycle", CYCLE, "--format", "markdown"])
        .stdout;
    assert_eq!(out.matches("](data:image/svg+xml;base64,").count(), 3);
}

#[test]
fn the_title_page_flags_reach_every_format() {
    let w = with_demo();
    let front = [
        "--title",
        "Invented Compliance Report",
        "--prepared-by",
        "The Invented Research Group",
        "--date",
        "2031-07-15",
    ];
    let args = |format: &'static str| {
        let mut a = vec!["report", "--cycle", CYCLE, "--format", format];
        a.extend(front);
        a
    };
    let md = w.ok(&args("markdown")).stdout;
    let title_page = md.split("## Research Team").next().unwrap_or("");
    assert!(
        title_page.starts_with("# Invented Compliance Report\n"),
        "{title_page}"
    );
    assert!(title_page.contains("Prepared by The Invented Research Group"));
    assert!(title_page.contains("15 July 2031"), "{title_page}");
    let html = w.ok(&args("html")).stdout;
    assert!(html.contains("<h1>Invented Compliance Report</h1>"));
    assert!(html.contains("<time datetime=\"2031-07-15\">15 July 2031</time>"));

    // The site's downloads carry the same title page.
    let site = w.dir.path().join("site");
    let mut publish = vec!["publish", "--cycle", CYCLE, "--out", path_str(&site)];
    publish.extend(front);
    w.ok(&publish);
    let report_md = std::fs::read_to_string(site.join("report.md")).expect("the Markdown download");
    assert!(report_md.contains("Prepared by The Invented Research Group"));
    assert!(report_md.contains("15 July 2031"));

    // The PDF's title page, and its footnotes numbered on from --first-footnote.
    let pdf = w.dir.path().join("report.pdf");
    let mut a = args("pdf");
    a.extend(["--first-footnote", "4068", "--out", path_str(&pdf)]);
    w.ok(&a);
    let Ok(page) = std::process::Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing under CI; .ci/run installs poppler-utils"
        );
        println!("skipped reading the PDF back: pdftotext (poppler-utils) is not on PATH");
        return;
    };
    let page = String::from_utf8_lossy(&page.stdout);
    for needle in [
        "Invented Compliance Report",
        "The Invented Research Group",
        "15 July 2031",
    ] {
        assert!(page.contains(needle), "page one lacks {needle:?}: {page}");
    }
    let all = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let all = String::from_utf8_lossy(&all.stdout);
    assert!(
        all.lines().any(|l| l.starts_with("4068")),
        "the first footnote is 4068"
    );
}

#[test]
fn a_bad_publication_date_or_blank_title_is_refused_naming_the_flag() {
    let w = with_demo();
    for (flag, value) in [
        ("--date", "2031-13-40"),
        ("--date", "July"),
        ("--title", ""),
    ] {
        let r = w.run(&[
            "report", "--cycle", CYCLE, "--format", "markdown", flag, value,
        ]);
        assert_eq!(r.code, 2, "{flag} {value:?}: {}", r.stderr);
        assert!(r.stderr.contains(flag), "{flag}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn publishing_onto_a_file_says_why_once() {
    let w = with_demo();
    let file = w.write("afile", "not a folder");
    let r = w.run(&["publish", "--cycle", CYCLE, "--out", path_str(&file)]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("afile"), "{}", r.stderr);
    // The system's reason once, not "File exists (os error 17): File exists (os error 17)".
    assert_eq!(r.stderr.matches("os error").count(), 1, "{}", r.stderr);
}
