//! Podscape's core: a sans-IO, deterministic simulator of Kubernetes Services and Deployments.
//!
//! Text goes in ([`manifest::parse`]), a [`cluster::Cluster`] evolves on a virtual clock that the
//! caller advances, and a [`scene::Scene`] comes out for a renderer to draw. Nothing here touches
//! a browser, a wall clock or OS entropy; see ARCHITECTURE.md for the invariants.

pub mod api;
pub mod budget;
pub mod challenge;
pub mod cluster;
pub mod diagnostic;
pub mod export;
pub mod hints_ru;
pub mod history;
pub mod kubectl;
pub mod lesson;
pub mod manifest;
pub mod names;
pub mod proxy;
pub mod rewind;
pub mod scenario;
pub mod scene;
pub mod script;
pub mod session;
pub mod share;
pub mod sort;
pub mod table;
pub mod why;
pub mod yaml_out;

pub use cluster::{ApplyOutcome, Cluster};
pub use diagnostic::{Diagnostic, Severity};
pub use manifest::{parse, Manifests};
pub use scene::Scene;
