//! Integration tests of the importers: the seed chapters, our own fixtures, bad input, scores.

mod bad_input;
mod check;
mod fixtures;
mod plans;
mod scores;
mod seed_files;
mod seed_rebuild;
mod seeds;
