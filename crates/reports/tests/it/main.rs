//! Integration tests of the renderers.
mod exports;
mod text_round_trip;

#[cfg(feature = "pdf")]
mod pdf;
