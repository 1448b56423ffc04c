//! A cycle's agreement between coders: per commitment and dimension the coefficient and the
//! number of units, and the disagreement queue. Only assessments every required coder has
//! submitted count (blind coding); no coder's own coding is shown.

use askama::Template;

use super::{Chrome, Crumb, href};
use crate::coding::CycleCoding;

#[derive(Template)]
#[template(path = "agreement.html")]
pub struct AgreementPage {
    pub chrome: Chrome,
    pub cycle_name: String,
    pub commitments: Vec<CommitmentView>,
    pub queue: Vec<QueueRow>,
    /// For staff: each commitment's disagreement queue in the workspace.
    pub staff_queues: Vec<(String, String)>,
}

pub struct CommitmentView {
    pub code: String,
    pub title: String,
    pub href: String,
    pub rubric_version: u32,
    pub method: &'static str,
    pub units: usize,
    pub overall: String,
    pub dimensions: Vec<DimensionRow>,
}

pub struct DimensionRow {
    pub name: String,
    pub coefficient: String,
    pub units: usize,
}

pub struct QueueRow {
    pub code: String,
    pub title: String,
    pub member: String,
    pub href: String,
    pub points: Vec<(String, &'static str)>,
    pub pending: bool,
    /// For staff: the commitment's disagreement queue in the workspace.
    pub work_href: Option<String>,
}

const UNDEFINED: &str = "undefined";

impl AgreementPage {
    /// The page as staff see it: each queued assessment links to its commitment's
    /// disagreement queue in the workspace.
    pub fn for_staff(mut self, slug: &str, coding: &CycleCoding) -> AgreementPage {
        for q in &mut self.queue {
            q.work_href = Some(href::work_disagreements(slug, &q.code));
        }
        // Every commitment: the working copy may have a rubric and codings this edition lacks.
        self.staff_queues = coding
            .matrix
            .rows
            .iter()
            .map(|row| (row.code.clone(), href::work_disagreements(slug, &row.code)))
            .collect();
        self
    }
}

impl AgreementPage {
    pub fn new(cycle_name: &str, slug: &str, coding: &CycleCoding) -> AgreementPage {
        let commitments = coding
            .agreement()
            .into_iter()
            .map(|a| CommitmentView {
                href: href::rubric(slug, &a.code),
                method: a.method.label(),
                overall: a
                    .overall
                    .map_or_else(|| UNDEFINED.to_string(), |c| c.three_decimals()),
                dimensions: a
                    .dimensions
                    .into_iter()
                    .map(|(_, name, c, units)| DimensionRow {
                        name,
                        coefficient: c
                            .map_or_else(|| UNDEFINED.to_string(), |c| c.three_decimals()),
                        units,
                    })
                    .collect(),
                code: a.code,
                title: a.title,
                rubric_version: a.rubric_version,
                units: a.units,
            })
            .collect();
        let queue = coding
            .disagreements()
            .into_iter()
            .map(|d| QueueRow {
                href: href::commitment(slug, &d.code),
                pending: d.pending(),
                points: d
                    .points
                    .iter()
                    .map(|(p, done)| (p.clone(), if *done { "adjudicated" } else { "pending" }))
                    .collect(),
                code: d.code,
                title: d.title,
                member: d.member,
                work_href: None,
            })
            .collect();
        AgreementPage {
            chrome: Chrome::new(
                format!("Agreement between coders: {cycle_name}"),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link(cycle_name, href::cycle(slug)),
                    Crumb::here("Agreement between coders"),
                ],
            ),
            cycle_name: cycle_name.to_string(),
            commitments,
            queue,
            staff_queues: Vec::new(),
        }
    }
}
