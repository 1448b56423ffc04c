//! The sign-in page and the workspace's front page.

use askama::Template;
use pledgewatch_domain::access::Role;
use pledgewatch_store::AssignmentRow;

use super::{Chrome, Crumb, href};
use crate::auth::Staff;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub name: String,
    pub next: String,
    pub csrf: String,
    pub error: Option<String>,
}

impl LoginPage {
    pub fn new(name: &str, next: &str, csrf: &str, error: Option<String>) -> LoginPage {
        LoginPage {
            chrome: Chrome::new("Sign in", vec![Crumb::here("Sign in")]),
            name: name.to_string(),
            next: next.to_string(),
            csrf: csrf.to_string(),
            error,
        }
    }
}

/// One assignment as a link.
pub struct WorkLink {
    pub label: String,
    pub href: String,
}

/// A cycle on the workspace page, with the account's assignments in it.
pub struct WorkspaceCycle {
    pub name: String,
    /// The cycle's setup page (editors and admins).
    pub href: String,
    /// The working copy's report card, for everyone in the workspace.
    pub preview_href: String,
    pub public_href: String,
    pub assignments: Vec<WorkLink>,
}

impl WorkspaceCycle {
    pub fn new(name: &str, slug: &str, rows: Vec<AssignmentRow>) -> WorkspaceCycle {
        WorkspaceCycle {
            name: name.to_string(),
            href: href::work_cycle(slug),
            preview_href: format!("{}/preview", href::work_cycle(slug)),
            public_href: href::cycle(slug),
            assignments: rows
                .into_iter()
                .map(|r| match r.member {
                    Some(member) => WorkLink {
                        label: format!("Commitment {}: {member}", r.commitment),
                        href: href::work_assessment(slug, &r.commitment, &member),
                    },
                    None => WorkLink {
                        label: format!("Commitment {}: every member", r.commitment),
                        href: href::work_commitment(slug, &r.commitment),
                    },
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "workspace.html")]
pub struct WorkspacePage {
    pub chrome: Chrome,
    pub role: &'static str,
    pub assigned_work: bool,
    pub admin: bool,
    pub editor: bool,
    pub cycles: Vec<WorkspaceCycle>,
}

impl WorkspacePage {
    pub fn new(staff: &Staff, cycles: Vec<WorkspaceCycle>) -> WorkspacePage {
        let role = staff.actor.role;
        WorkspacePage {
            chrome: Chrome::workspace("Workspace", vec![Crumb::here("Workspace")], staff),
            role: role.label(),
            assigned_work: role.is_assigned_work(),
            admin: role == Role::Admin,
            editor: matches!(role, Role::Editor | Role::Admin),
            cycles,
        }
    }
}
