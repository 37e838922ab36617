//! Facts about the site that every page may show.

/// The product name, used in titles and the navbar.
pub const NAME: &str = "Leptra";

/// The default meta description.
pub const DESCRIPTION: &str =
    "Leptra: documentation sites and server-side data in Rust, rendered on the server and hydrated in the browser.";

/// Leptra's source repository, linked from the navbar.
pub const REPOSITORY: &str = "https://github.com/leptra-rs/leptra";

/// Where the server streams content changes while it watches the content
/// folder (Server-Sent Events).
pub const CONTENT_EVENTS_PATH: &str = "/__leptra/content-events";

/// The live-reload script pages load while the content folder is watched.
pub const LIVE_CONTENT_SCRIPT: &str = "/__leptra/live.js";
