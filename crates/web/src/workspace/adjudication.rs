//! The disagreement queue of a commitment (`/workspace/cycles/{slug}/commitments/{code}/
//! disagreements`): every point the independent coders of an assessment disagree on, with each
//! coder's code and the evidence items behind it, and a form per pending point where the
//! commitment's lead analyst records the adjudicated code (`…/members/{member}/adjudications`).
//!
//! The queue is built here once for the page and the API. Only assessments every required coder
//! has submitted appear (the domain's `disagreements` sees to that), so no coding is shown while
//! it is still blind. Forms work without JavaScript: 303 back to the queue, or the page again
//! with what was typed and why (422 for a value, 409 when the point was adjudicated meanwhile).

use askama::Template;
use axum::Router;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use pledgewatch_domain::access::Action;
use pledgewatch_domain::coding::{Adjudication, AssessmentCodings};
use pledgewatch_domain::names::member_key;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric, Strength};
use pledgewatch_store::StoreError;
use serde::Deserialize;

use crate::State;
use crate::auth::permissions::{Adjudicating, AssessmentRef, CommitmentRef, CommitmentWork};
use crate::auth::{Allowed, Staff};
use crate::error::{PageError, html};
use crate::pages::{Chrome, Crumb, href};

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/disagreements",
            get(queue_page),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/adjudications",
            post(adjudicate),
        )
}

/// The longest note an adjudication keeps: a few paragraphs of reasons.
pub(crate) const MAX_NOTE_CHARS: usize = 4000;

/// One evidence item a coder coded on the point.
#[derive(Debug, Clone)]
pub(crate) struct CodedItem {
    /// 1-based, as in the member's section.
    pub number: u32,
    /// `strong`, `weak` or `contradictory`.
    pub strength: &'static str,
    /// The item's date and text as the working copy holds it (empty if it is gone since).
    pub text: String,
}

/// One coder's code on the point, and the items it comes from.
#[derive(Debug, Clone)]
pub(crate) struct CoderCode {
    pub coder: String,
    /// A strength (`strong`, `weak`, `none`), or `yes`/`no` for contradictory action.
    pub value: &'static str,
    pub evidence: Vec<CodedItem>,
}

/// One point (a dimension, or contradictory action) the coders of an assessment disagree on.
#[derive(Debug, Clone)]
pub(crate) struct QueuePoint {
    /// The dimension's key, or `contradictory`.
    pub point: String,
    /// The dimension's name, or "Contradictory action".
    pub label: String,
    /// Whether the point is a dimension (strong/weak/none) rather than the contradictory flag
    /// (yes/no).
    pub dimension: bool,
    pub coders: Vec<CoderCode>,
    /// The lead analyst's decision, once recorded (the latest one).
    pub adjudication: Option<Adjudication>,
}

/// One assessment whose coders disagree somewhere.
#[derive(Debug, Clone)]
pub(crate) struct QueueAssessment {
    pub member: String,
    pub member_code: String,
    pub points: Vec<QueuePoint>,
}

impl QueueAssessment {
    pub fn point(&self, point: &str) -> Option<&QueuePoint> {
        self.points.iter().find(|p| p.point == point)
    }

    pub fn pending(&self) -> impl Iterator<Item = &QueuePoint> {
        self.points.iter().filter(|p| p.adjudication.is_none())
    }
}

/// A commitment's disagreement queue.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    pub cycle: String,
    pub code: String,
    pub title: String,
    /// `None`: the commitment has no rubric, so nothing can be coded or disagreed on.
    pub rubric_version: Option<u32>,
    pub required_coders: u8,
    /// Assessments with at least one point in disagreement, in the cycle's member order.
    pub assessments: Vec<QueueAssessment>,
    /// Assessments coded by some but not every required coder: still blind, not shown.
    pub awaiting_coders: usize,
}

impl Queue {
    /// Points nobody has adjudicated yet.
    pub fn pending(&self) -> usize {
        self.assessments.iter().map(|a| a.pending().count()).sum()
    }

    pub fn assessment(&self, member: &str) -> Option<&QueueAssessment> {
        let key = member_key(member);
        self.assessments
            .iter()
            .find(|a| member_key(&a.member) == key || a.member_code.eq_ignore_ascii_case(member))
    }
}

fn strength_word(s: EvidenceStrength) -> &'static str {
    s.as_str()
}

/// The queue entry of one assessment, when its coders disagree somewhere.
fn queue_assessment(
    rubric: &Rubric,
    a: &AssessmentCodings,
    member_code: String,
    evidence: &[(u32, String)],
) -> Option<QueueAssessment> {
    let points = a.disagreements(rubric);
    if points.is_empty() {
        return None;
    }
    let text_of = |n: u32| {
        evidence
            .iter()
            .find(|(number, _)| *number == n)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let points = points
        .into_iter()
        .map(|point| {
            let index = rubric.dimension_index(&point);
            let coders = a
                .codings
                .iter()
                .filter(|c| c.is_submitted())
                .map(|c| {
                    let coding = c.coding_lenient(rubric);
                    let value = match index {
                        Some(i) => coding.strength(i).as_str(),
                        None if coding.contradictory => "yes",
                        None => "no",
                    };
                    let evidence = c
                        .items
                        .iter()
                        .filter(|item| match index {
                            Some(_) => {
                                item.dimension == point
                                    && item.strength != EvidenceStrength::Contradictory
                            }
                            None => item.strength == EvidenceStrength::Contradictory,
                        })
                        .map(|item| CodedItem {
                            number: item.evidence,
                            strength: strength_word(item.strength),
                            text: text_of(item.evidence),
                        })
                        .collect();
                    CoderCode {
                        coder: c.coder.clone(),
                        value,
                        evidence,
                    }
                })
                .collect();
            QueuePoint {
                label: rubric
                    .dimension(&point)
                    .map_or_else(|| "Contradictory action".to_string(), |d| d.name.clone()),
                dimension: index.is_some(),
                coders,
                adjudication: a.adjudication(&point).cloned(),
                point,
            }
        })
        .collect();
    Some(QueueAssessment {
        member: a.member.clone(),
        member_code,
        points,
    })
}

/// The disagreement queue of commitment `code` of cycle `cycle`, from the working copy.
pub(crate) async fn load_queue(
    state: &State,
    cycle: &str,
    code: &str,
) -> Result<Queue, StoreError> {
    let (draft, _) = state
        .store
        .commitment_draft(cycle, code)
        .await?
        .ok_or_else(|| {
            StoreError::NotFound(format!("cycle `{cycle}` has no commitment `{code}`"))
        })?;
    let rubric = state.store.rubric(cycle, code, None).await?;
    let required_coders = state.store.required_coders(cycle).await?;
    let mut queue = Queue {
        cycle: cycle.to_string(),
        code: code.to_string(),
        title: draft.title,
        rubric_version: rubric.as_ref().map(|r| r.version),
        required_coders,
        assessments: Vec::new(),
        awaiting_coders: 0,
    };
    let Some(rubric) = rubric else {
        return Ok(queue);
    };
    let codings = state.store.cycle_codings(cycle).await?;
    for a in codings.iter().filter(|(c, _)| c == code).map(|(_, a)| a) {
        if !a.codings.is_empty() && !a.complete() {
            queue.awaiting_coders += 1;
        }
        if a.disagreements(&rubric).is_empty() {
            continue;
        }
        // The evidence texts are read only for the assessments in the queue.
        let draft = state.store.assessment_draft(cycle, code, &a.member).await?;
        let evidence: Vec<(u32, String)> = draft
            .evidence
            .iter()
            .map(|e| (e.number, format!("{}: {}", e.date, e.text)))
            .collect();
        if let Some(entry) = queue_assessment(&rubric, a, draft.member_code, &evidence) {
            queue.assessments.push(entry);
        }
    }
    Ok(queue)
}

/// Why an adjudication request cannot be recorded, before the store is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecisionRefused {
    /// A value does not fit: the field (`point`, `value`, `note`) and why.
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The point was adjudicated since the form was opened (or the request did not say it
    /// revises a decision).
    Stale(String),
}

/// An adjudication request as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub point: String,
    pub value: String,
    pub note: String,
    /// Set to replace an earlier decision on the point; without it a decided point is stale.
    pub revise: bool,
}

/// The adjudication `form` asks for on `a`, decided by `by`, or why not.
pub(crate) fn decision(
    a: &QueueAssessment,
    form: &DecisionForm,
    by: &str,
) -> Result<Adjudication, DecisionRefused> {
    let invalid = |field, message: String| DecisionRefused::Invalid { field, message };
    let point = form.point.trim();
    let listed = || {
        let pending: Vec<&str> = a.pending().map(|p| p.point.as_str()).collect();
        if pending.is_empty() {
            "none is pending".to_string()
        } else {
            format!("pending: {}", pending.join(", "))
        }
    };
    if point.is_empty() {
        return Err(invalid(
            "point",
            format!("Name the point to adjudicate ({}).", listed()),
        ));
    }
    let Some(p) = a.point(point) else {
        return Err(invalid(
            "point",
            format!(
                "The coders of {} do not disagree on `{point}` ({}).",
                a.member,
                listed()
            ),
        ));
    };
    if let Some(done) = &p.adjudication
        && !form.revise
    {
        return Err(DecisionRefused::Stale(format!(
            "`{}` of {} was adjudicated meanwhile by {} ({}); reload the queue to see it.",
            p.point,
            a.member,
            done.by,
            value_word(done)
        )));
    }
    let value = form.value.trim().to_ascii_lowercase();
    let (strength, contradictory) = if p.dimension {
        match Strength::parse(&value) {
            Some(s) => (s, false),
            None => {
                return Err(invalid(
                    "value",
                    format!("Choose strong, weak or none for {}.", p.label),
                ));
            }
        }
    } else {
        match value.as_str() {
            "yes" | "true" => (Strength::None, true),
            "no" | "false" => (Strength::None, false),
            _ => {
                return Err(invalid(
                    "value",
                    "Choose yes or no: was there action contrary to the commitment?".to_string(),
                ));
            }
        }
    };
    let note = form.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(invalid(
            "note",
            format!("The note is longer than {MAX_NOTE_CHARS} characters."),
        ));
    }
    if note
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(invalid(
            "note",
            "The note holds a control character.".to_string(),
        ));
    }
    Ok(Adjudication {
        dimension: p.dimension.then(|| p.point.clone()),
        strength,
        contradictory,
        by: by.to_string(),
        note: note.to_string(),
        at: jiff::Timestamp::now(),
    })
}

/// A decision's value in words: a strength, or yes/no for contradictory action.
pub(crate) fn value_word(a: &Adjudication) -> &'static str {
    match (&a.dimension, a.contradictory) {
        (Some(_), _) => a.strength.as_str(),
        (None, true) => "yes",
        (None, false) => "no",
    }
}

/// One choice of a point's form.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// One point as the page shows it.
pub struct PointView {
    pub point: String,
    pub label: String,
    /// Unique on the page: `prevent-FRA`.
    pub id: String,
    pub coders: Vec<CoderCode>,
    pub choices: Vec<Choice>,
    pub note: String,
    /// Why the form was refused, beside its field: (field, message).
    pub error: Option<(&'static str, String)>,
    /// `value (by, at): note` once decided.
    pub decided: Option<String>,
}

impl PointView {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

pub struct AssessmentView {
    pub member: String,
    pub action: String,
    pub assessment_href: String,
    pub pending: Vec<PointView>,
    pub decided: Vec<PointView>,
}

#[derive(Template)]
#[template(path = "work_adjudication.html")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub csrf: String,
    pub code: String,
    pub title: String,
    pub commitment_href: String,
    pub agreement_href: String,
    pub rubric_version: Option<u32>,
    pub required_coders: u8,
    pub pending: usize,
    pub awaiting_coders: usize,
    /// Whether the viewer may record adjudications (the policy's answer).
    pub may_adjudicate: bool,
    pub notice: Option<String>,
    pub assessments: Vec<AssessmentView>,
}

/// What the form for one point held when it was refused: (member, form, field and message).
type Typed<'a> = (&'a str, &'a DecisionForm, Option<(&'static str, String)>);

fn choices(dimension: bool, typed: Option<&str>) -> Vec<Choice> {
    let options: &[(&'static str, &'static str)] = if dimension {
        &[("strong", "Strong"), ("weak", "Weak"), ("none", "None")]
    } else {
        &[("yes", "Yes, contradictory action"), ("no", "No")]
    };
    options
        .iter()
        .map(|&(value, label)| Choice {
            value,
            label,
            checked: typed.is_some_and(|t| t.trim().eq_ignore_ascii_case(value)),
        })
        .collect()
}

fn point_view(a: &QueueAssessment, p: &QueuePoint, typed: Option<&Typed<'_>>) -> PointView {
    let mine = typed.filter(|(member, form, _)| {
        member_key(member) == member_key(&a.member) && form.point.trim() == p.point
    });
    PointView {
        id: format!(
            "{}-{}",
            pledgewatch_domain::slug(&p.point),
            pledgewatch_domain::slug(&a.member_code)
        ),
        point: p.point.clone(),
        label: p.label.clone(),
        coders: p.coders.clone(),
        choices: choices(p.dimension, mine.map(|(_, f, _)| f.value.as_str())),
        note: mine.map(|(_, f, _)| f.note.clone()).unwrap_or_default(),
        error: mine.and_then(|(_, _, e)| e.clone()),
        decided: p.adjudication.as_ref().map(|d| {
            let mut text = format!("{} (by {}, {})", value_word(d), d.by, d.at);
            if !d.note.is_empty() {
                text.push_str(": ");
                text.push_str(&d.note);
            }
            text
        }),
    }
}

impl QueuePage {
    fn new(
        staff: &Staff,
        c: &CommitmentRef,
        queue: &Queue,
        typed: Option<Typed<'_>>,
        notice: Option<String>,
    ) -> QueuePage {
        let slug = &c.cycle.slug;
        let assessments = queue
            .assessments
            .iter()
            .map(|a| AssessmentView {
                member: a.member.clone(),
                action: format!(
                    "{}/adjudications",
                    href::work_assessment(slug, &c.code, &a.member_code)
                ),
                assessment_href: format!(
                    "{}#{}",
                    href::commitment(slug, &c.code),
                    href::member_anchor(&a.member_code)
                ),
                pending: a
                    .pending()
                    .map(|p| point_view(a, p, typed.as_ref()))
                    .collect(),
                decided: a
                    .points
                    .iter()
                    .filter(|p| p.adjudication.is_some())
                    .map(|p| point_view(a, p, None))
                    .collect(),
            })
            .collect();
        QueuePage {
            chrome: Chrome::workspace(
                format!("Disagreements on commitment {}", c.code),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link(c.cycle.cycle.name.as_str(), href::work_cycle(slug)),
                    Crumb::link(
                        format!("Commitment {}", c.code),
                        href::work_commitment(slug, &c.code),
                    ),
                    Crumb::here("Disagreements"),
                ],
                staff,
            ),
            csrf: staff.csrf().to_string(),
            code: c.code.clone(),
            title: queue.title.clone(),
            commitment_href: href::work_commitment(slug, &c.code),
            agreement_href: href::agreement(slug),
            rubric_version: queue.rubric_version,
            required_coders: queue.required_coders,
            pending: queue.pending(),
            awaiting_coders: queue.awaiting_coders,
            may_adjudicate: staff.actor.may(Action::Adjudicate {
                commitment: c.commitment_id,
            }),
            notice,
            assessments,
        }
    }
}

async fn render_queue(
    state: &State,
    staff: &Staff,
    c: &CommitmentRef,
    status: StatusCode,
    typed: Option<Typed<'_>>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let queue = load_queue(state, &c.cycle.cycle.name, &c.code).await?;
    let page = QueuePage::new(staff, c, &queue, typed, notice);
    Ok((status, html(&page)?).into_response())
}

/// `GET …/commitments/{code}/disagreements`: the queue, with forms for the lead analyst.
async fn queue_page(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
) -> Result<Response, PageError> {
    render_queue(
        &state,
        &allowed.staff,
        &allowed.target.0,
        StatusCode::OK,
        None,
        None,
    )
    .await
}

/// `POST …/members/{member}/adjudications`: records the lead analyst's decision on one point.
async fn adjudicate(
    Extract(state): Extract<State>,
    allowed: Allowed<Adjudicating>,
    axum::Form(form): axum::Form<DecisionForm>,
) -> Result<Response, PageError> {
    let AssessmentRef {
        commitment: c,
        member,
        ..
    } = &allowed.target.0;
    let staff = &allowed.staff;
    let queue = load_queue(&state, &c.cycle.cycle.name, &c.code).await?;
    let refused = |status, error: Option<(&'static str, String)>, notice| {
        render_queue(
            &state,
            staff,
            c,
            status,
            Some((member, &form, error)),
            notice,
        )
    };
    let Some(a) = queue.assessment(member) else {
        let message =
            format!("The coders of {member} disagree on nothing (or not all have submitted).");
        return refused(StatusCode::UNPROCESSABLE_ENTITY, None, Some(message)).await;
    };
    let decided = match decision(a, &form, staff.name()) {
        Ok(d) => d,
        Err(DecisionRefused::Invalid { field, message }) => {
            let notice = Some(format!("The adjudication of {member} was not recorded."));
            return refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((field, message)),
                notice,
            )
            .await;
        }
        Err(DecisionRefused::Stale(message)) => {
            return refused(StatusCode::CONFLICT, None, Some(message)).await;
        }
    };
    match state
        .store
        .adjudicate(&c.cycle.cycle.name, &c.code, member, &decided, staff.name())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}#queue",
            href::work_disagreements(&c.cycle.slug, &c.code)
        ))
        .into_response()),
        // The store names the lead analyst it expected (the policy let the account through,
        // but the commitment names someone else).
        Err(StoreError::AdjudicationRefused { message, .. }) => {
            refused(StatusCode::FORBIDDEN, None, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use pledgewatch_domain::coding::CONTRADICTORY;

    use super::*;

    fn assessment() -> QueueAssessment {
        let point = |point: &str, dimension: bool| QueuePoint {
            point: point.to_string(),
            label: point.to_string(),
            dimension,
            coders: Vec::new(),
            adjudication: None,
        };
        QueueAssessment {
            member: "France".to_string(),
            member_code: "FRA".to_string(),
            points: vec![point("prevent", true), point(CONTRADICTORY, false)],
        }
    }

    fn form(point: &str, value: &str) -> DecisionForm {
        DecisionForm {
            point: point.to_string(),
            value: value.to_string(),
            ..DecisionForm::default()
        }
    }

    #[test]
    fn a_decision_takes_a_strength_for_a_dimension_and_yes_or_no_for_contradiction() {
        let a = assessment();
        let d = decision(&a, &form("prevent", "Strong"), "Lee").unwrap();
        assert_eq!(d.dimension.as_deref(), Some("prevent"));
        assert_eq!(d.strength, Strength::Strong);
        let d = decision(&a, &form(CONTRADICTORY, "yes"), "Lee").unwrap();
        assert_eq!(d.dimension, None);
        assert!(d.contradictory);
        let field = |r: Result<Adjudication, DecisionRefused>| match r {
            Err(DecisionRefused::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(decision(&a, &form("prevent", "yes"), "Lee")), "value");
        assert_eq!(
            field(decision(&a, &form(CONTRADICTORY, "weak"), "Lee")),
            "value"
        );
        assert_eq!(
            field(decision(&a, &form("counter", "weak"), "Lee")),
            "point"
        );
        assert_eq!(field(decision(&a, &form("", "weak"), "Lee")), "point");
        let mut long = form("prevent", "weak");
        long.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(field(decision(&a, &long, "Lee")), "note");
    }

    #[test]
    fn a_decided_point_is_stale_unless_the_request_revises_it() {
        let mut a = assessment();
        let first = decision(&a, &form("prevent", "weak"), "Lee").unwrap();
        a.points[0].adjudication = Some(first);
        assert!(matches!(
            decision(&a, &form("prevent", "strong"), "Lee"),
            Err(DecisionRefused::Stale(_))
        ));
        let mut revise = form("prevent", "strong");
        revise.revise = true;
        assert_eq!(
            decision(&a, &revise, "Lee").unwrap().strength,
            Strength::Strong
        );
    }
}
