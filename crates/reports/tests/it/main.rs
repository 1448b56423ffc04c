//! Integration tests of the renderers.
mod across_cycles;
mod charts;
mod docx;
mod docx_charts;
mod exports;
mod formats;
mod html;
mod markdown;
mod plan_progress;
mod render_fixture;
mod site;
mod stored_scores;
mod summary_figures;
mod text_round_trip;
mod tools;

#[cfg(feature = "pdf")]
mod pdf;
