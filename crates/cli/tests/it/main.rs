//! End-to-end tests of the `pledgewatch` binary: the command-line contract (names, JSON keys,
//! exit codes) that tests and tools rely on.

mod audit_trail;
mod bad_input;
mod browser;
mod crash;
mod dataset;
mod editions;
mod harness;
mod load;
mod plans;
mod report;
mod rubrics;
mod scores_csv;
mod seeds;
mod support_server;
