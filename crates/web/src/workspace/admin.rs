//! Administration in the browser: accounts and API tokens, institutions, members and their
//! memberships, summits and source documents. Plain forms that work without JavaScript: a
//! write answers 303 back to the page; a refused one re-renders the page with what was typed
//! and the error beside its field (422), or with the current version when someone else changed
//! the object first (409).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jiff::civil::Date;
use pledgewatch_domain::access::{Action, Role};
use pledgewatch_store::{
    AccountChange, DocumentInput, MemberInput, MembershipInput, StoreError, SummitInput,
    hash_password,
};

use crate::State;
use crate::auth::permissions::{EditInstitutions, ManageAccounts};
use crate::auth::{Allowed, Staff};
use crate::error::{PageError, PagePath};
use crate::pages::admin::{
    AccountsPage, DocumentPage, InstitutionPage, InstitutionsPage, MemberPage, MembersPage,
    SummitPage, TokensPage, Typed, links,
};

pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/workspace/accounts", get(accounts).post(create_account))
        .route("/workspace/accounts/{name}", post(change_account))
        .route(
            "/workspace/accounts/tokens/{id}/revoke",
            post(revoke_anyones_token),
        )
        .route("/workspace/tokens", get(tokens).post(create_token))
        .route("/workspace/tokens/{id}/revoke", post(revoke_own_token))
        .route(
            "/workspace/institutions",
            get(institutions).post(create_institution),
        )
        .route(
            "/workspace/institutions/{id}",
            get(institution).post(update_institution),
        )
        .route("/workspace/summits", post(create_summit))
        .route("/workspace/summits/{id}", get(summit).post(update_summit))
        .route("/workspace/documents", post(create_document))
        .route(
            "/workspace/documents/{id}",
            get(document).post(update_document),
        )
        .route("/workspace/members", get(members).post(create_member))
        .route("/workspace/members/{code}", get(member).post(update_member))
        .route(
            "/workspace/members/{code}/memberships",
            post(add_membership),
        )
        .route(
            "/workspace/memberships/{id}/remove",
            post(remove_membership),
        )
}

type Fields = HashMap<String, String>;

/// The form's fields, the first of repeated ones counting; the CSRF token is not a value.
fn fields(pairs: Vec<(String, String)>) -> Fields {
    let mut out = Fields::new();
    for (k, v) in pairs {
        if k != crate::auth::CSRF_FIELD {
            out.entry(k).or_insert(v);
        }
    }
    out
}

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |v| v.as_str())
}

fn render<T: Template>(status: StatusCode, page: &T) -> Result<Response, PageError> {
    Ok((status, Html(page.render()?)).into_response())
}

fn back(to: &str) -> Result<Response, PageError> {
    Ok(Redirect::to(to).into_response())
}

fn conflict_message(current: i64) -> String {
    format!(
        "This was changed by someone else since you opened it (it is now at version \
         {current}); here is the current version. Make your change again if it is still needed."
    )
}

/// How a refused write is shown: the field errors and conflicts as a re-rendered form, the
/// rest as an error page. `account_field` is the field an account error is about.
fn refusal(
    form: &str,
    values: Fields,
    e: StoreError,
    account_field: &str,
) -> Result<(StatusCode, Typed), PageError> {
    match e {
        StoreError::InvalidField { field, message, .. } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Typed::new(form, values).error(field, message),
        )),
        StoreError::InvalidAccount(message) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Typed::new(form, values).error(account_field, message),
        )),
        StoreError::Stale { current, .. } => Ok((
            StatusCode::CONFLICT,
            Typed::conflict(form, conflict_message(current)),
        )),
        other => Err(PageError::from(other)),
    }
}

/// A whole number from a form field, or the typed form with the error beside it.
fn number<T: std::str::FromStr>(
    form: &str,
    values: &Fields,
    name: &str,
    what: &str,
) -> Result<T, Typed> {
    field(values, name).trim().parse().map_err(|_| {
        Typed::new(form, values.clone())
            .error(name.to_string(), format!("{what} must be a whole number"))
    })
}

fn optional_number(
    form: &str,
    values: &Fields,
    name: &str,
    what: &str,
) -> Result<Option<i32>, Typed> {
    if field(values, name).trim().is_empty() {
        Ok(None)
    } else {
        number(form, values, name, what).map(Some)
    }
}

fn optional_date(form: &str, values: &Fields, name: &str) -> Result<Option<Date>, Typed> {
    let text = field(values, name).trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Date>().map(Some).map_err(|_| {
        Typed::new(form, values.clone()).error(
            name.to_string(),
            format!("`{text}` is not a date (YYYY-MM-DD)"),
        )
    })
}

// ---- accounts ----

async fn accounts_page(
    state: &State,
    staff: &Staff,
    status: StatusCode,
    typed: Typed,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let accounts = state.store.accounts().await?;
    render(status, &AccountsPage::new(staff, accounts, typed, notice))
}

async fn accounts(
    Extract(state): Extract<State>,
    allowed: Allowed<ManageAccounts>,
) -> Result<Response, PageError> {
    accounts_page(
        &state,
        &allowed.staff,
        StatusCode::OK,
        Typed::default(),
        None,
    )
    .await
}

/// Argon2 takes tens of milliseconds of CPU: off the async workers.
async fn hash(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .unwrap_or_else(|_| {
            Err(StoreError::InvalidAccount(
                "the password could not be hashed".to_string(),
            ))
        })
}

async fn create_account(
    Extract(state): Extract<State>,
    allowed: Allowed<ManageAccounts>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let mut values = fields(pairs);
    let password = values.remove("password").unwrap_or_default();
    let form = "create";
    let role: Role = match field(&values, "role").parse() {
        Ok(r) => r,
        Err(e) => {
            let typed = Typed::new(form, values).error("role", e.to_string());
            return accounts_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed, None)
                .await;
        }
    };
    let name = field(&values, "name").to_string();
    let outcome = match hash(password).await {
        Ok(h) => state.store.add_account(&name, role, &h, staff.name()).await,
        Err(StoreError::InvalidAccount(m)) => {
            let typed = Typed::new(form, values).error("password", m);
            return accounts_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed, None)
                .await;
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => back("/workspace/accounts"),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "name")?;
            accounts_page(&state, staff, status, typed, None).await
        }
    }
}

async fn change_account(
    Extract(state): Extract<State>,
    allowed: Allowed<ManageAccounts>,
    PagePath(name): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let mut values = fields(pairs);
    let password = values.remove("password").unwrap_or_default();
    let all = state.store.accounts().await?;
    let Some(index) = all.iter().position(|a| a.name == name) else {
        return Err(PageError::NotFound);
    };
    // The row's forms are told apart by position, as the page numbers them.
    let form = format!("account-{index}");
    let refuse = |field: &str, message: String, values: Fields| {
        Typed::new(form.clone(), values).error(field.to_string(), message)
    };
    let version: i64 = match number(&form, &values, "version", "The version") {
        Ok(v) => v,
        Err(typed) => {
            return accounts_page(&state, staff, StatusCode::BAD_REQUEST, typed, None).await;
        }
    };
    let mut change = AccountChange::default();
    match field(&values, "change") {
        "role" => match field(&values, "role").parse::<Role>() {
            Ok(r) => change.role = Some(r),
            Err(e) => {
                let typed = refuse("role", e.to_string(), values);
                return accounts_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed, None)
                    .await;
            }
        },
        "disable" if name == staff.name() => {
            let typed = refuse("", "You cannot disable your own account.".into(), values);
            return accounts_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed, None)
                .await;
        }
        "disable" => change.disabled = Some(true),
        "enable" => change.disabled = Some(false),
        "password" => match hash(password).await {
            Ok(h) => change.password_hash = Some(h),
            Err(StoreError::InvalidAccount(m)) => {
                let typed = refuse("password", m, values);
                return accounts_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed, None)
                    .await;
            }
            Err(e) => return Err(PageError::from(e)),
        },
        _ => {
            let typed = refuse(
                "",
                "Choose a change: role, disable, enable or password.".into(),
                values,
            );
            return accounts_page(&state, staff, StatusCode::UNPROCESSABLE_ENTITY, typed, None)
                .await;
        }
    }
    match state
        .store
        .update_account(&name, version, change, staff.name())
        .await
    {
        Ok(a) => {
            let notice = format!("Account {} saved.", a.name);
            accounts_page(
                &state,
                staff,
                StatusCode::OK,
                Typed::default(),
                Some(notice),
            )
            .await
        }
        Err(e) => {
            let (status, typed) = refusal(&form, values, e, "")?;
            accounts_page(&state, staff, status, typed, None).await
        }
    }
}

// ---- API tokens ----

async fn tokens_page(
    state: &State,
    staff: &Staff,
    status: StatusCode,
    new_token: Option<String>,
    typed: Typed,
) -> Result<Response, PageError> {
    // Admins see (and may revoke) everyone's tokens: the policy decides, not the role.
    let manages = staff.actor.may(Action::ManageAccounts);
    let tokens = state
        .store
        .api_tokens(if manages { None } else { Some(staff.name()) })
        .await?;
    render(
        status,
        &TokensPage::new(staff, tokens, manages, new_token, typed),
    )
}

async fn tokens(Extract(state): Extract<State>, staff: Staff) -> Result<Response, PageError> {
    tokens_page(&state, &staff, StatusCode::OK, None, Typed::default()).await
}

/// Creates a token and shows it this once (a 200, not a redirect: it cannot be shown again).
async fn create_token(
    Extract(state): Extract<State>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let values = fields(pairs);
    match state
        .store
        .issue_api_token(staff.name(), field(&values, "label"), staff.name())
        .await
    {
        Ok((_, token)) => {
            tokens_page(
                &state,
                &staff,
                StatusCode::OK,
                Some(token),
                Typed::default(),
            )
            .await
        }
        Err(e) => {
            let (status, typed) = refusal("create", values, e, "label")?;
            tokens_page(&state, &staff, status, None, typed).await
        }
    }
}

async fn revoke_own_token(
    Extract(state): Extract<State>,
    staff: Staff,
    PagePath(id): PagePath<i64>,
) -> Result<Response, PageError> {
    state
        .store
        .revoke_api_token(id, Some(staff.name()), staff.name())
        .await?;
    back("/workspace/tokens")
}

async fn revoke_anyones_token(
    Extract(state): Extract<State>,
    allowed: Allowed<ManageAccounts>,
    PagePath(id): PagePath<i64>,
) -> Result<Response, PageError> {
    state
        .store
        .revoke_api_token(id, None, allowed.staff.name())
        .await?;
    back("/workspace/tokens")
}

// ---- institutions ----

async fn institutions_page(
    state: &State,
    staff: &Staff,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let institutions = state.store.institution_rows().await?;
    let summits = state.store.summit_rows(None).await?;
    let documents = state.store.document_rows(None).await?;
    render(
        status,
        &InstitutionsPage::new(staff, &institutions, &summits, &documents, typed),
    )
}

async fn institutions(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
) -> Result<Response, PageError> {
    institutions_page(&state, &allowed.staff, StatusCode::OK, Typed::default()).await
}

async fn create_institution(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let values = fields(pairs);
    match state
        .store
        .create_institution(field(&values, "name"), allowed.staff.name())
        .await
    {
        Ok(row) => back(&links::institution(row.id)),
        Err(e) => {
            let (status, typed) = refusal("create", values, e, "name")?;
            institutions_page(&state, &allowed.staff, status, typed).await
        }
    }
}

async fn institution_page(
    state: &State,
    staff: &Staff,
    id: i64,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let row = state
        .store
        .institution_row(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let summits = state.store.summit_rows(Some(id)).await?;
    let memberships = state.store.memberships_of_institution(id).await?;
    render(
        status,
        &InstitutionPage::new(staff, row, &summits, &memberships, typed),
    )
}

async fn institution(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
) -> Result<Response, PageError> {
    institution_page(&state, &allowed.staff, id, StatusCode::OK, Typed::default()).await
}

async fn update_institution(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "edit";
    let version = match number(form, &values, "version", "The version") {
        Ok(v) => v,
        Err(typed) => {
            return institution_page(&state, staff, id, StatusCode::BAD_REQUEST, typed).await;
        }
    };
    match state
        .store
        .update_institution(id, version, field(&values, "name"), staff.name())
        .await
    {
        Ok(row) => back(&links::institution(row.id)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "name")?;
            institution_page(&state, staff, id, status, typed).await
        }
    }
}

// ---- summits ----

fn summit_input(form: &str, values: &Fields) -> Result<SummitInput, Typed> {
    let institution_id = number(form, values, "institution", "The institution")?;
    Ok(SummitInput {
        institution_id,
        name: field(values, "name").to_string(),
        year: number(form, values, "year", "The year")?,
        ended_on: optional_date(form, values, "ended_on")?,
    })
}

async fn create_summit(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "summit";
    // The form is on its institution's page, which shows any error.
    let institution: i64 = field(&values, "institution")
        .trim()
        .parse()
        .map_err(|_| PageError::NotFound)?;
    let input = match summit_input(form, &values) {
        Ok(i) => i,
        Err(typed) => {
            return institution_page(
                &state,
                staff,
                institution,
                StatusCode::UNPROCESSABLE_ENTITY,
                typed,
            )
            .await;
        }
    };
    match state.store.create_summit(&input, staff.name()).await {
        Ok(row) => back(&links::summit(row.id)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "name")?;
            institution_page(&state, staff, institution, status, typed).await
        }
    }
}

async fn summit_page(
    state: &State,
    staff: &Staff,
    id: i64,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let row = state
        .store
        .summit_row(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let institutions = state.store.institution_rows().await?;
    let documents = state.store.document_rows(Some(id)).await?;
    render(
        status,
        &SummitPage::new(staff, row, &institutions, &documents, typed),
    )
}

async fn summit(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
) -> Result<Response, PageError> {
    summit_page(&state, &allowed.staff, id, StatusCode::OK, Typed::default()).await
}

async fn update_summit(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "edit";
    let parsed = number(form, &values, "version", "The version")
        .and_then(|v| summit_input(form, &values).map(|i| (v, i)));
    let (version, input) = match parsed {
        Ok(p) => p,
        Err(typed) => {
            return summit_page(&state, staff, id, StatusCode::UNPROCESSABLE_ENTITY, typed).await;
        }
    };
    match state
        .store
        .update_summit(id, version, &input, staff.name())
        .await
    {
        Ok(row) => back(&links::summit(row.id)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "name")?;
            summit_page(&state, staff, id, status, typed).await
        }
    }
}

// ---- source documents ----

fn summit_choice(values: &Fields) -> Option<i64> {
    field(values, "summit").trim().parse().ok()
}

async fn create_document(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    // The form is on its summit's page, which shows any error.
    let summit = summit_choice(&values).ok_or(PageError::NotFound)?;
    let input = DocumentInput {
        summit_id: Some(summit),
        title: field(&values, "title").to_string(),
    };
    match state.store.create_document(&input, staff.name()).await {
        Ok(row) => back(&links::document(row.id)),
        Err(e) => {
            let (status, typed) = refusal("document", values, e, "title")?;
            summit_page(&state, staff, summit, status, typed).await
        }
    }
}

async fn document_page(
    state: &State,
    staff: &Staff,
    id: i64,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let row = state
        .store
        .document_row(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let summits = state.store.summit_rows(None).await?;
    render(status, &DocumentPage::new(staff, row, &summits, typed))
}

async fn document(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
) -> Result<Response, PageError> {
    document_page(&state, &allowed.staff, id, StatusCode::OK, Typed::default()).await
}

async fn update_document(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "edit";
    let version = match number(form, &values, "version", "The version") {
        Ok(v) => v,
        Err(typed) => {
            return document_page(&state, staff, id, StatusCode::BAD_REQUEST, typed).await;
        }
    };
    let input = DocumentInput {
        summit_id: summit_choice(&values),
        title: field(&values, "title").to_string(),
    };
    match state
        .store
        .update_document(id, version, &input, staff.name())
        .await
    {
        Ok(row) => back(&links::document(row.id)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "title")?;
            document_page(&state, staff, id, status, typed).await
        }
    }
}

// ---- members ----

fn member_input(values: &Fields) -> MemberInput {
    MemberInput {
        name: field(values, "name").to_string(),
        code: field(values, "code").to_string(),
        variants: field(values, "variants")
            .lines()
            .map(str::to_string)
            .collect(),
    }
}

async fn members_page(
    state: &State,
    staff: &Staff,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let members = state.store.member_rows().await?;
    render(status, &MembersPage::new(staff, &members, typed))
}

async fn members(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
) -> Result<Response, PageError> {
    members_page(&state, &allowed.staff, StatusCode::OK, Typed::default()).await
}

async fn create_member(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let values = fields(pairs);
    match state
        .store
        .create_member(&member_input(&values), allowed.staff.name())
        .await
    {
        Ok(row) => back(&links::member(&row.code)),
        Err(e) => {
            let (status, typed) = refusal("create", values, e, "name")?;
            members_page(&state, &allowed.staff, status, typed).await
        }
    }
}

async fn member_page(
    state: &State,
    staff: &Staff,
    code: &str,
    status: StatusCode,
    typed: Typed,
) -> Result<Response, PageError> {
    let row = state
        .store
        .member_row(code)
        .await?
        .ok_or(PageError::NotFound)?;
    let institutions = state.store.institution_rows().await?;
    render(status, &MemberPage::new(staff, row, &institutions, typed))
}

async fn member(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(code): PagePath<String>,
) -> Result<Response, PageError> {
    member_page(
        &state,
        &allowed.staff,
        &code,
        StatusCode::OK,
        Typed::default(),
    )
    .await
}

async fn update_member(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(code): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "edit";
    let current = state
        .store
        .member_row(&code)
        .await?
        .ok_or(PageError::NotFound)?;
    let version = match number(form, &values, "version", "The version") {
        Ok(v) => v,
        Err(typed) => {
            return member_page(&state, staff, &code, StatusCode::BAD_REQUEST, typed).await;
        }
    };
    match state
        .store
        .update_member(current.id, version, &member_input(&values), staff.name())
        .await
    {
        Ok(row) => back(&links::member(&row.code)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "name")?;
            member_page(&state, staff, &current.code, status, typed).await
        }
    }
}

fn membership_input(form: &str, values: &Fields) -> Result<MembershipInput, Typed> {
    Ok(MembershipInput {
        institution_id: number(form, values, "institution", "The institution")?,
        from_year: number(form, values, "from_year", "The first year")?,
        to_year: optional_number(form, values, "to_year", "The last year")?,
    })
}

async fn add_membership(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(code): PagePath<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "membership";
    let member = state
        .store
        .member_row(&code)
        .await?
        .ok_or(PageError::NotFound)?;
    let input = match membership_input(form, &values) {
        Ok(i) => i,
        Err(typed) => {
            return member_page(
                &state,
                staff,
                &member.code,
                StatusCode::UNPROCESSABLE_ENTITY,
                typed,
            )
            .await;
        }
    };
    match state
        .store
        .add_membership(member.id, &input, staff.name())
        .await
    {
        Ok(_) => back(&links::member(&member.code)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "institution")?;
            member_page(&state, staff, &member.code, status, typed).await
        }
    }
}

async fn remove_membership(
    Extract(state): Extract<State>,
    allowed: Allowed<EditInstitutions>,
    PagePath(id): PagePath<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let staff = &allowed.staff;
    let values = fields(pairs);
    let form = "remove";
    let row = state
        .store
        .membership_row(id)
        .await?
        .ok_or(PageError::NotFound)?;
    let version = match number(form, &values, "version", "The version") {
        Ok(v) => v,
        Err(typed) => {
            return member_page(
                &state,
                staff,
                &row.member_code,
                StatusCode::BAD_REQUEST,
                typed,
            )
            .await;
        }
    };
    match state
        .store
        .remove_membership(id, version, staff.name())
        .await
    {
        Ok(()) => back(&links::member(&row.member_code)),
        Err(e) => {
            let (status, typed) = refusal(form, values, e, "")?;
            member_page(&state, staff, &row.member_code, status, typed).await
        }
    }
}
