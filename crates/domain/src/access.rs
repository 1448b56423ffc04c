//! Who may do what: the one policy every route and command goes through.
//!
//! An account has one [`Role`]. Analysts, lead analysts and compliance directors work only on
//! what they are assigned: an analyst on (commitment, member) assessments, a lead analyst or a
//! director on whole commitments. Editors and admins act on whole cycles. A reader is anyone not
//! signed in and sees published editions only; readers have no account, so no `Role`.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// The role of a signed-in account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Edits the (commitment, member) assessments assigned to them.
    Analyst,
    /// Edits every member's assessment of their commitments, and the commitments themselves.
    Lead,
    /// Compliance director: approves (and may edit) the assessments of their commitments.
    Director,
    /// Publishes cycles as editions; sets up cycles and commitments; assigns people.
    Editor,
    /// Accounts, institutions, members, summits and source documents; everything an editor does.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Analyst,
        Role::Lead,
        Role::Director,
        Role::Editor,
        Role::Admin,
    ];

    /// The key used in files, URLs and the database: `analyst`, `lead`, `director`, `editor`,
    /// `admin`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Lead => "lead",
            Role::Director => "director",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// How the role reads in a sentence: "lead analyst", "compliance director".
    pub fn label(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Lead => "lead analyst",
            Role::Director => "compliance director",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether the role's work is limited to assignments (analyst, lead, director).
    pub fn is_assigned_work(self) -> bool {
        matches!(self, Role::Analyst | Role::Lead | Role::Director)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A role key that is not one of the five.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a role (analyst, lead, director, editor, admin)")]
pub struct RoleParseError(pub String);

impl FromStr for Role {
    type Err = RoleParseError;
    fn from_str(s: &str) -> Result<Role, RoleParseError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "analyst" => Ok(Role::Analyst),
            "lead" | "lead analyst" | "lead-analyst" => Ok(Role::Lead),
            "director" | "compliance director" | "compliance-director" => Ok(Role::Director),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            _ => Err(RoleParseError(s.to_string())),
        }
    }
}

/// What one assignment covers, by the store's ids: a whole commitment (lead analysts,
/// directors) or one member's assessment of it (analysts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Assignment {
    pub commitment: i64,
    /// `None`: every member of the commitment.
    pub member: Option<i64>,
}

impl Assignment {
    fn covers(&self, commitment: i64, member: Option<i64>) -> bool {
        self.commitment == commitment
            && match (self.member, member) {
                (None, _) => true,
                (Some(mine), Some(asked)) => mine == asked,
                // An assignment to one member does not cover the commitment as a whole.
                (Some(_), None) => false,
            }
    }
}

/// A signed-in account: who they are and what they are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: i64,
    pub name: String,
    pub role: Role,
    pub assignments: BTreeSet<Assignment>,
}

/// Something an actor asks to do. Targets are the store's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the working copy (drafts, the audit trail, the workspace pages).
    SeeWorkingCopy,
    /// Edit an assessment (score, narrative, evidence, codings) and submit it.
    EditAssessment { commitment: i64, member: i64 },
    /// Approve a submitted assessment, or send it back to draft.
    ApproveAssessment { commitment: i64, member: i64 },
    /// Edit a commitment: its text, sections, dimensions, citations.
    EditCommitment { commitment: i64 },
    /// Assign analysts to a commitment's members.
    AssignToCommitment { commitment: i64 },
    /// Record the adjudication of a point the independent coders of one of the commitment's
    /// assessments disagree on.
    Adjudicate { commitment: i64 },
    /// Create or edit cycles (kind, period, convention, scope) and their commitments.
    EditCycles,
    /// Publish a cycle as an edition, or reopen a published assessment for a corrected one.
    Publish,
    /// Institutions, members, summits, source documents.
    EditInstitutions,
    /// Accounts and API tokens of others.
    ManageAccounts,
    /// Set up action plans: create them, edit their sections and measures, add reporting
    /// periods.
    EditPlans,
}

impl Actor {
    fn assigned(&self, commitment: i64, member: Option<i64>) -> bool {
        self.assignments
            .iter()
            .any(|a| a.covers(commitment, member))
    }

    /// Whether the actor may do `action`. The whole policy is here.
    pub fn may(&self, action: Action) -> bool {
        use Role::*;
        let role = self.role;
        match action {
            Action::SeeWorkingCopy => true,
            Action::EditAssessment { commitment, member } => match role {
                Analyst | Lead | Director => self.assigned(commitment, Some(member)),
                Editor | Admin => false,
            },
            Action::ApproveAssessment { commitment, .. } => {
                role == Director && self.assigned(commitment, None)
            }
            Action::EditCommitment { commitment } => match role {
                Lead | Director => self.assigned(commitment, None),
                Editor | Admin => true,
                Analyst => false,
            },
            Action::AssignToCommitment { commitment } => match role {
                Lead => self.assigned(commitment, None),
                Editor | Admin => true,
                Analyst | Director => false,
            },
            // The issue gives adjudication to the commitment's lead analyst alone: an editor or
            // admin who overrode the coders would not be the person the store records as
            // deciding (it refuses anyone but the commitment's lead analyst).
            Action::Adjudicate { commitment } => role == Lead && self.assigned(commitment, None),
            Action::EditCycles | Action::Publish => matches!(role, Editor | Admin),
            Action::EditInstitutions | Action::ManageAccounts => role == Admin,
            // A plan is set up like a cycle: by those who set up cycles.
            Action::EditPlans => matches!(role, Editor | Admin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, assignments: &[(i64, Option<i64>)]) -> Actor {
        Actor {
            account: 1,
            name: "someone".into(),
            role,
            assignments: assignments
                .iter()
                .map(|&(commitment, member)| Assignment { commitment, member })
                .collect(),
        }
    }

    #[test]
    fn analysts_edit_only_their_assessments() {
        let a = actor(Role::Analyst, &[(7, Some(2))]);
        assert!(a.may(Action::EditAssessment {
            commitment: 7,
            member: 2
        }));
        assert!(!a.may(Action::EditAssessment {
            commitment: 7,
            member: 3
        }));
        assert!(!a.may(Action::EditAssessment {
            commitment: 8,
            member: 2
        }));
        assert!(!a.may(Action::EditCommitment { commitment: 7 }));
        assert!(!a.may(Action::ApproveAssessment {
            commitment: 7,
            member: 2
        }));
    }

    #[test]
    fn leads_cover_every_member_of_their_commitment_and_directors_approve() {
        let lead = actor(Role::Lead, &[(7, None)]);
        assert!(lead.may(Action::EditAssessment {
            commitment: 7,
            member: 99
        }));
        assert!(lead.may(Action::AssignToCommitment { commitment: 7 }));
        assert!(!lead.may(Action::ApproveAssessment {
            commitment: 7,
            member: 99
        }));
        let director = actor(Role::Director, &[(7, None)]);
        assert!(director.may(Action::ApproveAssessment {
            commitment: 7,
            member: 1
        }));
        assert!(!director.may(Action::ApproveAssessment {
            commitment: 8,
            member: 1
        }));
        // A director assigned to one member only does not direct the commitment.
        let partial = actor(Role::Director, &[(8, Some(1))]);
        assert!(!partial.may(Action::ApproveAssessment {
            commitment: 8,
            member: 1
        }));
    }

    #[test]
    fn editors_publish_and_admins_manage() {
        let editor = actor(Role::Editor, &[]);
        assert!(editor.may(Action::Publish));
        assert!(editor.may(Action::EditCycles));
        assert!(!editor.may(Action::ManageAccounts));
        assert!(!editor.may(Action::EditAssessment {
            commitment: 1,
            member: 1
        }));
        let admin = actor(Role::Admin, &[]);
        assert!(admin.may(Action::ManageAccounts));
        assert!(admin.may(Action::EditInstitutions));
        let analyst = actor(Role::Analyst, &[]);
        assert!(!analyst.may(Action::Publish));
        assert!(!analyst.may(Action::EditInstitutions));
    }

    #[test]
    fn only_the_commitments_lead_analyst_adjudicates() {
        let adjudicate = Action::Adjudicate { commitment: 7 };
        assert!(actor(Role::Lead, &[(7, None)]).may(adjudicate));
        assert!(!actor(Role::Lead, &[(8, None)]).may(adjudicate));
        // A lead analyst assigned to one member only does not lead the commitment.
        assert!(!actor(Role::Lead, &[(7, Some(1))]).may(adjudicate));
        for role in [Role::Analyst, Role::Director, Role::Editor, Role::Admin] {
            assert!(!actor(role, &[(7, None)]).may(adjudicate), "{role}");
        }
    }

    #[test]
    fn editors_and_admins_set_up_plans() {
        for role in Role::ALL {
            let may = actor(role, &[(7, None)]).may(Action::EditPlans);
            assert_eq!(may, matches!(role, Role::Editor | Role::Admin), "{role}");
        }
    }

    #[test]
    fn roles_parse_from_their_keys_and_labels() {
        for role in Role::ALL {
            assert_eq!(role.key().parse::<Role>(), Ok(role));
            assert_eq!(role.label().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }
}
