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
    let buttons = tabs
        .iter()
        .enumerate()
        .map(|(index, tab)| {
            let choose = choose.clone();
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    aria-selected=move || (selected.get() == index).to_string()
                    on:click=move |_| choose(index)
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
                <div role="tabpanel" class="tab-panel" hidden=move || selected.get() != index>
                    {blocks_view(tab.children)}
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="tabs">
            <div role="tablist" class="tab-list">{buttons}</div>
            {panels}
        </div>
    }
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
