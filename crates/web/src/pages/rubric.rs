//! A commitment's rubric: dimensions with examples, rules in plain English, version history,
//! the checker's findings with example codings, and a what-if form that shows, without saving,
//! what a pasted rubric would change.

use askama::Template;
use pledgewatch_domain::rubric::{
    CheckReport, Coding, Outcome, Rubric, RubricFinding, Strength, Suggestion,
};

use super::{Chrome, Crumb, href};
use crate::coding::WhatIfOutcome;
use crate::format;

#[derive(Template)]
#[template(path = "rubric.html")]
pub struct RubricPage {
    pub chrome: Chrome,
    pub cycle_name: String,
    pub code: String,
    pub title: String,
    pub commitment_href: String,
    /// Where the what-if form posts: this page's own address.
    pub action: String,
    pub rubric: Option<RubricView>,
    /// Whether the page shows an older version than the newest (the published one, on the
    /// public page).
    pub older_version: bool,
    /// The edition whose rubric the page shows, on the public page: "edition 3, published
    /// 4 July 2031".
    pub published_in: Option<String>,
    pub history: Vec<HistoryRow>,
    pub form: WhatIfForm,
    pub result: Option<WhatIfView>,
}

pub struct RubricView {
    pub version: u32,
    pub dimensions: Vec<DimensionView>,
    pub rules: Vec<RuleView>,
    pub check: CheckView,
}

pub struct DimensionView {
    pub key: String,
    pub name: String,
    pub description: String,
    pub strong_examples: Vec<String>,
    pub weak_examples: Vec<String>,
}

pub struct RuleView {
    pub number: usize,
    pub name: String,
    pub score: &'static str,
    pub condition: String,
}

pub struct HistoryRow {
    pub version: u32,
    pub saved_at: String,
    pub saved_by: String,
    pub href: String,
    pub current: bool,
}

pub struct CheckView {
    pub summary: String,
    /// The checker refused the rubric (too many dimensions).
    pub refused: Option<String>,
    pub findings: Vec<FindingView>,
}

pub struct FindingView {
    /// `gap`, `overlap`, `never-fires`: also the CSS class.
    pub kind: &'static str,
    pub heading: &'static str,
    pub message: String,
    pub example: Option<ExampleView>,
}

/// A coding spelled out dimension by dimension.
pub struct ExampleView {
    pub strengths: Vec<(String, &'static str)>,
    pub contradictory: bool,
}

/// The what-if form as typed, with what was wrong with it.
pub struct WhatIfForm {
    pub text: String,
    pub errors: Vec<String>,
}

pub struct WhatIfView {
    pub check: CheckView,
    pub base_version: Option<u32>,
    pub changed: Vec<ChangeRow>,
    pub unchanged: usize,
    pub not_applicable: usize,
    pub not_ready: usize,
}

pub struct ChangeRow {
    pub member: String,
    pub score: &'static str,
    pub before: String,
    pub before_reason: String,
    pub after: String,
    pub after_reason: String,
    pub departs_after: bool,
}

/// The commitment the page is about.
pub struct Subject<'a> {
    pub cycle_name: &'a str,
    pub slug: &'a str,
    pub code: &'a str,
    pub title: &'a str,
}

impl RubricPage {
    pub fn new(
        subject: Subject<'_>,
        rubric: Option<&Rubric>,
        newest: Option<u32>,
        history: Vec<(u32, String, String)>,
        form: WhatIfForm,
        result: Option<WhatIfView>,
    ) -> RubricPage {
        let Subject {
            cycle_name,
            slug,
            code,
            title,
        } = subject;
        let page_href = href::rubric(slug, code);
        let shown = rubric.map(|r| r.version);
        RubricPage {
            chrome: Chrome::new(
                format!("Rubric of {code}. {title}: {cycle_name}"),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link(cycle_name, href::cycle(slug)),
                    Crumb::link(format!("{code}. {title}"), href::commitment(slug, code)),
                    Crumb::here("Rubric"),
                ],
            ),
            cycle_name: cycle_name.to_string(),
            code: code.to_string(),
            title: title.to_string(),
            commitment_href: href::commitment(slug, code),
            action: page_href.clone(),
            rubric: rubric.map(RubricView::new),
            older_version: shown.is_some() && shown != newest,
            published_in: None,
            history: history
                .into_iter()
                .map(|(version, saved_at, saved_by)| HistoryRow {
                    href: format!("{page_href}?version={version}"),
                    current: Some(version) == shown,
                    version,
                    saved_at,
                    saved_by,
                })
                .collect(),
            form,
            result,
        }
    }
}

impl RubricView {
    pub fn new(rubric: &Rubric) -> RubricView {
        RubricView {
            version: rubric.version,
            dimensions: rubric
                .dimensions
                .iter()
                .map(|d| DimensionView {
                    key: d.key.clone(),
                    name: d.name.clone(),
                    description: d.description.clone(),
                    strong_examples: d.strong_examples.clone(),
                    weak_examples: d.weak_examples.clone(),
                })
                .collect(),
            rules: rubric
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| RuleView {
                    number: i + 1,
                    name: r.name.clone(),
                    score: r.score.published(),
                    condition: r.when.to_string(),
                })
                .collect(),
            check: CheckView::new(rubric),
        }
    }
}

impl CheckView {
    pub fn new(rubric: &Rubric) -> CheckView {
        match rubric.check() {
            Ok(report) => CheckView::of(rubric, &report),
            Err(e) => CheckView {
                summary: String::new(),
                refused: Some(e.to_string()),
                findings: Vec::new(),
            },
        }
    }

    fn of(rubric: &Rubric, report: &CheckReport) -> CheckView {
        CheckView {
            summary: report.summary(),
            refused: None,
            findings: report
                .findings
                .iter()
                .map(|f| FindingView {
                    kind: f.kind(),
                    heading: match f {
                        RubricFinding::Gap { .. } => "Gap: no score",
                        RubricFinding::Overlap { .. } => "Overlap: two scores",
                        RubricFinding::NeverFires { .. } => "Rule that never fires",
                    },
                    message: f.message(rubric),
                    example: f.example().map(|c| ExampleView::new(rubric, c)),
                })
                .collect(),
        }
    }
}

impl ExampleView {
    fn new(rubric: &Rubric, coding: &Coding) -> ExampleView {
        ExampleView {
            strengths: rubric
                .dimensions
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let s = match coding.strength(i) {
                        Strength::Strong => "strong",
                        Strength::Weak => "weak",
                        Strength::None => "none",
                    };
                    (d.name.clone(), s)
                })
                .collect(),
            contradictory: coding.contradictory,
        }
    }
}

/// A suggestion's outcome in a few words: `+1`, `no score (gap)`, `no single score (0 or +1)`.
pub fn outcome_text(s: &Suggestion) -> String {
    match &s.outcome {
        Outcome::Score(score) => score.published().to_string(),
        Outcome::Gap => "no score (gap)".to_string(),
        Outcome::Overlap(scores) => {
            let scores: Vec<&str> = scores.iter().map(|s| s.published()).collect();
            format!("no single score ({})", scores.join(" or "))
        }
    }
}

impl WhatIfView {
    pub fn new(new: &Rubric, base_version: Option<u32>, outcome: WhatIfOutcome) -> WhatIfView {
        let text = |s: &Option<Suggestion>| match s {
            Some(s) => (outcome_text(s), s.reason.clone()),
            None => ("no suggestion".to_string(), String::new()),
        };
        WhatIfView {
            check: CheckView::new(new),
            base_version,
            changed: outcome
                .changed
                .iter()
                .map(|row| {
                    let (before, before_reason) = text(&row.before);
                    let (after, after_reason) = text(&row.after);
                    ChangeRow {
                        member: row.member.name.clone(),
                        score: format::verdict_text(row.verdict),
                        before,
                        before_reason,
                        after,
                        after_reason,
                        departs_after: row.departs_after(),
                    }
                })
                .collect(),
            unchanged: outcome.unchanged,
            not_applicable: outcome.not_applicable,
            not_ready: outcome.not_ready,
        }
    }
}
