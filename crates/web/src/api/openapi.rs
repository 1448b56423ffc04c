//! The OpenAPI document, generated from the handlers' annotations and the DTOs' schemas.

use utoipa::OpenApi;

use super::dto::{RubricDto, RuleWordsDto, WhatIfRunChangeDto, WhatIfRunDto};
use super::error::{ErrorBody, ErrorDetail};
use super::setup;
use super::{assessments, audit, coding, cycles, editions, rubric};
use crate::dto::{
    AdjudicationDto, AgreementDto, AverageDto, CoderValueDto, CodingDto, CoefficientDto,
    CommitmentAgreementDto, DimensionAgreementDto, DimensionStrengthDto, DisagreementDto,
    DisagreementsDto, GapDto, MemberSummary, RubricCheckDto, RubricFindingDto, RubricVersionDto,
    ScoresCommitment, ScoresDto, SuggestDto, SuggestRowDto, SuggestionDto,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pledgewatch API",
        version = "1",
        description = "Read-only JSON API over Pledgewatch's cycles, scores, rubrics, suggested scores and coder agreement. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`."
    ),
    paths(
        assessments::read,
        assessments::update,
        assessments::add_evidence,
        assessments::edit_evidence,
        assessments::delete_evidence,
        assessments::add_citation,
        assessments::edit_citation,
        assessments::codes,
        assessments::submit,
        assessments::approve,
        assessments::return_to_draft,
        cycles::cycles,
        cycles::scores,
        rubric::rubric,
        rubric::check,
        rubric::what_if,
        coding::suggestions,
        coding::agreement,
        coding::disagreements,
        setup::create_cycle,
        setup::setup,
        setup::update_setup,
        setup::set_members,
        setup::add_commitment,
        setup::commitment,
        setup::update_commitment,
        setup::save_rubric,
        rubric::working_rubric,
        setup::assignments,
        setup::assign,
        setup::unassign,
        audit::audit,
        editions::editions,
        editions::edition,
        editions::publish,
        editions::reopen,
    ),
    components(schemas(
        assessments::AssessmentDto,
        assessments::EvidenceDto,
        assessments::CitationDto,
        assessments::CodeDto,
        assessments::WrittenDto,
        assessments::AssessmentUpdateDto,
        assessments::CitationFieldsDto,
        assessments::CitationUpdateDto,
        assessments::DimensionCodeDto,
        assessments::EvidenceWriteDto,
        assessments::VersionDto,
        assessments::ReturnDto,
        assessments::CodesDto,
        ErrorBody,
        ErrorDetail,
        setup::CycleSettingsInput,
        setup::CycleSetupDto,
        setup::ScopeMemberDto,
        setup::CommitmentListingDto,
        setup::MembersInput,
        setup::SectionDto,
        setup::CommitmentInput,
        setup::CommitmentSetupDto,
        setup::RubricSavedDto,
        setup::RubricWhatIfDto,
        setup::AssignmentDto,
        setup::AssignmentsDto,
        setup::AssignmentInput,
        cycles::CyclesDto,
        editions::EditionsDto,
        editions::EditionDto,
        editions::EditionDetailDto,
        editions::ChangeDto,
        editions::PublishRequest,
        editions::ReopenRequest,
        editions::ReopenedDto,
        cycles::CycleDto,
        ScoresDto,
        ScoresCommitment,
        MemberSummary,
        AverageDto,
        GapDto,
        RubricDto,
        RuleWordsDto,
        RubricVersionDto,
        RubricCheckDto,
        RubricFindingDto,
        CodingDto,
        DimensionStrengthDto,
        SuggestionDto,
        WhatIfRunDto,
        WhatIfRunChangeDto,
        SuggestDto,
        SuggestRowDto,
        AgreementDto,
        CommitmentAgreementDto,
        DimensionAgreementDto,
        CoefficientDto,
        DisagreementsDto,
        DisagreementDto,
        CoderValueDto,
        AdjudicationDto,
        audit::AuditPageDto,
        crate::pages::audit::AuditRecordDto,
    ))
)]
pub struct ApiDoc;

/// The document as pretty JSON (stable key order, so a snapshot can guard it).
pub fn document() -> String {
    let mut doc = ApiDoc::openapi();
    doc.merge(super::admin::AdminApi::openapi());
    doc.merge(super::plans_edit::PlansEditApi::openapi());
    doc.merge(super::adjudication::AdjudicationApi::openapi());
    doc.to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot write the OpenAPI document: {e}\"}}"))
}
