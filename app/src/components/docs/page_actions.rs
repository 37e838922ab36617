//! "Copy page" and "View as Markdown": the page as Markdown, for pasting
//! into a chat with a language model or reading as plain text.

use leptos::{prelude::*, task::spawn_local};

use crate::{locale::Locale, server::docs::get_page_markdown, tr};

/// The two actions of the page at `route` (`/docs/guide/ssr`), whose
/// Markdown lives at `route.md`. Without JavaScript the link still works.
#[component]
pub fn PageActions(locale: Locale, slug: String, route: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let slug = slug.clone();
        spawn_local(async move {
            if let Ok(markdown) = get_page_markdown(locale, slug).await {
                write_clipboard(&markdown);
                copied.set(true);
                set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
            }
        });
    };
    let label = {
        let locale = crate::locale::use_locale();
        move || {
            if copied.get() {
                crate::tr_in!(locale.get(), docs.copied_page)
            } else {
                crate::tr_in!(locale.get(), docs.copy_page)
            }
        }
    };
    view! {
        <div class="page-actions" role="group" aria-label=tr!(docs.page_actions)>
            <button type="button" class="page-action copy-page" on:click=copy aria-live="polite">{label}</button>
            <a class="page-action" href=format!("{route}.md") rel="external" type="text/markdown">{tr!(docs.view_markdown)}</a>
        </div>
    }
}

fn write_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _promise = window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
