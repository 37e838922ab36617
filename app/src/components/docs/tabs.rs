//! Tabs. Groups sharing a `key` switch together, and the choice is remembered
//! in `localStorage` for the next page.

use std::collections::HashMap;

use leptos::prelude::*;

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

/// One tab: its label and its panel's content. The content is rendered
/// by the group, after it has taken its number, so nested groups are
/// numbered after the group around them.
pub(super) struct TabPanel {
    /// The tab's label.
    pub(super) label: String,
    /// Renders the panel's content.
    pub(super) content: Box<dyn FnOnce() -> AnyView + Send>,
}

/// One group of tabs.
#[component]
pub(super) fn TabsView(key: Option<String>, tabs: Vec<TabPanel>) -> impl IntoView {
    let labels: Vec<String> = tabs.iter().map(|t| t.label.clone()).collect();
    let selection = Selection::new(key, labels.clone());
    let group = next_group_id();
    let count = tabs.len();
    let buttons = labels
        .into_iter()
        .enumerate()
        .map(|(index, label)| tab_button(&selection, group, index, count, label))
        .collect_view();
    let selected = selection.selected;
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
                    {(tab.content)()}
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

/// Which tab of a group is selected: the choice remembered for its key
/// (shared by every group with that key on the page, and kept in
/// `localStorage`), else the group's own.
#[derive(Clone)]
struct Selection {
    key: Option<String>,
    labels: Vec<String>,
    choices: Option<RwSignal<HashMap<String, String>>>,
    local: RwSignal<usize>,
    selected: Memo<usize>,
}

impl Selection {
    fn new(key: Option<String>, labels: Vec<String>) -> Selection {
        let choices = use_context::<TabChoices>().map(|c| c.0);
        let local = RwSignal::new(0_usize);
        let selected = {
            let (key, labels) = (key.clone(), labels.clone());
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
        Selection { key, labels, choices, local, selected }
    }

    /// Selects tab `index`, and remembers it for the group's key.
    fn choose(&self, index: usize) {
        self.local.set(index);
        if let (Some(key), Some(choices), Some(label)) =
            (self.key.clone(), self.choices, self.labels.get(index).cloned())
        {
            save_choice(&key, &label);
            choices.update(|c| {
                c.insert(key, label);
            });
        }
    }
}

/// The button of tab `index` of `count` in group `group`: a click selects
/// it, the arrow keys, Home and End move the selection and the focus.
fn tab_button(selection: &Selection, group: usize, index: usize, count: usize, label: String) -> impl IntoView {
    let selected = selection.selected;
    let on_click = {
        let selection = selection.clone();
        move |_| selection.choose(index)
    };
    let on_keydown = {
        let selection = selection.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let Some(next) = tab_after_key(&ev.key(), index, count) else { return };
            ev.prevent_default();
            selection.choose(next);
            focus_tab(group, next);
        }
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
            on:click=on_click
            on:keydown=on_keydown
        >
            {label}
        </button>
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
