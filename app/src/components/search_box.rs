//! The navbar search: `Ctrl+K`, `Cmd+K` or `/` to open, results as you type,
//! arrow keys, Enter and Escape. Without JavaScript it is a plain form that
//! GETs `/search?q=…` (`/ko/search?q=…` on Korean pages).

use leptos::{html::Input, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_location, use_navigate};

use crate::{
    docs::model::version_of_route,
    search::model::{clamp_query, SearchHit, SearchResults},
    server::search::find_docs,
    tr,
};

/// How many results the dropdown shows.
const DROPDOWN_RESULTS: usize = 8;

/// The search box in the navbar.
#[component]
pub fn SearchBox() -> impl IntoView {
    let search = SearchState::new();
    let location = use_location();
    let navigate = use_navigate();
    listen_for_shortcuts(search.input);
    let go = Callback::new(move |href: String| {
        search.close();
        navigate(&href, Default::default());
    });

    view! {
        <form class="search" role="search" method="get" action=crate::locale::use_localized("/search") on:submit=|ev: leptos::ev::SubmitEvent| {
            // With JavaScript, Enter picks a result instead (see `on_keydown`).
            ev.prevent_default();
        }>
            <SearchInput search go/>
            // Without JavaScript the form searches the docs of the version being read.
            {move || version_of_route(&location.pathname.get()).map(|version| view! {
                <input type="hidden" name="v" value=version.to_owned()/>
            })}
            <kbd class="search-kbd" aria-hidden="true">"Ctrl K"</kbd>
            {dropdown(search, go)}
        </form>
    }
}

/// The results under the search box, and the searches that fill them as the
/// query changes.
fn dropdown(search: SearchState, go: Callback<String>) -> impl IntoView {
    let location = use_location();
    Effect::new(move |_| {
        let text = search.query.get();
        search.run(&text, &location.pathname.get_untracked());
    });
    let has_options = move || search.has_options();
    view! {
        <Show when=has_options>
            <div class="search-results" id=RESULTS_ID role="listbox" aria-label=tr!(search.results) aria-busy=move || search.pending.get().to_string()>
                {move || search.results.get().map(|found| view! { <ResultList found selected=search.selected go/> })}
            </div>
        </Show>
        // "No results" is a status message, not an option of the list.
        <Show when=move || search.open.get() && search.results.with(|r| r.as_ref().is_some_and(|r| r.hits.is_empty()))>
            <p class="search-results search-empty" role="status">{move || search.results.get().map(empty_message)}</p>
        </Show>
    }
}

/// The state of the search box, shared by its input and its dropdown.
#[derive(Clone, Copy)]
struct SearchState {
    input: NodeRef<Input>,
    query: RwSignal<String>,
    results: RwSignal<Option<SearchResults>>,
    selected: RwSignal<usize>,
    open: RwSignal<bool>,
    /// A search is scheduled or in flight: the list may still change.
    pending: RwSignal<bool>,
    /// Counts searches, so that only the latest one's answer is shown.
    generation: StoredValue<u64>,
}

impl SearchState {
    fn new() -> Self {
        Self {
            input: NodeRef::new(),
            query: RwSignal::new(String::new()),
            results: RwSignal::new(None),
            selected: RwSignal::new(0),
            open: RwSignal::new(false),
            pending: RwSignal::new(false),
            generation: StoredValue::new(0),
        }
    }

    /// Whether the dropdown shows options.
    fn has_options(self) -> bool {
        self.open.get() && self.results.with(|r| r.as_ref().is_some_and(|r| !r.hits.is_empty()))
    }

    /// How many results there are to choose from.
    fn result_count(self) -> usize {
        self.results.with(|r| r.as_ref().map_or(0, |r| r.hits.len()))
    }

    /// Searches the docs of `path`'s locale and version for `text` once
    /// typing pauses; a newer keystroke wins.
    fn run(self, text: &str, path: &str) {
        let (clamped, _) = clamp_query(text);
        if clamped.is_empty() {
            self.results.set(None);
            self.pending.set(false);
            return;
        }
        let locale = crate::locale::from_path(path);
        let version = version_of_route(path).map(str::to_owned);
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        let text = clamped.to_owned();
        self.pending.set(true);
        let is_latest = move || self.generation.get_value() == mine;
        set_timeout(
            move || {
                if !is_latest() {
                    return;
                }
                spawn_local(async move {
                    let found = find_docs(locale, text, DROPDOWN_RESULTS, version).await;
                    if !is_latest() {
                        return;
                    }
                    self.pending.set(false);
                    if let Ok(found) = found {
                        self.selected.set(0);
                        self.results.set(Some(found));
                    }
                });
            },
            std::time::Duration::from_millis(150),
        );
    }

    /// Empties and leaves the search, before going to a result.
    fn close(self) {
        self.open.set(false);
        self.query.set(String::new());
        self.results.set(None);
        if let Some(input) = self.input.get_untracked() {
            let _ = input.blur();
        }
    }

    /// Arrow keys move through the results, Enter opens one, Escape closes
    /// the list, then leaves the search (the ARIA combobox pattern).
    fn on_keydown(self, ev: &leptos::ev::KeyboardEvent, go: Callback<String>) {
        let count = self.result_count();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                self.open.set(true);
                self.selected.update(|s| *s = (*s + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                self.selected.update(|s| *s = (*s + count - 1) % count);
            }
            "Enter" => {
                let chosen = self.selected.get_untracked();
                let target = self.results.with(|r| r.as_ref().and_then(|r| r.hits.get(chosen)).map(SearchHit::href));
                if let Some(href) = target {
                    ev.prevent_default();
                    go.run(href);
                }
            }
            "Escape" => {
                ev.prevent_default();
                let expanded = self.open.get_untracked() && self.results.with_untracked(Option::is_some);
                self.open.set(false);
                if !expanded {
                    leave_search(self.input);
                }
            }
            _ => {}
        }
    }
}

/// The combobox itself.
#[component]
fn SearchInput(search: SearchState, go: Callback<String>) -> impl IntoView {
    let has_options = move || search.has_options();
    view! {
        <input
            node_ref=search.input
            // Text, not `search`: a search field cannot be a combobox. The phone keyboard still says "search".
            type="text"
            enterkeyhint="search"
            name="q"
            class="search-input"
            role="combobox"
            placeholder=super::site_chrome::search_placeholder()
            aria-label=tr!(search.label)
            autocomplete="off"
            aria-autocomplete="list"
            aria-keyshortcuts="Control+K Meta+K /"
            aria-expanded=move || has_options().to_string()
            aria-controls=move || has_options().then_some(RESULTS_ID)
            aria-activedescendant=move || has_options().then(|| option_id(search.selected.get()))
            prop:value=move || search.query.get()
            on:input=move |ev| {
                // The dropdown (see `dropdown`) searches as the query changes.
                search.query.set(event_target_value(&ev));
                search.open.set(true);
            }
            on:focus=move |_| {
                search.open.set(true);
            }
            on:blur=move |_| {
                // Let a click on a result land before closing.
                set_timeout(move || search.open.set(false), std::time::Duration::from_millis(200));
                forget_return_point();
            }
            on:keydown=move |ev| search.on_keydown(&ev, go)
        />
    }
}

/// Global shortcuts: Ctrl+K / Cmd+K anywhere, "/" when not typing, focus the
/// search and remember where focus was (browser only).
fn listen_for_shortcuts(input: NodeRef<Input>) {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let key = ev.key();
            let typing = document().active_element().is_some_and(|el| {
                let tag = el.tag_name();
                tag == "INPUT" || tag == "TEXTAREA" || tag == "SELECT"
            });
            if (key == "k" && (ev.ctrl_key() || ev.meta_key())) || (key == "/" && !typing) {
                ev.prevent_default();
                focus_search(input);
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = input;
}

/// Focuses the search, marking the element that had focus to return to it.
#[cfg(feature = "hydrate")]
fn focus_search(input: NodeRef<Input>) {
    use wasm_bindgen::JsValue;
    let Some(input) = input.get_untracked() else { return };
    let input_value: &JsValue = input.as_ref();
    if let Some(previous) = document().active_element() {
        if AsRef::<JsValue>::as_ref(&previous) != input_value {
            forget_return_point();
            let _ = previous.set_attribute(RETURN_ATTR, "");
        }
    }
    let _ = input.focus();
    input.select();
}

#[component]
fn ResultList(found: SearchResults, selected: RwSignal<usize>, go: Callback<String>) -> impl IntoView {
    let version = found.version.clone();
    found
        .hits
        .into_iter()
        .enumerate()
        .map(|(index, hit)| {
            let version = version.clone();
            let href = hit.href();
            view! {
                <a
                    class="search-hit"
                    role="option"
                    id=option_id(index)
                    tabindex="-1"
                    href=href.clone()
                    aria-selected=move || (selected.get() == index).to_string()
                    on:mousedown=move |ev: leptos::ev::MouseEvent| {
                        ev.prevent_default();
                        go.run(href.clone());
                    }
                >
                    <span class="search-hit-title">{hit.title.clone()}{version.map(|v| view! { " " <span class="search-hit-version">{v}</span> })}</span>
                    {(hit.heading != hit.title).then(|| view! { <span class="search-hit-heading">{hit.heading.clone()}</span> })}
                    <span class="search-hit-snippet">{snippet(&hit)}</span>
                </a>
            }
        })
        .collect_view()
}

/// Why the dropdown has no results.
fn empty_message(found: SearchResults) -> String {
    let locale = crate::locale::use_locale().get_untracked();
    found.notice.unwrap_or_else(|| crate::tr_in!(locale, search.no_results, query = found.query.clone()))
}

/// The `id` of the listbox, which the combobox controls.
const RESULTS_ID: &str = "search-results";

/// The `id` of the result at `index`, the combobox's active descendant.
fn option_id(index: usize) -> String {
    format!("search-result-{index}")
}

/// Marks the element that had focus before a shortcut opened the search (an
/// attribute, so nothing browser-only is kept in the component's state).
#[cfg(feature = "hydrate")]
const RETURN_ATTR: &str = "data-search-return";

/// The element focus returns to when the search is left, if any.
fn return_point() -> Option<web_sys::HtmlElement> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let selector = format!("[{RETURN_ATTR}]");
        document().query_selector(&selector).ok().flatten().and_then(|el| el.dyn_into().ok())
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Clears the mark left by the shortcut.
fn forget_return_point() {
    #[cfg(feature = "hydrate")]
    if let Some(element) = return_point() {
        let _ = element.remove_attribute(RETURN_ATTR);
    }
}

/// Leaves the search box: focus goes back to where it was before a shortcut
/// opened the search, or the box just loses focus.
fn leave_search(input: NodeRef<Input>) {
    let Some(input) = input.get_untracked() else { return };
    match return_point() {
        Some(previous) => {
            forget_return_point();
            let _ = previous.focus();
        }
        None => {
            let _ = input.blur();
        }
    }
}

/// The snippet as text, with matched words in `<mark>`.
pub fn snippet(hit: &SearchHit) -> impl IntoView {
    hit.snippet
        .iter()
        .map(|part| {
            if part.matched {
                view! { <mark>{part.text.clone()}</mark> }.into_any()
            } else {
                part.text.clone().into_any()
            }
        })
        .collect_view()
}
