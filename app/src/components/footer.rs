//! The site footer.

use leptos::prelude::*;

use crate::site;

/// Shown at the bottom of every page.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>
                {site::NAME}
                " — documentation sites and server-side data, rendered with Leptos. "
                <a href=site::REPOSITORY rel="noopener">"Source on GitHub"</a>
            </p>
        </footer>
    }
}
