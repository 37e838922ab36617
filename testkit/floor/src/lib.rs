//! A minimal Leptos 0.8 app of Leptra's shape (see `Cargo.toml`): what its
//! bundle weighs is the floor under the site's own.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One item of the list the server function answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Item {
    /// Its name.
    pub name: String,
    /// A count.
    pub stars: u64,
    /// An optional text.
    pub description: Option<String>,
}

/// A read-only server function, as the site's are (GET, JSON answer).
#[server(endpoint = "items", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_items(user: String) -> Result<Vec<Item>, ServerFnError> {
    Ok(vec![Item { name: user, stars: 1, description: None }])
}

/// A counter: a signal and an event handler.
#[cfg(not(feature = "islands"))]
#[component]
fn Home() -> impl IntoView {
    let count = RwSignal::new(0);
    view! { <button on:click=move |_| count.update(|c| *c += 1)>{count}</button> }
}

/// The one island: a counter, and a list the server function fills on a click.
#[cfg(feature = "islands")]
#[island]
fn Home() -> impl IntoView {
    let count = RwSignal::new(0);
    let items = RwSignal::new(Vec::<Item>::new());
    let on_click = move |_| {
        count.update(|c| *c += 1);
        leptos::task::spawn_local(async move {
            if let Ok(found) = get_items("a".into()).await {
                items.set(found);
            }
        });
    };
    view! {
        <button on:click=on_click>{count}</button>
        <ul>{move || items.get().into_iter().map(|i| view! { <li>{i.name} " " {i.stars}</li> }).collect_view()}</ul>
    }
}

/// A list from the server function, as the site's pages get their data
/// (`app::page_data`): a signal that a call fills, no `Resource`.
#[cfg(not(any(feature = "resource", feature = "islands")))]
#[component]
fn User(name: Signal<String>) -> impl IntoView {
    let items = RwSignal::new(Vec::<Item>::new());
    Effect::new(move |_| {
        let name = name.get();
        leptos::task::spawn_local(async move {
            if let Ok(found) = get_items(name).await {
                items.set(found);
            }
        });
    });
    view! {
        <ul>{move || items.get().into_iter().map(|i| view! { <li>{i.name} " " {i.stars}</li> }).collect_view()}</ul>
    }
}

/// A list from the server function, through a `Resource` under `Suspense`.
#[cfg(feature = "resource")]
#[component]
fn User(name: Signal<String>) -> impl IntoView {
    let items = Resource::new(move || name.get(), get_items);
    view! {
        <Suspense fallback=|| "Loading">
            {move || Suspend::new(async move {
                items.await.map(|items| items.into_iter().map(|i| view! { <li>{i.name} " " {i.stars}</li> }).collect_view())
            })}
        </Suspense>
    }
}

/// The shell: a title, links and two pages chosen by the path, as Leptra's `app::router`
/// does: a signal of the path, set by a click on a link.
#[cfg(not(any(feature = "router", feature = "islands")))]
#[component]
fn App() -> impl IntoView {
    leptos_meta::provide_meta_context();
    let path = RwSignal::new(window().location().pathname().unwrap_or_default());
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        use wasm_bindgen::JsCast;
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a").ok().flatten());
        if let Some(link) = link.and_then(|l| l.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
            ev.prevent_default();
            let _ = window().history().map(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link.pathname())));
            path.set(link.pathname());
        }
    });
    let name = Signal::derive(move || path.get().trim_start_matches("/user/").to_owned());
    view! {
        <leptos_meta::Title text="floor"/>
        <nav><a href="/">"Home"</a> <a href="/user/a">"User"</a></nav>
        {move || if path.get().starts_with("/user/") { view! { <User name/> }.into_any() } else { view! { <Home/> }.into_any() }}
    }
}

/// The shell with leptos_router: a title, links and two routes.
#[cfg(feature = "router")]
#[component]
fn App() -> impl IntoView {
    use leptos_router::{
        components::{Route, Router, Routes, A},
        hooks::use_params_map,
        path,
    };
    leptos_meta::provide_meta_context();
    let user = move || {
        let params = use_params_map();
        view! { <User name=Signal::derive(move || params.read().get("name").unwrap_or_default())/> }
    };
    view! {
        <leptos_meta::Title text="floor"/>
        <Router>
            <nav><A href="/">"Home"</A> <A href="/user/a">"User"</A></nav>
            <Routes fallback=|| "Not found">
                <Route path=path!("/") view=Home/>
                <Route path=path!("/user/:name") view=user/>
            </Routes>
        </Router>
    }
}

/// The entry point the JS glue calls.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[cfg(feature = "islands")]
    leptos::mount::hydrate_islands();
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_body(App);
}
