//! The locale in the navbar and on the document: the "English / 한국어"
//! selector, and `<html lang>` kept in step with the address.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::{
    locale::{from_path, localized_path, use_locale, Locale},
    tr,
};

/// The "English / 한국어" selector in the navbar: keeps the page, remembers the
/// choice in the cookie and navigates client-side.
#[component]
pub fn LocaleSwitch() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(chosen) = Locale::from_tag(&event_target_value(&ev)) else { return };
        #[cfg(feature = "hydrate")]
        crate::cookies::write(crate::locale::LOCALE_COOKIE, chosen.tag(), 60 * 60 * 24 * 365);
        locale.set(chosen);
        let path = location.pathname.get_untracked();
        let target = localized_path(&path, chosen);
        if target != path {
            // The same query and fragment (the router keeps the query without its `?`).
            let search = location.search.get_untracked();
            let query = if search.is_empty() { String::new() } else { format!("?{search}") };
            navigate(&format!("{target}{query}{}", location.hash.get_untracked()), Default::default());
        }
    };
    view! {
        <label class="locale-switch">
            <span class="sr-only">{tr!(nav.language)}</span>
            <select aria-label=tr!(nav.language) on:change=on_change prop:value=move || locale.get().tag()>
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() lang=l.tag() selected=move || locale.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Keeps the locale in step with the URL and `<html lang>` in step with the
/// locale (browser only; the server renders both from the request).
pub fn sync_with_url(locale: RwSignal<Locale>) {
    let location = use_location();
    Effect::new(move |_| {
        let fixed = from_path(&location.pathname.get());
        if locale.get_untracked() != fixed {
            locale.set(fixed);
        }
    });
    Effect::new(move |_| {
        let tag = locale.get().tag();
        if let Some(root) = document().document_element() {
            if root.get_attribute("lang").as_deref() != Some(tag) {
                let _ = root.set_attribute("lang", tag);
            }
        }
    });
}
