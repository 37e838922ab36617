//! The site footer: the site's text and links (`site.toml`).

use leptos::prelude::*;

use crate::{locale::use_locale, site::use_site};

/// Shown at the bottom of every page.
#[component]
pub fn Footer() -> impl IntoView {
    let site = use_site();
    let locale = use_locale();
    let footer = site.footer.clone();
    let text = {
        let text = footer.text.clone();
        move || text.get(locale.get()).to_owned()
    };
    let links = footer
        .links
        .into_iter()
        .map(|link| {
            let (href, text) = (link.href.clone(), link.text.clone());
            view! { " " <a href=move || href.get(locale.get()).to_owned() rel="noopener">{move || text.get(locale.get()).to_owned()}</a> }
        })
        .collect_view();
    view! {
        <footer class="footer">
            <p>{text} {links}</p>
        </footer>
    }
}
