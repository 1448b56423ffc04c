//! The cycle setup pages: the list of cycles with a form creating one, a cycle's settings,
//! members and commitments, and a commitment's working copy with its assignments and rubric.
//! Forms keep what was typed when they are refused, with the reason next to the field.

use askama::Template;
use pledgewatch_domain::SectionKind;
use pledgewatch_domain::rubric::Rubric;
use pledgewatch_store::{AssignmentRow, CommitmentDraft, CycleSetup};

use super::rubric::{CheckView, WhatIfView};
use super::{Chrome, Crumb, href};
use crate::auth::Staff;

/// Why fields were refused, by field name (`name`, `period_end`, …).
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), message.into()));
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first refused field and its message.
    pub fn first(&self) -> Option<(&str, &str)> {
        self.0.first().map(|(f, m)| (f.as_str(), m.as_str()))
    }

    /// Every (field, message), in the order they were added.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }

    /// Every message, for the summary at the top of a refused form.
    pub fn all(&self) -> Vec<&str> {
        self.0.iter().map(|(_, m)| m.as_str()).collect()
    }
}

/// A cycle's settings as the form holds them (typed text, not yet checked).
#[derive(Debug, Clone, Default)]
pub struct CycleFields {
    pub name: String,
    pub institution: String,
    pub summit: String,
    /// `interim`, `final` or empty.
    pub kind: String,
    pub period_start: String,
    pub period_end: String,
    /// `rescaled` or `legacy`.
    pub convention: String,
    /// Independent codings per assessment, as typed (1 when left empty).
    pub required_coders: String,
}

impl CycleFields {
    pub fn of(cycle: &pledgewatch_domain::Cycle) -> CycleFields {
        CycleFields {
            name: cycle.name.clone(),
            institution: cycle.institution.clone().unwrap_or_default(),
            summit: cycle.summit.clone().unwrap_or_default(),
            kind: cycle.kind.map_or("", |k| k.as_str()).to_string(),
            period_start: cycle
                .period
                .map(|p| p.start.to_string())
                .unwrap_or_default(),
            period_end: cycle.period.map(|p| p.end.to_string()).unwrap_or_default(),
            convention: cycle.convention.as_str().to_string(),
            required_coders: "1".to_string(),
        }
    }

    /// The most independent codings a cycle may require (the store's limit).
    pub fn max_coders(&self) -> u8 {
        pledgewatch_store::MAX_REQUIRED_CODERS
    }

    pub fn blank() -> CycleFields {
        CycleFields {
            convention: "rescaled".to_string(),
            required_coders: "1".to_string(),
            ..CycleFields::default()
        }
    }
}

/// One cycle in the list.
pub struct CycleLink {
    pub name: String,
    pub href: String,
    pub public_href: String,
    pub commitments: i64,
    pub members: i64,
}

#[derive(Template)]
#[template(path = "setup_cycles.html")]
pub struct CyclesPage {
    pub chrome: Chrome,
    pub csrf: String,
    pub cycles: Vec<CycleLink>,
    pub form: CycleFields,
    pub errors: FieldErrors,
    pub institutions: Vec<String>,
}

impl CyclesPage {
    pub fn new(
        staff: &Staff,
        cycles: Vec<CycleLink>,
        form: CycleFields,
        errors: FieldErrors,
        institutions: Vec<String>,
    ) -> CyclesPage {
        CyclesPage {
            chrome: Chrome::workspace(
                "Cycles",
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::here("Cycles"),
                ],
                staff,
            ),
            csrf: staff.csrf().to_string(),
            cycles,
            form,
            errors,
            institutions,
        }
    }
}

/// A member in the cycle's scope, with what its row's buttons may do.
pub struct MemberRow {
    pub name: String,
    pub code: String,
    pub has_work: bool,
    pub first: bool,
    pub last: bool,
}

/// A commitment of the cycle, linked to its setup page.
pub struct CommitmentLink {
    pub code: String,
    pub title: String,
    pub area: String,
    pub href: String,
}

/// The short form that adds a commitment (the rest is filled in on its own page).
#[derive(Debug, Clone, Default)]
pub struct NewCommitmentFields {
    pub code: String,
    pub area: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "setup_cycle.html")]
pub struct CyclePage {
    pub chrome: Chrome,
    pub csrf: String,
    pub action: String,
    pub public_href: String,
    pub version: i64,
    /// Set when a write was refused because someone else changed the cycle first.
    pub notice: Option<String>,
    pub form: CycleFields,
    pub errors: FieldErrors,
    pub institutions: Vec<String>,
    pub members: Vec<MemberRow>,
    pub register: Vec<pledgewatch_domain::Member>,
    pub members_error: Option<String>,
    pub commitments: Vec<CommitmentLink>,
    pub new_commitment: NewCommitmentFields,
    pub commitment_errors: FieldErrors,
}

impl CyclePage {
    pub fn new(staff: &Staff, slug: &str, setup: &CycleSetup) -> CyclePage {
        let n = setup.members.len();
        CyclePage {
            chrome: Chrome::workspace(
                format!("Set up {}", setup.cycle.name),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link("Cycles", "/workspace/cycles"),
                    Crumb::here(setup.cycle.name.clone()),
                ],
                staff,
            ),
            csrf: staff.csrf().to_string(),
            action: href::work_cycle(slug),
            public_href: href::cycle(slug),
            version: setup.version,
            notice: None,
            form: CycleFields {
                required_coders: setup.required_coders.to_string(),
                ..CycleFields::of(&setup.cycle)
            },
            errors: FieldErrors::default(),
            institutions: Vec::new(),
            members: setup
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| MemberRow {
                    name: m.member.name.clone(),
                    code: m.member.code.clone(),
                    has_work: m.has_work,
                    first: i == 0,
                    last: i + 1 == n,
                })
                .collect(),
            register: setup.register.clone(),
            members_error: None,
            commitments: setup
                .commitments
                .iter()
                .map(|c| CommitmentLink {
                    code: c.code.clone(),
                    title: c.title.clone(),
                    area: c.area.clone(),
                    href: href::work_commitment(slug, &c.code),
                })
                .collect(),
            new_commitment: NewCommitmentFields::default(),
            commitment_errors: FieldErrors::default(),
        }
    }
}

/// One chapter section's text area.
pub struct SectionField {
    /// The form field: `section_background`, …
    pub field: String,
    pub heading: &'static str,
    pub text: String,
}

/// A commitment's working copy as the form holds it.
#[derive(Debug, Clone, Default)]
pub struct CommitmentFields {
    pub code: String,
    pub area: String,
    pub title: String,
    pub text: String,
    pub source: String,
    pub director: String,
    pub lead_analyst: String,
    /// One per `SectionKind`, in order.
    pub sections: Vec<(SectionKind, String)>,
}

impl CommitmentFields {
    pub fn of(draft: &CommitmentDraft) -> CommitmentFields {
        CommitmentFields {
            code: draft.code.clone(),
            area: draft.area.clone(),
            title: draft.title.clone(),
            text: draft.text.clone(),
            source: draft.source.clone(),
            director: draft.director.clone().unwrap_or_default(),
            lead_analyst: draft.lead_analyst.clone().unwrap_or_default(),
            sections: SectionKind::ALL
                .into_iter()
                .map(|kind| {
                    let text = draft
                        .sections
                        .iter()
                        .find(|s| s.kind == kind)
                        .map(|s| s.text.clone())
                        .unwrap_or_default();
                    (kind, text)
                })
                .collect(),
        }
    }

    /// The form field of a section's text area.
    pub fn section_field(kind: SectionKind) -> String {
        format!("section_{}", kind.key())
    }
}

/// One dimension's row of the dimensions form (text as typed; examples one per line).
#[derive(Debug, Clone, Default)]
pub struct DimensionField {
    pub index: usize,
    pub key: String,
    pub name: String,
    pub description: String,
    pub strong: String,
    pub weak: String,
}

/// The rubric part of the commitment page.
pub struct RubricPart {
    pub action: String,
    pub dimensions_action: String,
    /// The dimensions form: one row per dimension and a blank one for a new dimension.
    pub fields: Vec<DimensionField>,
    pub dimension_errors: Vec<String>,
    /// The newest version, the one the form's text started from.
    pub version: Option<u32>,
    pub toml: String,
    pub errors: Vec<String>,
    pub notice: Option<String>,
    pub public_href: String,
    /// The commitment's disagreement queue (double coding), in the workspace.
    pub queue_href: String,
    /// What the checker finds in the newest version (gaps, overlaps, rules that never fire).
    pub check: Option<CheckView>,
    /// After "Check" on the TOML form: the checker on the typed rubric and the assessments
    /// whose suggested score it would change, shown before it is saved.
    pub preview: Option<WhatIfView>,
    /// The same for the dimensions form.
    pub dimension_preview: Option<WhatIfView>,
}

impl DimensionField {
    /// The rubric's dimensions as form rows, and a blank row after them.
    pub fn rows(rubric: Option<&Rubric>) -> Vec<DimensionField> {
        let mut rows: Vec<DimensionField> = rubric
            .map(|r| {
                r.dimensions
                    .iter()
                    .enumerate()
                    .map(|(index, d)| DimensionField {
                        index,
                        key: d.key.clone(),
                        name: d.name.clone(),
                        description: d.description.clone(),
                        strong: d.strong_examples.join("\n"),
                        weak: d.weak_examples.join("\n"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.push(DimensionField {
            index: rows.len(),
            ..DimensionField::default()
        });
        rows
    }
}

impl RubricPart {
    pub fn new(slug: &str, code: &str, rubric: Option<&Rubric>) -> RubricPart {
        RubricPart {
            action: format!("{}/rubric", href::work_commitment(slug, code)),
            dimensions_action: format!("{}/dimensions", href::work_commitment(slug, code)),
            fields: DimensionField::rows(rubric),
            dimension_errors: Vec::new(),
            version: rubric.map(|r| r.version),
            toml: rubric.map(Rubric::to_toml_string).unwrap_or_default(),
            errors: Vec::new(),
            notice: None,
            public_href: href::rubric(slug, code),
            queue_href: href::work_disagreements(slug, code),
            check: rubric.map(CheckView::new),
            preview: None,
            dimension_preview: None,
        }
    }

    /// The version a save would make: the next after the newest, or 1.
    pub fn next_version(&self) -> u32 {
        self.version.map_or(1, |v| v.saturating_add(1))
    }

    /// The version as the hidden field sends it back (empty: no rubric yet).
    pub fn base(&self) -> String {
        self.version.map(|v| v.to_string()).unwrap_or_default()
    }
}

/// One member's row of the assignment table.
pub struct AssignmentMember {
    pub name: String,
    pub code: String,
    pub analysts: Vec<String>,
}

/// Who works on the commitment, with the forms that change it.
pub struct AssignmentPart {
    pub action: String,
    pub members: Vec<AssignmentMember>,
    /// Lead analysts and directors assigned to the whole commitment: (account, role label).
    pub whole: Vec<(String, &'static str)>,
    /// Accounts that can be assigned to a member (analysts) or to the whole commitment.
    pub analysts: Vec<String>,
    /// Lead analysts and directors: (account, role label).
    pub leads: Vec<(String, &'static str)>,
    pub error: Option<String>,
}

impl AssignmentPart {
    pub fn new(
        slug: &str,
        code: &str,
        members: &[pledgewatch_domain::Member],
        rows: &[AssignmentRow],
        accounts: &[pledgewatch_store::Account],
    ) -> AssignmentPart {
        use pledgewatch_domain::access::Role;
        let mine = rows.iter().filter(|r| r.commitment == code);
        AssignmentPart {
            action: format!("{}/assignments", href::work_commitment(slug, code)),
            members: members
                .iter()
                .map(|m| AssignmentMember {
                    name: m.name.clone(),
                    code: m.code.clone(),
                    analysts: mine
                        .clone()
                        .filter(|r| r.member.as_deref() == Some(m.name.as_str()))
                        .map(|r| r.account.clone())
                        .collect(),
                })
                .collect(),
            whole: mine
                .filter(|r| r.member.is_none())
                .map(|r| (r.account.clone(), r.role.label()))
                .collect(),
            analysts: accounts
                .iter()
                .filter(|a| !a.disabled && a.role == Role::Analyst)
                .map(|a| a.name.clone())
                .collect(),
            leads: accounts
                .iter()
                .filter(|a| !a.disabled && matches!(a.role, Role::Lead | Role::Director))
                .map(|a| (a.name.clone(), a.role.label()))
                .collect(),
            error: None,
        }
    }
}

#[derive(Template)]
#[template(path = "setup_commitment.html")]
pub struct CommitmentPage {
    pub chrome: Chrome,
    pub csrf: String,
    pub action: String,
    pub public_href: String,
    pub version: i64,
    pub notice: Option<String>,
    pub form: CommitmentFields,
    pub errors: FieldErrors,
    pub sections: Vec<SectionField>,
    /// Shown to those who may assign (the policy's answer, asked by the handler).
    pub assignments: Option<AssignmentPart>,
    pub rubric: RubricPart,
}

impl CommitmentPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        staff: &Staff,
        (slug, cycle): (&str, &str),
        code: &str,
        version: i64,
        form: CommitmentFields,
        errors: FieldErrors,
        assignments: Option<AssignmentPart>,
        rubric: RubricPart,
    ) -> CommitmentPage {
        let sections = form
            .sections
            .iter()
            .map(|(kind, text)| SectionField {
                field: CommitmentFields::section_field(*kind),
                heading: kind.heading(),
                text: text.clone(),
            })
            .collect();
        CommitmentPage {
            chrome: Chrome::workspace(
                format!("Commitment {code}"),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link(cycle.to_string(), href::work_cycle(slug)),
                    Crumb::here(format!("Commitment {code}")),
                ],
                staff,
            ),
            csrf: staff.csrf().to_string(),
            action: href::work_commitment(slug, code),
            public_href: href::commitment(slug, code),
            version,
            notice: None,
            form,
            errors,
            sections,
            assignments,
            rubric,
        }
    }
}
