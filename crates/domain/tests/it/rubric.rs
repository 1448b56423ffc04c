//! Rubric and agreement properties: the checker's findings are exactly the codings a brute-force
//! pass scores badly, its examples fail the way it says, a complete rubric scores every coding
//! once, rubric files round-trip, and the agreement coefficients behave.

use std::collections::BTreeSet;

use pledgewatch_domain::Score;
use pledgewatch_domain::agreement::{Level, cohen_kappa, krippendorff_alpha};
use pledgewatch_domain::rubric::{
    Coding, Condition, CountRange, Dimension, EvidenceStrength, Outcome, Rubric, RubricFinding,
    Rule, Shape, Strength, every_coding,
};
use proptest::prelude::*;

fn dimension(i: usize) -> Dimension {
    Dimension {
        key: format!("d{i}"),
        name: format!("Dimension {i}"),
        description: String::new(),
        strong_examples: vec![],
        weak_examples: vec![],
    }
}

fn score() -> impl Strategy<Value = Score> {
    prop_oneof![
        Just(Score::NoCompliance),
        Just(Score::Partial),
        Just(Score::Full)
    ]
}

/// Ranges that may reach past the rubric or run backwards: the checker must cope.
fn range(d: u32) -> impl Strategy<Value = CountRange> {
    (0..=d + 1, prop::option::of(0..=d + 1)).prop_map(|(min, max)| CountRange { min, max })
}

/// Dimension keys, with an occasional one the rubric lacks.
fn keys(d: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            8 => (0..d).prop_map(|i| format!("d{i}")),
            1 => Just("unknown".to_string()),
        ],
        0..3,
    )
}

fn condition(d: usize) -> impl Strategy<Value = Condition> {
    let dd = d as u32;
    let leaf = prop_oneof![
        range(dd).prop_map(Condition::Strong),
        range(dd).prop_map(Condition::AtLeastWeak),
        range(dd).prop_map(Condition::WeakOnly),
        keys(d).prop_map(Condition::StrongIn),
        keys(d).prop_map(Condition::AtLeastWeakIn),
        any::<bool>().prop_map(Condition::Contradictory),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::All),
            prop::collection::vec(inner, 0..4).prop_map(Condition::Any),
        ]
    })
}

fn rubric() -> impl Strategy<Value = Rubric> {
    (1usize..=4).prop_flat_map(|d| {
        prop::collection::vec((score(), condition(d), "[a-z \"\\\\\t]{0,6}"), 0..7).prop_map(
            move |rules| Rubric {
                version: 1,
                dimensions: (0..d).map(dimension).collect(),
                rules: rules
                    .into_iter()
                    .enumerate()
                    .map(|(i, (score, when, name))| Rule {
                        name: format!("{name}{i}"),
                        score,
                        when,
                    })
                    .collect(),
            },
        )
    })
}

/// Indices of the rules that fire, straight from `scores_for`.
fn firing(r: &Rubric, c: &Coding) -> Vec<usize> {
    r.scores_for(c)
        .iter()
        .map(|(rule, _)| r.rules.iter().position(|x| std::ptr::eq(x, *rule)).unwrap())
        .collect()
}

fn distinct(r: &Rubric, fired: &[usize]) -> BTreeSet<Score> {
    fired.iter().map(|&i| r.rules[i].score).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whatever the rubric, the checker does not panic, and what it reports is exactly what a
    /// brute-force pass over every coding finds; every example fails the way it says.
    #[test]
    fn checker_reports_exactly_what_brute_force_finds(r in rubric()) {
        let report = r.check().unwrap();
        let d = r.dimensions.len();
        let (mut gaps, mut overlaps, mut every_one) = (0u64, 0u64, true);
        let mut ever_fired = vec![false; r.rules.len()];
        for c in every_coding(d) {
            let fired = firing(&r, &c);
            for &i in &fired { ever_fired[i] = true; }
            match distinct(&r, &fired).len() {
                0 => gaps += 1,
                1 => {}
                _ => overlaps += 1,
            }
            let one = matches!(r.suggest(&c).outcome, Outcome::Score(_));
            every_one &= one;
        }
        prop_assert_eq!(report.codings, 3u64.pow(d as u32) * 2);
        prop_assert_eq!(report.is_complete(), every_one);

        let (mut gap_total, mut overlap_total) = (0, 0);
        for f in &report.findings {
            let _ = f.message(&r);
            match f {
                RubricFinding::Gap { shape, example, count } => {
                    prop_assert!(firing(&r, example).is_empty(), "gap example fires a rule");
                    prop_assert_eq!(Shape::of(example, d), *shape);
                    prop_assert_eq!(r.suggest(example).outcome, Outcome::Gap);
                    gap_total += count;
                }
                RubricFinding::Overlap { example, scores, rules, count } => {
                    let fired = firing(&r, example);
                    let listed: Vec<usize> = rules.iter().map(|x| x.index).collect();
                    prop_assert_eq!(&fired, &listed);
                    let found: Vec<Score> = distinct(&r, &fired).into_iter().collect();
                    prop_assert!(found.len() >= 2, "overlap example has one score");
                    prop_assert_eq!(&found, scores);
                    prop_assert_eq!(r.suggest(example).outcome, Outcome::Overlap(found));
                    overlap_total += count;
                }
                RubricFinding::NeverFires { rule, reason } => {
                    prop_assert!(!ever_fired[rule.index], "rule said never to fire fires");
                    prop_assert!(!reason.is_empty());
                }
            }
        }
        prop_assert_eq!(gap_total, gaps);
        prop_assert_eq!(overlap_total, overlaps);
        let dead: Vec<usize> = (0..r.rules.len()).filter(|&i| !ever_fired[i]).collect();
        let reported: Vec<usize> = report.never_fires().map(|f| match f {
            RubricFinding::NeverFires { rule, .. } => rule.index,
            _ => usize::MAX,
        }).collect();
        prop_assert_eq!(dead, reported);
    }

    /// Rubrics built by thresholds are complete by construction: the checker agrees and every
    /// coding gets exactly one score.
    #[test]
    fn complete_rubrics_score_every_coding_once(
        (d, full_at, partial_at) in (1u32..=6).prop_flat_map(|d| (Just(d), 1..=d, 0..=d)),
        contradiction_decides in any::<bool>(),
    ) {
        let below_full = CountRange::at_most(full_at - 1);
        let mut rules = vec![
            (Score::Full, Condition::Strong(CountRange::at_least(full_at))),
            (Score::Partial, Condition::All(vec![
                Condition::Strong(below_full),
                Condition::AtLeastWeak(CountRange::at_least(partial_at)),
            ])),
        ];
        if partial_at > 0 {
            rules.push((Score::NoCompliance, Condition::All(vec![
                Condition::Strong(below_full),
                Condition::AtLeastWeak(CountRange::at_most(partial_at - 1)),
            ])));
        }
        if contradiction_decides {
            for (_, when) in &mut rules {
                *when = Condition::All(vec![when.clone(), Condition::Contradictory(false)]);
            }
            rules.push((Score::NoCompliance, Condition::Contradictory(true)));
        }
        let r = Rubric {
            version: 3,
            dimensions: (0..d as usize).map(dimension).collect(),
            rules: rules.into_iter().enumerate()
                .map(|(i, (score, when))| Rule { name: format!("rule {i}"), score, when })
                .collect(),
        };
        prop_assert!(r.validate().is_ok());
        let report = r.check().unwrap();
        prop_assert!(report.is_complete(), "{}", report.summary());
        for c in every_coding(d as usize) {
            let s = r.suggest(&c);
            prop_assert!(s.score().is_some(), "{}", s.reason);
            prop_assert_eq!(s.rubric_version, 3);
        }
    }

    /// Writing a rubric and reading it back gives the same rubric, conditions in normal form,
    /// and so the same scores for every coding.
    #[test]
    fn rubric_files_round_trip(r in rubric()) {
        let text = r.to_toml_string();
        let back: Rubric = toml::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let mut normal = r.clone();
        for rule in &mut normal.rules {
            let once = rule.when.normalized();
            prop_assert_eq!(once.normalized(), once.clone(), "normalising twice changes it");
            rule.when = once;
        }
        prop_assert_eq!(&back, &normal);
        for c in every_coding(r.dimensions.len()) {
            prop_assert_eq!(r.suggest(&c).rules, back.suggest(&c).rules);
        }
        let json = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(serde_json::from_str::<Rubric>(&json).unwrap(), normal);
    }

    /// Per dimension the strongest action counts; any contradictory item marks the coding.
    #[test]
    fn coding_from_evidence(items in prop::collection::vec((0usize..4, 0u8..3), 0..12)) {
        let dims: Vec<Dimension> = (0..4).map(dimension).collect();
        let evidence: Vec<(String, EvidenceStrength)> = items.iter().map(|&(i, s)| {
            let s = [EvidenceStrength::Weak, EvidenceStrength::Strong, EvidenceStrength::Contradictory][s as usize];
            (format!("d{i}"), s)
        }).collect();
        let c = Coding::from_evidence(&dims, evidence).unwrap();
        for i in 0..4 {
            let expected = items.iter().filter(|&&(j, _)| j == i).map(|&(_, s)| match s {
                0 => Strength::Weak,
                1 => Strength::Strong,
                _ => Strength::None,
            }).max().unwrap_or(Strength::None);
            prop_assert_eq!(c.strength(i), expected);
        }
        prop_assert_eq!(c.contradictory, items.iter().any(|&(_, s)| s == 2));
    }

    #[test]
    fn kappa_is_one_for_identical_codings(codes in prop::collection::vec(0u8..4, 1..40)) {
        let k = cohen_kappa(codes.iter().map(|&c| (c, c)));
        let categories: BTreeSet<u8> = codes.iter().copied().collect();
        if categories.len() >= 2 {
            let k = k.unwrap();
            prop_assert_eq!((k.numerator(), k.denominator()), (1, 1));
        } else {
            prop_assert_eq!(k, None, "one category: chance agreement is perfect");
        }
    }

    #[test]
    fn kappa_is_symmetric_and_at_most_one(
        pairs in prop::collection::vec((0u8..4, 0u8..4), 0..40),
    ) {
        let k = cohen_kappa(pairs.iter().copied());
        let swapped = cohen_kappa(pairs.iter().map(|&(a, b)| (b, a)));
        prop_assert_eq!(k, swapped);
        if let Some(k) = k {
            prop_assert!(k.numerator() <= k.denominator());
        }
    }

    /// Alpha does not depend on the order of coders, and is 1 when all coders agree.
    #[test]
    fn alpha_ignores_coder_order(
        units in prop::collection::vec(prop::collection::vec(prop::option::of(0u8..4), 3), 0..20),
        ordinal in any::<bool>(),
    ) {
        let level = if ordinal { Level::Ordinal } else { Level::Nominal };
        let a = krippendorff_alpha(units.clone(), level);
        let reversed: Vec<Vec<Option<u8>>> = units.iter().map(|u| u.iter().rev().copied().collect()).collect();
        prop_assert_eq!(a, krippendorff_alpha(reversed, level));
        if let Some(a) = a {
            prop_assert!(a.numerator() <= a.denominator());
        }
        let agreed: Vec<Vec<Option<u8>>> = units.iter().map(|u| {
            let v = u.iter().flatten().next().copied();
            u.iter().map(|x| x.and(v)).collect()
        }).collect();
        if let Some(a) = krippendorff_alpha(agreed, level) {
            prop_assert_eq!((a.numerator(), a.denominator()), (1, 1));
        }
    }
}

#[test]
fn every_coding_is_listed_once() {
    for d in 0..=5 {
        let all: Vec<Coding> = every_coding(d).collect();
        let unique: BTreeSet<(Vec<Strength>, bool)> = all
            .iter()
            .map(|c| (c.strengths.clone(), c.contradictory))
            .collect();
        assert_eq!(all.len(), 3usize.pow(d as u32) * 2);
        assert_eq!(unique.len(), all.len());
    }
}

/// The largest rubric the checker accepts is checked in one go (3^10 × 2 codings).
#[test]
fn ten_dimensions_are_checked() {
    let r = Rubric {
        version: 1,
        dimensions: (0..10).map(dimension).collect(),
        rules: vec![
            Rule {
                name: "strong in all".into(),
                score: Score::Full,
                when: Condition::Strong(CountRange::exactly(10)),
            },
            Rule {
                name: "some".into(),
                score: Score::Partial,
                when: Condition::All(vec![
                    Condition::Strong(CountRange::at_most(9)),
                    Condition::AtLeastWeak(CountRange::at_least(1)),
                ]),
            },
            Rule {
                name: "none".into(),
                score: Score::NoCompliance,
                when: Condition::AtLeastWeak(CountRange::exactly(0)),
            },
        ],
    };
    let report = r.check().unwrap();
    assert_eq!(report.codings, 118_098);
    assert!(report.findings.is_empty(), "{}", report.summary());
}
