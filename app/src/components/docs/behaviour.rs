//! What a docs page's parts do in the browser: tab groups switch (groups
//! sharing a key switch together, and the choice is remembered in
//! `localStorage` for the next page), copy buttons copy their code, "Copy
//! page" copies the page's Markdown, and "On this page" marks the section in
//! view.
//!
//! The page is HTML rendered by the server (`docs::html`), not hydrated
//! components: listeners on the window act on whatever page is shown,
//! whether a direct load or client navigation put it there, and read the
//! state from the DOM itself (`aria-selected`, `hidden`, `data-key`,
//! `data-slug`).

/// The tab to select after `key` on tab `current` of `count`, following the
/// ARIA tabs pattern: arrows wrap around, Home and End go to the ends.
pub fn tab_after_key(key: &str, current: usize, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match key {
        "ArrowRight" => Some((current + 1) % count),
        "ArrowLeft" => Some((current + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

/// Starts listening for clicks and keys on the docs' tabs and copy buttons,
/// until the docs layout goes away.
pub fn install() {
    #[cfg(feature = "hydrate")]
    browser::install();
}

/// Selects, in every keyed tab group of the body `body` refers to, the tab
/// remembered for its key, as soon as the element exists (its HTML is set
/// when it is built, before client navigation puts it in the document).
pub fn restore_tab_choices(body: leptos::prelude::NodeRef<leptos::html::Div>) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        use leptos::prelude::Get;
        if let Some(body) = body.get() {
            browser::restore_tab_choices(&body);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = body;
}

/// Keeps the link to the section in view marked (`class="active"`) in the
/// "On this page" of `toc`: the last heading that has scrolled past the navbar.
pub fn follow_sections(toc: leptos::prelude::NodeRef<leptos::html::Aside>) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        use leptos::prelude::Get;
        if let Some(toc) = toc.get() {
            browser::follow_sections(&toc);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = toc;
}

/// "Scroll to top" in "On this page": back to the top without changing the address.
pub fn scroll_to_top(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    browser::scroll_to_top(&ev);
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement};

    use super::tab_after_key;
    use crate::dom::{closest, event_target, query_all};

    const STORAGE_PREFIX: &str = "leptra-tab:";
    const TAB: &str = ".docs-body [role=tab]";
    const COPY_BUTTON: &str = ".docs-body .copy-button";
    const COPY_PAGE: &str = ".docs-article .copy-page";
    /// The position below the navbar past which a heading's section is the one in view.
    const SECTION_TOP: f64 = 96.0;
    /// How long a copy button says "Copied".
    const COPIED_FOR: std::time::Duration = std::time::Duration::from_secs(2);

    pub(super) fn install() {
        let clicks = window_event_listener(leptos::ev::click, |ev| {
            let Some(target) = event_target(&ev) else { return };
            if let Some(tab) = closest(&target, TAB) {
                choose(&tab);
            } else if let Some(button) = closest(&target, COPY_BUTTON) {
                copy(&button);
            } else if let Some(button) = closest(&target, COPY_PAGE) {
                copy_page(button);
            }
        });
        let keys = window_event_listener(leptos::ev::keydown, |ev| {
            let Some(tab) = event_target(&ev).and_then(|t| closest(&t, TAB)) else {
                return;
            };
            let Some(group) = closest(&tab, ".tabs") else { return };
            let tabs = tabs_of(&group);
            let Some(current) = tabs.iter().position(|t| *t == tab) else { return };
            let Some(next) = tab_after_key(&ev.key(), current, tabs.len()) else { return };
            ev.prevent_default();
            choose(&tabs[next]);
            if let Ok(next) = tabs[next].clone().dyn_into::<HtmlElement>() {
                let _ = next.focus();
            }
        });
        on_cleanup(move || {
            clicks.remove();
            keys.remove();
        });
    }

    pub(super) fn restore_tab_choices(body: &Element) {
        for group in keyed_groups(body) {
            let Some(key) = group.get_attribute("data-key") else { continue };
            if let Some(label) = load_choice(&key) {
                select_label(&group, &label);
            }
        }
    }

    /// Selects `tab` in its group and, when the group has a key, the tab with
    /// the same label in every group of the body with that key; remembers the choice.
    fn choose(tab: &Element) {
        let Some(group) = closest(tab, ".tabs") else { return };
        let Some(index) = tabs_of(&group).iter().position(|t| t == tab) else { return };
        select(&group, index);
        let (Some(key), Some(body)) = (group.get_attribute("data-key"), closest(&group, ".docs-body")) else { return };
        let label = tab.text_content().unwrap_or_default();
        save_choice(&key, &label);
        for twin in keyed_groups(&body) {
            if twin.get_attribute("data-key").as_deref() == Some(key.as_str()) {
                select_label(&twin, &label);
            }
        }
    }

    /// The tab groups of `body` that have a key.
    fn keyed_groups(body: &Element) -> Vec<Element> {
        query_all(body, ".tabs[data-key]")
    }

    fn select_label(group: &Element, label: &str) {
        if let Some(index) = tabs_of(group).iter().position(|t| t.text_content().as_deref() == Some(label)) {
            select(group, index);
        }
    }

    /// Shows panel `index` of `group` and marks its tab, the only one in the Tab order.
    fn select(group: &Element, index: usize) {
        for (i, tab) in tabs_of(group).iter().enumerate() {
            let _ = tab.set_attribute("aria-selected", if i == index { "true" } else { "false" });
            let _ = tab.set_attribute("tabindex", if i == index { "0" } else { "-1" });
        }
        for (i, panel) in query_all(group, ":scope > [role=tabpanel]").iter().enumerate() {
            let _ = if i == index { panel.remove_attribute("hidden") } else { panel.set_attribute("hidden", "") };
        }
    }

    /// The group's own tabs, not those of groups nested in its panels.
    fn tabs_of(group: &Element) -> Vec<Element> {
        query_all(group, ":scope > .tab-list > [role=tab]")
    }

    /// Copies the code of the button's block, and says so for a moment.
    fn copy(button: &Element) {
        let Some(code) = closest(button, ".code-block").and_then(|block| block.query_selector("code").ok().flatten())
        else {
            return;
        };
        let text = code.text_content().unwrap_or_default();
        // Every line ends with a newline in the markup; the source's last one does not.
        copied(button, text.strip_suffix('\n').unwrap_or(&text));
    }

    /// Copies the Markdown of the page the button names (`data-locale`,
    /// `data-slug`), fetched from the server, and says so for a moment.
    fn copy_page(button: Element) {
        let locale = button.get_attribute("data-locale").and_then(|tag| crate::locale::Locale::from_tag(&tag));
        let (Some(locale), Some(slug)) = (locale, button.get_attribute("data-slug")) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(markdown) = crate::server::docs::get_page_markdown(locale, slug).await {
                copied(&button, &markdown);
            }
        });
    }

    /// Puts `text` on the clipboard, and shows the button's `data-copied`
    /// label for a moment instead of its `data-copy` one.
    fn copied(button: &Element, text: &str) {
        let _promise = window().navigator().clipboard().write_text(text);
        let label = button.get_attribute("data-copy");
        button.set_text_content(button.get_attribute("data-copied").as_deref());
        let button = button.clone();
        set_timeout(move || button.set_text_content(label.as_deref()), COPIED_FOR);
    }

    pub(super) fn follow_sections(toc: &Element) {
        // Each link with the heading it leads to, found once: the page's HTML does not change.
        let sections: Vec<(Element, Option<Element>)> = query_all(toc, ".toc ul a")
            .into_iter()
            .map(|link| {
                let id = link.get_attribute("href").unwrap_or_default();
                let id = id.trim_start_matches('#');
                let heading = js_sys::decode_uri_component(id)
                    .ok()
                    .and_then(|id| id.as_string())
                    .and_then(|id| document().get_element_by_id(&id));
                (link, heading)
            })
            .collect();
        let mark = move || {
            let mut current = 0;
            for (index, (_, heading)) in sections.iter().enumerate() {
                let Some(heading) = heading else { continue };
                if heading.get_bounding_client_rect().top() > SECTION_TOP {
                    break;
                }
                current = index;
            }
            for (index, (link, _)) in sections.iter().enumerate() {
                let _ = link.class_list().toggle_with_force("active", index == current);
            }
        };
        mark();
        let handle = window_event_listener(leptos::ev::scroll, move |_| mark());
        on_cleanup(move || handle.remove());
    }

    pub(super) fn scroll_to_top(ev: &leptos::ev::MouseEvent) {
        let on_link = event_target(ev).and_then(|t| closest(&t, ".scroll-top"));
        if on_link.is_some() {
            ev.prevent_default();
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    fn load_choice(key: &str) -> Option<String> {
        let storage = window().local_storage().ok().flatten()?;
        storage.get_item(&format!("{STORAGE_PREFIX}{key}")).ok().flatten()
    }

    fn save_choice(key: &str, label: &str) {
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(&format!("{STORAGE_PREFIX}{key}"), label);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tab_after_key;

    #[test]
    fn arrow_keys_wrap_around_and_home_and_end_go_to_the_ends() {
        assert_eq!(tab_after_key("ArrowRight", 2, 3), Some(0));
        assert_eq!(tab_after_key("ArrowLeft", 0, 3), Some(2));
        assert_eq!(tab_after_key("ArrowRight", 0, 3), Some(1));
        assert_eq!(tab_after_key("Home", 2, 3), Some(0));
        assert_eq!(tab_after_key("End", 0, 3), Some(2));
        assert_eq!(tab_after_key("Enter", 0, 3), None);
        assert_eq!(tab_after_key("ArrowRight", 0, 0), None);
    }
}
