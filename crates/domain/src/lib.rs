//! Pledgewatch's domain: the types a compliance research team talks about and the rules that
//! turn scores into published tables.
//!
//! Invariant: this crate does no I/O, no async, no SQL and no HTTP. Everything here is a pure
//! function of its inputs, so the store, the importers, the renderers and the web layer can all
//! rely on one definition of what a score, an average or a finding is.

pub mod access;
pub mod agreement;
pub mod average;
pub mod check;
pub mod citing;
pub mod coding;
pub mod dates;
pub mod diff;
pub mod edition;
pub mod institution;
pub mod matrix;
pub mod model;
pub mod names;
pub mod partial_date;
pub mod people;
pub mod plan;
pub mod rubric;
pub mod score;
pub mod sheet;
pub mod slug;

pub use average::{Average, PercentConvention};
pub use check::{Finding, FindingCode, Severity, check_cycle};
pub use diff::{Change, chapter_changes};
pub use institution::{Institution, SourceDocument, Summit};
pub use matrix::{Gap, MatrixRow, Ranked, ScoreMatrix};
pub use model::*;
pub use names::{default_member_code, member_key, person_key};
pub use partial_date::{PartialDate, PartialDateError};
pub use people::{Person, group_people, people_of};
pub use score::{Score, Verdict, VerdictParseError};
pub use slug::slug;
