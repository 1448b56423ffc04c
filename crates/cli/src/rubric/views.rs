//! Views over a cycle's rubrics and codings: suggestions and departures, agreement figures, the
//! disagreement queue, and a coder's blind view of an assessment.

use std::collections::HashMap;
use std::fmt::Write as _;

use anyhow::{Context, Result};
use pledgewatch_domain::Verdict;
use pledgewatch_domain::coding::{
    AssessmentCodings, CONTRADICTORY, Effective, agreement as agreement_of, departs,
};
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::rubric::{Rubric, Strength};
use pledgewatch_store::Store;
use pledgewatch_web::dto;

use super::files::outcome_text;
use super::{Format, Target, print_json};

/// A cycle's score matrix, newest rubric per commitment, and every assessment's codings.
struct CycleCoding {
    matrix: ScoreMatrix,
    rubrics: HashMap<String, Rubric>,
    codings: Vec<(String, AssessmentCodings)>,
}

impl CycleCoding {
    async fn load(store: &Store, cycle: &str) -> Result<CycleCoding> {
        let matrix = store
            .score_matrix(cycle)
            .await?
            .with_context(|| format!("no cycle named `{cycle}` (see `pledgewatch cycles`)"))?;
        let mut rubrics = HashMap::new();
        for row in &matrix.rows {
            if let Some(r) = store.rubric(cycle, &row.code, None).await? {
                rubrics.insert(row.code.clone(), r);
            }
        }
        let codings = store.cycle_codings(cycle).await?;
        Ok(CycleCoding {
            matrix,
            rubrics,
            codings,
        })
    }

    fn verdict(&self, code: &str, member: &str) -> Verdict {
        match (
            self.matrix.row_index(code),
            self.matrix.member_index(member),
        ) {
            (Some(i), Some(j)) => self.matrix.cell(i, j),
            _ => Verdict::NotAssessed,
        }
    }
}

pub async fn suggest(
    store: &Store,
    cycle: &str,
    only: Option<&str>,
    format: Format,
) -> Result<String> {
    let data = CycleCoding::load(store, cycle).await?;
    if let Some(code) = only {
        data.matrix
            .row_index(code)
            .with_context(|| format!("cycle `{cycle}` has no commitment `{code}`"))?;
    }
    let mut rows = Vec::new();
    for (code, a) in &data.codings {
        if only.is_some_and(|o| o != code) {
            continue;
        }
        let verdict = data.verdict(code, &a.member);
        let (state, suggestion, pending) = match data.rubrics.get(code) {
            None => ("no_rubric", None, Vec::new()),
            Some(r) => match a.effective(r) {
                Effective::Ready(c) => ("suggested", Some(r.suggest(&c)), Vec::new()),
                Effective::Uncoded => ("not_coded", None, Vec::new()),
                Effective::AwaitingCoders { .. } => ("awaiting_coders", None, Vec::new()),
                Effective::AwaitingAdjudication { dimensions } => {
                    ("awaiting_adjudication", None, dimensions)
                }
            },
        };
        rows.push(dto::SuggestRowDto {
            commitment: code.clone(),
            member: a.member.clone(),
            score: dto::verdict_json(verdict),
            state,
            departs: suggestion.as_ref().is_some_and(|s| departs(verdict, s)),
            suggestion: suggestion.as_ref().map(Into::into),
            pending,
        });
    }
    let suggested = rows
        .iter()
        .filter(|r| r.suggestion.as_ref().is_some_and(|s| s.score.is_some()))
        .count();
    let departures = rows.iter().filter(|r| r.departs).count();
    let out = dto::SuggestDto {
        cycle: cycle.to_string(),
        assessments: rows,
        suggested,
        departures,
    };
    match format {
        Format::Json => print_json(&out),
        Format::Text => {
            let mut text = String::new();
            for r in &out.assessments {
                let score = match &r.score {
                    serde_json::Value::Null => "not yet assessed".to_string(),
                    serde_json::Value::String(s) => s.clone(),
                    v => {
                        let n = v.as_i64().unwrap_or(0);
                        if n > 0 {
                            format!("+{n}")
                        } else {
                            n.to_string()
                        }
                    }
                };
                let what = match &r.suggestion {
                    Some(s) => format!(
                        "suggested {} (rubric v{}), departs: {}; {}",
                        match s.score {
                            Some(x) if x > 0 => format!("+{x}"),
                            Some(x) => x.to_string(),
                            None => s.outcome.to_string(),
                        },
                        s.rubric_version,
                        if r.departs { "yes" } else { "no" },
                        s.reason
                    ),
                    None if !r.pending.is_empty() => {
                        format!("awaiting adjudication of {}", r.pending.join(", "))
                    }
                    None => r.state.replace('_', " "),
                };
                let _ = writeln!(text, "{} {}: score {score}; {what}", r.commitment, r.member);
            }
            let _ = writeln!(
                text,
                "{} of {} suggested scores depart from their rubric",
                out.departures, out.suggested
            );
            Ok(text)
        }
    }
}

pub async fn agreement(store: &Store, cycle: &str, format: Format) -> Result<String> {
    let data = CycleCoding::load(store, cycle).await?;
    let mut commitments = Vec::new();
    for row in &data.matrix.rows {
        let Some(rubric) = data.rubrics.get(&row.code) else {
            continue;
        };
        let units: Vec<AssessmentCodings> = data
            .codings
            .iter()
            .filter(|(c, _)| c == &row.code)
            .map(|(_, a)| a.clone())
            .collect();
        let report = agreement_of(rubric, &units);
        commitments.push(dto::CommitmentAgreementDto::new(&row.code, rubric, &report));
    }
    let out = dto::AgreementDto {
        cycle: cycle.to_string(),
        commitments,
    };
    match format {
        Format::Json => print_json(&out),
        Format::Text => {
            let mut text = String::new();
            if out.commitments.is_empty() {
                let _ = writeln!(text, "no commitment of cycle {cycle} has a rubric");
            }
            for c in &out.commitments {
                let value = |x: &Option<dto::CoefficientDto>| {
                    x.as_ref()
                        .map_or("undefined".to_string(), |x| x.value.clone())
                };
                let method = if c.method == "cohen_kappa" {
                    "Cohen's kappa"
                } else {
                    "Krippendorff's alpha"
                };
                let _ = writeln!(
                    text,
                    "commitment {} (rubric v{}): {method}, {} unit(s), coders: {}",
                    c.commitment,
                    c.rubric_version,
                    c.units,
                    if c.coders.is_empty() {
                        "none".to_string()
                    } else {
                        c.coders.join(", ")
                    }
                );
                for d in &c.dimensions {
                    let _ = writeln!(
                        text,
                        "  {:<16} {:>9}  {} unit(s)",
                        d.dimension,
                        value(&d.coefficient),
                        d.units
                    );
                }
                let _ = writeln!(text, "  {:<16} {:>9}", "overall", value(&c.overall));
            }
            Ok(text)
        }
    }
}

/// A coder's value on a point, as listed in the queue.
fn value_of(a: &AssessmentCodings, rubric: &Rubric, point: &str) -> Vec<dto::CoderValueDto> {
    a.codings
        .iter()
        .filter(|c| c.is_submitted())
        .map(|c| {
            let coding = c.coding_lenient(rubric);
            let value = if point == CONTRADICTORY {
                if coding.contradictory { "yes" } else { "no" }
            } else {
                rubric
                    .dimension_index(point)
                    .map_or(Strength::None, |i| coding.strength(i))
                    .as_str()
            };
            dto::CoderValueDto {
                coder: c.coder.clone(),
                value,
            }
        })
        .collect()
}

pub async fn disagreements(store: &Store, cycle: &str, format: Format) -> Result<String> {
    let data = CycleCoding::load(store, cycle).await?;
    let mut list = Vec::new();
    for (code, a) in &data.codings {
        let Some(rubric) = data.rubrics.get(code) else {
            continue;
        };
        for point in a.disagreements(rubric) {
            list.push(dto::DisagreementDto {
                commitment: code.clone(),
                member: a.member.clone(),
                coders: value_of(a, rubric, &point),
                adjudication: a.adjudication(&point).map(Into::into),
                point,
            });
        }
    }
    let pending = list.iter().filter(|d| d.adjudication.is_none()).count();
    let out = dto::DisagreementsDto {
        cycle: cycle.to_string(),
        disagreements: list,
        pending,
    };
    match format {
        Format::Json => print_json(&out),
        Format::Text => {
            let mut text = String::new();
            for d in &out.disagreements {
                let coders: Vec<String> = d
                    .coders
                    .iter()
                    .map(|c| format!("{} {}", c.coder, c.value))
                    .collect();
                let status = match &d.adjudication {
                    None => "pending".to_string(),
                    Some(a) => format!("adjudicated {} by {}", a.value, a.by),
                };
                let _ = writeln!(
                    text,
                    "{} {}: {} ({}) — {status}",
                    d.commitment,
                    d.member,
                    d.point,
                    coders.join(", ")
                );
            }
            let _ = writeln!(
                text,
                "{} disagreement(s), {} pending adjudication",
                out.disagreements.len(),
                out.pending
            );
            Ok(text)
        }
    }
}

pub async fn show(store: &Store, target: &Target, viewer: &str, format: Format) -> Result<String> {
    let all = store
        .assessment_codings(&target.cycle, &target.commitment, &target.member)
        .await?
        .with_context(|| {
            format!(
                "no assessment of {} on commitment {} in cycle `{}`",
                target.member, target.commitment, target.cycle
            )
        })?;
    let rubric = store
        .rubric(&target.cycle, &target.commitment, None)
        .await?;
    let view = dto::CodingsViewDto::new(&target.commitment, viewer, &all, rubric.as_ref());
    match format {
        Format::Json => print_json(&view),
        Format::Text => {
            let mut text = format!(
                "{} on commitment {}: {} of {} required coding(s) submitted{}\n",
                view.member,
                view.commitment,
                view.submitted,
                view.required,
                if view.complete {
                    ""
                } else {
                    " (blind: you see only your own)"
                }
            );
            if view.codings.is_empty() {
                let _ = writeln!(text, "  no coding by {viewer} yet");
            }
            for c in &view.codings {
                let _ = writeln!(
                    text,
                    "  {} ({})",
                    c.coder,
                    if c.submitted_at.is_some() {
                        "submitted"
                    } else {
                        "draft"
                    }
                );
                for i in &c.items {
                    let _ = writeln!(
                        text,
                        "    evidence {}: {} {}",
                        i.evidence, i.dimension, i.strength
                    );
                }
            }
            if !view.disagreements.is_empty() {
                let _ = writeln!(text, "  disagreements: {}", view.disagreements.join(", "));
            }
            if let (Some(r), true) = (&rubric, view.complete)
                && let Some(s) = all.suggestion(r)
            {
                let _ = writeln!(
                    text,
                    "  suggestion (rubric v{}): {}; {}",
                    s.rubric_version,
                    outcome_text(&s),
                    s.reason
                );
            }
            Ok(text)
        }
    }
}
