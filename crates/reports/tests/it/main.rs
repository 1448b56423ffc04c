//! Integration tests of the renderers.
mod docx;
mod site;
mod exports;
mod text_round_trip;
mod charts;
mod html;
mod markdown;
mod render_fixture;
mod summary_figures;

#[cfg(feature = "pdf")]
mod pdf;
