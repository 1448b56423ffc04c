//! The administration pages: accounts, API tokens, institutions, members, summits and source
//! documents. Each page shows the current values; after a refused form, what was typed and the
//! error next to its field ([`Typed`]).

use std::collections::HashMap;

use askama::Template;
use pledgewatch_domain::access::Role;
use pledgewatch_store::{
    Account, ApiTokenRow, DocumentRow, InstitutionRow, MemberRow, MembershipRow, SummitRow,
};

use super::{Chrome, Crumb, href};
use crate::auth::Staff;

/// What one refused form sent and why it was refused: the page re-renders it with the values
/// as typed and each error beside its field. `form` names which form of the page it was.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub form: String,
    pub values: HashMap<String, String>,
    pub errors: Vec<(String, String)>,
    /// Set when the object changed since the form was opened: the form shows the current
    /// version, and this says so.
    pub conflict: Option<String>,
}

impl Typed {
    pub fn new(form: impl Into<String>, values: HashMap<String, String>) -> Typed {
        Typed {
            form: form.into(),
            values,
            ..Typed::default()
        }
    }

    pub fn error(mut self, field: impl Into<String>, message: impl Into<String>) -> Typed {
        self.errors.push((field.into(), message.into()));
        self
    }

    pub fn conflict(form: impl Into<String>, message: impl Into<String>) -> Typed {
        Typed {
            form: form.into(),
            conflict: Some(message.into()),
            ..Typed::default()
        }
    }

    /// What the field shows: as typed when this form was refused, else `current`.
    pub fn value(
        &self,
        form: impl AsRef<str>,
        field: impl AsRef<str>,
        current: impl std::fmt::Display,
    ) -> String {
        if self.form == form.as_ref()
            && self.conflict.is_none()
            && let Some(v) = self.values.get(field.as_ref())
        {
            return v.clone();
        }
        current.to_string()
    }

    /// The error of one field of one form, if it was refused for it.
    pub fn error_of(&self, form: impl AsRef<str>, field: impl AsRef<str>) -> Option<&str> {
        if self.form != form.as_ref() {
            return None;
        }
        self.errors
            .iter()
            .find(|(f, _)| f == field.as_ref())
            .map(|(_, m)| m.as_str())
    }

    pub fn has_error(&self, form: impl AsRef<str>, field: impl AsRef<str>) -> bool {
        self.error_of(form, field).is_some()
    }

    /// The conflict message when it is about this form.
    pub fn conflict_of(&self, form: impl AsRef<str>) -> Option<&str> {
        if self.form == form.as_ref() {
            self.conflict.as_deref()
        } else {
            None
        }
    }

    /// Whether the form holds an error no field shows (kept in `""`), shown at the form's top.
    pub fn general(&self, form: impl AsRef<str>) -> Option<&str> {
        self.error_of(form, "")
    }
}

/// An option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn role_choices() -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.key().to_string(),
            label: r.label().to_string(),
        })
        .collect()
}

fn admin_crumbs(here: &str) -> Vec<Crumb> {
    vec![Crumb::link("Workspace", "/workspace"), Crumb::here(here)]
}

/// Addresses of the administration pages.
pub mod links {
    use super::href::segment;

    pub fn account(name: &str) -> String {
        format!("/workspace/accounts/{}", segment(name))
    }
    pub fn institution(id: i64) -> String {
        format!("/workspace/institutions/{id}")
    }
    pub fn member(code: &str) -> String {
        format!("/workspace/members/{}", segment(code))
    }
    pub fn summit(id: i64) -> String {
        format!("/workspace/summits/{id}")
    }
    pub fn document(id: i64) -> String {
        format!("/workspace/documents/{id}")
    }
}

// ---- accounts ----

pub struct AccountView {
    pub name: String,
    pub role: String,
    pub role_label: &'static str,
    pub disabled: bool,
    pub version: i64,
    pub action: String,
    /// Distinguishes the row's forms and field ids on the page.
    pub form: String,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
pub struct AccountsPage {
    pub chrome: Chrome,
    pub accounts: Vec<AccountView>,
    pub roles: Vec<Choice>,
    pub typed: Typed,
    pub notice: Option<String>,
}

impl AccountsPage {
    pub fn new(
        staff: &Staff,
        accounts: Vec<Account>,
        typed: Typed,
        notice: Option<String>,
    ) -> Self {
        AccountsPage {
            chrome: Chrome::workspace("Accounts", admin_crumbs("Accounts"), staff),
            accounts: accounts
                .into_iter()
                .enumerate()
                .map(|(i, a)| AccountView {
                    action: links::account(&a.name),
                    form: format!("account-{i}"),
                    role: a.role.key().to_string(),
                    role_label: a.role.label(),
                    name: a.name,
                    disabled: a.disabled,
                    version: a.version,
                })
                .collect(),
            roles: role_choices(),
            typed,
            notice,
        }
    }
}

// ---- tokens ----

pub struct TokenView {
    pub account: String,
    pub label: String,
    pub created: String,
    pub revoked: Option<String>,
    pub revoke_action: String,
}

fn token_view(t: ApiTokenRow, revoke_action: String) -> TokenView {
    TokenView {
        account: t.account,
        label: t.label,
        created: t.created_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        revoked: t
            .revoked_at
            .map(|r| r.strftime("%Y-%m-%d %H:%M UTC").to_string()),
        revoke_action,
    }
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
pub struct TokensPage {
    pub chrome: Chrome,
    pub mine: Vec<TokenView>,
    /// Everyone else's tokens, for admins (who may revoke them); empty for others.
    pub others: Vec<TokenView>,
    pub manages_accounts: bool,
    /// A token just created: shown this once, never stored in the clear.
    pub new_token: Option<String>,
    pub typed: Typed,
}

impl TokensPage {
    pub fn new(
        staff: &Staff,
        tokens: Vec<ApiTokenRow>,
        manages_accounts: bool,
        new_token: Option<String>,
        typed: Typed,
    ) -> Self {
        let (mine, others): (Vec<_>, Vec<_>) = tokens
            .into_iter()
            .partition(|t| t.account == staff.actor.name);
        TokensPage {
            chrome: Chrome::workspace("API tokens", admin_crumbs("API tokens"), staff),
            mine: mine
                .into_iter()
                .map(|t| {
                    let action = format!("/workspace/tokens/{}/revoke", t.id);
                    token_view(t, action)
                })
                .collect(),
            others: others
                .into_iter()
                .map(|t| {
                    let action = format!("/workspace/accounts/tokens/{}/revoke", t.id);
                    token_view(t, action)
                })
                .collect(),
            manages_accounts,
            new_token,
            typed,
        }
    }
}

// ---- institutions, summits, documents ----

pub struct InstitutionLink {
    pub name: String,
    pub href: String,
}

pub struct SummitView {
    pub name: String,
    pub institution: String,
    pub year: i32,
    pub ended_on: String,
    pub href: String,
}

impl SummitView {
    fn of(s: &SummitRow) -> SummitView {
        SummitView {
            name: s.name.clone(),
            institution: s.institution.clone(),
            year: s.year,
            ended_on: s.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            href: links::summit(s.id),
        }
    }
}

pub struct DocumentView {
    pub title: String,
    pub summit: String,
    pub href: String,
}

impl DocumentView {
    fn of(d: &DocumentRow) -> DocumentView {
        DocumentView {
            title: d.title.clone(),
            summit: d.summit.clone().unwrap_or_default(),
            href: links::document(d.id),
        }
    }
}

pub struct MembershipView {
    pub institution: String,
    pub institution_href: String,
    pub member: String,
    pub member_href: String,
    pub years: String,
    pub version: i64,
    pub remove_action: String,
}

impl MembershipView {
    fn of(m: &MembershipRow) -> MembershipView {
        MembershipView {
            institution: m.institution.clone(),
            institution_href: links::institution(m.institution_id),
            member: m.member.clone(),
            member_href: links::member(&m.member_code),
            years: match m.to_year {
                Some(to) if to == m.from_year => format!("{to}"),
                Some(to) => format!("{}–{to}", m.from_year),
                None => format!("since {}", m.from_year),
            },
            version: m.version,
            remove_action: format!("/workspace/memberships/{}/remove", m.id),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_institutions.html")]
pub struct InstitutionsPage {
    pub chrome: Chrome,
    pub institutions: Vec<InstitutionLink>,
    pub summits: Vec<SummitView>,
    pub documents: Vec<DocumentView>,
    pub typed: Typed,
}

impl InstitutionsPage {
    pub fn new(
        staff: &Staff,
        institutions: &[InstitutionRow],
        summits: &[SummitRow],
        documents: &[DocumentRow],
        typed: Typed,
    ) -> Self {
        InstitutionsPage {
            chrome: Chrome::workspace(
                "Institutions",
                admin_crumbs("Institutions, summits and documents"),
                staff,
            ),
            institutions: institutions
                .iter()
                .map(|i| InstitutionLink {
                    name: i.name.clone(),
                    href: links::institution(i.id),
                })
                .collect(),
            summits: summits.iter().map(SummitView::of).collect(),
            documents: documents.iter().map(DocumentView::of).collect(),
            typed,
        }
    }
}

fn institutions_crumbs(here: &str) -> Vec<Crumb> {
    vec![
        Crumb::link("Workspace", "/workspace"),
        Crumb::link("Institutions", "/workspace/institutions"),
        Crumb::here(here),
    ]
}

#[derive(Template)]
#[template(path = "admin_institution.html")]
pub struct InstitutionPage {
    pub chrome: Chrome,
    pub institution: InstitutionRow,
    pub action: String,
    pub summits: Vec<SummitView>,
    pub memberships: Vec<MembershipView>,
    pub typed: Typed,
}

impl InstitutionPage {
    pub fn new(
        staff: &Staff,
        institution: InstitutionRow,
        summits: &[SummitRow],
        memberships: &[MembershipRow],
        typed: Typed,
    ) -> Self {
        InstitutionPage {
            chrome: Chrome::workspace(
                institution.name.clone(),
                institutions_crumbs(&institution.name),
                staff,
            ),
            action: links::institution(institution.id),
            institution,
            summits: summits.iter().map(SummitView::of).collect(),
            memberships: memberships.iter().map(MembershipView::of).collect(),
            typed,
        }
    }
}

fn institution_choices(institutions: &[InstitutionRow]) -> Vec<Choice> {
    institutions
        .iter()
        .map(|i| Choice {
            value: i.id.to_string(),
            label: i.name.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin_summit.html")]
pub struct SummitPage {
    pub chrome: Chrome,
    pub summit: SummitRow,
    pub ended_on: String,
    pub action: String,
    pub institution_href: String,
    pub institutions: Vec<Choice>,
    pub documents: Vec<DocumentView>,
    pub typed: Typed,
}

impl SummitPage {
    pub fn new(
        staff: &Staff,
        summit: SummitRow,
        institutions: &[InstitutionRow],
        documents: &[DocumentRow],
        typed: Typed,
    ) -> Self {
        SummitPage {
            chrome: Chrome::workspace(
                summit.name.clone(),
                institutions_crumbs(&summit.name),
                staff,
            ),
            ended_on: summit.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            action: links::summit(summit.id),
            institution_href: links::institution(summit.institution_id),
            institutions: institution_choices(institutions),
            documents: documents.iter().map(DocumentView::of).collect(),
            summit,
            typed,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_document.html")]
pub struct DocumentPage {
    pub chrome: Chrome,
    pub document: DocumentRow,
    pub summit_id: String,
    pub action: String,
    pub summit_href: Option<String>,
    pub summits: Vec<Choice>,
    pub typed: Typed,
}

fn summit_choices(summits: &[SummitRow]) -> Vec<Choice> {
    summits
        .iter()
        .map(|s| Choice {
            value: s.id.to_string(),
            label: format!("{} ({})", s.name, s.institution),
        })
        .collect()
}

impl DocumentPage {
    pub fn new(staff: &Staff, document: DocumentRow, summits: &[SummitRow], typed: Typed) -> Self {
        DocumentPage {
            chrome: Chrome::workspace(
                document.title.clone(),
                institutions_crumbs(&document.title),
                staff,
            ),
            summit_id: document
                .summit_id
                .map(|s| s.to_string())
                .unwrap_or_default(),
            action: links::document(document.id),
            summit_href: document.summit_id.map(links::summit),
            summits: summit_choices(summits),
            document,
            typed,
        }
    }
}

// ---- members ----

pub struct MemberLink {
    pub name: String,
    pub code: String,
    pub variants: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "admin_members.html")]
pub struct MembersPage {
    pub chrome: Chrome,
    pub members: Vec<MemberLink>,
    pub typed: Typed,
}

impl MembersPage {
    pub fn new(staff: &Staff, members: &[MemberRow], typed: Typed) -> Self {
        MembersPage {
            chrome: Chrome::workspace("Members", admin_crumbs("Members"), staff),
            members: members
                .iter()
                .map(|m| MemberLink {
                    name: m.name.clone(),
                    code: m.code.clone(),
                    variants: m.variants.join(", "),
                    href: links::member(&m.code),
                })
                .collect(),
            typed,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_member.html")]
pub struct MemberPage {
    pub chrome: Chrome,
    pub member: MemberRow,
    pub variants: String,
    pub action: String,
    pub memberships: Vec<MembershipView>,
    pub institutions: Vec<Choice>,
    pub typed: Typed,
}

impl MemberPage {
    pub fn new(
        staff: &Staff,
        member: MemberRow,
        institutions: &[InstitutionRow],
        typed: Typed,
    ) -> Self {
        MemberPage {
            chrome: Chrome::workspace(
                member.name.clone(),
                vec![
                    Crumb::link("Workspace", "/workspace"),
                    Crumb::link("Members", "/workspace/members"),
                    Crumb::here(member.name.clone()),
                ],
                staff,
            ),
            variants: member.variants.join("\n"),
            action: links::member(&member.code),
            memberships: member.memberships.iter().map(MembershipView::of).collect(),
            institutions: institution_choices(institutions),
            member,
            typed,
        }
    }
}
