//! One member's assessment over the API: read it with its version, change the score and
//! narrative, add, edit and delete evidence items, add and edit footnotes, code the evidence,
//! and move it through the workflow. Every write names the version it was read at: a stale one
//! gets 409 `stale` and changes nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as Extract};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use pledgewatch_domain::PartialDate;
use pledgewatch_domain::coding::{CodedEvidence, departs};
use pledgewatch_domain::rubric::EvidenceStrength;
use pledgewatch_store::{AssessmentDraft, CitationInput, EvidenceCodes, EvidenceInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiError;
use super::body::{invalid, read_json};
use super::error::ErrorBody;
use super::paths::AssessmentPath;
use crate::State;
use crate::auth::permissions::{AssessmentApproval, AssessmentWork};
use crate::auth::{Allowed, Staff};
use crate::coding::SuggestionState;
use crate::dto::SuggestionDto;
use crate::pages::assessment_editor::verdict_value;
use crate::workspace::assessment::{
    Target, own_coding, parse_date, parse_published, parse_verdict, review,
};

/// One member's assessment of one commitment, as the workspace edits it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentDto {
    pub cycle: String,
    /// The commitment's number.
    pub commitment: String,
    pub title: String,
    pub member: String,
    pub member_code: String,
    /// `1`, `0`, `-1`, `n/a` or `not-assessed`.
    pub score: String,
    pub opening: String,
    pub conclusion: String,
    pub analyst: Option<String>,
    /// `draft`, `submitted`, `approved` or `published`.
    pub status: String,
    pub approved_by: Option<String>,
    /// The director's note when the assessment was last returned to draft.
    pub return_note: Option<String>,
    /// Send this back with every write.
    pub version: i64,
    pub evidence: Vec<EvidenceDto>,
    /// Every footnote of the chapter.
    pub citations: Vec<CitationDto>,
    /// The signed-in coder's own codes (codings are blind).
    pub codes: Vec<CodeDto>,
    pub codes_submitted: bool,
    /// What the commitment's latest rubric makes of the coded evidence now: `suggested`,
    /// `no_rubric`, `not_coded`, `awaiting_coders` or `awaiting_adjudication`.
    pub suggestion_state: &'static str,
    /// The rubric's suggestion (score, reason, rubric version) once the coding is ready.
    pub suggestion: Option<SuggestionDto>,
    /// Disagreements waiting for the lead analyst (`awaiting_adjudication`).
    pub pending: Vec<String>,
    /// The score differs from the suggestion's single score.
    pub departs: bool,
    /// Why the score departs from the suggestion, as the analyst wrote it.
    pub justification: Option<String>,
    /// The score departs and nothing justifies it yet: submitting is refused until
    /// `justification` is written (with `PUT`).
    pub justification_required: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceDto {
    /// 1-based, in the member section's order; codings refer to it.
    pub number: u32,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub date_inferred: bool,
    pub text: String,
    /// Footnote numbers of the chapter.
    pub citations: Vec<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CitationDto {
    pub number: u32,
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    /// The footnote's own version, for `PUT …/citations/{number}`.
    pub version: i64,
}

/// One code: evidence item `evidence` is `strength` on dimension `dimension`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeDto {
    pub evidence: u32,
    pub dimension: String,
    /// `strong`, `weak` or `contradictory`.
    pub strength: String,
}

/// What a write changed: the assessment's (or footnote's) new version, and the number of the
/// evidence item or footnote it created.
#[derive(Debug, Serialize, ToSchema)]
pub struct WrittenDto {
    pub version: i64,
    pub number: Option<u32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentUpdateDto {
    pub version: i64,
    /// `1` (or `+1`), `0`, `-1`, `n/a` or `not-assessed`.
    pub score: String,
    #[serde(default)]
    pub opening: String,
    #[serde(default)]
    pub conclusion: String,
    /// Why the score departs from the rubric's suggestion. Absent or null leaves the stored one
    /// as it is; a blank one is refused (422, `field`: `justification`).
    #[serde(default)]
    pub justification: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationFieldsDto {
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    /// `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when the source gives no day.
    pub published: Option<String>,
    /// `YYYY-MM-DD`.
    pub accessed: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationUpdateDto {
    /// The footnote's version.
    pub version: i64,
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// A dimension code of the evidence item being written.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionCodeDto {
    pub dimension: String,
    /// `strong`, `weak` or `contradictory`.
    pub strength: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceWriteDto {
    /// The assessment's version.
    pub version: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub date_inferred: bool,
    pub text: String,
    /// Footnote numbers of the chapter the item cites.
    #[serde(default)]
    pub citations: Vec<u32>,
    /// A footnote to append to the chapter and cite.
    pub new_citation: Option<CitationFieldsDto>,
    /// When given, the signed-in coder's codes of this item (replacing theirs).
    pub codes: Option<Vec<DimensionCodeDto>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionDto {
    pub version: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnDto {
    pub version: i64,
    /// What should change before the assessment is submitted again.
    pub note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodesDto {
    pub version: i64,
    /// The signed-in coder's whole coding of the assessment.
    pub items: Vec<CodeDto>,
    /// Submit the coding too (it can no longer change afterwards).
    #[serde(default)]
    pub submit: bool,
}

fn date_field(field: &str, text: Option<&str>) -> Result<Option<jiff::civil::Date>, ApiError> {
    parse_date(text.unwrap_or("")).map_err(|m| invalid(field, m))
}

fn published_field(field: &str, text: Option<&str>) -> Result<Option<PartialDate>, ApiError> {
    parse_published(text.unwrap_or("")).map_err(|m| invalid(field, m))
}

fn strength(field: &str, text: &str) -> Result<EvidenceStrength, ApiError> {
    EvidenceStrength::parse(text).ok_or_else(|| {
        invalid(
            field,
            format!("`{text}` is not a strength: strong, weak or contradictory"),
        )
    })
}

fn citation_input(prefix: &str, c: CitationFieldsDto) -> Result<CitationInput, ApiError> {
    Ok(CitationInput {
        published: published_field(&format!("{prefix}published"), c.published.as_deref())?,
        accessed: date_field(&format!("{prefix}accessed"), c.accessed.as_deref())?,
        title: c.title,
        publisher: c.publisher,
        place: c.place,
        url: c.url,
        note: c.note,
    })
}

async fn dto(state: &State, t: &Target, staff: &Staff) -> Result<AssessmentDto, ApiError> {
    let d: AssessmentDraft = state
        .store
        .assessment_draft(&t.cycle, &t.code, &t.member)
        .await?;
    let mine = own_coding(state, t, staff.name()).await?;
    let rubric = state.store.rubric(&t.cycle, &t.code, None).await?;
    let review = review(state, t, rubric.as_ref()).await?;
    let justification_required = review.view().justification_required(d.verdict);
    let suggestion = match &review.state {
        SuggestionState::Suggested(s) => Some(s),
        _ => None,
    };
    Ok(AssessmentDto {
        suggestion_state: state_name(&review.state),
        suggestion: suggestion.map(SuggestionDto::from),
        pending: match &review.state {
            SuggestionState::AwaitingAdjudication(points) => points.clone(),
            _ => Vec::new(),
        },
        departs: suggestion.is_some_and(|s| departs(d.verdict, s)),
        justification: review.justification,
        justification_required,
        cycle: d.cycle,
        commitment: d.commitment,
        title: d.title,
        member: d.member,
        member_code: d.member_code,
        score: verdict_value(d.verdict).to_string(),
        opening: d.opening,
        conclusion: d.conclusion,
        analyst: d.analyst,
        status: d.status.key().to_string(),
        approved_by: d.approved_by,
        return_note: d.returned.map(|r| r.note),
        version: d.version,
        evidence: d
            .evidence
            .into_iter()
            .map(|e| EvidenceDto {
                number: e.number,
                date: e.date.to_string(),
                date_inferred: e.date_inferred,
                text: e.text,
                citations: e.citations,
            })
            .collect(),
        citations: d
            .citations
            .into_iter()
            .map(|c| CitationDto {
                number: c.citation.number,
                title: c.citation.title,
                publisher: c.citation.publisher,
                place: c.citation.place,
                published: c.citation.published.map(|d| d.to_string()),
                accessed: c.citation.accessed.map(|d| d.to_string()),
                url: c.citation.url,
                note: c.citation.note,
                version: c.version,
            })
            .collect(),
        codes: mine
            .items
            .into_iter()
            .map(|i| CodeDto {
                evidence: i.evidence,
                dimension: i.dimension,
                strength: i.strength.as_str().to_string(),
            })
            .collect(),
        codes_submitted: mine.submitted,
    })
}

/// The suggestion state as the API spells it (as `GET …/suggestions` does).
fn state_name(state: &SuggestionState) -> &'static str {
    match state {
        SuggestionState::NoRubric => "no_rubric",
        SuggestionState::NotCoded => "not_coded",
        SuggestionState::AwaitingCoders { .. } => "awaiting_coders",
        SuggestionState::AwaitingAdjudication(_) => "awaiting_adjudication",
        SuggestionState::Suggested(_) => "suggested",
    }
}

fn written(version: i64, number: Option<u32>) -> Json<WrittenDto> {
    Json(WrittenDto { version, number })
}

/// The evidence item number in the path.
fn number(path: &(String, String, String, String), what: &str) -> Result<u32, ApiError> {
    path.3
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            ApiError::not_found(format!("`{}` is not {what} number", path.3)).field("path")
        })
}

/// The assessment with its version, evidence, footnotes and your codes.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}",
    tag = "assessments",
    params(AssessmentPath),
    responses(
        (status = 200, description = "The assessment", body = AssessmentDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
    )
)]
pub async fn read(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
) -> Result<Json<AssessmentDto>, ApiError> {
    Ok(Json(dto(&state, &Target::of(&target.0), &staff).await?))
}

/// Sets the score (or n/a, or not yet assessed), the opening and conclusion and, when given, the
/// justification of a score that departs from the rubric's suggestion, as one change.
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}",
    tag = "assessments",
    params(AssessmentPath),
    request_body = AssessmentUpdateDto,
    responses(
        (status = 200, description = "Written; the new version", body = WrittenDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale`: someone else wrote first; `workflow`: not a draft", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn update(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let b: AssessmentUpdateDto = read_json(&headers, body)?;
    let verdict = parse_verdict(&b.score).map_err(|m| invalid("score", m))?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .set_assessment_justified(
            t.key(),
            b.version,
            &pledgewatch_store::AssessmentText {
                verdict,
                opening: b.opening,
                conclusion: b.conclusion,
            },
            b.justification.as_deref(),
            staff.name(),
        )
        .await?;
    Ok(written(version, None))
}

fn evidence_input(b: EvidenceWriteDto, coder: &str) -> Result<(i64, EvidenceInput), ApiError> {
    let date = parse_date(&b.date)
        .map_err(|m| invalid("date", m))?
        .ok_or_else(|| invalid("date", "an evidence item needs its date (YYYY-MM-DD)"))?;
    let codes = match b.codes {
        None => None,
        Some(codes) => Some(EvidenceCodes {
            coder: coder.to_string(),
            codes: codes
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    Ok((
                        c.dimension,
                        strength(&format!("codes[{i}].strength"), &c.strength)?,
                    ))
                })
                .collect::<Result<_, ApiError>>()?,
        }),
    };
    Ok((
        b.version,
        EvidenceInput {
            date,
            date_inferred: b.date_inferred,
            text: b.text,
            citations: b.citations,
            new_citation: b
                .new_citation
                .map(|c| citation_input("new_citation.", c))
                .transpose()?,
            codes,
        },
    ))
}

/// Adds an evidence item (in date order), optionally with a new footnote and your codes.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/evidence",
    tag = "assessments",
    params(AssessmentPath),
    request_body = EvidenceWriteDto,
    responses(
        (status = 201, description = "Added; its number and the assessment's new version", body = WrittenDto),
        (status = 400, description = "Not readable JSON", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale` or `workflow`", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn add_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (version, input) = evidence_input(read_json(&headers, body)?, staff.name())?;
    let t = Target::of(&target.0);
    let (n, version) = state
        .store
        .add_evidence(t.key(), version, &input, staff.name())
        .await?;
    Ok((StatusCode::CREATED, written(version, Some(n))).into_response())
}

/// Rewrites evidence item `n` in place (its number and codes stay).
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
    tag = "assessments",
    params(
        AssessmentPath,
        ("n" = u32, Path, description = "The evidence item's number"),
    ),
    request_body = EvidenceWriteDto,
    responses(
        (status = 200, description = "Written; the new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such assessment or evidence item", body = ErrorBody),
        (status = 409, description = "`stale` or `workflow`", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn edit_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Path(path): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let n = number(&path, "an evidence item")?;
    let (version, input) = evidence_input(read_json(&headers, body)?, staff.name())?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .edit_evidence(t.key(), version, n, &input, staff.name())
        .await?;
    Ok(written(version, Some(n)))
}

/// Deletes evidence item `n`; later items move up, their codes with them.
#[utoipa::path(
    delete,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
    tag = "assessments",
    params(
        AssessmentPath,
        ("n" = u32, Path, description = "The evidence item's number"),
    ),
    request_body = VersionDto,
    responses(
        (status = 200, description = "Deleted; the new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such assessment or evidence item", body = ErrorBody),
        (status = 409, description = "`stale`, or `workflow` (not a draft, or a plan or a submitted coding refers to the item)", body = ErrorBody),
    )
)]
pub async fn delete_evidence(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Path(path): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let n = number(&path, "an evidence item")?;
    let b: VersionDto = read_json(&headers, body)?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .delete_evidence(t.key(), b.version, n, staff.name())
        .await?;
    Ok(written(version, None))
}

/// Appends a footnote to the chapter with the next free number.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/citations",
    tag = "assessments",
    params(AssessmentPath),
    request_body = CitationFieldsDto,
    responses(
        (status = 201, description = "Added; its number and version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`workflow`: the assessment is not a draft", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn add_citation(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input = citation_input("", read_json(&headers, body)?)?;
    let t = Target::of(&target.0);
    let (n, version) = state
        .store
        .add_citation(t.key(), &input, staff.name())
        .await?;
    Ok((StatusCode::CREATED, written(version, Some(n))).into_response())
}

/// Rewrites footnote `number`; every evidence item citing it cites the new text.
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/citations/{number}",
    tag = "assessments",
    params(
        AssessmentPath,
        ("number" = u32, Path, description = "The footnote's number"),
    ),
    request_body = CitationUpdateDto,
    responses(
        (status = 200, description = "Written; the footnote's new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such assessment or footnote", body = ErrorBody),
        (status = 409, description = "`stale`, or `workflow` (cited by an assessment past draft)", body = ErrorBody),
        (status = 422, description = "A field does not fit (named in `field`)", body = ErrorBody),
    )
)]
pub async fn edit_citation(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    Path(path): Path<(String, String, String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let n = number(&path, "a footnote")?;
    let b: CitationUpdateDto = read_json(&headers, body)?;
    let version = b.version;
    let input = citation_input(
        "",
        CitationFieldsDto {
            title: b.title,
            publisher: b.publisher,
            place: b.place,
            published: b.published,
            accessed: b.accessed,
            url: b.url,
            note: b.note,
        },
    )?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .edit_citation(t.key(), n, version, &input, staff.name())
        .await?;
    Ok(written(version, Some(n)))
}

/// Replaces your whole coding of the assessment; with `submit`, submits it.
#[utoipa::path(
    put,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/codes",
    tag = "assessments",
    params(AssessmentPath),
    request_body = CodesDto,
    responses(
        (status = 200, description = "Written; the assessment's new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale` or `workflow`", body = ErrorBody),
        (status = 422, description = "An item does not fit the evidence or the rubric", body = ErrorBody),
    )
)]
pub async fn codes(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let b: CodesDto = read_json(&headers, body)?;
    let items = b
        .items
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(CodedEvidence {
                evidence: c.evidence,
                strength: strength(&format!("items[{i}].strength"), &c.strength)?,
                dimension: c.dimension,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .save_codes(
            t.key(),
            b.version,
            staff.name(),
            &items,
            b.submit,
            staff.name(),
        )
        .await?;
    Ok(written(version, None))
}

/// Submits the draft for the compliance director's approval.
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/submit",
    tag = "assessments",
    params(AssessmentPath),
    request_body = VersionDto,
    responses(
        (status = 200, description = "Submitted; the new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not assigned to this assessment", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale`, or `workflow` (not a draft, codings pending, or a departure without justification)", body = ErrorBody),
    )
)]
pub async fn submit(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentWork>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let b: VersionDto = read_json(&headers, body)?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .submit_assessment_at(t.key(), b.version, staff.name())
        .await?;
    Ok(written(version, None))
}

/// Approves a submitted assessment (the commitment's compliance director).
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/approve",
    tag = "assessments",
    params(AssessmentPath),
    request_body = VersionDto,
    responses(
        (status = 200, description = "Approved; the new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's compliance director", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale`, or `workflow` (not submitted)", body = ErrorBody),
    )
)]
pub async fn approve(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentApproval>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let b: VersionDto = read_json(&headers, body)?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .approve_assessment(t.key(), b.version, staff.name())
        .await?;
    Ok(written(version, None))
}

/// Returns a submitted or approved assessment to draft, saying why (the director).
#[utoipa::path(
    post,
    path = "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/return",
    tag = "assessments",
    params(AssessmentPath),
    request_body = ReturnDto,
    responses(
        (status = 200, description = "Back to draft; the new version", body = WrittenDto),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not the commitment's compliance director", body = ErrorBody),
        (status = 404, description = "No such cycle, commitment or member", body = ErrorBody),
        (status = 409, description = "`stale`, or `workflow` (a draft or published)", body = ErrorBody),
        (status = 422, description = "No note", body = ErrorBody),
    )
)]
pub async fn return_to_draft(
    Extract(state): Extract<State>,
    Allowed { staff, target }: Allowed<AssessmentApproval>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<WrittenDto>, ApiError> {
    let b: ReturnDto = read_json(&headers, body)?;
    let t = Target::of(&target.0);
    let version = state
        .store
        .return_assessment(t.key(), b.version, &b.note, staff.name())
        .await?;
    Ok(written(version, None))
}
