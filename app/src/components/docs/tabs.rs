//! Tabs. Groups sharing a `key` switch together, and the choice is remembered
//! in `localStorage` for the next page.

use std::collections::HashMap;

use leptos::prelude::*;

use super::blocks::blocks_view;
use crate::docs::model::Tab;

/// The chosen label per tab key, shared by every tab group on the page.
#[derive(Debug, Clone, Copy)]
pub struct TabChoices(pub RwSignal<HashMap<String, String>>);

const STORAGE_PREFIX: &str = "leptra-tab:";

/// Numbers the tab groups of one page in render order, which the server and
/// the browser share, so the ids that tie tabs to panels match on hydration.
#[derive(Debug, Clone, Copy)]
struct TabGroupCount(StoredValue<usize>);

/// Starts numbering tab groups for a new page.
pub fn provide_tab_ids() {
    provide_context(TabGroupCount(StoredValue::new(0)));
}

/// The next tab group's number on this page.
fn next_group_id() -> usize {
    use_context::<TabGroupCount>().map_or(0, |TabGroupCount(count)| {
        let id = count.get_value();
        count.set_value(id + 1);
        id
    })
}

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

/// One group of tabs.
#[component]
pub(super) fn TabsView(key: Option<String>, tabs: Vec<Tab>) -> impl IntoView {
    let choices = use_context::<TabChoices>().map(|c| c.0);
    let labels: Vec<String> = tabs.iter().map(|t| t.label.clone()).collect();
    let local = RwSignal::new(0_usize);
    let selected = {
        let key = key.clone();
        let labels = labels.clone();
        Memo::new(move |_| {
            let remembered = key.as_ref().zip(choices).and_then(|(key, choices)| {
                choices.with(|c| c.get(key).and_then(|label| labels.iter().position(|l| l == label)))
            });
            remembered.unwrap_or_else(|| local.get())
        })
    };
    // After hydration, pick up a choice remembered from an earlier page.
    if let (Some(key), Some(choices)) = (key.clone(), choices) {
        Effect::new(move |_| {
            if let Some(label) = load_choice(&key) {
                choices.update(|c| {
                    c.entry(key.clone()).or_insert(label);
                });
            }
        });
    }
    let choose = move |index: usize| {
        local.set(index);
        if let (Some(key), Some(choices), Some(label)) = (key.clone(), choices, labels.get(index).cloned()) {
            save_choice(&key, &label);
            choices.update(|c| {
                c.insert(key, label);
            });
        }
    };
    let group = next_group_id();
    let count = tabs.len();
    let buttons = tabs
        .iter()
        .enumerate()
        .map(|(index, tab)| {
            let on_click = choose.clone();
            let choose = choose.clone();
            let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
                let Some(next) = tab_after_key(&ev.key(), index, count) else { return };
                ev.prevent_default();
                choose(next);
                focus_tab(group, next);
            };
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=tab_id(group, index)
                    aria-controls=panel_id(group, index)
                    aria-selected=move || (selected.get() == index).to_string()
                    tabindex=move || if selected.get() == index { "0" } else { "-1" }
                    on:click=move |_| on_click(index)
                    on:keydown=on_keydown
                >
                    {tab.label.clone()}
                </button>
            }
        })
        .collect_view();
    let panels = tabs
        .into_iter()
        .enumerate()
        .map(|(index, tab)| {
            view! {
                <div
                    role="tabpanel"
                    class="tab-panel"
                    id=panel_id(group, index)
                    aria-labelledby=tab_id(group, index)
                    tabindex="0"
                    hidden=move || selected.get() != index
                >
                    {blocks_view(tab.children)}
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="tabs">
            <div role="tablist" class="tab-list" aria-label=crate::tr!(docs.tabs)>{buttons}</div>
            {panels}
        </div>
    }
}

fn tab_id(group: usize, index: usize) -> String {
    format!("tabs-{group}-tab-{index}")
}

fn panel_id(group: usize, index: usize) -> String {
    format!("tabs-{group}-panel-{index}")
}

/// Moves focus to a tab (the roving focus of the tabs pattern).
fn focus_tab(group: usize, index: usize) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(tab) = document()
            .get_element_by_id(&tab_id(group, index))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = tab.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (group, index);
}

fn load_choice(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten()?;
        storage.get_item(&format!("{STORAGE_PREFIX}{key}")).ok().flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, STORAGE_PREFIX);
        None
    }
}

fn save_choice(key: &str, label: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(&format!("{STORAGE_PREFIX}{key}"), label);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, label);
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
