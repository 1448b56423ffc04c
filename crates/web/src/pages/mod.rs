//! The pages: one askama template each, filled from domain values by a builder that does all the
//! formatting up front, so templates only place text.

pub mod admin;
pub mod admin_plans;
pub mod agreement;
pub mod assessment_editor;
pub mod audit;
pub mod commitment;
pub mod departures;
pub mod edition;
pub mod edition_work;
pub mod error;
pub mod index;
pub mod member;
pub mod plans;
pub mod report_card;
pub mod rubric;
pub mod setup;
pub mod workspace;

/// What every page's layout needs: the `<title>` and the breadcrumb trail.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub title: String,
    pub crumbs: Vec<Crumb>,
    pub stylesheet: &'static str,
    /// Set on workspace pages: who is signed in, the sign-out form, htmx with the CSRF header.
    /// Public pages never set it, so they are the same for everyone and can be cached.
    pub session: Option<SessionChrome>,
}

/// The signed-in account as the layout shows it.
#[derive(Debug, Clone)]
pub struct SessionChrome {
    pub name: String,
    pub role: &'static str,
    /// The session's CSRF token: every form posts it back, htmx sends it as a header.
    pub csrf: String,
    pub htmx: &'static str,
}

impl Chrome {
    pub fn new(title: impl Into<String>, crumbs: Vec<Crumb>) -> Chrome {
        Chrome {
            title: title.into(),
            crumbs,
            stylesheet: crate::assets::STYLESHEET_HREF,
            session: None,
        }
    }

    /// The layout of a workspace page for `staff`.
    pub fn workspace(
        title: impl Into<String>,
        crumbs: Vec<Crumb>,
        staff: &crate::auth::Staff,
    ) -> Chrome {
        Chrome {
            session: Some(SessionChrome {
                name: staff.actor.name.clone(),
                role: staff.actor.role.label(),
                csrf: staff.csrf().to_string(),
                htmx: crate::assets::HTMX_HREF,
            }),
            ..Chrome::new(title, crumbs)
        }
    }
}

/// One step of the breadcrumb trail; the current page has no link.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: Some(href.into()),
        }
    }

    pub fn here(label: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: None,
        }
    }
}

/// Addresses of the pages, built in one place so links and routes agree.
pub mod href {
    pub fn cycle(slug: &str) -> String {
        format!("/cycles/{slug}")
    }

    pub fn commitment(slug: &str, code: &str) -> String {
        format!("/cycles/{slug}/commitments/{}", segment(code))
    }

    pub fn rubric(slug: &str, code: &str) -> String {
        format!("{}/rubric", commitment(slug, code))
    }

    pub fn agreement(slug: &str) -> String {
        format!("/cycles/{slug}/agreement")
    }

    pub fn departures(slug: &str) -> String {
        format!("/cycles/{slug}/departures")
    }

    pub fn member(slug: &str, code: &str) -> String {
        format!("/cycles/{slug}/members/{}", segment(code))
    }

    /// The workspace: a cycle's overview for the people working on it.
    pub fn work_cycle(slug: &str) -> String {
        format!("/workspace/cycles/{slug}")
    }

    /// The workspace: a commitment (its text, sections, dimensions, citations, assignments).
    pub fn work_commitment(slug: &str, code: &str) -> String {
        format!("/workspace/cycles/{slug}/commitments/{}", segment(code))
    }

    /// The workspace: a commitment's disagreement queue, where its lead analyst adjudicates.
    pub fn work_disagreements(slug: &str, code: &str) -> String {
        format!("{}/disagreements", work_commitment(slug, code))
    }

    /// The workspace: one member's assessment of a commitment, with its evidence.
    pub fn work_assessment(slug: &str, code: &str, member: &str) -> String {
        format!(
            "{}/members/{}",
            work_commitment(slug, code),
            segment(member)
        )
    }

    /// The workspace: the audit trail, filtered by `query` (already encoded; empty for all).
    pub fn work_audit(query: &str) -> String {
        if query.is_empty() {
            "/workspace/audit".to_string()
        } else {
            format!("/workspace/audit?{query}")
        }
    }

    /// A download of the audit trail (`csv` or `json`), filtered by `query`.
    pub fn work_audit_download(format: &str, query: &str) -> String {
        if query.is_empty() {
            format!("/workspace/audit.{format}")
        } else {
            format!("/workspace/audit.{format}?{query}")
        }
    }

    /// A cycle's published editions.
    pub fn editions(slug: &str) -> String {
        format!("/cycles/{slug}/editions")
    }

    /// Edition `number`'s report card, exactly as published.
    pub fn edition(slug: &str, number: u32) -> String {
        format!("/cycles/{slug}/editions/{number}")
    }

    /// What edition `number` changed from the one before.
    pub fn edition_changes(slug: &str, number: u32) -> String {
        format!("/cycles/{slug}/editions/{number}/changes")
    }

    /// The workspace: the working copy's report card, for staff.
    pub fn work_preview(slug: &str) -> String {
        format!("/workspace/cycles/{slug}/preview")
    }

    /// The workspace: publishing the cycle as its next edition.
    pub fn work_publish(slug: &str) -> String {
        format!("/workspace/cycles/{slug}/publish")
    }

    /// The workspace: reopening a published assessment for a corrected edition.
    pub fn work_reopen(slug: &str, code: &str, member: &str) -> String {
        format!("{}/reopen", work_assessment(slug, code, member))
    }

    /// The anchor of a member's section in a chapter: `member-CAN`.
    pub fn member_anchor(code: &str) -> String {
        let clean: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        if clean.is_empty() {
            format!("member-{}", pledgewatch_domain::slug(code))
        } else {
            format!("member-{clean}")
        }
    }

    /// Percent-encodes a path segment: codes are data and may hold any character.
    pub fn segment(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::href;

    #[test]
    fn codes_are_encoded_in_addresses() {
        assert_eq!(href::commitment("c", "18"), "/cycles/c/commitments/18");
        assert_eq!(
            href::commitment("c", "3 a/b"),
            "/cycles/c/commitments/3%20a%2Fb"
        );
        assert_eq!(href::member_anchor("CAN"), "member-CAN");
        assert_eq!(href::member_anchor("\"><"), "member-cycle");
    }
}
