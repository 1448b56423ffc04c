//! Action plans: the two seed plans (../shared/seeds), our own fixtures in both layouts, bad
//! files, and no panics on any bytes. Expected seed texts are rebuilt from the seed's own lines
//! (named by number) rather than copied here.

use jiff::civil::date;
use pledgewatch_domain::plan::{Plan, PlanSection, ReportingRhythm, SectionKind};
use pledgewatch_ingest::plan::{PlanError, PlanOptions, parse_plan};
use proptest::prelude::*;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
const ACTION_PLAN: &str = "002_257afbfe97d79c35.txt";
const SUMMARY: &str = "003_876a916b4faf2566.txt";
const CALAIS: &str = "004_e25c31d3b4dc99e0.txt";

const HARBOUR: &str = include_str!("../fixtures/plans/harbour_action_plan.txt");
const LIGHTHOUSE: &str = include_str!("../fixtures/plans/lighthouse_priority_plan.txt");
const PILLAR_WITHOUT_MEASURES: &str = include_str!("../fixtures/plans/pillar_without_measures.txt");
const EMPTY: &[u8] = include_bytes!("../fixtures/plans/empty.txt");
const BINARY: &[u8] = include_bytes!("../fixtures/plans/binary.bin");

/// The seed's text, or `None` (saying so) when ../shared/seeds is absent.
fn seed(name: &str) -> Option<String> {
    let path = format!("{SEEDS}/{name}");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("seeds not found at {SEEDS}: skipping (no {name})");
            None
        }
    }
}

fn parse(text: &str, opts: &PlanOptions) -> Plan {
    match parse_plan(text.as_bytes(), opts) {
        Ok(plan) => plan,
        Err(e) => panic!("the plan does not parse: {e}"),
    }
}

fn err(text: &str) -> PlanError {
    match parse_plan(text.as_bytes(), &PlanOptions::default()) {
        Ok(plan) => panic!("accepted: {plan:?}"),
        Err(e) => e,
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// (number, measure count, sub-measure count) per section of a kind.
fn shape(plan: &Plan, kind: SectionKind) -> Vec<(String, usize, usize)> {
    plan.sections_of(kind)
        .map(|s| {
            let subs = s.measures.iter().map(|m| m.sub_measures.len()).sum();
            (s.number.clone(), s.measures.len(), subs)
        })
        .collect()
}

fn codes(s: &PlanSection) -> Vec<&str> {
    s.measures
        .iter()
        .flat_map(|m| m.walk())
        .map(|m| m.code.as_str())
        .collect()
}

/// The seed's line `n` (1-based), without a leading bullet.
fn seed_line(text: &str, n: usize) -> &str {
    let line = text.lines().nth(n - 1).unwrap_or_default().trim();
    line.strip_prefix("- ").unwrap_or(line)
}

#[test]
fn seed_action_plan_six_priorities_and_five_pillars() {
    let Some(text) = seed(ACTION_PLAN) else {
        return;
    };
    let g7 = strings(&[
        "Canada",
        "France",
        "Germany",
        "Italy",
        "Japan",
        "United Kingdom",
        "United States",
        "European Union",
    ]);
    let plan = parse(
        &text,
        &PlanOptions {
            institution: None,
            members: g7.clone(),
            observers: Vec::new(),
        },
    );
    assert_eq!(plan.institution, "G7");
    assert!(plan.title.starts_with("G7 Action Plan"), "{}", plan.title);
    assert!(!plan.title.contains("ANNEX"), "{}", plan.title);
    // The annex is published under the meeting's page header; adopted when the meeting closed.
    assert!(
        plan.source
            .starts_with("G7 Interior and Security Ministers"),
        "{}",
        plan.source
    );
    assert_eq!(plan.adopted_on, Some(date(2024, 10, 4)));
    assert_eq!(plan.rhythm, ReportingRhythm::TwiceAYear);
    assert_eq!(plan.reviewed_by.as_deref(), Some("Roma-Lyon Group"));
    assert_eq!(plan.members, g7);

    // Counted by hand from the seed: the six priorities are the six `- **…**` items on lines
    // 33–38 (the sixth is cut by the page header and goes on at line 44); they carry no measures.
    assert_eq!(
        shape(&plan, SectionKind::Priority),
        (1..=6).map(|n| (n.to_string(), 0, 0)).collect::<Vec<_>>()
    );
    // Measures counted by hand as the `- ` lines between one `(N)` pillar heading and the next:
    // I (line 50): lines 52, 53, 54, 55, 56 (cut by the page header, goes on at 62) and 64 = 6;
    // II (66): 68, 69, 70, 71 (goes on at 77) = 4;
    // III (79): 81–88 and 94 (after the page header) = 9;
    // IV (96): 98, 99, 100 = 3;
    // V (102): 104, 105, 106, and 112, 113 after the page header = 5. In all 27.
    assert_eq!(
        shape(&plan, SectionKind::Pillar),
        [
            ("I".to_string(), 6, 0),
            ("II".to_string(), 4, 0),
            ("III".to_string(), 9, 0),
            ("IV".to_string(), 3, 0),
            ("V".to_string(), 5, 0),
        ]
    );
    assert_eq!(plan.tracked_measures().len(), 27);
    // Priorities come first, then the pillars, in the order printed.
    let order: Vec<(SectionKind, &str)> = plan
        .sections
        .iter()
        .map(|s| (s.kind, s.number.as_str()))
        .collect();
    assert_eq!(order[5], (SectionKind::Priority, "6"));
    assert_eq!(order[6], (SectionKind::Pillar, "I"));

    let pillar = |n: &str| {
        plan.sections_of(SectionKind::Pillar)
            .find(|s| s.number == n)
            .expect("the pillar is there")
    };
    // Titles as printed (the bold opening, or the heading up to its first comma or " by:").
    let has = |n: &str, words: &[&str]| {
        let s = pillar(n);
        for w in words {
            assert!(s.text.contains(w), "pillar {n}: {w:?} not in {:?}", s.text);
        }
    };
    has(
        "I",
        &[
            "operational and investigative capacities",
            "law enforcement",
        ],
    );
    has("II", &["international cooperation", "police, judicial"]);
    has("III", &["countries of origin and transit"]);
    has("IV", &["Prevention and awareness raising"]);
    has("V", &["knowledge", "Monitoring"]);
    assert_eq!(pillar("IV").title, "Prevention and awareness raising");
    assert!(pillar("I").title.ends_with("law enforcement agencies"));
    assert!(!pillar("I").title.contains('*'));
    assert_eq!(codes(pillar("II")), ["II.1", "II.2", "II.3", "II.4"]);

    // The page header is gone, and the measures cut by it are whole again.
    let header = seed_line(&text, 5);
    for m in plan.measures() {
        assert!(!m.text.contains(header), "{}: {}", m.code, m.text);
    }
    let i5 = &pillar("I").measures[4];
    assert_eq!(
        i5.text,
        format!("{} {}", seed_line(&text, 56), seed_line(&text, 62))
    );
    let iii9 = &pillar("III").measures[8];
    assert_eq!(iii9.text, seed_line(&text, 94));
    // The monitoring clause is the last measure of pillar V.
    assert_eq!(pillar("V").measures[4].text, seed_line(&text, 113));
}

#[test]
fn seed_calais_plan_five_priorities_second_with_three_sub_measures() {
    let Some(text) = seed(CALAIS) else { return };
    let opts = PlanOptions {
        institution: None,
        members: strings(&[
            "United Kingdom",
            "Germany",
            "France",
            "Belgium",
            "Netherlands",
        ]),
        observers: strings(&["European Commission", "Europol", "Frontex"]),
    };
    let plan = parse(&text, &opts);
    assert_eq!(plan.institution, "Calais Group");
    assert!(
        plan.title.starts_with("Calais Group Priority Plan"),
        "{}",
        plan.title
    );
    assert_eq!(plan.source, plan.title);
    assert_eq!(plan.adopted_on, Some(date(2024, 12, 10)));
    assert_eq!(plan.rhythm, ReportingRhythm::Unspecified);
    assert_eq!(plan.reviewed_by, None);
    assert_eq!(plan.members, opts.members);
    assert_eq!(plan.observers, opts.observers);
    assert_eq!(shape(&plan, SectionKind::Pillar), []);
    // Each priority is one measure; the second's three `- ` items (lines 51–53) are its
    // sub-measures.
    assert_eq!(
        shape(&plan, SectionKind::Priority),
        [
            ("1".to_string(), 1, 0),
            ("2".to_string(), 1, 3),
            ("3".to_string(), 1, 0),
            ("4".to_string(), 1, 0),
            ("5".to_string(), 1, 0),
        ]
    );
    assert_eq!(codes(&plan.sections[1]), ["2", "2(a)", "2(b)", "2(c)"]);
    let tracked: Vec<&str> = plan
        .tracked_measures()
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(tracked, ["1", "2(a)", "2(b)", "2(c)", "3", "4", "5"]);
    assert_eq!(
        plan.sections[1].measures[0].sub_measures[2].text,
        seed_line(&text, 53)
    );
    assert_eq!(
        plan.sections[0].title,
        seed_line(&text, 43).trim_start_matches("1. ")
    );
    // Priority 3's paragraph was cut by a stray blank line (57 / 59): joined again.
    let joined = format!("{} {}", seed_line(&text, 57), seed_line(&text, 59));
    assert!(
        plan.sections[2].text.ends_with(&joined),
        "{}",
        plan.sections[2].text
    );
    // The page's footer is not part of priority 5.
    assert!(!plan.sections[4].text.contains("OGL"));
    assert!(!plan.sections[4].text.contains("copyright"));
}

#[test]
fn seed_press_summary_is_not_a_plan() {
    // Prose about the Action Plan, with no pillar headings or numbered priorities.
    let Some(text) = seed(SUMMARY) else { return };
    assert_eq!(
        parse_plan(text.as_bytes(), &PlanOptions::default()),
        Err(PlanError::NoSections)
    );
}

#[test]
fn fixture_action_plan_layout() {
    let plan = parse(HARBOUR, &PlanOptions::default());
    assert_eq!(plan.institution, "Harbour Group");
    assert_eq!(plan.title, "Harbour Group Action Plan on Safer Ports");
    assert_eq!(
        plan.source,
        "Harbour Ministers' Meeting Porto Nuovo, 11-12 May 2026"
    );
    assert_eq!(plan.adopted_on, Some(date(2026, 5, 12)));
    assert_eq!(plan.rhythm, ReportingRhythm::Yearly);
    assert_eq!(plan.reviewed_by.as_deref(), Some("Harbour Council"));

    let titles: Vec<(&str, &str)> = plan
        .sections
        .iter()
        .map(|s| (s.number.as_str(), s.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        [
            ("1", "keep crews safe at sea"),
            ("2", "modernise port inspections"),
            ("3", "share what we learn"),
            ("I", "Joint inspection capacity"),
            ("II", "Training of crews and inspectors"),
            ("III", "Review of the plan"),
        ]
    );
    let all: Vec<Vec<&str>> = plan.sections.iter().map(codes).collect();
    assert_eq!(
        all,
        [
            vec![],
            vec!["P2.1", "P2.2"],
            vec![],
            vec!["I.1", "I.2", "I.2(a)", "I.2(b)", "I.3"],
            vec!["II.1", "II.2"],
            vec!["III.1"],
        ]
    );
    let i2 = &plan.sections[3].measures[1];
    assert_eq!(i2.text, "agreeing a common inspection record, including:");
    assert_eq!(i2.sub_measures[1].text, "what was found and what was done;");
    assert_eq!(
        plan.sections[4].measures[1].text,
        "shared online courses for inspectors;"
    );
    assert_eq!(
        plan.sections[0].text,
        "keep crews safe at sea, with training and equipment;"
    );
}

#[test]
fn fixture_priority_plan_layout() {
    let opts = PlanOptions {
        institution: Some("ignored: the title names it".into()),
        members: strings(&["Atlantis", "Borduria", "Ruritania"]),
        observers: strings(&["Coastal Agency"]),
    };
    let plan = parse(LIGHTHOUSE, &opts);
    assert_eq!(plan.institution, "Lighthouse Group");
    assert_eq!(plan.adopted_on, Some(date(2026, 3, 3)));
    assert_eq!(plan.observers, ["Coastal Agency"]);
    assert_eq!(
        shape(&plan, SectionKind::Priority),
        [
            ("1".to_string(), 1, 0),
            ("2".to_string(), 1, 2),
            ("3".to_string(), 1, 0)
        ]
    );
    assert_eq!(plan.sections[1].title, "Warn ships of storms earlier");
    assert_eq!(plan.sections[1].measures[0].sub_measures[1].code, "2(b)");
    assert_eq!(
        plan.sections[2].text,
        "Train young keepers\n\nPartners will run a joint school for keepers, with a summer term at each partner in turn."
    );
}

#[test]
fn institution_from_options_when_the_title_does_not_name_it() {
    let text = "Plan for Safer Ports\n\n1. Inspect\n\nText.\n";
    assert_eq!(
        err(text),
        PlanError::NoInstitution {
            line: 1,
            title: "Plan for Safer Ports".into()
        }
    );
    let opts = PlanOptions {
        institution: Some("Harbour Group".into()),
        ..PlanOptions::default()
    };
    assert_eq!(parse(text, &opts).institution, "Harbour Group");
}

#[test]
fn bad_files_get_errors_that_name_the_line() {
    let opts = PlanOptions::default();
    assert_eq!(parse_plan(EMPTY, &opts), Err(PlanError::Empty));
    assert_eq!(parse_plan(b" \n\t\n", &opts), Err(PlanError::Empty));
    assert_eq!(
        PlanError::Empty.to_string(),
        "the file is empty: expected the text of an action plan"
    );

    let e = parse_plan(BINARY, &opts).unwrap_err();
    assert_eq!(e, PlanError::Binary { line: 1 });
    assert!(e.to_string().contains("binary"), "{e}");

    let e = parse_plan(b"Harbour Group Action Plan\n\n(I) X by:\n\xff\xfe", &opts).unwrap_err();
    assert_eq!(
        e,
        PlanError::NotUtf8 {
            line: 4,
            offset: 37
        }
    );
    assert!(
        e.to_string().starts_with("line 4: the file is not UTF-8"),
        "{e}"
    );

    let e = err("Harbour Group Action Plan\n\nWe will do good things.\n\n- one thing\n");
    assert_eq!(e, PlanError::NoSections);
    assert!(
        e.to_string()
            .starts_with("no priority or pillar found: expected"),
        "{e}"
    );

    let e = err(PILLAR_WITHOUT_MEASURES);
    assert_eq!(
        e,
        PlanError::NoMeasures {
            line: 7,
            kind: SectionKind::Pillar,
            number: "II".into(),
            title: "Training of crews and inspectors".into(),
        }
    );
    assert_eq!(
        e.to_string(),
        "line 7: pillar II (\"Training of crews and inspectors\") has no measures: expected lines starting with `- ` after its heading"
    );
    assert_eq!(e.line(), Some(7));
}

#[test]
fn a_priority_that_announces_a_list_needs_one() {
    let text = LIGHTHOUSE.replace(
        "- Sending storm warnings to ships on one common channel.\n- Publishing a shared storm map every six hours.\n",
        "",
    );
    assert_ne!(text, LIGHTHOUSE);
    let line = LIGHTHOUSE
        .lines()
        .position(|l| l.starts_with("2. "))
        .map(|i| i + 1);
    let e = err(&text);
    assert!(
        matches!(
            e,
            PlanError::NoMeasures {
                kind: SectionKind::Priority,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.line(), line);
}

#[test]
fn numbering_out_of_order_is_named() {
    let e = err(&LIGHTHOUSE.replace("3. Train", "4. Train"));
    assert_eq!(
        e.to_string().split(':').nth(1),
        Some(" priority 4 follows priority 2")
    );
    let e = err(&HARBOUR.replace("(II) Training", "(IV) Training"));
    assert!(
        e.to_string()
            .ends_with("pillar (IV) follows pillar (I): expected pillar (II)"),
        "{e}"
    );
}

#[test]
fn no_title_and_bad_dates() {
    let e = err("Safer ports\n\n(I) Inspect by:\n\n- one\n");
    assert_eq!(
        e,
        PlanError::NoTitle {
            line: 3,
            kind: SectionKind::Pillar
        }
    );
    let e = err(&LIGHTHOUSE.replace("Published 3 March 2026", "Published 31 February 2026"));
    assert_eq!(
        e,
        PlanError::BadDate {
            line: 5,
            found: "31 February 2026".into()
        }
    );
}

#[test]
fn a_member_cannot_be_an_observer() {
    let opts = PlanOptions {
        institution: None,
        members: strings(&["Atlantis"]),
        observers: strings(&["Atlantis"]),
    };
    let e = parse_plan(LIGHTHOUSE.as_bytes(), &opts).unwrap_err();
    assert_eq!(
        e,
        PlanError::MemberAndObserver {
            name: "Atlantis".into()
        }
    );
}

fn no_panic(bytes: &[u8]) {
    match parse_plan(bytes, &PlanOptions::default()) {
        Ok(plan) => {
            assert!(!plan.sections.is_empty());
            assert!(!plan.title.is_empty());
        }
        Err(e) => {
            let lineless = matches!(
                e,
                PlanError::Empty | PlanError::NoSections | PlanError::MemberAndObserver { .. }
            );
            assert!(lineless || e.line().is_some_and(|l| l >= 1), "{e}");
            assert!(!e.to_string().chars().any(char::is_control), "{e}");
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        no_panic(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(\\PC|\n|\t| {2}|- |\\(I+\\) |[0-9]\\. |\\*\\*|Plan |review )*") {
        no_panic(text.as_bytes());
    }

    #[test]
    fn truncated_fixtures_never_panic(which in 0usize..3, cut in any::<prop::sample::Index>()) {
        let text = [HARBOUR, LIGHTHOUSE, PILLAR_WITHOUT_MEASURES][which].as_bytes();
        no_panic(&text[..cut.index(text.len() + 1)]);
    }
}
