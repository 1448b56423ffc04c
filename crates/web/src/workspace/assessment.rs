//! `/workspace/cycles/{slug}/commitments/{code}/members/{member}`: an analyst's whole
//! assignment in the browser. The editor (score, narrative, evidence, footnotes, codes,
//! workflow), the evidence and footnote editors, and a POST handler per form. Every form works
//! without JavaScript: success redirects back (303); a refused form is shown again with what
//! was typed and the reason next to its field (422); a form someone else overtook is shown with
//! the current values and a plain explanation (409), never saved over theirs.

use std::collections::HashMap;

use axum::Form;
use axum::Router;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use pledgewatch_domain::access::Action;
use pledgewatch_domain::names::person_key;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric};
use pledgewatch_domain::{PartialDate, Verdict};
use pledgewatch_store::{
    AssessmentDraft, AssessmentText, CitationInput, EvidenceCodes, EvidenceInput, StoreError,
};

use crate::State;
use crate::auth::permissions::{AssessmentApproval, AssessmentRef, AssessmentWork};
use crate::auth::{Allowed, Staff};
use crate::coding::{SuggestionState, state_of};
use crate::error::{PageError, PagePath, html};
use crate::pages::assessment_editor::{
    CitationErrors, CitationForm, CitationPage, EditorErrors, EditorPage, EvidenceErrors,
    EvidenceForm, EvidencePage, NOT_ASSESSED, OwnCoding, ReviewView, TextForm,
};

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}",
            get(editor).post(save_text),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/submit",
            post(submit),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/codes/submit",
            post(submit_codes),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/approve",
            post(approve),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/return",
            post(return_to_draft),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence",
            post(create_evidence),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/new",
            get(new_evidence),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
            get(evidence_form).post(update_evidence),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}/delete",
            post(delete_evidence),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/members/{member}/citations/{number}",
            get(citation_form).post(update_citation),
        )
}

/// The assessment a request works on, by the names the store knows.
pub(crate) struct Target {
    pub slug: String,
    pub cycle: String,
    pub code: String,
    pub member: String,
}

impl Target {
    pub(crate) fn of(a: &AssessmentRef) -> Target {
        Target {
            slug: a.commitment.cycle.slug.clone(),
            cycle: a.commitment.cycle.cycle.name.clone(),
            code: a.commitment.code.clone(),
            member: a.member.clone(),
        }
    }

    pub(crate) fn key(&self) -> (&str, &str, &str) {
        (&self.cycle, &self.code, &self.member)
    }
}

/// The signed-in coder's own coding (codings are blind: nobody is shown another's here).
pub(crate) async fn own_coding(
    state: &State,
    t: &Target,
    coder: &str,
) -> Result<OwnCoding, StoreError> {
    let all = state
        .store
        .assessment_codings(&t.cycle, &t.code, &t.member)
        .await?;
    let key = person_key(coder);
    Ok(all
        .and_then(|a| a.codings.into_iter().find(|c| person_key(&c.coder) == key))
        .map_or(
            OwnCoding {
                items: Vec::new(),
                submitted: false,
            },
            |c| OwnCoding {
                submitted: c.submitted_at.is_some(),
                items: c.items,
            },
        ))
}

/// The rubric's side of an assessment: what the latest rubric suggests for its coding now (or
/// where the coding stands), and the analyst's justification.
pub(crate) struct Review {
    pub state: SuggestionState,
    pub justification: Option<String>,
}

impl Review {
    pub(crate) fn view(&self) -> ReviewView<'_> {
        ReviewView {
            state: &self.state,
            justification: self.justification.as_deref(),
        }
    }
}

/// The assessment's [`Review`]. Blind coding holds: a suggestion exists only once every
/// required coder has submitted, and it reveals no single coder's coding.
pub(crate) async fn review(
    state: &State,
    t: &Target,
    rubric: Option<&Rubric>,
) -> Result<Review, StoreError> {
    let codings = state
        .store
        .assessment_codings(&t.cycle, &t.code, &t.member)
        .await?;
    let stored = state
        .store
        .assessment_state(&t.cycle, &t.code, &t.member)
        .await?;
    Ok(Review {
        state: state_of(rubric, codings.as_ref()),
        justification: stored.and_then(|s| s.justification),
    })
}

/// Everything a page of the assessment shows.
struct Loaded {
    draft: AssessmentDraft,
    rubric: Option<Rubric>,
    coding: OwnCoding,
    review: Review,
}

async fn load(state: &State, t: &Target, staff: &Staff) -> Result<Loaded, PageError> {
    let draft = state
        .store
        .assessment_draft(&t.cycle, &t.code, &t.member)
        .await?;
    let rubric = state.store.rubric(&t.cycle, &t.code, None).await?;
    let coding = own_coding(state, t, staff.name()).await?;
    let review = review(state, t, rubric.as_ref()).await?;
    Ok(Loaded {
        draft,
        rubric,
        coding,
        review,
    })
}

/// The justification a score-and-narrative write carries: `None` leaves the stored one alone
/// (the form had no such field, or it was left empty with none stored); an emptied stored one
/// is passed on so the store refuses it, naming the field.
fn justification_change(typed: Option<&str>, stored: Option<&str>) -> Option<String> {
    let typed = typed?;
    (!typed.trim().is_empty() || stored.is_some()).then(|| typed.to_string())
}

/// A URL-encoded form as pairs, so repeated fields (`cite`) and absent ones read the same way.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> String {
        self.given(name).map(str::to_string).unwrap_or_default()
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field's value when the form has it at all.
    fn given(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn version(&self) -> Option<i64> {
        self.get("version").trim().parse().ok()
    }
}

/// A date as typed in a form, or the message shown next to its field.
pub(crate) fn parse_date(text: &str) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Date>().map(Some).map_err(|_| {
        format!("`{text}` is not a date: write it as YYYY-MM-DD, for example 2031-07-04")
    })
}

/// A citation's publication date as typed: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the
/// source gives no day; empty for none.
pub(crate) fn parse_published(text: &str) -> Result<Option<PartialDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<PartialDate>().map(Some).map_err(|_| {
        format!(
            "`{text}` is not a date: write it as YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no day, for example 2031-07-04 or 2031-07"
        )
    })
}

/// A verdict as a form or the API spells it: `1`/`+1`, `0`, `-1`, `n/a`, `not-assessed`.
pub(crate) fn parse_verdict(text: &str) -> Result<Verdict, String> {
    match text.trim() {
        "" => Err("choose a score, n/a, or not yet assessed".to_string()),
        NOT_ASSESSED => Ok(Verdict::NotAssessed),
        other => other.parse::<Verdict>().map_err(|e| e.to_string()),
    }
}

/// How a refused store write is shown on a page.
enum Refusal {
    Field(&'static str, String),
    Conflict(String),
    Workflow(String),
}

fn refusal(e: StoreError) -> Result<Refusal, PageError> {
    match e {
        StoreError::InvalidField { field, message, .. } => Ok(Refusal::Field(field, message)),
        StoreError::InvalidCoding { message, .. } => Ok(Refusal::Field("codes", message)),
        StoreError::Stale { current, .. } => Ok(Refusal::Conflict(format!(
            "Someone else changed this since you opened it (it is now at version {current}). \
             Here is the current version; what you typed is kept below so you can apply it \
             again."
        ))),
        StoreError::WorkflowRefused { message, .. }
        | StoreError::SubmissionRefused { message, .. }
        | StoreError::AdjudicationRefused { message, .. } => Ok(Refusal::Workflow(message)),
        other => Err(PageError::from(other)),
    }
}

const NO_VERSION: &str = "The form did not say which version of the assessment it edits; reload \
                          the page and try again.";

fn see_other(to: String) -> Response {
    Redirect::to(&to).into_response()
}

/// Renders the editor with `status`.
#[allow(clippy::too_many_arguments)]
async fn editor_page(
    state: &State,
    allowed: (&Staff, &AssessmentRef),
    status: StatusCode,
    form: Option<TextForm>,
    note: String,
    errors: EditorErrors,
) -> Result<Response, PageError> {
    let (staff, a) = allowed;
    let t = Target::of(a);
    let l = load(state, &t, staff).await?;
    let may_approve = staff.actor.may(Action::ApproveAssessment {
        commitment: a.commitment.commitment_id,
        member: a.member_id,
    });
    let page = EditorPage::new(
        staff,
        &t.slug,
        &l.draft,
        l.rubric.as_ref(),
        &l.coding,
        &l.review.view(),
        may_approve,
        form,
        note,
        errors,
    );
    Ok((status, html(&page)?).into_response())
}

async fn editor(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
) -> Result<Response, PageError> {
    editor_page(
        &state,
        (&staff, &target.0),
        StatusCode::OK,
        None,
        String::new(),
        EditorErrors::default(),
    )
    .await
}

/// A workflow or delete step refused: the editor again, with the reason.
async fn refused_step(
    state: &State,
    (staff, a): (&Staff, &AssessmentRef),
    e: StoreError,
    note: String,
) -> Result<Response, PageError> {
    let mut errors = EditorErrors::default();
    let status = match refusal(e)? {
        Refusal::Field("note", message) => {
            errors.note = Some(message);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Refusal::Field(_, message) => {
            errors.workflow = Some(message);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Refusal::Conflict(message) => {
            errors.conflict = Some(message);
            StatusCode::CONFLICT
        }
        Refusal::Workflow(message) => {
            errors.workflow = Some(message);
            StatusCode::CONFLICT
        }
    };
    editor_page(state, (staff, a), status, None, note, errors).await
}

/// After a workflow step: back to the assessment, or the editor again saying why it was refused.
async fn after_step<T>(
    state: &State,
    who: (&Staff, &AssessmentRef),
    done: Result<T, StoreError>,
    note: String,
) -> Result<Response, PageError> {
    match done {
        Ok(_) => Ok(see_other(href_of(who.1))),
        Err(e) => refused_step(state, who, e, note).await,
    }
}

async fn no_version(state: &State, who: (&Staff, &AssessmentRef)) -> Result<Response, PageError> {
    let errors = EditorErrors {
        workflow: Some(NO_VERSION.to_string()),
        ..EditorErrors::default()
    };
    editor_page(
        state,
        who,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        String::new(),
        errors,
    )
    .await
}

async fn save_text(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(fields);
    let a = &target.0;
    let t = Target::of(a);
    let typed = TextForm {
        verdict: fields.get("verdict"),
        opening: fields.get("opening"),
        conclusion: fields.get("conclusion"),
        justification: fields.get("justification"),
    };
    let Some(version) = fields.version() else {
        return no_version(&state, (&staff, a)).await;
    };
    let verdict = match parse_verdict(&typed.verdict) {
        Ok(v) => v,
        Err(message) => {
            let errors = EditorErrors {
                verdict: Some(message),
                ..EditorErrors::default()
            };
            return editor_page(
                &state,
                (&staff, a),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(typed),
                String::new(),
                errors,
            )
            .await;
        }
    };
    let change = AssessmentText {
        verdict,
        opening: typed.opening.clone(),
        conclusion: typed.conclusion.clone(),
    };
    let stored = state
        .store
        .assessment_state(&t.cycle, &t.code, &t.member)
        .await?
        .and_then(|s| s.justification);
    let justification = justification_change(fields.given("justification"), stored.as_deref());
    match state
        .store
        .set_assessment_justified(
            t.key(),
            version,
            &change,
            justification.as_deref(),
            staff.name(),
        )
        .await
    {
        Ok(_) => Ok(see_other(href_of(a))),
        Err(e) => {
            let mut errors = EditorErrors::default();
            let (status, form) = match refusal(e)? {
                Refusal::Field(field, message) => {
                    match field {
                        "opening" => errors.opening = Some(message),
                        "conclusion" => errors.conclusion = Some(message),
                        "justification" => errors.justification = Some(message),
                        "verdict" => errors.verdict = Some(message),
                        _ => errors.workflow = Some(message),
                    }
                    (StatusCode::UNPROCESSABLE_ENTITY, Some(typed))
                }
                Refusal::Conflict(message) => {
                    errors.conflict = Some(message);
                    errors.typed = Some(typed);
                    (StatusCode::CONFLICT, None)
                }
                Refusal::Workflow(message) => {
                    errors.workflow = Some(message);
                    (StatusCode::CONFLICT, None)
                }
            };
            editor_page(&state, (&staff, a), status, form, String::new(), errors).await
        }
    }
}

fn href_of(a: &AssessmentRef) -> String {
    crate::pages::href::work_assessment(&a.commitment.cycle.slug, &a.commitment.code, &a.member)
}

async fn submit(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(fields);
    let a = &target.0;
    let Some(version) = fields.version() else {
        return no_version(&state, (&staff, a)).await;
    };
    let done = state
        .store
        .submit_assessment_at(Target::of(a).key(), version, staff.name())
        .await;
    after_step(&state, (&staff, a), done, String::new()).await
}

async fn submit_codes(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(fields);
    let a = &target.0;
    let t = Target::of(a);
    let Some(version) = fields.version() else {
        return no_version(&state, (&staff, a)).await;
    };
    let mine = own_coding(&state, &t, staff.name()).await?;
    let done = state
        .store
        .save_codes(
            t.key(),
            version,
            staff.name(),
            &mine.items,
            true,
            staff.name(),
        )
        .await;
    after_step(&state, (&staff, a), done, String::new()).await
}

async fn approve(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentApproval>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(fields);
    let a = &target.0;
    let Some(version) = fields.version() else {
        return no_version(&state, (&staff, a)).await;
    };
    let done = state
        .store
        .approve_assessment(Target::of(a).key(), version, staff.name())
        .await;
    after_step(&state, (&staff, a), done, String::new()).await
}

async fn return_to_draft(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentApproval>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(fields);
    let a = &target.0;
    let note = fields.get("note");
    let Some(version) = fields.version() else {
        return no_version(&state, (&staff, a)).await;
    };
    let done = state
        .store
        .return_assessment(Target::of(a).key(), version, &note, staff.name())
        .await;
    after_step(&state, (&staff, a), done, note).await
}

/// The `{n}` or `{number}` of the path, or a 404.
fn path_number(params: &HashMap<String, String>, name: &str) -> Result<u32, PageError> {
    params
        .get(name)
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .ok_or(PageError::NotFound)
}

#[allow(clippy::too_many_arguments)]
async fn evidence_page(
    state: &State,
    (staff, a): (&Staff, &AssessmentRef),
    number: Option<u32>,
    status: StatusCode,
    form: Option<EvidenceForm>,
    errors: EvidenceErrors,
) -> Result<Response, PageError> {
    let t = Target::of(a);
    let l = load(state, &t, staff).await?;
    if let Some(n) = number
        && !l.draft.evidence.iter().any(|e| e.number == n)
    {
        return Err(PageError::NotFound);
    }
    let page = EvidencePage::new(
        staff,
        &t.slug,
        &l.draft,
        number,
        l.rubric.as_ref(),
        &l.coding,
        form,
        errors,
    );
    Ok((status, html(&page)?).into_response())
}

async fn new_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
) -> Result<Response, PageError> {
    evidence_page(
        &state,
        (&staff, &target.0),
        None,
        StatusCode::OK,
        None,
        EvidenceErrors::default(),
    )
    .await
}

async fn evidence_form(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    PagePath(params): PagePath<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let n = path_number(&params, "n")?;
    evidence_page(
        &state,
        (&staff, &target.0),
        Some(n),
        StatusCode::OK,
        None,
        EvidenceErrors::default(),
    )
    .await
}

/// The evidence form as typed, and the input for the store when it reads; otherwise the
/// errors to show next to the fields.
fn read_evidence(
    fields: &Fields,
    rubric: Option<&Rubric>,
    coding: &OwnCoding,
    coder: &str,
) -> (EvidenceForm, Result<EvidenceInput, EvidenceErrors>) {
    let mut errors = EvidenceErrors::default();
    let mut cites = Vec::new();
    for c in fields.all("cite") {
        match c.trim().parse::<u32>() {
            Ok(n) if !cites.contains(&n) => cites.push(n),
            Ok(_) => {}
            Err(_) => errors.citations = Some(format!("`{c}` is not a footnote number")),
        }
    }
    let coded_dimensions: Vec<String> = match rubric {
        Some(r) if !coding.submitted => r.dimensions.iter().map(|d| d.key.clone()).collect(),
        _ => Vec::new(),
    };
    let codes: Vec<(String, String)> = coded_dimensions
        .iter()
        .map(|k| (k.clone(), fields.get(&format!("code-{k}"))))
        .filter(|(_, s)| !s.trim().is_empty() && s.trim() != "none")
        .collect();
    let form = EvidenceForm {
        date: fields.get("date"),
        date_inferred: !fields.get("date_inferred").is_empty(),
        text: fields.get("text"),
        cites: cites.clone(),
        new_title: fields.get("new_title"),
        new_publisher: fields.get("new_publisher"),
        new_place: fields.get("new_place"),
        new_published: fields.get("new_published"),
        new_accessed: fields.get("new_accessed"),
        new_url: fields.get("new_url"),
        new_note: fields.get("new_note"),
        codes: codes.clone(),
    };
    let date = match parse_date(&form.date) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.date = Some("an evidence item needs its date (YYYY-MM-DD)".to_string());
            None
        }
        Err(message) => {
            errors.date = Some(message);
            None
        }
    };
    let published = parse_published(&form.new_published).unwrap_or_else(|m| {
        errors.published = Some(m);
        None
    });
    let accessed = parse_date(&form.new_accessed).unwrap_or_else(|m| {
        errors.accessed = Some(m);
        None
    });
    let new_given = [
        &form.new_title,
        &form.new_publisher,
        &form.new_place,
        &form.new_published,
        &form.new_accessed,
        &form.new_url,
        &form.new_note,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    if new_given && form.new_title.trim().is_empty() {
        errors.title = Some("a new footnote needs a title".to_string());
    }
    let mut strengths = Vec::new();
    for (dimension, s) in &codes {
        match EvidenceStrength::parse(s) {
            Some(strength) => strengths.push((dimension.clone(), strength)),
            None => {
                errors.codes = Some(format!(
                    "`{s}` is not a code for {dimension}: none, weak, strong or contradictory"
                ))
            }
        }
    }
    let Some(date) = date.filter(|_| !errors.any_field()) else {
        return (form, Err(errors));
    };
    let optional = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
    let input = EvidenceInput {
        date,
        date_inferred: form.date_inferred,
        text: form.text.clone(),
        citations: cites,
        new_citation: new_given.then(|| CitationInput {
            title: form.new_title.clone(),
            publisher: optional(&form.new_publisher),
            place: optional(&form.new_place),
            published,
            accessed,
            url: optional(&form.new_url),
            note: optional(&form.new_note),
        }),
        codes: (!coded_dimensions.is_empty()).then(|| EvidenceCodes {
            coder: coder.to_string(),
            codes: strengths,
        }),
    };
    (form, Ok(input))
}

async fn save_evidence(
    state: &State,
    (staff, a): (&Staff, &AssessmentRef),
    number: Option<u32>,
    fields: Fields,
) -> Result<Response, PageError> {
    let t = Target::of(a);
    let rubric = state.store.rubric(&t.cycle, &t.code, None).await?;
    let coding = own_coding(state, &t, staff.name()).await?;
    let (form, input) = read_evidence(&fields, rubric.as_ref(), &coding, staff.name());
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(version) = fields.version() else {
        let errors = EvidenceErrors {
            form: Some(NO_VERSION.to_string()),
            ..EvidenceErrors::default()
        };
        return evidence_page(state, (staff, a), number, unprocessable, Some(form), errors).await;
    };
    let input = match input {
        Ok(input) => input,
        Err(errors) => {
            return evidence_page(state, (staff, a), number, unprocessable, Some(form), errors)
                .await;
        }
    };
    let written = match number {
        None => state
            .store
            .add_evidence(t.key(), version, &input, staff.name())
            .await
            .map(|(n, _)| n),
        Some(n) => state
            .store
            .edit_evidence(t.key(), version, n, &input, staff.name())
            .await
            .map(|_| n),
    };
    let e = match written {
        Ok(n) => return Ok(see_other(format!("{}#evidence-{n}", href_of(a)))),
        Err(e) => e,
    };
    let mut errors = EvidenceErrors::default();
    match refusal(e)? {
        Refusal::Field(field, message) => {
            match field {
                "date" => errors.date = Some(message),
                "text" => errors.text = Some(message),
                "citations" => errors.citations = Some(message),
                "title" => errors.title = Some(message),
                "published" => errors.published = Some(message),
                "accessed" => errors.accessed = Some(message),
                "codes" => errors.codes = Some(message),
                _ => errors.form = Some(message),
            }
            evidence_page(state, (staff, a), number, unprocessable, Some(form), errors).await
        }
        Refusal::Conflict(message) => {
            errors.conflict = Some(message);
            errors.typed = Some(form.text.clone());
            // A new item overwrites nothing: keep the form as typed, at the current version.
            // An edited one shows the item as it now stands.
            let shown = number.is_none().then_some(form);
            evidence_page(
                state,
                (staff, a),
                number,
                StatusCode::CONFLICT,
                shown,
                errors,
            )
            .await
        }
        Refusal::Workflow(message) => {
            errors.form = Some(message);
            evidence_page(
                state,
                (staff, a),
                number,
                StatusCode::CONFLICT,
                Some(form),
                errors,
            )
            .await
        }
    }
}

async fn create_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    save_evidence(&state, (&staff, &target.0), None, Fields(fields)).await
}

async fn update_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    PagePath(params): PagePath<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let n = path_number(&params, "n")?;
    save_evidence(&state, (&staff, &target.0), Some(n), Fields(fields)).await
}

async fn delete_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    PagePath(params): PagePath<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let n = path_number(&params, "n")?;
    let fields = Fields(fields);
    let a = &target.0;
    let Some(version) = fields.version() else {
        return no_version(&state, (&staff, a)).await;
    };
    match state
        .store
        .delete_evidence(Target::of(a).key(), version, n, staff.name())
        .await
    {
        Ok(_) => Ok(see_other(format!("{}#evidence-heading", href_of(a)))),
        Err(e) => refused_step(&state, (&staff, a), e, String::new()).await,
    }
}

async fn citation_page(
    state: &State,
    (staff, a): (&Staff, &AssessmentRef),
    number: u32,
    status: StatusCode,
    form: Option<CitationForm>,
    errors: CitationErrors,
) -> Result<Response, PageError> {
    let t = Target::of(a);
    let draft = state
        .store
        .assessment_draft(&t.cycle, &t.code, &t.member)
        .await?;
    let Some(c) = draft.citations.iter().find(|c| c.citation.number == number) else {
        return Err(PageError::NotFound);
    };
    let page = CitationPage::new(staff, &t.slug, &draft, c, form, errors);
    Ok((status, html(&page)?).into_response())
}

async fn citation_form(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    PagePath(params): PagePath<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let n = path_number(&params, "number")?;
    citation_page(
        &state,
        (&staff, &target.0),
        n,
        StatusCode::OK,
        None,
        CitationErrors::default(),
    )
    .await
}

async fn update_citation(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    PagePath(params): PagePath<HashMap<String, String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let n = path_number(&params, "number")?;
    let fields = Fields(fields);
    let a = &target.0;
    let who = (&staff, a);
    let form = CitationForm {
        title: fields.get("title"),
        publisher: fields.get("publisher"),
        place: fields.get("place"),
        published: fields.get("published"),
        accessed: fields.get("accessed"),
        url: fields.get("url"),
        note: fields.get("note"),
    };
    let mut errors = CitationErrors::default();
    let published = parse_published(&form.published).unwrap_or_else(|m| {
        errors.published = Some(m);
        None
    });
    let accessed = parse_date(&form.accessed).unwrap_or_else(|m| {
        errors.accessed = Some(m);
        None
    });
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(version) = fields.version() else {
        errors.form = Some(NO_VERSION.to_string());
        return citation_page(&state, who, n, unprocessable, Some(form), errors).await;
    };
    if errors.published.is_some() || errors.accessed.is_some() {
        return citation_page(&state, who, n, unprocessable, Some(form), errors).await;
    }
    let optional = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
    let input = CitationInput {
        title: form.title.clone(),
        publisher: optional(&form.publisher),
        place: optional(&form.place),
        published,
        accessed,
        url: optional(&form.url),
        note: optional(&form.note),
    };
    match state
        .store
        .edit_citation(Target::of(a).key(), n, version, &input, staff.name())
        .await
    {
        Ok(_) => Ok(see_other(format!("{}#fn-{n}", href_of(a)))),
        Err(e) => match refusal(e)? {
            Refusal::Field(field, message) => {
                match field {
                    "title" => errors.title = Some(message),
                    "published" => errors.published = Some(message),
                    "accessed" => errors.accessed = Some(message),
                    _ => errors.form = Some(message),
                }
                citation_page(&state, who, n, unprocessable, Some(form), errors).await
            }
            Refusal::Conflict(message) => {
                errors.conflict = Some(message);
                citation_page(&state, who, n, StatusCode::CONFLICT, None, errors).await
            }
            Refusal::Workflow(message) => {
                errors.form = Some(message);
                citation_page(&state, who, n, StatusCode::CONFLICT, Some(form), errors).await
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_verdicts_read_as_typed() {
        assert_eq!(parse_date(" "), Ok(None));
        assert_eq!(
            parse_date("2031-07-04"),
            Ok(Some(jiff::civil::date(2031, 7, 4)))
        );
        assert!(parse_date("2031-13-45").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(parse_verdict("not-assessed"), Ok(Verdict::NotAssessed));
        assert_eq!(parse_verdict("n/a"), Ok(Verdict::NotApplicable));
        assert!(parse_verdict("").is_err());
        assert!(parse_verdict("2").is_err());
    }

    #[test]
    fn an_empty_justification_field_changes_nothing_unless_one_is_stored() {
        assert_eq!(justification_change(None, Some("kept")), None);
        assert_eq!(justification_change(Some("  "), None), None);
        assert_eq!(
            justification_change(Some(" "), Some("kept")),
            Some(" ".to_string())
        );
        assert_eq!(
            justification_change(Some("Why."), None),
            Some("Why.".to_string())
        );
    }
}
