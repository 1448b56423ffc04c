//! The store against a real SQLite file in a temporary directory.

mod chapters;
mod database;
mod fixture;
mod institutions;
mod plans;
mod rubrics;
mod scores;
mod seeds;
