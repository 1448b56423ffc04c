use jiff::civil::date;

use super::*;
use ImplementationStatus::*;

fn m(code: &str, subs: &[&str]) -> Measure {
    Measure {
        code: code.into(),
        text: format!("measure {code}"),
        sub_measures: subs.iter().map(|c| m(c, &[])).collect(),
    }
}

/// Two sections: pillar I with I.1 and I.2; priority 2 with sub-measures 2(a) and 2(b).
fn plan() -> Plan {
    Plan {
        institution: "Harbour Group".into(),
        title: "Harbour Group Plan".into(),
        adopted_on: Some(date(2025, 3, 1)),
        source: "Harbour Group Plan".into(),
        rhythm: ReportingRhythm::TwiceAYear,
        reviewed_by: Some("Harbour Council".into()),
        members: vec!["Atlantis".into(), "Borduria".into()],
        observers: vec!["Europol".into()],
        sections: vec![
            PlanSection {
                kind: SectionKind::Pillar,
                number: "I".into(),
                title: "Capacity".into(),
                text: "Capacity by:".into(),
                measures: vec![m("I.1", &[]), m("I.2", &[])],
            },
            PlanSection {
                kind: SectionKind::Priority,
                number: "2".into(),
                title: "Finance".into(),
                text: "Finance".into(),
                measures: vec![m("2", &["2(a)", "2(b)"])],
            },
        ],
    }
}

fn period(label: &str) -> ReportingPeriod {
    ReportingPeriod {
        label: label.into(),
        start: date(2025, 1, 1),
        end: date(2025, 6, 30),
    }
}

fn ev(n: u32) -> EvidenceRef {
    EvidenceRef {
        cycle: "2024 Summit Final".into(),
        commitment: "18".into(),
        member: "Atlantis".into(),
        evidence: n,
    }
}

fn rec(member: &str, code: &str, status: ImplementationStatus, evidence: u32) -> StatusRecord {
    StatusRecord {
        member: member.into(),
        measure_code: code.into(),
        period: period("2025-H1"),
        status,
        evidence: (1..=evidence).map(ev).collect(),
        note: None,
    }
}

#[test]
fn statuses_read_back_from_their_keys_and_labels() {
    for s in ImplementationStatus::ALL {
        assert_eq!(ImplementationStatus::parse(s.as_str()), Ok(s));
        assert_eq!(ImplementationStatus::parse(s.label()), Ok(s));
    }
    assert_eq!(ImplementationStatus::parse(" N/A "), Ok(NotApplicable));
    assert_eq!(ImplementationStatus::parse("In_Progress"), Ok(InProgress));
    let e = ImplementationStatus::parse("done").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("\"done\" is not an implementation status"),
        "{e}"
    );
}

#[test]
fn tracked_measures_are_the_leaves_in_order() {
    let p = plan();
    let codes = |ms: Vec<&Measure>| ms.iter().map(|m| m.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(p.measures()), ["I.1", "I.2", "2", "2(a)", "2(b)"]);
    assert_eq!(codes(p.tracked_measures()), ["I.1", "I.2", "2(a)", "2(b)"]);
    assert_eq!(
        p.measure("2(b)").map(|m| m.text.as_str()),
        Some("measure 2(b)")
    );
    assert_eq!(p.sections_of(SectionKind::Pillar).count(), 1);
}

#[test]
fn first_period_lists_every_record_as_a_change() {
    let cur = [
        rec("Atlantis", "I.1", InProgress, 1),
        rec("Borduria", "2(a)", NotStarted, 0),
    ];
    let r = progress(&plan(), &[], &cur);
    assert_eq!(
        r.changes,
        [
            Change {
                member: "Atlantis".into(),
                measure: "I.1".into(),
                from: None,
                to: InProgress
            },
            Change {
                member: "Borduria".into(),
                measure: "2(a)".into(),
                from: None,
                to: NotStarted
            },
        ]
    );
    assert_eq!(r.untouched, ["I.2", "2(a)", "2(b)"]);
}

#[test]
fn second_period_lists_exactly_the_changes() {
    let prev = [
        rec("Atlantis", "I.1", InProgress, 1),
        rec("Atlantis", "I.2", NotStarted, 0),
        rec("Borduria", "I.1", InProgress, 0),
        rec("Borduria", "2(a)", NoInformation, 0),
    ];
    let cur = [
        // unchanged: not listed
        rec("Borduria", "I.1", InProgress, 2),
        // changed
        rec("Atlantis", "I.1", Complete, 2),
        rec("Borduria", "2(a)", InProgress, 1),
        // new this period
        rec("Atlantis", "2(b)", NotApplicable, 0),
        // Atlantis I.2 has no record this period: not a change
    ];
    let r = progress(&plan(), &prev, &cur);
    assert_eq!(
        r.changes,
        [
            Change {
                member: "Atlantis".into(),
                measure: "I.1".into(),
                from: Some(InProgress),
                to: Complete
            },
            Change {
                member: "Atlantis".into(),
                measure: "2(b)".into(),
                from: None,
                to: NotApplicable
            },
            Change {
                member: "Borduria".into(),
                measure: "2(a)".into(),
                from: Some(NoInformation),
                to: InProgress
            },
        ]
    );
    // Atlantis: I.1 has evidence; 2(b) is not applicable, so 3 measures in scope.
    // Borduria: I.1 and 2(a) have evidence, of 4.
    let cov: Vec<(String, u32, u32)> = r
        .coverage
        .iter()
        .map(|c| (c.member.clone(), c.with_evidence, c.in_scope))
        .collect();
    assert_eq!(cov, [("Atlantis".into(), 1, 3), ("Borduria".into(), 2, 4)]);
    assert_eq!(r.coverage[0].to_string(), "1/3");
    // I.2: no record this period; not applicable counts as acted on.
    assert_eq!(r.untouched, ["I.2"]);
    assert!(r.out_of_scope.is_empty());
}

#[test]
fn observers_unknown_members_and_parent_measures_are_left_out() {
    let cur = [
        rec("Europol", "I.1", Complete, 1),
        rec("Ruritania", "I.1", Complete, 1),
        rec("Atlantis", "2", Complete, 1),
        rec("Atlantis", "IX.9", Complete, 1),
        rec("Atlantis", "I.2", InProgress, 0),
        rec("Atlantis", "I.2", Complete, 1),
    ];
    let r = progress(&plan(), &[], &cur);
    let reasons: Vec<(&str, &str)> = r
        .out_of_scope
        .iter()
        .map(|o| (o.member.as_str(), o.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("Europol", "an observer gets no status"),
            ("Ruritania", "not a member of the plan"),
            (
                "Atlantis",
                "the measure is tracked through its sub-measures"
            ),
            ("Atlantis", "no such measure in the plan"),
        ]
    );
    // The last record for Atlantis I.2 counts.
    assert_eq!(
        r.changes,
        [Change {
            member: "Atlantis".into(),
            measure: "I.2".into(),
            from: None,
            to: Complete
        }]
    );
    assert_eq!(r.untouched, ["I.1", "2(a)", "2(b)"]);
    assert_eq!(
        (r.coverage[0].with_evidence, r.coverage[0].in_scope),
        (1, 4)
    );
    assert_eq!(
        (r.coverage[1].with_evidence, r.coverage[1].in_scope),
        (0, 4)
    );
}

#[test]
fn a_plan_without_records_is_all_untouched() {
    let r = progress(&plan(), &[], &[]);
    assert!(r.changes.is_empty());
    assert_eq!(r.untouched, ["I.1", "I.2", "2(a)", "2(b)"]);
    assert!(
        r.coverage
            .iter()
            .all(|c| c.with_evidence == 0 && c.in_scope == 4)
    );
}

#[test]
fn status_table_keeps_the_last_record_and_leaves_out_observers() {
    let p = plan();
    let rec = |member: &str, code: &str, status| StatusRecord {
        member: member.into(),
        measure_code: code.into(),
        period: period("2025-H1"),
        status,
        evidence: vec![],
        note: None,
    };
    let records = vec![
        rec("Atlantis", "I.1", NotStarted),
        rec("Atlantis", "I.1", Complete),
        rec("Europol", "I.1", Complete),
        rec("Atlantis", "2", Complete),
    ];
    let t = StatusTable::of(&p, &records);
    assert_eq!(t.get("Atlantis", "I.1").map(|r| r.status), Some(Complete));
    assert!(t.get("Europol", "I.1").is_none());
    assert!(t.get("Atlantis", "2").is_none());
    assert!(p.is_tracked("2(a)") && !p.is_tracked("2") && !p.is_tracked("9"));
    assert_eq!(p.section_of("2(b)").map(|s| s.number.as_str()), Some("2"));
    assert_eq!(p.sections[0].heading(), "Pillar I: Capacity");
}

#[test]
fn previous_period_and_percent() {
    let periods = vec![period("A"), period("B"), period("C")];
    let (p, before) = period_and_previous(&periods, "B").unwrap();
    assert_eq!(
        (p.label.as_str(), before.map(|b| b.label.as_str())),
        ("B", Some("A"))
    );
    assert!(period_and_previous(&periods, "A").unwrap().1.is_none());
    assert!(period_and_previous(&periods, "Z").is_none());
    let cov = |with_evidence, in_scope| Coverage {
        member: "Atlantis".into(),
        with_evidence,
        in_scope,
    };
    assert_eq!(cov(1, 8).percent(), Some(13)); // 12.5 rounds up
    assert_eq!(cov(3, 7).percent(), Some(43));
    assert_eq!(cov(0, 0).percent(), None);
    assert_eq!(cov(4, 4).percent(), Some(100));
}
