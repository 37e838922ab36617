//! One module per page; from a URL you find its code here in one step.

pub mod docs;
pub mod home;
pub mod repos;
pub mod search;
pub mod user;
