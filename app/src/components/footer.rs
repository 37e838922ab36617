//! The site footer.

use leptos::prelude::*;

use crate::{site, tr};

/// Shown at the bottom of every page.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>
                {site::NAME}
                {tr!(footer.tagline)}
                <a href=site::REPOSITORY rel="noopener">{tr!(footer.source)}</a>
            </p>
        </footer>
    }
}
