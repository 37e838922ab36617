//! `/`: the landing page.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::site;
use leptos_router::components::A;

/// What Leptra is, and where to go next.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=""/>
        <Meta name="description" content=site::DESCRIPTION/>
        <section class="hero">
            <h1>"Documentation sites and server-side data, in Rust."</h1>
            <p class="hero-lead">
                "Leptra renders every page on the server with Leptos, hydrates it in the browser, "
                "and moves between pages without reloading. Write Markdown for your docs; "
                "write server functions for your data."
            </p>
            <p class="hero-actions">
                <A href="/docs" attr:class="button primary">"Read the docs"</A>
                <A href="/repos" attr:class="button">"List a GitHub user's repositories"</A>
            </p>
        </section>
    }
}
