//! Property tests of the domain's rules (one integration-test binary for the crate).

mod aggregation;
mod rubric;
