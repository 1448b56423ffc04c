//! The assessment editor (score, narrative, evidence, citations, codes, workflow), the
//! evidence editor and the citation editor. Builders take what the store returned and, on a
//! rejected form, what was typed, so a re-rendered form never loses anyone's text.

use askama::Template;
use pledgewatch_domain::Verdict;
use pledgewatch_domain::coding::{self, CodedEvidence};
use pledgewatch_domain::rubric::Rubric;
use pledgewatch_store::{AssessmentDraft, CitationEntry, ReviewStatus};

use super::commitment::RubricNote;
use super::{Chrome, Crumb, href};
use crate::auth::Staff;
use crate::coding::SuggestionState;
use crate::format::{self, long_date};

/// One option of a radio group or a select.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// The form value of a verdict: `1`, `0`, `-1`, `n/a`, `not-assessed`.
pub fn verdict_value(v: Verdict) -> &'static str {
    v.code().unwrap_or(NOT_ASSESSED)
}

pub const NOT_ASSESSED: &str = "not-assessed";

/// The five states a cell can be in, as radio buttons, `selected` checked.
pub fn verdict_choices(selected: &str) -> Vec<Choice> {
    [
        ("1", "+1: full compliance"),
        ("0", "0: partial compliance"),
        ("-1", "\u{2212}1: no compliance"),
        ("n/a", "n/a: not applicable"),
        (NOT_ASSESSED, "not yet assessed"),
    ]
    .into_iter()
    .map(|(value, label)| Choice {
        value,
        label,
        checked: value == selected,
    })
    .collect()
}

pub fn status_label(s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Draft => "draft",
        ReviewStatus::Submitted => "submitted for approval",
        ReviewStatus::Approved => "approved",
        ReviewStatus::Published => "published",
    }
}

/// A footnote as a link when its URL is a well-formed http(s) URL; never otherwise, so a
/// `javascript:` or mangled URL stays text.
pub struct CitationView {
    pub number: u32,
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub url: Option<String>,
    pub link: Option<String>,
    pub note: Option<String>,
    pub edit_href: String,
}

fn citation_view(base: &str, c: &CitationEntry) -> CitationView {
    let c = &c.citation;
    CitationView {
        number: c.number,
        title: c.title.clone(),
        publisher: c.publisher.clone(),
        place: c.place.clone(),
        published: c.published.map(|d| d.published()),
        accessed: c.accessed.map(long_date),
        url: c.url.clone(),
        link: c.url.clone().filter(|u| format::linkable_url(u)),
        note: c.note.clone(),
        edit_href: format!("{base}/citations/{}", c.number),
    }
}

/// A footnote an evidence item cites, with its link when it has a usable one.
pub struct CiteView {
    pub number: u32,
    pub title: String,
    pub link: Option<String>,
}

pub struct EvidenceView {
    pub number: u32,
    pub date: String,
    pub inferred: bool,
    pub text: String,
    pub cites: Vec<CiteView>,
    /// `prevent: strong`, the signed-in coder's codes of this item.
    pub codes: Vec<String>,
    pub edit_href: String,
    pub delete_action: String,
}

/// What the score-and-narrative form shows: stored values, or typed ones after a refusal.
pub struct TextForm {
    pub verdict: String,
    pub opening: String,
    pub conclusion: String,
    /// Why the score departs from the rubric's suggestion.
    pub justification: String,
}

impl TextForm {
    pub fn stored(d: &AssessmentDraft, justification: Option<&str>) -> TextForm {
        TextForm {
            verdict: verdict_value(d.verdict).to_string(),
            opening: d.opening.clone(),
            conclusion: d.conclusion.clone(),
            justification: justification.unwrap_or_default().to_string(),
        }
    }
}

/// Errors of the editor page, each shown next to its field.
#[derive(Default)]
pub struct EditorErrors {
    pub verdict: Option<String>,
    pub opening: Option<String>,
    pub conclusion: Option<String>,
    pub justification: Option<String>,
    pub note: Option<String>,
    /// A refused workflow step or a refused edit as a whole.
    pub workflow: Option<String>,
    /// Someone else changed the assessment since the form was opened.
    pub conflict: Option<String>,
    /// What the person typed when the conflict refused it, so it is not lost.
    pub typed: Option<TextForm>,
}

#[derive(Template)]
#[template(path = "work_assessment.html")]
pub struct EditorPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub public_href: String,
    pub status: &'static str,
    pub editable: bool,
    pub version: i64,
    pub form: TextForm,
    pub choices: Vec<Choice>,
    pub analyst: Option<String>,
    pub evidence: Vec<EvidenceView>,
    pub citations: Vec<CitationView>,
    pub new_evidence_href: String,
    pub approved_by: Option<String>,
    pub returned: Option<(String, String)>,
    pub can_submit: bool,
    pub can_approve: bool,
    pub can_return: bool,
    pub has_rubric: bool,
    /// What the rubric suggests for the coded evidence now (or where the coding stands), when
    /// the commitment has a rubric.
    pub rubric_note: Option<RubricNote>,
    /// The stored score departs from the suggestion and no justification is stored yet, so a
    /// submission will be refused.
    pub justification_required: bool,
    pub codes_submitted: bool,
    pub note: String,
    pub errors: EditorErrors,
}

/// The rubric's side of an assessment: what it suggests now, and the analyst's justification.
pub struct ReviewView<'a> {
    pub state: &'a SuggestionState,
    pub justification: Option<&'a str>,
}

impl ReviewView<'_> {
    /// The score departs from a single suggested score and nothing justifies it yet.
    pub fn justification_required(&self, verdict: Verdict) -> bool {
        let departs = match self.state {
            SuggestionState::Suggested(s) => coding::departs(verdict, s),
            _ => false,
        };
        departs && self.justification.is_none_or(|j| j.trim().is_empty())
    }
}

/// The places the editor's forms post to, under the assessment's address.
pub fn base_href(slug: &str, d: &AssessmentDraft) -> String {
    href::work_assessment(slug, &d.commitment, &d.member)
}

fn crumbs(slug: &str, d: &AssessmentDraft, here: Option<&str>) -> Vec<Crumb> {
    let mut crumbs = vec![
        Crumb::link("Workspace", "/workspace"),
        Crumb::link(d.cycle.clone(), href::work_cycle(slug)),
        Crumb::link(
            format!("Commitment {}", d.commitment),
            href::work_commitment(slug, &d.commitment),
        ),
    ];
    match here {
        None => crumbs.push(Crumb::here(d.member.clone())),
        Some(label) => {
            crumbs.push(Crumb::link(d.member.clone(), base_href(slug, d)));
            crumbs.push(Crumb::here(label.to_string()));
        }
    }
    crumbs
}

/// The signed-in coder's coding of the assessment: their items and whether it is submitted.
pub struct OwnCoding {
    pub items: Vec<CodedEvidence>,
    pub submitted: bool,
}

impl EditorPage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        staff: &Staff,
        slug: &str,
        d: &AssessmentDraft,
        rubric: Option<&Rubric>,
        coding: &OwnCoding,
        review: &ReviewView<'_>,
        may_approve: bool,
        form: Option<TextForm>,
        note: String,
        errors: EditorErrors,
    ) -> EditorPage {
        let base = base_href(slug, d);
        let title = format!("{}: commitment {}", d.member, d.commitment);
        let dimension_name = |key: &str| {
            rubric
                .and_then(|r| r.dimensions.iter().find(|x| x.key == key))
                .map_or_else(|| key.to_string(), |x| x.name.clone())
        };
        let evidence = d
            .evidence
            .iter()
            .map(|e| EvidenceView {
                number: e.number,
                date: long_date(e.date),
                inferred: e.date_inferred,
                text: e.text.clone(),
                cites: e
                    .citations
                    .iter()
                    .map(|n| {
                        let c = d.citations.iter().find(|c| c.citation.number == *n);
                        CiteView {
                            number: *n,
                            title: c.map(|c| c.citation.title.clone()).unwrap_or_default(),
                            link: c
                                .and_then(|c| c.citation.url.clone())
                                .filter(|u| format::linkable_url(u)),
                        }
                    })
                    .collect(),
                codes: coding
                    .items
                    .iter()
                    .filter(|i| i.evidence == e.number)
                    .map(|i| format!("{}: {}", dimension_name(&i.dimension), i.strength.as_str()))
                    .collect(),
                edit_href: format!("{base}/evidence/{}", e.number),
                delete_action: format!("{base}/evidence/{}/delete", e.number),
            })
            .collect();
        let form = form.unwrap_or_else(|| TextForm::stored(d, review.justification));
        let editable = d.status == ReviewStatus::Draft;
        EditorPage {
            chrome: Chrome::workspace(title, crumbs(slug, d, None), staff),
            heading: format!("{}: commitment {} ({})", d.member, d.commitment, d.title),
            public_href: format!(
                "{}#{}",
                href::commitment(slug, &d.commitment),
                href::member_anchor(&d.member_code)
            ),
            status: status_label(d.status),
            editable,
            version: d.version,
            choices: verdict_choices(&form.verdict),
            form,
            analyst: d.analyst.clone(),
            evidence,
            citations: d
                .citations
                .iter()
                .map(|c| citation_view(&base, c))
                .collect(),
            new_evidence_href: format!("{base}/evidence/new"),
            approved_by: d.approved_by.clone(),
            returned: d.returned.as_ref().map(|r| (r.by.clone(), r.note.clone())),
            can_submit: editable,
            can_approve: may_approve && d.status == ReviewStatus::Submitted,
            can_return: may_approve
                && matches!(d.status, ReviewStatus::Submitted | ReviewStatus::Approved),
            has_rubric: rubric.is_some(),
            rubric_note: RubricNote::of(review.state, d.verdict),
            justification_required: review.justification_required(d.verdict),
            codes_submitted: coding.submitted,
            note,
            errors,
            action: base,
        }
    }
}

/// A footnote offered to an evidence item: checked when the item cites it.
pub struct CiteChoice {
    pub number: u32,
    pub title: String,
    pub checked: bool,
}

/// One rubric dimension's code for the item: none, weak, strong or contradictory.
pub struct DimensionChoice {
    pub key: String,
    pub name: String,
    pub field: String,
    pub choices: Vec<Choice>,
}

pub const STRENGTHS: [&str; 4] = ["none", "weak", "strong", "contradictory"];

/// The evidence form's values, as stored or as typed.
#[derive(Default, Clone)]
pub struct EvidenceForm {
    pub date: String,
    pub date_inferred: bool,
    pub text: String,
    pub cites: Vec<u32>,
    pub new_title: String,
    pub new_publisher: String,
    pub new_place: String,
    pub new_published: String,
    pub new_accessed: String,
    pub new_url: String,
    pub new_note: String,
    /// (dimension key, strength) for each dimension coded.
    pub codes: Vec<(String, String)>,
}

#[derive(Default)]
pub struct EvidenceErrors {
    pub date: Option<String>,
    pub text: Option<String>,
    pub citations: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub codes: Option<String>,
    pub form: Option<String>,
    pub conflict: Option<String>,
    /// The text typed when a conflict refused the form.
    pub typed: Option<String>,
}

impl EvidenceErrors {
    pub fn any_field(&self) -> bool {
        self.date.is_some()
            || self.text.is_some()
            || self.citations.is_some()
            || self.title.is_some()
            || self.published.is_some()
            || self.accessed.is_some()
            || self.codes.is_some()
    }
}

#[derive(Template)]
#[template(path = "work_evidence.html")]
pub struct EvidencePage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub back_href: String,
    pub editable: bool,
    pub version: i64,
    pub form: EvidenceForm,
    pub cites: Vec<CiteChoice>,
    pub dimensions: Vec<DimensionChoice>,
    /// Why codes cannot be given here (no rubric, or the coding is submitted).
    pub codes_note: Option<String>,
    pub errors: EvidenceErrors,
}

impl EvidencePage {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        staff: &Staff,
        slug: &str,
        d: &AssessmentDraft,
        number: Option<u32>,
        rubric: Option<&Rubric>,
        coding: &OwnCoding,
        form: Option<EvidenceForm>,
        errors: EvidenceErrors,
    ) -> EvidencePage {
        let base = base_href(slug, d);
        let form = form.unwrap_or_else(|| stored_evidence(d, number, coding));
        let label = match number {
            Some(n) => format!("Evidence item {n}"),
            None => "New evidence item".to_string(),
        };
        let codes_note = match rubric {
            None => Some(
                "The commitment has no rubric yet, so there are no dimensions to code against."
                    .to_string(),
            ),
            Some(_) if coding.submitted => Some(
                "You have submitted your coding of this assessment; it can no longer change."
                    .to_string(),
            ),
            Some(_) => None,
        };
        let dimensions = match (rubric, &codes_note) {
            (Some(r), None) => r
                .dimensions
                .iter()
                .map(|dim| {
                    let current = form
                        .codes
                        .iter()
                        .find(|(k, _)| *k == dim.key)
                        .map_or("none", |(_, s)| s.as_str());
                    DimensionChoice {
                        key: dim.key.clone(),
                        name: dim.name.clone(),
                        field: format!("code-{}", dim.key),
                        choices: STRENGTHS
                            .into_iter()
                            .map(|s| Choice {
                                value: s,
                                label: s,
                                checked: s == current,
                            })
                            .collect(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        EvidencePage {
            chrome: Chrome::workspace(
                format!("{label}: {} on commitment {}", d.member, d.commitment),
                crumbs(slug, d, Some(&label)),
                staff,
            ),
            heading: format!("{label}: {}, commitment {}", d.member, d.commitment),
            action: match number {
                Some(n) => format!("{base}/evidence/{n}"),
                None => format!("{base}/evidence"),
            },
            back_href: base,
            editable: d.status == ReviewStatus::Draft,
            version: d.version,
            cites: d
                .citations
                .iter()
                .map(|c| CiteChoice {
                    number: c.citation.number,
                    title: c.citation.title.clone(),
                    checked: form.cites.contains(&c.citation.number),
                })
                .collect(),
            form,
            dimensions,
            codes_note,
            errors,
        }
    }
}

/// The stored item `number` as form values (empty for a new item).
pub fn stored_evidence(
    d: &AssessmentDraft,
    number: Option<u32>,
    coding: &OwnCoding,
) -> EvidenceForm {
    let Some(e) = number.and_then(|n| d.evidence.iter().find(|e| e.number == n)) else {
        return EvidenceForm::default();
    };
    EvidenceForm {
        date: e.date.to_string(),
        date_inferred: e.date_inferred,
        text: e.text.clone(),
        cites: e.citations.clone(),
        codes: coding
            .items
            .iter()
            .filter(|i| i.evidence == e.number)
            .map(|i| (i.dimension.clone(), i.strength.as_str().to_string()))
            .collect(),
        ..EvidenceForm::default()
    }
}

/// The citation form's values, as stored or as typed.
#[derive(Default)]
pub struct CitationForm {
    pub title: String,
    pub publisher: String,
    pub place: String,
    pub published: String,
    pub accessed: String,
    pub url: String,
    pub note: String,
}

#[derive(Default)]
pub struct CitationErrors {
    pub title: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub form: Option<String>,
    pub conflict: Option<String>,
}

#[derive(Template)]
#[template(path = "work_evidence_citation.html")]
pub struct CitationPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub back_href: String,
    pub number: u32,
    pub version: i64,
    pub form: CitationForm,
    pub url_problem: Option<String>,
    pub errors: CitationErrors,
}

impl CitationPage {
    pub fn new(
        staff: &Staff,
        slug: &str,
        d: &AssessmentDraft,
        c: &CitationEntry,
        form: Option<CitationForm>,
        errors: CitationErrors,
    ) -> CitationPage {
        let base = base_href(slug, d);
        let n = c.citation.number;
        let form = form.unwrap_or_else(|| {
            let c = &c.citation;
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            CitationForm {
                title: c.title.clone(),
                publisher: text(&c.publisher),
                place: text(&c.place),
                published: c.published.map(|d| d.to_string()).unwrap_or_default(),
                accessed: c.accessed.map(|d| d.to_string()).unwrap_or_default(),
                url: text(&c.url),
                note: text(&c.note),
            }
        });
        let label = format!("Footnote {n}");
        CitationPage {
            chrome: Chrome::workspace(
                format!("{label} of commitment {}", d.commitment),
                crumbs(slug, d, Some(&label)),
                staff,
            ),
            heading: format!("{label} of commitment {}", d.commitment),
            action: format!("{base}/citations/{n}"),
            back_href: base,
            number: n,
            version: c.version,
            url_problem: (!form.url.trim().is_empty())
                .then(|| pledgewatch_domain::check::url_problem(form.url.trim()))
                .flatten(),
            form,
            errors,
        }
    }
}
