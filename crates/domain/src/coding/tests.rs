use super::*;

fn ch19() -> Rubric {
    Rubric::from_toml_str(include_str!("../../rubrics/g7-2024-19-smuggling.toml"))
        .expect("example rubric parses")
}

fn at(s: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_750_000_000 + s).expect("in range")
}

fn item(evidence: u32, dimension: &str, strength: EvidenceStrength) -> CodedEvidence {
    CodedEvidence {
        evidence,
        dimension: dimension.to_string(),
        strength,
    }
}

fn coder(name: &str, submitted: bool, items: Vec<CodedEvidence>) -> CoderCoding {
    CoderCoding {
        coder: name.to_string(),
        submitted_at: submitted.then(|| at(0)),
        items,
    }
}

fn assessment(required: u8, codings: Vec<CoderCoding>) -> AssessmentCodings {
    AssessmentCodings {
        member: "Canada".to_string(),
        required,
        codings,
        adjudications: Vec::new(),
    }
}

use EvidenceStrength::{Contradictory, Strong, Weak};

#[test]
fn single_coder_submitted_coding_is_effective() {
    let r = ch19();
    let a = assessment(
        1,
        vec![coder(
            "Ann Lee",
            true,
            vec![item(1, "prevent", Strong), item(2, "counter", Weak)],
        )],
    );
    let Effective::Ready(c) = a.effective(&r) else {
        panic!("ready expected: {:?}", a.effective(&r));
    };
    assert_eq!(
        c.strengths,
        vec![
            Strength::Strong,
            Strength::Weak,
            Strength::None,
            Strength::None
        ]
    );
    let s = a.suggestion(&r).expect("suggestion");
    assert_eq!(s.score(), Some(Score::Partial));
    assert!(s.reason.contains("strong in 1 to 3"), "{}", s.reason);
}

#[test]
fn uncoded_and_awaiting() {
    let r = ch19();
    assert_eq!(assessment(2, vec![]).effective(&r), Effective::Uncoded);
    let a = assessment(
        2,
        vec![
            coder("Ann Lee", true, vec![item(1, "prevent", Strong)]),
            coder("Bo Chan", false, vec![item(1, "prevent", Weak)]),
        ],
    );
    assert_eq!(
        a.effective(&r),
        Effective::AwaitingCoders {
            submitted: 1,
            required: 2
        }
    );
    assert!(a.disagreements(&r).is_empty(), "blind until both submitted");
}

#[test]
fn blind_until_all_submitted() {
    let a = assessment(
        2,
        vec![
            coder("Ann Lee", true, vec![item(1, "prevent", Strong)]),
            coder("Bo Chan", false, vec![item(1, "prevent", Weak)]),
        ],
    );
    let seen = a.visible_to("ann lee");
    assert_eq!(seen.codings.len(), 1);
    assert_eq!(seen.codings[0].coder, "Ann Lee");
    let seen = a.visible_to("Bo Chan");
    assert_eq!(seen.codings[0].coder, "Bo Chan");
    assert!(a.visible_to("Someone Else").codings.is_empty());

    let mut both = a.clone();
    both.codings[1].submitted_at = Some(at(5));
    assert_eq!(both.visible_to("Ann Lee").codings.len(), 2);
}

#[test]
fn disagreement_then_adjudication() {
    let r = ch19();
    let mut a = assessment(
        2,
        vec![
            coder(
                "Ann Lee",
                true,
                vec![item(1, "prevent", Strong), item(2, "counter", Weak)],
            ),
            coder(
                "Bo Chan",
                true,
                vec![
                    item(1, "prevent", Weak),
                    item(2, "counter", Weak),
                    item(3, "counter", Contradictory),
                ],
            ),
        ],
    );
    assert_eq!(a.disagreements(&r), vec!["prevent", "contradictory"]);
    assert_eq!(
        a.effective(&r),
        Effective::AwaitingAdjudication {
            dimensions: vec!["prevent".to_string(), "contradictory".to_string()]
        }
    );
    a.adjudications.push(Adjudication {
        dimension: Some("prevent".to_string()),
        strength: Strength::Strong,
        contradictory: false,
        by: "Lead".to_string(),
        note: String::new(),
        at: at(10),
    });
    assert_eq!(a.pending(&r), vec!["contradictory"]);
    a.adjudications.push(Adjudication {
        dimension: None,
        strength: Strength::None,
        contradictory: false,
        by: "Lead".to_string(),
        note: "item 3 is not contrary".to_string(),
        at: at(11),
    });
    let Effective::Ready(c) = a.effective(&r) else {
        panic!("ready expected");
    };
    assert_eq!(c.strength(0), Strength::Strong);
    assert_eq!(c.strength(1), Strength::Weak);
    assert!(!c.contradictory);
}

#[test]
fn departures_and_submission_check() {
    let r = ch19();
    let mut c = Coding::none(4);
    c.strengths[0] = Strength::Strong;
    let s = r.suggest(&c);
    assert_eq!(s.score(), Some(Score::Partial));
    assert!(departs(Verdict::Scored(Score::Full), &s));
    assert!(!departs(Verdict::Scored(Score::Partial), &s));
    assert!(!departs(Verdict::NotApplicable, &s));
    let refused = submission_check(Verdict::Scored(Score::Full), Some(&s), None);
    assert!(matches!(
        refused,
        Err(SubmissionRefused::NeedsJustification { .. })
    ));
    assert!(submission_check(Verdict::Scored(Score::Full), Some(&s), Some("  ")).is_err());
    assert!(submission_check(Verdict::Scored(Score::Full), Some(&s), Some("Because.")).is_ok());
    assert!(submission_check(Verdict::Scored(Score::Partial), Some(&s), None).is_ok());
    assert_eq!(
        submission_check(Verdict::NotAssessed, None, None),
        Err(SubmissionRefused::NotScored)
    );

    // Weak in exactly two: the gap never blocks.
    let mut gap = Coding::none(4);
    gap.strengths[0] = Strength::Weak;
    gap.strengths[1] = Strength::Weak;
    let g = r.suggest(&gap);
    assert_eq!(g.score(), None);
    assert!(!departs(Verdict::Scored(Score::Full), &g));
    assert!(submission_check(Verdict::Scored(Score::Full), Some(&g), None).is_ok());
}

/// Two coders on every unit → kappa. Four units, dimension `prevent`:
/// (strong, strong), (weak, weak), (none, none), (strong, weak). p_o = 3/4;
/// A: strong 2, weak 1, none 1; B: strong 1, weak 2, none 1; p_e = (2+2+1)/16 = 5/16;
/// κ = (3/4 − 5/16)/(1 − 5/16) = (7/16)/(11/16) = 7/11 = 0.636.
#[test]
fn agreement_two_coders_is_kappa() {
    let r = ch19();
    let pairs = [
        (Strong, Some(Strong)),
        (Weak, Some(Weak)),
        (Weak, None),
        (Strong, Some(Weak)),
    ];
    let units: Vec<AssessmentCodings> = pairs
        .iter()
        .enumerate()
        .map(|(i, (a, b))| {
            // Unit 3 is none for both: a codes nothing in prevent, b nothing.
            let a_items = if i == 2 {
                vec![]
            } else {
                vec![item(1, "prevent", *a)]
            };
            let b_items = b.map(|b| vec![item(1, "prevent", b)]).unwrap_or_default();
            assessment(
                2,
                vec![coder("Ann", true, a_items), coder("Bo", true, b_items)],
            )
        })
        .collect();
    let rep = agreement(&r, &units);
    assert_eq!(rep.method, Method::CohenKappa);
    assert_eq!(rep.units, 4);
    let (key, k, method, n) = &rep.per_dimension[0];
    assert_eq!(key, "prevent");
    assert_eq!(*method, Method::CohenKappa);
    assert_eq!(*n, 4);
    assert_eq!(k.map(|k| k.three_decimals()).as_deref(), Some("0.636"));
    // Every other dimension: everyone said none → undefined.
    assert_eq!(rep.per_dimension[1].1, None);
    assert_eq!(
        rep.per_dimension.last().map(|p| p.0.as_str()),
        Some("contradictory")
    );
    assert!(rep.overall.is_some());
}

#[test]
fn agreement_three_coders_is_alpha_and_skips_incomplete() {
    let r = ch19();
    let unit = |x: EvidenceStrength, y: EvidenceStrength, z: EvidenceStrength| {
        assessment(
            3,
            vec![
                coder("A", true, vec![item(1, "prevent", x)]),
                coder("B", true, vec![item(1, "prevent", y)]),
                coder("C", true, vec![item(1, "prevent", z)]),
            ],
        )
    };
    let mut incomplete = unit(Strong, Strong, Strong);
    incomplete.codings[2].submitted_at = None;
    let rep = agreement(
        &r,
        &[
            unit(Strong, Strong, Strong),
            unit(Weak, Weak, Strong),
            incomplete,
        ],
    );
    assert_eq!(rep.method, Method::KrippendorffAlpha);
    assert_eq!(rep.units, 2);
    assert_eq!(rep.coders.len(), 3);
    assert!(rep.per_dimension[0].1.is_some());
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    const KEYS: [&str; 4] = ["prevent", "counter", "dismantle", "disrupt"];

    fn items() -> impl Strategy<Value = Vec<CodedEvidence>> {
        prop::collection::vec((1u32..4, 0usize..4, 0u8..3), 0..6).prop_map(|v| {
            v.into_iter()
                .map(|(e, k, s)| {
                    let strength = match s {
                        0 => Strong,
                        1 => Weak,
                        _ => Contradictory,
                    };
                    item(e, KEYS[k], strength)
                })
                .collect()
        })
    }

    proptest! {
        /// Two submitted codings: once every disagreement is adjudicated the coding is ready;
        /// where the coders agreed it is their value, elsewhere the adjudicated one.
        #[test]
        fn adjudicating_every_disagreement_makes_the_coding_ready(
            a in items(), b in items(), pick in prop::collection::vec(0usize..3, 5)
        ) {
            let r = ch19();
            let mut x = assessment(2, vec![coder("A", true, a), coder("B", true, b)]);
            let ca = x.codings[0].coding(&r).expect("known keys");
            let cb = x.codings[1].coding(&r).expect("known keys");
            let points = x.disagreements(&r);
            for (n, p) in points.iter().enumerate() {
                x.adjudications.push(Adjudication {
                    dimension: (p != CONTRADICTORY).then(|| p.clone()),
                    strength: Strength::ALL[pick[n % pick.len()]],
                    contradictory: pick[n % pick.len()] > 0,
                    by: "Lead".to_string(),
                    note: String::new(),
                    at: at(i64::try_from(n).unwrap_or(0)),
                });
            }
            let Effective::Ready(c) = x.effective(&r) else {
                panic!("not ready after adjudicating {points:?}");
            };
            for (i, d) in r.dimensions.iter().enumerate() {
                if ca.strength(i) == cb.strength(i) {
                    prop_assert_eq!(c.strength(i), ca.strength(i));
                } else {
                    prop_assert_eq!(Some(c.strength(i)), x.adjudication(&d.key).map(|a| a.strength));
                }
            }
            if ca.contradictory == cb.contradictory {
                prop_assert_eq!(c.contradictory, ca.contradictory);
            }
        }

        /// Kappa does not depend on which coder is called first.
        #[test]
        fn agreement_is_symmetric_in_the_coders(
            units in prop::collection::vec((items(), items()), 1..6)
        ) {
            let r = ch19();
            let forward: Vec<AssessmentCodings> = units
                .iter()
                .map(|(a, b)| assessment(2, vec![coder("A", true, a.clone()), coder("B", true, b.clone())]))
                .collect();
            let backward: Vec<AssessmentCodings> = units
                .iter()
                .map(|(a, b)| assessment(2, vec![coder("A", true, b.clone()), coder("B", true, a.clone())]))
                .collect();
            let f = agreement(&r, &forward);
            let g = agreement(&r, &backward);
            prop_assert_eq!(f.method, Method::CohenKappa);
            prop_assert_eq!(f.per_dimension, g.per_dimension);
            prop_assert_eq!(f.overall, g.overall);
        }
    }
}
