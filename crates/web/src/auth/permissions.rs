//! The guards: what each kind of route acts on and which [`Action`] it asks the policy for.
//! A handler takes `Allowed<One of these>`; adding a route means choosing its guard here.

use std::sync::Arc;

use axum::http::request::Parts;
use pledgewatch_domain::Cycle;
use pledgewatch_domain::access::{Action, Actor};

use super::{Identity, Permission, Refusal, Staff, path_params};
use crate::State;
use crate::cache::Token;
use crate::handlers::lookup_cycle;

/// Why the policy said no, in words for the person refused.
pub fn refusal_message(actor: &Actor, action: Action) -> String {
    let role = actor.role.label();
    let what = match action {
        Action::SeeWorkingCopy => "see the working copy",
        Action::EditAssessment { .. } => "edit this assessment (it is not assigned to you)",
        Action::ApproveAssessment { .. } => {
            "approve this assessment (only the commitment's compliance director may)"
        }
        Action::EditCommitment { .. } => "edit this commitment",
        Action::AssignToCommitment { .. } => "assign analysts to this commitment",
        Action::Adjudicate { .. } => {
            "adjudicate the coders' disagreements (only the commitment's lead analyst may)"
        }
        Action::EditCycles => "set up cycles and commitments (editors and admins do)",
        Action::Publish => "publish editions (editors do)",
        Action::EditInstitutions => "edit institutions, members, summits or documents (admins do)",
        Action::ManageAccounts => "manage accounts (admins do)",
        Action::EditPlans => "set up action plans (editors and admins do)",
    };
    format!("As {role}, {} may not {what}.", actor.name)
}

fn store_failed(e: pledgewatch_store::StoreError) -> Refusal {
    tracing::error!(error = %e, "store error while checking a permission");
    Refusal::Internal
}

/// Any signed-in account: the workspace, drafts, the audit trail.
#[derive(Debug)]
pub struct Workspace;

impl Permission for Workspace {
    async fn resolve(_: &mut Parts, _: &State) -> Result<(Self, Action), Refusal> {
        Ok((Workspace, Action::SeeWorkingCopy))
    }
}

/// Admins: accounts and API tokens of others.
#[derive(Debug)]
pub struct ManageAccounts;

impl Permission for ManageAccounts {
    async fn resolve(_: &mut Parts, _: &State) -> Result<(Self, Action), Refusal> {
        Ok((ManageAccounts, Action::ManageAccounts))
    }
}

/// Admins: institutions, members, summits, source documents.
#[derive(Debug)]
pub struct EditInstitutions;

impl Permission for EditInstitutions {
    async fn resolve(_: &mut Parts, _: &State) -> Result<(Self, Action), Refusal> {
        Ok((EditInstitutions, Action::EditInstitutions))
    }
}

/// Editors and admins: action plans' structure and reporting periods.
#[derive(Debug)]
pub struct EditPlans;

impl Permission for EditPlans {
    async fn resolve(_: &mut Parts, _: &State) -> Result<(Self, Action), Refusal> {
        Ok((EditPlans, Action::EditPlans))
    }
}

/// Editors and admins: creating cycles (no cycle in the path yet).
#[derive(Debug)]
pub struct EditCycles;

impl Permission for EditCycles {
    async fn resolve(_: &mut Parts, _: &State) -> Result<(Self, Action), Refusal> {
        Ok((EditCycles, Action::EditCycles))
    }
}

/// The cycle named by the path's `slug`.
#[derive(Debug, Clone)]
pub struct CycleRef {
    pub slug: String,
    pub cycle: Arc<Cycle>,
}

async fn cycle_of(parts: &mut Parts, state: &State) -> Result<CycleRef, Refusal> {
    let params = path_params(parts, state).await?;
    let slug = params
        .get("slug")
        .cloned()
        .ok_or_else(|| Refusal::NotFound("no cycle in the address".to_string()))?;
    let token = Token::read(&state.store).await.map_err(store_failed)?;
    let cycle = lookup_cycle(state, token, &slug)
        .await
        .map_err(store_failed)?
        .ok_or_else(|| Refusal::NotFound(format!("there is no cycle `{slug}`")))?;
    Ok(CycleRef { slug, cycle })
}

/// Editors and admins: one cycle's settings and commitments (`{slug}` in the path).
#[derive(Debug)]
pub struct CycleSetup(pub CycleRef);

impl Permission for CycleSetup {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        Ok((
            CycleSetup(cycle_of(parts, state).await?),
            Action::EditCycles,
        ))
    }
}

/// Editors and admins: publishing the cycle `{slug}` as an edition.
#[derive(Debug)]
pub struct Publish(pub CycleRef);

impl Permission for Publish {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        Ok((Publish(cycle_of(parts, state).await?), Action::Publish))
    }
}

/// Commitment `{code}` of cycle `{slug}`.
#[derive(Debug, Clone)]
pub struct CommitmentRef {
    pub cycle: CycleRef,
    pub code: String,
    pub commitment_id: i64,
}

async fn commitment_of(parts: &mut Parts, state: &State) -> Result<CommitmentRef, Refusal> {
    let cycle = cycle_of(parts, state).await?;
    let params = path_params(parts, state).await?;
    let code = params
        .get("code")
        .cloned()
        .ok_or_else(|| Refusal::NotFound("no commitment in the address".to_string()))?;
    let id = state
        .store
        .locate_commitment(&cycle.cycle.name, &code)
        .await
        .map_err(store_failed)?
        .ok_or_else(|| Refusal::NotFound(format!("there is no commitment `{code}`")))?;
    Ok(CommitmentRef {
        cycle,
        code,
        commitment_id: id,
    })
}

/// Lead analysts and directors of the commitment, editors, admins: the commitment's text,
/// sections, dimensions and citations.
#[derive(Debug)]
pub struct CommitmentWork(pub CommitmentRef);

impl Permission for CommitmentWork {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        let c = commitment_of(parts, state).await?;
        let action = Action::EditCommitment {
            commitment: c.commitment_id,
        };
        Ok((CommitmentWork(c), action))
    }
}

/// Lead analysts of the commitment, editors, admins: assigning analysts to its members.
#[derive(Debug)]
pub struct CommitmentAssigning(pub CommitmentRef);

impl Permission for CommitmentAssigning {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        let c = commitment_of(parts, state).await?;
        let action = Action::AssignToCommitment {
            commitment: c.commitment_id,
        };
        Ok((CommitmentAssigning(c), action))
    }
}

/// Member `{member}`'s assessment of commitment `{code}` of cycle `{slug}`.
#[derive(Debug, Clone)]
pub struct AssessmentRef {
    pub commitment: CommitmentRef,
    pub member_id: i64,
    /// The member's name as stored.
    pub member: String,
}

async fn assessment_of(parts: &mut Parts, state: &State) -> Result<AssessmentRef, Refusal> {
    let commitment = commitment_of(parts, state).await?;
    let params = path_params(parts, state).await?;
    let member = params
        .get("member")
        .cloned()
        .ok_or_else(|| Refusal::NotFound("no member in the address".to_string()))?;
    let (_, member_id, name) = state
        .store
        .locate_assessment(&commitment.cycle.cycle.name, &commitment.code, &member)
        .await
        .map_err(store_failed)?
        .ok_or_else(|| {
            Refusal::NotFound(format!(
                "commitment {} has no assessment of `{member}`",
                commitment.code
            ))
        })?;
    Ok(AssessmentRef {
        commitment,
        member_id,
        member: name,
    })
}

/// The analyst assigned, the commitment's lead analyst and director: editing and submitting.
#[derive(Debug)]
pub struct AssessmentWork(pub AssessmentRef);

impl Permission for AssessmentWork {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        let a = assessment_of(parts, state).await?;
        let action = Action::EditAssessment {
            commitment: a.commitment.commitment_id,
            member: a.member_id,
        };
        Ok((AssessmentWork(a), action))
    }
}

/// The commitment's compliance director: approving, or sending back to draft.
#[derive(Debug)]
pub struct AssessmentApproval(pub AssessmentRef);

impl Permission for AssessmentApproval {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        let a = assessment_of(parts, state).await?;
        let action = Action::ApproveAssessment {
            commitment: a.commitment.commitment_id,
            member: a.member_id,
        };
        Ok((AssessmentApproval(a), action))
    }
}

/// The commitment's lead analyst: recording the adjudication of a point the coders of member
/// `{member}`'s assessment disagree on.
#[derive(Debug)]
pub struct Adjudicating(pub AssessmentRef);

impl Permission for Adjudicating {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        let a = assessment_of(parts, state).await?;
        let action = Action::Adjudicate {
            commitment: a.commitment.commitment_id,
        };
        Ok((Adjudicating(a), action))
    }
}

/// Any signed-in account: the working copy of cycle `{slug}` (its preview report card).
#[derive(Debug)]
pub struct CycleWorkingCopy(pub CycleRef);

impl Permission for CycleWorkingCopy {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        Ok((
            CycleWorkingCopy(cycle_of(parts, state).await?),
            Action::SeeWorkingCopy,
        ))
    }
}

/// Editors and admins: reopening a published assessment for a corrected edition, which is
/// part of publishing (a reader sees the change only once the corrected edition is out).
#[derive(Debug)]
pub struct Reopening(pub AssessmentRef);

impl Permission for Reopening {
    async fn resolve(parts: &mut Parts, state: &State) -> Result<(Self, Action), Refusal> {
        Ok((
            Reopening(assessment_of(parts, state).await?),
            Action::Publish,
        ))
    }
}

/// Who reads a public page: the signed-in account, if any. Public pages are the same for
/// everyone but may add links into the workspace for staff; this never refuses.
#[derive(Debug)]
pub struct Viewer(pub Option<Staff>);

impl axum::extract::FromRequestParts<State> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &State) -> Result<Viewer, Self::Rejection> {
        Ok(Viewer(
            parts.extensions.get::<Identity>().and_then(|i| i.0.clone()),
        ))
    }
}
