//! Every route for every role, allowed and refused.
//!
//! [`ROUTES`] says who may use each route; the test sends each request as a reader (no
//! account), an analyst assigned to commitment 8 / France, an analyst assigned elsewhere, the
//! commitment's lead analyst and director, an editor and an admin, and checks that the refused
//! get 401 (API) / a redirect to sign in (pages) or 403, and the allowed get past the guard
//! (anything but 401, 403 and a redirect to sign in; an empty body may well be a 4xx). Nobody
//! ever gets a 500. A second test reads the router's source and fails when a route is missing
//! from the table, so a new route cannot skip this check.

use std::collections::BTreeSet;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use pledgewatch_domain::access::Role;
use pledgewatch_store::hash_password;

use crate::fixture::{CYCLE, Site, site};

/// Who makes a request in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Reader,
    /// Assigned to commitment 8, France.
    Analyst,
    /// Assigned to commitment 9, Canada: a stranger to 8 / France.
    OtherAnalyst,
    /// Lead analyst of commitment 8.
    Lead,
    /// Compliance director of commitment 8.
    Director,
    Editor,
    Admin,
}

use Subject::*;

const EVERYONE: &[Subject] = &[Reader, Analyst, OtherAnalyst, Lead, Director, Editor, Admin];
const STAFF: &[Subject] = &[Analyst, OtherAnalyst, Lead, Director, Editor, Admin];
const EDITORS: &[Subject] = &[Editor, Admin];
const ADMINS: &[Subject] = &[Admin];
/// Those who edit assessment 8 / France.
const WORKERS: &[Subject] = &[Analyst, Lead, Director];
const DIRECTORS: &[Subject] = &[Director];
/// Those who edit commitment 8 itself.
const COMMITMENT_EDITORS: &[Subject] = &[Lead, Director, Editor, Admin];
/// Those who set up action plans.
const PLANNERS: &[Subject] = &[Editor, Admin];
/// Those who assign analysts on commitment 8.
const ASSIGNERS: &[Subject] = &[Lead, Editor, Admin];
/// Those who adjudicate the coders' disagreements on commitment 8: its lead analyst alone.
const ADJUDICATORS: &[Subject] = &[Lead];

struct Route {
    method: &'static str,
    /// The route as registered (`{slug}` …), for the coverage check.
    pattern: &'static str,
    /// The concrete address requested.
    uri: &'static str,
    allowed: &'static [Subject],
}

const fn route(
    method: &'static str,
    pattern: &'static str,
    uri: &'static str,
    allowed: &'static [Subject],
) -> Route {
    Route {
        method,
        pattern,
        uri,
        allowed,
    }
}

/// The table. Concrete addresses use the fixture: cycle `2031-testland-summit-final`,
/// commitment 8, member France.
const ROUTES: &[Route] = &[
    route("GET", "/", "/", EVERYONE),
    route("GET", "/cycles", "/cycles", EVERYONE),
    route(
        "GET",
        "/cycles/{slug}",
        "/cycles/2031-testland-summit-final",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/commitments/{code}",
        "/cycles/2031-testland-summit-final/commitments/8",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/commitments/{code}/rubric",
        "/cycles/2031-testland-summit-final/commitments/8/rubric",
        EVERYONE,
    ),
    route(
        "POST",
        "/cycles/{slug}/commitments/{code}/rubric",
        "/cycles/2031-testland-summit-final/commitments/8/rubric",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/agreement",
        "/cycles/2031-testland-summit-final/agreement",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/departures",
        "/cycles/2031-testland-summit-final/departures",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/members/{code}",
        "/cycles/2031-testland-summit-final/members/FRA",
        EVERYONE,
    ),
    route("GET", "/assets/style.css", "/assets/style.css", EVERYONE),
    route("GET", "/login", "/login", EVERYONE),
    route("POST", "/login", "/login", EVERYONE),
    route("POST", "/logout", "/logout", EVERYONE),
    route("GET", "/workspace", "/workspace", STAFF),
    route("GET", "/plans", "/plans", EVERYONE),
    route("GET", "/plans/{slug}", "/plans/no-such-plan", EVERYONE),
    route(
        "GET",
        "/plans/{slug}/measures/{code}/members/{member}",
        "/plans/no-such-plan/measures/1/members/FRA",
        EVERYONE,
    ),
    route(
        "GET",
        "/plans/{slug}/progress",
        "/plans/no-such-plan/progress",
        EVERYONE,
    ),
    // An analyst's assessment (helper A): the editor, its forms, and the same over the API.
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/submit",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/submit",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/codes/submit",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/codes/submit",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/approve",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/approve",
        DIRECTORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/return",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/return",
        DIRECTORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/evidence",
        WORKERS,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/new",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/evidence/new",
        WORKERS,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/evidence/1",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/evidence/1",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}/delete",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/evidence/1/delete",
        WORKERS,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/citations/{number}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/citations/1",
        WORKERS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/citations/{number}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/citations/1",
        WORKERS,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France",
        WORKERS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France",
        WORKERS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/evidence",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/evidence",
        WORKERS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/evidence/1",
        WORKERS,
    ),
    route(
        "DELETE",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/evidence/{n}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/evidence/1",
        WORKERS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/citations",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/citations",
        WORKERS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/citations/{number}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/citations/1",
        WORKERS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/codes",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/codes",
        WORKERS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/submit",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/submit",
        WORKERS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/approve",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/approve",
        DIRECTORS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/return",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/return",
        DIRECTORS,
    ),
    // Editions, audit, cycle setup, administration, plans in the workspace.
    route(
        "GET",
        "/cycles/{slug}/editions",
        "/cycles/2031-testland-summit-final/editions",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/editions/{n}",
        "/cycles/2031-testland-summit-final/editions/1",
        EVERYONE,
    ),
    route(
        "GET",
        "/cycles/{slug}/editions/{n}/changes",
        "/cycles/2031-testland-summit-final/editions/1/changes",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/editions",
        "/api/v1/cycles/2031-testland-summit-final/editions",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/editions/{n}",
        "/api/v1/cycles/2031-testland-summit-final/editions/1",
        EVERYONE,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/preview",
        "/workspace/cycles/2031-testland-summit-final/preview",
        STAFF,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/publish",
        "/workspace/cycles/2031-testland-summit-final/publish",
        EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/publish",
        "/workspace/cycles/2031-testland-summit-final/publish",
        EDITORS,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/reopen",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/reopen",
        EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/reopen",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/reopen",
        EDITORS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/publish",
        "/api/v1/cycles/2031-testland-summit-final/publish",
        EDITORS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/reopen",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/reopen",
        EDITORS,
    ),
    route("GET", "/workspace/audit", "/workspace/audit", STAFF),
    route("GET", "/workspace/audit.csv", "/workspace/audit.csv", STAFF),
    route(
        "GET",
        "/workspace/audit.json",
        "/workspace/audit.json",
        STAFF,
    ),
    route("GET", "/api/v1/audit", "/api/v1/audit", STAFF),
    route("GET", "/workspace/cycles", "/workspace/cycles", EDITORS),
    route("POST", "/workspace/cycles", "/workspace/cycles", EDITORS),
    route(
        "GET",
        "/workspace/cycles/{slug}",
        "/workspace/cycles/2031-testland-summit-final",
        EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}",
        "/workspace/cycles/2031-testland-summit-final",
        EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/members",
        "/workspace/cycles/2031-testland-summit-final/members",
        EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments",
        "/workspace/cycles/2031-testland-summit-final/commitments",
        EDITORS,
    ),
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8",
        COMMITMENT_EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}",
        "/workspace/cycles/2031-testland-summit-final/commitments/8",
        COMMITMENT_EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/rubric",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/rubric",
        COMMITMENT_EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/dimensions",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/dimensions",
        COMMITMENT_EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/assignments",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/assignments",
        ASSIGNERS,
    ),
    route("POST", "/api/v1/cycles", "/api/v1/cycles", EDITORS),
    route(
        "GET",
        "/api/v1/cycles/{slug}/setup",
        "/api/v1/cycles/2031-testland-summit-final/setup",
        EDITORS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/setup",
        "/api/v1/cycles/2031-testland-summit-final/setup",
        EDITORS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/members",
        "/api/v1/cycles/2031-testland-summit-final/members",
        EDITORS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments",
        "/api/v1/cycles/2031-testland-summit-final/commitments",
        EDITORS,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8",
        COMMITMENT_EDITORS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/commitments/{code}",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8",
        COMMITMENT_EDITORS,
    ),
    route(
        "PUT",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/rubric",
        COMMITMENT_EDITORS,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric/working",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/rubric/working",
        COMMITMENT_EDITORS,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}/assignments",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/assignments",
        ASSIGNERS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/assignments",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/assignments",
        ASSIGNERS,
    ),
    route(
        "DELETE",
        "/api/v1/cycles/{slug}/commitments/{code}/assignments",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/assignments",
        ASSIGNERS,
    ),
    route("GET", "/workspace/accounts", "/workspace/accounts", ADMINS),
    route("POST", "/workspace/accounts", "/workspace/accounts", ADMINS),
    route(
        "POST",
        "/workspace/accounts/{name}",
        "/workspace/accounts/matrix%20analyst",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/accounts/tokens/{id}/revoke",
        "/workspace/accounts/tokens/999/revoke",
        ADMINS,
    ),
    route("GET", "/workspace/tokens", "/workspace/tokens", STAFF),
    route("POST", "/workspace/tokens", "/workspace/tokens", STAFF),
    route(
        "POST",
        "/workspace/tokens/{id}/revoke",
        "/workspace/tokens/999/revoke",
        STAFF,
    ),
    route("GET", "/api/v1/accounts", "/api/v1/accounts", ADMINS),
    route("POST", "/api/v1/accounts", "/api/v1/accounts", ADMINS),
    route(
        "PUT",
        "/api/v1/accounts/{name}",
        "/api/v1/accounts/matrix%20analyst",
        ADMINS,
    ),
    route("GET", "/api/v1/tokens", "/api/v1/tokens", STAFF),
    route("POST", "/api/v1/tokens", "/api/v1/tokens", STAFF),
    route("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/999", STAFF),
    route(
        "GET",
        "/workspace/institutions",
        "/workspace/institutions",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/institutions",
        "/workspace/institutions",
        ADMINS,
    ),
    route(
        "GET",
        "/workspace/institutions/{id}",
        "/workspace/institutions/1",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/institutions/{id}",
        "/workspace/institutions/1",
        ADMINS,
    ),
    route(
        "GET",
        "/api/v1/institutions",
        "/api/v1/institutions",
        ADMINS,
    ),
    route(
        "POST",
        "/api/v1/institutions",
        "/api/v1/institutions",
        ADMINS,
    ),
    route(
        "GET",
        "/api/v1/institutions/{id}",
        "/api/v1/institutions/1",
        ADMINS,
    ),
    route(
        "PUT",
        "/api/v1/institutions/{id}",
        "/api/v1/institutions/1",
        ADMINS,
    ),
    route("POST", "/workspace/summits", "/workspace/summits", ADMINS),
    route(
        "GET",
        "/workspace/summits/{id}",
        "/workspace/summits/1",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/summits/{id}",
        "/workspace/summits/1",
        ADMINS,
    ),
    route("GET", "/api/v1/summits", "/api/v1/summits", ADMINS),
    route("POST", "/api/v1/summits", "/api/v1/summits", ADMINS),
    route("GET", "/api/v1/summits/{id}", "/api/v1/summits/1", ADMINS),
    route("PUT", "/api/v1/summits/{id}", "/api/v1/summits/1", ADMINS),
    route(
        "POST",
        "/workspace/documents",
        "/workspace/documents",
        ADMINS,
    ),
    route(
        "GET",
        "/workspace/documents/{id}",
        "/workspace/documents/1",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/documents/{id}",
        "/workspace/documents/1",
        ADMINS,
    ),
    route("GET", "/api/v1/documents", "/api/v1/documents", ADMINS),
    route("POST", "/api/v1/documents", "/api/v1/documents", ADMINS),
    route(
        "GET",
        "/api/v1/documents/{id}",
        "/api/v1/documents/1",
        ADMINS,
    ),
    route(
        "PUT",
        "/api/v1/documents/{id}",
        "/api/v1/documents/1",
        ADMINS,
    ),
    route("GET", "/workspace/members", "/workspace/members", ADMINS),
    route("POST", "/workspace/members", "/workspace/members", ADMINS),
    route(
        "GET",
        "/workspace/members/{code}",
        "/workspace/members/FRA",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/members/{code}",
        "/workspace/members/FRA",
        ADMINS,
    ),
    route("GET", "/api/v1/members", "/api/v1/members", ADMINS),
    route("POST", "/api/v1/members", "/api/v1/members", ADMINS),
    route(
        "GET",
        "/api/v1/members/{code}",
        "/api/v1/members/FRA",
        ADMINS,
    ),
    route(
        "PUT",
        "/api/v1/members/{code}",
        "/api/v1/members/FRA",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/members/{code}/memberships",
        "/workspace/members/FRA/memberships",
        ADMINS,
    ),
    route(
        "POST",
        "/workspace/memberships/{id}/remove",
        "/workspace/memberships/999/remove",
        ADMINS,
    ),
    route(
        "POST",
        "/api/v1/members/{code}/memberships",
        "/api/v1/members/FRA/memberships",
        ADMINS,
    ),
    route(
        "PUT",
        "/api/v1/memberships/{id}",
        "/api/v1/memberships/999",
        ADMINS,
    ),
    route(
        "DELETE",
        "/api/v1/memberships/{id}",
        "/api/v1/memberships/999",
        ADMINS,
    ),
    route("GET", "/workspace/plans", "/workspace/plans", STAFF),
    route("POST", "/workspace/plans", "/workspace/plans", PLANNERS),
    route(
        "GET",
        "/workspace/plans/{slug}",
        "/workspace/plans/no-such-plan",
        STAFF,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}",
        "/workspace/plans/no-such-plan",
        PLANNERS,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}/sections",
        "/workspace/plans/no-such-plan/sections",
        PLANNERS,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}/measures",
        "/workspace/plans/no-such-plan/measures",
        PLANNERS,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}/measures/{code}",
        "/workspace/plans/no-such-plan/measures/1",
        PLANNERS,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}/measures/{code}/remove",
        "/workspace/plans/no-such-plan/measures/1/remove",
        PLANNERS,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}/periods",
        "/workspace/plans/no-such-plan/periods",
        PLANNERS,
    ),
    route(
        "POST",
        "/workspace/plans/{slug}/statuses",
        "/workspace/plans/no-such-plan/statuses",
        STAFF,
    ),
    route("POST", "/api/v1/plans", "/api/v1/plans", PLANNERS),
    route(
        "GET",
        "/api/v1/plans/{slug}",
        "/api/v1/plans/no-such-plan",
        STAFF,
    ),
    route(
        "PUT",
        "/api/v1/plans/{slug}",
        "/api/v1/plans/no-such-plan",
        PLANNERS,
    ),
    route(
        "POST",
        "/api/v1/plans/{slug}/sections",
        "/api/v1/plans/no-such-plan/sections",
        PLANNERS,
    ),
    route(
        "PUT",
        "/api/v1/plans/{slug}/sections/{n}",
        "/api/v1/plans/no-such-plan/sections/1",
        PLANNERS,
    ),
    route(
        "DELETE",
        "/api/v1/plans/{slug}/sections/{n}",
        "/api/v1/plans/no-such-plan/sections/1",
        PLANNERS,
    ),
    route(
        "POST",
        "/api/v1/plans/{slug}/measures",
        "/api/v1/plans/no-such-plan/measures",
        PLANNERS,
    ),
    route(
        "PUT",
        "/api/v1/plans/{slug}/measures/{code}",
        "/api/v1/plans/no-such-plan/measures/1",
        PLANNERS,
    ),
    route(
        "DELETE",
        "/api/v1/plans/{slug}/measures/{code}",
        "/api/v1/plans/no-such-plan/measures/1",
        PLANNERS,
    ),
    route(
        "POST",
        "/api/v1/plans/{slug}/periods",
        "/api/v1/plans/no-such-plan/periods",
        PLANNERS,
    ),
    route(
        "GET",
        "/api/v1/plans/{slug}/periods/{label}/statuses",
        "/api/v1/plans/no-such-plan/periods/2025-H1/statuses",
        STAFF,
    ),
    route(
        "PUT",
        "/api/v1/plans/{slug}/statuses",
        "/api/v1/plans/no-such-plan/statuses",
        STAFF,
    ),
    // A commitment's disagreement queue and the lead analyst's adjudications.
    route(
        "GET",
        "/workspace/cycles/{slug}/commitments/{code}/disagreements",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/disagreements",
        COMMITMENT_EDITORS,
    ),
    route(
        "POST",
        "/workspace/cycles/{slug}/commitments/{code}/members/{member}/adjudications",
        "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France/adjudications",
        ADJUDICATORS,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}/disagreements",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/disagreements",
        COMMITMENT_EDITORS,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/members/{member}/adjudications",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France/adjudications",
        ADJUDICATORS,
    ),
    // The JSON API.
    route(
        "GET",
        "/api/v1/openapi.json",
        "/api/v1/openapi.json",
        EVERYONE,
    ),
    route("GET", "/api/v1/cycles", "/api/v1/cycles", EVERYONE),
    route(
        "GET",
        "/api/v1/cycles/{slug}/scores",
        "/api/v1/cycles/2031-testland-summit-final/scores",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/rubric",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric/check",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/rubric/check",
        EVERYONE,
    ),
    route(
        "POST",
        "/api/v1/cycles/{slug}/commitments/{code}/rubric/whatif",
        "/api/v1/cycles/2031-testland-summit-final/commitments/8/rubric/whatif",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/suggestions",
        "/api/v1/cycles/2031-testland-summit-final/suggestions",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/agreement",
        "/api/v1/cycles/2031-testland-summit-final/agreement",
        EVERYONE,
    ),
    route(
        "GET",
        "/api/v1/cycles/{slug}/disagreements",
        "/api/v1/cycles/2031-testland-summit-final/disagreements",
        EVERYONE,
    ),
];

/// The accounts of the matrix, signed in with sessions opened directly in the store (signing in
/// through the form is tested in `accounts`; here it would only cost time).
struct Accounts {
    ids: Vec<(Subject, i64)>,
}

async fn accounts(site: &Site) -> Accounts {
    let hash = hash_password("matrix passphrase 1").expect("hash");
    let mut ids = Vec::new();
    for (subject, name, role) in [
        (Analyst, "matrix analyst", Role::Analyst),
        (OtherAnalyst, "matrix other analyst", Role::Analyst),
        (Lead, "matrix lead", Role::Lead),
        (Director, "matrix director", Role::Director),
        (Editor, "matrix editor", Role::Editor),
        (Admin, "matrix admin", Role::Admin),
    ] {
        let account = site
            .store
            .add_account(name, role, &hash, "test")
            .await
            .expect("account");
        ids.push((subject, account.id));
    }
    let assign = |name: &'static str, code: &'static str, member: Option<&'static str>| {
        let store = site.store.clone();
        async move {
            store
                .assign(name, CYCLE, code, member, "test")
                .await
                .expect("assign");
        }
    };
    assign("matrix analyst", "8", Some("France")).await;
    assign("matrix other analyst", "9", Some("Canada")).await;
    assign("matrix lead", "8", None).await;
    assign("matrix director", "8", None).await;
    Accounts { ids }
}

async fn request(
    site: &Site,
    accounts: &Accounts,
    subject: Subject,
    r: &Route,
) -> (StatusCode, String) {
    let api = r.uri.starts_with("/api/");
    let mut builder = Request::builder().method(r.method).uri(r.uri);
    let mut csrf = String::new();
    if let Some(&(_, id)) = accounts.ids.iter().find(|(s, _)| *s == subject) {
        let session = site.store.open_session(id).await.expect("session");
        builder = builder
            .header("cookie", format!("pw_session={}", session.token))
            .header("x-csrf-token", &session.csrf);
        csrf = session.csrf;
    }
    let body = if r.method == "POST" && r.uri == "/login" {
        // Signing in needs the form's own cookie (login CSRF); everyone may sign in.
        let form = site.get("/login").await;
        let cookie = crate::accounts::set_cookie(&form, "pw_login").expect("login cookie");
        let field = crate::accounts::csrf_field(&form.body);
        builder = builder
            .header("cookie", format!("pw_login={cookie}"))
            .header("content-type", "application/x-www-form-urlencoded");
        Body::from(format!(
            "name=matrix+admin&password=matrix+passphrase+1&csrf={field}"
        ))
    } else if r.method == "GET" {
        Body::empty()
    } else if api {
        builder = builder.header("content-type", "application/json");
        Body::from("{}")
    } else {
        builder = builder.header("content-type", "application/x-www-form-urlencoded");
        Body::from(format!("csrf={csrf}"))
    };
    let page = site.send(builder.body(body).expect("request")).await;
    let location = page
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (page.status, location)
}

fn refused(status: StatusCode, location: &str) -> bool {
    status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || (status.is_redirection() && location.starts_with("/login"))
}

#[tokio::test]
async fn every_route_admits_exactly_its_roles() {
    let site = site().await;
    let accounts = accounts(&site).await;
    let mut failures = Vec::new();
    for r in ROUTES {
        // The refused first: an allowed request may change or remove what the route points at.
        let (denied, allowed): (Vec<Subject>, Vec<Subject>) =
            EVERYONE.iter().partition(|s| !r.allowed.contains(s));
        for subject in denied.into_iter().chain(allowed) {
            let (status, location) = request(&site, &accounts, subject, r).await;
            let expected_allowed = r.allowed.contains(&subject);
            if status.is_server_error() {
                failures.push(format!("{} {} as {subject:?}: {status}", r.method, r.uri));
            } else if expected_allowed && refused(status, &location) {
                failures.push(format!(
                    "{} {} as {subject:?}: refused ({status} {location}) but should be allowed",
                    r.method, r.uri
                ));
            } else if !expected_allowed && !refused(status, &location) {
                failures.push(format!(
                    "{} {} as {subject:?}: allowed ({status}) but should be refused",
                    r.method, r.uri
                ));
            } else if !expected_allowed && subject == Reader && status == StatusCode::FORBIDDEN {
                failures.push(format!(
                    "{} {} as a reader: 403, but a reader should be asked to sign in",
                    r.method, r.uri
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `.route("…"` in the web crate's source, as the full path it serves (`api/` files are
/// nested under `/api/v1`).
fn registered_routes() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read source");
            let api = path.components().any(|c| c.as_os_str() == "api");
            let mut rest = text.as_str();
            while let Some(at) = rest.find(".route(") {
                rest = &rest[at + ".route(".len()..];
                let trimmed = rest.trim_start();
                if let Some(literal) = trimmed.strip_prefix('"') {
                    let end = literal.find('"').expect("end of route literal");
                    let route = &literal[..end];
                    out.insert(if api {
                        format!("/api/v1{route}")
                    } else {
                        route.to_string()
                    });
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

#[test]
fn every_registered_route_is_in_the_matrix() {
    let known: BTreeSet<&str> = ROUTES.iter().map(|r| r.pattern).collect();
    let missing: Vec<String> = registered_routes()
        .into_iter()
        .filter(|r| !known.contains(r.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in route_matrix::ROUTES: {missing:?}"
    );
    assert!(registered_routes().contains("/workspace"));
}
