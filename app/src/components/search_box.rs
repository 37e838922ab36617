//! The navbar search: `Ctrl+K`, `Cmd+K` or `/` to open, results as you type,
//! arrow keys, Enter and Escape. Without JavaScript it is a plain form that
//! GETs `/search?q=…` (`/ko/search?q=…` on Korean pages).

use leptos::{html::Input, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_location, use_navigate};

use crate::{
    docs::model::version_of_route,
    search::model::{clamp_query, SearchHit, SearchResults},
    server::search::search_docs,
    tr,
};

/// How many results the dropdown shows.
const DROPDOWN_RESULTS: usize = 8;

/// The locale whose docs a path belongs to.
pub fn locale_of_path(path: &str) -> &'static str {
    if path == "/ko" || path.starts_with("/ko/") {
        "ko"
    } else {
        "en"
    }
}

/// The search box in the navbar.
#[component]
pub fn SearchBox() -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(None::<SearchResults>);
    let selected = RwSignal::new(0_usize);
    let open = RwSignal::new(false);
    // A search is scheduled or in flight: the list may still change.
    let pending = RwSignal::new(false);
    let generation = StoredValue::new(0_u64);
    let location = use_location();
    let navigate = use_navigate();

    // Global shortcuts: Ctrl+K / Cmd+K anywhere, "/" when not typing.
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
                if let Some(input) = input.get_untracked() {
                    use wasm_bindgen::JsValue;
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
            }
        });
        on_cleanup(move || handle.remove());
    }

    let run_search = move |text: String| {
        let (clamped, _) = clamp_query(&text);
        if clamped.is_empty() {
            results.set(None);
            pending.set(false);
            return;
        }
        let locale = crate::locale::from_path(&location.pathname.get_untracked());
        let version = version_of_route(&location.pathname.get_untracked()).map(str::to_owned);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let text = clamped.to_owned();
        pending.set(true);
        // Debounce: search once typing pauses; a newer keystroke wins.
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                spawn_local(async move {
                    let found = search_docs(locale, text, DROPDOWN_RESULTS, version).await;
                    if generation.get_value() != mine {
                        return;
                    }
                    pending.set(false);
                    if let Ok(found) = found {
                        selected.set(0);
                        results.set(Some(found));
                    }
                });
            },
            std::time::Duration::from_millis(150),
        );
    };

    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            open.set(false);
            query.set(String::new());
            results.set(None);
            if let Some(input) = input.get_untracked() {
                let _ = input.blur();
            }
            navigate(&href, Default::default());
        }
    };

    let on_keydown = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let count = results.with(|r| r.as_ref().map_or(0, |r| r.hits.len()));
            match ev.key().as_str() {
                "ArrowDown" if count > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    selected.update(|s| *s = (*s + 1) % count);
                }
                "ArrowUp" if count > 0 => {
                    ev.prevent_default();
                    selected.update(|s| *s = (*s + count - 1) % count);
                }
                "Enter" => {
                    let target = results
                        .with(|r| r.as_ref().and_then(|r| r.hits.get(selected.get_untracked())).map(SearchHit::href));
                    if let Some(href) = target {
                        ev.prevent_default();
                        go(href);
                    }
                }
                "Escape" => {
                    // The ARIA combobox pattern: Escape closes the list; with the list
                    // closed, it leaves the search for where the visitor was.
                    ev.prevent_default();
                    let expanded = open.get_untracked() && results.with_untracked(Option::is_some);
                    open.set(false);
                    if !expanded {
                        leave_search(input);
                    }
                }
                _ => {}
            }
        }
    };

    let has_options = move || open.get() && results.with(|r| r.as_ref().is_some_and(|r| !r.hits.is_empty()));

    view! {
        <form class="search" role="search" method="get" action=crate::locale::use_localized("/search") on:submit=|ev: leptos::ev::SubmitEvent| {
            // With JavaScript, Enter picks a result instead (see on_keydown).
            ev.prevent_default();
        }>
            <input
                node_ref=input
                type="search"
                name="q"
                class="search-input"
                role="combobox"
                placeholder=tr!(search.placeholder)
                aria-label=tr!(search.label)
                autocomplete="off"
                aria-autocomplete="list"
                aria-keyshortcuts="Control+K Meta+K /"
                aria-expanded=move || has_options().to_string()
                aria-controls=move || has_options().then_some(RESULTS_ID)
                aria-activedescendant=move || has_options().then(|| option_id(selected.get()))
                prop:value=move || query.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    query.set(text.clone());
                    open.set(true);
                    run_search(text);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| {
                    // Let a click on a result land before closing.
                    set_timeout(move || open.set(false), std::time::Duration::from_millis(200));
                    forget_return_point();
                }
                on:keydown=on_keydown
            />
            // Without JavaScript the form searches the docs of the version being read.
            {move || version_of_route(&location.pathname.get()).map(|version| view! {
                <input type="hidden" name="v" value=version.to_owned()/>
            })}
            <kbd class="search-kbd" aria-hidden="true">"Ctrl K"</kbd>
            <Show when=has_options>
                <div class="search-results" id=RESULTS_ID role="listbox" aria-label=tr!(search.results) aria-busy=move || pending.get().to_string()>
                    {
                        let go = go.clone();
                        move || results.get().map(|found| {
                            let go = go.clone();
                            view! { <ResultList found selected go/> }
                        })
                    }
                </div>
            </Show>
            // "No results" is a status message, not an option of the list.
            <Show when=move || open.get() && results.with(|r| r.as_ref().is_some_and(|r| r.hits.is_empty()))>
                <p class="search-results search-empty" role="status">{move || results.get().map(empty_message)}</p>
            </Show>
        </form>
    }
}

#[component]
fn ResultList<F>(found: SearchResults, selected: RwSignal<usize>, go: F) -> impl IntoView
where
    F: Fn(String) + Clone + Send + Sync + 'static,
{
    let version = found.version.clone();
    found
        .hits
        .into_iter()
        .enumerate()
        .map(|(index, hit)| {
            let version = version.clone();
            let href = hit.href();
            let go = go.clone();
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
                        go(href.clone());
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
