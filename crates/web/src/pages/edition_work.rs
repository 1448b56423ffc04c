//! The workspace's publishing pages: what keeps a cycle from being published, the change log
//! the next edition would have, the publish form, and the form that reopens a published
//! assessment for a corrected edition.

use askama::Template;
use pledgewatch_domain::edition::{EditionChange, EditionKind};
use pledgewatch_store::PendingAssessment;

use super::edition::{ChangeGroup, change_groups};
use super::{Chrome, Crumb, href};
use crate::auth::Staff;

/// The publish form as typed, with what is wrong next to its field.
#[derive(Debug, Clone, Default)]
pub struct PublishForm {
    pub kind: String,
    pub note: String,
    pub kind_error: Option<String>,
    pub note_error: Option<String>,
}

pub struct KindOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// Assessments not approved yet, under one status.
pub struct PendingGroup {
    /// `draft` or `submitted`.
    pub status: String,
    pub items: Vec<PendingItem>,
}

pub struct PendingItem {
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "work_publish.html")]
pub struct PublishPage {
    pub chrome: Chrome,
    pub name: String,
    pub action: String,
    pub preview_href: String,
    pub editions_href: String,
    pub pending: Vec<PendingGroup>,
    pub pending_count: usize,
    pub first: bool,
    pub groups: Vec<ChangeGroup>,
    pub kinds: Vec<KindOption>,
    pub form: PublishForm,
    /// Why publishing was refused (another step of the workflow), shown above the form.
    pub refusal: Option<String>,
}

impl PublishPage {
    pub fn new(
        staff: &Staff,
        (name, slug): (&str, &str),
        pending: &[PendingAssessment],
        (first, changes): (bool, &[EditionChange]),
        form: PublishForm,
        refusal: Option<String>,
    ) -> PublishPage {
        let mut groups: Vec<PendingGroup> = Vec::new();
        for p in pending {
            let item = PendingItem {
                label: format!("Commitment {}, {}", p.commitment, p.member),
                href: href::work_assessment(slug, &p.commitment, &p.member),
            };
            match groups.iter_mut().find(|g| g.status == p.status) {
                Some(g) => g.items.push(item),
                None => groups.push(PendingGroup {
                    status: p.status.clone(),
                    items: vec![item],
                }),
            }
        }
        let kinds = EditionKind::ALL
            .into_iter()
            .map(|k| KindOption {
                value: k.as_str(),
                label: k.label(),
                selected: form.kind == k.as_str(),
            })
            .collect();
        PublishPage {
            chrome: Chrome::workspace(
                format!("Publish {name}"),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link(name, href::work_cycle(slug)),
                    Crumb::here("Publish"),
                ],
                staff,
            ),
            name: name.to_string(),
            action: href::work_publish(slug),
            preview_href: href::work_preview(slug),
            editions_href: href::editions(slug),
            pending: groups,
            pending_count: pending.len(),
            first,
            groups: change_groups(slug, changes),
            kinds,
            form,
            refusal,
        }
    }
}

#[derive(Template)]
#[template(path = "work_publish_reopen.html")]
pub struct ReopenPage {
    pub chrome: Chrome,
    pub label: String,
    pub action: String,
    pub note: String,
    pub note_error: Option<String>,
    /// Why reopening was refused (the assessment is not published).
    pub refusal: Option<String>,
}

impl ReopenPage {
    pub fn new(
        staff: &Staff,
        (name, slug, code, member): (&str, &str, &str, &str),
        note: String,
        note_error: Option<String>,
        refusal: Option<String>,
    ) -> ReopenPage {
        ReopenPage {
            chrome: Chrome::workspace(
                format!("Reopen commitment {code}, {member}"),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link(name, href::work_cycle(slug)),
                    Crumb::link(
                        format!("Commitment {code}, {member}"),
                        href::work_assessment(slug, code, member),
                    ),
                    Crumb::here("Reopen"),
                ],
                staff,
            ),
            label: format!("commitment {code}, {member}"),
            action: href::work_reopen(slug, code, member),
            note,
            note_error,
            refusal,
        }
    }
}
