//! The web pages over a real store (SQLite in a temporary directory) holding a hand-built cycle,
//! called through the router without a network.

mod accounts;
mod adjudication;
mod admin;
mod api;
mod assessment_work;
mod audit_trail;
mod charts;
mod citation_dates;
mod coded;
mod concurrency;
mod cycle_setup;
mod editions;
mod errors;
mod fixture;
mod justification;
mod pages;
mod plans;
mod plans_edit;
mod published_coding;
mod required_coders;
mod route_matrix;
mod rubric_pages;
mod rubric_saving;
