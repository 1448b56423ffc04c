//! A fixture for the rubric pages and API: the fixture cycle plus commitment 19, with the
//! example rubric of seed chapter 19 (crates/domain/rubrics), two coders required, and three
//! members coded to be in three different states, published as a corrected edition (Canada
//! reopened, justified, submitted and approved for it; the others stay published).
//!
//! | member  | score | codings                                        | rubric says               |
//! |---------|-------|------------------------------------------------|---------------------------|
//! | Canada  | 0     | both coders: strong in all four                | +1 → departs; justified   |
//! | France  | 0     | A: strong prevent; B: weak prevent             | awaiting adjudication     |
//! | Germany | 0     | only A submitted                               | awaiting the second coder |

use jiff::civil::date;
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric};
use pledgewatch_domain::{
    BodyParagraph, Chapter, Commitment, EvidenceDate, EvidenceItem, MemberSection, Score, TableRow,
    Verdict,
};

use crate::fixture::{CYCLE, Site, cycle, site};

pub const RUBRIC_19: &str = include_str!("../../../domain/rubrics/g7-2024-19-smuggling.toml");
pub const CODE: &str = "19";
pub const LEAD: &str = "Lee Lead";

fn section(member: &str) -> MemberSection {
    let item = |day: i8, text: &str| {
        BodyParagraph::Evidence(EvidenceItem {
            date: EvidenceDate {
                date: date(2031, 7, day),
                inferred: false,
            },
            text: format!("On {day} July 2031, {member} {text}."),
            citations: vec![],
        })
    };
    MemberSection {
        member: member.to_string(),
        heading_verdict: Some(Verdict::Scored(Score::Partial)),
        thus_verdict: Some(Verdict::Scored(Score::Partial)),
        opening: format!("{member} has partly complied."),
        body: vec![
            item(4, "opened an information office for travellers"),
            item(9, "joined a patrol of the invented strait"),
        ],
        conclusion: format!("{member} did some of what it promised."),
        analyst: Some("Ana Analyst".to_string()),
    }
}

fn chapter_19() -> Chapter {
    let members = ["Canada", "France", "Germany"];
    Chapter {
        commitment: Commitment {
            code: CODE.to_string(),
            area: "Migration".to_string(),
            title: "Keeping Ferries Honest".to_string(),
            text: "We will stop the sale of fake ferry tickets.".to_string(),
            source: "Testland Leaders' Communiqué".to_string(),
        },
        sections: Vec::new(),
        director: Some("Dana Director".to_string()),
        lead_analyst: Some(LEAD.to_string()),
        assessment_table: members
            .iter()
            .map(|m| TableRow {
                member: m.to_string(),
                verdict: Verdict::Scored(Score::Partial),
            })
            .collect(),
        published_average: None,
        members: members.iter().map(|m| section(m)).collect(),
        citations: Vec::new(),
    }
}

fn item(evidence: u32, dimension: &str, strength: EvidenceStrength) -> CodedEvidence {
    CodedEvidence {
        evidence,
        dimension: dimension.to_string(),
        strength,
    }
}

fn all_strong() -> Vec<CodedEvidence> {
    ["prevent", "counter", "dismantle", "disrupt"]
        .into_iter()
        .map(|d| item(1, d, EvidenceStrength::Strong))
        .collect()
}

async fn code(site: &Site, member: &str, coder: &str, items: &[CodedEvidence], submit: bool) {
    site.store
        .save_coding(CYCLE, CODE, member, coder, items, coder)
        .await
        .expect("save coding");
    if submit {
        site.store
            .submit_coding(CYCLE, CODE, member, coder, coder)
            .await
            .expect("submit coding");
    }
}

pub fn rubric_19() -> Rubric {
    Rubric::from_toml_str(RUBRIC_19).expect("the example rubric reads")
}

/// The fixture site with commitment 19, its rubric and codings as in the table above.
pub async fn coded_site() -> Site {
    let site = site().await;
    site.store
        .import_chapters(&cycle(), &[chapter_19()], "test")
        .await
        .expect("import chapter 19");
    site.store
        .save_rubric(CYCLE, CODE, &rubric_19(), "test")
        .await
        .expect("save rubric");
    site.store
        .set_required_coders(CYCLE, 2, "test")
        .await
        .expect("two coders");
    code(&site, "Canada", "Avery Coder", &all_strong(), true).await;
    code(&site, "Canada", "Blake Coder", &all_strong(), true).await;
    // Imported, Canada's assessment is published; a justification is written on a draft.
    site.store
        .reopen_assessment(CYCLE, CODE, "Canada", "coded against the rubric", "test")
        .await
        .expect("reopen Canada");
    let canada = site
        .store
        .assessment_draft(CYCLE, CODE, "Canada")
        .await
        .expect("Canada's assessment");
    let justified = site
        .store
        .set_justification(
            (CYCLE, CODE, "Canada"),
            canada.version,
            "The strongest actions came after the cut-off.",
            "test",
        )
        .await
        .expect("justification");
    let strong_prevent = [item(1, "prevent", EvidenceStrength::Strong)];
    let weak_prevent = [item(1, "prevent", EvidenceStrength::Weak)];
    code(&site, "France", "Avery Coder", &strong_prevent, true).await;
    code(&site, "France", "Blake Coder", &weak_prevent, true).await;
    code(&site, "Germany", "Avery Coder", &strong_prevent, true).await;
    code(&site, "Germany", "Blake Coder", &weak_prevent, false).await;
    // Readers see published editions only: Canada goes through review and the cycle is
    // published again, with the rubric, the submitted codings and the justification.
    let submitted = site
        .store
        .submit_assessment_at((CYCLE, CODE, "Canada"), justified, "test")
        .await
        .expect("submit Canada");
    site.store
        .approve_assessment((CYCLE, CODE, "Canada"), submitted, "Dana Director")
        .await
        .expect("approve Canada");
    site.store
        .publish_edition(
            CYCLE,
            EditionKind::Corrected,
            "coded against the rubric",
            "test",
        )
        .await
        .expect("publish the coded cycle");
    site
}
