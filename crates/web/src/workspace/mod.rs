//! The analyst workspace's pages and forms, one module per area.

pub mod admin;
pub mod assessment;
pub mod audit;
pub mod plans;
pub mod editions;
pub mod setup;
