//! Fixtures for Leptra's tests and benchmarks, kept out of what the server ships.
//!
//! [`fake_github`] is a fake GitHub REST API (in-process, or standalone as the
//! `fake-github` binary); [`corpus`] generates a large docs corpus and query
//! mix for the search benchmark (feature `corpus`). Only dev-dependencies,
//! examples and scripts use this crate.

#[cfg(feature = "corpus")]
pub mod corpus;
pub mod fake_github;
