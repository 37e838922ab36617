//! The docs sidebar: the active page highlighted, groups collapsible, and
//! collapsed groups loaded only when opened (so big sites stay small).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_location};

use super::DocsLocale;
use crate::{docs::model::SidebarItem, locale::Locale, server::docs::get_sidebar_folder};

/// The sidebar's tree.
#[component]
pub fn Sidebar(items: Vec<SidebarItem>) -> impl IntoView {
    view! {
        <nav class="sidebar" aria-label=crate::tr!(docs.sidebar)>
            <ul class="sidebar-list">{items.into_iter().map(item).collect_view()}</ul>
        </nav>
    }
}

fn item(item: SidebarItem) -> AnyView {
    match item {
        SidebarItem::Page { title, href } => view! {
            <li><A href=href exact=true attr:class="sidebar-link">{title}</A></li>
        }
        .into_any(),
        SidebarItem::Separator { title } => view! { <li class="sidebar-separator">{title}</li> }.into_any(),
        SidebarItem::External { title, href } => view! {
            <li><a class="sidebar-link" href=href target="_blank" rel="noopener">{title} " ↗"</a></li>
        }
        .into_any(),
        SidebarItem::Folder { title, href, path, children } => view! { <Folder title href path children/> }.into_any(),
    }
}

/// A collapsible group; opens by itself when the current page is inside it.
#[component]
fn Folder(title: String, href: Option<String>, path: String, children: Option<Vec<SidebarItem>>) -> impl IntoView {
    let open = RwSignal::new(children.is_some());
    let entries = RwSignal::new(children);
    open_when_inside(path.clone(), open);
    load_when_opened(path, open, entries);
    let toggle_label = {
        let locale = crate::locale::use_locale();
        let title = title.clone();
        move || crate::tr_in!(locale.get(), docs.toggle_group, name = title.clone())
    };
    let label = match href {
        Some(href) => view! { <A href=href exact=true attr:class="sidebar-link folder-link">{title}</A> }.into_any(),
        None => view! { <span class="folder-title">{title}</span> }.into_any(),
    };
    view! {
        <li class="sidebar-folder" class:open=move || open.get()>
            <div class="folder-row">
                {label}
                <button
                    type="button"
                    class="folder-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-label=toggle_label
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    "›"
                </button>
            </div>
            <Show when=move || open.get()>
                {move || entries.get().map(|items| view! {
                    <ul class="sidebar-list">{items.into_iter().map(item).collect_view()}</ul>
                })}
            </Show>
        </li>
    }
}

/// Opens the group at `path` when navigation lands inside it.
fn open_when_inside(path: String, open: RwSignal<bool>) {
    let location = use_location();
    Effect::new(move |_| {
        let current = location.pathname.get();
        if current == path || current.starts_with(&format!("{path}/")) {
            open.set(true);
        }
    });
}

/// Loads the group's entries from the server the first time it is open
/// without them.
fn load_when_opened(path: String, open: RwSignal<bool>, entries: RwSignal<Option<Vec<SidebarItem>>>) {
    let locale = use_context::<DocsLocale>().map_or(Locale::default(), |l| l.0);
    let loading = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() && entries.with(Option::is_none) && !loading.get_untracked() {
            loading.set(true);
            let path = path.clone();
            spawn_local(async move {
                if let Ok(items) = get_sidebar_folder(locale, path).await {
                    entries.set(Some(items));
                }
                loading.set(false);
            });
        }
    });
}
