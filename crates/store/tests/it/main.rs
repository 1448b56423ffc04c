//! The store against a real SQLite file in a temporary directory.

mod admin;
mod assessment_work;
mod audit_trail;
mod chapters;
mod cycle_setup;
mod database;
mod editions;
mod fixture;
mod institutions;
mod plans;
mod rubrics;
mod scores;
mod seeds;
