//! Rubrics, coding, agreement, adjudication and submission end to end, on the demo report
//! (always available) with the example rubrics of chapters 18 and 19.

use crate::harness::{Workdir, path_str};

const DEMO: &str = include_str!("../../demo/demo-report.md");
const CYCLE: &str = "2024 G7 Apulia Summit Demo Final";
const CH18: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../domain/rubrics/g7-2024-18-border-management.toml"
);
const CH19: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../domain/rubrics/g7-2024-19-smuggling.toml"
);

fn with_rubrics() -> Workdir {
    let w = Workdir::new();
    let f = w.write("demo.md", DEMO);
    w.ok(&["import", "report", path_str(&f)]);
    for (code, file) in [("18", CH18), ("19", CH19)] {
        let r = w.ok(&[
            "rubric",
            "import",
            file,
            "--cycle",
            CYCLE,
            "--commitment",
            code,
        ]);
        assert!(r.stdout.contains("saved version 1"), "{}", r.stdout);
    }
    w
}

fn target(member: &str) -> Vec<&str> {
    vec!["--cycle", CYCLE, "--commitment", "19", "--member", member]
}

#[test]
fn the_checker_finds_chapter_19s_gap_and_overlap_and_nothing_in_18() {
    let w = Workdir::new();
    let r = w.run(&["rubric", "check", CH19]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // The gap: no strong action, weak action in exactly two dimensions.
    assert!(
        r.stdout
            .contains("gap: 6 codings get no score (strong in 0, weak in 2"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "e.g. weak: prevent, counter; none: dismantle, disrupt; no contradictory action"
        ),
        "{}",
        r.stdout
    );
    // Contradictory action overlapping with +1.
    assert!(
        r.stdout.contains("both \u{2212}1 and +1")
            && r.stdout.contains(
                "e.g. strong: prevent, counter, dismantle, disrupt; contradictory action"
            ),
        "{}",
        r.stdout
    );
    let json = w.run(&["rubric", "check", CH19, "--format", "json"]).json();
    assert_eq!(json["gaps"], 1);
    let gap = &json["findings"][0];
    assert_eq!(gap["kind"], "gap");
    let weak: Vec<&str> = gap["example"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["strength"] == "weak")
        .map(|d| d["dimension"].as_str().unwrap())
        .collect();
    assert_eq!(weak, vec!["prevent", "counter"]);

    let r = w.run(&["rubric", "check", CH18]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("no gap, no overlap, no rule that never fires")
    );
    assert_eq!(
        r.stdout.lines().count(),
        1,
        "nothing but the summary: {}",
        r.stdout
    );
}

#[test]
fn rubric_versions_export_and_what_if() {
    let w = with_rubrics();
    let again = w.ok(&[
        "rubric",
        "import",
        CH18,
        "--cycle",
        CYCLE,
        "--commitment",
        "18",
    ]);
    assert!(
        again.stdout.contains("unchanged: identical to version 1"),
        "{}",
        again.stdout
    );
    let toml = w
        .ok(&["rubric", "export", "--cycle", CYCLE, "--commitment", "19"])
        .stdout;
    assert!(toml.contains("key = \"prevent\""), "{toml}");
    // Close the gap: weak in at least 2 (as the interpretive guidelines say).
    let changed = toml.replace("weak_only = { min = 3 }", "weak_only = { min = 2 }");
    assert_ne!(changed, toml, "the export spells the rule as the file does");
    let f = w.write("ch19-v2.toml", &changed);
    w.ok(&["cycle", "set", "--cycle", CYCLE, "--coders", "1"]);
    w.ok(&[
        "code",
        "--cycle",
        CYCLE,
        "--commitment",
        "19",
        "--member",
        "Japan",
        "--coder",
        "Ann Lee",
        "--evidence",
        "1",
        "--dimension",
        "prevent=weak",
        "--evidence",
        "1",
        "--dimension",
        "counter=weak",
    ]);
    let mut submit = vec!["coding", "submit"];
    submit.extend(target("Japan"));
    submit.extend(["--coder", "Ann Lee"]);
    w.ok(&submit);
    let r = w.ok(&[
        "rubric",
        "whatif",
        path_str(&f),
        "--cycle",
        CYCLE,
        "--commitment",
        "19",
    ]);
    assert!(r.stdout.contains("1 suggestion(s) change"), "{}", r.stdout);
    assert!(r.stdout.contains("Japan: gap → 0"), "{}", r.stdout);
    let history = w.ok(&["rubric", "history", "--cycle", CYCLE, "--commitment", "19"]);
    assert_eq!(history.stdout.lines().count(), 1, "what-if saves nothing");
    let r = w.ok(&[
        "rubric",
        "import",
        path_str(&f),
        "--cycle",
        CYCLE,
        "--commitment",
        "19",
    ]);
    assert!(r.stdout.contains("saved version 2"), "{}", r.stdout);
    assert!(r.stdout.contains("Japan: gap → 0"), "{}", r.stdout);
    let json = w
        .ok(&[
            "suggest",
            "--cycle",
            CYCLE,
            "--commitment",
            "19",
            "--format",
            "json",
        ])
        .json();
    let japan = json["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["member"] == "Japan")
        .unwrap();
    assert_eq!(japan["suggestion"]["rubric_version"], 2);
    assert_eq!(japan["suggestion"]["score"], 0);
    assert_eq!(japan["departs"], false);

    let bad = w.write(
        "bad.toml",
        "version = 1\n[[dimension]]\nkey = \"a\"\nname = \n",
    );
    let r = w.run(&["rubric", "check", path_str(&bad)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad.toml") && r.stderr.contains("line 4"),
        "{}",
        r.stderr
    );
}

#[test]
fn double_coding_agreement_adjudication_and_submission() {
    let w = with_rubrics();
    w.ok(&["cycle", "set", "--cycle", CYCLE, "--coders", "2"]);

    // A bad row: nothing of the file is written, and the error names the line.
    let bad = w.write(
        "bad.csv",
        "commitment,member,coder,evidence,dimension,strength\n\
         19,Canada,Ann Lee,1,prevent,weak\n\
         19,Canada,Bo Chan,1,sea,weak\n",
    );
    let r = w.run(&["coding", "import", path_str(&bad), "--cycle", CYCLE]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad.csv: line 3") && r.stderr.contains("`sea`"),
        "{}",
        r.stderr
    );
    let mut show = vec!["coding", "show"];
    show.extend(target("Canada"));
    show.extend(["--as", "Ann Lee"]);
    assert!(w.ok(&show).stdout.contains("no coding by Ann Lee yet"));

    let csv = w.write(
        "codings.csv",
        "commitment,member,coder,evidence,dimension,strength\n\
         19,Canada,Ann Lee,1,prevent,weak\n\
         19,Canada,Bo Chan,1,prevent,weak\n\
         19,Canada,Bo Chan,1,counter,weak\n\
         19,France,Ann Lee,1,counter,strong\n\
         19,France,Bo Chan,1,counter,strong\n",
    );
    w.ok(&["coding", "import", path_str(&csv), "--cycle", CYCLE]);
    let submit = |member: &str, coder: &str| {
        let mut a = vec!["coding", "submit"];
        a.extend(target(member));
        a.extend(["--coder", coder]);
        w.ok(&a);
    };
    submit("Canada", "Ann Lee");
    // Blind: Bo has not submitted, so each sees only their own.
    let mut as_bo = vec!["coding", "show"];
    as_bo.extend(target("Canada"));
    as_bo.extend(["--as", "Bo Chan"]);
    let view = w.ok(&as_bo).stdout;
    assert!(
        view.contains("Bo Chan (draft)") && !view.contains("Ann Lee"),
        "{view}"
    );
    assert!(view.contains("1 of 2 required"), "{view}");
    submit("Canada", "Bo Chan");
    submit("France", "Ann Lee");
    submit("France", "Bo Chan");
    let view = w.ok(&as_bo).stdout;
    assert!(
        view.contains("Ann Lee (submitted)") && view.contains("disagreements: counter"),
        "{view}"
    );

    // Kappa over Canada and France: prevent (weak,weak) (none,none) → 1; counter
    // (none,weak) (strong,strong) → p_o 1/2, p_e 1/4 → 1/3.
    let json = w
        .ok(&["agreement", "--cycle", CYCLE, "--format", "json"])
        .json();
    let c19 = json["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["commitment"] == "19")
        .unwrap();
    assert_eq!(c19["method"], "cohen_kappa");
    assert_eq!(c19["units"], 2);
    assert_eq!(c19["dimensions"][0]["dimension"], "prevent");
    assert_eq!(c19["dimensions"][0]["coefficient"]["value"], "1.000");
    assert_eq!(c19["dimensions"][1]["coefficient"]["value"], "0.333");
    let text = w.ok(&["agreement", "--cycle", CYCLE]).stdout;
    assert!(
        text.contains("Cohen's kappa, 2 unit(s)") && text.contains("0.333"),
        "{text}"
    );

    let queue = w.ok(&["disagreements", "--cycle", CYCLE]).stdout;
    assert!(
        queue.contains("19 Canada: counter (Ann Lee none, Bo Chan weak) — pending"),
        "{queue}"
    );
    let adjudicate = |by: &str| {
        let mut a = vec!["adjudicate"];
        a.extend(target("Canada"));
        a.extend(["--dimension", "counter", "--strength", "none", "--by", by]);
        w.run(&a)
    };
    let r = adjudicate("Demo Analyst E");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("only the lead analyst"), "{}", r.stderr);
    let r = adjudicate("Demo Lead Two");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let queue = w.ok(&["disagreements", "--cycle", CYCLE]).stdout;
    assert!(
        queue.contains("adjudicated none by Demo Lead Two"),
        "{queue}"
    );

    // Canada: weak in prevent only → −1 by rule 'weak in just 1, strong in none'; scored 0.
    let json = w
        .ok(&["suggest", "--cycle", CYCLE, "--format", "json"])
        .json();
    let canada = json["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["commitment"] == "19" && a["member"] == "Canada")
        .unwrap();
    assert_eq!(canada["suggestion"]["score"], -1);
    assert_eq!(canada["suggestion"]["rubric_version"], 1);
    assert!(
        canada["suggestion"]["reason"]
            .as_str()
            .unwrap()
            .contains("by rule 'weak in just 1, strong in none'")
    );
    assert_eq!(canada["departs"], true);
    assert_eq!(json["departures"], 1);
    let text = w.ok(&["suggest", "--cycle", CYCLE]).stdout;
    assert!(text.contains("1 of 2 suggested scores depart"), "{text}");

    let mut submit_canada = vec!["submit"];
    submit_canada.extend(target("Canada"));
    // The demo chapters are a published report's: a submission needs them reopened first.
    let r = w.run(&submit_canada);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("published"), "{}", r.stderr);
    for member in ["Canada", "France"] {
        let mut reopen = vec!["edition", "reopen"];
        reopen.extend(target(member));
        reopen.extend(["--note", "coded against the rubric for a corrected edition"]);
        w.ok(&reopen);
    }
    let r = w.run(&submit_canada);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("justification"), "{}", r.stderr);
    let justify_with = |text: &'static str| {
        let mut justify = vec!["justify"];
        justify.extend(target("Canada"));
        justify.extend(["--text", text]);
        justify
    };
    // A blank text is bad input (exit 2), not a justification: the submission is still refused.
    let r = w.run(&justify_with("   "));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("blank"), "{}", r.stderr);
    let r = w.run(&submit_canada);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("justification"), "{}", r.stderr);
    let r = w.ok(&justify_with(
        "The plan adopted in the period counts as partial action.",
    ));
    assert!(r.stdout.contains("justification saved"), "{}", r.stdout);
    let audit = w
        .ok(&[
            "audit",
            "--action",
            "assessment.justify",
            "--format",
            "json",
        ])
        .json();
    let detail = &audit["records"][0]["detail"];
    assert_eq!(detail["before"]["justification"], serde_json::Value::Null);
    assert_eq!(
        detail["after"]["justification"],
        "The plan adopted in the period counts as partial action."
    );
    assert_eq!(
        detail["after"]["version"].as_i64(),
        detail["before"]["version"].as_i64().map(|v| v + 1)
    );
    let r = w.ok(&submit_canada);
    assert!(
        r.stdout.contains("rubric version 1 suggests"),
        "{}",
        r.stdout
    );
    // Submitted: the justification is fixed until the director returns the assessment.
    let r = w.run(&justify_with("A second thought."));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("only a draft"), "{}", r.stderr);
    let mut submit_france = vec!["submit"];
    submit_france.extend(target("France"));
    w.ok(&submit_france);
}

/// The seed chapters with the example rubrics: every assessment is listed, uncoded until
/// coded; one coder's coding of Canada on 19 yields a suggestion with its reason and version.
#[test]
fn seed_chapters_take_the_example_rubrics() {
    let Some(seeds) = crate::harness::seeds_dir() else {
        return;
    };
    const SEED_CYCLE: &str = "2024 G7 Apulia Summit Final";
    let w = Workdir::new();
    let a = seeds.join("000_1b5db1f3beaa7658.txt");
    let b = seeds.join("001_be85ca2343117b4d.txt");
    w.ok(&["import", "report", path_str(&a), path_str(&b)]);
    for (code, file) in [("18", CH18), ("19", CH19)] {
        w.ok(&[
            "rubric",
            "import",
            file,
            "--cycle",
            SEED_CYCLE,
            "--commitment",
            code,
        ]);
    }
    let json = w
        .ok(&["suggest", "--cycle", SEED_CYCLE, "--format", "json"])
        .json();
    assert_eq!(json["assessments"].as_array().unwrap().len(), 16);
    assert!(
        json["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["state"] == "not_coded")
    );
    w.ok(&[
        "code",
        "--cycle",
        SEED_CYCLE,
        "--commitment",
        "19",
        "--member",
        "CAN",
        "--coder",
        "Ann Lee",
        "--evidence",
        "1",
        "--dimension",
        "prevent=strong",
    ]);
    w.ok(&[
        "coding",
        "submit",
        "--cycle",
        SEED_CYCLE,
        "--commitment",
        "19",
        "--member",
        "Canada",
        "--coder",
        "Ann Lee",
    ]);
    let text = w
        .ok(&["suggest", "--cycle", SEED_CYCLE, "--commitment", "19"])
        .stdout;
    assert!(
        text.contains("19 Canada: score 0; suggested 0 (rubric v1), departs: no"),
        "{text}"
    );
    assert!(text.contains("by rule 'strong in 1 to 3'"), "{text}");
}
