//! Integration tests of the renderers.
mod text_round_trip;
