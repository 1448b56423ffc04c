//! Setting up cycles in the browser: `/workspace/cycles` (list, create), a cycle's settings,
//! members in scope and commitments (`/workspace/cycles/{slug}`), and a commitment's working
//! copy, assignments and rubric (`/workspace/cycles/{slug}/commitments/{code}`).
//!
//! Every form is a plain POST answered by a 303 back to its page, or by the page again with
//! what was typed and the reason next to the field: 422 for a refused value, 409 when someone
//! else changed the object since the form was opened (the page then shows the current version).

use axum::Router;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::civil::Date;
use pledgewatch_domain::access::Action;
use pledgewatch_domain::rubric::{Rubric, RubricFileError};
use pledgewatch_domain::{Cycle, CycleKind, PercentConvention, Period, Section, SectionKind};
use pledgewatch_store::{CommitmentDraft, MAX_REQUIRED_CODERS, StoreError};
use serde::Deserialize;

use crate::State;
use crate::auth::Allowed;
use crate::auth::Staff;
use crate::auth::permissions::{
    CommitmentAssigning, CommitmentRef, CommitmentWork, CycleSetup, EditCycles,
};
use crate::cache::Token;
use crate::coding::{CycleCoding, WhatIfOutcome};
use crate::error::{PageError, html};
use crate::pages::href;
use crate::pages::rubric::WhatIfView;
use crate::pages::setup::{
    AssignmentPart, CommitmentFields, CommitmentPage, CycleFields, CycleLink, CyclePage,
    CyclesPage, DimensionField, FieldErrors, NewCommitmentFields, RubricPart,
};
use crate::slugs::Slugs;

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/workspace/cycles", get(cycles).post(create_cycle))
        .route("/workspace/cycles/{slug}", get(cycle).post(save_cycle))
        .route("/workspace/cycles/{slug}/members", post(change_members))
        .route("/workspace/cycles/{slug}/commitments", post(add_commitment))
        .route(
            "/workspace/cycles/{slug}/commitments/{code}",
            get(commitment).post(save_commitment),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/assignments",
            post(change_assignment),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/rubric",
            post(save_rubric),
        )
        .route(
            "/workspace/cycles/{slug}/commitments/{code}/dimensions",
            post(save_dimensions),
        )
}

/// What a refused write says when someone else was first.
pub(crate) const STALE_NOTICE: &str = "This was changed by someone else since you opened it; \
     here is the current version. Make your change again on it.";

/// A page with a status other than 200.
fn page_with<T: askama::Template>(status: StatusCode, page: &T) -> Response {
    match html(page) {
        Ok(body) => (status, body).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The slug of the cycle called `name` now (after a rename, the new one).
async fn slug_of(state: &State, name: &str) -> Result<String, StoreError> {
    let token = Token::read(&state.store).await?;
    let cycles = state.store.cycles().await?;
    let slugs = state
        .slugs
        .replace(Slugs::build(token, cycles.into_iter().map(|c| c.cycle)));
    Ok(slugs.slug_of(name))
}

/// A cycle's settings as the form sends them.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CycleForm {
    name: String,
    institution: String,
    summit: String,
    kind: String,
    period_start: String,
    period_end: String,
    convention: String,
    required_coders: String,
    version: String,
}

impl CycleForm {
    fn fields(&self) -> CycleFields {
        CycleFields {
            name: self.name.clone(),
            institution: self.institution.clone(),
            summit: self.summit.clone(),
            kind: self.kind.clone(),
            period_start: self.period_start.clone(),
            period_end: self.period_end.clone(),
            convention: self.convention.clone(),
            required_coders: self.required_coders.clone(),
        }
    }
}

fn date_field(text: &str, field: &str, errors: &mut FieldErrors) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<Date>() {
        Ok(d) if text.len() == 10 => Some(d),
        _ => {
            errors.add(
                field,
                format!("`{text}` is not a date: write it as YYYY-MM-DD"),
            );
            None
        }
    }
}

/// The cycle the fields describe, or every field's problem.
pub(crate) fn cycle_of(fields: &CycleFields) -> Result<Cycle, FieldErrors> {
    let mut errors = FieldErrors::default();
    if fields.name.trim().is_empty() {
        errors.add("name", "The cycle needs a name.");
    }
    let kind = match fields.kind.trim() {
        "" => None,
        k => match CycleKind::parse(k) {
            Some(k) => Some(k),
            None => {
                errors.add("kind", format!("`{k}` is not a kind: interim or final"));
                None
            }
        },
    };
    let convention = match fields.convention.trim() {
        "" => PercentConvention::Rescaled,
        c => PercentConvention::parse(c).unwrap_or_else(|| {
            errors.add(
                "convention",
                format!("`{c}` is not a convention: rescaled or legacy"),
            );
            PercentConvention::Rescaled
        }),
    };
    let start = date_field(&fields.period_start, "period_start", &mut errors);
    let end = date_field(&fields.period_end, "period_end", &mut errors);
    let period = match (start, end) {
        (Some(s), Some(e)) => match Period::new(s, e) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.add(
                    "period_end",
                    format!("The period ends ({e}) before it starts ({s})."),
                );
                None
            }
        },
        (None, None) => None,
        (Some(_), None) => {
            errors.add("period_end", "Give the period's last day too.");
            None
        }
        (None, Some(_)) => {
            errors.add("period_start", "Give the period's first day too.");
            None
        }
    };
    if !fields.summit.trim().is_empty() && fields.institution.trim().is_empty() {
        errors.add(
            "institution",
            "A summit needs the institution it belongs to.",
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let optional = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
    Ok(Cycle {
        name: fields.name.trim().to_string(),
        kind,
        period,
        convention,
        institution: optional(&fields.institution),
        summit: optional(&fields.summit),
    })
}

/// The required coders the fields ask for (`None` when left empty: unchanged, or 1 for a new
/// cycle), or why not.
pub(crate) fn coders_of(fields: &CycleFields) -> Result<Option<u8>, FieldErrors> {
    let text = fields.required_coders.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u8>() {
        Ok(n) if (1..=MAX_REQUIRED_CODERS).contains(&n) => Ok(Some(n)),
        _ => {
            let mut errors = FieldErrors::default();
            errors.add(
                "required_coders",
                format!(
                    "`{text}` is not a number of coders: write a whole number from 1 to \
                     {MAX_REQUIRED_CODERS}"
                ),
            );
            Err(errors)
        }
    }
}

/// The cycle and its required coders the fields describe, or every field's problem.
pub(crate) fn settings_of(fields: &CycleFields) -> Result<(Cycle, Option<u8>), FieldErrors> {
    match (cycle_of(fields), coders_of(fields)) {
        (Ok(cycle), Ok(coders)) => Ok((cycle, coders)),
        (Err(mut errors), Err(more)) => {
            for (field, message) in more.pairs() {
                errors.add(field, message);
            }
            Err(errors)
        }
        (Err(errors), Ok(_)) | (Ok(_), Err(errors)) => Err(errors),
    }
}

/// A store refusal that belongs next to a field, or the page error it is.
fn field_error(e: StoreError) -> Result<FieldErrors, PageError> {
    match e {
        StoreError::InvalidField { field, message, .. } => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            Ok(errors)
        }
        StoreError::InvalidCycle(message) => {
            let mut errors = FieldErrors::default();
            errors.add("summit", message);
            Ok(errors)
        }
        other => Err(other.into()),
    }
}

async fn institutions(state: &State) -> Result<Vec<String>, PageError> {
    Ok(state
        .store
        .institutions()
        .await?
        .into_iter()
        .map(|i| i.name)
        .collect())
}

async fn cycles_page(
    state: &State,
    staff: &Staff,
    form: CycleFields,
    errors: FieldErrors,
) -> Result<CyclesPage, PageError> {
    let token = Token::read(&state.store).await?;
    let summaries = state.store.cycles().await?;
    let slugs = state.slugs.replace(Slugs::build(
        token,
        summaries.iter().map(|c| c.cycle.clone()),
    ));
    let links = summaries
        .iter()
        .map(|s| {
            let slug = slugs.slug_of(&s.cycle.name);
            CycleLink {
                name: s.cycle.name.clone(),
                href: href::work_cycle(&slug),
                public_href: href::cycle(&slug),
                commitments: s.commitments,
                members: s.members,
            }
        })
        .collect();
    Ok(CyclesPage::new(
        staff,
        links,
        form,
        errors,
        institutions(state).await?,
    ))
}

/// `GET /workspace/cycles`: every cycle, and the form creating one.
async fn cycles(
    Extract(state): Extract<State>,
    allowed: Allowed<EditCycles>,
) -> Result<Response, PageError> {
    let page = cycles_page(
        &state,
        &allowed.staff,
        CycleFields::blank(),
        FieldErrors::default(),
    )
    .await?;
    Ok(page_with(StatusCode::OK, &page))
}

/// `POST /workspace/cycles`: creates a cycle, then shows its setup page.
async fn create_cycle(
    Extract(state): Extract<State>,
    allowed: Allowed<EditCycles>,
    axum::Form(form): axum::Form<CycleForm>,
) -> Result<Response, PageError> {
    let fields = form.fields();
    let refused = |errors: FieldErrors| async {
        let page = cycles_page(&state, &allowed.staff, fields.clone(), errors).await?;
        Ok::<_, PageError>(page_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    let (cycle, coders) = match settings_of(&fields) {
        Ok(c) => c,
        Err(errors) => return refused(errors).await,
    };
    match state.store.create_cycle(&cycle, allowed.staff.name()).await {
        Ok(created) => {
            let coders = coders.unwrap_or(1);
            require_coders(&state, &created, coders, allowed.staff.name()).await?;
            let slug = slug_of(&state, &created.name).await?;
            Ok(Redirect::to(&href::work_cycle(&slug)).into_response())
        }
        Err(e) => refused(field_error(e)?).await,
    }
}

/// Sets a cycle just created to require `coders` independent codings: a second audited write,
/// made only when the form asked for more than the single coding a new cycle starts with.
pub(crate) async fn require_coders(
    state: &State,
    created: &Cycle,
    coders: u8,
    actor: &str,
) -> Result<(), StoreError> {
    if coders == 1 {
        return Ok(());
    }
    let Some(setup) = state.store.cycle_setup(&created.name).await? else {
        return Err(StoreError::NotFound(format!(
            "there is no cycle `{}`",
            created.name
        )));
    };
    state
        .store
        .update_cycle_setup(&created.name, setup.version, created, Some(coders), actor)
        .await
        .map(|_| ())
}

/// The setup page of the cycle called `name`, as stored now.
async fn cycle_page(
    state: &State,
    staff: &Staff,
    slug: &str,
    name: &str,
) -> Result<CyclePage, PageError> {
    let setup = state
        .store
        .cycle_setup(name)
        .await?
        .ok_or(PageError::NotFound)?;
    let mut page = CyclePage::new(staff, slug, &setup);
    page.institutions = institutions(state).await?;
    Ok(page)
}

/// `GET /workspace/cycles/{slug}`: the cycle's settings, members and commitments.
async fn cycle(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let page = cycle_page(&state, &allowed.staff, &c.slug, &c.cycle.name).await?;
    Ok(page_with(StatusCode::OK, &page))
}

/// A version as a form sends it back; a missing or garbled one can only be stale.
fn version_of(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

/// The setup page again with the settings as typed and why they were refused (422).
async fn refused_settings(
    state: &State,
    staff: &Staff,
    (slug, name): (&str, &str),
    fields: CycleFields,
    version: &str,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let mut page = cycle_page(state, staff, slug, name).await?;
    page.form = fields;
    page.version = version_of(version);
    page.errors = errors;
    Ok(page_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// The setup page as stored now, saying that someone else changed it first (409).
async fn stale_cycle(
    state: &State,
    staff: &Staff,
    slug: &str,
    name: &str,
) -> Result<Response, PageError> {
    let mut page = cycle_page(state, staff, slug, name).await?;
    page.notice = Some(STALE_NOTICE.to_string());
    Ok(page_with(StatusCode::CONFLICT, &page))
}

/// `POST /workspace/cycles/{slug}`: saves the settings.
async fn save_cycle(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
    axum::Form(form): axum::Form<CycleForm>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let at = (c.slug.as_str(), c.cycle.name.as_str());
    let fields = form.fields();
    let (cycle, coders) = match settings_of(&fields) {
        Ok(settings) => settings,
        Err(errors) => {
            return refused_settings(&state, &allowed.staff, at, fields, &form.version, errors)
                .await;
        }
    };
    let saved = state
        .store
        .update_cycle_setup(
            &c.cycle.name,
            version_of(&form.version),
            &cycle,
            coders,
            allowed.staff.name(),
        )
        .await;
    match saved {
        Ok(_) => {
            let slug = slug_of(&state, &cycle.name).await?;
            Ok(Redirect::to(&href::work_cycle(&slug)).into_response())
        }
        Err(StoreError::Stale { .. }) => stale_cycle(&state, &allowed.staff, at.0, at.1).await,
        Err(e) => {
            let errors = field_error(e)?;
            refused_settings(&state, &allowed.staff, at, fields, &form.version, errors).await
        }
    }
}

/// A change of the members in scope: `op` is `add`, `remove`, `up` or `down`.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MembersForm {
    op: String,
    member: String,
    version: String,
}

/// `POST /workspace/cycles/{slug}/members`: adds, removes or moves one member.
async fn change_members(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
    axum::Form(form): axum::Form<MembersForm>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let setup = state
        .store
        .cycle_setup(&c.cycle.name)
        .await?
        .ok_or(PageError::NotFound)?;
    let version = version_of(&form.version);
    if version != setup.version {
        return stale_cycle(&state, &allowed.staff, &c.slug, &c.cycle.name).await;
    }
    let mut codes: Vec<String> = setup
        .members
        .iter()
        .map(|m| m.member.code.clone())
        .collect();
    let member = form.member.trim().to_string();
    let at = codes.iter().position(|code| *code == member);
    let refused = |message: String| async {
        let mut page = cycle_page(&state, &allowed.staff, &c.slug, &c.cycle.name).await?;
        page.members_error = Some(message);
        Ok::<_, PageError>(page_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    match (form.op.as_str(), at) {
        ("add", None) if !member.is_empty() => codes.push(member),
        ("add", Some(_)) => return refused(format!("{member} is in the cycle already.")).await,
        ("remove", Some(i)) => {
            codes.remove(i);
        }
        ("up", Some(i)) if i > 0 => codes.swap(i, i - 1),
        ("down", Some(i)) if i + 1 < codes.len() => codes.swap(i, i + 1),
        ("up" | "down", Some(_)) => {}
        ("add", None) => return refused("Choose a member to add.".to_string()).await,
        ("remove" | "up" | "down", None) => {
            return refused(format!("`{member}` is not in the cycle.")).await;
        }
        (op, _) => {
            return refused(format!(
                "`{op}` is not a change of members: add, remove, up or down"
            ))
            .await;
        }
    }
    match state
        .store
        .set_cycle_members(&c.cycle.name, version, &codes, allowed.staff.name())
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}#members", href::work_cycle(&c.slug))).into_response())
        }
        Err(StoreError::Stale { .. }) => {
            stale_cycle(&state, &allowed.staff, &c.slug, &c.cycle.name).await
        }
        Err(StoreError::InvalidField { message, .. }) => refused(message).await,
        Err(e) => Err(e.into()),
    }
}

/// A commitment's working copy as the forms send it: fixed fields and one text area per
/// section, named `section_<kind>`.
fn draft_of(pairs: &[(String, String)]) -> (CommitmentDraft, String) {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let optional = |t: String| Some(t.trim().to_string()).filter(|t| !t.is_empty());
    let draft = CommitmentDraft {
        code: get("code"),
        area: get("area"),
        title: get("title"),
        text: get("text"),
        source: get("source"),
        director: optional(get("director")),
        lead_analyst: optional(get("lead_analyst")),
        sections: SectionKind::ALL
            .into_iter()
            .map(|kind| Section {
                kind,
                text: get(&CommitmentFields::section_field(kind)),
            })
            .collect(),
    };
    (draft, get("version"))
}

/// `POST /workspace/cycles/{slug}/commitments`: adds a commitment, then shows its page.
async fn add_commitment(
    Extract(state): Extract<State>,
    allowed: Allowed<CycleSetup>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let (draft, _) = draft_of(&pairs);
    match state
        .store
        .add_cycle_commitment(&c.cycle.name, &draft, allowed.staff.name())
        .await
    {
        Ok(added) => Ok(Redirect::to(&href::work_commitment(&c.slug, &added.code)).into_response()),
        Err(e) => {
            let errors = field_error(e)?;
            let mut page = cycle_page(&state, &allowed.staff, &c.slug, &c.cycle.name).await?;
            page.new_commitment = NewCommitmentFields {
                code: draft.code,
                area: draft.area,
                title: draft.title,
            };
            page.commitment_errors = errors;
            Ok(page_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The commitment page as stored now; `form` replaces the stored working copy when given (a
/// refused form keeps what was typed).
async fn commitment_page(
    state: &State,
    staff: &Staff,
    c: &CommitmentRef,
    form: Option<(CommitmentFields, FieldErrors, i64)>,
) -> Result<CommitmentPage, PageError> {
    let cycle = &c.cycle.cycle.name;
    let slug = &c.cycle.slug;
    let (draft, version) = state
        .store
        .commitment_draft(cycle, &c.code)
        .await?
        .ok_or(PageError::NotFound)?;
    let assignments = if staff.actor.may(Action::AssignToCommitment {
        commitment: c.commitment_id,
    }) {
        let members = state.store.members(cycle).await?;
        let rows = state.store.assignments(cycle).await?;
        let accounts = state.store.accounts().await?;
        Some(AssignmentPart::new(
            slug, &c.code, &members, &rows, &accounts,
        ))
    } else {
        None
    };
    let rubric = state.store.rubric(cycle, &c.code, None).await?;
    let (fields, errors, version) = match form {
        Some(f) => f,
        None => (
            CommitmentFields::of(&draft),
            FieldErrors::default(),
            version,
        ),
    };
    Ok(CommitmentPage::new(
        staff,
        (slug, cycle),
        &c.code,
        version,
        fields,
        errors,
        assignments,
        RubricPart::new(slug, &c.code, rubric.as_ref()),
    ))
}

/// `GET /workspace/cycles/{slug}/commitments/{code}`.
async fn commitment(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
) -> Result<Response, PageError> {
    let page = commitment_page(&state, &allowed.staff, &allowed.target.0, None).await?;
    Ok(page_with(StatusCode::OK, &page))
}

/// `POST /workspace/cycles/{slug}/commitments/{code}`: saves the working copy.
async fn save_commitment(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let (draft, version) = draft_of(&pairs);
    let version = version_of(&version);
    let saved = state
        .store
        .update_commitment_draft(
            &c.cycle.cycle.name,
            &c.code,
            version,
            &draft,
            allowed.staff.name(),
        )
        .await;
    match saved {
        Ok(_) => Ok(
            Redirect::to(&href::work_commitment(&c.cycle.slug, draft.code.trim())).into_response(),
        ),
        Err(StoreError::Stale { .. }) => {
            let mut page = commitment_page(&state, &allowed.staff, c, None).await?;
            page.notice = Some(STALE_NOTICE.to_string());
            Ok(page_with(StatusCode::CONFLICT, &page))
        }
        Err(e) => {
            let errors = field_error(e)?;
            let fields = CommitmentFields::of(&draft);
            let page =
                commitment_page(&state, &allowed.staff, c, Some((fields, errors, version))).await?;
            Ok(page_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// An assignment change: `op` is `assign` or `unassign`; no `member` means the whole
/// commitment (lead analysts, directors).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AssignmentForm {
    op: String,
    account: String,
    member: String,
}

/// `POST /workspace/cycles/{slug}/commitments/{code}/assignments`.
async fn change_assignment(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentAssigning>,
    axum::Form(form): axum::Form<AssignmentForm>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let cycle = &c.cycle.cycle.name;
    let member = Some(form.member.trim()).filter(|m| !m.is_empty());
    let account = form.account.trim();
    let actor = allowed.staff.name();
    let done = match form.op.as_str() {
        _ if account.is_empty() => Err(StoreError::InvalidAccount(
            "Choose an account to assign.".to_string(),
        )),
        "assign" => {
            state
                .store
                .assign(account, cycle, &c.code, member, actor)
                .await
        }
        "unassign" => state
            .store
            .unassign(account, cycle, &c.code, member, actor)
            .await
            .map(|_| ()),
        op => Err(StoreError::InvalidAccount(format!(
            "`{op}` is not a change of assignment: assign or unassign"
        ))),
    };
    let message = match done {
        Ok(()) => {
            return Ok(Redirect::to(&format!(
                "{}#assignments",
                href::work_commitment(&c.cycle.slug, &c.code)
            ))
            .into_response());
        }
        Err(StoreError::InvalidAccount(message) | StoreError::NotFound(message)) => message,
        Err(e) => return Err(e.into()),
    };
    let mut page = commitment_page(&state, &allowed.staff, c, None).await?;
    if let Some(a) = page.assignments.as_mut() {
        a.error = Some(message);
    }
    Ok(page_with(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// A new rubric version as the form sends it: the TOML, the version it was edited from, and
/// which button was pressed (`check`, the default, or `save`).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RubricForm {
    base: String,
    rubric: String,
    step: String,
}

/// Whether a rubric form's button asks to save; anything else only checks.
fn saving(step: &str) -> bool {
    step.trim() == "save"
}

/// What `new` would do to the commitment's assessments in the working copy, against its
/// newest rubric: the suggested scores that would change. Nothing is stored.
pub(crate) async fn working_what_if(
    state: &State,
    cycle: &str,
    code: &str,
    new: &Rubric,
) -> Result<(Option<u32>, WhatIfOutcome), StoreError> {
    let matrix = state
        .store
        .score_matrix(cycle)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("there is no cycle `{cycle}`")))?;
    let coding = CycleCoding::load_with(&state.store, cycle, matrix).await?;
    let current = coding
        .matrix
        .rows
        .iter()
        .position(|r| r.code == code)
        .and_then(|i| coding.rubrics[i].as_ref().map(|r| r.version));
    Ok((current, coding.what_if(code, new)))
}

/// The checker's report and the what-if of `new`, for the page before it is saved; `None` when
/// the newest version is no longer `base`, the one the form was opened on (a save would be
/// stale, so the check would compare with the wrong rubric).
async fn preview_of(
    state: &State,
    c: &CommitmentRef,
    base: Option<u32>,
    new: &Rubric,
) -> Result<Option<WhatIfView>, PageError> {
    let (current, outcome) = working_what_if(state, &c.cycle.cycle.name, &c.code, new).await?;
    if current != base {
        return Ok(None);
    }
    Ok(Some(WhatIfView::new(new, current, outcome)))
}

/// Each problem of a rubric text, in words, for the list next to the text area.
pub(crate) fn rubric_problems(e: &RubricFileError) -> Vec<String> {
    match e {
        RubricFileError::Parse(message) => vec![format!("Not readable as TOML: {message}")],
        RubricFileError::Invalid(invalid) => {
            invalid.problems.iter().map(ToString::to_string).collect()
        }
    }
}

/// `POST /workspace/cycles/{slug}/commitments/{code}/rubric`: checks the rubric as typed
/// (the checker's findings and the what-if, nothing saved) or, with `step=save`, saves it as a
/// new version. Findings never block a save: the checker is advice, and the saved version's
/// findings stay on the page.
async fn save_rubric(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
    axum::Form(form): axum::Form<RubricForm>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let base = match form.base.trim() {
        "" => None,
        b => Some(b.parse::<u32>().unwrap_or(0)),
    };
    let (state_ref, staff, typed) = (&state, &allowed.staff, &form.rubric);
    let refused = |status: StatusCode, errors: Vec<String>, notice: Option<String>| async move {
        let mut page = commitment_page(state_ref, staff, c, None).await?;
        if !errors.is_empty() {
            page.rubric.toml = typed.clone();
        }
        page.rubric.errors = errors;
        page.rubric.notice = notice;
        Ok::<_, PageError>(page_with(status, &page))
    };
    let rubric = match Rubric::from_toml_str(&form.rubric) {
        Ok(r) => r,
        Err(e) => {
            return refused(StatusCode::UNPROCESSABLE_ENTITY, rubric_problems(&e), None).await;
        }
    };
    if let Err(e) = rubric.check() {
        return refused(StatusCode::UNPROCESSABLE_ENTITY, vec![e.to_string()], None).await;
    }
    if !saving(&form.step) {
        // The first step: findings and what-if for the rubric as typed, which stays in the box.
        let Some(preview) = preview_of(&state, c, base, &rubric).await? else {
            let notice = Some(STALE_NOTICE.to_string());
            return refused(StatusCode::CONFLICT, Vec::new(), notice).await;
        };
        let mut page = commitment_page(&state, &allowed.staff, c, None).await?;
        page.rubric.toml = form.rubric.clone();
        page.rubric.preview = Some(preview);
        return Ok(page_with(StatusCode::OK, &page));
    }
    match state
        .store
        .save_rubric_over(
            &c.cycle.cycle.name,
            &c.code,
            base,
            &rubric,
            allowed.staff.name(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}#dimensions",
            href::work_commitment(&c.cycle.slug, &c.code)
        ))
        .into_response()),
        Err(StoreError::Stale { .. }) => {
            refused(
                StatusCode::CONFLICT,
                Vec::new(),
                Some(STALE_NOTICE.to_string()),
            )
            .await
        }
        Err(StoreError::InvalidRubric { message, .. }) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, vec![message], None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The dimensions form's rows as typed: `dim_key_0`, `dim_name_0`, … until a row is missing.
fn dimension_fields(pairs: &[(String, String)]) -> Vec<DimensionField> {
    let get = |name: String| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    };
    let mut rows = Vec::new();
    // The page sends one row per dimension and a blank one; more than that is not a form.
    for index in 0..MAX_DIMENSION_ROWS {
        let Some(key) = get(format!("dim_key_{index}")) else {
            break;
        };
        rows.push(DimensionField {
            index,
            key,
            name: get(format!("dim_name_{index}")).unwrap_or_default(),
            description: get(format!("dim_description_{index}")).unwrap_or_default(),
            strong: get(format!("dim_strong_{index}")).unwrap_or_default(),
            weak: get(format!("dim_weak_{index}")).unwrap_or_default(),
        });
    }
    rows
}

/// The rows as typed, and a blank one to add a dimension unless the last row is blank already.
fn typed_rows(rows: &[DimensionField]) -> Vec<DimensionField> {
    let mut typed = rows.to_vec();
    if typed.last().is_none_or(|r| !r.key.trim().is_empty()) {
        typed.push(DimensionField {
            index: typed.len(),
            ..DimensionField::default()
        });
    }
    typed
}

/// More rows than any rubric the checker can enumerate.
const MAX_DIMENSION_ROWS: usize = 64;

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `POST /workspace/cycles/{slug}/commitments/{code}/dimensions`: checks the dimensions with the
/// rules kept (findings and what-if) or, with `step=save`, saves them as a new rubric version.
async fn save_dimensions(
    Extract(state): Extract<State>,
    allowed: Allowed<CommitmentWork>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let c = &allowed.target.0;
    let cycle = &c.cycle.cycle.name;
    let base = pairs
        .iter()
        .find(|(k, _)| k == "base")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| v.parse::<u32>().unwrap_or(0));
    let rows = dimension_fields(&pairs);
    let current = state.store.rubric(cycle, &c.code, None).await?;
    let rubric = Rubric {
        version: base.unwrap_or(1),
        dimensions: rows
            .iter()
            .filter(|r| !(r.key.trim().is_empty() && r.name.trim().is_empty()))
            .map(|r| pledgewatch_domain::rubric::Dimension {
                key: r.key.trim().to_string(),
                name: r.name.trim().to_string(),
                description: r.description.trim().to_string(),
                strong_examples: lines(&r.strong),
                weak_examples: lines(&r.weak),
            })
            .collect(),
        rules: current.map(|r| r.rules).unwrap_or_default(),
    };
    let (state_ref, staff, rows_ref) = (&state, &allowed.staff, &rows);
    let refused = |status: StatusCode, errors: Vec<String>, notice: Option<String>| async move {
        let mut page = commitment_page(state_ref, staff, c, None).await?;
        if !errors.is_empty() {
            page.rubric.fields = typed_rows(rows_ref);
        }
        page.rubric.dimension_errors = errors;
        page.rubric.notice = notice;
        Ok::<_, PageError>(page_with(status, &page))
    };
    if let Err(invalid) = rubric.validate() {
        let problems = invalid.problems.iter().map(ToString::to_string).collect();
        return refused(StatusCode::UNPROCESSABLE_ENTITY, problems, None).await;
    }
    let step = pairs
        .iter()
        .find(|(k, _)| k == "step")
        .map_or("", |(_, v)| v.as_str());
    if !saving(step) {
        // The first step, as for the TOML form: findings and what-if, the rows as typed.
        let Some(preview) = preview_of(&state, c, base, &rubric).await? else {
            let notice = Some(STALE_NOTICE.to_string());
            return refused(StatusCode::CONFLICT, Vec::new(), notice).await;
        };
        let mut page = commitment_page(&state, &allowed.staff, c, None).await?;
        page.rubric.fields = typed_rows(&rows);
        page.rubric.dimension_preview = Some(preview);
        return Ok(page_with(StatusCode::OK, &page));
    }
    match state
        .store
        .save_rubric_over(cycle, &c.code, base, &rubric, allowed.staff.name())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}#dimensions",
            href::work_commitment(&c.cycle.slug, &c.code)
        ))
        .into_response()),
        Err(StoreError::Stale { .. }) => {
            refused(
                StatusCode::CONFLICT,
                Vec::new(),
                Some(STALE_NOTICE.to_string()),
            )
            .await
        }
        Err(StoreError::InvalidRubric { message, .. }) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, vec![message], None).await
        }
        Err(e) => Err(e.into()),
    }
}
