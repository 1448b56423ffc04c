//! The paths the API's operations share, declared once for the OpenAPI document. The handlers
//! read them through `auth::Allowed`'s guards, so the fields are only described, never read.

#![allow(dead_code)]

use utoipa::IntoParams;

/// One commitment of a cycle.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CommitmentPath {
    /// The cycle's slug
    slug: String,
    /// The commitment's number
    code: String,
}

/// One member's assessment of a commitment.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AssessmentPath {
    /// The cycle's slug
    slug: String,
    /// The commitment's number
    code: String,
    /// The member's name or code
    member: String,
}
