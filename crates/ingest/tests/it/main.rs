//! Integration tests of the importers: the seed chapters, our own fixtures, bad input, scores.

mod scores;
mod seeds;
