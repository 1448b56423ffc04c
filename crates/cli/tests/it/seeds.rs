//! The two seed chapters imported as one cycle reproduce the published figures (DOMAIN.md's
//! worked example) through the command line.

use crate::harness::{Workdir, path_str, seeds_dir};

const CYCLE: &str = "2024 G7 Apulia Summit Final";
const MD: &str = "000_1b5db1f3beaa7658.txt";
const PDF: &str = "001_be85ca2343117b4d.txt";

/// Runs in every `cargo test`: says on the terminal when the seeds are missing (and fails
/// under CI); passes quietly when they are there.
#[test]
fn seeds_are_present_or_skipped_loudly() {
    if let Some(dir) = seeds_dir() {
        for name in [MD, PDF] {
            assert!(
                dir.join(name).is_file(),
                "{name} is not in {}",
                dir.display()
            );
        }
    }
}

fn imported() -> Option<Workdir> {
    let seeds = seeds_dir()?;
    let w = Workdir::new();
    let a = seeds.join("000_1b5db1f3beaa7658.txt");
    let b = seeds.join("001_be85ca2343117b4d.txt");
    let r = w.ok(&["import", "report", path_str(&a), path_str(&b)]);
    assert!(r.stdout.contains("added"), "{}", r.stdout);
    // Chapter 18's sentence cut by a stray blank line is reported, with its lines.
    assert!(
        r.stderr.contains(
            "000_1b5db1f3beaa7658.txt: warning paragraph-break-in-sentence [commitment 18 \u{b7} European Union \u{b7} footnote 4381]: line 1526: "
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("at line 1528"), "{}", r.stderr);
    assert!(
        r.stdout.contains(CYCLE),
        "the header names the cycle: {}",
        r.stdout
    );
    Some(w)
}

#[test]
fn scores_json_reproduces_the_published_tables() {
    let Some(w) = imported() else { return };
    let j = w
        .ok(&["scores", "--cycle", CYCLE, "--format", "json"])
        .json();
    assert_eq!(j["cycle"], CYCLE);
    let members: Vec<&str> = j["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(
        members,
        [
            "Canada",
            "France",
            "Germany",
            "Italy",
            "Japan",
            "United Kingdom",
            "United States",
            "European Union"
        ]
    );
    let c = j["commitments"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["code"], "18");
    assert_eq!(c[0]["average"], "+1.00");
    assert_eq!(c[0]["percent"], 100);
    assert_eq!(c[1]["code"], "19");
    assert_eq!(c[1]["average"], "+0.38");
    assert_eq!(c[1]["percent"], 69);
    assert_eq!(c[1]["scores"]["Canada"], 0);
    assert_eq!(c[1]["scores"]["European Union"], 1);
    let scored: usize = c
        .iter()
        .map(|x| x["scores"].as_object().unwrap().len())
        .sum();
    assert_eq!(scored, 16);
    for s in j["members_summary"].as_array().unwrap() {
        let (avg, pct, rank) = match s["member"].as_str().unwrap() {
            "United Kingdom" | "United States" | "European Union" => ("+1.00", 100, 1),
            _ => ("+0.50", 75, 4),
        };
        assert_eq!(s["average"], avg, "{s}");
        assert_eq!(s["percent"], pct, "{s}");
        assert_eq!(s["rank"], rank, "{s}");
    }
    assert_eq!(j["overall"]["average"], "+0.69");
    assert_eq!(j["overall"]["percent"], 84);
    assert_eq!(j["gap"]["average"], "0.50");
    assert_eq!(j["gap"]["points"], 25);
}

#[test]
fn reimporting_changes_nothing_and_check_reports_the_two_defective_urls() {
    let Some(w) = imported() else { return };
    let seeds = seeds_dir().unwrap();
    let before = w
        .ok(&["export", "--cycle", CYCLE, "--format", "json"])
        .stdout;
    let again = w.ok(&[
        "import",
        "report",
        path_str(&seeds.join("000_1b5db1f3beaa7658.txt")),
        path_str(&seeds.join("001_be85ca2343117b4d.txt")),
    ]);
    assert_eq!(
        again.stdout.matches("unchanged").count(),
        2,
        "{}",
        again.stdout
    );
    assert_eq!(
        before,
        w.ok(&["export", "--cycle", CYCLE, "--format", "json"])
            .stdout
    );

    let check = w.run(&["check", "--cycle", CYCLE, "--format", "json"]);
    assert_eq!(check.code, 1, "malformed URLs are errors: {}", check.stdout);
    let findings = check.json()["findings"].as_array().unwrap().clone();
    let malformed: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "url-malformed")
        .collect();
    assert_eq!(malformed.len(), 2, "{malformed:#?}");
    for f in &malformed {
        assert!(f["footnote"].is_u64() && f["commitment"].is_string(), "{f}");
        assert_eq!(f["severity"], "error");
    }
    let yearless = findings
        .iter()
        .filter(|f| f["code"] == "date-without-year")
        .count();
    assert_eq!(yearless, 2, "chapter 18 has two year-less dates");
    assert!(
        !findings.iter().any(|f| f["code"] == "score-mismatch"),
        "{findings:#?}"
    );
    assert!(
        !findings.iter().any(|f| f["code"] == "average-mismatch"),
        "{findings:#?}"
    );
    assert!(
        !findings.iter().any(|f| f["code"] == "footnote-missing"),
        "{findings:#?}"
    );
}

#[test]
fn export_json_carries_every_footnote_and_evidence_paragraph() {
    let Some(w) = imported() else { return };
    let j = w
        .ok(&["export", "--cycle", CYCLE, "--format", "json"])
        .json();
    let cycle = &j["cycles"][0];
    assert_eq!(cycle["name"], CYCLE);
    assert_eq!(cycle["period"]["start"], "2024-06-15");
    assert_eq!(cycle["period"]["end"], "2025-05-15");
    let commitments = cycle["commitments"].as_array().unwrap();
    let numbers = |c: &serde_json::Value| -> Vec<u64> {
        c["citations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["number"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(numbers(&commitments[0]), (4068..=4413).collect::<Vec<_>>());
    assert_eq!(numbers(&commitments[1]), (3028..=3192).collect::<Vec<_>>());
    // Published dates as precise as the source: "July 2024" is a month, not null.
    for n in [3078, 3162] {
        let c = commitments[1]["citations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["number"] == n)
            .unwrap();
        assert_eq!(c["published"], "2024-07", "{c}");
    }
    assert_eq!(commitments[0]["citations"][0]["published"], "2024-06-12");
    let evidence = |c: &serde_json::Value| -> Vec<serde_json::Value> {
        c["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["evidence"].as_array().unwrap().clone())
            .collect()
    };
    let e18 = evidence(&commitments[0]);
    // 317 paragraphs open with "On <date>"; one sentence more does after a stray blank line,
    // and is its own item, dated by it.
    assert_eq!(e18.len(), 318);
    let cut_sentence: Vec<&serde_json::Value> = e18
        .iter()
        .filter(|e| e["citations"].as_array().unwrap().contains(&4381.into()))
        .collect();
    assert_eq!(cut_sentence.len(), 1);
    assert_eq!(cut_sentence[0]["date"], "2024-11-16");
    assert_eq!(cut_sentence[0]["citations"], serde_json::json!([4381]));
    assert!(
        cut_sentence[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("On 16 November 2024, ")
    );
    assert_eq!(e18.iter().filter(|e| e["date_inferred"] == true).count(), 2);
    assert!(
        e18.iter()
            .all(|e| e["text"].as_str().unwrap().starts_with("On "))
    );
    let first = &commitments[0]["assessments"][0];
    assert_eq!(first["member"], "Canada");
    assert_eq!(first["score"], 1);
    assert_eq!(first["analyst"], "Salma Amer Safarini");
    assert_eq!(first["evidence"][0]["date"], "2024-07-04");
    for key in [
        "background",
        "commitment_features",
        "definitions_and_concepts",
        "general_interpretive_guidelines",
        "scoring_guidelines",
    ] {
        assert!(
            !commitments[1]["sections"][key]
                .as_str()
                .unwrap_or("")
                .is_empty(),
            "section {key}"
        );
    }
    assert_eq!(commitments[1]["director"], "Michal Gromek");
    assert_eq!(commitments[1]["lead_analyst"], "Anali Arambula Galindo");
}

#[test]
fn the_header_names_institution_and_summit_and_people_are_grouped() {
    let Some(w) = imported() else { return };
    let j = w
        .ok(&["export", "--cycle", CYCLE, "--format", "json"])
        .json();
    let cycle = &j["cycles"][0];
    assert_eq!(cycle["institution"], "G7");
    assert_eq!(cycle["summit"], "2024 Apulia Summit");
    let people = cycle["people"].as_array().unwrap();
    let olivier: Vec<_> = people
        .iter()
        .filter(|p| p["name"].as_str().unwrap().starts_with("Olivier"))
        .collect();
    assert_eq!(olivier.len(), 1, "one person, two spellings: {people:#?}");
    assert_eq!(olivier[0]["name"], "Olivier d'Aragon Flores");
    assert_eq!(
        olivier[0]["variants"],
        serde_json::json!(["Olivier d\u{2019}Aragon Flores"])
    );
    // Every director, lead analyst and analyst, each once.
    let names: Vec<&str> = people.iter().map(|p| p["name"].as_str().unwrap()).collect();
    for name in [
        "Jennifer Lee",
        "Kevin Li",
        "Michal Gromek",
        "Anali Arambula Galindo",
        "TianTian Dong",
    ] {
        assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{names:?}");
    }

    let cycles = w.ok(&["cycles"]).stdout;
    assert!(
        cycles.contains(&format!(
            "{CYCLE}\tfinal\t2024-06-15..2025-05-15\tG7\t2024 Apulia Summit\t"
        )),
        "{cycles}"
    );
}

/// The audit's two cases: seed 001 cut at 60,000 bytes into a new database, and seed 000 cut at
/// 20,000 bytes over the imported seeds (which would have replaced chapter 18 with a fragment).
#[test]
fn a_cut_seed_is_refused_and_changes_nothing() {
    let Some(seeds) = seeds_dir() else { return };
    let fresh = Workdir::new();
    let pdf = std::fs::read(seeds.join(PDF)).unwrap();
    let cut = fresh.write("trunc.txt", &pdf[..60_000]);
    let r = fresh.run(&["import", "report", path_str(&cut), "--cycle", "X"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("trunc.txt"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("chapter 19 is cut short: the file stops here"),
        "{}",
        r.stderr
    );
    assert!(!fresh.db().exists(), "a refused import creates no database");

    let Some(w) = imported() else { return };
    let before = w
        .ok(&["export", "--cycle", CYCLE, "--format", "json"])
        .stdout;
    let md = std::fs::read(seeds.join(MD)).unwrap();
    for (name, bytes) in [
        ("first-20000.txt", &md[..20_000]),
        ("first-60000.txt", &pdf[..60_000]),
        // After chapter 18's last Analyst line: only its last footnotes are lost.
        ("no-last-footnotes.txt", &md[..md.len() - 1_500]),
    ] {
        let f = w.write(name, bytes);
        let r = w.run(&["import", "report", path_str(&f), "--cycle", CYCLE]);
        assert_eq!(r.code, 2, "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(name), "{name}: {}", r.stderr);
        assert!(r.stderr.contains("is cut short"), "{name}: {}", r.stderr);
        assert!(!r.stdout.contains("replaced"), "{name}: {}", r.stdout);
        assert_eq!(
            before,
            w.ok(&["export", "--cycle", CYCLE, "--format", "json"])
                .stdout,
            "{name} changed the database"
        );
    }
}
