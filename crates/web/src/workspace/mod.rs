//! The analyst workspace's pages and forms, one module per area.

pub mod adjudication;
pub mod admin;
pub mod assessment;
pub mod audit;
pub mod editions;
pub mod plans;
pub mod setup;
