//! Breadcrumbs and previous/next links.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{docs::model::NavLink, tr};

/// Where the page sits: the docs root and its ancestor groups.
#[component]
pub fn Breadcrumb(items: Vec<NavLink>) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label=tr!(docs.breadcrumb)>
            {items
                .into_iter()
                .map(|link| view! { <A href=link.href>{link.title}</A><span class="crumb-sep" aria-hidden="true">"›"</span> })
                .collect_view()}
        </nav>
    }
}

/// Previous and next pages in sidebar order.
#[component]
pub fn Pagination(prev: Option<NavLink>, next: Option<NavLink>) -> impl IntoView {
    view! {
        <nav class="pagination" aria-label=tr!(docs.pages)>
            {prev.map(|link| view! {
                <A href=link.href attr:class="pagination-prev" attr:rel="prev">
                    <span class="pagination-label">{tr!(docs.previous)}</span>
                    <span class="pagination-title">{link.title}</span>
                </A>
            })}
            {next.map(|link| view! {
                <A href=link.href attr:class="pagination-next" attr:rel="next">
                    <span class="pagination-label">{tr!(docs.next)}</span>
                    <span class="pagination-title">{link.title}</span>
                </A>
            })}
        </nav>
    }
}
