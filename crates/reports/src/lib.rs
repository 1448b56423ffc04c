//! Renderers fed with domain values: the compliance report of a cycle in its published
//! structure, its charts, its data exports and the static public site.
//!
//! Invariant: no SQL, no HTTP, no reading of the database. Callers load a cycle, build a
//! [`Report`] once, and hand it to any renderer; every renderer shows the same footnote numbers,
//! the same figures and the same order.

pub mod charts;
pub mod docx;
pub mod exports;
pub mod html;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod plan;
pub mod report;
pub mod site;
pub mod summary;
pub mod text;
pub mod titles;

pub use report::{Report, ReportOptions};
