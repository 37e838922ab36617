//! A minimal Leptos 0.8 app of Leptra's shape (see `Cargo.toml`): what its
//! bundle weighs is the floor under the site's own.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_params_map,
    path,
};
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

/// The shell: a title, links and two routes.
#[component]
fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="floor"/>
        <Router>
            <nav><A href="/">"Home"</A> <A href="/user/a">"User"</A></nav>
            <Routes fallback=|| "Not found">
                <Route path=path!("/") view=Home/>
                <Route path=path!("/user/:name") view=User/>
            </Routes>
        </Router>
    }
}

/// A counter: a signal and an event handler.
#[component]
fn Home() -> impl IntoView {
    let count = RwSignal::new(0);
    view! { <button on:click=move |_| count.update(|c| *c += 1)>{count}</button> }
}

/// A list from the server function.
#[component]
fn User() -> impl IntoView {
    let params = use_params_map();
    let items = Resource::new(move || params.read().get("name").unwrap_or_default(), get_items);
    view! {
        <Suspense fallback=|| "Loading">
            {move || Suspend::new(async move {
                items.await.map(|items| items.into_iter().map(|i| view! { <li>{i.name} " " {i.stars}</li> }).collect_view())
            })}
        </Suspense>
    }
}

/// The entry point the JS glue calls.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
